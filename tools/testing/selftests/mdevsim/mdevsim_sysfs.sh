#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mdevsim control plane: module parameter, new_device/del_device, mdev types
# and capacity, per-device attributes, fault knobs, parent removal and the
# MDEV_STATE uevent. Contract: Documentation/admin-guide/zmdev/
# mdevsim-interface.rst.

. "$(dirname "$0")/mdevsim_lib.sh"

P=40		# main parent used by most cases
Q=41		# small parent for capacity cases

cleanup()
{
	unload_module >/dev/null 2>&1
	mst_lib_cleanup
}
trap cleanup EXIT
TAB=$(printf '\t')
BEL=$(printf '\007')
HIGH=$(printf '\377')

# 1. Module load ------------------------------------------------------

case_1_1()
{
	load_module nr_parents=3 || { fail "modprobe nr_parents=3"; return 1; }
	for id in 0 1 2; do
		expect_exists "$BUS/devices/mdevsim$id" || return 1
		expect_exists "$CLASS/mdevsim$id" || return 1
		tdir $id small
		expect_exists "$MST_TD" || return 1
	done
	expect_absent "$BUS/devices/mdevsim3"
}

case_1_2()
{
	unload_module || { fail "unload"; return 1; }
	modprobe_res mdevsim nr_parents=17
	[ "$MST_RES" = EINVAL ] ||
		{ fail "modprobe nr_parents=17: got $MST_RES, want EINVAL"; return 1; }
	expect_absent "$BUS/devices/mdevsim0"
}

case_1_3()
{
	unload_module
	load_module || { fail "modprobe"; return 1; }
	expect_exists "$BUS/devices/mdevsim0" || return 1
	expect_absent "$BUS/devices/mdevsim1" || return 1
	unload_module
	load_module nr_parents=0 || { fail "modprobe nr_parents=0"; return 1; }
	expect_absent "$BUS/devices/mdevsim0"
}

# 2. new_device / del_device -------------------------------------------

case_2_1()
{
	new_parent $P || return 1
	expect_exists "$BUS/devices/mdevsim$P" || return 1
	expect_exists "$CLASS/mdevsim$P" || return 1
	tdir $P small
	expect_exists "$MST_TD/create" || return 1
	tdir $P large
	expect_exists "$MST_TD/create" || return 1
	expect_avail $P 16 4
}

case_2_2()
{
	expect_wr "$BUS/new_device" "$P" EEXIST || return 1
	expect_wr "$BUS/new_device" "$P 4" EEXIST || return 1
	expect_avail $P 16 4
}

case_2_3()
{
	for bad in "abc" "-1" "1024" "99999999999" "42 0" "42 1025" "42 -4" \
		   "42 4 7" "42x" "42 abc" "0x2a 1q"; do
		expect_wr "$BUS/new_device" "$bad" EINVAL || return 1
	done
	expect_absent "$BUS/devices/mdevsim42"
}

case_2_4()
{
	new_parent 1023 1024 || return 1
	expect_avail 1023 1024 256 || return 1
	del_parent 1023 || return 1
	expect_absent "$BUS/devices/mdevsim1023" || return 1
	expect_absent "$CLASS/mdevsim1023"
}

case_2_5()
{
	expect_wr "$BUS/del_device" 999 ENOENT || return 1
	new_parent 43 || return 1
	del_parent 43 || return 1
	expect_wr "$BUS/del_device" 43 ENOENT
}

# 3. Types and capacity -----------------------------------------------

case_3_1()
{
	tdir $P small; d=$MST_TD
	expect_val "$d/name" "mdevsim small" || return 1
	expect_val "$d/description" "1 unit, 64 KiB copy limit" || return 1
	expect_val "$d/device_api" "vfio-pci" || return 1
	tdir $P large; d=$MST_TD
	expect_val "$d/name" "mdevsim large" || return 1
	expect_val "$d/description" "4 units, 1 MiB copy limit" || return 1
	expect_val "$d/device_api" "vfio-pci" || return 1
	expect_exists /sys/bus/mdev/drivers/mdevsim_mdev
}

case_3_2()
{
	new_uuid; u1=$MST_UUID; new_uuid; u2=$MST_UUID; new_uuid; u3=$MST_UUID; new_uuid; u4=$MST_UUID
	create_mdev $P large "$u1" || return 1
	expect_avail $P 12 3 || return 1
	create_mdev $P small "$u2" || return 1
	create_mdev $P small "$u3" || return 1
	create_mdev $P small "$u4" || return 1
	expect_avail $P 9 2 || return 1
	expect_exists "$MDEVS/$u1" || return 1
	remove_mdev "$u1" || return 1
	expect_absent "$MDEVS/$u1" || return 1
	expect_avail $P 13 3 || return 1
	for u in "$u2" "$u3" "$u4"; do
		remove_mdev "$u" || return 1
	done
	expect_avail $P 16 4
}

case_3_3()
{
	new_parent $Q 6 || return 1
	expect_avail $Q 6 1 || return 1
	new_uuid; u1=$MST_UUID; new_uuid; u2=$MST_UUID; new_uuid; u3=$MST_UUID; new_uuid; u4=$MST_UUID
	create_mdev $Q large "$u1" || return 1
	expect_avail $Q 2 0 || return 1
	create_mdev $Q large "$u2" EUSERS || return 1
	expect_absent "$MDEVS/$u2" || return 1
	expect_avail $Q 2 0 || return 1
	debugfs_ready || return 1
	expect_val "$DBG/mdevsim$Q/units_used" 4 || return 1
	create_mdev $Q small "$u2" || return 1
	create_mdev $Q small "$u3" || return 1
	create_mdev $Q small "$u4" EUSERS || return 1
	expect_avail $Q 0 0 || return 1
	remove_mdev "$u1" || return 1
	expect_avail $Q 4 1 || return 1
	# Another parent's pool is separate.
	expect_avail $P 16 4
}

case_3_4()
{
	tdir $P small; d=$MST_TD
	for bad in "not-a-uuid" "12345678-1234-1234-1234-1234567890" \
		   "12345678-1234-1234-1234-1234567890abcd"; do
		expect_wr "$d/create" "$bad" EINVAL || return 1
	done
	expect_avail $P 16 4 || return 1
	new_uuid; u=$MST_UUID
	create_mdev $P small "$u" || return 1
	create_mdev $P small "$u" EEXIST || return 1
	create_mdev $P large "$u" EEXIST || return 1
	create_mdev $Q small "$u" EEXIST || return 1
	expect_avail $P 15 3 || return 1
	remove_mdev "$u" || return 1
	expect_avail $P 16 4
}

# 4. Per-device attributes --------------------------------------------

U=
case_4_0()
{
	new_uuid; U=$MST_UUID
	create_mdev $P small "$U" || return 1
	expect_val "$MDEVS/$U/label" "" || return 1
	expect_num "$MDEVS/$U/copy_limit" 65536 || return 1
	expect_exists "/sys/bus/mdev/drivers/mdevsim_mdev/$U" || return 1
	expect_val "$MDEVS/$U/irq_mode" "auto"
}

case_4_1()
{
	a=$MDEVS/$U/label
	expect_wr "$a" "hello world" OK || return 1
	expect_val "$a" "hello world" || return 1
	# A trailing newline is stripped (echo adds one).
	echo "tagged" > "$a" || { fail "echo to label"; return 1; }
	expect_val "$a" "tagged" || return 1
	expect_wr "$a" "0123456789abcdef0123456789ABCDEF" OK || return 1
	expect_val "$a" "0123456789abcdef0123456789ABCDEF" || return 1
	expect_wr "$a" "0123456789abcdef0123456789ABCDEFX" EINVAL || return 1
	expect_wr "$a" "tab$TAB" EINVAL || return 1
	expect_wr "$a" "bell$BEL" EINVAL || return 1
	expect_wr "$a" "hi$HIGH" EINVAL || return 1
	expect_val "$a" "0123456789abcdef0123456789ABCDEF" || return 1
	expect_wr "$a" "~ !#{}" OK || return 1
	expect_val "$a" "~ !#{}"
}

case_4_2()
{
	a=$MDEVS/$U/copy_limit
	expect_wr "$a" 512 OK || return 1
	expect_num "$a" 512 || return 1
	expect_wr "$a" 0x1000 OK || return 1
	expect_num "$a" 4096 || return 1
	expect_wr "$a" 65536 OK || return 1
	for bad in 0 256 511 513 1000 131072 -512 abc 0x 4096x ""; do
		[ -n "$bad" ] || continue
		expect_wr "$a" "$bad" EINVAL || return 1
	done
	expect_num "$a" 65536 || return 1
	# The large type's range reaches 1 MiB.
	new_uuid; u=$MST_UUID
	create_mdev $P large "$u" || return 1
	expect_num "$MDEVS/$u/copy_limit" 1048576 || return 1
	expect_wr "$MDEVS/$u/copy_limit" 131072 OK || return 1
	expect_wr "$MDEVS/$u/copy_limit" 2097152 EINVAL || return 1
	expect_num "$MDEVS/$u/copy_limit" 131072 || return 1
	remove_mdev "$u"
}

case_4_3()
{
	a=$MDEVS/$U/irq_mode
	for m in intx msi none auto; do
		expect_wr "$a" "$m" OK || return 1
		expect_val "$a" "$m" || return 1
	done
	echo msi > "$a" || { fail "echo msi"; return 1; }
	expect_val "$a" msi || return 1
	for bad in bogus msix "auto auto" 1; do
		expect_wr "$a" "$bad" EINVAL || return 1
	done
	expect_val "$a" msi
}

# 5. Fault knobs ------------------------------------------------------

case_5_1()
{
	debugfs_ready || return 1
	new_uuid; u=$MST_UUID
	avail $P small; before=$MST_VAL
	expect_wr "$DBG/mdevsim$P/fail_create" 1 OK || return 1
	create_mdev $P small "$u" EIO || return 1
	expect_absent "$MDEVS/$u" || return 1
	avail $P small
	[ "$MST_VAL" = "$before" ] || { fail "available_instances $MST_VAL, was $before"; return 1; }
	create_mdev $P small "$u" || return 1
	remove_mdev "$u" || return 1
	# N counts down once per failure.
	expect_wr "$DBG/mdevsim$P/fail_create" 2 OK || return 1
	create_mdev $P large "$u" EIO || return 1
	create_mdev $P small "$u" EIO || return 1
	expect_val "$DBG/mdevsim$P/fail_create" 0 || return 1
	create_mdev $P large "$u" || return 1
	remove_mdev "$u"
}

case_5_2()
{
	debugfs_ready || return 1
	expect_wr "$DBG/mdevsim$P/fail_open" 1 OK || return 1
	r=$("$MST_HELPER" open "$U" "$MST_OPEN")
	[ "$r" = EIO ] || { fail "open with fail_open=1 gave $r"; return 1; }
	r=$("$MST_HELPER" open "$U" "$MST_OPEN")
	[ "$r" = OK ] || { fail "open after the knob was spent gave $r"; return 1; }
	r=$("$MST_HELPER" open "$U" legacy)
	[ "$r" = OK ] || { fail "legacy open gave $r"; return 1; }
}

case_5_3()
{
	debugfs_ready || return 1
	expect_val "$DBG/mdevsim$P/units_used" 1 || return 1
	# A read-only debugfs u32: the write is refused with EACCES, even
	# for root.
	expect_wr "$DBG/mdevsim$P/units_used" 5 EACCES || return 1
	expect_val "$DBG/mdevsim$P/units_used" 1
}

case_5_4()
{
	debugfs_ready || return 1
	rd "$DBG/live_objects"; base=$MST_VAL
	avail $P small; ps=$MST_VAL
	expect_val "$DBG/fail_register" 0 || return 1
	# The probe fails where mdev_register_parent() would: EIO to the
	# writer, nothing of the parent left, the ID free again.
	expect_wr "$DBG/fail_register" 2 OK || return 1
	expect_wr "$BUS/new_device" "46 4" EIO || return 1
	expect_wr "$BUS/new_device" 46 EIO || return 1
	expect_val "$DBG/fail_register" 0 || return 1
	expect_absent "$BUS/devices/mdevsim46" || return 1
	expect_absent "$CLASS/mdevsim46" || return 1
	expect_absent "$DBG/mdevsim46" || return 1
	expect_val "$DBG/live_objects" "$base" || return 1
	expect_wr "$BUS/del_device" 46 ENOENT || return 1
	# The bus and the other parents are untouched and usable.
	avail $P small
	[ "$MST_VAL" = "$ps" ] || { fail "mdevsim$P small: $MST_VAL, was $ps"; return 1; }
	new_parent 46 4 || return 1
	expect_avail 46 4 1 || return 1
	new_uuid; u=$MST_UUID
	create_mdev 46 large "$u" || return 1
	r=$("$MST_HELPER" open "$u" "$MST_OPEN")
	[ "$r" = OK ] || { fail "open on the re-created parent gave $r"; return 1; }
	remove_mdev "$u" || return 1
	del_parent 46 || return 1
	expect_val "$DBG/live_objects" "$base"
}

# 6. Removing a parent with live mdevs ---------------------------------

case_6_1()
{
	debugfs_ready || return 1
	rd "$DBG/live_objects"; base=$MST_VAL
	new_parent 44 || return 1
	new_uuid; u1=$MST_UUID; new_uuid; u2=$MST_UUID
	create_mdev 44 small "$u1" || return 1
	create_mdev 44 large "$u2" || return 1
	del_parent 44 || return 1
	expect_absent "$MDEVS/$u1" || return 1
	expect_absent "$MDEVS/$u2" || return 1
	expect_absent "$CLASS/mdevsim44" || return 1
	expect_absent "$BUS/devices/mdevsim44" || return 1
	expect_absent "$DBG/mdevsim44" || return 1
	expect_val "$DBG/live_objects" "$base"
}

# 7. MDEV_STATE uevents -----------------------------------------------

case_7_1()
{
	out=$("$MST_HELPER" uevent "$BUS/new_device" 45)
	echo "$out" | grep -q "^write: OK" || { fail "new_device 45: $out"; return 1; }
	echo "$out" | grep "ACTION=change" | grep "DEVPATH=[^ ]*/mdevsim45 " |
		grep -q "MDEV_STATE=registered" ||
		{ fail "no change uevent with MDEV_STATE=registered: $out"; return 1; }
	n=$(echo "$out" | grep "MDEV_STATE=registered" | grep -c "/mdevsim45 ")
	[ "$n" = 1 ] || { fail "$n MDEV_STATE=registered uevents, want 1"; return 1; }
}

case_7_2()
{
	out=$("$MST_HELPER" uevent "$BUS/del_device" 45)
	echo "$out" | grep -q "^write: OK" || { fail "del_device 45: $out"; return 1; }
	echo "$out" | grep "ACTION=change" | grep "DEVPATH=[^ ]*/mdevsim45 " |
		grep -q "MDEV_STATE=unregistered" ||
		{ fail "no change uevent with MDEV_STATE=unregistered: $out"; return 1; }
}

# 8. Teardown ---------------------------------------------------------

case_8_1()
{
	remove_mdev "$U" || return 1
	expect_absent "$MDEVS/$U" || return 1
	expect_avail $P 16 4 || return 1
	debugfs_ready || return 1
	expect_val "$DBG/mdevsim$P/units_used" 0
}

case_8_2()
{
	new_uuid; u=$MST_UUID
	create_mdev $P large "$u" || return 1
	rmmod mdevsim || { fail "rmmod with live mdevs"; return 1; }
	expect_absent "$MDEVS/$u" || return 1
	expect_absent "$BUS" || return 1
	expect_absent "$CLASS/mdevsim$P"
}

# ---------------------------------------------------------------------

ktap_print_header
need_helper
need_module
unload_module >/dev/null 2>&1

ktap_set_plan 25
# Covers: MDEV-01 MTTY-MOD-01
run_case "1.1. nr_parents=3 creates mdevsim0..2" case_1_1
# Covers: MDEV-01 MTTY-MOD-01
run_case "1.2. nr_parents=17 is refused" case_1_2
# Covers: MDEV-01 MTTY-MOD-01
run_case "1.3. default is one parent, nr_parents=0 none" case_1_3
# Covers: MDEV-01 MTTY-MOD-01
run_case "2.1. new_device creates a parent with both types" case_2_1
# Covers: MDEV-01
run_case "2.2. new_device with an ID in use fails with EEXIST" case_2_2
# Covers: MDEV-01
run_case "2.3. malformed new_device input fails with EINVAL" case_2_3
# Covers: MDEV-01
run_case "2.4. largest ID and capacity" case_2_4
# Covers: MDEV-01
run_case "2.5. del_device of an unknown ID fails with ENOENT" case_2_5
# Covers: MDEV-01 MDEV-02 MTTY-MOD-02
run_case "3.1. type name, description, device_api" case_3_1
# Covers: MDEV-02 MDEV-03 bug-M1 MTTY-MOD-03
run_case "3.2. available_instances follows creates and removes" case_3_2
# Covers: MDEV-02 MDEV-03 bug-M1 MTTY-MOD-03
run_case "3.3. create beyond capacity fails with EUSERS, pool unchanged" case_3_3
# Covers: MDEV-03
run_case "3.4. bad and duplicate UUIDs are refused" case_3_4
# Covers: MDEV-02 MTTY-MOD-04
run_case "4.0. attribute defaults" case_4_0
# Covers: MDEV-02 MTTY-MOD-04
run_case "4.1. label" case_4_1
# Covers: MDEV-02 MTTY-MOD-04
run_case "4.2. copy_limit" case_4_2
# Covers: MDEV-02 MTTY-MOD-04
run_case "4.3. irq_mode" case_4_3
# Covers: MDEV-03
run_case "5.1. fail_create makes the next creates fail with EIO" case_5_1
# Covers: MDEV-04
run_case "5.2. fail_open makes the next open fail with EIO" case_5_2
# Covers: MDEV-02
run_case "5.3. units_used is read-only and exact" case_5_3
# Covers: MDEV-01
run_case "5.4. fail_register: a failed registration leaves the bus usable" case_5_4
# Covers: MDEV-01 MDEV-04
run_case "6.1. del_device removes the parent's mdevs" case_6_1
# Covers: MDEV-01 bug-M4
run_case "7.1. registering a parent emits MDEV_STATE=registered" case_7_1
# Covers: MDEV-01 bug-M4
run_case "7.2. unregistering emits MDEV_STATE=unregistered" case_7_2
# Covers: MDEV-02 bug-M1
run_case "8.1. removing the last mdev empties the pool" case_8_1
# Covers: MDEV-01 bug-M2
run_case "8.2. module unloads with parents and mdevs present" case_8_2
ktap_finished

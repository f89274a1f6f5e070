#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Many create/remove and open/close cycles must leak nothing: mdevsim's own
# live object count returns to where it started, available_instances too,
# and kmemleak finds nothing allocated by mdevsim.

. "$(dirname "$0")/mdevsim_lib.sh"

P=48
# Several hundred cycles by default (the contract); MDEVSIM_LEAK_CYCLES changes it.
CYCLES=${MDEVSIM_LEAK_CYCLES:-300}
# The slower cases (failed creates, parent removal, VFIO opens) run fewer times.
SHORT=$(((CYCLES + 5) / 6))
[ "$SHORT" -le 20 ] || SHORT=20
KMEMLEAK=/sys/kernel/debug/kmemleak

cleanup()
{
	[ -z "$UO" ] || wr "$MDEVS/$UO/remove" 1
	module_loaded && wr "$BUS/del_device" 49
	module_loaded && wr "$BUS/del_device" $P
	[ -z "$MST_LOADED_HERE" ] || unload_module >/dev/null 2>&1
	mst_lib_cleanup
}
trap cleanup EXIT

# Create and remove mdevs of both types; the builtins keep this fast.
case_1()
{
	i=0
	tdir $P small; t=$MST_TD
	tdir $P large; T=$MST_TD
	while [ $i -lt "$CYCLES" ]; do
		read -r u < /proc/sys/kernel/random/uuid
		if [ $((i % 3)) -eq 0 ]; then d=$T; else d=$t; fi
		echo "$u" > "$d/create" || { fail "create #$i"; return 1; }
		echo 1 > "$MDEVS/$u/remove" || { fail "remove #$i"; return 1; }
		i=$((i + 1))
	done
	expect_avail $P 16 4 || return 1
	expect_val "$DBG/live_objects" "$BASE"
}

# Failed creates (capacity, fault knob) must not leak either.
case_2()
{
	i=0
	tdir $P small; t=$MST_TD
	while [ $i -lt "$SHORT" ]; do
		read -r u < /proc/sys/kernel/random/uuid
		echo 1 > "$DBG/mdevsim$P/fail_create"
		wr "$t/create" "$u"
		[ "$MST_RES" = EIO ] || { fail "fail_create gave $MST_RES"; return 1; }
		i=$((i + 1))
	done
	expect_val "$DBG/live_objects" "$BASE" || return 1
	expect_avail $P 16 4
}

# Parents with live mdevs, removed through del_device.
case_3()
{
	i=0
	tdir 49 large; T=$MST_TD
	while [ $i -lt "$SHORT" ]; do
		echo 49 > "$BUS/new_device" || { fail "new_device #$i"; return 1; }
		read -r u < /proc/sys/kernel/random/uuid
		echo "$u" > "$T/create" || { fail "create #$i"; return 1; }
		echo 49 > "$BUS/del_device" || { fail "del_device #$i"; return 1; }
		i=$((i + 1))
	done
	expect_absent "$MDEVS/$u" || return 1
	expect_val "$DBG/live_objects" "$BASE"
}

# Open/close through each VFIO path the kernel has, with DMA, eventfds
# and a copy.
UO=
case_4()
{
	new_uuid; UO=$MST_UUID
	create_mdev $P small "$UO" || return 1
	if [ "$MST_OPEN" = cdev ]; then
		r=$("$MST_HELPER" open "$UO" cdev "$SHORT")
		[ "$r" = OK ] || { fail "cdev open cycles: $r"; return 1; }
	else
		echo "# no /dev/iommu: kernel without VFIO cdev, legacy path only"
	fi
	r=$("$MST_HELPER" open "$UO" legacy "$SHORT")
	[ "$r" = OK ] || { fail "legacy open cycles: $r"; return 1; }
	remove_mdev "$UO" || return 1
	UO=
	expect_val "$DBG/live_objects" "$BASE" || return 1
	expect_avail $P 16 4
}

case_5()
{
	# The project's test kernels have kmemleak; stock kernels do not.
	# The same rule as vfio_ccw_teardown.sh's: skip only where debugfs
	# is there (mdevsim's own directory is) without the file; a
	# missing debugfs is a broken setup and fails below.
	if [ -d "$DBG" ] && [ ! -e "$KMEMLEAK" ]; then
		echo "# SKIP: no $KMEMLEAK: kernel without DEBUG_KMEMLEAK"
		return "$KSFT_SKIP"
	fi
	[ -w "$KMEMLEAK" ] || { fail "$KMEMLEAK is not writable"; return 1; }
	# kmemleak ignores objects younger than 5 s; let ours age that long.
	now=$(date +%s)
	left=$((START + 6 - now))
	[ $left -le 0 ] || sleep $left
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	n=$(echo "$report" | grep -c "unreferenced object")
	echo "# kmemleak: $n unreferenced objects in total"
	if echo "$report" | grep -q mdevsim; then
		echo "$report" | sed 's/^/# /' | head -60
		fail "kmemleak reports objects allocated by mdevsim"
		return 1
	fi
	return 0
}

ktap_print_header
need_helper
need_module
[ -r "$DBG/live_objects" ] || ktap_exit_fail_msg "$DBG/live_objects is missing"
# Forget whatever kmemleak found before this test.
[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
wr "$BUS/del_device" $P
wr "$BUS/new_device" $P
[ "$MST_RES" = OK ] || ktap_exit_fail_msg "new_device $P: $MST_RES"
START=$(date +%s)
# The parent itself is part of the baseline.
rd "$DBG/live_objects"; BASE=$MST_VAL
ktap_print_msg "live_objects at start: $BASE, $CYCLES cycles"

ktap_set_plan 5
# Covers: MDEV-03 bug-M2
run_case "1. $CYCLES create/remove cycles" case_1
# Covers: MDEV-03 bug-M2
run_case "2. $SHORT failed creates" case_2
# Covers: MDEV-01 bug-M2
run_case "3. $SHORT del_device with live mdevs" case_3
# Covers: MDEV-04 bug-M3
run_case "4. $SHORT VFIO open/close cycles on each path" case_4
# Covers: bug-M2
run_case "5. kmemleak finds nothing from mdevsim" case_5
ktap_finished

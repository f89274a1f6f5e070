#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The unmodified distribution mdevctl against mdevsim: types, persistent
# definitions with attributes, start/list/modify/stop/undefine, and a start
# that fails on a bad attribute without leaving a device behind (mdevctl
# removes the half-started device, which needs the kernel to refuse the
# write with an error).

. "$(dirname "$0")/mdevsim_lib.sh"

MDEVCTL=${MDEVCTL:-/usr/sbin/mdevctl}
P=46
PARENT=mdevsim$P
U1=
U2=

cleanup()
{
	for u in $U1 $U2; do
		"$MDEVCTL" stop -u "$u" >/dev/null 2>&1
		"$MDEVCTL" undefine -u "$u" >/dev/null 2>&1
	done
	[ -z "$MST_LOADED_HERE" ] || unload_module >/dev/null 2>&1
	[ -z "$MST_LOADED_HERE" ] || rm -rf "/etc/mdevctl.d/$PARENT"
	module_loaded && wr "$BUS/del_device" $P
	mst_lib_cleanup
}
trap cleanup EXIT

mdevctl_ok()
{
	out=$("$MDEVCTL" "$@" 2>&1) && return 0
	fail "mdevctl $*: $out"
}

case_1()
{
	out=$("$MDEVCTL" types 2>&1) || { fail "mdevctl types: $out"; return 1; }
	echo "$out" | grep -q "^$PARENT" || { fail "no $PARENT in: $out"; return 1; }
	echo "$out" | grep -q "mdevsim-small" || { fail "no mdevsim-small"; return 1; }
	echo "$out" | grep -q "mdevsim-large" || { fail "no mdevsim-large"; return 1; }
	echo "$out" | grep -q "Name: mdevsim small" || { fail "no small name"; return 1; }
	echo "$out" | grep -q "Device API: vfio-pci" || { fail "no device api"; return 1; }
	echo "$out" | grep -q "Available instances: 16" || { fail "no instance count"; return 1; }
	echo "$out" | grep -q "Description: 4 units, 1 MiB copy limit" ||
		{ fail "no large description"; return 1; }
	return 0
}

case_2()
{
	new_uuid; U1=$MST_UUID
	mdevctl_ok define -u "$U1" -p "$PARENT" -t mdevsim-small || return 1
	mdevctl_ok modify -u "$U1" --addattr=label --value=from-mdevctl || return 1
	mdevctl_ok modify -u "$U1" --addattr=copy_limit --value=0x2000 || return 1
	expect_exists "/etc/mdevctl.d/$PARENT/$U1" || return 1
	expect_absent "$MDEVS/$U1" || return 1
	out=$("$MDEVCTL" list --defined 2>&1)
	echo "$out" | grep "$U1" | grep "$PARENT" | grep -q "mdevsim-small" ||
		{ fail "list --defined: $out"; return 1; }
	return 0
}

case_3()
{
	mdevctl_ok start -u "$U1" || return 1
	expect_exists "$MDEVS/$U1" || return 1
	expect_val "$MDEVS/$U1/label" "from-mdevctl" || return 1
	expect_num "$MDEVS/$U1/copy_limit" 8192 || return 1
	expect_val "$MDEVS/$U1/irq_mode" "auto" || return 1
	expect_avail $P 15 3 || return 1
	out=$("$MDEVCTL" list 2>&1)
	echo "$out" | grep "$U1" | grep "$PARENT" | grep -q "mdevsim-small" ||
		{ fail "list: $out"; return 1; }
	return 0
}

case_4()
{
	# A second label attribute is written after the first: it wins.
	mdevctl_ok modify -u "$U1" --addattr=label --value=renamed || return 1
	mdevctl_ok stop -u "$U1" || return 1
	expect_absent "$MDEVS/$U1" || return 1
	expect_avail $P 16 4 || return 1
	mdevctl_ok start -u "$U1" || return 1
	expect_val "$MDEVS/$U1/label" "renamed" || return 1
	expect_num "$MDEVS/$U1/copy_limit" 8192 || return 1
	mdevctl_ok stop -u "$U1" || return 1
	expect_avail $P 16 4
}

case_5()
{
	# The definition comes from a JSON file this time.
	new_uuid; U2=$MST_UUID
	json=${TMPDIR:-/tmp}/mdevsim-$$.json
	cat > "$json" <<-EOF2
	{"mdev_type": "mdevsim-large", "start": "manual",
	 "attrs": [{"label": "bad-one"}, {"copy_limit": "1000"}]}
	EOF2
	mdevctl_ok define -u "$U2" -p "$PARENT" --jsonfile "$json" || return 1
	rm -f "$json"
	if out=$("$MDEVCTL" start -u "$U2" 2>&1); then
		fail "start with copy_limit=1000 succeeded: $out"
		return 1
	fi
	# mdevctl ends its message with the kernel's errno: EINVAL.
	echo "$out" | grep -q "Invalid argument" ||
		{ fail "start with copy_limit=1000: $out (want EINVAL)"; return 1; }
	expect_absent "$MDEVS/$U2" || return 1
	expect_avail $P 16 4
}

case_6()
{
	mdevctl_ok undefine -u "$U1" || return 1
	mdevctl_ok undefine -u "$U2" || return 1
	expect_absent "/etc/mdevctl.d/$PARENT/$U1" || return 1
	expect_absent "/etc/mdevctl.d/$PARENT/$U2" || return 1
	U1=
	U2=
	return 0
}

ktap_print_header
[ -x "$MDEVCTL" ] || ktap_exit_fail_msg "$MDEVCTL is not installed"
need_module
mkdir -p /etc/mdevctl.d/scripts.d/callouts /etc/mdevctl.d/scripts.d/notifiers
wr "$BUS/del_device" $P
wr "$BUS/new_device" $P
[ "$MST_RES" = OK ] || ktap_exit_fail_msg "new_device $P: $MST_RES"

ktap_set_plan 6
# Covers: MDEV-01
run_case "1. mdevctl types shows both types" case_1
# Covers: MDEV-02
run_case "2. define and modify --addattr persist a device" case_2
# Covers: MDEV-03
run_case "3. start applies the attributes, list shows it" case_3
# Covers: MDEV-03
run_case "4. modify the definition, stop and restart" case_4
# Covers: MDEV-03
run_case "5. a bad attribute fails start and leaves no device" case_5
# Covers: MDEV-03
run_case "6. undefine" case_6
ktap_finished

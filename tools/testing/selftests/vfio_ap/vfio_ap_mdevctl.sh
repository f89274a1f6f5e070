#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The unmodified distribution mdevctl against vfio_ap on apsim: the type
# listing, define with ordered assign_* attributes, start, modify of a
# defined device, stop, and a start whose attribute write fails with
# EADDRINUSE leaving no device behind. On s390x also lszcrypt listing the
# simulated cards. Prints KTAP.
#
# This is mdevctl's own behaviour, without the vfio-ap callout that the
# test VM installs (vfio_ap_callout.sh tests that): the callout refuses
# case 10's modify, as U1 is active with that queue, so case 12's start
# would never reach the kernel's EADDRINUSE (seen: 12 passed, 4 failed).
# It is moved aside for the run and put back at the end.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/../kselftest/ktap_helpers.sh"
. "$DIR/vfio_ap_lib.sh"

MDEVCTL=${MDEVCTL:-/usr/sbin/mdevctl}
U1=6c1d3e11-7f0a-4d8e-9a61-3a2b1c0d0001
U2=6c1d3e11-7f0a-4d8e-9a61-3a2b1c0d0002
CALLOUT=/etc/mdevctl.d/scripts.d/callouts/vfio-ap-callout
ASIDE=/tmp/vfio-ap-callout.aside

mdevctl_ok() {
	out=$("$MDEVCTL" "$@" 2>&1) && return 0
	echo "# mdevctl $*: $out"
	return 1
}

# mdevctl_fails ERRNO_TEXT ARG...: mdevctl must fail, and its message
# must carry the C library's text for the errno the kernel gave (mdevctl
# ends it with "(os error N)").
mdevctl_fails() {
	want=$1
	shift
	if out=$("$MDEVCTL" "$@" 2>&1); then
		echo "# mdevctl $* succeeded: $out"
		return 1
	fi
	echo "$out" | grep -q "$want" && return 0
	echo "# mdevctl $*: $out"
	echo "# want: $want"
	return 1
}

cleanup() {
	for u in $U1 $U2; do
		"$MDEVCTL" stop -u "$u" >/dev/null 2>&1
		"$MDEVCTL" undefine -u "$u" >/dev/null 2>&1
	done
	vfio_ap_teardown
	[ ! -e $ASIDE ] || mv $ASIDE $CALLOUT
}

ktap_print_header
[ -x "$MDEVCTL" ] || ktap_exit_fail_msg "$MDEVCTL is not installed"
apsim_require vfio_ap
trap cleanup EXIT
[ ! -e $CALLOUT ] || mv $CALLOUT $ASIDE || ktap_exit_fail_msg "cannot move $CALLOUT aside"
ktap_set_plan 17

# Covers: AP-MOD-07 AP-ATTR-12
check "0 two adapters released to vfio_ap" \
	eq "$(apsim_machine "3:CEX7C 0x12:CEX8P" 0-2 0-2 && wr $BUS/apmask -3,-0x12) $(drv_of 03.0001) $(drv_of 12.0002)" \
	   "OK vfio_ap vfio_ap"

out=$("$MDEVCTL" types 2>&1)
check "1 mdevctl types lists the matrix parent" \
	sh -c "echo '$out' | grep -q 'vfio_ap-passthrough' &&
	       echo '$out' | grep -q 'Device API: vfio-ap' &&
	       echo '$out' | grep -q 'Name: VFIO AP Passthrough Device'"

cat > /tmp/vfio_ap_u1.json <<EOT
{
  "mdev_type": "vfio_ap-passthrough",
  "start": "manual",
  "attrs": [
    {"assign_adapter": "3"},
    {"assign_domain": "0x1"},
    {"assign_adapter": "18"},
    {"assign_control_domain": "2"}
  ]
}
EOT
# Covers: AP-ATTR-01 AP-ATTR-03 AP-ATTR-05 AP-ATTR-08 AP-ATTR-07
check "2 define with ordered attributes" \
	mdevctl_ok define -u $U1 -p matrix --jsonfile /tmp/vfio_ap_u1.json
rm -f /tmp/vfio_ap_u1.json
check "3 defined, not started" test ! -e $MATRIX/$U1
check "4 start" mdevctl_ok start -u $U1
check "5 attributes applied in order" \
	eq "$(flat $MATRIX/$U1/matrix)|$(cat $MATRIX/$U1/control_domains)" \
	   "03.0001 12.0001|0002"
check "6 list shows it" sh -c "'$MDEVCTL' list | grep -q '$U1 matrix vfio_ap-passthrough'"

# U2 wants a queue U1 holds: start must fail with EADDRINUSE (AP-ATTR-11)
# at the third attribute and leave nothing behind. Each step of the
# definition is checked, so that the failure is the one meant.
# Covers: AP-ATTR-03 AP-ATTR-11 MDEV-03
check "7 define a second device" \
	mdevctl_ok define -u $U2 -p matrix -t vfio_ap-passthrough
check "8 modify adds assign_domain 2" \
	mdevctl_ok modify -u $U2 --addattr=assign_domain --value=2
check "9 modify adds assign_adapter 3" \
	mdevctl_ok modify -u $U2 --addattr=assign_adapter --value=3
check "10 modify adds assign_domain 1" \
	mdevctl_ok modify -u $U2 --addattr=assign_domain --value=1
check "11 the definition holds the three attributes in order" \
	eq "$("$MDEVCTL" list --defined --dumpjson -u $U2 2>&1 | tr -d ' \n' |
	      sed -n 's/.*"attrs":\[\([^]]*\)\].*/\1/p')" \
	   '{"assign_domain":"2"},{"assign_adapter":"3"},{"assign_domain":"1"}'
check "12 start with a shared queue fails with EADDRINUSE" \
	mdevctl_fails "Address already in use" start -u $U2
check "13 no half-configured device left" test ! -e $MATRIX/$U2
check "14 the other device is untouched" \
	eq "$(flat $MATRIX/$U1/matrix)" "03.0001 12.0001"

check "15 stop" sh -c "'$MDEVCTL' stop -u $U1 && test ! -e $MATRIX/$U1"

if on_s390x; then
	out=$(lszcrypt 2>&1)
	check "16 lszcrypt lists the simulated cards" \
		sh -c "echo '$out' | grep -q '^03 ' && echo '$out' | grep -q '^12 '"
else
	skip_because "16 lszcrypt lists the simulated cards" \
		"s390-tools are not installed on $(uname -m)"
fi

ktap_finished

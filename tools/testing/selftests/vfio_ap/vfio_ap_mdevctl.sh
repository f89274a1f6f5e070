#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The unmodified distribution mdevctl against vfio_ap on apsim: the type
# listing, define with ordered assign_* attributes, start, modify of a
# defined device, stop, and a start whose attribute write fails with
# EADDRINUSE leaving no device behind. On s390x also lszcrypt listing the
# simulated cards. Prints KTAP.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/../kselftest/ktap_helpers.sh"
. "$DIR/vfio_ap_lib.sh"

MDEVCTL=${MDEVCTL:-/usr/sbin/mdevctl}
U1=6c1d3e11-7f0a-4d8e-9a61-3a2b1c0d0001
U2=6c1d3e11-7f0a-4d8e-9a61-3a2b1c0d0002

mdevctl_ok() {
	out=$("$MDEVCTL" "$@" 2>&1) && return 0
	echo "# mdevctl $*: $out"
	return 1
}

mdevctl_fails() {
	out=$("$MDEVCTL" "$@" 2>&1) || return 0
	echo "# mdevctl $* succeeded: $out"
	return 1
}

cleanup() {
	for u in $U1 $U2; do
		"$MDEVCTL" stop -u "$u" >/dev/null 2>&1
		"$MDEVCTL" undefine -u "$u" >/dev/null 2>&1
	done
	vfio_ap_teardown
}

ktap_print_header
if [ ! -x "$MDEVCTL" ]; then
	ktap_skip_all "mdevctl not installed"
	exit "$KSFT_SKIP"
fi
apsim_require vfio_ap
trap cleanup EXIT
ktap_set_plan 11

apsim_machine "3:CEX7C 0x12:CEX8P" 0-2 0-2
echo -3,-0x12 > $BUS/apmask

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
check "2 define with ordered attributes" \
	mdevctl_ok define -u $U1 -p matrix --jsonfile /tmp/vfio_ap_u1.json
rm -f /tmp/vfio_ap_u1.json
check "3 defined, not started" test ! -e $MATRIX/$U1
check "4 start" mdevctl_ok start -u $U1
check "5 attributes applied in order" \
	eq "$(flat $MATRIX/$U1/matrix)|$(cat $MATRIX/$U1/control_domains)" \
	   "03.0001 12.0001|0002"
check "6 list shows it" sh -c "'$MDEVCTL' list | grep -q '$U1 matrix vfio_ap-passthrough'"

# U2 wants a queue U1 holds: start must fail and leave nothing behind.
mdevctl_ok define -u $U2 -p matrix -t vfio_ap-passthrough >/dev/null
mdevctl_ok modify -u $U2 --addattr=assign_domain --value=2 >/dev/null
mdevctl_ok modify -u $U2 --addattr=assign_adapter --value=3 >/dev/null
mdevctl_ok modify -u $U2 --addattr=assign_domain --value=1 >/dev/null
check "7 start with a shared queue fails" mdevctl_fails start -u $U2
check "8 no half-configured device left" test ! -e $MATRIX/$U2
check "9 the other device is untouched" \
	eq "$(flat $MATRIX/$U1/matrix)" "03.0001 12.0001"

check "10 stop" sh -c "'$MDEVCTL' stop -u $U1 && test ! -e $MATRIX/$U1"

if command -v lszcrypt >/dev/null 2>&1; then
	out=$(lszcrypt 2>&1)
	check "11 lszcrypt lists the simulated cards" \
		sh -c "echo '$out' | grep -q '^03 ' && echo '$out' | grep -q '^12 '"
else
	ktap_test_skip "11 lszcrypt not installed (s390x only)"
fi

ktap_finished

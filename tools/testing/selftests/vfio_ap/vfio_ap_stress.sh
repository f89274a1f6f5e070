#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ap under concurrent use, for lockdep and KASAN to judge: a guest
# issuing PQAP(AQIC) while the device is opened, reset and closed again
# (the PQAP hook against guest attach/detach), sysfs assignments, queue
# unbind/bind and host configuration changes, all at once. The checks are
# on the final state, which does not depend on the interleaving. Prints
# KTAP.

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/../kselftest/ktap_helpers.sh"
. "$DIR/vfio_ap_lib.sh"

U=3e0c4b8a-92f1-4f67-b5d3-0c6a1e7f0001
D=$MATRIX/$U
G=$DBG/guests/$U
ROUNDS=${ROUNDS:-15}

cleanup() {
	vfio_ap_teardown $U
}

ktap_print_header
apsim_require vfio_ap iommufd
trap cleanup EXIT
ktap_set_plan 5

# Covers: AP-MOD-09 AP-KVM-01 AP-KVM-02 AP-KVM-05 AP-KVM-06 AP-Q-01 AP-Q-02
# Covers: AP-Q-04 AP-RST-04 bug-A1 bug-A2 bug-A3 bug-A4 bug-A10
apsim_machine "4:CEX7C 5:CEX7C" 1-3 1-3
check "0 set-up: an mdev with queues 04.0001 and 04.0002, a guest" \
	eq "$(wr $BUS/apmask -4,-5) $(wr $TYPE/create $U) $(wr $D/assign_adapter 4) $(wr $D/assign_domain 1) $(wr $D/assign_domain 2) $(wr $DBG/guest_ctl "create $U") $(flat $D/guest_matrix)" \
	   "OK OK OK OK OK OK 04.0001 04.0002"

# The guest: PQAP(AQIC) on and off, whether or not a hook is installed.
(
	for i in $(seq $((ROUNDS * 4))); do
		echo "04.0001 on 3 0x10000" > $G/pqap
		echo "04.0002 off" > $G/pqap
	done
) 2>/dev/null &
guest=$!

# The administrator: assignments of a second adapter.
(
	for i in $(seq $((ROUNDS * 2))); do
		echo 5 > $D/assign_adapter
		echo 3 > $D/assign_control_domain
		echo 5 > $D/unassign_adapter
	done
) 2>/dev/null &
admin=$!

# The host: domain 3 configured off and on, a queue unbound and rebound.
(
	for i in $(seq "$ROUNDS"); do
		echo 1-2 > "$CFS/usage_domains"
		echo 1 > "$CFS/commit"
		echo 04.0002 > $BUS/drivers/vfio_ap/unbind
		echo 1-3 > "$CFS/usage_domains"
		echo 1 > "$CFS/commit"
		echo 04.0002 > $BUS/drivers/vfio_ap/bind
	done
) 2>/dev/null &
host=$!

# QEMU: open (attach, hook), map the NIB page, reset, close (detach).
opened=0
for i in $(seq "$ROUNDS"); do
	"$H" dev $U map 0x10000 reset unmap 0x10000 >/dev/null &&
		opened=$((opened + 1))
done
wait $guest $admin $host

check "1 every open succeeded" eq "$opened" "$ROUNDS"
check "2 assignments end as written" \
	eq "$(flat $D/matrix)|$(cat $D/control_domains)" \
	   "04.0001 04.0002|0003"
check "3 guest view complete again" eq "$(flat $D/guest_matrix)" \
	"04.0001 04.0002"
check "4 nothing left registered or hooked" \
	eq "$(sed -n 's/^\(hook\|giscs\) //p' $G/state | tr '\n' ' ')" "0 0x00 "

ktap_finished

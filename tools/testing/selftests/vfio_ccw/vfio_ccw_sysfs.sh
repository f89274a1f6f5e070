#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ccw sysfs flows: binding through unbind/bind and driver_override,
# the mdev type and its capacity, mdevctl, lscss and chchp. Uses the second
# virtio-rng subchannel (device 0.0.0300) and gives it back to io_subchannel
# at the end.

DEVNO=0.0.0300
UUID=7ccf00ff-0000-4000-8000-000000000300
UUID2=7ccf00fe-0000-4000-8000-000000000300
. "$(dirname "$0")/vfio_ccw_lib.sh"

cleanup()
{
	[ -n "$SCH" ] || return
	for u in $UUID $UUID2; do
		[ -e /sys/bus/mdev/devices/$u ] &&
			echo 1 > /sys/bus/mdev/devices/$u/remove
	done
	printf '\n' > "$CSS/devices/$SCH/driver_override" 2>/dev/null
	unbind_any
	echo "$SCH" > "$CSS/drivers/io_subchannel/bind" 2>/dev/null
}
trap cleanup EXIT

ktap_print_header
need_vfio_ccw
ktap_set_plan 16

# 1. bind through unbind + bind
# Covers: CCW-MOD-03 CCW-MOD-05 CCW-MOD-06 CCW-MOD-07 CCW-MOD-08
unbind_any
echo "$SCH" > "$CSS/drivers/vfio_ccw/bind"
check "1.1 bind through the vfio_ccw bind file" '[ "$(driver_of)" = vfio_ccw ]'
T=$(type_dir)
check "1.2 type attributes" \
	'[ "$(cat $T/name)" = "I/O subchannel (Non-QDIO)" ] &&
	 [ "$(cat $T/device_api)" = vfio-ccw ] &&
	 [ "$(cat $T/available_instances)" = 1 ] &&
	 [ -e /sys/class/mdev_bus/$SCH ]'

# 2. one mdev per subchannel
# Covers: CCW-MOD-07 CCW-MOD-08 MDEV-03
echo $UUID > "$T/create"
check "2.1 create" '[ -e /sys/bus/mdev/devices/$UUID ] &&
	[ "$(cat $T/available_instances)" = 0 ] &&
	[ "$(basename $(readlink /sys/bus/mdev/devices/$UUID/driver))" = vfio_ccw_mdev ]'
r=$(wr "$T/create" $UUID2)
[ "$r" = EUSERS ] || echo "# second create: $r, want EUSERS"
check "2.2 second create refused with EUSERS" \
	'[ "$r" = EUSERS ] && [ ! -e $MDEVS/$UUID2 ] &&
	 [ "$(cat $T/available_instances)" = 0 ]'
echo 1 > /sys/bus/mdev/devices/$UUID/remove
check "2.3 remove" '[ ! -e /sys/bus/mdev/devices/$UUID ] &&
	[ "$(cat $T/available_instances)" = 1 ]'
r=$(wr "$T/create" not-a-uuid)
[ "$r" = EINVAL ] || echo "# malformed create: $r, want EINVAL"
check "2.4 malformed uuid refused with EINVAL" \
	'[ "$r" = EINVAL ] &&
	 [ "$(cat $T/available_instances)" = 1 ]'

# 3. bind through driver_override
# Covers: CCW-MOD-03 CCW-MOD-09
echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
check "3.1 unbind" '[ -z "$(driver_of)" ] && [ ! -e /sys/class/mdev_bus/$SCH ]'
echo vfio_ccw > "$CSS/devices/$SCH/driver_override"
echo "$SCH" > "$CSS/drivers_probe"
check "3.2 driver_override + drivers_probe" '[ "$(driver_of)" = vfio_ccw ]'
printf '\n' > "$CSS/devices/$SCH/driver_override"

# 4. mdevctl (installed in the test VM: missing is a failure)
# Covers: CCW-MOD-06 CCW-MOD-08
if command -v mdevctl >/dev/null; then
	mdevctl start -p "$SCH" -t vfio_ccw-io -u $UUID >/dev/null 2>&1
	check "4.1 mdevctl start" '[ -e /sys/bus/mdev/devices/$UUID ]'
	check "4.2 mdevctl list" 'mdevctl list 2>/dev/null | grep -q "$UUID.*vfio_ccw-io"'
	check "4.3 mdevctl types" 'mdevctl types 2>/dev/null | grep -q vfio_ccw-io'
	mdevctl stop -u $UUID >/dev/null 2>&1
	check "4.4 mdevctl stop" '[ ! -e /sys/bus/mdev/devices/$UUID ]'
else
	echo "# mdevctl is not installed"
	for t in 4.1 4.2 4.3 4.4; do ktap_test_fail "$t mdevctl missing"; done
fi

# 5. s390-tools (installed in the s390x VM, the only one this suite runs in)
# Covers: CCW-MOD-08 CCW-CHP-02 CCW-CHP-04
if command -v lscss >/dev/null; then
	check "5.1 lscss lists the subchannel" \
		'{ lscss --vfio 2>/dev/null; lscss 2>/dev/null; } | grep -q "${SCH#0.0.}"'
else
	echo "# lscss is not installed"
	ktap_test_fail "5.1 lscss missing"
fi
if command -v chchp >/dev/null && [ -e /sys/devices/css0/chp0.00 ]; then
	chchp -v 0 0.00 >/dev/null 2>&1
	off=$(cat /sys/devices/css0/chp0.00/status)
	chchp -v 1 0.00 >/dev/null 2>&1
	on=$(cat /sys/devices/css0/chp0.00/status)
	check "5.2 chchp -v 0/1 with a subchannel on vfio_ccw" \
		'[ "$off" = offline ] && [ "$on" = online ] && [ "$(driver_of)" = vfio_ccw ]'
else
	echo "# chchp or channel path 0.00 missing"
	ktap_test_fail "5.2 chchp missing"
fi

# 6. back to io_subchannel
# Covers: CCW-MOD-09
echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
echo "$SCH" > "$CSS/drivers/io_subchannel/bind"
check "6.1 rebind to io_subchannel" '[ "$(driver_of)" = io_subchannel ]'

# 7. rebinding keeps the host responsive. Each bind back to io_subchannel
# schedules cio's slow path, which walks every subchannel ID of every
# subchannel set; on a slow machine a kernel that cannot preempt that walk
# starves RCU's grace-period kthread. With the stall timeout at its 3 s
# minimum, three cycles through vfio_ccw, each waited for with cio_settle,
# must leave no RCU stall report. The test VM's own kernel failed this
# until it was built preemptible.
# Covers: CCW-MOD-03 CCW-MOD-09
P=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
stall_re='detected stalls on CPUs|self-detected stall|kthread starved'
if [ -w $P ]; then
	old_timeout=$(cat $P)
	echo 3 > $P
	before=$(dmesg | wc -l)
	n=0
	while [ $n -lt 3 ]; do
		echo "$SCH" > "$CSS/drivers/io_subchannel/unbind"
		echo "$SCH" > "$CSS/drivers/vfio_ccw/bind"
		echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
		echo "$SCH" > "$CSS/drivers/io_subchannel/bind"
		echo 1 > /proc/cio_settle
		n=$((n + 1))
	done
	stalls=$(dmesg | tail -n +$((before + 1)) | grep -cE "$stall_re")
	echo "$old_timeout" > $P
	[ "$stalls" = 0 ] || echo "# $stalls RCU stall lines during the rebinds"
	check "7.1 three rebinds through vfio_ccw, no RCU stall" \
		'[ "$stalls" = 0 ] && [ "$(driver_of)" = io_subchannel ] &&
		 [ -e "$CSS/devices/$SCH/$DEVNO" ]'
else
	echo "# $P is not writable"
	ktap_test_fail "7.1 no rcu_cpu_stall_timeout parameter"
fi
SCH_DONE=$SCH
SCH=
[ -n "$SCH_DONE" ]
ktap_finished

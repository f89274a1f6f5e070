#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ccw teardown paths that need no open device: unbinding a subchannel
# that still has an mdev, unloading the module with an mdev defined, and
# binding again afterwards. Every step checks what is left behind (sysfs,
# the module, a working mdev) and kmemleak is asked about vfio_ccw objects
# before and after. Uses subchannel 0.0.0300 and gives it back to
# io_subchannel at the end. (Open-device teardown is in vfio_ccw_test.)

DEVNO=0.0.0300
UUID=7ccf00fd-0000-4000-8000-000000000300
KMEMLEAK=/sys/kernel/debug/kmemleak
. "$(dirname "$0")/vfio_ccw_lib.sh"

bind_vfio()
{
	[ "$(driver_of)" = vfio_ccw ] && return 0
	unbind_any
	echo "$SCH" > "$CSS/drivers/vfio_ccw/bind"
}

avail()
{
	cat "$(type_dir)/available_instances" 2>/dev/null
}

cleanup()
{
	[ -n "$SCH" ] || return
	[ -e $MDEVS/$UUID ] && echo 1 > $MDEVS/$UUID/remove
	modprobe vfio_ccw 2>/dev/null
	unbind_any
	echo "$SCH" > "$CSS/drivers/io_subchannel/bind" 2>/dev/null
}
trap cleanup EXIT

# Report kmemleak entries whose allocation went through vfio_ccw. Objects
# younger than 5 s are not reported yet; callers let them age first.
leak_check()
{
	if [ ! -w "$KMEMLEAK" ]; then
		ktap_test_skip "$1 kmemleak not available"
		return
	fi
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	n=$(echo "$report" | grep -c 'unreferenced object')
	echo "# kmemleak: $n unreferenced objects in total"
	if echo "$report" | grep -q -E 'vfio_ccw|vccw_'; then
		echo "$report" | sed 's/^/# /' | head -60
		ktap_test_fail "$1"
	else
		ktap_test_pass "$1"
	fi
}

ktap_print_header
modprobe vfio_iommu_type1 2>/dev/null
modprobe vfio_ccw 2>/dev/null
[ -d "$CSS/drivers/vfio_ccw" ] || ktap_skip_all "vfio_ccw not loaded"
SCH=$(find_sch) || ktap_skip_all "no subchannel for $DEVNO"
[ -n "$SCH" ] || exit "$KSFT_SKIP"
ktap_set_plan 9
START=$(date +%s)

# 0. what earlier tests (vfio_ccw_test, the sysfs flows) left behind
leak_check "0.1 no vfio_ccw objects leaked by earlier tests"

# 1. unbind the subchannel while an mdev exists but is not open
bind_vfio
echo $UUID > "$(type_dir)/create"
echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"; rc=$?
check "1.1 unbind with an mdev defined removes it" \
	'[ $rc = 0 ] && [ -z "$(driver_of)" ] && [ ! -e $MDEVS/$UUID ] &&
	 [ ! -e /sys/class/mdev_bus/$SCH ] &&
	 [ ! -e $CSS/devices/$SCH/mdev_supported_types ]'
bind_vfio
check "1.2 bind again: the type is free" '[ "$(driver_of)" = vfio_ccw ] &&
	[ "$(avail)" = 1 ]'
echo $UUID > "$(type_dir)/create"
check "1.3 the same UUID can be created again" \
	'[ -e $MDEVS/$UUID ] && [ "$(avail)" = 0 ]'

# 2. unload the module while that mdev is defined (not open)
# The status is only logged: busybox modprobe -r also tries the modules
# vfio_ccw depends on, which the VFIO back ends keep in use.
err=$(modprobe -r vfio_ccw 2>&1); rc=$?
echo "# modprobe -r vfio_ccw: status $rc${err:+: $err}; left:" \
	$(ls /sys/module | grep -E '^(vfio|mdev)')
check "2.1 modprobe -r with an mdev defined unloads the module" \
	'[ ! -e /sys/module/vfio_ccw ]'
check "2.2 the mdev and the parent went with it" \
	'[ ! -e $MDEVS/$UUID ] && [ ! -e /sys/class/mdev_bus/$SCH ] &&
	 [ -z "$(driver_of)" ]'

# 3. load again and bind: everything works as on first use
modprobe vfio_ccw
bind_vfio
check "3.1 reload and bind" '[ "$(driver_of)" = vfio_ccw ] &&
	[ "$(avail)" = 1 ]'
echo $UUID > "$(type_dir)/create"
echo 1 > $MDEVS/$UUID/remove
check "3.2 create and remove after reload" \
	'[ ! -e $MDEVS/$UUID ] && [ "$(avail)" = 1 ]'

# 4. nothing of the above leaked (objects must be 5 s old to be reported)
echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
echo "$SCH" > "$CSS/drivers/io_subchannel/bind"
now=$(date +%s)
left=$((START + 6 - now))
[ $left -le 0 ] || sleep $left
leak_check "4.1 no vfio_ccw objects leaked by these cycles"
SCH=
ktap_finished

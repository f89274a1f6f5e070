#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ccw administered with the distribution's own tools, as an
# administrator does it on a host: modprobe loads the installed modules
# (ours from updates/), lscss shows the subchannel, sysfs unbind/bind,
# driverctl's persistent override, and mdevctl's whole life cycle of a
# device (types, define -a, start, list, list --dumpjson, modify
# --jsonfile, persisting a device created through sysfs, stop, undefine).
# Uses the second virtio-rng subchannel (device 0.0.0300); every move of
# it between io_subchannel and vfio_ccw is one case, and it ends on
# io_subchannel as it began.
#
# Each case that needs a tool the image lacks skips, naming the tool (or
# the option its version lacks). In make check it runs in the stock
# Debian 13 kernel's VM, whose user space is Debian 13's (busybox,
# s390-tools 2.35, driverctl, mdevctl 1.4).

# shellcheck disable=SC2034 # rc, json, ...: read by check's eval
DEVNO=0.0.0300
UUID=7ccfad00-0000-4000-8000-000000000300
UUID2=7ccfad01-0000-4000-8000-000000000300
. "$(dirname "$0")/vfio_ccw_lib.sh"

MDCONF=/etc/mdevctl.d
DCCONF=/etc/driverctl.d

cleanup()
{
	[ -n "$SCH" ] || return
	for u in $UUID $UUID2; do
		[ -e "$MDEVS/$u" ] && echo 1 > "$MDEVS/$u/remove"
		rm -f "$MDCONF/$SCH/$u"
	done
	rm -f "$DCCONF/css-$SCH"
	printf '\n' > "$CSS/devices/$SCH/driver_override" 2>/dev/null
	unbind_any
	echo "$SCH" > "$CSS/drivers/io_subchannel/bind" 2>/dev/null
}
trap cleanup EXIT

# build_id FILE: the hex bytes of a GNU build-id note (or of a whole
# module file, for a search).
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; }

# ours MODULE: the loaded MODULE is the file modprobe resolves, which is
# the one in updates/: the build-id note of the loaded module occurs in
# that file.
ours()
{
	f=$(modinfo -n "$1" 2>/dev/null)
	case $f in */updates/*) ;; *) echo "# $1 resolves to '$f', not updates/"; return 1 ;; esac
	id=$(hex "/sys/module/$1/notes/.note.gnu.build-id" 2>/dev/null)
	[ -n "$id" ] || { echo "# $1 has no build-id note"; return 1; }
	hex "$f" | grep -q "$id" || { echo "# loaded $1 is not $f"; return 1; }
}

# has TOOL: the tool is installed; else the caller skips with this reason.
has()
{
	command -v "$1" >/dev/null
}

# settle: wait until the channel subsystem has done the work a bind or
# unbind queued (recognising the device behind a subchannel runs
# asynchronously); the kernel's own synchronisation point.
settle()
{
	echo 1 > /proc/cio_settle
}

# skip_or NAME TOOL CONDITION: skip NAME when TOOL is missing, else check.
skip_or()
{
	if has "$2"; then
		check "$1" "$3"
	else
		ktap_test_skip "$1: $2 is not installed"
	fi
}

ktap_print_header
ktap_set_plan 28

# 1. Loading: modprobe takes our modules from updates/.
# Covers: CCW-MOD-01 CCW-MOD-02 MDEV-01
modprobe vfio_ccw
check "1.1 modprobe vfio_ccw loads vfio_ccw and the mdev core" \
	'[ -d /sys/module/vfio_ccw ] && [ -d /sys/module/mdev ] &&
	 [ -d "$CSS/drivers/vfio_ccw" ]'
check "1.2 the loaded vfio_ccw is the installed one in updates/" 'ours vfio_ccw'
check "1.3 the loaded mdev core is the installed one in updates/" 'ours mdev'
SCH=$(find_sch) || ktap_exit_fail_msg "no subchannel carries device $DEVNO"
settle
skip_or "1.4 lscss lists the device on its subchannel" lscss \
	'lscss | grep -q "^$DEVNO ${SCH} "'

# 2. sysfs: unbind from io_subchannel, bind to vfio_ccw, and back.
# Covers: CCW-MOD-03 CCW-MOD-05 CCW-MOD-07
echo "$SCH" > "$CSS/drivers/io_subchannel/unbind"
settle
check "2.1 unbind from io_subchannel removes the ccw device" \
	'[ -z "$(driver_of)" ] && [ ! -e /sys/bus/ccw/devices/$DEVNO ]'
echo "$SCH" > "$CSS/drivers/vfio_ccw/bind"
check "2.2 bind to vfio_ccw offers the vfio_ccw-io type" \
	'[ "$(driver_of)" = vfio_ccw ] && [ -d "$(type_dir)" ] &&
	 [ -e /sys/class/mdev_bus/$SCH ]'
echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
echo "$SCH" > "$CSS/drivers/io_subchannel/bind"
settle
check "2.3 back to io_subchannel, the ccw device returns" \
	'[ "$(driver_of)" = io_subchannel ] && [ -e /sys/bus/ccw/devices/$DEVNO ] &&
	 [ ! -e /sys/class/mdev_bus/$SCH ]'

# 3. driverctl: a persistent override moves the subchannel to vfio_ccw.
# Covers: CCW-MOD-09
if has driverctl; then
	driverctl -b css set-override "$SCH" vfio_ccw
	rc=$?
	check "3.1 driverctl set-override binds vfio_ccw" \
		'[ $rc -eq 0 ] && [ "$(driver_of)" = vfio_ccw ] &&
		 [ "$(cat $CSS/devices/$SCH/driver_override)" = vfio_ccw ]'
	check "3.2 driverctl persists the override and lists it" \
		'[ "$(cat $DCCONF/css-$SCH 2>/dev/null)" = vfio_ccw ] &&
		 driverctl -b css list-overrides | grep -q "^$SCH vfio_ccw$"'
else
	# The rest needs the subchannel on vfio_ccw all the same.
	echo vfio_ccw > "$CSS/devices/$SCH/driver_override"
	echo "$SCH" > "$CSS/drivers/io_subchannel/unbind"
	echo "$SCH" > "$CSS/drivers_probe"
	ktap_test_skip "3.1 driverctl set-override: driverctl is not installed"
	ktap_test_skip "3.2 driverctl persistence: driverctl is not installed"
fi
[ "$(driver_of)" = vfio_ccw ] || ktap_exit_fail_msg "$SCH is not on vfio_ccw"

# 4. mdevctl: a defined device, started, listed, modified, stopped.
# Covers: CCW-MOD-06 CCW-MOD-08 MDEV-03
T=$(type_dir)
skip_or "4.1 mdevctl types shows vfio_ccw-io with one instance" mdevctl \
	'mdevctl types | grep -A3 "^$SCH$" | tr -s " " |
	 grep -q "Available instances: 1" &&
	 mdevctl types | grep -A4 "^$SCH$" | grep -q "Device API: vfio-ccw"'
if has mdevctl; then
	mdevctl define -a -u $UUID -p "$SCH" -t vfio_ccw-io
	rc=$?
fi
skip_or "4.2 mdevctl define -a writes an autostart definition only" mdevctl \
	'[ $rc -eq 0 ] && grep -q "\"start\": \"auto\"" $MDCONF/$SCH/$UUID &&
	 grep -q "\"mdev_type\": \"vfio_ccw-io\"" $MDCONF/$SCH/$UUID &&
	 [ ! -e $MDEVS/$UUID ]'
skip_or "4.3 mdevctl list --defined shows it" mdevctl \
	'mdevctl list --defined | grep -q "^$UUID $SCH vfio_ccw-io auto$"'
has mdevctl && mdevctl start -u $UUID
skip_or "4.4 mdevctl start creates the mdev on vfio_ccw" mdevctl \
	'[ -e $MDEVS/$UUID ] && [ "$(cat $T/available_instances)" = 0 ] &&
	 [ "$(basename $(readlink $MDEVS/$UUID/driver))" = vfio_ccw_mdev ]'
skip_or "4.5 mdevctl list shows the running, defined device" mdevctl \
	'mdevctl list | grep -q "^$UUID $SCH vfio_ccw-io auto (defined)$"'
skip_or "4.6 lscss --vfio lists the mdev on the subchannel" lscss \
	'lscss --vfio | grep -q "^$UUID *$SCH "'
if has mdevctl; then
	json=$(mdevctl list --dumpjson | tr -d ' \n')
	echo "# $json"
fi
skip_or "4.7 mdevctl list --dumpjson gives parent, uuid, type, start" mdevctl \
	'[ "$json" = "[{\"$SCH\":[{\"$UUID\":{\"mdev_type\":\"vfio_ccw-io\",\"start\":\"auto\",\"attrs\":[]}}]}]" ]'
if has mdevctl && mdevctl modify --help 2>/dev/null | grep -q -- --jsonfile; then
	printf '{"mdev_type": "vfio_ccw-io", "start": "manual", "attrs": []}\n' > /tmp/vfio_ccw_admin.json
	mdevctl modify -u $UUID -p "$SCH" --jsonfile /tmp/vfio_ccw_admin.json
	rc=$?
	check "4.8 mdevctl modify --jsonfile changes the definition, not the device" \
		'[ $rc -eq 0 ] && grep -q "\"start\": \"manual\"" $MDCONF/$SCH/$UUID &&
		 [ -e $MDEVS/$UUID ]'
	rm -f /tmp/vfio_ccw_admin.json
elif has mdevctl; then
	ktap_test_skip "4.8 mdevctl modify --jsonfile: mdevctl $(mdevctl --version 2>/dev/null | cut -d' ' -f2) has no modify --jsonfile"
else
	ktap_test_skip "4.8 mdevctl modify --jsonfile: mdevctl is not installed"
fi
has mdevctl && mdevctl stop -u $UUID
skip_or "4.9 mdevctl stop removes the mdev, keeps the definition" mdevctl \
	'[ ! -e $MDEVS/$UUID ] && [ -f $MDCONF/$SCH/$UUID ] &&
	 [ "$(cat $T/available_instances)" = 1 ]'
has mdevctl && mdevctl undefine -u $UUID
skip_or "4.10 mdevctl undefine removes the definition" mdevctl \
	'[ ! -e $MDCONF/$SCH/$UUID ] && [ -z "$(mdevctl list --defined)" ]'

# 5. A device created through sysfs, then persisted with mdevctl define.
# Covers: CCW-MOD-07 MDEV-03
echo $UUID2 > "$T/create"
check "5.1 create through sysfs" '[ -e $MDEVS/$UUID2 ]'
skip_or "5.2 mdevctl list shows the manual device as not defined" mdevctl \
	'mdevctl list | grep -q "^$UUID2 $SCH vfio_ccw-io manual$"'
has mdevctl && mdevctl define -u $UUID2
skip_or "5.3 mdevctl define -u persists the running device" mdevctl \
	'grep -q "\"mdev_type\": \"vfio_ccw-io\"" $MDCONF/$SCH/$UUID2 &&
	 mdevctl list | grep -q "^$UUID2 $SCH vfio_ccw-io manual (defined)$"'
has mdevctl && mdevctl stop -u $UUID2
skip_or "5.4 mdevctl stop removes the persisted device" mdevctl \
	'[ ! -e $MDEVS/$UUID2 ] && [ -f $MDCONF/$SCH/$UUID2 ]'
has mdevctl && mdevctl undefine -u $UUID2
skip_or "5.5 mdevctl undefine forgets it" mdevctl \
	'[ ! -e $MDCONF/$SCH/$UUID2 ]'
# Without mdevctl the sysfs device is still there.
[ -e "$MDEVS/$UUID2" ] && echo 1 > "$MDEVS/$UUID2/remove"

# 6. Back to io_subchannel: driverctl's unset-override, or sysfs. A css
# device without an override shows "(null)" (driverctl knows it).
# Covers: CCW-MOD-09
if has driverctl; then
	driverctl -b css unset-override "$SCH"
	rc=$?
	settle
	check "6.1 driverctl unset-override gives the subchannel back" \
		'[ $rc -eq 0 ] && [ "$(driver_of)" = io_subchannel ] &&
		 [ "$(cat $CSS/devices/$SCH/driver_override)" = "(null)" ]'
	check "6.2 driverctl forgets the override" \
		'[ ! -e $DCCONF/css-$SCH ] &&
		 [ -z "$(driverctl -b css list-overrides 2>/dev/null)" ]'
else
	printf '\n' > "$CSS/devices/$SCH/driver_override"
	echo "$SCH" > "$CSS/drivers/vfio_ccw/unbind"
	echo "$SCH" > "$CSS/drivers/io_subchannel/bind"
	settle
	ktap_test_skip "6.1 driverctl unset-override: driverctl is not installed"
	ktap_test_skip "6.2 driverctl forgets the override: driverctl is not installed"
fi
check "6.3 the ccw device is back, no mdev is left" \
	'[ "$(driver_of)" = io_subchannel ] && [ -e /sys/bus/ccw/devices/$DEVNO ] &&
	 [ -z "$(ls $MDEVS)" ]'
skip_or "6.4 lscss lists the device on io_subchannel again" lscss \
	'lscss | grep -q "^$DEVNO ${SCH} " && ! lscss --vfio | grep -q " $SCH "'
SCH=
ktap_finished

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Debian 13's own qemu-system-s390x, run inside the VM under TCG (the VM
# has no SIE, so no KVM), takes our vfio_ccw mdev as a guest device:
# "-device vfio-ccw,sysfsdev=/sys/bus/mdev/devices/<uuid>". QEMU starts
# paused (-S) with QMP on a pipe; the test reads the realized device's
# properties back through QMP and the state machine's open and close
# through our tracepoint, checks that a second QEMU cannot take the same
# mdev while the first holds it, quits, and removes the mdev. QEMU's
# rejection of a sysfsdev that is not an mdev is checked with its exact
# message. Uses the second virtio-rng subchannel (device 0.0.0300) and
# ends with it on io_subchannel, as it began.
#
# In make check it runs in the stock Debian 13 kernel's VM, whose image
# then carries QEMU and its libraries (qemu-trixie.sh).

# shellcheck disable=SC2034 # GSCH, rc, qtree, ...: read by check's eval
DEVNO=0.0.0300
UUID=7ccfad02-0000-4000-8000-000000000300
. "$(dirname "$0")/vfio_ccw_lib.sh"

QEMU=qemu-system-s390x
# The guest's device number; with -nodefaults it is the only device in
# the virtual channel subsystem (fe), so its subchannel is the first.
GDEVNO=fe.0.1234
GSCH=fe.0.0000
TR=/sys/kernel/tracing
EV=$TR/events/vfio_ccw/vfio_ccw_fsm_event
Q=/tmp/vfio_ccw_qemu
QPID=
# The states and events as the tracepoint prints them (enum vccw_state,
# enum vccw_event).
ST_STANDBY=1
ST_IDLE=2
EV_OPEN=4
EV_CLOSE=5

cleanup()
{
	if [ -n "$QPID" ]; then
		kill "$QPID" 2>/dev/null
		wait "$QPID"
	fi
	exec 3>&-
	[ -w "$EV/enable" ] && echo 0 > "$EV/enable"
	[ -n "$SCH" ] || return
	[ -e "$MDEVS/$UUID" ] && echo 1 > "$MDEVS/$UUID/remove"
	unbind_any
	echo "$SCH" > "$CSS/drivers/io_subchannel/bind" 2>/dev/null
	rm -f "$Q.in" "$Q.out" "$Q.err" "$Q.2.err"
}
trap cleanup EXIT
# A QEMU that exits early must not end the script with SIGPIPE.
trap '' PIPE

# qemu_args: the machine every QEMU here runs, paused, without devices of
# its own.
qemu_args()
{
	echo "-M s390-ccw-virtio -accel tcg -m 128 -nodefaults -display none -S"
}

# poll FILE PATTERN: wait (bounded, 120 s) until FILE has a line matching
# the extended regular expression PATTERN.
poll()
{
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 1200 ] || return 1
		sleep 0.1
	done
}

# qmp ID COMMAND [ARGUMENTS]: send one QMP command tagged ID and wait for
# its answer; prints the answer's line.
qmp()
{
	if [ -n "$3" ]; then
		printf '{"execute": "%s", "arguments": %s, "id": "%s"}\n' "$2" "$3" "$1" >&3
	else
		printf '{"execute": "%s", "id": "%s"}\n' "$2" "$1" >&3
	fi
	poll "$Q.out" "\"id\": *\"$1\"" && grep -E "\"id\": *\"$1\"" "$Q.out"
}

# prop NAME: the string value of the realized device's property NAME.
prop()
{
	qmp "p-$1" qom-get \
		"{\"path\": \"/machine/peripheral/vccw0\", \"property\": \"$1\"}" |
		sed -n 's/.*"return": *"\([^"]*\)".*/\1/p'
}

# fsm_last: the last state and event our tracepoint recorded on $SCH.
fsm_last()
{
	sed -n "s/.*vfio_ccw_fsm_event: sch $SCH \(state=[0-9]* event=[0-9]*\)\$/\1/p" \
		"$TR/trace" | tail -n 1
}

# fsm_count EVENT: how many times our tracepoint recorded EVENT on $SCH.
fsm_count()
{
	grep -c "vfio_ccw_fsm_event: sch $SCH state=[0-9]* event=$1\$" "$TR/trace"
}

ktap_print_header
ktap_set_plan 9

command -v $QEMU >/dev/null || ktap_exit_fail_msg "$QEMU is not in the image"
[ -d "$EV" ] || modprobe vfio_ccw
[ -d "$EV" ] || ktap_exit_fail_msg "no tracepoint $EV"
modprobe vfio_ccw || ktap_exit_fail_msg "modprobe vfio_ccw failed"
SCH=$(find_sch) || ktap_exit_fail_msg "no subchannel carries device $DEVNO"
unbind_any
echo "$SCH" > "$CSS/drivers/vfio_ccw/bind"
echo "$UUID" > "$(type_dir)/create"
[ -e "$MDEVS/$UUID" ] || ktap_exit_fail_msg "could not create mdev $UUID on $SCH"
echo 0 > "$TR/tracing_on"
: > "$TR/trace"
echo 1 > "$EV/enable"
echo 1 > "$TR/tracing_on"
echo "# $($QEMU --version | head -n 1)"

# 1. QEMU realizes the device on our mdev and holds it open.
# Covers: CCW-LIFE-03
rm -f "$Q.in"
mkfifo "$Q.in"
# shellcheck disable=SC2046 # qemu_args is meant to split into words
$QEMU $(qemu_args) -qmp stdio \
	-device "vfio-ccw,sysfsdev=$MDEVS/$UUID,devno=$GDEVNO,id=vccw0" \
	< "$Q.in" > "$Q.out" 2> "$Q.err" &
QPID=$!
exec 3> "$Q.in"
qmp caps qmp_capabilities > /dev/null
qtree=$(qmp qtree human-monitor-command '{"command-line": "info qtree"}')
# info qtree's text comes as a JSON string, its quotes escaped.
check "1.1 QEMU realizes vfio-ccw on the mdev (info qtree lists it)" \
	'echo "$qtree" | grep -qF '"'"'dev: vfio-ccw, id \"vccw0\"'"'"' &&
	 [ ! -s "$Q.err" ]'
[ -s "$Q.err" ] && sed 's/^/# /' "$Q.err"
check "1.2 the device has the mdev, device number and subchannel given" \
	'[ "$(prop sysfsdev)" = "$MDEVS/$UUID" ] &&
	 [ "$(prop dev_id)" = "$GDEVNO" ] && [ "$(prop subch_id)" = "$GSCH" ]'
check "1.3 the guest has not started (-S)" \
	'qmp status query-status | grep -q "\"status\": *\"prelaunch\""'
# QEMU resets the device while realizing it (a close and an open each).
check "1.4 our driver has the device open: its last event was OPEN in STANDBY" \
	'[ "$(fsm_last)" = "state=$ST_STANDBY event=$EV_OPEN" ]'

# 2. A second QEMU cannot take the mdev while the first holds it.
# Covers: CCW-LIFE-03
# shellcheck disable=SC2046
$QEMU $(qemu_args) -monitor none \
	-device "vfio-ccw,sysfsdev=$MDEVS/$UUID,devno=fe.0.1235" \
	< /dev/null > /dev/null 2> "$Q.2.err"
rc=$?
sed 's/^/# second QEMU: /' "$Q.2.err"
group=$(basename "$(readlink "$MDEVS/$UUID/iommu_group")")
check "2.1 a second QEMU on the same mdev fails: its VFIO group is busy" \
	'[ $rc -eq 1 ] && [ "$(cat "$Q.2.err")" = "$QEMU: -device vfio-ccw,sysfsdev=$MDEVS/$UUID,devno=fe.0.1235: Could not open '"'"'/dev/vfio/$group'"'"': Device or resource busy" ]'

# 3. quit: QEMU closes the device and exits; the mdev can go.
# Covers: CCW-LIFE-04 CCW-LIFE-06
qmp quit quit > /dev/null
wait "$QPID"
rc=$?
QPID=
check "3.1 QEMU quits cleanly (status 0) and our driver closed the device" \
	'[ $rc -eq 0 ] && [ "$(fsm_last)" = "state=$ST_IDLE event=$EV_CLOSE" ] &&
	 [ "$(fsm_count $EV_OPEN)" -eq "$(fsm_count $EV_CLOSE)" ]'
echo 1 > "$MDEVS/$UUID/remove"
check "3.2 the mdev is removed after QEMU quits" '[ ! -e "$MDEVS/$UUID" ]'

# 4. QEMU's rejection of what is not an mdev, with its own messages.
bad=$MDEVS/7ccfad03-0000-4000-8000-000000000300
# shellcheck disable=SC2046
$QEMU $(qemu_args) -monitor none -device "vfio-ccw,sysfsdev=$bad" \
	< /dev/null > /dev/null 2> "$Q.2.err"
rc=$?
sed 's/^/# /' "$Q.2.err"
check "4.1 a sysfsdev that does not exist: QEMU names it and fails" \
	'[ $rc -eq 1 ] && [ "$(cat "$Q.2.err")" = "$QEMU: -device vfio-ccw,sysfsdev=$bad: Host device '"'"'$bad'"'"' not found: No such file or directory" ]'
# shellcheck disable=SC2046
$QEMU $(qemu_args) -monitor none -device "vfio-ccw,sysfsdev=$CSS/devices/$SCH" \
	< /dev/null > /dev/null 2> "$Q.2.err"
rc=$?
sed 's/^/# /' "$Q.2.err"
# QEMU takes the name of the mdev's parent for a subchannel id.
check "4.2 the subchannel itself as sysfsdev: QEMU cannot read its parent" \
	'[ $rc -eq 1 ] && [ "$(cat "$Q.2.err")" = "$QEMU: -device vfio-ccw,sysfsdev=$CSS/devices/$SCH: Failed to read css0: Invalid argument" ]'

ktap_finished

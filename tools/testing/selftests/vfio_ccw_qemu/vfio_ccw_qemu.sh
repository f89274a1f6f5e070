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
ST_CP_PENDING=4
EV_IO_REQ=1
EV_INTERRUPT=2
EV_OPEN=4
EV_CLOSE=5
# What sense_id_guest leaves where (see sense_id_guest.S).
# The CCW at 0x30200 plus 8, as the IRB's SCSW holds it.
G_CCW_END="0x00 0x03 0x02 0x08"
G_DATA=0x30300
G_IRB=0x30400
G_RESULT=0x30500

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

# qemu_start ARG...: start QEMU in the background with qemu_args, ARGs
# and QMP on the pipe $Q.in (file descriptor 3); its answers go to $Q.out.
qemu_start()
{
	rm -f "$Q.in"
	mkfifo "$Q.in"
	# shellcheck disable=SC2046 # qemu_args is meant to split into words
	$QEMU $(qemu_args) -qmp stdio "$@" < "$Q.in" > "$Q.out" 2> "$Q.err" &
	QPID=$!
	exec 3> "$Q.in"
	qmp caps qmp_capabilities > /dev/null
}

# qemu_quit: ask QEMU to quit and wait for it; sets rc to its exit status.
qemu_quit()
{
	qmp quit quit > /dev/null
	wait "$QPID"
	rc=$?
	QPID=
	exec 3>&-
}

# xp ADDR N: N (at most 8) bytes of the guest's memory at real address
# ADDR, as the monitor prints them ("0xff 0x38 ..."); each ADDR and N at
# most once, as they name the QMP command.
xp()
{
	qmp "xp-$1-$2" human-monitor-command "{\"command-line\": \"xp /$2xb $1\"}" |
		sed -n 's/.*"return": "[0-9a-f]*: \([^\\]*\)\\r\\n.*/\1/p' |
		sed 's/ *$//'
}

# fsm_last: the last state and event our tracepoint recorded on $SCH.
fsm_last()
{
	sed -n "s/.*vfio_ccw_fsm_event: sch $SCH \(state=[0-9]* event=[0-9]*\)\$/\1/p" \
		"$TR/trace" | tail -n 1
}

# fsm_count STATE EVENT: how many times our tracepoint recorded EVENT in
# STATE ("[0-9]*" for any) on $SCH.
fsm_count()
{
	grep -c "vfio_ccw_fsm_event: sch $SCH state=$1 event=$2\$" "$TR/trace"
}

ktap_print_header
ktap_set_plan 16

command -v $QEMU >/dev/null || ktap_exit_fail_msg "$QEMU is not in the image"
[ -d "$EV" ] || modprobe vfio_ccw
[ -d "$EV" ] || ktap_exit_fail_msg "no tracepoint $EV"
modprobe vfio_ccw || ktap_exit_fail_msg "modprobe vfio_ccw failed"
SCH=$(find_sch) || ktap_exit_fail_msg "no subchannel carries device $DEVNO"
echo 1 > /proc/cio_settle
# What the VM's kernel learnt from SENSE ID, e.g. "3832/04"; the nested
# guest must read the same.
cutype=$(cat "/sys/bus/ccw/devices/$DEVNO/cutype") ||
	ktap_exit_fail_msg "no control-unit type for $DEVNO"
cu=${cutype%/*}
sense_id="0xff 0x$(echo "$cu" | cut -c1-2) 0x$(echo "$cu" | cut -c3-4) 0x${cutype#*/}"
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
qemu_start -device "vfio-ccw,sysfsdev=$MDEVS/$UUID,devno=$GDEVNO,id=vccw0"
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
qemu_quit
check "3.1 QEMU quits cleanly (status 0) and our driver closed the device" \
	'[ $rc -eq 0 ] && [ "$(fsm_last)" = "state=$ST_IDLE event=$EV_CLOSE" ] &&
	 [ "$(fsm_count "[0-9]*" $EV_OPEN)" -eq "$(fsm_count "[0-9]*" $EV_CLOSE)" ]'
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

# 5. A nested guest's channel program through QEMU, our driver and the
# VM's channel subsystem: SENSE ID from sense_id_guest on the vfio-ccw
# device, with channel measurement on the subchannel (counts from zero).
# Covers: CCW-FSM-03 CCW-IO-06 CCW-FSM-05 CCW-INT-02 CCW-INT-03
echo "$UUID" > "$(type_dir)/create"
echo 1 > "$CSS/devices/$SCH/cmb_enable"
: > "$TR/trace"
qemu_start -action panic=pause -kernel "$(dirname "$0")/sense_id_guest" \
	-device "vfio-ccw,sysfsdev=$MDEVS/$UUID,devno=$GDEVNO"
qmp cont cont > /dev/null
poll "$Q.out" '"event": *"GUEST_PANICKED"'
grep GUEST_PANICKED "$Q.out" | sed 's/^/# /'
check "5.1 the nested guest ends in its disabled wait (0xd0e), no program check" \
	'grep GUEST_PANICKED "$Q.out" | grep "\"reason\": *\"disabled-wait\"" |
	 grep -q "\"psw-addr\": *3342[,}]"'
check "5.2 its STSCH, MSCH, SSCH and TSCH all had condition code 0" \
	'[ "$(xp $G_RESULT 4)" = "0x00 0x00 0x00 0x00" ]'
echo "# nested SENSE ID: $(xp $G_DATA 8)"
check "5.3 its SENSE ID reads what the VM's kernel read ($cutype)" \
	'[ "$(xp $G_DATA 4)" = "$sense_id" ]'
echo "# nested IRB: $(xp $G_IRB 8) $(xp "$(printf 0x%x $((G_IRB + 8)))" 4)"
check "5.4 its IRB: CCW address past the guest's CCW, channel and device end" \
	'[ "$(xp "$(printf 0x%x $((G_IRB + 4)))" 6)" = "$G_CCW_END 0x0c 0x00" ]'
check "5.5 our driver started it once and took its interrupt once" \
	'[ "$(fsm_count $ST_IDLE $EV_IO_REQ)" -eq 1 ] &&
	 [ "$(fsm_count $ST_CP_PENDING $EV_INTERRUPT)" -eq 1 ] &&
	 [ "$(fsm_count "[0-9]*" $EV_IO_REQ)" -eq 1 ]'
check "5.6 the VM's channel subsystem counted one START SUBCHANNEL" \
	'[ "$(cat "$CSS/devices/$SCH/cmf/ssch_rsch_count")" = 1 ]'
qemu_quit
echo 1 > "$MDEVS/$UUID/remove"
check "5.7 QEMU quits cleanly, our driver closed the device, the mdev goes" \
	'[ $rc -eq 0 ] && [ "$(fsm_last)" = "state=$ST_IDLE event=$EV_CLOSE" ] &&
	 [ ! -e "$MDEVS/$UUID" ]'

ktap_finished

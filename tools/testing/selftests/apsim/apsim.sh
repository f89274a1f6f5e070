#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# apsim selftests: the simulated AP bus. Covers the apmask/aqmask syntax
# (absolute, relative, invalid), the mask uevents, plugging and unplugging
# adapters and domains through configfs (with the drivers' configuration
# callbacks), rebinding between the host driver and a non-default driver,
# the in_use veto, scripted queue responses seen through the debugfs "tapq"
# probe, the lszcrypt listing (s390x only), simulated guests (PQAP hook,
# APCB, GISC and AIV knobs), mask writes racing plug/unplug and rescans,
# the apmask=/aqmask= module parameters, deconfiguring an adapter through
# its card's config file, the TAPQ replies-waiting and queue-full bits,
# and interruptions delivered to a guest. Prints KTAP.
#
#   apsim.sh [CASE...]
#
# Each case loads apsim, builds the machine it needs and checks it; after
# every case, whatever its result, the teardown unplugs everything and
# unloads apsim, so the cases run alone and in any order. Without
# arguments all cases run in table order; "apsim.sh 9 4" runs only cases
# 9 and 4, in that order. A CASE is a section number (all its cases: "5"
# is 5 and 5.6) or a case's ID from the table at the end ("5.6"). The
# plan is the sum of the selected cases' counts; results a case did not
# reach are reported as failures ("# not reached"). See apsim_cases in
# apsim_lib.sh.

DIR=$(cd "$(dirname "$0")" && pwd)
TD=/sys/kernel/debug/apsim/test_driver
UEV=$DIR/apsim_uevent

# shellcheck disable=SC1091 # installed by the selftest build
. "$DIR/../kselftest/ktap_helpers.sh"
# shellcheck source=apsim_lib.sh
. "$DIR/apsim_lib.sh"

# --- helpers -------------------------------------------------------------

# wr FILE VALUE: write, print "OK" or the errno name.
wr() {
	out=$("$UEV" "$1" "$2" NONE)
	case $? in
	0) echo OK ;;
	1) echo "${out#write: }" ;;
	*) echo SETUP ;;
	esac
}

event() {	# name from test_driver/events
	sed -n "s/^$1 //p" "$TD/events"
}

tapq() {
	echo "$1" > "$DBG/tapq" && sed -n 's/.* rc=\(0x[0-9a-f]*\) .*/\1/p' "$DBG/tapq"
}

devices() {	# the AP devices, each followed by a space
	for d in "$BUS"/devices/*; do
		[ -e "$d" ] && printf '%s ' "${d##*/}"
	done
}

count() {	# count GLOB: how many names GLOB matches
	[ -e "$1" ] || { echo 0; return; }
	echo $#
}

# The machines the cases start from: two adapters with four usage domains
# (the plug case's), the single adapter left after the unplug case, and
# two adapters with two domains for the config file and interruptions.
PLUGGED="5:CEX7C 0x10:CEX8P"
ONE="5:CEX7C"
CONFIG="2:CEX7C 3:CEX8A"

# up [ADAPTERS USAGE CONTROL]: load apsim and plug the machine, if given.
up() {
	apsim_require apsim
	[ $# -eq 0 ] || must apsim_machine "$@"
}

# td_on: register the test driver, a non-default driver with events.
td_on() {
	must_write "$TD/enable" 1
}

# new_guest NAME: create a simulated guest; GD is its directory.
new_guest() {
	G=$1
	GD=$DBG/guests/$G
	must_write "$DBG/guest_ctl" "create $G"
}

# unload_all: what the teardown does, as a step of a case that checks it.
unload_all() {
	echo 0 > "$TD/enable"
	apsim_teardown
	rmmod apsim 2>/dev/null
}

# teardown: after every case, whatever it left: the test driver's veto,
# guest hook and registration, adapters and masks (apsim_unload) and
# apsim itself, whose exit destroys the guests.
teardown() {
	if [ -d "$TD" ]; then
		echo 0 > "$TD/veto"
		echo - > "$TD/attach"
		echo 0 > "$TD/enable"
	fi 2>/dev/null
	apsim_unload apsim
}

# --- 1. masks ------------------------------------------------------------
# Covers: AP-BUS-02 AP-BUS-03 AP-BUS-04

case_masks() {
	up

	check "1.1 apmask starts full" eq "$(cat $BUS/apmask)" "$FULL"
	check "1.2 aqmask starts full" eq "$(cat $BUS/aqmask)" "$FULL"

	check "1.3 absolute short mask is left-aligned" \
		eq "$(wr $BUS/apmask 0x8)$(cat $BUS/apmask)" "OK$(mask_of 0)"
	check "1.4 absolute mask without 0x" \
		eq "$(wr $BUS/apmask 4)$(cat $BUS/apmask)" "OK$(mask_of 1)"
	check "1.5 absolute mask with x" \
		eq "$(wr $BUS/apmask x0c)$(cat $BUS/apmask)" "OK$(mask_of 4 5)"
	check "1.6 absolute full-length mask" \
		eq "$(wr $BUS/apmask "$FULL")$(cat $BUS/apmask)" "OK$FULL"
	check "1.7 65 digits refused, mask unchanged" \
		eq "$(wr $BUS/apmask "${FULL}f")$(cat $BUS/apmask)" "EINVAL$FULL"
	check "1.8 non-hex digit refused" \
		eq "$(wr $BUS/apmask 0x1g)$(cat $BUS/apmask)" "EINVAL$FULL"
	check "1.9 upper-case X refused" eq "$(wr $BUS/apmask 0X1)" "EINVAL"

	check "1.10 relative -N" \
		eq "$(wr $BUS/aqmask -3)$(cat $BUS/aqmask)" "OK$(mask_without 3)"
	check "1.11 relative -N-M and +N in one write" \
		eq "$(wr $BUS/aqmask -0-7,+3)$(cat $BUS/aqmask)" \
		   "OK$(mask_without 0 1 2 4 5 6 7)"
	check "1.12 relative hex numbers" \
		eq "$(wr $BUS/aqmask +0x0-0x7)$(cat $BUS/aqmask)" "OK$FULL"
	check "1.13 relative terms apply left to right" \
		eq "$(wr $BUS/aqmask -9,+9,-9)$(cat $BUS/aqmask)" "OK$(mask_without 9)"
	check "1.14 ID 256 refused" eq "$(wr $BUS/aqmask +256)" "EINVAL"
	check "1.15 N > M refused" eq "$(wr $BUS/aqmask +7-3)" "EINVAL"
	check "1.16 term without sign refused, mask unchanged" \
		eq "$(wr $BUS/aqmask +1,2)$(cat $BUS/aqmask)" "EINVAL$(mask_without 9)"
}

# --- 2. uevents ----------------------------------------------------------
# Covers: AP-BUS-06

case_uevents() {
	up

	out=$("$UEV" $BUS/apmask -7 APMASK)
	check "2.1 APMASK uevent carries the new mask" \
		eq "$out" "APMASK=$(mask_without 7)"
	out=$("$UEV" $BUS/aqmask -0x10 AQMASK)
	check "2.2 AQMASK uevent carries the new mask" \
		eq "$out" "AQMASK=$(mask_without 16)"
	out=$("$UEV" $BUS/aqmask -0x10 AQMASK)
	check "2.3 unchanged mask sends no uevent" eq "$out" ""
	out=$("$UEV" $BUS/apmask +300 APMASK)
	check "2.4 invalid mask sends no uevent" eq "$out" "write: EINVAL"
}

# --- 3. plug -------------------------------------------------------------
# Covers: AP-BUS-01 AP-BUS-07 AP-BUS-10 AP-MOD-05

attr() {	# device attribute...
	d=$1
	shift
	for a in "$@"; do
		printf '%s ' "$(cat "$BUS/devices/$d/$a")"
	done
}

case_plug() {
	up

	# The plug is what this case checks: its steps are not setup.
	add_adapter 5 CEX7C
	add_adapter 0x10 CEX8P
	echo 0-2,9 > "$CFS/usage_domains"
	echo 0-15 > "$CFS/control_domains"
	commit
	check "3.1 cards and queues appear" \
		eq "$(devices)" \
		   "05.0000 05.0001 05.0002 05.0009 10.0000 10.0001 10.0002 10.0009 card05 card10 "
	check "3.2 card attributes" \
		eq "$(attr card05 type hwtype)$(attr card10 ap_functions)" \
		   "CEX7C 13 0x06000000 "
	check "3.3 queues are children of their card" \
		test -d /sys/devices/ap/card05/05.0009
	check "3.4 QCI masks" \
		eq "$(cat $BUS/ap_adapter_mask $BUS/ap_usage_domain_mask | tr '\n' ' ')" \
		   "$(mask_of 5 16) $(mask_of 0 1 2 9) "
	check "3.5 host driver binds all queues" \
		eq "$(cat $BUS/bindings) $(drv_of 05.0000) $(drv_of card05)" \
		   "8/8 (complete) apsim_host apsim_host"
	check "3.6 default domain chosen" eq "$(cat $BUS/ap_domain)" "0"
}

# --- 4. rebinding and the in_use veto ------------------------------------
# Covers: AP-BUS-05 AP-BUS-06 AP-BUS-07 AP-Q-03 bug-A10

case_rebind() {
	up "$PLUGGED" 0-2,9 0-15

	td_on
	check "4.1 non-default driver gets no host-owned queue" \
		eq "$(event bound)" "0"
	echo -5 > $BUS/apmask
	check "4.2 releasing an adapter moves its queues" \
		eq "$(drv_of 05.0001) $(drv_of 10.0001) $(event bound)" \
		   "apsim_test apsim_host 4"
	echo 1 > "$TD/veto"
	out=$("$UEV" $BUS/apmask +5 APMASK)
	check "4.3 in_use veto gives EBUSY and no uevent" eq "$out" "write: EBUSY"
	check "4.4 vetoed write changes nothing" \
		eq "$(cat $BUS/apmask) $(drv_of 05.0001)" \
		   "$(mask_without 5) apsim_test"
	check "4.5 removing bits is never vetoed" \
		eq "$(wr $BUS/aqmask -9) $(drv_of 05.0009) $(drv_of 10.0009)" \
		   "OK apsim_test apsim_test"
	check "4.6 veto covers domains too" eq "$(wr $BUS/aqmask +9)" "EBUSY"
	echo 0 > "$TD/veto"
	check "4.7 without veto the queues return to the host" \
		eq "$(wr $BUS/apmask +5)$(wr $BUS/aqmask +9) $(drv_of 05.0001) $(event bound)" \
		   "OKOK apsim_host 0"

	echo 05.0000 > $BUS/drivers/apsim_host/unbind
	out=$(wr $BUS/drivers/apsim_test/bind 05.0000)
	out=$out$(wr $BUS/drivers/apsim_host/bind 05.0000)
	check "4.8 manual bind cannot take a host-owned queue" \
		eq "$out $(drv_of 05.0000)" "ENODEVOK apsim_host"
}

# --- 5. unplug and configuration callbacks --------------------------------
# Covers: AP-BUS-10 AP-Q-04 AP-Q-05 bug-A8

case_unplug() {
	up "$PLUGGED" 0-2,9 0-15
	td_on
	must_write $BUS/apmask -5

	cc=$(event config_changed)
	sc=$(event scan_complete)
	rmdir "$CFS/adapters/0x10"
	echo 0-2 > "$CFS/usage_domains"
	commit
	check "5.1 unplugged devices are gone" \
		eq "$(devices)" "05.0000 05.0001 05.0002 card05 "
	check "5.2 one config_changed and one scan_complete per commit" \
		eq "$(event config_changed) $(event scan_complete)" \
		   "$((cc + 1)) $((sc + 1))"
	check "5.3 callback sees the new and old adapters" \
		eq "$(event cur_apm) $(event prev_apm)" "$(mask_of 5) $(mask_of 5 16)"
	check "5.4 driver's queues of a removed domain were removed" \
		eq "$(event bound)" "3"
	commit
	check "5.5 unchanged commit calls no callback" \
		eq "$(event config_changed)" "$((cc + 1))"
}

# --- 5.6 configfs input --------------------------------------------------
# Covers: AP-MOD-05 AP-BUS-10

case_configfs() {
	up "$ONE" 0-2 0-15

	check "5.6 max_adapter_id is a u8; an adapter above it fails the commit" \
		eq "$(wr $CFS/max_adapter_id 0x100)$(cat $CFS/max_adapter_id) $(wr $CFS/max_adapter_id 3) $(wr $CFS/commit 1) $(wr $CFS/max_adapter_id 255)" \
		   "ERANGE255 OK EINVAL OK"
	check "5.7 adapter numbers are unique: EEXIST" \
		eq "$(errno_of "$(mkdir $CFS/adapters/0x5 2>&1)")" EEXIST
	check "5.8 bad type refused" eq "$(wr $CFS/adapters/5/type CEX9Z)" "EINVAL"
	check "5.9 bad domain list refused" \
		eq "$(wr $CFS/usage_domains 300)$(cat $CFS/usage_domains)" "ERANGE0-2"
}

# --- 6. scripted queue responses -----------------------------------------
# Covers: AP-RST-01 AP-RST-02 bug-A6

polls() {
	sed -n "s/^$1 .*reset_polls=\([0-9]*\).*/\1/p" "$DBG/queues"
}

case_responses() {
	up "$ONE" 0-2 0-15

	check "6.1 tapq of a configured queue" eq "$(tapq 05.0001)" "0x00"
	check "6.2 tapq of an unconfigured queue" eq "$(tapq 05.0009)" "0x01"
	echo "05.0001 inject=tapq:0x05:2" > "$DBG/queue_ctl"
	check "6.3 injected busy answers in order" \
		eq "$(tapq 05.0001) $(tapq 05.0001) $(tapq 05.0001)" "0x05 0x05 0x00"
	echo "05.0001 reset_polls=2" > "$DBG/queue_ctl"
	echo 1 > $BUS/devices/05.0001/reset
	check "6.4 reset in progress for reset_polls TAPQs" \
		eq "$(cat $BUS/devices/05.0001/reset)$(tapq 05.0001) $(tapq 05.0001) $(tapq 05.0001)" \
		   "Reset in progress.0x02 0x02 0x00"
	echo "05.0002 sticky_rc=4" > "$DBG/queue_ctl"
	check "6.5 sticky checkstop" \
		eq "$(tapq 05.0002) $(tapq 05.0002) $(cat $BUS/devices/05.0002/chkstop)" \
		   "0x04 0x04 1"
	echo "05.0002 clear" > "$DBG/queue_ctl"
	check "6.6 clear restores normal answers" eq "$(tapq 05.0002)" "0x00"
	check "6.7 control of an unconfigured queue gives ENODEV" \
		eq "$(wr $DBG/queue_ctl '05.0009 clear')" "ENODEV"
	check "6.8 a bad word rejects the whole line" \
		eq "$(wr $DBG/queue_ctl '05.0001 reset_polls=7 bogus')$(polls 05.0001)" \
		   "EINVAL2"
}

# --- 7. lszcrypt ---------------------------------------------------------
# Covers: AP-BUS-07

case_lszcrypt() {
	if ! on_s390x; then
		skip_because "7.1 lszcrypt lists the simulated card and queues" \
			"s390-tools are not installed on $(uname -m)"
		skip_because "7.2 lszcrypt -V shows the driver" \
			"s390-tools are not installed on $(uname -m)"
		return
	fi
	up "$ONE" 0-2 0-15

	out=$(lszcrypt 2>&1)
	check "7.1 lszcrypt lists the simulated card and queues" \
		sh -c "echo '$out' | grep -q '^05 *CEX7C *CCA-Coproc *online' &&
		       echo '$out' | grep -q '^05.0002 *CEX7C'"
	out=$(lszcrypt -V 2>&1)
	check "7.2 lszcrypt -V shows the driver" \
		sh -c "echo '$out' | grep -q '^05.0000 .*apsim_host'"
}

# --- 8. guests -----------------------------------------------------------
# Covers: AP-KVM-01 AP-KVM-03 AP-KVM-04 AP-KVM-05 AP-KVM-08 bug-A1 bug-A5

pqap() {
	echo "$1" > "$GD/pqap" && cat "$GD/pqap"
}

giscs() {
	sed -n 's/^giscs //p' "$GD/state"
}

case_guests() {
	up "$ONE" 0-2 0-15
	td_on

	G=11111111-2222-3333-4444-555555555555
	GD=$DBG/guests/$G
	check "8.1 guest created with an empty APCB" \
		eq "$(wr $DBG/guest_ctl "create $G")$(cat $GD/apcb)" "OK$ZERO,$ZERO,$ZERO"
	check "8.2 guest names are unique" eq "$(wr $DBG/guest_ctl "create $G")" "EEXIST"
	check "8.3 PQAP without a hook: queue not available" \
		eq "$(pqap '05.0001 on 3 0x1000')" "cc=3 rc=0x01 irq=0"
	echo -5 > $BUS/apmask
	echo "$G" > "$TD/attach"
	check "8.4 driver loads the APCB" \
		eq "$(cat $GD/apcb)" "$(mask_of 5),$(mask_of 0 1 2),$(mask_of 0 1 2)"
	check "8.5 a second hook is refused" eq "$(wr $TD/attach $G)" "EPERM"
	check "8.6 AQIC enable through the hook" \
		eq "$(pqap '05.0001 on 3 0x1000') $(cat $BUS/devices/05.0001/interrupt) $(giscs)" \
		   "cc=0 rc=0x00 irq=1 Interrupts enabled. 0x08"
	check "8.7 AQIC on a queue the driver does not have" \
		eq "$(pqap '10.0000 on 3 0x1000')" "cc=3 rc=0x01 irq=0"
	check "8.8 NIB 0 is an invalid address" \
		eq "$(pqap '05.0002 on 3 0')" "cc=3 rc=0x06 irq=0"
	echo 1 > "$GD/fail_gisc"
	check "8.9 failed GISC registration answers 0x06" \
		eq "$(pqap '05.0000 on 2 0x2000') $(giscs)" \
		   "cc=3 rc=0x06 irq=0 0x08"
	echo 0 > "$GD/fail_gisc"
	echo 0 > "$GD/aiv"
	check "8.10 without AIV the PQAP goes to user space" \
		eq "$(pqap '05.0001 off')" "user space -95"
	echo 1 > "$GD/aiv"
	check "8.11 AQIC disable" \
		eq "$(pqap '05.0001 off') $(cat $BUS/devices/05.0001/interrupt)" \
		   "cc=0 rc=0x00 irq=0 Interrupts disabled."
	check "8.12 destroy while attached, then detach" \
		eq "$(wr $DBG/guest_ctl "destroy $G")$(wr $TD/attach -)$(wr $DBG/guest_ctl "destroy $G")" \
		   "OKOKENOENT"
}

# --- 9. concurrency: rebinding during plug/unplug and rescans -----------
# Covers: AP-BUS-05 AP-BUS-06 AP-BUS-10 bug-A10

case_race() {
	up "$ONE 6:CEX6A" 0-2 0-15
	td_on

	(
		i=0
		while [ $i -lt 10 ]; do
			echo 1 > $BUS/scans
			rmdir "$CFS/adapters/6" && commit
			add_adapter 6 CEX6A && commit
			i=$((i + 1))
		done
	) &
	bg=$!
	fails=0
	i=0
	while [ $i -lt 20 ]; do
		echo -5,-6 > $BUS/apmask || fails=$((fails + 1))
		echo +5,+6 > $BUS/apmask || fails=$((fails + 1))
		i=$((i + 1))
	done
	wait $bg
	check "9.1 mask writes succeed while adapters come and go" eq "$fails" "0"
	check "9.2 every queue ends with the host driver" \
		eq "$(cat $BUS/bindings) $(drv_of 05.0000) $(drv_of 06.0002) $(event bound)" \
		   "6/6 (complete) apsim_host apsim_host 0"
}

# --- 10. unload ----------------------------------------------------------
# Covers: AP-BUS-01 AP-BUS-03 AP-BUS-04

case_unload() {
	up "$ONE" 0-2 0-15
	td_on

	unload_all
	check "10.1 module unloads after unplugging everything" \
		sh -c "! grep -q '^apsim ' /proc/modules && [ ! -d $BUS ]"
	modprobe apsim apmask=0x8 aqmask=+0-3
	check "10.2 apmask= and aqmask= parameters apply to empty masks" \
		eq "$(cat $BUS/apmask 2>&1) $(cat $BUS/aqmask 2>&1)" \
		   "$(mask_of 0) $(mask_of 0 1 2 3)"
	rmmod apsim
	check "10.3 an invalid mask parameter fails the load with EINVAL" \
		eq "$(modprobe_err apsim apmask=0xzz) $(test -d $BUS && echo bus)" "EINVAL "
}

# --- 11. adapter configuration: the card's config file -------------------
# Covers: AP-Q-04 AP-RST-02 AP-FLT-01

case_config() {
	up "$CONFIG" 0-1 0-1

	C2=$BUS/devices/card02
	check "11.1 adapters start configured" \
		eq "$(cat $C2/config $BUS/devices/02.0001/config | tr -d '\n')" "11"
	check "11.2 config takes only 0 and 1" \
		eq "$(wr $C2/config 2) $(wr $C2/config on) $(wr $C2/config -1)" \
		   "EINVAL EINVAL EINVAL"
	check "11.3 config 0 sends CONFIG=0" \
		eq "$("$UEV" $C2/config 0 CONFIG)" "CONFIG=0"
	check "11.4 a deconfigured adapter's queues answer 0x03" \
		eq "$(cat $C2/config $BUS/devices/02.0001/config | tr -d '\n') $(tapq 02.0001) $(tapq 03.0001)" \
		   "00 0x03 0x00"
	check "11.5 it stays in the QCI masks and keeps its devices" \
		eq "$(cat $BUS/ap_adapter_mask) $(count $BUS/devices/02.*)" \
		   "$(mask_of 2 3) 2"
	check "11.6 config 1 brings it back" \
		eq "$("$UEV" $C2/config 1 CONFIG) $(tapq 02.0001) $(cat $BUS/devices/02.0001/config)" \
		   "CONFIG=1 0x00 1"
}

# --- 12. TAPQ status bits: replies waiting, queue full -------------------
# Covers: AP-RST-02

bits() {	# E, R and F of a TAPQ
	echo "$1" > "$DBG/tapq" &&
		sed -n 's/.* empty=\(.\) replies=\(.\) full=\(.\) .*/\1\2\3/p' "$DBG/tapq"
}

case_tapq_bits() {
	up "$CONFIG" 0-1 0-1

	check "12.1 an idle queue is empty" eq "$(bits 03.0000)" "100"
	echo "03.0000 replies=2 full=1" > "$DBG/queue_ctl"
	check "12.2 replies and full are reported" eq "$(bits 03.0000)" "011"
	echo "03.0000 full=0" > "$DBG/queue_ctl"
	check "12.3 replies alone" eq "$(bits 03.0000)" "010"
	echo 1 > $BUS/devices/03.0000/reset
	check "12.4 a reset empties the queue" eq "$(bits 03.0000)" "100"
	check "12.5 full takes a boolean" \
		eq "$(wr $DBG/queue_ctl '03.0000 full=2')" "EINVAL"
}

# --- 13. interruptions delivered to a guest -------------------------------
# Covers: AP-KVM-05 AP-KVM-06 AP-RST-01 bug-A4 bug-A5

irqs() {	# the guest's interruptions of ISC 3
	sed -n 's/^irqs \([0-9]*\) \([0-9]*\) \([0-9]*\) \([0-9]*\) .*/\4/p' "$GD/state"
}

qirqs() {	# delivered interruptions and replies of a queue
	sed -n "s/^$1 .* replies=\([0-9]*\) .* irqs=\([0-9]*\) .*/\2 \1/p" "$DBG/queues"
}

# guest_on_card2: a guest whose hook (the test driver) has adapter 2.
guest_on_card2() {
	up "$CONFIG" 0-1 0-1
	new_guest 22222222-3333-4444-5555-666666666666
	td_on
	must_write $BUS/apmask -2
	must_write "$TD/attach" "$G"
}

case_interrupts() {
	guest_on_card2

	C2=$BUS/devices/card02
	echo "02.0001 on 3 0x1010" > "$GD/pqap"
	check "13.1 a reply with interruptions on interrupts the guest" \
		eq "$(cat "$GD/pqap")$(wr $DBG/interrupt 02.0001) $(irqs) $(qirqs 02.0001)" \
		   "cc=0 rc=0x00 irq=1OK 1 1 1"
	echo "02.0001 off" > "$GD/pqap"
	check "13.2 none after AQIC disable, the reply still arrives" \
		eq "$(wr $DBG/interrupt 02.0001) $(irqs) $(qirqs 02.0001)" "OK 1 1 2"
	echo "02.0001 on 3 0x1010" > "$GD/pqap"
	echo 1 > $BUS/devices/02.0001/reset
	check "13.3 none after a reset" \
		eq "$(wr $DBG/interrupt 02.0001) $(irqs) $(qirqs 02.0001)" "OK 1 1 1"
	check "13.4 a queue outside the configuration: ENODEV" \
		eq "$(wr $DBG/interrupt 02.0009)" "ENODEV"
	echo "02.0000 on 3 0x1020" > "$GD/pqap"
	echo 0 > $C2/config
	check "13.5 deconfiguring turns interruptions off; no reply: EIO" \
		eq "$(cat $BUS/devices/02.0000/interrupt) $(wr $DBG/interrupt 02.0000) $(irqs)" \
		   "Interrupts disabled. EIO 1"
}

# --- 13.6 unload with a guest left behind ---------------------------------
# Covers: AP-KVM-06 bug-A4 bug-A9

case_unload_guest() {
	guest_on_card2
	must_write "$GD/pqap" "02.0001 on 3 0x1010"
	must_write "$TD/attach" -

	unload_all
	check "13.6 apsim unloads with a guest left behind" \
		sh -c "! grep -q '^apsim ' /proc/modules"
}

# --- the cases: ID, number of results, function --------------------------

CASES='
1	16	case_masks
2	4	case_uevents
3	6	case_plug
4	8	case_rebind
5	5	case_unplug
5.6	4	case_configfs
6	8	case_responses
7	2	case_lszcrypt
8	12	case_guests
9	2	case_race
10	3	case_unload
11	6	case_config
12	5	case_tapq_bits
13	5	case_interrupts
13.6	1	case_unload_guest
'

ktap_print_header
apsim_cases "$CASES" teardown "$@"
ktap_finished

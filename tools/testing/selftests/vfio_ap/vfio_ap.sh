#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ap selftests on apsim, the simulated AP bus: the matrix device and
# mdev type, every mdev attribute with its errno contract (a failed write
# changes nothing), the queue status attribute, the in_use veto, the guest
# view under hot plug (configuration changes, unbound queues, over-
# provisioning), the VFIO device (info and IRQ ioctls, request IRQ, reset
# with scripted response codes, PQAP(AQIC) through a simulated guest), a
# 256 x 256 matrix read back whole, a failing or missing QCI at load time,
# two mdevs used by one guest, AQIC answers other than 0x00 (no pin or ISC
# leaks), interruptions reaching the guest's notification byte, adapter
# types vfio_ap must not take, and the last adapters and domains leaving
# an attached guest in one configuration change. Prints KTAP.
#
# Usage: vfio_ap.sh [CASE...]
#
# The tests are independent cases, numbered 1-17 as in the CASES table
# below (the result names start with the case number: "6.2 ..."). Each
# case loads the modules, describes the simulated machine and creates its
# own mdevs and guests; after it, whatever its result, the runner removes
# them and empties the machine (vfio_ap_clean), or unloads vfio_ap and
# apsim when something is left (vfio_ap_teardown). Without arguments every
# case runs; "vfio_ap.sh 6 12" runs cases 6 and 12 only, in that order.
# The runner is apsim's (apsim_cases in ../apsim/apsim_lib.sh): the plan
# is the sum of the result counts the table declares for the cases
# selected, and a case that stops early (a set-up step failed) has its
# missing results reported as failures, "# not reached".

DIR=$(cd "$(dirname "$0")" && pwd)
UA=0a9f4f56-1c55-4c3a-8d3e-4b8f1f2a0001
UB=0a9f4f56-1c55-4c3a-8d3e-4b8f1f2a0002

. "$DIR/../kselftest/ktap_helpers.sh"
. "$DIR/vfio_ap_lib.sh"
A=$MATRIX/$UA
B=$MATRIX/$UB
G=$DBG/guests/$UA

# The cases: number, KTAP results it emits, function.
CASES="
1 9 case_module
2 21 case_assign
3 8 case_ap_config
4 3 case_host_owned
5 8 case_hotplug
6 13 case_vfio_device
7 7 case_large_matrix
8 1 case_remove
9 5 case_many_mdevs
10 1 case_unload
11 3 case_qci
12 4 case_two_mdevs
13 9 case_aqic_answers
14 2 case_nib
15 4 case_adapter_types
16 2 case_all_leave
17 2 case_remove_open
"

# --- set-up shared by the cases -------------------------------------------

# host [all]: the machine most cases use: adapters 4, 5 and 6 (CEX7C,
# CEX8P, CEX6A) with usage domains 1-4 and control domains 1-8. Adapters
# 4-6 are released from the host, so their queues bind to vfio_ap; with
# "all" every adapter and domain is (empty apmask and aqmask).
host() {
	if [ "${1-}" = all ]; then
		vfio_ap_host "4:CEX7C 5:CEX8P 6:CEX6A" 1-4 1-8 "$ZERO" "$ZERO"
	else
		vfio_ap_host "4:CEX7C 5:CEX8P 6:CEX6A" 1-4 1-8 -4-6
	fi
}

# machine [all]: vfio_ap loaded on that machine.
machine() {
	vfio_ap_load vfio_ap && host "$@"
}

# assigned: mdev UA with queues 04.0001 and 04.0002 and control domain 3.
assigned() {
	machine && vfio_ap_mdev $UA 4 "1 2" 3
}

# two_mdevs_one_guest: every queue released from the host; mdev UA with
# queues 04.0001 and 04.0002, mdev UB with queue 05.0001, both usable by
# the simulated guest UA.
two_mdevs_one_guest() {
	machine all && vfio_ap_mdev $UA 4 "1 2" && vfio_ap_mdev $UB 5 1 &&
		vfio_ap_set "$DBG/guest_ctl" "create $UA" &&
		vfio_ap_set "$DBG/guest_ctl" "link $UA $UB"
}

# gisc_refs, irqs: the guest's ISC registrations and interruption counts.
gisc_refs() {
	sed -n 's/^gisc_refs //p' "$G/state"
}

irqs() {
	sed -n 's/^irqs //p' "$G/state"
}

# --- 1. module surface ---------------------------------------------------
# Covers: AP-MOD-03 AP-MOD-04 AP-MOD-06 AP-MOD-07 AP-ATTR-12 AP-ATTR-13
# Covers: AP-BUS-07

case_module() {
	machine || return
	check "1.1 features" eq "$(cat $MATRIX/features)" \
		"guest_matrix hotplug ap_config"
	check "1.2 type name" eq "$(cat $TYPE/name)" "VFIO AP Passthrough Device"
	check "1.3 device_api" eq "$(cat $TYPE/device_api)" "vfio-ap"
	check "1.4 available_instances" \
		eq "$(cat $TYPE/available_instances)" 65536
	check "1.5 released queues bind to vfio_ap" \
		eq "$(drv_of 04.0001)" vfio_ap
	check "1.6 status of an unassigned queue" \
		eq "$(cat $BUS/devices/04.0001/status)" unassigned
	check "1.7 host queues keep their driver" \
		test "$(drv_of 04.0001)" != "$(drv_of card04)"

	echo $UA > $TYPE/create
	echo $UB > $TYPE/create
	check "1.8 mdev created with its attributes" test -e $A/assign_adapter \
		-a -e $A/guest_matrix -a -e $A/ap_config -a -e $A/control_domains
	check "1.9 new mdev has an empty matrix" eq "$(cat $A/matrix)" ""
}

# --- 2. assign / unassign ------------------------------------------------
# Covers: AP-ATTR-01 AP-ATTR-02 AP-ATTR-03 AP-ATTR-04 AP-ATTR-05 AP-ATTR-06
# Covers: AP-ATTR-07 AP-ATTR-08 AP-ATTR-11 AP-ATTR-13 AP-MOD-08 AP-BUS-08

case_assign() {
	machine && vfio_ap_mdev $UA && vfio_ap_mdev $UB || return
	check "2.1 assign_adapter junk: EINVAL" \
		eq "$(wr $A/assign_adapter x4)" EINVAL
	check "2.2 assign_adapter 256: ENODEV" \
		eq "$(wr $A/assign_adapter 256)" ENODEV
	check "2.3 assign_adapter overflow: ERANGE" \
		eq "$(wr $A/assign_adapter 99999999999999999999999)" ERANGE
	check "2.4 assign_adapter 0x4" eq "$(wr $A/assign_adapter 0x4)" OK
	check "2.5 adapter-only matrix" eq "$(cat $A/matrix)" "04."
	check "2.6 assign_adapter again is a no-op" \
		eq "$(wr $A/assign_adapter "4
")$(cat $A/matrix)" "OK04."
	check "2.7 assign_domain 1 and 02 (octal)" \
		eq "$(wr $A/assign_domain 1)$(wr $A/assign_domain 02)" OKOK
	check "2.8 matrix lists the queues" eq "$(flat $A/matrix)" \
		"04.0001 04.0002"
	check "2.9 guest_matrix equals it" eq "$(flat $A/guest_matrix)" \
		"04.0001 04.0002"
	check "2.10 queue status: assigned" \
		eq "$(cat $BUS/devices/04.0001/status)" assigned
	check "2.11 host-owned adapter: EADDRNOTAVAIL, unchanged" \
		eq "$(wr $A/assign_adapter 7)$(flat $A/matrix)" \
		   "EADDRNOTAVAIL04.0001 04.0002"
	check "2.12 adapter without domains may overlap" \
		eq "$(wr $B/assign_adapter 4)$(cat $B/matrix)" "OK04."
	check "2.13 shared queue: EADDRINUSE, unchanged" \
		eq "$(wr $B/assign_domain 2)$(cat $B/matrix)" "EADDRINUSE04."
	check "2.14 sharing is reported in the log" \
		sh -c "dmesg | grep -q 'may not assign queue 04.0002 to mdev: already assigned to $UA'"
	check "2.15 domain-only matrix" \
		eq "$(wr $B/unassign_adapter 4)$(wr $B/assign_domain 3)$(cat $B/matrix)" \
		   "OKOK.0003"
	check "2.16 unassign of an unassigned ID is a no-op" \
		eq "$(wr $A/unassign_domain 9)$(flat $A/matrix)" \
		   "OK04.0001 04.0002"
	check "2.17 unassign_domain 300: ENODEV" \
		eq "$(wr $A/unassign_domain 300)" ENODEV
	check "2.18 control domains" \
		eq "$(wr $A/assign_control_domain 3)$(wr $A/assign_control_domain 0xa)$(flat $A/control_domains)" \
		   "OKOK0003 000a"
	check "2.19 control domains need no queues and may be shared" \
		eq "$(wr $B/assign_control_domain 3)" OK
	check "2.20 assign_control_domain 256: ENODEV" \
		eq "$(wr $A/assign_control_domain 256)" ENODEV
	check "2.21 unassign_control_domain" \
		eq "$(wr $A/unassign_control_domain 0xa)$(flat $A/control_domains)" \
		   "OK0003"
}

# --- 3. ap_config ---------------------------------------------------------
# Covers: AP-ATTR-10 AP-ATTR-11 AP-BUS-09

case_ap_config() {
	assigned && vfio_ap_mdev $UB "" 3 3 || return
	CFG="$(mask_of 4),$(mask_of 1 2),$(mask_of 3)"
	check "3.1 ap_config shows the three masks" eq "$(cat $A/ap_config)" "$CFG"
	check "3.2 ap_config is 201 bytes" eq "$(wc -c < $A/ap_config)" 201
	check "3.3 ap_config junk: EINVAL, unchanged" \
		eq "$(wr $A/ap_config 0x1g,0x0,0x0)$(cat $A/ap_config)" "EINVAL$CFG"
	check "3.4 ap_config missing mask: EINVAL" \
		eq "$(wr $A/ap_config 0x1)" EINVAL
	check "3.5 ap_config host-owned: EADDRNOTAVAIL, unchanged" \
		eq "$(wr $A/ap_config "$(mask_of 4 7),$(mask_of 1),$ZERO")$(cat $A/ap_config)" \
		   "EADDRNOTAVAIL$CFG"
	echo 5 > $B/assign_adapter
	check "3.6 ap_config shared: EADDRINUSE, unchanged" \
		eq "$(wr $A/ap_config "$(mask_of 4 5),$(mask_of 3),$ZERO")$(cat $A/ap_config)" \
		   "EADDRINUSE$CFG"
	check "3.7 ap_config replaces the whole matrix" \
		eq "$(wr $A/ap_config "$(mask_of 4 5),$(mask_of 1 4),$(mask_of 7)")$(flat $A/matrix)" \
		   "OK04.0001 04.0004 05.0001 05.0004"
	check "3.8 queue left by ap_config is unassigned" \
		eq "$(cat $BUS/devices/04.0002/status)" unassigned
}

# --- 4. host ownership ----------------------------------------------------
# Covers: AP-Q-03 AP-BUS-05 bug-A10

case_host_owned() {
	assigned || return
	check "4.1 in_use veto: apmask +4 is EBUSY" \
		eq "$(wr $BUS/apmask +4)" EBUSY
	check "4.2 vetoed queue stays with vfio_ap" \
		eq "$(drv_of 04.0001)" vfio_ap
	check "4.3 unassigned adapter can go back" eq "$(wr $BUS/apmask +6)" OK
}

# --- 5. guest view and hot plug ------------------------------------------
# Covers: AP-FLT-01 AP-FLT-02 AP-FLT-03 AP-Q-01 AP-Q-02 AP-Q-04 AP-Q-05
# Covers: AP-ATTR-09 bug-A7 bug-A8

case_hotplug() {
	assigned && vfio_ap_set $BUS/apmask -9 || return
	check "5.1 over-provisioning: adapter 9 not configured yet" \
		eq "$(wr $A/assign_adapter 9)$(flat $A/matrix)|$(flat $A/guest_matrix)" \
		   "OK04.0001 04.0002 09.0001 09.0002|04.0001 04.0002"
	add_adapter 9 CEX8C
	commit
	check "5.2 adapter 9 plugged when it appears" \
		eq "$(flat $A/guest_matrix)" "04.0001 04.0002 09.0001 09.0002"
	rmdir "$CFS/adapters/9"
	commit
	check "5.3 adapter 9 unplugged when it leaves" \
		eq "$(flat $A/guest_matrix)" "04.0001 04.0002"
	echo 2-4 > "$CFS/usage_domains"
	commit
	check "5.4 domain 1 left the host: unplugged" \
		eq "$(flat $A/guest_matrix)" "04.0002"
	echo 1-4 > "$CFS/usage_domains"
	commit
	check "5.5 domain 1 back: plugged" eq "$(flat $A/guest_matrix)" \
		"04.0001 04.0002"
	echo 04.0001 > $BUS/drivers/vfio_ap/unbind
	check "5.6 unbound queue takes its whole adapter out" \
		eq "$(flat $A/guest_matrix)" ".0001 .0002"
	echo 04.0001 > $BUS/drivers/vfio_ap/bind
	check "5.7 rebound queue brings it back" eq "$(flat $A/guest_matrix)" \
		"04.0001 04.0002"
	echo 5 > "$CFS/control_domains"
	commit
	check "5.8 control domain left the host: out of the guest view" \
		eq "$(cat $A/control_domains)" "0003"
}

# --- 6. VFIO device ------------------------------------------------------
# Covers: AP-IOC-01 AP-IOC-02 AP-IOC-03 AP-IOC-04 AP-IOC-05 AP-KVM-01 AP-KVM-02
# Covers: AP-KVM-04 AP-KVM-05 AP-KVM-06 AP-KVM-07 AP-RST-01 AP-RST-02 AP-RST-03
# Covers: AP-ATTR-13 AP-LIFE-01 AP-IRQ-01 bug-A1 bug-A4 bug-A5 bug-A6

case_vfio_device() {
	assigned || return
	check "6.1 open without a guest: EINVAL" eq "$("$H" dev $UA info)" \
		"open: EINVAL"
	echo "create $UA" > "$DBG/guest_ctl"
	out=$("$H" dev $UA info info_short irqinfo 0 irqinfo 1 reqirq \
		reqirq_off reqirq_bad reqirq_bool bogus \
		cat $BUS/devices/04.0001/status cat $G/apcb reset)
	exp="flags=0x21 regions=0 irqs=2
EINVAL
flags=0x1 count=1
flags=0x1 count=1
OK
OK
EINVAL
EINVAL
EOPNOTSUPP
in use
$(mask_of 4),$(mask_of 1 2),$(mask_of 3)
OK"
	check "6.2 ioctls, status and APCB while attached" eq "$out" "$exp"
	check "6.3 status after close" \
		eq "$(cat $BUS/devices/04.0001/status)" assigned
	check "6.4 close empties the APCB" eq "$(cat $G/apcb)" "$ZERO,$ZERO,$ZERO"

	echo "04.0001 reset_polls=3" > "$DBG/queue_ctl"
	check "6.5 reset waits for a slow queue" eq "$("$H" dev $UA reset)" OK
	echo "04.0002 sticky_rc=4" > "$DBG/queue_ctl"
	check "6.6 reset of a check-stopped queue: EIO" \
		eq "$("$H" dev $UA reset)" EIO
	echo "04.0002 clear" > "$DBG/queue_ctl"
	echo "04.0002 sticky_rc=0x06" > "$DBG/queue_ctl"
	check "6.6a failed reset: EIO, adapter leaves the guest view" \
		eq "$("$H" dev $UA reset)|$(flat $A/guest_matrix)" "EIO|.0001 .0002"
	echo "04.0002 clear" > "$DBG/queue_ctl"
	check "6.6b good reset: adapter back" \
		eq "$("$H" dev $UA reset)|$(flat $A/guest_matrix)" \
		   "OK|04.0001 04.0002"

	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		cat $G/pqap cat $G/state wr $G/pqap "04.0001 off" cat $G/pqap \
		wr $G/pqap "04.0001 on 3 0" cat $G/pqap \
		wr $G/pqap "04.0001 on 3 0x20000" cat $G/pqap \
		wr $G/pqap "06.0001 on 3 0x10000" cat $G/pqap)
	exp="OK
OK
cc=0 rc=0x00 irq=1
hook 1
giscs 0x08
gisc_refs 0 0 0 1 0 0 0 0
irqs 0 0 0 0 0 0 0 0
$(sed -n 's/^gisa/gisa/p' $G/state)
OK
cc=0 rc=0x00 irq=0
OK
cc=3 rc=0x06 irq=0
OK
cc=3 rc=0x06 irq=0
OK
cc=3 rc=0x01 irq=0"
	check "6.7 PQAP(AQIC) enable, disable, bad NIBs, foreign queue" \
		eq "$out" "$exp"
	check "6.8 nothing stays registered after close" \
		eq "$(sed -n 's/^giscs //p' $G/state)" 0x00
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 2 0x10000" \
		unmap 0x10000 cat $G/state)
	check "6.9 DMA unmap of the NIB releases the GISC" \
		eq "$(echo "$out" | sed -n 's/^giscs //p')" 0x00
	echo 1 > $G/fail_gisc
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		cat $G/pqap)
	check "6.10 GISC registration failure: 0x06" \
		eq "$(echo "$out" | tail -n 1)" "cc=3 rc=0x06 irq=0"
	echo 0 > $G/fail_gisc
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		wr $DBG/queue_ctl "04.0001 inject=aqic:0x05:2" \
		wr $G/pqap "04.0001 off" cat $G/pqap cat $G/state)
	check "6.11 disable retries a busy queue, then releases the GISC" \
		eq "$(echo "$out" | sed -n 's/^\(cc=.*\)/\1/p;s/^giscs //p' | tr '\n' ' ')" \
		   "cc=0 rc=0x00 irq=0 0x00 "
}

# --- 7. large matrix -----------------------------------------------------
# Covers: AP-ATTR-08 AP-ATTR-09 AP-ATTR-10 AP-ATTR-11 AP-MOD-07

case_large_matrix() {
	machine all && vfio_ap_mdev $UA || return
	big=$(mktemp)
	check "7.1 256 x 256 ap_config" \
		eq "$(wr $A/ap_config "$FULL,$FULL,$FULL")" OK
	awk 'BEGIN { for (a = 0; a < 256; a++) for (d = 0; d < 256; d++)
		printf "%02x.%04x\n", a, d }' > "$big"
	check "7.2 matrix is 524288 bytes" eq "$(wc -c < $A/matrix)" 524288
	check "7.3 matrix reads back whole, 4096 bytes a call" \
		sh -c "'$H' rd $A/matrix 4096 | cmp -s - '$big'"
	check "7.4 and in odd-sized reads" \
		sh -c "'$H' rd $A/matrix 4093 | cmp -s - '$big'"
	rm -f "$big"
	check "7.5 guest_matrix: only the configured queues" \
		eq "$(wc -l < $A/guest_matrix)" 12
	check "7.6 control_domains lists all 256" \
		eq "$(wc -l < $A/control_domains)" 256
	echo $UB > $TYPE/create
	check "7.7 second mdev cannot take any queue" \
		eq "$(wr $B/assign_adapter 0)$(wr $B/assign_domain 0)" OKEADDRINUSE
}

# --- 8. remove ------------------------------------------------------------
# Covers: AP-LIFE-02 bug-A9

case_remove() {
	machine all && vfio_ap_mdev $UA &&
		vfio_ap_set $A/ap_config "$FULL,$FULL,$FULL" &&
		vfio_ap_mdev $UB 0 || return
	echo 1 > $A/remove
	check "8.1 removed mdev releases its queues" \
		eq "$(cat $BUS/devices/04.0001/status)" unassigned
}

# --- 9. many mdevs over the whole 256 x 256 space ------------------------
# Covers: AP-MOD-07 AP-ATTR-10 AP-ATTR-11 bug-A9

case_many_mdevs() {
	machine all || return
	ok=0
	for i in $(seq 0 31); do
		u=$(printf '0a9f4f56-1c55-4c3a-8d3e-4b8f1f2a1%03d' "$i")
		echo "$u" > $TYPE/create
		# shellcheck disable=SC2046 # one ID a word
		[ "$(wr "$MATRIX/$u/ap_config" "$(mask_of $(seq $((i * 8)) $((i * 8 + 7)))),$FULL,$ZERO")" = OK ] &&
			ok=$((ok + 1))
	done
	check "9.1 32 mdevs of 8 x 256 queues each" eq "$ok" 32
	check "9.2 available_instances counts them" \
		eq "$(cat $TYPE/available_instances)" 65504
	echo $UA > $TYPE/create
	check "9.3 every queue is taken: EADDRINUSE" \
		eq "$(wr $A/assign_domain 0x80)$(wr $A/assign_adapter 0xff)" \
		   OKEADDRINUSE
	check "9.4 each mdev reads back 2048 queues" \
		eq "$(wc -l < $MATRIX/0a9f4f56-1c55-4c3a-8d3e-4b8f1f2a1031/matrix)" 2048
	echo 1 > $A/remove
	for i in $(seq 0 31); do
		echo 1 > "$MATRIX/$(printf '0a9f4f56-1c55-4c3a-8d3e-4b8f1f2a1%03d' "$i")/remove"
	done
	check "9.5 all removed" eq "$(cat $TYPE/available_instances)" 65536
}

# --- 10. unload -----------------------------------------------------------
# Covers: AP-MOD-01 AP-MOD-02

case_unload() {
	machine all || return
	check "10.1 module unloads; it has no parameters" \
		sh -c "[ ! -e /sys/module/vfio_ap/parameters ] && rmmod vfio_ap"
}

# --- 11. QCI failing or missing at load time ------------------------------
# Covers: AP-MOD-02 AP-MOD-05 AP-MOD-08

case_qci() {
	machine all || return
	if ! rmmod vfio_ap; then
		echo "# setup: rmmod vfio_ap failed"
		return 1
	fi
	echo 1 > "$DBG/fail_qci"
	check "11.1 a failing QCI fails the load with EIO" \
		eq "$(modprobe_err vfio_ap) $(test -d $MATRIX && echo matrix)" "EIO "
	echo 0 > "$DBG/fail_qci"
	echo 1 > "$DBG/no_qci"
	modprobe vfio_ap
	echo $UA > $TYPE/create
	check "11.2 without QCI: no APXA, an empty host configuration" \
		eq "$(wr $A/assign_adapter 64)$(wr $A/assign_adapter 63)$(wr $A/assign_adapter 4)$(wr $A/assign_domain 1)|$(flat $A/guest_matrix)" \
		   "ENODEVOKOKOK|"
	echo 1 > $A/remove
	rmmod vfio_ap
	echo 0 > "$DBG/no_qci"
	modprobe vfio_ap
	echo $UA > $TYPE/create
	echo $UB > $TYPE/create
	check "11.3 with QCI back: the host configuration again" \
		eq "$(wr $A/assign_adapter 4)$(wr $A/assign_domain 1)|$(flat $A/guest_matrix)" \
		   "OKOK|04.0001"
}

# --- 12. two mdevs, one guest ---------------------------------------------
# Covers: AP-KVM-01 AP-KVM-08 bug-A1

case_two_mdevs() {
	machine all && vfio_ap_mdev $UA 4 "1 2" && vfio_ap_mdev $UB 5 1 &&
		vfio_ap_set "$DBG/guest_ctl" "create $UA" || return
	check "12.1 guest links: EEXIST for a used name, ENOENT without guest" \
		eq "$(wr $DBG/guest_ctl "link $UA $UA") $(wr $DBG/guest_ctl "link $UB $UB")" \
		   "EEXIST ENOENT"
	echo "link $UA $UB" > "$DBG/guest_ctl"
	out=$("$H" dev $UA map 0x10000 open2 $UB \
		wr $G/pqap "04.0001 on 3 0x10000" cat $G/pqap cat $G/apcb \
		unmap 0x10000)
	exp="OK
EPERM
OK
cc=0 rc=0x00 irq=1
$(mask_of 4),$(mask_of 1 2),$ZERO
OK"
	check "12.2 second open: EPERM; the first keeps its hook and view" \
		eq "$out" "$exp"
	check "12.3 no hook left after both closed" \
		eq "$(sed -n 's/^hook //p' $G/state)" 0
	check "12.4 the second mdev can attach once the first is gone" \
		eq "$("$H" dev $UB cat $G/apcb)" "$(mask_of 5),$(mask_of 1),$ZERO"
}

# --- 13. AQIC answers other than 0x00 -------------------------------------
# Covers: AP-KVM-05 AP-KVM-06 AP-KVM-07 AP-RST-03 bug-A4 bug-A5 bug-A6

case_aqic_answers() {
	two_mdevs_one_guest || return
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		wr $G/pqap "04.0001 on 3 0x10000" cat $G/pqap \
		cat $G/state unmap 0x10000 cat $G/state)
	check "13.1 enabling twice: 0x07, one ISC registration, unmap works" \
		eq "$(echo "$out" | sed -n '4p;7p;10,11p' | tr '\n' '|')" \
		   "cc=3 rc=0x07 irq=1|gisc_refs 0 0 0 1 0 0 0 0|OK|hook 1|"
	check "13.2 nothing registered after the unmap" \
		eq "$(gisc_refs)" "0 0 0 0 0 0 0 0"
	for rc in 0x07 0x05 0x08 0x0a; do
		out=$("$H" dev $UA map 0x10000 \
			wr $DBG/queue_ctl "04.0002 inject=aqic:$rc" \
			wr $G/pqap "04.0002 on 5 0x10000" cat $G/pqap \
			cat $G/state unmap 0x10000)
		check "13.3 AQIC $rc: the guest sees it, nothing stays pinned" \
			eq "$(echo "$out" | sed -n '4p;7p;$p' | tr '\n' '|')" \
			   "cc=3 rc=$rc irq=0|gisc_refs 0 0 0 0 0 0 0 0|OK|"
	done

	echo 1 > $G/fail_nib_share
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		cat $G/pqap cat $G/state unmap 0x10000)
	echo 0 > $G/fail_nib_share
	check "13.4 NIB not shareable: 0x06, page and ISC released" \
		eq "$(echo "$out" | sed -n '3p;6p;$p' | tr '\n' '|')" \
		   "cc=3 rc=0x06 irq=0|gisc_refs 0 0 0 0 0 0 0 0|OK|"
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		wr $BUS/devices/card04/config 0 reset cat $G/state \
		cat $A/guest_matrix unmap 0x10000)
	echo 1 > $BUS/devices/card04/config
	check "13.5 reset of a deconfigured adapter: EIO, NIB released, still in view" \
		eq "$(echo "$out" | sed -n '4p;7p;10,12p' | tr '\n' '|')" \
		   "EIO|gisc_refs 0 0 0 0 0 0 0 0|04.0001|04.0002|OK|"
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10000" \
		wr $DBG/guest_ctl "destroy $UA" reset wr $G/pqap "04.0001 off" \
		unmap 0x10000)
	check "13.6 guest destroyed while interruptions are on: reset and close work" \
		eq "$(echo "$out" | tr '\n' ' ')" "OK OK OK OK ENOENT OK "
}

# --- 14. interruptions reach the guest's notification byte ----------------
# Covers: AP-KVM-05 AP-RST-04 bug-A5

case_nib() {
	two_mdevs_one_guest || return
	out=$("$H" dev $UA map 0x10000 wr $G/pqap "04.0001 on 3 0x10042" \
		peek 0x42 wr $DBG/interrupt 04.0001 peek 0x42 \
		wr $G/pqap "04.0001 off" wr $DBG/interrupt 04.0001 peek 0x42 \
		wr $G/pqap "04.0001 on 3 0x10042" reset \
		wr $DBG/interrupt 04.0001 peek 0x42 unmap 0x10000)
	check "14.1 NIB set once: after enable, not after disable or reset" \
		eq "$(echo "$out" | tr '\n' ' ')" \
		   "OK OK nib=0x00 OK nib=0x01 OK OK nib=0x00 OK OK OK nib=0x00 OK "
	check "14.2 one interruption counted for guest ISC 3" \
		eq "$(irqs)" "0 0 0 1 0 0 0 0"
}

# --- 15. adapter types vfio_ap does not drive -----------------------------
# Covers: AP-MOD-06 AP-FLT-01

# unusable_adapters: two_mdevs_one_guest, then mdev UA also gets adapters
# 7 (CEX3C), 8 (CEX9P) and 9 (CEX7C), which are plugged afterwards.
unusable_adapters() {
	two_mdevs_one_guest || return
	for a in 7 8 9; do
		vfio_ap_set $A/assign_adapter $a || return
	done
	apsim_machine "7:CEX3C 8:CEX9P 9:CEX7C" 1-4 1-8 && return
	echo "# setup: adapters 7-9 not plugged"
	return 1
}

case_adapter_types() {
	unusable_adapters || return
	check "15.1 CEX3 and CEX9 queues are not bound to vfio_ap" \
		eq "$(drv_of 07.0001) $(drv_of 08.0001) $(drv_of 09.0001)" \
		   "none none vfio_ap"
	check "15.2 nor can they be bound by hand" \
		eq "$(wr $BUS/drivers/vfio_ap/bind 07.0001)$(wr $BUS/drivers/vfio_ap/bind 08.0001)" \
		   "ENODEVENODEV"
	check "15.3 only the CEX7 reaches the guest view" \
		eq "$(flat $A/guest_matrix)" "04.0001 04.0002 09.0001 09.0002"
	check "15.4 no status attribute on the unbound queues" \
		test ! -e $BUS/devices/07.0001/status \
		     -a ! -e $BUS/devices/08.0001/status
}

# --- 16. the last adapter and domains leave in one change (bug class A8) --
# Covers: AP-Q-04 AP-FLT-04 bug-A8

case_all_leave() {
	unusable_adapters || return
	echo 3 > $A/assign_control_domain
	for d in "$CFS"/adapters/*; do
		rmdir "$d"
	done
	echo > "$CFS/usage_domains"
	echo > "$CFS/control_domains"
	out=$("$H" dev $UA cat $G/apcb wr $CFS/commit 1 cat $G/apcb)
	check "16.1 an attached guest loses every adapter and domain at once" \
		eq "$out" "$(mask_of 4 9),$(mask_of 1 2),$(mask_of 3)
OK
$ZERO,$ZERO,$ZERO"
	check "16.2 the guest view is empty, the assignments stay" \
		eq "$(flat $A/guest_matrix)|$(cat $A/control_domains)|$(flat $A/matrix | wc -w)" \
		   "|0003|8"
}

# --- 17. removing an open mdev (AP-IOC-06) --------------------------------
# Covers: AP-IOC-06 AP-LIFE-02

# The helper holds the device open with the request eventfd armed; the
# remove blocks until user space gives the device back, and the request
# IRQ is how it is asked to. The FIFO orders the steps without sleeping.
case_remove_open() {
	two_mdevs_one_guest || return
	fifo=$(mktemp -u)
	mkfifo "$fifo" || return
	"$H" dev $UA reqwait > "$fifo" &
	hpid=$!
	exec 3< "$fifo"
	read -r first <&3
	rm_rc=$(wr $A/remove 1)
	read -r second <&3
	wait $hpid
	exec 3<&-
	rm -f "$fifo"
	check "17.1 removing an open mdev signals the request eventfd" \
		eq "$first|$second" "armed|req"
	check "17.2 the remove completes once the device is closed" \
		eq "$rm_rc|$(test -e $A && echo present || echo gone)" "OK|gone"
}

# --- the runner -------------------------------------------------------------

# After each case: remove what it made and empty the machine. The modules
# stay loaded between cases (loading them costs more time than most cases
# take on s390x); when something is left over, the full teardown unloads
# them and the next case loads them anew.
case_teardown() {
	vfio_ap_clean $UA $UB || vfio_ap_teardown $UA $UB
}

ktap_print_header
apsim_require vfio_ap iommufd
vfio_ap_teardown $UA $UB
apsim_cases "$CASES" case_teardown "$@"
vfio_ap_teardown $UA $UB
ktap_finished

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mdevctl's vfio-ap callout (tools/vfio-ap-callout) driven by the real
# mdevctl of Debian 12 (1.2.0, /usr/sbin/mdevctl) and of Debian 13
# (1.4.0, /usr/sbin/mdevctl-1.4) against vfio_ap on apsim: a second
# autostart definition sharing queues refused at define time, naming the
# other device; a manual one only warned about, then refused at start
# while the other is active; queues reserved for the host and IDs above
# the machine's limits refused; "define -u" of a device made by hand
# through sysfs keeping its matrix (get attributes); two conflicting
# starts at once, of which exactly one wins; and with mdevctl 1.4 a live
# change (modify --live) applied to the running device and seen in its
# matrix, guest_matrix and the open device's APCB, a conflicting one
# refused without change, and the capabilities query. Prints KTAP.
#
# Usage: vfio_ap_callout.sh [CASE...]
#
# Each scenario runs once per mdevctl version, as a case of its own (the
# CASES table: "1" selects both versions of scenario 1, "1.3" the second
# only). apsim's runner (apsim_cases) runs them; after each, the devices
# and their definitions are removed. The simulated machine, the same for
# every case, is made by the first case and kept (unless something was
# left over, then it is removed too and the next case makes it anew).
# Only the commands under test go through mdevctl: definitions that exist
# before a case are written into /etc/mdevctl.d as mdevctl writes them,
# and active devices made through sysfs, because on the s390x debug
# kernel each mdevctl command takes seconds (the program, and the
# callout run two or three times).

DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/../kselftest/ktap_helpers.sh"
. "$DIR/vfio_ap_lib.sh"

M12=/usr/sbin/mdevctl
M14=/usr/sbin/mdevctl-1.4
CALLOUT=/etc/mdevctl.d/scripts.d/callouts/vfio-ap-callout
LOCK=/run/lock/vfio-ap-callout.lock
DEFS=/etc/mdevctl.d/matrix
U1=3f6d2a10-5b1e-4c2d-8e9f-0a1b2c3d0001
U2=3f6d2a10-5b1e-4c2d-8e9f-0a1b2c3d0002
G=$DBG/guests/$U1

# The cases: ID, KTAP results, function. The 1.2 and 1.4 variants of a
# scenario share its section.
CASES="
1 3 autostart_12
1.4 3 autostart_14
2 2 manual_12
2.3 2 manual_14
3 2 host_limits_12
3.3 2 host_limits_14
4 2 persist_12
4.3 2 persist_14
5 3 concurrent_12
5.4 3 concurrent_14
6 5 live_14
"

# --- set-up and checks shared by the cases ---------------------------------

# machine: vfio_ap on adapters 4-7 (7 stays with the host), usage domains
# 1-4, control domains 1-8; kept from the case before when it is there.
machine() {
	[ -d "$CFS/adapters/7" ] && [ "$(drv_of 06.0004)" = vfio_ap ] && return 0
	vfio_ap_load vfio_ap &&
		vfio_ap_host "4:CEX7C 5:CEX8P 6:CEX6A 7:CEX7C" 1-4 1-8 -4-6
}

# json START ATTR=VALUE...: a vfio_ap device configuration in mdevctl's
# format.
json() {
	j_sep=
	printf '{"mdev_type": "vfio_ap-passthrough", "start": "%s", "attrs": [' "$1"
	shift
	for a in "$@"; do
		printf '%s{"%s": "%s"}' "$j_sep" "${a%%=*}" "${a#*=}"
		j_sep=", "
	done
	printf ']}\n'
}

# jsonfile UUID START ATTR=VALUE...: the configuration, in a file for
# --jsonfile, whose path is printed.
jsonfile() {
	j_file=/tmp/vfio_ap_callout_$1.json
	shift
	json "$@" > "$j_file" && echo "$j_file"
}

# defined UUID START ATTR=VALUE...: a definition made before the case.
defined() {
	d_uuid=$1
	shift
	mkdir -p $DEFS && json "$@" > "$DEFS/$d_uuid" && return 0
	echo "# setup: cannot write $DEFS/$d_uuid"
	return 1
}

# use 1.2|1.4: the mdevctl the case runs.
use() {
	V=$1
	case $V in 1.2) MDEVCTL=$M12 ;; *) MDEVCTL=$M14 ;; esac
}

# rid N: the name of the case's Nth result (from 0), "S.M".
rid() {
	echo "$S.$((M0 + $1))"
}

# ok ARG...: the mdevctl under test succeeds; its output is in $OUT.
ok() {
	OUT=$("$MDEVCTL" "$@" 2>&1) && return 0
	echo "# mdevctl $V $*: $(echo "$OUT" | tr '\n' ' ')"
	return 1
}

# refused TEXT ARG...: it fails, and its message carries TEXT.
refused() {
	r_want=$1
	shift
	if OUT=$("$MDEVCTL" "$@" 2>&1); then
		echo "# mdevctl $V $* succeeded: $(echo "$OUT" | tr '\n' ' ')"
		return 1
	fi
	case $OUT in *"$r_want"*) return 0 ;; esac
	echo "# mdevctl $V $*: $(echo "$OUT" | tr '\n' ' ')"
	echo "# want: $r_want"
	return 1
}

# has TEXT: the last command's output carries TEXT.
has() {
	case $OUT in *"$1"*) return 0 ;; esac
	echo "# output: $(echo "$OUT" | tr '\n' ' ')"
	echo "# want: $1"
	return 1
}

# passed STATUS: a check of the status of what ran before it.
passed() {
	return "$1"
}

# stored UUID: a definition of UUID is stored. unstored UUID: none is.
stored() {
	[ -e "$DEFS/$1" ] && return 0
	echo "# $DEFS/$1 is missing"
	return 1
}

unstored() {
	[ ! -e "$DEFS/$1" ] && return 0
	echo "# $DEFS/$1 exists: $(cat "$DEFS/$1")"
	return 1
}

# attrs_of UUID: the attrs array of a stored definition, without blanks.
attrs_of() {
	tr -d ' \n\t' < "$DEFS/$1" | sed -n 's/.*"attrs":\[\([^]]*\)\].*/\1/p'
}

# active: the vfio_ap mdevs there are, "UUID=MATRIX" each, sorted.
active() {
	for d in "$TYPE"/devices/*; do
		[ -e "$d" ] && echo "${d##*/}=$(flat "$d/matrix")"
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

# lock_free: no process holds the callout's lock. /proc/locks names a
# locked file by "MAJOR:MINOR:INODE" (hexadecimal device numbers, decimal
# inode) in its sixth field; a lock whose holders are all gone is not
# listed.
lock_free() {
	[ -e $LOCK ] || return 0
	l_ino=$(ls -i $LOCK | awk '{ print $1 }')
	l_held=$(awk -v ino="$l_ino" '{ n = split($6, f, ":") } f[n] == ino' /proc/locks)
	[ -z "$l_held" ] && return 0
	echo "# $LOCK is still locked: $l_held"
	return 1
}

# --- 1. autostart definitions ----------------------------------------------
# Covers: AP-CALLOUT-01

autostart() {
	machine || return
	f1=$(jsonfile u1 auto assign_adapter=4 assign_domain=1 assign_domain=2) &&
		f2=$(jsonfile u2 auto assign_adapter=5 assign_adapter=4 assign_domain=2) ||
		return
	ok define -u $U1 -p matrix --jsonfile "$f1" && stored $U1
	check "$(rid 0) [$V] define of an autostart device passes" passed $?
	check "$(rid 1) [$V] a second one sharing 04.0002 is refused, naming the first" \
		refused "APQNs 04.0002 are also assigned to $U1, defined to start automatically" \
			define -u $U2 -p matrix --jsonfile "$f2"
	check "$(rid 2) [$V] the refused one is not stored" unstored $U2
}

autostart_12() { use 1.2; S=1; M0=1; autostart; }
autostart_14() { use 1.4; S=1; M0=4; autostart; }

# --- 2. manual definitions, and start while the other is active ------------
# Covers: AP-CALLOUT-01 AP-CALLOUT-02

manual() {
	machine && defined $U1 manual assign_adapter=4 assign_domain=1 || return
	f2=$(jsonfile u2 manual assign_adapter=4 assign_domain=1 assign_domain=3) ||
		return
	ok define -u $U2 -p matrix --jsonfile "$f2" && stored $U2 &&
		has "APQNs 04.0001 are also assigned to $U1, defined to start manually"
	check "$(rid 0) [$V] a manual definition sharing 04.0001 passes with a warning" \
		passed $?
	# The first one started (by hand: an mdevctl start is case 5's).
	vfio_ap_mdev $U1 4 1 || return
	refused "APQNs 04.0001 are in use by the active vfio_ap device $U1" \
		start -u $U2 && eq "$(active)" "$U1=04.0001"
	check "$(rid 1) [$V] start of the second is refused, naming the active one" \
		passed $?
}

manual_12() { use 1.2; S=2; M0=1; manual; }
manual_14() { use 1.4; S=2; M0=3; manual; }

# --- 3. queues of the host, IDs above the machine's limits ----------------
# Covers: AP-CALLOUT-03

host_limits() {
	machine || return
	f1=$(jsonfile u1 manual assign_adapter=7 assign_domain=1 assign_adapter=4) &&
		f2=$(jsonfile u2 manual assign_adapter=4 assign_domain=256) || return
	refused "APQNs 07.0001 are reserved for host drivers by /sys/bus/ap/apmask and aqmask" \
		define -u $U1 -p matrix --jsonfile "$f1" && unstored $U1
	check "$(rid 0) [$V] queues reserved by apmask are refused, nothing stored" \
		passed $?
	refused "domain 256 is above this machine's highest domain ID" \
		define -u $U2 -p matrix --jsonfile "$f2" && unstored $U2
	check "$(rid 1) [$V] a domain above the machine's limit is refused, nothing stored" \
		passed $?
}

host_limits_12() { use 1.2; S=3; M0=1; host_limits; }
host_limits_14() { use 1.4; S=3; M0=3; host_limits; }

# --- 4. a device made by hand becomes persistent ---------------------------
# Covers: AP-CALLOUT-04

persist() {
	machine && vfio_ap_mdev $U1 "4 5" "2 3" 5 || return
	ok define -u $U1 && stored $U1
	check "$(rid 0) [$V] define -u of an active device made through sysfs passes" \
		passed $?
	check "$(rid 1) [$V] the definition holds its adapters, domains and control domains" \
		eq "$(attrs_of $U1)" \
		'{"assign_adapter":"0x04"},{"assign_adapter":"0x05"},{"assign_domain":"0x0002"},{"assign_domain":"0x0003"},{"assign_control_domain":"0x0005"}'
}

persist_12() { use 1.2; S=4; M0=1; persist; }
persist_14() { use 1.4; S=4; M0=3; persist; }

# --- 5. two conflicting starts at once -------------------------------------
# Covers: AP-CALLOUT-07

concurrent() {
	machine && defined $U1 manual assign_adapter=4 assign_domain=1 &&
		defined $U2 manual assign_adapter=4 assign_domain=1 assign_domain=2 ||
		return
	"$MDEVCTL" start -u $U1 > /tmp/vfio_ap_callout_1.out 2>&1 &
	p1=$!
	"$MDEVCTL" start -u $U2 > /tmp/vfio_ap_callout_2.out 2>&1 &
	p2=$!
	wait $p1
	r1=$?
	wait $p2
	r2=$?
	# The winner, with the matrix it has; the loser's output.
	case $r1,$r2 in
	0,[!0]*) win="$U1=04.0001" OUT=$(cat /tmp/vfio_ap_callout_2.out) ;;
	[!0]*,0) win="$U2=04.0001 04.0002" OUT=$(cat /tmp/vfio_ap_callout_1.out) ;;
	*)	win='' OUT='' ;;
	esac
	[ -n "$win" ] || echo "# exit codes $r1 and $r2: $(cat /tmp/vfio_ap_callout_[12].out | tr '\n' ' ')"
	check "$(rid 0) [$V] exactly one of the two starts succeeds" test -n "$win"
	[ -n "$win" ] && has "APQNs 04.0001 are in use by the active vfio_ap device ${win%%=*}"
	check "$(rid 1) [$V] the other is refused, naming the winner" passed $?
	[ -n "$win" ] && eq "$(active)" "$win" && lock_free
	check "$(rid 2) [$V] only the winner is active and the lock is free" passed $?
	rm -f /tmp/vfio_ap_callout_[12].out
}

concurrent_12() { use 1.2; S=5; M0=1; concurrent; }
concurrent_14() { use 1.4; S=5; M0=4; concurrent; }

# --- 6. live changes and capabilities (mdevctl 1.4) ------------------------
# Covers: AP-CALLOUT-05 AP-CALLOUT-06

live() {
	machine && vfio_ap_mdev $U1 4 1 && vfio_ap_mdev $U2 6 1 &&
		vfio_ap_set "$DBG/guest_ctl" "create $U1" || return
	f1=$(jsonfile u1 manual assign_adapter=4 assign_adapter=5 assign_domain=1 \
		assign_domain=2 assign_control_domain=7) &&
		f2=$(jsonfile u1b manual assign_adapter=4 assign_adapter=6 assign_domain=1) ||
		return
	# The device stays open (the guest attached) while mdevctl changes it.
	out=$("$H" dev $U1 cat $G/apcb \
		sh "MDEVCTL_LOG=debug $MDEVCTL modify -u $U1 --live --jsonfile $f1 > /tmp/vfio_ap_callout_1.out 2>&1" \
		cat $G/apcb)
	OUT=$(cat /tmp/vfio_ap_callout_1.out)
	rm -f /tmp/vfio_ap_callout_1.out
	check "$(rid 0) [$V] modify --live passes" \
		eq "$(echo "$out" | sed -n 2p)" "sh=0"
	check "$(rid 1) [$V] matrix and guest_matrix show the new matrix" \
		eq "$(flat $MATRIX/$U1/matrix)|$(flat $MATRIX/$U1/guest_matrix)|$(cat $MATRIX/$U1/control_domains)" \
		   "04.0001 04.0002 05.0001 05.0002|04.0001 04.0002 05.0001 05.0002|0007"
	check "$(rid 2) [$V] the open device's APCB changed with it" \
		eq "$(echo "$out" | sed -n '1p;3p' | tr '\n' ' ')" \
		   "$(mask_of 4),$(mask_of 1),$ZERO $(mask_of 4 5),$(mask_of 1 2),$(mask_of 7) "
	has "Script supports versioning: CalloutVersion" &&
		has "events: [Pre, Post, Get, Live]"
	check "$(rid 3) [$V] the callout's capabilities list the live modify" \
		passed $?
	refused "APQNs 06.0001 are in use by the active vfio_ap device $U2" \
		modify -u $U1 --live --jsonfile "$f2" &&
		eq "$(flat $MATRIX/$U1/matrix)" "04.0001 04.0002 05.0001 05.0002"
	check "$(rid 4) [$V] a live change sharing 06.0001 is refused, the device unchanged" \
		passed $?
}

live_14() { use 1.4; S=6; M0=1; live; }

# --- the runner -------------------------------------------------------------

# After each case: the devices, the guest, the definitions and the JSON
# files. The machine stays, unless more was left (then vfio_ap_clean
# removes it too, or vfio_ap_teardown unloads the modules).
case_teardown() {
	rm -f "$DEFS/$U1" "$DEFS/$U2" /tmp/vfio_ap_callout_*.json
	for u in $U1 $U2; do
		[ -e "$MATRIX/$u/remove" ] && echo 1 > "$MATRIX/$u/remove"
	done
	[ -d "$G" ] && echo "destroy $U1" > "$DBG/guest_ctl"
	for left in "$TYPE"/devices/* "$DBG"/guests/*; do
		[ -e "$left" ] || continue
		echo "# teardown: $left is left"
		vfio_ap_clean $U1 $U2 || vfio_ap_teardown $U1 $U2
		return
	done
	return 0
}

ktap_print_header
for m in $M12 $M14 $CALLOUT; do
	[ -x "$m" ] || ktap_exit_fail_msg "$m is not installed"
done
apsim_require vfio_ap iommufd
vfio_ap_clean $U1 $U2 || vfio_ap_teardown $U1 $U2
apsim_cases "$CASES" case_teardown "$@"
vfio_ap_teardown $U1 $U2
ktap_finished

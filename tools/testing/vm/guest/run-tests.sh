#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of "run.sh --tests": runs the KUnit modules and the kselftest
# suites found in the image and frames each one's output so that the host
# (parse-results.py) can count the results:
#
#   ZMDEV-BEGIN <kind>/<name>
#   ... KTAP / TAP ...
#   ZMDEV-END <kind>/<name> rc=<exit status>
#
# Arguments select what runs: "kunit" (all KUnit modules), a KUnit module
# name ("mdevsim_kunit"), or a selftest suite name ("mdevsim"), optionally
# "suite:program". Without arguments everything runs. dmesg is printed last,
# between ZMDEV-DMESG-BEGIN and ZMDEV-DMESG-END, for the splat check.
#
# If /zmdev/resume-after names a frame ("kunit/foo_kunit"), every frame up to
# and including it is skipped: the host uses this to go on after a test that
# crashed the VM.

kver=$(uname -r)
failed=0
sel="$*"
resume_after=$(cat /zmdev/resume-after 2>/dev/null)

# skipped FRAME: true while resuming and FRAME is not past the crash point.
skipped() {
	[ -z "$resume_after" ] && return 1
	[ "$1" = "$resume_after" ] && resume_after=
	return 0
}

selected() {
	[ -z "$sel" ] && return 0
	for s in $sel; do
		[ "$s" = "$1" ] && return 0
		[ -n "$2" ] && [ "$s" = "$2" ] && return 0
		[ -n "$3" ] && [ "$s" = "$3" ] && return 0
	done
	return 1
}

# Seconds since boot, and a line with how long a frame took (for
# build/check/vm-<arch>.times on the host; not part of the results).
uptime_s() { cut -d' ' -f1 /proc/uptime; }
frame_time() { echo "ZMDEV-TIME $1 $(awk -v a="$2" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }')"; }

run_kunit() {
	mod=$1
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	t0=$(uptime_s)
	echo "ZMDEV-BEGIN kunit/$mod"
	modprobe "$mod"
	rc=$?
	for d in /sys/kernel/debug/kunit/*; do
		[ -f "$d/results" ] || continue
		echo "$before" | grep -qx "$(basename "$d")" && continue
		cat "$d/results"
		grep -q '^[[:space:]]*not ok' "$d/results" && failed=1
	done
	[ "$rc" -eq 0 ] || failed=1
	echo "ZMDEV-END kunit/$mod rc=$rc"
	frame_time "kunit/$mod" "$t0"
	# A test module stays loaded unless it pins the module it tests (which
	# the selftests unload and reload): loading modules into just-freed
	# module space trips a qemu-system-s390x TCG bug (see /init).
	if grep "/$mod.ko:" /lib/modules/"$kver"/modules.dep | tr ' ' '\n' |
	   grep '\.ko$' | grep -qv '/kunit\.ko$'; then
		rmmod "$mod" 2>/dev/null
	fi
}

for ko in $(find /lib/modules/"$kver"/updates -name '*_kunit.ko' 2>/dev/null | sort); do
	mod=$(basename "$ko" .ko)
	selected kunit "$mod" || continue
	skipped "kunit/$mod" && continue
	run_kunit "$mod"
done

for dir in /zmdev/selftests/*/; do
	suite=$(basename "$dir")
	[ "$suite" = kselftest ] && continue
	[ -f "$dir/zmdev-tests" ] || continue
	timeout=120
	[ -f "$dir/settings" ] && t=$(sed -n 's/^timeout=//p' "$dir/settings") && [ -n "$t" ] && timeout=$t
	for prog in $(cat "$dir/zmdev-tests"); do
		selected selftests "$suite" "$suite:$prog" || continue
		skipped "selftest/$suite/$prog" && continue
		t0=$(uptime_s)
		echo "ZMDEV-BEGIN selftest/$suite/$prog"
		(cd "$dir" && timeout "$timeout" "./$prog" 2>&1)
		rc=$?
		# kselftest exit codes: 0 pass, 4 skip; anything else failed.
		[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || failed=1
		echo "ZMDEV-END selftest/$suite/$prog rc=$rc"
		frame_time "selftest/$suite/$prog" "$t0"
	done
done

echo "ZMDEV-DMESG-BEGIN"
dmesg
echo "ZMDEV-DMESG-END"
# Non-zero when a program or KUnit case failed, so that run.sh's own exit
# status tells (make check counts cases with parse-results.py instead).
exit $failed

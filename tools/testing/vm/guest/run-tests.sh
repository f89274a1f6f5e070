#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of "run.sh --tests": runs the KUnit modules and the kselftest
# programs found in the image. Each one is a frame; the host
# (parse-results.py) counts its results and attributes kernel reports to it:
#
#   ZMDEV-RUN-BEGIN hz=<HZ>
#   ZMDEV-BEGIN <kind>/<name> t=<uptime>
#   ... KTAP / TAP ...
#   ZMDEV-END <kind>/<name> rc=<exit status> t=<uptime>
#   ZMDEV-DMESG-BEGIN <kind>/<name>
#   ... the kernel messages logged since the previous frame ...
#   ZMDEV-DMESG-END <kind>/<name>
#   ZMDEV-KMEMLEAK-BEGIN <kind>/<name> t=<uptime>
#   ... objects a kmemleak scan found unreferenced ...
#   ZMDEV-KMEMLEAK-END <kind>/<name>
#   ...
#   ZMDEV-RUN-END
#
# kmemleak reports an object only once it is MSECS_MIN_AGE (5 s) old, so
# a leak made late in one frame can be reported after a later one; the
# host attributes each object to the frame that was running when it was
# allocated (its jiffies, converted with HZ). After the last frame the
# runner waits until that frame's objects are old enough and scans once
# more. Objects reported are then cleared, so each is reported once.
#
# Arguments select what runs: "kunit" (all KUnit modules), a KUnit module
# name ("mdevsim_kunit"), or a selftest suite name ("mdevsim"), optionally
# "suite:program". Without arguments everything runs.
#
# If /zmdev/resume-after names a frame ("kunit/foo_kunit"), every frame up to
# and including it is skipped: the host uses this to go on after a test that
# crashed the VM.

kver=$(uname -r)
failed=0
sel="$*"
resume_after=$(cat /zmdev/resume-after 2>/dev/null)
kml=/sys/kernel/debug/kmemleak
hz=$(cat /zmdev/hz 2>/dev/null)

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

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# kmemleak_report NAME: scan, print what is unreferenced, forget it.
kmemleak_report() {
	[ -w "$kml" ] || return 0
	echo scan > "$kml"
	echo "ZMDEV-KMEMLEAK-BEGIN $1 t=$(uptime_s)"
	cat "$kml"
	echo "ZMDEV-KMEMLEAK-END $1"
	echo clear > "$kml"
}

frame_begin() {
	frame=$1
	frame_t0=$(uptime_s)
	echo "ZMDEV-BEGIN $frame t=$frame_t0"
}

# frame_end RC: close the frame, then its kernel messages and leaks. A
# frame's rc is 0 (pass), 4 (skipped as a whole) or a failure.
frame_end() {
	t1=$(uptime_s)
	echo "ZMDEV-END $frame rc=$1 t=$t1"
	[ "$1" -eq 0 ] || [ "$1" -eq 4 ] || failed=1
	echo "ZMDEV-TIME $frame $(awk -v a="$frame_t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	echo "ZMDEV-DMESG-BEGIN $frame"
	dmesg -c
	echo "ZMDEV-DMESG-END $frame"
	kmemleak_report "$frame"
	last_end=$t1
}

# A KUnit module: load it (the suites run at load), print the KTAP of the
# suites it added, unload it so that its exit path is checked too.
run_kunit() {
	mod=$1
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	frame_begin "kunit/$mod"
	modprobe "$mod"
	rc=$?
	for d in /sys/kernel/debug/kunit/*; do
		[ -f "$d/results" ] || continue
		echo "$before" | grep -qx "$(basename "$d")" && continue
		cat "$d/results"
		grep -q '^[[:space:]]*not ok' "$d/results" && failed=1
	done
	if [ "$rc" -eq 0 ] && ! rmmod "$mod"; then
		echo "# rmmod $mod failed"
		rc=1
	fi
	frame_end "$rc"
}

echo "ZMDEV-RUN-BEGIN hz=$hz"
# What boot itself left unreferenced is the kernel's, not a test's: the
# host reports it as a note. Everything after this is attributed.
echo "ZMDEV-DMESG-BEGIN boot"
dmesg -c
echo "ZMDEV-DMESG-END boot"
kmemleak_report boot

last_end=$(uptime_s)
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
		frame_begin "selftest/$suite/$prog"
		(cd "$dir" && timeout "$timeout" "./$prog" 2>&1)
		frame_end $?
	done
done

# The last frame's objects become reportable MSECS_MIN_AGE after it ended:
# wait for kmemleak's own threshold (not for a test), then scan once more.
if [ -w "$kml" ]; then
	wait_s=$(awk -v a="$last_end" -v b="$(uptime_s)" 'BEGIN { w = a + 5.5 - b; printf "%.1f", (w > 0 ? w : 0) }')
	sleep "$wait_s"
fi
echo "ZMDEV-DMESG-BEGIN end"
dmesg -c
echo "ZMDEV-DMESG-END end"
kmemleak_report end
echo "ZMDEV-RUN-END"
# Non-zero when a program or KUnit module failed, so that run.sh's own exit
# status tells (make check counts cases with parse-results.py instead).
exit $failed

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One bounded libFuzzer run of out/cp-fuzz (make fuzz builds it first).
#
#   fuzz.sh [-t SECONDS] [-u SECONDS] [-o OUTDIR] [-- LIBFUZZER-ARGS...]
#
# -t  how long to fuzz (default 120; 0 = until a -runs=N given after -- ends it)
# -u  seconds one input may take before it counts as a hang (default 60)
# -o  where the run writes (default out/fuzz): OUTDIR/corpus collects the
#     new inputs (and feeds them to the next run), OUTDIR/artifacts gets the
#     input of a crash, leak or timeout, OUTDIR/fuzz.log libFuzzer's output.
#     The committed corpus/ is only read.
#
# The last line is the result, for people and for CI:
#   fuzz/ccw-cp: N execs in T s (R/s), corpus C0 -> C1 inputs, cov V0 -> V1, 0 crashes
# (corpus and coverage as libFuzzer counts them when it starts and ends;
# the line before gives the seed count and what OUTDIR/corpus holds now),
# or "fuzz/ccw-cp: FAILED ..." with the reason, the input that caused it and
# the log. The exit status is non-zero on a crash, leak, timeout, sanitizer
# report, broken invariant (cp-fuzz aborts) or a run that did not finish.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
secs=120
unit=60
out=$here/out/fuzz
while [ $# -gt 0 ]; do
	case $1 in
	-t)	secs=$2; shift 2 ;;
	-u)	unit=$2; shift 2 ;;
	-o)	out=$2; shift 2 ;;
	--)	shift; break ;;
	-h|--help) sed -n '3,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*)	echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

bin=$here/out/cp-fuzz
[ -x "$bin" ] || { echo "fuzz/ccw-cp: FAILED: $bin is not built (run make fuzz)"; exit 1; }
mkdir -p "$out/corpus" "$out/artifacts" || exit 1
out=$(cd "$out" && pwd)
log=$out/fuzz.log
seeds=$(find "$here/corpus" -type f | wc -l)

# libFuzzer stops at the first crash; the outer timeout only catches a run
# that does not stop by itself (-max_total_time is checked between inputs).
# -timeout is wall-clock time: an input takes well under a millisecond, but
# on a loaded machine a niced run can wait for a CPU for seconds (a 10 s
# limit fired that way once, at nice 19 with CPU pressure at 99%; the input
# replayed in 0.5 ms), so the default allows a minute.
limit=0
[ "$secs" -gt 0 ] && limit=$((secs + unit + 300))
t0=$(date +%s)
timeout -k 10 "$limit" "$bin" -max_total_time="$secs" -timeout="$unit" \
	-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
	"$@" "$out/corpus" "$here/corpus" > "$log" 2>&1
rc=$?
wall=$(($(date +%s) - t0))

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
execs=$(stat number_of_executed_units)
rate=$(stat average_exec_per_sec)
new=$(stat new_units_added)
# libFuzzer's status lines: "#N INITED|DONE cov: C ft: F corp: U/SIZE ..."
status() { sed -n "s/^#[0-9]*[[:space:]]*$1 .*cov: \([0-9]*\) .*corp: \([0-9]*\)\/.*/\1 \2/p" "$log" | tail -n 1; }
read -r cov0 corp0 <<< "$(status INITED)"
read -r cov1 corp1 <<< "$(status DONE)"
secs_run=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)

# Anything a sanitizer, libFuzzer or the target's own checks report.
bad=$(grep -m 1 -E '^==[0-9]+== ?ERROR|runtime error:|invariant broken|deadly signal|ALARM: working on the last Unit|out-of-memory|^SUMMARY: ' "$log")
if [ $rc -ne 0 ] || [ -n "$bad" ] || [ -z "$execs" ]; then
	[ -n "$bad" ] || bad="libFuzzer exited with status $rc"
	[ $rc -eq 124 ] && bad="the run did not end within $limit s"
	input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	tail -n 30 "$log" >&2
	echo "fuzz/ccw-cp: FAILED after ${execs:-?} execs in $wall s: $bad${input:+; input: $input}; log: $log"
	exit 1
fi
kept=$(find "$out/corpus" -type f | wc -l)
echo "fuzz/ccw-cp: $seeds seeds in corpus/, $kept inputs kept in $out/corpus, $new new units this run"
echo "fuzz/ccw-cp: $execs execs in ${secs_run:-$wall} s ($rate/s), corpus ${corp0:-?} -> ${corp1:-?} inputs, cov ${cov0:-?} -> ${cov1:-?}, 0 crashes"

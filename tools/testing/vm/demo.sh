#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": build everything for s390x, boot the VM, load the modules with
# modprobe and show them at work (guest/demo.sh is the script the VM runs).
#
#   demo.sh [--arch s390x|x86_64] [--build DIR] [--timeout SEC] [--log FILE]
#           [--quiet] [--no-build]
#
# The console streams to the terminal (--quiet: only to the log). The exit
# status is non-zero when a build fails, the VM does not finish, a step of
# the demo fails, or the kernel reports a WARN, BUG, KASAN, UBSAN, lockdep
# problem or a leak during it; the last line says which. CI runs it as a
# smoke test: demo.sh --quiet --build DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
arch=s390x
build=
timeout_s=900
logfile=
quiet=0
opts=()

while [ $# -gt 0 ]; do
	case $1 in
	--arch)		arch=$2; shift 2 ;;
	--build)	build=$2; shift 2 ;;
	--timeout)	timeout_s=$2; shift 2 ;;
	--log)		logfile=$2; shift 2 ;;
	--quiet)	opts+=(--quiet); quiet=1; shift ;;
	--no-build)	opts+=(--no-build); shift ;;
	-h|--help)	sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*)		echo "demo.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
case $arch in s390|s390x) arch=s390x ;; esac
build=${build:-$top/build/$arch}
console=$build/demo-console.log
mkdir -p "$build"

t0=$(date +%s)
set +e
"$here/run.sh" --arch "$arch" --build "$build" --timeout "$timeout_s" --log "$console" \
	"${opts[@]}" --add "$here/guest/demo.sh:/zmdev/bin/zmdev-demo" -- 'sh /zmdev/bin/zmdev-demo'
rc=$?
set -e
[ -n "$logfile" ] && [ -f "$console" ] && cp "$console" "$logfile"
secs=$(($(date +%s) - t0))

if [ $rc -ne 0 ]; then
	if [ -f "$console" ]; then
		[ $quiet -eq 0 ] || tr -d '\r' < "$console" | tail -n 30 >&2
		tr -d '\r' < "$console" | grep -E '^(FAILED: |demo: )' >&2 || true
	fi
	echo "demo: FAILED (status $rc) after $secs s; console log: $console"
	exit 1
fi
# A kernel report anywhere in the run fails it, even one the guest's own
# dmesg check could not see (the console is at warning level).
splat='WARNING: |BUG: |BUG [^ ]+ \(|kernel BUG at|Oops|Unable to handle kernel|Kernel panic|KASAN: |UBSAN: |INFO: task .* blocked|list_(add|del) corruption|ODEBUG: |refcount_t: |kmemleak: [0-9]+ new suspected|^unreferenced object '
if tr -d '\r' < "$console" | sed 's/^\[ *[0-9.]*\] //' | grep -E "$splat" >&2; then
	echo "demo: FAILED: the kernel reported a problem after $secs s; console log: $console"
	exit 1
fi
echo "demo: all steps succeeded on $arch in $secs s"

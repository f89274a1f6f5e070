#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": every build, static check and test of zmdev, ending with the
# line "N passed, N failed, N skipped".
#
#   scripts/check.sh [all|checkpatch|sparse|check-build|harness|vm]
#
# Each static check counts as tests in the summary (one per file for
# checkpatch, one per architecture for the W=1 build and for sparse); the VM
# runs add every KUnit case and kselftest case from both VMs. Details of each
# step are in build/check/.
# ZMDEV_ARCHES (default "s390x x86_64") limits the architectures.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
arches=${ZMDEV_ARCHES:-s390x x86_64}
out=$top/build/check
mkdir -p "$out"
totals=$out/totals
: > "$totals"
start=$(date +%s)

say() { printf '%s\n' "$*"; }
record() {	# record NAME PASSED FAILED SKIPPED
	say "$1: $2 passed, $3 failed, $4 skipped"
	echo "$2 $3 $4" >> "$totals"
}
elapsed() { echo "$(( $(date +%s) - start ))s"; }

ksrc() { readlink -f "$("$top/scripts/kernel.sh" "$1")/source"; }

# Problems in a build log: compiler and kernel-doc warnings and errors, and
# modpost's (an unresolved symbol is "WARNING: modpost: ... undefined!").
build_problems() { grep -E '(warning|error):|WARNING: modpost|ERROR: modpost' "$1"; }

# build_step NAME LOG MAKE-ARGS...: one make run of the wrapper; it passes
# when make succeeds and the log has no problems. On failure the problems
# and the end of the log are shown.
build_step() {
	local name=$1 log=$2
	shift 2
	if make -C "$top" "$@" > "$log" 2>&1 && ! build_problems "$log" > /dev/null; then
		record "$name" 1 0 0
	else
		build_problems "$log" | head -20
		tail -5 "$log"
		record "$name" 0 1 0
	fi
}

# W=1 build (kernel-doc included): zero warnings, zero errors.
check_build() {
	build_step "build/$1 (W=1)" "$out/build-$1.log" ARCH="$1" modules W=1
}

# sparse over every module source (C=2 checks files even if up to date).
check_sparse() {
	build_step "sparse/$1" "$out/sparse-$1.log" ARCH="$1" modules C=2 W=1
}

# The production build: vfio_ap with its real AP bus/KVM backend (and
# vfio_ccw) against the s390x-prod kernel, which has CONFIG_AP and
# CONFIG_KVM. It is never booted (no AP facility or KVM under TCG), so this
# compiles and links only: W=1, sparse and modpost, all clean.
# ZMDEV_APSIM=n: fail, rather than fall back to apsim, if that kernel ever
# loses CONFIG_AP or CONFIG_KVM.
check_prod_build() {
	local kdir name="build/s390x-prod (W=1, sparse, real AP bus + KVM)"
	kdir=$("$top/scripts/kernel.sh" s390x-prod) || { record "$name" 0 1 0; return; }
	build_step "$name" "$out/build-s390x-prod.log" ARCH=s390x KDIR="$kdir" \
		BUILD="$top/build/s390x-prod" ZMDEV_APSIM=n modules C=2 W=1
}

# checkpatch --strict on every C source and header we own, two at a time.
# User-space test programs cannot use the kernel's attribute macros
# (__packed, __aligned), so that one rule is off for them; libFuzzer fixes
# the CamelCase name of the fuzz entry point in ccw-cp. The harness's
# shim headers (tools/testing/ccw-cp/include/) stand in for kernel headers
# such as linux/types.h and must define what checkpatch forbids (typedefs of
# u8 and friends), so they are not checked.
checkpatch_one() {
	local f=$1 extra= log
	case $f in
	tools/testing/ccw-cp/*)	extra=,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE ;;
	tools/*)		extra=,PREFER_DEFINED_ATTRIBUTE_MACRO ;;
	esac
	log=$(mktemp)
	if "$CHECKPATCH" --strict --no-tree --quiet --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG$extra -f "$f" > "$log" 2>&1; then
		echo "PASS $f"
	else
		echo "FAIL $f"
		sed 's/^/    /' "$log"
	fi
	rm -f "$log"
}

check_checkpatch() {
	local pass fail log=$out/checkpatch.log
	CHECKPATCH=$(ksrc s390x)/scripts/checkpatch.pl
	export CHECKPATCH
	export -f checkpatch_one
	(cd "$top" && git ls-files -z --cached --others --exclude-standard \
		-- 'drivers/*.[ch]' 'include/*.[ch]' 'tools/testing/selftests/*.[ch]' \
		'tools/testing/ccw-cp/*.[ch]' ':!tools/testing/ccw-cp/include/*' |
		xargs -0 -r -n 1 -P 2 bash -c 'checkpatch_one "$0"') > "$log"
	pass=$(grep -c '^PASS ' "$log")
	fail=$(grep -c '^FAIL ' "$log")
	[ "$fail" -eq 0 ] || grep -v '^PASS ' "$log" | grep -E '^(FAIL|    (ERROR|WARNING|CHECK))' | head -30
	record "checkpatch --strict ($((pass + fail)) files)" "$pass" "$fail" 0
}

# User-space harnesses (kernel code compiled into user space).
check_harness() {
	local d log line
	for d in "$top"/tools/testing/ccw-cp; do
		[ -f "$d/Makefile" ] || continue
		log=$out/harness-$(basename "$d").log
		if make -C "$d" check > "$log" 2>&1; then :; else
			tail -20 "$log"
		fi
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		if [ -n "$line" ]; then
			set -- $(echo "$line" | tr -d ',' | awk '{print $1, $3, ($5 == "" ? 0 : $5)}')
			record "harness/$(basename "$d")" "$1" "$2" "$3"
		else
			record "harness/$(basename "$d")" 0 1 0
		fi
	done
	# A bounded fuzz pass over the committed seed corpus.
	log=$out/fuzz-ccw-cp.log
	if make -C "$top/tools/testing/ccw-cp" fuzz-ci FUZZ_TIME="${ZMDEV_FUZZ_TIME:-30}" > "$log" 2>&1; then
		record "fuzz/ccw-cp (${ZMDEV_FUZZ_TIME:-30} s)" 1 0 0
	else
		tail -20 "$log"
		record "fuzz/ccw-cp (${ZMDEV_FUZZ_TIME:-30} s)" 0 1 0
	fi
}

# KUnit and kselftests in the VM. A test that crashes the kernel ends the
# VM; the run then goes on in a new VM after the test that crashed (which
# counts as failed), at most four times.
#
# One exception, for a known emulator bug: qemu-system-s390x (7.2, TCG)
# now and then runs stale translated code in a module loaded where another
# module was just unloaded (see tools/testing/vm/README.md). It has shown
# as an "illegal operation" oops and as nonsense pointers in a module that
# was loaded after an unload. When an s390x VM dies with an oops that names
# a "last unloaded" module, the test that was running is run once more in
# a new VM instead of being counted as failed; the crashed VM's console is
# kept in vm-<arch>.flake-<n>.log and the summary says so. A real bug in our
# code crashes the second time too and fails as usual.
emulator_fault() {	# emulator_fault PART_LOG LINE_OF_CRASHED_BEGIN
	tail -n +"$2" "$1" |
		grep -E '(illegal operation: |Oops: |Kernel panic)' -A 400 |
		grep -q 'last unloaded: '
}
check_vm() {
	local arch=$1
	local log=$out/vm-$arch.log part=$out/vm-$arch.part resume= boot last at
	local retried= nflake=0
	: > "$log"
	: > "$out/vm-$arch.build.log"
	rm -f "$out/vm-$arch".flake-*.log
	say "vm/$arch: booting (console log: $log)"
	for boot in 1 2 3 4 5; do
		"$top/tools/testing/vm/run.sh" --arch "$arch" --quiet --log "$part" \
			--timeout 1500 ${resume:+--resume-after "$resume"} --tests 2>> "$out/vm-$arch.build.log"
		sed -i 's/\r$//' "$part"	# the serial console ends lines with CR LF
		if grep -q 'ZMDEV-EXIT: ' "$part"; then
			cat "$part" >> "$log"
			break
		fi
		last=$(sed -n 's/.*ZMDEV-BEGIN //p' "$part" | tail -n 1)
		if [ -z "$last" ]; then
			cat "$part" >> "$log"
			break
		fi
		# Line of the crashed test's BEGIN; what follows is its output.
		at=$(grep -n -F -x "ZMDEV-BEGIN $last" "$part" | tail -n 1 | cut -d: -f1)
		if [ "$arch" = s390x ] && [ "$retried" != "$last" ] && [ -n "$at" ] &&
		   emulator_fault "$part" "$at"; then
			# Keep what came before the crashed test; re-run that test.
			nflake=$((nflake + 1))
			head -n $((at - 1)) "$part" >> "$log"
			cp "$part" "$out/vm-$arch.flake-$nflake.log"
			say "vm/$arch: crash after a module unload (known emulator fault) in $last;" \
				"running it again in a new VM (console: vm-$arch.flake-$nflake.log)"
			retried=$last
			resume=$(sed -n 's/.*ZMDEV-BEGIN //p' "$log" | tail -n 1)
			continue
		fi
		cat "$part" >> "$log"
		say "vm/$arch: the VM died in $last; going on in a new VM"
		resume=$last
	done
	rm -f "$part"
	# Where the VM's time went, slowest first.
	sed -n 's/^.*ZMDEV-TIME //p' "$log" | sort -k2 -rn > "$out/vm-$arch.times"
	"$top/tools/testing/vm/parse-results.py" --label "vm/$arch" --totals "$totals" "$log" ||
		true
}

# The VMs run at the same time: each test inside a guest runs on one vCPU
# most of the time, so two TCG guests share the host's cores well. Each
# VM's messages are kept apart and printed when it ends.
check_vms_concurrently() {
	local a pids=()
	for a in $arches; do
		(check_vm "$a"; say "vm/$a done ($(elapsed))") > "$out/vm-$a.summary" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
	for a in $arches; do cat "$out/vm-$a.summary"; done
}

prod=
case " $arches " in *" s390x "*) prod=s390x-prod ;; esac
for a in $arches $prod; do
	"$top/scripts/kernel.sh" "$a" > /dev/null || { record "kernel/$a" 0 1 0; continue; }
done
say "kernels ready ($(elapsed))"

case $what in
checkpatch)	check_checkpatch ;;
sparse)		for a in $arches; do check_sparse "$a"; done ;;
check-build)	for a in $arches; do check_build "$a"; done
		[ -z "$prod" ] || check_prod_build ;;
harness)	check_harness ;;
vm)		check_vms_concurrently ;;
all)
	for a in $arches; do check_build "$a"; done
	for a in $arches; do check_sparse "$a"; done
	[ -z "$prod" ] || check_prod_build
	check_checkpatch
	check_harness
	say "static checks done ($(elapsed))"
	check_vms_concurrently
	;;
*)	echo "check.sh: unknown step '$what'" >&2; exit 2 ;;
esac

read -r p f s < <(awk '{p += $1; f += $2; s += $3} END {print p+0, f+0, s+0}' "$totals")
say "make check took $(elapsed)"
say "$p passed, $f failed, $s skipped" | tee "$out/summary"
[ "$f" -eq 0 ]

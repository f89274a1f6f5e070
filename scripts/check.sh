#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": every build, static check and test of zmdev, ending with the
# line "N passed, N failed" (the line before it gives the skips).
#
#   scripts/check.sh [all|checkpatch|sparse|check-build|parser|deps|harness|callout|cmf-tool|fuzz|smoke|vm]
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
		'tools/testing/ccw-cp/*.[ch]' ':!tools/testing/ccw-cp/include/*' \
		'tools/testing/bench/*.[ch]' \
		'tools/vfio-ap-callout/*.[ch]' 'tools/vfio-ccw-cmf/*.[ch]' |
		xargs -0 -r -n 1 -P 2 bash -c 'checkpatch_one "$0"') > "$log"
	pass=$(grep -c '^PASS ' "$log")
	fail=$(grep -c '^FAIL ' "$log")
	[ "$fail" -eq 0 ] || grep -v '^PASS ' "$log" | grep -E '^(FAIL|    (ERROR|WARNING|CHECK))' | head -30
	record "checkpatch --strict ($((pass + fail)) files)" "$pass" "$fail" 0
}

# tap_step NAME LOG CMD...: run a program that prints TAP; each "ok" line
# is a pass, each "not ok" a failure, and a non-zero exit without a failed
# case (or with no cases at all) one more failure.
tap_step() {
	local name=$1 log=$2 rc p f
	shift 2
	"$@" > "$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ] || [ $((p + f)) -eq 0 ]; then
		f=$((f + 1))
	fi
	[ "$f" -eq 0 ] || { grep '^not ok ' "$log" | head -10; tail -5 "$log"; }
	record "$name" "$p" "$f" 0
}

# The VM result parser's own unit test: one sample per kernel report class.
check_parser() {
	tap_step "vm/parse-results self-test" "$out/parse-results-test.log" \
		python3 "$top/tools/testing/vm/test_parse_results.py"
}

# The file layering of every module (scripts/file-deps.py): no two files,
# and no ring of files, use each other; the scanner's own test first.
check_file_deps() {
	tap_step "file-deps self-test" "$out/file-deps-test.log" \
		python3 "$top/scripts/file-deps.py" --self-test
	tap_step "file-deps (module files layered)" "$out/file-deps.log" \
		python3 "$top/scripts/file-deps.py" --graph
}

# User-space harnesses (kernel code compiled into user space).
check_harness() {
	local d log line rc
	for d in "$top"/tools/testing/ccw-cp; do
		[ -f "$d/Makefile" ] || continue
		log=$out/harness-$(basename "$d").log
		make -C "$d" check > "$log" 2>&1
		rc=$?
		[ $rc -eq 0 ] || tail -20 "$log"
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		if [ -n "$line" ]; then
			set -- $(echo "$line" | tr -d ',' | awk '{print $1, $3, ($5 == "" ? 0 : $5)}')
			# A make failure after the summary (the corpus replay, a
			# crash) is one more failure.
			[ $rc -eq 0 ] || set -- "$1" $(($2 + 1)) "$3"
			record "harness/$(basename "$d")" "$1" "$2" "$3"
		else
			record "harness/$(basename "$d")" 0 1 0
		fi
	done
}

# vfio-ccw-cmf (tools/vfio-ccw-cmf): its test program on canned region
# contents, ASan + UBSan, one result per case; "make cmf-tool" must build
# the tool itself.
check_cmf_tool() {
	tap_step "vfio-ccw-cmf (ASan+UBSan)" "$out/cmf-tool.log" \
		make -C "$top/tools/vfio-ccw-cmf" check OUT="$top/build/vfio-ccw-cmf"
}

# mdevctl's vfio-ap callout (tools/vfio-ap-callout): its test program,
# ASan + UBSan, one result per case; then "make callout" and "make
# callout_install" into a scratch DESTDIR, whose installed callout must
# answer mdevctl's capabilities query.
check_callout() {
	local dest=$out/callout-root log=$out/callout-install.log bin
	tap_step "callout (vfio-ap-callout, ASan+UBSan)" "$out/callout.log" \
		make -C "$top/tools/vfio-ap-callout" check
	rm -rf "$dest"
	if make -C "$top" callout > "$log" 2>&1 &&
		make -C "$top" callout_install DESTDIR="$dest" >> "$log" 2>&1 &&
		bin=$(find "$dest" -type f -name vfio-ap-callout | head -n 1) &&
		[ -n "$bin" ] &&
		echo '{}' | "$bin" -t vfio_ap-passthrough -e get -a capabilities \
			-s none -u 00000000-0000-0000-0000-000000000000 -p matrix \
			2>> "$log" | grep -q '"supports"'; then
		record "callout: make callout, make callout_install" 1 0 0
	else
		tail -5 "$log"
		record "callout: make callout, make callout_install" 0 1 0
	fi
}

# KUnit and kselftests in the VM: check_vm ARCH PART [SELECTOR...] runs the
# selected tests (all without selectors) in VMs of ARCH; PART names the
# logs, build/check/vm-ARCH[-PART].{log,times}; PART "debian" boots
# Debian's stock kernel instead of the project's (run.sh --kernel debian). A test that crashes the
# kernel ends the VM: it counts as failed (parse-results.py shows the
# report, which stays in the console log), and the run goes on in a new VM
# after that test, so that the later results are kept. A VM that ends
# early is itself a failure, whether it crashed, hung or ran out of time.
# Nothing is run twice.
check_vm() {
	local arch=$1 part=$2 name log part_log resume= boot last rc limit=1800 kernel=test
	shift 2
	[ "$part" = debian ] && kernel=debian
	name=$arch${part:+-$part}
	log=$out/vm-$name.log
	part_log=$out/vm-$name.part
	: > "$log"
	: > "$out/vm-$name.build.log"
	say "vm/$name: booting (console log: $log)"
	for boot in 1 2 3 4 5 6; do
		"$top/tools/testing/vm/run.sh" --arch "$arch" --kernel $kernel --quiet --log "$part_log" --no-build \
			--timeout $limit ${resume:+--resume-after "$resume"} --tests "$@" \
			2>> "$out/vm-$name.build.log"
		rc=$?
		sed -i 's/\r$//' "$part_log"	# the serial console ends lines with CR LF
		cat "$part_log" >> "$log"
		grep -q 'ZMDEV-EXIT: ' "$part_log" && break
		last=$(sed -n 's/.*ZMDEV-BEGIN \([^ ]*\).*/\1/p' "$part_log" | tail -n 1)
		if [ -z "$last" ] || [ "$last" = "$resume" ]; then
			say "vm/$name: the VM died before running a test (see $out/vm-$name.build.log)"
			tail -5 "$out/vm-$name.build.log"
			break
		fi
		if [ $rc -eq 124 ]; then
			say "vm/$name: the VM ran out of time ($limit s) in or after $last; going on in a new VM after it"
		else
			say "vm/$name: the VM died in or after $last; going on in a new VM after it"
		fi
		resume=$last
	done
	rm -f "$part_log"
	# Where the VM's time went, slowest first.
	sed -n 's/^.*ZMDEV-TIME //p' "$log" | sort -k2 -rn > "$out/vm-$name.times"
	"$top/tools/testing/vm/parse-results.py" --label "vm/$name" --totals "$totals" "$log" ||
		true
	say "vm/$name done ($(elapsed))"
}

# The selftest suites that the s390x "drivers" part runs: all but the
# simulators' own, which run with the KUnit modules in the "sims" part,
# and the stock kernel's own (debian_suites). Listing the rest (not
# naming them) keeps a new suite from falling between the parts.
driver_suites() {
	local d n
	for d in "$top"/tools/testing/selftests/*/Makefile; do
		n=$(basename "$(dirname "$d")")
		case $n in apsim|mdevsim|zmdev-lib|vfio_ccw_admin|vfio_ap_hw|vfio_ccw_qemu) ;;
		*) printf '%s ' "$n" ;; esac
	done
}

# A bounded run of the ccw-cp fuzzer (make fuzz): it passes when the run
# ends without a crash, leak, hang or broken invariant. The result line
# carries the exec count. New inputs stay in build/fuzz and feed the next
# run.
check_fuzz() {
	local log=$out/fuzz.log line
	make -C "$top" fuzz FUZZ_TIME="${ZMDEV_FUZZ_TIME:-180}" > "$log" 2>&1
	local rc=$?
	line=$(grep '^fuzz/ccw-cp: ' "$log" | tail -n 1)
	say "${line:-fuzz/ccw-cp: no result line (see $log)}"
	if [ $rc -eq 0 ] && [ -n "$line" ]; then
		record "fuzz/ccw-cp" 1 0 0
	else
		tail -20 "$log"
		record "fuzz/ccw-cp" 0 1 0
	fi
}

# The README's other targets, smoke-run so that they cannot rot: make demo
# and one short round of make bench, both in an s390x VM, in a build
# directory of their own (the s390x test run may still be using its own),
# and one short round of make bench BENCH_KERNEL=debian on Debian 13's
# stock kernel, in another (bench.sh builds the modules it needs there).
# Each fails on a failed step or a kernel report.
check_smoke() {
	local log
	log=$out/demo.log
	if "$top/tools/testing/vm/demo.sh" --quiet --build "$out/smoke-s390x" \
		--log "$out/demo-console.log" > "$log" 2>&1; then
		record "smoke/make demo" 1 0 0
	else
		tail -20 "$log"
		record "smoke/make demo" 0 1 0
	fi
	log=$out/bench.log
	if "$top/tools/testing/vm/bench.sh" --smoke --no-build --build "$out/smoke-s390x" \
		> "$log" 2>&1; then
		record "smoke/make bench" 1 0 0
	else
		tail -20 "$log"
		record "smoke/make bench" 0 1 0
	fi
	log=$out/bench-debian.log
	if "$top/tools/testing/vm/bench.sh" --kernel debian --smoke --no-build \
		--build "$out/smoke-s390x-debian" > "$log" 2>&1; then
		record "smoke/make bench BENCH_KERNEL=debian" 1 0 0
	else
		tail -20 "$log"
		record "smoke/make bench BENCH_KERNEL=debian" 0 1 0
	fi
}

# The upstream rules and bug classes that no test names (make rules),
# printed for people; the reference lives outside the repository, so it is
# a report and not a test.
report_rules() {
	"$top/scripts/rule-coverage.py" > "$out/rules.log" 2>&1
	grep -E '^(upstream rules|zmdev rules|bug classes|rules):' "$out/rules.log" ||
		tail -3 "$out/rules.log"
}

# The suites that run on a stock Debian kernel: mdevsim on Debian 12's
# amd64 kernel; on Debian 13's s390x kernel, with Debian 13's user space,
# vfio_ccw, its administration with Debian's tools (vfio_ccw_admin) and
# vfio_ap's production backend (vfio_ap_hw); each built against the
# kernel's headers and installed by the install path
# (scripts/debian-build.sh --install). vfio_ccw_admin runs only here: on
# the project's debug kernel mdevctl and driverctl take minutes for what
# vfio_ccw_sysfs.sh already covers of the driver there, and there is no
# driverctl in its image; vfio_ap_hw needs the production build, which
# only this lane boots; vfio_ccw_qemu runs Debian 13's own QEMU, which
# only this lane's image carries (run.sh adds it for that suite).
debian_suites() {
	case $1 in
	x86_64)	echo mdevsim ;;
	s390x)	echo vfio_ccw vfio_ccw_admin vfio_ap_hw vfio_ccw_qemu ;;
	esac
}

# The VM runs, the fuzzer and the smoke runs share the host's two cores in
# two lanes (each VM has one TCG thread per vCPU; the s390x VM one vCPU).
# The s390x tests take about twice as long as the x86_64 ones, so they are
# split in two VMs, one starting each lane; each lane's messages are kept
# apart and printed when all have ended. The modules and selftests are built
# first, once per architecture, and the VMs share them.
run_lane() {
	local job a
	for job in "$@"; do
		case $job in
		vm-s390x-sims)		check_vm s390x sims kunit apsim mdevsim ;;
		vm-s390x-drivers)	check_vm s390x drivers $(driver_suites) ;;
		vm-x86_64)		check_vm x86_64 "" ;;
		vm-*-debian)		a=${job#vm-}; a=${a%-debian}
					check_vm "$a" debian $(debian_suites "$a") ;;
		fuzz)			check_fuzz ;;
		smoke)			check_smoke ;;
		esac
	done
}

check_vms_concurrently() {
	local a lane1=() lane2=() pid1 pid2
	local builds=$arches kernel sels
	# The stock Debian kernels' suites are named at build time too: a
	# stock kernel's configuration may lack what their fragments ask for
	# (run.sh).
	case " $arches " in *" x86_64 "*) builds="$builds x86_64-debian" ;; esac
	case " $arches " in *" s390x "*) builds="$builds s390x-debian" ;; esac
	for a in $builds; do
		case $a in
		*-debian)	kernel=debian sels=$(debian_suites "${a%-debian}") ;;
		*)		kernel=test sels= ;;
		esac
		"$top/tools/testing/vm/run.sh" --arch "${a%-debian}" --kernel $kernel \
			--build-only ${sels:+--tests $sels} > "$out/vm-build-$a.log" 2>&1 ||
			{ tail -5 "$out/vm-build-$a.log"; record "vm/$a: build" 0 1 0; }
	done
	case " $arches " in *" s390x "*)
		lane1+=(vm-s390x-drivers vm-s390x-debian)
		lane2+=(vm-s390x-sims) ;;
	esac
	# The fuzzer and the smoke runs make the second lane the longer one.
	case " $arches " in *" x86_64 "*) lane1+=(vm-x86_64 vm-x86_64-debian) ;; esac
	if [ "$what" = all ]; then
		lane2+=(fuzz)
		[ -z "$prod" ] || lane2+=(smoke)
	fi
	run_lane "${lane1[@]}" > "$out/lane1.summary" 2>&1 &
	pid1=$!
	run_lane "${lane2[@]}" > "$out/lane2.summary" 2>&1 &
	pid2=$!
	wait $pid1 $pid2
	cat "$out/lane1.summary" "$out/lane2.summary"
}

prod=
case " $arches " in *" s390x "*) prod=s390x-prod ;; esac
build_kernels() {
	local a
	for a in $arches $prod; do
		"$top/scripts/kernel.sh" "$a" > /dev/null || { record "kernel/$a" 0 1 0; continue; }
	done
	say "kernels ready ($(elapsed))"
}
case $what in parser|deps|harness|callout|cmf-tool|fuzz) ;; *) build_kernels ;; esac

case $what in
checkpatch)	check_checkpatch ;;
sparse)		for a in $arches; do check_sparse "$a"; done ;;
check-build)	for a in $arches; do check_build "$a"; done
		[ -z "$prod" ] || check_prod_build ;;
harness)	check_harness ;;
callout)	check_callout ;;
cmf-tool)	check_cmf_tool ;;
parser)		check_parser ;;
deps)		check_file_deps ;;
fuzz)		check_fuzz ;;
smoke)		check_smoke ;;
vm)		check_vms_concurrently ;;
all)
	for a in $arches; do check_build "$a"; done
	for a in $arches; do check_sparse "$a"; done
	[ -z "$prod" ] || check_prod_build
	check_checkpatch
	check_parser
	check_file_deps
	check_harness
	check_callout
	check_cmf_tool
	report_rules
	say "static checks done ($(elapsed))"
	check_vms_concurrently
	;;
*)	echo "check.sh: unknown step '$what'" >&2; exit 2 ;;
esac

read -r p f s < <(awk '{p += $1; f += $2; s += $3} END {print p+0, f+0, s+0}' "$totals")
say "make check took $(elapsed)"
say "$s skipped"
say "$p passed, $f failed" | tee "$out/summary"
[ "$f" -eq 0 ]

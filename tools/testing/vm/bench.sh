#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our vfio_ccw against the in-kernel vfio_ccw of the test
# kernel's Linux source, and both against the floor (the same channel
# programs started without VFIO by a kernel-internal caller), measured in
# one s390x VM run. Not a test: it prints times and ratios and DMA memory
# and exits 0 whenever the run itself worked. It exits non-zero when a
# build fails, the VM run fails, a round gives no result or the kernel
# reports a WARN, BUG, KASAN, UBSAN, lockdep or kmemleak problem.
#
#   bench.sh [--kernel test|debian] [--build DIR]
#            [--rounds "ours upstream floor ..."] [--log FILE]
#            [--no-build]   (reuse the modules and selftests run.sh built;
#                           with --kernel debian bench.sh always builds the
#                           modules it needs itself and no selftests)
#            [--timeout SEC] (VM run limit, default 900)
#            [--smoke]      (one short round of each, for CI: rounds
#                           "ours upstream floor", BENCH_SENSE=20,
#                           BENCH_XLATE=2: the least that gives a median)
#
#   --kernel    test (default): the project's debug kernel;
#               debian: Debian 13's stock s390x kernel, the production
#               configuration (run.sh --kernel debian): our modules and the
#               mdev core built and installed by scripts/debian-build.sh,
#               the reference vfio_ccw built from Debian's own
#               linux-source-6.12 against Debian's linux-headers and the
#               mdev core (default build directory build/s390x-debian)
#
# Environment: BENCH_SENSE (SENSE ID round trips per round, default 100),
# BENCH_XLATE (translation-heavy programs per round, default 10),
# BENCH_DEVNO (device to use, default 0.0.0300, a virtio-rng).
# The ratios of a smoke run are printed but mean little; a full run takes
# 12 rounds, 4 of each, interleaved.
#
# The programs (tools/testing/bench/bench_programs.h): one SENSE ID, and
# 256 command-chained 4 KiB reads through format-2 IDALs.
# The reference module is built here from the kernel source's
# drivers/s390/cio/vfio_ccw_*.[ch] with tools/testing/bench/upstream.Kbuild.in,
# in $BUILD/bench/upstream, and the floor module from
# tools/testing/bench/ccw_floor.c in $BUILD/bench/floor; nothing of them is
# kept in the repository or installed. The guest side is
# tools/testing/bench/guest-bench.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
bdir=$top/tools/testing/bench
kernel="test"
build=
rounds="ours upstream floor ours upstream floor ours upstream floor ours upstream floor"
buildopt=
logfile=
timeout_s=900
sense=${BENCH_SENSE:-100}
xlate=${BENCH_XLATE:-10}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel)	kernel=$2; shift 2 ;;
	--build)	build=$2; shift 2 ;;
	--rounds)	rounds=$2; shift 2 ;;
	--log)		logfile=$2; shift 2 ;;
	--timeout)	timeout_s=$2; shift 2 ;;
	--no-build)	buildopt=--no-build; shift ;;
	--smoke)	rounds="ours upstream floor"; sense=${BENCH_SENSE:-20}
			xlate=${BENCH_XLATE:-2}; shift ;;
	-h|--help)	sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*)		echo "bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
log() { echo "bench.sh: $*" >&2; }

cross=s390x-linux-gnu-
[ "$(uname -m)" = s390x ] && cross=
# The project's kernel also gives the uAPI headers of the benchmark
# program (a headers package has none); its 6.12 uAPI is the stock one's.
tkdir=$("$top/scripts/kernel.sh" s390x)
case $kernel in
test)	kdir=$tkdir
	build=${build:-$top/build/s390x}
	what="the project's test kernel" ;;
debian)	kdir=$("$top/scripts/debian-kernel.sh" s390x)
	build=${build:-$top/build/s390x-debian}
	what="Debian 13's stock kernel $(cat "$kdir/include/config/kernel.release")" ;;
*)	log "unknown kernel '$kernel' (test or debian)"; exit 2 ;;
esac
# kbuild's M= wants an absolute path.
mkdir -p "$build/bench"
build=$(cd "$build" && pwd)
if [ "$kernel" = test ]; then
	ksrc=$(readlink -f "$kdir/source")
else
	# The in-kernel vfio_ccw's files from Debian's linux-source, extracted
	# once per tarball.
	tarball=$kdir/zmdev-source
	ksrc=$build/bench/linux-source
	stamp="$(readlink -f "$tarball") $(stat -c '%s %Y' "$tarball")"
	if [ "$(cat "$ksrc/.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$ksrc"
		mkdir -p "$ksrc"
		topdir=$(tar -tf "$tarball" | head -n 1) || true
		topdir=${topdir%%/*}
		log "extracting the in-kernel vfio_ccw from $tarball"
		tar -xf "$tarball" -C "$ksrc" --strip-components=1 --wildcards \
			"$topdir/drivers/s390/cio/vfio_ccw_*" "$topdir/drivers/s390/cio/Makefile"
		echo "$stamp" > "$ksrc/.stamp"
	fi
fi
[ -f "$ksrc/drivers/s390/cio/vfio_ccw_drv.c" ] ||
	{ log "no vfio_ccw sources in $ksrc"; exit 1; }

# 1. The reference module, from exactly the source of the kernel that
#    runs it, and the floor module.
ref=$build/bench/upstream
rm -rf "$ref"
mkdir -p "$ref"
cp "$ksrc"/drivers/s390/cio/vfio_ccw_*.[ch] "$ref/"
objs=$(sed -n '/^vfio_ccw-objs/,/[^\\]$/p' "$ksrc/drivers/s390/cio/Makefile" |
       sed 's/^vfio_ccw-objs[ \t]*+\{0,1\}=//; s/\\$//' | tr -s ' \t\n' ' ')
[ -n "${objs// /}" ] || { log "no vfio_ccw object list in cio's Makefile"; exit 1; }
sed "s|@OBJS@|${objs# }|" "$bdir/upstream.Kbuild.in" > "$ref/Kbuild"
floor=$build/bench/floor
rm -rf "$floor"
mkdir -p "$floor"
cp "$bdir/ccw_floor.c" "$bdir/bench_programs.h" "$floor/"
cp "$bdir/floor.Kbuild" "$floor/Kbuild"
log "building the reference vfio_ccw from $ksrc and the floor module"
if [ "$kernel" = debian ]; then
	# As our modules are built for this kernel: the same compiler
	# stand-ins, the mdev core built from the source, cio's headers.
	"$top/scripts/debian-build.sh" --kdir "$kdir" --build "$build" \
		--source "$kdir/zmdev-source" --extmod "$ref" --extmod "$floor" >&2
	# That built ours too; the VM needs no selftests.
	buildopt=--no-build
else
	for m in "$ref" "$floor"; do
		make -s -C "$kdir" M="$m" ARCH=s390 CROSS_COMPILE=$cross -j2 modules >&2
	done
fi

# 2. The benchmark program, with the vfio_ccw selftests' helpers and the
#    VFIO library they are built on.
st=$top/tools/testing/selftests/vfio_ccw
zl=$top/tools/testing/selftests/zmdev-lib
stage=$build/bench/guest
mkdir -p "$stage"
log "building vfio_ccw_bench"
"${cross}gcc" -static -O2 -Wall -isystem "$tkdir/usr-headers/include" -I"$st" -I"$zl" \
	-o "$stage/vfio_ccw_bench" "$bdir/vfio_ccw_bench.c" "$st/vfio_ccw_util.c" \
	"$zl/vfio_util.c"
cp "$bdir/guest-bench.sh" "$stage/"

# 3. One VM run, both drivers, interleaved. run.sh builds our modules.
console=$build/bench/console.log
log "booting the s390x VM, $what (rounds: $rounds)"
set +e
"$here/run.sh" --arch s390x --kernel "$kernel" --build "$build" $buildopt --timeout "$timeout_s" --quiet --log "$console" \
	--add "$ref/vfio_ccw.ko:/zmdev/bench/upstream/vfio_ccw.ko" \
	--add "$floor/ccw_floor.ko:/zmdev/bench/floor/ccw_floor.ko" \
	--add "$stage/vfio_ccw_bench:/zmdev/bench/vfio_ccw_bench" \
	--add "$stage/guest-bench.sh:/zmdev/bench/guest-bench.sh" \
	-- "BENCH_SENSE=$sense BENCH_XLATE=$xlate BENCH_DEVNO=${BENCH_DEVNO:-0.0.0300} sh /zmdev/bench/guest-bench.sh run $rounds"
rc=$?
set -e
[ -n "$logfile" ] && cp "$console" "$logfile"
tr -d '\r' < "$console" | grep -E '^bench(-result|-floor|-dma)?:' >&2 || true
if [ $rc -ne 0 ]; then
	log "the VM run failed (status $rc); console log: $console"
	tr -d '\r' < "$console" | tail -n 30 >&2
	exit 1
fi
# A kernel report during the run (either driver) fails it. The console is
# at warning level and guest-bench.sh ends with a kmemleak scan.
splat='WARNING: |BUG: |BUG [^ ]+ \(|kernel BUG at|Oops|Unable to handle kernel|Kernel panic|KASAN: |UBSAN: |INFO: task .* blocked|list_(add|del) corruption|ODEBUG: |refcount_t: |kmemleak: [0-9]+ new suspected|^unreferenced object '
if tr -d '\r' < "$console" | sed 's/^\[ *[0-9.]*\] //' | grep -E "$splat" >&2; then
	log "the kernel reported a problem; console log: $console"
	exit 1
fi

# 4. Times as the median of each one's per-round medians (the host is
#    shared: a round during which it was busy is an outlier that a mean
#    would carry), and each driver's overhead above the floor. The ratio
#    is the median of the ratios of the i-th ours and the i-th upstream
#    round, which ran one after the other: the host's load drifts over a
#    run by more than the drivers differ. DMA bytes as the largest seen in
#    any round of a driver.
tr -d '\r' < "$console" | awk -v what="$what" '
function val(s,   kv) { split(s, kv, "="); return kv[2] + 0 }
function max(a, b) { return a > b ? a : b }
# median(a, k): the median of a[1..k] (sorted in place)
function median(a, k,   i, j, t) {
	for (i = 2; i <= k; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
function row(name, o, u, f, r) {
	printf "%-36s %9.0f %9.0f %9.0f %7.3f %9.0f %9.0f\n", name, o / 1000,
		u / 1000, f / 1000, r, (o - f) / 1000, (u - f) / 1000
}
$1 == "bench-result:" || $1 == "bench-floor:" {
	d = $3; k = ++n[d]
	sr[d, k] = val($4); xr[d, k] = val($5)
}
$1 == "bench-result:" {
	zidle[d] = max(zidle[d], val($7) - val($6))
	zleft[d] = max(zleft[d], val($8) - val($6))
	ridle[d] = max(ridle[d], val($9))
	rbusy[d] = max(rbusy[d], val($9) + val($10))
}
END {
	if (!n["ours"] || !n["upstream"] || !n["floor"]) {
		print "bench.sh: no results for both drivers and the floor" > "/dev/stderr"
		exit 1
	}
	for (d in n) {
		for (k = 1; k <= n[d]; k++) { a[k] = sr[d, k]; b[k] = xr[d, k] }
		sense[d] = median(a, n[d]); xlate[d] = median(b, n[d])
	}
	np = n["ours"] < n["upstream"] ? n["ours"] : n["upstream"]
	for (k = 1; k <= np; k++) {
		a[k] = sr["ours", k] / sr["upstream", k]
		b[k] = xr["ours", k] / xr["upstream", k]
	}
	rsense = median(a, np); rxlate = median(b, np)
	printf "\nvfio_ccw: ours against the in-kernel driver and the floor\n"
	printf "(%s, s390x TCG, %d+%d+%d rounds interleaved; medians in us)\n", what, n["ours"], n["upstream"], n["floor"]
	printf "%-36s %9s %9s %9s %7s %9s %9s\n", "", "ours", "upstream", "floor", "ratio", "ours-fl", "upstr-fl"
	row("SENSE ID round trip", sense["ours"], sense["upstream"], sense["floor"], rsense)
	row("256 chained 4K IDAL reads", xlate["ours"], xlate["upstream"], xlate["floor"], rxlate)
	printf "%-36s %9d %9d\n", "ZONE_DMA slab bytes, idle open mdev", zidle["ours"], zidle["upstream"]
	printf "%-36s %9d %9d\n", "ZONE_DMA slab left after removal", zleft["ours"], zleft["upstream"]
	printf "%-36s %9d %9d\n", "GFP_DMA bytes held, idle open mdev", ridle["ours"], ridle["upstream"]
	printf "%-36s %9d %9d\n", "GFP_DMA bytes held, peak busy", rbusy["ours"], rbusy["upstream"]
	print "ratio = ours / upstream time, the median over the pairs of rounds that"
	print "ran one after the other; below 1 means ours is faster. floor = the same"
	print "program started by a kernel module without VFIO (ccw_floor); ours-fl,"
	print "upstr-fl = each driver'"'"'s time above the floor."
}'

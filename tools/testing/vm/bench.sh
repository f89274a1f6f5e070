#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our vfio_ccw against the in-kernel vfio_ccw of the test
# kernel's Linux source, measured in one s390x VM run. Not a test: it prints
# ratios and DMA memory and exits 0 whenever the run itself worked. It exits
# non-zero when a build fails, the VM run fails, a round gives no result or
# the kernel reports a WARN, BUG, KASAN, UBSAN, lockdep or kmemleak problem.
#
#   bench.sh [--build DIR] [--rounds "ours upstream ..."] [--log FILE]
#            [--no-build]   (reuse the modules and selftests run.sh built)
#            [--timeout SEC] (VM run limit, default 900)
#            [--smoke]      (one short round of each driver, for CI: rounds
#                           "ours upstream", BENCH_SENSE=20, BENCH_XLATE=4)
#
# Environment: BENCH_SENSE (SENSE ID round trips per round, default 100),
# BENCH_XLATE (translation-heavy programs per round, default 10),
# BENCH_DEVNO (device to use, default 0.0.0300, a virtio-rng).
# The ratios of a smoke run are printed but mean little; a full run takes
# 8 rounds.
#
# The reference module is built here from $KDIR/source's
# drivers/s390/cio/vfio_ccw_*.[ch] with tools/testing/bench/upstream.Kbuild.in,
# in $BUILD/bench/upstream; nothing of it is kept in the repository. The guest
# side is tools/testing/bench/guest-bench.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
bdir=$top/tools/testing/bench
build=$top/build/s390x
rounds="ours upstream ours upstream ours upstream ours upstream"
buildopt=
logfile=
timeout_s=900
sense=${BENCH_SENSE:-100}
xlate=${BENCH_XLATE:-10}

while [ $# -gt 0 ]; do
	case $1 in
	--build)	build=$2; shift 2 ;;
	--rounds)	rounds=$2; shift 2 ;;
	--log)		logfile=$2; shift 2 ;;
	--timeout)	timeout_s=$2; shift 2 ;;
	--no-build)	buildopt=--no-build; shift ;;
	--smoke)	rounds="ours upstream"; sense=${BENCH_SENSE:-20}
			xlate=${BENCH_XLATE:-4}; shift ;;
	-h|--help)	sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*)		echo "bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
log() { echo "bench.sh: $*" >&2; }

cross=s390x-linux-gnu-
[ "$(uname -m)" = s390x ] && cross=
kdir=$("$top/scripts/kernel.sh" s390x)
ksrc=$(readlink -f "$kdir/source")
[ -f "$ksrc/drivers/s390/cio/vfio_ccw_drv.c" ] ||
	{ log "no vfio_ccw sources in $ksrc"; exit 1; }

# 1. The reference module, from exactly the source the test kernel uses.
ref=$build/bench/upstream
rm -rf "$ref"
mkdir -p "$ref"
cp "$ksrc"/drivers/s390/cio/vfio_ccw_*.[ch] "$ref/"
objs=$(sed -n '/^vfio_ccw-objs/,/[^\\]$/p' "$ksrc/drivers/s390/cio/Makefile" |
       sed 's/^vfio_ccw-objs[ \t]*+\{0,1\}=//; s/\\$//' | tr -s ' \t\n' ' ')
[ -n "${objs// /}" ] || { log "no vfio_ccw object list in cio's Makefile"; exit 1; }
sed "s|@OBJS@|${objs# }|" "$bdir/upstream.Kbuild.in" > "$ref/Kbuild"
log "building the reference vfio_ccw from $ksrc"
make -s -C "$kdir" M="$ref" ARCH=s390 CROSS_COMPILE=$cross -j2 modules >&2

# 2. The benchmark program, with the vfio_ccw selftests' helpers and the
#    VFIO library they are built on.
st=$top/tools/testing/selftests/vfio_ccw
zl=$top/tools/testing/selftests/zmdev-lib
stage=$build/bench/guest
mkdir -p "$stage"
log "building vfio_ccw_bench"
"${cross}gcc" -static -O2 -Wall -isystem "$kdir/usr-headers/include" -I"$st" -I"$zl" \
	-o "$stage/vfio_ccw_bench" "$bdir/vfio_ccw_bench.c" "$st/vfio_ccw_util.c" \
	"$zl/vfio_util.c"
cp "$bdir/guest-bench.sh" "$stage/"

# 3. One VM run, both drivers, interleaved. run.sh builds our modules.
console=$build/bench/console.log
log "booting the s390x VM (rounds: $rounds)"
set +e
"$here/run.sh" --arch s390x --build "$build" $buildopt --timeout "$timeout_s" --quiet --log "$console" \
	--add "$ref/vfio_ccw.ko:/zmdev/bench/upstream/vfio_ccw.ko" \
	--add "$stage/vfio_ccw_bench:/zmdev/bench/vfio_ccw_bench" \
	--add "$stage/guest-bench.sh:/zmdev/bench/guest-bench.sh" \
	-- "BENCH_SENSE=$sense BENCH_XLATE=$xlate BENCH_DEVNO=${BENCH_DEVNO:-0.0.0300} sh /zmdev/bench/guest-bench.sh run $rounds"
rc=$?
set -e
[ -n "$logfile" ] && cp "$console" "$logfile"
tr -d '\r' < "$console" | grep -E '^bench(-result|-dma)?:' >&2 || true
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

# 4. Ratios of the means of each driver's per-round medians; DMA bytes as
#    the largest seen in any round of a driver.
tr -d '\r' < "$console" | awk '
function val(s,   kv) { split(s, kv, "="); return kv[2] + 0 }
function max(a, b) { return a > b ? a : b }
$1 == "bench-result:" {
	d = $3; n[d]++
	sense[d] += val($4); xlate[d] += val($5)
	zidle[d] = max(zidle[d], val($7) - val($6))
	zleft[d] = max(zleft[d], val($8) - val($6))
	ridle[d] = max(ridle[d], val($9))
	rbusy[d] = max(rbusy[d], val($9) + val($10))
}
END {
	if (!n["ours"] || !n["upstream"]) {
		print "bench.sh: no results for both drivers" > "/dev/stderr"
		exit 1
	}
	for (d in n) { sense[d] /= n[d]; xlate[d] /= n[d] }
	printf "\nvfio_ccw: ours against the in-kernel driver (s390x TCG, %d+%d rounds interleaved)\n", n["ours"], n["upstream"]
	printf "%-44s %10s %10s %7s\n", "", "ours", "upstream", "ratio"
	printf "%-44s %10.0f %10.0f %7.3f\n", "SENSE ID round trip, us (median)", sense["ours"] / 1000, sense["upstream"] / 1000, sense["ours"] / sense["upstream"]
	printf "%-44s %10.0f %10.0f %7.3f\n", "16x8 SENSE ID + 4K IDAL program, us (median)", xlate["ours"] / 1000, xlate["upstream"] / 1000, xlate["ours"] / xlate["upstream"]
	printf "%-44s %10d %10d\n", "ZONE_DMA slab bytes, idle open mdev", zidle["ours"], zidle["upstream"]
	printf "%-44s %10d %10d\n", "ZONE_DMA slab bytes left after mdev removal", zleft["ours"], zleft["upstream"]
	printf "%-44s %10d %10d\n", "GFP_DMA bytes held, idle open mdev", ridle["ours"], ridle["upstream"]
	printf "%-44s %10d %10d\n", "GFP_DMA bytes held, peak with program busy", rbusy["ours"], rbusy["upstream"]
	print "ratio = ours / upstream time; below 1 means ours is faster."
}'

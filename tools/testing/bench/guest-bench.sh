#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of "make bench" (see tools/testing/vm/bench.sh): runs in the
# s390x test VM and measures our vfio_ccw (modprobe, from updates/), the
# in-kernel one built as a reference module (insmod from $BENCH_DIR/upstream)
# and the floor, the same programs started by the ccw_floor module without
# VFIO (insmod from $BENCH_DIR/floor), on the same subchannel, one module
# loaded at a time, in interleaved rounds.
#
#   guest-bench.sh run [ROUNDS]    e.g. "ours upstream floor ours upstream floor"
#   guest-bench.sh dma             print the ZONE_DMA slab bytes now
#   guest-bench.sh idle            (run by vfio_ccw_bench) record the idle state
#   guest-bench.sh trace 0|1       (run by vfio_ccw_bench) kmem events off/on
#
# Environment: BENCH_SENSE, BENCH_XLATE (iterations), BENCH_DEVNO.
#
# Each round prints one line for bench.sh to collect:
#   bench-result: <round> <driver> sense=<ns> xlate=<ns> base=<B> idle=<B>
#                 after=<B> idlereq=<B> peakreq=<B>
#   bench-floor: <round> floor sense=<ns> xlate=<ns>
# base, idle and after are the ZONE_DMA slab bytes in use before the mdev
# exists, with it created and open, and after it is removed. idlereq is what
# the driver asked for with GFP_DMA and still held at the idle point (from
# kmem trace events, since a GFP_DMA request on a cache that is not a DMA
# cache does not land in ZONE_DMA); peakreq the most GFP_DMA memory held on
# top of that while one translation-heavy program ran.

BENCH_DIR=${BENCH_DIR:-/zmdev/bench}
BENCH_SENSE=${BENCH_SENSE:-100}
BENCH_XLATE=${BENCH_XLATE:-10}
BENCH_DEVNO=${BENCH_DEVNO:-0.0.0300}
UUID=7ccf0b00-0000-4000-8000-000000000300
CSS=/sys/bus/css/devices
TRACE=/sys/kernel/tracing/instances/zmdev_bench

die() { echo "bench: $*" >&2; dmesg | tail -n 20 >&2; exit 1; }

# Bytes in use in the slab caches whose memory comes from ZONE_DMA (below
# 2 GiB on s390): every cache with cache_dma set, which are the
# dma-kmalloc-* caches unless a module made its own. Aliases of merged
# caches are skipped. Shrinking first flushes the per-CPU slabs, so that
# "objects" counts live objects only.
dma_bytes() {
	total=0
	detail=
	for f in $(grep -l '^1' /sys/kernel/slab/*/cache_dma); do
		c=${f%/cache_dma}
		[ -L "$c" ] && continue
		echo 1 > "$c/shrink" 2>/dev/null
		objs=$(cut -d' ' -f1 "$c/objects")
		size=$(cat "$c/object_size")
		total=$((total + objs * size))
		[ "$objs" -gt 0 ] && detail="$detail $(basename "$c")=${objs}x$size"
	done
	echo "$total"
	echo "bench-dma: $total:$detail" >&2
}

find_sch() {
	for s in "$CSS"/*; do
		[ "$(cat "$s/dev_busid" 2>/dev/null)" = "$BENCH_DEVNO" ] &&
			{ basename "$s"; return 0; }
	done
	return 1
}

load() {
	case $1 in
	ours)		modprobe vfio_ccw ;;
	upstream)	insmod "$BENCH_DIR/upstream/vfio_ccw.ko" ;;
	esac || die "cannot load the $1 vfio_ccw"
}

bind_sch() {
	cur=$(readlink "$CSS/$SCH/driver" 2>/dev/null)
	case $cur in */vfio_ccw) return 0 ;; esac
	[ -n "$cur" ] && echo "$SCH" > "$CSS/$SCH/driver/unbind"
	echo "$SCH" > /sys/bus/css/drivers/vfio_ccw/bind ||
		die "cannot bind $SCH to vfio_ccw"
}

trace_setup() {
	mkdir -p "$TRACE" || die "no tracefs instance"
	echo 0 > "$TRACE/tracing_on"
	echo 1024 > "$TRACE/buffer_size_kb"
	for e in kmalloc kmem_cache_alloc; do
		# keep only requests for memory below 2 GiB (__GFP_DMA)
		echo 'gfp_flags & 1' > "$TRACE/events/kmem/$e/filter" 2>/dev/null
	done
	trace_events 1
	trace_events 0
}

# The events are on only in the traced windows, never while timing.
trace_events() {
	for e in kmalloc kmem_cache_alloc kfree kmem_cache_free; do
		echo "$1" > "$TRACE/events/kmem/$e/enable" || die "no kmem events"
	done
	echo "$1" > "$TRACE/tracing_on"
}

# GFP_DMA requests over the traced window: "<peak> <still allocated>", in
# bytes allocated (kmalloc rounds up), matching frees by pointer.
trace_dma() {
	awk '
	/ (kmalloc|kmem_cache_alloc): / && /GFP_DMA/ {
		p = ""; b = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^ptr=/) p = substr($i, 5)
			if ($i ~ /^bytes_alloc=/) b = substr($i, 13) + 0
		}
		live[p] = b; cur += b
		if (cur > peak) peak = cur
		next
	}
	/ (kfree|kmem_cache_free): / {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^ptr=/) p = substr($i, 5)
		if (p in live) { cur -= live[p]; delete live[p] }
	}
	END { print peak + 0, cur + 0 }' "$TRACE/trace"
}

# Called by vfio_ccw_bench with the mdev open and idle: stop the trace that
# has run since before the mdev was created, record, start a new window.
idle_probe() {
	trace_events 0
	slab=$(dma_bytes)
	# shellcheck disable=SC2046 # "<peak> <held>", two words
	set -- $(trace_dma)
	echo "$slab $2" > /tmp/bench-idle
	echo > "$TRACE/trace"
}

# The floor: ccw_floor bound to the subchannel runs both programs itself.
floor_round() {
	echo ccw_floor > "$CSS/$SCH/driver_override"
	cur=$(readlink "$CSS/$SCH/driver" 2>/dev/null)
	[ -n "$cur" ] && echo "$SCH" > "$CSS/$SCH/driver/unbind"
	insmod "$BENCH_DIR/floor/ccw_floor.ko" || die "cannot load ccw_floor"
	# loading binds it (driver_override); the subchannel may be known late
	[ -e "$CSS/$SCH/floor" ] || echo "$SCH" > /sys/bus/css/drivers/ccw_floor/bind ||
		die "cannot bind $SCH to ccw_floor"
	echo "sense $BENCH_SENSE" > "$CSS/$SCH/floor" || die "the floor's sense run failed"
	sense=$(sed -n 's/^sense median=\([0-9]*\).*/\1/p' "$CSS/$SCH/floor")
	echo "bench: floor $(cat "$CSS/$SCH/floor")"
	echo "xlate $BENCH_XLATE" > "$CSS/$SCH/floor" || die "the floor's xlate run failed"
	xlate=$(sed -n 's/^xlate median=\([0-9]*\).*/\1/p' "$CSS/$SCH/floor")
	echo "bench: floor $(cat "$CSS/$SCH/floor")"
	[ -n "$sense" ] && [ -n "$xlate" ] || die "no timing from the floor round"
	rmmod ccw_floor || die "cannot unload ccw_floor"
	echo vfio_ccw > "$CSS/$SCH/driver_override"
	echo "bench-floor: $1 floor sense=$sense xlate=$xlate"
}

round() {
	n=$1
	drv=$2
	[ "$drv" = floor ] && { floor_round "$n"; return; }
	load "$drv"
	bind_sch
	base=$(dma_bytes)
	echo > "$TRACE/trace"
	trace_events 1
	echo "$UUID" > "$CSS/$SCH/mdev_supported_types/vfio_ccw-io/create" ||
		die "cannot create the mdev ($drv)"
	out=$("$BENCH_DIR/vfio_ccw_bench" -s "$SCH" -u "$UUID" \
		-n "$BENCH_SENSE" -m "$BENCH_XLATE" \
		-x "sh $0 idle" -t "sh $0 trace 1" -e "sh $0 trace 0") ||
		die "the benchmark failed with the $drv driver"
	echo "$out"
	sense=$(echo "$out" | sed -n 's/^bench: sense median=\([0-9]*\).*/\1/p')
	xlate=$(echo "$out" | sed -n 's/^bench: xlate median=\([0-9]*\).*/\1/p')
	[ -n "$sense" ] && [ -n "$xlate" ] ||
		die "no timing from the $drv round (BENCH_SENSE >= 10 and BENCH_XLATE >= 2 needed)"
	read -r idle idlereq < /tmp/bench-idle || die "no idle measurement ($drv)"
	rm -f /tmp/bench-idle
	# shellcheck disable=SC2046 # "<peak> <held>", two words
	set -- $(trace_dma)
	peak=$1
	echo 1 > "/sys/bus/mdev/devices/$UUID/remove"
	after=$(dma_bytes)
	rmmod vfio_ccw || die "cannot unload the $drv vfio_ccw"
	echo "bench-result: $n $drv sense=$sense xlate=$xlate base=$base idle=$idle after=$after idlereq=$idlereq peakreq=$peak"
}

case ${1:-run} in
dma)
	dma_bytes
	exit 0
	;;
idle)
	idle_probe
	exit 0
	;;
trace)
	trace_events "$2"
	exit 0
	;;
run)
	shift
	;;
*)
	die "usage: $0 run [DRIVER...] | dma | idle | trace 0|1"
	;;
esac

rounds=${*:-ours upstream floor ours upstream floor}
modprobe vfio_iommu_type1 && modprobe mdev && modprobe vfio ||
	die "cannot load the VFIO core modules"
# Each round loads its driver itself; one loaded at boot goes first.
if grep -q '^vfio_ccw ' /proc/modules; then
	rmmod vfio_ccw || die "cannot unload the vfio_ccw loaded at boot"
fi
# Leaks of either driver: forget what boot left, scan after the last round.
KML=/sys/kernel/debug/kmemleak
[ -w "$KML" ] && echo clear > "$KML"
SCH=$(find_sch) || die "no subchannel for device $BENCH_DEVNO"
# One CPU: under TCG, waking the other vCPU for the interrupt or the
# delivery work costs milliseconds when the host is busy, which drowns
# both drivers' own costs. Everything then runs on CPU 0.
for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
	[ -e "$c" ] && echo 0 > "$c"
done
t0=$(cut -d. -f1 /proc/uptime)
echo vfio_ccw > "$CSS/$SCH/driver_override"
trace_setup
echo "bench: subchannel $SCH (device $BENCH_DEVNO), sense x$BENCH_SENSE, xlate x$BENCH_XLATE"
n=0
for drv in $rounds; do
	n=$((n + 1))
	round "$n" "$drv"
done
echo > "$CSS/$SCH/driver_override"
[ -e "$CSS/$SCH/driver" ] || echo "$SCH" > /sys/bus/css/drivers/io_subchannel/bind
echo "bench: done in $(($(cut -d. -f1 /proc/uptime) - t0)) s"
if [ -w "$KML" ]; then
	# kmemleak reports an object only once it is 5 s old.
	sleep 6
	echo scan > "$KML"
	cat "$KML"
fi

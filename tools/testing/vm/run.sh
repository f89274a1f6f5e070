#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the zmdev test VM (QEMU, TCG) with our modules, KUnit modules and
# kselftests, run a command or the tests, and exit with the guest's status.
#
#   run.sh [--arch s390x|x86_64] [--kernel test|debian] [--build DIR]
#          [--timeout SEC] [--no-build]
#          [--add HOSTFILE[:GUESTPATH]]... [--log FILE] [--quiet]
#          [--resume-after FRAME] [--tests [SELECTOR...] | --shell | -- CMD [ARG...]
#           | --build-only]
#
#   --kernel    test (default): the project's debug kernel (scripts/kernel.sh);
#               debian: a stock Debian 6.12 kernel, our modules built against
#               its linux-headers and installed into the image as on a Debian
#               host (scripts/debian-build.sh --install):
#               x86_64 Debian 12's amd64 kernel, s390x Debian 13's s390x
#               kernel (scripts/debian-kernel.sh) with Debian 13's user
#               space (rootfs-trixie.sh)
#   --tests     run the guest test runner (guest/run-tests.sh); selectors are
#               "kunit", a KUnit module name, a selftest suite or suite:prog
#   --shell     interactive shell on the console (exit powers off)
#   --build-only  build the modules and selftests into the build directory
#               and stop; VMs started later with --no-build can then share it
#               (with --kernel debian, give the same --tests: see below)
#   -- CMD      run CMD with /bin/sh in the guest
#   --add       copy a host file into the image (default: /root/<name>)
#   --log       also write the console to FILE
#   --quiet     do not stream the console (the log still gets it)
#   --resume-after FRAME
#               with --tests: skip every test up to and including FRAME
#               (as named in its ZMDEV-BEGIN line), to go on after a crash
#
# The VM always ends: QEMU is killed after --timeout seconds (default 900).
# QEMU 10.0 or newer is required (scripts/setup.sh installs it); to try
# another build set ZMDEV_QEMU to its binary and ZMDEV_QEMU_ARGS to extra
# arguments (e.g. "-L <prefix>/usr/share/qemu"), which skips the check.
# s390x devices (fixed device numbers, see README.md in this directory):
#   0.0.0100 virtio-blk-ccw (8 MiB raw disk), 0.0.0200 and 0.0.0300
#   virtio-rng-ccw.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
arch=s390x
kernel="test"
build=
timeout_s=900
mode=cmd
do_build=1
build_only=0
quiet=0
logfile=
adds=()
resume=
cmd=()
sels=()

while [ $# -gt 0 ]; do
	case $1 in
	--arch)		arch=$2; shift 2 ;;
	--kernel)	kernel=$2; shift 2 ;;
	--build)	build=$2; shift 2 ;;
	--timeout)	timeout_s=$2; shift 2 ;;
	--no-build)	do_build=0; shift ;;
	--add)		adds+=("$2"); shift 2 ;;
	--log)		logfile=$2; shift 2 ;;
	--quiet)	quiet=1; shift ;;
	--resume-after)	resume=$2; shift 2 ;;
	--shell)	mode=shell; shift ;;
	--build-only)	build_only=1; shift ;;
	--tests)	mode=tests; shift
			while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do sels+=("$1"); shift; done ;;
	--)		shift; cmd=("$@"); break ;;
	-h|--help)	sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*)		echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
case $arch in s390|s390x) arch=s390x ;; x86_64|amd64) arch=x86_64 ;;
*) echo "run.sh: unsupported arch $arch" >&2; exit 2 ;; esac
log() { echo "run.sh[$arch]: $*" >&2; }

# kdir: what our modules build against; it also holds the image to boot
# (zmdev-image) and the kernel's own modules (zmdev-modroot).
case $kernel in
test)	kdir=$("$top/scripts/kernel.sh" "$arch")
	build=${build:-$top/build/$arch} ;;
debian)	case $arch in s390x) darch=s390x ;; *) darch=amd64 ;; esac
	kdir=$("$top/scripts/debian-kernel.sh" $darch)
	build=${build:-$top/build/$arch-debian} ;;
*)	echo "run.sh: unknown kernel '$kernel'" >&2; exit 2 ;;
esac
kver=$(cat "$kdir/include/config/kernel.release")

if [ $do_build -eq 1 ]; then
	if [ "$kernel" = debian ]; then
		# The install path's own build (the mdev core and cio's
		# headers from the kernel's linux-source, where needed).
		ksrc=()
		[ -f "$kdir/zmdev-source" ] && ksrc=(--source "$kdir/zmdev-source")
		"$top/scripts/debian-build.sh" --kdir "$kdir" --build "$build" "${ksrc[@]}" >&2
	else
		make -s -C "$top" ARCH=$arch KDIR="$kdir" BUILD="$build" modules >&2
	fi
	# The selftests build against the project's tree of the same version
	# (a headers package has neither lib.mk nor headers_install), for the
	# configuration of the kernel that runs them.
	# On a stock kernel the suites selected with --tests are built even
	# where its configuration lacks what their fragments ask for.
	anyway=
	if [ "$kernel" = debian ]; then
		for s in "${sels[@]}"; do anyway="$anyway ${s%%:*}"; done
	fi
	ZMDEV_SELFTESTS_ANYWAY=$anyway "$here/build-selftests.sh" "$arch" \
		"$("$top/scripts/kernel.sh" "$arch")" "$build/selftests" "$kdir/.config" >&2
	# mdevctl's vfio-ap callout, installed where the image's mdevctl
	# looks (the vfio_ap suite's callout tests).
	"$here/build-callout.sh" "$arch" "$build/callout" >&2
fi
[ $build_only -eq 1 ] && exit 0
# Debian 13's stock kernel runs with Debian 13's user space, a merged-/usr
# one: the overlay below keeps its links, or the kernel's unpacker would
# replace /lib by a directory holding only the modules.
merged=0
extra=
if [ "$kernel" = debian ] && [ "$arch" = s390x ]; then
	rootfs=$("$here/rootfs-trixie.sh")
	merged=1
	# Debian 13's qemu-system-s390x, for the suite that runs it inside
	# (46 MB unpacked): only in the VMs that run that suite.
	for s in "${sels[@]}"; do
		[ "${s%%:*}" = vfio_ccw_qemu ] && extra=$("$here/qemu-trixie.sh")
	done
else
	rootfs=$("$here/rootfs.sh" "$arch")
fi

# The kernel's own modules (vfio, mdev, kunit, ...) are installed once per
# kernel build; ours go to updates/ so that they win over in-tree namesakes.
case $arch in s390x) karch=s390; cross=s390x-linux-gnu- ;; *) karch=x86_64; cross= ;; esac
if [ ! -f "$kdir/zmdev-modroot/.done" ]; then
	rm -rf "$kdir/zmdev-modroot"
	make -s -C "$kdir" ARCH=$karch CROSS_COMPILE=$cross INSTALL_MOD_PATH="$kdir/zmdev-modroot" \
		DEPMOD=true modules_install >&2
	touch "$kdir/zmdev-modroot/.done"
fi

ovl=$(mktemp -d)
disk=
trap 'rm -rf "$ovl" ${disk:+"$disk"}' EXIT
if [ $merged -eq 1 ]; then
	mkdir -p "$ovl/usr/bin" "$ovl/usr/sbin" "$ovl/usr/lib"
	for d in bin sbin lib; do ln -s "usr/$d" "$ovl/$d"; done
fi
mkdir -p "$ovl/lib/modules" "$ovl/zmdev/bin" "$ovl/root"
cp -a "$kdir/zmdev-modroot/lib/modules/$kver" "$ovl/lib/modules/"
rm -f "$ovl/lib/modules/$kver/build" "$ovl/lib/modules/$kver/source"
# Unsigned and uncompressed whatever the kernel's defaults: the VM has no
# signing key and busybox's modprobe reads no .ko.xz. On a stock kernel
# the install path's own command installs them (with the mdev core it
# built for a kernel without one); its build is done by then.
if [ "$kernel" = debian ]; then
	ksrc=()
	[ -f "$kdir/zmdev-source" ] && ksrc=(--source "$kdir/zmdev-source")
	"$top/scripts/debian-build.sh" --kdir "$kdir" --build "$build" "${ksrc[@]}" \
		--install --root "$ovl" CONFIG_MODULE_SIG_ALL= CONFIG_MODULE_COMPRESS_ALL= >&2
else
	make -s -C "$kdir" M="$build/src" ARCH=$karch CROSS_COMPILE=$cross \
		CONFIG_MODULE_SIG_ALL= CONFIG_MODULE_COMPRESS_ALL= \
		INSTALL_MOD_PATH="$ovl" INSTALL_MOD_DIR=updates DEPMOD=true modules_install >&2
	depmod -b "$ovl" "$kver"
fi
[ -d "$build/selftests" ] && cp -a "$build/selftests" "$ovl/zmdev/selftests"
[ -d "$build/callout/root" ] && cp -a "$build/callout/root/." "$ovl/"
cp "$here/guest/run-tests.sh" "$ovl/zmdev/bin/zmdev-run-tests"
chmod 755 "$ovl/zmdev/bin/zmdev-run-tests"
for a in "${adds[@]}"; do
	src=${a%%:*}
	dst=/root/$(basename "$src")
	[ "$src" != "$a" ] && dst=${a#*:}
	mkdir -p "$ovl$(dirname "$dst")"
	cp -a "$src" "$ovl$dst"
done
[ -n "$resume" ] && echo "$resume" > "$ovl/zmdev/resume-after"
# The guest runner converts kmemleak's jiffies into uptime with HZ.
sed -n 's/^CONFIG_HZ=//p' "$kdir/.config" > "$ovl/zmdev/hz"
case $mode in
tests)	echo "zmdev-run-tests ${sels[*]}" > "$ovl/zmdev/cmd" ;;
shell)	touch "$ovl/zmdev/shell"
	[ ${#cmd[@]} -gt 0 ] && printf '%q ' "${cmd[@]}" > "$ovl/zmdev/cmd" ;;
cmd)	[ ${#cmd[@]} -gt 0 ] || { echo "run.sh: nothing to run (give --tests, --shell or -- CMD)" >&2; exit 2; }
	if [ ${#cmd[@]} -eq 1 ]; then
		printf '%s\n' "${cmd[0]}" > "$ovl/zmdev/cmd"
	else
		printf '%q ' "${cmd[@]}" > "$ovl/zmdev/cmd"
	fi ;;
esac

initrd=$build/initrd-$$.gz
mkdir -p "$build"
{ cat "$rootfs" ${extra:+"$extra"}; (cd "$ovl" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet | gzip -1); } > "$initrd"

image=$kdir/zmdev-image
qemu_bin=${ZMDEV_QEMU:-qemu-system-$arch}
if [ -z "${ZMDEV_QEMU:-}" ]; then
	qver=$("$qemu_bin" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
	if [ -z "$qver" ] || [ "$qver" -lt 10 ]; then
		echo "run.sh: $qemu_bin ${qver:-(missing)} is older than 10.0; run scripts/setup.sh" >&2
		exit 2
	fi
fi
case $arch in
s390x)
	# A disk of this run's own, so that VMs can share a build directory.
	disk=$(mktemp -p "$build" disk-XXXXXX.img)
	truncate -s 8M "$disk"
	# One vCPU by default. The KASAN kernel with two vCPUs, one TCG
	# thread each (MTTCG), spent minutes in early boot with RCU stall
	# reports when the host's two cores were busy, and did not reach
	# init in 600 s. Two vCPUs on one TCG thread boot, but run the tests
	# three times slower than one vCPU (vfio_ap_matrix_kunit: 40 s
	# against 11 s). SMP races in the shared logic are left to the
	# x86_64 VM's two vCPUs; ZMDEV_SMP=2 gives two here (one thread).
	# shellcheck disable=SC2054 # commas inside QEMU's own arguments
	qemu=("$qemu_bin" -M s390-ccw-virtio -accel tcg,thread=single
	      -cpu max -smp "${ZMDEV_SMP:-1}" -m 1024
	      -drive "file=$disk,format=raw,if=none,id=d0"
	      -device virtio-blk-ccw,drive=d0,devno=fe.0.0100
	      -device virtio-rng-ccw,devno=fe.0.0200
	      -device virtio-rng-ccw,devno=fe.0.0300
	      -append "console=ttysclp0 loglevel=5 panic=-1 oops=panic kasan_multi_shot")
	;;
x86_64)
	qemu=("$qemu_bin" -cpu max -smp 2 -m 1024
	      -append "console=ttyS0 loglevel=5 panic=-1 oops=panic kasan_multi_shot")
	;;
esac
# shellcheck disable=SC2206 # ZMDEV_QEMU_ARGS is meant to split into words
qemu+=(-nographic -no-reboot -kernel "$image" -initrd "$initrd" ${ZMDEV_QEMU_ARGS:-})

if [ $mode = shell ]; then
	"${qemu[@]}"
	rc=$?
	rm -f "$initrd"
	exit $rc
fi

console=$build/console-$$.log
set +e
if [ $quiet -eq 1 ]; then
	timeout --foreground -k 5 "$timeout_s" "${qemu[@]}" < /dev/null > "$console" 2>&1
else
	timeout --foreground -k 5 "$timeout_s" "${qemu[@]}" < /dev/null 2>&1 | tee "$console"
fi
qrc=${PIPESTATUS[0]}
set -e
rm -f "$initrd"
[ -n "$logfile" ] && cp "$console" "$logfile"
rc=$(tr -d '\r' < "$console" | sed -n 's/.*ZMDEV-EXIT: \([0-9]*\)$/\1/p' | tail -n 1)
rm -f "$console"
if [ -z "$rc" ]; then
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		log "timed out after ${timeout_s}s"
		exit 124
	fi
	log "the guest did not finish its command (QEMU status $qrc)"
	exit 125
fi
exit "$rc"

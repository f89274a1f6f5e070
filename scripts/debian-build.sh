#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build zmdev's modules for a Debian kernel from its linux-headers package,
# the way a Debian host does, and optionally install them.
#
#   scripts/debian-build.sh [--kdir DIR] [--source TARBALL] [--build DIR]
#                           [--install [--root DIR]] [--extmod DIR]...
#                           [MAKE-VARIABLE=VALUE...]
#
#   --kdir     the kernel's headers (default /lib/modules/$(uname -r)/build)
#   --source   Debian's linux-source tarball (default
#              /usr/src/linux-source-<major.minor>.tar.xz); read only where
#              the headers lack something, see below
#   --build    where the build goes (default build/debian-<release>)
#   --install  install the modules into /lib/modules/<release>/updates
#              and run depmod
#   --root     with --install: into DIR/lib/modules/<release>/updates,
#              depmod -b DIR (an image for another machine)
#   --extmod   also build the external module whose Kbuild is in DIR the
#              way ours are built (the same stand-ins, the mdev core's
#              symbols, ZMDEV_PRIVSRC for the private headers); it is never
#              installed (make bench's reference vfio_ccw and floor module)
#   MAKE-VARIABLE=VALUE  passed to every make, the build's and the
#              install's
#
# What a headers package lacks is taken from linux-source at build time
# into the build directory, never into the repository:
# - the mdev core (drivers/vfio/mdev/), built as an external mdev.ko when
#   the kernel has no CONFIG_VFIO_MDEV (Debian 13's s390x kernel), and our
#   modules link against it (KBUILD_EXTRA_SYMBOLS);
# - cio's private headers (drivers/s390/cio/*.h) for vfio_ccw and the AP
#   bus's (drivers/s390/crypto/ap_bus.h, and nothing else of that
#   directory, which also holds the in-kernel vfio_ap's headers) for
#   vfio_ap's production backend (s390).
# The source may be of another version than the kernel. So that a
# structure that moved cannot be used with the wrong layout, vfio_ccw and
# vfio_ap are built with checks of the layouts of the kernel types they
# take from there (kernel-layout.txt in each driver's directory) against
# the kernel's BTF: /sys/kernel/btf/vmlinux when building for the running
# kernel, else the BTF-only vmlinux that Debian's headers ship. A
# difference stops the build; without BTF it refuses too.
#
# On amd64 vfio_ap is built with the simulated AP bus, as by a plain
# "make KDIR=...".
#
# Cross builds (e.g. for Debian 13 s390x on a Debian 12 amd64 host) use
# stand-ins only where this host lacks what the headers ask for; each is
# logged. Native builds on the kernel's own Debian release need none.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kdir=/lib/modules/$(uname -r)/build
source=
build=
install=0
root=
args=()
extmods=()
while [ $# -gt 0 ]; do
	case $1 in
	--kdir)		kdir=$2; shift 2 ;;
	--source)	source=$2; shift 2 ;;
	--build)	build=$2; shift 2 ;;
	--install)	install=1; shift ;;
	--root)		root=$2; shift 2 ;;
	--extmod)	extmods+=("$2"); shift 2 ;;
	-h|--help)	sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*=*)		args+=("$1"); shift ;;
	*)		echo "debian-build.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
log() { echo "debian-build.sh: $*" >&2; }
die() { log "$*"; exit 1; }
[ -z "$root" ] || [ $install -eq 1 ] || die "--root needs --install"

[ -f "$kdir/.config" ] || die "$kdir is no configured kernel tree (install linux-headers-$(uname -r))"
kdir=$(cd "$kdir" && pwd)
release=$(cat "$kdir/include/config/kernel.release")
config=$kdir/.config
has() { grep -q "^$1=[ym]" "$config"; }
build=${build:-$top/build/debian-$release}
mkdir -p "$build"
build=$(cd "$build" && pwd)

if has CONFIG_S390; then arch=s390x; karch=s390; else arch=$(uname -m); karch=$arch; fi
cross=
[ "$arch" = "$(uname -m)" ] || cross=$arch-linux-gnu-
# Debian's headers fix CROSS_COMPILE for s390x themselves; the same
# prefix is right on a native host, where Debian installs prefixed names.
[ "$arch" = s390x ] && cross=s390x-linux-gnu-
mk=(ARCH="$karch" CROSS_COMPILE="$cross")

# The compiler the headers name (Debian: gcc-<N> of the kernel's build).
want_cc=$(sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\).*/\1/p' "$kdir/.kernelvariables" 2>/dev/null || true)
if [ -n "$want_cc" ] && ! command -v "$cross$want_cc" > /dev/null; then
	cc=${cross}gcc
	command -v "$cc" > /dev/null || die "neither $cross$want_cc nor $cc is installed"
	# Stand-in: Debian 12 has no gcc-14 cross compiler for s390x; its
	# gcc-12 builds these headers' modules once the one option it does
	# not know is taken care of (below).
	log "stand-in: $cc ($($cc -dumpversion)) for $cross$want_cc, which is not installed"
	mk+=(CC="$cc")
	# Stand-in: gcc-12 lacks -fmin-function-alignment; with its
	# availability switched off, the kernel's Makefile falls back to
	# -falign-functions of the same alignment.
	if has CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT &&
	   ! echo 'int x;' | "$cc" -fmin-function-alignment=8 -x c -c -o /dev/null - 2> /dev/null; then
		log "stand-in: -falign-functions for -fmin-function-alignment"
		mk+=(CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=)
	fi
fi
# Stand-in: a pahole older than the kernel's cannot make module BTF for
# its headers (Debian 12's 1.24 for Debian 13's kernel). Module BTF only
# serves BPF's view of the module, which then loads without it.
if has CONFIG_DEBUG_INFO_BTF_MODULES; then
	need=$(sed -n 's/^CONFIG_PAHOLE_VERSION=//p' "$config")
	have=$(pahole --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\.\([0-9]*\).*/\1\2/p')
	if [ -z "$have" ] || [ "$have" -lt "${need:-0}" ]; then
		log "stand-in: no module BTF (pahole ${have:-missing}, the kernel used $need)"
		mk+=(CONFIG_DEBUG_INFO_BTF_MODULES=)
	fi
fi

# What the headers lack comes from linux-source, extracted once per
# tarball into the build directory.
need_mdev=1
has CONFIG_VFIO_MDEV && need_mdev=0
need_priv=0
[ "$arch" = s390x ] && need_priv=1
ksrc=$build/linux-source
if [ $need_mdev -eq 1 ] || [ $need_priv -eq 1 ]; then
	mm=$(echo "$release" | cut -d. -f1,2)
	source=${source:-/usr/src/linux-source-$mm.tar.xz}
	[ -r "$source" ] || die "$source not found: install linux-source-$mm"
	# What is taken; an extraction of another list is redone.
	take=(Makefile 'drivers/vfio/mdev/*' 'drivers/s390/cio/*.h' drivers/s390/crypto/ap_bus.h)
	stamp="$(readlink -f "$source") $(stat -c '%s %Y' "$source") ${take[*]}"
	if [ "$(cat "$ksrc/.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$ksrc"
		mkdir -p "$ksrc"
		# (tar ends on SIGPIPE once head has the first name)
		topdir=$(tar -tf "$source" | head -n 1) || true
		topdir=${topdir%%/*}
		log "extracting the mdev core, cio's and the AP bus's headers from $source"
		tar -xf "$source" -C "$ksrc" --strip-components=1 --wildcards \
			"${take[@]/#/$topdir/}"
		echo "$stamp" > "$ksrc/.stamp"
	fi
	srcver=$(awk '/^VERSION =/ {v=$3} /^PATCHLEVEL =/ {p=$3} /^SUBLEVEL =/ {s=$3} END {print v "." p "." s}' "$ksrc/Makefile")
	kver=${release%%[+-]*}
	if [ "$srcver" = "$kver" ]; then
		log "source $srcver, kernel $release"
	else
		log "source $srcver differs from kernel $release: the layout checks decide"
	fi
fi

# The kernel's own mdev core, when the kernel lacks one.
extra=()
if [ $need_mdev -eq 1 ]; then
	has CONFIG_VFIO || die "the kernel has no VFIO (CONFIG_VFIO)"
	log "building the kernel's mdev core (mdev.ko) from its source"
	make -s -C "$kdir" M="$ksrc/drivers/vfio/mdev" "${mk[@]}" "${args[@]}" \
		CONFIG_VFIO_MDEV=m modules >&2
	extra=(KBUILD_EXTRA_SYMBOLS="$ksrc/drivers/vfio/mdev/Module.symvers")
fi

# The layout checks vfio_ccw and vfio_ap compile (*_layout.c), one header
# per driver.
layout=()
priv=()
if [ $need_priv -eq 1 ]; then
	btf=$kdir/vmlinux
	if [ "$release" = "$(uname -r)" ] && [ -r /sys/kernel/btf/vmlinux ]; then
		btf=/sys/kernel/btf/vmlinux
	fi
	readelf -S "$btf" 2>/dev/null | grep -q '\.BTF ' || [ "$btf" = /sys/kernel/btf/vmlinux ] ||
		die "no BTF of kernel $release (neither /sys/kernel/btf/vmlinux nor $kdir/vmlinux): cannot check the private headers' layouts, refusing to build vfio_ccw and vfio_ap"
	for d in cio/vfio_ccw crypto/vfio_ap; do
		l=$build/layout/${d#*/}
		mkdir -p "$l"
		sed 's/#.*//; s/[[:space:]]*$//; /^$/d' "$top/drivers/s390/$d/kernel-layout.txt" |
			tr '\t' ' ' | sed 's/  */ /g' > "$l/types"
		mapfile -t types < "$l/types"
		"$top/scripts/btf-layout.sh" "$btf" "${types[@]}" > "$l/zmdev_layout.h.new" ||
			die "cannot read the layouts from $btf"
		# Replaced only when it changed: a second run rebuilds nothing.
		if cmp -s "$l/zmdev_layout.h.new" "$l/zmdev_layout.h"; then
			rm "$l/zmdev_layout.h.new"
		else
			mv "$l/zmdev_layout.h.new" "$l/zmdev_layout.h"
		fi
		log "layout checks for ${d#*/}: ${#types[@]} types from $btf"
	done
	priv=(ZMDEV_PRIVSRC="$ksrc")
	layout=("${priv[@]}" ZMDEV_LAYOUT="$build/layout")
fi

make -s -C "$top" KDIR="$kdir" ARCH="$arch" BUILD="$build" \
	"${mk[@]}" "${extra[@]}" "${layout[@]}" "${args[@]}" modules >&2 ||
	die "build failed (a static assertion naming \"the kernel's BTF\" means linux-source does not match the running kernel: install the linux-source of the kernel's version)"
log "built: $build/src${extra:+ and $ksrc/drivers/vfio/mdev}"
for m in "${extmods[@]}"; do
	make -s -C "$kdir" M="$(cd "$m" && pwd)" "${mk[@]}" "${extra[@]}" "${priv[@]}" \
		"${args[@]}" modules >&2 || die "build of $m failed"
	log "built: $m"
done

if [ $install -eq 1 ]; then
	dest=()
	[ -z "$root" ] || dest=(INSTALL_MOD_PATH="$(cd "$root" && pwd)")
	for m in ${extra:+"$ksrc/drivers/vfio/mdev"} "$build/src"; do
		make -s -C "$kdir" M="$m" "${mk[@]}" "${dest[@]}" "${args[@]}" \
			INSTALL_MOD_DIR=updates modules_install >&2
	done
	depmod ${root:+-b "$root"} "$release"
	log "installed into ${root:+$root}/lib/modules/$release/updates"
fi

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch (or reuse) a stock Debian kernel, unpacked so that our modules
# build against it exactly as on a Debian host, and print the directory
# that serves as KDIR: the linux-headers tree, plus what the test VM boots
# from it (the same layout scripts/kernel.sh gives the project's kernels).
#
#   scripts/debian-kernel.sh amd64|s390x
#
# amd64: Debian 12's newest 6.12 amd64 kernel that apt can fetch
# (bookworm-security or bookworm-backports). Four packages make it up:
# linux-image-<kver>-amd64, linux-headers-<kver>-amd64, its -common part
# and linux-kbuild-<kver>.
#
# s390x: Debian 13's newest s390x kernel that can be fetched (trixie,
# trixie-updates or trixie-security; a suite's index can name versions
# whose files are gone, so "newest" means newest that downloads). Debian
# 12 has no s390x kernel with VFIO, and this host is Debian 12, so the
# packages come through a private apt configuration whose state lives in
# $ZMDEV_CACHE/apt/trixie-s390x and which never reads or changes the
# system's apt state. The packages: linux-image-<kver>-s390x,
# linux-headers-<kver>-{s390x,common}; for the host tools of the cross
# build (fixdep, modpost, run on this amd64 host) Debian 12's amd64
# linux-kbuild of the same upstream version (trixie's amd64 kbuild wants a
# newer glibc than Debian 12's); and trixie's linux-source-6.12, for what
# the headers lack (scripts/debian-build.sh). The source is the one of the
# kernel's own Debian version when that downloads, else the newest that
# does: scripts/debian-build.sh checks the layouts that matter either way.
#
# ZMDEV_DEBIAN_KVER (e.g. 6.12.118+deb12, 6.12.113+deb13) picks a version.
# Packages are fetched by scripts/deb-fetch.sh into
# $ZMDEV_CACHE/debs/debian-kernel (their names carry the version, so the
# cache is keyed by it) and unpacked with dpkg-deb, never installed. The
# result lives in $ZMDEV_CACHE/debian-kernel/<release>:
#
#   root/             the packages unpacked
#   <KDIR>            root/usr/src/linux-headers-<release>; its Makefile
#                     points at the unpacked -common tree instead of /usr/src
#                     (s390x: its scripts and tools at Debian 12's kbuild)
#   KDIR/zmdev-image  the kernel image (vmlinuz)
#   KDIR/zmdev-modroot/lib/modules/<release>
#                     the modules the VM loads from the kernel (VFIO; on
#                     s390x also KVM, which vfio_ap's production backend
#                     links against) and what they need, decompressed
#                     (busybox modprobe reads no .ko.xz); zmdev-modroot/.done
#                     names them
#   KDIR/zmdev-source the linux-source tarball (s390x only)
#
# The chosen versions are logged on standard error.
set -euo pipefail

darch=${1:?usage: debian-kernel.sh amd64|s390x}
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
debs=$cache/debs/debian-kernel
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=apt-private.sh
. "$here/apt-private.sh"
log() { echo "debian-kernel.sh: $*" >&2; }

mkdir -p "$debs"
exec 9>"$cache/.lock-debian-kernel"
flock 9

# Per architecture: the Debian release, the kernel modules the test VM
# loads from the stock kernel (with their dependencies), and apt's options
# for the kernel's packages (none: the system's configuration).
apt_opts=(-o APT::Sandbox::User=root)
memo=/dev/null
case $darch in
amd64)
	suffix=deb12
	vm_modules="vfio vfio_iommu_type1 mdev" ;;
s390x)
	suffix=deb13
	# No mdev core in this kernel: scripts/debian-build.sh builds one.
	vm_modules="vfio vfio_iommu_type1 kvm"
	apt_dir=$cache/apt/trixie-s390x
	apt_private "$apt_dir" s390x "http://deb.debian.org/debian trixie" \
		"http://deb.debian.org/debian trixie-updates" \
		"http://deb.debian.org/debian-security trixie-security"
	# The indexes are not read at all while a kernel is cached and named
	# by ZMDEV_DEBIAN_KVER.
	if [ -z "${ZMDEV_DEBIAN_KVER:-}" ] && apt_private_stale "$apt_dir"; then
		log "reading trixie's s390x indexes"
		apt_private_update
		rm -f "$apt_dir/chosen"
	fi
	# The version picked from these indexes, so that the ones whose
	# files are gone are not asked for again until the next update.
	memo=$apt_dir/chosen ;;
*)	echo "debian-kernel.sh: unsupported architecture '$darch' (amd64 or s390x)" >&2; exit 2 ;;
esac

# Every 6.12 kernel of the release apt knows, newest first.
candidates() {
	apt-cache "${apt_opts[@]}" pkgnames linux-image-6.12. 2>/dev/null |
		sed -n "s/^linux-image-\(6\.12\.[0-9]*+${suffix}[.0-9]*\)-$darch\$/\1/p" |
		sort -t. -k3,3nr -k4,4nr | uniq
}

# kernel_packages KVER: the packages of kernel KVER from the release's
# suites, the one most likely to be gone first.
kernel_packages() {
	if [ "$darch" = amd64 ]; then
		echo "linux-image-$1-amd64 linux-headers-$1-amd64 linux-headers-$1-common linux-kbuild-$1"
	else
		echo "linux-image-$1-s390x linux-headers-$1-s390x linux-headers-$1-common"
	fi
}

# Debian 12's host tools of KVER's upstream version (s390x only).
kbuild_package() { echo "linux-kbuild-${1%%+*}+deb12"; }

kver=
for v in ${ZMDEV_DEBIAN_KVER:-$(cat "$memo" 2>/dev/null) $(candidates)}; do
	# shellcheck disable=SC2046 # one word per package
	"$here/deb-fetch.sh" "${apt_opts[@]}" "$debs" $(kernel_packages "$v") || continue
	if [ "$darch" = s390x ]; then
		"$here/deb-fetch.sh" "$debs" "$(kbuild_package "$v")" || continue
	fi
	kver=$v
	break
done
[ "$memo" = /dev/null ] || [ -n "${ZMDEV_DEBIAN_KVER:-}" ] || [ -z "$kver" ] || echo "$kver" > "$memo"
[ -n "$kver" ] || { log "no Debian ($suffix) 6.12 $darch kernel could be downloaded (run scripts/setup.sh)"; exit 1; }
release=$kver-$darch
deb() { ls "$debs/${1}_"*.deb | head -n 1; }
version=$(dpkg-deb -f "$(deb "linux-image-$release")" Version)
log "kernel: linux-image-$release $version"

# The kernel source (s390x): the kernel's own version, else the newest
# that downloads.
srcdeb=
if [ "$darch" = s390x ]; then
	for sv in "$version" $(apt-cache "${apt_opts[@]}" madison linux-source-6.12 | awk '{print $3}'); do
		if "$here/deb-fetch.sh" "${apt_opts[@]}" "$debs" "linux-source-6.12=$sv"; then
			srcdeb=$(ls "$debs/linux-source-6.12_${sv}_"*.deb | head -n 1)
			break
		fi
	done
	[ -n "$srcdeb" ] || { log "no linux-source-6.12 could be downloaded"; exit 1; }
	log "source: linux-source-6.12 $(dpkg-deb -f "$srcdeb" Version)"
	log "host tools: $(kbuild_package "$kver") $(dpkg-deb -f "$(deb "$(kbuild_package "$kver")")" Version)"
fi
stamp="$version ${srcdeb##*/}"

out=$cache/debian-kernel/$release
kdir=$out/root/usr/src/linux-headers-$release
# vm_modroot: the VM's module tree, only what it loads, decompressed. A
# module list that grew adds files; each appears whole (VMs of other runs
# may be reading the tree).
vm_modroot() {
	local mods=$kdir/zmdev-modroot/lib/modules/$release m ko rel
	[ "$(cat "$kdir/zmdev-modroot/.done" 2>/dev/null)" = "$vm_modules" ] && return 0
	depmod -b "$out/root" "$release"
	mkdir -p "$mods"
	for m in $vm_modules; do
		modprobe -d "$out/root" -S "$release" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
	done | sort -u | while read -r ko; do
		rel=${ko#"$out/root/lib/modules/$release/"}
		[ -f "$mods/${rel%.xz}" ] && continue
		mkdir -p "$mods/$(dirname "$rel")"
		xz -dc "$ko" > "$mods/${rel%.xz}.tmp"
		mv "$mods/${rel%.xz}.tmp" "$mods/${rel%.xz}"
	done
	cp "$out/root/lib/modules/$release/modules.order" "$out/root/lib/modules/$release/modules.builtin"* "$mods/"
	echo "$vm_modules" > "$kdir/zmdev-modroot/.done"
}

if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$stamp" ]; then
	vm_modroot
	echo "$kdir"
	exit 0
fi

log "unpacking linux-image-$release $version and its headers"
rm -rf "$out"
mkdir -p "$out/root"
for p in $(kernel_packages "$kver"); do
	dpkg-deb -x "$(deb "$p")" "$out/root"
done
# The headers' Makefile includes the -common tree by its installed path.
sed -i "s|^include /usr/src/|include $out/root/usr/src/|" "$kdir/Makefile"
grep -q "^include $out/root/usr/src/" "$kdir/Makefile" ||
	{ log "unexpected $kdir/Makefile"; exit 1; }

if [ "$darch" = s390x ]; then
	# Cross-build stand-in: the headers' scripts and tools links name
	# trixie's kbuild of the build architecture; here that is Debian 12's
	# amd64 kbuild of the same upstream version, which runs on this host.
	kb=$(kbuild_package "$kver")
	dpkg-deb -x "$(deb "$kb")" "$out/root"
	for d in "$kdir" "$out/root/usr/src/linux-headers-$kver-common"; do
		for l in scripts tools; do
			ln -sfn "../../lib/$kb/$l" "$d/$l"
			[ -e "$d/$l/" ] || { log "$d/$l: $kb has no $l"; exit 1; }
		done
	done
	dpkg-deb --fsys-tarfile "$srcdeb" | tar -xO --wildcards './usr/src/linux-source-6.12.tar.*' \
		> "$kdir/zmdev-source"
	# Debian 13 ships modules under /usr/lib (merged /usr).
	[ -e "$out/root/lib" ] || ln -s usr/lib "$out/root/lib"
fi

cp "$out/root/boot/vmlinuz-$release" "$kdir/zmdev-image"

vm_modroot
echo "$stamp" > "$out/.done"
log "ready: $kdir"
echo "$kdir"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch (or reuse) a stock Debian kernel, unpacked so that our modules
# build against it exactly as on a Debian host, and print the directory
# that serves as KDIR: the linux-headers tree, plus what the test VM boots
# from it (the same layout scripts/kernel.sh gives the project's kernels).
#
#   scripts/debian-kernel.sh amd64
#
# The kernel is Debian 12's newest 6.12 amd64 kernel that apt can fetch
# (bookworm-security or bookworm-backports), or the one named by
# ZMDEV_DEBIAN_KVER (e.g. 6.12.118+deb12). Four packages make it up:
# linux-image-<kver>-amd64, linux-headers-<kver>-amd64, its -common part
# and linux-kbuild-<kver>. They are fetched by scripts/deb-fetch.sh into
# $ZMDEV_CACHE/debs/debian-kernel and unpacked with dpkg-deb, never
# installed. The result lives in $ZMDEV_CACHE/debian-kernel/<release>:
#
#   root/             the four packages unpacked
#   <KDIR>            root/usr/src/linux-headers-<release>; its Makefile
#                     points at the unpacked -common tree instead of /usr/src
#   KDIR/zmdev-image  the kernel image (vmlinuz)
#   KDIR/zmdev-modroot/lib/modules/<release>
#                     the VFIO modules and what they need, decompressed
#                     (busybox modprobe reads no .ko.xz), with modules.dep
set -euo pipefail

darch=${1:?usage: debian-kernel.sh amd64}
[ "$darch" = amd64 ] || { echo "debian-kernel.sh: only amd64 is supported, not '$darch'" >&2; exit 2; }
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
debs=$cache/debs/debian-kernel
here=$(cd "$(dirname "$0")" && pwd)
log() { echo "debian-kernel.sh: $*" >&2; }

# Kernel modules the test VM loads from the stock kernel, with their
# dependencies: the VFIO core and IOMMU back end, the mdev core.
vm_modules="vfio vfio_iommu_type1 mdev"

# Every 6.12 +deb12 amd64 kernel apt knows, newest first.
candidates() {
	apt-cache pkgnames linux-image-6.12. 2>/dev/null |
		sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12\)-amd64$/\1/p' | sort -t. -k3,3nr
}

# packages KVER: the four packages that make up kernel KVER.
packages() {
	echo "linux-image-$1-amd64 linux-headers-$1-amd64 linux-headers-$1-common linux-kbuild-$1"
}

mkdir -p "$debs"
exec 9>"$cache/.lock-debian-kernel"
flock 9

kver=
for v in ${ZMDEV_DEBIAN_KVER:-$(candidates)}; do
	# shellcheck disable=SC2046 # one word per package
	if "$here/deb-fetch.sh" "$debs" $(packages "$v"); then
		kver=$v
		break
	fi
done
[ -n "$kver" ] || { log "no Debian 12 6.12 amd64 kernel could be downloaded (run scripts/setup.sh)"; exit 1; }
release=$kver-amd64
version=$(dpkg-deb -f "$(ls "$debs/linux-image-${release}_"*.deb | head -n 1)" Version)

out=$cache/debian-kernel/$release
kdir=$out/root/usr/src/linux-headers-$release
if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$version" ]; then
	echo "$kdir"
	exit 0
fi

log "unpacking linux-image-$release $version and its headers"
rm -rf "$out"
mkdir -p "$out/root"
for p in $(packages "$kver"); do
	dpkg-deb -x "$(ls "$debs/${p}_"*.deb | head -n 1)" "$out/root"
done
# The headers' Makefile includes the -common tree by its installed path.
sed -i "s|^include /usr/src/|include $out/root/usr/src/|" "$kdir/Makefile"
grep -q "^include $out/root/usr/src/" "$kdir/Makefile" ||
	{ log "unexpected $kdir/Makefile"; exit 1; }

cp "$out/root/boot/vmlinuz-$release" "$kdir/zmdev-image"

# The VM's module tree: only what it loads, decompressed.
depmod -b "$out/root" "$release"
mods=$kdir/zmdev-modroot/lib/modules/$release
mkdir -p "$mods"
for m in $vm_modules; do
	modprobe -d "$out/root" -S "$release" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	rel=${ko#"$out/root/lib/modules/$release/"}
	mkdir -p "$mods/$(dirname "$rel")"
	xz -dc "$ko" > "$mods/${rel%.xz}"
done
cp "$out/root/lib/modules/$release/modules.order" "$out/root/lib/modules/$release/modules.builtin"* "$mods/"
touch "$kdir/zmdev-modroot/.done"
echo "$version" > "$out/.done"
log "ready: $kdir"
echo "$kdir"

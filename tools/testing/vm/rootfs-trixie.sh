#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the user-space part of the initramfs for Debian 13's
# stock s390x kernel (run.sh --kernel debian --arch s390x) and print the
# path of the gzipped cpio archive: Debian 13's own tools, as a Debian 13
# host has them.
#
#   rootfs-trixie.sh
#
# The packages: busybox-static, mdevctl, s390-tools (lscss, lschp, chchp,
# lszcrypt, chzcrypt), driverctl with bash, which it is written for, the
# libraries these link against (libc6, libgcc-s1, libtinfo6), and json-c's
# (libjson-c5), which the vfio-ap callout that run.sh installs needs, as
# it needs it on any Debian 13 host. They come
# from trixie through a private apt configuration in
# $ZMDEV_CACHE/apt/trixie-sid-s390x that never reads or changes the
# system's apt state, and are unpacked with dpkg-deb. A package whose
# trixie file is gone from the mirror (libc6 on 2026-12-04) is taken from
# sid: a newer glibc runs binaries built against an older one. The
# versions picked are logged; the archive is cached under
# $ZMDEV_CACHE/rootfs, keyed by them, this script and the guest's init.
#
# Debian 13 is merged-/usr: its packages put everything under /usr, and
# the image has /bin, /sbin and /lib as links into /usr. Whatever is added
# on top of the image must keep those links (run.sh packs its overlay with
# the same links; the kernel's initramfs unpacker replaces a link by a
# directory of the same name).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
pkgs="busybox-static libc6 libgcc-s1 mdevctl s390-tools driverctl bash libtinfo6 libjson-c5"
# The preferred suite first.
suites="trixie sid"
log() { echo "rootfs-trixie.sh: $*" >&2; }

mkdir -p "$cache/rootfs"
exec 9>"$cache/.lock-rootfs-trixie"
flock 9

# shellcheck source-path=SCRIPTDIR source=../../../scripts/apt-private.sh
. "$top/scripts/apt-private.sh"
apt_dir=$cache/apt/trixie-sid-s390x
debs=$cache/debs/trixie-s390x
mkdir -p "$debs"
srcs=()
for s in $suites; do
	srcs+=("http://deb.debian.org/debian $s")
done
apt_private "$apt_dir" s390x "${srcs[@]}"
if apt_private_stale "$apt_dir"; then
	log "reading the s390x indexes of: $suites"
	apt_private_update
fi

# Every version apt lists of the packages (one reading of the indexes).
# shellcheck disable=SC2086 # one word per package
listed=$(apt-cache "${apt_opts[@]}" madison $pkgs)

# versions PKG: the versions of PKG, those of the preferred suite first.
versions() {
	local s
	for s in $suites; do
		echo "$listed" | awk -F' *[|] *' -v p="$1" -v s="/debian $s/" \
			'{ sub(/^ */, "") } $1 == p && index($3, s) { print $2 }'
	done
}

# pick PKG: the first version of PKG that is already downloaded, else the
# first that downloads; prints the .deb.
pick() {
	local v vs
	vs=$(versions "$1")
	[ -n "$vs" ] || { log "$1 is not in the indexes of: $suites"; return 1; }
	for v in $vs; do
		ls "$debs/${1}_${v/:/%3a}_"*.deb 2>/dev/null && return 0
	done
	for v in $vs; do
		"$top/scripts/deb-fetch.sh" "${apt_opts[@]}" "$debs" "$1=$v" 2>/dev/null &&
			{ ls "$debs/${1}_${v/:/%3a}_"*.deb; return 0; }
		log "$1 $v is listed but does not download"
	done
	log "no version of $1 downloads"
	return 1
}

files=()
picked=
for p in $pkgs; do
	deb=$(pick "$p" | head -n 1)
	[ -n "$deb" ] || exit 1
	files+=("$deb")
	picked="$picked $p=$(dpkg-deb -f "$deb" Version)"
done
log "packages:$picked"

k=$( { echo "$picked"; cat "$0" "$here/guest/init"; } | sha256sum | cut -c1-16)
out=$cache/rootfs/s390x-trixie-$k.cpio.gz
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpack=$work/unpack
root=$work/root
mkdir -p "$unpack" "$root"
for deb in "${files[@]}"; do
	dpkg-deb -x "$deb" "$unpack"
done

# Merged /usr, as Debian 13 installs it.
mkdir -p "$root"/usr/{bin,sbin,lib} "$root"/{etc,proc,sys,dev,tmp,run,root,mnt}
for d in bin sbin lib; do
	ln -s "usr/$d" "$root/$d"
done
# /init runs "busybox --install -s" for the other applets; it leaves the
# real commands below in place.
cp -a "$unpack/usr/bin/busybox" "$root/usr/bin/busybox"
ln -s busybox "$root/usr/bin/sh"
cp -a "$unpack/usr/bin/bash" "$unpack/usr/bin/mdevctl" "$unpack/usr/bin/lsmdev" "$root/usr/bin/"
for t in driverctl lscss lschp chchp lszcrypt chzcrypt; do
	cp -a "$unpack/usr/sbin/$t" "$root/usr/sbin/$t"
done
# The dynamic loader (its link /usr/lib/ld64.so.1) and the libraries, less
# what the VM never uses (gconv).
cp -a "$unpack/usr/lib/ld64.so.1" "$root/usr/lib/"
cp -a "$unpack/usr/lib/s390x-linux-gnu" "$root/usr/lib/"
rm -rf "$root/usr/lib/s390x-linux-gnu/gconv"
# Each program's libraries are in the image, or it fails here rather than
# in the VM.
for f in "$root"/usr/bin/* "$root"/usr/sbin/*; do
	[ -L "$f" ] && continue
	for lib in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$root/usr/lib/s390x-linux-gnu/$lib" ] || [ -e "$root/usr/lib/$lib" ] ||
			{ log "${f#"$root"} needs $lib, which no package in the image has"; exit 1; }
	done
done
mkdir -p "$root/etc/mdevctl.d/scripts.d/callouts" "$root/etc/mdevctl.d/scripts.d/notifiers" \
	"$root/usr/lib/mdevctl/scripts.d/callouts" "$root/usr/lib/mdevctl/scripts.d/notifiers" \
	"$root/etc/driverctl.d"

printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
cp "$here/guest/init" "$root/init"
chmod 755 "$root/init"

(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
log "built $(du -h "$out" | cut -f1) image"
echo "$out"

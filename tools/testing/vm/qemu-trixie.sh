#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) an initramfs addition holding Debian 13's own
# qemu-system-s390x, the s390x build, for running inside the s390x VM on
# Debian 13's stock kernel (the vfio_ccw_qemu suite), and print the path of
# the gzipped cpio archive. run.sh appends it to rootfs-trixie.sh's image
# only when that suite is selected.
#
#   qemu-trixie.sh
#
# The packages: qemu-system-s390x, qemu-system-data (the s390-ccw.img
# firmware that the machine loads) and the libraries the binary links
# against, found by following the packages' "Depends" on libraries from
# trixie's index; libc6 and libgcc-s1 are the image's own. They are fetched
# by trixie-debs.sh (trixie's version, sid's where trixie's file is gone)
# and the versions are logged. Only the binary, the firmware and the
# shared objects it loads (its NEEDED closure) go into the archive, which
# fails to build when one is not in a fetched package. The archive is
# merged-/usr like the image and cached under $ZMDEV_CACHE/rootfs, keyed
# by the versions and this script.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
# The image (rootfs-trixie.sh) has these packages' libraries.
base="libc6 libgcc-s1"
log() { echo "qemu-trixie.sh: $*" >&2; }

# shellcheck source-path=SCRIPTDIR source=../../../scripts/apt-private.sh
. "$top/scripts/apt-private.sh"
apt_dir=$cache/apt/trixie-sid-s390x
apt_private "$apt_dir" s390x "http://deb.debian.org/debian trixie" \
	"http://deb.debian.org/debian sid"
if apt_private_stale "$apt_dir"; then
	log "reading trixie's and sid's s390x indexes"
	apt_private_update
fi

# libdeps PACKAGE...: the libraries these packages depend on in trixie
# (the first of each set of alternatives), less the image's own and the
# packages of data, plug-ins and tools that some libraries pull in.
libdeps() {
	local recs
	recs=$(apt-cache "${apt_opts[@]}" show "${@/%//trixie}")
	[ -n "$recs" ] || { log "apt-cache shows nothing for: $*"; return 1; }
	echo "$recs" | sed -n 's/^\(Pre-\)\{0,1\}Depends: //p' | tr ',' '\n' |
		sed 's/^ *//; s/[ |].*//' | grep -E '^(lib|zlib)' |
		grep -vE -- '-(common|modules.*|bin)$' |
		grep -vxF -f <(tr ' ' '\n' <<< "$base") | sort -u || true
}

# The libraries' closure, one reading of the indexes per level.
pkgs="qemu-system-s390x qemu-system-data"
new=(qemu-system-s390x)
seen=" "
while [ ${#new[@]} -gt 0 ]; do
	next=()
	deps=$(libdeps "${new[@]}")
	for d in $deps; do
		case $seen in *" $d "*) continue ;; esac
		seen="$seen$d "
		next+=("$d")
	done
	new=("${next[@]}")
done
# trixie-debs.sh takes the same apt's lock.
exec 8>&-
# shellcheck disable=SC2086 # one word per package
mapfile -t files < <("$here/trixie-debs.sh" s390x $pkgs $seen $base)
[ ${#files[@]} -eq $(($(wc -w <<< "$pkgs $seen $base"))) ] ||
	{ log "trixie-debs.sh gave ${#files[@]} files for: $pkgs $seen $base"; exit 1; }
picked=
for deb in "${files[@]}"; do
	[ -f "$deb" ] || { log "trixie-debs.sh gave '$deb', which is not a file"; exit 1; }
	picked="$picked $(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)"
done
log "packages:$picked"

k=$( { echo "$picked"; cat "$0"; } | sha256sum | cut -c1-16)
out=$cache/rootfs/s390x-trixie-qemu-$k.cpio.gz
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpack=$work/unpack
root=$work/root
mkdir -p "$unpack" "$root/usr/bin" "$root/usr/lib/s390x-linux-gnu" "$root/usr/share/qemu"
for deb in "${files[@]}"; do
	dpkg-deb -x "$deb" "$unpack"
done
cp -a "$unpack/usr/bin/qemu-system-s390x" "$root/usr/bin/"
cp -a "$unpack/usr/share/qemu/s390-ccw.img" "$root/usr/share/qemu/"

# The binary's NEEDED closure: each shared object from the fetched
# packages (those of libc6 and libgcc-s1 stay the image's own).
own=$(for p in $base; do
	dpkg-deb -c "$(printf '%s\n' "${files[@]}" | grep "/${p}_")"
done | sed -n 's|.*/\([^/ ]*\.so[^/ ]*\)\( ->.*\)\{0,1\}$|\1|p')
todo=$root/usr/bin/qemu-system-s390x
while [ -n "$todo" ]; do
	read -r f todo <<< "$todo"
	for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$root/usr/lib/s390x-linux-gnu/$lib" ] && continue
		grep -qxF "$lib" <<< "$own" && continue
		src=
		for d in usr/lib/s390x-linux-gnu lib/s390x-linux-gnu; do
			[ -e "$unpack/$d/$lib" ] && src=$unpack/$d/$lib && break
		done
		[ -n "$src" ] || { log "${f#"$root"} needs $lib, which no fetched package has"; exit 1; }
		cp -L "$src" "$root/usr/lib/s390x-linux-gnu/$lib"
		todo="$todo $root/usr/lib/s390x-linux-gnu/$lib"
	done
done
for d in bin sbin lib; do
	ln -s "usr/$d" "$root/$d"
done

(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
log "built $(du -h "$out" | cut -f1) archive, $(du -sh "$root" | cut -f1) unpacked"
echo "$out"

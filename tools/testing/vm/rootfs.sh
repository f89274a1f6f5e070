#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the user-space part of the test VM's initramfs and print
# the path of the gzipped cpio archive.
#
#   rootfs.sh s390x|x86_64
#
# Everything comes from Debian's packages, fetched with "apt-get download"
# (multiarch for s390x) and unpacked with dpkg-deb: busybox-static, mdevctl
# with the libc it links against, json-c's library for mdevctl's vfio-ap
# callout (which run.sh adds, built by build-callout.sh) and, on s390x, the
# s390-tools commands the tests use (lscss, lschp, chchp, lszcrypt,
# chzcrypt). Debian 12's mdevctl 1.2.0 is /usr/sbin/mdevctl; Debian 13's
# mdevctl 1.4.0 (trixie-debs.sh) lives in /opt/mdevctl-1.4 with its own
# libc and dynamic loader, run by the wrapper /usr/sbin/mdevctl-1.4. The
# archive is cached under $ZMDEV_CACHE, keyed by the package versions and
# the guest scripts.
set -euo pipefail

arch=${1:?usage: rootfs.sh s390x|x86_64}
here=$(cd "$(dirname "$0")" && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}

case $arch in
s390x)	darch=s390x; pkgs="busybox-static libc6 libc-bin libgcc-s1 mdevctl libjson-c5 s390-tools"
	triplet=s390x-linux-gnu; ldso=ld64.so.1 ;;
x86_64)	darch=amd64; pkgs="busybox-static libc6 libc-bin libgcc-s1 mdevctl libjson-c5"
	triplet=x86_64-linux-gnu; ldso=ld-linux-x86-64.so.2 ;;
*)	echo "rootfs.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

log() { echo "rootfs.sh[$arch]: $*" >&2; }

versions=""
for p in $pkgs; do
	v=$(apt-cache policy "$p:$darch" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	if [ -z "$v" ] || [ "$v" = "(none)" ]; then
		log "package $p:$darch is unknown to apt (run scripts/setup.sh)"
		exit 1
	fi
	versions="$versions $p=$v"
done
# Debian 13's mdevctl and what it runs on; the versions are in the names.
mapfile -t new_debs < <("$here/trixie-debs.sh" $darch mdevctl libc6 libgcc-s1)
[ ${#new_debs[@]} -eq 3 ] || { log "Debian 13's mdevctl could not be fetched"; exit 1; }
versions="$versions ${new_debs[*]##*/}"
key=$( { echo "$versions"; cat "$0" "$here/guest/init"; } | sha256sum | cut -c1-16)
out=$cache/rootfs/$arch-$key.cpio.gz
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache/rootfs" "$cache/debs/$darch"
exec 9>"$cache/.lock-rootfs-$arch"
flock 9
[ -f "$out" ] && { echo "$out"; exit 0; }

debs=$cache/debs/$darch
# shellcheck disable=SC2046 # one word per package
"$here/../../../scripts/deb-fetch.sh" "$debs" $(printf "%s:$darch " $pkgs)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpack=$work/unpack
root=$work/root
mkdir -p "$unpack" "$root"
for p in $pkgs; do
	# Only the newest downloaded version of each package.
	deb=$(ls -t "$debs/${p}_"*"_$darch.deb" | head -n 1)
	dpkg-deb -x "$deb" "$unpack"
done

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp,run,root,mnt}
cp -a "$unpack/bin/busybox" "$root/bin/busybox"
# /init runs "busybox --install -s" for the other applets.
ln -sf busybox "$root/bin/sh"

# mdevctl and the libraries it needs.
cp -a "$unpack/usr/bin/mdevctl" "$root/usr/sbin/mdevctl"
ln -sf mdevctl "$root/usr/sbin/lsmdev"
cp -a "$unpack/lib/." "$root/lib/"
[ -d "$unpack/lib64" ] && cp -a "$unpack/lib64/." "$root/lib64/"
[ -d "$unpack/usr/lib" ] && mkdir -p "$root/usr/lib" && cp -a "$unpack/usr/lib/." "$root/usr/lib/"
# Drop what the VM never uses (locales, gconv, docs) to keep the image small.
rm -rf "$root/usr/lib/locale" "$root"/usr/lib/*/gconv "${root:?}/usr/share"
mkdir -p "$root/etc/mdevctl.d/scripts.d/callouts" "$root/etc/mdevctl.d/scripts.d/notifiers" \
	"$root/usr/lib/mdevctl/scripts.d/callouts" "$root/usr/lib/mdevctl/scripts.d/notifiers"

# ldconfig (static), so that /init can make /etc/ld.so.cache as on any
# Debian system: without the cache, Debian 12's loader looks for each
# library in every hardware-capability subdirectory of every library
# directory, hundreds of failed opens per program on s390x.
cp -a "$unpack/sbin/ldconfig" "$root/sbin/ldconfig"
mkdir -p "$root/var/cache/ldconfig"
printf '/lib/%s\n/usr/lib/%s\n' $triplet $triplet > "$root/etc/ld.so.conf"

# mdevctl 1.4.0 with the libraries it names (libc, libgcc_s, the loader),
# from its own directory: Debian 12's libc is too old for it, and the
# callouts it runs must still get Debian 12's, so the loader is given the
# library path on its command line instead of LD_LIBRARY_PATH.
new=$work/new
opt=/opt/mdevctl-1.4
mkdir -p "$new" "$root$opt/bin" "$root$opt/lib"
for deb in "${new_debs[@]}"; do
	dpkg-deb -x "$deb" "$new"
done
cp -a "$new/usr/bin/mdevctl" "$root$opt/bin/mdevctl"
find "$new/usr/lib/$triplet" -maxdepth 1 -name '*.so*' -exec cp -a -t "$root$opt/lib/" {} +
printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' \
	"$opt/lib/$ldso" "$opt/lib" "$opt/bin/mdevctl" > "$root/usr/sbin/mdevctl-1.4"
chmod 755 "$root/usr/sbin/mdevctl-1.4"

if [ "$arch" = s390x ]; then
	for t in lscss lschp chchp lszcrypt chzcrypt; do
		cp -a "$unpack/sbin/$t" "$root/sbin/$t"
	done
fi

printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
cp "$here/guest/init" "$root/init"
chmod 755 "$root/init"

(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
log "built $(du -h "$out" | cut -f1) image"
echo "$out"

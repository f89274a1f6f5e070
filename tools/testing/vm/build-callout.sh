#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build mdevctl's vfio-ap callout (tools/vfio-ap-callout) for the test VM
# and install it as "make callout_install DESTDIR=OUTDIR/root" would on the
# guest:
#
#   build-callout.sh s390x|x86_64 OUTDIR
#
# It links dynamically against json-c, as on a Debian host: Debian 12's
# libjson-c-dev and libjson-c5 of the guest's architecture (multiarch,
# scripts/deb-fetch.sh) are unpacked into OUTDIR/sysroot and found through
# pkg-config; rootfs.sh puts the same libjson-c5 into the image. The
# callout directory is the one of the image's /usr/sbin/mdevctl (Debian
# 12's 1.2.0, /etc/mdevctl.d/scripts.d/callouts), which the image's mdevctl
# 1.4.0 reads too; its version is given to make, as it cannot run here.
set -euo pipefail

arch=${1:?usage: build-callout.sh s390x|x86_64 OUTDIR}
out=${2:?}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}

case $arch in
s390x)	darch=s390x; triplet=s390x-linux-gnu; cc=s390x-linux-gnu-gcc ;;
x86_64)	darch=amd64; triplet=x86_64-linux-gnu; cc=gcc ;;
*)	echo "build-callout.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

debs=$cache/debs/$darch
"$top/scripts/deb-fetch.sh" "$debs" "libjson-c-dev:$darch" "libjson-c5:$darch"
sys=$out/sysroot
rm -rf "$sys" "$out/root"
mkdir -p "$sys"
for p in libjson-c-dev libjson-c5; do
	dpkg-deb -x "$(ls -t "$debs/${p}_"*"_$darch.deb" | head -n 1)" "$sys"
done

# The upstream part of the Debian version, "1.2.0" of "1.2.0-3+b1".
ver=$(apt-cache policy "mdevctl:$darch" | awk '/Candidate:/ { print $2 }')
ver=${ver#*:}
ver=${ver%%-*}
[ -n "$ver" ] || { echo "build-callout.sh: no mdevctl:$darch known to apt" >&2; exit 1; }

PKG_CONFIG_SYSROOT_DIR=$sys PKG_CONFIG_LIBDIR=$sys/usr/lib/$triplet/pkgconfig \
	make -s -C "$top/tools/vfio-ap-callout" OUT="$out/bin" CC="$cc" \
	MDEVCTL_VERSION="$ver" DESTDIR="$out/root" install

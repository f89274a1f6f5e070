#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the test kernel for one architecture and print its build
# directory, which is also the KDIR our modules build against.
#
#   scripts/kernel.sh s390x|x86_64|s390x-prod [--print-key]
#
# s390x and x86_64 are the test kernels the VMs boot (debug options on, no
# real AP bus). s390x-prod is never booted: it has the real AP bus and KVM
# (CONFIG_AP, CONFIG_ZCRYPT, CONFIG_KVM) so that vfio_ap's production
# backend compiles and links against it in CI.
#
# The kernel comes from Debian's linux-source-6.12 tarball. Builds live in
# $ZMDEV_CACHE (default ~/.cache/zmdev), keyed by the source package version,
# the config fragments and a recipe version, so a second run is a no-op.
set -euo pipefail

profile=${1:?usage: kernel.sh s390x|x86_64|s390x-prod}
arch=${profile%-prod}
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
tarball=${ZMDEV_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
frag_dir=$top/tools/testing/vm/config

case $arch in
s390x)	karch=s390; cross=s390x-linux-gnu-; image=arch/s390/boot/bzImage ;;
x86_64)	karch=x86_64; cross=; image=arch/x86/boot/bzImage ;;
*)	echo "kernel.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

case $profile in
*-prod)	frags="base.config $arch.config $profile.config"; targets="vmlinux modules" ;;
*)	frags="base.config debug.config $arch.config"; targets="bzImage modules" ;;
esac

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %s-%Y "$tarball")
# Bump when a change to this script changes what it builds.
recipe=1
key=$( { echo "$srcver $recipe"; for f in $frags; do cat "$frag_dir/$f"; done; } |
	sha256sum | cut -c1-16)
if [ "${2:-}" = --print-key ]; then
	echo "$key"
	exit 0
fi

src=$cache/src/linux-$srcver
out=$cache/kernel/$profile-$key

log() { echo "kernel.sh[$profile]: $*" >&2; }

# Serialise concurrent callers (make -j, two terminals) on one lock.
mkdir -p "$cache"
exec 9>"$cache/.lock-$profile"
flock 9

if [ ! -f "$src/.extracted" ]; then
	log "extracting $tarball"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.extracted"
	mv "$src.tmp" "$src"
fi

if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

log "building kernel in $out (key $key)"
# Builds for older keys of this profile are stale: drop them to bound the
# cache. Keys are 16 hex digits, so "s390x-<key>" never matches s390x-prod.
find "$cache/kernel" -mindepth 1 -maxdepth 1 -name "$profile-????????????????" ! -name "$profile-$key" \
	-exec rm -rf {} + 2>/dev/null || true
rm -rf "$out"
mkdir -p "$out"
kmake() { make -s -C "$src" O="$out" ARCH=$karch CROSS_COMPILE=$cross "$@"; }
kmake tinyconfig >/dev/null
(cd "$src" && ARCH=$karch CROSS_COMPILE=$cross scripts/kconfig/merge_config.sh -m -O "$out" \
	"$out/.config" $(for f in $frags; do echo "$frag_dir/$f"; done) >/dev/null)
kmake olddefconfig >/dev/null

# Every option a fragment asks for must survive olddefconfig: a silently
# dropped dependency would give a kernel that cannot run the tests.
bad=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*}; val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" && { log "$opt should be off"; bad=1; }
	else
		grep -qx "$opt=$val" "$out/.config" || { log "$opt=$val did not stick"; bad=1; }
	fi
done < <(for f in $frags; do
	# A later fragment overrides an earlier one: check the last word.
	cat "$frag_dir/$f"; done | awk -F= '/^CONFIG_/ { v[$1] = $0; o[n++] = $1 }
	END { for (i = 0; i < n; i++) if (!s[o[i]]++) print v[o[i]] }')
[ $bad -eq 0 ] || { log "config fragments do not apply cleanly"; exit 1; }

kmake -j"$(nproc)" $targets
if [ "$profile" = "$arch" ]; then
	kmake headers_install INSTALL_HDR_PATH="$out/usr-headers" >/dev/null
	[ -f "$out/$image" ]
	ln -sf "$image" "$out/zmdev-image"
fi
[ -f "$out/Module.symvers" ]
touch "$out/.built"
log "done"
echo "$out"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages zmdev needs to build and test.
# Idempotent: packages already installed are skipped, and apt is not
# touched at all when nothing is missing.
set -euo pipefail

HOST_PKGS=(
	build-essential bc bison flex libelf-dev libssl-dev cpio kmod dwarves
	rsync xz-utils python3 sparse
	gcc-s390x-linux-gnu libc6-dev-s390x-cross
	linux-source-6.12
	clang-14 libclang-rt-14-dev
	libjson-c-dev pkg-config
)
# User space for the VM images, fetched with "apt-get download" (multiarch).
# The amd64 variants of some of these are installed only as downloads too.

# The emulators come from bookworm-backports (QEMU 10.0): bookworm's
# qemu-system-s390x 7.2 runs stale translated code after a module unload
# now and then (see tools/testing/vm/README.md), which crashes the guest.
QEMU_PKGS=(qemu-system-s390x qemu-system-x86)
QEMU_MIN_MAJOR=10
BACKPORTS=/etc/apt/sources.list.d/zmdev-bookworm-backports.sources

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

missing=()
for p in "${HOST_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

# qemu_ok BINARY: the emulator is installed and new enough.
qemu_ok() {
	local v
	v=$("$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
	[ -n "$v" ] && [ "$v" -ge "$QEMU_MIN_MAJOR" ]
}
need_qemu=0
qemu_ok qemu-system-s390x && qemu_ok qemu-system-x86_64 || need_qemu=1

need_update=0
if [ $need_qemu -eq 1 ] && [ ! -f "$BACKPORTS" ]; then
	# Backports are never preferred by default (NotAutomatic), so adding
	# the suite changes nothing but what is asked for with -t.
	printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' \
		'Suites: bookworm-backports' 'Components: main' \
		'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
		$SUDO tee "$BACKPORTS" > /dev/null
	need_update=1
fi
[ $need_qemu -eq 0 ] || need_update=1
if ! dpkg --print-foreign-architectures | grep -qx s390x; then
	$SUDO dpkg --add-architecture s390x
	need_update=1
fi
[ ${#missing[@]} -eq 0 ] || need_update=1

if [ $need_update -eq 1 ]; then
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
	echo "setup: all host packages present"
fi
if [ $need_qemu -eq 1 ]; then
	echo "setup: installing ${QEMU_PKGS[*]} from bookworm-backports"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports "${QEMU_PKGS[@]}"
	for q in qemu-system-s390x qemu-system-x86_64; do
		qemu_ok "$q" || { echo "setup: $q is older than $QEMU_MIN_MAJOR.0" >&2; exit 1; }
	done
fi

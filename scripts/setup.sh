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
	qemu-system-misc qemu-system-x86
	linux-source-6.12
	clang-14 libclang-rt-14-dev
)
# User space for the VM images, fetched with "apt-get download" (multiarch).
# The amd64 variants of some of these are installed only as downloads too.

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

missing=()
for p in "${HOST_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

need_update=0
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

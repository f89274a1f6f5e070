#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build every kselftest suite under tools/testing/selftests/ for one
# architecture and install it into OUTDIR/<suite>/, with a "zmdev-tests" file
# listing the programs the guest runner executes (from lib.mk's emit_tests).
#
#   build-selftests.sh s390x|x86_64 KDIR OUTDIR [CONFIG]
#
# CONFIG is the .config of the kernel the tests will run on (default
# KDIR/.config). A suite whose "config" fragment asks for options that
# kernel does not have (vfio_ccw needs s390) is left out, unless it is
# named in ZMDEV_SELFTESTS_ANYWAY (space-separated suites): run.sh does that
# for the suites selected on a stock kernel, whose configuration is not
# ours to choose, so that its tests show what a missing option costs. Suites use the
# kernel's own lib.mk and kselftest_harness.h from KDIR's source tree; test programs are linked statically against the kernel's uAPI
# headers, so the VM needs no shared libraries for them.
set -euo pipefail

arch=${1:?usage: build-selftests.sh ARCH KDIR OUTDIR}
kdir=${2:?}
out=${3:?}
config=${4:-$kdir/.config}
top=$(cd "$(dirname "$0")/../../.." && pwd)
ksrc=$(readlink -f "$kdir/source" 2>/dev/null || true)
[ -d "$ksrc/tools/testing/selftests" ] || ksrc=$kdir
ksft=$ksrc/tools/testing/selftests

case $arch in
s390x)	karch=s390; cross=s390x-linux-gnu- ;;
x86_64)	karch=x86_64; cross= ;;
*)	karch=$arch; cross=${CROSS_COMPILE:-} ;;
esac
[ "$(uname -m)" = "$arch" ] && cross=${CROSS_COMPILE:-}

hdrs=$kdir/usr-headers/include
if [ ! -d "$hdrs" ]; then
	make -s -C "$kdir" ARCH=$karch headers_install INSTALL_HDR_PATH="$kdir/usr-headers" >/dev/null
fi

rm -rf "$out"
mkdir -p "$out/kselftest"
cp "$ksft/kselftest/ktap_helpers.sh" "$out/kselftest/"

# unmet_config SUITE_DIR: name the first option of the suite's "config"
# fragment that the kernel lacks (=m is met by y or m, =y only by y), with
# what the suite wants and what the kernel has.
unmet_config() {
	local line opt want have
	[ -f "$1/config" ] || return 0
	while IFS= read -r line; do
		case $line in CONFIG_*=[ym]) ;; *) continue ;; esac
		opt=${line%%=*}
		want=${line#*=}
		have=$(sed -n "s/^$opt=//p" "$config")
		if [ "$have" != y ] && { [ "$want" = y ] || [ "$have" != m ]; }; then
			echo "$opt=$want wanted, the kernel has ${have:-it unset}"
			return 0
		fi
	done < "$1/config"
}

for mk in "$top"/tools/testing/selftests/*/Makefile; do
	[ -f "$mk" ] || continue
	src=$(dirname "$mk")
	suite=$(basename "$src")
	missing=$(unmet_config "$src")
	if [ -n "$missing" ]; then
		case " ${ZMDEV_SELFTESTS_ANYWAY:-} " in
		*" $suite "*)
			echo "build-selftests: $suite built although the kernel lacks what it asks for ($missing)" >&2 ;;
		*)	echo "build-selftests: $suite is not for this kernel ($missing)" >&2
			continue ;;
		esac
	fi
	obj=$out/.obj/$suite
	dest=$out/$suite
	mkdir -p "$obj" "$dest"
	args=(-s -C "$src" ARCH=$karch CROSS_COMPILE=$cross CC="${cross}gcc"
	      KSFT_DIR="$ksft" ZMDEV_TOP="$top" OUTPUT="$obj"
	      KHDR_INCLUDES="-isystem $hdrs")
	make "${args[@]}" all
	make "${args[@]}" INSTALL_PATH="$dest" install >/dev/null
	make "${args[@]}" emit_tests | sed "s/^[^:]*://" > "$dest/zmdev-tests"
	for f in "$src/settings" "$src/config"; do
		[ -f "$f" ] && cp "$f" "$dest/"
	done
done
rm -rf "$out/.obj"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make sure DIR holds a downloaded .deb of each package, fetching what is
# missing with "apt-get download" (Debian's registry, as apt is set up).
#
#   scripts/deb-fetch.sh [-o APT-OPTION]... DIR PACKAGE[:ARCH|=VERSION]...
#
# A package counts as present when DIR has any version of it (for that
# architecture, or that version, if one is named). Each -o is passed on to
# apt-get, e.g. to read a private sources list instead of the system's.
# Exits 1, naming the package, when one cannot be downloaded; the ones
# before it stay in DIR.
set -euo pipefail

opts=()
while [ "${1:-}" = -o ]; do
	opts+=(-o "$2")
	shift 2
done
dir=${1:?usage: deb-fetch.sh [-o APT-OPTION]... DIR PACKAGE[:ARCH|=VERSION]...}
shift
mkdir -p "$dir"

for p in "$@"; do
	name=${p%%[:=]*}
	case $p in
	*=*)	v=${p#*=}	# apt names the file with its epoch's ":" as "%3a"
		glob="${name}_${v/:/%3a}_*.deb" ;;
	*:*)	glob="${name}_*_${p#*:}.deb" ;;
	*)	glob="${name}_*.deb" ;;
	esac
	# shellcheck disable=SC2086 # the glob is meant to expand
	ls "$dir"/$glob >/dev/null 2>&1 && continue
	(cd "$dir" && apt-get "${opts[@]}" download -q "$p" 2>&1 |
		grep -v '^W: Download is performed unsandboxed' >&2) || true
	# shellcheck disable=SC2086
	ls "$dir"/$glob >/dev/null 2>&1 || { echo "deb-fetch.sh: $p: not downloadable" >&2; exit 1; }
done

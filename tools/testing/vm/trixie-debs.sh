#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Download Debian 13 ("trixie") packages for the test VM's image and print
# the path of each .deb, one a line, in the order asked:
#
#   trixie-debs.sh amd64|s390x PACKAGE...
#
# This machine is Debian 12, so the packages come through a private apt
# configuration whose state lives in $ZMDEV_CACHE/apt/trixie-sid-<arch>
# and which never reads or changes the system's apt state (its indexes
# are read again once a day). Each package is trixie's version; where
# trixie's index names a file that is gone from the mirror (seen for
# libc6 on s390x), sid's version instead, which is logged on standard
# error (each time). The .debs are kept in $ZMDEV_CACHE/debs/trixie-<arch>
# (scripts/deb-fetch.sh); their names carry the version.
set -euo pipefail

darch=${1:?usage: trixie-debs.sh amd64|s390x PACKAGE...}
shift
here=$(cd "$(dirname "$0")" && pwd)
cache=${ZMDEV_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/zmdev}
log() { echo "trixie-debs.sh[$darch]: $*" >&2; }

# shellcheck source-path=SCRIPTDIR source=../../../scripts/apt-private.sh
. "$here/../../../scripts/apt-private.sh"
apt_dir=$cache/apt/trixie-sid-$darch
debs=$cache/debs/trixie-$darch
mkdir -p "$debs"
apt_private "$apt_dir" "$darch" "http://deb.debian.org/debian trixie" \
	"http://deb.debian.org/debian sid"
if apt_private_stale "$apt_dir"; then
	log "reading trixie's and sid's $darch indexes"
	apt_private_update
	rm -f "$apt_dir/gone"
fi
# The versions these indexes name whose files did not download, so that
# they are not asked for again until the next update.
touch "$apt_dir/gone"

# Every version the indexes name, read once: "PACKAGE | VERSION | URL
# SUITE/main ARCH Packages" lines.
madison=$(apt-cache "${apt_opts[@]}" madison "$@")

# version_in PACKAGE SUITE: the version SUITE's index names, if any.
# (awk reads a here-string: fed through a pipe, a long list would get
# SIGPIPE when awk exits at the first match, and pipefail ends the script
# without a word.)
version_in() {
	awk -F' *[|] *' -v p="$1" -v s="$2/main" \
		'{ n = $1; gsub(/ /, "", n) } n == p && index($3, " " s " ") { print $2; exit }' \
		<<< "$madison"
}

for p in "$@"; do
	deb=
	for suite in trixie sid; do
		v=$(version_in "$p" $suite)
		[ -n "$v" ] && ! grep -qxF "$p=$v" "$apt_dir/gone" || continue
		if "$here/../../../scripts/deb-fetch.sh" "${apt_opts[@]}" "$debs" "$p=$v" 2>/dev/null; then
			deb=$(ls "$debs/${p}_${v//:/%3a}_"*.deb | head -n 1)
			[ $suite = trixie ] || log "$p: trixie's file is not downloadable, using sid's $v"
			break
		fi
		echo "$p=$v" >> "$apt_dir/gone"
	done
	[ -n "$deb" ] || { log "$p: neither trixie's nor sid's version downloads"; exit 1; }
	echo "$deb"
done

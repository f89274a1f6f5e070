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

apt_dir=$cache/apt/trixie-sid-$darch
debs=$cache/debs/trixie-$darch
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$debs"
exec 9>"$apt_dir/.lock"
flock 9

key=/usr/share/keyrings/debian-archive-keyring.gpg
{
	echo "deb [arch=$darch signed-by=$key] http://deb.debian.org/debian trixie main"
	echo "deb [arch=$darch signed-by=$key] http://deb.debian.org/debian sid main"
} > "$apt_dir/sources.list"
opts=(-o APT::Sandbox::User=root
      -o "Dir::Etc::SourceList=$apt_dir/sources.list"
      -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt_dir/lists"
      -o "Dir::Cache=$apt_dir/cache"
      -o Dir::State::status=/dev/null
      -o Dir::Etc::Preferences=/dev/null
      -o Dir::Etc::PreferencesParts=/dev/null
      -o "APT::Architecture=$darch"
      -o "APT::Architectures::=$darch")
if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
	log "reading trixie's and sid's $darch indexes"
	apt-get "${opts[@]}" -q update 2>&1 | grep -E '^(E|W):' >&2 || true
	rm -f "$apt_dir/gone"
fi
# The versions these indexes name whose files did not download, so that
# they are not asked for again until the next update.
touch "$apt_dir/gone"

# Every version the indexes name, read once: "PACKAGE | VERSION | URL
# SUITE/main ARCH Packages" lines.
madison=$(apt-cache "${opts[@]}" madison "$@")

# version_in PACKAGE SUITE: the version SUITE's index names, if any.
version_in() {
	echo "$madison" | awk -F' *[|] *' -v p="$1" -v s="$2/main" \
		'{ n = $1; gsub(/ /, "", n) } n == p && index($3, " " s " ") { print $2; exit }'
}

for p in "$@"; do
	deb=
	for suite in trixie sid; do
		v=$(version_in "$p" $suite)
		[ -n "$v" ] && ! grep -qxF "$p=$v" "$apt_dir/gone" || continue
		if "$here/../../../scripts/deb-fetch.sh" "${opts[@]}" "$debs" "$p=$v" 2>/dev/null; then
			deb=$(ls "$debs/${p}_${v//:/%3a}_"*.deb | head -n 1)
			[ $suite = trixie ] || log "$p: trixie's file is not downloadable, using sid's $v"
			break
		fi
		echo "$p=$v" >> "$apt_dir/gone"
	done
	[ -n "$deb" ] || { log "$p: neither trixie's nor sid's version downloads"; exit 1; }
	echo "$deb"
done

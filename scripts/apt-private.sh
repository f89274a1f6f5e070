# SPDX-License-Identifier: GPL-2.0
#
# A private apt for another Debian release's packages, sourced by the
# scripts that fetch them (scripts/debian-kernel.sh and, for the VM images,
# tools/testing/vm/rootfs-trixie.sh and trixie-debs.sh). Its sources,
# indexes and download cache live in one directory; it has no status file
# and no pinning, and sees one architecture whatever dpkg's foreign
# architectures are, so it never reads or changes the system's apt state.

# apt_private DIR ARCH "URL SUITE"...: take DIR's lock (file descriptor 8,
# held until the script ends: scripts sharing DIR take turns), write its
# sources.list, one line per archive and suite, and set the array apt_opts
# to use that apt.
apt_private() {
	local dir=$1 arch=$2 s
	local key=/usr/share/keyrings/debian-archive-keyring.gpg
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	exec 8>"$dir/.lock"
	flock 8
	for s in "$@"; do
		echo "deb [arch=$arch signed-by=$key] $s main"
	done > "$dir/sources.list"
	apt_opts=(-o APT::Sandbox::User=root
		  -o "Dir::Etc::SourceList=$dir/sources.list"
		  -o Dir::Etc::SourceParts=/dev/null
		  -o "Dir::State::Lists=$dir/lists"
		  -o "Dir::Cache=$dir/cache"
		  -o Dir::State::status=/dev/null
		  -o Dir::Etc::Preferences=/dev/null
		  -o Dir::Etc::PreferencesParts=/dev/null
		  -o "APT::Architecture=$arch"
		  -o "APT::Architectures::=$arch")
}

# apt_private_stale DIR: true when DIR's indexes are missing or more than
# a day old (they are read again once a day).
apt_private_stale() {
	[ -z "$(find "$1/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null |
		head -n 1)" ]
}

# apt_private_update: read the indexes again; apt's errors and warnings go
# to standard error (a suite that fails to load leaves the others usable).
apt_private_update() {
	apt-get "${apt_opts[@]}" -q update 2>&1 | grep -E '^(E|W):' >&2 || true
}

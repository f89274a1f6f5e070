#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# "make install" puts the callout where the mdevctl on PATH looks for it:
#
#   install-test.sh MAKEFILE_DIR OUT
#
# For each version a fake mdevctl answers "--version" as the real one does
# ("mdevctl X.Y.Z") and fails any other command line, as the real one
# does for an unknown subcommand. mdevctl 1.1 and 1.2 read callouts only
# from /etc/mdevctl.d/scripts.d/callouts, 1.3 and later from
# /usr/lib/mdevctl/scripts.d/callouts first; without an mdevctl (MDEVCTL
# names no command) the default is the newer place. OUT is the build directory make uses (the
# callout is built once). Prints "ok N ..." or "not ok N ..." per version.
#
# Covers: AP-CALLOUT-08

dir=${1:?usage: install-test.sh MAKEFILE_DIR OUT}
out=${2:?}
old=/etc/mdevctl.d/scripts.d/callouts
new=/usr/lib/mdevctl/scripts.d/callouts
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
rc=0

# one VERSION WANT_DIR: install with a fake mdevctl of VERSION ("none":
# no mdevctl at all) and check where the callout went.
one() {
	n=$((n + 1))
	bin=$tmp/bin-$1
	dest=$tmp/root-$1
	mkdir -p "$bin"
	if [ "$1" != none ]; then
		cat > "$bin/mdevctl" <<EOF
#!/bin/sh
[ "\$*" = --version ] && { echo "mdevctl $1"; exit 0; }
echo "error: unrecognized subcommand '\$1'" >&2
exit 2
EOF
		chmod 755 "$bin/mdevctl"
	fi
	# "none": a command that does not exist, whatever the host has.
	cmd=mdevctl
	[ "$1" = none ] && cmd=$tmp/no-mdevctl
	if ! PATH=$bin:$PATH make -s -C "$dir" OUT="$out" DESTDIR="$dest" \
		MDEVCTL="$cmd" install > "$tmp/log" 2>&1; then
		sed 's/^/# /' "$tmp/log"
		echo "not ok $n install for mdevctl $1"
		rc=1
		return
	fi
	got=$(cd "$dest" && find . -name vfio-ap-callout -type f | sed 's|^\.||')
	if [ "$got" = "$2/vfio-ap-callout" ]; then
		echo "ok $n install for mdevctl $1 goes to $2"
	else
		echo "# expected $2/vfio-ap-callout, got '$got'"
		echo "not ok $n install for mdevctl $1 goes to $2"
		rc=1
	fi
}

# Build once with the caller's PATH, so that the cases only install.
make -s -C "$dir" OUT="$out" >/dev/null || exit 1
one 1.1.0 $old
one 1.2.0 $old
one 1.3.0 $new
one 1.4.0 $new
one 1.10.0 $new
one 1.21.1 $new
one 2.0.0 $new
one none $new
exit $rc

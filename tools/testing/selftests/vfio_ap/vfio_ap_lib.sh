# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vfio_ap shell tests; sourced after ktap_helpers.sh.

# check NAME CMD...: one KTAP result, pass when CMD succeeds.
check() {
	name=$1
	shift
	if "$@"; then
		ktap_test_pass "$name"
	else
		ktap_test_fail "$name"
	fi
}

# eq GOT WANT: compare, and say both when they differ.
eq() {
	[ "$1" = "$2" ] && return 0
	echo "# expected '$2'"
	echo "# got      '$1'"
	return 1
}

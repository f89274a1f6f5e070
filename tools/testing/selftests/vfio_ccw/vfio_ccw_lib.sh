# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vfio_ccw shell tests (POSIX sh: the test VM runs
# busybox). Set DEVNO before sourcing; find_sch then names its subchannel.

KTAP=/zmdev/selftests/kselftest/ktap_helpers.sh
[ -f "$KTAP" ] || KTAP="$(dirname "$0")/../kselftest/ktap_helpers.sh"
. "$KTAP"

CSS=/sys/bus/css
MDEVS=/sys/bus/mdev/devices
SCH=

# The subchannel carrying device $DEVNO.
find_sch()
{
	for d in "$CSS"/devices/*; do
		[ "$(cat "$d/dev_busid" 2>/dev/null)" = "$DEVNO" ] &&
			{ basename "$d"; return 0; }
	done
	return 1
}

driver_of()
{
	basename "$(readlink "$CSS/devices/$SCH/driver" 2>/dev/null)"
}

unbind_any()
{
	drv=$(driver_of)
	[ -n "$drv" ] && echo "$SCH" > "$CSS/drivers/$drv/unbind"
	true
}

type_dir()
{
	echo "$CSS/devices/$SCH/mdev_supported_types/vfio_ccw-io"
}

# check NAME CONDITION: one KTAP result from a shell condition.
check()
{
	if eval "$2"; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

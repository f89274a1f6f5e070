# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vfio_ccw shell tests (POSIX sh: the test VM runs
# busybox). Set DEVNO before sourcing; find_sch then names its subchannel.

KTAP=/zmdev/selftests/kselftest/ktap_helpers.sh
[ -f "$KTAP" ] || KTAP="$(dirname "$0")/../kselftest/ktap_helpers.sh"
. "$KTAP"

CSS=/sys/bus/css
MDEVS=/sys/bus/mdev/devices
H="$(cd "$(dirname "$0")" && pwd)/vfio_ccw_helper"
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

# need_vfio_ccw MODULE...: load these modules and vfio_ccw, check that they
# are there and find the subchannel of $DEVNO (SCH). The test VM has all of
# it, so whatever is missing ends the script as a failure, not a skip.
need_vfio_ccw()
{
	[ -x "$H" ] || ktap_exit_fail_msg "$H is not built"
	for m in "$@" vfio_ccw; do
		modprobe "$m" || ktap_exit_fail_msg "modprobe $m failed"
		[ -d "/sys/module/$m" ] ||
			ktap_exit_fail_msg "modprobe $m left no /sys/module/$m"
	done
	[ -d "$CSS/drivers/vfio_ccw" ] ||
		ktap_exit_fail_msg "vfio_ccw is loaded, $CSS/drivers/vfio_ccw is missing"
	SCH=$(find_sch) || ktap_exit_fail_msg "no subchannel carries device $DEVNO"
}

# wr FILE VALUE: one write() of VALUE (no newline); prints OK or the errno
# name, which busybox's echo cannot tell.
wr()
{
	"$H" wr "$1" "$2"
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

# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the mdevsim shell tests (POSIX sh: the test VM runs
# busybox). Source it after setting nothing; it defines the paths, a small
# numbered-case runner printing KTAP, and one verb per sysfs action.

MST_DIR=$(cd "$(dirname "$0")" && pwd)
MST_HELPER=$MST_DIR/mdevsim_helper
BUS=/sys/bus/mdevsim
MDEVS=/sys/bus/mdev/devices
CLASS=/sys/class/mdev_bus
DBG=/sys/kernel/debug/mdevsim

KSFT_SKIP=4

# ---------------------------------------------------------------- KTAP

mst_ktap_lib=$MST_DIR/../kselftest/ktap_helpers.sh
if [ -f "$mst_ktap_lib" ]; then
	. "$mst_ktap_lib"
else
	KTAP_TESTNO=1
	KTAP_CNT_PASS=0
	KTAP_CNT_FAIL=0
	KTAP_CNT_SKIP=0
	KSFT_NUM_TESTS=0
	ktap_print_header() { echo "TAP version 13"; }
	ktap_print_msg() { echo "# $*"; }
	ktap_set_plan() { KSFT_NUM_TESTS=$1; echo "1..$1"; }
	ktap_skip_all() { echo "1..0 # SKIP $*"; }
	ktap_test_pass() {
		echo "ok $KTAP_TESTNO $1"
		KTAP_TESTNO=$((KTAP_TESTNO + 1)); KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
	}
	ktap_test_skip() {
		echo "ok $KTAP_TESTNO $1 # SKIP"
		KTAP_TESTNO=$((KTAP_TESTNO + 1)); KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
	}
	ktap_test_fail() {
		echo "not ok $KTAP_TESTNO $1"
		KTAP_TESTNO=$((KTAP_TESTNO + 1)); KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
	}
	ktap_print_totals() {
		echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0" \
			"skip:$KTAP_CNT_SKIP error:0"
	}
	ktap_finished() {
		ktap_print_totals
		[ $((KTAP_CNT_PASS + KTAP_CNT_SKIP)) -eq "$KSFT_NUM_TESTS" ] && exit 0
		exit 1
	}
	ktap_exit_fail_msg() {
		echo "Bail out! $*"
		ktap_print_totals
		exit 1
	}
fi

# Each case is a shell function; a failing check prints why and returns 1.
# A case returns KSFT_SKIP only for what the running kernel cannot have
# (Debian's stock kernels have no kmemleak and no VFIO cdev); the
# project's test kernels have everything, so nothing skips there.
# run_case "N.M description" function [args...]
run_case()
{
	mst_desc=$1
	shift
	"$@"
	case $? in
	0)		ktap_test_pass "$mst_desc" ;;
	"$KSFT_SKIP")	ktap_test_skip "$mst_desc" ;;
	*)		ktap_test_fail "$mst_desc" ;;
	esac
}

# The VFIO cdev needs IOMMUFD (/dev/iommu): MST_OPEN is the path cases use
# when they do not test a path of their own, the cdev where there is one.
MST_OPEN=legacy
[ -e /dev/iommu ] && MST_OPEN=cdev

fail()
{
	echo "# FAIL: $*"
	return 1
}

# ---------------------------------------------------------------- checks

# Under TCG every exec costs a lot, so the helpers below use shell
# builtins only: a write goes through "echo -n" (one write() call) with its
# error message captured in a file, values are read with "read".
MST_ERRF=${TMPDIR:-/tmp}/mdevsim-err.$$

# errno_name MESSAGE: the E* name for a libc error message.
errno_name()
{
	case "$1" in
	*"Invalid argument"*)		MST_RES=EINVAL ;;
	*"File exists"*)		MST_RES=EEXIST ;;
	*"No such file or directory"*)	MST_RES=ENOENT ;;
	*"Too many users"*)		MST_RES=EUSERS ;;
	*"Device or resource busy"*)	MST_RES=EBUSY ;;
	*"Input/output error"*)		MST_RES=EIO ;;
	*"I/O error"*)			MST_RES=EIO ;;
	*"Permission denied"*)		MST_RES=EACCES ;;
	*"Operation not permitted"*)	MST_RES=EPERM ;;
	*"No such device"*)		MST_RES=ENODEV ;;
	*"Cannot allocate memory"*)	MST_RES=ENOMEM ;;
	*"out of range"*)		MST_RES=ERANGE ;;
	*"File too large"*)		MST_RES=EFBIG ;;
	*)				MST_RES="ERR($1)" ;;
	esac
}

# wr PATH VALUE: write VALUE (no newline); MST_RES is OK or the errno name.
wr()
{
	MST_RES=OK
	if ! { echo -n "$2" > "$1"; } 2> "$MST_ERRF"; then
		IFS= read -r mst_msg < "$MST_ERRF"
		errno_name "$mst_msg"
	fi
}

# expect_wr PATH VALUE RESULT: the write must give RESULT (OK, EINVAL, ...).
expect_wr()
{
	wr "$1" "$2"
	[ "$MST_RES" = "$3" ] && return 0
	fail "write '$2' to $1: got $MST_RES, want $3"
}

# rd PATH: MST_VAL gets the first line of PATH (empty if unreadable).
rd()
{
	MST_VAL=
	IFS= read -r MST_VAL < "$1" 2>/dev/null
	return 0
}

# expect_val PATH VALUE: the file must read back as VALUE.
expect_val()
{
	rd "$1"
	[ "$MST_VAL" = "$2" ] && return 0
	fail "$1 reads '$MST_VAL', want '$2'"
}

# expect_num PATH NUMBER: like expect_val but compares numerically (0x ok).
expect_num()
{
	rd "$1"
	[ -n "$MST_VAL" ] && [ $((MST_VAL)) -eq $(($2)) ] && return 0
	fail "$1 reads '$MST_VAL', want $2"
}

expect_exists()
{
	[ -e "$1" ] && return 0
	fail "$1 is missing"
}

expect_absent()
{
	[ -e "$1" ] || return 0
	fail "$1 still exists"
}

# ---------------------------------------------------------------- verbs

module_loaded()
{
	[ -d "$BUS" ]
}

# need_module: load mdevsim without parents unless it is loaded already
# (MST_LOADED_HERE=1 then). The test VMs have it: if it does not load, the
# script ends as a failure.
need_module()
{
	module_loaded && return 0
	modprobe mdevsim nr_parents=0 ||
		ktap_exit_fail_msg "modprobe mdevsim nr_parents=0 failed"
	module_loaded || ktap_exit_fail_msg "mdevsim loaded, $BUS is missing"
	MST_LOADED_HERE=1
}

# need_helper: mdevsim_helper is built with the suite; without it the
# script ends as a failure.
need_helper()
{
	[ -x "$MST_HELPER" ] || ktap_exit_fail_msg "$MST_HELPER is not built"
}

# modprobe_res ARG...: run modprobe; MST_RES is OK or the errno name of its
# failure (busybox modprobe ends its message with the C library's text).
modprobe_res()
{
	MST_RES=OK
	if ! modprobe "$@" 2> "$MST_ERRF"; then
		mst_msg=
		while IFS= read -r mst_line; do mst_msg=$mst_line; done < "$MST_ERRF"
		errno_name "$mst_msg"
	fi
}

unload_module()
{
	module_loaded || return 0
	# Parents go first so that no mdev keeps the module busy.
	for mst_p in "$BUS"/devices/mdevsim*; do
		[ -e "$mst_p" ] || continue
		wr "$BUS/del_device" "${mst_p##*/mdevsim}"
	done
	rmmod mdevsim
}

load_module()
{
	modprobe mdevsim "$@"
}

# new_parent ID [CAPACITY]
new_parent()
{
	expect_wr "$BUS/new_device" "$*" OK
}

del_parent()
{
	expect_wr "$BUS/del_device" "$1" OK
}

# tdir PARENT TYPE: MST_TD is the type's sysfs directory.
tdir()
{
	MST_TD=$CLASS/mdevsim$1/mdev_supported_types/mdevsim-$2
}

# avail PARENT TYPE: MST_VAL is available_instances.
avail()
{
	tdir "$1" "$2"
	rd "$MST_TD/available_instances"
}

# expect_avail PARENT SMALL LARGE
expect_avail()
{
	avail "$1" small
	mst_s=$MST_VAL
	avail "$1" large
	[ "$mst_s" = "$2" ] && [ "$MST_VAL" = "$3" ] && return 0
	fail "mdevsim$1 available_instances small=$mst_s large=$MST_VAL, want $2/$3"
}

# new_uuid: MST_UUID is a fresh UUID.
new_uuid()
{
	read -r MST_UUID < /proc/sys/kernel/random/uuid
}

# create_mdev PARENT TYPE UUID [RESULT]
create_mdev()
{
	tdir "$1" "$2"
	expect_wr "$MST_TD/create" "$3" "${4:-OK}"
}

remove_mdev()
{
	expect_wr "$MDEVS/$1/remove" 1 OK
}

# debugfs_ready: mdevsim's debugfs directory is there (/init mounts
# debugfs); says so when it is not, for the failing case.
debugfs_ready()
{
	[ -d "$DBG" ] && return 0
	fail "$DBG is missing"
}

mst_lib_cleanup()
{
	rm -f "$MST_ERRF"
}

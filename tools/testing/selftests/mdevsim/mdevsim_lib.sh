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
fi

# Each case is a shell function; a failing check prints why and returns 1.
# run_case "N.M description" function [args...]
run_case()
{
	mst_desc=$1
	shift
	MST_SKIP=
	if "$@"; then
		if [ -n "$MST_SKIP" ]; then
			ktap_test_skip "$mst_desc ($MST_SKIP)"
		else
			ktap_test_pass "$mst_desc"
		fi
	else
		ktap_test_fail "$mst_desc"
	fi
}

fail()
{
	echo "# FAIL: $*"
	return 1
}

# ---------------------------------------------------------------- checks

# Write exactly VALUE (no newline) to PATH and print OK or the errno name.
wr()
{
	"$MST_HELPER" write "$1" "$2"
}

# expect_wr PATH VALUE RESULT: the write must give RESULT (OK, EINVAL, ...).
expect_wr()
{
	mst_got=$(wr "$1" "$2")
	[ "$mst_got" = "$3" ] && return 0
	fail "write '$2' to $1: got $mst_got, want $3"
}

# expect_val PATH VALUE: the file must read back as VALUE.
expect_val()
{
	mst_got=$(cat "$1" 2>/dev/null)
	[ "$mst_got" = "$2" ] && return 0
	fail "$1 reads '$mst_got', want '$2'"
}

# expect_num PATH NUMBER: like expect_val but compares numerically (0x ok).
expect_num()
{
	mst_got=$(cat "$1" 2>/dev/null)
	[ -n "$mst_got" ] && [ $((mst_got)) -eq $(($2)) ] && return 0
	fail "$1 reads '$mst_got', want $2"
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

unload_module()
{
	module_loaded || return 0
	# Parents go first so that no mdev keeps the module busy.
	for mst_p in "$BUS"/devices/mdevsim*; do
		[ -e "$mst_p" ] || continue
		wr "$BUS/del_device" "${mst_p##*/mdevsim}" >/dev/null
	done
	modprobe -r mdevsim
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

type_dir()
{
	echo "$CLASS/mdevsim$1/mdev_supported_types/mdevsim-$2"
}

avail()
{
	cat "$(type_dir "$1" "$2")/available_instances"
}

# expect_avail PARENT SMALL LARGE
expect_avail()
{
	mst_s=$(avail "$1" small)
	mst_l=$(avail "$1" large)
	[ "$mst_s" = "$2" ] && [ "$mst_l" = "$3" ] && return 0
	fail "mdevsim$1 available_instances small=$mst_s large=$mst_l, want $2/$3"
}

new_uuid()
{
	cat /proc/sys/kernel/random/uuid
}

# create_mdev PARENT TYPE UUID [RESULT]
create_mdev()
{
	expect_wr "$(type_dir "$1" "$2")/create" "$3" "${4:-OK}"
}

remove_mdev()
{
	expect_wr "$MDEVS/$1/remove" 1 OK
}

units_used()
{
	cat "$DBG/mdevsim$1/units_used"
}

live_objects()
{
	cat "$DBG/live_objects"
}

debugfs_ready()
{
	[ -d /sys/kernel/debug/mdevsim ] ||
		mount -t debugfs none /sys/kernel/debug 2>/dev/null
	[ -d "$DBG" ]
}

# SPDX-License-Identifier: GPL-2.0
#
# The simulated AP machine, as every apsim-based selftest sets it up: the
# apsim paths, mask texts, result helpers, configfs verbs (adapters,
# domains, commit) and the teardown that leaves apsim empty again. The
# apsim suite installs this file (TEST_FILES); the vfio_ap scripts source it
# as ../apsim/apsim_lib.sh. Source it after ktap_helpers.sh.

BUS=/sys/bus/ap
CFS=/sys/kernel/config/apsim
DBG=/sys/kernel/debug/apsim
FULL=0x$(printf 'f%.0s' $(seq 64))
ZERO=0x$(printf '0%.0s' $(seq 64))

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

# apsim_mask DEFAULT ID...: a 256-bit mask text, "0x" and 64 digits, in
# which the given IDs (decimal) have the value 1 - DEFAULT.
apsim_mask() {
	def=$1
	shift
	awk -v def="$def" -v ids="$*" 'BEGIN {
		n = split(ids, a, " ")
		for (i = 0; i < 256; i++) bit[i] = def
		for (i = 1; i <= n; i++) bit[a[i]] = 1 - def
		s = "0x"
		for (d = 0; d < 64; d++) {
			v = bit[4*d]*8 + bit[4*d+1]*4 + bit[4*d+2]*2 + bit[4*d+3]
			s = s sprintf("%x", v)
		}
		print s
	}'
}

# mask_of ID...: only these IDs set. mask_without ID...: all but these.
mask_of() {
	apsim_mask 0 "$@"
}

mask_without() {
	apsim_mask 1 "$@"
}

# flat FILE: the lines of FILE as one space-separated line.
flat() {
	tr '\n' ' ' < "$1" | sed 's/ $//'
}

# drv_of DEVICE: the driver an AP device is bound to, or "none".
drv_of() {
	l=$(readlink "$BUS/devices/$1/driver" 2>/dev/null) || { echo none; return; }
	basename "$l"
}

# add_adapter ID TYPE: describe adapter ID (decimal or 0x hex) of TYPE.
add_adapter() {
	mkdir "$CFS/adapters/$1" && echo "$2" > "$CFS/adapters/$1/type"
}

commit() {
	echo 1 > "$CFS/commit"
}

# apsim_machine "ID:TYPE..." USAGE CONTROL: describe adapters and domain
# lists (bitmap-list syntax, e.g. "1-4") and commit them as one change.
apsim_machine() {
	for a in $1; do
		add_adapter "${a%%:*}" "${a#*:}" || return 1
	done
	echo "$2" > "$CFS/usage_domains" &&
	echo "$3" > "$CFS/control_domains" &&
	commit
}

# apsim_require MODULE...: load the modules and check that they and apsim's
# configfs and debugfs directories are there. The test VMs guarantee all
# of it, so anything missing ends the script as a failure (KTAP "Bail
# out!"), never as a skip. Call after ktap_print_header.
apsim_require() {
	for m in "$@"; do
		modprobe "$m" || ktap_exit_fail_msg "modprobe $m failed"
		[ -d "/sys/module/$m" ] ||
			ktap_exit_fail_msg "modprobe $m left no /sys/module/$m"
	done
	[ -d "$CFS" ] || ktap_exit_fail_msg "$CFS missing (configfs not mounted?)"
	[ -d "$DBG" ] || ktap_exit_fail_msg "$DBG missing (debugfs not mounted?)"
}

# errno_of MESSAGE: the errno name in a tool's error message, which ends
# in the C library's text for it (busybox modprobe and mkdir say
# "...: Invalid argument"); "?" for a text not known here.
errno_of() {
	case $1 in
	*"Invalid argument") echo EINVAL ;;
	*"Input/output error"|*"I/O error") echo EIO ;;
	*"File exists") echo EEXIST ;;
	*"No such device") echo ENODEV ;;
	*"Numerical result out of range") echo ERANGE ;;
	*"Device or resource busy") echo EBUSY ;;
	*"Operation not supported") echo EOPNOTSUPP ;;
	*"Address already in use"*) echo EADDRINUSE ;;
	*) echo "?($1)" ;;
	esac
}

# modprobe_err MODULE PARAM...: load MODULE, print OK or the errno name of
# the failure.
modprobe_err() {
	m_out=$(modprobe "$@" 2>&1) && { echo OK; return; }
	errno_of "$(echo "$m_out" | tail -n 1)"
}

# on_s390x: true in the s390x VM. Only there are s390-tools (lszcrypt,
# chzcrypt) installed; elsewhere their cases are skipped, saying so.
on_s390x() {
	[ "$(uname -m)" = s390x ]
}

# skip_because NAME REASON: one KTAP skip whose directive says why
# ("ok N NAME # SKIP REASON").
skip_because() {
	__ktap_test ok "$1" "SKIP $2"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# apsim_teardown: unplug every adapter and domain and give every queue
# back to the host (full apmask and aqmask). Does nothing without apsim.
apsim_teardown() {
	[ -d "$CFS" ] || return 0
	for d in "$CFS"/adapters/*; do
		[ -d "$d" ] && rmdir "$d"
	done
	echo > "$CFS/usage_domains"
	echo > "$CFS/control_domains"
	commit
	echo "$FULL" > $BUS/apmask
	echo "$FULL" > $BUS/aqmask
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The simulated AP machine, as every apsim-based selftest sets it up: the
# apsim paths, mask texts, result helpers, configfs verbs (adapters,
# domains, commit), the teardown that leaves apsim empty again, and a
# runner for suites made of independent cases (apsim_cases). The apsim
# suite installs this file (TEST_FILES); the vfio_ap scripts source it as
# ../apsim/apsim_lib.sh. Source it after ktap_helpers.sh.

BUS=/sys/bus/ap
CFS=/sys/kernel/config/apsim
DBG=/sys/kernel/debug/apsim
FULL=0x$(printf 'f%.0s' $(seq 64))
# shellcheck disable=SC2034 # for the scripts that source this file
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

# apsim_fatal MESSAGE: a setup step failed. Inside a case of apsim_cases
# this ends only that case (the runner reports its remaining results as
# not reached); anywhere else it ends the script (KTAP "Bail out!").
apsim_fatal() {
	if [ -n "${APSIM_CASE:-}" ]; then
		echo "# case $APSIM_CASE: $*"
		exit 1
	fi
	ktap_exit_fail_msg "$@"
}

# must CMD...: a setup step; when CMD fails, apsim_fatal.
must() {
	"$@" || apsim_fatal "setup step failed: $*"
}

# must_write FILE TEXT: a setup step that writes TEXT to FILE.
must_write() {
	echo "$2" > "$1" || apsim_fatal "setup step failed: echo '$2' > $1"
}

# apsim_require MODULE...: load the modules and check that they and apsim's
# configfs and debugfs directories are there. The test VMs guarantee all
# of it, so anything missing is a failure (apsim_fatal: "Bail out!", or
# the end of the case), never a skip. Call after ktap_print_header.
apsim_require() {
	for m in "$@"; do
		modprobe "$m" || apsim_fatal "modprobe $m failed"
		[ -d "/sys/module/$m" ] ||
			apsim_fatal "modprobe $m left no /sys/module/$m"
	done
	[ -d "$CFS" ] || apsim_fatal "$CFS missing (configfs not mounted?)"
	[ -d "$DBG" ] || apsim_fatal "$DBG missing (debugfs not mounted?)"
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

# apsim_unload MODULE...: apsim_teardown, then unload the modules in the
# order given (apsim's users before apsim). What is already gone is fine,
# and nothing is printed but a module that stays; true when none is left.
apsim_unload() {
	apsim_teardown > /dev/null 2>&1
	for m in "$@"; do
		[ -d "/sys/module/$m" ] && rmmod "$m" 2>/dev/null
	done
	for m in "$@"; do
		if [ -d "/sys/module/$m" ]; then
			echo "# $m is still loaded"
			return 1
		fi
	done
	return 0
}

# --- a suite of independent cases ------------------------------------------
#
# A suite describes its cases in a table, one a line: "ID COUNT FUNCTION".
# FUNCTION builds all the state it needs (modules, machine, masks, guests)
# and emits exactly COUNT KTAP results, named ID, ID+1, ...: an ID is the
# number of the case's first result, "S.M", or "S" for "S.1" (the results
# of case "5.6" are 5.6, 5.7, ...). apsim_cases TABLE TEARDOWN [SELECTOR...]
# runs all cases in table order without selectors, else for each selector
# in the order given the cases it names by ID or by section S ("5" runs
# cases 5 and 5.6, "5.6" only the latter; "9 4" runs 9 before 4; a case
# named twice runs twice). It prints the plan, the sum of their COUNTs,
# and for each case:
#  - runs FUNCTION in a subshell with APSIM_CASE set and stdin from
#    /dev/null, so that its variables, traps and an exit (apsim_fatal,
#    must) stay inside the case, and counts the results it prints (so a
#    case waits for whatever it starts in the background);
#  - reports each result the case did not emit (a setup step failed, an
#    early exit) as "not ok N S.M # not reached (...)", so that the plan
#    holds; results beyond COUNT (a wrong table) add one more failure;
#  - then runs TEARDOWN (in a subshell too), whatever happened. TEARDOWN
#    tolerates what is already gone and returns false when it could not
#    clean up, which the runner reports and which fails the script.
# The caller ends the script (ktap_finished) after any final clean-up of
# its own. A selector that names no case is a "Bail out!"; a teardown that
# failed ends the script as a failure once all cases have run.

# apsim_case_first ID: the name of a case's first result, "S.M".
apsim_case_first() {
	case $1 in
	*.*) echo "$1" ;;
	*) echo "$1.1" ;;
	esac
}

# apsim_case_wanted ID [SELECTOR...]: true when no selector is given or
# one names the case (its ID, or its first result) or its section.
apsim_case_wanted() {
	ac_w_first=$(apsim_case_first "$1")
	shift
	[ $# -eq 0 ] && return 0
	for ac_w_sel in "$@"; do
		case $ac_w_sel in
		*.*) [ "$ac_w_sel" = "$ac_w_first" ] && return 0 ;;
		*) [ "$ac_w_sel" = "${ac_w_first%%.*}" ] && return 0 ;;
		esac
	done
	return 1
}

# apsim_cases TABLE TEARDOWN [SELECTOR...]: see above.
# apsim_uptime: the hundredths of a second since boot.
apsim_uptime() {
	read -r au_up _ < /proc/uptime
	# "1" before the two decimals keeps "08" from reading as octal.
	echo $((${au_up%.*} * 100 + 1${au_up#*.} - 100))
}

# apsim_elapsed T0: the time since apsim_uptime printed T0, as S.ss.
apsim_elapsed() {
	ae_d=$(($(apsim_uptime) - $1))
	printf '%d.%02d' $((ae_d / 100)) $((ae_d % 100))
}

apsim_cases() {
	ac_table=$1
	ac_teardown=$2
	shift 2
	ac_ids=$(echo "$ac_table" | awk 'NF { printf "%s%s", s, $1; s = " " }')
	# The cases to run, in order: "ID COUNT FUNCTION" lines.
	if [ $# -eq 0 ]; then
		ac_run=$ac_table
	else
		ac_run=
		for ac_sel in "$@"; do
			ac_hit=$(echo "$ac_table" | while read -r ac_id ac_rest; do
				[ -n "$ac_id" ] && apsim_case_wanted "$ac_id" "$ac_sel" &&
					echo "$ac_id $ac_rest"
			done)
			[ -n "$ac_hit" ] ||
				ktap_exit_fail_msg "no case '$ac_sel' (cases: $ac_ids)"
			ac_run="$ac_run
$ac_hit"
		done
	fi
	ac_plan=$(echo "$ac_run" | awk 'NF { n += $2 } END { print n + 0 }')
	ktap_set_plan "$ac_plan"
	ac_state=$(mktemp) || ktap_exit_fail_msg "mktemp failed"
	ac_unclean=
	# Should the script itself end early, still leave the system clean.
	# shellcheck disable=SC2064 # both names are known now
	trap "( $ac_teardown ) < /dev/null; rm -f '$ac_state'" EXIT

	while read -r ac_id ac_count ac_fn; do
		[ -n "$ac_id" ] || continue
		ac_start=$KTAP_TESTNO
		ac_t0=$(apsim_uptime)
		: > "$ac_state"
		# The case's results are counted as they pass, whatever way
		# the case ends, and the counts go on in this shell.
		(
			APSIM_CASE=$ac_id
			"$ac_fn"
		) < /dev/null | awk -v out="$ac_state" '
			{ print; fflush() }
			/^not ok / { f++; next }
			/^ok .*# *SKIP/ { s++; next }
			/^ok / { p++ }
			END { print p + 0, f + 0, s + 0 > out }'
		if read -r ac_pass ac_fail ac_skip < "$ac_state"; then
			KTAP_CNT_PASS=$((KTAP_CNT_PASS + ac_pass))
			KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + ac_fail))
			KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + ac_skip))
			KTAP_TESTNO=$((KTAP_TESTNO + ac_pass + ac_fail + ac_skip))
		else
			echo "# case $ac_id: its results could not be counted"
		fi
		ac_done=$((KTAP_TESTNO - ac_start))
		ac_first=$(apsim_case_first "$ac_id")
		ac_i=$ac_done
		while [ "$ac_i" -lt "$ac_count" ]; do
			__ktap_test "not ok" "${ac_first%%.*}.$((${ac_first#*.} + ac_i))" \
				"not reached (case $ac_id ended after $ac_done of $ac_count results)"
			KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
			ac_i=$((ac_i + 1))
		done
		[ "$ac_done" -le "$ac_count" ] ||
			ktap_test_fail "case $ac_id emitted $ac_done results, its table entry says $ac_count"
		if ! ( "$ac_teardown" ) < /dev/null; then
			echo "# case $ac_id: teardown ($ac_teardown) failed, later cases may not start clean"
			ac_unclean=1
		fi
		# Where a suite's time goes, for people reading the log.
		echo "# case $ac_id: $(apsim_elapsed "$ac_t0") s"
	done <<END_OF_TABLE
$ac_run
END_OF_TABLE
	trap - EXIT
	rm -f "$ac_state"
	if [ -n "$ac_unclean" ]; then
		ktap_print_totals
		exit "$KSFT_FAIL"
	fi
}

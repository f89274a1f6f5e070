# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vfio_ap shell tests; sourced after ktap_helpers.sh.
# The simulated machine (apsim paths, masks, configfs verbs, check/eq and
# the teardown) comes from the apsim suite's apsim_lib.sh, installed next
# to this suite as ../apsim/apsim_lib.sh.

if [ ! -f "$DIR/../apsim/apsim_lib.sh" ]; then
	ktap_print_header
	ktap_exit_fail_msg "apsim selftests (apsim_lib.sh) not installed"
fi
. "$DIR/../apsim/apsim_lib.sh"

H=$DIR/vfio_ap_helper
MATRIX=/sys/devices/vfio_ap/matrix
TYPE=$MATRIX/mdev_supported_types/vfio_ap-passthrough

# wr FILE VALUE: one write(); prints OK or the errno name.
wr() {
	"$H" wr "$1" "$2"
}

# The set-up helpers below are for scripts made of independent cases: a
# step that fails prints "# setup: ..." and returns 1, so that the case
# can give up on its own while the script goes on with the next case
# (apsim_require instead ends the whole script).

# vfio_ap_set FILE VALUE: one set-up write that must succeed.
vfio_ap_set() {
	set_r=$(wr "$1" "$2")
	[ "$set_r" = OK ] && return 0
	echo "# setup: writing '$2' to $1: $set_r"
	return 1
}

# vfio_ap_load MODULE...: load the modules, and check that apsim's
# configfs and debugfs directories are there.
vfio_ap_load() {
	for m in "$@"; do
		if ! modprobe "$m" || [ ! -d "/sys/module/$m" ]; then
			echo "# setup: modprobe $m failed"
			return 1
		fi
	done
	[ -d "$CFS" ] && [ -d "$DBG" ] && return 0
	echo "# setup: $CFS or $DBG missing"
	return 1
}

# vfio_ap_host "ID:TYPE..." USAGE CONTROL APMASK [AQMASK]: describe the
# simulated machine (see apsim_machine) and give the host these masks.
vfio_ap_host() {
	if ! apsim_machine "$1" "$2" "$3"; then
		echo "# setup: apsim_machine '$1' '$2' '$3' failed"
		return 1
	fi
	vfio_ap_set "$BUS/apmask" "$4" || return 1
	[ -z "${5-}" ] || vfio_ap_set "$BUS/aqmask" "$5"
}

# vfio_ap_mdev UUID [ADAPTERS [DOMAINS [CONTROL_DOMAINS]]]: create an mdev
# and assign these IDs (space-separated lists).
vfio_ap_mdev() {
	vfio_ap_set "$TYPE/create" "$1" || return 1
	for id in ${2-}; do
		vfio_ap_set "$MATRIX/$1/assign_adapter" "$id" || return 1
	done
	for id in ${3-}; do
		vfio_ap_set "$MATRIX/$1/assign_domain" "$id" || return 1
	done
	for id in ${4-}; do
		vfio_ap_set "$MATRIX/$1/assign_control_domain" "$id" || return 1
	done
}

# vfio_ap_clean [UUID...]: remove every vfio_ap mdev (the UUIDs given
# first) and every simulated guest, clear apsim's fault switches and empty
# the simulated machine, which also drops the scripted state of every
# queue; the modules stay loaded. Each step copes with what is already
# gone (or with vfio_ap not loaded), so it can follow a case that stopped
# anywhere. Fails, saying what is left ("# clean: ..."), unless there are
# no mdevs, guests or adapters left and the host owns every queue again.
vfio_ap_clean() {
	for u in "$@"; do
		[ -e "$MATRIX/$u/remove" ] && echo 1 > "$MATRIX/$u/remove"
	done
	for d in "$TYPE"/devices/*; do
		[ -e "$d/remove" ] && echo 1 > "$d/remove"
	done
	for g in "$DBG"/guests/*; do
		[ -d "$g" ] && echo "destroy ${g##*/}" > "$DBG/guest_ctl"
	done
	for f in fail_qci no_qci; do
		[ -e "$DBG/$f" ] && echo 0 > "$DBG/$f"
	done
	apsim_teardown
	for left in "$TYPE"/devices/* "$DBG"/guests/* "$CFS"/adapters/*; do
		[ -e "$left" ] || continue
		echo "# clean: $left is left"
		return 1
	done
	for f in apmask aqmask; do
		[ ! -e "$BUS/$f" ] || [ "$(cat "$BUS/$f")" = "$FULL" ] && continue
		echo "# clean: $BUS/$f is $(cat "$BUS/$f")"
		return 1
	done
}

# vfio_ap_teardown [UUID...]: vfio_ap_clean, then unload vfio_ap and
# apsim, which also resets whatever vfio_ap_clean could not. A module
# that stays loaded is reported ("# teardown: ...").
vfio_ap_teardown() {
	vfio_ap_clean "$@"
	for m in vfio_ap apsim; do
		[ -d "/sys/module/$m" ] || continue
		rmmod "$m" || echo "# teardown: rmmod $m failed"
	done
	return 0
}

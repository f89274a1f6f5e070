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

# vfio_ap_teardown UUID...: remove these mdevs and their simulated guests,
# empty the simulated machine and unload vfio_ap and apsim.
vfio_ap_teardown() {
	for u in "$@"; do
		[ -e "$MATRIX/$u" ] && echo 1 > "$MATRIX/$u/remove"
		echo "destroy $u" > "$DBG/guest_ctl" 2>/dev/null
	done
	apsim_teardown
	rmmod vfio_ap 2>/dev/null
	rmmod apsim 2>/dev/null
}

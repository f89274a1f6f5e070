#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of "make demo": each step prints the command it runs. A step
# that fails prints "FAILED: <command>"; the script goes on (later steps
# show more) and exits 1 at the end if any step failed.

step() {
	echo
	echo "==> $*"
}
run() {
	echo "\$ $*"
	sh -c "$*"
}
fail=0
must() {
	run "$@" || { echo "FAILED: $*"; fail=1; }
}

# Leaks made during the demo are reported at the end; forget boot's.
kml=/sys/kernel/debug/kmemleak
[ -w $kml ] && echo clear > $kml

step "our modules, installed in updates/ so that modprobe prefers them"
run "find /lib/modules/\$(uname -r)/updates -name '*.ko' | sed 's|.*/||' | sort"

step "mdevsim: a simulated mediated device (vfio-pci DMA copy engine)"
must "modprobe vfio_iommu_type1"	# the legacy container back end
must "modprobe mdevsim"
must "ls /sys/class/mdev_bus/"
must "mdevctl types"
uuid=6d2f8c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f
must "mdevctl define -u $uuid -p mdevsim0 -t mdevsim-small"
must "mdevctl modify -u $uuid --addattr label --value demo"
must "mdevctl modify -u $uuid --addattr copy_limit --value 4096"
must "mdevctl start -u $uuid"
must "mdevctl list -d"
must "mdevctl list"
must "cat /sys/bus/mdev/devices/$uuid/label /sys/bus/mdev/devices/$uuid/copy_limit"
must "cat /sys/class/mdev_bus/mdevsim0/mdev_supported_types/mdevsim-small/available_instances"
echo "# open the device through the VFIO container and through the iommufd cdev;"
echo "# each run maps guest buffers and lets the device copy them by DMA, once"
echo "# through vfio_dma_rw and once through pinned pages, with an MSI eventfd"
must "/zmdev/selftests/mdevsim/mdevsim_helper open $uuid legacy 1"
must "/zmdev/selftests/mdevsim/mdevsim_helper open $uuid cdev 1"
must "mdevctl stop -u $uuid"
must "mdevctl undefine -u $uuid"

if [ -n "$(find /lib/modules/$(uname -r)/updates -name vfio_ccw.ko)" ]; then
	step "vfio_ccw: pass the subchannel of device 0.0.0300 through"
	must "lscss"
	sch=$(lscss | awk '$1 == "0.0.0300" { print $2 }')
	must "modprobe vfio_ccw"
	must "echo $sch > /sys/bus/css/devices/$sch/driver/unbind"
	must "echo vfio_ccw > /sys/bus/css/devices/$sch/driver_override"
	must "echo $sch > /sys/bus/css/drivers/vfio_ccw/bind"
	must "lscss"
	ccw_uuid=0c3d9a7e-1b2f-4e5d-8c6b-7a9f0e1d2c3b
	must "mdevctl start -u $ccw_uuid -p $sch -t vfio_ccw-io"
	must "mdevctl list"
	must "mdevctl stop -u $ccw_uuid"
	must "echo $sch > /sys/bus/css/drivers/vfio_ccw/unbind"
	must "echo > /sys/bus/css/devices/$sch/driver_override"
	must "echo $sch > /sys/bus/css/drivers/io_subchannel/bind"
	echo "# run channel programs through the vfio_ccw regions against the virtio-blk"
	echo "# device 0.0.0100: SENSE ID, a command chain with a TIC, and READ_CONF,"
	echo "# which returns the disk's real capacity"
	sel="-r ccw.blk_container.sense_id -r ccw.blk_container.command_chain_with_tic
	     -r ccw_blk.blk_container.read_conf_capacity"
	echo "\$ vfio_ccw_test" $sel
	out=$(/zmdev/selftests/vfio_ccw/vfio_ccw_test $sel 2>&1)
	rc=$?
	echo "$out"
	# The filters must still name tests that exist, and each must pass.
	nok=$(echo "$out" | grep -c '^ok ')
	if [ $rc -ne 0 ] || [ "$nok" -ne 3 ] || echo "$out" | grep -q -e '^not ok ' -e '# SKIP'; then
		echo "FAILED: vfio_ccw_test (status $rc, $nok of 3 passed)"
		fail=1
	fi
fi

if [ -n "$(find /lib/modules/$(uname -r)/updates -name vfio_ap.ko)" ]; then
	step "vfio_ap on apsim: a simulated AP bus with two crypto adapters"
	C=/sys/kernel/config/apsim
	must "modprobe apsim"
	must "mkdir $C/adapters/5 && echo CEX7C > $C/adapters/5/type"
	must "mkdir $C/adapters/6 && echo CEX8A > $C/adapters/6/type"
	must "echo 1-3 > $C/usage_domains && echo 1-3 > $C/control_domains"
	must "echo 1 > $C/commit"
	[ "$(uname -m)" = s390x ] && must "lszcrypt"
	echo "# queues of adapters 5-6 in domains 1-2 leave the host driver for vfio_ap"
	must "echo -5-6 > /sys/bus/ap/apmask && echo -1-2 > /sys/bus/ap/aqmask"
	must "modprobe vfio_ap"
	must "cat /sys/devices/vfio_ap/matrix/features"
	ap_uuid=4b1d5f3a-8c2e-4f6d-9a7b-1e0c3d5f7a9b
	must "mdevctl define -u $ap_uuid -p matrix -t vfio_ap-passthrough"
	for a in "assign_adapter 5" "assign_adapter 6" "assign_domain 1" \
		 "assign_domain 2" "assign_control_domain 1"; do
		set -- $a
		must "mdevctl modify -u $ap_uuid --addattr $1 --value $2"
	done
	must "mdevctl start -u $ap_uuid"
	must "mdevctl list"
	echo "# matrix: what is assigned; guest_matrix: what a guest would see"
	must "cat /sys/devices/vfio_ap/matrix/$ap_uuid/matrix"
	must "cat /sys/devices/vfio_ap/matrix/$ap_uuid/guest_matrix"
	must "mdevctl stop -u $ap_uuid"
	must "mdevctl undefine -u $ap_uuid"
fi

step "kernel log is clean"
if dmesg | grep -E 'WARNING: |BUG: |BUG [^ ]+ \(|kernel BUG at|Oops|KASAN: |UBSAN: |INFO: task .* blocked|list_(add|del) corruption|ODEBUG: |refcount_t: '; then
	echo "FAILED: the kernel reported a problem"
	fail=1
else
	echo "no warnings"
fi
if [ -w $kml ]; then
	# kmemleak reports an object only once it is 5 s old.
	sleep 6
	echo scan > $kml
	if [ -s $kml ]; then
		cat $kml
		echo "FAILED: kmemleak found unreferenced objects"
		fail=1
	else
		echo "no leaks"
	fi
fi
echo
[ $fail -eq 0 ] && echo "demo: all steps succeeded" || echo "demo: some steps FAILED"
exit $fail

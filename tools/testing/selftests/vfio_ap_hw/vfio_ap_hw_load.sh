#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vfio_ap built with the production backend (vfio_ap_hw.c: the real AP bus
# and KVM) on a stock s390x kernel in QEMU's TCG emulation, which has
# neither the AP instructions nor SIE. vfio_ap links against KVM, and KVM
# refuses to load without SIE ("kvm-s390: SIE is not available",
# -ENODEV), so vfio_ap cannot load either: modprobe must fail on kvm,
# insmod of vfio_ap alone must fail on exactly the KVM symbols the backend
# uses, and nothing may be left half-loaded or registered. None of
# vfio_ap's code runs. A kernel report fails the test (the runner checks
# the kernel log of the whole run).

# shellcheck disable=SC2034 # KVM_SYMS: read by check's eval
KTAP=/zmdev/selftests/kselftest/ktap_helpers.sh
[ -f "$KTAP" ] || KTAP="$(dirname "$0")/../kselftest/ktap_helpers.sh"
# shellcheck disable=SC1090 # the kselftest tree's, installed with the suite
. "$KTAP"

# The KVM functions vfio_ap_hw.c calls (guest CRYCB masks, the KVM
# reference it holds while a guest uses the device, GISA interruption
# subclasses, protected guests), sorted.
KVM_SYMS="kvm_arch_crypto_clear_masks kvm_arch_crypto_set_masks kvm_get_kvm
kvm_put_kvm kvm_s390_gisc_register kvm_s390_gisc_unregister
kvm_s390_pv_cpu_is_protected"

check()
{
	if eval "$2"; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

# The kernel log since the test began.
log0=$(dmesg | wc -l)
klog() { dmesg | tail -n +$((log0 + 1)); }

ktap_print_header
ko=$(modinfo -n vfio_ap 2>/dev/null)
[ -n "$ko" ] || ktap_exit_fail_msg "vfio_ap is not installed"
if [ -d /sys/module/kvm ]; then
	ktap_skip_all "kvm is loaded: this machine has SIE, the test is for one without"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4
# The mdev core is in use by vfio_ccw on a host; loading it first keeps
# vfio_ap's missing symbols down to KVM's.
modprobe mdev || ktap_exit_fail_msg "modprobe mdev failed"

# 1. modprobe fails on kvm, with the errno kvm's init returns.
# Covers: AP-MOD-01 AP-MOD-02
out=$(modprobe vfio_ap 2>&1)
rc=$?
echo "# modprobe vfio_ap: rc $rc: $out"
check "1 modprobe vfio_ap fails: kvm refuses without SIE (ENODEV)" \
	'[ $rc -ne 0 ] &&
	 echo "$out" | grep -q "can.t load module kvm .*: No such device" &&
	 klog | grep -q "kvm-s390: SIE is not available"'

# 2. Nothing of it stays: neither module, nor the matrix device or bus.
# Covers: AP-MOD-02 AP-MOD-03
check "2 nothing half-loaded: no vfio_ap, no kvm, no matrix; mdev stays" \
	'[ ! -e /sys/module/vfio_ap ] && [ ! -e /sys/module/kvm ] &&
	 [ ! -e /sys/devices/vfio_ap ] && [ ! -e /sys/bus/matrix ] &&
	 [ -d /sys/module/mdev ]'

# 3. insmod alone: refused (ENOENT) for exactly the KVM symbols.
# Covers: AP-MOD-01
log0=$(dmesg | wc -l)
out=$(insmod "$ko" 2>&1)
rc=$?
echo "# insmod vfio_ap: rc $rc: $out"
missing=$(klog | sed -n 's/.*vfio_ap: Unknown symbol \([^ ]*\) (err -2)$/\1/p' | sort -u)
echo "# unknown symbols: $(echo "$missing" | grep -c .):" $missing
check "3 insmod vfio_ap fails on exactly the 7 KVM symbols it uses" \
	'[ $rc -ne 0 ] && echo "$out" | grep -q "unknown symbol" &&
	 [ "$(echo $missing)" = "$(echo $KVM_SYMS)" ]'

# 4. And again nothing stays, and vfio_ap itself logged nothing (its init
# never ran).
# Covers: AP-MOD-02
check "4 after insmod: no vfio_ap, no matrix, no message of vfio_ap's own" \
	'[ ! -e /sys/module/vfio_ap ] && [ ! -e /sys/devices/vfio_ap ] &&
	 ! klog | grep "vfio_ap" | grep -qv "Unknown symbol"'
ktap_finished

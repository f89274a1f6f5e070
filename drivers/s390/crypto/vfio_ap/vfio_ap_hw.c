// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap backend for a real IBM Z machine: the AP bus (ap_bus.h), the AP
 * instructions (asm/ap.h) and KVM. Like vfio_ap_sim.c, this file only
 * translates: every decision is taken by the shared vfio_ap code through
 * the contract in vfio_ap_backend.h.
 *
 * Mask layout: vfio_ap numbers IDs as the architecture does (ID 0 is the
 * leftmost bit) and stores ID n at bit n ^ (BITS_PER_LONG - 1) of an
 * unsigned long bitmap. That is what the AP bus's set_bit_inv() does for
 * apmask/aqmask, and, on a 64-bit big-endian machine, it is also how the
 * 32-byte masks of the QCI block (arrays of u32) look when read as
 * unsigned longs. So masks cross this file as plain copies; the build
 * checks the assumptions below.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/build_bug.h>
#include <linux/cleanup.h>
#include <linux/kvm_host.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio.h>

#include <asm/ap.h>
#include <asm/facility.h>
#include <asm/uv.h>

#include "ap_bus.h"	/* drivers/s390/crypto of the target tree */
#include "vfio_ap_backend.h"

#if !defined(CONFIG_64BIT) || !defined(__BIG_ENDIAN)
#error "vfio_ap_hw.c relies on the 64-bit big-endian mask layout of s390"
#endif

static_assert(sizeof_field(struct ap_config_info, apm) ==
	      sizeof_field(struct vfio_ap_hostcfg, apm));
static_assert(sizeof_field(struct ap_config_info, aqm) ==
	      sizeof_field(struct vfio_ap_hostcfg, aqm));
static_assert(sizeof_field(struct ap_config_info, adm) ==
	      sizeof_field(struct vfio_ap_hostcfg, adm));
static_assert(VFIO_AP_NR_APIDS == AP_DEVICES);
static_assert(VFIO_AP_NR_APQIS == AP_DOMAINS);
static_assert(VFIO_AP_TYPE_MIN == AP_DEVICE_TYPE_CEX4);
static_assert(VFIO_AP_TYPE_MAX == AP_DEVICE_TYPE_CEX8);

/* Facility numbers (Principles of Operation): QCI, APFT. */
#define VFIO_AP_HW_FAC_QCI	12
#define VFIO_AP_HW_FAC_APFT	15

/*
 * The host ISC that adapter interruptions for guests are delivered on.
 * KVM's GISA interruption bridge owns exactly one for the whole host and
 * kvm_s390_gisc_register() returns it; the next AQIC uses it.
 */
static int vfio_ap_hw_nisc;

/* ---- host and bus ---------------------------------------------------- */

static void vfio_ap_hw_cfg(struct vfio_ap_hostcfg *cfg,
			   const struct ap_config_info *info)
{
	memcpy(cfg->apm, info->apm, sizeof(cfg->apm));
	memcpy(cfg->aqm, info->aqm, sizeof(cfg->aqm));
	memcpy(cfg->adm, info->adm, sizeof(cfg->adm));
	cfg->apxa = info->apxa;
	cfg->na = info->na;
	cfg->nd = info->nd;
}

static bool vfio_ap_hw_available(void)
{
	return ap_instructions_available();
}

/*
 * The bus keeps its own QCI block private (6.12 exports no accessor), so
 * issue PQAP(QCI) here, into a heap buffer as the bus does with its own.
 */
static int vfio_ap_hw_qci(struct vfio_ap_hostcfg *cfg)
{
	struct ap_config_info *info __free(kfree) = NULL;
	int ret;

	if (!test_facility(VFIO_AP_HW_FAC_QCI))
		return -EOPNOTSUPP;
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	/*
	 * ap_qci() says -EOPNOTSUPP when the instruction faults. With the
	 * facility installed that is a failure, not "no QCI": vfio_ap must
	 * then refuse to load rather than run with an empty configuration.
	 */
	ret = ap_qci(info);
	if (ret)
		return -EIO;
	vfio_ap_hw_cfg(cfg, info);
	return 0;
}

/* vfio_ap registers one queue driver; remember it for the callbacks. */
static struct vfio_ap_queue_driver *vfio_ap_hw_qdrv;

static u16 vfio_ap_hw_apqn(struct ap_device *apdev)
{
	ap_qid_t qid = to_ap_queue(&apdev->device)->qid;

	return AP_APQN(AP_QID_CARD(qid), AP_QID_QUEUE(qid));
}

static int vfio_ap_hw_probe(struct ap_device *apdev)
{
	return vfio_ap_hw_qdrv->probe(&apdev->device, vfio_ap_hw_apqn(apdev));
}

static void vfio_ap_hw_remove(struct ap_device *apdev)
{
	vfio_ap_hw_qdrv->remove(&apdev->device, vfio_ap_hw_apqn(apdev));
}

static int vfio_ap_hw_in_use(unsigned long *apm, unsigned long *aqm)
{
	return vfio_ap_hw_qdrv->in_use(apm, aqm);
}

static void vfio_ap_hw_config_changed(struct ap_config_info *cur,
				      struct ap_config_info *prev)
{
	struct vfio_ap_hostcfg c, p;

	vfio_ap_hw_cfg(&c, cur);
	vfio_ap_hw_cfg(&p, prev);
	vfio_ap_hw_qdrv->config_changed(&c, &p);
}

/* The bus's signature; vfio_ap needs neither configuration here. */
static void vfio_ap_hw_scan_complete(struct ap_config_info *cur,
				     struct ap_config_info *prev)
{
	vfio_ap_hw_qdrv->scan_complete();
}

#define VFIO_AP_HW_QUEUE_TYPE(type) \
	{ .dev_type = (type), .match_flags = AP_DEVICE_ID_MATCH_QUEUE_TYPE }

/* Queues of CEX4 to CEX8 adapters; cards themselves are never bound. */
static struct ap_device_id vfio_ap_hw_ids[] = {
	VFIO_AP_HW_QUEUE_TYPE(AP_DEVICE_TYPE_CEX4),
	VFIO_AP_HW_QUEUE_TYPE(AP_DEVICE_TYPE_CEX5),
	VFIO_AP_HW_QUEUE_TYPE(AP_DEVICE_TYPE_CEX6),
	VFIO_AP_HW_QUEUE_TYPE(AP_DEVICE_TYPE_CEX7),
	VFIO_AP_HW_QUEUE_TYPE(AP_DEVICE_TYPE_CEX8),
	{ }
};

/* Not a default driver: the bus binds only queues outside apmask/aqmask. */
static struct ap_driver vfio_ap_hw_driver = {
	.ids = vfio_ap_hw_ids,
	.flags = 0,
	.probe = vfio_ap_hw_probe,
	.remove = vfio_ap_hw_remove,
	.in_use = vfio_ap_hw_in_use,
	.on_config_changed = vfio_ap_hw_config_changed,
	.on_scan_complete = vfio_ap_hw_scan_complete,
};

static int vfio_ap_hw_driver_register(struct vfio_ap_queue_driver *drv)
{
	vfio_ap_hw_qdrv = drv;
	vfio_ap_hw_driver.driver.dev_groups = drv->dev_groups;
	/* The bus only stores the name in driver.name, which is const. */
	return ap_driver_register(&vfio_ap_hw_driver, THIS_MODULE,
				  (char *)drv->name);
}

static void vfio_ap_hw_driver_unregister(struct vfio_ap_queue_driver *drv)
{
	ap_driver_unregister(&vfio_ap_hw_driver);
}

static void vfio_ap_hw_perms_lock(void)
{
	mutex_lock(&ap_perms_mutex);
}

static void vfio_ap_hw_perms_unlock(void)
{
	mutex_unlock(&ap_perms_mutex);
}

static bool vfio_ap_hw_apqns_reserved(const unsigned long *apm,
				      const unsigned long *aqm)
{
	DECLARE_BITMAP(a, AP_DEVICES);
	DECLARE_BITMAP(q, AP_DOMAINS);

	lockdep_assert_held(&ap_perms_mutex);
	/* The bus wants writable masks, although it only reads them. */
	bitmap_copy(a, apm, AP_DEVICES);
	bitmap_copy(q, aqm, AP_DOMAINS);
	return ap_apqn_in_matrix_owned_by_def_drv(a, q) > 0;
}

/* ---- AP instructions: none of them sleeps ---------------------------- */

static struct vfio_ap_qstatus vfio_ap_hw_status(struct ap_queue_status s)
{
	return (struct vfio_ap_qstatus) {
		.rc = s.response_code,
		.queue_empty = s.queue_empty,
		.replies_waiting = s.replies_waiting,
		.queue_full = s.queue_full,
		.async = s.async,
		.irq_enabled = s.irq_enabled,
	};
}

static struct vfio_ap_qstatus vfio_ap_hw_tapq(u16 apqn, bool tbit,
					      struct vfio_ap_tapq_info *info)
{
	/* The T bit is a specification exception without APFT. */
	bool t = tbit && info && test_facility(VFIO_AP_HW_FAC_APFT);
	struct ap_tapq_hwinfo hw = { .value = 0 };
	struct ap_queue_status st;

	st = ap_test_queue(apqn, t, &hw);
	if (tbit && info) {
		*info = (struct vfio_ap_tapq_info) {};
		if (t) {
			info->type = hw.at;
			info->functions = hw.fac;
			info->queue_depth = hw.qd;
			info->apxa = hw.apxa;
		}
	}
	return vfio_ap_hw_status(st);
}

static struct vfio_ap_qstatus vfio_ap_hw_zapq(u16 apqn, bool fbit)
{
	return vfio_ap_hw_status(ap_zapq(apqn, fbit));
}

/*
 * Enabling names the guest ISC, the GISA (its origin in units of 16 bytes)
 * and the host ISC of KVM's interruption bridge; disabling passes nothing
 * but the cleared IR bit, and no NIB.
 */
static struct vfio_ap_qstatus vfio_ap_hw_aqic(u16 apqn,
					      const struct vfio_ap_aqic *ctl,
					      phys_addr_t nib)
{
	union ap_qirq_ctrl c = { .value = 0 };

	if (ctl->enable) {
		c.ir = 1;
		c.gisc = ctl->gisc;
		c.gisa = ctl->gisa >> 4;
		c.isc = READ_ONCE(vfio_ap_hw_nisc);
	}
	return vfio_ap_hw_status(ap_aqic(apqn, c, nib));
}

/* ---- the guest: a KVM -------------------------------------------------- */

/**
 * struct vfio_ap_guest - one VFIO device's hold on a KVM guest
 * @kvm:	the guest, referenced from guest_open to guest_close
 * @hook:	what kvm->arch.crypto.pqap_hook points to while this handle
 *		owns the PQAP(AQIC) intercept; KVM calls it with the vCPU
 *		only, so the handle is found again from the pointer
 * @fn:		vfio_ap's handler, valid while @hook is installed
 * @ctx:	its context
 */
struct vfio_ap_guest {
	struct kvm *kvm;
	crypto_hook hook;
	vfio_ap_pqap_fn fn;
	void *ctx;
};

/*
 * KVM's PQAP intercept (arch/s390/kvm/priv.c: handle_pqap) calls this for
 * function code AQIC only, after its own specification checks, with
 * pqap_hook_rwsem held for reading and the vCPU's mutex held. GR1 is both
 * the request (IR bit, the guest's ISC in the ISC field) and, on return
 * of 0, the answer: KVM then sets condition code 3 when the status word
 * in its low half carries a response code, 0 otherwise. Any error makes
 * KVM hand the instruction to user space.
 */
static int vfio_ap_hw_pqap(struct kvm_vcpu *vcpu)
{
	struct vfio_ap_guest *g = container_of(vcpu->kvm->arch.crypto.pqap_hook,
					       struct vfio_ap_guest, hook);
	u64 *gprs = vcpu->run->s.regs.gprs;
	union ap_qirq_ctrl gr1 = { .value = gprs[1] };
	struct vfio_ap_pqap_req req = {
		.apqn = AP_APQN(AP_QID_CARD(gprs[0]), AP_QID_QUEUE(gprs[0])),
		.enable = gr1.ir,
		.gisc = gr1.isc,
		.nib = gprs[2],
		.cpu = vcpu,
	};
	union ap_queue_status_reg out = { .value = 0 };
	struct vfio_ap_qstatus st = {};
	int ret;

	ret = g->fn(g->ctx, &req, &st);
	if (ret)
		return ret;
	out.status = (struct ap_queue_status) {
		.queue_empty = st.queue_empty,
		.replies_waiting = st.replies_waiting,
		.queue_full = st.queue_full,
		.async = st.async,
		.irq_enabled = st.irq_enabled,
		.response_code = st.rc,
	};
	gprs[1] = out.value;
	return 0;
}

static int vfio_ap_hw_guest_open(struct vfio_device *vdev,
				 struct vfio_ap_guest **guest)
{
	struct kvm *kvm = vdev->kvm;
	struct vfio_ap_guest *g;

	*guest = NULL;
	if (!kvm)
		return -EINVAL;
	/* A guest without a crypto control block gets no AP resources. */
	if (!kvm->arch.crypto.crycbd)
		return 0;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	kvm_get_kvm(kvm);
	g->kvm = kvm;
	g->hook = vfio_ap_hw_pqap;
	*guest = g;
	return 0;
}

static void vfio_ap_hw_guest_close(struct vfio_ap_guest *g)
{
	kvm_put_kvm(g->kvm);
	kfree(g);
}

static void vfio_ap_hw_guest_lock(struct vfio_ap_guest *g)
{
	mutex_lock(&g->kvm->lock);
}

static void vfio_ap_hw_guest_unlock(struct vfio_ap_guest *g)
{
	mutex_unlock(&g->kvm->lock);
}

static void vfio_ap_hw_guest_assert_locked(struct vfio_ap_guest *g)
{
	lockdep_assert_held(&g->kvm->lock);
}

static int vfio_ap_hw_set_hook(struct vfio_ap_guest *g, vfio_ap_pqap_fn fn,
			       void *ctx)
{
	struct kvm_s390_crypto *crypto = &g->kvm->arch.crypto;

	lockdep_assert_held(&g->kvm->lock);
	guard(rwsem_write)(&crypto->pqap_hook_rwsem);
	if (crypto->pqap_hook)
		return -EPERM;
	g->fn = fn;
	g->ctx = ctx;
	crypto->pqap_hook = &g->hook;
	return 0;
}

/* Taking the semaphore for writing waits for every running hook call. */
static void vfio_ap_hw_clear_hook(struct vfio_ap_guest *g)
{
	struct kvm_s390_crypto *crypto = &g->kvm->arch.crypto;

	lockdep_assert_held(&g->kvm->lock);
	guard(rwsem_write)(&crypto->pqap_hook_rwsem);
	if (crypto->pqap_hook == &g->hook)
		crypto->pqap_hook = NULL;
}

/* KVM copies as much of each mask as the guest's CRYCB format holds. */
static void vfio_ap_hw_set_apcb(struct vfio_ap_guest *g,
				const struct vfio_ap_matrix *view)
{
	DECLARE_BITMAP(apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(adm, VFIO_AP_NR_APQIS);

	lockdep_assert_held(&g->kvm->lock);
	bitmap_copy(apm, view->apm, VFIO_AP_NR_APIDS);
	bitmap_copy(aqm, view->aqm, VFIO_AP_NR_APQIS);
	bitmap_copy(adm, view->adm, VFIO_AP_NR_APQIS);
	kvm_arch_crypto_set_masks(g->kvm, apm, aqm, adm);
}

static void vfio_ap_hw_clear_apcb(struct vfio_ap_guest *g)
{
	lockdep_assert_held(&g->kvm->lock);
	kvm_arch_crypto_clear_masks(g->kvm);
}

/* The GISA sits in the guest's sie_page2, which is below 2 GiB. */
static u32 vfio_ap_hw_gisa(struct vfio_ap_guest *g)
{
	struct kvm_s390_gisa *gisa = READ_ONCE(g->kvm->arch.gisa_int.origin);

	return gisa ? (u32)virt_to_phys(gisa) : 0;
}

static int vfio_ap_hw_gisc_register(struct vfio_ap_guest *g, u8 gisc)
{
	int nisc = kvm_s390_gisc_register(g->kvm, gisc);

	if (nisc < 0)
		return nisc;
	WRITE_ONCE(vfio_ap_hw_nisc, nisc);
	return 0;
}

static void vfio_ap_hw_gisc_unregister(struct vfio_ap_guest *g, u8 gisc)
{
	int ret = kvm_s390_gisc_unregister(g->kvm, gisc);

	if (ret < 0)
		pr_warn_ratelimited("unregistering guest ISC %u failed: %d\n",
				    gisc, ret);
}

/*
 * The adapter stores into the NIB page from the host side, so for a Secure
 * Execution guest the page must be shared. vfio_pin_pages() has already
 * pinned it (exporting it if it was secure); asking the Ultravisor to pin
 * it shared fails unless the guest itself shared it. In that case give the
 * page back to the guest's secure storage and refuse.
 */
static int vfio_ap_hw_nib_share(struct vfio_ap_guest *g,
				const struct vfio_ap_pqap_req *req,
				phys_addr_t nib_phys)
{
	struct kvm_vcpu *vcpu = req->cpu;

	if (!kvm_s390_pv_cpu_is_protected(vcpu))
		return 0;
	if (!uv_pin_shared(nib_phys & PAGE_MASK))
		return 0;
	gmap_convert_to_secure(g->kvm->arch.gmap, req->nib & PAGE_MASK);
	return -EINVAL;
}

/* KVM turns adapter interruption virtualisation on per vCPU (ECA.AIV). */
static bool vfio_ap_hw_aiv(struct vfio_ap_guest *g,
			   const struct vfio_ap_pqap_req *req)
{
	struct kvm_vcpu *vcpu = req->cpu;

	return vcpu->arch.sie_block->eca & ECA_AIV;
}

const struct vfio_ap_backend_ops vfio_ap_backend = {
	.available = vfio_ap_hw_available,
	.qci = vfio_ap_hw_qci,
	.driver_register = vfio_ap_hw_driver_register,
	.driver_unregister = vfio_ap_hw_driver_unregister,
	.perms_lock = vfio_ap_hw_perms_lock,
	.perms_unlock = vfio_ap_hw_perms_unlock,
	.apqns_reserved = vfio_ap_hw_apqns_reserved,
	.tapq = vfio_ap_hw_tapq,
	.zapq = vfio_ap_hw_zapq,
	.aqic = vfio_ap_hw_aqic,
	.guest_open = vfio_ap_hw_guest_open,
	.guest_close = vfio_ap_hw_guest_close,
	.guest_lock = vfio_ap_hw_guest_lock,
	.guest_unlock = vfio_ap_hw_guest_unlock,
	.guest_assert_locked = vfio_ap_hw_guest_assert_locked,
	.guest_set_hook = vfio_ap_hw_set_hook,
	.guest_clear_hook = vfio_ap_hw_clear_hook,
	.guest_set_apcb = vfio_ap_hw_set_apcb,
	.guest_clear_apcb = vfio_ap_hw_clear_apcb,
	.guest_gisa = vfio_ap_hw_gisa,
	.guest_gisc_register = vfio_ap_hw_gisc_register,
	.guest_gisc_unregister = vfio_ap_hw_gisc_unregister,
	.guest_nib_share = vfio_ap_hw_nib_share,
	.guest_aiv = vfio_ap_hw_aiv,
};

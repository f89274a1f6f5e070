// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap backend over apsim, the simulated AP bus: the hardware-access file
 * of the test build. Every op forwards to apsim's API (apsim.h); the only
 * work done here is converting between apsim's structures and the
 * layout-free ones of vfio_ap_backend.h. A "guest" is an apsim guest named
 * after the mdev UUID, created by a test through apsim's debugfs.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/vfio.h>

#include "../apsim/apsim.h"
#include "vfio_ap_backend.h"

static struct vfio_ap_queue_driver *vfio_ap_sim_qdrv;

static bool vfio_ap_sim_available(void)
{
	return true;
}

static void vfio_ap_sim_cfg(struct vfio_ap_hostcfg *dst,
			    const struct apsim_config_info *src)
{
	bitmap_copy(dst->apm, src->apm, VFIO_AP_NR_APIDS);
	bitmap_copy(dst->aqm, src->aqm, VFIO_AP_NR_APQIS);
	bitmap_copy(dst->adm, src->adm, VFIO_AP_NR_APQIS);
	dst->apxa = src->apxa;
	dst->na = src->na;
	dst->nd = src->nd;
}

static int vfio_ap_sim_qci(struct vfio_ap_hostcfg *cfg)
{
	struct apsim_config_info info;
	int ret = apsim_qci(&info);

	if (!ret)
		vfio_ap_sim_cfg(cfg, &info);
	return ret;
}

static int vfio_ap_sim_probe(struct apsim_queue *q)
{
	return vfio_ap_sim_qdrv->probe(&q->dev, q->apqn);
}

static void vfio_ap_sim_remove(struct apsim_queue *q)
{
	vfio_ap_sim_qdrv->remove(&q->dev, q->apqn);
}

static int vfio_ap_sim_in_use(unsigned long *apm, unsigned long *aqm)
{
	return vfio_ap_sim_qdrv->in_use(apm, aqm);
}

static void vfio_ap_sim_config_changed(struct apsim_config_info *cur,
				       struct apsim_config_info *prev)
{
	struct vfio_ap_hostcfg c, p;

	vfio_ap_sim_cfg(&c, cur);
	vfio_ap_sim_cfg(&p, prev);
	vfio_ap_sim_qdrv->config_changed(&c, &p);
}

static void vfio_ap_sim_scan_complete(void)
{
	vfio_ap_sim_qdrv->scan_complete();
}

static struct apsim_driver vfio_ap_sim_driver = {
	.flags = 0,
	.min_hwtype = VFIO_AP_TYPE_MIN,
	.max_hwtype = VFIO_AP_TYPE_MAX,
	.probe = vfio_ap_sim_probe,
	.remove = vfio_ap_sim_remove,
	.in_use = vfio_ap_sim_in_use,
	.on_config_changed = vfio_ap_sim_config_changed,
	.on_scan_complete = vfio_ap_sim_scan_complete,
};

static int vfio_ap_sim_driver_register(struct vfio_ap_queue_driver *drv)
{
	vfio_ap_sim_qdrv = drv;
	vfio_ap_sim_driver.driver.name = drv->name;
	vfio_ap_sim_driver.driver.dev_groups = drv->dev_groups;
	return apsim_driver_register(&vfio_ap_sim_driver);
}

static void vfio_ap_sim_driver_unregister(struct vfio_ap_queue_driver *drv)
{
	apsim_driver_unregister(&vfio_ap_sim_driver);
}

static bool vfio_ap_sim_apqns_reserved(const unsigned long *apm,
				       const unsigned long *aqm)
{
	return apsim_apqns_owned_by_host(apm, aqm);
}

static struct vfio_ap_qstatus vfio_ap_sim_status(const struct apsim_qstatus *s)
{
	return (struct vfio_ap_qstatus) {
		.rc = s->rc,
		.queue_empty = s->queue_empty,
		.replies_waiting = s->replies_waiting,
		.queue_full = s->queue_full,
		.irq_enabled = s->irq_enabled,
	};
}

static struct vfio_ap_qstatus vfio_ap_sim_tapq(u16 apqn, bool tbit,
					       struct vfio_ap_tapq_info *info)
{
	struct apsim_qstatus st;
	struct apsim_qinfo qi;

	apsim_tapq(apqn, &st, &qi);
	if (tbit && info) {
		info->type = qi.hwtype;
		info->functions = qi.functions;
		info->queue_depth = qi.depth;
		info->apxa = true;
	}
	return vfio_ap_sim_status(&st);
}

static struct vfio_ap_qstatus vfio_ap_sim_zapq(u16 apqn, bool fbit)
{
	struct apsim_qstatus st;

	apsim_zapq(apqn, &st);
	return vfio_ap_sim_status(&st);
}

static struct vfio_ap_qstatus vfio_ap_sim_aqic(u16 apqn,
					       const struct vfio_ap_aqic *ctl,
					       phys_addr_t nib)
{
	struct apsim_qstatus st;

	/* apsim records the guest ISC so that tests can read it back. */
	apsim_aqic(apqn, ctl->enable, ctl->gisc, ctl->gisa, nib, &st);
	return vfio_ap_sim_status(&st);
}

static int vfio_ap_sim_guest_open(struct vfio_device *vdev,
				  struct vfio_ap_guest **guest)
{
	struct apsim_guest *g = apsim_guest_get(dev_name(vdev->dev));

	if (!g)
		return -EINVAL;
	*guest = (struct vfio_ap_guest *)g;
	return 0;
}

static struct apsim_guest *to_sim(struct vfio_ap_guest *guest)
{
	return (struct apsim_guest *)guest;
}

static void vfio_ap_sim_guest_close(struct vfio_ap_guest *guest)
{
	apsim_guest_put(to_sim(guest));
}

static void vfio_ap_sim_guest_lock(struct vfio_ap_guest *guest)
{
	apsim_guest_lock(to_sim(guest));
}

static void vfio_ap_sim_guest_unlock(struct vfio_ap_guest *guest)
{
	apsim_guest_unlock(to_sim(guest));
}

static void vfio_ap_sim_guest_assert_locked(struct vfio_ap_guest *guest)
{
	apsim_guest_assert_locked(to_sim(guest));
}

/*
 * apsim hands a PQAP over in arguments, vfio_ap wants a struct. vfio_ap
 * has one handler for all guests, so remembering it once is enough; the
 * per-guest context goes through apsim unchanged.
 */
static vfio_ap_pqap_fn vfio_ap_sim_pqap_fn;

static int vfio_ap_sim_pqap(void *ctx, u16 apqn, bool enable, u8 gisc,
			    u64 nib, struct apsim_qstatus *st)
{
	struct vfio_ap_pqap_req req = {
		.apqn = apqn, .enable = enable, .gisc = gisc, .nib = nib,
	};
	vfio_ap_pqap_fn fn = READ_ONCE(vfio_ap_sim_pqap_fn);
	struct vfio_ap_qstatus qs = {};
	int ret;

	ret = fn(ctx, &req, &qs);
	if (ret)
		return ret;
	st->rc = qs.rc;
	st->queue_empty = qs.queue_empty;
	st->irq_enabled = qs.irq_enabled;
	return 0;
}

static int vfio_ap_sim_guest_set_hook(struct vfio_ap_guest *guest,
				      vfio_ap_pqap_fn fn, void *ctx)
{
	WRITE_ONCE(vfio_ap_sim_pqap_fn, fn);
	return apsim_guest_set_hook(to_sim(guest), vfio_ap_sim_pqap, ctx);
}

static void vfio_ap_sim_guest_clear_hook(struct vfio_ap_guest *guest)
{
	apsim_guest_clear_hook(to_sim(guest));
}

static void vfio_ap_sim_guest_set_apcb(struct vfio_ap_guest *guest,
				       const struct vfio_ap_matrix *view)
{
	apsim_guest_set_apcb(to_sim(guest), view->apm, view->aqm, view->adm);
}

static void vfio_ap_sim_guest_clear_apcb(struct vfio_ap_guest *guest)
{
	DECLARE_BITMAP(none, VFIO_AP_NR_APIDS);

	bitmap_zero(none, VFIO_AP_NR_APIDS);
	apsim_guest_set_apcb(to_sim(guest), none, none, none);
}

static u32 vfio_ap_sim_guest_gisa(struct vfio_ap_guest *guest)
{
	return apsim_guest_gisa(to_sim(guest));
}

static int vfio_ap_sim_gisc_register(struct vfio_ap_guest *guest, u8 gisc)
{
	return apsim_guest_gisc_register(to_sim(guest), gisc);
}

static void vfio_ap_sim_gisc_unregister(struct vfio_ap_guest *guest, u8 gisc)
{
	apsim_guest_gisc_unregister(to_sim(guest), gisc);
}

static int vfio_ap_sim_nib_share(struct vfio_ap_guest *guest,
				 const struct vfio_ap_pqap_req *req,
				 phys_addr_t nib_phys)
{
	return apsim_guest_nib_share(to_sim(guest), req->nib);
}

static bool vfio_ap_sim_aiv(struct vfio_ap_guest *guest,
			    const struct vfio_ap_pqap_req *req)
{
	return apsim_guest_aiv(to_sim(guest));
}

const struct vfio_ap_backend_ops vfio_ap_backend = {
	.available = vfio_ap_sim_available,
	.qci = vfio_ap_sim_qci,
	.driver_register = vfio_ap_sim_driver_register,
	.driver_unregister = vfio_ap_sim_driver_unregister,
	.perms_lock = apsim_perms_lock,
	.perms_unlock = apsim_perms_unlock,
	.apqns_reserved = vfio_ap_sim_apqns_reserved,
	.tapq = vfio_ap_sim_tapq,
	.zapq = vfio_ap_sim_zapq,
	.aqic = vfio_ap_sim_aqic,
	.guest_open = vfio_ap_sim_guest_open,
	.guest_close = vfio_ap_sim_guest_close,
	.guest_lock = vfio_ap_sim_guest_lock,
	.guest_unlock = vfio_ap_sim_guest_unlock,
	.guest_assert_locked = vfio_ap_sim_guest_assert_locked,
	.guest_set_hook = vfio_ap_sim_guest_set_hook,
	.guest_clear_hook = vfio_ap_sim_guest_clear_hook,
	.guest_set_apcb = vfio_ap_sim_guest_set_apcb,
	.guest_clear_apcb = vfio_ap_sim_guest_clear_apcb,
	.guest_gisa = vfio_ap_sim_guest_gisa,
	.guest_gisc_register = vfio_ap_sim_gisc_register,
	.guest_gisc_unregister = vfio_ap_sim_gisc_unregister,
	.guest_nib_share = vfio_ap_sim_nib_share,
	.guest_aiv = vfio_ap_sim_aiv,
};

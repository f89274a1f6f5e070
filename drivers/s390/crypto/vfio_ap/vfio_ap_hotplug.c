// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap hot plug: linking bound queues to the mdevs that assign them,
 * keeping every guest view (shadow APCB) in line with assignments, bound
 * queues and the host configuration, and the AP bus callbacks (queue
 * probe/remove, in_use, config_changed, scan_complete).
 *
 * Every change of a guest view goes through vfio_ap_plug(): link and
 * unlink, filter, load the guest's APCB if the view changed, then start
 * the resets of the queues that left the view while still in the host
 * configuration, and take down the interruptions the guest lost. The
 * callers wait for the resets after dropping their locks. The one
 * exception, vfio_ap_config_changed(), only narrows views.
 *
 * Whenever the APCB loaded into an attached guest changes (and only
 * then), user space is told through the configuration change IRQ
 * (vfio_ap_view_changed()); a load that leaves every mask as it was, or
 * a change of a view no guest is attached to, signals nothing.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/eventfd.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"

static bool vfio_ap_in_matrix(const struct vfio_ap_matrix *mx, u16 apqn)
{
	return ap_test_id(mx->apm, AP_APQN_APID(apqn)) &&
	       ap_test_id(mx->aqm, AP_APQN_APQI(apqn));
}

static bool vfio_ap_in_host(u16 apqn)
{
	return ap_test_id(vfio_ap.host.apm, AP_APQN_APID(apqn)) &&
	       ap_test_id(vfio_ap.host.aqm, AP_APQN_APQI(apqn));
}

/* Make the queue links of @m match its assigned matrix. */
static void vfio_ap_relink(struct vfio_ap_mdev *m)
{
	struct vfio_ap_queue *q;
	unsigned long apqn;

	vfio_ap_assert_update_locked(m);
	xa_for_each(&vfio_ap.queues, apqn, q) {
		bool want = vfio_ap_in_matrix(&m->matrix, apqn);

		if (want && !q->mdev)
			q->mdev = m;
		else if (!want && q->mdev == m)
			q->mdev = NULL;
	}
}

static bool vfio_ap_passable(void *ctx, unsigned int apid, unsigned int apqi)
{
	struct vfio_ap_queue *q = vfio_ap_queue_find(apid, apqi);

	return q && q->mdev == ctx &&
	       READ_ONCE(q->reset_state) != VFIO_AP_RESET_FAILED &&
	       vfio_ap_reset_rc_passable(READ_ONCE(q->reset_rc));
}

/**
 * vfio_ap_view_changed() - tell user space its guest's AP configuration changed
 * @m:	the mdev whose attached guest was just given a different APCB
 *
 * Signals the configuration change eventfd, if user space set one. The
 * callers decide: they call this exactly when the masks loaded into an
 * attached guest differ from the ones it had.
 *
 * Context: mdevs_lock held (it protects the trigger).
 */
void vfio_ap_view_changed(struct vfio_ap_mdev *m)
{
	vfio_ap_assert_read_locked();
	if (m->cfg_trigger)
		eventfd_signal(m->cfg_trigger);
}

/*
 * Reset the queues of @old (a previous guest view) that are not in @now
 * and are still in the host configuration: a guest may have used them. A
 * queue that left the host configuration cannot be reset (response 0x01).
 */
static void vfio_ap_reset_left(const struct vfio_ap_matrix *old,
			       const struct vfio_ap_matrix *now,
			       struct vfio_ap_resets *rs)
{
	DECLARE_BITMAP(apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(gone, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(none, VFIO_AP_NR_APIDS);

	bitmap_zero(none, VFIO_AP_NR_APIDS);
	bitmap_and(apm, old->apm, vfio_ap.host.apm, VFIO_AP_NR_APIDS);
	bitmap_and(aqm, old->aqm, vfio_ap.host.aqm, VFIO_AP_NR_APQIS);
	/* Adapters gone from the view: all their queues left it. */
	bitmap_andnot(gone, apm, now->apm, VFIO_AP_NR_APIDS);
	vfio_ap_reset_apqns(gone, aqm, NULL, rs);
	/* Adapters kept: the domains that left. */
	bitmap_and(apm, apm, now->apm, VFIO_AP_NR_APIDS);
	bitmap_andnot(aqm, aqm, now->aqm, VFIO_AP_NR_APQIS);
	if (!bitmap_empty(aqm, VFIO_AP_NR_APQIS))
		vfio_ap_reset_apqns(apm, aqm, NULL, rs);
}

/**
 * vfio_ap_plug() - bring the guest view of @m in line with everything else
 * @m:	the mdev
 * @rs:	receives the queues whose resets were started
 *
 * Links the bound queues @m assigns and unlinks those it no longer does,
 * filters the guest view (empty once @m is being removed), loads it into
 * the guest and signals the configuration change if it changed and a
 * guest is attached, and starts the resets of the queues that left the
 * view. Interruptions of queues the guest lost (whether or not the view
 * changed) are disabled and their pin and ISC released.
 *
 * Context: update locks of @m held (vfio_ap_lock_mdev or stronger); wait
 * for @rs after dropping them.
 */
void vfio_ap_plug(struct vfio_ap_mdev *m, struct vfio_ap_resets *rs)
{
	struct vfio_ap_matrix old = m->shadow;
	DECLARE_BITMAP(dropped, VFIO_AP_NR_APIDS);
	bool changed;

	vfio_ap_assert_update_locked(m);
	vfio_ap_relink(m);
	if (m->removing) {
		changed = !vfio_ap_matrix_masks_empty(&m->shadow);
		vfio_ap_matrix_clear_masks(&m->shadow);
	} else {
		changed = vfio_ap_matrix_filter(&m->shadow, &m->matrix,
						&vfio_ap.host, vfio_ap_passable,
						m, dropped);
		changed |= vfio_ap_matrix_filter_cdoms(&m->shadow, &m->matrix,
						       &vfio_ap.host);
	}
	if (changed) {
		if (m->guest) {
			vfio_ap_backend.guest_set_apcb(m->guest, &m->shadow);
			vfio_ap_view_changed(m);
		}
		vfio_ap_reset_left(&old, &m->shadow, rs);
	}
	if (m->guest)
		vfio_ap_irq_sweep(m, false);
}

/**
 * vfio_ap_unlink_all() - detach every queue from @m, which is going away
 * @m:	the mdev; the resets of its queues have been started already
 *
 * Context: update locks of @m held.
 */
void vfio_ap_unlink_all(struct vfio_ap_mdev *m)
{
	struct vfio_ap_queue *q;
	unsigned long apqn;

	vfio_ap_assert_update_locked(m);
	xa_for_each(&vfio_ap.queues, apqn, q)
		if (q->mdev == m)
			q->mdev = NULL;
	bitmap_zero(m->matrix.apm, VFIO_AP_NR_APIDS);
	bitmap_zero(m->matrix.aqm, VFIO_AP_NR_APQIS);
	bitmap_zero(m->matrix.adm, VFIO_AP_NR_APQIS);
	vfio_ap_matrix_copy_masks(&m->shadow, &m->matrix);
}

/**
 * vfio_ap_queue_probe() - a queue was bound to vfio_ap
 * @qdev:	the queue device
 * @apqn:	its number
 *
 * Return: 0, or -ENOMEM.
 */
int vfio_ap_queue_probe(struct device *qdev, u16 apqn)
{
	struct vfio_ap_queue *q __free(vfio_ap_queue_put) =
		vfio_ap_queue_alloc(qdev, apqn);
	CLASS(vfio_ap_resets, rs)();
	int ret;

	if (!q)
		return -ENOMEM;
	vfio_ap_reset_init(q);

	scoped_class(vfio_ap_lock_apqn, l, apqn) {
		ret = xa_insert(&vfio_ap.queues, apqn, q, GFP_KERNEL);
		if (ret)
			return ret;
		dev_set_drvdata(qdev, q);
		if (l.mdev) {
			q->mdev = l.mdev;
			/* A scan is running: scan_complete plugs all at once. */
			if (bitmap_empty(l.mdev->apm_add, VFIO_AP_NR_APIDS) &&
			    bitmap_empty(l.mdev->aqm_add, VFIO_AP_NR_APQIS))
				vfio_ap_plug(l.mdev, &rs);
		}
		retain_and_null_ptr(q);
	}
	vfio_ap_resets_wait(&rs);
	return 0;
}

/**
 * vfio_ap_queue_remove() - a queue is being unbound from vfio_ap
 * @qdev:	the queue device
 * @apqn:	its number
 *
 * The guest loses the whole adapter (a single queue cannot be hidden) and
 * its remaining queues in view are reset; the queue itself is reset if it
 * is still in the host configuration, else only its interruption resources
 * are released. All resets are waited for without vfio_ap's locks. A NIB
 * page the adapter may still store into (interruptions that could not be
 * disabled) is kept allocated for good.
 */
void vfio_ap_queue_remove(struct device *qdev, u16 apqn)
{
	CLASS(vfio_ap_resets, rs)();
	struct vfio_ap_queue *q;

	scoped_class(vfio_ap_lock_apqn, l, apqn) {
		q = xa_erase(&vfio_ap.queues, apqn);
		if (!q)
			return;
		dev_set_drvdata(qdev, NULL);
		q->mdev = NULL;
		if (l.mdev)
			vfio_ap_plug(l.mdev, &rs);
		if (vfio_ap_in_host(apqn))
			vfio_ap_reset_start(q, NULL);
		else if (q->irq_owner || q->nib_page)
			vfio_ap_irq_disable(q, true);
		WARN_ON(q->irq_owner);
	}
	vfio_ap_resets_wait(&rs);
	vfio_ap_reset_drain(q);

	scoped_guard(mutex, &vfio_ap.mdevs_lock) {
		if (q->nib_page)
			dev_warn(qdev, "Queue %02x.%04x still has interruptions enabled: keeping its notification page\n",
				 AP_APQN_APID(apqn), AP_APQN_APQI(apqn));
		/* Not put: the adapter may store into it at any time. */
		q->nib_page = NULL;
	}
	vfio_ap_queue_put(q);
}

/**
 * vfio_ap_in_use() - does an mdev hold a queue the host wants back?
 * @apm:	adapters the bus would give to its default drivers
 * @aqm:	domains the bus would give to its default drivers
 *
 * Context: the bus's permission lock held.
 * Return: 0, or -EADDRINUSE if any queue of @apm x @aqm is assigned.
 */
int vfio_ap_in_use(const unsigned long *apm, const unsigned long *aqm)
{
	DECLARE_BITMAP(sapm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(saqm, VFIO_AP_NR_APQIS);
	unsigned int apid, apqi;
	struct vfio_ap_mdev *m;
	int ret = 0;

	guard(mutex)(&vfio_ap.mdevs_lock);
	list_for_each_entry(m, &vfio_ap.mdevs, node) {
		if (!vfio_ap_apqns_shared(apm, aqm, m->matrix.apm,
					  m->matrix.aqm, sapm, saqm))
			continue;
		for_each_vfio_ap_id(apid, sapm, VFIO_AP_NR_APIDS)
			for_each_vfio_ap_id(apqi, saqm, VFIO_AP_NR_APQIS)
				dev_warn_ratelimited(mdev_dev(m->mdev),
						     "Can not reserve queue %02x.%04x for host driver: in use by mdev\n",
						     apid, apqi);
		ret = -EADDRINUSE;
	}
	return ret;
}

/* Adapters in @apm whose type vfio_ap cannot drive are removed from it. */
static void vfio_ap_filter_types(unsigned long *apm, const unsigned long *aqm)
{
	unsigned int apid, apqi;

	for_each_vfio_ap_id(apid, apm, VFIO_AP_NR_APIDS) {
		struct vfio_ap_tapq_info info = {};
		struct vfio_ap_qstatus st;

		apqi = vfio_ap_next_id(aqm, VFIO_AP_NR_APQIS, 0);
		if (apqi >= VFIO_AP_NR_APQIS)
			break;
		st = vfio_ap_backend.tapq(AP_APQN(apid, apqi), true,
					  &info);
		if ((st.rc != AP_RC_NORMAL &&
		     st.rc != AP_RC_RESET_IN_PROGRESS &&
		     st.rc != AP_RC_BUSY &&
		     st.rc != AP_RC_DECONFIGURED &&
		     st.rc != AP_RC_CHECKSTOPPED) ||
		    info.type < VFIO_AP_TYPE_MIN)
			ap_clear_id(apm, apid);
	}
}

/**
 * vfio_ap_config_changed() - the host AP configuration changed
 * @cur:	the new configuration
 * @prev:	the one before
 *
 * Removed adapters, domains and control domains leave every guest view at
 * once (no reset: they are no longer there), and a guest whose view lost
 * something is told so. Added ones are recorded per mdev and plugged by
 * vfio_ap_scan_complete().
 */
void vfio_ap_config_changed(const struct vfio_ap_hostcfg *cur,
			    const struct vfio_ap_hostcfg *prev)
{
	DECLARE_BITMAP(apm_add, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm_add, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(adm_add, VFIO_AP_NR_APQIS);
	struct vfio_ap_mdev *m;

	bitmap_andnot(apm_add, cur->apm, prev->apm, VFIO_AP_NR_APIDS);
	bitmap_andnot(aqm_add, cur->aqm, prev->aqm, VFIO_AP_NR_APQIS);
	bitmap_andnot(adm_add, cur->adm, prev->adm, VFIO_AP_NR_APQIS);
	vfio_ap_filter_types(apm_add, cur->aqm);

	guard(mutex)(&vfio_ap.guests_lock);
	list_for_each_entry(m, &vfio_ap.mdevs, node) {
		CLASS(vfio_ap_lock_walk_mdev, l)(m);
		struct vfio_ap_matrix old = m->shadow;

		bitmap_and(m->shadow.apm, m->shadow.apm, cur->apm,
			   VFIO_AP_NR_APIDS);
		bitmap_and(m->shadow.aqm, m->shadow.aqm, cur->aqm,
			   VFIO_AP_NR_APQIS);
		bitmap_and(m->shadow.adm, m->shadow.adm, cur->adm,
			   VFIO_AP_NR_APQIS);
		if (m->guest) {
			if (!vfio_ap_matrix_masks_equal(&old, &m->shadow)) {
				vfio_ap_backend.guest_set_apcb(m->guest,
							       &m->shadow);
				vfio_ap_view_changed(m);
			}
			vfio_ap_irq_sweep(m, false);
		}
		bitmap_and(m->apm_add, m->matrix.apm, apm_add,
			   VFIO_AP_NR_APIDS);
		bitmap_and(m->aqm_add, m->matrix.aqm, aqm_add,
			   VFIO_AP_NR_APQIS);
		bitmap_and(m->adm_add, m->matrix.adm, adm_add,
			   VFIO_AP_NR_APQIS);
	}

	scoped_guard(mutex, &vfio_ap.mdevs_lock)
		vfio_ap.host = *cur;
}

/**
 * vfio_ap_scan_complete() - the bus finished adding and removing devices
 *
 * Every mdev with pending additions is filtered and plugged; then the
 * pending masks are cleared. Mdevs whose view lost something in
 * vfio_ap_config_changed() are filtered too, so that queues that came back
 * are picked up. The resets this starts are waited for after the loop,
 * without locks.
 */
void vfio_ap_scan_complete(void)
{
	CLASS(vfio_ap_resets, rs)();
	struct vfio_ap_mdev *m;

	scoped_guard(mutex, &vfio_ap.guests_lock) {
		list_for_each_entry(m, &vfio_ap.mdevs, node) {
			CLASS(vfio_ap_lock_walk_mdev, l)(m);

			vfio_ap_plug(m, &rs);
			bitmap_zero(m->apm_add, VFIO_AP_NR_APIDS);
			bitmap_zero(m->aqm_add, VFIO_AP_NR_APQIS);
			bitmap_zero(m->adm_add, VFIO_AP_NR_APQIS);
		}
	}
	vfio_ap_resets_wait(&rs);
}

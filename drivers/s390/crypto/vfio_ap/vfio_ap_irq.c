// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap interruptions: the handler of a guest's PQAP(AQIC) and the
 * lifetime of what enabling takes.
 *
 * Enabling pins the page of the notification indicator byte (NIB) through
 * the mdev's VFIO device and registers the guest ISC with the guest's
 * GISA; those two belong to their owner, the mdev (and its guest) recorded
 * in &vfio_ap_queue.irq_owner. Enabling also takes vfio_ap's own reference
 * on the page (&vfio_ap_queue.nib_page), which belongs to the adapter: the
 * adapter may store the byte for as long as its interruptions are on.
 *
 * The owner's part is held only while the queue is linked to the owner, is
 * in the owner's guest view and the owner's guest is attached. Every path
 * that ends one of these gives it back before anything can go away: a
 * reset start (the ZAPQ first), vfio_ap_irq_sweep() after every change of
 * links, views or the host configuration and at close, DMA unmap of the
 * byte. The adapter's part is dropped only when the adapter is known to
 * have stopped: a reset that completed, AQIC(disable) that answered 0x00
 * or 0x07 with the IR bit clear afterwards, or a queue that is gone or
 * not operational (0x01, 0x03, 0x04). When the adapter refuses to disable,
 * the page stays allocated (never handed back to the allocator while the
 * adapter may store into it) until one of these happens; a queue removed
 * in that state keeps it for good.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/vfio.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"

#define VFIO_AP_AQIC_TRIES	6
#define VFIO_AP_AQIC_WAIT_MS	20
#define VFIO_AP_IRQ_CLEAR_POLLS	5

/**
 * vfio_ap_irq_unown() - give the pin and the ISC of @q back to their owner
 * @q:	the queue
 *
 * The NIB page itself stays referenced (&vfio_ap_queue.nib_page) until the
 * adapter is known to have stopped.
 *
 * Context: mdevs_lock held; the owner's guest is still attached.
 */
void vfio_ap_irq_unown(struct vfio_ap_queue *q)
{
	struct vfio_ap_mdev *m = q->irq_owner;

	vfio_ap_assert_read_locked();
	if (!m)
		return;
	if (!WARN_ON(!m->guest))
		vfio_ap_backend.guest_gisc_unregister(m->guest, q->isc);
	vfio_unpin_pages(&m->vdev, q->nib_iova & PAGE_MASK, 1);
	list_del_init(&q->irq_node);
	q->irq_owner = NULL;
	q->isc = VFIO_AP_ISC_NONE;
	q->nib_iova = 0;
}

/**
 * vfio_ap_irq_hw_off() - the adapter no longer stores into the NIB of @q
 * @q:	the queue
 *
 * Context: mdevs_lock held.
 */
void vfio_ap_irq_hw_off(struct vfio_ap_queue *q)
{
	vfio_ap_assert_read_locked();
	if (q->nib_page)
		put_page(q->nib_page);
	q->nib_page = NULL;
}

/* Queue not operational: it cannot store a NIB or raise an interruption. */
static bool vfio_ap_rc_down(u8 rc)
{
	return rc == AP_RC_Q_NOT_AVAIL || rc == AP_RC_DECONFIGURED ||
	       rc == AP_RC_CHECKSTOPPED;
}

/*
 * AQIC(disable) with bounded retries while the queue is busy or being
 * reset, then a bounded wait for TAPQ to show the IR bit clear. True when
 * the adapter no longer stores the NIB; @st receives the AQIC's answer.
 */
static bool vfio_ap_irq_aqic_off(struct vfio_ap_queue *q,
				 struct vfio_ap_qstatus *st)
{
	struct vfio_ap_aqic ctl = { .enable = false };
	struct vfio_ap_qstatus tst;
	int i;

	for (i = 0; i < VFIO_AP_AQIC_TRIES; i++) {
		*st = vfio_ap_backend.aqic(q->apqn, &ctl, 0);
		if (st->rc != AP_RC_RESET_IN_PROGRESS &&
		    st->rc != AP_RC_BUSY)
			break;
		msleep(VFIO_AP_AQIC_WAIT_MS);
	}
	if (vfio_ap_rc_down(st->rc))
		return true;
	if (st->rc != AP_RC_NORMAL &&
	    st->rc != AP_RC_OTHERWISE_CHANGED)
		return false;
	tst = *st;
	for (i = 0; i < VFIO_AP_IRQ_CLEAR_POLLS && tst.irq_enabled; i++) {
		msleep(VFIO_AP_AQIC_WAIT_MS);
		tst = vfio_ap_backend.tapq(q->apqn, false, NULL);
		if (vfio_ap_rc_down(tst.rc))
			return true;
	}
	return !tst.irq_enabled;
}

static void vfio_ap_irq_refused(struct vfio_ap_queue *q, u8 rc)
{
	dev_warn_ratelimited(q->qdev,
			     "Disabling interruptions of queue %02x.%04x failed: 0x%02x%s\n",
			     AP_APQN_APID(q->apqn),
			     AP_APQN_APQI(q->apqn), rc,
			     q->nib_page ? "; keeping its notification page" : "");
}

/**
 * vfio_ap_irq_hw_disable() - turn the adapter's interruptions of @q off
 * @q:	the queue
 *
 * For a queue whose adapter may still store its NIB (a reset that did not
 * complete): AQIC(disable), and the NIB page is released if the adapter
 * stopped. Does nothing for a queue without a NIB page.
 *
 * Context: mdevs_lock held. Sleeps between bounded retries.
 * Return: true if the adapter no longer stores a NIB of @q.
 */
bool vfio_ap_irq_hw_disable(struct vfio_ap_queue *q)
{
	struct vfio_ap_qstatus st;

	vfio_ap_assert_read_locked();
	if (!q->nib_page)
		return true;
	if (!vfio_ap_irq_aqic_off(q, &st)) {
		vfio_ap_irq_refused(q, st.rc);
		return false;
	}
	vfio_ap_irq_hw_off(q);
	return true;
}

/**
 * vfio_ap_irq_disable() - turn interruptions of @q off, then release them
 * @q:		the queue
 * @force:	the owner's pin and ISC must go even if the adapter refuses
 *
 * If the adapter stopped, pin, ISC and page are all released. If it
 * refused, the NIB page stays referenced, and pin and ISC stay too unless
 * @force: a guest's own disable that the adapter refused changes nothing,
 * while an unmap of the byte or the end of the owner cannot wait.
 *
 * Context: mdevs_lock held. Sleeps between bounded retries.
 * Return: the status the (last) AQIC reported.
 */
struct vfio_ap_qstatus vfio_ap_irq_disable(struct vfio_ap_queue *q,
					   bool force)
{
	struct vfio_ap_qstatus st;

	vfio_ap_assert_read_locked();
	if (vfio_ap_irq_aqic_off(q, &st)) {
		vfio_ap_irq_unown(q);
		vfio_ap_irq_hw_off(q);
		return st;
	}
	vfio_ap_irq_refused(q, st.rc);
	if (force)
		vfio_ap_irq_unown(q);
	return st;
}

static bool vfio_ap_in_view(const struct vfio_ap_mdev *m,
			    const struct vfio_ap_queue *q)
{
	return ap_test_id(m->shadow.apm, AP_APQN_APID(q->apqn)) &&
	       ap_test_id(m->shadow.aqm, AP_APQN_APQI(q->apqn));
}

/* Does @q still belong to the guest of @m (linked, bound, in view)? */
static bool vfio_ap_guest_has(const struct vfio_ap_mdev *m,
			      const struct vfio_ap_queue *q)
{
	return m->guest && q->mdev == m && vfio_ap_in_view(m, q) &&
	       xa_load(&vfio_ap.queues, q->apqn) == q;
}

/**
 * vfio_ap_irq_sweep() - take down interruptions the guest of @m lost
 * @m:		the mdev
 * @closing:	the guest is being detached: all of them
 *
 * Every queue whose pin and ISC @m owns but that is no longer linked to
 * @m, bound, in its guest view (or whose guest is being detached) has its
 * interruptions disabled, then pin and ISC released; the NIB page stays
 * referenced if the adapter refused.
 *
 * Context: update locks of @m held; the guest of @m still attached.
 */
void vfio_ap_irq_sweep(struct vfio_ap_mdev *m, bool closing)
{
	struct vfio_ap_queue *q, *tmp;

	vfio_ap_assert_update_locked(m);
	list_for_each_entry_safe(q, tmp, &vfio_ap.irq_queues, irq_node)
		if (q->irq_owner == m && (closing || !vfio_ap_guest_has(m, q)))
			vfio_ap_irq_disable(q, true);
}

static u8 vfio_ap_irq_enable(struct vfio_ap_mdev *m, struct vfio_ap_queue *q,
			     const struct vfio_ap_pqap_req *req,
			     struct vfio_ap_qstatus *status)
{
	struct vfio_ap_aqic ctl = { .enable = true, .gisc = req->gisc };
	struct vfio_ap_guest *g = m->guest;
	dma_addr_t iova = req->nib & PAGE_MASK;
	phys_addr_t nib_phys;
	struct page *page;
	u8 rc;
	int ret;

	if (!req->nib)
		return AP_RC_INVALID_ADDRESS;
	ret = vfio_pin_pages(&m->vdev, iova, 1, IOMMU_READ | IOMMU_WRITE,
			     &page);
	if (ret != 1)
		return AP_RC_INVALID_ADDRESS;
	nib_phys = page_to_phys(page) + offset_in_page(req->nib);
	if (vfio_ap_backend.guest_nib_share(g, req, nib_phys) ||
	    vfio_ap_backend.guest_gisc_register(g, req->gisc)) {
		vfio_unpin_pages(&m->vdev, iova, 1);
		return AP_RC_INVALID_ADDRESS;
	}

	ctl.gisa = vfio_ap_backend.guest_gisa(g);
	*status = vfio_ap_backend.aqic(q->apqn, &ctl, nib_phys);
	rc = status->rc;
	if (rc == AP_RC_NORMAL) {
		/* The adapter stores the new byte now: drop the old one. */
		vfio_ap_irq_unown(q);
		vfio_ap_irq_hw_off(q);
		get_page(page);
		q->nib_page = page;
		q->irq_owner = m;
		q->isc = req->gisc;
		q->nib_iova = req->nib;
		list_add_tail(&q->irq_node, &vfio_ap.irq_queues);
		return rc;
	}

	/* Nothing changed for the adapter: give back what was just taken. */
	vfio_ap_backend.guest_gisc_unregister(g, req->gisc);
	vfio_unpin_pages(&m->vdev, iova, 1);
	/*
	 * Any answer but "already enabled" leaves the queue's interruptions
	 * in doubt: turn them off, as the in-kernel driver does. The guest
	 * sees the answer to its own AQIC.
	 */
	if (rc != AP_RC_OTHERWISE_CHANGED) {
		dev_warn_ratelimited(q->qdev,
				     "Enabling interruptions of queue %02x.%04x failed: 0x%02x\n",
				     AP_APQN_APID(q->apqn),
				     AP_APQN_APQI(q->apqn), rc);
		vfio_ap_irq_disable(q, false);
	}
	return rc;
}

/**
 * vfio_ap_pqap() - handle a guest's PQAP(AQIC)
 * @ctx:	the mdev the hook was installed for
 * @req:	the decoded request
 * @status:	receives the status the guest sees
 *
 * A queue that is not linked to the mdev, or not in its guest view, is
 * "not available" (0x01): the guest cannot address it. While the queue's
 * reset is running the answer is "reset in progress" (0x02).
 *
 * Context: called by the backend with its hook lock held for reading;
 * takes mdevs_lock.
 * Return: 0 with @status filled, or -EOPNOTSUPP when the guest lacks
 * adapter interruption virtualisation (user space handles it then).
 */
int vfio_ap_pqap(void *ctx, const struct vfio_ap_pqap_req *req,
		 struct vfio_ap_qstatus *status)
{
	struct vfio_ap_mdev *m = ctx;
	struct vfio_ap_queue *q;
	u8 rc;

	*status = (struct vfio_ap_qstatus) { .rc = AP_RC_Q_NOT_AVAIL };

	guard(mutex)(&vfio_ap.mdevs_lock);
	if (!m->guest)
		return 0;
	if (!vfio_ap_backend.guest_aiv(m->guest, req))
		return -EOPNOTSUPP;
	q = vfio_ap_queue_find(AP_APQN_APID(req->apqn),
			       AP_APQN_APQI(req->apqn));
	if (!q || !vfio_ap_guest_has(m, q))
		return 0;
	if (READ_ONCE(q->reset_state) == VFIO_AP_RESET_VERIFYING) {
		status->rc = AP_RC_RESET_IN_PROGRESS;
		return 0;
	}

	if (req->enable) {
		rc = vfio_ap_irq_enable(m, q, req, status);
		status->rc = rc;
	} else {
		*status = vfio_ap_irq_disable(q, false);
	}
	return 0;
}

/**
 * vfio_ap_irq_dma_unmap() - user space unmapped guest memory
 * @m:		the mdev
 * @iova:	start of the unmapped range
 * @length:	its length
 *
 * Interruptions whose notification byte @m pinned in the range are
 * disabled and their pin and ISC released, whatever the adapter answers:
 * the unmap cannot complete while the page is pinned. A page the adapter
 * may still store into stays referenced by vfio_ap.
 */
void vfio_ap_irq_dma_unmap(struct vfio_ap_mdev *m, u64 iova, u64 length)
{
	struct vfio_ap_queue *q, *tmp;

	guard(mutex)(&vfio_ap.mdevs_lock);
	list_for_each_entry_safe(q, tmp, &vfio_ap.irq_queues, irq_node)
		if (q->irq_owner == m && q->nib_iova >= iova &&
		    q->nib_iova - iova < length)
			vfio_ap_irq_disable(q, true);
}

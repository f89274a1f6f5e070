// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap interruptions: the handler of a guest's PQAP(AQIC). Enabling
 * validates and pins the notification indicator byte (NIB), registers the
 * guest ISC and issues AQIC; disabling retries a bounded number of times
 * and always releases what enabling took. Every path that ends a queue's
 * use (reset, unplug, remove, DMA unmap) releases the same resources
 * through vfio_ap_irq_release(), so nothing stays pinned or registered.
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

/**
 * vfio_ap_irq_release() - give back the ISC and NIB page of a queue
 * @q:	the queue
 *
 * Context: mdevs_lock held.
 */
void vfio_ap_irq_release(struct vfio_ap_queue *q)
{
	vfio_ap_assert_read_locked();
	if (q->isc != VFIO_AP_ISC_NONE && q->nib_guest)
		vfio_ap_backend.guest_gisc_unregister(q->nib_guest, q->isc);
	if (q->nib_pinned)
		vfio_unpin_pages(q->nib_vdev, q->nib_iova & PAGE_MASK, 1);
	q->isc = VFIO_AP_ISC_NONE;
	q->nib_pinned = false;
	q->nib_guest = NULL;
	q->nib_vdev = NULL;
}

/**
 * vfio_ap_irq_disable() - turn interruptions of @q off and release them
 * @q:	the queue
 *
 * Context: mdevs_lock held. Sleeps between bounded retries.
 * Return: the status the last AQIC reported.
 */
struct vfio_ap_qstatus vfio_ap_irq_disable(struct vfio_ap_queue *q)
{
	struct vfio_ap_aqic ctl = { .enable = false };
	struct vfio_ap_qstatus st, tst;
	int i;

	vfio_ap_assert_read_locked();
	for (i = 0; i < VFIO_AP_AQIC_TRIES; i++) {
		st = vfio_ap_backend.aqic(q->apqn, &ctl, 0);
		if (st.rc != VFIO_AP_RC_RESET_IN_PROGRESS &&
		    st.rc != VFIO_AP_RC_BUSY)
			break;
		msleep(VFIO_AP_AQIC_WAIT_MS);
	}
	if (st.rc == VFIO_AP_RC_NORMAL || st.rc == VFIO_AP_RC_OTHERWISE_CHANGED) {
		/* Wait (bounded) until the adapter reports them off. */
		tst = st;
		for (i = 0; i < 5 && tst.irq_enabled; i++) {
			msleep(VFIO_AP_AQIC_WAIT_MS);
			tst = vfio_ap_backend.tapq(q->apqn, false, NULL);
		}
	} else {
		dev_warn_ratelimited(q->qdev,
				     "Disabling interruptions of queue %02x.%04x failed: 0x%02x\n",
				     VFIO_AP_APQN_APID(q->apqn),
				     VFIO_AP_APQN_APQI(q->apqn), st.rc);
	}
	vfio_ap_irq_release(q);
	return st;
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
	int ret;

	if (!req->nib)
		return VFIO_AP_RC_INVALID_ADDRESS;
	ret = vfio_pin_pages(&m->vdev, iova, 1, IOMMU_READ | IOMMU_WRITE,
			     &page);
	if (ret != 1)
		return VFIO_AP_RC_INVALID_ADDRESS;
	nib_phys = page_to_phys(page) + offset_in_page(req->nib);
	if (vfio_ap_backend.guest_nib_share(g, req, nib_phys) ||
	    vfio_ap_backend.guest_gisc_register(g, req->gisc)) {
		vfio_unpin_pages(&m->vdev, iova, 1);
		return VFIO_AP_RC_INVALID_ADDRESS;
	}

	ctl.gisa = vfio_ap_backend.guest_gisa(g);
	*status = vfio_ap_backend.aqic(q->apqn, &ctl, nib_phys);
	switch (status->rc) {
	case VFIO_AP_RC_NORMAL:
		/* The queue now uses the new byte: drop the old one. */
		vfio_ap_irq_release(q);
		q->isc = req->gisc;
		q->nib_iova = req->nib;
		q->nib_pinned = true;
		q->nib_guest = g;
		q->nib_vdev = &m->vdev;
		break;
	default:
		vfio_ap_backend.guest_gisc_unregister(g, req->gisc);
		vfio_unpin_pages(&m->vdev, iova, 1);
		break;
	}
	return status->rc;
}

/**
 * vfio_ap_pqap() - handle a guest's PQAP(AQIC)
 * @ctx:	the mdev the hook was installed for
 * @req:	the decoded request
 * @status:	receives the status the guest sees
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

	*status = (struct vfio_ap_qstatus) { .rc = VFIO_AP_RC_Q_NOT_AVAIL };

	guard(mutex)(&vfio_ap.mdevs_lock);
	if (!m->guest)
		return 0;
	if (!vfio_ap_backend.guest_aiv(m->guest, req))
		return -EOPNOTSUPP;
	q = vfio_ap_queue_find(VFIO_AP_APQN_APID(req->apqn),
			       VFIO_AP_APQN_APQI(req->apqn));
	if (!q || q->mdev != m)
		return 0;

	if (req->enable) {
		rc = vfio_ap_irq_enable(m, q, req, status);
		status->rc = rc;
	} else {
		*status = vfio_ap_irq_disable(q);
	}
	return 0;
}

/**
 * vfio_ap_irq_dma_unmap() - user space unmapped guest memory
 * @m:		the mdev
 * @iova:	start of the unmapped range
 * @length:	its length
 *
 * Interruptions whose notification byte lies in the range are disabled, so
 * that the page can be unpinned.
 */
void vfio_ap_irq_dma_unmap(struct vfio_ap_mdev *m, u64 iova, u64 length)
{
	struct vfio_ap_queue *q;
	unsigned long apqn;

	guard(mutex)(&vfio_ap.mdevs_lock);
	xa_for_each(&vfio_ap.queues, apqn, q)
		if (q->mdev == m && q->nib_pinned &&
		    q->nib_iova >= iova && q->nib_iova - iova < length)
			vfio_ap_irq_disable(q);
}

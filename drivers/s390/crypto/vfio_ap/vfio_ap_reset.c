// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap queue reset: ZAPQ, then TAPQ polling from a work item until the
 * reset completed, the queue went away or the polling budget ran out.
 *
 * What happens for each response code is one const table, indexed by the
 * step (the ZAPQ just issued, or a TAPQ poll) and the response code class,
 * so that every combination is visible at once:
 *
 *   step | 00             | 03,04          | 02,05 | 0a,35,36 | 01     | other
 *   ZAPQ | poll           | finish         | poll  | poll     | finish | fail
 *   TAPQ | finish/re-ZAPQ | finish/re-ZAPQ | poll  | re-ZAPQ  | finish | fail
 *
 * "finish/re-ZAPQ": a TAPQ that reports the queue usable ends the reset,
 * unless the ZAPQ itself had only been accepted as busy or in transition,
 * in which case the ZAPQ is issued again. Upstream polls forever; here the
 * polls are bounded and a queue that never completes ends FAILED, which
 * keeps its adapter out of the guest view.
 *
 * Locking: a reset is started (ZAPQ) with mdevs_lock held, by a caller that
 * holds the update locks; the work item polls without any vfio_ap lock and
 * takes mdevs_lock for each step. Nobody waits for a reset with a vfio_ap
 * lock held: callers collect the queues in a struct vfio_ap_resets and
 * wait with vfio_ap_resets_wait() once they have dropped every lock, so a
 * queue that takes long to reset holds up only the operation that reset
 * it. A reset that is already running when another one is asked for is
 * joined, not started again.
 *
 * Interruptions: starting a reset gives the queue's pin and ISC back to
 * their owner right after the ZAPQ; the NIB page is released when the
 * reset has ended, after an AQIC(disable) if it did not complete (see
 * vfio_ap_irq.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"
#include "vfio_ap_reset_table.h"

/*
 * The reset set of whoever could not allocate one, taken with its mutex
 * (before any other vfio_ap lock) until the waiting is over.
 */
static DEFINE_MUTEX(vfio_ap_spare_lock);
static unsigned long vfio_ap_spare_apqns[BITS_TO_LONGS(VFIO_AP_NR_APQNS)];

static void vfio_ap_reset_end(struct vfio_ap_queue *q,
			      enum vfio_ap_reset_state state)
{
	vfio_ap_assert_read_locked();
	/* A completed reset turned interruptions off; otherwise ask. */
	if (state == VFIO_AP_RESET_IDLE)
		vfio_ap_irq_hw_off(q);
	else
		vfio_ap_irq_hw_disable(q);
	WRITE_ONCE(q->reset_state, state);
	complete_all(&q->reset_done);
}

static void vfio_ap_reset_zapq(struct vfio_ap_queue *q)
{
	WRITE_ONCE(q->reset_rc, vfio_ap_backend.zapq(q->apqn, false).rc);
}

/*
 * Act on response code @rc of @step. Returns true when the work item must
 * poll again. Context: mdevs_lock held.
 */
static bool vfio_ap_reset_step(struct vfio_ap_queue *q,
			       enum vfio_ap_reset_step step, u8 rc)
{
	switch (vfio_ap_reset_next(step, rc, q->reset_rc, &q->reset_polls)) {
	case VFIO_AP_ACT_FINISH:
		vfio_ap_reset_end(q, VFIO_AP_RESET_IDLE);
		return false;
	case VFIO_AP_ACT_REZAPQ:
		vfio_ap_reset_zapq(q);
		return true;
	case VFIO_AP_ACT_POLL:
		return true;
	case VFIO_AP_ACT_EXPIRED:
		dev_notice_ratelimited(q->qdev,
				       "Waited %ums for reset of queue %02x.%04x, giving up (rc=0x%02x)\n",
				       q->reset_polls * VFIO_AP_RESET_POLL_MS,
				       AP_APQN_APID(q->apqn),
				       AP_APQN_APQI(q->apqn), rc);
		break;
	case VFIO_AP_ACT_FAIL:
	default:	/* not FINISH_OR_REZAPQ: the lookup resolves it */
		dev_warn_ratelimited(q->qdev,
				     "Reset of queue %02x.%04x: unexpected response 0x%02x\n",
				     AP_APQN_APID(q->apqn),
				     AP_APQN_APQI(q->apqn), rc);
		break;
	}
	vfio_ap_reset_end(q, VFIO_AP_RESET_FAILED);
	return false;
}

static void vfio_ap_reset_poll(struct work_struct *work)
{
	struct vfio_ap_queue *q = container_of(to_delayed_work(work),
					       struct vfio_ap_queue,
					       reset_work);
	struct vfio_ap_qstatus st = vfio_ap_backend.tapq(q->apqn, false, NULL);

	guard(mutex)(&vfio_ap.mdevs_lock);
	if (vfio_ap_reset_step(q, VFIO_AP_STEP_TAPQ, st.rc))
		queue_delayed_work(system_long_wq, &q->reset_work,
				   msecs_to_jiffies(VFIO_AP_RESET_POLL_MS));
}

/**
 * vfio_ap_reset_init() - prepare the reset state of a new queue object
 * @q:	the queue
 */
void vfio_ap_reset_init(struct vfio_ap_queue *q)
{
	q->reset_state = VFIO_AP_RESET_IDLE;
	q->reset_rc = AP_RC_NORMAL;
	INIT_DELAYED_WORK(&q->reset_work, vfio_ap_reset_poll);
	init_completion(&q->reset_done);
	complete_all(&q->reset_done);
}

static void vfio_ap_resets_add(struct vfio_ap_resets *rs,
			       struct vfio_ap_queue *q)
{
	if (rs)
		__set_bit(q->apqn, rs->apqns);
}

/**
 * vfio_ap_reset_start() - reset @q: ZAPQ, then poll for its completion
 * @q:	the queue
 * @rs:	the set to wait on afterwards (see vfio_ap_resets_wait()), or
 *	NULL when the caller waits for @q itself
 *
 * A reset of @q that is still running is joined instead. Either way the
 * queue's pin and ISC go back to their owner now, after the ZAPQ; the NIB
 * page when the reset has ended.
 *
 * Context: mdevs_lock held.
 */
void vfio_ap_reset_start(struct vfio_ap_queue *q, struct vfio_ap_resets *rs)
{
	vfio_ap_assert_read_locked();
	vfio_ap_resets_add(rs, q);
	if (READ_ONCE(q->reset_state) == VFIO_AP_RESET_VERIFYING) {
		vfio_ap_irq_unown(q);
		return;
	}

	q->reset_polls = 0;
	reinit_completion(&q->reset_done);
	WRITE_ONCE(q->reset_state, VFIO_AP_RESET_VERIFYING);
	vfio_ap_reset_zapq(q);
	vfio_ap_irq_unown(q);
	if (vfio_ap_reset_step(q, VFIO_AP_STEP_ZAPQ, q->reset_rc))
		queue_delayed_work(system_long_wq, &q->reset_work, 0);
}

/**
 * vfio_ap_reset_wait() - wait until the reset of @q has ended
 * @q:	the queue; the caller holds a reference
 *
 * The wait is bounded by the polling budget. The work item takes
 * mdevs_lock, so the caller must hold no vfio_ap lock.
 */
static void vfio_ap_reset_wait(struct vfio_ap_queue *q)
{
	lockdep_assert_not_held(&vfio_ap.mdevs_lock);
	lockdep_assert_not_held(&vfio_ap.guests_lock);
	wait_for_completion(&q->reset_done);
}

/**
 * vfio_ap_reset_drain() - the reset of a queue going away is over for good
 * @q:	the queue, already taken out of the queue table by the caller, who
 *	owns the table's reference
 *
 * Waits until the running reset, if any, has ended and its work item has
 * returned, so that the last reference on @q may be dropped. No reset can
 * start after this: resets are started only on queues found in the table,
 * and by queue remove itself before it drops its locks.
 *
 * Context: no vfio_ap lock held (see vfio_ap_reset_wait()).
 */
void vfio_ap_reset_drain(struct vfio_ap_queue *q)
{
	vfio_ap_reset_wait(q);
	/* The work item may still be on its way out after completing. */
	cancel_delayed_work_sync(&q->reset_work);
}

/**
 * vfio_ap_reset_apqns() - start the resets of a set of bound queues
 * @apm:	adapters
 * @aqm:	domains
 * @owner:	if not NULL, only queues linked to this mdev
 * @rs:		receives the queues, to wait for with vfio_ap_resets_wait()
 *
 * Context: mdevs_lock held.
 */
void vfio_ap_reset_apqns(const unsigned long *apm, const unsigned long *aqm,
			 struct vfio_ap_mdev *owner, struct vfio_ap_resets *rs)
{
	unsigned int apid, apqi;
	struct vfio_ap_queue *q;

	vfio_ap_assert_read_locked();
	for_each_vfio_ap_id(apid, apm, VFIO_AP_NR_APIDS)
		for_each_vfio_ap_id(apqi, aqm, VFIO_AP_NR_APQIS) {
			q = vfio_ap_queue_find(apid, apqi);
			if (q && (!owner || q->mdev == owner))
				vfio_ap_reset_start(q, rs);
		}
}

/**
 * vfio_ap_reset_mdev() - start the resets of every queue linked to @m
 * @m:	the mdev
 * @rs:	receives the queues, to wait for with vfio_ap_resets_wait()
 *
 * Context: mdevs_lock held.
 */
void vfio_ap_reset_mdev(struct vfio_ap_mdev *m, struct vfio_ap_resets *rs)
{
	vfio_ap_reset_apqns(m->matrix.apm, m->matrix.aqm, m, rs);
}

/**
 * vfio_ap_resets_create() - an empty reset set
 *
 * Called before any vfio_ap lock is taken: when the bitmap cannot be
 * allocated, the driver's spare one is used, under a mutex held until
 * vfio_ap_resets_destroy().
 *
 * Return: the set.
 */
struct vfio_ap_resets vfio_ap_resets_create(void)
{
	struct vfio_ap_resets rs = {
		.apqns = bitmap_zalloc(VFIO_AP_NR_APQNS, GFP_KERNEL),
	};

	if (!rs.apqns) {
		mutex_lock(&vfio_ap_spare_lock);
		rs.apqns = vfio_ap_spare_apqns;
		rs.spare = true;
		bitmap_zero(rs.apqns, VFIO_AP_NR_APQNS);
	}
	return rs;
}

/**
 * vfio_ap_resets_destroy() - free a reset set
 * @rs:	the set
 */
void vfio_ap_resets_destroy(struct vfio_ap_resets *rs)
{
	if (rs->spare)
		mutex_unlock(&vfio_ap_spare_lock);
	else
		bitmap_free(rs->apqns);
}

/**
 * vfio_ap_resets_wait() - wait for the resets of a set, then empty it
 * @rs:	the set
 *
 * A queue that was unbound in the meantime is waited for by its remove.
 *
 * Context: no vfio_ap lock held (the reset work item takes mdevs_lock).
 * Return: 0, or -EIO if the last ZAPQ of a queue in the set did not
 * answer 0x00 (as upstream's reset of a set of queues).
 */
int vfio_ap_resets_wait(struct vfio_ap_resets *rs)
{
	struct vfio_ap_queue *q;
	unsigned long apqn;
	int ret = 0;

	for_each_set_bit(apqn, rs->apqns, VFIO_AP_NR_APQNS) {
		q = vfio_ap_queue_get(apqn);
		if (!q)
			continue;
		vfio_ap_reset_wait(q);
		if (READ_ONCE(q->reset_rc) != AP_RC_NORMAL)
			ret = -EIO;
		vfio_ap_queue_put(q);
	}
	bitmap_zero(rs->apqns, VFIO_AP_NR_APQNS);
	return ret;
}

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
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"
#include "vfio_ap_reset_table.h"

static void vfio_ap_reset_end(struct vfio_ap_queue *q,
			      enum vfio_ap_reset_state state)
{
	WRITE_ONCE(q->reset_state, state);
	complete_all(&q->reset_done);
}

static void vfio_ap_reset_zapq(struct vfio_ap_queue *q)
{
	WRITE_ONCE(q->reset_rc, vfio_ap_backend.zapq(q->apqn, false).rc);
}

/*
 * Act on response code @rc of @step. Returns true when the work item must
 * poll again.
 */
static bool vfio_ap_reset_step(struct vfio_ap_queue *q,
			       enum vfio_ap_reset_step step, u8 rc)
{
	switch (vfio_ap_reset_next(step, rc, q->reset_rc, &q->reset_polls)) {
	case VFIO_AP_ACT_FINISH_OR_REZAPQ:	/* resolved by the lookup */
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
				       VFIO_AP_APQN_APID(q->apqn),
				       VFIO_AP_APQN_APQI(q->apqn), rc);
		break;
	case VFIO_AP_ACT_FAIL:
		dev_warn_ratelimited(q->qdev,
				     "Reset of queue %02x.%04x: unexpected response 0x%02x\n",
				     VFIO_AP_APQN_APID(q->apqn),
				     VFIO_AP_APQN_APQI(q->apqn), rc);
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
	q->reset_rc = VFIO_AP_RC_NORMAL;
	INIT_DELAYED_WORK(&q->reset_work, vfio_ap_reset_poll);
	init_completion(&q->reset_done);
	complete_all(&q->reset_done);
}

/**
 * vfio_ap_reset_start() - issue ZAPQ and start polling for its completion
 * @q:	the queue
 *
 * Context: mdevs_lock held; a reset of @q still running is waited for.
 */
void vfio_ap_reset_start(struct vfio_ap_queue *q)
{
	vfio_ap_assert_read_locked();
	vfio_ap_reset_wait(q);

	q->reset_polls = 0;
	reinit_completion(&q->reset_done);
	WRITE_ONCE(q->reset_state, VFIO_AP_RESET_VERIFYING);
	vfio_ap_reset_zapq(q);
	if (vfio_ap_reset_step(q, VFIO_AP_STEP_ZAPQ, q->reset_rc))
		queue_delayed_work(system_long_wq, &q->reset_work, 0);
}

/**
 * vfio_ap_reset_wait() - wait until the reset of @q has ended
 * @q:	the queue
 *
 * The wait is bounded by the polling budget; waiting does not make the
 * polls come faster. The work item takes no vfio_ap lock, so the caller
 * may hold any.
 */
void vfio_ap_reset_wait(struct vfio_ap_queue *q)
{
	wait_for_completion(&q->reset_done);
}

/**
 * vfio_ap_reset_apqns() - reset a set of bound queues and wait
 * @apm:	adapters
 * @aqm:	domains
 * @owner:	if not NULL, only queues linked to this mdev
 *
 * Resets run in parallel; interruption resources of the queues are released
 * once their reset has ended.
 *
 * Context: mdevs_lock held.
 * Return: 0, or -EIO if a ZAPQ did not answer 0x00.
 */
int vfio_ap_reset_apqns(const unsigned long *apm, const unsigned long *aqm,
			struct vfio_ap_mdev *owner)
{
	unsigned int apid, apqi;
	struct vfio_ap_queue *q;
	int ret = 0;

	vfio_ap_assert_read_locked();
	for_each_vfio_ap_id(apid, apm, VFIO_AP_NR_APIDS)
		for_each_vfio_ap_id(apqi, aqm, VFIO_AP_NR_APQIS) {
			q = vfio_ap_queue_find(apid, apqi);
			if (q && (!owner || q->mdev == owner))
				vfio_ap_reset_start(q);
		}

	for_each_vfio_ap_id(apid, apm, VFIO_AP_NR_APIDS)
		for_each_vfio_ap_id(apqi, aqm, VFIO_AP_NR_APQIS) {
			q = vfio_ap_queue_find(apid, apqi);
			if (!q || (owner && q->mdev != owner))
				continue;
			vfio_ap_reset_wait(q);
			if (q->reset_state == VFIO_AP_RESET_IDLE)
				vfio_ap_irq_release(q);
			if (q->reset_rc != VFIO_AP_RC_NORMAL)
				ret = -EIO;
		}
	return ret;
}

/**
 * vfio_ap_reset_mdev() - reset every queue linked to @m and wait
 * @m:	the mdev
 *
 * Context: mdevs_lock held.
 * Return: 0, or -EIO (see vfio_ap_reset_apqns()).
 */
int vfio_ap_reset_mdev(struct vfio_ap_mdev *m)
{
	return vfio_ap_reset_apqns(m->matrix.apm, m->matrix.aqm, m);
}

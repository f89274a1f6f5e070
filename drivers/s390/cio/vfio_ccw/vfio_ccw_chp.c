// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the SCHIB region (index 2), the CRW region (index 3) and the
 * queue of channel reports behind it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uaccess.h>

#include "cio.h"

#include "vfio_ccw_hw.h"
#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/**
 * vccw_schib_region_read() - read a freshly stored SCHIB
 * @vd: the mediated subchannel
 * @ubuf: destination
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * Every read issues STORE SUBCHANNEL. The channel-program address in the
 * SCSW is shown as the guest address when it points into the program in
 * flight, and as zero otherwise: host addresses never reach user space.
 *
 * Context: process context; takes the I/O mutex and the subchannel lock.
 * Return: @count or a negative errno (-ENODEV if the store failed).
 */
ssize_t vccw_schib_region_read(struct vccw_dev *vd, char __user *ubuf,
			       size_t count, loff_t pos)
{
	struct ccw_schib_region region;
	u8 *scsw = region.schib_area + offsetof(struct schib, scsw);
	int ret;

	BUILD_BUG_ON(sizeof(struct schib) < sizeof(region));
	if (!vccw_region_range_ok(sizeof(region), count, pos))
		return -EINVAL;

	scoped_guard(mutex, &vd->fsm.io_mutex) {
		scoped_guard(spinlock_irq, &vd->sch->lock) {
			ret = cio_update_schib(vd->sch);
			if (!ret)
				memcpy(&region, &vd->sch->schib, sizeof(region));
		}
		if (ret)
			return -ENODEV;
		vccw_fsm_scrub_scsw(&vd->fsm, scsw, true);
	}
	if (copy_to_user(ubuf, (u8 *)&region + pos, count))
		return -EFAULT;
	return count;
}

/**
 * vccw_crw_queue() - queue a channel report for user space
 * @vd: the mediated subchannel
 * @rsc: reporting-source code
 * @erc: error-recovery code
 * @rsid: reporting-source id
 *
 * See vccw_crwq_push() for what happens when the queue is full.
 *
 * Context: any; takes the CRW lock.
 */
void vccw_crw_queue(struct vccw_dev *vd, u8 rsc, u8 erc, u16 rsid)
{
	u32 word = vccw_crw_make(rsc, erc, rsid);
	unsigned long dropped;

	scoped_guard(spinlock_irqsave, &vd->crw_lock) {
		vccw_crwq_push(&vd->crws, word);
		dropped = vd->crws.dropped;
	}
	trace_vfio_ccw_crw(vd->sch->schid, word, dropped);
	queue_work(vd->parent->wq, &vd->crw_work);
}

/**
 * vccw_crw_flush() - forget every queued channel report
 * @vd: the mediated subchannel
 */
void vccw_crw_flush(struct vccw_dev *vd)
{
	unsigned long flags;

	spin_lock_irqsave(&vd->crw_lock, flags);
	vccw_crwq_clear(&vd->crws);
	spin_unlock_irqrestore(&vd->crw_lock, flags);
}

/**
 * vccw_crw_region_read() - hand out the oldest channel report
 * @vd: the mediated subchannel
 * @ubuf: destination
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * A read removes the oldest report from the queue (a read of an empty
 * queue returns zeros). If more reports remain, user space is signalled
 * again.
 *
 * Context: process context.
 * Return: @count or a negative errno.
 */
ssize_t vccw_crw_region_read(struct vccw_dev *vd, char __user *ubuf,
			     size_t count, loff_t pos)
{
	struct ccw_crw_region region = {};
	bool more;

	if (!vccw_region_range_ok(sizeof(region), count, pos))
		return -EINVAL;

	scoped_guard(spinlock_irqsave, &vd->crw_lock)
		more = vccw_crwq_pop(&vd->crws, &region.crw) && vd->crws.count;
	if (more)
		vccw_signal(&vd->irqs, VFIO_CCW_CRW_IRQ_INDEX);
	if (copy_to_user(ubuf, (u8 *)&region + pos, count))
		return -EFAULT;
	return count;
}

/**
 * vccw_crw_work() - tell user space that channel reports are queued
 * @work: &vccw_dev.crw_work
 */
void vccw_crw_work(struct work_struct *work)
{
	struct vccw_dev *vd = container_of(work, struct vccw_dev, crw_work);
	bool pending;

	scoped_guard(spinlock_irqsave, &vd->crw_lock)
		pending = vd->crws.count;
	if (pending)
		vccw_signal(&vd->irqs, VFIO_CCW_CRW_IRQ_INDEX);
}

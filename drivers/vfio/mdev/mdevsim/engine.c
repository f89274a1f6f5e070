// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim copy engine. A DOORBELL write runs one copy to completion:
 * validate the request, move the bytes through vfio_dma_rw() (CTRL.PIN=0)
 * or through pinned pages (CTRL.PIN=1), record the result and raise the
 * completion interrupt.
 *
 * A doorbell first claims the engine under the device lock (copy_claimed);
 * a second doorbell that finds the claim taken gets ERR_BUSY. The owner of
 * the claim then takes copy_lock, which resets, migration steps and DMA
 * unmaps hold too, and keeps it for the whole copy. Pages are pinned only
 * inside copy_lock and always unpinned before it is dropped, so dma_unmap
 * only has to wait for copy_lock to know that nothing in the range is
 * pinned any more.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "mdevsim.h"

/* Copy through the VFIO DMA accessors, a page-sized bounce at a time. */
static u32 copy_by_dma_rw(struct mdevsim_dev *mdev, u64 src, u64 dst, u32 len)
{
	u32 done = 0;

	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);

		if (vfio_dma_rw(&mdev->vdev, src + done, mdev->bounce, n, false))
			return MDEVSIM_ERR_DMA;
		if (vfio_dma_rw(&mdev->vdev, dst + done, mdev->bounce, n, true))
			return MDEVSIM_ERR_DMA;
		done += n;
		cond_resched();
	}
	return MDEVSIM_ERR_NONE;
}

static int pin_one(struct mdevsim_dev *mdev, u64 iova, int prot,
		   struct page **page)
{
	int ret = vfio_pin_pages(&mdev->vdev, iova & PAGE_MASK, 1, prot, page);

	return ret == 1 ? 0 : -EFAULT;
}

/*
 * Copy through pinned pages. Each step pins one source and one destination
 * page (never more than two pins at a time), copies the bytes both pages
 * cover and unpins them again.
 */
static u32 copy_by_pinning(struct mdevsim_dev *mdev, u64 src, u64 dst, u32 len)
{
	u32 done = 0;

	while (done < len) {
		u64 s = src + done, d = dst + done;
		size_t s_off = offset_in_page(s), d_off = offset_in_page(d);
		size_t n = min3((size_t)(len - done), PAGE_SIZE - s_off,
				PAGE_SIZE - d_off);
		struct page *sp, *dp;
		void *from, *to;

		if (pin_one(mdev, s, IOMMU_READ, &sp))
			return MDEVSIM_ERR_DMA;
		if (pin_one(mdev, d, IOMMU_READ | IOMMU_WRITE, &dp)) {
			vfio_unpin_pages(&mdev->vdev, s & PAGE_MASK, 1);
			return MDEVSIM_ERR_DMA;
		}
		to = kmap_local_page(dp);
		from = kmap_local_page(sp);
		memcpy(to + d_off, from + s_off, n);
		kunmap_local(from);
		kunmap_local(to);
		flush_dcache_page(dp);
		vfio_unpin_pages(&mdev->vdev, d & PAGE_MASK, 1);
		vfio_unpin_pages(&mdev->vdev, s & PAGE_MASK, 1);
		done += n;
		cond_resched();
	}
	return MDEVSIM_ERR_NONE;
}

/* ERR_BUSY without an interrupt; a copy's completion overwrites it. */
static void record_busy(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	mdev->regs.error = MDEVSIM_ERR_BUSY;
	mdev->regs.status |= MDEVSIM_STATUS_ERROR;
	mdev->regs.irq_status |= MDEVSIM_IRQ_ERROR;
}

/*
 * Claim the engine for one doorbell. Busy is device state, not lock state:
 * copy_lock is also held by resets, migration steps and unmaps, which are
 * not copies and must not make a doorbell fail.
 */
static bool claim_engine(struct mdevsim_dev *mdev, unsigned int *gen)
{
	guard(mutex)(&mdev->lock);
	if (!mdevsim_mig_running(mdev))
		return false;
	if (mdev->copy_claimed) {
		record_busy(mdev);
		return false;
	}
	mdev->copy_claimed = true;
	*gen = mdev->reset_gen;
	return true;
}

/**
 * mdevsim_engine_doorbell() - run the copy the registers describe
 * @mdev: the device
 *
 * A doorbell while another doorbell's copy is under way (running, or
 * waiting as below) only records ERR_BUSY. A doorbell in a migration state
 * that must not do DMA (STOP, STOP_COPY, RESUMING) is ignored.
 *
 * A doorbell that meets a reset, a migration step or a DMA unmap waits for
 * it to end. A reset cancels the doorbell: it then leaves the registers as
 * the reset set them. After a migration step into a state without DMA the
 * doorbell is ignored; otherwise it runs the copy with the registers as
 * they are then.
 *
 * Context: Process context, no device lock held. Sleeps.
 */
void mdevsim_engine_doorbell(struct mdevsim_dev *mdev)
{
	u32 ctrl = 0, len = 0, err = MDEVSIM_ERR_NONE;
	u64 src = 0, dst = 0;
	unsigned int gen = 0;

	if (!claim_engine(mdev, &gen))
		return;
	mdevsim_test_point(mdev, MDEVSIM_TP_CLAIMED);

	guard(mutex)(&mdev->copy_lock);
	scoped_guard(mutex, &mdev->lock) {
		/* A reset has dropped the claim and may have a new owner. */
		if (mdev->reset_gen != gen)
			return;
		if (!mdevsim_mig_running(mdev)) {
			mdev->copy_claimed = false;
			return;
		}
		ctrl = mdev->regs.ctrl;
		src = mdev->regs.src;
		dst = mdev->regs.dst;
		len = mdev->regs.len;
		err = mdevsim_copy_check(src, dst, len, mdev->regs.copy_limit);
		if (!err)
			mdev->regs.status = MDEVSIM_STATUS_BUSY;
	}

	if (!err) {
		if (mdevsim_parent_should_fail(mdev->parent,
					       &mdev->parent->fail_dma))
			err = MDEVSIM_ERR_DMA;
		else if (ctrl & MDEVSIM_CTRL_PIN)
			err = copy_by_pinning(mdev, src, dst, len);
		else
			err = copy_by_dma_rw(mdev, src, dst, len);
	}

	/* copy_lock kept resets and migration steps out since the check. */
	scoped_guard(mutex, &mdev->lock) {
		mdevsim_regs_complete(&mdev->regs, err, len);
		if (ctrl & MDEVSIM_CTRL_IRQ_EN)
			mdevsim_irq_raise(mdev);
		mdev->copy_claimed = false;
	}
}

/**
 * mdevsim_engine_reset() - forget a doorbell that a reset overtakes
 * @mdev: the device
 *
 * A doorbell that has claimed the engine but not yet checked its request
 * returns without touching the registers, and the next doorbell can claim
 * the engine at once.
 *
 * Context: Caller holds @mdev->copy_lock and @mdev->lock.
 */
void mdevsim_engine_reset(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->copy_lock);
	lockdep_assert_held(&mdev->lock);
	mdev->copy_claimed = false;
	mdev->reset_gen++;
}

/**
 * mdevsim_engine_dma_unmap() - an IOVA range is going away
 * @vdev: the VFIO device
 * @iova: start of the range
 * @length: its length
 *
 * Pins exist only while a copy runs; waiting for that copy to end is
 * enough to guarantee nothing in the range stays pinned.
 */
void mdevsim_engine_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct mdevsim_dev *mdev = to_mdevsim_dev(vdev);

	mutex_lock(&mdev->copy_lock);
	mdevsim_test_point(mdev, MDEVSIM_TP_QUIESCED);
	mutex_unlock(&mdev->copy_lock);
}

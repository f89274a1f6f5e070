// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim interrupts: INTx (level, automasked on delivery), one MSI vector
 * and the device request IRQ, all delivered through eventfds installed
 * with VFIO_DEVICE_SET_IRQS. INTx and MSI triggers exclude each other.
 * INTx can also be unmasked through an eventfd (irqfd.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/eventfd.h>
#include <linux/lockdep.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include "mdevsim.h"

static unsigned int vectors_of(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
	case VFIO_PCI_MSI_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

static u32 irq_flags(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		return VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
		       VFIO_IRQ_INFO_AUTOMASKED;
	case VFIO_PCI_MSI_IRQ_INDEX:
		return VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
	case VFIO_PCI_REQ_IRQ_INDEX:
		return VFIO_IRQ_INFO_EVENTFD;
	default:
		return 0;
	}
}

/**
 * mdevsim_irq_info() - VFIO_DEVICE_GET_IRQ_INFO
 * @mdev: the device
 * @arg: user pointer to struct vfio_irq_info
 *
 * Return: 0 or a negative errno.
 */
int mdevsim_irq_info(struct mdevsim_dev *mdev, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.count = vectors_of(info.index);
	info.flags = irq_flags(info.index);
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static bool intx_disabled(const struct mdevsim_dev *mdev)
{
	return get_unaligned_le16(mdev->regs.cfg + PCI_COMMAND) &
	       MDEVSIM_CFG_CMD_INTX_DISABLE;
}

static bool intx_asserted(const struct mdevsim_dev *mdev)
{
	return get_unaligned_le16(mdev->regs.cfg + PCI_STATUS) &
	       MDEVSIM_CFG_STATUS_INTX;
}

/* Deliver INTx if the line is up and nothing holds it back. */
static void intx_deliver(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	if (!intx_asserted(mdev) || !mdev->intx_trigger || mdev->intx_masked ||
	    intx_disabled(mdev))
		return;
	eventfd_signal(mdev->intx_trigger);
	mdev->intx_masked = true;
}

/**
 * mdevsim_irq_cfg_written() - INTx after a config space write
 * @mdev: the device
 * @old_cmd: the command register before the write
 *
 * Does what mdevsim_irq_update() does. In addition, when the write cleared
 * the command register's INTx-disable bit, an INTx that the bit held back
 * (line still up, not masked) is delivered now.
 *
 * Context: Caller holds @mdev->lock.
 */
void mdevsim_irq_cfg_written(struct mdevsim_dev *mdev, u16 old_cmd)
{
	lockdep_assert_held(&mdev->lock);
	mdevsim_irq_update(mdev);
	if ((old_cmd & MDEVSIM_CFG_CMD_INTX_DISABLE) && !intx_disabled(mdev))
		intx_deliver(mdev);
}

/**
 * mdevsim_irq_update() - follow IRQ_STATUS with the INTx line
 * @mdev: the device
 *
 * The line drops once IRQ_STATUS reads 0; it never rises here.
 *
 * Context: Caller holds @mdev->lock.
 */
void mdevsim_irq_update(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	if (!mdev->regs.irq_status)
		mdevsim_regs_set_intx(&mdev->regs, false);
}

/**
 * mdevsim_irq_raise() - signal the completion of a copy
 * @mdev: the device
 *
 * Uses the interrupt irq_mode selects: MSI when an MSI trigger is set and
 * the mode is auto or msi, else INTx for auto or intx, nothing for none.
 *
 * Context: Caller holds @mdev->lock.
 */
void mdevsim_irq_raise(struct mdevsim_dev *mdev)
{
	unsigned int mode = mdev->irq_mode;

	lockdep_assert_held(&mdev->lock);
	if (mode == MDEVSIM_IRQ_MODE_AUTO)
		mode = mdev->msi_trigger ? MDEVSIM_IRQ_MODE_MSI :
					   MDEVSIM_IRQ_MODE_INTX;
	switch (mode) {
	case MDEVSIM_IRQ_MODE_MSI:
		if (mdev->msi_trigger)
			eventfd_signal(mdev->msi_trigger);
		break;
	case MDEVSIM_IRQ_MODE_INTX:
		mdevsim_regs_set_intx(&mdev->regs, true);
		intx_deliver(mdev);
		break;
	default:
		break;
	}
}

static void put_trigger(struct eventfd_ctx **slot)
{
	if (*slot)
		eventfd_ctx_put(*slot);
	*slot = NULL;
}

/* Take the unmask watcher off the device; the caller destroys it unlocked. */
static struct mdevsim_irqfd *detach_unmask_fd(struct mdevsim_dev *mdev)
{
	struct mdevsim_irqfd *w = mdev->intx_unmask_fd;

	lockdep_assert_held(&mdev->lock);
	mdev->intx_unmask_fd = NULL;
	return w;
}

/**
 * mdevsim_irq_release() - drop every eventfd and interrupt state
 * @mdev: the device
 *
 * Context: Caller holds @mdev->lock.
 * Return: the INTx unmask watcher (or NULL), which the caller must pass to
 * mdevsim_irqfd_destroy() after dropping @mdev->lock.
 */
struct mdevsim_irqfd *mdevsim_irq_release(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	put_trigger(&mdev->intx_trigger);
	put_trigger(&mdev->msi_trigger);
	put_trigger(&mdev->req_trigger);
	mdev->intx_masked = false;
	return detach_unmask_fd(mdev);
}

static struct eventfd_ctx **trigger_slot(struct mdevsim_dev *mdev,
					 unsigned int index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		return &mdev->intx_trigger;
	case VFIO_PCI_MSI_IRQ_INDEX:
		return &mdev->msi_trigger;
	default:
		return &mdev->req_trigger;
	}
}

/*
 * Remove the trigger of @index. Without an INTx trigger there is nothing to
 * unmask, so its unmask eventfd goes too (handed back in @stale).
 */
static void remove_trigger(struct mdevsim_dev *mdev, unsigned int index,
			   struct mdevsim_irqfd **stale)
{
	put_trigger(trigger_slot(mdev, index));
	if (index == VFIO_PCI_INTX_IRQ_INDEX) {
		mdev->intx_masked = false;
		*stale = detach_unmask_fd(mdev);
	}
}

static int set_trigger(struct mdevsim_dev *mdev, struct vfio_irq_set *hdr,
		       const u8 *data, struct mdevsim_irqfd **stale)
{
	struct eventfd_ctx **slot = trigger_slot(mdev, hdr->index);
	struct eventfd_ctx *ctx;
	s32 fd;

	switch (hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		if (!hdr->count)
			remove_trigger(mdev, hdr->index, stale);
		else if (*slot)
			eventfd_signal(*slot);
		return 0;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (data[0] && *slot)
			eventfd_signal(*slot);
		return 0;
	case VFIO_IRQ_SET_DATA_EVENTFD:
		break;
	default:
		return -EINVAL;
	}

	fd = get_unaligned((const s32 *)data);
	if (fd == -1) {
		remove_trigger(mdev, hdr->index, stale);
		return 0;
	}
	if ((hdr->index == VFIO_PCI_INTX_IRQ_INDEX && mdev->msi_trigger) ||
	    (hdr->index == VFIO_PCI_MSI_IRQ_INDEX && mdev->intx_trigger))
		return -EINVAL;
	ctx = eventfd_ctx_fdget(fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	/* See set_unmask_fd(): one eventfd cannot be both. */
	if (hdr->index == VFIO_PCI_INTX_IRQ_INDEX &&
	    mdevsim_irqfd_uses(mdev->intx_unmask_fd, ctx)) {
		eventfd_ctx_put(ctx);
		return -EINVAL;
	}
	put_trigger(slot);
	*slot = ctx;
	if (hdr->index == VFIO_PCI_INTX_IRQ_INDEX)
		mdev->intx_masked = false;
	return 0;
}

static void intx_unmask(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	mdev->intx_masked = false;
	/* A line that is still up interrupts again. */
	intx_deliver(mdev);
}

/*
 * UNMASK with DATA_EVENTFD: from now on a signal on the eventfd unmasks
 * INTx as an UNMASK ioctl would; -1 stops that. The watcher it replaces is
 * handed back in @stale.
 */
static int set_unmask_fd(struct mdevsim_dev *mdev, s32 fd,
			 struct mdevsim_irqfd **stale)
{
	struct mdevsim_irqfd *w = NULL;
	struct eventfd_ctx *ctx;
	bool is_trigger;

	if (fd != -1) {
		/*
		 * The INTx trigger itself as unmask eventfd would unmask on
		 * every delivery: an endless interrupt loop while the line
		 * is up. Refuse it.
		 */
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
		is_trigger = ctx == mdev->intx_trigger;
		eventfd_ctx_put(ctx);
		if (is_trigger)
			return -EINVAL;
		w = mdevsim_irqfd_create(mdev, fd, intx_unmask);
		if (IS_ERR(w))
			return PTR_ERR(w);
	}
	*stale = detach_unmask_fd(mdev);
	mdev->intx_unmask_fd = w;
	return 0;
}

static int set_intx_mask(struct mdevsim_dev *mdev, struct vfio_irq_set *hdr,
			 const u8 *data, bool mask,
			 struct mdevsim_irqfd **stale)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (hdr->index != VFIO_PCI_INTX_IRQ_INDEX || hdr->count != 1 ||
	    !mdev->intx_trigger)
		return -EINVAL;
	if (type == VFIO_IRQ_SET_DATA_EVENTFD) {
		/* Like vfio-pci, only unmasking can be driven by an eventfd. */
		if (mask)
			return -EINVAL;
		return set_unmask_fd(mdev, get_unaligned((const s32 *)data),
				     stale);
	}
	if (type == VFIO_IRQ_SET_DATA_BOOL && !data[0])
		return 0;
	if (mask)
		mdev->intx_masked = true;
	else
		intx_unmask(mdev);
	return 0;
}

/**
 * mdevsim_set_irqs() - VFIO_DEVICE_SET_IRQS
 * @mdev: the device
 * @arg: user pointer to struct vfio_irq_set and its data
 *
 * Return: 0 or a negative errno.
 */
int mdevsim_set_irqs(struct mdevsim_dev *mdev, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	/* Destroyed only after the device lock below has been dropped. */
	struct mdevsim_irqfd *stale __free(mdevsim_irqfd) = NULL;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	int ret;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, vectors_of(hdr.index),
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (ret)
		return ret;
	/*
	 * The core accepts count 0 with any data type and then has no data
	 * to copy; only DATA_NONE means something without data (disable).
	 */
	if (!data_size &&
	    (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) != VFIO_IRQ_SET_DATA_NONE)
		return -EINVAL;

	u8 *data __free(kfree) = NULL;
	if (data_size) {
		data = memdup_user((void __user *)(arg + minsz), data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	guard(mutex)(&mdev->lock);
	switch (hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) {
	case VFIO_IRQ_SET_ACTION_MASK:
		return set_intx_mask(mdev, &hdr, data, true, &stale);
	case VFIO_IRQ_SET_ACTION_UNMASK:
		return set_intx_mask(mdev, &hdr, data, false, &stale);
	case VFIO_IRQ_SET_ACTION_TRIGGER:
		return set_trigger(mdev, &hdr, data, &stale);
	default:
		return -EINVAL;
	}
}

/**
 * mdevsim_request() - the VFIO core asks for the device back
 * @vdev: the VFIO device
 * @count: how often it asked before
 *
 * Signals the REQ eventfd every time; without one, logs once.
 */
void mdevsim_request(struct vfio_device *vdev, unsigned int count)
{
	struct mdevsim_dev *mdev = to_mdevsim_dev(vdev);

	guard(mutex)(&mdev->lock);
	if (mdev->req_trigger)
		eventfd_signal(mdev->req_trigger);
	else if (!count)
		dev_notice(vdev->dev,
			   "removal waits for the user to close the device (no request eventfd)\n");
}

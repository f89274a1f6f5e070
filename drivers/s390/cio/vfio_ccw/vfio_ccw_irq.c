// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the interrupts user space registers (VFIO_DEVICE_GET_IRQ_INFO,
 * VFIO_DEVICE_SET_IRQS) and the signals sent through them.
 *
 * Each of the VFIO_CCW_NUM_IRQS indexes has at most one eventfd. Nothing
 * here knows about subchannels or the state machine: the files above only
 * say which index to signal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/nospec.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio_ccw_private.h"

/**
 * vccw_irqs_init() - set up an empty eventfd table
 * @irqs: the table, zeroed by the caller
 */
void vccw_irqs_init(struct vccw_irqs *irqs)
{
	spin_lock_init(&irqs->lock);
}

/**
 * vccw_signal() - signal the eventfd of one interrupt index, if set
 * @irqs: the eventfd table
 * @index: VFIO_CCW_*_IRQ_INDEX
 *
 * Context: any; takes the table's lock.
 * Return: true if an eventfd was set and signalled.
 */
bool vccw_signal(struct vccw_irqs *irqs, unsigned int index)
{
	unsigned long flags;
	bool set;

	spin_lock_irqsave(&irqs->lock, flags);
	set = irqs->trigger[index];
	if (set)
		eventfd_signal(irqs->trigger[index]);
	spin_unlock_irqrestore(&irqs->lock, flags);
	return set;
}

/* Install @ctx (NULL: none) for @index and drop the one it replaces. */
static void vccw_set_trigger(struct vccw_irqs *irqs, unsigned int index,
			     struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old;

	scoped_guard(spinlock_irqsave, &irqs->lock) {
		old = irqs->trigger[index];
		irqs->trigger[index] = ctx;
	}
	if (old)
		eventfd_ctx_put(old);
}

/**
 * vccw_irqs_release() - drop every eventfd user space registered
 * @irqs: the eventfd table
 *
 * Context: process context; takes the table's lock.
 */
void vccw_irqs_release(struct vccw_irqs *irqs)
{
	unsigned int i;

	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++)
		vccw_set_trigger(irqs, i, NULL);
}

/**
 * vccw_irqs_get_info() - handle VFIO_DEVICE_GET_IRQ_INFO
 * @arg: the user's struct vfio_irq_info
 *
 * Every index has one eventfd-signalled interrupt.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int vccw_irqs_get_info(void __user *arg)
{
	size_t minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_CCW_NUM_IRQS)
		return -EINVAL;
	info.flags = VFIO_IRQ_INFO_EVENTFD;
	info.count = 1;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/**
 * vccw_irqs_set() - handle VFIO_DEVICE_SET_IRQS
 * @irqs: the eventfd table
 * @arg: the user's struct vfio_irq_set, followed by its data
 *
 * Only the trigger action exists. With no data it signals the index (count
 * 0 removes the eventfd, as for vfio-pci); with a bool it signals when the
 * bool is set; with an eventfd it installs it (-1 removes it). The data
 * word is read only when count is 1.
 *
 * Context: process context; takes the table's lock.
 * Return: 0 or a negative errno.
 */
int vccw_irqs_set(struct vccw_irqs *irqs, void __user *arg)
{
	size_t minsz = offsetofend(struct vfio_irq_set, count);
	void __user *data = arg + minsz;
	struct vfio_irq_set hdr;
	struct eventfd_ctx *ctx;
	size_t data_size;
	unsigned int index;
	s32 fd;
	u8 on;
	int ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, 1, VFIO_CCW_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -EINVAL;
	index = array_index_nospec(hdr.index, VFIO_CCW_NUM_IRQS);

	switch (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		/* count 0 tears the trigger down, as for vfio-pci */
		if (!hdr.count)
			vccw_set_trigger(irqs, index, NULL);
		else
			vccw_signal(irqs, index);
		return 0;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (!hdr.count)
			return 0;
		if (get_user(on, (u8 __user *)data))
			return -EFAULT;
		if (on)
			vccw_signal(irqs, index);
		return 0;
	default:	/* VFIO_IRQ_SET_DATA_EVENTFD */
		if (!hdr.count)
			return 0;
		if (get_user(fd, (s32 __user *)data))
			return -EFAULT;
		if (fd == -1) {
			vccw_set_trigger(irqs, index, NULL);
			return 0;
		}
		if (fd < 0)
			return -EINVAL;
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
		vccw_set_trigger(irqs, index, ctx);
		return 0;
	}
}

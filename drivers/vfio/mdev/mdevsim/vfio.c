// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim VFIO device: the mdev driver (probe/remove), vfio_device_ops and
 * region access. Devices use the emulated IOMMU, so DMA goes through
 * vfio_dma_rw()/vfio_pin_pages() against the container or iommufd IOAS.
 *
 * Regions: CONFIG (256 bytes) and BAR0 (4 KiB), at index << 40 in the
 * device fd. Region accesses are checked here and decoded by regs.c under
 * the device lock; a DOORBELL write runs the copy after the lock is
 * dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/module.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include "mdevsim.h"

#define MDEVSIM_REGION_SHIFT	40
#define MDEVSIM_REGION_MASK	((1ULL << MDEVSIM_REGION_SHIFT) - 1)

static u64 mdevsim_region_size(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return MDEVSIM_CFG_SIZE;
	case VFIO_PCI_BAR0_REGION_INDEX:
		return MDEVSIM_BAR0_SIZE;
	default:
		return 0;
	}
}

static int mdevsim_vfio_init(struct vfio_device *vdev)
{
	struct mdevsim_dev *s = to_mdevsim_dev(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);

	s->type = container_of(mdev->type, struct mdevsim_type, mtype);
	s->parent = container_of(mdev->type->parent, struct mdevsim_parent,
				 mparent);
	s->bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!s->bounce)
		return -ENOMEM;
	mutex_init(&s->lock);
	mutex_init(&s->copy_lock);
	s->copy_limit = s->type->limit;
	s->irq_mode = MDEVSIM_IRQ_MODE_AUTO;
	mdevsim_regs_reset(&s->regs, s->copy_limit);
	mdevsim_mig_init(s);
	atomic_inc(&mdevsim_live_objects);
	return 0;
}

static void mdevsim_vfio_release(struct vfio_device *vdev)
{
	struct mdevsim_dev *s = to_mdevsim_dev(vdev);

	mutex_destroy(&s->copy_lock);
	mutex_destroy(&s->lock);
	kfree(s->bounce);
	atomic_dec(&mdevsim_live_objects);
}

static int mdevsim_vfio_open(struct vfio_device *vdev)
{
	struct mdevsim_dev *s = to_mdevsim_dev(vdev);

	if (mdevsim_parent_should_fail(s->parent, &s->parent->fail_open))
		return -EIO;

	guard(mutex)(&s->lock);
	mdevsim_regs_reset(&s->regs, s->copy_limit);
	s->intx_masked = false;
	s->is_open = true;
	return 0;
}

static void mdevsim_vfio_close(struct vfio_device *vdev)
{
	struct mdevsim_dev *s = to_mdevsim_dev(vdev);
	struct mdevsim_irqfd *unmask_fd;

	scoped_guard(mutex, &s->lock) {
		mdevsim_mig_close(s);
		unmask_fd = mdevsim_irq_release(s);
		s->is_open = false;
	}
	/* Its work item takes the device lock: destroy it unlocked. */
	mdevsim_irqfd_destroy(unmask_fd);
}

/* Split a config access into naturally aligned pieces of 4, 2 or 1 bytes. */
static unsigned int cfg_piece(unsigned int off, size_t left)
{
	if (!(off & 3) && left >= 4)
		return 4;
	if (!(off & 1) && left >= 2)
		return 2;
	return 1;
}

static int mdevsim_cfg_rw(struct mdevsim_dev *s, unsigned int off, u8 *buf,
			  size_t count, bool write)
{
	size_t done = 0;
	int ret = 0;
	u16 old_cmd;

	/* 1, 2 and 4 byte accesses are single accesses and must be aligned. */
	if ((count == 1 || count == 2 || count == 4) && (off & (count - 1)))
		return -EINVAL;

	guard(mutex)(&s->lock);
	old_cmd = get_unaligned_le16(s->regs.cfg + PCI_COMMAND);
	while (done < count && !ret) {
		unsigned int n = cfg_piece(off + done, count - done);
		u32 val;

		if (write) {
			val = n == 4 ? get_unaligned_le32(buf + done) :
			      n == 2 ? get_unaligned_le16(buf + done) :
			      buf[done];
			ret = mdevsim_cfg_write(&s->regs, off + done, n, val);
		} else {
			ret = mdevsim_cfg_read(&s->regs, off + done, n, &val);
			if (n == 4)
				put_unaligned_le32(val, buf + done);
			else if (n == 2)
				put_unaligned_le16(val, buf + done);
			else
				buf[done] = val;
		}
		done += n;
	}
	if (write)
		mdevsim_irq_cfg_written(s, old_cmd);
	return ret;
}

static int mdevsim_bar0_rw(struct mdevsim_dev *s, unsigned int off, u8 *buf,
			   size_t count, bool write)
{
	unsigned int actions = 0;
	u64 val;
	int ret;

	if (count != 4 && count != 8)
		return -EINVAL;

	scoped_guard(mutex, &s->lock) {
		if (!write) {
			ret = mdevsim_bar0_read(&s->regs, off, count, &val);
			if (ret)
				return ret;
			if (count == 8)
				put_unaligned_le64(val, buf);
			else
				put_unaligned_le32(val, buf);
			return 0;
		}
		val = count == 8 ? get_unaligned_le64(buf) :
				   get_unaligned_le32(buf);
		ret = mdevsim_bar0_write(&s->regs, off, count, val, &actions);
		if (ret)
			return ret;
		if (actions & MDEVSIM_ACT_IRQ)
			mdevsim_irq_update(s);
	}
	if (actions & MDEVSIM_ACT_DOORBELL)
		mdevsim_engine_doorbell(s);
	return 0;
}

static ssize_t mdevsim_rw(struct mdevsim_dev *s, char __user *ubuf,
			  size_t count, loff_t pos, bool write)
{
	unsigned int index = (u64)pos >> MDEVSIM_REGION_SHIFT;
	u64 off = (u64)pos & MDEVSIM_REGION_MASK;
	u8 buf[MDEVSIM_CFG_SIZE];
	u64 size;
	int ret;

	if (pos < 0 || index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	size = mdevsim_region_size(index);
	if (!count || off >= size || count > size - off)
		return -EINVAL;
	/* Both regions are at most 4 KiB; only config accesses can be long. */
	if (count > sizeof(buf))
		return -EINVAL;

	if (write && copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		ret = mdevsim_cfg_rw(s, off, buf, count, write);
	else
		ret = mdevsim_bar0_rw(s, off, buf, count, write);
	if (ret)
		return ret;
	if (!write && copy_to_user(ubuf, buf, count))
		return -EFAULT;
	return count;
}

static ssize_t mdevsim_vfio_read(struct vfio_device *vdev, char __user *buf,
				 size_t count, loff_t *ppos)
{
	return mdevsim_rw(to_mdevsim_dev(vdev), buf, count, *ppos, false);
}

static ssize_t mdevsim_vfio_write(struct vfio_device *vdev,
				  const char __user *buf, size_t count,
				  loff_t *ppos)
{
	return mdevsim_rw(to_mdevsim_dev(vdev), (char __user *)buf, count,
			  *ppos, true);
}

static long mdevsim_get_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long mdevsim_get_region_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	info.offset = (u64)info.index << MDEVSIM_REGION_SHIFT;
	info.size = mdevsim_region_size(info.index);
	info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ |
				 VFIO_REGION_INFO_FLAG_WRITE : 0;
	info.cap_offset = 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

/**
 * mdevsim_dev_reset() - VFIO_DEVICE_RESET: back to the power-on state
 * @s: the device
 *
 * Context: Process context, no device lock held. Waits for a copy in
 * flight.
 */
void mdevsim_dev_reset(struct mdevsim_dev *s)
{
	guard(mutex)(&s->copy_lock);
	mdevsim_test_point(s, MDEVSIM_TP_QUIESCED);
	guard(mutex)(&s->lock);
	mdevsim_regs_reset(&s->regs, s->copy_limit);
	mdevsim_engine_reset(s);
	s->intx_masked = false;
	mdevsim_irq_update(s);
	mdevsim_mig_reset(s);
}

static long mdevsim_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			       unsigned long arg)
{
	struct mdevsim_dev *s = to_mdevsim_dev(vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return mdevsim_get_info(arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return mdevsim_get_region_info(arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return mdevsim_irq_info(s, arg);
	case VFIO_DEVICE_SET_IRQS:
		return mdevsim_set_irqs(s, arg);
	case VFIO_DEVICE_RESET:
		mdevsim_dev_reset(s);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct vfio_device_ops mdevsim_vfio_ops = {
	.name = "vfio-mdevsim",
	.init = mdevsim_vfio_init,
	.release = mdevsim_vfio_release,
	.open_device = mdevsim_vfio_open,
	.close_device = mdevsim_vfio_close,
	.read = mdevsim_vfio_read,
	.write = mdevsim_vfio_write,
	.ioctl = mdevsim_vfio_ioctl,
	.request = mdevsim_request,
	.dma_unmap = mdevsim_engine_dma_unmap,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

static int mdevsim_mdev_probe(struct mdev_device *mdev)
{
	struct mdevsim_parent *parent = container_of(mdev->type->parent,
						     struct mdevsim_parent,
						     mparent);
	const struct mdevsim_type *type = container_of(mdev->type,
						       struct mdevsim_type,
						       mtype);
	struct mdevsim_dev *s;
	int ret;

	ret = mdevsim_parent_reserve(parent, type);
	if (ret)
		return ret;

	s = vfio_alloc_device(mdevsim_dev, vdev, &mdev->dev, &mdevsim_vfio_ops);
	if (IS_ERR(s)) {
		mdevsim_parent_unreserve(parent, type);
		return PTR_ERR(s);
	}
	ret = vfio_register_emulated_iommu_dev(&s->vdev);
	if (ret) {
		vfio_put_device(&s->vdev);
		mdevsim_parent_unreserve(parent, type);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, s);
	return 0;
}

static void mdevsim_mdev_remove(struct mdev_device *mdev)
{
	struct mdevsim_dev *s = dev_get_drvdata(&mdev->dev);
	struct mdevsim_parent *parent = s->parent;
	const struct mdevsim_type *type = s->type;

	/* Blocks until the user has closed the device (see request). */
	vfio_unregister_group_dev(&s->vdev);
	dev_set_drvdata(&mdev->dev, NULL);
	vfio_put_device(&s->vdev);
	/* Give the units back only now, so available_instances is exact. */
	mdevsim_parent_unreserve(parent, type);
}

struct mdev_driver mdevsim_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.probe = mdevsim_mdev_probe,
	.remove = mdevsim_mdev_remove,
	.get_available = mdevsim_parent_get_available,
	.show_description = mdevsim_parent_show_description,
	.driver = {
		.name = "mdevsim_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = mdevsim_mdev_groups,
	},
};

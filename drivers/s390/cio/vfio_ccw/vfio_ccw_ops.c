// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the mdev driver and the vfio device it creates.
 *
 * Regions are laid out at index << 10 in the device file. Index 0 (the I/O
 * region) always exists; the async, SCHIB, CRW and channel-measurement
 * regions exist while the device is open and announce themselves with a
 * region-type capability.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/zmdev_vfio_ccw.h>

#include "cio.h"

#include "vfio_ccw_private.h"

/**
 * struct vccw_region_desc - static description of one region
 * @type:	VFIO_REGION_TYPE_CCW, or ours (ZMDEV_VFIO_REGION_TYPE); 0 for
 *		the I/O region, which has no type capability
 * @subtype:	VFIO_REGION_SUBTYPE_CCW_* or ZMDEV_VFIO_REGION_SUBTYPE_CCW_*
 * @size:	size in bytes
 * @flags:	VFIO_REGION_INFO_FLAG_READ / _WRITE
 */
struct vccw_region_desc {
	u32 type;
	u32 subtype;
	u32 size;
	u32 flags;
};

#define VCCW_RW	(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE)

static const struct vccw_region_desc vccw_regions[VCCW_NR_REGIONS] = {
	[VFIO_CCW_CONFIG_REGION_INDEX] = {
		.size = sizeof(struct ccw_io_region), .flags = VCCW_RW,
	},
	[1] = {
		.type = VFIO_REGION_TYPE_CCW,
		.subtype = VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD,
		.size = sizeof(struct ccw_cmd_region), .flags = VCCW_RW,
	},
	[2] = {
		.type = VFIO_REGION_TYPE_CCW,
		.subtype = VFIO_REGION_SUBTYPE_CCW_SCHIB,
		.size = sizeof(struct ccw_schib_region),
		.flags = VFIO_REGION_INFO_FLAG_READ,
	},
	[3] = {
		.type = VFIO_REGION_TYPE_CCW,
		.subtype = VFIO_REGION_SUBTYPE_CCW_CRW,
		.size = sizeof(struct ccw_crw_region),
		.flags = VFIO_REGION_INFO_FLAG_READ,
	},
	[4] = {
		.type = ZMDEV_VFIO_REGION_TYPE,
		.subtype = ZMDEV_VFIO_REGION_SUBTYPE_CCW_CMF,
		.size = sizeof(struct zmdev_ccw_cmf_region),
		.flags = VFIO_REGION_INFO_FLAG_READ,
	},
};

static struct vccw_dev *to_vccw(struct vfio_device *vdev)
{
	return container_of(vdev, struct vccw_dev, vdev);
}

static unsigned int vccw_nr_regions(struct vccw_dev *vd)
{
	return READ_ONCE(vd->open) ? VCCW_NR_REGIONS : 1;
}

static int vccw_init_dev(struct vfio_device *vdev)
{
	struct vccw_dev *vd = to_vccw(vdev);
	struct subchannel *sch = to_subchannel(vdev->dev->parent);

	vd->sch = sch;
	vd->parent = dev_get_drvdata(&sch->dev);
	vccw_fsm_init(&vd->fsm, &vccw_sch_hw_ops, &sch->lock);
	ccwcp_setup(&vd->cp, &vccw_cp_mem_ops, vd);
	INIT_WORK(&vd->io_work, vccw_io_work);
	INIT_WORK(&vd->crw_work, vccw_crw_work);
	INIT_WORK(&vd->gone_work, vccw_gone_work);
	vccw_irqs_init(&vd->irqs);
	spin_lock_init(&vd->crw_lock);
	return 0;
}

static void vccw_release_dev(struct vfio_device *vdev)
{
	struct vccw_dev *vd = to_vccw(vdev);

	/* Nothing can queue work any more: the parent forgot us. */
	cancel_work_sync(&vd->io_work);
	cancel_work_sync(&vd->crw_work);
	flush_work(&vd->gone_work);
	vccw_fsm_destroy(&vd->fsm);
}

static int vccw_open_device(struct vfio_device *vdev)
{
	struct vccw_dev *vd = to_vccw(vdev);
	int ret;

	guard(mutex)(&vd->fsm.io_mutex);
	if (vd->fsm.state == VCCW_ST_NOT_OPER)
		return -EINVAL;
	/* Reports queued before this open describe a past the user never saw. */
	vccw_crw_flush(vd);
	ret = vccw_fsm_open(&vd->fsm);
	if (ret)
		return ret;
	WRITE_ONCE(vd->open, true);
	return 0;
}

static void vccw_close_device(struct vfio_device *vdev)
{
	struct vccw_dev *vd = to_vccw(vdev);

	scoped_guard(mutex, &vd->fsm.io_mutex) {
		vccw_fsm_close(&vd->fsm);
		WRITE_ONCE(vd->open, false);
	}
	cancel_work_sync(&vd->io_work);
	cancel_work_sync(&vd->crw_work);
	flush_work(&vd->gone_work);
	vccw_irqs_release(&vd->irqs);
}

static ssize_t vccw_rw(struct vccw_dev *vd, char __user *ubuf,
		       const char __user *wbuf, size_t count, loff_t *ppos)
{
	u64 index = *ppos >> VCCW_OFFSET_SHIFT;
	loff_t pos = *ppos & VCCW_OFFSET_MASK;
	unsigned int nr = vccw_nr_regions(vd);
	ssize_t ret;

	if (*ppos < 0 || index >= nr)
		return -EINVAL;
	index = array_index_nospec(index, nr);

	switch (index) {
	case VFIO_CCW_CONFIG_REGION_INDEX:
		ret = vccw_request_rw(vd, &vccw_io_request, ubuf, wbuf,
				      count, pos);
		break;
	case 1:
		ret = vccw_request_rw(vd, &vccw_async_request, ubuf, wbuf,
				      count, pos);
		break;
	case 2:
		ret = wbuf ? -EINVAL :
		      vccw_schib_region_read(vd, ubuf, count, pos);
		break;
	case 3:
		ret = wbuf ? -EINVAL :
		      vccw_crw_region_read(vd, ubuf, count, pos);
		break;
	default:
		ret = wbuf ? -EINVAL :
		      vccw_cmf_region_read(vd, ubuf, count, pos);
		break;
	}
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static ssize_t vccw_read(struct vfio_device *vdev, char __user *buf,
			 size_t count, loff_t *ppos)
{
	return vccw_rw(to_vccw(vdev), buf, NULL, count, ppos);
}

static ssize_t vccw_write(struct vfio_device *vdev, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	return vccw_rw(to_vccw(vdev), NULL, buf, count, ppos);
}

static int vccw_ioctl_device_info(struct vccw_dev *vd, void __user *arg)
{
	size_t minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = vccw_nr_regions(vd);
	info.num_irqs = VFIO_CCW_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static int vccw_ioctl_region_info(struct vccw_dev *vd, void __user *arg)
{
	size_t minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	struct vfio_region_info_cap_type cap = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
	};
	struct vfio_region_info info;
	unsigned int nr = vccw_nr_regions(vd);
	u32 index;
	int ret = 0;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= nr)
		return -EINVAL;
	index = array_index_nospec(info.index, nr);

	info.offset = (u64)index << VCCW_OFFSET_SHIFT;
	info.size = vccw_regions[index].size;
	info.flags = vccw_regions[index].flags;
	info.cap_offset = 0;

	if (index != VFIO_CCW_CONFIG_REGION_INDEX) {
		cap.type = vccw_regions[index].type;
		cap.subtype = vccw_regions[index].subtype;
		ret = vfio_info_add_capability(&caps, &cap.header, sizeof(cap));
		if (ret)
			return ret;
		info.flags |= VFIO_REGION_INFO_FLAG_CAPS;
		if (info.argsz < sizeof(info) + caps.size) {
			info.argsz = sizeof(info) + caps.size;
		} else {
			vfio_info_cap_shift(&caps, sizeof(info));
			if (copy_to_user(arg + sizeof(info), caps.buf,
					 caps.size))
				ret = -EFAULT;
			info.cap_offset = sizeof(info);
		}
		kfree(caps.buf);
		if (ret)
			return ret;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static int vccw_reset(struct vccw_dev *vd)
{
	guard(mutex)(&vd->fsm.io_mutex);
	return vccw_fsm_reset(&vd->fsm);
}

static long vccw_ioctl(struct vfio_device *vdev, unsigned int cmd,
		       unsigned long arg)
{
	struct vccw_dev *vd = to_vccw(vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return vccw_ioctl_device_info(vd, uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return vccw_ioctl_region_info(vd, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vccw_irqs_get_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return vccw_irqs_set(&vd->irqs, uarg);
	case VFIO_DEVICE_RESET:
		return vccw_reset(vd);
	default:
		return -ENOTTY;
	}
}

/* The mdev is being removed while user space holds it open. */
static void vccw_request(struct vfio_device *vdev, unsigned int count)
{
	struct vccw_dev *vd = to_vccw(vdev);

	if (vccw_signal(&vd->irqs, VFIO_CCW_REQ_IRQ_INDEX)) {
		if (!(count % 10))
			dev_notice_ratelimited(vdev->dev,
					       "Relaying device request to user (#%u)\n",
					       count);
	} else if (!count) {
		dev_notice(vdev->dev,
			   "No device request channel registered, blocked until released by user\n");
	}
}

static void vccw_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct vccw_dev *vd = to_vccw(vdev);

	guard(mutex)(&vd->fsm.io_mutex);
	if (!ccwcp_iova_pinned(&vd->cp, iova, length))
		return;
	/* The channel may still write there: stop it before the unmap. */
	vccw_fsm_reset(&vd->fsm);
}

static const struct vfio_device_ops vccw_dev_ops = {
	/* lifetime of struct vccw_dev */
	.init		= vccw_init_dev,
	.release	= vccw_release_dev,
	/* emulated IOMMU: pages are pinned through the vfio core */
	.bind_iommufd	= vfio_iommufd_emulated_bind,
	.attach_ioas	= vfio_iommufd_emulated_attach_ioas,
	.detach_ioas	= vfio_iommufd_emulated_detach_ioas,
	.unbind_iommufd	= vfio_iommufd_emulated_unbind,
	.dma_unmap	= vccw_dma_unmap,
	/* the device file */
	.open_device	= vccw_open_device,
	.read		= vccw_read,
	.write		= vccw_write,
	.ioctl		= vccw_ioctl,
	.close_device	= vccw_close_device,
	.request	= vccw_request,
};

static int vccw_mdev_probe(struct mdev_device *mdev)
{
	struct subchannel *sch = to_subchannel(mdev->dev.parent);
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);
	struct vccw_dev *vd;
	int ret;

	vd = vfio_alloc_device(vccw_dev, vdev, &mdev->dev, &vccw_dev_ops);
	if (IS_ERR(vd))
		return PTR_ERR(vd);

	scoped_guard(spinlock_irq, &sch->lock)
		parent->vdev = vd;
	dev_set_drvdata(&mdev->dev, vd);

	ret = vfio_register_emulated_iommu_dev(&vd->vdev);
	if (ret) {
		scoped_guard(spinlock_irq, &sch->lock)
			parent->vdev = NULL;
		dev_set_drvdata(&mdev->dev, NULL);
		vfio_put_device(&vd->vdev);
		return ret;
	}
	dev_dbg(&sch->dev, "mdev %s created\n", dev_name(&mdev->dev));
	return 0;
}

static void vccw_mdev_remove(struct mdev_device *mdev)
{
	struct vccw_dev *vd = dev_get_drvdata(&mdev->dev);
	struct subchannel *sch = vd->sch;

	/* Blocks, relaying release requests, until user space lets go. */
	vfio_unregister_group_dev(&vd->vdev);
	scoped_guard(spinlock_irq, &sch->lock)
		vd->parent->vdev = NULL;
	dev_set_drvdata(&mdev->dev, NULL);
	vfio_put_device(&vd->vdev);
}

/* One instance per subchannel: the subchannel itself is the device. */
struct mdev_driver vccw_mdev_driver = {
	.probe		= vccw_mdev_probe,
	.remove		= vccw_mdev_remove,
	.max_instances	= 1,
	.device_api	= VFIO_DEVICE_API_CCW_STRING,
	.driver.name	= "vfio_ccw_mdev",
	.driver.mod_name = KBUILD_MODNAME,
	.driver.owner	= THIS_MODULE,
};

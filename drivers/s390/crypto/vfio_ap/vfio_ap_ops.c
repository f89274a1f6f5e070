// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap VFIO device: mdev probe/remove, open/close (attaching the guest
 * and its PQAP hook), the ioctls (device info, IRQ info, the request and
 * configuration change IRQs, reset) and the request callback.
 *
 * Two IRQ indexes, numbered as in Linux 6.15 (vfio_ap_uapi.h): the request
 * IRQ (VFIO_AP_REQ_IRQ_INDEX) asks user space to release the device; the
 * configuration change IRQ (VFIO_AP_CFG_CHG_IRQ_INDEX) tells it that the
 * APCB of its guest changed, so that it can notify the guest. Each is one
 * eventfd, set, signalled and released under mdevs_lock. The request
 * eventfd lives until the device is freed; the configuration change one
 * is dropped when the device is closed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"
#include "vfio_ap_uapi.h"

static struct vfio_ap_mdev *to_ap(struct vfio_device *vdev)
{
	return container_of(vdev, struct vfio_ap_mdev, vdev);
}

static int vfio_ap_vdev_init(struct vfio_device *vdev)
{
	struct vfio_ap_mdev *m = to_ap(vdev);

	m->mdev = to_mdev_device(vdev->dev);
	INIT_LIST_HEAD(&m->node);
	scoped_guard(mutex, &vfio_ap.mdevs_lock) {
		vfio_ap_matrix_init(&m->matrix, &vfio_ap.host);
		vfio_ap_matrix_init(&m->shadow, &vfio_ap.host);
	}
	return 0;
}

/* Install @t (or nothing) in @slot, a trigger of an mdev; mdevs_lock held. */
static void vfio_ap_set_trigger(struct eventfd_ctx **slot,
				struct eventfd_ctx *t)
{
	if (*slot)
		eventfd_ctx_put(*slot);
	*slot = t;
}

static void vfio_ap_vdev_release(struct vfio_device *vdev)
{
	struct vfio_ap_mdev *m = to_ap(vdev);

	guard(mutex)(&vfio_ap.mdevs_lock);
	vfio_ap_set_trigger(&m->req_trigger, NULL);
	vfio_ap_set_trigger(&m->cfg_trigger, NULL);
}

/*
 * Attach the guest: install the PQAP hook while holding the guest lock but
 * not mdevs_lock (the hook takes mdevs_lock under the backend's hook lock),
 * then load the guest view.
 */
static int vfio_ap_open_device(struct vfio_device *vdev)
{
	struct vfio_ap_mdev *m = to_ap(vdev);
	struct vfio_ap_guest *g;
	int ret;

	ret = vfio_ap_backend.guest_open(vdev, &g);
	if (ret)
		return ret;
	if (!g)
		return 0;

	scoped_guard(mutex, &vfio_ap.guests_lock) {
		vfio_ap_backend.guest_lock(g);
		ret = vfio_ap_backend.guest_set_hook(g, vfio_ap_pqap, m);
		if (!ret) {
			guard(mutex)(&vfio_ap.mdevs_lock);
			m->guest = g;
			vfio_ap_backend.guest_set_apcb(g, &m->shadow);
		}
		vfio_ap_backend.guest_unlock(g);
	}
	if (ret)
		vfio_ap_backend.guest_close(g);
	return ret;
}

/*
 * Detach the guest: remove the PQAP hook (waiting for running calls),
 * empty the APCB (a change of the guest's configuration if it had
 * anything), start the resets of the queues and give every pin and ISC
 * back while the guest is still attached, forget the guest; then, without
 * any lock, wait for the resets and drop the guest. The configuration
 * change eventfd goes with the close, guest or not.
 */
static void vfio_ap_close_device(struct vfio_device *vdev)
{
	struct vfio_ap_mdev *m = to_ap(vdev);
	struct vfio_ap_guest *g;

	CLASS(vfio_ap_resets, rs)();
	scoped_guard(mutex, &vfio_ap.guests_lock) {
		g = m->guest;
		if (!g) {
			guard(mutex)(&vfio_ap.mdevs_lock);
			vfio_ap_set_trigger(&m->cfg_trigger, NULL);
			return;
		}
		vfio_ap_backend.guest_lock(g);
		vfio_ap_backend.guest_clear_hook(g);
		scoped_guard(mutex, &vfio_ap.mdevs_lock) {
			vfio_ap_backend.guest_clear_apcb(g);
			if (!vfio_ap_matrix_masks_empty(&m->shadow))
				vfio_ap_view_changed(m);
			vfio_ap_set_trigger(&m->cfg_trigger, NULL);
			vfio_ap_reset_mdev(m, &rs);
			vfio_ap_irq_sweep(m, true);
			m->guest = NULL;
		}
		vfio_ap_backend.guest_unlock(g);
	}
	vfio_ap_resets_wait(&rs);
	vfio_ap_backend.guest_close(g);
}

/*
 * Both info ioctls read the caller's fixed-size head, check that argsz
 * covers it and answer with a freshly built head: nothing of the caller's
 * but argsz (and the index asked for) goes back.
 */
static long vfio_ap_get_info(unsigned long arg)
{
	const size_t head = offsetofend(struct vfio_device_info, num_irqs);
	void __user *uarg = (void __user *)arg;
	struct vfio_device_info in;

	if (copy_from_user(&in, uarg, head))
		return -EFAULT;
	if (in.argsz < head)
		return -EINVAL;

	in = (struct vfio_device_info) {
		.argsz = in.argsz,
		.flags = VFIO_DEVICE_FLAGS_AP | VFIO_DEVICE_FLAGS_RESET,
		.num_regions = 0,	/* vfio-ap has no regions at all */
		.num_irqs = VFIO_AP_ZMDEV_NUM_IRQS,
	};
	return copy_to_user(uarg, &in, head) ? -EFAULT : 0;
}

static long vfio_ap_get_irq_info(unsigned long arg)
{
	const size_t head = offsetofend(struct vfio_irq_info, count);
	void __user *uarg = (void __user *)arg;
	struct vfio_irq_info in;

	if (copy_from_user(&in, uarg, head))
		return -EFAULT;
	if (in.argsz < head || in.index >= VFIO_AP_ZMDEV_NUM_IRQS)
		return -EINVAL;

	/* Both IRQs: one eventfd each. */
	in = (struct vfio_irq_info) {
		.argsz = in.argsz,
		.index = in.index,
		.flags = VFIO_IRQ_INFO_EVENTFD,
		.count = 1,
	};
	return copy_to_user(uarg, &in, head) ? -EFAULT : 0;
}

/*
 * Both IRQ indexes take the same requests and answer the same errors:
 * only ACTION_TRIGGER with DATA_EVENTFD, fd -1 to unset.
 */
static long vfio_ap_set_irqs(struct vfio_ap_mdev *m, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct eventfd_ctx *trigger, **slot;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	s32 fd;
	int ret;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	/* One interrupt per index, VFIO_AP_ZMDEV_NUM_IRQS indexes. */
	ret = vfio_set_irqs_validate_and_prepare(&hdr, 1,
						 VFIO_AP_ZMDEV_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	slot = hdr.index == VFIO_AP_CFG_CHG_IRQ_INDEX ? &m->cfg_trigger :
							  &m->req_trigger;
	if (!(hdr.flags & VFIO_IRQ_SET_ACTION_TRIGGER) ||
	    !(hdr.flags & VFIO_IRQ_SET_DATA_EVENTFD))
		return -EINVAL;
	if (get_user(fd, (s32 __user *)(arg + minsz)))
		return -EFAULT;

	if (fd == -1) {
		vfio_ap_set_trigger(slot, NULL);
		return 0;
	}
	if (fd < 0)
		return -EINVAL;
	trigger = eventfd_ctx_fdget(fd);
	if (IS_ERR(trigger))
		return PTR_ERR(trigger);
	vfio_ap_set_trigger(slot, trigger);
	return 0;
}

/*
 * Reset every queue, then filter again: an adapter with a queue whose
 * reset failed leaves the guest view (and its queues are reset again).
 * The resets are started under the update locks and waited for without
 * any lock.
 */
static long vfio_ap_reset_ioctl(struct vfio_ap_mdev *m)
{
	CLASS(vfio_ap_resets, rs)();
	int ret;

	scoped_class(vfio_ap_lock_mdev, l, m)
		vfio_ap_reset_mdev(m, &rs);
	ret = vfio_ap_resets_wait(&rs);
	scoped_class(vfio_ap_lock_mdev, l, m)
		vfio_ap_plug(m, &rs);
	vfio_ap_resets_wait(&rs);
	return ret;
}

static long vfio_ap_ioctl(struct vfio_device *vdev, unsigned int cmd,
			  unsigned long arg)
{
	struct vfio_ap_mdev *m = to_ap(vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return vfio_ap_get_info(arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vfio_ap_get_irq_info(arg);
	case VFIO_DEVICE_SET_IRQS:
		scoped_guard(mutex, &vfio_ap.mdevs_lock)
			return vfio_ap_set_irqs(m, arg);
		break;
	case VFIO_DEVICE_RESET:
		return vfio_ap_reset_ioctl(m);
	}
	return -EOPNOTSUPP;
}

/* Ask user space for the device back; mdevs_lock held. */
static void vfio_ap_request_signal(struct vfio_ap_mdev *m,
				   unsigned int count)
{
	struct vfio_device *vdev = &m->vdev;

	vfio_ap_assert_read_locked();
	if (m->req_trigger) {
		if (!(count % 10))
			dev_notice_ratelimited(vdev->dev,
					       "Relaying device request to user (#%u)\n",
					       count);
		eventfd_signal(m->req_trigger);
	} else if (count == 0) {
		dev_notice(vdev->dev,
			   "No device request registered, blocked until released by user\n");
	}
}

/*
 * The mdev is being removed while user space has the device open: on the
 * first call, take everything away from the guest (its view becomes empty,
 * its APCB is cleared and, the view having changed, the configuration
 * change IRQ is signalled; the queues it lost are reset as for any other
 * view change), then ask user space for the device through the request
 * IRQ. Both signals are sent under the same locks, the configuration change
 * first, so user space that sees the request already sees the empty
 * configuration. Later calls only repeat the request.
 */
static void vfio_ap_request(struct vfio_device *vdev, unsigned int count)
{
	struct vfio_ap_mdev *m = to_ap(vdev);

	CLASS(vfio_ap_resets, rs)();
	scoped_class(vfio_ap_lock_mdev, l, m) {
		if (!m->removing) {
			m->removing = true;
			vfio_ap_plug(m, &rs);
		}
		vfio_ap_request_signal(m, count);
	}
	vfio_ap_resets_wait(&rs);
}

static void vfio_ap_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	vfio_ap_irq_dma_unmap(to_ap(vdev), iova, length);
}

static const struct vfio_device_ops vfio_ap_vfio_ops = {
	.name = "vfio-ap",
	.init = vfio_ap_vdev_init,
	.release = vfio_ap_vdev_release,
	.open_device = vfio_ap_open_device,
	.close_device = vfio_ap_close_device,
	.ioctl = vfio_ap_ioctl,
	.request = vfio_ap_request,
	.dma_unmap = vfio_ap_dma_unmap,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

static int vfio_ap_mdev_probe(struct mdev_device *mdev)
{
	struct vfio_ap_mdev *m;
	int ret;

	m = vfio_alloc_device(vfio_ap_mdev, vdev, &mdev->dev,
			      &vfio_ap_vfio_ops);
	if (IS_ERR(m))
		return PTR_ERR(m);

	ret = vfio_register_emulated_iommu_dev(&m->vdev);
	if (ret) {
		vfio_put_device(&m->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, m);

	CLASS(vfio_ap_lock_mdev, l)(m);
	list_add_tail(&m->node, &vfio_ap.mdevs);
	return 0;
}

static void vfio_ap_mdev_remove(struct mdev_device *mdev)
{
	struct vfio_ap_mdev *m = dev_get_drvdata(&mdev->dev);

	/* Blocks until user space has closed the device. */
	vfio_unregister_group_dev(&m->vdev);

	CLASS(vfio_ap_resets, rs)();

	scoped_class(vfio_ap_lock_mdev, l, m) {
		vfio_ap_reset_mdev(m, &rs);
		vfio_ap_unlink_all(m);
		list_del(&m->node);
	}
	vfio_ap_resets_wait(&rs);
	vfio_put_device(&m->vdev);
}

struct mdev_driver vfio_ap_mdev_driver = {
	.device_api = VFIO_DEVICE_API_AP_STRING,
	.max_instances = VFIO_AP_MAX_MDEVS,
	.probe = vfio_ap_mdev_probe,
	.remove = vfio_ap_mdev_remove,
	.driver = {
		.name = VFIO_AP_MDEV_DRV_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = vfio_ap_mdev_groups,
	},
};

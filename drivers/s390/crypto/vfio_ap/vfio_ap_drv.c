// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap module: the /sys/devices/vfio_ap root with its "matrix" device
 * (the mdev parent), the queue driver registered on the AP bus through the
 * backend, and the mdev type vfio_ap-passthrough.
 *
 * The top of the module: it registers what the other files implement, and
 * none of them calls into it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/mdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "vfio_ap_private.h"

/* The features this implementation offers, as upstream names them. */
static ssize_t features_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "guest_matrix hotplug ap_config\n");
}
static DEVICE_ATTR_RO(features);

static struct attribute *vfio_ap_matrix_attrs[] = {
	&dev_attr_features.attr,
	NULL
};
ATTRIBUTE_GROUPS(vfio_ap_matrix);

/* The matrix bus has one device and one driver; no match: it binds. */
static const struct bus_type vfio_ap_matrix_bus = {
	.name = "matrix",
};

static struct device_driver vfio_ap_matrix_driver = {
	.name = VFIO_AP_DRV_NAME,
	.bus = &vfio_ap_matrix_bus,
	.suppress_bind_attrs = true,
	.dev_groups = vfio_ap_matrix_groups,
};

static void vfio_ap_matrix_release(struct device *dev)
{
	kfree(dev);
}

static struct vfio_ap_queue_driver vfio_ap_qdrv = {
	.name = VFIO_AP_DRV_NAME,
	.probe = vfio_ap_queue_probe,
	.remove = vfio_ap_queue_remove,
	.in_use = vfio_ap_in_use,
	.config_changed = vfio_ap_config_changed,
	.scan_complete = vfio_ap_scan_complete,
};

static struct mdev_type vfio_ap_passthrough = {
	.sysfs_name = "passthrough",
	.pretty_name = "VFIO AP Passthrough Device",
};

static struct mdev_type *vfio_ap_types[] = { &vfio_ap_passthrough };

static int vfio_ap_matrix_create(void)
{
	struct device *dev;
	int ret;

	vfio_ap.root = root_device_register(VFIO_AP_DRV_NAME);
	if (IS_ERR(vfio_ap.root))
		return PTR_ERR(vfio_ap.root);

	ret = bus_register(&vfio_ap_matrix_bus);
	if (ret)
		goto err_root;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		ret = -ENOMEM;
		goto err_bus;
	}
	dev->parent = vfio_ap.root;
	dev->bus = &vfio_ap_matrix_bus;
	dev->release = vfio_ap_matrix_release;
	dev_set_name(dev, "matrix");
	ret = device_register(dev);
	if (ret) {
		put_device(dev);
		goto err_bus;
	}
	vfio_ap.matrix_dev = dev;

	ret = driver_register(&vfio_ap_matrix_driver);
	if (ret)
		goto err_dev;
	return 0;

err_dev:
	device_unregister(vfio_ap.matrix_dev);
err_bus:
	bus_unregister(&vfio_ap_matrix_bus);
err_root:
	root_device_unregister(vfio_ap.root);
	return ret;
}

static void vfio_ap_matrix_destroy(void)
{
	driver_unregister(&vfio_ap_matrix_driver);
	device_unregister(vfio_ap.matrix_dev);
	bus_unregister(&vfio_ap_matrix_bus);
	root_device_unregister(vfio_ap.root);
}

/*
 * Without the QCI facility the cached configuration stays all zero; a QCI
 * that fails on a machine that has it fails the module load (AP-MOD-05).
 */
static int vfio_ap_read_host_config(void)
{
	int ret = vfio_ap_backend.qci(&vfio_ap.host);

	if (ret == -EOPNOTSUPP) {
		memset(&vfio_ap.host, 0, sizeof(vfio_ap.host));
		return 0;
	}
	if (ret)
		pr_err("Reading the AP configuration (QCI) failed: %d\n", ret);
	return ret;
}

static int __init vfio_ap_init(void)
{
	int ret;

	if (!vfio_ap_backend.available())
		return -ENODEV;
	ret = vfio_ap_read_host_config();
	if (ret)
		return ret;

	ret = vfio_ap_matrix_create();
	if (ret)
		return ret;

	vfio_ap_qdrv.dev_groups = vfio_ap_queue_groups;
	ret = vfio_ap_backend.driver_register(&vfio_ap_qdrv);
	if (ret)
		goto err_matrix;

	ret = mdev_register_driver(&vfio_ap_mdev_driver);
	if (ret)
		goto err_qdrv;

	ret = mdev_register_parent(&vfio_ap.parent, vfio_ap.matrix_dev,
				   &vfio_ap_mdev_driver, vfio_ap_types,
				   ARRAY_SIZE(vfio_ap_types));
	if (ret)
		goto err_mdrv;
	return 0;

err_mdrv:
	mdev_unregister_driver(&vfio_ap_mdev_driver);
err_qdrv:
	vfio_ap_backend.driver_unregister(&vfio_ap_qdrv);
err_matrix:
	vfio_ap_matrix_destroy();
	return ret;
}

static void __exit vfio_ap_exit(void)
{
	mdev_unregister_parent(&vfio_ap.parent);
	mdev_unregister_driver(&vfio_ap_mdev_driver);
	vfio_ap_backend.driver_unregister(&vfio_ap_qdrv);
	vfio_ap_matrix_destroy();
	WARN_ON(!xa_empty(&vfio_ap.queues));
	WARN_ON(!list_empty(&vfio_ap.irq_queues));
	xa_destroy(&vfio_ap.queues);
}

module_init(vfio_ap_init);
module_exit(vfio_ap_exit);

MODULE_DESCRIPTION("VFIO AP mediated device driver (zmdev)");
MODULE_LICENSE("GPL");

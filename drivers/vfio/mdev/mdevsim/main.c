// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim: a simulated mediated device (a small PCI DMA copy engine) that
 * exercises the mdev core, VFIO (container and iommufd paths), interrupts
 * and VFIO migration on any architecture. See
 * Documentation/admin-guide/zmdev/mdevsim.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "mdevsim.h"

static unsigned int nr_parents = 1;
module_param(nr_parents, uint, 0444);
MODULE_PARM_DESC(nr_parents, "parents created at load time (0..16, default 1)");

static int __init mdevsim_init(void)
{
	unsigned int i;
	int ret;

	if (nr_parents > MDEVSIM_MAX_PARENTS) {
		pr_err("nr_parents must be 0..%u\n", MDEVSIM_MAX_PARENTS);
		return -EINVAL;
	}

	mdevsim_debugfs_init();
	ret = mdev_register_driver(&mdevsim_mdev_driver);
	if (ret)
		goto err_debugfs;
	ret = mdevsim_bus_init();
	if (ret)
		goto err_mdev_driver;
	for (i = 0; i < nr_parents; i++) {
		ret = mdevsim_bus_add(i, MDEVSIM_DEFAULT_CAPACITY);
		if (ret) {
			pr_err("cannot create parent %u: %d\n", i, ret);
			goto err_bus;
		}
	}
	return 0;

err_bus:
	mdevsim_bus_exit();
err_mdev_driver:
	mdev_unregister_driver(&mdevsim_mdev_driver);
err_debugfs:
	mdevsim_debugfs_exit();
	return ret;
}

static void __exit mdevsim_exit(void)
{
	mdevsim_bus_exit();
	mdev_unregister_driver(&mdevsim_mdev_driver);
	mdevsim_debugfs_exit();
}

module_init(mdevsim_init);
module_exit(mdevsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated mediated device for testing mdev and VFIO");
MODULE_AUTHOR("zmdev developers <zmdev@lists.example.org>");

// SPDX-License-Identifier: GPL-2.0
/*
 * apsim: a simulated s390 AP (crypto) bus for testing vfio_ap without AP
 * hardware. See Documentation/admin-guide/zmdev/apsim.rst.
 *
 * Layers, each file using only those below it: apsim_qhw.c and
 * apsim_mask.c (pure queue model and mask parser), apsim_guest.c
 * (simulated KVM guests), apsim_hw.c (simulated instructions and their
 * debugfs knobs), apsim_dev.c (card and queue devices), apsim_bus.c (bus,
 * masks, drivers, commits and scans), apsim_testdrv.c (a stand-in for
 * vfio_ap's queue driver) and apsim_configfs.c (machine description),
 * and this file on top, which only loads and unloads the module.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>

#include "apsim_priv.h"

static struct dentry *apsim_debugfs;

static int __init apsim_init(void)
{
	int rc;

	apsim_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	rc = apsim_bus_init();
	if (rc)
		goto err_debugfs;
	apsim_bus_devices_init();
	apsim_hw_init(apsim_debugfs);
	apsim_guest_init(apsim_debugfs);
	apsim_testdrv_init(apsim_debugfs);
	rc = apsim_configfs_init();
	if (rc)
		goto err_devices;
	return 0;

err_devices:
	apsim_guest_exit();
	debugfs_remove_recursive(apsim_debugfs);
	apsim_testdrv_exit();
	apsim_bus_devices_exit();
	apsim_hw_exit();
	apsim_bus_exit();
	return rc;
err_debugfs:
	debugfs_remove_recursive(apsim_debugfs);
	return rc;
}

static void __exit apsim_exit(void)
{
	apsim_configfs_exit();
	/*
	 * Guests first: retiring one removes its debugfs directory, which
	 * must still exist then. The test driver may keep a guest (orphaned)
	 * until apsim_testdrv_exit() detaches it.
	 */
	apsim_guest_exit();
	debugfs_remove_recursive(apsim_debugfs);
	apsim_testdrv_exit();
	apsim_bus_devices_exit();
	apsim_hw_exit();
	apsim_bus_exit();
}

module_init(apsim_init);
module_exit(apsim_exit);

MODULE_DESCRIPTION("Simulated s390 AP (crypto) bus for vfio_ap tests");
MODULE_LICENSE("GPL");

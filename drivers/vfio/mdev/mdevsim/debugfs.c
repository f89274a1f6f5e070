// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim debugfs: one directory per parent with the fault knobs and the
 * pool usage, plus a global count of live objects for leak tests and the
 * module-wide fail_register knob (a parent's own directory only exists once
 * it is registered). The count and fail_register are defined here, below
 * every file that uses them. Knobs are plain u32 fields; each is consumed
 * in one place (mdevsim_parent_should_fail(), or mdevsim_parent_probe()
 * for fail_register).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>

#include "mdevsim.h"

/* Parents, mdevs, migration files and unmask eventfds currently alive. */
atomic_t mdevsim_live_objects = ATOMIC_INIT(0);
/* Knob: the next N parent registrations fail. */
u32 mdevsim_fail_register;

static struct dentry *mdevsim_droot;

/**
 * mdevsim_debugfs_init() - create /sys/kernel/debug/mdevsim
 *
 * debugfs is best effort: failures only lose the knobs.
 *
 * Return: 0.
 */
int mdevsim_debugfs_init(void)
{
	mdevsim_droot = debugfs_create_dir(MDEVSIM_DRV_NAME, NULL);
	debugfs_create_atomic_t("live_objects", 0444, mdevsim_droot,
				&mdevsim_live_objects);
	debugfs_create_u32("fail_register", 0600, mdevsim_droot,
			   &mdevsim_fail_register);
	return 0;
}

/**
 * mdevsim_debugfs_exit() - remove the whole debugfs tree
 */
void mdevsim_debugfs_exit(void)
{
	debugfs_remove_recursive(mdevsim_droot);
	mdevsim_droot = NULL;
}

/**
 * mdevsim_debugfs_parent_add() - create a parent's knob directory
 * @parent: the parent
 */
void mdevsim_debugfs_parent_add(struct mdevsim_parent *parent)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(&parent->dev), mdevsim_droot);
	parent->ddir = dir;
	debugfs_create_u32("fail_create", 0600, dir, &parent->fail_create);
	debugfs_create_u32("fail_open", 0600, dir, &parent->fail_open);
	debugfs_create_u32("fail_dma", 0600, dir, &parent->fail_dma);
	debugfs_create_u32("units_used", 0444, dir, &parent->units_used);
}

/**
 * mdevsim_debugfs_parent_del() - remove a parent's knob directory
 * @parent: the parent
 */
void mdevsim_debugfs_parent_del(struct mdevsim_parent *parent)
{
	debugfs_remove_recursive(parent->ddir);
	parent->ddir = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * apsim test driver: a non-default queue driver, registered on demand
 * through debugfs, that stands in for vfio_ap so that the bus's driver
 * interface (probe/remove of unowned queues, the in_use veto, the
 * configuration callbacks) can be tested without vfio_ap.
 *
 * debugfs apsim/test_driver/:
 *   enable	1 registers the driver "apsim_test", 0 unregisters it
 *   veto	1: in_use refuses any matrix containing a queue bound to it
 *   events	counters of every callback, and the masks the last
 *		configuration change reported
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "apsim_priv.h"

static DEFINE_MUTEX(apsim_td_lock);
static bool apsim_td_registered;
static bool apsim_td_veto;
static DECLARE_BITMAP(apsim_td_bound, APSIM_NR_APQNS);
static unsigned int apsim_td_probes, apsim_td_removes;
static unsigned int apsim_td_in_use, apsim_td_vetoed;
static unsigned int apsim_td_config_changed, apsim_td_scan_complete;
static struct apsim_config_info apsim_td_last_cur, apsim_td_last_prev;

static int apsim_td_probe(struct apsim_queue *q)
{
	guard(mutex)(&apsim_td_lock);
	apsim_td_probes++;
	__set_bit(q->apqn, apsim_td_bound);
	return 0;
}

static void apsim_td_remove(struct apsim_queue *q)
{
	guard(mutex)(&apsim_td_lock);
	apsim_td_removes++;
	__clear_bit(q->apqn, apsim_td_bound);
}

static int apsim_td_in_use_cb(unsigned long *apm, unsigned long *aqm)
{
	unsigned int apid, apqi;

	guard(mutex)(&apsim_td_lock);
	apsim_td_in_use++;
	if (!apsim_td_veto)
		return 0;
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		if (!apsim_test_id(apm, apid))
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			if (apsim_test_id(aqm, apqi) &&
			    test_bit(APSIM_APQN(apid, apqi), apsim_td_bound)) {
				apsim_td_vetoed++;
				return -EADDRINUSE;
			}
		}
	}
	return 0;
}

static void apsim_td_on_config_changed(struct apsim_config_info *cur,
				       struct apsim_config_info *prev)
{
	guard(mutex)(&apsim_td_lock);
	apsim_td_config_changed++;
	apsim_td_last_cur = *cur;
	apsim_td_last_prev = *prev;
}

static void apsim_td_on_scan_complete(struct apsim_config_info *cur,
				      struct apsim_config_info *prev)
{
	guard(mutex)(&apsim_td_lock);
	apsim_td_scan_complete++;
}

static struct apsim_driver apsim_test_driver = {
	.driver.name = "apsim_test",
	.probe = apsim_td_probe,
	.remove = apsim_td_remove,
	.in_use = apsim_td_in_use_cb,
	.on_config_changed = apsim_td_on_config_changed,
	.on_scan_complete = apsim_td_on_scan_complete,
};

/* Serialises register/unregister; apsim_td_lock is taken inside them. */
static DEFINE_MUTEX(apsim_td_reg_lock);

static ssize_t apsim_td_enable_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	bool on;
	int rc;

	rc = kstrtobool_from_user(ubuf, len, &on);
	if (rc)
		return rc;

	guard(mutex)(&apsim_td_reg_lock);
	if (on == apsim_td_registered)
		return len;
	if (on) {
		rc = apsim_driver_register(&apsim_test_driver);
		if (rc)
			return rc;
	} else {
		apsim_driver_unregister(&apsim_test_driver);
	}
	apsim_td_registered = on;
	return len;
}

static ssize_t apsim_td_enable_read(struct file *file, char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	char buf[3];

	scoped_guard(mutex, &apsim_td_reg_lock)
		snprintf(buf, sizeof(buf), "%d\n", apsim_td_registered);
	return simple_read_from_buffer(ubuf, len, ppos, buf, 2);
}

static const struct file_operations apsim_td_enable_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = apsim_td_enable_read,
	.write = apsim_td_enable_write,
	.llseek = default_llseek,
};

static ssize_t apsim_td_veto_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	bool on;
	int rc;

	rc = kstrtobool_from_user(ubuf, len, &on);
	if (rc)
		return rc;
	guard(mutex)(&apsim_td_lock);
	apsim_td_veto = on;
	return len;
}

static const struct file_operations apsim_td_veto_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = apsim_td_veto_write,
	.llseek = noop_llseek,
};

static int apsim_td_events_show(struct seq_file *sf, void *unused)
{
	char text[68];

	guard(mutex)(&apsim_td_lock);
	seq_printf(sf, "bound %u\nprobe %u\nremove %u\nin_use %u\nvetoed %u\n",
		   bitmap_weight(apsim_td_bound, APSIM_NR_APQNS),
		   apsim_td_probes, apsim_td_removes, apsim_td_in_use,
		   apsim_td_vetoed);
	seq_printf(sf, "config_changed %u\nscan_complete %u\n",
		   apsim_td_config_changed, apsim_td_scan_complete);
	apsim_format_mask(text, sizeof(text), apsim_td_last_cur.apm);
	seq_printf(sf, "cur_apm %s\n", text);
	apsim_format_mask(text, sizeof(text), apsim_td_last_cur.aqm);
	seq_printf(sf, "cur_aqm %s\n", text);
	apsim_format_mask(text, sizeof(text), apsim_td_last_cur.adm);
	seq_printf(sf, "cur_adm %s\n", text);
	apsim_format_mask(text, sizeof(text), apsim_td_last_prev.apm);
	seq_printf(sf, "prev_apm %s\n", text);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(apsim_td_events);

/**
 * apsim_testdrv_init() - create the test driver's debugfs files
 */
void apsim_testdrv_init(void)
{
	struct dentry *dir = debugfs_create_dir("test_driver", apsim_debugfs);

	debugfs_create_file("enable", 0600, dir, NULL, &apsim_td_enable_fops);
	debugfs_create_file("veto", 0200, dir, NULL, &apsim_td_veto_fops);
	debugfs_create_file("events", 0400, dir, NULL,
			    &apsim_td_events_fops);
}

/**
 * apsim_testdrv_exit() - unregister the test driver if it is registered
 *
 * Call after the debugfs files are gone, so that no write races with it.
 */
void apsim_testdrv_exit(void)
{
	guard(mutex)(&apsim_td_reg_lock);
	if (apsim_td_registered)
		apsim_driver_unregister(&apsim_test_driver);
	apsim_td_registered = false;
}

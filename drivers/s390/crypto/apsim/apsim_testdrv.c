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
 *   attach	"NAME": play vfio_ap towards guest NAME: install a PQAP hook
 *		that forwards AQIC of bound queues to apsim_aqic() (after the
 *		GISC registration and NIB sharing a real driver does), and
 *		load the bound queues as the guest's APCB; "-" detaches
 *
 * The guest's notification bytes all live in one page the test driver owns
 * for as long as it exists: a NIB's offset in its guest page selects the
 * byte, as pinning the guest page would.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "apsim_priv.h"

/*
 * apsim_td_lock protects the state below. The bus calls the driver's
 * callbacks with its own locks or the device core's held, so it is
 * innermost: nothing else is taken while it is held.
 */
static DEFINE_MUTEX(apsim_td_lock);
static bool apsim_td_registered;
static bool apsim_td_veto;
static DECLARE_BITMAP(apsim_td_bound, APSIM_NR_APQNS);
static unsigned int apsim_td_probes, apsim_td_removes;
static unsigned int apsim_td_in_use, apsim_td_vetoed;
static unsigned int apsim_td_config_changed, apsim_td_scan_complete;
static struct apsim_config_info apsim_td_last_cur, apsim_td_last_prev;
static struct apsim_guest *apsim_td_guest;
static struct page *apsim_td_nib_page;

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
		if (!ap_test_id(apm, apid))
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			if (ap_test_id(aqm, apqi) &&
			    test_bit(AP_APQN(apid, apqi), apsim_td_bound)) {
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

static void apsim_td_on_scan_complete(void)
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

static int apsim_td_pqap(void *ctx, u16 apqn, bool enable, u8 gisc, u64 nib,
			 struct apsim_qstatus *st)
{
	struct apsim_guest *g = ctx;
	bool bound;

	if (!apsim_guest_aiv(g))
		return -EOPNOTSUPP;
	scoped_guard(mutex, &apsim_td_lock)
		bound = test_bit(apqn, apsim_td_bound);
	if (!bound) {
		*st = (struct apsim_qstatus){ .rc = AP_RC_Q_NOT_AVAIL };
		return 0;
	}
	if (enable && (apsim_guest_nib_share(g, nib) ||
		       apsim_guest_gisc_register(g, gisc))) {
		*st = (struct apsim_qstatus){ .rc = AP_RC_INVALID_ADDRESS };
		return 0;
	}
	apsim_aqic(apqn, enable, gisc, apsim_guest_gisa(g),
		   nib && apsim_td_nib_page ?
		   page_to_phys(apsim_td_nib_page) + offset_in_page(nib) : 0,
		   st);
	if (enable && st->rc)
		apsim_guest_gisc_unregister(g, gisc);
	return 0;
}

/* Load the bound queues' adapters x domains as the guest's APCB. */
static void apsim_td_load_apcb(struct apsim_guest *g)
{
	DECLARE_BITMAP(apm, APSIM_NR_ADAPTERS);
	DECLARE_BITMAP(aqm, APSIM_NR_DOMAINS);
	unsigned int apqn;

	bitmap_zero(apm, APSIM_NR_ADAPTERS);
	bitmap_zero(aqm, APSIM_NR_DOMAINS);
	scoped_guard(mutex, &apsim_td_lock) {
		for_each_set_bit(apqn, apsim_td_bound, APSIM_NR_APQNS) {
			ap_set_id(apm, AP_APQN_APID(apqn));
			ap_set_id(aqm, AP_APQN_APQI(apqn));
		}
	}
	apsim_guest_set_apcb(g, apm, aqm, aqm);
}

/*
 * Serialises attach/detach and register/unregister. Outermost of the test
 * driver: held while the driver is (un)registered, which probes and
 * removes queues (apsim_td_lock), and while a guest is attached or
 * detached (the guest's locks).
 */
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

static int apsim_td_detach(void)
{
	DECLARE_BITMAP(none, APSIM_NR_ADAPTERS);
	struct apsim_guest *g = apsim_td_guest;

	if (!g)
		return -ENOENT;
	bitmap_zero(none, APSIM_NR_ADAPTERS);
	apsim_guest_lock(g);
	apsim_guest_clear_hook(g);
	apsim_guest_set_apcb(g, none, none, none);
	apsim_guest_unlock(g);
	apsim_guest_put(g);
	apsim_td_guest = NULL;
	return 0;
}

static ssize_t apsim_td_attach_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct apsim_guest *g;
	char name[64];
	int rc;

	if (len >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, ubuf, len))
		return -EFAULT;
	name[len] = '\0';
	strim(name);

	guard(mutex)(&apsim_td_reg_lock);
	if (!strcmp(name, "-")) {
		rc = apsim_td_detach();
		return rc ? rc : len;
	}
	g = apsim_guest_get(name);
	if (!g)
		return -EINVAL;
	if (apsim_td_guest && apsim_td_guest != g) {
		apsim_guest_put(g);
		return -EBUSY;
	}
	apsim_guest_lock(g);
	rc = apsim_guest_set_hook(g, apsim_td_pqap, g);
	if (!rc)
		apsim_td_load_apcb(g);
	apsim_guest_unlock(g);
	if (rc) {
		apsim_guest_put(g);
		return rc;
	}
	apsim_td_guest = g;
	return len;
}

static const struct file_operations apsim_td_attach_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = apsim_td_attach_write,
	.llseek = noop_llseek,
};

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
 * @parent:	apsim's debugfs directory
 */
void apsim_testdrv_init(struct dentry *parent)
{
	struct dentry *dir = debugfs_create_dir("test_driver", parent);

	/* Without the page every enabling AQIC answers 0x06. */
	apsim_td_nib_page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	debugfs_create_file("enable", 0600, dir, NULL, &apsim_td_enable_fops);
	debugfs_create_file("veto", 0200, dir, NULL, &apsim_td_veto_fops);
	debugfs_create_file("attach", 0200, dir, NULL, &apsim_td_attach_fops);
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
	apsim_td_detach();
	if (apsim_td_registered)
		apsim_driver_unregister(&apsim_test_driver);
	apsim_td_registered = false;
	/* Queues may still point at it; no interrupt can be triggered now. */
	if (apsim_td_nib_page)
		__free_page(apsim_td_nib_page);
	apsim_td_nib_page = NULL;
}

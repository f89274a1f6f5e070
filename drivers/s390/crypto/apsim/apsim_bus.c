// SPDX-License-Identifier: GPL-2.0
/*
 * apsim bus: the bus_type "ap", its root device /sys/devices/ap, the bus
 * attributes s390-tools read, the host-ownership masks apmask/aqmask, the
 * driver registration API, and the configuration commits and scans that
 * add and remove the devices (with apsim_dev.c's device model).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "apsim_priv.h"

/*
 * Host ownership: a queue whose adapter is in apmask and whose domain is in
 * aqmask belongs to the default (host) drivers, any other queue to the
 * non-default ones (vfio_ap). Both masks start full, as on a real system.
 * apsim_perms_mutex protects them. It ranks below apsim_commit_lock and the
 * device core's locks and above apsim_hw_lock; drivers' in_use callbacks
 * run with it held, and vfio_ap holds it (apsim_perms_lock()) around its
 * own checks of the masks.
 */
static DEFINE_MUTEX(apsim_perms_mutex);
static DECLARE_BITMAP(apsim_apmask, APSIM_NR_ADAPTERS);
static DECLARE_BITMAP(apsim_aqmask, APSIM_NR_DOMAINS);

static char *apsim_apmask_param;
module_param_named(apmask, apsim_apmask_param, charp, 0440);
MODULE_PARM_DESC(apmask, "Initial apmask, in the sysfs syntax applied to an empty mask (default: all adapters)");

static char *apsim_aqmask_param;
module_param_named(aqmask, apsim_aqmask_param, charp, 0440);
MODULE_PARM_DESC(aqmask, "Initial aqmask, in the sysfs syntax applied to an empty mask (default: all domains)");

static int apsim_default_domain = -1;
static unsigned int apsim_config_time = 30;
static bool apsim_poll_thread;
static u64 apsim_poll_timeout = 250000;

static struct device *apsim_root;
static const struct bus_type apsim_bus_type;

/**
 * apsim_perms_lock() - take the lock that protects apmask and aqmask
 *
 * vfio_ap holds it while it checks an assignment against the masks, which
 * makes the check and a concurrent mask change mutually exclusive. It is
 * also held while the bus calls the drivers' in_use callbacks.
 *
 * Context: process context; sleeps.
 */
void apsim_perms_lock(void)
{
	mutex_lock(&apsim_perms_mutex);
}
EXPORT_SYMBOL_GPL(apsim_perms_lock);

/**
 * apsim_perms_unlock() - release the lock taken by apsim_perms_lock()
 */
void apsim_perms_unlock(void)
{
	mutex_unlock(&apsim_perms_mutex);
}
EXPORT_SYMBOL_GPL(apsim_perms_unlock);

/**
 * apsim_apqns_owned_by_host() - does a matrix contain a host-owned queue?
 * @apm:	adapters (256-bit architected mask)
 * @aqm:	domains
 *
 * Context: apsim_perms_lock() held.
 * Return: true if some adapter of @apm in apmask pairs with some domain of
 * @aqm in aqmask.
 */
bool apsim_apqns_owned_by_host(const unsigned long *apm,
			       const unsigned long *aqm)
{
	lockdep_assert_held(&apsim_perms_mutex);
	return bitmap_intersects(apm, apsim_apmask, APSIM_NR_ADAPTERS) &&
	       bitmap_intersects(aqm, apsim_aqmask, APSIM_NR_DOMAINS);
}
EXPORT_SYMBOL_GPL(apsim_apqns_owned_by_host);

static bool apsim_queue_host_owned(const struct apsim_queue *q)
{
	guard(mutex)(&apsim_perms_mutex);
	return ap_test_id(apsim_apmask, AP_APQN_APID(q->apqn)) &&
	       ap_test_id(apsim_aqmask, AP_APQN_APQI(q->apqn));
}

/* The host driver: keeps cards and host-owned queues bound. */
static int apsim_host_probe(struct apsim_queue *q)
{
	return 0;
}

static struct apsim_driver apsim_host_driver = {
	.driver.name = "apsim_host",
	.flags = APSIM_DRIVER_DEFAULT,
	.probe = apsim_host_probe,
};

static int apsim_bus_match(struct device *dev, const struct device_driver *drv)
{
	const struct apsim_driver *adrv = to_apsim_driver(drv);
	u8 hwtype;

	/* Cards are only ever bound to the host driver. */
	if (!apsim_is_queue(dev))
		return drv == &apsim_host_driver.driver;
	if (!adrv->min_hwtype && !adrv->max_hwtype)
		return 1;
	hwtype = to_apsim_queue(dev)->hwtype;
	return hwtype >= adrv->min_hwtype && hwtype <= adrv->max_hwtype;
}

static int apsim_bus_probe(struct device *dev)
{
	struct apsim_driver *drv = to_apsim_driver(dev->driver);
	struct apsim_queue *q;
	bool host, is_default;

	if (!apsim_is_queue(dev))
		return 0;

	q = to_apsim_queue(dev);
	host = apsim_queue_host_owned(q);
	is_default = drv->flags & APSIM_DRIVER_DEFAULT;
	if (host != is_default)
		return -ENODEV;
	return drv->probe ? drv->probe(q) : 0;
}

static void apsim_bus_remove(struct device *dev)
{
	struct apsim_driver *drv = to_apsim_driver(dev->driver);

	if (apsim_is_queue(dev) && drv->remove)
		drv->remove(to_apsim_queue(dev));
}

/* Callbacks are only made to drivers whose module can be pinned. */
struct apsim_drv_call {
	struct apsim_config_info *cur;
	struct apsim_config_info *prev;
	unsigned long *apm;
	unsigned long *aqm;
	bool scan_complete;
};

static int apsim_call_config(struct device_driver *d, void *data)
{
	struct apsim_driver *drv = to_apsim_driver(d);
	struct apsim_drv_call *c = data;

	if (!try_module_get(d->owner))
		return 0;
	if (c->scan_complete && drv->on_scan_complete)
		drv->on_scan_complete();
	else if (!c->scan_complete && drv->on_config_changed)
		drv->on_config_changed(c->cur, c->prev);
	module_put(d->owner);
	return 0;
}

/* Tell every driver the configuration changed, from @prev to @cur. */
static void apsim_drivers_config_changed(struct apsim_config_info *cur,
					 struct apsim_config_info *prev)
{
	struct apsim_drv_call c = { .cur = cur, .prev = prev };

	bus_for_each_drv(&apsim_bus_type, NULL, &c, apsim_call_config);
}

/* Tell every driver that the devices are in line with the configuration. */
static void apsim_drivers_scan_complete(void)
{
	struct apsim_drv_call c = { .scan_complete = true };

	bus_for_each_drv(&apsim_bus_type, NULL, &c, apsim_call_config);
}

/*
 * Keep the default domain (ap_domain) usable, as the real bus does at its
 * scans: if no default domain is chosen yet, or the chosen one left the
 * configuration @info, take the lowest configured usage domain the host
 * owns (or none).
 */
static void apsim_select_domain(const struct apsim_config_info *info)
{
	int cur = READ_ONCE(apsim_default_domain);
	unsigned int dom;

	if (cur >= 0 && ap_test_id(info->aqm, cur))
		return;
	guard(mutex)(&apsim_perms_mutex);
	for (dom = 0; dom <= info->nd && dom < APSIM_NR_DOMAINS; dom++) {
		if (ap_test_id(info->aqm, dom) &&
		    ap_test_id(apsim_aqmask, dom)) {
			WRITE_ONCE(apsim_default_domain, dom);
			return;
		}
	}
	WRITE_ONCE(apsim_default_domain, -1);
}

/*
 * Scans. apsim_commit_lock serialises configuration changes, scans and
 * the walks that rebind devices; it protects the configurations and the
 * scan count below, and through apsim_dev_scan() the set of devices.
 * Lock order: apsim_commit_lock, then the device core's locks, then
 * apsim_perms_mutex and apsim_hw_lock.
 */
static DEFINE_MUTEX(apsim_commit_lock);
static struct apsim_machine apsim_cur;
static struct apsim_machine apsim_prev;
static struct apsim_config_info apsim_cb_cur, apsim_cb_prev;
static u64 apsim_scans;

static void apsim_scan(void)
{
	lockdep_assert_held(&apsim_commit_lock);
	apsim_dev_scan(&apsim_cur, &apsim_bus_type, apsim_root);
	apsim_scans++;
}

static int apsim_check_machine(const struct apsim_machine *m)
{
	const struct apsim_config_info *info = &m->info;
	unsigned int na = info->apxa ? info->na : min(info->na, 63);
	unsigned int nd = info->apxa ? info->nd : min(info->nd, 15);
	unsigned int id;

	for (id = 0; id < APSIM_NR_ADAPTERS; id++) {
		if (ap_test_id(info->apm, id) &&
		    (id > na || m->hwtype[id] < APSIM_HWTYPE_CEX3A ||
		     m->hwtype[id] > APSIM_HWTYPE_CEX9 ||
		     m->mode[id] > APSIM_MODE_EP11))
			return -EINVAL;
		if ((ap_test_id(info->aqm, id) ||
		     ap_test_id(info->adm, id)) && id > nd)
			return -EINVAL;
	}
	return 0;
}

/**
 * apsim_commit() - make a configuration the machine's configuration
 * @m:	the new configuration
 *
 * If it differs from the current one, every driver's on_config_changed()
 * runs first, then the devices of removed adapters and domains are
 * unregistered and those of added ones registered, then every driver's
 * on_scan_complete() runs. The function returns when all of that is done.
 *
 * Return: 0, -EINVAL if an ID exceeds the machine's limits or an adapter
 * has no valid type, -ENOMEM.
 */
int apsim_commit(const struct apsim_machine *m)
{
	bool changed;
	int rc;

	rc = apsim_check_machine(m);
	if (rc)
		return rc;

	guard(mutex)(&apsim_commit_lock);
	rc = apsim_hw_sync(&m->info);
	if (rc)
		return rc;
	apsim_prev = apsim_cur;
	apsim_cur = *m;
	apsim_hw_set_config(&apsim_cur);

	changed = memcmp(&apsim_prev.info, &apsim_cur.info,
			 sizeof(apsim_cur.info));
	if (changed) {
		apsim_cb_cur = apsim_cur.info;
		apsim_cb_prev = apsim_prev.info;
		apsim_drivers_config_changed(&apsim_cb_cur, &apsim_cb_prev);
	}
	apsim_scan();
	apsim_select_domain(&apsim_cur.info);
	if (changed)
		apsim_drivers_scan_complete();
	return 0;
}

/*
 * Scan again without a configuration change: re-registers devices that
 * failed to register before; counts as a scan.
 */
static void apsim_rescan(void)
{
	guard(mutex)(&apsim_commit_lock);
	apsim_scan();
}

/*
 * Walk the bus while no scan is adding devices; stops at the first
 * non-zero value of @fn and returns it.
 *
 * Rebinding walks the bus and reprobes devices. Run beside a scan, it
 * could probe a device that device_add() has published but not yet made
 * ready; the driver core then keeps a deferred-probe reason for a device
 * that is never on the deferred list, and that string is leaked. Holding
 * apsim_commit_lock keeps scans out for the whole walk.
 */
static int apsim_walk_devices(void *data,
			      int (*fn)(struct device *dev, void *data))
{
	guard(mutex)(&apsim_commit_lock);
	return bus_for_each_dev(&apsim_bus_type, NULL, data, fn);
}

/* The number of scans done so far, as /sys/bus/ap/scans shows it. */
static u64 apsim_scan_count(void)
{
	guard(mutex)(&apsim_commit_lock);
	return apsim_scans;
}

/**
 * apsim_bus_devices_init() - set up the empty initial configuration
 *
 * The machine starts with APXA and the maximal IDs but without adapters
 * or domains; one scan is counted, as the real bus scans once at start.
 * Call after apsim_bus_init().
 */
void apsim_bus_devices_init(void)
{
	struct apsim_machine *m = &apsim_cur;

	guard(mutex)(&apsim_commit_lock);
	memset(m, 0, sizeof(*m));
	m->info.apxa = true;
	m->info.na = APSIM_NR_ADAPTERS - 1;
	m->info.nd = APSIM_NR_DOMAINS - 1;
	apsim_hw_set_config(m);
	apsim_scan();
}

/**
 * apsim_bus_devices_exit() - unregister every card and queue device
 */
void apsim_bus_devices_exit(void)
{
	guard(mutex)(&apsim_commit_lock);
	bitmap_zero(apsim_cur.info.apm, APSIM_NR_ADAPTERS);
	bitmap_zero(apsim_cur.info.aqm, APSIM_NR_DOMAINS);
	apsim_scan();
}

static int apsim_call_in_use(struct device_driver *d, void *data)
{
	struct apsim_driver *drv = to_apsim_driver(d);
	struct apsim_drv_call *c = data;
	int rc = 0;

	if (!drv->in_use || !try_module_get(d->owner))
		return 0;
	if (drv->in_use(c->apm, c->aqm))
		rc = -EBUSY;
	module_put(d->owner);
	return rc;
}

/* Move every queue whose binding contradicts the masks to the right side. */
static int apsim_revise_binding(struct device *dev, void *unused)
{
	struct apsim_driver *drv;
	bool host, is_default;
	int rc;

	if (!apsim_is_queue(dev))
		return 0;
	host = apsim_queue_host_owned(to_apsim_queue(dev));
	scoped_guard(device, dev) {
		drv = dev->driver ? to_apsim_driver(dev->driver) : NULL;
		is_default = drv && (drv->flags & APSIM_DRIVER_DEFAULT);
	}
	if (host == is_default)
		return 0;
	rc = device_reprobe(dev);
	if (rc)
		dev_warn(dev, "rebinding failed: %d\n", rc);
	return 0;
}

static void apsim_mask_uevent(const char *name, const unsigned long *mask)
{
	char env[96];
	char *envp[2];
	int n;

	/* Same text as the real AP bus, trailing newline included. */
	n = snprintf(env, sizeof(env), "%s=", name);
	n += apsim_format_mask(env + n, sizeof(env) - n, mask);
	snprintf(env + n, sizeof(env) - n, "\n");
	envp[0] = env;
	envp[1] = NULL;
	kobject_uevent_env(&apsim_root->kobj, KOBJ_CHANGE, envp);
}

/*
 * Parse @buf against @mask (apmask or aqmask); on a change ask the drivers
 * whether the queues newly given to the host are free, then commit, rebind
 * and announce it.
 */
static ssize_t apsim_mask_store(const char *buf, size_t count,
				unsigned long *mask, const char *name)
{
	DECLARE_BITMAP(newmask, APSIM_NR_ADAPTERS);
	DECLARE_BITMAP(added, APSIM_NR_ADAPTERS);
	bool is_apmask = mask == apsim_apmask;
	struct apsim_drv_call c;
	int rc;

	scoped_cond_guard(mutex_intr, return -ERESTARTSYS, &apsim_perms_mutex) {
		bitmap_copy(newmask, mask, APSIM_NR_ADAPTERS);
		rc = apsim_parse_mask(buf, newmask, APSIM_NR_ADAPTERS);
		if (rc)
			return rc;
		if (bitmap_equal(newmask, mask, APSIM_NR_ADAPTERS))
			return count;
		if (bitmap_andnot(added, newmask, mask, APSIM_NR_ADAPTERS)) {
			c.apm = is_apmask ? added : apsim_apmask;
			c.aqm = is_apmask ? apsim_aqmask : added;
			rc = bus_for_each_drv(&apsim_bus_type, NULL, &c,
					      apsim_call_in_use);
			if (rc)
				return rc;
		}
		bitmap_copy(mask, newmask, APSIM_NR_ADAPTERS);
	}

	apsim_walk_devices(NULL, apsim_revise_binding);
	apsim_mask_uevent(name, newmask);
	return count;
}

static ssize_t apsim_mask_show(char *buf, const unsigned long *mask)
{
	char text[68];

	scoped_cond_guard(mutex_intr, return -ERESTARTSYS, &apsim_perms_mutex)
		apsim_format_mask(text, sizeof(text), mask);
	return sysfs_emit(buf, "%s\n", text);
}

static ssize_t apmask_show(const struct bus_type *bus, char *buf)
{
	return apsim_mask_show(buf, apsim_apmask);
}

static ssize_t apmask_store(const struct bus_type *bus, const char *buf,
			    size_t count)
{
	return apsim_mask_store(buf, count, apsim_apmask, "APMASK");
}
static BUS_ATTR_RW(apmask);

static ssize_t aqmask_show(const struct bus_type *bus, char *buf)
{
	return apsim_mask_show(buf, apsim_aqmask);
}

static ssize_t aqmask_store(const struct bus_type *bus, const char *buf,
			    size_t count)
{
	return apsim_mask_store(buf, count, apsim_aqmask, "AQMASK");
}
static BUS_ATTR_RW(aqmask);

static ssize_t ap_domain_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(apsim_default_domain));
}

static ssize_t ap_domain_store(const struct bus_type *bus, const char *buf,
			       size_t count)
{
	struct apsim_config_info info;
	unsigned int dom;
	int rc;

	rc = kstrtouint(buf, 0, &dom);
	if (rc)
		return -EINVAL;
	apsim_hw_config_info(&info);
	if (dom > info.nd || dom >= APSIM_NR_DOMAINS)
		return -EINVAL;
	scoped_guard(mutex, &apsim_perms_mutex)
		if (!ap_test_id(apsim_aqmask, dom))
			return -EINVAL;
	WRITE_ONCE(apsim_default_domain, dom);
	return count;
}
static BUS_ATTR_RW(ap_domain);

static ssize_t apsim_qci_mask_show(char *buf, unsigned int which)
{
	struct apsim_config_info info;
	const unsigned long *masks[] = { info.apm, info.aqm, info.adm };
	char text[68];

	apsim_hw_config_info(&info);
	apsim_format_mask(text, sizeof(text), masks[which]);
	return sysfs_emit(buf, "%s\n", text);
}

static ssize_t ap_adapter_mask_show(const struct bus_type *bus, char *buf)
{
	return apsim_qci_mask_show(buf, 0);
}
static BUS_ATTR_RO(ap_adapter_mask);

static ssize_t ap_usage_domain_mask_show(const struct bus_type *bus, char *buf)
{
	return apsim_qci_mask_show(buf, 1);
}
static BUS_ATTR_RO(ap_usage_domain_mask);

static ssize_t ap_control_domain_mask_show(const struct bus_type *bus,
					   char *buf)
{
	return apsim_qci_mask_show(buf, 2);
}
static BUS_ATTR_RO(ap_control_domain_mask);

static ssize_t ap_max_adapter_id_show(const struct bus_type *bus, char *buf)
{
	struct apsim_config_info info;

	apsim_hw_config_info(&info);
	return sysfs_emit(buf, "%u\n", info.na);
}
static BUS_ATTR_RO(ap_max_adapter_id);

static ssize_t ap_max_domain_id_show(const struct bus_type *bus, char *buf)
{
	struct apsim_config_info info;

	apsim_hw_config_info(&info);
	return sysfs_emit(buf, "%u\n", info.nd);
}
static BUS_ATTR_RO(ap_max_domain_id);

static ssize_t ap_interrupts_show(const struct bus_type *bus, char *buf)
{
	/* Simulated queues never raise adapter interruptions on the host. */
	return sysfs_emit(buf, "0\n");
}
static BUS_ATTR_RO(ap_interrupts);

static ssize_t config_time_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(apsim_config_time));
}

static ssize_t config_time_store(const struct bus_type *bus, const char *buf,
				 size_t count)
{
	unsigned int t;

	/* Kept for tools; apsim scans only when its configuration changes. */
	if (kstrtouint(buf, 0, &t) || t < 5 || t > 120)
		return -EINVAL;
	WRITE_ONCE(apsim_config_time, t);
	return count;
}
static BUS_ATTR_RW(config_time);

static ssize_t poll_thread_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(apsim_poll_thread));
}

static ssize_t poll_thread_store(const struct bus_type *bus, const char *buf,
				 size_t count)
{
	bool on;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	WRITE_ONCE(apsim_poll_thread, on);
	return count;
}
static BUS_ATTR_RW(poll_thread);

static ssize_t poll_timeout_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(apsim_poll_timeout));
}

static ssize_t poll_timeout_store(const struct bus_type *bus, const char *buf,
				  size_t count)
{
	u64 ns;

	if (kstrtou64(buf, 0, &ns) || !ns || ns > 120000000000ULL)
		return -EINVAL;
	WRITE_ONCE(apsim_poll_timeout, ns);
	return count;
}
static BUS_ATTR_RW(poll_timeout);

static ssize_t scans_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%llu\n", apsim_scan_count());
}

static ssize_t scans_store(const struct bus_type *bus, const char *buf,
			   size_t count)
{
	apsim_rescan();
	return count;
}
static BUS_ATTR_RW(scans);

static int apsim_count_bound(struct device *dev, void *data)
{
	unsigned int *n = data;

	if (!apsim_is_queue(dev))
		return 0;
	n[0]++;
	scoped_guard(device, dev)
		if (dev->driver)
			n[1]++;
	return 0;
}

static ssize_t bindings_show(const struct bus_type *bus, char *buf)
{
	unsigned int n[2] = { 0, 0 };

	bus_for_each_dev(&apsim_bus_type, NULL, n, apsim_count_bound);
	return sysfs_emit(buf, "%u/%u%s\n", n[1], n[0],
			  apsim_scan_count() && n[0] == n[1] ?
			  " (complete)" : "");
}
static BUS_ATTR_RO(bindings);

static ssize_t features_show(const struct bus_type *bus, char *buf)
{
	struct apsim_config_info info;

	apsim_hw_config_info(&info);
	return sysfs_emit(buf, "%s\n", info.apxa ? "APXA QACT" : "QACT");
}
static BUS_ATTR_RO(features);

static struct attribute *apsim_bus_attrs[] = {
	&bus_attr_ap_domain.attr,
	&bus_attr_ap_control_domain_mask.attr,
	&bus_attr_ap_usage_domain_mask.attr,
	&bus_attr_ap_adapter_mask.attr,
	&bus_attr_ap_interrupts.attr,
	&bus_attr_config_time.attr,
	&bus_attr_poll_thread.attr,
	&bus_attr_poll_timeout.attr,
	&bus_attr_ap_max_domain_id.attr,
	&bus_attr_ap_max_adapter_id.attr,
	&bus_attr_apmask.attr,
	&bus_attr_aqmask.attr,
	&bus_attr_scans.attr,
	&bus_attr_bindings.attr,
	&bus_attr_features.attr,
	NULL,
};
ATTRIBUTE_GROUPS(apsim_bus);

static const struct bus_type apsim_bus_type = {
	.name = "ap",
	.bus_groups = apsim_bus_groups,
	.match = apsim_bus_match,
	.uevent = apsim_dev_uevent,
	.probe = apsim_bus_probe,
	.remove = apsim_bus_remove,
};

/**
 * __apsim_driver_register() - register a queue driver on the simulated bus
 * @drv:	the driver; .driver.name and the callbacks must be set
 * @owner:	the module providing it (THIS_MODULE via the wrapper macro)
 *
 * Queues are offered to it right away (see &struct apsim_driver for which).
 *
 * Return: 0 or the errno of driver_register().
 */
int __apsim_driver_register(struct apsim_driver *drv, struct module *owner)
{
	drv->driver.bus = &apsim_bus_type;
	drv->driver.owner = owner;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__apsim_driver_register);

/**
 * apsim_driver_unregister() - unregister a driver; its queues are unbound
 * @drv:	the driver
 */
void apsim_driver_unregister(struct apsim_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(apsim_driver_unregister);

/* A module parameter mask applies to an empty mask; no parameter: full. */
static int apsim_init_mask(unsigned long *mask, const char *param,
			   const char *name)
{
	int rc;

	if (!param) {
		bitmap_fill(mask, APSIM_NR_ADAPTERS);
		return 0;
	}
	bitmap_zero(mask, APSIM_NR_ADAPTERS);
	rc = apsim_parse_mask(param, mask, APSIM_NR_ADAPTERS);
	if (rc)
		pr_err("invalid %s=%s\n", name, param);
	return rc;
}

/**
 * apsim_bus_init() - set the masks, register the bus, root and host driver
 *
 * Return: 0, -EINVAL for a bad apmask= or aqmask= parameter, or the errno
 * of a registration; nothing stays registered on failure.
 */
int apsim_bus_init(void)
{
	int rc;

	rc = apsim_init_mask(apsim_apmask, apsim_apmask_param, "apmask");
	if (rc)
		return rc;
	rc = apsim_init_mask(apsim_aqmask, apsim_aqmask_param, "aqmask");
	if (rc)
		return rc;

	rc = bus_register(&apsim_bus_type);
	if (rc)
		return rc;
	apsim_root = root_device_register("ap");
	if (IS_ERR(apsim_root)) {
		rc = PTR_ERR(apsim_root);
		goto err_bus;
	}
	/*
	 * The driver core drops uevents of devices without bus or class.
	 * Point the root at the bus (it is not added to it) so that the
	 * mask uevents reach user space, with SUBSYSTEM=ap as on real iron.
	 */
	apsim_root->bus = &apsim_bus_type;
	rc = apsim_driver_register(&apsim_host_driver);
	if (rc)
		goto err_root;
	return 0;

err_root:
	apsim_root->bus = NULL;
	root_device_unregister(apsim_root);
err_bus:
	bus_unregister(&apsim_bus_type);
	return rc;
}

/**
 * apsim_bus_exit() - undo apsim_bus_init(); all devices must be gone
 */
void apsim_bus_exit(void)
{
	apsim_driver_unregister(&apsim_host_driver);
	apsim_root->bus = NULL;
	root_device_unregister(apsim_root);
	bus_unregister(&apsim_bus_type);
}

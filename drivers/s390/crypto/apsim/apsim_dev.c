// SPDX-License-Identifier: GPL-2.0
/*
 * apsim devices: the card devices "cardXX" under /sys/devices/ap and their
 * queue devices "XX.YYYY", their attributes, and the scan that brings the
 * set of devices in line with a committed configuration.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/xarray.h>

#include "apsim_priv.h"

/**
 * struct apsim_card - a card device "cardXX"
 * @dev:	the device, child of /sys/devices/ap
 * @apid:	adapter number
 * @hwtype:	hardware type
 * @mode:	mode
 * @online:	software online state (the online attribute)
 */
struct apsim_card {
	struct device dev;
	u8 apid;
	u8 hwtype;
	enum apsim_mode mode;
	bool online;
};

#define to_apsim_card(d) container_of_const(d, struct apsim_card, dev)

/* Queue devices carry their own online flag next to the public part. */
struct apsim_qdev {
	struct apsim_queue q;
	bool online;
};

#define to_apsim_qdev(d) container_of_const(to_apsim_queue(d), \
					    struct apsim_qdev, q)

/*
 * apsim_commit_lock serialises configuration changes and device scans;
 * it protects everything below. Lock order: apsim_commit_lock, then the
 * device core's locks, then apsim_perms_mutex and apsim_hw_lock.
 */
static DEFINE_MUTEX(apsim_commit_lock);
static struct apsim_machine apsim_cur;
static struct apsim_machine apsim_prev;
static struct apsim_config_info apsim_cb_cur, apsim_cb_prev;
static struct apsim_card *apsim_cards[APSIM_NR_ADAPTERS];
static DEFINE_XARRAY(apsim_qdevs);
static u64 apsim_scans;

static const struct device_type apsim_card_type;
static const struct device_type apsim_queue_type;

/**
 * apsim_is_queue() - is a device on the bus a queue (not a card)?
 * @dev:	a device on the apsim bus
 *
 * Return: true for a queue device.
 */
bool apsim_is_queue(const struct device *dev)
{
	return dev->type == &apsim_queue_type;
}

static const struct apsim_card *apsim_dev_card(const struct device *dev)
{
	return apsim_is_queue(dev) ? to_apsim_card(dev->parent) :
				     to_apsim_card(dev);
}

static const char * const apsim_mode_env[] = {
	[APSIM_MODE_ACCEL] = "MODE=accel",
	[APSIM_MODE_CCA] = "MODE=cca",
	[APSIM_MODE_EP11] = "MODE=ep11",
};

/**
 * apsim_dev_uevent() - uevent variables of cards and queues
 * @dev:	the device
 * @env:	the environment to add to
 *
 * Return: 0 or -ENOMEM.
 */
int apsim_dev_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	const struct apsim_card *card;
	int rc;

	/* The root device /sys/devices/ap also reports to the bus. */
	if (dev->type != &apsim_card_type && dev->type != &apsim_queue_type)
		return 0;
	card = apsim_dev_card(dev);
	rc = add_uevent_var(env, "DEV_TYPE=%04X", card->hwtype);
	if (rc)
		return rc;
	rc = add_uevent_var(env, "MODALIAS=ap:t%02X", card->hwtype);
	if (rc)
		return rc;
	return add_uevent_var(env, "%s", apsim_mode_env[card->mode]);
}

/* Attributes common to cards and queues */

static ssize_t ap_functions_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%08X\n",
			  apsim_mode_functions(apsim_dev_card(dev)->mode));
}
static DEVICE_ATTR_RO(ap_functions);

static ssize_t zero_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0\n");
}

static struct device_attribute dev_attr_request_count =
	__ATTR(request_count, 0444, zero_show, NULL);
static struct device_attribute dev_attr_requestq_count =
	__ATTR(requestq_count, 0444, zero_show, NULL);
static struct device_attribute dev_attr_pendingq_count =
	__ATTR(pendingq_count, 0444, zero_show, NULL);

static bool *apsim_online_flag(struct device *dev)
{
	if (apsim_is_queue(dev))
		return &to_apsim_qdev(dev)->online;
	return &to_apsim_card(dev)->online;
}

static ssize_t online_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(*apsim_online_flag(dev)));
}

static ssize_t online_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	bool on;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	WRITE_ONCE(*apsim_online_flag(dev), on);
	return count;
}
static DEVICE_ATTR_RW(online);

/* Card attributes */

static ssize_t hwtype_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%u\n", to_apsim_card(dev)->hwtype);
}
static DEVICE_ATTR_RO(hwtype);

static struct device_attribute dev_attr_raw_hwtype =
	__ATTR(raw_hwtype, 0444, hwtype_show, NULL);

static ssize_t type_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	const struct apsim_card *card = to_apsim_card(dev);
	char name[8];

	apsim_format_type(name, sizeof(name), card->hwtype, card->mode);
	return sysfs_emit(buf, "%s\n", name);
}
static DEVICE_ATTR_RO(type);

static ssize_t depth_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", APSIM_DEPTH);
}
static DEVICE_ATTR_RO(depth);

static ssize_t max_msg_size_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", APSIM_MAX_MSG_SIZE);
}
static DEVICE_ATTR_RO(max_msg_size);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "ap:t%02X\n", to_apsim_card(dev)->hwtype);
}
static DEVICE_ATTR_RO(modalias);

/*
 * A queue reports what its sticky response code (debugfs queue_ctl) makes
 * it; cards are never check-stopped.
 */
static u8 apsim_card_rc(struct device *dev)
{
	if (apsim_is_queue(dev))
		return apsim_hw_sticky_rc(to_apsim_queue(dev)->apqn);
	return 0;
}

static ssize_t config_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	bool on = apsim_hw_adapter_config(apsim_dev_card(dev)->apid) &&
		  apsim_card_rc(dev) != APSIM_RC_DECONFIGURED;

	return sysfs_emit(buf, "%d\n", on);
}

/*
 * Only a card's config is writable: 0 deconfigures the adapter, 1
 * configures it again (what chzcrypt --config-off / --config-on ask the
 * real bus for); the card gets a change uevent with CONFIG=0 or 1.
 */
static ssize_t config_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	const struct apsim_card *card = to_apsim_card(dev);
	char env[16];
	char *envp[2];
	int on, rc;

	rc = kstrtoint(buf, 10, &on);
	if (rc || on < 0 || on > 1)
		return -EINVAL;
	apsim_hw_set_adapter_config(card->apid, on);
	snprintf(env, sizeof(env), "CONFIG=%d", on);
	envp[0] = env;
	envp[1] = NULL;
	kobject_uevent_env(&dev->kobj, KOBJ_CHANGE, envp);
	return count;
}
static DEVICE_ATTR_RW(config);

static struct device_attribute dev_attr_queue_config =
	__ATTR(config, 0444, config_show, NULL);

static ssize_t chkstop_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  apsim_card_rc(dev) == APSIM_RC_CHECKSTOPPED);
}
static DEVICE_ATTR_RO(chkstop);

static struct attribute *apsim_card_attrs[] = {
	&dev_attr_hwtype.attr,
	&dev_attr_raw_hwtype.attr,
	&dev_attr_type.attr,
	&dev_attr_depth.attr,
	&dev_attr_ap_functions.attr,
	&dev_attr_request_count.attr,
	&dev_attr_requestq_count.attr,
	&dev_attr_pendingq_count.attr,
	&dev_attr_modalias.attr,
	&dev_attr_online.attr,
	&dev_attr_config.attr,
	&dev_attr_chkstop.attr,
	&dev_attr_max_msg_size.attr,
	NULL,
};
ATTRIBUTE_GROUPS(apsim_card);

/* Queue attributes */

static ssize_t interrupt_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	bool on = apsim_hw_irq_enabled(to_apsim_queue(dev)->apqn);

	return sysfs_emit(buf, "Interrupts %s.\n", on ? "enabled" : "disabled");
}
static DEVICE_ATTR_RO(interrupt);

static ssize_t reset_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	if (apsim_hw_reset_pending(to_apsim_queue(dev)->apqn))
		return sysfs_emit(buf, "Reset in progress.\n");
	return sysfs_emit(buf, "No Reset Timer set.\n");
}

/* Any write resets the queue, as on the real bus; the outcome is in debugfs. */
static ssize_t reset_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct apsim_qstatus st;

	apsim_zapq(to_apsim_queue(dev)->apqn, &st);
	return count;
}
static DEVICE_ATTR_RW(reset);

static struct attribute *apsim_queue_attrs[] = {
	&dev_attr_request_count.attr,
	&dev_attr_requestq_count.attr,
	&dev_attr_pendingq_count.attr,
	&dev_attr_reset.attr,
	&dev_attr_interrupt.attr,
	&dev_attr_online.attr,
	&dev_attr_queue_config.attr,
	&dev_attr_chkstop.attr,
	&dev_attr_ap_functions.attr,
	NULL,
};
ATTRIBUTE_GROUPS(apsim_queue);

static void apsim_card_release(struct device *dev)
{
	kfree(to_apsim_card(dev));
}

static void apsim_queue_release(struct device *dev)
{
	kfree(to_apsim_qdev(dev));
}

static const struct device_type apsim_card_type = {
	.name = "ap_card",
	.groups = apsim_card_groups,
	.release = apsim_card_release,
};

static const struct device_type apsim_queue_type = {
	.name = "ap_queue",
	.groups = apsim_queue_groups,
	.release = apsim_queue_release,
};

static struct apsim_card *apsim_card_add(unsigned int apid)
{
	struct apsim_card *card;
	int rc;

	lockdep_assert_held(&apsim_commit_lock);
	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return NULL;
	card->apid = apid;
	card->hwtype = apsim_cur.hwtype[apid];
	card->mode = apsim_cur.mode[apid];
	card->online = true;
	card->dev.bus = &apsim_bus_type;
	card->dev.type = &apsim_card_type;
	card->dev.parent = apsim_root;
	device_initialize(&card->dev);
	rc = dev_set_name(&card->dev, "card%02x", apid);
	if (!rc)
		rc = device_add(&card->dev);
	if (rc) {
		pr_err("card%02x: cannot register: %d\n", apid, rc);
		put_device(&card->dev);
		return NULL;
	}
	return card;
}

static void apsim_queue_add(struct apsim_card *card, unsigned int apqi)
{
	u16 apqn = APSIM_APQN(card->apid, apqi);
	struct apsim_qdev *qd;
	int rc;

	lockdep_assert_held(&apsim_commit_lock);
	qd = kzalloc(sizeof(*qd), GFP_KERNEL);
	if (!qd)
		return;
	qd->q.apqn = apqn;
	qd->q.hwtype = card->hwtype;
	qd->online = true;
	qd->q.dev.bus = &apsim_bus_type;
	qd->q.dev.type = &apsim_queue_type;
	qd->q.dev.parent = &card->dev;
	device_initialize(&qd->q.dev);
	rc = xa_insert(&apsim_qdevs, apqn, qd, GFP_KERNEL);
	if (!rc) {
		rc = dev_set_name(&qd->q.dev, "%02x.%04x", card->apid, apqi);
		if (!rc)
			rc = device_add(&qd->q.dev);
		if (rc)
			xa_erase(&apsim_qdevs, apqn);
	}
	if (rc) {
		pr_err("%02x.%04x: cannot register: %d\n", card->apid, apqi,
		       rc);
		put_device(&qd->q.dev);
	}
}

static bool apsim_card_current(const struct apsim_card *card)
{
	return apsim_test_id(apsim_cur.info.apm, card->apid) &&
	       apsim_cur.hwtype[card->apid] == card->hwtype &&
	       apsim_cur.mode[card->apid] == card->mode;
}

/* Remove the devices the current configuration lacks, add the missing. */
static void apsim_scan(void)
{
	struct apsim_qdev *qd;
	unsigned int apid, apqi;
	unsigned long idx;

	lockdep_assert_held(&apsim_commit_lock);
	xa_for_each(&apsim_qdevs, idx, qd) {
		const struct apsim_card *card = to_apsim_card(qd->q.dev.parent);

		if (apsim_card_current(card) &&
		    apsim_test_id(apsim_cur.info.aqm, APSIM_APQN_APQI(idx)))
			continue;
		xa_erase(&apsim_qdevs, idx);
		device_unregister(&qd->q.dev);
	}
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		struct apsim_card *card = apsim_cards[apid];

		if (card && !apsim_card_current(card)) {
			device_unregister(&card->dev);
			apsim_cards[apid] = NULL;
		}
	}
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		if (!apsim_test_id(apsim_cur.info.apm, apid))
			continue;
		if (!apsim_cards[apid])
			apsim_cards[apid] = apsim_card_add(apid);
		if (!apsim_cards[apid])
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			if (apsim_test_id(apsim_cur.info.aqm, apqi) &&
			    !xa_load(&apsim_qdevs, APSIM_APQN(apid, apqi)))
				apsim_queue_add(apsim_cards[apid], apqi);
		}
	}
	apsim_scans++;
}

static int apsim_check_machine(const struct apsim_machine *m)
{
	const struct apsim_config_info *info = &m->info;
	unsigned int na = info->apxa ? info->na : min(info->na, 63);
	unsigned int nd = info->apxa ? info->nd : min(info->nd, 15);
	unsigned int id;

	for (id = 0; id < APSIM_NR_ADAPTERS; id++) {
		if (apsim_test_id(info->apm, id) &&
		    (id > na || m->hwtype[id] < APSIM_HWTYPE_CEX3A ||
		     m->hwtype[id] > APSIM_HWTYPE_CEX9 ||
		     m->mode[id] > APSIM_MODE_EP11))
			return -EINVAL;
		if ((apsim_test_id(info->aqm, id) ||
		     apsim_test_id(info->adm, id)) && id > nd)
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

/**
 * apsim_rescan() - scan again without a configuration change
 *
 * Re-registers devices that failed to register before; counts as a scan.
 */
void apsim_rescan(void)
{
	guard(mutex)(&apsim_commit_lock);
	apsim_scan();
}

/**
 * apsim_walk_devices() - walk the bus while no scan is adding devices
 * @data:	passed to @fn
 * @fn:		called for each card and queue device; non-zero stops the walk
 *
 * Rebinding walks the bus and reprobes devices. Run beside a scan, it
 * could probe a device that device_add() has published but not yet made
 * ready; the driver core then keeps a deferred-probe reason for a device
 * that is never on the deferred list, and that string is leaked. Holding
 * apsim_commit_lock keeps scans out for the whole walk.
 *
 * Return: the first non-zero value @fn returned, else 0.
 */
int apsim_walk_devices(void *data, int (*fn)(struct device *dev, void *data))
{
	guard(mutex)(&apsim_commit_lock);
	return bus_for_each_dev(&apsim_bus_type, NULL, data, fn);
}

/**
 * apsim_scan_count() - number of scans done so far
 *
 * Return: the count shown by /sys/bus/ap/scans.
 */
u64 apsim_scan_count(void)
{
	guard(mutex)(&apsim_commit_lock);
	return apsim_scans;
}

/**
 * apsim_dev_init() - set up the empty initial configuration
 *
 * The machine starts with APXA and the maximal IDs but without adapters
 * or domains; one scan is counted, as the real bus scans once at start.
 */
void apsim_dev_init(void)
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
 * apsim_dev_exit() - unregister every card and queue device
 */
void apsim_dev_exit(void)
{
	guard(mutex)(&apsim_commit_lock);
	bitmap_zero(apsim_cur.info.apm, APSIM_NR_ADAPTERS);
	bitmap_zero(apsim_cur.info.aqm, APSIM_NR_DOMAINS);
	apsim_scan();
	xa_destroy(&apsim_qdevs);
}

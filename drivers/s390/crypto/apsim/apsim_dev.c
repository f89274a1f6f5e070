// SPDX-License-Identifier: GPL-2.0
/*
 * apsim devices: the card devices "cardXX" under /sys/devices/ap and their
 * queue devices "XX.YYYY", their attributes and uevents, and the scan that
 * brings the set of devices in line with a configuration. It knows nothing
 * of the bus: apsim_bus.c decides when to scan and passes the bus and the
 * root device in.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kstrtox.h>
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
 * The devices of the configuration last scanned, by adapter and by APQN.
 * apsim_dev_scan() is their only writer; its caller serialises scans.
 */
static struct apsim_card *apsim_cards[APSIM_NR_ADAPTERS];
static DEFINE_XARRAY(apsim_qdevs);

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
		  apsim_card_rc(dev) != AP_RC_DECONFIGURED;

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
			  apsim_card_rc(dev) == AP_RC_CHECKSTOPPED);
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

static struct apsim_card *apsim_card_add(const struct apsim_machine *m,
					 const struct bus_type *bus,
					 struct device *root,
					 unsigned int apid)
{
	struct apsim_card *card;
	int rc;

	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return NULL;
	card->apid = apid;
	card->hwtype = m->hwtype[apid];
	card->mode = m->mode[apid];
	card->online = true;
	card->dev.bus = bus;
	card->dev.type = &apsim_card_type;
	card->dev.parent = root;
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

/* A queue sits on its card's bus, below the card. */
static void apsim_queue_add(struct apsim_card *card, unsigned int apqi)
{
	u16 apqn = AP_APQN(card->apid, apqi);
	struct apsim_qdev *qd;
	int rc;

	qd = kzalloc(sizeof(*qd), GFP_KERNEL);
	if (!qd)
		return;
	qd->q.apqn = apqn;
	qd->q.hwtype = card->hwtype;
	qd->online = true;
	qd->q.dev.bus = card->dev.bus;
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

static bool apsim_card_current(const struct apsim_machine *m,
			       const struct apsim_card *card)
{
	return ap_test_id(m->info.apm, card->apid) &&
	       m->hwtype[card->apid] == card->hwtype &&
	       m->mode[card->apid] == card->mode;
}

/**
 * apsim_dev_scan() - bring the card and queue devices in line with a
 *		      configuration
 * @m:		the configuration
 * @bus:	the bus new devices are registered on
 * @root:	the parent of new card devices
 *
 * Unregisters the devices @m lacks (a card whose type or mode changed
 * counts as lacking), then registers the missing ones. A device that fails
 * to register is left out and logged; the next scan tries again.
 *
 * Context: process context; the caller serialises scans with each other.
 */
void apsim_dev_scan(const struct apsim_machine *m, const struct bus_type *bus,
		    struct device *root)
{
	struct apsim_qdev *qd;
	unsigned int apid, apqi;
	unsigned long idx;

	xa_for_each(&apsim_qdevs, idx, qd) {
		const struct apsim_card *card = to_apsim_card(qd->q.dev.parent);

		if (apsim_card_current(m, card) &&
		    ap_test_id(m->info.aqm, AP_APQN_APQI(idx)))
			continue;
		xa_erase(&apsim_qdevs, idx);
		device_unregister(&qd->q.dev);
	}
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		struct apsim_card *card = apsim_cards[apid];

		if (card && !apsim_card_current(m, card)) {
			device_unregister(&card->dev);
			apsim_cards[apid] = NULL;
		}
	}
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		if (!ap_test_id(m->info.apm, apid))
			continue;
		if (!apsim_cards[apid])
			apsim_cards[apid] = apsim_card_add(m, bus, root, apid);
		if (!apsim_cards[apid])
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			if (ap_test_id(m->info.aqm, apqi) &&
			    !xa_load(&apsim_qdevs, AP_APQN(apid, apqi)))
				apsim_queue_add(apsim_cards[apid], apqi);
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim bus: the "mdevsim" bus_type, its new_device/del_device control
 * files and the lifetime of the parent devices that sit on it.
 *
 * A parent is created by new_device and probed synchronously inside
 * device_add(). The probe result is kept in the parent, so a parent whose
 * probe failed is taken down again and its error goes back to the writer.
 * Every parent holds a reference on parents_alive; module exit drops the
 * initial reference and waits until the last parent has been released.
 * Probing a parent registers it with the mdev core for vfio.c's mdev
 * driver (mdevsim_parent_probe()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mdevsim.h"

static DEFINE_IDA(mdevsim_ids);
/*
 * Serialises new_device, del_device and module exit. The outermost mdevsim
 * lock: it is held across the probe and removal of parents, and so while
 * the mdev core creates and removes their mdevs (see mdevsim.h).
 */
static DEFINE_MUTEX(mdevsim_ctl_lock);
/* Set once the bus is fully up; cleared when module exit starts. */
static bool mdevsim_ctl_open;
static refcount_t parents_alive = REFCOUNT_INIT(1);
static DECLARE_COMPLETION(parents_gone);

static void mdevsim_parent_release(struct device *dev)
{
	struct mdevsim_parent *parent = to_mdevsim_parent(dev);

	ida_free(&mdevsim_ids, parent->id);
	mutex_destroy(&parent->lock);
	kfree(parent);
	atomic_dec(&mdevsim_live_objects);
	if (refcount_dec_and_test(&parents_alive))
		complete(&parents_gone);
}

static const struct device_type mdevsim_parent_type = {
	.name = "mdevsim-parent",
	.release = mdevsim_parent_release,
};

static int mdevsim_bus_probe(struct device *dev)
{
	struct mdevsim_parent *parent = to_mdevsim_parent(dev);

	parent->probe_err = mdevsim_parent_probe(parent, &mdevsim_mdev_driver);
	return parent->probe_err;
}

static void mdevsim_bus_remove(struct device *dev)
{
	mdevsim_parent_remove(to_mdevsim_parent(dev));
}

/*
 * Split "A" or "A B" into numbers. Exactly one space separates them; a
 * single trailing newline is accepted (kstrtouint() allows it).
 */
static int mdevsim_parse_ids(const char *buf, size_t count, unsigned int *a,
			     unsigned int *b, bool *has_b)
{
	char tmp[24];
	char *rest = tmp, *first;

	if (!count || count >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, count);
	tmp[count] = '\0';

	first = strsep(&rest, " ");
	if (kstrtouint(first, 10, a))
		return -EINVAL;
	*has_b = rest;
	if (rest && kstrtouint(rest, 10, b))
		return -EINVAL;
	return 0;
}

static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	unsigned int id, capacity = MDEVSIM_DEFAULT_CAPACITY;
	bool has_cap;
	int ret;

	ret = mdevsim_parse_ids(buf, count, &id, &capacity, &has_cap);
	if (ret)
		goto bad;
	if (id > MDEVSIM_MAX_ID || !capacity || capacity > MDEVSIM_MAX_CAPACITY)
		goto bad;

	ret = mdevsim_bus_add(id, capacity);
	return ret ?: count;
bad:
	pr_info_ratelimited("new_device: expected \"ID [CAPACITY]\", ID 0..%u, CAPACITY 1..%u\n",
			    MDEVSIM_MAX_ID, MDEVSIM_MAX_CAPACITY);
	return -EINVAL;
}
static BUS_ATTR_WO(new_device);

static int mdevsim_match_id(struct device *dev, const void *data)
{
	return to_mdevsim_parent(dev)->id == *(const unsigned int *)data;
}

static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	struct device *dev;
	unsigned int id, unused;
	bool extra;

	if (mdevsim_parse_ids(buf, count, &id, &unused, &extra) || extra) {
		pr_info_ratelimited("del_device: expected \"ID\"\n");
		return -EINVAL;
	}

	guard(mutex)(&mdevsim_ctl_lock);
	if (!mdevsim_ctl_open)
		return -EBUSY;
	dev = bus_find_device(bus, NULL, &id, mdevsim_match_id);
	if (!dev)
		return -ENOENT;
	device_unregister(dev);
	put_device(dev);
	return count;
}
static BUS_ATTR_WO(del_device);

static struct attribute *mdevsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(mdevsim_bus);

static const struct bus_type mdevsim_bus = {
	.name = MDEVSIM_DRV_NAME,
	.dev_name = MDEVSIM_DRV_NAME,
	.bus_groups = mdevsim_bus_groups,
	.probe = mdevsim_bus_probe,
	.remove = mdevsim_bus_remove,
};

static struct device_driver mdevsim_parent_driver = {
	.name = MDEVSIM_DRV_NAME,
	.bus = &mdevsim_bus,
	.suppress_bind_attrs = true,
};

static int mdevsim_bus_add_locked(unsigned int id, unsigned int capacity)
{
	struct mdevsim_parent *parent;
	int ret;

	lockdep_assert_held(&mdevsim_ctl_lock);
	ret = ida_alloc_range(&mdevsim_ids, id, id, GFP_KERNEL);
	if (ret < 0)
		return ret == -ENOSPC ? -EEXIST : ret;

	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	if (!parent) {
		ida_free(&mdevsim_ids, id);
		return -ENOMEM;
	}
	atomic_inc(&mdevsim_live_objects);
	refcount_inc(&parents_alive);

	parent->id = id;
	parent->capacity = capacity;
	parent->probe_err = -ENXIO;
	mutex_init(&parent->lock);
	device_initialize(&parent->dev);
	parent->dev.bus = &mdevsim_bus;
	parent->dev.type = &mdevsim_parent_type;
	/* From here on the release callback owns @parent and the ID. */
	ret = dev_set_name(&parent->dev, MDEVSIM_DRV_NAME "%u", id);
	if (ret)
		goto put;
	ret = device_add(&parent->dev);
	if (ret)
		goto put;
	if (!device_is_bound(&parent->dev)) {
		ret = parent->probe_err ?: -ENXIO;
		device_unregister(&parent->dev);
		return ret;
	}
	return 0;
put:
	put_device(&parent->dev);
	return ret;
}

/**
 * mdevsim_bus_add() - create, register and probe one parent
 * @id: parent ID, 0..MDEVSIM_MAX_ID
 * @capacity: units in its pool
 *
 * Context: Process context, takes the control lock.
 * Return: 0, -EEXIST when @id is taken, -EBUSY while the module is going
 * away, or the probe error.
 */
int mdevsim_bus_add(unsigned int id, unsigned int capacity)
{
	guard(mutex)(&mdevsim_ctl_lock);
	if (!mdevsim_ctl_open)
		return -EBUSY;
	return mdevsim_bus_add_locked(id, capacity);
}

/**
 * mdevsim_bus_init() - register the bus and the parent driver
 *
 * Return: 0 or a negative errno.
 */
int mdevsim_bus_init(void)
{
	int ret;

	ret = bus_register(&mdevsim_bus);
	if (ret)
		return ret;
	ret = driver_register(&mdevsim_parent_driver);
	if (ret) {
		bus_unregister(&mdevsim_bus);
		return ret;
	}
	scoped_guard(mutex, &mdevsim_ctl_lock)
		mdevsim_ctl_open = true;
	return 0;
}

/**
 * mdevsim_bus_exit() - remove every parent and unregister the bus
 *
 * Waits until the last parent has been released, so nothing of the module
 * is referenced afterwards.
 */
void mdevsim_bus_exit(void)
{
	struct device *dev;

	scoped_guard(mutex, &mdevsim_ctl_lock) {
		mdevsim_ctl_open = false;
		while ((dev = bus_find_next_device(&mdevsim_bus, NULL))) {
			device_unregister(dev);
			put_device(dev);
		}
	}
	driver_unregister(&mdevsim_parent_driver);
	bus_unregister(&mdevsim_bus);

	if (!refcount_dec_and_test(&parents_alive))
		wait_for_completion(&parents_gone);
	ida_destroy(&mdevsim_ids);
}

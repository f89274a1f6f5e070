// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim parent: registers a bus device as mdev parent with the "small"
 * and "large" types and accounts the units its mdevs take from the pool.
 *
 * The mdev core leaves capacity to drivers that implement get_available,
 * so the reservation happens in the mdev probe (mdevsim_parent_reserve())
 * and fails with -EUSERS when the pool is short, exactly like the core's
 * own max_instances check.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/lockdep.h>
#include <linux/sysfs.h>

#include "mdevsim.h"

struct mdevsim_type_desc {
	const char *sysfs_name;
	const char *pretty_name;
	const char *description;
	unsigned int cost;
	u32 limit;
};

static const struct mdevsim_type_desc mdevsim_type_descs[MDEVSIM_NR_TYPES] = {
	{
		.sysfs_name = "small",
		.pretty_name = "mdevsim small",
		.description = "1 unit, 64 KiB copy limit",
		.cost = MDEVSIM_SMALL_COST,
		.limit = MDEVSIM_SMALL_LIMIT,
	},
	{
		.sysfs_name = "large",
		.pretty_name = "mdevsim large",
		.description = "4 units, 1 MiB copy limit",
		.cost = MDEVSIM_LARGE_COST,
		.limit = MDEVSIM_LARGE_LIMIT,
	},
};

/* Consume one count of a module-wide knob; writers may race with us. */
static bool mdevsim_global_should_fail(u32 *knob)
{
	u32 left = READ_ONCE(*knob);

	while (left) {
		u32 seen = cmpxchg(knob, left, left - 1);

		if (seen == left)
			return true;
		left = seen;
	}
	return false;
}

static struct mdevsim_parent *mtype_to_parent(struct mdev_type *mtype)
{
	return container_of(mtype->parent, struct mdevsim_parent, mparent);
}

static const struct mdevsim_type *mtype_to_type(struct mdev_type *mtype)
{
	return container_of(mtype, struct mdevsim_type, mtype);
}

/**
 * mdevsim_parent_get_available() - the mdev core's available_instances
 * @mtype: type being asked about
 *
 * Return: how many more instances of @mtype fit into the parent's pool.
 */
unsigned int mdevsim_parent_get_available(struct mdev_type *mtype)
{
	struct mdevsim_parent *parent = mtype_to_parent(mtype);

	guard(mutex)(&parent->lock);
	return mdevsim_pool_avail(&parent->pool, mtype_to_type(mtype)->cost);
}

/**
 * mdevsim_parent_show_description() - the type's description attribute
 * @mtype: the type
 * @buf: sysfs page
 *
 * Return: bytes written to @buf.
 */
ssize_t mdevsim_parent_show_description(struct mdev_type *mtype, char *buf)
{
	const struct mdevsim_type *type = mtype_to_type(mtype);
	unsigned int i = type - mtype_to_parent(mtype)->types;

	return sysfs_emit(buf, "%s\n", mdevsim_type_descs[i].description);
}

/**
 * mdevsim_parent_should_fail() - consume one count of a fault knob
 * @parent: the parent owning the knob
 * @knob: one of the parent's fail_* counters
 *
 * Return: true when the operation guarded by @knob must fail.
 */
bool mdevsim_parent_should_fail(struct mdevsim_parent *parent, u32 *knob)
{
	u32 left;

	guard(mutex)(&parent->lock);
	left = READ_ONCE(*knob);
	if (!left)
		return false;
	WRITE_ONCE(*knob, left - 1);
	return true;
}

/**
 * mdevsim_parent_reserve() - take the units of a new instance
 * @parent: the parent
 * @type: the instance's type
 *
 * Return: 0, -EIO when fail_create asks for a failure, -EUSERS when the
 * pool is too small.
 */
int mdevsim_parent_reserve(struct mdevsim_parent *parent,
			   const struct mdevsim_type *type)
{
	int ret;

	if (mdevsim_parent_should_fail(parent, &parent->fail_create))
		return -EIO;

	guard(mutex)(&parent->lock);
	ret = mdevsim_pool_take(&parent->pool, type->cost);
	if (!ret)
		WRITE_ONCE(parent->units_used, parent->pool.used);
	return ret;
}

/**
 * mdevsim_parent_unreserve() - give back the units of an instance
 * @parent: the parent
 * @type: the instance's type
 */
void mdevsim_parent_unreserve(struct mdevsim_parent *parent,
			      const struct mdevsim_type *type)
{
	guard(mutex)(&parent->lock);
	mdevsim_pool_give(&parent->pool, type->cost);
	WRITE_ONCE(parent->units_used, parent->pool.used);
}

/**
 * mdevsim_parent_probe() - bring up a parent on the mdevsim bus
 * @parent: the parent, with @parent->capacity set
 * @drv: the mdev driver that the parent's mdevs bind to
 *
 * Nothing is left to undo when this fails: the types are plain fields and
 * the debugfs directory is only created after a successful registration.
 *
 * Return: 0 or a negative errno (-EIO from the fail_register knob), which
 * new_device passes to its writer.
 */
int mdevsim_parent_probe(struct mdevsim_parent *parent,
			 struct mdev_driver *drv)
{
	unsigned int i;
	int ret;

	ret = mdevsim_pool_init(&parent->pool, parent->capacity);
	if (ret)
		return ret;
	parent->units_used = 0;

	for (i = 0; i < MDEVSIM_NR_TYPES; i++) {
		const struct mdevsim_type_desc *desc = &mdevsim_type_descs[i];
		struct mdevsim_type *type = &parent->types[i];

		memset(type, 0, sizeof(*type));
		type->mtype.sysfs_name = desc->sysfs_name;
		type->mtype.pretty_name = desc->pretty_name;
		type->cost = desc->cost;
		type->limit = desc->limit;
		parent->type_list[i] = &type->mtype;
	}

	/* fail_register stands in for a failing mdev_register_parent(). */
	if (mdevsim_global_should_fail(&mdevsim_fail_register))
		return -EIO;
	ret = mdev_register_parent(&parent->mparent, &parent->dev, drv,
				   parent->type_list, MDEVSIM_NR_TYPES);
	if (ret)
		return ret;
	parent->registered = true;
	mdevsim_debugfs_parent_add(parent);
	return 0;
}

/**
 * mdevsim_parent_remove() - take a parent down
 * @parent: the parent
 *
 * Removes every mdev of the parent first; the mdev core asks open devices
 * to be released (request IRQ) and waits for them.
 */
void mdevsim_parent_remove(struct mdevsim_parent *parent)
{
	if (!parent->registered)
		return;
	mdev_unregister_parent(&parent->mparent);
	parent->registered = false;
	mdevsim_debugfs_parent_del(parent);
}

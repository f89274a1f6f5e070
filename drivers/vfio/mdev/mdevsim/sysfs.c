// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim per-mdev sysfs attributes: label, copy_limit and irq_mode,
 * attached through the mdev driver's dev_groups so the driver core adds
 * them after probe and removes them before remove.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mdevsim.h"

static struct mdevsim_dev *attr_to_mdev(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t label_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);

	guard(mutex)(&mdev->lock);
	return sysfs_emit(buf, "%s\n", mdev->label);
}

static ssize_t label_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);
	char label[MDEVSIM_LABEL_MAX + 1];
	int ret;

	ret = mdevsim_parse_label(buf, count, label, sizeof(label));
	if (ret)
		return ret;
	guard(mutex)(&mdev->lock);
	strscpy(mdev->label, label, sizeof(mdev->label));
	return count;
}
static DEVICE_ATTR_RW(label);

static ssize_t copy_limit_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);

	guard(mutex)(&mdev->lock);
	return sysfs_emit(buf, "%u\n", mdev->copy_limit);
}

static ssize_t copy_limit_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);
	u32 limit;
	int ret;

	ret = mdevsim_parse_copy_limit(buf, mdev->type->limit, &limit);
	if (ret)
		return ret;
	guard(mutex)(&mdev->lock);
	if (mdev->is_open)
		return -EBUSY;
	mdev->copy_limit = limit;
	mdev->regs.copy_limit = limit;
	return count;
}
static DEVICE_ATTR_RW(copy_limit);

static ssize_t irq_mode_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);

	guard(mutex)(&mdev->lock);
	return sysfs_emit(buf, "%s\n", mdevsim_irq_mode_name(mdev->irq_mode));
}

static ssize_t irq_mode_store(struct device *dev,
			      struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct mdevsim_dev *mdev = attr_to_mdev(dev);
	int mode = mdevsim_parse_irq_mode(buf);

	if (mode < 0)
		return mode;
	guard(mutex)(&mdev->lock);
	if (mdev->is_open)
		return -EBUSY;
	mdev->irq_mode = mode;
	return count;
}
static DEVICE_ATTR_RW(irq_mode);

static struct attribute *mdevsim_mdev_attrs[] = {
	&dev_attr_label.attr,
	&dev_attr_copy_limit.attr,
	&dev_attr_irq_mode.attr,
	NULL
};

static const struct attribute_group mdevsim_mdev_group = {
	.attrs = mdevsim_mdev_attrs,
};

const struct attribute_group *mdevsim_mdev_groups[] = {
	&mdevsim_mdev_group,
	NULL
};

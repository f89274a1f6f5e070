// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: channel measurement of a subchannel bound to vfio_ccw.
 *
 * DOC: channel measurement
 *
 * Writing 1 to the subchannel's cmb_enable attribute gives it an extended
 * (format-1) measurement block of its own; the channel counts every start
 * in it, and the cmf/ directory shows the counts the way the ccw bus shows
 * them for a ccw device. The VFIO device's measurement region hands the
 * same block to user space.
 *
 * Switching measurement on or off takes MODIFY SUBCHANNEL, which the
 * subchannel refuses while a channel program runs. A write to cmb_enable
 * never waits for that: the change is applied at once when the subchannel
 * is idle and otherwise at its next idle point, when the interrupt that
 * ends the program has been handled. Until then cmb_pending reads 1.
 *
 * Measurement mode is partly global: SET CHANNEL MONITOR switches block
 * updates on for the whole machine, and the common I/O layer switches them
 * off again when the last ccw device it measures stops. vfio_ccw switches
 * them on and never off, so it never stops the common I/O layer's
 * measurements. It refuses (EBUSY) while the common I/O layer measures in
 * format 0, whose global area a SET CHANNEL MONITOR of ours would take
 * away, and (EOPNOTSUPP) on a machine without extended measurement blocks.
 *
 * The setting belongs to the subchannel, not to the mdev: it survives the
 * mdev being opened, reset, closed and removed, and ends when the
 * subchannel is unbound from vfio_ccw (or the module is unloaded).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kmemleak.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/zmdev_vfio_ccw.h>

#include <asm/css_chars.h>

#include "cio.h"
#include "css.h"

#include "vfio_ccw_cmf.h"
#include "vfio_ccw_private.h"

/* SET CHANNEL MONITOR's mode bits in general register 1. */
#define VCCW_SCHM_UPDATE	0x2	/* M: measurement-block update mode */

/*
 * Measurement-block updates on, with no format-0 area. The common I/O
 * layer does the same when it measures in format 1, so this takes nothing
 * away from it.
 */
static void vccw_schm_on(void)
{
	register unsigned long mode asm("1") = VCCW_SCHM_UPDATE;
	register unsigned long origin asm("2") = 0;

	asm volatile("schm" : : "d" (mode), "d" (origin) : "memory");
}

static int vccw_cmf_format0_user(struct device *dev, void *data)
{
	struct subchannel *sch = to_subchannel(dev);
	bool format0;

	spin_lock_irq(&sch->lock);
	format0 = sch->config.mme && !sch->config.mbfc;
	spin_unlock_irq(&sch->lock);
	return format0;
}

/* Does some subchannel use the common I/O layer's format-0 area? */
static bool vccw_cmf_format0_in_use(struct subchannel *sch)
{
	return bus_for_each_dev(sch->dev.bus, NULL, NULL,
				vccw_cmf_format0_user);
}

/**
 * vccw_cmf_apply() - apply cmb_enable at an idle point
 * @parent: the subchannel's vfio_ccw state
 *
 * Switches measurement as cmb_enable asks if the subchannel is at an idle
 * point: no program of ours in flight. Called when cmb_enable is written
 * and after every interrupt of the subchannel has been handled. A
 * subchannel that still refuses MODIFY SUBCHANNEL (busy, or status
 * pending) keeps the change pending for the next interrupt.
 *
 * Context: the subchannel lock held, any context.
 */
void vccw_cmf_apply(struct vccw_parent *parent)
{
	struct vccw_cmf *cmf = &parent->cmf;
	struct subchannel *sch = parent->sch;
	int ret;

	lockdep_assert_held(&sch->lock);
	if (cmf->want == cmf->on)
		return;
	if (parent->vdev && parent->vdev->fsm.state == VCCW_ST_CP_PENDING)
		return;
	if (cmf->want) {
		memset(cmf->block, 0, CSS_CMB1_SIZE);
		vccw_schm_on();
	}
	sch->config.mme = cmf->want;
	sch->config.mbfc = 1;
	sch->config.mba = cmf->want ? virt_to_dma64(cmf->block) : 0;
	ret = cio_commit_config(sch);
	/* A subchannel that is gone measures nothing any more. */
	if (ret && !(ret == -ENODEV && !cmf->want)) {
		/* Keep the configuration what the subchannel really has. */
		sch->config.mme = cmf->on;
		sch->config.mba = cmf->on ? virt_to_dma64(cmf->block) : 0;
		return;
	}
	cmf->on = cmf->want;
	if (cmf->on)
		cmf->start_ns = ktime_get_ns();
	else
		cmf->stop_ns = ktime_get_ns();
}

/**
 * vccw_cmf_release() - stop measuring and free the block at unbind
 * @parent: the subchannel's vfio_ccw state, no longer with an mdev
 *
 * If the subchannel cannot be told to stop (it refuses MODIFY SUBCHANNEL),
 * the channel may still write the block, so it is kept for good.
 *
 * Context: process context, no mdev left on the subchannel.
 */
void vccw_cmf_release(struct vccw_parent *parent)
{
	struct vccw_cmf *cmf = &parent->cmf;
	bool stopped;

	scoped_guard(spinlock_irq, &parent->sch->lock) {
		cmf->want = false;
		vccw_cmf_apply(parent);
		stopped = !cmf->on;
	}
	if (stopped) {
		kfree(cmf->block);
	} else {
		dev_warn(&parent->sch->dev,
			 "measurement could not be stopped: its block stays allocated\n");
		kmemleak_not_leak(cmf->block);
	}
	cmf->block = NULL;
}

static struct vccw_parent *dev_to_parent(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t cmb_enable_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct vccw_parent *parent = dev_to_parent(dev);
	bool want;

	spin_lock_irq(&parent->sch->lock);
	want = parent->cmf.want;
	spin_unlock_irq(&parent->sch->lock);
	return sysfs_emit(buf, "%d\n", want);
}

/* Ask for measurement on or off; cmf->mutex orders concurrent writers. */
static int vccw_cmf_enable(struct vccw_parent *parent, bool on)
{
	struct vccw_cmf *cmf = &parent->cmf;
	struct subchannel *sch = parent->sch;

	guard(mutex)(&cmf->mutex);
	if (on) {
		if (!css_general_characteristics.ext_mb)
			return -EOPNOTSUPP;
		if (vccw_cmf_format0_in_use(sch))
			return -EBUSY;
		if (!cmf->block) {
			/* kmalloc aligns power-of-two sizes naturally. */
			BUILD_BUG_ON(CSS_CMB1_SIZE != CSS_CMB1_ALIGN);
			cmf->block = kzalloc(CSS_CMB1_SIZE, GFP_KERNEL);
			if (!cmf->block)
				return -ENOMEM;
		}
	}
	spin_lock_irq(&sch->lock);
	cmf->want = on;
	vccw_cmf_apply(parent);
	spin_unlock_irq(&sch->lock);
	return 0;
}

/*
 * cmb_enable takes what the ccw bus's attribute of that name takes: a
 * hexadecimal number that is 0 or 1. Anything else is EINVAL.
 */
static ssize_t cmb_enable_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	unsigned long on;
	int ret = -EINVAL;

	if (!kstrtoul(buf, 16, &on) && on <= 1)
		ret = vccw_cmf_enable(dev_to_parent(dev), on);
	return ret ?: count;
}
static DEVICE_ATTR_RW(cmb_enable);

static ssize_t cmb_pending_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct vccw_parent *parent = dev_to_parent(dev);
	bool pending;

	spin_lock_irq(&parent->sch->lock);
	pending = parent->cmf.want != parent->cmf.on;
	spin_unlock_irq(&parent->sch->lock);
	return sysfs_emit(buf, "%d\n", pending);
}
static DEVICE_ATTR_RO(cmb_pending);

/*
 * A snapshot of the block and of the time measured so far; zeros if
 * measurement never ran.
 */
static void vccw_cmf_snapshot(struct vccw_parent *parent, u8 *block,
			      u64 *elapsed_ns, u32 *flags)
{
	struct vccw_cmf *cmf = &parent->cmf;

	spin_lock_irq(&parent->sch->lock);
	if (cmf->block)
		memcpy(block, cmf->block, CSS_CMB1_SIZE);
	else
		memset(block, 0, CSS_CMB1_SIZE);
	if (cmf->on)
		*elapsed_ns = ktime_get_ns() - cmf->start_ns;
	else
		*elapsed_ns = cmf->stop_ns - cmf->start_ns;
	*flags = (cmf->on ? ZMDEV_CCW_CMF_MEASURING : 0) |
		 (cmf->want != cmf->on ? ZMDEV_CCW_CMF_PENDING : 0);
	spin_unlock_irq(&parent->sch->lock);
}

/**
 * struct vccw_cmf_attribute - one file of the cmf/ directory
 * @attr: the sysfs attribute
 * @which: the value it shows
 */
struct vccw_cmf_attribute {
	struct device_attribute attr;
	enum vccw_cmf_attr which;
};

static ssize_t vccw_cmf_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct vccw_cmf_attribute *ca =
		container_of(attr, struct vccw_cmf_attribute, attr);
	u8 block[CSS_CMB1_SIZE];
	struct vccw_cmf_data data;
	char line[32];
	u64 elapsed;
	u32 flags;

	vccw_cmf_snapshot(dev_to_parent(dev), block, &elapsed, &flags);
	vccw_cmf_decode(1, block, sizeof(block), &data);
	vccw_cmf_print(line, sizeof(line), ca->which,
		       vccw_cmf_value(&data, elapsed, ca->which));
	return sysfs_emit(buf, "%s\n", line);
}

/* Names come from vccw_cmf_attr_names[], filled in by vccw_cmf_setup(). */
static struct vccw_cmf_attribute vccw_cmf_attrs[VCCW_CMF_NR_ATTRS];
static struct attribute *vccw_cmf_attr_ptrs[VCCW_CMF_NR_ATTRS + 1];

static const struct attribute_group vccw_cmf_group = {
	.name	= "cmf",
	.attrs	= vccw_cmf_attr_ptrs,
};

static struct attribute *vccw_cmb_attrs[] = {
	&dev_attr_cmb_enable.attr,
	&dev_attr_cmb_pending.attr,
	NULL,
};

static const struct attribute_group vccw_cmb_group = {
	.attrs	= vccw_cmb_attrs,
};

/* The css driver's dev_groups: created at bind, removed at unbind. */
const struct attribute_group *vccw_sch_groups[] = {
	&vccw_cmb_group,
	&vccw_cmf_group,
	NULL,
};

/**
 * vccw_cmf_setup() - name the files of the cmf/ directory
 *
 * Context: module init, before the css driver is registered.
 */
void vccw_cmf_setup(void)
{
	unsigned int i;

	for (i = 0; i < VCCW_CMF_NR_ATTRS; i++) {
		vccw_cmf_attrs[i].attr.attr.name = vccw_cmf_attr_names[i];
		vccw_cmf_attrs[i].attr.attr.mode = 0444;
		vccw_cmf_attrs[i].attr.show = vccw_cmf_show;
		vccw_cmf_attrs[i].which = i;
		vccw_cmf_attr_ptrs[i] = &vccw_cmf_attrs[i].attr.attr;
	}
}

/**
 * vccw_cmf_region_read() - read the channel-measurement region
 * @vd: the mediated subchannel
 * @ubuf: destination
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * Context: process context; takes the subchannel lock.
 * Return: @count or a negative errno (-EINVAL outside the region).
 */
ssize_t vccw_cmf_region_read(struct vccw_dev *vd, char __user *ubuf,
			     size_t count, loff_t pos)
{
	struct zmdev_ccw_cmf_region region = {
		.version = ZMDEV_CCW_CMF_VERSION,
		.format = ZMDEV_CCW_CMF_FORMAT_1,
	};

	BUILD_BUG_ON(sizeof(region.block) != CSS_CMB1_SIZE);
	if (!vccw_region_range_ok(sizeof(region), count, pos))
		return -EINVAL;
	vccw_cmf_snapshot(vd->parent, region.block, &region.elapsed_ns,
			  &region.flags);
	if (copy_to_user(ubuf, (u8 *)&region + pos, count))
		return -EFAULT;
	return count;
}

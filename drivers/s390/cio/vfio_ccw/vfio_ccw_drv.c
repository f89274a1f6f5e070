// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: pass I/O subchannels through to user space (QEMU) as mediated
 * devices.
 *
 * This file holds the css (subchannel) driver and the module glue. Binding
 * a subchannel registers it as mdev parent with the single type "io";
 * creating an mdev of that type gives user space a vfio device through
 * which it starts channel programs on the real subchannel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>

#include <asm/crw.h>
#include <asm/irq.h>
#include <asm/isc.h>

#include "chp.h"
#include "cio.h"
#include "css.h"

#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/* Delivery, channel-report and not-operational work of every mdev. */
static struct workqueue_struct *vccw_wq;

static struct vccw_dev *sch_to_vccw(struct subchannel *sch)
{
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);

	lockdep_assert_held(&sch->lock);
	return parent ? parent->vdev : NULL;
}

static void vccw_sch_irq(struct subchannel *sch)
{
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);
	struct vccw_dev *vd = sch_to_vccw(sch);

	if (!vd) {
		/* Nobody asked for I/O: switch the subchannel off again. */
		dev_dbg(&sch->dev, "interrupt without an mdev\n");
		cio_disable_subchannel(sch);
	} else {
		inc_irq_stat(IRQIO_CIO);
		vccw_fsm_event(&vd->fsm, VCCW_EV_INTERRUPT);
	}
	/* Maybe an idle point: a measurement change may be waiting for it. */
	if (parent)
		vccw_cmf_apply(parent);
}

static void vccw_parent_release(struct device *dev)
{
	struct vccw_parent *parent = container_of(dev, struct vccw_parent, dev);

	mutex_destroy(&parent->cmf.mutex);
	kfree(parent);
}

static int vccw_sch_probe(struct subchannel *sch)
{
	struct vccw_parent *parent;
	int ret;

	if (sch->schib.pmcw.qf) {
		dev_warn(&sch->dev, "QDIO subchannels cannot be used with vfio_ccw\n");
		return -ENODEV;
	}

	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	if (!parent)
		return -ENOMEM;
	parent->sch = sch;
	parent->wq = vccw_wq;
	parent->io_type.sysfs_name = "io";
	parent->io_type.pretty_name = "I/O subchannel (Non-QDIO)";
	parent->types[0] = &parent->io_type;
	mutex_init(&parent->cmf.mutex);

	/* A placeholder child, kept for sysfs compatibility. */
	device_initialize(&parent->dev);
	parent->dev.parent = &sch->dev;
	parent->dev.release = vccw_parent_release;
	ret = dev_set_name(&parent->dev, "parent");
	if (!ret)
		ret = device_add(&parent->dev);
	if (ret) {
		put_device(&parent->dev);
		return ret;
	}

	scoped_guard(spinlock_irq, &sch->lock)
		dev_set_drvdata(&sch->dev, parent);

	ret = mdev_register_parent(&parent->mdev_parent, &sch->dev,
				   &vccw_mdev_driver, parent->types, 1);
	if (ret) {
		scoped_guard(spinlock_irq, &sch->lock)
			dev_set_drvdata(&sch->dev, NULL);
		device_unregister(&parent->dev);
		return ret;
	}
	dev_dbg(&sch->dev, "bound to vfio_ccw\n");
	return 0;
}

static void vccw_sch_remove(struct subchannel *sch)
{
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);

	/* Removes the mdev, waiting for user space to close it. */
	mdev_unregister_parent(&parent->mdev_parent);
	vccw_cmf_release(parent);
	scoped_guard(spinlock_irq, &sch->lock)
		dev_set_drvdata(&sch->dev, NULL);
	device_unregister(&parent->dev);
	dev_dbg(&sch->dev, "unbound from vfio_ccw\n");
}

static void vccw_sch_shutdown(struct subchannel *sch)
{
	struct vccw_dev *vd;

	scoped_guard(spinlock_irq, &sch->lock) {
		vd = sch_to_vccw(sch);
		if (vd)
			get_device(&vd->vdev.device);
	}
	if (!vd)
		return;

	scoped_guard(mutex, &vd->fsm.io_mutex) {
		vccw_fsm_user_event(&vd->fsm, VCCW_EV_CLOSE);
		vccw_fsm_user_event(&vd->fsm, VCCW_EV_NOT_OPER);
	}
	put_device(&vd->vdev.device);
}

static int vccw_sch_event(struct subchannel *sch, int process)
{
	struct vccw_dev *vd;
	unsigned long flags;
	int ret = -EAGAIN;

	spin_lock_irqsave(&sch->lock, flags);
	if (device_is_registered(&sch->dev) && !work_pending(&sch->todo_work)) {
		ret = 0;
		vd = sch_to_vccw(sch);
		if (cio_update_schib(sch) && vd)
			vccw_fsm_event(&vd->fsm, VCCW_EV_NOT_OPER);
	}
	spin_unlock_irqrestore(&sch->lock, flags);
	return ret;
}

/*
 * What a channel-path event does to a subchannel whose path mask it
 * touches. The masks change first, then a function running on the path is
 * stopped, then the guest hears about it through a channel report.
 */
enum vccw_mask_op {
	VCCW_MASK_KEEP,
	VCCW_MASK_ADD,		/* mask bits become set */
	VCCW_MASK_DROP,		/* mask bits become clear */
	VCCW_MASK_ADD_OPM,	/* bits set if also operational */
};

/**
 * struct vccw_path_effect - what one CHP_* event does to a subchannel
 * @opm:	change to the operational path mask
 * @lpm:	change to the logical path mask
 * @stop_io:	halt or clear a function that uses the path
 * @report:	queue a channel-path report for user space
 * @erc:	its error-recovery code
 */
struct vccw_path_effect {
	u8 opm;
	u8 lpm;
	bool stop_io;
	bool report;
	u8 erc;
};

static const struct vccw_path_effect vccw_path_effects[] = {
	[CHP_ONLINE] = {
		.lpm = VCCW_MASK_ADD_OPM,
		.report = true, .erc = CRW_ERC_INIT,
	},
	[CHP_OFFLINE] = {
		.stop_io = true,
		.report = true, .erc = CRW_ERC_PERRN,
	},
	[CHP_VARY_ON] = {
		.opm = VCCW_MASK_ADD, .lpm = VCCW_MASK_ADD,
	},
	[CHP_VARY_OFF] = {
		.opm = VCCW_MASK_DROP, .lpm = VCCW_MASK_DROP,
		.stop_io = true,
	},
};

static u8 vccw_mask_apply(u8 old, u8 bits, u8 opm, enum vccw_mask_op op)
{
	switch (op) {
	case VCCW_MASK_ADD:
		return old | bits;
	case VCCW_MASK_DROP:
		return old & ~bits;
	case VCCW_MASK_ADD_OPM:
		return old | (bits & opm);
	default:
		return old;
	}
}

static int vccw_chp_event(struct subchannel *sch, struct chp_link *link,
			  int event)
{
	const struct vccw_path_effect *fx;
	struct vccw_dev *vd = sch_to_vccw(sch);
	int bits = chp_ssd_get_mask(&sch->ssd_info, link);
	bool busy;

	if (!vd || !bits)
		return 0;
	trace_vfio_ccw_chp_event(sch->schid, bits, event);
	if (cio_update_schib(sch))
		return -ENODEV;
	if (event < 0 || event >= ARRAY_SIZE(vccw_path_effects))
		return 0;
	fx = &vccw_path_effects[event];

	/*
	 * Only a function in progress on an affected path is stopped; an
	 * idle subchannel is left alone (a halt would hand user space an
	 * interrupt it never asked for).
	 */
	busy = (sch->schib.pmcw.lpum & bits) && scsw_actl(&sch->schib.scsw);

	sch->opm = vccw_mask_apply(sch->opm, bits, sch->opm, fx->opm);
	sch->lpm = vccw_mask_apply(sch->lpm, bits, sch->opm, fx->lpm);
	if (fx->stop_io && busy)
		vccw_fsm_stop_io(&vd->fsm);
	if (fx->report)
		vccw_crw_queue(vd, CRW_RSC_CPATH, fx->erc, link->chpid.id);
	return 0;
}

/* Only I/O subchannels; match_flags 1 says "compare the type". */
static struct css_device_id vccw_sch_ids[] = {
	{ .type = SUBCHANNEL_TYPE_IO, .match_flags = 1 },
	{}
};
MODULE_DEVICE_TABLE(css, vccw_sch_ids);

static struct css_driver vccw_sch_driver = {
	.drv.name		= "vfio_ccw",
	.drv.owner		= THIS_MODULE,
	.drv.dev_groups		= vccw_sch_groups,
	.subchannel_type	= vccw_sch_ids,
	/* binding */
	.probe			= vccw_sch_probe,
	.remove			= vccw_sch_remove,
	.shutdown		= vccw_sch_shutdown,
	/* what the channel subsystem reports */
	.irq			= vccw_sch_irq,
	.sch_event		= vccw_sch_event,
	.chp_event		= vccw_chp_event,
};

static int __init vccw_init(void)
{
	int ret;

	vccw_wq = alloc_ordered_workqueue("vfio-ccw", 0);
	if (!vccw_wq)
		return -ENOMEM;
	ret = mdev_register_driver(&vccw_mdev_driver);
	if (ret)
		goto err_wq;
	isc_register(VCCW_ISC);
	vccw_cmf_setup();
	ret = css_driver_register(&vccw_sch_driver);
	if (ret)
		goto err_isc;
	return 0;

err_isc:
	isc_unregister(VCCW_ISC);
	mdev_unregister_driver(&vccw_mdev_driver);
err_wq:
	destroy_workqueue(vccw_wq);
	return ret;
}

static void __exit vccw_exit(void)
{
	css_driver_unregister(&vccw_sch_driver);
	isc_unregister(VCCW_ISC);
	mdev_unregister_driver(&vccw_mdev_driver);
	destroy_workqueue(vccw_wq);
}

module_init(vccw_init);
module_exit(vccw_exit);

MODULE_DESCRIPTION("VFIO mediated devices for s390 I/O subchannels");
MODULE_LICENSE("GPL");

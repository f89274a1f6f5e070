/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ccw: definitions shared by the s390 glue files of the module.
 */
#ifndef _VFIO_CCW_PRIVATE_H_
#define _VFIO_CCW_PRIVATE_H_

#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>
#include <linux/workqueue.h>

#include "orb.h"
#include "vfio_ccw_cp.h"
#include "vfio_ccw_crwq.h"
#include "vfio_ccw_fsm.h"

struct subchannel;

/* Regions: index << VCCW_OFFSET_SHIFT is the file offset of a region. */
#define VCCW_OFFSET_SHIFT	10
#define VCCW_OFFSET_MASK	((1ULL << VCCW_OFFSET_SHIFT) - 1)
#define VCCW_NR_REGIONS		5	/* I/O, async, schib, crw, cmf */

/* Interruption subclass of mediated subchannels. */
#define VCCW_ISC		3

/**
 * struct vccw_cmf - channel measurement of one subchannel
 * @mutex:	serialises writers of cmb_enable
 * @block:	the format-1 measurement block (CSS_CMB1_ALIGN-aligned),
 *		allocated when measurement is first switched on; @mutex
 * @want:	what cmb_enable asks for; subchannel lock
 * @on:		whether the subchannel measures into @block; subchannel lock
 * @start_ns:	when it last started measuring; subchannel lock
 * @stop_ns:	when it last stopped; subchannel lock
 */
struct vccw_cmf {
	struct mutex mutex;		/* serialises cmb_enable writers */
	u8 *block;
	bool want;
	bool on;
	u64 start_ns;
	u64 stop_ns;
};

/**
 * struct vccw_parent - per-subchannel state of the css driver
 * @dev:	child device named "parent" below the subchannel
 * @sch:	the subchannel
 * @mdev_parent: registration with the mdev core
 * @io_type:	the only mdev type, "io"
 * @types:	type list passed to the mdev core
 * @vdev:	the mediated device, if one exists; sch->lock
 * @wq:		the module's ordered workqueue, on which the work items of
 *		@vdev run; set before the parent is registered
 * @cmf:	channel measurement, which outlives mdevs
 */
struct vccw_parent {
	struct device dev;
	struct subchannel *sch;
	struct mdev_parent mdev_parent;
	struct mdev_type io_type;
	struct mdev_type *types[1];
	struct vccw_dev *vdev;
	struct workqueue_struct *wq;
	struct vccw_cmf cmf;
};

/**
 * struct vccw_irqs - the eventfds user space registered, one per IRQ index
 * @lock:	protects @trigger; an innermost lock, taken with interrupts
 *		disabled
 * @trigger:	eventfd of each VFIO_CCW_*_IRQ_INDEX, or NULL
 */
struct vccw_irqs {
	spinlock_t lock;		/* protects trigger[] */
	struct eventfd_ctx *trigger[VFIO_CCW_NUM_IRQS];
};

/**
 * struct vccw_dev - one mediated subchannel
 * @vdev:	the vfio device; its lifetime bounds this structure
 * @sch:	the subchannel
 * @parent:	per-subchannel driver state
 * @fsm:	state machine, I/O and async region contents
 * @cp:		the channel program in flight; fsm.io_mutex
 * @orb:	ORB handed to START SUBCHANNEL; an instruction operand, not
 *		read by the channel, so ordinary memory; fsm.io_mutex
 * @open:	the device is open, capability regions exist; fsm.io_mutex
 * @io_work:	delivers saved interrupts
 * @crw_work:	signals queued channel reports
 * @gone_work:	drops the channel program after the subchannel went away
 * @irqs:	eventfds per IRQ index
 * @crw_lock:	protects @crws
 * @crws:	channel reports not yet read by user space
 */
struct vccw_dev {
	struct vfio_device vdev;
	struct subchannel *sch;
	struct vccw_parent *parent;
	struct vccw_fsm fsm;
	struct ccwcp cp;
	union orb orb;
	bool open;
	struct work_struct io_work;
	struct work_struct crw_work;
	struct work_struct gone_work;
	struct vccw_irqs irqs;
	spinlock_t crw_lock;		/* protects crws */
	struct vccw_crw_queue crws;
};

static inline struct vccw_dev *fsm_to_vccw(struct vccw_fsm *fsm)
{
	return container_of(fsm, struct vccw_dev, fsm);
}

extern struct mdev_driver vccw_mdev_driver;
extern const struct vccw_hw_ops vccw_sch_hw_ops;
extern const struct ccwcp_ops vccw_cp_mem_ops;

/**
 * struct vccw_request_region - a region in which every write is a request
 * @offset:	where the region's contents sit inside &struct vccw_fsm
 * @size:	size of the region in bytes
 * @event:	event a write feeds to the state machine
 * @verdict:	called with the I/O mutex held after the event; returns the
 *		request's result (0 or a negative errno) and may trace it
 * @read_done:	optional; called with the I/O mutex held after a read of
 *		[@pos, @pos + @count) reached user space; returns true when
 *		user space is to be signalled for new contents
 */
struct vccw_request_region {
	size_t offset;
	size_t size;
	enum vccw_event event;
	int (*verdict)(struct vccw_dev *vd);
	bool (*read_done)(struct vccw_dev *vd, loff_t pos, size_t count);
};

/* Does [@pos, @pos + @count) lie inside a region of @size bytes? */
static inline bool vccw_region_range_ok(size_t size, size_t count, loff_t pos)
{
	return pos >= 0 && count <= size && pos <= size - count;
}

/* vfio_ccw_irq.c */
void vccw_irqs_init(struct vccw_irqs *irqs);
bool vccw_signal(struct vccw_irqs *irqs, unsigned int index);
void vccw_irqs_release(struct vccw_irqs *irqs);
int vccw_irqs_get_info(void __user *arg);
int vccw_irqs_set(struct vccw_irqs *irqs, void __user *arg);

/* vfio_ccw_io.c */
extern const struct vccw_request_region vccw_io_request;
ssize_t vccw_request_rw(struct vccw_dev *vd,
			const struct vccw_request_region *req,
			char __user *ubuf, const char __user *wbuf,
			size_t count, loff_t pos);
void vccw_io_work(struct work_struct *work);

/* vfio_ccw_async.c */
extern const struct vccw_request_region vccw_async_request;

/* vfio_ccw_chp.c */
ssize_t vccw_schib_region_read(struct vccw_dev *vd, char __user *ubuf,
			       size_t count, loff_t pos);
ssize_t vccw_crw_region_read(struct vccw_dev *vd, char __user *ubuf,
			     size_t count, loff_t pos);
void vccw_crw_queue(struct vccw_dev *vd, u8 rsc, u8 erc, u16 rsid);
void vccw_crw_flush(struct vccw_dev *vd);
void vccw_crw_work(struct work_struct *work);

/* vfio_ccw_cmf_sch.c */
extern const struct attribute_group *vccw_sch_groups[];
void vccw_cmf_setup(void);
void vccw_cmf_apply(struct vccw_parent *parent);
void vccw_cmf_release(struct vccw_parent *parent);
ssize_t vccw_cmf_region_read(struct vccw_dev *vd, char __user *ubuf,
			     size_t count, loff_t pos);

/* vfio_ccw_sch.c */
void vccw_gone_work(struct work_struct *work);

#endif /* _VFIO_CCW_PRIVATE_H_ */

// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap driver-wide state: the one &struct vfio_ap_state with its locks,
 * and the queue objects kept in its table (allocation, lookup, references).
 *
 * This is the bottom of the module: every other file of vfio_ap uses it,
 * and it calls into none of them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"

struct vfio_ap_state vfio_ap = {
	.guests_lock = __MUTEX_INITIALIZER(vfio_ap.guests_lock),
	.mdevs_lock = __MUTEX_INITIALIZER(vfio_ap.mdevs_lock),
	.mdevs = LIST_HEAD_INIT(vfio_ap.mdevs),
	.irq_queues = LIST_HEAD_INIT(vfio_ap.irq_queues),
	.queues = XARRAY_INIT(vfio_ap.queues, 0),
};

/**
 * vfio_ap_queue_alloc() - a new queue object, not yet in the queue table
 * @qdev:	the bus's queue device
 * @apqn:	its number
 *
 * The object holds one reference, the one the queue table will own; it has
 * no interruption resources and no mdev. The caller prepares its reset
 * state (vfio_ap_reset_init()) before anyone else can see it.
 *
 * Return: the object, or NULL when out of memory.
 */
struct vfio_ap_queue *vfio_ap_queue_alloc(struct device *qdev, u16 apqn)
{
	struct vfio_ap_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	q->qdev = qdev;
	q->apqn = apqn;
	kref_init(&q->ref);
	q->isc = VFIO_AP_ISC_NONE;
	INIT_LIST_HEAD(&q->irq_node);
	return q;
}

/**
 * vfio_ap_queue_find() - the vfio_ap queue object of an APQN
 * @apid:	adapter
 * @apqi:	domain
 *
 * Context: mdevs_lock held.
 * Return: the queue if it is bound to vfio_ap, else NULL.
 */
struct vfio_ap_queue *vfio_ap_queue_find(unsigned int apid, unsigned int apqi)
{
	vfio_ap_assert_read_locked();
	return xa_load(&vfio_ap.queues, AP_APQN(apid, apqi));
}

/**
 * vfio_ap_queue_get() - look a queue up and take a reference on it
 * @apqn:	the queue
 *
 * For waiting on a queue after the locks have been dropped: the object
 * stays valid, even if the queue is unbound meanwhile, until
 * vfio_ap_queue_put().
 *
 * Context: no vfio_ap lock held; takes mdevs_lock.
 * Return: the queue if it is bound to vfio_ap, else NULL.
 */
struct vfio_ap_queue *vfio_ap_queue_get(u16 apqn)
{
	struct vfio_ap_queue *q;

	guard(mutex)(&vfio_ap.mdevs_lock);
	q = xa_load(&vfio_ap.queues, apqn);
	if (q)
		kref_get(&q->ref);
	return q;
}

static void vfio_ap_queue_release(struct kref *ref)
{
	kfree(container_of(ref, struct vfio_ap_queue, ref));
}

/**
 * vfio_ap_queue_put() - drop a reference on a queue object
 * @q:	the queue, or NULL (nothing to drop)
 *
 * Context: no reset work of @q may be pending when the last reference
 * goes (queue remove drains it with vfio_ap_reset_drain() before dropping
 * the table's reference).
 */
void vfio_ap_queue_put(struct vfio_ap_queue *q)
{
	if (q)
		kref_put(&q->ref, vfio_ap_queue_release);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ap lock sets. The order, outermost first, is:
 *
 *   1. the bus's permission lock (apmask/aqmask; backend perms_lock)
 *   2. vfio_ap.guests_lock
 *   3. the guest's own lock (kvm->lock; backend guest_lock)
 *   4. the backend's PQAP hook lock (inside the backend only)
 *   5. vfio_ap.mdevs_lock
 *
 * Each combination the driver needs is a class: the constructor records
 * what it took (the guest may be absent, the permission lock optional) and
 * the destructor releases exactly that, in reverse order. A plain guard
 * cannot do this, because it skips its exit when its pointer is NULL.
 */
#ifndef _VFIO_AP_LOCKS_H_
#define _VFIO_AP_LOCKS_H_

#include <linux/cleanup.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>

#include "vfio_ap_private.h"

/**
 * struct vfio_ap_lockset - what one lock-set instance holds
 * @guest:	guest whose lock is held, or NULL
 * @mdev:	the mdev the set was taken for, or NULL
 * @perms:	the bus's permission lock is held
 */
struct vfio_ap_lockset {
	struct vfio_ap_guest *guest;
	struct vfio_ap_mdev *mdev;
	bool perms;
};

static inline struct vfio_ap_lockset
vfio_ap_lockset_take(struct vfio_ap_mdev *m, bool perms)
{
	struct vfio_ap_lockset l = { .mdev = m, .perms = perms };

	if (perms)
		vfio_ap_backend.perms_lock();
	mutex_lock(&vfio_ap.guests_lock);
	/* The guest of an mdev only changes under guests_lock. */
	l.guest = m ? m->guest : NULL;
	if (l.guest)
		vfio_ap_backend.guest_lock(l.guest);
	mutex_lock(&vfio_ap.mdevs_lock);
	return l;
}

static inline void vfio_ap_lockset_drop(struct vfio_ap_lockset *l)
{
	mutex_unlock(&vfio_ap.mdevs_lock);
	if (l->guest)
		vfio_ap_backend.guest_unlock(l->guest);
	mutex_unlock(&vfio_ap.guests_lock);
	if (l->perms)
		vfio_ap_backend.perms_unlock();
}

/* guests_lock, the mdev's guest lock if attached, mdevs_lock. */
DEFINE_CLASS(vfio_ap_lock_mdev, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_take(m, false),
	     struct vfio_ap_mdev *m)

/* The bus's permission lock first, then vfio_ap_lock_mdev. */
DEFINE_CLASS(vfio_ap_lock_config, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_take(m, true),
	     struct vfio_ap_mdev *m)

static inline struct vfio_ap_mdev *vfio_ap_apqn_owner(u16 apqn)
{
	struct vfio_ap_mdev *m;

	lockdep_assert_held(&vfio_ap.guests_lock);
	list_for_each_entry(m, &vfio_ap.mdevs, node)
		if (vfio_ap_test_id(m->matrix.apm, VFIO_AP_APQN_APID(apqn)) &&
		    vfio_ap_test_id(m->matrix.aqm, VFIO_AP_APQN_APQI(apqn)))
			return m;
	return NULL;
}

static inline struct vfio_ap_lockset vfio_ap_lockset_apqn(u16 apqn)
{
	struct vfio_ap_lockset l = {};

	mutex_lock(&vfio_ap.guests_lock);
	l.mdev = vfio_ap_apqn_owner(apqn);
	l.guest = l.mdev ? l.mdev->guest : NULL;
	if (l.guest)
		vfio_ap_backend.guest_lock(l.guest);
	mutex_lock(&vfio_ap.mdevs_lock);
	return l;
}

/* For queue probe/remove: the update locks of the mdev owning @apqn. */
DEFINE_CLASS(vfio_ap_lock_apqn, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_apqn(apqn), u16 apqn)

/* Reading an mdev's state needs only the innermost lock. */
static inline void vfio_ap_assert_read_locked(void)
{
	lockdep_assert_held(&vfio_ap.mdevs_lock);
}

/* Changing an mdev needs guests_lock, its guest's lock and mdevs_lock. */
static inline void vfio_ap_assert_update_locked(struct vfio_ap_mdev *m)
{
	lockdep_assert_held(&vfio_ap.guests_lock);
	lockdep_assert_held(&vfio_ap.mdevs_lock);
	if (m && m->guest)
		vfio_ap_backend.guest_assert_locked(m->guest);
}

#endif /* _VFIO_AP_LOCKS_H_ */

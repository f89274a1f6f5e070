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
 *
 * The sequences themselves are written once, in two halves: the outer one
 * takes 1 (optional) and 2, the inner one 3 (if the mdev has a guest) and
 * 5; one drop releases both. Every class is built from them, including
 * the one for walks of the mdev list, where the caller holds 2 across the
 * walk and each mdev gets only the inner half. Lock 4 is the backend's
 * and never part of a set; the paths that set or clear the PQAP hook
 * (open and close in vfio_ap_ops.c) take their locks in the same order
 * by hand, because the hook goes in between 3 and 5.
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
 * @guests:	guests_lock was taken by the set (not by its caller)
 */
struct vfio_ap_lockset {
	struct vfio_ap_guest *guest;
	struct vfio_ap_mdev *mdev;
	bool perms;
	bool guests;
};

/*
 * The two halves every set is made of, written only here: the outer one
 * takes locks 1 (if @perms) and 2, the inner one 3 (if @m has a guest) and
 * 5. vfio_ap_lockset_drop() releases what they recorded, in reverse.
 */
static inline void vfio_ap_lockset_outer(struct vfio_ap_lockset *l,
					 bool perms)
{
	l->perms = perms;
	l->guests = true;
	if (perms)
		vfio_ap_backend.perms_lock();
	mutex_lock(&vfio_ap.guests_lock);
}

static inline void vfio_ap_lockset_inner(struct vfio_ap_lockset *l,
					 struct vfio_ap_mdev *m)
{
	/* The guest of an mdev only changes under guests_lock. */
	lockdep_assert_held(&vfio_ap.guests_lock);
	l->mdev = m;
	l->guest = m ? m->guest : NULL;
	if (l->guest)
		vfio_ap_backend.guest_lock(l->guest);
	mutex_lock(&vfio_ap.mdevs_lock);
}

static inline void vfio_ap_lockset_drop(struct vfio_ap_lockset *l)
{
	mutex_unlock(&vfio_ap.mdevs_lock);
	if (l->guest)
		vfio_ap_backend.guest_unlock(l->guest);
	if (l->guests)
		mutex_unlock(&vfio_ap.guests_lock);
	if (l->perms)
		vfio_ap_backend.perms_unlock();
}

static inline struct vfio_ap_lockset
vfio_ap_lockset_take(struct vfio_ap_mdev *m, bool perms)
{
	struct vfio_ap_lockset l = {};

	vfio_ap_lockset_outer(&l, perms);
	vfio_ap_lockset_inner(&l, m);
	return l;
}

/* guests_lock, the mdev's guest lock if attached, mdevs_lock. */
DEFINE_CLASS(vfio_ap_lock_mdev, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_take(m, false),
	     struct vfio_ap_mdev *m)

/* The bus's permission lock first, then vfio_ap_lock_mdev. */
DEFINE_CLASS(vfio_ap_lock_config, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_take(m, true),
	     struct vfio_ap_mdev *m)

static inline struct vfio_ap_lockset
vfio_ap_lockset_walk(struct vfio_ap_mdev *m)
{
	struct vfio_ap_lockset l = {};

	vfio_ap_lockset_inner(&l, m);
	return l;
}

/*
 * For a walk of &vfio_ap_state.mdevs under guests_lock, which the caller
 * holds across the walk: the rest of the update locks of each mdev, its
 * guest lock if attached and mdevs_lock. guests_lock stays held on exit.
 */
DEFINE_CLASS(vfio_ap_lock_walk_mdev, struct vfio_ap_lockset,
	     vfio_ap_lockset_drop(&_T), vfio_ap_lockset_walk(m),
	     struct vfio_ap_mdev *m)

static inline struct vfio_ap_mdev *vfio_ap_apqn_owner(u16 apqn)
{
	struct vfio_ap_mdev *m;

	lockdep_assert_held(&vfio_ap.guests_lock);
	list_for_each_entry(m, &vfio_ap.mdevs, node)
		if (ap_test_id(m->matrix.apm, AP_APQN_APID(apqn)) &&
		    ap_test_id(m->matrix.aqm, AP_APQN_APQI(apqn)))
			return m;
	return NULL;
}

static inline struct vfio_ap_lockset vfio_ap_lockset_apqn(u16 apqn)
{
	struct vfio_ap_lockset l = {};

	vfio_ap_lockset_outer(&l, false);
	vfio_ap_lockset_inner(&l, vfio_ap_apqn_owner(apqn));
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ap internals shared by the files of the module: the mediated device,
 * the queue object and the driver-wide state. See vfio-ap-design.rst for the
 * file split and the lock order.
 */
#ifndef _VFIO_AP_PRIVATE_H_
#define _VFIO_AP_PRIVATE_H_

#include <linux/cleanup.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "vfio_ap_backend.h"
#include "vfio_ap_matrix.h"

#define VFIO_AP_DRV_NAME	"vfio_ap"
#define VFIO_AP_MDEV_DRV_NAME	"vfio_ap_mdev"
#define VFIO_AP_MAX_MDEVS	(VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS)
#define VFIO_AP_NR_APQNS	(VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS)

/* No interruption subclass registered for a queue. */
#define VFIO_AP_ISC_NONE	0xff

/**
 * enum vfio_ap_reset_state - where the reset of one queue stands
 * @VFIO_AP_RESET_IDLE:		no reset running; @reset_rc says how the
 *				last one ended
 * @VFIO_AP_RESET_VERIFYING:	ZAPQ accepted, TAPQ polls until it completes
 * @VFIO_AP_RESET_FAILED:	the reset did not complete (unexpected
 *				response or polling budget exhausted)
 * @VFIO_AP_NR_RESET_STATES:	number of states
 */
enum vfio_ap_reset_state {
	VFIO_AP_RESET_IDLE,
	VFIO_AP_RESET_VERIFYING,
	VFIO_AP_RESET_FAILED,
	VFIO_AP_NR_RESET_STATES,
};

struct vfio_ap_mdev;

/**
 * struct vfio_ap_queue - a queue device bound to vfio_ap
 * @qdev:	the bus's queue device
 * @apqn:	adapter and domain
 * @ref:	one reference for &vfio_ap_state.queues (dropped by queue
 *		remove), one per vfio_ap_resets_wait() waiting on the queue
 * @mdev:	the mdev the queue is linked to (assigned), or NULL
 * @reset_state: enum vfio_ap_reset_state
 * @reset_rc:	response code the last ZAPQ answered (0 before any reset)
 * @reset_polls: TAPQ polls made by the running reset
 * @reset_work:	polls the running reset
 * @reset_done:	completed whenever no reset is running
 * @irq_owner:	the mdev whose device pinned the notification byte (NIB)
 *		and whose guest has @isc registered, or NULL. Set only while
 *		the queue is linked to it, in its guest view and its guest is
 *		attached; whatever ends one of these gives pin and ISC back
 *		first (see vfio_ap_irq.c)
 * @isc:	guest ISC registered for interruptions, valid with @irq_owner
 * @nib_iova:	guest address of the pinned NIB, valid with @irq_owner
 * @irq_node:	in &vfio_ap_state.irq_queues while @irq_owner is set
 * @nib_page:	vfio_ap's own reference on the page holding the NIB, kept
 *		for as long as the adapter may store into it (interruptions
 *		not known to be off), independent of pin and owner; NULL
 *		otherwise
 *
 * Lives from probe to remove and until the last waiter lets go; the fields
 * are protected by &vfio_ap_state.mdevs_lock. The reset work item polls
 * without the lock and takes it for each step.
 */
struct vfio_ap_queue {
	struct device *qdev;
	u16 apqn;
	struct kref ref;
	struct vfio_ap_mdev *mdev;
	enum vfio_ap_reset_state reset_state;
	u8 reset_rc;
	unsigned int reset_polls;
	struct delayed_work reset_work;
	struct completion reset_done;
	struct vfio_ap_mdev *irq_owner;
	u8 isc;
	u64 nib_iova;
	struct list_head irq_node;
	struct page *nib_page;
};

/**
 * struct vfio_ap_resets - the queue resets one operation waits for
 * @apqns:	bitmap of the APQNs whose resets were started or joined
 * @spare:	@apqns is the driver's spare bitmap (allocation failed), held
 *		with its mutex until vfio_ap_resets_destroy()
 *
 * Resets are started with the update locks held and waited for after
 * every vfio_ap lock has been dropped (vfio_ap_resets_wait()); the set
 * says which queues to wait for. Use it as CLASS(vfio_ap_resets, rs)(),
 * created before any vfio_ap lock is taken.
 */
struct vfio_ap_resets {
	unsigned long *apqns;
	bool spare;
};

/**
 * struct vfio_ap_mdev - one vfio_ap mediated device
 * @vdev:	the VFIO device; its lifetime is the object's lifetime
 * @mdev:	the mdev it belongs to
 * @node:	in &vfio_ap_state.mdevs
 * @matrix:	what user space assigned
 * @shadow:	the guest view: @matrix filtered by host configuration and
 *		bound queues (the shadow APCB)
 * @apm_add:	adapters added to the host configuration and assigned here,
 *		waiting for scan_complete
 * @aqm_add:	the same for usage domains
 * @adm_add:	the same for control domains
 * @guest:	the guest the device is attached to, or NULL
 * @removing:	the mdev is being removed: its guest view stays empty
 * @req_trigger: eventfd of the request IRQ, or NULL
 * @cfg_trigger: eventfd of the configuration change IRQ, or NULL; only
 *		set while the device is open
 *
 * Changing @matrix, @shadow, the pending masks, @guest or @removing needs
 * the update locks (vfio_ap_assert_update_locked()); reading needs
 * mdevs_lock. The two triggers are set, signalled and released under
 * mdevs_lock alone.
 */
struct vfio_ap_mdev {
	struct vfio_device vdev;
	struct mdev_device *mdev;
	struct list_head node;
	struct vfio_ap_matrix matrix;
	struct vfio_ap_matrix shadow;
	DECLARE_BITMAP(apm_add, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm_add, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(adm_add, VFIO_AP_NR_APQIS);
	struct vfio_ap_guest *guest;
	bool removing;
	struct eventfd_ctx *req_trigger;
	struct eventfd_ctx *cfg_trigger;
};

/**
 * struct vfio_ap_state - driver-wide state
 * @guests_lock: which mdev is attached to which guest; held while walking
 *		@mdevs in the bus callbacks (second in the lock order)
 * @mdevs_lock:	@mdevs, every matrix, the queue table and queue state
 *		(innermost)
 * @mdevs:	all vfio_ap mdevs
 * @queues:	queues bound to vfio_ap, indexed by APQN
 * @irq_queues:	queues whose pin and ISC an mdev owns (irq_owner set)
 * @host:	cached host AP configuration
 * @root:	/sys/devices/vfio_ap
 * @matrix_dev:	/sys/devices/vfio_ap/matrix, the mdev parent
 * @parent:	the mdev parent
 */
struct vfio_ap_state {
	struct mutex guests_lock;	/* see the kernel-doc above */
	struct mutex mdevs_lock;	/* see the kernel-doc above */
	struct list_head mdevs;
	struct xarray queues;
	struct list_head irq_queues;
	struct vfio_ap_hostcfg host;
	struct device *root;
	struct device *matrix_dev;
	struct mdev_parent parent;
};

static inline struct vfio_ap_mdev *vfio_ap_mdev_of(struct device *dev)
{
	return dev_get_drvdata(dev);
}

/*
 * The files of vfio_ap, bottom up: each one calls only into the files
 * listed before it (and the matrix model and backend below them all);
 * vfio_ap_drv.c, the module itself, sits on top of everything.
 */

/* vfio_ap_state.c */
extern struct vfio_ap_state vfio_ap;
struct vfio_ap_queue *vfio_ap_queue_alloc(struct device *qdev, u16 apqn);
struct vfio_ap_queue *vfio_ap_queue_find(unsigned int apid,
					 unsigned int apqi);
struct vfio_ap_queue *vfio_ap_queue_get(u16 apqn);
void vfio_ap_queue_put(struct vfio_ap_queue *q);

DEFINE_FREE(vfio_ap_queue_put, struct vfio_ap_queue *, vfio_ap_queue_put(_T))

/* vfio_ap_irq.c */
int vfio_ap_pqap(void *ctx, const struct vfio_ap_pqap_req *req,
		 struct vfio_ap_qstatus *status);
struct vfio_ap_qstatus vfio_ap_irq_disable(struct vfio_ap_queue *q,
					   bool force);
void vfio_ap_irq_unown(struct vfio_ap_queue *q);
bool vfio_ap_irq_hw_disable(struct vfio_ap_queue *q);
void vfio_ap_irq_hw_off(struct vfio_ap_queue *q);
void vfio_ap_irq_sweep(struct vfio_ap_mdev *m, bool closing);
void vfio_ap_irq_dma_unmap(struct vfio_ap_mdev *m, u64 iova, u64 length);

/* vfio_ap_reset.c */
void vfio_ap_reset_init(struct vfio_ap_queue *q);
void vfio_ap_reset_start(struct vfio_ap_queue *q, struct vfio_ap_resets *rs);
void vfio_ap_reset_drain(struct vfio_ap_queue *q);
void vfio_ap_reset_apqns(const unsigned long *apm, const unsigned long *aqm,
			 struct vfio_ap_mdev *owner, struct vfio_ap_resets *rs);
void vfio_ap_reset_mdev(struct vfio_ap_mdev *m, struct vfio_ap_resets *rs);
struct vfio_ap_resets vfio_ap_resets_create(void);
void vfio_ap_resets_destroy(struct vfio_ap_resets *rs);
int vfio_ap_resets_wait(struct vfio_ap_resets *rs);

DEFINE_CLASS(vfio_ap_resets, struct vfio_ap_resets,
	     vfio_ap_resets_destroy(&_T), vfio_ap_resets_create(), void)

/* vfio_ap_hotplug.c */
void vfio_ap_view_changed(struct vfio_ap_mdev *m);
void vfio_ap_plug(struct vfio_ap_mdev *m, struct vfio_ap_resets *rs);
void vfio_ap_unlink_all(struct vfio_ap_mdev *m);
int vfio_ap_queue_probe(struct device *qdev, u16 apqn);
void vfio_ap_queue_remove(struct device *qdev, u16 apqn);
int vfio_ap_in_use(const unsigned long *apm, const unsigned long *aqm);
void vfio_ap_config_changed(const struct vfio_ap_hostcfg *cur,
			    const struct vfio_ap_hostcfg *prev);
void vfio_ap_scan_complete(void);

/* vfio_ap_sysfs.c */
extern const struct attribute_group *vfio_ap_mdev_groups[];
extern const struct attribute_group *vfio_ap_queue_groups[];

/* vfio_ap_ops.c */
extern struct mdev_driver vfio_ap_mdev_driver;

#endif /* _VFIO_AP_PRIVATE_H_ */

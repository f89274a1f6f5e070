/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ap backend interface: every way vfio_ap reaches the AP bus, the AP
 * instructions and the guest (KVM) goes through struct vfio_ap_backend_ops.
 *
 * Exactly one hardware-access file of vfio_ap defines the ops table
 * vfio_ap_backend:
 *
 * - vfio_ap_hw.c (production, s390 only): the real AP bus (ap_driver,
 *   ap_perms), the PQAP/TAPQ/ZAPQ/RAPQ/AQIC instructions and KVM (CRYCB,
 *   GISA, the PQAP intercept hook);
 * - vfio_ap_sim.c (test build, any architecture): forwards to apsim, the
 *   simulated AP bus, whose queues answer with scripted response codes and
 *   whose simulated guest records the APCB and AQIC state for tests to read.
 *
 * Everything else in vfio_ap is the same source in both builds. See
 * Documentation/driver-api/zmdev/vfio-ap-design.rst.
 *
 * Masks passed across this interface are 256-bit bitmaps in the architected
 * numbering of vfio_ap_matrix.h. On s390 that is bit-for-bit the layout the
 * AP bus uses (set_bit_inv on unsigned long) and, the machine being 64-bit
 * big-endian, that of the QCI block's u32 masks and of the CRYCB, so the
 * real backend passes masks through unchanged (vfio_ap_hw.c states the
 * assumptions as build-time checks).
 */
#ifndef _VFIO_AP_BACKEND_H_
#define _VFIO_AP_BACKEND_H_

#include <linux/types.h>

#include "vfio_ap_matrix.h"

struct attribute_group;
struct device;
struct vfio_device;

/* Adapter types vfio_ap drives: CEX4 up to CEX8. */
#define VFIO_AP_TYPE_MIN	10
#define VFIO_AP_TYPE_MAX	14

/**
 * struct vfio_ap_qstatus - the queue status an AP instruction returns
 * @rc:			response code (enum ap_rc)
 * @queue_empty:	E bit: no request is queued
 * @replies_waiting:	R bit: replies are waiting to be dequeued
 * @queue_full:		F bit
 * @async:		A bit: asynchronous error pending
 * @irq_enabled:	I bit: interruptions are enabled for the queue
 *
 * The same layout-free form is used for every instruction, for the PQAP
 * intercept (where vfio_ap builds the status the guest sees) and by apsim.
 */
struct vfio_ap_qstatus {
	u8 rc;
	bool queue_empty;
	bool replies_waiting;
	bool queue_full;
	bool async;
	bool irq_enabled;
};

/**
 * struct vfio_ap_tapq_info - what TAPQ with the T bit reports
 * @type:	adapter type (e.g. 13 for CEX7); vfio_ap drives
 *		%VFIO_AP_TYPE_MIN to %VFIO_AP_TYPE_MAX
 * @functions:	facility bits of the adapter (accelerator, CCA, EP11, ...)
 * @queue_depth: maximum number of requests the queue holds
 * @apxa:	the APXA facility is installed
 */
struct vfio_ap_tapq_info {
	u8 type;
	u32 functions;
	u8 queue_depth;
	bool apxa;
};

/**
 * struct vfio_ap_aqic - the interruption controls of one AQIC
 * @enable:	true to enable interruptions (IR bit), false to disable
 * @gisc:	guest interruption subclass to deliver to
 * @gisa:	origin of the guest's GISA, as the backend reported it
 *
 * The host interruption subclass is the backend's own choice and not part
 * of the request.
 */
struct vfio_ap_aqic {
	bool enable;
	u8 gisc;
	u32 gisa;
};

/**
 * struct vfio_ap_pqap_req - a guest's PQAP(AQIC), as the intercept decoded it
 * @apqn:	the queue the guest addressed (GR0)
 * @enable:	IR bit of GR1: enable (true) or disable interruptions
 * @gisc:	guest interruption subclass (GR1 bits 61-63)
 * @nib:	guest address of the notification indicator byte (GR2)
 * @cpu:	the backend's handle of the virtual CPU that issued the
 *		instruction (the struct kvm_vcpu in the real backend, NULL
 *		for apsim). vfio_ap never looks at it; it only hands the
 *		request back to &vfio_ap_backend_ops.guest_aiv and
 *		&vfio_ap_backend_ops.guest_nib_share, because KVM keeps
 *		both answers per vCPU
 */
struct vfio_ap_pqap_req {
	u16 apqn;
	bool enable;
	u8 gisc;
	u64 nib;
	void *cpu;
};

/**
 * typedef vfio_ap_pqap_fn - vfio_ap's handler for an intercepted PQAP(AQIC)
 * @ctx:	the context given to &vfio_ap_backend_ops.guest_set_hook
 * @req:	the decoded request
 * @status:	receives the queue status the guest sees in GR1
 *
 * Called by the backend for each PQAP(AQIC) of the guest the hook is set
 * on, with the backend's hook lock held for reading, so that it cannot run
 * once guest_clear_hook() has returned. May sleep.
 *
 * Return: 0 when @status is valid (the backend sets the condition code from
 * it), or a negative errno to let user space handle the instruction
 * (-EOPNOTSUPP when adapter interruption virtualisation is unavailable).
 */
typedef int (*vfio_ap_pqap_fn)(void *ctx, const struct vfio_ap_pqap_req *req,
			       struct vfio_ap_qstatus *status);

/**
 * struct vfio_ap_queue_driver - vfio_ap's queue driver, as the bus sees it
 * @name:		driver name; "vfio_ap"
 * @dev_groups:		attributes of each bound queue device (`status`),
 *			created and removed by the driver core
 * @probe:		a queue device @qdev with number @apqn is bound;
 *			return 0 or a negative errno
 * @remove:		the queue is being unbound
 * @in_use:		the bus wants to give the queues @apm x @aqm to its
 *			default drivers (apmask/aqmask write); return
 *			-EADDRINUSE if an mdev holds any of them, else 0.
 *			Called with the bus's permission lock held
 * @config_changed:	the host configuration changed from @prev to @cur;
 *			called before the bus adds or removes devices
 * @scan_complete:	the bus finished the scan that followed a
 *			configuration change
 *
 * The backend wraps this in the bus's own driver structure: the real AP
 * bus matches card types %VFIO_AP_TYPE_MIN..%VFIO_AP_TYPE_MAX and registers
 * it as a non-default driver. The driver data of @qdev belongs to vfio_ap.
 */
struct vfio_ap_queue_driver {
	const char *name;
	const struct attribute_group **dev_groups;
	int (*probe)(struct device *qdev, u16 apqn);
	void (*remove)(struct device *qdev, u16 apqn);
	int (*in_use)(const unsigned long *apm, const unsigned long *aqm);
	void (*config_changed)(const struct vfio_ap_hostcfg *cur,
			       const struct vfio_ap_hostcfg *prev);
	void (*scan_complete)(void);
};

/* The backend's view of one guest (a KVM, or an apsim guest). */
struct vfio_ap_guest;

/**
 * struct vfio_ap_backend_ops - what vfio_ap needs from bus, machine and guest
 *
 * Host and bus:
 *
 * @available:	AP instructions exist; without them module init fails with
 *		-ENODEV
 * @qci:	read the host AP configuration into @cfg; -EOPNOTSUPP without
 *		the QCI facility (the caller then uses an all-zero config)
 * @driver_register:	register @drv with the bus; queues bound to it are
 *		probed from within this call
 * @driver_unregister:	undo @driver_register; every queue is removed first
 * @perms_lock:	take the bus lock that serialises apmask/aqmask changes
 *		(ap_perms_mutex, apsim_perms_lock()); vfio_ap holds it around
 *		assign_adapter, assign_domain and ap_config writes (first in
 *		the lock order). The bus holds it when it calls @in_use
 * @perms_unlock: release @perms_lock
 * @apqns_reserved: whether any queue in @apm x @aqm is reserved for the
 *		bus's default drivers by apmask/aqmask. Caller holds
 *		@perms_lock
 *
 * AP instructions (may sleep in apsim; never sleep in the real backend):
 *
 * @tapq:	TAPQ on @apqn; with @tbit, also fill @info (may be NULL
 *		otherwise)
 * @zapq:	ZAPQ (reset and zeroize); @fbit: full reset
 * @aqic:	AQIC on @apqn with controls @ctl; @nib is the host physical
 *		address of the pinned notification byte (0 when disabling)
 *
 * Guest (KVM) side. A guest handle exists from @guest_open to @guest_close;
 * every other guest op needs a live handle:
 *
 * @guest_open:	find the guest @vdev is used by and take a reference.
 *		-EINVAL if there is none. Sets *@guest to NULL (and returns 0)
 *		when the guest has no crypto control block, in which case
 *		vfio_ap runs without plugging anything
 * @guest_close: drop the reference from @guest_open
 * @guest_lock:	take the guest's own lock (kvm->lock); second in vfio_ap's
 *		lock order, after the list of guests and before the mdev lock
 * @guest_unlock: release @guest_lock
 * @guest_assert_locked: lockdep_assert_held() on the @guest_lock lock, for
 *		vfio_ap's "caller holds the update locks" helpers
 * @guest_set_hook: install @fn as the guest's PQAP(AQIC) handler;
 *		-EPERM if another handler (another mdev) is installed. The
 *		check and the install are one step under the backend's hook
 *		lock (pqap_hook_rwsem, written). Caller holds @guest_lock and
 *		must NOT hold the mdev lock: @fn takes the mdev lock while
 *		the backend holds the hook lock for reading
 * @guest_clear_hook: remove the handler and wait for running calls of it;
 *		same locking rule as @guest_set_hook
 * @guest_set_apcb: make @view's apm/aqm/adm the guest's AP configuration
 *		(CRYCB masks) and have every vCPU pick it up; the backend
 *		truncates to the CRYCB format the guest uses
 * @guest_clear_apcb: empty the guest's AP configuration
 * @guest_gisa:	origin of the guest's GISA for &struct vfio_ap_aqic.gisa
 * @guest_gisc_register: register guest ISC @gisc with the GISA;
 *		0 or a negative errno (AQIC then answers 0x06)
 * @guest_gisc_unregister: undo @guest_gisc_register
 * @guest_nib_share: make the page holding the notification byte of @req
 *		(guest address @req->nib, pinned at host physical address
 *		@nib_phys) usable by the adapter (Secure Execution guests:
 *		shared with the host); 0 or a negative errno. Only called
 *		from within the PQAP handler, for the vCPU of @req
 * @guest_aiv:	adapter interruption virtualisation is available to the
 *		vCPU that issued @req; without it PQAP(AQIC) goes to user
 *		space. Only called from within the PQAP handler
 *
 * Context: ops that may sleep are called without spinlocks held; the lock
 * each op needs is stated with it. All pointers stay owned by the caller.
 */
struct vfio_ap_backend_ops {
	bool (*available)(void);
	int (*qci)(struct vfio_ap_hostcfg *cfg);
	int (*driver_register)(struct vfio_ap_queue_driver *drv);
	void (*driver_unregister)(struct vfio_ap_queue_driver *drv);
	void (*perms_lock)(void);
	void (*perms_unlock)(void);
	bool (*apqns_reserved)(const unsigned long *apm,
			       const unsigned long *aqm);

	struct vfio_ap_qstatus (*tapq)(u16 apqn, bool tbit,
				       struct vfio_ap_tapq_info *info);
	struct vfio_ap_qstatus (*zapq)(u16 apqn, bool fbit);
	struct vfio_ap_qstatus (*aqic)(u16 apqn, const struct vfio_ap_aqic *ctl,
				       phys_addr_t nib);

	int (*guest_open)(struct vfio_device *vdev,
			  struct vfio_ap_guest **guest);
	void (*guest_close)(struct vfio_ap_guest *guest);
	void (*guest_lock)(struct vfio_ap_guest *guest);
	void (*guest_unlock)(struct vfio_ap_guest *guest);
	void (*guest_assert_locked)(struct vfio_ap_guest *guest);
	int (*guest_set_hook)(struct vfio_ap_guest *guest, vfio_ap_pqap_fn fn,
			      void *ctx);
	void (*guest_clear_hook)(struct vfio_ap_guest *guest);
	void (*guest_set_apcb)(struct vfio_ap_guest *guest,
			       const struct vfio_ap_matrix *view);
	void (*guest_clear_apcb)(struct vfio_ap_guest *guest);
	u32 (*guest_gisa)(struct vfio_ap_guest *guest);
	int (*guest_gisc_register)(struct vfio_ap_guest *guest, u8 gisc);
	void (*guest_gisc_unregister)(struct vfio_ap_guest *guest, u8 gisc);
	int (*guest_nib_share)(struct vfio_ap_guest *guest,
			       const struct vfio_ap_pqap_req *req,
			       phys_addr_t nib_phys);
	bool (*guest_aiv)(struct vfio_ap_guest *guest,
			  const struct vfio_ap_pqap_req *req);
};

/*
 * Defined by the hardware-access file linked into vfio_ap.ko: vfio_ap_hw.c
 * or vfio_ap_sim.c.
 */
extern const struct vfio_ap_backend_ops vfio_ap_backend;

#endif /* _VFIO_AP_BACKEND_H_ */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * apsim: a simulated s390 AP (crypto) bus. This header is the interface
 * that other modules (vfio_ap's apsim backend, tests) use: the bus, its
 * queue devices, the driver registration API, the host-ownership masks
 * and the simulated AP instructions.
 *
 * Numbering follows the architecture: an APQN is (adapter << 8) | domain;
 * masks are 256-bit bitmaps whose ID 0 is the leftmost bit, stored with the
 * same layout the real AP bus uses (ID n is bit n ^ (BITS_PER_LONG - 1)).
 */
#ifndef _APSIM_H_
#define _APSIM_H_

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/types.h>

#include "../ap_arch.h"

#define APSIM_NR_ADAPTERS	256
#define APSIM_NR_DOMAINS	256

/*
 * Hardware types (TAPQ "AT" field) and card modes. vfio_ap drives CEX4 to
 * CEX8; apsim also models the CEX3 before them (8 accelerator, 9 CCA) and
 * a CEX9 after them (15), so that tests can plug adapters vfio_ap must not
 * take.
 */
#define APSIM_HWTYPE_CEX3A	8
#define APSIM_HWTYPE_CEX3C	9
#define APSIM_HWTYPE_CEX4	10
#define APSIM_HWTYPE_CEX8	14
#define APSIM_HWTYPE_CEX9	15

/**
 * enum apsim_mode - the function a simulated card is configured for
 * @APSIM_MODE_ACCEL:	accelerator ("A" suffix of the type)
 * @APSIM_MODE_CCA:	CCA coprocessor ("C")
 * @APSIM_MODE_EP11:	EP11 coprocessor ("P")
 */
enum apsim_mode {
	APSIM_MODE_ACCEL,
	APSIM_MODE_CCA,
	APSIM_MODE_EP11,
};

/**
 * struct apsim_config_info - the AP configuration, as QCI reports it
 * @apm:	configured adapters
 * @aqm:	configured usage domains
 * @adm:	configured control domains
 * @apxa:	APXA facility: IDs above 63 / 15 are usable
 * @na:		highest adapter ID of the machine
 * @nd:		highest domain ID of the machine
 */
struct apsim_config_info {
	DECLARE_BITMAP(apm, APSIM_NR_ADAPTERS);
	DECLARE_BITMAP(aqm, APSIM_NR_DOMAINS);
	DECLARE_BITMAP(adm, APSIM_NR_DOMAINS);
	bool apxa;
	u8 na;
	u8 nd;
};

/**
 * struct apsim_qstatus - what a simulated AP instruction reports
 * @rc:			response code (APSIM_RC_*)
 * @queue_empty:	E bit: no request and no reply is queued
 * @replies_waiting:	R bit: replies wait to be dequeued
 * @queue_full:		F bit: every request slot is taken
 * @irq_enabled:	adapter interruptions are enabled for the queue
 */
struct apsim_qstatus {
	u8 rc;
	bool queue_empty;
	bool replies_waiting;
	bool queue_full;
	bool irq_enabled;
};

/**
 * struct apsim_qinfo - the TAPQ information word of a queue
 * @hwtype:	hardware type (8 = CEX3A ... 14 = CEX8, 15 = CEX9)
 * @mode:	configured card mode
 * @functions:	facility bits, MSB first, as in the ap_functions attribute
 * @depth:	queue depth (number of request slots)
 */
struct apsim_qinfo {
	u8 hwtype;
	enum apsim_mode mode;
	u32 functions;
	u8 depth;
};

/**
 * struct apsim_queue - a queue device "XX.YYYY" on the simulated bus
 * @dev:	the device; its parent is the card device
 * @apqn:	adapter and domain
 * @hwtype:	hardware type of the card the queue belongs to
 */
struct apsim_queue {
	struct device dev;
	u16 apqn;
	u8 hwtype;
};

#define to_apsim_queue(d) container_of_const(d, struct apsim_queue, dev)

/* Flags of struct apsim_driver. */
#define APSIM_DRIVER_DEFAULT	BIT(0)	/* a host driver: owns apmask x aqmask */

/**
 * struct apsim_driver - a queue driver on the simulated AP bus
 * @driver:		the driver core part; set .name (and .dev_groups)
 * @flags:		APSIM_DRIVER_*; vfio_ap registers with 0
 * @min_hwtype:		lowest hardware type whose queues the driver takes
 * @max_hwtype:		highest such type; 0 (with @min_hwtype 0): any type,
 *			as the real bus's device ID table of a driver
 * @probe:		bind a queue; return 0 or an errno
 * @remove:		unbind a queue
 * @in_use:		may the queues of @apm x @aqm be handed to the host
 *			drivers? Return 0 or an errno (the bus turns any
 *			error into -EBUSY for the writer of apmask/aqmask).
 *			Called with the ownership lock held
 *			(apsim_perms_lock()).
 * @on_config_changed:	the configuration changed; called before queues of
 *			removed adapters/domains are unregistered and new ones
 *			registered
 * @on_scan_complete:	called after the bus has added and removed the
 *			devices of a configuration change
 *
 * A non-default driver is only offered queues outside apmask x aqmask, a
 * default driver only queues inside it. Card devices always stay with the
 * bus's own host driver.
 */
struct apsim_driver {
	struct device_driver driver;
	unsigned int flags;
	u8 min_hwtype;
	u8 max_hwtype;
	int (*probe)(struct apsim_queue *q);
	void (*remove)(struct apsim_queue *q);
	int (*in_use)(unsigned long *apm, unsigned long *aqm);
	void (*on_config_changed)(struct apsim_config_info *cur,
				  struct apsim_config_info *prev);
	void (*on_scan_complete)(void);
};

#define to_apsim_driver(d) container_of_const(d, struct apsim_driver, driver)

int __apsim_driver_register(struct apsim_driver *drv, struct module *owner);
#define apsim_driver_register(drv) __apsim_driver_register(drv, THIS_MODULE)
void apsim_driver_unregister(struct apsim_driver *drv);

void apsim_perms_lock(void);
void apsim_perms_unlock(void);
bool apsim_apqns_owned_by_host(const unsigned long *apm,
			       const unsigned long *aqm);

/* Simulated AP instructions. */
void apsim_tapq(u16 apqn, struct apsim_qstatus *st, struct apsim_qinfo *info);
void apsim_zapq(u16 apqn, struct apsim_qstatus *st);
void apsim_aqic(u16 apqn, bool enable, u8 isc, u32 gisa, phys_addr_t nib,
		struct apsim_qstatus *st);
int apsim_qci(struct apsim_config_info *info);

/*
 * Guest side. The test VM has no KVM: a simulated guest stands for a KVM
 * guest with a crypto control block. Tests create guests (debugfs
 * guest_ctl) named after the VFIO device (mdev UUID) they "run" with;
 * vfio_ap finds the guest of a device with apsim_guest_get().
 */
struct apsim_guest;

/**
 * typedef apsim_pqap_fn - handler of a guest's intercepted PQAP(AQIC)
 * @ctx:	the context given to apsim_guest_set_hook()
 * @apqn:	queue addressed by the guest
 * @enable:	enable (true) or disable interruptions
 * @gisc:	guest interruption subclass
 * @nib:	guest address of the notification indicator byte
 * @st:		receives the status the guest sees
 *
 * Called with the guest's hook lock held for reading; may sleep.
 *
 * Return: 0 if @st is valid, or a negative errno to hand the instruction
 * to user space.
 */
typedef int (*apsim_pqap_fn)(void *ctx, u16 apqn, bool enable, u8 gisc,
			     u64 nib, struct apsim_qstatus *st);

struct apsim_guest *apsim_guest_get(const char *name);
void apsim_guest_put(struct apsim_guest *g);
void apsim_guest_lock(struct apsim_guest *g);
void apsim_guest_unlock(struct apsim_guest *g);
void apsim_guest_assert_locked(struct apsim_guest *g);
void apsim_guest_set_apcb(struct apsim_guest *g, const unsigned long *apm,
			  const unsigned long *aqm, const unsigned long *adm);
int apsim_guest_set_hook(struct apsim_guest *g, apsim_pqap_fn fn, void *ctx);
void apsim_guest_clear_hook(struct apsim_guest *g);
u32 apsim_guest_gisa(struct apsim_guest *g);
int apsim_guest_gisc_register(struct apsim_guest *g, u8 gisc);
void apsim_guest_gisc_unregister(struct apsim_guest *g, u8 gisc);
int apsim_guest_nib_share(struct apsim_guest *g, u64 nib);
bool apsim_guest_aiv(struct apsim_guest *g);

#endif /* _APSIM_H_ */

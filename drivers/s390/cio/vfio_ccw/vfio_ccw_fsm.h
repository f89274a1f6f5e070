/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ccw device state machine: the portable half.
 *
 * Nothing in here knows about s390 instructions or struct subchannel. The
 * state machine reaches the channel subsystem only through struct
 * vccw_hw_ops, so the same code runs in the driver and, against a mock, in
 * the vfio_ccw_fsm_kunit module on any architecture.
 */
#ifndef _VFIO_CCW_FSM_H_
#define _VFIO_CCW_FSM_H_

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vfio_ccw.h>

#include "vfio_ccw_hw.h"

/*
 * Upper bound on cancel/halt/clear rounds while closing a busy subchannel.
 * Each round waits at most quiesce_timeout for the interrupt, so a close
 * always ends, at worst in the not-operational state. The first round
 * cancels; rounds before VCCW_QUIESCE_HALTS halt, the later ones clear.
 */
#define VCCW_QUIESCE_ROUNDS	16
#define VCCW_QUIESCE_HALTS	3

/* Interruption-response blocks held for user space, per queue. */
#define VCCW_IRB_QUEUE_LEN	8

/**
 * enum vccw_state - life cycle of one mediated subchannel
 * @VCCW_ST_NOT_OPER: the subchannel is gone or broken; only teardown remains
 * @VCCW_ST_STANDBY: mdev exists, subchannel disabled (device not open)
 * @VCCW_ST_IDLE: subchannel enabled, no start function owned by us
 * @VCCW_ST_CP_PROCESSING: a channel program is being translated
 * @VCCW_ST_CP_PENDING: a translated program was started and has not ended
 * @VCCW_NR_STATES: number of states
 */
enum vccw_state {
	VCCW_ST_NOT_OPER,
	VCCW_ST_STANDBY,
	VCCW_ST_IDLE,
	VCCW_ST_CP_PROCESSING,
	VCCW_ST_CP_PENDING,
	VCCW_NR_STATES
};

/**
 * enum vccw_event - inputs of the state machine
 * @VCCW_EV_NOT_OPER: the subchannel became not operational
 * @VCCW_EV_IO_REQ: user space wrote the I/O region
 * @VCCW_EV_INTERRUPT: the subchannel presented an interrupt
 * @VCCW_EV_ASYNC_REQ: user space wrote the async (halt/clear) region
 * @VCCW_EV_OPEN: the vfio device is being opened or reset
 * @VCCW_EV_CLOSE: the vfio device is being closed or reset
 * @VCCW_NR_EVENTS: number of events
 */
enum vccw_event {
	VCCW_EV_NOT_OPER,
	VCCW_EV_IO_REQ,
	VCCW_EV_INTERRUPT,
	VCCW_EV_ASYNC_REQ,
	VCCW_EV_OPEN,
	VCCW_EV_CLOSE,
	VCCW_NR_EVENTS
};

struct vccw_fsm;

/**
 * struct vccw_hw_ops - what the state machine needs from the hardware side
 * @enable:	enable the subchannel for interrupts. Hardware lock held.
 *		Return 0 or a negative errno.
 * @disable:	disable the subchannel. Hardware lock held. Return 0, -EBUSY
 *		while a function is in progress, or -ENODEV if it is gone.
 * @cancel:	issue CANCEL SUBCHANNEL. Hardware lock held. Return 0 when
 *		the start function was withdrawn (no interrupt will come for
 *		it), -EBUSY when status is pending, -EINVAL when there is
 *		nothing to cancel (the device has the function already, or
 *		there is none), -ENODEV when the subchannel is gone.
 * @prepare:	translate the channel program described by the I/O region.
 *		I/O mutex held, hardware lock NOT held (may sleep).
 * @start:	start the translated program. Hardware lock held. Return 0,
 *		-EBUSY, -EACCES (path not operational) or -ENODEV.
 * @unprepare:	drop the translated program, if any. I/O mutex held,
 *		hardware lock NOT held (may sleep).
 * @halt:	issue HALT SUBCHANNEL. Hardware lock held. Return 0, -EBUSY
 *		(status pending or busy) or -ENODEV.
 * @clear:	issue CLEAR SUBCHANNEL. Hardware lock held. Return 0 or
 *		-ENODEV.
 * @capture_irb: copy the interruption-response block just stored by the
 *		interrupt handler. Hardware lock held, any context.
 * @kick:	schedule vccw_fsm_deliver() in process context.
 * @gone:	the subchannel is not operational: have it unregistered and
 *		the program dropped later. Hardware lock held, any context.
 * @guest_addr: replace *@addr, the host address of a CCW of the program
 *		in flight (or the address just past one), by the guest's.
 *		Return false, leaving *@addr alone, for any other address.
 *		I/O mutex held.
 * @abandon:	the subchannel could not be stopped: keep everything the
 *		channel may still read or write allocated for good (it is
 *		never freed) and forget the program. I/O mutex held,
 *		hardware lock NOT held (may sleep).
 * @notify:	tell user space that the I/O region holds a new IRB. Called
 *		with neither lock held.
 * @trace:	optional; called for every event before it is handled.
 */
struct vccw_hw_ops {
	int (*enable)(struct vccw_fsm *fsm);
	int (*disable)(struct vccw_fsm *fsm);
	int (*cancel)(struct vccw_fsm *fsm);
	int (*prepare)(struct vccw_fsm *fsm);
	int (*start)(struct vccw_fsm *fsm);
	void (*unprepare)(struct vccw_fsm *fsm);
	int (*halt)(struct vccw_fsm *fsm);
	int (*clear)(struct vccw_fsm *fsm);
	void (*capture_irb)(struct vccw_fsm *fsm, u8 *irb);
	void (*kick)(struct vccw_fsm *fsm);
	void (*gone)(struct vccw_fsm *fsm);
	bool (*guest_addr)(struct vccw_fsm *fsm, u32 *addr);
	void (*abandon)(struct vccw_fsm *fsm);
	void (*notify)(struct vccw_fsm *fsm);
	void (*trace)(struct vccw_fsm *fsm, enum vccw_state state,
		      enum vccw_event event);
};

/**
 * struct vccw_irb_queue - interruption-response blocks, oldest first
 * @irb:	the ring
 * @first:	index of the oldest entry
 * @count:	entries in use
 * @dropped:	entries given up because the ring was full
 *
 * When the ring is full the oldest intermediate status goes first, then
 * the oldest unsolicited status, and only then the oldest of all: the
 * final status of a function, which user space waits for, is the last to
 * be lost.
 */
struct vccw_irb_queue {
	u8 irb[VCCW_IRB_QUEUE_LEN][CSS_IRB_SIZE];
	unsigned int first;
	unsigned int count;
	unsigned long dropped;
};

/**
 * struct vccw_fsm - state machine instance, embedded in each mdev
 * @state:	current state; written only with @hw_lock held
 * @ops:	hardware access
 * @hw_lock:	the subchannel lock; serialises state, hardware instructions
 *		and the interrupt handler
 * @io_mutex:	serialises user requests (region accesses, open, close,
 *		reset) and the delivery of interrupts to user space; taken
 *		before @hw_lock
 * @io:		the I/O region as user space sees it; @io_mutex
 * @cmd:	the async command region; @io_mutex
 * @irbs:	status saved by the interrupt action, not yet looked at by
 *		vccw_fsm_deliver(); @hw_lock
 * @ready:	status delivery has processed (state updated, addresses
 *		made the guest's), waiting until user space has read the IRB
 *		now in @io; @io_mutex
 * @irb_unread:	@io holds an IRB user space has not read yet; @io_mutex
 * @quiesce_done: completed by the interrupt action while close waits
 * @quiesce_timeout: longest wait for one quiesce interrupt, in jiffies
 * @quiesce_rounds: cancel/halt/clear rounds used by the last close
 *
 * Lock order: @io_mutex, then @hw_lock (taken with interrupts disabled).
 */
struct vccw_fsm {
	enum vccw_state state;
	const struct vccw_hw_ops *ops;
	spinlock_t *hw_lock;		/* see above */
	struct mutex io_mutex;		/* see above */
	struct ccw_io_region io;
	struct ccw_cmd_region cmd;
	struct vccw_irb_queue irbs;
	struct vccw_irb_queue ready;
	bool irb_unread;
	struct completion *quiesce_done;
	unsigned long quiesce_timeout;
	unsigned int quiesce_rounds;
};

void vccw_fsm_init(struct vccw_fsm *fsm, const struct vccw_hw_ops *ops,
		   spinlock_t *hw_lock);	/* the subchannel lock */
void vccw_fsm_destroy(struct vccw_fsm *fsm);
void vccw_fsm_event(struct vccw_fsm *fsm, enum vccw_event event);
void vccw_fsm_user_event(struct vccw_fsm *fsm, enum vccw_event event);
int vccw_fsm_open(struct vccw_fsm *fsm);
void vccw_fsm_close(struct vccw_fsm *fsm);
int vccw_fsm_reset(struct vccw_fsm *fsm);
void vccw_fsm_deliver(struct vccw_fsm *fsm);
void vccw_fsm_stop_io(struct vccw_fsm *fsm);
bool vccw_fsm_region_read(struct vccw_fsm *fsm, loff_t pos, size_t count);
bool vccw_fsm_irb_waiting(struct vccw_fsm *fsm);
void vccw_fsm_scrub_scsw(struct vccw_fsm *fsm, u8 *scsw, bool meaningful);
bool vccw_scsw_is_final(const u8 *scsw);
bool vccw_scsw_is_solicited(const u8 *scsw);
const char *vccw_state_name(enum vccw_state state);
const char *vccw_event_name(enum vccw_event event);

#endif /* _VFIO_CCW_FSM_H_ */

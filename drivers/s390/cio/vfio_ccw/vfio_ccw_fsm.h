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

/* Size of an interruption-response block and of its leading SCSW. */
#define VCCW_IRB_SIZE		96
#define VCCW_SCSW_SIZE		12

/*
 * Upper bound on cancel/halt/clear rounds while closing a busy subchannel.
 * Each round waits at most quiesce_timeout for the interrupt, so a close
 * always ends, at worst in the not-operational state.
 */
#define VCCW_QUIESCE_ROUNDS	16

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
 * @kill_io:	one step of cancel, halt or clear; @budget is private state
 *		of the callee, set to 0 before the first call. Hardware lock
 *		held. Return 0 when nothing is left to stop, -EBUSY when an
 *		interrupt is to be awaited, or another negative errno when
 *		the subchannel cannot be stopped.
 * @prepare:	translate the channel program described by the I/O region.
 *		I/O mutex held, hardware lock NOT held (may sleep).
 * @start:	start the translated program. Hardware lock held. Return 0,
 *		-EBUSY, -EACCES (path not operational) or -ENODEV.
 * @unprepare:	drop the translated program, if any. I/O mutex held,
 *		hardware lock NOT held (may sleep).
 * @halt:	issue HALT SUBCHANNEL. Hardware lock held.
 * @clear:	issue CLEAR SUBCHANNEL. Hardware lock held.
 * @capture_irb: copy the interruption-response block just stored by the
 *		interrupt handler. Hardware lock held, any context.
 * @kick:	schedule vccw_fsm_deliver() in process context.
 * @gone:	the subchannel is not operational: have it unregistered and
 *		the program dropped later. Hardware lock held, any context.
 * @fix_scsw:	turn a host channel-program address in @scsw back into the
 *		guest's. I/O mutex held.
 * @notify:	tell user space that the I/O region holds a new IRB. Called
 *		with neither lock held.
 * @trace:	optional; called for every event before it is handled.
 */
struct vccw_hw_ops {
	int (*enable)(struct vccw_fsm *fsm);
	int (*disable)(struct vccw_fsm *fsm);
	int (*kill_io)(struct vccw_fsm *fsm, int *budget);
	int (*prepare)(struct vccw_fsm *fsm);
	int (*start)(struct vccw_fsm *fsm);
	void (*unprepare)(struct vccw_fsm *fsm);
	int (*halt)(struct vccw_fsm *fsm);
	int (*clear)(struct vccw_fsm *fsm);
	void (*capture_irb)(struct vccw_fsm *fsm, u8 *irb);
	void (*kick)(struct vccw_fsm *fsm);
	void (*gone)(struct vccw_fsm *fsm);
	void (*fix_scsw)(struct vccw_fsm *fsm, u8 *scsw);
	void (*notify)(struct vccw_fsm *fsm);
	void (*trace)(struct vccw_fsm *fsm, enum vccw_state state,
		      enum vccw_event event);
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
 * @irb:	last interruption-response block not yet delivered; @hw_lock
 * @irb_pending: @irb holds status that vccw_fsm_deliver() has not copied
 *		to @io yet; @hw_lock
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
	u8 irb[VCCW_IRB_SIZE];
	bool irb_pending;
	struct completion *quiesce_done;
	unsigned long quiesce_timeout;
	unsigned int quiesce_rounds;
};

void vccw_fsm_init(struct vccw_fsm *fsm, const struct vccw_hw_ops *ops,
		   spinlock_t *hw_lock);	/* the subchannel lock */
void vccw_fsm_destroy(struct vccw_fsm *fsm);
void vccw_fsm_event(struct vccw_fsm *fsm, enum vccw_event event);
void vccw_fsm_user_event(struct vccw_fsm *fsm, enum vccw_event event);
void vccw_fsm_deliver(struct vccw_fsm *fsm);
bool vccw_scsw_is_final(const u8 *scsw);
bool vccw_scsw_is_solicited(const u8 *scsw);
const char *vccw_state_name(enum vccw_state state);
const char *vccw_event_name(enum vccw_event event);

#endif /* _VFIO_CCW_FSM_H_ */

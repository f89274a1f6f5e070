// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw state machine.
 *
 * DOC: theory of operation
 *
 * One table maps (state, event) to an action. Every event is dispatched with
 * the hardware (subchannel) lock held; events that come from user space or
 * from open/close/reset additionally hold the I/O mutex, taken first. The
 * actions change the state, and reach the channel subsystem only through
 * struct vccw_hw_ops, so that the table and the actions can be exercised by
 * KUnit against a mock on any architecture.
 *
 * Actions that have to sleep (translating a channel program, waiting for a
 * quiesce interrupt) drop the hardware lock for that time and check the state
 * again afterwards: a not-operational event may have come in meanwhile.
 *
 * Interrupts are handled in two steps. The interrupt action, in interrupt
 * context, only saves the IRB and schedules the delivery step. The delivery
 * step (vccw_fsm_deliver()) runs under the I/O mutex, ends the channel
 * program when the status is final, updates the state and only then copies
 * the IRB to the I/O region and signals user space. A start request that
 * arrives while an IRB is still waiting for delivery gets -EBUSY, so an old
 * interrupt can never be taken for the end of a newer program.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "vfio_ccw_fsm.h"

/* SCSW word 0, as bytes: function, activity and status control fields. */
#define SCSW_B0_CC		0x03
#define SCSW_B2_FCTL_SHIFT	4
#define SCSW_FCTL_START		0x4
#define SCSW_FCTL_HALT		0x2
#define SCSW_FCTL_CLEAR		0x1
#define SCSW_B3_SCH_ACTIVE	0x80
#define SCSW_B3_DEV_ACTIVE	0x40
#define SCSW_B3_SUSPENDED	0x20
#define SCSW_B3_STCTL		0x1f
#define SCSW_STCTL_ALERT	0x10
#define SCSW_STCTL_PENDING	0x01

/* ORB word 1 bit 13: transport mode ("b" bit). */
#define ORB_B5_TRANSPORT	0x04

typedef void (*vccw_action_t)(struct vccw_fsm *fsm, enum vccw_event event);

static const char *const vccw_state_names[VCCW_NR_STATES] = {
	[VCCW_ST_NOT_OPER]	= "not_oper",
	[VCCW_ST_STANDBY]	= "standby",
	[VCCW_ST_IDLE]		= "idle",
	[VCCW_ST_CP_PROCESSING]	= "cp_processing",
	[VCCW_ST_CP_PENDING]	= "cp_pending",
};

static const char *const vccw_event_names[VCCW_NR_EVENTS] = {
	[VCCW_EV_NOT_OPER]	= "not_oper",
	[VCCW_EV_IO_REQ]	= "io_req",
	[VCCW_EV_INTERRUPT]	= "interrupt",
	[VCCW_EV_ASYNC_REQ]	= "async_req",
	[VCCW_EV_OPEN]		= "open",
	[VCCW_EV_CLOSE]		= "close",
};

/**
 * vccw_state_name() - printable name of a state
 * @state: the state
 *
 * Return: a static string, "?" for out-of-range values.
 */
const char *vccw_state_name(enum vccw_state state)
{
	return (unsigned int)state < VCCW_NR_STATES ?
		vccw_state_names[state] : "?";
}

/**
 * vccw_event_name() - printable name of an event
 * @event: the event
 *
 * Return: a static string, "?" for out-of-range values.
 */
const char *vccw_event_name(enum vccw_event event)
{
	return (unsigned int)event < VCCW_NR_EVENTS ?
		vccw_event_names[event] : "?";
}

/**
 * vccw_scsw_is_final() - does this status end the subchannel's function?
 * @scsw: 12-byte SCSW, big-endian
 *
 * Status is final when neither the subchannel nor the device is active any
 * more. A suspended program is *not* final: its channel program and the
 * pages it uses stay in place until a halt or clear ends it (see the design
 * document, "suspended programs").
 *
 * Return: true if no further interrupt is to be expected for the function.
 */
bool vccw_scsw_is_final(const u8 *scsw)
{
	return !(scsw[3] & (SCSW_B3_SCH_ACTIVE | SCSW_B3_DEV_ACTIVE |
			    SCSW_B3_SUSPENDED));
}

/**
 * vccw_scsw_is_solicited() - was this status caused by one of our functions?
 * @scsw: 12-byte SCSW, big-endian
 *
 * Status that is only "alert + status pending" with condition code 0 is
 * unsolicited device status.
 *
 * Return: true for solicited status.
 */
bool vccw_scsw_is_solicited(const u8 *scsw)
{
	return (scsw[0] & SCSW_B0_CC) ||
	       (scsw[3] & SCSW_B3_STCTL) != (SCSW_STCTL_ALERT | SCSW_STCTL_PENDING);
}

static void vccw_lock_held(struct vccw_fsm *fsm)
{
	lockdep_assert_held(fsm->hw_lock);
}

static void vccw_user_locks_held(struct vccw_fsm *fsm)
{
	lockdep_assert_held(&fsm->io_mutex);
	lockdep_assert_held(fsm->hw_lock);
}

/* ---- actions that only report an error ---- */

static void vccw_ignore(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_lock_held(fsm);
}

static void vccw_io_refuse(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	pr_debug("I/O request refused in state %s\n",
		 vccw_state_name(fsm->state));
	fsm->io.ret_code = -EIO;
}

static void vccw_io_again(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	fsm->io.ret_code = -EAGAIN;
}

static void vccw_io_busy(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	fsm->io.ret_code = -EBUSY;
}

static void vccw_async_refuse(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	pr_debug("async request %u refused in state %s\n",
		 fsm->cmd.command, vccw_state_name(fsm->state));
	fsm->cmd.ret_code = -EIO;
}

static void vccw_async_again(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	fsm->cmd.ret_code = -EAGAIN;
}

/* An interrupt while disabled: the last disable did not stick, retry it. */
static void vccw_stray_irq(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_lock_held(fsm);
	fsm->ops->disable(fsm);
}

/* ---- state changing actions ---- */

static void vccw_gone(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_lock_held(fsm);
	pr_debug("not operational (event %s in state %s)\n",
		 vccw_event_name(event), vccw_state_name(fsm->state));
	fsm->state = VCCW_ST_NOT_OPER;
	fsm->irb_pending = false;
	if (fsm->quiesce_done)
		complete(fsm->quiesce_done);
	fsm->ops->gone(fsm);
}

static void vccw_open(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	if (fsm->ops->enable(fsm)) {
		vccw_gone(fsm, event);
		return;
	}
	fsm->irb_pending = false;
	fsm->state = VCCW_ST_IDLE;
}

/*
 * Stop whatever the subchannel is doing. Bounded: at most
 * VCCW_QUIESCE_ROUNDS cancel/halt/clear steps, each followed by at most one
 * wait of quiesce_timeout for its interrupt.
 */
static int vccw_quiesce(struct vccw_fsm *fsm)
	__must_hold(fsm->hw_lock)
{
	DECLARE_COMPLETION_ONSTACK(done);
	int budget = 0;
	int ret;

	vccw_user_locks_held(fsm);
	fsm->quiesce_rounds = 0;
	for (;;) {
		ret = fsm->ops->kill_io(fsm, &budget);
		if (ret && ret != -EBUSY)
			return ret;
		fsm->quiesce_rounds++;
		if (ret == -EBUSY) {
			reinit_completion(&done);
			fsm->quiesce_done = &done;
			spin_unlock_irq(fsm->hw_lock);
			wait_for_completion_timeout(&done,
						    fsm->quiesce_timeout);
			spin_lock_irq(fsm->hw_lock);
			fsm->quiesce_done = NULL;
			if (fsm->state == VCCW_ST_NOT_OPER)
				return -ENODEV;
		}
		ret = fsm->ops->disable(fsm);
		if (ret != -EBUSY)
			return ret;
		if (fsm->quiesce_rounds >= VCCW_QUIESCE_ROUNDS) {
			pr_warn("subchannel could not be quiesced\n");
			return -EIO;
		}
	}
}

static void vccw_close(struct vccw_fsm *fsm, enum vccw_event event)
{
	int ret;

	vccw_user_locks_held(fsm);
	ret = fsm->ops->disable(fsm);
	if (ret == -EBUSY)
		ret = vccw_quiesce(fsm);
	if (ret) {
		if (fsm->state != VCCW_ST_NOT_OPER)
			vccw_gone(fsm, event);
		/* The gone work drops the program. */
		return;
	}
	fsm->state = VCCW_ST_STANDBY;
	fsm->irb_pending = false;
	spin_unlock_irq(fsm->hw_lock);
	fsm->ops->unprepare(fsm);
	spin_lock_irq(fsm->hw_lock);
}

static int vccw_start_program(struct vccw_fsm *fsm)
	__must_hold(fsm->hw_lock)
{
	int ret;

	fsm->state = VCCW_ST_CP_PROCESSING;
	spin_unlock_irq(fsm->hw_lock);
	ret = fsm->ops->prepare(fsm);
	spin_lock_irq(fsm->hw_lock);

	if (!ret && fsm->state != VCCW_ST_CP_PROCESSING)
		ret = -ENODEV;	/* went away while we translated */
	if (!ret && fsm->irb_pending)
		ret = -EBUSY;	/* status arrived meanwhile */
	if (!ret)
		ret = fsm->ops->start(fsm);
	if (!ret) {
		fsm->state = VCCW_ST_CP_PENDING;
		return 0;
	}

	spin_unlock_irq(fsm->hw_lock);
	fsm->ops->unprepare(fsm);
	spin_lock_irq(fsm->hw_lock);
	if (fsm->state == VCCW_ST_CP_PROCESSING)
		fsm->state = VCCW_ST_IDLE;
	return ret;
}

static void vccw_io_request(struct vccw_fsm *fsm, enum vccw_event event)
{
	u8 fctl = (fsm->io.scsw_area[2] >> SCSW_B2_FCTL_SHIFT) & 0x7;
	int ret;

	vccw_user_locks_held(fsm);
	if (fctl & SCSW_FCTL_START) {
		if (fsm->io.orb_area[5] & ORB_B5_TRANSPORT)
			ret = -EOPNOTSUPP;	/* transport mode (zHPF) */
		else if (fsm->irb_pending)
			ret = -EBUSY;
		else
			ret = vccw_start_program(fsm);
	} else if (fctl & (SCSW_FCTL_HALT | SCSW_FCTL_CLEAR)) {
		ret = -EOPNOTSUPP;	/* use the async region */
	} else {
		ret = -EINVAL;		/* no function requested */
	}
	fsm->io.ret_code = ret;
}

static void vccw_async_request(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	switch (fsm->cmd.command) {
	case VFIO_CCW_ASYNC_CMD_HSCH:
		fsm->cmd.ret_code = fsm->ops->halt(fsm);
		break;
	case VFIO_CCW_ASYNC_CMD_CSCH:
		fsm->cmd.ret_code = fsm->ops->clear(fsm);
		break;
	default:
		fsm->cmd.ret_code = -EINVAL;
		break;
	}
}

static void vccw_irq(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_lock_held(fsm);
	fsm->ops->capture_irb(fsm, fsm->irb);
	fsm->irb_pending = true;
	fsm->ops->kick(fsm);
	if (fsm->quiesce_done)
		complete(fsm->quiesce_done);
}

static const vccw_action_t vccw_table[VCCW_NR_STATES][VCCW_NR_EVENTS] = {
	[VCCW_ST_NOT_OPER] = {
		[VCCW_EV_NOT_OPER]	= vccw_ignore,
		[VCCW_EV_IO_REQ]	= vccw_io_refuse,
		[VCCW_EV_INTERRUPT]	= vccw_stray_irq,
		[VCCW_EV_ASYNC_REQ]	= vccw_async_refuse,
		[VCCW_EV_OPEN]		= vccw_ignore,
		[VCCW_EV_CLOSE]		= vccw_ignore,
	},
	[VCCW_ST_STANDBY] = {
		[VCCW_EV_NOT_OPER]	= vccw_gone,
		[VCCW_EV_IO_REQ]	= vccw_io_refuse,
		[VCCW_EV_INTERRUPT]	= vccw_stray_irq,
		[VCCW_EV_ASYNC_REQ]	= vccw_async_refuse,
		[VCCW_EV_OPEN]		= vccw_open,
		[VCCW_EV_CLOSE]		= vccw_gone,
	},
	[VCCW_ST_IDLE] = {
		[VCCW_EV_NOT_OPER]	= vccw_gone,
		[VCCW_EV_IO_REQ]	= vccw_io_request,
		[VCCW_EV_INTERRUPT]	= vccw_irq,
		[VCCW_EV_ASYNC_REQ]	= vccw_async_request,
		[VCCW_EV_OPEN]		= vccw_gone,
		[VCCW_EV_CLOSE]		= vccw_close,
	},
	[VCCW_ST_CP_PROCESSING] = {
		[VCCW_EV_NOT_OPER]	= vccw_gone,
		[VCCW_EV_IO_REQ]	= vccw_io_again,
		[VCCW_EV_INTERRUPT]	= vccw_irq,
		[VCCW_EV_ASYNC_REQ]	= vccw_async_again,
		[VCCW_EV_OPEN]		= vccw_gone,
		[VCCW_EV_CLOSE]		= vccw_close,
	},
	[VCCW_ST_CP_PENDING] = {
		[VCCW_EV_NOT_OPER]	= vccw_gone,
		[VCCW_EV_IO_REQ]	= vccw_io_busy,
		[VCCW_EV_INTERRUPT]	= vccw_irq,
		[VCCW_EV_ASYNC_REQ]	= vccw_async_request,
		[VCCW_EV_OPEN]		= vccw_gone,
		[VCCW_EV_CLOSE]		= vccw_close,
	},
};

/**
 * vccw_fsm_event() - feed one event to the state machine
 * @fsm: the state machine
 * @event: what happened
 *
 * Context: hardware lock held; for %VCCW_EV_IO_REQ, %VCCW_EV_ASYNC_REQ,
 * %VCCW_EV_OPEN and %VCCW_EV_CLOSE also the I/O mutex, and the hardware
 * lock must have been taken with spin_lock_irq() because those actions may
 * drop it to sleep.
 */
void vccw_fsm_event(struct vccw_fsm *fsm, enum vccw_event event)
{
	enum vccw_state state = fsm->state;

	lockdep_assert_held(fsm->hw_lock);
	if (WARN_ON_ONCE((unsigned int)event >= VCCW_NR_EVENTS ||
			 (unsigned int)state >= VCCW_NR_STATES))
		return;
	if (fsm->ops->trace)
		fsm->ops->trace(fsm, state, event);
	vccw_table[state][event](fsm, event);
}

/**
 * vccw_fsm_user_event() - feed a process-context event, taking the locks
 * @fsm: the state machine
 * @event: %VCCW_EV_IO_REQ, %VCCW_EV_ASYNC_REQ, %VCCW_EV_OPEN or
 *	%VCCW_EV_CLOSE
 *
 * Context: process context, I/O mutex held, hardware lock not held.
 */
void vccw_fsm_user_event(struct vccw_fsm *fsm, enum vccw_event event)
{
	lockdep_assert_held(&fsm->io_mutex);
	spin_lock_irq(fsm->hw_lock);
	vccw_fsm_event(fsm, event);
	spin_unlock_irq(fsm->hw_lock);
}

/**
 * vccw_fsm_deliver() - hand a saved interrupt to user space
 * @fsm: the state machine
 *
 * Ends the channel program if the status is final and a program was
 * pending, copies the IRB into the I/O region and signals user space. The
 * state is back to idle and the I/O mutex released before the signal, so
 * user space may start the next program as soon as it sees the interrupt
 * (a write that found the mutex still held would fail with -EAGAIN).
 *
 * Context: process context; takes the I/O mutex and the hardware lock.
 */
void vccw_fsm_deliver(struct vccw_fsm *fsm)
{
	u8 irb[VCCW_IRB_SIZE];
	bool done = false;

	scoped_guard(mutex, &fsm->io_mutex) {
		spin_lock_irq(fsm->hw_lock);
		if (!fsm->irb_pending) {
			spin_unlock_irq(fsm->hw_lock);
			return;
		}
		memcpy(irb, fsm->irb, sizeof(irb));
		fsm->irb_pending = false;
		if (fsm->state == VCCW_ST_CP_PENDING &&
		    vccw_scsw_is_final(irb)) {
			fsm->state = VCCW_ST_IDLE;
			done = true;
		}
		spin_unlock_irq(fsm->hw_lock);

		if (vccw_scsw_is_solicited(irb))
			fsm->ops->fix_scsw(fsm, irb);
		if (done)
			fsm->ops->unprepare(fsm);
		memcpy(fsm->io.irb_area, irb, sizeof(irb));
	}
	fsm->ops->notify(fsm);
}

/**
 * vccw_fsm_init() - set up a state machine in the standby state
 * @fsm: the state machine, zeroed by the caller
 * @ops: hardware access
 * @hw_lock: the subchannel lock
 */
void vccw_fsm_init(struct vccw_fsm *fsm, const struct vccw_hw_ops *ops,
		   spinlock_t *hw_lock)
{
	fsm->ops = ops;
	fsm->hw_lock = hw_lock;
	mutex_init(&fsm->io_mutex);
	fsm->state = VCCW_ST_STANDBY;
	fsm->quiesce_timeout = 3 * HZ;
}

/**
 * vccw_fsm_destroy() - tear down what vccw_fsm_init() set up
 * @fsm: the state machine
 */
void vccw_fsm_destroy(struct vccw_fsm *fsm)
{
	mutex_destroy(&fsm->io_mutex);
}

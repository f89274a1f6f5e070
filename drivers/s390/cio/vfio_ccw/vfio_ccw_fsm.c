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
 * context, only queues the IRB and schedules the delivery step. The
 * delivery step (vccw_fsm_deliver()) runs under the I/O mutex and takes
 * the queued IRBs in order: it ends the channel program when the status is
 * final, updates the state, replaces host addresses, and moves each IRB to
 * a second queue. From there one IRB at a time goes into the I/O region,
 * with a signal to user space; the next one follows when user space has
 * read the region's IRB (the region has room for one, and a signal that
 * arrives before user space looked would be merged with the previous one
 * in the eventfd). A start request gets -EBUSY while any IRB is queued, so
 * an old interrupt can never be taken for the end of a newer program, and
 * a guest with status pending cannot start I/O, as on real hardware. A
 * start accepted while the region's IRB is unread counts as reading it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "vfio_ccw_fsm.h"

/* Where the IRB lies in the I/O region. */
#define IO_IRB_OFF	offsetof(struct ccw_io_region, irb_area)
#define IO_IRB_END	(IO_IRB_OFF + sizeof_field(struct ccw_io_region, irb_area))

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
	return !(scsw[CSS_SCSW_B3] & (CSS_SCSW_SCH_ACTIVE | CSS_SCSW_DEV_ACTIVE |
				      CSS_SCSW_SUSPENDED));
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
	return (scsw[CSS_SCSW_B0] & CSS_SCSW_CC) ||
	       (scsw[CSS_SCSW_B3] & CSS_SCSW_STCTL) !=
	       (CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING);
}

/* ---- queues of interruption-response blocks ---- */

static u8 *vccw_irbq_slot(struct vccw_irb_queue *q, unsigned int i)
{
	return q->irb[(q->first + i) % VCCW_IRB_QUEUE_LEN];
}

/* Which entry of a full queue to give up (see struct vccw_irb_queue). */
static unsigned int vccw_irbq_victim(struct vccw_irb_queue *q)
{
	unsigned int i;

	for (i = 0; i < q->count; i++)
		if (!vccw_scsw_is_final(vccw_irbq_slot(q, i)))
			return i;
	for (i = 0; i < q->count; i++)
		if (!vccw_scsw_is_solicited(vccw_irbq_slot(q, i)))
			return i;
	return 0;
}

static void vccw_irbq_push(struct vccw_irb_queue *q, const u8 *irb)
{
	unsigned int i;

	if (q->count == VCCW_IRB_QUEUE_LEN) {
		for (i = vccw_irbq_victim(q); i + 1 < q->count; i++)
			memcpy(vccw_irbq_slot(q, i), vccw_irbq_slot(q, i + 1),
			       CSS_IRB_SIZE);
		q->count--;
		q->dropped++;
	}
	memcpy(vccw_irbq_slot(q, q->count), irb, CSS_IRB_SIZE);
	q->count++;
}

static bool vccw_irbq_pop(struct vccw_irb_queue *q, u8 *irb)
{
	if (!q->count)
		return false;
	memcpy(irb, vccw_irbq_slot(q, 0), CSS_IRB_SIZE);
	q->first = (q->first + 1) % VCCW_IRB_QUEUE_LEN;
	q->count--;
	return true;
}

static void vccw_irbq_clear(struct vccw_irb_queue *q)
{
	q->first = 0;
	q->count = 0;
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
	vccw_irbq_clear(&fsm->irbs);
	if (fsm->quiesce_done)
		complete(fsm->quiesce_done);
	fsm->ops->gone(fsm);
}

/* Drop status nobody will read: the device is being closed or reset. */
static void vccw_forget_status(struct vccw_fsm *fsm)
{
	vccw_user_locks_held(fsm);
	vccw_irbq_clear(&fsm->irbs);
	vccw_irbq_clear(&fsm->ready);
	fsm->irb_unread = false;
}

static void vccw_open(struct vccw_fsm *fsm, enum vccw_event event)
{
	vccw_user_locks_held(fsm);
	if (fsm->ops->enable(fsm)) {
		vccw_gone(fsm, event);
		return;
	}
	vccw_forget_status(fsm);
	fsm->state = VCCW_ST_IDLE;
}

/*
 * One step towards stopping the subchannel's function; @round counts the
 * steps taken before. The first cancels, which withdraws a start function
 * the device has not seen yet; when there is nothing to cancel it halts
 * instead. Rounds before VCCW_QUIESCE_HALTS halt, later ones clear; so
 * does a halt the subchannel refuses (status pending, busy).
 * The escalation depends on the round alone, not on what the subchannel
 * reported in between, so a subchannel whose halts complete without it
 * becoming idle still gets cleared.
 *
 * Return: 0 when nothing is left to wait for (the start function was
 * withdrawn), -EBUSY when an interrupt is to be awaited, -ENODEV when the
 * subchannel is gone.
 */
static int vccw_kill_step(struct vccw_fsm *fsm, unsigned int round)
{
	int ret;

	vccw_lock_held(fsm);
	if (!round) {
		ret = fsm->ops->cancel(fsm);
		if (ret != -EINVAL)
			return ret;
	}
	if (round < VCCW_QUIESCE_HALTS) {
		ret = fsm->ops->halt(fsm);
		if (ret != -EBUSY)
			return ret ? ret : -EBUSY;
	}
	ret = fsm->ops->clear(fsm);
	return ret ? ret : -EBUSY;
}

/*
 * Stop whatever the subchannel is doing. Bounded: at most
 * VCCW_QUIESCE_ROUNDS cancel/halt/clear steps, each followed by at most one
 * wait of quiesce_timeout for its interrupt.
 *
 * Return: 0 once the subchannel is disabled, -ENODEV when it is gone, or
 * another errno when it could not be stopped (it may still be running the
 * program).
 */
static int vccw_quiesce(struct vccw_fsm *fsm)
	__must_hold(fsm->hw_lock)
{
	DECLARE_COMPLETION_ONSTACK(done);
	int ret;

	vccw_user_locks_held(fsm);
	fsm->quiesce_rounds = 0;
	for (;;) {
		ret = vccw_kill_step(fsm, fsm->quiesce_rounds);
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
	__must_hold(fsm->hw_lock)
{
	int ret;

	vccw_user_locks_held(fsm);
	ret = fsm->ops->disable(fsm);
	if (ret == -EBUSY)
		ret = vccw_quiesce(fsm);
	if (ret && ret != -ENODEV && fsm->state != VCCW_ST_NOT_OPER) {
		/*
		 * Still enabled and perhaps still running the program: the
		 * channel may go on reading its CCWs and IDALs and writing
		 * its pages. Those stay allocated for good instead of being
		 * freed under the channel's feet.
		 */
		spin_unlock_irq(fsm->hw_lock);
		fsm->ops->abandon(fsm);
		spin_lock_irq(fsm->hw_lock);
	}
	if (ret) {
		if (fsm->state != VCCW_ST_NOT_OPER)
			vccw_gone(fsm, event);
		/* The gone work drops what is left of the program. */
		return;
	}
	fsm->state = VCCW_ST_STANDBY;
	vccw_forget_status(fsm);
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
	if (!ret && vccw_fsm_irb_waiting(fsm))
		ret = -EBUSY;	/* status arrived meanwhile */
	if (!ret)
		ret = fsm->ops->start(fsm);
	if (!ret) {
		fsm->state = VCCW_ST_CP_PENDING;
		/*
		 * User space moved on without reading the region's IRB (it
		 * is the only one: nothing else may be queued here). Status
		 * of the new program must not wait for that read.
		 */
		fsm->irb_unread = false;
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
	u8 fctl = css_scsw_fctl(fsm->io.scsw_area);
	int ret;

	vccw_user_locks_held(fsm);
	if (fctl & CSS_SCSW_FCTL_START) {
		if (fsm->io.orb_area[CSS_ORB_B5] & CSS_ORB_TM)
			ret = -EOPNOTSUPP;	/* transport mode (zHPF) */
		else if (vccw_fsm_irb_waiting(fsm))
			ret = -EBUSY;
		else
			ret = vccw_start_program(fsm);
	} else if (fctl & (CSS_SCSW_FCTL_HALT | CSS_SCSW_FCTL_CLEAR)) {
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
	u8 irb[CSS_IRB_SIZE];

	vccw_lock_held(fsm);
	fsm->ops->capture_irb(fsm, irb);
	vccw_irbq_push(&fsm->irbs, irb);
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

/*
 * The start function of the program in flight was withdrawn before the
 * device saw it: no interrupt will come. Queue the status the channel
 * subsystem presents when it finds no operational path for a start
 * function, so that the program ends and the guest learns of it: deferred
 * condition code 3, start function, alert and status pending.
 */
static void vccw_start_withdrawn(struct vccw_fsm *fsm)
{
	u8 irb[CSS_IRB_SIZE] = {};

	if (fsm->state != VCCW_ST_CP_PENDING)
		return;
	irb[CSS_SCSW_B0] = (fsm->io.orb_area[CSS_ORB_B4] & CSS_SCSW_KEY) |
			   CSS_SCSW_CC;
	irb[CSS_SCSW_B1] = fsm->io.orb_area[CSS_ORB_B5] &
			   (CSS_SCSW_FMT | CSS_SCSW_PFCH);
	irb[CSS_SCSW_B2] = CSS_SCSW_FCTL_START << CSS_SCSW_FCTL_SHIFT;
	irb[CSS_SCSW_B3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;
	vccw_irbq_push(&fsm->irbs, irb);
	fsm->ops->kick(fsm);
}

/**
 * vccw_fsm_stop_io() - a channel path the current function uses went away
 * @fsm: the state machine
 *
 * Takes the first step towards ending the function: cancel, or halt when
 * there is nothing to cancel (a refused halt becomes a clear). Halt and
 * clear end with an interrupt; a successful cancel does not, so the
 * program is then ended here, with status for the guest that says the
 * device could not be reached (deferred condition code 3).
 *
 * Context: hardware lock held, any context.
 */
void vccw_fsm_stop_io(struct vccw_fsm *fsm)
{
	vccw_lock_held(fsm);
	if (!vccw_kill_step(fsm, 0))
		vccw_start_withdrawn(fsm);
}

/**
 * vccw_fsm_irb_waiting() - is there status user space has not been given?
 * @fsm: the state machine
 *
 * Context: hardware lock and I/O mutex held.
 * Return: true while an IRB is queued for delivery (not the one in the
 * I/O region).
 */
bool vccw_fsm_irb_waiting(struct vccw_fsm *fsm)
{
	vccw_user_locks_held(fsm);
	return fsm->irbs.count || fsm->ready.count;
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
 * vccw_fsm_open() - enable the subchannel for a user of the vfio device
 * @fsm: the state machine
 *
 * Feeds %VCCW_EV_OPEN: from standby the subchannel is enabled and status
 * left over from an earlier user is forgotten.
 *
 * Context: process context, I/O mutex held, hardware lock not held.
 * Return: 0, or -EINVAL when the subchannel is not operational (it was
 * already, or it failed to enable).
 */
int vccw_fsm_open(struct vccw_fsm *fsm)
{
	vccw_fsm_user_event(fsm, VCCW_EV_OPEN);
	return fsm->state == VCCW_ST_NOT_OPER ? -EINVAL : 0;
}

/**
 * vccw_fsm_close() - stop the subchannel and drop the channel program
 * @fsm: the state machine
 *
 * Feeds %VCCW_EV_CLOSE (disable, quiescing a busy subchannel first), then
 * drops the channel program whatever the outcome: when the subchannel was
 * or became not operational, the work item that would drop it may not
 * have run yet, and the pages must be unpinned before the caller lets
 * VFIO detach the IOMMU or unmap them.
 *
 * Context: process context, I/O mutex held, hardware lock not held; may
 * sleep for the quiesce.
 */
void vccw_fsm_close(struct vccw_fsm *fsm)
{
	vccw_fsm_user_event(fsm, VCCW_EV_CLOSE);
	fsm->ops->unprepare(fsm);
}

/**
 * vccw_fsm_reset() - close and open again, as for VFIO_DEVICE_RESET
 * @fsm: the state machine
 *
 * vccw_fsm_close() followed by vccw_fsm_open(). The IRB in the I/O region
 * stays as it is; queued status that user space was not given is
 * forgotten.
 *
 * Context: process context, I/O mutex held, hardware lock not held; may
 * sleep for the quiesce.
 * Return: 0, or -EINVAL when the subchannel is not operational afterwards.
 */
int vccw_fsm_reset(struct vccw_fsm *fsm)
{
	vccw_fsm_close(fsm);
	return vccw_fsm_open(fsm);
}

/*
 * The CCW address at @field (big-endian, 4 bytes) becomes the guest address
 * of the same CCW when it points into the program in flight, and zero
 * otherwise; when @meaningful is false it is cleared without a lookup.
 * Return: true if it was translated.
 */
static bool vccw_scrub_ccw_addr(struct vccw_fsm *fsm, u8 *field,
				bool meaningful)
{
	u32 addr = get_unaligned_be32(field);
	bool mapped = meaningful && fsm->ops->guest_addr(fsm, &addr);

	put_unaligned_be32(mapped ? addr : 0, field);
	return mapped;
}

/**
 * vccw_fsm_scrub_scsw() - keep host addresses out of an SCSW for user space
 * @fsm: the state machine
 * @scsw: a command-mode SCSW the host stored, big-endian; updated in place
 * @meaningful: false if the status gives the CCW address no meaning
 *	(unsolicited status); the address is then cleared
 *
 * The CCW address becomes the guest address of the same CCW when it points
 * into the program in flight (&vccw_hw_ops.guest_addr decides), and zero
 * otherwise. Every SCSW that reaches user space, in an IRB or in the
 * SCHIB, goes through here.
 *
 * Context: I/O mutex held.
 */
void vccw_fsm_scrub_scsw(struct vccw_fsm *fsm, u8 *scsw, bool meaningful)
{
	vccw_scrub_ccw_addr(fsm, scsw + CSS_SCSW_CPA, meaningful);
}

/*
 * Replace every host address in @irb: the CCW address of solicited status
 * as vccw_fsm_scrub_scsw() describes (unsolicited status has no meaningful
 * one). A format-0 ESW loses its failing-storage address, which names host
 * memory (a pinned page, a CCW copy or an IDAL), together with the bits
 * that make it valid; its secondary CCW address is translated like the
 * SCSW's, or cleared with its validity bit.
 */
static void vccw_scrub_irb(struct vccw_fsm *fsm, u8 *irb)
{
	vccw_fsm_scrub_scsw(fsm, irb, vccw_scsw_is_solicited(irb));
	if (!(irb[CSS_SCSW_B0] & CSS_SCSW_ESWF))
		return;

	memset(irb + CSS_IRB_FADDR, 0, CSS_IRB_FADDR_SIZE);
	irb[CSS_IRB_ERW0] &= ~CSS_ERW0_FSAVF;
	irb[CSS_IRB_ERW1] &= ~CSS_ERW1_FSAF;
	if (!vccw_scrub_ccw_addr(fsm, irb + CSS_IRB_SADDR,
				 irb[CSS_IRB_ERW1] & CSS_ERW1_SCAVF))
		irb[CSS_IRB_ERW1] &= ~CSS_ERW1_SCAVF;
}

/*
 * Take the saved IRBs in order: end the program on final status, make the
 * addresses the guest's (before the program is gone), queue for user space.
 */
static void vccw_process_status(struct vccw_fsm *fsm)
{
	u8 irb[CSS_IRB_SIZE];
	bool done;

	lockdep_assert_held(&fsm->io_mutex);
	for (;;) {
		done = false;
		spin_lock_irq(fsm->hw_lock);
		if (!vccw_irbq_pop(&fsm->irbs, irb)) {
			spin_unlock_irq(fsm->hw_lock);
			return;
		}
		if (fsm->state == VCCW_ST_CP_PENDING &&
		    vccw_scsw_is_final(irb)) {
			fsm->state = VCCW_ST_IDLE;
			done = true;
		}
		spin_unlock_irq(fsm->hw_lock);

		vccw_scrub_irb(fsm, irb);
		if (done)
			fsm->ops->unprepare(fsm);
		vccw_irbq_push(&fsm->ready, irb);
	}
}

/* Put the next IRB into the I/O region if user space read the last one. */
static bool vccw_publish_status(struct vccw_fsm *fsm)
{
	lockdep_assert_held(&fsm->io_mutex);
	if (fsm->irb_unread || !vccw_irbq_pop(&fsm->ready, fsm->io.irb_area))
		return false;
	fsm->irb_unread = true;
	return true;
}

/**
 * vccw_fsm_deliver() - hand saved interrupts to user space
 * @fsm: the state machine
 *
 * Processes every saved IRB in order (ends the channel program on final
 * status, replaces host addresses) and, unless the I/O region still holds
 * an IRB user space has not read, copies the oldest into the region and
 * signals user space. The state is back to idle and the I/O mutex released
 * before the signal, so user space may start the next program as soon as
 * it sees the interrupt (a write that found the mutex still held would
 * fail with -EAGAIN).
 *
 * Context: process context; takes the I/O mutex and the hardware lock.
 */
void vccw_fsm_deliver(struct vccw_fsm *fsm)
{
	bool notify;

	scoped_guard(mutex, &fsm->io_mutex) {
		vccw_process_status(fsm);
		notify = vccw_publish_status(fsm);
	}
	if (notify)
		fsm->ops->notify(fsm);
}

/**
 * vccw_fsm_region_read() - user space has read part of the I/O region
 * @fsm: the state machine
 * @pos: offset of the read in the region
 * @count: bytes read
 *
 * A read that covers any byte of the IRB area takes the IRB as seen, and
 * the next queued one, if any, moves into the region. Call it under the
 * same hold of the I/O mutex as the read itself, so that each IRB is read
 * by someone before it is replaced.
 *
 * Context: I/O mutex held.
 * Return: true if a new IRB is in the region: call vccw_hw_ops.notify
 * after releasing the mutex.
 */
bool vccw_fsm_region_read(struct vccw_fsm *fsm, loff_t pos, size_t count)
{
	lockdep_assert_held(&fsm->io_mutex);
	if (!fsm->irb_unread || pos >= (loff_t)IO_IRB_END ||
	    pos + (loff_t)count <= (loff_t)IO_IRB_OFF)
		return false;
	fsm->irb_unread = false;
	return vccw_publish_status(fsm);
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

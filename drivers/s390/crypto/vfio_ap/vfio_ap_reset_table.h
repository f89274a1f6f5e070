/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ap queue reset: the decision table, kept free of any state so that
 * vfio_ap_reset.c and its KUnit test share it. See vfio_ap_reset.c for the
 * table in prose.
 */
#ifndef _VFIO_AP_RESET_TABLE_H_
#define _VFIO_AP_RESET_TABLE_H_

#include "vfio_ap_backend.h"

#define VFIO_AP_RESET_POLL_MS	20
/* 60 s of polls, as the longest reset the architecture allows for. */
#define VFIO_AP_RESET_MAX_POLLS	(60 * 1000 / VFIO_AP_RESET_POLL_MS)

/* How a response code is treated; see vfio_ap_rc_class(). */
enum vfio_ap_rc_class {
	VFIO_AP_RC_DONE,
	VFIO_AP_RC_DOWN,
	VFIO_AP_RC_WAIT,
	VFIO_AP_RC_REDO,
	VFIO_AP_RC_GONE,
	VFIO_AP_RC_OTHER,
	VFIO_AP_NR_RC_CLASSES,
};

/* The instruction whose answer is being acted on. */
enum vfio_ap_reset_step {
	VFIO_AP_STEP_ZAPQ,
	VFIO_AP_STEP_TAPQ,
	VFIO_AP_NR_STEPS,
};

/*
 * What the reset does next. EXPIRED is never in the table: it is what
 * vfio_ap_reset_next() makes of POLL and REZAPQ once the budget is spent.
 */
enum vfio_ap_reset_action {
	VFIO_AP_ACT_FINISH,
	VFIO_AP_ACT_POLL,
	VFIO_AP_ACT_REZAPQ,
	VFIO_AP_ACT_FINISH_OR_REZAPQ,
	VFIO_AP_ACT_FAIL,
	VFIO_AP_ACT_EXPIRED,
};

static const enum vfio_ap_reset_action __maybe_unused
vfio_ap_reset_table[VFIO_AP_NR_STEPS][VFIO_AP_NR_RC_CLASSES] = {
	[VFIO_AP_STEP_ZAPQ] = {
		[VFIO_AP_RC_DONE]	= VFIO_AP_ACT_POLL,
		[VFIO_AP_RC_DOWN]	= VFIO_AP_ACT_FINISH,
		[VFIO_AP_RC_WAIT]	= VFIO_AP_ACT_POLL,
		[VFIO_AP_RC_REDO]	= VFIO_AP_ACT_POLL,
		[VFIO_AP_RC_GONE]	= VFIO_AP_ACT_FINISH,
		[VFIO_AP_RC_OTHER]	= VFIO_AP_ACT_FAIL,
	},
	[VFIO_AP_STEP_TAPQ] = {
		[VFIO_AP_RC_DONE]	= VFIO_AP_ACT_FINISH_OR_REZAPQ,
		[VFIO_AP_RC_DOWN]	= VFIO_AP_ACT_FINISH_OR_REZAPQ,
		[VFIO_AP_RC_WAIT]	= VFIO_AP_ACT_POLL,
		[VFIO_AP_RC_REDO]	= VFIO_AP_ACT_REZAPQ,
		[VFIO_AP_RC_GONE]	= VFIO_AP_ACT_FINISH,
		[VFIO_AP_RC_OTHER]	= VFIO_AP_ACT_FAIL,
	},
};

static inline enum vfio_ap_rc_class vfio_ap_rc_class(u8 rc)
{
	switch (rc) {
	case AP_RC_NORMAL:
		return VFIO_AP_RC_DONE;
	case AP_RC_DECONFIGURED:
	case AP_RC_CHECKSTOPPED:
		return VFIO_AP_RC_DOWN;
	case AP_RC_RESET_IN_PROGRESS:
	case AP_RC_BUSY:
		return VFIO_AP_RC_WAIT;
	case AP_RC_STATE_CHANGE_IN_PROGRESS:
	case AP_RC_ASSOC_SECRET_NOT_UNIQUE:
	case AP_RC_ASSOC_FAILED:
		return VFIO_AP_RC_REDO;
	case AP_RC_Q_NOT_AVAIL:
		return VFIO_AP_RC_GONE;
	default:
		return VFIO_AP_RC_OTHER;
	}
}

/* ZAPQ answers after which the reset is not known to have started yet. */
static inline bool vfio_ap_zapq_tentative(u8 rc)
{
	return rc == AP_RC_RESET_IN_PROGRESS || rc == AP_RC_BUSY ||
	       rc == AP_RC_STATE_CHANGE_IN_PROGRESS;
}

/*
 * The action for answer @rc to @step, where @zapq_rc is what the last ZAPQ
 * answered: "finish or ZAPQ again" resolved.
 */
static inline enum vfio_ap_reset_action
vfio_ap_reset_action(enum vfio_ap_reset_step step, u8 rc, u8 zapq_rc)
{
	enum vfio_ap_reset_action act =
		vfio_ap_reset_table[step][vfio_ap_rc_class(rc)];

	if (act == VFIO_AP_ACT_FINISH_OR_REZAPQ)
		act = vfio_ap_zapq_tentative(zapq_rc) ? VFIO_AP_ACT_REZAPQ :
							VFIO_AP_ACT_FINISH;
	return act;
}

/*
 * The step logic of a running reset with its polling budget: the action for
 * answer @rc to @step (see vfio_ap_reset_action()), where every POLL and
 * REZAPQ schedules one more TAPQ and counts it in *@polls. The
 * (VFIO_AP_RESET_MAX_POLLS + 1)-th one is not made: the action is EXPIRED
 * instead. Kept free of time and state, so that a test can run a reset
 * through the whole budget without waiting for it.
 */
static inline enum vfio_ap_reset_action
vfio_ap_reset_next(enum vfio_ap_reset_step step, u8 rc, u8 zapq_rc,
		   unsigned int *polls)
{
	enum vfio_ap_reset_action act = vfio_ap_reset_action(step, rc, zapq_rc);

	if (act != VFIO_AP_ACT_POLL && act != VFIO_AP_ACT_REZAPQ)
		return act;
	if (*polls >= VFIO_AP_RESET_MAX_POLLS)
		return VFIO_AP_ACT_EXPIRED;
	(*polls)++;
	return act;
}

#endif /* _VFIO_AP_RESET_TABLE_H_ */

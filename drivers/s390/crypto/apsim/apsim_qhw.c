// SPDX-License-Identifier: GPL-2.0
/*
 * apsim queue model: how one simulated AP queue answers TAPQ, ZAPQ, RAPQ
 * and AQIC, plus the small parsers and formatters the control files share.
 * Everything here is pure (no locks, no allocation) so that KUnit can test
 * it on any architecture; apsim_hw.c adds the locking and the lookup.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/string.h>

#include "apsim_priv.h"

/* Facility bits of the TAPQ information, numbered from the left. */
#define APSIM_FAC(n)		(0x80000000U >> (n))
#define APSIM_FAC_MEX4K		APSIM_FAC(1)
#define APSIM_FAC_CRT4K		APSIM_FAC(2)
#define APSIM_FAC_CCA		APSIM_FAC(3)
#define APSIM_FAC_ACCEL		APSIM_FAC(4)
#define APSIM_FAC_EP11		APSIM_FAC(5)
#define APSIM_FAC_APXA		APSIM_FAC(6)

const char * const apsim_op_names[APSIM_OP_NR] = {
	[APSIM_OP_TAPQ] = "tapq",
	[APSIM_OP_ZAPQ] = "zapq",
	[APSIM_OP_RAPQ] = "rapq",
	[APSIM_OP_AQIC] = "aqic",
};

static const char apsim_mode_letters[] = { 'A', 'C', 'P' };

/**
 * apsim_qhw_init() - put a queue into its power-on state
 * @q:		the queue
 * @apqn:	its adapter and domain
 */
void apsim_qhw_init(struct apsim_qhw *q, u16 apqn)
{
	memset(q, 0, sizeof(*q));
	q->apqn = apqn;
}

/* Take the first scripted answer for @op out of the script, if any. */
static bool apsim_qhw_take_script(struct apsim_qhw *q, enum apsim_op op,
				  u8 *rc)
{
	unsigned int i;

	for (i = 0; i < q->nscript; i++) {
		if (q->script_op[i] != op)
			continue;
		*rc = q->script_rc[i];
		q->nscript--;
		memmove(&q->script_op[i], &q->script_op[i + 1],
			q->nscript - i);
		memmove(&q->script_rc[i], &q->script_rc[i + 1],
			q->nscript - i);
		return true;
	}
	return false;
}

/* No request or reply is queued any more. */
static void apsim_qhw_empty(struct apsim_qhw *q)
{
	q->replies = 0;
	q->full = false;
}

/* The queue loses what it held: requests, replies, interruption settings. */
static void apsim_qhw_zeroize(struct apsim_qhw *q)
{
	apsim_qhw_empty(q);
	q->irq = false;
	q->isc = 0;
	q->gisa = 0;
	q->nib = 0;
}

/**
 * apsim_qhw_power_off() - the adapter of a queue was deconfigured
 * @q:	the queue
 *
 * Everything the queue held is lost and a pending reset is over; scripted
 * answers and knobs stay.
 */
void apsim_qhw_power_off(struct apsim_qhw *q)
{
	apsim_qhw_zeroize(q);
	q->reset_left = 0;
	q->resetting = false;
}

/**
 * apsim_qhw_held() - is a reset of the queue kept in progress by its hold knob?
 * @q:	the queue
 *
 * Return: true while TAPQ answers 0x02 only because "hold" is set.
 */
bool apsim_qhw_held(const struct apsim_qhw *q)
{
	return q->hold && q->resetting;
}

static u8 apsim_qhw_aqic(struct apsim_qhw *q, bool enable, u8 isc, u64 nib)
{
	if (enable) {
		if (q->irq)
			return AP_RC_OTHERWISE_CHANGED;
		if (!nib)
			return AP_RC_INVALID_ADDRESS;
		q->irq = true;
		q->isc = isc;
		q->nib = nib;
		return AP_RC_NORMAL;
	}
	if (!q->irq)
		return AP_RC_OTHERWISE_CHANGED;
	q->irq = false;
	q->isc = 0;
	q->gisa = 0;
	q->nib = 0;
	return AP_RC_NORMAL;
}

/**
 * apsim_qhw_exec() - execute one simulated AP instruction on a queue
 * @q:		the queue
 * @op:		which instruction
 * @enable:	AQIC only: enable (true) or disable interruptions
 * @isc:	AQIC only: interruption subclass
 * @nib:	AQIC only: notification indicator byte address; 0 is invalid
 * @st:		receives the queue status
 *
 * A scripted answer for @op wins, then a sticky response code; either
 * leaves the queue unchanged unless it is 0x00. Otherwise the queue
 * behaves as the architecture describes: a reset (ZAPQ or RAPQ) disables
 * interruptions and empties the queue (no replies waiting, not full), and
 * the next @reset_polls TAPQs report "reset in progress", and so does
 * every further TAPQ while the hold knob is set; AQIC enables or disables
 * interruptions and answers "otherwise changed" if they already are in the
 * requested state.
 */
void apsim_qhw_exec(struct apsim_qhw *q, enum apsim_op op, bool enable,
		    u8 isc, u64 nib, struct apsim_qstatus *st)
{
	u8 rc = AP_RC_NORMAL;

	q->count[op]++;
	if (!apsim_qhw_take_script(q, op, &rc))
		rc = q->sticky_rc;

	if (rc == AP_RC_NORMAL) {
		switch (op) {
		case APSIM_OP_TAPQ:
			if (q->reset_left) {
				q->reset_left--;
				rc = AP_RC_RESET_IN_PROGRESS;
			} else if (apsim_qhw_held(q)) {
				rc = AP_RC_RESET_IN_PROGRESS;
			} else {
				q->resetting = false;
			}
			break;
		case APSIM_OP_ZAPQ:
		case APSIM_OP_RAPQ:
			apsim_qhw_zeroize(q);
			q->reset_left = q->reset_polls;
			q->resetting = true;
			break;
		case APSIM_OP_AQIC:
			rc = apsim_qhw_aqic(q, enable, isc, nib);
			break;
		default:
			break;
		}
	}

	st->rc = rc;
	st->queue_empty = !q->replies && !q->full;
	st->replies_waiting = q->replies;
	st->queue_full = q->full;
	st->irq_enabled = q->irq;
}

/**
 * apsim_qhw_inject() - queue one-shot answers for an instruction
 * @q:		the queue
 * @op:		the instruction the answers are for
 * @rc:		the response code to give
 * @count:	how many executions of @op get it
 *
 * Return: 0, -EINVAL for a zero @count, or -ENOSPC when the script would
 * exceed %APSIM_SCRIPT_MAX entries (then nothing is added).
 */
int apsim_qhw_inject(struct apsim_qhw *q, enum apsim_op op, u8 rc,
		     unsigned int count)
{
	if (!count)
		return -EINVAL;
	if (count > APSIM_SCRIPT_MAX - q->nscript)
		return -ENOSPC;
	while (count--) {
		q->script_op[q->nscript] = op;
		q->script_rc[q->nscript] = rc;
		q->nscript++;
	}
	return 0;
}

/**
 * apsim_parse_op() - look an instruction name up
 * @s:	"tapq", "zapq", "rapq" or "aqic"
 *
 * Return: the &enum apsim_op, or -EINVAL.
 */
int apsim_parse_op(const char *s)
{
	return match_string(apsim_op_names, APSIM_OP_NR, s);
}

/* "OP:RC[:COUNT]" */
static int apsim_qhw_ctl_inject(struct apsim_qhw *q, char *arg)
{
	char *op_s = strsep(&arg, ":");
	char *rc_s = strsep(&arg, ":");
	unsigned int count = 1;
	int op, ret;
	u8 rc;

	if (!rc_s)
		return -EINVAL;
	op = apsim_parse_op(op_s);
	if (op < 0)
		return op;
	ret = kstrtou8(rc_s, 0, &rc);
	if (ret)
		return ret;
	if (arg) {
		ret = kstrtouint(arg, 0, &count);
		if (ret)
			return ret;
	}
	return apsim_qhw_inject(q, op, rc, count);
}

/**
 * apsim_qhw_ctl() - apply one control word to a queue
 * @q:		the queue
 * @cmd:	"reset_polls=N", "hold=0|1", "sticky_rc=N",
 *		"inject=OP:RC[:COUNT]", "replies=N", "full=0|1" or "clear";
 *		modified by the parser
 *
 * Return: 0, or -EINVAL (or a kstrto* error) for a malformed word, in
 * which case @q is unchanged.
 */
int apsim_qhw_ctl(struct apsim_qhw *q, char *cmd)
{
	char *key = strsep(&cmd, "=");

	if (!strcmp(key, "clear")) {
		if (cmd)
			return -EINVAL;
		apsim_qhw_empty(q);
		q->nscript = 0;
		q->sticky_rc = 0;
		q->reset_polls = 0;
		q->reset_left = 0;
		q->hold = false;
		return 0;
	}
	if (!cmd)
		return -EINVAL;
	if (!strcmp(key, "reset_polls"))
		return kstrtou32(cmd, 0, &q->reset_polls);
	if (!strcmp(key, "hold"))
		return kstrtobool(cmd, &q->hold);
	if (!strcmp(key, "sticky_rc"))
		return kstrtou8(cmd, 0, &q->sticky_rc);
	if (!strcmp(key, "inject"))
		return apsim_qhw_ctl_inject(q, cmd);
	if (!strcmp(key, "replies"))
		return kstrtou32(cmd, 0, &q->replies);
	if (!strcmp(key, "full"))
		return kstrtobool(cmd, &q->full);
	return -EINVAL;
}

/**
 * apsim_parse_type() - parse a card type name such as "CEX7C"
 * @s:		the name: "CEX", a generation 3 to 9, and A, C or P
 * @hwtype:	receives the hardware type: generation + 6 from CEX4 on,
 *		8 for CEX3A and 9 for CEX3C
 * @mode:	receives the mode
 *
 * Return: 0, or -EINVAL for anything else, including CEX3P (a CEX3 has
 * no EP11 mode); a trailing newline is allowed.
 */
int apsim_parse_type(const char *s, u8 *hwtype, enum apsim_mode *mode)
{
	size_t len = strlen(s);
	const char *m;

	if (len && s[len - 1] == '\n')
		len--;
	if (len != 5 || strncmp(s, "CEX", 3) || s[3] < '3' || s[3] > '9')
		return -EINVAL;
	m = memchr(apsim_mode_letters, s[4], sizeof(apsim_mode_letters));
	if (!m)
		return -EINVAL;
	if (s[3] == '3' && *m == 'P')
		return -EINVAL;
	*mode = m - apsim_mode_letters;
	if (s[3] != '3')
		*hwtype = s[3] - '0' + 6;
	else if (*mode == APSIM_MODE_CCA)
		*hwtype = APSIM_HWTYPE_CEX3C;
	else
		*hwtype = APSIM_HWTYPE_CEX3A;
	return 0;
}

/**
 * apsim_format_type() - the name of a card type, e.g. "CEX7C"
 * @buf:	output buffer
 * @size:	its size
 * @hwtype:	hardware type, 8 to 15
 * @mode:	mode
 *
 * Return: the length written (as snprintf()).
 */
int apsim_format_type(char *buf, size_t size, u8 hwtype, enum apsim_mode mode)
{
	unsigned int gen = hwtype < APSIM_HWTYPE_CEX4 ? 3 : hwtype - 6;

	return snprintf(buf, size, "CEX%u%c", gen, apsim_mode_letters[mode]);
}

/**
 * apsim_mode_functions() - the facility bits a card of a mode reports
 * @mode:	the mode
 *
 * Return: the bits, leftmost first, as the ap_functions attribute shows
 * them; APXA is always included.
 */
u32 apsim_mode_functions(enum apsim_mode mode)
{
	switch (mode) {
	case APSIM_MODE_ACCEL:
		return APSIM_FAC_MEX4K | APSIM_FAC_CRT4K | APSIM_FAC_ACCEL |
		       APSIM_FAC_APXA;
	case APSIM_MODE_CCA:
		return APSIM_FAC_MEX4K | APSIM_FAC_CRT4K | APSIM_FAC_CCA |
		       APSIM_FAC_APXA;
	default:
		return APSIM_FAC_EP11 | APSIM_FAC_APXA;
	}
}

/**
 * apsim_parse_apqn() - parse a queue name "XX.YYYY" (hex)
 * @s:		the name, optionally followed by a newline
 * @apqn:	receives the APQN
 *
 * Return: 0, or -EINVAL when the syntax is wrong or an ID exceeds 255.
 */
int apsim_parse_apqn(const char *s, u16 *apqn)
{
	size_t len = strlen(s);
	unsigned int i, apid = 0, apqi = 0;

	if (len == 8 && s[7] == '\n')
		len--;
	if (len != 7 || s[2] != '.')
		return -EINVAL;
	for (i = 0; i < len; i++) {
		int v = hex_to_bin(s[i]);

		if (i == 2)
			continue;
		if (v < 0)
			return -EINVAL;
		if (i < 2)
			apid = apid * 16 + v;
		else
			apqi = apqi * 16 + v;
	}
	if (apqi > 0xff)
		return -EINVAL;
	*apqn = AP_APQN(apid, apqi);
	return 0;
}

/**
 * apsim_format_mask() - print a 256-bit architected mask
 * @buf:	output buffer
 * @size:	its size; 67 bytes hold the whole text and its NUL
 * @mask:	the mask
 *
 * The text is "0x" and 64 hex digits, the first digit holding IDs 0-3,
 * as /sys/bus/ap/apmask shows it.
 *
 * Return: the length written (as snprintf()).
 */
int apsim_format_mask(char *buf, size_t size, const unsigned long *mask)
{
	char digits[APSIM_NR_ADAPTERS / 4 + 1];
	unsigned int d, id;

	for (d = 0; d < APSIM_NR_ADAPTERS / 4; d++) {
		u8 nibble = 0;

		for (id = 4 * d; id < 4 * d + 4; id++)
			nibble = (nibble << 1) | ap_test_id(mask, id);
		digits[d] = hex_asc[nibble];
	}
	digits[d] = '\0';
	return snprintf(buf, size, "0x%s", digits);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the vfio_ccw state machine, run against a mock subchannel,
 * and for the channel-report queue.
 *
 * Both are portable and compiled into this module, so the tests run on any
 * architecture.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/unaligned.h>

#include "../vfio_ccw_crwq.h"
#include "../vfio_ccw_fsm.c"

/**
 * struct fsm_mock - a fake subchannel
 * @fsm: state machine under test
 * @lock: stands in for the subchannel lock
 * @enable_ret: result of enable
 * @disable_ret: results of successive disable calls (the last one repeats)
 * @nr_disable_ret: entries in @disable_ret
 * @cancel_ret: result of cancel (default: nothing to cancel)
 * @prepare_ret: result of prepare
 * @start_ret: result of start
 * @halt_ret: result of halt
 * @clear_ret: result of clear
 * @gone_in_prepare: report not-operational while translating
 * @irb: what capture_irb hands out
 * @calls: call counters, indexed by enum mock_call
 * @state_at_notify: state seen when user space was signalled
 */
struct fsm_mock {
	struct vccw_fsm fsm;
	spinlock_t lock;	/* stands in for the subchannel lock */
	int enable_ret;
	int disable_ret[4];
	unsigned int nr_disable_ret;
	int cancel_ret;
	int prepare_ret;
	int start_ret;
	int halt_ret;
	int clear_ret;
	bool gone_in_prepare;
	u8 irb[CSS_IRB_SIZE];
	unsigned int calls[20];
	enum vccw_state state_at_notify;
};

enum mock_call {
	C_ENABLE, C_DISABLE, C_CANCEL, C_PREPARE, C_START, C_UNPREPARE, C_HALT,
	C_CLEAR, C_CAPTURE, C_KICK, C_GONE, C_FIX, C_NOTIFY, C_TRACE,
	C_ABANDON,
};

static struct fsm_mock *to_mock(struct vccw_fsm *fsm)
{
	return container_of(fsm, struct fsm_mock, fsm);
}

static int mock_enable(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_ENABLE]++;
	return to_mock(fsm)->enable_ret;
}

static int mock_disable(struct vccw_fsm *fsm)
{
	struct fsm_mock *m = to_mock(fsm);
	unsigned int n = m->calls[C_DISABLE]++;

	if (!m->nr_disable_ret)
		return 0;
	return m->disable_ret[min(n, m->nr_disable_ret - 1)];
}

static int mock_cancel(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_CANCEL]++;
	return to_mock(fsm)->cancel_ret;
}

static int mock_prepare(struct vccw_fsm *fsm)
{
	struct fsm_mock *m = to_mock(fsm);

	m->calls[C_PREPARE]++;
	lockdep_assert_not_held(&m->lock);
	if (m->gone_in_prepare) {
		spin_lock_irq(&m->lock);
		vccw_fsm_event(fsm, VCCW_EV_NOT_OPER);
		spin_unlock_irq(&m->lock);
	}
	return m->prepare_ret;
}

static int mock_start(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_START]++;
	return to_mock(fsm)->start_ret;
}

static void mock_unprepare(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_UNPREPARE]++;
}

static int mock_halt(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_HALT]++;
	return to_mock(fsm)->halt_ret;
}

static int mock_clear(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_CLEAR]++;
	return to_mock(fsm)->clear_ret;
}

static void mock_capture(struct vccw_fsm *fsm, u8 *irb)
{
	to_mock(fsm)->calls[C_CAPTURE]++;
	memcpy(irb, to_mock(fsm)->irb, CSS_IRB_SIZE);
}

static void mock_kick(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_KICK]++;
}

static void mock_gone(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_GONE]++;
}

/* Host addresses of the mock's program in flight, and the guest's. */
#define MOCK_HOST_CP	0x10000000u
#define MOCK_GUEST_CP	0x2000u

static bool mock_guest_addr(struct vccw_fsm *fsm, u32 *addr)
{
	to_mock(fsm)->calls[C_FIX]++;
	if (*addr < MOCK_HOST_CP || *addr >= MOCK_HOST_CP + 0x1000)
		return false;
	*addr = *addr - MOCK_HOST_CP + MOCK_GUEST_CP;
	return true;
}

static void mock_abandon(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_ABANDON]++;
	lockdep_assert_not_held(&to_mock(fsm)->lock);
}

static void mock_notify(struct vccw_fsm *fsm)
{
	to_mock(fsm)->calls[C_NOTIFY]++;
	to_mock(fsm)->state_at_notify = fsm->state;
}

static void mock_trace(struct vccw_fsm *fsm, enum vccw_state state,
		       enum vccw_event event)
{
	to_mock(fsm)->calls[C_TRACE]++;
}

static const struct vccw_hw_ops mock_ops = {
	.enable = mock_enable, .disable = mock_disable, .cancel = mock_cancel,
	.prepare = mock_prepare, .start = mock_start,
	.unprepare = mock_unprepare, .halt = mock_halt, .clear = mock_clear,
	.capture_irb = mock_capture, .kick = mock_kick, .gone = mock_gone,
	.guest_addr = mock_guest_addr, .abandon = mock_abandon,
	.notify = mock_notify, .trace = mock_trace,
};

static struct fsm_mock *mock_new(struct kunit *test, enum vccw_state state)
{
	struct fsm_mock *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	spin_lock_init(&m->lock);
	vccw_fsm_init(&m->fsm, &mock_ops, &m->lock);
	m->fsm.quiesce_timeout = 0;	/* never sleep in a test */
	m->fsm.state = state;
	/* a start request, unless a test changes it */
	m->fsm.io.scsw_area[2] = CSS_SCSW_FCTL_START << CSS_SCSW_FCTL_SHIFT;
	m->fsm.cmd.command = VFIO_CCW_ASYNC_CMD_HSCH;
	m->cancel_ret = -EINVAL;
	return m;
}

static void mock_event(struct fsm_mock *m, enum vccw_event event)
{
	mutex_lock(&m->fsm.io_mutex);
	vccw_fsm_user_event(&m->fsm, event);
	mutex_unlock(&m->fsm.io_mutex);
}

/* Status: final, solicited (cc 0, primary + secondary + pending). */
static void mock_final_irb(struct fsm_mock *m)
{
	memset(m->irb, 0, sizeof(m->irb));
	m->irb[3] = 0x07;
}

static void fsm_test_table_complete(struct kunit *test)
{
	unsigned int s, e;

	for (s = 0; s < VCCW_NR_STATES; s++)
		for (e = 0; e < VCCW_NR_EVENTS; e++)
			KUNIT_EXPECT_NOT_NULL_MSG(test, vccw_table[s][e],
						  "state %u event %u", s, e);
}

struct cell {
	enum vccw_state next;
	int ret;	/* io or cmd ret_code for request events */
};

#define NOP_ST	VCCW_ST_NOT_OPER
static const struct cell expect[VCCW_NR_STATES][VCCW_NR_EVENTS] = {
	[VCCW_ST_NOT_OPER] = {
		[VCCW_EV_NOT_OPER]	= { NOP_ST },
		[VCCW_EV_IO_REQ]	= { NOP_ST, -EIO },
		[VCCW_EV_INTERRUPT]	= { NOP_ST },
		[VCCW_EV_ASYNC_REQ]	= { NOP_ST, -EIO },
		[VCCW_EV_OPEN]		= { NOP_ST },
		[VCCW_EV_CLOSE]		= { NOP_ST },
	},
	[VCCW_ST_STANDBY] = {
		[VCCW_EV_NOT_OPER]	= { NOP_ST },
		[VCCW_EV_IO_REQ]	= { VCCW_ST_STANDBY, -EIO },
		[VCCW_EV_INTERRUPT]	= { VCCW_ST_STANDBY },
		[VCCW_EV_ASYNC_REQ]	= { VCCW_ST_STANDBY, -EIO },
		[VCCW_EV_OPEN]		= { VCCW_ST_IDLE },
		[VCCW_EV_CLOSE]		= { NOP_ST },
	},
	[VCCW_ST_IDLE] = {
		[VCCW_EV_NOT_OPER]	= { NOP_ST },
		[VCCW_EV_IO_REQ]	= { VCCW_ST_CP_PENDING, 0 },
		[VCCW_EV_INTERRUPT]	= { VCCW_ST_IDLE },
		[VCCW_EV_ASYNC_REQ]	= { VCCW_ST_IDLE, 0 },
		[VCCW_EV_OPEN]		= { NOP_ST },
		[VCCW_EV_CLOSE]		= { VCCW_ST_STANDBY },
	},
	[VCCW_ST_CP_PROCESSING] = {
		[VCCW_EV_NOT_OPER]	= { NOP_ST },
		[VCCW_EV_IO_REQ]	= { VCCW_ST_CP_PROCESSING, -EAGAIN },
		[VCCW_EV_INTERRUPT]	= { VCCW_ST_CP_PROCESSING },
		[VCCW_EV_ASYNC_REQ]	= { VCCW_ST_CP_PROCESSING, -EAGAIN },
		[VCCW_EV_OPEN]		= { NOP_ST },
		[VCCW_EV_CLOSE]		= { VCCW_ST_STANDBY },
	},
	[VCCW_ST_CP_PENDING] = {
		[VCCW_EV_NOT_OPER]	= { NOP_ST },
		[VCCW_EV_IO_REQ]	= { VCCW_ST_CP_PENDING, -EBUSY },
		[VCCW_EV_INTERRUPT]	= { VCCW_ST_CP_PENDING },
		[VCCW_EV_ASYNC_REQ]	= { VCCW_ST_CP_PENDING, 0 },
		[VCCW_EV_OPEN]		= { NOP_ST },
		[VCCW_EV_CLOSE]		= { VCCW_ST_STANDBY },
	},
};

/*
 * Walk every (state, event) cell with a hardware that always succeeds.
 * Covers: CCW-FSM-01 CCW-FSM-02 CCW-FSM-03 CCW-FSM-04 CCW-FSM-05
 *         CCW-FSM-06 CCW-FSM-08 CCW-FSM-09 CCW-ASY-01
 */
static void fsm_test_every_cell(struct kunit *test)
{
	unsigned int s, e;

	for (s = 0; s < VCCW_NR_STATES; s++) {
		for (e = 0; e < VCCW_NR_EVENTS; e++) {
			struct fsm_mock *m = mock_new(test, s);
			const struct cell *c = &expect[s][e];
			bool entered_gone;

			m->fsm.io.ret_code = 0x5555;
			m->fsm.cmd.ret_code = 0x5555;
			mock_event(m, e);

			KUNIT_EXPECT_EQ_MSG(test, m->fsm.state, c->next,
					    "state %s event %s",
					    vccw_state_name(s),
					    vccw_event_name(e));
			if (e == VCCW_EV_IO_REQ)
				KUNIT_EXPECT_EQ_MSG(test, (int)m->fsm.io.ret_code,
						    c->ret, "state %s",
						    vccw_state_name(s));
			else
				KUNIT_EXPECT_EQ(test, m->fsm.io.ret_code, 0x5555);
			if (e == VCCW_EV_ASYNC_REQ)
				KUNIT_EXPECT_EQ_MSG(test, (int)m->fsm.cmd.ret_code,
						    c->ret, "state %s",
						    vccw_state_name(s));
			entered_gone = s != VCCW_ST_NOT_OPER &&
				       c->next == VCCW_ST_NOT_OPER;
			KUNIT_EXPECT_EQ_MSG(test, m->calls[C_GONE],
					    entered_gone ? 1U : 0U,
					    "state %s event %s",
					    vccw_state_name(s),
					    vccw_event_name(e));
			KUNIT_EXPECT_EQ(test, m->calls[C_TRACE], 1U);
			if (e == VCCW_EV_INTERRUPT) {
				bool active = s >= VCCW_ST_IDLE;

				KUNIT_EXPECT_EQ(test, m->fsm.irbs.count,
						active ? 1U : 0U);
				KUNIT_EXPECT_EQ(test, m->calls[C_KICK],
						active ? 1U : 0U);
				/* a disabled subchannel is disabled again */
				KUNIT_EXPECT_EQ(test, m->calls[C_DISABLE],
						active ? 0U : 1U);
			}
			/* Only the two start paths may touch the hardware. */
			KUNIT_EXPECT_EQ(test, m->calls[C_START],
					s == VCCW_ST_IDLE && e == VCCW_EV_IO_REQ ?
					1U : 0U);
			vccw_fsm_destroy(&m->fsm);
		}
	}
}

/*
 * Covers: CCW-IO-01 CCW-IO-02 CCW-IO-03 CCW-IO-04 CCW-IO-05 CCW-IO-06
 *         CCW-IO-08
 */
static void fsm_test_io_request_errors(struct kunit *test)
{
	static const struct {
		const char *what;
		u8 fctl;
		bool transport;
		int prepare_ret, start_ret;
		int ret;
		unsigned int unprepares;
	} cases[] = {
		{ "translation fails", CSS_SCSW_FCTL_START, false, -EFAULT, 0,
		  -EFAULT, 1 },
		{ "busy subchannel", CSS_SCSW_FCTL_START, false, 0, -EBUSY,
		  -EBUSY, 1 },
		{ "path gone", CSS_SCSW_FCTL_START, false, 0, -EACCES, -EACCES, 1 },
		{ "transport mode", CSS_SCSW_FCTL_START, true, 0, 0,
		  -EOPNOTSUPP, 0 },
		{ "halt in I/O region", CSS_SCSW_FCTL_HALT, false, 0, 0,
		  -EOPNOTSUPP, 0 },
		{ "clear in I/O region", CSS_SCSW_FCTL_CLEAR, false, 0, 0,
		  -EOPNOTSUPP, 0 },
		{ "no function", 0, false, 0, 0, -EINVAL, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fsm_mock *m = mock_new(test, VCCW_ST_IDLE);

		m->fsm.io.scsw_area[2] = cases[i].fctl << CSS_SCSW_FCTL_SHIFT;
		if (cases[i].transport)
			m->fsm.io.orb_area[5] = CSS_ORB_TM;
		m->prepare_ret = cases[i].prepare_ret;
		m->start_ret = cases[i].start_ret;
		mock_event(m, VCCW_EV_IO_REQ);
		KUNIT_EXPECT_EQ_MSG(test, (int)m->fsm.io.ret_code, cases[i].ret,
				    "%s", cases[i].what);
		KUNIT_EXPECT_EQ_MSG(test, m->fsm.state, VCCW_ST_IDLE, "%s",
				    cases[i].what);
		KUNIT_EXPECT_EQ_MSG(test, m->calls[C_UNPREPARE],
				    cases[i].unprepares, "%s", cases[i].what);
	}
}

/*
 * Old status not yet delivered: a new start must not be accepted.
 * Covers: bug-C15
 */
static void fsm_test_start_with_pending_status(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_IDLE);

	/* saved by the interrupt action, not yet delivered */
	vccw_irbq_push(&m->fsm.irbs, m->irb);
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.io.ret_code, -EBUSY);
	KUNIT_EXPECT_EQ(test, m->calls[C_START], 0U);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);

	/* delivered, but waiting for user space to read the one before */
	m = mock_new(test, VCCW_ST_IDLE);
	vccw_irbq_push(&m->fsm.ready, m->irb);
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.io.ret_code, -EBUSY);
	KUNIT_EXPECT_EQ(test, m->calls[C_START], 0U);
}

/* Covers: CCW-FSM-08 bug-C16 */
static void fsm_test_gone_while_translating(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_IDLE);

	m->gone_in_prepare = true;
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.io.ret_code, -ENODEV);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_START], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
}

/* Covers: CCW-ASY-01 CCW-ASY-02 */
static void fsm_test_async_results(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	m->halt_ret = -EBUSY;
	mock_event(m, VCCW_EV_ASYNC_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.cmd.ret_code, -EBUSY);

	m->fsm.cmd.command = VFIO_CCW_ASYNC_CMD_CSCH;
	m->clear_ret = -ENODEV;
	mock_event(m, VCCW_EV_ASYNC_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.cmd.ret_code, -ENODEV);

	m->fsm.cmd.command = 3;	/* neither halt nor clear */
	mock_event(m, VCCW_EV_ASYNC_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.cmd.ret_code, -EINVAL);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT] + m->calls[C_CLEAR], 2U);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_CP_PENDING);
}

/* Covers: CCW-FSM-06 */
static void fsm_test_open_fails(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_STANDBY);

	m->enable_ret = -ENODEV;
	mock_event(m, VCCW_EV_OPEN);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);
}

/* Call vccw_fsm_open(), _close() or _reset() as the vfio device does. */
static int mock_call_locked(struct fsm_mock *m,
			    int (*fn)(struct vccw_fsm *fsm))
{
	int ret;

	mutex_lock(&m->fsm.io_mutex);
	ret = fn(&m->fsm);
	mutex_unlock(&m->fsm.io_mutex);
	return ret;
}

static int mock_close(struct vccw_fsm *fsm)
{
	vccw_fsm_close(fsm);
	return 0;
}

/*
 * Opening the vfio device: the subchannel is enabled, or, when that fails,
 * declared gone and the open refused.
 * Covers: CCW-LIFE-03 CCW-FSM-02 CCW-FSM-06
 */
static void fsm_test_open_device(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_STANDBY);

	KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_open), 0);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
	KUNIT_EXPECT_EQ(test, m->calls[C_ENABLE], 1U);

	m = mock_new(test, VCCW_ST_STANDBY);
	m->enable_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_open), -EINVAL);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);
}

/*
 * Closing an open device disables the subchannel and drops the program.
 * Closing one whose subchannel is gone touches no hardware and does not
 * declare it gone again, yet drops the program at once: the work item of
 * the not-operational action may not have run, and VFIO needs the pages
 * back before the close returns.
 * Covers: CCW-LIFE-04 CCW-FSM-01 CCW-FSM-07 CCW-FSM-08
 */
static void fsm_test_close_device(struct kunit *test)
{
	static const enum vccw_state opened[] = {
		VCCW_ST_IDLE, VCCW_ST_CP_PENDING,
	};
	struct fsm_mock *m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(opened); i++) {
		m = mock_new(test, opened[i]);
		mock_call_locked(m, mock_close);
		KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_STANDBY);
		KUNIT_EXPECT_EQ(test, m->calls[C_DISABLE], 1U);
		KUNIT_EXPECT_GE(test, m->calls[C_UNPREPARE], 1U);
		KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 0U);
	}

	m = mock_new(test, VCCW_ST_NOT_OPER);
	mock_call_locked(m, mock_close);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_DISABLE] + m->calls[C_CANCEL] +
			m->calls[C_HALT] + m->calls[C_CLEAR], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 0U);
}

/*
 * VFIO_DEVICE_RESET (and a DMA unmap of pinned pages) on an open device:
 * close, then open. The program is dropped and the subchannel enabled
 * again; the IRB in the I/O region stays, status queued for user space
 * and never given to it is forgotten.
 * Covers: CCW-IOC-03 CCW-LIFE-08 CCW-FSM-06 CCW-FSM-07
 */
static void fsm_test_reset_open_device(struct kunit *test)
{
	static const enum vccw_state opened[] = {
		VCCW_ST_IDLE, VCCW_ST_CP_PENDING,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(opened); i++) {
		struct fsm_mock *m = mock_new(test, opened[i]);

		m->fsm.io.irb_area[11] = 0x42;
		m->fsm.irb_unread = true;
		vccw_irbq_push(&m->fsm.irbs, m->irb);
		KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_reset), 0);
		KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
		KUNIT_EXPECT_EQ(test, m->calls[C_DISABLE], 1U);
		KUNIT_EXPECT_EQ(test, m->calls[C_ENABLE], 1U);
		KUNIT_EXPECT_GE(test, m->calls[C_UNPREPARE], 1U);
		KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 0U);
		/* one CLOSE and one OPEN event, nothing else */
		KUNIT_EXPECT_EQ(test, m->calls[C_TRACE], 2U);
		KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x42);
		KUNIT_EXPECT_EQ(test, m->fsm.irbs.count + m->fsm.ready.count, 0U);
		KUNIT_EXPECT_FALSE(test, m->fsm.irb_unread);
	}
}

/*
 * Reset when the subchannel is gone: already before the reset (no
 * hardware is touched, the program is still dropped), found gone by the
 * disable, or failing to enable again. Each ends not operational with
 * -EINVAL, and the subchannel is declared gone at most once.
 * Covers: CCW-IOC-03 CCW-FSM-01 CCW-FSM-02 CCW-FSM-06 CCW-FSM-07
 *         CCW-FSM-08
 */
static void fsm_test_reset_gone(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_NOT_OPER);

	KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_reset), -EINVAL);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_DISABLE] + m->calls[C_ENABLE], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 0U);

	m = mock_new(test, VCCW_ST_IDLE);
	m->disable_ret[0] = -ENODEV;
	m->nr_disable_ret = 1;
	KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_reset), -EINVAL);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_ENABLE], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);

	m = mock_new(test, VCCW_ST_IDLE);
	m->enable_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, mock_call_locked(m, vccw_fsm_reset), -EINVAL);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_ENABLE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);
}

/* Deliver status and check what reaches user space. */
static void deliver(struct fsm_mock *m)
{
	spin_lock_irq(&m->lock);
	vccw_fsm_event(&m->fsm, VCCW_EV_INTERRUPT);
	spin_unlock_irq(&m->lock);
	vccw_fsm_deliver(&m->fsm);
}

/* Covers: CCW-FSM-09 CCW-INT-01 CCW-INT-03 bug-C17 */
static void fsm_test_final_status_ends_program(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	mock_final_irb(m);
	m->irb[11] = 0x42;	/* something to recognise in the region */
	deliver(m);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
	/* user space must see idle when it is told (no spurious busy) */
	KUNIT_EXPECT_EQ(test, m->state_at_notify, VCCW_ST_IDLE);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_FIX], 1U);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x42);
	KUNIT_EXPECT_EQ(test, m->fsm.irbs.count + m->fsm.ready.count, 0U);

	/* A second delivery without new status changes nothing. */
	vccw_fsm_deliver(&m->fsm);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);
}

/* Covers: CCW-INT-01 CCW-INT-04 CCW-CP-20 */
static void fsm_test_intermediate_status_keeps_program(struct kunit *test)
{
	static const u8 active[] = {
		CSS_SCSW_DEV_ACTIVE, CSS_SCSW_SCH_ACTIVE, CSS_SCSW_SUSPENDED,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(active); i++) {
		struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

		mock_final_irb(m);
		m->irb[3] |= active[i];
		deliver(m);
		KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_CP_PENDING);
		KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 0U);
		KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);
	}
}

/* Covers: CCW-INT-01 CCW-INT-03 */
static void fsm_test_unsolicited_status(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_IDLE);

	memset(m->irb, 0, sizeof(m->irb));
	m->irb[3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;
	put_unaligned_be32(MOCK_HOST_CP, m->irb + 4);
	deliver(m);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
	/* no translation asked: the address means nothing, and reads 0 */
	KUNIT_EXPECT_EQ(test, m->calls[C_FIX], 0U);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(m->fsm.io.irb_area + 4), 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);
}

/*
 * A subchannel that never becomes idle: close must still end.
 * Covers: CCW-FSM-07 CCW-FSM-10 bug-C12
 */
static void fsm_test_quiesce_is_bounded(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	m->disable_ret[0] = -EBUSY;
	m->nr_disable_ret = 1;
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->fsm.quiesce_rounds, VCCW_QUIESCE_ROUNDS);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT] + m->calls[C_CLEAR],
			VCCW_QUIESCE_ROUNDS);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);
}

/* Covers: CCW-FSM-07 CCW-FSM-10 bug-C12 */
static void fsm_test_quiesce_then_close(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	m->disable_ret[0] = -EBUSY;
	m->disable_ret[1] = -EBUSY;
	m->disable_ret[2] = 0;
	m->nr_disable_ret = 3;
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_STANDBY);
	KUNIT_EXPECT_EQ(test, m->calls[C_CANCEL], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT], 2U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_ABANDON], 0U);
}

/* Covers: CCW-FSM-10 bug-C12 */
static void fsm_test_quiesce_gives_up(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	m->disable_ret[0] = -EBUSY;
	m->nr_disable_ret = 1;
	m->halt_ret = -ENODEV;	/* gone: nothing runs any more */
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_ABANDON], 0U);
}

/* Covers: CCW-INT-01 */
static void fsm_test_scsw_helpers(struct kunit *test)
{
	u8 scsw[CSS_SCSW_SIZE] = {};

	scsw[3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;
	KUNIT_EXPECT_FALSE(test, vccw_scsw_is_solicited(scsw));
	KUNIT_EXPECT_TRUE(test, vccw_scsw_is_final(scsw));
	scsw[0] = 0x01;		/* deferred condition code 1 */
	KUNIT_EXPECT_TRUE(test, vccw_scsw_is_solicited(scsw));
	KUNIT_EXPECT_STREQ(test, vccw_state_name(VCCW_NR_STATES), "?");
	KUNIT_EXPECT_STREQ(test, vccw_event_name(VCCW_EV_CLOSE), "close");
}

/* The interrupt handler saves status; delivery comes later. */
static void mock_irq(struct fsm_mock *m)
{
	spin_lock_irq(&m->lock);
	vccw_fsm_event(&m->fsm, VCCW_EV_INTERRUPT);
	spin_unlock_irq(&m->lock);
}

/*
 * No host address reaches user space: unsolicited status shows a zero CCW
 * address; in a format-0 ESW the failing-storage address is cleared with
 * its validity bits and the secondary CCW address is translated like the
 * SCSW's, or cleared with its validity bit.
 * Covers: CCW-INT-01 CCW-INT-02 CCW-INT-03 bug-C14
 */
static void fsm_test_no_host_addresses(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_IDLE);
	u8 *irb = m->fsm.io.irb_area;

	/* unsolicited attention with a stale host CCW address */
	m->irb[3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;
	m->irb[8] = 0x80;
	put_unaligned_be32(MOCK_HOST_CP + 0x10, m->irb + 4);
	deliver(m);
	KUNIT_EXPECT_EQ(test, irb[8], 0x80);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(irb + 4), 0U);

	/* solicited status with a format-0 ESW naming host addresses */
	m = mock_new(test, VCCW_ST_CP_PENDING);
	irb = m->fsm.io.irb_area;
	mock_final_irb(m);
	m->irb[0] = 0x04;			/* ESW format 0 */
	put_unaligned_be32(MOCK_HOST_CP + 0x18, m->irb + 4);
	m->irb[13] = 0x80;			/* last path used */
	m->irb[16] = 0x02 | 0x01;		/* F (faddr valid), cons */
	m->irb[17] = 0x80 | 0x40 | 0x05;	/* S (saddr valid), fsaf, scnt */
	put_unaligned_be64(0x4000123458ull, m->irb + 20);
	put_unaligned_be32(MOCK_HOST_CP + 0x10, m->irb + 28);
	deliver(m);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(irb + 4), MOCK_GUEST_CP + 0x18);
	KUNIT_EXPECT_EQ(test, irb[13], 0x80);
	KUNIT_EXPECT_EQ(test, irb[16], 0x01);
	KUNIT_EXPECT_EQ(test, irb[17], 0x80 | 0x05);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(irb + 20), 0ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(irb + 28), MOCK_GUEST_CP + 0x10);

	/* a secondary CCW address outside the program */
	m = mock_new(test, VCCW_ST_CP_PENDING);
	irb = m->fsm.io.irb_area;
	mock_final_irb(m);
	m->irb[0] = 0x04;
	m->irb[17] = 0x80;
	put_unaligned_be32(0x7654320, m->irb + 28);
	deliver(m);
	KUNIT_EXPECT_EQ(test, irb[17], 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(irb + 28), 0U);
}

/*
 * Final status, then unsolicited attention before the delivery work ran:
 * user space gets both, in order.
 * Covers: CCW-FSM-09 CCW-INT-01 CCW-INT-03 bug-C15 bug-C17
 */
static void fsm_test_two_interrupts_in_order(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	mock_final_irb(m);
	m->irb[11] = 0x42;
	mock_irq(m);
	memset(m->irb, 0, sizeof(m->irb));
	m->irb[3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;
	m->irb[8] = 0x80;
	m->irb[11] = 0x43;
	mock_irq(m);

	vccw_fsm_deliver(&m->fsm);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x42);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);

	/* The attention is status pending: no start until it was seen. */
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.io.ret_code, -EBUSY);
	KUNIT_EXPECT_EQ(test, m->calls[C_START], 0U);

	/* Reads that miss the IRB area do not count; one that covers it does. */
	mutex_lock(&m->fsm.io_mutex);
	KUNIT_EXPECT_FALSE(test, vccw_fsm_region_read(&m->fsm, 0, 24));
	KUNIT_EXPECT_FALSE(test, vccw_fsm_region_read(&m->fsm, 120, 4));
	KUNIT_EXPECT_TRUE(test, vccw_fsm_region_read(&m->fsm, 0, 124));
	mutex_unlock(&m->fsm.io_mutex);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x43);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[8], 0x80);

	/* Nothing more queued: a further read publishes nothing. */
	mutex_lock(&m->fsm.io_mutex);
	KUNIT_EXPECT_FALSE(test, vccw_fsm_region_read(&m->fsm, 24, 96));
	KUNIT_EXPECT_FALSE(test, vccw_fsm_region_read(&m->fsm, 24, 96));
	mutex_unlock(&m->fsm.io_mutex);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x43);
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_EXPECT_EQ(test, (int)m->fsm.io.ret_code, 0);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_CP_PENDING);
}

/*
 * User space starts the next program without reading the region: its
 * status is not held back behind the IRB nobody read (as upstream, that
 * one is overwritten).
 * Covers: CCW-INT-03 CCW-REG-05 bug-C17
 */
static void fsm_test_start_without_reading(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	mock_final_irb(m);
	m->irb[11] = 0x42;
	deliver(m);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);
	mock_event(m, VCCW_EV_IO_REQ);
	KUNIT_ASSERT_EQ(test, (int)m->fsm.io.ret_code, 0);
	m->irb[11] = 0x44;
	deliver(m);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 2U);
	KUNIT_EXPECT_EQ(test, m->fsm.io.irb_area[11], 0x44);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
}

/*
 * More status than the queue holds: intermediate status goes first, then
 * unsolicited status; a solicited final status is kept.
 * Covers: CCW-INT-03 CCW-INT-04 bug-C15
 */
static void fsm_test_irb_queue_overflow(struct kunit *test)
{
	struct vccw_irb_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	u8 irb[CSS_IRB_SIZE] = {};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	irb[3] = 0x07;				/* solicited final */
	irb[11] = 1;
	vccw_irbq_push(q, irb);
	irb[3] = CSS_SCSW_DEV_ACTIVE | 0x03;	/* intermediate */
	for (i = 2; i <= VCCW_IRB_QUEUE_LEN; i++) {
		irb[11] = i;
		vccw_irbq_push(q, irb);
	}
	irb[3] = CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING;	/* unsolicited */
	for (; i < 2 * VCCW_IRB_QUEUE_LEN + 2; i++) {
		irb[11] = i;
		vccw_irbq_push(q, irb);
	}
	KUNIT_EXPECT_EQ(test, q->count, (unsigned int)VCCW_IRB_QUEUE_LEN);
	KUNIT_EXPECT_EQ(test, q->dropped, (unsigned long)VCCW_IRB_QUEUE_LEN + 1);

	/* the final status, then the newest unsolicited ones, in order */
	KUNIT_ASSERT_TRUE(test, vccw_irbq_pop(q, irb));
	KUNIT_EXPECT_EQ(test, irb[11], 1);
	for (i = VCCW_IRB_QUEUE_LEN + 3; i < 2 * VCCW_IRB_QUEUE_LEN + 2; i++) {
		KUNIT_ASSERT_TRUE(test, vccw_irbq_pop(q, irb));
		KUNIT_EXPECT_EQ(test, irb[11], i);
	}
	KUNIT_EXPECT_FALSE(test, vccw_irbq_pop(q, irb));
}

/*
 * A channel path went away and CANCEL SUBCHANNEL withdrew the start
 * function: no interrupt will come. The program ends and user space sees
 * status, deferred condition code 3 as for a path that is not operational.
 * Covers: CCW-CHP-02 CCW-CHP-03 CCW-INT-01 CCW-INT-04
 */
static void fsm_test_path_gone_start_withdrawn(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);
	u8 *irb = m->fsm.io.irb_area;

	m->cancel_ret = 0;
	m->fsm.io.orb_area[4] = 0x30;		/* key 3 */
	m->fsm.io.orb_area[5] = 0xc2;		/* format 1, prefetch, c64 */
	spin_lock_irq(&m->lock);
	vccw_fsm_stop_io(&m->fsm);
	spin_unlock_irq(&m->lock);
	vccw_fsm_deliver(&m->fsm);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_IDLE);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 1U);
	KUNIT_EXPECT_EQ(test, irb[0] & CSS_SCSW_CC, 3);
	KUNIT_EXPECT_EQ(test, irb[2] >> CSS_SCSW_FCTL_SHIFT, CSS_SCSW_FCTL_START);
	KUNIT_EXPECT_EQ(test, irb[3], CSS_SCSW_STCTL_ALERT | CSS_SCSW_STCTL_PENDING);
	KUNIT_EXPECT_EQ(test, irb[0], 0x33);
	KUNIT_EXPECT_EQ(test, irb[1], 0xc0);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT] + m->calls[C_CLEAR], 0U);

	/* Nothing to cancel: halt, whose interrupt ends the program later. */
	m = mock_new(test, VCCW_ST_CP_PENDING);
	spin_lock_irq(&m->lock);
	vccw_fsm_stop_io(&m->fsm);
	spin_unlock_irq(&m->lock);
	vccw_fsm_deliver(&m->fsm);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT], 1U);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_CP_PENDING);
	KUNIT_EXPECT_EQ(test, m->calls[C_NOTIFY], 0U);

	/* A withdrawn start outside CP_PENDING makes up no status. */
	m = mock_new(test, VCCW_ST_IDLE);
	m->cancel_ret = 0;
	spin_lock_irq(&m->lock);
	vccw_fsm_stop_io(&m->fsm);
	spin_unlock_irq(&m->lock);
	KUNIT_EXPECT_EQ(test, m->fsm.irbs.count, 0U);
}

/*
 * A subchannel whose halts complete but which stays busy: the quiesce
 * must go on to CLEAR, and when it gives up it must not free what the
 * channel may still use.
 * Covers: CCW-FSM-07 CCW-FSM-10 bug-C12 bug-C14
 */
static void fsm_test_quiesce_escalates_to_clear(struct kunit *test)
{
	struct fsm_mock *m = mock_new(test, VCCW_ST_CP_PENDING);

	m->disable_ret[0] = -EBUSY;
	m->nr_disable_ret = 1;
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->calls[C_CANCEL], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT], 3U);
	KUNIT_EXPECT_EQ(test, m->calls[C_CLEAR], VCCW_QUIESCE_ROUNDS - 3);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_NOT_OPER);
	/* given up: the program is kept, not freed */
	KUNIT_EXPECT_EQ(test, m->calls[C_ABANDON], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 0U);
	KUNIT_EXPECT_EQ(test, m->calls[C_GONE], 1U);

	/* A halt the subchannel refuses is followed by a clear at once. */
	m = mock_new(test, VCCW_ST_CP_PENDING);
	m->disable_ret[0] = -EBUSY;
	m->disable_ret[1] = 0;
	m->nr_disable_ret = 2;
	m->halt_ret = -EBUSY;
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT], 1U);
	KUNIT_EXPECT_EQ(test, m->calls[C_CLEAR], 1U);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_STANDBY);
	KUNIT_EXPECT_EQ(test, m->calls[C_UNPREPARE], 1U);

	/* A withdrawn start needs no interrupt: disable right away. */
	m = mock_new(test, VCCW_ST_CP_PENDING);
	m->disable_ret[0] = -EBUSY;
	m->disable_ret[1] = 0;
	m->nr_disable_ret = 2;
	m->cancel_ret = 0;
	mock_event(m, VCCW_EV_CLOSE);
	KUNIT_EXPECT_EQ(test, m->calls[C_HALT] + m->calls[C_CLEAR], 0U);
	KUNIT_EXPECT_EQ(test, m->fsm.state, VCCW_ST_STANDBY);
}

static struct kunit_case vccw_fsm_cases[] = {
	KUNIT_CASE(fsm_test_table_complete),
	KUNIT_CASE(fsm_test_every_cell),
	KUNIT_CASE(fsm_test_io_request_errors),
	KUNIT_CASE(fsm_test_start_with_pending_status),
	KUNIT_CASE(fsm_test_gone_while_translating),
	KUNIT_CASE(fsm_test_async_results),
	KUNIT_CASE(fsm_test_open_fails),
	KUNIT_CASE(fsm_test_final_status_ends_program),
	KUNIT_CASE(fsm_test_intermediate_status_keeps_program),
	KUNIT_CASE(fsm_test_unsolicited_status),
	KUNIT_CASE(fsm_test_quiesce_is_bounded),
	KUNIT_CASE(fsm_test_quiesce_then_close),
	KUNIT_CASE(fsm_test_quiesce_gives_up),
	KUNIT_CASE(fsm_test_scsw_helpers),
	KUNIT_CASE(fsm_test_no_host_addresses),
	KUNIT_CASE(fsm_test_two_interrupts_in_order),
	KUNIT_CASE(fsm_test_irb_queue_overflow),
	KUNIT_CASE(fsm_test_start_without_reading),
	KUNIT_CASE(fsm_test_path_gone_start_withdrawn),
	KUNIT_CASE(fsm_test_quiesce_escalates_to_clear),
	KUNIT_CASE(fsm_test_open_device),
	KUNIT_CASE(fsm_test_close_device),
	KUNIT_CASE(fsm_test_reset_open_device),
	KUNIT_CASE(fsm_test_reset_gone),
	{}
};

static struct kunit_suite vccw_fsm_suite = {
	.name = "vfio_ccw_fsm",
	.test_cases = vccw_fsm_cases,
};

/* ---- the channel-report queue ---- */

/* Covers: CCW-CHP-03 CCW-CHP-07 */
static void crwq_test_word_layout(struct kunit *test)
{
	/* channel path 0x40 lost: rsc 4, erc 6 (path error, not recovered) */
	KUNIT_EXPECT_EQ(test, vccw_crw_make(4, 6, 0x40), 0x04060040U);
	KUNIT_EXPECT_EQ(test, vccw_crw_make(0xff, 0xff, 0xffff), 0x0f3fffffU);
}

/* Covers: CCW-CHP-06 */
static void crwq_test_fifo(struct kunit *test)
{
	struct vccw_crw_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	u32 w = 0xdead;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_FALSE(test, vccw_crwq_pop(q, &w));
	KUNIT_EXPECT_EQ(test, w, 0xdeadU);
	/* wrap the ring a few times, never full */
	for (i = 0; i < 3 * VCCW_CRW_QUEUE_LEN; i++) {
		KUNIT_EXPECT_FALSE(test, vccw_crwq_push(q, i));
		KUNIT_EXPECT_FALSE(test, vccw_crwq_push(q, i + 1000));
		KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
		KUNIT_EXPECT_EQ(test, w, i);
		KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
		KUNIT_EXPECT_EQ(test, w, i + 1000);
	}
	KUNIT_EXPECT_EQ(test, q->count, 0U);
	KUNIT_EXPECT_EQ(test, q->dropped, 0UL);
}

/* Covers: CCW-CHP-06 */
static void crwq_test_overflow_drops_oldest(struct kunit *test)
{
	struct vccw_crw_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	u32 w, i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	for (i = 0; i < VCCW_CRW_QUEUE_LEN; i++)
		KUNIT_EXPECT_FALSE(test, vccw_crwq_push(q, i));
	KUNIT_EXPECT_TRUE(test, vccw_crwq_push(q, 100));
	KUNIT_EXPECT_TRUE(test, vccw_crwq_push(q, 101));
	KUNIT_EXPECT_EQ(test, q->count, (unsigned int)VCCW_CRW_QUEUE_LEN);
	KUNIT_EXPECT_EQ(test, q->dropped, 2UL);

	/* reports 0 and 1 are gone; the new oldest says so */
	KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
	KUNIT_EXPECT_EQ(test, w, 2U | VCCW_CRW_OFLW);
	for (i = 3; i < VCCW_CRW_QUEUE_LEN; i++) {
		KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
		KUNIT_EXPECT_EQ(test, w, i);
	}
	KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
	KUNIT_EXPECT_EQ(test, w, 100U);
	KUNIT_ASSERT_TRUE(test, vccw_crwq_pop(q, &w));
	KUNIT_EXPECT_EQ(test, w, 101U);
	KUNIT_EXPECT_FALSE(test, vccw_crwq_pop(q, &w));

	vccw_crwq_push(q, 7);
	vccw_crwq_clear(q);
	KUNIT_EXPECT_FALSE(test, vccw_crwq_pop(q, &w));
}

static struct kunit_case vccw_crwq_cases[] = {
	KUNIT_CASE(crwq_test_word_layout),
	KUNIT_CASE(crwq_test_fifo),
	KUNIT_CASE(crwq_test_overflow_drops_oldest),
	{}
};

static struct kunit_suite vccw_crwq_suite = {
	.name = "vfio_ccw_crw_queue",
	.test_cases = vccw_crwq_cases,
};

kunit_test_suites(&vccw_fsm_suite, &vccw_crwq_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio_ccw state machine");
MODULE_LICENSE("GPL");

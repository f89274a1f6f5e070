// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit test of the vfio_ap queue-reset decision table: every cell of the
 * table, every response code through both steps, and the rule that a TAPQ
 * which reports a usable queue only ends the reset when the ZAPQ itself had
 * been taken. The polling budget (VFIO_AP_RESET_MAX_POLLS polls of
 * VFIO_AP_RESET_POLL_MS, 60 s) is run through to its end by driving the
 * step logic with scripted answers, so no test waits for it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/module.h>

#include "../vfio_ap_reset_table.h"

/*
 * Every cell holds a known action, and only TAPQ cells may be resolved.
 * Covers: AP-RST-01 AP-RST-02
 */
static void reset_table_cells(struct kunit *test)
{
	unsigned int step, cls;

	for (step = 0; step < VFIO_AP_NR_STEPS; step++)
		for (cls = 0; cls < VFIO_AP_NR_RC_CLASSES; cls++) {
			enum vfio_ap_reset_action a =
				vfio_ap_reset_table[step][cls];

			KUNIT_EXPECT_LE(test, a, VFIO_AP_ACT_FAIL);
			if (step == VFIO_AP_STEP_ZAPQ)
				KUNIT_EXPECT_NE(test, a,
						VFIO_AP_ACT_FINISH_OR_REZAPQ);
		}
}

/*
 * Unknown codes fail in both steps; nothing returns the unresolved action.
 * Covers: AP-RST-01 AP-RST-02
 */
static void reset_every_rc(struct kunit *test)
{
	unsigned int step, rc, zrc;

	for (step = 0; step < VFIO_AP_NR_STEPS; step++)
		for (rc = 0; rc < 256; rc++)
			for (zrc = 0; zrc < 256; zrc += 5) {
				enum vfio_ap_reset_action a =
					vfio_ap_reset_action(step, rc, zrc);

				KUNIT_EXPECT_NE(test, a,
						VFIO_AP_ACT_FINISH_OR_REZAPQ);
				if (vfio_ap_rc_class(rc) == VFIO_AP_RC_OTHER)
					KUNIT_EXPECT_EQ(test, a,
							VFIO_AP_ACT_FAIL);
			}
}

struct reset_case {
	const char *name;
	enum vfio_ap_reset_step step;
	u8 rc;
	u8 zapq_rc;
	enum vfio_ap_reset_action want;
};

static const struct reset_case reset_cases[] = {
	{ "zapq 00 polls", VFIO_AP_STEP_ZAPQ, 0x00, 0x00, VFIO_AP_ACT_POLL },
	{ "zapq 02 polls", VFIO_AP_STEP_ZAPQ, 0x02, 0x02, VFIO_AP_ACT_POLL },
	{ "zapq 05 polls", VFIO_AP_STEP_ZAPQ, 0x05, 0x05, VFIO_AP_ACT_POLL },
	{ "zapq 0a polls", VFIO_AP_STEP_ZAPQ, 0x0a, 0x0a, VFIO_AP_ACT_POLL },
	{ "zapq 01 ends", VFIO_AP_STEP_ZAPQ, 0x01, 0x01, VFIO_AP_ACT_FINISH },
	{ "zapq 03 ends", VFIO_AP_STEP_ZAPQ, 0x03, 0x03, VFIO_AP_ACT_FINISH },
	{ "zapq 04 ends", VFIO_AP_STEP_ZAPQ, 0x04, 0x04, VFIO_AP_ACT_FINISH },
	{ "zapq 06 fails", VFIO_AP_STEP_ZAPQ, 0x06, 0x06, VFIO_AP_ACT_FAIL },
	{ "tapq 00 after zapq 00 ends", VFIO_AP_STEP_TAPQ, 0x00, 0x00,
	  VFIO_AP_ACT_FINISH },
	{ "tapq 00 after zapq 05 zaps again", VFIO_AP_STEP_TAPQ, 0x00, 0x05,
	  VFIO_AP_ACT_REZAPQ },
	{ "tapq 03 after zapq 02 zaps again", VFIO_AP_STEP_TAPQ, 0x03, 0x02,
	  VFIO_AP_ACT_REZAPQ },
	{ "tapq 04 after zapq 00 ends", VFIO_AP_STEP_TAPQ, 0x04, 0x00,
	  VFIO_AP_ACT_FINISH },
	{ "tapq 02 polls", VFIO_AP_STEP_TAPQ, 0x02, 0x00, VFIO_AP_ACT_POLL },
	{ "tapq 05 polls", VFIO_AP_STEP_TAPQ, 0x05, 0x00, VFIO_AP_ACT_POLL },
	{ "tapq 35 zaps again", VFIO_AP_STEP_TAPQ, 0x35, 0x00,
	  VFIO_AP_ACT_REZAPQ },
	{ "tapq 36 zaps again", VFIO_AP_STEP_TAPQ, 0x36, 0x00,
	  VFIO_AP_ACT_REZAPQ },
	{ "tapq 01 ends", VFIO_AP_STEP_TAPQ, 0x01, 0x00, VFIO_AP_ACT_FINISH },
	{ "tapq 08 fails", VFIO_AP_STEP_TAPQ, 0x08, 0x00, VFIO_AP_ACT_FAIL },
};

static void reset_case_desc(const struct reset_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(reset_case, reset_cases, reset_case_desc);

/* Covers: AP-RST-01 AP-RST-02 bug-A6 */
static void reset_documented(struct kunit *test)
{
	const struct reset_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vfio_ap_reset_action(c->step, c->rc, c->zapq_rc),
			c->want);
}

/*
 * A scripted queue: ZAPQ answers @zapq_rc, and the n-th TAPQ (from 1)
 * answers @done_rc from poll @done_at on and @busy_rc before. A re-ZAPQ
 * answers @zapq_rc again. Runs the reset as vfio_ap_reset.c does, counting
 * TAPQs and ZAPQs, and returns the action that ended it.
 */
struct reset_run {
	u8 zapq_rc;
	u8 busy_rc;
	u8 done_rc;
	unsigned int done_at;	/* 0: never */
	unsigned int tapqs;
	unsigned int zapqs;
};

static enum vfio_ap_reset_action reset_run(struct kunit *test,
					   struct reset_run *r)
{
	enum vfio_ap_reset_action a;
	unsigned int polls = 0;
	u8 rc;

	r->tapqs = 0;
	r->zapqs = 1;
	a = vfio_ap_reset_next(VFIO_AP_STEP_ZAPQ, r->zapq_rc, r->zapq_rc,
			       &polls);
	while (a == VFIO_AP_ACT_POLL || a == VFIO_AP_ACT_REZAPQ) {
		if (a == VFIO_AP_ACT_REZAPQ)
			r->zapqs++;
		r->tapqs++;
		/* Each POLL or REZAPQ schedules exactly one TAPQ. */
		KUNIT_ASSERT_EQ(test, polls, r->tapqs);
		KUNIT_ASSERT_LE(test, r->tapqs, VFIO_AP_RESET_MAX_POLLS);
		rc = r->done_at && r->tapqs >= r->done_at ? r->done_rc :
							    r->busy_rc;
		a = vfio_ap_reset_next(VFIO_AP_STEP_TAPQ, rc, r->zapq_rc,
				       &polls);
	}
	return a;
}

/*
 * A queue that stays busy uses the whole budget: 3000 TAPQs, 60 s.
 * Covers: AP-RST-02 bug-A6
 */
static void reset_budget_busy_forever(struct kunit *test)
{
	struct reset_run r = { .zapq_rc = 0x00, .busy_rc = 0x02 };

	KUNIT_EXPECT_EQ(test, reset_run(test, &r), VFIO_AP_ACT_EXPIRED);
	KUNIT_EXPECT_EQ(test, r.tapqs, VFIO_AP_RESET_MAX_POLLS);
	KUNIT_EXPECT_EQ(test, r.tapqs * VFIO_AP_RESET_POLL_MS, 60000U);
	KUNIT_EXPECT_EQ(test, r.zapqs, 1U);
}

/*
 * Completing on the last poll the budget allows still ends the reset.
 * Covers: AP-RST-02 bug-A6
 */
static void reset_budget_last_poll(struct kunit *test)
{
	struct reset_run r = {
		.zapq_rc = 0x00, .busy_rc = 0x05, .done_rc = 0x00,
		.done_at = VFIO_AP_RESET_MAX_POLLS,
	};

	KUNIT_EXPECT_EQ(test, reset_run(test, &r), VFIO_AP_ACT_FINISH);
	KUNIT_EXPECT_EQ(test, r.tapqs, VFIO_AP_RESET_MAX_POLLS);
}

/*
 * ... and one poll later it is too late.
 * Covers: AP-RST-02 bug-A6
 */
static void reset_budget_one_too_late(struct kunit *test)
{
	struct reset_run r = {
		.zapq_rc = 0x00, .busy_rc = 0x02, .done_rc = 0x00,
		.done_at = VFIO_AP_RESET_MAX_POLLS + 1,
	};

	KUNIT_EXPECT_EQ(test, reset_run(test, &r), VFIO_AP_ACT_EXPIRED);
}

/*
 * Re-issued ZAPQs share the budget: a queue whose ZAPQ is only ever
 * accepted as busy is zapped again after every usable TAPQ, and a queue in
 * an SE bind state (0x35) after every poll; both end when the budget does.
 * Covers: AP-RST-02 bug-A6
 */
static void reset_budget_rezapq(struct kunit *test)
{
	struct reset_run busy = { .zapq_rc = 0x05, .busy_rc = 0x00 };
	struct reset_run bind = { .zapq_rc = 0x00, .busy_rc = 0x35 };

	KUNIT_EXPECT_EQ(test, reset_run(test, &busy), VFIO_AP_ACT_EXPIRED);
	KUNIT_EXPECT_EQ(test, busy.tapqs, VFIO_AP_RESET_MAX_POLLS);
	KUNIT_EXPECT_EQ(test, busy.zapqs, VFIO_AP_RESET_MAX_POLLS);
	KUNIT_EXPECT_EQ(test, reset_run(test, &bind), VFIO_AP_ACT_EXPIRED);
	KUNIT_EXPECT_EQ(test, bind.zapqs, VFIO_AP_RESET_MAX_POLLS);
}

/*
 * Ending actions do not touch the budget; an exhausted one stays so.
 * Covers: AP-RST-01 AP-RST-02
 */
static void reset_budget_counting(struct kunit *test)
{
	unsigned int polls = VFIO_AP_RESET_MAX_POLLS;

	KUNIT_EXPECT_EQ(test, vfio_ap_reset_next(VFIO_AP_STEP_TAPQ, 0x00, 0x00,
						 &polls), VFIO_AP_ACT_FINISH);
	KUNIT_EXPECT_EQ(test, vfio_ap_reset_next(VFIO_AP_STEP_TAPQ, 0x08, 0x00,
						 &polls), VFIO_AP_ACT_FAIL);
	KUNIT_EXPECT_EQ(test, vfio_ap_reset_next(VFIO_AP_STEP_TAPQ, 0x02, 0x00,
						 &polls), VFIO_AP_ACT_EXPIRED);
	KUNIT_EXPECT_EQ(test, polls, VFIO_AP_RESET_MAX_POLLS);
	polls = 0;
	KUNIT_EXPECT_EQ(test, vfio_ap_reset_next(VFIO_AP_STEP_ZAPQ, 0x03, 0x03,
						 &polls), VFIO_AP_ACT_FINISH);
	KUNIT_EXPECT_EQ(test, polls, 0U);
}

static struct kunit_case vfio_ap_reset_test_cases[] = {
	KUNIT_CASE(reset_table_cells),
	KUNIT_CASE(reset_every_rc),
	KUNIT_CASE_PARAM(reset_documented, reset_case_gen_params),
	KUNIT_CASE(reset_budget_busy_forever),
	KUNIT_CASE(reset_budget_last_poll),
	KUNIT_CASE(reset_budget_one_too_late),
	KUNIT_CASE(reset_budget_rezapq),
	KUNIT_CASE(reset_budget_counting),
	{}
};

static struct kunit_suite vfio_ap_reset_test_suite = {
	.name = "vfio_ap_reset",
	.test_cases = vfio_ap_reset_test_cases,
};

kunit_test_suite(vfio_ap_reset_test_suite);

MODULE_DESCRIPTION("KUnit test of the vfio_ap queue-reset table");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure parts of apsim: the queue model (scripts,
 * sticky codes, reset polling, AQIC), the control-word parser and the
 * name and mask formats. The sources are built into this module, so the
 * tests run on any architecture without the bus being registered.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/module.h>
#include <linux/string.h>

#include "../apsim_qhw.c"
#include "../apsim_mask.c"

static void run(struct apsim_qhw *q, enum apsim_op op,
		struct apsim_qstatus *st)
{
	apsim_qhw_exec(q, op, false, 0, 0, st);
}

static void apsim_test_reset_polls(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;

	apsim_qhw_init(&q, AP_APQN(5, 4));
	q.reset_polls = 2;

	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_RESET_IN_PROGRESS);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_RESET_IN_PROGRESS);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	KUNIT_EXPECT_TRUE(test, st.queue_empty);
	KUNIT_EXPECT_EQ(test, q.count[APSIM_OP_TAPQ], 3ULL);
	KUNIT_EXPECT_EQ(test, q.count[APSIM_OP_ZAPQ], 1ULL);
}

/*
 * The hold knob keeps a reset in progress until it is cleared; the
 * reset_polls TAPQs come first, and clearing the knob ends the reset at
 * the next TAPQ. Knobs and scripts do not start a reset on their own.
 * Covers: AP-RST-02 bug-A6
 */
static void apsim_test_hold(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;
	/* The parser cuts its argument up: one buffer per call. */
	char on[] = "hold=1", off[] = "hold=0", bad[] = "hold=2";
	char again[] = "hold=1";
	int i;

	apsim_qhw_init(&q, AP_APQN(4, 1));
	q.reset_polls = 1;
	KUNIT_ASSERT_EQ(test, apsim_qhw_ctl(&q, on), 0);
	KUNIT_EXPECT_EQ(test, apsim_qhw_ctl(&q, bad), -EINVAL);
	KUNIT_EXPECT_FALSE(test, apsim_qhw_held(&q));
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);

	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	for (i = 0; i < 5; i++) {
		run(&q, APSIM_OP_TAPQ, &st);
		KUNIT_EXPECT_EQ(test, st.rc, AP_RC_RESET_IN_PROGRESS);
	}
	KUNIT_EXPECT_TRUE(test, apsim_qhw_held(&q));
	KUNIT_ASSERT_EQ(test, apsim_qhw_ctl(&q, off), 0);
	KUNIT_EXPECT_FALSE(test, apsim_qhw_held(&q));
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);

	/* Set again after the reset ended: nothing is held. */
	KUNIT_ASSERT_EQ(test, apsim_qhw_ctl(&q, again), 0);
	KUNIT_EXPECT_FALSE(test, apsim_qhw_held(&q));
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);

	/* Deconfiguring ends a held reset. */
	run(&q, APSIM_OP_RAPQ, &st);
	KUNIT_EXPECT_TRUE(test, apsim_qhw_held(&q));
	apsim_qhw_power_off(&q);
	KUNIT_EXPECT_FALSE(test, apsim_qhw_held(&q));
}

static void apsim_test_script_order(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	KUNIT_ASSERT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_ZAPQ,
					       AP_RC_BUSY, 1), 0);
	KUNIT_ASSERT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_TAPQ,
					       AP_RC_BUSY, 2), 0);

	/* A TAPQ takes the first TAPQ entry, skipping the ZAPQ one. */
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_BUSY);
	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_BUSY);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_BUSY);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	KUNIT_EXPECT_EQ(test, q.nscript, 0U);
}

static void apsim_test_script_full(struct kunit *test)
{
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	KUNIT_EXPECT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_TAPQ, 5, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_TAPQ, 5,
					       APSIM_SCRIPT_MAX), 0);
	KUNIT_EXPECT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_TAPQ, 5, 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, q.nscript, APSIM_SCRIPT_MAX);
}

static void apsim_test_sticky(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	q.sticky_rc = AP_RC_CHECKSTOPPED;
	q.reset_polls = 3;
	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_CHECKSTOPPED);
	/* The failed reset started nothing. */
	KUNIT_EXPECT_EQ(test, q.reset_left, 0U);
	apsim_qhw_exec(&q, APSIM_OP_AQIC, true, 3, 0x1000, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_CHECKSTOPPED);
	KUNIT_EXPECT_FALSE(test, q.irq);
}

static void apsim_test_aqic(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	apsim_qhw_exec(&q, APSIM_OP_AQIC, true, 3, 0, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_INVALID_ADDRESS);
	KUNIT_EXPECT_FALSE(test, st.irq_enabled);

	apsim_qhw_exec(&q, APSIM_OP_AQIC, true, 3, 0x1000, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	KUNIT_EXPECT_TRUE(test, st.irq_enabled);
	KUNIT_EXPECT_EQ(test, q.nib, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, q.isc, 3);

	apsim_qhw_exec(&q, APSIM_OP_AQIC, true, 3, 0x2000, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_OTHERWISE_CHANGED);
	KUNIT_EXPECT_EQ(test, q.nib, 0x1000ULL);

	/* A reset disables interruptions. */
	run(&q, APSIM_OP_RAPQ, &st);
	KUNIT_EXPECT_FALSE(test, st.irq_enabled);
	KUNIT_EXPECT_EQ(test, q.nib, 0ULL);

	apsim_qhw_exec(&q, APSIM_OP_AQIC, false, 0, 0, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_OTHERWISE_CHANGED);
}

static int ctl(struct apsim_qhw *q, const char *cmd)
{
	char buf[64];

	strscpy(buf, cmd);
	return apsim_qhw_ctl(q, buf);
}

static void apsim_test_ctl(struct kunit *test)
{
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	KUNIT_EXPECT_EQ(test, ctl(&q, "reset_polls=4"), 0);
	KUNIT_EXPECT_EQ(test, q.reset_polls, 4U);
	KUNIT_EXPECT_EQ(test, ctl(&q, "sticky_rc=0x03"), 0);
	KUNIT_EXPECT_EQ(test, q.sticky_rc, 3);
	KUNIT_EXPECT_EQ(test, ctl(&q, "inject=zapq:0x05:2"), 0);
	KUNIT_EXPECT_EQ(test, ctl(&q, "inject=tapq:2"), 0);
	KUNIT_EXPECT_EQ(test, q.nscript, 3U);
	KUNIT_EXPECT_EQ(test, q.script_op[2], APSIM_OP_TAPQ);

	KUNIT_EXPECT_EQ(test, ctl(&q, "inject=tapq"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctl(&q, "inject=foo:1"), -EINVAL);
	KUNIT_EXPECT_NE(test, ctl(&q, "inject=tapq:0x100"), 0);
	KUNIT_EXPECT_EQ(test, ctl(&q, "reset_polls"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctl(&q, "bogus=1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctl(&q, "clear=1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, q.nscript, 3U);

	KUNIT_EXPECT_EQ(test, ctl(&q, "clear"), 0);
	KUNIT_EXPECT_EQ(test, q.nscript, 0U);
	KUNIT_EXPECT_EQ(test, q.sticky_rc, 0);
	KUNIT_EXPECT_EQ(test, q.reset_polls, 0U);
}

static void apsim_test_type(struct kunit *test)
{
	enum apsim_mode mode;
	char buf[8];
	u8 hwtype;

	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX7C\n", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, hwtype, 13);
	KUNIT_EXPECT_EQ(test, mode, APSIM_MODE_CCA);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX4A", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, hwtype, APSIM_HWTYPE_CEX4);
	KUNIT_EXPECT_EQ(test, mode, APSIM_MODE_ACCEL);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX8P", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, APSIM_MODE_EP11);

	/* Types vfio_ap must not take: CEX3 (8, 9) and CEX9 (15). */
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX3C", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, hwtype, APSIM_HWTYPE_CEX3C);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX3A", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, hwtype, APSIM_HWTYPE_CEX3A);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX9C", &hwtype, &mode), 0);
	KUNIT_EXPECT_EQ(test, hwtype, APSIM_HWTYPE_CEX9);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX3P", &hwtype, &mode),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX2C", &hwtype, &mode),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX7X", &hwtype, &mode),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("CEX7CC", &hwtype, &mode),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_type("", &hwtype, &mode), -EINVAL);

	apsim_format_type(buf, sizeof(buf), 12, APSIM_MODE_EP11);
	KUNIT_EXPECT_STREQ(test, buf, "CEX6P");
	apsim_format_type(buf, sizeof(buf), APSIM_HWTYPE_CEX3C, APSIM_MODE_CCA);
	KUNIT_EXPECT_STREQ(test, buf, "CEX3C");
	KUNIT_EXPECT_EQ(test, apsim_mode_functions(APSIM_MODE_ACCEL),
			0x6A000000U);
	KUNIT_EXPECT_EQ(test, apsim_mode_functions(APSIM_MODE_CCA),
			0x72000000U);
	KUNIT_EXPECT_EQ(test, apsim_mode_functions(APSIM_MODE_EP11),
			0x06000000U);
}

/* The E, R and F bits follow replies= and full=; a reset empties the queue. */
static void apsim_test_queue_bits(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;
	char w1[] = "replies=2", w2[] = "full=1", w3[] = "full=maybe";

	apsim_qhw_init(&q, 0);
	KUNIT_ASSERT_EQ(test, apsim_qhw_ctl(&q, w1), 0);
	KUNIT_ASSERT_EQ(test, apsim_qhw_ctl(&q, w2), 0);
	KUNIT_EXPECT_EQ(test, apsim_qhw_ctl(&q, w3), -EINVAL);
	run(&q, APSIM_OP_TAPQ, &st);
	KUNIT_EXPECT_FALSE(test, st.queue_empty);
	KUNIT_EXPECT_TRUE(test, st.replies_waiting);
	KUNIT_EXPECT_TRUE(test, st.queue_full);

	/* A scripted failure leaves the queue as it is. */
	KUNIT_ASSERT_EQ(test, apsim_qhw_inject(&q, APSIM_OP_ZAPQ,
					       AP_RC_BUSY, 1), 0);
	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_TRUE(test, st.replies_waiting);
	run(&q, APSIM_OP_ZAPQ, &st);
	KUNIT_EXPECT_EQ(test, st.rc, AP_RC_NORMAL);
	KUNIT_EXPECT_TRUE(test, st.queue_empty);
	KUNIT_EXPECT_FALSE(test, st.replies_waiting);
	KUNIT_EXPECT_FALSE(test, st.queue_full);
}

/* Deconfiguring drops contents, interruptions and a running reset. */
static void apsim_test_power_off(struct kunit *test)
{
	struct apsim_qstatus st;
	struct apsim_qhw q;

	apsim_qhw_init(&q, 0);
	q.reset_polls = 5;
	q.sticky_rc = 0;
	run(&q, APSIM_OP_ZAPQ, &st);
	apsim_qhw_exec(&q, APSIM_OP_AQIC, true, 3, 0x1000, &st);
	q.replies = 1;
	apsim_qhw_power_off(&q);
	KUNIT_EXPECT_FALSE(test, q.irq);
	KUNIT_EXPECT_EQ(test, q.nib, 0ULL);
	KUNIT_EXPECT_EQ(test, q.replies, 0U);
	KUNIT_EXPECT_EQ(test, q.reset_left, 0U);
	KUNIT_EXPECT_EQ(test, q.reset_polls, 5U);
}

static void apsim_test_apqn(struct kunit *test)
{
	u16 apqn;

	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("05.0004", &apqn), 0);
	KUNIT_EXPECT_EQ(test, apqn, 0x0504);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("ff.00fe\n", &apqn), 0);
	KUNIT_EXPECT_EQ(test, apqn, 0xfffe);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("05.0100", &apqn), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("5.0004", &apqn), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("05:0004", &apqn), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("05.00g4", &apqn), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("05.00044", &apqn), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_apqn("", &apqn), -EINVAL);
}

#define ALL_IDS	"0-255"

/* An architected mask from a "1,3-5" list of IDs. */
static void mask_from_list(struct kunit *test, unsigned long *map,
			   const char *list)
{
	DECLARE_BITMAP(ids, APSIM_NR_ADAPTERS);
	unsigned int id;

	bitmap_zero(map, APSIM_NR_ADAPTERS);
	if (!*list)
		return;
	KUNIT_ASSERT_EQ(test, bitmap_parselist(list, ids, APSIM_NR_ADAPTERS),
			0);
	for_each_set_bit(id, ids, APSIM_NR_ADAPTERS)
		ap_set_id(map, id);
}

static void expect_mask(struct kunit *test, const unsigned long *map,
			const char *list)
{
	DECLARE_BITMAP(want, APSIM_NR_ADAPTERS);
	unsigned int id;

	mask_from_list(test, want, list);
	for (id = 0; id < APSIM_NR_ADAPTERS; id++)
		KUNIT_EXPECT_EQ_MSG(test, ap_test_id(map, id),
				    ap_test_id(want, id), "id %u (want {%s})",
				    id, list);
}

struct mask_case {
	const char *old;
	const char *in;
	int rc;
	const char *new;
};

#define F16 "ffffffffffffffff"

static const struct mask_case mask_cases[] = {
	/* absolute */
	{ "1", "0x8000", 0, "0" },
	{ "1", "0x", 0, "" },
	{ "1,2", "", 0, "" },
	{ "", "ff", 0, "0-7" },
	{ "", "xff", 0, "0-7" },
	{ "", "0xff\n", 0, "0-7" },
	{ "", "0x0F", 0, "4-7" },
	{ "", "0x" F16 F16 F16 F16, 0, ALL_IDS },
	{ "", "0x" F16 F16 F16 F16 "\n", 0, ALL_IDS },
	{ "", "0x00000000000000000000000000000000000000000000000000000000000000001",
	  -EINVAL },
	{ "", "0xff\n\n", -EINVAL },
	{ "", "0xfg", -EINVAL },
	{ "", "0X1", -EINVAL },
	{ "", "0xx1", -EINVAL },
	{ "", " 0x1", -EINVAL },
	{ "", "0x1 ", -EINVAL },
	{ "", "0x1,0x2", -EINVAL },
	/* relative */
	{ "", "+0", 0, "0" },
	{ "7", "+0-3,-2", 0, "0-1,3,7" },
	{ "", "+0x10", 0, "16" },
	{ "", "+0X10", 0, "16" },
	{ "", "+010", 0, "8" },
	{ "", "+255", 0, "255" },
	{ "", "+0-255,-128", 0, "0-127,129-255" },
	{ ALL_IDS, "-0-255,+1", 0, "1" },
	{ "7", "+1,,+2\n", 0, "1-2,7" },
	{ "", "+1+2", 0, "1-2" },
	{ "", "+1\n,\n+2,", 0, "1-2" },
	{ "3", "-3", 0, "" },
	{ "", "-0x10-0x20", 0, "" },
	{ "5", "+5-5", 0, "5" },
	{ "", "+08", -EINVAL },
	{ "", "+256", -EINVAL },
	{ "", "+0-256", -EINVAL },
	{ "", "+5-3", -EINVAL },
	{ "", "+", -EINVAL },
	{ "", "-", -EINVAL },
	{ "", "+1-", -EINVAL },
	{ "", "+1,x", -EINVAL },
	{ "", "+1, +2", -EINVAL },
	{ "", "+0x", -EINVAL },
	{ "", "+a", -EINVAL },
	{ "", "+99999999999999999999999", -EINVAL },
	{ "", "+18446744073709551616", -EINVAL },
	/* An error in a later term leaves the earlier ones unapplied. */
	{ "9", "+1,-9,+300", -EINVAL },
};

static void mask_case_desc(const struct mask_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%pE\" on {%s}", c->in,
		 c->old);
}

KUNIT_ARRAY_PARAM(mask, mask_cases, mask_case_desc);

/* Covers: AP-BUS-03 AP-BUS-04 */
static void apsim_test_parse_mask(struct kunit *test)
{
	const struct mask_case *c = test->param_value;
	DECLARE_BITMAP(mask, APSIM_NR_ADAPTERS);
	int rc;

	mask_from_list(test, mask, c->old);
	rc = apsim_parse_mask(c->in, mask, APSIM_NR_ADAPTERS);
	KUNIT_EXPECT_EQ(test, rc, c->rc);
	expect_mask(test, mask, rc ? c->old : c->new);
}

/* Covers: AP-BUS-03 AP-BUS-04 */
static void apsim_test_parse_mask_size(struct kunit *test)
{
	DECLARE_BITMAP(mask, APSIM_NR_ADAPTERS);

	bitmap_zero(mask, APSIM_NR_ADAPTERS);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("+64", mask, 128), 0);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("+128", mask, 128), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("0x" F16 F16 "0", mask, 128),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("+1", mask, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("+1", mask, 100), -EINVAL);
	KUNIT_EXPECT_EQ(test, apsim_parse_mask("+1", mask, 512), -EINVAL);
	expect_mask(test, mask, "64");
}

/* Covers: AP-BUS-02 AP-BUS-04 */
static void apsim_test_mask_format(struct kunit *test)
{
	DECLARE_BITMAP(mask, APSIM_NR_ADAPTERS);
	char text[68];

	bitmap_zero(mask, APSIM_NR_ADAPTERS);
	ap_set_id(mask, 0);
	ap_set_id(mask, 5);
	ap_set_id(mask, 255);
	apsim_format_mask(text, sizeof(text), mask);
	KUNIT_EXPECT_STREQ(test, text,
			   "0x8400000000000000000000000000000000000000000000000000000000000001");

	/* Round trip through the apmask parser. */
	bitmap_zero(mask, APSIM_NR_ADAPTERS);
	KUNIT_ASSERT_EQ(test, apsim_parse_mask("+1,+6-7", mask,
					       APSIM_NR_ADAPTERS), 0);
	apsim_format_mask(text, sizeof(text), mask);
	KUNIT_EXPECT_STREQ(test, text,
			   "0x4300000000000000000000000000000000000000000000000000000000000000");
	KUNIT_EXPECT_EQ(test, apsim_parse_mask(text, mask,
					       APSIM_NR_ADAPTERS), 0);
	KUNIT_EXPECT_TRUE(test, ap_test_id(mask, 1));
	KUNIT_EXPECT_TRUE(test, ap_test_id(mask, 7));
	KUNIT_EXPECT_FALSE(test, ap_test_id(mask, 2));
}

static struct kunit_case apsim_test_cases[] = {
	KUNIT_CASE(apsim_test_reset_polls),
	KUNIT_CASE(apsim_test_hold),
	KUNIT_CASE(apsim_test_script_order),
	KUNIT_CASE(apsim_test_script_full),
	KUNIT_CASE(apsim_test_sticky),
	KUNIT_CASE(apsim_test_aqic),
	KUNIT_CASE(apsim_test_ctl),
	KUNIT_CASE(apsim_test_type),
	KUNIT_CASE(apsim_test_queue_bits),
	KUNIT_CASE(apsim_test_power_off),
	KUNIT_CASE(apsim_test_apqn),
	KUNIT_CASE_PARAM(apsim_test_parse_mask, mask_gen_params),
	KUNIT_CASE(apsim_test_parse_mask_size),
	KUNIT_CASE(apsim_test_mask_format),
	{}
};

static struct kunit_suite apsim_test_suite = {
	.name = "apsim",
	.test_cases = apsim_test_cases,
};

kunit_test_suite(apsim_test_suite);

MODULE_DESCRIPTION("KUnit tests for the apsim queue model");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the vfio_ap matrix model. The model is built into this
 * module from its source, so the test runs on any architecture, without AP
 * hardware and without the rest of vfio_ap.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../vfio_ap_matrix.c"
#include "../vfio_ap_backend.h"

#define ALL_IDS	"0-255"

/*
 * Test oracles. vfio_ap itself needs neither: it asks the backend whether
 * the host keeps a queue (apqns_reserved), and it renders into whatever
 * buffer and offset sysfs hands it.
 *
 * check_reserved: -EADDRNOTAVAIL when some queue of @m has its adapter in
 * @apmask and its domain in @aqmask, i.e. belongs to the host's default
 * drivers; control domains are not queues. 0 otherwise.
 */
static int vfio_ap_matrix_check_reserved(const struct vfio_ap_matrix *m,
					 const unsigned long *apmask,
					 const unsigned long *aqmask)
{
	if (bitmap_intersects(m->apm, apmask, VFIO_AP_NR_APIDS) &&
	    bitmap_intersects(m->aqm, aqmask, VFIO_AP_NR_APQIS))
		return -EADDRNOTAVAIL;
	return 0;
}

/* The length of the whole text of @view, from the model's own layout. */
static size_t vfio_ap_matrix_render_size(const struct vfio_ap_matrix *m,
					 enum vfio_ap_view view)
{
	struct vfio_ap_layout l;

	vfio_ap_layout(m, view, &l);
	return (size_t)l.lines * l.width;
}

/* Build an architected mask from a generic "1,3-5" list. */
static void mask_from_list(struct kunit *test, unsigned long *map,
			   const char *list)
{
	DECLARE_BITMAP(plain, VFIO_AP_NR_APIDS);
	unsigned int id;

	bitmap_zero(map, VFIO_AP_NR_APIDS);
	if (!list || !*list)
		return;
	KUNIT_ASSERT_EQ(test, bitmap_parselist(list, plain, VFIO_AP_NR_APIDS),
			0);
	for_each_set_bit(id, plain, VFIO_AP_NR_APIDS)
		ap_set_id(map, id);
}

static void expect_mask(struct kunit *test, const unsigned long *map,
			const char *list, const char *what)
{
	DECLARE_BITMAP(want, VFIO_AP_NR_APIDS);
	unsigned int id;

	mask_from_list(test, want, list);
	for (id = 0; id < VFIO_AP_NR_APIDS; id++)
		KUNIT_EXPECT_EQ_MSG(test, ap_test_id(map, id),
				    ap_test_id(want, id),
				    "%s: id %u (want %s)", what, id, list);
}

/* A matrix with the limits of an APXA machine that supports all 256 IDs. */
static void full_range_matrix(struct vfio_ap_matrix *m)
{
	struct vfio_ap_hostcfg host = { .apxa = true, .na = 255, .nd = 255 };

	vfio_ap_matrix_init(m, &host);
}

static void vap_kvfree(void *p)
{
	kvfree(p);
}

static char *alloc_text(struct kunit *test, size_t size)
{
	char *p = kvzalloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vap_kvfree, p), 0);
	return p;
}

/* ---- numbering ---------------------------------------------------------- */

static void numbering_test(struct kunit *test)
{
	DECLARE_BITMAP(map, VFIO_AP_NR_APIDS);
	unsigned int id, n = 0;

	/* ID 0 is the most significant bit of the first word. */
	bitmap_zero(map, VFIO_AP_NR_APIDS);
	ap_set_id(map, 0);
	KUNIT_EXPECT_EQ(test, map[0], 1UL << (BITS_PER_LONG - 1));
	ap_set_id(map, BITS_PER_LONG - 1);
	KUNIT_EXPECT_EQ(test, map[0], (1UL << (BITS_PER_LONG - 1)) | 1UL);
	ap_clear_id(map, 0);
	KUNIT_EXPECT_EQ(test, map[0], 1UL);

	mask_from_list(test, map, "0,1,63,64,127,128,200,255");
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 256, 0), 0U);
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 256, 2), 63U);
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 256, 65), 127U);
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 256, 201), 255U);
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 256, 256), 256U);
	/* A limit inside a word hides the IDs at and above it. */
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 200, 129), 200U);
	KUNIT_EXPECT_EQ(test, vfio_ap_next_id(map, 16, 2), 16U);

	for_each_vfio_ap_id(id, map, 256)
		n++;
	KUNIT_EXPECT_EQ(test, n, 8U);
}

/* ---- assign_* / unassign_* values ---------------------------------------- */

struct id_case {
	const char *in;
	unsigned int max;
	int rc;
	unsigned long id;
};

static const struct id_case id_cases[] = {
	{ "0", 255, 0, 0 },
	{ "255", 255, 0, 255 },
	{ "255\n", 255, 0, 255 },
	{ "256", 255, -ENODEV, 0 },
	{ "0xff", 255, 0, 255 },
	{ "0XAB", 255, 0, 0xab },
	{ "0x100", 255, -ENODEV, 0 },
	{ "63", 63, 0, 63 },
	{ "64", 63, -ENODEV, 0 },
	{ "15\n", 15, 0, 15 },
	{ "16\n", 15, -ENODEV, 0 },
	{ "010", 255, 0, 8 },
	{ "08", 255, -EINVAL, 0 },
	{ "+5", 255, 0, 5 },
	{ "-1", 255, -EINVAL, 0 },
	{ "", 255, -EINVAL, 0 },
	{ "\n", 255, -EINVAL, 0 },
	{ "abc", 255, -EINVAL, 0 },
	{ "0x", 255, -EINVAL, 0 },
	{ " 1", 255, -EINVAL, 0 },
	{ "1 ", 255, -EINVAL, 0 },
	{ "1\n\n", 255, -EINVAL, 0 },
	{ "1,2", 255, -EINVAL, 0 },
	{ "99999999999999999999999", 255, -ERANGE, 0 },
	{ "18446744073709551615", 255, -ENODEV, 0 },
};

static void id_case_desc(const struct id_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%pE\" max %u", c->in, c->max);
}

KUNIT_ARRAY_PARAM(id, id_cases, id_case_desc);

/*
 * The number every assign_* and unassign_* attribute parses.
 * Covers: AP-ATTR-01 AP-ATTR-02 AP-ATTR-03 AP-ATTR-04 AP-ATTR-05
 *         AP-ATTR-06
 */
static void parse_id_test(struct kunit *test)
{
	const struct id_case *c = test->param_value;
	unsigned long id = 0xdead;
	int rc;

	rc = vfio_ap_parse_id(c->in, c->max, &id);
	KUNIT_EXPECT_EQ(test, rc, c->rc);
	KUNIT_EXPECT_EQ(test, id, c->rc ? 0xdead : c->id);
}

/* ---- ap_config writes ---------------------------------------------------- */

struct config_case {
	const char *in;
	int rc;
	const char *apm, *aqm, *adm;	/* generic lists when rc == 0 */
};

static const struct config_case config_cases[] = {
	{ "0x8,0x4,0x2\n", 0, "0", "1", "2" },
	{ "8,4,2", 0, "0", "1", "2" },
	{ "x8,x4,x2", 0, "0", "1", "2" },
	{ "0x1\n0x2\n0x3", 0, "3", "2", "2-3" },
	{ "0x80,,\n", 0, "0", "", "" },
	{ ",,", 0, "", "", "" },
	{ "0x1,0x2,", 0, "3", "2", "" },
	/* The third mask is empty, so all zero: upstream accepts this. */
	{ "0x1,0x2\n", 0, "3", "2", "" },
	{ "0x1,0x2,0x3,junk", 0, "3", "2", "2-3" },
	{ "0x1,0x2,0x3\ngarbage", 0, "3", "2", "2-3" },
	{ "0xff00,0,0x0000000000000000000000000000000000000000000000000000000000000001",
	  0, "0-7", "", "255" },
	{ "", -EINVAL },
	{ "\n", -EINVAL },
	{ "0x1", -EINVAL },
	{ "0x1,0x2", -EINVAL },
	{ "0x1,0xg,0x3", -EINVAL },
	{ "0X1,0,0", -EINVAL },
	{ "0xx1,0,0", -EINVAL },
	{ "0x1 ,0,0", -EINVAL },
	{ " 0x1,0,0", -EINVAL },
	{ "0x1,0,-0", -EINVAL },
	{ "+1,+2,+3", -EINVAL },
	/* 65 digits */
	{ "0x00000000000000000000000000000000000000000000000000000000000000000,0,0",
	  -EINVAL },
};

static void config_case_desc(const struct config_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%pE\"", c->in);
}

KUNIT_ARRAY_PARAM(config, config_cases, config_case_desc);

/* Covers: AP-ATTR-10 AP-BUS-03 AP-BUS-09 */
static void parse_config_test(struct kunit *test)
{
	const struct config_case *c = test->param_value;
	struct vfio_ap_matrix m, before;
	int rc;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, "100");
	mask_from_list(test, m.aqm, "101");
	mask_from_list(test, m.adm, "102");
	before = m;

	rc = vfio_ap_matrix_parse_config(c->in, strlen(c->in), &m);
	KUNIT_EXPECT_EQ(test, rc, c->rc);
	if (rc) {
		/* A failed write changes nothing. */
		KUNIT_EXPECT_MEMEQ(test, &m, &before, sizeof(m));
		return;
	}
	expect_mask(test, m.apm, c->apm, "apm");
	expect_mask(test, m.aqm, c->aqm, "aqm");
	expect_mask(test, m.adm, c->adm, "adm");
	KUNIT_EXPECT_EQ(test, m.apid_max, before.apid_max);
}

/*
 * The count bounds the text, and so does a NUL before it.
 * Covers: AP-ATTR-10
 */
static void parse_config_length_test(struct kunit *test)
{
	static const char text[] = "0x8,0x4,0x2\0,junk";
	struct vfio_ap_matrix m;

	full_range_matrix(&m);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, 7, &m),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, 8, &m), 0);
	expect_mask(test, m.adm, "", "adm");
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, sizeof(text),
							  &m), 0);
	expect_mask(test, m.adm, "2", "adm");
}

/*
 * What ap_config shows parses back to the same matrix, and (as upstream)
 * only the first VFIO_AP_CONFIG_LEN bytes of a write are looked at.
 * Covers: AP-ATTR-10
 */
static void parse_config_roundtrip_test(struct kunit *test)
{
	char text[VFIO_AP_CONFIG_LEN + 8];
	struct vfio_ap_matrix m, back;
	struct seq_buf s;
	size_t n;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, "0,5,63-64,200,255");
	mask_from_list(test, m.aqm, "1-3,128");
	mask_from_list(test, m.adm, "0,15,254");

	seq_buf_init(&s, text, sizeof(text));
	n = vfio_ap_matrix_render(&m, VFIO_AP_VIEW_CONFIG, &s, 0);
	KUNIT_ASSERT_EQ(test, n, (size_t)VFIO_AP_CONFIG_LEN);

	full_range_matrix(&back);
	KUNIT_ASSERT_EQ(test, vfio_ap_matrix_parse_config(text, n, &back), 0);
	KUNIT_EXPECT_MEMEQ(test, &back, &m, sizeof(m));

	/* A 65th digit in the last mask is still within the 201 bytes. */
	text[n - 1] = '7';
	text[n] = '\n';
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, n + 1, &back),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &back, &m, sizeof(m));
}

/*
 * Whatever follows the third mask is ignored, however long.
 * Covers: AP-ATTR-10
 */
static void parse_config_long_tail_test(struct kunit *test)
{
	const size_t size = 3 * PAGE_SIZE;
	char *text = alloc_text(test, size + 1);
	struct vfio_ap_matrix m;
	struct seq_buf s;
	size_t n;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, "7");
	seq_buf_init(&s, text, size);
	n = vfio_ap_matrix_render(&m, VFIO_AP_VIEW_CONFIG, &s, 0);
	KUNIT_ASSERT_EQ(test, n, (size_t)VFIO_AP_CONFIG_LEN);
	memset(text + n, 'z', size - n);

	ap_set_id(m.adm, 9);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, size, &m), 0);
	expect_mask(test, m.apm, "7", "apm");
	expect_mask(test, m.adm, "", "adm");

	/* Without the newline the junk joins the third mask. */
	text[n - 1] = 'z';
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_parse_config(text, size, &m),
			-EINVAL);
}

/* ---- validation ---------------------------------------------------------- */

/* Covers: AP-MOD-08 AP-ATTR-10 */
static void check_limits_test(struct kunit *test)
{
	struct vfio_ap_matrix m;

	vfio_ap_matrix_init(&m, NULL);
	KUNIT_EXPECT_EQ(test, m.apid_max, 63U);
	KUNIT_EXPECT_EQ(test, m.apqi_max, 15U);
	KUNIT_EXPECT_EQ(test, m.adm_max, 15U);

	mask_from_list(test, m.apm, "0,63");
	mask_from_list(test, m.aqm, "0,15");
	mask_from_list(test, m.adm, "15");
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_limits(&m), 0);

	ap_set_id(m.apm, 64);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_limits(&m), -ENODEV);
	ap_clear_id(m.apm, 64);
	ap_set_id(m.aqm, 255);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_limits(&m), -ENODEV);
	ap_clear_id(m.aqm, 255);
	ap_set_id(m.adm, 16);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_limits(&m), -ENODEV);

	full_range_matrix(&m);
	mask_from_list(test, m.apm, ALL_IDS);
	mask_from_list(test, m.aqm, ALL_IDS);
	mask_from_list(test, m.adm, ALL_IDS);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_limits(&m), 0);
}

struct overlap_case {
	const char *name;
	const char *apm1, *aqm1, *apm2, *aqm2;
	int rc;
	const char *apm_shared, *aqm_shared;
};

static const struct overlap_case overlap_cases[] = {
	{ "one common queue", "1-2", "5", "2", "5-6", -EADDRINUSE, "2", "5" },
	{ "common adapter only", "1-2", "5", "2", "6", 0, "2", "" },
	{ "common domain only", "1", "5", "2", "5", 0, "", "5" },
	{ "no domains on one side", "1", "", "1", "1", 0, "1", "" },
	{ "no adapters on one side", "", "1", "1", "1", 0, "", "1" },
	{ "both empty", "", "", "", "", 0, "", "" },
	{ "top IDs", "255", "255", "0-255", "255", -EADDRINUSE, "255", "255" },
	{ "full grid", ALL_IDS, ALL_IDS, "17", "42", -EADDRINUSE, "17", "42" },
};

static void overlap_case_desc(const struct overlap_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(overlap, overlap_cases, overlap_case_desc);

/* Covers: AP-ATTR-05 AP-ATTR-11 AP-Q-03 */
static void overlap_test(struct kunit *test)
{
	const struct overlap_case *c = test->param_value;
	struct vfio_ap_matrix a, b, shared;

	full_range_matrix(&a);
	full_range_matrix(&b);
	mask_from_list(test, a.apm, c->apm1);
	mask_from_list(test, a.aqm, c->aqm1);
	mask_from_list(test, b.apm, c->apm2);
	mask_from_list(test, b.aqm, c->aqm2);
	/* Control domains may be shared: they never cause -EADDRINUSE. */
	mask_from_list(test, a.adm, ALL_IDS);
	mask_from_list(test, b.adm, ALL_IDS);
	memset(&shared, 0xff, sizeof(shared));

	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_shared(&a, &b, &shared),
			c->rc);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_shared(&b, &a, NULL),
			c->rc);
	expect_mask(test, shared.apm, c->apm_shared, "apm_shared");
	expect_mask(test, shared.aqm, c->aqm_shared, "aqm_shared");
	expect_mask(test, shared.adm, "", "adm");

	/* The raw form serves the AP bus in_use callback. */
	KUNIT_EXPECT_EQ(test, vfio_ap_apqns_shared(a.apm, a.aqm, b.apm, b.aqm,
						   NULL, NULL), c->rc);
	/* The reservation check is the same product test. */
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&a, b.apm, b.aqm),
			c->rc ? -EADDRNOTAVAIL : 0);
}

static void reserved_test(struct kunit *test)
{
	DECLARE_BITMAP(apmask, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqmask, VFIO_AP_NR_APQIS);
	struct vfio_ap_matrix m;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, "1");
	mask_from_list(test, m.aqm, "2");
	mask_from_list(test, m.adm, "3");

	/* Upstream's default: everything belongs to the host drivers. */
	mask_from_list(test, apmask, ALL_IDS);
	mask_from_list(test, aqmask, ALL_IDS);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			-EADDRNOTAVAIL);

	/* Adapter released to vfio_ap: the queue is free. */
	ap_clear_id(apmask, 1);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			0);

	/* The domain released instead: free as well. */
	mask_from_list(test, apmask, "1");
	mask_from_list(test, aqmask, "0-1,3-255");
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			0);
	mask_from_list(test, aqmask, "2");
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			-EADDRNOTAVAIL);

	/* Control domains are not queues. */
	mask_from_list(test, aqmask, "3");
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			0);

	/* Adapters without domains name no queue. */
	bitmap_zero(m.aqm, VFIO_AP_NR_APQIS);
	mask_from_list(test, aqmask, ALL_IDS);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_check_reserved(&m, apmask, aqmask),
			0);
}

/* ---- guest view ---------------------------------------------------------- */

struct fake_queues {
	DECLARE_BITMAP(blocked, VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS);
	unsigned int calls;
};

static bool fake_passable(void *ctx, unsigned int apid, unsigned int apqi)
{
	struct fake_queues *q = ctx;

	q->calls++;
	return !test_bit(apid * VFIO_AP_NR_APQIS + apqi, q->blocked);
}

/* Covers: AP-FLT-01 bug-A7 */
static void filter_test(struct kunit *test)
{
	struct fake_queues *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	DECLARE_BITMAP(dropped, VFIO_AP_NR_APIDS);
	struct vfio_ap_matrix m, guest;
	struct vfio_ap_hostcfg host = { .apxa = true, .na = 127, .nd = 31 };

	KUNIT_ASSERT_NOT_NULL(test, q);
	vfio_ap_matrix_init(&guest, NULL);
	full_range_matrix(&m);
	mask_from_list(test, host.apm, "1-3");
	mask_from_list(test, host.aqm, "4-5");
	mask_from_list(test, m.apm, "1-2,9");
	mask_from_list(test, m.aqm, "4-6");

	/* Queue 02.0005 is not bound to vfio_ap: adapter 2 stays out. */
	set_bit(2 * VFIO_AP_NR_APQIS + 5, q->blocked);
	memset(dropped, 0xff, sizeof(dropped));
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "1", "guest apm");
	expect_mask(test, guest.aqm, "4-5", "guest aqm");
	/* Adapter 2 was never plugged, so it needs no reset. */
	expect_mask(test, dropped, "", "dropped");
	/* Limits follow the host. */
	KUNIT_EXPECT_EQ(test, guest.apid_max, 127U);
	KUNIT_EXPECT_EQ(test, guest.apqi_max, 31U);

	/* The queue is bound now: adapter 2 is plugged. */
	clear_bit(2 * VFIO_AP_NR_APQIS + 5, q->blocked);
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "1-2", "guest apm");
	expect_mask(test, dropped, "", "dropped");

	/* Queue 01.0004 failed its reset: plugged adapter 1 is dropped. */
	set_bit(1 * VFIO_AP_NR_APQIS + 4, q->blocked);
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "2", "guest apm");
	expect_mask(test, guest.aqm, "4-5", "guest aqm");
	expect_mask(test, dropped, "1", "dropped");

	/* Nothing changed: not reported again. */
	KUNIT_EXPECT_FALSE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						       fake_passable, q,
						       dropped));
	expect_mask(test, dropped, "", "dropped");

	/* Domain 5 leaves the host configuration: a change, no drop. */
	mask_from_list(test, host.aqm, "4");
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "2", "guest apm");
	expect_mask(test, guest.aqm, "4", "guest aqm");
	expect_mask(test, dropped, "", "dropped");

	/* Adapter 2 leaves the host configuration: gone, but not "dropped". */
	mask_from_list(test, host.apm, "1,3");
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "", "guest apm");
	expect_mask(test, guest.aqm, "4", "guest aqm");
	expect_mask(test, dropped, "", "dropped");

	/* No domains in view: no queue to check, adapters stay. */
	mask_from_list(test, host.apm, "1-3");
	bitmap_zero(host.aqm, VFIO_AP_NR_APQIS);
	bitmap_fill(q->blocked, VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS);
	q->calls = 0;
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	expect_mask(test, guest.apm, "1-2", "guest apm");
	expect_mask(test, guest.aqm, "", "guest aqm");
	KUNIT_EXPECT_EQ(test, q->calls, 0U);

	/* Control domains never touch apm/aqm. */
	KUNIT_EXPECT_TRUE(test, bitmap_empty(guest.adm, VFIO_AP_NR_APQIS));
}

/* Covers: AP-FLT-01 */
static void filter_stops_at_first_bad_queue_test(struct kunit *test)
{
	struct fake_queues *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	DECLARE_BITMAP(dropped, VFIO_AP_NR_APIDS);
	struct vfio_ap_matrix m, guest;
	struct vfio_ap_hostcfg host = { .apxa = true, .na = 255, .nd = 255 };

	KUNIT_ASSERT_NOT_NULL(test, q);
	vfio_ap_matrix_init(&guest, &host);
	full_range_matrix(&m);
	mask_from_list(test, host.apm, ALL_IDS);
	mask_from_list(test, host.aqm, ALL_IDS);
	mask_from_list(test, m.apm, ALL_IDS);
	mask_from_list(test, m.aqm, ALL_IDS);

	/* Every adapter has a bad first queue: one look per adapter. */
	bitmap_fill(q->blocked, VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS);
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	KUNIT_EXPECT_EQ(test, q->calls, 256U);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(guest.apm, VFIO_AP_NR_APIDS));
	expect_mask(test, guest.aqm, ALL_IDS, "guest aqm");

	/* All good: the full 256 x 256 view. */
	bitmap_zero(q->blocked, VFIO_AP_NR_APIDS * VFIO_AP_NR_APQIS);
	q->calls = 0;
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter(&guest, &m, &host,
						      fake_passable, q,
						      dropped));
	KUNIT_EXPECT_EQ(test, q->calls, 65536U);
	expect_mask(test, guest.apm, ALL_IDS, "guest apm");
}

/* Covers: AP-FLT-02 */
static void filter_cdoms_test(struct kunit *test)
{
	struct vfio_ap_hostcfg host = { };
	struct vfio_ap_matrix m, guest;

	vfio_ap_matrix_init(&guest, NULL);
	vfio_ap_matrix_init(&m, NULL);
	mask_from_list(test, m.adm, "1,7");
	mask_from_list(test, host.adm, "7-8");

	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter_cdoms(&guest, &m, &host));
	expect_mask(test, guest.adm, "7", "guest adm");
	KUNIT_EXPECT_FALSE(test, vfio_ap_matrix_filter_cdoms(&guest, &m, &host));

	mask_from_list(test, host.adm, "1,7");
	KUNIT_EXPECT_TRUE(test, vfio_ap_matrix_filter_cdoms(&guest, &m, &host));
	expect_mask(test, guest.adm, "1,7", "guest adm");
	KUNIT_EXPECT_TRUE(test, bitmap_empty(guest.apm, VFIO_AP_NR_APIDS));
}

/* Covers: AP-FLT-01 */
static void reset_rc_test(struct kunit *test)
{
	unsigned int rc, n = 0;

	for (rc = 0; rc < 256; rc++)
		n += vfio_ap_reset_rc_passable(rc);
	KUNIT_EXPECT_EQ(test, n, 3U);
	KUNIT_EXPECT_TRUE(test, vfio_ap_reset_rc_passable(0x00));
	KUNIT_EXPECT_TRUE(test, vfio_ap_reset_rc_passable(0x03));
	KUNIT_EXPECT_TRUE(test, vfio_ap_reset_rc_passable(0x04));
	KUNIT_EXPECT_FALSE(test, vfio_ap_reset_rc_passable(0x02));
	KUNIT_EXPECT_FALSE(test, vfio_ap_reset_rc_passable(0x05));

	/* The same codes under the backend's names. */
	KUNIT_EXPECT_TRUE(test, vfio_ap_reset_rc_passable(AP_RC_NORMAL));
	KUNIT_EXPECT_TRUE(test,
			  vfio_ap_reset_rc_passable(AP_RC_DECONFIGURED));
	KUNIT_EXPECT_TRUE(test,
			  vfio_ap_reset_rc_passable(AP_RC_CHECKSTOPPED));
	KUNIT_EXPECT_FALSE(test,
			   vfio_ap_reset_rc_passable(AP_RC_Q_NOT_AVAIL));
}

static void apqn_test(struct kunit *test)
{
	u16 apqn = AP_APQN(0xab, 0x0c);

	KUNIT_EXPECT_EQ(test, apqn, 0xab0c);
	KUNIT_EXPECT_EQ(test, AP_APQN_APID(apqn), 0xabU);
	KUNIT_EXPECT_EQ(test, AP_APQN_APQI(apqn), 0x0cU);
	KUNIT_EXPECT_EQ(test, AP_APQN(255, 255), 0xffff);
}

/* ---- rendering ----------------------------------------------------------- */

static size_t render_all(struct vfio_ap_matrix *m, enum vfio_ap_view view,
			 char *buf, size_t size)
{
	struct seq_buf s;

	seq_buf_init(&s, buf, size);
	return vfio_ap_matrix_render(m, view, &s, 0);
}

struct render_case {
	const char *name;
	bool apxa;
	const char *apm, *aqm, *adm;
	enum vfio_ap_view view;
	const char *out;
};

static const struct render_case render_cases[] = {
	{ "queues", true, "5,74", "4,171", "", VFIO_AP_VIEW_APQNS,
	  "05.0004\n05.00ab\n4a.0004\n4a.00ab\n" },
	{ "adapters only", true, "5,74,255", "", "", VFIO_AP_VIEW_APQNS,
	  "05.\n4a.\nff.\n" },
	{ "domains only", true, "", "0,171", "", VFIO_AP_VIEW_APQNS,
	  ".0000\n.00ab\n" },
	{ "empty", true, "", "", "0-255", VFIO_AP_VIEW_APQNS, "" },
	{ "above the limits", false, "0,63-64", "15-16", "", VFIO_AP_VIEW_APQNS,
	  "00.000f\n3f.000f\n" },
	{ "only adapters within limits", false, "64", "15", "",
	  VFIO_AP_VIEW_APQNS, ".000f\n" },
	{ "control domains", true, "1", "2", "1,255", VFIO_AP_VIEW_CDOMS,
	  "0001\n00ff\n" },
	{ "control domains above the limit", false, "", "", "15-16",
	  VFIO_AP_VIEW_CDOMS, "000f\n" },
	{ "no control domains", true, "1", "1", "", VFIO_AP_VIEW_CDOMS, "" },
};

static void render_case_desc(const struct render_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(render, render_cases, render_case_desc);

/* Whole text, every tail and a 3-byte window at every offset. */
static void expect_render(struct kunit *test, const struct vfio_ap_matrix *m,
			  enum vfio_ap_view view, const char *out)
{
	size_t len = strlen(out);
	char buf[512];
	size_t n, off;

	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render_size(m, view), len);
	for (off = 0; off <= len; off++) {
		struct seq_buf s;

		memset(buf, 0, sizeof(buf));
		seq_buf_init(&s, buf, sizeof(buf));
		KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(m, view, &s, off),
				len - off);
		KUNIT_EXPECT_STREQ(test, buf, out + off);

		memset(buf, 0, sizeof(buf));
		seq_buf_init(&s, buf, 3);
		n = vfio_ap_matrix_render(m, view, &s, off);
		KUNIT_EXPECT_EQ(test, n, min_t(size_t, 3, len - off));
		KUNIT_EXPECT_EQ(test, memcmp(buf, out + off, n), 0);
	}
}

/* Covers: AP-ATTR-07 AP-ATTR-08 */
static void render_test(struct kunit *test)
{
	const struct render_case *c = test->param_value;
	struct vfio_ap_hostcfg host = { .apxa = c->apxa, .na = 255,
					.nd = 255 };
	struct vfio_ap_matrix m;

	vfio_ap_matrix_init(&m, &host);
	mask_from_list(test, m.apm, c->apm);
	mask_from_list(test, m.aqm, c->aqm);
	mask_from_list(test, m.adm, c->adm);
	expect_render(test, &m, c->view, c->out);
}

/*
 * ap_config: "0x" and 64 digits per mask, whatever the limits; digit k
 * holds IDs 4k..4k+3, the lowest ID in its most significant bit.
 * Covers: AP-ATTR-10
 */
static void render_config_test(struct kunit *test)
{
	char want[VFIO_AP_CONFIG_LEN + 1];
	struct vfio_ap_matrix m;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		char *mask = want + i * (2 + VFIO_AP_MASK_DIGITS + 1);

		memcpy(mask, "0x", 2);
		memset(mask + 2, '0', VFIO_AP_MASK_DIGITS);
		mask[2 + VFIO_AP_MASK_DIGITS] = i < 2 ? ',' : '\n';
	}
	want[VFIO_AP_CONFIG_LEN] = 0;

	vfio_ap_matrix_init(&m, NULL);
	expect_render(test, &m, VFIO_AP_VIEW_CONFIG, want);

	/* apm: 5 is digit 1 (IDs 4-7), value 4; 255 is the last digit. */
	mask_from_list(test, m.apm, "5,252,255");
	want[2 + 1] = '4';
	want[2 + 63] = '9';
	/* aqm: 0 is the top bit of digit 0; beyond the limit of 15. */
	mask_from_list(test, m.aqm, "0-3,100");
	want[67 + 2] = 'f';
	want[67 + 2 + 25] = '8';
	/* adm */
	mask_from_list(test, m.adm, "200-203,206");
	want[134 + 2 + 50] = 'f';
	want[134 + 2 + 51] = '2';
	expect_render(test, &m, VFIO_AP_VIEW_CONFIG, want);
}

/* An independent, obvious generator of the full 256 x 256 text. */
static size_t naive_full_grid(char *buf, size_t size)
{
	size_t n = 0;
	unsigned int a, q;

	for (a = 0; a < 256; a++)
		for (q = 0; q < 256; q++)
			n += scnprintf(buf + n, size - n, "%02x.%04x\n", a, q);
	return n;
}

/* Covers: AP-ATTR-08 */
static void render_full_grid_test(struct kunit *test)
{
	const size_t size = 256 * 256 * 8;
	char *whole = alloc_text(test, size + 1);
	char *pieces = alloc_text(test, size + 1);
	char *naive = alloc_text(test, size + 1);
	static const size_t chunks[] = { 4096, 4093, 1000 };
	struct vfio_ap_matrix m;
	unsigned int i;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, ALL_IDS);
	mask_from_list(test, m.aqm, ALL_IDS);

	KUNIT_ASSERT_EQ(test, naive_full_grid(naive, size + 1), size);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render_size(&m, VFIO_AP_VIEW_APQNS),
			size);
	KUNIT_EXPECT_EQ(test, render_all(&m, VFIO_AP_VIEW_APQNS, whole,
					 size + 1), size);
	KUNIT_EXPECT_EQ(test, memcmp(whole, naive, size), 0);

	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		size_t off = 0, n, reads = 0;

		memset(pieces, 0, size + 1);
		do {
			struct seq_buf s;

			seq_buf_init(&s, pieces + off,
				     min(chunks[i], size + 1 - off));
			n = vfio_ap_matrix_render(&m, VFIO_AP_VIEW_APQNS, &s,
						  off);
			KUNIT_ASSERT_LE(test, n, chunks[i]);
			off += n;
			reads++;
		} while (n);
		KUNIT_EXPECT_EQ(test, off, size);
		KUNIT_EXPECT_EQ(test, reads, DIV_ROUND_UP(size, chunks[i]) + 1);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(pieces, whole, size), 0,
				    "chunk size %zu", chunks[i]);
	}
}

/* Covers: AP-ATTR-08 */
static void render_past_end_test(struct kunit *test)
{
	static const loff_t offs[] = { 8, 9, 1 << 30, -1 };
	struct vfio_ap_matrix m;
	char buf[16];
	struct seq_buf s;
	unsigned int i;

	full_range_matrix(&m);
	mask_from_list(test, m.apm, "1");
	mask_from_list(test, m.aqm, "1");

	seq_buf_init(&s, buf, sizeof(buf));
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m,
							    VFIO_AP_VIEW_APQNS,
							    &s, offs[i]), 0);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m, VFIO_AP_VIEW_CONFIG,
						    &s, VFIO_AP_CONFIG_LEN), 0);
	KUNIT_EXPECT_EQ(test, seq_buf_used(&s), 0U);

	/* A full buffer takes nothing more. */
	seq_buf_init(&s, buf, 4);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m, VFIO_AP_VIEW_APQNS,
						    &s, 0), 4);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m, VFIO_AP_VIEW_APQNS,
						    &s, 4), 0);
	KUNIT_EXPECT_EQ(test, seq_buf_used(&s), 4U);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "01.0", 4), 0);

	/* Appending to a partly used buffer counts only the new bytes. */
	seq_buf_init(&s, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m, VFIO_AP_VIEW_APQNS,
						    &s, 5), 3);
	KUNIT_EXPECT_EQ(test, vfio_ap_matrix_render(&m, VFIO_AP_VIEW_APQNS,
						    &s, 0), 8);
	KUNIT_EXPECT_EQ(test, seq_buf_used(&s), 11U);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "01\n01.0001\n", 11), 0);
}

/* ---- properties over random matrices ------------------------------------ */

#define RANDOM_ROUNDS	50

static void random_mask(struct rnd_state *rnd, unsigned long *map)
{
	/* Empty, one ID, sparse, half, full: the shapes that matter. */
	static const unsigned int per_256[] = { 0, 1, 16, 128, 256 };
	unsigned int density = per_256[prandom_u32_state(rnd) % 5];
	unsigned int id;

	bitmap_zero(map, VFIO_AP_NR_APIDS);
	if (density == 1) {
		ap_set_id(map, prandom_u32_state(rnd) % 256);
		return;
	}
	for (id = 0; id < VFIO_AP_NR_APIDS; id++)
		if (prandom_u32_state(rnd) % 256 < density)
			ap_set_id(map, id);
}

static void random_matrix(struct rnd_state *rnd, struct vfio_ap_matrix *m,
			  struct vfio_ap_hostcfg *host)
{
	host->apxa = prandom_u32_state(rnd) & 1;
	host->na = prandom_u32_state(rnd);
	host->nd = prandom_u32_state(rnd);
	random_mask(rnd, host->apm);
	random_mask(rnd, host->aqm);
	random_mask(rnd, host->adm);
	vfio_ap_matrix_init(m, host);
	random_mask(rnd, m->apm);
	random_mask(rnd, m->aqm);
	random_mask(rnd, m->adm);
}

/* The obvious way to produce the matrix text, for comparison. */
static size_t naive_apqns(const struct vfio_ap_matrix *m, char *buf,
			  size_t size)
{
	unsigned int a, q, na = 0, nq = 0;
	size_t n = 0;

	for (a = 0; a <= m->apid_max && a < 256; a++)
		na += ap_test_id(m->apm, a);
	for (q = 0; q <= m->apqi_max && q < 256; q++)
		nq += ap_test_id(m->aqm, q);

	for (a = 0; a <= m->apid_max && a < 256; a++) {
		if (!ap_test_id(m->apm, a))
			continue;
		if (!nq)
			n += scnprintf(buf + n, size - n, "%02x.\n", a);
		for (q = 0; nq && q <= m->apqi_max && q < 256; q++)
			if (ap_test_id(m->aqm, q))
				n += scnprintf(buf + n, size - n, "%02x.%04x\n",
					       a, q);
	}
	for (q = 0; !na && q <= m->apqi_max && q < 256; q++)
		if (ap_test_id(m->aqm, q))
			n += scnprintf(buf + n, size - n, ".%04x\n", q);
	return n;
}

static bool random_passable(void *ctx, unsigned int apid, unsigned int apqi)
{
	/* A fixed pseudo-random verdict per queue: 1 in 64 is not usable. */
	u32 seed = *(u32 *)ctx;

	return (((apid * 257 + apqi) * 2654435761U) ^ seed) % 64 != 0;
}

/* Covers: AP-ATTR-08 AP-ATTR-10 AP-ATTR-11 AP-FLT-01 */
static void random_properties_test(struct kunit *test)
{
	const size_t size = 256 * 256 * 8;
	char *whole = alloc_text(test, size + 1);
	char *naive = alloc_text(test, size + 1);
	struct vfio_ap_matrix *m = kunit_kzalloc(test, 4 * sizeof(*m),
						 GFP_KERNEL);
	struct vfio_ap_hostcfg *host = kunit_kzalloc(test, 2 * sizeof(*host),
						     GFP_KERNEL);
	DECLARE_BITMAP(dropped, VFIO_AP_NR_APIDS);
	struct rnd_state rnd;
	unsigned int round;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, host);
	prandom_seed_state(&rnd, 0x7a6d646576ULL);

	for (round = 0; round < RANDOM_ROUNDS; round++) {
		struct vfio_ap_matrix *a = &m[0], *b = &m[1], *guest = &m[2];
		struct vfio_ap_matrix *back = &m[3];
		size_t len, off, cnt, n;
		struct seq_buf s;
		u32 verdict = prandom_u32_state(&rnd);
		unsigned int apid, apqi;
		bool shared;
		int rc;

		random_matrix(&rnd, a, &host[0]);
		random_matrix(&rnd, b, &host[1]);

		/* Rendering: one shot == naive == any window. */
		len = naive_apqns(a, naive, size + 1);
		KUNIT_ASSERT_EQ(test, vfio_ap_matrix_render_size(a,
								 VFIO_AP_VIEW_APQNS),
				len);
		KUNIT_ASSERT_EQ(test, render_all(a, VFIO_AP_VIEW_APQNS, whole,
						 size + 1), len);
		KUNIT_ASSERT_EQ(test, memcmp(whole, naive, len), 0);
		off = len ? prandom_u32_state(&rnd) % (len + 1) : 0;
		cnt = 1 + prandom_u32_state(&rnd) % 9000;
		seq_buf_init(&s, whole, cnt);
		n = vfio_ap_matrix_render(a, VFIO_AP_VIEW_APQNS, &s, off);
		KUNIT_ASSERT_EQ(test, n, min(cnt, len - off));
		KUNIT_ASSERT_EQ(test, memcmp(whole, naive + off, n), 0);

		/* ap_config shows what it parses back. */
		n = render_all(a, VFIO_AP_VIEW_CONFIG, whole, size + 1);
		KUNIT_ASSERT_EQ(test, n, (size_t)VFIO_AP_CONFIG_LEN);
		vfio_ap_matrix_init(back, NULL);
		KUNIT_ASSERT_EQ(test, vfio_ap_matrix_parse_config(whole, n,
								  back), 0);
		KUNIT_ASSERT_TRUE(test, bitmap_equal(back->apm, a->apm, 256) &&
				  bitmap_equal(back->aqm, a->aqm, 256) &&
				  bitmap_equal(back->adm, a->adm, 256));

		/* Sharing: symmetric and equal to the definition. */
		shared = false;
		for (apid = 0; apid < 256; apid++)
			for (apqi = 0; apqi < 256; apqi++)
				shared |= ap_test_id(a->apm, apid) &&
					  ap_test_id(b->apm, apid) &&
					  ap_test_id(a->aqm, apqi) &&
					  ap_test_id(b->aqm, apqi);
		rc = shared ? -EADDRINUSE : 0;
		KUNIT_ASSERT_EQ(test, vfio_ap_matrix_check_shared(a, b, NULL),
				rc);
		KUNIT_ASSERT_EQ(test, vfio_ap_matrix_check_shared(b, a, NULL),
				rc);
		KUNIT_ASSERT_EQ(test, vfio_ap_matrix_check_reserved(a, b->apm,
								    b->aqm),
				shared ? -EADDRNOTAVAIL : 0);

		/*
		 * Filter, starting from b as the previous guest view: the
		 * result lies within assignment and host configuration; a
		 * kept adapter has only passable queues; a left-out one that
		 * is assigned and configured has a bad queue; and only
		 * previously visible adapters are reported for reset.
		 */
		*guest = *b;
		vfio_ap_matrix_filter(guest, a, &host[0], random_passable,
				      &verdict, dropped);
		for (apqi = 0; apqi < 256; apqi++)
			KUNIT_ASSERT_EQ(test, ap_test_id(guest->aqm, apqi),
					ap_test_id(a->aqm, apqi) &&
					ap_test_id(host[0].aqm, apqi));
		for (apid = 0; apid < 256; apid++) {
			bool candidate = ap_test_id(a->apm, apid) &&
					 ap_test_id(host[0].apm, apid);
			bool bad = false;

			for_each_vfio_ap_id(apqi, guest->aqm, 256)
				bad |= !random_passable(&verdict, apid, apqi);
			KUNIT_ASSERT_EQ(test, ap_test_id(guest->apm, apid),
					candidate && !bad);
			KUNIT_ASSERT_EQ(test, ap_test_id(dropped, apid),
					candidate && bad &&
					ap_test_id(b->apm, apid));
		}
	}
}

static struct kunit_case vfio_ap_matrix_cases[] = {
	KUNIT_CASE(numbering_test),
	KUNIT_CASE_PARAM(parse_id_test, id_gen_params),
	KUNIT_CASE_PARAM(parse_config_test, config_gen_params),
	KUNIT_CASE(parse_config_length_test),
	KUNIT_CASE(parse_config_roundtrip_test),
	KUNIT_CASE(parse_config_long_tail_test),
	KUNIT_CASE(check_limits_test),
	KUNIT_CASE_PARAM(overlap_test, overlap_gen_params),
	KUNIT_CASE(reserved_test),
	KUNIT_CASE(filter_test),
	KUNIT_CASE(filter_stops_at_first_bad_queue_test),
	KUNIT_CASE(filter_cdoms_test),
	KUNIT_CASE(reset_rc_test),
	KUNIT_CASE(apqn_test),
	KUNIT_CASE_PARAM(render_test, render_gen_params),
	KUNIT_CASE(render_config_test),
	KUNIT_CASE(render_full_grid_test),
	KUNIT_CASE(render_past_end_test),
	KUNIT_CASE(random_properties_test),
	{}
};

static struct kunit_suite vfio_ap_matrix_suite = {
	.name = "vfio_ap_matrix",
	.test_cases = vfio_ap_matrix_cases,
};

kunit_test_suite(vfio_ap_matrix_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio_ap matrix model");
MODULE_LICENSE("GPL");

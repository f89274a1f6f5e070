// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vfio_ccw's channel-measurement arithmetic: decoding both
 * block formats and computing the cmf attributes (rule CCW-CMF-01: names,
 * units and formats as the ccw bus's cmf attributes).
 *
 * The code under test is portable and compiled into this module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/module.h>

#include "../vfio_ccw_cmf.c"

static void put_be32(u8 *p, u32 v)
{
	put_unaligned_be32(v, p);
}

/* Format 1: 32-bit counts, seven times, big-endian at their offsets. */
static void cmf_test_decode_format1(struct kunit *test)
{
	u8 block[CSS_CMB1_SIZE] = {};
	struct vccw_cmf_data d;
	unsigned int i;

	put_be32(block + 0, 0x01020304);
	put_be32(block + 4, 0x00000010);
	for (i = 0; i < 7; i++)
		put_be32(block + 8 + 4 * i, 100 + i);
	put_be32(block + 60, 0xffffffff);	/* reserved: ignored */

	KUNIT_ASSERT_EQ(test, 0, vccw_cmf_decode(1, block, sizeof(block), &d));
	KUNIT_EXPECT_EQ(test, 0x01020304u, d.ssch_rsch_count);
	KUNIT_EXPECT_EQ(test, 16u, d.sample_count);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ(test, 100 + i, d.time[i]);
	KUNIT_EXPECT_EQ(test, 106u, d.time[CSS_CMB_ICR]);
}

/* Format 0: 16-bit counts, five times; busy and ICR read as zero. */
static void cmf_test_decode_format0(struct kunit *test)
{
	u8 block[CSS_CMB0_SIZE] = {};
	struct vccw_cmf_data d;
	unsigned int i;

	block[0] = 0xff;
	block[1] = 0xfe;
	block[2] = 0x00;
	block[3] = 0x07;
	for (i = 0; i < 5; i++)
		put_be32(block + 4 + 4 * i, 0x10000 + i);
	put_be32(block + 24, 0xdeadbeef);	/* reserved: ignored */

	KUNIT_ASSERT_EQ(test, 0, vccw_cmf_decode(0, block, sizeof(block), &d));
	KUNIT_EXPECT_EQ(test, 0xfffeu, d.ssch_rsch_count);
	KUNIT_EXPECT_EQ(test, 7u, d.sample_count);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, 0x10000 + i, d.time[i]);
	KUNIT_EXPECT_EQ(test, 0u, d.time[CSS_CMB_BUSY]);
	KUNIT_EXPECT_EQ(test, 0u, d.time[CSS_CMB_ICR]);
}

/* Unknown formats and short blocks are refused, leaving zeros behind. */
static void cmf_test_decode_bad(struct kunit *test)
{
	u8 block[CSS_CMB1_SIZE];
	struct vccw_cmf_data d;

	memset(block, 0xff, sizeof(block));
	KUNIT_EXPECT_EQ(test, -EINVAL, vccw_cmf_decode(2, block, 64, &d));
	KUNIT_EXPECT_EQ(test, 0u, d.ssch_rsch_count);
	KUNIT_EXPECT_EQ(test, -EINVAL, vccw_cmf_decode(1, block, 63, &d));
	KUNIT_EXPECT_EQ(test, -EINVAL, vccw_cmf_decode(0, block, 31, &d));
	KUNIT_EXPECT_EQ(test, 0, vccw_cmf_decode(0, block, 32, &d));
	KUNIT_EXPECT_EQ(test, 0xffffu, d.ssch_rsch_count);
}

/* A block copied anywhere (the region carries it at byte 24) decodes. */
static void cmf_test_decode_unaligned(struct kunit *test)
{
	u8 buf[1 + CSS_CMB1_SIZE] = {};
	struct vccw_cmf_data d;

	put_be32(buf + 1, 27);
	put_be32(buf + 1 + 8 + 4 * CSS_CMB_ICR, 9);
	KUNIT_ASSERT_EQ(test, 0, vccw_cmf_decode(1, buf + 1, CSS_CMB1_SIZE, &d));
	KUNIT_EXPECT_EQ(test, 27u, d.ssch_rsch_count);
	KUNIT_EXPECT_EQ(test, 9u, d.time[CSS_CMB_ICR]);
}

/* Averages: 128-microsecond units per sample, in nanoseconds. */
static void cmf_test_averages(struct kunit *test)
{
	struct vccw_cmf_data d = { .sample_count = 4 };
	unsigned int i;

	KUNIT_EXPECT_EQ(test, 128000ull, vccw_cmf_avg_ns(1, 1));
	KUNIT_EXPECT_EQ(test, 640000ull, vccw_cmf_avg_ns(10, 2));
	/* truncated, as the ccw bus does */
	KUNIT_EXPECT_EQ(test, 42666ull, vccw_cmf_avg_ns(1, 3));
	for (i = 0; i < CSS_CMB1_NR_TIMES; i++)
		d.time[i] = 4 * (i + 1);
	for (i = VCCW_CMF_AVG_CONNECT; i <= VCCW_CMF_AVG_ICR; i++)
		KUNIT_EXPECT_EQ(test, (s64)128000 * (i - VCCW_CMF_AVG_CONNECT + 1),
				vccw_cmf_value(&d, 0, i));
}

/* No sample yet: averages 0, sample interval -1, no division by zero. */
static void cmf_test_zero_samples(struct kunit *test)
{
	struct vccw_cmf_data d = { .ssch_rsch_count = 3, .time = { 5, 5, 5 } };

	KUNIT_EXPECT_EQ(test, 0ull, vccw_cmf_avg_ns(1000, 0));
	KUNIT_EXPECT_EQ(test, 0, vccw_cmf_value(&d, 1000000, VCCW_CMF_AVG_CONNECT));
	KUNIT_EXPECT_EQ(test, -1, vccw_cmf_value(&d, 1000000,
						 VCCW_CMF_AVG_SAMPLE_INTERVAL));
	KUNIT_EXPECT_EQ(test, 3, vccw_cmf_value(&d, 0, VCCW_CMF_SSCH_RSCH_COUNT));
	/* no time has passed: utilization 0, not a division by zero */
	KUNIT_EXPECT_EQ(test, 0ull, vccw_cmf_utilization(&d, 0));
	KUNIT_EXPECT_EQ(test, 0ull, vccw_cmf_utilization(&d, 999));
}

/* Utilization in tenths of a percent; the sample interval in ns. */
static void cmf_test_utilization(struct kunit *test)
{
	/* 1 + 1 + 1 units = 384 us of 1 ms: 38.4% */
	struct vccw_cmf_data d = {
		.sample_count = 4,
		.time = { 1, 1, 1, 50, 50, 50, 50 },
	};

	KUNIT_EXPECT_EQ(test, 384ull, vccw_cmf_utilization(&d, 1000000));
	KUNIT_EXPECT_EQ(test, 384, vccw_cmf_value(&d, 1000000,
						  VCCW_CMF_AVG_UTILIZATION));
	KUNIT_EXPECT_EQ(test, 250000, vccw_cmf_value(&d, 1000000,
						     VCCW_CMF_AVG_SAMPLE_INTERVAL));
	KUNIT_EXPECT_EQ(test, -1, vccw_cmf_value(&d, 0, VCCW_CMF_NR_ATTRS));
}

/* The largest counts the channel stores neither wrap nor overflow. */
static void cmf_test_overflow(struct kunit *test)
{
	struct vccw_cmf_data d = {
		.ssch_rsch_count = U32_MAX,
		.sample_count = 1,
		.time = { U32_MAX, U32_MAX, U32_MAX, U32_MAX, U32_MAX,
			  U32_MAX, U32_MAX },
	};
	u64 max_ns = (u64)U32_MAX * 128000;

	KUNIT_EXPECT_EQ(test, max_ns, vccw_cmf_avg_ns(U32_MAX, 1));
	KUNIT_EXPECT_EQ(test, (s64)max_ns,
			vccw_cmf_value(&d, 0, VCCW_CMF_AVG_ICR));
	KUNIT_EXPECT_EQ(test, (s64)U32_MAX,
			vccw_cmf_value(&d, 0, VCCW_CMF_SSCH_RSCH_COUNT));
	/* three full times summed: 33 bits, still exact after scaling */
	KUNIT_EXPECT_EQ(test, 3 * max_ns,
			vccw_cmf_utilization(&d, 1000));
	KUNIT_EXPECT_EQ(test, div_u64(3 * max_ns, 1000),
			vccw_cmf_utilization(&d, 1000000));
	/* and the largest elapsed time still divides */
	KUNIT_EXPECT_EQ(test, (s64)(U64_MAX / U32_MAX),
			vccw_cmf_value(&(struct vccw_cmf_data){
					.sample_count = U32_MAX },
				       U64_MAX, VCCW_CMF_AVG_SAMPLE_INTERVAL));
}

/* The file names and output formats of the ccw bus's cmf/ directory. */
static void cmf_test_units_and_format(struct kunit *test)
{
	char line[32];

	KUNIT_EXPECT_STREQ(test, "ssch_rsch_count",
			   vccw_cmf_attr_names[VCCW_CMF_SSCH_RSCH_COUNT]);
	KUNIT_EXPECT_STREQ(test, "avg_initial_command_response_time",
			   vccw_cmf_attr_names[VCCW_CMF_AVG_ICR]);
	KUNIT_EXPECT_STREQ(test, "avg_sample_interval",
			   vccw_cmf_attr_names[VCCW_CMF_AVG_SAMPLE_INTERVAL]);

	KUNIT_EXPECT_EQ(test, 5, vccw_cmf_print(line, sizeof(line),
						VCCW_CMF_AVG_UTILIZATION, 384));
	KUNIT_EXPECT_STREQ(test, "38.4%", line);
	vccw_cmf_print(line, sizeof(line), VCCW_CMF_AVG_UTILIZATION, 7);
	KUNIT_EXPECT_STREQ(test, "00.7%", line);
	vccw_cmf_print(line, sizeof(line), VCCW_CMF_AVG_UTILIZATION, 1000);
	KUNIT_EXPECT_STREQ(test, "100.0%", line);
	vccw_cmf_print(line, sizeof(line), VCCW_CMF_AVG_SAMPLE_INTERVAL, -1);
	KUNIT_EXPECT_STREQ(test, "-1", line);
	vccw_cmf_print(line, sizeof(line), VCCW_CMF_SSCH_RSCH_COUNT, U32_MAX);
	KUNIT_EXPECT_STREQ(test, "4294967295", line);
	vccw_cmf_print(line, sizeof(line), VCCW_CMF_AVG_CONNECT, 640000);
	KUNIT_EXPECT_STREQ(test, "640000", line);
}

static struct kunit_case cmf_test_cases[] = {
	KUNIT_CASE(cmf_test_decode_format1),
	KUNIT_CASE(cmf_test_decode_format0),
	KUNIT_CASE(cmf_test_decode_bad),
	KUNIT_CASE(cmf_test_decode_unaligned),
	KUNIT_CASE(cmf_test_averages),
	KUNIT_CASE(cmf_test_zero_samples),
	KUNIT_CASE(cmf_test_utilization),
	KUNIT_CASE(cmf_test_overflow),
	KUNIT_CASE(cmf_test_units_and_format),
	{}
};

static struct kunit_suite cmf_test_suite = {
	.name = "vfio_ccw_cmf",
	.test_cases = cmf_test_cases,
};

kunit_test_suite(cmf_test_suite);

MODULE_DESCRIPTION("KUnit tests for vfio_ccw's channel-measurement arithmetic");
MODULE_LICENSE("GPL");

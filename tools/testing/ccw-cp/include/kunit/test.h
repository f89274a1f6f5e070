/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small user-space stand-in for the part of KUnit the vfio_ccw cp tests
 * use, so tools/testing/ccw-cp can run the very same test file. A failed
 * assertion leaves the test case through longjmp().
 */
#ifndef _CCW_CP_SHIM_KUNIT_H
#define _CCW_CP_SHIM_KUNIT_H

#include <setjmp.h>
#include <linux/types.h>
#include <linux/slab.h>
#include <linux/string.h>

#define KUNIT_PARAM_DESC_SIZE	128
#define KUNIT_MAX_ALLOCS	16

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)

struct kunit {
	void *priv;
	const void *param_value;
	bool failed;
	jmp_buf abort;
	void *allocs[KUNIT_MAX_ALLOCS];
	unsigned int nr_allocs;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
};

struct kunit_suite {
	const char *name;
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

void kunit_shim_register(struct kunit_suite *suite);
void kunit_shim_fail(struct kunit *test, bool assert, const char *file,
		     int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp);

#define kunit_test_suite(s)						\
	static void __attribute__((constructor)) kunit_shim_reg_##s(void) \
	{								\
		kunit_shim_register(&(s));				\
	}

#define KUNIT_CASE(fn)		{ .run_case = fn, .name = #fn }
#define KUNIT_CASE_PARAM(fn, gen) \
	{ .run_case = fn, .name = #fn, .generate_params = gen }

/* Attributes only steer test selection in the kernel; all cases run here. */
#define KUNIT_SPEED_SLOW	1
#define KUNIT_CASE_PARAM_ATTR(fn, gen, attr) \
	{ .run_case = fn, .name = #fn, .generate_params = gen }

#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		__typeof__((array)[0]) *__next = prev ?			\
			((__typeof__(__next))prev) + 1 : (array);	\
		if ((size_t)(__next - (array)) < ARRAY_SIZE(array)) {	\
			get_desc(__next, desc);				\
			return __next;					\
		}							\
		return NULL;						\
	}

#define KUNIT_SHIM_CMP(test, assert, l, op, r) do {			\
	__typeof__(l) __l = (l);					\
	__typeof__(r) __r = (r);					\
	if (!(__l op __r))						\
		kunit_shim_fail(test, assert, __FILE__, __LINE__,	\
				"%s %s %s: 0x%llx vs 0x%llx", #l, #op, #r, \
				(unsigned long long)__l,		\
				(unsigned long long)__r);		\
} while (0)

#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_SHIM_CMP(t, false, l, ==, r)
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, !=, r)
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_SHIM_CMP(t, false, l, <, r)
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, <=, r)
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, >=, r)
#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_SHIM_CMP(t, true, l, ==, r)
#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_SHIM_CMP(t, false, !!(c), ==, 1)
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_SHIM_CMP(t, false, !!(c), ==, 0)
#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_SHIM_CMP(t, true, !!(c), ==, 1)

#define KUNIT_EXPECT_NULL_MSG(t, p, fmt, ...) do {			\
	if ((p) != NULL)						\
		kunit_shim_fail(t, false, __FILE__, __LINE__,		\
				"%s is not NULL: " fmt, #p, ##__VA_ARGS__); \
} while (0)
#define KUNIT_EXPECT_NULL(t, p)		KUNIT_EXPECT_NULL_MSG(t, p, "%s", "")

#endif

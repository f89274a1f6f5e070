// SPDX-License-Identifier: GPL-2.0
/*
 * cp-test: run the vfio_ccw translator's KUnit suite in user space, under
 * ASan and UBSan, plus checks only possible here: a leak count after every
 * case and a walk that fails each kernel allocation in turn.
 *
 * Prints one line per case and "N passed, N failed"; exits 1 on failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../../drivers/s390/cio/vfio_ccw/tests/cp_kunit.c"

static struct kunit_suite *suites[4];
static unsigned int nr_suites;
static unsigned int passed, failed;
static bool verbose;

void kunit_shim_register(struct kunit_suite *suite)
{
	if (nr_suites < ARRAY_SIZE(suites))
		suites[nr_suites++] = suite;
}

void kunit_shim_fail(struct kunit *test, bool assert, const char *file,
		     int line, const char *fmt, ...)
{
	va_list ap;

	test->failed = true;
	fprintf(stderr, "    %s:%d: %s failed: ", file, line,
		assert ? "assertion" : "expectation");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (assert)
		longjmp(test->abort, 1);
}

void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p;

	if (test->nr_allocs == KUNIT_MAX_ALLOCS)
		return NULL;
	p = kzalloc(size, gfp);
	if (p)
		test->allocs[test->nr_allocs++] = p;
	return p;
}

static void report(bool ok, const char *name, const char *desc)
{
	if (ok)
		passed++;
	else
		failed++;
	if (!ok || verbose)
		printf("%s %s%s%s\n", ok ? "ok" : "not ok", name,
		       desc ? " # " : "", desc ? desc : "");
}

static void run_case(struct kunit_suite *s, struct kunit_case *c,
		     const void *param, const char *desc)
{
	struct kunit test = { .param_value = param };
	long live = shim_kmalloc_live, warnings = shim_warnings;
	unsigned int i;

	if (s->init && s->init(&test)) {
		test.failed = true;
	} else {
		if (!setjmp(test.abort))
			c->run_case(&test);
		if (s->exit)
			s->exit(&test);
	}
	for (i = 0; i < test.nr_allocs; i++)
		kfree(test.allocs[i]);
	if (shim_kmalloc_live != live) {
		fprintf(stderr, "    %ld allocation(s) leaked\n",
			shim_kmalloc_live - live);
		test.failed = true;
	}
	if (shim_warnings != warnings)
		test.failed = true;
	report(!test.failed, c->name, desc);
}

static void run_suite(struct kunit_suite *s)
{
	struct kunit_case *c;

	for (c = s->test_cases; c->run_case; c++) {
		char desc[KUNIT_PARAM_DESC_SIZE];
		const void *param = NULL;

		if (!c->generate_params) {
			run_case(s, c, NULL, NULL);
			continue;
		}
		for (;;) {
			desc[0] = '\0';
			param = c->generate_params(param, desc);
			if (!param)
				break;
			run_case(s, c, param, desc);
		}
	}
}

/*
 * Fail the 1st, 2nd, ... kernel allocation while translating each program
 * of the KUnit table (KUnit itself cannot do this portably).
 * Covers: CCW-IO-05 CCW-CP-08 CCW-CP-21 bug-C6 bug-C10
 */
static void kmalloc_walk(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpt_progs); i++) {
		const struct cpt_prog *p = &cpt_progs[i];
		bool ok = true;
		struct ccwcp cp;
		struct cpf f;
		long n;

		if (cpf_init(&f))
			abort();
		for (n = 1; ok; n++) {
			u8 orb[CSS_ORB_BASIC_SIZE];
			long live = shim_kmalloc_live;
			int ret;

			p->build(&f, orb);
			ccwcp_setup(&cp, &cpf_ops, &f);
			shim_kmalloc_calls = 0;
			shim_kmalloc_fail_at = n;
			shim_kmalloc_injected = false;
			ret = ccwcp_init(&cp, orb);
			if (!ret)
				ret = ccwcp_prefetch(&cp);
			ccwcp_free(&cp);
			shim_kmalloc_fail_at = 0;
			if (f.pinned || f.allocs || f.errors ||
			    shim_kmalloc_live != live) {
				fprintf(stderr, "    allocation %ld: left state behind\n", n);
				ok = false;
			}
			if (!shim_kmalloc_injected)
				break;
			if (ret != -ENOMEM) {
				fprintf(stderr, "    allocation %ld: got %d\n", n, ret);
				ok = false;
			}
		}
		cpf_exit(&f);
		report(ok, "kmalloc_walk", p->desc);
	}
}

int main(int argc, char **argv)
{
	unsigned int i;

	verbose = argc > 1 && !strcmp(argv[1], "-v");
	shim_quiet = !verbose;
	for (i = 0; i < nr_suites; i++)
		run_suite(suites[i]);
	kmalloc_walk();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

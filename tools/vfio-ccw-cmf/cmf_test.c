// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of vfio-ccw-cmf's printing, on canned region contents (rule
 * CCW-CMF-04 for the layout, CCW-CMF-01 for names and formats). TAP
 * output, then "N passed, N failed".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zmdev_vfio_ccw.h>

#include "cmf_print.h"

static unsigned int passed, failed;

static void put_be32(unsigned char *p, unsigned int v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static struct zmdev_ccw_cmf_region region(unsigned int flags)
{
	struct zmdev_ccw_cmf_region r = {
		.version = ZMDEV_CCW_CMF_VERSION,
		.format = ZMDEV_CCW_CMF_FORMAT_1,
		.flags = flags,
		.elapsed_ns = 1000000,
	};

	return r;
}

/* Print @len bytes of @buf; the text in *@text (to be freed). */
static int print(const void *buf, size_t len, char **text)
{
	size_t size;
	FILE *f = open_memstream(text, &size);
	int ret;

	if (!f)
		return -ENOMEM;
	ret = cmf_print_region(f, buf, len);
	fclose(f);
	return ret;
}

/* Does the output of @r have every line of @want (in any order)? */
static void check(const char *name, const void *buf, size_t len, int ret,
		  const char *const *want)
{
	char *text = NULL;
	int got = print(buf, len, &text);
	const char *bad = NULL;

	if (got != ret)
		bad = "return value";
	for (; !bad && want && *want; want++)
		if (!strstr(text, *want))
			bad = *want;
	if (!bad && ret && text && *text)
		bad = "output on error";
	if (bad) {
		failed++;
		printf("not ok %u - %s\n# wanted: %s\n# got (%d):\n%s", passed +
		       failed, name, bad, got, text ? text : "");
	} else {
		passed++;
		printf("ok %u - %s\n", passed + failed, name);
	}
	free(text);
}

int main(void)
{
	struct zmdev_ccw_cmf_region r;

	printf("TAP version 13\n1..8\n");

	r = region(ZMDEV_CCW_CMF_MEASURING);
	put_be32(r.block, 5);
	check("counts, names and flags", &r, sizeof(r), 0,
	      (const char *const[]){ "measuring: yes\n", "pending: no\n",
		      "format: 1\n", "ssch_rsch_count: 5\n", "sample_count: 0\n",
		      "avg_device_busy_time: 0\n", NULL });

	r = region(ZMDEV_CCW_CMF_MEASURING);
	put_be32(r.block + 4, 4);		/* samples */
	put_be32(r.block + 8, 8);		/* connect: 8 x 128 us */
	put_be32(r.block + 12, 4);		/* pending */
	put_be32(r.block + 32, 12);		/* initial command response */
	check("averages in nanoseconds per sample", &r, sizeof(r), 0,
	      (const char *const[]){ "avg_device_connect_time: 256000\n",
		      "avg_function_pending_time: 128000\n",
		      "avg_initial_command_response_time: 384000\n",
		      "avg_sample_interval: 250000\n", NULL });
	/* 12 units (1.536 ms) busy in 1 ms: the ccw bus prints it as is */
	check("utilization as a percentage", &r, sizeof(r), 0,
	      (const char *const[]){ "avg_utilization: 153.6%\n", NULL });

	r = region(ZMDEV_CCW_CMF_PENDING);
	check("off with a change pending", &r, sizeof(r), 0,
	      (const char *const[]){ "measuring: no\n", "pending: yes\n",
		      "avg_sample_interval: -1\n", "avg_utilization: 00.0%\n",
		      NULL });

	r = region(0);
	check("short read", &r, sizeof(r) - 1, -EINVAL, NULL);
	r.version = 2;
	check("unknown version", &r, sizeof(r), -EINVAL, NULL);
	r = region(0);
	r.format = 2;
	check("unknown block format", &r, sizeof(r), -EINVAL, NULL);

	r = region(ZMDEV_CCW_CMF_MEASURING);
	r.format = 0;
	put_be32(r.block, 0x12340000 | 2);	/* 16-bit counts in format 0 */
	check("format-0 block", &r, sizeof(r), 0,
	      (const char *const[]){ "format: 0\n", "ssch_rsch_count: 4660\n",
		      "sample_count: 2\n", NULL });

	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

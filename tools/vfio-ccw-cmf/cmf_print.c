// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw-cmf: print a channel-measurement region as "name: value" lines,
 * one per file of a ccw device's cmf/ directory, with the same values and
 * formats. The block is decoded by vfio_ccw's own portable code
 * (vfio_ccw_cmf.c), so the layout is written down in one place only.
 */
#include <errno.h>
#include <string.h>

#include <linux/zmdev_vfio_ccw.h>

#include "vfio_ccw_cmf.h"
#include "cmf_print.h"

/**
 * cmf_print_region() - print the contents of the region
 * @out: where the text goes
 * @buf: what a read of the whole region returned
 * @len: its length
 *
 * Return: 0, or -EINVAL for a buffer that is not a version-1 region
 * (too short, another version, an unknown block format); nothing is
 * printed then.
 */
int cmf_print_region(FILE *out, const void *buf, size_t len)
{
	struct zmdev_ccw_cmf_region r;
	struct vccw_cmf_data data;
	char line[32];
	unsigned int i;

	if (len < sizeof(r))
		return -EINVAL;
	memcpy(&r, buf, sizeof(r));
	if (r.version != ZMDEV_CCW_CMF_VERSION ||
	    vccw_cmf_decode(r.format, r.block, sizeof(r.block), &data))
		return -EINVAL;

	fprintf(out, "measuring: %s\n",
		r.flags & ZMDEV_CCW_CMF_MEASURING ? "yes" : "no");
	fprintf(out, "pending: %s\n",
		r.flags & ZMDEV_CCW_CMF_PENDING ? "yes" : "no");
	fprintf(out, "format: %u\n", (unsigned int)r.format);
	fprintf(out, "elapsed_ns: %llu\n", (unsigned long long)r.elapsed_ns);
	for (i = 0; i < VCCW_CMF_NR_ATTRS; i++) {
		vccw_cmf_print(line, sizeof(line), i,
			       vccw_cmf_value(&data, r.elapsed_ns, i));
		fprintf(out, "%s: %s\n", vccw_cmf_attr_names[i], line);
	}
	return 0;
}

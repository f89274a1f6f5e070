// SPDX-License-Identifier: GPL-2.0
/*
 * Helper of the vfio_ccw shell tests: what busybox sh cannot say.
 *
 *   vfio_ccw_helper wr FILE VALUE
 *	write VALUE (no newline added) with one write(); print "OK" or the
 *	errno name (EUSERS, EINVAL, ...); exit 0, or 1 when the write failed
 */
#include <stdio.h>
#include <string.h>

#include "vfio_util.h"

int main(int argc, char **argv)
{
	int ret;

	if (argc == 4 && !strcmp(argv[1], "wr")) {
		ret = zv_write_file(argv[2], argv[3]);
		printf("%s\n", zv_errname(ret));
		return ret != 0;
	}
	fprintf(stderr, "usage: %s wr FILE VALUE\n", argv[0]);
	return 2;
}

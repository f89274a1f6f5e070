/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ccw-cmf: turning the contents of vfio_ccw's channel-measurement
 * region into the text of a cmf/ directory.
 */
#ifndef CMF_PRINT_H
#define CMF_PRINT_H

#include <stddef.h>
#include <stdio.h>

int cmf_print_region(FILE *out, const void *buf, size_t len);

#endif

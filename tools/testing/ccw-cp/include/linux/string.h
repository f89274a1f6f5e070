/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/string.h>. */
#ifndef _CCW_CP_SHIM_STRING_H
#define _CCW_CP_SHIM_STRING_H

#include <string.h>
#include <sys/types.h>

static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -7;	/* -E2BIG */
	if (len == size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return len;
}

#endif

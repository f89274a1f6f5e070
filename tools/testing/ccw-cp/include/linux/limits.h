/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/limits.h>. */
#ifndef _CCW_CP_SHIM_LIMITS_H
#define _CCW_CP_SHIM_LIMITS_H

#include_next <linux/limits.h>

#define U32_MAX	((u32)~0U)
#define U64_MAX	((u64)~0ULL)

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/types.h>: the uAPI types plus kernel names. */
#ifndef _CCW_CP_SHIM_TYPES_H
#define _CCW_CP_SHIM_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;	/* unsigned long long, as in the kernel */
typedef __s32 s32;
typedef __s64 s64;
typedef unsigned int gfp_t;

#endif

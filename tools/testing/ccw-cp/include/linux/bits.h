/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bits.h>. */
#ifndef _CCW_CP_SHIM_BITS_H
#define _CCW_CP_SHIM_BITS_H

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/slab.h>. Every allocation is counted so
 * the harness can check for leaks, and shim_kmalloc_fail_at makes the n-th
 * allocation (counted from the last reset) return NULL.
 */
#ifndef _CCW_CP_SHIM_SLAB_H
#define _CCW_CP_SHIM_SLAB_H

#include <linux/types.h>
#include <linux/cleanup.h>

#define GFP_KERNEL	0u

extern long shim_kmalloc_live;		/* allocations not yet freed */
extern long shim_kmalloc_calls;		/* allocation attempts */
extern long shim_kmalloc_fail_at;	/* 0: never fail */
extern bool shim_kmalloc_injected;

void *shim_alloc(size_t n, size_t size, bool zero);
void kfree(const void *p);

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	return shim_alloc(1, size, false);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return shim_alloc(1, size, true);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return shim_alloc(n, size, false);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return shim_alloc(n, size, true);
}

#define kvzalloc(size, gfp)	kzalloc(size, gfp)
#define kvcalloc(n, size, gfp)	kcalloc(n, size, gfp)
#define kvfree(p)		kfree(p)

DEFINE_FREE(kfree, void *, if (_T) kfree(_T))

#endif

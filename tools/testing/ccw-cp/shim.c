// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time part of the kernel API stand-ins: counted allocations with
 * failure injection, and counted warnings.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/slab.h>

long shim_kmalloc_live;
long shim_kmalloc_calls;
long shim_kmalloc_fail_at;
bool shim_kmalloc_injected;
long shim_warnings;
bool shim_quiet;

void *shim_alloc(size_t n, size_t size, bool zero)
{
	void *p;

	if (size && n > (size_t)-1 / size)
		return NULL;
	if (++shim_kmalloc_calls == shim_kmalloc_fail_at) {
		shim_kmalloc_injected = true;
		return NULL;
	}
	if (!n || !size) {
		n = 1;
		size = 1;
	}
	p = zero ? calloc(n, size) : malloc(n * size);
	if (p)
		shim_kmalloc_live++;
	return p;
}

void kfree(const void *p)
{
	if (!p)
		return;
	shim_kmalloc_live--;
	free((void *)p);
}

void shim_warn(const char *file, int line, const char *cond)
{
	shim_warnings++;
	fprintf(stderr, "WARNING at %s:%d: %s\n", file, line, cond);
}

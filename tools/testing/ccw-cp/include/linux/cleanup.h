/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/cleanup.h>: only __free() is needed. */
#ifndef _CCW_CP_SHIM_CLEANUP_H
#define _CCW_CP_SHIM_CLEANUP_H

#define DEFINE_FREE(_name, _type, _free)				\
	static inline void __free_##_name(void *p)			\
	{								\
		_type _T = *(_type *)p;					\
		_free;							\
	}
#define __free(_name)	__attribute__((__cleanup__(__free_##_name)))

#endif

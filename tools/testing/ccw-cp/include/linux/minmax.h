/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/minmax.h>. */
#ifndef _CCW_CP_SHIM_MINMAX_H
#define _CCW_CP_SHIM_MINMAX_H

#define min(a, b) ({							\
	__typeof__(a) __a = (a);					\
	__typeof__(b) __b = (b);					\
	(void)(&__a == &__b);						\
	__a < __b ? __a : __b;						\
})
#define max(a, b) ({							\
	__typeof__(a) __a = (a);					\
	__typeof__(b) __b = (b);					\
	(void)(&__a == &__b);						\
	__a > __b ? __a : __b;						\
})
#define min_t(type, a, b) ({					\
	type __ta = (a);						\
	type __tb = (b);						\
	__ta < __tb ? __ta : __tb;					\
})

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bug.h>: warnings are counted. */
#ifndef _CCW_CP_SHIM_BUG_H
#define _CCW_CP_SHIM_BUG_H

#include <stdbool.h>

extern long shim_warnings;
void shim_warn(const char *file, int line, const char *cond);

#define WARN_ON(cond) ({						\
	bool __c = !!(cond);						\
	if (__c)							\
		shim_warn(__FILE__, __LINE__, #cond);			\
	__c;								\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#endif

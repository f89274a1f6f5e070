/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/printk.h>: messages go to stderr. */
#ifndef _CCW_CP_SHIM_PRINTK_H
#define _CCW_CP_SHIM_PRINTK_H

#include <stdbool.h>
#include <stdio.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

extern bool shim_quiet;

#define pr_notice(fmt, ...) do {					\
	if (!shim_quiet)						\
		fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__);		\
} while (0)
#define pr_warn(fmt, ...)	pr_notice(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	pr_notice(fmt, ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) do {					\
	static bool __done;						\
	if (!__done) {							\
		__done = true;						\
		pr_notice(fmt, ##__VA_ARGS__);				\
	}								\
} while (0)

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/errno.h>: the uAPI values are the same. */
#ifndef _CCW_CP_SHIM_ERRNO_H
#define _CCW_CP_SHIM_ERRNO_H

#include_next <linux/errno.h>

#endif

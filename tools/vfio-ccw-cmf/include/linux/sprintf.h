/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/sprintf.h>. */
#ifndef _VFIO_CCW_CMF_SHIM_SPRINTF_H
#define _VFIO_CCW_CMF_SHIM_SPRINTF_H

#include <stdio.h>

#endif

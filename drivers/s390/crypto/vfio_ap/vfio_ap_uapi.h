/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The part of vfio_ap's VFIO interface that the uAPI headers of the kernel
 * we build against may lack. The driver and its selftests both take the
 * IRQ numbering from here, so they cannot disagree.
 *
 * Linux 6.15 appended VFIO_AP_CFG_CHG_IRQ_INDEX to the vfio-ap IRQ enum
 * of <linux/vfio.h>, right after VFIO_AP_REQ_IRQ_INDEX. Being an
 * enumerator, it cannot be tested with #ifdef; the header version says
 * whether the enum has it. Older headers get a macro with the same value.
 * <linux/vfio.h> is included first so that its enum is always parsed
 * before the macro could exist, even if a patched older header already
 * carries the enumerator (the macro then merely repeats its value).
 *
 * The version is read from LINUX_VERSION_MAJOR/PATCHLEVEL (provided by
 * <linux/version.h> in the kernel and in the installed uAPI headers alike)
 * rather than by comparing LINUX_VERSION_CODE: the test is the same, and
 * this file is the only place in the project that looks at a version.
 */
#ifndef _VFIO_AP_UAPI_H_
#define _VFIO_AP_UAPI_H_

#include <linux/version.h>
#include <linux/vfio.h>

#if LINUX_VERSION_MAJOR < 6 || \
	(LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL < 15)
/* IRQ index of the guest AP configuration change notification. */
#define VFIO_AP_CFG_CHG_IRQ_INDEX	(VFIO_AP_REQ_IRQ_INDEX + 1)
#endif

/* IRQ indexes vfio_ap offers: the request and the configuration change. */
#define VFIO_AP_ZMDEV_NUM_IRQS		(VFIO_AP_CFG_CHG_IRQ_INDEX + 1)

#endif /* _VFIO_AP_UAPI_H_ */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zmdev's additions to the vfio_ccw uAPI (linux/vfio_ccw.h stays as in
 * Linux 6.12).
 *
 * DOC: channel-measurement region
 *
 * While the vfio_ccw device is open it has a region that shows the
 * subchannel's extended (format-1) channel-measurement block, the one
 * whose counts the host shows under /sys/bus/css/devices/<sch>/cmf/ once
 * measurement is switched on with the subchannel's cmb_enable attribute.
 * User space such as QEMU can relay it into the guest's own measurement
 * block; tools/vfio-ccw-cmf prints it in the format of those attributes.
 *
 * The region is found by its type capability (VFIO_REGION_INFO_CAP_TYPE):
 * type %ZMDEV_VFIO_REGION_TYPE, subtype %ZMDEV_VFIO_REGION_SUBTYPE_CCW_CMF.
 * The type lies in VFIO's vendor range (bit 31 set, VFIO_REGION_TYPE_PCI_VENDOR_TYPE)
 * with the vendor id 0xffff, which the PCI SIG never assigns: no PCI
 * vendor's region can carry it, and upstream's vfio-ccw subtypes
 * (VFIO_REGION_SUBTYPE_CCW_*) all live under VFIO_REGION_TYPE_CCW (2), so
 * neither present nor future upstream subtypes can be mistaken for it.
 *
 * The region is read-only; a read takes a consistent snapshot of
 * &struct zmdev_ccw_cmf_region. Reads beyond its size fail with EINVAL,
 * writes always do. While measurement is off the read succeeds: @flags
 * says so and @block holds the counts as they were when it stopped (zero
 * if it never ran).
 */
#ifndef _UAPI_LINUX_ZMDEV_VFIO_CCW_H
#define _UAPI_LINUX_ZMDEV_VFIO_CCW_H

#include <linux/types.h>

#define ZMDEV_VFIO_REGION_TYPE			0x8000ffff
#define ZMDEV_VFIO_REGION_SUBTYPE_CCW_CMF	1

#define ZMDEV_CCW_CMF_VERSION		1
#define ZMDEV_CCW_CMF_FORMAT_1		1	/* extended measurement block */

#define ZMDEV_CCW_CMF_MEASURING		(1U << 0)
#define ZMDEV_CCW_CMF_PENDING		(1U << 1)

/**
 * struct zmdev_ccw_cmf_region - the channel-measurement region
 * @version: layout of this structure, %ZMDEV_CCW_CMF_VERSION
 * @format: format of @block, %ZMDEV_CCW_CMF_FORMAT_1
 * @flags: %ZMDEV_CCW_CMF_MEASURING when the channel updates @block;
 *	%ZMDEV_CCW_CMF_PENDING when cmb_enable was written and the change
 *	waits for the subchannel's next idle point
 * @reserved: zero
 * @elapsed_ns: nanoseconds the measurement has been running (up to when
 *	it stopped, if it is off); the averages of the cmf attributes divide
 *	by it
 * @block: the measurement block as the channel stores it (big-endian, as
 *	the architecture defines it)
 *
 * The fields other than @block are in the host's byte order, as in the
 * other vfio_ccw regions.
 */
struct zmdev_ccw_cmf_region {
	__u32 version;
	__u32 format;
	__u32 flags;
	__u32 reserved;
	__u64 elapsed_ns;
	__u8 block[64];
};

#endif /* _UAPI_LINUX_ZMDEV_VFIO_CCW_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevsim device model: PCI identity, BAR0 register map and the migration
 * stream layout. Plain constants only, so that the driver, its KUnit tests
 * and user-space test programs can all include this file. It is a test
 * interface, not stable ABI, and is never installed.
 *
 * The contract is Documentation/driver-api/zmdev/mdevsim-interface.rst.
 */
#ifndef MDEVSIM_HW_H
#define MDEVSIM_HW_H

#include <linux/types.h>

/* PCI identity (config space is little endian) */
#define MDEVSIM_PCI_VENDOR		0x1b36
#define MDEVSIM_PCI_DEVICE		0x10f0
#define MDEVSIM_PCI_REVISION		0x01
#define MDEVSIM_PCI_CLASS		0x088000
#define MDEVSIM_PCI_SUBVENDOR		0x1af4
#define MDEVSIM_PCI_SUBDEVICE		0x1100

#define MDEVSIM_CFG_SIZE		256
#define MDEVSIM_CFG_CMD_WRITABLE	0x0406	/* memory, master, INTx off */
#define MDEVSIM_CFG_CMD_INTX_DISABLE	0x0400
#define MDEVSIM_CFG_STATUS_INTX		0x0008
#define MDEVSIM_CFG_STATUS_CAPLIST	0x0010
#define MDEVSIM_CFG_MSI_CAP		0x40
#define MDEVSIM_CFG_MSI_LEN		14

/* BAR0: 32-bit non-prefetchable memory BAR */
#define MDEVSIM_BAR0_SIZE		4096

#define MDEVSIM_REG_ID			0x00
#define MDEVSIM_REG_VERSION		0x04
#define MDEVSIM_REG_CTRL		0x08
#define MDEVSIM_REG_STATUS		0x0c
#define MDEVSIM_REG_SRC			0x10	/* 64-bit */
#define MDEVSIM_REG_DST			0x18	/* 64-bit */
#define MDEVSIM_REG_LEN			0x20
#define MDEVSIM_REG_DOORBELL		0x24
#define MDEVSIM_REG_IRQ_STATUS		0x28
#define MDEVSIM_REG_ERROR		0x2c
#define MDEVSIM_REG_COPIES		0x30
#define MDEVSIM_REG_BYTES		0x34
#define MDEVSIM_REG_CAPACITY		0x38
#define MDEVSIM_REG_END			0x3c	/* first reserved offset */

#define MDEVSIM_ID_VALUE		0x4d534d31	/* "MSM1" */
#define MDEVSIM_VERSION_VALUE		0x00010000	/* 1.0 */

#define MDEVSIM_CTRL_PIN		0x1
#define MDEVSIM_CTRL_IRQ_EN		0x2
#define MDEVSIM_CTRL_MASK		0x3

#define MDEVSIM_STATUS_BUSY		0x1
#define MDEVSIM_STATUS_DONE		0x2
#define MDEVSIM_STATUS_ERROR		0x4

#define MDEVSIM_IRQ_DONE		0x1
#define MDEVSIM_IRQ_ERROR		0x2
#define MDEVSIM_IRQ_MASK		0x3

#define MDEVSIM_ERR_NONE		0
#define MDEVSIM_ERR_LEN			1
#define MDEVSIM_ERR_DMA			2
#define MDEVSIM_ERR_OVERLAP		3
#define MDEVSIM_ERR_BUSY		4

/* Types */
#define MDEVSIM_SMALL_COST		1
#define MDEVSIM_SMALL_LIMIT		(64 * 1024)
#define MDEVSIM_LARGE_COST		4
#define MDEVSIM_LARGE_LIMIT		(1024 * 1024)
#define MDEVSIM_MIN_COPY_LIMIT		512
#define MDEVSIM_DEFAULT_CAPACITY	16
#define MDEVSIM_MAX_CAPACITY		1024
#define MDEVSIM_MAX_ID			1023
#define MDEVSIM_LABEL_MAX		32

/* irq_mode values as carried in the migration stream */
#define MDEVSIM_IRQ_MODE_AUTO		0
#define MDEVSIM_IRQ_MODE_INTX		1
#define MDEVSIM_IRQ_MODE_MSI		2
#define MDEVSIM_IRQ_MODE_NONE		3

/*
 * Migration stream, all fields little endian:
 *
 *   header (16 bytes) | payload (MDEVSIM_MIG_PAYLOAD_SIZE) | CRC32 (4 bytes)
 *
 * The CRC (crc32_le seeded with ~0, final xor ~0, i.e. the zlib CRC-32)
 * covers the payload and trails it, so that the header and the fixed type
 * fields can be streamed in PRE_COPY before the rest of the state is known.
 */
#define MDEVSIM_MIG_MAGIC		0x4d53494d	/* "MSIM" */
#define MDEVSIM_MIG_MAJOR		1
#define MDEVSIM_MIG_MINOR		0

#define MDEVSIM_MIG_HDR_MAGIC		0	/* u32 */
#define MDEVSIM_MIG_HDR_MAJOR		4	/* u16 */
#define MDEVSIM_MIG_HDR_MINOR		6	/* u16 */
#define MDEVSIM_MIG_HDR_LENGTH		8	/* u32: payload bytes */
#define MDEVSIM_MIG_HDR_RSVD		12	/* u32: 0 */
#define MDEVSIM_MIG_HDR_SIZE		16

/* Payload offsets, relative to the start of the payload */
#define MDEVSIM_MIG_P_COST		0	/* u32 */
#define MDEVSIM_MIG_P_COPY_LIMIT	4	/* u32 */
#define MDEVSIM_MIG_P_IRQ_MODE		8	/* u32 */
#define MDEVSIM_MIG_P_RSVD		12	/* u32: 0 */
#define MDEVSIM_MIG_P_CONFIG		16	/* 256 bytes of config space */
#define MDEVSIM_MIG_P_BAR0		272	/* BAR0 0x00..0x3f, 16 x u32 */
#define MDEVSIM_MIG_P_BAR0_LEN		64
#define MDEVSIM_MIG_P_COPIES		336	/* u32 */
#define MDEVSIM_MIG_P_RSVD2		340	/* u32: 0 */
#define MDEVSIM_MIG_P_BYTES		344	/* u64 */
#define MDEVSIM_MIG_PAYLOAD_SIZE	352

#define MDEVSIM_MIG_CRC_SIZE		4
#define MDEVSIM_MIG_STREAM_SIZE		(MDEVSIM_MIG_HDR_SIZE + \
					 MDEVSIM_MIG_PAYLOAD_SIZE + \
					 MDEVSIM_MIG_CRC_SIZE)
/* Bytes offered in PRE_COPY: header plus the fixed type fields */
#define MDEVSIM_MIG_PRECOPY_SIZE	(MDEVSIM_MIG_HDR_SIZE + \
					 MDEVSIM_MIG_P_CONFIG)
/* Largest amount of data the resume fd accepts */
#define MDEVSIM_MIG_RESUME_MAX		(64 * 1024)

#endif /* MDEVSIM_HW_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channel-subsystem formats as vfio_ccw handles them.
 *
 * DOC: architected formats
 *
 * This header is the one place in vfio_ccw where the layouts of the
 * operation request block (ORB), the channel command word (CCW), indirect
 * data address words (IDAW), the subchannel status word (SCSW) and the
 * parts of the interruption-response block (IRB) we look at are written
 * down. The state machine and the channel-program translator are portable
 * (they run in KUnit on any architecture and, for the translator, in user
 * space under tools/testing/ccw-cp), so they do not use the s390 bit-field
 * structures: they see every area as big-endian bytes, and this header
 * gives each field as a byte offset plus a mask within that byte. Nothing
 * here depends on the host's byte or bit-field order, and the header
 * includes only what the user-space harness provides as well.
 *
 * The s390-only glue keeps using the kernel's own structures (struct irb,
 * union orb, struct schib); vfio_ccw_sch.c checks at build time that the
 * offsets below agree with them.
 *
 * Bit numbers in comments follow the architecture: bit 0 is the most
 * significant bit of a word.
 */
#ifndef _VFIO_CCW_HW_H_
#define _VFIO_CCW_HW_H_

#include <linux/bits.h>
#include <linux/types.h>

/* Sizes of the areas, in bytes. */
#define CSS_CCW_SIZE		8
#define CSS_ORB_BASIC_SIZE	12	/* words 0-2: what the I/O region holds */
#define CSS_ORB_SIZE		32	/* a full command-mode ORB, words 0-7 */
#define CSS_SCSW_SIZE		12
#define CSS_IRB_SIZE		96

/* Operation request block, command mode. */
#define CSS_ORB_INTPARM		0	/* be32 interruption parameter */
#define CSS_ORB_B4		4	/* word 1 bits 0-7 */
#define   CSS_ORB_KEY		0xf0	/* storage key */
#define   CSS_ORB_SPND		0x08	/* S: suspend control */
#define CSS_ORB_B5		5	/* word 1 bits 8-15 */
#define   CSS_ORB_FMT		0x80	/* F: format-1 CCWs */
#define   CSS_ORB_PFCH		0x40	/* P: prefetch allowed */
#define   CSS_ORB_TM		0x04	/* B: transport mode */
#define   CSS_ORB_C64		0x02	/* H: format-2 (64-bit) IDAWs */
#define   CSS_ORB_I2K		0x01	/* T: 2K IDAW blocks with format-2 */
#define CSS_ORB_LPM		6	/* word 1 bits 16-23 */
#define CSS_ORB_B7		7	/* word 1 bits 24-31 */
#define   CSS_ORB_MIDAW		0x40	/* D: modified IDAWs */
#define   CSS_ORB_B7_ZERO	0x3e	/* bits 26-30 must be zero */
#define   CSS_ORB_ORBX		0x01	/* X: ORB extension (words 3-7) */
#define CSS_ORB_CPA		8	/* be32 channel program address */

/* Channel command word, format 1: 31-bit data address in the second word. */
#define CSS_CCW1_CMD		0
#define CSS_CCW1_FLAGS		1
#define CSS_CCW1_COUNT		2	/* be16 */
#define CSS_CCW1_CDA		4	/* be32 */

/* Format 0: 24-bit data address, flags and count in the second word. */
#define CSS_CCW0_CMD		0
#define CSS_CCW0_CDA		1	/* be24 */
#define CSS_CCW0_FLAGS		4
#define CSS_CCW0_COUNT		6	/* be16 */

/* CCW flags (the same byte in both formats). */
#define CSS_CCW_CD		0x80	/* chain data */
#define CSS_CCW_CC		0x40	/* chain command */
#define CSS_CCW_SLI		0x20	/* suppress length indication */
#define CSS_CCW_SKIP		0x10	/* skip data transfer */
#define CSS_CCW_PCI		0x08	/* program-controlled interruption */
#define CSS_CCW_IDA		0x04	/* indirect data addressing */
#define CSS_CCW_SUSPEND		0x02	/* suspend */
#define CSS_CCW_MIDA		0x01	/* modified indirect data addressing */

/* Command codes vfio_ccw has to recognise. */
#define CSS_CMD_TIC		0x08	/* transfer in channel */
#define CSS_CMD_NOP		0x03	/* no operation */

/* IDAWs: format 1 is a 31-bit address in 4 bytes, format 2 is 8 bytes. */
#define CSS_IDAW1_SIZE		4
#define CSS_IDAW2_SIZE		8
#define CSS_BLOCK_2K		2048u
#define CSS_BLOCK_4K		4096u

/* Addresses the channel accepts in a format-1 CCW, ORB or IDAW: 31 bits. */
#define CSS_ADDR31_LIMIT	BIT_ULL(31)

/* Subchannel status word, command mode: word 0 as bytes, then the CPA. */
#define CSS_SCSW_B0		0
#define   CSS_SCSW_KEY		0xf0	/* storage key, as in the ORB */
#define   CSS_SCSW_ESWF		0x04	/* L: the ESW is format 0 */
#define   CSS_SCSW_CC		0x03	/* deferred condition code */
#define CSS_SCSW_B1		1
#define   CSS_SCSW_FMT		0x80	/* F, as in ORB byte 5 */
#define   CSS_SCSW_PFCH		0x40	/* P, as in ORB byte 5 */
#define CSS_SCSW_B2		2
#define   CSS_SCSW_FCTL_SHIFT	4	/* bits 17-19: function control */
#define   CSS_SCSW_FCTL_MASK	0x7	/* of the field once shifted down */
#define CSS_SCSW_B3		3
#define   CSS_SCSW_SCH_ACTIVE	0x80	/* activity control: subchannel */
#define   CSS_SCSW_DEV_ACTIVE	0x40	/* activity control: device */
#define   CSS_SCSW_SUSPENDED	0x20	/* activity control: suspended */
#define   CSS_SCSW_STCTL	0x1f	/* status control, bits 27-31 */
#define CSS_SCSW_CPA		4	/* be32 CCW address */

/* Function-control values, once shifted down (css_scsw_fctl()). */
#define CSS_SCSW_FCTL_START	0x4
#define CSS_SCSW_FCTL_HALT	0x2
#define CSS_SCSW_FCTL_CLEAR	0x1

/* Status-control bits, within CSS_SCSW_STCTL. */
#define CSS_SCSW_STCTL_ALERT	0x10
#define CSS_SCSW_STCTL_PENDING	0x01

/*
 * Interruption-response block: the SCSW, then the extended status word.
 * Format 0 of the ESW holds the subchannel logout, the extended report
 * word, the failing-storage address (8 bytes) and the secondary CCW
 * address.
 */
#define CSS_IRB_ERW0		16
#define   CSS_ERW0_FSAVF	0x02	/* F: failing-storage address valid */
#define CSS_IRB_ERW1		17
#define   CSS_ERW1_SCAVF	0x80	/* S: secondary CCW address valid */
#define   CSS_ERW1_FSAF		0x40	/* failing-storage address format */
#define CSS_IRB_FADDR		20
#define CSS_IRB_FADDR_SIZE	8
#define CSS_IRB_SADDR		28	/* be32 */

/*
 * Channel-measurement blocks (the channel writes them while measurement is
 * on for a subchannel). Format 0 is one 32-byte entry in a global area,
 * with 16-bit counts; format 1 (the extended measurement block) is a
 * 64-byte block of its own per subchannel, 64-byte aligned, with 32-bit
 * counts. Both hold the same seven accumulated times, in units of 128
 * microseconds; format 0 leaves out the last two.
 */
#define CSS_CMB0_SIZE		32
#define CSS_CMB1_SIZE		64
#define CSS_CMB1_ALIGN		64
#define CSS_CMB0_SSCH_RSCH	0	/* be16 */
#define CSS_CMB0_SAMPLES	2	/* be16 */
#define CSS_CMB0_TIMES		4	/* be32 each, CSS_CMB0_NR_TIMES of them */
#define CSS_CMB0_NR_TIMES	5
#define CSS_CMB1_SSCH_RSCH	0	/* be32 */
#define CSS_CMB1_SAMPLES	4	/* be32 */
#define CSS_CMB1_TIMES		8	/* be32 each, CSS_CMB1_NR_TIMES of them */
#define CSS_CMB1_NR_TIMES	7
/* The times, in the order both formats store them. */
#define CSS_CMB_CONNECT		0	/* device connect */
#define CSS_CMB_PENDING		1	/* function pending */
#define CSS_CMB_DISCONNECT	2	/* device disconnect */
#define CSS_CMB_CUQ		3	/* control-unit queuing */
#define CSS_CMB_ACTIVE_ONLY	4	/* device active only */
#define CSS_CMB_BUSY		5	/* device busy (format 1) */
#define CSS_CMB_ICR		6	/* initial command response (format 1) */
/* One unit of a measured time, in nanoseconds. */
#define CSS_CMB_TIME_UNIT_NS	128000u

/**
 * css_scsw_fctl() - the function-control field of an SCSW
 * @scsw: a command-mode SCSW, big-endian
 *
 * Return: the three function-control bits, shifted down: a combination of
 * %CSS_SCSW_FCTL_START, %CSS_SCSW_FCTL_HALT and %CSS_SCSW_FCTL_CLEAR.
 */
static inline u8 css_scsw_fctl(const u8 *scsw)
{
	return (scsw[CSS_SCSW_B2] >> CSS_SCSW_FCTL_SHIFT) & CSS_SCSW_FCTL_MASK;
}

#endif /* _VFIO_CCW_HW_H_ */

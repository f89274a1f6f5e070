/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architected layouts used by the channel-program translator.
 *
 * Everything the channel subsystem reads or writes is big-endian and is
 * described here as byte offsets and bit masks within the byte that holds
 * them, so the translator never depends on the host's bit-field or byte
 * order. Bit numbers in comments follow the architecture: bit 0 is the most
 * significant bit of a word.
 */
#ifndef _VFIO_CCW_CP_INTERNAL_H_
#define _VFIO_CCW_CP_INTERNAL_H_

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/unaligned.h>

#include "vfio_ccw_cp.h"

/* Operation request block, command mode (words 0-2). */
#define CP_ORB_INTPARM		0	/* be32 interruption parameter */
#define CP_ORB_B4		4	/* word 1 bits 0-7 */
#define   CP_ORB_KEY		0xf0	/* storage key */
#define   CP_ORB_SPND		0x08	/* S: suspend control */
#define CP_ORB_B5		5	/* word 1 bits 8-15 */
#define   CP_ORB_FMT		0x80	/* F: format-1 CCWs */
#define   CP_ORB_PFCH		0x40	/* P: prefetch allowed */
#define   CP_ORB_TM		0x04	/* B: transport mode */
#define   CP_ORB_C64		0x02	/* H: format-2 (64-bit) IDAWs */
#define   CP_ORB_I2K		0x01	/* T: 2K IDAW blocks with format-2 */
#define CP_ORB_LPM		6	/* word 1 bits 16-23 */
#define CP_ORB_B7		7	/* word 1 bits 24-31 */
#define   CP_ORB_MIDAW		0x40	/* D: modified IDAWs */
#define   CP_ORB_B7_ZERO	0x3e	/* bits 26-30 must be zero */
#define   CP_ORB_ORBX		0x01	/* X: ORB extension (words 3-7) */
#define CP_ORB_CPA		8	/* be32 channel program address */

/* Channel command word: format 1 (used internally and for the host). */
#define CP_CCW_SIZE		CCWCP_CCW_SIZE
#define CP_CCW1_CMD		0
#define CP_CCW1_FLAGS		1
#define CP_CCW1_COUNT		2	/* be16 */
#define CP_CCW1_CDA		4	/* be32, 31-bit address */

/* Format 0: 24-bit data address, flags and count in the second word. */
#define CP_CCW0_CMD		0
#define CP_CCW0_CDA		1	/* be24 */
#define CP_CCW0_FLAGS		4
#define CP_CCW0_COUNT		6	/* be16 */

/* CCW flags (the same byte in both formats). */
#define CP_CCW_CD		0x80	/* chain data */
#define CP_CCW_CC		0x40	/* chain command */
#define CP_CCW_SLI		0x20	/* suppress length indication */
#define CP_CCW_SKIP		0x10	/* skip data transfer */
#define CP_CCW_PCI		0x08	/* program-controlled interruption */
#define CP_CCW_IDA		0x04	/* indirect data addressing */
#define CP_CCW_SUSPEND		0x02	/* suspend */
#define CP_CCW_MIDA		0x01	/* modified indirect data addressing */

/* Command codes the translator has to recognise. */
#define CP_CMD_TIC		0x08
#define CP_CMD_NOP		0x03

/* IDAWs: format 1 is a 31-bit address in 4 bytes, format 2 is 8 bytes. */
#define CP_IDAW1_SIZE		4
#define CP_IDAW2_SIZE		8
#define CP_BLOCK_2K		2048u
#define CP_BLOCK_4K		4096u

/* Subchannel status word, command mode: word 1 is the CCW address. */
#define CP_SCSW_CPA		4	/* be32 */

/* Addresses the channel accepts in a format-1 CCW, ORB or IDAW: 31 bits. */
#define CP_ADDR31_LIMIT		BIT_ULL(31)

/**
 * struct cp_ccw - a CCW decoded into host byte order
 * @cmd:   command code
 * @flags: CP_CCW_* flags
 * @count: byte count
 * @cda:   data address, IDAL address or TIC target (24 or 31 bits)
 */
struct cp_ccw {
	u8 cmd;
	u8 flags;
	u16 count;
	u32 cda;
};

/* Decode one format-1 CCW. */
static inline void cp_ccw1_decode(const u8 *raw, struct cp_ccw *ccw)
{
	ccw->cmd = raw[CP_CCW1_CMD];
	ccw->flags = raw[CP_CCW1_FLAGS];
	ccw->count = get_unaligned_be16(raw + CP_CCW1_COUNT);
	ccw->cda = get_unaligned_be32(raw + CP_CCW1_CDA);
}

/* Decode one format-0 CCW into the format-1 view. */
static inline void cp_ccw0_decode(const u8 *raw, struct cp_ccw *ccw)
{
	ccw->cmd = raw[CP_CCW0_CMD];
	ccw->flags = raw[CP_CCW0_FLAGS];
	ccw->count = get_unaligned_be16(raw + CP_CCW0_COUNT);
	ccw->cda = get_unaligned_be24(raw + CP_CCW0_CDA);
}

/* Encode one format-1 CCW. */
static inline void cp_ccw1_encode(u8 *raw, u8 cmd, u8 flags, u16 count,
				  u32 cda)
{
	raw[CP_CCW1_CMD] = cmd;
	raw[CP_CCW1_FLAGS] = flags;
	put_unaligned_be16(count, raw + CP_CCW1_COUNT);
	put_unaligned_be32(cda, raw + CP_CCW1_CDA);
}

#endif /* _VFIO_CCW_CP_INTERNAL_H_ */

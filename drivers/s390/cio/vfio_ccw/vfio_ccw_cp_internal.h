/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers private to the channel-program translator: a CCW decoded into
 * host byte order, and its conversion from and to the architected formats
 * that vfio_ccw_hw.h describes.
 */
#ifndef _VFIO_CCW_CP_INTERNAL_H_
#define _VFIO_CCW_CP_INTERNAL_H_

#include <linux/types.h>
#include <linux/unaligned.h>

#include "vfio_ccw_cp.h"
#include "vfio_ccw_hw.h"

/**
 * struct cp_ccw - a CCW decoded into host byte order
 * @cmd:   command code
 * @flags: CSS_CCW_* flags
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
	ccw->cmd = raw[CSS_CCW1_CMD];
	ccw->flags = raw[CSS_CCW1_FLAGS];
	ccw->count = get_unaligned_be16(raw + CSS_CCW1_COUNT);
	ccw->cda = get_unaligned_be32(raw + CSS_CCW1_CDA);
}

/* Decode one format-0 CCW into the format-1 view. */
static inline void cp_ccw0_decode(const u8 *raw, struct cp_ccw *ccw)
{
	ccw->cmd = raw[CSS_CCW0_CMD];
	ccw->flags = raw[CSS_CCW0_FLAGS];
	ccw->count = get_unaligned_be16(raw + CSS_CCW0_COUNT);
	ccw->cda = get_unaligned_be24(raw + CSS_CCW0_CDA);
}

/* Encode one format-1 CCW. */
static inline void cp_ccw1_encode(u8 *raw, u8 cmd, u8 flags, u16 count,
				  u32 cda)
{
	raw[CSS_CCW1_CMD] = cmd;
	raw[CSS_CCW1_FLAGS] = flags;
	put_unaligned_be16(count, raw + CSS_CCW1_COUNT);
	put_unaligned_be32(cda, raw + CSS_CCW1_CDA);
}

#endif /* _VFIO_CCW_CP_INTERNAL_H_ */

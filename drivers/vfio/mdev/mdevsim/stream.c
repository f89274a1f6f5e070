// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim migration stream: encoding of a device snapshot and the checks a
 * stream must pass before it may replace a device's state. Pure functions
 * over byte buffers; the file handling lives in migration.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "mdevsim.h"

static u32 payload_crc(const u8 *payload)
{
	return crc32_le(~0U, payload, MDEVSIM_MIG_PAYLOAD_SIZE) ^ ~0U;
}

static void put_bar0_image(const struct mdevsim_regs *regs, u8 *out)
{
	unsigned int off;
	u64 val;

	for (off = 0; off < MDEVSIM_MIG_P_BAR0_LEN; off += 4) {
		if (mdevsim_bar0_read(regs, off, 4, &val))
			val = 0;
		put_unaligned_le32((u32)val, out + off);
	}
}

static void get_bar0_image(struct mdevsim_regs *regs, const u8 *in)
{
	regs->ctrl = get_unaligned_le32(in + MDEVSIM_REG_CTRL);
	regs->status = get_unaligned_le32(in + MDEVSIM_REG_STATUS);
	regs->src = get_unaligned_le64(in + MDEVSIM_REG_SRC);
	regs->dst = get_unaligned_le64(in + MDEVSIM_REG_DST);
	regs->len = get_unaligned_le32(in + MDEVSIM_REG_LEN);
	regs->irq_status = get_unaligned_le32(in + MDEVSIM_REG_IRQ_STATUS);
	regs->error = get_unaligned_le32(in + MDEVSIM_REG_ERROR);
}

/**
 * mdevsim_stream_encode() - write the migration stream of a snapshot
 * @snap: the state to save
 * @buf: output buffer
 * @size: size of @buf
 *
 * Return: the stream length (MDEVSIM_MIG_STREAM_SIZE), or -ENOSPC when
 * @buf is too small.
 */
int mdevsim_stream_encode(const struct mdevsim_snapshot *snap, u8 *buf,
			  size_t size)
{
	u8 *p = buf + MDEVSIM_MIG_HDR_SIZE;

	if (size < MDEVSIM_MIG_STREAM_SIZE)
		return -ENOSPC;
	memset(buf, 0, MDEVSIM_MIG_STREAM_SIZE);

	put_unaligned_le32(MDEVSIM_MIG_MAGIC, buf + MDEVSIM_MIG_HDR_MAGIC);
	put_unaligned_le16(MDEVSIM_MIG_MAJOR, buf + MDEVSIM_MIG_HDR_MAJOR);
	put_unaligned_le16(MDEVSIM_MIG_MINOR, buf + MDEVSIM_MIG_HDR_MINOR);
	put_unaligned_le32(MDEVSIM_MIG_PAYLOAD_SIZE,
			   buf + MDEVSIM_MIG_HDR_LENGTH);

	put_unaligned_le32(snap->cost, p + MDEVSIM_MIG_P_COST);
	put_unaligned_le32(snap->copy_limit, p + MDEVSIM_MIG_P_COPY_LIMIT);
	put_unaligned_le32(snap->irq_mode, p + MDEVSIM_MIG_P_IRQ_MODE);
	memcpy(p + MDEVSIM_MIG_P_CONFIG, snap->regs.cfg, MDEVSIM_CFG_SIZE);
	put_bar0_image(&snap->regs, p + MDEVSIM_MIG_P_BAR0);
	put_unaligned_le32(snap->regs.copies, p + MDEVSIM_MIG_P_COPIES);
	put_unaligned_le64(snap->regs.bytes, p + MDEVSIM_MIG_P_BYTES);

	put_unaligned_le32(payload_crc(p), p + MDEVSIM_MIG_PAYLOAD_SIZE);
	return MDEVSIM_MIG_STREAM_SIZE;
}

/**
 * mdevsim_stream_decode() - check a received stream and extract its state
 * @buf: the bytes written to the resume file
 * @len: their number
 * @snap: filled in on success
 *
 * Checks, in order: length at least a header, magic, major version, the
 * payload length field, the total length, reserved fields, the CRC. The
 * type is checked separately by mdevsim_stream_check_type().
 *
 * Return: 0, or -EINVAL for a stream that fails any check.
 */
int mdevsim_stream_decode(const u8 *buf, size_t len,
			  struct mdevsim_snapshot *snap)
{
	const u8 *p = buf + MDEVSIM_MIG_HDR_SIZE;

	if (len < MDEVSIM_MIG_HDR_SIZE)
		return -EINVAL;
	if (get_unaligned_le32(buf + MDEVSIM_MIG_HDR_MAGIC) != MDEVSIM_MIG_MAGIC)
		return -EINVAL;
	if (get_unaligned_le16(buf + MDEVSIM_MIG_HDR_MAJOR) != MDEVSIM_MIG_MAJOR)
		return -EINVAL;
	if (get_unaligned_le32(buf + MDEVSIM_MIG_HDR_LENGTH) !=
	    MDEVSIM_MIG_PAYLOAD_SIZE)
		return -EINVAL;
	if (len != MDEVSIM_MIG_STREAM_SIZE)
		return -EINVAL;
	if (get_unaligned_le32(buf + MDEVSIM_MIG_HDR_RSVD) ||
	    get_unaligned_le32(p + MDEVSIM_MIG_P_RSVD) ||
	    get_unaligned_le32(p + MDEVSIM_MIG_P_RSVD2))
		return -EINVAL;
	if (get_unaligned_le32(p + MDEVSIM_MIG_PAYLOAD_SIZE) != payload_crc(p))
		return -EINVAL;

	memset(snap, 0, sizeof(*snap));
	snap->cost = get_unaligned_le32(p + MDEVSIM_MIG_P_COST);
	snap->copy_limit = get_unaligned_le32(p + MDEVSIM_MIG_P_COPY_LIMIT);
	snap->irq_mode = get_unaligned_le32(p + MDEVSIM_MIG_P_IRQ_MODE);
	memcpy(snap->regs.cfg, p + MDEVSIM_MIG_P_CONFIG, MDEVSIM_CFG_SIZE);
	get_bar0_image(&snap->regs, p + MDEVSIM_MIG_P_BAR0);
	snap->regs.copies = get_unaligned_le32(p + MDEVSIM_MIG_P_COPIES);
	snap->regs.bytes = get_unaligned_le64(p + MDEVSIM_MIG_P_BYTES);
	snap->regs.copy_limit = snap->copy_limit;
	/* A saved device was quiescent: nothing can be in flight. */
	snap->regs.status &= ~MDEVSIM_STATUS_BUSY;
	snap->regs.ctrl &= MDEVSIM_CTRL_MASK;
	snap->regs.irq_status &= MDEVSIM_IRQ_MASK;
	return 0;
}

/**
 * mdevsim_stream_check_type() - does a decoded state fit a device?
 * @snap: decoded state
 * @cost: unit cost of the receiving device's type
 * @type_limit: largest copy_limit of that type
 *
 * Return: 0, or -EINVAL when the state belongs to another type or carries
 * attribute values the receiving type cannot have.
 */
int mdevsim_stream_check_type(const struct mdevsim_snapshot *snap, u32 cost,
			      u32 type_limit)
{
	if (snap->cost != cost)
		return -EINVAL;
	if (snap->copy_limit < MDEVSIM_MIN_COPY_LIMIT ||
	    snap->copy_limit > type_limit || !is_power_of_2(snap->copy_limit))
		return -EINVAL;
	if (snap->irq_mode > MDEVSIM_IRQ_MODE_NONE)
		return -EINVAL;
	return 0;
}

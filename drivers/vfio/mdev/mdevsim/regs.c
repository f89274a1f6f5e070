// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim register model: config space and the BAR0 register file as plain
 * data. Decoding never touches VFIO; a write that needs the outside world
 * (start a copy, re-evaluate the interrupt line) reports it through an
 * action mask that the caller carries out after dropping its lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/pci_regs.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "mdevsim.h"

#define MSI_CTRL	(MDEVSIM_CFG_MSI_CAP + PCI_MSI_FLAGS)
#define MSI_ADDR_LO	(MDEVSIM_CFG_MSI_CAP + PCI_MSI_ADDRESS_LO)
#define MSI_ADDR_HI	(MDEVSIM_CFG_MSI_CAP + PCI_MSI_ADDRESS_HI)
#define MSI_DATA	(MDEVSIM_CFG_MSI_CAP + PCI_MSI_DATA_64)

static void cfg_put16(u8 *cfg, unsigned int off, u16 val)
{
	put_unaligned_le16(val, cfg + off);
}

static void cfg_init(u8 *cfg)
{
	memset(cfg, 0, MDEVSIM_CFG_SIZE);
	cfg_put16(cfg, PCI_VENDOR_ID, MDEVSIM_PCI_VENDOR);
	cfg_put16(cfg, PCI_DEVICE_ID, MDEVSIM_PCI_DEVICE);
	cfg_put16(cfg, PCI_STATUS, MDEVSIM_CFG_STATUS_CAPLIST);
	cfg[PCI_REVISION_ID] = MDEVSIM_PCI_REVISION;
	cfg[PCI_CLASS_PROG] = MDEVSIM_PCI_CLASS & 0xff;
	cfg[PCI_CLASS_DEVICE] = (MDEVSIM_PCI_CLASS >> 8) & 0xff;
	cfg[PCI_CLASS_DEVICE + 1] = (MDEVSIM_PCI_CLASS >> 16) & 0xff;
	/* BAR0 type bits are all zero: 32-bit, memory, non-prefetchable */
	cfg_put16(cfg, PCI_SUBSYSTEM_VENDOR_ID, MDEVSIM_PCI_SUBVENDOR);
	cfg_put16(cfg, PCI_SUBSYSTEM_ID, MDEVSIM_PCI_SUBDEVICE);
	cfg[PCI_CAPABILITY_LIST] = MDEVSIM_CFG_MSI_CAP;
	cfg[PCI_INTERRUPT_PIN] = 1;
	cfg[MDEVSIM_CFG_MSI_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
	cfg[MDEVSIM_CFG_MSI_CAP + PCI_CAP_LIST_NEXT] = 0;
	/* one vector (MMC = 0), 64-bit addresses, disabled */
	cfg_put16(cfg, MSI_CTRL, PCI_MSI_FLAGS_64BIT);
}

/* Bits of config byte @off that a guest may change. */
static u8 cfg_write_mask(unsigned int off)
{
	switch (off) {
	case PCI_COMMAND:
		return MDEVSIM_CFG_CMD_WRITABLE & 0xff;
	case PCI_COMMAND + 1:
		return MDEVSIM_CFG_CMD_WRITABLE >> 8;
	case PCI_BASE_ADDRESS_0:
		return 0;		/* type bits and size */
	case PCI_BASE_ADDRESS_0 + 1:
		return (u8)(~(MDEVSIM_BAR0_SIZE - 1) >> 8);
	case PCI_BASE_ADDRESS_0 + 2:
	case PCI_BASE_ADDRESS_0 + 3:
		return 0xff;
	case PCI_INTERRUPT_LINE:
		return 0xff;
	case MSI_CTRL:
		return PCI_MSI_FLAGS_ENABLE;
	case MSI_ADDR_LO:
		return 0xfc;
	case MSI_ADDR_LO + 1 ... MSI_DATA + 1:
		return 0xff;
	default:
		return 0;
	}
}

static bool access_ok_size(unsigned int off, unsigned int size,
			   unsigned int region)
{
	if (size != 1 && size != 2 && size != 4)
		return false;
	return !(off & (size - 1)) && off < region && size <= region - off;
}

/**
 * mdevsim_regs_reset() - put the device into its power-on state
 * @regs: the register file
 * @copy_limit: value of the CAPACITY register
 */
void mdevsim_regs_reset(struct mdevsim_regs *regs, u32 copy_limit)
{
	memset(regs, 0, sizeof(*regs));
	cfg_init(regs->cfg);
	regs->copy_limit = copy_limit;
}

/**
 * mdevsim_cfg_read() - one naturally aligned config space read
 * @regs: the register file
 * @off: offset in config space
 * @size: 1, 2 or 4 bytes
 * @val: the value read
 *
 * Return: 0, or -EINVAL for a misaligned, odd-sized or out-of-range access.
 */
int mdevsim_cfg_read(const struct mdevsim_regs *regs, unsigned int off,
		     unsigned int size, u32 *val)
{
	unsigned int i;
	u32 v = 0;

	if (!access_ok_size(off, size, MDEVSIM_CFG_SIZE))
		return -EINVAL;
	for (i = 0; i < size; i++)
		v |= (u32)regs->cfg[off + i] << (8 * i);
	*val = v;
	return 0;
}

/**
 * mdevsim_cfg_write() - one naturally aligned config space write
 * @regs: the register file
 * @off: offset in config space
 * @size: 1, 2 or 4 bytes
 * @val: the value written
 *
 * Read-only bits keep their value; BAR0 returns its size mask after an
 * all-ones write, as PCI BAR sizing expects.
 *
 * Return: 0, or -EINVAL for a misaligned, odd-sized or out-of-range access.
 */
int mdevsim_cfg_write(struct mdevsim_regs *regs, unsigned int off,
		      unsigned int size, u32 val)
{
	unsigned int i;

	if (!access_ok_size(off, size, MDEVSIM_CFG_SIZE))
		return -EINVAL;
	for (i = 0; i < size; i++) {
		u8 mask = cfg_write_mask(off + i);
		u8 byte = val >> (8 * i);

		regs->cfg[off + i] = (regs->cfg[off + i] & ~mask) |
				     (byte & mask);
	}
	return 0;
}

static bool bar0_access_ok(unsigned int off, unsigned int size)
{
	if (off >= MDEVSIM_BAR0_SIZE || size > MDEVSIM_BAR0_SIZE - off)
		return false;
	if (size == 4)
		return !(off & 3);
	if (size == 8)
		return off == MDEVSIM_REG_SRC || off == MDEVSIM_REG_DST;
	return false;
}

static u32 bar0_read32(const struct mdevsim_regs *regs, unsigned int off)
{
	switch (off) {
	case MDEVSIM_REG_ID:
		return MDEVSIM_ID_VALUE;
	case MDEVSIM_REG_VERSION:
		return MDEVSIM_VERSION_VALUE;
	case MDEVSIM_REG_CTRL:
		return regs->ctrl;
	case MDEVSIM_REG_STATUS:
		return regs->status;
	case MDEVSIM_REG_SRC:
		return lower_32_bits(regs->src);
	case MDEVSIM_REG_SRC + 4:
		return upper_32_bits(regs->src);
	case MDEVSIM_REG_DST:
		return lower_32_bits(regs->dst);
	case MDEVSIM_REG_DST + 4:
		return upper_32_bits(regs->dst);
	case MDEVSIM_REG_LEN:
		return regs->len;
	case MDEVSIM_REG_IRQ_STATUS:
		return regs->irq_status;
	case MDEVSIM_REG_ERROR:
		return regs->error;
	case MDEVSIM_REG_COPIES:
		return regs->copies;
	case MDEVSIM_REG_BYTES:
		return lower_32_bits(regs->bytes);
	case MDEVSIM_REG_CAPACITY:
		return regs->copy_limit;
	default:
		return 0;	/* DOORBELL and reserved offsets */
	}
}

/**
 * mdevsim_bar0_read() - read a BAR0 register
 * @regs: the register file
 * @off: offset in BAR0
 * @size: 4, or 8 for the 64-bit SRC and DST registers
 * @val: the value read
 *
 * Return: 0, or -EINVAL for a misaligned, odd-sized or out-of-range access.
 */
int mdevsim_bar0_read(const struct mdevsim_regs *regs, unsigned int off,
		      unsigned int size, u64 *val)
{
	if (!bar0_access_ok(off, size))
		return -EINVAL;
	*val = bar0_read32(regs, off);
	if (size == 8)
		*val |= (u64)bar0_read32(regs, off + 4) << 32;
	return 0;
}

static void set_half(u64 *reg, bool high, u32 val)
{
	if (high)
		*reg = (*reg & 0xffffffffULL) | ((u64)val << 32);
	else
		*reg = (*reg & ~0xffffffffULL) | val;
}

/**
 * mdevsim_bar0_write() - write a BAR0 register
 * @regs: the register file
 * @off: offset in BAR0
 * @size: 4, or 8 for the 64-bit SRC and DST registers
 * @val: the value written
 * @actions: set to the MDEVSIM_ACT_* work the caller must do afterwards
 *
 * Writes to read-only and reserved offsets are ignored. A rejected access
 * changes nothing.
 *
 * Return: 0, or -EINVAL for a misaligned, odd-sized or out-of-range access.
 */
int mdevsim_bar0_write(struct mdevsim_regs *regs, unsigned int off,
		       unsigned int size, u64 val, unsigned int *actions)
{
	u32 v = lower_32_bits(val);

	*actions = 0;
	if (!bar0_access_ok(off, size))
		return -EINVAL;

	switch (off) {
	case MDEVSIM_REG_CTRL:
		regs->ctrl = v & MDEVSIM_CTRL_MASK;
		break;
	case MDEVSIM_REG_SRC:
	case MDEVSIM_REG_SRC + 4:
		if (size == 8)
			regs->src = val;
		else
			set_half(&regs->src, off != MDEVSIM_REG_SRC, v);
		break;
	case MDEVSIM_REG_DST:
	case MDEVSIM_REG_DST + 4:
		if (size == 8)
			regs->dst = val;
		else
			set_half(&regs->dst, off != MDEVSIM_REG_DST, v);
		break;
	case MDEVSIM_REG_LEN:
		regs->len = v;
		break;
	case MDEVSIM_REG_DOORBELL:
		if (v & 1)
			*actions |= MDEVSIM_ACT_DOORBELL;
		break;
	case MDEVSIM_REG_IRQ_STATUS:
		if (regs->irq_status & v & MDEVSIM_IRQ_MASK) {
			regs->irq_status &= ~v;
			*actions |= MDEVSIM_ACT_IRQ;
		}
		break;
	default:
		break;
	}
	return 0;
}

/**
 * mdevsim_copy_check() - validate a copy request before any DMA
 * @src: source IOVA
 * @dst: destination IOVA
 * @len: bytes to copy
 * @limit: the device's copy_limit
 *
 * Return: MDEVSIM_ERR_NONE, or the ERROR code the copy must end with:
 * ERR_LEN for 0 or more than @limit bytes, ERR_DMA for a range that wraps
 * the IOVA space, ERR_OVERLAP for overlapping ranges.
 */
u32 mdevsim_copy_check(u64 src, u64 dst, u32 len, u32 limit)
{
	u64 src_last, dst_last;

	if (!len || len > limit)
		return MDEVSIM_ERR_LEN;
	if (check_add_overflow(src, (u64)len - 1, &src_last) ||
	    check_add_overflow(dst, (u64)len - 1, &dst_last))
		return MDEVSIM_ERR_DMA;
	if (src <= dst_last && dst <= src_last)
		return MDEVSIM_ERR_OVERLAP;
	return MDEVSIM_ERR_NONE;
}

/**
 * mdevsim_regs_complete() - record the end of a copy
 * @regs: the register file
 * @error: MDEVSIM_ERR_* result
 * @len: bytes copied (counted only on success)
 */
void mdevsim_regs_complete(struct mdevsim_regs *regs, u32 error, u32 len)
{
	regs->error = error;
	if (error) {
		regs->status = MDEVSIM_STATUS_ERROR;
		regs->irq_status |= MDEVSIM_IRQ_ERROR;
		return;
	}
	regs->status = MDEVSIM_STATUS_DONE;
	regs->irq_status |= MDEVSIM_IRQ_DONE;
	regs->copies++;
	regs->bytes += len;
}

/**
 * mdevsim_regs_set_intx() - mirror the INTx line in the status register
 * @regs: the register file
 * @asserted: the line is asserted
 */
void mdevsim_regs_set_intx(struct mdevsim_regs *regs, bool asserted)
{
	u16 status = get_unaligned_le16(regs->cfg + PCI_STATUS);

	if (asserted)
		status |= MDEVSIM_CFG_STATUS_INTX;
	else
		status &= ~MDEVSIM_CFG_STATUS_INTX;
	cfg_put16(regs->cfg, PCI_STATUS, status);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim per-mdev attribute parsing (label, copy_limit, irq_mode). Pure
 * string handling so that the rules can be tested without a device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mdevsim.h"

static const char * const mdevsim_irq_mode_names[] = {
	[MDEVSIM_IRQ_MODE_AUTO] = "auto",
	[MDEVSIM_IRQ_MODE_INTX] = "intx",
	[MDEVSIM_IRQ_MODE_MSI] = "msi",
	[MDEVSIM_IRQ_MODE_NONE] = "none",
};

/**
 * mdevsim_parse_label() - validate and copy a label
 * @buf: text written to the attribute
 * @count: its length
 * @out: destination, NUL terminated on success
 * @out_size: size of @out, at least MDEVSIM_LABEL_MAX + 1
 *
 * One trailing newline is dropped. What remains must be at most
 * MDEVSIM_LABEL_MAX printable ASCII characters (0x20..0x7e).
 *
 * Return: 0, or -EINVAL (and @out untouched) for a bad label.
 */
int mdevsim_parse_label(const char *buf, size_t count, char *out,
			size_t out_size)
{
	size_t i;

	if (count && buf[count - 1] == '\n')
		count--;
	if (count > MDEVSIM_LABEL_MAX || count >= out_size)
		return -EINVAL;
	for (i = 0; i < count; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return -EINVAL;
	memcpy(out, buf, count);
	out[count] = '\0';
	return 0;
}

/**
 * mdevsim_parse_copy_limit() - parse a copy_limit value
 * @buf: NUL terminated text, decimal or 0x hex, optional trailing newline
 * @type_limit: the largest value the device's type allows
 * @out: the parsed value
 *
 * Return: 0, or -EINVAL unless the value is a power of two between
 * MDEVSIM_MIN_COPY_LIMIT and @type_limit.
 */
int mdevsim_parse_copy_limit(const char *buf, u32 type_limit, u32 *out)
{
	u32 val;

	if (kstrtou32(buf, 0, &val))
		return -EINVAL;
	if (val < MDEVSIM_MIN_COPY_LIMIT || val > type_limit ||
	    !is_power_of_2(val))
		return -EINVAL;
	*out = val;
	return 0;
}

/**
 * mdevsim_parse_irq_mode() - parse an irq_mode word
 * @buf: NUL terminated text, optional trailing newline
 *
 * Return: MDEVSIM_IRQ_MODE_*, or -EINVAL for an unknown word.
 */
int mdevsim_parse_irq_mode(const char *buf)
{
	int mode = sysfs_match_string(mdevsim_irq_mode_names, buf);

	return mode < 0 ? -EINVAL : mode;
}

/**
 * mdevsim_irq_mode_name() - the word for an irq_mode value
 * @mode: MDEVSIM_IRQ_MODE_*
 *
 * Return: the name, or "?" for an out-of-range value.
 */
const char *mdevsim_irq_mode_name(unsigned int mode)
{
	if (mode >= ARRAY_SIZE(mdevsim_irq_mode_names))
		return "?";
	return mdevsim_irq_mode_names[mode];
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The write syntax of the simulated bus's apmask and aqmask attributes.
 *
 * On a real system the AP bus parses these writes and vfio_ap never sees
 * them, so the simulator owns this parser and shares no code with the
 * driver it tests: vfio_ap's ap_config parser accepts only the absolute
 * form and is tested on its own.
 */

#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "apsim_priv.h"

/*
 * Longest number text a relative term may hold ("0x" and digits, or
 * leading zeros); anything longer is refused rather than scanned.
 */
#define APSIM_MASK_NUMBER_MAX	31

/*
 * The absolute form: an optional "0x" or "x", at most nbits / 4 hex digits
 * (the first digit holds IDs 0 to 3, its most significant bit ID 0), and
 * at most one newline at the end. Missing digits are zero.
 */
static int apsim_mask_absolute(const char *s, unsigned long *out,
			       unsigned int nbits)
{
	size_t len, i;

	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	else if (s[0] == 'x')
		s++;
	len = strlen(s);
	if (len && s[len - 1] == '\n')
		len--;
	if (len > nbits / 4)
		return -EINVAL;

	bitmap_zero(out, nbits);
	for (i = 0; i < len; i++) {
		int nibble = hex_to_bin(s[i]);
		unsigned int bit;

		if (nibble < 0)
			return -EINVAL;
		for (bit = 0; bit < 4; bit++)
			if (nibble & (0x8 >> bit))
				ap_set_id(out, 4 * i + bit);
	}
	return 0;
}

/*
 * One number of a relative term at *pos: its text runs as far as hex
 * digits and 'x' go, and kstrtouint() with base 0 must take all of it
 * (decimal, "0x" hex or leading-zero octal). It must be below @nbits; a
 * value that does not fit is refused, never wrapped. On success *pos moves
 * past the number.
 */
static int apsim_mask_number(const char **pos, unsigned int nbits,
			     unsigned int *val)
{
	char text[APSIM_MASK_NUMBER_MAX + 1];
	size_t n = strspn(*pos, "0123456789abcdefABCDEFxX");

	if (!n || n > APSIM_MASK_NUMBER_MAX)
		return -EINVAL;
	memcpy(text, *pos, n);
	text[n] = '\0';
	if (kstrtouint(text, 0, val) || *val >= nbits)
		return -EINVAL;
	*pos += n;
	return 0;
}

/*
 * The relative form: terms "+N", "-N", "+N-M" or "-N-M" that set or clear
 * IDs N to M (N <= M) of @out, in order. Any run of commas and newlines may
 * follow a term; nothing else may stand between two terms.
 */
static int apsim_mask_relative(const char *p, unsigned long *out,
			       unsigned int nbits)
{
	while (*p) {
		bool set = *p == '+';
		unsigned int first, last;

		if (*p != '+' && *p != '-')
			return -EINVAL;
		p++;
		if (apsim_mask_number(&p, nbits, &first))
			return -EINVAL;
		last = first;
		if (*p == '-') {
			p++;
			if (apsim_mask_number(&p, nbits, &last) || last < first)
				return -EINVAL;
		}
		for (; first <= last; first++) {
			if (set)
				ap_set_id(out, first);
			else
				ap_clear_id(out, first);
		}
		p += strspn(p, ",\n");
	}
	return 0;
}

/**
 * apsim_parse_mask() - apply a write to the bus's apmask or aqmask
 * @str:	the text written, NUL-terminated
 * @mask:	the current mask in architected numbering; replaced on success
 * @nbits:	the mask's size in bits: a multiple of 64, at most 256
 *
 * A write that starts with '+' or '-' changes the current mask term by
 * term (see apsim_mask_relative()); any other write is an absolute hex
 * mask that replaces it (see apsim_mask_absolute()). Either way the whole
 * write is checked before @mask changes.
 *
 * Return: 0, or -EINVAL with @mask unchanged.
 */
int apsim_parse_mask(const char *str, unsigned long *mask, unsigned int nbits)
{
	DECLARE_BITMAP(next, APSIM_NR_ADAPTERS);
	int rc;

	if (!nbits || nbits > APSIM_NR_ADAPTERS || nbits % BITS_PER_TYPE(u64))
		return -EINVAL;

	if (str[0] == '+' || str[0] == '-') {
		bitmap_copy(next, mask, nbits);
		rc = apsim_mask_relative(str, next, nbits);
	} else {
		rc = apsim_mask_absolute(str, next, nbits);
	}
	if (!rc)
		bitmap_copy(mask, next, nbits);
	return rc;
}

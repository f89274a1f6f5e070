// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap matrix model: parsing, validation, guest-view filtering and
 * rendering of AP matrices. Pure functions over bitmaps; see
 * vfio_ap_matrix.h for the numbering and the locking rule.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/minmax.h>
#include <linux/seq_buf.h>
#include <linux/string.h>

#include "vfio_ap_matrix.h"

/**
 * vfio_ap_next_id() - find the next architected ID set in a mask
 * @map:	the mask
 * @nbits:	size of the search; IDs at or above it are ignored
 * @start:	first ID to look at
 *
 * Return: the lowest ID >= @start that is set, or @nbits if there is none.
 */
unsigned int vfio_ap_next_id(const unsigned long *map, unsigned int nbits,
			     unsigned int start)
{
	while (start < nbits) {
		unsigned int word = start / BITS_PER_LONG;
		unsigned int pos = start % BITS_PER_LONG;
		/* Architected IDs grow from the top bit of each long down. */
		unsigned long w = map[word] & (~0UL >> pos);

		if (w) {
			unsigned int id = word * BITS_PER_LONG +
					  (BITS_PER_LONG - 1 - __fls(w));

			return min(id, nbits);
		}
		start = (word + 1) * BITS_PER_LONG;
	}
	return nbits;
}

/* The n-th (0-based) ID set below @limit, or @limit. */
static unsigned int vfio_ap_nth_id(const unsigned long *map,
				   unsigned int limit, unsigned int n)
{
	unsigned int id;

	for_each_vfio_ap_id(id, map, limit)
		if (!n--)
			break;
	return id;
}

static unsigned int vfio_ap_count_ids(const unsigned long *map,
				      unsigned int limit)
{
	unsigned int id, n = 0;

	for_each_vfio_ap_id(id, map, limit)
		n++;
	return n;
}

static void vfio_ap_set_limits(struct vfio_ap_matrix *m,
			       const struct vfio_ap_hostcfg *host)
{
	bool apxa = host && host->apxa;

	m->apid_max = apxa ? host->na : VFIO_AP_APID_MAX_NO_APXA;
	m->apqi_max = apxa ? host->nd : VFIO_AP_APQI_MAX_NO_APXA;
	m->adm_max = m->apqi_max;
}

/**
 * vfio_ap_matrix_init() - empty a matrix and set its limits
 * @m:		the matrix
 * @host:	host configuration the limits derive from; NULL means a
 *		machine without QCI, which gets the non-APXA limits
 */
void vfio_ap_matrix_init(struct vfio_ap_matrix *m,
			 const struct vfio_ap_hostcfg *host)
{
	vfio_ap_matrix_clear_masks(m);
	vfio_ap_set_limits(m, host);
}

/**
 * vfio_ap_matrix_clear_masks() - empty the three masks, keeping the limits
 * @m:		the matrix
 */
void vfio_ap_matrix_clear_masks(struct vfio_ap_matrix *m)
{
	bitmap_zero(m->apm, VFIO_AP_NR_APIDS);
	bitmap_zero(m->aqm, VFIO_AP_NR_APQIS);
	bitmap_zero(m->adm, VFIO_AP_NR_APQIS);
}

/**
 * vfio_ap_matrix_masks_empty() - whether no mask has a bit set
 * @m:		the matrix
 *
 * Return: true if adapters, usage and control domains are all empty.
 */
bool vfio_ap_matrix_masks_empty(const struct vfio_ap_matrix *m)
{
	return bitmap_empty(m->apm, VFIO_AP_NR_APIDS) &&
	       bitmap_empty(m->aqm, VFIO_AP_NR_APQIS) &&
	       bitmap_empty(m->adm, VFIO_AP_NR_APQIS);
}

/**
 * vfio_ap_matrix_masks_equal() - whether two matrices have the same masks
 * @a:		one matrix
 * @b:		the other; the limits are not compared
 *
 * Return: true if the adapter, usage and control domain masks are equal.
 */
bool vfio_ap_matrix_masks_equal(const struct vfio_ap_matrix *a,
				const struct vfio_ap_matrix *b)
{
	return bitmap_equal(a->apm, b->apm, VFIO_AP_NR_APIDS) &&
	       bitmap_equal(a->aqm, b->aqm, VFIO_AP_NR_APQIS) &&
	       bitmap_equal(a->adm, b->adm, VFIO_AP_NR_APQIS);
}

/**
 * vfio_ap_matrix_copy_masks() - copy the three masks, keeping @dst's limits
 * @dst:	destination
 * @src:	source
 */
void vfio_ap_matrix_copy_masks(struct vfio_ap_matrix *dst,
			       const struct vfio_ap_matrix *src)
{
	bitmap_copy(dst->apm, src->apm, VFIO_AP_NR_APIDS);
	bitmap_copy(dst->aqm, src->aqm, VFIO_AP_NR_APQIS);
	bitmap_copy(dst->adm, src->adm, VFIO_AP_NR_APQIS);
}

/**
 * vfio_ap_parse_id() - parse the value written to an assign_* or unassign_*
 * @buf:	the text from user space, NUL-terminated
 * @max:	highest acceptable ID
 * @id:	receives the ID on success
 *
 * Accepts what kstrtoul() accepts with base 0: decimal, "0x" hex or
 * leading-zero octal, an optional '+', and one trailing newline.
 *
 * Return: 0; -EINVAL or -ERANGE for text that is not a number;
 * -ENODEV for a number above @max.
 */
int vfio_ap_parse_id(const char *buf, unsigned int max, unsigned long *id)
{
	unsigned long val;
	int rc;

	rc = kstrtoul(buf, 0, &val);
	if (rc)
		return rc;
	if (val > max)
		return -ENODEV;
	*id = val;
	return 0;
}

/*
 * One absolute hex mask in p[0..len): an optional "0x" or "x", at most
 * nbits / 4 hex digits (the first one holds IDs 0-3), missing digits count
 * as zero, then one optional newline.
 */
static int vfio_ap_parse_hex(const char *p, size_t len, unsigned long *map,
			     unsigned int nbits)
{
	const char *end = p + len;
	unsigned int id = 0;

	bitmap_zero(map, nbits);
	if (end - p >= 2 && p[0] == '0' && p[1] == 'x')
		p += 2;
	else if (p < end && p[0] == 'x')
		p++;

	for (; p < end && isxdigit(*p); p++) {
		int nibble = hex_to_bin(*p);
		int i;

		if (id >= nbits)
			return -EINVAL;
		for (i = 0; i < 4; i++)
			if (nibble & (8 >> i))
				ap_set_id(map, id + i);
		id += 4;
	}

	if (p < end && *p == '\n')
		p++;
	return p == end ? 0 : -EINVAL;
}

/**
 * vfio_ap_matrix_parse_config() - parse a write to the ap_config attribute
 * @buf:	the text from user space
 * @count:	its length
 * @m:		receives the three masks; its limits are not touched
 *
 * The text holds three absolute hex masks (adapters, usage domains, control
 * domains), each in the syntax of /sys/bus/ap/apmask, separated by ',' or
 * '\n'. Like upstream, only the first %VFIO_AP_CONFIG_LEN bytes are looked
 * at, anything after the third mask is ignored, and an empty mask is all
 * zero. The limits are not checked here (vfio_ap_matrix_check_limits()).
 *
 * Return: 0, or -EINVAL (with @m unchanged) if a mask is malformed or fewer
 * than three are present.
 */
int vfio_ap_matrix_parse_config(const char *buf, size_t count,
				struct vfio_ap_matrix *m)
{
	struct vfio_ap_matrix parsed;
	unsigned long *masks[] = { parsed.apm, parsed.aqm, parsed.adm };
	const char *p = buf;
	const char *end = buf + strnlen(buf, min_t(size_t, count,
						     VFIO_AP_CONFIG_LEN));
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		const char *field = p;

		/* The previous mask ran to the end: this one is missing. */
		if (!p)
			return -EINVAL;
		while (p < end && *p != ',' && *p != '\n')
			p++;
		rc = vfio_ap_parse_hex(field, p - field, masks[i],
				       VFIO_AP_NR_APIDS);
		if (rc)
			return rc;
		p = p < end ? p + 1 : NULL;
	}

	vfio_ap_matrix_copy_masks(m, &parsed);
	return 0;
}

/**
 * vfio_ap_matrix_check_limits() - are all IDs of @m within its limits?
 * @m:	the matrix
 *
 * Return: 0, or -ENODEV if an adapter, usage domain or control domain is
 * above the matching limit.
 */
int vfio_ap_matrix_check_limits(const struct vfio_ap_matrix *m)
{
	if (vfio_ap_next_id(m->apm, VFIO_AP_NR_APIDS, m->apid_max + 1) <
	    VFIO_AP_NR_APIDS)
		return -ENODEV;
	if (vfio_ap_next_id(m->aqm, VFIO_AP_NR_APQIS, m->apqi_max + 1) <
	    VFIO_AP_NR_APQIS)
		return -ENODEV;
	if (vfio_ap_next_id(m->adm, VFIO_AP_NR_APQIS, m->adm_max + 1) <
	    VFIO_AP_NR_APQIS)
		return -ENODEV;
	return 0;
}

/**
 * vfio_ap_apqns_shared() - do two adapter x domain products overlap?
 * @apm1:	adapters of the first set
 * @aqm1:	domains of the first set
 * @apm2:	adapters of the second set
 * @aqm2:	domains of the second set
 * @apm_shared:	if not NULL, receives the adapters common to both
 * @aqm_shared:	if not NULL, receives the domains common to both
 *
 * The queues in both sets are exactly @apm_shared x @aqm_shared; the caller
 * can walk them to report each one.
 *
 * Return: 0, or -EADDRINUSE if at least one queue is in both sets.
 */
int vfio_ap_apqns_shared(const unsigned long *apm1, const unsigned long *aqm1,
			 const unsigned long *apm2, const unsigned long *aqm2,
			 unsigned long *apm_shared, unsigned long *aqm_shared)
{
	DECLARE_BITMAP(apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm, VFIO_AP_NR_APQIS);
	bool adapters = bitmap_and(apm, apm1, apm2, VFIO_AP_NR_APIDS);
	bool domains = bitmap_and(aqm, aqm1, aqm2, VFIO_AP_NR_APQIS);

	if (apm_shared)
		bitmap_copy(apm_shared, apm, VFIO_AP_NR_APIDS);
	if (aqm_shared)
		bitmap_copy(aqm_shared, aqm, VFIO_AP_NR_APQIS);
	return adapters && domains ? -EADDRINUSE : 0;
}

/**
 * vfio_ap_matrix_check_shared() - does @m share a queue with @other?
 * @m:		the matrix being validated
 * @other:	another mdev's matrix
 * @shared:	if not NULL, its apm/aqm receive the common adapters and
 *		domains (see vfio_ap_apqns_shared()); adm is cleared
 *
 * Control domains may be shared and are not compared.
 *
 * Return: 0, or -EADDRINUSE if some queue is in both matrices.
 */
int vfio_ap_matrix_check_shared(const struct vfio_ap_matrix *m,
				const struct vfio_ap_matrix *other,
				struct vfio_ap_matrix *shared)
{
	if (shared)
		bitmap_zero(shared->adm, VFIO_AP_NR_APQIS);
	return vfio_ap_apqns_shared(m->apm, m->aqm, other->apm, other->aqm,
				    shared ? shared->apm : NULL,
				    shared ? shared->aqm : NULL);
}

/**
 * vfio_ap_matrix_filter() - compute the queues a guest may see
 * @guest:	the guest view (shadow APCB); updated in place, and its
 *		limits are reset from @host
 * @m:		the mdev's assigned matrix
 * @host:	the host AP configuration
 * @passable:	tells whether one queue may be passed through
 * @ctx:	passed to @passable
 * @apm_dropped: receives the adapters that were in the guest view before
 *		this call and are now left out because one of their queues is
 *		not passable (their queues need a reset)
 *
 * The guest gets the assigned adapters and domains that are in the host
 * configuration. The architecture cannot hide a single queue, so an adapter
 * is left out entirely when any of its queues in that view is not passable.
 * Domains are never left out for that reason. Control domains are handled
 * by vfio_ap_matrix_filter_cdoms().
 *
 * Return: true if the guest's adapters or domains changed.
 */
bool vfio_ap_matrix_filter(struct vfio_ap_matrix *guest,
			   const struct vfio_ap_matrix *m,
			   const struct vfio_ap_hostcfg *host,
			   vfio_ap_passable_fn passable, void *ctx,
			   unsigned long *apm_dropped)
{
	DECLARE_BITMAP(old_apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(old_aqm, VFIO_AP_NR_APQIS);
	unsigned int apid, apqi;

	bitmap_copy(old_apm, guest->apm, VFIO_AP_NR_APIDS);
	bitmap_copy(old_aqm, guest->aqm, VFIO_AP_NR_APQIS);
	bitmap_zero(apm_dropped, VFIO_AP_NR_APIDS);
	vfio_ap_set_limits(guest, host);

	bitmap_and(guest->apm, m->apm, host->apm, VFIO_AP_NR_APIDS);
	bitmap_and(guest->aqm, m->aqm, host->aqm, VFIO_AP_NR_APQIS);

	for_each_vfio_ap_id(apid, guest->apm, VFIO_AP_NR_APIDS) {
		for_each_vfio_ap_id(apqi, guest->aqm, VFIO_AP_NR_APQIS) {
			if (passable(ctx, apid, apqi))
				continue;
			ap_clear_id(guest->apm, apid);
			if (ap_test_id(old_apm, apid))
				ap_set_id(apm_dropped, apid);
			break;
		}
	}

	return !bitmap_equal(old_apm, guest->apm, VFIO_AP_NR_APIDS) ||
	       !bitmap_equal(old_aqm, guest->aqm, VFIO_AP_NR_APQIS);
}

/**
 * vfio_ap_matrix_filter_cdoms() - compute the guest's control domains
 * @guest:	the guest view; its adm is updated
 * @m:		the mdev's assigned matrix
 * @host:	the host AP configuration
 *
 * The guest gets the assigned control domains that are in the host
 * configuration; no queue needs to exist for them.
 *
 * Return: true if the guest's control domains changed.
 */
bool vfio_ap_matrix_filter_cdoms(struct vfio_ap_matrix *guest,
				 const struct vfio_ap_matrix *m,
				 const struct vfio_ap_hostcfg *host)
{
	DECLARE_BITMAP(old_adm, VFIO_AP_NR_APQIS);

	bitmap_copy(old_adm, guest->adm, VFIO_AP_NR_APQIS);
	bitmap_and(guest->adm, m->adm, host->adm, VFIO_AP_NR_APQIS);
	return !bitmap_equal(old_adm, guest->adm, VFIO_AP_NR_APQIS);
}

/*
 * Rendering. Every view except VFIO_AP_VIEW_CONFIG is a list of lines of one
 * fixed width, so the line holding any byte offset can be computed directly
 * and a read at any offset costs O(256 + bytes returned), whatever the size
 * of the whole text.
 */
#define VFIO_AP_LINE_MAX	16

struct vfio_ap_layout {
	unsigned int apids;	/* adapters shown */
	unsigned int apqis;	/* domains shown */
	unsigned int lines;
	unsigned int width;	/* bytes per line, '\n' included */
};

static unsigned int vfio_ap_limit(unsigned int max, unsigned int nbits)
{
	return max < nbits ? max + 1 : nbits;
}

static void vfio_ap_layout(const struct vfio_ap_matrix *m,
			   enum vfio_ap_view view, struct vfio_ap_layout *l)
{
	unsigned int alim = vfio_ap_limit(m->apid_max, VFIO_AP_NR_APIDS);
	unsigned int qlim = vfio_ap_limit(m->apqi_max, VFIO_AP_NR_APQIS);
	unsigned int clim = vfio_ap_limit(m->adm_max, VFIO_AP_NR_APQIS);

	memset(l, 0, sizeof(*l));
	switch (view) {
	case VFIO_AP_VIEW_APQNS:
		l->apids = vfio_ap_count_ids(m->apm, alim);
		l->apqis = vfio_ap_count_ids(m->aqm, qlim);
		if (l->apids && l->apqis) {
			l->lines = l->apids * l->apqis;
			l->width = sizeof("aa.dddd\n") - 1;
		} else if (l->apids) {
			l->lines = l->apids;
			l->width = sizeof("aa.\n") - 1;
		} else if (l->apqis) {
			l->lines = l->apqis;
			l->width = sizeof(".dddd\n") - 1;
		}
		break;
	case VFIO_AP_VIEW_CDOMS:
		l->lines = vfio_ap_count_ids(m->adm, clim);
		l->width = sizeof("dddd\n") - 1;
		break;
	case VFIO_AP_VIEW_CONFIG:
		l->lines = 1;
		l->width = VFIO_AP_CONFIG_LEN;
		break;
	}
}

/*
 * Append @line minus its first @skip bytes, as far as it fits. Only the
 * inline seq_buf helpers are used: not every kernel exports the others.
 * Return: true while @s has room left.
 */
static bool vfio_ap_emit(struct seq_buf *s, const char *line,
			 unsigned int len, unsigned int skip)
{
	char *dst;
	size_t room = seq_buf_get_buf(s, &dst);
	size_t n = min_t(size_t, len - skip, room);

	if (n) {
		memcpy(dst, line + skip, n);
		seq_buf_commit(s, n);
	}
	return room > n;
}

static char *vfio_ap_hex_mask(char *p, const unsigned long *map)
{
	unsigned int id, i;

	*p++ = '0';
	*p++ = 'x';
	for (id = 0; id < VFIO_AP_NR_APIDS; id += 4) {
		unsigned int nibble = 0;

		for (i = 0; i < 4; i++)
			nibble = nibble << 1 | ap_test_id(map, id + i);
		*p++ = hex_asc_lo(nibble);
	}
	return p;
}

static void vfio_ap_render_config(const struct vfio_ap_matrix *m,
				  struct seq_buf *s, unsigned int skip)
{
	char text[VFIO_AP_CONFIG_LEN];
	char *p = text;

	p = vfio_ap_hex_mask(p, m->apm);
	*p++ = ',';
	p = vfio_ap_hex_mask(p, m->aqm);
	*p++ = ',';
	p = vfio_ap_hex_mask(p, m->adm);
	*p++ = '\n';
	vfio_ap_emit(s, text, p - text, skip);
}

/* Lines that each name one ID of one mask. */
enum vfio_ap_id_line {
	VFIO_AP_LINE_APID,	/* "aa.\n": adapters without domains */
	VFIO_AP_LINE_APQI,	/* ".dddd\n": domains without adapters */
	VFIO_AP_LINE_CDOM,	/* "dddd\n": control domains */
};

static void vfio_ap_format_id(char *text, enum vfio_ap_id_line kind,
			      unsigned int id)
{
	switch (kind) {
	case VFIO_AP_LINE_APID:
		snprintf(text, VFIO_AP_LINE_MAX, "%02x.\n", id);
		break;
	case VFIO_AP_LINE_APQI:
		snprintf(text, VFIO_AP_LINE_MAX, ".%04x\n", id);
		break;
	case VFIO_AP_LINE_CDOM:
		snprintf(text, VFIO_AP_LINE_MAX, "%04x\n", id);
		break;
	}
}

static void vfio_ap_render_ids(const unsigned long *map, unsigned int limit,
			       enum vfio_ap_id_line kind,
			       const struct vfio_ap_layout *l,
			       unsigned int line, unsigned int skip,
			       struct seq_buf *s)
{
	char text[VFIO_AP_LINE_MAX];
	unsigned int id;

	for (id = vfio_ap_nth_id(map, limit, line); id < limit;
	     id = vfio_ap_next_id(map, limit, id + 1)) {
		vfio_ap_format_id(text, kind, id);
		if (!vfio_ap_emit(s, text, l->width, skip))
			return;
		skip = 0;
	}
}

/* "aa.dddd" lines, adapter-major, starting at line number @line. */
static void vfio_ap_render_pairs(const struct vfio_ap_matrix *m,
				 const struct vfio_ap_layout *l,
				 unsigned int line, unsigned int skip,
				 struct seq_buf *s)
{
	unsigned int alim = vfio_ap_limit(m->apid_max, VFIO_AP_NR_APIDS);
	unsigned int qlim = vfio_ap_limit(m->apqi_max, VFIO_AP_NR_APQIS);
	unsigned int apid = vfio_ap_nth_id(m->apm, alim, line / l->apqis);
	unsigned int apqi = vfio_ap_nth_id(m->aqm, qlim, line % l->apqis);
	char text[VFIO_AP_LINE_MAX];

	for (; apid < alim; apid = vfio_ap_next_id(m->apm, alim, apid + 1)) {
		for (; apqi < qlim;
		     apqi = vfio_ap_next_id(m->aqm, qlim, apqi + 1)) {
			snprintf(text, sizeof(text), "%02x.%04x\n", apid, apqi);
			if (!vfio_ap_emit(s, text, l->width, skip))
				return;
			skip = 0;
		}
		apqi = vfio_ap_next_id(m->aqm, qlim, 0);
	}
}

/**
 * vfio_ap_matrix_render() - produce part of the text of a view
 * @m:		the matrix
 * @view:	which text (enum vfio_ap_view)
 * @s:		receives the bytes; rendering stops when it is full
 * @off:	byte offset into the whole text where the output starts
 *
 * Reading the text piece by piece at increasing offsets yields exactly the
 * bytes of one call with a buffer large enough for the whole text (at most
 * 524288 bytes, for 256 x 256 queues), provided @m does not change in
 * between. This is what a bin_attribute read(off,
 * count) needs; small matrices give the same bytes as the upstream text
 * attributes.
 *
 * Context: the caller holds the lock protecting @m.
 * Return: the number of bytes appended to @s; 0 at or past the end.
 */
size_t vfio_ap_matrix_render(const struct vfio_ap_matrix *m,
			     enum vfio_ap_view view, struct seq_buf *s,
			     loff_t off)
{
	unsigned int start = seq_buf_used(s);
	unsigned int pos, line, skip;
	struct vfio_ap_layout l;

	vfio_ap_layout(m, view, &l);
	if (off < 0 || off >= (loff_t)l.lines * l.width)
		return 0;
	/* Below 512 KiB here: no 64-bit division on 32-bit machines. */
	pos = off;
	line = pos / l.width;
	skip = pos % l.width;

	switch (view) {
	case VFIO_AP_VIEW_APQNS:
		if (l.apids && l.apqis)
			vfio_ap_render_pairs(m, &l, line, skip, s);
		else if (l.apids)
			vfio_ap_render_ids(m->apm,
					   vfio_ap_limit(m->apid_max,
							 VFIO_AP_NR_APIDS),
					   VFIO_AP_LINE_APID, &l, line, skip, s);
		else
			vfio_ap_render_ids(m->aqm,
					   vfio_ap_limit(m->apqi_max,
							 VFIO_AP_NR_APQIS),
					   VFIO_AP_LINE_APQI, &l, line, skip, s);
		break;
	case VFIO_AP_VIEW_CDOMS:
		vfio_ap_render_ids(m->adm,
				   vfio_ap_limit(m->adm_max, VFIO_AP_NR_APQIS),
				   VFIO_AP_LINE_CDOM, &l, line, skip, s);
		break;
	case VFIO_AP_VIEW_CONFIG:
		vfio_ap_render_config(m, s, skip);
		break;
	}

	return seq_buf_used(s) - start;
}

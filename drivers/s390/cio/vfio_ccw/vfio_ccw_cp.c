// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw channel-program translator.
 *
 * Design notes and the list of accepted and refused programs are in
 * Documentation/driver-api/zmdev/vfio-ccw-translation.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vfio_ccw_cp.h"
#include "vfio_ccw_cp_internal.h"
#include "vfio_ccw_hw.h"

/**
 * DOC: translation in two steps
 *
 * ccwcp_init() discovers the program. Starting at the ORB's channel program
 * address it reads one *segment*: consecutive CCWs up to and including the
 * first one that neither chains (CC, CD) nor is a TIC jumping back into the
 * same segment. Guest memory is read page by page, each byte of a segment
 * once. Segments are kept in @cp->chains in discovery order and scanned in
 * that order: a TIC whose target lies outside every known segment opens a
 * new segment at the target, appended to the list. This is a bounded
 * breadth-first walk (CCWCP_CHAIN_COUNT_MAX segments of at most
 * CCWCP_CHAIN_LEN_MAX CCWs), with no recursion. Only plain kernel memory is
 * used here.
 *
 * ccwcp_prefetch() builds what the channel will run: a channel-visible
 * format-1 copy of every segment, a format-2 IDAL for every CCW that moves
 * data (whether the guest used direct addressing or an IDAL of either
 * format), and pins every guest page such an IDAL names. A segment whose
 * next-to-last CCW chains commands gets one more slot in its copy, the
 * guard: status modifier on that CCW makes the channel skip the last one
 * and fetch the CCW after it (see cp_fill_guard()). A guest IDAL is
 * read exactly once: the first IDAW alone (it fixes how many IDAWs the
 * count needs), then the remaining ones; all later decisions use that copy.
 * CCWs that move no data get no IDAL and no pin.
 *
 * Whatever prefetch acquired is released by ccwcp_free(), or by prefetch
 * itself when it fails. Every translated CCW owns its IDAL and the list of
 * pin calls made for it, so teardown repeats exactly those calls.
 */

/* IDAWs one CCW can need: 65535 bytes starting anywhere in a 2K block. */
#define CP_IDAW_MAX	33

#define CP_PAGE_MASK	(CCWCP_PAGE_SIZE - 1)

/* One successful ops->pin call, repeated as ops->unpin at teardown. */
struct ccwcp_pin {
	u64 iova;
	int npage;
};

/*
 * What prefetch built for one CCW that moves data. Most CCWs need a single
 * pin call; it is kept in @one instead of a separate allocation.
 */
struct ccwcp_xfer {
	void *idal;
	u64 idal_pa;
	size_t idal_size;
	struct ccwcp_pin *pins;
	unsigned int nr_pins;
	struct ccwcp_pin one;
};

/*
 * One segment: guest CCWs as read by init, host copy made by prefetch.
 * The header, @xfer and @src are carved from one allocation made by init,
 * so a start costs one allocation per segment for them; @xfer stays zeroed
 * until prefetch fills it. The host copy has @host_len CCW slots: @len, and
 * the guard slot when there is one.
 */
struct ccwcp_chain {
	u64 guest;
	unsigned int len;
	unsigned int host_len;
	struct cp_ccw *src;
	u8 *host;
	u64 host_pa;
	struct ccwcp_xfer *xfer;
};

static bool cp_fmt1(const struct ccwcp *cp)
{
	return cp->orb[CSS_ORB_B5] & CSS_ORB_FMT;
}

static bool cp_c64(const struct ccwcp *cp)
{
	return cp->orb[CSS_ORB_B5] & CSS_ORB_C64;
}

/* Block size of every IDAW in this program, guest and host alike. */
static u32 cp_block(const struct ccwcp *cp)
{
	if (!cp_c64(cp) || (cp->orb[CSS_ORB_B5] & CSS_ORB_I2K))
		return CSS_BLOCK_2K;
	return CSS_BLOCK_4K;
}

/* Where a CCW may live, or a TIC point: doubleword aligned, below 2G. */
static bool cp_ccw_addr_ok(u64 addr)
{
	return !(addr & (CSS_CCW_SIZE - 1)) && addr < CSS_ADDR31_LIMIT;
}

static bool cp_is_read_backward(const struct cp_ccw *ccw)
{
	return (ccw->cmd & 0x0f) == 0x0c;
}

/*
 * Does the channel move data for this CCW? Not with a zero count, not for a
 * no-operation, and not when the skip flag is honoured, which it is for the
 * read, read-backward and sense command types only.
 */
static bool cp_moves_data(const struct cp_ccw *ccw)
{
	if (!ccw->count || ccw->cmd == CSS_CMD_NOP)
		return false;
	if (!(ccw->flags & CSS_CCW_SKIP))
		return true;
	if ((ccw->cmd & 0x03) == 0x02 || cp_is_read_backward(ccw) ||
	    (ccw->cmd & 0x0f) == 0x04)
		return false;
	return true;
}

static int cp_read(struct ccwcp *cp, u64 iova, void *buf, size_t len)
{
	int ret = cp->ops->read(cp->ctx, iova, buf, len);

	if (ret > 0)
		return -EFAULT;
	return ret;
}

/*
 * Decode one guest CCW. A format-0 TIC is any command whose low nibble is
 * 8; it becomes the format-1 TIC (0x08). Flags and count of a TIC mean
 * nothing to the channel and are cleared, so no later step can mistake a
 * TIC for a chaining CCW.
 */
static void cp_decode(const struct ccwcp *cp, const u8 *raw,
		      struct cp_ccw *ccw)
{
	if (cp_fmt1(cp)) {
		cp_ccw1_decode(raw, ccw);
	} else {
		cp_ccw0_decode(raw, ccw);
		if ((ccw->cmd & 0x0f) == CSS_CMD_TIC)
			ccw->cmd = CSS_CMD_TIC;
	}
	if (ccw->cmd == CSS_CMD_TIC) {
		ccw->flags = 0;
		ccw->count = 0;
	}
}

/* Refuse what the host channel must not be given, or we do not support. */
static int cp_check_ccw(const struct cp_ccw *ccw)
{
	if (ccw->cmd == CSS_CMD_TIC)
		return cp_ccw_addr_ok(ccw->cda) ? 0 : -EINVAL;
	/* In format 1 only 0x08 is a TIC; other codes ending in 8 are invalid. */
	if ((ccw->cmd & 0x0f) == CSS_CMD_TIC)
		return -EINVAL;
	if (ccw->flags & CSS_CCW_MIDA)
		return -EOPNOTSUPP;
	if (cp_moves_data(ccw) && cp_is_read_backward(ccw))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Read the next CCWs of the segment at @head into @raw, from the first one
 * not read yet up to the end of its guest page, and never past
 * CCWCP_CHAIN_LEN_MAX CCWs or the 2G line. *@have counts the CCWs in @raw.
 */
static int cp_read_more(struct ccwcp *cp, u64 head, u8 *raw,
			unsigned int *have)
{
	u64 at = head + (u64)*have * CSS_CCW_SIZE;
	u64 len = CCWCP_PAGE_SIZE - (at & CP_PAGE_MASK);
	int ret;

	if (at >= CSS_ADDR31_LIMIT)
		return -EINVAL;
	len = min(len, (u64)(CCWCP_CHAIN_LEN_MAX - *have) * CSS_CCW_SIZE);
	len = min(len, CSS_ADDR31_LIMIT - at);
	ret = cp_read(cp, at, raw + *have * CSS_CCW_SIZE, len);
	if (ret)
		return ret;
	*have += len / CSS_CCW_SIZE;
	return 0;
}

/* Number of CCWs in the segment at @head, which is left in @raw. */
static int cp_segment_len(struct ccwcp *cp, u64 head, u8 *raw)
{
	unsigned int have = 0, i;
	struct cp_ccw ccw;
	int ret;

	for (i = 0; i < CCWCP_CHAIN_LEN_MAX; i++) {
		if (i == have) {
			ret = cp_read_more(cp, head, raw, &have);
			if (ret)
				return ret;
		}
		cp_decode(cp, raw + i * CSS_CCW_SIZE, &ccw);
		if (ccw.cmd == CSS_CMD_TIC) {
			/*
			 * A TIC back into this segment is a loop the channel
			 * leaves through status modifier, skipping the TIC:
			 * the segment goes on. Any other TIC ends it.
			 */
			if (ccw.cda >= head && ccw.cda <= head + i * CSS_CCW_SIZE)
				continue;
			return i + 1;
		}
		if (!(ccw.flags & (CSS_CCW_CC | CSS_CCW_CD)))
			return i + 1;
	}
	return -EINVAL;
}

static int cp_add_chain(struct ccwcp *cp, u64 head, u8 *raw)
{
	struct ccwcp_chain *chain;
	unsigned int i;
	int len, ret;

	if (cp->nr_chains >= CCWCP_CHAIN_COUNT_MAX)
		return -EINVAL;
	len = cp_segment_len(cp, head, raw);
	if (len < 0)
		return len;

	/* len <= CCWCP_CHAIN_LEN_MAX: the size cannot overflow. */
	chain = kzalloc(sizeof(*chain) +
			len * (sizeof(*chain->xfer) + sizeof(*chain->src)),
			GFP_KERNEL);
	if (!chain)
		return -ENOMEM;
	chain->xfer = (struct ccwcp_xfer *)(chain + 1);
	chain->src = (struct cp_ccw *)(chain->xfer + len);
	chain->guest = head;
	chain->len = len;
	/* From here on the caller's error path frees the chain. */
	cp->chains[cp->nr_chains++] = chain;

	for (i = 0; i < chain->len; i++) {
		cp_decode(cp, raw + i * CSS_CCW_SIZE, &chain->src[i]);
		ret = cp_check_ccw(&chain->src[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* The segment holding the CCW at guest address @addr, and its index. */
static struct ccwcp_chain *cp_find(const struct ccwcp *cp, u64 addr,
				   unsigned int *idx)
{
	unsigned int c;

	for (c = 0; c < cp->nr_chains; c++) {
		struct ccwcp_chain *ch = cp->chains[c];

		if (addr >= ch->guest &&
		    addr < ch->guest + (u64)ch->len * CSS_CCW_SIZE) {
			*idx = (addr - ch->guest) / CSS_CCW_SIZE;
			return ch;
		}
	}
	return NULL;
}

static int cp_build(struct ccwcp *cp, u64 cpa)
{
	u8 *raw = cp->raw;
	const struct ccwcp_chain *tgt;
	unsigned int c, i, t;
	int ret;

	ret = cp_add_chain(cp, cpa, raw);
	for (c = 0; !ret && c < cp->nr_chains; c++) {
		const struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; !ret && i < ch->len; i++) {
			const struct cp_ccw *ccw = &ch->src[i];

			if (ccw->cmd == CSS_CMD_TIC && !cp_find(cp, ccw->cda, &t))
				ret = cp_add_chain(cp, ccw->cda, raw);
		}
	}
	if (ret)
		return ret;

	/* A TIC may not designate another TIC (the channel would refuse). */
	for (c = 0; c < cp->nr_chains; c++) {
		const struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; i < ch->len; i++) {
			if (ch->src[i].cmd != CSS_CMD_TIC)
				continue;
			tgt = cp_find(cp, ch->src[i].cda, &t);
			if (!tgt || tgt->src[t].cmd == CSS_CMD_TIC)
				return -EINVAL;
		}
	}
	return 0;
}

static void cp_release_chains(struct ccwcp *cp)
{
	unsigned int c;

	for (c = 0; c < cp->nr_chains; c++) {
		kfree(cp->chains[c]);
		cp->chains[c] = NULL;
	}
	cp->nr_chains = 0;
}

/* Channel-visible memory; refuse what a format-1 CCW could not address. */
static void *cp_dma_alloc(struct ccwcp *cp, size_t size, u64 *pa)
{
	void *va = cp->ops->dma_alloc(cp->ctx, size, pa);

	if (!va)
		return NULL;
	if (WARN_ON_ONCE((*pa & (CSS_CCW_SIZE - 1)) || *pa >= CSS_ADDR31_LIMIT ||
			 size > CSS_ADDR31_LIMIT - *pa)) {
		cp->ops->dma_free(cp->ctx, va, size);
		return NULL;
	}
	return va;
}

static void cp_unpin(struct ccwcp *cp, const struct ccwcp_pin *pins,
		     unsigned int nr)
{
	while (nr--)
		cp->ops->unpin(cp->ctx, pins[nr].iova, pins[nr].npage);
}

static void cp_release_xfer(struct ccwcp *cp, struct ccwcp_xfer *x)
{
	cp_unpin(cp, x->pins, x->nr_pins);
	if (x->pins != &x->one)
		kfree(x->pins);
	if (x->idal)
		cp->ops->dma_free(cp->ctx, x->idal, x->idal_size);
	memset(x, 0, sizeof(*x));
}

static void cp_unprefetch(struct ccwcp *cp)
{
	unsigned int c, i;

	for (c = 0; c < cp->nr_chains; c++) {
		struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; i < ch->len; i++)
			cp_release_xfer(cp, &ch->xfer[i]);
		if (ch->host) {
			cp->ops->dma_free(cp->ctx, ch->host,
					  ch->host_len * CSS_CCW_SIZE);
			ch->host = NULL;
			ch->host_pa = 0;
		}
	}
	cp->prefetched = false;
}

static unsigned int cp_nr_blocks(u64 first, u32 count, u32 bs)
{
	return ((first & (bs - 1)) + count + bs - 1) / bs;
}

static int cp_alloc_idal(struct ccwcp *cp, struct ccwcp_xfer *x,
			 unsigned int n)
{
	x->idal_size = n * CSS_IDAW2_SIZE;
	x->idal = cp_dma_alloc(cp, x->idal_size, &x->idal_pa);
	return x->idal ? 0 : -ENOMEM;
}

/*
 * A direct-addressed CCW: the data are @count contiguous guest bytes from
 * @cda. List the blocks they span as an IDAL would.
 */
static int cp_direct_list(struct ccwcp *cp, const struct cp_ccw *ccw,
			  u64 *addr, unsigned int *n, struct ccwcp_xfer *x)
{
	u32 bs = cp_block(cp);
	unsigned int i;

	if (ccw->cda >= CSS_ADDR31_LIMIT ||
	    ccw->count > CSS_ADDR31_LIMIT - ccw->cda)
		return -EINVAL;
	*n = cp_nr_blocks(ccw->cda, ccw->count, bs);
	addr[0] = ccw->cda;
	for (i = 1; i < *n; i++)
		addr[i] = (addr[i - 1] & ~(u64)(bs - 1)) + bs;
	return cp_alloc_idal(cp, x, *n);
}

static u64 cp_idaw(const u8 *p, bool fmt2)
{
	return fmt2 ? get_unaligned_be64(p) : get_unaligned_be32(p);
}

/*
 * A CCW with an IDAL. The first IDAW is read on its own since its offset in
 * the block decides how many IDAWs @count needs; the others are then read
 * into the host IDAL buffer, which is overwritten with host IDAWs later.
 * No guest byte of the IDAL is read twice.
 */
static int cp_guest_list(struct ccwcp *cp, const struct cp_ccw *ccw,
			 u64 *addr, unsigned int *n, struct ccwcp_xfer *x)
{
	bool fmt2 = cp_c64(cp);
	size_t isz = fmt2 ? CSS_IDAW2_SIZE : CSS_IDAW1_SIZE;
	u32 bs = cp_block(cp);
	u8 first[CSS_IDAW2_SIZE];
	unsigned int i;
	int ret;

	if ((ccw->cda & (isz - 1)) || ccw->cda >= CSS_ADDR31_LIMIT)
		return -EINVAL;
	ret = cp_read(cp, ccw->cda, first, isz);
	if (ret)
		return ret;
	addr[0] = cp_idaw(first, fmt2);
	*n = cp_nr_blocks(addr[0], ccw->count, bs);

	ret = cp_alloc_idal(cp, x, *n);
	if (ret)
		return ret;
	if (*n > 1) {
		ret = cp_read(cp, ccw->cda + isz, x->idal, (*n - 1) * isz);
		if (ret)
			return ret;
	}
	for (i = 1; i < *n; i++) {
		addr[i] = cp_idaw((u8 *)x->idal + (i - 1) * isz, fmt2);
		if (addr[i] & (bs - 1))
			return -EINVAL;
	}
	if (!fmt2) {
		for (i = 0; i < *n; i++)
			if (addr[i] >= CSS_ADDR31_LIMIT)
				return -EINVAL;
	}
	return 0;
}

/*
 * Group the pages behind @addr into pin calls: an entry in the page of the
 * previous entry shares its pin (two 2K blocks of one page), an entry in the
 * next guest page extends the previous call. @slot[i] is the index of the
 * page of entry i among all pinned pages. Returns the number of calls; with
 * @pins NULL it only counts.
 */
static unsigned int cp_plan_pins(const u64 *addr, unsigned int n,
				 struct ccwcp_pin *pins, u8 *slot)
{
	unsigned int i, nr = 0, pages = 0;
	u64 last = 0;

	for (i = 0; i < n; i++) {
		u64 pfn = addr[i] >> CCWCP_PAGE_SHIFT;

		if (nr && pfn == last) {
			/* same page as the entry before */
		} else if (nr && pfn == last + 1) {
			if (pins)
				pins[nr - 1].npage++;
			pages++;
		} else {
			if (pins) {
				pins[nr].iova = pfn << CCWCP_PAGE_SHIFT;
				pins[nr].npage = 1;
			}
			nr++;
			pages++;
		}
		slot[i] = pages - 1;
		last = pfn;
	}
	return nr;
}

/* Pin the pages behind @addr and fill the host IDAL. */
static int cp_pin_list(struct ccwcp *cp, const u64 *addr, unsigned int n,
		       struct ccwcp_xfer *x)
{
	u64 pa[CP_IDAW_MAX];
	u8 slot[CP_IDAW_MAX];
	unsigned int nr, r, i, pages = 0;
	struct ccwcp_pin *pins;
	int ret;

	nr = cp_plan_pins(addr, n, NULL, slot);
	if (nr == 1) {
		pins = &x->one;
	} else {
		pins = kcalloc(nr, sizeof(*pins), GFP_KERNEL);
		if (!pins)
			return -ENOMEM;
	}
	cp_plan_pins(addr, n, pins, slot);

	for (r = 0; r < nr; r++) {
		ret = cp->ops->pin(cp->ctx, pins[r].iova, pins[r].npage,
				   pa + pages);
		if (ret != pins[r].npage) {
			if (ret > 0 && ret < pins[r].npage)
				cp->ops->unpin(cp->ctx, pins[r].iova, ret);
			cp_unpin(cp, pins, r);
			if (pins != &x->one)
				kfree(pins);
			return ret < 0 ? ret : -EINVAL;
		}
		pages += pins[r].npage;
	}
	x->pins = pins;
	x->nr_pins = nr;

	for (i = 0; i < n; i++)
		put_unaligned_be64(pa[slot[i]] + (addr[i] & CP_PAGE_MASK),
				   (u8 *)x->idal + i * CSS_IDAW2_SIZE);
	return 0;
}

static int cp_map_data(struct ccwcp *cp, const struct cp_ccw *ccw,
		       struct ccwcp_xfer *x)
{
	u64 addr[CP_IDAW_MAX];
	unsigned int n = 0;
	int ret;

	if (ccw->flags & CSS_CCW_IDA)
		ret = cp_guest_list(cp, ccw, addr, &n, x);
	else
		ret = cp_direct_list(cp, ccw, addr, &n, x);
	if (!ret)
		ret = cp_pin_list(cp, addr, n, x);
	if (ret)
		cp_release_xfer(cp, x);
	return ret;
}

static int cp_translate_one(struct ccwcp *cp, struct ccwcp_chain *ch,
			    unsigned int i)
{
	const struct cp_ccw *ccw = &ch->src[i];
	u8 *out = ch->host + i * CSS_CCW_SIZE;
	const struct ccwcp_chain *tgt;
	unsigned int t;
	int ret;

	if (ccw->cmd == CSS_CMD_TIC) {
		tgt = cp_find(cp, ccw->cda, &t);
		if (!tgt)
			return -EFAULT;
		cp_ccw1_encode(out, CSS_CMD_TIC, 0, 0,
			       tgt->host_pa + t * CSS_CCW_SIZE);
		return 0;
	}
	if (!cp_moves_data(ccw)) {
		/*
		 * The channel will not touch the data area, but the address
		 * must still be valid: use our own copy of the segment.
		 */
		cp_ccw1_encode(out, ccw->cmd, ccw->flags & ~CSS_CCW_IDA,
			       ccw->count, ch->host_pa);
		return 0;
	}
	ret = cp_map_data(cp, ccw, &ch->xfer[i]);
	if (ret)
		return ret;
	cp_ccw1_encode(out, ccw->cmd, ccw->flags | CSS_CCW_IDA, ccw->count,
		       ch->xfer[i].idal_pa);
	return 0;
}

/*
 * Can the channel be sent past the last CCW of @ch? A CCW that chains
 * commands and ends with status modifier makes the channel skip the next
 * CCW and fetch the one after it. Within the segment that lands on a
 * translated CCW; from the next-to-last CCW it lands one slot past the
 * copy. The last CCW does not chain (or is a TIC, which presents no
 * status), so nothing reaches further.
 */
static bool cp_needs_guard(const struct ccwcp_chain *ch)
{
	const struct cp_ccw *ccw;

	if (ch->len < 2)
		return false;
	ccw = &ch->src[ch->len - 2];
	return ccw->cmd != CSS_CMD_TIC && (ccw->flags & CSS_CCW_CC);
}

/*
 * Fill the guard slot of @ch with what the channel may run there. On real
 * hardware it would fetch the guest's CCW after the segment. If that CCW
 * belongs to the program, the guard is a TIC to its host copy (a TIC there
 * is followed to its target, since a TIC may not designate a TIC). Anything
 * else was never read or translated and must not run: the guard stays a
 * zeroed CCW, whose invalid command code ends the program with a program
 * check.
 */
static void cp_fill_guard(struct ccwcp *cp, struct ccwcp_chain *ch)
{
	u8 *out = ch->host + ch->len * CSS_CCW_SIZE;
	const struct ccwcp_chain *tgt;
	unsigned int t;

	memset(out, 0, CSS_CCW_SIZE);
	tgt = cp_find(cp, ch->guest + (u64)ch->len * CSS_CCW_SIZE, &t);
	if (!tgt)
		return;
	if (tgt->src[t].cmd == CSS_CMD_TIC) {
		tgt = cp_find(cp, tgt->src[t].cda, &t);
		/* cp_build() saw to it that every TIC target is known. */
		if (WARN_ON_ONCE(!tgt))
			return;
	}
	cp_ccw1_encode(out, CSS_CMD_TIC, 0, 0, tgt->host_pa + t * CSS_CCW_SIZE);
}

/**
 * ccwcp_setup() - prepare a &struct ccwcp for use
 * @cp:  the channel program, usually embedded in the device state
 * @ops: how to reach guest and channel-visible memory
 * @ctx: passed to every @ops call
 *
 * Call once before any other ccwcp_* function.
 *
 * Context: any context.
 */
void ccwcp_setup(struct ccwcp *cp, const struct ccwcp_ops *ops, void *ctx)
{
	memset(cp, 0, sizeof(*cp));
	cp->ops = ops;
	cp->ctx = ctx;
}

/**
 * ccwcp_init() - read and check a guest channel program
 * @cp:  the channel program, set up with ccwcp_setup()
 * @orb: the guest's ORB: words 0-2 of a command-mode ORB, big-endian
 *
 * Reads every segment of the program reachable through chaining and TICs
 * into kernel memory and checks its structure. Nothing is pinned and no
 * channel-visible memory is allocated. A guest ORB without the prefetch bit
 * is accepted: the program is always prefetched. An ORB extension bit is
 * ignored, as the I/O region carries no extension words.
 *
 * Context: process context, may sleep.
 * Return: 0 on success; -EBUSY if @cp already holds a program; -EOPNOTSUPP
 * for transport mode, MIDAWs, the suspend control, or a read-backward CCW
 * that moves data; -EINVAL for reserved ORB bits set (word 1 bits 26-30),
 * a misplaced CCW or TIC, a TIC designating a
 * TIC, a segment longer than CCWCP_CHAIN_LEN_MAX CCWs or more than
 * CCWCP_CHAIN_COUNT_MAX segments; -ENOMEM; or the error of ops->read. On
 * failure nothing is left allocated.
 */
int ccwcp_init(struct ccwcp *cp, const u8 orb[CSS_ORB_BASIC_SIZE])
{
	u64 cpa = get_unaligned_be32(orb + CSS_ORB_CPA);
	int ret;

	if (cp->initialized)
		return -EBUSY;
	if (orb[CSS_ORB_B5] & CSS_ORB_TM || orb[CSS_ORB_B7] & CSS_ORB_MIDAW ||
	    orb[CSS_ORB_B4] & CSS_ORB_SPND)
		return -EOPNOTSUPP;
	if (!cp_ccw_addr_ok(cpa) || (orb[CSS_ORB_B7] & CSS_ORB_B7_ZERO))
		return -EINVAL;
	if (!(orb[CSS_ORB_B5] & CSS_ORB_PFCH))
		pr_notice_once("ORB without prefetch control: channel program is prefetched anyway\n");

	memcpy(cp->orb, orb, CSS_ORB_BASIC_SIZE);
	ret = cp_build(cp, cpa);
	if (ret) {
		cp_release_chains(cp);
		return ret;
	}
	cp->initialized = true;
	return 0;
}

/**
 * ccwcp_prefetch() - build the host channel program and pin its data
 * @cp: a channel program read by ccwcp_init()
 *
 * Allocates the channel-visible CCW copies and IDALs and pins every guest
 * page a CCW moves data to or from. This is the only function that pins.
 * A copy gets a guard slot after its last CCW when a status modifier
 * could make the channel fetch there: a TIC to the guest's next CCW if the
 * program holds it, else a zeroed CCW that ends the program.
 *
 * Context: process context, may sleep.
 * Return: 0 on success; -EINVAL if @cp holds no program or the program
 * names an unaligned IDAL, a misaligned IDAW or an address the channel
 * cannot reach; -EBUSY if already prefetched; -ENOMEM; or the error of
 * ops->read or ops->pin. On failure nothing stays pinned or allocated by
 * this call, and @cp still holds the program for ccwcp_free().
 */
int ccwcp_prefetch(struct ccwcp *cp)
{
	unsigned int c, i;
	int ret = 0;

	if (!cp->initialized)
		return -EINVAL;
	if (cp->prefetched)
		return -EBUSY;

	for (c = 0; !ret && c < cp->nr_chains; c++) {
		struct ccwcp_chain *ch = cp->chains[c];

		ch->host_len = ch->len + cp_needs_guard(ch);
		ch->host = cp_dma_alloc(cp, ch->host_len * CSS_CCW_SIZE,
					&ch->host_pa);
		if (!ch->host)
			ret = -ENOMEM;
	}
	for (c = 0; !ret && c < cp->nr_chains; c++) {
		struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; !ret && i < ch->len; i++)
			ret = cp_translate_one(cp, ch, i);
		if (!ret && ch->host_len > ch->len)
			cp_fill_guard(cp, ch);
	}
	if (ret) {
		cp_unprefetch(cp);
		return ret;
	}
	cp->prefetched = true;
	return 0;
}

/**
 * ccwcp_host_orb() - the ORB to start the translated program with
 * @cp:      a prefetched channel program
 * @intparm: interruption parameter for the host ORB
 * @lpm:     path mask to use when the guest's ORB has none
 * @orb:     receives the 32-byte command-mode ORB, big-endian
 *
 * The guest's key and control bits are kept. The result always names
 * format-1 CCWs and format-2 IDAWs; the 2K-block control is set when the
 * guest program uses 2K blocks (format-1 IDAWs, or format-2 with 2K
 * control), so that each host IDAW covers exactly the guest block it
 * replaces. MIDAW and ORB-extension bits are cleared.
 *
 * Context: any context.
 */
void ccwcp_host_orb(struct ccwcp *cp, u32 intparm, u8 lpm,
		    u8 orb[CSS_ORB_SIZE])
{
	u8 b5;

	memset(orb, 0, CSS_ORB_SIZE);
	if (WARN_ON_ONCE(!cp->prefetched))
		return;

	b5 = cp->orb[CSS_ORB_B5] & ~(CSS_ORB_TM | CSS_ORB_I2K);
	b5 |= CSS_ORB_FMT | CSS_ORB_C64;
	if (cp_block(cp) == CSS_BLOCK_2K)
		b5 |= CSS_ORB_I2K;

	put_unaligned_be32(intparm, orb + CSS_ORB_INTPARM);
	orb[CSS_ORB_B4] = cp->orb[CSS_ORB_B4];
	orb[CSS_ORB_B5] = b5;
	orb[CSS_ORB_LPM] = cp->orb[CSS_ORB_LPM] ?: lpm;
	orb[CSS_ORB_B7] = cp->orb[CSS_ORB_B7] & ~(CSS_ORB_MIDAW | CSS_ORB_ORBX);
	put_unaligned_be32(cp->chains[0]->host_pa, orb + CSS_ORB_CPA);
}

/* The segment whose host copy the SCSW CCW address @cpa belongs to. */
static const struct ccwcp_chain *cp_scsw_chain(const struct ccwcp *cp,
					       u64 cpa)
{
	unsigned int c;

	/*
	 * The address names the CCW after the last one used, so look for the
	 * segment holding the CCW before it first: that also covers the
	 * address just past a segment's end, and the one just past its guard
	 * (a status modifier sent the channel there and the guard ended the
	 * program).
	 */
	for (c = 0; c < cp->nr_chains; c++) {
		const struct ccwcp_chain *ch = cp->chains[c];

		if (cpa > ch->host_pa &&
		    cpa <= ch->host_pa + (u64)ch->host_len * CSS_CCW_SIZE)
			return ch;
	}
	for (c = 0; c < cp->nr_chains; c++)
		if (cpa == cp->chains[c]->host_pa)
			return cp->chains[c];
	return NULL;
}

/**
 * ccwcp_guest_addr() - the guest address of a host CCW address
 * @cp:   the prefetched channel program
 * @addr: a host address the channel reported (an SCSW CCW address, an
 *	  ESW secondary CCW address); replaced by the guest address of the
 *	  same CCW
 *
 * An address inside a host segment copy, the one just past its end (the
 * channel reports the CCW after the last one it used) and, for a segment
 * with a guard slot, the one just past the guard all belong to this
 * program. Any other address is left unchanged, so that the caller can
 * tell status for this program from unrelated status; so is every
 * address while @cp holds no prefetched program.
 *
 * Context: any context.
 * Return: true if @addr pointed into this channel program and was
 * translated; false, with @addr unchanged, otherwise.
 */
bool ccwcp_guest_addr(struct ccwcp *cp, u32 *addr)
{
	const struct ccwcp_chain *ch;

	if (!cp->prefetched)
		return false;
	ch = cp_scsw_chain(cp, *addr);
	if (!ch)
		return false;
	*addr = ch->guest + (*addr - ch->host_pa);
	return true;
}

/**
 * ccwcp_iova_pinned() - is a guest range pinned by this channel program?
 * @cp:     the channel program
 * @iova:   start of the guest range
 * @length: bytes in the range
 *
 * Context: any context; the caller serialises against ccwcp_prefetch() and
 * ccwcp_free().
 * Return: true if any page pinned by ccwcp_prefetch() overlaps the range.
 */
bool ccwcp_iova_pinned(struct ccwcp *cp, u64 iova, u64 length)
{
	u64 last = iova + length - 1;
	unsigned int c, i, r;

	if (!cp->prefetched || !length)
		return false;
	if (last < iova)
		last = U64_MAX;

	for (c = 0; c < cp->nr_chains; c++) {
		const struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; i < ch->len; i++) {
			const struct ccwcp_xfer *x = &ch->xfer[i];

			for (r = 0; r < x->nr_pins; r++) {
				u64 first = x->pins[r].iova;
				u64 end = first + x->pins[r].npage *
					  CCWCP_PAGE_SIZE - 1;

				if (first <= last && iova <= end)
					return true;
			}
		}
	}
	return false;
}

/**
 * ccwcp_free() - release everything a channel program holds
 * @cp: the channel program
 *
 * Unpins every page and frees all memory taken by ccwcp_init() and
 * ccwcp_prefetch(). Safe to call on a &struct ccwcp that holds nothing, and
 * more than once.
 *
 * Context: process context.
 */
void ccwcp_free(struct ccwcp *cp)
{
	cp_unprefetch(cp);
	cp_release_chains(cp);
	cp->initialized = false;
}

/* Keep the pages @x's IDAL names, and the IDAL, for good. */
static void cp_keep_xfer(struct ccwcp *cp, struct ccwcp_xfer *x)
{
	unsigned int i, n = x->idal_size / CSS_IDAW2_SIZE;
	u64 page, last = 0;

	if (!x->idal)
		return;
	for (i = 0; i < n; i++) {
		page = get_unaligned_be64((u8 *)x->idal + i * CSS_IDAW2_SIZE) &
		       ~CP_PAGE_MASK;
		/* two 2K blocks of one page need one reference */
		if (!i || page != last)
			cp->ops->page_keep(cp->ctx, page);
		last = page;
	}
	cp->ops->dma_keep(cp->ctx, x->idal, x->idal_size);
	x->idal = NULL;
}

/**
 * ccwcp_abandon() - give up a program the channel may still be running
 * @cp: the channel program
 *
 * For a subchannel that could not be stopped. Everything the channel may
 * still read or write is kept allocated for good: the host CCW copies and
 * IDALs through ops->dma_keep, and every page a host IDAW names through
 * ops->page_keep, which holds a reference of its own. Then the pins are
 * undone as ccwcp_free() does (VFIO wants its pins back before the device
 * goes away) and the rest is freed. @cp ends up empty, as after
 * ccwcp_free().
 *
 * Context: process context.
 */
void ccwcp_abandon(struct ccwcp *cp)
{
	unsigned int c, i;

	for (c = 0; cp->prefetched && c < cp->nr_chains; c++) {
		struct ccwcp_chain *ch = cp->chains[c];

		for (i = 0; i < ch->len; i++)
			cp_keep_xfer(cp, &ch->xfer[i]);
		if (ch->host) {
			cp->ops->dma_keep(cp->ctx, ch->host,
					  ch->host_len * CSS_CCW_SIZE);
			ch->host = NULL;
		}
	}
	ccwcp_free(cp);
}

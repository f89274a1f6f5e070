// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the vfio_ccw channel-program translator.
 *
 * The translator is compiled into this module directly, so it runs on any
 * architecture against a fake guest: a flat memory image, pin reference
 * counts per page, a log of every read and a switch that fails the n-th
 * read, pin or allocation. tools/testing/ccw-cp builds the same file into a
 * user-space program (cp-test) and reuses the fake for its fuzzer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>

#include "../vfio_ccw_cp.c"

/* ---- the fake guest -------------------------------------------------- */

#define CPF_MEM_SIZE	0x40000ull		/* 256 KiB of guest memory */
#define CPF_PAGES	(CPF_MEM_SIZE >> CCWCP_PAGE_SHIFT)
#define CPF_HOST_BASE	0x4000000000ull		/* host address of frame 0 */
#define CPF_SCRAMBLE	0x15			/* neighbours are not adjacent */
#define CPF_DMA_BASE	0x10000000ull
#define CPF_DMA_MAGIC	0x63706661u
#define CPF_KEPT_MAGIC	0x6b657074u
#define CPF_LOG_MAX	8192

/* Header in front of each fake channel-visible allocation. */
struct cpf_dma {
	u32 magic;
	u32 size;
	u64 pa;
	struct cpf_dma *next_kept;
};

struct cpf_read {
	u64 iova;
	u64 len;
};

/**
 * struct cpf - fake guest memory and accounting
 * @mem:      guest memory, guest address 0 is @mem[0]
 * @pinref:   pin count of each guest page
 * @pinned:   pages pinned now
 * @pin_calls: successful ops->pin calls
 * @allocs:   live channel-visible allocations
 * @dma_next: next fake physical address handed out
 * @calls:    reads, pins and allocations so far (for @fail_at)
 * @fail_at:  fail the call with this number (1-based), 0 for none
 * @injected: @fail_at was reached
 * @log:      every read, in order
 * @nr_log:   entries in @log
 * @read_bytes: bytes read in total
 * @flip_at:  after the first read covering it, overwrite 8 bytes here
 * @flip:     value written at @flip_at (already big-endian bytes)
 * @flip_armed: @flip_at has not been hit yet
 * @mutate:   change every byte right after it has been read
 * @short_pin: pin one page less than asked when asked for several
 * @kept:     allocations handed to ops->dma_keep (freed by cpf_drop_kept())
 * @kept_allocs: entries in @kept
 * @kept_pages: ops->page_keep calls
 * @errors:   broken backend rules (double unpin, bad free, ...)
 */
struct cpf {
	u8 *mem;
	u32 *pinref;
	long pinned;
	long pin_calls;
	long allocs;
	u64 dma_next;
	long calls;
	long fail_at;
	bool injected;
	struct cpf_read *log;
	unsigned int nr_log;
	u64 read_bytes;
	u64 flip_at;
	u8 flip[8];
	bool flip_armed;
	bool mutate;
	bool short_pin;
	struct cpf_dma *kept;
	long kept_allocs;
	long kept_pages;
	unsigned int errors;
};

static u64 cpf_host(u64 pfn)
{
	return CPF_HOST_BASE + ((pfn ^ CPF_SCRAMBLE) << CCWCP_PAGE_SHIFT);
}

/* Guest address behind a host address from cpf_host(), or U64_MAX. */
static u64 cpf_guest(u64 pa)
{
	u64 pfn;

	if (pa < CPF_HOST_BASE)
		return U64_MAX;
	pfn = ((pa - CPF_HOST_BASE) >> CCWCP_PAGE_SHIFT) ^ CPF_SCRAMBLE;
	if (pfn >= CPF_PAGES)
		return U64_MAX;
	return (pfn << CCWCP_PAGE_SHIFT) | (pa & CP_PAGE_MASK);
}

static bool cpf_inject(struct cpf *f)
{
	if (++f->calls != f->fail_at)
		return false;
	f->injected = true;
	return true;
}

static bool cpf_in_mem(u64 iova, u64 len)
{
	return iova < CPF_MEM_SIZE && len <= CPF_MEM_SIZE - iova;
}

static int cpf_read(void *ctx, u64 iova, void *buf, size_t len)
{
	struct cpf *f = ctx;
	size_t i;

	if (cpf_inject(f))
		return -EIO;
	if (!len || !cpf_in_mem(iova, len))
		return -EFAULT;
	memcpy(buf, f->mem + iova, len);
	if (f->nr_log < CPF_LOG_MAX) {
		f->log[f->nr_log].iova = iova;
		f->log[f->nr_log].len = len;
		f->nr_log++;
	}
	f->read_bytes += len;
	if (f->flip_armed && iova <= f->flip_at && f->flip_at + 8 <= iova + len) {
		memcpy(f->mem + f->flip_at, f->flip, sizeof(f->flip));
		f->flip_armed = false;
	}
	if (f->mutate)
		for (i = 0; i < len; i++)
			f->mem[iova + i] ^= 0xa5;
	return 0;
}

static int cpf_pin(void *ctx, u64 iova, int npage, u64 *pa)
{
	struct cpf *f = ctx;
	u64 pfn = iova >> CCWCP_PAGE_SHIFT;
	int i;

	if (cpf_inject(f))
		return -EFAULT;
	if ((iova & CP_PAGE_MASK) || npage <= 0) {
		f->errors++;
		return -EINVAL;
	}
	if (!cpf_in_mem(iova, (u64)npage << CCWCP_PAGE_SHIFT))
		return -EFAULT;
	if (f->short_pin && npage > 1)
		npage--;
	for (i = 0; i < npage; i++) {
		f->pinref[pfn + i]++;
		pa[i] = cpf_host(pfn + i);
	}
	f->pinned += npage;
	f->pin_calls++;
	return npage;
}

static void cpf_unpin(void *ctx, u64 iova, int npage)
{
	struct cpf *f = ctx;
	u64 pfn = iova >> CCWCP_PAGE_SHIFT;
	int i;

	if ((iova & CP_PAGE_MASK) || npage <= 0 ||
	    !cpf_in_mem(iova, (u64)npage << CCWCP_PAGE_SHIFT)) {
		f->errors++;
		return;
	}
	for (i = 0; i < npage; i++) {
		if (!f->pinref[pfn + i]) {
			f->errors++;
			continue;
		}
		f->pinref[pfn + i]--;
		f->pinned--;
	}
}

static void *cpf_dma_alloc(void *ctx, size_t size, u64 *pa)
{
	struct cpf *f = ctx;
	struct cpf_dma *h;

	if (cpf_inject(f))
		return NULL;
	h = kzalloc(sizeof(*h) + size, GFP_KERNEL);
	if (!h)
		return NULL;
	h->magic = CPF_DMA_MAGIC;
	h->size = size;
	h->pa = f->dma_next;
	/* leave a gap so no two allocations touch */
	f->dma_next += ALIGN(size, 8) + 64;
	f->allocs++;
	*pa = h->pa;
	return h + 1;
}

static void cpf_dma_free(void *ctx, void *va, size_t size)
{
	struct cpf *f = ctx;
	struct cpf_dma *h = (struct cpf_dma *)va - 1;

	if (h->magic != CPF_DMA_MAGIC || h->size != size) {
		f->errors++;
		return;
	}
	h->magic = 0;
	f->allocs--;
	kfree(h);
}

/* The channel may still use it: it must outlive the program. */
static void cpf_dma_keep(void *ctx, void *va, size_t size)
{
	struct cpf *f = ctx;
	struct cpf_dma *h = (struct cpf_dma *)va - 1;

	if (h->magic != CPF_DMA_MAGIC || h->size != size) {
		f->errors++;
		return;
	}
	h->magic = CPF_KEPT_MAGIC;
	h->next_kept = f->kept;
	f->kept = h;
	f->allocs--;
	f->kept_allocs++;
}

/* A page kept for good must be one the program still has pinned. */
static void cpf_page_keep(void *ctx, u64 pa)
{
	struct cpf *f = ctx;
	u64 g = cpf_guest(pa);

	if ((pa & CP_PAGE_MASK) || g == U64_MAX ||
	    !f->pinref[g >> CCWCP_PAGE_SHIFT]) {
		f->errors++;
		return;
	}
	f->kept_pages++;
}

/* What a real backend never does: give the kept memory back. */
static void cpf_drop_kept(struct cpf *f)
{
	struct cpf_dma *h;

	while (f->kept) {
		h = f->kept;
		f->kept = h->next_kept;
		kfree(h);
	}
	f->kept_allocs = 0;
	f->kept_pages = 0;
}

static const struct ccwcp_ops cpf_ops = {
	.read = cpf_read,
	.pin = cpf_pin,
	.unpin = cpf_unpin,
	.dma_alloc = cpf_dma_alloc,
	.dma_free = cpf_dma_free,
	.dma_keep = cpf_dma_keep,
	.page_keep = cpf_page_keep,
};

static int cpf_init(struct cpf *f)
{
	memset(f, 0, sizeof(*f));
	f->mem = kvzalloc(CPF_MEM_SIZE, GFP_KERNEL);
	f->pinref = kcalloc(CPF_PAGES, sizeof(*f->pinref), GFP_KERNEL);
	f->log = kvcalloc(CPF_LOG_MAX, sizeof(*f->log), GFP_KERNEL);
	f->dma_next = CPF_DMA_BASE;
	if (!f->mem || !f->pinref || !f->log)
		return -ENOMEM;
	return 0;
}

static void cpf_exit(struct cpf *f)
{
	cpf_drop_kept(f);
	kvfree(f->mem);
	kfree(f->pinref);
	kvfree(f->log);
}

/* Reset accounting (not memory) before running a program again. */
static void cpf_rearm(struct cpf *f, long fail_at)
{
	f->calls = 0;
	f->fail_at = fail_at;
	f->injected = false;
	f->nr_log = 0;
	f->read_bytes = 0;
}

/* Does one of @x's pin calls cover guest address @at? */
static bool cpf_pinned_by(const struct ccwcp_xfer *x, u64 at)
{
	unsigned int r;

	for (r = 0; r < x->nr_pins; r++)
		if (at >= x->pins[r].iova &&
		    at < x->pins[r].iova + x->pins[r].npage * CCWCP_PAGE_SIZE)
			return true;
	return false;
}

/* A host TIC must land on a non-TIC CCW inside one of the host copies. */
static const char *cpf_verify_tic(const struct ccwcp *cp, u64 cda)
{
	unsigned int k;

	for (k = 0; k < cp->nr_chains; k++) {
		const struct ccwcp_chain *t = cp->chains[k];
		u64 off = cda - t->host_pa;

		if (cda < t->host_pa || off >= t->len * CSS_CCW_SIZE)
			continue;
		if (off % CSS_CCW_SIZE)
			return "TIC target misaligned";
		if (t->src[off / CSS_CCW_SIZE].cmd == CSS_CMD_TIC)
			return "TIC to TIC";
		return NULL;
	}
	return "TIC leaves the host program";
}

/* Every byte the channel may move for @h lies in a page @x pinned. */
static const char *cpf_verify_data(const struct ccwcp *cp,
				   const struct cpf *f, const struct cp_ccw *h,
				   const struct ccwcp_xfer *x)
{
	u32 bs = cp_block(cp);
	u64 left = h->count, at;
	unsigned int n, k;

	if (!(h->flags & CSS_CCW_IDA) || h->cda != x->idal_pa || !x->idal)
		return "data CCW without host IDAL";
	n = cp_nr_blocks(get_unaligned_be64(x->idal), h->count, bs);
	if (n * CSS_IDAW2_SIZE != x->idal_size)
		return "IDAL size does not match count";
	for (k = 0; k < n; k++) {
		u64 pa = get_unaligned_be64((u8 *)x->idal + k * 8);
		u64 span = min_t(u64, bs - (pa & (bs - 1)), left);
		u64 g = cpf_guest(pa);

		if (k && (pa & (bs - 1)))
			return "host IDAW misaligned";
		if (g == U64_MAX)
			return "IDAW outside guest memory";
		left -= span;
		for (at = g; at < g + span; at += CCWCP_PAGE_SIZE) {
			if (!f->pinref[at >> CCWCP_PAGE_SHIFT])
				return "IDAW names an unpinned page";
			if (!cpf_pinned_by(x, at))
				return "IDAW page pinned by another CCW";
		}
	}
	return left ? "IDAL shorter than count" : NULL;
}

/*
 * Status modifier: a command-chained CCW that ends with it makes the
 * channel skip one CCW and fetch the one 16 bytes further on. If that is
 * past the segment, the host copy must hold a slot there that either ends
 * the program (a zeroed CCW: invalid command, program check) or is a TIC to
 * the host copy of the guest CCW that real hardware would have fetched
 * (when that CCW is a TIC, to its target).
 */
static const char *cpf_verify_skip(const struct ccwcp *cp,
				   const struct ccwcp_chain *ch)
{
	const struct cpf_dma *h = (const struct cpf_dma *)ch->host - 1;
	static const u8 zero[CSS_CCW_SIZE];
	const struct ccwcp_chain *t;
	const u8 *slot;
	struct cp_ccw g;
	unsigned int i, k;
	u64 want;

	for (i = 0; i < ch->len; i++) {
		if (ch->src[i].cmd == CSS_CMD_TIC ||
		    !(ch->src[i].flags & CSS_CCW_CC) || i + 2 < ch->len)
			continue;
		if ((u64)(i + 3) * CSS_CCW_SIZE > h->size)
			return "status modifier skips past the host copy";
		slot = ch->host + (i + 2) * CSS_CCW_SIZE;
		if (!memcmp(slot, zero, sizeof(zero)))
			continue;
		cp_ccw1_decode(slot, &g);
		t = cp_find(cp, ch->guest + (u64)(i + 2) * CSS_CCW_SIZE, &k);
		if (g.cmd != CSS_CMD_TIC || !t)
			return "guard slot neither ends nor continues the program";
		if (t->src[k].cmd == CSS_CMD_TIC) {
			t = cp_find(cp, t->src[k].cda, &k);
			if (!t)
				return "guard slot follows a TIC out of the program";
		}
		want = t->host_pa + (u64)k * CSS_CCW_SIZE;
		if (g.cda != want)
			return "guard TIC does not land where the guest's CCW is";
	}
	return NULL;
}

/*
 * Check a prefetched program the way the channel would see it: returns
 * NULL if every host CCW stays within the host copies, every TIC lands on a
 * non-TIC CCW, a status modifier cannot make the channel fetch past a host
 * copy, and every byte a CCW may transfer lies in a page it pinned.
 */
static const char *cpf_verify(const struct ccwcp *cp, const struct cpf *f)
{
	const char *why = NULL;
	unsigned int c, i, r;
	long pages = 0;

	for (c = 0; c < cp->nr_chains; c++) {
		const struct ccwcp_chain *ch = cp->chains[c];

		if (!ch->host || !ch->xfer)
			return "segment without host copy";
		if (!why)
			why = cpf_verify_skip(cp, ch);
		for (i = 0; !why && i < ch->len; i++) {
			const struct ccwcp_xfer *x = &ch->xfer[i];
			const struct cp_ccw *src = &ch->src[i];
			struct cp_ccw h;

			cp_ccw1_decode(ch->host + i * CSS_CCW_SIZE, &h);
			if (h.cmd != src->cmd || h.count != src->count)
				return "command or count changed";
			if (i == ch->len - 1 && h.cmd != CSS_CMD_TIC &&
			    (h.flags & (CSS_CCW_CC | CSS_CCW_CD)))
				return "host segment chains past its end";
			if (h.cmd == CSS_CMD_TIC) {
				why = cpf_verify_tic(cp, h.cda);
				continue;
			}
			if ((h.flags & ~CSS_CCW_IDA) != (src->flags & ~CSS_CCW_IDA))
				return "flags changed";
			if (cp_moves_data(src)) {
				why = cpf_verify_data(cp, f, &h, x);
			} else if (x->idal || x->nr_pins || (h.flags & CSS_CCW_IDA) ||
				   h.cda != ch->host_pa) {
				why = "no-transfer CCW has an IDAL or a guest address";
			}
			for (r = 0; r < x->nr_pins; r++)
				pages += x->pins[r].npage;
		}
	}
	if (!why && pages != f->pinned)
		why = "pin count differs from the backend's";
	return why;
}

/* Expect a prefetched program to pass cpf_verify(), and say why not. */
#define cpt_expect_valid(test, cp, f) do {				\
	const char *__why = cpf_verify(cp, f);				\
									\
	KUNIT_EXPECT_NULL_MSG(test, __why, "%s", __why);		\
} while (0)

/* ---- building guest programs --------------------------------------- */

#define G_CCW	0x1000ull	/* default program location */
#define G_IDAL	0x3000ull
#define G_DATA	0x8000ull

#define ORB_F1	(CSS_ORB_FMT | CSS_ORB_PFCH | CSS_ORB_C64)	/* usual Linux ORB */

static void put_ccw1(struct cpf *f, u64 at, u8 cmd, u8 flags, u16 count,
		     u32 cda)
{
	cp_ccw1_encode(f->mem + at, cmd, flags, count, cda);
}

static void put_ccw0(struct cpf *f, u64 at, u8 cmd, u8 flags, u16 count,
		     u32 cda)
{
	u8 *p = f->mem + at;

	memset(p, 0, CSS_CCW_SIZE);
	p[CSS_CCW0_CMD] = cmd;
	put_unaligned_be24(cda, p + CSS_CCW0_CDA);
	p[CSS_CCW0_FLAGS] = flags;
	put_unaligned_be16(count, p + CSS_CCW0_COUNT);
}

static void make_orb(u8 *orb, u32 cpa, u8 b5)
{
	memset(orb, 0, CSS_ORB_BASIC_SIZE);
	put_unaligned_be32(0x12345678, orb + CSS_ORB_INTPARM);
	orb[CSS_ORB_B5] = b5;
	put_unaligned_be32(cpa, orb + CSS_ORB_CPA);
}

/* A segment of @n CCWs at @at: a READ of 64 bytes, then command-chained NOPs. */
static void put_chain(struct cpf *f, u64 at, unsigned int n, bool end)
{
	unsigned int i;

	put_ccw1(f, at, 0x02, CSS_CCW_CC, 64, G_DATA);
	for (i = 1; i < n; i++)
		put_ccw1(f, at + i * 8, CSS_CMD_NOP,
			 (i == n - 1 && end) ? 0 : CSS_CCW_CC, 0, 0);
}

static void b_chain255(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 255, true);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_chain256(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 256, true);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_chain257(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 257, true);
	make_orb(orb, G_CCW, ORB_F1);
}

/* 256 chaining CCWs ending exactly at the end of guest memory. */
static void b_chain_unended(struct cpf *f, u8 *orb)
{
	put_chain(f, CPF_MEM_SIZE - 256 * 8, 256, false);
	make_orb(orb, CPF_MEM_SIZE - 256 * 8, ORB_F1);
}

/* Ten CCWs, five on each side of a page boundary. */
static void b_chain_cross(struct cpf *f, u8 *orb)
{
	put_chain(f, 0x1fd8, 10, true);
	make_orb(orb, 0x1fd8, ORB_F1);
}

/* A short segment in the last bytes of guest memory. */
static void b_chain_at_end(struct cpf *f, u8 *orb)
{
	put_chain(f, CPF_MEM_SIZE - 16, 2, true);
	make_orb(orb, CPF_MEM_SIZE - 16, ORB_F1);
}

/* @n segments linked by TICs, 0x100 bytes apart. */
static void put_segments(struct cpf *f, unsigned int n)
{
	unsigned int i;
	u64 at;

	for (i = 0; i < n; i++) {
		at = G_CCW + i * 0x100;
		put_ccw1(f, at, 0x01, CSS_CCW_CC, 32, G_DATA + i * 0x100);
		if (i < n - 1)
			put_ccw1(f, at + 8, CSS_CMD_TIC, 0, 0, at + 0x100);
		else
			put_ccw1(f, at + 8, CSS_CMD_NOP, 0, 0, 0);
	}
}

static void b_seg16(struct cpf *f, u8 *orb)
{
	put_segments(f, 16);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_seg17(struct cpf *f, u8 *orb)
{
	put_segments(f, 17);
	make_orb(orb, G_CCW, ORB_F1);
}

/* The biggest program: 16 segments of 256 CCWs, each moving data. */
static void b_max(struct cpf *f, u8 *orb)
{
	unsigned int s, i;
	u64 at;

	for (s = 0; s < 16; s++) {
		at = G_CCW + s * 0x800;
		for (i = 0; i < 255; i++)
			put_ccw1(f, at + i * 8, 0x01, CSS_CCW_CC, 0x1000,
				 G_DATA + ((i & 7) << 12) + 0x10);
		if (s < 15)
			put_ccw1(f, at + 255 * 8, CSS_CMD_TIC, 0, 0, at + 0x800);
		else
			put_ccw1(f, at + 255 * 8, CSS_CMD_NOP, 0, 0, 0);
	}
	make_orb(orb, G_CCW, ORB_F1);
}

/* Forward TIC over an unused CCW into a new segment. */
static void b_tic_forward(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_CC, 16, G_DATA);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, G_CCW + 24);
	put_ccw1(f, G_CCW + 16, 0xff, 0xff, 0xffff, 0xffffffff);
	put_ccw1(f, G_CCW + 24, 0x01, 0, 16, G_DATA + 0x1000);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Device-orientation loop: SEARCH, TIC back to it, READ; one segment. */
static void b_tic_loop(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x31, CSS_CCW_CC, 5, G_DATA);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, G_CCW);
	put_ccw1(f, G_CCW + 16, 0x06, 0, 512, G_DATA + 0x1000);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Second segment jumps back into the middle of the first. */
static void b_tic_middle(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, 0x02, CSS_CCW_CC, 8, G_DATA);
	put_ccw1(f, G_CCW + 16, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 24, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2000, 0x01, CSS_CCW_CC, 8, G_DATA + 8);
	put_ccw1(f, 0x2008, CSS_CMD_TIC, 0, 0, G_CCW + 16);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_tic(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2000, CSS_CMD_TIC, 0, 0, G_CCW);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_self(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, G_CCW + 8);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_first(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2000, 0x02, 0, 16, G_DATA);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_misaligned(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, 0x2004);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_high(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, 0x80002000);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_tic_unmapped(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, 0x7000000);
	make_orb(orb, G_CCW, ORB_F1);
}

/* A TIC with the chaining flags set must still end the segment. */
static void b_tic_flags(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, CSS_CCW_CC | CSS_CCW_CD, 0, 0x2000);
	put_ccw1(f, G_CCW + 16, 0x18, 0, 0, 0);
	put_ccw1(f, 0x2000, CSS_CMD_NOP, 0, 0, 0);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_bad_tic_code(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x18, 0, 0, G_CCW);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_mida(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_MIDA, 16, G_IDAL);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_orb_tm(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 1, true);
	make_orb(orb, G_CCW, ORB_F1 | CSS_ORB_TM);
}

static void b_orb_midaw(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 1, true);
	make_orb(orb, G_CCW, ORB_F1);
	orb[CSS_ORB_B7] |= CSS_ORB_MIDAW;
}

static void b_orb_suspend(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 1, true);
	make_orb(orb, G_CCW, ORB_F1);
	orb[CSS_ORB_B4] |= CSS_ORB_SPND;
}

static void b_orb_misaligned(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 1, true);
	make_orb(orb, G_CCW + 4, ORB_F1);
}

static void b_orb_reserved(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 1, true);
	make_orb(orb, G_CCW, ORB_F1);
	orb[CSS_ORB_B7] |= 0x02;
}

static void b_orb_unmapped(struct cpf *f, u8 *orb)
{
	make_orb(orb, 0x7ff000, ORB_F1);
}

static void b_orb_noprefetch(struct cpf *f, u8 *orb)
{
	put_chain(f, G_CCW, 3, true);
	make_orb(orb, G_CCW, CSS_ORB_FMT | CSS_ORB_C64);
}

static void b_read_backward(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x0c, 0, 16, G_DATA + 16);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_read_backward_skip(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x0c, CSS_CCW_SKIP, 16, G_DATA + 16);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Nothing moves: zero counts, NOP with a count, skipped read and sense. */
static void b_no_transfer(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x01, CSS_CCW_CC, 0, 0x7fffff00);
	put_ccw1(f, G_CCW + 8, 0x02, CSS_CCW_CC | CSS_CCW_IDA, 0, 0x7ffffff0);
	put_ccw1(f, G_CCW + 16, CSS_CMD_NOP, CSS_CCW_CC, 100, 0x7fffff00);
	put_ccw1(f, G_CCW + 24, 0x02, CSS_CCW_CC | CSS_CCW_SKIP, 100, 0x7fffff00);
	put_ccw1(f, G_CCW + 32, 0x04, CSS_CCW_CC | CSS_CCW_SKIP, 32, 0x7fffff00);
	put_ccw1(f, G_CCW + 40, 0xe4, CSS_CCW_SKIP, 32, 0x7fffff00);
	make_orb(orb, G_CCW, ORB_F1);
}

/* The skip flag means nothing to a write: it is pinned. */
static void b_skip_write(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x01, CSS_CCW_SKIP, 100, G_DATA);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_data_unmapped(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_CC, 16, G_DATA);
	put_ccw1(f, G_CCW + 8, 0x02, 0, 16, 0x7ffff000);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_data_high(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, 0, 16, 0x80001000);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_idal_misaligned(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_IDA, 16, G_IDAL + 4);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_idaw_misaligned(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_IDA, 0x1000, G_IDAL);
	put_unaligned_be64(G_DATA + 0x100, f->mem + G_IDAL);
	put_unaligned_be64(G_DATA + 0x1100, f->mem + G_IDAL + 8);
	make_orb(orb, G_CCW, ORB_F1);
}

static void b_idaw1_high(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_IDA, 0x10, G_IDAL);
	put_unaligned_be32(0x80008000, f->mem + G_IDAL);
	make_orb(orb, G_CCW, CSS_ORB_FMT | CSS_ORB_PFCH);
}

static void b_idaw_unmapped(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_IDA | CSS_CCW_CC, 0x1000, G_IDAL);
	put_unaligned_be64(G_DATA, f->mem + G_IDAL);
	put_ccw1(f, G_CCW + 8, 0x02, CSS_CCW_IDA, 0x1000, G_IDAL + 8);
	put_unaligned_be64(0x123456789000ull, f->mem + G_IDAL + 8);
	make_orb(orb, G_CCW, ORB_F1);
}

/*
 * A TIC to just before the first segment opens a second one that covers
 * the first again and loops back to its own start.
 */
static void b_overlap(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW - 8, 0x01, CSS_CCW_CC, 8, G_DATA);
	put_ccw1(f, G_CCW, CSS_CMD_NOP, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, G_CCW - 8);
	put_ccw1(f, G_CCW + 16, CSS_CMD_NOP, 0, 0, 0);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Data chaining continues through a TIC into another segment. */
static void b_cd_tic(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x01, CSS_CCW_CD, 16, G_DATA);
	put_ccw1(f, G_CCW + 8, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2000, 0x01, 0, 16, G_DATA + 0x1000);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Third segment is broken: the first two must be freed (C6). */
static void b_third_bad(struct cpf *f, u8 *orb)
{
	put_segments(f, 3);
	put_ccw1(f, G_CCW + 0x200, 0x02, CSS_CCW_MIDA, 8, G_DATA);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Segments and IDALs that mix every feature, for the fault walk. */
static void b_mixed(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x02, CSS_CCW_CC | CSS_CCW_IDA, 0x1800, G_IDAL);
	put_unaligned_be64(G_DATA + 0x800, f->mem + G_IDAL);
	put_unaligned_be64(G_DATA + 0x3000, f->mem + G_IDAL + 8);
	put_ccw1(f, G_CCW + 8, 0x01, CSS_CCW_CD, 0x2100, G_DATA + 0x5f00);
	put_ccw1(f, G_CCW + 16, 0x01, CSS_CCW_CC, 0, 0);
	put_ccw1(f, G_CCW + 24, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2000, 0x02, CSS_CCW_CC | CSS_CCW_SKIP, 10, 0);
	put_ccw1(f, 0x2008, 0x01, CSS_CCW_CC, 1, G_DATA + 0xa000);
	put_ccw1(f, 0x2010, CSS_CMD_TIC, 0, 0, G_CCW + 16);
	make_orb(orb, G_CCW, ORB_F1);
}

/* Format-0 program with a format-0 TIC (command 0x?8). */
static void b_fmt0(struct cpf *f, u8 *orb)
{
	put_ccw0(f, G_CCW, 0x02, CSS_CCW_CC, 0x10, G_DATA);
	put_ccw0(f, G_CCW + 8, 0x18, CSS_CCW_CC, 0xffff, 0x2000);
	put_ccw0(f, 0x2000, 0x01, CSS_CCW_SLI, 0x20, G_DATA + 0x1000);
	make_orb(orb, G_CCW, CSS_ORB_PFCH);
}

/*
 * Status modifier on the next-to-last CCW: SEARCH ID EQUAL, READ. A match
 * skips the READ and the channel fetches the CCW after it, which is not
 * part of the program; the guest has an unrelated CCW there.
 */
static void b_sm_end(struct cpf *f, u8 *orb)
{
	put_ccw1(f, G_CCW, 0x31, CSS_CCW_CC, 5, G_DATA);
	put_ccw1(f, G_CCW + 8, 0x06, 0, 512, G_DATA + 0x1000);
	put_ccw1(f, G_CCW + 16, 0x05, 0, 512, G_DATA + 0x2000);
	make_orb(orb, G_CCW, ORB_F1);
}

/*
 * A search loop entered in the middle: the program starts at the SEARCH,
 * whose TIC goes back before the start, so the first segment is SEARCH,
 * TIC. A match skips the TIC to the READ after it, which only the second
 * segment (SEEK, SEARCH, TIC, READ) holds.
 */
static void b_sm_tic_back(struct cpf *f, u8 *orb)
{
	put_ccw1(f, 0x2000, 0x07, CSS_CCW_CC, 6, G_DATA);
	put_ccw1(f, 0x2008, 0x31, CSS_CCW_CC, 5, G_DATA + 8);
	put_ccw1(f, 0x2010, CSS_CMD_TIC, 0, 0, 0x2000);
	put_ccw1(f, 0x2018, 0x06, 0, 512, G_DATA + 0x1000);
	make_orb(orb, 0x2008, ORB_F1);
}

/* As above, but the CCW a match skips to is a TIC of the second segment. */
static void b_sm_tic_tic(struct cpf *f, u8 *orb)
{
	put_ccw1(f, 0x0ff8, 0x07, CSS_CCW_CC, 6, G_DATA);
	put_ccw1(f, 0x1000, 0x31, CSS_CCW_CC, 5, G_DATA + 8);
	put_ccw1(f, 0x1008, CSS_CMD_TIC, 0, 0, 0x0ff8);
	put_ccw1(f, 0x1010, CSS_CMD_TIC, 0, 0, 0x3000);
	put_ccw1(f, 0x3000, 0x06, 0, 512, G_DATA + 0x1000);
	make_orb(orb, 0x1000, ORB_F1);
}

/**
 * struct cpt_prog - one program and what the translator must say about it
 * @desc:     case name
 * @build:    writes the program into guest memory and fills the ORB
 * @init_err: expected ccwcp_init() result
 * @pf_err:   expected ccwcp_prefetch() result, if init succeeds
 * @chains:   expected segment count after init, -1 not checked
 * @pinned:   expected pinned pages after prefetch, -1 not checked
 */
struct cpt_prog {
	const char *desc;
	void (*build)(struct cpf *f, u8 *orb);
	int init_err;
	int pf_err;
	int chains;
	int pinned;
};

static const struct cpt_prog cpt_progs[] = {
	{ "C4: 255 CCWs in one segment", b_chain255, 0, 0, 1, 1 },
	{ "C4: 256 CCWs in one segment", b_chain256, 0, 0, 1, 1 },
	{ "C4: 257 CCWs in one segment", b_chain257, -EINVAL, 0, -1, -1 },
	{ "C4: 256 chained CCWs at memory end", b_chain_unended, -EINVAL, 0, -1, -1 },
	{ "segment in the last bytes of memory", b_chain_at_end, 0, 0, 1, 1 },
	{ "segment crossing a guest page", b_chain_cross, 0, 0, 1, 1 },
	{ "C5: 16 segments", b_seg16, 0, 0, 16, 16 },
	{ "C5: 17 segments", b_seg17, -EINVAL, 0, -1, -1 },
	{ "16 x 256 CCWs", b_max, 0, 0, 16, 16 * 255 * 2 },
	{ "C2: TIC forward", b_tic_forward, 0, 0, 2, 2 },
	{ "C2: TIC loop in segment", b_tic_loop, 0, 0, 1, 2 },
	{ "C3: TIC into middle of segment", b_tic_middle, 0, 0, 2, 2 },
	{ "TIC to TIC", b_tic_tic, -EINVAL, 0, -1, -1 },
	{ "TIC to itself", b_tic_self, -EINVAL, 0, -1, -1 },
	{ "program starting with TIC", b_tic_first, 0, 0, 2, 1 },
	{ "TIC misaligned", b_tic_misaligned, -EINVAL, 0, -1, -1 },
	{ "TIC above 2G", b_tic_high, -EINVAL, 0, -1, -1 },
	{ "TIC to unmapped memory", b_tic_unmapped, -EFAULT, 0, -1, -1 },
	{ "C2: TIC with chaining flags", b_tic_flags, 0, 0, 2, 0 },
	{ "format-1 command 0x18", b_bad_tic_code, -EINVAL, 0, -1, -1 },
	{ "MIDA flag", b_mida, -EOPNOTSUPP, 0, -1, -1 },
	{ "ORB transport mode", b_orb_tm, -EOPNOTSUPP, 0, -1, -1 },
	{ "ORB MIDAW control", b_orb_midaw, -EOPNOTSUPP, 0, -1, -1 },
	{ "ORB suspend control", b_orb_suspend, -EOPNOTSUPP, 0, -1, -1 },
	{ "ORB CCW address misaligned", b_orb_misaligned, -EINVAL, 0, -1, -1 },
	{ "ORB CCW address unmapped", b_orb_unmapped, -EFAULT, 0, -1, -1 },
	{ "ORB reserved bit", b_orb_reserved, -EINVAL, 0, -1, -1 },
	{ "C11: ORB without prefetch", b_orb_noprefetch, 0, 0, 1, 1 },
	{ "read backward moving data", b_read_backward, -EOPNOTSUPP, 0, -1, -1 },
	{ "read backward skipped", b_read_backward_skip, 0, 0, 1, 0 },
	{ "C9: zero counts, NOP, skip", b_no_transfer, 0, 0, 1, 0 },
	{ "C9: skip on write is pinned", b_skip_write, 0, 0, 1, 1 },
	{ "data in unmapped memory", b_data_unmapped, 0, -EFAULT, 1, -1 },
	{ "direct data above 2G", b_data_high, 0, -EINVAL, 1, -1 },
	{ "IDAL misaligned", b_idal_misaligned, 0, -EINVAL, 1, -1 },
	{ "second IDAW misaligned", b_idaw_misaligned, 0, -EINVAL, 1, -1 },
	{ "format-1 IDAW above 2G", b_idaw1_high, 0, -EINVAL, 1, -1 },
	{ "IDAW to unmapped memory", b_idaw_unmapped, 0, -EFAULT, 1, -1 },
	{ "C6: third segment invalid", b_third_bad, -EOPNOTSUPP, 0, -1, -1 },
	{ "overlapping segments", b_overlap, 0, 0, 2, 1 },
	{ "data chaining through a TIC", b_cd_tic, 0, 0, 2, 2 },
	{ "mixed program", b_mixed, 0, 0, 2, 6 },
	{ "C1: format-0 program", b_fmt0, 0, 0, 2, 2 },
	{ "status modifier before the last CCW", b_sm_end, 0, 0, 1, 2 },
	{ "status modifier skips a TIC back", b_sm_tic_back, 0, 0, 2, 4 },
	{ "status modifier skips onto a TIC", b_sm_tic_tic, 0, 0, 3, 4 },
};

static void cpt_prog_desc(const struct cpt_prog *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpt_prog, cpt_progs, cpt_prog_desc);

/* ---- the tests -------------------------------------------------------- */

struct cpt {
	struct cpf f;
	struct ccwcp cp;
	u8 orb[CSS_ORB_BASIC_SIZE];
};

static int cpt_init(struct kunit *test)
{
	struct cpt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t || cpf_init(&t->f))
		return -ENOMEM;
	ccwcp_setup(&t->cp, &cpf_ops, &t->f);
	test->priv = t;
	return 0;
}

static void cpt_exit(struct kunit *test)
{
	struct cpt *t = test->priv;

	ccwcp_free(&t->cp);
	cpf_exit(&t->f);
}

/* After ccwcp_free(): nothing pinned, nothing allocated, no misuse. */
static void cpt_expect_clean(struct kunit *test, struct cpt *t)
{
	KUNIT_EXPECT_EQ(test, t->f.pinned, 0);
	KUNIT_EXPECT_EQ(test, t->f.allocs, 0);
	KUNIT_EXPECT_EQ(test, t->f.errors, 0);
	KUNIT_EXPECT_FALSE(test, t->cp.initialized);
	KUNIT_EXPECT_FALSE(test, t->cp.prefetched);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, 0);
}

/* Build @p, then init and prefetch it; checks the expected results. */
static void cpt_run(struct kunit *test, struct cpt *t, const struct cpt_prog *p)
{
	int ret;

	p->build(&t->f, t->orb);
	ret = ccwcp_init(&t->cp, t->orb);
	KUNIT_ASSERT_EQ(test, ret, p->init_err);
	if (ret) {
		KUNIT_EXPECT_EQ(test, t->cp.nr_chains, 0);
		KUNIT_EXPECT_EQ(test, t->f.pinned, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, t->f.pinned, 0);
	KUNIT_EXPECT_EQ(test, t->f.allocs, 0);
	if (p->chains >= 0)
		KUNIT_EXPECT_EQ(test, t->cp.nr_chains, p->chains);

	ret = ccwcp_prefetch(&t->cp);
	KUNIT_ASSERT_EQ(test, ret, p->pf_err);
	if (ret) {
		KUNIT_EXPECT_EQ(test, t->f.pinned, 0);
		KUNIT_EXPECT_EQ(test, t->f.allocs, 0);
		KUNIT_EXPECT_TRUE(test, t->cp.initialized);
		return;
	}
	cpt_expect_valid(test, &t->cp, &t->f);
	if (p->pinned >= 0)
		KUNIT_EXPECT_EQ(test, t->f.pinned, p->pinned);
}

/*
 * Covers: CCW-CP-01 CCW-CP-04 CCW-CP-05 CCW-CP-06 CCW-CP-07 CCW-CP-08
 *         CCW-CP-09 CCW-CP-10 CCW-CP-16 CCW-CP-17 CCW-CP-18 CCW-CP-20
 *         CCW-IO-02 CCW-IO-05 bug-C1 bug-C2 bug-C3 bug-C4 bug-C5 bug-C6
 *         bug-C9 bug-C11
 */
static void cp_test_program(struct kunit *test)
{
	const struct cpt_prog *p = test->param_value;
	struct cpt *t = test->priv;

	cpt_run(test, t, p);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

/*
 * Fail the 1st, 2nd, ... read, pin or allocation of each program until a
 * run gets through without reaching the failure point. Every failure must
 * surface as an error and leave nothing pinned or allocated.
 * Covers: CCW-IO-05 CCW-CP-08 CCW-CP-21 bug-C6 bug-C10
 */
static void cp_test_fault_walk(struct kunit *test)
{
	const struct cpt_prog *p = test->param_value;
	struct cpt *t = test->priv;
	long n;

	p->build(&t->f, t->orb);
	for (n = 1; n < 100000; n++) {
		int ret;

		cpf_rearm(&t->f, n);
		ret = ccwcp_init(&t->cp, t->orb);
		if (!ret)
			ret = ccwcp_prefetch(&t->cp);
		if (!ret)
			cpt_expect_valid(test, &t->cp, &t->f);
		ccwcp_free(&t->cp);
		cpt_expect_clean(test, t);
		if (!t->f.injected) {
			KUNIT_EXPECT_EQ(test, ret, p->init_err ?: p->pf_err);
			break;
		}
		KUNIT_EXPECT_NE(test, ret, 0);
	}
	KUNIT_EXPECT_LT(test, n, 100000);
}

static const struct cpt_prog cpt_walks[] = {
	{ "mixed program", b_mixed, 0, 0, 2, 6 },
	{ "format-0 program", b_fmt0, 0, 0, 2, 2 },
	{ "16 segments", b_seg16, 0, 0, 16, 16 },
	{ "third segment invalid", b_third_bad, -EOPNOTSUPP, 0, -1, -1 },
	{ "IDAW to unmapped memory", b_idaw_unmapped, 0, -EFAULT, 1, -1 },
};

KUNIT_ARRAY_PARAM(cpt_walk, cpt_walks, cpt_prog_desc);

/* C8: IDA flavours. */

/**
 * struct cpt_ida - one CCW's data description and the expected host IDAL
 * @desc:   case name
 * @b5:     ORB byte 5 (format, c64, i2k)
 * @ida:    the CCW uses an IDAL (else direct addressing)
 * @count:  CCW count
 * @addr:   direct: data address; IDAL: the guest IDAWs
 * @nr:     number of guest IDAWs given in @addr
 * @expect: guest addresses the host IDAWs must name
 * @nr_exp: entries in @expect
 * @pages:  pages pinned
 * @calls:  pin calls
 */
struct cpt_ida {
	const char *desc;
	u8 b5;
	bool ida;
	u16 count;
	u64 addr[4];
	unsigned int nr;
	u64 expect[4];
	unsigned int nr_exp;
	int pages;
	int calls;
};

#define F1	(CSS_ORB_FMT | CSS_ORB_PFCH)
#define F2_2K	(CSS_ORB_FMT | CSS_ORB_PFCH | CSS_ORB_C64 | CSS_ORB_I2K)
#define F2_4K	(CSS_ORB_FMT | CSS_ORB_PFCH | CSS_ORB_C64)

static const struct cpt_ida cpt_idas[] = {
	{ "4K direct in one page", F2_4K, false, 0x100, { 0x8010 }, 1,
	  { 0x8010 }, 1, 1, 1 },
	{ "4K direct crossing a page", F2_4K, false, 0x200, { 0x8f00 }, 1,
	  { 0x8f00, 0x9000 }, 2, 2, 1 },
	{ "4K direct over 3 pages", F2_4K, false, 0x2000, { 0x8800 }, 1,
	  { 0x8800, 0x9000, 0xa000 }, 3, 3, 1 },
	{ "2K format-2 direct", F2_2K, false, 0x1000, { 0x8700 }, 1,
	  { 0x8700, 0x8800, 0x9000 }, 3, 2, 1 },
	{ "format-1 direct", F1, false, 0x1000, { 0x8700 }, 1,
	  { 0x8700, 0x8800, 0x9000 }, 3, 2, 1 },
	{ "4K IDAL", F2_4K, true, 0x1000, { 0x8100, 0xc000 }, 2,
	  { 0x8100, 0xc000 }, 2, 2, 2 },
	{ "4K IDAL, one byte at page end", F2_4K, true, 1, { 0x8fff }, 1,
	  { 0x8fff }, 1, 1, 1 },
	{ "2K format-2 IDAL", F2_2K, true, 0x1000, { 0x8100, 0xc800, 0x9000 }, 3,
	  { 0x8100, 0xc800, 0x9000 }, 3, 3, 3 },
	{ "format-1 IDAL", F1, true, 0x1000, { 0x8100, 0x8800, 0x9000 }, 3,
	  { 0x8100, 0x8800, 0x9000 }, 3, 2, 1 },
	{ "format-1 IDAL, scattered halves", F1, true, 0x900, { 0x8800, 0xa800 }, 2,
	  { 0x8800, 0xa800 }, 2, 2, 2 },
	{ "format-1 IDAL, extra IDAWs unread", F1, true, 0x10, { 0x8800, 0x1 }, 2,
	  { 0x8800 }, 1, 1, 1 },
};

static void cpt_ida_desc(const struct cpt_ida *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpt_ida, cpt_idas, cpt_ida_desc);

/*
 * Covers: CCW-CP-10 CCW-CP-11 CCW-CP-12 CCW-CP-13 CCW-CP-14 CCW-CP-15
 *         bug-C7 bug-C8
 */
static void cp_test_ida(struct kunit *test)
{
	const struct cpt_ida *p = test->param_value;
	struct cpt *t = test->priv;
	bool fmt2 = p->b5 & CSS_ORB_C64;
	unsigned int isz = fmt2 ? 8 : 4, i, idal_reads = 0;
	const struct ccwcp_xfer *x;
	u8 horb[CSS_ORB_SIZE];
	u64 idal_bytes = 0;

	if (p->ida) {
		put_ccw1(&t->f, G_CCW, 0x02, CSS_CCW_IDA, p->count, G_IDAL);
		for (i = 0; i < p->nr; i++) {
			if (fmt2)
				put_unaligned_be64(p->addr[i], t->f.mem + G_IDAL + i * 8);
			else
				put_unaligned_be32(p->addr[i], t->f.mem + G_IDAL + i * 4);
		}
	} else {
		put_ccw1(&t->f, G_CCW, 0x02, 0, p->count, p->addr[0]);
	}
	make_orb(t->orb, G_CCW, p->b5);

	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	cpt_expect_valid(test, &t->cp, &t->f);

	x = &t->cp.chains[0]->xfer[0];
	KUNIT_ASSERT_EQ(test, x->idal_size, p->nr_exp * 8);
	for (i = 0; i < p->nr_exp; i++)
		KUNIT_EXPECT_EQ(test, cpf_guest(get_unaligned_be64((u8 *)x->idal + i * 8)),
				p->expect[i]);
	KUNIT_EXPECT_EQ(test, t->f.pinned, p->pages);
	KUNIT_EXPECT_EQ(test, t->f.pin_calls, p->calls);

	/* C7: the IDAL was read once, and only as far as the count needs. */
	for (i = 0; i < t->f.nr_log; i++) {
		if (t->f.log[i].iova < G_IDAL || t->f.log[i].iova >= G_IDAL + 0x100)
			continue;
		idal_reads++;
		idal_bytes += t->f.log[i].len;
		if (i)
			KUNIT_EXPECT_GE(test, t->f.log[i].iova,
					t->f.log[i - 1].iova + t->f.log[i - 1].len);
	}
	KUNIT_EXPECT_EQ(test, idal_bytes, p->ida ? p->nr_exp * isz : 0);
	KUNIT_EXPECT_LE(test, idal_reads, 2);

	ccwcp_host_orb(&t->cp, 0xabcd, 0x80, horb);
	KUNIT_EXPECT_TRUE(test, horb[CSS_ORB_B5] & CSS_ORB_FMT);
	KUNIT_EXPECT_TRUE(test, horb[CSS_ORB_B5] & CSS_ORB_C64);
	KUNIT_EXPECT_EQ(test, !!(horb[CSS_ORB_B5] & CSS_ORB_I2K),
			cp_block(&t->cp) == CSS_BLOCK_2K);

	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

/*
 * C7: the guest changes the first IDAW right after it has been read.
 * Covers: CCW-CP-13 bug-C7
 */
static void cp_test_idaw_changes(struct kunit *test)
{
	struct cpt *t = test->priv;
	u8 *idal = t->f.mem + G_IDAL;

	put_ccw1(&t->f, G_CCW, 0x02, CSS_CCW_IDA, 0x1800, G_IDAL);
	put_unaligned_be64(G_DATA + 0x800, idal);
	put_unaligned_be64(G_DATA + 0x1000, idal + 8);
	make_orb(t->orb, G_CCW, F2_4K);
	t->f.flip_at = G_IDAL;
	put_unaligned_be64(0x7770000, t->f.flip);
	t->f.flip_armed = true;

	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	KUNIT_EXPECT_FALSE(test, t->f.flip_armed);
	KUNIT_EXPECT_EQ(test, cpf_guest(get_unaligned_be64(t->cp.chains[0]->xfer[0].idal)),
			G_DATA + 0x800);
	cpt_expect_valid(test, &t->cp, &t->f);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);

	/* Now the first read is the bad one; the later good value is unseen. */
	put_unaligned_be64(0x7770000, idal);
	put_unaligned_be64(G_DATA + 0x800, t->f.flip);
	t->f.flip_armed = true;
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_EXPECT_EQ(test, ccwcp_prefetch(&t->cp), -EFAULT);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

/*
 * A segment is read up to the end of a page at a time, never beyond the
 * page holding its last CCW or past 256 CCWs, and each byte once.
 * Covers: CCW-CP-03 bug-C4
 */
static void cp_test_segment_reads(struct kunit *test)
{
	struct cpt *t = test->priv;

	b_chain_cross(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, t->f.nr_log, 2);
	KUNIT_EXPECT_EQ(test, t->f.log[0].iova, 0x1fd8);
	KUNIT_EXPECT_EQ(test, t->f.log[0].len, 0x28);
	KUNIT_EXPECT_EQ(test, t->f.log[1].iova, 0x2000);
	KUNIT_EXPECT_EQ(test, t->f.log[1].len, (256 - 5) * CSS_CCW_SIZE);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0]->len, 10);
	ccwcp_free(&t->cp);

	/* 256 CCWs from a page start: one read of exactly 2 KiB */
	b_chain256(&t->f, t->orb);
	cpf_rearm(&t->f, 0);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, t->f.nr_log, 1);
	KUNIT_EXPECT_EQ(test, t->f.log[0].iova, G_CCW);
	KUNIT_EXPECT_EQ(test, t->f.log[0].len, 256 * CSS_CCW_SIZE);
}

/*
 * A pin of fewer pages than asked is undone and fails the request.
 * Covers: CCW-CP-15
 */
static void cp_test_short_pin(struct kunit *test)
{
	struct cpt *t = test->priv;

	put_ccw1(&t->f, G_CCW, 0x01, CSS_CCW_CC, 16, G_DATA);
	put_ccw1(&t->f, G_CCW + 8, 0x02, 0, 0x200, G_DATA + 0xf00);
	make_orb(t->orb, G_CCW, F2_4K);
	t->f.short_pin = true;
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_EXPECT_EQ(test, ccwcp_prefetch(&t->cp), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->f.pinned, 0);
	KUNIT_EXPECT_EQ(test, t->f.allocs, 0);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

/*
 * C1: format-0 CCWs become format-1, a 0x18 TIC becomes 0x08.
 * Covers: CCW-CP-04 bug-C1
 */
static void cp_test_fmt0(struct kunit *test)
{
	struct cpt *t = test->priv;
	const struct ccwcp_chain *a, *b;
	struct cp_ccw h;

	b_fmt0(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	KUNIT_ASSERT_EQ(test, t->cp.nr_chains, 2);
	a = t->cp.chains[0];
	b = t->cp.chains[1];
	KUNIT_ASSERT_EQ(test, a->len, 2);
	KUNIT_ASSERT_EQ(test, b->len, 1);

	cp_ccw1_decode(a->host, &h);
	KUNIT_EXPECT_EQ(test, h.cmd, 0x02);
	KUNIT_EXPECT_EQ(test, h.flags, CSS_CCW_CC | CSS_CCW_IDA);
	KUNIT_EXPECT_EQ(test, h.count, 0x10);
	KUNIT_EXPECT_EQ(test, h.cda, a->xfer[0].idal_pa);
	KUNIT_EXPECT_EQ(test, cpf_guest(get_unaligned_be64(a->xfer[0].idal)), G_DATA);

	cp_ccw1_decode(a->host + 8, &h);
	KUNIT_EXPECT_EQ(test, h.cmd, CSS_CMD_TIC);
	KUNIT_EXPECT_EQ(test, h.flags, 0);
	KUNIT_EXPECT_EQ(test, h.count, 0);
	KUNIT_EXPECT_EQ(test, h.cda, b->host_pa);

	cp_ccw1_decode(b->host, &h);
	KUNIT_EXPECT_EQ(test, h.cmd, 0x01);
	KUNIT_EXPECT_EQ(test, h.flags, CSS_CCW_SLI | CSS_CCW_IDA);
	KUNIT_EXPECT_EQ(test, h.count, 0x20);
	KUNIT_EXPECT_EQ(test, cpf_guest(get_unaligned_be64(b->xfer[0].idal)),
			G_DATA + 0x1000);
}

/*
 * C3: a TIC into the middle of a segment lands at the same host offset.
 * Covers: CCW-CP-07 bug-C3
 */
static void cp_test_tic_target(struct kunit *test)
{
	struct cpt *t = test->priv;
	const struct ccwcp_chain *a, *b;
	struct cp_ccw h;

	b_tic_middle(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	a = t->cp.chains[0];
	b = t->cp.chains[1];
	KUNIT_ASSERT_EQ(test, a->guest, G_CCW);
	KUNIT_ASSERT_EQ(test, b->guest, 0x2000);

	cp_ccw1_decode(a->host + 24, &h);
	KUNIT_EXPECT_EQ(test, h.cda, b->host_pa);
	cp_ccw1_decode(b->host + 8, &h);
	KUNIT_EXPECT_EQ(test, h.cda, a->host_pa + 16);
}

/**
 * struct cpt_scsw - where the channel stopped and what the guest must see
 * @desc:   case name
 * @chain:  segment the host address is relative to, -1 for an absolute one
 * @off:    offset from that segment's host copy, or the absolute address
 * @mapped: ccwcp_guest_addr() must translate it
 * @guest:  expected guest address when @mapped
 */
struct cpt_scsw {
	const char *desc;
	int chain;
	u64 off;
	bool mapped;
	u64 guest;
};

static const struct cpt_scsw cpt_scsws[] = {
	{ "C14: after first CCW", 0, 8, true, G_CCW + 8 },
	{ "C14: end of first segment", 0, 32, true, G_CCW + 32 },
	{ "C14: start of first segment", 0, 0, true, G_CCW },
	{ "C14: inside second segment", 1, 8, true, 0x2008 },
	{ "C14: end of second segment", 1, 16, true, 0x2010 },
	{ "C14: after the guard of second segment", 1, 24, true, 0x2018 },
	{ "C14: beyond second segment", 1, 32, false, 0 },
	{ "C14: unrelated address", -1, 0x1234560, false, 0 },
};

static void cpt_scsw_desc(const struct cpt_scsw *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpt_scsw, cpt_scsws, cpt_scsw_desc);

/* Covers: CCW-INT-02 bug-C14 */
static void cp_test_scsw(struct kunit *test)
{
	const struct cpt_scsw *p = test->param_value;
	struct cpt *t = test->priv;
	u32 addr = 0x1000;
	u32 host;

	b_tic_middle(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);

	/* Nothing prefetched yet: no address belongs to the program. */
	KUNIT_EXPECT_FALSE(test, ccwcp_guest_addr(&t->cp, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0x1000);

	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	host = p->chain < 0 ? p->off : t->cp.chains[p->chain]->host_pa + p->off;
	addr = host;
	KUNIT_EXPECT_EQ(test, ccwcp_guest_addr(&t->cp, &addr), p->mapped);
	KUNIT_EXPECT_EQ(test, addr, p->mapped ? p->guest : host);
}

/* The 8 bytes at CCW slot @i of @ch's host copy, if the copy has them. */
static const u8 *cpt_host_slot(struct kunit *test, const struct ccwcp_chain *ch,
			       unsigned int i)
{
	const struct cpf_dma *h = (const struct cpf_dma *)ch->host - 1;

	/* A copy without slot @i: reading it would run past the allocation. */
	KUNIT_ASSERT_TRUE(test, h->size >= (i + 1) * CSS_CCW_SIZE);
	return ch->host + i * CSS_CCW_SIZE;
}

/*
 * A CCW that ends with status modifier makes the channel fetch the CCW 16
 * bytes further on. Past the end of a segment that is a guard slot: a TIC
 * to the guest's CCW there when the program holds it, else a zeroed CCW
 * that ends the program with a program check; the SCSW address after it
 * is shown as the guest address after the skipped-to CCW.
 * Covers: CCW-CP-06 CCW-CP-07 CCW-INT-02 bug-C2 bug-C14
 */
static void cp_test_status_modifier(struct kunit *test)
{
	static const u8 zero[CSS_CCW_SIZE];
	struct cpt *t = test->priv;
	const struct ccwcp_chain *a, *b;
	struct cp_ccw h;
	u32 addr;

	b_sm_end(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	a = t->cp.chains[0];
	KUNIT_ASSERT_EQ(test, a->len, 2);
	KUNIT_EXPECT_EQ(test, memcmp(cpt_host_slot(test, a, 2), zero, 8), 0);
	addr = a->host_pa + 24;
	KUNIT_EXPECT_TRUE(test, ccwcp_guest_addr(&t->cp, &addr));
	KUNIT_EXPECT_EQ(test, addr, G_CCW + 24);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);

	/* The READ a match skips to is in the segment the TIC goes back to. */
	b_sm_tic_back(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	KUNIT_ASSERT_EQ(test, t->cp.nr_chains, 2);
	a = t->cp.chains[0];
	b = t->cp.chains[1];
	KUNIT_ASSERT_EQ(test, a->len, 2);
	KUNIT_ASSERT_EQ(test, b->len, 4);
	cp_ccw1_decode(cpt_host_slot(test, a, 2), &h);
	KUNIT_EXPECT_EQ(test, h.cmd, CSS_CMD_TIC);
	KUNIT_EXPECT_EQ(test, h.cda, b->host_pa + 24);
	cpt_expect_valid(test, &t->cp, &t->f);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);

	/* It skips onto a TIC: the guard goes straight to that TIC's target. */
	b_sm_tic_tic(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	KUNIT_ASSERT_EQ(test, t->cp.nr_chains, 3);
	a = t->cp.chains[0];
	cp_ccw1_decode(cpt_host_slot(test, a, 2), &h);
	KUNIT_EXPECT_EQ(test, h.cmd, CSS_CMD_TIC);
	KUNIT_EXPECT_EQ(test, h.cda, t->cp.chains[2]->host_pa);
	cpt_expect_valid(test, &t->cp, &t->f);
}

/*
 * A program the subchannel may still run is abandoned, not freed: host
 * copies and IDALs stay allocated, every data page gets a reference of its
 * own while it is still pinned, then the pins go back to VFIO.
 * Covers: CCW-FSM-10 bug-C12 bug-C14
 */
static void cp_test_abandon(struct kunit *test)
{
	struct cpt *t = test->priv;
	long allocs;

	b_mixed(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	allocs = t->f.allocs;
	KUNIT_ASSERT_TRUE(test, allocs > 0);

	ccwcp_abandon(&t->cp);
	KUNIT_EXPECT_EQ(test, t->f.kept_allocs, allocs);
	/* b_mixed's IDAWs name 6 pages; no page twice in a row */
	KUNIT_EXPECT_EQ(test, t->f.kept_pages, 6);
	/* nothing pinned or freed behind the channel's back; cp is empty */
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);

	/* nothing to keep when the program was never prefetched */
	cpf_drop_kept(&t->f);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	ccwcp_abandon(&t->cp);
	KUNIT_EXPECT_EQ(test, t->f.kept_allocs, 0);
	KUNIT_EXPECT_EQ(test, t->f.kept_pages, 0);
	cpt_expect_clean(test, t);
}

/* Covers: CCW-CP-22 */
static void cp_test_iova_pinned(struct kunit *test)
{
	struct cpt *t = test->priv;

	put_ccw1(&t->f, G_CCW, 0x02, 0, 0x200, G_DATA + 0xf00);
	make_orb(t->orb, G_CCW, F2_4K);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_EXPECT_FALSE(test, ccwcp_iova_pinned(&t->cp, G_DATA, 0x1000));
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);

	KUNIT_EXPECT_TRUE(test, ccwcp_iova_pinned(&t->cp, G_DATA, 1));
	KUNIT_EXPECT_TRUE(test, ccwcp_iova_pinned(&t->cp, G_DATA + 0x1fff, 1));
	KUNIT_EXPECT_TRUE(test, ccwcp_iova_pinned(&t->cp, G_DATA - 1, 2));
	KUNIT_EXPECT_TRUE(test, ccwcp_iova_pinned(&t->cp, 0, U64_MAX));
	KUNIT_EXPECT_TRUE(test, ccwcp_iova_pinned(&t->cp, 0x1000, U64_MAX));
	KUNIT_EXPECT_FALSE(test, ccwcp_iova_pinned(&t->cp, G_DATA - 0x1000, 0x1000));
	KUNIT_EXPECT_FALSE(test, ccwcp_iova_pinned(&t->cp, G_DATA + 0x2000, 0x1000));
	KUNIT_EXPECT_FALSE(test, ccwcp_iova_pinned(&t->cp, G_DATA, 0));

	ccwcp_free(&t->cp);
	KUNIT_EXPECT_FALSE(test, ccwcp_iova_pinned(&t->cp, G_DATA, 0x1000));
}

/* Covers: CCW-CP-02 CCW-CP-14 CCW-CP-19 */
static void cp_test_host_orb(struct kunit *test)
{
	struct cpt *t = test->priv;
	u8 horb[CSS_ORB_SIZE];
	unsigned int i;

	b_fmt0(&t->f, t->orb);
	t->orb[CSS_ORB_B4] = 0x30 | 0x04;	/* key 3, streaming control */
	t->orb[CSS_ORB_B7] = CSS_ORB_ORBX | 0x80;
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);

	ccwcp_host_orb(&t->cp, 0xcafe, 0xc0, horb);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(horb + CSS_ORB_INTPARM), 0xcafe);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_B4], 0x34);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_B5],
			CSS_ORB_FMT | CSS_ORB_PFCH | CSS_ORB_C64 | CSS_ORB_I2K);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_LPM], 0xc0);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_B7], 0x80);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(horb + CSS_ORB_CPA),
			t->cp.chains[0]->host_pa);
	for (i = 12; i < CSS_ORB_SIZE; i++)
		KUNIT_EXPECT_EQ(test, horb[i], 0);
	ccwcp_free(&t->cp);

	b_chain255(&t->f, t->orb);
	t->orb[CSS_ORB_LPM] = 0x20;
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	ccwcp_host_orb(&t->cp, 1, 0xc0, horb);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_LPM], 0x20);
	KUNIT_EXPECT_EQ(test, horb[CSS_ORB_B5], ORB_F1);
}

/*
 * Calls out of order are refused without side effects.
 * Covers: CCW-IO-05
 */
static void cp_test_sequence(struct kunit *test)
{
	struct cpt *t = test->priv;

	KUNIT_EXPECT_EQ(test, ccwcp_prefetch(&t->cp), -EINVAL);
	ccwcp_free(&t->cp);
	b_mixed(&t->f, t->orb);
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_EXPECT_EQ(test, ccwcp_init(&t->cp, t->orb), -EBUSY);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	KUNIT_EXPECT_EQ(test, ccwcp_prefetch(&t->cp), -EBUSY);
	KUNIT_EXPECT_EQ(test, ccwcp_init(&t->cp, t->orb), -EBUSY);
	ccwcp_free(&t->cp);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
	/* and the same cp can be used again */
	KUNIT_ASSERT_EQ(test, ccwcp_init(&t->cp, t->orb), 0);
	KUNIT_ASSERT_EQ(test, ccwcp_prefetch(&t->cp), 0);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

/*
 * A guest that rewrites every byte right after it was read.
 * Covers: bug-C7
 */
static void cp_test_mutating_guest(struct kunit *test)
{
	const struct cpt_prog *p = test->param_value;
	struct cpt *t = test->priv;
	int ret;

	p->build(&t->f, t->orb);
	t->f.mutate = true;
	ret = ccwcp_init(&t->cp, t->orb);
	if (!ret)
		ret = ccwcp_prefetch(&t->cp);
	if (!ret)
		cpt_expect_valid(test, &t->cp, &t->f);
	ccwcp_free(&t->cp);
	cpt_expect_clean(test, t);
}

static struct kunit_case cp_test_cases[] = {
	/* Slow only under emulation with KASAN: 16 x 256 CCWs and fault walks. */
	KUNIT_CASE_PARAM_ATTR(cp_test_program, cpt_prog_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(cp_test_fault_walk, cpt_walk_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM(cp_test_ida, cpt_ida_gen_params),
	KUNIT_CASE_PARAM(cp_test_scsw, cpt_scsw_gen_params),
	KUNIT_CASE_PARAM_ATTR(cp_test_mutating_guest, cpt_prog_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(cp_test_idaw_changes),
	KUNIT_CASE(cp_test_short_pin),
	KUNIT_CASE(cp_test_segment_reads),
	KUNIT_CASE(cp_test_fmt0),
	KUNIT_CASE(cp_test_tic_target),
	KUNIT_CASE(cp_test_status_modifier),
	KUNIT_CASE(cp_test_abandon),
	KUNIT_CASE(cp_test_iova_pinned),
	KUNIT_CASE(cp_test_host_orb),
	KUNIT_CASE(cp_test_sequence),
	{}
};

static struct kunit_suite cp_test_suite = {
	.name = "vfio_ccw_cp",
	.init = cpt_init,
	.exit = cpt_exit,
	.test_cases = cp_test_cases,
};

kunit_test_suite(cp_test_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio_ccw channel-program translator");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * cp-fuzz: libFuzzer entry for the vfio_ccw channel-program translator.
 *
 * Input: bytes 0-11 the guest ORB; byte 12 options (bit 0: the guest
 * rewrites every byte right after it is read; bit 1: the failure below hits
 * kernel allocations instead of reads, pins and channel memory; bit 2: pins
 * of several pages come back one page short; bit 3: the program is
 * abandoned with ccwcp_abandon() instead of freed); bytes
 * 13-14 the 1-based number of the call to fail (0: none), big-endian;
 * bytes 15-18 an SCSW CCW address offset; the rest is the guest memory
 * image from guest address 0.
 *
 * Aborts when an invariant breaks: anything left pinned or allocated after
 * ccwcp_free(), a misused backend call, a prefetched program the channel
 * could run outside the pinned pages or host copies, ccwcp_iova_pinned()
 * disagreeing with the pin counts, a read longer than one segment, or an
 * unbounded amount of guest memory read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../../drivers/s390/cio/vfio_ccw/tests/cp_kunit.c"

#define HDR_SIZE	19

void kunit_shim_register(struct kunit_suite *suite)
{
}

void kunit_shim_fail(struct kunit *test, bool assert, const char *file,
		     int line, const char *fmt, ...)
{
}

void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return NULL;
}

static void die(const char *why)
{
	fprintf(stderr, "cp-fuzz: invariant broken: %s\n", why);
	abort();
}

/* ccwcp_iova_pinned() must agree with the backend's own pin counts. */
static void check_pinned(struct ccwcp *cp, struct cpf *f, u64 iova, u64 len)
{
	bool want = false;
	u64 pfn;

	if (len && iova < CPF_MEM_SIZE) {
		u64 last = min(iova + len - 1 < iova ? U64_MAX : iova + len - 1,
			       CPF_MEM_SIZE - 1);

		for (pfn = iova >> CCWCP_PAGE_SHIFT;
		     pfn <= last >> CCWCP_PAGE_SHIFT; pfn++)
			want |= f->pinref[pfn] != 0;
	}
	if (ccwcp_iova_pinned(cp, iova, len) != want)
		die("ccwcp_iova_pinned() disagrees with the pin counts");
}

/*
 * Covers: CCW-CP-03 CCW-CP-07 CCW-CP-09 CCW-CP-10 CCW-CP-15 CCW-CP-18
 *         CCW-CP-19 CCW-CP-21 CCW-CP-22 bug-C4 bug-C5 bug-C6 bug-C7 bug-C10
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cpf f;
	static bool ready;
	long live, warnings = shim_warnings;
	u32 cpa;
	u8 horb[CSS_ORB_SIZE];
	struct ccwcp cp;
	unsigned int i;
	const char *why;
	u16 fail_at;
	int ret;

	if (size < HDR_SIZE)
		return 0;
	if (!ready) {
		shim_quiet = true;
		if (cpf_init(&f))
			abort();
		ready = true;
	}
	live = shim_kmalloc_live;
	memset(f.mem, 0, CPF_MEM_SIZE);
	memcpy(f.mem, data + HDR_SIZE, min(size - HDR_SIZE, (size_t)CPF_MEM_SIZE));
	f.mutate = data[12] & 1;
	f.short_pin = data[12] & 4;
	f.flip_armed = false;
	f.dma_next = CPF_DMA_BASE;
	fail_at = get_unaligned_be16(data + 13);
	cpf_rearm(&f, (data[12] & 2) ? 0 : fail_at);
	shim_kmalloc_calls = 0;
	shim_kmalloc_fail_at = (data[12] & 2) ? fail_at : 0;

	ccwcp_setup(&cp, &cpf_ops, &f);
	ret = ccwcp_init(&cp, data);
	if (!ret && cp.nr_chains == 0)
		die("init succeeded without a segment");
	if (!ret)
		ret = ccwcp_prefetch(&cp);
	if (!ret) {
		why = cpf_verify(&cp, &f);
		if (why)
			die(why);
		ccwcp_host_orb(&cp, 1, 0x80, horb);
		if (get_unaligned_be32(horb + CSS_ORB_CPA) != cp.chains[0]->host_pa)
			die("host ORB does not start the host program");
		cpa = cp.chains[0]->host_pa + get_unaligned_be32(data + 15) % 0x1000;
		ccwcp_guest_addr(&cp, &cpa);
		check_pinned(&cp, &f, get_unaligned_be32(data + 15), get_unaligned_be16(data + 13));
		check_pinned(&cp, &f, G_DATA, CCWCP_PAGE_SIZE);
		check_pinned(&cp, &f, 0, U64_MAX);
	}
	if (data[12] & 8) {
		long live_dma = f.allocs;

		ccwcp_abandon(&cp);
		if (f.kept_allocs != live_dma)
			die("abandon did not keep all channel-visible memory");
		cpf_drop_kept(&f);
	} else {
		ccwcp_free(&cp);
	}
	shim_kmalloc_fail_at = 0;

	if (f.pinned)
		die("pages still pinned after ccwcp_free()");
	if (f.allocs)
		die("channel memory still allocated after ccwcp_free()");
	if (f.errors)
		die("backend misused (bad unpin or free)");
	if (shim_kmalloc_live != live)
		die("kernel memory leaked");
	if (shim_warnings != warnings)
		die("WARN hit");
	for (i = 0; i < f.nr_log; i++)
		if (f.log[i].len > CCWCP_CHAIN_LEN_MAX * CSS_CCW_SIZE)
			die("read longer than a segment");
	/* 16 segments of 2 KiB plus 33 IDAWs for each of 4096 CCWs */
	if (f.read_bytes > 16 * 2048 + 4096 * CP_IDAW_MAX * 8)
		die("unbounded reading");
	return 0;
}

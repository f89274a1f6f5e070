/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channel-program translation for vfio_ccw: the interface between the
 * portable translator (vfio_ccw_cp.c) and its users.
 *
 * The translator knows nothing of s390, VFIO or struct page: guest memory,
 * pinning and channel-addressable (31-bit) memory are reached through
 * struct ccwcp_ops, and every architected structure (ORB, CCW, IDAW, SCSW)
 * is handled as big-endian bytes. It therefore compiles unchanged in the
 * s390 kernel module, in a KUnit module on any architecture and in the
 * user-space harness under tools/testing/ccw-cp.
 */
#ifndef _VFIO_CCW_CP_H_
#define _VFIO_CCW_CP_H_

#include <linux/bits.h>
#include <linux/types.h>

#include "vfio_ccw_hw.h"

/* Limits; anything beyond them is refused with -EINVAL. */
#define CCWCP_CHAIN_LEN_MAX	256	/* CCWs in one segment */
#define CCWCP_CHAIN_COUNT_MAX	16	/* segments in one program */

/* Guest pages are pinned in units of 4 KiB (PAGE_SIZE on s390 and x86). */
#define CCWCP_PAGE_SHIFT	12
#define CCWCP_PAGE_SIZE		BIT_ULL(CCWCP_PAGE_SHIFT)

/**
 * struct ccwcp_ops - how the translator reaches memory
 * @read:	copy @len bytes of guest memory at @iova into @buf.
 *		Return 0 or a negative errno.
 * @pin:	pin @npage guest pages (of CCWCP_PAGE_SIZE) starting at the
 *		page-aligned @iova and store the host physical address of each
 *		in @pa. Return @npage on success or a negative errno, in which
 *		case nothing is left pinned. A short count n (0 < n < @npage)
 *		is treated as a failure: the translator calls @unpin for those
 *		n pages and fails the request with -EINVAL.
 * @unpin:	undo a pin of @npage pages at @iova (one successful @pin, or
 *		the pinned part of a short one).
 * @dma_alloc:	allocate @size zeroed bytes the channel subsystem can address
 *		(below 2 GiB on s390); store the physical address in @pa.
 *		Return the kernel address or NULL.
 * @dma_free:	free memory from @dma_alloc.
 * @dma_keep:	memory from @dma_alloc that the channel may still use: it
 *		stays allocated for good and the translator forgets it.
 * @page_keep:	take a reference that keeps the host page holding physical
 *		address @pa allocated for good, beyond any pin.
 */
struct ccwcp_ops {
	int (*read)(void *ctx, u64 iova, void *buf, size_t len);
	int (*pin)(void *ctx, u64 iova, int npage, u64 *pa);
	void (*unpin)(void *ctx, u64 iova, int npage);
	void *(*dma_alloc)(void *ctx, size_t size, u64 *pa);
	void (*dma_free)(void *ctx, void *va, size_t size);
	void (*dma_keep)(void *ctx, void *va, size_t size);
	void (*page_keep)(void *ctx, u64 pa);
};

struct ccwcp_chain;

/**
 * struct ccwcp - one translated channel program
 * @ops:	memory access, set by ccwcp_setup()
 * @ctx:	passed to every @ops call
 * @orb:	the guest's ORB, as read by ccwcp_init() (big-endian bytes)
 * @chains:	translated segments, in the order they were discovered
 * @nr_chains:	number of valid entries in @chains
 * @raw:	where ccwcp_init() reads guest CCWs before decoding them; kept
 *		here so that a start does not allocate it (ordinary memory,
 *		never given to the channel)
 * @initialized: ccwcp_init() succeeded and ccwcp_free() has not run
 * @prefetched: ccwcp_prefetch() succeeded: pages are pinned and the host
 *		program exists (private to vfio_ccw_cp.c)
 *
 * The glue allocates this structure (usually embedded in its device state;
 * at over 2 KiB it does not belong on a kernel stack),
 * calls ccwcp_setup() once and then, per start request, ccwcp_init(),
 * ccwcp_prefetch(), ccwcp_host_orb(), and ccwcp_free() once the channel
 * program has ended. The translator takes no locks: the caller serialises
 * all calls on one &struct ccwcp, including ccwcp_iova_pinned().
 */
struct ccwcp {
	const struct ccwcp_ops *ops;
	void *ctx;
	u8 orb[CSS_ORB_BASIC_SIZE];
	struct ccwcp_chain *chains[CCWCP_CHAIN_COUNT_MAX];
	unsigned int nr_chains;
	u8 raw[CCWCP_CHAIN_LEN_MAX * CSS_CCW_SIZE];
	bool initialized;
	bool prefetched;
};

void ccwcp_setup(struct ccwcp *cp, const struct ccwcp_ops *ops, void *ctx);
int ccwcp_init(struct ccwcp *cp, const u8 orb[CSS_ORB_BASIC_SIZE]);
int ccwcp_prefetch(struct ccwcp *cp);
void ccwcp_host_orb(struct ccwcp *cp, u32 intparm, u8 lpm,
		    u8 orb[CSS_ORB_SIZE]);
bool ccwcp_guest_addr(struct ccwcp *cp, u32 *addr);
bool ccwcp_iova_pinned(struct ccwcp *cp, u64 iova, u64 length);
void ccwcp_free(struct ccwcp *cp);
void ccwcp_abandon(struct ccwcp *cp);

#endif /* _VFIO_CCW_CP_H_ */

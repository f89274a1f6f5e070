// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the s390 side of the state machine and of the translator.
 *
 * vccw_sch_hw_ops turns the state machine's requests into channel-subsystem
 * instructions on the real subchannel; vccw_cp_mem_ops gives the channel
 * program translator access to guest memory through VFIO and to memory the
 * channel can address (below 2 GiB).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vfio.h>

#include <asm/cio.h>

#include "cio.h"
#include "css.h"
#include "ioasm.h"
#include "orb.h"

#include "vfio_ccw_hw.h"
#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

static struct subchannel *fsm_sch(struct vccw_fsm *fsm)
{
	return fsm_to_vccw(fsm)->sch;
}

static int vccw_hw_enable(struct vccw_fsm *fsm)
{
	struct subchannel *sch = fsm_sch(fsm);

	sch->isc = VCCW_ISC;
	/* The interruption parameter identifies the subchannel, as for cio. */
	return cio_enable_subchannel(sch, (u32)virt_to_phys(sch));
}

static int vccw_hw_disable(struct vccw_fsm *fsm)
{
	struct subchannel *sch = fsm_sch(fsm);

	if (cio_update_schib(sch) || !sch->schib.pmcw.dnv)
		return -ENODEV;
	if (!sch->schib.pmcw.ena)
		return 0;
	return cio_disable_subchannel(sch);
}

static int vccw_hw_cancel(struct vccw_fsm *fsm)
{
	return cio_cancel(fsm_sch(fsm));
}

static int vccw_hw_prepare(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);
	int ret;

	ret = ccwcp_init(&vd->cp, fsm->io.orb_area);
	if (ret)
		return ret;
	return ccwcp_prefetch(&vd->cp);
}

static void vccw_hw_unprepare(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);

	ccwcp_free(&vd->cp);
}

static int vccw_hw_start(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);
	struct subchannel *sch = vd->sch;
	union orb *orb = &vd->orb;
	u8 lpm;
	int cc;

	/* The translator writes the ORB as vfio_ccw_hw.h lays it out. */
	BUILD_BUG_ON(sizeof(*orb) != CSS_ORB_SIZE);
	BUILD_BUG_ON(offsetof(struct cmd_orb, cpa) != CSS_ORB_CPA);
	ccwcp_host_orb(&vd->cp, (u32)virt_to_phys(sch), sch->lpm, (u8 *)orb);
	cc = ssch(sch->schid, orb);
	switch (cc) {
	case 0:
		sch->schib.scsw.cmd.actl |= SCSW_ACTL_START_PEND;
		return 0;
	case 1:		/* status pending */
	case 2:		/* busy */
		return -EBUSY;
	default:	/* the paths we tried are not operational */
		lpm = orb->cmd.lpm;
		sch->lpm = lpm ? sch->lpm & ~lpm : 0;
		if (cio_update_schib(sch))
			return -ENODEV;
		return sch->lpm ? -EACCES : -ENODEV;
	}
}

static int vccw_hw_halt(struct vccw_fsm *fsm)
{
	struct subchannel *sch = fsm_sch(fsm);

	switch (hsch(sch->schid)) {
	case 0:
		sch->schib.scsw.cmd.actl |= SCSW_ACTL_HALT_PEND;
		return 0;
	case 1:
	case 2:
		return -EBUSY;
	default:
		return -ENODEV;
	}
}

static int vccw_hw_clear(struct vccw_fsm *fsm)
{
	struct subchannel *sch = fsm_sch(fsm);

	if (csch(sch->schid))
		return -ENODEV;
	sch->schib.scsw.cmd.actl = SCSW_ACTL_CLEAR_PEND;
	return 0;
}

static void vccw_hw_capture_irb(struct vccw_fsm *fsm, u8 *irb)
{
	/* cio keeps SCSW, ESW and ECW; the measurement words read as zero. */
	BUILD_BUG_ON(sizeof(struct irb) > CSS_IRB_SIZE);
	/* The state machine reads the IRB as vfio_ccw_hw.h lays it out. */
	BUILD_BUG_ON(sizeof(union scsw) != CSS_SCSW_SIZE);
	BUILD_BUG_ON(offsetof(struct irb, scsw.cmd.cpa) != CSS_SCSW_CPA);
	BUILD_BUG_ON(offsetof(struct irb, esw.esw0.erw) != CSS_IRB_ERW0);
	BUILD_BUG_ON(offsetof(struct irb, esw.esw0.faddr) != CSS_IRB_FADDR);
	BUILD_BUG_ON(sizeof_field(struct irb, esw.esw0.faddr) !=
		     CSS_IRB_FADDR_SIZE);
	BUILD_BUG_ON(offsetof(struct irb, esw.esw0.saddr) != CSS_IRB_SADDR);
	memcpy(irb, this_cpu_ptr(&cio_irb), sizeof(struct irb));
	memset(irb + sizeof(struct irb), 0, CSS_IRB_SIZE - sizeof(struct irb));
}

static void vccw_hw_kick(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);

	queue_work(vd->parent->wq, &vd->io_work);
}

static void vccw_hw_gone(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);

	dev_info(&vd->sch->dev, "subchannel not operational\n");
	css_sched_sch_todo(vd->sch, SCH_TODO_UNREG);
	queue_work(vd->parent->wq, &vd->gone_work);
}

static bool vccw_hw_guest_addr(struct vccw_fsm *fsm, u32 *addr)
{
	return ccwcp_guest_addr(&fsm_to_vccw(fsm)->cp, addr);
}

static void vccw_hw_abandon(struct vccw_fsm *fsm)
{
	struct vccw_dev *vd = fsm_to_vccw(fsm);

	if (vd->cp.prefetched)
		dev_err(&vd->sch->dev,
			"subchannel could not be stopped: its channel program stays in memory for good\n");
	ccwcp_abandon(&vd->cp);
}

static void vccw_hw_notify(struct vccw_fsm *fsm)
{
	vccw_signal(&fsm_to_vccw(fsm)->irqs, VFIO_CCW_IO_IRQ_INDEX);
}

static void vccw_hw_trace(struct vccw_fsm *fsm, enum vccw_state state,
			  enum vccw_event event)
{
	trace_vfio_ccw_fsm_event(fsm_sch(fsm)->schid, state, event);
}

const struct vccw_hw_ops vccw_sch_hw_ops = {
	.enable		= vccw_hw_enable,
	.disable	= vccw_hw_disable,
	.cancel		= vccw_hw_cancel,
	.prepare	= vccw_hw_prepare,
	.start		= vccw_hw_start,
	.unprepare	= vccw_hw_unprepare,
	.halt		= vccw_hw_halt,
	.clear		= vccw_hw_clear,
	.capture_irb	= vccw_hw_capture_irb,
	.kick		= vccw_hw_kick,
	.gone		= vccw_hw_gone,
	.guest_addr	= vccw_hw_guest_addr,
	.abandon	= vccw_hw_abandon,
	.notify		= vccw_hw_notify,
	.trace		= vccw_hw_trace,
};

/**
 * vccw_gone_work() - drop the channel program of a vanished subchannel
 * @work: &vccw_dev.gone_work
 *
 * The not-operational action runs under the subchannel lock, possibly in
 * interrupt context, so unpinning has to wait for this work item.
 */
void vccw_gone_work(struct work_struct *work)
{
	struct vccw_dev *vd = container_of(work, struct vccw_dev, gone_work);

	guard(mutex)(&vd->fsm.io_mutex);
	vccw_hw_unprepare(&vd->fsm);
}

/* ---- memory access for the channel-program translator ---- */

static int vccw_mem_read(void *ctx, u64 iova, void *buf, size_t len)
{
	struct vccw_dev *vd = ctx;

	return vfio_dma_rw(&vd->vdev, iova, buf, len, false);
}

/*
 * The translator pins the data of one CCW at a time: at most 65535 bytes,
 * which touch at most 17 pages. Up to that many page pointers live on the
 * stack; an allocation per pin call made a long program about a quarter
 * slower in "make bench".
 */
#define VCCW_PIN_ON_STACK	17

static int vccw_mem_pin(void *ctx, u64 iova, int npage, u64 *pa)
{
	struct vccw_dev *vd = ctx;
	struct page *on_stack[VCCW_PIN_ON_STACK];
	struct page **big __free(kfree) = NULL;
	struct page **pages = on_stack;
	int i, ret;

	if (npage <= 0)
		return -EINVAL;
	if (npage > ARRAY_SIZE(on_stack)) {
		big = kcalloc(npage, sizeof(*big), GFP_KERNEL);
		if (!big)
			return -ENOMEM;
		pages = big;
	}
	ret = vfio_pin_pages(&vd->vdev, iova, npage,
			     IOMMU_READ | IOMMU_WRITE, pages);
	if (ret < 0)
		return ret;
	if (ret != npage) {
		if (ret > 0)
			vfio_unpin_pages(&vd->vdev, iova, ret);
		return -EINVAL;
	}
	for (i = 0; i < npage; i++)
		pa[i] = page_to_phys(pages[i]);
	return npage;
}

static void vccw_mem_unpin(void *ctx, u64 iova, int npage)
{
	struct vccw_dev *vd = ctx;

	vfio_unpin_pages(&vd->vdev, iova, npage);
}

static void *vccw_mem_dma_alloc(void *ctx, size_t size, u64 *pa)
{
	void *va = kzalloc(size, GFP_KERNEL | GFP_DMA);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

static void vccw_mem_dma_free(void *ctx, void *va, size_t size)
{
	kfree(va);
}

/*
 * The channel may still use it: never freed. kmemleak is told, since
 * nothing will point to it any more.
 */
static void vccw_mem_dma_keep(void *ctx, void *va, size_t size)
{
	kmemleak_not_leak(va);
}

/* A reference of our own, so the page is not reused after the unpin. */
static void vccw_mem_page_keep(void *ctx, u64 pa)
{
	get_page(pfn_to_page(PHYS_PFN(pa)));
}

const struct ccwcp_ops vccw_cp_mem_ops = {
	.read		= vccw_mem_read,
	.pin		= vccw_mem_pin,
	.unpin		= vccw_mem_unpin,
	.dma_alloc	= vccw_mem_dma_alloc,
	.dma_free	= vccw_mem_dma_free,
	.dma_keep	= vccw_mem_dma_keep,
	.page_keep	= vccw_mem_page_keep,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * ccw_floor - the floor of "make bench": the benchmark's channel programs
 * (bench_programs.h) started on a subchannel by a kernel-internal caller,
 * without VFIO and without translation, so that bench.sh can tell how much
 * of a round trip is the channel subsystem and how much each vfio_ccw adds.
 *
 * A css driver for I/O subchannels, "ccw_floor", bound through the
 * subchannel's driver_override. Probe enables the subchannel and builds
 * both programs in memory the channel can address. The subchannel then has
 * one attribute, "floor":
 *
 *   echo "<sense|xlate> <iterations>" > /sys/bus/css/devices/<sch>/floor
 *
 * runs the program that many times (START SUBCHANNEL, then a wait for its
 * interrupt), checks that each one ended with channel end and device end at
 * the end of the program, and returns when all are done or one failed;
 *
 *   cat /sys/bus/css/devices/<sch>/floor
 *
 * gives the last run as "<program> median=<ns> mean=<ns> iters=<n>": the
 * median of batches of BP_*_BATCH round trips, per round trip, the same
 * statistics vfio_ccw_bench prints.
 *
 * Test-only: built at run time by bench.sh, never installed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include <asm/cio.h>
#include <asm/isc.h>

#include "cio.h"
#include "css.h"
#include "ioasm.h"
#include "orb.h"

#include "bench_programs.h"

#define FLOOR_TIMEOUT		(10 * HZ)
#define FLOOR_MAX_ITERS		10000

/**
 * struct floor_sch - a subchannel bound to ccw_floor
 * @sch: the subchannel
 * @lock: serialises runs and guards @result
 * @done: completed by the interrupt that ends a program
 * @irb: the IRB of that interrupt
 * @sense: the sense program's CCW
 * @xl: the xlate program's CCWs
 * @idal: the xlate program's IDAWs, one per CCW
 * @pages: the xlate program's data pages
 * @id: the sense program's data
 * @times: the round-trip times of the current run
 * @result: the last run's result line
 */
struct floor_sch {
	struct subchannel *sch;
	struct mutex lock;	/* serialises runs, guards @result */
	struct completion done;
	struct irb irb;
	struct ccw1 *sense;
	struct ccw1 *xl;
	u64 *idal;
	struct page *pages[BP_XL_PAGES];
	u8 *id;
	u64 *times;
	char result[80];
};

static void floor_free(struct floor_sch *f)
{
	int i;

	for (i = 0; i < BP_XL_PAGES; i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
	kfree(f->times);
	kfree(f->id);
	kfree(f->idal);
	kfree(f->xl);
	kfree(f->sense);
	kfree(f);
}

/* Both programs, in memory below 2 GiB where the channel needs 31 bits. */
static struct floor_sch *floor_alloc(void)
{
	struct floor_sch *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int i;

	if (!f)
		return NULL;
	f->sense = kzalloc(sizeof(*f->sense), GFP_KERNEL | GFP_DMA);
	f->id = kzalloc(BP_SENSE_COUNT, GFP_KERNEL | GFP_DMA);
	f->xl = kcalloc(BP_XL_CCWS, sizeof(*f->xl), GFP_KERNEL | GFP_DMA);
	f->idal = kcalloc(BP_XL_CCWS, sizeof(*f->idal), GFP_KERNEL | GFP_DMA);
	f->times = kcalloc(FLOOR_MAX_ITERS, sizeof(*f->times), GFP_KERNEL);
	if (!f->sense || !f->id || !f->xl || !f->idal || !f->times)
		goto err;
	for (i = 0; i < BP_XL_PAGES; i++) {
		f->pages[i] = alloc_page(GFP_KERNEL);
		if (!f->pages[i])
			goto err;
	}

	f->sense->cmd_code = BP_CMD_SENSE_ID;
	f->sense->flags = BP_FLAG_SLI;
	f->sense->count = BP_SENSE_COUNT;
	f->sense->cda = virt_to_dma32(f->id);
	for (i = 0; i < BP_XL_CCWS; i++) {
		f->idal[i] = page_to_phys(f->pages[i % BP_XL_PAGES]);
		f->xl[i].cmd_code = BP_CMD_SENSE_ID;
		f->xl[i].flags = BP_FLAG_SLI | BP_FLAG_IDA |
				 (i < BP_XL_CCWS - 1 ? BP_FLAG_CC : 0);
		f->xl[i].count = BP_XL_COUNT;
		f->xl[i].cda = virt_to_dma32(&f->idal[i]);
	}
	mutex_init(&f->lock);
	init_completion(&f->done);
	return f;
err:
	floor_free(f);
	return NULL;
}

/* Start one program and wait for its final interrupt. */
static int floor_start(struct floor_sch *f, struct ccw1 *cpa, bool c64,
		       struct ccw1 *end)
{
	struct subchannel *sch = f->sch;
	union orb orb = {};
	int cc;

	orb.cmd.intparm = (u32)virt_to_phys(sch);
	orb.cmd.fmt = 1;
	orb.cmd.pfch = 1;
	orb.cmd.c64 = c64;
	orb.cmd.lpm = sch->lpm;
	orb.cmd.cpa = virt_to_dma32(cpa);

	reinit_completion(&f->done);
	spin_lock_irq(&sch->lock);
	cc = ssch(sch->schid, &orb);
	spin_unlock_irq(&sch->lock);
	if (cc)
		return cc == 3 ? -ENODEV : -EBUSY;
	if (!wait_for_completion_timeout(&f->done, FLOOR_TIMEOUT)) {
		/* Take the program back before its memory can go. */
		spin_lock_irq(&sch->lock);
		csch(sch->schid);
		spin_unlock_irq(&sch->lock);
		wait_for_completion_timeout(&f->done, FLOOR_TIMEOUT);
		return -ETIMEDOUT;
	}
	/* channel end and device end, no channel status, at the end */
	if (f->irb.scsw.cmd.dstat != (DEV_STAT_CHN_END | DEV_STAT_DEV_END) ||
	    f->irb.scsw.cmd.cstat || f->irb.scsw.cmd.cpa != virt_to_dma32(end))
		return -EIO;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Run @iters round trips of one program; the result goes to f->result. */
static int floor_run(struct floor_sch *f, bool xlate, unsigned int iters)
{
	unsigned int bsize = xlate ? BP_XLATE_BATCH : BP_SENSE_BATCH;
	struct ccw1 *cpa = xlate ? f->xl : f->sense;
	struct ccw1 *end = xlate ? f->xl + BP_XL_CCWS : f->sense + 1;
	unsigned int i, nb;
	u64 t0, tb, total;
	int ret;

	iters -= iters % bsize;
	if (!iters || iters > FLOOR_MAX_ITERS)
		return -EINVAL;
	/* warm up once, as vfio_ccw_bench does */
	ret = floor_start(f, cpa, xlate, end);
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	tb = t0;
	for (i = 0, nb = 0; i < iters; i++) {
		ret = floor_start(f, cpa, xlate, end);
		if (ret)
			return ret;
		if ((i + 1) % bsize == 0) {
			u64 t = ktime_get_ns();

			f->times[nb++] = (t - tb) / bsize;
			tb = t;
		}
	}
	total = ktime_get_ns() - t0;
	sort(f->times, nb, sizeof(f->times[0]), cmp_u64, NULL);
	snprintf(f->result, sizeof(f->result), "%s median=%llu mean=%llu iters=%u",
		 xlate ? "xlate" : "sense", f->times[nb / 2], total / iters, iters);
	return 0;
}

static ssize_t floor_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct floor_sch *f = dev_get_drvdata(dev);

	guard(mutex)(&f->lock);
	return sysfs_emit(buf, "%s\n", f->result);
}

static ssize_t floor_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct floor_sch *f = dev_get_drvdata(dev);
	unsigned int iters;
	char prog[8];
	int ret;

	if (sscanf(buf, "%7s %u", prog, &iters) != 2)
		return -EINVAL;
	if (strcmp(prog, "sense") && strcmp(prog, "xlate"))
		return -EINVAL;
	guard(mutex)(&f->lock);
	f->result[0] = '\0';
	ret = floor_run(f, !strcmp(prog, "xlate"), iters);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(floor);

static struct attribute *floor_attrs[] = {
	&dev_attr_floor.attr,
	NULL,
};
ATTRIBUTE_GROUPS(floor);

static void floor_irq(struct subchannel *sch)
{
	struct floor_sch *f = dev_get_drvdata(&sch->dev);
	struct irb *irb = this_cpu_ptr(&cio_irb);

	if (!f || !(irb->scsw.cmd.stctl & SCSW_STCTL_PRIM_STATUS))
		return;
	memcpy(&f->irb, irb, sizeof(f->irb));
	complete(&f->done);
}

static int floor_probe(struct subchannel *sch)
{
	struct floor_sch *f;
	int ret;

	f = floor_alloc();
	if (!f)
		return -ENOMEM;
	f->sch = sch;
	dev_set_drvdata(&sch->dev, f);
	spin_lock_irq(&sch->lock);
	sch->isc = IO_SCH_ISC;
	ret = cio_enable_subchannel(sch, (u32)virt_to_phys(sch));
	spin_unlock_irq(&sch->lock);
	if (ret) {
		dev_set_drvdata(&sch->dev, NULL);
		floor_free(f);
		return ret;
	}
	return 0;
}

static void floor_remove(struct subchannel *sch)
{
	struct floor_sch *f = dev_get_drvdata(&sch->dev);

	spin_lock_irq(&sch->lock);
	cio_disable_subchannel(sch);
	dev_set_drvdata(&sch->dev, NULL);
	spin_unlock_irq(&sch->lock);
	floor_free(f);
}

static struct css_device_id floor_ids[] = {
	{ .type = SUBCHANNEL_TYPE_IO, .match_flags = 1 },
	{}
};

static struct css_driver floor_driver = {
	.drv.name		= "ccw_floor",
	.drv.owner		= THIS_MODULE,
	.drv.dev_groups		= floor_groups,
	.subchannel_type	= floor_ids,
	.probe			= floor_probe,
	.remove			= floor_remove,
	.irq			= floor_irq,
};

static int __init floor_init(void)
{
	int ret;

	isc_register(IO_SCH_ISC);
	ret = css_driver_register(&floor_driver);
	if (ret)
		isc_unregister(IO_SCH_ISC);
	return ret;
}

static void __exit floor_exit(void)
{
	css_driver_unregister(&floor_driver);
	isc_unregister(IO_SCH_ISC);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_DESCRIPTION("make bench: channel programs started without VFIO (test only)");
MODULE_LICENSE("GPL");

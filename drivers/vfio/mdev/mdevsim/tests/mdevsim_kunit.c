// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure parts of mdevsim: unit pool, register and config
 * space decoding, migration stream checks and attribute parsing; and for the
 * copy engine against resets, migration steps and DMA unmaps, on a device
 * that is never registered with VFIO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/crc32.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/unaligned.h>

/*
 * The sources under test are compiled into this module, as in the other
 * zmdev KUnit suites: every file of mdevsim but the bus and the module
 * entry points, whose objects this module has its own copies of. Nothing
 * is exported from mdevsim.ko for the tests.
 */
#include "../pool.c"
#include "../regs.c"
#include "../stream.c"
#include "../attr.c"
#include "../debugfs.c"
#include "../parent.c"
#include "../irqfd.c"
#include "../irq.c"
#include "../migration.c"
#include "../engine.c"
#include "../sysfs.c"
#include "../vfio.c"

/* ---- pool ------------------------------------------------------------ */

struct pool_case {
	const char *name;
	unsigned int capacity;
	unsigned int used;	/* taken in 1-unit steps before the test */
	unsigned int cost;
	int ret;
	unsigned int used_after;
};

static const struct pool_case pool_cases[] = {
	{ "small fits", 16, 0, 1, 0, 1 },
	{ "large fits", 16, 0, 4, 0, 4 },
	{ "exact fit", 16, 12, 4, 0, 16 },
	{ "one short", 16, 13, 4, -EUSERS, 13 },
	{ "full", 16, 16, 1, -EUSERS, 16 },
	{ "bigger than pool", 3, 0, 4, -EUSERS, 0 },
	{ "zero cost", 16, 0, 0, -EINVAL, 0 },
	{ "max capacity", MDEVSIM_MAX_CAPACITY, MDEVSIM_MAX_CAPACITY - 1, 1, 0,
	  MDEVSIM_MAX_CAPACITY },
};

static void pool_case_desc(const struct pool_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pool, pool_cases, pool_case_desc);

/* Covers: MTTY-MOD-03 bug-M1 */
static void mdevsim_pool_take_test(struct kunit *test)
{
	const struct pool_case *c = test->param_value;
	struct mdevsim_pool pool;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, mdevsim_pool_init(&pool, c->capacity));
	for (i = 0; i < c->used; i++)
		KUNIT_ASSERT_EQ(test, 0, mdevsim_pool_take(&pool, 1));

	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_pool_take(&pool, c->cost));
	KUNIT_EXPECT_EQ(test, c->used_after, pool.used);
	if (!c->ret && c->cost) {
		/* Releasing restores the previous state exactly. */
		mdevsim_pool_give(&pool, c->cost);
		KUNIT_EXPECT_EQ(test, c->used, pool.used);
	}
}

/* Covers: MTTY-MOD-03 bug-M1 */
static void mdevsim_pool_avail_test(struct kunit *test)
{
	struct mdevsim_pool pool;

	KUNIT_EXPECT_EQ(test, -EINVAL, mdevsim_pool_init(&pool, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			mdevsim_pool_init(&pool, MDEVSIM_MAX_CAPACITY + 1));
	KUNIT_ASSERT_EQ(test, 0, mdevsim_pool_init(&pool, 16));
	KUNIT_EXPECT_EQ(test, 16U, mdevsim_pool_avail(&pool, 1));
	KUNIT_EXPECT_EQ(test, 4U, mdevsim_pool_avail(&pool, 4));
	KUNIT_ASSERT_EQ(test, 0, mdevsim_pool_take(&pool, 1));
	KUNIT_EXPECT_EQ(test, 15U, mdevsim_pool_avail(&pool, 1));
	KUNIT_EXPECT_EQ(test, 3U, mdevsim_pool_avail(&pool, 4));
	KUNIT_ASSERT_EQ(test, 0, mdevsim_pool_take(&pool, 4));
	KUNIT_EXPECT_EQ(test, 11U, mdevsim_pool_avail(&pool, 1));
	KUNIT_EXPECT_EQ(test, 2U, mdevsim_pool_avail(&pool, 4));
	mdevsim_pool_give(&pool, 4);
	mdevsim_pool_give(&pool, 1);
	KUNIT_EXPECT_EQ(test, 16U, mdevsim_pool_avail(&pool, 1));
	KUNIT_EXPECT_EQ(test, 0U, mdevsim_pool_avail(&pool, 0));
}

/* ---- BAR0 ------------------------------------------------------------- */

struct bar_access_case {
	unsigned int off;
	unsigned int size;
	int ret;
};

static const struct bar_access_case bar_access_cases[] = {
	{ MDEVSIM_REG_ID, 4, 0 },
	{ MDEVSIM_REG_ID + 1, 4, -EINVAL },
	{ MDEVSIM_REG_ID + 2, 4, -EINVAL },
	{ MDEVSIM_REG_ID, 1, -EINVAL },
	{ MDEVSIM_REG_ID, 2, -EINVAL },
	{ MDEVSIM_REG_ID, 3, -EINVAL },
	{ MDEVSIM_REG_ID, 16, -EINVAL },
	{ MDEVSIM_REG_SRC, 8, 0 },
	{ MDEVSIM_REG_DST, 8, 0 },
	{ MDEVSIM_REG_SRC + 4, 8, -EINVAL },
	{ MDEVSIM_REG_LEN, 8, -EINVAL },
	{ 0x100, 8, -EINVAL },
	{ 0x100, 4, 0 },
	{ MDEVSIM_BAR0_SIZE - 4, 4, 0 },
	{ MDEVSIM_BAR0_SIZE - 2, 4, -EINVAL },
	{ MDEVSIM_BAR0_SIZE, 4, -EINVAL },
	{ 0xfffffffc, 4, -EINVAL },
};

static void bar_access_desc(const struct bar_access_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "off 0x%x size %u", c->off,
		 c->size);
}

KUNIT_ARRAY_PARAM(bar_access, bar_access_cases, bar_access_desc);

/* Covers: MTTY-REG-02 */
static void mdevsim_bar0_access_test(struct kunit *test)
{
	const struct bar_access_case *c = test->param_value;
	struct mdevsim_regs *regs;
	unsigned int act;
	u32 len_before;
	u64 val = 0;

	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	mdevsim_regs_reset(regs, MDEVSIM_SMALL_LIMIT);
	regs->len = 5;
	len_before = regs->len;

	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_bar0_read(regs, c->off, c->size,
							&val));
	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_bar0_write(regs, c->off, c->size,
							 ~0ULL, &act));
	if (c->ret) {
		/* A rejected access changes nothing and asks for nothing. */
		KUNIT_EXPECT_EQ(test, 0U, act);
		KUNIT_EXPECT_EQ(test, len_before, regs->len);
	}
}

static u32 rd32(struct kunit *test, struct mdevsim_regs *regs,
		unsigned int off)
{
	u64 val = 0;

	KUNIT_EXPECT_EQ(test, 0, mdevsim_bar0_read(regs, off, 4, &val));
	return val;
}

static unsigned int wr32(struct kunit *test, struct mdevsim_regs *regs,
			 unsigned int off, u32 val)
{
	unsigned int act = ~0U;

	KUNIT_EXPECT_EQ(test, 0, mdevsim_bar0_write(regs, off, 4, val, &act));
	return act;
}

static void mdevsim_bar0_decode_test(struct kunit *test)
{
	struct mdevsim_regs *regs;
	u64 val;

	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	mdevsim_regs_reset(regs, 4096);

	/* Identity and read-only registers */
	KUNIT_EXPECT_EQ(test, MDEVSIM_ID_VALUE, rd32(test, regs, MDEVSIM_REG_ID));
	KUNIT_EXPECT_EQ(test, MDEVSIM_VERSION_VALUE,
			rd32(test, regs, MDEVSIM_REG_VERSION));
	KUNIT_EXPECT_EQ(test, 4096U, rd32(test, regs, MDEVSIM_REG_CAPACITY));
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, MDEVSIM_REG_ID, 0));
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, MDEVSIM_REG_CAPACITY, 1));
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, MDEVSIM_REG_STATUS, 7));
	KUNIT_EXPECT_EQ(test, MDEVSIM_ID_VALUE, rd32(test, regs, MDEVSIM_REG_ID));
	KUNIT_EXPECT_EQ(test, 4096U, rd32(test, regs, MDEVSIM_REG_CAPACITY));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_STATUS));

	/* Reserved offsets read 0 and ignore writes */
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, 0x100, 0xdeadbeef));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, 0x100));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_END));

	/* CTRL keeps only defined bits */
	wr32(test, regs, MDEVSIM_REG_CTRL, 0xffffffff);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_CTRL_MASK,
			rd32(test, regs, MDEVSIM_REG_CTRL));

	/* 64-bit registers: halves and one 8-byte access */
	wr32(test, regs, MDEVSIM_REG_SRC, 0x89abcdef);
	wr32(test, regs, MDEVSIM_REG_SRC + 4, 0x01234567);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_bar0_read(regs, MDEVSIM_REG_SRC, 8,
						   &val));
	KUNIT_EXPECT_EQ(test, 0x0123456789abcdefULL, val);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_bar0_write(regs, MDEVSIM_REG_DST, 8,
						    0x1122334455667788ULL,
						    &(unsigned int){ 0 }));
	KUNIT_EXPECT_EQ(test, 0x55667788U, rd32(test, regs, MDEVSIM_REG_DST));
	KUNIT_EXPECT_EQ(test, 0x11223344U,
			rd32(test, regs, MDEVSIM_REG_DST + 4));

	/* DOORBELL: write 1 asks for a copy, reads 0 */
	KUNIT_EXPECT_EQ(test, (unsigned int)MDEVSIM_ACT_DOORBELL,
			wr32(test, regs, MDEVSIM_REG_DOORBELL, 1));
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, MDEVSIM_REG_DOORBELL, 0));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_DOORBELL));

	/* IRQ_STATUS is write-1-to-clear */
	regs->irq_status = MDEVSIM_IRQ_DONE | MDEVSIM_IRQ_ERROR;
	KUNIT_EXPECT_EQ(test, 0U, wr32(test, regs, MDEVSIM_REG_IRQ_STATUS, 0));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_IRQ_MASK,
			rd32(test, regs, MDEVSIM_REG_IRQ_STATUS));
	KUNIT_EXPECT_EQ(test, (unsigned int)MDEVSIM_ACT_IRQ,
			wr32(test, regs, MDEVSIM_REG_IRQ_STATUS,
			     MDEVSIM_IRQ_DONE));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_IRQ_ERROR,
			rd32(test, regs, MDEVSIM_REG_IRQ_STATUS));
	wr32(test, regs, MDEVSIM_REG_IRQ_STATUS, ~0U);
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_IRQ_STATUS));

	/* Completion: errors are not counted, successes are */
	mdevsim_regs_complete(regs, MDEVSIM_ERR_DMA, 100);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_STATUS_ERROR,
			rd32(test, regs, MDEVSIM_REG_STATUS));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_ERR_DMA,
			rd32(test, regs, MDEVSIM_REG_ERROR));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_COPIES));
	mdevsim_regs_complete(regs, MDEVSIM_ERR_NONE, 100);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_STATUS_DONE,
			rd32(test, regs, MDEVSIM_REG_STATUS));
	KUNIT_EXPECT_EQ(test, 0U, rd32(test, regs, MDEVSIM_REG_ERROR));
	KUNIT_EXPECT_EQ(test, 1U, rd32(test, regs, MDEVSIM_REG_COPIES));
	KUNIT_EXPECT_EQ(test, 100U, rd32(test, regs, MDEVSIM_REG_BYTES));
	KUNIT_EXPECT_EQ(test, (u32)(MDEVSIM_IRQ_DONE | MDEVSIM_IRQ_ERROR),
			rd32(test, regs, MDEVSIM_REG_IRQ_STATUS));
}

/* ---- copy request checks ---------------------------------------------- */

struct copy_case {
	const char *name;
	u64 src;
	u64 dst;
	u32 len;
	u32 err;
};

static const struct copy_case copy_cases[] = {
	{ "ok", 0x10000, 0x20000, 4096, MDEVSIM_ERR_NONE },
	{ "len 0", 0x10000, 0x20000, 0, MDEVSIM_ERR_LEN },
	{ "len at limit", 0x10000, 0x20000, 65536, MDEVSIM_ERR_NONE },
	{ "len over limit", 0x10000, 0x20000, 65537, MDEVSIM_ERR_LEN },
	{ "len max", 0x10000, 0x20000, 0xffffffff, MDEVSIM_ERR_LEN },
	{ "src wraps", ~0ULL - 10, 0x20000, 64, MDEVSIM_ERR_DMA },
	{ "dst wraps", 0x10000, ~0ULL - 62, 64, MDEVSIM_ERR_DMA },
	{ "ends at top", ~0ULL - 63, 0x20000, 64, MDEVSIM_ERR_NONE },
	{ "same range", 0x10000, 0x10000, 64, MDEVSIM_ERR_OVERLAP },
	{ "dst inside", 0x10000, 0x1003f, 64, MDEVSIM_ERR_OVERLAP },
	{ "src inside", 0x1003f, 0x10000, 64, MDEVSIM_ERR_OVERLAP },
	{ "adjacent above", 0x10000, 0x10040, 64, MDEVSIM_ERR_NONE },
	{ "adjacent below", 0x10040, 0x10000, 64, MDEVSIM_ERR_NONE },
};

static void copy_case_desc(const struct copy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(copy, copy_cases, copy_case_desc);

static void mdevsim_copy_check_test(struct kunit *test)
{
	const struct copy_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->err,
			mdevsim_copy_check(c->src, c->dst, c->len,
					   MDEVSIM_SMALL_LIMIT));
}

/* ---- config space ----------------------------------------------------- */

struct cfg_access_case {
	unsigned int off;
	unsigned int size;
	int ret;
};

static const struct cfg_access_case cfg_access_cases[] = {
	{ 0x00, 4, 0 },
	{ 0x02, 2, 0 },
	{ 0x03, 1, 0 },
	{ 0x01, 2, -EINVAL },
	{ 0x02, 4, -EINVAL },
	{ 0x00, 3, -EINVAL },
	{ 0x00, 8, -EINVAL },
	{ 0xfc, 4, 0 },
	{ 0xfe, 4, -EINVAL },
	{ 0xff, 2, -EINVAL },
	{ 0x100, 1, -EINVAL },
};

static void cfg_access_desc(const struct cfg_access_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "off 0x%x size %u", c->off,
		 c->size);
}

KUNIT_ARRAY_PARAM(cfg_access, cfg_access_cases, cfg_access_desc);

/* Covers: MTTY-REG-02 */
static void mdevsim_cfg_access_test(struct kunit *test)
{
	const struct cfg_access_case *c = test->param_value;
	struct mdevsim_regs *regs;
	u32 val;

	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	mdevsim_regs_reset(regs, MDEVSIM_SMALL_LIMIT);
	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_cfg_read(regs, c->off, c->size,
						       &val));
	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_cfg_write(regs, c->off, c->size,
							0));
}

static u32 cfg32(struct kunit *test, struct mdevsim_regs *regs,
		 unsigned int off)
{
	u32 val = 0;

	KUNIT_EXPECT_EQ(test, 0, mdevsim_cfg_read(regs, off, 4, &val));
	return val;
}

/* Covers: MTTY-CFG-01 MTTY-CFG-02 */
static void mdevsim_cfg_decode_test(struct kunit *test)
{
	const unsigned int msi = MDEVSIM_CFG_MSI_CAP;
	struct mdevsim_regs *regs;
	u32 val;

	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	mdevsim_regs_reset(regs, MDEVSIM_SMALL_LIMIT);

	KUNIT_EXPECT_EQ(test, (u32)(MDEVSIM_PCI_VENDOR |
				    MDEVSIM_PCI_DEVICE << 16), cfg32(test, regs, 0));
	KUNIT_EXPECT_EQ(test, (u32)(MDEVSIM_PCI_CLASS << 8 |
				    MDEVSIM_PCI_REVISION),
			cfg32(test, regs, PCI_CLASS_REVISION));
	KUNIT_EXPECT_EQ(test, (u32)(MDEVSIM_PCI_SUBVENDOR |
				    MDEVSIM_PCI_SUBDEVICE << 16),
			cfg32(test, regs, PCI_SUBSYSTEM_VENDOR_ID));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_CFG_STATUS_CAPLIST << 16,
			cfg32(test, regs, PCI_COMMAND));
	KUNIT_EXPECT_EQ(test, (u32)msi, cfg32(test, regs,
					      PCI_CAPABILITY_LIST) & 0xff);
	KUNIT_EXPECT_EQ(test, 0x100U, cfg32(test, regs, PCI_INTERRUPT_LINE) &
			0xffff);

	/* Identity is read-only */
	mdevsim_cfg_write(regs, 0, 4, 0x12345678);
	KUNIT_EXPECT_EQ(test, (u32)(MDEVSIM_PCI_VENDOR |
				    MDEVSIM_PCI_DEVICE << 16), cfg32(test, regs, 0));

	/* BAR0 sizing, address, and unimplemented BARs */
	KUNIT_EXPECT_EQ(test, 0U, cfg32(test, regs, PCI_BASE_ADDRESS_0));
	mdevsim_cfg_write(regs, PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, (u32)~(MDEVSIM_BAR0_SIZE - 1),
			cfg32(test, regs, PCI_BASE_ADDRESS_0));
	mdevsim_cfg_write(regs, PCI_BASE_ADDRESS_0, 4, 0xfebf0123);
	KUNIT_EXPECT_EQ(test, 0xfebf0000U, cfg32(test, regs,
						 PCI_BASE_ADDRESS_0));
	mdevsim_cfg_write(regs, PCI_BASE_ADDRESS_1, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, 0U, cfg32(test, regs, PCI_BASE_ADDRESS_1));

	/* Command: only memory, bus master and INTx disable */
	mdevsim_cfg_write(regs, PCI_COMMAND, 2, 0xffff);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_cfg_read(regs, PCI_COMMAND, 2, &val));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_CFG_CMD_WRITABLE, val);

	/* Interrupt line rw, pin ro */
	mdevsim_cfg_write(regs, PCI_INTERRUPT_LINE, 1, 0x5a);
	mdevsim_cfg_write(regs, PCI_INTERRUPT_PIN, 1, 0x03);
	KUNIT_EXPECT_EQ(test, 0x15aU, cfg32(test, regs, PCI_INTERRUPT_LINE) &
			0xffff);

	/* MSI capability: id 5, last, 64-bit, one vector */
	val = cfg32(test, regs, msi);
	KUNIT_EXPECT_EQ(test, (u32)PCI_CAP_ID_MSI, val & 0xff);
	KUNIT_EXPECT_EQ(test, 0U, (val >> 8) & 0xff);
	KUNIT_EXPECT_EQ(test, (u32)PCI_MSI_FLAGS_64BIT, val >> 16);
	mdevsim_cfg_write(regs, msi + PCI_MSI_FLAGS, 2, 0xffff);
	KUNIT_EXPECT_EQ(test, (u32)(PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE),
			cfg32(test, regs, msi) >> 16);
	mdevsim_cfg_write(regs, msi + PCI_MSI_ADDRESS_LO, 4, 0xfee00003);
	KUNIT_EXPECT_EQ(test, 0xfee00000U,
			cfg32(test, regs, msi + PCI_MSI_ADDRESS_LO));
	mdevsim_cfg_write(regs, msi + PCI_MSI_ADDRESS_HI, 4, 0x12345678);
	KUNIT_EXPECT_EQ(test, 0x12345678U,
			cfg32(test, regs, msi + PCI_MSI_ADDRESS_HI));
	mdevsim_cfg_write(regs, msi + PCI_MSI_DATA_64, 2, 0x4321);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_cfg_read(regs, msi + PCI_MSI_DATA_64,
						  2, &val));
	KUNIT_EXPECT_EQ(test, 0x4321U, val);
	/* Nothing after the 14-byte capability is writable */
	mdevsim_cfg_write(regs, msi + MDEVSIM_CFG_MSI_LEN, 2, 0xffff);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_cfg_read(regs,
						  msi + MDEVSIM_CFG_MSI_LEN, 2,
						  &val));
	KUNIT_EXPECT_EQ(test, 0U, val);

	/* INTx status mirrors the line */
	mdevsim_regs_set_intx(regs, true);
	KUNIT_EXPECT_NE(test, 0U, cfg32(test, regs, PCI_COMMAND) >> 16 &
			MDEVSIM_CFG_STATUS_INTX);
	mdevsim_regs_set_intx(regs, false);
	KUNIT_EXPECT_EQ(test, 0U, cfg32(test, regs, PCI_COMMAND) >> 16 &
			MDEVSIM_CFG_STATUS_INTX);

	/* Reset forgets config writes */
	mdevsim_regs_reset(regs, MDEVSIM_SMALL_LIMIT);
	KUNIT_EXPECT_EQ(test, 0U, cfg32(test, regs, PCI_BASE_ADDRESS_0));
	KUNIT_EXPECT_EQ(test, 0U, cfg32(test, regs, PCI_COMMAND) & 0xffff);
}

/* ---- migration stream ------------------------------------------------- */

static void fill_snapshot(struct mdevsim_snapshot *snap)
{
	unsigned int i;

	memset(snap, 0, sizeof(*snap));
	snap->cost = MDEVSIM_LARGE_COST;
	snap->copy_limit = 8192;
	snap->irq_mode = MDEVSIM_IRQ_MODE_MSI;
	mdevsim_regs_reset(&snap->regs, snap->copy_limit);
	for (i = 0x80; i < MDEVSIM_CFG_SIZE; i++)
		snap->regs.cfg[i] = i;
	snap->regs.ctrl = MDEVSIM_CTRL_PIN;
	snap->regs.status = MDEVSIM_STATUS_DONE;
	snap->regs.src = 0x123456789000ULL;
	snap->regs.dst = 0xabcdef000ULL;
	snap->regs.len = 4000;
	snap->regs.irq_status = MDEVSIM_IRQ_DONE;
	snap->regs.error = MDEVSIM_ERR_NONE;
	snap->regs.copies = 7;
	snap->regs.bytes = 0x100000004ULL;
}

/* Covers: MTTY-MIG-03 */
static void mdevsim_stream_roundtrip_test(struct kunit *test)
{
	struct mdevsim_snapshot *in, *out;
	u8 *buf;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	buf = kunit_kzalloc(test, MDEVSIM_MIG_STREAM_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fill_snapshot(in);

	KUNIT_EXPECT_EQ(test, -ENOSPC, mdevsim_stream_encode(in, buf, 100));
	KUNIT_ASSERT_EQ(test, MDEVSIM_MIG_STREAM_SIZE,
			mdevsim_stream_encode(in, buf,
					      MDEVSIM_MIG_STREAM_SIZE));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_MIG_MAGIC,
			get_unaligned_le32(buf + MDEVSIM_MIG_HDR_MAGIC));
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_MIG_PAYLOAD_SIZE,
			get_unaligned_le32(buf + MDEVSIM_MIG_HDR_LENGTH));
	/* The trailer is the zlib CRC-32 of the payload. */
	KUNIT_EXPECT_EQ(test, crc32_le(~0U, buf + MDEVSIM_MIG_HDR_SIZE,
				       MDEVSIM_MIG_PAYLOAD_SIZE) ^ ~0U,
			get_unaligned_le32(buf + MDEVSIM_MIG_HDR_SIZE +
					   MDEVSIM_MIG_PAYLOAD_SIZE));

	KUNIT_ASSERT_EQ(test, 0, mdevsim_stream_decode(buf,
						       MDEVSIM_MIG_STREAM_SIZE,
						       out));
	KUNIT_EXPECT_EQ(test, in->cost, out->cost);
	KUNIT_EXPECT_EQ(test, in->copy_limit, out->copy_limit);
	KUNIT_EXPECT_EQ(test, in->irq_mode, out->irq_mode);
	KUNIT_EXPECT_MEMEQ(test, in->regs.cfg, out->regs.cfg, MDEVSIM_CFG_SIZE);
	KUNIT_EXPECT_EQ(test, in->regs.ctrl, out->regs.ctrl);
	KUNIT_EXPECT_EQ(test, in->regs.status, out->regs.status);
	KUNIT_EXPECT_EQ(test, in->regs.src, out->regs.src);
	KUNIT_EXPECT_EQ(test, in->regs.dst, out->regs.dst);
	KUNIT_EXPECT_EQ(test, in->regs.len, out->regs.len);
	KUNIT_EXPECT_EQ(test, in->regs.irq_status, out->regs.irq_status);
	KUNIT_EXPECT_EQ(test, in->regs.error, out->regs.error);
	KUNIT_EXPECT_EQ(test, in->regs.copies, out->regs.copies);
	KUNIT_EXPECT_EQ(test, in->regs.bytes, out->regs.bytes);
	KUNIT_EXPECT_EQ(test, in->copy_limit, out->regs.copy_limit);
	KUNIT_EXPECT_EQ(test, 0, mdevsim_stream_check_type(out,
							   MDEVSIM_LARGE_COST,
							   MDEVSIM_LARGE_LIMIT));
}

enum stream_damage {
	DMG_SHORT,
	DMG_HEADER_ONLY,
	DMG_TRUNCATED,
	DMG_EXTRA,
	DMG_MAGIC,
	DMG_MAJOR,
	DMG_LENGTH,
	DMG_RESERVED,
	DMG_PAYLOAD_BYTE,
	DMG_CRC,
	DMG_PAYLOAD_RSVD,
	DMG_MINOR,	/* accepted: minor versions are compatible */
};

struct stream_case {
	const char *name;
	enum stream_damage damage;
	int ret;
};

static const struct stream_case stream_cases[] = {
	{ "short", DMG_SHORT, -EINVAL },
	{ "header only", DMG_HEADER_ONLY, -EINVAL },
	{ "truncated", DMG_TRUNCATED, -EINVAL },
	{ "trailing bytes", DMG_EXTRA, -EINVAL },
	{ "wrong magic", DMG_MAGIC, -EINVAL },
	{ "major version 2", DMG_MAJOR, -EINVAL },
	{ "length field", DMG_LENGTH, -EINVAL },
	{ "header reserved", DMG_RESERVED, -EINVAL },
	{ "payload byte", DMG_PAYLOAD_BYTE, -EINVAL },
	{ "crc", DMG_CRC, -EINVAL },
	{ "payload reserved", DMG_PAYLOAD_RSVD, -EINVAL },
	{ "minor version 7", DMG_MINOR, 0 },
};

static void stream_case_desc(const struct stream_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stream, stream_cases, stream_case_desc);

/* Covers: MTTY-MIG-04 */
static void mdevsim_stream_reject_test(struct kunit *test)
{
	const struct stream_case *c = test->param_value;
	const size_t full = MDEVSIM_MIG_STREAM_SIZE;
	u8 *payload, *buf;
	struct mdevsim_snapshot *snap;
	size_t len = full;

	snap = kunit_kzalloc(test, sizeof(*snap), GFP_KERNEL);
	buf = kunit_kzalloc(test, full + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fill_snapshot(snap);
	KUNIT_ASSERT_EQ(test, (int)full, mdevsim_stream_encode(snap, buf, full));
	payload = buf + MDEVSIM_MIG_HDR_SIZE;

	switch (c->damage) {
	case DMG_SHORT:
		len = MDEVSIM_MIG_HDR_SIZE - 1;
		break;
	case DMG_HEADER_ONLY:
		len = MDEVSIM_MIG_HDR_SIZE;
		break;
	case DMG_TRUNCATED:
		len = full - 1;
		break;
	case DMG_EXTRA:
		len = full + 1;
		break;
	case DMG_MAGIC:
		buf[MDEVSIM_MIG_HDR_MAGIC] ^= 0xff;
		break;
	case DMG_MAJOR:
		put_unaligned_le16(2, buf + MDEVSIM_MIG_HDR_MAJOR);
		break;
	case DMG_LENGTH:
		put_unaligned_le32(MDEVSIM_MIG_PAYLOAD_SIZE - 4,
				   buf + MDEVSIM_MIG_HDR_LENGTH);
		break;
	case DMG_RESERVED:
		buf[MDEVSIM_MIG_HDR_RSVD] = 1;
		break;
	case DMG_PAYLOAD_BYTE:
		payload[MDEVSIM_MIG_P_CONFIG + 0x90] ^= 0x01;
		break;
	case DMG_CRC:
		payload[MDEVSIM_MIG_PAYLOAD_SIZE] ^= 0x80;
		break;
	case DMG_PAYLOAD_RSVD:
		/* Valid CRC, but a reserved field is set */
		put_unaligned_le32(1, payload + MDEVSIM_MIG_P_RSVD);
		put_unaligned_le32(crc32_le(~0U, payload,
					    MDEVSIM_MIG_PAYLOAD_SIZE) ^ ~0U,
				   payload + MDEVSIM_MIG_PAYLOAD_SIZE);
		break;
	case DMG_MINOR:
		put_unaligned_le16(7, buf + MDEVSIM_MIG_HDR_MINOR);
		break;
	}
	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_stream_decode(buf, len, snap));
}

/* Covers: MTTY-MIG-04 */
static void mdevsim_stream_type_test(struct kunit *test)
{
	struct mdevsim_snapshot *snap;

	snap = kunit_kzalloc(test, sizeof(*snap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	fill_snapshot(snap);

	KUNIT_EXPECT_EQ(test, 0, mdevsim_stream_check_type(snap,
							   MDEVSIM_LARGE_COST,
							   MDEVSIM_LARGE_LIMIT));
	/* State of a large device offered to a small one */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			mdevsim_stream_check_type(snap, MDEVSIM_SMALL_COST,
						  MDEVSIM_SMALL_LIMIT));
	snap->copy_limit = 3000;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			mdevsim_stream_check_type(snap, MDEVSIM_LARGE_COST,
						  MDEVSIM_LARGE_LIMIT));
	snap->copy_limit = 2 * MDEVSIM_LARGE_LIMIT;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			mdevsim_stream_check_type(snap, MDEVSIM_LARGE_COST,
						  MDEVSIM_LARGE_LIMIT));
	snap->copy_limit = 512;
	snap->irq_mode = 9;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			mdevsim_stream_check_type(snap, MDEVSIM_LARGE_COST,
						  MDEVSIM_LARGE_LIMIT));
}

/* ---- attributes ------------------------------------------------------- */

struct label_case {
	const char *name;
	const char *in;
	int ret;
	const char *out;
};

static const struct label_case label_cases[] = {
	{ "empty", "", 0, "" },
	{ "newline only", "\n", 0, "" },
	{ "plain", "vm-42 disk", 0, "vm-42 disk" },
	{ "newline stripped", "abc\n", 0, "abc" },
	{ "32 chars", "0123456789abcdef0123456789abcdef", 0,
	  "0123456789abcdef0123456789abcdef" },
	{ "32 chars + newline", "0123456789abcdef0123456789abcdef\n", 0,
	  "0123456789abcdef0123456789abcdef" },
	{ "33 chars", "0123456789abcdef0123456789abcdefX", -EINVAL, NULL },
	{ "tab", "a\tb", -EINVAL, NULL },
	{ "two newlines", "abc\n\n", -EINVAL, NULL },
	{ "DEL", "a\x7f", -EINVAL, NULL },
	{ "high byte", "caf\xe9", -EINVAL, NULL },
};

static void label_case_desc(const struct label_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(label, label_cases, label_case_desc);

static void mdevsim_label_test(struct kunit *test)
{
	const struct label_case *c = test->param_value;
	char out[MDEVSIM_LABEL_MAX + 1] = "untouched";

	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_parse_label(c->in, strlen(c->in),
							  out, sizeof(out)));
	KUNIT_EXPECT_STREQ(test, c->ret ? "untouched" : c->out, out);
}

struct limit_case {
	const char *in;
	u32 type_limit;
	int ret;
	u32 out;
};

static const struct limit_case limit_cases[] = {
	{ "512", MDEVSIM_SMALL_LIMIT, 0, 512 },
	{ "512\n", MDEVSIM_SMALL_LIMIT, 0, 512 },
	{ "0x1000", MDEVSIM_SMALL_LIMIT, 0, 4096 },
	{ "65536", MDEVSIM_SMALL_LIMIT, 0, 65536 },
	{ "131072", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "131072", MDEVSIM_LARGE_LIMIT, 0, 131072 },
	{ "1048576", MDEVSIM_LARGE_LIMIT, 0, 1048576 },
	{ "2097152", MDEVSIM_LARGE_LIMIT, -EINVAL, 0 },
	{ "256", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "0", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "1000", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "-512", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "4096 ", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "big", MDEVSIM_SMALL_LIMIT, -EINVAL, 0 },
	{ "4294967296", MDEVSIM_LARGE_LIMIT, -EINVAL, 0 },
};

static void limit_case_desc(const struct limit_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\" limit %u", c->in,
		 c->type_limit);
}

KUNIT_ARRAY_PARAM(limit, limit_cases, limit_case_desc);

static void mdevsim_copy_limit_test(struct kunit *test)
{
	const struct limit_case *c = test->param_value;
	u32 out = 1;

	KUNIT_EXPECT_EQ(test, c->ret, mdevsim_parse_copy_limit(c->in,
							       c->type_limit,
							       &out));
	KUNIT_EXPECT_EQ(test, c->ret ? 1U : c->out, out);
}

struct irq_mode_case {
	const char *in;
	int ret;
};

static const struct irq_mode_case irq_mode_cases[] = {
	{ "auto", MDEVSIM_IRQ_MODE_AUTO },
	{ "intx", MDEVSIM_IRQ_MODE_INTX },
	{ "msi", MDEVSIM_IRQ_MODE_MSI },
	{ "none", MDEVSIM_IRQ_MODE_NONE },
	{ "msi\n", MDEVSIM_IRQ_MODE_MSI },
	{ "MSI", -EINVAL },
	{ "msix", -EINVAL },
	{ "auto ", -EINVAL },
	{ "", -EINVAL },
};

static void irq_mode_case_desc(const struct irq_mode_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", c->in);
}

KUNIT_ARRAY_PARAM(irq_mode, irq_mode_cases, irq_mode_case_desc);

static void mdevsim_irq_mode_test(struct kunit *test)
{
	const struct irq_mode_case *c = test->param_value;
	int mode = mdevsim_parse_irq_mode(c->in);

	KUNIT_EXPECT_EQ(test, c->ret, mode);
	if (mode >= 0)
		KUNIT_EXPECT_EQ(test, 0, strncmp(c->in,
						 mdevsim_irq_mode_name(mode),
						 strlen(mdevsim_irq_mode_name(mode))));
}

/* ---- copy engine against reset, migration and unmap ------------------- */

enum quiescer {
	Q_RESET,
	Q_STOP,		/* migration RUNNING -> STOP */
	Q_UNMAP,
};

/*
 * A device that is never registered with VFIO, and a second thread (the
 * quiescer) that resets it, moves its migration state or unmaps DMA.
 * Doorbells used here either fail their request checks (LEN 0) or meet no
 * DMA-capable state, so no case reaches vfio_dma_rw() or vfio_pin_pages().
 *
 * The order is fixed by the test points: the quiescer parks at
 * MDEVSIM_TP_QUIESCED with copy_lock held; the doorbell, in the test's
 * thread, lets it go on from MDEVSIM_TP_CLAIMED and waits there until the
 * quiescer is done. A claimed doorbell's next step is to wait for
 * copy_lock, so this is the order of a doorbell that meets the quiescer.
 * No sleeps, no timeouts.
 */
struct engine_env {
	struct mdevsim_dev mdev;
	struct mdevsim_parent parent;
	struct mdevsim_type type;
	enum quiescer quiescer;
	struct task_struct *task;
	bool released;
	struct completion held;
	struct completion go;
	struct completion done;
	long ret;
};

static struct engine_env *engine_env(struct mdevsim_dev *mdev)
{
	return container_of(mdev, struct engine_env, mdev);
}

static struct engine_env *engine_env_new(struct kunit *test)
{
	struct engine_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	struct mdevsim_dev *mdev;

	KUNIT_ASSERT_NOT_NULL(test, env);
	mdev = &env->mdev;
	env->type.cost = MDEVSIM_SMALL_COST;
	env->type.limit = MDEVSIM_SMALL_LIMIT;
	mutex_init(&env->parent.lock);
	mdev->parent = &env->parent;
	mdev->type = &env->type;
	mutex_init(&mdev->lock);
	mutex_init(&mdev->copy_lock);
	mdev->copy_limit = MDEVSIM_SMALL_LIMIT;
	mdev->irq_mode = MDEVSIM_IRQ_MODE_NONE;
	mdevsim_regs_reset(&mdev->regs, mdev->copy_limit);
	mdevsim_mig_init(mdev);
	init_completion(&env->held);
	init_completion(&env->go);
	init_completion(&env->done);
	return env;
}

static long engine_set_state(struct mdevsim_dev *mdev,
			     enum vfio_device_mig_state state)
{
	struct file *f = mdevsim_mig_ops.migration_set_state(&mdev->vdev,
							     state);

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (f)
		fput(f);
	return 0;
}

static int engine_quiescer(void *data)
{
	struct engine_env *env = data;
	struct mdevsim_dev *mdev = &env->mdev;

	switch (env->quiescer) {
	case Q_RESET:
		mdevsim_dev_reset(mdev);
		break;
	case Q_STOP:
		env->ret = engine_set_state(mdev, VFIO_DEVICE_STATE_STOP);
		break;
	case Q_UNMAP:
		mdevsim_engine_dma_unmap(&mdev->vdev, 0, PAGE_SIZE);
		break;
	}
	kthread_complete_and_exit(&env->done, 0);
}

static void engine_hook(struct mdevsim_dev *mdev,
			enum mdevsim_test_point point)
{
	struct engine_env *env = engine_env(mdev);

	switch (point) {
	case MDEVSIM_TP_QUIESCED:
		/* Only the quiescer parks, with copy_lock held. */
		if (current != env->task)
			return;
		complete(&env->held);
		wait_for_completion(&env->go);
		return;
	case MDEVSIM_TP_CLAIMED:
		/* The first doorbell lets the quiescer finish while it waits. */
		if (!env->task || env->released)
			return;
		env->released = true;
		complete(&env->go);
		wait_for_completion(&env->done);
		return;
	}
}

/* Start the quiescer and wait until it holds copy_lock. */
static void engine_quiesce(struct kunit *test, struct engine_env *env,
			   enum quiescer q)
{
	struct task_struct *task;

	env->quiescer = q;
	env->mdev.test_hook = engine_hook;
	task = kthread_create(engine_quiescer, env, "mdevsim-kunit-q");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	env->task = task;
	wake_up_process(task);
	wait_for_completion(&env->held);
}

/* Ring the doorbell while the quiescer holds copy_lock, then end both. */
static void engine_doorbell_quiesced(struct engine_env *env)
{
	mdevsim_engine_doorbell(&env->mdev);
	if (!env->released) {
		/* The doorbell never claimed the engine: let the quiescer end. */
		env->released = true;
		complete(&env->go);
		wait_for_completion(&env->done);
	}
	env->mdev.test_hook = NULL;
}

static void engine_program(struct mdevsim_dev *mdev, u32 len)
{
	guard(mutex)(&mdev->lock);
	mdev->regs.src = 0x10000;
	mdev->regs.dst = 0x20000;
	mdev->regs.len = len;
}

static void expect_regs_clean(struct kunit *test, struct mdevsim_dev *mdev)
{
	guard(mutex)(&mdev->lock);
	KUNIT_EXPECT_EQ(test, 0U, mdev->regs.error);
	KUNIT_EXPECT_EQ(test, 0U, mdev->regs.status);
	KUNIT_EXPECT_EQ(test, 0U, mdev->regs.irq_status);
	KUNIT_EXPECT_EQ(test, 0U, mdev->regs.copies);
}

/*
 * A doorbell that meets a reset neither reports ERR_BUSY nor writes error
 * bits into the registers the reset has just cleared: the reset ends it.
 * A doorbell after the reset works normally.
 */
/* Covers: MTTY-IOC-01 */
static void mdevsim_doorbell_reset_test(struct kunit *test)
{
	struct engine_env *env = engine_env_new(test);
	struct mdevsim_dev *mdev = &env->mdev;

	engine_program(mdev, 0);
	engine_quiesce(test, env, Q_RESET);
	engine_doorbell_quiesced(env);
	expect_regs_clean(test, mdev);
	KUNIT_EXPECT_EQ(test, 0U, mdev->regs.len);

	engine_program(mdev, 0);
	mdevsim_engine_doorbell(mdev);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_ERR_LEN, mdev->regs.error);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_STATUS_ERROR, mdev->regs.status);
}

/*
 * A doorbell that meets a migration step to STOP is ignored (STOP does no
 * DMA): no ERR_BUSY, no register change. Back in RUNNING the engine is free.
 */
/* Covers: MTTY-MIG-01 */
static void mdevsim_doorbell_migration_test(struct kunit *test)
{
	struct engine_env *env = engine_env_new(test);
	struct mdevsim_dev *mdev = &env->mdev;

	engine_program(mdev, 0);
	engine_quiesce(test, env, Q_STOP);
	engine_doorbell_quiesced(env);
	KUNIT_EXPECT_EQ(test, 0L, env->ret);
	KUNIT_EXPECT_EQ(test, VFIO_DEVICE_STATE_STOP, mdev->mig_state);
	expect_regs_clean(test, mdev);

	/* In STOP a doorbell is ignored as well. */
	mdevsim_engine_doorbell(mdev);
	expect_regs_clean(test, mdev);

	KUNIT_ASSERT_EQ(test, 0L,
			engine_set_state(mdev, VFIO_DEVICE_STATE_RUNNING));
	mdevsim_engine_doorbell(mdev);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_ERR_LEN, mdev->regs.error);
}

/*
 * A doorbell that meets a DMA unmap waits for it and then runs its copy
 * (here one that fails its LEN check) instead of reporting ERR_BUSY.
 */
/* Covers: MDEV-05 */
static void mdevsim_doorbell_unmap_test(struct kunit *test)
{
	struct engine_env *env = engine_env_new(test);
	struct mdevsim_dev *mdev = &env->mdev;

	engine_program(mdev, 0);
	engine_quiesce(test, env, Q_UNMAP);
	engine_doorbell_quiesced(env);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_ERR_LEN, mdev->regs.error);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_STATUS_ERROR, mdev->regs.status);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_IRQ_ERROR, mdev->regs.irq_status);
}

static void busy_hook(struct mdevsim_dev *mdev, enum mdevsim_test_point point)
{
	struct engine_env *env = engine_env(mdev);

	if (point != MDEVSIM_TP_CLAIMED || env->released)
		return;
	env->released = true;
	/* A second doorbell while the first one owns the engine. */
	mdevsim_engine_doorbell(mdev);
	scoped_guard(mutex, &mdev->lock) {
		env->ret = mdev->regs.error;
		mdev->regs.len = 0;
	}
}

/*
 * The documented ERR_BUSY: a doorbell while another doorbell's copy is
 * under way records ERR_BUSY, and the copy under way still runs.
 */
static void mdevsim_doorbell_busy_test(struct kunit *test)
{
	struct engine_env *env = engine_env_new(test);
	struct mdevsim_dev *mdev = &env->mdev;

	engine_program(mdev, 64);
	mdev->test_hook = busy_hook;
	mdevsim_engine_doorbell(mdev);
	mdev->test_hook = NULL;
	KUNIT_EXPECT_TRUE(test, env->released);
	KUNIT_EXPECT_EQ(test, (long)MDEVSIM_ERR_BUSY, env->ret);
	/* The first copy's completion (LEN 0 by then) overwrites ERROR. */
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_ERR_LEN, mdev->regs.error);
	KUNIT_EXPECT_EQ(test, (u32)MDEVSIM_IRQ_ERROR, mdev->regs.irq_status);
}

static struct kunit_case mdevsim_test_cases[] = {
	KUNIT_CASE_PARAM(mdevsim_pool_take_test, pool_gen_params),
	KUNIT_CASE(mdevsim_pool_avail_test),
	KUNIT_CASE_PARAM(mdevsim_bar0_access_test, bar_access_gen_params),
	KUNIT_CASE(mdevsim_bar0_decode_test),
	KUNIT_CASE_PARAM(mdevsim_copy_check_test, copy_gen_params),
	KUNIT_CASE_PARAM(mdevsim_cfg_access_test, cfg_access_gen_params),
	KUNIT_CASE(mdevsim_cfg_decode_test),
	KUNIT_CASE(mdevsim_stream_roundtrip_test),
	KUNIT_CASE_PARAM(mdevsim_stream_reject_test, stream_gen_params),
	KUNIT_CASE(mdevsim_stream_type_test),
	KUNIT_CASE_PARAM(mdevsim_label_test, label_gen_params),
	KUNIT_CASE_PARAM(mdevsim_copy_limit_test, limit_gen_params),
	KUNIT_CASE_PARAM(mdevsim_irq_mode_test, irq_mode_gen_params),
	KUNIT_CASE(mdevsim_doorbell_reset_test),
	KUNIT_CASE(mdevsim_doorbell_migration_test),
	KUNIT_CASE(mdevsim_doorbell_unmap_test),
	KUNIT_CASE(mdevsim_doorbell_busy_test),
	{}
};

static struct kunit_suite mdevsim_test_suite = {
	.name = "mdevsim",
	.test_cases = mdevsim_test_cases,
};

kunit_test_suite(mdevsim_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for mdevsim");

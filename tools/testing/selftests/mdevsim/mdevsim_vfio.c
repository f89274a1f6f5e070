// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim VFIO device tests: region layout, config space, BAR0 registers,
 * interrupts, the DMA copy engine and removal while open.  Every test runs
 * for both mdev types and both ways of reaching a VFIO device (legacy
 * container + group, iommufd + cdev).
 */
#include <pthread.h>
#include <sys/syscall.h>

#include "mdevsim_util.h"

/* Two DMA windows, each big enough for one copy of the large type's limit + 1. */
#define BUF_SIZE	(2u * 1024 * 1024)
#define SRC_IOVA	0x10000000ull
#define DST_IOVA	0x20000000ull
#define HOLE_IOVA	0x30000000ull

FIXTURE(vfio)
{
	int parent;
	char uuid[MST_UUID_LEN + 1];
	struct zv_dev v;
	int dev;
	__u8 *src;
	__u8 *dst;
	bool src_mapped;
	bool dst_mapped;
	__u32 limit;
};

FIXTURE_VARIANT(vfio)
{
	const char *type;
	__u32 limit;
	enum zv_path path;
};

FIXTURE_VARIANT_ADD(vfio, small_legacy)
{
	.type = "small",
	.limit = MST_SMALL_LIMIT,
	.path = ZV_PATH_LEGACY,
};

FIXTURE_VARIANT_ADD(vfio, small_cdev)
{
	.type = "small",
	.limit = MST_SMALL_LIMIT,
	.path = ZV_PATH_CDEV,
};

FIXTURE_VARIANT_ADD(vfio, large_legacy)
{
	.type = "large",
	.limit = MST_LARGE_LIMIT,
	.path = ZV_PATH_LEGACY,
};

FIXTURE_VARIANT_ADD(vfio, large_cdev)
{
	.type = "large",
	.limit = MST_LARGE_LIMIT,
	.path = ZV_PATH_CDEV,
};

static void vfio_cleanup(struct _test_data_vfio *self)
{
	zv_close(&self->v);
	self->dev = -1;
	if (self->uuid[0])
		zv_mdev_remove(self->uuid);
	if (self->src)
		munmap(self->src, BUF_SIZE);
	if (self->dst)
		munmap(self->dst, BUF_SIZE);
	self->src = NULL;
	self->dst = NULL;
	self->uuid[0] = '\0';
	self->parent = -1;
}

static int vfio_open_and_map(struct _test_data_vfio *self,
			     const struct _fixture_variant_vfio *variant)
{
	int ret;

	ret = zv_open(&self->v, variant->path, self->uuid);
	if (ret)
		return ret;
	self->dev = self->v.fd;
	ret = zv_dma_map(&self->v, SRC_IOVA, self->src, BUF_SIZE);
	if (ret)
		return ret;
	self->src_mapped = true;
	ret = zv_dma_map(&self->v, DST_IOVA, self->dst, BUF_SIZE);
	if (ret)
		return ret;
	self->dst_mapped = true;
	return 0;
}

FIXTURE_SETUP(vfio)
{
	const char *step;
	int ret;

	self->parent = -1;
	self->dev = -1;
	self->uuid[0] = '\0';
	zv_init(&self->v);
	self->limit = variant->limit;

	/*
	 * The cdev path needs IOMMUFD (VFIO_DEVICE_CDEV depends on it): the
	 * project's test kernels have it, Debian's stock kernels do not.
	 */
	if (variant->path == ZV_PATH_CDEV && mst_any_path() != ZV_PATH_CDEV)
		SKIP(return, "no /dev/iommu: kernel without IOMMUFD and VFIO cdev");
	/* Every kernel we run on has the container (CONFIG_VFIO_CONTAINER). */
	if (variant->path == ZV_PATH_LEGACY)
		ASSERT_TRUE(zv_exists("/dev/vfio/vfio"))
			TH_LOG("no /dev/vfio/vfio: the container is missing");
	mst_assert_parent(_metadata);

	step = "mmap";
	self->src = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	self->dst = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (self->src == MAP_FAILED || self->dst == MAP_FAILED) {
		if (self->src == MAP_FAILED)
			self->src = NULL;
		if (self->dst == MAP_FAILED)
			self->dst = NULL;
		ret = -ENOMEM;
		goto fail;
	}

	self->parent = mst_parent_id;

	step = "create mdev";
	ret = mst_mdev_create(self->parent, variant->type, self->uuid);
	if (ret) {
		self->uuid[0] = '\0';
		goto fail;
	}

	step = "open VFIO device and map DMA";
	ret = vfio_open_and_map(self, variant);
	if (ret)
		goto fail;
	return;
fail:
	vfio_cleanup(self);
	ASSERT_EQ(0, ret) TH_LOG("setup step '%s' failed: %s", step, strerror(-ret));
}

FIXTURE_TEARDOWN(vfio)
{
	vfio_cleanup(self);
}

/* Close and reopen the device, e.g. to change attributes that need it closed. */
static int vfio_reopen(struct _test_data_vfio *self,
		       const struct _fixture_variant_vfio *variant, bool open)
{
	if (!open) {
		zv_close(&self->v);
		self->dev = -1;
		self->src_mapped = false;
		self->dst_mapped = false;
		return 0;
	}
	return vfio_open_and_map(self, variant);
}

static void fill(__u8 *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (__u8)(i * 7 + seed + (i >> 8));
}

/* Program one copy and ring the doorbell; returns the ERROR register. */
static __u32 run_copy(struct __test_metadata *_metadata, int dev, __u32 ctrl,
		      __u64 src, __u64 dst, __u32 len)
{
	mst_wr32(dev, MST_REG_CTRL, ctrl);
	mst_wr32(dev, MST_REG_SRC, (__u32)src);
	mst_wr32(dev, MST_REG_SRC + 4, (__u32)(src >> 32));
	mst_wr32(dev, MST_REG_DST, (__u32)dst);
	mst_wr32(dev, MST_REG_DST + 4, (__u32)(dst >> 32));
	mst_wr32(dev, MST_REG_LEN, len);
	mst_wr32(dev, MST_REG_DOORBELL, 1);
	return mst_rd32(dev, MST_REG_ERROR);
}

/* A copy that must fail with @err: STATUS.ERROR set, counters untouched. */
static void expect_copy_error(struct __test_metadata *_metadata, int dev,
			      __u32 ctrl, __u64 src, __u64 dst, __u32 len,
			      __u32 err)
{
	__u32 copies = mst_rd32(dev, MST_REG_COPIES);
	__u32 bytes = mst_rd32(dev, MST_REG_BYTES);

	EXPECT_EQ(err, run_copy(_metadata, dev, ctrl, src, dst, len))
		TH_LOG("src 0x%llx dst 0x%llx len %u ctrl %u",
		       (unsigned long long)src, (unsigned long long)dst, len, ctrl);
	EXPECT_EQ(MST_STATUS_ERROR,
		  mst_rd32(dev, MST_REG_STATUS) & (MST_STATUS_ERROR | MST_STATUS_DONE));
	EXPECT_NE(0, mst_rd32(dev, MST_REG_IRQ_STATUS) & MST_IRQ_ERROR);
	EXPECT_EQ(copies, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(bytes, mst_rd32(dev, MST_REG_BYTES));
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE | MST_IRQ_ERROR);
}

/* A copy that must succeed: data moved, STATUS.DONE, counters advanced. */
static void expect_copy_ok(struct __test_metadata *_metadata,
			   struct _test_data_vfio *self, __u32 ctrl,
			   __u32 src_off, __u32 dst_off, __u32 len,
			   unsigned int seed)
{
	int dev = self->dev;
	__u32 copies = mst_rd32(dev, MST_REG_COPIES);
	__u32 bytes = mst_rd32(dev, MST_REG_BYTES);

	fill(self->src + src_off, len, seed);
	/* Poison the destination plus one guard byte on each side. */
	memset(self->dst + dst_off - (dst_off ? 1 : 0), 0xa5,
	       len + 1 + (dst_off ? 1 : 0));
	ASSERT_EQ(MST_ERR_NONE, run_copy(_metadata, dev, ctrl, SRC_IOVA + src_off,
					 DST_IOVA + dst_off, len))
		TH_LOG("copy of %u bytes failed (ctrl %u)", len, ctrl);
	EXPECT_EQ(MST_STATUS_DONE, mst_rd32(dev, MST_REG_STATUS));
	EXPECT_NE(0, mst_rd32(dev, MST_REG_IRQ_STATUS) & MST_IRQ_DONE);
	EXPECT_EQ(copies + 1, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(bytes + len, mst_rd32(dev, MST_REG_BYTES));
	EXPECT_EQ(0, memcmp(self->src + src_off, self->dst + dst_off, len))
		TH_LOG("destination does not hold the source data");
	/* Bytes just outside the destination range are untouched. */
	if (dst_off)
		EXPECT_EQ(0xa5, self->dst[dst_off - 1]);
	EXPECT_EQ(0xa5, self->dst[dst_off + len]);
}

static void check_device_info(struct __test_metadata *_metadata,
			      struct _test_data_vfio *self)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	ASSERT_EQ(0, ioctl(self->dev, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET,
		  info.flags & (VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET |
				VFIO_DEVICE_FLAGS_PLATFORM | VFIO_DEVICE_FLAGS_CCW |
				VFIO_DEVICE_FLAGS_AP));
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS, info.num_regions);
	EXPECT_EQ(VFIO_PCI_NUM_IRQS, info.num_irqs);

	/* A too small argsz is rejected. */
	info.argsz = 4;
	EXPECT_EQ(-1, ioctl(self->dev, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

static void check_region_info(struct __test_metadata *_metadata,
			      struct _test_data_vfio *self)
{
	struct vfio_region_info info;
	unsigned int i;

	for (i = 0; i < VFIO_PCI_NUM_REGIONS; i++) {
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.index = i;
		ASSERT_EQ(0, ioctl(self->dev, VFIO_DEVICE_GET_REGION_INFO, &info))
			TH_LOG("region %u", i);
		EXPECT_EQ(MST_REGION_OFF(i), info.offset);
		if (i == VFIO_PCI_CONFIG_REGION_INDEX) {
			EXPECT_EQ(MST_CFG_SIZE, info.size);
			EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
				  info.flags & (VFIO_REGION_INFO_FLAG_READ |
						VFIO_REGION_INFO_FLAG_WRITE |
						VFIO_REGION_INFO_FLAG_MMAP));
		} else if (i == VFIO_PCI_BAR0_REGION_INDEX) {
			EXPECT_EQ(MST_BAR0_SIZE, info.size);
			EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
				  info.flags & (VFIO_REGION_INFO_FLAG_READ |
						VFIO_REGION_INFO_FLAG_WRITE |
						VFIO_REGION_INFO_FLAG_MMAP));
		} else {
			EXPECT_EQ(0, info.size) TH_LOG("region %u", i);
		}
	}

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	info.index = VFIO_PCI_NUM_REGIONS;
	EXPECT_EQ(-1, ioctl(self->dev, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	info.index = 0xffffffff;
	EXPECT_EQ(-1, ioctl(self->dev, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

static void check_config_space(struct __test_metadata *_metadata,
			       struct _test_data_vfio *self)
{
	__u8 cfg[MST_CFG_SIZE];
	__u32 bar;

	ASSERT_EQ(0, _mst_cfg_read(self->dev, 0, cfg, sizeof(cfg)))
		TH_LOG("a 256 byte config read must be split, not refused");
	EXPECT_EQ(MST_PCI_VENDOR, zv_le16(cfg + 0x00));
	EXPECT_EQ(MST_PCI_DEVICE, zv_le16(cfg + 0x02));
	EXPECT_NE(0, zv_le16(cfg + 0x06) & 0x10);	/* capabilities list */
	EXPECT_EQ(MST_PCI_REVISION, cfg[0x08]);
	EXPECT_EQ(MST_PCI_CLASS, zv_le32(cfg + 0x08) >> 8);
	EXPECT_EQ(MST_PCI_SUBVENDOR, zv_le16(cfg + 0x2c));
	EXPECT_EQ(MST_PCI_SUBDEVICE, zv_le16(cfg + 0x2e));
	EXPECT_EQ(MST_CFG_MSI_CAP, cfg[0x34]);
	EXPECT_EQ(1, cfg[0x3d]);			/* INTA */
	/* MSI: id 5, end of list, 64-bit, one vector, disabled. */
	EXPECT_EQ(0x05, cfg[MST_CFG_MSI_CAP]);
	EXPECT_EQ(0x00, cfg[MST_CFG_MSI_CAP + 1]);
	EXPECT_NE(0, zv_le16(cfg + MST_CFG_MSI_CAP + 2) & 0x80);
	EXPECT_EQ(0, zv_le16(cfg + MST_CFG_MSI_CAP + 2) & 0x0e);
	EXPECT_EQ(0, zv_le16(cfg + MST_CFG_MSI_CAP + 2) & 0x01);

	/* BAR0 is 32-bit, non-prefetchable memory, 4 KiB. */
	EXPECT_EQ(0, zv_le32(cfg + 0x10) & 0xf);
	mst_cfg_wr32(self->dev, 0x10, 0xffffffff);
	bar = mst_cfg_rd32(self->dev, 0x10);
	EXPECT_EQ(~(__u32)(MST_BAR0_SIZE - 1), bar);
	mst_cfg_wr32(self->dev, 0x10, 0xfebf0000);
	EXPECT_EQ(0xfebf0000, mst_cfg_rd32(self->dev, 0x10));
	/* Unimplemented BARs read as 0 even after sizing. */
	mst_cfg_wr32(self->dev, 0x14, 0xffffffff);
	EXPECT_EQ(0, mst_cfg_rd32(self->dev, 0x14));

	/* Read-only identity fields ignore writes. */
	mst_cfg_wr32(self->dev, 0x00, 0x12345678);
	EXPECT_EQ(MST_PCI_VENDOR | MST_PCI_DEVICE << 16, mst_cfg_rd32(self->dev, 0x00));

	/* Interrupt line is writable, pin is not. */
	cfg[0] = 0x5a;
	ASSERT_EQ(0, _mst_cfg_write(self->dev, 0x3c, cfg, 1));
	cfg[0] = 0x03;
	ASSERT_EQ(0, _mst_cfg_write(self->dev, 0x3d, cfg, 1));
	ASSERT_EQ(0, _mst_cfg_read(self->dev, 0x3c, cfg, 2));
	EXPECT_EQ(0x5a, cfg[0]);
	EXPECT_EQ(1, cfg[1]);

	/* Command: memory, bus master, INTx disable are writable. */
	cfg[0] = 0x06;
	cfg[1] = 0x04;
	ASSERT_EQ(0, _mst_cfg_write(self->dev, 0x04, cfg, 2));
	ASSERT_EQ(0, _mst_cfg_read(self->dev, 0x04, cfg, 2));
	EXPECT_EQ(0x0406, zv_le16(cfg) & 0x0406);
}

static void check_bar0_identity(struct __test_metadata *_metadata,
				struct _test_data_vfio *self)
{
	__u8 b[8];

	EXPECT_EQ(MST_ID_VALUE, mst_rd32(self->dev, MST_REG_ID));
	EXPECT_EQ(MST_VERSION_VALUE, mst_rd32(self->dev, MST_REG_VERSION));
	EXPECT_EQ(self->limit, mst_rd32(self->dev, MST_REG_CAPACITY));
	EXPECT_EQ(0, mst_rd32(self->dev, MST_REG_STATUS));
	EXPECT_EQ(0, mst_rd32(self->dev, MST_REG_COPIES));
	EXPECT_EQ(0, mst_rd32(self->dev, MST_REG_BYTES));

	/* Read-only registers ignore writes; DOORBELL reads as 0. */
	mst_wr32(self->dev, MST_REG_ID, 0);
	mst_wr32(self->dev, MST_REG_CAPACITY, 1);
	EXPECT_EQ(MST_ID_VALUE, mst_rd32(self->dev, MST_REG_ID));
	EXPECT_EQ(self->limit, mst_rd32(self->dev, MST_REG_CAPACITY));
	EXPECT_EQ(0, mst_rd32(self->dev, MST_REG_DOORBELL));

	/* Reserved offsets: read 0, writes ignored. */
	mst_wr32(self->dev, 0x100, 0xdeadbeef);
	EXPECT_EQ(0, mst_rd32(self->dev, 0x100));
	EXPECT_EQ(0, mst_rd32(self->dev, MST_BAR0_SIZE - 4));

	/* Read/write registers hold their value; 64-bit SRC as one access. */
	mst_wr32(self->dev, MST_REG_SRC, 0x89abcdef);
	mst_wr32(self->dev, MST_REG_SRC + 4, 0x01234567);
	ASSERT_EQ(0, _mst_bar_read(self->dev, MST_REG_SRC, b, 8));
	EXPECT_EQ(0x89abcdef, zv_le32(b));
	EXPECT_EQ(0x01234567, zv_le32(b + 4));
	mst_wr32(self->dev, MST_REG_LEN, 77);
	EXPECT_EQ(77, mst_rd32(self->dev, MST_REG_LEN));
}

static void check_access_bounds(struct __test_metadata *_metadata,
				struct _test_data_vfio *self)
{
	__u8 buf[16] = { 0 };
	int dev = self->dev;
	__u32 v;

	/* BAR0: outside or straddling the end of the region. */
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, MST_BAR0_SIZE, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_write(dev, MST_BAR0_SIZE, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, MST_BAR0_SIZE - 2, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, 1ull << 39, buf, 4));
	/* BAR0: misaligned register accesses. */
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, MST_REG_ID + 2, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, MST_REG_ID + 1, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_write(dev, MST_REG_LEN + 2, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, MST_REG_SRC + 4, buf, 8));
	/* Oversized accesses. */
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, 0, buf, 16));
	MST_EXPECT_ERR(EINVAL, _mst_bar_read(dev, 0, buf, 3));
	/* A rejected write changed nothing. */
	mst_wr32(dev, MST_REG_LEN, 5);
	memset(buf, 0xff, sizeof(buf));
	MST_EXPECT_ERR(EINVAL, _mst_bar_write(dev, MST_REG_LEN + 1, buf, 4));
	EXPECT_EQ(5, mst_rd32(dev, MST_REG_LEN));

	/* Config space: outside, straddling, misaligned. */
	MST_EXPECT_ERR(EINVAL, _mst_cfg_read(dev, MST_CFG_SIZE, buf, 1));
	MST_EXPECT_ERR(EINVAL, _mst_cfg_read(dev, MST_CFG_SIZE - 2, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_cfg_write(dev, MST_CFG_SIZE - 1, buf, 2));
	MST_EXPECT_ERR(EINVAL, _mst_cfg_read(dev, 0x01, buf, 2));
	MST_EXPECT_ERR(EINVAL, _mst_cfg_read(dev, 0x02, buf, 4));
	EXPECT_EQ(0, _mst_cfg_read(dev, 0x02, buf, 2));
	EXPECT_EQ(MST_PCI_DEVICE, zv_le16(buf));

	/* Regions of size 0 and regions past the last index. */
	MST_EXPECT_ERR(EINVAL, _mst_region_rw(dev, false, VFIO_PCI_BAR1_REGION_INDEX,
					      0, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_region_rw(dev, false, VFIO_PCI_ROM_REGION_INDEX,
					      0, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_region_rw(dev, true, VFIO_PCI_VGA_REGION_INDEX,
					      0, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_region_rw(dev, false, VFIO_PCI_NUM_REGIONS,
					      0, buf, 4));
	MST_EXPECT_ERR(EINVAL, _mst_region_rw(dev, false, 0xff, 0, buf, 4));

	/* The device still works after all that. */
	ASSERT_EQ(0, _mst_rd32(dev, MST_REG_ID, &v));
	EXPECT_EQ(MST_ID_VALUE, v);
}

static void check_irq_info(struct __test_metadata *_metadata,
			   struct _test_data_vfio *self)
{
	static const struct {
		__u32 index;
		__u32 count;
		__u32 flags;
	} want[] = {
		{ VFIO_PCI_INTX_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD |
		  VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED },
		{ VFIO_PCI_MSI_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD |
		  VFIO_IRQ_INFO_NORESIZE },
		{ VFIO_PCI_MSIX_IRQ_INDEX, 0, 0 },
		{ VFIO_PCI_ERR_IRQ_INDEX, 0, 0 },
		{ VFIO_PCI_REQ_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD },
	};
	struct vfio_irq_info info;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.index = want[i].index;
		ASSERT_EQ(0, ioctl(self->dev, VFIO_DEVICE_GET_IRQ_INFO, &info))
			TH_LOG("irq index %u", want[i].index);
		EXPECT_EQ(want[i].count, info.count) TH_LOG("irq index %u", info.index);
		if (want[i].count) {
			EXPECT_EQ(want[i].flags, info.flags)
				TH_LOG("irq index %u", info.index);
		}
	}
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	info.index = VFIO_PCI_NUM_IRQS;
	EXPECT_EQ(-1, ioctl(self->dev, VFIO_DEVICE_GET_IRQ_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

/* GET_INFO, GET_REGION_INFO and GET_IRQ_INFO. */
/* Covers: MDEV-04 MDEV-05 MTTY-REG-01 MTTY-IRQ-01 MTTY-IRQ-02 */
TEST_F(vfio, info)
{
	check_device_info(_metadata, self);
	check_region_info(_metadata, self);
	check_irq_info(_metadata, self);
}

/* Config space, BAR0 registers and the access rules of both regions. */
/* Covers: MTTY-REG-02 MTTY-CFG-01 MTTY-CFG-02 */
TEST_F(vfio, registers)
{
	check_config_space(_metadata, self);
	check_bar0_identity(_metadata, self);
	check_access_bounds(_metadata, self);
}

/* Covers: MTTY-IRQ-03 MTTY-IRQ-04 bug-M3 */
TEST_F(vfio, set_irqs)
{
	static const struct {
		__u32 index;
		__u32 flags;
	} no_data[] = {
		{ VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
		  VFIO_IRQ_SET_ACTION_TRIGGER },
		{ VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
		  VFIO_IRQ_SET_ACTION_UNMASK },
		{ VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
		  VFIO_IRQ_SET_ACTION_UNMASK },
		{ VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
		  VFIO_IRQ_SET_ACTION_MASK },
	};
	int intx = zv_eventfd(), msi = zv_eventfd(), req = zv_eventfd();
	unsigned int i;
	struct {
		struct vfio_irq_set set;
		__s32 fd[2];
	} bad;
	int dev = self->dev;

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);
	ASSERT_LE(0, req);

	/* INTx and MSI exclude each other. */
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	/* REQ is independent of both. */
	mst_irq_set_fd(dev, VFIO_PCI_REQ_IRQ_INDEX, req);
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	mst_irq_disable(dev, VFIO_PCI_REQ_IRQ_INDEX);

	/* Indexes without interrupts, bad ranges, bad flags, bad fds. */
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_MSIX_IRQ_INDEX, msi);
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_ERR_IRQ_INDEX, msi);
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_NUM_IRQS, msi);
	mst_err_irq_set_fd(EBADF, dev, VFIO_PCI_MSI_IRQ_INDEX, 1000);
	/* Count 0 carries no data: only DATA_NONE (disable) may use it. */
	for (i = 0; i < ARRAY_SIZE(no_data); i++) {
		MST_EXPECT_ERR(EINVAL, zv_set_irqs(dev, no_data[i].index,
						   no_data[i].flags, 0, NULL, 0))
			TH_LOG("index %u flags 0x%x", no_data[i].index,
			       no_data[i].flags);
	}

	memset(&bad, 0, sizeof(bad));
	bad.set.argsz = sizeof(bad);
	bad.set.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	bad.set.index = VFIO_PCI_MSI_IRQ_INDEX;
	bad.set.count = 2;
	bad.fd[0] = msi;
	bad.fd[1] = msi;
	EXPECT_EQ(-1, ioctl(dev, VFIO_DEVICE_SET_IRQS, &bad));
	EXPECT_EQ(EINVAL, errno);
	bad.set.count = 1;
	bad.set.start = 1;
	EXPECT_EQ(-1, ioctl(dev, VFIO_DEVICE_SET_IRQS, &bad));
	EXPECT_EQ(EINVAL, errno);
	bad.set.start = 0;
	bad.set.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_DATA_BOOL |
			VFIO_IRQ_SET_ACTION_TRIGGER;
	EXPECT_EQ(-1, ioctl(dev, VFIO_DEVICE_SET_IRQS, &bad));
	EXPECT_EQ(EINVAL, errno);
	bad.set.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	bad.set.argsz = sizeof(bad.set);
	EXPECT_EQ(-1, ioctl(dev, VFIO_DEVICE_SET_IRQS, &bad));
	EXPECT_EQ(EINVAL, errno);

	/* Loopback: DATA_NONE trigger signals the installed eventfd. */
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	memset(&bad, 0, sizeof(bad));
	bad.set.argsz = sizeof(bad.set);
	bad.set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	bad.set.index = VFIO_PCI_MSI_IRQ_INDEX;
	bad.set.count = 1;
	EXPECT_EQ(0, ioctl(dev, VFIO_DEVICE_SET_IRQS, &bad));
	EXPECT_EQ(1, zv_eventfd_take(msi));
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);

	close(intx);
	close(msi);
	close(req);
}

/* Covers: MTTY-IRQ-03 MTTY-IRQ-04 bug-M3 */
TEST_F(vfio, set_irqs_cycles)
{
	int dev = self->dev, before, i, efd;

	/* Warm up anything the first SET_IRQS allocates lazily. */
	for (i = 0; i < 2; i++) {
		efd = zv_eventfd();
		ASSERT_LE(0, efd);
		mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, efd);
		mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
		close(efd);
	}

	before = zv_count_fds();
	ASSERT_LT(0, before);
	for (i = 0; i < 20; i++) {
		int a = zv_eventfd(), b = zv_eventfd();

		ASSERT_LE(0, a);
		ASSERT_LE(0, b);
		mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, a);
		/* Replacing the trigger releases the old one. */
		mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, b);
		mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
		mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, a);
		mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, -1);
		mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, b);
		mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
		mst_irq_set_fd(dev, VFIO_PCI_REQ_IRQ_INDEX, a);
		mst_irq_set_fd(dev, VFIO_PCI_REQ_IRQ_INDEX, -1);
		close(a);
		close(b);
	}
	EXPECT_EQ(before, zv_count_fds());

	/* After all that, interrupts still work. */
	efd = zv_eventfd();
	ASSERT_LE(0, efd);
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, efd);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 1);
	EXPECT_EQ(1, zv_eventfd_take(efd));
	close(efd);
}

/* Covers: MDEV-06 */
TEST_F(vfio, dma_copy)
{
	int intx = zv_eventfd(), msi = zv_eventfd();
	int dev = self->dev;
	char buf[64];

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);

	/* 1: CTRL.PIN=0 (vfio_dma_rw), INTx, unaligned and crossing pages. */
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 100, 7, 9000, 1);
	EXPECT_EQ(1, zv_eventfd_take(intx));
	EXPECT_EQ(MST_IRQ_DONE, mst_rd32(dev, MST_REG_IRQ_STATUS));
	/* INTx is asserted: config status bit 3. */
	EXPECT_NE(0, mst_cfg_rd32(dev, 0x04) & (0x08 << 16));
	/* IRQ_STATUS is write-1-to-clear; clearing it deasserts INTx. */
	mst_wr32(dev, MST_REG_IRQ_STATUS, 0);
	EXPECT_EQ(MST_IRQ_DONE, mst_rd32(dev, MST_REG_IRQ_STATUS));
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE);
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_IRQ_STATUS));
	EXPECT_EQ(0, mst_cfg_rd32(dev, 0x04) & (0x08 << 16));

	/* 2: CTRL.PIN=1 (vfio_pin_pages), INTx again after unmask. */
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	expect_copy_ok(_metadata, self, MST_CTRL_PIN | MST_CTRL_IRQ_EN,
		       4096 - 3, 8192 + 5, 3 * 4096 + 11, 2);
	EXPECT_EQ(1, zv_eventfd_take(intx));
	EXPECT_EQ(2, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(9000 + 3 * 4096 + 11, mst_rd32(dev, MST_REG_BYTES));
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE);
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));

	/* 3: MSI, both copy paths; INTx stays quiet. */
	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 1, 3);
	EXPECT_EQ(1, zv_eventfd_take(msi));
	expect_copy_ok(_metadata, self, MST_CTRL_PIN | MST_CTRL_IRQ_EN, 1, 2, 4096, 4);
	EXPECT_EQ(1, zv_eventfd_take(msi));
	EXPECT_EQ(0, zv_eventfd_take(intx));

	/* 4: without IRQ_EN nothing is signalled. */
	expect_copy_ok(_metadata, self, 0, 0, 0, 512, 5);
	expect_copy_ok(_metadata, self, MST_CTRL_PIN, 0, 0, 512, 6);
	EXPECT_EQ(0, zv_eventfd_take(msi));

	/* 5: the largest allowed copy, both paths. */
	expect_copy_ok(_metadata, self, 0, 0, 0, self->limit, 7);
	expect_copy_ok(_metadata, self, MST_CTRL_PIN, 3, 1, self->limit, 8);
	EXPECT_EQ(8, mst_rd32(dev, MST_REG_COPIES));

	/* The guest-visible device cannot change while open; label can. */
	MST_EXPECT_ERR(EBUSY, mst_attr_write(self->uuid, "copy_limit", "512"));
	MST_EXPECT_ERR(EBUSY, mst_attr_write(self->uuid, "irq_mode", "none"));
	ASSERT_EQ(0, mst_attr_read(self->uuid, "copy_limit", buf, sizeof(buf)));
	EXPECT_EQ(self->limit, strtoul(buf, NULL, 0));
	ASSERT_EQ(0, mst_attr_read(self->uuid, "irq_mode", buf, sizeof(buf)));
	EXPECT_STREQ("auto", buf);
	EXPECT_EQ(0, mst_attr_write(self->uuid, "label", "busy-but-labelled"));
	ASSERT_EQ(0, mst_attr_read(self->uuid, "label", buf, sizeof(buf)));
	EXPECT_STREQ("busy-but-labelled", buf);

	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	close(intx);
	close(msi);
}

/* Covers: MTTY-IRQ-03 */
TEST_F(vfio, intx_mask)
{
	int dev = self->dev, intx = zv_eventfd(), msi = zv_eventfd();
	__u8 cmd[2] = { 0x00, 0x04 };	/* INTx disable */

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);

	/* MASK/UNMASK exist for INTx only and need its eventfd. */
	MST_EXPECT_ERR(EINVAL, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	MST_EXPECT_ERR(EINVAL, zv_irq_mask(dev, VFIO_PCI_MSI_IRQ_INDEX));
	MST_EXPECT_ERR(EINVAL, zv_irq_unmask(dev, VFIO_PCI_MSI_IRQ_INDEX));
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);

	/* Automasked: a second completion while masked stays quiet. */
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 1);
	EXPECT_EQ(1, zv_eventfd_take(intx));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 2);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	/* Unmasking while the line is still up delivers again. */
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* Line down, unmask: nothing; an explicit mask holds the next one. */
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE | MST_IRQ_ERROR);
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_mask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 3);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* The command register's INTx-disable bit holds delivery back. */
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE | MST_IRQ_ERROR);
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, cmd, 2));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 4);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	EXPECT_NE(0, mst_cfg_rd32(dev, 0x04) & (0x08 << 16));

	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	close(intx);
	close(msi);
}

/* Signal an eventfd from user space, as a guest's EOI path would. */
static int signal_efd(int efd)
{
	__u64 one = 1;

	return write(efd, &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

/*
 * Wait for an INTx the kernel delivers from its work queue (unmask eventfd).
 * The timeout only guards against a hang; the interrupt itself is certain.
 */
#define INTX_WAIT_MS	20000

/* UNMASK with DATA_EVENTFD: every accepted and rejected combination. */
/* Covers: MTTY-IRQ-03 bug-M3 */
TEST_F(vfio, intx_unmask_eventfd)
{
	int dev = self->dev, intx = zv_eventfd(), msi = zv_eventfd();
	int u1 = zv_eventfd(), u2 = zv_eventfd(), pipefd[2];

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);
	ASSERT_LE(0, u1);
	ASSERT_LE(0, u2);
	ASSERT_EQ(0, pipe(pipefd));

	/* Without an INTx trigger there is nothing to unmask. */
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_UNMASK, u1));
	/* Other indexes have no mask at all, eventfd or not. */
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_MSI_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_UNMASK, u1));
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_MSI_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_MASK, u1));
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_REQ_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_UNMASK, u1));

	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	/* Masking cannot be driven by an eventfd (vfio-pci neither). */
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_MASK, u1));
	/* Bad fds: not open, negative other than -1, not an eventfd. */
	MST_EXPECT_ERR(EBADF, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
					       VFIO_IRQ_SET_ACTION_UNMASK, 1000));
	MST_EXPECT_ERR(EBADF, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
					       VFIO_IRQ_SET_ACTION_UNMASK, -2));
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_UNMASK,
						pipefd[0]));
	/* The trigger itself cannot unmask: it would loop. */
	MST_EXPECT_ERR(EINVAL, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
						VFIO_IRQ_SET_ACTION_UNMASK,
						intx));
	/* -1 without a watcher is a no-op. */
	EXPECT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, -1));

	/* Attached: a signal is consumed at once and unmasks INTx. */
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, u1));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 1);
	EXPECT_EQ(1, zv_eventfd_take(intx));
	/* Automasked; the line is still up. */
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 2);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, signal_efd(u1));
	EXPECT_EQ(0, zv_eventfd_take(u1));
	EXPECT_EQ(0, zv_eventfd_wait(intx, INTX_WAIT_MS));
	/* Nor can the unmask eventfd become the trigger. */
	mst_err_irq_set_fd(EINVAL, dev, VFIO_PCI_INTX_IRQ_INDEX, u1);

	/* Line down before the unmask: the next completion is delivered. */
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE | MST_IRQ_ERROR);
	ASSERT_EQ(0, signal_efd(u1));
	EXPECT_EQ(0, zv_eventfd_take(u1));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 3);
	EXPECT_EQ(0, zv_eventfd_wait(intx, INTX_WAIT_MS));

	/* Replacing the eventfd: the old one is no longer watched. */
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, u2));
	ASSERT_EQ(0, signal_efd(u1));
	EXPECT_EQ(1, zv_eventfd_take(u1));
	ASSERT_EQ(0, signal_efd(u2));
	EXPECT_EQ(0, zv_eventfd_take(u2));
	EXPECT_EQ(0, zv_eventfd_wait(intx, INTX_WAIT_MS));

	/* -1 tears the watcher down. */
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, -1));
	ASSERT_EQ(0, signal_efd(u2));
	EXPECT_EQ(1, zv_eventfd_take(u2));
	/* Still masked: the plain UNMASK ioctl delivers the pending line. */
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* Disabling INTx takes its unmask eventfd along. */
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, u1));
	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	ASSERT_EQ(0, signal_efd(u1));
	EXPECT_EQ(1, zv_eventfd_take(u1));
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, -1));
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, -1);
	ASSERT_EQ(0, signal_efd(u1));
	EXPECT_EQ(1, zv_eventfd_take(u1));

	/*
	 * Left attached with the user's eventfd closed first: the device
	 * close in the teardown releases the watcher.
	 */
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	ASSERT_EQ(0, zv_irq_action_fd(dev, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, u2));
	close(u2);
	close(u1);
	close(pipefd[0]);
	close(pipefd[1]);
	close(msi);
	close(intx);
}

/* A pending INTx is delivered when the INTx-disable bit is cleared. */
/* Covers: MTTY-IRQ-03 */
TEST_F(vfio, intx_disable_redelivery)
{
	int dev = self->dev, intx = zv_eventfd();
	__u8 off[2] = { 0x00, 0x00 }, on[2] = { 0x00, 0x04 };

	ASSERT_LE(0, intx);
	mst_irq_set_fd(dev, VFIO_PCI_INTX_IRQ_INDEX, intx);

	/* Held back while disabled, delivered by the write that enables. */
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, on, 2));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 1);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	EXPECT_NE(0, mst_cfg_rd32(dev, 0x04) & (0x08 << 16));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, off, 2));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* Delivered means automasked: toggling the bit again is silent. */
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, on, 2));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, off, 2));
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* A config write that leaves the bit clear delivers nothing. */
	mst_cfg_wr32(dev, 0x04, 0);
	EXPECT_EQ(0, zv_eventfd_take(intx));

	/* Line down when the bit is cleared: nothing to deliver. */
	mst_wr32(dev, MST_REG_IRQ_STATUS, MST_IRQ_DONE | MST_IRQ_ERROR);
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, on, 2));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, off, 2));
	EXPECT_EQ(0, zv_eventfd_take(intx));

	/* An explicit mask outlasts the bit; UNMASK then delivers. */
	ASSERT_EQ(0, zv_irq_mask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, on, 2));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 2);
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, off, 2));
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* Cleared by a 4-byte write of command+status, too. */
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, on, 2));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 3);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	ASSERT_EQ(0, zv_irq_unmask(dev, VFIO_PCI_INTX_IRQ_INDEX));
	EXPECT_EQ(0, zv_eventfd_take(intx));
	mst_cfg_wr32(dev, 0x04, 0);
	EXPECT_EQ(1, zv_eventfd_take(intx));

	mst_irq_disable(dev, VFIO_PCI_INTX_IRQ_INDEX);
	close(intx);
}

/* Covers: MDEV-06 */
TEST_F(vfio, dma_errors)
{
	unsigned int pin;
	int dev = self->dev;
	int msi = zv_eventfd();

	ASSERT_LE(0, msi);
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);

	for (pin = 0; pin <= MST_CTRL_PIN; pin += MST_CTRL_PIN) {
		__u32 ctrl = pin | MST_CTRL_IRQ_EN;

		/* Length 0 and one past the limit. */
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, DST_IOVA, 0,
				  MST_ERR_LEN);
		EXPECT_EQ(1, zv_eventfd_take(msi))
			TH_LOG("an error completion raises the interrupt too");
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, DST_IOVA,
				  self->limit + 1, MST_ERR_LEN);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, DST_IOVA,
				  0xffffffff, MST_ERR_LEN);
		/* Source or destination not mapped, or only partly. */
		expect_copy_error(_metadata, dev, ctrl, HOLE_IOVA, DST_IOVA, 64,
				  MST_ERR_DMA);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, HOLE_IOVA, 64,
				  MST_ERR_DMA);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA + BUF_SIZE - 100,
				  DST_IOVA, 200, MST_ERR_DMA);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA,
				  DST_IOVA + BUF_SIZE - 4096, 8192, MST_ERR_DMA);
		expect_copy_error(_metadata, dev, ctrl, ~0ull - 10, DST_IOVA, 64,
				  MST_ERR_DMA);
		/* Overlap: same range, partly overlapping either way. */
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, SRC_IOVA, 64,
				  MST_ERR_OVERLAP);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA, SRC_IOVA + 63, 64,
				  MST_ERR_OVERLAP);
		expect_copy_error(_metadata, dev, ctrl, SRC_IOVA + 63, SRC_IOVA, 64,
				  MST_ERR_OVERLAP);
		zv_eventfd_take(msi);
		/* Adjacent ranges do not overlap. */
		fill(self->src, 128, 9);
		EXPECT_EQ(MST_ERR_NONE, run_copy(_metadata, dev, pin, SRC_IOVA,
						 SRC_IOVA + 64, 64));
		EXPECT_EQ(0, memcmp(self->src, self->src + 64, 64));
		/* After errors a good copy still works. */
		expect_copy_ok(_metadata, self, pin, 0, 0, 4096, 10 + pin);
	}
	EXPECT_EQ(4, mst_rd32(dev, MST_REG_COPIES));
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	close(msi);
}

/* Covers: MDEV-06 */
TEST_F(vfio, fail_dma_knob)
{
	int dev = self->dev;

	ASSERT_TRUE(mst_debugfs_ready()) TH_LOG("no " MST_DEBUGFS);
	ASSERT_EQ(0, mst_knob_write(self->parent, "fail_dma", 2));
	expect_copy_error(_metadata, dev, 0, SRC_IOVA, DST_IOVA, 64, MST_ERR_DMA);
	expect_copy_error(_metadata, dev, MST_CTRL_PIN, SRC_IOVA, DST_IOVA, 64,
			  MST_ERR_DMA);
	/* The knob counted down to 0: copies work again. */
	expect_copy_ok(_metadata, self, 0, 0, 0, 64, 1);
	expect_copy_ok(_metadata, self, MST_CTRL_PIN, 0, 0, 64, 2);
	EXPECT_EQ(2, mst_rd32(dev, MST_REG_COPIES));
}

/* Covers: MDEV-05 MDEV-06 */
TEST_F(vfio, unmap_then_copy)
{
	int dev = self->dev;

	expect_copy_ok(_metadata, self, MST_CTRL_PIN, 0, 0, 8192, 1);
	ASSERT_EQ(0, zv_dma_unmap(&self->v, DST_IOVA, BUF_SIZE));
	self->dst_mapped = false;
	expect_copy_error(_metadata, dev, 0, SRC_IOVA, DST_IOVA, 64, MST_ERR_DMA);
	expect_copy_error(_metadata, dev, MST_CTRL_PIN, SRC_IOVA, DST_IOVA, 64,
			  MST_ERR_DMA);
	/* Map it again: copies work. */
	ASSERT_EQ(0, zv_dma_map(&self->v, DST_IOVA, self->dst, BUF_SIZE));
	self->dst_mapped = true;
	expect_copy_ok(_metadata, self, MST_CTRL_PIN, 0, 0, 8192, 2);
	expect_copy_ok(_metadata, self, 0, 0, 0, 8192, 3);
}

/* Covers: MTTY-IOC-01 */
TEST_F(vfio, reset)
{
	int dev = self->dev, msi = zv_eventfd();
	__u8 cmd[2] = { 0x06, 0x00 };

	ASSERT_LE(0, msi);
	mst_irq_set_fd(dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 300, 1);
	EXPECT_EQ(1, zv_eventfd_take(msi));
	mst_wr32(dev, MST_REG_SRC, 0x1234);
	mst_wr32(dev, MST_REG_LEN, 99);
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, cmd, 2));
	mst_cfg_wr32(dev, 0x10, 0xfe000000);

	ASSERT_EQ(0, ioctl(dev, VFIO_DEVICE_RESET));

	EXPECT_EQ(0, mst_rd32(dev, MST_REG_CTRL));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_STATUS));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_SRC));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_DST));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_LEN));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_IRQ_STATUS));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_ERROR));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_BYTES));
	EXPECT_EQ(MST_ID_VALUE, mst_rd32(dev, MST_REG_ID));
	EXPECT_EQ(self->limit, mst_rd32(dev, MST_REG_CAPACITY));
	ASSERT_EQ(0, _mst_cfg_read(dev, 0x04, cmd, 2));
	EXPECT_EQ(0, zv_le16(cmd) & 0x0406);
	EXPECT_EQ(0, mst_cfg_rd32(dev, 0x10) & ~0xfu);
	EXPECT_EQ(MST_PCI_VENDOR | MST_PCI_DEVICE << 16, mst_cfg_rd32(dev, 0x00));

	/* The MSI eventfd survived the reset. */
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 300, 2);
	EXPECT_EQ(1, zv_eventfd_take(msi));
	EXPECT_EQ(1, mst_rd32(dev, MST_REG_COPIES));
	mst_irq_disable(dev, VFIO_PCI_MSI_IRQ_INDEX);
	close(msi);
}

/* Covers: MTTY-IRQ-03 MTTY-LIFE-01 */
TEST_F(vfio, irq_mode_and_copy_limit)
{
	int intx = zv_eventfd(), msi = zv_eventfd();
	char buf[32];

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);

	/* irq_mode=none: no interrupt even with IRQ_EN and an eventfd. */
	ASSERT_EQ(0, vfio_reopen(self, variant, false));
	ASSERT_EQ(0, mst_attr_write(self->uuid, "irq_mode", "none"));
	ASSERT_EQ(0, mst_attr_write(self->uuid, "copy_limit", "4096"));
	ASSERT_EQ(0, vfio_reopen(self, variant, true));
	EXPECT_EQ(4096, mst_rd32(self->dev, MST_REG_CAPACITY));
	mst_irq_set_fd(self->dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 4096, 1);
	EXPECT_EQ(0, zv_eventfd_take(msi));
	expect_copy_error(_metadata, self->dev, 0, SRC_IOVA, DST_IOVA, 4097,
			  MST_ERR_LEN);

	/* irq_mode=intx: an MSI eventfd alone gets nothing, INTx fires. */
	ASSERT_EQ(0, vfio_reopen(self, variant, false));
	ASSERT_EQ(0, mst_attr_write(self->uuid, "irq_mode", "intx"));
	ASSERT_EQ(0, vfio_reopen(self, variant, true));
	mst_irq_set_fd(self->dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 2);
	EXPECT_EQ(0, zv_eventfd_take(msi));
	mst_irq_disable(self->dev, VFIO_PCI_MSI_IRQ_INDEX);
	mst_irq_set_fd(self->dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 3);
	EXPECT_EQ(1, zv_eventfd_take(intx));

	/* irq_mode=msi: INTx eventfd alone gets nothing, MSI fires. */
	ASSERT_EQ(0, vfio_reopen(self, variant, false));
	ASSERT_EQ(0, mst_attr_write(self->uuid, "irq_mode", "msi"));
	ASSERT_EQ(0, vfio_reopen(self, variant, true));
	mst_irq_set_fd(self->dev, VFIO_PCI_INTX_IRQ_INDEX, intx);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 4);
	EXPECT_EQ(0, zv_eventfd_take(intx));
	mst_irq_disable(self->dev, VFIO_PCI_INTX_IRQ_INDEX);
	mst_irq_set_fd(self->dev, VFIO_PCI_MSI_IRQ_INDEX, msi);
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 5);
	EXPECT_EQ(1, zv_eventfd_take(msi));

	/* Eventfds are released on close: a reopened device starts clean. */
	ASSERT_EQ(0, vfio_reopen(self, variant, false));
	ASSERT_EQ(0, mst_attr_write(self->uuid, "irq_mode", "auto"));
	ASSERT_EQ(0, vfio_reopen(self, variant, true));
	expect_copy_ok(_metadata, self, MST_CTRL_IRQ_EN, 0, 0, 64, 6);
	EXPECT_EQ(0, zv_eventfd_take(msi));
	ASSERT_EQ(0, mst_attr_read(self->uuid, "irq_mode", buf, sizeof(buf)));
	EXPECT_STREQ("auto", buf);
	close(intx);
	close(msi);
}

/* Covers: MDEV-05 */
TEST_F(vfio, fail_open_knob)
{
	struct zv_dev other;

	ASSERT_TRUE(mst_debugfs_ready()) TH_LOG("no " MST_DEBUGFS);
	ASSERT_EQ(0, vfio_reopen(self, variant, false));
	ASSERT_EQ(0, mst_knob_write(self->parent, "fail_open", 1));
	EXPECT_EQ(-EIO, zv_open(&other, variant->path, self->uuid));
	/* The knob is spent: the next open works. */
	ASSERT_EQ(0, vfio_reopen(self, variant, true));
	EXPECT_EQ(MST_ID_VALUE, mst_rd32(self->dev, MST_REG_ID));
}

/*
 * The VFIO core holds a reference on mdevsim for each open device, so
 * unloading the module while one is open fails at once (EWOULDBLOCK, what
 * rmmod reports as "in use") instead of waiting for the user, and the
 * device keeps working. Closing the device drops the reference.
 */
TEST_F(vfio, rmmod_while_open)
{
	const char *refcnt = "/sys/module/mdevsim/refcnt";
	long long open_refs, closed_refs;

	ASSERT_EQ(0, zv_read_num(refcnt, &open_refs));
	ASSERT_LE(1, open_refs);

	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_delete_module, "mdevsim", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	ASSERT_TRUE(zv_exists("/sys/module/mdevsim"));
	EXPECT_EQ(MST_ID_VALUE, mst_rd32(self->dev, MST_REG_ID));
	expect_copy_ok(_metadata, self, 0, 0, 0, 256, 1);

	zv_close(&self->v);
	self->dev = -1;
	ASSERT_EQ(0, zv_read_num(refcnt, &closed_refs));
	EXPECT_EQ(open_refs - 1, closed_refs);
}

struct remover {
	char uuid[MST_UUID_LEN + 1];
	int ret;
};

static void *remove_thread(void *arg)
{
	struct remover *r = arg;

	r->ret = zv_mdev_remove(r->uuid);
	return NULL;
}

/* Covers: MDEV-04 bug-M1 */
TEST_F(vfio, request_irq_on_remove)
{
	struct remover r;
	struct pollfd pfd;
	pthread_t thread;
	int req = zv_eventfd();

	ASSERT_LE(0, req);
	mst_irq_set_fd(self->dev, VFIO_PCI_REQ_IRQ_INDEX, req);

	memcpy(r.uuid, self->uuid, sizeof(r.uuid));
	r.ret = 1;
	ASSERT_EQ(0, pthread_create(&thread, NULL, remove_thread, &r));

	/* The remove blocks until we close; meanwhile we are asked to. */
	pfd.fd = req;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, -1));
	EXPECT_LE(1, zv_eventfd_take(req));

	/* Give the device back; the remover finishes. */
	zv_close(&self->v);
	self->dev = -1;
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, r.ret);
	EXPECT_FALSE(mst_mdev_exists(self->uuid));
	/* Its unit went back to the pool. */
	EXPECT_EQ(MST_DEFAULT_CAPACITY / (strcmp(variant->type, "small") ? 4 : 1),
		  mst_avail(self->parent, variant->type));
	close(req);
}

struct parent_remover {
	unsigned int id;
	int ret;
};

static void *del_parent_thread(void *arg)
{
	struct parent_remover *r = arg;

	r->ret = mst_parent_del(r->id);
	return NULL;
}

/*
 * del_device on a parent whose mdev is open: the request IRQ reaches the
 * user, and the parent goes away once the device is closed.
 */
/* Covers: MDEV-01 MDEV-04 */
TEST(request_irq_on_parent_removal)
{
	char uuid[MST_UUID_LEN + 1], path[PATH_MAX];
	struct parent_remover r = { .ret = 1 };
	struct pollfd pfd = { .events = POLLIN };
	struct zv_dev v;
	pthread_t thread;
	int ret, req;

	mst_assert_parent(_metadata);
	ret = mst_parent_add_any(4);
	ASSERT_LE(0, ret);
	r.id = ret;
	ret = mst_mdev_create(r.id, "large", uuid);
	if (!ret) {
		ret = zv_open(&v, mst_any_path(), uuid);
		if (ret)
			zv_mdev_remove(uuid);
	}
	if (ret)
		mst_parent_del(r.id);
	ASSERT_EQ(0, ret);

	req = zv_eventfd();
	ASSERT_LE(0, req);
	mst_irq_set_fd(v.fd, VFIO_PCI_REQ_IRQ_INDEX, req);
	ASSERT_EQ(0, pthread_create(&thread, NULL, del_parent_thread, &r));
	pfd.fd = req;
	ASSERT_EQ(1, poll(&pfd, 1, -1));
	EXPECT_LE(1, zv_eventfd_take(req));
	zv_close(&v);
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, r.ret);
	EXPECT_FALSE(mst_mdev_exists(uuid));
	snprintf(path, sizeof(path), MST_CLASS "/mdevsim%u", r.id);
	EXPECT_FALSE(zv_exists(path));
	snprintf(path, sizeof(path), MST_DEBUGFS "/mdevsim%u", r.id);
	EXPECT_FALSE(zv_exists(path));
	close(req);
}

TEST_HARNESS_MAIN

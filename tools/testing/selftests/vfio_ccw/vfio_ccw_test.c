// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw selftests: drive a real (QEMU-emulated) I/O subchannel through
 * the vfio_ccw uAPI, through both the VFIO container and the iommufd cdev.
 *
 * Every test gets a fresh mdev on a subchannel bound to vfio_ccw; guest
 * memory is an anonymous mapping mapped at GUEST_IOVA. Fixture ccw runs
 * its tests on each device and back end, ccw_blk those that need the
 * block device's configuration space, ccw_machine those that act on the
 * whole machine (once). The only skips are the iommufd variants on a
 * kernel without IOMMUFD (Debian's stock kernels); the project's test VM
 * has everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/iommufd.h>
#include <linux/zmdev_vfio_ccw.h>

#include "kselftest_harness.h"
#include "vfio_ccw_util.h"

#define CIO_DEBUGFS	"/sys/kernel/debug/s390/cio"
#define CHP0_STATUS	"/sys/devices/css0/chp0.00/status"
#define CIO_SETTLE	"/proc/cio_settle"

#define DSTAT_CE_DE	0x0c
#define VIRTIO_CU_TYPE	0x3832

/* Offsets in guest memory used by the programs below. */
#define G_CCW		0x0000
#define G_IDAL		0x0800
#define G_TIC_TARGET	0x0200
#define G_DATA		0x1000
#define G_DATA2		0x2000

static const uint8_t *irb_scsw(const struct ccw_io_region *io)
{
	return io->irb_area;
}

/*
 * A subchannel passed through and the way the test reaches it: the VFIO
 * container (type1) or the iommufd cdev.
 */
struct ccw_cfg {
	const char *devno;
	const char *uuid;
	bool iommufd;
	uint8_t virtio_id;
};

static const struct ccw_cfg rng_container = {
	.devno = "0.0.0200",
	.uuid = "7ccf0001-0000-4000-8000-000000000200",
	.virtio_id = 4,
};

static const struct ccw_cfg rng_iommufd = {
	.devno = "0.0.0200",
	.uuid = "7ccf0002-0000-4000-8000-000000000200",
	.iommufd = true,
	.virtio_id = 4,
};

static const struct ccw_cfg blk_container = {
	.devno = "0.0.0100",
	.uuid = "7ccf0003-0000-4000-8000-000000000100",
	.virtio_id = 2,
};

static const struct ccw_cfg blk_iommufd = {
	.devno = "0.0.0100",
	.uuid = "7ccf0004-0000-4000-8000-000000000100",
	.iommufd = true,
	.virtio_id = 2,
};

/*
 * The errno of a start whose program touches an IOVA nothing is mapped at.
 * vfio_ccw passes on what vfio_dma_rw() and vfio_pin_pages() say
 * (CCW-IO-05): the type1 container finds no DMA mapping (-EINVAL), an
 * iommufd IOAS no area (-ENOENT).
 */
static int unmapped_err(const struct ccw_cfg *cfg)
{
	return cfg->iommufd ? -ENOENT : -EINVAL;
}

/*
 * Every test gets a fresh mdev on a subchannel bound to vfio_ccw, opened
 * with its guest memory mapped and every eventfd armed. The test VM has
 * the modules, the subchannels and the IOMMU back ends, so any step that
 * does not work fails the test.
 */
static void sch_setup(struct __test_metadata *_metadata, struct ccw_dev *d,
		      const struct ccw_cfg *cfg)
{
	const char *mod = "?";
	int ret;

	memset(d, 0, sizeof(*d));
	ccw_forget_fds(d);
	ret = ccw_load_modules(&mod);
	ASSERT_EQ(0, ret) TH_LOG("loading %s: %s", mod, strerror(-ret));
	/* The cdev path needs IOMMUFD (VFIO_DEVICE_CDEV depends on it). */
	if (cfg->iommufd && !zv_exists("/dev/iommu"))
		SKIP(return, "no /dev/iommu: kernel without IOMMUFD and VFIO cdev");
	ret = ccw_find_sch(cfg->devno, d->sch, sizeof(d->sch));
	ASSERT_EQ(0, ret) TH_LOG("no subchannel with device %s: %s",
				 cfg->devno, strerror(-ret));
	ret = ccw_bind_vfio(d->sch);
	ASSERT_EQ(0, ret) TH_LOG("binding %s to vfio_ccw: %s", d->sch,
				 strerror(-ret));
	snprintf(d->uuid, sizeof(d->uuid), "%s", cfg->uuid);
	ret = ccw_create_mdev(d->sch, d->uuid);
	ASSERT_EQ(0, ret) TH_LOG("creating mdev %s on %s: %s", d->uuid,
				 d->sch, strerror(-ret));
	ret = ccw_open(d, cfg->iommufd);
	ASSERT_EQ(0, ret) TH_LOG("opening %s through %s: %s", d->uuid,
				 cfg->iommufd ? "iommufd" : "the container",
				 strerror(-ret));
}

static void sch_teardown(struct ccw_dev *d)
{
	ccw_close(d);
	if (d->uuid[0])
		zv_mdev_remove(d->uuid);
}

/* The tests every device and both back ends must pass. */
FIXTURE(ccw) {
	struct ccw_dev d;
	const struct ccw_cfg *cfg;
};

FIXTURE_VARIANT(ccw) {
	const struct ccw_cfg *cfg;
};

FIXTURE_VARIANT_ADD(ccw, rng_container) {
	.cfg = &rng_container,
};

FIXTURE_VARIANT_ADD(ccw, rng_iommufd) {
	.cfg = &rng_iommufd,
};

FIXTURE_VARIANT_ADD(ccw, blk_container) {
	.cfg = &blk_container,
};

FIXTURE_SETUP(ccw)
{
	self->cfg = variant->cfg;
	sch_setup(_metadata, &self->d, self->cfg);
}

FIXTURE_TEARDOWN(ccw)
{
	sch_teardown(&self->d);
}

/* Tests that need the block device's configuration space. */
FIXTURE(ccw_blk) {
	struct ccw_dev d;
	const struct ccw_cfg *cfg;
};

FIXTURE_VARIANT(ccw_blk) {
	const struct ccw_cfg *cfg;
};

FIXTURE_VARIANT_ADD(ccw_blk, blk_container) {
	.cfg = &blk_container,
};

FIXTURE_VARIANT_ADD(ccw_blk, blk_iommufd) {
	.cfg = &blk_iommufd,
};

FIXTURE_SETUP(ccw_blk)
{
	self->cfg = variant->cfg;
	sch_setup(_metadata, &self->d, self->cfg);
}

FIXTURE_TEARDOWN(ccw_blk)
{
	sch_teardown(&self->d);
}

/*
 * Tests that act on the whole machine (module unload, channel reports,
 * varying a channel path): once, on one subchannel through the container.
 */
FIXTURE(ccw_machine) {
	struct ccw_dev d;
	const struct ccw_cfg *cfg;
};

FIXTURE_SETUP(ccw_machine)
{
	self->cfg = &rng_container;
	sch_setup(_metadata, &self->d, self->cfg);
}

FIXTURE_TEARDOWN(ccw_machine)
{
	sch_teardown(&self->d);
}

/* SENSE ID into G_DATA, as one direct CCW at @at. */
static void put_sense_id(struct ccw_dev *d, uint64_t at)
{
	ccw_put(d->mem + at, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8, guest(G_DATA));
}

static void expect_sense_id(struct __test_metadata *_metadata,
			    uint8_t virtio_id, const uint8_t *data)
{
	EXPECT_EQ(0xff, data[0]);
	EXPECT_EQ(VIRTIO_CU_TYPE, be16_at(data + 1));
	EXPECT_EQ(virtio_id, data[3]);
}

static void expect_good_status(struct __test_metadata *_metadata,
			       const struct ccw_io_region *io)
{
	const uint8_t *scsw = irb_scsw(io);

	EXPECT_EQ(0x07, scsw[3] & 0x1f);	/* primary+secondary+pending */
	EXPECT_EQ(DSTAT_CE_DE, scsw[8]);
	EXPECT_EQ(0, scsw[9]);			/* no channel status */
	EXPECT_EQ(0, io->ret_code);
}

/* The device still works: used after every refused request. */
static void expect_usable(struct __test_metadata *_metadata,
			  uint8_t virtio_id, struct ccw_dev *d)
{
	struct ccw_io_region io;

	memset(d->mem + G_DATA, 0, 16);
	put_sense_id(d, G_CCW);
	ASSERT_EQ(0, ccw_start_wait(d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, virtio_id, d->mem + G_DATA);
}

/* Covers: CCW-IOC-01 CCW-IOC-02 CCW-LIFE-01 CCW-LIFE-09 */
TEST_F(ccw, device_info)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	__u64 mig_flags;

	ASSERT_EQ(0, ioctl(self->d.v.fd, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET, info.flags);
	EXPECT_EQ(5, info.num_regions);
	EXPECT_EQ(VFIO_CCW_NUM_IRQS, info.num_irqs);

	info.argsz = 8;
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_GET_PCI_HOT_RESET_INFO,
			    &info));
	EXPECT_EQ(ENOTTY, errno);
	/* no migration: the VFIO core answers the feature with ENOTTY */
	EXPECT_EQ(-ENOTTY, zv_feature_get(self->d.v.fd,
					  VFIO_DEVICE_FEATURE_MIGRATION,
					  &mig_flags, sizeof(mig_flags)));
}

/* Covers: CCW-REG-01 CCW-REG-02 CCW-REG-03 CCW-LIFE-03 bug-C16 CCW-CMF-04 */
TEST_F(ccw, region_info)
{
	static const uint32_t type[] = {
		0, VFIO_REGION_TYPE_CCW, VFIO_REGION_TYPE_CCW,
		VFIO_REGION_TYPE_CCW, ZMDEV_VFIO_REGION_TYPE,
	};
	static const uint32_t subtype[] = {
		0, VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD,
		VFIO_REGION_SUBTYPE_CCW_SCHIB, VFIO_REGION_SUBTYPE_CCW_CRW,
		ZMDEV_VFIO_REGION_SUBTYPE_CCW_CMF,
	};
	static const uint32_t size[] = { 124, 8, 52, 8, 88 };
	struct {
		struct vfio_region_info info;
		struct vfio_region_info_cap_type cap;
	} r;
	const struct vfio_region_info_cap_type *cap;
	struct vfio_region_info *full;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		memset(&r, 0, sizeof(r));
		r.info.argsz = sizeof(r.info);
		r.info.index = i;
		ASSERT_EQ(0, ioctl(self->d.v.fd, VFIO_DEVICE_GET_REGION_INFO,
				   &r.info));
		EXPECT_EQ((uint64_t)i << 10, r.info.offset);
		EXPECT_EQ(size[i], r.info.size);
		if (!i) {
			EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ |
				  VFIO_REGION_INFO_FLAG_WRITE, r.info.flags);
			continue;
		}
		/* too small for the capability: the kernel says how big */
		EXPECT_TRUE(r.info.flags & VFIO_REGION_INFO_FLAG_CAPS);
		EXPECT_EQ(sizeof(r), r.info.argsz);
		EXPECT_EQ(0, r.info.cap_offset);

		/* with the room it asked for: the type capability */
		ASSERT_EQ(0, zv_region_info(self->d.v.fd, i, &full));
		EXPECT_EQ(sizeof(r), full->argsz);
		EXPECT_EQ(sizeof(r.info), full->cap_offset);
		cap = (const void *)zv_region_cap(full,
						  VFIO_REGION_INFO_CAP_TYPE,
						  sizeof(*cap));
		ASSERT_NE(NULL, cap) {
			free(full);
		}
		EXPECT_EQ(1, cap->header.version);
		EXPECT_EQ(type[i], cap->type);
		EXPECT_EQ(subtype[i], cap->subtype);
		EXPECT_EQ(i == 1 ? VFIO_REGION_INFO_FLAG_READ |
			  VFIO_REGION_INFO_FLAG_WRITE :
			  VFIO_REGION_INFO_FLAG_READ,
			  full->flags & ~VFIO_REGION_INFO_FLAG_CAPS);
		free(full);
	}
	r.info.argsz = sizeof(r);
	r.info.index = 5;
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_GET_REGION_INFO, &r.info));
	EXPECT_EQ(EINVAL, errno);
}

/* Covers: CCW-IRQ-01 CCW-IRQ-02 CCW-IRQ-03 */
TEST_F(ccw, irq_info_and_set)
{
	struct vfio_irq_info info = { .argsz = sizeof(info) };
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = VFIO_CCW_CRW_IRQ_INDEX,
		.count = 1,
	};

	for (info.index = 0; info.index < VFIO_CCW_NUM_IRQS; info.index++) {
		ASSERT_EQ(0, ioctl(self->d.v.fd, VFIO_DEVICE_GET_IRQ_INFO, &info));
		EXPECT_EQ(1, info.count);
		EXPECT_EQ(VFIO_IRQ_INFO_EVENTFD, info.flags);
	}
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_GET_IRQ_INFO, &info));
	EXPECT_EQ(EINVAL, errno);

	/* a trigger without data fires the eventfd */
	ASSERT_EQ(0, ioctl(self->d.v.fd, VFIO_DEVICE_SET_IRQS, &set));
	EXPECT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_CRW_IRQ_INDEX]));

	set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK;
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_SET_IRQS, &set));
	EXPECT_EQ(EINVAL, errno);
	set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	set.index = VFIO_CCW_NUM_IRQS;
	EXPECT_EQ(-1, ioctl(self->d.v.fd, VFIO_DEVICE_SET_IRQS, &set));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EINVAL, zv_irq_set_fd(self->d.v.fd, 0, -2));
	EXPECT_EQ(-EBADF, zv_irq_set_fd(self->d.v.fd, 0, 1000));
}

/* Covers: CCW-REG-04 CCW-REG-08 CCW-REG-09 bug-C16 */
TEST_F(ccw, region_bounds)
{
	uint8_t buf[256];
	int fd = self->d.v.fd;

	/* partial accesses inside a region are fine */
	EXPECT_EQ(4, pread(fd, buf, 4, ccw_region_off(0) + 120));
	EXPECT_EQ(52, pread(fd, buf, 52, ccw_region_off(2)));

	EXPECT_EQ(-1, pread(fd, buf, 8, ccw_region_off(0) + 120));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 1, ccw_region_off(0) + 124));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 256, ccw_region_off(0)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 1, ccw_region_off(1) + 8));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 4, ccw_region_off(5)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 4, ccw_region_off(100)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(fd, buf, 4, ccw_region_off(5)));
	EXPECT_EQ(EINVAL, errno);
	/* SCHIB and CRW regions are read-only */
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(-1, pwrite(fd, buf, 4, ccw_region_off(2)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(fd, buf, 4, ccw_region_off(3)));
	EXPECT_EQ(EINVAL, errno);
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Covers: CCW-IO-01 CCW-IO-06 CCW-CP-10 CCW-INT-01 CCW-INT-02 CCW-INT-03 */
/* Covers: CCW-REG-05 CCW-INT-05 */
TEST_F(ccw, sense_id)
{
	struct ccw_io_region io;

	put_sense_id(&self->d, G_CCW);
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, self->d.mem + G_DATA);
	/* the guest sees its own CCW address: one past the last CCW */
	EXPECT_EQ(guest(G_CCW) + 8, be32_at(irb_scsw(&io) + 4));
}

/* Covers: CCW-CP-11 CCW-CP-13 CCW-CP-14 bug-C8 */
TEST_F(ccw, sense_id_idal)
{
	struct ccw_io_region io;
	uint8_t *idal = self->d.mem + G_IDAL;
	uint32_t data = guest(G_DATA2);

	idal[0] = data >> 24;
	idal[1] = data >> 16;
	idal[2] = data >> 8;
	idal[3] = data;
	ccw_put(self->d.mem + G_CCW, CCW_CMD_SENSE_ID,
		CCW_FLAG_SLI | CCW_FLAG_IDA, 8, guest(G_IDAL));
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, self->d.mem + G_DATA2);
}

/* Covers: CCW-CP-06 CCW-CP-07 CCW-INT-02 bug-C2 bug-C3 */
TEST_F(ccw, command_chain_with_tic)
{
	struct ccw_io_region io;
	uint8_t *mem = self->d.mem;

	ccw_put(mem + G_CCW, CCW_CMD_NOP, CCW_FLAG_CC | CCW_FLAG_SLI, 1, 0);
	ccw_put(mem + G_CCW + 8, CCW_CMD_TIC, 0, 0, guest(G_TIC_TARGET));
	put_sense_id(&self->d, G_TIC_TARGET);
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, mem + G_DATA);
	EXPECT_EQ(guest(G_TIC_TARGET) + 8, be32_at(irb_scsw(&io) + 4));
}

/*
 * Data chaining: QEMU's virtio-ccw model ends the transfer with the first
 * CCW of a data chain, so the second buffer stays untouched; what counts
 * here is that a DC chain is translated and run without a program check.
 */
/* Covers: CCW-CP-09 */
TEST_F(ccw_blk, data_chain)
{
	struct ccw_io_region io;
	uint8_t *mem = self->d.mem;
	uint8_t full[8];

	ccw_put(mem + G_CCW, CCW_CMD_READ_CONF, CCW_FLAG_SLI, 8,
		guest(G_DATA));
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	memcpy(full, mem + G_DATA, sizeof(full));

	memset(mem + G_DATA, 0xaa, 16);
	memset(mem + G_DATA2, 0xaa, 16);
	ccw_put(mem + G_CCW, CCW_CMD_READ_CONF, CCW_FLAG_CD, 4, guest(G_DATA));
	ccw_put(mem + G_CCW + 8, CCW_CMD_READ_CONF, CCW_FLAG_SLI, 4,
		guest(G_DATA2));
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	EXPECT_EQ(DSTAT_CE_DE, irb_scsw(&io)[8]);
	EXPECT_EQ(0, irb_scsw(&io)[9] & 0x3f);	/* no program check */
	EXPECT_EQ(0, memcmp(mem + G_DATA, full, 4));
	EXPECT_EQ(0xaa, mem[G_DATA + 4]);
}

/* Covers: CCW-CP-10 CCW-CP-15 */
TEST_F(ccw_blk, read_conf_capacity)
{
	struct ccw_io_region io;
	uint8_t *cap = self->d.mem + G_DATA;
	uint64_t be = 0, le = 0;
	int i;

	ccw_put(self->d.mem + G_CCW, CCW_CMD_READ_CONF, CCW_FLAG_SLI, 8,
		guest(G_DATA));
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_CCW), &io));
	expect_good_status(_metadata, &io);
	for (i = 0; i < 8; i++) {
		be = be << 8 | cap[i];
		le |= (uint64_t)cap[i] << (8 * i);
	}
	/* 8 MiB in 512-byte sectors; byte order depends on virtio revision */
	EXPECT_TRUE(be == 16384 || le == 16384);
}

/* A format-0 CCW: command, 24-bit address, flags, count. */
static void ccw0_put(uint8_t *at, uint8_t cmd, uint8_t flags, uint16_t count,
		     uint32_t cda)
{
	at[0] = cmd;
	at[1] = cda >> 16;
	at[2] = cda >> 8;
	at[3] = cda;
	at[4] = flags;
	at[5] = 0;
	at[6] = count >> 8;
	at[7] = count;
}

/*
 * A format-0 program with a TIC (bug class C1: format-0 CCWs must be
 * converted before the chain is measured) runs like its format-1 twin.
 */
/* Covers: CCW-CP-04 bug-C1 */
TEST_F(ccw, format0_chain)
{
	struct ccw_io_region io;
	uint8_t *mem = self->d.mem;

	ccw0_put(mem + G_CCW, CCW_CMD_NOP, CCW_FLAG_CC | CCW_FLAG_SLI, 1, 0);
	ccw0_put(mem + G_CCW + 8, CCW_CMD_TIC, 0, 0, guest(G_TIC_TARGET));
	ccw0_put(mem + G_TIC_TARGET, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		 guest(G_DATA));
	ASSERT_EQ(sizeof(io),
		  ccw_start_orb(&self->d, guest(G_CCW), false, false, true));
	ASSERT_EQ(0, ccw_finish(&self->d, &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, mem + G_DATA);
	EXPECT_EQ(guest(G_TIC_TARGET) + 8, be32_at(irb_scsw(&io) + 4));
}

/* An ORB without prefetch is accepted and runs (bug class C11). */
/* Covers: CCW-CP-01 bug-C11 */
TEST_F(ccw, no_prefetch_orb)
{
	struct ccw_io_region io;

	put_sense_id(&self->d, G_CCW);
	ASSERT_EQ(sizeof(io),
		  ccw_start_orb(&self->d, guest(G_CCW), true, false, false));
	ASSERT_EQ(0, ccw_finish(&self->d, &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, self->d.mem + G_DATA);
}

#define G_SEGS		0x3000
#define SEG_STRIDE	0x40

/* @n segments: n - 1 of [NOP, TIC to the next], then a SENSE ID. */
static void put_segments(struct ccw_dev *d, unsigned int n)
{
	unsigned int k;
	uint64_t at;

	for (k = 0; k + 1 < n; k++) {
		at = G_SEGS + k * SEG_STRIDE;
		ccw_put(d->mem + at, CCW_CMD_NOP, CCW_FLAG_CC | CCW_FLAG_SLI,
			1, 0);
		ccw_put(d->mem + at + 8, CCW_CMD_TIC, 0, 0,
			guest(at + SEG_STRIDE));
	}
	put_sense_id(d, G_SEGS + k * SEG_STRIDE);
}

/*
 * Sixteen TIC-linked segments run; seventeen are refused with -EINVAL
 * (bug class C5), again and again without harm: the segments built before
 * the refusal are freed (C6; kmemleak in vfio_ccw_teardown.sh looks).
 */
/* Covers: CCW-CP-07 CCW-CP-08 bug-C5 bug-C6 */
TEST_F(ccw, segment_limit)
{
	struct ccw_io_region io;
	unsigned int i;

	put_segments(&self->d, 16);
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_SEGS), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, self->d.mem + G_DATA);

	put_segments(&self->d, 17);
	for (i = 0; i < 64; i++)
		ASSERT_EQ(-EINVAL, ccw_start(&self->d, guest(G_SEGS), true))
			TH_LOG("attempt %u", i);
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/*
 * The longest chain the translator takes (256 CCWs) runs, including
 * zero-count NOPs (bug classes C4 and C9; 257 is in refused_programs).
 */
/* Covers: CCW-CP-06 CCW-CP-16 bug-C4 bug-C9 */
TEST_F(ccw, chain_of_256)
{
	struct ccw_io_region io;
	unsigned int i;

	for (i = 0; i < 255; i++)
		ccw_put(self->d.mem + G_SEGS + i * 8, CCW_CMD_NOP,
			CCW_FLAG_CC | CCW_FLAG_SLI, 0, 0);
	put_sense_id(&self->d, G_SEGS + 255 * 8);
	ASSERT_EQ(0, ccw_start_wait(&self->d, guest(G_SEGS), &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id, self->d.mem + G_DATA);
	EXPECT_EQ(guest(G_SEGS) + 256 * 8, be32_at(irb_scsw(&io) + 4));
}

/* A format-2 IDAL (ORB with 64-bit IDAWs, 4K blocks) (bug class C8). */
/* Covers: CCW-CP-11 CCW-CP-14 bug-C8 */
TEST_F(ccw, sense_id_idal_format2)
{
	struct ccw_io_region io;
	uint8_t *idal = self->d.mem + G_IDAL;
	uint64_t data = guest(G_DATA2) + 0x100;
	unsigned int i;

	for (i = 0; i < 8; i++)
		idal[i] = data >> (56 - 8 * i);
	ccw_put(self->d.mem + G_CCW, CCW_CMD_SENSE_ID,
		CCW_FLAG_SLI | CCW_FLAG_IDA, 8, guest(G_IDAL));
	ASSERT_EQ(sizeof(io),
		  ccw_start_orb(&self->d, guest(G_CCW), true, true, true));
	ASSERT_EQ(0, ccw_finish(&self->d, &io));
	expect_good_status(_metadata, &io);
	expect_sense_id(_metadata, self->cfg->virtio_id,
			self->d.mem + G_DATA2 + 0x100);
}

static int async_cmd(struct ccw_dev *d, uint32_t command)
{
	struct ccw_cmd_region cmd = { .command = command };
	ssize_t n = pwrite(d->v.fd, &cmd, sizeof(cmd), ccw_region_off(1));

	return n < 0 ? -errno : (int)n;
}

/* Covers: CCW-REG-07 CCW-ASY-01 CCW-ASY-02 CCW-INT-04 */
TEST_F(ccw, halt_and_clear)
{
	struct ccw_io_region io;
	struct ccw_cmd_region cmd;
	static const uint32_t cmds[] = {
		VFIO_CCW_ASYNC_CMD_HSCH, VFIO_CCW_ASYNC_CMD_CSCH,
	};
	static const uint8_t fctl[] = { 0x20, 0x10 };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(sizeof(cmd), async_cmd(&self->d, cmds[i]));
		ASSERT_EQ(sizeof(cmd), pread(self->d.v.fd, &cmd, sizeof(cmd),
					     ccw_region_off(1)));
		EXPECT_EQ(cmds[i], cmd.command);
		EXPECT_EQ(0, cmd.ret_code);
		ASSERT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_IO_IRQ_INDEX]));
		ASSERT_EQ(sizeof(io), pread(self->d.v.fd, &io, sizeof(io),
					    ccw_region_off(0)));
		EXPECT_EQ(fctl[i], irb_scsw(&io)[2] & 0x70);
	}
	EXPECT_EQ(-EINVAL, async_cmd(&self->d, CCW_ASYNC_BAD));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Covers: CCW-REG-08 */
TEST_F(ccw, schib_region)
{
	uint8_t schib[52];
	unsigned int devno = strtoul(self->cfg->devno + 4, NULL, 16);

	ASSERT_EQ(52, pread(self->d.v.fd, schib, 52, ccw_region_off(2)));
	EXPECT_EQ(devno, be16_at(schib + 6));
	EXPECT_TRUE(schib[5] & 0x01);	/* device number valid */
	EXPECT_TRUE(schib[5] & 0x80);	/* enabled while open */
	EXPECT_NE(0, schib[11]);	/* path installed mask */
	EXPECT_EQ(schib[11], schib[11] & schib[15]);	/* all available */
	/* no program in flight: no host address leaks through the SCSW */
	EXPECT_EQ(0, be32_at(schib + 28 + 4));
}

/* Covers: CCW-CP-03 CCW-CP-06 CCW-CP-07 CCW-IO-02 CCW-IO-03 CCW-IO-04 */
/* Covers: CCW-IO-05 CCW-IO-08 bug-C2 bug-C4 */
TEST_F(ccw, refused_programs)
{
	struct ccw_io_region io = {};
	uint8_t *mem = self->d.mem;
	unsigned int i;

	/* channel program outside guest memory */
	EXPECT_EQ(unmapped_err(self->cfg),
		  ccw_start(&self->d, GUEST_UNMAPPED, true));
	/* data address outside guest memory */
	ccw_put(mem + G_CCW, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		GUEST_UNMAPPED);
	EXPECT_EQ(unmapped_err(self->cfg),
		  ccw_start(&self->d, guest(G_CCW), true));
	/* a TIC to a TIC */
	ccw_put(mem + G_CCW, CCW_CMD_TIC, 0, 0, guest(G_TIC_TARGET));
	ccw_put(mem + G_TIC_TARGET, CCW_CMD_TIC, 0, 0, guest(G_CCW));
	EXPECT_EQ(-EINVAL, ccw_start(&self->d, guest(G_CCW), true));
	/* 257 command-chained CCWs */
	for (i = 0; i < 257; i++)
		ccw_put(mem + G_DATA + i * 8, CCW_CMD_NOP,
			CCW_FLAG_CC | CCW_FLAG_SLI, 1, 0);
	EXPECT_EQ(-EINVAL, ccw_start(&self->d, guest(G_DATA), true));

	/* transport mode, halt or no function in the I/O region */
	ccw_orb(io.orb_area, guest(G_CCW), true, false);
	io.orb_area[5] |= 0x04;
	io.scsw_area[2] = 0x40;
	EXPECT_EQ(-1, pwrite(self->d.v.fd, &io, sizeof(io), 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	io.orb_area[5] &= ~0x04;
	io.scsw_area[2] = 0x20;
	EXPECT_EQ(-1, pwrite(self->d.v.fd, &io, sizeof(io), 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	io.scsw_area[2] = 0;
	EXPECT_EQ(-1, pwrite(self->d.v.fd, &io, sizeof(io), 0));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(sizeof(io), pread(self->d.v.fd, &io, sizeof(io), 0));
	EXPECT_EQ(-EINVAL, (int)io.ret_code);

	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

struct writer {
	struct ccw_dev *d;
	pthread_barrier_t *go;
	int ret;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;

	pthread_barrier_wait(w->go);
	w->ret = ccw_start(w->d, guest(G_CCW), true);
	return NULL;
}

/*
 * Several threads write the I/O region at once (threads: with the type1
 * back end only the process that mapped guest memory may reach it). Each
 * write starts the program, or fails with -EAGAIN (region busy) or -EBUSY
 * (a program is pending); every started program interrupts exactly once.
 */
/* Covers: CCW-REG-06 CCW-FSM-04 CCW-FSM-05 CCW-FSM-11 bug-C15 bug-C16 */
TEST_F(ccw, concurrent_writers)
{
	enum { NR = 4 };
	struct writer w[NR];
	pthread_t t[NR];
	pthread_barrier_t go;
	unsigned int started = 0, seen = 0;
	uint64_t v;
	int i;

	put_sense_id(&self->d, G_CCW);
	ASSERT_EQ(0, pthread_barrier_init(&go, NULL, NR));
	for (i = 0; i < NR; i++) {
		w[i] = (struct writer){ .d = &self->d, .go = &go };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, writer_fn, &w[i]));
	}
	for (i = 0; i < NR; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_TRUE(w[i].ret == sizeof(struct ccw_io_region) ||
			    w[i].ret == -EAGAIN || w[i].ret == -EBUSY)
			TH_LOG("writer %d got %d", i, w[i].ret);
		started += w[i].ret == sizeof(struct ccw_io_region);
	}
	pthread_barrier_destroy(&go);
	ASSERT_LE(1, started);
	while (seen < started) {
		struct pollfd p = {
			.fd = self->d.efd[VFIO_CCW_IO_IRQ_INDEX],
			.events = POLLIN,
		};

		ASSERT_EQ(1, poll(&p, 1, 20000));
		ASSERT_EQ(sizeof(v), read(p.fd, &v, sizeof(v)));
		seen += v;
	}
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Unmap all of guest memory; returns the bytes unmapped or -errno. */
static long long unmap_guest(struct ccw_dev *d)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = GUEST_IOVA, .size = GUEST_SIZE,
	};
	struct iommu_ioas_unmap iunmap = {
		.size = sizeof(iunmap), .ioas_id = d->v.ioas_id,
		.iova = GUEST_IOVA, .length = GUEST_SIZE,
	};

	if (d->v.path == ZV_PATH_CDEV) {
		if (ioctl(d->v.iommufd, IOMMU_IOAS_UNMAP, &iunmap))
			return -errno;
		return iunmap.length;
	}
	if (ioctl(d->v.container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	return unmap.size;
}

/*
 * Guest memory unmapped and mapped again: a start in between is refused
 * with the back end's errno, afterwards the device works again.
 */
/* Covers: CCW-LIFE-08 CCW-CP-03 CCW-IO-05 */
TEST_F(ccw, unmap_and_remap)
{
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
	ASSERT_EQ(GUEST_SIZE, unmap_guest(&self->d));
	put_sense_id(&self->d, G_CCW);
	EXPECT_EQ(unmapped_err(self->cfg),
		  ccw_start(&self->d, guest(G_CCW), true));
	ASSERT_EQ(0, zv_dma_map(&self->d.v, GUEST_IOVA, self->d.mem,
				GUEST_SIZE));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Covers: CCW-IOC-03 */
TEST_F(ccw, reset)
{
	EXPECT_EQ(0, ioctl(self->d.v.fd, VFIO_DEVICE_RESET));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Unbinding the subchannel while the device is open asks user space. */
/* Covers: CCW-MOD-09 CCW-LIFE-06 CCW-LIFE-07 */
TEST_F(ccw, unbind_while_open)
{
	char path[128];
	pid_t child;
	int status;

	snprintf(path, sizeof(path), "/sys/bus/css/drivers/vfio_ccw/unbind");
	child = fork();
	ASSERT_NE(-1, child);
	if (!child) {
		/* the device must not stay open through the child's copy */
		ccw_close(&self->d);
		_exit(zv_write_file(path, self->d.sch) ? 1 : 0);
	}
	ASSERT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_REQ_IRQ_INDEX]));
	ccw_close(&self->d);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	self->d.uuid[0] = 0;	/* went with the unbind */
	EXPECT_EQ(0, ccw_bind_vfio(self->d.sch));
}

static void avail_path(const struct ccw_dev *d, char *path, size_t size)
{
	snprintf(path, size, "/sys/bus/css/devices/%s/%s", d->sch,
		 "mdev_supported_types/vfio_ccw-io/available_instances");
}

/*
 * Removing the mdev while it is open, with every eventfd armed and an
 * interrupt nobody read: user space is asked through the request eventfd,
 * the removal completes once it closes, the type is free again and a new
 * mdev on the same subchannel works from a clean state.
 */
/* Covers: CCW-MOD-07 CCW-LIFE-04 CCW-LIFE-06 CCW-LIFE-07 bug-C13 bug-C16 */
TEST_F(ccw, remove_while_armed)
{
	char mdev[128], avail[256];
	long long n = -1;
	pid_t child;
	int status;

	put_sense_id(&self->d, G_CCW);
	ASSERT_EQ(sizeof(struct ccw_io_region),
		  ccw_start(&self->d, guest(G_CCW), true));
	child = fork();
	ASSERT_NE(-1, child);
	if (!child) {
		ccw_close(&self->d);
		_exit(zv_mdev_remove(self->d.uuid) ? 1 : 0);
	}
	ASSERT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_REQ_IRQ_INDEX]));
	ccw_close(&self->d);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));

	snprintf(mdev, sizeof(mdev), ZV_MDEV_DEVICES "/%s", self->d.uuid);
	EXPECT_FALSE(zv_exists(mdev));
	avail_path(&self->d, avail, sizeof(avail));
	EXPECT_EQ(0, zv_read_num(avail, &n));
	EXPECT_EQ(1, n);

	ASSERT_EQ(0, ccw_create_mdev(self->d.sch, self->d.uuid));
	ASSERT_EQ(0, ccw_open(&self->d, self->cfg->iommufd));
	EXPECT_EQ(0, zv_read_num(avail, &n));
	EXPECT_EQ(0, n);
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/*
 * The module cannot go while one of its devices is open: delete_module
 * (what rmmod and modprobe -r call) fails with EWOULDBLOCK (EAGAIN) as for
 * any module still in use, user space is not asked to release the device,
 * and the mdev and the binding stay as they were.
 */
/* Covers: CCW-MOD-02 CCW-LIFE-07 */
TEST_F(ccw_machine, unload_while_open)
{
	struct pollfd p[2];
	char mdev[128];
	pid_t child;
	int status;

	child = fork();
	ASSERT_NE(-1, child);
	if (!child) {
		ccw_close(&self->d);
		_exit(syscall(SYS_delete_module, "vfio_ccw", O_NONBLOCK) ?
		      errno : 0);
	}
	p[0] = (struct pollfd){
		.fd = (int)syscall(SYS_pidfd_open, child, 0), .events = POLLIN,
	};
	p[1] = (struct pollfd){
		.fd = self->d.efd[VFIO_CCW_REQ_IRQ_INDEX], .events = POLLIN,
	};
	ASSERT_LE(0, p[0].fd);
	ASSERT_LT(0, poll(p, 2, CCW_WAIT_MS));
	close(p[0].fd);
	if (p[1].revents) {
		/* unloading went ahead: let it finish, then fail */
		ccw_close(&self->d);
		self->d.uuid[0] = 0;
		waitpid(child, &status, 0);
		ASSERT_FALSE(p[1].revents) TH_LOG("unload asked for the device");
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EAGAIN, WEXITSTATUS(status))
		TH_LOG("delete_module: %s", WEXITSTATUS(status) ?
		       strerror(WEXITSTATUS(status)) : "unloaded");
	EXPECT_TRUE(zv_exists("/sys/module/vfio_ccw"));
	snprintf(mdev, sizeof(mdev), ZV_MDEV_DEVICES "/%s", self->d.uuid);
	EXPECT_TRUE(zv_exists(mdev));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

static int inject_crw(const char *crw)
{
	if (zv_write_file(CIO_DEBUGFS "/enable_inject", "1"))
		return -1;
	return zv_write_file(CIO_DEBUGFS "/crw_inject", crw);
}

/*
 * The project's test kernels have CIO_INJECT; Debian's stock kernel does
 * not, and there the CRW cases skip. Only a kernel whose cio debugfs
 * directory is there without crw_inject counts: a missing debugfs is a
 * broken test setup and fails.
 */
static bool no_crw_inject(void)
{
	return access(CIO_DEBUGFS, F_OK) == 0 &&
	       access(CIO_DEBUGFS "/crw_inject", F_OK) != 0;
}

static uint32_t read_crw(struct ccw_dev *d)
{
	struct ccw_crw_region crw = {};

	if (pread(d->v.fd, &crw, sizeof(crw), ccw_region_off(3)) != sizeof(crw))
		return 0xffffffff;
	return crw.crw;
}

/* Covers: CCW-REG-09 CCW-CHP-03 CCW-CHP-05 CCW-CHP-07 */
TEST_F(ccw_machine, crw_relay)
{
	if (no_crw_inject())
		SKIP(return, "no %s/crw_inject: kernel without CIO_INJECT",
		     CIO_DEBUGFS);
	ASSERT_EQ(0, access(CIO_DEBUGFS "/crw_inject", W_OK))
		TH_LOG("CRW injection (CONFIG_CIO_INJECT): %s", strerror(errno));

	EXPECT_EQ(0, read_crw(&self->d));	/* nothing queued */
	/* channel path 0 lost (rsc 4, erc 6) and back (erc 2) */
	ASSERT_EQ(0, inject_crw("0 0 0 4 0 6 0"));
	ASSERT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_CRW_IRQ_INDEX]));
	EXPECT_EQ(0x04060000, read_crw(&self->d));
	ASSERT_EQ(0, inject_crw("0 0 0 4 0 2 0"));
	ASSERT_EQ(0, ccw_wait(self->d.efd[VFIO_CCW_CRW_IRQ_INDEX]));
	EXPECT_EQ(0x04020000, read_crw(&self->d));
	EXPECT_EQ(0, read_crw(&self->d));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* Wait until the channel subsystem has handled every pending report. */
static int settle_reports(void)
{
	return zv_write_file(CIO_SETTLE, "1");
}

#define CRW_QUEUE_LEN	64	/* the documented per-mdev bound */
#define CRW_EXTRA	8	/* reports beyond it: the oldest eight are lost */
#define CRW_OFLW	0x20000000
#define CRW_PATH_GONE	0x04060000
#define CRW_PATH_BACK	0x04020000

/*
 * Report @i of the overflow test: mostly "path gone" (cheap for the host),
 * "path back" every fourth, so that order and position can be checked.
 */
static uint32_t nth_report(unsigned int i)
{
	return i % 4 == 3 ? CRW_PATH_BACK : CRW_PATH_GONE;
}

static bool eventfd_ready(int efd)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t v;

	if (poll(&p, 1, 0) != 1)
		return false;
	return read(efd, &v, sizeof(v)) == sizeof(v);
}

/*
 * More channel reports than the queue holds, with the CRW eventfd armed
 * and nobody reading: the newest 64 survive in order, the oldest of them
 * carries the overflow bit, each read that leaves reports behind signals
 * again, and an empty queue reads as zeros. I/O is not disturbed.
 */
/* Covers: CCW-CHP-06 CCW-REG-09 bug-C16 */
TEST_F_TIMEOUT(ccw_machine, crw_overflow, 120)
{
	int efd = self->d.efd[VFIO_CCW_CRW_IRQ_INDEX];
	unsigned int i, total = CRW_QUEUE_LEN + CRW_EXTRA;
	uint32_t want;
	int ret;

	if (no_crw_inject())
		SKIP(return, "no %s/crw_inject: kernel without CIO_INJECT",
		     CIO_DEBUGFS);
	ASSERT_EQ(0, access(CIO_DEBUGFS "/crw_inject", W_OK))
		TH_LOG("CRW injection (CONFIG_CIO_INJECT): %s", strerror(errno));

	EXPECT_EQ(0, read_crw(&self->d));
	/*
	 * crw_inject holds one report until the machine-check thread takes
	 * it (-EBUSY meanwhile); the thread handles them in order. Settling
	 * after each one would wait for the path re-evaluation every time.
	 */
	for (i = 0; i < total; i++) {
		do
			ret = inject_crw(nth_report(i) == CRW_PATH_BACK ?
					 "0 0 0 4 0 2 0" : "0 0 0 4 0 6 0");
		while (ret == -EBUSY && !sched_yield());
		ASSERT_EQ(0, ret) TH_LOG("report %u", i);
	}
	ASSERT_EQ(0, settle_reports());
	ASSERT_EQ(0, ccw_wait(efd));

	for (i = CRW_EXTRA; i < total; i++) {
		want = nth_report(i);
		if (i == CRW_EXTRA)
			want |= CRW_OFLW;
		ASSERT_EQ(want, read_crw(&self->d)) TH_LOG("report %u", i);
		if (i + 1 < total)
			ASSERT_TRUE(eventfd_ready(efd)) TH_LOG("report %u", i);
	}
	EXPECT_EQ(0, read_crw(&self->d));
	EXPECT_EQ(0, read_crw(&self->d));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
	/* the queue works as before: one new report, no overflow bit */
	ASSERT_EQ(0, inject_crw("0 0 0 4 0 6 0"));
	ASSERT_EQ(0, settle_reports());
	ASSERT_EQ(0, inject_crw("0 0 0 4 0 2 0"));
	ASSERT_EQ(0, settle_reports());
	ASSERT_EQ(0, ccw_wait(efd));
	EXPECT_EQ(CRW_PATH_GONE, read_crw(&self->d));
	EXPECT_EQ(CRW_PATH_BACK, read_crw(&self->d));
	EXPECT_EQ(0, read_crw(&self->d));
}

/*
 * Varying a path off and on (chchp -v) is host policy: it changes no
 * hardware mask, queues no channel report and does not disturb an idle
 * device.
 */
/* Covers: CCW-CHP-02 CCW-CHP-04 */
TEST_F(ccw_machine, vary_path)
{
	uint8_t before[52], after[52];

	ASSERT_EQ(0, access(CHP0_STATUS, W_OK))
		TH_LOG("channel path 0.00: %s", strerror(errno));

	expect_usable(_metadata, self->cfg->virtio_id, &self->d);	/* path 0 now used */
	ASSERT_EQ(52, pread(self->d.v.fd, before, 52, ccw_region_off(2)));
	ASSERT_EQ(0, zv_write_file(CHP0_STATUS, "off"));
	ASSERT_EQ(52, pread(self->d.v.fd, after, 52, ccw_region_off(2)));
	EXPECT_EQ(before[11], after[11]);	/* pim */
	EXPECT_EQ(before[15], after[15]);	/* pam */
	ASSERT_EQ(0, zv_write_file(CHP0_STATUS, "on"));
	EXPECT_EQ(0, read_crw(&self->d));
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* After the last test: the subchannels go back to the host. */
static void __attribute__((destructor)) give_back(void)
{
	static const char *const devnos[] = { "0.0.0200", "0.0.0100" };
	char sch[32];
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (!ccw_find_sch(devnos[i], sch, sizeof(sch)))
			ccw_unbind_vfio(sch);
}

TEST_HARNESS_MAIN

/* ---- channel measurement (issue 11) ---- */

#define CSS_DEVICES_DIR	"/sys/bus/css/devices"
#define HOST_CCW	"/sys/bus/ccw/devices/0.0.0300"
#define CMF_REGION	4

/* Write @val to the subchannel's cmb_enable: 0 or -errno. */
static int cmf_write(const char *sch, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), CSS_DEVICES_DIR "/%s/cmb_enable", sch);
	return zv_write_file(path, val);
}

/* A subchannel attribute (@name relative to it) as a number; -1 on error. */
static long long sch_num(const char *sch, const char *name)
{
	char path[PATH_MAX];
	long long val;

	snprintf(path, sizeof(path), CSS_DEVICES_DIR "/%s/%s", sch, name);
	return zv_read_num(path, &val) ? -1 : val;
}

static int cmf_region(struct ccw_dev *d, struct zmdev_ccw_cmf_region *r)
{
	ssize_t n = pread(d->v.fd, r, sizeof(*r), ccw_region_off(CMF_REGION));

	return n == sizeof(*r) ? 0 : n < 0 ? -errno : -EIO;
}

/* The SSCH/RSCH count of the format-1 block in the region. */
static long long region_starts(struct ccw_dev *d)
{
	struct zmdev_ccw_cmf_region r;

	return cmf_region(d, &r) ? -1 : be32_at(r.block);
}

static void run_programs(struct __test_metadata *_metadata, uint8_t virtio_id,
			 struct ccw_dev *d, unsigned int n)
{
	while (n--)
		expect_usable(_metadata, virtio_id, d);
}

/* Host ccw device's measured starts: set it offline and online again. */
static long long host_starts(void)
{
	long long val;

	return zv_read_num(HOST_CCW "/cmf/ssch_rsch_count", &val) ? -1 : val;
}

static int host_cycle(void)
{
	int ret = zv_write_file(HOST_CCW "/online", "0");

	return ret ? ret : zv_write_file(HOST_CCW "/online", "1");
}

/*
 * Every start through the I/O region is counted once, in sysfs and in the
 * region alike, and nothing is counted once measurement is off.
 */
/* Covers: CCW-CMF-01 CCW-CMF-02 CCW-CMF-04 */
TEST_F(ccw, cmf_counts_starts)
{
	struct zmdev_ccw_cmf_region r;
	const char *sch = self->d.sch;
	char val[32], path[PATH_MAX];

	ASSERT_EQ(0, cmf_write(sch, "0"));
	ASSERT_EQ(0, cmf_write(sch, "1"));
	EXPECT_EQ(1, sch_num(sch, "cmb_enable"));
	/* idle: applied at once */
	EXPECT_EQ(0, sch_num(sch, "cmb_pending"));
	ASSERT_EQ(0, cmf_region(&self->d, &r));
	EXPECT_EQ(ZMDEV_CCW_CMF_VERSION, r.version);
	EXPECT_EQ(ZMDEV_CCW_CMF_FORMAT_1, r.format);
	EXPECT_EQ(ZMDEV_CCW_CMF_MEASURING, r.flags);
	EXPECT_EQ(0, be32_at(r.block));
	EXPECT_EQ(0, sch_num(sch, "cmf/ssch_rsch_count"));

	run_programs(_metadata, self->cfg->virtio_id, &self->d, 5);
	EXPECT_EQ(5, sch_num(sch, "cmf/ssch_rsch_count"));
	EXPECT_EQ(5, region_starts(&self->d));
	/* QEMU counts starts only: no samples, so no averages yet */
	EXPECT_EQ(0, sch_num(sch, "cmf/sample_count"));
	EXPECT_EQ(0, sch_num(sch, "cmf/avg_device_connect_time"));
	EXPECT_EQ(0, sch_num(sch, "cmf/avg_initial_command_response_time"));
	EXPECT_EQ(-1, sch_num(sch, "cmf/avg_sample_interval"));
	snprintf(path, sizeof(path), CSS_DEVICES_DIR "/%s/cmf/avg_utilization",
		 sch);
	ASSERT_EQ(0, zv_read_file(path, val, sizeof(val)));
	EXPECT_STREQ("00.0%", val);

	ASSERT_EQ(0, cmf_write(sch, "0"));
	EXPECT_EQ(0, sch_num(sch, "cmb_enable"));
	EXPECT_EQ(0, sch_num(sch, "cmb_pending"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 3);
	EXPECT_EQ(5, sch_num(sch, "cmf/ssch_rsch_count"));
	ASSERT_EQ(0, cmf_region(&self->d, &r));
	EXPECT_EQ(0, r.flags);
	EXPECT_EQ(5, be32_at(r.block));

	/* on again: a fresh block */
	ASSERT_EQ(0, cmf_write(sch, "1"));
	EXPECT_EQ(0, region_starts(&self->d));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 2);
	EXPECT_EQ(2, region_starts(&self->d));
	EXPECT_EQ(0, cmf_write(sch, "0"));
}

/* cmb_enable takes what the ccw bus's takes: 0 or 1, hexadecimal. */
/* Covers: CCW-CMF-02 */
TEST_F(ccw_machine, cmf_bad_values)
{
	static const char *const bad[] = { "2", "10", "-1", "on", "1x" };
	const char *sch = self->d.sch;
	unsigned int i;

	ASSERT_EQ(0, cmf_write(sch, "0"));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, cmf_write(sch, bad[i])) {
			TH_LOG("cmb_enable '%s'", bad[i]);
		}
		EXPECT_EQ(0, sch_num(sch, "cmb_enable"));
	}
	/* a trailing newline is fine, as everywhere in sysfs */
	EXPECT_EQ(0, cmf_write(sch, "1\n"));
	EXPECT_EQ(1, sch_num(sch, "cmb_enable"));
	EXPECT_EQ(0, cmf_write(sch, "0\n"));
	EXPECT_EQ(0, sch_num(sch, "cmb_enable"));
}

/*
 * The region: bounds-checked like the others, read-only, and readable
 * (no error) while measurement is off.
 */
/* Covers: CCW-CMF-04 CCW-REG-04 */
TEST_F(ccw_machine, cmf_region_bounds)
{
	off_t off = ccw_region_off(CMF_REGION);
	uint8_t buf[128];
	struct zmdev_ccw_cmf_region r;
	int fd = self->d.v.fd;

	ASSERT_EQ(0, cmf_write(self->d.sch, "0"));
	ASSERT_EQ(0, cmf_region(&self->d, &r));
	EXPECT_EQ(ZMDEV_CCW_CMF_VERSION, r.version);
	EXPECT_EQ(0, r.flags);
	EXPECT_EQ(4, pread(fd, buf, 4, off + 84));
	EXPECT_EQ(-1, pread(fd, buf, 89, off));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 1, off + 88));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(fd, buf, 8, off + 84));
	EXPECT_EQ(EINVAL, errno);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(-1, pwrite(fd, buf, 4, off));
	EXPECT_EQ(EINVAL, errno);
	expect_usable(_metadata, self->cfg->virtio_id, &self->d);
}

/* The setting belongs to the subchannel: close, reopen and reset keep it. */
/* Covers: CCW-CMF-03 */
TEST_F(ccw_machine, cmf_survives_reopen)
{
	const char *sch = self->d.sch;

	ASSERT_EQ(0, cmf_write(sch, "0"));
	ASSERT_EQ(0, cmf_write(sch, "1"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 2);
	ccw_close(&self->d);
	EXPECT_EQ(1, sch_num(sch, "cmb_enable"));
	EXPECT_EQ(2, sch_num(sch, "cmf/ssch_rsch_count"));
	ASSERT_EQ(0, ccw_open(&self->d, false));
	EXPECT_EQ(2, region_starts(&self->d));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 1);
	EXPECT_EQ(3, region_starts(&self->d));
	ASSERT_EQ(0, zv_reset(self->d.v.fd));
	EXPECT_EQ(1, sch_num(sch, "cmb_enable"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 1);
	EXPECT_EQ(4, sch_num(sch, "cmf/ssch_rsch_count"));
	EXPECT_EQ(0, cmf_write(sch, "0"));
}

/*
 * Writes never wait: on an idle subchannel the change is applied before
 * the write returns, so cmb_pending never reads 1 here. (A program held
 * in flight would show the pending state, but QEMU's channel subsystem
 * runs a program within START SUBCHANNEL and vfio_ccw refuses the suspend
 * flag, the only way a program could stay in flight.)
 */
/* Covers: CCW-CMF-02 */
TEST_F(ccw_machine, cmf_idle_point)
{
	struct zmdev_ccw_cmf_region r;
	const char *sch = self->d.sch;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, cmf_write(sch, i & 1 ? "0" : "1"));
		EXPECT_EQ(0, sch_num(sch, "cmb_pending"));
		ASSERT_EQ(0, cmf_region(&self->d, &r));
		EXPECT_EQ(i & 1 ? 0 : ZMDEV_CCW_CMF_MEASURING, r.flags);
		run_programs(_metadata, self->cfg->virtio_id, &self->d, 1);
	}
	/* with the device closed (subchannel disabled) too */
	ccw_close(&self->d);
	ASSERT_EQ(0, cmf_write(sch, "1"));
	EXPECT_EQ(0, sch_num(sch, "cmb_pending"));
	ASSERT_EQ(0, cmf_write(sch, "0"));
	EXPECT_EQ(0, sch_num(sch, "cmb_pending"));
}

/*
 * The host's own measurement of a ccw device (0.0.0300, driven by the
 * common I/O layer) goes on while ours is switched on and off, and ours
 * counts only our starts while the host measures.
 */
/* Covers: CCW-CMF-01 CCW-CMF-02 */
TEST_F(ccw_machine, cmf_coexists_with_host)
{
	const char *sch = self->d.sch;
	long long h0, h1, h2;

	ASSERT_EQ(0, cmf_write(sch, "0"));
	ASSERT_EQ(0, zv_write_file(HOST_CCW "/cmb_enable", "1"));
	h0 = host_starts();
	ASSERT_LE(0, h0);

	ASSERT_EQ(0, cmf_write(sch, "1"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 4);
	ASSERT_EQ(0, host_cycle());
	h1 = host_starts();
	EXPECT_LT(h0, h1);
	/* the host's starts are not ours */
	EXPECT_EQ(4, sch_num(sch, "cmf/ssch_rsch_count"));

	ASSERT_EQ(0, cmf_write(sch, "0"));
	ASSERT_EQ(0, host_cycle());
	h2 = host_starts();
	/* our switching off did not stop the host's measurement */
	EXPECT_LT(h1, h2);
	EXPECT_EQ(4, sch_num(sch, "cmf/ssch_rsch_count"));

	/* the host stops measuring; ours starts again and counts */
	ASSERT_EQ(0, zv_write_file(HOST_CCW "/cmb_enable", "0"));
	ASSERT_EQ(0, cmf_write(sch, "1"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 2);
	EXPECT_EQ(2, sch_num(sch, "cmf/ssch_rsch_count"));
	EXPECT_EQ(2, region_starts(&self->d));
	EXPECT_EQ(0, cmf_write(sch, "0"));
}

/* Run vfio-ccw-cmf, installed next to this program, on @uuid. */
static int run_cmf_tool(const char *uuid, char *out, size_t size)
{
	char self[PATH_MAX], cmd[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t len;
	FILE *p;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	snprintf(cmd, sizeof(cmd), "%s/vfio-ccw-cmf %s", dirname(self), uuid);
	p = popen(cmd, "r");
	if (!p)
		return -errno;
	len = fread(out, 1, size - 1, p);
	out[len] = '\0';
	return pclose(p);
}

/*
 * tools/vfio-ccw-cmf finds the region by its type capability and prints
 * the same counts as cmf/ (the device must be free for it to open).
 */
/* Covers: CCW-CMF-01 CCW-CMF-04 */
TEST_F(ccw_machine, cmf_tool)
{
	const char *sch = self->d.sch;
	char out[2048];

	ASSERT_EQ(0, cmf_write(sch, "0"));
	ASSERT_EQ(0, cmf_write(sch, "1"));
	run_programs(_metadata, self->cfg->virtio_id, &self->d, 3);
	ccw_close(&self->d);
	ASSERT_EQ(0, run_cmf_tool(self->d.uuid, out, sizeof(out))) {
		TH_LOG("vfio-ccw-cmf said: %s", out);
	}
	EXPECT_NE(NULL, strstr(out, "measuring: yes\n"));
	EXPECT_NE(NULL, strstr(out, "ssch_rsch_count: 3\n")) {
		TH_LOG("vfio-ccw-cmf said: %s", out);
	}
	EXPECT_NE(NULL, strstr(out, "avg_sample_interval: -1\n"));
	EXPECT_EQ(3, sch_num(sch, "cmf/ssch_rsch_count"));
	EXPECT_EQ(0, cmf_write(sch, "0"));
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevsim-specific helpers for the mdevsim selftests: sysfs/debugfs
 * plumbing of the mdevsim bus and its mdevs, the region layout, and the
 * device model constants from
 * Documentation/driver-api/zmdev/mdevsim-interface.rst.  Generic VFIO
 * operations (opening a device through the container or the iommufd cdev,
 * DMA mapping, SET_IRQS, eventfds, features) come from the shared library
 * in ../zmdev-lib/vfio_util.h.
 *
 * Helpers return 0 or a negative errno.  For each operation the tests use a
 * triple in the iommufd selftest style: _mst_op() or zv_op() returns the
 * result, mst_op() asserts success and mst_err_op(errno, ...) asserts one
 * errno.
 */
#ifndef MDEVSIM_UTIL_H
#define MDEVSIM_UTIL_H

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <linux/types.h>
#include <linux/vfio.h>

#include "vfio_util.h"

#ifndef MST_NO_HARNESS
#include "kselftest_harness.h"
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifdef MST_HAVE_HW_H
#include "mdevsim_hw.h"
#endif

/*
 * Device model, as the interface document states it.  The test programs
 * keep their own copy on purpose: when mdevsim_hw.h is available the
 * constants below are cross-checked against it at compile time (the
 * MST_SAME block), so a disagreement between the document and the driver
 * header breaks the build instead of hiding behind a shared #define.
 */
#define MST_PCI_VENDOR		0x1b36
#define MST_PCI_DEVICE		0x10f0
#define MST_PCI_REVISION	0x01
#define MST_PCI_CLASS		0x088000
#define MST_PCI_SUBVENDOR	0x1af4
#define MST_PCI_SUBDEVICE	0x1100
#define MST_CFG_SIZE		256
#define MST_CFG_MSI_CAP		0x40
#define MST_BAR0_SIZE		4096

#define MST_REG_ID		0x00
#define MST_REG_VERSION		0x04
#define MST_REG_CTRL		0x08
#define MST_REG_STATUS		0x0c
#define MST_REG_SRC		0x10
#define MST_REG_DST		0x18
#define MST_REG_LEN		0x20
#define MST_REG_DOORBELL	0x24
#define MST_REG_IRQ_STATUS	0x28
#define MST_REG_ERROR		0x2c
#define MST_REG_COPIES		0x30
#define MST_REG_BYTES		0x34
#define MST_REG_CAPACITY	0x38

#define MST_ID_VALUE		0x4d534d31
#define MST_VERSION_VALUE	0x00010000

#define MST_CTRL_PIN		0x1
#define MST_CTRL_IRQ_EN		0x2
#define MST_STATUS_BUSY		0x1
#define MST_STATUS_DONE		0x2
#define MST_STATUS_ERROR	0x4
#define MST_IRQ_DONE		0x1
#define MST_IRQ_ERROR		0x2

#define MST_ERR_NONE		0
#define MST_ERR_LEN		1
#define MST_ERR_DMA		2
#define MST_ERR_OVERLAP		3
#define MST_ERR_BUSY		4

#define MST_STREAM_MAGIC	0x4d53494d
#define MST_STREAM_MAJOR	1
#define MST_STREAM_MINOR	0
#define MST_STREAM_HDR_LEN	16
#define MST_STREAM_PAYLOAD	352
#define MST_STREAM_CRC_LEN	4
#define MST_STREAM_SIZE		(MST_STREAM_HDR_LEN + MST_STREAM_PAYLOAD + \
				 MST_STREAM_CRC_LEN)
#define MST_PRECOPY_BYTES	32
/* Payload offsets (relative to the payload) the tests modify. */
#define MST_P_COST		0
#define MST_P_COPY_LIMIT	4
#define MST_P_IRQ_MODE		8
#define MST_P_RSVD		12
#define MST_RESUME_MAX		(64 * 1024)

#define MST_SMALL_LIMIT		(64 * 1024)
#define MST_LARGE_LIMIT		(1024 * 1024)
#define MST_DEFAULT_CAPACITY	16

#define MST_BUS			"/sys/bus/mdevsim"
#define MST_MDEV_DEVICES	"/sys/bus/mdev/devices"
#define MST_CLASS		"/sys/class/mdev_bus"
#define MST_DEBUGFS		"/sys/kernel/debug/mdevsim"

#define MST_REGION_SHIFT	40
#define MST_REGION_OFF(idx)	((__u64)(idx) << MST_REGION_SHIFT)

#define MST_UUID_LEN		36

#ifdef MST_HAVE_HW_H
/* The driver's header must agree with the document on every shared value. */
#define MST_SAME(a, b) static_assert((a) == (b), #a " != " #b)
MST_SAME(MST_PCI_VENDOR, MDEVSIM_PCI_VENDOR);
MST_SAME(MST_PCI_DEVICE, MDEVSIM_PCI_DEVICE);
MST_SAME(MST_PCI_REVISION, MDEVSIM_PCI_REVISION);
MST_SAME(MST_PCI_CLASS, MDEVSIM_PCI_CLASS);
MST_SAME(MST_PCI_SUBVENDOR, MDEVSIM_PCI_SUBVENDOR);
MST_SAME(MST_PCI_SUBDEVICE, MDEVSIM_PCI_SUBDEVICE);
MST_SAME(MST_CFG_SIZE, MDEVSIM_CFG_SIZE);
MST_SAME(MST_CFG_MSI_CAP, MDEVSIM_CFG_MSI_CAP);
MST_SAME(MST_BAR0_SIZE, MDEVSIM_BAR0_SIZE);
MST_SAME(MST_REG_ID, MDEVSIM_REG_ID);
MST_SAME(MST_REG_VERSION, MDEVSIM_REG_VERSION);
MST_SAME(MST_REG_CTRL, MDEVSIM_REG_CTRL);
MST_SAME(MST_REG_STATUS, MDEVSIM_REG_STATUS);
MST_SAME(MST_REG_SRC, MDEVSIM_REG_SRC);
MST_SAME(MST_REG_DST, MDEVSIM_REG_DST);
MST_SAME(MST_REG_LEN, MDEVSIM_REG_LEN);
MST_SAME(MST_REG_DOORBELL, MDEVSIM_REG_DOORBELL);
MST_SAME(MST_REG_IRQ_STATUS, MDEVSIM_REG_IRQ_STATUS);
MST_SAME(MST_REG_ERROR, MDEVSIM_REG_ERROR);
MST_SAME(MST_REG_COPIES, MDEVSIM_REG_COPIES);
MST_SAME(MST_REG_BYTES, MDEVSIM_REG_BYTES);
MST_SAME(MST_REG_CAPACITY, MDEVSIM_REG_CAPACITY);
MST_SAME(MST_ID_VALUE, MDEVSIM_ID_VALUE);
MST_SAME(MST_VERSION_VALUE, MDEVSIM_VERSION_VALUE);
MST_SAME(MST_CTRL_PIN, MDEVSIM_CTRL_PIN);
MST_SAME(MST_CTRL_IRQ_EN, MDEVSIM_CTRL_IRQ_EN);
MST_SAME(MST_STATUS_BUSY, MDEVSIM_STATUS_BUSY);
MST_SAME(MST_STATUS_DONE, MDEVSIM_STATUS_DONE);
MST_SAME(MST_STATUS_ERROR, MDEVSIM_STATUS_ERROR);
MST_SAME(MST_IRQ_DONE, MDEVSIM_IRQ_DONE);
MST_SAME(MST_IRQ_ERROR, MDEVSIM_IRQ_ERROR);
MST_SAME(MST_ERR_LEN, MDEVSIM_ERR_LEN);
MST_SAME(MST_ERR_DMA, MDEVSIM_ERR_DMA);
MST_SAME(MST_ERR_OVERLAP, MDEVSIM_ERR_OVERLAP);
MST_SAME(MST_ERR_BUSY, MDEVSIM_ERR_BUSY);
MST_SAME(MST_SMALL_LIMIT, MDEVSIM_SMALL_LIMIT);
MST_SAME(MST_LARGE_LIMIT, MDEVSIM_LARGE_LIMIT);
MST_SAME(MST_DEFAULT_CAPACITY, MDEVSIM_DEFAULT_CAPACITY);
MST_SAME(MST_STREAM_MAGIC, MDEVSIM_MIG_MAGIC);
MST_SAME(MST_STREAM_MAJOR, MDEVSIM_MIG_MAJOR);
MST_SAME(MST_STREAM_MINOR, MDEVSIM_MIG_MINOR);
MST_SAME(MST_STREAM_HDR_LEN, MDEVSIM_MIG_HDR_SIZE);
MST_SAME(MST_STREAM_PAYLOAD, MDEVSIM_MIG_PAYLOAD_SIZE);
MST_SAME(MST_STREAM_SIZE, MDEVSIM_MIG_STREAM_SIZE);
MST_SAME(MST_PRECOPY_BYTES, MDEVSIM_MIG_PRECOPY_SIZE);
MST_SAME(MST_P_COST, MDEVSIM_MIG_P_COST);
MST_SAME(MST_P_COPY_LIMIT, MDEVSIM_MIG_P_COPY_LIMIT);
MST_SAME(MST_P_IRQ_MODE, MDEVSIM_MIG_P_IRQ_MODE);
MST_SAME(MST_P_RSVD, MDEVSIM_MIG_P_RSVD);
MST_SAME(MST_RESUME_MAX, MDEVSIM_MIG_RESUME_MAX);
#undef MST_SAME
#endif

/* ---------------------------------------------------------------------- */
/* Module, parents and mdevs */

/*
 * Load mdevsim (without parents) and the type1 IOMMU back end; 0 or the
 * first failure, with its step in @what. iommufd is not named: where the
 * kernel has it (VFIO_DEVICE_CDEV), vfio needs its symbols, so it is
 * loaded with vfio; Debian's stock kernels have neither.
 */
static inline int mst_module_ready(const char **what)
{
	static const struct {
		const char *name, *params, *what;
	} mods[] = {
		{ "mdevsim", "nr_parents=0", "loading mdevsim" },
		{ "vfio_iommu_type1", NULL, "loading vfio_iommu_type1" },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		*what = mods[i].what;
		ret = zv_load_module(mods[i].name, mods[i].params);
		if (ret)
			return ret;
	}
	*what = MST_BUS "/new_device";
	return zv_exists(MST_BUS "/new_device") ? 0 : -ENOENT;
}

/*
 * The VFIO path for tests that do not test a path of their own: the cdev
 * where the kernel has one (IOMMUFD, /dev/iommu), else the container.
 */
static inline enum zv_path mst_any_path(void)
{
	return zv_exists("/dev/iommu") ? ZV_PATH_CDEV : ZV_PATH_LEGACY;
}

static inline int mst_parent_add(unsigned int id, unsigned int capacity)
{
	char val[32];

	if (capacity)
		snprintf(val, sizeof(val), "%u %u", id, capacity);
	else
		snprintf(val, sizeof(val), "%u", id);
	return zv_write_file(MST_BUS "/new_device", val);
}

static inline int mst_parent_del(unsigned int id)
{
	char val[16];

	snprintf(val, sizeof(val), "%u", id);
	return zv_write_file(MST_BUS "/del_device", val);
}

/* Create a parent with a free ID chosen from the pid; returns the ID. */
static inline int mst_parent_add_any(unsigned int capacity)
{
	unsigned int base = 100 + (unsigned int)getpid() % 800;
	unsigned int i;
	int ret;

	for (i = 0; i < 100; i++) {
		ret = mst_parent_add(base + i, capacity);
		if (ret == 0)
			return base + i;
		if (ret != -EEXIST)
			return ret;
	}
	return -EEXIST;
}

#ifndef MST_NO_HARNESS
/*
 * One parent per test program: registering a parent is slow under TCG, so
 * the main process creates it before the harness forks the tests, and
 * deletes it when the harness exits (forked tests leave through _exit()).
 */
static int mst_parent_id = -1;
static pid_t mst_parent_owner;
static int mst_parent_err;		/* why there is none: -errno */
static const char *mst_parent_what;	/* ... and at which step */

static void __attribute__((constructor)) mst_parent_setup(void)
{
	int ret;

	ret = mst_module_ready(&mst_parent_what);
	if (!ret) {
		mst_parent_what = "creating a parent";
		ret = mst_parent_add_any(0);
	}
	if (ret < 0) {
		mst_parent_err = ret;
		return;
	}
	mst_parent_id = ret;
	mst_parent_owner = getpid();
}

/*
 * In a test or fixture setup: the program's parent exists. The test VMs
 * have mdevsim, so a missing parent fails every test that needs it.
 */
static inline void mst_assert_parent(struct __test_metadata *_metadata)
{
	ASSERT_LE(0, mst_parent_id)
		TH_LOG("no mdevsim parent: %s: %s", mst_parent_what,
		       strerror(-mst_parent_err));
}

static void __attribute__((destructor)) mst_parent_teardown(void)
{
	if (mst_parent_id >= 0 && getpid() == mst_parent_owner)
		mst_parent_del(mst_parent_id);
}
#endif

static inline int mst_new_uuid(char *uuid)
{
	char buf[64];
	int ret;

	ret = zv_read_file("/proc/sys/kernel/random/uuid", buf, sizeof(buf));
	if (ret)
		return ret;
	if (strlen(buf) != MST_UUID_LEN)
		return -EINVAL;
	memcpy(uuid, buf, MST_UUID_LEN + 1);
	return 0;
}

static inline void mst_type_path(char *path, size_t size, unsigned int parent,
				 const char *type, const char *file)
{
	snprintf(path, size, MST_CLASS "/mdevsim%u/mdev_supported_types/mdevsim-%s/%s",
		 parent, type, file);
}

static inline int mst_mdev_create_uuid(unsigned int parent, const char *type,
				       const char *uuid)
{
	char path[PATH_MAX];

	mst_type_path(path, sizeof(path), parent, type, "create");
	return zv_write_file(path, uuid);
}

/* Create an mdev with a fresh UUID written to @uuid (37 bytes). */
static inline int mst_mdev_create(unsigned int parent, const char *type,
				  char *uuid)
{
	int ret;

	ret = mst_new_uuid(uuid);
	if (ret)
		return ret;
	return mst_mdev_create_uuid(parent, type, uuid);
}

static inline bool mst_mdev_exists(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s", uuid);
	return zv_exists(path);
}

static inline int mst_avail(unsigned int parent, const char *type)
{
	char path[PATH_MAX];
	long long val;
	int ret;

	mst_type_path(path, sizeof(path), parent, type, "available_instances");
	ret = zv_read_num(path, &val);
	return ret ? ret : (int)val;
}

static inline int mst_attr_write(const char *uuid, const char *attr,
				 const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/%s", uuid, attr);
	return zv_write_file(path, val);
}

static inline int mst_attr_read(const char *uuid, const char *attr, char *buf,
				size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/%s", uuid, attr);
	return zv_read_file(path, buf, size);
}

static inline int mst_knob_write(unsigned int parent, const char *knob,
				 unsigned int val)
{
	char path[PATH_MAX], buf[16];

	snprintf(path, sizeof(path), MST_DEBUGFS "/mdevsim%u/%s", parent, knob);
	snprintf(buf, sizeof(buf), "%u", val);
	return zv_write_file(path, buf);
}

/* mdevsim's debugfs directory; /init of the test VMs mounts debugfs. */
static inline bool mst_debugfs_ready(void)
{
	return zv_exists(MST_DEBUGFS);
}

/* ---------------------------------------------------------------------- */
/* Regions */

static inline int _mst_region_rw(int fd, bool write, unsigned int index,
				 __u64 off, void *buf, size_t len)
{
	return zv_region_rw(fd, write, MST_REGION_OFF(index) + off, buf, len);
}

static inline int _mst_bar_read(int fd, __u64 off, void *buf, size_t len)
{
	return _mst_region_rw(fd, false, VFIO_PCI_BAR0_REGION_INDEX, off, buf, len);
}

static inline int _mst_bar_write(int fd, __u64 off, const void *buf, size_t len)
{
	return _mst_region_rw(fd, true, VFIO_PCI_BAR0_REGION_INDEX, off,
			      (void *)buf, len);
}

static inline int _mst_cfg_read(int fd, __u64 off, void *buf, size_t len)
{
	return _mst_region_rw(fd, false, VFIO_PCI_CONFIG_REGION_INDEX, off, buf, len);
}

static inline int _mst_cfg_write(int fd, __u64 off, const void *buf, size_t len)
{
	return _mst_region_rw(fd, true, VFIO_PCI_CONFIG_REGION_INDEX, off,
			      (void *)buf, len);
}

static inline int _mst_rd32(int fd, __u64 off, __u32 *val)
{
	__u8 b[4];
	int ret;

	ret = _mst_bar_read(fd, off, b, 4);
	if (!ret)
		*val = zv_le32(b);
	return ret;
}

static inline int _mst_wr32(int fd, __u64 off, __u32 val)
{
	__u8 b[4];

	zv_put_le32(b, val);
	return _mst_bar_write(fd, off, b, 4);
}

static inline int _mst_cfg_rd32(int fd, __u64 off, __u32 *val)
{
	__u8 b[4];
	int ret;

	ret = _mst_cfg_read(fd, off, b, 4);
	if (!ret)
		*val = zv_le32(b);
	return ret;
}

static inline int _mst_cfg_wr32(int fd, __u64 off, __u32 val)
{
	__u8 b[4];

	zv_put_le32(b, val);
	return _mst_cfg_write(fd, off, b, 4);
}

#ifndef MST_NO_HARNESS
/* Assert-style wrappers: need _metadata in scope. */
#define mst_rd32(fd, reg) ({					\
	__u32 __v = 0, __r = (reg);					\
	ASSERT_EQ(0, _mst_rd32(fd, __r, &__v))				\
		TH_LOG("BAR0 read at 0x%x", __r);			\
	__v; })
#define mst_wr32(fd, off, val)						\
	ASSERT_EQ(0, _mst_wr32(fd, off, val))
#define mst_cfg_rd32(fd, off) ({					\
	__u32 __v = 0;							\
	ASSERT_EQ(0, _mst_cfg_rd32(fd, off, &__v));			\
	__v; })
#define mst_cfg_wr32(fd, off, val)					\
	ASSERT_EQ(0, _mst_cfg_wr32(fd, off, val))

/* Expect a helper returning -errno to fail with exactly @err. */
#define MST_EXPECT_ERR(err, expr) EXPECT_EQ(-(err), (expr))
#define MST_ASSERT_OK(expr) ASSERT_EQ(0, (expr))
#endif

/* ---------------------------------------------------------------------- */
/* IRQs: assert-style wrappers of the library's SET_IRQS helpers */

#ifndef MST_NO_HARNESS
#define mst_irq_set_fd(dev, index, efd) \
	ASSERT_EQ(0, zv_irq_set_fd(dev, index, efd))
#define mst_err_irq_set_fd(err, dev, index, efd) \
	MST_EXPECT_ERR(err, zv_irq_set_fd(dev, index, efd))
#define mst_irq_disable(dev, index) \
	ASSERT_EQ(0, zv_irq_disable(dev, index))
#endif

/* ---------------------------------------------------------------------- */
/* Migration */

static inline int _mst_mig_set(int dev, __u32 state, int *data_fd)
{
	struct {
		struct vfio_device_feature feature;
		struct vfio_device_feature_mig_state mig;
	} req = {
		.feature = {
			.argsz = sizeof(req),
			.flags = VFIO_DEVICE_FEATURE_SET |
				 VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE,
		},
		.mig = { .device_state = state, .data_fd = -1 },
	};

	if (ioctl(dev, VFIO_DEVICE_FEATURE, &req))
		return -errno;
	if (data_fd)
		*data_fd = req.mig.data_fd;
	else if (req.mig.data_fd >= 0)
		close(req.mig.data_fd);
	return 0;
}

static inline int _mst_mig_get(int dev, __u32 *state)
{
	struct vfio_device_feature_mig_state mig;
	int ret;

	ret = zv_feature_get(dev, VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE,
			     &mig, sizeof(mig));
	if (!ret)
		*state = mig.device_state;
	return ret;
}

static inline int _mst_mig_data_size(int dev, __u64 *size)
{
	struct vfio_device_feature_mig_data_size mig;
	int ret;

	ret = zv_feature_get(dev, VFIO_DEVICE_FEATURE_MIG_DATA_SIZE,
			     &mig, sizeof(mig));
	if (!ret)
		*size = mig.stop_copy_length;
	return ret;
}

static inline int _mst_mig_flags(int dev, __u64 *flags)
{
	struct vfio_device_feature_migration mig;
	int ret;

	ret = zv_feature_get(dev, VFIO_DEVICE_FEATURE_MIGRATION,
			     &mig, sizeof(mig));
	if (!ret)
		*flags = mig.flags;
	return ret;
}

#endif /* MDEVSIM_UTIL_H */

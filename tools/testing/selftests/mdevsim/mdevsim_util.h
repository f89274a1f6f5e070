/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the mdevsim selftests: sysfs/debugfs plumbing, VFIO
 * access through either the legacy container or the iommufd cdev, region
 * accessors and the device model constants from
 * Documentation/admin-guide/zmdev/mdevsim-interface.rst.
 *
 * Helpers return 0 or a negative errno.  For each operation the tests use a
 * triple in the iommufd selftest style: _mst_op() returns the result,
 * mst_op() asserts success and mst_err_op(errno, ...) asserts one errno.
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
#include <linux/iommufd.h>
#include <linux/types.h>
#include <linux/vfio.h>

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
/* Files */

static inline void mst_ignore(int ret)
{
	(void)ret;
}

static inline int mst_write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t ret;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, len);
	if (ret < 0)
		ret = -errno;
	else if ((size_t)ret != len)
		ret = -EIO;
	else
		ret = 0;
	close(fd);
	return ret;
}

static inline int mst_read_file(const char *path, char *buf, size_t size)
{
	ssize_t ret;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read(fd, buf, size - 1);
	if (ret < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	close(fd);
	buf[ret] = '\0';
	while (ret > 0 && buf[ret - 1] == '\n')
		buf[--ret] = '\0';
	return 0;
}

static inline int mst_read_num(const char *path, long long *val)
{
	char buf[64], *end;
	int ret;

	ret = mst_read_file(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoll(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

static inline bool mst_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* ---------------------------------------------------------------------- */
/* Module, parents and mdevs */

static inline bool mst_module_ready(void)
{
	if (!mst_exists(MST_BUS))
		if (system("modprobe -q mdevsim nr_parents=0") != 0)
			return false;
	/* The legacy container needs a type1 backend; it may be built in. */
	if (!mst_exists("/sys/module/vfio_iommu_type1"))
		mst_ignore(system("modprobe -q vfio_iommu_type1 2>/dev/null"));
	return mst_exists(MST_BUS "/new_device");
}

static inline int mst_parent_add(unsigned int id, unsigned int capacity)
{
	char val[32];

	if (capacity)
		snprintf(val, sizeof(val), "%u %u", id, capacity);
	else
		snprintf(val, sizeof(val), "%u", id);
	return mst_write_file(MST_BUS "/new_device", val);
}

static inline int mst_parent_del(unsigned int id)
{
	char val[16];

	snprintf(val, sizeof(val), "%u", id);
	return mst_write_file(MST_BUS "/del_device", val);
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

static void __attribute__((constructor)) mst_parent_setup(void)
{
	int ret;

	if (!mst_module_ready())
		return;
	ret = mst_parent_add_any(0);
	if (ret < 0)
		return;
	mst_parent_id = ret;
	mst_parent_owner = getpid();
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

	ret = mst_read_file("/proc/sys/kernel/random/uuid", buf, sizeof(buf));
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
	return mst_write_file(path, uuid);
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

static inline int mst_mdev_remove(const char *uuid)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/remove", uuid);
	ret = mst_write_file(path, "1");
	return ret == -ENOENT ? 0 : ret;
}

static inline bool mst_mdev_exists(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s", uuid);
	return mst_exists(path);
}

static inline int mst_avail(unsigned int parent, const char *type)
{
	char path[PATH_MAX];
	long long val;
	int ret;

	mst_type_path(path, sizeof(path), parent, type, "available_instances");
	ret = mst_read_num(path, &val);
	return ret ? ret : (int)val;
}

static inline int mst_attr_write(const char *uuid, const char *attr,
				 const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/%s", uuid, attr);
	return mst_write_file(path, val);
}

static inline int mst_attr_read(const char *uuid, const char *attr, char *buf,
				size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/%s", uuid, attr);
	return mst_read_file(path, buf, size);
}

static inline int mst_knob_write(unsigned int parent, const char *knob,
				 unsigned int val)
{
	char path[PATH_MAX], buf[16];

	snprintf(path, sizeof(path), MST_DEBUGFS "/mdevsim%u/%s", parent, knob);
	snprintf(buf, sizeof(buf), "%u", val);
	return mst_write_file(path, buf);
}

static inline bool mst_debugfs_ready(void)
{
	if (!mst_exists("/sys/kernel/debug/mdevsim"))
		mst_ignore(system("mount -t debugfs none /sys/kernel/debug 2>/dev/null"));
	return mst_exists(MST_DEBUGFS);
}

/* ---------------------------------------------------------------------- */
/* VFIO access: legacy container + group, or iommufd + cdev */

enum mst_path {
	MST_PATH_LEGACY,
	MST_PATH_CDEV,
};

struct mst_vfio {
	enum mst_path path;
	int container;
	int group;
	int iommufd;
	int device;
	__u32 ioas_id;
};

static inline void mst_vfio_init(struct mst_vfio *v)
{
	v->container = -1;
	v->group = -1;
	v->iommufd = -1;
	v->device = -1;
	v->ioas_id = 0;
}

static inline void mst_vfio_close(struct mst_vfio *v)
{
	if (v->device >= 0)
		close(v->device);
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	if (v->iommufd >= 0)
		close(v->iommufd);
	mst_vfio_init(v);
}

static inline int mst_open_legacy(struct mst_vfio *v, const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[PATH_MAX], link[PATH_MAX];
	__u32 iommu = VFIO_TYPE1v2_IOMMU;
	const char *group;
	ssize_t len;

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/iommu_group", uuid);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return -errno;
	link[len] = '\0';
	group = strrchr(link, '/');
	group = group ? group + 1 : link;

	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container < 0)
		return -errno;
	if (ioctl(v->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return -EPROTO;
	if (ioctl(v->container, VFIO_CHECK_EXTENSION, iommu) != 1)
		return -EOPNOTSUPP;

	snprintf(path, sizeof(path), "/dev/vfio/%.32s", group);
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0)
		return -errno;
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &status))
		return -errno;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return -EBUSY;
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container))
		return -errno;
	if (ioctl(v->container, VFIO_SET_IOMMU, iommu))
		return -errno;
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (v->device < 0)
		return -errno;
	return 0;
}

static inline int mst_cdev_name(const char *uuid, char *name, size_t size)
{
	char path[PATH_MAX];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *dir;

	snprintf(path, sizeof(path), MST_MDEV_DEVICES "/%s/vfio-dev", uuid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "vfio", 4))
			continue;
		snprintf(name, size, "%.32s", de->d_name);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

static inline int mst_open_cdev(struct mst_vfio *v, const char *uuid)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	char name[64], path[PATH_MAX];
	int ret;

	ret = mst_cdev_name(uuid, name, sizeof(name));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	v->device = open(path, O_RDWR | O_CLOEXEC);
	if (v->device < 0)
		return -errno;
	v->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (v->iommufd < 0)
		return -errno;
	bind.iommufd = v->iommufd;
	if (ioctl(v->device, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return -errno;
	if (ioctl(v->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		return -errno;
	v->ioas_id = alloc.out_ioas_id;
	attach.pt_id = v->ioas_id;
	if (ioctl(v->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		return -errno;
	return 0;
}

/* Open @uuid through @path; on failure everything opened is closed again. */
static inline int mst_vfio_open(struct mst_vfio *v, enum mst_path path,
				const char *uuid)
{
	int ret;

	mst_vfio_init(v);
	v->path = path;
	ret = path == MST_PATH_CDEV ? mst_open_cdev(v, uuid) :
				      mst_open_legacy(v, uuid);
	if (ret)
		mst_vfio_close(v);
	return ret;
}

static inline int mst_dma_map(struct mst_vfio *v, __u64 iova, void *va,
			      __u64 size)
{
	if (v->path == MST_PATH_CDEV) {
		struct iommu_ioas_map map = {
			.size = sizeof(map),
			.flags = IOMMU_IOAS_MAP_FIXED_IOVA |
				 IOMMU_IOAS_MAP_READABLE |
				 IOMMU_IOAS_MAP_WRITEABLE,
			.ioas_id = v->ioas_id,
			.user_va = (uintptr_t)va,
			.length = size,
			.iova = iova,
		};

		return ioctl(v->iommufd, IOMMU_IOAS_MAP, &map) ? -errno : 0;
	}
	{
		struct vfio_iommu_type1_dma_map map = {
			.argsz = sizeof(map),
			.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
			.vaddr = (uintptr_t)va,
			.iova = iova,
			.size = size,
		};

		return ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
	}
}

static inline int mst_dma_unmap(struct mst_vfio *v, __u64 iova, __u64 size)
{
	if (v->path == MST_PATH_CDEV) {
		struct iommu_ioas_unmap unmap = {
			.size = sizeof(unmap),
			.ioas_id = v->ioas_id,
			.iova = iova,
			.length = size,
		};

		return ioctl(v->iommufd, IOMMU_IOAS_UNMAP, &unmap) ? -errno : 0;
	}
	{
		struct vfio_iommu_type1_dma_unmap unmap = {
			.argsz = sizeof(unmap),
			.iova = iova,
			.size = size,
		};

		return ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &unmap) ? -errno : 0;
	}
}

/* ---------------------------------------------------------------------- */
/* Regions */

static inline int _mst_region_rw(int fd, bool write, unsigned int index,
				 __u64 off, void *buf, size_t len)
{
	__u64 pos = MST_REGION_OFF(index) + off;
	ssize_t ret;

	if (write)
		ret = pwrite(fd, buf, len, pos);
	else
		ret = pread(fd, buf, len, pos);
	if (ret < 0)
		return -errno;
	return (size_t)ret == len ? 0 : -EIO;
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

/* Registers and config space are little endian. */
static inline __u32 mst_le32(const void *p)
{
	const __u8 *b = p;

	return b[0] | b[1] << 8 | b[2] << 16 | (__u32)b[3] << 24;
}

static inline __u16 mst_le16(const void *p)
{
	const __u8 *b = p;

	return b[0] | b[1] << 8;
}

static inline void mst_put_le32(void *p, __u32 v)
{
	__u8 *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

static inline int _mst_rd32(int fd, __u64 off, __u32 *val)
{
	__u8 b[4];
	int ret;

	ret = _mst_bar_read(fd, off, b, 4);
	if (!ret)
		*val = mst_le32(b);
	return ret;
}

static inline int _mst_wr32(int fd, __u64 off, __u32 val)
{
	__u8 b[4];

	mst_put_le32(b, val);
	return _mst_bar_write(fd, off, b, 4);
}

static inline int _mst_cfg_rd32(int fd, __u64 off, __u32 *val)
{
	__u8 b[4];
	int ret;

	ret = _mst_cfg_read(fd, off, b, 4);
	if (!ret)
		*val = mst_le32(b);
	return ret;
}

static inline int _mst_cfg_wr32(int fd, __u64 off, __u32 val)
{
	__u8 b[4];

	mst_put_le32(b, val);
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
/* IRQs */

static inline int _mst_irq_set_fd(int dev, __u32 index, int efd)
{
	struct {
		struct vfio_irq_set set;
		__s32 fd;
	} req = {
		.set = {
			.argsz = sizeof(req),
			.flags = VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER,
			.index = index,
			.start = 0,
			.count = 1,
		},
		.fd = efd,
	};

	return ioctl(dev, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

static inline int _mst_irq_disable(int dev, __u32 index)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = index,
		.start = 0,
		.count = 0,
	};

	return ioctl(dev, VFIO_DEVICE_SET_IRQS, &set) ? -errno : 0;
}

static inline int _mst_irq_action(int dev, __u32 index, __u32 action)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | action,
		.index = index,
		.start = 0,
		.count = 1,
	};

	return ioctl(dev, VFIO_DEVICE_SET_IRQS, &set) ? -errno : 0;
}

static inline int _mst_irq_unmask(int dev, __u32 index)
{
	return _mst_irq_action(dev, index, VFIO_IRQ_SET_ACTION_UNMASK);
}

static inline int _mst_irq_mask(int dev, __u32 index)
{
	return _mst_irq_action(dev, index, VFIO_IRQ_SET_ACTION_MASK);
}

#ifndef MST_NO_HARNESS
#define mst_irq_set_fd(dev, index, efd) \
	ASSERT_EQ(0, _mst_irq_set_fd(dev, index, efd))
#define mst_err_irq_set_fd(err, dev, index, efd) \
	MST_EXPECT_ERR(err, _mst_irq_set_fd(dev, index, efd))
#define mst_irq_disable(dev, index) \
	ASSERT_EQ(0, _mst_irq_disable(dev, index))
#endif

static inline int mst_eventfd(void)
{
	return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

/*
 * Consume and return the counter of a non-blocking eventfd; 0 when it has
 * not been signalled.  Never waits.
 */
static inline __u64 mst_eventfd_take(int efd)
{
	__u64 cnt = 0;

	if (read(efd, &cnt, sizeof(cnt)) != sizeof(cnt))
		return 0;
	return cnt;
}

static inline int mst_count_fds(void)
{
	struct dirent *de;
	int n = 0;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

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

/*
 * GET the VFIO device feature @feature; its @size-byte payload (at most 64
 * bytes) is copied to @payload.
 */
static inline int _mst_feature_get(int dev, __u32 feature, void *payload,
				   size_t size)
{
	union {
		struct vfio_device_feature hdr;
		__u64 align[(sizeof(struct vfio_device_feature) + 64) / 8];
	} req = { .hdr = {
		.argsz = sizeof(struct vfio_device_feature) + size,
		.flags = VFIO_DEVICE_FEATURE_GET | feature,
	} };

	if (size > 64)
		return -EINVAL;
	if (ioctl(dev, VFIO_DEVICE_FEATURE, &req))
		return -errno;
	memcpy(payload, req.hdr.data, size);
	return 0;
}

static inline int _mst_mig_get(int dev, __u32 *state)
{
	struct vfio_device_feature_mig_state mig;
	int ret;

	ret = _mst_feature_get(dev, VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE,
			       &mig, sizeof(mig));
	if (!ret)
		*state = mig.device_state;
	return ret;
}

static inline int _mst_mig_data_size(int dev, __u64 *size)
{
	struct vfio_device_feature_mig_data_size mig;
	int ret;

	ret = _mst_feature_get(dev, VFIO_DEVICE_FEATURE_MIG_DATA_SIZE,
			       &mig, sizeof(mig));
	if (!ret)
		*size = mig.stop_copy_length;
	return ret;
}

static inline int _mst_mig_flags(int dev, __u64 *flags)
{
	struct vfio_device_feature_migration mig;
	int ret;

	ret = _mst_feature_get(dev, VFIO_DEVICE_FEATURE_MIGRATION,
			       &mig, sizeof(mig));
	if (!ret)
		*flags = mig.flags;
	return ret;
}

#endif /* MDEVSIM_UTIL_H */

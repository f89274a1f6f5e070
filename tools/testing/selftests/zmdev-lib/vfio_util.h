/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zmdev selftest library: the VFIO user-space operations every suite needs,
 * written once.  Each suite compiles vfio_util.c into its programs (see its
 * Makefile); this directory has no Makefile, so the VM's selftest builder
 * does not mistake it for a suite.
 *
 * Conventions: every function returns 0 (or a count/fd where it says so)
 * or a negative errno and never asserts, so harness tests and plain helper
 * programs can both use it; a suite wraps what it asserts in its own
 * macros.  Nothing here knows a device model: region offsets, register
 * layouts and sysfs trees of a particular driver stay in the suite.
 */
#ifndef ZMDEV_VFIO_UTIL_H
#define ZMDEV_VFIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <linux/vfio.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Where an mdev appears in sysfs, by UUID. */
#define ZV_MDEV_DEVICES		"/sys/bus/mdev/devices"

/* ---- files ------------------------------------------------------------ */

int zv_write_file(const char *path, const char *val);
int zv_read_file(const char *path, char *buf, size_t size);
int zv_read_num(const char *path, long long *val);
bool zv_exists(const char *path);
const char *zv_errname(int err);
int zv_count_fds(void);

/* ---- kernel modules --------------------------------------------------- */

int zv_load_module(const char *name, const char *params);

/* ---- mdevs ------------------------------------------------------------ */

int zv_mdev_remove(const char *uuid);

/* ---- opening a device ------------------------------------------------- */

/**
 * enum zv_path - how a VFIO device is reached
 * @ZV_PATH_LEGACY: container (/dev/vfio/vfio) plus the device's group
 * @ZV_PATH_CDEV: the device's cdev bound to an iommufd with one IOAS
 */
enum zv_path {
	ZV_PATH_LEGACY,
	ZV_PATH_CDEV,
};

/**
 * struct zv_dev - an open VFIO device and the fds behind it
 * @path: how it was opened
 * @container: container fd (legacy), else -1
 * @group: group fd (legacy), else -1
 * @iommufd: iommufd (cdev), else -1
 * @fd: the device fd, -1 when closed
 * @ioas_id: the IOAS the device is attached to (cdev)
 */
struct zv_dev {
	enum zv_path path;
	int container;
	int group;
	int iommufd;
	int fd;
	__u32 ioas_id;
};

void zv_init(struct zv_dev *d);
int zv_open(struct zv_dev *d, enum zv_path path, const char *uuid);
void zv_close(struct zv_dev *d);
int zv_dma_map(struct zv_dev *d, __u64 iova, void *va, __u64 size);
int zv_dma_unmap(struct zv_dev *d, __u64 iova, __u64 size);

/* ---- device ioctls on a device fd ------------------------------------- */

int zv_device_info(int fd, struct vfio_device_info *info);
int zv_region_info(int fd, __u32 index, struct vfio_region_info **info);
const struct vfio_info_cap_header *
zv_region_cap(const struct vfio_region_info *info, __u16 id, size_t size);
int zv_irq_info(int fd, __u32 index, struct vfio_irq_info *info);
int zv_set_irqs(int fd, __u32 index, __u32 flags, __u32 count,
		const void *data, size_t size);
int zv_irq_set_fd(int fd, __u32 index, int efd);
int zv_irq_disable(int fd, __u32 index);
int zv_irq_mask(int fd, __u32 index);
int zv_irq_unmask(int fd, __u32 index);
int zv_irq_action_fd(int fd, __u32 index, __u32 action, int efd);
int zv_reset(int fd);
int zv_region_rw(int fd, bool write, __u64 pos, void *buf, size_t len);
int zv_feature_get(int fd, __u32 feature, void *payload, size_t size);

/* ---- eventfds --------------------------------------------------------- */

int zv_eventfd(void);
__u64 zv_eventfd_take(int efd);
int zv_eventfd_wait(int efd, int timeout_ms);

/* ---- little-endian fields (PCI config space, registers) --------------- */

static inline __u16 zv_le16(const void *p)
{
	const __u8 *b = p;

	return b[0] | b[1] << 8;
}

static inline __u32 zv_le32(const void *p)
{
	const __u8 *b = p;

	return b[0] | b[1] << 8 | b[2] << 16 | (__u32)b[3] << 24;
}

static inline void zv_put_le32(void *p, __u32 v)
{
	__u8 *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

#endif /* ZMDEV_VFIO_UTIL_H */

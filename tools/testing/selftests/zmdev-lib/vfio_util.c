// SPDX-License-Identifier: GPL-2.0
/*
 * zmdev selftest library: see vfio_util.h for the conventions.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <linux/iommufd.h>

#include "vfio_util.h"

/* ---- files ------------------------------------------------------------ */

/**
 * zv_write_file() - write a string to a file in one write()
 * @path: the file, typically in sysfs or debugfs
 * @val: what to write; no newline is added
 *
 * Return: 0, the write's negative errno, or -EIO for a short write.
 */
int zv_write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, ret;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	ret = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return ret;
}

/**
 * zv_read_file() - read a small file into a string
 * @path: the file
 * @buf: where the text goes, NUL-terminated, trailing newlines removed
 * @size: size of @buf; at most @size - 1 bytes are read
 *
 * Return: 0 or a negative errno.
 */
int zv_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

/**
 * zv_read_num() - read a file holding one number (decimal, 0x hex or octal)
 * @path: the file
 * @val: the number
 *
 * Return: 0, a negative errno, or -EINVAL when the text is not a number.
 */
int zv_read_num(const char *path, long long *val)
{
	char buf[64], *end;
	int ret;

	ret = zv_read_file(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoll(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

/**
 * zv_exists() - does a path exist
 * @path: the path
 *
 * Return: true when it does.
 */
bool zv_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/**
 * zv_errname() - symbolic name of an errno
 * @err: errno value, positive or negative
 *
 * Return: "OK" for 0, "EINVAL" and the like for known values, "E<n>" for
 * others (in a static buffer, overwritten by the next call).
 */
const char *zv_errname(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
		{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { EFBIG, "EFBIG" }, { ENOTTY, "ENOTTY" },
		{ EUSERS, "EUSERS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EPROTO, "EPROTO" }, { EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { EDEADLK, "EDEADLK" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ETIMEDOUT, "ETIMEDOUT" },
	};
	static char other[16];
	unsigned int i;

	if (err < 0)
		err = -err;
	if (!err)
		return "OK";
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(other, sizeof(other), "E%d", err);
	return other;
}

/**
 * zv_count_fds() - number of fds this process has open
 *
 * Return: the count (including the one used for counting), or a negative
 * errno.
 */
int zv_count_fds(void)
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

/* ---- kernel modules --------------------------------------------------- */

/**
 * zv_load_module() - make sure a kernel module is loaded
 * @name: the module's name, as in /sys/module
 * @params: module parameters for modprobe ("nr_parents=0"), or NULL
 *
 * Runs modprobe only when the module is not loaded yet; its error message,
 * if any, goes to stderr, where the test log keeps it. The test VMs have
 * every module a suite needs, so a module that does not load is a failure
 * of the suite, never a reason to skip.
 *
 * Return: 0 when /sys/module/@name exists afterwards, else -ENOENT (the
 * message on stderr says whether modprobe failed or left no module).
 */
int zv_load_module(const char *name, const char *params)
{
	char path[PATH_MAX], cmd[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (zv_exists(path))
		return 0;
	snprintf(cmd, sizeof(cmd), "modprobe %s %s", name, params ?: "");
	if (system(cmd)) {
		fprintf(stderr, "# zmdev: '%s' failed\n", cmd);
		return -ENOENT;
	}
	if (!zv_exists(path)) {
		fprintf(stderr, "# zmdev: '%s' left no %s\n", cmd, path);
		return -ENOENT;
	}
	return 0;
}

/* ---- mdevs ------------------------------------------------------------ */

/**
 * zv_mdev_remove() - remove an mdev through its sysfs remove file
 * @uuid: the mdev's UUID
 *
 * Return: 0, also when no such mdev exists, or a negative errno.
 */
int zv_mdev_remove(const char *uuid)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), ZV_MDEV_DEVICES "/%s/remove", uuid);
	ret = zv_write_file(path, "1");
	return ret == -ENOENT ? 0 : ret;
}

/* ---- opening a device ------------------------------------------------- */

/**
 * zv_init() - mark every fd of @d as not open
 * @d: the device
 */
void zv_init(struct zv_dev *d)
{
	d->container = -1;
	d->group = -1;
	d->iommufd = -1;
	d->fd = -1;
	d->ioas_id = 0;
}

/**
 * zv_close() - close whatever @d has open; safe on a closed device
 * @d: the device
 */
void zv_close(struct zv_dev *d)
{
	int *fds[] = { &d->fd, &d->group, &d->container, &d->iommufd };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
	zv_init(d);
}

/* Copy a name that must fit, rather than silently truncating it. */
static int copy_name(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, src, len + 1);
	return 0;
}

/* The last component of the iommu_group link of the mdev. */
static int group_of(const char *uuid, char *name, size_t size)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *last;
	ssize_t n;

	snprintf(path, sizeof(path), ZV_MDEV_DEVICES "/%s/iommu_group", uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	last = strrchr(link, '/');
	return copy_name(name, size, last ? last + 1 : link);
}

static int open_legacy(struct zv_dev *d, const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char group[64], path[PATH_MAX];
	__u32 model;
	int ret;

	ret = group_of(uuid, group, sizeof(group));
	if (ret)
		return ret;
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return -errno;
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return -EPROTO;
	/* Prefer the v2 semantics; plain type1 is the fallback. */
	if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) == 1)
		model = VFIO_TYPE1v2_IOMMU;
	else if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) == 1)
		model = VFIO_TYPE1_IOMMU;
	else
		return -EOPNOTSUPP;

	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return -errno;
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status))
		return -errno;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return -EBUSY;
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return -errno;
	if (ioctl(d->container, VFIO_SET_IOMMU, model))
		return -errno;
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	return d->fd < 0 ? -errno : 0;
}

/* The name of the mdev's VFIO cdev ("vfioN"); -ENOENT when it has none. */
static int cdev_of(const char *uuid, char *name, size_t size)
{
	char path[PATH_MAX];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *dir;

	snprintf(path, sizeof(path), ZV_MDEV_DEVICES "/%s/vfio-dev", uuid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "vfio", 4))
			continue;
		ret = copy_name(name, size, de->d_name);
		break;
	}
	closedir(dir);
	return ret;
}

static int open_cdev(struct zv_dev *d, const char *uuid)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	char name[64], path[PATH_MAX];
	int ret;

	ret = cdev_of(uuid, name, sizeof(name));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	d->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (d->iommufd < 0)
		return -errno;
	bind.iommufd = d->iommufd;
	if (ioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return -errno;
	if (ioctl(d->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		return -errno;
	d->ioas_id = alloc.out_ioas_id;
	attach.pt_id = d->ioas_id;
	if (ioctl(d->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		return -errno;
	return 0;
}

/**
 * zv_open() - open the VFIO device of an mdev
 * @d: filled in; needs no initialisation
 * @path: container/group or iommufd/cdev
 * @uuid: the mdev's UUID
 *
 * Return: 0, or a negative errno with everything opened closed again
 * (-ENOENT on the cdev path when the mdev has no cdev).
 */
int zv_open(struct zv_dev *d, enum zv_path path, const char *uuid)
{
	int ret;

	zv_init(d);
	d->path = path;
	ret = path == ZV_PATH_CDEV ? open_cdev(d, uuid) : open_legacy(d, uuid);
	if (ret)
		zv_close(d);
	return ret;
}

/**
 * zv_dma_map() - map user memory for device DMA at a fixed IOVA
 * @d: an open device
 * @iova: device address
 * @va: user memory
 * @size: bytes, page aligned
 *
 * Uses VFIO_IOMMU_MAP_DMA on the container or IOMMU_IOAS_MAP on the IOAS,
 * readable and writable.
 *
 * Return: 0 or a negative errno.
 */
int zv_dma_map(struct zv_dev *d, __u64 iova, void *va, __u64 size)
{
	struct vfio_iommu_type1_dma_map vmap = {
		.argsz = sizeof(vmap),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)va,
		.iova = iova,
		.size = size,
	};
	struct iommu_ioas_map imap = {
		.size = sizeof(imap),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = d->ioas_id,
		.user_va = (uintptr_t)va,
		.length = size,
		.iova = iova,
	};
	int ret;

	if (d->path == ZV_PATH_CDEV)
		ret = ioctl(d->iommufd, IOMMU_IOAS_MAP, &imap);
	else
		ret = ioctl(d->container, VFIO_IOMMU_MAP_DMA, &vmap);
	return ret ? -errno : 0;
}

/**
 * zv_dma_unmap() - undo zv_dma_map()
 * @d: an open device
 * @iova: device address
 * @size: bytes
 *
 * Return: 0 or a negative errno.
 */
int zv_dma_unmap(struct zv_dev *d, __u64 iova, __u64 size)
{
	struct vfio_iommu_type1_dma_unmap vunmap = {
		.argsz = sizeof(vunmap),
		.iova = iova,
		.size = size,
	};
	struct iommu_ioas_unmap iunmap = {
		.size = sizeof(iunmap),
		.ioas_id = d->ioas_id,
		.iova = iova,
		.length = size,
	};
	int ret;

	if (d->path == ZV_PATH_CDEV)
		ret = ioctl(d->iommufd, IOMMU_IOAS_UNMAP, &iunmap);
	else
		ret = ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &vunmap);
	return ret ? -errno : 0;
}

/* ---- device ioctls ---------------------------------------------------- */

/**
 * zv_device_info() - VFIO_DEVICE_GET_INFO with a full-sized argument
 * @fd: device fd
 * @info: the answer
 *
 * Return: 0 or a negative errno.
 */
int zv_device_info(int fd, struct vfio_device_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	return ioctl(fd, VFIO_DEVICE_GET_INFO, info) ? -errno : 0;
}

/**
 * zv_region_info() - VFIO_DEVICE_GET_REGION_INFO including capabilities
 * @fd: device fd
 * @index: region index
 * @info: set to a malloc()ed answer the caller frees; when the region has
 *	a capability chain the buffer is grown to the argsz the kernel asks
 *	for and the chain is read too
 *
 * Return: 0 or a negative errno (*@info is NULL then), -EMSGSIZE when the
 * size the kernel asks for keeps changing.
 */
int zv_region_info(int fd, __u32 index, struct vfio_region_info **info)
{
	__u32 argsz = sizeof(**info);
	struct vfio_region_info *r = NULL, *bigger;
	int tries;

	*info = NULL;
	/* Another round only while the kernel asks for more room. */
	for (tries = 0; tries < 3; tries++) {
		bigger = realloc(r, argsz);
		if (!bigger) {
			free(r);
			return -ENOMEM;
		}
		r = bigger;
		memset(r, 0, argsz);
		r->argsz = argsz;
		r->index = index;
		if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, r)) {
			int err = errno;

			free(r);
			return -err;
		}
		if (r->argsz <= argsz) {
			*info = r;
			return 0;
		}
		argsz = r->argsz;
	}
	/* The answer keeps growing: do not hand out a short chain. */
	free(r);
	return -EMSGSIZE;
}

/**
 * zv_region_cap() - find a capability in a region's chain
 * @info: an answer of zv_region_info()
 * @id: capability ID, e.g. VFIO_REGION_INFO_CAP_TYPE
 * @size: bytes the caller will read, header included
 *
 * Return: the capability header, or NULL when the chain lacks it, when it
 * is shorter than @size, or when the chain is malformed (an offset outside
 * the answer or a loop).
 */
const struct vfio_info_cap_header *
zv_region_cap(const struct vfio_region_info *info, __u16 id, size_t size)
{
	const struct vfio_info_cap_header *hdr;
	__u32 off = info->cap_offset;
	unsigned int hops = 0;

	if (!(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
		return NULL;
	while (off && hops++ < 64) {
		if (off < sizeof(*info) || off + sizeof(*hdr) > info->argsz)
			return NULL;
		hdr = (const void *)((const char *)info + off);
		if (hdr->id == id)
			return off + size <= info->argsz ? hdr : NULL;
		off = hdr->next;
	}
	return NULL;
}

/**
 * zv_irq_info() - VFIO_DEVICE_GET_IRQ_INFO of one index
 * @fd: device fd
 * @index: IRQ index
 * @info: the answer
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_info(int fd, __u32 index, struct vfio_irq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(fd, VFIO_DEVICE_GET_IRQ_INFO, info) ? -errno : 0;
}

/**
 * zv_set_irqs() - VFIO_DEVICE_SET_IRQS starting at vector 0
 * @fd: device fd
 * @index: IRQ index
 * @flags: VFIO_IRQ_SET_DATA_* | VFIO_IRQ_SET_ACTION_*
 * @count: vectors
 * @data: @size bytes of data (bools or s32 fds), may be NULL if @size is 0
 * @size: bytes of @data, at most 64
 *
 * Return: 0 or a negative errno.
 */
int zv_set_irqs(int fd, __u32 index, __u32 flags, __u32 count,
		const void *data, size_t size)
{
	union {
		struct vfio_irq_set set;
		__u8 raw[sizeof(struct vfio_irq_set) + 64];
	} req;

	if (size > sizeof(req.raw) - sizeof(req.set))
		return -E2BIG;
	memset(&req, 0, sizeof(req));
	req.set.argsz = sizeof(req.set) + size;
	req.set.flags = flags;
	req.set.index = index;
	req.set.count = count;
	if (size)
		memcpy(req.set.data, data, size);
	return ioctl(fd, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

/**
 * zv_irq_action_fd() - one eventfd for vector 0 of an index
 * @fd: device fd
 * @index: IRQ index
 * @action: VFIO_IRQ_SET_ACTION_TRIGGER, _MASK or _UNMASK
 * @efd: the eventfd, or -1 to tear down
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_action_fd(int fd, __u32 index, __u32 action, int efd)
{
	__s32 data = efd;

	return zv_set_irqs(fd, index, VFIO_IRQ_SET_DATA_EVENTFD | action, 1,
			   &data, sizeof(data));
}

/**
 * zv_irq_set_fd() - install (or with -1 remove) the trigger eventfd
 * @fd: device fd
 * @index: IRQ index
 * @efd: the eventfd, or -1
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_set_fd(int fd, __u32 index, int efd)
{
	return zv_irq_action_fd(fd, index, VFIO_IRQ_SET_ACTION_TRIGGER, efd);
}

/**
 * zv_irq_disable() - DATA_NONE trigger with count 0: disable the index
 * @fd: device fd
 * @index: IRQ index
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_disable(int fd, __u32 index)
{
	return zv_set_irqs(fd, index, VFIO_IRQ_SET_DATA_NONE |
			   VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL, 0);
}

/**
 * zv_irq_mask() - DATA_NONE mask of vector 0
 * @fd: device fd
 * @index: IRQ index
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_mask(int fd, __u32 index)
{
	return zv_set_irqs(fd, index, VFIO_IRQ_SET_DATA_NONE |
			   VFIO_IRQ_SET_ACTION_MASK, 1, NULL, 0);
}

/**
 * zv_irq_unmask() - DATA_NONE unmask of vector 0
 * @fd: device fd
 * @index: IRQ index
 *
 * Return: 0 or a negative errno.
 */
int zv_irq_unmask(int fd, __u32 index)
{
	return zv_set_irqs(fd, index, VFIO_IRQ_SET_DATA_NONE |
			   VFIO_IRQ_SET_ACTION_UNMASK, 1, NULL, 0);
}

/**
 * zv_reset() - VFIO_DEVICE_RESET
 * @fd: device fd
 *
 * Return: 0 or a negative errno.
 */
int zv_reset(int fd)
{
	return ioctl(fd, VFIO_DEVICE_RESET) ? -errno : 0;
}

/**
 * zv_region_rw() - one pread()/pwrite() on the device fd
 * @fd: device fd
 * @write: write instead of read
 * @pos: absolute offset in the device fd (region offset plus offset)
 * @buf: data
 * @len: bytes
 *
 * Return: 0, a negative errno, or -EIO when fewer than @len bytes moved.
 */
int zv_region_rw(int fd, bool write, __u64 pos, void *buf, size_t len)
{
	ssize_t n;

	n = write ? pwrite(fd, buf, len, pos) : pread(fd, buf, len, pos);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/**
 * zv_feature_get() - VFIO_DEVICE_FEATURE GET of one feature
 * @fd: device fd
 * @feature: VFIO_DEVICE_FEATURE_* number
 * @payload: receives the feature's data
 * @size: bytes of data, at most 64
 *
 * Return: 0 or a negative errno.
 */
int zv_feature_get(int fd, __u32 feature, void *payload, size_t size)
{
	union {
		struct vfio_device_feature hdr;
		__u64 align[(sizeof(struct vfio_device_feature) + 64) / 8];
	} req;

	if (size > 64)
		return -E2BIG;
	memset(&req, 0, sizeof(req));
	req.hdr.argsz = sizeof(req.hdr) + size;
	req.hdr.flags = VFIO_DEVICE_FEATURE_GET | feature;
	if (ioctl(fd, VFIO_DEVICE_FEATURE, &req))
		return -errno;
	memcpy(payload, req.hdr.data, size);
	return 0;
}

/* ---- eventfds --------------------------------------------------------- */

/**
 * zv_eventfd() - a new non-blocking eventfd
 *
 * Return: the fd or -1 (errno set).
 */
int zv_eventfd(void)
{
	return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

/**
 * zv_eventfd_take() - consume the counter of a non-blocking eventfd
 * @efd: the eventfd
 *
 * Never waits.
 *
 * Return: the counter, 0 when it was not signalled.
 */
__u64 zv_eventfd_take(int efd)
{
	__u64 cnt = 0;

	if (read(efd, &cnt, sizeof(cnt)) != sizeof(cnt))
		return 0;
	return cnt;
}

/**
 * zv_eventfd_wait() - wait until an eventfd is signalled and consume it
 * @efd: the eventfd
 * @timeout_ms: how long to wait; only a guard against a broken kernel
 *	hanging a suite, never part of an expectation
 *
 * Return: 0, -ETIMEDOUT or a negative errno.
 */
int zv_eventfd_wait(int efd, int timeout_ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	__u64 cnt;
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (!n)
		return -ETIMEDOUT;
	return read(efd, &cnt, sizeof(cnt)) == sizeof(cnt) ? 0 : -errno;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for the vfio_ccw selftests; see vfio_ccw_util.h.
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
#include <sys/mman.h>
#include <linux/iommufd.h>

#include "vfio_ccw_util.h"

#define CSS_DEVICES	"/sys/bus/css/devices"
#define CSS_VFIO_DRV	"/sys/bus/css/drivers/vfio_ccw"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"

int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? n : 0;
}

int sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = 0;
	while (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	return 0;
}

/* Find the subchannel whose device has bus id @devno (e.g. 0.0.0200). */
int ccw_find_sch(const char *devno, char *sch, size_t len)
{
	DIR *dir = opendir(CSS_DEVICES);
	struct dirent *de;
	char path[PATH_MAX], val[64];
	int ret = -ENOENT;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), CSS_DEVICES "/%s/dev_busid",
			 de->d_name);
		if (sysfs_read(path, val, sizeof(val)) || strcmp(val, devno))
			continue;
		snprintf(sch, len, "%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

/* Make sure @sch is bound to vfio_ccw; loads the module if needed. */
int ccw_bind_vfio(const char *sch)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	/* the IOMMU back ends are modules in the test kernel */
	if (system("modprobe -q vfio_iommu_type1; modprobe -q iommufd; true"))
		return -ENODEV;
	if (access(CSS_VFIO_DRV, F_OK) && system("modprobe vfio_ccw 2>/dev/null"))
		return -ENODEV;
	if (access(CSS_VFIO_DRV, F_OK))
		return -ENODEV;
	snprintf(path, sizeof(path), CSS_DEVICES "/%s/driver", sch);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		if (strstr(link, "/vfio_ccw"))
			return 0;
		snprintf(path, sizeof(path), CSS_DEVICES "/%s/driver/unbind",
			 sch);
		if (sysfs_write(path, sch))
			return -EIO;
	}
	return sysfs_write(CSS_VFIO_DRV "/bind", sch);
}

/* Give @sch back to io_subchannel if it is bound to vfio_ccw. */
void ccw_unbind_vfio(const char *sch)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), CSS_DEVICES "/%s/driver", sch);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return;
	link[n] = 0;
	if (!strstr(link, "/vfio_ccw"))
		return;
	sysfs_write(CSS_VFIO_DRV "/unbind", sch);
	sysfs_write("/sys/bus/css/drivers/io_subchannel/bind", sch);
}

/* Create mdev @uuid on @sch, removing whatever mdev a failed test left. */
int ccw_create_mdev(const char *sch, const char *uuid)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	snprintf(path, sizeof(path),
		 CSS_DEVICES "/%s/mdev_supported_types/vfio_ccw-io/devices",
		 sch);
	dir = opendir(path);
	while (dir && (de = readdir(dir)))
		if (de->d_name[0] != '.')
			ccw_remove_mdev(de->d_name);
	if (dir)
		closedir(dir);
	snprintf(path, sizeof(path),
		 CSS_DEVICES "/%s/mdev_supported_types/vfio_ccw-io/create",
		 sch);
	return sysfs_write(path, uuid);
}

int ccw_remove_mdev(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
	if (access(path, F_OK))
		return 0;
	return sysfs_write(path, "1");
}

static int open_container(struct ccw_dev *d)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[PATH_MAX], link[PATH_MAX], *grp;
	ssize_t n;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/iommu_group", d->uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	grp = strrchr(link, '/') + 1;
	snprintf(path, sizeof(path), "/dev/vfio/%s", grp);

	d->container = open("/dev/vfio/vfio", O_RDWR);
	d->group = open(path, O_RDWR);
	if (d->container < 0 || d->group < 0)
		return -errno;
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return -EIO;
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return -errno;
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) &&
	    ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		return -errno;
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->uuid);
	if (d->fd < 0)
		return -errno;

	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)d->mem,
		.iova = GUEST_IOVA,
		.size = GUEST_SIZE,
	};
	return ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

static int open_iommufd(struct ccw_dev *d)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/vfio-dev", d->uuid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	path[0] = 0;
	while ((de = readdir(dir)))
		if (!strncmp(de->d_name, "vfio", 4))
			snprintf(path, sizeof(path), "/dev/vfio/devices/%s",
				 de->d_name);
	closedir(dir);
	if (!path[0])
		return -ENOENT;

	d->iommufd = open("/dev/iommu", O_RDWR);
	d->fd = open(path, O_RDWR);
	if (d->iommufd < 0 || d->fd < 0)
		return -errno;

	struct vfio_device_bind_iommufd bind = {
		.argsz = sizeof(bind), .iommufd = d->iommufd,
	};
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };

	if (ioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind) ||
	    ioctl(d->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		return -errno;

	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach), .pt_id = alloc.out_ioas_id,
	};
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = alloc.out_ioas_id,
		.user_va = (uintptr_t)d->mem,
		.length = GUEST_SIZE,
		.iova = GUEST_IOVA,
	};
	if (ioctl(d->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach) ||
	    ioctl(d->iommufd, IOMMU_IOAS_MAP, &map))
		return -errno;
	return 0;
}

int ccw_set_irq(int fd, unsigned int index, int efd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} req = {
		.set = {
			.argsz = sizeof(req),
			.flags = VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER,
			.index = index,
			.count = 1,
		},
		.fd = efd,
	};

	return ioctl(fd, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

/* Mark every fd of @d as not open. */
void ccw_forget_fds(struct ccw_dev *d)
{
	unsigned int i;

	d->container = -1;
	d->group = -1;
	d->iommufd = -1;
	d->fd = -1;
	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++)
		d->efd[i] = -1;
}

/* Open the mdev @d->uuid; fills in @d. Undo with ccw_close(). */
int ccw_open(struct ccw_dev *d, bool use_iommufd)
{
	unsigned int i;
	int ret;

	ccw_forget_fds(d);
	d->mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->mem == MAP_FAILED) {
		d->mem = NULL;
		return -ENOMEM;
	}
	memset(d->mem, 0, GUEST_SIZE);
	ret = use_iommufd ? open_iommufd(d) : open_container(d);
	if (ret)
		return ret;
	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++) {
		d->efd[i] = eventfd(0, EFD_CLOEXEC);
		if (d->efd[i] < 0)
			return -errno;
		ret = ccw_set_irq(d->fd, i, d->efd[i]);
		if (ret)
			return ret;
	}
	return 0;
}

void ccw_close(struct ccw_dev *d)
{
	unsigned int i;

	if (d->fd >= 0)
		close(d->fd);
	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++)
		if (d->efd[i] >= 0)
			close(d->efd[i]);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	if (d->iommufd >= 0)
		close(d->iommufd);
	if (d->mem)
		munmap(d->mem, GUEST_SIZE);
	ccw_forget_fds(d);
	d->mem = NULL;
}

/*
 * Wait for an eventfd. The timeout only keeps a broken kernel from hanging
 * the suite; it is not part of any expectation.
 */
int ccw_wait(int efd)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t v;

	if (poll(&p, 1, 20000) != 1)
		return -ETIMEDOUT;
	return read(efd, &v, sizeof(v)) == sizeof(v) ? 0 : -errno;
}

off_t ccw_region_off(unsigned int index)
{
	return (off_t)index << 10;
}

uint64_t guest(uint64_t off)
{
	return GUEST_IOVA + off;
}

/* A format-1 CCW. */
void ccw_put(uint8_t *at, uint8_t cmd, uint8_t flags, uint16_t count,
	     uint32_t cda)
{
	at[0] = cmd;
	at[1] = flags;
	at[2] = count >> 8;
	at[3] = count;
	at[4] = cda >> 24;
	at[5] = cda >> 16;
	at[6] = cda >> 8;
	at[7] = cda;
}

/* A command-mode ORB with prefetch, all paths, key 0. */
void ccw_orb(uint8_t orb[12], uint32_t cpa, bool fmt1, bool c64)
{
	memset(orb, 0, 12);
	orb[5] = 0x40 | (fmt1 ? 0x80 : 0) | (c64 ? 0x02 : 0);
	orb[6] = 0xff;
	orb[8] = cpa >> 24;
	orb[9] = cpa >> 16;
	orb[10] = cpa >> 8;
	orb[11] = cpa;
}

/* Write a start request; returns the write's result (count or -errno). */
int ccw_start(struct ccw_dev *d, uint32_t cpa, bool fmt1)
{
	struct ccw_io_region io = {};
	ssize_t n;

	ccw_orb(io.orb_area, cpa, fmt1, false);
	io.scsw_area[2] = 0x40;		/* function control: start */
	n = pwrite(d->fd, &io, sizeof(io), ccw_region_off(0));
	return n < 0 ? -errno : (int)n;
}

/* Start a format-1 program, wait for its interrupt and read the region. */
int ccw_start_wait(struct ccw_dev *d, uint32_t cpa, struct ccw_io_region *io)
{
	int ret = ccw_start(d, cpa, true);

	if (ret < 0)
		return ret;
	if (ret != sizeof(*io))
		return -EIO;
	ret = ccw_wait(d->efd[VFIO_CCW_IO_IRQ_INDEX]);
	if (ret)
		return ret;
	if (pread(d->fd, io, sizeof(*io), ccw_region_off(0)) != sizeof(*io))
		return -errno;
	return 0;
}

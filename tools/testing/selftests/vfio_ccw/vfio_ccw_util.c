// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for the vfio_ccw selftests; see vfio_ccw_util.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "vfio_ccw_util.h"

#define CSS_DEVICES	"/sys/bus/css/devices"
#define CSS_VFIO_DRV	"/sys/bus/css/drivers/vfio_ccw"

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
		if (zv_read_file(path, val, sizeof(val)) || strcmp(val, devno))
			continue;
		snprintf(sch, len, "%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

/*
 * Load vfio_ccw and the type1 IOMMU back end; returns the first failure of
 * zv_load_module() and names the module in @failed. iommufd is not named:
 * where the kernel has it (VFIO_DEVICE_CDEV), vfio needs its symbols, so
 * it comes with vfio_ccw; Debian's stock kernels have neither.
 */
int ccw_load_modules(const char **failed)
{
	static const char *const mods[] = {
		"vfio_iommu_type1", "vfio_ccw",
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		ret = zv_load_module(mods[i], NULL);
		if (ret) {
			*failed = mods[i];
			return ret;
		}
	}
	if (!zv_exists(CSS_VFIO_DRV)) {
		*failed = CSS_VFIO_DRV;
		return -ENOENT;
	}
	return 0;
}

/* Make sure @sch is bound to vfio_ccw (loaded by ccw_load_modules()). */
int ccw_bind_vfio(const char *sch)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int ret;

	snprintf(path, sizeof(path), CSS_DEVICES "/%s/driver", sch);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		if (strstr(link, "/vfio_ccw"))
			return 0;
		snprintf(path, sizeof(path), CSS_DEVICES "/%s/driver/unbind",
			 sch);
		ret = zv_write_file(path, sch);
		if (ret)
			return ret;
	}
	return zv_write_file(CSS_VFIO_DRV "/bind", sch);
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
	zv_write_file(CSS_VFIO_DRV "/unbind", sch);
	zv_write_file("/sys/bus/css/drivers/io_subchannel/bind", sch);
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
			zv_mdev_remove(de->d_name);
	if (dir)
		closedir(dir);
	snprintf(path, sizeof(path),
		 CSS_DEVICES "/%s/mdev_supported_types/vfio_ccw-io/create",
		 sch);
	return zv_write_file(path, uuid);
}

/* Mark every fd of @d as not open. */
void ccw_forget_fds(struct ccw_dev *d)
{
	unsigned int i;

	zv_init(&d->v);
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
	ret = zv_open(&d->v, use_iommufd ? ZV_PATH_CDEV : ZV_PATH_LEGACY,
		      d->uuid);
	ret = ret ?: zv_dma_map(&d->v, GUEST_IOVA, d->mem, GUEST_SIZE);
	if (ret)
		return ret;
	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++) {
		d->efd[i] = zv_eventfd();
		if (d->efd[i] < 0)
			return -errno;
		ret = zv_irq_set_fd(d->v.fd, i, d->efd[i]);
		if (ret)
			return ret;
	}
	return 0;
}

void ccw_close(struct ccw_dev *d)
{
	unsigned int i;

	zv_close(&d->v);
	for (i = 0; i < VFIO_CCW_NUM_IRQS; i++)
		if (d->efd[i] >= 0)
			close(d->efd[i]);
	if (d->mem)
		munmap(d->mem, GUEST_SIZE);
	ccw_forget_fds(d);
	d->mem = NULL;
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

/*
 * Write a start request with the ORB of ccw_orb(), without prefetch if
 * @pfch is false; returns the write's result (count or -errno).
 */
int ccw_start_orb(struct ccw_dev *d, uint32_t cpa, bool fmt1, bool c64,
		  bool pfch)
{
	struct ccw_io_region io = {};
	ssize_t n;

	ccw_orb(io.orb_area, cpa, fmt1, c64);
	if (!pfch)
		io.orb_area[5] &= ~0x40;
	io.scsw_area[2] = 0x40;		/* function control: start */
	n = pwrite(d->v.fd, &io, sizeof(io), ccw_region_off(0));
	return n < 0 ? -errno : (int)n;
}

/* Write a start request; returns the write's result (count or -errno). */
int ccw_start(struct ccw_dev *d, uint32_t cpa, bool fmt1)
{
	return ccw_start_orb(d, cpa, fmt1, false, true);
}

/* Wait for the interrupt of a started program and read the region. */
int ccw_finish(struct ccw_dev *d, struct ccw_io_region *io)
{
	int ret = ccw_wait(d->efd[VFIO_CCW_IO_IRQ_INDEX]);

	if (ret)
		return ret;
	if (pread(d->v.fd, io, sizeof(*io), ccw_region_off(0)) != sizeof(*io))
		return -errno;
	return 0;
}

/* Start a format-1 program, wait for its interrupt and read the region. */
int ccw_start_wait(struct ccw_dev *d, uint32_t cpa, struct ccw_io_region *io)
{
	int ret = ccw_start(d, cpa, true);

	if (ret < 0)
		return ret;
	if (ret != sizeof(*io))
		return -EIO;
	return ccw_finish(d, io);
}

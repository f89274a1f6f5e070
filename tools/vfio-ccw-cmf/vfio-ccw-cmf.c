// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw-cmf: print the channel measurement of a subchannel passed
 * through with vfio_ccw, as read from the vfio device's measurement region
 * (include/uapi/linux/zmdev_vfio_ccw.h), in the format of the cmf/
 * attributes.
 *
 *   vfio-ccw-cmf UUID        open the mdev through its VFIO group
 *   vfio-ccw-cmf --fd N      use vfio device file descriptor N, already open
 *   vfio-ccw-cmf --file PATH print a saved copy of the region
 *
 * Opening by UUID needs the device to be free (a VFIO group is opened by
 * one user at a time); a program that has it open, such as QEMU, reads the
 * region itself the way read_region() below does.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <linux/vfio.h>
#include <linux/zmdev_vfio_ccw.h>

#include "cmf_print.h"

#define REGION_INFO_SIZE	512

/* The vfio device of mdev @uuid, through a type1 container; -errno. */
static int open_by_uuid(const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[PATH_MAX], link[PATH_MAX];
	int container, group, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));

	container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (container < 0)
		return -errno;
	group = open(path, O_RDWR | O_CLOEXEC);
	if (group < 0 || ioctl(group, VFIO_GROUP_GET_STATUS, &status)) {
		fd = -errno;
	} else if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		fd = -EPERM;	/* another device of the group is in use */
	} else if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
		   ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU)) {
		fd = -errno;
	} else {
		fd = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, uuid);
		if (fd < 0)
			fd = -errno;
	}
	/* The device file keeps the group and the container alive. */
	if (group >= 0)
		close(group);
	close(container);
	return fd;
}

/* Is region @info the channel-measurement region? */
static int is_cmf_region(const struct vfio_region_info *info)
{
	const struct vfio_info_cap_header *hdr;
	const struct vfio_region_info_cap_type *cap;
	__u32 off;

	if (!(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
		return 0;
	for (off = info->cap_offset; off && off + sizeof(*cap) <= info->argsz;
	     off = hdr->next) {
		hdr = (const void *)((const char *)info + off);
		if (hdr->id != VFIO_REGION_INFO_CAP_TYPE)
			continue;
		cap = (const void *)hdr;
		return cap->type == ZMDEV_VFIO_REGION_TYPE &&
		       cap->subtype == ZMDEV_VFIO_REGION_SUBTYPE_CCW_CMF;
	}
	return 0;
}

/* Read the whole region into @buf; its length or -errno. */
static ssize_t read_region(int fd, void *buf, size_t size)
{
	struct vfio_device_info dev = { .argsz = sizeof(dev) };
	union {
		struct vfio_region_info info;
		char room[REGION_INFO_SIZE];
	} r;
	ssize_t n;
	__u32 i;

	if (ioctl(fd, VFIO_DEVICE_GET_INFO, &dev))
		return -errno;
	for (i = 0; i < dev.num_regions; i++) {
		memset(&r, 0, sizeof(r));
		r.info.argsz = sizeof(r);
		r.info.index = i;
		if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &r.info))
			return -errno;
		if (r.info.argsz > sizeof(r) || !is_cmf_region(&r.info))
			continue;
		if (r.info.size > size)
			return -EOVERFLOW;
		n = pread(fd, buf, r.info.size, r.info.offset);
		return n < 0 ? -errno : n;
	}
	return -ENOENT;
}

static ssize_t read_file(const char *path, void *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

static int bad_args(void)
{
	fprintf(stderr,
		"usage: vfio-ccw-cmf UUID | --fd N | --file PATH\n"
		"Print the channel measurement of a vfio_ccw mdev.\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned char buf[4096];
	char *end;
	ssize_t n;
	long fd;
	int ret;

	if (argc == 3 && !strcmp(argv[1], "--file")) {
		n = read_file(argv[2], buf, sizeof(buf));
	} else if (argc == 3 && !strcmp(argv[1], "--fd")) {
		fd = strtol(argv[2], &end, 10);
		if (*end || fd < 0 || fd > INT_MAX)
			return bad_args();
		n = read_region(fd, buf, sizeof(buf));
	} else if (argc == 2 && argv[1][0] != '-') {
		ret = open_by_uuid(argv[1]);
		if (ret < 0) {
			fprintf(stderr, "vfio-ccw-cmf: opening %s: %s\n",
				argv[1], strerror(-ret));
			return 1;
		}
		n = read_region(ret, buf, sizeof(buf));
		close(ret);
	} else {
		return bad_args();
	}
	if (n < 0) {
		fprintf(stderr, "vfio-ccw-cmf: reading the region: %s\n",
			strerror(-n));
		return 1;
	}
	if (cmf_print_region(stdout, buf, n)) {
		fprintf(stderr, "vfio-ccw-cmf: not a version-%d measurement region\n",
			ZMDEV_CCW_CMF_VERSION);
		return 1;
	}
	return 0;
}

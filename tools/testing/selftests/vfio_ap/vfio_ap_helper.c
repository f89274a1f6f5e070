// SPDX-License-Identifier: GPL-2.0
/*
 * Helper of the vfio_ap selftests: the few things a shell cannot do. The
 * VFIO plumbing (opening, DMA mapping, SET_IRQS, errno names) is the shared
 * zmdev-lib's.
 *
 *   vfio_ap_helper wr FILE VALUE
 *	write VALUE (no newline added) with one write(); print "OK" or the
 *	errno name; exit 0 or 1
 *   vfio_ap_helper rd FILE CHUNK
 *	read FILE to stdout with read() calls of CHUNK bytes
 *   vfio_ap_helper dev UUID STEP...
 *	open the mdev's VFIO cdev, bind it to a fresh iommufd with one IOAS,
 *	then run each STEP in order while the device stays open, printing
 *	one line per step:
 *	  info		GET_INFO: "flags=0x.. regions=N irqs=N" or errno
 *	  info_short	GET_INFO with argsz 8: errno expected
 *	  irqinfo N	GET_IRQ_INFO of index N: "flags=0x.. count=N" or errno
 *	  reqirq	SET_IRQS trigger of the request IRQ with a new eventfd
 *	  reqirq_off	SET_IRQS with fd -1
 *	  reqirq_bad	SET_IRQS with fd -2
 *	  reqirq_bool	SET_IRQS with DATA_BOOL
 *	  reset		VFIO_DEVICE_RESET: "OK" or errno
 *	  bogus		an ioctl vfio_ap does not know
 *	  map IOVA	map one page of memory at IOVA into the IOAS
 *	  unmap IOVA	unmap it again
 *	  peek OFF	print the byte at offset OFF of the mapped page as
 *			"nib=0x..", then clear it (a guest consuming its
 *			notification indicator)
 *	  open2 UUID	open a second mdev's cdev, bound to an iommufd of
 *			its own, while the first stays open; print "OK" or
 *			the errno name, then close it again
 *	  cat FILE	print FILE
 *	  wr FILE VALUE	as above
 *   Open failures print "open: <errno name>" and exit 1.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio_util.h"

static int do_write(const char *path, const char *val)
{
	int ret = zv_write_file(path, val);

	printf("%s\n", zv_errname(ret));
	return ret != 0;
}

static int do_read(const char *path, size_t chunk)
{
	char *buf = malloc(chunk);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || !buf)
		return 1;
	while ((n = read(fd, buf, chunk)) > 0)
		if (fwrite(buf, 1, n, stdout) != (size_t)n)
			return 1;
	close(fd);
	free(buf);
	return n < 0;
}

static void do_cat(const char *path)
{
	fflush(stdout);
	do_read(path, 4096);
	fflush(stdout);
}

struct dev {
	struct zv_dev zv;
	void *page;
};

static void result(int ret)
{
	printf("%s\n", ret ? zv_errname(errno) : "OK");
}

/* SET_IRQS of the request IRQ with one s32 of data; 0 or -1 (errno set). */
static int set_irq(struct dev *d, __u32 flags, __s32 fd)
{
	int ret = zv_set_irqs(d->zv.fd, VFIO_AP_REQ_IRQ_INDEX, flags, 1, &fd,
			      sizeof(fd));

	errno = -ret;
	return ret ? -1 : 0;
}

static int step(struct dev *d, char **argv, int *i)
{
	const char *s = argv[*i];

	if (!strcmp(s, "info") || !strcmp(s, "info_short")) {
		struct vfio_device_info info = { .argsz = sizeof(info) };

		if (!strcmp(s, "info_short"))
			info.argsz = 8;
		if (ioctl(d->zv.fd, VFIO_DEVICE_GET_INFO, &info))
			printf("%s\n", zv_errname(errno));
		else
			printf("flags=0x%x regions=%u irqs=%u\n", info.flags,
			       info.num_regions, info.num_irqs);
	} else if (!strcmp(s, "irqinfo")) {
		struct vfio_irq_info info = { .argsz = sizeof(info) };

		info.index = atoi(argv[++*i]);
		if (ioctl(d->zv.fd, VFIO_DEVICE_GET_IRQ_INFO, &info))
			printf("%s\n", zv_errname(errno));
		else
			printf("flags=0x%x count=%u\n", info.flags, info.count);
	} else if (!strcmp(s, "reqirq")) {
		result(set_irq(d, VFIO_IRQ_SET_DATA_EVENTFD |
				  VFIO_IRQ_SET_ACTION_TRIGGER, eventfd(0, 0)));
	} else if (!strcmp(s, "reqirq_off")) {
		result(set_irq(d, VFIO_IRQ_SET_DATA_EVENTFD |
				  VFIO_IRQ_SET_ACTION_TRIGGER, -1));
	} else if (!strcmp(s, "reqirq_bad")) {
		result(set_irq(d, VFIO_IRQ_SET_DATA_EVENTFD |
				  VFIO_IRQ_SET_ACTION_TRIGGER, -2));
	} else if (!strcmp(s, "reqirq_bool")) {
		result(set_irq(d, VFIO_IRQ_SET_DATA_BOOL |
				  VFIO_IRQ_SET_ACTION_TRIGGER, 1));
	} else if (!strcmp(s, "reqwait")) {
		/*
		 * Arm the request IRQ, say so, then block until the kernel
		 * asks for the device back (a remove of the open mdev). The
		 * caller removes the mdev only after reading "armed".
		 */
		int efd = eventfd(0, 0);
		__u64 v = 0;

		if (efd < 0 || set_irq(d, VFIO_IRQ_SET_DATA_EVENTFD |
					  VFIO_IRQ_SET_ACTION_TRIGGER, efd)) {
			printf("%s\n", zv_errname(errno));
			return 0;
		}
		printf("armed\n");
		fflush(stdout);
		if (read(efd, &v, sizeof(v)) != sizeof(v))
			printf("read: %s\n", zv_errname(errno));
		else
			printf("req\n");
		fflush(stdout);
		close(efd);
	} else if (!strcmp(s, "reset")) {
		result(ioctl(d->zv.fd, VFIO_DEVICE_RESET));
	} else if (!strcmp(s, "bogus")) {
		result(ioctl(d->zv.fd, VFIO_DEVICE_GET_REGION_INFO, NULL));
	} else if (!strcmp(s, "map") || !strcmp(s, "unmap")) {
		__u64 iova = strtoull(argv[++*i], NULL, 0);

		int ret;

		if (!strcmp(s, "map")) {
			d->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			ret = zv_dma_map(&d->zv, iova, d->page, 4096);
			printf("%s\n", zv_errname(ret));
		} else {
			printf("%s\n",
			       zv_errname(zv_dma_unmap(&d->zv, iova, 4096)));
		}
	} else if (!strcmp(s, "peek")) {
		unsigned long off = strtoul(argv[++*i], NULL, 0);
		/*
		 * The kernel sets the byte between two steps; each step is
		 * separated by system calls, so a plain read sees it.
		 */
		unsigned char *b = d->page;

		if (!d->page || off >= 4096) {
			printf("peek: no page\n");
		} else {
			printf("nib=0x%02x\n", b[off]);
			b[off] = 0;
		}
	} else if (!strcmp(s, "open2")) {
		struct zv_dev d2;
		int ret = zv_open(&d2, ZV_PATH_CDEV, argv[++*i]);

		printf("%s\n", zv_errname(ret));
		zv_close(&d2);
	} else if (!strcmp(s, "cat")) {
		do_cat(argv[++*i]);
	} else if (!strcmp(s, "wr")) {
		do_write(argv[*i + 1], argv[*i + 2]);
		*i += 2;
	} else {
		fprintf(stderr, "no such action: %s\n", s);
		return 1;
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct dev d = { .page = NULL };
	int i, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "wr"))
		return do_write(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "rd"))
		return do_read(argv[2], strtoul(argv[3], NULL, 0));
	if (argc < 3 || strcmp(argv[1], "dev")) {
		fprintf(stderr, "usage: see the comment at the top\n");
		return 2;
	}
	ret = zv_open(&d.zv, ZV_PATH_CDEV, argv[2]);
	if (ret) {
		printf("open: %s\n", zv_errname(ret));
		return 1;
	}
	for (i = 3; i < argc; i++)
		if (step(&d, argv, &i))
			return 2;
	return 0;
}

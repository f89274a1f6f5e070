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
 *	  sh CMD	run CMD with /bin/sh while the device is open (as a
 *			management tool changes a device a guest uses);
 *			print "sh=STATUS", its exit status (-1: no exit)
 *   Open failures print "open: <errno name>" and exit 1; an unknown step,
 *   or one without its arguments, exits 2.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
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

static void step_info(struct dev *d, __u32 argsz)
{
	struct vfio_device_info info = { .argsz = argsz };

	if (ioctl(d->zv.fd, VFIO_DEVICE_GET_INFO, &info))
		printf("%s\n", zv_errname(errno));
	else
		printf("flags=0x%x regions=%u irqs=%u\n", info.flags,
		       info.num_regions, info.num_irqs);
}

static void step_info_full(struct dev *d, char **arg)
{
	step_info(d, sizeof(struct vfio_device_info));
}

static void step_info_short(struct dev *d, char **arg)
{
	step_info(d, 8);
}

static void step_irqinfo(struct dev *d, char **arg)
{
	struct vfio_irq_info info = { .argsz = sizeof(info) };

	info.index = atoi(arg[0]);
	if (ioctl(d->zv.fd, VFIO_DEVICE_GET_IRQ_INFO, &info))
		printf("%s\n", zv_errname(errno));
	else
		printf("flags=0x%x count=%u\n", info.flags, info.count);
}

#define EVENTFD_TRIGGER	(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER)

static void step_reqirq(struct dev *d, char **arg)
{
	result(set_irq(d, EVENTFD_TRIGGER, eventfd(0, 0)));
}

static void step_reqirq_off(struct dev *d, char **arg)
{
	result(set_irq(d, EVENTFD_TRIGGER, -1));
}

static void step_reqirq_bad(struct dev *d, char **arg)
{
	result(set_irq(d, EVENTFD_TRIGGER, -2));
}

static void step_reqirq_bool(struct dev *d, char **arg)
{
	result(set_irq(d, VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER,
		       1));
}

/*
 * Arm the request IRQ, say so, then block until the kernel asks for the
 * device back (a remove of the open mdev). The caller removes the mdev
 * only after reading "armed".
 */
static void step_reqwait(struct dev *d, char **arg)
{
	int efd = eventfd(0, 0);
	__u64 v = 0;

	if (efd < 0 || set_irq(d, EVENTFD_TRIGGER, efd)) {
		printf("%s\n", zv_errname(errno));
		return;
	}
	printf("armed\n");
	fflush(stdout);
	if (read(efd, &v, sizeof(v)) != sizeof(v))
		printf("read: %s\n", zv_errname(errno));
	else
		printf("req\n");
	close(efd);
}

static void step_reset(struct dev *d, char **arg)
{
	result(ioctl(d->zv.fd, VFIO_DEVICE_RESET));
}

static void step_bogus(struct dev *d, char **arg)
{
	result(ioctl(d->zv.fd, VFIO_DEVICE_GET_REGION_INFO, NULL));
}

static void step_map(struct dev *d, char **arg)
{
	d->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("%s\n", zv_errname(zv_dma_map(&d->zv, strtoull(arg[0], NULL, 0),
					     d->page, 4096)));
}

static void step_unmap(struct dev *d, char **arg)
{
	printf("%s\n", zv_errname(zv_dma_unmap(&d->zv,
					       strtoull(arg[0], NULL, 0),
					       4096)));
}

/*
 * The kernel sets the byte between two steps; steps are separated by
 * system calls, so a plain read sees it.
 */
static void step_peek(struct dev *d, char **arg)
{
	unsigned long off = strtoul(arg[0], NULL, 0);
	unsigned char *b = d->page;

	if (!b || off >= 4096) {
		printf("peek: no page\n");
		return;
	}
	printf("nib=0x%02x\n", b[off]);
	b[off] = 0;
}

static void step_open2(struct dev *d, char **arg)
{
	struct zv_dev d2;

	printf("%s\n", zv_errname(zv_open(&d2, ZV_PATH_CDEV, arg[0])));
	zv_close(&d2);
}

static void step_cat(struct dev *d, char **arg)
{
	do_cat(arg[0]);
}

static void step_wr(struct dev *d, char **arg)
{
	do_write(arg[0], arg[1]);
}

static void step_sh(struct dev *d, char **arg)
{
	int st = system(arg[0]);

	printf("sh=%d\n", st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* The steps of "dev", as the comment at the top lists them. */
static const struct step_def {
	const char *name;
	int nargs;
	void (*run)(struct dev *d, char **arg);
} steps[] = {
	{ "info",	 0, step_info_full },
	{ "info_short",	 0, step_info_short },
	{ "irqinfo",	 1, step_irqinfo },
	{ "reqirq",	 0, step_reqirq },
	{ "reqirq_off",	 0, step_reqirq_off },
	{ "reqirq_bad",	 0, step_reqirq_bad },
	{ "reqirq_bool", 0, step_reqirq_bool },
	{ "reqwait",	 0, step_reqwait },
	{ "reset",	 0, step_reset },
	{ "bogus",	 0, step_bogus },
	{ "map",	 1, step_map },
	{ "unmap",	 1, step_unmap },
	{ "peek",	 1, step_peek },
	{ "open2",	 1, step_open2 },
	{ "cat",	 1, step_cat },
	{ "wr",		 2, step_wr },
	{ "sh",		 1, step_sh },
};

/* Run the step at argv[*i]; move *i to its last argument. 0 or 1. */
static int step(struct dev *d, int argc, char **argv, int *i)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(steps); k++) {
		const struct step_def *sd = &steps[k];

		if (strcmp(argv[*i], sd->name))
			continue;
		if (*i + sd->nargs >= argc) {
			fprintf(stderr, "%s: needs %d argument(s)\n", sd->name,
				sd->nargs);
			return 1;
		}
		sd->run(d, &argv[*i + 1]);
		*i += sd->nargs;
		fflush(stdout);
		return 0;
	}
	fprintf(stderr, "unknown: %s\n", argv[*i]);
	return 1;
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
		if (step(&d, argc, argv, &i))
			return 2;
	return 0;
}

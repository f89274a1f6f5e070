// SPDX-License-Identifier: GPL-2.0
/*
 * Helper for the mdevsim shell tests: things a shell cannot do exactly.
 *
 *   mdevsim_helper write PATH VALUE
 *	write VALUE (no newline) in one write(); print OK or the errno name
 *   mdevsim_helper open UUID legacy|cdev [COUNT]
 *	COUNT times: open the VFIO device, map two pages, install an MSI
 *	eventfd, run one pinned and one unpinned DMA copy, switch to INTx
 *	with an unmask eventfd, close everything (the eventfds first);
 *	print OK or the errno name of the first failure
 *   mdevsim_helper uevent PATH VALUE
 *	listen for kernel uevents, do the write, then print the write result
 *	and every uevent that was queued by then, one per line as
 *	"KEY=VALUE KEY=VALUE ...".  The uevent is broadcast before the write
 *	returns, so nothing has to wait.
 */
#include <sys/socket.h>
#include <linux/netlink.h>

/* The harness is not used here, only the plain helpers. */
#define MST_NO_HARNESS
#include "mdevsim_util.h"

static void print_result(int ret)
{
	printf("%s\n", zv_errname(ret));
}

static int one_copy(int dev, __u32 ctrl)
{
	__u32 err = 0;
	int ret;

	ret = _mst_wr32(dev, MST_REG_CTRL, ctrl | MST_CTRL_IRQ_EN);
	ret = ret ?: _mst_wr32(dev, MST_REG_SRC, 0x100000);
	ret = ret ?: _mst_wr32(dev, MST_REG_SRC + 4, 0);
	ret = ret ?: _mst_wr32(dev, MST_REG_DST, 0x200000);
	ret = ret ?: _mst_wr32(dev, MST_REG_DST + 4, 0);
	ret = ret ?: _mst_wr32(dev, MST_REG_LEN, 512);
	ret = ret ?: _mst_wr32(dev, MST_REG_DOORBELL, 1);
	ret = ret ?: _mst_rd32(dev, MST_REG_ERROR, &err);
	if (!ret && err != MST_ERR_NONE)
		ret = -EPROTO;
	return ret;
}

static int open_cycle(const char *uuid, enum zv_path path, void *a, void *b)
{
	struct zv_dev v;
	int efd, ufd, ret;

	ret = zv_open(&v, path, uuid);
	if (ret)
		return ret;
	efd = zv_eventfd();
	ufd = zv_eventfd();
	if (efd < 0 || ufd < 0) {
		ret = -errno;
		goto out;
	}
	ret = zv_dma_map(&v, 0x100000, a, 4096);
	ret = ret ?: zv_dma_map(&v, 0x200000, b, 4096);
	ret = ret ?: zv_irq_set_fd(v.fd, VFIO_PCI_MSI_IRQ_INDEX, efd);
	ret = ret ?: one_copy(v.fd, 0);
	ret = ret ?: one_copy(v.fd, MST_CTRL_PIN);
	if (!ret && zv_eventfd_take(efd) != 2)
		ret = -EPROTO;
	ret = ret ?: zv_dma_unmap(&v, 0x200000, 4096);
	/* INTx with an unmask eventfd, left installed for close to release. */
	ret = ret ?: zv_irq_disable(v.fd, VFIO_PCI_MSI_IRQ_INDEX);
	ret = ret ?: zv_irq_set_fd(v.fd, VFIO_PCI_INTX_IRQ_INDEX, efd);
	ret = ret ?: zv_irq_action_fd(v.fd, VFIO_PCI_INTX_IRQ_INDEX,
				      VFIO_IRQ_SET_ACTION_UNMASK, ufd);
out:
	if (ufd >= 0)
		close(ufd);
	if (efd >= 0)
		close(efd);
	zv_close(&v);
	return ret;
}

static int cmd_open(const char *uuid, const char *how, int count)
{
	enum zv_path path;
	void *a, *b;
	int ret = 0;

	if (!strcmp(how, "cdev"))
		path = ZV_PATH_CDEV;
	else if (!strcmp(how, "legacy"))
		path = ZV_PATH_LEGACY;
	else
		return -EINVAL;
	a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED)
		return -ENOMEM;
	memset(a, 0x5a, 4096);
	while (count-- > 0 && !ret)
		ret = open_cycle(uuid, path, a, b);
	if (!ret && memcmp(a, b, 512))
		ret = -EPROTO;
	munmap(a, 4096);
	munmap(b, 4096);
	return ret;
}

static int cmd_uevent(const char *path, const char *val)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,
	};
	char msg[8192];
	ssize_t len, i;
	int sk, ret;

	sk = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (sk < 0)
		return -errno;
	if (bind(sk, (struct sockaddr *)&addr, sizeof(addr))) {
		ret = -errno;
		close(sk);
		return ret;
	}
	ret = zv_write_file(path, val);
	printf("write: ");
	print_result(ret);
	for (;;) {
		len = recv(sk, msg, sizeof(msg) - 1, MSG_DONTWAIT);
		if (len <= 0)
			break;
		msg[len] = '\0';
		/* "ACTION@DEVPATH\0KEY=VALUE\0...": print the key/value part. */
		for (i = 0; i < len; i += strlen(msg + i) + 1) {
			if (!strchr(msg + i, '='))
				continue;
			printf("%s ", msg + i);
		}
		printf("\n");
	}
	close(sk);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write")) {
		print_result(zv_write_file(argv[2], argv[3]));
		return 0;
	}
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "open")) {
		print_result(cmd_open(argv[2], argv[3], argc == 5 ? atoi(argv[4]) : 1));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "uevent")) {
		print_result(cmd_uevent(argv[2], argv[3]));
		return 0;
	}
	fprintf(stderr, "usage: %s write PATH VALUE | open UUID legacy|cdev [N] |\n"
		"       uevent PATH VALUE\n", argv[0]);
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * apsim_uevent FILE VALUE KEY
 *
 * Write VALUE to the sysfs FILE while listening for kernel uevents, then
 * print every "KEY=..." variable of the uevents the write caused.
 *
 * The netlink socket is bound before the write and the kernel sends the
 * uevent from within the write, so everything the write caused is already
 * queued when it returns: the socket is drained without waiting.
 *
 * Exit status: 0 if the write succeeded, 1 if it failed (errno name printed
 * as "write: E..." for the caller to check), 2 on a setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *errname(int err)
{
	switch (err) {
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case ERANGE: return "ERANGE";
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EIO: return "EIO";
	default: return strerror(err);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,
	};
	char buf[8192];
	size_t klen;
	ssize_t n;
	int sock, fd, rc = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s FILE VALUE KEY\n", argv[0]);
		return 2;
	}
	klen = strlen(argv[3]);

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("netlink");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	if (write(fd, argv[2], strlen(argv[2])) < 0) {
		printf("write: %s\n", errname(errno));
		rc = 1;
	}
	close(fd);

	while ((n = recv(sock, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
		char *p = buf, *end = buf + n;

		buf[n] = '\0';
		for (; p < end; p += strlen(p) + 1) {
			size_t len = strlen(p);

			if (strncmp(p, argv[3], klen) || p[klen] != '=')
				continue;
			/* The AP bus ends APMASK=/AQMASK= with a newline. */
			printf("%.*s\n", (int)(len && p[len - 1] == '\n' ?
					       len - 1 : len), p);
		}
	}
	close(sock);
	return rc;
}

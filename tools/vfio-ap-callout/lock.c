// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ap-callout: the configuration lock.
 *
 * mdevctl runs the callout twice per command, for the pre event and for
 * the post event, as two processes. Between them mdevctl creates the mdev
 * and writes its attributes, or writes its definition. A second mdevctl
 * whose pre event ran in that window would check against a state that is
 * about to change, and both could pass. So the pre event's check and the
 * command itself must be one critical section, longer than any callout
 * process lives.
 *
 * The lock is an flock() on one file (run/lock/vfio-ap-callout.lock below
 * the root). The kernel drops an flock when the last descriptor of its open
 * file goes away, so whoever holds it, it cannot outlive its holder:
 *
 * - pre takes the lock (waiting for it, see ap_lock_take()), checks and, if
 *   it passes, forks a holder process that inherits the locked descriptor,
 *   then exits. The holder closes mdevctl's stdout and stderr pipes
 *   (mdevctl reads them to their end) and every other inherited
 *   descriptor, starts a session of its own and sleeps in poll() on a pidfd
 *   of the mdevctl process (the callout's parent): when mdevctl exits or
 *   crashes, the holder exits too and the lock is free.
 * - post (same mdevctl, so same parent process) finds the holder through
 *   the record the pre event wrote into the lock file, "HOLDER-PID
 *   HOLDER-START OWNER-PID OWNER-START", kills it with SIGKILL and waits for
 *   it to be gone, so the lock is free when post returns.
 * - live (mdevctl 1.4 modify --live) takes the lock for its own run only:
 *   it checks and writes ap_config in one process.
 * - Waiting: pre and live wait up to 120 s for the lock (a command that
 *   holds it longer is refused with a message naming its mdevctl). A pre
 *   event whose own mdevctl still keeps the lock (a pre without its post)
 *   takes it over.
 * - A refused pre exits without forking: the lock ends with it. mdevctl
 *   runs no post event after a failed pre (except with --force, whose post
 *   finds a record that is not its own and leaves it alone).
 *
 * Process IDs are compared together with their start time (field 22 of
 * /proc/PID/stat), so a reused PID is never mistaken for the holder or for
 * the mdevctl that owns it, and the holder is signalled through a pidfd
 * opened before that comparison. The record is only believed while the
 * lock is held by someone: post first tries the lock without waiting, and
 * if it gets it, no holder is left and there is nothing to do.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lock.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif

struct ap_lock_record {
	long holder;
	unsigned long long holder_start;
	long owner;
	unsigned long long owner_start;
};

static int ap_pidfd_open(pid_t pid)
{
	return syscall(__NR_pidfd_open, pid, 0);
}

/* Start time of a process in clock ticks since boot; 0 if it is gone. */
static unsigned long long ap_start_time(pid_t pid)
{
	unsigned long long start = 0;
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The command name may hold anything: count fields after its ')'. */
	p = strrchr(buf, ')');
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

static int ap_read_record(int fd, struct ap_lock_record *r)
{
	char buf[128];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return sscanf(buf, "%ld %llu %ld %llu", &r->holder, &r->holder_start,
		      &r->owner, &r->owner_start) == 4 ? 0 : -1;
}

/*
 * If the record names a live holder owned by our own mdevctl, kill it and
 * wait until it is gone. Return: true if one was ended.
 */
static bool ap_end_own_holder(int fd)
{
	struct ap_lock_record r;
	pid_t owner = getppid();
	struct pollfd pfd;
	int pidfd;

	if (ap_read_record(fd, &r) || r.owner != owner ||
	    r.owner_start != ap_start_time(owner))
		return false;
	pidfd = ap_pidfd_open(r.holder);
	if (pidfd < 0) {
		/* No pidfds (before Linux 5.3): a plain, racier kill. */
		if (errno != ESRCH && ap_start_time(r.holder) == r.holder_start)
			kill(r.holder, SIGKILL);
		return false;
	}
	if (ap_start_time(r.holder) != r.holder_start) {
		close(pidfd);
		return false;
	}
	syscall(__NR_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	pfd.fd = pidfd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
		;
	close(pidfd);
	return true;
}

/* Create the directories above @path that are missing (as mkdir -p). */
static void ap_make_parents(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir)
		abort();
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	free(dir);
}

static void ap_alarm(int sig)
{
	(void)sig;
}

/**
 * ap_lock_take() - take the configuration lock
 * @path:	the lock file, created if missing (with its directories)
 * @wait_s:	how long to wait for another mdevctl run; 0: not at all
 *
 * A lock still kept for this same mdevctl process (a pre event without
 * its post event) is taken over. On failure the reason is printed.
 *
 * Return: the locked descriptor, or -1.
 */
int ap_lock_take(const char *path, unsigned int wait_s)
{
	struct sigaction sa = { .sa_handler = ap_alarm }, old;
	struct ap_lock_record r;
	int fd, ret;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT) {
		ap_make_parents(path);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		fprintf(stderr, "cannot open the lock file %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;
	if (ap_end_own_holder(fd) && !flock(fd, LOCK_EX | LOCK_NB))
		return fd;

	ret = -1;
	errno = EWOULDBLOCK;
	if (wait_s) {
		/* No SA_RESTART: the alarm ends the wait with EINTR. */
		sigaction(SIGALRM, &sa, &old);
		alarm(wait_s);
		ret = flock(fd, LOCK_EX);
		alarm(0);
		sigaction(SIGALRM, &old, NULL);
	}
	if (!ret)
		return fd;
	if (errno == EINTR || errno == EWOULDBLOCK) {
		char who[40] = "";

		if (!ap_read_record(fd, &r) &&
		    ap_start_time(r.owner) == r.owner_start)
			snprintf(who, sizeof(who), " (pid %ld)", r.owner);
		fprintf(stderr,
			"another mdevctl command%s is changing vfio_ap devices; try again when it has ended\n",
			who);
	} else {
		fprintf(stderr, "cannot lock %s: %s\n", path, strerror(errno));
	}
	close(fd);
	return -1;
}

/* The holder: wait for the owner to go, or to be killed by post. */
static void ap_hold(int pidfd, pid_t owner, unsigned long long start)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	if (pidfd >= 0) {
		while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	/* Without pidfds, look once a second. */
	while (ap_start_time(owner) == start)
		sleep(1);
	_exit(0);
}

/**
 * ap_lock_keep() - keep the lock after this process exits, until post
 * @fd:	the descriptor ap_lock_take() returned; closed here
 *
 * Forks the holder and writes the record (see the top of this file).
 *
 * Return: 0, or -1 with the reason printed (the lock then ends with this
 * process, and the caller must refuse).
 */
int ap_lock_keep(int fd)
{
	pid_t owner = getppid();
	unsigned long long owner_start = ap_start_time(owner);
	unsigned long long holder_start;
	char rec[128];
	int pidfd, null, len;
	long i, max_fd;
	pid_t pid;

	pidfd = ap_pidfd_open(owner);
	/* Without pidfds (before Linux 5.3) the holder polls instead. */
	if ((pidfd < 0 && errno == ESRCH) || !owner_start ||
	    getppid() != owner) {
		fprintf(stderr, "cannot watch the mdevctl process %ld\n",
			(long)owner);
		if (pidfd >= 0)
			close(pidfd);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "cannot fork the lock holder: %s\n",
			strerror(errno));
		if (pidfd >= 0)
			close(pidfd);
		return -1;
	}
	if (!pid) {
		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			if (null > 2)
				close(null);
		}
		/* Whatever else was inherited: someone may wait for its EOF. */
		max_fd = sysconf(_SC_OPEN_MAX);
		for (i = 3; i < max_fd && i < 65536; i++)
			if (i != fd && i != pidfd)
				close(i);
		setsid();
		if (chdir("/"))
			_exit(1);
		ap_hold(pidfd, owner, owner_start);
		_exit(0);
	}
	if (pidfd >= 0)
		close(pidfd);
	holder_start = ap_start_time(pid);
	len = snprintf(rec, sizeof(rec), "%ld %llu %ld %llu\n", (long)pid,
		       holder_start, (long)owner, owner_start);
	if (ftruncate(fd, 0) || pwrite(fd, rec, len, 0) != len) {
		fprintf(stderr, "cannot write the lock record: %s\n",
			strerror(errno));
		kill(pid, SIGKILL);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/**
 * ap_lock_release() - post event: end the lock our mdevctl keeps, if any
 * @path:	the lock file
 *
 * Returns when the holder is gone. A lock kept for another mdevctl, or none
 * at all, is left alone.
 */
void ap_lock_release(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	/* Free: nobody keeps it, whatever the record says. */
	if (flock(fd, LOCK_EX | LOCK_NB))
		ap_end_own_holder(fd);
	close(fd);
}

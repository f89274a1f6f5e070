// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ap-callout: reading the machine's state (sysfs and mdevctl's
 * definitions) into a struct ap_host, and writing ap_config. The rules
 * themselves are in apcfg.c.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

/**
 * ap_path() - a path below the root directory
 * @root:	the root ("/" or a test tree)
 * @fmt:	printf format of the path relative to it
 *
 * Return: the path, which the caller frees.
 */
char *ap_path(const char *root, const char *fmt, ...)
{
	char *rel, *path;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&rel, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (asprintf(&path, "%s%s%s", root,
		     root[0] && root[strlen(root) - 1] == '/' ? "" : "/",
		     rel) < 0)
		abort();
	free(rel);
	return path;
}

/**
 * ap_read_file() - read a whole (small) file
 * @path:	the file
 * @max:	the most bytes to accept
 *
 * Return: its NUL-terminated text, which the caller frees, or NULL with
 * errno set (EFBIG when it is longer than @max).
 */
char *ap_read_file(const char *path, size_t max)
{
	size_t len = 0;
	char *buf;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (!buf)
		abort();
	while (len <= max) {
		n = read(fd, buf + len, max + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	err = n < 0 ? errno : len > max ? EFBIG : 0;
	close(fd);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/**
 * ap_is_uuid() - is a name a UUID in mdevctl's (lower- or upper-case) form?
 * @s:	the name
 *
 * Return: true for 8-4-4-4-12 hex digits.
 */
bool ap_is_uuid(const char *s)
{
	unsigned int i;

	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return s[36] == '\0';
}

/* Read a one-number sysfs file; @def if it is absent or not a number. */
static unsigned int ap_read_limit(const char *root, const char *name,
				  unsigned int def)
{
	char *path = ap_path(root, AP_BUS_DIR "/%s", name);
	char *text = ap_read_file(path, 64);
	unsigned long v;

	free(path);
	if (text && !ap_parse_id(text, &v) && v < AP_NR_IDS)
		def = v;
	free(text);
	return def;
}

static int ap_read_mask_file(const char *root, const char *name,
			     struct ap_mask *m)
{
	char *path = ap_path(root, AP_BUS_DIR "/%s", name);
	char *text = ap_read_file(path, 256);
	int ret = -ENOENT;

	free(path);
	if (text)
		ret = ap_parse_mask(text, strlen(text), m);
	free(text);
	return ret;
}

/**
 * ap_read_active() - the matrix of an active vfio_ap mdev
 * @root:	the root directory
 * @uuid:	the mdev
 * @m:		receives its matrix
 *
 * ap_config gives all three masks in one read; without it (older drivers)
 * the matrix and control_domains files are read.
 *
 * Return: 0, -ENOENT if there is no such mdev, -EINVAL if its files cannot
 * be read or parsed.
 */
int ap_read_active(const char *root, const char *uuid, struct ap_matrix *m)
{
	char *dir = ap_path(root, AP_MATRIX_DIR "/%s", uuid);
	char *path, *text, *cdoms;
	int ret = -EINVAL;

	memset(m, 0, sizeof(*m));
	if (access(dir, F_OK)) {
		free(dir);
		return -ENOENT;
	}
	path = ap_path(dir, "ap_config");
	text = ap_read_file(path, 4096);
	free(path);
	if (text) {
		ret = ap_parse_config(text, m) ? -EINVAL : 0;
		free(text);
		free(dir);
		return ret;
	}

	path = ap_path(dir, "matrix");
	text = ap_read_file(path, 1 << 20);
	free(path);
	path = ap_path(dir, "control_domains");
	cdoms = ap_read_file(path, 4096);
	free(path);
	if (text && cdoms && !ap_parse_apqn_list(text, m) &&
	    !ap_parse_id_lines(cdoms, &m->adm))
		ret = 0;
	free(text);
	free(cdoms);
	free(dir);
	return ret;
}

static struct ap_dev *ap_host_add(struct ap_host *host, const char *uuid,
				  enum ap_dev_kind kind)
{
	struct ap_dev *d;

	host->devs = realloc(host->devs, (host->ndevs + 1) * sizeof(*d));
	if (!host->devs)
		abort();
	d = &host->devs[host->ndevs++];
	memset(d, 0, sizeof(*d));
	snprintf(d->uuid, sizeof(d->uuid), "%s", uuid);
	d->kind = kind;
	return d;
}

static void ap_load_active(const char *root, struct ap_host *host,
			   struct ap_msgs *msgs)
{
	char *dir = ap_path(root, AP_MATRIX_DIR);
	struct dirent *e;
	struct ap_matrix m;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!ap_is_uuid(e->d_name))
			continue;
		if (ap_read_active(root, e->d_name, &m)) {
			ap_msgs_add(msgs, false,
				    "cannot read the matrix of the active device %s; not checked against it",
				    e->d_name);
			continue;
		}
		ap_host_add(host, e->d_name, AP_DEV_ACTIVE)->m = m;
	}
	if (d)
		closedir(d);
	free(dir);
}

/* Every vfio_ap definition in one parent's directory of mdevctl. */
static void ap_load_parent(const char *root, const char *parent,
			   struct ap_host *host, struct ap_msgs *msgs)
{
	char *dir = ap_path(root, AP_MDEVCTL_DIR "/%s", parent);
	struct ap_msgs errs = { 0 };
	struct dirent *e;
	struct ap_cfg cfg;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		char *path, *text;

		if (!ap_is_uuid(e->d_name))
			continue;
		path = ap_path(dir, "%s", e->d_name);
		text = ap_read_file(path, 1 << 20);
		if (!text || ap_cfg_from_text(text, NULL, &cfg, &errs)) {
			/* Only vfio_ap definitions matter; others may differ. */
			if (!text || (cfg.type[0] && !strcmp(cfg.type, AP_TYPE)) ||
			    strstr(text, AP_TYPE))
				ap_msgs_add(msgs, false,
					    "ignoring the definition %s: %s", path,
					    text ? errs.v[0].text : strerror(errno));
		} else if (!strcmp(cfg.type, AP_TYPE)) {
			ap_host_add(host, e->d_name, cfg.autostart ?
				    AP_DEV_AUTO : AP_DEV_MANUAL)->m = cfg.m;
		}
		ap_msgs_free(&errs);
		free(text);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
}

static void ap_load_defined(const char *root, struct ap_host *host,
			    struct ap_msgs *msgs)
{
	char *dir = ap_path(root, AP_MDEVCTL_DIR);
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "scripts.d"))
			continue;
		ap_load_parent(root, e->d_name, host, msgs);
	}
	if (d)
		closedir(d);
	free(dir);
}

/**
 * ap_host_load() - gather the machine's state for ap_check()
 * @root:	the root directory
 * @host:	receives the limits (255 where the AP bus does not say),
 *		apmask and aqmask (have_masks false without them), every
 *		active vfio_ap mdev and every vfio_ap definition of mdevctl
 * @msgs:	receives a warning for each device that could not be read
 *
 * Active devices come first in @host->devs.
 */
void ap_host_load(const char *root, struct ap_host *host,
		  struct ap_msgs *msgs)
{
	memset(host, 0, sizeof(*host));
	host->lim.max_apid = ap_read_limit(root, "ap_max_adapter_id",
					   AP_NR_IDS - 1);
	host->lim.max_apqi = ap_read_limit(root, "ap_max_domain_id",
					   AP_NR_IDS - 1);
	host->have_masks = !ap_read_mask_file(root, "apmask", &host->apmask) &&
			   !ap_read_mask_file(root, "aqmask", &host->aqmask);
	ap_load_active(root, host, msgs);
	ap_load_defined(root, host, msgs);
}

/**
 * ap_host_free() - free what ap_host_load() gathered
 * @host:	the state
 */
void ap_host_free(struct ap_host *host)
{
	free(host->devs);
	memset(host, 0, sizeof(*host));
}

/**
 * ap_write_config() - replace an active mdev's matrix in one write
 * @root:	the root directory
 * @uuid:	the mdev
 * @m:		the new matrix
 *
 * vfio_ap takes the whole of an ap_config write or, on error, nothing.
 *
 * Return: 0 or a negative errno (of the open or of the write).
 */
int ap_write_config(const char *root, const char *uuid,
		    const struct ap_matrix *m)
{
	char *path = ap_path(root, AP_MATRIX_DIR "/%s/ap_config", uuid);
	char buf[AP_CONFIG_LEN + 2];
	ssize_t n;
	int fd, ret = 0;

	ap_format_config(m, buf);
	strcat(buf, "\n");
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return -errno;
	n = write(fd, buf, strlen(buf));
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != strlen(buf))
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ap-callout: mdevctl's callout for vfio_ap mediated devices.
 *
 *   vfio-ap-callout -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT
 *
 * mdevctl runs it with the device's configuration JSON on standard input
 * (none for "get attributes"). Exit 0: go ahead; 1: refused, the reasons
 * one per line on standard error; 2: TYPE is not vfio_ap-passthrough.
 *
 *   pre define|modify|start	check the new matrix (apcfg.c, ap_check())
 *				under the lock, and keep the lock held until
 *				the post event
 *   post define|modify|start	end the lock
 *   live modify		check, then write the matrix to ap_config
 *   get attributes		print the active device's matrix as attributes
 *   get capabilities		print what this callout supports
 *
 * Everything else for vfio_ap-passthrough (stop, undefine) passes.
 *
 * Environment, for tests: VFIO_AP_CALLOUT_ROOT replaces "/" in every path
 * the callout reads or writes (sysfs, /etc/mdevctl.d, the lock file);
 * VFIO_AP_CALLOUT_LOCK_WAIT is how many seconds pre and live wait for the
 * lock (default 120, 0: do not wait).
 */

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apcfg.h"
#include "host.h"
#include "lock.h"

#define AP_STDIN_MAX	(1024 * 1024)
#define AP_LOCK_WAIT	120

/* All of standard input, NUL-terminated; NULL if it is too large. */
static char *read_stdin(void)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1);
	ssize_t n;

	if (!buf)
		abort();
	for (;;) {
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		n = read(0, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (len > AP_STDIN_MAX) {
			free(buf);
			/* Drain the rest so that mdevctl's write completes. */
			while (read(0, &len, sizeof(len)) > 0)
				;
			return NULL;
		}
	}
	buf[len] = '\0';
	return buf;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: vfio-ap-callout -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT\n");
}

static int get_attributes(const char *root, const char *uuid)
{
	struct ap_matrix m;
	char *json;
	int ret = ap_read_active(root, uuid, &m);

	if (ret == -ENOENT) {
		fprintf(stderr, "vfio_ap device %s is not active\n", uuid);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "cannot read the matrix of vfio_ap device %s\n",
			uuid);
		return 1;
	}
	json = ap_attrs_json(&m);
	printf("%s\n", json);
	free(json);
	return 0;
}

/* pre define/modify/start and live modify: check, then keep or apply. */
static int check_config(const char *root, const char *uuid,
			const char *event, const char *action)
{
	bool live = !strcmp(event, "live");
	const char *wait_env = getenv("VFIO_AP_CALLOUT_LOCK_WAIT");
	unsigned int wait_s = wait_env ? atoi(wait_env) : AP_LOCK_WAIT;
	struct ap_msgs msgs = { 0 };
	struct ap_host host;
	struct ap_cfg cfg = { 0 };
	struct ap_matrix m = { 0 };
	char *input, *lock_path;
	int fd, ret = 1, err;

	input = read_stdin();
	if (!ap_is_uuid(uuid)) {
		fprintf(stderr, "\"%s\" is not a UUID\n", uuid);
		free(input);
		return 1;
	}
	lock_path = ap_path(root, AP_LOCK_FILE);
	fd = ap_lock_take(lock_path, wait_s);
	free(lock_path);
	if (fd < 0) {
		free(input);
		return 1;
	}

	ap_host_load(root, &host, &msgs);
	if (!input)
		ap_msgs_add(&msgs, true,
			    "the device configuration is larger than %d bytes",
			    AP_STDIN_MAX);
	else if (!ap_cfg_from_text(input, &host.lim, &cfg, &msgs))
		m = cfg.m;
	/*
	 * mdevctl 1.3 and later ask for the attributes of an active device
	 * being defined only after the pre event: check what it will get.
	 */
	if (!msgs.refusals && !strcmp(action, "define") &&
	    ap_mask_empty(&m.apm) && ap_mask_empty(&m.aqm) &&
	    ap_mask_empty(&m.adm) && ap_read_active(root, uuid, &m))
		m = cfg.m;
	if (!msgs.refusals)
		ap_check(uuid, &m, &host, &msgs);
	ap_msgs_print(&msgs, stderr);

	if (msgs.refusals) {
		close(fd);
	} else if (live) {
		err = ap_write_config(root, uuid, &m);
		if (err == -ENOENT && ap_read_active(root, uuid, &m) == -ENOENT)
			fprintf(stderr, "vfio_ap device %s is not active\n", uuid);
		else if (err == -ENOENT)
			fprintf(stderr,
				"vfio_ap device %s has no ap_config attribute: its driver cannot change the whole matrix at once\n",
				uuid);
		else if (err)
			fprintf(stderr,
				"vfio_ap did not take the new matrix of %s (%s): the device is unchanged\n",
				uuid, strerror(-err));
		ret = err ? 1 : 0;
		close(fd);
	} else {
		ret = ap_lock_keep(fd) ? 1 : 0;
	}
	ap_msgs_free(&msgs);
	ap_host_free(&host);
	free(input);
	return ret;
}

static bool is_config_action(const char *action)
{
	return !strcmp(action, "define") || !strcmp(action, "modify") ||
	       !strcmp(action, "start");
}

int main(int argc, char **argv)
{
	const char *type = NULL, *event = NULL, *action = NULL;
	const char *uuid = "", *root;
	bool get_attrs;
	char *input, *out;
	int c, ret = 0;

	opterr = 0;	/* options of later mdevctl versions are ignored */
	while ((c = getopt(argc, argv, "t:e:a:s:u:p:")) != -1) {
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'e':
			event = optarg;
			break;
		case 'a':
			action = optarg;
			break;
		case 'u':
			uuid = optarg;
			break;
		}
	}
	if (!type || !event || !action) {
		print_usage();
		return 1;
	}
	root = getenv("VFIO_AP_CALLOUT_ROOT");
	if (!root || !root[0])
		root = "/";
	get_attrs = !strcmp(event, "get") && !strcmp(action, "attributes");

	if (!strcmp(type, AP_TYPE) &&
	    ((!strcmp(event, "pre") && is_config_action(action)) ||
	     (!strcmp(event, "live") && !strcmp(action, "modify"))))
		return check_config(root, uuid, event, action);

	/* Read the configuration so that mdevctl's write completes. */
	input = get_attrs ? NULL : read_stdin();
	if (strcmp(type, AP_TYPE)) {
		ret = 2;
	} else if (get_attrs) {
		ret = get_attributes(root, uuid);
	} else if (!strcmp(event, "get") && !strcmp(action, "capabilities")) {
		out = ap_capabilities(input);
		printf("%s\n", out);
		free(out);
	} else if (!strcmp(event, "post") && is_config_action(action)) {
		out = ap_path(root, AP_LOCK_FILE);
		ap_lock_release(out);
		free(out);
	}
	free(input);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of vfio-ap-callout, built and run with ASan and UBSan:
 *
 *   callout-test CALLOUT
 *
 * First the parsers of apcfg.c, called directly. Then a table of callout
 * runs: each case builds a scratch root (sysfs files of vfio_ap and the AP
 * bus, mdevctl definitions), runs CALLOUT (the sanitized binary) with
 * VFIO_AP_CALLOUT_ROOT pointing at it, and compares the exit code, the
 * whole standard error and the whole standard output. Last the lock, with
 * child processes standing in for concurrent mdevctl commands: they are
 * the parents of the callouts they run, as mdevctl is.
 *
 * Prints "ok N name" or "not ok N name" per case, then "N passed, N failed".
 *
 * Covers: AP-ATTR-01 AP-ATTR-03 AP-ATTR-05 AP-ATTR-07 AP-ATTR-10 AP-ATTR-11
 * Covers: AP-BUS-02 AP-BUS-03
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apcfg.h"
#include "host.h"

#define U1	"11111111-1111-1111-1111-111111111111"
#define U2	"22222222-2222-2222-2222-222222222222"
#define U3	"33333333-3333-3333-3333-333333333333"
#define U9	"99999999-9999-9999-9999-999999999999"
#define T	"vfio_ap-passthrough"

static const char *callout;
static char scratch[64];
static char root[4096];
static unsigned int passed, failed, caseno;

static void result(bool ok, const char *name)
{
	caseno++;
	printf("%s %u %s\n", ok ? "ok" : "not ok", caseno, name);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static bool expect_str(const char *what, const char *got, const char *want)
{
	if (!strcmp(got, want))
		return true;
	printf("#   %s differs\n#   got:  \"%s\"\n#   want: \"%s\"\n", what, got,
	       want);
	return false;
}

/* --- the parsers ------------------------------------------------------- */

struct id_case {
	const char *text;
	int ret;
	unsigned long id;
};

static const struct id_case id_cases[] = {
	{ "5", 0, 5 }, { "0x1f", 0, 31 }, { "0X1F", 0, 31 }, { "010", 0, 8 },
	{ "0", 0, 0 }, { "+7", 0, 7 }, { "12\n", 0, 12 },
	{ "", -EINVAL, 0 }, { "0x", -EINVAL, 0 }, { "08", -EINVAL, 0 },
	{ "5x", -EINVAL, 0 }, { " 5", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
	{ "12\n\n", -EINVAL, 0 }, { "0x1g", -EINVAL, 0 },
	{ "99999999999999999999", -ERANGE, 0 },
	{ "18446744073709551615", 0, 18446744073709551615UL },
};

static void test_parse_id(void)
{
	bool ok = true;
	unsigned long id;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(id_cases); i++) {
		id = 0;
		ret = ap_parse_id(id_cases[i].text, &id);
		if (ret != id_cases[i].ret || (!ret && id != id_cases[i].id)) {
			printf("#   \"%s\": got %d/%lu, want %d/%lu\n",
			       id_cases[i].text, ret, id, id_cases[i].ret,
			       id_cases[i].id);
			ok = false;
		}
	}
	result(ok, "parse_id: the kernel's automatic base, one newline");
}

static void test_parse_masks(void)
{
	struct ap_matrix m, back;
	struct ap_mask mask;
	char buf[AP_CONFIG_LEN + 1], long_mask[80];
	bool ok = true;

	ok &= !ap_parse_mask("0x8", 3, &mask) && ap_mask_test(&mask, 0) &&
	      !ap_mask_test(&mask, 1);
	ok &= !ap_parse_mask("x01\n", 4, &mask) && ap_mask_test(&mask, 7);
	ok &= !ap_parse_mask("", 0, &mask) && ap_mask_empty(&mask);
	ok &= ap_parse_mask("0x0g", 4, &mask) == -EINVAL;
	ok &= ap_parse_mask("0X1", 3, &mask) == -EINVAL;
	memset(long_mask, 'f', sizeof(long_mask));
	long_mask[0] = '0';
	long_mask[1] = 'x';
	ok &= !ap_parse_mask(long_mask, 66, &mask) && ap_mask_test(&mask, 255);
	ok &= ap_parse_mask(long_mask, 67, &mask) == -EINVAL;
	result(ok, "parse_mask: absolute apmask syntax, 64 digits at most");

	ok = true;
	memset(&m, 0, sizeof(m));
	ap_mask_set(&m.apm, 5);
	ap_mask_set(&m.apm, 255);
	ap_mask_set(&m.aqm, 1);
	ap_mask_set(&m.adm, 2);
	ap_format_config(&m, buf);
	ok &= strlen(buf) == AP_CONFIG_LEN && buf[66] == ',' && buf[133] == ',';
	ok &= !ap_parse_config(buf, &back) && !memcmp(&m, &back, sizeof(m));
	ok &= !ap_parse_config("0x04,0x4\n0x2,trailing junk", &back) &&
	      ap_mask_test(&back.apm, 5) && ap_mask_test(&back.aqm, 1) &&
	      ap_mask_test(&back.adm, 2);
	ok &= !ap_parse_config(",,", &back) && ap_mask_empty(&back.apm);
	ok &= ap_parse_config("0x1,0x2", &back) == -EINVAL;
	ok &= ap_parse_config("0x1,0xz,0x2", &back) == -EINVAL;
	result(ok, "ap_config: format and parse round trip, driver's syntax");

	ok = true;
	ok &= !ap_parse_apqn_list("05.0001\n05.0002\n06.0001\n06.0002\n", &m) &&
	      ap_mask_test(&m.apm, 5) && ap_mask_test(&m.apm, 6) &&
	      ap_mask_test(&m.aqm, 2) && !ap_mask_test(&m.aqm, 0);
	ok &= !ap_parse_apqn_list("07.\n", &m) && ap_mask_test(&m.apm, 7) &&
	      ap_mask_empty(&m.aqm);
	ok &= !ap_parse_apqn_list(".0003\n", &m) && ap_mask_empty(&m.apm) &&
	      ap_mask_test(&m.aqm, 3);
	ok &= !ap_parse_apqn_list("", &m) && ap_mask_empty(&m.apm);
	ok &= ap_parse_apqn_list(".\n", &m) == -EINVAL;
	ok &= ap_parse_apqn_list("05-0001\n", &m) == -EINVAL;
	ok &= !ap_parse_id_lines("0002\n00ff\n", &mask) &&
	      ap_mask_test(&mask, 2) && ap_mask_test(&mask, 255);
	ok &= ap_parse_id_lines("0100\n", &mask) == -EINVAL;
	result(ok, "matrix and control_domains files of older drivers");
}

/* --- the callout runs -------------------------------------------------- */

/* "5,6" or "0-3,7" into a mask. */
static void ids(struct ap_mask *m, const char *list)
{
	char *end;
	unsigned long a, b;

	memset(m, 0, sizeof(*m));
	while (list && *list) {
		a = strtoul(list, &end, 10);
		b = *end == '-' ? strtoul(end + 1, &end, 10) : a;
		for (; a <= b; a++)
			ap_mask_set(m, a);
		list = *end ? end + 1 : end;
	}
}

static void write_file(const char *rel, const char *text)
{
	char path[8192], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static char *read_rel(const char *rel)
{
	char path[8192];
	char *s;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	s = ap_read_file(path, 1 << 20);
	return s ? s : strdup("");
}

/* An active mdev: "UUID ADAPTERS DOMAINS CDOMS", lists as for ids(). */
static void make_active(const char *spec, bool old_driver)
{
	char uuid[40], a[64] = "", d[64] = "", c[64] = "", rel[256];
	char buf[AP_CONFIG_LEN + 2], list[8192];
	struct ap_matrix m;
	unsigned int i, j;
	size_t len = 0;

	if (sscanf(spec, "%39s %63s %63s %63s", uuid, a, d, c) != 4)
		exit(1);
	ids(&m.apm, strcmp(a, "-") ? a : NULL);
	ids(&m.aqm, strcmp(d, "-") ? d : NULL);
	ids(&m.adm, strcmp(c, "-") ? c : NULL);
	if (!old_driver) {
		ap_format_config(&m, buf);
		strcat(buf, "\n");
		snprintf(rel, sizeof(rel), AP_MATRIX_DIR "/%s/ap_config", uuid);
		write_file(rel, buf);
		return;
	}
	list[0] = '\0';
	for (i = 0; i < AP_NR_IDS; i++)
		for (j = 0; j < AP_NR_IDS; j++)
			if (ap_mask_test(&m.apm, i) && ap_mask_test(&m.aqm, j))
				len += sprintf(list + len, "%02x.%04x\n", i, j);
	snprintf(rel, sizeof(rel), AP_MATRIX_DIR "/%s/matrix", uuid);
	write_file(rel, list);
	len = 0;
	list[0] = '\0';
	for (i = 0; i < AP_NR_IDS; i++)
		if (ap_mask_test(&m.adm, i))
			len += sprintf(list + len, "%04x\n", i);
	snprintf(rel, sizeof(rel), AP_MATRIX_DIR "/%s/control_domains", uuid);
	write_file(rel, list);
}

static void make_mask(const char *name, const char *list)
{
	char buf[AP_CONFIG_LEN + 1], rel[64];
	struct ap_matrix m = { 0 };

	ids(&m.apm, list);
	ap_format_config(&m, buf);
	buf[66] = '\n';
	buf[67] = '\0';
	snprintf(rel, sizeof(rel), AP_BUS_DIR "/%s", name);
	write_file(rel, buf);
}

struct run {
	int rc;
	char *out;
	char *err;
};

/*
 * Run the callout with ARGS (event, action, uuid, type) and INPUT on its
 * standard input, from the current process. Its exit code, or 128 + signal.
 */
static struct run run_callout(const char *type, const char *event,
			      const char *action, const char *uuid,
			      const char *input, const char *wait_s)
{
	char in[8192], out[8192], err[8192];
	struct run r;
	int status;
	pid_t pid;

	snprintf(in, sizeof(in), "%s/.in.%d", scratch, getpid());
	snprintf(out, sizeof(out), "%s/.out.%d", scratch, getpid());
	snprintf(err, sizeof(err), "%s/.err.%d", scratch, getpid());
	{
		FILE *f = fopen(in, "w");

		if (!f || fputs(input ? input : "", f) < 0 || fclose(f))
			exit(1);
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		exit(1);
	if (!pid) {
		int fd0 = open(in, O_RDONLY), fd1, fd2;

		fd1 = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		fd2 = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd0 < 0 || fd1 < 0 || fd2 < 0)
			_exit(127);
		dup2(fd0, 0);
		dup2(fd1, 1);
		dup2(fd2, 2);
		setenv("VFIO_AP_CALLOUT_ROOT", root, 1);
		setenv("VFIO_AP_CALLOUT_LOCK_WAIT", wait_s ? wait_s : "0", 1);
		execl(callout, callout, "-t", type, "-e", event, "-a", action,
		      "-s", "none", "-u", uuid, "-p", "matrix", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r.rc = WIFEXITED(status) ? WEXITSTATUS(status) :
	       128 + WTERMSIG(status);
	r.out = ap_read_file(out, 1 << 20);
	r.err = ap_read_file(err, 1 << 20);
	if (!r.out)
		r.out = strdup("");
	if (!r.err)
		r.err = strdup("");
	unlink(in);
	unlink(out);
	unlink(err);
	return r;
}

static void free_run(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Holders end as zombies of this process (a subreaper): collect them. */
static void reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void new_root(void)
{
	static unsigned int n;
	char cmd[8300];

	if (root[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			exit(1);
	}
	/* No run/lock/: the callout makes it. */
	snprintf(root, sizeof(root), "%s/root%u", scratch, n++);
	mkdir(root, 0755);
}

/* Is the lock free now? (Taken and dropped again if so.) */
static bool lock_free(void)
{
	char path[8192];
	bool free_now;
	int fd;

	snprintf(path, sizeof(path), "%s/" AP_LOCK_FILE, root);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		return errno == ENOENT;	/* no run/lock/ yet: never taken */
	free_now = !flock(fd, LOCK_EX | LOCK_NB);
	close(fd);
	return free_now;
}

struct tcase {
	const char *name;
	const char *active[4];		/* make_active() specs */
	bool old_driver;		/* matrix + control_domains files */
	const char *defined[4];		/* "UUID JSON" in etc/mdevctl.d/matrix */
	const char *apmask, *aqmask;	/* ids() lists; NULL: no file */
	const char *max_apid, *max_apqi;	/* file contents; NULL: none */
	const char *type, *event, *action, *uuid;
	const char *input;
	int rc;
	const char *err;
	const char *out;
};

#define CFG(start, attrs) \
	"{\"mdev_type\":\"" T "\",\"start\":\"" start "\",\"attrs\":[" attrs "]}"
#define AA(n)	"{\"assign_adapter\":\"" n "\"}"
#define AD(n)	"{\"assign_domain\":\"" n "\"}"
#define AC(n)	"{\"assign_control_domain\":\"" n "\"}"
#define A5D1	AA("5") "," AD("1")

/* get attributes output */
#define OA(n)	"{\"assign_adapter\":\"0x" n "\"}"
#define OD(n)	"{\"assign_domain\":\"0x" n "\"}"
#define OC(n)	"{\"assign_control_domain\":\"0x" n "\"}"
#define O56_1_12 \
	"[" OA("05") "," OA("06") "," OD("0001") "," OC("0001") "," OC("0002") "]\n"

#define ACTIONS	"\"actions\":[\"start\",\"stop\",\"define\",\"undefine\"," \
		"\"modify\",\"attributes\",\"capabilities\"]"

/* The messages. */
#define E_ACTIVE(apqns, uuid) \
	"APQNs " apqns " are in use by the active vfio_ap device " uuid "\n"
#define E_AUTO(apqns, uuid) \
	"APQNs " apqns " are also assigned to " uuid \
	", defined to start automatically\n"
#define W_MANUAL(apqns, uuid) \
	"warning: APQNs " apqns " are also assigned to " uuid \
	", defined to start manually: only one of the two can be active at a time\n"
#define E_LIMIT(i, attr, val, what_id, what_max) \
	"attrs[" i "] " attr "=\"" val "\": " what_id \
	" is above this machine's highest " what_max "\n"

/* Inputs and outputs too long for one line. */
#define CAPS_IN_V2 \
	"{\"provides\":{\"version\":2," ACTIONS ",\"events\":" \
	"[\"pre\",\"post\",\"notify\",\"get\",\"live\"]}}"
#define CAPS_OUT_V2 \
	"{\"supports\":{\"version\":2," ACTIONS ",\"events\":" \
	"[\"pre\",\"post\",\"get\",\"live\"]}}\n"
#define CAPS_IN_V1 \
	"{\"provides\":{\"version\":1,\"actions\":[\"start\"," \
	"\"stop\"],\"events\":[\"pre\",\"post\"]}}"
#define CAPS_OUT_V1 \
	"{\"supports\":{\"version\":1,\"actions\":[\"start\"," \
	"\"stop\"],\"events\":[\"pre\",\"post\"]}}\n"
#define BAD_ATTRS \
	AA("5x") ",{\"assign_fun\":\"1\"}," \
	"{\"assign_domain\":1},{\"a\":\"1\",\"b\":\"2\"}," \
	"{\"ap_config\":\"0x1\"}"
#define APQNS_16 \
	"00.0000 00.0001 00.0002 00.0003 01.0000 01.0001 " \
	"01.0002 01.0003 and 8 more"

#define E_NO_AP_CONFIG(uuid) \
	"vfio_ap device " uuid " has no ap_config attribute: " \
	"its driver cannot change the whole matrix at once\n"

/* 60 zero digits: the tail of an ap_config mask. */
#define Z60	"000000000000000000000000000000000000000000000000000000000000"

static const struct tcase cases[] = {
	{ .name = "another type: exit 2, silent",
	  .type = "vfio_ccw-io", .event = "pre", .action = "start", .uuid = U9,
	  .input = "{\"mdev_type\":\"vfio_ccw-io\",\"start\":\"manual\"}",
	  .rc = 2 },
	{ .name = "another type: capabilities, exit 2",
	  .type = "mdevsim", .event = "get", .action = "capabilities",
	  .uuid = U9, .input = "{}", .rc = 2 },
	{ .name = "capabilities of mdevctl 1.4",
	  .event = "get", .action = "capabilities", .uuid = U9,
	  .input = CAPS_IN_V2, .out = CAPS_OUT_V2 },
	{ .name = "capabilities: only what mdevctl offers",
	  .event = "get", .action = "capabilities", .uuid = U9,
	  .input = CAPS_IN_V1, .out = CAPS_OUT_V1 },
	{ .name = "get attributes of an active device",
	  .active = { U1 " 5,6 1 1-2" },
	  .event = "get", .action = "attributes", .uuid = U1,
	  .out = O56_1_12 },
	{ .name = "get attributes from matrix and control_domains",
	  .active = { U1 " 5,6 1 1-2" }, .old_driver = true,
	  .event = "get", .action = "attributes", .uuid = U1,
	  .out = O56_1_12 },
	{ .name = "get attributes of an empty matrix",
	  .active = { U1 " - - -" },
	  .event = "get", .action = "attributes", .uuid = U1, .out = "[]\n" },
	{ .name = "get attributes of a device that is not active",
	  .event = "get", .action = "attributes", .uuid = U1, .rc = 1,
	  .err = "vfio_ap device " U1 " is not active\n" },
	{ .name = "pre define: no conflict",
	  .active = { U1 " 5 2 -" },
	  .defined = { U2 " " CFG("auto", AA("6") "," AD("1")) },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1) },
	{ .name = "pre start: overlap with an active device",
	  .active = { U1 " 4-5 0-1 -" },
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", A5D1), .rc = 1,
	  .err = E_ACTIVE("05.0001", U1) },
	{ .name = "pre start: overlap with an active device (older driver)",
	  .active = { U1 " 4-5 0-1 -" }, .old_driver = true,
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", A5D1), .rc = 1,
	  .err = E_ACTIVE("05.0001", U1) },
	{ .name = "pre modify: the device's own active matrix is no conflict",
	  .active = { U3 " 5 1 -" },
	  .event = "pre", .action = "modify", .uuid = U3,
	  .input = CFG("auto", A5D1) },
	{ .name = "pre define: control domains may be shared",
	  .active = { U1 " 5 2 1" },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1 ",{\"assign_control_domain\":\"1\"}") },
	{ .name = "pre define: overlap with an autostart definition",
	  .defined = { U2 " " CFG("auto", A5D1 "," AD("2")) },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1 ",{\"assign_domain\":\"2\"}"), .rc = 1,
	  .err = E_AUTO("05.0001 05.0002", U2) },
	{ .name = "pre define: overlap with a manual definition warns",
	  .defined = { U2 " " CFG("manual", A5D1) },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1),
	  .err = W_MANUAL("05.0001", U2) },
	{ .name = "pre start: active and defined device named once",
	  .active = { U2 " 5 1 -" }, .defined = { U2 " " CFG("auto", A5D1) },
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", A5D1), .rc = 1,
	  .err = E_ACTIVE("05.0001", U2) },
	{ .name = "pre define: broken vfio_ap definition ignored with a warning",
	  .defined = { U2 " {\"mdev_type\":\"" T "\",\"attrs\":[{\"assign_adapter\":\"x\"}]}",
		       U1 " {\"mdev_type\":\"mdevsim-copy\",\"attrs\":[{\"weird\":\"x\"}]}" },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1),
	  .err = "warning: ignoring the definition ROOT/etc/mdevctl.d/matrix/" U2
		 ": attrs[0] assign_adapter=\"x\": not a number\n" },
	{ .name = "pre start: queues reserved for the host",
	  .apmask = "0-5", .aqmask = "1",
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", A5D1 ",{\"assign_adapter\":\"6\"},{\"assign_domain\":\"2\"}"),
	  .rc = 1,
	  .err = "APQNs 05.0001 are reserved for host drivers by /sys/bus/ap/apmask and aqmask\n" },
	{ .name = "pre start: adapter in apmask, domain not in aqmask",
	  .apmask = "0-5", .aqmask = "0",
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", A5D1) },
	{ .name = "pre define: adapter above ap_max_adapter_id",
	  .max_apid = "63\n", .max_apqi = "15\n",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"assign_adapter\":\"64\"},{\"assign_domain\":\"15\"}"),
	  .rc = 1,
	  .err = E_LIMIT("0", "assign_adapter", "64", "adapter 64",
			 "adapter ID 63") },
	{ .name = "pre define: IDs at the limits",
	  .max_apid = "63\n", .max_apqi = "15\n",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", AA("0x3f") "," AD("017") "," AC("15")) },
	{ .name = "pre define: domain and control domain above the limit",
	  .max_apid = "63\n", .max_apqi = "15\n",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"assign_domain\":\"16\"},{\"assign_control_domain\":\"0x10\"}"),
	  .rc = 1,
	  .err = E_LIMIT("0", "assign_domain", "16", "domain 16", "domain ID 15")
		 E_LIMIT("1", "assign_control_domain", "0x10",
			 "control domain 16", "control domain ID 15") },
	{ .name = "pre define: without limit files, 255 is the highest ID",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"assign_adapter\":\"255\"},{\"assign_adapter\":\"256\"}"),
	  .rc = 1,
	  .err = E_LIMIT("1", "assign_adapter", "256", "adapter 256",
			 "adapter ID 255") },
	{ .name = "pre define: control domains without a usage domain",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"assign_adapter\":\"5\"},{\"assign_control_domain\":\"3\"}"),
	  .rc = 1,
	  .err = "control domains 0003 are assigned without any usage domain\n" },
	{ .name = "pre define: control domain with a usage domain",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"assign_domain\":\"4\"},{\"assign_control_domain\":\"3\"}") },
	{ .name = "pre define: unassign undoes an assign",
	  .active = { U1 " 5 1 -" },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", A5D1 ",{\"unassign_adapter\":\"5\"},{\"assign_adapter\":\"6\"}") },
	{ .name = "pre define: ap_config attribute",
	  .active = { U1 " 1 1 -" },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", "{\"ap_config\":\"0x4,0x4,0x0\"}"), .rc = 1,
	  .err = E_ACTIVE("01.0001", U1) },
	{ .name = "pre define: malformed values",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", BAD_ATTRS),
	  .rc = 1,
	  .err = "attrs[0] assign_adapter=\"5x\": not a number\n"
		 "attrs[1]: \"assign_fun\" is not a vfio_ap attribute\n"
		 "attrs[2] assign_domain: the value is not a string\n"
		 "attrs[3]: not an object with exactly one member\n"
		 "attrs[4] ap_config=\"0x1\": not three hex masks separated by commas\n" },
	{ .name = "pre define: not JSON",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = "{\"mdev_type\": ", .rc = 1,
	  .err = "the device configuration is not valid JSON: unexpected end of data\n" },
	{ .name = "pre define: attrs not an array, bad start",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = "{\"mdev_type\":\"" T "\",\"start\":\"auto\",\"attrs\":{}}",
	  .rc = 1, .err = "\"attrs\" is not an array\n" },
	{ .name = "pre define: start neither auto nor manual",
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = "{\"mdev_type\":\"" T "\",\"start\":\"later\"}",
	  .rc = 1, .err = "\"start\" is neither \"auto\" nor \"manual\"\n" },
	{ .name = "pre define of an active device checks its matrix",
	  .active = { U3 " 5 1 -" }, .defined = { U2 " " CFG("auto", A5D1) },
	  .event = "pre", .action = "define", .uuid = U3,
	  .input = CFG("auto", ""), .rc = 1,
	  .err = E_AUTO("05.0001", U2) },
	{ .name = "pre start: long overlaps are cut after 8 APQNs",
	  .active = { U1 " 0-3 0-3 -" },
	  .event = "pre", .action = "start", .uuid = U3,
	  .input = CFG("manual", "{\"ap_config\":\"0xf,0xf,0x0\"}"), .rc = 1,
	  .err = E_ACTIVE(APQNS_16, U1) },
	{ .name = "pre stop and undefine pass",
	  .active = { U1 " 5 1 -" },
	  .event = "pre", .action = "stop", .uuid = U3,
	  .input = CFG("manual", A5D1) },
	{ .name = "pre start: a name that is not a UUID",
	  .event = "pre", .action = "start", .uuid = "matrix",
	  .input = CFG("manual", A5D1), .rc = 1,
	  .err = "\"matrix\" is not a UUID\n" },
};

/* Replace ROOT in @want by the scratch root. */
static char *expand(const char *want)
{
	const char *p = want ? strstr(want, "ROOT") : NULL;
	char *s;

	if (!p)
		return strdup(want ? want : "");
	if (asprintf(&s, "%.*s%s%s", (int)(p - want), want, root, p + 4) < 0)
		exit(1);
	return s;
}

static void run_case(const struct tcase *c)
{
	char rel[256], *want_err, *want_out;
	struct run r;
	unsigned int i;
	bool ok;

	new_root();
	for (i = 0; i < 4 && c->active[i]; i++)
		make_active(c->active[i], c->old_driver);
	for (i = 0; i < 4 && c->defined[i]; i++) {
		snprintf(rel, sizeof(rel), AP_MDEVCTL_DIR "/matrix/%.36s",
			 c->defined[i]);
		write_file(rel, c->defined[i] + 37);
	}
	if (c->apmask)
		make_mask("apmask", c->apmask);
	if (c->aqmask)
		make_mask("aqmask", c->aqmask);
	if (c->max_apid)
		write_file(AP_BUS_DIR "/ap_max_adapter_id", c->max_apid);
	if (c->max_apqi)
		write_file(AP_BUS_DIR "/ap_max_domain_id", c->max_apqi);

	r = run_callout(c->type ? c->type : T, c->event, c->action, c->uuid,
			c->input, NULL);
	want_err = expand(c->err);
	want_out = expand(c->out);
	ok = r.rc == c->rc;
	if (!ok)
		printf("#   exit code %d, want %d\n", r.rc, c->rc);
	ok &= expect_str("stderr", r.err, want_err);
	ok &= expect_str("stdout", r.out, want_out);
	free_run(&r);
	free(want_err);
	free(want_out);

	/* A passing pre keeps the lock; post must end it. */
	if (!strcmp(c->event, "pre") && c->rc == 0 &&
	    strcmp(c->action, "stop")) {
		if (lock_free()) {
			printf("#   pre passed but the lock is free\n");
			ok = false;
		}
		r = run_callout(T, "post", c->action, c->uuid, c->input, NULL);
		ok &= r.rc == 0 && expect_str("post stderr", r.err, "");
		free_run(&r);
		if (!lock_free()) {
			printf("#   the lock is still held after post\n");
			ok = false;
		}
		reap();
	} else if (!lock_free()) {
		printf("#   the lock is held after a %s event that did not pass\n",
		       c->event);
		ok = false;
	}
	result(ok, c->name);
}

/* --- live modify ------------------------------------------------------- */

static void test_live(void)
{
	char rel[256], *cfg;
	struct run r;
	bool ok;
	const char *before_u1;

	new_root();
	make_active(U1 " 5 1 -", false);
	make_active(U3 " 6 1 -", false);
	snprintf(rel, sizeof(rel), AP_MATRIX_DIR "/%s/ap_config", U3);
	r = run_callout(T, "live", "modify", U3,
			CFG("manual", AA("6") "," AA("7") "," AD("1") "," AC("2")),
			NULL);
	cfg = read_rel(rel);
	ok = r.rc == 0 && expect_str("stderr", r.err, "") &&
	     expect_str("ap_config", cfg,
			"0x0300" Z60 ",0x4000" Z60 ",0x2000" Z60 "\n");
	ok &= lock_free();
	free(cfg);
	free_run(&r);
	result(ok, "live modify: the new matrix written to ap_config at once");

	before_u1 = "0x0300" Z60 ",0x4000" Z60 ",0x2000" Z60 "\n";
	r = run_callout(T, "live", "modify", U3, CFG("manual", A5D1), NULL);
	cfg = read_rel(rel);
	ok = r.rc == 1 &&
	     expect_str("stderr", r.err,
			E_ACTIVE("05.0001", U1)) &&
	     expect_str("ap_config", cfg, before_u1);
	ok &= lock_free();
	free(cfg);
	free_run(&r);
	result(ok, "live modify: a conflict leaves the device unchanged");

	r = run_callout(T, "live", "modify", U2, CFG("manual", ""), NULL);
	ok = r.rc == 1 &&
	     expect_str("stderr", r.err, "vfio_ap device " U2 " is not active\n");
	free_run(&r);
	result(ok, "live modify: a device that is not active");

	make_active(U2 " 6 2 -", true);
	r = run_callout(T, "live", "modify", U2, CFG("manual", ""), NULL);
	ok = r.rc == 1 &&
	     expect_str("stderr", r.err, E_NO_AP_CONFIG(U2));
	free_run(&r);
	result(ok, "live modify: a driver without ap_config");

	/*
	 * The driver's refusal: here a write that fails (a directory). The
	 * matrix and control_domains files still tell the device's matrix.
	 */
	snprintf(rel, sizeof(rel), AP_MATRIX_DIR "/%s/ap_config/x", U2);
	write_file(rel, "");
	r = run_callout(T, "live", "modify", U2, CFG("manual", ""), NULL);
	ok = r.rc == 1 &&
	     expect_str("stderr", r.err,
			"vfio_ap did not take the new matrix of " U2
			" (Is a directory): the device is unchanged\n");
	free_run(&r);
	result(ok, "live modify: a failed ap_config write is reported");
}

/* An active device whose files cannot be read is reported, not fatal. */
static void test_unreadable_active(void)
{
	struct run r;
	bool ok;

	new_root();
	write_file(AP_MATRIX_DIR "/" U1 "/ap_config", "garbage\n");
	r = run_callout(T, "pre", "start", U3, CFG("manual", A5D1), NULL);
	ok = r.rc == 0 &&
	     expect_str("stderr", r.err,
			"warning: cannot read the matrix of the active device "
			U1 "; not checked against it\n");
	free_run(&r);
	r = run_callout(T, "post", "start", U3, "{}", NULL);
	ok &= r.rc == 0 && lock_free();
	free_run(&r);
	reap();
	result(ok, "pre start: an unreadable active device is a warning");
}

/* --- the lock ---------------------------------------------------------- */

/*
 * A stand-in for one mdevctl command: a child process that runs the
 * callout's pre event, reports its exit code, waits for a byte, runs post
 * (or, for a byte 'k', exits at once as a crashed mdevctl would), reports
 * again and exits.
 */
struct owner {
	pid_t pid;
	int cmd;	/* write end: commands to the child */
	int rep;	/* read end: exit codes from the child */
};

static struct owner start_owner(const char *uuid, const char *input,
				const char *wait_s)
{
	int cmd[2], rep[2];
	char c, errfile[8192];
	struct owner o;
	struct run r;
	FILE *f;

	if (pipe(cmd) || pipe(rep))
		exit(1);
	fflush(stdout);
	o.pid = fork();
	if (o.pid < 0)
		exit(1);
	if (!o.pid) {
		close(cmd[1]);
		close(rep[0]);
		r = run_callout(T, "pre", "start", uuid, input, wait_s);
		c = (char)r.rc;
		snprintf(errfile, sizeof(errfile), "%s/owner-%s.err", scratch,
			 uuid);
		f = fopen(errfile, "w");
		if (!f || fputs(r.err, f) < 0 || fclose(f))
			_exit(1);
		if (write(rep[1], &c, 1) != 1)
			_exit(1);
		if (read(cmd[0], &c, 1) != 1 || c == 'k')
			_exit(0);
		free_run(&r);
		r = run_callout(T, "post", "start", uuid, input, wait_s);
		c = (char)r.rc;
		if (write(rep[1], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(cmd[0]);
	close(rep[1]);
	o.cmd = cmd[1];
	o.rep = rep[0];
	return o;
}

static int owner_result(struct owner *o)
{
	char c;

	return read(o->rep, &c, 1) == 1 ? c : -1;
}

static void owner_end(struct owner *o, char how)
{
	if (write(o->cmd, &how, 1) != 1)
		exit(1);
}

static void owner_wait(struct owner *o)
{
	while (waitpid(o->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(o->cmd);
	close(o->rep);
	reap();
}

static void test_lock(void)
{
	struct owner a, b, c;
	char busy[256], path[8192], *err;
	struct run r;
	bool ok;
	int rc;

	/*
	 * Two conflicting starts: A passes pre and creates its device; B,
	 * started after A's pre, waits for the lock and then sees A's device.
	 */
	new_root();
	a = start_owner(U1, CFG("manual", A5D1), "0");
	ok = owner_result(&a) == 0 && !lock_free();
	r = run_callout(T, "pre", "start", U2, CFG("manual", A5D1), "0");
	snprintf(busy, sizeof(busy),
		 "another mdevctl command (pid %d) is changing vfio_ap devices; try again when it has ended\n",
		 a.pid);
	ok &= r.rc == 1 && expect_str("stderr", r.err, busy);
	free_run(&r);
	result(ok, "lock: held from pre to post; a second command is refused");

	r = run_callout(T, "post", "start", U2, CFG("manual", A5D1), "0");
	ok = r.rc == 0 && !lock_free();
	free_run(&r);
	result(ok, "lock: post of another mdevctl leaves it held");

	b = start_owner(U2, CFG("manual", A5D1), "120");
	make_active(U1 " 5 1 -", false);	/* what mdevctl A does */
	owner_end(&a, 'p');
	ok = owner_result(&a) == 0;
	rc = owner_result(&b);
	snprintf(path, sizeof(path), "%s/owner-%s.err", scratch, U2);
	err = ap_read_file(path, 4096);
	ok &= rc == 1 && err &&
	      expect_str("stderr of B", err,
			 E_ACTIVE("05.0001", U1));
	free(err);
	owner_end(&b, 'k');
	owner_wait(&a);
	owner_wait(&b);
	ok &= lock_free();
	result(ok, "lock: of two conflicting concurrent starts exactly one wins");

	/* A crashed mdevctl: its holder goes with it. */
	new_root();
	c = start_owner(U1, CFG("manual", A5D1), "0");
	ok = owner_result(&c) == 0 && !lock_free();
	kill(c.pid, SIGKILL);
	owner_wait(&c);
	r = run_callout(T, "pre", "start", U2, CFG("manual", AA("6") "," AD("1")),
			"120");
	ok &= r.rc == 0 && expect_str("stderr", r.err, "");
	free_run(&r);
	r = run_callout(T, "post", "start", U2, "{}", "0");
	ok &= r.rc == 0 && lock_free();
	free_run(&r);
	reap();
	result(ok, "lock: ends when the mdevctl that holds it dies");

	/* A pre without post from the same mdevctl: the next pre takes over. */
	r = run_callout(T, "pre", "start", U1, CFG("manual", A5D1), "0");
	ok = r.rc == 0;
	free_run(&r);
	r = run_callout(T, "pre", "start", U2, CFG("manual", A5D1), "0");
	ok &= r.rc == 0 && expect_str("stderr", r.err, "");
	free_run(&r);
	r = run_callout(T, "post", "start", U2, "{}", "0");
	ok &= r.rc == 0 && lock_free();
	free_run(&r);
	reap();
	result(ok, "lock: a pre without its post is taken over by the same mdevctl");
}

int main(int argc, char **argv)
{
	size_t i;
	char cmd[256];

	if (argc != 2) {
		fprintf(stderr, "usage: callout-test CALLOUT\n");
		return 2;
	}
	callout = argv[1];
	snprintf(scratch, sizeof(scratch), "/tmp/callout-test.XXXXXX");
	if (!mkdtemp(scratch)) {
		perror("mkdtemp");
		return 1;
	}
	/* Lock holders are reparented here, not to init: reap() ends them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	test_parse_id();
	test_parse_masks();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	test_live();
	test_unreadable_active();
	test_lock();

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd))
		failed++;
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

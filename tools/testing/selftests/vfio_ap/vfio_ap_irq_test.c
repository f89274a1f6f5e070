// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap on apsim: the lifetime of a queue's interruption resources (the
 * pinned notification indicator byte, NIB, and the guest ISC registered
 * with the GISA) and queue resets that do not complete.
 *
 * The machine: adapters 4 (CEX7C) and 5 (CEX8P), usage domains 1 and 2,
 * control domain 1, all released from the host. mdev A assigns adapter 4
 * with domains 1 and 2, mdev B adapter 5 with domain 1; each has an apsim
 * guest named after it. The guest's memory is one page mapped at NIB_IOVA
 * into A's IOAS (iommufd cdev); its PQAP(AQIC) goes through apsim's
 * guests/<uuid>/pqap, and apsim's "interrupt" makes the simulated adapter
 * store the NIB.
 *
 * Whatever ends a queue's membership in a guest (unassign, unbind, close,
 * a reset that fails) must give the pin back through the device that took
 * it and unregister the ISC from the guest that has it, before either can
 * go away; a page the adapter may still store into must stay allocated.
 * Resets that do not complete must not hold the locks other mdevs need:
 * apsim's "hold" knob keeps a reset in progress, its "held" file says when
 * the driver's reset has reached the queue, and the test checks that
 * another mdev can be opened and used before it lets the reset finish.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vfio_util.h"

#define BUS		"/sys/bus/ap"
#define CFS		"/sys/kernel/config/apsim"
#define DBG		"/sys/kernel/debug/apsim"
#define MATRIX		"/sys/devices/vfio_ap/matrix"
#define CREATE		MATRIX "/mdev_supported_types/vfio_ap-passthrough/create"
#define FULL		"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

#define UA		"5d1e2c3a-7b40-4e0a-9c1d-0a0000000001"
#define UB		"5d1e2c3a-7b40-4e0a-9c1d-0a0000000002"

#define NIB_IOVA	0x10000
#define NIB_OFF		0x42
#define PAGE		4096

/*
 * The held-reset tests end long before vfio_ap's polling budget (60 s of
 * 20 ms polls) runs out; the timeout is only there to let a test that
 * waits on a blocked lock fail instead of hanging.
 */
#define STUCK_TIMEOUT	180

/* ---- files ------------------------------------------------------------ */

static int wrf(const char *val, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return zv_write_file(path, val);
}

/* The whole file (up to @size - 1 bytes), trailing newlines removed. */
static int rdf(char *buf, size_t size, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	return zv_read_file(path, buf, size);
}

/* The value after "KEY" in the line of @file that starts with @start. */
static const char *line_value(const char *file, const char *start, const char *key)
{
	static char buf[65536], val[128];
	char *line, *p;
	size_t n;

	val[0] = '\0';
	if (zv_read_file(file, buf, sizeof(buf)))
		return "(unreadable)";
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, start, strlen(start)))
			continue;
		p = strstr(line, key);
		if (!p)
			return "(no such field)";
		p += strlen(key);
		n = strcspn(p, " ");
		if (!strcmp(key + strlen(key) - 1, " "))
			n = strlen(p);
		snprintf(val, sizeof(val), "%.*s", (int)n, p);
		return val;
	}
	return "(no such line)";
}

/* gisc_refs of guest @uuid: the registrations per guest ISC. */
static const char *gisc_refs(const char *uuid)
{
	char path[256];

	snprintf(path, sizeof(path), DBG "/guests/%s/state", uuid);
	return line_value(path, "gisc_refs", "gisc_refs ");
}

/* A field of a simulated queue, e.g. qfield("04.0001", "irq="). */
static const char *qfield(const char *apqn, const char *key)
{
	return line_value(DBG "/queues", apqn, key);
}

/* The guest's PQAP(AQIC) @cmd on behalf of @uuid, and the answer it got. */
static const char *guest_pqap(const char *uuid, const char *cmd)
{
	static char out[128];
	int ret;

	ret = wrf(cmd, DBG "/guests/%s/pqap", uuid);
	if (ret) {
		snprintf(out, sizeof(out), "write: %s", zv_errname(ret));
		return out;
	}
	if (rdf(out, sizeof(out), DBG "/guests/%s/pqap", uuid))
		return "read failed";
	return out;
}

/* The guest view of an mdev as one line ("04.0001 04.0002"). */
static const char *view_of(const char *uuid)
{
	static char buf[4096];
	char *p;

	if (rdf(buf, sizeof(buf), MATRIX "/%s/guest_matrix", uuid))
		return "(unreadable)";
	for (p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return buf;
}

/* Script a simulated queue; the words apply all or nothing. */
static int qctl(const char *apqn, const char *words)
{
	char line[128];

	snprintf(line, sizeof(line), "%s %s", apqn, words);
	return zv_write_file(DBG "/queue_ctl", line);
}

/*
 * Block until the driver polls (TAPQ) a queue whose reset is kept in
 * progress by its hold knob; apsim's "held" file returns that queue.
 */
static const char *wait_held(void)
{
	static char buf[32];

	if (zv_read_file(DBG "/held", buf, sizeof(buf)))
		return "(held unreadable)";
	return buf;
}

static int load_module(const char *name)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "modprobe %s", name);
	return system(cmd) ? -ENOEXEC : 0;
}

/* ---- the machine ------------------------------------------------------- */

/* Give every queue back and leave apsim without adapters or domains. */
static void machine_clear(void)
{
	static const char * const apqns[] = { "04.0001", "04.0002", "05.0001",
					      "05.0002" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(apqns); i++)
		qctl(apqns[i], "clear");
	zv_mdev_remove(UA);
	zv_mdev_remove(UB);
	wrf("destroy " UA, DBG "/guest_ctl");
	wrf("destroy " UB, DBG "/guest_ctl");
	rmdir(CFS "/adapters/4");
	rmdir(CFS "/adapters/5");
	wrf("\n", CFS "/usage_domains");
	wrf("\n", CFS "/control_domains");
	wrf("1", CFS "/commit");
	wrf(FULL, BUS "/apmask");
	wrf(FULL, BUS "/aqmask");
}

FIXTURE(ap) {
	struct zv_dev a, b;
	unsigned char *page;	/* the guest's memory, NIB_IOVA in A's IOAS */
	pid_t child;		/* a process blocked in a reset, or 0 */
};

FIXTURE_SETUP(ap)
{
	static const char * const steps[][2] = {
		{ "CEX7C", CFS "/adapters/4/type" },
		{ "CEX8P", CFS "/adapters/5/type" },
		{ "1-2", CFS "/usage_domains" },
		{ "1", CFS "/control_domains" },
		{ "1", CFS "/commit" },
		{ "-4-5", BUS "/apmask" },
		{ UA, CREATE },
		{ UB, CREATE },
		{ "4", MATRIX "/" UA "/assign_adapter" },
		{ "1", MATRIX "/" UA "/assign_domain" },
		{ "2", MATRIX "/" UA "/assign_domain" },
		{ "5", MATRIX "/" UB "/assign_adapter" },
		{ "1", MATRIX "/" UB "/assign_domain" },
		{ "create " UA, DBG "/guest_ctl" },
		{ "create " UB, DBG "/guest_ctl" },
	};
	unsigned int i;
	int ret;

	zv_init(&self->a);
	zv_init(&self->b);
	self->page = MAP_FAILED;
	self->child = 0;
	load_module("iommufd");
	ASSERT_EQ(0, load_module("apsim"));
	ASSERT_EQ(0, load_module("vfio_ap"));
	machine_clear();

	ASSERT_EQ(0, mkdir(CFS "/adapters/4", 0755));
	ASSERT_EQ(0, mkdir(CFS "/adapters/5", 0755));
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		ret = zv_write_file(steps[i][1], steps[i][0]);
		ASSERT_EQ(0, ret) TH_LOG("writing '%s' to %s: %s", steps[i][0],
					 steps[i][1], zv_errname(ret));
	}
	ASSERT_STREQ("04.0001 04.0002", view_of(UA));
}

FIXTURE_TEARDOWN(ap)
{
	/* Let a reset that is still held finish, then reap its process. */
	qctl("04.0001", "hold=0");
	if (self->child > 0)
		waitpid(self->child, NULL, 0);
	zv_close(&self->a);
	zv_close(&self->b);
	if (self->page != MAP_FAILED)
		munmap(self->page, PAGE);
	machine_clear();
}

/* Open A through @path and map the guest's page at NIB_IOVA. */
static int open_a_by(struct _test_data_ap *self, enum zv_path path)
{
	int ret = zv_open(&self->a, path, UA);

	if (ret)
		return ret;
	self->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (self->page == MAP_FAILED)
		return -errno;
	memset(self->page, 0, PAGE);
	return zv_dma_map(&self->a, NIB_IOVA, self->page, PAGE);
}

/* The iommufd cdev, unless a test says otherwise. */
static int open_a(struct _test_data_ap *self)
{
	return open_a_by(self, ZV_PATH_CDEV);
}

#define NIB_ON(apqn, gisc) apqn " on " #gisc " 0x10042"

/* ---- interruption resources outlive nothing they depend on ------------- */

/*
 * Trigger A of the review: a linked queue outside the guest view (04.0002
 * unbound takes adapter 4 out of it) is not the guest's to enable, and an
 * unassign that does not change the view leaves nothing behind. Then the
 * guest is destroyed, the device closed, the mdev removed and adapter 4
 * unplugged, the order in which a pin kept past its owner was dereferenced.
 * Covers: AP-KVM-04 AP-FLT-01 AP-Q-02 AP-ATTR-02 bug-A4 bug-A7
 */
TEST_F(ap, aqic_outside_guest_view)
{
	ASSERT_EQ(0, open_a(self));
	ASSERT_EQ(0, wrf("04.0002", BUS "/drivers/vfio_ap/unbind"));
	ASSERT_STREQ(".0001 .0002", view_of(UA));

	EXPECT_STREQ("cc=3 rc=0x01 irq=0", guest_pqap(UA, NIB_ON("04.0001", 3)));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/unassign_adapter"));
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));

	EXPECT_EQ(0, wrf("destroy " UA, DBG "/guest_ctl"));
	zv_close(&self->a);
	EXPECT_EQ(0, zv_mdev_remove(UA));
	EXPECT_EQ(0, rmdir(CFS "/adapters/4"));
	EXPECT_EQ(0, wrf("1", CFS "/commit"));
}

/*
 * Trigger B: the reset at close ends FAILED while interruptions are on. The
 * close still disables them and releases pin and ISC against the guest it
 * is detaching.
 */
static void close_with_failed_reset(struct __test_metadata *_metadata,
				    struct _test_data_ap *self,
				    const char *script, enum zv_path path)
{
	ASSERT_EQ(0, open_a_by(self, path));
	ASSERT_STREQ("cc=0 rc=0x00 irq=1", guest_pqap(UA, NIB_ON("04.0001", 3)));
	ASSERT_EQ(0, qctl("04.0001", script));
}

/*
 * An unexpected ZAPQ answer leaves the queue (and its interruptions) as it
 * was. Through the VFIO container nothing unmaps the NIB at close, so
 * only the close itself can release pin and ISC; removing the mdev then
 * finds nothing to release on a device that is no longer open.
 * Covers: AP-KVM-02 AP-KVM-06 AP-RST-01 AP-LIFE-02 bug-A4 bug-A6
 */
TEST_F(ap, zapq_fails_at_close)
{
	close_with_failed_reset(_metadata, self, "inject=zapq:0x06",
				ZV_PATH_LEGACY);
	zv_close(&self->a);
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_EQ(0, zv_mdev_remove(UA));
}

/*
 * ZAPQ accepted, then TAPQ answers something unexpected; the guest is
 * destroyed while attached, so the close drops the last reference on it.
 * Nothing may touch it afterwards: not the iommufd unmap of the whole IOAS
 * that follows the close, not the removal of the mdev.
 * Covers: AP-KVM-02 AP-KVM-06 AP-KVM-07 AP-RST-02 bug-A4 bug-A6
 */
TEST_F(ap, tapq_fails_at_close)
{
	close_with_failed_reset(_metadata, self, "inject=tapq:0x06",
				ZV_PATH_CDEV);
	EXPECT_EQ(0, wrf("destroy " UA, DBG "/guest_ctl"));
	zv_close(&self->a);
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_EQ(0, zv_mdev_remove(UA));
}

/*
 * Unassigning a domain takes 04.0001 out of the view and away from the
 * mdev; its reset fails. The guest can no longer reach the queue, so the
 * driver must not keep the guest's pin and ISC on it.
 * Covers: AP-ATTR-04 AP-RST-04 AP-KVM-06 bug-A4 bug-A7
 */
TEST_F(ap, reset_fails_at_unassign)
{
	ASSERT_EQ(0, open_a(self));
	ASSERT_STREQ("cc=0 rc=0x00 irq=1", guest_pqap(UA, NIB_ON("04.0001", 3)));
	ASSERT_EQ(0, qctl("04.0001", "inject=zapq:0x06"));

	EXPECT_EQ(0, wrf("1", MATRIX "/" UA "/unassign_domain"));
	EXPECT_STREQ("04.0002", view_of(UA));
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_STREQ("cc=3 rc=0x01 irq=0", guest_pqap(UA, "04.0001 off"));
	EXPECT_EQ(0, zv_dma_unmap(&self->a, NIB_IOVA, PAGE));
}

/*
 * The queue is unbound from vfio_ap while interruptions are on and its
 * reset fails: interruptions are turned off before pin and ISC go.
 * Covers: AP-Q-02 AP-KVM-06 AP-RST-04 bug-A4 bug-A7
 */
TEST_F(ap, reset_fails_at_unbind)
{
	ASSERT_EQ(0, open_a(self));
	ASSERT_STREQ("cc=0 rc=0x00 irq=1", guest_pqap(UA, NIB_ON("04.0001", 3)));
	ASSERT_EQ(0, qctl("04.0001", "inject=zapq:0x06"));

	EXPECT_EQ(0, wrf("04.0001", BUS "/drivers/vfio_ap/unbind"));
	EXPECT_STREQ(".0001 .0002", view_of(UA));
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_EQ(0, zv_dma_unmap(&self->a, NIB_IOVA, PAGE));
}

/* ---- the adapter refuses to disable interruptions ---------------------- */

/*
 * AQIC(disable) answers busy on every try. The guest's own disable then
 * changes nothing: it is told so (0x05, interruptions still on) and keeps
 * pin and ISC, and an interruption still reaches its byte. A DMA unmap of
 * the byte's page cannot wait for the adapter: the pin and the ISC go,
 * but the page stays allocated while the adapter may store into it, so an
 * interruption after the guest freed its memory hits no freed page. A
 * reset that completes ends that.
 * Covers: AP-KVM-06 AP-KVM-07 AP-RST-02 bug-A5
 */
TEST_F(ap, disable_refused)
{
	ASSERT_EQ(0, open_a(self));
	ASSERT_STREQ("cc=0 rc=0x00 irq=1", guest_pqap(UA, NIB_ON("04.0001", 3)));

	ASSERT_EQ(0, qctl("04.0001", "inject=aqic:0x05:6"));
	EXPECT_STREQ("cc=3 rc=0x05 irq=1", guest_pqap(UA, "04.0001 off"));
	EXPECT_STREQ("0 0 0 1 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("1", qfield("04.0001", " irq="));
	EXPECT_EQ(0, wrf("04.0001", DBG "/interrupt"));
	EXPECT_EQ(1, self->page[NIB_OFF]);
	self->page[NIB_OFF] = 0;

	ASSERT_EQ(0, qctl("04.0001", "inject=aqic:0x05:6"));
	EXPECT_EQ(0, zv_dma_unmap(&self->a, NIB_IOVA, PAGE));
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("1", qfield("04.0001", " irq="));

	/* The guest frees its memory; the adapter still stores the byte. */
	EXPECT_EQ(0, munmap(self->page, PAGE));
	self->page = MAP_FAILED;
	EXPECT_EQ(0, wrf("04.0001", DBG "/interrupt"));

	EXPECT_EQ(0, zv_reset(self->a.fd));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
}

/*
 * An enabling AQIC that answers neither 0x00 nor 0x07 gives back what it
 * took and turns the queue's earlier interruptions off as well (as the
 * in-kernel driver does), releasing their pin and ISC.
 * Covers: AP-KVM-05 AP-KVM-06 bug-A5
 */
TEST_F(ap, enable_fails_disables_old)
{
	ASSERT_EQ(0, open_a(self));
	ASSERT_STREQ("cc=0 rc=0x00 irq=1", guest_pqap(UA, NIB_ON("04.0001", 3)));

	ASSERT_EQ(0, qctl("04.0001", "inject=aqic:0x05"));
	EXPECT_STREQ("cc=3 rc=0x05 irq=1", guest_pqap(UA, NIB_ON("04.0001", 5)));
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
	EXPECT_EQ(0, wrf("04.0001", DBG "/interrupt"));
	EXPECT_EQ(0, self->page[NIB_OFF]);
	EXPECT_EQ(0, zv_dma_unmap(&self->a, NIB_IOVA, PAGE));
}

/* ---- a reset that does not complete blocks nobody else ------------------ */

/*
 * With 04.0001's reset held in progress by @start (run in a child that
 * blocks until the reset ends), mdev B is opened and its guest's PQAP
 * answered, and @other (if not NULL) runs to its end; all while the reset
 * is still the same one (no further ZAPQ) and the driver still polls it
 * (it has not given up). Then the reset is let go and @start must succeed.
 */
static void while_held(struct __test_metadata *_metadata,
		       struct _test_data_ap *self, int (*start)(struct _test_data_ap *),
		       int (*other)(void))
{
	char zapqs[32];
	int status;

	ASSERT_EQ(0, qctl("04.0001", "hold=1"));
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child)
		_exit(start(self) ? 1 : 0);

	ASSERT_STREQ("04.0001", wait_held());
	snprintf(zapqs, sizeof(zapqs), "%s", qfield("04.0001", " zapq="));
	EXPECT_EQ(0, zv_open(&self->b, ZV_PATH_CDEV, UB));
	EXPECT_STREQ("cc=3 rc=0x06 irq=0", guest_pqap(UB, "05.0001 on 2 0x20000"));
	if (other)
		EXPECT_EQ(0, other());
	EXPECT_STREQ(zapqs, qfield("04.0001", " zapq="))
		TH_LOG("the driver gave up the held reset and started another");
	EXPECT_STREQ("04.0001", wait_held());
	EXPECT_EQ(0, waitpid(self->child, &status, WNOHANG))
		TH_LOG("the reset ended before the others were done");
	EXPECT_STREQ("1", qfield("04.0001", " held="));

	ASSERT_EQ(0, qctl("04.0001", "hold=0"));
	ASSERT_EQ(self->child, waitpid(self->child, &status, 0));
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
}

static int reset_a(struct _test_data_ap *self)
{
	return zv_reset(self->a.fd);
}

/*
 * VFIO_DEVICE_RESET waits for its queues without vfio_ap's locks.
 * Covers: AP-IOC-04 AP-RST-03 AP-MOD-09 bug-A2 bug-A6
 */
TEST_F_TIMEOUT(ap, held_reset_ioctl, STUCK_TIMEOUT)
{
	ASSERT_EQ(0, open_a(self));
	while_held(_metadata, self, reset_a, NULL);
}

/* The child opens A, enables interruptions and closes A again. */
static int open_close_a(struct _test_data_ap *self)
{
	int ret = open_a(self);

	if (ret)
		return ret;
	if (strcmp(guest_pqap(UA, NIB_ON("04.0001", 3)), "cc=0 rc=0x00 irq=1"))
		return -EIO;
	zv_close(&self->a);
	return 0;
}

/*
 * Closing the device resets its queues; the wait holds no lock. The device
 * is only ever open in the child, so that its close is the last one.
 * Covers: AP-KVM-02 AP-RST-03 AP-MOD-09 bug-A2 bug-A6
 */
TEST_F_TIMEOUT(ap, held_reset_close, STUCK_TIMEOUT)
{
	while_held(_metadata, self, open_close_a, NULL);
	EXPECT_STREQ("0 0 0 0 0 0 0 0", gisc_refs(UA));
	EXPECT_STREQ("0", qfield("04.0001", " irq="));
}

/* ap_config without domain 1: takes the bus's permission lock. */
static int config_a(struct _test_data_ap *self)
{
	char cfg[256];

	snprintf(cfg, sizeof(cfg), "0x%064x,0x%064x,0x%064x", 0, 0, 0);
	/* adapter 4, domain 2, control domain 1 (ID 0 is the leftmost bit) */
	memcpy(cfg + 2, "08", 2);
	memcpy(cfg + 2 + 64 + 3, "2", 1);
	memcpy(cfg + 2 + 2 * (64 + 3), "4", 1);
	return wrf(cfg, MATRIX "/" UA "/ap_config");
}

/* apmask asks every driver's in_use under the bus's permission lock. */
static int apmask_write(void)
{
	int ret = wrf("+6", BUS "/apmask");

	return ret ? ret : wrf("-6", BUS "/apmask");
}

/*
 * ap_config holds the AP permission lock while it changes the matrix; the
 * reset of a queue it unplugs is waited for after all locks are dropped,
 * so apmask writes go on meanwhile.
 * Covers: AP-ATTR-10 AP-RST-04 AP-MOD-09 AP-Q-03 bug-A2 bug-A6
 */
TEST_F_TIMEOUT(ap, held_reset_ap_config, STUCK_TIMEOUT)
{
	ASSERT_EQ(0, open_a(self));
	while_held(_metadata, self, config_a, apmask_write);
	EXPECT_STREQ("04.0002", view_of(UA));
}

static int unbind_04_0001(struct _test_data_ap *self)
{
	return wrf("04.0001", BUS "/drivers/vfio_ap/unbind");
}

/*
 * Unbinding a queue resets it (it stays in the host configuration); the
 * wait holds no lock.
 * Covers: AP-Q-02 AP-RST-04 AP-MOD-09 bug-A2 bug-A7
 */
TEST_F_TIMEOUT(ap, held_reset_unbind, STUCK_TIMEOUT)
{
	ASSERT_EQ(0, open_a(self));
	while_held(_metadata, self, unbind_04_0001, NULL);
	EXPECT_STREQ(".0001 .0002", view_of(UA));
}

TEST_HARNESS_MAIN

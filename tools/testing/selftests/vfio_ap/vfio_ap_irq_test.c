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
 *
 * The configuration change IRQ (VFIO_AP_CFG_CHG_IRQ_INDEX, Linux 6.15's
 * uAPI) must fire exactly when the APCB of the attached guest changes,
 * once per change, and never when a write leaves it as it was; when an
 * open mdev is removed, the guest's APCB is emptied and the change
 * signalled before the request IRQ asks for the device. Each test reads
 * the counter of a non-blocking eventfd right after the operation, which
 * has returned only once the driver is done with it: 1, or EAGAIN.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vfio_util.h"
#include "vfio_ap_uapi.h"

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
	int cfg;		/* configuration change eventfd of A, or -1 */
	int cfg_b;		/* the same of B */
	int req;		/* request eventfd of A, or -1 */
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
	self->cfg = -1;
	self->cfg_b = -1;
	self->req = -1;
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
	if (self->cfg >= 0)
		close(self->cfg);
	if (self->cfg_b >= 0)
		close(self->cfg_b);
	if (self->req >= 0)
		close(self->req);
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

/* ---- the configuration change IRQ --------------------------------------- */

/* Consume the counter of a non-blocking eventfd: the count, or -errno. */
static long long efd_count(int efd)
{
	__u64 v;

	if (read(efd, &v, sizeof(v)) != sizeof(v))
		return -errno;
	return v;
}

#define IDS(...)	((const int[]){ __VA_ARGS__, -1 })
#define NONE		((const int[]){ -1 })

/* One 256-bit mask in ap_config notation (ID 0 leftmost), IDs end in -1. */
static void mask_of(char *buf, const int *ids)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char nib[64] = { 0 };
	int i;

	for (; *ids >= 0; ids++)
		nib[*ids / 4] |= 8 >> (*ids % 4);
	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 64; i++)
		buf[2 + i] = hex[nib[i]];
	buf[66] = '\0';
}

/* "apm,aqm,adm" as ap_config takes it and apsim's guest apcb shows it. */
static const char *masks(const int *apm, const int *aqm, const int *adm)
{
	static char buf[3 * 67];

	mask_of(buf, apm);
	buf[66] = ',';
	mask_of(buf + 67, aqm);
	buf[133] = ',';
	mask_of(buf + 134, adm);
	return buf;
}

/* The masks vfio_ap loaded into the simulated guest @uuid. */
static const char *apcb_of(const char *uuid)
{
	static char buf[256];

	if (rdf(buf, sizeof(buf), DBG "/guests/%s/apcb", uuid))
		return "(unreadable)";
	return buf;
}

/* Open A and set a new eventfd as its configuration change trigger. */
static int open_a_cfg(struct _test_data_ap *self)
{
	int ret = open_a(self);

	if (ret)
		return ret;
	self->cfg = zv_eventfd();
	if (self->cfg < 0)
		return -errno;
	return zv_irq_set_fd(self->a.fd, VFIO_AP_CFG_CHG_IRQ_INDEX, self->cfg);
}

/*
 * Two IRQ indexes, numbered as in Linux 6.15: the request IRQ and the
 * configuration change IRQ, one eventfd each, which is what QEMU 10 asks
 * for before it sets the second one; there is no third.
 * Covers: AP-IOC-01 AP-IOC-02 AP-IRQ-01
 */
TEST_F(ap, cfg_irq_info)
{
	struct vfio_device_info info;
	struct vfio_irq_info irq;
	__u32 index;

	ASSERT_EQ(0, open_a(self));
	ASSERT_EQ(0, zv_device_info(self->a.fd, &info));
	EXPECT_EQ(2, info.num_irqs);
	EXPECT_EQ(1, VFIO_AP_CFG_CHG_IRQ_INDEX);
	for (index = 0; index < 2; index++) {
		ASSERT_EQ(0, zv_irq_info(self->a.fd, index, &irq));
		EXPECT_EQ(index, irq.index);
		EXPECT_EQ(VFIO_IRQ_INFO_EVENTFD, irq.flags);
		EXPECT_EQ(1, irq.count);
	}
	EXPECT_EQ(-EINVAL, zv_irq_info(self->a.fd, 2, &irq));
}

/* SET_IRQS with one s32 of data and any start and count. */
static int set_irqs_raw(int fd, __u32 index, __u32 flags, __u32 start,
			__u32 count, __s32 data)
{
	union {
		struct vfio_irq_set set;
		__u8 raw[sizeof(struct vfio_irq_set) + sizeof(__s32)];
	} req;

	memset(&req, 0, sizeof(req));
	req.set.argsz = sizeof(req.raw);
	req.set.index = index;
	req.set.flags = flags;
	req.set.start = start;
	req.set.count = count;
	memcpy(req.set.data, &data, sizeof(data));
	return ioctl(fd, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

#define TRIG_FD		(VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_EVENTFD)

/*
 * SET_IRQS on the configuration change index takes what the request index
 * takes and refuses the rest with the same errno: only a trigger of
 * vector 0 with an eventfd, or -1 to unset it. Index 2 does not exist.
 * Covers: AP-IOC-03 AP-IRQ-01
 */
TEST_F(ap, cfg_set_irqs_errnos)
{
	int efd, pipefd[2], closed;
	unsigned int i;
	__u32 index;

	ASSERT_EQ(0, open_a(self));
	efd = zv_eventfd();
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, pipe(pipefd));
	closed = dup(efd);
	ASSERT_LE(0, closed);
	close(closed);

	const struct {
		const char *what;
		__u32 flags, start, count;
		__s32 data;
		int err;
	} cases[] = {
		{ "fd -2", TRIG_FD, 0, 1, -2, -EINVAL },
		{ "not an eventfd", TRIG_FD, 0, 1, pipefd[0], -EINVAL },
		{ "closed fd", TRIG_FD, 0, 1, closed, -EBADF },
		{ "bool data", VFIO_IRQ_SET_ACTION_TRIGGER |
		  VFIO_IRQ_SET_DATA_BOOL, 0, 1, 1, -EINVAL },
		{ "no data", VFIO_IRQ_SET_ACTION_TRIGGER |
		  VFIO_IRQ_SET_DATA_NONE, 0, 0, 0, -EINVAL },
		{ "mask", VFIO_IRQ_SET_ACTION_MASK |
		  VFIO_IRQ_SET_DATA_EVENTFD, 0, 1, efd, -EINVAL },
		{ "unmask", VFIO_IRQ_SET_ACTION_UNMASK |
		  VFIO_IRQ_SET_DATA_EVENTFD, 0, 1, efd, -EINVAL },
		{ "start 1", TRIG_FD, 1, 1, efd, -EINVAL },
		{ "count 2", TRIG_FD, 0, 2, efd, -EINVAL },
		{ "unknown flag", TRIG_FD | 0x80000000u, 0, 1, efd, -EINVAL },
		{ "eventfd", TRIG_FD, 0, 1, efd, 0 },
		{ "unset", TRIG_FD, 0, 1, -1, 0 },
		{ "unset again", TRIG_FD, 0, 1, -1, 0 },
	};

	/* Braces: EXPECT_*() with TH_LOG() is more than one statement. */
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		for (index = 0; index < 2; index++) {
			EXPECT_EQ(cases[i].err,
				  set_irqs_raw(self->a.fd, index, cases[i].flags,
					       cases[i].start, cases[i].count,
					       cases[i].data))
				TH_LOG("index %u, %s", index, cases[i].what);
		}
	}
	EXPECT_EQ(-EINVAL, set_irqs_raw(self->a.fd, 2, TRIG_FD, 0, 1, efd));
	close(pipefd[0]);
	close(pipefd[1]);
	close(efd);
}

/*
 * Adapters: unassigning one in the guest view and assigning it back each
 * change the guest's APCB once. Unassigning one that is not assigned, and
 * assigning one vfio_ap may take but that is not configured, change
 * nothing. The other mdev's eventfd hears nothing of any of it.
 * Covers: AP-ATTR-01 AP-ATTR-02 AP-FLT-01 AP-FLT-03 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_adapter)
{
	ASSERT_EQ(0, open_a_cfg(self));
	ASSERT_EQ(0, zv_open(&self->b, ZV_PATH_CDEV, UB));
	self->cfg_b = zv_eventfd();
	ASSERT_LE(0, self->cfg_b);
	ASSERT_EQ(0, zv_irq_set_fd(self->b.fd, VFIO_AP_CFG_CHG_IRQ_INDEX,
				   self->cfg_b));

	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/unassign_adapter"));
	EXPECT_STREQ(".0001 .0002", view_of(UA));
	EXPECT_STREQ(masks(NONE, IDS(1, 2), NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/unassign_adapter"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/assign_adapter"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_STREQ(masks(IDS(4), IDS(1, 2), NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));

	ASSERT_EQ(0, wrf("-6", BUS "/apmask"));
	EXPECT_EQ(0, wrf("6", MATRIX "/" UA "/assign_adapter"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("6", MATRIX "/" UA "/unassign_adapter"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg_b));
}

/*
 * Usage domains: the same, with a domain that is not configured.
 * Covers: AP-ATTR-03 AP-ATTR-04 AP-FLT-01 AP-FLT-03 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_domain)
{
	ASSERT_EQ(0, open_a_cfg(self));

	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/unassign_domain"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_STREQ(masks(IDS(4), IDS(1), NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("3", MATRIX "/" UA "/assign_domain"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("3", MATRIX "/" UA "/unassign_domain"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/assign_domain"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
}

/*
 * Control domains are part of what the guest sees, though no queue
 * stands behind them: assigning and unassigning a configured one each
 * count; assigning it twice, or one that is not configured, does not.
 * Covers: AP-ATTR-05 AP-ATTR-06 AP-FLT-02 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_control_domain)
{
	ASSERT_EQ(0, open_a_cfg(self));

	EXPECT_EQ(0, wrf("1", MATRIX "/" UA "/assign_control_domain"));
	EXPECT_STREQ(masks(IDS(4), IDS(1, 2), IDS(1)), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("1", MATRIX "/" UA "/assign_control_domain"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/assign_control_domain"));
	EXPECT_STREQ(masks(IDS(4), IDS(1, 2), IDS(1)), apcb_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/unassign_control_domain"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("1", MATRIX "/" UA "/unassign_control_domain"));
	EXPECT_STREQ(masks(IDS(4), IDS(1, 2), NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
}

/*
 * ap_config: a write that changes the view counts once, however many
 * masks it changes; writing back what is there, a write that only adds
 * an adapter that is not configured, and a refused write change nothing.
 * Covers: AP-ATTR-10 AP-ATTR-11 AP-FLT-03 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_ap_config)
{
	char cur[256];

	ASSERT_EQ(0, open_a_cfg(self));

	ASSERT_EQ(0, rdf(cur, sizeof(cur), MATRIX "/" UA "/ap_config"));
	EXPECT_EQ(0, wrf(cur, MATRIX "/" UA "/ap_config"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf(masks(IDS(4), IDS(1), IDS(1)),
			 MATRIX "/" UA "/ap_config"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_STREQ(masks(IDS(4), IDS(1), IDS(1)), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(0, wrf(masks(IDS(4), IDS(1), IDS(1)),
			 MATRIX "/" UA "/ap_config"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	ASSERT_EQ(0, wrf("-6", BUS "/apmask"));
	EXPECT_EQ(0, wrf(masks(IDS(4, 6), IDS(1), IDS(1)),
			 MATRIX "/" UA "/ap_config"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	/* 05.0001 is B's. */
	EXPECT_EQ(-EADDRINUSE, wrf(masks(IDS(4, 5), IDS(1, 2), NONE),
				   MATRIX "/" UA "/ap_config"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
}

/*
 * Queue unbind and bind: the first queue of an adapter to go takes the
 * adapter out of the view, the last one to come back brings it in; the
 * queues in between, a queue no mdev assigns, and assigning the adapter
 * while one of its queues is unbound change nothing the guest sees.
 * Covers: AP-Q-01 AP-Q-02 AP-FLT-01 AP-ATTR-01 AP-ATTR-02 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_bind_unbind)
{
	ASSERT_EQ(0, open_a_cfg(self));

	EXPECT_EQ(0, wrf("05.0002", BUS "/drivers/vfio_ap/unbind"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("04.0002", BUS "/drivers/vfio_ap/unbind"));
	EXPECT_STREQ(".0001 .0002", view_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("04.0001", BUS "/drivers/vfio_ap/unbind"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/unassign_adapter"));
	EXPECT_EQ(0, wrf("4", MATRIX "/" UA "/assign_adapter"));
	EXPECT_STREQ(".0001 .0002", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	EXPECT_EQ(0, wrf("04.0001", BUS "/drivers/vfio_ap/bind"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("04.0002", BUS "/drivers/vfio_ap/bind"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(0, wrf("05.0002", BUS "/drivers/vfio_ap/bind"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
}

/*
 * Host configuration changes (apsim's config_changed and scan_complete):
 * a usage domain configured off leaves the view at once and one
 * configured on again comes back when the scan completes, each once; a
 * control domain the mdev does not assign, and an adapter it does not
 * assign, change nothing.
 * Covers: AP-Q-04 AP-Q-05 AP-FLT-03 AP-BUS-10 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_host_config)
{
	ASSERT_EQ(0, open_a_cfg(self));

	ASSERT_EQ(0, wrf("1", CFS "/usage_domains"));
	ASSERT_EQ(0, wrf("1", CFS "/commit"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_STREQ(masks(IDS(4), IDS(1), NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));

	ASSERT_EQ(0, wrf("1-2", CFS "/control_domains"));
	ASSERT_EQ(0, wrf("1", CFS "/commit"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	ASSERT_EQ(0, wrf("1-2", CFS "/usage_domains"));
	ASSERT_EQ(0, wrf("1", CFS "/commit"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));

	ASSERT_EQ(0, rmdir(CFS "/adapters/5"));
	ASSERT_EQ(0, wrf("1", CFS "/commit"));
	EXPECT_STREQ("04.0001 04.0002", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
}

/*
 * The trigger is the caller's until it unsets it or closes the device: an
 * unset one hears nothing; a close that empties a non-empty APCB is itself
 * a change, signalled before the eventfd is let go; the next open starts
 * without one. A configuration change does not touch the request IRQ.
 * Covers: AP-IOC-03 AP-KVM-02 AP-IRQ-01 AP-IRQ-02
 */
TEST_F(ap, cfg_chg_unset_close)
{
	ASSERT_EQ(0, open_a_cfg(self));
	self->req = zv_eventfd();
	ASSERT_LE(0, self->req);
	ASSERT_EQ(0, zv_irq_set_fd(self->a.fd, VFIO_AP_REQ_IRQ_INDEX,
				   self->req));

	ASSERT_EQ(0, zv_irq_set_fd(self->a.fd, VFIO_AP_CFG_CHG_IRQ_INDEX, -1));
	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/unassign_domain"));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));

	ASSERT_EQ(0, zv_irq_set_fd(self->a.fd, VFIO_AP_CFG_CHG_IRQ_INDEX,
				   self->cfg));
	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/assign_domain"));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_EQ(-EAGAIN, efd_count(self->req));

	zv_close(&self->a);
	EXPECT_STREQ(masks(NONE, NONE, NONE), apcb_of(UA));
	EXPECT_EQ(1, efd_count(self->cfg));

	ASSERT_EQ(0, zv_open(&self->a, ZV_PATH_CDEV, UA));
	EXPECT_EQ(0, wrf("2", MATRIX "/" UA "/unassign_domain"));
	EXPECT_STREQ("04.0001", view_of(UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
}

/*
 * Removing the mdev while the device is open: by the time the request IRQ
 * asks for the device, the guest's APCB is already empty and the change
 * already signalled (both are done under the same locks, the change first,
 * so the order holds whenever the request is seen). The close that follows
 * has nothing left to change. The wait for the request has a timeout only
 * so that a driver that never sends it fails the test instead of hanging.
 * Covers: AP-IOC-06 AP-LIFE-02 AP-KVM-02 AP-IRQ-03
 */
TEST_F(ap, cfg_chg_before_request)
{
	int status;

	ASSERT_EQ(0, open_a_cfg(self));
	self->req = zv_eventfd();
	ASSERT_LE(0, self->req);
	ASSERT_EQ(0, zv_irq_set_fd(self->a.fd, VFIO_AP_REQ_IRQ_INDEX,
				   self->req));

	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		/*
		 * The child's copies of A's fds would keep the device open
		 * and the remove waiting for itself: close them as they are
		 * (zv_close() would also tear down the IOAS, which the
		 * parent's iommufd shares).
		 */
		close(self->a.fd);
		close(self->a.iommufd);
		_exit(zv_mdev_remove(UA) ? 1 : 0);
	}

	EXPECT_EQ(0, zv_eventfd_wait(self->req, 120000));
	EXPECT_EQ(1, efd_count(self->cfg));
	EXPECT_STREQ(masks(NONE, NONE, NONE), apcb_of(UA));

	zv_close(&self->a);
	ASSERT_EQ(self->child, waitpid(self->child, &status, 0));
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_FALSE(zv_exists(MATRIX "/" UA));
	EXPECT_EQ(-EAGAIN, efd_count(self->cfg));
}

TEST_HARNESS_MAIN

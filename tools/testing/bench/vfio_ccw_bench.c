// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw_bench - time channel programs through a vfio_ccw mdev.
 *
 *   vfio_ccw_bench -s SCH -u UUID [-n SENSE_ITERS] [-m XLATE_ITERS]
 *                  [-x IDLE_CMD] [-t TRACE_ON_CMD] [-e TRACE_OFF_CMD]
 *
 * The mdev UUID must already exist on subchannel SCH. The program opens it
 * through the VFIO container (the path both drivers share), runs IDLE_CMD
 * with the device open and idle (bench.sh measures DMA memory there), then:
 *
 *   sense  SENSE_ITERS round trips of a single SENSE ID CCW: write the I/O
 *          region, wait for the I/O eventfd, read the IRB back;
 *   xlate  XLATE_ITERS round trips of a translation-heavy program:
 *          BP_XL_CCWS (256) command-chained 4 KiB reads, each through a
 *          format-2 IDAL of one IDAW (bench_programs.h), i.e. 256 IDALs
 *          to check, 256 pages to pin and 256 IDALs to build per start.
 *
 * Both programs are those of bench_programs.h, which the floor module
 * (ccw_floor.c) starts on the subchannel without VFIO.
 *
 * With -t, TRACE_ON_CMD runs just before one extra xlate start (a sense
 * start if XLATE_ITERS is 0) and
 * TRACE_OFF_CMD just after its IRB was read, so that bench.sh can trace the
 * DMA memory held while that program runs (the trace is off while timing).
 *
 * For sense, the time is also split into its three steps (median batch of
 * each): the region write (translation and SSCH), the wait for the eventfd
 * (interrupt and delivery) and the region read.
 *
 * Results are printed as "bench: <name> median=<ns> mean=<ns> iters=<n>",
 * times per round trip; the median is over batches of 10 (sense) or 2
 * (xlate) round trips.
 * Only ratios of two drivers measured in one VM run mean anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vfio_ccw_util.h"
#include "bench_programs.h"

#define G_SENSE_CCW	0x0000
#define G_SENSE_DATA	0x0100
#define G_XL_CCW	0x1000		/* BP_XL_CCWS CCWs, 8 bytes each */
#define G_XL_IDAL	0x2000		/* one 8-byte IDAW per CCW */
#define G_XL_DATA	0x4000		/* BP_XL_PAGES pages */

static void put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = v;
		v >>= 8;
	}
}

/* Time spent in the steps of run_once(), summed. */
static uint64_t t_write, t_wait, t_read;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void build_sense(uint8_t *mem)
{
	ccw_put(mem + G_SENSE_CCW, BP_CMD_SENSE_ID, BP_FLAG_SLI,
		BP_SENSE_COUNT, guest(G_SENSE_DATA));
}

static void build_xlate(uint8_t *mem)
{
	unsigned int n;

	for (n = 0; n < BP_XL_CCWS; n++) {
		uint64_t idaw = G_XL_IDAL + n * 8;
		bool last = n == BP_XL_CCWS - 1;

		put_be64(mem + idaw,
			 guest(G_XL_DATA + (n % BP_XL_PAGES) * 0x1000));
		ccw_put(mem + G_XL_CCW + n * 8, BP_CMD_SENSE_ID,
			BP_FLAG_SLI | BP_FLAG_IDA | (last ? 0 : BP_FLAG_CC),
			BP_XL_COUNT, guest(idaw));
	}
}

/* One start with a format-2 IDAL ORB (c64); waits and reads the IRB. */
static int run_once(struct ccw_dev *d, uint32_t cpa, bool c64,
		    struct ccw_io_region *io)
{
	uint64_t t0, t1, t2;
	ssize_t n;

	memset(io, 0, sizeof(*io));
	ccw_orb(io->orb_area, cpa, true, c64);
	io->scsw_area[2] = 0x40;	/* function control: start */
	t0 = now_ns();
	n = pwrite(d->v.fd, io, sizeof(*io), ccw_region_off(0));
	if (n != sizeof(*io))
		return n < 0 ? -errno : -EIO;
	t1 = now_ns();
	if (ccw_wait(d->efd[VFIO_CCW_IO_IRQ_INDEX]))
		return -ETIMEDOUT;
	t2 = now_ns();
	if (pread(d->v.fd, io, sizeof(*io), ccw_region_off(0)) != sizeof(*io))
		return -errno;
	t_write += t1 - t0;
	t_wait += t2 - t1;
	t_read += now_ns() - t2;
	if (io->ret_code)	/* a negative errno in a __u32 */
		return (int32_t)io->ret_code < 0 ? (int32_t)io->ret_code : -EIO;
	return 0;
}

/* Device end and channel end, no unit check, no channel status. */
static int check_irb(const struct ccw_io_region *io, uint32_t end_cpa,
		     const char *what)
{
	const uint8_t *scsw = io->irb_area;
	uint32_t cpa = be32_at(scsw + 4);

	if (scsw[8] != 0x0c || scsw[9] != 0) {
		fprintf(stderr, "%s: device status %#x, channel status %#x\n",
			what, scsw[8], scsw[9]);
		return -EIO;
	}
	if (cpa != end_cpa) {
		fprintf(stderr, "%s: program ended at %#x, not %#x\n", what,
			cpa, end_cpa);
		return -EIO;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time @iters round trips in batches of @bsize and report the median batch
 * (per round trip) next to the overall mean: the host running QEMU is
 * shared, and the median ignores the batches during which the VM was not
 * scheduled at all.
 */
#define MAX_BATCHES	1000

static int timed(struct ccw_dev *d, const char *name, uint32_t cpa,
		 uint32_t end_cpa, bool c64, unsigned int iters,
		 unsigned int bsize)
{
	static uint64_t batch[MAX_BATCHES], bw[MAX_BATCHES], bi[MAX_BATCHES],
			br[MAX_BATCHES];
	unsigned int i, nb = 0;
	struct ccw_io_region io;
	uint64_t t0, tb, total;
	int ret;

	/* warm up once and check the program really runs to its end */
	ret = run_once(d, cpa, c64, &io);
	if (!ret)
		ret = check_irb(&io, end_cpa, name);
	if (ret) {
		fprintf(stderr, "%s: start failed: %s\n", name, strerror(-ret));
		return ret;
	}
	if (iters > bsize * MAX_BATCHES)
		iters = bsize * MAX_BATCHES;
	iters -= iters % bsize;
	t0 = now_ns();
	tb = t0;
	t_write = 0;
	t_wait = 0;
	t_read = 0;
	for (i = 0; i < iters; i++) {
		ret = run_once(d, cpa, c64, &io);
		if (ret) {
			fprintf(stderr, "%s: iteration %u: %s\n", name, i,
				strerror(-ret));
			return ret;
		}
		if ((i + 1) % bsize == 0) {
			uint64_t t = now_ns();

			bw[nb] = t_write / bsize;
			bi[nb] = t_wait / bsize;
			br[nb] = t_read / bsize;
			batch[nb++] = (t - tb) / bsize;
			tb = t;
			t_write = 0;
			t_wait = 0;
			t_read = 0;
		}
	}
	if (!nb)
		return 0;
	total = now_ns() - t0;
	qsort(batch, nb, sizeof(batch[0]), cmp_u64);
	qsort(bw, nb, sizeof(bw[0]), cmp_u64);
	qsort(bi, nb, sizeof(bi[0]), cmp_u64);
	qsort(br, nb, sizeof(br[0]), cmp_u64);
	printf("bench: %s median=%llu mean=%llu iters=%u write=%llu wait=%llu read=%llu\n",
	       name, (unsigned long long)batch[nb / 2],
	       (unsigned long long)(total / iters), iters,
	       (unsigned long long)bw[nb / 2], (unsigned long long)bi[nb / 2],
	       (unsigned long long)br[nb / 2]);
	return 0;
}

static int traced(struct ccw_dev *d, bool xlate, const char *on,
		  const char *off)
{
	struct ccw_io_region io;
	int ret;

	if (system(on))
		return -EIO;
	if (xlate)
		ret = run_once(d, guest(G_XL_CCW), true, &io);
	else
		ret = run_once(d, guest(G_SENSE_CCW), false, &io);
	if (off && system(off))
		ret = ret ? ret : -EIO;
	return ret;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: vfio_ccw_bench -s SCH -u UUID [-n N] [-m M] [-x CMD] [-t CMD] [-e CMD]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *idle_cmd = NULL, *trace_on = NULL, *trace_off = NULL;
	unsigned int sense_iters = 1000, xlate_iters = 100;
	struct ccw_dev d = {};
	int opt, ret;

	while ((opt = getopt(argc, argv, "s:u:n:m:x:t:e:")) != -1) {
		switch (opt) {
		case 's':
			snprintf(d.sch, sizeof(d.sch), "%s", optarg);
			break;
		case 'u':
			snprintf(d.uuid, sizeof(d.uuid), "%s", optarg);
			break;
		case 'n':
			sense_iters = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			xlate_iters = strtoul(optarg, NULL, 0);
			break;
		case 'x':
			idle_cmd = optarg;
			break;
		case 't':
			trace_on = optarg;
			break;
		case 'e':
			trace_off = optarg;
			break;
		default:
			print_usage();
		}
	}
	if (!d.sch[0] || !d.uuid[0])
		print_usage();

	ret = ccw_open(&d, false);
	if (ret) {
		fprintf(stderr, "open %s: %s\n", d.uuid, strerror(-ret));
		ccw_close(&d);
		return 1;
	}
	build_sense(d.mem);
	build_xlate(d.mem);
	setvbuf(stdout, NULL, _IONBF, 0);

	if (idle_cmd && system(idle_cmd))
		fprintf(stderr, "idle command failed\n");
	ret = timed(&d, "sense", guest(G_SENSE_CCW), guest(G_SENSE_CCW) + 8,
		    false, sense_iters, BP_SENSE_BATCH);
	if (!ret)
		ret = timed(&d, "xlate", guest(G_XL_CCW),
			    guest(G_XL_CCW + BP_XL_CCWS * 8), true, xlate_iters,
			    BP_XLATE_BATCH);
	if (!ret && trace_on)
		ret = traced(&d, xlate_iters, trace_on, trace_off);
	ccw_close(&d);
	return ret ? 1 : 0;
}

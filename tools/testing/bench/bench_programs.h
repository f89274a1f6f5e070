/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channel programs of "make bench", shared by the user-space program
 * that runs them through a vfio_ccw mdev (vfio_ccw_bench.c) and the floor
 * module that starts them on the subchannel itself (ccw_floor.c), so that
 * both run exactly the same programs.
 *
 * sense: one SENSE ID CCW, count 12, SLI, format-1 ORB without 64-bit
 *        IDAWs.
 * xlate: BP_XL_CCWS command-chained SENSE ID CCWs, each with a count of
 *        4096, SLI and IDA: a format-2 IDAL of one IDAW that addresses a
 *        whole 4 KiB page, the pages taken in rotation from BP_XL_PAGES;
 *        format-1 ORB with 64-bit IDAWs, 4 KiB blocks.
 *
 * SENSE ID is the read command that QEMU's emulated channel subsystem
 * accepts on every device (the virtio-ccw ones included) with a 4 KiB
 * count: it stores its answer at the start of the page and, with SLI,
 * reports the rest as residual count, not as incorrect length. virtio-ccw's
 * own read commands (READ_CONF and the like) move only a few bytes of
 * device state. What costs a driver its time does not depend on how much
 * the device stores: each CCW's IDAL is read, its page pinned and a
 * channel-addressable IDAL built.
 */
#ifndef BENCH_PROGRAMS_H
#define BENCH_PROGRAMS_H

#define BP_CMD_SENSE_ID		0xe4
#define BP_FLAG_CC		0x40
#define BP_FLAG_SLI		0x20
#define BP_FLAG_IDA		0x04

#define BP_SENSE_COUNT		12
#define BP_XL_CCWS		256
#define BP_XL_COUNT		4096
#define BP_XL_PAGES		48

/* Round trips per timed batch; the median batch is reported. */
#define BP_SENSE_BATCH		10
#define BP_XLATE_BATCH		2

#endif /* BENCH_PROGRAMS_H */

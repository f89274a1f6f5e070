/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the vfio_ccw selftests: subchannel sysfs plumbing, opening a
 * mediated subchannel with its guest memory and eventfds, and building
 * channel programs.  The generic VFIO steps (container or iommufd, DMA
 * map, SET_IRQS, eventfds) come from ../zmdev-lib/vfio_util.h.
 *
 * All multi-byte architected fields are written big-endian explicitly, so
 * the helpers say what the channel subsystem sees whatever the host is.
 */
#ifndef VFIO_CCW_UTIL_H
#define VFIO_CCW_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "vfio_util.h"

#define CCW_CMD_NOP		0x03
#define CCW_CMD_TIC		0x08
#define CCW_CMD_READ_CONF	0x22
#define CCW_CMD_SENSE_ID	0xe4

#define CCW_FLAG_CD		0x80
#define CCW_FLAG_CC		0x40
#define CCW_FLAG_SLI		0x20
#define CCW_FLAG_IDA		0x04

#define CCW_ASYNC_BAD		3	/* neither halt nor clear */

/* Guest memory: one anonymous mapping at a fixed IOVA below 2 GiB. */
#define GUEST_IOVA		0x100000ULL
#define GUEST_SIZE		0x40000ULL
#define GUEST_UNMAPPED		0x7f000000ULL

/* Only keeps a broken kernel from hanging the suite; never an expectation. */
#define CCW_WAIT_MS		20000

/**
 * struct ccw_dev - an open mediated subchannel
 * @sch: subchannel bus id, e.g. "0.0.0002"
 * @uuid: the mdev
 * @v: the VFIO device and the container or iommufd behind it
 * @efd: eventfds for the IO, CRW and REQ interrupt indexes
 * @mem: host view of guest memory
 */
struct ccw_dev {
	char sch[32];
	char uuid[40];
	struct zv_dev v;
	int efd[VFIO_CCW_NUM_IRQS];
	uint8_t *mem;
};

int ccw_find_sch(const char *devno, char *sch, size_t len);
int ccw_load_modules(const char **failed);
int ccw_bind_vfio(const char *sch);
void ccw_unbind_vfio(const char *sch);
int ccw_create_mdev(const char *sch, const char *uuid);
int ccw_open(struct ccw_dev *d, bool use_iommufd);
void ccw_close(struct ccw_dev *d);
void ccw_forget_fds(struct ccw_dev *d);

off_t ccw_region_off(unsigned int index);
void ccw_put(uint8_t *at, uint8_t cmd, uint8_t flags, uint16_t count,
	     uint32_t cda);
void ccw_orb(uint8_t orb[12], uint32_t cpa, bool fmt1, bool c64);
int ccw_start_orb(struct ccw_dev *d, uint32_t cpa, bool fmt1, bool c64,
		  bool pfch);
int ccw_start(struct ccw_dev *d, uint32_t cpa, bool fmt1);
int ccw_finish(struct ccw_dev *d, struct ccw_io_region *io);
int ccw_start_wait(struct ccw_dev *d, uint32_t cpa, struct ccw_io_region *io);
uint64_t guest(uint64_t off);

/* Wait for an eventfd of @d and consume it. */
static inline int ccw_wait(int efd)
{
	return zv_eventfd_wait(efd, CCW_WAIT_MS);
}

static inline uint16_t be16_at(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static inline uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

#endif

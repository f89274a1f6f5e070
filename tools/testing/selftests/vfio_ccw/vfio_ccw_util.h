/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the vfio_ccw selftests: sysfs plumbing, opening a mediated
 * subchannel through the VFIO container or iommufd, guest memory, and
 * building channel programs.
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

/**
 * struct ccw_dev - an open mediated subchannel
 * @sch: subchannel bus id, e.g. "0.0.0002"
 * @uuid: the mdev
 * @container: VFIO container fd, or -1
 * @group: VFIO group fd, or -1
 * @iommufd: iommufd, or -1
 * @fd: the device fd
 * @efd: eventfds for the IO, CRW and REQ interrupt indexes
 * @mem: host view of guest memory
 */
struct ccw_dev {
	char sch[32];
	char uuid[40];
	int container;
	int group;
	int iommufd;
	int fd;
	int efd[VFIO_CCW_NUM_IRQS];
	uint8_t *mem;
};

int sysfs_write(const char *path, const char *val);
int sysfs_read(const char *path, char *buf, size_t len);
int ccw_find_sch(const char *devno, char *sch, size_t len);
int ccw_bind_vfio(const char *sch);
void ccw_unbind_vfio(const char *sch);
int ccw_create_mdev(const char *sch, const char *uuid);
int ccw_remove_mdev(const char *uuid);
int ccw_open(struct ccw_dev *d, bool use_iommufd);
void ccw_close(struct ccw_dev *d);
void ccw_forget_fds(struct ccw_dev *d);
int ccw_wait(int efd);
int ccw_set_irq(int fd, unsigned int index, int efd);

off_t ccw_region_off(unsigned int index);
void ccw_put(uint8_t *at, uint8_t cmd, uint8_t flags, uint16_t count,
	     uint32_t cda);
void ccw_orb(uint8_t orb[12], uint32_t cpa, bool fmt1, bool c64);
int ccw_start(struct ccw_dev *d, uint32_t cpa, bool fmt1);
int ccw_start_wait(struct ccw_dev *d, uint32_t cpa, struct ccw_io_region *io);
uint64_t guest(uint64_t off);

static inline uint16_t be16_at(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static inline uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

#endif

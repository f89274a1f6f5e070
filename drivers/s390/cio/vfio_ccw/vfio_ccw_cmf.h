/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ccw: channel measurement, the portable half.
 *
 * Decoding of the measurement blocks (vfio_ccw_hw.h has their layouts) and
 * the arithmetic behind the ccw bus's cmf attributes: the same names,
 * units and output formats, so that what an admin knows from
 * /sys/bus/ccw/devices/<devno>/cmf/ carries over to a subchannel bound to
 * vfio_ccw. Nothing here touches hardware: the vfio_ccw_cmf_kunit module
 * tests it on any architecture and tools/vfio-ccw-cmf uses it in user
 * space.
 */
#ifndef _VFIO_CCW_CMF_H_
#define _VFIO_CCW_CMF_H_

#include <linux/types.h>

#include "vfio_ccw_hw.h"

/**
 * struct vccw_cmf_data - a measurement block, decoded
 * @ssch_rsch_count: START and RESUME SUBCHANNEL functions counted
 * @sample_count: samples the times were accumulated over
 * @time: accumulated times in 128-microsecond units, indexed by
 *	CSS_CMB_CONNECT ... CSS_CMB_ICR; format 0 leaves the last two zero
 */
struct vccw_cmf_data {
	u32 ssch_rsch_count;
	u32 sample_count;
	u32 time[CSS_CMB1_NR_TIMES];
};

/**
 * enum vccw_cmf_attr - the attributes of a cmf/ directory
 * @VCCW_CMF_SSCH_RSCH_COUNT: starts and resumes, a count
 * @VCCW_CMF_SAMPLE_COUNT: samples, a count
 * @VCCW_CMF_AVG_CONNECT: average device-connect time per sample, ns
 * @VCCW_CMF_AVG_PENDING: average function-pending time, ns
 * @VCCW_CMF_AVG_DISCONNECT: average device-disconnect time, ns
 * @VCCW_CMF_AVG_CUQ: average control-unit-queuing time, ns
 * @VCCW_CMF_AVG_ACTIVE_ONLY: average device-active-only time, ns
 * @VCCW_CMF_AVG_BUSY: average device-busy time, ns
 * @VCCW_CMF_AVG_ICR: average initial-command-response time, ns
 * @VCCW_CMF_AVG_UTILIZATION: connect, pending and disconnect time against
 *	the time measured, in tenths of a percent
 * @VCCW_CMF_AVG_SAMPLE_INTERVAL: time measured per sample, ns; -1 before
 *	the first sample
 * @VCCW_CMF_NR_ATTRS: number of attributes
 */
enum vccw_cmf_attr {
	VCCW_CMF_SSCH_RSCH_COUNT,
	VCCW_CMF_SAMPLE_COUNT,
	VCCW_CMF_AVG_CONNECT,
	VCCW_CMF_AVG_PENDING,
	VCCW_CMF_AVG_DISCONNECT,
	VCCW_CMF_AVG_CUQ,
	VCCW_CMF_AVG_ACTIVE_ONLY,
	VCCW_CMF_AVG_BUSY,
	VCCW_CMF_AVG_ICR,
	VCCW_CMF_AVG_UTILIZATION,
	VCCW_CMF_AVG_SAMPLE_INTERVAL,
	VCCW_CMF_NR_ATTRS
};

extern const char *const vccw_cmf_attr_names[VCCW_CMF_NR_ATTRS];

int vccw_cmf_decode(unsigned int format, const u8 *block, size_t len,
		    struct vccw_cmf_data *data);
u64 vccw_cmf_avg_ns(u32 units, u32 samples);
u64 vccw_cmf_utilization(const struct vccw_cmf_data *data, u64 elapsed_ns);
s64 vccw_cmf_value(const struct vccw_cmf_data *data, u64 elapsed_ns,
		   enum vccw_cmf_attr attr);
int vccw_cmf_print(char *buf, size_t size, enum vccw_cmf_attr attr,
		   s64 value);

#endif /* _VFIO_CCW_CMF_H_ */

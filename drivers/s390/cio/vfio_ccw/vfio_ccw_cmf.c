// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: decoding channel-measurement blocks and computing the cmf
 * attributes from them (see vfio_ccw_cmf.h).
 *
 * The averages divide an accumulated time by the number of samples, as
 * the common I/O layer does for ccw devices: with no sample yet they are
 * 0. Times are converted to nanoseconds in 64 bits, so the largest
 * counts the channel can store neither wrap nor overflow.
 */
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "vfio_ccw_cmf.h"

/* The names the ccw bus gives the files of a device's cmf/ directory. */
const char *const vccw_cmf_attr_names[VCCW_CMF_NR_ATTRS] = {
	[VCCW_CMF_SSCH_RSCH_COUNT]	= "ssch_rsch_count",
	[VCCW_CMF_SAMPLE_COUNT]		= "sample_count",
	[VCCW_CMF_AVG_CONNECT]		= "avg_device_connect_time",
	[VCCW_CMF_AVG_PENDING]		= "avg_function_pending_time",
	[VCCW_CMF_AVG_DISCONNECT]	= "avg_device_disconnect_time",
	[VCCW_CMF_AVG_CUQ]		= "avg_control_unit_queuing_time",
	[VCCW_CMF_AVG_ACTIVE_ONLY]	= "avg_device_active_only_time",
	[VCCW_CMF_AVG_BUSY]		= "avg_device_busy_time",
	[VCCW_CMF_AVG_ICR]		= "avg_initial_command_response_time",
	[VCCW_CMF_AVG_UTILIZATION]	= "avg_utilization",
	[VCCW_CMF_AVG_SAMPLE_INTERVAL]	= "avg_sample_interval",
};

/**
 * vccw_cmf_decode() - decode a measurement block
 * @format: 0 or 1, the block's format
 * @block: the block as the channel stored it (big-endian)
 * @len: bytes at @block
 * @data: the decoded counts and times
 *
 * Return: 0, or -EINVAL for an unknown format or a block shorter than its
 * format's size.
 */
int vccw_cmf_decode(unsigned int format, const u8 *block, size_t len,
		    struct vccw_cmf_data *data)
{
	unsigned int i;

	memset(data, 0, sizeof(*data));
	switch (format) {
	case 0:
		if (len < CSS_CMB0_SIZE)
			return -EINVAL;
		data->ssch_rsch_count =
			get_unaligned_be16(block + CSS_CMB0_SSCH_RSCH);
		data->sample_count =
			get_unaligned_be16(block + CSS_CMB0_SAMPLES);
		for (i = 0; i < CSS_CMB0_NR_TIMES; i++)
			data->time[i] =
				get_unaligned_be32(block + CSS_CMB0_TIMES + 4 * i);
		return 0;
	case 1:
		if (len < CSS_CMB1_SIZE)
			return -EINVAL;
		data->ssch_rsch_count =
			get_unaligned_be32(block + CSS_CMB1_SSCH_RSCH);
		data->sample_count =
			get_unaligned_be32(block + CSS_CMB1_SAMPLES);
		for (i = 0; i < CSS_CMB1_NR_TIMES; i++)
			data->time[i] =
				get_unaligned_be32(block + CSS_CMB1_TIMES + 4 * i);
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * vccw_cmf_avg_ns() - an accumulated time per sample, in nanoseconds
 * @units: the time, in the channel's 128-microsecond units
 * @samples: the number of samples it was accumulated over
 *
 * Return: the average, 0 when there is no sample.
 */
u64 vccw_cmf_avg_ns(u32 units, u32 samples)
{
	if (!samples)
		return 0;
	return div_u64((u64)units * CSS_CMB_TIME_UNIT_NS, samples);
}

/**
 * vccw_cmf_utilization() - how busy the subchannel was
 * @data: the decoded block
 * @elapsed_ns: time since the measurement started
 *
 * Return: device-connect, function-pending and device-disconnect time
 * together, in tenths of a percent of @elapsed_ns; 0 when no time has
 * passed.
 */
u64 vccw_cmf_utilization(const struct vccw_cmf_data *data, u64 elapsed_ns)
{
	u64 busy_ns = ((u64)data->time[CSS_CMB_CONNECT] +
		       data->time[CSS_CMB_PENDING] +
		       data->time[CSS_CMB_DISCONNECT]) * CSS_CMB_TIME_UNIT_NS;
	u64 per_mille = div_u64(elapsed_ns, 1000);

	return per_mille ? div64_u64(busy_ns, per_mille) : 0;
}

/**
 * vccw_cmf_value() - the value of one cmf attribute
 * @data: the decoded block
 * @elapsed_ns: time since the measurement started
 * @attr: which attribute
 *
 * Return: the value in the attribute's unit (see &enum vccw_cmf_attr);
 * -1 for the sample interval before the first sample and for an unknown
 * @attr.
 */
s64 vccw_cmf_value(const struct vccw_cmf_data *data, u64 elapsed_ns,
		   enum vccw_cmf_attr attr)
{
	switch (attr) {
	case VCCW_CMF_SSCH_RSCH_COUNT:
		return data->ssch_rsch_count;
	case VCCW_CMF_SAMPLE_COUNT:
		return data->sample_count;
	case VCCW_CMF_AVG_CONNECT ... VCCW_CMF_AVG_ICR:
		return vccw_cmf_avg_ns(data->time[attr - VCCW_CMF_AVG_CONNECT],
				       data->sample_count);
	case VCCW_CMF_AVG_UTILIZATION:
		return vccw_cmf_utilization(data, elapsed_ns);
	case VCCW_CMF_AVG_SAMPLE_INTERVAL:
		if (!data->sample_count)
			return -1;
		return div_u64(elapsed_ns, data->sample_count);
	default:
		return -1;
	}
}

/**
 * vccw_cmf_print() - format an attribute's value as the ccw bus does
 * @buf: destination
 * @size: room at @buf
 * @attr: which attribute
 * @value: its value, from vccw_cmf_value()
 *
 * The utilization is a percentage with one decimal ("05.3%"), everything
 * else a decimal number. The ccw bus ends each file with a newline, which
 * is the caller's to add.
 *
 * Return: the length of the line, as snprintf() returns it.
 */
int vccw_cmf_print(char *buf, size_t size, enum vccw_cmf_attr attr,
		   s64 value)
{
	if (attr == VCCW_CMF_AVG_UTILIZATION)
		return snprintf(buf, size, "%02llu.%01llu%%",
				(unsigned long long)value / 10,
				(unsigned long long)value % 10);
	return snprintf(buf, size, "%lld", (long long)value);
}

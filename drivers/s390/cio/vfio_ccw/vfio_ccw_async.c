// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the async command region (HALT and CLEAR SUBCHANNEL).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uaccess.h>

#include "cio.h"

#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/**
 * vccw_async_region_rw() - read or write the async command region
 * @vd: the mediated subchannel
 * @ubuf: destination of a read, or NULL
 * @wbuf: source of a write, or NULL
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * A write stores the bytes and issues the command found in the region
 * (1 = halt, 2 = clear); the command's result is the write's result.
 *
 * Context: process context; takes the I/O mutex (a write only tries to).
 * Return: @count or a negative errno.
 */
ssize_t vccw_async_region_rw(struct vccw_dev *vd, char __user *ubuf,
			     const char __user *wbuf, size_t count, loff_t pos)
{
	struct vccw_fsm *fsm = &vd->fsm;
	u8 buf[sizeof(struct ccw_cmd_region)];
	int ret;

	if (pos < 0 || count > sizeof(buf) || pos > sizeof(buf) - count)
		return -EINVAL;

	if (ubuf) {
		scoped_guard(mutex, &fsm->io_mutex)
			memcpy(buf, &fsm->cmd, sizeof(buf));
		if (copy_to_user(ubuf, buf + pos, count))
			return -EFAULT;
		return count;
	}

	if (copy_from_user(buf, wbuf, count))
		return -EFAULT;
	if (!mutex_trylock(&fsm->io_mutex))
		return -EAGAIN;
	memcpy((u8 *)&fsm->cmd + pos, buf, count);
	vccw_fsm_user_event(fsm, VCCW_EV_ASYNC_REQ);
	ret = (int)fsm->cmd.ret_code;
	trace_vfio_ccw_fsm_async_request(vd->sch->schid, fsm->cmd.command, ret);
	mutex_unlock(&fsm->io_mutex);
	return ret ? ret : count;
}

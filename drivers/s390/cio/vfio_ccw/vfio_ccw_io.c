// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the I/O region (index 0).
 *
 * User space writes an ORB and a SCSW with the start function; every write,
 * whatever its offset and length, is one I/O request to the state machine,
 * whose verdict is the write's return value. Reads return the region as it
 * stands: the last request and the last interruption-response block.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uaccess.h>

#include "cio.h"

#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/**
 * vccw_io_region_rw() - read or write the I/O region
 * @vd: the mediated subchannel
 * @ubuf: destination of a read, or NULL
 * @wbuf: source of a write, or NULL
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * Context: process context; takes the I/O mutex (a write only tries to,
 * and fails with -EAGAIN while another request is being processed).
 * Return: @count, or a negative errno; for a write the errno of a refused
 * or failed I/O request.
 */
ssize_t vccw_io_region_rw(struct vccw_dev *vd, char __user *ubuf,
			  const char __user *wbuf, size_t count, loff_t pos)
{
	struct vccw_fsm *fsm = &vd->fsm;
	u8 buf[sizeof(struct ccw_io_region)];
	int ret;

	if (pos < 0 || count > sizeof(buf) || pos > sizeof(buf) - count)
		return -EINVAL;

	if (ubuf) {
		scoped_guard(mutex, &fsm->io_mutex)
			memcpy(buf, &fsm->io, sizeof(buf));
		if (copy_to_user(ubuf, buf + pos, count))
			return -EFAULT;
		return count;
	}

	if (copy_from_user(buf, wbuf, count))
		return -EFAULT;
	if (!mutex_trylock(&fsm->io_mutex))
		return -EAGAIN;
	memcpy((u8 *)&fsm->io + pos, buf, count);
	vccw_fsm_user_event(fsm, VCCW_EV_IO_REQ);
	ret = (int)fsm->io.ret_code;
	if (ret)
		trace_vfio_ccw_fsm_io_request(vd->sch->schid,
					      (fsm->io.scsw_area[2] >> 4) & 7,
					      ret);
	mutex_unlock(&fsm->io_mutex);
	return ret ? ret : count;
}

/**
 * vccw_io_work() - deliver a saved interrupt to user space
 * @work: &vccw_dev.io_work
 */
void vccw_io_work(struct work_struct *work)
{
	struct vccw_dev *vd = container_of(work, struct vccw_dev, io_work);

	vccw_fsm_deliver(&vd->fsm);
}

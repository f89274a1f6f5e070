// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the I/O region (index 0), and what it shares with the async
 * command region: both are regions in which a write is a request.
 *
 * User space writes an ORB and a SCSW with the start function; every write,
 * whatever its offset and length, is one I/O request to the state machine,
 * whose verdict is the write's return value. Reads return the region as it
 * stands: the last request and the last interruption-response block.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uaccess.h>

#include "cio.h"

#include "vfio_ccw_hw.h"
#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/**
 * vccw_request_rw() - read or write a region whose writes are requests
 * @vd: the mediated subchannel
 * @req: the region
 * @ubuf: destination of a read, or NULL
 * @wbuf: source of a write, or NULL
 * @count: number of bytes
 * @pos: offset inside the region
 *
 * A read copies out the region as it stands and then tells the region's
 * read_done hook what was read. A write stores the bytes, feeds the
 * region's event to the state machine and returns its verdict. The user's
 * bytes are fetched before the I/O mutex is tried, so a fault leaves the
 * region untouched.
 *
 * Context: process context; takes the I/O mutex (a write only tries to,
 * and fails with -EAGAIN while another request is being processed).
 * Return: @count, or a negative errno; for a write the errno of a refused
 * or failed request.
 */
ssize_t vccw_request_rw(struct vccw_dev *vd,
			const struct vccw_request_region *req,
			char __user *ubuf, const char __user *wbuf,
			size_t count, loff_t pos)
{
	union {
		struct ccw_io_region io;
		struct ccw_cmd_region cmd;
	} buf;
	u8 *region = (u8 *)&vd->fsm + req->offset;
	bool more = false;
	int verdict;

	if (WARN_ON_ONCE(req->size > sizeof(buf)) ||
	    !vccw_region_range_ok(req->size, count, pos))
		return -EINVAL;

	if (ubuf) {
		/* Only bytes that reached user space count as read. */
		scoped_guard(mutex, &vd->fsm.io_mutex) {
			memcpy(&buf, region + pos, count);
			if (copy_to_user(ubuf, &buf, count))
				return -EFAULT;
			if (req->read_done)
				more = req->read_done(vd, pos, count);
		}
		if (more)
			vd->fsm.ops->notify(&vd->fsm);
		return count;
	}

	if (copy_from_user(&buf, wbuf, count))
		return -EFAULT;
	if (!mutex_trylock(&vd->fsm.io_mutex))
		return -EAGAIN;
	memcpy(region + pos, &buf, count);
	vccw_fsm_user_event(&vd->fsm, req->event);
	verdict = req->verdict(vd);
	mutex_unlock(&vd->fsm.io_mutex);
	return verdict ? verdict : count;
}

/* Only refused or failed starts are traced: successes are the hot path. */
static int vccw_io_verdict(struct vccw_dev *vd)
{
	struct ccw_io_region *io = &vd->fsm.io;
	int ret = (int)io->ret_code;

	if (ret)
		trace_vfio_ccw_fsm_io_request(vd->sch->schid,
					      css_scsw_fctl(io->scsw_area), ret);
	return ret;
}

/* Status still queued moves into the region once its IRB was read. */
static bool vccw_io_read_done(struct vccw_dev *vd, loff_t pos, size_t count)
{
	return vccw_fsm_region_read(&vd->fsm, pos, count);
}

const struct vccw_request_region vccw_io_request = {
	.offset		= offsetof(struct vccw_fsm, io),
	.size		= sizeof(struct ccw_io_region),
	.event		= VCCW_EV_IO_REQ,
	.verdict	= vccw_io_verdict,
	.read_done	= vccw_io_read_done,
};

/**
 * vccw_io_work() - deliver a saved interrupt to user space
 * @work: &vccw_dev.io_work
 */
void vccw_io_work(struct work_struct *work)
{
	struct vccw_dev *vd = container_of(work, struct vccw_dev, io_work);

	vccw_fsm_deliver(&vd->fsm);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: the async command region (HALT and CLEAR SUBCHANNEL).
 *
 * A write stores the bytes and issues the command found in the region
 * (1 = halt, 2 = clear); the command's result is the write's result. The
 * access itself is vccw_request_rw()'s, shared with the I/O region.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "cio.h"

#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

static int vccw_async_verdict(struct vccw_dev *vd)
{
	struct ccw_cmd_region *cmd = &vd->fsm.cmd;
	int ret = (int)cmd->ret_code;

	trace_vfio_ccw_fsm_async_request(vd->sch->schid, cmd->command, ret);
	return ret;
}

const struct vccw_request_region vccw_async_request = {
	.offset		= offsetof(struct vccw_fsm, cmd),
	.size		= sizeof(struct ccw_cmd_region),
	.event		= VCCW_EV_ASYNC_REQ,
	.verdict	= vccw_async_verdict,
};

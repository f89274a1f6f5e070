/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ccw tracepoints: state-machine events, I/O and async requests,
 * channel-path events and channel reports.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfio_ccw

#if !defined(_VFIO_CCW_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _VFIO_CCW_TRACE_H_

#include <linux/tracepoint.h>

#include <asm/schid.h>

DECLARE_EVENT_CLASS(vfio_ccw_sch_class,
		    TP_PROTO(struct subchannel_id schid, int arg1, int arg2),
		    TP_ARGS(schid, arg1, arg2),
		    TP_STRUCT__entry(__field(u8, cssid)
				     __field(u8, ssid)
				     __field(u16, sch_no)
				     __field(int, arg1)
				     __field(int, arg2)),
		    TP_fast_assign(__entry->cssid = schid.cssid;
				   __entry->ssid = schid.ssid;
				   __entry->sch_no = schid.sch_no;
				   __entry->arg1 = arg1;
				   __entry->arg2 = arg2;),
		    TP_printk("sch %x.%x.%04x state=%d event=%d",
			      __entry->cssid, __entry->ssid, __entry->sch_no,
			      __entry->arg1, __entry->arg2)
);

/* arg1 = state, arg2 = event */
DEFINE_EVENT(vfio_ccw_sch_class, vfio_ccw_fsm_event,
	     TP_PROTO(struct subchannel_id schid, int state, int event),
	     TP_ARGS(schid, state, event)
);

/* arg1 = function control of the request, arg2 = result */
DEFINE_EVENT_PRINT(vfio_ccw_sch_class, vfio_ccw_fsm_io_request,
		   TP_PROTO(struct subchannel_id schid, int fctl, int err),
		   TP_ARGS(schid, fctl, err),
		   TP_printk("sch %x.%x.%04x fctl=%x errno=%d",
			     __entry->cssid, __entry->ssid, __entry->sch_no,
			     __entry->arg1, __entry->arg2)
);

/* arg1 = command, arg2 = result */
DEFINE_EVENT_PRINT(vfio_ccw_sch_class, vfio_ccw_fsm_async_request,
		   TP_PROTO(struct subchannel_id schid, int command, int err),
		   TP_ARGS(schid, command, err),
		   TP_printk("sch %x.%x.%04x command=%d errno=%d",
			     __entry->cssid, __entry->ssid, __entry->sch_no,
			     __entry->arg1, __entry->arg2)
);

/* arg1 = path mask, arg2 = CHP_* event */
DEFINE_EVENT_PRINT(vfio_ccw_sch_class, vfio_ccw_chp_event,
		   TP_PROTO(struct subchannel_id schid, int mask, int event),
		   TP_ARGS(schid, mask, event),
		   TP_printk("sch %x.%x.%04x mask=0x%x event=%d",
			     __entry->cssid, __entry->ssid, __entry->sch_no,
			     __entry->arg1, __entry->arg2)
);

/* arg1 = channel-report word queued, arg2 = reports dropped so far */
DEFINE_EVENT_PRINT(vfio_ccw_sch_class, vfio_ccw_crw,
		   TP_PROTO(struct subchannel_id schid, int crw, int dropped),
		   TP_ARGS(schid, crw, dropped),
		   TP_printk("sch %x.%x.%04x crw=0x%08x dropped=%d",
			     __entry->cssid, __entry->ssid, __entry->sch_no,
			     __entry->arg1, __entry->arg2)
);

#endif /* _VFIO_CCW_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vfio_ccw_trace

#include <trace/define_trace.h>

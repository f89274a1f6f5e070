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

/*
 * The other events share the class too and differ only in what arg1 and
 * arg2 mean; the format prints them after the subchannel id.
 */
#define VFIO_CCW_SCH_EVENT(name, fmt)					\
	DEFINE_EVENT_PRINT(vfio_ccw_sch_class, name,			\
		TP_PROTO(struct subchannel_id schid, int arg1, int arg2), \
		TP_ARGS(schid, arg1, arg2),				\
		TP_printk("sch %x.%x.%04x " fmt,			\
			  __entry->cssid, __entry->ssid, __entry->sch_no, \
			  __entry->arg1, __entry->arg2))

/* function control of a refused or failed start, and its errno */
VFIO_CCW_SCH_EVENT(vfio_ccw_fsm_io_request, "fctl=%x errno=%d");

/* halt (1) or clear (2), and its result */
VFIO_CCW_SCH_EVENT(vfio_ccw_fsm_async_request, "command=%d errno=%d");

/* mask of the affected paths, and the CHP_* event */
VFIO_CCW_SCH_EVENT(vfio_ccw_chp_event, "mask=0x%x event=%d");

/* channel-report word queued, and reports dropped so far */
VFIO_CCW_SCH_EVENT(vfio_ccw_crw, "crw=0x%08x dropped=%d");

#endif /* _VFIO_CCW_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vfio_ccw_trace

#include <trace/define_trace.h>

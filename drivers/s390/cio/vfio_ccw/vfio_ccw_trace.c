// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: instantiate the tracepoints declared in vfio_ccw_trace.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#define CREATE_TRACE_POINTS
#include "vfio_ccw_trace.h"

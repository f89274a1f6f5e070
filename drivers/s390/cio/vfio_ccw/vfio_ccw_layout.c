// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: refuse to build against private cio headers whose layouts
 * differ from the kernel's.
 *
 * Built into the module only when ZMDEV_LAYOUT names a directory holding
 * vfio_ccw/zmdev_layout.h, which scripts/debian-build.sh generates from
 * the target kernel's BTF (scripts/btf-layout.sh, which also defines the
 * checks) for the types listed in kernel-layout.txt. That is the case
 * when cio's private headers come from a linux-source package rather than
 * from the tree the kernel was built from: the source may be of another
 * version than the kernel, and a structure that moved a member would
 * make us read and write the wrong memory. Each check compares what the
 * compiler sees in those headers with what the kernel was built with; one
 * that differs stops the build. The object holds no code.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>

#include <asm/cio.h>
#include <asm/schid.h>

#include "chp.h"
#include "chsc.h"
#include "cio.h"
#include "css.h"
#include "orb.h"

/*
 * The compiler decides the layout the module uses, so it alone judges.
 * sparse lays out struct device (bit fields in its members) otherwise
 * than gcc and would report every member of struct subchannel after it.
 */
#ifndef __CHECKER__
#include "zmdev_layout.h"
#endif

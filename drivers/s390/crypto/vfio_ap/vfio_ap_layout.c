// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap: refuse to build the production backend against an ap_bus.h
 * whose layouts differ from the kernel's.
 *
 * Built into the module only with the production backend and when
 * ZMDEV_LAYOUT names a directory holding vfio_ap/zmdev_layout.h, which
 * scripts/debian-build.sh generates from the target kernel's BTF
 * (scripts/btf-layout.sh, which also defines the checks) for the types
 * listed in kernel-layout.txt. That is the case when the AP bus's private
 * header comes from a linux-source package rather than from the tree the
 * kernel was built from: the source may be of another version than the
 * kernel, and a callback or member that moved would make the bus call or
 * us read the wrong thing. Each check compares what the compiler sees in
 * that header with what the kernel was built with; one that differs stops
 * the build. The object holds no code.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>

#include "ap_bus.h"	/* drivers/s390/crypto of ZMDEV_PRIVSRC */

/* The compiler decides the layout the module uses, so it alone judges. */
#ifndef __CHECKER__
#include "zmdev_layout.h"
#endif

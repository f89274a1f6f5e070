// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ccw: refuse to build against private cio headers whose layouts
 * differ from the kernel's.
 *
 * Built into the module only when ZMDEV_LAYOUT names a directory holding
 * zmdev_layout.h, which scripts/debian-build.sh generates from the target
 * kernel's BTF (scripts/btf-layout.sh) for the types listed in
 * kernel-layout.txt. That is the case when cio's private headers come
 * from a linux-source package rather than from the tree the kernel was
 * built from: the source may be of another version than the kernel, and a
 * structure that moved a member would make us read and write the wrong
 * memory. Each check compares what the compiler sees in those headers
 * with what the kernel was built with; one that differs stops the build.
 * The object holds no code.
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

#define ZMDEV_LAYOUT_SIZE(type, size)					\
	static_assert(sizeof(type) == (size),				\
		      "the kernel's BTF has another size for " #type)
#define ZMDEV_LAYOUT_OFFSET(type, member, off)				\
	static_assert(offsetof(type, member) == (off),			\
		      "the kernel's BTF places " #type "." #member " elsewhere")
#define ZMDEV_LAYOUT_MSIZE(type, member, size)				\
	static_assert(sizeof_field(type, member) == (size),		\
		      "the kernel's BTF has another size for " #type "." #member)
#define ZMDEV_LAYOUT_ENUM(name, value)					\
	static_assert((name) == (value),				\
		      "the kernel's BTF has another value for " #name)

/*
 * The compiler decides the layout the module uses, so it alone judges.
 * sparse lays out struct device (bit fields in its members) otherwise
 * than gcc and would report every member of struct subchannel after it.
 */
#ifndef __CHECKER__
#include "zmdev_layout.h"
#endif

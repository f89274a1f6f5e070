// SPDX-License-Identifier: GPL-2.0
/*
 * The apmask/aqmask syntax is the one vfio_ap's ap_config also accepts;
 * vfio_ap's matrix model implements it (vfio_ap_parse_mask()). Build that
 * model into apsim as well, rather than keeping a second parser. Nothing
 * of it is exported, so the copies in apsim.ko and vfio_ap.ko do not clash.
 */

#include "../vfio_ap/vfio_ap_matrix.c"

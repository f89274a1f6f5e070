/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ap-callout: the lock that runs from an mdevctl command's pre event to
 * its post event. The design is described in lock.c.
 */
#ifndef VFIO_AP_CALLOUT_LOCK_H
#define VFIO_AP_CALLOUT_LOCK_H

int ap_lock_take(const char *path, unsigned int wait_s);
int ap_lock_keep(int fd);
void ap_lock_release(const char *path);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ap-callout: what the files of the machine say. Every path is below
 * a root directory, "/" in use and a scratch tree in the tests.
 */
#ifndef VFIO_AP_CALLOUT_HOST_H
#define VFIO_AP_CALLOUT_HOST_H

#include "apcfg.h"

/* Below the root directory. */
#define AP_MATRIX_DIR	"sys/devices/vfio_ap/matrix"
#define AP_BUS_DIR	"sys/bus/ap"
#define AP_MDEVCTL_DIR	"etc/mdevctl.d"
#define AP_LOCK_FILE	"run/lock/vfio-ap-callout.lock"

char *ap_path(const char *root, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *ap_read_file(const char *path, size_t max);
bool ap_is_uuid(const char *s);
int ap_read_active(const char *root, const char *uuid, struct ap_matrix *m);
void ap_host_load(const char *root, struct ap_host *host,
		  struct ap_msgs *msgs);
void ap_host_free(struct ap_host *host);
int ap_write_config(const char *root, const char *uuid,
		    const struct ap_matrix *m);

#endif

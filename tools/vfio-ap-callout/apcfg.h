/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ap-callout: the pure logic. Masks and matrices, the parsers for the
 * attribute values and sysfs texts vfio_ap uses, the device configuration
 * JSON of mdevctl, and the rules a new configuration is checked against.
 * Nothing here touches a file: host.c gathers the state of the machine into
 * a struct ap_host and hands it in.
 */
#ifndef VFIO_AP_CALLOUT_APCFG_H
#define VFIO_AP_CALLOUT_APCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

/* IDs 0..255 for adapters and domains alike. */
#define AP_NR_IDS	256
/* "0x" + 64 hex digits, three times, two commas: the ap_config line. */
#define AP_CONFIG_LEN	(3 * 66 + 2)

#define AP_TYPE		"vfio_ap-passthrough"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* One bit per ID; ID n is bit n % 64 of w[n / 64]. */
struct ap_mask {
	uint64_t w[AP_NR_IDS / 64];
};

/* An mdev's assignment: adapters, usage domains, control domains. */
struct ap_matrix {
	struct ap_mask apm;
	struct ap_mask aqm;
	struct ap_mask adm;
};

/* Highest adapter and domain ID the machine has (control domains: apqi). */
struct ap_limits {
	unsigned int max_apid;
	unsigned int max_apqi;
};

enum ap_dev_kind {
	AP_DEV_ACTIVE,	/* an mdev that exists now */
	AP_DEV_AUTO,	/* an mdevctl definition with "start": "auto" */
	AP_DEV_MANUAL,	/* an mdevctl definition with "start": "manual" */
};

/* Another vfio_ap device, active or defined, that a new one may clash with. */
struct ap_dev {
	char uuid[40];
	enum ap_dev_kind kind;
	struct ap_matrix m;
};

/* What the checks need to know about the machine. */
struct ap_host {
	struct ap_limits lim;
	bool have_masks;	/* both apmask and aqmask were read */
	struct ap_mask apmask;	/* adapters kept for the host's drivers */
	struct ap_mask aqmask;	/* domains kept for the host's drivers */
	struct ap_dev *devs;
	size_t ndevs;
};

/* The vfio_ap part of one mdevctl device configuration. */
struct ap_cfg {
	char type[64];
	bool autostart;
	struct ap_matrix m;
};

/* Messages for the user, in order; refusals make the callout exit 1. */
struct ap_msg {
	bool refusal;
	char *text;
};

struct ap_msgs {
	struct ap_msg *v;
	size_t n;
	size_t cap;
	unsigned int refusals;
};

void ap_mask_set(struct ap_mask *m, unsigned int id);
void ap_mask_clear(struct ap_mask *m, unsigned int id);
bool ap_mask_test(const struct ap_mask *m, unsigned int id);
bool ap_mask_empty(const struct ap_mask *m);
bool ap_mask_and(struct ap_mask *dst, const struct ap_mask *a,
		 const struct ap_mask *b);

int ap_parse_id(const char *s, unsigned long *id);
int ap_parse_mask(const char *s, size_t len, struct ap_mask *m);
int ap_parse_config(const char *s, struct ap_matrix *m);
void ap_format_config(const struct ap_matrix *m, char *buf);
int ap_parse_apqn_list(const char *text, struct ap_matrix *m);
int ap_parse_id_lines(const char *text, struct ap_mask *m);

int ap_cfg_from_json(struct json_object *obj, const struct ap_limits *lim,
		     struct ap_cfg *cfg, struct ap_msgs *msgs);
int ap_cfg_from_text(const char *text, const struct ap_limits *lim,
		     struct ap_cfg *cfg, struct ap_msgs *msgs);

void ap_check(const char *uuid, const struct ap_matrix *m,
	      const struct ap_host *host, struct ap_msgs *msgs);

char *ap_attrs_json(const struct ap_matrix *m);
char *ap_capabilities(const char *provides);

void ap_msgs_add(struct ap_msgs *msgs, bool refusal, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ap_msgs_print(const struct ap_msgs *msgs, FILE *f);
void ap_msgs_free(struct ap_msgs *msgs);

#endif

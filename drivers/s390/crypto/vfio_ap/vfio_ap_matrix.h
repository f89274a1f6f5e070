/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ap matrix model: the pure set logic behind an mdev's AP configuration.
 *
 * An AP matrix is three 256-bit masks: adapters (APIDs), usage domains
 * (APQIs) and control domains. The queues it names are the cross product
 * adapters x usage domains; each one is an APQN, (APID << 8) | APQI.
 *
 * The masks use the architected numbering of ../ap_arch.h (ID 0 is the
 * leftmost bit, as the machine stores it), on plain unsigned long bitmaps,
 * so that the same code and the same KUnit test run on s390x and x86_64.
 *
 * Nothing in here takes a lock, sleeps or allocates: callers hold whatever
 * lock protects the matrices they pass in (see vfio-ap-design.rst).
 */
#ifndef _VFIO_AP_MATRIX_H_
#define _VFIO_AP_MATRIX_H_

#include <linux/bitops.h>
#include <linux/types.h>

#include "../ap_arch.h"

struct seq_buf;

#define VFIO_AP_NR_APIDS	256
#define VFIO_AP_NR_APQIS	256

/* Hex digits of one whole mask, as in ap_config and /sys/bus/ap/apmask. */
#define VFIO_AP_MASK_DIGITS	(VFIO_AP_NR_APIDS / 4)
/* "0x" + digits, three times, two ',' and the final '\n': 201 bytes. */
#define VFIO_AP_CONFIG_LEN	(3 * (2 + VFIO_AP_MASK_DIGITS) + 3)

/* Limits a machine without the APXA facility imposes. */
#define VFIO_AP_APID_MAX_NO_APXA	63
#define VFIO_AP_APQI_MAX_NO_APXA	15

unsigned int vfio_ap_next_id(const unsigned long *map, unsigned int nbits,
			     unsigned int start);

/**
 * struct vfio_ap_id_iter - cursor of for_each_vfio_ap_id()
 * @map:	the mask being walked
 * @end:	IDs at or above this are not visited
 * @next:	where the next search starts
 */
struct vfio_ap_id_iter {
	const unsigned long *map;
	unsigned int end;
	unsigned int next;
};

static inline unsigned int vfio_ap_id_iter_next(struct vfio_ap_id_iter *it)
{
	unsigned int id = vfio_ap_next_id(it->map, it->end, it->next);

	it->next = id + 1;
	return id;
}

/**
 * for_each_vfio_ap_id - walk the IDs set in an architected mask, ascending
 * @id:		unsigned int loop cursor; @nbits once the walk is complete
 * @map:	the mask; clearing the current ID inside the loop is allowed
 * @nbits:	only IDs below this are visited
 */
#define for_each_vfio_ap_id(id, map, nbits)				\
	for (struct vfio_ap_id_iter __vap_it = { (map), (nbits), 0 };	\
	     ((id) = vfio_ap_id_iter_next(&__vap_it)) < __vap_it.end;)

/**
 * struct vfio_ap_hostcfg - the host's AP configuration, as QCI reports it
 * @apm:	adapters configured to this LPAR
 * @aqm:	usage domains configured to this LPAR
 * @adm:	control domains configured to this LPAR
 * @apxa:	the APXA facility is installed: IDs above 63 (adapters) and
 *		15 (domains) are usable, up to @na and @nd
 * @na:		highest adapter number the machine supports
 * @nd:		highest domain number the machine supports
 *
 * Filled by the backend's qci() operation; all zero when the machine has
 * no QCI facility.
 */
struct vfio_ap_hostcfg {
	DECLARE_BITMAP(apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(adm, VFIO_AP_NR_APQIS);
	bool apxa;
	u8 na;
	u8 nd;
};

/**
 * struct vfio_ap_matrix - one AP configuration: an mdev's or a guest's
 * @apm:	adapters
 * @aqm:	usage domains
 * @adm:	control domains
 * @apid_max:	highest adapter number that may be assigned
 * @apqi_max:	highest usage domain number that may be assigned
 * @adm_max:	highest control domain number that may be assigned
 *
 * The limits come from the host configuration (vfio_ap_matrix_init()).
 * Rendering shows only IDs within them.
 */
struct vfio_ap_matrix {
	DECLARE_BITMAP(apm, VFIO_AP_NR_APIDS);
	DECLARE_BITMAP(aqm, VFIO_AP_NR_APQIS);
	DECLARE_BITMAP(adm, VFIO_AP_NR_APQIS);
	unsigned int apid_max;
	unsigned int apqi_max;
	unsigned int adm_max;
};

/**
 * enum vfio_ap_view - what vfio_ap_matrix_render() produces
 * @VFIO_AP_VIEW_APQNS:	the `matrix` / `guest_matrix` format: one
 *			"aa.dddd\n" line per queue, adapter-major; "aa.\n"
 *			per adapter when no domain is set; ".dddd\n" per
 *			domain when no adapter is set; nothing if both are empty
 * @VFIO_AP_VIEW_CDOMS:	the `control_domains` format: "dddd\n" per domain
 * @VFIO_AP_VIEW_CONFIG: the `ap_config` format: the three masks as
 *			"0x" + 64 hex digits, separated by ',' and ended by
 *			'\n' (always %VFIO_AP_CONFIG_LEN bytes)
 */
enum vfio_ap_view {
	VFIO_AP_VIEW_APQNS,
	VFIO_AP_VIEW_CDOMS,
	VFIO_AP_VIEW_CONFIG,
};

/**
 * typedef vfio_ap_passable_fn - may this queue be handed to the guest?
 * @ctx:	the caller's context, passed through by vfio_ap_matrix_filter()
 * @apid:	adapter number
 * @apqi:	domain number
 *
 * Return: true if the queue is bound to vfio_ap, linked to the mdev being
 * filtered and its last reset left it usable (vfio_ap_reset_rc_passable()).
 */
typedef bool (*vfio_ap_passable_fn)(void *ctx, unsigned int apid,
				    unsigned int apqi);

/**
 * vfio_ap_reset_rc_passable() - does a reset response code keep a queue usable?
 * @rc:	AP response code stored by the last ZAPQ/TAPQ of the queue
 *
 * A queue that reset normally, or that is deconfigured or check-stopped
 * (the guest sees those states itself), can stay in the guest's view; any
 * other outcome (busy, reset still in progress, ...) takes its adapter out.
 *
 * Return: true for response codes 0x00, 0x03 and 0x04.
 */
static inline bool vfio_ap_reset_rc_passable(u8 rc)
{
	return rc == AP_RC_NORMAL || rc == AP_RC_DECONFIGURED ||
	       rc == AP_RC_CHECKSTOPPED;
}

void vfio_ap_matrix_init(struct vfio_ap_matrix *m,
			 const struct vfio_ap_hostcfg *host);
void vfio_ap_matrix_clear_masks(struct vfio_ap_matrix *m);
bool vfio_ap_matrix_masks_empty(const struct vfio_ap_matrix *m);
bool vfio_ap_matrix_masks_equal(const struct vfio_ap_matrix *a,
				const struct vfio_ap_matrix *b);
void vfio_ap_matrix_copy_masks(struct vfio_ap_matrix *dst,
			       const struct vfio_ap_matrix *src);

int vfio_ap_parse_id(const char *buf, unsigned int max, unsigned long *id);
int vfio_ap_matrix_parse_config(const char *buf, size_t count,
				struct vfio_ap_matrix *m);
int vfio_ap_matrix_check_limits(const struct vfio_ap_matrix *m);
int vfio_ap_apqns_shared(const unsigned long *apm1, const unsigned long *aqm1,
			 const unsigned long *apm2, const unsigned long *aqm2,
			 unsigned long *apm_shared, unsigned long *aqm_shared);
int vfio_ap_matrix_check_shared(const struct vfio_ap_matrix *m,
				const struct vfio_ap_matrix *other,
				struct vfio_ap_matrix *shared);

bool vfio_ap_matrix_filter(struct vfio_ap_matrix *guest,
			   const struct vfio_ap_matrix *m,
			   const struct vfio_ap_hostcfg *host,
			   vfio_ap_passable_fn passable, void *ctx,
			   unsigned long *apm_dropped);
bool vfio_ap_matrix_filter_cdoms(struct vfio_ap_matrix *guest,
				 const struct vfio_ap_matrix *m,
				 const struct vfio_ap_hostcfg *host);

size_t vfio_ap_matrix_render(const struct vfio_ap_matrix *m,
			     enum vfio_ap_view view, struct seq_buf *s,
			     loff_t off);

#endif /* _VFIO_AP_MATRIX_H_ */

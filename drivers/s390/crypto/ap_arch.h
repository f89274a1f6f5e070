/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architected AP formats that vfio_ap and the simulated AP bus (apsim) both
 * speak: queue numbers, the numbering of adapter and domain masks, and the
 * response codes of the AP instructions. They are facts about the machine,
 * not logic, so both sides use this one definition; their tests check them
 * against literal values (apsim_kunit's mask format case, the
 * vfio_ap_matrix_kunit numbering case), never against each other.
 */
#ifndef _ZMDEV_AP_ARCH_H_
#define _ZMDEV_AP_ARCH_H_

#include <linux/bitops.h>
#include <linux/types.h>

/* An APQN names one queue: adapter (APID) in the high byte, domain low. */
#define AP_APQN(apid, apqi)	((u16)(((apid) << 8) | (apqi)))
#define AP_APQN_APID(apqn)	(((unsigned int)(apqn) >> 8) & 0xff)
#define AP_APQN_APQI(apqn)	((unsigned int)(apqn) & 0xff)

/*
 * Adapter and domain masks number their IDs from the leftmost (most
 * significant) bit, as the machine stores them. On plain unsigned long
 * bitmaps the order is reversed within each long, so that on a 64-bit
 * big-endian machine the layout in memory equals the architected mask and
 * the same code runs on s390x and on x86_64.
 */
static inline unsigned int ap_id_bit(unsigned int id)
{
	return id ^ (BITS_PER_LONG - 1);
}

/* Non-atomic: the owner of the bitmap serialises all changes. */
static inline void ap_set_id(unsigned long *map, unsigned int id)
{
	__set_bit(ap_id_bit(id), map);
}

static inline void ap_clear_id(unsigned long *map, unsigned int id)
{
	__clear_bit(ap_id_bit(id), map);
}

static inline bool ap_test_id(const unsigned long *map, unsigned int id)
{
	return test_bit(ap_id_bit(id), map);
}

/**
 * enum ap_rc - AP response codes, as found in the queue status word
 * @AP_RC_NORMAL:		success
 * @AP_RC_Q_NOT_AVAIL:		the APQN is not valid or not available
 * @AP_RC_RESET_IN_PROGRESS:	a reset of the queue is still running
 * @AP_RC_DECONFIGURED:		the adapter is deconfigured
 * @AP_RC_CHECKSTOPPED:		the adapter is check-stopped
 * @AP_RC_BUSY:			the queue is busy, try again
 * @AP_RC_INVALID_ADDRESS:	AQIC: bad notification indicator byte
 * @AP_RC_OTHERWISE_CHANGED:	AQIC: interrupt state already as asked
 * @AP_RC_INVALID_GISA:		AQIC: bad GISA
 * @AP_RC_STATE_CHANGE_IN_PROGRESS: a state change is still running
 * @AP_RC_ASSOC_SECRET_NOT_UNIQUE: SE association: secret not unique
 * @AP_RC_ASSOC_FAILED:		SE association failed
 */
enum ap_rc {
	AP_RC_NORMAL			= 0x00,
	AP_RC_Q_NOT_AVAIL		= 0x01,
	AP_RC_RESET_IN_PROGRESS		= 0x02,
	AP_RC_DECONFIGURED		= 0x03,
	AP_RC_CHECKSTOPPED		= 0x04,
	AP_RC_BUSY			= 0x05,
	AP_RC_INVALID_ADDRESS		= 0x06,
	AP_RC_OTHERWISE_CHANGED		= 0x07,
	AP_RC_INVALID_GISA		= 0x08,
	AP_RC_STATE_CHANGE_IN_PROGRESS	= 0x0a,
	AP_RC_ASSOC_SECRET_NOT_UNIQUE	= 0x35,
	AP_RC_ASSOC_FAILED		= 0x36,
};

#endif /* _ZMDEV_AP_ARCH_H_ */

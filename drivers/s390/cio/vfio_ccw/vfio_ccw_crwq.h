/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_ccw: bounded queue of channel-report words.
 *
 * Portable and lock-free by itself: the caller serialises every call on
 * one queue (vfio_ccw_chp.c uses the device's CRW spinlock). Kept apart so
 * that the overflow rule can be unit-tested on any architecture.
 */
#ifndef _VFIO_CCW_CRWQ_H_
#define _VFIO_CCW_CRWQ_H_

#include <linux/types.h>

/* Reports kept per device. */
#define VCCW_CRW_QUEUE_LEN	64
/* CRW bit 2: one or more reports before this one were lost. */
#define VCCW_CRW_OFLW		0x20000000

/**
 * struct vccw_crw_queue - bounded FIFO of channel-report words
 * @word:	ring buffer
 * @head:	index of the oldest entry
 * @count:	number of entries
 * @dropped:	reports lost to overflow since the queue was set up
 */
struct vccw_crw_queue {
	u32 word[VCCW_CRW_QUEUE_LEN];
	unsigned int head;
	unsigned int count;
	unsigned long dropped;
};

/**
 * vccw_crw_make() - build a channel-report word
 * @rsc: reporting-source code (4 bits)
 * @erc: error-recovery code (6 bits)
 * @rsid: reporting-source id
 *
 * Return: the CRW, with the solicited, overflow, chaining and ancillary
 * bits clear.
 */
static inline u32 vccw_crw_make(u8 rsc, u8 erc, u16 rsid)
{
	return (u32)(rsc & 0xf) << 24 | (u32)(erc & 0x3f) << 16 | rsid;
}

/**
 * vccw_crwq_push() - append a report, dropping the oldest when full
 * @q: the queue
 * @word: the report
 *
 * When the queue is full the oldest report is dropped and the overflow bit
 * is set in the report that becomes the oldest, as the channel subsystem
 * does when it loses reports: the newest reports describe the current
 * state, which is what a guest needs.
 *
 * Return: true if a report was dropped.
 */
static inline bool vccw_crwq_push(struct vccw_crw_queue *q, u32 word)
{
	bool drop = q->count == VCCW_CRW_QUEUE_LEN;

	if (drop) {
		q->head = (q->head + 1) % VCCW_CRW_QUEUE_LEN;
		q->count--;
		q->word[q->head] |= VCCW_CRW_OFLW;
		q->dropped++;
	}
	q->word[(q->head + q->count) % VCCW_CRW_QUEUE_LEN] = word;
	q->count++;
	return drop;
}

/**
 * vccw_crwq_pop() - take the oldest report
 * @q: the queue
 * @word: where to store it
 *
 * Return: false (and *@word untouched) if the queue is empty.
 */
static inline bool vccw_crwq_pop(struct vccw_crw_queue *q, u32 *word)
{
	if (!q->count)
		return false;
	*word = q->word[q->head];
	q->head = (q->head + 1) % VCCW_CRW_QUEUE_LEN;
	q->count--;
	return true;
}

/**
 * vccw_crwq_clear() - forget every queued report
 * @q: the queue
 */
static inline void vccw_crwq_clear(struct vccw_crw_queue *q)
{
	q->head = 0;
	q->count = 0;
}

#endif /* _VFIO_CCW_CRWQ_H_ */

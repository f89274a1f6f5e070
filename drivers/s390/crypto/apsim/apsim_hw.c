// SPDX-License-Identifier: GPL-2.0
/*
 * apsim hardware: the simulated AP instructions other modules call
 * (apsim_tapq() and friends), the per-queue state behind them and the
 * debugfs files that script that state.
 *
 * The queue state lives in an xarray indexed by APQN and exists for every
 * queue of the committed configuration, whether or not a device for it is
 * registered yet. One mutex, apsim_hw_lock, serialises all of it. It is
 * innermost: callers may hold the bus's locks, the device core's, a
 * guest's PQAP hook or a driver's locks, and apsim takes no other lock
 * while it holds apsim_hw_lock (an interruption reaches its guest only
 * after the lock is dropped).
 *
 * While a queue's interruptions are enabled, apsim holds a reference on
 * the memory of its notification byte, as the real adapter "owns" the byte
 * until its interruptions are off: apsim never stores into memory that
 * could have gone back to the allocator. If apsim's reference is the only
 * one left when it would store the byte, the driver gave the page up while
 * interruptions were on (on real hardware, a store into freed memory):
 * apsim warns and does not store.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "apsim_priv.h"

#define APSIM_CTL_MAX	256

static DEFINE_MUTEX(apsim_hw_lock);
static DEFINE_XARRAY(apsim_hw_queues);
static struct apsim_machine apsim_hw_machine;
/* Configured adapters taken offline through their card's config file. */
static DECLARE_BITMAP(apsim_hw_decfg, APSIM_NR_ADAPTERS);
static char apsim_hw_tapq_result[160];
/* debugfs knobs of apsim_qci(): the facility is missing, or QCI fails. */
static bool apsim_hw_no_qci;
static bool apsim_hw_fail_qci;
/*
 * TAPQs answered 0x02 because a hold knob keeps a reset in progress, the
 * queue of the last one, and the readers of "held" waiting for the next.
 */
static u64 apsim_hw_held_polls;
static u16 apsim_hw_held_apqn;
static DECLARE_WAIT_QUEUE_HEAD(apsim_hw_held_wq);

static bool apsim_hw_configured(u16 apqn)
{
	const struct apsim_config_info *info = &apsim_hw_machine.info;

	lockdep_assert_held(&apsim_hw_lock);
	return ap_test_id(info->apm, AP_APQN_APID(apqn)) &&
	       ap_test_id(info->aqm, AP_APQN_APQI(apqn));
}

/* The queue's state if it is configured, else NULL. */
static struct apsim_qhw *apsim_hw_find(u16 apqn)
{
	lockdep_assert_held(&apsim_hw_lock);
	if (!apsim_hw_configured(apqn))
		return NULL;
	return xa_load(&apsim_hw_queues, apqn);
}

/* A reference on the memory holding host physical address @nib, or NULL. */
static struct folio *apsim_hw_nib_get(phys_addr_t nib)
{
	struct folio *folio;
	struct page *page;

	if (!nib || !pfn_valid(PHYS_PFN(nib)))
		return NULL;
	page = pfn_to_page(PHYS_PFN(nib));
	for (;;) {
		folio = page_folio(page);
		if (!folio_try_get(folio))
			return NULL;
		if (likely(page_folio(page) == folio))
			return folio;
		folio_put(folio);
	}
}

/* Interruptions of @q are off: the adapter lets go of the byte's memory. */
static void apsim_hw_nib_put(struct apsim_qhw *q)
{
	lockdep_assert_held(&apsim_hw_lock);
	if (q->irq || !q->nib_folio)
		return;
	folio_put(q->nib_folio);
	q->nib_folio = NULL;
}

static struct apsim_qhw *apsim_hw_exec(u16 apqn, enum apsim_op op,
				       bool enable, u8 isc, u64 nib,
				       struct apsim_qstatus *st,
				       struct apsim_qinfo *info)
{
	unsigned int apid = AP_APQN_APID(apqn);
	struct apsim_qhw *q;

	lockdep_assert_held(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	if (!q) {
		*st = (struct apsim_qstatus){ .rc = AP_RC_Q_NOT_AVAIL };
		if (info)
			memset(info, 0, sizeof(*info));
		return NULL;
	}
	if (test_bit(apid, apsim_hw_decfg)) {
		/* A deconfigured adapter answers for each of its queues. */
		q->count[op]++;
		*st = (struct apsim_qstatus){
			.rc = AP_RC_DECONFIGURED, .queue_empty = true,
		};
	} else {
		apsim_qhw_exec(q, op, enable, isc, nib, st);
		if (op == APSIM_OP_TAPQ && apsim_qhw_held(q) &&
		    st->rc == AP_RC_RESET_IN_PROGRESS) {
			apsim_hw_held_apqn = apqn;
			WRITE_ONCE(apsim_hw_held_polls, apsim_hw_held_polls + 1);
			wake_up_all(&apsim_hw_held_wq);
		}
		apsim_hw_nib_put(q);
	}
	if (info) {
		info->hwtype = apsim_hw_machine.hwtype[apid];
		info->mode = apsim_hw_machine.mode[apid];
		info->functions = apsim_mode_functions(info->mode);
		info->depth = APSIM_DEPTH;
	}
	return q;
}

/**
 * apsim_tapq() - simulated TEST AP QUEUE
 * @apqn:	the queue
 * @st:		receives the status; response code 0x01 if the queue is not
 *		in the configuration
 * @info:	receives the type information; may be NULL
 *
 * Context: process context; takes a mutex.
 */
void apsim_tapq(u16 apqn, struct apsim_qstatus *st, struct apsim_qinfo *info)
{
	guard(mutex)(&apsim_hw_lock);
	apsim_hw_exec(apqn, APSIM_OP_TAPQ, false, 0, 0, st, info);
}
EXPORT_SYMBOL_GPL(apsim_tapq);

/**
 * apsim_zapq() - simulated zeroize (PQAP ZAPQ)
 * @apqn:	the queue
 * @st:		receives the status
 *
 * A normal reset disables interruptions; TAPQ then reports "reset in
 * progress" as often as the queue's reset_polls knob says.
 *
 * Context: process context; takes a mutex.
 */
void apsim_zapq(u16 apqn, struct apsim_qstatus *st)
{
	guard(mutex)(&apsim_hw_lock);
	apsim_hw_exec(apqn, APSIM_OP_ZAPQ, false, 0, 0, st, NULL);
}
EXPORT_SYMBOL_GPL(apsim_zapq);

/**
 * apsim_aqic() - simulated AP queue interruption control (PQAP AQIC)
 * @apqn:	the queue
 * @enable:	enable (true) or disable interruptions
 * @isc:	interruption subclass (the guest's), for enabling
 * @gisa:	the guest the interruptions go to (apsim_guest_gisa()), for
 *		enabling; 0 for none
 * @nib:	host physical address of the notification indicator byte,
 *		for enabling; 0, or an address outside memory, is answered
 *		with 0x06 (invalid address). apsim holds a reference on the
 *		memory until interruptions are off (AQIC, reset, adapter
 *		deconfigured or gone) and writes the byte when it delivers
 *		an interruption (debugfs "interrupt"); the caller must hold
 *		its own for as long, or apsim warns instead of writing
 * @st:		receives the status; 0x07 if interruptions already are in the
 *		requested state
 *
 * Context: process context; takes a mutex.
 */
void apsim_aqic(u16 apqn, bool enable, u8 isc, u32 gisa, phys_addr_t nib,
		struct apsim_qstatus *st)
{
	struct folio *folio = enable ? apsim_hw_nib_get(nib) : NULL;
	struct apsim_qhw *q;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_exec(apqn, APSIM_OP_AQIC, enable, isc, folio ? nib : 0,
			  st, NULL);
	if (q && enable && st->rc == AP_RC_NORMAL) {
		q->gisa = gisa;
		/* Enabling succeeds only while interruptions were off. */
		if (!WARN_ON(q->nib_folio)) {
			q->nib_folio = folio;
			folio = NULL;
		}
	}
	if (folio)
		folio_put(folio);
}
EXPORT_SYMBOL_GPL(apsim_aqic);

/**
 * apsim_qci() - simulated query configuration information
 * @info:	receives the committed configuration; untouched on failure
 *
 * An adapter deconfigured through its card's config file stays in the
 * configuration (its queues answer 0x03), as on a real machine.
 *
 * Context: process context; takes a mutex.
 * Return: 0, -EOPNOTSUPP while the debugfs knob no_qci says the machine
 * lacks the QCI facility, -EIO while fail_qci makes the instruction fail.
 */
int apsim_qci(struct apsim_config_info *info)
{
	guard(mutex)(&apsim_hw_lock);
	if (apsim_hw_no_qci)
		return -EOPNOTSUPP;
	if (apsim_hw_fail_qci)
		return -EIO;
	*info = apsim_hw_machine.info;
	return 0;
}
EXPORT_SYMBOL_GPL(apsim_qci);

/**
 * apsim_hw_config_info() - the committed configuration, for apsim itself
 * @info:	receives it
 *
 * Unlike apsim_qci() this never fails: the bus's own attributes show the
 * configuration whatever the QCI knobs say.
 */
void apsim_hw_config_info(struct apsim_config_info *info)
{
	guard(mutex)(&apsim_hw_lock);
	*info = apsim_hw_machine.info;
}

/**
 * apsim_hw_set_adapter_config() - configure or deconfigure an adapter
 * @apid:	the adapter
 * @on:		configure (true) or deconfigure it
 *
 * A deconfigured adapter keeps its card and queue devices and its place in
 * the QCI masks, but every instruction on its queues answers 0x03 and the
 * queues lose their contents and interruption settings. Leaving the
 * configuration (a commit without the adapter) configures it again.
 */
void apsim_hw_set_adapter_config(unsigned int apid, bool on)
{
	struct apsim_qhw *q;
	unsigned long idx;

	guard(mutex)(&apsim_hw_lock);
	/* A card whose adapter a commit is just taking away: nothing to do. */
	if (on || !ap_test_id(apsim_hw_machine.info.apm, apid)) {
		clear_bit(apid, apsim_hw_decfg);
		return;
	}
	if (test_and_set_bit(apid, apsim_hw_decfg))
		return;
	xa_for_each_range(&apsim_hw_queues, idx, q, AP_APQN(apid, 0),
			  AP_APQN(apid, APSIM_NR_DOMAINS - 1)) {
		apsim_qhw_power_off(q);
		apsim_hw_nib_put(q);
	}
}

/**
 * apsim_hw_adapter_config() - is an adapter configured (not deconfigured)?
 * @apid:	the adapter
 *
 * Return: false only after apsim_hw_set_adapter_config(@apid, false).
 */
bool apsim_hw_adapter_config(unsigned int apid)
{
	guard(mutex)(&apsim_hw_lock);
	return !test_bit(apid, apsim_hw_decfg);
}

/**
 * apsim_hw_sync() - create the state of every queue of a configuration
 * @info:	the configuration about to be committed
 *
 * Queues that already have state keep it, so knobs set on a queue survive
 * configuration changes that keep the queue. Call apsim_hw_set_config()
 * afterwards; it drops the state of queues that left the configuration.
 *
 * Return: 0 or -ENOMEM; state created before a failure stays, unused.
 */
int apsim_hw_sync(const struct apsim_config_info *info)
{
	unsigned int apid, apqi;

	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++) {
		if (!ap_test_id(info->apm, apid))
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			u16 apqn = AP_APQN(apid, apqi);
			struct apsim_qhw *q;
			int rc;

			if (!ap_test_id(info->aqm, apqi) ||
			    xa_load(&apsim_hw_queues, apqn))
				continue;
			q = kzalloc(sizeof(*q), GFP_KERNEL);
			if (!q)
				return -ENOMEM;
			apsim_qhw_init(q, apqn);
			rc = xa_insert(&apsim_hw_queues, apqn, q, GFP_KERNEL);
			if (rc) {
				kfree(q);
				return rc;
			}
		}
	}
	return 0;
}

/**
 * apsim_hw_set_config() - make a configuration the one the hardware has
 * @m:	the configuration; apsim_hw_sync() must have succeeded for it
 *
 * Queues outside it answer 0x01 from now on and lose their state.
 */
void apsim_hw_set_config(const struct apsim_machine *m)
{
	struct apsim_qhw *q;
	unsigned long idx;
	unsigned int apid;

	guard(mutex)(&apsim_hw_lock);
	apsim_hw_machine = *m;
	for (apid = 0; apid < APSIM_NR_ADAPTERS; apid++)
		if (!ap_test_id(m->info.apm, apid))
			clear_bit(apid, apsim_hw_decfg);
	xa_for_each(&apsim_hw_queues, idx, q) {
		if (apsim_hw_configured(idx))
			continue;
		q->irq = false;
		apsim_hw_nib_put(q);
		xa_erase(&apsim_hw_queues, idx);
		kfree(q);
	}
}

/**
 * apsim_hw_irq_enabled() - are interruptions enabled for a queue?
 * @apqn:	the queue
 *
 * Return: true if they are; false also for an unconfigured queue.
 */
bool apsim_hw_irq_enabled(u16 apqn)
{
	struct apsim_qhw *q;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	return q && q->irq;
}

/**
 * apsim_hw_reset_pending() - is a reset of the queue still in progress?
 * @apqn:	the queue
 *
 * Return: true while TAPQ would report "reset in progress".
 */
bool apsim_hw_reset_pending(u16 apqn)
{
	struct apsim_qhw *q;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	return q && (q->reset_left || apsim_qhw_held(q));
}

/**
 * apsim_hw_sticky_rc() - the sticky response code of a queue
 * @apqn:	the queue
 *
 * Return: the code (0x03 deconfigured, 0x04 checkstopped, ...), 0 if none
 * is set or the queue is not configured.
 */
u8 apsim_hw_sticky_rc(u16 apqn)
{
	struct apsim_qhw *q;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	return q ? q->sticky_rc : 0;
}

/* debugfs: queue_ctl, "XX.YYYY word..." applied all or nothing */
static ssize_t apsim_queue_ctl_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	char *buf __free(kfree) = NULL;
	struct apsim_qhw *q, tmp;
	char *cur, *word;
	u16 apqn;
	int rc;

	if (len >= APSIM_CTL_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(no_free_ptr(buf));

	cur = strim(buf);
	word = strsep(&cur, " \t");
	rc = apsim_parse_apqn(word, &apqn);
	if (rc)
		return rc;
	if (!cur)
		return -EINVAL;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	if (!q)
		return -ENODEV;
	tmp = *q;
	while ((word = strsep(&cur, " \t"))) {
		if (!*word)
			continue;
		rc = apsim_qhw_ctl(&tmp, word);
		if (rc)
			return rc;
	}
	*q = tmp;
	return len;
}

static const struct file_operations apsim_queue_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = apsim_queue_ctl_write,
	.llseek = noop_llseek,
};

static int apsim_queues_show(struct seq_file *sf, void *unused)
{
	struct apsim_qhw *q;
	unsigned long idx;
	unsigned int i;

	guard(mutex)(&apsim_hw_lock);
	xa_for_each(&apsim_hw_queues, idx, q) {
		if (!apsim_hw_configured(idx))
			continue;
		seq_printf(sf, "%02x.%04x sticky_rc=0x%02x reset_polls=%u reset_left=%u hold=%d held=%d irq=%d isc=%u nib=0x%llx",
			   AP_APQN_APID(q->apqn), AP_APQN_APQI(q->apqn),
			   q->sticky_rc, q->reset_polls, q->reset_left,
			   q->hold, apsim_qhw_held(q), q->irq, q->isc, q->nib);
		seq_printf(sf, " gisa=0x%08x replies=%u full=%d irqs=%llu config=%d",
			   q->gisa, q->replies, q->full, q->irqs,
			   !test_bit(AP_APQN_APID(idx), apsim_hw_decfg));
		for (i = 0; i < APSIM_OP_NR; i++)
			seq_printf(sf, " %s=%llu", apsim_op_names[i],
				   q->count[i]);
		seq_puts(sf, " script=");
		for (i = 0; i < q->nscript; i++)
			seq_printf(sf, "%s%s:0x%02x", i ? "," : "",
				   apsim_op_names[q->script_op[i]],
				   q->script_rc[i]);
		seq_putc(sf, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(apsim_queues);

/*
 * debugfs: held, read: block until the next TAPQ that a reset kept in
 * progress by a hold knob answers with 0x02, then show its queue
 * ("XX.YYYY"). A test reads it once to know that the driver's reset has
 * reached the queue and is polling it, and again to know that the driver
 * still polls it, without sleeping or polling itself.
 */
static ssize_t apsim_held_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	u64 start = READ_ONCE(apsim_hw_held_polls);
	char text[16];
	int rc;

	if (*ppos)
		return 0;
	rc = wait_event_interruptible(apsim_hw_held_wq,
				      READ_ONCE(apsim_hw_held_polls) != start);
	if (rc)
		return rc;
	scoped_guard(mutex, &apsim_hw_lock)
		snprintf(text, sizeof(text), "%02x.%04x\n",
			 AP_APQN_APID(apsim_hw_held_apqn),
			 AP_APQN_APQI(apsim_hw_held_apqn));
	return simple_read_from_buffer(ubuf, len, ppos, text, strlen(text));
}

static const struct file_operations apsim_held_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = apsim_held_read,
	.llseek = default_llseek,
};

/* The APQN ("XX.YYYY", optional newline) a debugfs file was written. */
static int apsim_hw_apqn_from_user(const char __user *ubuf, size_t len,
				   u16 *apqn)
{
	char text[16];

	if (len >= sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, ubuf, len))
		return -EFAULT;
	text[len] = '\0';
	return apsim_parse_apqn(text, apqn);
}

/* debugfs: tapq, write an APQN to run TAPQ on it, read the outcome */
static ssize_t apsim_tapq_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct apsim_qstatus st;
	struct apsim_qinfo info;
	u16 apqn;
	int rc;

	rc = apsim_hw_apqn_from_user(ubuf, len, &apqn);
	if (rc)
		return rc;

	apsim_tapq(apqn, &st, &info);

	guard(mutex)(&apsim_hw_lock);
	snprintf(apsim_hw_tapq_result, sizeof(apsim_hw_tapq_result),
		 "%02x.%04x rc=0x%02x empty=%d replies=%d full=%d irq=%d hwtype=%u functions=0x%08x depth=%u\n",
		 AP_APQN_APID(apqn), AP_APQN_APQI(apqn), st.rc,
		 st.queue_empty, st.replies_waiting, st.queue_full,
		 st.irq_enabled, info.hwtype, info.functions, info.depth);
	return len;
}

/* A read shows the outcome of the last TAPQ written, from any opener. */
static int apsim_tapq_show(struct seq_file *m, void *unused)
{
	guard(mutex)(&apsim_hw_lock);
	seq_puts(m, apsim_hw_tapq_result);
	return 0;
}
DEFINE_SHOW_STORE_ATTRIBUTE(apsim_tapq);

/*
 * The adapter stores 1 into the notification byte of @q, in the memory
 * apsim holds; unless apsim is the only holder left, which means the
 * driver let go of memory the adapter may store into.
 */
static bool apsim_hw_store_nib(struct apsim_qhw *q)
{
	struct folio *folio = q->nib_folio;
	size_t off;
	u8 *byte;

	lockdep_assert_held(&apsim_hw_lock);
	if (WARN_ON(!folio))
		return false;
	if (folio_ref_count(folio) == 1) {
		WARN(1, "%02x.%04x: notification byte 0x%llx is in memory nobody but the adapter holds\n",
		     AP_APQN_APID(q->apqn), AP_APQN_APQI(q->apqn), q->nib);
		return false;
	}
	off = (PHYS_PFN(q->nib) - folio_pfn(folio)) * PAGE_SIZE +
	      offset_in_page(q->nib);
	byte = kmap_local_folio(folio, off);
	WRITE_ONCE(*byte, 1);
	kunmap_local(byte);
	return true;
}

/*
 * debugfs: interrupt, write "XX.YYYY": a reply arrives on the queue (the
 * R bit comes on). With interruptions enabled the adapter then sets the
 * notification byte to 1 and the guest the AQIC named gets an interruption
 * for its ISC; otherwise nothing is signalled. -ENODEV for a queue outside
 * the configuration, -EIO for a deconfigured adapter.
 */
static ssize_t apsim_interrupt_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct apsim_qhw *q;
	bool deliver;
	u32 gisa = 0;
	u8 isc = 0;
	u16 apqn;
	int rc;

	rc = apsim_hw_apqn_from_user(ubuf, len, &apqn);
	if (rc)
		return rc;

	scoped_guard(mutex, &apsim_hw_lock) {
		q = apsim_hw_find(apqn);
		if (!q)
			return -ENODEV;
		if (test_bit(AP_APQN_APID(apqn), apsim_hw_decfg))
			return -EIO;
		q->replies++;
		deliver = q->irq && apsim_hw_store_nib(q);
		if (deliver) {
			q->irqs++;
			gisa = q->gisa;
			isc = q->isc;
		}
	}
	if (deliver && gisa)
		apsim_guest_deliver_irq(gisa, isc);
	return len;
}

static const struct file_operations apsim_interrupt_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = apsim_interrupt_write,
	.llseek = noop_llseek,
};

/**
 * apsim_hw_init() - create the hardware debugfs files (best effort)
 * @dir:	apsim's debugfs directory
 */
void apsim_hw_init(struct dentry *dir)
{
	debugfs_create_file("interrupt", 0200, dir, NULL,
			    &apsim_interrupt_fops);
	debugfs_create_bool("no_qci", 0600, dir, &apsim_hw_no_qci);
	debugfs_create_bool("fail_qci", 0600, dir,
			    &apsim_hw_fail_qci);
	debugfs_create_file("queue_ctl", 0200, dir, NULL,
			    &apsim_queue_ctl_fops);
	debugfs_create_file("queues", 0400, dir, NULL,
			    &apsim_queues_fops);
	debugfs_create_file("tapq", 0600, dir, NULL,
			    &apsim_tapq_fops);
	debugfs_create_file("held", 0400, dir, NULL,
			    &apsim_held_fops);
}

/**
 * apsim_hw_exit() - free all queue state
 */
void apsim_hw_exit(void)
{
	struct apsim_qhw *q;
	unsigned long idx;

	guard(mutex)(&apsim_hw_lock);
	xa_for_each(&apsim_hw_queues, idx, q) {
		q->irq = false;
		apsim_hw_nib_put(q);
		kfree(q);
	}
	xa_destroy(&apsim_hw_queues);
}

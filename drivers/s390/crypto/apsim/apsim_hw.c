// SPDX-License-Identifier: GPL-2.0
/*
 * apsim hardware: the simulated AP instructions other modules call
 * (apsim_tapq() and friends), the per-queue state behind them and the
 * debugfs files that script that state.
 *
 * The queue state lives in an xarray indexed by APQN and exists for every
 * queue of the committed configuration, whether or not a device for it is
 * registered yet. One mutex, apsim_hw_lock, serialises all of it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "apsim_priv.h"

#define APSIM_CTL_MAX	256

static DEFINE_MUTEX(apsim_hw_lock);
static DEFINE_XARRAY(apsim_hw_queues);
static struct apsim_machine apsim_hw_machine;
static char apsim_hw_tapq_result[128];

static bool apsim_hw_configured(u16 apqn)
{
	const struct apsim_config_info *info = &apsim_hw_machine.info;

	lockdep_assert_held(&apsim_hw_lock);
	return apsim_test_id(info->apm, APSIM_APQN_APID(apqn)) &&
	       apsim_test_id(info->aqm, APSIM_APQN_APQI(apqn));
}

/* The queue's state if it is configured, else NULL. */
static struct apsim_qhw *apsim_hw_find(u16 apqn)
{
	lockdep_assert_held(&apsim_hw_lock);
	if (!apsim_hw_configured(apqn))
		return NULL;
	return xa_load(&apsim_hw_queues, apqn);
}

static void apsim_hw_exec(u16 apqn, enum apsim_op op, bool enable, u8 isc,
			  u64 nib, struct apsim_qstatus *st,
			  struct apsim_qinfo *info)
{
	unsigned int apid = APSIM_APQN_APID(apqn);
	struct apsim_qhw *q;

	guard(mutex)(&apsim_hw_lock);
	q = apsim_hw_find(apqn);
	if (!q) {
		*st = (struct apsim_qstatus){ .rc = APSIM_RC_Q_NOT_AVAIL };
		if (info)
			memset(info, 0, sizeof(*info));
		return;
	}
	apsim_qhw_exec(q, op, enable, isc, nib, st);
	if (info) {
		info->hwtype = apsim_hw_machine.hwtype[apid];
		info->mode = apsim_hw_machine.mode[apid];
		info->functions = apsim_mode_functions(info->mode);
		info->depth = APSIM_DEPTH;
	}
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
	apsim_hw_exec(apqn, APSIM_OP_ZAPQ, false, 0, 0, st, NULL);
}
EXPORT_SYMBOL_GPL(apsim_zapq);

/**
 * apsim_rapq() - simulated reset (PQAP RAPQ); behaves like apsim_zapq()
 * @apqn:	the queue
 * @st:		receives the status
 *
 * Context: process context; takes a mutex.
 */
void apsim_rapq(u16 apqn, struct apsim_qstatus *st)
{
	apsim_hw_exec(apqn, APSIM_OP_RAPQ, false, 0, 0, st, NULL);
}
EXPORT_SYMBOL_GPL(apsim_rapq);

/**
 * apsim_aqic() - simulated AP queue interruption control (PQAP AQIC)
 * @apqn:	the queue
 * @enable:	enable (true) or disable interruptions
 * @isc:	interruption subclass, for enabling
 * @nib:	notification indicator byte address, for enabling; 0 is
 *		answered with 0x06 (invalid address)
 * @st:		receives the status; 0x07 if interruptions already are in the
 *		requested state
 *
 * Context: process context; takes a mutex.
 */
void apsim_aqic(u16 apqn, bool enable, u8 isc, u64 nib,
		struct apsim_qstatus *st)
{
	apsim_hw_exec(apqn, APSIM_OP_AQIC, enable, isc, nib, st, NULL);
}
EXPORT_SYMBOL_GPL(apsim_aqic);

/**
 * apsim_qci() - simulated query configuration information
 * @info:	receives the committed configuration
 *
 * Context: process context; takes a mutex.
 */
void apsim_qci(struct apsim_config_info *info)
{
	guard(mutex)(&apsim_hw_lock);
	*info = apsim_hw_machine.info;
}
EXPORT_SYMBOL_GPL(apsim_qci);

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
		if (!apsim_test_id(info->apm, apid))
			continue;
		for (apqi = 0; apqi < APSIM_NR_DOMAINS; apqi++) {
			u16 apqn = APSIM_APQN(apid, apqi);
			struct apsim_qhw *q;
			int rc;

			if (!apsim_test_id(info->aqm, apqi) ||
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

	guard(mutex)(&apsim_hw_lock);
	apsim_hw_machine = *m;
	xa_for_each(&apsim_hw_queues, idx, q) {
		if (apsim_hw_configured(idx))
			continue;
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
	return q && q->reset_left;
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
		seq_printf(sf, "%02x.%04x sticky_rc=0x%02x reset_polls=%u reset_left=%u irq=%d isc=%u nib=0x%llx",
			   APSIM_APQN_APID(q->apqn), APSIM_APQN_APQI(q->apqn),
			   q->sticky_rc, q->reset_polls, q->reset_left,
			   q->irq, q->isc, q->nib);
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

/* debugfs: tapq, write an APQN to run TAPQ on it, read the outcome */
static ssize_t apsim_tapq_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct apsim_qstatus st;
	struct apsim_qinfo info;
	char buf[16];
	u16 apqn;
	int rc;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	rc = apsim_parse_apqn(buf, &apqn);
	if (rc)
		return rc;

	apsim_tapq(apqn, &st, &info);

	guard(mutex)(&apsim_hw_lock);
	snprintf(apsim_hw_tapq_result, sizeof(apsim_hw_tapq_result),
		 "%02x.%04x rc=0x%02x empty=%d irq=%d hwtype=%u functions=0x%08x depth=%u\n",
		 APSIM_APQN_APID(apqn), APSIM_APQN_APQI(apqn), st.rc,
		 st.queue_empty, st.irq_enabled, info.hwtype, info.functions,
		 info.depth);
	return len;
}

static ssize_t apsim_tapq_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	char buf[sizeof(apsim_hw_tapq_result)];

	scoped_guard(mutex, &apsim_hw_lock)
		strscpy(buf, apsim_hw_tapq_result);
	return simple_read_from_buffer(ubuf, len, ppos, buf, strlen(buf));
}

static const struct file_operations apsim_tapq_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = apsim_tapq_read,
	.write = apsim_tapq_write,
	.llseek = default_llseek,
};

/**
 * apsim_hw_init() - create the hardware debugfs files (best effort)
 */
void apsim_hw_init(void)
{
	debugfs_create_file("queue_ctl", 0200, apsim_debugfs, NULL,
			    &apsim_queue_ctl_fops);
	debugfs_create_file("queues", 0400, apsim_debugfs, NULL,
			    &apsim_queues_fops);
	debugfs_create_file("tapq", 0600, apsim_debugfs, NULL,
			    &apsim_tapq_fops);
}

/**
 * apsim_hw_exit() - free all queue state
 */
void apsim_hw_exit(void)
{
	struct apsim_qhw *q;
	unsigned long idx;

	xa_for_each(&apsim_hw_queues, idx, q)
		kfree(q);
	xa_destroy(&apsim_hw_queues);
}

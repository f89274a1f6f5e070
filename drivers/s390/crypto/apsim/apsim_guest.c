// SPDX-License-Identifier: GPL-2.0
/*
 * apsim guests: what a KVM guest with a crypto control block would offer
 * vfio_ap, without KVM. A guest has the three APCB masks vfio_ap loads,
 * a lock standing in for kvm->lock, a PQAP(AQIC) hook slot guarded by a
 * rw-semaphore, GISC registrations and fault knobs. Tests create guests and
 * play the guest's part through debugfs:
 *
 *   guest_ctl			"create NAME" / "destroy NAME" /
 *				"link NAME DEVICE" (DEVICE is used by NAME too)
 *   guests/NAME/apcb		the masks vfio_ap loaded: apm,aqm,adm
 *   guests/NAME/pqap		write "XX.YYYY on GISC NIB" or "XX.YYYY off"
 *				to issue PQAP(AQIC); read the outcome
 *   guests/NAME/state		hook installed, registered GISCs, GISA
 *   guests/NAME/aiv		adapter interruption virtualisation (default 1)
 *   guests/NAME/fail_gisc	GISC registration fails with -EIO
 *   guests/NAME/fail_nib_share	NIB sharing fails with -EFAULT
 *
 * NAME is the name of the VFIO device the guest uses (an mdev UUID); that
 * is how vfio_ap finds it (apsim_guest_get()). "link" gives the guest more
 * devices, as a KVM guest can have several VFIO devices. Interruptions the
 * simulated adapters deliver (debugfs "interrupt") are counted per guest
 * ISC in "state".
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "apsim_priv.h"

#define APSIM_GUEST_CTL_MAX	128
#define APSIM_NR_GISCS		8
#define APSIM_GUEST_LINKS	4
#define APSIM_NAME_MAX		63

/**
 * struct apsim_guest - one simulated guest
 * @ref:		references: one while listed, one per apsim_guest_get()
 * @name:		name, also of its debugfs directory
 * @links:		names of further devices the guest uses, or NULL
 * @node:		in apsim_guests while listed
 * @lock:		the guest's lock (apsim_guest_lock())
 * @hook_sem:		guards @hook and @hook_ctx; read while a hook runs
 * @hook:		PQAP(AQIC) handler, or NULL
 * @hook_ctx:		its context
 * @state:		guards the fields below
 * @apm:		adapters of the loaded APCB
 * @aqm:		usage domains of the loaded APCB
 * @adm:		control domains of the loaded APCB
 * @gisc_refs:		registrations of each guest ISC (counted, as KVM does)
 * @gisa:		fake GISA origin, unique per guest
 * @irqs:		interruptions delivered, per guest ISC
 * @pqap_result:	outcome of the last PQAP issued through debugfs
 * @aiv:		knob: adapter interruption virtualisation available
 * @fail_gisc:		knob: GISC registration fails
 * @fail_nib_share:	knob: NIB sharing fails
 * @dir:		debugfs directory
 *
 * Lock order: @lock, then @hook_sem (hooks are set and cleared with @lock
 * held), then @state, which is innermost. A hook runs with @hook_sem held
 * for reading; it may take its own locks and apsim_hw_lock (apsim_aqic()),
 * but never @lock.
 */
struct apsim_guest {
	struct kref ref;
	char *name;
	char *links[APSIM_GUEST_LINKS];
	struct list_head node;
	struct mutex lock;		/* vfio_ap's guest lock */
	struct rw_semaphore hook_sem;
	apsim_pqap_fn hook;
	void *hook_ctx;
	struct mutex state;		/* the fields below */
	DECLARE_BITMAP(apm, APSIM_NR_ADAPTERS);
	DECLARE_BITMAP(aqm, APSIM_NR_DOMAINS);
	DECLARE_BITMAP(adm, APSIM_NR_DOMAINS);
	unsigned int gisc_refs[APSIM_NR_GISCS];
	u32 gisa;
	u64 irqs[APSIM_NR_GISCS];
	char pqap_result[96];
	bool aiv;
	bool fail_gisc;
	bool fail_nib_share;
	struct dentry *dir;
};

/*
 * apsim_guests_lock protects the list of guests and the GISA counter. Of
 * apsim's locks only a guest's state lock is taken inside it. It is never
 * held while a guest's debugfs directory is removed: that waits for the
 * directory's files, and a PQAP written there runs a hook that may look
 * guests up.
 */
static DEFINE_MUTEX(apsim_guests_lock);
static LIST_HEAD(apsim_guests);
static struct dentry *apsim_guests_dir;
static u32 apsim_gisa_next;

static void apsim_guest_release(struct kref *ref)
{
	struct apsim_guest *g = container_of(ref, struct apsim_guest, ref);
	unsigned int i;

	for (i = 0; i < APSIM_GUEST_LINKS; i++)
		kfree(g->links[i]);
	mutex_destroy(&g->state);
	mutex_destroy(&g->lock);
	kfree(g->name);
	kfree(g);
}

/**
 * apsim_guest_put() - drop a reference from apsim_guest_get()
 * @g:	the guest; NULL is ignored
 */
void apsim_guest_put(struct apsim_guest *g)
{
	if (g)
		kref_put(&g->ref, apsim_guest_release);
}
EXPORT_SYMBOL_GPL(apsim_guest_put);

static bool apsim_guest_named(const struct apsim_guest *g, const char *name)
{
	unsigned int i;

	if (!strcmp(g->name, name))
		return true;
	for (i = 0; i < APSIM_GUEST_LINKS; i++)
		if (g->links[i] && !strcmp(g->links[i], name))
			return true;
	return false;
}

/* The guest called @name or using the device @name. */
static struct apsim_guest *apsim_guest_find(const char *name)
{
	struct apsim_guest *g;

	lockdep_assert_held(&apsim_guests_lock);
	list_for_each_entry(g, &apsim_guests, node)
		if (apsim_guest_named(g, name))
			return g;
	return NULL;
}

/* Give guest @name the further device @dev. */
static int apsim_guest_link(const char *name, const char *dev)
{
	struct apsim_guest *g;
	unsigned int i;

	if (strlen(dev) > APSIM_NAME_MAX)
		return -EINVAL;
	guard(mutex)(&apsim_guests_lock);
	g = apsim_guest_find(name);
	if (!g)
		return -ENOENT;
	if (apsim_guest_find(dev))
		return -EEXIST;
	for (i = 0; i < APSIM_GUEST_LINKS; i++) {
		if (g->links[i])
			continue;
		g->links[i] = kstrdup(dev, GFP_KERNEL);
		return g->links[i] ? 0 : -ENOMEM;
	}
	return -ENOSPC;
}

/**
 * apsim_guest_deliver_irq() - an adapter interrupts a guest
 * @gisa:	the guest's GISA origin, as given with AQIC
 * @isc:	the guest ISC
 *
 * Counts the interruption for the guest; a guest that no longer exists
 * loses it, as a guest that went away would.
 */
void apsim_guest_deliver_irq(u32 gisa, u8 isc)
{
	struct apsim_guest *g;

	if (isc >= APSIM_NR_GISCS)
		return;
	guard(mutex)(&apsim_guests_lock);
	list_for_each_entry(g, &apsim_guests, node) {
		if (g->gisa != gisa)
			continue;
		guard(mutex)(&g->state);
		g->irqs[isc]++;
		return;
	}
}

/**
 * apsim_guest_get() - find the guest a VFIO device is used by
 * @name:	the device's name (an mdev UUID)
 *
 * Return: the guest with a new reference (drop it with apsim_guest_put()),
 * or NULL when no guest of that name exists.
 */
struct apsim_guest *apsim_guest_get(const char *name)
{
	struct apsim_guest *g;

	guard(mutex)(&apsim_guests_lock);
	g = apsim_guest_find(name);
	if (g)
		kref_get(&g->ref);
	return g;
}
EXPORT_SYMBOL_GPL(apsim_guest_get);

/**
 * apsim_guest_lock() - take the guest's lock (the kvm->lock stand-in)
 * @g:	the guest
 */
void apsim_guest_lock(struct apsim_guest *g)
{
	mutex_lock(&g->lock);
}
EXPORT_SYMBOL_GPL(apsim_guest_lock);

/**
 * apsim_guest_unlock() - release apsim_guest_lock()
 * @g:	the guest
 */
void apsim_guest_unlock(struct apsim_guest *g)
{
	mutex_unlock(&g->lock);
}
EXPORT_SYMBOL_GPL(apsim_guest_unlock);

/**
 * apsim_guest_assert_locked() - lockdep check that apsim_guest_lock() is held
 * @g:	the guest
 */
void apsim_guest_assert_locked(struct apsim_guest *g)
{
	lockdep_assert_held(&g->lock);
}
EXPORT_SYMBOL_GPL(apsim_guest_assert_locked);

/**
 * apsim_guest_set_apcb() - load a guest's crypto control block
 * @g:		the guest
 * @apm:	adapters (256-bit architected mask)
 * @aqm:	usage domains
 * @adm:	control domains
 *
 * Context: process context; may be called with apsim_guest_lock() held.
 */
void apsim_guest_set_apcb(struct apsim_guest *g, const unsigned long *apm,
			  const unsigned long *aqm, const unsigned long *adm)
{
	guard(mutex)(&g->state);
	bitmap_copy(g->apm, apm, APSIM_NR_ADAPTERS);
	bitmap_copy(g->aqm, aqm, APSIM_NR_DOMAINS);
	bitmap_copy(g->adm, adm, APSIM_NR_DOMAINS);
}
EXPORT_SYMBOL_GPL(apsim_guest_set_apcb);

/**
 * apsim_guest_set_hook() - install the guest's PQAP(AQIC) handler
 * @g:		the guest
 * @fn:		the handler
 * @ctx:	passed to @fn
 *
 * Return: 0, or -EPERM if a handler is installed already.
 */
int apsim_guest_set_hook(struct apsim_guest *g, apsim_pqap_fn fn, void *ctx)
{
	guard(rwsem_write)(&g->hook_sem);
	if (g->hook)
		return -EPERM;
	g->hook = fn;
	g->hook_ctx = ctx;
	return 0;
}
EXPORT_SYMBOL_GPL(apsim_guest_set_hook);

/**
 * apsim_guest_clear_hook() - remove the handler, waiting for running calls
 * @g:	the guest
 */
void apsim_guest_clear_hook(struct apsim_guest *g)
{
	guard(rwsem_write)(&g->hook_sem);
	g->hook = NULL;
	g->hook_ctx = NULL;
}
EXPORT_SYMBOL_GPL(apsim_guest_clear_hook);

/**
 * apsim_guest_gisa() - the guest's (fake) GISA origin
 * @g:	the guest
 *
 * Return: a non-zero value unique to the guest.
 */
u32 apsim_guest_gisa(struct apsim_guest *g)
{
	return g->gisa;
}
EXPORT_SYMBOL_GPL(apsim_guest_gisa);

/**
 * apsim_guest_gisc_register() - register a guest ISC
 * @g:		the guest
 * @gisc:	the ISC, 0 to 7
 *
 * Registrations are counted per ISC; each needs its own
 * apsim_guest_gisc_unregister().
 *
 * Return: 0, -EINVAL for an ISC above 7, -EIO when the fail_gisc knob is
 * set.
 */
int apsim_guest_gisc_register(struct apsim_guest *g, u8 gisc)
{
	if (gisc >= APSIM_NR_GISCS)
		return -EINVAL;
	if (READ_ONCE(g->fail_gisc))
		return -EIO;
	guard(mutex)(&g->state);
	g->gisc_refs[gisc]++;
	return 0;
}
EXPORT_SYMBOL_GPL(apsim_guest_gisc_register);

/**
 * apsim_guest_gisc_unregister() - undo apsim_guest_gisc_register()
 * @g:		the guest
 * @gisc:	the ISC
 */
void apsim_guest_gisc_unregister(struct apsim_guest *g, u8 gisc)
{
	if (gisc >= APSIM_NR_GISCS)
		return;
	guard(mutex)(&g->state);
	/* An unbalanced unregister is a bug of the caller (vfio_ap). */
	if (WARN_ONCE(!g->gisc_refs[gisc], "%s: GISC %u not registered\n",
		      g->name, gisc))
		return;
	g->gisc_refs[gisc]--;
}
EXPORT_SYMBOL_GPL(apsim_guest_gisc_unregister);

/**
 * apsim_guest_nib_share() - make a notification byte usable by the adapter
 * @g:		the guest
 * @nib:	guest address of the byte
 *
 * Return: 0, or -EFAULT when the fail_nib_share knob is set.
 */
int apsim_guest_nib_share(struct apsim_guest *g, u64 nib)
{
	return READ_ONCE(g->fail_nib_share) ? -EFAULT : 0;
}
EXPORT_SYMBOL_GPL(apsim_guest_nib_share);

/**
 * apsim_guest_aiv() - is adapter interruption virtualisation available?
 * @g:	the guest
 *
 * Return: the aiv knob (default true).
 */
bool apsim_guest_aiv(struct apsim_guest *g)
{
	return READ_ONCE(g->aiv);
}
EXPORT_SYMBOL_GPL(apsim_guest_aiv);

/* debugfs: apcb */
static int apsim_apcb_show(struct seq_file *sf, void *unused)
{
	struct apsim_guest *g = sf->private;
	char apm[68], aqm[68], adm[68];

	scoped_guard(mutex, &g->state) {
		apsim_format_mask(apm, sizeof(apm), g->apm);
		apsim_format_mask(aqm, sizeof(aqm), g->aqm);
		apsim_format_mask(adm, sizeof(adm), g->adm);
	}
	seq_printf(sf, "%s,%s,%s\n", apm, aqm, adm);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(apsim_apcb);

/* debugfs: state */
static int apsim_gstate_show(struct seq_file *sf, void *unused)
{
	struct apsim_guest *g = sf->private;
	unsigned int i, mask = 0;
	bool hook;

	scoped_guard(rwsem_read, &g->hook_sem)
		hook = g->hook;
	guard(mutex)(&g->state);
	for (i = 0; i < APSIM_NR_GISCS; i++)
		if (g->gisc_refs[i])
			mask |= BIT(i);
	seq_printf(sf, "hook %d\ngiscs 0x%02x\ngisc_refs", hook, mask);
	for (i = 0; i < APSIM_NR_GISCS; i++)
		seq_printf(sf, " %u", g->gisc_refs[i]);
	seq_puts(sf, "\nirqs");
	for (i = 0; i < APSIM_NR_GISCS; i++)
		seq_printf(sf, " %llu", g->irqs[i]);
	seq_printf(sf, "\ngisa 0x%08x\n", g->gisa);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(apsim_gstate);

/* Parse "XX.YYYY on GISC NIB" or "XX.YYYY off". */
static int apsim_pqap_parse(char *buf, u16 *apqn, bool *enable, u8 *gisc,
			    u64 *nib)
{
	char *cur = strim(buf);
	char *apqn_s = strsep(&cur, " ");
	char *mode = strsep(&cur, " ");
	char *gisc_s = strsep(&cur, " ");
	char *nib_s = strsep(&cur, " ");
	int rc;

	if (!mode || cur)
		return -EINVAL;
	rc = apsim_parse_apqn(apqn_s, apqn);
	if (rc)
		return rc;
	*gisc = 0;
	*nib = 0;
	if (!strcmp(mode, "off")) {
		*enable = false;
		return gisc_s ? -EINVAL : 0;
	}
	if (strcmp(mode, "on") || !nib_s)
		return -EINVAL;
	*enable = true;
	rc = kstrtou8(gisc_s, 0, gisc);
	if (rc)
		return rc;
	if (*gisc >= APSIM_NR_GISCS)
		return -EINVAL;
	return kstrtou64(nib_s, 0, nib);
}

static ssize_t apsim_pqap_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char *buf __free(kfree) = NULL;
	struct apsim_guest *g = file->private_data;
	struct apsim_qstatus st = { .rc = AP_RC_Q_NOT_AVAIL };
	char result[sizeof(g->pqap_result)];
	bool enable;
	u16 apqn;
	u64 nib;
	u8 gisc;
	int rc;

	if (len >= APSIM_GUEST_CTL_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(no_free_ptr(buf));
	rc = apsim_pqap_parse(buf, &apqn, &enable, &gisc, &nib);
	if (rc)
		return rc;

	/* Like KVM: without a handler the queue is "not available". */
	scoped_guard(rwsem_read, &g->hook_sem) {
		rc = g->hook ? g->hook(g->hook_ctx, apqn, enable, gisc, nib,
				       &st) : 0;
	}
	if (rc)
		snprintf(result, sizeof(result), "user space %d\n", rc);
	else
		snprintf(result, sizeof(result), "cc=%d rc=0x%02x irq=%d\n",
			 st.rc ? 3 : 0, st.rc, st.irq_enabled);
	scoped_guard(mutex, &g->state)
		strscpy(g->pqap_result, result);
	return len;
}

static ssize_t apsim_pqap_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct apsim_guest *g = file->private_data;
	char result[sizeof(g->pqap_result)];

	scoped_guard(mutex, &g->state)
		strscpy(result, g->pqap_result);
	return simple_read_from_buffer(ubuf, len, ppos, result,
				       strlen(result));
}

static const struct file_operations apsim_pqap_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = apsim_pqap_read,
	.write = apsim_pqap_write,
	.llseek = default_llseek,
};

/**
 * apsim_guest_create() - create a simulated guest
 * @name:	its name: the VFIO device it uses (an mdev UUID); 1 to 63
 *		characters without '/'
 *
 * The guest starts with an empty APCB, no hook, interruption
 * virtualisation available and no fault knob set.
 *
 * Return: the guest, or ERR_PTR(-EINVAL) for a bad name, -EEXIST when a
 * guest of that name exists, -ENOMEM.
 */
static struct apsim_guest *apsim_guest_create(const char *name)
{
	struct apsim_guest *g;
	size_t len = name ? strlen(name) : 0;

	if (!len || len > APSIM_NAME_MAX || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return ERR_PTR(-EINVAL);

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return ERR_PTR(-ENOMEM);
	g->name = kstrdup(name, GFP_KERNEL);
	if (!g->name) {
		kfree(g);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&g->ref);
	mutex_init(&g->lock);
	mutex_init(&g->state);
	init_rwsem(&g->hook_sem);
	g->aiv = true;
	strscpy(g->pqap_result, "none\n");

	guard(mutex)(&apsim_guests_lock);
	if (apsim_guest_find(name)) {
		apsim_guest_release(&g->ref);
		return ERR_PTR(-EEXIST);
	}
	g->gisa = 0x10000000 | (++apsim_gisa_next << 8);
	g->dir = debugfs_create_dir(g->name, apsim_guests_dir);
	debugfs_create_file("apcb", 0400, g->dir, g, &apsim_apcb_fops);
	debugfs_create_file("state", 0400, g->dir, g, &apsim_gstate_fops);
	debugfs_create_file("pqap", 0600, g->dir, g, &apsim_pqap_fops);
	debugfs_create_bool("aiv", 0600, g->dir, &g->aiv);
	debugfs_create_bool("fail_gisc", 0600, g->dir, &g->fail_gisc);
	debugfs_create_bool("fail_nib_share", 0600, g->dir,
			    &g->fail_nib_share);
	list_add_tail(&g->node, &apsim_guests);
	return g;
}

static void apsim_guest_unlist(struct apsim_guest *g)
{
	lockdep_assert_held(&apsim_guests_lock);
	list_del(&g->node);
}

/*
 * Second half of taking a guest away, without apsim_guests_lock: removing
 * the directory waits for running debugfs calls, and a PQAP written there
 * runs vfio_ap's hook, which may look guests up.
 */
static void apsim_guest_retire(struct apsim_guest *g)
{
	debugfs_remove(g->dir);
	g->dir = NULL;
	apsim_guest_put(g);
}

/* debugfs: guest_ctl, "create NAME" / "destroy NAME" / "link NAME DEVICE" */
static ssize_t apsim_guest_ctl_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	char *buf __free(kfree) = NULL;
	struct apsim_guest *g;
	char *cur, *verb;

	if (len >= APSIM_GUEST_CTL_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(no_free_ptr(buf));
	cur = strim(buf);
	verb = strsep(&cur, " ");
	if (!cur)
		return -EINVAL;

	if (!strcmp(verb, "create")) {
		g = apsim_guest_create(cur);
		return IS_ERR(g) ? PTR_ERR(g) : len;
	}
	if (!strcmp(verb, "link")) {
		char *name = strsep(&cur, " ");
		int rc;

		if (!cur || !*cur || strchr(cur, ' '))
			return -EINVAL;
		rc = apsim_guest_link(name, cur);
		return rc ? rc : len;
	}
	if (strcmp(verb, "destroy"))
		return -EINVAL;
	scoped_guard(mutex, &apsim_guests_lock) {
		g = apsim_guest_find(cur);
		if (!g)
			return -ENOENT;
		apsim_guest_unlist(g);
	}
	apsim_guest_retire(g);
	return len;
}

static const struct file_operations apsim_guest_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = apsim_guest_ctl_write,
	.llseek = noop_llseek,
};

/**
 * apsim_guest_init() - create the guest debugfs files
 * @dir:	apsim's debugfs directory
 */
void apsim_guest_init(struct dentry *dir)
{
	apsim_guests_dir = debugfs_create_dir("guests", dir);
	debugfs_create_file("guest_ctl", 0200, dir, NULL,
			    &apsim_guest_ctl_fops);
}

/**
 * apsim_guest_exit() - destroy the guests tests left behind
 *
 * Modules using guests depend on apsim, so no reference can be left.
 */
void apsim_guest_exit(void)
{
	struct apsim_guest *g;

	for (;;) {
		scoped_guard(mutex, &apsim_guests_lock) {
			g = list_first_entry_or_null(&apsim_guests,
						     struct apsim_guest, node);
			if (!g)
				return;
			apsim_guest_unlist(g);
		}
		apsim_guest_retire(g);
	}
}

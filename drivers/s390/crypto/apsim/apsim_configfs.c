// SPDX-License-Identifier: GPL-2.0
/*
 * apsim configuration through configfs. The tree under
 * /sys/kernel/config/apsim describes the machine to simulate; nothing in it
 * takes effect until "1" is written to its commit attribute, which applies
 * the whole description as one configuration change (apsim_commit()).
 *
 *   apsim/
 *     adapters/<N>/type    adapter N (decimal or 0x hex) and its card type
 *     usage_domains         list of usage domains, e.g. "0-15,0x20"
 *     control_domains       list of control domains
 *     apxa, max_adapter_id, max_domain_id
 *     commit                write 1 to apply
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/configfs.h>
#include <linux/kstrtox.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "apsim_priv.h"

/**
 * struct apsim_cfs_adapter - one adapters/<N> directory
 * @item:	the configfs item
 * @apid:	adapter number
 * @hwtype:	hardware type of the card
 * @mode:	mode of the card
 * @node:	in apsim_cfs_adapters
 */
struct apsim_cfs_adapter {
	struct config_item item;
	unsigned int apid;
	u8 hwtype;
	enum apsim_mode mode;
	struct list_head node;
};

#define to_apsim_cfs_adapter(i) \
	container_of_const(i, struct apsim_cfs_adapter, item)

/*
 * apsim_cfs_lock protects the staged description below. A commit holds it
 * across apsim_commit(), so it is the outermost lock of apsim: above the
 * bus's apsim_commit_lock and everything that ranks below that.
 */
static DEFINE_MUTEX(apsim_cfs_lock);
static LIST_HEAD(apsim_cfs_adapters);
static DECLARE_BITMAP(apsim_cfs_usage, APSIM_NR_DOMAINS);
static DECLARE_BITMAP(apsim_cfs_control, APSIM_NR_DOMAINS);
static bool apsim_cfs_apxa = true;
static u8 apsim_cfs_na = APSIM_NR_ADAPTERS - 1;
static u8 apsim_cfs_nd = APSIM_NR_DOMAINS - 1;

/* adapters/<N>/type */

static ssize_t apsim_adapter_type_show(struct config_item *item, char *page)
{
	struct apsim_cfs_adapter *a = to_apsim_cfs_adapter(item);
	char name[8];

	scoped_guard(mutex, &apsim_cfs_lock)
		apsim_format_type(name, sizeof(name), a->hwtype, a->mode);
	return sysfs_emit(page, "%s\n", name);
}

static ssize_t apsim_adapter_type_store(struct config_item *item,
					const char *page, size_t count)
{
	struct apsim_cfs_adapter *a = to_apsim_cfs_adapter(item);
	enum apsim_mode mode;
	u8 hwtype;
	int rc;

	rc = apsim_parse_type(page, &hwtype, &mode);
	if (rc)
		return rc;
	guard(mutex)(&apsim_cfs_lock);
	a->hwtype = hwtype;
	a->mode = mode;
	return count;
}
CONFIGFS_ATTR(apsim_adapter_, type);

static struct configfs_attribute *apsim_adapter_attrs[] = {
	&apsim_adapter_attr_type,
	NULL,
};

static void apsim_adapter_release(struct config_item *item)
{
	kfree(to_apsim_cfs_adapter(item));
}

static struct configfs_item_operations apsim_adapter_item_ops = {
	.release = apsim_adapter_release,
};

static const struct config_item_type apsim_adapter_type = {
	.ct_item_ops = &apsim_adapter_item_ops,
	.ct_attrs = apsim_adapter_attrs,
	.ct_owner = THIS_MODULE,
};

/* adapters/ */

static struct config_item *apsim_adapters_make_item(struct config_group *group,
						    const char *name)
{
	struct apsim_cfs_adapter *a, *other;
	unsigned int apid;

	if (kstrtouint(name, 0, &apid) || apid >= APSIM_NR_ADAPTERS)
		return ERR_PTR(-EINVAL);

	guard(mutex)(&apsim_cfs_lock);
	list_for_each_entry(other, &apsim_cfs_adapters, node)
		if (other->apid == apid)
			return ERR_PTR(-EEXIST);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	a->apid = apid;
	a->hwtype = APSIM_HWTYPE_CEX8;
	a->mode = APSIM_MODE_CCA;
	config_item_init_type_name(&a->item, name, &apsim_adapter_type);
	list_add_tail(&a->node, &apsim_cfs_adapters);
	return &a->item;
}

static void apsim_adapters_drop_item(struct config_group *group,
				     struct config_item *item)
{
	scoped_guard(mutex, &apsim_cfs_lock)
		list_del(&to_apsim_cfs_adapter(item)->node);
	config_item_put(item);
}

static struct configfs_group_operations apsim_adapters_group_ops = {
	.make_item = apsim_adapters_make_item,
	.drop_item = apsim_adapters_drop_item,
};

static const struct config_item_type apsim_adapters_type = {
	.ct_group_ops = &apsim_adapters_group_ops,
	.ct_owner = THIS_MODULE,
};

/* Top-level attributes */

static ssize_t apsim_list_show(char *page, const unsigned long *list)
{
	guard(mutex)(&apsim_cfs_lock);
	return sysfs_emit(page, "%*pbl\n", APSIM_NR_DOMAINS, list);
}

static ssize_t apsim_list_store(const char *page, size_t count,
				unsigned long *list)
{
	DECLARE_BITMAP(parsed, APSIM_NR_DOMAINS);
	int rc;

	rc = bitmap_parselist(page, parsed, APSIM_NR_DOMAINS);
	if (rc)
		return rc;
	guard(mutex)(&apsim_cfs_lock);
	bitmap_copy(list, parsed, APSIM_NR_DOMAINS);
	return count;
}

static ssize_t apsim_cfs_usage_domains_show(struct config_item *item,
					    char *page)
{
	return apsim_list_show(page, apsim_cfs_usage);
}

static ssize_t apsim_cfs_usage_domains_store(struct config_item *item,
					     const char *page, size_t count)
{
	return apsim_list_store(page, count, apsim_cfs_usage);
}
CONFIGFS_ATTR(apsim_cfs_, usage_domains);

static ssize_t apsim_cfs_control_domains_show(struct config_item *item,
					      char *page)
{
	return apsim_list_show(page, apsim_cfs_control);
}

static ssize_t apsim_cfs_control_domains_store(struct config_item *item,
					       const char *page, size_t count)
{
	return apsim_list_store(page, count, apsim_cfs_control);
}
CONFIGFS_ATTR(apsim_cfs_, control_domains);

static ssize_t apsim_cfs_apxa_show(struct config_item *item, char *page)
{
	guard(mutex)(&apsim_cfs_lock);
	return sysfs_emit(page, "%d\n", apsim_cfs_apxa);
}

static ssize_t apsim_cfs_apxa_store(struct config_item *item,
				    const char *page, size_t count)
{
	bool on;

	if (kstrtobool(page, &on))
		return -EINVAL;
	guard(mutex)(&apsim_cfs_lock);
	apsim_cfs_apxa = on;
	return count;
}
CONFIGFS_ATTR(apsim_cfs_, apxa);

static ssize_t apsim_u8_show(char *page, const u8 *val)
{
	guard(mutex)(&apsim_cfs_lock);
	return sysfs_emit(page, "%u\n", *val);
}

static ssize_t apsim_u8_store(const char *page, size_t count, u8 *val)
{
	u8 v;
	int rc;

	rc = kstrtou8(page, 0, &v);
	if (rc)
		return rc;
	guard(mutex)(&apsim_cfs_lock);
	*val = v;
	return count;
}

static ssize_t apsim_cfs_max_adapter_id_show(struct config_item *item,
					     char *page)
{
	return apsim_u8_show(page, &apsim_cfs_na);
}

static ssize_t apsim_cfs_max_adapter_id_store(struct config_item *item,
					      const char *page, size_t count)
{
	return apsim_u8_store(page, count, &apsim_cfs_na);
}
CONFIGFS_ATTR(apsim_cfs_, max_adapter_id);

static ssize_t apsim_cfs_max_domain_id_show(struct config_item *item,
					    char *page)
{
	return apsim_u8_show(page, &apsim_cfs_nd);
}

static ssize_t apsim_cfs_max_domain_id_store(struct config_item *item,
					     const char *page, size_t count)
{
	return apsim_u8_store(page, count, &apsim_cfs_nd);
}
CONFIGFS_ATTR(apsim_cfs_, max_domain_id);

static void apsim_plain_to_arch(unsigned long *arch, const unsigned long *plain)
{
	unsigned int id;

	bitmap_zero(arch, APSIM_NR_DOMAINS);
	for_each_set_bit(id, plain, APSIM_NR_DOMAINS)
		ap_set_id(arch, id);
}

static ssize_t apsim_cfs_commit_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct apsim_machine *m __free(kfree) = NULL;
	struct apsim_cfs_adapter *a;
	bool go;
	int rc;

	if (kstrtobool(page, &go) || !go)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;

	/* Held across the commit, so that what is applied is what is shown. */
	guard(mutex)(&apsim_cfs_lock);
	m->info.apxa = apsim_cfs_apxa;
	m->info.na = apsim_cfs_na;
	m->info.nd = apsim_cfs_nd;
	apsim_plain_to_arch(m->info.aqm, apsim_cfs_usage);
	apsim_plain_to_arch(m->info.adm, apsim_cfs_control);
	list_for_each_entry(a, &apsim_cfs_adapters, node) {
		ap_set_id(m->info.apm, a->apid);
		m->hwtype[a->apid] = a->hwtype;
		m->mode[a->apid] = a->mode;
	}
	rc = apsim_commit(m);
	return rc ? rc : count;
}
CONFIGFS_ATTR_WO(apsim_cfs_, commit);

static struct configfs_attribute *apsim_cfs_attrs[] = {
	&apsim_cfs_attr_usage_domains,
	&apsim_cfs_attr_control_domains,
	&apsim_cfs_attr_apxa,
	&apsim_cfs_attr_max_adapter_id,
	&apsim_cfs_attr_max_domain_id,
	&apsim_cfs_attr_commit,
	NULL,
};

static const struct config_item_type apsim_cfs_root_type = {
	.ct_attrs = apsim_cfs_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group apsim_cfs_adapters_group;

static struct configfs_subsystem apsim_cfs_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "apsim",
			.ci_type = &apsim_cfs_root_type,
		},
	},
};

/**
 * apsim_configfs_init() - register /sys/kernel/config/apsim
 *
 * Return: 0 or the errno of configfs_register_subsystem().
 */
int apsim_configfs_init(void)
{
	config_group_init(&apsim_cfs_subsys.su_group);
	mutex_init(&apsim_cfs_subsys.su_mutex);
	config_group_init_type_name(&apsim_cfs_adapters_group, "adapters",
				    &apsim_adapters_type);
	configfs_add_default_group(&apsim_cfs_adapters_group,
				   &apsim_cfs_subsys.su_group);
	return configfs_register_subsystem(&apsim_cfs_subsys);
}

/**
 * apsim_configfs_exit() - unregister /sys/kernel/config/apsim
 *
 * The module cannot be unloaded while adapter directories exist, as each
 * pins it.
 */
void apsim_configfs_exit(void)
{
	configfs_unregister_subsystem(&apsim_cfs_subsys);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_ap sysfs: the attributes of each mdev (assign_* / unassign_*,
 * control_domains, ap_config, and the matrix / guest_matrix bin attributes
 * that read back whole beyond one page) and the status attribute of each
 * queue bound to vfio_ap. Parsing, checking and rendering are the matrix
 * model's; this file takes the locks and sequences check, change and plug.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/device.h>
#include <linux/seq_buf.h>
#include <linux/sysfs.h>

#include "vfio_ap_locks.h"
#include "vfio_ap_private.h"

/* Which of the three masks an assign_* / unassign_* attribute changes. */
enum vfio_ap_mask_kind {
	VFIO_AP_ADAPTER,
	VFIO_AP_DOMAIN,
	VFIO_AP_CDOM,
};

static unsigned long *vfio_ap_mask(struct vfio_ap_matrix *mx,
				   enum vfio_ap_mask_kind kind)
{
	switch (kind) {
	case VFIO_AP_ADAPTER:
		return mx->apm;
	case VFIO_AP_DOMAIN:
		return mx->aqm;
	default:
		return mx->adm;
	}
}

static unsigned int vfio_ap_mask_max(const struct vfio_ap_matrix *mx,
				     enum vfio_ap_mask_kind kind)
{
	switch (kind) {
	case VFIO_AP_ADAPTER:
		return mx->apid_max;
	case VFIO_AP_DOMAIN:
		return mx->apqi_max;
	default:
		return mx->adm_max;
	}
}

/*
 * May @m take the queues of @want? -EADDRNOTAVAIL when the host's default
 * drivers keep one of them, -EADDRINUSE when another mdev has one (each
 * shared queue is named in a warning). Control domains are not checked.
 */
static int vfio_ap_check_queues(struct vfio_ap_mdev *m,
				const struct vfio_ap_matrix *want)
{
	struct vfio_ap_matrix shared;
	struct vfio_ap_mdev *other;
	unsigned int apid, apqi;
	int ret = 0;

	vfio_ap_assert_update_locked(m);
	if (vfio_ap_backend.apqns_reserved(want->apm, want->aqm))
		return -EADDRNOTAVAIL;

	list_for_each_entry(other, &vfio_ap.mdevs, node) {
		if (other == m ||
		    !vfio_ap_matrix_check_shared(want, &other->matrix, &shared))
			continue;
		for_each_vfio_ap_id(apid, shared.apm, VFIO_AP_NR_APIDS)
			for_each_vfio_ap_id(apqi, shared.aqm, VFIO_AP_NR_APQIS)
				dev_warn_ratelimited(mdev_dev(m->mdev),
						     "Userspace may not assign queue %02x.%04x to mdev: already assigned to %s\n",
						     apid, apqi,
						     dev_name(mdev_dev(other->mdev)));
		ret = -EADDRINUSE;
	}
	return ret;
}

/*
 * Assign @id under the update locks (the bus's permission lock first);
 * resets the change starts go to @rs.
 */
static int vfio_ap_assign_locked(struct vfio_ap_mdev *m,
				 enum vfio_ap_mask_kind kind, unsigned long id,
				 struct vfio_ap_resets *rs)
{
	struct vfio_ap_matrix want;
	int ret;

	/* Adapters and domains are checked against apmask/aqmask. */
	CLASS(vfio_ap_lock_config, l)(m);
	if (ap_test_id(vfio_ap_mask(&m->matrix, kind), id))
		return 0;

	want = m->matrix;
	ap_set_id(vfio_ap_mask(&want, kind), id);
	if (kind != VFIO_AP_CDOM) {
		ret = vfio_ap_check_queues(m, &want);
		if (ret)
			return ret;
	}

	ap_set_id(vfio_ap_mask(&m->matrix, kind), id);
	vfio_ap_plug(m, rs);
	return 0;
}

/* Every write that changes the matrix waits for its resets unlocked. */
static ssize_t vfio_ap_assign(struct device *dev, const char *buf,
			      size_t count, enum vfio_ap_mask_kind kind)
{
	struct vfio_ap_mdev *m = vfio_ap_mdev_of(dev);
	unsigned long id;
	int ret;

	ret = vfio_ap_parse_id(buf, vfio_ap_mask_max(&m->matrix, kind), &id);
	if (ret)
		return ret;

	CLASS(vfio_ap_resets, rs)();
	ret = vfio_ap_assign_locked(m, kind, id, &rs);
	vfio_ap_resets_wait(&rs);
	return ret ? ret : count;
}

static ssize_t vfio_ap_unassign(struct device *dev, const char *buf,
				size_t count, enum vfio_ap_mask_kind kind)
{
	struct vfio_ap_mdev *m = vfio_ap_mdev_of(dev);
	unsigned long id;
	int ret;

	ret = vfio_ap_parse_id(buf, vfio_ap_mask_max(&m->matrix, kind), &id);
	if (ret)
		return ret;

	CLASS(vfio_ap_resets, rs)();
	scoped_class(vfio_ap_lock_mdev, l, m) {
		if (ap_test_id(vfio_ap_mask(&m->matrix, kind), id)) {
			ap_clear_id(vfio_ap_mask(&m->matrix, kind), id);
			vfio_ap_plug(m, &rs);
		}
	}
	vfio_ap_resets_wait(&rs);
	return count;
}

static ssize_t assign_adapter_store(struct device *dev,
				    struct device_attribute *attr,
				    const char *buf, size_t count)
{
	return vfio_ap_assign(dev, buf, count, VFIO_AP_ADAPTER);
}
static DEVICE_ATTR_WO(assign_adapter);

static ssize_t unassign_adapter_store(struct device *dev,
				      struct device_attribute *attr,
				      const char *buf, size_t count)
{
	return vfio_ap_unassign(dev, buf, count, VFIO_AP_ADAPTER);
}
static DEVICE_ATTR_WO(unassign_adapter);

static ssize_t assign_domain_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	return vfio_ap_assign(dev, buf, count, VFIO_AP_DOMAIN);
}
static DEVICE_ATTR_WO(assign_domain);

static ssize_t unassign_domain_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	return vfio_ap_unassign(dev, buf, count, VFIO_AP_DOMAIN);
}
static DEVICE_ATTR_WO(unassign_domain);

static ssize_t assign_control_domain_store(struct device *dev,
					   struct device_attribute *attr,
					   const char *buf, size_t count)
{
	return vfio_ap_assign(dev, buf, count, VFIO_AP_CDOM);
}
static DEVICE_ATTR_WO(assign_control_domain);

static ssize_t unassign_control_domain_store(struct device *dev,
					     struct device_attribute *attr,
					     const char *buf, size_t count)
{
	return vfio_ap_unassign(dev, buf, count, VFIO_AP_CDOM);
}
static DEVICE_ATTR_WO(unassign_control_domain);

/* Text attributes that always fit a page: control_domains, ap_config. */
static ssize_t vfio_ap_show_view(struct device *dev, char *buf,
				 enum vfio_ap_view view)
{
	struct vfio_ap_mdev *m = vfio_ap_mdev_of(dev);
	struct seq_buf s;

	seq_buf_init(&s, buf, PAGE_SIZE);
	guard(mutex)(&vfio_ap.mdevs_lock);
	return vfio_ap_matrix_render(&m->matrix, view, &s, 0);
}

static ssize_t control_domains_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return vfio_ap_show_view(dev, buf, VFIO_AP_VIEW_CDOMS);
}
static DEVICE_ATTR_RO(control_domains);

static ssize_t ap_config_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return vfio_ap_show_view(dev, buf, VFIO_AP_VIEW_CONFIG);
}

/*
 * The whole configuration in one write: either all of it is taken or,
 * on any error, the mdev stays exactly as it was.
 */
static int ap_config_locked(struct vfio_ap_mdev *m, const char *buf,
			    size_t count, struct vfio_ap_resets *rs)
{
	struct vfio_ap_matrix want;
	int ret;

	CLASS(vfio_ap_lock_config, l)(m);
	want = m->matrix;
	ret = vfio_ap_matrix_parse_config(buf, count, &want);
	if (ret)
		return ret;
	ret = vfio_ap_check_queues(m, &want);
	if (ret)
		return ret;
	ret = vfio_ap_matrix_check_limits(&want);
	if (ret)
		return ret;

	vfio_ap_matrix_copy_masks(&m->matrix, &want);
	vfio_ap_plug(m, rs);
	return 0;
}

static ssize_t ap_config_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	CLASS(vfio_ap_resets, rs)();
	int ret;

	ret = ap_config_locked(vfio_ap_mdev_of(dev), buf, count, &rs);
	vfio_ap_resets_wait(&rs);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(ap_config);

/* matrix and guest_matrix: any offset, any size, in the upstream format. */
static ssize_t vfio_ap_read_view(struct kobject *kobj, char *buf, loff_t off,
				 size_t count, bool guest)
{
	struct vfio_ap_mdev *m = vfio_ap_mdev_of(kobj_to_dev(kobj));
	struct seq_buf s;

	seq_buf_init(&s, buf, count);
	guard(mutex)(&vfio_ap.mdevs_lock);
	return vfio_ap_matrix_render(guest ? &m->shadow : &m->matrix,
				     VFIO_AP_VIEW_APQNS, &s, off);
}

static ssize_t matrix_read(struct file *file, struct kobject *kobj,
			   struct bin_attribute *attr, char *buf, loff_t off,
			   size_t count)
{
	return vfio_ap_read_view(kobj, buf, off, count, false);
}

/* Size 0: sysfs does not clamp the reads, the renderer finds the end. */
static BIN_ATTR_RO(matrix, 0);

static ssize_t guest_matrix_read(struct file *file, struct kobject *kobj,
				 struct bin_attribute *attr, char *buf,
				 loff_t off, size_t count)
{
	return vfio_ap_read_view(kobj, buf, off, count, true);
}
static BIN_ATTR_RO(guest_matrix, 0);

/* Writers first (assign, then unassign), then the text views. */
static struct attribute *vfio_ap_mdev_attrs[] = {
	&dev_attr_assign_adapter.attr,
	&dev_attr_assign_domain.attr,
	&dev_attr_assign_control_domain.attr,
	&dev_attr_unassign_adapter.attr,
	&dev_attr_unassign_domain.attr,
	&dev_attr_unassign_control_domain.attr,
	&dev_attr_ap_config.attr,
	&dev_attr_control_domains.attr,
	NULL
};

static struct bin_attribute *vfio_ap_mdev_bin_attrs[] = {
	&bin_attr_matrix,
	&bin_attr_guest_matrix,
	NULL
};

static const struct attribute_group vfio_ap_mdev_group = {
	.attrs = vfio_ap_mdev_attrs,
	.bin_attrs = vfio_ap_mdev_bin_attrs,
};

const struct attribute_group *vfio_ap_mdev_groups[] = {
	&vfio_ap_mdev_group,
	NULL
};

/*
 * Queue status: "in use" when the queue is in the guest view of an mdev
 * attached to a guest, "assigned" when an mdev has it, else "unassigned".
 * The driver data is NULL until probe has set up the queue object.
 */
static ssize_t status_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct vfio_ap_queue *q;
	struct vfio_ap_mdev *m;
	const char *state = "unassigned";

	guard(mutex)(&vfio_ap.mdevs_lock);
	q = dev_get_drvdata(dev);
	m = q ? q->mdev : NULL;
	if (m) {
		bool in_view =
			ap_test_id(m->shadow.apm, AP_APQN_APID(q->apqn)) &&
			ap_test_id(m->shadow.aqm, AP_APQN_APQI(q->apqn));

		state = m->guest && in_view ? "in use" : "assigned";
	}
	return sysfs_emit(buf, "%s\n", state);
}
static DEVICE_ATTR_RO(status);

static struct attribute *vfio_ap_queue_attrs[] = {
	&dev_attr_status.attr,
	NULL
};

static const struct attribute_group vfio_ap_queue_group = {
	.attrs = vfio_ap_queue_attrs,
};

const struct attribute_group *vfio_ap_queue_groups[] = {
	&vfio_ap_queue_group,
	NULL
};

// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim migration (VFIO migration v2 with STOP_COPY, P2P and PRE_COPY).
 *
 * A save session owns one file: in PRE_COPY it offers the stream prefix
 * that cannot change while the device runs (header and type fields), in
 * STOP_COPY the whole stream. A resume session collects bytes in a buffer
 * that is checked by stream.c and applied on RESUMING -> STOP.
 *
 * Files never reach back into the device. The device keeps a reference on
 * its session files and disables them when the session ends or the device
 * is closed or reset; a disabled file answers -ENODEV.
 * Lock order: see struct mdevsim_dev.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/cleanup.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "mdevsim.h"

/**
 * struct mdevsim_mig_file - one migration data fd
 * @filp: the file
 * @lock: protects the fields below. Innermost: taken with the device's
 *	lock held (see struct mdevsim_dev) and never held while another mdevsim
 *	lock is taken
 * @disabled: the session is over, every call fails with -ENODEV
 * @precopy: save file in a PRE_COPY state (temporary end of stream)
 * @pos: stream position
 * @avail: save: bytes that may be read so far
 * @len: resume: bytes written so far
 * @size: size of @buf
 * @buf: stream data
 */
struct mdevsim_mig_file {
	struct file *filp;
	struct mutex lock; /* the fields below */
	bool disabled;
	bool precopy;
	size_t pos;
	size_t avail;
	size_t len;
	size_t size;
	u8 *buf;
};

static int mig_file_release(struct inode *inode, struct file *filp)
{
	struct mdevsim_mig_file *mf = filp->private_data;

	mutex_destroy(&mf->lock);
	kvfree(mf->buf);
	kfree(mf);
	atomic_dec(&mdevsim_live_objects);
	return 0;
}

static ssize_t mig_save_read(struct file *filp, char __user *buf, size_t len,
			     loff_t *ppos)
{
	struct mdevsim_mig_file *mf = filp->private_data;
	size_t n;

	guard(mutex)(&mf->lock);
	if (mf->disabled)
		return -ENODEV;
	if (mf->pos >= mf->avail)
		return mf->precopy ? -ENOMSG : 0;
	n = min(len, mf->avail - mf->pos);
	if (copy_to_user(buf, mf->buf + mf->pos, n))
		return -EFAULT;
	mf->pos += n;
	return n;
}

static long mig_save_ioctl(struct file *filp, unsigned int cmd,
			   unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_precopy_info, dirty_bytes);
	struct mdevsim_mig_file *mf = filp->private_data;
	struct vfio_precopy_info info;

	if (cmd != VFIO_MIG_GET_PRECOPY_INFO)
		return -ENOTTY;
	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	scoped_guard(mutex, &mf->lock) {
		if (mf->disabled)
			return -ENODEV;
		if (!mf->precopy)
			return -EINVAL;
		info.initial_bytes = mf->avail - mf->pos;
		info.dirty_bytes = 0;
	}
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static ssize_t mig_resume_write(struct file *filp, const char __user *buf,
				size_t len, loff_t *ppos)
{
	struct mdevsim_mig_file *mf = filp->private_data;

	guard(mutex)(&mf->lock);
	if (mf->disabled)
		return -ENODEV;
	if (len > mf->size - mf->pos)
		return -EFBIG;
	if (copy_from_user(mf->buf + mf->pos, buf, len))
		return -EFAULT;
	mf->pos += len;
	mf->len = mf->pos;
	return len;
}

static const struct file_operations mig_save_fops = {
	.owner = THIS_MODULE,
	.read = mig_save_read,
	.unlocked_ioctl = mig_save_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = mig_file_release,
};

static const struct file_operations mig_resume_fops = {
	.owner = THIS_MODULE,
	.write = mig_resume_write,
	.release = mig_file_release,
};

static struct mdevsim_mig_file *mig_file_new(bool save)
{
	struct mdevsim_mig_file *mf;
	struct file *filp;

	mf = kzalloc(sizeof(*mf), GFP_KERNEL_ACCOUNT);
	if (!mf)
		return ERR_PTR(-ENOMEM);
	mf->size = save ? MDEVSIM_MIG_STREAM_SIZE : MDEVSIM_MIG_RESUME_MAX;
	mf->buf = kvzalloc(mf->size, GFP_KERNEL_ACCOUNT);
	if (!mf->buf) {
		kfree(mf);
		return ERR_PTR(-ENOMEM);
	}
	mutex_init(&mf->lock);

	filp = anon_inode_getfile("mdevsim_mig", save ? &mig_save_fops :
				  &mig_resume_fops, mf,
				  save ? O_RDONLY : O_WRONLY);
	if (IS_ERR(filp)) {
		mutex_destroy(&mf->lock);
		kvfree(mf->buf);
		kfree(mf);
		return ERR_CAST(filp);
	}
	/* From here on mig_file_release() frees @mf. */
	atomic_inc(&mdevsim_live_objects);
	stream_open(filp->f_inode, filp);
	mf->filp = filp;
	return mf;
}

/* End a session: the fd stays open for its user but answers -ENODEV. */
static void mig_file_disable(struct mdevsim_mig_file **slot)
{
	struct mdevsim_mig_file *mf = *slot;

	if (!mf)
		return;
	scoped_guard(mutex, &mf->lock)
		mf->disabled = true;
	*slot = NULL;
	fput(mf->filp);
}

static void snapshot_of(const struct mdevsim_dev *mdev,
			struct mdevsim_snapshot *snap)
{
	snap->cost = mdev->type->cost;
	snap->copy_limit = mdev->copy_limit;
	snap->irq_mode = mdev->irq_mode;
	snap->regs = mdev->regs;
}

/* Encode the device into a save file and make @avail bytes readable. */
static int mig_fill(struct mdevsim_dev *mdev, struct mdevsim_mig_file *mf,
		    size_t avail, bool precopy)
{
	struct mdevsim_snapshot *snap __free(kfree) =
		kzalloc(sizeof(*snap), GFP_KERNEL);
	int ret;

	lockdep_assert_held(&mdev->lock);
	if (!snap)
		return -ENOMEM;
	snapshot_of(mdev, snap);

	guard(mutex)(&mf->lock);
	ret = mdevsim_stream_encode(snap, mf->buf, mf->size);
	if (ret < 0)
		return ret;
	mf->avail = avail;
	mf->precopy = precopy;
	return 0;
}

static struct file *mig_start_save(struct mdevsim_dev *mdev, bool precopy)
{
	struct mdevsim_mig_file *mf;
	int ret;

	mf = mig_file_new(true);
	if (IS_ERR(mf))
		return ERR_CAST(mf);
	ret = mig_fill(mdev, mf, precopy ? MDEVSIM_MIG_PRECOPY_SIZE :
				MDEVSIM_MIG_STREAM_SIZE, precopy);
	if (ret) {
		fput(mf->filp);
		return ERR_PTR(ret);
	}
	get_file(mf->filp);
	mdev->save = mf;
	return mf->filp;
}

static struct file *mig_start_resume(struct mdevsim_dev *mdev)
{
	struct mdevsim_mig_file *mf = mig_file_new(false);

	if (IS_ERR(mf))
		return ERR_CAST(mf);
	get_file(mf->filp);
	mdev->resume = mf;
	return mf->filp;
}

/* RESUMING -> STOP: check the received stream and load it. */
static int mig_load(struct mdevsim_dev *mdev)
{
	struct mdevsim_mig_file *mf = mdev->resume;
	struct mdevsim_snapshot *snap __free(kfree) =
		kzalloc(sizeof(*snap), GFP_KERNEL);
	int ret = -EINVAL;

	lockdep_assert_held(&mdev->lock);
	if (!snap)
		return -ENOMEM;
	if (!mf)
		return -EINVAL;
	scoped_guard(mutex, &mf->lock)
		ret = mdevsim_stream_decode(mf->buf, mf->len, snap);
	if (ret)
		return ret;
	ret = mdevsim_stream_check_type(snap, mdev->type->cost,
					mdev->type->limit);
	if (ret)
		return ret;

	mdev->copy_limit = snap->copy_limit;
	mdev->irq_mode = snap->irq_mode;
	mdev->regs = snap->regs;
	mdev->intx_masked = false;
	mdevsim_irq_update(mdev);
	mig_file_disable(&mdev->resume);
	return 0;
}

static struct file *mig_step(struct mdevsim_dev *mdev,
			     enum vfio_device_mig_state next)
{
	enum vfio_device_mig_state cur = mdev->mig_state;
	int ret;

	if ((cur == VFIO_DEVICE_STATE_RUNNING &&
	     next == VFIO_DEVICE_STATE_RUNNING_P2P) ||
	    (cur == VFIO_DEVICE_STATE_RUNNING_P2P &&
	     (next == VFIO_DEVICE_STATE_RUNNING ||
	      next == VFIO_DEVICE_STATE_STOP)) ||
	    (cur == VFIO_DEVICE_STATE_STOP &&
	     next == VFIO_DEVICE_STATE_RUNNING_P2P) ||
	    (cur == VFIO_DEVICE_STATE_PRE_COPY &&
	     next == VFIO_DEVICE_STATE_PRE_COPY_P2P) ||
	    (cur == VFIO_DEVICE_STATE_PRE_COPY_P2P &&
	     next == VFIO_DEVICE_STATE_PRE_COPY))
		return NULL;	/* the engine is synchronous: nothing to quiesce */

	if ((cur == VFIO_DEVICE_STATE_RUNNING &&
	     next == VFIO_DEVICE_STATE_PRE_COPY) ||
	    (cur == VFIO_DEVICE_STATE_RUNNING_P2P &&
	     next == VFIO_DEVICE_STATE_PRE_COPY_P2P))
		return mig_start_save(mdev, true);

	if (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_STOP_COPY)
		return mig_start_save(mdev, false);

	if (cur == VFIO_DEVICE_STATE_PRE_COPY_P2P &&
	    next == VFIO_DEVICE_STATE_STOP_COPY) {
		if (!mdev->save)
			return ERR_PTR(-EINVAL);
		ret = mig_fill(mdev, mdev->save, MDEVSIM_MIG_STREAM_SIZE, false);
		return ret ? ERR_PTR(ret) : NULL;
	}

	if ((cur == VFIO_DEVICE_STATE_STOP_COPY &&
	     next == VFIO_DEVICE_STATE_STOP) ||
	    (cur == VFIO_DEVICE_STATE_PRE_COPY &&
	     next == VFIO_DEVICE_STATE_RUNNING) ||
	    (cur == VFIO_DEVICE_STATE_PRE_COPY_P2P &&
	     next == VFIO_DEVICE_STATE_RUNNING_P2P)) {
		mig_file_disable(&mdev->save);
		return NULL;
	}

	if (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_RESUMING)
		return mig_start_resume(mdev);

	if (cur == VFIO_DEVICE_STATE_RESUMING && next == VFIO_DEVICE_STATE_STOP) {
		ret = mig_load(mdev);
		return ret ? ERR_PTR(ret) : NULL;
	}

	WARN_ONCE(1, "mdevsim: unexpected migration arc %d -> %d\n", cur, next);
	return ERR_PTR(-EINVAL);
}

/* Walk the arcs from the current state to @new, one step at a time. */
static struct file *mig_walk(struct mdevsim_dev *mdev,
			     enum vfio_device_mig_state new)
{
	enum vfio_device_mig_state next;
	struct file *res = NULL, *f;
	int ret;

	lockdep_assert_held(&mdev->lock);
	while (mdev->mig_state != new) {
		ret = vfio_mig_get_next_state(&mdev->vdev, mdev->mig_state,
					      new, &next);
		f = ret ? ERR_PTR(ret) : mig_step(mdev, next);
		if (!IS_ERR(f) && f && res) {
			/* Only the last arc of a walk may open a file. */
			WARN_ON_ONCE(1);
			fput(f);
			f = ERR_PTR(-EINVAL);
		}
		if (IS_ERR(f)) {
			if (res)
				fput(res);
			return f;
		}
		mdev->mig_state = next;
		if (f)
			res = f;
	}
	return res;
}

static struct file *mdevsim_mig_set_state(struct vfio_device *vdev,
					  enum vfio_device_mig_state new)
{
	struct mdevsim_dev *mdev = to_mdevsim_dev(vdev);

	/* No copy may run while the state changes. */
	guard(mutex)(&mdev->copy_lock);
	mdevsim_test_point(mdev, MDEVSIM_TP_QUIESCED);
	guard(mutex)(&mdev->lock);
	return mig_walk(mdev, new);
}

static int mdevsim_mig_get_state(struct vfio_device *vdev,
				 enum vfio_device_mig_state *state)
{
	struct mdevsim_dev *mdev = to_mdevsim_dev(vdev);

	guard(mutex)(&mdev->lock);
	*state = mdev->mig_state;
	return 0;
}

static int mdevsim_mig_get_data_size(struct vfio_device *vdev,
				     unsigned long *stop_copy_length)
{
	*stop_copy_length = MDEVSIM_MIG_STREAM_SIZE;
	return 0;
}

const struct vfio_migration_ops mdevsim_mig_ops = {
	.migration_set_state = mdevsim_mig_set_state,
	.migration_get_state = mdevsim_mig_get_state,
	.migration_get_data_size = mdevsim_mig_get_data_size,
};

/**
 * mdevsim_mig_init() - advertise migration on a new device
 * @mdev: the device, before registration
 */
void mdevsim_mig_init(struct mdevsim_dev *mdev)
{
	mdev->vdev.migration_flags = VFIO_MIGRATION_STOP_COPY |
				     VFIO_MIGRATION_P2P |
				     VFIO_MIGRATION_PRE_COPY;
	mdev->vdev.mig_ops = &mdevsim_mig_ops;
	mdev->mig_state = VFIO_DEVICE_STATE_RUNNING;
}

/**
 * mdevsim_mig_reset() - end every session and return to RUNNING
 * @mdev: the device
 *
 * Context: Caller holds @mdev->lock.
 */
void mdevsim_mig_reset(struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	mig_file_disable(&mdev->save);
	mig_file_disable(&mdev->resume);
	mdev->mig_state = VFIO_DEVICE_STATE_RUNNING;
}

/**
 * mdevsim_mig_close() - the VFIO device is being closed
 * @mdev: the device
 *
 * Context: Caller holds @mdev->lock.
 */
void mdevsim_mig_close(struct mdevsim_dev *mdev)
{
	mdevsim_mig_reset(mdev);
}

/**
 * mdevsim_mig_running() - may the device start DMA?
 * @mdev: the device
 *
 * Return: true in RUNNING, RUNNING_P2P and the PRE_COPY states (mdevsim
 * does no peer-to-peer DMA, so P2P quiescence does not stop it).
 *
 * Context: Caller holds @mdev->lock.
 */
bool mdevsim_mig_running(const struct mdevsim_dev *mdev)
{
	lockdep_assert_held(&mdev->lock);
	switch (mdev->mig_state) {
	case VFIO_DEVICE_STATE_RUNNING:
	case VFIO_DEVICE_STATE_RUNNING_P2P:
	case VFIO_DEVICE_STATE_PRE_COPY:
	case VFIO_DEVICE_STATE_PRE_COPY_P2P:
		return true;
	default:
		return false;
	}
}

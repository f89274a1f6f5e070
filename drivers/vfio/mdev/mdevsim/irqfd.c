// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim eventfd watcher: user space signals an eventfd, mdevsim runs an
 * action on a device in process context. It backs the INTx unmask eventfd
 * (SET_IRQS with ACTION_UNMASK | DATA_EVENTFD), the path QEMU uses to
 * end a level-triggered interrupt without an extra ioctl.
 *
 * The watcher sits on the eventfd's wait queue. Its wake function runs in
 * the signaller's context with the queue's spinlock held, so it only
 * consumes the count and queues a work item; the work item takes the
 * device lock and runs the action. Because the count is consumed during
 * the signalling write(), user space can tell whether a watcher was
 * attached: a signal nobody watched stays readable on the eventfd.
 *
 * Closing the eventfd from user space does not detach the watcher: the
 * watcher holds its own reference on the eventfd context, so the queue
 * entry stays valid (and silent) until mdevsim_irqfd_destroy().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "mdevsim.h"

/**
 * struct mdevsim_irqfd - an eventfd watched on behalf of one device
 * @mdev: the device @action runs on
 * @action: called in process context with @mdev->lock held
 * @ctx: the eventfd context (a reference of our own)
 * @entry: our entry on the eventfd's wait queue
 * @pt: poll table used once, to find that wait queue
 * @work: runs @action
 */
struct mdevsim_irqfd {
	struct mdevsim_dev *mdev;
	void (*action)(struct mdevsim_dev *mdev);
	struct eventfd_ctx *ctx;
	wait_queue_entry_t entry;
	poll_table pt;
	struct work_struct work;
};

static void mdevsim_irqfd_work(struct work_struct *work)
{
	struct mdevsim_irqfd *w = container_of(work, struct mdevsim_irqfd, work);

	guard(mutex)(&w->mdev->lock);
	w->action(w->mdev);
}

/* Called with the eventfd's wait queue lock held, interrupts off. */
static int mdevsim_irqfd_wake(wait_queue_entry_t *entry, unsigned int mode,
			      int sync, void *key)
{
	struct mdevsim_irqfd *w = container_of(entry, struct mdevsim_irqfd, entry);
	u64 cnt;

	if (!(key_to_poll(key) & EPOLLIN))
		return 0;
	eventfd_ctx_do_read(w->ctx, &cnt);
	schedule_work(&w->work);
	return 0;
}

static void mdevsim_irqfd_queue(struct file *file, wait_queue_head_t *wqh,
				poll_table *pt)
{
	struct mdevsim_irqfd *w = container_of(pt, struct mdevsim_irqfd, pt);

	add_wait_queue(wqh, &w->entry);
}

/**
 * mdevsim_irqfd_create() - start watching an eventfd
 * @mdev: the device @action is for
 * @fd: the eventfd, from user space
 * @action: what a signal does; runs with @mdev->lock held
 *
 * A count already pending on the eventfd runs @action once, soon.
 *
 * Context: Process context; may be called with @mdev->lock held.
 * Return: the watcher, ERR_PTR(-EBADF) for a bad fd, ERR_PTR(-EINVAL) for
 * an fd that is not an eventfd, or ERR_PTR(-ENOMEM).
 */
struct mdevsim_irqfd *mdevsim_irqfd_create(struct mdevsim_dev *mdev, int fd,
					   void (*action)(struct mdevsim_dev *))
{
	struct mdevsim_irqfd *w;
	struct eventfd_ctx *ctx;
	__poll_t ready;

	CLASS(fd, f)(fd);
	if (fd_empty(f))
		return ERR_PTR(-EBADF);
	ctx = eventfd_ctx_fileget(fd_file(f));
	if (IS_ERR(ctx))
		return ERR_CAST(ctx);

	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w) {
		eventfd_ctx_put(ctx);
		return ERR_PTR(-ENOMEM);
	}
	w->mdev = mdev;
	w->action = action;
	w->ctx = ctx;
	INIT_WORK(&w->work, mdevsim_irqfd_work);
	init_waitqueue_func_entry(&w->entry, mdevsim_irqfd_wake);
	init_poll_funcptr(&w->pt, mdevsim_irqfd_queue);

	ready = vfs_poll(fd_file(f), &w->pt);
	if (ready & EPOLLIN)
		schedule_work(&w->work);
	atomic_inc(&mdevsim_live_objects);
	return w;
}

/**
 * mdevsim_irqfd_uses() - is @w watching the eventfd @ctx
 * @w: the watcher, or NULL
 * @ctx: an eventfd context
 *
 * Return: true when it is.
 */
bool mdevsim_irqfd_uses(const struct mdevsim_irqfd *w,
			const struct eventfd_ctx *ctx)
{
	return w && w->ctx == ctx;
}

/**
 * mdevsim_irqfd_destroy() - stop watching and free the watcher
 * @w: the watcher, or NULL
 *
 * After this returns @w's action neither runs nor is queued. A signal
 * that arrived before may have run it once more.
 *
 * Context: Process context. Must not hold the device lock, which a
 * running action may be waiting for.
 */
void mdevsim_irqfd_destroy(struct mdevsim_irqfd *w)
{
	u64 cnt;

	if (!w)
		return;
	/* No new wake-ups once the entry is off the queue... */
	eventfd_ctx_remove_wait_queue(w->ctx, &w->entry, &cnt);
	/* ...and none left in flight after this. */
	cancel_work_sync(&w->work);
	eventfd_ctx_put(w->ctx);
	kfree(w);
	atomic_dec(&mdevsim_live_objects);
}

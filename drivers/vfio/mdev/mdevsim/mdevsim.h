/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevsim private declarations shared by the files of the module.
 *
 * Layering, each file using only files below it:
 *  - pool.c, regs.c, stream.c and attr.c: pure logic without any device or
 *    VFIO dependency;
 *  - debugfs.c: the live-object count and the fault knobs, and their files;
 *  - parent.c: the mdev parent, its types and its unit pool;
 *  - irqfd.c, irq.c, migration.c, engine.c and sysfs.c: parts of the VFIO
 *    device;
 *  - vfio.c: the mdev driver and the VFIO device built from those parts;
 *  - bus.c: the mdevsim bus and the lifetime of the parent devices on it,
 *    each probed as an mdev parent for vfio.c's mdev driver;
 *  - main.c: module load and unload only.
 *
 * Locking, outermost first (each lock is described at what it protects):
 *  1. bus.c's mdevsim_ctl_lock, held while parents are added and removed,
 *     which registers and unregisters mdevs through the mdev core;
 *  2. the locks the driver, mdev and VFIO cores hold when they call into
 *     mdevsim (probe, remove, open, close, dma_unmap);
 *  3. &mdevsim_dev.copy_lock, held across vfio_dma_rw() and
 *     vfio_pin_pages() (which take VFIO's own locks inside it);
 *  4. &mdevsim_dev.lock;
 *  5. a migration file's lock, and &mdevsim_parent.lock: each innermost.
 * The INTx unmask watcher's work item (irqfd.c) takes &mdevsim_dev.lock, so
 * the watcher is destroyed only with that lock dropped.
 */
#ifndef MDEVSIM_H
#define MDEVSIM_H

#include <linux/atomic.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/vfio.h>

#include "mdevsim_hw.h"

#define MDEVSIM_DRV_NAME	"mdevsim"
#define MDEVSIM_NR_TYPES	2
#define MDEVSIM_MAX_PARENTS	16

/* ---- pool.c: unit accounting ------------------------------------------ */

/**
 * struct mdevsim_pool - units of one parent, shared by all of its mdevs
 * @capacity: total units
 * @used: units handed out
 *
 * The pool does no locking; its owner serialises calls.
 */
struct mdevsim_pool {
	unsigned int capacity;
	unsigned int used;
};

int mdevsim_pool_init(struct mdevsim_pool *pool, unsigned int capacity);
int mdevsim_pool_take(struct mdevsim_pool *pool, unsigned int cost);
void mdevsim_pool_give(struct mdevsim_pool *pool, unsigned int cost);
unsigned int mdevsim_pool_avail(const struct mdevsim_pool *pool,
				unsigned int cost);

/* ---- regs.c: config space and BAR0 register file ----------------------- */

/**
 * struct mdevsim_regs - guest-visible state of one device
 * @cfg: config space image (little endian)
 * @ctrl: CTRL register
 * @status: STATUS register
 * @src: SRC register (64-bit)
 * @dst: DST register (64-bit)
 * @len: LEN register
 * @irq_status: IRQ_STATUS register
 * @error: ERROR register
 * @copies: COPIES counter
 * @bytes: bytes copied since reset (BYTES shows the low 32 bits)
 * @copy_limit: CAPACITY register, the largest allowed LEN
 */
struct mdevsim_regs {
	u8 cfg[MDEVSIM_CFG_SIZE];
	u32 ctrl;
	u32 status;
	u64 src;
	u64 dst;
	u32 len;
	u32 irq_status;
	u32 error;
	u32 copies;
	u64 bytes;
	u32 copy_limit;
};

/* Actions a register write asks the caller to carry out */
#define MDEVSIM_ACT_DOORBELL	0x1	/* start a copy */
#define MDEVSIM_ACT_IRQ		0x2	/* IRQ_STATUS changed: re-evaluate */

void mdevsim_regs_reset(struct mdevsim_regs *regs, u32 copy_limit);
int mdevsim_cfg_read(const struct mdevsim_regs *regs, unsigned int off,
		     unsigned int size, u32 *val);
int mdevsim_cfg_write(struct mdevsim_regs *regs, unsigned int off,
		      unsigned int size, u32 val);
int mdevsim_bar0_read(const struct mdevsim_regs *regs, unsigned int off,
		      unsigned int size, u64 *val);
int mdevsim_bar0_write(struct mdevsim_regs *regs, unsigned int off,
		       unsigned int size, u64 val, unsigned int *actions);
u32 mdevsim_copy_check(u64 src, u64 dst, u32 len, u32 limit);
void mdevsim_regs_complete(struct mdevsim_regs *regs, u32 error, u32 len);
void mdevsim_regs_set_intx(struct mdevsim_regs *regs, bool asserted);

/* ---- attr.c: per-mdev attribute parsing -------------------------------- */

int mdevsim_parse_label(const char *buf, size_t count, char *out,
			size_t out_size);
int mdevsim_parse_copy_limit(const char *buf, u32 type_limit, u32 *out);
int mdevsim_parse_irq_mode(const char *buf);
const char *mdevsim_irq_mode_name(unsigned int mode);

/* ---- stream.c: migration stream ----------------------------------------- */

/**
 * struct mdevsim_snapshot - device state carried by the migration stream
 * @cost: unit cost of the device's type
 * @copy_limit: the copy_limit attribute
 * @irq_mode: the irq_mode attribute (MDEVSIM_IRQ_MODE_*)
 * @regs: config space and register file
 */
struct mdevsim_snapshot {
	u32 cost;
	u32 copy_limit;
	u32 irq_mode;
	struct mdevsim_regs regs;
};

int mdevsim_stream_encode(const struct mdevsim_snapshot *snap, u8 *buf,
			  size_t size);
int mdevsim_stream_decode(const u8 *buf, size_t len,
			  struct mdevsim_snapshot *snap);
int mdevsim_stream_check_type(const struct mdevsim_snapshot *snap, u32 cost,
			      u32 type_limit);

/* ---- the parent device -------------------------------------------------- */

/**
 * struct mdevsim_type - one mdev type offered by every parent
 * @mtype: the mdev core's type object (embedded, per parent)
 * @cost: units one instance takes from the pool
 * @limit: largest copy_limit of an instance
 */
struct mdevsim_type {
	struct mdev_type mtype;
	unsigned int cost;
	u32 limit;
};

/**
 * struct mdevsim_parent - a device on the mdevsim bus, the mdev parent
 * @dev: the bus device; its release frees this structure
 * @id: the ID written to new_device
 * @capacity: units in the pool
 * @probe_err: result of the last probe, read by new_device
 * @registered: mdev_register_parent() succeeded
 * @mparent: the mdev core's parent object
 * @types: the types of this parent
 * @type_list: pointers to @types for mdev_register_parent()
 * @lock: protects @pool and the fault counters. Innermost: taken with a
 *	device's copy_lock held (fail_dma) and never held while another mdevsim
 *	lock is taken
 * @pool: unit accounting
 * @fail_create: fault knob, number of creates that fail
 * @fail_open: fault knob, number of opens that fail
 * @fail_dma: fault knob, number of copies that fail
 * @units_used: mirror of @pool.used for debugfs
 * @ddir: debugfs directory
 */
struct mdevsim_parent {
	struct device dev;
	unsigned int id;
	unsigned int capacity;
	int probe_err;
	bool registered;
	struct mdev_parent mparent;
	struct mdevsim_type types[MDEVSIM_NR_TYPES];
	struct mdev_type *type_list[MDEVSIM_NR_TYPES];
	struct mutex lock; /* pool and fault counters */
	struct mdevsim_pool pool;
	u32 fail_create;
	u32 fail_open;
	u32 fail_dma;
	u32 units_used;
	struct dentry *ddir;
};

static inline struct mdevsim_parent *to_mdevsim_parent(struct device *dev)
{
	return container_of(dev, struct mdevsim_parent, dev);
}

/* debugfs.c: the live-object count and the knobs, under /sys/kernel/debug */
extern atomic_t mdevsim_live_objects;
extern u32 mdevsim_fail_register;
int mdevsim_debugfs_init(void);
void mdevsim_debugfs_exit(void);
void mdevsim_debugfs_parent_add(struct mdevsim_parent *parent);
void mdevsim_debugfs_parent_del(struct mdevsim_parent *parent);

/* parent.c */
int mdevsim_parent_probe(struct mdevsim_parent *parent,
			 struct mdev_driver *drv);
void mdevsim_parent_remove(struct mdevsim_parent *parent);
bool mdevsim_parent_should_fail(struct mdevsim_parent *parent, u32 *knob);
int mdevsim_parent_reserve(struct mdevsim_parent *parent,
			   const struct mdevsim_type *type);
void mdevsim_parent_unreserve(struct mdevsim_parent *parent,
			      const struct mdevsim_type *type);
unsigned int mdevsim_parent_get_available(struct mdev_type *mtype);
ssize_t mdevsim_parent_show_description(struct mdev_type *mtype, char *buf);

/* ---- the VFIO device ----------------------------------------------------- */

struct mdevsim_mig_file;
struct mdevsim_irqfd;
struct mdevsim_dev;

/**
 * enum mdevsim_test_point - where a KUnit case may run code inside mdevsim
 * @MDEVSIM_TP_QUIESCED: a reset, migration step or DMA unmap holds
 *	copy_lock and has not changed the device yet
 * @MDEVSIM_TP_CLAIMED: a doorbell has claimed the engine and has not
 *	waited for copy_lock yet
 */
enum mdevsim_test_point {
	MDEVSIM_TP_QUIESCED,
	MDEVSIM_TP_CLAIMED,
};

/**
 * struct mdevsim_dev - one mediated device
 * @vdev: the VFIO device (embedded first, see vfio_alloc_device())
 * @parent: the parent the device was created on
 * @type: the device's type
 * @lock: protects the fields below except @bounce, which @copy_lock covers
 * @copy_lock: excludes each other: a copy, a reset, a migration step and
 *	a DMA unmap
 * @copy_claimed: a doorbell owns the engine (waiting for @copy_lock or
 *	copying); another doorbell gets ERR_BUSY. Not guest-visible and not
 *	in the migration stream
 * @reset_gen: counts resets; a doorbell that finds it changed once it
 *	holds @copy_lock was overtaken by a reset and does nothing
 * @regs: register file and config space
 * @label: the label attribute
 * @copy_limit: the copy_limit attribute
 * @irq_mode: the irq_mode attribute (MDEVSIM_IRQ_MODE_*)
 * @is_open: the VFIO device is open
 * @intx_masked: INTx is masked (automasked on delivery)
 * @intx_trigger: INTx eventfd
 * @msi_trigger: MSI eventfd
 * @req_trigger: request eventfd
 * @intx_unmask_fd: eventfd that unmasks INTx when signalled, or NULL
 * @bounce: one page for copies through vfio_dma_rw()
 * @mig_state: current migration state
 * @save: save file of the current data transfer session
 * @resume: resume file of the current session
 * @test_hook: called at each &enum mdevsim_test_point; set only by KUnit
 *	cases on the devices they build, NULL otherwise
 *
 * Lock order: @copy_lock, then @lock, then a migration file's lock; the
 * parent's &mdevsim_parent.lock may be taken inside either. No device lock is
 * held while the device is registered or unregistered (see the top of
 * this file for the locks around them).
 * A doorbell never waits for @copy_lock while it holds @lock: it claims
 * the engine under @lock (@copy_claimed, @reset_gen), drops @lock, takes
 * @copy_lock and then @lock again. Whether the engine is busy is decided
 * by @copy_claimed alone; @copy_lock is only held, never tried.
 */
struct mdevsim_dev {
	struct vfio_device vdev;
	struct mdevsim_parent *parent;
	const struct mdevsim_type *type;
	struct mutex lock; /* device state */
	struct mutex copy_lock; /* copy, reset, migration step, unmap */
	bool copy_claimed;
	unsigned int reset_gen;
	struct mdevsim_regs regs;
	char label[MDEVSIM_LABEL_MAX + 1];
	u32 copy_limit;
	unsigned int irq_mode;
	bool is_open;
	bool intx_masked;
	struct eventfd_ctx *intx_trigger;
	struct eventfd_ctx *msi_trigger;
	struct eventfd_ctx *req_trigger;
	struct mdevsim_irqfd *intx_unmask_fd;
	void *bounce;
	enum vfio_device_mig_state mig_state;
	struct mdevsim_mig_file *save;
	struct mdevsim_mig_file *resume;
	void (*test_hook)(struct mdevsim_dev *mdev,
			  enum mdevsim_test_point point);
};

static inline struct mdevsim_dev *to_mdevsim_dev(struct vfio_device *vdev)
{
	return container_of(vdev, struct mdevsim_dev, vdev);
}

extern const struct attribute_group *mdevsim_mdev_groups[];

/* A no-op unless KUnit is enabled and a case installed a hook. */
static inline void mdevsim_test_point(struct mdevsim_dev *mdev,
				      enum mdevsim_test_point point)
{
	if (IS_ENABLED(CONFIG_KUNIT) && unlikely(mdev->test_hook))
		mdev->test_hook(mdev, point);
}

/* vfio.c */
extern struct mdev_driver mdevsim_mdev_driver;
void mdevsim_dev_reset(struct mdevsim_dev *mdev);

/* irq.c */
int mdevsim_irq_info(struct mdevsim_dev *mdev, unsigned long arg);
int mdevsim_set_irqs(struct mdevsim_dev *mdev, unsigned long arg);
void mdevsim_irq_update(struct mdevsim_dev *mdev);
void mdevsim_irq_cfg_written(struct mdevsim_dev *mdev, u16 old_cmd);
void mdevsim_irq_raise(struct mdevsim_dev *mdev);
struct mdevsim_irqfd *mdevsim_irq_release(struct mdevsim_dev *mdev);
void mdevsim_request(struct vfio_device *vdev, unsigned int count);

/* irqfd.c */
struct mdevsim_irqfd *mdevsim_irqfd_create(struct mdevsim_dev *mdev, int fd,
					   void (*action)(struct mdevsim_dev *));
bool mdevsim_irqfd_uses(const struct mdevsim_irqfd *w,
			const struct eventfd_ctx *ctx);
void mdevsim_irqfd_destroy(struct mdevsim_irqfd *w);
DEFINE_FREE(mdevsim_irqfd, struct mdevsim_irqfd *, mdevsim_irqfd_destroy(_T))

/* engine.c */
void mdevsim_engine_doorbell(struct mdevsim_dev *mdev);
void mdevsim_engine_reset(struct mdevsim_dev *mdev);
void mdevsim_engine_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length);

/* migration.c */
extern const struct vfio_migration_ops mdevsim_mig_ops;
void mdevsim_mig_init(struct mdevsim_dev *mdev);
void mdevsim_mig_close(struct mdevsim_dev *mdev);
void mdevsim_mig_reset(struct mdevsim_dev *mdev);
bool mdevsim_mig_running(const struct mdevsim_dev *mdev);

/* ---- bus.c: the parents' bus, above everything but main.c ---------------- */

int mdevsim_bus_init(void);
void mdevsim_bus_exit(void);
int mdevsim_bus_add(unsigned int id, unsigned int capacity);

#endif /* MDEVSIM_H */

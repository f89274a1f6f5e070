/* SPDX-License-Identifier: GPL-2.0 */
/*
 * apsim internals shared by the files of the module. Nothing here is
 * interface for other modules; see apsim.h for that.
 */
#ifndef _APSIM_PRIV_H_
#define _APSIM_PRIV_H_

#include <linux/debugfs.h>
#include <linux/mutex.h>

#include "apsim.h"

#define APSIM_NR_APQNS		(APSIM_NR_ADAPTERS * APSIM_NR_DOMAINS)
#define APSIM_SCRIPT_MAX	32
#define APSIM_DEPTH		8
#define APSIM_MAX_MSG_SIZE	12288

/**
 * enum apsim_op - the simulated AP instructions a script can target
 * @APSIM_OP_TAPQ:	test AP queue
 * @APSIM_OP_ZAPQ:	zeroize AP queue (reset and zeroize)
 * @APSIM_OP_RAPQ:	reset AP queue
 * @APSIM_OP_AQIC:	AP queue interruption control
 * @APSIM_OP_NR:	number of instructions
 */
enum apsim_op {
	APSIM_OP_TAPQ,
	APSIM_OP_ZAPQ,
	APSIM_OP_RAPQ,
	APSIM_OP_AQIC,
	APSIM_OP_NR,
};

/**
 * struct apsim_qhw - the simulated hardware state of one queue
 * @apqn:	adapter and domain
 * @sticky_rc:	when non-zero, every instruction answers this code
 * @reset_polls: TAPQs that report "reset in progress" after a reset
 * @reset_left:	such TAPQs still to come
 * @hold:	knob: a reset stays in progress until it is cleared
 * @resetting:	a reset (ZAPQ, RAPQ) was accepted and no TAPQ has seen it
 *		complete yet
 * @irq:	interruptions enabled
 * @isc:	interruption subclass given with the last enabling AQIC
 * @gisa:	guest (GISA origin) the interruptions of the last enabling
 *		AQIC go to; 0 for none
 * @nib:	notification indicator byte address of the last enabling AQIC
 * @nib_folio:	the memory holding @nib, referenced by apsim while @irq is
 *		set (apsim_hw.c manages it; the pure model never touches it)
 * @replies:	replies waiting to be dequeued (TAPQ R bit while non-zero)
 * @full:	every request slot is taken (TAPQ F bit)
 * @irqs:	interruptions delivered
 * @nscript:	number of entries in @script_op / @script_rc
 * @script_op:	one-shot answers: instruction they apply to ...
 * @script_rc:	... and the response code it gets, consumed in order
 * @count:	instructions executed, per &enum apsim_op
 *
 * The functions operating on it (apsim_qhw.c) are pure; the caller
 * serialises them.
 */
struct apsim_qhw {
	u16 apqn;
	u8 sticky_rc;
	u32 reset_polls;
	u32 reset_left;
	bool hold;
	bool resetting;
	bool irq;
	u8 isc;
	u32 gisa;
	u64 nib;
	struct folio *nib_folio;
	u32 replies;
	bool full;
	u64 irqs;
	unsigned int nscript;
	u8 script_op[APSIM_SCRIPT_MAX];
	u8 script_rc[APSIM_SCRIPT_MAX];
	u64 count[APSIM_OP_NR];
};

/**
 * struct apsim_machine - a whole simulated configuration
 * @info:	what QCI reports
 * @hwtype:	hardware type of each configured adapter
 * @mode:	mode of each configured adapter
 */
struct apsim_machine {
	struct apsim_config_info info;
	u8 hwtype[APSIM_NR_ADAPTERS];
	enum apsim_mode mode[APSIM_NR_ADAPTERS];
};

/* apsim_qhw.c: the pure queue model and type names */
void apsim_qhw_init(struct apsim_qhw *q, u16 apqn);
void apsim_qhw_exec(struct apsim_qhw *q, enum apsim_op op, bool enable,
		    u8 isc, u64 nib, struct apsim_qstatus *st);
void apsim_qhw_power_off(struct apsim_qhw *q);
bool apsim_qhw_held(const struct apsim_qhw *q);
int apsim_qhw_inject(struct apsim_qhw *q, enum apsim_op op, u8 rc,
		     unsigned int count);
int apsim_qhw_ctl(struct apsim_qhw *q, char *cmd);
int apsim_parse_op(const char *s);
extern const char * const apsim_op_names[APSIM_OP_NR];
int apsim_parse_type(const char *s, u8 *hwtype, enum apsim_mode *mode);
int apsim_format_type(char *buf, size_t size, u8 hwtype,
		      enum apsim_mode mode);
u32 apsim_mode_functions(enum apsim_mode mode);
int apsim_parse_apqn(const char *s, u16 *apqn);
int apsim_format_mask(char *buf, size_t size, const unsigned long *mask);

/* apsim_mask.c: the apmask/aqmask write syntax */
int apsim_parse_mask(const char *str, unsigned long *mask, unsigned int nbits);

/* apsim_dev.c */
bool apsim_is_queue(const struct device *dev);
int apsim_dev_uevent(const struct device *dev, struct kobj_uevent_env *env);
void apsim_dev_scan(const struct apsim_machine *m, const struct bus_type *bus,
		    struct device *root);

/* apsim_bus.c */
int apsim_bus_init(void);
void apsim_bus_exit(void);
void apsim_bus_devices_init(void);
void apsim_bus_devices_exit(void);
int apsim_commit(const struct apsim_machine *m);

/* apsim_hw.c */
void apsim_hw_init(struct dentry *dir);
void apsim_hw_exit(void);
int apsim_hw_sync(const struct apsim_config_info *info);
void apsim_hw_set_config(const struct apsim_machine *m);
bool apsim_hw_irq_enabled(u16 apqn);
void apsim_hw_config_info(struct apsim_config_info *info);
void apsim_hw_set_adapter_config(unsigned int apid, bool on);
bool apsim_hw_adapter_config(unsigned int apid);
bool apsim_hw_reset_pending(u16 apqn);
u8 apsim_hw_sticky_rc(u16 apqn);

/* apsim_guest.c */
void apsim_guest_init(struct dentry *dir);
void apsim_guest_exit(void);
void apsim_guest_deliver_irq(u32 gisa, u8 isc);

/* apsim_testdrv.c */
void apsim_testdrv_init(struct dentry *parent);
void apsim_testdrv_exit(void);

/* apsim_configfs.c */
int apsim_configfs_init(void);
void apsim_configfs_exit(void);

#endif /* _APSIM_PRIV_H_ */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A nested guest of a few instructions for vfio_ccw_qemu.sh: QEMU loads
 * it with -kernel (an ELF entered in 64-bit mode, DAT and interrupts off)
 * and it runs one channel program on the guest's only subchannel,
 * 0.0.0000, the vfio-ccw device: STORE SUBCHANNEL, enable it with MODIFY
 * SUBCHANNEL, START SUBCHANNEL with a format-1 SENSE ID, then TEST
 * SUBCHANNEL until the status is pending (I/O interrupts stay off). It
 * ends in a disabled wait at address 0xd0e, which QEMU reports as a guest
 * panic; a program check ends in one at 0xdead instead. The test reads
 * what it left at fixed real addresses through QEMU's monitor:
 *
 *   0x30000  SCHIB as stored (then with the enable bit set)
 *   0x30100  ORB
 *   0x30200  CCW: SENSE ID, suppress length indication, 8 bytes
 *   0x30300  the SENSE ID data
 *   0x30400  IRB stored by TEST SUBCHANNEL
 *   0x30500  condition codes of STSCH, MSCH, SSCH and the last TSCH,
 *            one byte each, 0xff until the instruction has run
 */

#define SCHIB		0x30000
#define ORB		0x30100
#define CCW		0x30200
#define DATA		0x30300
#define IRB		0x30400
#define RESULT		0x30500
/* Subchannel-id word of subchannel set 0, subchannel 0 (the one bit). */
#define SCHID		0x00010000
/* Format-1 CCW word 0: SENSE ID (0xe4), SLI (0x20), count 8. */
#define CCW_SENSE_ID	0xe4200008
/* ORB word 1: format-1 CCWs (F), prefetch allowed (P), all paths (LPM). */
#define ORB_CTRL	0x00c0ff00
#define PGM_NEW_PSW	0x1d0

	.text
	.globl	_start
_start:
	larl	%r2, pgm_new_psw
	mvc	PGM_NEW_PSW(16, %r0), 0(%r2)
	llilf	%r9, RESULT
	lhi	%r0, -1
	st	%r0, 0(%r9)

	llilf	%r1, SCHID
	llilf	%r2, SCHIB
	stsch	0(%r2)
	ipm	%r0
	srl	%r0, 28
	stc	%r0, 0(%r9)

	/* PMCW word 1, bit 8: enabled. */
	oi	5(%r2), 0x80
	msch	0(%r2)
	ipm	%r0
	srl	%r0, 28
	stc	%r0, 1(%r9)

	llilf	%r3, CCW
	llilf	%r4, CCW_SENSE_ID
	st	%r4, 0(%r3)
	llilf	%r4, DATA
	st	%r4, 4(%r3)
	xc	0(8, %r4), 0(%r4)
	llilf	%r5, ORB
	xc	0(32, %r5), 0(%r5)
	llilf	%r4, 0x12345678
	st	%r4, 0(%r5)
	llilf	%r4, ORB_CTRL
	st	%r4, 4(%r5)
	st	%r3, 8(%r5)
	ssch	0(%r5)
	ipm	%r0
	srl	%r0, 28
	stc	%r0, 2(%r9)

	/* Condition code 1: no status pending yet. */
	llilf	%r6, IRB
0:	tsch	0(%r6)
	brc	4, 0b
	ipm	%r0
	srl	%r0, 28
	stc	%r0, 3(%r9)

	larl	%r2, done_psw
	lpswe	0(%r2)

	.align	8
	/* Disabled wait PSWs: 64-bit addressing, wait bit, no interrupts. */
pgm_new_psw:
	.quad	0x0002000180000000, 0xdead
done_psw:
	.quad	0x0002000180000000, 0xd0e

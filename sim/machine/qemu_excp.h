/*
 * The exception numbers Unicorn's UC_HOOK_INTR reports for Arm cores.
 * They are QEMU's internal EXCP_* values (target/arm/cpu.h), not
 * architectural ones; measured in EMULATION-NOTES.md for UDEF and HVC.
 */
#ifndef HYPABI_QEMU_EXCP_H
#define HYPABI_QEMU_EXCP_H

#define QEMU_EXCP_UDEF			1
#define QEMU_EXCP_SWI			2
#define QEMU_EXCP_PREFETCH_ABORT	3
#define QEMU_EXCP_DATA_ABORT		4
#define QEMU_EXCP_IRQ			5
#define QEMU_EXCP_FIQ			6
#define QEMU_EXCP_BKPT			7
#define QEMU_EXCP_EXCEPTION_EXIT	8
#define QEMU_EXCP_KERNEL_TRAP		9
#define QEMU_EXCP_HVC			11
#define QEMU_EXCP_HYP_TRAP		12
#define QEMU_EXCP_SMC			13

#endif

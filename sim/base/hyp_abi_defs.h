/*
 * The function numbers of Documentation/virt/kvm/arm/hyp-abi.txt as
 * written (arch/arm{,64}/include/asm/virt.h, v4.12 to v5.11); the profile
 * `hyp-abi` in profile.c. Included by the reference stubs too.
 */
#ifndef HYPABI_HYP_ABI_DEFS_H
#define HYPABI_HYP_ABI_DEFS_H

#define HVC_SET_VECTORS		0
#define HVC_SOFT_RESTART	1
#define HVC_RESET_VECTORS	2
#define HVC_STUB_HCALL_NR	3
#define HVC_STUB_ERR		0xbadca11

#endif

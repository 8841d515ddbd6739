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

/*
 * Added after hyp-abi.txt was written (arm64 only; ABI-HISTORY.md s1):
 * v5.12 HVC_VHE_RESTART 3, renamed HVC_FINALISE_EL2 in v6.0 (f359182291c7,
 * 7ddb0c3df788); v6.19 HVC_GET_ICH_VTR_EL2 4 (2a28810cbb8b). The stub
 * hypercall count grew with each: 4 from v5.12, 5 from v6.19.
 */
#define HVC_FINALISE_EL2	3
#define HVC_GET_ICH_VTR_EL2	4
/* GET_ICH_VTR_EL2 answers in x1 (general register 1), x0 being 0. */
#define ICH_VTR_RESULT_GPR	1
#define HVC_STUB_HCALL_NR_V5_12	4
#define HVC_STUB_HCALL_NR_V6_19	5

#endif

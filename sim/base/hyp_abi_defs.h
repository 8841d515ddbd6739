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

/*
 * Before hyp-abi.txt (ABI-HISTORY.md s1, s5, s8). arm64 v4.7 (ad72e59ff2ba
 * "arm64: hyp/kvm: Make hyp-stub extensible"): HVC_GET_VECTORS 0 (x0 =
 * VBAR_EL2), HVC_SET_VECTORS 1 (VBAR_EL2 = x1), and from v4.8
 * HVC_SOFT_RESTART 2; any other number answers ARM_EXCEPTION_HYP_GONE
 * ("arm64: hyp/kvm: Make hyp-stub reject kvm_call_hyp()": 2 in v4.7 and
 * v4.8, believed 3 from v4.9, unconfirmed). arm before v4.12: r0 == -1
 * reads HVBAR into r0, any other r0 is the new HVBAR.
 */
#define HVC_GET_VECTORS_V4_7	0
#define HVC_SET_VECTORS_V4_7	1
#define HVC_SOFT_RESTART_V4_8	2
#define HVC_STUB_HCALL_NR_V4_7	2
#define HVC_STUB_HCALL_NR_V4_8	3
#define ARM_EXCEPTION_HYP_GONE	2
#define ARM_EXCEPTION_HYP_GONE_V4_9	3	/* believed, unconfirmed */
#define HVC_GET_VECTORS_ARM_LEGACY	0xffffffff

#endif

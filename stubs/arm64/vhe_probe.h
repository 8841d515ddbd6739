/*
 * What vhe_probe.S writes through FEAT_VHE's names: distinct, harmless
 * values (MAIR keeps attribute 0 Normal write-back), shared with its test.
 */
#ifndef HYPABI_VHE_PROBE_H
#define HYPABI_VHE_PROBE_H

#define PROBE_CONTEXTIDR	0x5a17		/* CONTEXTIDR_EL12 := */
#define PROBE_FAR		0x1234abcd	/* FAR_EL1 (so FAR_EL2) := */
#define PROBE_MAIR		0x04ff		/* MAIR_EL1 (so MAIR_EL2) := */

#endif

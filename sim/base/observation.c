#include "observation.h"


const char *call_end_name(enum call_end end)
{
	switch (end) {
	case END_RETURNED:	return "returned";
	case END_LANDED:	return "landed";
	case END_FAULT:		return "fault";
	case END_BUDGET:	return "budget";
	case END_HALTED:	return "halted";
	default:		return "none";
	}
}

const char *fault_kind_name(enum fault_kind kind)
{
	switch (kind) {
	case FAULT_UNDEFINED:	return "undefined-instruction";
	case FAULT_EXCEPTION:	return "exception";
	case FAULT_FETCH:	return "instruction-fetch";
	case FAULT_READ:	return "read";
	case FAULT_WRITE:	return "write";
	case FAULT_ABORT:	return "abort";
	default:		return "none";
	}
}

const char *exception_name(enum exception_kind kind)
{
	switch (kind) {
	case EXC_SVC:		return "SVC";
	case EXC_HVC:		return "HVC";
	case EXC_SMC:		return "SMC";
	case EXC_BREAKPOINT:	return "breakpoint (BRK/BKPT)";
	case EXC_HYP_TRAP:	return "trap to EL2";
	case EXC_IRQ:		return "IRQ";
	case EXC_FIQ:		return "FIQ";
	default:		return "exception";
	}
}

void obs_note_write(struct observation *o, uint64_t addr, uint32_t size, bool in_image)
{
	o->nwrites++;
	if (in_image)
		return;
	if (o->nwrites_outside < OBS_MAX_WRITES)
		o->outside[o->nwrites_outside] = (struct mem_write){ addr, size };
	o->nwrites_outside++;
}

unsigned int obs_outside_kept(const struct observation *o)
{
	return o->nwrites_outside < OBS_MAX_WRITES ? (unsigned int)o->nwrites_outside
						   : OBS_MAX_WRITES;
}

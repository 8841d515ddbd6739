#include "observation.h"

#include "image.h"
#include "qemu_excp.h"

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

const char *fault_exception_name(uint32_t code)
{
	switch (code) {
	case QEMU_EXCP_SWI:		return "SVC";
	case QEMU_EXCP_HVC:		return "HVC";
	case QEMU_EXCP_SMC:		return "SMC";
	case QEMU_EXCP_BKPT:		return "breakpoint (BRK/BKPT)";
	case QEMU_EXCP_HYP_TRAP:	return "trap to EL2";
	case QEMU_EXCP_IRQ:		return "IRQ";
	case QEMU_EXCP_FIQ:		return "FIQ";
	default:			return "exception";
	}
}

bool obs_note_write(struct observation *o, const struct stub_image *img, uint64_t addr,
		    uint32_t size)
{
	o->nwrites++;
	if (image_contains(img, addr, size))
		return true;
	if (o->nwrites_outside < OBS_MAX_WRITES)
		o->outside[o->nwrites_outside] = (struct mem_write){ addr, size };
	o->nwrites_outside++;
	return false;
}

unsigned int obs_outside_kept(const struct observation *o)
{
	return o->nwrites_outside < OBS_MAX_WRITES ? (unsigned int)o->nwrites_outside
						   : OBS_MAX_WRITES;
}

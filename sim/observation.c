#include "observation.h"

const char *call_end_name(enum call_end end)
{
	switch (end) {
	case END_RETURNED:	return "returned";
	case END_LANDED:	return "landed";
	case END_FAULT:		return "fault";
	case END_BUDGET:	return "budget";
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

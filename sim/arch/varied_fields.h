/*
 * The initializers of an arch's varied_fields table (struct sysreg_field),
 * for the two desc.c files: sysregs.h's R_ names must be in scope. Any bits
 * of mask, or one of values; XLAT_ marks a translation control.
 */
#ifndef HYPABI_VARIED_FIELDS_H
#define HYPABI_VARIED_FIELDS_H

#define ANY(reg, mask)			{ R_##reg, mask, VARY_ALWAYS, NULL, 0, false }
#define ANY_IF(reg, mask, when)		{ R_##reg, mask, when, NULL, 0, false }
#define ONE_OF(reg, mask, when, v)	{ R_##reg, mask, when, v, sizeof(v) / sizeof(v[0]), false }
#define XLAT_ANY_IF(reg, mask, when)	{ R_##reg, mask, when, NULL, 0, true }
#define XLAT_ONE_OF(reg, mask, when, v)	{ R_##reg, mask, when, v, sizeof(v) / sizeof(v[0]), true }

#endif

#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void results_init(struct results *res)
{
	memset(res, 0, sizeof(*res));
}

void results_release(struct results *res)
{
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			free(res->r[fn][i].trace);
			res->r[fn][i].trace = NULL;
		}
	}
}

void results_add(struct results *res, enum hyp_function fn, const char *case_name,
		 unsigned int index, const struct judgement j[RULE_COUNT])
{
	res->calls++;
	for (int i = 0; i < RULE_COUNT; i++) {
		struct rule_result *rr = &res->r[fn][i];
		bool first = rr->pass + rr->fail + rr->not_reached == 0;

		switch (j[i].status) {
		case V_PASS:
			rr->pass++;
			break;
		case V_FAIL:
			if (rr->fail++ == 0) {
				snprintf(rr->first_case, sizeof(rr->first_case), "%s", case_name);
				rr->first_index = index;
				snprintf(rr->expected, sizeof(rr->expected), "%s", j[i].expected);
				snprintf(rr->actual, sizeof(rr->actual), "%s", j[i].actual);
			}
			break;
		case V_NOT_REACHED:
			rr->not_reached++;
			if (!rr->fail && !rr->actual[0] && j[i].actual[0]) {
				/* keep why, for a rule that is never reached */
				snprintf(rr->expected, sizeof(rr->expected), "%s", j[i].expected);
				snprintf(rr->actual, sizeof(rr->actual), "%s", j[i].actual);
			}
			break;
		default:
			continue;
		}
		if (first && !rr->fail) {
			snprintf(rr->first_case, sizeof(rr->first_case), "%s", case_name);
			rr->first_index = index;
		}
	}
}

bool results_keeps_name(const struct results *res, enum hyp_function fn,
			const struct judgement j[RULE_COUNT])
{
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];

		if (j[i].status != V_PASS && j[i].status != V_FAIL &&
		    j[i].status != V_NOT_REACHED)
			continue;
		if (rr->pass + rr->fail + rr->not_reached == 0 ||
		    (j[i].status == V_FAIL && rr->fail == 0))
			return true;
	}
	return false;
}

void results_finish(struct results *res)
{
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			struct rule_result *rr = &res->r[fn][i];

			if (rr->fail)
				rr->status = rr->waiver ? V_WAIVED : V_FAIL;
			else if (rr->pass)
				rr->status = V_PASS;
			else if (rr->not_reached)
				rr->status = V_NOT_REACHED;
			else
				rr->status = V_NOT_APPLICABLE;
		}
	}
}

struct summary results_summary(const struct results *res)
{
	struct summary s = { 0 };

	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			switch (res->r[fn][i].status) {
			case V_PASS:		s.pass++; break;
			case V_FAIL:		s.fail++; break;
			case V_NOT_REACHED:	s.not_reached++; break;
			case V_WAIVED:		s.waived++; break;
			default:		break;
			}
		}
	}
	return s;
}

bool results_pass(const struct results *res)
{
	if (res->info.below_min_coverage)
		return false;
	for (int fn = 0; fn < FN_COUNT; fn++)
		for (int i = 0; i < RULE_COUNT; i++)
			if (res->r[fn][i].status == V_FAIL &&
			    rules[i].severity == SEV_REQUIRED)
				return false;
	return true;
}

/* The longest line: both parts full, the longest function name, the largest index. */
_Static_assert(sizeof("hypabi trace ") + sizeof(((struct run_info *)0)->repro_options) +
	       sizeof(" --case RESET_VECTORS/4294967295 ") +
	       sizeof(((struct run_info *)0)->repro_stub) <= RESULTS_REPRO_LEN,
	       "a repro line fits the RESULTS_REPRO_LEN bytes a report gives it");

void results_repro(const struct results *res, enum hyp_function fn,
		   const struct rule_result *rr, char *buf, size_t len)
{
	if (rr->first_index & RESULTS_EXPLORED)
		snprintf(buf, len, "hypabi trace %s --random %u --replay-explore %u %s",
			 res->info.repro_options, res->info.random,
			 rr->first_index & ~RESULTS_EXPLORED, res->info.repro_stub);
	else
		snprintf(buf, len, "hypabi trace %s --case %s/%u %s", res->info.repro_options,
			 function_name(fn), rr->first_index, res->info.repro_stub);
}

void results_merge(struct results *res, const struct results *later)
{
	res->calls += later->calls;
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			struct rule_result *rr = &res->r[fn][i];
			const struct rule_result *lr = &later->r[fn][i];
			bool none = rr->pass + rr->fail + rr->not_reached == 0;

			if (lr->pass + lr->fail + lr->not_reached == 0)
				continue;
			if (!rr->fail && lr->fail) {
				/* later's first failure is the first */
				memcpy(rr->first_case, lr->first_case, sizeof(rr->first_case));
				rr->first_index = lr->first_index;
				memcpy(rr->expected, lr->expected, sizeof(rr->expected));
				memcpy(rr->actual, lr->actual, sizeof(rr->actual));
			} else if (!rr->fail) {
				/* no failure yet: the first call, and the first why not reached */
				if (none) {
					memcpy(rr->first_case, lr->first_case, sizeof(rr->first_case));
					rr->first_index = lr->first_index;
				}
				if (!rr->actual[0] && lr->actual[0]) {
					memcpy(rr->expected, lr->expected, sizeof(rr->expected));
					memcpy(rr->actual, lr->actual, sizeof(rr->actual));
				}
			}
			rr->pass += lr->pass;
			rr->fail += lr->fail;
			rr->not_reached += lr->not_reached;
		}
	}
}

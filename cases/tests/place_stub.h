/* What the case tests share: a catalogue stub placed as check places it. */
#ifndef HYPABI_PLACE_STUB_H
#define HYPABI_PLACE_STUB_H

#include "placement.h"

/*
 * The stub of arch in file path at STUB_BASE_ADDR, its vectors there or at
 * its __hyp_stub_vectors (an object's, where hypabi linked it), which
 * RESET_VECTORS must restore. Fails the test if it cannot be loaded.
 */
void test_place_stub(const char *arch, const char *path, struct placed_stub *st);

#endif

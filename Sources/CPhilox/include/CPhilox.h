// Philox4x32-10 for sixteen blocks at once in AVX2 (C, because Swift cannot compile one
// function for a CPU feature and choose it at run time): the people's first blocks of a
// county-year and a household shuffle's words (RandomStreams' `Philox4x32.sixteenBlocks`).
#ifndef FUNDSIM_CPHILOX_H
#define FUNDSIM_CPHILOX_H

#include <stdint.h>

// Sixteen Philox4x32-10 blocks under key (k0, k1), of the counters `counter` (four words) with
// word `varying` (0 or 1) plus i for i = 0 ..< 16 (wrapping), written block after block:
// out[4i ..< 4i + 4] is block i's words 0 ... 3. Two independent sets of eight lanes, so that
// one's multiplies run while the other's wait. Returns 1, or 0 without writing anything when
// the CPU has no AVX2 (or is not x86-64).
int fundsim_philox16_avx2(const uint32_t *counter, int varying, uint32_t k0, uint32_t k1, uint32_t *out);

#endif

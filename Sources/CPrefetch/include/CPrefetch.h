// C helpers for the claims-file hot loops (CScan.h: the record scan) and a
// cache prefetch hint for Swift, which has no intrinsic for it. The claims
// settlement uses it to fetch the person-year index and record of a row a few
// rows ahead, so that their cache misses overlap instead of stalling each row.
#ifndef FUNDSIM_CPREFETCH_H
#define FUNDSIM_CPREFETCH_H

#include "CScan.h"

static inline __attribute__((always_inline)) void fundsim_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif

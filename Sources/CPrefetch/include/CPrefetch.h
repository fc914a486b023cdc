// C helpers for the claims-file hot loops (CScan.h: the record scan), a
// write-behind hint for its output, and a cache prefetch hint for Swift,
// which has no intrinsic for it. The claims
// settlement uses it to fetch the person-year index and record of a row a few
// rows ahead, so that their cache misses overlap instead of stalling each row.
#ifndef FUNDSIM_CPREFETCH_H
#define FUNDSIM_CPREFETCH_H

#include "CScan.h"

static inline __attribute__((always_inline)) void fundsim_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

// Starts writing a file's range to disk without waiting (Linux
// sync_file_range with SYNC_FILE_RANGE_WRITE, which Swift's Glibc module does
// not export); returns -1 where there is no such call. A hint: errors surface
// in a later fsync.
#if defined(__linux__) && defined(__LP64__)
#include <sys/syscall.h>
#include <unistd.h>
static inline int fundsim_start_writeback(int fd, long long offset, long long count) {
    return (int)syscall(SYS_sync_file_range, fd, offset, count, 2 /* SYNC_FILE_RANGE_WRITE */);
}
#else
static inline int fundsim_start_writeback(int fd, long long offset, long long count) {
    (void)fd; (void)offset; (void)count;
    return -1;
}
#endif

#endif

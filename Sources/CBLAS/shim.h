#ifndef FUNDSIM_CBLAS_SHIM_H
#define FUNDSIM_CBLAS_SHIM_H

// OpenBLAS declares openblas_setaffinity with cpu_set_t on Linux; cpu_set_t
// is only visible from <sched.h> under _GNU_SOURCE.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>

// OpenBLAS's cblas.h: cblas_dgemm, cblas_dgemv, openblas_set_num_threads,
// openblas_get_num_threads, openblas_get_corename, openblas_get_config.
#include <cblas.h>

// OpenBLAS (pthreads build) starts its worker threads when the library loads;
// each busy-waits (sched_yield) for about 2^28 cycles before it sleeps. Its
// shutdown routine, also its fork handler, ends them; the next multi-threaded
// call starts them again (exec_blas re-initialises a shut-down pool). Not in
// cblas.h and absent from serial or OpenMP builds: declared weak, called only
// when present.
int blas_thread_shutdown_(void) __attribute__((weak));

/// Ends OpenBLAS's idle worker threads, if the library has such a pool; returns
/// whether it has.
static inline int fundsim_openblas_stop_workers(void) {
    if (!blas_thread_shutdown_) return 0;
    blas_thread_shutdown_();
    return 1;
}

#endif

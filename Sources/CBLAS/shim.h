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

#endif

/* env.h: the environment variables gridsearch's commands heed, read once
 * and in this one place (as libuv reads UV_THREADPOOL_SIZE), then handed to
 * the library as options: lib/ does not call getenv for them. */
#ifndef GS_APP_ENV_H
#define GS_APP_ENV_H

typedef struct {
  const char *openblas_num_threads; /* OPENBLAS_NUM_THREADS, or NULL when unset */
  int slurm_cpus_per_task;          /* SLURM_CPUS_PER_TASK; 0: unset or not a count from 1 to 4096 */
  int omp_num_threads;              /* OMP_NUM_THREADS, the same */
  const char *fail_fits;            /* GRIDSEARCH_FAIL_FITS (tests: fits to fail), or NULL when unset or empty */
} gs_app_env_t;

/* The environment as it was at the first call (the same struct after). */
const gs_app_env_t *gs_app_env(void);

#endif

/* env.h: the environment variables gridsearch's commands heed, read once
 * and in this one place (as libuv reads UV_THREADPOOL_SIZE), then handed to
 * the library as options: lib/ does not call getenv for them. */
#ifndef GS_APP_ENV_H
#define GS_APP_ENV_H

#include "gridsearch/config.h"
#include "gridsearch/farm.h"

typedef struct {
  const char *openblas_num_threads; /* OPENBLAS_NUM_THREADS, or NULL when unset */
  int slurm_cpus_per_task;          /* SLURM_CPUS_PER_TASK; 0: unset or not a count from 1 to 4096 */
  int omp_num_threads;              /* OMP_NUM_THREADS, the same */
  const char *fail_fits;            /* GRIDSEARCH_FAIL_FITS (tests: fits to fail), or NULL when unset or empty */
  const char *data_dir;             /* GRIDSEARCH_DATA (where digits.csv is), or NULL when unset or empty */
  /* GRIDSEARCH_SIGNAL_FILE, or NULL when unset or empty: when this file
   * exists as `search` starts, it counts as a SIGUSR1 come at that moment
   * (the job scripts make it when their batch shell got the warning before
   * srun's step could: srun drops a signal that comes before its step exists) */
  const char *signal_file;
  int log_debug;                    /* GRIDSEARCH_LOG=debug: debug messages too */
  gs_farm_launch_t launch;          /* how the process was started: an MPI launcher, a Slurm step's task count */
} gs_app_env_t;

/* The environment as it was at the first call (the same struct after). */
const gs_app_env_t *gs_app_env(void);

/* The config reader's options from it (the data folder, GRIDSEARCH_DATA). */
gs_config_opts_t gs_app_config_opts(void);

/* Opens the farm as the environment says (gs_farm_open with the launch
 * above). Under an MPI launcher it first sets OMPI_MCA_pml=ob1 unless the
 * user set it: Open MPI's default point-to-point layer here is UCX, whose
 * start-up costs 0.2 s per job on this machine (mpirun -np 2: 311 ms
 * against 109 ms with ob1) and buys nothing for the farm's few small
 * messages; ob1 runs over every transport (shared memory on a node, TCP
 * between nodes). */
int gs_app_farm_open(gs_farm_t **out, int *argc, char ***argv, int threads, gs_error_t *err);

#endif

/* env.c: the environment, read once (env.h). */
#include "env.h"

#include <stdlib.h>
#include <string.h>

/* A thread count from 1 to 4096, else 0. */
static int env_count(const char *name) {
  const char *v = getenv(name);
  if (!v || !*v) return 0;
  char *end;
  long n = strtol(v, &end, 10);
  return (*end == '\0' && n > 0 && n <= 4096) ? (int)n : 0;
}

const gs_app_env_t *gs_app_env(void) {
  static gs_app_env_t env;
  static int read;
  if (!read) {
    const char *f = getenv("GRIDSEARCH_FAIL_FITS");
    env.openblas_num_threads = getenv("OPENBLAS_NUM_THREADS");
    env.slurm_cpus_per_task = env_count("SLURM_CPUS_PER_TASK");
    env.omp_num_threads = env_count("OMP_NUM_THREADS");
    env.fail_fits = f && *f ? f : NULL;
    const char *d = getenv("GRIDSEARCH_DATA");
    env.data_dir = d && *d ? d : NULL;
    const char *lg = getenv("GRIDSEARCH_LOG");
    env.log_debug = lg && !strcmp(lg, "debug");
    const char *sf = getenv("GRIDSEARCH_SIGNAL_FILE");
    env.signal_file = sf && *sf ? sf : NULL;
    static const char *const mpi_vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", NULL};
    for (int i = 0; mpi_vars[i]; i++)
      if (getenv(mpi_vars[i])) env.launch.mpi = 1;
    const char *n = getenv("SLURM_STEP_NUM_TASKS");
    env.launch.slurm_step_tasks = n ? strtol(n, NULL, 10) : 0;
    read = 1;
  }
  return &env;
}

gs_config_opts_t gs_app_config_opts(void) { return (gs_config_opts_t){gs_app_env()->data_dir, "GRIDSEARCH_DATA"}; }

int gs_app_farm_open(gs_farm_t **out, int *argc, char ***argv, int threads, gs_error_t *err) {
  const gs_app_env_t *env = gs_app_env();
  if (env->launch.mpi) setenv("OMPI_MCA_pml", "ob1", 0); /* a user's own OMPI_MCA_pml (or --mca pml) wins */
  return gs_farm_open(out, argc, argv, threads, &env->launch, err);
}

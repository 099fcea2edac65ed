/* env.c: the environment, read once (env.h). */
#include "env.h"

#include <stdlib.h>

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
    read = 1;
  }
  return &env;
}

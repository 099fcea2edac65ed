/* farm.h: the parallel engine. Farms independent tasks over MPI ranks x worker
 * threads with dynamic, cost-ordered scheduling; results flow to rank 0.
 * MPI stays behind this interface: this header never includes mpi.h. */
#ifndef GRIDSEARCH_FARM_H
#define GRIDSEARCH_FARM_H

#include <signal.h>
#include <stddef.h>

#include "gridsearch/error.h"

typedef struct gs_farm gs_farm_t;

/* One batch of work. All ranks must pass the same n_tasks, cost and
 * result_size (each rank builds the job from the same inputs). */
typedef struct {
  size_t n_tasks;
  /* Estimated relative cost of each task (n_tasks entries) or NULL. Costly
   * tasks are handed out first; ties go to the lower task index. */
  const double *cost;
  /* Bytes of one task's result (fixed for the job, > 0). */
  size_t result_size;
  /* Runs task `task` on worker thread `worker` (0-based within the rank) and
   * writes result_size bytes to `result`. Called concurrently from several
   * threads. Returns GS_OK, or an error code with err filled: that stops the
   * whole job on every rank (per-task failures that the caller tolerates
   * belong inside the result, not here). */
  int (*run)(void *ctx, size_t task, int worker, void *result, gs_error_t *err);
  /* Rank 0 only: receives each finished task's result, one call at a time
   * (never concurrently), in completion order. seconds = the task's busy time.
   * Returns GS_OK or an error (which stops the job). May be NULL. */
  int (*collect)(void *ctx, size_t task, const void *result, double seconds,
                 int rank, int worker);
  void *ctx;
  /* Affinity: tasks with equal group values share state that a rank builds
   * (a kernel block); a rank is handed more tasks of the group it works on
   * before a new group, so each group is built by as few ranks as possible.
   * n_tasks entries or NULL. */
  const size_t *group;
  /* Tasks not to run (already done, e.g. on resume): n_tasks flags or NULL. */
  const unsigned char *skip;
  /* When *stop becomes non-zero (e.g. set by a signal handler) on any rank,
   * that rank tells rank 0 and rank 0 tells the others: no further tasks are
   * handed out, the queued ones are dropped, tasks in flight finish and are
   * collected, then gs_farm_run returns GS_EINTR on every rank. On rank 0 a
   * stop asked by another rank sets *stop to that rank's value (see
   * gs_farm_stop_rank). May be NULL. */
  volatile sig_atomic_t *stop;
} gs_farm_job_t;

/* What a run measured, filled on rank 0 (other ranks: their own share). */
typedef struct {
  double wall_seconds;     /* from the start of gs_farm_run to its end */
  double busy_seconds;     /* sum over tasks of their run() time */
  size_t tasks_done;       /* tasks collected (rank 0) */
  int ranks, threads;      /* layout: ranks x worker threads per rank */
  /* Per worker (ranks * threads entries, rank-major), owned by the stats;
   * freed by gs_farm_stats_free. */
  double *worker_busy;
  size_t *worker_tasks;
} gs_farm_stats_t;

/* How this process was started, as the caller read it from its environment
 * (the library reads none): mpi, whether an MPI launcher (mpirun, srun
 * --mpi=pmix) started it (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK or
 * PMI_SIZE is set); slurm_step_tasks, the task count of the Slurm step it
 * runs in (SLURM_STEP_NUM_TASKS; 0 outside one). */
typedef struct {
  int mpi;
  long slurm_step_tasks;
} gs_farm_launch_t;

/* Opens the engine. MPI is initialised only when launch says an MPI
 * launcher started this process (launch NULL: a plain process), so a plain
 * `gridsearch ...` pays no MPI start-up; a Slurm step of more than one task
 * without an MPI launcher (srun --mpi=none: each task would run the whole
 * job) is refused, GS_EUSAGE. threads = worker threads per rank
 * (>= 1; below that GS_EINVAL). With more than one rank, MPI must give
 * MPI_THREAD_MULTIPLE (else GS_EMPI saying which level it gave), and a
 * heartbeat thread starts on every rank: a rank not heard from for the
 * liveness limit (default 30 s, gs_farm_set_liveness) ends the job on every
 * rank (one line on stderr naming the rank, the sync fd synced, exit 1),
 * whatever the ranks are doing: fitting, in a collective, writing reports.
 * On failure returns an error and sets *out to NULL. */
int gs_farm_open(gs_farm_t **out, int *argc, char ***argv, int threads, const gs_farm_launch_t *launch,
                 gs_error_t *err);

/* Shuts the engine down (the heartbeat thread, the farm's communicator,
 * MPI_Finalize when MPI was initialised here); accepts NULL. Rank 0 says
 * goodbye to the others, which wait for it (still watching rank 0). */
void gs_farm_close(gs_farm_t *farm);

/* Aborts every rank at once (MPI_Abort when under MPI, else exit). */
void gs_farm_abort(gs_farm_t *farm, int status);

int gs_farm_rank(const gs_farm_t *farm);     /* 0 without MPI */
int gs_farm_size(const gs_farm_t *farm);     /* 1 without MPI */
int gs_farm_threads(const gs_farm_t *farm);  /* worker threads per rank */

/* The liveness limit in seconds (0: no rank is ever taken for silent). Every
 * rank should set the same. A no-op on one rank. */
void gs_farm_set_liveness(gs_farm_t *farm, double seconds);

/* A file descriptor (the journal) that is fsynced before a silent rank ends
 * the job; -1 for none. A no-op on one rank. */
void gs_farm_set_sync_fd(gs_farm_t *farm, int fd);

/* Rank 0, after a run that returned GS_EINTR: the rank whose stop request
 * ended it (0 for rank 0's own), or -1. */
int gs_farm_stop_rank(const gs_farm_t *farm);

/* Collective: every rank passes its status (GS_OK, or an error code with err
 * filled) and a value that must be equal on all ranks (a digest; 0 when it
 * does not matter). Returns GS_OK on every rank when every status is GS_OK
 * and every value equals rank 0's. Otherwise every rank gets the same error:
 * the lowest failing rank's code and record (prefixed "rank K: " when K is
 * not 0), or GS_ESTATE naming the first rank whose value differs. It
 * allocates nothing, so a rank short of memory still takes part. Without
 * MPI it returns status and leaves err alone. */
int gs_farm_agree(gs_farm_t *farm, int status, unsigned long long value, gs_error_t *err);

/* Runs job on every rank (collective: all ranks call it with equal jobs).
 * Returns GS_OK when every non-skipped task was collected, GS_EINTR when
 * *job->stop ended it early, or the first error (err says which rank and
 * task). stats may be NULL; when given, free it with gs_farm_stats_free. */
int gs_farm_run(gs_farm_t *farm, const gs_farm_job_t *job,
                gs_farm_stats_t *stats, gs_error_t *err);

/* Broadcasts n bytes from rank 0 to every rank (no-op without MPI). */
int gs_farm_bcast(gs_farm_t *farm, void *buf, size_t n, gs_error_t *err);

/* Gathers n bytes from every rank into all (ranks x n bytes) on rank 0
 * (collective; a plain copy without MPI). all is used on rank 0 only (the
 * others may pass NULL). */
int gs_farm_gather(gs_farm_t *farm, const void *mine, size_t n, void *all, gs_error_t *err);

void gs_farm_stats_free(gs_farm_stats_t *stats);

/* The MPI library's name and version, first line (callable any time, MPI
 * initialised or not). Returns buf. */
char *gs_farm_mpi_version(char *buf, size_t n);

#endif

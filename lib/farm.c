/* farm.c: the parallel engine: R MPI ranks x T worker threads. Rank 0's main
 * thread runs the scheduler (schedule.h) and serves requests; every rank's main
 * thread keeps its workers' queue filled (prefetch: T + 1 tasks), ships
 * results to rank 0 and takes care of MPI, which only main threads call
 * (MPI_THREAD_FUNNELED). Without an MPI launcher, MPI is never initialised. */
#include "gridsearch/farm.h"

#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "farm_internal.h"
#include "heartbeat.h"
#include "schedule.h"
#include "clock.h"
#include "gridsearch/log.h"

struct gs_farm {
  int mpi;          /* MPI initialised here */
  int rank, size, threads;
  MPI_Comm comm;
  int have_comm;    /* comm was duplicated (freed on close, whatever the size) */
  gs__heartbeat_t *hb; /* the liveness thread (more than one rank) */
  unsigned runs;    /* gs_farm_run calls so far: tells a stale stop message */
  int stop_rank;    /* rank whose stop request ended the last run, or -1 */
  gs__farm_transport_t tp; /* the protocol's messages: MPI's, or a test's */
  int fake;         /* tp is not MPI (gs__farm_open_with) */
};


/* Turns a failed MPI call into an error with its place and MPI's text. */
#define FARM_MPI(call)                                                                       \
  do {                                                                                       \
    int mrc_ = (call);                                                                       \
    if (mrc_ != MPI_SUCCESS) {                                                               \
      char mmsg_[MPI_MAX_ERROR_STRING];                                                      \
      int mlen_ = 0;                                                                         \
      MPI_Error_string(mrc_, mmsg_, &mlen_);                                                 \
      rc = gs_error_set(err, GS_EMPI, __FILE__, __LINE__, 0, "%s failed: %s", #call, mmsg_); \
      goto fail;                                                                             \
    }                                                                                        \
  } while (0)

/* ---- the MPI transport (farm_internal.h) ---- */

static int mpi_send(void *ctx, int dest, int tag, const void *buf, size_t n, gs_error_t *err) {
  gs_farm_t *f = ctx;
  int rc = GS_OK;
  FARM_MPI(MPI_Send(buf, (int)n, MPI_BYTE, dest, tag, f->comm));
fail:
  return rc;
}

static int mpi_probe(void *ctx, int *flag, int *src, int *tag, size_t *n, gs_error_t *err) {
  gs_farm_t *f = ctx;
  int rc = GS_OK, count = 0;
  MPI_Status st;
  *flag = 0;
  FARM_MPI(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, f->comm, flag, &st));
  if (!*flag) return GS_OK;
  FARM_MPI(MPI_Get_count(&st, MPI_BYTE, &count));
  *src = st.MPI_SOURCE;
  *tag = st.MPI_TAG;
  *n = (size_t)count;
fail:
  return rc;
}

static int mpi_recv(void *ctx, int src, int tag, void *buf, size_t cap, gs_error_t *err) {
  gs_farm_t *f = ctx;
  int rc = GS_OK;
  FARM_MPI(MPI_Recv(buf, (int)cap, MPI_BYTE, src, tag, f->comm, MPI_STATUS_IGNORE));
fail:
  return rc;
}

static int mpi_bcast(void *ctx, void *buf, size_t n, gs_error_t *err) {
  gs_farm_t *f = ctx;
  int rc = GS_OK;
  FARM_MPI(MPI_Bcast(buf, (int)n, MPI_BYTE, 0, f->comm));
fail:
  return rc;
}

int gs__farm_open_with(gs_farm_t **out, int rank, int size, int threads, const gs__farm_transport_t *tp,
                       gs_error_t *err) {
  *out = NULL;
  if (threads < 1 || size < 1 || rank < 0 || rank >= size)
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "a farm needs rank < size and threads >= 1 (got rank %d of %d, %d threads)",
                        rank, size, threads);
  gs_farm_t *f = calloc(1, sizeof *f);
  if (!f) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  f->rank = rank;
  f->size = size;
  f->threads = threads;
  f->tp = *tp;
  f->fake = 1;
  f->stop_rank = -1;
  *out = f;
  return GS_OK;
}

int gs_farm_open(gs_farm_t **out, int *argc, char ***argv, int threads, const gs_farm_launch_t *launch,
                 gs_error_t *err) {
  int rc = GS_OK;
  *out = NULL;
  if (threads < 1) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "worker threads must be at least 1 (got %d)", threads);
  int by_mpi = launch && launch->mpi;
  /* srun without an MPI plugin (--mpi=none, or a site default of none)
   * starts N copies that each believe they are alone */
  long lone = launch && !by_mpi && launch->slurm_step_tasks > 1 ? launch->slurm_step_tasks : 0;
  if (lone)
    return gs_error_set(err, GS_EUSAGE, NULL, 0, 0,
                        "srun started %ld tasks without MPI (no PMIx/PMI in the environment): each would run the "
                        "whole job; launch with srun --mpi=pmix (see jobs/README.md)", lone);
  gs_farm_t *f = calloc(1, sizeof *f);
  if (!f) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  f->threads = threads;
  f->size = 1;
  f->tp = (gs__farm_transport_t){mpi_send, mpi_probe, mpi_recv, mpi_bcast, f};
  if (by_mpi) {
    /* the main thread makes the farm's calls, the heartbeat thread its own:
     * MPI_THREAD_MULTIPLE when there is more than one rank */
    int provided = 0, inited = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) {
      free(f);
      return gs_error_set(err, GS_EMPI, __FILE__, __LINE__, 0, "MPI_Init_thread failed");
    }
    f->mpi = !inited;
    if (inited) FARM_MPI(MPI_Query_thread(&provided));
    FARM_MPI(MPI_Comm_dup(MPI_COMM_WORLD, &f->comm));
    f->have_comm = 1;
    FARM_MPI(MPI_Comm_set_errhandler(f->comm, MPI_ERRORS_RETURN));
    FARM_MPI(MPI_Comm_rank(f->comm, &f->rank));
    FARM_MPI(MPI_Comm_size(f->comm, &f->size));
    int need = f->size > 1 ? MPI_THREAD_MULTIPLE : MPI_THREAD_FUNNELED;
    if (provided < need) {
      rc = gs_error_set(err, GS_EMPI, __FILE__, __LINE__, 0,
                        "the MPI library gives thread support level %d; gridsearch needs %s (%d)%s", provided,
                        need == MPI_THREAD_MULTIPLE ? "MPI_THREAD_MULTIPLE" : "MPI_THREAD_FUNNELED", need,
                        need == MPI_THREAD_MULTIPLE ? " on more than one rank, for its heartbeat thread" : "");
      goto fail;
    }
    if (f->size > 1 && (rc = gs__heartbeat_start(&f->hb, MPI_COMM_WORLD, GS__HEARTBEAT_LIMIT, err))) goto fail;
  }
  f->stop_rank = -1;
  *out = f;
  return GS_OK;
fail:
  if (f->have_comm) MPI_Comm_free(&f->comm);
  if (f->mpi) MPI_Finalize();
  free(f);
  return rc;
}

void gs_farm_close(gs_farm_t *f) {
  if (!f) return;
  gs__heartbeat_stop(f->hb);
  if (f->have_comm) MPI_Comm_free(&f->comm);
  if (f->mpi) MPI_Finalize();
  free(f);
}

void gs_farm_set_liveness(gs_farm_t *f, double seconds) { gs__heartbeat_set_limit(f->hb, seconds); }
void gs_farm_set_sync_fd(gs_farm_t *f, int fd) { gs__heartbeat_set_sync_fd(f->hb, fd); }
int gs_farm_stop_rank(const gs_farm_t *f) { return f->stop_rank; }

void gs_farm_abort(gs_farm_t *f, int status) {
  if (f && (f->size > 1 || f->mpi)) MPI_Abort(MPI_COMM_WORLD, status);
  exit(status);
}

int gs_farm_rank(const gs_farm_t *f) { return f->rank; }
int gs_farm_size(const gs_farm_t *f) { return f->size; }
int gs_farm_threads(const gs_farm_t *f) { return f->threads; }

static int farm_mpi(const gs_farm_t *f) { return f->size > 1 || f->mpi; }

int gs_farm_bcast(gs_farm_t *f, void *buf, size_t n, gs_error_t *err) {
  if (!farm_mpi(f)) return GS_OK;
  return f->tp.bcast(f->tp.ctx, buf, n, err);
}

/* The collectives below are MPI's alone: a test's transport has none. */
static int fake_collective(const char *what, gs_error_t *err) {
  return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "%s needs MPI: a farm on a test transport has no %s", what, what);
}

int gs_farm_gather(gs_farm_t *f, const void *mine, size_t n, void *all, gs_error_t *err) {
  int rc = GS_OK;
  if (!farm_mpi(f)) {
    memcpy(all, mine, n);
    return GS_OK;
  }
  if (f->fake) return fake_collective("gather", err);
  FARM_MPI(MPI_Gather(mine, (int)n, MPI_BYTE, f->rank == 0 ? all : NULL, (int)n, MPI_BYTE, 0, f->comm));
fail:
  return rc;
}

/* The agreement: the first failing rank and the first rank whose value
 * differs from rank 0's, found with fixed-size collectives (nothing to
 * allocate, so no rank can drop out of them for want of memory); then the
 * failing rank's error record, sent whole. */
int gs_farm_agree(gs_farm_t *f, int status, unsigned long long value, gs_error_t *err) {
  int rc = GS_OK;
  if (!farm_mpi(f)) return status;
  if (f->fake) return fake_collective("agree", err);
  unsigned long long root_value = value;
  FARM_MPI(MPI_Bcast(&root_value, 1, MPI_UNSIGNED_LONG_LONG, 0, f->comm));
  int mine[2] = {status ? f->rank : f->size, value != root_value ? f->rank : f->size}, first[2];
  FARM_MPI(MPI_Allreduce(mine, first, 2, MPI_INT, MPI_MIN, f->comm));
  if (first[0] < f->size) {
    gs_error_t theirs;
    gs_error_clear(&theirs);
    if (f->rank == first[0]) {
      theirs = *err;
      if (!theirs.code) theirs.code = status;
    }
    FARM_MPI(MPI_Bcast(&theirs, (int)sizeof theirs, MPI_BYTE, first[0], f->comm));
    theirs.message[sizeof theirs.message - 1] = '\0';
    if (first[0] == 0) {
      if (f->rank != 0) *err = theirs;
      return theirs.code;
    }
    char buf[2048];
    gs_error_format(&theirs, buf, sizeof buf);
    gs_error_clear(err);
    return gs_error_set(err, theirs.code, NULL, 0, 0, "rank %d: %s", first[0], buf);
  }
  if (first[1] < f->size) {
    unsigned long long v = value;
    FARM_MPI(MPI_Bcast(&v, 1, MPI_UNSIGNED_LONG_LONG, first[1], f->comm));
    gs_error_clear(err);
    return gs_error_set(err, GS_ESTATE, NULL, 0, 0,
                        "rank %d prepared another search than rank 0 (digest %016llx, rank 0: %016llx): every rank "
                        "must see the same config and data", first[1], v, root_value);
  }
  return GS_OK;
fail:
  return rc;
}

void gs_farm_stats_free(gs_farm_stats_t *st) {
  if (!st) return;
  free(st->worker_busy);
  free(st->worker_tasks);
  st->worker_busy = NULL;
  st->worker_tasks = NULL;
}

/* ---- the rank-local pool of worker threads ---- */

typedef struct {
  size_t task;
  double seconds;
  int worker, status;
  char message[1024];
} done_head_t;

typedef struct {
  const gs_farm_job_t *job;
  pthread_mutex_t mu;
  pthread_cond_t work_cv, done_cv, space_cv;
  size_t *queue, qhead, qlen, qcap;   /* tasks to run (ring) */
  unsigned char *ring;                 /* finished tasks: head + result bytes */
  size_t rhead, rlen, rcap, slot;
  int busy, quit, threads;
  double *busy_s;                      /* per worker */
  size_t *tasks;
} pool_t;

typedef struct {
  pool_t *p;
  int worker;
} worker_arg_t;

static void *worker_main(void *arg) {
  worker_arg_t *wa = arg;
  pool_t *p = wa->p;
  unsigned char *res = malloc(p->job->result_size);
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->qlen == 0 && !p->quit) pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->qlen == 0 && p->quit) {
      pthread_mutex_unlock(&p->mu);
      break;
    }
    size_t t = p->queue[p->qhead];
    p->qhead = (p->qhead + 1) % p->qcap;
    p->qlen--;
    p->busy++;
    pthread_mutex_unlock(&p->mu);

    gs_error_t e;
    gs_error_clear(&e);
    double t0 = gs__now();
    int rc = res ? p->job->run(p->job->ctx, t, wa->worker, res, &e) : gs_error_set(&e, GS_ENOMEM, NULL, 0, 0, "out of memory");
    double dt = gs__now() - t0;

    pthread_mutex_lock(&p->mu);
    while (p->rlen == p->rcap) pthread_cond_wait(&p->space_cv, &p->mu);
    unsigned char *slot = p->ring + ((p->rhead + p->rlen) % p->rcap) * p->slot;
    done_head_t h = {t, dt, wa->worker, rc, ""};
    if (rc) {
      char buf[1024];
      snprintf(h.message, sizeof h.message, "%s", gs_error_format(&e, buf, sizeof buf));
    }
    memcpy(slot, &h, sizeof h);
    if (!rc) memcpy(slot + sizeof h, res, p->job->result_size);
    p->rlen++;
    p->busy--;
    p->busy_s[wa->worker] += dt;
    p->tasks[wa->worker]++;
    pthread_cond_signal(&p->done_cv);
    pthread_mutex_unlock(&p->mu);
  }
  free(res);
  return NULL;
}

/* ---- the run: named steps of one loop (as libcircle's work loop) ---- */

typedef struct {
  gs_farm_t *f;
  const gs_farm_job_t *job;
  const gs__farm_transport_t *tp;
  pool_t pool;
  int T, root, mpi;
  /* tasks a rank keeps queued or running (see run_setup) */
  size_t target, max_target;
  pthread_t *tid;
  worker_arg_t *wargs;
  int started, inited;
  unsigned char *msg;     /* one message: a result, or a DONE record */
  size_t msg_size;
  size_t *ids;            /* task ids of one REQ / ASSIGN */
  int req_out;            /* a rank's REQ awaits its ASSIGN */
  int no_more;            /* a rank learnt there is nothing more for it */
  int sent_done;
  gs__sched_t *sched;     /* rank 0 */
  int failed;             /* rank 0: the first failure is in err */
  int stopped;
  size_t collected;
  int ranks_done;
  unsigned char *rank_done; /* rank 0: which ranks sent DONE */
  unsigned run_id;
  double *all_busy;       /* rank 0: ranks x threads */
  size_t *all_tasks;
  double t_start;
} run_t;

/* Rank 0: a finished task's result, from any rank. */
static void take_result(run_t *r, size_t task, const void *res, double seconds, int rank, int worker, gs_error_t *err) {
  gs__sched_done(r->sched, task);
  r->collected++;
  if (r->job->collect && !r->failed) {
    int crc = r->job->collect(r->job->ctx, task, res, seconds, rank, worker);
    if (crc) {
      gs_error_set(err, crc, NULL, 0, 0, "collecting task %zu failed", task);
      r->failed = 1;
      gs__sched_stop(r->sched);
    }
  }
}

/* Rank 0: a task whose run() failed with code; the job ends with that code. */
static void take_failure(run_t *r, size_t task, int rank, int code, const char *msg, gs_error_t *err) {
  if (!r->failed) {
    if (r->f->size > 1) gs_error_set(err, code, NULL, 0, 0, "rank %d, task %zu: %s", rank, task, msg);
    else gs_error_set(err, code, NULL, 0, 0, "task %zu: %s", task, msg);
    r->failed = 1;
  }
  gs__sched_done(r->sched, task);
  gs__sched_stop(r->sched);
}

/* Rank 0, on a stop request: says which tasks each rank holds in flight. */
static void report_in_flight(run_t *r) {
  size_t held[16];
  for (int k = 0; k < r->f->size; k++) {
    size_t n = gs__sched_held(r->sched, k, held, 16);
    if (!n) continue;
    char line[400];
    size_t len = (size_t)snprintf(line, sizeof line, "stopping: rank %d holds task%s", k, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && len < sizeof line; i++) len += (size_t)snprintf(line + len, sizeof line - len, "%s %zu", i ? "," : "", held[i]);
    gs_log(GS_LOG_WARNING, "%s%s", line, n == 16 ? ", ..." : "");
  }
}

/* Stops the run on this rank: no more tasks handed out or asked for, the
 * queued ones dropped (a resume runs them), the ones in flight finish. Rank 0
 * tells every rank still working (but `from`, which asked); another rank whose
 * own signal stopped it (from == its rank) asks rank 0. */
static int stop_run(run_t *r, int sig, int from, int report, gs_error_t *err) {
  gs_farm_t *f = r->f;
  int m[3] = {(int)r->run_id, sig, from}, rc = GS_OK;
  r->stopped = 1;
  pthread_mutex_lock(&r->pool.mu);
  r->pool.qlen = 0;
  pthread_mutex_unlock(&r->pool.mu);
  if (f->rank == 0) {
    gs__sched_stop(r->sched);
    if (report && f->size > 1) report_in_flight(r);
    for (int k = 1; k < f->size && !rc; k++)
      if (k != from && !r->rank_done[k]) rc = r->tp->send(r->tp->ctx, k, GS__FARM_STOP, m, sizeof m, err);
  } else if (from == f->rank) {
    rc = r->tp->send(r->tp->ctx, 0, GS__FARM_STOP, m, sizeof m, err);
  }
  return rc;
}

static void pool_push(pool_t *p, const size_t *tasks, size_t k) {
  pthread_mutex_lock(&p->mu);
  for (size_t i = 0; i < k && p->qlen < p->qcap; i++) {
    p->queue[(p->qhead + p->qlen) % p->qcap] = tasks[i];
    p->qlen++;
  }
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
}

/* Allocates the run's buffers and starts the workers. */
static int run_setup(run_t *r, gs_error_t *err) {
  gs_farm_t *f = r->f;
  const gs_farm_job_t *job = r->job;
  pool_t *p = &r->pool;
  int T = r->T;
  /* tasks a rank keeps queued or running: on rank 0 one per worker and one
   * spare; on the others, which wait a round trip for more, four per worker
   * and four spare (the seed range of `primes` on 2 ranks: 75% parallel
   * efficiency with T + 1 and a 1 ms poll, 95% with this and the polling
   * below). Tasks go out costly first, so the last ones queued are short. */
  r->target = (size_t)T + 1;
  r->max_target = 4 * (size_t)T + 4;
  r->tid = calloc((size_t)T, sizeof *r->tid);
  r->wargs = calloc((size_t)T, sizeof *r->wargs);
  r->ids = malloc((r->max_target + 1) * sizeof *r->ids);
  p->job = job;
  p->threads = T;
  p->qcap = r->max_target + 1;
  p->rcap = (size_t)T * 2 + 2;
  p->slot = sizeof(done_head_t) + job->result_size;
  p->queue = malloc(p->qcap * sizeof *p->queue);
  p->ring = malloc(p->rcap * p->slot);
  p->busy_s = calloc((size_t)T, sizeof *p->busy_s);
  p->tasks = calloc((size_t)T, sizeof *p->tasks);
  r->msg_size = sizeof(done_head_t) + job->result_size + (size_t)T * (sizeof(double) + sizeof(size_t));
  r->msg = malloc(r->msg_size);
  if (r->root) {
    r->sched = gs__sched_new(job->n_tasks, job->cost, job->group, job->skip, f->size, f->size * T);
    r->all_busy = calloc((size_t)(f->size * T), sizeof *r->all_busy);
    r->all_tasks = calloc((size_t)(f->size * T), sizeof *r->all_tasks);
    r->rank_done = calloc((size_t)f->size, 1);
  }
  if (!r->tid || !r->wargs || !r->ids || !p->queue || !p->ring || !p->busy_s || !p->tasks || !r->msg ||
      (r->root && (!r->sched || !r->all_busy || !r->all_tasks || !r->rank_done)))
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  r->inited = 1;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  pthread_cond_init(&p->space_cv, NULL);
  for (int w = 0; w < T; w++) {
    r->wargs[w] = (worker_arg_t){p, w};
    if (pthread_create(&r->tid[w], NULL, worker_main, &r->wargs[w]) != 0)
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "cannot start worker thread %d", w);
    r->started++;
  }
  return GS_OK;
}

/* Step 1: the results of this rank's workers: taken on rank 0, sent to
 * rank 0 from the others. */
static int step_results(run_t *r, int *progress, gs_error_t *err) {
  pool_t *p = &r->pool;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    if (p->rlen == 0) {
      pthread_mutex_unlock(&p->mu);
      return GS_OK;
    }
    memcpy(r->msg, p->ring + p->rhead * p->slot, p->slot);
    p->rhead = (p->rhead + 1) % p->rcap;
    p->rlen--;
    pthread_cond_signal(&p->space_cv);
    pthread_mutex_unlock(&p->mu);
    *progress = 1;
    done_head_t h;
    memcpy(&h, r->msg, sizeof h);
    if (r->root) {
      if (h.status) take_failure(r, h.task, 0, h.status, h.message, err);
      else take_result(r, h.task, r->msg + sizeof h, h.seconds, 0, h.worker, err);
    } else {
      int rc = r->tp->send(r->tp->ctx, 0, h.status ? GS__FARM_ERROR : GS__FARM_RESULT, r->msg,
                           h.status ? sizeof h : p->slot, err);
      if (rc) return rc;
    }
  }
}

/* Step 2: a stop request (a signal handler set the flag), or a failure. */
static int step_stop(run_t *r, gs_error_t *err) {
  int rc;
  if (r->job->stop && *r->job->stop && !r->stopped) {
    if (r->root) r->f->stop_rank = 0;
    if ((rc = stop_run(r, (int)*r->job->stop, r->f->rank, 1, err))) return rc;
    r->no_more = 1;
  }
  if (r->root && r->failed && !r->stopped) return stop_run(r, 0, 0, 0, err);
  return GS_OK;
}

/* Step 3: keep this rank's queue filled: from the scheduler on rank 0, by
 * a request to rank 0 on the others. */
static int step_refill(run_t *r, int *progress, gs_error_t *err) {
  pool_t *p = &r->pool;
  pthread_mutex_lock(&p->mu);
  size_t have = p->qlen + (size_t)p->busy;
  pthread_mutex_unlock(&p->mu);
  if (r->root && !r->stopped && have < r->target) {
    size_t k = gs__sched_take(r->sched, 0, r->target - have, r->ids);
    if (k) { pool_push(p, r->ids, k); *progress = 1; }
  } else if (!r->root && !r->no_more && !r->req_out && have < r->max_target) {
    unsigned long want = (unsigned long)(r->max_target - have);
    int rc = r->tp->send(r->tp->ctx, 0, GS__FARM_REQ, &want, sizeof want, err);
    if (rc) return rc;
    r->req_out = 1;
  }
  return GS_OK;
}

/* One received message of tag from src (count bytes). */
static int serve_message(run_t *r, int src, int tag, size_t count, gs_error_t *err) {
  const gs__farm_transport_t *tp = r->tp;
  int rc = GS_OK, T = r->T;
  done_head_t h;
  switch (tag) {
  case GS__FARM_REQ: {
    unsigned long want = 0;
    if ((rc = tp->recv(tp->ctx, src, tag, &want, sizeof want, err))) return rc;
    if (want > r->max_target) want = r->max_target;
    size_t k = r->stopped ? 0 : gs__sched_take(r->sched, src, want, r->ids);
    return tp->send(tp->ctx, src, GS__FARM_ASSIGN, r->ids, k * sizeof *r->ids, err);
  }
  case GS__FARM_ASSIGN: {
    if ((rc = tp->recv(tp->ctx, 0, tag, r->ids, (r->max_target + 1) * sizeof *r->ids, err))) return rc;
    size_t k = count / sizeof *r->ids;
    r->req_out = 0;
    if (k == 0) r->no_more = 1;
    else if (!r->stopped) pool_push(&r->pool, r->ids, k);
    return GS_OK;
  }
  case GS__FARM_RESULT:
  case GS__FARM_ERROR:
    if ((rc = tp->recv(tp->ctx, src, tag, r->msg, r->msg_size, err))) return rc;
    memcpy(&h, r->msg, sizeof h);
    if (tag == GS__FARM_ERROR) take_failure(r, h.task, src, h.status, h.message, err);
    else take_result(r, h.task, r->msg + sizeof h, h.seconds, src, h.worker, err);
    return GS_OK;
  case GS__FARM_DONE:
    if ((rc = tp->recv(tp->ctx, src, tag, r->msg, r->msg_size, err))) return rc;
    memcpy(r->all_busy + src * T, r->msg, (size_t)T * sizeof(double));
    memcpy(r->all_tasks + src * T, r->msg + (size_t)T * sizeof(double), (size_t)T * sizeof(size_t));
    r->ranks_done++;
    r->rank_done[src] = 1;
    return GS_OK;
  case GS__FARM_STOP: {
    int m[3];
    if ((rc = tp->recv(tp->ctx, src, tag, m, sizeof m, err))) return rc;
    if ((unsigned)m[0] != r->run_id || r->stopped) return GS_OK; /* a stale one, or already stopping */
    if (r->root) {
      r->f->stop_rank = src;
      if (r->job->stop && !*r->job->stop) *r->job->stop = m[1] ? m[1] : 1;
    }
    if ((rc = stop_run(r, m[1], src, 1, err))) return rc;
    r->no_more = 1;
    return GS_OK;
  }
  default:
    return gs_error_set(err, GS_EMPI, __FILE__, __LINE__, 0, "unexpected message tag %d from rank %d", tag, src);
  }
}

/* Step 4: every message waiting. */
static int step_messages(run_t *r, int *progress, gs_error_t *err) {
  while (r->mpi) {
    int flag = 0, src = 0, tag = 0, rc;
    size_t count = 0;
    if ((rc = r->tp->probe(r->tp->ctx, &flag, &src, &tag, &count, err))) return rc;
    if (!flag) break;
    *progress = 1;
    if ((rc = serve_message(r, src, tag, count, err))) return rc;
  }
  return GS_OK;
}

/* Step 5: whether this rank is done: rank 0 once every task is collected
 * (or, stopped, every one in flight) and every rank said DONE; another rank
 * once idle with nothing more to ask, after sending its DONE. */
static int step_end(run_t *r, int *over, gs_error_t *err) {
  pool_t *p = &r->pool;
  int T = r->T;
  pthread_mutex_lock(&p->mu);
  int idle = p->qlen == 0 && p->busy == 0 && p->rlen == 0;
  pthread_mutex_unlock(&p->mu);
  *over = 0;
  if (r->root) {
    int nothing_left = r->stopped || gs__sched_pending(r->sched) == 0;
    *over = idle && nothing_left && r->ranks_done == r->f->size - 1 && (r->stopped || gs__sched_in_flight(r->sched) == 0);
  } else if (idle && r->no_more && !r->req_out && !r->sent_done) {
    pthread_mutex_lock(&p->mu);
    memcpy(r->msg, p->busy_s, (size_t)T * sizeof(double));
    memcpy(r->msg + (size_t)T * sizeof(double), p->tasks, (size_t)T * sizeof(size_t));
    pthread_mutex_unlock(&p->mu);
    int rc = r->tp->send(r->tp->ctx, 0, GS__FARM_DONE, r->msg, (size_t)T * (sizeof(double) + sizeof(size_t)), err);
    if (rc) return rc;
    r->sent_done = 1;
    *over = 1;
  }
  return GS_OK;
}

/* Step 6: nothing happened: wait for a worker; with MPI, poll again in
 * 200 us (rank 0 answers requests that soon; measured against 50 us and
 * 1 ms on primes' seed range), or in 50 us on a rank whose workers sit
 * idle waiting for an assignment. */
static void step_wait(run_t *r) {
  pool_t *p = &r->pool;
  pthread_mutex_lock(&p->mu);
  if (p->rlen == 0) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long ns = 20000000L;
    if (r->mpi) ns = r->req_out && p->qlen == 0 && p->busy < r->T ? 50000L : 200000L;
    ts.tv_nsec += ns;
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&p->done_cv, &p->mu, &ts);
  }
  pthread_mutex_unlock(&p->mu);
}

/* Tells the workers to quit (queued tasks dropped) and joins them. */
static void stop_workers(run_t *r) {
  pool_t *p = &r->pool;
  if (r->inited) {
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    p->qlen = 0;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
  }
  for (int w = 0; w < r->started; w++) pthread_join(r->tid[w], NULL);
  r->started = 0;
}

/* The run's end on every rank: how it ended, from rank 0; the stats. */
static int run_finish(run_t *r, gs_farm_stats_t *stats, gs_error_t *err) {
  gs_farm_t *f = r->f;
  pool_t *p = &r->pool;
  int T = r->T, root = r->root;
  /* every rank learns how the run ended from rank 0 */
  int status[2] = {root ? (r->failed ? (err->code ? err->code : GS_EFIT) : r->stopped ? GS_EINTR : GS_OK) : 0, 0};
  if (r->mpi) {
    int rc = r->tp->bcast(r->tp->ctx, status, sizeof status, err);
    if (rc) return rc;
  }
  if (!root && status[0] && status[0] != GS_EINTR)
    gs_error_set(err, status[0], NULL, 0, 0, "the run failed on another rank (rank 0 reports why)");
  if (stats) {
    stats->wall_seconds = gs__now() - r->t_start;
    stats->ranks = f->size;
    stats->threads = T;
    stats->tasks_done = r->collected;
    size_t nw = (size_t)(root ? f->size * T : T);
    stats->worker_busy = calloc(nw, sizeof *stats->worker_busy);
    stats->worker_tasks = calloc(nw, sizeof *stats->worker_tasks);
    if (stats->worker_busy && stats->worker_tasks) {
      if (root) {
        memcpy(r->all_busy, p->busy_s, (size_t)T * sizeof(double));
        memcpy(r->all_tasks, p->tasks, (size_t)T * sizeof(size_t));
        memcpy(stats->worker_busy, r->all_busy, nw * sizeof(double));
        memcpy(stats->worker_tasks, r->all_tasks, nw * sizeof(size_t));
      } else {
        memcpy(stats->worker_busy, p->busy_s, nw * sizeof(double));
        memcpy(stats->worker_tasks, p->tasks, nw * sizeof(size_t));
      }
      for (size_t i = 0; i < nw; i++) stats->busy_seconds += stats->worker_busy[i];
    }
  }
  return status[0];
}

static void run_free(run_t *r) {
  pool_t *p = &r->pool;
  if (r->inited) {
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    pthread_cond_destroy(&p->space_cv);
  }
  free(p->queue);
  free(p->ring);
  free(p->busy_s);
  free(p->tasks);
  free(r->msg);
  free(r->ids);
  free(r->tid);
  free(r->wargs);
  gs__sched_free(r->sched);
  free(r->all_busy);
  free(r->all_tasks);
  free(r->rank_done);
}

int gs_farm_run(gs_farm_t *f, const gs_farm_job_t *job, gs_farm_stats_t *stats, gs_error_t *err) {
  run_t r;
  memset(&r, 0, sizeof r);
  r.f = f;
  r.job = job;
  r.tp = &f->tp;
  r.run_id = ++f->runs;
  r.T = f->threads;
  r.root = f->rank == 0;
  r.mpi = farm_mpi(f);
  r.t_start = gs__now();
  f->stop_rank = -1;
  if (stats) memset(stats, 0, sizeof *stats);
  int rc = run_setup(&r, err), over = 0;
  while (!rc && !over) {
    int progress = 0;
    if ((rc = step_results(&r, &progress, err)) || (rc = step_stop(&r, err)) || (rc = step_refill(&r, &progress, err)) ||
        (rc = step_messages(&r, &progress, err)) || (rc = step_end(&r, &over, err)))
      break; /* a transport failure leaves the other ranks waiting: the heartbeat ends the job */
    if (!over && !progress) step_wait(&r);
  }
  stop_workers(&r);
  if (!rc) rc = run_finish(&r, stats, err);
  run_free(&r);
  return rc;
}

char *gs_farm_mpi_version(char *buf, size_t n) {
  char v[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  if (MPI_Get_library_version(v, &len) != MPI_SUCCESS) len = 0;
  v[len < MPI_MAX_LIBRARY_VERSION_STRING ? len : MPI_MAX_LIBRARY_VERSION_STRING - 1] = '\0';
  char *nl = strpbrk(v, ",\n");
  if (nl) *nl = '\0';
  snprintf(buf, n, "%s", v);
  return buf;
}

/* test_farm.c: the farm without MPI (1 rank x T worker threads): every task
 * run and collected exactly once, results intact, collect never concurrent,
 * skips, the hand-out order with one thread, run and collect errors, stop
 * requests, stats, the MPI-free bcast/gather, and that MPI stays
 * uninitialised. (The scheduler alone: test_schedule.c; MPI layouts:
 * test_layouts.sh.) */
#define _GNU_SOURCE /* environ (fixture.h) */
#include <CUnit/CUnit.h>
#include <mpi.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gridsearch/farm.h"
#include "fixture.h"

/* ---- helpers ---- */

static gs_farm_t *open_farm(int threads) {
  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *f = NULL;
  int rc = gs_farm_open(&f, NULL, NULL, threads, NULL, &err);
  CU_ASSERT_EQUAL(rc, GS_OK);
  if (rc) fprintf(stderr, "gs_farm_open: %s\n", err.message);
  return f;
}

static void sleep_us(long us) {
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0) {}
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A result: the task, the worker that ran it, then a pattern of the task. */
typedef struct {
  size_t task;
  int worker;
} res_head_t;

static unsigned char pattern(size_t task, size_t i) { return (unsigned char)(task * 31u + i * 7u + 1u); }

enum { MAX_TASKS = 512, MAX_ORDER = 1024 };

typedef struct {
  size_t n, result_size;
  int threads;
  const unsigned char *skip;
  atomic_int runs[MAX_TASKS];
  int collects[MAX_TASKS];   /* collect runs on one thread: plain ints */
  int collect_worker[MAX_TASKS];
  size_t collect_order[MAX_ORDER], n_collects;
  atomic_int in_collect;
  int overlap, bad_result, bad_args;
  double min_seconds;        /* smallest seconds collect saw */
  /* the order of run calls */
  pthread_mutex_t mu;
  size_t order[MAX_ORDER], n_order;
  /* behaviour */
  long sleep_us;             /* every run sleeps this long */
  size_t fail_run;           /* run of this task fails (SIZE_MAX: none) */
  int fail_code;
  size_t fail_collect_at;    /* the n-th collect call (1-based) fails (0: none) */
  size_t stop_at;            /* the n-th collect call sets *stop (0: never) */
  volatile sig_atomic_t *stop;
  atomic_int stop_seen;      /* mirrors *stop for the worker threads */
  int hold_until_stop;       /* runs other than the trigger's wait for the stop */
  size_t trigger;            /* the task that waits for T runs in flight, then returns */
  atomic_int inside, max_inside, arrived;
  atomic_int timeouts;       /* waits that gave up (a serial farm makes them) */
  int wait_for_all;          /* the first T tasks wait until T runs have started */
} ctx_t;

static void ctx_init(ctx_t *c, size_t n, size_t result_size, int threads) {
  memset(c, 0, sizeof *c);
  c->n = n;
  c->result_size = result_size;
  c->threads = threads;
  c->fail_run = SIZE_MAX;
  c->trigger = SIZE_MAX;
  c->min_seconds = 1e300;
  for (size_t i = 0; i < MAX_TASKS; i++) {
    atomic_init(&c->runs[i], 0);
    c->collect_worker[i] = -1;
  }
  atomic_init(&c->in_collect, 0);
  atomic_init(&c->stop_seen, 0);
  atomic_init(&c->inside, 0);
  atomic_init(&c->max_inside, 0);
  atomic_init(&c->arrived, 0);
  atomic_init(&c->timeouts, 0);
  pthread_mutex_init(&c->mu, NULL);
}

static void ctx_done(ctx_t *c) { pthread_mutex_destroy(&c->mu); }

/* Waits until *flag >= want; returns whether it got there. A farm that runs
 * the tasks a wait needs one at a time never gets there: after 30 s (far
 * past any machine's load) the wait gives up and counts a timeout, which the
 * tests assert on instead of on wall time. */
static int wait_for(ctx_t *c, atomic_int *flag, int want) {
  double t0 = mono();
  while (atomic_load(flag) < want) {
    if (mono() - t0 > 30.0) {
      atomic_fetch_add(&c->timeouts, 1);
      return 0;
    }
    sleep_us(100);
  }
  return 1;
}

static int run_task(void *ctx, size_t task, int worker, void *result, gs_error_t *err) {
  ctx_t *c = ctx;
  if (task >= c->n || worker < 0 || worker >= c->threads) {
    c->bad_args = 1; /* a benign race: only ever set to 1 */
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "bad task %zu or worker %d", task, worker);
  }
  atomic_fetch_add(&c->runs[task], 1);
  pthread_mutex_lock(&c->mu);
  if (c->n_order < MAX_ORDER) c->order[c->n_order++] = task;
  pthread_mutex_unlock(&c->mu);
  atomic_fetch_add(&c->arrived, 1);
  int now_inside = atomic_fetch_add(&c->inside, 1) + 1;
  for (int m = atomic_load(&c->max_inside); now_inside > m && !atomic_compare_exchange_weak(&c->max_inside, &m, now_inside);) {}
  if (c->wait_for_all && task < (size_t)c->threads) wait_for(c, &c->arrived, c->threads);
  if (c->hold_until_stop) {
    if (task == c->trigger) wait_for(c, &c->inside, c->threads);
    else wait_for(c, &c->stop_seen, 1);
  }
  if (c->sleep_us) sleep_us(c->sleep_us);
  atomic_fetch_sub(&c->inside, 1);
  unsigned char *r = result;
  res_head_t h = {task, worker};
  if (c->result_size >= sizeof h) {
    memcpy(r, &h, sizeof h);
    for (size_t i = sizeof h; i < c->result_size; i++) r[i] = pattern(task, i);
  } else {
    for (size_t i = 0; i < c->result_size; i++) r[i] = pattern(task, i);
  }
  if (task == c->fail_run) return gs_error_set(err, c->fail_code, "model.c", 12, 0, "boom on %zu", task);
  return GS_OK;
}

static int collect_task(void *ctx, size_t task, const void *result, double seconds, int rank, int worker) {
  ctx_t *c = ctx;
  if (atomic_fetch_add(&c->in_collect, 1) != 0) c->overlap = 1;
  sleep_us(20); /* widen the window an overlapping call would fall into */
  int rc = GS_OK;
  if (task >= c->n || rank != 0 || worker < 0 || worker >= c->threads || !(seconds >= 0)) {
    c->bad_args = 1;
  } else {
    c->collects[task]++;
    c->collect_worker[task] = worker;
    if (c->n_collects < MAX_ORDER) c->collect_order[c->n_collects] = task;
    c->n_collects++;
    if (seconds < c->min_seconds) c->min_seconds = seconds;
    const unsigned char *r = result;
    res_head_t h;
    size_t from = 0;
    if (c->result_size >= sizeof h) {
      memcpy(&h, r, sizeof h);
      if (h.task != task || h.worker != worker) c->bad_result = 1;
      from = sizeof h;
    }
    for (size_t i = from; i < c->result_size; i++)
      if (r[i] != pattern(task, i)) { c->bad_result = 1; break; }
    if (c->fail_collect_at && c->n_collects == c->fail_collect_at) rc = GS_EIO;
    if (c->stop_at && c->n_collects == c->stop_at) {
      *c->stop = 1;
      atomic_store(&c->stop_seen, 1);
    }
  }
  atomic_fetch_sub(&c->in_collect, 1);
  return rc;
}

static gs_farm_job_t job_of(ctx_t *c, const double *cost, const size_t *group) {
  gs_farm_job_t j = {c->n, cost, c->result_size, run_task, collect_task, c, group, c->skip, c->stop};
  return j;
}

static size_t sum_sizes(const size_t *v, size_t n) {
  size_t s = 0;
  for (size_t i = 0; i < n; i++) s += v[i];
  return s;
}

/* ---- every task once ---- */

static void run_should_run_and_collect_every_task_exactly_once(void) {
  const int threads[] = {1, 2, 3, 5};
  const size_t sizes[] = {0, 1, 257};
  static ctx_t c;
  for (size_t ti = 0; ti < 4; ti++)
    for (size_t si = 0; si < 3; si++) {
      int T = threads[ti];
      size_t n = sizes[si];
      gs_farm_t *f = open_farm(T);
      CU_ASSERT_PTR_NOT_NULL_FATAL(f);
      ctx_init(&c, n, 64, T);
      gs_farm_job_t job = job_of(&c, NULL, NULL);
      gs_farm_stats_t st;
      gs_error_t err;
      gs_error_clear(&err);
      int rc = gs_farm_run(f, &job, &st, &err);
      CU_ASSERT_EQUAL(rc, GS_OK);
      CU_ASSERT_EQUAL(err.code, GS_OK);
      int once = 1;
      for (size_t t = 0; t < n; t++) once = once && atomic_load(&c.runs[t]) == 1 && c.collects[t] == 1;
      if (!once) fprintf(stderr, "T=%d n=%zu: a task not run or collected exactly once\n", T, n);
      CU_ASSERT(once);
      CU_ASSERT_EQUAL(c.n_collects, n);
      CU_ASSERT_EQUAL(c.overlap, 0);
      CU_ASSERT_EQUAL(c.bad_result, 0);
      CU_ASSERT_EQUAL(c.bad_args, 0);
      CU_ASSERT_EQUAL(st.tasks_done, n);
      CU_ASSERT_EQUAL(st.ranks, 1);
      CU_ASSERT_EQUAL(st.threads, T);
      CU_ASSERT_PTR_NOT_NULL(st.worker_tasks);
      CU_ASSERT_PTR_NOT_NULL(st.worker_busy);
      if (st.worker_tasks) CU_ASSERT_EQUAL(sum_sizes(st.worker_tasks, (size_t)T), n);
      CU_ASSERT(st.busy_seconds >= 0);
      CU_ASSERT(st.wall_seconds >= 0);
      gs_farm_stats_free(&st);
      ctx_done(&c);
      gs_farm_close(f);
    }
}

static void run_should_hand_results_to_collect_intact(void) {
  /* odd sizes: the results sit behind a header in the farm's ring */
  const size_t result_sizes[] = {1, 3, 1003, 65536 + 5};
  static ctx_t c;
  for (size_t k = 0; k < 4; k++) {
    gs_farm_t *f = open_farm(3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, 100, result_sizes[k], 3);
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_error_t err;
    gs_error_clear(&err);
    CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
    CU_ASSERT_EQUAL(c.n_collects, 100);
    CU_ASSERT_EQUAL(c.bad_result, 0);
    CU_ASSERT_EQUAL(c.bad_args, 0);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static void collect_should_never_be_called_concurrently(void) {
  /* many short tasks on 5 threads finish while collect is still busy */
  static ctx_t c;
  gs_farm_t *f = open_farm(5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, 400, 16, 5);
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL(c.n_collects, 400);
  CU_ASSERT_EQUAL(c.overlap, 0);
  ctx_done(&c);
  gs_farm_close(f);
}

static void run_should_call_run_concurrently_on_every_worker(void) {
  /* the first T tasks wait until T runs have started: a farm that ran them
   * one at a time would time out each wait */
  static ctx_t c;
  for (int T = 2; T <= 5; T += 3) {
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, 3 * (size_t)T, 8, T);
    c.wait_for_all = 1;
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_error_t err;
    gs_error_clear(&err);
    CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
    CU_ASSERT_EQUAL(atomic_load(&c.timeouts), 0); /* every wait met its T runs */
    CU_ASSERT_EQUAL(atomic_load(&c.max_inside), T);
    /* the first T tasks each ran on a worker of their own */
    int seen[8] = {0}, distinct = 0;
    for (int t = 0; t < T; t++) {
      int w = c.collect_worker[t];
      CU_ASSERT(w >= 0 && w < T);
      if (w >= 0 && w < 8 && !seen[w]++) distinct++;
    }
    CU_ASSERT_EQUAL(distinct, T);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static void run_should_work_without_collect_or_stats(void) {
  static ctx_t c;
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, 50, 8, 2);
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  job.collect = NULL;
  gs_farm_stats_t st;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, &st, &err), GS_OK);
  int once = 1;
  for (size_t t = 0; t < 50; t++) once = once && atomic_load(&c.runs[t]) == 1;
  CU_ASSERT(once);
  CU_ASSERT_EQUAL(st.tasks_done, 50);
  gs_farm_stats_free(&st);
  CU_ASSERT_PTR_NULL(st.worker_busy);
  CU_ASSERT_PTR_NULL(st.worker_tasks);
  gs_farm_stats_free(NULL);
  /* the same farm runs a second job; no stats this time */
  ctx_done(&c);
  ctx_init(&c, 20, 8, 2);
  job = job_of(&c, NULL, NULL);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL(c.n_collects, 20);
  ctx_done(&c);
  gs_farm_close(f);
}

/* ---- skip and order ---- */

static void run_should_leave_skipped_tasks_alone(void) {
  static ctx_t c;
  static unsigned char skip[MAX_TASKS];
  for (int T = 1; T <= 3; T += 2) {
    size_t n = 60, want = 0;
    for (size_t t = 0; t < n; t++) {
      skip[t] = t == 0 || t == n - 1 || t % 3 == 1;
      want += !skip[t];
    }
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, n, 24, T);
    c.skip = skip;
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_farm_stats_t st;
    gs_error_t err;
    gs_error_clear(&err);
    CU_ASSERT_EQUAL(gs_farm_run(f, &job, &st, &err), GS_OK);
    int ok = 1;
    for (size_t t = 0; t < n; t++) {
      int want_runs = skip[t] ? 0 : 1;
      ok = ok && atomic_load(&c.runs[t]) == want_runs && c.collects[t] == want_runs;
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(st.tasks_done, want);
    if (st.worker_tasks) CU_ASSERT_EQUAL(sum_sizes(st.worker_tasks, (size_t)T), want);
    gs_farm_stats_free(&st);
    ctx_done(&c);
    /* everything skipped: nothing to do, and that is a success */
    memset(skip, 1, n);
    ctx_init(&c, n, 24, T);
    c.skip = skip;
    job = job_of(&c, NULL, NULL);
    CU_ASSERT_EQUAL(gs_farm_run(f, &job, &st, &err), GS_OK);
    CU_ASSERT_EQUAL(c.n_order, 0);
    CU_ASSERT_EQUAL(c.n_collects, 0);
    CU_ASSERT_EQUAL(st.tasks_done, 0);
    gs_farm_stats_free(&st);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static double sort_cost[MAX_TASKS];
static int by_cost_then_index(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (sort_cost[x] != sort_cost[y]) return sort_cost[x] > sort_cost[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static void run_should_hand_out_costly_tasks_first_with_one_thread(void) {
  static ctx_t c;
  static unsigned char skip[MAX_TASKS];
  size_t n = 40;
  for (size_t t = 0; t < n; t++) {
    sort_cost[t] = (double)((t * 7) % 5) + (t == 33 ? 10.0 : 0.0); /* many ties, one outlier late */
    skip[t] = t % 9 == 4;
  }
  size_t want[MAX_TASKS], k = 0;
  for (size_t t = 0; t < n; t++)
    if (!skip[t]) want[k++] = t;
  qsort(want, k, sizeof *want, by_cost_then_index);
  CU_ASSERT_EQUAL_FATAL(want[0], 33);
  gs_farm_t *f = open_farm(1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, n, 16, 1);
  c.skip = skip;
  gs_farm_job_t job = job_of(&c, sort_cost, NULL);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL_FATAL(c.n_order, k);
  int same = 1;
  for (size_t i = 0; i < k; i++) same = same && c.order[i] == want[i];
  if (!same) {
    fprintf(stderr, "run order:");
    for (size_t i = 0; i < k; i++) fprintf(stderr, " %zu(want %zu)", c.order[i], want[i]);
    fprintf(stderr, "\n");
  }
  CU_ASSERT(same);
  ctx_done(&c);
  /* no costs: index order */
  ctx_init(&c, 25, 16, 1);
  job = job_of(&c, NULL, NULL);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL_FATAL(c.n_order, 25);
  for (size_t i = 0; i < 25; i++) CU_ASSERT_EQUAL(c.order[i], i);
  ctx_done(&c);
  gs_farm_close(f);
}

static void run_should_finish_a_group_before_the_next_with_one_thread(void) {
  /* groups: a rank gets more of the group it works on before a new one, so
   * with one rank the order is: the costliest task left, then the rest of its
   * group costly first, then the costliest task left... */
  static ctx_t c;
  enum { N = 24 };
  size_t group[N];
  for (size_t t = 0; t < N; t++) {
    sort_cost[t] = (double)(N - t); /* index order */
    group[t] = t % 3;
  }
  size_t want[N], k = 0;
  unsigned char taken[N] = {0};
  while (k < N) {
    size_t first = 0;
    while (taken[first]) first++;
    for (size_t t = first; t < N; t++)
      if (!taken[t] && group[t] == group[first]) { taken[t] = 1; want[k++] = t; }
  }
  gs_farm_t *f = open_farm(1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, N, 16, 1);
  gs_farm_job_t job = job_of(&c, sort_cost, group);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL_FATAL(c.n_order, N);
  for (size_t i = 0; i < N; i++) CU_ASSERT_EQUAL(c.order[i], want[i]);
  ctx_done(&c);
  gs_farm_close(f);
}

/* ---- errors and stops ---- */

static size_t total_runs(ctx_t *c) {
  size_t s = 0;
  for (size_t t = 0; t < c->n; t++) s += (size_t)atomic_load(&c->runs[t]);
  return s;
}

static void run_error_should_stop_the_job_and_name_the_task(void) {
  static ctx_t c;
  for (int T = 1; T <= 3; T += 2) {
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, 257, 32, T);
    c.fail_run = 5;
    c.fail_code = GS_EIO;
    c.sleep_us = 200; /* the job must not outrun the failure */
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_error_t err;
    gs_error_clear(&err);
    int rc = gs_farm_run(f, &job, NULL, &err);
    CU_ASSERT_EQUAL(rc, GS_EIO); /* the first error: run's own code */
    CU_ASSERT_EQUAL(err.code, rc);
    /* which task, and run's own message with its place */
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "task 5"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "model.c:12: boom on 5"));
    if (!strstr(err.message, "boom on 5")) fprintf(stderr, "message: %s\n", err.message);
    CU_ASSERT_EQUAL(c.collects[5], 0);  /* a failed task is not collected */
    CU_ASSERT(total_runs(&c) < 257);    /* the job stopped */
    CU_ASSERT_EQUAL(c.overlap, 0);
    ctx_done(&c);
    /* the farm stays usable for the next job */
    ctx_init(&c, 10, 32, T);
    job = job_of(&c, NULL, NULL);
    gs_error_clear(&err);
    CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
    CU_ASSERT_EQUAL(c.n_collects, 10);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static void run_error_of_the_only_task_should_be_returned(void) {
  static ctx_t c;
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, 1, 8, 2);
  c.fail_run = 0;
  c.fail_code = GS_ENOMEM;
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_farm_stats_t st;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, &st, &err), GS_ENOMEM);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "task 0"));
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "boom on 0"));
  CU_ASSERT_EQUAL(c.n_collects, 0);
  CU_ASSERT_EQUAL(st.tasks_done, 0);
  gs_farm_stats_free(&st);
  ctx_done(&c);
  gs_farm_close(f);
}

static void collect_error_should_stop_the_job(void) {
  static ctx_t c;
  for (int T = 1; T <= 3; T += 2) {
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, 257, 32, T);
    c.fail_collect_at = 3;
    c.sleep_us = 200;
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_error_t err;
    gs_error_clear(&err);
    int rc = gs_farm_run(f, &job, NULL, &err);
    CU_ASSERT_EQUAL(rc, GS_EIO);        /* collect's code */
    CU_ASSERT_EQUAL(err.code, GS_EIO);
    CU_ASSERT_EQUAL_FATAL(c.n_collects, 3); /* never called again after the error */
    /* the message names the task whose collect failed: the third collected */
    char want[64];
    snprintf(want, sizeof want, "collecting task %zu failed", c.collect_order[2]);
    CU_ASSERT_STRING_EQUAL(err.message, want);
    CU_ASSERT(total_runs(&c) < 257);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static void stop_should_return_eintr_after_collecting_tasks_in_flight(void) {
  /* task 0 returns once T runs are in flight; the others hold until the stop,
   * which collect sets on task 0's result: T - 1 tasks are then in flight */
  static ctx_t c;
  for (int T = 2; T <= 3; T++) {
    volatile sig_atomic_t stop = 0;
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ctx_init(&c, 200, 32, T);
    c.stop = &stop;
    c.stop_at = 1;
    c.hold_until_stop = 1;
    c.trigger = 0;
    gs_farm_job_t job = job_of(&c, NULL, NULL);
    gs_farm_stats_t st;
    gs_error_t err;
    gs_error_clear(&err);
    int rc = gs_farm_run(f, &job, &st, &err);
    CU_ASSERT_EQUAL(atomic_load(&c.timeouts), 0); /* no wait timed out */
    CU_ASSERT_EQUAL(rc, GS_EINTR);
    CU_ASSERT_EQUAL(c.collects[0], 1);
    /* every run that started was collected, once; the in-flight ones included */
    int all = 1;
    size_t ran = 0;
    for (size_t t = 0; t < c.n; t++) {
      all = all && atomic_load(&c.runs[t]) == c.collects[t] && c.collects[t] <= 1;
      ran += (size_t)atomic_load(&c.runs[t]);
    }
    CU_ASSERT(all);
    CU_ASSERT(ran >= (size_t)T);   /* task 0 and the T - 1 held in flight */
    CU_ASSERT(ran < 200);          /* no more were handed out */
    CU_ASSERT_EQUAL(st.tasks_done, c.n_collects);
    CU_ASSERT_EQUAL(c.overlap, 0);
    gs_farm_stats_free(&st);
    ctx_done(&c);
    gs_farm_close(f);
  }
}

static void stop_set_before_the_run_should_run_nothing(void) {
  static ctx_t c;
  volatile sig_atomic_t stop = 1;
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, 30, 8, 2);
  c.stop = &stop;
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_farm_stats_t st;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, &st, &err), GS_EINTR);
  CU_ASSERT_EQUAL(total_runs(&c), 0);
  CU_ASSERT_EQUAL(c.n_collects, 0);
  CU_ASSERT_EQUAL(st.tasks_done, 0);
  gs_farm_stats_free(&st);
  ctx_done(&c);
  /* a stop flag that stays 0 changes nothing */
  stop = 0;
  ctx_init(&c, 30, 8, 2);
  c.stop = &stop;
  job = job_of(&c, NULL, NULL);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL(c.n_collects, 30);
  ctx_done(&c);
  gs_farm_close(f);
}

/* ---- stats ---- */

static void stats_should_account_for_every_task_and_second(void) {
  static ctx_t c;
  const int T = 2;
  const size_t n = 20;
  gs_farm_t *f = open_farm(T);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, n, 16, T);
  c.sleep_us = 2000;
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_farm_stats_t st;
  gs_error_t err;
  gs_error_clear(&err);
  double t0 = mono();
  CU_ASSERT_EQUAL_FATAL(gs_farm_run(f, &job, &st, &err), GS_OK);
  double outside = mono() - t0;
  CU_ASSERT_EQUAL(st.ranks, 1);
  CU_ASSERT_EQUAL(st.threads, T);
  CU_ASSERT_EQUAL(st.tasks_done, n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(st.worker_busy);
  CU_ASSERT_PTR_NOT_NULL_FATAL(st.worker_tasks);
  CU_ASSERT_EQUAL(sum_sizes(st.worker_tasks, (size_t)T), n);
  double sum = 0;
  for (int w = 0; w < T; w++) {
    sum += st.worker_busy[w];
    CU_ASSERT(st.worker_busy[w] >= 0);
    CU_ASSERT(st.worker_busy[w] <= st.wall_seconds + 1e-6); /* one worker's time fits in the run */
    CU_ASSERT(st.worker_busy[w] >= 0.002 * (double)st.worker_tasks[w] * 0.999);
  }
  CU_ASSERT_DOUBLE_EQUAL(st.busy_seconds, sum, 1e-9);
  CU_ASSERT(st.busy_seconds >= 0.002 * (double)n * 0.999); /* every run slept 2 ms */
  CU_ASSERT(st.wall_seconds <= outside + 1e-6);
  CU_ASSERT(st.wall_seconds >= 0.002 * (double)n / T * 0.999);
  CU_ASSERT(c.min_seconds >= 0.002 * 0.999); /* collect's seconds: the task's busy time */
  gs_farm_stats_free(&st);
  ctx_done(&c);
  gs_farm_close(f);
}

/* ---- the engine's other calls ---- */

static void layout_should_be_one_rank_of_t_threads(void) {
  for (int T = 1; T <= 4; T += 3) {
    gs_farm_t *f = open_farm(T);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(gs_farm_rank(f), 0);
    CU_ASSERT_EQUAL(gs_farm_size(f), 1);
    CU_ASSERT_EQUAL(gs_farm_threads(f), T);
    gs_farm_close(f);
  }
  gs_farm_close(NULL);
}

static void open_should_leave_argv_alone_without_mpi(void) {
  char a0[] = "gridsearch", a1[] = "search", a2[] = "--mca";
  char *args[] = {a0, a1, a2, NULL};
  char **argv = args;
  int argc = 3;
  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *f = NULL;
  CU_ASSERT_EQUAL_FATAL(gs_farm_open(&f, &argc, &argv, 2, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL(argc, 3);
  CU_ASSERT_PTR_EQUAL(argv, args);
  CU_ASSERT_STRING_EQUAL(argv[2], "--mca");
  gs_farm_close(f);
}

static void bcast_and_gather_should_be_local_copies_without_mpi(void) {
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  gs_error_t err;
  gs_error_clear(&err);
  unsigned char buf[16], keep[16];
  for (int i = 0; i < 16; i++) buf[i] = keep[i] = (unsigned char)(i * 13 + 5);
  CU_ASSERT_EQUAL(gs_farm_bcast(f, buf, sizeof buf, &err), GS_OK);
  CU_ASSERT_EQUAL(memcmp(buf, keep, sizeof buf), 0);
  CU_ASSERT_EQUAL(gs_farm_bcast(f, buf, 0, &err), GS_OK);
  double mine[3] = {1.5, -2.25, 1e300}, all[4] = {7, 7, 7, 7};
  CU_ASSERT_EQUAL(gs_farm_gather(f, mine, sizeof mine, all, &err), GS_OK);
  CU_ASSERT_EQUAL(memcmp(all, mine, sizeof mine), 0); /* 1 rank x n bytes */
  CU_ASSERT_EQUAL(all[3], 7);                         /* nothing beyond */
  CU_ASSERT_EQUAL(gs_farm_gather(f, mine, 0, all, &err), GS_OK);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  gs_farm_close(f);
}

static void mpi_should_stay_uninitialised_without_a_launcher(void) {
  int inited = -1;
  char v[256], small[6];
  CU_ASSERT_PTR_EQUAL(gs_farm_mpi_version(v, sizeof v), v);
  CU_ASSERT(strlen(v) > 0);
  CU_ASSERT_PTR_NULL(strchr(v, '\n')); /* the first line only */
  /* a short buffer gets a cut, terminated copy */
  CU_ASSERT_PTR_EQUAL(gs_farm_mpi_version(small, sizeof small), small);
  CU_ASSERT(strlen(small) <= 5);
  CU_ASSERT_EQUAL(strncmp(small, v, strlen(small)), 0);
  MPI_Initialized(&inited);
  CU_ASSERT_EQUAL(inited, 0);
  /* opening, running and closing a farm: still no MPI */
  static ctx_t c;
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  ctx_init(&c, 5, 8, 2);
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  MPI_Initialized(&inited);
  CU_ASSERT_EQUAL(inited, 0);
  gs_farm_close(f);
  ctx_done(&c);
  int finalized = -1;
  MPI_Finalized(&finalized);
  CU_ASSERT_EQUAL(finalized, 0);
}

static void open_should_refuse_an_srun_step_without_pmi(void) {
  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *f = (gs_farm_t *)&err; /* not NULL: open must set it */
  gs_farm_launch_t step = {0, 4}; /* SLURM_STEP_NUM_TASKS=4, no PMI */
  int rc = gs_farm_open(&f, NULL, NULL, 2, &step, &err);
  CU_ASSERT_EQUAL(rc, GS_EUSAGE);
  CU_ASSERT_EQUAL(err.code, GS_EUSAGE);
  CU_ASSERT_PTR_NULL(f);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "srun started 4 tasks without MPI"));
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "--mpi=pmix"));
  gs_farm_close(f);
  /* a one-task step is a plain process */
  step.slurm_step_tasks = 1;
  gs_error_clear(&err);
  rc = gs_farm_open(&f, NULL, NULL, 2, &step, &err);
  CU_ASSERT_EQUAL(rc, GS_OK);
  CU_ASSERT_PTR_NOT_NULL(f);
  if (f) CU_ASSERT_EQUAL(gs_farm_size(f), 1);
  gs_farm_close(f);
}

static void open_should_refuse_fewer_than_one_thread(void) {
  const int bad[] = {0, -3};
  for (int i = 0; i < 2; i++) {
    gs_error_t err;
    gs_error_clear(&err);
    gs_farm_t *f = (gs_farm_t *)&err;
    char want[128];
    CU_ASSERT_EQUAL(gs_farm_open(&f, NULL, NULL, bad[i], NULL, &err), GS_EINVAL);
    CU_ASSERT_PTR_NULL(f);
    snprintf(want, sizeof want, "worker threads must be at least 1 (got %d)", bad[i]);
    CU_ASSERT_STRING_EQUAL(err.message, want);
  }
}

static void abort_should_exit_with_the_status_without_mpi(void) {
  fflush(NULL);
  pid_t pid = fork();
  CU_ASSERT_FATAL(pid >= 0);
  if (pid == 0) {
    gs_farm_t *f = NULL;
    gs_error_t err;
    gs_error_clear(&err);
    if (gs_farm_open(&f, NULL, NULL, 1, NULL, &err) != GS_OK) _exit(99);
    gs_farm_abort(f, 7);
    _exit(98); /* not reached */
  }
  int status = 0;
  CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
  CU_ASSERT(WIFEXITED(status));
  CU_ASSERT_EQUAL(WEXITSTATUS(status), 7);
}

static void agree_should_return_the_status_and_keep_err_without_mpi(void) {
  gs_farm_t *f = open_farm(1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_agree(f, GS_OK, 42, &err), GS_OK);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  gs_error_set(&err, GS_EDATA, "d.csv", 3, 4, "bad cell");
  CU_ASSERT_EQUAL(gs_farm_agree(f, GS_EDATA, 7, &err), GS_EDATA);
  CU_ASSERT_EQUAL(err.code, GS_EDATA);
  CU_ASSERT_STRING_EQUAL(err.message, "bad cell"); /* no "rank 0: " on one rank */
  CU_ASSERT_STRING_EQUAL(err.file, "d.csv");
  /* the liveness settings are no-ops on one rank */
  gs_farm_set_liveness(f, 5);
  gs_farm_set_sync_fd(f, 2);
  gs_farm_close(f);
}

static void stop_rank_should_say_who_stopped_the_last_run(void) {
  static ctx_t c;
  volatile sig_atomic_t stop = 0;
  gs_farm_t *f = open_farm(2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(gs_farm_stop_rank(f), -1);
  ctx_init(&c, 40, 8, 2);
  c.stop = &stop;
  c.stop_at = 3;
  gs_farm_job_t job = job_of(&c, NULL, NULL);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_EINTR);
  CU_ASSERT_EQUAL(gs_farm_stop_rank(f), 0);
  ctx_done(&c);
  /* a run that finishes clears it */
  ctx_init(&c, 5, 8, 2);
  job = job_of(&c, NULL, NULL);
  CU_ASSERT_EQUAL(gs_farm_run(f, &job, NULL, &err), GS_OK);
  CU_ASSERT_EQUAL(gs_farm_stop_rank(f), -1);
  ctx_done(&c);
  gs_farm_close(f);
}

/* MPI initialised by the caller (a singleton, as a program linking the
 * library might): the farm still duplicates the world communicator, and
 * close must free it even with one rank. Told by Fortran handles: a handle
 * freed is reused by the next duplicate. */
static void close_should_free_the_communicator_with_one_rank(void) {
  fflush(NULL);
  pid_t pid = fork();
  CU_ASSERT_FATAL(pid >= 0);
  if (pid == 0) {
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) _exit(90);
    MPI_Comm probe;
    MPI_Comm_dup(MPI_COMM_WORLD, &probe);
    MPI_Fint first = MPI_Comm_c2f(probe);
    MPI_Comm_free(&probe);
    gs_farm_launch_t mpi = {1, 0}; /* as under a launcher */
    gs_farm_t *f = NULL;
    gs_error_t err;
    gs_error_clear(&err);
    if (gs_farm_open(&f, NULL, NULL, 1, &mpi, &err) != GS_OK) _exit(91);
    if (gs_farm_size(f) != 1) _exit(92);
    gs_farm_close(f);
    MPI_Comm_dup(MPI_COMM_WORLD, &probe);
    int reused = MPI_Comm_c2f(probe) == first;
    MPI_Comm_free(&probe);
    MPI_Finalize();
    _exit(reused ? 0 : 93);
  }
  int status = 0;
  CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
  CU_ASSERT(WIFEXITED(status));
  CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
}

/* MPI initialised by the caller with less thread support than the farm needs
 * (MPI_THREAD_SINGLE; the farm's workers need at least FUNNELED): open
 * refuses, saying which level it got, instead of running unsafely. */
static void open_should_refuse_too_little_thread_support(void) {
  fflush(NULL);
  pid_t pid = fork();
  CU_ASSERT_FATAL(pid >= 0);
  if (pid == 0) {
    int provided = -1;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SINGLE, &provided) != MPI_SUCCESS) _exit(90);
    if (provided != MPI_THREAD_SINGLE) _exit(94); /* the premise failed: MPI gave more */
    gs_farm_launch_t mpi = {1, 0};
    gs_farm_t *f = (gs_farm_t *)&provided;
    gs_error_t err;
    gs_error_clear(&err);
    int rc = gs_farm_open(&f, NULL, NULL, 1, &mpi, &err);
    int good = rc == GS_EMPI && f == NULL &&
               strstr(err.message, "the MPI library gives thread support level 0; gridsearch needs MPI_THREAD_FUNNELED (1)");
    if (!good) fprintf(stderr, "open: rc %d: %s\n", rc, err.message);
    MPI_Finalize();
    _exit(good ? 0 : 93);
  }
  int status = 0;
  CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
  CU_ASSERT(WIFEXITED(status));
  CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
}

static CU_TestInfo tests[] = {
  {"open_should_refuse_too_little_thread_support", open_should_refuse_too_little_thread_support},
  {"agree_should_return_the_status_and_keep_err_without_mpi", agree_should_return_the_status_and_keep_err_without_mpi},
  {"stop_rank_should_say_who_stopped_the_last_run", stop_rank_should_say_who_stopped_the_last_run},
  {"close_should_free_the_communicator_with_one_rank", close_should_free_the_communicator_with_one_rank},
  {"run_should_run_and_collect_every_task_exactly_once", run_should_run_and_collect_every_task_exactly_once},
  {"run_should_hand_results_to_collect_intact", run_should_hand_results_to_collect_intact},
  {"collect_should_never_be_called_concurrently", collect_should_never_be_called_concurrently},
  {"run_should_call_run_concurrently_on_every_worker", run_should_call_run_concurrently_on_every_worker},
  {"run_should_work_without_collect_or_stats", run_should_work_without_collect_or_stats},
  {"run_should_leave_skipped_tasks_alone", run_should_leave_skipped_tasks_alone},
  {"run_should_hand_out_costly_tasks_first_with_one_thread", run_should_hand_out_costly_tasks_first_with_one_thread},
  {"run_should_finish_a_group_before_the_next_with_one_thread", run_should_finish_a_group_before_the_next_with_one_thread},
  {"run_error_should_stop_the_job_and_name_the_task", run_error_should_stop_the_job_and_name_the_task},
  {"run_error_of_the_only_task_should_be_returned", run_error_of_the_only_task_should_be_returned},
  {"collect_error_should_stop_the_job", collect_error_should_stop_the_job},
  {"stop_should_return_eintr_after_collecting_tasks_in_flight", stop_should_return_eintr_after_collecting_tasks_in_flight},
  {"stop_set_before_the_run_should_run_nothing", stop_set_before_the_run_should_run_nothing},
  {"stats_should_account_for_every_task_and_second", stats_should_account_for_every_task_and_second},
  {"layout_should_be_one_rank_of_t_threads", layout_should_be_one_rank_of_t_threads},
  {"open_should_leave_argv_alone_without_mpi", open_should_leave_argv_alone_without_mpi},
  {"bcast_and_gather_should_be_local_copies_without_mpi", bcast_and_gather_should_be_local_copies_without_mpi},
  {"mpi_should_stay_uninitialised_without_a_launcher", mpi_should_stay_uninitialised_without_a_launcher},
  {"open_should_refuse_an_srun_step_without_pmi", open_should_refuse_an_srun_step_without_pmi},
  {"open_should_refuse_fewer_than_one_thread", open_should_refuse_fewer_than_one_thread},
  {"abort_should_exit_with_the_status_without_mpi", abort_should_exit_with_the_status_without_mpi},
  CU_TEST_INFO_NULL};
#define GS_SUITE "farm"
#include "cunit_main.h"

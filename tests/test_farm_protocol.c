/* test_farm_protocol.c: the farm's root/worker protocol without mpirun:
 * ranks are threads of this process whose farms speak through an
 * in-process fake transport (farm_internal.h). Task hand-out and results
 * over several ranks, a stop asked by a rank that is not 0, the results of
 * tasks in flight after a stop (and queued tasks dropped), a task's failure
 * on another rank, and a rank whose transport fails. (One rank alone:
 * test_farm.c; real MPI: test_layouts.sh, test_rank_death.sh.) */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "farm_internal.h"

/* ---- the fake transport: a mailbox per rank, a broadcast slot ---- */

enum { MAX_RANKS = 4, N_TAGS = 8 };

typedef struct fmsg {
  int src, tag;
  size_t n;
  struct fmsg *next;
  unsigned char data[];
} fmsg_t;

typedef struct {
  int size;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  fmsg_t *head[MAX_RANKS];
  unsigned gen;               /* broadcasts so far */
  unsigned char bbuf[256];
  size_t bn;
  int readers;
  int dead;                   /* this rank's sends fail (-1: none) */
  atomic_int sent[MAX_RANKS][N_TAGS]; /* per source and tag */
  atomic_int stop_seen[MAX_RANKS];    /* a STOP was received, and the rank probed again after */
  int stop_received[MAX_RANKS];
} net_t;

typedef struct {
  net_t *net;
  int rank;
  unsigned seen;              /* broadcasts read */
} end_t;

static int fake_send(void *ctx, int dest, int tag, const void *buf, size_t n, gs_error_t *err) {
  end_t *e = ctx;
  net_t *net = e->net;
  if (e->rank == net->dead) return gs_error_set(err, GS_EMPI, "fake", 0, 0, "send from rank %d: the link is down", e->rank);
  fmsg_t *m = malloc(sizeof *m + (n ? n : 1));
  if (!m) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  m->src = e->rank;
  m->tag = tag;
  m->n = n;
  m->next = NULL;
  memcpy(m->data, buf, n);
  pthread_mutex_lock(&net->mu);
  fmsg_t **p = &net->head[dest];
  while (*p) p = &(*p)->next;
  *p = m;
  atomic_fetch_add(&net->sent[e->rank][tag], 1);
  pthread_cond_broadcast(&net->cv);
  pthread_mutex_unlock(&net->mu);
  return GS_OK;
}

static int fake_probe(void *ctx, int *flag, int *src, int *tag, size_t *n, gs_error_t *err) {
  end_t *e = ctx;
  net_t *net = e->net;
  (void)err;
  pthread_mutex_lock(&net->mu);
  if (net->stop_received[e->rank]) atomic_store(&net->stop_seen[e->rank], 1);
  fmsg_t *m = net->head[e->rank];
  *flag = m != NULL;
  if (m) {
    *src = m->src;
    *tag = m->tag;
    *n = m->n;
  }
  pthread_mutex_unlock(&net->mu);
  return GS_OK;
}

static int fake_recv(void *ctx, int src, int tag, void *buf, size_t cap, gs_error_t *err) {
  end_t *e = ctx;
  net_t *net = e->net;
  pthread_mutex_lock(&net->mu);
  fmsg_t **p = &net->head[e->rank];
  while (*p && ((*p)->src != src || (*p)->tag != tag)) p = &(*p)->next;
  fmsg_t *m = *p;
  if (m) *p = m->next;
  if (m && tag == GS__FARM_STOP) net->stop_received[e->rank] = 1;
  pthread_mutex_unlock(&net->mu);
  if (!m) return gs_error_set(err, GS_EMPI, "fake", 0, 0, "rank %d: no message of tag %d from %d", e->rank, tag, src);
  memcpy(buf, m->data, m->n < cap ? m->n : cap);
  free(m);
  return GS_OK;
}

static int fake_bcast(void *ctx, void *buf, size_t n, gs_error_t *err) {
  end_t *e = ctx;
  net_t *net = e->net;
  if (n > sizeof net->bbuf) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "broadcast too large");
  pthread_mutex_lock(&net->mu);
  if (e->rank == 0) {
    memcpy(net->bbuf, buf, n);
    net->bn = n;
    net->readers = 0;
    net->gen++;
    pthread_cond_broadcast(&net->cv);
    while (net->readers < net->size - 1) pthread_cond_wait(&net->cv, &net->mu);
  } else {
    while (net->gen == e->seen) pthread_cond_wait(&net->cv, &net->mu);
    memcpy(buf, net->bbuf, n);
    e->seen = net->gen;
    net->readers++;
    pthread_cond_broadcast(&net->cv);
  }
  pthread_mutex_unlock(&net->mu);
  return GS_OK;
}

static void net_init(net_t *net, int size) {
  memset(net, 0, sizeof *net);
  net->size = size;
  net->dead = -1;
  pthread_mutex_init(&net->mu, NULL);
  pthread_cond_init(&net->cv, NULL);
}

static void net_free(net_t *net) {
  for (int r = 0; r < MAX_RANKS; r++)
    while (net->head[r]) {
      fmsg_t *m = net->head[r];
      net->head[r] = m->next;
      free(m);
    }
  pthread_mutex_destroy(&net->mu);
  pthread_cond_destroy(&net->cv);
}

static gs_farm_t *fake_farm(end_t *e, net_t *net, int rank, int threads) {
  e->net = net;
  e->rank = rank;
  e->seen = 0;
  gs__farm_transport_t tp = {fake_send, fake_probe, fake_recv, fake_bcast, e};
  gs_farm_t *f = NULL;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs__farm_open_with(&f, rank, net->size, threads, &tp, &err), GS_OK);
  return f;
}

/* ---- the job: per-rank contexts over shared counts ---- */

enum { N_TASKS = 60, RESULT = 24 };

typedef struct {
  atomic_int runs[N_TASKS], run_rank[N_TASKS];
  int collects[N_TASKS], collect_rank[N_TASKS], bad_result;
  int fail_rank;              /* its runs fail (-1: none) */
  int stop_rank;              /* its first task sets its stop flag (-1: none) */
  long sleep_us;
  volatile sig_atomic_t stop[MAX_RANKS];
  net_t *net;
  int hold_first;             /* scripted root: task 0 waits until rank 1 served the STOP */
} world_t;

typedef struct {
  world_t *w;
  int rank;
} rank_ctx_t;

static void sleep_us(long us) {
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0) {}
}

static int job_run(void *ctx, size_t task, int worker, void *result, gs_error_t *err) {
  rank_ctx_t *c = ctx;
  world_t *w = c->w;
  (void)worker;
  atomic_fetch_add(&w->runs[task], 1);
  atomic_store(&w->run_rank[task], c->rank);
  if (w->hold_first && task == 0)
    while (!atomic_load(&w->net->stop_seen[c->rank])) sleep_us(100);
  if (w->sleep_us) sleep_us(w->sleep_us);
  if (c->rank == w->stop_rank) w->stop[c->rank] = 15;
  if (c->rank == w->fail_rank) return gs_error_set(err, GS_EDATA, NULL, 0, 0, "boom on rank %d", c->rank);
  unsigned char *r = result;
  for (size_t i = 0; i < RESULT; i++) r[i] = (unsigned char)(task * 7 + i);
  return GS_OK;
}

static int job_collect(void *ctx, size_t task, const void *result, double seconds, int rank, int worker) {
  rank_ctx_t *c = ctx;
  const unsigned char *r = result;
  (void)seconds; (void)worker;
  c->w->collects[task]++;
  c->w->collect_rank[task] = rank;
  for (size_t i = 0; i < RESULT; i++) c->w->bad_result |= r[i] != (unsigned char)(task * 7 + i);
  return GS_OK;
}

typedef struct {
  gs_farm_t *farm;
  gs_farm_job_t job;
  rank_ctx_t ctx;
  gs_farm_stats_t stats;
  gs_error_t err;
  int rc;
} rank_run_t;

static void *rank_main(void *arg) {
  rank_run_t *rr = arg;
  gs_error_clear(&rr->err);
  rr->rc = gs_farm_run(rr->farm, &rr->job, &rr->stats, &rr->err);
  return NULL;
}

/* Runs N_TASKS on `size` fake ranks of `threads` workers; rr[k] holds rank
 * k's outcome (farms closed by the caller via ranks_free). */
static void run_ranks(world_t *w, net_t *net, int size, int threads, end_t *ends, rank_run_t *rr) {
  pthread_t tid[MAX_RANKS];
  for (int k = 0; k < size; k++) {
    memset(&rr[k], 0, sizeof rr[k]);
    rr[k].farm = fake_farm(&ends[k], net, k, threads);
    rr[k].ctx = (rank_ctx_t){w, k};
    rr[k].job = (gs_farm_job_t){N_TASKS, NULL, RESULT, job_run, job_collect, &rr[k].ctx, NULL, NULL, &w->stop[k]};
  }
  for (int k = 0; k < size; k++) CU_ASSERT_EQUAL_FATAL(pthread_create(&tid[k], NULL, rank_main, &rr[k]), 0);
  for (int k = 0; k < size; k++) pthread_join(tid[k], NULL);
}

static void ranks_free(rank_run_t *rr, int size) {
  for (int k = 0; k < size; k++) {
    gs_farm_stats_free(&rr[k].stats);
    gs_farm_close(rr[k].farm);
  }
}

static world_t *world_new(net_t *net) {
  world_t *w = calloc(1, sizeof *w);
  w->fail_rank = w->stop_rank = -1;
  w->net = net;
  return w;
}

/* ---- the tests ---- */

static void protocol_should_run_and_collect_every_task_once_over_three_ranks(void) {
  net_t net;
  net_init(&net, 3);
  world_t *w = world_new(&net);
  w->sleep_us = 500;
  end_t ends[3];
  rank_run_t rr[3];
  run_ranks(w, &net, 3, 2, ends, rr);
  for (int k = 0; k < 3; k++) CU_ASSERT_EQUAL(rr[k].rc, GS_OK);
  int on_rank[3] = {0, 0, 0};
  for (size_t t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(w->runs[t], 1);
    CU_ASSERT_EQUAL(w->collects[t], 1);
    CU_ASSERT_EQUAL(w->collect_rank[t], w->run_rank[t]); /* rank 0 knows who ran it */
    on_rank[w->run_rank[t]]++;
  }
  CU_ASSERT_FALSE(w->bad_result);
  /* every rank took part: it asked, was given tasks, sent results, said done */
  for (int k = 1; k < 3; k++) {
    CU_ASSERT(on_rank[k] > 0);
    CU_ASSERT(net.sent[k][GS__FARM_REQ] > 0);
    CU_ASSERT_EQUAL(net.sent[k][GS__FARM_RESULT], on_rank[k]);
    CU_ASSERT_EQUAL(net.sent[k][GS__FARM_DONE], 1);
    CU_ASSERT_EQUAL(net.sent[0][GS__FARM_STOP], 0);
  }
  CU_ASSERT_EQUAL(net.sent[0][GS__FARM_ASSIGN], net.sent[1][GS__FARM_REQ] + net.sent[2][GS__FARM_REQ]);
  /* rank 0's stats cover every rank's workers */
  CU_ASSERT_EQUAL(rr[0].stats.tasks_done, N_TASKS);
  CU_ASSERT_EQUAL(rr[0].stats.ranks, 3);
  size_t sum = 0;
  for (int i = 0; i < 3 * 2; i++) sum += rr[0].stats.worker_tasks[i];
  CU_ASSERT_EQUAL(sum, N_TASKS);
  CU_ASSERT_EQUAL(rr[0].stats.worker_tasks[2] + rr[0].stats.worker_tasks[3], (size_t)on_rank[1]);
  ranks_free(rr, 3);
  net_free(&net);
  free(w);
}

static void protocol_should_stop_every_rank_when_another_rank_asks(void) {
  net_t net;
  net_init(&net, 3);
  world_t *w = world_new(&net);
  w->sleep_us = 2000;
  w->stop_rank = 2;
  end_t ends[3];
  rank_run_t rr[3];
  run_ranks(w, &net, 3, 2, ends, rr);
  for (int k = 0; k < 3; k++) CU_ASSERT_EQUAL(rr[k].rc, GS_EINTR);
  CU_ASSERT_EQUAL(gs_farm_stop_rank(rr[0].farm), 2);
  CU_ASSERT_EQUAL(w->stop[0], 15); /* rank 0 takes the asking rank's signal */
  CU_ASSERT_EQUAL(net.sent[2][GS__FARM_STOP], 1);
  CU_ASSERT_EQUAL(net.sent[0][GS__FARM_STOP], 1); /* to rank 1 only: rank 2 asked */
  /* every task that ran (in flight at the stop included) was collected once;
   * the queued ones were dropped, so not all ran */
  size_t ran = 0;
  for (size_t t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(w->collects[t], w->runs[t]);
    ran += (size_t)w->runs[t];
  }
  CU_ASSERT(ran < N_TASKS);
  CU_ASSERT_EQUAL(rr[0].stats.tasks_done, ran);
  ranks_free(rr, 3);
  net_free(&net);
  free(w);
}

static void protocol_should_end_every_rank_with_a_task_failure_on_another(void) {
  net_t net;
  net_init(&net, 3);
  world_t *w = world_new(&net);
  w->sleep_us = 2000;
  w->fail_rank = 1;
  end_t ends[3];
  rank_run_t rr[3];
  run_ranks(w, &net, 3, 2, ends, rr);
  for (int k = 0; k < 3; k++) CU_ASSERT_EQUAL(rr[k].rc, GS_EDATA);
  CU_ASSERT_PTR_NOT_NULL(strstr(rr[0].err.message, "rank 1, task "));
  CU_ASSERT_PTR_NOT_NULL(strstr(rr[0].err.message, "boom on rank 1"));
  CU_ASSERT_STRING_EQUAL(rr[2].err.message, "the run failed on another rank (rank 0 reports why)");
  CU_ASSERT(net.sent[1][GS__FARM_ERROR] >= 1);
  for (size_t t = 0; t < N_TASKS; t++) CU_ASSERT(w->collects[t] <= w->runs[t]);
  ranks_free(rr, 3);
  net_free(&net);
  free(w);
}

/* Rank 1 of 2 against a scripted rank 0: given tasks 0, 1 and 2 with one
 * worker, then told to stop while task 0 runs, it returns task 0's result,
 * drops 1 and 2, says DONE and ends with GS_EINTR from rank 0's broadcast. */
static void protocol_should_return_the_task_in_flight_after_a_stop_and_drop_the_queued(void) {
  net_t net;
  net_init(&net, 2);
  world_t *w = world_new(&net);
  w->hold_first = 1;
  end_t ends[2], root;
  rank_run_t rr;
  memset(&rr, 0, sizeof rr);
  rr.farm = fake_farm(&ends[1], &net, 1, 1);
  rr.ctx = (rank_ctx_t){w, 1};
  rr.job = (gs_farm_job_t){N_TASKS, NULL, RESULT, job_run, NULL, &rr.ctx, NULL, NULL, &w->stop[1]};
  root = (end_t){&net, 0, 0};
  pthread_t tid;
  CU_ASSERT_EQUAL_FATAL(pthread_create(&tid, NULL, rank_main, &rr), 0);
  gs_error_t e;
  gs_error_clear(&e);
  int assigned = 0, results = 0, done = 0, result_task = -1;
  unsigned char buf[4096];
  while (!done) {
    int flag = 0, src = 0, tag = 0;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(fake_probe(&root, &flag, &src, &tag, &n, &e), GS_OK);
    if (!flag) { sleep_us(100); continue; }
    CU_ASSERT_EQUAL_FATAL(fake_recv(&root, src, tag, buf, sizeof buf, &e), GS_OK);
    if (tag == GS__FARM_REQ) {
      size_t ids[3] = {0, 1, 2};
      CU_ASSERT_EQUAL(fake_send(&root, 1, GS__FARM_ASSIGN, ids, assigned ? 0 : sizeof ids, &e), GS_OK);
      if (!assigned) {
        /* the stop once task 0 runs (it then waits for the stop to be served) */
        while (atomic_load(&w->runs[0]) == 0) sleep_us(100);
        int m[3] = {1, 15, 0}; /* run 1, signal 15, from rank 0 */
        CU_ASSERT_EQUAL(fake_send(&root, 1, GS__FARM_STOP, m, sizeof m, &e), GS_OK);
      }
      assigned = 1;
    } else if (tag == GS__FARM_RESULT) {
      size_t task;
      memcpy(&task, buf, sizeof task); /* the head starts with the task */
      result_task = (int)task;
      results++;
    } else {
      CU_ASSERT_EQUAL(tag, GS__FARM_DONE);
      done = 1;
    }
  }
  int status[2] = {GS_EINTR, 0};
  CU_ASSERT_EQUAL(fake_bcast(&root, status, sizeof status, &e), GS_OK);
  pthread_join(tid, NULL);
  CU_ASSERT_EQUAL(rr.rc, GS_EINTR);
  CU_ASSERT_EQUAL(results, 1);
  CU_ASSERT_EQUAL(result_task, 0);
  CU_ASSERT_EQUAL(w->runs[0], 1);
  CU_ASSERT_EQUAL(w->runs[1], 0);
  CU_ASSERT_EQUAL(w->runs[2], 0);
  CU_ASSERT_EQUAL(net.sent[1][GS__FARM_STOP], 0); /* rank 0 asked: nothing to send back */
  gs_farm_stats_free(&rr.stats);
  gs_farm_close(rr.farm);
  net_free(&net);
  free(w);
}

static void protocol_should_fail_a_rank_whose_transport_fails(void) {
  net_t net;
  net_init(&net, 2);
  net.dead = 1;
  world_t *w = world_new(&net);
  end_t end;
  rank_run_t rr;
  memset(&rr, 0, sizeof rr);
  rr.farm = fake_farm(&end, &net, 1, 2);
  rr.ctx = (rank_ctx_t){w, 1};
  rr.job = (gs_farm_job_t){N_TASKS, NULL, RESULT, job_run, NULL, &rr.ctx, NULL, NULL, NULL};
  rank_main(&rr);
  CU_ASSERT_EQUAL(rr.rc, GS_EMPI);
  CU_ASSERT_STRING_EQUAL(rr.err.message, "send from rank 1: the link is down");
  for (size_t t = 0; t < N_TASKS; t++) CU_ASSERT_EQUAL(w->runs[t], 0);
  gs_farm_close(rr.farm);
  net_free(&net);
  free(w);
}

static void open_with_should_refuse_a_rank_outside_the_size(void) {
  net_t net;
  net_init(&net, 2);
  end_t e = {&net, 0, 0};
  gs__farm_transport_t tp = {fake_send, fake_probe, fake_recv, fake_bcast, &e};
  gs_farm_t *f = (gs_farm_t *)&e;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs__farm_open_with(&f, 2, 2, 1, &tp, &err), GS_EINVAL);
  CU_ASSERT_PTR_NULL(f);
  CU_ASSERT_STRING_EQUAL(err.message, "a farm needs rank < size and threads >= 1 (got rank 2 of 2, 1 threads)");
  /* the MPI collectives are not the fake's */
  CU_ASSERT_EQUAL_FATAL(gs__farm_open_with(&f, 0, 2, 1, &tp, &err), GS_OK);
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_farm_agree(f, GS_OK, 0, &err), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(err.message, "agree needs MPI: a farm on a test transport has no agree");
  gs_farm_close(f);
  net_free(&net);
}

static CU_TestInfo tests[] = {
  {"protocol_should_run_and_collect_every_task_once_over_three_ranks", protocol_should_run_and_collect_every_task_once_over_three_ranks},
  {"protocol_should_stop_every_rank_when_another_rank_asks", protocol_should_stop_every_rank_when_another_rank_asks},
  {"protocol_should_end_every_rank_with_a_task_failure_on_another", protocol_should_end_every_rank_with_a_task_failure_on_another},
  {"protocol_should_return_the_task_in_flight_after_a_stop_and_drop_the_queued",
   protocol_should_return_the_task_in_flight_after_a_stop_and_drop_the_queued},
  {"protocol_should_fail_a_rank_whose_transport_fails", protocol_should_fail_a_rank_whose_transport_fails},
  {"open_with_should_refuse_a_rank_outside_the_size", open_with_should_refuse_a_rank_outside_the_size},
  CU_TEST_INFO_NULL};
#define GS_SUITE "farm_protocol"
#include "cunit_main.h"

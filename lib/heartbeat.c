/* heartbeat.c: the farm's liveness thread: heartbeats between rank 0 and
 * every other rank on a communicator of their own, and the deadline that ends
 * a job whose rank went silent (kill -STOP, a hung node, a lost network). */
#include "heartbeat.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "gridsearch/log.h"
#include "clock.h"

struct gs__heartbeat {
  MPI_Comm comm;
  int rank, size;
  pthread_t tid;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int quit, bye;  /* bye: rank 0 said goodbye (the other ranks) */
  double limit;   /* seconds; 0: watch no one */
  int sync_fd;
  double *last;   /* when each rank was last heard from */
};

enum { HB_BEAT = 1, HB_BYE = 2 };

/* Heartbeats go out four times per limit, at most every 2 s (a limit of a
 * few seconds, as the tests use, still gets several). */
static double beat_interval(double limit) {
  double i = limit > 0 && limit < 8.0 ? limit / 4.0 : 2.0;
  return i < 0.05 ? 0.05 : i;
}

/* Receives every pending heartbeat or goodbye. MPI failures are left to the
 * deadline: a peer that cannot be heard from is silent. */
static void drain(gs__heartbeat_t *h, double t) {
  for (;;) {
    int flag = 0, word = 0;
    MPI_Status st;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, h->comm, &flag, &st) != MPI_SUCCESS || !flag) return;
    if (MPI_Recv(&word, 1, MPI_INT, st.MPI_SOURCE, st.MPI_TAG, h->comm, MPI_STATUS_IGNORE) != MPI_SUCCESS) return;
    h->last[st.MPI_SOURCE] = t;
    if (st.MPI_TAG == HB_BYE && st.MPI_SOURCE == 0) {
      pthread_mutex_lock(&h->mu);
      h->bye = 1;
      pthread_cond_broadcast(&h->cv);
      pthread_mutex_unlock(&h->mu);
    }
  }
}

static void beat(gs__heartbeat_t *h) {
  static const int word = 0;
  if (h->rank != 0) {
    MPI_Send(&word, 1, MPI_INT, 0, HB_BEAT, h->comm);
    return;
  }
  for (int k = 1; k < h->size; k++) MPI_Send(&word, 1, MPI_INT, k, HB_BEAT, h->comm);
}

/* Ends the job: rank `silent` has not been heard from for `quiet` seconds. */
static void end_job(gs__heartbeat_t *h, int silent, double quiet, double limit, int fd) {
  if (h->rank == 0)
    gs_log(GS_LOG_ERROR, "rank %d has not answered for %.1f s (the limit is %g s, --liveness): ending the job; "
           "the finished tasks are in the journal", silent, quiet, limit);
  else
    gs_log(GS_LOG_ERROR, "rank %d: rank %d has not answered for %.1f s (the limit is %g s, --liveness): ending "
           "the job; the finished tasks are in the journal", h->rank, silent, quiet, limit);
  if (fd >= 0) fsync(fd);
  MPI_Abort(MPI_COMM_WORLD, 1);
  _exit(1);
}

static void *hb_main(void *arg) {
  gs__heartbeat_t *h = arg;
  double next = 0, prev = gs__now();
  pthread_mutex_lock(&h->mu);
  while (!h->quit) {
    double limit = h->limit;
    int fd = h->sync_fd, bye = h->bye;
    pthread_mutex_unlock(&h->mu);
    double t = gs__now();
    drain(h, t);
    /* this thread itself did not run for a while (its rank was stopped, or
     * starved): the silence it sees is its own; count afresh */
    if (limit > 0 && t - prev > limit / 2)
      for (int k = 0; k < h->size; k++) h->last[k] = t;
    prev = t;
    if (t >= next) {
      beat(h);
      next = t + beat_interval(limit);
    }
    if (limit > 0)
      for (int k = h->rank == 0 ? 1 : 0; k < (h->rank == 0 ? h->size : 1); k++)
        if (!bye && t - h->last[k] > limit) end_job(h, k, t - h->last[k], limit, fd);
    pthread_mutex_lock(&h->mu);
    if (h->quit) break;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100000000L; /* 0.1 s */
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&h->cv, &h->mu, &ts);
  }
  pthread_mutex_unlock(&h->mu);
  return NULL;
}

int gs__heartbeat_start(gs__heartbeat_t **out, MPI_Comm world, double limit, gs_error_t *err) {
  *out = NULL;
  gs__heartbeat_t *h = calloc(1, sizeof *h);
  if (!h) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  if (MPI_Comm_dup(world, &h->comm) != MPI_SUCCESS) {
    free(h);
    return gs_error_set(err, GS_EMPI, __FILE__, __LINE__, 0, "MPI_Comm_dup failed for the heartbeats");
  }
  MPI_Comm_set_errhandler(h->comm, MPI_ERRORS_RETURN);
  MPI_Comm_rank(h->comm, &h->rank);
  MPI_Comm_size(h->comm, &h->size);
  h->limit = limit;
  h->sync_fd = -1;
  h->last = malloc((size_t)h->size * sizeof *h->last);
  if (!h->last) {
    MPI_Comm_free(&h->comm);
    free(h);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  double t = gs__now();
  for (int k = 0; k < h->size; k++) h->last[k] = t;
  pthread_mutex_init(&h->mu, NULL);
  pthread_cond_init(&h->cv, NULL);
  if (pthread_create(&h->tid, NULL, hb_main, h) != 0) {
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    MPI_Comm_free(&h->comm);
    free(h->last);
    free(h);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "cannot start the heartbeat thread");
  }
  *out = h;
  return GS_OK;
}

void gs__heartbeat_set_limit(gs__heartbeat_t *h, double limit) {
  if (!h) return;
  pthread_mutex_lock(&h->mu);
  h->limit = limit;
  pthread_cond_broadcast(&h->cv);
  pthread_mutex_unlock(&h->mu);
}

void gs__heartbeat_set_sync_fd(gs__heartbeat_t *h, int fd) {
  if (!h) return;
  pthread_mutex_lock(&h->mu);
  h->sync_fd = fd;
  pthread_mutex_unlock(&h->mu);
}

void gs__heartbeat_stop(gs__heartbeat_t *h) {
  if (!h) return;
  static const int word = 0;
  if (h->rank == 0)
    for (int k = 1; k < h->size; k++) MPI_Send(&word, 1, MPI_INT, k, HB_BYE, h->comm);
  pthread_mutex_lock(&h->mu);
  while (h->rank != 0 && !h->bye) pthread_cond_wait(&h->cv, &h->mu);
  h->quit = 1;
  pthread_cond_broadcast(&h->cv);
  pthread_mutex_unlock(&h->mu);
  pthread_join(h->tid, NULL);
  pthread_mutex_destroy(&h->mu);
  pthread_cond_destroy(&h->cv);
  MPI_Comm_free(&h->comm);
  free(h->last);
  free(h);
}

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
  int closing;    /* rank 0: gs__heartbeat_stop was called */
  int done;       /* the thread has said goodbye (or given up waiting) and ended */
  int bye;        /* rank 0 said goodbye (the other ranks); set by the thread alone */
  double limit;   /* seconds; 0: watch no one */
  int sync_fd;
  double *last;   /* when each rank was last heard from */
  int *acked;     /* rank 0: which ranks answered its goodbye */
  int n_acked;
  /* every send is non-blocking, so the thread never waits on a peer (a rank
   * blocked in a send to a rank that has left would never see the deadline):
   * per peer, the heartbeat in flight and the goodbye (or its answer) */
  MPI_Request *beat_req, *bye_req;
};

enum { HB_BEAT = 1, HB_BYE = 2, HB_ACK = 3 };

/* Heartbeats go out four times per limit, at most every 2 s (a limit of a
 * few seconds, as the tests use, still gets several). */
static double beat_interval(double limit) {
  double i = limit > 0 && limit < 8.0 ? limit / 4.0 : 2.0;
  return i < 0.05 ? 0.05 : i;
}

/* Receives every pending heartbeat, goodbye or answer. MPI failures are
 * left to the deadline: a peer that cannot be heard from is silent. Messages
 * from one rank arrive in the order sent (one communicator, any tag), so
 * rank 0, once it has a rank's answer, has all that rank's heartbeats too. */
static void drain(gs__heartbeat_t *h, double t) {
  for (;;) {
    int flag = 0, word = 0;
    MPI_Status st;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, h->comm, &flag, &st) != MPI_SUCCESS || !flag) return;
    if (MPI_Recv(&word, 1, MPI_INT, st.MPI_SOURCE, st.MPI_TAG, h->comm, MPI_STATUS_IGNORE) != MPI_SUCCESS) return;
    h->last[st.MPI_SOURCE] = t;
    if (st.MPI_TAG == HB_BYE && st.MPI_SOURCE == 0) h->bye = 1;
    if (st.MPI_TAG == HB_ACK && h->rank == 0 && !h->acked[st.MPI_SOURCE]) {
      h->acked[st.MPI_SOURCE] = 1;
      h->n_acked++;
    }
  }
}

/* Whether the request in *req is done (or there is none). */
static int sent(MPI_Request *req) {
  int flag = 1;
  if (*req != MPI_REQUEST_NULL && MPI_Test(req, &flag, MPI_STATUS_IGNORE) != MPI_SUCCESS) flag = 0;
  return flag;
}

static void send_word(gs__heartbeat_t *h, int to, int tag, MPI_Request *req) {
  static const int word = 0;
  if (MPI_Isend(&word, 1, MPI_INT, to, tag, h->comm, req) != MPI_SUCCESS) *req = MPI_REQUEST_NULL;
}

/* A heartbeat to each peer whose last one has gone out (a peer that takes no
 * message gets no second one queued behind it). */
static void beat(gs__heartbeat_t *h) {
  for (int k = h->rank == 0 ? 1 : 0; k < (h->rank == 0 ? h->size : 1); k++)
    if (sent(&h->beat_req[k])) send_word(h, k, HB_BEAT, &h->beat_req[k]);
}

/* Waits, up to `until`, for this thread's sends to go out; what has not by
 * then (its peer has left) is left to MPI. */
static void flush(gs__heartbeat_t *h, double until) {
  for (;;) {
    int pending = 0;
    for (int k = 0; k < h->size; k++) pending += !sent(&h->beat_req[k]) + !sent(&h->bye_req[k]);
    if (!pending || gs__now() > until) return;
    drain(h, gs__now());
    struct timespec ts = {0, 1000000L};
    nanosleep(&ts, NULL);
  }
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

/* How long rank 0 waits for the answers to its goodbye. */
static double goodbye_wait(double limit) { return limit > 0 ? limit : GS__HEARTBEAT_LIMIT; }

/* How long a rank waits for its answer to go out (milliseconds when rank 0
 * is there to take it; when it has left, waiting longer would not help). */
#define FLUSH_SECONDS 5.0

static void *hb_main(void *arg) {
  gs__heartbeat_t *h = arg;
  double next = 0, prev = gs__now(), close_by = 0;
  pthread_mutex_lock(&h->mu);
  for (;;) {
    double limit = h->limit;
    int fd = h->sync_fd, closing = h->rank == 0 && h->closing;
    pthread_mutex_unlock(&h->mu);
    double t = gs__now();
    drain(h, t);
    if (h->rank != 0 && h->bye) {
      /* rank 0 is leaving: answer, and send nothing after the answer */
      send_word(h, 0, HB_ACK, &h->bye_req[0]);
      flush(h, t + FLUSH_SECONDS);
      break;
    }
    if (closing) {
      /* goodbye to every rank; leave once each has answered (then none will
       * send to this rank again), or when the wait is over (a rank that
       * left or hangs cannot hold this one) */
      if (close_by == 0) {
        for (int k = 1; k < h->size; k++) send_word(h, k, HB_BYE, &h->bye_req[k]);
        close_by = t + goodbye_wait(limit);
      }
      if (h->n_acked == h->size - 1 || t > close_by) {
        flush(h, close_by);
        break;
      }
    } else {
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
          if (t - h->last[k] > limit) end_job(h, k, t - h->last[k], limit, fd);
    }
    pthread_mutex_lock(&h->mu);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += closing ? 1000000L : 100000000L; /* 1 ms while saying goodbye, else 0.1 s */
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    if (h->rank != 0 || h->closing == closing) pthread_cond_timedwait(&h->cv, &h->mu, &ts); /* not if stop just came */
  }
  pthread_mutex_lock(&h->mu);
  h->done = 1;
  pthread_cond_broadcast(&h->cv);
  pthread_mutex_unlock(&h->mu);
  return NULL;
}

static void hb_free(gs__heartbeat_t *h) {
  free(h->last);
  free(h->acked);
  free(h->beat_req);
  free(h->bye_req);
  free(h);
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
  h->acked = calloc((size_t)h->size, sizeof *h->acked);
  h->beat_req = malloc((size_t)h->size * sizeof *h->beat_req);
  h->bye_req = malloc((size_t)h->size * sizeof *h->bye_req);
  if (!h->last || !h->acked || !h->beat_req || !h->bye_req) {
    MPI_Comm_free(&h->comm);
    hb_free(h);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  for (int k = 0; k < h->size; k++) h->beat_req[k] = h->bye_req[k] = MPI_REQUEST_NULL;
  double t = gs__now();
  for (int k = 0; k < h->size; k++) h->last[k] = t;
  pthread_mutex_init(&h->mu, NULL);
  pthread_cond_init(&h->cv, NULL);
  if (pthread_create(&h->tid, NULL, hb_main, h) != 0) {
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    MPI_Comm_free(&h->comm);
    hb_free(h);
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
  pthread_mutex_lock(&h->mu);
  h->closing = 1; /* rank 0's thread says goodbye; the others' wait for it */
  pthread_cond_broadcast(&h->cv);
  while (!h->done) pthread_cond_wait(&h->cv, &h->mu);
  pthread_mutex_unlock(&h->mu);
  pthread_join(h->tid, NULL);
  pthread_mutex_destroy(&h->mu);
  pthread_cond_destroy(&h->cv);
  MPI_Comm_free(&h->comm);
  hb_free(h);
}

/* farm_internal.h (private): the farm's transport, the small interface its
 * root/worker protocol speaks through. farm.c gives the MPI one; tests give
 * an in-process fake (tests/test_farm.c), so the protocol (task hand-out,
 * results, stop, the results of tasks in flight after a stop, a failing
 * rank) is tested without mpirun. */
#ifndef GS_FARM_INTERNAL_H
#define GS_FARM_INTERNAL_H

#include <stddef.h>

#include "gridsearch/farm.h"

/* The protocol's messages:
 * REQ    rank k -> 0: unsigned long, how many more tasks k wants
 * ASSIGN 0 -> k: size_t task ids (none: no more for k)
 * RESULT k -> 0: a finished task: its head and result bytes
 * ERROR  k -> 0: a task whose run() failed: its head (code, message)
 * DONE   k -> 0: k is idle with nothing more to ask: its per-worker busy
 *        seconds and task counts
 * STOP   either way: int {run, signal, rank}: stop the run (a signal) */
enum { GS__FARM_REQ = 1, GS__FARM_ASSIGN, GS__FARM_RESULT, GS__FARM_ERROR, GS__FARM_DONE, GS__FARM_STOP };

/* Point-to-point messages between ranks, in order per (source, tag), and
 * one collective. Each returns GS_OK or an error (err filled: GS_EMPI with
 * the place and the transport's text). Called from the farm's main thread
 * only. */
typedef struct {
  int (*send)(void *ctx, int dest, int tag, const void *buf, size_t n, gs_error_t *err);
  /* Whether a message is waiting (*flag), and its source, tag and size;
   * never blocks. */
  int (*probe)(void *ctx, int *flag, int *src, int *tag, size_t *n, gs_error_t *err);
  /* Receives the waiting message of (src, tag) into buf (cap bytes). */
  int (*recv)(void *ctx, int src, int tag, void *buf, size_t cap, gs_error_t *err);
  /* Collective: n bytes from rank 0 to every rank. */
  int (*bcast)(void *ctx, void *buf, size_t n, gs_error_t *err);
  void *ctx;
} gs__farm_transport_t;

/* A farm for rank `rank` of `size` (threads workers) whose messages go
 * through tp (copied; its ctx must outlive the farm): no MPI, no heartbeat.
 * gs_farm_run and gs_farm_bcast work on it; gs_farm_agree and
 * gs_farm_gather return GS_EINVAL when size > 1. Free with gs_farm_close.
 * GS_EINVAL for bad sizes, GS_ENOMEM. */
int gs__farm_open_with(gs_farm_t **out, int rank, int size, int threads, const gs__farm_transport_t *tp,
                       gs_error_t *err);

#endif

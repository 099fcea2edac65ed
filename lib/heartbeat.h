/* heartbeat.h: the farm's liveness thread (private to the farm, the one other
 * file that calls MPI). Every rank's thread sends a heartbeat to its peers on
 * a communicator of its own each interval; rank 0's watches every other rank,
 * theirs watch rank 0. A rank not heard from for longer than the limit ends
 * the job: one error through the log (gs_log) naming it, the journal synced, MPI_Abort.
 * Fits never delay a heartbeat: the thread does nothing else. */
#ifndef GRIDSEARCH_HEARTBEAT_H
#define GRIDSEARCH_HEARTBEAT_H

#include <mpi.h>

#include "gridsearch/error.h"

typedef struct gs__heartbeat gs__heartbeat_t;

/* Default limit, in seconds, on how long a rank may stay silent. */
#define GS__HEARTBEAT_LIMIT 30.0

/* Starts the thread on a duplicate of world (collective over world; needs
 * MPI_THREAD_MULTIPLE). limit: seconds (0: send heartbeats, watch no one).
 * On failure *out is NULL and err says why. */
int gs__heartbeat_start(gs__heartbeat_t **out, MPI_Comm world, double limit, gs_error_t *err);

/* Changes the limit (every rank should set the same). */
void gs__heartbeat_set_limit(gs__heartbeat_t *h, double limit);

/* The file descriptor synced before the job is ended (-1: none). */
void gs__heartbeat_set_sync_fd(gs__heartbeat_t *h, int fd);

/* Stops the thread and frees it (NULL accepted). Rank 0 says goodbye to every
 * rank and waits for each one's answer (at most the limit, or
 * GS__HEARTBEAT_LIMIT when it is 0); the others wait for rank 0's goodbye
 * (still watching it) and answer it, after which they send it nothing: no
 * rank takes another's end for silence, and none is left sending to a rank
 * that has left. The thread's sends never block. */
void gs__heartbeat_stop(gs__heartbeat_t *h);

#endif

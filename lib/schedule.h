/* schedule.h (private): the farm's scheduler, free of MPI and threads so it can
 * be tested alone: the hand-out order (costly tasks first, ties by index),
 * batches sized so the end of the run stays balanced, and who holds which
 * task. */
#ifndef GS_SCHEDULE_H
#define GS_SCHEDULE_H

#include <stddef.h>

typedef struct gs__sched gs__sched_t;

/* A scheduler for n tasks: cost (n entries, or NULL = all equal) orders them,
 * group (n entries or NULL) gives affinity (a holder gets more of the group
 * it last took from before the next task in order), skip (n flags or NULL)
 * marks tasks not to hand out; holders = ranks that may hold tasks; workers
 * = worker threads in all. NULL when out of memory. */
gs__sched_t *gs__sched_new(size_t n, const double *cost, const size_t *group, const unsigned char *skip, int holders,
                           int workers);
void gs__sched_free(gs__sched_t *s);

/* Hands up to want tasks to holder into out; returns how many (0: none left
 * or stopped). Near the end batches shrink so no holder hoards work. */
size_t gs__sched_take(gs__sched_t *s, int holder, size_t want, size_t *out);

/* Marks task finished (it leaves its holder's list). */
void gs__sched_done(gs__sched_t *s, size_t task);

/* Stops handing out tasks. */
void gs__sched_stop(gs__sched_t *s);

/* Tasks not yet handed out / handed out and not finished / to run in all. */
size_t gs__sched_pending(const gs__sched_t *s);
size_t gs__sched_in_flight(const gs__sched_t *s);
size_t gs__sched_total(const gs__sched_t *s);

/* The tasks holder holds (up to max into out); returns how many. */
size_t gs__sched_held(const gs__sched_t *s, int holder, size_t *out, size_t max);

#endif

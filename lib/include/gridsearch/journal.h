/* journal.h: the search's journal, results/<name>/journal: a header with the
 * digest of everything that determines the results, then one checksummed
 * line per finished task, appended as tasks finish and synced to disk at
 * least once a second. It lets an interrupted search resume where it stopped
 * and stays beside the results as their provenance. */
#ifndef GRIDSEARCH_JOURNAL_H
#define GRIDSEARCH_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/error.h"
#include "gridsearch/task.h"

typedef struct gs_journal gs_journal_t;

/* What the journal knows of its search, from the caller: the digest of
 * everything that determines the results (search.h's gs_search_digest),
 * the task ids (< n_tasks), the record shape, the error_score a failed or
 * undefined score has (NaN for "nan" and "raise"), and where loaded
 * records go. */
typedef struct {
  uint64_t digest;
  size_t n_tasks;
  size_t n_scorers;
  int train;            /* records carry train scores too (return_train_score) */
  double error_score;
  void (*load)(void *ctx, size_t task, const gs_task_result_t *r);
  void *load_ctx;
} gs_journal_spec_t;

/* Opens the journal at path for the search that spec describes.
 * - resume and the file exists: checks its header (GS_ESTATE when the digest
 *   differs: changed grid, data, folds or seed), loads every intact record
 *   through spec->load and the run records (gs_journal_runs), drops a torn or corrupt last record, and
 *   appends after it. *n_loaded = tasks loaded. A corrupt record before the
 *   last is GS_ESTATE naming path:line.
 * - otherwise: starts a new journal; when an existing one records an
 *   unfinished run with finished tasks, of this search or of another (a
 *   changed grid, data, folds or seed), refuses with GS_ESTATE (resume it, or
 *   delete it) so no finished work is lost by accident.
 * An existing journal that cannot be read is GS_EIO, never replaced.
 * On failure *out is NULL. */
int gs_journal_open(gs_journal_t **out, const char *path, const gs_journal_spec_t *spec, int resume,
                    size_t *n_loaded, gs_error_t *err);

/* Appends task's result (one write of a whole line); fsyncs when the last
 * sync is more than a second old. */
int gs_journal_append(gs_journal_t *j, size_t task, const gs_task_result_t *r, gs_error_t *err);

/* Records that every task finished (so a later run may start afresh), and
 * syncs. */
int gs_journal_finish(gs_journal_t *j, gs_error_t *err);

/* The job runs of this search before the current one: each run that ended
 * by finishing or by a signal within its grace period appended a run record
 * (gs_journal_run_end); a run killed before that (SIGKILL, the grace period
 * over) is not counted. A new journal has none. */
typedef struct {
  size_t runs;
  double wall_seconds; /* summed over those runs */
  double busy_seconds; /* the tasks' busy time, summed over those runs */
} gs_journal_runs_t;

/* The runs recorded before this journal was opened (loaded on resume). */
gs_journal_runs_t gs_journal_runs(const gs_journal_t *j);

/* Appends this run's record: its wall and busy seconds (finite, >= 0);
 * call it once, when the run ends (before gs_journal_finish when done). */
int gs_journal_run_end(gs_journal_t *j, double wall_seconds, double busy_seconds, gs_error_t *err);

/* The file descriptor, for an async-signal-safe fsync before _exit. */
int gs_journal_fd(const gs_journal_t *j);

/* Syncs and closes; accepts NULL. */
void gs_journal_close(gs_journal_t *j);

#endif

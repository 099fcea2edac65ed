/* cv.h: the cv engine (private to lib/): one round of (candidate, fold)
 * tasks farmed over ranks x threads into a score table. A task fits a
 * candidate on a fold's training rows (through the caller's fitter: the
 * estimator), predicts the fold's test rows and scores them with every
 * scorer of the config, as scikit-learn's _fit_and_score does.
 *
 * Task ids are stable across rounds and runs: id = (round x n_candidates +
 * candidate) x n_folds + fold, so round 0 of a full search numbers its tasks
 * candidate x n_splits + fold, and the journal stores ids without knowing
 * the search. A round may run any subset of the candidates, and per fold an
 * explicit subset of the full fold's training and test rows (successive
 * halving's subsampled folds). */
#ifndef GS_CV_H
#define GS_CV_H

#include <signal.h>
#include <stddef.h>

#include "gridsearch/config.h"
#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/farm.h"
#include "gridsearch/grid.h"
#include "gridsearch/svc.h"
#include "gridsearch/task.h"
#include "cv_results.h"
#include "foldset.h"

/* The score table: one result per task id, for every round the search may
 * run. Owned by its maker (gs__cv_table_init / gs__cv_table_free). */
typedef struct {
  size_t n_candidates, n_folds, n_rounds;
  size_t n_tasks;             /* n_rounds x n_candidates x n_folds: the id space */
  gs_task_result_t *results;  /* per id; valid where done */
  unsigned char *done;        /* per id */
} gs__cv_table_t;

/* A table for n_rounds rounds of n_candidates x n_folds tasks, none done.
 * Returns GS_OK or GS_ENOMEM (err filled; t then holds nothing to free but
 * gs__cv_table_free accepts it). */
int gs__cv_table_init(gs__cv_table_t *t, size_t n_candidates, size_t n_folds, size_t n_rounds, gs_error_t *err);

/* Frees what t holds (a zeroed table included). */
void gs__cv_table_free(gs__cv_table_t *t);

/* The stable id of (round, candidate, fold), and back. */
static inline size_t gs__cv_task_id(const gs__cv_table_t *t, size_t round, size_t cand, size_t fold) {
  return (round * t->n_candidates + cand) * t->n_folds + fold;
}
static inline void gs__cv_task_coords(const gs__cv_table_t *t, size_t id, size_t *round, size_t *cand, size_t *fold) {
  *fold = id % t->n_folds;
  *cand = id / t->n_folds % t->n_candidates;
  *round = id / t->n_folds / t->n_candidates;
}

/* The score table view (cv_results.h) of n_rows rows from first_row on, a
 * row being a (round, candidate) = round x n_candidates + candidate, its
 * splits the folds: the test scores, or with train the train scores. Rows
 * of several rounds can be reduced and ranked together (halving's
 * cv_results_, with its iter and n_resources columns). */
static inline gs__score_table_t gs__cv_table_view(const gs__cv_table_t *t, size_t first_row, size_t n_rows,
                                                  size_t n_scorers, int train) {
  size_t split = sizeof(gs_task_result_t), row = t->n_folds * split;
  const char *base = (const char *)(t->results + first_row * t->n_folds);
  base += train ? offsetof(gs_task_result_t, train_scores) : offsetof(gs_task_result_t, scores);
  gs__score_table_t v = {base, n_rows, t->n_folds, n_scorers, row, split, sizeof(double)};
  return v;
}

/* Records a finished task (resume: from the journal). id < t->n_tasks. */
void gs__cv_table_set(gs__cv_table_t *t, size_t id, const gs_task_result_t *r);

/* One fold of a round as a subset of the full fold's rows: positions into
 * the fold set's train[f] (n_train of them) and test[f] (n_test), each
 * < that fold's row count. A NULL position list means all of that side's
 * rows, in order. */
typedef struct {
  const size_t *train_pos, *test_pos;
  size_t n_train, n_test;
} gs__cv_subfold_t;

/* One round: its number (for the task ids, < table->n_rounds), the
 * candidates it runs (indices into the grid; NULL: all of them in order),
 * and per fold its rows (NULL: every fold whole). resources is what the
 * round's candidates are given (halving's n_resources; 0: everything), for
 * the caller's reports: the engine does not interpret it. */
typedef struct {
  size_t round;
  size_t n_candidates;
  const size_t *candidates;
  const gs__cv_subfold_t *subfold; /* n_folds entries, or NULL */
  size_t resources;
} gs__cv_round_t;

/* What the fitter sees of one task. */
typedef struct {
  size_t id, round, candidate, fold;
  const size_t *train, *test; /* dataset row indices */
  size_t n_train, n_test;
  int full;                   /* the rows are the whole fold's (caches per fold apply) */
} gs__cv_task_t;

/* The estimator side of a task, called concurrently from the workers.
 * fit: fits candidate t->candidate on t->train and fills pred (t->n_test
 * labels) and, when ex is not NULL, its decision values and training-row
 * predictions (svc.h's gs_svc_extra_t); sec[0] the fit's seconds, sec[1]
 * the prediction's. Returns GS_OK, a fit's error (the task fails, scored
 * error_score; fe says why), or GS_ENOMEM (the round stops).
 * cost: the relative cost of fitting a candidate (hand-out order only).
 * group: tasks of equal group share state a worker builds (a kernel
 * block); values are small (they index an array). */
typedef struct {
  int (*fit)(void *ctx, const gs__cv_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double sec[2],
             gs_error_t *fe);
  double (*cost)(void *ctx, size_t candidate);
  size_t (*group)(void *ctx, size_t candidate, size_t fold);
  void *ctx;
} gs__cv_fitter_t;

/* Sees each finished task on rank 0 (journal, progress), by id. */
typedef void (*gs__cv_observer_fn)(void *ctx, size_t id, const gs_task_result_t *r);

/* The engine's inputs, read only. */
typedef struct {
  const gs_config_t *cfg;     /* scorers, error_score, return_train_score */
  const gs_dataset_t *ds;     /* the labels */
  const gs__foldset_t *fs;    /* the full folds' rows (fs->n_folds - 1 folds: the last is the refit) */
  const gs_grid_t *grid;      /* candidates, for messages */
  gs__cv_fitter_t fitter;
  const unsigned char *inject; /* per task id: fail that fit (tests), or NULL */
  const unsigned char *skip;  /* per task id: do not run (done elsewhere), or NULL */
  gs__cv_observer_fn observe; /* or NULL */
  void *observe_ctx;
  volatile sig_atomic_t *stop; /* as gs_farm_job_t's, or NULL */
} gs__cv_t;

/* What a round did (rank 0: the whole round's; busy and wall on every
 * rank, its own share). */
typedef struct {
  size_t fits, failed;        /* the round's tasks (done before or now) and the failed ones */
  double fit_seconds_sum;
  double busy_seconds, wall_seconds; /* the farm's */
  size_t first;               /* the id of the round's first task */
} gs__cv_summary_t;

/* Runs the round's tasks that are neither done in table nor skipped, on
 * the farm (collective: every rank calls it with equal inputs), and records
 * each result in table on rank 0. A failed fit is scored error_score and
 * warned about; with error_score "raise" the first one ends the round with
 * GS_EFIT naming it. Returns GS_OK, GS_EINTR when cv->stop ended it
 * (results so far kept), GS_EFIT, GS_ENOMEM or the farm's error. sum may
 * be NULL. */
int gs__cv_run(const gs__cv_t *cv, const gs__cv_round_t *round, gs__cv_table_t *table, gs_farm_t *farm,
               gs__cv_summary_t *sum, gs_error_t *err);

#endif

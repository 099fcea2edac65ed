/* search.h: a grid search as scikit-learn's GridSearchCV runs it: the held-out
 * split, stratified folds, one task per (candidate, fold) fitted once and
 * scored by every scorer, the cv_results_ statistics, and one refit per
 * distinct best candidate. Tasks run on the farm (farm.h). */
#ifndef GRIDSEARCH_SEARCH_H
#define GRIDSEARCH_SEARCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "gridsearch/config.h"
#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/farm.h"
#include "gridsearch/grid.h"
#include "gridsearch/halving.h"
#include "gridsearch/journal.h"
#include "gridsearch/split.h"
#include "gridsearch/task.h"

typedef struct gs_search gs_search_t;

/* Per scorer, after the run. */
typedef struct {
  double *mean, *std;   /* n_candidates */
  double *mean_train, *std_train; /* n_candidates, with return_train_score; else NULL */
  int *rank;            /* n_candidates */
  size_t best;          /* first candidate ranked 1 */
  char *report;         /* classification report of the refit model; NULL
                         * for a scorer not refitted ("refit": "<other>") */
  long *y_pred;         /* the refit model's predictions on the test set, or NULL */
} gs_scorer_result_t;

/* Observes each finished task on rank 0 (journal, progress). May be NULL. */
typedef void (*gs_search_observer_fn)(void *ctx, size_t task, const gs_task_result_t *r);

typedef struct {
  volatile sig_atomic_t *stop;   /* set by a signal handler: stop handing out tasks */
  gs_search_observer_fn observe; /* rank 0 only */
  void *observe_ctx;
  const unsigned char *skip;     /* tasks already done (resume), or NULL */
  double memory_limit_mb;        /* overrides the config's; 0: config or machine */
  double refit_delay;            /* tests: seconds each refit waits before fitting */
  /* tests: fits to fail without fitting, "cand[:fold],..." (a candidate
   * alone: every fold; the app takes it from GRIDSEARCH_FAIL_FITS), or NULL */
  const char *fail_fits;
} gs_search_opts_t;

/* Loads the dataset, splits it, makes the folds and the candidates, and
 * checks that they fit together (class_weight labels, binary scorers,
 * n_splits against the smallest class). On failure *out is NULL and err
 * says why (GS_EDATA / GS_ECONFIG / GS_EIO: bad input). */
int gs_search_prepare(gs_search_t **out, const gs_config_t *cfg, gs_error_t *err);

void gs_search_free(gs_search_t *s);

/* Task count (candidates x folds) and a task's coordinates:
 * task = candidate * n_splits + fold. */
size_t gs_search_n_tasks(const gs_search_t *s);
size_t gs_search_n_candidates(const gs_search_t *s);
int gs_search_n_splits(const gs_search_t *s);

/* Records a finished task's result (resume: from the journal). */
void gs_search_set_result(gs_search_t *s, size_t task, const gs_task_result_t *r);

/* The digest of a prepared search: the dataset's bytes, the split, folds,
 * scorers, candidates and SVC settings (not ranks, threads or timings).
 * GS_EIO (err filled) when the dataset cannot be read. */
int gs_search_digest(const gs_search_t *s, uint64_t *out, gs_error_t *err);

/* What the journal needs to know of s (journal.h): its digest, task ids,
 * scorers and error_score, and gs_search_set_result to load records into.
 * GS_EIO as gs_search_digest. */
int gs_search_journal_spec(gs_search_t *s, gs_journal_spec_t *spec, gs_error_t *err);

/* Runs the tasks not yet done over the farm, then the statistics and the
 * refits. Returns GS_OK; GS_EINTR when opts->stop ended it (results so far
 * kept); GS_EFIT when error_score is "raise" and a fit failed, or when every
 * fit failed; or another error. Collective: every rank calls it. */
int gs_search_run(gs_search_t *s, gs_farm_t *farm, const gs_search_opts_t *opts, gs_error_t *err);

/* After a successful run (rank 0): the per-scorer results. */
const gs_scorer_result_t *gs_search_scorer(const gs_search_t *s, size_t i);

/* One refit per distinct best candidate (rank 0, after a successful run),
 * in the order of the scorers that chose them. */
typedef struct {
  size_t candidate;
  char *model;          /* LIBSVM model-file text (svc.h's gs_svc_extra_t) */
  size_t model_len;
  double fit_time;      /* seconds */
} gs_search_refit_t;

/* The preprocessing step of candidate c as fitted for its refit (on all of
 * X_train; owned by s), or NULL when c has none. */
const gs_transform_t *gs_search_refit_transform(const gs_search_t *s, size_t c);

size_t gs_search_n_refits(const gs_search_t *s);
const gs_search_refit_t *gs_search_refit(const gs_search_t *s, size_t j);

/* Whether task has a result (run here or loaded from a journal). */
int gs_search_done(const gs_search_t *s, size_t task);

/* A task's result (valid once done). */
const gs_task_result_t *gs_search_result(const gs_search_t *s, size_t task);

const gs_config_t *gs_search_config(const gs_search_t *s);
const gs_grid_t *gs_search_grid(const gs_search_t *s);
const gs_dataset_t *gs_search_dataset(const gs_search_t *s);
const gs_split_t *gs_search_split(const gs_search_t *s);
const int *gs_search_test_fold(const gs_search_t *s);  /* per X_train row */

/* Successive halving: the plan (NULL for the other strategies), each
 * cv_results_ row's iteration (0 for the others) and its candidate's index
 * in gs_search_candidates (the row itself for the others). A halving search's grid
 * (gs_search_grid) has one candidate per row: iteration 0's are the
 * candidates, in order, the later ones' those _top_k kept (before the run
 * reaches them: candidate 0). gs_search_candidates is the candidates
 * themselves (the grid of the other strategies). */
const gs_halving_plan_t *gs_search_halving(const gs_search_t *s);
size_t gs_search_row_iter(const gs_search_t *s, size_t row);
size_t gs_search_row_candidate(const gs_search_t *s, size_t row);
const gs_grid_t *gs_search_candidates(const gs_search_t *s);

/* Run facts for the summary. */
#define GS_MAX_RANKS_REPORTED 64

typedef struct {
  double wall_seconds;      /* the whole run: kernels, tasks, refits */
  double tasks_wall_seconds;/* the (candidate, fold) tasks' phase */
  double busy_seconds;      /* sum of the tasks' busy time */
  double efficiency;        /* busy / (tasks wall x workers) */
  double fit_seconds_sum;
  int ranks, threads;
  size_t fits, failed_fits, refits;
  int precomputed;          /* kernels from the Gram matrix (1) or LIBSVM's own (0) */
  double kernel_mb;         /* memory for kernels and node arrays per rank */
  size_t blocks_built, blocks_reused;  /* precomputed kernel blocks, this rank */
  double peak_rss_mb;       /* this rank's peak resident set */
  double rank_rss_mb[GS_MAX_RANKS_REPORTED]; /* rank 0: every rank's (first 64) */
  char note[256];           /* e.g. why precomputed kernels were not used */
  size_t job_runs;          /* runs the search took, this one included (0: not set) */
  double runs_wall_seconds; /* wall time summed over those runs */
  double runs_busy_seconds; /* task busy time summed over those runs */
} gs_search_stats_t;

const gs_search_stats_t *gs_search_stats(const gs_search_t *s);

/* Records, for the reports, how many job runs the search took (this one
 * included) and their summed wall and busy seconds (from the journal). */
void gs_search_set_runs(gs_search_t *s, size_t runs, double wall_seconds, double busy_seconds);

/* How kernels would be computed for threads workers per rank under a memory
 * budget (limit_mb <= 0: the config's, else a quarter of this machine's
 * memory). Sizes in MB per rank. */
typedef struct {
  int precomputed;      /* Gram matrix + kernel blocks fit the budget */
  double limit_mb, gram_mb, block_mb, own_mb, total_mb;
  size_t blocks;        /* kernel blocks cached per rank */
  size_t matrices;      /* kernel settings with a training-rows kernel matrix */
  double matrix_mb;     /* MB per such matrix */
  size_t views;         /* (preprocessing step, fold) views: their rows transformed */
  double views_mb;      /* MB for all the views' rows (included in total_mb) */
  /* k > 2 classes: each fit solved pair of classes by pair (precomputed 0) */
  int pairs;
  size_t pair_rows;     /* rows of the largest pair (of any fold's training rows, the refit's included) */
  double pair_block_mb; /* the largest kernel block a thread precomputes; larger pairs: LIBSVM's own kernels */
  double pair_mb;       /* per thread: the largest block (or node arrays) any pair needs, LIBSVM's cache, scratch */
  size_t pair_shared;   /* fold training kernels kept for a fold's other C / class_weight values (0: none) */
  double pair_shared_mb;/* MB each (included in total_mb) */
  /* the cost model (seconds of one core): a fit on a fold's training rows
   * (about equal folds) and the refit on all of X_train */
  double fold_fit_s, refit_s;
} gs_kernel_plan_t;

gs_kernel_plan_t gs_search_kernel_plan(const gs_search_t *s, int threads, double limit_mb);

/* The training rows of fold f (f == n_splits: the refit on all of X_train). */
size_t gs_search_fold_rows(const gs_search_t *s, int f);

#endif

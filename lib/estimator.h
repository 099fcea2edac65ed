/* estimator.h: the estimator seam (private to lib/): a table of function
 * pointers, as LIBSVM switches on svm_type, through which the search fits
 * (candidate, fold) tasks without knowing the estimator. The SVC (svc.c,
 * kcache.c, svc_estimator.c) is its first row; another estimator (SVR,
 * LinearSVC) is another row file.
 *
 * Life of an estimator's state: open (cheap: groups the candidates, no
 * kernel computed; `validate` stops here and asks plan), prepare (the shared
 * state of a run: kernel matrices, caches, per-worker scratch), then any
 * number of concurrent fit calls (one per worker at a time), free. */
#ifndef GS_ESTIMATOR_H
#define GS_ESTIMATOR_H

#include <stddef.h>

#include "gridsearch/config.h"
#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/grid.h"
#include "gridsearch/search.h"
#include "gridsearch/split.h"
#include "gridsearch/svc.h"
#include "foldset.h"

/* What an estimator sees of a search: borrowed, outlives the state. Fold
 * f = n_splits is the refit (all of X_train, tested on X_test). */
typedef struct {
  const gs_config_t *cfg;
  const gs_dataset_t *ds;
  const gs_split_t *split;
  const gs__foldset_t *fs;
  const gs_grid_t *grid;
  int n_splits;
} gs__est_input_t;

/* One fit: candidate, fold and the rows (dataset indices); full: they are
 * the whole fold's (state prepared per fold applies), else a subset. */
typedef struct {
  size_t candidate, fold;
  const size_t *train, *test;
  size_t n_train, n_test;
  int full;
} gs__est_task_t;

typedef struct gs__estimator {
  const char *name;
  /* A state over in (no heavy work). GS_ENOMEM with err filled; *st NULL. */
  int (*open)(void **st, const gs__est_input_t *in, gs_error_t *err);
  /* The memory plan for threads workers under limit_mb (<= 0: the config's,
   * else a quarter of RAM). */
  gs_kernel_plan_t (*plan)(const void *st, int threads, double limit_mb);
  /* Builds the shared state of a run for threads workers within limit_mb,
   * recording in stats how (precomputed, kernel_mb, note). Called once. */
  int (*prepare)(void *st, int threads, double limit_mb, gs_search_stats_t *stats, gs_error_t *err);
  /* Relative cost of fitting candidate c on fold f: only the farm's
   * hand-out order depends on it. */
  double (*cost)(const void *st, size_t c, size_t f);
  /* Tasks of one group share prepared state (a kernel block): the farm
   * keeps them together. n_groups: groups per fold. */
  size_t (*group)(const void *st, size_t c, size_t f);
  size_t (*n_groups)(const void *st);
  /* Fits task t's candidate on its training rows on worker `worker` and
   * evaluates the fit on its test rows: labels into pred (n_test),
   * and, as ex asks (NULL: nothing more), decision values, the training
   * rows' predictions and the model file's text (see gs_svc_extra_t).
   * seconds: fit, predict. GS_EFIT (err filled) when the fit fails,
   * GS_ENOMEM when memory ran out. One call fits and predicts so that the
   * kernel block the fit used stays pinned only for the call. */
  int (*fit)(void *st, const gs__est_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double seconds[2],
             gs_error_t *err);
  /* Bytes of model text a refit may write (plus the NUL). */
  size_t (*model_bytes)(const void *st);
  /* Idle threads that may help each fit (the refits: fewer tasks than
   * workers); 0 by default. */
  void (*set_helpers)(void *st, int helpers);
  /* Shared state built and reused so far (kernel blocks). */
  void (*counts)(const void *st, size_t *built, size_t *reused);
  void (*free)(void *st);
} gs__estimator_t;

/* The C-SVC (svc_estimator.c). */
extern const gs__estimator_t gs__svc_estimator;

#endif

/* search_impl.h: the search's state (struct gs_search), private to the
 * files of the search: search.c (prepare, the run, the reduction),
 * search_check.c (the config against the data), search_halving.c (the
 * successive-halving strategy: its rows and rounds) and refit.c (the refits
 * of the best candidates). Nothing outside lib/ sees it. */
#ifndef GRIDSEARCH_SEARCH_IMPL_H
#define GRIDSEARCH_SEARCH_IMPL_H

#include <stddef.h>

#include "gridsearch/farm.h"
#include "gridsearch/halving.h"
#include "gridsearch/search.h"
#include "cv.h"
#include "estimator.h"
#include "foldset.h"

/* The most candidates a grid or sample may hold. */
#define GS_MAX_CANDIDATES 1000000


struct gs_search {
  const gs_config_t *cfg;
  gs_dataset_t *ds;
  gs_grid_t grid;
  gs_split_t split;
  int *test_fold;            /* per X_train position */
  int n_splits;
  /* folds f = 0..n_splits-1 and the refit (n_splits): rows, statistics and
   * the (preprocessing step, fold) views (foldset.h) */
  gs__foldset_t fs;
  long *y_test;              /* labels of X_test */
  /* the estimator (estimator.h) and its state; prepared: its shared state
   * of a run is built */
  const gs__estimator_t *est;
  void *est_state;
  int prepared;
  /* results: one round (0) of candidates x folds tasks, by stable id (cv.h) */
  gs__cv_table_t table;
  gs_scorer_result_t scorer[GS_MAX_SCORERS];
  gs_search_refit_t refits[GS_MAX_SCORERS]; /* rank 0, after the run */
  size_t n_refits;
  gs_search_stats_t stats;
  /* fault injection for tests: opts->fail_fits, per task id */
  unsigned char *inject;
  const gs_search_opts_t *opts;
  /* successive halving: grid holds one candidate per cv_results_ row (a
   * view of base, gs_grid_view: copies of base's candidates); row r
   * of iteration i runs tasks r * n_splits + k (cv round 0, so ids are as a
   * full grid's) on the fold set's fold i * n_splits + k. base holds the
   * candidates themselves, which the fold set and the estimator see */
  int halving;
  gs_halving_plan_t plan;
  gs_grid_t base;
  size_t *row_cand;          /* per row: its candidate in base */
  size_t *row_iter;          /* per row: its iteration */
  size_t row_first[GS_HALVING_MAX_ITERS + 1]; /* per iteration: its first row */
  size_t refit_fold;         /* the fold set's last fold: all of X_train */
};

/* Row c's candidate (in gs_search_candidates), and the fold set's fold of
 * its split k (halving: split k of the row's iteration). */
static inline size_t row_base(const gs_search_t *s, size_t c) { return s->halving ? s->row_cand[c] : c; }
static inline size_t row_fold(const gs_search_t *s, size_t c, size_t k) {
  return s->halving ? s->row_iter[c] * (size_t)s->n_splits + k : k;
}

/* The index of label in ds->classes, or ds->n_classes when it is not one. */
size_t gs__search_class_index(const gs_dataset_t *ds, long label);

/* Gives an error found against the data the place of key in the config
 * (unless it has a place already). */
void gs__search_place_error(gs_error_t *err, const gs_config_t *cfg, const char *key);

/* search_check.c: what the config asks that this data set cannot give
 * (binary scorers on multiclass data, class_weight labels not in it, steps
 * scikit-learn refuses on sparse input): GS_ECONFIG with its place. */
int gs__search_check_data(const gs_search_t *s, gs_error_t *err);

/* search_halving.c: a halving search's candidates, plan and rows (after the
 * split and folds are made); GS_ECONFIG (placed) or GS_ENOMEM. */
int gs__search_halving_prepare(gs_search_t *s, gs_error_t *err);

/* search_halving.c: its rounds, one cv round per iteration, each after the
 * iteration before chose its candidates; sum adds up the rounds'. Called on
 * every rank. */
int gs__search_halving_rounds(gs_search_t *s, gs__cv_t *cv, gs_farm_t *farm, gs__cv_summary_t *sum, gs_error_t *err);

/* refit.c: refits each distinct best candidate (one per scorer, or only
 * the "refit" scorer's) on all of X_train, on the farm; rank 0 keeps the
 * models (s->refits) and each scorer's test predictions and report. Called
 * on every rank once the scores are reduced; GS_EINTR when a signal stopped
 * it (--resume refits). */
int gs__search_refit(gs_search_t *s, gs_farm_t *farm, gs_error_t *err);

#endif

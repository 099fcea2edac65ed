/* cv_results.h: the reduction of a score table to scikit-learn 1.2's
 * cv_results_ statistics (private to lib/): per row (a candidate) the mean
 * and std over its splits, and the rank of the means, computed exactly as
 * GridSearchCV._format_results does. Pure functions: they read the table
 * and write the caller's arrays, nothing else.
 *
 * The table is a strided view, so a caller can reduce the scores where they
 * already lie (an array of task results), one scorer of several, the train
 * scores, or a subset of rows. Ranking takes only the means, so the rows of
 * several rounds (successive halving's iterations) can be ranked together. */
#ifndef GS_CV_RESULTS_H
#define GS_CV_RESULTS_H

#include <stddef.h>

#include "gridsearch/error.h"

/* The score of (row r, split f, scorer i) is the double at byte offset
 * r * row + f * split + i * scorer from v: strides in bytes, so the view can
 * lie over a plain double array or over a field of an array of structs. */
typedef struct {
  const void *v;
  size_t n_rows, n_splits, n_scorers;
  size_t row, split, scorer;
} gs__score_table_t;

/* One scorer's statistics, arrays of n_rows (the caller's). */
typedef struct {
  double *mean, *std;
  int *rank;
  size_t best; /* the first row ranked 1 */
} gs__cv_stats_t;

/* mean[r] = np.average(table[r, :, scorer]) and
 * std[r] = sqrt(np.average((table[r, :, scorer] - mean[r]) ** 2)), numpy's
 * summation order (npmath.h). n_splits >= 1. Returns GS_OK, or GS_ENOMEM
 * with err filled (mean and std are then unspecified). */
int gs__cv_mean_std(const gs__score_table_t *t, size_t scorer, double *mean, double *std, gs_error_t *err);

/* rank[r] = scipy's rankdata(-m, method="min") where m is mean with NaN
 * replaced by nanmin(mean) - 1 and then +-inf by +-DBL_MAX (np.nan_to_num),
 * as int32; all NaN: every rank 1. *best: the first r ranked 1 (0 when
 * n == 0). O(n log n). Returns GS_OK, or GS_ENOMEM with err filled (rank
 * and *best then untouched). */
int gs__cv_rank(const double *mean, size_t n, int *rank, size_t *best, gs_error_t *err);

/* Both, for one scorer of the table: st's arrays hold t->n_rows values. */
int gs__cv_reduce(const gs__score_table_t *t, size_t scorer, gs__cv_stats_t *st, gs_error_t *err);

/* Every scorer i < n_scorers of test: st[i] (arrays of test->n_rows); and
 * when train is not NULL (the train scores' view of the same rows),
 * mean_train[i] and std_train[i] as well (no rank, as scikit-learn).
 * Returns GS_OK or GS_ENOMEM (err filled; the statistics then unspecified). */
int gs__cv_reduce_scorers(const gs__score_table_t *test, const gs__score_table_t *train, size_t n_scorers,
                          gs__cv_stats_t *st, double *const *mean_train, double *const *std_train, gs_error_t *err);

#endif

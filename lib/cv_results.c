/* cv_results.c: mean, std and rank of a score table, as scikit-learn 1.2's
 * GridSearchCV computes them (see cv_results.h). */
#include "cv_results.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/npmath.h"

int gs__cv_mean_std(const gs__score_table_t *t, size_t scorer, double *mean, double *std, gs_error_t *err) {
  size_t ns = t->n_splits;
  double *row = malloc((ns ? ns : 1) * sizeof *row), *dev = malloc((ns ? ns : 1) * sizeof *dev);
  int rc = GS_OK;
  if (!row || !dev) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory reducing the scores of %zu candidates", t->n_rows);
    goto fail;
  }
  for (size_t r = 0; r < t->n_rows; r++) {
    const char *v = (const char *)t->v + r * t->row + scorer * t->scorer;
    for (size_t f = 0; f < ns; f++) memcpy(&row[f], v + f * t->split, sizeof row[f]);
    double m = gs_np_mean(row, ns);
    for (size_t f = 0; f < ns; f++) dev[f] = (row[f] - m) * (row[f] - m);
    mean[r] = m;
    std[r] = sqrt(gs_np_mean(dev, ns));
  }
fail:
  free(row);
  free(dev);
  return rc;
}

typedef struct {
  double key; /* -m, NaN and infinities replaced */
  size_t row;
} rank_item_t;

/* Ascending key, ties by row: the first of a run of equal keys is the
 * lowest row, so it is the best when the run ranks 1. */
static int cmp_item(const void *a, const void *b) {
  const rank_item_t *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

int gs__cv_rank(const double *mean, size_t n, int *rank, size_t *best, gs_error_t *err) {
  double lo = INFINITY;
  int any = 0;
  for (size_t r = 0; r < n; r++)
    if (!isnan(mean[r])) {
      any = 1;
      if (mean[r] < lo) lo = mean[r];
    }
  if (!any) {
    for (size_t r = 0; r < n; r++) rank[r] = 1;
    *best = 0;
    return GS_OK;
  }
  rank_item_t *it = malloc(n * sizeof *it);
  if (!it) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory ranking %zu candidates", n);
  for (size_t r = 0; r < n; r++) {
    double m = mean[r];
    if (isnan(m)) m = lo - 1; /* may be -inf: np.nan_to_num keeps the nan= value as given */
    else if (isinf(m)) m = m > 0 ? DBL_MAX : -DBL_MAX;
    it[r] = (rank_item_t){-m, r};
  }
  qsort(it, n, sizeof *it, cmp_item);
  /* method="min": a run of equal keys takes the rank of its first place */
  size_t place = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || it[i].key != it[i - 1].key) place = i;
    rank[it[i].row] = (int)(place + 1);
  }
  *best = it[0].row;
  free(it);
  return GS_OK;
}

int gs__cv_reduce(const gs__score_table_t *t, size_t scorer, gs__cv_stats_t *st, gs_error_t *err) {
  int rc = gs__cv_mean_std(t, scorer, st->mean, st->std, err);
  return rc ? rc : gs__cv_rank(st->mean, t->n_rows, st->rank, &st->best, err);
}

int gs__cv_reduce_scorers(const gs__score_table_t *test, const gs__score_table_t *train, size_t n_scorers,
                          gs__cv_stats_t *st, double *const *mean_train, double *const *std_train, gs_error_t *err) {
  for (size_t i = 0; i < n_scorers; i++) {
    int rc = gs__cv_reduce(test, i, &st[i], err);
    if (rc) return rc;
  }
  for (size_t i = 0; train && i < n_scorers; i++) {
    int rc = gs__cv_mean_std(train, i, mean_train[i], std_train[i], err);
    if (rc) return rc;
  }
  return GS_OK;
}

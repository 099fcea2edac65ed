/* search_halving.c: the successive-halving strategy of a search
 * (HalvingGridSearchCV, HalvingRandomSearchCV): its candidates and rows,
 * and its rounds, one cv round per iteration on that iteration's
 * subsampled folds, each after _top_k chose its candidates. The plan's
 * arithmetic is halving.c's. */
#include <stdlib.h>
#include <string.h>

#include "gridsearch/sampler.h"
#include "search_impl.h"

/* The distinct labels of X_train (np.unique(y) of the y that fit sees). */
static size_t train_classes(const gs_search_t *s) {
  size_t k = s->ds->n_classes, n = 0;
  unsigned char *seen = calloc(k ? k : 1, 1);
  if (!seen) return k;
  for (size_t i = 0; i < s->split.n_train; i++) {
    size_t c = gs__search_class_index(s->ds, s->ds->y[s->split.train[i]]);
    if (c < k && !seen[c]) { seen[c] = 1; n++; }
  }
  free(seen);
  return n;
}

/* Rows of iteration it take the candidates cands[0..n_candidates[it]). */
static void halving_set_rows(gs_search_t *s, size_t it, const size_t *cands) {
  for (size_t j = 0; j < s->plan.n_candidates[it]; j++) {
    size_t r = s->row_first[it] + j;
    s->row_cand[r] = cands[j];
    s->grid.cand[r] = s->base.cand[cands[j]];
  }
}

/* A halving search's candidates (HalvingGridSearchCV's grid or
 * HalvingRandomSearchCV's sample), its plan, and its rows: iteration 0's
 * are the candidates in order; the later iterations' hold candidate 0
 * until the iteration before chooses them (halving_advance). */
int gs__search_halving_prepare(gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  size_t n = s->split.n_train, ncl = train_classes(s);
  int rc;
  if (cfg->halving_random) {
    gs_config_t first = *cfg; /* the sampler reads n_iter: the first iteration's candidates */
    size_t lo, hi;
    if ((rc = gs_halving_resources(&cfg->halving, n, cfg->n_splits, ncl, &lo, &hi, err))) goto fail;
    first.n_iter = gs_halving_first_candidates(&cfg->halving, n, cfg->n_splits, ncl);
    rc = gs_sampler_sample(&s->base, &first, GS_MAX_CANDIDATES, err);
  } else {
    rc = gs_grid_expand(&s->base, cfg, GS_MAX_CANDIDATES, err);
  }
  if (rc) return rc;
  if ((rc = gs_halving_plan(&s->plan, &cfg->halving, s->base.n, n, cfg->n_splits, ncl, err))) goto fail;
  size_t rows = s->plan.n_rows;
  /* the rows' candidates are copies of base's, pointing into base's values */
  rc = gs_grid_view(&s->grid, &s->base, rows);
  s->row_cand = calloc(rows, sizeof *s->row_cand);
  s->row_iter = malloc(rows * sizeof *s->row_iter);
  if (rc || !s->row_cand || !s->row_iter) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  size_t r = 0;
  for (size_t it = 0; it < s->plan.n_iterations; it++) {
    s->row_first[it] = r;
    for (size_t j = 0; j < s->plan.n_candidates[it]; j++, r++) {
      s->row_iter[r] = it;
      s->row_cand[r] = it == 0 ? j : 0;
    }
  }
  s->row_first[s->plan.n_iterations] = r;
  for (size_t it = 0; it < s->plan.n_iterations; it++) halving_set_rows(s, it, s->row_cand + s->row_first[it]);
  return GS_OK;
fail:
  gs__search_place_error(err, cfg, "search");
  return rc;
}

/* _top_k between halving iterations: rank 0 takes iteration it - 1's rows'
 * mean test scores (the one scorer, as cv_results_ computes them) and keeps
 * the last ceil(n / factor) of their argsort; every rank gets the choice
 * and sets iteration it's rows from it. */
static int halving_advance(gs_search_t *s, gs_farm_t *farm, size_t it, gs_error_t *err) {
  size_t prev = it - 1, n = s->plan.n_candidates[prev], k = s->plan.n_candidates[it], ns = (size_t)s->n_splits;
  size_t *keep = malloc(n * sizeof *keep), *idx = malloc(n * sizeof *idx);
  double *mean = malloc(n * sizeof *mean), *std = malloc(n * sizeof *std);
  int rc = !keep || !idx || !mean || !std ? gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory") : GS_OK;
  if (!rc && gs_farm_rank(farm) == 0) {
    const char *v = (const char *)(s->table.results + s->row_first[prev] * ns) + offsetof(gs_task_result_t, scores);
    gs__score_table_t t = {v, n, ns, s->cfg->n_scorers, ns * sizeof(gs_task_result_t), sizeof(gs_task_result_t), sizeof(double)};
    if (!(rc = gs__cv_mean_std(&t, 0, mean, std, err))) {
      size_t m = gs_halving_top_k(mean, n, k, idx, keep);
      for (size_t j = 0; j < m; j++) keep[j] = s->row_cand[s->row_first[prev] + keep[j]];
    }
  }
  if (!(rc = gs_farm_agree(farm, rc, 0, err)) && !(rc = gs_farm_bcast(farm, keep, k * sizeof *keep, err)))
    halving_set_rows(s, it, keep);
  free(keep);
  free(idx);
  free(mean);
  free(std);
  return rc;
}

/* A halving search's rounds: one cv round per iteration over that
 * iteration's rows, on its subsampled folds (a view of the fold set), each
 * after halving_advance chose its rows; sum adds up the rounds'. */
int gs__search_halving_rounds(gs_search_t *s, gs__cv_t *cv, gs_farm_t *farm, gs__cv_summary_t *sum, gs_error_t *err) {
  size_t ns = (size_t)s->n_splits, *rows = malloc(s->grid.n * sizeof *rows);
  int rc = rows ? GS_OK : gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  memset(sum, 0, sizeof *sum);
  if ((rc = gs_farm_agree(farm, rc, 0, err))) goto done;
  for (size_t r = 0; r < s->grid.n; r++) rows[r] = r;
  for (size_t it = 0; it < s->plan.n_iterations && !rc; it++) {
    if (it > 0 && (rc = halving_advance(s, farm, it, err))) break;
    gs__foldset_t view = s->fs;
    view.n_folds = ns + 1;
    view.train = s->fs.train + it * ns;
    view.test = s->fs.test + it * ns;
    view.n_train = s->fs.n_train + it * ns;
    view.n_test = s->fs.n_test + it * ns;
    cv->fs = &view;
    gs__cv_round_t round = {0, s->plan.n_candidates[it], rows + s->row_first[it], NULL, s->plan.n_resources[it]};
    gs__cv_summary_t one;
    memset(&one, 0, sizeof one);
    rc = gs__cv_run(cv, &round, &s->table, farm, &one, err);
    cv->fs = &s->fs;
    if (it == 0) sum->first = one.first;
    sum->fits += one.fits;
    sum->failed += one.failed;
    sum->fit_seconds_sum += one.fit_seconds_sum;
    sum->busy_seconds += one.busy_seconds;
    sum->wall_seconds += one.wall_seconds;
    /* every rank must know how the round ended before the next */
    if (it + 1 < s->plan.n_iterations && rc != GS_EMPI) rc = gs_farm_agree(farm, rc, 0, err);
  }
done:
  free(rows);
  return rc;
}


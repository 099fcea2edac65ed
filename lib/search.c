/* search.c: GridSearchCV in C, the driver. Prepares the split, folds and the
 * estimator's shared state once, runs (candidate, fold) tasks on the farm
 * (one cv round; halving: search_halving.c's rounds), reduces the scores to
 * cv_results_ statistics, then refits the best candidates (refit.c). */
#include "gridsearch/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "gridsearch/sampler.h"
#include "gridsearch/transform.h"
#include "clock.h"
#include "cv_results.h"
#include "search_impl.h"

size_t gs_search_n_tasks(const gs_search_t *s) { return s->table.n_tasks; }
size_t gs_search_n_candidates(const gs_search_t *s) { return s->grid.n; }
int gs_search_n_splits(const gs_search_t *s) { return s->n_splits; }
const gs_config_t *gs_search_config(const gs_search_t *s) { return s->cfg; }
const gs_grid_t *gs_search_grid(const gs_search_t *s) { return &s->grid; }
const gs_dataset_t *gs_search_dataset(const gs_search_t *s) { return s->ds; }
const gs_split_t *gs_search_split(const gs_search_t *s) { return &s->split; }
const int *gs_search_test_fold(const gs_search_t *s) { return s->test_fold; }
const gs_search_stats_t *gs_search_stats(const gs_search_t *s) { return &s->stats; }
void gs_search_set_runs(gs_search_t *s, size_t runs, double wall_seconds, double busy_seconds) {
  s->stats.job_runs = runs;
  s->stats.runs_wall_seconds = wall_seconds;
  s->stats.runs_busy_seconds = busy_seconds;
}
const gs_task_result_t *gs_search_result(const gs_search_t *s, size_t t) { return &s->table.results[t]; }
int gs_search_done(const gs_search_t *s, size_t t) { return s->table.done[t]; }
size_t gs_search_fold_rows(const gs_search_t *s, int f) {
  return s->fs.n_train[f == s->n_splits ? s->refit_fold : (size_t)f];
}
const gs_halving_plan_t *gs_search_halving(const gs_search_t *s) { return s->halving ? &s->plan : NULL; }
size_t gs_search_row_iter(const gs_search_t *s, size_t row) { return s->halving ? s->row_iter[row] : 0; }
size_t gs_search_row_candidate(const gs_search_t *s, size_t row) { return row_base(s, row); }
const gs_grid_t *gs_search_candidates(const gs_search_t *s) { return s->halving ? &s->base : &s->grid; }

const gs_scorer_result_t *gs_search_scorer(const gs_search_t *s, size_t i) { return &s->scorer[i]; }
size_t gs_search_n_refits(const gs_search_t *s) { return s->n_refits; }
const gs_search_refit_t *gs_search_refit(const gs_search_t *s, size_t j) { return &s->refits[j]; }


size_t gs__search_class_index(const gs_dataset_t *ds, long label) {
  for (size_t i = 0; i < ds->n_classes; i++)
    if (ds->classes[i] == label) return i;
  return ds->n_classes;
}


/* Gives an error found against the data the place of key in the config. */
void gs__search_place_error(gs_error_t *err, const gs_config_t *cfg, const char *key) {
  if (err->file[0] && err->line) return;
  long line, col;
  gs_config_where(cfg, key, &line, &col);
  snprintf(err->file, sizeof err->file, "%s", cfg->file);
  err->line = line;
  err->column = col;
  gs_error_set_path(err, key);
}


/* The step of candidate c: its "scaler" grid value, else the config's
 * preprocessing. */
static gs_transform_spec_t cand_spec(const gs_search_t *s, const gs_grid_t *g, size_t c) {
  const gs_value_t *v = g->cand[c].v[GS_P_SCALER];
  if (!v) return s->cfg->preprocessing;
  return v->type == GS_VAL_TRANSFORM ? v->tf : gs_transform_default(GS_TF_NONE);
}

const gs_transform_t *gs_search_refit_transform(const gs_search_t *s, size_t c) {
  if (c >= s->grid.n || !s->fs.cand_step || !s->fs.cand_step[row_base(s, c)]) return NULL;
  return &s->fs.view_fit[gs__foldset_view(&s->fs, row_base(s, c), s->refit_fold)];
}




/* The fits that opts->fail_fits names (tests), flagged per task id. */
static void parse_injection(gs_search_t *s, const char *spec) {
  free(s->inject);
  s->inject = NULL;
  if (!spec || !*spec) return;
  s->inject = calloc(s->table.n_tasks ? s->table.n_tasks : 1, 1);
  if (!s->inject) return;
  const char *p = spec;
  while (*p) {
    char *end;
    long c = strtol(p, &end, 10);
    long f = -1;
    if (end == p) break;
    if (*end == ':') { p = end + 1; f = strtol(p, &end, 10); }
    for (int k = 0; k < s->n_splits; k++)
      if ((f < 0 || f == k) && c >= 0 && (size_t)c < s->grid.n) s->inject[gs__cv_task_id(&s->table, 0, (size_t)c, (size_t)k)] = 1;
    p = *end == ',' ? end + 1 : end;
    if (end == p && *p) break;
  }
}

int gs_search_prepare(gs_search_t **out, const gs_config_t *cfg, gs_error_t *err) {
  gs_search_t *s = calloc(1, sizeof *s);
  int rc;
  *out = NULL;
  if (!s) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  s->cfg = cfg;
  s->n_splits = cfg->n_splits;
  if ((rc = gs_dataset_load(&s->ds, cfg->data_path, cfg->data_format, err))) goto fail;
  if ((rc = gs__search_check_data(s, err))) goto fail;
  size_t n_train, n_test;
  if ((rc = gs_split_sizes(s->ds->n_samples, cfg->test_is_count, cfg->test_fraction, cfg->test_count, &n_train, &n_test, err))) {
    gs__search_place_error(err, cfg, "test_size");
    goto fail;
  }
  if (n_train < (size_t)cfg->n_splits) {
    rc = gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "test_size leaves %zu training row%s, fewer than the %d folds", n_train, n_train == 1 ? "" : "s", cfg->n_splits);
    gs__search_place_error(err, cfg, "test_size");
    goto fail;
  }
  if ((rc = gs_split_make(&s->split, s->ds->y, s->ds->n_samples, n_train, n_test, cfg->random_state, cfg->stratify, err))) {
    gs__search_place_error(err, cfg, "stratify");
    goto fail;
  }
  if (!(s->test_fold = malloc(n_train * sizeof *s->test_fold))) { rc = GS_ENOMEM; goto fail; }
  {
    long *ytr = malloc(n_train * sizeof *ytr);
    if (!ytr) { rc = GS_ENOMEM; goto fail; }
    for (size_t i = 0; i < n_train; i++) ytr[i] = s->ds->y[s->split.train[i]];
    rc = gs_folds_make(s->test_fold, ytr, n_train, cfg->n_splits, cfg->cv_shuffle, cfg->cv_random_state, err);
    free(ytr);
    if (rc) {
      gs__search_place_error(err, cfg, "cv");
      goto fail;
    }
  }
  s->halving = cfg->strategy == GS_STRATEGY_HALVING;
  if (s->halving) rc = gs__search_halving_prepare(s, err);
  else rc = cfg->strategy == GS_STRATEGY_RANDOM ? gs_sampler_sample(&s->grid, cfg, GS_MAX_CANDIDATES, err)
                                                : gs_grid_expand(&s->grid, cfg, GS_MAX_CANDIDATES, err);
  if (rc) goto fail;
  const gs_grid_t *cands = gs_search_candidates(s);
  {
    gs_transform_spec_t *spec = malloc((cands->n ? cands->n : 1) * sizeof *spec);
    if (!spec) { rc = GS_ENOMEM; goto fail; }
    for (size_t c = 0; c < cands->n; c++) spec[c] = cand_spec(s, cands, c);
    /* halving: a fold per (iteration, split), subsampled, then the refit's */
    gs__foldset_sub_t sub = {s->plan.n_iterations, s->plan.n_resources, s->split.n_train, cfg->search_random_state};
    rc = gs__foldset_make_sub(&s->fs, s->ds, &s->split, s->test_fold, s->n_splits, s->halving ? &sub : NULL, spec,
                              cands->n, err);
    free(spec);
    if (rc) goto fail;
    s->refit_fold = s->fs.n_folds - 1;
  }
  s->est = &gs__svc_estimator;
  {
    gs__est_input_t in = {cfg, s->ds, &s->split, &s->fs, cands, (int)s->refit_fold};
    if ((rc = s->est->open(&s->est_state, &in, err))) goto fail;
  }
  if ((rc = gs__cv_table_init(&s->table, s->grid.n, (size_t)s->n_splits, 1, err))) goto fail;
  s->y_test = malloc(n_test * sizeof *s->y_test);
  if (!s->y_test) { rc = GS_ENOMEM; goto fail; }
  for (size_t i = 0; i < n_test; i++) s->y_test[i] = s->ds->y[s->split.test[i]];
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    gs_scorer_result_t *r = &s->scorer[i];
    r->mean = calloc(s->grid.n, sizeof *r->mean);
    r->std = calloc(s->grid.n, sizeof *r->std);
    r->rank = calloc(s->grid.n, sizeof *r->rank);
    if (!r->mean || !r->std || !r->rank) { rc = GS_ENOMEM; goto fail; }
    if (cfg->return_train_score) {
      r->mean_train = calloc(s->grid.n, sizeof *r->mean_train);
      r->std_train = calloc(s->grid.n, sizeof *r->std_train);
      if (!r->mean_train || !r->std_train) { rc = GS_ENOMEM; goto fail; }
    }
  }
  *out = s;
  return GS_OK;
fail:
  if (rc == GS_ENOMEM) gs_error_set(err, rc, NULL, 0, 0, "out of memory");
  gs_search_free(s);
  return rc;
}

void gs_search_free(gs_search_t *s) {
  if (!s) return;
  if (s->est) s->est->free(s->est_state);
  gs__foldset_free(&s->fs);
  free(s->y_test);
  for (size_t i = 0; i < GS_MAX_SCORERS; i++) {
    free(s->scorer[i].mean);
    free(s->scorer[i].std);
    free(s->scorer[i].rank);
    free(s->scorer[i].mean_train);
    free(s->scorer[i].std_train);
    free(s->scorer[i].report);
    free(s->scorer[i].y_pred);
  }
  for (size_t j = 0; j < s->n_refits; j++) free(s->refits[j].model);
  gs__cv_table_free(&s->table);
  free(s->inject);
  gs_grid_free(&s->grid);
  gs_grid_free(&s->base);
  free(s->row_cand);
  free(s->row_iter);
  gs_split_free(&s->split);
  free(s->test_fold);
  gs_dataset_free(s->ds);
  free(s);
}

void gs_search_set_result(gs_search_t *s, size_t task, const gs_task_result_t *r) {
  gs__cv_table_set(&s->table, task, r);
}










/* The cv fitter (cv.h) over the estimator: cost, group and fit. */
static double cand_cost(void *ctx, size_t c) {
  const gs_search_t *s = ctx;
  return s->est->cost(s->est_state, row_base(s, c), 0);
}

static size_t task_group(void *ctx, size_t c, size_t f) {
  const gs_search_t *s = ctx;
  return s->est->group(s->est_state, row_base(s, c), row_fold(s, c, f));
}

static int fit_task(void *ctx, const gs__cv_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double sec[2],
                    gs_error_t *fe) {
  gs_search_t *s = ctx;
  gs__est_task_t et = {row_base(s, t->candidate), row_fold(s, t->candidate, t->fold), t->train, t->test, t->n_train,
                       t->n_test, t->full};
  return s->est->fit(s->est_state, &et, worker, pred, ex, sec, fe);
}

/* cv_results_ statistics: mean, std and rank per scorer (cv_results.h) of
 * round 0's rows, read where the scores lie, in the score table. */
static int reduce_scores(gs_search_t *s, gs_error_t *err) {
  size_t ns = s->cfg->n_scorers;
  gs__cv_stats_t st[GS_MAX_SCORERS];
  double *mean_train[GS_MAX_SCORERS], *std_train[GS_MAX_SCORERS];
  for (size_t i = 0; i < ns; i++) {
    gs_scorer_result_t *r = &s->scorer[i];
    st[i] = (gs__cv_stats_t){r->mean, r->std, r->rank, 0};
    mean_train[i] = r->mean_train;
    std_train[i] = r->std_train;
  }
  gs__score_table_t test = gs__cv_table_view(&s->table, 0, s->grid.n, ns, 0);
  gs__score_table_t train = gs__cv_table_view(&s->table, 0, s->grid.n, ns, 1);
  int rc = gs__cv_reduce_scorers(&test, s->cfg->return_train_score ? &train : NULL, ns, st, mean_train, std_train, err);
  for (size_t i = 0; !rc && i < ns; i++) {
    s->scorer[i].best = st[i].best;
    if (s->halving) { /* _select_best_index: the first nanargmax of the last iteration */
      size_t last = s->plan.n_iterations - 1, first = s->row_first[last];
      s->scorer[i].best = first + gs_halving_best(s->scorer[i].mean + first, s->plan.n_candidates[last]);
    }
  }
  return rc;
}

int gs_search_run(gs_search_t *s, gs_farm_t *farm, const gs_search_opts_t *opts, gs_error_t *err) {
  gs_search_opts_t none = {0};
  if (!opts) opts = &none;
  s->opts = opts;
  parse_injection(s, opts->fail_fits);
  double t0 = gs__now();
  int threads = gs_farm_threads(farm), rc = GS_OK;
  if (!s->prepared) {
    rc = s->est->prepare(s->est_state, threads, opts->memory_limit_mb, &s->stats, err);
    s->prepared = 1;
  }
  s->stats.ranks = gs_farm_size(farm);
  s->stats.threads = threads;
  /* a rank that failed here must not leave the others waiting in the run */
  if ((rc = gs_farm_agree(farm, rc, 0, err))) return rc;
  gs__cv_t cv = {s->cfg, s->ds, &s->fs, &s->grid, {fit_task, cand_cost, task_group, s}, s->inject, opts->skip,
                 opts->observe, opts->observe_ctx, opts->stop};
  gs__cv_round_t round0 = {0, s->grid.n, NULL, NULL, 0};
  gs__cv_summary_t sum;
  rc = s->halving ? gs__search_halving_rounds(s, &cv, farm, &sum, err) : gs__cv_run(&cv, &round0, &s->table, farm, &sum, err);
  s->stats.busy_seconds = sum.busy_seconds;
  s->stats.tasks_wall_seconds = sum.wall_seconds;
  if (sum.wall_seconds > 0)
    s->stats.efficiency = sum.busy_seconds / (sum.wall_seconds * (double)gs_farm_size(farm) * threads);
  if (rc) return rc;
  int root = gs_farm_rank(farm) == 0;
  /* every fit failed? */
  if (root) {
    s->stats.fits = sum.fits;
    s->stats.failed_fits = sum.failed;
    s->stats.fit_seconds_sum = sum.fit_seconds_sum;
    if (sum.failed == sum.fits)
      rc = gs_error_set(err, GS_EFIT, NULL, 0, 0, "all %zu fits failed; the first: %s", sum.failed,
                        s->table.results[sum.first].message);
    else
      rc = reduce_scores(s, err);
  }
  /* every rank must agree whether to go on to the refits */
  int go = rc == GS_OK;
  if (gs_farm_bcast(farm, &go, sizeof go, err) != GS_OK) return err->code;
  if (!go) return rc ? rc : GS_EFIT;
  rc = gs__search_refit(s, farm, err);
  s->stats.wall_seconds = gs__now() - t0;
  s->est->counts(s->est_state, &s->stats.blocks_built, &s->stats.blocks_reused);
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0) s->stats.peak_rss_mb = (double)ru.ru_maxrss / 1024.0;
  /* every rank that got here takes part in the agreement (a failure of
   * rank 0's own reports included), then all or none gather */
  if (rc != GS_EINTR && rc != GS_EMPI) {
    int nr = gs_farm_size(farm);
    double *all = NULL;
    if (!rc && root && !(all = malloc((size_t)nr * sizeof *all))) rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    if (!(rc = gs_farm_agree(farm, rc, 0, err)) && !(rc = gs_farm_gather(farm, &s->stats.peak_rss_mb, sizeof(double), all, err)) && root)
      for (int k = 0; k < nr && k < GS_MAX_RANKS_REPORTED; k++) s->stats.rank_rss_mb[k] = all[k];
    free(all);
  }
  return rc;
}

gs_kernel_plan_t gs_search_kernel_plan(const gs_search_t *s, int threads, double limit_mb) {
  return s->est->plan(s->est_state, threads, limit_mb);
}

const long *gs__search_y_test(const gs_search_t *s);
const long *gs__search_y_test(const gs_search_t *s) { return s->y_test; }

/* search.c: GridSearchCV in C. Prepares the split, folds and per-fold kernel
 * settings once, runs (candidate, fold) tasks on the farm, then reduces the
 * scores to cv_results_ statistics and refits each distinct best candidate. */
#include "gridsearch/search.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "gridsearch/halving.h"
#include "gridsearch/hash.h"
#include "gridsearch/metrics.h"
#include "gridsearch/npmath.h"
#include "gridsearch/sampler.h"
#include "gridsearch/svc.h"
#include "gridsearch/transform.h"
#include "cv.h"
#include "cv_results.h"
#include "foldset.h"
#include "estimator.h"
#include "clock.h"

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
  /* successive halving: grid holds one candidate per cv_results_ row; row r
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
const gs_grid_t *gs_search_candidates(const gs_search_t *s) { return s->halving ? &s->base : &s->grid; }

/* Row c's candidate (in gs_search_candidates), and the fold set's fold of
 * its split k (halving: split k of the row's iteration). */
static size_t row_base(const gs_search_t *s, size_t c) { return s->halving ? s->row_cand[c] : c; }
static size_t row_fold(const gs_search_t *s, size_t c, size_t k) {
  return s->halving ? s->row_iter[c] * (size_t)s->n_splits + k : k;
}
const gs_scorer_result_t *gs_search_scorer(const gs_search_t *s, size_t i) { return &s->scorer[i]; }
size_t gs_search_n_refits(const gs_search_t *s) { return s->n_refits; }
const gs_search_refit_t *gs_search_refit(const gs_search_t *s, size_t j) { return &s->refits[j]; }


static size_t class_index(const gs_dataset_t *ds, long label) {
  for (size_t i = 0; i < ds->n_classes; i++)
    if (ds->classes[i] == label) return i;
  return ds->n_classes;
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




/* Gives an error found against the data the place of key in the config. */
static void place_error(gs_error_t *err, const gs_config_t *cfg, const char *key) {
  if (err->file[0] && err->line) return;
  long line, col;
  gs_config_where(cfg, key, &line, &col);
  snprintf(err->file, sizeof err->file, "%s", cfg->file);
  err->line = line;
  err->column = col;
  gs_error_set_path(err, key);
}

/* Why scikit-learn 1.2.1 refuses step t on sparse input, or NULL. */
static const char *sparse_refusal(const gs_transform_spec_t *t) {
  if (t->kind == GS_TF_STANDARD && t->with_mean)
    return "StandardScaler cannot center sparse data (scikit-learn: \"Cannot center sparse matrices\"): "
           "use {\"standard\": {\"with_mean\": false}} or \"maxabs\"";
  if (t->kind == GS_TF_MINMAX)
    return "MinMaxScaler does not support sparse input (as in scikit-learn): use \"maxabs\" instead";
  return NULL;
}

/* A sparse data set (kept as CSR) takes only the steps scikit-learn takes
 * on a scipy sparse matrix. */
static int check_sparse_steps(const gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  const char *why = sparse_refusal(&cfg->preprocessing);
  if (why) {
    gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "%s (the dataset is kept sparse: under 10%% of its cells are stored)", why);
    place_error(err, cfg, "preprocessing");
    return GS_ECONFIG;
  }
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    for (size_t j = 0; j < sg->n[GS_P_SCALER]; j++) {
      const gs_value_t *v = &sg->values[GS_P_SCALER][j];
      if (v->type != GS_VAL_TRANSFORM || !(why = sparse_refusal(&v->tf))) continue;
      const char *top = cfg->strategy == GS_STRATEGY_RANDOM ? "param_distributions" : "param_grid";
      char path[96];
      long line, col;
      gs_config_where(cfg, top, &line, &col);
      snprintf(path, sizeof path, "%s[%zu].scaler[%zu]", top, g, j);
      gs_error_set(err, GS_ECONFIG, cfg->file, line, col, "%s (the dataset is kept sparse: under 10%% of its cells are stored)", why);
      gs_error_set_path(err, path);
      return GS_ECONFIG;
    }
  }
  return GS_OK;
}

static int check_against_data(gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  const gs_dataset_t *ds = s->ds;
  if (ds->csr && check_sparse_steps(s, err)) return GS_ECONFIG;
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    if (!gs_scorer_is_binary(cfg->scorers[i])) continue;
    int has_one = class_index(ds, 1) < ds->n_classes;
    if (ds->n_classes != 2 || !has_one)
      return gs_error_set(err, GS_ECONFIG, cfg->file, cfg->where[6][0], cfg->where[6][1],
                          "scoring: \"%s\" is a binary scorer (positive label 1) but the dataset has %zu classes%s; use \"%s_macro\" or another average",
                          gs_scorer_name(cfg->scorers[i]), ds->n_classes, has_one ? "" : " and no label 1",
                          gs_scorer_name(cfg->scorers[i]));
  }
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    for (size_t j = 0; j < sg->n[GS_P_CLASS_WEIGHT]; j++) {
      const gs_value_t *v = &sg->values[GS_P_CLASS_WEIGHT][j];
      for (size_t w = 0; w < v->n_weights; w++)
        if (class_index(ds, v->weights[w].label) == ds->n_classes) {
          char path[96];
          snprintf(path, sizeof path, "param_grid[%zu].class_weight[%zu]", g, j);
          gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "class_weight names label %ld, which is not in the dataset", v->weights[w].label);
          gs_error_set_path(err, path);
          return GS_ECONFIG;
        }
    }
  }
  return GS_OK;
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

/* The distinct labels of X_train (np.unique(y) of the y that fit sees). */
static size_t train_classes(const gs_search_t *s) {
  size_t k = s->ds->n_classes, n = 0;
  unsigned char *seen = calloc(k ? k : 1, 1);
  if (!seen) return k;
  for (size_t i = 0; i < s->split.n_train; i++) {
    size_t c = class_index(s->ds, s->ds->y[s->split.train[i]]);
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
static int halving_prepare(gs_search_t *s, gs_error_t *err) {
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
  s->grid.cand = malloc(rows * sizeof *s->grid.cand);
  s->row_cand = calloc(rows, sizeof *s->row_cand);
  s->row_iter = malloc(rows * sizeof *s->row_iter);
  if (!s->grid.cand || !s->row_cand || !s->row_iter) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  s->grid.n = rows;
  s->grid.n_keys = s->base.n_keys;
  memcpy(s->grid.keys, s->base.keys, sizeof s->grid.keys);
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
  place_error(err, cfg, "search");
  return rc;
}

int gs_search_prepare(gs_search_t **out, const gs_config_t *cfg, gs_error_t *err) {
  gs_search_t *s = calloc(1, sizeof *s);
  int rc;
  *out = NULL;
  if (!s) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  s->cfg = cfg;
  s->n_splits = cfg->n_splits;
  if ((rc = gs_dataset_load(&s->ds, cfg->data_path, cfg->data_format, err))) goto fail;
  if ((rc = check_against_data(s, err))) goto fail;
  size_t n_train, n_test;
  if ((rc = gs_split_sizes(s->ds->n_samples, cfg->test_is_count, cfg->test_fraction, cfg->test_count, &n_train, &n_test, err))) {
    place_error(err, cfg, "test_size");
    goto fail;
  }
  if (n_train < (size_t)cfg->n_splits) {
    rc = gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "test_size leaves %zu training row%s, fewer than the %d folds", n_train, n_train == 1 ? "" : "s", cfg->n_splits);
    place_error(err, cfg, "test_size");
    goto fail;
  }
  if ((rc = gs_split_make(&s->split, s->ds->y, s->ds->n_samples, n_train, n_test, cfg->random_state, cfg->stratify, err))) {
    place_error(err, cfg, "stratify");
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
      place_error(err, cfg, "cv");
      goto fail;
    }
  }
  s->halving = cfg->strategy == GS_STRATEGY_HALVING;
  if (s->halving) rc = halving_prepare(s, err);
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

/* A refit's result: its predictions on the test set, then its model text
 * (room for gs_svc_model_bytes), one fixed-size record for the farm. */
typedef struct {
  int status;
  double fit_time;
  size_t model_len;
  char message[240];
  long pred[];
} refit_result_t;

static char *refit_model(const refit_result_t *r, size_t n_test) { return (char *)(uintptr_t)(r->pred + n_test); }

typedef struct {
  gs_search_t *s;
  size_t *cands;
  refit_result_t **out;
  size_t result_size;
} refit_ctx_t;

static int run_refit(void *ctx, size_t task, int worker, void *result, gs_error_t *err) {
  refit_ctx_t *rc = ctx;
  gs_search_t *s = rc->s;
  refit_result_t *r = result;
  size_t f = s->refit_fold;
  double sec[2];
  gs_error_t fe;
  gs_error_clear(&fe);
  memset(r, 0, rc->result_size);
  if (s->opts->refit_delay > 0) { /* tests: a slow refit (signals do not cut it short) */
    double whole = floor(s->opts->refit_delay);
    struct timespec ts = {(time_t)whole, (long)((s->opts->refit_delay - whole) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {}
  }
  size_t nt = s->split.n_test;
  gs_svc_extra_t ex = {NULL, refit_model(r, nt), rc->result_size - sizeof *r - nt * sizeof(long), 0, NULL, NULL, NULL};
  gs__est_task_t et = {row_base(s, rc->cands[task]), f, s->fs.train[f], s->fs.test[f], s->fs.n_train[f], s->fs.n_test[f], 1};
  int frc = s->est->fit(s->est_state, &et, worker, r->pred, &ex, sec, &fe);
  if (!frc && ex.model_len >= ex.model_cap)
    frc = gs_error_set(&fe, GS_EFIT, NULL, 0, 0, "the model text outgrew its %zu bytes", ex.model_cap);
  r->model_len = ex.model_len;
  if (frc == GS_ENOMEM) return gs_error_set(err, frc, NULL, 0, 0, "%s", fe.message);
  r->status = frc;
  r->fit_time = frc ? 0 : sec[0];
  if (frc) snprintf(r->message, sizeof r->message, "%.*s", (int)sizeof r->message - 1, fe.message);
  return GS_OK;
}

static int collect_refit(void *ctx, size_t task, const void *result, double seconds, int rank, int worker) {
  refit_ctx_t *rc = ctx;
  (void)seconds; (void)rank; (void)worker;
  memcpy(rc->out[task], result, rc->result_size);
  return GS_OK;
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
static int halving_rounds(gs_search_t *s, gs__cv_t *cv, gs_farm_t *farm, gs__cv_summary_t *sum, gs_error_t *err) {
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
  rc = s->halving ? halving_rounds(s, &cv, farm, &sum, err) : gs__cv_run(&cv, &round0, &s->table, farm, &sum, err);
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
  /* refits: one per distinct best candidate, broadcast so all ranks agree */
  size_t cands[GS_MAX_SCORERS], nref = 0, best[GS_MAX_SCORERS];
  for (size_t i = 0; i < s->cfg->n_scorers; i++) best[i] = s->scorer[i].best;
  if ((rc = gs_farm_bcast(farm, best, sizeof best, err))) return rc;
  /* "refit": "<scorer>": only that scorer's best is refitted */
  int only = s->cfg->refit_scorer;
  for (size_t i = 0; i < s->cfg->n_scorers; i++) {
    s->scorer[i].best = best[i];
    size_t j = 0;
    while (j < nref && cands[j] != best[i]) j++;
    if (j == nref && (only < 0 || (size_t)only == i)) cands[nref++] = best[i];
  }
  size_t nt = s->split.n_test;
  size_t model_cap = s->est->model_bytes(s->est_state) + 1;
  refit_ctx_t rctx = {s, cands, NULL, sizeof(refit_result_t) + nt * sizeof(long) + model_cap};
  refit_result_t *outs[GS_MAX_SCORERS] = {0};
  for (size_t j = 0; j < nref; j++)
    if (!rc && !(outs[j] = calloc(1, rctx.result_size))) rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  if ((rc = gs_farm_agree(farm, rc, 0, err))) goto refit_done;
  rctx.out = outs;
  double rcost[GS_MAX_SCORERS];
  for (size_t j = 0; j < nref; j++) rcost[j] = s->est->cost(s->est_state, row_base(s, cands[j]), s->refit_fold);
  /* a signal stops the refits as it stops the tasks (status 3; --resume refits) */
  gs_farm_job_t rjob = {nref, rcost, rctx.result_size, run_refit, collect_refit, &rctx, NULL, NULL, opts->stop};
  /* fewer refits than threads: the idle ones help fill the refit kernels */
  s->est->set_helpers(s->est_state, nref < (size_t)threads ? (int)((size_t)threads / nref) - 1 : 0);
  rc = gs_farm_run(farm, &rjob, NULL, err);
  s->est->set_helpers(s->est_state, 0);
  if (rc) goto refit_done;
  s->stats.refits = nref;
  if (root) {
    for (size_t j = 0; j < nref; j++)
      if (outs[j]->status != GS_OK) {
        char repr[1024];
        gs_grid_repr(&s->grid.cand[cands[j]], repr, sizeof repr);
        rc = gs_error_set(err, GS_EFIT, NULL, 0, 0, "refit of the best candidate %s failed: %s", repr, outs[j]->message);
        goto refit_done;
      }
    for (size_t j = 0; j < nref; j++) {
      gs_search_refit_t *m = &s->refits[j];
      m->candidate = cands[j];
      m->fit_time = outs[j]->fit_time;
      m->model_len = outs[j]->model_len;
      if (!(m->model = malloc(m->model_len + 1))) { rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto refit_done; }
      memcpy(m->model, refit_model(outs[j], nt), m->model_len);
      m->model[m->model_len] = '\0';
      s->n_refits = j + 1;
    }
    for (size_t i = 0; i < s->cfg->n_scorers; i++) {
      if (only >= 0 && (size_t)only != i) continue; /* not refitted: no report */
      size_t j = 0;
      while (cands[j] != s->scorer[i].best) j++;
      gs_scorer_result_t *r = &s->scorer[i];
      r->y_pred = malloc((nt ? nt : 1) * sizeof *r->y_pred);
      if (!r->y_pred) { rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto refit_done; }
      memcpy(r->y_pred, outs[j]->pred, nt * sizeof(long));
      r->report = gs_metrics_report(s->y_test, r->y_pred, nt);
      if (!r->report) { rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto refit_done; }
    }
  }
refit_done:
  for (size_t j = 0; j < nref; j++) free(outs[j]);
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

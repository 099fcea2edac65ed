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
#include "kcache.h"

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
  /* kernels */
  gs_svc_data_t data;
  double *gram;
  gs_svc_work_t **work;      /* per worker thread (LIBSVM's own kernels) */
  int n_work;
  /* precomputed kernels: a block per (fold, kernel setting) "slot", shared
   * by the candidates that differ only in C or class_weight (kcache.h) */
  size_t n_keys;
  size_t *cand_key;          /* per candidate */
  size_t *key_first;         /* per kernel setting: its first candidate */
  gs__kcache_t *kc;
  /* results: one round (0) of candidates x folds tasks, by stable id (cv.h) */
  gs__cv_table_t table;
  gs_scorer_result_t scorer[GS_MAX_SCORERS];
  gs_search_refit_t refits[GS_MAX_SCORERS]; /* rank 0, after the run */
  size_t n_refits;
  gs_search_stats_t stats;
  /* fault injection for tests: GRIDSEARCH_FAIL_FITS=cand:fold,... */
  unsigned char *inject;
  const gs_search_opts_t *opts;
  /* successive halving: grid holds one candidate per cv_results_ row; row r
   * of iteration i runs tasks r * n_splits + k (cv round 0, so ids are as a
   * full grid's) on the fold set's fold i * n_splits + k; base holds the
   * candidates themselves */
  int halving;
  gs_halving_plan_t plan;
  gs_grid_t base;
  size_t *row_cand;          /* per row: its candidate in base */
  size_t *row_iter;          /* per row: its iteration */
  size_t row_first[GS_HALVING_MAX_ITERS + 1]; /* per iteration: its first row */
  size_t *base_step;         /* per base candidate: its preprocessing step */
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

/* The fold set's fold of row c's split k: k, or in halving k of the row's iteration. */
static size_t row_fold(const gs_search_t *s, size_t c, size_t k) {
  return s->halving ? s->row_iter[c] * (size_t)s->n_splits + k : k;
}
const gs_scorer_result_t *gs_search_scorer(const gs_search_t *s, size_t i) { return &s->scorer[i]; }
size_t gs_search_n_refits(const gs_search_t *s) { return s->n_refits; }
const gs_search_refit_t *gs_search_refit(const gs_search_t *s, size_t j) { return &s->refits[j]; }

static int fit_fold(gs_search_t *s, size_t c, size_t f, int worker, const gs_svc_params_t *p, long *pred,
                    gs_svc_extra_t *ex, double sec[2], gs_error_t *fe);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

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
  if (c >= s->grid.n || !s->fs.cand_step || !s->fs.cand_step[c]) return NULL;
  return &s->fs.view_fit[gs__foldset_view(&s->fs, c, s->refit_fold)];
}

/* Groups candidates by kernel setting (what the kernel matrix depends on:
 * the kernel and, where it uses them, gamma, coef0 and degree): key ids in
 * order of first appearance, found through a hash table of the settings. */
static int make_kernel_keys(gs_search_t *s) {
  size_t n = s->grid.n, cap = 16;
  free(s->cand_key); /* halving: made again once a round has chosen its rows */
  free(s->key_first);
  while (cap < 2 * n) cap *= 2;
  char (*keys)[160] = malloc((n ? n : 1) * sizeof *keys);
  size_t *table = malloc(cap * sizeof *table); /* key id + 1, 0: empty */
  s->cand_key = malloc((n ? n : 1) * sizeof *s->cand_key);
  s->key_first = malloc((n ? n : 1) * sizeof *s->key_first);
  if (!keys || !table || !s->cand_key || !s->key_first) {
    free(keys);
    free(table);
    return GS_ENOMEM;
  }
  memset(table, 0, cap * sizeof *table);
  s->n_keys = 0;
  for (size_t c = 0; c < n; c++) {
    const gs_candidate_t *cand = &s->grid.cand[c];
    const char *kernel = cand->v[GS_P_KERNEL] ? cand->v[GS_P_KERNEL]->str : "rbf";
    int linear = !strcmp(kernel, "linear"), poly = !strcmp(kernel, "poly"), rbf = !strcmp(kernel, "rbf");
    char g[48] = "", c0[48] = "", d[48] = "";
    const gs_value_t *gv = cand->v[GS_P_GAMMA];
    if (!linear) snprintf(g, sizeof g, "%s", !gv ? "scale" : gv->type == GS_VAL_STR ? gv->str : "");
    if (!linear && gv && gv->type != GS_VAL_STR) snprintf(g, sizeof g, "%a", gv->num);
    if (!linear && !rbf) snprintf(c0, sizeof c0, "%a", cand->v[GS_P_COEF0] ? cand->v[GS_P_COEF0]->num : 0.0);
    if (poly) snprintf(d, sizeof d, "%d", cand->v[GS_P_DEGREE] ? (int)cand->v[GS_P_DEGREE]->num : 3);
    char key[160];
    snprintf(key, sizeof key, "%s|%s|%s|%s|%zu", kernel, g, c0, d, s->fs.cand_step[c]);
    size_t h = (size_t)gs_hash_bytes(key, strlen(key)) & (cap - 1);
    while (table[h] && strcmp(keys[table[h] - 1], key)) h = (h + 1) & (cap - 1);
    if (!table[h]) {
      memcpy(keys[s->n_keys], key, sizeof key);
      s->key_first[s->n_keys] = c;
      table[h] = ++s->n_keys;
    }
    s->cand_key[c] = table[h] - 1;
  }
  free(keys);
  free(table);
  return GS_OK;
}

/* The first candidate of kernel setting key. */
static size_t key_candidate(const gs_search_t *s, size_t key) { return s->key_first[key]; }

/* Whether kernel setting key gets a matrix over the training rows (see
 * gs_search_kernel_plan). */
static int key_wants_matrix(const gs_search_t *s, size_t key) {
  size_t first = key_candidate(s, key);
  const gs_candidate_t *c = &s->grid.cand[first];
  if (s->fs.cand_step[first]) return 0; /* preprocessed rows: LIBSVM's own kernels */
  const char *kernel = c->v[GS_P_KERNEL] ? c->v[GS_P_KERNEL]->str : "rbf";
  const gs_value_t *g = c->v[GS_P_GAMMA];
  return strcmp(kernel, "linear") != 0 && g && (g->type != GS_VAL_STR || !strcmp(g->str, "auto"));
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

static int check_against_data(gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  const gs_dataset_t *ds = s->ds;
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

static void parse_injection(gs_search_t *s) {
  const char *env = getenv("GRIDSEARCH_FAIL_FITS");
  if (!env || !*env) return;
  s->inject = calloc(s->table.n_tasks ? s->table.n_tasks : 1, 1);
  if (!s->inject) return;
  const char *p = env;
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

/* Rows of iteration it take the base candidates cands[0..n_candidates[it])
 * (cands may be s->row_cand's own slice). */
static void halving_set_rows(gs_search_t *s, size_t it, const size_t *cands) {
  for (size_t j = 0; j < s->plan.n_candidates[it]; j++) {
    size_t r = s->row_first[it] + j, c = cands[j];
    s->row_cand[r] = c;
    s->grid.cand[r] = s->base.cand[c];
    if (s->fs.cand_step && s->base_step) s->fs.cand_step[r] = s->base_step[c];
  }
}

/* A halving search's candidates (HalvingGridSearchCV's grid or
 * HalvingRandomSearchCV's sample), its plan, and its rows: iteration 0's
 * are the candidates in order; the later iterations' hold candidate 0
 * until the iteration before chooses them (gs_search_run). */
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
  {
    const gs_grid_t *g = gs_search_candidates(s);
    gs_transform_spec_t *spec = malloc((g->n ? g->n : 1) * sizeof *spec);
    if (!spec) { rc = GS_ENOMEM; goto fail; }
    for (size_t c = 0; c < g->n; c++) spec[c] = cand_spec(s, g, c);
    gs__foldset_sub_t sub = {s->plan.n_iterations, s->plan.n_resources, s->split.n_train, cfg->search_random_state};
    rc = gs__foldset_make_sub(&s->fs, s->ds, &s->split, s->test_fold, s->n_splits, s->halving ? &sub : NULL, spec, g->n, err);
    free(spec);
    if (rc) goto fail;
    s->refit_fold = s->fs.n_folds - 1;
    if (s->halving) { /* the fold set's steps are per candidate; the search's per row */
      s->base_step = s->fs.cand_step;
      if (!(s->fs.cand_step = malloc(s->grid.n * sizeof *s->fs.cand_step))) { rc = GS_ENOMEM; goto fail; }
      for (size_t it = 0; it < s->plan.n_iterations; it++) halving_set_rows(s, it, s->row_cand + s->row_first[it]);
    }
  }
  if ((rc = make_kernel_keys(s))) goto fail;
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
  parse_injection(s);
  *out = s;
  return GS_OK;
fail:
  if (rc == GS_ENOMEM) gs_error_set(err, rc, NULL, 0, 0, "out of memory");
  gs_search_free(s);
  return rc;
}

void gs_search_free(gs_search_t *s) {
  if (!s) return;
  for (int w = 0; w < s->n_work; w++) gs_svc_work_free(s->work[w]);
  free(s->work);
  gs__kcache_free(s->kc);
  free(s->cand_key);
  free(s->key_first);
  free(s->gram);
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
  free(s->base_step);
  gs_split_free(&s->split);
  free(s->test_fold);
  gs_dataset_free(s->ds);
  free(s);
}

void gs_search_set_result(gs_search_t *s, size_t task, const gs_task_result_t *r) {
  gs__cv_table_set(&s->table, task, r);
}

/* The SVC parameters of candidate c on fold f, with gamma and class weights
 * resolved on the fold's training set. weights/labels: n_classes scratch. */
static void resolve_params(const gs_search_t *s, size_t c, size_t f, gs_svc_params_t *p, long *labels, double *weights) {
  const gs_candidate_t *cand = &s->grid.cand[c];
  const gs_dataset_t *ds = s->ds;
  memset(p, 0, sizeof *p);
  p->kernel = GS_KERNEL_RBF;
  p->C = 1.0;
  p->degree = 3;
  p->coef0 = 0.0;
  p->tol = s->cfg->tol;
  p->cache_size = s->cfg->cache_size;
  p->shrinking = s->cfg->shrinking;
  if (cand->v[GS_P_KERNEL]) {
    const char *k = cand->v[GS_P_KERNEL]->str;
    p->kernel = !strcmp(k, "linear") ? GS_KERNEL_LINEAR : !strcmp(k, "poly") ? GS_KERNEL_POLY : !strcmp(k, "rbf") ? GS_KERNEL_RBF : GS_KERNEL_SIGMOID;
  }
  if (cand->v[GS_P_C]) p->C = cand->v[GS_P_C]->num;
  if (cand->v[GS_P_DEGREE]) p->degree = (int)cand->v[GS_P_DEGREE]->num;
  if (cand->v[GS_P_COEF0]) p->coef0 = cand->v[GS_P_COEF0]->num;
  const gs_value_t *g = cand->v[GS_P_GAMMA];
  if (g && g->type != GS_VAL_STR) p->gamma = g->num;
  else if (g && !strcmp(g->str, "auto")) p->gamma = 1.0 / (double)ds->n_features;
  else {
    double var = s->fs.view_var[gs__foldset_view(&s->fs, c, f)];
    p->gamma = var != 0.0 ? 1.0 / ((double)ds->n_features * var) : 1.0;
  }
  const gs_value_t *cw = cand->v[GS_P_CLASS_WEIGHT];
  if (cw && cw->type == GS_VAL_STR) {
    for (size_t i = 0; i < ds->n_classes; i++) {
      labels[i] = ds->classes[i];
      weights[i] = s->fs.balanced[f * ds->n_classes + i];
    }
    p->n_weights = ds->n_classes;
  } else if (cw && cw->type == GS_VAL_WEIGHTS) {
    for (size_t i = 0; i < ds->n_classes; i++) {
      labels[i] = ds->classes[i];
      weights[i] = 1.0;
      for (size_t w = 0; w < cw->n_weights; w++)
        if (cw->weights[w].label == ds->classes[i]) weights[i] = cw->weights[w].weight;
    }
    p->n_weights = ds->n_classes;
  }
  p->weight_labels = labels;
  p->weights = weights;
}

/* Estimated relative cost of a task: linear kernels with large C converge
 * slowly; rbf with small gamma too. Only the order of hand-out depends on it. */
static double cand_cost(void *ctx, size_t c) {
  const gs_search_t *s = ctx;
  const gs_candidate_t *cand = &s->grid.cand[c];
  double C = cand->v[GS_P_C] ? cand->v[GS_P_C]->num : 1.0;
  int linear = cand->v[GS_P_KERNEL] && !strcmp(cand->v[GS_P_KERNEL]->str, "linear");
  double cost = 1.0 + (C > 1.0 ? log10(C) : 0.0) * (linear ? 1.0 : 0.25);
  if (cand->v[GS_P_KERNEL] && !strcmp(cand->v[GS_P_KERNEL]->str, "poly")) cost *= 1.5;
  return cost;
}

/* The cv fitter's group of (candidate c, fold f): its kernel slot (fold x
 * kernel setting), which the workers' kernel blocks are built for. */
static size_t task_group(void *ctx, size_t c, size_t f) {
  const gs_search_t *s = ctx;
  return row_fold(s, c, f) * s->n_keys + s->cand_key[c];
}

/* The cv fitter (cv.h): candidate t->candidate fitted on its fold. The
 * kernel routes are built for whole folds (setup_kernels). */
static int fit_task(void *ctx, const gs__cv_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double sec[2],
                    gs_error_t *fe) {
  gs_search_t *s = ctx;
  if (!t->full)
    return gs_error_set(fe, GS_EINVAL, NULL, 0, 0, "the SVC fitter runs whole folds only (task %zu has a subset)", t->id);
  long labels[1024];
  double weights[1024];
  long *lab = labels;
  double *wts = weights;
  if (s->ds->n_classes > 1024) {
    lab = malloc(s->ds->n_classes * sizeof *lab);
    wts = malloc(s->ds->n_classes * sizeof *wts);
    if (!lab || !wts) { free(lab); free(wts); return gs_error_set(fe, GS_ENOMEM, NULL, 0, 0, "out of memory"); }
  }
  gs_svc_params_t p;
  size_t f = row_fold(s, t->candidate, t->fold);
  resolve_params(s, t->candidate, f, &p, lab, wts);
  int rc = fit_fold(s, t->candidate, f, worker, &p, pred, ex, sec, fe);
  if (lab != labels) { free(lab); free(wts); }
  return rc;
}

/* The memory budget: limit_mb, else the config's, else a quarter of RAM. */
static double memory_limit(const gs_search_t *s, double limit_mb) {
  if (limit_mb <= 0) limit_mb = s->cfg->memory_limit_mb;
  if (limit_mb <= 0) {
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
    limit_mb = pages > 0 && psz > 0 ? (double)pages * (double)psz / 1048576.0 / 4.0 : 1024.0;
  }
  return limit_mb;
}

gs_kernel_plan_t gs_search_kernel_plan(const gs_search_t *s, int threads, double limit_mb) {
  gs_kernel_plan_t k;
  const double MB = 1048576.0;
  size_t n = s->ds->n_samples, ns = s->fs.n_folds, n_slots = ns * s->n_keys;
  gs_svc_data_t d = {s->ds->X, s->ds->y, n, s->ds->n_features, NULL};
  memset(&k, 0, sizeof k);
  k.limit_mb = memory_limit(s, limit_mb);
  k.gram_mb = (double)n * (double)n * 8.0 / MB;
  for (size_t f = 0; f < ns; f++) {
    double b = (double)gs_svc_block_bytes(s->fs.n_train[f], s->fs.n_test[f]) / MB;
    if (b > k.block_mb) k.block_mb = b;
  }
  /* two blocks per worker let a worker keep one while another is built */
  /* preprocessed views: every row transformed per (step, fold), fitted by
   * LIBSVM's own kernels; with precomputed kernels for the others, their
   * node arrays are needed as well: both count against the budget */
  k.views = (s->fs.n_steps - 1) * ns;
  k.views_mb = (double)k.views * (double)n * (double)s->ds->n_features * 8.0 / MB;
  k.own_mb = (double)gs_svc_work_bytes(&d, s->split.n_train) / MB * threads;
  double extra = k.views ? k.views_mb + k.own_mb : 0.0;
  k.blocks = (size_t)threads * 2;
  if (k.blocks > n_slots) k.blocks = n_slots;
  while (k.blocks > (size_t)threads && k.gram_mb + (double)k.blocks * k.block_mb + extra > k.limit_mb) k.blocks--;
  k.precomputed = k.gram_mb + (double)k.blocks * k.block_mb + extra <= k.limit_mb;
  /* the Gram matrix serves only candidates without preprocessing */
  size_t plain = 0;
  while (plain < s->grid.n && s->fs.cand_step[plain]) plain++;
  if (plain == s->grid.n) k.precomputed = 0;
  k.total_mb = k.precomputed ? k.gram_mb + (double)k.blocks * k.block_mb + extra : k.own_mb + k.views_mb;
  /* then, while the budget allows, the training rows' kernel of each
   * setting that does not change with the fold (not gamma="scale") and
   * costs more than a dot product (rbf's exp, sigmoid's tanh, poly's power) */
  k.matrix_mb = (double)s->split.n_train * (double)s->split.n_train * 8.0 / MB;
  for (size_t key = 0; k.precomputed && key < s->n_keys; key++)
    if (key_wants_matrix(s, key) && k.total_mb + k.matrix_mb <= k.limit_mb) {
      k.matrices++;
      k.total_mb += k.matrix_mb;
    }
  return k;
}

/* Computes the training rows' kernel of the first `count` settings that
 * want one, on `threads` threads. */
static int build_key_kernels(gs_search_t *s, int threads, size_t count, gs_error_t *err) {
  size_t nk = s->n_keys, nc = s->ds->n_classes;
  gs_svc_params_t *kp = calloc(nk ? nk : 1, sizeof *kp);
  const gs_svc_params_t **want = calloc(nk ? nk : 1, sizeof *want);
  long *labels = malloc((nc ? nc : 1) * sizeof *labels);
  double *weights = malloc((nc ? nc : 1) * sizeof *weights);
  int rc = GS_OK;
  if (!kp || !want || !labels || !weights) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  for (size_t key = 0; key < nk && count; key++) {
    if (!key_wants_matrix(s, key)) continue;
    count--;
    /* the kernel part of the settings does not depend on the fold */
    resolve_params(s, key_candidate(s, key), 0, &kp[key], labels, weights);
    want[key] = &kp[key];
  }
  rc = gs__kcache_build_keys(s->kc, s->split.train, s->split.n_train, s->ds->n_samples, want, threads, err);
done:
  free(kp);
  free(want);
  free(labels);
  free(weights);
  return rc;
}

/* Chooses how kernels are computed, within the memory budget: precomputed
 * kernel blocks (the Gram matrix X X^T of all rows, plus a cache of at least
 * one block per worker) when they fit, else LIBSVM's own kernels. */
static int setup_kernels(gs_search_t *s, int threads, double limit_mb, gs_error_t *err) {
  const gs_dataset_t *ds = s->ds;
  size_t n = ds->n_samples;
  s->data = (gs_svc_data_t){ds->X, ds->y, n, ds->n_features, NULL};
  gs_kernel_plan_t k = gs_search_kernel_plan(s, threads, limit_mb);
  int views = s->fs.n_steps > 1;
  if (k.precomputed && (s->gram = gs_svc_gram_alloc(n))) {
    gs_svc_gram(ds->X, n, ds->n_features, s->gram);
    s->data.gram = s->gram;
    if (!(s->kc = gs__kcache_new(&s->data, s->n_keys, k.blocks))) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    s->stats.precomputed = 1;
    s->stats.kernel_mb = k.total_mb;
    int rc = k.matrices ? build_key_kernels(s, threads, k.matrices, err) : GS_OK;
    if (rc || !views) return rc;
  } else {
    if (k.gram_mb + (double)threads * k.block_mb > k.limit_mb)
      snprintf(s->stats.note, sizeof s->stats.note,
               "kernels computed by LIBSVM: precomputed ones would take %.0f MB, over the %.0f MB memory limit",
               k.gram_mb + (double)threads * k.block_mb, k.limit_mb);
    s->stats.kernel_mb = k.total_mb;
  }
  if (views)
    snprintf(s->stats.note + strlen(s->stats.note), sizeof s->stats.note - strlen(s->stats.note),
             "%spreprocessed candidates: LIBSVM's own kernels on %zu transformed (step, fold) views, %.1f MB",
             s->stats.note[0] ? "; " : "", k.views, k.views_mb);
  s->work = calloc((size_t)threads, sizeof *s->work);
  if (!s->work) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  for (int w = 0; w < threads; w++) {
    int rc = gs_svc_work_new(&s->work[w], &s->data, s->split.n_train, err);
    if (rc) return rc;
    s->n_work = w + 1;
  }
  return GS_OK;
}

/* Fits candidate c on fold f (f == n_splits: the refit) and predicts the
 * fold's test rows, by whichever kernel route setup_kernels chose. */
static int fit_fold(gs_search_t *s, size_t c, size_t f, int worker, const gs_svc_params_t *p, long *pred,
                    gs_svc_extra_t *ex, double sec[2], gs_error_t *fe) {
  if (s->fs.cand_step[c]) {
    /* a preprocessed view: its own rows, LIBSVM's own kernels */
    gs_svc_data_t d = s->data;
    d.X = s->fs.view_X[gs__foldset_view(&s->fs, c, f)];
    d.gram = NULL;
    return gs_svc_fit_predict_ex(s->work[worker], &d, s->fs.train[f], s->fs.n_train[f], s->fs.test[f],
                                 s->fs.n_test[f], p, pred, ex, sec, fe);
  }
  if (!s->data.gram)
    return gs_svc_fit_predict_ex(s->work[worker], &s->data, s->fs.train[f], s->fs.n_train[f], s->fs.test[f],
                                 s->fs.n_test[f], p, pred, ex, sec, fe);
  double t0 = now();
  gs__kcache_entry_t *e = gs__kcache_acquire(s->kc, f * s->n_keys + s->cand_key[c], s->fs.train[f], s->fs.n_train[f],
                                             s->fs.test[f], s->fs.n_test[f], p, fe);
  if (!e) return fe->code ? fe->code : GS_ENOMEM;
  double build = now() - t0;
  int rc = gs_svc_block_fit_predict_ex(gs__kcache_block(e), &s->data, p, pred, ex, sec, fe);
  gs__kcache_release(s->kc, e);
  sec[0] += build; /* computing the kernel is part of fitting, as in LIBSVM's own route */
  return rc;
}

/* cv_results_ statistics: mean, std and rank per scorer (cv_results.h),
 * read where the scores lie, in the task results. */
static int reduce_scores(gs_search_t *s, gs_error_t *err) {
  gs__score_table_t t = {(const char *)s->table.results + offsetof(gs_task_result_t, scores), s->grid.n, (size_t)s->n_splits,
                         s->cfg->n_scorers, (size_t)s->n_splits * sizeof(gs_task_result_t), sizeof(gs_task_result_t),
                         sizeof(double)};
  for (size_t i = 0; i < s->cfg->n_scorers; i++) {
    gs_scorer_result_t *r = &s->scorer[i];
    gs__cv_stats_t st = {r->mean, r->std, r->rank, 0};
    int rc = gs__cv_reduce(&t, i, &st, err);
    if (rc) return rc;
    r->best = st.best;
    if (s->halving) { /* _select_best_index: the first nanargmax of the last iteration */
      size_t last = s->plan.n_iterations - 1, first = s->row_first[last];
      r->best = first + gs_halving_best(r->mean + first, s->plan.n_candidates[last]);
    }
  }
  if (!s->cfg->return_train_score) return GS_OK;
  /* mean_train_ and std_train_ (no rank, as scikit-learn) */
  t.v = (const char *)s->table.results + offsetof(gs_task_result_t, train_scores);
  for (size_t i = 0; i < s->cfg->n_scorers; i++) {
    int rc = gs__cv_mean_std(&t, i, s->scorer[i].mean_train, s->scorer[i].std_train, err);
    if (rc) return rc;
  }
  return GS_OK;
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
  size_t f = s->refit_fold, nc = s->ds->n_classes;
  /* the class weights: as many as the data set has classes (no limit) */
  long *labels = malloc((nc ? nc : 1) * sizeof *labels);
  double *weights = malloc((nc ? nc : 1) * sizeof *weights);
  if (!labels || !weights) {
    free(labels);
    free(weights);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  gs_svc_params_t p;
  resolve_params(s, rc->cands[task], f, &p, labels, weights);
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
  int frc = fit_fold(s, rc->cands[task], f, worker, &p, r->pred, &ex, sec, &fe);
  free(labels);
  free(weights);
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
 * and sets iteration it's rows, their steps and kernel keys from it. */
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
  if (!(rc = gs_farm_agree(farm, rc, 0, err)) && !(rc = gs_farm_bcast(farm, keep, k * sizeof *keep, err))) {
    halving_set_rows(s, it, keep);
    if ((rc = make_kernel_keys(s))) rc = gs_error_set(err, rc, NULL, 0, 0, "out of memory");
  }
  free(keep);
  free(idx);
  free(mean);
  free(std);
  return rc;
}

/* A halving search's rounds, one cv round per iteration on that
 * iteration's subsampled folds (a view of the fold set), each after
 * halving_advance chose its rows; sum adds up the rounds'. */
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
  double t0 = now();
  int threads = gs_farm_threads(farm), rc = GS_OK;
  if (!s->work && !s->data.gram) rc = setup_kernels(s, threads, opts->memory_limit_mb, err);
  s->stats.ranks = gs_farm_size(farm);
  s->stats.threads = threads;
  /* a rank that failed here must not leave the others waiting in the run */
  if ((rc = gs_farm_agree(farm, rc, 0, err))) return rc;
  gs__cv_t cv = {s->cfg, s->ds, &s->fs, &s->grid, {fit_task, cand_cost, task_group, s}, s->inject, opts->skip,
                 opts->observe, opts->observe_ctx, opts->stop};
  gs__cv_summary_t sum;
  rc = s->halving ? halving_rounds(s, &cv, farm, &sum, err) : gs__cv_run(&cv, &(gs__cv_round_t){0, s->grid.n, NULL, NULL, 0},
                                                                        &s->table, farm, &sum, err);
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
  size_t model_cap = gs_svc_model_bytes(s->split.n_train, s->ds->n_features, s->ds->n_classes) + 1;
  refit_ctx_t rctx = {s, cands, NULL, sizeof(refit_result_t) + nt * sizeof(long) + model_cap};
  refit_result_t *outs[GS_MAX_SCORERS] = {0};
  for (size_t j = 0; j < nref; j++)
    if (!rc && !(outs[j] = calloc(1, rctx.result_size))) rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  if ((rc = gs_farm_agree(farm, rc, 0, err))) goto refit_done;
  rctx.out = outs;
  double rcost[GS_MAX_SCORERS];
  for (size_t j = 0; j < nref; j++) rcost[j] = cand_cost(s, cands[j]);
  /* a signal stops the refits as it stops the tasks (status 3; --resume refits) */
  gs_farm_job_t rjob = {nref, rcost, rctx.result_size, run_refit, collect_refit, &rctx, NULL, NULL, opts->stop};
  /* fewer refits than threads: the idle ones help fill the refit kernels */
  if (s->kc) gs__kcache_set_helpers(s->kc, nref < (size_t)threads ? (int)((size_t)threads / nref) - 1 : 0);
  rc = gs_farm_run(farm, &rjob, NULL, err);
  if (s->kc) gs__kcache_set_helpers(s->kc, 0);
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
  s->stats.wall_seconds = now() - t0;
  if (s->kc) gs__kcache_counts(s->kc, &s->stats.blocks_built, &s->stats.blocks_reused);
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

const long *gs__search_y_test(const gs_search_t *s);
const long *gs__search_y_test(const gs_search_t *s) { return s->y_test; }

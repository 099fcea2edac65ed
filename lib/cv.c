/* cv.c: one round of (candidate, fold) tasks on the farm into the score
 * table: hand-out order, fit (the caller's fitter), scoring as
 * scikit-learn's _fit_and_score, error_score, collection (see cv.h). */
#include "cv.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gridsearch/log.h"
#include "gridsearch/metrics.h"
#include "clock.h"

int gs__cv_table_init(gs__cv_table_t *t, size_t n_candidates, size_t n_folds, size_t n_rounds, gs_error_t *err) {
  memset(t, 0, sizeof *t);
  t->n_candidates = n_candidates;
  t->n_folds = n_folds;
  t->n_rounds = n_rounds;
  t->n_tasks = n_rounds * n_candidates * n_folds;
  t->results = calloc(t->n_tasks ? t->n_tasks : 1, sizeof *t->results);
  t->done = calloc(t->n_tasks ? t->n_tasks : 1, 1);
  if (!t->results || !t->done) {
    gs__cv_table_free(t);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  return GS_OK;
}

void gs__cv_table_free(gs__cv_table_t *t) {
  free(t->results);
  free(t->done);
  t->results = NULL;
  t->done = NULL;
}

void gs__cv_table_set(gs__cv_table_t *t, size_t id, const gs_task_result_t *r) {
  t->results[id] = *r;
  t->done[id] = 1;
}

/* A running round: the engine's inputs plus the round's tasks resolved. */
typedef struct {
  const gs__cv_t *cv;
  const gs__cv_round_t *round;
  gs__cv_table_t *table;
  size_t n_folds, n_tasks;   /* tasks of this round: n_candidates x n_folds */
  size_t **train, **test;    /* per fold: its rows this round (the full fold's or gathered) */
  size_t *n_train, *n_test;
  unsigned char *full;       /* per fold */
  int raised;
  gs_error_t raise_err;
} round_t;

static size_t round_candidate(const round_t *r, size_t k) { return r->round->candidates ? r->round->candidates[k] : k; }

static size_t round_task_id(const round_t *r, size_t i) {
  size_t k = i / r->n_folds, f = i % r->n_folds;
  return gs__cv_task_id(r->table, r->round->round, round_candidate(r, k), f);
}

/* The hand-out order, given to the farm as decreasing "costs": groups (the
 * fitter's shared state: fold x kernel setting) by their estimated total
 * cost, costly first, and within a group the costly candidates first.
 * Grouping lets workers reuse a kernel block; ordering by cost keeps the
 * end of the run balanced. */
typedef struct {
  size_t task;
  double group_cost, cost;
  size_t group;
} order_t;

static int cmp_order(const void *a, const void *b) {
  const order_t *x = a, *y = b;
  if (x->group_cost != y->group_cost) return x->group_cost > y->group_cost ? -1 : 1;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  if (x->cost != y->cost) return x->cost > y->cost ? -1 : 1;
  return x->task < y->task ? -1 : x->task > y->task;
}

/* Fills cost (the farm's order) and group per round task; GS_ENOMEM. */
static int order_tasks(const round_t *r, double *cost, size_t *group) {
  const gs__cv_fitter_t *fit = &r->cv->fitter;
  size_t nt = r->n_tasks, n_groups = 1;
  for (size_t t = 0; t < nt; t++) {
    size_t c = round_candidate(r, t / r->n_folds);
    group[t] = fit->group(fit->ctx, c, t % r->n_folds);
    if (group[t] + 1 > n_groups) n_groups = group[t] + 1;
  }
  order_t *o = malloc((nt ? nt : 1) * sizeof *o);
  double *group_cost = calloc(n_groups, sizeof *group_cost);
  if (!o || !group_cost) {
    free(o);
    free(group_cost);
    return GS_ENOMEM;
  }
  for (size_t t = 0; t < nt; t++) {
    o[t] = (order_t){t, 0, fit->cost(fit->ctx, round_candidate(r, t / r->n_folds)), group[t]};
    group_cost[o[t].group] += o[t].cost;
  }
  for (size_t t = 0; t < nt; t++) o[t].group_cost = group_cost[o[t].group];
  qsort(o, nt, sizeof *o, cmp_order);
  for (size_t i = 0; i < nt; i++) cost[o[i].task] = (double)(nt - i);
  free(o);
  free(group_cost);
  return GS_OK;
}

/* Every scorer of a fitted task into out (its test or its train scores). A
 * decision scorer that scikit-learn's would raise on (NaN: multiclass, one
 * class, no label 1) records error_score, as GridSearchCV's _score does;
 * with error_score "raise" the task fails. GS_ENOMEM when a label scorer
 * runs out of memory (never a NaN score). */
static int score_task(const gs_config_t *cfg, gs_task_result_t *r, double *out, const long *ytrue, const long *pred,
                      const double *dec, size_t nt) {
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    int sc = cfg->scorers[i];
    if (gs_scorer_needs(sc) == GS_NEEDS_LABELS) {
      if (gs_metrics_try_score(sc, ytrue, pred, nt, &out[i]) != GS_OK) return GS_ENOMEM;
      continue;
    }
    out[i] = gs_metrics_score_decision(sc, ytrue, dec, nt);
    if (!isnan(out[i]) || cfg->error_score == GS_SCORE_NAN) continue;
    if (cfg->error_score == GS_SCORE_VALUE) {
      out[i] = cfg->error_score_value;
      continue;
    }
    r->status = GS_EFIT;
    snprintf(r->message, sizeof r->message, "scoring failed: %s is undefined on this fold's labels (scikit-learn raises)",
             gs_scorer_name(sc));
  }
  return GS_OK;
}

/* Buffers of one task: predictions and true labels of the test rows, and
 * what the scorers need besides (decision values, training-row labels). */
typedef struct {
  long *pred, *ytrue;
  gs_svc_extra_t ex;
  int need_dec, train;
} task_bufs_t;

static void bufs_free(task_bufs_t *b) {
  free(b->pred);
  free(b->ytrue);
  free(b->ex.dec);
  free(b->ex.train_true);
  free(b->ex.train_pred);
  free(b->ex.train_dec);
}

static int bufs_alloc(task_bufs_t *b, const gs_config_t *cfg, size_t nt, size_t ntr) {
  memset(b, 0, sizeof *b);
  b->train = cfg->return_train_score;
  for (size_t i = 0; i < cfg->n_scorers; i++) b->need_dec |= gs_scorer_needs(cfg->scorers[i]) == GS_NEEDS_DECISION;
  b->pred = malloc((nt ? nt : 1) * sizeof *b->pred);
  b->ytrue = malloc((nt ? nt : 1) * sizeof *b->ytrue);
  if (b->need_dec) b->ex.dec = malloc((nt ? nt : 1) * sizeof *b->ex.dec);
  if (b->train) {
    b->ex.train_true = malloc((ntr ? ntr : 1) * sizeof *b->ex.train_true);
    b->ex.train_pred = malloc((ntr ? ntr : 1) * sizeof *b->ex.train_pred);
    if (b->need_dec) b->ex.train_dec = malloc((ntr ? ntr : 1) * sizeof *b->ex.train_dec);
  }
  if (!b->pred || !b->ytrue || (b->need_dec && !b->ex.dec) ||
      (b->train && (!b->ex.train_true || !b->ex.train_pred || (b->need_dec && !b->ex.train_dec))))
    return GS_ENOMEM;
  return GS_OK;
}

static int run_task(void *ctx, size_t i, int worker, void *result, gs_error_t *err) {
  round_t *rd = ctx;
  const gs__cv_t *cv = rd->cv;
  const gs_config_t *cfg = cv->cfg;
  gs_task_result_t *r = result;
  size_t f = i % rd->n_folds;
  gs__cv_task_t t = {round_task_id(rd, i), rd->round->round, round_candidate(rd, i / rd->n_folds), f,
                     rd->train[f], rd->test[f], rd->n_train[f], rd->n_test[f], rd->full[f]};
  memset(r, 0, sizeof *r);
  task_bufs_t b;
  int rc = GS_OK;
  if (bufs_alloc(&b, cfg, t.n_test, t.n_train) != GS_OK) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  double sec[2] = {0, 0};
  gs_error_t fe;
  gs_error_clear(&fe);
  int frc;
  if (cv->inject && cv->inject[t.id]) frc = gs_error_set(&fe, GS_EFIT, NULL, 0, 0, "injected failure (GRIDSEARCH_FAIL_FITS)");
  else frc = cv->fitter.fit(cv->fitter.ctx, &t, worker, b.pred, b.need_dec || b.train ? &b.ex : NULL, sec, &fe);
  if (frc == GS_ENOMEM) { rc = gs_error_set(err, frc, NULL, 0, 0, "%s", fe.message); goto done; }
  if (frc) {
    r->status = frc;
    snprintf(r->message, sizeof r->message, "%.*s", (int)sizeof r->message - 1, fe.message);
    double v = cfg->error_score == GS_SCORE_VALUE ? cfg->error_score_value : NAN;
    for (size_t k = 0; k < cfg->n_scorers; k++) r->scores[k] = r->train_scores[k] = v;
    r->fit_time = sec[0];
    goto done;
  }
  double t0 = sec[1];
  double ts = gs__now();
  for (size_t k = 0; k < t.n_test; k++) b.ytrue[k] = cv->ds->y[t.test[k]];
  if (score_task(cfg, r, r->scores, b.ytrue, b.pred, b.ex.dec, t.n_test) != GS_OK) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory scoring candidate %zu on fold %zu", t.candidate, f);
    goto done;
  }
  r->fit_time = sec[0];
  r->score_time = t0 + (gs__now() - ts); /* the test rows' scoring only, as scikit-learn times it */
  if (b.train && score_task(cfg, r, r->train_scores, b.ex.train_true, b.ex.train_pred, b.ex.train_dec, t.n_train) != GS_OK) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory scoring candidate %zu on fold %zu", t.candidate, f);
    goto done;
  }
done:
  bufs_free(&b);
  return rc;
}

static int collect_task(void *ctx, size_t i, const void *result, double seconds, int rank, int worker) {
  round_t *rd = ctx;
  const gs__cv_t *cv = rd->cv;
  const gs_task_result_t *r = result;
  size_t id = round_task_id(rd, i);
  (void)seconds; (void)rank; (void)worker;
  gs__cv_table_set(rd->table, id, r);
  if (r->status != GS_OK) {
    size_t c = round_candidate(rd, i / rd->n_folds), f = i % rd->n_folds;
    char repr[1024];
    gs_grid_repr(&cv->grid->cand[c], repr, sizeof repr);
    if (cv->cfg->error_score == GS_SCORE_RAISE) {
      gs_error_set(&rd->raise_err, GS_EFIT, NULL, 0, 0, "fit failed for candidate %zu %s on fold %zu: %s (error_score=\"raise\")", c, repr, f, r->message);
      rd->raised = 1;
      if (cv->observe) cv->observe(cv->observe_ctx, id, r);
      return GS_EFIT;
    }
    gs_log(GS_LOG_WARNING, "warning: fit failed for candidate %zu %s on fold %zu: %s; its scores are set to %s", c, repr, f,
            r->message, cv->cfg->error_score == GS_SCORE_VALUE ? "error_score" : "NaN");
  }
  if (cv->observe) cv->observe(cv->observe_ctx, id, r);
  return GS_OK;
}

static void round_free(round_t *rd) {
  for (size_t f = 0; rd->train && f < rd->n_folds; f++) {
    if (rd->full && rd->full[f]) continue;
    free(rd->train[f]);
    free(rd->test[f]);
  }
  free(rd->train);
  free(rd->test);
  free(rd->n_train);
  free(rd->n_test);
  free(rd->full);
}

/* The rows at positions pos (NULL: 0..n-1) of a full fold's n_rows rows. */
static size_t *gather(const size_t *rows, size_t n_rows, const size_t *pos, size_t n) {
  size_t *out = malloc((n ? n : 1) * sizeof *out);
  if (!out) return NULL;
  for (size_t k = 0; k < n; k++) {
    size_t p = pos ? pos[k] : k;
    assert(p < n_rows); /* the round's contract (cv.h) */
    (void)n_rows;
    out[k] = rows[p];
  }
  return out;
}

/* Resolves the round's rows per fold. */
static int round_rows(round_t *rd) {
  const gs__foldset_t *fs = rd->cv->fs;
  size_t nf = rd->n_folds;
  rd->train = calloc(nf, sizeof *rd->train);
  rd->test = calloc(nf, sizeof *rd->test);
  rd->n_train = calloc(nf, sizeof *rd->n_train);
  rd->n_test = calloc(nf, sizeof *rd->n_test);
  rd->full = calloc(nf, 1);
  if (!rd->train || !rd->test || !rd->n_train || !rd->n_test || !rd->full) return GS_ENOMEM;
  for (size_t f = 0; f < nf; f++) {
    const gs__cv_subfold_t *sub = rd->round->subfold ? &rd->round->subfold[f] : NULL;
    if (!sub || (!sub->train_pos && !sub->test_pos)) {
      rd->full[f] = 1;
      rd->train[f] = fs->train[f];
      rd->test[f] = fs->test[f];
      rd->n_train[f] = fs->n_train[f];
      rd->n_test[f] = fs->n_test[f];
      continue;
    }
    rd->n_train[f] = sub->train_pos ? sub->n_train : fs->n_train[f];
    rd->n_test[f] = sub->test_pos ? sub->n_test : fs->n_test[f];
    rd->train[f] = gather(fs->train[f], fs->n_train[f], sub->train_pos, rd->n_train[f]);
    rd->test[f] = gather(fs->test[f], fs->n_test[f], sub->test_pos, rd->n_test[f]);
    if (!rd->train[f] || !rd->test[f]) return GS_ENOMEM;
  }
  return GS_OK;
}

int gs__cv_run(const gs__cv_t *cv, const gs__cv_round_t *round, gs__cv_table_t *table, gs_farm_t *farm,
               gs__cv_summary_t *sum, gs_error_t *err) {
  round_t rd = {cv, round, table, table->n_folds, round->n_candidates * table->n_folds, NULL, NULL, NULL, NULL, NULL, 0, {0}};
  gs__cv_summary_t none;
  if (!sum) sum = &none;
  memset(sum, 0, sizeof *sum);
  size_t nt = rd.n_tasks;
  double *cost = malloc((nt ? nt : 1) * sizeof *cost);
  unsigned char *skip = calloc(nt ? nt : 1, 1);
  size_t *group = malloc((nt ? nt : 1) * sizeof *group);
  int rc = GS_OK;
  if (!cost || !skip || !group || round_rows(&rd) != GS_OK || order_tasks(&rd, cost, group) != GS_OK)
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  /* a rank that failed here must not leave the others waiting in the run */
  if ((rc = gs_farm_agree(farm, rc, 0, err))) goto done;
  for (size_t i = 0; i < nt; i++) {
    size_t id = round_task_id(&rd, i);
    skip[i] = table->done[id] || (cv->skip && cv->skip[id]);
  }
  gs_farm_job_t job = {nt, cost, sizeof(gs_task_result_t), run_task, collect_task, &rd, group, skip, cv->stop};
  gs_farm_stats_t fst;
  memset(&fst, 0, sizeof fst);
  rc = gs_farm_run(farm, &job, &fst, err);
  sum->busy_seconds = fst.busy_seconds;
  sum->wall_seconds = fst.wall_seconds;
  gs_farm_stats_free(&fst);
  if (rd.raised && gs_farm_rank(farm) == 0) {
    gs_error_clear(err);
    *err = rd.raise_err;
    rc = GS_EFIT;
  }
  if (rc) goto done;
  sum->first = nt ? round_task_id(&rd, 0) : 0;
  if (gs_farm_rank(farm) == 0)
    for (size_t i = 0; i < nt; i++) {
      const gs_task_result_t *r = &table->results[round_task_id(&rd, i)];
      sum->failed += r->status != GS_OK;
      sum->fit_seconds_sum += r->fit_time;
    }
  sum->fits = nt;
done:
  round_free(&rd);
  free(cost);
  free(skip);
  free(group);
  return rc;
}

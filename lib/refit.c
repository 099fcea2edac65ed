/* refit.c: the refits of a search: each distinct best candidate fitted on
 * all of X_train, on the farm (one task each; the idle threads help build
 * their kernels), its test predictions and model text one fixed-size
 * record back to rank 0, which keeps the models and each scorer's report. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gridsearch/metrics.h"
#include "search_impl.h"

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

int gs__search_refit(gs_search_t *s, gs_farm_t *farm, gs_error_t *err) {
  const gs_search_opts_t *opts = s->opts;
  int threads = gs_farm_threads(farm), root = gs_farm_rank(farm) == 0, rc = GS_OK;
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
  return rc;
}

/* test_cv.c: the cv engine (cv.h) with a fake fitter on a farm of one rank
 * (no MPI): stable task ids, a round of every candidate, a round of some
 * candidates with subsampled folds (the fitter sees exactly the rows the
 * round names), error_score on a failed fit, the injected failure, skips,
 * and the tasks' scores as the fitter's predictions make them. */
#define _GNU_SOURCE /* environ (fixture.h) */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "cv.h"
#include "fixture.h"
#include "gridsearch/metrics.h"

/* Ten rows, labels 0/1 alternating; two folds of five test rows each. */
enum { N_ROWS = 10, N_FOLDS = 2, N_CANDS = 3, MAX_IDS = 64 };

typedef struct {
  long y[N_ROWS];
  size_t train[N_FOLDS + 1][N_ROWS], test[N_FOLDS + 1][N_ROWS];
  size_t *trainp[N_FOLDS + 1], *testp[N_FOLDS + 1];
  size_t n_train[N_FOLDS + 1], n_test[N_FOLDS + 1];
  gs__foldset_t fs;
  gs_dataset_t ds;
  gs_config_t cfg;
  gs_candidate_t cand[N_CANDS];
  gs_grid_t grid;
  /* what the fitter saw, per task id */
  atomic_int fits[MAX_IDS];
  size_t seen_train[MAX_IDS][N_ROWS], seen_test[MAX_IDS][N_ROWS];
  size_t seen_n_train[MAX_IDS], seen_n_test[MAX_IDS];
  int seen_full[MAX_IDS];
  size_t fail_candidate; /* its fits fail (SIZE_MAX: none) */
  size_t observed[MAX_IDS], n_observed;
} world_t;

/* Candidate c predicts label c % 2 on every row, so accuracy is the share of
 * test rows of that label. */
static int fake_fit(void *ctx, const gs__cv_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double sec[2],
                    gs_error_t *fe) {
  world_t *w = ctx;
  (void)worker; (void)ex;
  atomic_fetch_add(&w->fits[t->id], 1);
  memcpy(w->seen_train[t->id], t->train, t->n_train * sizeof *t->train);
  memcpy(w->seen_test[t->id], t->test, t->n_test * sizeof *t->test);
  w->seen_n_train[t->id] = t->n_train;
  w->seen_n_test[t->id] = t->n_test;
  w->seen_full[t->id] = t->full;
  sec[0] = 0.5;
  sec[1] = 0;
  if (t->candidate == w->fail_candidate) return gs_error_set(fe, GS_EFIT, NULL, 0, 0, "fake fit failed");
  for (size_t i = 0; i < t->n_test; i++) pred[i] = (long)(t->candidate % 2);
  return GS_OK;
}

static double fake_cost(void *ctx, size_t c) { (void)ctx; return 1.0 + (double)c; }
static size_t fake_group(void *ctx, size_t c, size_t f) { (void)ctx; (void)c; return f; }

static void fake_observe(void *ctx, size_t id, const gs_task_result_t *r) {
  world_t *w = ctx;
  (void)r;
  if (w->n_observed < MAX_IDS) w->observed[w->n_observed++] = id;
}

static void world_init(world_t *w) {
  memset(w, 0, sizeof *w);
  for (size_t i = 0; i < N_ROWS; i++) w->y[i] = (long)(i % 2);
  /* fold f tests rows f*5..f*5+4 and trains on the others; the refit fold
   * (index N_FOLDS) is not used by the engine */
  for (size_t f = 0; f <= N_FOLDS; f++) {
    for (size_t i = 0; i < N_ROWS; i++) {
      if (f < N_FOLDS && i / 5 == f) w->test[f][w->n_test[f]++] = i;
      else w->train[f][w->n_train[f]++] = i;
    }
    w->trainp[f] = w->train[f];
    w->testp[f] = w->test[f];
  }
  w->fs.n_folds = N_FOLDS + 1;
  w->fs.train = w->trainp;
  w->fs.test = w->testp;
  w->fs.n_train = w->n_train;
  w->fs.n_test = w->n_test;
  w->ds.n_samples = N_ROWS;
  w->ds.y = w->y;
  w->cfg.n_scorers = 1;
  w->cfg.scorers[0] = GS_SCORER_ACCURACY;
  w->cfg.error_score = GS_SCORE_NAN;
  w->grid.n = N_CANDS;
  w->grid.cand = w->cand;
  w->fail_candidate = (size_t)-1;
}

static gs__cv_t engine(world_t *w) {
  gs__cv_t cv = {&w->cfg, &w->ds, &w->fs, &w->grid, {fake_fit, fake_cost, fake_group, w}, NULL, NULL,
                 fake_observe, w, NULL};
  return cv;
}

static gs_farm_t *open_farm(int threads) {
  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *f = NULL;
  CU_ASSERT_EQUAL_FATAL(gs_farm_open(&f, NULL, NULL, threads, NULL, &err), GS_OK);
  return f;
}

static void task_id_should_number_round_zero_as_candidate_times_folds_plus_fold(void) {
  gs__cv_table_t t;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, 4, 3, 2, &e), GS_OK);
  CU_ASSERT_EQUAL(t.n_tasks, 24);
  CU_ASSERT_EQUAL(gs__cv_task_id(&t, 0, 2, 1), 7);
  CU_ASSERT_EQUAL(gs__cv_task_id(&t, 1, 0, 0), 12);
  for (size_t id = 0; id < t.n_tasks; id++) {
    size_t r, c, f;
    gs__cv_task_coords(&t, id, &r, &c, &f);
    CU_ASSERT(r < 2 && c < 4 && f < 3);
    CU_ASSERT_EQUAL(gs__cv_task_id(&t, r, c, f), id);
  }
  for (size_t id = 0; id < t.n_tasks; id++) CU_ASSERT_FALSE(t.done[id]);
  gs_task_result_t res = {.status = GS_OK, .scores = {0.25}};
  gs__cv_table_set(&t, 5, &res);
  CU_ASSERT(t.done[5]);
  CU_ASSERT_EQUAL(t.results[5].scores[0], 0.25);
  gs__cv_table_free(&t);
  gs__cv_table_free(&t); /* a freed table may be freed again */
}

static void run_should_fit_every_task_of_a_full_round_once_and_score_it(void) {
  world_t *w = calloc(1, sizeof *w);
  world_init(w);
  gs_farm_t *farm = open_farm(2);
  gs__cv_table_t t;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, N_CANDS, N_FOLDS, 1, &e), GS_OK);
  gs__cv_t cv = engine(w);
  gs__cv_round_t round = {0, N_CANDS, NULL, NULL, 0};
  gs__cv_summary_t sum;
  CU_ASSERT_EQUAL(gs__cv_run(&cv, &round, &t, farm, &sum, &e), GS_OK);
  CU_ASSERT_EQUAL(sum.fits, N_CANDS * N_FOLDS);
  CU_ASSERT_EQUAL(sum.failed, 0);
  CU_ASSERT_EQUAL(sum.first, 0);
  CU_ASSERT_DOUBLE_EQUAL(sum.fit_seconds_sum, 0.5 * N_CANDS * N_FOLDS, 1e-12);
  CU_ASSERT_EQUAL(w->n_observed, N_CANDS * N_FOLDS);
  for (size_t id = 0; id < t.n_tasks; id++) {
    size_t r, c, f;
    gs__cv_task_coords(&t, id, &r, &c, &f);
    CU_ASSERT_EQUAL(w->fits[id], 1);
    CU_ASSERT(t.done[id]);
    CU_ASSERT(w->seen_full[id]);
    CU_ASSERT_EQUAL(w->seen_n_test[id], 5);
    CU_ASSERT_EQUAL(w->seen_n_train[id], 5);
    CU_ASSERT_EQUAL(w->seen_test[id][0], f * 5);
    /* fold 0 tests rows 0..4: labels 0,1,0,1,0; fold 1 rows 5..9: 1,0,1,0,1 */
    double zeros = f == 0 ? 3.0 / 5 : 2.0 / 5;
    CU_ASSERT_DOUBLE_EQUAL(t.results[id].scores[0], c % 2 ? 1 - zeros : zeros, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(t.results[id].fit_time, 0.5, 1e-15);
  }
  gs__cv_table_free(&t);
  gs_farm_close(farm);
  free(w);
}

static void run_should_give_the_fitter_the_rows_a_round_names_and_ids_of_its_round(void) {
  world_t *w = calloc(1, sizeof *w);
  world_init(w);
  gs_farm_t *farm = open_farm(1);
  gs__cv_table_t t;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, N_CANDS, N_FOLDS, 2, &e), GS_OK);
  gs__cv_t cv = engine(w);
  /* round 1 runs candidates 2 and 0; fold 0 on training positions 4, 0 and
   * test positions 1, 3; fold 1 whole */
  size_t cands[] = {2, 0}, tr0[] = {4, 0}, te0[] = {1, 3};
  gs__cv_subfold_t sub[N_FOLDS] = {{tr0, te0, 2, 2}, {NULL, NULL, 0, 0}};
  gs__cv_round_t round = {1, 2, cands, sub, 4};
  gs__cv_summary_t sum;
  CU_ASSERT_EQUAL(gs__cv_run(&cv, &round, &t, farm, &sum, &e), GS_OK);
  CU_ASSERT_EQUAL(sum.fits, 4);
  CU_ASSERT_EQUAL(sum.first, gs__cv_task_id(&t, 1, 2, 0));
  for (size_t id = 0; id < t.n_tasks; id++) {
    size_t r, c, f;
    gs__cv_task_coords(&t, id, &r, &c, &f);
    int ran = r == 1 && c != 1;
    CU_ASSERT_EQUAL(w->fits[id], ran);
    CU_ASSERT_EQUAL(t.done[id], ran);
    if (!ran) continue;
    if (f == 0) {
      CU_ASSERT_FALSE(w->seen_full[id]);
      CU_ASSERT_EQUAL(w->seen_n_train[id], 2);
      CU_ASSERT_EQUAL(w->seen_n_test[id], 2);
      /* fold 0 trains on rows 5..9: positions 4, 0 are rows 9, 5 */
      CU_ASSERT_EQUAL(w->seen_train[id][0], 9);
      CU_ASSERT_EQUAL(w->seen_train[id][1], 5);
      CU_ASSERT_EQUAL(w->seen_test[id][0], 1);
      CU_ASSERT_EQUAL(w->seen_test[id][1], 3);
      /* rows 1 and 3 are both label 1 */
      CU_ASSERT_DOUBLE_EQUAL(t.results[id].scores[0], c % 2 ? 1.0 : 0.0, 1e-15);
    } else {
      CU_ASSERT(w->seen_full[id]);
      CU_ASSERT_EQUAL(w->seen_n_test[id], 5);
    }
  }
  gs__cv_table_free(&t);
  gs_farm_close(farm);
  free(w);
}

static void run_should_score_a_failed_fit_error_score_and_count_it(void) {
  world_t *w = calloc(1, sizeof *w);
  world_init(w);
  w->fail_candidate = 1;
  w->cfg.error_score = GS_SCORE_VALUE;
  w->cfg.error_score_value = 0.125;
  gs_farm_t *farm = open_farm(1);
  gs__cv_table_t t;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, N_CANDS, N_FOLDS, 1, &e), GS_OK);
  /* the injector fails candidate 2 on fold 1 without calling the fitter */
  unsigned char inject[N_CANDS * N_FOLDS] = {0};
  inject[gs__cv_task_id(&t, 0, 2, 1)] = 1;
  gs__cv_t cv = engine(w);
  cv.inject = inject;
  gs__cv_round_t round = {0, N_CANDS, NULL, NULL, 0};
  gs__cv_summary_t sum;
  CU_ASSERT_EQUAL(gs__cv_run(&cv, &round, &t, farm, &sum, &e), GS_OK);
  CU_ASSERT_EQUAL(sum.failed, 3);
  const gs_task_result_t *r = &t.results[gs__cv_task_id(&t, 0, 1, 0)];
  CU_ASSERT_EQUAL(r->status, GS_EFIT);
  CU_ASSERT_STRING_EQUAL(r->message, "fake fit failed");
  CU_ASSERT_EQUAL(r->scores[0], 0.125);
  r = &t.results[gs__cv_task_id(&t, 0, 2, 1)];
  CU_ASSERT_EQUAL(w->fits[gs__cv_task_id(&t, 0, 2, 1)], 0);
  CU_ASSERT_EQUAL(r->status, GS_EFIT);
  CU_ASSERT_STRING_EQUAL(r->message, "injected failure (GRIDSEARCH_FAIL_FITS)");
  CU_ASSERT_EQUAL(t.results[gs__cv_task_id(&t, 0, 2, 0)].status, GS_OK);
  gs__cv_table_free(&t);
  gs_farm_close(farm);
  free(w);
}

static void run_should_stop_at_the_first_failed_fit_with_error_score_raise(void) {
  world_t *w = calloc(1, sizeof *w);
  world_init(w);
  w->fail_candidate = 0;
  w->cfg.error_score = GS_SCORE_RAISE;
  gs_farm_t *farm = open_farm(1);
  gs__cv_table_t t;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, N_CANDS, N_FOLDS, 1, &e), GS_OK);
  gs__cv_t cv = engine(w);
  gs__cv_round_t round = {0, 1, NULL, NULL, 0};
  CU_ASSERT_EQUAL(gs__cv_run(&cv, &round, &t, farm, NULL, &e), GS_EFIT);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "fit failed for candidate 0 "));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "fake fit failed (error_score=\"raise\")"));
  gs__cv_table_free(&t);
  gs_farm_close(farm);
  free(w);
}

static void run_should_not_run_tasks_done_or_skipped(void) {
  world_t *w = calloc(1, sizeof *w);
  world_init(w);
  gs_farm_t *farm = open_farm(1);
  gs__cv_table_t t;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs__cv_table_init(&t, N_CANDS, N_FOLDS, 1, &e), GS_OK);
  gs_task_result_t old = {.status = GS_OK, .scores = {0.75}};
  gs__cv_table_set(&t, 0, &old);
  unsigned char skip[N_CANDS * N_FOLDS] = {0};
  skip[3] = 1;
  gs__cv_t cv = engine(w);
  cv.skip = skip;
  gs__cv_round_t round = {0, N_CANDS, NULL, NULL, 0};
  CU_ASSERT_EQUAL(gs__cv_run(&cv, &round, &t, farm, NULL, &e), GS_OK);
  CU_ASSERT_EQUAL(w->fits[0], 0);
  CU_ASSERT_EQUAL(w->fits[3], 0);
  CU_ASSERT_EQUAL(t.results[0].scores[0], 0.75);
  CU_ASSERT_FALSE(t.done[3]);
  for (size_t id = 0; id < t.n_tasks; id++)
    if (id != 0 && id != 3) CU_ASSERT_EQUAL(w->fits[id], 1);
  gs__cv_table_free(&t);
  gs_farm_close(farm);
  free(w);
}

static CU_TestInfo tests[] = {
    {"task_id_should_number_round_zero_as_candidate_times_folds_plus_fold",
     task_id_should_number_round_zero_as_candidate_times_folds_plus_fold},
    {"run_should_fit_every_task_of_a_full_round_once_and_score_it",
     run_should_fit_every_task_of_a_full_round_once_and_score_it},
    {"run_should_give_the_fitter_the_rows_a_round_names_and_ids_of_its_round",
     run_should_give_the_fitter_the_rows_a_round_names_and_ids_of_its_round},
    {"run_should_score_a_failed_fit_error_score_and_count_it", run_should_score_a_failed_fit_error_score_and_count_it},
    {"run_should_stop_at_the_first_failed_fit_with_error_score_raise",
     run_should_stop_at_the_first_failed_fit_with_error_score_raise},
    {"run_should_not_run_tasks_done_or_skipped", run_should_not_run_tasks_done_or_skipped},
    CU_TEST_INFO_NULL};

#define GS_SUITE "cv"
#include "cunit_main.h"

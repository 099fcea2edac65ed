/* test_foldset.c: the fold set: each fold's rows, balanced weights and
 * X.var(), and the (step, fold) views: one fitted step per distinct step and
 * fold, shared by its candidates, fitted on the fold's training rows only. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "foldset.h"
#include "gridsearch/npmath.h"

/* 10 rows x 2 features, labels 0 0 0 0 0 0 1 1 1 1; X_train = rows 0..7 in
 * the order below, X_test = rows 8, 9; folds of X_train: 0 1 0 1 0 1 0 1 */
static double X[20] = {1, 100, 2, 300, 3, -50, 4, 0, 5, 7, 6, 1e3, 7, 2, 8, 4, 9, 9, 10, -1};
static long y[10] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
static long classes[2] = {0, 1};
static size_t train_rows[8] = {7, 0, 6, 1, 5, 2, 4, 3}, test_rows[2] = {9, 8};
static const int test_fold[8] = {0, 1, 0, 1, 0, 1, 0, 1};

static void make(gs__foldset_t *fs, const gs_transform_spec_t *spec, size_t n_cand) {
  gs_dataset_t ds = {10, 2, X, y, 2, classes, NULL};
  gs_split_t sp = {8, 2, train_rows, test_rows};
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs__foldset_make(fs, &ds, &sp, test_fold, 2, spec, n_cand, &err), GS_OK);
}

static void foldset_should_split_x_train_by_test_fold_and_refit_on_all_of_it(void) {
  gs_transform_spec_t none = gs_transform_default(GS_TF_NONE);
  gs__foldset_t fs;
  make(&fs, &none, 1);
  CU_ASSERT_EQUAL(fs.n_folds, 3);
  static const size_t train0[4] = {0, 1, 2, 3}, test0[4] = {7, 6, 5, 4};
  CU_ASSERT_EQUAL_FATAL(fs.n_train[0], 4);
  CU_ASSERT_EQUAL_FATAL(fs.n_test[0], 4);
  CU_ASSERT_EQUAL(memcmp(fs.train[0], train0, sizeof train0), 0);
  CU_ASSERT_EQUAL(memcmp(fs.test[0], test0, sizeof test0), 0);
  CU_ASSERT_EQUAL_FATAL(fs.n_train[2], 8);
  CU_ASSERT_EQUAL(memcmp(fs.train[2], train_rows, sizeof train_rows), 0);
  CU_ASSERT_EQUAL_FATAL(fs.n_test[2], 2);
  CU_ASSERT_EQUAL(memcmp(fs.test[2], test_rows, sizeof test_rows), 0);
  /* fold 0 trains on rows 0 1 2 3 (all class 0): present classes only */
  CU_ASSERT_EQUAL(fs.balanced[0 * 2 + 0], 1.0);
  CU_ASSERT_EQUAL(fs.balanced[0 * 2 + 1], 1.0);
  /* fold 1 trains on 7 6 5 4: two of each */
  CU_ASSERT_EQUAL(fs.balanced[1 * 2 + 0], 1.0);
  /* the refit: 6 of class 0, 2 of class 1, 8 / (2 x count) */
  CU_ASSERT_EQUAL(fs.balanced[2 * 2 + 0], 8.0 / 12.0);
  CU_ASSERT_EQUAL(fs.balanced[2 * 2 + 1], 2.0);
  /* X.var() of X[train] in fold order, as np.var of the gathered rows */
  double buf[16];
  for (size_t i = 0; i < 4; i++) memcpy(buf + 2 * i, X + 2 * fs.train[1][i], 2 * sizeof(double));
  CU_ASSERT_EQUAL(fs.view_var[1], gs_np_var(buf, 8));
  CU_ASSERT_EQUAL(fs.n_steps, 1);
  CU_ASSERT_PTR_NULL(fs.view_X[0]);
  gs__foldset_free(&fs);
  gs__foldset_free(&fs); /* a freed set frees again harmlessly */
}

static void foldset_should_fit_each_step_once_per_fold_on_its_training_rows(void) {
  gs_transform_spec_t spec[5];
  spec[0] = gs_transform_default(GS_TF_STANDARD);
  spec[1] = gs_transform_default(GS_TF_NONE);
  spec[2] = gs_transform_default(GS_TF_MINMAX);
  spec[3] = gs_transform_default(GS_TF_STANDARD); /* the same step as candidate 0: shared */
  spec[4] = gs_transform_default(GS_TF_MINMAX);
  spec[4].range_int[0] = 0;                        /* [0.0, 1] fits as [0, 1]: shared */
  gs__foldset_t fs;
  make(&fs, spec, 5);
  CU_ASSERT_EQUAL_FATAL(fs.n_steps, 3);
  size_t want[5] = {1, 0, 2, 1, 2};
  for (size_t c = 0; c < 5; c++) CU_ASSERT_EQUAL(fs.cand_step[c], want[c]);
  CU_ASSERT_EQUAL(gs__foldset_view(&fs, 3, 2), 1 * 3 + 2);
  for (size_t t = 1; t < 3; t++)
    for (size_t f = 0; f < 3; f++) {
      size_t v = t * 3 + f;
      /* the view is the step fitted on the fold's training rows only */
      gs_transform_t ref;
      CU_ASSERT_EQUAL_FATAL(gs_transform_fit(&ref, &fs.step[t], X, 2, fs.train[f], fs.n_train[f], NULL), GS_OK);
      CU_ASSERT_EQUAL(memcmp(ref.scale, fs.view_fit[v].scale, 2 * sizeof(double)), 0);
      double Xt[20], buf[16];
      gs_transform_apply(&ref, X, Xt, 10);
      CU_ASSERT_PTR_NOT_NULL_FATAL(fs.view_X[v]);
      CU_ASSERT_EQUAL(memcmp(Xt, fs.view_X[v], sizeof Xt), 0);
      for (size_t i = 0; i < fs.n_train[f]; i++) memcpy(buf + 2 * i, Xt + 2 * fs.train[f][i], 2 * sizeof(double));
      CU_ASSERT_EQUAL(fs.view_var[v], gs_np_var(buf, 2 * fs.n_train[f]));
      gs_transform_free(&ref);
    }
  /* StandardScaler on fold 0 centres its own training rows, not X_train's */
  CU_ASSERT_EQUAL(fs.view_fit[1 * 3 + 0].mean[0], 2.5);
  CU_ASSERT_EQUAL(fs.view_fit[1 * 3 + 2].mean[0], 4.5);
  gs__foldset_free(&fs);
}

static CU_TestInfo tests[] = {
  {"foldset_should_split_x_train_by_test_fold_and_refit_on_all_of_it", foldset_should_split_x_train_by_test_fold_and_refit_on_all_of_it},
  {"foldset_should_fit_each_step_once_per_fold_on_its_training_rows", foldset_should_fit_each_step_once_per_fold_on_its_training_rows},
  CU_TEST_INFO_NULL};
#define GS_SUITE "foldset"
#include "cunit_main.h"

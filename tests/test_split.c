/* test_split.c: train_test_split (plain and stratified) and StratifiedKFold
 * index for index against scikit-learn, and their errors. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "expected.h"
#include "gridsearch/split.h"

static const char *const sets[] = {"y10", "y3", "y2"};

static size_t labels(const char *name, long *y) {
  char key[32];
  double v[200];
  snprintf(key, sizeof key, "labels %s", name);
  size_t n = expected_doubles(expected_line(key), v, 200, NULL);
  for (size_t i = 0; i < n; i++) y[i] = (long)v[i];
  return n;
}

static void split_make_should_equal_train_test_split(void) {
  static const struct { const char *ts; int is_count; double frac; long count; unsigned rs; int strat; } cases[] = {
      {"0.25", 0, 0.25, 0, 0, 0}, {"0.3", 0, 0.3, 0, 7, 1}, {"11", 1, 0, 11, 123, 1}, {"0.5", 0, 0.5, 0, 4294967295u, 0}};
  for (size_t s = 0; s < 3; s++) {
    long y[200];
    size_t n = labels(sets[s], y);
    CU_ASSERT_FATAL(n > 0);
    for (size_t c = 0; c < 4; c++) {
      size_t ntr, nte;
      gs_error_t e;
      gs_error_clear(&e);
      CU_ASSERT_EQUAL_FATAL(gs_split_sizes(n, cases[c].is_count, cases[c].frac, cases[c].count, &ntr, &nte, &e), GS_OK);
      gs_split_t sp;
      CU_ASSERT_EQUAL_FATAL(gs_split_make(&sp, y, n, ntr, nte, cases[c].rs, cases[c].strat, &e), GS_OK);
      char key[96];
      double want[200];
      snprintf(key, sizeof key, "split %s %s %u %d train", sets[s], cases[c].ts, cases[c].rs, cases[c].strat);
      CU_ASSERT_EQUAL(expected_doubles(expected_line(key), want, 200, NULL), ntr);
      for (size_t i = 0; i < ntr; i++) CU_ASSERT_EQUAL((double)sp.train[i], want[i]);
      snprintf(key, sizeof key, "split %s %s %u %d test", sets[s], cases[c].ts, cases[c].rs, cases[c].strat);
      CU_ASSERT_EQUAL(expected_doubles(expected_line(key), want, 200, NULL), nte);
      for (size_t i = 0; i < nte; i++) CU_ASSERT_EQUAL((double)sp.test[i], want[i]);
      gs_split_free(&sp);
    }
  }
}

static void folds_make_should_equal_stratified_kfold(void) {
  static const struct { int k, shuffle; unsigned rs; } cases[] = {{3, 0, 0}, {4, 1, 5}, {5, 1, 0}};
  for (size_t s = 0; s < 3; s++) {
    long y[200];
    size_t n = labels(sets[s], y);
    for (size_t c = 0; c < 3; c++) {
      int folds[200];
      gs_error_t e;
      gs_error_clear(&e);
      CU_ASSERT_EQUAL_FATAL(gs_folds_make(folds, y, n, cases[c].k, cases[c].shuffle, cases[c].rs, &e), GS_OK);
      char key[64];
      double want[200];
      snprintf(key, sizeof key, "folds %s %d %d %u", sets[s], cases[c].k, cases[c].shuffle, cases[c].rs);
      CU_ASSERT_EQUAL(expected_doubles(expected_line(key), want, 200, NULL), n);
      for (size_t i = 0; i < n; i++) CU_ASSERT_EQUAL((double)folds[i], want[i]);
    }
  }
}

static void split_make_should_reproduce_the_seed_test_indices(void) {
  /* digits labels are not needed for a plain split: only n matters */
  long y[1797] = {0};
  gs_split_t sp;
  gs_error_t e;
  gs_error_clear(&e);
  size_t ntr, nte;
  CU_ASSERT_EQUAL_FATAL(gs_split_sizes(1797, 0, 0.5, 0, &ntr, &nte, &e), GS_OK);
  CU_ASSERT_EQUAL(nte, 899);
  CU_ASSERT_EQUAL_FATAL(gs_split_make(&sp, y, 1797, ntr, nte, 0, 0, &e), GS_OK);
  char path[1024];
  snprintf(path, sizeof path, "%s/data/reference/seed_digits_test_indices.txt", GS_TEST_DIR);
  FILE *f = fopen(path, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  size_t i = 0, v;
  while (fscanf(f, "%zu", &v) == 1 && i < nte) CU_ASSERT_EQUAL(sp.test[i++], v);
  fclose(f);
  CU_ASSERT_EQUAL(i, 899);
  gs_split_free(&sp);
}

static void split_sizes_should_refuse_bad_test_sizes(void) {
  size_t a, b;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_split_sizes(100, 0, 1.0, 0, &a, &b, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "test_size=1 should be either positive and smaller than the number of samples 100 or a float in the (0, 1) range");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_split_sizes(100, 1, 0, 100, &a, &b, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "test_size=100 should be either positive and smaller than the number of samples 100 or a float in the (0, 1) range");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_split_sizes(3, 0, 0.9, 0, &a, &b, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "with 3 samples, test_size leaves an empty train set");
}

static void split_make_should_refuse_a_class_of_one_when_stratified(void) {
  long y[6] = {0, 0, 0, 1, 1, 2};
  gs_split_t sp;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_split_make(&sp, y, 6, 3, 3, 0, 1, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "stratify: class 2 has only 1 member; every class needs at least 2");
  long z[8] = {0, 0, 1, 1, 2, 2, 3, 3};
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_split_make(&sp, z, 8, 6, 2, 0, 1, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "stratify: the test set (2 rows) must have at least one row of each of the 4 classes");
}

static void folds_make_should_refuse_too_few_members_or_folds(void) {
  long y[7] = {0, 0, 0, 0, 1, 1, 1};
  int f[7];
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_folds_make(f, y, 7, 4, 0, 0, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "n_splits=4 is more than the 3 members of the smallest class (label 1) in the training set");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_folds_make(f, y, 7, 1, 0, 0, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "n_splits=1: cross-validation needs at least 2 folds");
}

static CU_TestInfo tests[] = {
  {"split_make_should_equal_train_test_split", split_make_should_equal_train_test_split},
  {"folds_make_should_equal_stratified_kfold", folds_make_should_equal_stratified_kfold},
  {"split_make_should_reproduce_the_seed_test_indices", split_make_should_reproduce_the_seed_test_indices},
  {"split_sizes_should_refuse_bad_test_sizes", split_sizes_should_refuse_bad_test_sizes},
  {"split_make_should_refuse_a_class_of_one_when_stratified", split_make_should_refuse_a_class_of_one_when_stratified},
  {"folds_make_should_refuse_too_few_members_or_folds", folds_make_should_refuse_too_few_members_or_folds},
  CU_TEST_INFO_NULL};
#define GS_SUITE "split"
#include "cunit_main.h"

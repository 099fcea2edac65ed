/* test_npmath.c: sums, means and variances bit for bit as numpy's. */
#include <CUnit/CUnit.h>

#include "expected.h"
#include "gridsearch/npmath.h"

static double xs[50000];

static void np_sum_mean_var_should_equal_numpys_bit_for_bit(void) {
  static const size_t sizes[] = {1, 5, 8, 9, 10, 17, 127, 128, 129, 200, 1000, 8192, 8193, 46016};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    char key[32];
    const char *rest;
    double want[3];
    snprintf(key, sizeof key, "sum %zu", sizes[k]);
    const char *line = expected_line(key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    CU_ASSERT_EQUAL_FATAL(expected_doubles(line, xs, 50000, &rest), sizes[k]);
    CU_ASSERT_EQUAL_FATAL(expected_doubles(rest + 2, want, 3, NULL), 3); /* after "= " */
    CU_ASSERT_EQUAL(gs_np_sum(xs, sizes[k], 1), want[0]);
    CU_ASSERT_EQUAL(gs_np_mean(xs, sizes[k]), want[1]);
    CU_ASSERT_EQUAL(gs_np_var(xs, sizes[k]), want[2]);
  }
}

static void np_sum_should_honour_the_stride(void) {
  double a[6] = {1, 100, 2, 100, 3, 100};
  CU_ASSERT_EQUAL(gs_np_sum(a, 3, 2), 6.0);
  double w[3] = {1, 2, 3}, v[3] = {3, 2, 1};
  CU_ASSERT_DOUBLE_EQUAL(gs_np_average(v, w, 3), 10.0 / 6.0, 1e-15);
  CU_ASSERT_EQUAL(gs_np_std(v, 3), 0.816496580927726);
}

static CU_TestInfo tests[] = {
  {"np_sum_mean_var_should_equal_numpys_bit_for_bit", np_sum_mean_var_should_equal_numpys_bit_for_bit},
  {"np_sum_should_honour_the_stride", np_sum_should_honour_the_stride},
  CU_TEST_INFO_NULL};
#define GS_SUITE "npmath"
#include "cunit_main.h"

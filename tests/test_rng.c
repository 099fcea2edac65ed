/* test_rng.c: MT19937 and numpy's legacy draws against numpy itself. */
#include <CUnit/CUnit.h>
#include <stdint.h>

#include "expected.h"
#include "gridsearch/rng.h"

static void rng_next32_should_equal_numpys_raw_words(void) {
  static const uint32_t seeds[] = {0, 1, 42, 4294967295u};
  for (size_t s = 0; s < 4; s++) {
    char key[64];
    double want[8];
    snprintf(key, sizeof key, "raw32 %u", seeds[s]);
    CU_ASSERT_EQUAL_FATAL(expected_doubles(expected_line(key), want, 8, NULL), 8);
    gs_rng_t r;
    gs_rng_seed(&r, seeds[s]);
    for (int i = 0; i < 8; i++) CU_ASSERT_EQUAL((double)gs_rng_next32(&r), want[i]);
  }
  /* the MT19937 reference output for seed 5489 */
  gs_rng_t r;
  gs_rng_seed(&r, 5489);
  CU_ASSERT_EQUAL(gs_rng_next32(&r), 3499211612u);
  CU_ASSERT_EQUAL(gs_rng_next32(&r), 581869302u);
}

static void rng_permutation_should_equal_numpys(void) {
  static const int sizes[] = {1, 2, 10, 100, 899};
  for (int seed = 0; seed <= 3; seed += 3)
    for (size_t k = 0; k < 5; k++) {
      char key[64];
      double want[899];
      size_t got[899];
      snprintf(key, sizeof key, "perm %d %d", seed, sizes[k]);
      CU_ASSERT_EQUAL_FATAL(expected_doubles(expected_line(key), want, 899, NULL), (size_t)sizes[k]);
      gs_rng_t r;
      gs_rng_seed(&r, (uint32_t)seed);
      gs_rng_permutation(&r, got, (size_t)sizes[k]);
      for (int i = 0; i < sizes[k]; i++) CU_ASSERT_EQUAL((double)got[i], want[i]);
    }
}

static void rng_shuffle_and_choice_should_equal_numpys(void) {
  double want[15];
  size_t a[15], k = 0;
  static const int reps[] = {3, 2, 4, 1, 5};
  for (size_t v = 0; v < 5; v++)
    for (int j = 0; j < reps[v]; j++) a[k++] = v;
  CU_ASSERT_EQUAL_FATAL(expected_doubles(expected_line("shuffle 7"), want, 15, NULL), 15);
  gs_rng_t r;
  gs_rng_seed(&r, 7);
  gs_rng_shuffle(&r, a, 15);
  for (int i = 0; i < 15; i++) CU_ASSERT_EQUAL((double)a[i], want[i]);
  /* choice(10, 4, replace=False) = permutation(10)[:4] */
  size_t p[10];
  CU_ASSERT_EQUAL_FATAL(expected_doubles(expected_line("choice 1"), want, 4, NULL), 4);
  gs_rng_seed(&r, 1);
  gs_rng_permutation(&r, p, 10);
  for (int i = 0; i < 4; i++) CU_ASSERT_EQUAL((double)p[i], want[i]);
}

static void rng_interval_should_stay_in_range(void) {
  gs_rng_t r;
  gs_rng_seed(&r, 9);
  CU_ASSERT_EQUAL(gs_rng_interval(&r, 0), 0);
  for (int i = 0; i < 1000; i++) CU_ASSERT(gs_rng_interval(&r, 6) <= 6);
  for (int i = 0; i < 100; i++) CU_ASSERT(gs_rng_interval(&r, 10000000000ull) <= 10000000000ull);
}

static CU_TestInfo tests[] = {
  {"rng_next32_should_equal_numpys_raw_words", rng_next32_should_equal_numpys_raw_words},
  {"rng_permutation_should_equal_numpys", rng_permutation_should_equal_numpys},
  {"rng_shuffle_and_choice_should_equal_numpys", rng_shuffle_and_choice_should_equal_numpys},
  {"rng_interval_should_stay_in_range", rng_interval_should_stay_in_range},
  CU_TEST_INFO_NULL};
#define GS_SUITE "rng"
#include "cunit_main.h"

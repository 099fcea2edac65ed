/* test_cv_results.c: the cv_results_ reduction (mean, std, rank, best) of a
 * score table, against values scikit-learn 1.2 / scipy give (noted beside
 * each case), and at large n against an independent count. */
#include <CUnit/CUnit.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cv.h"
#include "cv_results.h"

/* malloc as cv_results.o sees it (-Wl,--wrap=malloc): fail_after >= 0 makes
 * the call after that many more fail. */
void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);
static long fail_after = -1;
void *__wrap_malloc(size_t n) {
  if (fail_after == 0) { fail_after = -1; return NULL; }
  if (fail_after > 0) fail_after--;
  return __real_malloc(n);
}

static gs__score_table_t plain(const double *v, size_t rows, size_t splits) {
  return (gs__score_table_t){v, rows, splits, 1, splits * sizeof(double), sizeof(double), 0};
}

static void rank_of(const double *m, size_t n, int *rank, size_t *best) {
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs__cv_rank(m, n, rank, best, &err), GS_OK);
}

static void mean_std_should_be_numpys_average_and_population_std(void) {
  /* np.average([[1,2,3,4],[0.1,0.2,0.4,0.8]], axis=1) and the std as _store computes it */
  double v[8] = {1, 2, 3, 4, 0.1, 0.2, 0.4, 0.8}, mean[2], sd[2];
  gs__score_table_t t = plain(v, 2, 4);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs__cv_mean_std(&t, 0, mean, sd, &err), GS_OK);
  CU_ASSERT_EQUAL(mean[0], 2.5);
  CU_ASSERT_EQUAL(sd[0], sqrt(1.25));
  CU_ASSERT_EQUAL(mean[1], 0.375);        /* 1.5 / 4 */
  CU_ASSERT_EQUAL(sd[1], 0.2680951323690902); /* repr of numpy's value */
}

typedef struct {
  int status;
  double scores[3];
  char pad[20];
} task_t;

static void a_strided_view_should_read_one_scorer_of_an_array_of_structs(void) {
  /* 2 candidates x 2 splits x 3 scorers in task structs, as search.c keeps them;
   * scorer 1 of candidate c split f is 10 c + f */
  task_t tk[4];
  memset(tk, 0, sizeof tk);
  for (int c = 0; c < 2; c++)
    for (int f = 0; f < 2; f++) {
      tk[c * 2 + f].scores[0] = -1;
      tk[c * 2 + f].scores[1] = 10 * c + f;
      tk[c * 2 + f].scores[2] = -2;
    }
  gs__score_table_t t = {(const char *)tk + offsetof(task_t, scores), 2, 2, 3, 2 * sizeof(task_t), sizeof(task_t), sizeof(double)};
  double mean[2], sd[2];
  int rank[2];
  gs__cv_stats_t st = {mean, sd, rank, 99};
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs__cv_reduce(&t, 1, &st, &err), GS_OK);
  CU_ASSERT_EQUAL(mean[0], 0.5);
  CU_ASSERT_EQUAL(mean[1], 10.5);
  CU_ASSERT_EQUAL(sd[0], 0.5);
  CU_ASSERT_EQUAL(rank[0], 2);
  CU_ASSERT_EQUAL(rank[1], 1);
  CU_ASSERT_EQUAL(st.best, 1);
  /* a subset: every other row of a 4 x 1 table */
  double v[4] = {3, 9, 5, 9};
  gs__score_table_t odd = {v + 1, 2, 1, 1, 2 * sizeof(double), sizeof(double), 0};
  CU_ASSERT_EQUAL(gs__cv_reduce(&odd, 0, &st, &err), GS_OK);
  CU_ASSERT_EQUAL(mean[0], 9);
  CU_ASSERT_EQUAL(mean[1], 9);
  CU_ASSERT_EQUAL(rank[0], 1);
  CU_ASSERT_EQUAL(rank[1], 1);
  CU_ASSERT_EQUAL(st.best, 0);
}

static void ties_should_share_the_lowest_rank_and_best_be_the_first(void) {
  /* rankdata(-[0.5, 0.9, 0.9, 0.1, 0.5], method="min") = [3, 1, 1, 5, 3] */
  double m[5] = {0.5, 0.9, 0.9, 0.1, 0.5};
  int rank[5], want[5] = {3, 1, 1, 5, 3};
  size_t best;
  rank_of(m, 5, rank, &best);
  for (int i = 0; i < 5; i++) CU_ASSERT_EQUAL(rank[i], want[i]);
  CU_ASSERT_EQUAL(best, 1);
  /* -0.0 and 0.0 are equal */
  double z[3] = {-1, 0.0, -0.0};
  rank_of(z, 3, rank, &best);
  CU_ASSERT_EQUAL(rank[0], 3);
  CU_ASSERT_EQUAL(rank[1], 1);
  CU_ASSERT_EQUAL(rank[2], 1);
  CU_ASSERT_EQUAL(best, 1);
}

static void nan_means_should_rank_as_nanmin_minus_one(void) {
  /* [0.5, nan, 0.9, nan] -> nan = -0.5: ranks [2, 3, 1, 3] */
  double m[4] = {0.5, NAN, 0.9, NAN};
  int rank[4];
  size_t best;
  rank_of(m, 4, rank, &best);
  CU_ASSERT_EQUAL(rank[0], 2);
  CU_ASSERT_EQUAL(rank[1], 3);
  CU_ASSERT_EQUAL(rank[2], 1);
  CU_ASSERT_EQUAL(rank[3], 3);
  CU_ASSERT_EQUAL(best, 2);
  /* below the worst real mean, not tied with it: [0.5, nan, -0.5] -> [1, 3, 2] */
  double t[3] = {0.5, NAN, -0.5};
  rank_of(t, 3, rank, &best);
  CU_ASSERT_EQUAL(rank[0], 1);
  CU_ASSERT_EQUAL(rank[1], 3);
  CU_ASSERT_EQUAL(rank[2], 2);
  /* unless - 1 is lost to rounding: 1e20 - 1 == 1e20, so [1e20, nan, 1e20-5] all tie (scipy: [1, 1, 1]) */
  double big[3] = {1e20, NAN, 1e20 - 5};
  rank_of(big, 3, rank, &best);
  for (int i = 0; i < 3; i++) CU_ASSERT_EQUAL(rank[i], 1);
  CU_ASSERT_EQUAL(best, 0);
  /* a NaN first: the best is the first real maximum */
  double f[2] = {NAN, 0.25};
  rank_of(f, 2, rank, &best);
  CU_ASSERT_EQUAL(rank[0], 2);
  CU_ASSERT_EQUAL(best, 1);
}

static void infinities_should_rank_as_nan_to_num_makes_them(void) {
  /* np.nan_to_num([nan, -inf, 0.5, inf, DBL_MAX], nan=nanmin-1=-inf) =
   * [-inf, -DBL_MAX, 0.5, DBL_MAX, DBL_MAX]: rankdata(-.) = [5, 4, 3, 1, 1] */
  double m[5] = {NAN, -INFINITY, 0.5, INFINITY, DBL_MAX};
  int rank[5], want[5] = {5, 4, 3, 1, 1};
  size_t best;
  rank_of(m, 5, rank, &best);
  for (int i = 0; i < 5; i++) CU_ASSERT_EQUAL(rank[i], want[i]);
  CU_ASSERT_EQUAL(best, 3);
}

static void all_nan_should_rank_every_row_one_and_one_row_alone_one(void) {
  double m[3] = {NAN, NAN, NAN};
  int rank[3] = {7, 7, 7};
  size_t best = 9;
  rank_of(m, 3, rank, &best);
  for (int i = 0; i < 3; i++) CU_ASSERT_EQUAL(rank[i], 1);
  CU_ASSERT_EQUAL(best, 0);
  double one = 0.125;
  rank_of(&one, 1, rank, &best);
  CU_ASSERT_EQUAL(rank[0], 1);
  CU_ASSERT_EQUAL(best, 0);
  /* one split: the mean is the score, the std 0 */
  double v[2] = {0.75, NAN}, mean[2], sd[2];
  gs__score_table_t t = plain(v, 2, 1);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs__cv_mean_std(&t, 0, mean, sd, &err), GS_OK);
  CU_ASSERT_EQUAL(mean[0], 0.75);
  CU_ASSERT_EQUAL(sd[0], 0.0);
  CU_ASSERT(isnan(mean[1]) && isnan(sd[1]));
}

/* a million means on 1000 levels (many ties), with NaNs, ranked against a
 * count of the rows on each level: rank(level) = 1 + rows on higher levels */
static void a_million_rows_should_rank_as_the_level_count_says(void) {
  size_t n = 1000000, levels = 1000;
  double *m = malloc(n * sizeof *m);
  int *rank = malloc(n * sizeof *rank);
  size_t *count = calloc(levels + 1, sizeof *count), best, first_top = n;
  CU_ASSERT_FATAL(m && rank && count);
  unsigned long long x = 88172645463325252ULL;
  size_t top = 0;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    size_t lv = (size_t)(x % (levels + 1)); /* level `levels`: NaN */
    m[i] = lv == levels ? NAN : (double)lv / 8.0 - 40.0;
    count[lv]++;
    if (lv < levels && lv > top) top = lv;
  }
  for (size_t i = 0; i < n && first_top == n; i++)
    if (!isnan(m[i]) && (size_t)((m[i] + 40.0) * 8.0) == top) first_top = i;
  size_t lowest = 0;
  while (!count[lowest]) lowest++;
  /* rows above each level; NaN sits just below the lowest level (nanmin - 1 is 8 levels down) */
  size_t *above = calloc(levels + 1, sizeof *above);
  CU_ASSERT_FATAL(above != NULL);
  size_t acc = 0;
  for (size_t lv = levels; lv-- > 0;) {
    above[lv] = acc;
    acc += count[lv];
  }
  above[levels] = acc; /* every real row is above NaN */
  rank_of(m, n, rank, &best);
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    size_t lv = isnan(m[i]) ? levels : (size_t)((m[i] + 40.0) * 8.0);
    bad += rank[i] != (int)(above[lv] + 1);
  }
  CU_ASSERT_EQUAL(bad, 0);
  CU_ASSERT_EQUAL(best, first_top);
  free(above);
  free(m);
  free(rank);
  free(count);
}

static void out_of_memory_should_be_an_error_not_zeroed_statistics(void) {
  double v[4] = {1, 2, 3, 4}, mean[2] = {0, 0}, sd[2];
  int rank[2] = {-5, -5};
  gs__score_table_t t = plain(v, 2, 2);
  gs__cv_stats_t st = {mean, sd, rank, 42};
  gs_error_t err;
  for (long k = 0; k < 3; k++) { /* the row buffer, the deviations, the ranking */
    gs_error_clear(&err);
    fail_after = k;
    CU_ASSERT_EQUAL(gs__cv_reduce(&t, 0, &st, &err), GS_ENOMEM);
    CU_ASSERT_EQUAL(err.code, GS_ENOMEM);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "out of memory"));
    CU_ASSERT_EQUAL(st.best, 42);
    CU_ASSERT_EQUAL(rank[0], -5);
  }
  fail_after = -1;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs__cv_reduce(&t, 0, &st, &err), GS_OK);
  CU_ASSERT_EQUAL(rank[0], 2);
  CU_ASSERT_EQUAL(rank[1], 1);
  CU_ASSERT_EQUAL(st.best, 1);
}

/* A score table of 2 rounds x 2 candidates x 3 folds, 2 scorers, as
 * successive halving leaves it: rows of both rounds reduce and rank
 * together, and the train scores beside. */
static void a_cv_table_view_should_reduce_rows_of_several_rounds_together(void) {
  gs_task_result_t res[12];
  memset(res, 0, sizeof res);
  gs__cv_table_t t = {2, 3, 2, 12, res, NULL};
  /* row r = round * 2 + candidate; scorer 0 = r + fold / 10, scorer 1 = 1 - that */
  for (size_t r = 0; r < 4; r++)
    for (size_t f = 0; f < 3; f++) {
      gs_task_result_t *x = &res[gs__cv_task_id(&t, r / 2, r % 2, f)];
      x->scores[0] = (double)r + (double)f / 10;
      x->scores[1] = 1 - x->scores[0];
      x->train_scores[0] = 0.5 * (double)f;
    }
  double mean[2][4], sd[2][4], mt[2][4], st_[2][4];
  int rank[2][4];
  gs__cv_stats_t st[2] = {{mean[0], sd[0], rank[0], 99}, {mean[1], sd[1], rank[1], 99}};
  double *mtp[2] = {mt[0], mt[1]}, *stp[2] = {st_[0], st_[1]};
  gs__score_table_t test = gs__cv_table_view(&t, 0, 4, 2, 0), train = gs__cv_table_view(&t, 0, 4, 2, 1);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs__cv_reduce_scorers(&test, &train, 2, st, mtp, stp, &err), GS_OK);
  /* np.mean([r, r + .1, r + .2]) = r + .1; np.std = sqrt(2/300) */
  for (size_t r = 0; r < 4; r++) {
    CU_ASSERT_DOUBLE_EQUAL(mean[0][r], (double)r + 0.1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(sd[0][r], sqrt(0.02 / 3), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(mean[1][r], 1 - ((double)r + 0.1), 1e-12);
    CU_ASSERT_EQUAL(rank[0][r], (int)(4 - r));
    CU_ASSERT_EQUAL(rank[1][r], (int)(r + 1));
    CU_ASSERT_DOUBLE_EQUAL(mt[0][r], 0.5, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(st_[0][r], sqrt(1.0 / 6), 1e-12);
  }
  CU_ASSERT_EQUAL(st[0].best, 3); /* round 1, candidate 1 */
  CU_ASSERT_EQUAL(st[1].best, 0);
  /* a view of round 1's rows alone */
  gs__score_table_t r1 = gs__cv_table_view(&t, 2, 2, 2, 0);
  CU_ASSERT_EQUAL_FATAL(gs__cv_reduce_scorers(&r1, NULL, 1, st, NULL, NULL, &err), GS_OK);
  CU_ASSERT_DOUBLE_EQUAL(mean[0][0], 2.1, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(mean[0][1], 3.1, 1e-12);
  CU_ASSERT_EQUAL(rank[0][0], 2);
  CU_ASSERT_EQUAL(st[0].best, 1);
}

static CU_TestInfo tests[] = {
  {"a_cv_table_view_should_reduce_rows_of_several_rounds_together", a_cv_table_view_should_reduce_rows_of_several_rounds_together},
  {"mean_std_should_be_numpys_average_and_population_std", mean_std_should_be_numpys_average_and_population_std},
  {"a_strided_view_should_read_one_scorer_of_an_array_of_structs", a_strided_view_should_read_one_scorer_of_an_array_of_structs},
  {"ties_should_share_the_lowest_rank_and_best_be_the_first", ties_should_share_the_lowest_rank_and_best_be_the_first},
  {"nan_means_should_rank_as_nanmin_minus_one", nan_means_should_rank_as_nanmin_minus_one},
  {"infinities_should_rank_as_nan_to_num_makes_them", infinities_should_rank_as_nan_to_num_makes_them},
  {"all_nan_should_rank_every_row_one_and_one_row_alone_one", all_nan_should_rank_every_row_one_and_one_row_alone_one},
  {"a_million_rows_should_rank_as_the_level_count_says", a_million_rows_should_rank_as_the_level_count_says},
  {"out_of_memory_should_be_an_error_not_zeroed_statistics", out_of_memory_should_be_an_error_not_zeroed_statistics},
  CU_TEST_INFO_NULL};
#define GS_SUITE "cv_results"
#include "cunit_main.h"

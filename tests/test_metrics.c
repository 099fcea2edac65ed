/* test_metrics.c: every scorer and the classification report against
 * scikit-learn on hand-made predictions (tests/data/make_unit_expected.py). */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expected.h"
#include "gridsearch/metrics.h"

static const char *const pairs[] = {"multi", "absent_pred", "extra_pred", "binary", "binary_no_pos_pred"};

static size_t longs(const char *key, long *out) {
  double v[64];
  size_t n = expected_doubles(expected_line(key), v, 64, NULL);
  for (size_t i = 0; i < n; i++) out[i] = (long)v[i];
  return n;
}

static void metrics_score_should_equal_scikit_learn(void) {
  for (size_t p = 0; p < 5; p++) {
    char key[64];
    long yt[64], yp[64];
    snprintf(key, sizeof key, "pair %s true", pairs[p]);
    size_t n = longs(key, yt);
    snprintf(key, sizeof key, "pair %s pred", pairs[p]);
    CU_ASSERT_EQUAL_FATAL(longs(key, yp), n);
    snprintf(key, sizeof key, "scores %s", pairs[p]);
    char *line = strdup(expected_line(key));
    char *tok = strtok(line, " ");
    for (int sc = 0; sc < GS_SCORER_COUNT && gs_scorer_needs(sc) == GS_NEEDS_LABELS; sc++, tok = strtok(NULL, " ")) {
      CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
      if (!strcmp(tok, "x")) continue; /* a binary scorer on multiclass labels */
      double want = strtod(tok, NULL), got = gs_metrics_score(sc, yt, yp, n);
      if (got != want) printf("\n  %s %s: got %.17g want %.17g\n", pairs[p], gs_scorer_name(sc), got, want);
      CU_ASSERT_EQUAL(got, want);
    }
    free(line);
  }
}

static void metrics_report_should_equal_classification_report(void) {
  for (size_t p = 0; p < 5; p++) {
    char key[64];
    long yt[64], yp[64];
    snprintf(key, sizeof key, "pair %s true", pairs[p]);
    size_t n = longs(key, yt);
    snprintf(key, sizeof key, "pair %s pred", pairs[p]);
    longs(key, yp);
    snprintf(key, sizeof key, "report %s", pairs[p]);
    char *want = strdup(expected_line(key));
    for (char *c = want; *c; c++)
      if (*c == '|') *c = '\n';
    char *got = gs_metrics_report(yt, yp, n);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    free(want);
  }
}

static void scorer_names_should_round_trip(void) {
  for (int i = 0; i < GS_SCORER_COUNT; i++) CU_ASSERT_EQUAL(gs_scorer_find(gs_scorer_name(i)), i);
  CU_ASSERT_EQUAL(gs_scorer_find("roc_auc_ovr"), -1);
  CU_ASSERT_EQUAL(gs_scorer_needs(GS_SCORER_ROC_AUC), GS_NEEDS_DECISION);
  CU_ASSERT_EQUAL(gs_scorer_needs(GS_SCORER_AVERAGE_PRECISION), GS_NEEDS_DECISION);
  CU_ASSERT_EQUAL(gs_scorer_needs(GS_SCORER_F1_WEIGHTED), GS_NEEDS_LABELS);
  CU_ASSERT_TRUE(gs_scorer_is_binary(GS_SCORER_F1));
  CU_ASSERT_FALSE(gs_scorer_is_binary(GS_SCORER_F1_MACRO));
}

/* roc_auc and average_precision from decision values, against scikit-learn's
 * scorers (ties, labels {1, 2} and {-1, 1}, one label, three labels). */
static void decision_scorers_should_equal_scikit_learn(void) {
  static const char *const sets[] = {"ties01", "labels12", "minus1plus1", "labels02", "one_label", "multiclass", "random"};
  static double yv[400], dec[400];
  static long yt[400];
  for (size_t d = 0; d < sizeof sets / sizeof sets[0]; d++) {
    char key[64];
    snprintf(key, sizeof key, "dec %s true", sets[d]);
    size_t n = expected_doubles(expected_line(key), yv, 400, NULL);
    snprintf(key, sizeof key, "dec %s score", sets[d]);
    CU_ASSERT_EQUAL_FATAL(expected_doubles(expected_line(key), dec, 400, NULL), n);
    for (size_t i = 0; i < n; i++) yt[i] = (long)yv[i];
    snprintf(key, sizeof key, "decscores %s", sets[d]);
    char *line = strdup(expected_line(key));
    char *tok = strtok(line, " ");
    int scorers[2] = {GS_SCORER_ROC_AUC, GS_SCORER_AVERAGE_PRECISION};
    for (int k = 0; k < 2; k++, tok = strtok(NULL, " ")) {
      CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
      double got = gs_metrics_score_decision(scorers[k], yt, dec, n);
      if (!strcmp(tok, "x")) {
        CU_ASSERT_TRUE(isnan(got));
        continue;
      }
      double want = strtod(tok, NULL);
      if (got != want) printf("\n  %s %s: got %.17g want %.17g\n", sets[d], gs_scorer_name(scorers[k]), got, want);
      CU_ASSERT_EQUAL(got, want);
    }
    free(line);
    /* the label scorers' entry point refuses them */
    CU_ASSERT_TRUE(isnan(gs_metrics_score(GS_SCORER_ROC_AUC, yt, yt, n)));
  }
  double nan_dec[2] = {0.5, NAN};
  long y2[2] = {0, 1};
  CU_ASSERT_TRUE(isnan(gs_metrics_score_decision(GS_SCORER_ROC_AUC, y2, nan_dec, 2)));
}

static void metrics_confusion_should_count_pairs(void) {
  long yt[5] = {0, 1, 1, 2, 2}, yp[5] = {0, 2, 1, 2, 9};
  long *labels;
  size_t *m;
  size_t k = gs_metrics_confusion(yt, yp, 5, &labels, &m);
  CU_ASSERT_EQUAL_FATAL(k, 4);
  CU_ASSERT_EQUAL(labels[3], 9);
  CU_ASSERT_EQUAL(m[0 * 4 + 0], 1);
  CU_ASSERT_EQUAL(m[1 * 4 + 2], 1);
  CU_ASSERT_EQUAL(m[2 * 4 + 3], 1);
  free(labels);
  free(m);
}

/* malloc and calloc as metrics.o sees them (-Wl,--wrap=malloc,--wrap=calloc):
 * fail_at >= 0 makes the call after that many more fail */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
static long fail_at = -1;
static int fail_now(void) {
  if (fail_at < 0) return 0;
  return fail_at-- == 0;
}
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return fail_now() ? NULL : __real_calloc(k, n); }

/* every allocation of every scorer failing in turn: either GS_ENOMEM with
 * the score untouched, or (an allocation with a fallback, such as qsort's
 * buffer) the right score; never a NaN passed off as a score */
static void try_score_should_report_out_of_memory_not_a_score(void) {
  long yt[6] = {0, 1, 2, 0, 1, 2}, yp[6] = {0, 2, 1, 0, 0, 1};
  for (int sc = 0; sc < GS_SCORER_COUNT; sc++) {
    if (gs_scorer_needs(sc) != GS_NEEDS_LABELS) continue; /* scored from decision values */
    double want;
    CU_ASSERT_EQUAL_FATAL(gs_metrics_try_score(sc, yt, yp, 6, &want), GS_OK);
    int enomem = 0, wrong = 0;
    for (long k = 0; k < 32; k++) {
      double got = 12345.0;
      fail_at = k;
      int rc = gs_metrics_try_score(sc, yt, yp, 6, &got);
      int reached = fail_at < 0; /* the k-th allocation happened (and failed) */
      fail_at = -1;
      if (rc == GS_ENOMEM) enomem++;
      wrong += rc == GS_ENOMEM ? got != 12345.0 : rc != GS_OK || got != want;
      if (!reached) break;
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(enomem >= 1); /* counts_make allocates for every scorer */
  }
}

static CU_TestInfo tests[] = {
  {"try_score_should_report_out_of_memory_not_a_score", try_score_should_report_out_of_memory_not_a_score},
  {"metrics_score_should_equal_scikit_learn", metrics_score_should_equal_scikit_learn},
  {"metrics_report_should_equal_classification_report", metrics_report_should_equal_classification_report},
  {"scorer_names_should_round_trip", scorer_names_should_round_trip},
  {"metrics_confusion_should_count_pairs", metrics_confusion_should_count_pairs},
  {"decision_scorers_should_equal_scikit_learn", decision_scorers_should_equal_scikit_learn},
  CU_TEST_INFO_NULL};
#define GS_SUITE "metrics"
#include "cunit_main.h"

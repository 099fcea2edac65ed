/* test_halving.c: successive halving's plan, subsampling, argsort, carry-over
 * and best index against scikit-learn 1.2.1 / numpy 1.24
 * (tests/data/halving_expected.txt, written by
 * tests/data/make_halving_expected.py). */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/halving.h"

/* Calls fn(key, value) for each line of the expected file whose key starts
 * with prefix; returns how many. */
static size_t each_line(const char *prefix, void (*fn)(char *key, char *val)) {
  FILE *f = fopen(GS_TEST_DIR "/data/halving_expected.txt", "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  char *line = NULL;
  size_t cap = 0, n = 0, plen = strlen(prefix);
  while (getline(&line, &cap, f) > 0) {
    if (strncmp(line, prefix, plen) != 0) continue;
    line[strcspn(line, "\n")] = '\0';
    char *tab = strchr(line, '\t');
    CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
    *tab = '\0';
    fn(line, tab + 1);
    n++;
  }
  free(line);
  fclose(f);
  return n;
}

/* Parses up to max doubles ("nan" included) from s, stopping at '|' or the
 * end; *rest is what follows the '|'. */
static size_t doubles(char *s, double *v, size_t max, char **rest) {
  size_t n = 0;
  char *bar = strchr(s, '|');
  if (bar) *bar = '\0';
  for (char *p = strtok(s, " "); p && n < max; p = strtok(NULL, " ")) v[n++] = strtod(p, NULL);
  *rest = bar ? bar + 1 : s + strlen(s);
  return n;
}

static size_t sizes(char *s, size_t *v, size_t max) {
  size_t n = 0;
  for (char *p = strtok(s, " "); p && n < max; p = strtok(NULL, " ")) v[n++] = (size_t)strtoull(p, NULL, 10);
  return n;
}

#define MAXN 4096
static double g_v[MAXN];
static size_t g_idx[MAXN], g_out[MAXN], g_want[MAXN];
static size_t g_bad;

static void check_plan(char *key, char *val) {
  char mn[16], mx[16];
  long factor;
  int aggr;
  size_t nc, ns, ncl;
  int splits;
  CU_ASSERT_EQUAL_FATAL(sscanf(key, "plan %ld %15s %15s %d %zu %zu %d %zu", &factor, mn, mx, &aggr, &nc, &ns, &splits, &ncl), 8);
  gs_halving_spec_t sp = {factor, GS_HALVING_MIN_COUNT, 0, 0, aggr, 0};
  if (!strcmp(mn, "exhaust")) sp.min_kind = GS_HALVING_MIN_EXHAUST;
  else if (!strcmp(mn, "smallest")) sp.min_kind = GS_HALVING_MIN_SMALLEST;
  else sp.min_count = (size_t)atol(mn);
  if (strcmp(mx, "auto")) sp.max_count = (size_t)atol(mx);
  gs_halving_plan_t p;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_halving_plan(&p, &sp, nc, ns, splits, ncl, &err), GS_OK);
  char got[2048];
  int off = snprintf(got, sizeof got, "%zu %zu %zu %zu %zu |", p.n_iterations, p.n_required, p.n_possible, p.min_resources, p.max_resources);
  for (size_t i = 0; i < p.n_iterations; i++) off += snprintf(got + off, sizeof got - (size_t)off, " %zu", p.n_resources[i]);
  off += snprintf(got + off, sizeof got - (size_t)off, " |");
  size_t rows = 0;
  for (size_t i = 0; i < p.n_iterations; i++) {
    off += snprintf(got + off, sizeof got - (size_t)off, " %zu", p.n_candidates[i]);
    rows += p.n_candidates[i];
  }
  CU_ASSERT_EQUAL(rows, p.n_rows);
  if (strcmp(got, val)) {
    fprintf(stderr, "\n%s: got %s, want %s\n", key, got, val);
    g_bad++;
  }
}

static void halving_plan_should_equal_halving_grid_search_cvs(void) {
  g_bad = 0;
  CU_ASSERT(each_line("plan ", check_plan) >= 10);
  CU_ASSERT_EQUAL(g_bad, 0);
}

static void check_sub(char *key, char *val) {
  size_t n, r, ns;
  unsigned long seed;
  CU_ASSERT_EQUAL_FATAL(sscanf(key, "sub %zu %zu %zu %lu", &n, &r, &ns, &seed), 4);
  size_t m = sizes(val, g_want, MAXN);
  size_t *idx = malloc(n * sizeof *idx), *perm = malloc(n * sizeof *perm), *out = malloc(n * sizeof *out);
  CU_ASSERT_FATAL(idx && perm && out);
  for (size_t i = 0; i < n; i++) idx[i] = 1000 + i; /* positions map through idx */
  CU_ASSERT_EQUAL(gs_halving_subsample_size(r, ns, n), m);
  size_t got = gs_halving_subsample(idx, n, r, ns, (uint32_t)seed, perm, out);
  CU_ASSERT_EQUAL(got, m);
  for (size_t i = 0; i < m && i < got; i++)
    if (out[i] != 1000 + g_want[i]) { g_bad++; break; }
  free(idx);
  free(perm);
  free(out);
}

static void halving_subsample_should_equal_resample_without_replacement(void) {
  g_bad = 0;
  CU_ASSERT(each_line("sub ", check_sub) >= 8);
  CU_ASSERT_EQUAL(g_bad, 0);
}

static void check_argsort(char *key, char *val) {
  size_t n = (size_t)atol(key + strlen("argsort "));
  char *rest;
  CU_ASSERT_EQUAL_FATAL(doubles(val, g_v, MAXN, &rest), n);
  CU_ASSERT_EQUAL_FATAL(sizes(rest, g_want, MAXN), n);
  gs_halving_argsort(g_v, n, g_idx);
  if (memcmp(g_idx, g_want, n * sizeof *g_idx)) {
    fprintf(stderr, "\nargsort of %zu values differs from numpy's:", n);
    for (size_t i = 0; i < n && i < 40; i++) fprintf(stderr, " %g", g_v[i]);
    fprintf(stderr, "\n");
    g_bad++;
  }
}

static void halving_argsort_should_order_ties_as_numpy_1_24(void) {
  g_bad = 0;
  CU_ASSERT(each_line("argsort ", check_argsort) >= 500);
  CU_ASSERT_EQUAL(g_bad, 0);
}

static void check_topk(char *key, char *val) {
  size_t k = (size_t)atol(key + strlen("topk "));
  char *rest;
  size_t n = doubles(val, g_v, MAXN, &rest);
  CU_ASSERT_EQUAL_FATAL(sizes(rest, g_want, MAXN), k < n ? k : n);
  CU_ASSERT_EQUAL(gs_halving_top_k(g_v, n, k, g_idx, g_out), k < n ? k : n);
  if (memcmp(g_out, g_want, (k < n ? k : n) * sizeof *g_out)) g_bad++;
}

static void halving_top_k_should_equal_sklearns_with_nans_first(void) {
  g_bad = 0;
  CU_ASSERT(each_line("topk ", check_topk) >= 100);
  CU_ASSERT_EQUAL(g_bad, 0);
}

static void check_best(char *key, char *val) {
  (void)key;
  char *rest;
  size_t n = doubles(val, g_v, MAXN, &rest);
  size_t want = (size_t)atol(rest);
  if (gs_halving_best(g_v, n) != want) g_bad++;
}

static void halving_best_should_be_the_first_nanargmax(void) {
  g_bad = 0;
  CU_ASSERT(each_line("best", check_best) >= 50);
  CU_ASSERT_EQUAL(g_bad, 0);
}

static void halving_resources_should_refuse_what_sklearn_refuses(void) {
  gs_error_t err;
  size_t lo, hi;
  gs_halving_spec_t sp = {3, GS_HALVING_MIN_COUNT, 500, 100, 0, 0};
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_halving_resources(&sp, 1000, 5, 2, &lo, &hi, &err), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(err.message, "min_resources_=500 is greater than max_resources_=100");
  sp = (gs_halving_spec_t){3, GS_HALVING_MIN_SMALLEST, 0, 0, 0, 0};
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_halving_resources(&sp, 50, 5, 10, &lo, &hi, &err), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(err.message, "min_resources_=100 is greater than max_resources_=50 (2 x n_splits x n_classes)");
  sp = (gs_halving_spec_t){3, GS_HALVING_MIN_COUNT, 10, 2000, 0, 0};
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_halving_resources(&sp, 1000, 5, 2, &lo, &hi, &err), GS_ECONFIG);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "max_resources=2000 is more than the 1000 training rows"));
  sp = (gs_halving_spec_t){3, GS_HALVING_MIN_SMALLEST, 0, 0, 0, 0};
  CU_ASSERT_EQUAL(gs_halving_resources(&sp, 1000, 5, 3, &lo, &hi, &err), GS_OK);
  CU_ASSERT_EQUAL(lo, 30);
  CU_ASSERT_EQUAL(hi, 1000);
  /* HalvingRandomSearchCV's n_candidates='exhaust': max_resources_ // min_resources_ */
  CU_ASSERT_EQUAL(gs_halving_first_candidates(&sp, 1000, 5, 3), 33);
  sp.n_candidates = 7;
  CU_ASSERT_EQUAL(gs_halving_first_candidates(&sp, 1000, 5, 3), 7);
}

static CU_TestInfo tests[] = {
  {"halving_plan_should_equal_halving_grid_search_cvs", halving_plan_should_equal_halving_grid_search_cvs},
  {"halving_subsample_should_equal_resample_without_replacement", halving_subsample_should_equal_resample_without_replacement},
  {"halving_argsort_should_order_ties_as_numpy_1_24", halving_argsort_should_order_ties_as_numpy_1_24},
  {"halving_top_k_should_equal_sklearns_with_nans_first", halving_top_k_should_equal_sklearns_with_nans_first},
  {"halving_best_should_be_the_first_nanargmax", halving_best_should_be_the_first_nanargmax},
  {"halving_resources_should_refuse_what_sklearn_refuses", halving_resources_should_refuse_what_sklearn_refuses},
  CU_TEST_INFO_NULL};
#define GS_SUITE "halving"
#include "cunit_main.h"

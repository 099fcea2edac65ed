/* test_sampler.c: the randomized search's draws and candidates against
 * numpy 1.24 / scipy 1.10 / scikit-learn 1.2.1 (tests/data/sampler_expected.txt,
 * written by tests/data/make_sampler_expected.py). */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/grid.h"
#include "gridsearch/npmath.h"
#include "gridsearch/pyrepr.h"
#include "gridsearch/rng.h"
#include "gridsearch/sampler.h"

/* The text after "key\t" in sampler_expected.txt, or NULL; static buffer. */
static const char *want_line(const char *key) {
  static char *line = NULL;
  static size_t cap = 0;
  FILE *f = fopen(GS_TEST_DIR "/data/sampler_expected.txt", "r");
  if (!f) return NULL;
  size_t klen = strlen(key);
  const char *hit = NULL;
  while (getline(&line, &cap, f) > 0)
    if (strncmp(line, key, klen) == 0 && line[klen] == '\t') {
      line[strcspn(line, "\n")] = '\0';
      hit = line + klen + 1;
      break;
    }
  fclose(f);
  return hit;
}

/* Splits s at spaces into at most max tokens (s is modified). */
static size_t tokens(char *s, char **tok, size_t max) {
  size_t n = 0;
  for (char *p = strtok(s, " "); p && n < max; p = strtok(NULL, " ")) tok[n++] = p;
  return n;
}

static void sampler_without_replacement_should_equal_sklearns_in_every_regime(void) {
  static const struct { unsigned long long pop; size_t n; uint32_t seed; } cases[] = {
    {1000, 10, 0}, {1000, 3, 5}, {5, 1, 0}, {100, 2, 1}, {100, 50, 3}, {24, 10, 0},
    {100, 99, 7}, {500, 499, 2}, {20, 20, 0}, {1ull << 40, 6, 11}, {3ull << 33, 4, 4294967295u}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char key[96], *tok[600];
    snprintf(key, sizeof key, "swr %llu %zu %u", cases[c].pop, cases[c].n, cases[c].seed);
    const char *w = want_line(key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    char *copy = strdup(w);
    size_t nt = tokens(copy, tok, 600);
    CU_ASSERT_EQUAL(nt, cases[c].n);
    size_t got[600];
    gs_rng_t r;
    gs_rng_seed(&r, cases[c].seed);
    /* the permutation regime would need pop entries: only small ones here */
    CU_ASSERT_EQUAL_FATAL(gs_sampler_without_replacement(&r, (size_t)cases[c].pop, cases[c].n, got), GS_OK);
    for (size_t i = 0; i < nt; i++) CU_ASSERT_EQUAL(got[i], (size_t)strtoull(tok[i], NULL, 10));
    free(copy);
  }
}

static void rng_scalar_draws_should_equal_numpys(void) {
  char *tok[100], *copy;
  gs_rng_t r;
  gs_rng_seed(&r, 9);
  copy = strdup(want_line("random_sample 9"));
  CU_ASSERT_EQUAL_FATAL(tokens(copy, tok, 100), 50);
  for (int i = 0; i < 50; i++) CU_ASSERT_EQUAL(gs_rng_random_sample(&r), strtod(tok[i], NULL));
  free(copy);
  gs_rng_seed(&r, 9);
  copy = strdup(want_line("randint 9"));
  CU_ASSERT_EQUAL_FATAL(tokens(copy, tok, 100), 63);
  for (int i = 0; i < 63; i++) {
    long long lo = i < 30 ? -3 : i < 33 ? 7 : 0, hi = i < 30 ? 1ll << 36 : i < 33 ? 8 : 5;
    CU_ASSERT_EQUAL(gs_rng_randint(&r, lo, hi), strtoll(tok[i], NULL, 10));
  }
  free(copy);
  gs_rng_seed(&r, 9);
  copy = strdup(want_line("standard_exponential 9"));
  CU_ASSERT_EQUAL_FATAL(tokens(copy, tok, 100), 50);
  for (int i = 0; i < 50; i++) CU_ASSERT_EQUAL(gs_rng_standard_exponential(&r), strtod(tok[i], NULL));
  free(copy);
}

static void sampler_draws_should_equal_scipys_rvs_bit_for_bit(void) {
  static const struct { const char *key; gs_dist_t d; } cases[] = {
    {"draw loguniform [0.001, 1000.0]", {GS_DIST_LOGUNIFORM, 1e-3, 1e3}},
    {"draw loguniform [1, 100]", {GS_DIST_LOGUNIFORM, 1, 100}},
    {"draw loguniform [2.5e-07, 0.5]", {GS_DIST_LOGUNIFORM, 2.5e-7, 0.5}},
    {"draw uniform [0.5, 20]", {GS_DIST_UNIFORM, 0.5, 20}},
    {"draw uniform [-1, 2]", {GS_DIST_UNIFORM, -1, 2}},
    {"draw expon [0.2]", {GS_DIST_EXPON, 0, 0.2}},
    {"draw expon [3]", {GS_DIST_EXPON, 0, 3}},
    {"draw randint [2, 4]", {GS_DIST_RANDINT, 2, 4}},
    {"draw randint [1, 1000000]", {GS_DIST_RANDINT, 1, 1000000}}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    /* the expected draws come from numpy on an AVX-512 CPU (SVML's pow) */
    if (cases[c].d.kind == GS_DIST_LOGUNIFORM && !gs_np_power_is_svml()) {
      fprintf(stderr, "%s: skipped, this CPU has no AVX512_SKX (np.power is libm's here)\n", cases[c].key);
      continue;
    }
    const char *w = want_line(cases[c].key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    char *copy = strdup(w), *tok[1000];
    CU_ASSERT_EQUAL_FATAL(tokens(copy, tok, 1000), 1000);
    gs_rng_t r;
    gs_rng_seed(&r, 3);
    size_t bad = 0;
    for (int i = 0; i < 1000; i++) {
      gs_value_t v = gs_sampler_draw(&r, &cases[c].d);
      char buf[64];
      if (v.type == GS_VAL_INT) snprintf(buf, sizeof buf, "%.0f", v.num);
      else gs_pyrepr_double(v.num, buf, sizeof buf);
      if (strcmp(buf, tok[i])) bad++;
      CU_ASSERT_EQUAL(v.type, cases[c].d.kind == GS_DIST_RANDINT ? GS_VAL_INT : GS_VAL_FLOAT);
    }
    if (bad) fprintf(stderr, "%s: %zu of 1000 draws differ (np.power via %s)\n", cases[c].key, bad,
                     gs_np_power_is_svml() ? "SVML" : "libm");
    CU_ASSERT_EQUAL(bad, 0);
    free(copy);
  }
}

static void sampler_candidates_should_equal_parameter_samplers(void) {
  static const char *const names[] = {"mixed", "lists_tracking", "lists_clipped"};
  static const size_t counts[] = {300, 40, 4};
  for (size_t c = 0; c < 3; c++) {
    char key[64];
    snprintf(key, sizeof key, "config %s", names[c]);
    const char *w = want_line(key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    if (strstr(w, "loguniform") && !gs_np_power_is_svml()) { /* drawn with SVML's pow, as above */
      fprintf(stderr, "%s: skipped, this CPU has no AVX512_SKX (np.power is libm's here)\n", key);
      continue;
    }
    char *json = strdup(w);
    gs_config_t *cfg = NULL;
    gs_error_t err;
    gs_error_clear(&err);
    int rc = gs_config_parse(&cfg, GS_TEST_DIR "/sampler.json", json, strlen(json), &err);
    if (rc) fprintf(stderr, "%s\n", err.message);
    CU_ASSERT_EQUAL_FATAL(rc, GS_OK);
    CU_ASSERT_EQUAL(cfg->strategy, GS_STRATEGY_RANDOM);
    gs_grid_t g;
    CU_ASSERT_EQUAL_FATAL(gs_sampler_sample(&g, cfg, 1000000, &err), GS_OK);
    CU_ASSERT_EQUAL(g.n, counts[c]);
    for (size_t i = 0; i < g.n; i++) {
      char buf[512];
      snprintf(key, sizeof key, "cand %s %zu", names[c], i);
      const char *want = want_line(key);
      CU_ASSERT_PTR_NOT_NULL_FATAL(want);
      gs_grid_repr(&g.cand[i], buf, sizeof buf);
      if (strcmp(buf, want)) fprintf(stderr, "%s: got %s, want %s\n", key, buf, want);
      CU_ASSERT_STRING_EQUAL(buf, want);
    }
    gs_grid_free(&g);
    gs_config_free(cfg);
    free(json);
  }
}

static void sampler_should_refuse_more_than_max_candidates(void) {
  static const char json[] = "{\"dataset\": \"digits\", \"search\": {\"strategy\": \"random\", \"n_iter\": 50},"
                             " \"param_distributions\": {\"C\": {\"expon\": [1]}}}";
  gs_config_t *cfg = NULL;
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_config_parse(&cfg, "t.json", json, strlen(json), &err), GS_OK);
  gs_grid_t g;
  CU_ASSERT_EQUAL(gs_sampler_sample(&g, cfg, 49, &err), GS_ECONFIG);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "more than 49 candidates"));
  CU_ASSERT_EQUAL(gs_sampler_sample(&g, cfg, 50, &err), GS_OK);
  CU_ASSERT_EQUAL(g.n, 50);
  CU_ASSERT_PTR_NOT_NULL(g.drawn);
  gs_grid_free(&g);
  gs_config_free(cfg);
}

static CU_TestInfo tests[] = {
  {"sampler_without_replacement_should_equal_sklearns_in_every_regime", sampler_without_replacement_should_equal_sklearns_in_every_regime},
  {"rng_scalar_draws_should_equal_numpys", rng_scalar_draws_should_equal_numpys},
  {"sampler_draws_should_equal_scipys_rvs_bit_for_bit", sampler_draws_should_equal_scipys_rvs_bit_for_bit},
  {"sampler_candidates_should_equal_parameter_samplers", sampler_candidates_should_equal_parameter_samplers},
  {"sampler_should_refuse_more_than_max_candidates", sampler_should_refuse_more_than_max_candidates},
  CU_TEST_INFO_NULL};
#define GS_SUITE "sampler"
#include "cunit_main.h"

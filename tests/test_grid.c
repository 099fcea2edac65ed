/* test_grid.c: ParameterGrid order and the Python/JSON spellings; that
 * grids (both producers: gs_grid_expand and gs_sampler_sample) own their
 * candidates' values, so they outlive the config; hash. */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/grid.h"
#include "gridsearch/hash.h"
#include "gridsearch/sampler.h"

static gs_config_t *cfg_of(const char *text) {
  gs_error_t e;
  gs_error_clear(&e);
  gs_config_t *c = NULL;
  gs_config_parse(&c, "g.json", text, strlen(text), &e);
  return c;
}

static void grid_expand_should_follow_parameter_grid_order(void) {
  gs_config_t *c = cfg_of("{\"dataset\": \"digits\", \"param_grid\": [{\"kernel\": [\"rbf\"], \"gamma\": [0.001, \"scale\"], \"C\": [1, 10.0]},"
                          " {\"kernel\": [\"poly\"], \"degree\": [2], \"coef0\": [1e-05], \"class_weight\": [null, \"balanced\", {\"3\": 2, \"-1\": 0.5}]}]}");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  gs_grid_t g;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs_grid_expand(&g, c, 1000, &e), GS_OK);
  CU_ASSERT_EQUAL(g.n, 7);
  char buf[512];
  static const char *const want[] = {
      "{'C': 1, 'gamma': 0.001, 'kernel': 'rbf'}", "{'C': 1, 'gamma': 'scale', 'kernel': 'rbf'}",
      "{'C': 10.0, 'gamma': 0.001, 'kernel': 'rbf'}", "{'C': 10.0, 'gamma': 'scale', 'kernel': 'rbf'}",
      "{'class_weight': None, 'coef0': 1e-05, 'degree': 2, 'kernel': 'poly'}",
      "{'class_weight': 'balanced', 'coef0': 1e-05, 'degree': 2, 'kernel': 'poly'}",
      "{'class_weight': {3: 2, -1: 0.5}, 'coef0': 1e-05, 'degree': 2, 'kernel': 'poly'}"};
  for (size_t i = 0; i < 7; i++) CU_ASSERT_STRING_EQUAL(gs_grid_repr(&g.cand[i], buf, sizeof buf), want[i]);
  CU_ASSERT_STRING_EQUAL(gs_grid_json(&g.cand[6], buf, sizeof buf),
                         "{\"class_weight\": {\"-1\": 0.5, \"3\": 2}, \"coef0\": 1e-05, \"degree\": 2, \"kernel\": \"poly\"}");
  CU_ASSERT_STRING_EQUAL(gs_grid_json(&g.cand[4], buf, sizeof buf), "{\"class_weight\": null, \"coef0\": 1e-05, \"degree\": 2, \"kernel\": \"poly\"}");
  /* param_<key> columns in order of first appearance */
  CU_ASSERT_EQUAL(g.n_keys, 6);
  CU_ASSERT_STRING_EQUAL(gs_grid_key_name(g.keys[0]), "C");
  CU_ASSERT_STRING_EQUAL(gs_grid_key_name(g.keys[2]), "kernel");
  CU_ASSERT_STRING_EQUAL(gs_grid_key_name(g.keys[3]), "class_weight");
  CU_ASSERT_STRING_EQUAL(gs_value_str(g.cand[4].v[GS_P_CLASS_WEIGHT], buf, sizeof buf), "");
  CU_ASSERT_STRING_EQUAL(gs_value_str(g.cand[1].v[GS_P_GAMMA], buf, sizeof buf), "scale");
  gs_grid_free(&g);
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_grid_expand(&g, c, 5, &e), GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "param_grid has more than 5 candidates");
  gs_config_free(c);
}

/* ---- ownership: candidates outlive the config ---- */

/* a param_grid with every kind of value: ints, floats, words, kernels, a
 * class_weight dict, None and preprocessing steps */
static const char owned_grid[] =
    "{\"dataset\": \"digits\", \"param_grid\": [{\"kernel\": [\"rbf\", \"sigmoid\"], \"gamma\": [0.001, \"scale\", \"auto\"],"
    " \"C\": [1, 10.0], \"class_weight\": [null, \"balanced\", {\"3\": 2, \"-1\": 0.5}]},"
    " {\"kernel\": [\"poly\"], \"degree\": [2, 3], \"coef0\": [1e-05], \"scaler\": [\"standard\", {\"minmax\": {\"feature_range\": [-1, 1]}}, null]},"
    " {\"kernel\": [\"linear\"], \"C\": [0.5]}]}";

/* the same as param_distributions: lists and distributions, sampled */
static const char owned_sample[] =
    "{\"dataset\": \"digits\", \"search\": {\"strategy\": \"random\", \"n_iter\": 40, \"random_state\": 7},"
    " \"param_distributions\": [{\"kernel\": [\"rbf\", \"sigmoid\"], \"C\": {\"loguniform\": [0.01, 100]},"
    " \"class_weight\": [null, {\"1\": 3}], \"gamma\": [0.01, \"scale\"]},"
    " {\"kernel\": [\"poly\"], \"degree\": {\"randint\": [2, 5]}, \"scaler\": [\"maxabs\", null]}]}";

/* a randomized search over lists only: ParameterGrid[i] points */
static const char owned_points[] =
    "{\"dataset\": \"digits\", \"search\": {\"strategy\": \"random\", \"n_iter\": 9, \"random_state\": 3},"
    " \"param_distributions\": {\"kernel\": [\"linear\", \"poly\", \"rbf\"], \"C\": [1, 2, 3, 4],"
    " \"class_weight\": [\"balanced\", {\"0\": 1.5, \"9\": 2}]}}";

/* Whether p points into any of cfg's lists. */
static int points_into(const gs_config_t *cfg, const gs_value_t *p) {
  for (size_t g = 0; g < cfg->n_subgrids; g++)
    for (int k = 0; k < GS_P_COUNT; k++) {
      const gs_subgrid_t *sg = &cfg->subgrids[g];
      for (size_t i = 0; i < sg->n[k]; i++)
        if (p == &sg->values[k][i] || (p->weights && p->weights == sg->values[k][i].weights)) return 1;
    }
  return 0;
}

/* Overwrites every value of cfg's lists (what a freed config's memory may
 * come to hold, found at once without a sanitizer), then frees cfg. */
static void poison_and_free(gs_config_t *cfg) {
  for (size_t g = 0; g < cfg->n_subgrids; g++)
    for (int k = 0; k < GS_P_COUNT; k++)
      for (size_t i = 0; i < cfg->subgrids[g].n[k]; i++) {
        gs_value_t *v = &cfg->subgrids[g].values[k][i];
        v->num = -999;
        snprintf(v->str, sizeof v->str, "poison");
        v->kernel = GS_KERNEL_LINEAR;
        v->tf.range[0] = -999;
        for (size_t w = 0; w < v->n_weights; w++) {
          v->weights[w].label = -999;
          v->weights[w].weight = -999;
        }
      }
  gs_config_free(cfg);
}

/* Makes a grid of json (sampled when sample), spells every candidate, frees
 * (poisoned) the config and checks the candidates still spell the same, in
 * values the grid owns; then frees the grid (ASan and valgrind see any read
 * of the freed config, or leak). */
static void check_owned(const char *json, int sample) {
  gs_config_t *cfg = cfg_of(json);
  CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
  gs_grid_t g;
  gs_error_t e;
  gs_error_clear(&e);
  int rc = sample ? gs_sampler_sample(&g, cfg, 1000, &e) : gs_grid_expand(&g, cfg, 1000, &e);
  CU_ASSERT_EQUAL_FATAL(rc, GS_OK);
  CU_ASSERT_FATAL(g.n > 0);
  char(*before)[2][512] = calloc(g.n, sizeof *before);
  int(*kernel)[2] = calloc(g.n, sizeof *kernel);
  CU_ASSERT_PTR_NOT_NULL_FATAL(before);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kernel);
  size_t foreign = 0;
  for (size_t i = 0; i < g.n; i++) {
    gs_grid_repr(&g.cand[i], before[i][0], sizeof before[i][0]);
    gs_grid_json(&g.cand[i], before[i][1], sizeof before[i][1]);
    const gs_value_t *kv = g.cand[i].v[GS_P_KERNEL];
    kernel[i][0] = kv ? 1 : 0;
    kernel[i][1] = kv ? (int)kv->kernel : -1;
    for (int k = 0; k < GS_P_COUNT; k++)
      if (g.cand[i].v[k] && points_into(cfg, g.cand[i].v[k])) foreign++;
  }
  CU_ASSERT_EQUAL(foreign, 0); /* no value, nor dict, in the config's storage */
  poison_and_free(cfg);
  for (size_t i = 0; i < g.n; i++) {
    char buf[512];
    CU_ASSERT_STRING_EQUAL(gs_grid_repr(&g.cand[i], buf, sizeof buf), before[i][0]);
    CU_ASSERT_STRING_EQUAL(gs_grid_json(&g.cand[i], buf, sizeof buf), before[i][1]);
    const gs_value_t *kv = g.cand[i].v[GS_P_KERNEL];
    CU_ASSERT_EQUAL(kv ? 1 : 0, kernel[i][0]);
    if (kv) CU_ASSERT_EQUAL((int)kv->kernel, kernel[i][1]);
  }
  free(before);
  free(kernel);
  gs_grid_free(&g);
}

static void grid_expand_should_own_its_values_after_the_config_is_freed(void) { check_owned(owned_grid, 0); }
static void sampler_should_own_drawn_and_listed_values_after_the_config_is_freed(void) { check_owned(owned_sample, 1); }
static void sampler_grid_points_should_own_their_values_after_the_config_is_freed(void) { check_owned(owned_points, 1); }

/* Checks each candidate's at[k] against the grid's lists: the index of v[k]
 * in its sub-grid's list of k, GS_GRID_NO_INDEX for absent or drawn keys. */
static void check_indexes(const gs_grid_t *g) {
  for (size_t i = 0; i < g->n; i++) {
    const gs_candidate_t *c = &g->cand[i];
    CU_ASSERT_FATAL(c->subgrid < g->n_subgrids);
    const gs_grid_list_t *l = &g->lists[c->subgrid];
    for (int k = 0; k < GS_P_COUNT; k++) {
      if (c->at[k] == GS_GRID_NO_INDEX) {
        CU_ASSERT(!c->v[k] || (g->drawn && c->v[k] >= g->drawn && c->v[k] < g->drawn + g->n * GS_P_COUNT));
        continue;
      }
      CU_ASSERT_FATAL(c->at[k] < l->n[k]);
      CU_ASSERT_PTR_EQUAL(c->v[k], &l->values[k][c->at[k]]);
    }
  }
}

static void candidates_should_record_their_values_index_in_the_subgrid(void) {
  static const char *const json[] = {owned_grid, owned_sample, owned_points};
  for (int j = 0; j < 3; j++) {
    gs_config_t *cfg = cfg_of(json[j]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    gs_grid_t g;
    gs_error_t e;
    gs_error_clear(&e);
    CU_ASSERT_EQUAL_FATAL(j ? gs_sampler_sample(&g, cfg, 1000, &e) : gs_grid_expand(&g, cfg, 1000, &e), GS_OK);
    CU_ASSERT_EQUAL(g.n_subgrids, cfg->n_subgrids);
    for (size_t s = 0; s < g.n_subgrids; s++)
      for (int k = 0; k < GS_P_COUNT; k++) CU_ASSERT_EQUAL(g.lists[s].n[k], cfg->subgrids[s].n[k]);
    check_indexes(&g);
    gs_grid_free(&g);
    gs_config_free(cfg);
  }
  /* ParameterGrid's odometer: the grid's 5th candidate (C=1, class_weight
   * dict, gamma 'scale', kernel 'sigmoid'; sorted keys, the last fastest) */
  gs_config_t *cfg = cfg_of(owned_grid);
  gs_grid_t g;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs_grid_expand(&g, cfg, 1000, &e), GS_OK);
  CU_ASSERT_EQUAL(g.n, 36 + 6 + 1);
  const gs_candidate_t *c = &g.cand[15];
  CU_ASSERT_EQUAL(c->at[GS_P_C], 0);
  CU_ASSERT_EQUAL(c->at[GS_P_CLASS_WEIGHT], 2);
  CU_ASSERT_EQUAL(c->at[GS_P_GAMMA], 1);
  CU_ASSERT_EQUAL(c->at[GS_P_KERNEL], 1);
  CU_ASSERT_EQUAL(c->at[GS_P_DEGREE], GS_GRID_NO_INDEX);
  CU_ASSERT_EQUAL(c->v[GS_P_KERNEL]->kernel, GS_KERNEL_SIGMOID);
  gs_grid_free(&g);
  gs_config_free(cfg);
}

static void grid_view_should_share_its_base_values_and_free_only_its_candidates(void) {
  gs_config_t *cfg = cfg_of(owned_sample);
  CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
  gs_grid_t base, view;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs_sampler_sample(&base, cfg, 1000, &e), GS_OK);
  gs_config_free(cfg);
  CU_ASSERT_EQUAL_FATAL(gs_grid_view(&view, &base, 3), GS_OK);
  CU_ASSERT_EQUAL(view.n, 3);
  CU_ASSERT_EQUAL(view.n_keys, base.n_keys);
  CU_ASSERT_EQUAL(memcmp(view.keys, base.keys, sizeof view.keys), 0);
  CU_ASSERT_PTR_EQUAL(view.lists, base.lists);
  CU_ASSERT_PTR_EQUAL(view.drawn, base.drawn);
  CU_ASSERT(view.borrowed);
  CU_ASSERT(!base.borrowed);
  for (size_t r = 0; r < 3; r++) view.cand[r] = base.cand[2 * r];
  char a[512], b[512];
  CU_ASSERT_STRING_EQUAL(gs_grid_repr(&view.cand[2], a, sizeof a), gs_grid_repr(&base.cand[4], b, sizeof b));
  gs_grid_free(&view); /* base's values stay: a double free here would show under ASan and valgrind */
  CU_ASSERT_PTR_NULL(view.cand);
  CU_ASSERT_STRING_EQUAL(gs_grid_repr(&base.cand[4], a, sizeof a), b);
  gs_grid_free(&base);
  gs_grid_free(NULL);
}

static void hash_should_be_fnv1a_64(void) {
  CU_ASSERT_EQUAL(gs_hash_bytes("", 0), 14695981039346656037ull);
  CU_ASSERT_EQUAL(gs_hash_bytes("a", 1), 0xaf63dc4c8601ec8cull);
  CU_ASSERT_EQUAL(gs_hash_bytes("foobar", 6), 0x85944171f73967e8ull);
  gs_hash_t h;
  gs_error_t e;
  gs_error_clear(&e);
  gs_hash_init(&h);
  CU_ASSERT_EQUAL(gs_hash_file(&h, "/nonexistent", &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "cannot open: No such file or directory");
}

static CU_TestInfo tests[] = {
  {"grid_expand_should_follow_parameter_grid_order", grid_expand_should_follow_parameter_grid_order},
  {"grid_expand_should_own_its_values_after_the_config_is_freed", grid_expand_should_own_its_values_after_the_config_is_freed},
  {"sampler_should_own_drawn_and_listed_values_after_the_config_is_freed", sampler_should_own_drawn_and_listed_values_after_the_config_is_freed},
  {"sampler_grid_points_should_own_their_values_after_the_config_is_freed", sampler_grid_points_should_own_their_values_after_the_config_is_freed},
  {"candidates_should_record_their_values_index_in_the_subgrid", candidates_should_record_their_values_index_in_the_subgrid},
  {"grid_view_should_share_its_base_values_and_free_only_its_candidates", grid_view_should_share_its_base_values_and_free_only_its_candidates},
  {"hash_should_be_fnv1a_64", hash_should_be_fnv1a_64},
  CU_TEST_INFO_NULL};
#define GS_SUITE "grid"
#include "cunit_main.h"

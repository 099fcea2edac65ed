/* test_grid.c: ParameterGrid order and the Python/JSON spellings; hash. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/grid.h"
#include "gridsearch/hash.h"

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
  {"hash_should_be_fnv1a_64", hash_should_be_fnv1a_64},
  CU_TEST_INFO_NULL};
#define GS_SUITE "grid"
#include "cunit_main.h"

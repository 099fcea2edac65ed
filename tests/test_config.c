/* test_config.c: configs read and checked, every complaint with its place. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/config.h"

/* Parses text as file "c.json"; returns the formatted error ("" when valid). */
static const char *parse(const char *text, gs_config_t **out) {
  static char buf[2048];
  gs_error_t e;
  gs_error_clear(&e);
  gs_config_t *c = NULL;
  int rc = gs_config_parse(&c, "c.json", text, strlen(text), &e);
  buf[0] = '\0';
  if (rc) gs_error_format(&e, buf, sizeof buf);
  if (out) *out = c;
  else gs_config_free(c);
  return buf;
}

#define GRID ", \"param_grid\": {\"C\": [1]}"
#define EXPECT(text, msg) CU_ASSERT_STRING_EQUAL(parse(text, NULL), msg)

static void config_parse_should_read_the_seed_config(void) {
  gs_config_t *c;
  CU_ASSERT_STRING_EQUAL(parse("// the seed\n{\"name\": \"s\", \"dataset\": \"digits\", \"test_size\": 0.5, \"random_state\": 0,\n"
                               " /* block */ \"cv\": 5, \"scoring\": [\"precision_macro\", \"recall_macro\"],\n"
                               " \"param_grid\": [{\"kernel\": [\"rbf\"], \"gamma\": [0.001, 0.0001], \"C\": [1, 10, 100, 1000]},\n"
                               "                {\"kernel\": [\"linear\"], \"C\": [1, 10, 100, 1000]}]}", &c), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_STRING_EQUAL(c->name, "s");
  CU_ASSERT_EQUAL(c->n_splits, 5);
  CU_ASSERT_DOUBLE_EQUAL(c->test_fraction, 0.5, 0);
  CU_ASSERT_EQUAL(c->n_scorers, 2);
  CU_ASSERT_EQUAL(c->n_subgrids, 2);
  CU_ASSERT_EQUAL(c->subgrids[0].n[GS_P_C], 4);
  CU_ASSERT_EQUAL(c->subgrids[0].values[GS_P_C][0].type, GS_VAL_INT);
  CU_ASSERT_EQUAL(c->subgrids[0].values[GS_P_GAMMA][1].type, GS_VAL_FLOAT);
  CU_ASSERT_DOUBLE_EQUAL(c->tol, 1e-3, 0);
  CU_ASSERT_EQUAL(c->shrinking, 1);
  CU_ASSERT_EQUAL(c->error_score, GS_SCORE_NAN);
  gs_config_free(c);
}

static void config_parse_should_give_each_kernel_its_enum(void) {
  gs_config_t *c;
  CU_ASSERT_STRING_EQUAL(parse("{\"dataset\": \"digits\", \"param_grid\": {\"kernel\": [\"sigmoid\", \"linear\", \"rbf\", \"poly\"]}}", &c), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(c->subgrids[0].n[GS_P_KERNEL], 4);
  static const gs_kernel_t want[] = {GS_KERNEL_SIGMOID, GS_KERNEL_LINEAR, GS_KERNEL_RBF, GS_KERNEL_POLY};
  static const char *const names[] = {"sigmoid", "linear", "rbf", "poly"};
  for (size_t i = 0; i < 4; i++) {
    const gs_value_t *v = &c->subgrids[0].values[GS_P_KERNEL][i];
    CU_ASSERT_EQUAL(v->type, GS_VAL_STR);
    CU_ASSERT_EQUAL(v->kernel, want[i]);
    CU_ASSERT_STRING_EQUAL(v->str, names[i]); /* the name stays, for printing */
  }
  gs_config_free(c);
}

static void config_parse_should_name_json_syntax_errors_by_line_and_column(void) {
  EXPECT("{\"dataset\": \"digits\",\n \"param_grid\": {\"C\": [1, 2", "c.json:2:27: invalid JSON: unexpected end of input (truncated file?)");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [1, 2],}}", "c.json:1:50: invalid JSON: trailing comma before '}'");
  EXPECT("{\"a\": [1,]}", "c.json:1:10: invalid JSON: trailing comma before ']'");
  EXPECT("{'a': 1}", "c.json:1:2: invalid JSON: expected a \"key\" in double quotes");
  EXPECT("{\"a\": NaN}", "c.json:1:7: invalid JSON: NaN and Infinity are not JSON numbers");
  EXPECT("{\"a\": 1} x", "c.json:1:10: invalid JSON: text after the end of the JSON value");
  EXPECT("{\"a\": 01}", "c.json:1:8: invalid JSON: expected ',' or '}'");
  EXPECT("", "c.json:1:1: invalid JSON: unexpected end of input (truncated file?)");
  EXPECT("{\"a\": 1} /* open", "c.json:1:10: unterminated /* comment");
  char nul[] = "{\"a\":\0 1}";
  gs_error_t e;
  gs_error_clear(&e);
  gs_config_t *c = NULL;
  char buf[512];
  CU_ASSERT_EQUAL(gs_config_parse(&c, "c.json", nul, sizeof nul - 1, &e), GS_EPARSE);
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf), "c.json:1:6: NUL byte in JSON text");
}

static void config_parse_should_refuse_deep_nesting(void) {
  size_t n = 10000;
  char *t = malloc(2 * n + 1);
  memset(t, '[', n);
  memset(t + n, ']', n);
  t[2 * n] = '\0';
  CU_ASSERT_STRING_EQUAL(parse(t, NULL), "c.json:1:1001: JSON nested deeper than 1000 levels");
  free(t);
}

static void config_parse_should_refuse_duplicate_and_unknown_keys(void) {
  EXPECT("{\"dataset\": \"digits\",\n \"dataset\": \"digits\"" GRID "}", "c.json:2:2: duplicate key \"dataset\" (first at line 1)");
  EXPECT("{\"dataset\": \"digits\", \"param_gird\": {\"C\": [1]}}", "c.json:1:23: param_gird: unknown key \"param_gird\"; did you mean \"param_grid\"?");
  EXPECT("{\"dataset\": \"digits\", \"zzzzzz\": 1" GRID "}",
         "c.json:1:23: zzzzzz: unknown key \"zzzzzz\" (known keys: name, dataset, test_size, random_state, stratify, cv, scoring, param_grid, svm, error_score, memory_limit_mb, return_train_score, refit, preprocessing, search, param_distributions)");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [1], \"gama\": [1]}}", "c.json:1:48: param_grid.gama: unknown key \"gama\"; did you mean \"gamma\"?");
  /* found by fuzz_config: an unknown grid key close to no name read past the
   * end of the list of names (ASan: global-buffer-overflow) */
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [1], \"mmaga\": [0.1]}}",
         "c.json:1:48: param_grid.mmaga: unknown key \"mmaga\" (known keys: scaler, C, class_weight, coef0, degree, gamma, kernel)");
  EXPECT("{\"dataset\": \"digits\", \"svm\": {\"tole\": 1}" GRID "}", "c.json:1:31: svm.tole: unknown key \"tole\"; did you mean \"tol\"?");
}

static void config_parse_should_refuse_wrong_types_and_values(void) {
  EXPECT("[1]", "c.json:1:1: the config must be a JSON object, got a list");
  EXPECT("{\"param_grid\": {\"C\": [1]}}", "c.json:1:1: dataset: missing \"dataset\" (\"digits\" or {\"path\": ..., \"format\": ...})");
  EXPECT("{\"dataset\": \"digits\"}", "c.json:1:1: param_grid: missing \"param_grid\"");
  EXPECT("{\"dataset\": 3" GRID "}", "c.json:1:13: dataset: expected \"digits\" or an object {\"path\", \"format\"}, got a number");
  EXPECT("{\"dataset\": \"mnist\"" GRID "}", "c.json:1:13: dataset: unknown built-in dataset \"mnist\" (built-in: digits; for a file use {\"path\": ..., \"format\": \"csv\" | \"libsvm\"})");
  EXPECT("{\"dataset\": {\"path\": \"a.csv\", \"format\": \"xls\"}" GRID "}", "c.json:1:41: dataset.format: unknown format \"xls\" (expected \"csv\" or \"libsvm\")");
  EXPECT("{\"dataset\": \"digits\", \"test_size\": \"half\"" GRID "}", "c.json:1:36: test_size: expected a fraction in (0, 1) or a row count, got a string");
  EXPECT("{\"dataset\": \"digits\", \"test_size\": 1.5" GRID "}", "c.json:1:36: test_size: a fraction must be in (0, 1), got 1.5");
  EXPECT("{\"dataset\": \"digits\", \"test_size\": 0" GRID "}", "c.json:1:36: test_size: a row count must be at least 1, got 0");
  EXPECT("{\"dataset\": \"digits\", \"random_state\": -1" GRID "}", "c.json:1:39: random_state: seed must be between 0 and 2**32 - 1, got -1");
  EXPECT("{\"dataset\": \"digits\", \"random_state\": 1.5" GRID "}", "c.json:1:39: random_state: expected an integer seed, got a non-integer number");
  EXPECT("{\"dataset\": \"digits\", \"stratify\": 1" GRID "}", "c.json:1:35: stratify: expected true or false, got a number");
  EXPECT("{\"dataset\": \"digits\", \"cv\": 1" GRID "}", "c.json:1:29: cv: n_splits must be at least 2, got 1");
  EXPECT("{\"dataset\": \"digits\", \"cv\": {\"n_splits\": 3, \"random_state\": 4}" GRID "}",
         "c.json:1:61: cv.random_state: random_state has no effect since shuffle is false; set \"shuffle\": true or remove it");
  EXPECT("{\"dataset\": \"digits\", \"scoring\": \"precision_macr\"" GRID "}", "c.json:1:34: scoring: unknown scorer \"precision_macr\"; did you mean \"precision_macro\"?");
  EXPECT("{\"dataset\": \"digits\", \"scoring\": []" GRID "}", "c.json:1:34: scoring: the list of scorers is empty");
  EXPECT("{\"dataset\": \"digits\", \"scoring\": [\"accuracy\", \"accuracy\"]" GRID "}", "c.json:1:47: scoring[1]: scorer \"accuracy\" is listed twice");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": []}", "c.json:1:37: param_grid: empty grid: the list has no parameter sets");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {}}", "c.json:1:37: param_grid: empty grid: give at least one parameter, e.g. {\"C\": [1, 10]}");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": []}}", "c.json:1:43: param_grid.C: empty list of values");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": 1}}", "c.json:1:43: param_grid.C: expected a list of values, got a number");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [1, 0]}}", "c.json:1:47: param_grid.C[1]: \"C\" must be a positive finite number, got 0");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [\"abc\"]}}", "c.json:1:44: param_grid.C[0]: \"C\" must be a positive number, got a string");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"C\": [1e999]}}", "c.json:1:44: param_grid.C[0]: \"C\" must be a positive finite number, got inf");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"gamma\": [-1]}}", "c.json:1:48: param_grid.gamma[0]: \"gamma\" must be a positive finite number, got -1");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"gamma\": [\"big\"]}}", "c.json:1:48: param_grid.gamma[0]: gamma must be a positive number, \"scale\" or \"auto\", got \"big\"");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"kernel\": [\"rbff\"]}}", "c.json:1:49: param_grid.kernel[0]: unknown kernel \"rbff\"; did you mean \"rbf\"?");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"kernel\": [\"precomputed\"]}}", "c.json:1:49: param_grid.kernel[0]: unknown kernel \"precomputed\" (expected linear, poly, rbf or sigmoid)");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"degree\": [-1]}}", "c.json:1:49: param_grid.degree[0]: \"degree\" must be between 0 and 1000, got -1");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"degree\": [2.5]}}", "c.json:1:49: param_grid.degree[0]: \"degree\" must be a non-negative integer, got a non-integer number");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"a\": 1}]}}", "c.json:1:56: param_grid.class_weight[0].a: class_weight keys must be integer labels (decimal, as in the data set), got \"a\"");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [\"even\"]}}", "c.json:1:55: param_grid.class_weight[0]: class_weight must be null, \"balanced\" or {\"<label>\": weight}, got \"even\"");
  EXPECT("{\"dataset\": \"digits\", \"svm\": {\"tol\": 0}" GRID "}", "c.json:1:38: svm.tol: must be a positive finite number, got 0");
  EXPECT("{\"dataset\": \"digits\", \"svm\": {\"shrinking\": \"yes\"}" GRID "}", "c.json:1:44: svm.shrinking: expected true or false, got a string");
  EXPECT("{\"dataset\": \"digits\", \"error_score\": \"ignore\"" GRID "}", "c.json:1:38: error_score: expected \"raise\", \"nan\" or a number, got a string");
  EXPECT("{\"name\": \"a/b\", \"dataset\": \"digits\"" GRID "}", "c.json:1:10: name: name \"a/b\" must not contain '/', '\\' or control characters (it names a folder)");
}

static void config_load_should_refuse_missing_directory_and_huge_files(void) {
  gs_error_t e;
  gs_config_t *c = (gs_config_t *)1;
  char buf[512];
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_config_load(&c, "/nonexistent/x.json", &e), GS_EIO);
  CU_ASSERT_PTR_NULL(c);
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf), "/nonexistent/x.json: cannot open config: No such file or directory");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_config_load(&c, GS_TEST_DIR, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "config is a directory, not a file");
  char path[] = "/tmp/gs_test_config_XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  CU_ASSERT_EQUAL(ftruncate(fd, 100l << 20), 0); /* a 100 MB (sparse) file */
  close(fd);
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_config_load(&c, path, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "config is 104857600 bytes; the limit is 16777216");
  unlink(path);
}

static void config_parse_should_default_the_name_to_the_file_stem(void) {
  gs_error_t e;
  gs_error_clear(&e);
  gs_config_t *c = NULL;
  const char *t = "{\"dataset\": {\"path\": \"x.libsvm\"}, \"cv\": {\"n_splits\": 3, \"shuffle\": true}, \"random_state\": 9" GRID "}";
  CU_ASSERT_EQUAL_FATAL(gs_config_parse(&c, "dir/sub/my_search.json", t, strlen(t), &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(c->name, "my_search");
  CU_ASSERT_STRING_EQUAL(c->data_path, "dir/sub/x.libsvm");
  CU_ASSERT_EQUAL(c->data_format, GS_FORMAT_LIBSVM);
  CU_ASSERT_EQUAL(c->cv_random_state, 9);   /* shuffled folds default to the top-level seed */
  long line, col;
  gs_config_where(c, "cv", &line, &col);
  CU_ASSERT_EQUAL(line, 1);
  CU_ASSERT_EQUAL(col, 41);
  gs_config_free(c);
  gs_config_free(NULL);
}

/* issue 12: class_weight keys followed their own rule (strtol: " 1" and "+1"
 * in, "1 " and "1e0" out), and two keys naming one class were both kept */
static void config_parse_should_read_class_weight_keys_by_the_label_rule(void) {
  gs_config_t *c = NULL;
  CU_ASSERT_STRING_EQUAL(parse("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"+1\": 2, \"2.0\": 3, \"3e0\": 1, \"-0\": 4}]}}", &c), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  const gs_value_t *v = &c->subgrids[0].values[GS_P_CLASS_WEIGHT][0];
  CU_ASSERT_EQUAL_FATAL(v->n_weights, 4);
  CU_ASSERT_EQUAL(v->weights[0].label, 1);
  CU_ASSERT_EQUAL(v->weights[1].label, 2);
  CU_ASSERT_EQUAL(v->weights[2].label, 3);
  CU_ASSERT_EQUAL(v->weights[3].label, 0);
  gs_config_free(c);
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"1\": 2, \"01\": 3}]}}",
         "c.json:1:64: param_grid.class_weight[0].01: class_weight key \"01\" names label 1 again (first as \"1\" at line 1)");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"-0\": 1,\n \"0\": 2}]}}",
         "c.json:2:2: param_grid.class_weight[0].0: class_weight key \"0\" names label 0 again (first as \"-0\" at line 1)");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\" 1\": 2}]}}",
         "c.json:1:56: param_grid.class_weight[0]. 1: class_weight keys must be integer labels (decimal, as in the data set), got \" 1\"");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"0x1\": 2}]}}",
         "c.json:1:56: param_grid.class_weight[0].0x1: class_weight keys must be integer labels (decimal, as in the data set), got \"0x1\"");
  EXPECT("{\"dataset\": \"digits\", \"param_grid\": {\"class_weight\": [{\"1\\u001b[2J\": 2}]}}",
         "c.json:1:56: param_grid.class_weight[0].1\\x1b[2J: class_weight keys must be integer labels (decimal, as in the data set), got \"1\\x1b[2J\"");
}

/* issue 12: name was cut at an escaped NUL ("a\u0000/../b" wrote results/a/)
 * and took invalid UTF-8, DEL and C1 controls; a name beyond NAME_MAX failed
 * only when the folder was made */
static void config_parse_should_refuse_names_that_cannot_name_a_folder(void) {
  EXPECT("{\"name\": \"a\\u0000/../b\", \"dataset\": \"digits\"" GRID "}", "c.json:1:12: invalid JSON: \\u0000 (NUL) in a string is not supported");
  EXPECT("{\"name\": \"a\x7f\", \"dataset\": \"digits\"" GRID "}",
         "c.json:1:10: name: name \"a\\x7f\" must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder");
  EXPECT("{\"name\": \"a\\u009b\", \"dataset\": \"digits\"" GRID "}",
         "c.json:1:10: name: name \"a\\xc2\\x9b\" must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder");
  EXPECT("{\"name\": \"a\xff\", \"dataset\": \"digits\"" GRID "}",
         "c.json:1:10: name: name \"a\\xff\" must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder");
  EXPECT("{\"name\": \"a\\u001b\", \"dataset\": \"digits\"" GRID "}",
         "c.json:1:10: name: name \"a\\x1b\" must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder");
  gs_config_t *c = NULL;
  CU_ASSERT_STRING_EQUAL(parse("{\"name\": \"caf\xc3\xa9-\xe2\x82\xac\", \"dataset\": \"digits\"" GRID "}", &c), "");
  CU_ASSERT_STRING_EQUAL(c->name, "caf\xc3\xa9-\xe2\x82\xac");
  gs_config_free(c);
  char text[800], name[300];
  memset(name, 'n', 256);
  name[256] = '\0';
  snprintf(text, sizeof text, "{\"name\": \"%s\", \"dataset\": \"digits\"" GRID "}", name);
  EXPECT(text, "c.json:1:10: name: name is 256 bytes long; a folder name may have at most 255 (NAME_MAX)");
  name[255] = '\0';
  snprintf(text, sizeof text, "{\"name\": \"%s\", \"dataset\": \"digits\"" GRID "}", name);
  EXPECT(text, "");
}

static void config_check_out_should_refuse_folders_the_file_system_cannot_hold(void) {
  gs_error_t e;
  char dir[5000], buf[2048];
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_config_check_out("results/x", "--out", &e), GS_OK);
  memset(dir, 'd', 256);
  snprintf(dir + 256, sizeof dir - 256, "/x");
  CU_ASSERT_EQUAL(gs_config_check_out(dir, "--out", &e), GS_EUSAGE);
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf),
                         "--out: the component \"dddddddddddddddddddddddddddddddddddddddd...\" is 256 bytes long; a file name may have at most 255 (NAME_MAX)");
  for (size_t i = 0; i < 4100; i++) dir[i] = i % 100 == 99 ? '/' : 'd';
  dir[4100] = '\0';
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_config_check_out(dir, "--out", &e), GS_EUSAGE);
  CU_ASSERT_STRING_EQUAL(e.message, "--out is 4100 bytes long; a results folder may have at most 4032 (PATH_MAX less room for the files inside)");
}

/* issue 12: a FIFO as config hung the load for good */
static void config_load_should_refuse_a_fifo_at_once(void) {
  char path[] = "/tmp/gs_test_config_fifo_XXXXXX";
  CU_ASSERT_FATAL(mkdtemp(path) != NULL);
  char fifo[300];
  snprintf(fifo, sizeof fifo, "%s/c.json", path);
  CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
  gs_error_t e;
  gs_error_clear(&e);
  gs_config_t *c = (gs_config_t *)1;
  CU_ASSERT_EQUAL(gs_config_load(&c, fifo, &e), GS_EIO);
  CU_ASSERT_PTR_NULL(c);
  CU_ASSERT_STRING_EQUAL(e.message, "config is a FIFO (a named pipe), not a regular file: gridsearch reads only regular files");
  unlink(fifo);
  rmdir(path);
}

static CU_TestInfo tests[] = {
  {"config_parse_should_read_the_seed_config", config_parse_should_read_the_seed_config},
  {"config_parse_should_give_each_kernel_its_enum", config_parse_should_give_each_kernel_its_enum},
  {"config_parse_should_name_json_syntax_errors_by_line_and_column", config_parse_should_name_json_syntax_errors_by_line_and_column},
  {"config_parse_should_refuse_deep_nesting", config_parse_should_refuse_deep_nesting},
  {"config_parse_should_refuse_duplicate_and_unknown_keys", config_parse_should_refuse_duplicate_and_unknown_keys},
  {"config_parse_should_refuse_wrong_types_and_values", config_parse_should_refuse_wrong_types_and_values},
  {"config_load_should_refuse_missing_directory_and_huge_files", config_load_should_refuse_missing_directory_and_huge_files},
  {"config_parse_should_default_the_name_to_the_file_stem", config_parse_should_default_the_name_to_the_file_stem},
  {"config_parse_should_read_class_weight_keys_by_the_label_rule", config_parse_should_read_class_weight_keys_by_the_label_rule},
  {"config_parse_should_refuse_names_that_cannot_name_a_folder", config_parse_should_refuse_names_that_cannot_name_a_folder},
  {"config_check_out_should_refuse_folders_the_file_system_cannot_hold", config_check_out_should_refuse_folders_the_file_system_cannot_hold},
  {"config_load_should_refuse_a_fifo_at_once", config_load_should_refuse_a_fifo_at_once},
  CU_TEST_INFO_NULL};
#define GS_SUITE "config"
#include "cunit_main.h"

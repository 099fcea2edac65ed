/* test_dataset.c: the CSV and LIBSVM loaders, and every defect they report. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gridsearch/dataset.h"

static char dir[] = "/tmp/gs_test_dataset_XXXXXX";

static const char *write_file(const char *name, const char *text) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  fwrite(text, 1, strlen(text), f);
  fclose(f);
  return path;
}

/* Loads text as name; returns the formatted error with the folder cut off,
 * or "" on success (then *out holds the dataset unless out is NULL). */
static const char *load(const char *name, const char *text, gs_format_t fmt, gs_dataset_t **out) {
  static char buf[1024];
  const char *path = write_file(name, text);
  gs_error_t e;
  gs_error_clear(&e);
  gs_dataset_t *ds = NULL;
  buf[0] = '\0';
  if (gs_dataset_load(&ds, path, fmt, &e) != GS_OK) {
    char full[1024];
    gs_error_format(&e, full, sizeof full);
    snprintf(buf, sizeof buf, "%s", full + strlen(dir) + 1);
  }
  if (out) *out = ds;
  else gs_dataset_free(ds);
  return buf;
}

static void dataset_load_should_read_csv_with_and_without_header(void) {
  gs_dataset_t *ds;
  CU_ASSERT_STRING_EQUAL(load("a.csv", "x,y,label\n1,2.5,0\n-3,4e-1,1\n\n5,6,1\r\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 3);
  CU_ASSERT_EQUAL(ds->n_features, 2);
  CU_ASSERT_EQUAL(ds->X[2], -3.0);
  CU_ASSERT_EQUAL(ds->X[3], 0.4);
  CU_ASSERT_EQUAL(ds->y[2], 1);
  CU_ASSERT_EQUAL(ds->n_classes, 2);
  gs_dataset_free(ds);
  /* an empty cell does not make a header: the first row is data, in error */
  CU_ASSERT_STRING_EQUAL(load("e.csv", "1,,0\n3,4,1\n", GS_FORMAT_CSV, NULL), "e.csv:1:3: not a number: \"\"");
  CU_ASSERT_STRING_EQUAL(load("f.csv", ",x,label\n3,4,1\n5,6,0\n", GS_FORMAT_CSV, NULL), "");
  CU_ASSERT_STRING_EQUAL(load("b.csv", "1,2,7\n3,4,-2\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  CU_ASSERT_EQUAL(ds->classes[0], -2);
  CU_ASSERT_EQUAL(ds->classes[1], 7);
  gs_dataset_free(ds);
}

static void dataset_load_should_read_and_densify_libsvm(void) {
  gs_dataset_t *ds;
  CU_ASSERT_STRING_EQUAL(load("a.libsvm", "1 1:0.5 3:2\n-1 2:1 # comment\n+1 4:-1\n", GS_FORMAT_LIBSVM, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 3);
  CU_ASSERT_EQUAL(ds->n_features, 4);
  double want[12] = {0.5, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, -1};
  for (int i = 0; i < 12; i++) CU_ASSERT_EQUAL(ds->X[i], want[i]);
  CU_ASSERT_EQUAL(ds->y[1], -1);
  CU_ASSERT_EQUAL(ds->y[2], 1);
  gs_dataset_free(ds);
}

static void dataset_load_should_name_csv_defects_by_line_and_column(void) {
  CU_ASSERT_STRING_EQUAL(load("e.csv", "", GS_FORMAT_CSV, NULL), "e.csv: dataset has no data rows");
  CU_ASSERT_STRING_EQUAL(load("h.csv", "a,b,label\n", GS_FORMAT_CSV, NULL), "h.csv: dataset has no data rows");
  CU_ASSERT_STRING_EQUAL(load("r.csv", "1,2,0\n3,1\n", GS_FORMAT_CSV, NULL), "r.csv:2: ragged row: 2 columns, expected 3 as in the first row");
  CU_ASSERT_STRING_EQUAL(load("n.csv", "1,2,0\n3,abc,1\n", GS_FORMAT_CSV, NULL), "n.csv:2:3: not a number: \"abc\"");
  CU_ASSERT_STRING_EQUAL(load("nan.csv", "1,2,0\nnan,1,1\n", GS_FORMAT_CSV, NULL), "nan.csv:2:1: non-finite value \"nan\" (NaN and Inf are not allowed)");
  CU_ASSERT_STRING_EQUAL(load("inf.csv", "1,-inf,0\n1,1,1\n", GS_FORMAT_CSV, NULL), "inf.csv:1:3: non-finite value \"-inf\" (NaN and Inf are not allowed)");
  CU_ASSERT_STRING_EQUAL(load("l.csv", "1,2,0\n3,4,1.5\n", GS_FORMAT_CSV, NULL), "l.csv:2:5: label must be an integer, got \"1.5\"");
  CU_ASSERT_STRING_EQUAL(load("one.csv", "1,2,4\n3,4,4\n", GS_FORMAT_CSV, NULL), "one.csv: dataset has a single class (label 4): a classifier needs at least two");
  CU_ASSERT_STRING_EQUAL(load("c.csv", "5\n", GS_FORMAT_CSV, NULL), "c.csv:1:1: a row needs at least one feature and a label, got 1 column");
  /* a NUL byte inside a line */
  char path[256];
  snprintf(path, sizeof path, "%s/z.csv", dir);
  FILE *f = fopen(path, "wb");
  fwrite("1,2,0\n1,\0002,1\n", 1, 12, f);
  fclose(f);
  gs_error_t e;
  gs_error_clear(&e);
  gs_dataset_t *ds = NULL;
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, path, GS_FORMAT_CSV, &e), GS_EDATA);
  CU_ASSERT_EQUAL(e.line, 2);
  CU_ASSERT_EQUAL(e.column, 3);
  CU_ASSERT_STRING_EQUAL(e.message, "NUL byte in data");
}

static void dataset_load_should_name_libsvm_defects_by_line_and_column(void) {
  CU_ASSERT_STRING_EQUAL(load("u.libsvm", "1 2:1 1:3\n", GS_FORMAT_LIBSVM, NULL), "u.libsvm:1:7: feature index 1 after 2: indices must be ascending");
  CU_ASSERT_STRING_EQUAL(load("d.libsvm", "1 2:1 2:3\n", GS_FORMAT_LIBSVM, NULL), "d.libsvm:1:7: duplicate feature index 2");
  CU_ASSERT_STRING_EQUAL(load("z.libsvm", "1 0:1\n", GS_FORMAT_LIBSVM, NULL), "z.libsvm:1:3: feature index 0: indices are 1-based");
  CU_ASSERT_STRING_EQUAL(load("m.libsvm", "1 1:\n", GS_FORMAT_LIBSVM, NULL), "m.libsvm:1:5: missing value after index 1");
  CU_ASSERT_STRING_EQUAL(load("v.libsvm", "1 1:x\n", GS_FORMAT_LIBSVM, NULL), "v.libsvm:1:5: not a number for index 1");
  CU_ASSERT_STRING_EQUAL(load("f.libsvm", "1 1:nan\n", GS_FORMAT_LIBSVM, NULL), "f.libsvm:1:5: non-finite value for index 1");
  CU_ASSERT_STRING_EQUAL(load("p.libsvm", "1 7\n", GS_FORMAT_LIBSVM, NULL), "p.libsvm:1:3: expected index:value, got \"7\"");
  CU_ASSERT_STRING_EQUAL(load("b.libsvm", "1 -2:1\n", GS_FORMAT_LIBSVM, NULL), "b.libsvm:1:3: bad feature index \"-2\"");
  CU_ASSERT_STRING_EQUAL(load("lab.libsvm", "one 1:1\n", GS_FORMAT_LIBSVM, NULL), "lab.libsvm:1:1: label must be an integer, got \"one\"");
  CU_ASSERT_STRING_EQUAL(load("nof.libsvm", "1\n2\n", GS_FORMAT_LIBSVM, NULL), "nof.libsvm: no features in any row");
}

static void dataset_load_should_refuse_missing_files_directories_and_long_lines(void) {
  gs_error_t e;
  gs_dataset_t *ds = (gs_dataset_t *)1;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, "/nonexistent/d.csv", GS_FORMAT_CSV, &e), GS_EIO);
  CU_ASSERT_PTR_NULL(ds);
  CU_ASSERT_STRING_EQUAL(e.message, "cannot open dataset: No such file or directory");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, dir, GS_FORMAT_CSV, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "dataset is a directory, not a file");
  /* a line of 1 GB: a sparse file (NUL bytes, no newline); refused at the limit */
  char path[256];
  snprintf(path, sizeof path, "%s/big.csv", dir);
  FILE *f = fopen(path, "wb");
  fputs("1,2,0\n", f);
  fclose(f);
  CU_ASSERT_EQUAL(truncate(path, 1l << 30), 0);
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, path, GS_FORMAT_CSV, &e), GS_EDATA);
  CU_ASSERT_EQUAL(e.line, 2);
  CU_ASSERT_STRING_EQUAL(e.message, "line longer than 67108864 bytes");
  unlink(path);
}

static void dataset_from_arrays_should_copy_and_index_classes(void) {
  double X[4] = {1, 2, 3, 4};
  long y[2] = {5, 3};
  gs_dataset_t *ds;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs_dataset_from_arrays(&ds, X, y, 2, 2, &e), GS_OK);
  X[0] = 9;
  CU_ASSERT_EQUAL(ds->X[0], 1);
  CU_ASSERT_EQUAL(ds->classes[0], 3);
  gs_dataset_free(ds);
  gs_dataset_free(NULL);
}

/* Reads text from memory through gs_dataset_read with a dense-size limit;
 * returns the formatted error or "". */
static const char *read_mem(const char *text, gs_format_t fmt, double max_mb) {
  static char buf[1024];
  FILE *f = fmemopen((void *)text, strlen(text), "rb");
  gs_error_t e;
  gs_error_clear(&e);
  gs_dataset_t *ds = NULL;
  buf[0] = '\0';
  if (gs_dataset_read(&ds, f, "mem", fmt, max_mb, &e) != GS_OK) gs_error_format(&e, buf, sizeof buf);
  else if (!ds) snprintf(buf, sizeof buf, "no dataset and no error");
  gs_dataset_free(ds);
  fclose(f);
  return buf;
}

/* found by fuzz_libsvm: "0 5555262:4181" asked for 256 rows of 5.5 million
 * features (11 GB) at once; now the rows are counted first and a dense
 * matrix beyond the limit is refused with a message */
static void dataset_read_should_refuse_a_dense_matrix_beyond_the_limit(void) {
  CU_ASSERT_STRING_EQUAL(read_mem("0 5555262:4181\n1 1:1\n", GS_FORMAT_LIBSVM, 256), "");
  CU_ASSERT_STRING_EQUAL(read_mem("0 5555262:4181\n1 1:1\n", GS_FORMAT_LIBSVM, 64),
                         "mem: densified, 2 rows x 5555262 features would take 85 MB, more than the 64 MB allowed");
  CU_ASSERT_STRING_EQUAL(read_mem("0 3:1\n1 1:1\n", GS_FORMAT_LIBSVM, 1), "");
  CU_ASSERT_STRING_EQUAL(read_mem("1,2,0\n3,4,1\n", GS_FORMAT_CSV, 1), "");
}

static int setup(void) { return mkdtemp(dir) ? 0 : 1; }
static int teardown(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : 1;
}

static CU_TestInfo tests[] = {
  {"dataset_load_should_read_csv_with_and_without_header", dataset_load_should_read_csv_with_and_without_header},
  {"dataset_load_should_read_and_densify_libsvm", dataset_load_should_read_and_densify_libsvm},
  {"dataset_load_should_name_csv_defects_by_line_and_column", dataset_load_should_name_csv_defects_by_line_and_column},
  {"dataset_load_should_name_libsvm_defects_by_line_and_column", dataset_load_should_name_libsvm_defects_by_line_and_column},
  {"dataset_load_should_refuse_missing_files_directories_and_long_lines", dataset_load_should_refuse_missing_files_directories_and_long_lines},
  {"dataset_from_arrays_should_copy_and_index_classes", dataset_from_arrays_should_copy_and_index_classes},
  {"dataset_read_should_refuse_a_dense_matrix_beyond_the_limit", dataset_read_should_refuse_a_dense_matrix_beyond_the_limit},
  CU_TEST_INFO_NULL};
#define GS_SUITE "dataset"
#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown
#include "cunit_main.h"

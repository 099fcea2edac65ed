/* test_dataset.c: the CSV and LIBSVM loaders, and every defect they report. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* issue 12: a UTF-8 byte order mark opening a CSV without a header made the
 * first data row pass for a header (it was dropped) */
static void dataset_load_should_strip_a_byte_order_mark(void) {
  gs_dataset_t *ds;
  CU_ASSERT_STRING_EQUAL(load("bom.csv", "\xef\xbb\xbf" "1,2,0\n3,4,1\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  CU_ASSERT_EQUAL(ds->X[0], 1.0);
  gs_dataset_free(ds);
  CU_ASSERT_STRING_EQUAL(load("bomh.csv", "\xef\xbb\xbf" "a,b,label\n1,2,0\n3,4,1\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  gs_dataset_free(ds);
  /* columns count from after the mark */
  CU_ASSERT_STRING_EQUAL(load("bome.csv", "\xef\xbb\xbf" "1,2,0\n3,x4,1\n", GS_FORMAT_CSV, NULL), "bome.csv:2:3: not a number: \"x4\"");
  CU_ASSERT_STRING_EQUAL(load("bom.svm", "\xef\xbb\xbf" "1 1:2\n0 1:3\n", GS_FORMAT_LIBSVM, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->y[0], 1);
  gs_dataset_free(ds);
  /* only at the very start of the file */
  CU_ASSERT_STRING_EQUAL(load("bom2.csv", "1,2,0\n\xef\xbb\xbf" "3,4,1\n", GS_FORMAT_CSV, NULL),
                         "bom2.csv:2:1: not a number: \"\xef\xbb\xbf" "3\""); /* U+FEFF prints */
}

/* issue 12: a number of 128 or more characters on the first row made it a
 * "header" (dropped); on a later row it was "not a number" */
static void dataset_load_should_read_numbers_of_any_length(void) {
  char big[700], text[1600];
  memset(big, 0, sizeof big);
  memcpy(big, "1.", 2);
  memset(big + 2, '0', 600);
  snprintf(text, sizeof text, "%s,2,0\n3,%s,1\n", big, big);
  gs_dataset_t *ds;
  CU_ASSERT_STRING_EQUAL(load("long.csv", text, GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  CU_ASSERT_EQUAL(ds->X[0], 1.0);
  CU_ASSERT_EQUAL(ds->X[3], 1.0);
  gs_dataset_free(ds);
  snprintf(text, sizeof text, "0 1:%s\n1 1:2\n", big);
  CU_ASSERT_STRING_EQUAL(load("long.svm", text, GS_FORMAT_LIBSVM, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->X[0], 1.0);
  gs_dataset_free(ds);
  /* a long label: 1 followed by 300 zeros after the point */
  snprintf(text, sizeof text, "1,%.302s\n2,0\n", big);
  CU_ASSERT_STRING_EQUAL(load("longlab.csv", text, GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  CU_ASSERT_EQUAL(ds->y[0], 1);
  gs_dataset_free(ds);
}

/* the header rule: a first row is a header only when a cell is text that
 * strtod does not read whole; a row of numbers in any spelling never is */
static void dataset_load_should_take_a_first_row_for_a_header_only_when_it_holds_text(void) {
  gs_dataset_t *ds;
  CU_ASSERT_STRING_EQUAL(load("h1.csv", " 1 , 2e0 ,\t0\n3,4,1\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  gs_dataset_free(ds);
  /* numeric in another spelling: data, and refused, never dropped */
  CU_ASSERT_STRING_EQUAL(load("h2.csv", "0x1p3,2,0\n3,4,1\n", GS_FORMAT_CSV, NULL),
                         "h2.csv:1:1: not a decimal number: \"0x1p3\" (hexadecimal and other forms are not accepted)");
  CU_ASSERT_STRING_EQUAL(load("h3.csv", "1,inf,0\n3,4,1\n", GS_FORMAT_CSV, NULL),
                         "h3.csv:1:3: non-finite value \"inf\" (NaN and Inf are not allowed)");
  CU_ASSERT_STRING_EQUAL(load("h4.csv", "1,2,1e999\n3,4,1\n", GS_FORMAT_CSV, NULL), "h4.csv:1:5: label must be an integer, got \"1e999\"");
  CU_ASSERT_STRING_EQUAL(load("h5.csv", "1,2,label 0\n3,4,1\n5,6,0\n", GS_FORMAT_CSV, &ds), "");
  CU_ASSERT_EQUAL(ds->n_samples, 2);
  gs_dataset_free(ds);
}

/* issue 12: hex was read by strtod in all three readers; numbers are decimal */
static void dataset_load_should_refuse_hex_and_non_decimal_numbers(void) {
  CU_ASSERT_STRING_EQUAL(load("x1.csv", "1,2,0\n0x1p3,4,1\n", GS_FORMAT_CSV, NULL),
                         "x1.csv:2:1: not a decimal number: \"0x1p3\" (hexadecimal and other forms are not accepted)");
  CU_ASSERT_STRING_EQUAL(load("x2.csv", "1,2,0\n3,4,0x1\n", GS_FORMAT_CSV, NULL), "x2.csv:2:5: label must be an integer, got \"0x1\"");
  CU_ASSERT_STRING_EQUAL(load("x3.csv", "1,2,0\n3,4,-infinity\n", GS_FORMAT_CSV, NULL), "x3.csv:2:5: label must be an integer, got \"-infinity\"");
  CU_ASSERT_STRING_EQUAL(load("x4.csv", "1,2,0\n3,NaN,1\n", GS_FORMAT_CSV, NULL), "x4.csv:2:3: non-finite value \"NaN\" (NaN and Inf are not allowed)");
  CU_ASSERT_STRING_EQUAL(load("x5.csv", "1,2,0\n3,1.,1\n.5,-.5e+1,2\n", GS_FORMAT_CSV, NULL), "");
  CU_ASSERT_STRING_EQUAL(load("x6.csv", "1,2,0\n3,1e,1\n", GS_FORMAT_CSV, NULL), "x6.csv:2:3: not a number: \"1e\"");
  CU_ASSERT_STRING_EQUAL(load("x1.svm", "0 1:2\n1 1:0x10\n", GS_FORMAT_LIBSVM, NULL),
                         "x1.svm:2:5: not a decimal number for index 1 (hexadecimal and other forms are not accepted)");
  CU_ASSERT_STRING_EQUAL(load("x2.svm", "0 1:2\n0x1 1:1\n", GS_FORMAT_LIBSVM, NULL), "x2.svm:2:1: label must be an integer, got \"0x1\"");
  CU_ASSERT_STRING_EQUAL(load("x3.svm", "0 1:2\n1 1:INF\n", GS_FORMAT_LIBSVM, NULL), "x3.svm:2:5: non-finite value for index 1");
  /* labels beyond 2^53 are not exact in a double: two could merge */
  CU_ASSERT_STRING_EQUAL(load("x7.csv", "1,9007199254740991\n2,9007199254740993\n", GS_FORMAT_CSV, NULL),
                         "x7.csv:2:3: label must be an integer, got \"9007199254740993\"");
}

/* the label rule that class_weight keys share */
static void dataset_parse_label_should_follow_the_label_rule(void) {
  long v = 99;
  static const char *const good[] = {"3", "+3", "03", "3.0", "3e0", "-0", "-12", "30e-1", NULL};
  static const long want[] = {3, 3, 3, 3, 3, 0, -12, 3};
  for (int i = 0; good[i]; i++) {
    CU_ASSERT_EQUAL(gs_dataset_parse_label(good[i], strlen(good[i]), &v), GS_OK);
    CU_ASSERT_EQUAL(v, want[i]);
  }
  static const char *const bad[] = {"", " 1", "1 ", "0x1", "1.5", "inf", "nan", "1e999", "1,", "9007199254740993", NULL};
  for (int i = 0; bad[i]; i++) CU_ASSERT_EQUAL(gs_dataset_parse_label(bad[i], strlen(bad[i]), &v), GS_EDATA);
  CU_ASSERT_EQUAL(gs_dataset_parse_label("1\0" "2", 3, &v), GS_EDATA);
}

/* issue 12: a control character of a cell went raw into the message */
static void dataset_load_should_escape_control_characters_in_messages(void) {
  CU_ASSERT_STRING_EQUAL(load("esc.csv", "1,2,0\n1\x1b[2J,4,1\n", GS_FORMAT_CSV, NULL), "esc.csv:2:1: not a number: \"1\\x1b[2J\"");
  CU_ASSERT_STRING_EQUAL(load("esc2.csv", "1,2,0\n3,4,\x9b" "1\n", GS_FORMAT_CSV, NULL), "esc2.csv:2:5: label must be an integer, got \"\\x9b1\"");
  CU_ASSERT_STRING_EQUAL(load("esc.svm", "0 1:2\n1 \x07:1\n", GS_FORMAT_LIBSVM, NULL), "esc.svm:2:3: bad feature index \"\\x07\"");
}

/* issue 12: a FIFO that never yields data hung the loader for good */
static void dataset_load_should_refuse_a_fifo_at_once(void) {
  char path[300];
  snprintf(path, sizeof path, "%s/fifo.csv", dir);
  CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
  gs_error_t e;
  gs_error_clear(&e);
  gs_dataset_t *ds = (gs_dataset_t *)&e;
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, path, GS_FORMAT_CSV, &e), GS_EIO);
  CU_ASSERT_PTR_NULL(ds);
  CU_ASSERT_STRING_EQUAL(e.message, "dataset is a FIFO (a named pipe), not a regular file: gridsearch reads only regular files");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_dataset_load(&ds, "/dev/null", GS_FORMAT_CSV, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "dataset is a character device, not a regular file: gridsearch reads only regular files");
}

static int setup(void) { return mkdtemp(dir) ? 0 : 1; }
static int teardown(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : 1;
}

/* The digits path: the caller's folder first (named in the message when it
 * lacks the file), else the source tree's data/. */
static void dataset_digits_path_should_look_in_the_given_folder_first(void) {
  char buf[4096], want[4096];
  gs_error_t e;
  gs_error_clear(&e);
  write_file("digits.csv", "0,1\n");
  CU_ASSERT_EQUAL(gs_dataset_digits_path(buf, sizeof buf, dir, "GRIDSEARCH_DATA", &e), GS_OK);
  snprintf(want, sizeof want, "%s/digits.csv", dir);
  CU_ASSERT_STRING_EQUAL(buf, want);
  CU_ASSERT_EQUAL(gs_dataset_digits_path(buf, sizeof buf, "/nonexistent", "GRIDSEARCH_DATA", &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "GRIDSEARCH_DATA is set but /nonexistent/digits.csv is not readable");
  CU_ASSERT_STRING_EQUAL(e.file, "/nonexistent/digits.csv");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_dataset_digits_path(buf, sizeof buf, "/nonexistent", NULL, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.message, "the data folder has no readable /nonexistent/digits.csv");
  /* no folder (NULL or empty): the source tree's copy */
  snprintf(want, sizeof want, "%s/data/digits.csv", GS_SOURCE_DIR);
  CU_ASSERT_EQUAL(gs_dataset_digits_path(buf, sizeof buf, NULL, "GRIDSEARCH_DATA", &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(buf, want);
  CU_ASSERT_EQUAL(gs_dataset_digits_path(buf, sizeof buf, "", NULL, &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(buf, want);
}

static CU_TestInfo tests[] = {
  {"dataset_digits_path_should_look_in_the_given_folder_first", dataset_digits_path_should_look_in_the_given_folder_first},
  {"dataset_load_should_read_csv_with_and_without_header", dataset_load_should_read_csv_with_and_without_header},
  {"dataset_load_should_read_and_densify_libsvm", dataset_load_should_read_and_densify_libsvm},
  {"dataset_load_should_name_csv_defects_by_line_and_column", dataset_load_should_name_csv_defects_by_line_and_column},
  {"dataset_load_should_name_libsvm_defects_by_line_and_column", dataset_load_should_name_libsvm_defects_by_line_and_column},
  {"dataset_load_should_refuse_missing_files_directories_and_long_lines", dataset_load_should_refuse_missing_files_directories_and_long_lines},
  {"dataset_from_arrays_should_copy_and_index_classes", dataset_from_arrays_should_copy_and_index_classes},
  {"dataset_read_should_refuse_a_dense_matrix_beyond_the_limit", dataset_read_should_refuse_a_dense_matrix_beyond_the_limit},
  {"dataset_load_should_strip_a_byte_order_mark", dataset_load_should_strip_a_byte_order_mark},
  {"dataset_load_should_read_numbers_of_any_length", dataset_load_should_read_numbers_of_any_length},
  {"dataset_load_should_take_a_first_row_for_a_header_only_when_it_holds_text", dataset_load_should_take_a_first_row_for_a_header_only_when_it_holds_text},
  {"dataset_load_should_refuse_hex_and_non_decimal_numbers", dataset_load_should_refuse_hex_and_non_decimal_numbers},
  {"dataset_parse_label_should_follow_the_label_rule", dataset_parse_label_should_follow_the_label_rule},
  {"dataset_load_should_escape_control_characters_in_messages", dataset_load_should_escape_control_characters_in_messages},
  {"dataset_load_should_refuse_a_fifo_at_once", dataset_load_should_refuse_a_fifo_at_once},
  CU_TEST_INFO_NULL};
#define GS_SUITE "dataset"
#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown
#include "cunit_main.h"

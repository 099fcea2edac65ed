/* test_transform.c: the preprocessing steps against scikit-learn 1.2's
 * (tests/data/transform_expected.txt, written by
 * tests/data/make_transform_expected.py): every statistic and every
 * transformed value bit for bit; their reprs and the error paths. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/transform.h"

#define MAX_VALUES 256

/* The values after key on its line of transform_expected.txt; returns how
 * many (0: no such line). */
static size_t expected(const char *key, double *out) {
  char path[1024], line[16384];
  snprintf(path, sizeof path, "%s/data/transform_expected.txt", GS_TEST_DIR);
  FILE *f = fopen(path, "r");
  size_t n = 0, klen = strlen(key);
  if (!f) return 0;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, key, klen) && line[klen] == ' ') {
      char *p = line + klen, *end;
      for (;;) {
        double v = strtod(p, &end);
        if (end == p || n == MAX_VALUES) break;
        out[n++] = v;
        p = end;
      }
      break;
    }
  fclose(f);
  return n;
}

typedef struct {
  const char *name;
  gs_transform_spec_t spec;
} step_t;

static step_t steps(int i) {
  gs_transform_spec_t s;
  switch (i) {
  case 0: return (step_t){"standard", gs_transform_default(GS_TF_STANDARD)};
  case 1: s = gs_transform_default(GS_TF_STANDARD); s.with_mean = 0; return (step_t){"standard_nomean", s};
  case 2: s = gs_transform_default(GS_TF_STANDARD); s.with_std = 0; return (step_t){"standard_nostd", s};
  case 3: s = gs_transform_default(GS_TF_STANDARD); s.with_mean = s.with_std = 0; return (step_t){"standard_neither", s};
  case 4: return (step_t){"minmax", gs_transform_default(GS_TF_MINMAX)};
  case 5: s = gs_transform_default(GS_TF_MINMAX); s.range[0] = -1; return (step_t){"minmax_m1_1", s};
  case 6:
    s = gs_transform_default(GS_TF_MINMAX);
    s.range[0] = 0.5; s.range[1] = 2.75; s.range_int[0] = s.range_int[1] = 0;
    return (step_t){"minmax_half", s};
  case 7: return (step_t){"maxabs", gs_transform_default(GS_TF_MAXABS)};
  default: return (step_t){NULL, gs_transform_default(GS_TF_NONE)};
  }
}

/* Counts the values of want[0..n) that differ from got bit for bit (NULL got: all). */
static size_t differences(const char *what, const double *got, const double *want, size_t n) {
  size_t bad = 0;
  for (size_t i = 0; i < n; i++)
    if (!got || memcmp(&got[i], &want[i], sizeof(double)) != 0) {
      if (bad++ < 3) fprintf(stderr, "\n  %s[%zu]: got %.17g, scikit-learn %.17g", what, i, got ? got[i] : NAN, want[i]);
    }
  return bad;
}

static void fit_and_apply_should_equal_scikit_learn_bit_for_bit(void) {
  static const char *const cases[] = {"mixed", "near", "rows"};
  static const char *const fields[] = {"mean", "var", "scale", "min", "data_min", "data_max", "max_abs"};
  size_t checked = 0;
  for (size_t k = 0; k < 3; k++) {
    double hdr[MAX_VALUES], rowsd[MAX_VALUES], want[MAX_VALUES];
    char key[128];
    snprintf(key, sizeof key, "%s X", cases[k]);
    size_t m = expected(key, hdr);
    CU_ASSERT_FATAL(m > 2);
    size_t nr = (size_t)hdr[0], nf = (size_t)hdr[1];
    CU_ASSERT_EQUAL_FATAL(m, 2 + nr * nf);
    const double *X = hdr + 2;
    snprintf(key, sizeof key, "%s rows", cases[k]);
    size_t n_rows = expected(key, rowsd);
    CU_ASSERT_FATAL(n_rows > 0);
    size_t rows[MAX_VALUES];
    for (size_t i = 0; i < n_rows; i++) rows[i] = (size_t)rowsd[i];
    for (int si = 0; steps(si).name; si++) {
      step_t st = steps(si);
      gs_transform_t t;
      gs_error_t err;
      gs_error_clear(&err);
      CU_ASSERT_EQUAL_FATAL(gs_transform_fit(&t, &st.spec, X, nf, rows, n_rows, &err), GS_OK);
      const double *got[] = {t.mean, t.var, t.scale, t.min, t.data_min, t.data_max, t.max_abs};
      for (size_t fi = 0; fi < sizeof fields / sizeof *fields; fi++) {
        snprintf(key, sizeof key, "%s %s %s", cases[k], st.name, fields[fi]);
        size_t nw = expected(key, want);
        /* a statistic scikit-learn does not keep (None) is not kept here either */
        if (!nw) { CU_ASSERT_PTR_NULL(got[fi]); continue; }
        CU_ASSERT_EQUAL(nw, nf);
        CU_ASSERT_EQUAL(differences(key, got[fi], want, nf), 0);
        checked++;
      }
      double *Xt = malloc(nr * nf * sizeof *Xt);
      CU_ASSERT_PTR_NOT_NULL_FATAL(Xt);
      gs_transform_apply(&t, X, Xt, nr);
      snprintf(key, sizeof key, "%s %s Xt", cases[k], st.name);
      CU_ASSERT_EQUAL_FATAL(expected(key, want), nr * nf);
      CU_ASSERT_EQUAL(differences(key, Xt, want, nr * nf), 0);
      /* in place too */
      memcpy(Xt, X, nr * nf * sizeof *Xt);
      gs_transform_apply(&t, Xt, Xt, nr);
      CU_ASSERT_EQUAL(differences(key, Xt, want, nr * nf), 0);
      checked++;
      free(Xt);
      gs_transform_free(&t);
      CU_ASSERT_PTR_NULL(t.scale);
    }
  }
  CU_ASSERT(checked > 60);
}

static void none_should_leave_rows_unchanged(void) {
  double X[6] = {1, -2, 3.5, 0, 1e300, -0.0}, out[6];
  size_t rows[2] = {1, 0};
  gs_transform_t t;
  gs_transform_spec_t s = gs_transform_default(GS_TF_NONE);
  CU_ASSERT_EQUAL_FATAL(gs_transform_fit(&t, &s, X, 3, rows, 2, NULL), GS_OK);
  gs_transform_apply(&t, X, out, 2);
  CU_ASSERT_EQUAL(memcmp(X, out, sizeof X), 0);
  gs_transform_free(&t);
}

static void repr_should_print_as_python_does(void) {
  char buf[128];
  step_t st;
  st = steps(0); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "StandardScaler()");
  st = steps(1); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "StandardScaler(with_mean=False)");
  st = steps(2); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "StandardScaler(with_std=False)");
  st = steps(3);
  CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "StandardScaler(with_mean=False, with_std=False)");
  st = steps(4); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "MinMaxScaler()");
  st = steps(5); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "MinMaxScaler(feature_range=(-1, 1))");
  st = steps(6); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "MinMaxScaler(feature_range=(0.5, 2.75))");
  /* (0.0, 1.0) is not the default's repr (0, 1): Python prints it */
  gs_transform_spec_t s = gs_transform_default(GS_TF_MINMAX);
  s.range_int[0] = s.range_int[1] = 0;
  CU_ASSERT_STRING_EQUAL(gs_transform_repr(&s, buf, sizeof buf), "MinMaxScaler(feature_range=(0.0, 1.0))");
  st = steps(7); CU_ASSERT_STRING_EQUAL(gs_transform_repr(&st.spec, buf, sizeof buf), "MaxAbsScaler()");
  s = gs_transform_default(GS_TF_NONE);
  CU_ASSERT_STRING_EQUAL(gs_transform_repr(&s, buf, sizeof buf), "None");
}

static void names_should_round_trip_and_specs_compare_by_settings(void) {
  for (int k = 0; k < GS_TF_COUNT; k++) CU_ASSERT_EQUAL(gs_transform_find(gs_transform_name(k)), k);
  CU_ASSERT_EQUAL(gs_transform_find("Standard"), -1);
  CU_ASSERT_STRING_EQUAL(gs_transform_name(99), "?");
  const char *const *names = gs_transform_names();
  CU_ASSERT_STRING_EQUAL(names[0], "standard");
  CU_ASSERT_PTR_NULL(names[3]);
  step_t a = steps(0), b = steps(1), c = steps(5), d = steps(4);
  CU_ASSERT_TRUE(gs_transform_spec_equal(&a.spec, &a.spec));
  CU_ASSERT_FALSE(gs_transform_spec_equal(&a.spec, &b.spec));
  CU_ASSERT_FALSE(gs_transform_spec_equal(&c.spec, &d.spec));
  CU_ASSERT_FALSE(gs_transform_spec_equal(&a.spec, &d.spec));
  /* integer or float spelling of the same range fits alike */
  gs_transform_spec_t e = d.spec;
  e.range_int[0] = 0;
  CU_ASSERT_TRUE(gs_transform_spec_equal(&d.spec, &e));
}

static void fit_should_refuse_no_rows_and_unknown_steps(void) {
  double X[2] = {1, 2};
  size_t rows[1] = {0};
  gs_transform_t t;
  gs_error_t err;
  gs_error_clear(&err);
  gs_transform_spec_t s = gs_transform_default(GS_TF_STANDARD);
  CU_ASSERT_EQUAL(gs_transform_fit(&t, &s, X, 2, rows, 0, &err), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(err.message, "cannot fit StandardScaler on no rows");
  CU_ASSERT_PTR_NULL(t.mean);
  s.kind = 42;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_transform_fit(&t, &s, X, 2, rows, 1, &err), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(err.message, "unknown preprocessing step 42");
  gs_transform_free(NULL);
  gs_transform_free(&t);
}

static void json_should_round_trip_every_statistic_exactly(void) {
  double X[12] = {0.1, 1e300, -3, 1.0 / 3, 7e-300, 2, -0.7, 5, 2, 1e-9, 4, 2};
  size_t rows[4] = {0, 1, 2, 3};
  for (int si = 0; steps(si).name; si++) {
    step_t st = steps(si);
    gs_transform_t t, back;
    gs_error_t err;
    gs_error_clear(&err);
    CU_ASSERT_EQUAL_FATAL(gs_transform_fit(&t, &st.spec, X, 3, rows, 4, &err), GS_OK);
    char *json = gs_transform_to_json(&t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_EQUAL_FATAL(gs_transform_from_json(&back, json, strlen(json), 3, &err), GS_OK);
    CU_ASSERT_TRUE(gs_transform_spec_equal(&t.spec, &back.spec));
    CU_ASSERT_EQUAL(back.n_samples_seen, 4);
    double a[12], b[12];
    gs_transform_apply(&t, X, a, 4);
    gs_transform_apply(&back, X, b, 4);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof a), 0);
    if (t.scale) CU_ASSERT_EQUAL(memcmp(t.scale, back.scale, 3 * sizeof(double)), 0);
    free(json);
    gs_transform_free(&t);
    gs_transform_free(&back);
  }
}

static void json_should_refuse_a_wrong_step_naming_the_key(void) {
  static const struct { const char *json, *path, *message; } bad[] = {
    {"{\"step\": \"robust\"}", "preprocessing.step", "unknown or missing step"},
    {"[1]", "preprocessing.step", "unknown or missing step"},
    {"{\"step\": \"standard\", \"with_mean\": 1}", "preprocessing.with_mean", "expected true or false"},
    {"{\"step\": \"standard\", \"mean_\": [0, 0]}", "preprocessing.scale_", "expected 2 numbers, one per feature"}, /* scale_ missing */
    {"{\"step\": \"standard\", \"mean_\": [0, 0, 0], \"scale_\": [1, 1, 1]}", "preprocessing.mean_", "expected 2 numbers, one per feature"},
    {"{\"step\": \"maxabs\", \"scale_\": [1, \"x\"]}", "preprocessing.scale_", "expected finite numbers"},
    {"{\"step\": \"minmax\", \"feature_range\": [1], \"scale_\": [1, 1], \"min_\": [0, 0]}", "preprocessing.feature_range", "expected [min, max]"},
    {"{\"step\": \"minmax\", \"scale_\": [1, 1]}", "preprocessing.min_", "expected 2 numbers, one per feature"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    gs_transform_t t;
    gs_error_t err;
    gs_error_clear(&err);
    CU_ASSERT_EQUAL(gs_transform_from_json(&t, bad[i].json, strlen(bad[i].json), 2, &err), GS_EDATA);
    CU_ASSERT_STRING_EQUAL(err.path, bad[i].path);
    CU_ASSERT_STRING_EQUAL(err.message, bad[i].message);
    CU_ASSERT_PTR_NULL(t.scale);
    CU_ASSERT_PTR_NULL(t.mean);
  }
}

static CU_TestInfo tests[] = {
  {"json_should_round_trip_every_statistic_exactly", json_should_round_trip_every_statistic_exactly},
  {"json_should_refuse_a_wrong_step_naming_the_key", json_should_refuse_a_wrong_step_naming_the_key},
  {"fit_and_apply_should_equal_scikit_learn_bit_for_bit", fit_and_apply_should_equal_scikit_learn_bit_for_bit},
  {"none_should_leave_rows_unchanged", none_should_leave_rows_unchanged},
  {"repr_should_print_as_python_does", repr_should_print_as_python_does},
  {"names_should_round_trip_and_specs_compare_by_settings", names_should_round_trip_and_specs_compare_by_settings},
  {"fit_should_refuse_no_rows_and_unknown_steps", fit_should_refuse_no_rows_and_unknown_steps},
  CU_TEST_INFO_NULL};
#define GS_SUITE "transform"
#include "cunit_main.h"

/* test_pyrepr.c: Python's repr(float) for tricky values (from Python). */
#include <CUnit/CUnit.h>
#include <math.h>
#include <string.h>

#include "expected.h"
#include "gridsearch/pyrepr.h"

static void pyrepr_double_should_spell_floats_as_python(void) {
  char path[1024], *line = NULL, buf[64];
  size_t cap = 0, n = 0;
  snprintf(path, sizeof path, "%s/data/unit_expected.txt", GS_TEST_DIR);
  FILE *f = fopen(path, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  while (getline(&line, &cap, f) > 0) {
    char want[64], hex[64];
    if (sscanf(line, "repr %63s %63s", want, hex) != 2) continue;
    double v = strtod(hex, NULL);
    CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(v, buf, sizeof buf), want);
    n++;
  }
  free(line);
  fclose(f);
  CU_ASSERT(n >= 15);
}

static void pyrepr_double_should_spell_special_values(void) {
  char buf[64];
  CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(NAN, buf, sizeof buf), "nan");
  CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(INFINITY, buf, sizeof buf), "inf");
  CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(-INFINITY, buf, sizeof buf), "-inf");
  CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(0.0, buf, sizeof buf), "0.0");
  CU_ASSERT_STRING_EQUAL(gs_pyrepr_double(-0.0, buf, sizeof buf), "-0.0");
}

static CU_TestInfo tests[] = {
  {"pyrepr_double_should_spell_floats_as_python", pyrepr_double_should_spell_floats_as_python},
  {"pyrepr_double_should_spell_special_values", pyrepr_double_should_spell_special_values},
  CU_TEST_INFO_NULL};
#define GS_SUITE "pyrepr"
#include "cunit_main.h"

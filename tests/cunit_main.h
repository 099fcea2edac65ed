/* cunit_main.h: the shared main() of every CUnit test executable.
 * A test file defines `static CU_TestInfo tests[]` and includes this last;
 * the suite is named after GS_SUITE. Exit status: non-zero when any test or
 * assertion failed, so CTest sees failures. */
#ifndef GS_CUNIT_MAIN_H
#define GS_CUNIT_MAIN_H
#include <CUnit/Basic.h>
#include <stdio.h>

#ifndef GS_SUITE_SETUP
#define GS_SUITE_SETUP NULL
#endif
#ifndef GS_SUITE_TEARDOWN
#define GS_SUITE_TEARDOWN NULL
#endif

int main(void) {
  CU_SuiteInfo suites[] = {{GS_SUITE, GS_SUITE_SETUP, GS_SUITE_TEARDOWN, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
  if (CU_initialize_registry() != CUE_SUCCESS) return 2;
  if (CU_register_suites(suites) != CUE_SUCCESS) { CU_cleanup_registry(); return 2; }
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
  unsigned run = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  if (run == 0) { fprintf(stderr, "no test ran\n"); return 1; }
  return failed ? 1 : 0;
}
#endif

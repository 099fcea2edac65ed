/* test_params.c: the parameter table (params.h): the names as scikit-learn
 * spells them, one lookup both ways, the defaults as SVC().get_params()
 * reprs them (scikit-learn 1.2.1: C 1.0, class_weight None, coef0 0.0,
 * degree 3, gamma 'scale', kernel 'rbf'), which parameters change the
 * kernel, and the sorted key order Python gives the Pipeline's names. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "gridsearch/params.h"

static void names_should_be_scikit_learns_and_found_back(void) {
  static const char *const want[] = {"scaler", "C", "class_weight", "coef0", "degree", "gamma", "kernel"};
  CU_ASSERT_EQUAL_FATAL(GS_P_COUNT, 7);
  for (int k = 0; k < GS_P_COUNT; k++) {
    CU_ASSERT_STRING_EQUAL(gs_param_name(k), want[k]);
    CU_ASSERT_EQUAL(gs_param_find(want[k]), k);
    CU_ASSERT_PTR_EQUAL(gs_param_info(k)->name, gs_param_name(k));
  }
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_C)->pipeline_name, "svc__C");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_SCALER)->pipeline_name, "scaler");
  CU_ASSERT_EQUAL(gs_param_find("svc__C"), -1); /* the config says "C" */
  CU_ASSERT_EQUAL(gs_param_find("c"), -1);
  CU_ASSERT_EQUAL(gs_param_find(""), -1);
  CU_ASSERT_STRING_EQUAL(gs_param_name(-1), "?");
  CU_ASSERT_STRING_EQUAL(gs_param_name(GS_P_COUNT), "?");
  CU_ASSERT_PTR_NULL(gs_param_info(GS_P_COUNT));
  CU_ASSERT_PTR_NULL(gs_param_info(-1));
}

static void defaults_should_be_svcs_reprs(void) {
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_C)->default_repr, "1.0");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_CLASS_WEIGHT)->default_repr, "None");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_COEF0)->default_repr, "0.0");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_DEGREE)->default_repr, "3");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_GAMMA)->default_repr, "'scale'");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_KERNEL)->default_repr, "'rbf'");
  CU_ASSERT_STRING_EQUAL(gs_param_info(GS_P_SCALER)->default_repr, "None");
  CU_ASSERT_EQUAL(gs_param_info(GS_P_DEGREE)->type, GS_PT_INT);
  CU_ASSERT_EQUAL(gs_param_info(GS_P_GAMMA)->type, GS_PT_GAMMA);
}

static void kernel_flag_should_mark_what_the_kernel_matrix_depends_on(void) {
  int want[GS_P_COUNT] = {0};
  want[GS_P_KERNEL] = want[GS_P_GAMMA] = want[GS_P_COEF0] = want[GS_P_DEGREE] = 1;
  for (int k = 0; k < GS_P_COUNT; k++) CU_ASSERT_EQUAL(gs_param_info(k)->kernel, want[k]);
}

static void sorted_should_be_pythons_sorted_of_the_pipeline_names(void) {
  /* /usr/bin/python3 -c "print(sorted(['scaler', 'svc__C', 'svc__class_weight',
   *   'svc__coef0', 'svc__degree', 'svc__gamma', 'svc__kernel']))" */
  static const char *const want[] = {"scaler",      "svc__C",     "svc__class_weight", "svc__coef0",
                                     "svc__degree", "svc__gamma", "svc__kernel"};
  int order[GS_P_COUNT], seen[GS_P_COUNT] = {0};
  gs_params_sorted(order);
  for (int i = 0; i < GS_P_COUNT; i++) {
    CU_ASSERT_FATAL(order[i] >= 0 && order[i] < GS_P_COUNT);
    seen[order[i]]++;
    CU_ASSERT_STRING_EQUAL(gs_param_info(order[i])->pipeline_name, want[i]);
    if (i) CU_ASSERT(strcmp(gs_param_info(order[i - 1])->pipeline_name, gs_param_info(order[i])->pipeline_name) < 0);
  }
  for (int k = 0; k < GS_P_COUNT; k++) CU_ASSERT_EQUAL(seen[k], 1); /* a permutation */
}

static CU_TestInfo tests[] = {
  {"names_should_be_scikit_learns_and_found_back", names_should_be_scikit_learns_and_found_back},
  {"defaults_should_be_svcs_reprs", defaults_should_be_svcs_reprs},
  {"kernel_flag_should_mark_what_the_kernel_matrix_depends_on", kernel_flag_should_mark_what_the_kernel_matrix_depends_on},
  {"sorted_should_be_pythons_sorted_of_the_pipeline_names", sorted_should_be_pythons_sorted_of_the_pipeline_names},
  CU_TEST_INFO_NULL};
#define GS_SUITE "params"
#include "cunit_main.h"

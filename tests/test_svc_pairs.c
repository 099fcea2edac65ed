/* test_svc_pairs.c: a k-class fit solved pair by pair (svc_pairs.h) is the
 * model svm_train gives: on LIBSVM's own kernels the model text is the same
 * byte for byte as the k-class svm_train's (svc.c's route) but for the sign
 * of zero coefficients (svm_train keeps a solver's -0 for a row that is no
 * support vector of a pair; a binary svm_train does not return those, and
 * they are written "0": the same number), every kernel,
 * with and without class weights, on 1 and 3 threads; on precomputed pair
 * blocks it predicts the same labels as the precomputed k-class route and
 * its training rows' predictions too; two classes are left to the binary
 * routes (1); a bad C is LIBSVM's error; a fold's training kernel shared
 * by fits of other C values (tkcache.h) gives the models and predictions
 * computing every pair's block does, and is computed once per rows and
 * kernel setting. */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/svc.h"
#include "rowsrc.h"
#include "svc_pairs.h"

enum { N = 90, NF = 4, NTR = 66, NTE = N - NTR, K = 4, CAP = 200000 };
static double X[N * NF];
static long Y[N], Y2[N];
static double *gram;
static size_t train[NTR], test[NTE];

static int setup(void) {
  uint64_t state = 99;
  for (size_t i = 0; i < N; i++) {
    Y[i] = (long)(i % K) * 3 - 2; /* labels -2, 1, 4, 7: not 0..k-1 */
    Y2[i] = (long)(i % 2);
    for (size_t j = 0; j < NF; j++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      X[i * NF + j] = (double)(i % K) * 0.6 * (j == i % NF) + (double)(state >> 11) / 9007199254740992.0;
    }
  }
  for (size_t i = 0; i < NTR; i++) train[i] = (i * 13) % NTR;
  for (size_t i = 0; i < NTE; i++) test[i] = NTR + i;
  gram = gs_svc_gram_alloc(N);
  if (!gram) return 1;
  gs_svc_gram(X, N, NF, gram);
  return 0;
}

static int teardown(void) {
  free(gram);
  return 0;
}

static gs_svc_params_t params(int kernel, const long *wl, const double *w, size_t nw) {
  gs_svc_params_t p;
  memset(&p, 0, sizeof p);
  p.kernel = kernel;
  p.C = 3;
  p.gamma = 0.9;
  p.coef0 = 0.4;
  p.degree = 2;
  p.tol = 1e-3;
  p.cache_size = 10;
  p.shrinking = 1;
  p.n_weights = nw;
  p.weight_labels = wl;
  p.weights = w;
  return p;
}

static char text_a[CAP], text_b[CAP];

/* The model text with every coefficient "-0" written "0" (n: its length). */
static size_t zeros_unsigned(char *t, size_t n) {
  size_t w = 0;
  for (size_t r = 0; r < n; r++) {
    int at_start = r == 0 || t[r - 1] == ' ' || t[r - 1] == '\n';
    if (at_start && t[r] == '-' && r + 2 < n && t[r + 1] == '0' && (t[r + 2] == ' ' || t[r + 2] == '\n')) continue;
    t[w++] = t[r];
  }
  return w;
}

static void own_kernels_should_give_svm_trains_model_text(void) {
  static const long wl[K] = {-2, 1, 4, 7};
  static const double w[K] = {1.0, 2.5, 0.5, 1.0};
  gs_svc_data_t d = {X, Y, N, NF, NULL, NULL};
  gs__rowsrc_t rs = gs__rowsrc_dense(X, N, NF);
  gs_error_t e;
  gs_error_clear(&e);
  gs_svc_work_t *wk = NULL;
  CU_ASSERT_EQUAL_FATAL(gs_svc_work_new(&wk, &d, NTR, &e), GS_OK);
  gs__pairs_t *ps = gs__pairs_new(0, 0); /* no block fits: LIBSVM's own kernels */
  CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
  for (int kernel = GS_KERNEL_LINEAR; kernel <= GS_KERNEL_SIGMOID; kernel++)
    for (int weighted = 0; weighted < 2; weighted++)
      for (int helpers = 0; helpers <= 2; helpers += 2) {
        gs_svc_params_t p = params(kernel, wl, w, weighted ? K : 0);
        long pa[NTE], pb[NTE], ta[NTR], tb[NTR], ya[NTR], yb[NTR];
        double sec[2];
        gs_svc_extra_t ea = {NULL, text_a, CAP, 0, ya, ta, NULL}, eb = {NULL, text_b, CAP, 0, yb, tb, NULL};
        CU_ASSERT_EQUAL(gs_svc_fit_predict_ex(wk, &d, train, NTR, test, NTE, &p, pa, &ea, sec, &e), GS_OK);
        CU_ASSERT_EQUAL(gs__pairs_fit_predict(ps, &rs, Y, train, NTR, test, NTE, &p, helpers, 0, &d, pb, &eb, sec, &e), GS_OK);
        size_t la = zeros_unsigned(text_a, ea.model_len), lb = zeros_unsigned(text_b, eb.model_len);
        CU_ASSERT(la > 0 && la == lb && memcmp(text_a, text_b, la) == 0);
        CU_ASSERT(memcmp(pa, pb, sizeof pa) == 0);
        CU_ASSERT(memcmp(ta, tb, sizeof ta) == 0 && memcmp(ya, yb, sizeof ya) == 0);
      }
  gs__pairs_free(ps);
  gs_svc_work_free(wk);
}

static void precomputed_pairs_should_predict_as_the_precomputed_route(void) {
  gs_svc_data_t d = {X, Y, N, NF, gram, NULL};
  gs__rowsrc_t rs = gs__rowsrc_dense(X, N, NF);
  gs_error_t e;
  gs_error_clear(&e);
  gs__pairs_t *ps = gs__pairs_new(1u << 20, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
  for (int kernel = GS_KERNEL_LINEAR; kernel <= GS_KERNEL_SIGMOID; kernel++) {
    gs_svc_params_t p = params(kernel, NULL, NULL, 0);
    gs_svc_block_t *b = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&b, &d, train, NTR, test, NTE, &p, &e), GS_OK);
    long pa[NTE], pb[NTE];
    double sec[2];
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict_ex(b, &d, &p, pa, NULL, sec, &e), GS_OK);
    CU_ASSERT_EQUAL(gs__pairs_fit_predict(ps, &rs, Y, train, NTR, test, NTE, &p, 1, 0, &d, pb, NULL, sec, &e), GS_OK);
    CU_ASSERT(memcmp(pa, pb, sizeof pa) == 0);
    gs_svc_block_free(b);
  }
  gs__pairs_free(ps);
}

static void two_classes_should_be_left_to_the_binary_routes(void) {
  gs_svc_data_t d = {X, Y2, N, NF, NULL, NULL};
  gs__rowsrc_t rs = gs__rowsrc_dense(X, N, NF);
  gs_error_t e;
  gs_error_clear(&e);
  gs__pairs_t *ps = gs__pairs_new(1u << 20, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
  gs_svc_params_t p = params(GS_KERNEL_RBF, NULL, NULL, 0);
  long pb[NTE];
  double sec[2];
  CU_ASSERT_EQUAL(gs__pairs_fit_predict(ps, &rs, Y2, train, NTR, test, NTE, &p, 0, 0, &d, pb, NULL, sec, &e), 1);
  gs__pairs_free(ps);
}

static void a_bad_c_should_be_libsvms_error(void) {
  gs_svc_data_t d = {X, Y, N, NF, NULL, NULL};
  gs__rowsrc_t rs = gs__rowsrc_dense(X, N, NF);
  gs_error_t e;
  gs_error_clear(&e);
  gs__pairs_t *ps = gs__pairs_new(1u << 20, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
  gs_svc_params_t p = params(GS_KERNEL_RBF, NULL, NULL, 0);
  p.C = -1;
  long pb[NTE];
  double sec[2];
  CU_ASSERT_EQUAL(gs__pairs_fit_predict(ps, &rs, Y, train, NTR, test, NTE, &p, 1, 0, &d, pb, NULL, sec, &e), GS_EFIT);
  CU_ASSERT_STRING_EQUAL(e.message, "LIBSVM: C <= 0");
  gs__pairs_free(ps);
}

static void a_shared_training_kernel_should_give_the_models_of_blocks_per_pair(void) {
  gs_svc_data_t d = {X, Y, N, NF, NULL, NULL};
  gs__rowsrc_t rs = gs__rowsrc_dense(X, N, NF);
  gs_error_t e;
  gs_error_clear(&e);
  gs__pairs_t *own = gs__pairs_new(1u << 20, 0), *shared = gs__pairs_new(1u << 20, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(own);
  CU_ASSERT_PTR_NOT_NULL_FATAL(shared);
  static size_t half[NTR / 2]; /* other rows: their own kernel */
  for (size_t i = 0; i < NTR / 2; i++) half[i] = train[i];
  size_t built = 9, reused = 9;
  gs__pairs_shared_counts(own, &built, &reused);
  CU_ASSERT(built == 0 && reused == 0);
  for (int kernel = GS_KERNEL_LINEAR; kernel <= GS_KERNEL_SIGMOID; kernel++)
    for (int rows = 0; rows < 2; rows++)
      for (int ci = 0; ci < 3; ci++) {
        gs_svc_params_t p = params(kernel, NULL, NULL, 0);
        p.C = ci == 0 ? 0.5 : ci == 1 ? 3 : 40;
        const size_t *tr = rows ? half : train;
        size_t ntr = rows ? NTR / 2 : NTR;
        long pa[NTE], pb[NTE];
        double sec[2];
        gs_svc_extra_t ea = {NULL, text_a, CAP, 0, NULL, NULL, NULL}, eb = {NULL, text_b, CAP, 0, NULL, NULL, NULL};
        CU_ASSERT_EQUAL(gs__pairs_fit_predict(own, &rs, Y, tr, ntr, test, NTE, &p, 0, 0, &d, pa, &ea, sec, &e), GS_OK);
        CU_ASSERT_EQUAL(gs__pairs_fit_predict(shared, &rs, Y, tr, ntr, test, NTE, &p, ci, 1, &d, pb, &eb, sec, &e), GS_OK);
        CU_ASSERT(ea.model_len > 0 && ea.model_len == eb.model_len && memcmp(text_a, text_b, ea.model_len) == 0);
        CU_ASSERT(memcmp(pa, pb, sizeof pa) == 0);
      }
  /* per kernel: the full rows' kernel and the half's, each computed once
   * and taken by the next two C values */
  gs__pairs_shared_counts(shared, &built, &reused);
  CU_ASSERT_EQUAL(built, 8);
  CU_ASSERT_EQUAL(reused, 16);
  gs__pairs_shared_counts(own, &built, &reused);
  CU_ASSERT(built == 0 && reused == 0);
  gs__pairs_free(own);
  gs__pairs_free(shared);
}

static CU_TestInfo tests[] = {
  {"own_kernels_should_give_svm_trains_model_text", own_kernels_should_give_svm_trains_model_text},
  {"precomputed_pairs_should_predict_as_the_precomputed_route", precomputed_pairs_should_predict_as_the_precomputed_route},
  {"two_classes_should_be_left_to_the_binary_routes", two_classes_should_be_left_to_the_binary_routes},
  {"a_bad_c_should_be_libsvms_error", a_bad_c_should_be_libsvms_error},
  {"a_shared_training_kernel_should_give_the_models_of_blocks_per_pair",
   a_shared_training_kernel_should_give_the_models_of_blocks_per_pair},
  CU_TEST_INFO_NULL};
#define GS_SUITE "svc_pairs"
#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown
#include "cunit_main.h"

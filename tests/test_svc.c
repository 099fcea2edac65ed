/* test_svc.c: the precomputed-kernel route against itself and against
 * LIBSVM's own kernels: the Gram matrix is symmetric, a block filled in
 * ranges (upper triangle, mirrored) equals one built in one go, a block read
 * from a training-rows kernel matrix (gs_svc_kernel_t) equals one computed
 * directly, bit for bit, a block from dense rows without a Gram matrix
 * (a preprocessed view's) holds LIBSVM's own kernel values bit for bit,
 * and every route predicts the same labels. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/svc.h"

enum { N = 60, NF = 5, NTR = 44, NTE = N - NTR };
static double X[N * NF];
static long Y[N];
static double *gram;
static size_t train[NTR], test[NTE];

static int setup(void) {
  uint64_t state = 12345;
  for (size_t i = 0; i < N; i++) {
    Y[i] = (long)(i % 3);
    for (size_t j = 0; j < NF; j++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      /* three clusters with noise, so the fits are not trivial */
      X[i * NF + j] = (double)Y[i] * 0.8 + (double)(state >> 11) / 9007199254740992.0;
    }
  }
  /* the training rows out of order, as a fold's would be */
  for (size_t i = 0; i < NTR; i++) train[i] = (i * 7) % NTR;
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

static gs_svc_params_t params(int kernel) {
  gs_svc_params_t p;
  memset(&p, 0, sizeof p);
  p.kernel = kernel;
  p.C = 10;
  p.gamma = 0.7;
  p.coef0 = 0.5;
  p.degree = 3;
  p.tol = 1e-3;
  p.cache_size = 50;
  p.shrinking = 1;
  return p;
}

static void gram_should_be_symmetric_and_equal_to_dot_products(void) {
  int ok = 1;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) {
      double dot = 0;
      for (size_t k = 0; k < NF; k++) dot += X[i * NF + k] * X[j * NF + k];
      ok &= gram[i * N + j] == gram[j * N + i] && fabs(gram[i * N + j] - dot) < 1e-12;
    }
  CU_ASSERT(ok);
}

/* every value of two blocks, bit for bit */
static int same_blocks(const gs_svc_block_t *a, const gs_svc_block_t *b) {
  for (size_t r = 0; r < NTR + NTE; r++)
    for (size_t c = 0; c < NTR; c++) {
      double x = gs_svc_block_value(a, r, c), y = gs_svc_block_value(b, r, c);
      if (memcmp(&x, &y, sizeof x) != 0) return 0;
    }
  return 1;
}

static void block_from_kernel_matrix_should_equal_direct_block(void) {
  gs_svc_data_t d = {X, Y, N, NF, gram, NULL};
  int kernels[] = {GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID};
  for (size_t k = 0; k < 4; k++) {
    gs_svc_params_t p = params(kernels[k]);
    gs_error_t e;
    gs_error_clear(&e);
    gs_svc_block_t *direct = NULL, *ranged = NULL, *viamatrix = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&direct, &d, train, NTR, test, NTE, &p, &e), GS_OK);
    /* in ranges, as cooperating workers fill it, then mirrored */
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_prepare(&ranged, &d, train, NTR, test, NTE, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_block_rows(ranged), NTR + NTE);
    gs_svc_block_fill(ranged, &d, &p, NULL, 17, NTR + NTE);
    gs_svc_block_fill(ranged, &d, &p, NULL, 0, 17);
    gs_svc_block_mirror(ranged);
    CU_ASSERT(same_blocks(direct, ranged));
    /* training rows symmetric */
    int sym = 1;
    for (size_t i = 0; i < NTR; i++)
      for (size_t j = 0; j < NTR; j++) sym &= gs_svc_block_value(direct, i, j) == gs_svc_block_value(direct, j, i);
    CU_ASSERT(sym);
    /* from a matrix over a set holding the training rows (all rows but the
     * last two test rows, in another order) */
    size_t set[N - 2], pos[N];
    for (size_t i = 0; i < N; i++) pos[i] = SIZE_MAX;
    for (size_t i = 0; i < N - 2; i++) {
      set[i] = N - 3 - i;
      pos[set[i]] = i;
    }
    double *values = malloc((N - 2) * (N - 2) * sizeof *values);
    CU_ASSERT_PTR_NOT_NULL_FATAL(values);
    gs_svc_kernel_t km = {values, pos, N - 2};
    gs_svc_kernel_fill(&km, set, &d, &p, 30, N - 2);
    gs_svc_kernel_fill(&km, set, &d, &p, 0, 30);
    gs_svc_kernel_mirror(&km);
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_prepare(&viamatrix, &d, train, NTR, test, NTE, &e), GS_OK);
    gs_svc_block_fill(viamatrix, &d, &p, &km, 0, NTR + NTE);
    gs_svc_block_mirror(viamatrix);
    CU_ASSERT(same_blocks(direct, viamatrix));
    /* and all predict alike, LIBSVM's own kernels too */
    long pa[NTE], pb[NTE], pc[NTE];
    double sec[2];
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict(direct, &p, pa, sec, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict(viamatrix, &p, pb, sec, &e), GS_OK);
    gs_svc_work_t *w = NULL;
    gs_svc_data_t own = {X, Y, N, NF, NULL, NULL};
    CU_ASSERT_EQUAL_FATAL(gs_svc_work_new(&w, &own, NTR, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_fit_predict(w, &own, train, NTR, test, NTE, &p, pc, sec, &e), GS_OK);
    CU_ASSERT(memcmp(pa, pb, sizeof pa) == 0);
    CU_ASSERT(memcmp(pa, pc, sizeof pa) == 0);
    gs_svc_work_free(w);
    free(values);
    gs_svc_block_free(direct);
    gs_svc_block_free(ranged);
    gs_svc_block_free(viamatrix);
  }
}

/* the kernel of rows a and b as LIBSVM's own Kernel computes it for
 * training (sums in feature order, x_square for rbf) */
static double libsvm_kernel(const gs_svc_params_t *p, size_t a, size_t b) {
  double xy = 0, xx = 0, yy = 0;
  for (size_t k = 0; k < NF; k++) {
    xy += X[a * NF + k] * X[b * NF + k];
    xx += X[a * NF + k] * X[a * NF + k];
    yy += X[b * NF + k] * X[b * NF + k];
  }
  switch (p->kernel) {
  case GS_KERNEL_LINEAR: return xy;
  case GS_KERNEL_POLY: {
    double base = p->gamma * xy + p->coef0, r = 1.0;
    for (int t = p->degree; t > 0; t /= 2) { /* LIBSVM's powi */
      if (t % 2 == 1) r *= base;
      base *= base;
    }
    return r;
  }
  case GS_KERNEL_RBF: return exp(-p->gamma * (xx + yy - 2 * xy));
  default: return tanh(p->gamma * xy + p->coef0);
  }
}

/* dense rows without a Gram matrix (a preprocessed view's): the block's
 * values are LIBSVM's own kernel values bit for bit, within 1e-12 of the
 * Gram matrix's block, and the fits predict what LIBSVM's own kernels do */
static void block_from_dense_rows_should_equal_libsvm_kernels(void) {
  gs_svc_data_t viaGram = {X, Y, N, NF, gram, NULL}, dense = {X, Y, N, NF, NULL, NULL};
  /* the block's training rows: train stably sorted by label */
  size_t ord[NTR];
  memcpy(ord, train, sizeof ord);
  for (size_t i = 1; i < NTR; i++)
    for (size_t j = i; j > 0 && Y[ord[j - 1]] > Y[ord[j]]; j--) {
      size_t t = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = t;
    }
  int kernels[] = {GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID};
  for (size_t k = 0; k < 4; k++) {
    gs_svc_params_t p = params(kernels[k]);
    gs_error_t e;
    gs_error_clear(&e);
    gs_svc_block_t *g = NULL, *b = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&g, &viaGram, train, NTR, test, NTE, &p, &e), GS_OK);
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_prepare(&b, &dense, train, NTR, test, NTE, &e), GS_OK);
    gs_svc_block_fill(b, &dense, &p, NULL, 23, NTR + NTE);
    gs_svc_block_fill(b, &dense, &p, NULL, 0, 23);
    gs_svc_block_mirror(b);
    int exact = 1, close = 1;
    for (size_t r = 0; r < NTR + NTE; r++)
      for (size_t c = 0; c < NTR; c++) {
        size_t a = r < NTR ? ord[r] : test[r - NTR];
        /* the training rows' lower triangle is the mirror of the upper */
        double want = r < NTR && c < r ? libsvm_kernel(&p, ord[c], a) : libsvm_kernel(&p, a, ord[c]);
        double got = gs_svc_block_value(b, r, c);
        exact &= memcmp(&got, &want, sizeof got) == 0;
        close &= fabs(got - gs_svc_block_value(g, r, c)) <= 1e-12 * (1 + fabs(got));
      }
    CU_ASSERT(exact);
    CU_ASSERT(close);
    long pb[NTE], pc[NTE];
    double sec[2];
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict(b, &p, pb, sec, &e), GS_OK);
    gs_svc_work_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_work_new(&w, &dense, NTR, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_fit_predict(w, &dense, train, NTR, test, NTE, &p, pc, sec, &e), GS_OK);
    CU_ASSERT(memcmp(pb, pc, sizeof pb) == 0);
    gs_svc_work_free(w);
    gs_svc_block_free(g);
    gs_svc_block_free(b);
  }
}

static void fits_should_learn_the_clusters(void) {
  /* a fit that predicts: the clusters are separable enough for rbf */
  gs_svc_data_t d = {X, Y, N, NF, gram, NULL};
  gs_svc_params_t p = params(GS_KERNEL_RBF);
  gs_error_t e;
  gs_error_clear(&e);
  gs_svc_block_t *b = NULL;
  CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&b, &d, train, NTR, test, NTE, &p, &e), GS_OK);
  long pred[NTE];
  double sec[2];
  CU_ASSERT_EQUAL(gs_svc_block_fit_predict(b, &p, pred, sec, &e), GS_OK);
  size_t right = 0;
  for (size_t i = 0; i < NTE; i++) right += pred[i] == Y[test[i]];
  CU_ASSERT(right >= NTE * 3 / 4);
  gs_svc_block_free(b);
}

static CU_TestInfo tests[] = {
  {"gram_should_be_symmetric_and_equal_to_dot_products", gram_should_be_symmetric_and_equal_to_dot_products},
  {"block_from_kernel_matrix_should_equal_direct_block", block_from_kernel_matrix_should_equal_direct_block},
  {"block_from_dense_rows_should_equal_libsvm_kernels", block_from_dense_rows_should_equal_libsvm_kernels},
  {"fits_should_learn_the_clusters", fits_should_learn_the_clusters},
  CU_TEST_INFO_NULL};
#define GS_SUITE "svc"
#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown
#include "cunit_main.h"

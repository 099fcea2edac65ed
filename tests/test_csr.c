/* test_csr.c: sparse rows (csr.h): the loader's sparse rule, scikit-learn's
 * X.var() of sparse input, kernels from sparse products in LIBSVM's order,
 * and fits on sparse rows equal to fits on the same rows dense. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/csr.h"
#include "gridsearch/dataset.h"
#include "gridsearch/npmath.h"
#include "gridsearch/svc.h"
#include "gridsearch/transform.h"

/* Reads LIBSVM text from memory under a GS_SPARSE_* policy. */
static gs_dataset_t *read_text(const char *text, int policy) {
  FILE *f = fmemopen((void *)text, strlen(text), "r");
  gs_dataset_t *ds = NULL;
  gs_error_t e;
  gs_error_clear(&e);
  if (!f) return NULL;
  if (gs_dataset_read_ex(&ds, f, "mem", GS_FORMAT_LIBSVM, 0, policy, &e) != GS_OK) ds = NULL;
  fclose(f);
  return ds;
}

/* 3 rows x 40 features, 5 stored values of which one an explicit zero */
static const char *SPARSE = "1 2:0.5 40:-2\n-1 7:0 9:3\n1 1:1.5\n";

static void dataset_read_should_keep_a_sparse_libsvm_file_sparse(void) {
  gs_dataset_t *ds = read_text(SPARSE, GS_SPARSE_AUTO);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_PTR_NULL(ds->X);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds->csr);
  const gs_csr_t *m = ds->csr;
  CU_ASSERT_EQUAL(ds->n_samples, 3);
  CU_ASSERT_EQUAL(ds->n_features, 40);
  CU_ASSERT_EQUAL(m->n_rows, 3);
  CU_ASSERT_EQUAL(m->n_cols, 40);
  CU_ASSERT_EQUAL(m->nnz, 4); /* the stored zero is dropped */
  CU_ASSERT_EQUAL(m->indptr[0], 0);
  CU_ASSERT_EQUAL(m->indptr[1], 2);
  CU_ASSERT_EQUAL(m->indptr[2], 3);
  CU_ASSERT_EQUAL(m->indptr[3], 4);
  CU_ASSERT_EQUAL(m->indices[0], 1);
  CU_ASSERT_EQUAL(m->indices[1], 39);
  CU_ASSERT_EQUAL(m->indices[2], 8);
  CU_ASSERT_EQUAL(m->indices[3], 0);
  CU_ASSERT_EQUAL(m->values[1], -2.0);
  CU_ASSERT_EQUAL(m->values[2], 3.0);
  CU_ASSERT_EQUAL(m->sq[0], 4.25);
  CU_ASSERT_EQUAL(m->sq[1], 9.0);
  CU_ASSERT_EQUAL(m->max_row_nnz, 2);
  CU_ASSERT_EQUAL(ds->n_classes, 2);
  CU_ASSERT_EQUAL(ds->y[1], -1);
  double row[40];
  gs_csr_row_dense(m, 0, row);
  CU_ASSERT_EQUAL(row[1], 0.5);
  CU_ASSERT_EQUAL(row[39], -2.0);
  CU_ASSERT_EQUAL(row[0], 0.0);
  gs_dataset_free(ds);
}

static void dataset_read_should_densify_by_policy_and_density(void) {
  /* 4 of 12 cells stored: over the 10% rule, dense under AUTO */
  const char *dense = "1 1:0.5 3:2\n-1 2:1\n1 4:-1\n";
  gs_dataset_t *ds = read_text(dense, GS_SPARSE_AUTO);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
  CU_ASSERT_PTR_NULL(ds->csr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds->X);
  CU_ASSERT_EQUAL(ds->X[2], 2.0);
  gs_dataset_free(ds);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds = read_text(dense, GS_SPARSE_ALWAYS));
  CU_ASSERT_PTR_NOT_NULL(ds->csr);
  CU_ASSERT_PTR_NULL(ds->X);
  gs_dataset_free(ds);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ds = read_text(SPARSE, GS_SPARSE_NEVER));
  CU_ASSERT_PTR_NULL(ds->csr);
  CU_ASSERT_EQUAL(ds->X[39], -2.0);
  CU_ASSERT_EQUAL(ds->X[40 + 8], 3.0);
  gs_dataset_free(ds);
}

/* 7 x 5, rows 6, 0, 3, 5, 1 taken: scikit-learn 1.2.1 / scipy 1.10 give
 *   Xs = sp.csr_matrix(D)[[6, 0, 3, 5, 1]]
 *   (Xs.multiply(Xs)).mean() - Xs.mean() ** 2  ->  0.6576453344000002
 *   Xs.toarray().var()                          ->  0.6576453344 */
static const double D[7][5] = {{0.8, 0.0, 0.0, 0.715, 2.234}, {0.0, 0.0, 0.232, 0.053, 0.0},
                               {0.0, 0.0, 1.047, 0.326, 0.0}, {0.894, 0.024, 0.0, 0.3, 0.0},
                               {0.333, 0.0, 0.0, 0.0, 0.0},   {1.516, 0.0, 0.251, 0.0, 2.755},
                               {0.0, 1.116, 2.331, 0.0, 0.475}};

static gs_csr_t *csr_of(const double *X, size_t n, size_t nf) {
  size_t nnz = 0;
  for (size_t i = 0; i < n * nf; i++) nnz += X[i] != 0.0;
  gs_csr_t *m = gs_csr_new(n, nf, nnz);
  if (!m) return NULL;
  size_t k = 0;
  for (size_t r = 0; r < n; r++) {
    m->indptr[r] = k;
    for (size_t j = 0; j < nf; j++)
      if (X[r * nf + j] != 0.0) {
        m->indices[k] = (int)j;
        m->values[k++] = X[r * nf + j];
      }
  }
  m->indptr[n] = k;
  gs_csr_finish(m);
  return m;
}

static void csr_var_rows_should_be_scikit_learns_sparse_variance(void) {
  gs_csr_t *m = csr_of(&D[0][0], 7, 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  size_t rows[5] = {6, 0, 3, 5, 1};
  double buf[25];
  CU_ASSERT_EQUAL(gs_csr_var_rows(m, rows, 5, buf), 0.6576453344000002);
  /* the dense formula rounds otherwise: the test tells them apart */
  for (size_t i = 0; i < 5; i++) memcpy(buf + 5 * i, D[rows[i]], sizeof D[0]);
  CU_ASSERT_EQUAL(gs_np_var(buf, 25), 0.6576453344);
  gs_csr_free(m);
}

static void csr_kernel_row_should_equal_libsvms_sparse_kernels(void) {
  gs_csr_t *m = csr_of(&D[0][0], 7, 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  double dense[5] = {0}, out[14];
  size_t cols[7] = {0, 1, 2, 3, 4, 5, 6};
  const int kernels[4] = {GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID};
  for (int t = 0; t < 4; t++) {
    gs_svc_params_t p = {0};
    p.kernel = kernels[t];
    p.gamma = 0.37;
    p.coef0 = 0.5;
    p.degree = 3;
    for (size_t a = 0; a < 7; a++) {
      gs_csr_kernel_row(m, &p, a, cols, 7, dense, out, 2);
      for (size_t b = 0; b < 7; b++) {
        double dot = gs_csr_dot(m, a, b), want;
        if (t == 0) want = dot;
        else if (t == 1) {
          double x = 0.37 * dot + 0.5;
          want = x * (x * x); /* LIBSVM's powi(x, 3): ret = x, then ret * x^2 */
        } else if (t == 2) want = exp(-0.37 * (m->sq[a] + m->sq[b] - 2 * dot));
        else want = tanh(0.37 * dot + 0.5);
        CU_ASSERT_EQUAL(out[2 * b], want);
      }
      for (size_t j = 0; j < 5; j++) CU_ASSERT_EQUAL(dense[j], 0.0);
    }
  }
  /* through the columns of a set of rows (in another order), from any first
   * position: the same values, bit for bit */
  size_t set[6] = {5, 2, 6, 0, 3, 1};
  gs_csr_cols_t *c = gs_csr_cols_new(m, set, 6);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->colptr[5], m->nnz - 1); /* row 4 (one value) is not in the set */
  for (int t = 0; t < 4; t++) {
    gs_svc_params_t p = {0};
    p.kernel = kernels[t];
    p.gamma = 0.37;
    p.coef0 = -0.25;
    p.degree = 4;
    for (size_t a = 0; a < 7; a++)
      for (size_t first = 0; first <= 6; first++) {
        double acc[6], want[6], got[6] = {0};
        gs_csr_kernel_row(m, &p, a, set, 6, dense, want, 1);
        gs_csr_kernel_row_cols(m, c, set, &p, a, first, acc, got, 1);
        for (size_t j = first; j < 6; j++) CU_ASSERT_EQUAL(got[j - first], want[j]);
      }
  }
  gs_csr_cols_free(c);
  gs_csr_cols_free(NULL);
  /* dot products are the merge of common columns */
  CU_ASSERT_EQUAL(gs_csr_dot(m, 0, 5), 0.8 * 1.516 + 2.234 * 2.755);
  CU_ASSERT_EQUAL(m->sq[4], 0.333 * 0.333);
  gs_csr_free(m);
}

static void csr_scaled_should_multiply_each_column(void) {
  gs_csr_t *m = csr_of(&D[0][0], 7, 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  const double f[5] = {2.0, 0.0, 0.5, 1.0, -1.0};
  gs_csr_t *c = gs_csr_scaled(m, f);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  double row[5];
  gs_csr_row_dense(c, 5, row);
  CU_ASSERT_EQUAL(row[0], 1.516 * 2.0);
  CU_ASSERT_EQUAL(row[2], 0.251 * 0.5);
  CU_ASSERT_EQUAL(row[4], -2.755);
  CU_ASSERT_EQUAL(c->nnz, m->nnz - 2); /* column 1 scaled to zero: dropped */
  gs_csr_free(c);
  gs_csr_free(m);
  gs_csr_free(NULL);
}

/* scikit-learn 1.2.1 on Xs (above): StandardScaler(with_mean=False).fit(Xs)
 * gives var_[3] = 0.07518184000000001 (0.07518184000000003 on the dense
 * array), transform(Xs)[1, 4] = 1.9106797198123018 (dense ...016); and
 * MaxAbsScaler().fit(Xs).transform(Xs)[0, 4] = 0.17241379310344826
 * (dense 0.1724137931034483). */
static void transform_fit_csr_should_scale_as_scikit_learn_on_sparse_input(void) {
  gs_csr_t *m = csr_of(&D[0][0], 7, 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  size_t rows[5] = {6, 0, 3, 5, 1};
  gs_error_t e;
  gs_error_clear(&e);
  gs_transform_t t;
  gs_transform_spec_t spec = gs_transform_default(GS_TF_STANDARD);
  spec.with_mean = 0;
  CU_ASSERT_EQUAL_FATAL(gs_transform_fit_csr(&t, &spec, m, rows, 5, &e), GS_OK);
  CU_ASSERT(t.sparse);
  CU_ASSERT_EQUAL(t.var[3], 0.07518184000000001);
  CU_ASSERT_EQUAL(t.var[4], 1.36706936);
  CU_ASSERT_EQUAL(t.mean[1], 0.22800000000000004);
  CU_ASSERT_EQUAL(t.scale[2], 0.8906926293621161);
  double f[5], x[5];
  CU_ASSERT_EQUAL(gs_transform_factors(&t, f), 1);
  gs_csr_t *v = gs_csr_scaled(m, f);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  gs_csr_row_dense(v, 0, x);
  CU_ASSERT_EQUAL(x[4], 1.9106797198123018);
  gs_csr_free(v);
  gs_csr_row_dense(m, 0, x); /* a dense row through the fitted step (predict) */
  gs_transform_apply(&t, x, x, 1);
  CU_ASSERT_EQUAL(x[4], 1.9106797198123018);
  char *json = gs_transform_to_json(&t);
  CU_ASSERT_PTR_NOT_NULL_FATAL(json);
  CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"sparse\":\ttrue"));
  gs_transform_t back;
  CU_ASSERT_EQUAL(gs_transform_from_json(&back, json, strlen(json), 5, &e), GS_OK);
  CU_ASSERT(back.sparse);
  gs_transform_free(&back);
  free(json);
  gs_transform_free(&t);
  spec = gs_transform_default(GS_TF_MAXABS);
  CU_ASSERT_EQUAL_FATAL(gs_transform_fit_csr(&t, &spec, m, rows, 5, &e), GS_OK);
  CU_ASSERT_EQUAL(t.max_abs[4], 2.755);
  CU_ASSERT_EQUAL(gs_transform_factors(&t, f), 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v = gs_csr_scaled(m, f));
  gs_csr_row_dense(v, 6, x);
  CU_ASSERT_EQUAL(x[4], 0.17241379310344826);
  gs_csr_free(v);
  gs_transform_free(&t);
  /* what scikit-learn refuses on sparse input */
  spec = gs_transform_default(GS_TF_MINMAX);
  CU_ASSERT_EQUAL(gs_transform_fit_csr(&t, &spec, m, rows, 5, &e), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(e.message, "MinMaxScaler does not take sparse input");
  spec = gs_transform_default(GS_TF_STANDARD);
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_transform_fit_csr(&t, &spec, m, rows, 5, &e), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(e.message, "StandardScaler does not take sparse input");
  gs_csr_free(m);
}

/* A 3-class problem of 60 rows x 30 features, about 15% stored. */
static void make_problem(double *X, long *y) {
  unsigned s = 12345;
  for (size_t r = 0; r < 60; r++) {
    y[r] = (long)(r % 3);
    for (size_t j = 0; j < 30; j++) {
      s = s * 1103515245u + 12345u;
      int keep = (s >> 16) % 100 < 12 || (j / 10 == (size_t)y[r] && (s >> 8) % 3 == 0);
      X[r * 30 + j] = keep ? (double)((s >> 4) % 1000) / 250.0 + 0.01 : 0.0;
    }
  }
}

static void svc_fits_on_sparse_rows_should_equal_fits_on_dense_rows(void) {
  double X[60 * 30];
  long y[60];
  make_problem(X, y);
  gs_csr_t *m = csr_of(X, 60, 30);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  double *gram = gs_svc_gram_alloc(60);
  CU_ASSERT_PTR_NOT_NULL_FATAL(gram);
  gs_svc_gram(X, 60, 30, gram);
  gs_svc_data_t dd = {X, y, 60, 30, gram, NULL}, ds = {NULL, y, 60, 30, NULL, m};
  gs_svc_data_t own_d = {X, y, 60, 30, NULL, NULL};
  size_t train[45], test[15];
  for (size_t i = 0; i < 45; i++) train[i] = i;
  for (size_t i = 0; i < 15; i++) test[i] = 45 + i;
  const int kernels[4] = {GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID};
  gs_error_t e;
  gs_error_clear(&e);
  for (int t = 0; t < 4; t++) {
    gs_svc_params_t p = {0};
    p.kernel = kernels[t];
    p.C = 3.0;
    p.gamma = t == 3 ? 0.01 : 0.05;
    p.coef0 = 0.5;
    p.degree = 2;
    p.tol = 1e-3;
    p.cache_size = 20;
    p.shrinking = 1;
    long pd[15], ps[15], po[15], pw[15];
    double sec[2];
    gs_svc_block_t *bd = NULL, *bs = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&bd, &dd, train, 45, test, 15, &p, &e), GS_OK);
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&bs, &ds, train, 45, test, 15, &p, &e), GS_OK);
    /* the same kernels as from the Gram matrix (BLAS sums in its own order) */
    for (size_t i = 0; i < 60; i++)
      for (size_t j = 0; j < 45; j++) {
        double v = gs_svc_block_value(bs, i, j), want = gs_svc_block_value(bd, i, j);
        CU_ASSERT(fabs(v - want) <= 1e-12 * (1 + fabs(want)));
      }
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict(bd, &p, pd, sec, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_block_fit_predict(bs, &p, ps, sec, &e), GS_OK);
    gs_svc_work_t *w = NULL, *w2 = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_work_new(&w, &ds, 45, &e), GS_OK);
    CU_ASSERT_EQUAL_FATAL(gs_svc_work_new(&w2, &own_d, 45, &e), GS_OK);
    CU_ASSERT(gs_svc_work_bytes(&ds, 45) < gs_svc_work_bytes(&own_d, 45));
    CU_ASSERT_EQUAL(gs_svc_fit_predict(w, &ds, train, 45, test, 15, &p, po, sec, &e), GS_OK);
    CU_ASSERT_EQUAL(gs_svc_fit_predict(w2, &own_d, train, 45, test, 15, &p, pw, sec, &e), GS_OK);
    for (size_t i = 0; i < 15; i++) {
      CU_ASSERT_EQUAL(ps[i], pd[i]);
      CU_ASSERT_EQUAL(po[i], pw[i]);
    }
    gs_svc_work_free(w);
    gs_svc_work_free(w2);
    gs_svc_block_free(bd);
    gs_svc_block_free(bs);
  }
  free(gram);
  gs_csr_free(m);
}

static CU_TestInfo tests[] = {
  {"dataset_read_should_keep_a_sparse_libsvm_file_sparse", dataset_read_should_keep_a_sparse_libsvm_file_sparse},
  {"dataset_read_should_densify_by_policy_and_density", dataset_read_should_densify_by_policy_and_density},
  {"csr_var_rows_should_be_scikit_learns_sparse_variance", csr_var_rows_should_be_scikit_learns_sparse_variance},
  {"csr_kernel_row_should_equal_libsvms_sparse_kernels", csr_kernel_row_should_equal_libsvms_sparse_kernels},
  {"csr_scaled_should_multiply_each_column", csr_scaled_should_multiply_each_column},
  {"transform_fit_csr_should_scale_as_scikit_learn_on_sparse_input", transform_fit_csr_should_scale_as_scikit_learn_on_sparse_input},
  {"svc_fits_on_sparse_rows_should_equal_fits_on_dense_rows", svc_fits_on_sparse_rows_should_equal_fits_on_dense_rows},
  CU_TEST_INFO_NULL};
#define GS_SUITE "csr"
#include "cunit_main.h"

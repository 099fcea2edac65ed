/* csr.h: a sparse matrix in compressed sparse row form (as scipy's
 * csr_matrix), and the computations gridsearch makes on sparse data in the
 * order LIBSVM's sparse kernels and scikit-learn 1.2.1 make them. */
#ifndef GRIDSEARCH_CSR_H
#define GRIDSEARCH_CSR_H

#include <stddef.h>

#include "gridsearch/error.h"
#include "gridsearch/svc.h"

typedef struct gs_csr {
  size_t n_rows, n_cols;
  size_t nnz;
  size_t *indptr;     /* n_rows + 1 offsets into indices / values */
  int *indices;       /* column of each stored value, 0-based, ascending per row */
  double *values;     /* stored values (zeros are not stored) */
  double *sq;         /* per row: its dot product with itself, as LIBSVM's
                       * x_square (the values squared, summed in column order) */
  size_t max_row_nnz; /* the most values in one row */
} gs_csr_t;

/* A new matrix with room for nnz values, n_rows rows, n_cols columns; the
 * caller fills indptr / indices / values and then calls gs_csr_finish. NULL
 * when out of memory. Free with gs_csr_free. */
gs_csr_t *gs_csr_new(size_t n_rows, size_t n_cols, size_t nnz);

/* Drops stored zeros (LIBSVM never sees them; scipy's products skip them)
 * and computes sq and max_row_nnz. Call once the arrays are filled. */
void gs_csr_finish(gs_csr_t *m);

/* A copy of m with column j's values multiplied by factor[j] (scipy's
 * inplace_column_scale: X.data *= factor[X.indices]); NULL when out of
 * memory. */
gs_csr_t *gs_csr_scaled(const gs_csr_t *m, const double *factor);

/* Frees m and its arrays; accepts NULL. */
void gs_csr_free(gs_csr_t *m);

/* Writes row r densely into x (n_cols values). */
void gs_csr_row_dense(const gs_csr_t *m, size_t r, double *x);

/* LIBSVM's dot(x_a, x_b) of two rows (the products of the columns both
 * store, summed in column order). */
double gs_csr_dot(const gs_csr_t *m, size_t a, size_t b);

/* X.var() as scikit-learn 1.2.1's SVC computes it for gamma="scale" on a
 * sparse X made of rows[0..n) of m (in that order):
 * (X.multiply(X)).mean() - X.mean() ** 2, where scipy's mean multiplies
 * every stored value by 1 / (rows x cols), sums each row in column order and
 * then the row sums by numpy's pairwise sum. buf: n doubles of scratch. */
double gs_csr_var_rows(const gs_csr_t *m, const size_t *rows, size_t n, double *buf);

/* The kernel of p (kernel, gamma, coef0, degree) between row a and rows
 * cols[0..n) into out[0], out[stride], ..., as LIBSVM's training kernels
 * compute it from sparse dot products (rbf: exp(-gamma (sq_a + sq_b -
 * 2 dot))). dense: n_cols doubles, all zero, left all zero. */
void gs_csr_kernel_row(const gs_csr_t *m, const gs_svc_params_t *p, size_t a, const size_t *cols, size_t n,
                       double *dense, double *out, size_t stride);

/* The columns of a set of rows of a matrix (the set's transpose, as a CSC
 * matrix would hold it): per column, the set positions that store a value,
 * ascending, and the values. */
typedef struct {
  size_t n;           /* rows in the set */
  size_t n_cols;
  size_t *colptr;     /* n_cols + 1 offsets */
  unsigned *pos;      /* position in the set of each value */
  double *val;
} gs_csr_cols_t;

/* The columns of rows[0..n) of m; NULL when out of memory. Free with
 * gs_csr_cols_free (accepts NULL). */
gs_csr_cols_t *gs_csr_cols_new(const gs_csr_t *m, const size_t *rows, size_t n);
void gs_csr_cols_free(gs_csr_cols_t *c);

/* gs_csr_kernel_row between row a of m and the set positions [first, c->n)
 * of c, the set being rows[0..c->n) of m: out[(j - first) * stride] for
 * position j. Each dot product is accumulated over a's columns in order,
 * from the columns' lists, so it sums the same products in the same order
 * as LIBSVM's merge of two sparse rows, in time proportional to the
 * products that are not zero. acc: c->n doubles of scratch. */
void gs_csr_kernel_row_cols(const gs_csr_t *m, const gs_csr_cols_t *c, const size_t *rows, const gs_svc_params_t *p,
                            size_t a, size_t first, double *acc, double *out, size_t stride);

#endif

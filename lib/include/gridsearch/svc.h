/* svc.h: one C-SVC fit and its predictions, through LIBSVM, made to agree with
 * scikit-learn's SVC: training rows stably sorted by label (so LIBSVM's class
 * order is the sorted one, as in scikit-learn's copy), kernels either from a
 * precomputed Gram matrix or LIBSVM's own. */
#ifndef GRIDSEARCH_SVC_H
#define GRIDSEARCH_SVC_H

#include <stddef.h>

#include "gridsearch/error.h"

struct gs_csr;

typedef struct {
  int kernel;                 /* gs_kernel_t */
  double C, gamma, coef0;     /* gamma resolved to a number */
  int degree;
  size_t n_weights;           /* per-class C multipliers (class_weight_) */
  const long *weight_labels;
  const double *weights;
  double tol, cache_size;
  int shrinking;
} gs_svc_params_t;

/* The rows a fit may use and how their kernels are computed. */
typedef struct {
  const double *X;      /* n_rows x n_features, row-major */
  const long *y;        /* n_rows labels */
  size_t n_rows, n_features;
  const double *gram;   /* n_rows x n_rows, X X^T; NULL: LIBSVM's own kernels,
                         * or with csr, blocks from sparse products */
  const struct gs_csr *csr; /* the rows kept sparse (X NULL), or NULL */
} gs_svc_data_t;

/* Per-thread scratch for fits on LIBSVM's own kernels (sparse nodes), used
 * when precomputed kernel blocks do not fit the memory budget. */
typedef struct gs_svc_work gs_svc_work_t;

/* Bytes of scratch a worker needs for training sets of up to max_train rows. */
size_t gs_svc_work_bytes(const gs_svc_data_t *d, size_t max_train);

int gs_svc_work_new(gs_svc_work_t **out, const gs_svc_data_t *d, size_t max_train, gs_error_t *err);
void gs_svc_work_free(gs_svc_work_t *w);

/* Fits on rows train[0..n_train) of d with LIBSVM's own kernels and predicts
 * rows test[0..n_test) into pred. seconds[0] = fit time, seconds[1] = predict
 * time. Returns GS_OK, or GS_EFIT with LIBSVM's message in err. */
int gs_svc_fit_predict(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                       double seconds[2], gs_error_t *err);

/* The kernel of every pair of a fixed set of rows of d (the held-out
 * split's training rows) for one kernel setting, computed once and read by
 * gs_svc_block_fill instead of computing the same values again for every
 * fold; bit for bit what the fill would compute. */
typedef struct {
  double *values;       /* n x n, row-major in the set's order */
  const size_t *pos;    /* per row of d: its place in the set, or SIZE_MAX */
  size_t n;
} gs_svc_kernel_t;

/* Rows [lo, hi) of k for the set rows[0..k->n), on and above the diagonal;
 * disjoint ranges may be filled concurrently; then mirror once. */
void gs_svc_kernel_fill(gs_svc_kernel_t *k, const size_t *rows, const gs_svc_data_t *d, const gs_svc_params_t *p,
                        size_t lo, size_t hi);
void gs_svc_kernel_mirror(gs_svc_kernel_t *k);

/* A training set's precomputed kernel for one kernel setting, laid out as
 * LIBSVM nodes, with the kernel rows of its test set: built once, then shared
 * read-only by every fit that differs only in C or class weights, from any
 * thread. */
typedef struct gs_svc_block gs_svc_block_t;

/* Bytes a block of n_train training and n_test test rows takes. */
size_t gs_svc_block_bytes(size_t n_train, size_t n_test);

/* Builds the block for rows train / test of d and the
 * kernel part of p (kernel, gamma, coef0, degree). *b may hold a block to
 * recycle (its memory is reused when large enough, else freed) or NULL. On
 * failure *b is NULL (the old block freed). */
int gs_svc_block_build(gs_svc_block_t **b, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, gs_error_t *err);

/* The kernel values come from d->gram when it is set, else from sparse
 * products of d->csr, else from dot products of d->X's rows (a
 * preprocessed view), the same sums LIBSVM's own kernels compute.
 * The same in three steps, so several threads can fill one block: prepare
 * sizes (recycling *b as above) and orders the block without computing any
 * kernel value; fill computes rows [lo, hi) of the n_train + n_test rows
 * (gs_svc_block_rows), the training rows only on and above the diagonal
 * (the kernel is symmetric: half the exp() calls of an rbf block); disjoint
 * ranges may be filled concurrently; values of pairs of k's rows are read
 * from k (k may be NULL); once every row is filled, mirror
 * copies the upper triangle into the lower one, and the block is ready.
 * test must stay valid until the block is filled. */
int gs_svc_block_prepare(gs_svc_block_t **b, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                         const size_t *test, size_t n_test, gs_error_t *err);
size_t gs_svc_block_rows(const gs_svc_block_t *b);
void gs_svc_block_fill(gs_svc_block_t *b, const gs_svc_data_t *d, const gs_svc_params_t *p, const gs_svc_kernel_t *k,
                       size_t lo, size_t hi);
void gs_svc_block_mirror(gs_svc_block_t *b);

/* Fits on the block with p's C, class weights and solver settings and
 * predicts its test rows into pred; seconds as gs_svc_fit_predict. */
int gs_svc_block_fit_predict(const gs_svc_block_t *b, const gs_svc_params_t *p, long *pred, double seconds[2],
                             gs_error_t *err);

void gs_svc_block_free(gs_svc_block_t *b);

/* The kernel value of the block's row `row` (its n_train training rows in
 * the order LIBSVM sees them, sorted by label, then its test rows) and
 * training column `col`. */
double gs_svc_block_value(const gs_svc_block_t *b, size_t row, size_t col);

/* Room for an n x n Gram matrix (on huge pages where offered); free() it. */
double *gs_svc_gram_alloc(size_t n);

/* Computes the Gram matrix X X^T (n x n, both triangles) with OpenBLAS into
 * gram (caller-allocated). */
void gs_svc_gram(const double *X, size_t n, size_t n_features, double *gram);

/* What a fit may hand back beyond its labels (see the _ex calls below). */
typedef struct {
  double *dec;        /* n_test decision values in scikit-learn's binary
                       * convention (positive: the larger label), or NULL;
                       * NaN for a model of more than two classes */
  char *model;        /* room for model_cap bytes of LIBSVM model-file text
                       * (svm_save_model's layout; support vectors as their
                       * feature rows, the real kernel even when fitted on a
                       * precomputed one), or NULL */
  size_t model_cap;
  size_t model_len;   /* set by the fit */
  /* the training rows' own labels and predictions (return_train_score),
   * n_train each in the order the fit sorted them (by label), or NULL;
   * train_dec as dec, or NULL */
  long *train_true, *train_pred;
  double *train_dec;
} gs_svc_extra_t;

/* Bytes of model text a fit on n_train rows of n_features over n_classes
 * may write, at most (plus the NUL). */
size_t gs_svc_model_bytes(size_t n_train, size_t n_features, size_t n_classes);

/* gs_svc_fit_predict / gs_svc_block_fit_predict, also filling ex (NULL: as
 * those). The block variant needs d for the support vectors' feature rows. */
int gs_svc_fit_predict_ex(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                          const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                          gs_svc_extra_t *ex, double seconds[2], gs_error_t *err);
int gs_svc_block_fit_predict_ex(const gs_svc_block_t *b, const gs_svc_data_t *d, const gs_svc_params_t *p, long *pred,
                                gs_svc_extra_t *ex, double seconds[2], gs_error_t *err);

#endif

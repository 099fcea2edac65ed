/* svc.h: one C-SVC fit and its predictions, through LIBSVM, made to agree with
 * scikit-learn's SVC: training rows stably sorted by label (so LIBSVM's class
 * order is the sorted one, as in scikit-learn's copy), kernels either from a
 * precomputed Gram matrix or LIBSVM's own. */
#ifndef GRIDSEARCH_SVC_H
#define GRIDSEARCH_SVC_H

#include <stddef.h>

#include "gridsearch/error.h"

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
  const double *gram;   /* n_rows x n_rows, X X^T; NULL: LIBSVM's own kernels */
} gs_svc_data_t;

/* Per-thread scratch, reused across fits so LIBSVM's node arrays are built
 * once and only their values rewritten. */
typedef struct gs_svc_work gs_svc_work_t;

/* Bytes of scratch a worker needs for training sets of up to max_train rows. */
size_t gs_svc_work_bytes(const gs_svc_data_t *d, size_t max_train);

int gs_svc_work_new(gs_svc_work_t **out, const gs_svc_data_t *d, size_t max_train, gs_error_t *err);
void gs_svc_work_free(gs_svc_work_t *w);

/* Fits on rows train[0..n_train) of d and predicts rows test[0..n_test) into
 * pred. seconds[0] = fit time, seconds[1] = predict time. Returns GS_OK, or
 * GS_EFIT with LIBSVM's message in err (nothing written to pred). */
int gs_svc_fit_predict(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                       double seconds[2], gs_error_t *err);

/* Computes the Gram matrix X X^T (n x n, both triangles) with OpenBLAS into
 * gram (caller-allocated). */
void gs_svc_gram(const double *X, size_t n, size_t n_features, double *gram);

#endif

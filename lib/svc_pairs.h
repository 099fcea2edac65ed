/* svc_pairs.h: a k-class C-SVC fitted as LIBSVM fits it, one binary problem
 * per pair of classes (private to lib/), but each pair solved on a kernel
 * block of just its rows, computed through a row source (rowsrc.h) into
 * reused per-thread buffers: memory grows with the largest pair, not with
 * n^2, and the pairs of one fit can be spread over threads. The model is
 * the one svm_train would give (the same sub-problems, rows, labels and
 * C x class weights per pair), assembled as svm_train assembles it, and
 * predicted by svm_predict_values over kernels with its support vectors
 * only. */
#ifndef GS_SVC_PAIRS_H
#define GS_SVC_PAIRS_H

#include <stddef.h>

#include "gridsearch/error.h"
#include "gridsearch/svc.h"
#include "rowsrc.h"

typedef struct gs__pairs gs__pairs_t;

/* A pairwise fitter whose threads may each precompute a pair's kernel block
 * of up to block_bytes (LIBSVM nodes: 16 bytes x rows x (rows + 2)); larger
 * pairs are solved on LIBSVM's own kernels. It keeps up to `shared`
 * training kernels (tkcache.h; each gs__pairs_shared_bytes) for fits that
 * say other fits will reuse them. NULL when out of memory. */
gs__pairs_t *gs__pairs_new(size_t block_bytes, size_t shared);
void gs__pairs_free(gs__pairs_t *ps);

/* Bytes of the scratch a thread holds for pairs of up to n_pair rows of
 * n_features, given block_bytes (as gs__pairs_new), with the support
 * vectors' kernels of up to n_train rows. */
size_t gs__pairs_thread_bytes(size_t block_bytes, size_t n_pair, size_t n_train, size_t n_features);

/* Shared training kernels computed and taken from the cache so far. */
void gs__pairs_shared_counts(gs__pairs_t *ps, size_t *built, size_t *reused);

/* Bytes of one shared training kernel of n_train rows (gs__pairs_new). */
size_t gs__pairs_shared_bytes(size_t n_train);

/* Bytes a fit keeps, beside its threads' scratch, for its classes' own
 * rows' kernels (count[i] training rows of class i, nk classes), which
 * each of a class's pairs copies instead of computing them again: classes
 * whose pairs are precomputed, within a quarter of block_bytes in all. */
size_t gs__pairs_diag_bytes(size_t block_bytes, const size_t *count, size_t nk);

/* Fits rows train[0..n_train) of rows / y with p (on 1 + helpers threads)
 * and predicts rows test[0..n_test) as gs_svc_fit_predict_ex does (d: the
 * feature rows the model text writes). reuse: other fits will be on the
 * same rows and kernel settings (the fold's other C and class_weight
 * values), so the training rows' whole kernel is worth keeping for them
 * (then the pairs' blocks copy it), when the fitter has room and every
 * pair's block is precomputed (else most of it would go unused). Returns 1, fitting nothing, when
 * the training rows hold fewer than three classes (the caller's binary
 * route then applies); GS_EFIT with LIBSVM's message; GS_ENOMEM. Thread-
 * safe: any number of fits at once. */
int gs__pairs_fit_predict(gs__pairs_t *ps, const gs__rowsrc_t *rows, const long *y, const size_t *train, size_t n_train,
                          const size_t *test, size_t n_test, const gs_svc_params_t *p, int helpers, int reuse,
                          const gs_svc_data_t *d, long *pred, gs_svc_extra_t *ex, double seconds[2], gs_error_t *err);

#endif

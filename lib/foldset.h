/* foldset.h: the fold set of a search (private to lib/): each fold's
 * training and test rows (fold n_splits is the refit: all of X_train, tested
 * on X_test), the statistics fitted on its training rows (X.var() for
 * gamma="scale", class_weight="balanced" weights), and per (preprocessing
 * step, fold) "view" the step fitted once on the fold's training rows,
 * every row transformed by it, and the transformed training rows' X.var().
 * Every candidate of a step shares its views. */
#ifndef GS_FOLDSET_H
#define GS_FOLDSET_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/split.h"
#include "gridsearch/transform.h"

typedef struct {
  size_t n_folds;             /* n_splits + 1 */
  size_t **train, **test;     /* per fold: dataset row indices */
  size_t *n_train, *n_test;
  double *balanced;           /* n_folds x n_classes: balanced class weights */
  /* steps: 0 is always none; the view of step t on fold f is t * n_folds + f */
  size_t n_steps;
  gs_transform_spec_t *step;
  size_t *cand_step;          /* per candidate: its step */
  gs_transform_t *view_fit;   /* per view: the fitted step (step 0: empty) */
  double **view_X;            /* per view: every row transformed (step 0: NULL, use X) */
  struct gs_csr **view_csr;   /* per view of a sparse X: every row transformed, sparse (else NULL) */
  double *view_var;           /* per view: np.var of its training rows (step 0: of X's) */
} gs__foldset_t;

/* Makes the folds of split (test_fold: the fold of each X_train row) and
 * the views of the steps of n_cand candidates (spec[c]: candidate c's step).
 * On failure (GS_ENOMEM, err filled) fs holds what was made; free it. */
int gs__foldset_make(gs__foldset_t *fs, const gs_dataset_t *ds, const gs_split_t *split, const int *test_fold,
                     int n_splits, const gs_transform_spec_t *spec, size_t n_cand, gs_error_t *err);

/* Successive halving's folds: iteration i's fold k (i * n_splits + k) is
 * fold k's training and test rows each subsampled by gs_halving_subsample
 * to n_resources[i] of n_samples (_SubsampleMetaSplitter, a fresh
 * RandomState(seed) for each). */
typedef struct {
  size_t n_iter;
  const size_t *n_resources;
  size_t n_samples;
  uint32_t seed;
} gs__foldset_sub_t;

/* gs__foldset_make with sub (NULL: the plain folds): n_folds is then
 * sub->n_iter * n_splits + 1, the last still the refit. */
int gs__foldset_make_sub(gs__foldset_t *fs, const gs_dataset_t *ds, const gs_split_t *split, const int *test_fold,
                         int n_splits, const gs__foldset_sub_t *sub, const gs_transform_spec_t *spec, size_t n_cand,
                         gs_error_t *err);

/* The view of candidate c on fold f. */
static inline size_t gs__foldset_view(const gs__foldset_t *fs, size_t c, size_t f) {
  return fs->cand_step[c] * fs->n_folds + f;
}

/* Frees everything fs holds (accepts a zeroed or partly made set). */
void gs__foldset_free(gs__foldset_t *fs);

#endif

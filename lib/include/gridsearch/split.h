/* split.h: the held-out split (train_test_split) and the cross-validation folds
 * (StratifiedKFold), index for index as scikit-learn 1.2 makes them. */
#ifndef GRIDSEARCH_SPLIT_H
#define GRIDSEARCH_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/error.h"

/* Row indices of a train/test partition, in scikit-learn's order. */
typedef struct {
  size_t n_train, n_test;
  size_t *train;
  size_t *test;
} gs_split_t;

/* Sizes as _validate_shuffle_split: a fraction in (0, 1) gives
 * n_test = ceil(frac * n), a count must be in [1, n). Fails with GS_ECONFIG
 * when out of range or when the train set would be empty. */
int gs_split_sizes(size_t n_samples, int is_count, double fraction, long count,
                   size_t *n_train, size_t *n_test, gs_error_t *err);

/* train_test_split(shuffle=True, random_state=seed), stratified on y when
 * stratify != 0 (StratifiedShuffleSplit). Fills *out (caller frees with
 * gs_split_free); on failure *out is left empty. */
int gs_split_make(gs_split_t *out, const long *y, size_t n, size_t n_train,
                  size_t n_test, uint32_t seed, int stratify, gs_error_t *err);

void gs_split_free(gs_split_t *split);

/* StratifiedKFold(n_splits, shuffle, random_state=seed).split(y): writes the
 * fold number of each of the n rows into test_fold. Fails with GS_ECONFIG when
 * n_splits < 2 or exceeds the members of the smallest class. */
int gs_folds_make(int *test_fold, const long *y, size_t n, int n_splits,
                  int shuffle, uint32_t seed, gs_error_t *err);

#endif

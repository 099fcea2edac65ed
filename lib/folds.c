/* folds.c: StratifiedKFold's test-fold assignment (scikit-learn 1.2
 * _make_test_folds): classes in order of first appearance, round-robin
 * allocation over the sorted labels, fold blocks shuffled per class. */
#include <stdlib.h>
#include <string.h>

#include "gridsearch/rng.h"
#include "gridsearch/split.h"

int gs_folds_make(int *test_fold, const long *y, size_t n, int n_splits, int shuffle, uint32_t seed,
                  gs_error_t *err) {
  if (n_splits < 2)
    return gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "n_splits=%d: cross-validation needs at least 2 folds", n_splits);
  long *first = malloc((n ? n : 1) * sizeof *first);     /* labels by first appearance */
  size_t *enc = malloc((n ? n : 1) * sizeof *enc);
  size_t *counts = NULL, *alloc = NULL, *blocks = NULL;
  size_t k = 0, ns = (size_t)n_splits;
  int rc = GS_OK;
  if (!first || !enc) goto oom;
  for (size_t i = 0; i < n; i++) {
    size_t c = 0;
    while (c < k && first[c] != y[i]) c++;
    if (c == k) first[k++] = y[i];
    enc[i] = c;
  }
  counts = calloc(k, sizeof *counts);
  alloc = calloc(ns * k, sizeof *alloc);
  blocks = malloc((n ? n : 1) * sizeof *blocks);
  if (!counts || !alloc || !blocks) goto oom;
  for (size_t i = 0; i < n; i++) counts[enc[i]]++;
  size_t min_count = n;
  long min_label = 0;
  for (size_t c = 0; c < k; c++)
    if (counts[c] < min_count) { min_count = counts[c]; min_label = first[c]; }
  if (ns > min_count) {
    rc = gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                      "n_splits=%d is more than the %zu member%s of the smallest class (label %ld) in the training set",
                      n_splits, min_count, min_count == 1 ? "" : "s", min_label);
    goto done;
  }
  /* allocation[f][c] = members of class c among y_order[f::n_splits], where
   * y_order is the encoded labels sorted: class c occupies positions
   * [lo, lo + counts[c]) of y_order. */
  size_t lo = 0;
  for (size_t c = 0; c < k; c++) {
    for (size_t f = 0; f < ns; f++) {
      /* positions p in [lo, hi) with p % ns == f */
      size_t hi = lo + counts[c];
      size_t first_p = lo + ((f + ns - lo % ns) % ns);
      alloc[f * k + c] = first_p < hi ? (hi - first_p + ns - 1) / ns : 0;
    }
    lo += counts[c];
  }
  gs_rng_t rng;
  gs_rng_seed(&rng, seed);
  for (size_t c = 0; c < k; c++) {
    size_t m = 0;
    for (size_t f = 0; f < ns; f++)
      for (size_t r = 0; r < alloc[f * k + c]; r++) blocks[m++] = f;
    if (shuffle) gs_rng_shuffle(&rng, blocks, m);
    size_t j = 0;
    for (size_t i = 0; i < n; i++)
      if (enc[i] == c) test_fold[i] = (int)blocks[j++];
  }
  goto done;
oom:
  rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
done:
  free(first); free(enc); free(counts); free(alloc); free(blocks);
  return rc;
}

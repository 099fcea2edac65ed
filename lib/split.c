/* split.c: train_test_split, plain and stratified, with numpy's legacy RNG. */
#include "gridsearch/split.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/rng.h"

int gs_split_sizes(size_t n_samples, int is_count, double fraction, long count,
                   size_t *n_train, size_t *n_test, gs_error_t *err) {
  size_t nt;
  if (is_count) {
    if (count <= 0 || (size_t)count >= n_samples)
      return gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                          "test_size=%ld should be either positive and smaller than the number of samples %zu or a float in the (0, 1) range",
                          count, n_samples);
    nt = (size_t)count;
  } else {
    if (!(fraction > 0.0 && fraction < 1.0))
      return gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                          "test_size=%g should be either positive and smaller than the number of samples %zu or a float in the (0, 1) range",
                          fraction, n_samples);
    nt = (size_t)ceil(fraction * (double)n_samples);
  }
  if (nt >= n_samples)
    return gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                        "with %zu samples, test_size leaves an empty train set", n_samples);
  *n_test = nt;
  *n_train = n_samples - nt;
  return GS_OK;
}

void gs_split_free(gs_split_t *split) {
  if (!split) return;
  free(split->train);
  free(split->test);
  memset(split, 0, sizeof *split);
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

/* sklearn's _approximate_mode(class_counts, n_draws, rng) into out. */
static int approximate_mode(const size_t *counts, size_t k, size_t n_draws, gs_rng_t *rng, size_t *out) {
  size_t total = 0;
  for (size_t i = 0; i < k; i++) total += counts[i];
  double *cont = malloc(k * sizeof *cont), *rem = malloc(k * sizeof *rem), *vals = malloc(k * sizeof *vals);
  size_t *inds = malloc(k * sizeof *inds), *perm = malloc(k * sizeof *perm);
  int rc = GS_ENOMEM;
  if (!cont || !rem || !vals || !inds || !perm) goto done;
  double floored_sum = 0.0;
  for (size_t i = 0; i < k; i++) {
    cont[i] = (double)counts[i] / (double)total * (double)n_draws;
    double fl = floor(cont[i]);
    out[i] = (size_t)fl;
    floored_sum += fl;
    rem[i] = cont[i] - fl;
  }
  long need = (long)((double)n_draws - floored_sum);
  if (need > 0) {
    /* distinct remainders, descending */
    memcpy(vals, rem, k * sizeof *vals);
    size_t nv = 0;
    for (size_t i = 0; i < k; i++) {
      size_t j = 0;
      while (j < nv && vals[j] != rem[i]) j++;
      if (j == nv) vals[nv++] = rem[i];
    }
    for (size_t i = 1; i < nv; i++)
      for (size_t j = i; j > 0 && vals[j - 1] < vals[j]; j--) {
        double t = vals[j]; vals[j] = vals[j - 1]; vals[j - 1] = t;
      }
    for (size_t v = 0; v < nv && need > 0; v++) {
      size_t ni = 0;
      for (size_t i = 0; i < k; i++)
        if (rem[i] == vals[v]) inds[ni++] = i;
      size_t add = ni < (size_t)need ? ni : (size_t)need;
      /* rng.choice(inds, add, replace=False) = inds[permutation(len)[:add]] */
      gs_rng_permutation(rng, perm, ni);
      for (size_t a = 0; a < add; a++) out[inds[perm[a]]] += 1;
      need -= (long)add;
    }
  }
  rc = GS_OK;
done:
  free(cont); free(rem); free(vals); free(inds); free(perm);
  return rc;
}

static int split_stratified(gs_split_t *out, const long *y, size_t n, gs_rng_t *rng, gs_error_t *err) {
  long *classes = malloc(n * sizeof *classes);
  size_t *counts = NULL, *start = NULL, *order = NULL, *n_i = NULL, *t_i = NULL, *rest = NULL, *perm = NULL, *y_idx = NULL;
  int rc = GS_ENOMEM;
  if (!classes) goto fail;
  memcpy(classes, y, n * sizeof *classes);
  qsort(classes, n, sizeof *classes, cmp_long);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (k == 0 || classes[k - 1] != classes[i]) classes[k++] = classes[i];
  counts = calloc(k, sizeof *counts);
  start = calloc(k + 1, sizeof *start);
  order = malloc(n * sizeof *order);
  n_i = calloc(k, sizeof *n_i);
  t_i = calloc(k, sizeof *t_i);
  rest = calloc(k, sizeof *rest);
  perm = malloc(n * sizeof *perm);
  y_idx = malloc(n * sizeof *y_idx);
  if (!counts || !start || !order || !n_i || !t_i || !rest || !perm || !y_idx) goto fail;
  for (size_t i = 0; i < n; i++) {
    long *p = bsearch(&y[i], classes, k, sizeof *classes, cmp_long);
    y_idx[i] = (size_t)(p - classes);
    counts[y_idx[i]]++;
  }
  for (size_t c = 0; c < k; c++) {
    if (counts[c] < 2) {
      rc = gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                        "stratify: class %ld has only %zu member; every class needs at least 2", classes[c], counts[c]);
      goto fail;
    }
  }
  if (out->n_train < k || out->n_test < k) {
    rc = gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                      "stratify: the %s set (%zu rows) must have at least one row of each of the %zu classes",
                      out->n_train < k ? "train" : "test", out->n_train < k ? out->n_train : out->n_test, k);
    goto fail;
  }
  /* class_indices: stable order of rows by class (argsort mergesort) */
  for (size_t c = 0; c < k; c++) start[c + 1] = start[c] + counts[c];
  {
    size_t *fill = rest; /* reuse as cursor */
    for (size_t c = 0; c < k; c++) fill[c] = start[c];
    for (size_t i = 0; i < n; i++) order[fill[y_idx[i]]++] = i;
  }
  if ((rc = approximate_mode(counts, k, out->n_train, rng, n_i)) != GS_OK) goto fail;
  for (size_t c = 0; c < k; c++) rest[c] = counts[c] - n_i[c];
  if ((rc = approximate_mode(rest, k, out->n_test, rng, t_i)) != GS_OK) goto fail;
  size_t a = 0, b = 0;
  for (size_t c = 0; c < k; c++) {
    gs_rng_permutation(rng, perm, counts[c]);
    for (size_t j = 0; j < n_i[c]; j++) out->train[a++] = order[start[c] + perm[j]];
    for (size_t j = n_i[c]; j < n_i[c] + t_i[c]; j++) out->test[b++] = order[start[c] + perm[j]];
  }
  /* _approximate_mode guarantees a == n_train and b == n_test */
  gs_rng_shuffle(rng, out->train, a);
  gs_rng_shuffle(rng, out->test, b);
  rc = GS_OK;
fail:
  if (rc == GS_ENOMEM) gs_error_set(err, rc, NULL, 0, 0, "out of memory");
  free(classes); free(counts); free(start); free(order); free(n_i); free(t_i); free(rest); free(perm); free(y_idx);
  return rc;
}

int gs_split_make(gs_split_t *out, const long *y, size_t n, size_t n_train, size_t n_test, uint32_t seed,
                  int stratify, gs_error_t *err) {
  gs_rng_t rng;
  memset(out, 0, sizeof *out);
  out->n_train = n_train;
  out->n_test = n_test;
  out->train = malloc((n_train ? n_train : 1) * sizeof *out->train);
  out->test = malloc((n_test ? n_test : 1) * sizeof *out->test);
  size_t *perm = stratify ? NULL : malloc((n ? n : 1) * sizeof *perm);
  int rc = GS_OK;
  if (!out->train || !out->test || (!stratify && !perm)) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  gs_rng_seed(&rng, seed);
  if (stratify) {
    rc = split_stratified(out, y, n, &rng, err);
  } else {
    gs_rng_permutation(&rng, perm, n);
    memcpy(out->test, perm, n_test * sizeof *perm);
    memcpy(out->train, perm + n_test, n_train * sizeof *perm);
  }
done:
  free(perm);
  if (rc) gs_split_free(out);
  return rc;
}

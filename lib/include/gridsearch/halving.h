/* halving.h: successive halving as scikit-learn 1.2.1's HalvingGridSearchCV /
 * HalvingRandomSearchCV plan and run it (resource = n_samples): the
 * resources and candidates of each iteration, the per-fold subsampling of
 * _SubsampleMetaSplitter, the carry-over of _top_k (numpy 1.24's argsort,
 * ties in its introsort order), and best_index_. MPI-free and fit-free. */
#ifndef GRIDSEARCH_HALVING_H
#define GRIDSEARCH_HALVING_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/error.h"

#define GS_HALVING_MAX_ITERS 64

/* min_resources: 'smallest', 'exhaust' or a positive integer. */
typedef enum { GS_HALVING_MIN_EXHAUST, GS_HALVING_MIN_SMALLEST, GS_HALVING_MIN_COUNT } gs_halving_min_t;

/* The config's halving settings (config.h holds one). */
typedef struct {
  long factor;               /* >= 2 (an integer: see docs/config.md) */
  gs_halving_min_t min_kind;
  size_t min_count;          /* GS_HALVING_MIN_COUNT: the number */
  size_t max_count;          /* max_resources; 0: 'auto' (the training rows) */
  int aggressive;            /* aggressive_elimination */
  size_t n_candidates;       /* halving random: the first iteration's candidates; 0: 'exhaust' */
} gs_halving_spec_t;

/* What _run_search decides before the first iteration. */
typedef struct {
  size_t n_iterations, n_required, n_possible;
  size_t min_resources, max_resources;        /* min_resources_, max_resources_ */
  size_t n_resources[GS_HALVING_MAX_ITERS];   /* per iteration */
  size_t n_candidates[GS_HALVING_MAX_ITERS];  /* per iteration */
  size_t n_rows;             /* sum of n_candidates: rows of cv_results_ */
} gs_halving_plan_t;

/* min_resources_ and max_resources_ as _check_input_parameters sets them,
 * for n_samples training rows, n_splits folds and n_classes classes (before
 * 'exhaust' raises the minimum). GS_ECONFIG (message only: the caller places
 * it) when the minimum exceeds the maximum, the maximum exceeds n_samples or
 * the minimum is 0. */
int gs_halving_resources(const gs_halving_spec_t *spec, size_t n_samples, int n_splits, size_t n_classes,
                         size_t *min_resources, size_t *max_resources, gs_error_t *err);

/* HalvingRandomSearchCV's first-iteration candidate count: spec->n_candidates,
 * or max_resources_ // min_resources_ for 'exhaust' (0 on a resource error). */
size_t gs_halving_first_candidates(const gs_halving_spec_t *spec, size_t n_samples, int n_splits, size_t n_classes);

/* The whole plan for n_candidates first-iteration candidates. GS_ECONFIG as
 * gs_halving_resources, or when more than GS_HALVING_MAX_ITERS iterations. */
int gs_halving_plan(gs_halving_plan_t *plan, const gs_halving_spec_t *spec, size_t n_candidates, size_t n_samples,
                    int n_splits, size_t n_classes, gs_error_t *err);

/* How many of a fold's n positions iteration's subsample keeps:
 * int(n_resources / n_samples * n) as Python computes it. */
size_t gs_halving_subsample_size(size_t n_resources, size_t n_samples, size_t n);

/* resample(idx, replace=False, random_state=seed, n_samples=m): a fresh
 * RandomState(seed) shuffles arange(n), and out[i] = idx[perm[i]] for
 * i < m. perm: n scratch entries. Returns m. */
size_t gs_halving_subsample(const size_t *idx, size_t n, size_t n_resources, size_t n_samples, uint32_t seed,
                            size_t *perm, size_t *out);

/* np.argsort(v) of numpy 1.24 (kind 'quicksort': introsort over float64
 * with NaNs last, insertion sort below 17 elements, heapsort past the depth
 * limit) into idx[0..n), ties in exactly numpy's order. */
void gs_halving_argsort(const double *v, size_t n, size_t *idx);

/* _top_k: the positions (into this iteration's list of n means) of the k
 * candidates kept, in _top_k's order (ascending score, NaNs first), into
 * out; returns min(k, n). idx: n scratch entries. */
size_t gs_halving_top_k(const double *mean, size_t n, size_t k, size_t *idx, size_t *out);

/* _select_best_index over the last iteration's n means: the first
 * nanargmax, 0 when every mean is NaN. */
size_t gs_halving_best(const double *mean, size_t n);

#endif

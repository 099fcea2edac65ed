/* halving.c: the plan, subsampling, carry-over and best index of
 * scikit-learn 1.2.1's successive halving (_search_successive_halving.py),
 * with numpy 1.24's argsort (npysort/quicksort.cpp) for its tie order. */
#include "gridsearch/halving.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "gridsearch/rng.h"

int gs_halving_resources(const gs_halving_spec_t *spec, size_t n_samples, int n_splits, size_t n_classes,
                         size_t *min_resources, size_t *max_resources, gs_error_t *err) {
  size_t lo = spec->min_count, hi = spec->max_count ? spec->max_count : n_samples;
  /* 'smallest' and 'exhaust' start at n_splits * 2 (the "magic factor") per class */
  if (spec->min_kind != GS_HALVING_MIN_COUNT) lo = (size_t)n_splits * 2 * n_classes;
  *min_resources = lo;
  *max_resources = hi;
  if (hi > n_samples)
    return gs_error_set(err, GS_ECONFIG, NULL, 0, 0,
                        "max_resources=%zu is more than the %zu training rows (resample cannot draw more rows than a fold has)",
                        hi, n_samples);
  if (lo > hi)
    return gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "min_resources_=%zu is greater than max_resources_=%zu%s", lo, hi,
                        spec->min_kind == GS_HALVING_MIN_COUNT ? "" : " (2 x n_splits x n_classes)");
  if (lo == 0) return gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "min_resources_=0");
  return GS_OK;
}

size_t gs_halving_first_candidates(const gs_halving_spec_t *spec, size_t n_samples, int n_splits, size_t n_classes) {
  if (spec->n_candidates) return spec->n_candidates;
  size_t lo, hi;
  gs_error_t e;
  gs_error_clear(&e);
  if (gs_halving_resources(spec, n_samples, n_splits, n_classes, &lo, &hi, &e)) return 0;
  return hi / lo;
}

/* factor ** e, saturating at SIZE_MAX (Python's ints do not overflow; a
 * saturated power only ever divides, giving 0 as Python's would). */
static size_t ipow(size_t factor, size_t e) {
  size_t r = 1;
  while (e--) {
    if (r > SIZE_MAX / factor) return SIZE_MAX;
    r *= factor;
  }
  return r;
}

/* floor(math.log(x, base)): CPython computes log(x) / log(base). */
static size_t floor_log(size_t x, size_t base) { return (size_t)floor(log((double)x) / log((double)base)); }

int gs_halving_plan(gs_halving_plan_t *plan, const gs_halving_spec_t *spec, size_t n_candidates, size_t n_samples,
                    int n_splits, size_t n_classes, gs_error_t *err) {
  memset(plan, 0, sizeof *plan);
  size_t f = (size_t)spec->factor, lo, hi;
  int rc = gs_halving_resources(spec, n_samples, n_splits, n_classes, &lo, &hi, err);
  if (rc) return rc;
  if (n_candidates == 0) return gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "no candidates");
  size_t required = 1 + floor_log(n_candidates, f);
  if (spec->min_kind == GS_HALVING_MIN_EXHAUST) {
    size_t p = ipow(f, required - 1), r = hi / p;
    if (r > lo) lo = r;
  }
  size_t possible = 1 + floor_log(hi / lo, f);
  size_t n_iter = spec->aggressive ? required : (possible < required ? possible : required);
  if (n_iter > GS_HALVING_MAX_ITERS)
    return gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "%zu iterations, more than the %d gridsearch plans", n_iter, GS_HALVING_MAX_ITERS);
  plan->n_iterations = n_iter;
  plan->n_required = required;
  plan->n_possible = possible;
  plan->min_resources = lo;
  plan->max_resources = hi;
  size_t n = n_candidates;
  for (size_t i = 0; i < n_iter; i++) {
    size_t power = i;
    if (spec->aggressive) power = i + possible >= required ? i + possible - required : 0;
    size_t p = ipow(f, power), r = p > hi / lo ? hi : p * lo;
    plan->n_resources[i] = r < hi ? r : hi;
    plan->n_candidates[i] = n;
    plan->n_rows += n;
    n = (n + f - 1) / f; /* ceil(n / factor): the candidates kept */
  }
  return GS_OK;
}

size_t gs_halving_subsample_size(size_t n_resources, size_t n_samples, size_t n) {
  double fraction = (double)n_resources / (double)n_samples;
  return (size_t)(fraction * (double)n);
}

size_t gs_halving_subsample(const size_t *idx, size_t n, size_t n_resources, size_t n_samples, uint32_t seed,
                            size_t *perm, size_t *out) {
  size_t m = gs_halving_subsample_size(n_resources, n_samples, n);
  gs_rng_t rng;
  gs_rng_seed(&rng, seed);
  gs_rng_permutation(&rng, perm, n);
  for (size_t i = 0; i < m; i++) out[i] = idx[perm[i]];
  return m;
}

/* numpy's DOUBLE_LT: a < b, NaNs sorting after every number. */
static int lt(double a, double b) { return a < b || (b != b && a == a); }

#define SWAP(a, b) do { size_t t_ = (a); (a) = (b); (b) = t_; } while (0)

/* numpy's sift-down of tmp from 1-based heap index i in t[0..n) (A(i) is
 * numpy's a[i], a = tosort - 1). */
#define A(i) t[(i) - 1]
static void sift_down(const double *v, size_t *t, size_t i, size_t n, size_t tmp) {
  for (size_t j = i << 1; j <= n;) {
    if (j < n && lt(v[A(j)], v[A(j + 1)])) j += 1;
    if (!lt(v[tmp], v[A(j)])) break;
    A(i) = A(j);
    i = j;
    j += j;
  }
  A(i) = tmp;
}

/* aheapsort_ over t[0..n): build the heap, then pop it, as numpy does. */
static void aheapsort(const double *v, size_t *t, size_t n) {
  for (size_t l = n >> 1; l > 0; --l) sift_down(v, t, l, n, A(l));
  for (; n > 1;) {
    size_t tmp = A(n);
    A(n) = A(1);
    n -= 1;
    sift_down(v, t, 1, n, tmp);
  }
}
#undef A

#define SMALL_QUICKSORT 15
#define QS_STACK 128

/* aquicksort_ as numpy 1.24 has it: median of three, a partition that
 * stops on equal keys, the larger side pushed, insertion sort at 16 or
 * fewer, heapsort once the depth budget (2 x msb(n)) is spent. */
void gs_halving_argsort(const double *v, size_t n, size_t *idx) {
  for (size_t i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return;
  size_t *pl = idx, *pr = idx + n - 1;
  size_t *stack[QS_STACK], **sptr = stack, *pm, *pi, *pj, *pk, vi;
  int depth[QS_STACK], *psdepth = depth, cdepth = 0;
  for (size_t u = n; u >>= 1;) cdepth++;
  cdepth *= 2;
  double vp;
  for (;;) {
    if (cdepth < 0) {
      aheapsort(v, pl, (size_t)(pr - pl) + 1);
      goto stack_pop;
    }
    while (pr - pl > SMALL_QUICKSORT) {
      pm = pl + ((pr - pl) >> 1);
      if (lt(v[*pm], v[*pl])) SWAP(*pm, *pl);
      if (lt(v[*pr], v[*pm])) SWAP(*pr, *pm);
      if (lt(v[*pm], v[*pl])) SWAP(*pm, *pl);
      vp = v[*pm];
      pi = pl;
      pj = pr - 1;
      SWAP(*pm, *pj);
      for (;;) {
        do ++pi; while (lt(v[*pi], vp));
        do --pj; while (lt(vp, v[*pj]));
        if (pi >= pj) break;
        SWAP(*pi, *pj);
      }
      pk = pr - 1;
      SWAP(*pi, *pk);
      if (pi - pl < pr - pi) {
        *sptr++ = pi + 1;
        *sptr++ = pr;
        pr = pi - 1;
      } else {
        *sptr++ = pl;
        *sptr++ = pi - 1;
        pl = pi + 1;
      }
      *psdepth++ = --cdepth;
    }
    for (pi = pl + 1; pi <= pr; ++pi) {
      vi = *pi;
      vp = v[vi];
      pj = pi;
      pk = pi - 1;
      while (pj > pl && lt(vp, v[*pk])) *pj-- = *pk--;
      *pj = vi;
    }
  stack_pop:
    if (sptr == stack) break;
    pr = *(--sptr);
    pl = *(--sptr);
    cdepth = *(--psdepth);
  }
}

size_t gs_halving_top_k(const double *mean, size_t n, size_t k, size_t *idx, size_t *out) {
  gs_halving_argsort(mean, n, idx);
  size_t nan = 0;
  for (size_t i = 0; i < n; i++) nan += mean[i] != mean[i];
  /* np.roll(sorted, nan): the NaNs (sorted last) move to the front */
  size_t m = k < n ? k : n;
  for (size_t j = 0; j < m; j++) {
    size_t r = n - m + j;                 /* position in the rolled order */
    out[j] = idx[(r + n - nan) % n];      /* rolled[r] = sorted[(r - nan) mod n] */
  }
  return m;
}

size_t gs_halving_best(const double *mean, size_t n) {
  size_t best = 0;
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (mean[i] == mean[i] && (!found || mean[i] > mean[best])) {
      best = i;
      found = 1;
    }
  return best;
}

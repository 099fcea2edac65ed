/* rng.h: numpy's legacy RandomState (MT19937) and the draws scikit-learn's
 * splitters make with it: permutation, shuffle and choice without replacement,
 * bit for bit, and the scalar draws scipy.stats' rvs make with it. */
#ifndef GRIDSEARCH_RNG_H
#define GRIDSEARCH_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t key[624];
  int pos;
} gs_rng_t;

/* Seeds as numpy.random.RandomState(seed) does (init_genrand). */
void gs_rng_seed(gs_rng_t *rng, uint32_t seed);

/* The next raw 32-bit word (genrand_int32). */
uint32_t gs_rng_next32(gs_rng_t *rng);

/* A uniform integer in [0, max], by numpy's legacy masked rejection
 * (random_interval): 32-bit draws while max fits in 32 bits. */
uint64_t gs_rng_interval(gs_rng_t *rng, uint64_t max);

/* Shuffles a[0..n) in place as RandomState.shuffle does for a 1-D array. */
void gs_rng_shuffle(gs_rng_t *rng, size_t *a, size_t n);

/* Fills out[0..n) with RandomState.permutation(n). */
void gs_rng_permutation(gs_rng_t *rng, size_t *out, size_t n);

/* RandomState.random_sample(): 53 bits from two words,
 * ((a >> 5) * 2^26 + (b >> 6)) / 2^53. */
double gs_rng_random_sample(gs_rng_t *rng);

/* RandomState.randint(low, high) (int64, high exclusive, low < high): the
 * masked rejection of gs_rng_interval over high - 1 - low; no draw when
 * high == low + 1. */
long long gs_rng_randint(gs_rng_t *rng, long long low, long long high);

/* RandomState.standard_exponential(): -log(1 - random_sample()). */
double gs_rng_standard_exponential(gs_rng_t *rng);

#endif

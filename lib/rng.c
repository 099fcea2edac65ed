/* rng.c: MT19937 seeded and drawn exactly as numpy's legacy RandomState. */
#include "gridsearch/rng.h"

#include <math.h>

#define MT_N 624
#define MT_M 397

void gs_rng_seed(gs_rng_t *rng, uint32_t seed) {
  rng->key[0] = seed;
  for (int i = 1; i < MT_N; i++) {
    uint32_t prev = rng->key[i - 1];
    rng->key[i] = 1812433253u * (prev ^ (prev >> 30)) + (uint32_t)i;
  }
  rng->pos = MT_N;
}

static void rng_generate(gs_rng_t *rng) {
  static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
  uint32_t *mt = rng->key;
  int k;
  for (k = 0; k < MT_N - MT_M; k++) {
    uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
    mt[k] = mt[k + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
  }
  for (; k < MT_N - 1; k++) {
    uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
    mt[k] = mt[k + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
  }
  uint32_t y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
  mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
  rng->pos = 0;
}

uint32_t gs_rng_next32(gs_rng_t *rng) {
  if (rng->pos >= MT_N) rng_generate(rng);
  uint32_t y = rng->key[rng->pos++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

uint64_t gs_rng_interval(gs_rng_t *rng, uint64_t max) {
  if (max == 0) return 0;
  uint64_t mask = max, value;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  if (max <= 0xffffffffu) {
    while ((value = (gs_rng_next32(rng) & mask)) > max) {}
  } else {
    /* numpy's next_uint64 for MT19937: two words, high first */
    for (;;) {
      uint64_t hi = gs_rng_next32(rng), lo = gs_rng_next32(rng);
      value = ((hi << 32) | lo) & mask;
      if (value <= max) break;
    }
  }
  return value;
}

void gs_rng_shuffle(gs_rng_t *rng, size_t *a, size_t n) {
  for (size_t i = n; i-- > 1;) {
    size_t j = (size_t)gs_rng_interval(rng, i);
    size_t t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

void gs_rng_permutation(gs_rng_t *rng, size_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = i;
  gs_rng_shuffle(rng, out, n);
}

double gs_rng_random_sample(gs_rng_t *rng) {
  uint32_t a = gs_rng_next32(rng) >> 5, b = gs_rng_next32(rng) >> 6;
  return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

long long gs_rng_randint(gs_rng_t *rng, long long low, long long high) {
  uint64_t span = (uint64_t)high - (uint64_t)low - 1u;
  return (long long)((uint64_t)low + gs_rng_interval(rng, span));
}

double gs_rng_standard_exponential(gs_rng_t *rng) { return -log(1.0 - gs_rng_random_sample(rng)); }

/* primes.c: the three prime tests and the chunk plan the farm runs.
 * naive: the seed's test, every divisor 2..n/2 (vectorised on doubles below
 *   2^52, where q = trunc(n / d) is exact and q * d == n iff d divides n);
 * trial: 2 and odd divisors up to sqrt(n); below 2^32 each test is a
 *   multiplication by the divisor's inverse mod 2^32 (sixteen at a time),
 *   above it the doubles of naive, eight odd divisors at a time;
 * sieve: segmented Eratosthenes on a mod-30 wheel: eight bit arrays, one per
 *   residue r in {1,7,11,13,17,19,23,29}, bit k standing for 30k + r, so each
 *   prime strikes every array with a plain stride of p. */
#include "gridsearch/primes.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[] = {"naive", "trial", "sieve"};

int gs_primes_method(const char *name) {
  for (int i = 0; i < 3; i++)
    if (!strcmp(name, method_names[i])) return i;
  return -1;
}

const char *gs_primes_method_name(int m) { return m >= 0 && m < 3 ? method_names[m] : "?"; }

/* Does any of d0, d0 + step, .. d0 + 7 step divide x exactly? (x < 2^52,
 * d >= 2) */
__attribute__((target_clones("avx512f", "avx2", "default")))
static int block_divides(double x, double d0, double step) {
  int hit = 0;
  for (int k = 0; k < 8; k++) {
    double d = d0 + step * (double)k;
    double q = __builtin_trunc(x / d);
    hit |= (q * d == x);
  }
  return hit;
}

int gs_primes_is_prime_naive(uint64_t n) {
  if (n < 2) return 0;
  uint64_t half = n / 2, d = 2;
  if (n < (1ull << 52)) {
    double x = (double)n;
    for (; d + 7 <= half; d += 8)
      if (block_divides(x, (double)d, 1.0)) return 0;
  }
  for (; d <= half; d++)
    if (n % d == 0) return 0;
  return 1;
}

/* floor(sqrt(n)): from the double's square root, exact after the
 * correction (products stay below 2^64 for n < 2^52; above, divisions). */
static uint64_t isqrt64(uint64_t n) {
  if (n < (1ull << 52)) {
    uint64_t r = (uint64_t)sqrt((double)n);
    while (r * r > n) r--;
    while ((r + 1) * (r + 1) <= n) r++;
    return r;
  }
  uint64_t r = (uint64_t)sqrtl((long double)n);
  while (r > n / r) r--;
  while ((r + 1) <= n / (r + 1)) r++;
  return r;
}

int gs_primes_is_prime_trial(uint64_t n) {
  if (n < 2) return 0;
  if (n < 4) return 1;
  if (n % 2 == 0) return 0;
  uint64_t d = 3;
  if (n < (1ull << 52)) {
    /* the same divisors, eight at a time, while the whole block stays
     * within sqrt(n) (so no block holds n itself) */
    double x = (double)n;
    uint64_t r = isqrt64(n);
    for (; d + 14 <= r; d += 16)
      if (block_divides(x, (double)d, 2.0)) return 0;
  }
  for (; d <= n / d; d += 2)
    if (n % d == 0) return 0;
  return 1;
}

/* ---- the plan ---- */

#define SEG_BITS (32768u * 8u)   /* one residue array's segment: 32 KiB */
static const unsigned residues[8] = {1, 7, 11, 13, 17, 19, 23, 29};

struct gs_primes_plan {
  int method;
  uint64_t lo, hi, chunk;
  size_t n_chunks;
  uint32_t *base;     /* sieve: primes 7 <= p <= sqrt(hi) */
  size_t n_base;
  unsigned char minv[30]; /* sieve: r * inverse(p) mod 30 lookup, see below */
  /* trial, for n < 2^32: per odd divisor d = 3 + 2i <= sqrt(min(hi, 2^32 - 1)),
   * inv[i] = d^-1 mod 2^32 and lim[i] = (2^32 - 1) / d: d divides n exactly
   * when n * inv[i] mod 2^32 <= lim[i] (one multiplication, no division) */
  uint32_t *inv, *lim;
  size_t n_odd;
};

/* The trial table (see struct gs_primes_plan) for odd divisors 3..limit. */
static int trial_table(gs_primes_plan_t *p, uint64_t limit) {
  p->n_odd = limit >= 3 ? (size_t)((limit - 3) / 2 + 1) : 0;
  p->inv = malloc((p->n_odd ? p->n_odd : 1) * sizeof *p->inv);
  p->lim = malloc((p->n_odd ? p->n_odd : 1) * sizeof *p->lim);
  if (!p->inv || !p->lim) return GS_ENOMEM;
  for (size_t i = 0; i < p->n_odd; i++) {
    uint32_t d = (uint32_t)(3 + 2 * i), x = d; /* d * d == 1 mod 8: 3 bits */
    for (int k = 0; k < 4; k++) x *= 2u - d * x; /* Newton: 6, 12, 24, 48 bits */
    p->inv[i] = x;
    p->lim[i] = UINT32_MAX / d;
  }
  return GS_OK;
}

/* Does one of the first m odd divisors of the table divide n? Sixteen at a
 * time, in the order of the divisors. */
typedef uint32_t u32x16 __attribute__((vector_size(64)));
typedef int32_t i32x16 __attribute__((vector_size(64)));

__attribute__((target_clones("avx512f", "avx2", "default")))
static int odd_divisor_divides(uint32_t n, const uint32_t *inv, const uint32_t *lim, size_t m) {
  size_t i = 0;
  for (; i + 16 <= m; i += 16) {
    u32x16 a, b;
    memcpy(&a, inv + i, sizeof a);
    memcpy(&b, lim + i, sizeof b);
    i32x16 hit = (a * n) <= b; /* lanes: -1 where the divisor divides n */
    /* fold the lanes in halves: 16 -> 8 -> 4 -> 2 -> 1 */
    hit |= __builtin_shufflevector(hit, hit, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
    hit |= __builtin_shufflevector(hit, hit, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
    hit |= __builtin_shufflevector(hit, hit, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
    if (hit[0] | hit[1]) return 1;
  }
  for (; i < m; i++)
    if ((uint32_t)(n * inv[i]) <= lim[i]) return 1;
  return 0;
}

/* gs_primes_is_prime_trial for n < 2^32 with odd divisors up to sqrt(n) in
 * the plan's table: the same divisors, tested by multiplication. */
static int is_prime_trial32(const gs_primes_plan_t *p, uint32_t n) {
  if (n < 2) return 0;
  if (n < 4) return 1;
  if (n % 2 == 0) return 0;
  uint64_t r = isqrt64(n);
  size_t m = r >= 3 ? (size_t)((r - 3) / 2 + 1) : 0;
  assert(m <= p->n_odd);
  return !odd_divisor_divides(n, p->inv, p->lim, m);
}

/* Primes 7..limit by a plain odd-only sieve (limit < 2^32). */
static int base_primes(uint64_t limit, uint32_t **out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (limit < 7) return GS_OK;
  size_t bits = (size_t)(limit / 2 + 1);
  unsigned char *comp = calloc(bits, 1);
  if (!comp) return GS_ENOMEM;
  size_t cap = (size_t)(1.3 * (double)limit / log((double)limit)) + 16;
  uint32_t *p = malloc(cap * sizeof *p);
  if (!p) { free(comp); return GS_ENOMEM; }
  for (uint64_t i = 3; i * i <= limit; i += 2)
    if (!comp[i / 2])
      for (uint64_t j = i * i; j <= limit; j += 2 * i) comp[j / 2] = 1;
  for (uint64_t i = 7; i <= limit; i += 2)
    if (!comp[i / 2]) {
      if (*n == cap) {
        uint32_t *q = realloc(p, (cap *= 2) * sizeof *q);
        if (!q) { free(p); free(comp); return GS_ENOMEM; }
        p = q;
      }
      p[(*n)++] = (uint32_t)i;
    }
  free(comp);
  *out = p;
  return GS_OK;
}

int gs_primes_plan_new(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk, gs_error_t *err) {
  *out = NULL;
  if (lo > hi) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "MIN %llu is greater than MAX %llu", (unsigned long long)lo, (unsigned long long)hi);
  if (method < 0 || method > 2) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "unknown method");
  gs_primes_plan_t *p = calloc(1, sizeof *p);
  if (!p) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  p->method = method;
  p->lo = lo;
  p->hi = hi;
  uint64_t span = hi - lo; /* numbers - 1 */
  if (!chunk) {
    if (method == GS_PRIMES_NAIVE) chunk = span / 4096 + 1;
    else if (method == GS_PRIMES_TRIAL) chunk = span / 1024 + 1 > 4096 ? span / 1024 + 1 : 4096;
    else chunk = (uint64_t)SEG_BITS * 30u * 4u;
  }
  if (method == GS_PRIMES_SIEVE && chunk % 30) chunk += 30 - chunk % 30; /* whole wheel turns */
  p->chunk = chunk;
  if (method == GS_PRIMES_SIEVE) {
    uint64_t root = isqrt64(hi);
    /* base primes (4 bytes each) + each worker's 8 offsets per prime */
    double mb = (double)root / log((double)(root > 8 ? root : 8)) * 1.3 * 40.0 / 1048576.0 + (double)root / 2.0 / 1048576.0;
    if (mb > 4096.0) {
      gs_primes_plan_free(p);
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0,
                          "sieving up to %llu needs about %.0f MB for the primes up to its square root; the limit is 4096 MB",
                          (unsigned long long)hi, mb);
    }
    if (base_primes(root, &p->base, &p->n_base) != GS_OK) {
      gs_primes_plan_free(p);
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory for the base primes up to %llu", (unsigned long long)root);
    }
  }
  if (method == GS_PRIMES_TRIAL && lo <= UINT32_MAX &&
      trial_table(p, isqrt64(hi < UINT32_MAX ? hi : UINT32_MAX)) != GS_OK) {
    gs_primes_plan_free(p);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory for the trial divisors");
  }
  uint64_t n_chunks = span / chunk + 1;
  if (n_chunks > (uint64_t)1 << 31) {
    gs_primes_plan_free(p);
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "--chunk %llu cuts the range into more than 2^31 chunks", (unsigned long long)chunk);
  }
  p->n_chunks = (size_t)n_chunks;
  *out = p;
  return GS_OK;
}

void gs_primes_plan_free(gs_primes_plan_t *p) {
  if (!p) return;
  free(p->base);
  free(p->inv);
  free(p->lim);
  free(p);
}

size_t gs_primes_plan_chunks(const gs_primes_plan_t *p) { return p->n_chunks; }

void gs_primes_plan_chunk(const gs_primes_plan_t *p, size_t i, uint64_t *lo, uint64_t *hi, double *cost) {
  uint64_t a = p->lo + (uint64_t)i * p->chunk;
  uint64_t b = p->hi - a < p->chunk - 1 ? p->hi : a + p->chunk - 1;
  *lo = a;
  *hi = b;
  double len = (double)(b - a + 1), mid = (double)a + len / 2;
  /* naive: a prime costs n/2 divisions; trial: sqrt(n); sieve: its length */
  if (p->method == GS_PRIMES_NAIVE) *cost = len * mid;
  else if (p->method == GS_PRIMES_TRIAL) *cost = len * sqrt(mid);
  else *cost = len;
}

/* x^-1 mod 30 for x coprime to 30 */
static unsigned inv30(unsigned x) {
  for (unsigned y = 1; y < 30; y++)
    if (x * y % 30 == 1) return y;
  return 0;
}

static uint64_t popcount_zero_bits(const uint64_t *w, size_t words) {
  uint64_t c = 0;
  for (size_t i = 0; i < words; i++) c += (uint64_t)__builtin_popcountll(~w[i]);
  return c;
}

/* Primes in [lo, hi] by the wheel sieve. */
static uint64_t sieve_count(const gs_primes_plan_t *p, uint64_t lo, uint64_t hi) {
  uint64_t count = 0;
  if (lo <= 2 && 2 <= hi) count++;
  if (lo <= 3 && 3 <= hi) count++;
  if (lo <= 5 && 5 <= hi) count++;
  if (hi < 7) return count;
  if (lo < 7) lo = 7;
  uint64_t k_lo = lo / 30, k_hi = hi / 30;
  size_t nb = 0;
  while (nb < p->n_base && (uint64_t)p->base[nb] * p->base[nb] <= hi) nb++;
  uint32_t *off = malloc((nb ? nb : 1) * 8 * sizeof *off);
  uint64_t *seg = malloc(SEG_BITS / 8);
  if (!off || !seg) {
    free(off);
    free(seg);
    return UINT64_MAX;
  }
  /* first multiple of each prime in each residue class, as k - k_lo */
  for (size_t i = 0; i < nb; i++) {
    uint64_t q = p->base[i];
    unsigned qi = inv30((unsigned)(q % 30));
    uint64_t m_min = q > (30 * k_lo + q - 1) / q ? q : (30 * k_lo + q - 1) / q;
    for (int r = 0; r < 8; r++) {
      uint64_t mr = (uint64_t)(residues[r] * qi % 30);
      uint64_t m = m_min + (mr + 30 - m_min % 30) % 30;
      uint64_t n = q * m;
      off[(size_t)r * nb + i] = (uint32_t)(n / 30 - k_lo);
    }
  }
  for (uint64_t sk = k_lo; sk <= k_hi; sk += SEG_BITS) {
    uint64_t bits = k_hi - sk + 1 < SEG_BITS ? k_hi - sk + 1 : SEG_BITS;
    size_t words = (size_t)((bits + 63) / 64);
    for (int r = 0; r < 8; r++) {
      memset(seg, 0, words * 8);
      uint32_t *o = off + (size_t)r * nb;
      for (size_t i = 0; i < nb; i++) {
        uint64_t j = o[i], step = p->base[i];
        for (; j < bits; j += step) seg[j >> 6] |= 1ull << (j & 63);
        o[i] = (uint32_t)(j - bits);
      }
      /* numbers outside [lo, hi] and the tail of the last word */
      for (uint64_t j = bits; j < (uint64_t)words * 64; j++) seg[j >> 6] |= 1ull << (j & 63);
      if (sk == k_lo && 30 * k_lo + residues[r] < lo) seg[0] |= 1ull;
      if (sk + bits - 1 == k_hi && 30 * k_hi + residues[r] > hi) {
        uint64_t j = bits - 1;
        seg[j >> 6] |= 1ull << (j & 63);
      }
      if (sk == 0 && residues[r] == 1) seg[0] |= 1ull; /* 1 is not prime */
      count += popcount_zero_bits(seg, words);
    }
  }
  free(off);
  free(seg);
  return count;
}

uint64_t gs_primes_count_chunk(const gs_primes_plan_t *p, size_t i) {
  uint64_t lo, hi, c = 0;
  double cost;
  gs_primes_plan_chunk(p, i, &lo, &hi, &cost);
  if (p->method == GS_PRIMES_SIEVE) return sieve_count(p, lo, hi);
  for (uint64_t n = lo;; n++) {
    if (p->method == GS_PRIMES_NAIVE) c += (uint64_t)gs_primes_is_prime_naive(n);
    else if (n <= UINT32_MAX && p->inv) c += (uint64_t)is_prime_trial32(p, (uint32_t)n);
    else c += (uint64_t)gs_primes_is_prime_trial(n);
    if (n == hi) break;
  }
  return c;
}

int gs_primes_count(int method, uint64_t lo, uint64_t hi, uint64_t *count, gs_error_t *err) {
  gs_primes_plan_t *p;
  int rc = gs_primes_plan_new(&p, method, lo, hi, 0, err);
  if (rc) return rc;
  uint64_t total = 0;
  for (size_t i = 0; i < p->n_chunks; i++) {
    uint64_t c = gs_primes_count_chunk(p, i);
    if (c == UINT64_MAX) {
      gs_primes_plan_free(p);
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    }
    total += c;
  }
  gs_primes_plan_free(p);
  *count = total;
  return GS_OK;
}

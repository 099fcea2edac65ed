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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the sieve strikes bytes of 64-bit words");

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

/* ---- the sieve's tables ---- */

static const unsigned residues[8] = {1, 7, 11, 13, 17, 19, 23, 29};

/* Presieve: the multiples of the primes 7..71 are not struck one by one but
 * copied, a 64-bit word at a time, from one periodic pattern per group of
 * primes. Bit t of a group's pattern is set when one of its primes divides
 * t; residue array r (bit k for 30k + r) sees that pattern shifted by
 * shift[r], the t = k - shift[r] with p | 30k + r for every p of the group
 * (Chinese remainders), so one pattern serves all eight arrays. */
#define N_GROUPS 5
#define GROUP_PRIMES 5
#define LAST_PRESIEVED 71u
#define MAX_SEG_BYTES (256u * 1024u)
#define MIN_SEG_BYTES 8u
static const uint32_t groups[N_GROUPS][GROUP_PRIMES] = {
    {7, 11, 13, 17, 19}, {23, 29, 31, 0, 0}, {37, 41, 43, 0, 0}, {47, 53, 59, 0, 0}, {61, 67, 71, 0, 0}};
#define PERIODS (323323u + 20677u + 65231u + 146969u + 290177u)
#define PATTERN_WORDS(period) (((period) + MAX_SEG_BYTES * 8u) / 64u + 2u)

static struct {
  uint32_t period[N_GROUPS], shift[N_GROUPS][8];
  uint64_t *bits[N_GROUPS]; /* into words: period + MAX_SEG_BYTES * 8 + 128 bits */
  uint64_t words[PERIODS / 64 + N_GROUPS * (MAX_SEG_BYTES / 8 + 2) + N_GROUPS];
} pre;
static pthread_once_t pre_once = PTHREAD_ONCE_INIT;

static void presieve_init(void) {
  uint64_t *w = pre.words;
  for (int g = 0; g < N_GROUPS; g++) {
    uint32_t period = 1;
    for (int i = 0; i < GROUP_PRIMES && groups[g][i]; i++) period *= groups[g][i];
    pre.period[g] = period;
    pre.bits[g] = w;
    uint64_t n_bits = (uint64_t)PATTERN_WORDS(period) * 64;
    for (int i = 0; i < GROUP_PRIMES && groups[g][i]; i++)
      for (uint64_t t = 0; t < n_bits; t += groups[g][i]) w[t >> 6] |= 1ull << (t & 63);
    w += PATTERN_WORDS(period);
    uint32_t p0 = groups[g][0];
    for (int r = 0; r < 8; r++) {
      /* the smallest s = c_p mod p for every p, c_p the k with p | 30k + r */
      uint32_t s = 0;
      while ((30 * s + residues[r]) % p0) s++;
      for (;; s += p0) {
        int all = 1;
        for (int i = 1; i < GROUP_PRIMES && groups[g][i]; i++) all &= (30ull * s + residues[r]) % groups[g][i] == 0;
        if (all) break;
      }
      pre.shift[g][r] = s;
    }
  }
  assert(w <= pre.words + sizeof pre.words / sizeof *pre.words);
}

/* Array r's window of words words from bit k = sk: the presieve patterns,
 * or-ed. */
static void presieve_copy(uint64_t *seg, size_t words, uint64_t sk, int r) {
  for (int g = 0; g < N_GROUPS; g++) {
    uint64_t period = pre.period[g];
    uint64_t off = (sk % period + period - pre.shift[g][r]) % period;
    const uint64_t *src = pre.bits[g] + (off >> 6);
    unsigned sh = (unsigned)(off & 63);
    if (g == 0)
      for (size_t i = 0; i < words; i++) seg[i] = (src[i] >> sh) | ((src[i + 1] << 1) << (63 - sh));
    else
      for (size_t i = 0; i < words; i++) seg[i] |= (src[i] >> sh) | ((src[i + 1] << 1) << (63 - sh));
  }
}

size_t gs_primes_cache_size(int level) {
  long v = -1;
#ifdef _SC_LEVEL1_DCACHE_SIZE
  v = sysconf(level == 1 ? _SC_LEVEL1_DCACHE_SIZE : _SC_LEVEL2_CACHE_SIZE);
#endif
  if (v > 0) return (size_t)v;
  /* sysfs: the first index of that level that holds data */
  for (int i = 0; i < 8; i++) {
    char path[96], type[32] = "";
    int lv = 0;
    unsigned long size = 0;
    char unit = 0;
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
    FILE *f = fopen(path, "r");
    if (!f) break;
    if (fscanf(f, "%d", &lv) != 1) lv = 0;
    fclose(f);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
    if ((f = fopen(path, "r"))) { if (fscanf(f, "%31s", type) != 1) type[0] = 0; fclose(f); }
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    if ((f = fopen(path, "r"))) { if (fscanf(f, "%lu%c", &size, &unit) < 1) size = 0; fclose(f); }
    if (lv != level || !strcmp(type, "Instruction") || !size) continue;
    return (size_t)size * (unit == 'K' ? 1024u : unit == 'M' ? 1048576u : 1u);
  }
  return 0;
}

/* The segment of one residue array: the L1 data cache (one array is sieved
 * at a time, and its strikes land anywhere in it), 32 KiB when unknown, in
 * whole words and within [MIN_SEG_BYTES, MAX_SEG_BYTES]. */
static uint32_t default_segment_bytes(void) {
  size_t b = gs_primes_cache_size(1);
  if (!b) b = 32768;
  if (b > MAX_SEG_BYTES) b = MAX_SEG_BYTES;
  if (b < 1024) b = 1024;
  return (uint32_t)(b & ~(size_t)7);
}

/* ---- the plan ---- */

struct gs_primes_plan {
  int method;
  uint64_t lo, hi, chunk;
  size_t n_chunks;
  uint32_t seg_bits;  /* sieve: bits of one residue array's segment */
  uint32_t *base;     /* sieve: primes LAST_PRESIEVED < p <= sqrt(hi) */
  size_t n_base;
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

/* Primes LAST_PRESIEVED < p <= limit by a plain odd-only sieve (limit < 2^32). */
static int base_primes(uint64_t limit, uint32_t **out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (limit <= LAST_PRESIEVED) return GS_OK;
  size_t bits = (size_t)(limit / 2 + 1);
  unsigned char *comp = calloc(bits, 1);
  if (!comp) return GS_ENOMEM;
  size_t cap = (size_t)(1.3 * (double)limit / log((double)limit)) + 16;
  uint32_t *p = malloc(cap * sizeof *p);
  if (!p) { free(comp); return GS_ENOMEM; }
  for (uint64_t i = 3; i * i <= limit; i += 2)
    if (!comp[i / 2])
      for (uint64_t j = i * i; j <= limit; j += 2 * i) comp[j / 2] = 1;
  for (uint64_t i = LAST_PRESIEVED + 2; i <= limit; i += 2)
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

/* The sieve's memory in MB for MAX = hi: the base primes (4 bytes each) and
 * one worker's eight offsets per prime, and the odd-only sieve (a byte per
 * odd number up to sqrt(hi)) that finds them. */
static double sieve_megabytes(uint64_t hi) {
  double root = (double)isqrt64(hi), primes = root / log(root > 8 ? root : 8) * 1.15;
  return (primes * 36.0 + root / 2.0) / 1048576.0;
}

int gs_primes_plan_new_segment(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk,
                               size_t segment_bytes, gs_error_t *err) {
  *out = NULL;
  if (lo > hi) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "MIN %llu is greater than MAX %llu", (unsigned long long)lo, (unsigned long long)hi);
  if (method < 0 || method > 2) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "unknown method");
  if (segment_bytes && (segment_bytes % 8 || segment_bytes < MIN_SEG_BYTES || segment_bytes > MAX_SEG_BYTES))
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "a sieve segment of %zu bytes is not a multiple of 8 from %u to %u",
                        segment_bytes, MIN_SEG_BYTES, MAX_SEG_BYTES);
  if (method == GS_PRIMES_SIEVE && sieve_megabytes(hi) > GS_PRIMES_SIEVE_MB)
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0,
                        "sieving up to %llu needs about %.0f MB for the primes up to its square root; the limit is %d MB",
                        (unsigned long long)hi, sieve_megabytes(hi), GS_PRIMES_SIEVE_MB);
  uint64_t span = hi - lo; /* numbers - 1 */
  uint32_t seg_bytes = segment_bytes ? (uint32_t)segment_bytes : default_segment_bytes();
  if (!chunk) {
    if (method == GS_PRIMES_NAIVE) chunk = span / 4096 + 1;
    else if (method == GS_PRIMES_TRIAL) chunk = span / 1024 + 1 > 4096 ? span / 1024 + 1 : 4096;
    else chunk = (uint64_t)seg_bytes * 8u * 30u * 4u; /* four segments */
    if (span / chunk + 1 > GS_PRIMES_DEFAULT_CHUNKS) chunk = span / GS_PRIMES_DEFAULT_CHUNKS + 1; /* fewer, longer chunks */
  }
  if (method == GS_PRIMES_SIEVE && chunk % 30) chunk += 30 - chunk % 30; /* whole wheel turns */
  if (span / chunk + 1 > GS_PRIMES_MAX_CHUNKS) /* only a given one: a default has at most 2^20 */
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "--chunk %llu cuts the range into more than 2^31 chunks", (unsigned long long)chunk);
  gs_primes_plan_t *p = calloc(1, sizeof *p);
  if (!p) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  p->method = method;
  p->lo = lo;
  p->hi = hi;
  p->chunk = chunk;
  p->n_chunks = (size_t)(span / chunk + 1);
  p->seg_bits = seg_bytes * 8u;
  if (method == GS_PRIMES_SIEVE) {
    pthread_once(&pre_once, presieve_init);
    uint64_t root = isqrt64(hi);
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
  *out = p;
  return GS_OK;
}

int gs_primes_plan_new(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk, gs_error_t *err) {
  return gs_primes_plan_new_segment(out, method, lo, hi, chunk, 0, err);
}

void gs_primes_plan_free(gs_primes_plan_t *p) {
  if (!p) return;
  free(p->base);
  free(p->inv);
  free(p->lim);
  free(p);
}

size_t gs_primes_plan_chunks(const gs_primes_plan_t *p) { return p->n_chunks; }

size_t gs_primes_plan_segment_bytes(const gs_primes_plan_t *p) { return p->seg_bits / 8u; }

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

/* ---- the sieve ---- */

__attribute__((target_clones("popcnt", "default")))
static uint64_t popcount_zero_bits(const uint64_t *w, size_t words) {
  uint64_t c = 0;
  for (size_t i = 0; i < words; i++) c += (uint64_t)__builtin_popcountll(~w[i]);
  return c;
}

/* For base prime q and the segment from k = sk: the first multiple q m >=
 * max(q^2, 30 sk) in each residue array, as its bit there, off[r * stride]. */
static void first_multiples(uint64_t q, uint64_t sk, uint32_t *off, size_t stride) {
  static const signed char index30[30] = {-1, 0,  -1, -1, -1, -1, -1, 1,  -1, -1, -1, 2,  -1, 3,  -1,
                                          -1, -1, 4,  -1, 5,  -1, -1, -1, 6,  -1, -1, -1, -1, -1, 7};
  uint64_t m = (30 * sk + q - 1) / q;
  if (m < q) m = q;
  unsigned qr = (unsigned)(q % 30), mr = (unsigned)(m % 30);
  for (int found = 0; found < 8; m++, mr = mr == 29 ? 0 : mr + 1) {
    int r = index30[mr] < 0 ? -1 : index30[qr * mr % 30];
    if (r < 0) continue;
    off[(size_t)r * stride] = (uint32_t)(q * m / 30 - sk);
    found++;
  }
}

/* Strikes bits j, j + q, .. below bits (a multiple of 8) of s; returns the
 * first one past it, less bits. Eight at a time: j + 8q is j's bit in the
 * byte q further on, so the eight byte offsets and masks are set once. */
static uint32_t strike(uint8_t *s, uint64_t bits, uint64_t j, uint64_t q) {
  if (j + 7 * q < bits) {
    unsigned b = (unsigned)(j & 7);
    size_t i = (size_t)(j >> 3);
    size_t o1 = (b + q) >> 3, o2 = (b + 2 * q) >> 3, o3 = (b + 3 * q) >> 3, o4 = (b + 4 * q) >> 3,
           o5 = (b + 5 * q) >> 3, o6 = (b + 6 * q) >> 3, o7 = (b + 7 * q) >> 3;
    uint8_t m0 = (uint8_t)(1u << b), m1 = (uint8_t)(1u << ((b + q) & 7)), m2 = (uint8_t)(1u << ((b + 2 * q) & 7)),
            m3 = (uint8_t)(1u << ((b + 3 * q) & 7)), m4 = (uint8_t)(1u << ((b + 4 * q) & 7)),
            m5 = (uint8_t)(1u << ((b + 5 * q) & 7)), m6 = (uint8_t)(1u << ((b + 6 * q) & 7)),
            m7 = (uint8_t)(1u << ((b + 7 * q) & 7));
    size_t lim = (size_t)(bits >> 3) - o7;
    for (; i < lim; i += q) {
      s[i] |= m0;
      s[i + o1] |= m1;
      s[i + o2] |= m2;
      s[i + o3] |= m3;
      s[i + o4] |= m4;
      s[i + o5] |= m5;
      s[i + o6] |= m6;
      s[i + o7] |= m7;
    }
    j = (uint64_t)i * 8 + b;
  }
  for (; j < bits; j += q) s[j >> 3] |= (uint8_t)(1u << (j & 7));
  return (uint32_t)(j - bits);
}

static void set_bit(uint64_t *w, uint64_t j) { w[j >> 6] |= 1ull << (j & 63); }

/* Primes in [lo, hi] by the wheel sieve: per segment of seg_bits numbers
 * 30k + r of each residue r, the presieve's copy, then each base prime q with
 * q^2 <= the segment's end struck from its offset. */
static uint64_t sieve_count(const gs_primes_plan_t *p, uint64_t lo, uint64_t hi) {
  uint64_t count = 0;
  static const uint32_t small[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71};
  for (size_t i = 0; i < sizeof small / sizeof *small; i++) count += lo <= small[i] && small[i] <= hi; /* struck by the presieve */
  if (hi < 7) return count;
  if (lo < 7) lo = 7;
  uint64_t k_lo = lo / 30, k_hi = hi / 30;
  size_t nb = 0, na = 0;
  while (nb < p->n_base && (uint64_t)p->base[nb] * p->base[nb] <= hi) nb++;
  uint32_t *off = malloc((nb ? nb : 1) * 8 * sizeof *off);
  uint64_t *seg = malloc(p->seg_bits / 8);
  if (!off || !seg) {
    free(off);
    free(seg);
    return UINT64_MAX;
  }
  for (uint64_t sk = k_lo; sk <= k_hi; sk += p->seg_bits) {
    uint64_t n = k_hi - sk + 1 < p->seg_bits ? k_hi - sk + 1 : p->seg_bits; /* the segment's bits */
    size_t words = (size_t)((n + 63) / 64);
    uint64_t top = 30 * (sk + n - 1) + 29; /* its last number */
    for (; na < nb && (uint64_t)p->base[na] * p->base[na] <= top; na++) first_multiples(p->base[na], sk, off + na, nb);
    for (int r = 0; r < 8; r++) {
      presieve_copy(seg, words, sk, r);
      uint32_t *o = off + (size_t)r * nb;
      for (size_t i = 0; i < na; i++) o[i] = strike((uint8_t *)seg, (uint64_t)words * 64, o[i], p->base[i]);
      /* numbers outside [lo, hi] and the tail of the last word */
      for (uint64_t j = n; j < (uint64_t)words * 64; j++) set_bit(seg, j);
      if (sk == k_lo && 30 * k_lo + residues[r] < lo) set_bit(seg, 0);
      if (sk + n - 1 == k_hi && 30 * k_hi + residues[r] > hi) set_bit(seg, n - 1);
      if (sk == 0 && residues[r] == 1) set_bit(seg, 0); /* 1 is not prime */
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

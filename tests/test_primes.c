/* test_primes.c: prime counts against known values for every method, chunk
 * size, segment size and range edge. */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gridsearch/primes.h"

/* one file, two executables: test_primes (every quick check) and, built
 * with GS_PRIMES_SLOW, test_primes_slow (the few that take seconds); each
 * leaves the other's functions unused */
#pragma GCC diagnostic ignored "-Wunused-function"

static uint64_t count(int method, uint64_t lo, uint64_t hi, uint64_t chunk) {
  gs_error_t e;
  gs_error_clear(&e);
  gs_primes_plan_t *p = NULL;
  if (gs_primes_plan_new(&p, method, lo, hi, chunk, &e) != GS_OK) return UINT64_MAX - 1;
  uint64_t c = 0;
  for (size_t i = 0; i < gs_primes_plan_chunks(p); i++) c += gs_primes_count_chunk(p, i);
  gs_primes_plan_free(p);
  return c;
}

/* pi(x) by the simplest possible test, for small ranges */
static uint64_t reference(uint64_t lo, uint64_t hi) {
  uint64_t c = 0;
  for (uint64_t n = lo; n <= hi; n++) {
    int prime = n >= 2;
    for (uint64_t d = 2; d * d <= n && prime; d++) prime = n % d != 0;
    c += (uint64_t)prime;
  }
  return c;
}

static void is_prime_naive_should_follow_the_seed_definition(void) {
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(0));
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(1));
  CU_ASSERT_TRUE(gs_primes_is_prime_naive(2));
  CU_ASSERT_TRUE(gs_primes_is_prime_naive(3));
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(4));
  CU_ASSERT_TRUE(gs_primes_is_prime_naive(5));
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(25));
  CU_ASSERT_TRUE(gs_primes_is_prime_naive(100000007));
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(100000007ull * 3));
  CU_ASSERT_FALSE(gs_primes_is_prime_naive(9999991ull * 9999991ull)); /* a square of a prime: divisor near sqrt */
}

static void is_prime_trial_should_agree_with_naive(void) {
  for (uint64_t n = 0; n < 5000; n++) CU_ASSERT_EQUAL(gs_primes_is_prime_trial(n), gs_primes_is_prime_naive(n));
  CU_ASSERT_TRUE(gs_primes_is_prime_trial(4294967291ull));          /* largest prime < 2^32 */
  CU_ASSERT_FALSE(gs_primes_is_prime_trial(4294967291ull * 3));
  /* above 2^52 trial divides in 64 bits: the smallest prime there runs that
   * loop to its end (2^26 odd divisors), the square of the smallest prime
   * above 2^26 stops at its root; the largest prime < 2^63 is in the slow
   * suite */
  CU_ASSERT_TRUE(gs_primes_is_prime_trial(4503599627370517ull));   /* 2^52 + 21 */
  CU_ASSERT_FALSE(gs_primes_is_prime_trial(4503599627370519ull));  /* 2^52 + 23 = 3 x .. */
  CU_ASSERT_FALSE(gs_primes_is_prime_trial(67108879ull * 67108879ull));
  CU_ASSERT_FALSE(gs_primes_is_prime_trial(67108879ull * 67108913ull)); /* a product of the next two */
}

static void count_should_give_pi_of_powers_of_ten(void) {
  static const uint64_t pi[] = {0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534};
  for (int k = 0; k <= 9; k++) {
    uint64_t x = 1;
    for (int i = 0; i < k; i++) x *= 10;
    CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 0, x, 0), pi[k]);
    if (k <= 7) CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 0, x, 0), pi[k]); /* 10^8: slow suite; 10^9: primes_pi_1e9 */
    if (k <= 4) CU_ASSERT_EQUAL(count(GS_PRIMES_NAIVE, 0, x, 0), pi[k]);
  }
}

static void trial_should_agree_with_the_sieve_around_two_to_the_32(void) {
  /* below 2^32 trial multiplies by inverses, above it divides: both sides
   * of the edge, and squares of the largest primes below 2^16 */
  const uint64_t e = 4294967296ull;
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, e - 70000, e + 10000, 0), count(GS_PRIMES_SIEVE, e - 70000, e + 10000, 0));
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, e - 1, e - 1, 0), 0);                 /* 3 x 5 x 17 x 257 x 65537 */
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 4294967291ull, 4294967291ull, 0), 1); /* the largest prime < 2^32 */
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 65521ull * 65521, 65521ull * 65521, 0), 0);
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 65521ull * 65519, 65521ull * 65521, 0),
                  count(GS_PRIMES_SIEVE, 65521ull * 65519, 65521ull * 65521, 0));
  /* ranges of every small length from every small start */
  for (uint64_t lo = 0; lo < 300; lo += 7)
    for (uint64_t len = 0; len < 40; len += 3)
      CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, lo, lo + len, 0), reference(lo, lo + len));
}

static void sieve_should_count_the_primes_below_two_to_the_32(void) {
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 0, 4294967296ull, 0), 203280221u);
}

static void every_method_should_find_54_primes_in_the_seed_range(void) {
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 100000000, 100001000, 0), 54);
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 100000000, 100001000, 0), 54);
}

/* ---- the slow suite (test_primes_slow, label slow: not in the ASan pass) ---- */

static void naive_should_find_54_primes_in_the_seed_range(void) { /* 3.4 s */
  CU_ASSERT_EQUAL(count(GS_PRIMES_NAIVE, 100000000, 100001000, 0), 54);
}

static void trial_should_give_pi_of_10_to_the_8(void) { /* 3.8 s */
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 0, 100000000, 0), 5761455);
}

static void trial_should_find_the_largest_prime_below_two_to_the_63(void) { /* 3 x 10^9 divisions, 9 s */
  CU_ASSERT_TRUE(gs_primes_is_prime_trial(9223372036854775783ull));
}

static void small_ranges_should_count_right_at_every_edge(void) {
  for (uint64_t lo = 0; lo <= 40; lo++)
    for (uint64_t hi = lo; hi <= 70; hi++) {
      uint64_t want = reference(lo, hi);
      CU_ASSERT_EQUAL(count(GS_PRIMES_NAIVE, lo, hi, 0), want);
      CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, lo, hi, 0), want);
      CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, lo, hi, 0), want);
    }
}

static void counts_should_not_depend_on_the_chunk_size(void) {
  uint64_t want = reference(999000, 1001000);
  static const uint64_t chunks[] = {1, 7, 30, 31, 997, 2000, 1000000};
  for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
    CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 999000, 1001000, chunks[i]), want);
    CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 999000, 1001000, chunks[i]), want);
  }
  /* sieve chunks across segment boundaries (7,864,320 numbers per segment) */
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 0, 20000000, 3000030), 1270607);
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 7864300, 7864400, 0), reference(7864300, 7864400));
}

static void large_numbers_should_count(void) {
  /* 2^40 - 87 is the largest prime below 2^40, the next one down 2^40 - 167 */
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 1099511627676ull, 1099511627775ull, 0), 1);
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 1099511627676ull, 1099511627775ull, 0), 1);
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 1099511627600ull, 1099511627775ull, 0), 2);
  /* 2^63 - 1 = 7^2 x 73 x 127 x 337 x 92737 x 649657: the top of the range */
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 9223372036854775807ull, 9223372036854775807ull, 0), 0);
  CU_ASSERT_EQUAL(count(GS_PRIMES_NAIVE, 9223372036854775807ull, 9223372036854775807ull, 0), 0);
}

static void plan_should_refuse_bad_ranges_with_a_message(void) {
  gs_error_t e;
  gs_primes_plan_t *p = (gs_primes_plan_t *)1;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new(&p, GS_PRIMES_SIEVE, 10, 9, 0, &e), GS_EINVAL);
  CU_ASSERT_PTR_NULL(p);
  CU_ASSERT_STRING_EQUAL(e.message, "MIN 10 is greater than MAX 9");
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new(&p, GS_PRIMES_SIEVE, 0, 9223372036854775807ull, 0, &e), GS_ENOMEM);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "sieving up to 9223372036854775807 needs about"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "the limit is 1024 MB"));
  /* 10^18: refused before any work (the base primes to 10^9 would take 15 s) */
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new(&p, GS_PRIMES_SIEVE, 0, 1000000000000000000ull, 0, &e), GS_ENOMEM);
  CU_ASSERT_STRING_EQUAL(e.message, "sieving up to 1000000000000000000 needs about 2382 MB for the primes up to its square root; the limit is 1024 MB");
  CU_ASSERT_PTR_NULL(p);
  /* the default chunk grows rather than blame --chunk; a given one is refused */
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new_segment(&p, GS_PRIMES_SIEVE, 0, 1ull << 43, 0, 8, &e), GS_OK);
  CU_ASSERT(p && gs_primes_plan_chunks(p) <= GS_PRIMES_DEFAULT_CHUNKS && gs_primes_plan_chunks(p) > GS_PRIMES_DEFAULT_CHUNKS / 2);
  gs_primes_plan_free(p);
  CU_ASSERT_EQUAL(gs_primes_plan_new_segment(&p, GS_PRIMES_SIEVE, 0, 1ull << 43, 30, 8, &e), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(e.message, "--chunk 30 cuts the range into more than 2^31 chunks");
  for (size_t bad = 0; bad < 4; bad++) {
    static const size_t sizes[] = {4, 12, 262152, 1u << 20};
    gs_error_clear(&e);
    CU_ASSERT_EQUAL(gs_primes_plan_new_segment(&p, GS_PRIMES_SIEVE, 0, 100, 0, sizes[bad], &e), GS_EINVAL);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "bytes is not a multiple of 8 from 8 to 262144"));
  }
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new(&p, GS_PRIMES_NAIVE, 0, 9223372036854775807ull, 1, &e), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(e.message, "--chunk 1 cuts the range into more than 2^31 chunks");
}

static uint64_t count_seg(uint64_t lo, uint64_t hi, uint64_t chunk, size_t seg) {
  gs_error_t e;
  gs_error_clear(&e);
  gs_primes_plan_t *p = NULL;
  if (gs_primes_plan_new_segment(&p, GS_PRIMES_SIEVE, lo, hi, chunk, seg, &e) != GS_OK) return UINT64_MAX - 1;
  uint64_t c = 0;
  for (size_t i = 0; i < gs_primes_plan_chunks(p); i++) c += gs_primes_count_chunk(p, i);
  gs_primes_plan_free(p);
  return c;
}

static void sieve_counts_should_not_depend_on_the_segment_size(void) {
  /* from one word per residue array (primes far larger than a segment, the
   * presieve's patterns read at every offset) to the largest segment */
  static const size_t segs[] = {8, 64, 1000, 4096, 49152, 262144};
  for (size_t i = 0; i < sizeof segs / sizeof *segs; i++) {
    CU_ASSERT_EQUAL(count_seg(0, 10000000, 0, segs[i]), 664579);
    CU_ASSERT_EQUAL(count_seg(0, 10000000, 999990, segs[i]), 664579);
    CU_ASSERT_EQUAL(count_seg(1000000000000ull, 1000000100000ull, 0, segs[i]), 3614); /* pi(10^12 + 10^5) - pi(10^12) */
    for (uint64_t lo = 0; lo < 400; lo += 37) CU_ASSERT_EQUAL(count_seg(lo, 5000 + lo * 3, 0, segs[i]), reference(lo, 5000 + lo * 3));
  }
  /* every edge around the presieved primes 7..71 and the first base prime 73 */
  for (uint64_t lo = 60; lo <= 80; lo++)
    for (uint64_t hi = lo; hi <= 160; hi++) CU_ASSERT_EQUAL(count_seg(lo, hi, 0, 8), reference(lo, hi));
}

static void default_segment_should_be_the_l1_data_cache(void) {
  gs_error_t e;
  gs_error_clear(&e);
  gs_primes_plan_t *p = NULL;
  CU_ASSERT_EQUAL_FATAL(gs_primes_plan_new(&p, GS_PRIMES_SIEVE, 0, 1000, 0, &e), GS_OK);
  size_t l1 = gs_primes_cache_size(1), want = l1 ? l1 : 32768;
  if (want > 262144) want = 262144;
  if (want < 1024) want = 1024;
  CU_ASSERT_EQUAL(gs_primes_plan_segment_bytes(p), want & ~(size_t)7);
  gs_primes_plan_free(p);
  /* where sysfs describes the caches, the size is read (sysconf or sysfs) */
  FILE *f = fopen("/sys/devices/system/cpu/cpu0/cache/index0/size", "r");
  if (f) {
    fclose(f);
    CU_ASSERT(gs_primes_cache_size(1) >= 1024);
    CU_ASSERT(gs_primes_cache_size(2) >= gs_primes_cache_size(1));
  }
}

static void method_names_should_round_trip(void) {
  CU_ASSERT_EQUAL(gs_primes_method("naive"), GS_PRIMES_NAIVE);
  CU_ASSERT_EQUAL(gs_primes_method("trial"), GS_PRIMES_TRIAL);
  CU_ASSERT_EQUAL(gs_primes_method("sieve"), GS_PRIMES_SIEVE);
  CU_ASSERT_EQUAL(gs_primes_method("sieves"), -1);
  CU_ASSERT_STRING_EQUAL(gs_primes_method_name(GS_PRIMES_SIEVE), "sieve");
}

#ifdef GS_PRIMES_SLOW
static CU_TestInfo tests[] = {
  {"naive_should_find_54_primes_in_the_seed_range", naive_should_find_54_primes_in_the_seed_range},
  {"trial_should_give_pi_of_10_to_the_8", trial_should_give_pi_of_10_to_the_8},
  {"trial_should_find_the_largest_prime_below_two_to_the_63", trial_should_find_the_largest_prime_below_two_to_the_63},
  CU_TEST_INFO_NULL};
#define GS_SUITE "primes_slow"
#else
static CU_TestInfo tests[] = {
  {"is_prime_naive_should_follow_the_seed_definition", is_prime_naive_should_follow_the_seed_definition},
  {"is_prime_trial_should_agree_with_naive", is_prime_trial_should_agree_with_naive},
  {"count_should_give_pi_of_powers_of_ten", count_should_give_pi_of_powers_of_ten},
  {"trial_should_agree_with_the_sieve_around_two_to_the_32", trial_should_agree_with_the_sieve_around_two_to_the_32},
  {"sieve_should_count_the_primes_below_two_to_the_32", sieve_should_count_the_primes_below_two_to_the_32},
  {"every_method_should_find_54_primes_in_the_seed_range", every_method_should_find_54_primes_in_the_seed_range},
  {"small_ranges_should_count_right_at_every_edge", small_ranges_should_count_right_at_every_edge},
  {"counts_should_not_depend_on_the_chunk_size", counts_should_not_depend_on_the_chunk_size},
  {"large_numbers_should_count", large_numbers_should_count},
  {"plan_should_refuse_bad_ranges_with_a_message", plan_should_refuse_bad_ranges_with_a_message},
  {"sieve_counts_should_not_depend_on_the_segment_size", sieve_counts_should_not_depend_on_the_segment_size},
  {"default_segment_should_be_the_l1_data_cache", default_segment_should_be_the_l1_data_cache},
  {"method_names_should_round_trip", method_names_should_round_trip},
  CU_TEST_INFO_NULL};
#define GS_SUITE "primes"
#endif
#include "cunit_main.h"

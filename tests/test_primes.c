/* test_primes.c: prime counts against known values for every method, chunk
 * size and range edge. */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

#include "gridsearch/primes.h"

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
  CU_ASSERT_TRUE(gs_primes_is_prime_trial(9223372036854775783ull)); /* largest prime < 2^63 */
}

static void count_should_give_pi_of_powers_of_ten(void) {
  static const uint64_t pi[] = {0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534};
  for (int k = 0; k <= 9; k++) {
    uint64_t x = 1;
    for (int i = 0; i < k; i++) x *= 10;
    CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 0, x, 0), pi[k]);
    if (k <= 8) CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 0, x, 0), pi[k]); /* 10^9: test primes_pi_1e9 */
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
  CU_ASSERT_EQUAL(count(GS_PRIMES_NAIVE, 100000000, 100001000, 0), 54);
  CU_ASSERT_EQUAL(count(GS_PRIMES_TRIAL, 100000000, 100001000, 0), 54);
  CU_ASSERT_EQUAL(count(GS_PRIMES_SIEVE, 100000000, 100001000, 0), 54);
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
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "the limit is 4096 MB"));
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_primes_plan_new(&p, GS_PRIMES_NAIVE, 0, 9223372036854775807ull, 1, &e), GS_EINVAL);
  CU_ASSERT_STRING_EQUAL(e.message, "--chunk 1 cuts the range into more than 2^31 chunks");
}

static void method_names_should_round_trip(void) {
  CU_ASSERT_EQUAL(gs_primes_method("naive"), GS_PRIMES_NAIVE);
  CU_ASSERT_EQUAL(gs_primes_method("trial"), GS_PRIMES_TRIAL);
  CU_ASSERT_EQUAL(gs_primes_method("sieve"), GS_PRIMES_SIEVE);
  CU_ASSERT_EQUAL(gs_primes_method("sieves"), -1);
  CU_ASSERT_STRING_EQUAL(gs_primes_method_name(GS_PRIMES_SIEVE), "sieve");
}

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
  {"method_names_should_round_trip", method_names_should_round_trip},
  CU_TEST_INFO_NULL};
#define GS_SUITE "primes"
#include "cunit_main.h"

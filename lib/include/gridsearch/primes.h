/* primes.h: counting primes in [lo, hi] three ways, cut into chunks that the
 * farm runs as tasks: naive (the seed program's trial division by every
 * integer 2..n/2: deliberately costly and uneven), trial (2 and odd divisors
 * up to sqrt(n)) and sieve (a segmented sieve of Eratosthenes on a mod-30
 * wheel). Every method gives the same count. */
#ifndef GRIDSEARCH_PRIMES_H
#define GRIDSEARCH_PRIMES_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/error.h"

typedef enum { GS_PRIMES_NAIVE, GS_PRIMES_TRIAL, GS_PRIMES_SIEVE } gs_primes_method_t;

/* The method called name ("naive", "trial", "sieve"), or -1. */
int gs_primes_method(const char *name);
const char *gs_primes_method_name(int method);

/* Whether n is prime by the seed's test: no divisor among 2..n/2 (so 0, 1
 * are not prime; 2 and 3 are). */
int gs_primes_is_prime_naive(uint64_t n);

/* Whether n is prime by trial division by 2 and odd numbers up to sqrt(n). */
int gs_primes_is_prime_trial(uint64_t n);

/* Primes in [lo, hi] (lo <= hi) by method, on this thread. The sieve needs
 * the base primes up to sqrt(hi): see gs_primes_plan. */
typedef struct gs_primes_plan gs_primes_plan_t;

/* Plans the count of [lo, hi] by method in chunks of about chunk numbers
 * (0: a default per method). Fails with GS_EINVAL when lo > hi, and with
 * GS_ENOMEM (message) when the sieve's base primes do not fit. */
int gs_primes_plan_new(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk, gs_error_t *err);
void gs_primes_plan_free(gs_primes_plan_t *plan);

size_t gs_primes_plan_chunks(const gs_primes_plan_t *plan);

/* Chunk i's range and its estimated relative cost (for the hand-out order). */
void gs_primes_plan_chunk(const gs_primes_plan_t *plan, size_t i, uint64_t *lo, uint64_t *hi, double *cost);

/* Counts the primes of chunk i (thread-safe: plans are read-only). Returns
 * the count, or UINT64_MAX when out of memory. */
uint64_t gs_primes_count_chunk(const gs_primes_plan_t *plan, size_t i);

/* Counts [lo, hi] on this thread (a plan, all its chunks). */
int gs_primes_count(int method, uint64_t lo, uint64_t hi, uint64_t *count, gs_error_t *err);

#endif

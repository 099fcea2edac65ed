/* primes.h: counting primes in [lo, hi] three ways, cut into chunks that the
 * farm runs as tasks: naive (the seed program's trial division by every
 * integer 2..n/2: deliberately costly and uneven), trial (2 and odd divisors
 * up to sqrt(n)) and sieve (a segmented sieve of Eratosthenes on a mod-30
 * wheel, its segment sized to the L1 data cache of the machine it runs on).
 * Every method gives the same count. */
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

/* The sieve's memory limit: its base primes up to sqrt(MAX) and one
 * worker's offsets for them (36 bytes a prime) must fit, so MAX may be up
 * to about 1.6e17. */
#define GS_PRIMES_SIEVE_MB 1024
/* At most this many chunks: a chunk given smaller is refused; a default one
 * is made longer so that the range has at most GS_PRIMES_DEFAULT_CHUNKS. */
#define GS_PRIMES_MAX_CHUNKS ((uint64_t)1 << 31)
#define GS_PRIMES_DEFAULT_CHUNKS ((uint64_t)1 << 20)

/* Plans the count of [lo, hi] by method in chunks of about chunk numbers
 * (0: a default per method). Fails, before any work, with GS_EINVAL when
 * lo > hi or a given chunk cuts the range into more than
 * GS_PRIMES_MAX_CHUNKS, and with GS_ENOMEM (message naming MAX) when the
 * sieve's base primes would need more than GS_PRIMES_SIEVE_MB. */
int gs_primes_plan_new(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk, gs_error_t *err);

/* gs_primes_plan_new with the sieve's segment per residue array set to
 * segment_bytes (a multiple of 8 from 8 to 262144; GS_EINVAL otherwise), or
 * 0 for the default: the L1 data cache (gs_primes_cache_size(1)), 32 KiB
 * when unknown, within [1 KiB, 256 KiB]. For tests and measurements: every
 * segment size gives the same counts. */
int gs_primes_plan_new_segment(gs_primes_plan_t **out, int method, uint64_t lo, uint64_t hi, uint64_t chunk,
                               size_t segment_bytes, gs_error_t *err);

/* The plan's sieve segment per residue array, in bytes. */
size_t gs_primes_plan_segment_bytes(const gs_primes_plan_t *plan);

/* The size in bytes of this machine's level-1 data cache (level 1) or
 * level-2 cache (level 2), from sysconf or else
 * /sys/devices/system/cpu/cpu0/cache; 0 when neither says. */
size_t gs_primes_cache_size(int level);
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

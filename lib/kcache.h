/* kcache.h: the precomputed kernels of a search (private to lib/): a small
 * LRU cache of kernel blocks, one per (fold, kernel setting) "slot", each
 * filled row chunk by row chunk by every worker that needs it, and the
 * training rows' kernel of each fold-independent setting, which blocks copy
 * instead of computing exp/tanh/pow again for every fold. */
#ifndef GS_KCACHE_H
#define GS_KCACHE_H

#include <stddef.h>

#include "gridsearch/error.h"
#include "gridsearch/svc.h"

typedef struct gs__kcache gs__kcache_t;
typedef struct gs__kcache_entry gs__kcache_entry_t;

/* A cache of `blocks` (>= 1) entries over data, for n_keys kernel settings;
 * slots are fold * n_keys + key. data is borrowed (it must outlive the
 * cache; its kernels come from its Gram matrix, or its sparse rows, or dot
 * products of its dense rows: gs_svc_block_prepare). Returns NULL when out
 * of memory. */
gs__kcache_t *gs__kcache_new(const gs_svc_data_t *data, size_t n_keys, size_t blocks);

/* Frees every block and training-rows kernel; accepts NULL. */
void gs__kcache_free(gs__kcache_t *kc);

/* Computes, on `threads` threads, the training rows' kernel of every key
 * whose params[key] is not NULL (only its kernel settings are read); train
 * holds the n_train dataset rows of X_train, among n_rows rows in all.
 * Blocks of those keys then copy their values. On failure (GS_ENOMEM, err
 * filled) the keys done so far stay usable. Call before any acquire. */
int gs__kcache_build_keys(gs__kcache_t *kc, const size_t *train, size_t n_train, size_t n_rows,
                          const gs_svc_params_t *const *params, int threads, gs_error_t *err);

/* The block of slot, for the fold's train/test rows (dataset indices) and
 * kernel settings p: from the cache, or built in a recycled entry, with the
 * help of any worker that needs it meanwhile and of the helper threads set
 * by gs__kcache_set_helpers. Thread-safe. The entry stays pinned until
 * gs__kcache_release. On failure returns NULL with err filled (the cache is
 * left as it was). */
gs__kcache_entry_t *gs__kcache_acquire(gs__kcache_t *kc, size_t slot, const size_t *train, size_t n_train,
                                       const size_t *test, size_t n_test, const gs_svc_params_t *p, gs_error_t *err);

/* gs__kcache_acquire on the rows of data instead of the cache's own (NULL:
 * the cache's): another matrix with the same row indices, such as a
 * preprocessing step's transformed view. A slot's kernels always come
 * from one data (the caller keys its slots so); data must outlive the
 * cache. The training rows' kernels (gs__kcache_build_keys) are of the
 * cache's own rows, so they serve only its blocks. */
gs__kcache_entry_t *gs__kcache_acquire_on(gs__kcache_t *kc, size_t slot, const gs_svc_data_t *data,
                                          const size_t *train, size_t n_train, const size_t *test, size_t n_test,
                                          const gs_svc_params_t *p, gs_error_t *err);

/* The ready block of a pinned entry (owned by the cache). */
gs_svc_block_t *gs__kcache_block(const gs__kcache_entry_t *e);

/* Unpins e (from gs__kcache_acquire). */
void gs__kcache_release(gs__kcache_t *kc, gs__kcache_entry_t *e);

/* The pins held over all entries (acquires not yet released): 0 once every
 * acquire was released, whatever failed. */
int gs__kcache_pins(gs__kcache_t *kc);

/* Extra threads each build starts to help fill its block (for the refits:
 * fewer tasks than workers leaves threads idle); 0 by default. */
void gs__kcache_set_helpers(gs__kcache_t *kc, int helpers);

/* Frees the blocks of the entries no one has pinned whose slot is below
 * `below` (or empty): they are built again when asked for. Thread-safe. */
void gs__kcache_drop_idle(gs__kcache_t *kc, size_t below);

/* Blocks built and blocks taken from the cache so far. */
void gs__kcache_counts(const gs__kcache_t *kc, size_t *built, size_t *reused);

#endif

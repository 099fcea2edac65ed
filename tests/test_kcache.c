/* test_kcache.c: the cache of precomputed kernel blocks: every block it
 * hands out equals one built directly (bit for bit), with or without the
 * training rows' kernels, with helper threads, and from many threads at
 * once; a slot is built once and then reused while it stays cached; the
 * least recently used unpinned block is the one evicted; a slot keyed to
 * another matrix of the same rows (a view) is built from that matrix. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/svc.h"
#include "kcache.h"

enum { N = 70, NF = 4, NTR = 50, NTE = N - NTR, NKEYS = 3, NFOLDS = 2 };
static double X[N * NF];
static long Y[N];
static double *gram;
static gs_svc_data_t data;
static size_t train[NTR], test[NTE];
/* fold 0: every training row; fold 1: the first 40, the other 10 as test */
static size_t fold_test1[NTE + 10];
static const size_t fold_ntr[NFOLDS] = {NTR, 40}, fold_nte[NFOLDS] = {NTE, NTE + 10};

static const size_t *fold_train(size_t f) { (void)f; return train; } /* fold 1: its first 40 */
static const size_t *fold_test(size_t f) { return f == 0 ? test : fold_test1; }

static int setup(void) {
  uint64_t state = 777;
  for (size_t i = 0; i < N; i++) {
    Y[i] = (long)(i % 2);
    for (size_t j = 0; j < NF; j++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      X[i * NF + j] = (double)Y[i] + (double)(state >> 11) / 9007199254740992.0;
    }
  }
  for (size_t i = 0; i < NTR; i++) train[i] = (i * 13) % NTR; /* out of order, as a fold's */
  for (size_t i = 0; i < NTE; i++) test[i] = NTR + i;
  for (size_t i = 0; i < NTE; i++) fold_test1[i] = NTR + i;
  for (size_t i = 0; i < 10; i++) fold_test1[NTE + i] = train[40 + i];
  if (!(gram = gs_svc_gram_alloc(N))) return 1;
  gs_svc_gram(X, N, NF, gram);
  data = (gs_svc_data_t){X, Y, N, NF, gram, NULL};
  return 0;
}

static int teardown(void) {
  free(gram);
  return 0;
}
#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown

/* key 0: rbf, 1: sigmoid, 2: poly */
static gs_svc_params_t key_params(size_t key) {
  gs_svc_params_t p;
  memset(&p, 0, sizeof p);
  p.kernel = key == 0 ? GS_KERNEL_RBF : key == 1 ? GS_KERNEL_SIGMOID : GS_KERNEL_POLY;
  p.C = 1;
  p.gamma = key == 0 ? 0.3 : 0.05;
  p.coef0 = 0.25;
  p.degree = 3;
  p.tol = 1e-3;
  p.cache_size = 20;
  p.shrinking = 1;
  return p;
}

/* e's block equals the block of slot built directly, bit for bit */
static int equals_direct(const gs__kcache_entry_t *e, size_t slot) {
  size_t f = slot / NKEYS, key = slot % NKEYS;
  gs_svc_params_t p = key_params(key);
  gs_svc_block_t *want = NULL;
  gs_error_t err;
  gs_error_clear(&err);
  if (gs_svc_block_build(&want, &data, fold_train(f), fold_ntr[f], fold_test(f), fold_nte[f], &p, &err) != GS_OK) return 0;
  const gs_svc_block_t *got = gs__kcache_block(e);
  int same = gs_svc_block_rows(got) == gs_svc_block_rows(want);
  for (size_t r = 0; same && r < gs_svc_block_rows(want); r++)
    for (size_t c = 0; same && c < fold_ntr[f]; c++) {
      double x = gs_svc_block_value(got, r, c), y = gs_svc_block_value(want, r, c);
      same = memcmp(&x, &y, sizeof x) == 0;
    }
  gs_svc_block_free(want);
  return same;
}

static gs__kcache_entry_t *acquire(gs__kcache_t *kc, size_t slot) {
  size_t f = slot / NKEYS;
  gs_svc_params_t p = key_params(slot % NKEYS);
  gs_error_t err;
  gs_error_clear(&err);
  gs__kcache_entry_t *e = gs__kcache_acquire(kc, slot, fold_train(f), fold_ntr[f], fold_test(f), fold_nte[f], &p, &err);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  return e;
}

/* every slot, acquired in turn, equals its direct block */
static void expect_every_slot_direct(gs__kcache_t *kc) {
  for (size_t slot = 0; slot < NFOLDS * NKEYS; slot++) {
    gs__kcache_entry_t *e = acquire(kc, slot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT(equals_direct(e, slot));
    gs__kcache_release(kc, e);
  }
}

/* the training rows' kernels of the keys in mask (bit k: key k) */
static int build_keys(gs__kcache_t *kc, unsigned mask, int threads) {
  gs_svc_params_t kp[NKEYS];
  const gs_svc_params_t *want[NKEYS] = {0};
  for (size_t k = 0; k < NKEYS; k++) {
    kp[k] = key_params(k);
    if (mask >> k & 1u) want[k] = &kp[k];
  }
  gs_error_t err;
  gs_error_clear(&err);
  return gs__kcache_build_keys(kc, train, NTR, N, want, threads, &err);
}

static void acquire_should_hand_out_the_direct_block_of_every_slot(void) {
  for (unsigned mask = 0; mask < 8; mask += 7) { /* no training-rows kernels, then all */
    gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
    if (mask) CU_ASSERT_EQUAL_FATAL(build_keys(kc, mask, 2), GS_OK);
    expect_every_slot_direct(kc);
    gs__kcache_free(kc);
  }
}

static void build_keys_should_serve_only_the_keys_asked_for(void) {
  /* rbf only: the others are computed directly, and all still agree */
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  CU_ASSERT_EQUAL_FATAL(build_keys(kc, 1u, 1), GS_OK);
  expect_every_slot_direct(kc);
  gs__kcache_free(kc);
}

static void acquire_should_reuse_a_cached_slot_and_evict_the_least_recently_used(void) {
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  size_t built = 99, reused = 99;
  gs__kcache_counts(kc, &built, &reused);
  CU_ASSERT_EQUAL(built, 0);
  CU_ASSERT_EQUAL(reused, 0);
  const size_t order[] = {0, 0, 1, 0, 2, 0, 1};
  /* built: 0, 1 (cache full), 0 reused, 2 evicts 1 (least recent), 0
   * reused, 1 built again evicting 2 */
  const size_t want_built[] = {1, 1, 2, 2, 3, 3, 4}, want_reused[] = {0, 1, 1, 2, 2, 3, 3};
  for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
    gs__kcache_entry_t *e = acquire(kc, order[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT(equals_direct(e, order[i]));
    gs__kcache_release(kc, e);
    gs__kcache_counts(kc, &built, &reused);
    CU_ASSERT_EQUAL(built, want_built[i]);
    CU_ASSERT_EQUAL(reused, want_reused[i]);
  }
  gs__kcache_free(kc);
}

static void a_pinned_block_should_stay_while_others_come_and_go(void) {
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  gs__kcache_entry_t *pinned = acquire(kc, 4);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pinned);
  for (size_t slot = 0; slot < NFOLDS * NKEYS; slot++) { /* one free entry cycles through every slot */
    gs__kcache_entry_t *e = acquire(kc, slot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT(equals_direct(e, slot));
    gs__kcache_release(kc, e);
  }
  CU_ASSERT(equals_direct(pinned, 4)); /* never recycled under its holder */
  gs__kcache_release(kc, pinned);
  gs__kcache_free(kc);
}

static void helpers_should_fill_the_same_block(void) {
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  CU_ASSERT_EQUAL_FATAL(build_keys(kc, 5u, 3), GS_OK);
  gs__kcache_set_helpers(kc, 3);
  expect_every_slot_direct(kc);
  gs__kcache_free(kc);
}

struct worker {
  gs__kcache_t *kc;
  unsigned seed;
  int bad;
  unsigned slots; /* bit s: slot s asked for */
};

static void *worker_main(void *arg) {
  struct worker *w = arg;
  for (int i = 0; i < 60; i++) {
    w->seed = w->seed * 1103515245u + 12345u;
    size_t slot = (w->seed >> 16) % (NFOLDS * NKEYS);
    w->slots |= 1u << slot;
    size_t f = slot / NKEYS;
    gs_svc_params_t p = key_params(slot % NKEYS);
    gs_error_t err;
    gs_error_clear(&err);
    gs__kcache_entry_t *e = gs__kcache_acquire(w->kc, slot, fold_train(f), fold_ntr[f], fold_test(f), fold_nte[f], &p, &err);
    if (!e || !equals_direct(e, slot)) w->bad++;
    if (e) gs__kcache_release(w->kc, e);
  }
  return NULL;
}

static void acquire_should_be_safe_from_many_threads(void) {
  /* more threads than entries: some wait for an unpinned one */
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 3);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  CU_ASSERT_EQUAL_FATAL(build_keys(kc, 7u, 2), GS_OK);
  enum { T = 5 };
  pthread_t tid[T];
  struct worker w[T];
  for (int t = 0; t < T; t++) {
    w[t] = (struct worker){kc, (unsigned)(t * 7919 + 1), 0, 0};
    CU_ASSERT_EQUAL_FATAL(pthread_create(&tid[t], NULL, worker_main, &w[t]), 0);
  }
  int bad = 0;
  unsigned slots = 0;
  for (int t = 0; t < T; t++) {
    pthread_join(tid[t], NULL);
    bad += w[t].bad;
    slots |= w[t].slots;
  }
  CU_ASSERT_EQUAL(bad, 0);
  size_t built, reused;
  gs__kcache_counts(kc, &built, &reused);
  CU_ASSERT_EQUAL(built + reused, (size_t)T * 60);
  CU_ASSERT(built >= (size_t)__builtin_popcount(slots)); /* each slot asked for was built at least once */
  gs__kcache_free(kc);
}

/* posix_memalign as svc.o sees it (-Wl,--wrap=posix_memalign): armed, the
 * next call says it entered, waits for go, then fails as out of memory */
int __real_posix_memalign(void **p, size_t align, size_t n);
int __wrap_posix_memalign(void **p, size_t align, size_t n);
static pthread_mutex_t fail_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fail_cv = PTHREAD_COND_INITIALIZER;
static int fail_armed, fail_entered, fail_go;
int __wrap_posix_memalign(void **p, size_t align, size_t n) {
  pthread_mutex_lock(&fail_mu);
  if (fail_armed) {
    fail_armed = 0;
    fail_entered = 1;
    pthread_cond_broadcast(&fail_cv);
    while (!fail_go) pthread_cond_wait(&fail_cv, &fail_mu);
    pthread_mutex_unlock(&fail_mu);
    return ENOMEM;
  }
  pthread_mutex_unlock(&fail_mu);
  return __real_posix_memalign(p, align, n);
}

struct pin {
  gs__kcache_t *kc;
  gs__kcache_entry_t *e;
  int code;
};

static void *acquire_slot0(void *arg) {
  struct pin *pn = arg;
  gs_svc_params_t p = key_params(0);
  gs_error_t err;
  gs_error_clear(&err);
  pn->e = gs__kcache_acquire(pn->kc, 0, fold_train(0), fold_ntr[0], fold_test(0), fold_nte[0], &p, &err);
  pn->code = err.code;
  return NULL;
}

/* A build fails (out of memory) while another thread waits for the same
 * slot: the builder gets the error, the waiter builds the slot itself, and
 * the waiter's pin is not wiped by the failure (refs was set to 0 over it,
 * and its release then left the entry at -1 pins, never evictable). */
static void a_failed_build_should_drop_only_its_own_pin(void) {
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  struct pin a = {kc, NULL, 0}, b = {kc, NULL, 0};
  pthread_t ta, tb;
  pthread_mutex_lock(&fail_mu);
  fail_armed = 1;
  fail_entered = fail_go = 0;
  pthread_mutex_unlock(&fail_mu);
  CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, acquire_slot0, &a), 0);
  pthread_mutex_lock(&fail_mu);
  while (!fail_entered) pthread_cond_wait(&fail_cv, &fail_mu); /* a is building slot 0 */
  pthread_mutex_unlock(&fail_mu);
  CU_ASSERT_EQUAL_FATAL(pthread_create(&tb, NULL, acquire_slot0, &b), 0);
  while (gs__kcache_pins(kc) < 2) sched_yield(); /* b has pinned slot 0 and waits */
  pthread_mutex_lock(&fail_mu);
  fail_go = 1;
  pthread_cond_broadcast(&fail_cv);
  pthread_mutex_unlock(&fail_mu);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  CU_ASSERT_PTR_NULL(a.e);
  CU_ASSERT_EQUAL(a.code, GS_ENOMEM);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b.e);
  CU_ASSERT_EQUAL(b.code, GS_OK);
  CU_ASSERT(equals_direct(b.e, 0));
  gs__kcache_release(kc, b.e);
  int pins = gs__kcache_pins(kc);
  CU_ASSERT_EQUAL(pins, 0);
  if (pins == 0) { /* both entries usable: two slots pinned at once */
    gs__kcache_entry_t *e1 = acquire(kc, 1), *e2 = acquire(kc, 2);
    CU_ASSERT(e1 && e2 && e1 != e2);
    if (e1) gs__kcache_release(kc, e1);
    if (e2) gs__kcache_release(kc, e2);
  }
  gs__kcache_free(kc);
}

static void free_should_accept_null(void) {
  gs__kcache_free(NULL);
  CU_PASS("gs__kcache_free(NULL) returned");
}

/* a slot keyed to another matrix of the same rows (a preprocessing step's
 * view: X scaled, no Gram matrix) gets the block of that matrix, bit for
 * bit, even with the training rows' kernels of the cache's own rows built;
 * the cache's own slots are unchanged beside it */
static void acquire_on_should_build_from_the_given_rows(void) {
  static double V[N * NF];
  for (size_t i = 0; i < N * NF; i++) V[i] = X[i] * 3.0 - 1.5;
  gs_svc_data_t view = {V, Y, N, NF, NULL, NULL};
  gs__kcache_t *kc = gs__kcache_new(&data, NKEYS, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(kc);
  CU_ASSERT_EQUAL_FATAL(build_keys(kc, 7, 1), GS_OK);
  for (size_t key = 0; key < NKEYS; key++) {
    gs_svc_params_t p = key_params(key);
    gs_error_t err;
    gs_error_clear(&err);
    /* slot 1 * NKEYS + key stands for the view's (fold 0, key) */
    gs__kcache_entry_t *e = gs__kcache_acquire_on(kc, NKEYS + key, &view, train, NTR, test, NTE, &p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    gs_svc_block_t *want = NULL;
    CU_ASSERT_EQUAL_FATAL(gs_svc_block_build(&want, &view, train, NTR, test, NTE, &p, &err), GS_OK);
    int same = 1, differs = 0;
    for (size_t r = 0; r < NTR + NTE; r++)
      for (size_t c = 0; c < NTR; c++) {
        double x = gs_svc_block_value(gs__kcache_block(e), r, c), y = gs_svc_block_value(want, r, c);
        same &= memcmp(&x, &y, sizeof x) == 0;
      }
    gs__kcache_release(kc, e);
    /* and the cache's own block of (fold 0, key) is X's, not the view's */
    gs__kcache_entry_t *own = acquire(kc, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(own);
    CU_ASSERT(equals_direct(own, key));
    for (size_t r = 0; r < NTR + NTE; r++)
      differs |= gs_svc_block_value(gs__kcache_block(own), r, 0) != gs_svc_block_value(want, r, 0);
    gs__kcache_release(kc, own);
    CU_ASSERT(same);
    CU_ASSERT(differs);
    gs_svc_block_free(want);
  }
  gs__kcache_free(kc);
}

static CU_TestInfo tests[] = {
    {"acquire_should_hand_out_the_direct_block_of_every_slot", acquire_should_hand_out_the_direct_block_of_every_slot},
    {"build_keys_should_serve_only_the_keys_asked_for", build_keys_should_serve_only_the_keys_asked_for},
    {"acquire_on_should_build_from_the_given_rows", acquire_on_should_build_from_the_given_rows},
    {"acquire_should_reuse_a_cached_slot_and_evict_the_least_recently_used",
     acquire_should_reuse_a_cached_slot_and_evict_the_least_recently_used},
    {"a_pinned_block_should_stay_while_others_come_and_go", a_pinned_block_should_stay_while_others_come_and_go},
    {"helpers_should_fill_the_same_block", helpers_should_fill_the_same_block},
    {"acquire_should_be_safe_from_many_threads", acquire_should_be_safe_from_many_threads},
    {"a_failed_build_should_drop_only_its_own_pin", a_failed_build_should_drop_only_its_own_pin},
    {"free_should_accept_null", free_should_accept_null},
    CU_TEST_INFO_NULL,
};

#define GS_SUITE "kcache"
#include "cunit_main.h"

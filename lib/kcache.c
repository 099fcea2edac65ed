/* kcache.c: the precomputed kernel blocks of a search, cached by (fold,
 * kernel setting) and shared by the candidates that differ only in C or
 * class_weight. Evicted blocks are recycled, not freed: fresh memory costs
 * page faults, and tasks are handed out slot by slot so blocks are reused. */
#include "kcache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct gs__kcache_entry {
  size_t slot;                      /* fold * n_keys + key, or SIZE_MAX: empty */
  gs_svc_block_t *b;
  int refs, ready, filling;
  unsigned long used;               /* LRU tick */
  size_t next_row, rows_done, rows; /* filled row chunk by row chunk by every worker that needs it */
  gs_svc_params_t kp;               /* its kernel settings */
  const gs_svc_data_t *data;        /* the rows its kernels come from */
};

struct gs__kcache {
  const gs_svc_data_t *data;
  size_t n_keys;
  gs__kcache_entry_t *entry;
  size_t cap;
  unsigned long tick;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  size_t hits, builds;
  int helpers;
  gs_svc_kernel_t *key_kernel; /* per key: the training rows' kernel (values NULL: none) */
  size_t *train_pos;           /* per dataset row: its place in X_train, or SIZE_MAX */
};

gs__kcache_t *gs__kcache_new(const gs_svc_data_t *data, size_t n_keys, size_t blocks) {
  gs__kcache_t *kc = calloc(1, sizeof *kc);
  if (!kc) return NULL;
  if (!(kc->entry = calloc(blocks ? blocks : 1, sizeof *kc->entry))) {
    free(kc);
    return NULL;
  }
  kc->data = data;
  kc->n_keys = n_keys;
  kc->cap = blocks ? blocks : 1;
  for (size_t i = 0; i < kc->cap; i++) kc->entry[i].slot = SIZE_MAX;
  pthread_mutex_init(&kc->lock, NULL);
  pthread_cond_init(&kc->cond, NULL);
  return kc;
}

void gs__kcache_free(gs__kcache_t *kc) {
  if (!kc) return;
  for (size_t i = 0; i < kc->cap; i++) gs_svc_block_free(kc->entry[i].b);
  free(kc->entry);
  for (size_t k = 0; kc->key_kernel && k < kc->n_keys; k++) free(kc->key_kernel[k].values);
  free(kc->key_kernel);
  free(kc->train_pos);
  pthread_mutex_destroy(&kc->lock);
  pthread_cond_destroy(&kc->cond);
  free(kc);
}

/* ---- the training rows' kernels ---- */

struct matrix_fill {
  const gs__kcache_t *kc;
  gs_svc_kernel_t *k;
  const size_t *train;
  const gs_svc_params_t *p;
  pthread_mutex_t mu;
  size_t next;
};

static void *matrix_fill_main(void *arg) {
  struct matrix_fill *mf = arg;
  const size_t chunk = 16;
  for (;;) {
    pthread_mutex_lock(&mf->mu);
    size_t lo = mf->next;
    mf->next = lo + chunk;
    pthread_mutex_unlock(&mf->mu);
    if (lo >= mf->k->n) return NULL;
    gs_svc_kernel_fill(mf->k, mf->train, mf->kc->data, mf->p, lo, lo + chunk < mf->k->n ? lo + chunk : mf->k->n);
  }
}

int gs__kcache_build_keys(gs__kcache_t *kc, const size_t *train, size_t n_train, size_t n_rows,
                          const gs_svc_params_t *const *params, int threads, gs_error_t *err) {
  if (!kc->key_kernel && !(kc->key_kernel = calloc(kc->n_keys ? kc->n_keys : 1, sizeof *kc->key_kernel)))
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  if (!kc->train_pos) {
    if (!(kc->train_pos = malloc((n_rows ? n_rows : 1) * sizeof *kc->train_pos)))
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n_rows; i++) kc->train_pos[i] = SIZE_MAX;
    for (size_t i = 0; i < n_train; i++) kc->train_pos[train[i]] = i;
  }
  for (size_t key = 0; key < kc->n_keys; key++) {
    if (!params[key]) continue;
    gs_svc_kernel_t *k = &kc->key_kernel[key];
    if (!(k->values = malloc(n_train * n_train * sizeof *k->values)))
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    k->pos = kc->train_pos;
    k->n = n_train;
    struct matrix_fill mf = {kc, k, train, params[key], PTHREAD_MUTEX_INITIALIZER, 0};
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < threads && t < 64; t++)
      if (pthread_create(&tid[started], NULL, matrix_fill_main, &mf) == 0) started++;
    matrix_fill_main(&mf);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    gs_svc_kernel_mirror(k);
  }
  return GS_OK;
}

/* ---- blocks ---- */

/* Fills chunks of e's rows until none is left to claim; called with the
 * lock held, returns with it held. The last chunk done makes the block
 * ready. */
static void help_fill(gs__kcache_t *kc, gs__kcache_entry_t *e) {
  const size_t chunk = 16;
  while (e->filling && e->next_row < e->rows) {
    size_t lo = e->next_row, hi = lo + chunk < e->rows ? lo + chunk : e->rows;
    e->next_row = hi;
    pthread_mutex_unlock(&kc->lock);
    /* the training rows' kernels are of the cache's own rows */
    const gs_svc_kernel_t *k =
        kc->key_kernel && e->data == kc->data ? &kc->key_kernel[e->slot % kc->n_keys] : NULL;
    gs_svc_block_fill(e->b, e->data, &e->kp, k && k->values ? k : NULL, lo, hi);
    pthread_mutex_lock(&kc->lock);
    e->rows_done += hi - lo;
    if (e->rows_done == e->rows) { /* the last chunk: complete and publish */
      e->filling = 0;
      pthread_mutex_unlock(&kc->lock);
      gs_svc_block_mirror(e->b);
      pthread_mutex_lock(&kc->lock);
      e->ready = 1;
      pthread_cond_broadcast(&kc->cond);
    }
  }
}

struct fill_help {
  gs__kcache_t *kc;
  gs__kcache_entry_t *e;
};

static void *fill_helper_main(void *arg) {
  struct fill_help *fh = arg;
  pthread_mutex_lock(&fh->kc->lock);
  help_fill(fh->kc, fh->e);
  pthread_mutex_unlock(&fh->kc->lock);
  return NULL;
}

gs__kcache_entry_t *gs__kcache_acquire(gs__kcache_t *kc, size_t slot, const size_t *train, size_t n_train,
                                       const size_t *test, size_t n_test, const gs_svc_params_t *p, gs_error_t *err) {
  return gs__kcache_acquire_on(kc, slot, NULL, train, n_train, test, n_test, p, err);
}

gs__kcache_entry_t *gs__kcache_acquire_on(gs__kcache_t *kc, size_t slot, const gs_svc_data_t *data,
                                          const size_t *train, size_t n_train, const size_t *test, size_t n_test,
                                          const gs_svc_params_t *p, gs_error_t *err) {
  if (!data) data = kc->data;
  pthread_mutex_lock(&kc->lock);
  for (;;) {
    gs__kcache_entry_t *hit = NULL, *victim = NULL;
    for (size_t i = 0; i < kc->cap; i++) {
      gs__kcache_entry_t *e = &kc->entry[i];
      if (e->slot == slot) { hit = e; break; }
      if (e->refs == 0 && (!victim || e->slot == SIZE_MAX || (victim->slot != SIZE_MAX && e->used < victim->used))) victim = e;
    }
    if (hit) {
      hit->refs++;
      hit->used = ++kc->tick;
      if (!hit->ready) help_fill(kc, hit);
      while (!hit->ready && hit->slot == slot) pthread_cond_wait(&kc->cond, &kc->lock);
      if (hit->ready && hit->slot == slot) {
        kc->hits++;
        pthread_mutex_unlock(&kc->lock);
        return hit;
      }
      hit->refs--; /* its build failed: try again */
      continue;
    }
    if (!victim) { /* every entry pinned */
      pthread_cond_wait(&kc->cond, &kc->lock);
      continue;
    }
    victim->slot = slot;
    victim->ready = 0;
    victim->filling = 0;
    victim->refs = 1;
    victim->used = ++kc->tick;
    kc->builds++;
    gs_svc_block_t *b = victim->b;
    victim->b = NULL;
    pthread_mutex_unlock(&kc->lock);
    int rc = gs_svc_block_prepare(&b, data, train, n_train, test, n_test, err);
    pthread_mutex_lock(&kc->lock);
    victim->b = b;
    if (rc) {
      /* only this thread's pin goes: others that pinned the slot meanwhile
       * wake, see it is no longer theirs, and drop their own */
      victim->slot = SIZE_MAX;
      victim->refs--;
      pthread_cond_broadcast(&kc->cond);
      pthread_mutex_unlock(&kc->lock);
      return NULL;
    }
    victim->kp = *p;
    victim->data = data;
    victim->rows = gs_svc_block_rows(b);
    victim->next_row = victim->rows_done = 0;
    victim->filling = 1;
    pthread_cond_broadcast(&kc->cond);
    pthread_t helper[8];
    struct fill_help fh = {kc, victim};
    int n_helpers = 0;
    for (int h = 0; h < kc->helpers && h < 8; h++)
      if (pthread_create(&helper[n_helpers], NULL, fill_helper_main, &fh) == 0) n_helpers++;
    help_fill(kc, victim);
    while (!victim->ready) pthread_cond_wait(&kc->cond, &kc->lock);
    pthread_mutex_unlock(&kc->lock);
    for (int h = 0; h < n_helpers; h++) pthread_join(helper[h], NULL);
    return victim;
  }
}

gs_svc_block_t *gs__kcache_block(const gs__kcache_entry_t *e) { return e->b; }

void gs__kcache_release(gs__kcache_t *kc, gs__kcache_entry_t *e) {
  pthread_mutex_lock(&kc->lock);
  e->refs--;
  pthread_cond_broadcast(&kc->cond);
  pthread_mutex_unlock(&kc->lock);
}

int gs__kcache_pins(gs__kcache_t *kc) {
  int pins = 0;
  pthread_mutex_lock(&kc->lock);
  for (size_t i = 0; i < kc->cap; i++) pins += kc->entry[i].refs;
  pthread_mutex_unlock(&kc->lock);
  return pins;
}

void gs__kcache_set_helpers(gs__kcache_t *kc, int helpers) { kc->helpers = helpers; }

void gs__kcache_counts(const gs__kcache_t *kc, size_t *built, size_t *reused) {
  *built = kc->builds;
  *reused = kc->hits;
}

void gs__kcache_drop_idle(gs__kcache_t *kc, size_t below) {
  pthread_mutex_lock(&kc->lock);
  for (size_t i = 0; i < kc->cap; i++) {
    gs__kcache_entry_t *e = &kc->entry[i];
    if (e->refs || !e->b || (e->slot != SIZE_MAX && e->slot >= below)) continue;
    gs_svc_block_free(e->b);
    e->b = NULL;
    e->slot = SIZE_MAX;
    e->ready = 0;
  }
  pthread_mutex_unlock(&kc->lock);
}

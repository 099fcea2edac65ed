/* tkcache.c: training kernels shared by fits (tkcache.h). An entry is
 * found by its rows, their source and the kernel settings, compared in
 * full: slots and folds mean different rows in different searches
 * (halving's rounds), the rows themselves do not. Buffers are recycled,
 * not freed: fresh pages cost faults, and the farm hands out a fold's
 * candidates of one kernel setting together. */
#include "tkcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/error.h"

#define PANEL 64 /* rows a fill call computes */

typedef struct {
  const void *data;
  gs_svc_params_t kp;
  size_t *rows, n, rows_cap;
  double *K;
  size_t K_cap;               /* doubles */
  int pins, failed, valid;    /* valid: holds a triangle, or one being computed */
  size_t next, done, panels;  /* panels handed out / finished / in all */
  unsigned long used;         /* LRU tick */
} entry_t;

struct gs__tkcache {
  entry_t *e;
  size_t cap;
  unsigned long tick;
  size_t built, reused;
  pthread_mutex_t mu;
  pthread_cond_t cv;
};

gs__tkcache_t *gs__tkcache_new(size_t entries) {
  gs__tkcache_t *tc = calloc(1, sizeof *tc);
  if (!tc) return NULL;
  if (entries && !(tc->e = calloc(entries, sizeof *tc->e))) {
    free(tc);
    return NULL;
  }
  tc->cap = entries;
  pthread_mutex_init(&tc->mu, NULL);
  pthread_cond_init(&tc->cv, NULL);
  return tc;
}

void gs__tkcache_free(gs__tkcache_t *tc) {
  if (!tc) return;
  for (size_t i = 0; i < tc->cap; i++) {
    free(tc->e[i].rows);
    free(tc->e[i].K);
  }
  free(tc->e);
  pthread_mutex_destroy(&tc->mu);
  pthread_cond_destroy(&tc->cv);
  free(tc);
}

static int same_kernel(const gs_svc_params_t *a, const gs_svc_params_t *b) {
  return a->kernel == b->kernel && a->gamma == b->gamma && a->coef0 == b->coef0 && a->degree == b->degree;
}

static entry_t *find(gs__tkcache_t *tc, const void *data, const gs_svc_params_t *p, const size_t *rows, size_t n) {
  for (size_t i = 0; i < tc->cap; i++) {
    entry_t *e = &tc->e[i];
    if (e->valid && !e->failed && e->data == data && e->n == n && same_kernel(&e->kp, p) &&
        !memcmp(e->rows, rows, n * sizeof *rows))
      return e;
  }
  return NULL;
}

static size_t room(size_t n) {
  size_t r = n + n / 64 + 16;
  return gs__tkcache_row(r, r);
}

size_t gs__tkcache_bytes(size_t n) { return room(n) * sizeof(double); }

/* An unpinned entry to recycle (the least recently used), made room for
 * n rows; NULL when every entry is pinned, or out of memory (*rc). */
static entry_t *recycle(gs__tkcache_t *tc, size_t n, int *rc) {
  entry_t *v = NULL;
  for (size_t i = 0; i < tc->cap; i++) {
    entry_t *e = &tc->e[i];
    if (e->pins) continue;
    if (!v || !e->valid || (v->valid && e->used < v->used)) v = e;
    if (!v->valid) break;
  }
  if (!v) return NULL;
  v->valid = 0;
  if (gs__tkcache_row(n, n) > v->K_cap) {
    free(v->K);
    v->K_cap = 0;
    if (!(v->K = malloc(room(n) * sizeof *v->K))) {
      *rc = GS_ENOMEM;
      return NULL;
    }
    v->K_cap = room(n);
  }
  if (n > v->rows_cap) {
    free(v->rows);
    v->rows_cap = 0;
    if (!(v->rows = malloc(n * sizeof *v->rows))) {
      *rc = GS_ENOMEM;
      return NULL;
    }
    v->rows_cap = n;
  }
  return v;
}

const double *gs__tkcache_acquire(gs__tkcache_t *tc, const void *data, const gs_svc_params_t *p, const size_t *rows,
                                  size_t n, gs__tkcache_fill_fn fill, void *ctx, int *rc) {
  *rc = GS_OK;
  if (!tc || !tc->cap || !n) return NULL;
  pthread_mutex_lock(&tc->mu);
  entry_t *e = find(tc, data, p, rows, n);
  if (e) {
    tc->reused++;
  } else if ((e = recycle(tc, n, rc))) {
    e->data = data;
    e->kp = *p;
    e->n = n;
    memcpy(e->rows, rows, n * sizeof *rows);
    e->failed = 0;
    e->valid = 1;
    e->next = e->done = 0;
    e->panels = (n + PANEL - 1) / PANEL;
    tc->built++;
  } else {
    pthread_mutex_unlock(&tc->mu);
    return NULL;
  }
  e->pins++;
  e->used = ++tc->tick;
  /* help compute it: any panel not yet handed out, then wait for the rest */
  while (e->next < e->panels && !e->failed) {
    size_t k = e->next++;
    pthread_mutex_unlock(&tc->mu);
    size_t r0 = k * PANEL, r1 = r0 + PANEL < n ? r0 + PANEL : n;
    int frc = fill(ctx, r0, r1, e->K + gs__tkcache_row(n, r0));
    pthread_mutex_lock(&tc->mu);
    if (frc) e->failed = 1;
    e->done++;
    if (e->done == e->next) pthread_cond_broadcast(&tc->cv);
  }
  while (e->done < e->next) pthread_cond_wait(&tc->cv, &tc->mu);
  if (e->failed) {
    e->pins--;
    if (!e->pins) e->valid = 0;
    pthread_mutex_unlock(&tc->mu);
    *rc = GS_ENOMEM;
    return NULL;
  }
  pthread_mutex_unlock(&tc->mu);
  return e->K;
}

void gs__tkcache_release(gs__tkcache_t *tc, const double *K) {
  if (!tc || !K) return;
  pthread_mutex_lock(&tc->mu);
  for (size_t i = 0; i < tc->cap; i++)
    if (tc->e[i].K == K && tc->e[i].pins) {
      tc->e[i].pins--;
      break;
    }
  pthread_mutex_unlock(&tc->mu);
}

void gs__tkcache_counts(gs__tkcache_t *tc, size_t *built, size_t *reused) {
  pthread_mutex_lock(&tc->mu);
  *built = tc->built;
  *reused = tc->reused;
  pthread_mutex_unlock(&tc->mu);
}

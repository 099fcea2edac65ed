/* tkcache.h: training kernels shared by fits (private to lib/): the upper
 * triangle of the kernel of one fit's training rows, kept for the next fit
 * on the same rows with the same kernel settings (the candidates of a
 * fold that differ only in C or class_weight), in a fixed number of
 * entries recycled least recently used first. Every fit that asks for an
 * entry still being computed helps compute it, row panel by row panel. */
#ifndef GS_TKCACHE_H
#define GS_TKCACHE_H

#include <stddef.h>

#include "gridsearch/svc.h"

typedef struct gs__tkcache gs__tkcache_t;

/* Rows [r0, r1) of the triangle into out (row r: its n - r values for
 * columns r..n-1, rows one after another), with the asking fit's ctx.
 * GS_OK, or GS_ENOMEM. */
typedef int (*gs__tkcache_fill_fn)(void *ctx, size_t r0, size_t r1, double *out);

/* A cache of `entries` triangles (0: it keeps none); NULL when out of
 * memory. */
gs__tkcache_t *gs__tkcache_new(size_t entries);
void gs__tkcache_free(gs__tkcache_t *tc);

/* Where row r of an n-row triangle starts. */
static inline size_t gs__tkcache_row(size_t n, size_t r) { return r * n - r * (r - 1) / 2; }

/* Bytes an entry takes for a triangle of n rows: room for a few more rows
 * than n, so that the folds of a search (sizes a row or two apart) reuse
 * one buffer without fresh pages. */
size_t gs__tkcache_bytes(size_t n);

/* The triangle over rows[0..n) of data (any pointer naming the rows'
 * source) with p's kernel settings (kernel, gamma, coef0, degree): from
 * the cache, or computed into a recycled entry with fill. Pinned until
 * gs__tkcache_release. NULL with *rc GS_OK when no entry is free (every
 * one pinned) or n is 0: the caller computes its kernels itself; NULL with
 * *rc GS_ENOMEM when memory or a fill failed. Thread-safe. */
const double *gs__tkcache_acquire(gs__tkcache_t *tc, const void *data, const gs_svc_params_t *p, const size_t *rows,
                                  size_t n, gs__tkcache_fill_fn fill, void *ctx, int *rc);

/* Unpins the triangle K from gs__tkcache_acquire. */
void gs__tkcache_release(gs__tkcache_t *tc, const double *K);

/* Triangles computed and triangles taken from the cache so far. */
void gs__tkcache_counts(gs__tkcache_t *tc, size_t *built, size_t *reused);

#endif

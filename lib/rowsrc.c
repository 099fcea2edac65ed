/* rowsrc.c: the dense row source (rowsrc.h): dot products of gathered rows
 * through OpenBLAS's dgemm, and scratch memory reused from call to call. */
#define _GNU_SOURCE /* cblas.h (OpenBLAS) declares affinity calls with cpu_set_t */
#include "rowsrc.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/error.h"

double *gs__scratch_get(gs__scratch_t *s, size_t n) {
  if (n <= s->cap) return s->v;
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return NULL;
  free(s->v);
  s->v = v;
  s->cap = n;
  return v;
}

void gs__scratch_free(gs__scratch_t *s) {
  free(s->v);
  s->v = NULL;
  s->cap = 0;
}

static int dense_dots(const gs__rowsrc_t *rs, const size_t *a, size_t na, const size_t *b, size_t nb, double *dot,
                      size_t ld, gs__scratch_t *scratch) {
  const double *X = rs->impl;
  size_t d = rs->n_features;
  if (!na || !nb) return GS_OK;
  double *A = gs__scratch_get(scratch, (na + nb) * (d ? d : 1));
  if (!A) return GS_ENOMEM;
  double *B = A + na * d;
  for (size_t i = 0; i < na; i++) memcpy(A + i * d, X + a[i] * d, d * sizeof *A);
  for (size_t j = 0; j < nb; j++) memcpy(B + j * d, X + b[j] * d, d * sizeof *B);
  if (!d) {
    for (size_t i = 0; i < na; i++) memset(dot + i * ld, 0, nb * sizeof *dot);
    return GS_OK;
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)na, (int)nb, (int)d, 1.0, A, (int)d, B, (int)d, 0.0, dot,
              (int)ld);
  return GS_OK;
}

static double dense_sqnorm(const gs__rowsrc_t *rs, size_t row) {
  const double *x = (const double *)rs->impl + row * rs->n_features;
  double s = 0.0;
  for (size_t f = 0; f < rs->n_features; f++) s += x[f] * x[f];
  return s;
}

static size_t dense_nonzeros(const gs__rowsrc_t *rs, size_t row, int *index, double *value) {
  const double *x = (const double *)rs->impl + row * rs->n_features;
  size_t k = 0;
  for (size_t f = 0; f < rs->n_features; f++)
    if (x[f] != 0.0) {
      index[k] = (int)f + 1;
      value[k++] = x[f];
    }
  return k;
}

gs__rowsrc_t gs__rowsrc_dense(const double *X, size_t n_rows, size_t n_features) {
  gs__rowsrc_t rs = {X, n_rows, n_features, dense_dots, dense_sqnorm, dense_nonzeros};
  return rs;
}

/* npmath.c: numpy's float64 add.reduce order (pairwise with eight accumulators
 * below 128 elements, halving above, applied per 8192-element buffer chunk and
 * accumulated from 0.0), checked against numpy 1.24 in tests/golden. */
#include "gridsearch/npmath.h"

#include <math.h>
#include <stdlib.h>

#define NP_BLOCK 128
#define NP_BUFSIZE 8192

static double np_pairwise(const double *a, size_t n, size_t s) {
  if (n < 8) {
    double res = 0.0;
    for (size_t i = 0; i < n; i++) res += a[i * s];
    return res;
  }
  if (n <= NP_BLOCK) {
    double r[8];
    size_t i;
    for (int j = 0; j < 8; j++) r[j] = a[(size_t)j * s];
    for (i = 8; i < n - (n % 8); i += 8)
      for (size_t j = 0; j < 8; j++) r[j] += a[(i + j) * s];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[i * s];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return np_pairwise(a, n2, s) + np_pairwise(a + n2 * s, n - n2, s);
}

double gs_np_sum(const double *a, size_t n, size_t stride) {
  double res = 0.0;
  for (size_t i = 0; i < n; i += NP_BUFSIZE) {
    size_t m = n - i < NP_BUFSIZE ? n - i : NP_BUFSIZE;
    res += np_pairwise(a + i * stride, m, stride);
  }
  return res;
}

double gs_np_mean(const double *a, size_t n) {
  return gs_np_sum(a, n, 1) / (double)n;
}

double gs_np_average(const double *a, const double *w, size_t n) {
  double *p = malloc(n * sizeof *p);
  double num = 0.0;
  if (p) {
    for (size_t i = 0; i < n; i++) p[i] = a[i] * w[i];
    num = gs_np_sum(p, n, 1);
    free(p);
  } else {
    /* out of memory: fall back to a plain sum (never hit at our sizes) */
    for (size_t i = 0; i < n; i++) num += a[i] * w[i];
  }
  return num / gs_np_sum(w, n, 1);
}

/* sum of (a - m)^2 in numpy's order, through a chunk-sized scratch buffer */
static double np_sq_dev_sum(const double *a, size_t n, double m) {
  double buf[NP_BUFSIZE];
  double res = 0.0;
  for (size_t i = 0; i < n; i += NP_BUFSIZE) {
    size_t c = n - i < NP_BUFSIZE ? n - i : NP_BUFSIZE;
    for (size_t j = 0; j < c; j++) {
      double d = a[i + j] - m;
      buf[j] = d * d;
    }
    res += np_pairwise(buf, c, 1);
  }
  return res;
}

double gs_np_var(const double *a, size_t n) {
  double m = gs_np_mean(a, n);
  return np_sq_dev_sum(a, n, m) / (double)n;
}

double gs_np_std(const double *a, size_t n) {
  return sqrt(gs_np_var(a, n));
}

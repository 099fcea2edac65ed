/* csr.c: compressed sparse rows (csr.h): the kernels from sparse dot
 * products, and scikit-learn's X.var() of sparse input. */
#include "gridsearch/csr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/npmath.h"

gs_csr_t *gs_csr_new(size_t n_rows, size_t n_cols, size_t nnz) {
  gs_csr_t *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->n_rows = n_rows;
  m->n_cols = n_cols;
  m->nnz = nnz;
  m->indptr = calloc(n_rows + 1, sizeof *m->indptr);
  m->indices = malloc((nnz ? nnz : 1) * sizeof *m->indices);
  m->values = malloc((nnz ? nnz : 1) * sizeof *m->values);
  m->sq = calloc(n_rows ? n_rows : 1, sizeof *m->sq);
  if (!m->indptr || !m->indices || !m->values || !m->sq) {
    gs_csr_free(m);
    return NULL;
  }
  return m;
}

void gs_csr_finish(gs_csr_t *m) {
  size_t k = 0;
  m->max_row_nnz = 0;
  for (size_t r = 0; r < m->n_rows; r++) {
    size_t lo = m->indptr[r], hi = m->indptr[r + 1], start = k;
    double s = 0.0;
    for (size_t i = lo; i < hi; i++) {
      if (m->values[i] == 0.0) continue;
      m->indices[k] = m->indices[i];
      m->values[k] = m->values[i];
      s += m->values[k] * m->values[k];
      k++;
    }
    m->indptr[r] = start;
    m->sq[r] = s;
    if (k - start > m->max_row_nnz) m->max_row_nnz = k - start;
  }
  m->indptr[m->n_rows] = k;
  m->nnz = k;
}

gs_csr_t *gs_csr_scaled(const gs_csr_t *m, const double *factor) {
  gs_csr_t *c = gs_csr_new(m->n_rows, m->n_cols, m->nnz);
  if (!c) return NULL;
  memcpy(c->indptr, m->indptr, (m->n_rows + 1) * sizeof *c->indptr);
  memcpy(c->indices, m->indices, m->nnz * sizeof *c->indices);
  for (size_t i = 0; i < m->nnz; i++) c->values[i] = m->values[i] * factor[m->indices[i]];
  gs_csr_finish(c);
  return c;
}

void gs_csr_free(gs_csr_t *m) {
  if (!m) return;
  free(m->indptr);
  free(m->indices);
  free(m->values);
  free(m->sq);
  free(m);
}

void gs_csr_row_dense(const gs_csr_t *m, size_t r, double *x) {
  memset(x, 0, m->n_cols * sizeof *x);
  for (size_t i = m->indptr[r]; i < m->indptr[r + 1]; i++) x[m->indices[i]] = m->values[i];
}

double gs_csr_dot(const gs_csr_t *m, size_t a, size_t b) {
  size_t i = m->indptr[a], ie = m->indptr[a + 1], j = m->indptr[b], je = m->indptr[b + 1];
  double s = 0.0;
  while (i < ie && j < je) {
    if (m->indices[i] == m->indices[j]) s += m->values[i++] * m->values[j++];
    else if (m->indices[i] > m->indices[j]) j++;
    else i++;
  }
  return s;
}

double gs_csr_var_rows(const gs_csr_t *m, const size_t *rows, size_t n, double *buf) {
  /* scipy: X / np.array(n * cols) is X._mul_scalar(1. / (n * cols)) */
  double inv = 1.0 / (double)(n * m->n_cols);
  for (size_t i = 0; i < n; i++) {
    double s = 0.0;
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) s += m->values[k] * inv;
    buf[i] = s;
  }
  double mean = gs_np_sum(buf, n, 1);
  for (size_t i = 0; i < n; i++) {
    double s = 0.0;
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) {
      double v = m->values[k];
      s += (v * v) * inv;
    }
    buf[i] = s;
  }
  double mean_sq = gs_np_sum(buf, n, 1);
  return mean_sq - mean * mean;
}

/* LIBSVM's powi, so poly kernels round as LIBSVM's do. */
static double powi(double base, int times) {
  double tmp = base, ret = 1.0;
  for (int t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

void gs_csr_kernel_row(const gs_csr_t *m, const gs_svc_params_t *p, size_t a, const size_t *cols, size_t n,
                       double *dense, double *out, size_t stride) {
  const size_t *ip = m->indptr;
  const int *ix = m->indices;
  const double *v = m->values;
  for (size_t k = ip[a]; k < ip[a + 1]; k++) dense[ix[k]] = v[k];
  for (size_t j = 0; j < n; j++) {
    size_t b = cols[j];
    /* the columns b stores, in order: a's value or 0 for each, so the sum
     * is LIBSVM's merge of both rows' common columns (adding a zero product
     * to a sum that is never -0 leaves it unchanged) */
    double dot = 0.0;
    for (size_t k = ip[b]; k < ip[b + 1]; k++) dot += dense[ix[k]] * v[k];
    double r;
    switch (p->kernel) {
    case GS_KERNEL_LINEAR: r = dot; break;
    case GS_KERNEL_POLY: r = powi(p->gamma * dot + p->coef0, p->degree); break;
    case GS_KERNEL_RBF: r = exp(-p->gamma * (m->sq[a] + m->sq[b] - 2 * dot)); break;
    default: r = tanh(p->gamma * dot + p->coef0); break;
    }
    out[j * stride] = r;
  }
  for (size_t k = ip[a]; k < ip[a + 1]; k++) dense[ix[k]] = 0.0;
}

gs_csr_cols_t *gs_csr_cols_new(const gs_csr_t *m, const size_t *rows, size_t n) {
  gs_csr_cols_t *c = calloc(1, sizeof *c);
  size_t nnz = 0;
  if (!c) return NULL;
  for (size_t i = 0; i < n; i++) nnz += m->indptr[rows[i] + 1] - m->indptr[rows[i]];
  c->n = n;
  c->n_cols = m->n_cols;
  c->colptr = calloc(m->n_cols + 1, sizeof *c->colptr);
  c->pos = malloc((nnz ? nnz : 1) * sizeof *c->pos);
  c->val = malloc((nnz ? nnz : 1) * sizeof *c->val);
  if (!c->colptr || !c->pos || !c->val) {
    gs_csr_cols_free(c);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) c->colptr[m->indices[k] + 1]++;
  for (size_t j = 0; j < m->n_cols; j++) c->colptr[j + 1] += c->colptr[j];
  /* fill in set order, so each column's positions ascend; colptr[j] walks
   * to colptr[j + 1] and is shifted back after */
  for (size_t i = 0; i < n; i++)
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) {
      size_t at = c->colptr[m->indices[k]]++;
      c->pos[at] = (unsigned)i;
      c->val[at] = m->values[k];
    }
  for (size_t j = m->n_cols; j > 0; j--) c->colptr[j] = c->colptr[j - 1];
  c->colptr[0] = 0;
  return c;
}

void gs_csr_cols_free(gs_csr_cols_t *c) {
  if (!c) return;
  free(c->colptr);
  free(c->pos);
  free(c->val);
  free(c);
}

void gs_csr_kernel_row_cols(const gs_csr_t *m, const gs_csr_cols_t *c, const size_t *rows, const gs_svc_params_t *p,
                            size_t a, size_t first, double *acc, double *out, size_t stride) {
  size_t n = c->n;
  if (first >= n) return;
  memset(acc + first, 0, (n - first) * sizeof *acc);
  for (size_t k = m->indptr[a]; k < m->indptr[a + 1]; k++) {
    double va = m->values[k];
    size_t lo = c->colptr[m->indices[k]], hi = c->colptr[m->indices[k] + 1];
    /* positions ascend: walk down from the last while still >= first */
    for (size_t t = hi; t > lo && c->pos[t - 1] >= first; t--) acc[c->pos[t - 1]] += va * c->val[t - 1];
  }
  for (size_t j = first; j < n; j++) {
    double dot = acc[j], r;
    switch (p->kernel) {
    case GS_KERNEL_LINEAR: r = dot; break;
    case GS_KERNEL_POLY: r = powi(p->gamma * dot + p->coef0, p->degree); break;
    case GS_KERNEL_RBF: r = exp(-p->gamma * (m->sq[a] + m->sq[rows[j]] - 2 * dot)); break;
    default: r = tanh(p->gamma * dot + p->coef0); break;
    }
    out[(j - first) * stride] = r;
  }
}

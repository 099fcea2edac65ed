/* svc.c: LIBSVM C-SVC fits over precomputed kernels (values rewritten in
 * node arrays built once per worker) or over LIBSVM's own sparse nodes. */
#define _GNU_SOURCE /* cblas.h (OpenBLAS) declares affinity calls with cpu_set_t */
#include "gridsearch/svc.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <svm.h>
#include <sys/mman.h>
#include <time.h>

#include "gridsearch/config.h"
#include "gridsearch/csr.h"
#include "svc_impl.h"
#include "clock.h"
#include "gridsearch/log.h"

struct gs_svc_work {
  size_t cap_train;            /* rows the node arrays were sized for */
  size_t node_cap;             /* nodes allocated */
  struct svm_node *nodes;      /* training nodes */
  struct svm_node **rows;      /* row pointers into nodes */
  struct svm_node *test;       /* one test row */
  double *labels;              /* training labels as LIBSVM wants them */
  size_t *order;               /* training rows, stably sorted by label */
};

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
/* LIBSVM's print hook: its text goes to the log (gs_log_libsvm) */
static void gs__svc_quiet(void) { svm_set_print_string_function(gs_log_libsvm); }
void gs__svc_init(void) { pthread_once(&quiet_once, gs__svc_quiet); }

/* Kernel blocks are large and short-lived; on this kind of (virtualised)
 * machine each 4 KiB page fault is expensive, so ask for transparent huge
 * pages (2 MiB) where the kernel offers them on request. */
#define HUGE_PAGE (2u << 20)
static void *big_alloc(size_t bytes) {
  void *p = NULL;
  size_t size = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  if (size == 0) size = HUGE_PAGE;
  if (posix_memalign(&p, HUGE_PAGE, size) != 0) return NULL;
#ifdef MADV_HUGEPAGE
  madvise(p, size, MADV_HUGEPAGE);
#endif
  return p;
}

/* Nodes a row of d may need, with its terminator. */
static size_t row_nodes(const gs_svc_data_t *d) { return (d->csr ? d->csr->max_row_nnz : d->n_features) + 1; }

size_t gs_svc_work_bytes(const gs_svc_data_t *d, size_t max_train) {
  return ((max_train + 1) * row_nodes(d)) * sizeof(struct svm_node) +
         max_train * (sizeof(struct svm_node *) + sizeof(double) + sizeof(size_t));
}

int gs_svc_work_new(gs_svc_work_t **out, const gs_svc_data_t *d, size_t max_train, gs_error_t *err) {
  gs__svc_init();
  gs_svc_work_t *w = calloc(1, sizeof *w);
  *out = NULL;
  if (!w) goto oom;
  size_t per_row = row_nodes(d);
  w->cap_train = max_train;
  w->node_cap = max_train * per_row;
  w->nodes = malloc((w->node_cap ? w->node_cap : 1) * sizeof *w->nodes);
  w->rows = malloc((max_train ? max_train : 1) * sizeof *w->rows);
  w->test = malloc(per_row * sizeof *w->test);
  w->labels = malloc((max_train ? max_train : 1) * sizeof *w->labels);
  w->order = malloc((max_train ? max_train : 1) * sizeof *w->order);
  if (!w->nodes || !w->rows || !w->test || !w->labels || !w->order) goto oom;
  *out = w;
  return GS_OK;
oom:
  gs_svc_work_free(w);
  return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory for LIBSVM node arrays (%zu training rows)", max_train);
}

void gs_svc_work_free(gs_svc_work_t *w) {
  if (!w) return;
  free(w->nodes);
  free(w->rows);
  free(w->test);
  free(w->labels);
  free(w->order);
  free(w);
}

/* LIBSVM (3.18 on) swaps the classes of a two-class problem labelled -1
 * and +1 when -1 comes first, which scikit-learn's copy does not: the
 * solver then stops at a different point within its tolerance, and the
 * decision values differ from scikit-learn's by up to about tol. So such a
 * problem is handed to LIBSVM with -1 written as -2 (the same order, no
 * swap), and -2 read back as -1. minus_one: whether the training labels,
 * sorted, are exactly {-1, +1}. */
#define GS_SVC_MINUS_ONE (-2.0)
static int is_minus_one_plus_one(const long *y, const size_t *sorted, size_t n) {
  if (n == 0 || y[sorted[0]] != -1 || y[sorted[n - 1]] != 1) return 0;
  for (size_t i = 0; i < n; i++)
    if (y[sorted[i]] == 0) return 0;
  return 1;
}
static double to_libsvm(long y, int minus_one) { return minus_one && y == -1 ? GS_SVC_MINUS_ONE : (double)y; }
static long from_libsvm(double v, int minus_one) { return minus_one && v == GS_SVC_MINUS_ONE ? -1 : (long)v; }

/* LIBSVM's powi, so poly kernels round as LIBSVM's do. */
double gs__svc_powi(double base, int times) {
  double tmp = base, ret = 1.0;
  for (int t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/* The dot product of two rows of dense X (a preprocessed view: no Gram
 * matrix), summed as LIBSVM's own Kernel::dot sums it (feature order). */
static inline double dot_rows(const double *xa, const double *xb, size_t nf) {
  double sum = 0.0;
  for (size_t k = 0; k < nf; k++) sum += xa[k] * xb[k];
  return sum;
}

/* The kernel value of rows a, b from the Gram matrix, as LIBSVM's Kernel
 * computes it from dot products. */
static inline double kernel_of(const gs_svc_params_t *p, const double *g, size_t n, size_t a, size_t b) {
  double dot = g[a * n + b];
  switch (p->kernel) {
  case GS_KERNEL_LINEAR: return dot;
  case GS_KERNEL_POLY: return gs__svc_powi(p->gamma * dot + p->coef0, p->degree);
  case GS_KERNEL_RBF: return exp(-p->gamma * (g[a * n + a] + g[b * n + b] - 2 * dot));
  default: return tanh(p->gamma * dot + p->coef0);
  }
}

/* Sorts ord[0..n) by y[ord[i]], stably (rows of one label keep their
 * order: LIBSVM then orders classes as scikit-learn's copy does), by a
 * bottom-up merge sort through tmp (n entries): O(n log n). */
void gs__svc_sort_by_label(size_t *ord, size_t *tmp, size_t n, const long *y) {
  size_t *a = ord, *b = tmp;
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
      while (i < mid && j < hi) b[k++] = y[a[j]] < y[a[i]] ? a[j++] : a[i++];
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    size_t *t = a;
    a = b;
    b = t;
  }
  if (a != ord) memcpy(ord, a, n * sizeof *ord);
}

/* The train rows stably sorted by label into w->order. */
static int sort_by_label(gs_svc_work_t *w, const long *y, const size_t *train, size_t n, gs_error_t *err) {
  size_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory sorting %zu training rows", n);
  memcpy(w->order, train, n * sizeof *train);
  gs__svc_sort_by_label(w->order, tmp, n, y);
  free(tmp);
  return GS_OK;
}

/* Row r of d as LIBSVM nodes (its nonzero features, then the terminator);
 * returns the nodes written. */
static size_t sparse_row(struct svm_node *dst, const gs_svc_data_t *d, size_t r) {
  size_t k = 0;
  if (d->csr) {
    const gs_csr_t *m = d->csr;
    for (size_t i = m->indptr[r]; i < m->indptr[r + 1]; i++) dst[k++] = (struct svm_node){m->indices[i] + 1, m->values[i]};
  } else {
    const double *x = d->X + r * d->n_features;
    for (size_t f = 0; f < d->n_features; f++)
      if (x[f] != 0.0) dst[k++] = (struct svm_node){(int)f + 1, x[f]};
  }
  dst[k++] = (struct svm_node){-1, 0.0};
  return k;
}

/* gs__svc_fill_param is defined with the blocks below; the model export
 * after them (svc_impl.h) */
static void extra_train(gs_svc_extra_t *ex, const struct svm_model *m, struct svm_node *const *rows, const size_t *order,
                        size_t n, const long *y, int m1);

int gs_svc_fit_predict(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                       double seconds[2], gs_error_t *err) {
  return gs_svc_fit_predict_ex(w, d, train, n_train, test, n_test, p, pred, NULL, seconds, err);
}

int gs_svc_fit_predict_ex(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                          const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                          gs_svc_extra_t *ex, double seconds[2], gs_error_t *err) {
  if (n_train > w->cap_train)
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "training set of %zu rows exceeds the worker's %zu", n_train, w->cap_train);
  double t0 = gs__now();
  int src = sort_by_label(w, d->y, train, n_train, err);
  if (src) return src;
  int m1 = is_minus_one_plus_one(d->y, w->order, n_train);
  size_t k = 0;
  for (size_t i = 0; i < n_train; i++) {
    w->rows[i] = w->nodes + k;
    k += sparse_row(w->nodes + k, d, w->order[i]);
    w->labels[i] = to_libsvm(d->y[w->order[i]], m1);
  }
  struct svm_problem prob = {(int)n_train, w->labels, w->rows};
  struct svm_parameter par;
  int *wl;
  int kt = p->kernel == GS_KERNEL_LINEAR ? LINEAR : p->kernel == GS_KERNEL_POLY ? POLY : p->kernel == GS_KERNEL_RBF ? RBF : SIGMOID;
  if (gs__svc_fill_param(&par, p, kt, m1, &wl)) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  const char *msg = svm_check_parameter(&prob, &par);
  if (msg) {
    free(wl);
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: %s", msg);
  }
  struct svm_model *model = svm_train(&prob, &par);
  free(wl);
  if (!model) return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: training failed");
  double t1 = gs__now();
  for (size_t t = 0; t < n_test; t++) {
    sparse_row(w->test, d, test[t]);
    gs__svc_extra_row(ex, model, w->test, t, m1, pred);
  }
  double t2 = gs__now();
  extra_train(ex, model, w->rows, w->order, n_train, d->y, m1);
  gs__svc_extra_model(ex, model, p, d, w->order, m1);
  svm_free_and_destroy_model(&model);
  seconds[0] = t1 - t0;
  seconds[1] = t2 - t1;
  return GS_OK;
}

/* OpenBLAS's own thread pool spins after each call and would steal cycles
 * from our workers: the Gram matrix is computed single-threaded. */
void openblas_set_num_threads(int num_threads);

double *gs_svc_gram_alloc(size_t n) { return big_alloc(n * n * sizeof(double)); }

void gs_svc_gram(const double *X, size_t n, size_t nf, double *gram) {
  openblas_set_num_threads(1);
  cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)nf, 1.0, X, (int)nf, 0.0, gram, (int)n);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
}

struct gs_svc_block {
  size_t n_train, n_test;
  struct svm_node *nodes;      /* n_train x (n_train + 2), then n_test x (n_train + 2) */
  struct svm_node **rows;
  double *labels;
  size_t *order;               /* training rows, stably sorted by label */
  const size_t *test;          /* the test rows (the caller's array) */
  size_t node_cap, row_cap;    /* room, for recycling the block */
  int minus_one;               /* labels -1/+1 given to LIBSVM as -2/+1 */
  double *sq;                  /* dense rows without a Gram matrix: the
                                * training rows' squared norms, in order */
  gs_csr_cols_t *cols;         /* sparse rows without a Gram matrix: the
                                * training rows' columns, in order */
};

size_t gs_svc_block_bytes(size_t n_train, size_t n_test) {
  return (n_train + n_test) * (n_train + 2) * sizeof(struct svm_node) +
         n_train * (sizeof(struct svm_node *) + 2 * sizeof(double) + sizeof(size_t)) + sizeof(gs_svc_block_t);
}

void gs_svc_block_free(gs_svc_block_t *b) {
  if (!b) return;
  free(b->nodes);
  free(b->rows);
  free(b->labels);
  free(b->order);
  free(b->sq);
  gs_csr_cols_free(b->cols);
  free(b);
}

int gs_svc_block_prepare(gs_svc_block_t **out, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                         const size_t *test, size_t n_test, gs_error_t *err) {
  gs__svc_init();
  gs_svc_block_t *b = *out;
  size_t stride = n_train + 2, need = (n_train + n_test) * stride;
  *out = NULL;
  if (b && (b->node_cap < need || b->row_cap < n_train)) {
    gs_svc_block_free(b);
    b = NULL;
  }
  if (!b) {
    if (!(b = calloc(1, sizeof *b))) goto oom;
    b->nodes = big_alloc(need * sizeof *b->nodes);
    b->rows = malloc((n_train ? n_train : 1) * sizeof *b->rows);
    b->labels = malloc((n_train ? n_train : 1) * sizeof *b->labels);
    b->order = malloc((n_train ? n_train : 1) * sizeof *b->order);
    b->sq = malloc((n_train ? n_train : 1) * sizeof *b->sq);
    if (!b->nodes || !b->rows || !b->labels || !b->order || !b->sq) goto oom;
    b->node_cap = need;
    b->row_cap = n_train;
  }
  b->n_train = n_train;
  b->n_test = n_test;
  b->test = test;
  /* stable sort by label: LIBSVM then orders classes as scikit-learn's copy */
  size_t *ord = b->order, *tmp = malloc((n_train ? n_train : 1) * sizeof *tmp);
  if (!tmp) goto oom;
  memcpy(ord, train, n_train * sizeof *ord);
  gs__svc_sort_by_label(ord, tmp, n_train, d->y);
  free(tmp);
  b->minus_one = is_minus_one_plus_one(d->y, ord, n_train);
  for (size_t i = 0; i < n_train; i++) {
    b->rows[i] = b->nodes + i * stride;
    b->labels[i] = to_libsvm(d->y[ord[i]], b->minus_one);
  }
  gs_csr_cols_free(b->cols);
  b->cols = NULL;
  if (d->csr && !d->gram && !(b->cols = gs_csr_cols_new(d->csr, ord, n_train))) goto oom;
  if (!d->csr && !d->gram)
    for (size_t i = 0; i < n_train; i++) {
      const double *x = d->X + ord[i] * d->n_features;
      b->sq[i] = dot_rows(x, x, d->n_features);
    }
  *out = b;
  return GS_OK;
oom:
  gs_svc_block_free(b);
  return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory for a kernel block of %zu x %zu rows", n_train + n_test, n_train);
}

size_t gs_svc_block_rows(const gs_svc_block_t *b) { return b->n_train + b->n_test; }

void gs_svc_kernel_fill(gs_svc_kernel_t *k, const size_t *rows, const gs_svc_data_t *d, const gs_svc_params_t *p,
                        size_t lo, size_t hi) {
  if (d->csr) { /* sparse products: no Gram matrix */
    double *dense = calloc(d->csr->n_cols ? d->csr->n_cols : 1, sizeof *dense);
    for (size_t i = lo; dense && i < hi; i++)
      gs_csr_kernel_row(d->csr, p, rows[i], rows + i, k->n - i, dense, k->values + i * k->n + i, 1);
    if (dense) {
      free(dense);
      return;
    }
  }
  for (size_t i = lo; i < hi; i++) {
    double *r = k->values + i * k->n;
    for (size_t j = i; j < k->n; j++) r[j] = kernel_of(p, d->gram, d->n_rows, rows[i], rows[j]);
  }
}

void gs_svc_kernel_mirror(gs_svc_kernel_t *k) {
  size_t n = k->n;
  const size_t tile = 64;
  for (size_t i0 = 0; i0 < n; i0 += tile)
    for (size_t j0 = 0; j0 <= i0; j0 += tile)
      for (size_t i = i0; i < i0 + tile && i < n; i++)
        for (size_t j = j0; j < j0 + tile && j < i; j++) k->values[i * n + j] = k->values[j * n + i];
}

void gs_svc_block_fill(gs_svc_block_t *b, const gs_svc_data_t *d, const gs_svc_params_t *p, const gs_svc_kernel_t *k,
                       size_t lo, size_t hi) {
  size_t n_train = b->n_train, stride = n_train + 2;
  const size_t *ord = b->order;
  /* sparse rows without a Gram matrix: kernels from sparse products over
   * the training rows' columns (n_train doubles of scratch) */
  double *acc = b->cols ? malloc((n_train ? n_train : 1) * sizeof *acc) : NULL;
  for (size_t i = lo; i < hi; i++) {
    struct svm_node *r = b->nodes + i * stride;
    size_t a = i < n_train ? ord[i] : b->test[i - n_train];
    r[0].index = 0;
    r[0].value = (double)(i + 1);
    /* a training row: the values left of the diagonal come from mirror */
    size_t first = i < n_train ? i : 0;
    for (size_t j = 0; j < n_train; j++) r[j + 1].index = (int)(j + 1);
    size_t pa = k ? k->pos[a] : SIZE_MAX;
    if (pa != SIZE_MAX) { /* a row of the precomputed set: so are the training rows */
      const double *kr = k->values + pa * k->n;
      for (size_t j = first; j < n_train; j++) r[j + 1].value = kr[k->pos[ord[j]]];
    } else if (b->cols) {
      if (!acc) abort(); /* n_train doubles of scratch: nothing to fall back on */
      gs_csr_kernel_row_cols(d->csr, b->cols, ord, p, a, first, acc, &r[first + 1].value,
                             sizeof(struct svm_node) / sizeof(double));
    } else if (!d->gram) { /* dense rows without a Gram matrix: dot products */
      size_t nf = d->n_features;
      const double *xa = d->X + a * nf;
      double sa = i < n_train ? b->sq[i] : dot_rows(xa, xa, nf);
      for (size_t j = first; j < n_train; j++)
        r[j + 1].value = gs__svc_kernel(p, dot_rows(xa, d->X + ord[j] * nf, nf), sa, b->sq[j]);
    } else {
      for (size_t j = first; j < n_train; j++) r[j + 1].value = kernel_of(p, d->gram, d->n_rows, a, ord[j]);
    }
    r[n_train + 1].index = -1;
    r[n_train + 1].value = 0.0;
  }
  free(acc);
}

double gs_svc_block_value(const gs_svc_block_t *b, size_t row, size_t col) {
  return b->nodes[row * (b->n_train + 2) + col + 1].value;
}

void gs_svc_block_mirror(gs_svc_block_t *b) {
  size_t n = b->n_train, stride = n + 2;
  /* K[i][j] = K[j][i] for j < i, in tiles so both rows stay in cache */
  const size_t tile = 64;
  for (size_t i0 = 0; i0 < n; i0 += tile)
    for (size_t j0 = 0; j0 <= i0; j0 += tile)
      for (size_t i = i0; i < i0 + tile && i < n; i++) {
        struct svm_node *ri = b->nodes + i * stride;
        for (size_t j = j0; j < j0 + tile && j < i; j++) ri[j + 1].value = b->nodes[j * stride + i + 1].value;
      }
}

int gs_svc_block_build(gs_svc_block_t **b, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, gs_error_t *err) {
  int rc = gs_svc_block_prepare(b, d, train, n_train, test, n_test, err);
  if (rc) return rc;
  gs_svc_block_fill(*b, d, p, NULL, 0, n_train + n_test);
  gs_svc_block_mirror(*b);
  return GS_OK;
}

/* Fills LIBSVM's parameters from p; *wl is allocated when class weights are
 * given (caller frees). */
int gs__svc_fill_param(struct svm_parameter *par, const gs_svc_params_t *p, int kernel_type, int minus_one, int **wl) {
  memset(par, 0, sizeof *par);
  par->svm_type = C_SVC;
  par->kernel_type = kernel_type;
  par->degree = p->degree;
  par->gamma = p->gamma;
  par->coef0 = p->coef0;
  par->cache_size = p->cache_size;
  par->eps = p->tol;
  par->C = p->C;
  par->shrinking = p->shrinking;
  *wl = NULL;
  if (p->n_weights) {
    *wl = malloc(p->n_weights * sizeof **wl);
    if (!*wl) return GS_ENOMEM;
    for (size_t i = 0; i < p->n_weights; i++) (*wl)[i] = (int)to_libsvm(p->weight_labels[i], minus_one);
    par->nr_weight = (int)p->n_weights;
    par->weight_label = *wl;
    par->weight = (double *)p->weights;
  }
  return GS_OK;
}

int gs_svc_block_fit_predict(const gs_svc_block_t *b, const gs_svc_params_t *p, long *pred, double seconds[2],
                             gs_error_t *err) {
  return gs_svc_block_fit_predict_ex(b, NULL, p, pred, NULL, seconds, err);
}

int gs_svc_block_fit_predict_ex(const gs_svc_block_t *b, const gs_svc_data_t *d, const gs_svc_params_t *p, long *pred,
                                gs_svc_extra_t *ex, double seconds[2], gs_error_t *err) {
  double t0 = gs__now();
  struct svm_problem prob = {(int)b->n_train, b->labels, b->rows};
  struct svm_parameter par;
  int *wl;
  if (gs__svc_fill_param(&par, p, PRECOMPUTED, b->minus_one, &wl)) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  const char *msg = svm_check_parameter(&prob, &par);
  if (msg) {
    free(wl);
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: %s", msg);
  }
  struct svm_model *model = svm_train(&prob, &par);
  free(wl);
  if (!model) return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: training failed");
  double t1 = gs__now();
  size_t stride = b->n_train + 2;
  for (size_t t = 0; t < b->n_test; t++) gs__svc_extra_row(ex, model, b->nodes + (b->n_train + t) * stride, t, b->minus_one, pred);
  double t2 = gs__now();
  if (d) extra_train(ex, model, b->rows, b->order, b->n_train, d->y, b->minus_one);
  if (d) gs__svc_extra_model(ex, model, p, d, b->order, b->minus_one);
  svm_free_and_destroy_model(&model);
  seconds[0] = t1 - t0;
  seconds[1] = t2 - t1;
  return GS_OK;
}

/* One test row: its label, and with ex->dec its binary decision value in
 * scikit-learn's sign (LIBSVM's first pair is (label[0], label[1]),
 * positive for label[0]; scikit-learn's is positive for the larger). */
void gs__svc_extra_row(gs_svc_extra_t *ex, const struct svm_model *m, const struct svm_node *x, size_t t, int m1, long *pred) {
  if (!ex || !ex->dec) {
    pred[t] = from_libsvm(svm_predict(m, x), m1);
    return;
  }
  if (m->nr_class != 2) {
    pred[t] = from_libsvm(svm_predict(m, x), m1);
    ex->dec[t] = NAN;
    return;
  }
  double v;
  pred[t] = from_libsvm(svm_predict_values(m, x, &v), m1);
  ex->dec[t] = m->label[0] < m->label[1] ? -v : v;
}

/* The training rows' labels and predictions (and decision values), when
 * ex asks for them. */
static void extra_train(gs_svc_extra_t *ex, const struct svm_model *m, struct svm_node *const *rows, const size_t *order,
                        size_t n, const long *y, int m1) {
  if (!ex || !ex->train_pred) return;
  gs_svc_extra_t tr = {ex->train_dec, NULL, 0, 0, NULL, NULL, NULL};
  for (size_t i = 0; i < n; i++) {
    ex->train_true[i] = y[order[i]];
    gs__svc_extra_row(&tr, m, rows[i], i, m1, ex->train_pred);
  }
}

size_t gs_svc_model_bytes(size_t n_train, size_t n_features, size_t n_classes) {
  size_t pairs = n_classes * (n_classes - 1) / 2;
  /* header lines, rho per pair, label and nr_sv per class; per support
   * vector its coefficients and its nonzero features, each "%.17g" at most
   * 24 characters (plus an index of up to 11 and the separators) */
  return 256 + pairs * 26 + n_classes * 48 + n_train * ((n_classes - 1) * 26 + n_features * 38 + 2);
}

static void put(gs_svc_extra_t *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(gs_svc_extra_t *ex, const char *fmt, ...) {
  if (ex->model_len >= ex->model_cap) return;
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(ex->model + ex->model_len, ex->model_cap - ex->model_len, fmt, ap);
  va_end(ap);
  ex->model_len = w < 0 ? ex->model_cap : ex->model_len + (size_t)w;
}

/* The model as svm_save_model writes it, but with the kernel p names (a
 * precomputed fit's support vectors are written as their feature rows:
 * d's rows order[sv_indices - 1]) and every value to 17 digits, so that
 * svm_load_model gives back the numbers the fit used. model_len ends at
 * model_cap when the room was short (never, by gs_svc_model_bytes). */
void gs__svc_extra_model(gs_svc_extra_t *ex, const struct svm_model *m, const gs_svc_params_t *p, const gs_svc_data_t *d,
                        const size_t *order, int m1) {
  static const char *const kname[] = {"linear", "polynomial", "rbf", "sigmoid"};
  if (!ex || !ex->model) return;
  ex->model_len = 0;
  int k = m->nr_class, pairs = k * (k - 1) / 2;
  put(ex, "svm_type c_svc\nkernel_type %s\n", kname[p->kernel]);
  if (p->kernel == GS_KERNEL_POLY) put(ex, "degree %d\n", p->degree);
  if (p->kernel != GS_KERNEL_LINEAR) put(ex, "gamma %.17g\n", p->gamma);
  if (p->kernel == GS_KERNEL_POLY || p->kernel == GS_KERNEL_SIGMOID) put(ex, "coef0 %.17g\n", p->coef0);
  put(ex, "nr_class %d\ntotal_sv %d\nrho", k, m->l);
  for (int i = 0; i < pairs; i++) put(ex, " %.17g", m->rho[i]);
  put(ex, "\nlabel");
  for (int i = 0; i < k; i++) put(ex, " %ld", from_libsvm(m->label[i], m1));
  put(ex, "\nnr_sv");
  for (int i = 0; i < k; i++) put(ex, " %d", m->nSV[i]);
  put(ex, "\nSV\n");
  for (int i = 0; i < m->l; i++) {
    for (int j = 0; j < k - 1; j++) put(ex, "%.17g ", m->sv_coef[j][i]);
    size_t r = order[m->sv_indices[i] - 1];
    if (d->csr) {
      for (size_t j = d->csr->indptr[r]; j < d->csr->indptr[r + 1]; j++)
        put(ex, "%d:%.17g ", d->csr->indices[j] + 1, d->csr->values[j]);
    } else {
      const double *x = d->X + r * d->n_features;
      for (size_t f = 0; f < d->n_features; f++)
        if (x[f] != 0.0) put(ex, "%zu:%.17g ", f + 1, x[f]);
    }
    put(ex, "\n");
  }
  if (ex->model_len < ex->model_cap) ex->model[ex->model_len] = '\0';
}

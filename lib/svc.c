/* svc.c: LIBSVM C-SVC fits over precomputed kernels (values rewritten in
 * node arrays built once per worker) or over LIBSVM's own sparse nodes. */
#include "gridsearch/svc.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <svm.h>
#include <time.h>

#include "gridsearch/config.h"

struct gs_svc_work {
  size_t cap_train;            /* rows the node arrays were sized for */
  size_t node_cap;             /* nodes allocated */
  size_t built_n;              /* precomputed layout built for this n (0: none) */
  struct svm_node *nodes;      /* training nodes */
  struct svm_node **rows;      /* row pointers into nodes */
  struct svm_node *test;       /* one test row */
  double *labels;              /* training labels as LIBSVM wants them */
  size_t *order;               /* training rows, stably sorted by label */
  int *weight_label;
};

static void print_nothing(const char *s) { (void)s; }
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void make_libsvm_quiet(void) { svm_set_print_string_function(print_nothing); }

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

size_t gs_svc_work_bytes(const gs_svc_data_t *d, size_t max_train) {
  size_t per_row = d->gram ? max_train + 2 : d->n_features + 1;
  return (max_train * per_row + (d->gram ? max_train + 2 : d->n_features + 1)) * sizeof(struct svm_node) +
         max_train * (sizeof(struct svm_node *) + sizeof(double) + sizeof(size_t));
}

int gs_svc_work_new(gs_svc_work_t **out, const gs_svc_data_t *d, size_t max_train, gs_error_t *err) {
  pthread_once(&quiet_once, make_libsvm_quiet);
  gs_svc_work_t *w = calloc(1, sizeof *w);
  *out = NULL;
  if (!w) goto oom;
  size_t per_row = d->gram ? max_train + 2 : d->n_features + 1;
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
  free(w->weight_label);
  free(w);
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

/* The kernel value of rows a, b from the Gram matrix, as LIBSVM's Kernel
 * computes it from dot products. */
static inline double kernel_of(const gs_svc_params_t *p, const double *g, size_t n, size_t a, size_t b) {
  double dot = g[a * n + b];
  switch (p->kernel) {
  case GS_KERNEL_LINEAR: return dot;
  case GS_KERNEL_POLY: return powi(p->gamma * dot + p->coef0, p->degree);
  case GS_KERNEL_RBF: return exp(-p->gamma * (g[a * n + a] + g[b * n + b] - 2 * dot));
  default: return tanh(p->gamma * dot + p->coef0);
  }
}

/* Stable sort of train rows by label (insertion into class buckets). */
static void sort_by_label(gs_svc_work_t *w, const long *y, const size_t *train, size_t n) {
  memcpy(w->order, train, n * sizeof *train);
  /* insertion sort is stable; merge would be faster for huge n, but n is a
   * fold's training set and labels are few: use counting by label instead */
  size_t i, j;
  for (i = 1; i < n; i++) {
    size_t v = w->order[i];
    long lv = y[v];
    for (j = i; j > 0 && y[w->order[j - 1]] > lv; j--) w->order[j] = w->order[j - 1];
    w->order[j] = v;
  }
}

static size_t sparse_row(struct svm_node *dst, const double *x, size_t nf) {
  size_t k = 0;
  for (size_t f = 0; f < nf; f++)
    if (x[f] != 0.0) dst[k++] = (struct svm_node){(int)f + 1, x[f]};
  dst[k++] = (struct svm_node){-1, 0.0};
  return k;
}

int gs_svc_fit_predict(gs_svc_work_t *w, const gs_svc_data_t *d, const size_t *train, size_t n_train,
                       const size_t *test, size_t n_test, const gs_svc_params_t *p, long *pred,
                       double seconds[2], gs_error_t *err) {
  if (n_train > w->cap_train)
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "training set of %zu rows exceeds the worker's %zu", n_train, w->cap_train);
  double t0 = now();
  sort_by_label(w, d->y, train, n_train);
  const size_t *ord = w->order;
  size_t n = n_train;
  if (d->gram) {
    size_t stride = n + 2;
    if (w->built_n != n) {
      for (size_t i = 0; i < n; i++) {
        struct svm_node *r = w->nodes + i * stride;
        w->rows[i] = r;
        for (size_t j = 0; j <= n; j++) r[j].index = (int)j;
        r[n + 1].index = -1;
        r[0].value = (double)(i + 1);
      }
      for (size_t j = 0; j <= n; j++) w->test[j].index = (int)j;
      w->test[n + 1].index = -1;
      w->built_n = n;
    }
    const double *g = d->gram;
    size_t gn = d->n_rows;
    for (size_t i = 0; i < n; i++) {
      struct svm_node *r = w->rows[i];
      for (size_t j = 0; j <= i; j++) {
        double k = kernel_of(p, g, gn, ord[i], ord[j]);
        r[j + 1].value = k;
        w->rows[j][i + 1].value = k;
      }
    }
  } else {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      w->rows[i] = w->nodes + k;
      k += sparse_row(w->nodes + k, d->X + ord[i] * d->n_features, d->n_features);
    }
    w->built_n = 0;
  }
  for (size_t i = 0; i < n; i++) w->labels[i] = (double)d->y[ord[i]];

  struct svm_problem prob = {(int)n, w->labels, w->rows};
  struct svm_parameter par;
  memset(&par, 0, sizeof par);
  par.svm_type = C_SVC;
  par.kernel_type = d->gram ? PRECOMPUTED
                  : p->kernel == GS_KERNEL_LINEAR ? LINEAR
                  : p->kernel == GS_KERNEL_POLY ? POLY
                  : p->kernel == GS_KERNEL_RBF ? RBF : SIGMOID;
  par.degree = p->degree;
  par.gamma = p->gamma;
  par.coef0 = p->coef0;
  par.cache_size = p->cache_size;
  par.eps = p->tol;
  par.C = p->C;
  par.shrinking = p->shrinking;
  par.probability = 0;
  int *wl = NULL;
  if (p->n_weights) {
    wl = malloc(p->n_weights * sizeof *wl);
    if (!wl) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < p->n_weights; i++) wl[i] = (int)p->weight_labels[i];
    par.nr_weight = (int)p->n_weights;
    par.weight_label = wl;
    par.weight = (double *)p->weights;
  }
  const char *msg = svm_check_parameter(&prob, &par);
  if (msg) {
    free(wl);
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: %s", msg);
  }
  struct svm_model *model = svm_train(&prob, &par);
  free(wl);
  if (!model) return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: training failed");
  double t1 = now();
  for (size_t t = 0; t < n_test; t++) {
    size_t row = test[t];
    const struct svm_node *x;
    if (d->gram) {
      for (size_t j = 0; j < n; j++) w->test[j + 1].value = kernel_of(p, d->gram, d->n_rows, row, ord[j]);
      x = w->test;
    } else {
      sparse_row(w->test, d->X + row * d->n_features, d->n_features);
      x = w->test;
    }
    pred[t] = (long)svm_predict(model, x);
  }
  double t2 = now();
  svm_free_and_destroy_model(&model);
  if (d->gram) w->built_n = w->built_n; /* nodes stay laid out for the next fit */
  else w->built_n = 0;
  seconds[0] = t1 - t0;
  seconds[1] = t2 - t1;
  return GS_OK;
}

void gs_svc_gram(const double *X, size_t n, size_t nf, double *gram) {
  cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)nf, 1.0, X, (int)nf, 0.0, gram, (int)n);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
}

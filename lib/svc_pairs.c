/* svc_pairs.c: a k-class C-SVC solved pair of classes by pair of classes
 * (svc_pairs.h), each pair a binary svm_train on a kernel block of its own
 * rows, assembled into the model svm_train would give, and predicted from
 * its support vectors' kernels only. */
#include "svc_pairs.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <svm.h>
#include <time.h>

#include "gridsearch/config.h"
#include "svc_impl.h"
#include "clock.h"
#include "tkcache.h"

void openblas_set_num_threads(int num_threads);

/* One thread's buffers, reused fit after fit (no fresh pages per pair). */
typedef struct sset {
  struct sset *next;
  struct svm_node *nodes;
  size_t node_cap;
  size_t laid; /* nodes hold a block layout of this row stride (0: none) */
  struct svm_node **rows;
  double *labels, *sq;
  size_t *idx;
  size_t row_cap;
  int *fi;
  double *fv;
  size_t feat_cap;
  gs__scratch_t dot, gather, dec;
} sset_t;

struct gs__pairs {
  size_t block_bytes;
  gs__tkcache_t *tc; /* the training kernels shared by fits on the same rows */
  pthread_mutex_t mu;
  sset_t *spare;
};

static void sset_free(sset_t *s) {
  if (!s) return;
  free(s->nodes);
  free(s->rows);
  free(s->labels);
  free(s->sq);
  free(s->idx);
  free(s->fi);
  free(s->fv);
  gs__scratch_free(&s->dot);
  gs__scratch_free(&s->gather);
  gs__scratch_free(&s->dec);
  free(s);
}

gs__pairs_t *gs__pairs_new(size_t block_bytes, size_t shared) {
  gs__pairs_t *ps = calloc(1, sizeof *ps);
  if (!ps) return NULL;
  if (!(ps->tc = gs__tkcache_new(shared))) {
    free(ps);
    return NULL;
  }
  ps->block_bytes = block_bytes;
  pthread_mutex_init(&ps->mu, NULL);
  gs__svc_init();
  openblas_set_num_threads(1); /* our threads are the parallelism */
  return ps;
}

void gs__pairs_free(gs__pairs_t *ps) {
  if (!ps) return;
  while (ps->spare) {
    sset_t *n = ps->spare->next;
    sset_free(ps->spare);
    ps->spare = n;
  }
  gs__tkcache_free(ps->tc);
  pthread_mutex_destroy(&ps->mu);
  free(ps);
}

size_t gs__pairs_thread_bytes(size_t block_bytes, size_t np, size_t n_train, size_t n_features) {
  size_t block = np * (np + 2) * sizeof(struct svm_node);
  if (block > block_bytes) block = np * (n_features + 1) * sizeof(struct svm_node);
  /* rows, labels, norms, places; a panel of dot products (64 rows by a
   * pair or by the support vectors) and the rows gathered for it; a fit's
   * sorted rows, norms and dual coefficients are counted by the caller */
  size_t wide = np > n_train ? np : n_train;
  return block + np * (sizeof(struct svm_node *) + 3 * sizeof(double)) + 64 * wide * sizeof(double) +
         (64 + wide) * n_features * sizeof(double);
}

static sset_t *sset_take(gs__pairs_t *ps) {
  pthread_mutex_lock(&ps->mu);
  sset_t *s = ps->spare;
  if (s) ps->spare = s->next;
  pthread_mutex_unlock(&ps->mu);
  return s ? s : calloc(1, sizeof *s);
}

static void sset_give(gs__pairs_t *ps, sset_t *s) {
  pthread_mutex_lock(&ps->mu);
  s->next = ps->spare;
  ps->spare = s;
  pthread_mutex_unlock(&ps->mu);
}

/* Room for n rows, `nodes` nodes and f features in s. */
static int sset_reserve(sset_t *s, size_t n, size_t nodes, size_t f) {
  if (nodes > s->node_cap) {
    free(s->nodes);
    s->node_cap = 0;
    s->laid = 0;
    if (!(s->nodes = malloc(nodes * sizeof *s->nodes))) return GS_ENOMEM;
    s->node_cap = nodes;
  }
  if (n > s->row_cap) {
    free(s->rows);
    free(s->labels);
    free(s->sq);
    free(s->idx);
    s->row_cap = 0;
    s->rows = malloc(n * sizeof *s->rows);
    s->labels = malloc(n * sizeof *s->labels);
    s->sq = malloc(n * sizeof *s->sq);
    s->idx = malloc(n * sizeof *s->idx);
    if (!s->rows || !s->labels || !s->sq || !s->idx) return GS_ENOMEM;
    s->row_cap = n;
  }
  if (f > s->feat_cap) {
    free(s->fi);
    free(s->fv);
    s->feat_cap = 0;
    s->fi = malloc(f * sizeof *s->fi);
    s->fv = malloc(f * sizeof *s->fv);
    if (!s->fi || !s->fv) return GS_ENOMEM;
    s->feat_cap = f;
  }
  return GS_OK;
}

/* One fit's shared state: the sorted rows, the classes, per pair its
 * dual coefficients (alpha: its rows' places, 0 for a non-support vector)
 * and rho. */
typedef struct {
  gs__pairs_t *ps;
  const gs__rowsrc_t *rs;
  const long *y;
  const gs_svc_params_t *p;
  const size_t *order;
  const double *sq;           /* per place in order */
  size_t nk, n_pairs;
  size_t *start, *count;      /* per class */
  size_t *pi, *pj, *off;      /* per pair */
  double *alpha, *rho;
  size_t n_train, most;       /* training rows; rows of the largest precomputed pair */
  int all_pre;                /* every pair's block is precomputed */
  const double *tri;          /* the training rows' kernel (tkcache.h), or NULL */
  const double **diag;        /* without it, per class: its rows' kernel, count^2, or NULL */
  double *diag_mem;
  pthread_mutex_t mu;
  size_t next;
  int rc;
  gs_error_t err;
} fit_t;

/* Row stride of s's block layout for np rows: the one already laid out
 * when it has room, else a new one (np + 2), its indices written once.
 * LIBSVM's precomputed kernel reads only values (x[i][x[j][0].value]), so
 * a block reused by pair after pair rewrites values, the serial numbers
 * and the terminator only; a new layout is made for the fit's largest
 * precomputed pair (`most` rows). 0 when out of memory. */
static size_t block_layout(sset_t *s, size_t np, size_t most, size_t d) {
  if (s->laid >= np + 2 && s->node_cap >= np * s->laid && s->row_cap >= np) return s->laid;
  np = most > np ? most : np; /* laid out once for every pair of the fit */
  size_t stride = np + 2;
  if (sset_reserve(s, np, np * stride, d)) return 0;
  for (size_t r = 0; r < np; r++)
    for (size_t c = 1; c < stride; c++) s->nodes[r * stride + c].index = (int)c;
  s->laid = stride;
  return stride;
}

/* Pair q's training rows into s (class i's, then class j's) and their
 * LIBSVM nodes: a precomputed kernel block when it fits ps->block_bytes,
 * else the feature rows for LIBSVM's own kernels; *kernel_type says which,
 * *stride the block's row stride (its terminators to undo, unblock). */
static int pair_rows(fit_t *F, size_t q, sset_t *s, size_t *np_out, int *kernel_type, size_t *stride_out) {
  size_t i = F->pi[q], j = F->pj[q], ci = F->count[i], cj = F->count[j], np = ci + cj, d = F->rs->n_features;
  int pre = np * (np + 2) * sizeof(struct svm_node) <= F->ps->block_bytes;
  size_t stride = pre ? block_layout(s, np, F->most, d) : 0;
  if (pre ? !stride : sset_reserve(s, np, np * (d + 1), d)) return GS_ENOMEM;
  for (size_t k = 0; k < np; k++) {
    size_t at = k < ci ? F->start[i] + k : F->start[j] + (k - ci);
    s->idx[k] = F->order[at];
    s->sq[k] = F->sq[at];
    s->labels[k] = k < ci ? 1.0 : 2.0;
  }
  *np_out = np;
  *stride_out = stride;
  if (!pre) { /* LIBSVM's own kernels over the rows' non-zero features */
    size_t at = 0;
    s->laid = 0;
    for (size_t r = 0; r < np; r++) {
      size_t nz = F->rs->nonzeros(F->rs, s->idx[r], s->fi, s->fv);
      s->rows[r] = s->nodes + at;
      for (size_t k = 0; k < nz; k++) s->nodes[at++] = (struct svm_node){s->fi[k], s->fv[k]};
      s->nodes[at++] = (struct svm_node){-1, 0.0};
    }
    const gs_svc_params_t *p = F->p;
    *kernel_type = p->kernel == GS_KERNEL_LINEAR ? LINEAR : p->kernel == GS_KERNEL_POLY ? POLY
                   : p->kernel == GS_KERNEL_RBF  ? RBF : SIGMOID;
    return GS_OK;
  }
  /* the block, panel by panel of rows: on and above the diagonal from the
   * dot products, or copied from a class's own kernel (fit_diag), below it
   * mirrored (the kernel stays exactly symmetric, as LIBSVM's own): a
   * panel, once filled and still in cache, writes its columns past it into
   * the later rows' runs of the panel's columns, contiguously */
  const double *Di = F->diag ? F->diag[i] : NULL, *Dj = F->diag ? F->diag[j] : NULL;
  const size_t P = 64;
  for (size_t r0 = 0; r0 < np; r0 += P) {
    size_t pr = np - r0 < P ? np - r0 : P;
    /* dot products from column cs on: none needed in class j's own part */
    size_t cs = r0 < ci && Di ? ci : r0, w = np - cs;
    double *D = NULL;
    if (!F->tri && !(r0 >= ci && Dj)) {
      D = gs__scratch_get(&s->dot, pr * w);
      if (!D || F->rs->dots(F->rs, s->idx + r0, pr, s->idx + cs, w, D, w, &s->gather)) return GS_ENOMEM;
    }
    for (size_t r = r0; r < r0 + pr; r++) {
      struct svm_node *row = s->nodes + r * stride;
      const double *Dr = D ? D + (r - r0) * w - cs : NULL; /* Dr[c], c >= cs */
      s->rows[r] = row;
      row[0] = (struct svm_node){0, (double)(r + 1)};
      for (size_t c = r0; c < r; c++) row[c + 1].value = s->nodes[c * stride + r + 1].value;
      size_t c = r + 1;
      if (F->tri) { /* T[C]: the kernel of sorted rows R and C >= R */
        size_t R = r < ci ? F->start[i] + r : F->start[j] + (r - ci);
        const double *T = F->tri + gs__tkcache_row(F->n_train, R) - R;
        row[r + 1].value = T[R];
        for (; c < ci; c++) row[c + 1].value = T[F->start[i] + c];
        for (; c < np; c++) row[c + 1].value = T[F->start[j] + (c - ci)];
        row[np + 1].index = -1;
        continue;
      }
      row[r + 1].value = gs__svc_kernel(F->p, s->sq[r], s->sq[r], s->sq[r]);
      if (r < ci && Di) /* class i's own part */
        for (const double *own = Di + r * ci; c < ci; c++) row[c + 1].value = own[c];
      else if (r >= ci && Dj)
        for (const double *own = Dj + (r - ci) * cj - ci; c < np; c++) row[c + 1].value = own[c];
      for (; c < np; c++) row[c + 1].value = gs__svc_kernel(F->p, Dr[c], s->sq[r], s->sq[c]);
      row[np + 1].index = -1;
    }
    for (size_t c = r0 + pr; c < np; c++) { /* the panel's columns c, into row c */
      const struct svm_node *src = s->nodes + r0 * stride + c + 1;
      struct svm_node *dst = s->nodes + c * stride + r0 + 1;
      for (size_t k = 0; k < pr; k++) dst[k].value = src[k * stride].value;
    }
  }
  *kernel_type = PRECOMPUTED;
  return GS_OK;
}

/* Gives a block's rows back their layout's index past the pair's np. */
static void unblock(sset_t *s, size_t np, size_t stride) {
  if (stride > np + 1)
    for (size_t r = 0; r < np; r++) s->nodes[r * stride + np + 1].index = (int)np + 1;
}

/* Solves pair q as svm_train solves it inside a k-class fit: rows of
 * class i (+1) then class j (-1), C x weight_i and C x weight_j. */
static int solve_pair(fit_t *F, size_t q, sset_t *s, gs_error_t *err) {
  size_t np, stride;
  int kt;
  if (pair_rows(F, q, s, &np, &kt, &stride)) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory for a pair's kernel block");
  const gs_svc_params_t *p = F->p;
  gs_svc_params_t pp = *p;
  long wl2[2] = {1, 2};
  double w2[2] = {1.0, 1.0};
  if (p->n_weights) {
    long li = F->y[F->order[F->start[F->pi[q]]]], lj = F->y[F->order[F->start[F->pj[q]]]];
    for (size_t k = 0; k < p->n_weights; k++) {
      if (p->weight_labels[k] == li) w2[0] *= p->weights[k];
      if (p->weight_labels[k] == lj) w2[1] *= p->weights[k];
    }
    pp.n_weights = 2;
    pp.weight_labels = wl2;
    pp.weights = w2;
  }
  struct svm_problem prob = {(int)np, s->labels, s->rows};
  struct svm_parameter par;
  int *wl;
  if (gs__svc_fill_param(&par, &pp, kt, 0, &wl)) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  const char *msg = svm_check_parameter(&prob, &par);
  if (msg) {
    free(wl);
    if (kt == PRECOMPUTED) unblock(s, np, stride);
    return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: %s", msg);
  }
  struct svm_model *m = svm_train(&prob, &par);
  free(wl);
  if (kt == PRECOMPUTED) unblock(s, np, stride);
  if (!m) return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: training failed");
  int ok = m->nr_class == 2 && m->label[0] == 1;
  /* a row that is no support vector keeps LIBSVM's alpha x y: 0 for
   * class i's rows, -0 for class j's (the model text writes "-0") */
  double *a = F->alpha + F->off[q];
  size_t ci = F->count[F->pi[q]];
  for (size_t k = 0; k < np; k++) a[k] = k < ci ? 0.0 : -0.0;
  for (int k = 0; ok && k < m->l; k++) a[m->sv_indices[k] - 1] = m->sv_coef[0][k];
  F->rho[q] = ok ? m->rho[0] : 0.0;
  svm_free_and_destroy_model(&m);
  if (!ok) return gs_error_set(err, GS_EFIT, NULL, 0, 0, "LIBSVM: a pair of classes came back in another order");
  return GS_OK;
}

static void *pair_worker(void *arg) {
  fit_t *F = arg;
  sset_t *s = sset_take(F->ps);
  gs_error_t e;
  gs_error_clear(&e);
  for (;;) {
    pthread_mutex_lock(&F->mu);
    size_t q = F->next++;
    int stop = F->rc != GS_OK || q >= F->n_pairs;
    pthread_mutex_unlock(&F->mu);
    if (stop) break;
    int rc = s ? solve_pair(F, q, s, &e) : gs_error_set(&e, GS_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc) {
      pthread_mutex_lock(&F->mu);
      if (F->rc == GS_OK) {
        F->rc = rc;
        F->err = e;
      }
      pthread_mutex_unlock(&F->mu);
      break;
    }
  }
  if (s) sset_give(F->ps, s);
  return NULL;
}

/* The k-class model svm_train would assemble from the pairs' solutions
 * (its nonzero / nz_start / sv_coef loops), kernel PRECOMPUTED over the
 * support vectors' places: SV[q] names column q + 1 of a kernel row. */
typedef struct {
  struct svm_model m;
  struct svm_node *svn;
  size_t *svpos;              /* per support vector: its place in order */
  double *coef;
  int *ints;
} model_t;

static void model_free(model_t *M) {
  free(M->m.SV);
  free(M->m.sv_coef);
  free(M->svn);
  free(M->svpos);
  free(M->coef);
  free(M->ints);
}

static int model_make(const fit_t *F, size_t n_train, model_t *M) {
  size_t nk = F->nk, l = 0;
  memset(M, 0, sizeof *M);
  unsigned char *nz = calloc(n_train ? n_train : 1, 1);
  if (!nz) return GS_ENOMEM;
  for (size_t q = 0; q < F->n_pairs; q++) {
    size_t i = F->pi[q], j = F->pj[q], ci = F->count[i], cj = F->count[j];
    const double *a = F->alpha + F->off[q];
    for (size_t k = 0; k < ci; k++) if (fabs(a[k]) > 0) nz[F->start[i] + k] = 1;
    for (size_t k = 0; k < cj; k++) if (fabs(a[ci + k]) > 0) nz[F->start[j] + k] = 1;
  }
  for (size_t t = 0; t < n_train; t++) l += nz[t];
  M->ints = malloc((3 * nk + l + 1) * sizeof *M->ints);
  M->svpos = malloc((l ? l : 1) * sizeof *M->svpos);
  M->svn = malloc((l ? l : 1) * sizeof *M->svn);
  M->m.SV = malloc((l ? l : 1) * sizeof *M->m.SV);
  M->coef = calloc((nk - 1) * (l ? l : 1), sizeof *M->coef);
  M->m.sv_coef = malloc((nk - 1) * sizeof *M->m.sv_coef);
  if (!M->ints || !M->svpos || !M->svn || !M->m.SV || !M->coef || !M->m.sv_coef) {
    free(nz);
    model_free(M);
    return GS_ENOMEM;
  }
  int *label = M->ints, *nSV = label + nk, *nz_start = nSV + nk, *sv_indices = nz_start + nk;
  size_t at = 0;
  for (size_t i = 0; i < nk; i++) {
    label[i] = (int)F->y[F->order[F->start[i]]];
    nz_start[i] = (int)at;
    nSV[i] = 0;
    for (size_t k = 0; k < F->count[i]; k++)
      if (nz[F->start[i] + k]) {
        M->svpos[at] = F->start[i] + k;
        sv_indices[at] = (int)(F->start[i] + k) + 1;
        M->svn[at] = (struct svm_node){0, (double)(at + 1)};
        M->m.SV[at] = &M->svn[at];
        at++;
        nSV[i]++;
      }
  }
  for (size_t k = 0; k + 1 < nk; k++) M->m.sv_coef[k] = M->coef + k * l;
  for (size_t q = 0; q < F->n_pairs; q++) {
    size_t i = F->pi[q], j = F->pj[q], ci = F->count[i], cj = F->count[j], si = F->start[i], sj = F->start[j];
    const double *a = F->alpha + F->off[q];
    size_t w = (size_t)nz_start[i];
    for (size_t k = 0; k < ci; k++) if (nz[si + k]) M->m.sv_coef[j - 1][w++] = a[k];
    w = (size_t)nz_start[j];
    for (size_t k = 0; k < cj; k++) if (nz[sj + k]) M->m.sv_coef[i][w++] = a[ci + k];
  }
  free(nz);
  M->m.param.svm_type = C_SVC;
  M->m.param.kernel_type = PRECOMPUTED;
  M->m.nr_class = (int)nk;
  M->m.l = (int)l;
  M->m.rho = F->rho;
  M->m.label = label;
  M->m.nSV = nSV;
  M->m.sv_indices = sv_indices;
  return GS_OK;
}

/* The labels svm_predict gives rows 0..pr) of K (their kernels against
 * the l support vectors, row stride l), as LIBSVM's svm_predict_values
 * votes: the decision of pair (i, j) is class i's support vectors'
 * coefficients for j against their kernels, plus class j's for i, less
 * rho; > 0 votes for i, else for j; the first class with the most votes
 * wins. The sums over each class's support vectors are one dgemm per class
 * (R_i = K_i C_i, every pair of class i at once) instead of LIBSVM's loop
 * per row and pair: the same terms, summed in BLAS's order. R: nk x pr x
 * (nk - 1) doubles; votes: nk ints. */
static void vote_rows(const model_t *M, const double *K, size_t pr, double *R, int *votes, long *out) {
  size_t nk = (size_t)M->m.nr_class, l = (size_t)M->m.l, w = nk - 1;
  const int *start = M->ints + 2 * nk; /* nz_start: each class's first support vector */
  for (size_t i = 0; i < nk; i++) {
    double *Ri = R + i * pr * w;
    size_t ni = (size_t)M->m.nSV[i];
    if (!ni) {
      memset(Ri, 0, pr * w * sizeof *Ri);
      continue;
    }
    /* coefficient t of class i's support vector v: sv_coef[t][start_i + v] */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)pr, (int)w, (int)ni, 1.0, K + start[i], (int)l,
                M->coef + start[i], (int)l, 0.0, Ri, (int)w);
  }
  for (size_t r = 0; r < pr; r++) {
    memset(votes, 0, nk * sizeof *votes);
    size_t q = 0;
    for (size_t i = 0; i < nk; i++)
      for (size_t j = i + 1; j < nk; j++, q++) {
        double dec = R[(i * pr + r) * w + j - 1] + R[(j * pr + r) * w + i] - M->m.rho[q];
        votes[dec > 0 ? i : j]++;
      }
    size_t best = 0;
    for (size_t i = 1; i < nk; i++)
      if (votes[i] > votes[best]) best = i;
    out[r] = M->m.label[best];
  }
}

/* One prediction's shared state: panels of rows handed out to threads. */
typedef struct {
  const fit_t *F;
  const model_t *M;
  const size_t *rows, *svrow;
  const double *svsq;
  size_t n, P;
  gs_svc_extra_t *ex;
  long *pred;
  pthread_mutex_t mu;
  size_t next;
  int rc;
} predict_t;

/* Panels of rows, each from the support vectors' kernels through the row
 * source, until none is left (a thread's own scratch from the pool). */
static void *predict_worker(void *arg) {
  predict_t *T = arg;
  const fit_t *F = T->F;
  size_t l = (size_t)T->M->m.l, nk = (size_t)T->M->m.nr_class, per_row = nk * (nk - 1);
  sset_t *s = sset_take(F->ps);
  int *votes = malloc(nk * sizeof *votes), rc = s && votes ? GS_OK : GS_ENOMEM;
  while (rc == GS_OK) {
    pthread_mutex_lock(&T->mu);
    size_t r0 = T->next;
    T->next += T->P;
    int stop = T->rc != GS_OK || r0 >= T->n;
    pthread_mutex_unlock(&T->mu);
    if (stop) break;
    size_t pr = T->n - r0 < T->P ? T->n - r0 : T->P;
    const size_t *rows = T->rows;
    double *D = gs__scratch_get(&s->dot, pr * (l ? l : 1));
    double *R = gs__scratch_get(&s->dec, pr * per_row);
    if (!D || !R || F->rs->dots(F->rs, rows + r0, pr, T->svrow, l, D, l, &s->gather)) {
      rc = GS_ENOMEM;
      break;
    }
    for (size_t r = r0; r < r0 + pr; r++) { /* dot products to kernel values, in place */
      double *Dr = D + (r - r0) * l;
      double sr = F->rs->sqnorm(F->rs, rows[r]);
      for (size_t q = 0; q < l; q++) /* a row against itself: exactly LIBSVM's x.x */
        Dr[q] = gs__svc_kernel(F->p, rows[r] == T->svrow[q] ? sr : Dr[q], sr, T->svsq[q]);
    }
    vote_rows(T->M, D, pr, R, votes, T->pred + r0);
    if (T->ex && T->ex->dec)
      for (size_t r = r0; r < r0 + pr; r++) T->ex->dec[r] = NAN;
  }
  if (rc) {
    pthread_mutex_lock(&T->mu);
    T->rc = rc;
    pthread_mutex_unlock(&T->mu);
  }
  if (s) sset_give(F->ps, s);
  free(votes);
  return NULL;
}

/* Predicts dataset rows rows[0..n) (ex / pred as gs__svc_extra_row: a
 * k-class model has no decision values, NaN) from the support vectors'
 * kernels, a panel of rows at a time, on this thread and up to `helpers`
 * more (a refit's idle workers). */
static int predict_rows(const fit_t *F, const model_t *M, const size_t *rows, size_t n, gs_svc_extra_t *ex, long *pred,
                        int helpers) {
  size_t l = (size_t)M->m.l, nk = (size_t)M->m.nr_class;
  predict_t T = {F, M, rows, NULL, NULL, n, 64, ex, pred, PTHREAD_MUTEX_INITIALIZER, 0, GS_OK};
  size_t *svrow = malloc((l ? l : 1) * sizeof *svrow);
  double *svsq = malloc((l ? l : 1) * sizeof *svsq);
  if (!svrow || !svsq) {
    free(svrow);
    free(svsq);
    return GS_ENOMEM;
  }
  for (size_t q = 0; q < l; q++) {
    svrow[q] = F->order[M->svpos[q]];
    svsq[q] = F->sq[M->svpos[q]];
  }
  T.svrow = svrow;
  T.svsq = svsq;
  /* 64 rows a panel, fewer when the pairs' sums of a panel (nk (nk - 1)
   * per row) would pass 2 MB (many classes) */
  while (T.P > 1 && T.P * nk * (nk - 1) * sizeof(double) > (2u << 20)) T.P /= 2;
  pthread_t tid[64];
  int started = 0;
  for (int h = 0; h < helpers && h < 64 && (size_t)(h + 1) * T.P < n; h++)
    if (pthread_create(&tid[started], NULL, predict_worker, &T) == 0) started++;
  predict_worker(&T);
  for (int h = 0; h < started; h++) pthread_join(tid[h], NULL);
  free(svrow);
  free(svsq);
  return T.rc;
}

/* Which classes keep their own rows' kernel through a fit (cache[i], when
 * not NULL) and the bytes that takes: a class whose pairs' blocks are
 * precomputed (with the smallest other class it fits block_bytes), in
 * class order while the total stays within a quarter of block_bytes (a
 * large class's own kernel costs more memory than its recomputation time:
 * shuttle's class 4, 7,100 rows in the refit, would take 400 MB). */
static size_t diag_plan(size_t block_bytes, const size_t *count, size_t nk, unsigned char *cache) {
  size_t low = 0, total = 0; /* the smallest class, and the smallest of the others */
  for (size_t i = 1; i < nk; i++) low = count[i] < count[low] ? i : low;
  size_t next = SIZE_MAX;
  for (size_t i = 0; i < nk; i++) next = i != low && count[i] < next ? count[i] : next;
  for (size_t i = 0; i < nk; i++) {
    size_t m = count[i], np = m + (i == low ? next : count[low]), bytes = m * m * sizeof(double);
    int want = nk > 2 && m > 1 && np * (np + 2) * sizeof(struct svm_node) <= block_bytes && total + bytes <= block_bytes / 4;
    if (want) total += bytes;
    if (cache) cache[i] = (unsigned char)want;
  }
  return total;
}

void gs__pairs_shared_counts(gs__pairs_t *ps, size_t *built, size_t *reused) {
  gs__tkcache_counts(ps->tc, built, reused);
}

size_t gs__pairs_shared_bytes(size_t n_train) { return gs__tkcache_bytes(n_train); }

size_t gs__pairs_diag_bytes(size_t block_bytes, const size_t *count, size_t nk) {
  return diag_plan(block_bytes, count, nk, NULL);
}

/* Each class's own rows' kernel, where diag_plan keeps it, in s's
 * scratch: on and above the diagonal from the dot products, the diagonal
 * from the norms (as pair_rows), below mirrored. */
static int fit_diag(fit_t *F, sset_t *s) {
  size_t nk = F->nk;
  unsigned char *cache = malloc(nk);
  F->diag = calloc(nk, sizeof *F->diag);
  if (!cache || !F->diag) {
    free(cache);
    return GS_ENOMEM;
  }
  size_t bytes = diag_plan(F->ps->block_bytes, F->count, nk, cache), at = 0;
  if (bytes && !(F->diag_mem = malloc(bytes))) {
    free(cache);
    return GS_ENOMEM;
  }
  const size_t P = 64;
  for (size_t i = 0; i < nk; i++) {
    if (!cache[i]) continue;
    size_t m = F->count[i];
    const size_t *idx = F->order + F->start[i];
    const double *sq = F->sq + F->start[i];
    double *K = F->diag_mem + at;
    at += m * m;
    for (size_t r0 = 0; r0 < m; r0 += P) {
      size_t pr = m - r0 < P ? m - r0 : P, w = m - r0;
      double *D = gs__scratch_get(&s->dot, pr * w);
      if (!D || F->rs->dots(F->rs, idx + r0, pr, idx + r0, w, D, w, &s->gather)) {
        free(cache);
        return GS_ENOMEM;
      }
      for (size_t r = r0; r < r0 + pr; r++) {
        double *row = K + r * m;
        const double *Dr = D + (r - r0) * w - r0;
        for (size_t c = r0; c < r; c++) row[c] = K[c * m + r];
        row[r] = gs__svc_kernel(F->p, sq[r], sq[r], sq[r]);
        for (size_t c = r + 1; c < m; c++) row[c] = gs__svc_kernel(F->p, Dr[c], sq[r], sq[c]);
      }
      for (size_t c = r0 + pr; c < m; c++) /* the panel's columns c, into row c (as pair_rows) */
        for (size_t k = 0; k < pr; k++) K[c * m + r0 + k] = K[(r0 + k) * m + c];
    }
    F->diag[i] = K;
  }
  free(cache);
  return GS_OK;
}

/* tkcache's fill: rows [r0, r1) of the sorted training rows' kernel, on
 * and above the diagonal (the diagonal from the norms, as pair_rows). */
typedef struct {
  const fit_t *F;
  sset_t *s;
} tri_fill_t;

static int tri_fill(void *ctx, size_t r0, size_t r1, double *out) {
  const tri_fill_t *t = ctx;
  const fit_t *F = t->F;
  size_t n = F->n_train, pr = r1 - r0, w = n - r0;
  double *D = gs__scratch_get(&t->s->dot, pr * w);
  if (!D || F->rs->dots(F->rs, F->order + r0, pr, F->order + r0, w, D, w, &t->s->gather)) return GS_ENOMEM;
  for (size_t r = r0; r < r1; r++) {
    const double *Dr = D + (r - r0) * w - r0;
    *out++ = gs__svc_kernel(F->p, F->sq[r], F->sq[r], F->sq[r]);
    for (size_t c = r + 1; c < n; c++) *out++ = gs__svc_kernel(F->p, Dr[c], F->sq[r], F->sq[c]);
  }
  return GS_OK;
}

/* The classes of the sorted rows and the pairs' places in alpha. */
static int fit_layout(fit_t *F, size_t n_train) {
  size_t nk = 0;
  for (size_t t = 0; t < n_train; t++) nk += t == 0 || F->y[F->order[t]] != F->y[F->order[t - 1]];
  F->nk = nk;
  F->n_pairs = nk * (nk - 1) / 2;
  F->all_pre = 1;
  F->start = malloc((nk ? nk : 1) * 2 * sizeof *F->start);
  F->pi = malloc((F->n_pairs ? F->n_pairs : 1) * 3 * sizeof *F->pi);
  F->rho = malloc((F->n_pairs ? F->n_pairs : 1) * sizeof *F->rho);
  F->alpha = malloc((nk ? nk - 1 : 1) * (n_train ? n_train : 1) * sizeof *F->alpha);
  if (!F->start || !F->pi || !F->rho || !F->alpha) return GS_ENOMEM;
  F->count = F->start + nk;
  F->pj = F->pi + F->n_pairs;
  F->off = F->pj + F->n_pairs;
  size_t k = 0;
  for (size_t t = 0; t < n_train; t++) {
    if (t == 0 || F->y[F->order[t]] != F->y[F->order[t - 1]]) {
      F->start[k] = t;
      F->count[k++] = 0;
    }
    F->count[k - 1]++;
  }
  size_t q = 0, off = 0;
  for (size_t i = 0; i < nk; i++)
    for (size_t j = i + 1; j < nk; j++, q++) {
      F->pi[q] = i;
      F->pj[q] = j;
      F->off[q] = off;
      size_t np = F->count[i] + F->count[j];
      off += np;
      int pre = np * (np + 2) * sizeof(struct svm_node) <= F->ps->block_bytes;
      if (pre && np > F->most) F->most = np;
      F->all_pre &= pre;
    }
  return GS_OK;
}

int gs__pairs_fit_predict(gs__pairs_t *ps, const gs__rowsrc_t *rows, const long *y, const size_t *train, size_t n_train,
                          const size_t *test, size_t n_test, const gs_svc_params_t *p, int helpers, int reuse,
                          const gs_svc_data_t *d, long *pred, gs_svc_extra_t *ex, double seconds[2], gs_error_t *err) {
  double t0 = gs__now();
  fit_t F;
  memset(&F, 0, sizeof F);
  F.ps = ps;
  F.rs = rows;
  F.y = y;
  F.p = p;
  size_t *order = malloc((n_train ? n_train : 1) * 2 * sizeof *order);
  double *sq = malloc((n_train ? n_train : 1) * sizeof *sq);
  model_t M;
  int have_model = 0, rc = GS_OK;
  sset_t *s = NULL;
  pthread_mutex_init(&F.mu, NULL);
  if (!order || !sq) goto oom;
  memcpy(order, train, n_train * sizeof *order);
  gs__svc_sort_by_label(order, order + n_train, n_train, y);
  F.order = order;
  if (fit_layout(&F, n_train)) goto oom;
  if (F.nk < 3) { rc = 1; goto done; }
  for (size_t t = 0; t < n_train; t++) sq[t] = rows->sqnorm(rows, order[t]);
  F.sq = sq;
  F.n_train = n_train;
  if (!(s = sset_take(ps))) goto oom;
  if (reuse && F.all_pre) { /* a kernel other fits on these rows will ask for too, every row of it used */
    tri_fill_t tf = {&F, s};
    F.tri = gs__tkcache_acquire(ps->tc, rows->impl, p, order, n_train, tri_fill, &tf, &rc);
    if (rc) goto oom;
  }
  if (!F.tri && fit_diag(&F, s)) goto oom;
  sset_give(ps, s);
  s = NULL;
  /* the pairs, on this thread and `helpers` more */
  pthread_t tid[64];
  int started = 0;
  for (int h = 0; h < helpers && h < 64; h++)
    if (pthread_create(&tid[started], NULL, pair_worker, &F) == 0) started++;
  pair_worker(&F);
  for (int h = 0; h < started; h++) pthread_join(tid[h], NULL);
  if (F.rc) {
    rc = F.rc;
    *err = F.err;
    goto done;
  }
  gs__tkcache_release(ps->tc, F.tri);
  F.tri = NULL;
  if (model_make(&F, n_train, &M)) goto oom;
  have_model = 1;
  double t1 = gs__now();
  if (predict_rows(&F, &M, test, n_test, ex, pred, helpers)) goto oom;
  double t2 = gs__now();
  if (ex && ex->train_pred) {
    gs_svc_extra_t tr = {ex->train_dec, NULL, 0, 0, NULL, NULL, NULL};
    for (size_t i = 0; i < n_train; i++) ex->train_true[i] = y[order[i]];
    if (predict_rows(&F, &M, order, n_train, &tr, ex->train_pred, helpers)) goto oom;
  }
  gs__svc_extra_model(ex, &M.m, p, d, order, 0);
  seconds[0] = t1 - t0;
  seconds[1] = t2 - t1;
  goto done;
oom:
  rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory fitting %zu rows pair by pair", n_train);
done:
  gs__tkcache_release(ps->tc, F.tri);
  if (s) sset_give(ps, s);
  if (have_model) model_free(&M);
  pthread_mutex_destroy(&F.mu);
  free(F.start);
  free(F.pi);
  free(F.rho);
  free(F.alpha);
  free(F.diag);
  free(F.diag_mem);
  free(order);
  free(sq);
  return rc;
}

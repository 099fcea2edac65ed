/* svc_estimator.c: the C-SVC as a row of the estimator table
 * (estimator.h): candidates grouped by kernel setting, the kernel plan
 * (precomputed blocks or LIBSVM's own kernels, within the memory budget),
 * the shared kernels of a run, and one (candidate, fold) fit through svc.c
 * and kcache.c. */
#include "estimator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gridsearch/csr.h"
#include "gridsearch/hash.h"
#include "kcache.h"
#include "svc_pairs.h"
#include "clock.h"

typedef struct {
  gs__est_input_t in;        /* what the search lends (estimator.h) */
  /* kernels */
  gs_svc_data_t data;
  double *gram;
  gs_svc_work_t **work;      /* per worker thread (LIBSVM's own kernels) */
  int n_threads;             /* entries of work */
  /* precomputed kernels: a block per (fold, kernel setting) "slot", shared
   * by the candidates that differ only in C or class_weight (kcache.h) */
  size_t n_keys;
  size_t *cand_key;          /* per candidate */
  size_t *key_first;         /* per kernel setting: its first candidate */
  size_t *key_count;         /* per kernel setting: its candidates */
  gs__kcache_t *kc;
  gs_svc_data_t *view_data;  /* per (step, fold) view (foldset.h): the rows its blocks come from */
  /* pair by pair (svc_pairs.h): k-class fits, when chosen */
  gs__pairs_t *pairs;
  int helpers;
} svc_state_t;

/* Groups candidates by kernel setting (what the kernel matrix depends on:
 * the kernel and, where it uses them, gamma, coef0 and degree): key ids in
 * order of first appearance, found through a hash table of the settings. */
static int make_kernel_keys(svc_state_t *s) {
  size_t n = s->in.grid->n, cap = 16;
  while (cap < 2 * n) cap *= 2;
  char (*keys)[160] = malloc((n ? n : 1) * sizeof *keys);
  size_t *table = malloc(cap * sizeof *table); /* key id + 1, 0: empty */
  s->cand_key = malloc((n ? n : 1) * sizeof *s->cand_key);
  s->key_first = malloc((n ? n : 1) * sizeof *s->key_first);
  s->key_count = calloc(n ? n : 1, sizeof *s->key_count);
  if (!keys || !table || !s->cand_key || !s->key_first || !s->key_count) {
    free(keys);
    free(table);
    return GS_ENOMEM;
  }
  memset(table, 0, cap * sizeof *table);
  s->n_keys = 0;
  for (size_t c = 0; c < n; c++) {
    const gs_candidate_t *cand = &s->in.grid->cand[c];
    gs_kernel_t kernel = cand->v[GS_P_KERNEL] ? cand->v[GS_P_KERNEL]->kernel : GS_KERNEL_RBF;
    int linear = kernel == GS_KERNEL_LINEAR, poly = kernel == GS_KERNEL_POLY, rbf = kernel == GS_KERNEL_RBF;
    char g[48] = "", c0[48] = "", d[48] = "";
    const gs_value_t *gv = cand->v[GS_P_GAMMA];
    if (!linear) snprintf(g, sizeof g, "%s", !gv ? "scale" : gv->type == GS_VAL_STR ? gv->str : "");
    if (!linear && gv && gv->type != GS_VAL_STR) snprintf(g, sizeof g, "%a", gv->num);
    if (!linear && !rbf) snprintf(c0, sizeof c0, "%a", cand->v[GS_P_COEF0] ? cand->v[GS_P_COEF0]->num : 0.0);
    if (poly) snprintf(d, sizeof d, "%d", cand->v[GS_P_DEGREE] ? (int)cand->v[GS_P_DEGREE]->num : 3);
    char key[160];
    snprintf(key, sizeof key, "%d|%s|%s|%s|%zu", (int)kernel, g, c0, d, s->in.fs->cand_step[c]);
    size_t h = (size_t)gs_hash_bytes(key, strlen(key)) & (cap - 1);
    while (table[h] && strcmp(keys[table[h] - 1], key)) h = (h + 1) & (cap - 1);
    if (!table[h]) {
      memcpy(keys[s->n_keys], key, sizeof key);
      s->key_first[s->n_keys] = c;
      table[h] = ++s->n_keys;
    }
    s->cand_key[c] = table[h] - 1;
    s->key_count[s->cand_key[c]]++;
  }
  free(keys);
  free(table);
  return GS_OK;
}

/* The first candidate of kernel setting key. */
static size_t key_candidate(const svc_state_t *s, size_t key) { return s->key_first[key]; }

/* Whether kernel setting key gets a matrix over the training rows (see
 * svc_plan). */
static int key_wants_matrix(const svc_state_t *s, size_t key) {
  size_t first = key_candidate(s, key);
  const gs_candidate_t *c = &s->in.grid->cand[first];
  if (s->in.fs->cand_step[first]) return 0; /* a view changes with the fold: no fold-independent matrix */
  gs_kernel_t kernel = c->v[GS_P_KERNEL] ? c->v[GS_P_KERNEL]->kernel : GS_KERNEL_RBF;
  const gs_value_t *g = c->v[GS_P_GAMMA];
  return kernel != GS_KERNEL_LINEAR && g && (g->type != GS_VAL_STR || !strcmp(g->str, "auto"));
}


/* The variance of the rows candidate c trains on in fold f (its view). */
static double fold_var(const svc_state_t *s, size_t c, size_t f) {
  return s->in.fs->view_var[gs__foldset_view(s->in.fs, c, f)];
}

/* gamma="scale" on fold f: 1 / (features x variance), 1 if the variance
 * is 0 (scikit-learn's _dense_fit). */
static double scale_gamma(const svc_state_t *s, size_t c, size_t f) {
  double var = fold_var(s, c, f);
  return var != 0.0 ? 1.0 / ((double)s->in.ds->n_features * var) : 1.0;
}

/* Candidate c's gamma on fold f: its number, "auto"'s 1 / features, or
 * "scale"'s (the default). */
static double fold_gamma(const svc_state_t *s, size_t c, size_t f) {
  const gs_value_t *g = s->in.grid->cand[c].v[GS_P_GAMMA];
  if (g && g->type != GS_VAL_STR) return g->num;
  if (g && !strcmp(g->str, "auto")) return 1.0 / (double)s->in.ds->n_features;
  return scale_gamma(s, c, f);
}

/* The SVC parameters of candidate c on fold f, with gamma and class weights
 * resolved on the fold's training set. weights/labels: n_classes scratch. */
static void resolve_params(const svc_state_t *s, size_t c, size_t f, gs_svc_params_t *p, long *labels, double *weights) {
  const gs_candidate_t *cand = &s->in.grid->cand[c];
  const gs_dataset_t *ds = s->in.ds;
  memset(p, 0, sizeof *p);
  p->kernel = GS_KERNEL_RBF;
  p->C = 1.0;
  p->degree = 3;
  p->coef0 = 0.0;
  p->tol = s->in.cfg->tol;
  p->cache_size = s->in.cfg->cache_size;
  p->shrinking = s->in.cfg->shrinking;
  if (cand->v[GS_P_KERNEL]) p->kernel = (int)cand->v[GS_P_KERNEL]->kernel;
  if (cand->v[GS_P_C]) p->C = cand->v[GS_P_C]->num;
  if (cand->v[GS_P_DEGREE]) p->degree = (int)cand->v[GS_P_DEGREE]->num;
  if (cand->v[GS_P_COEF0]) p->coef0 = cand->v[GS_P_COEF0]->num;
  p->gamma = fold_gamma(s, c, f);
  const gs_value_t *cw = cand->v[GS_P_CLASS_WEIGHT];
  if (cw && cw->type == GS_VAL_STR) {
    for (size_t i = 0; i < ds->n_classes; i++) {
      labels[i] = ds->classes[i];
      weights[i] = s->in.fs->balanced[f * ds->n_classes + i];
    }
    p->n_weights = ds->n_classes;
  } else if (cw && cw->type == GS_VAL_WEIGHTS) {
    for (size_t i = 0; i < ds->n_classes; i++) {
      labels[i] = ds->classes[i];
      weights[i] = 1.0;
      for (size_t w = 0; w < cw->n_weights; w++)
        if (cw->weights[w].label == ds->classes[i]) weights[i] = cw->weights[w].weight;
    }
    p->n_weights = ds->n_classes;
  }
  p->weight_labels = labels;
  p->weights = weights;
}

/* Estimated relative cost of a task (only the order of hand-out depends
 * on it): linear kernels with large C converge slowly; an rbf, poly or
 * sigmoid gamma above "scale"'s (1 / (features x variance) of the fold's
 * training rows) makes the kernel local, so more rows become support
 * vectors. Measured on letter recognition (mean_fit_time, 5,000-16,000
 * training rows): gamma 0.1, about 11x "scale"'s, took 2.3-3.0x the fit
 * time of "scale" at the same C; C 100 took 1.3-1.7x C 1. */
static double svc_cost(const void *st, size_t c, size_t f) {
  const svc_state_t *s = st;
  const gs_candidate_t *cand = &s->in.grid->cand[c];
  double C = cand->v[GS_P_C] ? cand->v[GS_P_C]->num : 1.0;
  int linear = cand->v[GS_P_KERNEL] && cand->v[GS_P_KERNEL]->kernel == GS_KERNEL_LINEAR;
  double cost = 1.0 + (C > 1.0 ? log10(C) : 0.0) * (linear ? 1.0 : 0.25);
  if (cand->v[GS_P_KERNEL] && cand->v[GS_P_KERNEL]->kernel == GS_KERNEL_POLY) cost *= 1.5;
  if (!linear && fold_var(s, c, f) != 0.0) { /* (rows all alike: every gamma is as local) */
    double ratio = fold_gamma(s, c, f) / scale_gamma(s, c, f);
    if (ratio > 1.0) cost *= 1.0 + 0.5 * log2(ratio);
  }
  return cost;
}


/* k-class searches whose precomputed blocks would take more than this
 * (MB per rank) are fitted pair by pair: on letter recognition (26
 * classes) at 2,000 and 5,000 training rows that was faster and took 10 to
 * 35 times less memory than the blocks (bench/scale.sh, README); below it
 * (the seed's digits: 136-175 MB) the blocks, shared by every C of a kernel
 * setting, stay. (-DGS_PAIRS_ABOVE_MB=0 forces the pairs on every k-class
 * search: the goldens' check of this route.) */
#ifndef GS_PAIRS_ABOVE_MB
#define GS_PAIRS_ABOVE_MB 256.0
#endif

/* seconds per (pair rows)^2 of a k-class fit (fit_seconds) */
#define GS_PAIRS_SECONDS 1.9e-8

/* Whether some kernel setting has more than one candidate (their fits on a
 * fold share its kernel). */
static int keys_shared(const svc_state_t *s) {
  for (size_t k = 0; k < s->n_keys; k++)
    if (s->key_count[k] > 1) return 1;
  return 0;
}

/* The pair-by-pair plan (svc_pairs.h): a kernel block per thread of up to
 * half the budget's share (at most 1 GB; larger pairs use LIBSVM's own
 * kernels), LIBSVM's kernel cache per thread, and the views' transformed
 * rows. A thread keeps the largest buffers any of its pairs needed, so its
 * share is the largest over every pair of every fold (the refit's
 * included) of block or fallback, cache and scratch: the largest
 * precomputed pair can need more than the largest pair, whose kernel is
 * LIBSVM's own (shuttle: a 6,500-row pair's 670 MB block beside a
 * 43,600-row pair's 7 MB of nodes). */
static void pairs_plan(const svc_state_t *s, int threads, gs_kernel_plan_t *k) {
  const double MB = 1048576.0;
  const gs__foldset_t *fs = s->in.fs;
  size_t nc = s->in.ds->n_classes, nt = s->in.split->n_train, nf = s->in.ds->n_features;
  double block_mb = k->limit_mb / 2.0 / (double)threads;
  if (block_mb > 1024.0) block_mb = 1024.0;
  size_t block_bytes = (size_t)(block_mb * MB);
  k->pairs = 1;
  k->precomputed = 0;
  k->matrices = 0;
  k->pair_block_mb = block_mb;
  k->pair_rows = 0;
  double thread_mb = 0.0, diag_mb = 0.0;
  int fold_pairs_fit = 1;
  size_t *count = calloc(nc ? nc : 1, sizeof *count);
  for (size_t f = 0; f < fs->n_folds; f++) {
    size_t n = fs->n_train[f];
    if (!count) { /* out of memory: one pair as large as the fold */
      k->pair_rows = n > k->pair_rows ? n : k->pair_rows;
      fold_pairs_fit = 0;
      continue;
    }
    memset(count, 0, nc * sizeof *count);
    for (size_t r = 0; r < n; r++)
      for (size_t c = 0; c < nc; c++)
        if (s->in.ds->classes[c] == s->in.ds->y[fs->train[f][r]]) { count[c]++; break; }
    for (size_t a = 0; a < nc; a++)
      for (size_t b = a + 1; b < nc; b++) {
        size_t np = count[a] + count[b];
        if (np > k->pair_rows) k->pair_rows = np;
        /* (a shared kernel serves folds whose pairs are all precomputed) */
        if (f + 1 < fs->n_folds && (double)np * (double)(np + 2) * 16.0 > (double)block_bytes) fold_pairs_fit = 0;
        /* LIBSVM's cache holds at most the pair's kernel as floats */
        double cache_mb = (double)np * (double)np * 4.0 / MB;
        if (cache_mb > s->in.cfg->cache_size) cache_mb = s->in.cfg->cache_size;
        double mb = (double)gs__pairs_thread_bytes(block_bytes, np, nt, nf) / MB + cache_mb;
        if (mb > thread_mb) thread_mb = mb;
      }
    double dmb = (double)gs__pairs_diag_bytes(block_bytes, count, nc) / MB;
    if (dmb > diag_mb) diag_mb = dmb;
  }
  free(count);
  if (thread_mb == 0.0) thread_mb = (double)gs__pairs_thread_bytes(block_bytes, k->pair_rows, nt, nf) / MB;
  /* a fit's own arrays: sorted rows, norms, dual coefficients, the model;
   * and its classes' own kernels when it has no shared one */
  double fit_mb = (double)nt * (double)(nc + 3) * 8.0 / MB + diag_mb;
  k->pair_mb = thread_mb + fit_mb;
  k->total_mb = (double)threads * k->pair_mb + k->views_mb;
  /* then, while the budget allows, fold training kernels shared by a
   * fold's candidates of one kernel setting (the farm hands them out
   * together, and a worker holds one at a time): one per worker, or as
   * many as fit (a fit that finds none free computes its pairs' blocks) */
  size_t nf_max = 0;
  for (size_t f = 0; f + 1 < fs->n_folds; f++) nf_max = fs->n_train[f] > nf_max ? fs->n_train[f] : nf_max;
  k->pair_shared_mb = (double)gs__pairs_shared_bytes(nf_max) / MB;
  while (keys_shared(s) && fold_pairs_fit && k->pair_shared < (size_t)threads && k->total_mb + k->pair_shared_mb <= k->limit_mb) {
    k->pair_shared++;
    k->total_mb += k->pair_shared_mb;
  }
  if (!k->pair_shared) k->pair_shared_mb = 0.0;
}

/* The cost model: seconds of one core to fit n of X_train's rows (its
 * classes in X_train's proportions). k > 2 classes, pair by pair: LIBSVM's
 * work grows with the sum over pairs of (rows of the pair)^2; the constant
 * is the CPU time measured on letter recognition (26 classes, 16
 * features, rbf, C 1-100) at 2,000-10,000 training rows (bench/costfit.py,
 * README); two classes: the seed's 1.5e-8 s x rows^2. */
static double fit_seconds(const svc_state_t *s, size_t n) {
  size_t nc = s->in.ds->n_classes, nt = s->in.split->n_train;
  double rows = (double)n;
  if (nc <= 2 || !nt) return 1.5e-8 * rows * rows;
  double *frac = calloc(nc, sizeof *frac), work = 0.0;
  if (!frac) return 0.0;
  for (size_t i = 0; i < nt; i++)
    for (size_t c = 0; c < nc; c++)
      if (s->in.ds->classes[c] == s->in.ds->y[s->in.split->train[i]]) { frac[c] += 1.0 / (double)nt; break; }
  for (size_t i = 0; i < nc; i++)
    for (size_t j = i + 1; j < nc; j++) work += (frac[i] + frac[j]) * (frac[i] + frac[j]) * rows * rows;
  free(frac);
  return GS_PAIRS_SECONDS * work;
}

/* The memory budget: limit_mb, else the config's, else a quarter of RAM. */
static double memory_limit(const svc_state_t *s, double limit_mb) {
  if (limit_mb <= 0) limit_mb = s->in.cfg->memory_limit_mb;
  if (limit_mb <= 0) {
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
    limit_mb = pages > 0 && psz > 0 ? (double)pages * (double)psz / 1048576.0 / 4.0 : 1024.0;
  }
  return limit_mb;
}

static gs_kernel_plan_t svc_plan(const void *st, int threads, double limit_mb) {
  const svc_state_t *s = st;
  gs_kernel_plan_t k;
  const double MB = 1048576.0;
  size_t n = s->in.ds->n_samples, ns = (size_t)s->in.n_splits + 1, n_slots = ns * s->n_keys;
  gs_svc_data_t d = {s->in.ds->X, s->in.ds->y, n, s->in.ds->n_features, NULL, s->in.ds->csr};
  memset(&k, 0, sizeof k);
  k.limit_mb = memory_limit(s, limit_mb);
  /* the Gram matrix serves only candidates without preprocessing (the
   * views' blocks come from dot products of their rows); sparse rows:
   * blocks from sparse products, no Gram matrix */
  size_t plain = 0;
  for (size_t c = 0; c < s->in.grid->n; c++) plain += !s->in.fs->cand_step[c];
  k.gram_mb = s->in.ds->csr || !plain ? 0.0 : (double)n * (double)n * 8.0 / MB;
  for (size_t f = 0; f < ns; f++) {
    double b = (double)gs_svc_block_bytes(s->in.fs->n_train[f], s->in.fs->n_test[f]) / MB;
    if (b > k.block_mb) k.block_mb = b;
  }
  /* two blocks per worker let a worker keep one while another is built */
  /* preprocessed views: every row transformed per (step, fold); their
   * blocks share the cache with the others' (slots are per step), or
   * without precomputed kernels LIBSVM's own fit them */
  k.views = (s->in.fs->n_steps - 1) * ns;
  k.views_mb = (double)k.views * (double)n * (double)s->in.ds->n_features * 8.0 / MB;
  if (s->in.ds->csr) /* sparse views: each value and its column, the row offsets */
    k.views_mb = (double)k.views * ((double)s->in.ds->csr->nnz * 12.0 + (double)n * 16.0) / MB;
  k.own_mb = (double)gs_svc_work_bytes(&d, s->in.split->n_train) / MB * threads;
  double extra = k.views_mb;
  /* sparse rows: blocks are cheap to build, one per worker will do */
  k.blocks = (size_t)threads * (s->in.ds->csr ? 1 : 2);
  if (k.blocks > n_slots) k.blocks = n_slots;
  while (k.blocks > (size_t)threads && k.gram_mb + (double)k.blocks * k.block_mb + extra > k.limit_mb) k.blocks--;
  k.precomputed = k.gram_mb + (double)k.blocks * k.block_mb + extra <= k.limit_mb;
  k.total_mb = k.precomputed ? k.gram_mb + (double)k.blocks * k.block_mb + extra : k.own_mb + k.views_mb;
  /* then, while the budget allows, the training rows' kernel of each
   * setting that does not change with the fold (not gamma="scale") and
   * costs more than a dot product (rbf's exp, sigmoid's tanh, poly's power) */
  k.matrix_mb = (double)s->in.split->n_train * (double)s->in.split->n_train * 8.0 / MB;
  /* (sparse rows: blocks from sparse products cost about what copying from
   * such a matrix would, so none is kept) */
  for (size_t key = 0; k.precomputed && !s->in.ds->csr && key < s->n_keys; key++)
    if (key_wants_matrix(s, key) && k.total_mb + k.matrix_mb <= k.limit_mb) {
      k.matrices++;
      k.total_mb += k.matrix_mb;
    }
  /* (dense rows only so far: a CSR row source for the pairs is to come) */
  if (s->in.ds->n_classes > 2 && !s->in.ds->csr && (!k.precomputed || k.total_mb > GS_PAIRS_ABOVE_MB)) pairs_plan(s, threads, &k);
  k.fold_fit_s = fit_seconds(s, s->in.fs->n_train[0]);
  k.refit_s = fit_seconds(s, s->in.split->n_train);
  return k;
}

/* Computes the training rows' kernel of the first `count` settings that
 * want one, on `threads` threads. */
static int build_key_kernels(svc_state_t *s, int threads, size_t count, gs_error_t *err) {
  size_t nk = s->n_keys, nc = s->in.ds->n_classes;
  gs_svc_params_t *kp = calloc(nk ? nk : 1, sizeof *kp);
  const gs_svc_params_t **want = calloc(nk ? nk : 1, sizeof *want);
  long *labels = malloc((nc ? nc : 1) * sizeof *labels);
  double *weights = malloc((nc ? nc : 1) * sizeof *weights);
  int rc = GS_OK;
  if (!kp || !want || !labels || !weights) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  for (size_t key = 0; key < nk && count; key++) {
    if (!key_wants_matrix(s, key)) continue;
    count--;
    /* the kernel part of the settings does not depend on the fold */
    resolve_params(s, key_candidate(s, key), 0, &kp[key], labels, weights);
    want[key] = &kp[key];
  }
  rc = gs__kcache_build_keys(s->kc, s->in.split->train, s->in.split->n_train, s->in.ds->n_samples, want, threads, err);
done:
  free(kp);
  free(want);
  free(labels);
  free(weights);
  return rc;
}

/* The rows of each (step, fold) view, for every route: its transformed
 * rows (dense or sparse), no Gram matrix. Step 0's entries stay unused:
 * fold_data gives the data itself. */
static int make_view_data(svc_state_t *s, gs_error_t *err) {
  const gs__foldset_t *fs = s->in.fs;
  size_t n_views = fs->n_steps * fs->n_folds;
  if (!(s->view_data = calloc(n_views, sizeof *s->view_data)))
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  for (size_t v = fs->n_folds; v < n_views; v++) {
    s->view_data[v] = s->data;
    s->view_data[v].X = fs->view_X[v];
    s->view_data[v].csr = fs->view_csr[v];
    s->view_data[v].gram = NULL;
  }
  return GS_OK;
}

/* The rows candidate c fits on in fold f: its step's view, or the data. */
static const gs_svc_data_t *fold_data(const svc_state_t *s, size_t c, size_t f) {
  return s->in.fs->cand_step[c] ? &s->view_data[gs__foldset_view(s->in.fs, c, f)] : &s->data;
}

/* Chooses how kernels are computed, within the memory budget: precomputed
 * kernel blocks (the Gram matrix X X^T of all rows, plus a cache of at least
 * one block per worker) when they fit, else LIBSVM's own kernels. */
static int svc_prepare(void *st, int threads, double limit_mb, gs_search_stats_t *stats, gs_error_t *err) {
  svc_state_t *s = st;
  const gs_dataset_t *ds = s->in.ds;
  size_t n = ds->n_samples;
  s->data = (gs_svc_data_t){ds->X, ds->y, n, ds->n_features, NULL, ds->csr};
  gs_kernel_plan_t k = svc_plan(s, threads, limit_mb);
  int views = s->in.fs->n_steps > 1;
  /* per worker: node arrays for LIBSVM's own kernels (made here when that
   * is the route, else on first use by a fold subset) */
  if (!(s->work = calloc((size_t)threads, sizeof *s->work))) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  s->n_threads = threads;
  if (views) {
    int rc = make_view_data(s, err);
    if (rc) return rc;
  }
  if (k.pairs) {
    if (!(s->pairs = gs__pairs_new((size_t)(k.pair_block_mb * 1048576.0), k.pair_shared)))
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    stats->kernel_mb = k.total_mb;
    size_t nc = ds->n_classes;
    int len = snprintf(stats->note, sizeof stats->note,
             "%zu classes fitted pair by pair (%zu binary problems per fit; the largest pair %zu rows, its kernel %s)", nc,
             nc * (nc - 1) / 2, k.pair_rows,
             (double)k.pair_rows * (double)(k.pair_rows + 2) * 16.0 / 1048576.0 <= k.pair_block_mb ? "precomputed"
                                                                                                   : "LIBSVM's own");
    if (k.pair_shared && len > 0 && (size_t)len < sizeof stats->note)
      snprintf(stats->note + len, sizeof stats->note - (size_t)len, "; up to %zu fold training kernels of %.1f MB kept for the next C",
               k.pair_shared, k.pair_shared_mb);
    return GS_OK;
  }
  if (k.precomputed && (k.gram_mb == 0.0 || (s->gram = gs_svc_gram_alloc(n)))) {
    if (k.gram_mb > 0.0) gs_svc_gram(ds->X, n, ds->n_features, s->gram);
    s->data.gram = s->gram;
    if (!(s->kc = gs__kcache_new(&s->data, s->n_keys, k.blocks))) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    stats->precomputed = 1;
    stats->kernel_mb = k.total_mb;
    int rc = k.matrices ? build_key_kernels(s, threads, k.matrices, err) : GS_OK;
    if (!rc && views)
      snprintf(stats->note + strlen(stats->note), sizeof stats->note - strlen(stats->note),
               "%spreprocessed candidates: precomputed kernels on %zu transformed (step, fold) views",
               stats->note[0] ? "; " : "", k.views);
    return rc;
  } else {
    if (k.gram_mb + (double)threads * k.block_mb > k.limit_mb)
      snprintf(stats->note, sizeof stats->note,
               "kernels computed by LIBSVM: precomputed ones would take %.0f MB, over the %.0f MB memory limit",
               k.gram_mb + (double)threads * k.block_mb, k.limit_mb);
    stats->kernel_mb = k.total_mb;
  }
  if (views)
    snprintf(stats->note + strlen(stats->note), sizeof stats->note - strlen(stats->note),
             "%spreprocessed candidates: LIBSVM's own kernels on %zu transformed (step, fold) views, %.1f MB",
             stats->note[0] ? "; " : "", k.views, k.views_mb);
  for (int w = 0; w < threads; w++) {
    int rc = gs_svc_work_new(&s->work[w], &s->data, s->in.split->n_train, err);
    if (rc) return rc;
  }
  return GS_OK;
}

/* A worker's node arrays for LIBSVM's own kernels, made on its first use
 * (only that worker touches its entry). */
static int own_work(svc_state_t *s, int worker, gs_error_t *fe) {
  if (worker < 0 || worker >= s->n_threads)
    return gs_error_set(fe, GS_EINVAL, NULL, 0, 0, "worker %d of %d", worker, s->n_threads);
  if (s->work[worker]) return GS_OK;
  return gs_svc_work_new(&s->work[worker], &s->data, s->in.split->n_train, fe);
}

/* Fits task t (fold t->fold == n_splits: the refit) and predicts its test
 * rows, by whichever kernel route svc_prepare chose; a subset of a fold's
 * rows (not t->full) is fitted on LIBSVM's own kernels. */
static int fit_fold(svc_state_t *s, const gs__est_task_t *t, int worker, const gs_svc_params_t *p, long *pred,
                    gs_svc_extra_t *ex, double sec[2], gs_error_t *fe) {
  size_t c = t->candidate, f = t->fold;
  const gs_svc_data_t *d = fold_data(s, c, f);
  if (s->pairs) {
    gs__rowsrc_t rs = gs__rowsrc_dense(d->X, d->n_rows, d->n_features);
    int reuse = f < (size_t)s->in.n_splits && s->key_count[s->cand_key[c]] > 1;
    int rc = gs__pairs_fit_predict(s->pairs, &rs, d->y, t->train, t->n_train, t->test, t->n_test, p, s->helpers, reuse, d, pred,
                                   ex, sec, fe);
    if (rc != 1) return rc; /* 1: fewer than three classes, the routes below */
  }
  if (!s->kc || !t->full) {
    /* LIBSVM's own kernels (on a preprocessed candidate's view) */
    int rc = own_work(s, worker, fe);
    if (rc) return rc;
    gs_svc_data_t own = *d;
    own.gram = NULL;
    return gs_svc_fit_predict_ex(s->work[worker], &own, t->train, t->n_train, t->test, t->n_test, p, pred, ex, sec, fe);
  }
  double t0 = gs__now();
  /* sparse data: the folds' blocks are not needed by a refit; free them
   * before its larger block is made, so the two never coexist */
  if (f == (size_t)s->in.n_splits && s->in.ds->csr) gs__kcache_drop_idle(s->kc, (size_t)s->in.n_splits * s->n_keys);
  /* a preprocessed candidate's blocks come from its view's rows */
  gs__kcache_entry_t *e = gs__kcache_acquire_on(s->kc, f * s->n_keys + s->cand_key[c], d, t->train, t->n_train,
                                                t->test, t->n_test, p, fe);
  if (!e) return fe->code ? fe->code : GS_ENOMEM;
  double build = gs__now() - t0;
  int rc = gs_svc_block_fit_predict_ex(gs__kcache_block(e), d, p, pred, ex, sec, fe);
  gs__kcache_release(s->kc, e);
  sec[0] += build; /* computing the kernel is part of fitting, as in LIBSVM's own route */
  return rc;
}

/* The estimator's fit: the candidate's parameters resolved on its fold,
 * then fit_fold. */
static int svc_fit(void *st, const gs__est_task_t *t, int worker, long *pred, gs_svc_extra_t *ex, double sec[2],
                   gs_error_t *err) {
  svc_state_t *s = st;
  size_t nc = s->in.ds->n_classes;
  long labels[1024];
  double weights[1024];
  long *lab = labels;
  double *wts = weights;
  if (nc > 1024) { /* the class weights: as many as the data set has classes (no limit) */
    lab = malloc(nc * sizeof *lab);
    wts = malloc(nc * sizeof *wts);
    if (!lab || !wts) {
      free(lab);
      free(wts);
      return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    }
  }
  gs_svc_params_t p;
  resolve_params(s, t->candidate, t->fold, &p, lab, wts);
  int rc = fit_fold(s, t, worker, &p, pred, ex, sec, err);
  if (lab != labels) {
    free(lab);
    free(wts);
  }
  return rc;
}

static void svc_free(void *st) {
  svc_state_t *s = st;
  if (!s) return;
  for (int w = 0; w < s->n_threads; w++) gs_svc_work_free(s->work[w]);
  free(s->work);
  gs__kcache_free(s->kc);
  gs__pairs_free(s->pairs);
  free(s->cand_key);
  free(s->key_count);
  free(s->key_first);
  free(s->gram);
  free(s->view_data);
  free(s);
}

static int svc_open(void **out, const gs__est_input_t *in, gs_error_t *err) {
  svc_state_t *s = calloc(1, sizeof *s);
  *out = NULL;
  if (!s) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  s->in = *in;
  if (make_kernel_keys(s)) {
    svc_free(s);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  *out = s;
  return GS_OK;
}

static size_t svc_group(const void *st, size_t c, size_t f) {
  const svc_state_t *s = st;
  return f * s->n_keys + s->cand_key[c];
}

static size_t svc_n_groups(const void *st) { return ((const svc_state_t *)st)->n_keys; }

static size_t svc_model_bytes(const void *st) {
  const svc_state_t *s = st;
  const gs_csr_t *m = s->in.ds->csr; /* a support vector's features: at most a row's stored values */
  size_t nf = m && m->max_row_nnz < s->in.ds->n_features ? m->max_row_nnz : s->in.ds->n_features;
  return gs_svc_model_bytes(s->in.split->n_train, nf, s->in.ds->n_classes);
}

static void svc_set_helpers(void *st, int helpers) {
  svc_state_t *s = st;
  s->helpers = helpers;
  if (s->kc) gs__kcache_set_helpers(s->kc, helpers);
}

static void svc_counts(const void *st, size_t *built, size_t *reused) {
  const svc_state_t *s = st;
  *built = *reused = 0;
  if (s->kc) gs__kcache_counts(s->kc, built, reused);
  else if (s->pairs) gs__pairs_shared_counts(s->pairs, built, reused);
}

const gs__estimator_t gs__svc_estimator = {"svc",        svc_open,        svc_plan,        svc_prepare,
                                           svc_cost,     svc_group,       svc_n_groups,    svc_fit,
                                           svc_model_bytes, svc_set_helpers, svc_counts, svc_free};

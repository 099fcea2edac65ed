/* foldset.c: the folds' rows, their statistics and the (step, fold) views of
 * the preprocessing steps (foldset.h). */
#include "foldset.h"

#include <stdlib.h>
#include <string.h>

#include "gridsearch/csr.h"
#include "gridsearch/halving.h"
#include "gridsearch/npmath.h"

static size_t class_index(const gs_dataset_t *ds, long label) {
  for (size_t i = 0; i < ds->n_classes; i++)
    if (ds->classes[i] == label) return i;
  return ds->n_classes;
}

/* np.var of rows[0..n) of X (gathered C-contiguous, as X[train].var()). */
static double rows_var(const double *X, size_t nf, const size_t *rows, size_t n, double *buf) {
  for (size_t i = 0; i < n; i++) memcpy(buf + i * nf, X + rows[i] * nf, nf * sizeof *buf);
  return gs_np_var(buf, n * nf);
}

/* The rows of plain fold f (f == n_splits: the refit) into train/test. */
static void fold_rows(const gs_split_t *sp, const int *test_fold, size_t f, int refit, size_t *train, size_t *n_train,
                      size_t *test, size_t *n_test) {
  size_t a = 0, b = 0;
  for (size_t i = 0; i < sp->n_train; i++) {
    if (!refit && test_fold[i] == (int)f) test[b++] = sp->train[i];
    else train[a++] = sp->train[i];
  }
  if (refit) {
    memcpy(test, sp->test, sp->n_test * sizeof(size_t));
    b = sp->n_test;
  }
  *n_train = a;
  *n_test = b;
}

/* Fold f's rows (subsampled for halving's iterations), its X.var() (view f
 * of step 0) and balanced weights. */
static int make_folds(gs__foldset_t *fs, const gs_dataset_t *ds, const gs_split_t *sp, const int *test_fold,
                      size_t n_splits, const gs__foldset_sub_t *sub, double *buf, size_t *cnt) {
  size_t ntr = sp->n_train, k = ds->n_classes, nf = ds->n_features;
  size_t *perm = sub ? malloc((ntr ? ntr : 1) * sizeof *perm) : NULL, *base = sub ? malloc((ntr ? ntr : 1) * sizeof *base) : NULL;
  size_t *base_test = sub ? malloc((ntr ? ntr : 1) * sizeof *base_test) : NULL;
  int rc = GS_OK;
  if (sub && (!perm || !base || !base_test)) { rc = GS_ENOMEM; goto done; }
  for (size_t f = 0; f < fs->n_folds; f++) {
    int refit = f + 1 == fs->n_folds;
    fs->train[f] = malloc((ntr ? ntr : 1) * sizeof(size_t));
    fs->test[f] = malloc((refit ? sp->n_test : ntr) * sizeof(size_t) + 1);
    if (!fs->train[f] || !fs->test[f]) { rc = GS_ENOMEM; goto done; }
    size_t a, b;
    if (sub && !refit) {
      size_t nb, nbt, it = f / n_splits;
      fold_rows(sp, test_fold, f % n_splits, 0, base, &nb, base_test, &nbt);
      a = gs_halving_subsample(base, nb, sub->n_resources[it], sub->n_samples, sub->seed, perm, fs->train[f]);
      b = gs_halving_subsample(base_test, nbt, sub->n_resources[it], sub->n_samples, sub->seed, perm, fs->test[f]);
    } else {
      fold_rows(sp, test_fold, f, refit, fs->train[f], &a, fs->test[f], &b);
    }
    fs->n_train[f] = a;
    fs->n_test[f] = b;
    fs->view_var[f] = ds->csr ? gs_csr_var_rows(ds->csr, fs->train[f], a, buf) : rows_var(ds->X, nf, fs->train[f], a, buf);
    memset(cnt, 0, (k ? k : 1) * sizeof *cnt);
    for (size_t i = 0; i < a; i++) cnt[class_index(ds, ds->y[fs->train[f][i]])]++;
    size_t present = 0;
    for (size_t c = 0; c < k; c++) present += cnt[c] > 0;
    for (size_t c = 0; c < k; c++)
      fs->balanced[f * k + c] = cnt[c] ? (double)a / ((double)present * (double)cnt[c]) : 1.0;
  }
done:
  free(perm);
  free(base);
  free(base_test);
  return rc;
}

/* The views of a sparse X: each step fitted as on a scipy CSR matrix, every
 * row scaled by its factors into a new sparse matrix (a step that scales
 * nothing shares X's). buf: n_train doubles of scratch. */
static int make_sparse_views(gs__foldset_t *fs, const gs_dataset_t *ds, double *buf, gs_error_t *err) {
  size_t ns = fs->n_folds, nf = ds->n_features;
  double *factor = malloc((nf ? nf : 1) * sizeof *factor);
  int rc = GS_OK;
  if (!factor) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  for (size_t t = 1; t < fs->n_steps && !rc; t++)
    for (size_t f = 0; f < ns && !rc; f++) {
      size_t v = t * ns + f, a = fs->n_train[f];
      if ((rc = gs_transform_fit_csr(&fs->view_fit[v], &fs->step[t], ds->csr, fs->train[f], a, err))) break;
      if (!gs_transform_factors(&fs->view_fit[v], factor))
        for (size_t j = 0; j < nf; j++) factor[j] = 1.0;
      if (!(fs->view_csr[v] = gs_csr_scaled(ds->csr, factor))) rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
      else fs->view_var[v] = gs_csr_var_rows(fs->view_csr[v], fs->train[f], a, buf);
    }
  free(factor);
  return rc;
}

int gs__foldset_make(gs__foldset_t *fs, const gs_dataset_t *ds, const gs_split_t *split, const int *test_fold,
                     int n_splits, const gs_transform_spec_t *spec, size_t n_cand, gs_error_t *err) {
  return gs__foldset_make_sub(fs, ds, split, test_fold, n_splits, NULL, spec, n_cand, err);
}

int gs__foldset_make_sub(gs__foldset_t *fs, const gs_dataset_t *ds, const gs_split_t *split, const int *test_fold,
                         int n_splits, const gs__foldset_sub_t *sub, const gs_transform_spec_t *spec, size_t n_cand,
                         gs_error_t *err) {
  size_t ns = (sub ? sub->n_iter : 1) * (size_t)n_splits + 1, nf = ds->n_features, nr = ds->n_samples, k = ds->n_classes;
  memset(fs, 0, sizeof *fs);
  fs->n_folds = ns;
  fs->step = malloc((n_cand + 1) * sizeof *fs->step);
  fs->cand_step = malloc((n_cand ? n_cand : 1) * sizeof *fs->cand_step);
  if (!fs->step || !fs->cand_step) goto oom;
  fs->step[0] = gs_transform_default(GS_TF_NONE);
  fs->n_steps = 1;
  for (size_t c = 0; c < n_cand; c++) {
    size_t t = 0;
    while (t < fs->n_steps && !gs_transform_spec_equal(&fs->step[t], &spec[c])) t++;
    if (t == fs->n_steps) fs->step[fs->n_steps++] = spec[c];
    fs->cand_step[c] = t;
  }
  size_t nv = fs->n_steps * ns;
  fs->train = calloc(ns, sizeof *fs->train);
  fs->test = calloc(ns, sizeof *fs->test);
  fs->n_train = calloc(ns, sizeof *fs->n_train);
  fs->n_test = calloc(ns, sizeof *fs->n_test);
  fs->balanced = calloc(ns * (k ? k : 1), sizeof *fs->balanced);
  fs->view_fit = calloc(nv, sizeof *fs->view_fit);
  fs->view_X = calloc(nv, sizeof *fs->view_X);
  fs->view_csr = calloc(nv, sizeof *fs->view_csr);
  fs->view_var = calloc(nv, sizeof *fs->view_var);
  /* X[train] gathered densely, or (sparse X) its row sums */
  double *buf = malloc((split->n_train ? split->n_train : 1) * (nf && !ds->csr ? nf : 1) * sizeof *buf);
  size_t *cnt = calloc(k ? k : 1, sizeof *cnt);
  int rc = GS_OK;
  if (!fs->train || !fs->test || !fs->n_train || !fs->n_test || !fs->balanced || !fs->view_fit || !fs->view_X || !fs->view_csr ||
      !fs->view_var || !buf || !cnt || make_folds(fs, ds, split, test_fold, (size_t)n_splits, sub, buf, cnt)) {
    rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  if (ds->csr) {
    rc = make_sparse_views(fs, ds, buf, err);
    goto done;
  }
  for (size_t t = 1; t < fs->n_steps; t++)
    for (size_t f = 0; f < ns; f++) {
      size_t v = t * ns + f, a = fs->n_train[f];
      if ((rc = gs_transform_fit(&fs->view_fit[v], &fs->step[t], ds->X, nf, fs->train[f], a, err))) goto done;
      if (!(fs->view_X[v] = malloc((nr ? nr : 1) * (nf ? nf : 1) * sizeof(double)))) {
        rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
      }
      gs_transform_apply(&fs->view_fit[v], ds->X, fs->view_X[v], nr);
      /* gamma="scale" of a Pipeline: X.var() of the transformed training rows */
      fs->view_var[v] = rows_var(fs->view_X[v], nf, fs->train[f], a, buf);
    }
done:
  free(buf);
  free(cnt);
  return rc;
oom:
  return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
}

void gs__foldset_free(gs__foldset_t *fs) {
  if (!fs) return;
  for (size_t f = 0; fs->train && f < fs->n_folds; f++) free(fs->train[f]);
  for (size_t f = 0; fs->test && f < fs->n_folds; f++) free(fs->test[f]);
  for (size_t v = 0; fs->view_X && v < fs->n_steps * fs->n_folds; v++) free(fs->view_X[v]);
  for (size_t v = 0; fs->view_csr && v < fs->n_steps * fs->n_folds; v++) gs_csr_free(fs->view_csr[v]);
  free(fs->view_csr);
  for (size_t v = 0; fs->view_fit && v < fs->n_steps * fs->n_folds; v++) gs_transform_free(&fs->view_fit[v]);
  free(fs->train);
  free(fs->test);
  free(fs->n_train);
  free(fs->n_test);
  free(fs->balanced);
  free(fs->view_fit);
  free(fs->view_X);
  free(fs->view_var);
  free(fs->step);
  free(fs->cand_step);
  memset(fs, 0, sizeof *fs);
}

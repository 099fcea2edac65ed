/* transform.c: the preprocessing table (StandardScaler, MinMaxScaler,
 * MaxAbsScaler, none), each fitted and applied in scikit-learn 1.2.1's exact
 * order of floating-point operations (preprocessing/_data.py,
 * utils/extmath.py _incremental_mean_and_var), so that a pipeline's scores
 * equal scikit-learn's bit for bit. */
#include "gridsearch/transform.h"

#include <float.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/csr.h"
#include "gridsearch/pyrepr.h"

#include <cjson/cJSON.h>

typedef int (*fit_fn)(gs_transform_t *t, const double *X, const size_t *rows, size_t n_rows);
typedef void (*apply_fn)(const gs_transform_t *t, double *x);  /* one row, in place */
typedef void (*args_fn)(const gs_transform_spec_t *s, char *buf, size_t n);  /* non-default settings */

typedef struct {
  const char *name;   /* config spelling */
  const char *klass;  /* scikit-learn's class */
  fit_fn fit;
  apply_fn apply;
  args_fn args;
} row_t;

/* Allocates k per-feature arrays of t (NULL pointers given as out). */
static int alloc_stats(gs_transform_t *t, double **a, double **b, double **c) {
  size_t nf = t->n_features ? t->n_features : 1;
  double **p[3] = {a, b, c};
  for (int i = 0; i < 3; i++)
    if (p[i] && !(*p[i] = calloc(nf, sizeof(double)))) return GS_ENOMEM;
  return GS_OK;
}

/* _handle_zeros_in_scale without a constant mask: scales below 10 eps -> 1. */
static double zero_scale_to_one(double s) { return s < 10 * DBL_EPSILON ? 1.0 : s; }

/* ---- none ("passthrough") ---- */
static int none_fit(gs_transform_t *t, const double *X, const size_t *rows, size_t n_rows) {
  (void)t; (void)X; (void)rows; (void)n_rows;
  return GS_OK;
}
static void none_apply(const gs_transform_t *t, double *x) { (void)t; (void)x; }

/* ---- StandardScaler: _incremental_mean_and_var from a zero state ---- */
static int standard_fit(gs_transform_t *t, const double *X, const size_t *rows, size_t n_rows) {
  const gs_transform_spec_t *s = &t->spec;
  size_t nf = t->n_features;
  if (!s->with_mean && !s->with_std) return GS_OK;
  if (alloc_stats(t, &t->mean, s->with_std ? &t->var : NULL, s->with_std ? &t->scale : NULL)) return GS_ENOMEM;
  double n = (double)n_rows;
  for (size_t j = 0; j < nf; j++) {
    /* np.sum(X, axis=0) of a C-contiguous X: row by row, from the first row */
    double sum = X[rows[0] * nf + j];
    for (size_t i = 1; i < n_rows; i++) sum += X[rows[i] * nf + j];
    /* updated_mean = (last_sum + new_sum) / count, last_sum = 0.0 * 0 */
    t->mean[j] = (0.0 + sum) / n;
    if (!s->with_std) continue;
    double T = sum / n;
    double d0 = X[rows[0] * nf + j] - T, corr = d0, sq = d0 * d0;
    for (size_t i = 1; i < n_rows; i++) {
      double d = X[rows[i] * nf + j] - T;
      corr += d;
      sq += d * d;
    }
    /* from a zero state the update keeps new_unnormalized_variance only */
    double var = (sq - corr * corr / n) / n;
    t->var[j] = var;
    /* _is_constant_feature: var <= n*eps*var + (n*mean*eps)**2 */
    double mean_term = n * t->mean[j] * DBL_EPSILON;
    int constant = var <= n * DBL_EPSILON * var + mean_term * mean_term;
    t->scale[j] = constant ? 1.0 : sqrt(var);
  }
  return GS_OK;
}
static void standard_apply(const gs_transform_t *t, double *x) {
  size_t nf = t->n_features;
  if (t->sparse) { /* inplace_column_scale(X, 1 / scale_) */
    for (size_t j = 0; t->spec.with_std && j < nf; j++) x[j] *= 1.0 / t->scale[j];
    return;
  }
  /* X -= mean_; X /= scale_ (a division, not a multiplication by 1/scale_) */
  if (t->spec.with_mean)
    for (size_t j = 0; j < nf; j++) x[j] -= t->mean[j];
  if (t->spec.with_std)
    for (size_t j = 0; j < nf; j++) x[j] /= t->scale[j];
}
static void standard_args(const gs_transform_spec_t *s, char *buf, size_t n) {
  snprintf(buf, n, "%s%s%s", s->with_mean ? "" : "with_mean=False", !s->with_mean && !s->with_std ? ", " : "",
           s->with_std ? "" : "with_std=False");
}

/* ---- MinMaxScaler ---- */
static int minmax_fit(gs_transform_t *t, const double *X, const size_t *rows, size_t n_rows) {
  size_t nf = t->n_features;
  if (alloc_stats(t, &t->data_min, &t->data_max, &t->scale) || alloc_stats(t, &t->min, NULL, NULL)) return GS_ENOMEM;
  const double lo = t->spec.range[0], hi = t->spec.range[1];
  for (size_t j = 0; j < nf; j++) {
    double mn = X[rows[0] * nf + j], mx = mn;
    for (size_t i = 1; i < n_rows; i++) {
      double v = X[rows[i] * nf + j];
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    t->data_min[j] = mn;
    t->data_max[j] = mx;
    /* scale_ = (max - min) / _handle_zeros_in_scale(data_range); min_ = min - data_min * scale_ */
    t->scale[j] = (hi - lo) / zero_scale_to_one(mx - mn);
    double shift = mn * t->scale[j];
    t->min[j] = lo - shift;
  }
  return GS_OK;
}
static void minmax_apply(const gs_transform_t *t, double *x) {
  size_t nf = t->n_features;
  /* X *= scale_; X += min_: two roundings, never fused */
  for (size_t j = 0; j < nf; j++) {
    double v = x[j] * t->scale[j];
    x[j] = v + t->min[j];
  }
}
static void minmax_args(const gs_transform_spec_t *s, char *buf, size_t n) {
  if (s->range[0] == 0.0 && s->range[1] == 1.0 && s->range_int[0] && s->range_int[1]) { buf[0] = '\0'; return; }
  char a[40], b[40];
  if (s->range_int[0]) snprintf(a, sizeof a, "%.0f", s->range[0]);
  else gs_pyrepr_double(s->range[0], a, sizeof a);
  if (s->range_int[1]) snprintf(b, sizeof b, "%.0f", s->range[1]);
  else gs_pyrepr_double(s->range[1], b, sizeof b);
  snprintf(buf, n, "feature_range=(%s, %s)", a, b);
}

/* ---- MaxAbsScaler ---- */
static int maxabs_fit(gs_transform_t *t, const double *X, const size_t *rows, size_t n_rows) {
  size_t nf = t->n_features;
  if (alloc_stats(t, &t->max_abs, &t->scale, NULL)) return GS_ENOMEM;
  for (size_t j = 0; j < nf; j++) {
    double m = fabs(X[rows[0] * nf + j]);
    for (size_t i = 1; i < n_rows; i++) {
      double v = fabs(X[rows[i] * nf + j]);
      if (v > m) m = v;
    }
    t->max_abs[j] = m;
    t->scale[j] = zero_scale_to_one(m);
  }
  return GS_OK;
}
static void maxabs_apply(const gs_transform_t *t, double *x) {
  if (t->sparse) { /* inplace_column_scale(X, 1 / scale_) */
    for (size_t j = 0; j < t->n_features; j++) x[j] *= 1.0 / t->scale[j];
    return;
  }
  for (size_t j = 0; j < t->n_features; j++) x[j] /= t->scale[j];
}

static void no_args(const gs_transform_spec_t *s, char *buf, size_t n) {
  (void)s;
  if (n) buf[0] = '\0';
}

/* The table, in gs_transform_kind_t order. */
static const row_t table[GS_TF_COUNT] = {
  [GS_TF_NONE] = {"none", "None", none_fit, none_apply, no_args},
  [GS_TF_STANDARD] = {"standard", "StandardScaler", standard_fit, standard_apply, standard_args},
  [GS_TF_MINMAX] = {"minmax", "MinMaxScaler", minmax_fit, minmax_apply, minmax_args},
  [GS_TF_MAXABS] = {"maxabs", "MaxAbsScaler", maxabs_fit, maxabs_apply, no_args},
};

static const char *const step_names[] = {"standard", "minmax", "maxabs", NULL};

const char *const *gs_transform_names(void) { return step_names; }

gs_transform_spec_t gs_transform_default(int kind) {
  gs_transform_spec_t s = {kind, 1, 1, {0.0, 1.0}, {1, 1}};
  return s;
}

const char *gs_transform_name(int kind) { return kind >= 0 && kind < GS_TF_COUNT ? table[kind].name : "?"; }

int gs_transform_find(const char *name) {
  for (int k = 0; k < GS_TF_COUNT; k++)
    if (!strcmp(table[k].name, name)) return k;
  return -1;
}

char *gs_transform_repr(const gs_transform_spec_t *spec, char *buf, size_t n) {
  if (spec->kind == GS_TF_NONE) {
    snprintf(buf, n, "None");
    return buf;
  }
  char args[160];
  table[spec->kind].args(spec, args, sizeof args);
  snprintf(buf, n, "%s(%s)", table[spec->kind].klass, args);
  return buf;
}

int gs_transform_spec_equal(const gs_transform_spec_t *a, const gs_transform_spec_t *b) {
  if (a->kind != b->kind) return 0;
  switch (a->kind) {
  case GS_TF_STANDARD: return a->with_mean == b->with_mean && a->with_std == b->with_std;
  case GS_TF_MINMAX: return a->range[0] == b->range[0] && a->range[1] == b->range[1];
  default: return 1;
  }
}

int gs_transform_fit(gs_transform_t *t, const gs_transform_spec_t *spec, const double *X, size_t n_features,
                     const size_t *rows, size_t n_rows, gs_error_t *err) {
  memset(t, 0, sizeof *t);
  t->spec = *spec;
  t->n_features = n_features;
  t->n_samples_seen = n_rows;
  if (spec->kind < 0 || spec->kind >= GS_TF_COUNT)
    return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "unknown preprocessing step %d", spec->kind);
  if (n_rows == 0) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "cannot fit %s on no rows", table[spec->kind].klass);
  if (table[spec->kind].fit(t, X, rows, n_rows) != GS_OK) {
    gs_transform_free(t);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  return GS_OK;
}

/* sparsefuncs_fast's _csr_mean_variance_axis0 (unit weights) on rows of m:
 * column sums in row order, the mean, then the corrected two-pass variance
 * over the stored values plus the implicit zeros' share. */
static int standard_fit_csr(gs_transform_t *t, const gs_csr_t *m, const size_t *rows, size_t n_rows) {
  size_t nf = t->n_features;
  if (!t->spec.with_std) return GS_OK; /* mean_ and var_ are None */
  if (alloc_stats(t, &t->mean, &t->var, &t->scale)) return GS_ENOMEM;
  size_t *nz = calloc(nf ? nf : 1, sizeof *nz);
  double *corr = calloc(nf ? nf : 1, sizeof *corr);
  if (!nz || !corr) {
    free(nz);
    free(corr);
    return GS_ENOMEM;
  }
  double sw = (double)n_rows; /* np.sum(np.ones(n)): exact */
  for (size_t i = 0; i < n_rows; i++)
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) {
      t->mean[m->indices[k]] += m->values[k] * 1.0;
      nz[m->indices[k]]++;
    }
  for (size_t j = 0; j < nf; j++) t->mean[j] /= sw;
  for (size_t i = 0; i < n_rows; i++)
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) {
      size_t j = (size_t)m->indices[k];
      double d = m->values[k] - t->mean[j];
      corr[j] += d * 1.0;
      t->var[j] += d * d * 1.0;
    }
  for (size_t j = 0; j < nf; j++) {
    double zeros = sw - (double)nz[j]; /* sum_weights - sum_weights_nz */
    if (nz[j] != n_rows) corr[j] -= zeros * t->mean[j];
    corr[j] = corr[j] * corr[j] / sw;
    if (nz[j] != n_rows) t->var[j] += zeros * (t->mean[j] * t->mean[j]);
    t->var[j] = (t->var[j] - corr[j]) / sw;
    double var = t->var[j], mean_term = sw * t->mean[j] * DBL_EPSILON;
    int constant = var <= sw * DBL_EPSILON * var + mean_term * mean_term;
    t->scale[j] = constant ? 1.0 : sqrt(var);
  }
  free(nz);
  free(corr);
  return GS_OK;
}

/* min_max_axis's maxima of |x| (an implicit zero never raises one). */
static int maxabs_fit_csr(gs_transform_t *t, const gs_csr_t *m, const size_t *rows, size_t n_rows) {
  if (alloc_stats(t, &t->max_abs, &t->scale, NULL)) return GS_ENOMEM;
  for (size_t i = 0; i < n_rows; i++)
    for (size_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++) {
      double v = fabs(m->values[k]);
      if (v > t->max_abs[m->indices[k]]) t->max_abs[m->indices[k]] = v;
    }
  for (size_t j = 0; j < t->n_features; j++) t->scale[j] = zero_scale_to_one(t->max_abs[j]);
  return GS_OK;
}

int gs_transform_fit_csr(gs_transform_t *t, const gs_transform_spec_t *spec, const gs_csr_t *m, const size_t *rows,
                         size_t n_rows, gs_error_t *err) {
  memset(t, 0, sizeof *t);
  t->spec = *spec;
  t->n_features = m->n_cols;
  t->n_samples_seen = n_rows;
  t->sparse = 1;
  int ok = spec->kind == GS_TF_NONE || spec->kind == GS_TF_MAXABS || (spec->kind == GS_TF_STANDARD && !spec->with_mean);
  if (!ok) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "%s does not take sparse input", table[spec->kind].klass);
  if (n_rows == 0) return gs_error_set(err, GS_EINVAL, NULL, 0, 0, "cannot fit %s on no rows", table[spec->kind].klass);
  int rc = spec->kind == GS_TF_MAXABS ? maxabs_fit_csr(t, m, rows, n_rows)
           : spec->kind == GS_TF_STANDARD ? standard_fit_csr(t, m, rows, n_rows) : GS_OK;
  if (rc != GS_OK) {
    gs_transform_free(t);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  return GS_OK;
}

int gs_transform_factors(const gs_transform_t *t, double *f) {
  if (!t->scale || (t->spec.kind == GS_TF_STANDARD && !t->spec.with_std)) return 0;
  for (size_t j = 0; j < t->n_features; j++) f[j] = 1.0 / t->scale[j];
  return 1;
}

void gs_transform_apply(const gs_transform_t *t, const double *in, double *out, size_t n_rows) {
  size_t nf = t->n_features;
  if (out != in) memmove(out, in, n_rows * nf * sizeof *out);
  for (size_t i = 0; i < n_rows; i++) table[t->spec.kind].apply(t, out + i * nf);
}

void gs_transform_free(gs_transform_t *t) {
  if (!t) return;
  free(t->mean);
  free(t->var);
  free(t->scale);
  free(t->min);
  free(t->data_min);
  free(t->data_max);
  free(t->max_abs);
  gs_transform_spec_t spec = t->spec;
  memset(t, 0, sizeof *t);
  t->spec = spec;
}

/* ---- the fitted step as JSON (model files) ---- */

/* Every statistic a transform may keep, by scikit-learn's attribute name. */
static double **stat_field(gs_transform_t *t, size_t i, const char **name) {
  static const char *const names[] = {"mean_", "var_", "scale_", "min_", "data_min_", "data_max_", "max_abs_"};
  double **fields[] = {&t->mean, &t->var, &t->scale, &t->min, &t->data_min, &t->data_max, &t->max_abs};
  if (i >= sizeof names / sizeof *names) return NULL;
  *name = names[i];
  return fields[i];
}

char *gs_transform_to_json(const gs_transform_t *t) {
  char buf[200];
  cJSON *o = cJSON_CreateObject();
  if (!o) return NULL;
  cJSON_AddStringToObject(o, "step", gs_transform_name(t->spec.kind));
  cJSON_AddStringToObject(o, "sklearn", gs_transform_repr(&t->spec, buf, sizeof buf));
  if (t->spec.kind == GS_TF_STANDARD) {
    cJSON_AddBoolToObject(o, "with_mean", t->spec.with_mean);
    cJSON_AddBoolToObject(o, "with_std", t->spec.with_std);
  }
  if (t->spec.kind == GS_TF_MINMAX) {
    cJSON *r = cJSON_AddArrayToObject(o, "feature_range");
    for (int i = 0; i < 2; i++) cJSON_AddItemToArray(r, cJSON_CreateNumber(t->spec.range[i]));
  }
  cJSON_AddNumberToObject(o, "n_samples_seen", (double)t->n_samples_seen);
  if (t->sparse) cJSON_AddBoolToObject(o, "sparse", 1);
  gs_transform_t *mt = (gs_transform_t *)(uintptr_t)t; /* stat_field only reads here */
  const char *name;
  double **f;
  for (size_t i = 0; (f = stat_field(mt, i, &name)); i++) {
    if (!*f) continue;
    /* raw numbers with 17 significant digits: cJSON's own printing rounds to 15 */
    cJSON *a = cJSON_AddArrayToObject(o, name);
    for (size_t j = 0; a && j < t->n_features; j++) {
      snprintf(buf, sizeof buf, "%.17g", (*f)[j]);
      cJSON_AddItemToArray(a, isfinite((*f)[j]) ? cJSON_CreateRaw(buf) : cJSON_CreateNull()); /* JSON has no inf */
    }
  }
  char *text = cJSON_Print(o);
  cJSON_Delete(o);
  return text;
}

static int json_bad(gs_error_t *err, const char *path, const char *what) {
  gs_error_set(err, GS_EDATA, NULL, 0, 0, "%s", what);
  gs_error_set_path(err, path);
  return GS_EDATA;
}

int gs_transform_from_json(gs_transform_t *t, const char *text, size_t len, size_t n_features, gs_error_t *err) {
  memset(t, 0, sizeof *t);
  cJSON *o = cJSON_ParseWithLength(text, len);
  int rc = GS_OK;
  const cJSON *step = cJSON_GetObjectItemCaseSensitive(o, "step");
  int kind = cJSON_IsString(step) ? gs_transform_find(step->valuestring) : -1;
  if (!cJSON_IsObject(o) || kind < 0) { rc = json_bad(err, "preprocessing.step", "unknown or missing step"); goto done; }
  t->spec = gs_transform_default(kind);
  t->n_features = n_features;
  const cJSON *v;
  if (kind == GS_TF_STANDARD) {
    v = cJSON_GetObjectItemCaseSensitive(o, "with_mean");
    if (v && !cJSON_IsBool(v)) { rc = json_bad(err, "preprocessing.with_mean", "expected true or false"); goto done; }
    if (v) t->spec.with_mean = cJSON_IsTrue(v);
    v = cJSON_GetObjectItemCaseSensitive(o, "with_std");
    if (v && !cJSON_IsBool(v)) { rc = json_bad(err, "preprocessing.with_std", "expected true or false"); goto done; }
    if (v) t->spec.with_std = cJSON_IsTrue(v);
  }
  if (kind == GS_TF_MINMAX && (v = cJSON_GetObjectItemCaseSensitive(o, "feature_range"))) {
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !cJSON_IsNumber(v->child) || !cJSON_IsNumber(v->child->next)) {
      rc = json_bad(err, "preprocessing.feature_range", "expected [min, max]");
      goto done;
    }
    t->spec.range[0] = v->child->valuedouble;
    t->spec.range[1] = v->child->next->valuedouble;
  }
  /* what apply reads, per step */
  int need_mean = kind == GS_TF_STANDARD && t->spec.with_mean, need_scale = kind == GS_TF_MINMAX || kind == GS_TF_MAXABS ||
                                                                          (kind == GS_TF_STANDARD && t->spec.with_std);
  const char *name;
  double **f;
  for (size_t i = 0; (f = stat_field(t, i, &name)); i++) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name);
    /* only what apply reads is loaded (and must be finite) */
    int needed = (f == &t->mean && need_mean) || (f == &t->scale && need_scale) || (f == &t->min && kind == GS_TF_MINMAX);
    if (!needed) continue;
    char path[64];
    snprintf(path, sizeof path, "preprocessing.%s", name);
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n_features) {
      char what[96];
      snprintf(what, sizeof what, "expected %zu numbers, one per feature", n_features);
      rc = json_bad(err, path, what);
      goto done;
    }
    if (!(*f = malloc((n_features ? n_features : 1) * sizeof **f))) { rc = gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    size_t j = 0;
    for (const cJSON *e = a->child; e; e = e->next, j++) {
      if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) { rc = json_bad(err, path, "expected finite numbers"); goto done; }
      (*f)[j] = e->valuedouble;
    }
  }
  t->sparse = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "sparse"));
  v = cJSON_GetObjectItemCaseSensitive(o, "n_samples_seen");
  if (cJSON_IsNumber(v) && v->valuedouble >= 0) t->n_samples_seen = (size_t)v->valuedouble;
done:
  cJSON_Delete(o);
  if (rc) gs_transform_free(t);
  return rc;
}

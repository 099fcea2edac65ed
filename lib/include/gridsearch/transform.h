/* transform.h: the preprocessing steps a Pipeline puts before the SVC
 * (StandardScaler, MinMaxScaler, MaxAbsScaler, or none), fitted on a fold's
 * training rows only and applied to its training and test rows, exactly as
 * scikit-learn 1.2.1's preprocessing/_data.py computes them.
 *
 * The steps are one table (transform.c): a row names the step as the config
 * spells it and as scikit-learn's class, and gives its fit, apply and
 * describe functions. Adding a scaler is one row and its functions. */
#ifndef GRIDSEARCH_TRANSFORM_H
#define GRIDSEARCH_TRANSFORM_H

#include <stddef.h>

#include "gridsearch/error.h"

typedef enum { GS_TF_NONE, GS_TF_STANDARD, GS_TF_MINMAX, GS_TF_MAXABS, GS_TF_COUNT } gs_transform_kind_t;

/* A step and its settings, as the config gives them (not fitted). */
typedef struct {
  int kind;                /* gs_transform_kind_t */
  int with_mean, with_std; /* StandardScaler (default 1, 1) */
  double range[2];         /* MinMaxScaler feature_range (default 0, 1) */
  int range_int[2];        /* range values written as integer literals (repr) */
} gs_transform_spec_t;

/* A fitted step: its settings and the per-feature statistics it learned. */
typedef struct {
  gs_transform_spec_t spec;
  size_t n_features;
  size_t n_samples_seen;
  double *mean;   /* StandardScaler mean_ (with_mean or with_std), else NULL */
  double *var;    /* StandardScaler var_ (with_std), else NULL */
  double *scale;  /* scale_: StandardScaler (with_std), MinMaxScaler, MaxAbsScaler; else NULL */
  double *min;    /* MinMaxScaler min_ (feature_min - data_min * scale_), else NULL */
  double *data_min, *data_max;  /* MinMaxScaler data_min_, data_max_ */
  double *max_abs;              /* MaxAbsScaler max_abs_ */
  int sparse;     /* fitted on sparse input: scales by multiplying with
                   * 1 / scale_, as scikit-learn's inplace_column_scale */
} gs_transform_t;

/* The spec of kind with scikit-learn's default settings. */
gs_transform_spec_t gs_transform_default(int kind);

/* The config's name of kind ("standard", "minmax", "maxabs", "none"). */
const char *gs_transform_name(int kind);

/* The kind whose config name is name, or -1. */
int gs_transform_find(const char *name);

/* The NULL-terminated list of config names of real steps (not "none"), for
 * messages and suggestions. */
const char *const *gs_transform_names(void);

/* The step as Python's repr() prints it in scikit-learn ("StandardScaler()",
 * "MinMaxScaler(feature_range=(-1, 1))", "None" for none). Returns buf. */
char *gs_transform_repr(const gs_transform_spec_t *spec, char *buf, size_t n);

/* Whether two specs fit to the same statistics and transform alike. */
int gs_transform_spec_equal(const gs_transform_spec_t *a, const gs_transform_spec_t *b);

/* Fits spec on rows rows[0..n_rows) of X (row-major, n_features columns),
 * in that order, as scikit-learn fits on X[rows]. On success t holds the
 * statistics (free with gs_transform_free); on failure (GS_ENOMEM, err
 * filled) t is left empty. n_rows >= 1. */
int gs_transform_fit(gs_transform_t *t, const gs_transform_spec_t *spec, const double *X, size_t n_features,
                     const size_t *rows, size_t n_rows, gs_error_t *err);

struct gs_csr;

/* gs_transform_fit on rows of a sparse matrix, as scikit-learn fits on a
 * scipy CSR matrix: MaxAbsScaler, and StandardScaler without centring
 * (mean and variance by sparsefuncs' mean_variance_axis); t->sparse set.
 * Any other step is GS_EINVAL (scikit-learn refuses it on sparse input). */
int gs_transform_fit_csr(gs_transform_t *t, const gs_transform_spec_t *spec, const struct gs_csr *m,
                         const size_t *rows, size_t n_rows, gs_error_t *err);

/* The per-feature factors a sparse-fitted t multiplies by (1 / scale_) into
 * f (n_features values), or 0 when t leaves the values as they are. */
int gs_transform_factors(const gs_transform_t *t, double *f);

/* Transforms n_rows rows of in (row-major) into out (may equal in). */
void gs_transform_apply(const gs_transform_t *t, const double *in, double *out, size_t n_rows);

/* The fitted step as a JSON object (text, NUL-terminated; the caller frees
 * it): {"step": "minmax", "sklearn": "MinMaxScaler(...)", its settings,
 * "n_samples_seen", and every statistic it keeps under scikit-learn's name
 * ("mean_", "scale_", ...) with 17 significant digits (exact round trip)}.
 * NULL when out of memory. */
char *gs_transform_to_json(const gs_transform_t *t);

/* Reads such an object (text of len bytes) back into t, checking its step,
 * settings and that each statistic apply needs has n_features finite
 * values. On failure t is left empty and err says what is wrong (GS_EDATA,
 * with the key path) or GS_ENOMEM. */
int gs_transform_from_json(gs_transform_t *t, const char *text, size_t len, size_t n_features, gs_error_t *err);

/* Frees t's statistics; accepts NULL and empty transforms. */
void gs_transform_free(gs_transform_t *t);

#endif

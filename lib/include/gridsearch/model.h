/* model.h: the refit models a search leaves behind, and predictions from
 * them. A search writes, per distinct best candidate c, results/<name>/
 * model_<c>.model (a standard LIBSVM model file: svm-predict and every
 * LIBSVM binding load it) and model_<c>.json beside it (classes, params as
 * in cv_results, feature count, data digest, versions, preprocessing), and
 * test_predictions.csv: each held-out row's index in the data file (from
 * 0), its label and every model's prediction. The
 * model best for the first scorer is "primary": the one `gridsearch
 * predict DIR` uses. */
#ifndef GRIDSEARCH_MODEL_H
#define GRIDSEARCH_MODEL_H

#include <stddef.h>

#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/search.h"

/* Writes every refit model of s (after a successful run, rank 0) and its
 * JSON into dir. GS_OK or GS_EIO / GS_ENOMEM naming the file. */
int gs_model_write(const gs_search_t *s, const char *dir, gs_error_t *err);

typedef struct gs_model gs_model_t;

/* Opens a model: path is a model file, or a folder holding a search's
 * models (the primary one is used). The file is checked line by line before
 * LIBSVM reads it (LIBSVM trusts nr_sv and total_sv and crashes on a file
 * that lies); a JSON beside it (same name, .json), when present, gives the
 * feature count and the training data's format. Errors (GS_EDATA, GS_EIO)
 * name file:line:column. */
int gs_model_open(gs_model_t **out, const char *path, gs_error_t *err);
void gs_model_free(gs_model_t *m);

/* The feature count (the JSON's, else the largest index in the model) and
 * whether it came from the JSON. */
size_t gs_model_n_features(const gs_model_t *m, int *from_json);

/* The model's classes in LIBSVM's order (ascending for gridsearch's). */
size_t gs_model_classes(const gs_model_t *m, const long **labels);

/* Decision values per row: 1 for two classes, k(k-1)/2 otherwise. */
size_t gs_model_n_decision(const gs_model_t *m);

/* The training data's format from the JSON (CSV when unknown). */
gs_format_t gs_model_format(const gs_model_t *m);

/* The path of the model file opened. */
const char *gs_model_path(const gs_model_t *m);

/* Predicts one dense row x (n_features values), after the JSON's
 * "preprocessing" step when it has one (the step as fitted for the refit,
 * so the model is the whole Pipeline): returns the label; with dec
 * (room for gs_model_n_decision) also the decision values in
 * scikit-learn's convention: two classes, one value, positive for the
 * second (larger) class; more, one-vs-one values for the pairs (0,1),
 * (0,2), ..., (1,2), ... of the classes' order, positive for the first of
 * the pair (SVC(decision_function_shape="ovo")). Thread-safe. */
long gs_model_predict(const gs_model_t *m, const double *x, double *dec);

/* The same for a sparse row: nnz values value[i] of features index[i]
 * (1-based, ascending). A step fitted on sparse data scales the values
 * alone; any other step sees the row densified (one row at a time). */
long gs_model_predict_sparse(const gs_model_t *m, const int *index, const double *value, size_t nnz, double *dec);

/* Rows to predict, read from a CSV or LIBSVM file against a model of
 * n_features features; CSV rows are held dense (X), LIBSVM rows sparse
 * (indptr / index / value, X NULL), as they are written. A label column is recognised, never guessed: CSV
 * rows of n_features cells have none, of n_features + 1 the last is the
 * label (an integer), anything else is an error; LIBSVM rows start with a
 * label unless their first item is index:value. Every row must agree. A
 * first CSV row with a non-numeric cell is a header. */
typedef struct {
  size_t n, n_features;
  double *X;     /* n x n_features (CSV), or NULL */
  size_t *indptr;  /* LIBSVM: row i's values are [indptr[i], indptr[i + 1]) */
  int *index;      /* their features, 1-based */
  double *value;
  long *y;       /* n labels, or NULL when the file has none */
} gs_model_rows_t;

int gs_model_read_rows(gs_model_rows_t *out, const char *path, gs_format_t format, size_t n_features, gs_error_t *err);
void gs_model_rows_free(gs_model_rows_t *r);

/* gs_model_predict (or _sparse) of row i of rows. */
long gs_model_predict_row(const gs_model_t *m, const gs_model_rows_t *rows, size_t i, double *dec);

#endif

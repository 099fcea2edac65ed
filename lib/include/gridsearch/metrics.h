/* metrics.h: classification scores and the classification report, computed in
 * scikit-learn 1.2's order of operations (zero_division=0) so they match it. */
#ifndef GRIDSEARCH_METRICS_H
#define GRIDSEARCH_METRICS_H

#include <stddef.h>

#include "gridsearch/error.h"

#define GS_SCORER_MAP(X)                        \
  X(ACCURACY, "accuracy")                       \
  X(BALANCED_ACCURACY, "balanced_accuracy")     \
  X(PRECISION, "precision")                     \
  X(RECALL, "recall")                           \
  X(F1, "f1")                                   \
  X(PRECISION_MACRO, "precision_macro")         \
  X(PRECISION_MICRO, "precision_micro")         \
  X(PRECISION_WEIGHTED, "precision_weighted")   \
  X(RECALL_MACRO, "recall_macro")               \
  X(RECALL_MICRO, "recall_micro")               \
  X(RECALL_WEIGHTED, "recall_weighted")         \
  X(F1_MACRO, "f1_macro")                       \
  X(F1_MICRO, "f1_micro")                       \
  X(F1_WEIGHTED, "f1_weighted")

typedef enum {
#define GS__SC_ENUM(id, name) GS_SCORER_##id,
  GS_SCORER_MAP(GS__SC_ENUM)
#undef GS__SC_ENUM
  GS_SCORER_COUNT
} gs_scorer_t;

/* The scorer's scikit-learn name ("precision_macro"). */
const char *gs_scorer_name(int scorer);

/* The scorer with that name, or -1. */
int gs_scorer_find(const char *name);

/* Whether the scorer is a binary one (precision, recall, f1 with pos_label 1). */
int gs_scorer_is_binary(int scorer);

/* The score of predictions y_pred against y_true (n > 0 rows) into *score.
 * Binary scorers score label 1 as the positive class. Returns GS_OK, or
 * GS_ENOMEM (*score untouched): out of memory is never a score. */
int gs_metrics_try_score(int scorer, const long *y_true, const long *y_pred, size_t n, double *score);

/* gs_metrics_try_score's score, or NaN when out of memory: only where a NaN
 * cannot pass for a result (the fold scores use gs_metrics_try_score). */
double gs_metrics_score(int scorer, const long *y_true, const long *y_pred, size_t n);

/* sklearn.metrics.classification_report(y_true, y_pred) text (digits=2),
 * newly allocated (caller frees); NULL when out of memory. */
char *gs_metrics_report(const long *y_true, const long *y_pred, size_t n);

/* The confusion matrix over the labels of y_true and y_pred: *labels (sorted)
 * and *matrix (k x k, row = true), both newly allocated; returns k, or 0 when
 * out of memory. */
size_t gs_metrics_confusion(const long *y_true, const long *y_pred, size_t n,
                            long **labels, size_t **matrix);

#endif

/* metrics.h: classification scores and the classification report, computed in
 * scikit-learn 1.2's order of operations (zero_division=0) so they match it. */
#ifndef GRIDSEARCH_METRICS_H
#define GRIDSEARCH_METRICS_H

#include <stddef.h>

#include "gridsearch/error.h"

/* What a scorer scores: the predicted labels, or the decision function's
 * values (scikit-learn's needs_threshold scorers). */
typedef enum { GS_NEEDS_LABELS, GS_NEEDS_DECISION } gs_scorer_needs_t;

/* id, scikit-learn name, what it needs. The label scorers come first. */
#define GS_SCORER_MAP(X)                                          \
  X(ACCURACY, "accuracy", GS_NEEDS_LABELS)                        \
  X(BALANCED_ACCURACY, "balanced_accuracy", GS_NEEDS_LABELS)      \
  X(PRECISION, "precision", GS_NEEDS_LABELS)                      \
  X(RECALL, "recall", GS_NEEDS_LABELS)                            \
  X(F1, "f1", GS_NEEDS_LABELS)                                    \
  X(PRECISION_MACRO, "precision_macro", GS_NEEDS_LABELS)          \
  X(PRECISION_MICRO, "precision_micro", GS_NEEDS_LABELS)          \
  X(PRECISION_WEIGHTED, "precision_weighted", GS_NEEDS_LABELS)    \
  X(RECALL_MACRO, "recall_macro", GS_NEEDS_LABELS)                \
  X(RECALL_MICRO, "recall_micro", GS_NEEDS_LABELS)                \
  X(RECALL_WEIGHTED, "recall_weighted", GS_NEEDS_LABELS)          \
  X(F1_MACRO, "f1_macro", GS_NEEDS_LABELS)                        \
  X(F1_MICRO, "f1_micro", GS_NEEDS_LABELS)                        \
  X(F1_WEIGHTED, "f1_weighted", GS_NEEDS_LABELS)                  \
  X(ROC_AUC, "roc_auc", GS_NEEDS_DECISION)                        \
  X(AVERAGE_PRECISION, "average_precision", GS_NEEDS_DECISION)

typedef enum {
#define GS__SC_ENUM(id, name, needs) GS_SCORER_##id,
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

/* What the scorer needs (gs_scorer_needs_t). */
int gs_scorer_needs(int scorer);

/* The score of a needs-decision scorer from decision values dec (binary:
 * scikit-learn's sign, positive for the larger label) against y_true, as
 * scikit-learn 1.2's scorer computes it: roc_auc: roc_auc_score with the
 * larger label positive (roc_curve with drop_intermediate, np.trapz);
 * average_precision: average_precision_score with pos_label=1, whatever the
 * labels (with labels {1, 2} the decision values favour 2 and the score is
 * low, as in scikit-learn). NaN where scikit-learn's scorer raises: more
 * than two labels in y_true (multiclass: roc_auc needs predict_proba),
 * roc_auc with one label, average_precision with two labels and no 1, or
 * a NaN decision value (a model of more than two classes). */
double gs_metrics_score_decision(int scorer, const long *y_true, const double *dec, size_t n);

/* The score of predictions y_pred against y_true (n > 0 rows) into *score.
 * Binary scorers score label 1 as the positive class; NaN for a
 * needs-decision scorer. Returns GS_OK, or GS_ENOMEM (*score untouched):
 * out of memory is never a score. */
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

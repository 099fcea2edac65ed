/* metrics.c: per-label counts, then precision / recall / F1 / accuracy
 * reduced exactly as scikit-learn 1.2 reduces them (numpy summation order). */
#include "gridsearch/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/npmath.h"

static const char *const scorer_names[] = {
#define GS__SC_NAME(id, name, needs) name,
    GS_SCORER_MAP(GS__SC_NAME)
#undef GS__SC_NAME
};

static const unsigned char scorer_needs[] = {
#define GS__SC_NEEDS(id, name, needs) needs,
    GS_SCORER_MAP(GS__SC_NEEDS)
#undef GS__SC_NEEDS
};

int gs_scorer_needs(int scorer) {
  return scorer >= 0 && scorer < GS_SCORER_COUNT ? scorer_needs[scorer] : GS_NEEDS_LABELS;
}

const char *gs_scorer_name(int scorer) {
  return scorer >= 0 && scorer < GS_SCORER_COUNT ? scorer_names[scorer] : "?";
}

int gs_scorer_find(const char *name) {
  for (int i = 0; i < GS_SCORER_COUNT; i++)
    if (strcmp(scorer_names[i], name) == 0) return i;
  return -1;
}

int gs_scorer_is_binary(int scorer) {
  return scorer == GS_SCORER_PRECISION || scorer == GS_SCORER_RECALL || scorer == GS_SCORER_F1;
}

/* Counts per label over the union of labels in y_true and y_pred. */
typedef struct {
  size_t k;
  long *labels;
  double *tp, *pred, *true_;   /* as doubles: sklearn divides them as floats */
} counts_t;

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

static size_t label_index(const counts_t *c, long v) {
  const long *p = bsearch(&v, c->labels, c->k, sizeof v, cmp_long);
  return (size_t)(p - c->labels);
}

static void counts_free(counts_t *c) {
  free(c->labels);
  free(c->tp);
  free(c->pred);
  free(c->true_);
}

static int counts_make(counts_t *c, const long *yt, const long *yp, size_t n) {
  memset(c, 0, sizeof *c);
  c->labels = malloc(2 * n * sizeof *c->labels);
  if (!c->labels) return GS_ENOMEM;
  memcpy(c->labels, yt, n * sizeof *yt);
  memcpy(c->labels + n, yp, n * sizeof *yp);
  qsort(c->labels, 2 * n, sizeof *c->labels, cmp_long);
  size_t k = 0;
  for (size_t i = 0; i < 2 * n; i++)
    if (k == 0 || c->labels[k - 1] != c->labels[i]) c->labels[k++] = c->labels[i];
  c->k = k;
  c->tp = calloc(k, sizeof *c->tp);
  c->pred = calloc(k, sizeof *c->pred);
  c->true_ = calloc(k, sizeof *c->true_);
  if (!c->tp || !c->pred || !c->true_) { counts_free(c); return GS_ENOMEM; }
  for (size_t i = 0; i < n; i++) {
    size_t a = label_index(c, yt[i]), b = label_index(c, yp[i]);
    c->true_[a] += 1.0;
    c->pred[b] += 1.0;
    if (a == b) c->tp[a] += 1.0;
  }
  return GS_OK;
}

/* _prf_divide with zero_division 0 */
static double prf_divide(double num, double den) {
  return den == 0.0 ? 0.0 : num / den;
}

static double f1_of(double p, double r) {
  double denom = 1.0 * p + r;
  if (denom == 0.0) denom = 1.0;
  return (1.0 + 1.0) * p * r / denom;
}

typedef enum { AVG_NONE, AVG_BINARY, AVG_MICRO, AVG_MACRO, AVG_WEIGHTED } average_t;

/* precision_recall_fscore_support(average=avg) for averaged modes; fills
 * out[0..2] = precision, recall, f1. GS_ENOMEM: out untouched. */
static int prf_average(const counts_t *c, average_t avg, double out[3]) {
  size_t k = c->k;
  int rc = GS_OK;
  double *p = malloc(k * sizeof *p), *r = malloc(k * sizeof *r), *f = malloc(k * sizeof *f);
  if (!p || !r || !f) {
    rc = GS_ENOMEM;
    goto done;
  }
  if (avg == AVG_MICRO) {
    double tp = gs_np_sum(c->tp, k, 1), pr = gs_np_sum(c->pred, k, 1), tr = gs_np_sum(c->true_, k, 1);
    out[0] = prf_divide(tp, pr);
    out[1] = prf_divide(tp, tr);
    out[2] = f1_of(out[0], out[1]);
    goto done;
  }
  if (avg == AVG_BINARY) {
    long one = 1;
    const long *hit = bsearch(&one, c->labels, k, sizeof one, cmp_long);
    double tp = 0, pr = 0, tr = 0;
    if (hit) {
      size_t i = (size_t)(hit - c->labels);
      tp = c->tp[i]; pr = c->pred[i]; tr = c->true_[i];
    }
    out[0] = prf_divide(tp, pr);
    out[1] = prf_divide(tp, tr);
    out[2] = f1_of(out[0], out[1]);
    goto done;
  }
  for (size_t i = 0; i < k; i++) {
    p[i] = prf_divide(c->tp[i], c->pred[i]);
    r[i] = prf_divide(c->tp[i], c->true_[i]);
    f[i] = f1_of(p[i], r[i]);
  }
  if (avg == AVG_WEIGHTED) {
    if (gs_np_sum(c->true_, k, 1) == 0.0) {
      out[0] = 0.0; out[1] = 0.0; out[2] = 0.0;
      goto done;
    }
    out[0] = gs_np_average(p, c->true_, k);
    out[1] = gs_np_average(r, c->true_, k);
    out[2] = gs_np_average(f, c->true_, k);
  } else {
    out[0] = gs_np_mean(p, k);
    out[1] = gs_np_mean(r, k);
    out[2] = gs_np_mean(f, k);
  }
done:
  free(p);
  free(r);
  free(f);
  return rc;
}

double gs_metrics_score(int scorer, const long *y_true, const long *y_pred, size_t n) {
  double score = 0.0 / 0.0;
  if (gs_metrics_try_score(scorer, y_true, y_pred, n, &score) != GS_OK) return 0.0 / 0.0;
  return score;
}

int gs_metrics_try_score(int scorer, const long *y_true, const long *y_pred, size_t n, double *result) {
  counts_t c;
  double out[3], score = 0.0 / 0.0;
  int rc = GS_OK;
  if (gs_scorer_needs(scorer) != GS_NEEDS_LABELS) {
    *result = score;
    return GS_OK;
  }
  if (counts_make(&c, y_true, y_pred, n) != GS_OK) return GS_ENOMEM;
  switch (scorer) {
  case GS_SCORER_ACCURACY: {
    double hits = 0;
    for (size_t i = 0; i < n; i++) hits += (y_true[i] == y_pred[i]);
    score = hits / (double)n;
    break;
  }
  case GS_SCORER_BALANCED_ACCURACY: {
    double *per = malloc(c.k * sizeof *per);
    size_t m = 0;
    if (!per) { rc = GS_ENOMEM; break; }
    for (size_t i = 0; i < c.k; i++)
      if (c.true_[i] > 0) per[m++] = c.tp[i] / c.true_[i];
    score = gs_np_mean(per, m);
    free(per);
    break;
  }
  default: {
    average_t avg;
    int which;
    switch (scorer) {
    case GS_SCORER_PRECISION: avg = AVG_BINARY; which = 0; break;
    case GS_SCORER_RECALL: avg = AVG_BINARY; which = 1; break;
    case GS_SCORER_F1: avg = AVG_BINARY; which = 2; break;
    case GS_SCORER_PRECISION_MACRO: avg = AVG_MACRO; which = 0; break;
    case GS_SCORER_PRECISION_MICRO: avg = AVG_MICRO; which = 0; break;
    case GS_SCORER_PRECISION_WEIGHTED: avg = AVG_WEIGHTED; which = 0; break;
    case GS_SCORER_RECALL_MACRO: avg = AVG_MACRO; which = 1; break;
    case GS_SCORER_RECALL_MICRO: avg = AVG_MICRO; which = 1; break;
    case GS_SCORER_RECALL_WEIGHTED: avg = AVG_WEIGHTED; which = 1; break;
    case GS_SCORER_F1_MACRO: avg = AVG_MACRO; which = 2; break;
    case GS_SCORER_F1_MICRO: avg = AVG_MICRO; which = 2; break;
    case GS_SCORER_F1_WEIGHTED: avg = AVG_WEIGHTED; which = 2; break;
    default: avg = AVG_NONE; which = 0; break;
    }
    if (avg == AVG_NONE) break;
    if ((rc = prf_average(&c, avg, out)) == GS_OK) score = out[which];
  }
  }
  counts_free(&c);
  if (rc == GS_OK) *result = score;
  return rc;
}

/* Appends formatted text to a growing string. */
typedef struct {
  char *s;
  size_t len, cap;
  int oom;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void sb_printf(sbuf_t *b, const char *fmt, ...) {
  if (b->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (w < 0) { b->oom = 1; return; }
    if ((size_t)w < b->cap - b->len) { b->len += (size_t)w; return; }
    size_t cap = (b->cap + (size_t)w + 1) * 2;
    char *p = realloc(b->s, cap);
    if (!p) { b->oom = 1; return; }
    b->s = p;
    b->cap = cap;
  }
}

char *gs_metrics_report(const long *y_true, const long *y_pred, size_t n) {
  counts_t c;
  if (counts_make(&c, y_true, y_pred, n) != GS_OK) return NULL;
  sbuf_t b = {malloc(256), 0, 256, 0};
  if (!b.s) { counts_free(&c); return NULL; }
  b.s[0] = '\0';
  char name[32];
  int width = 12; /* len("weighted avg") */
  for (size_t i = 0; i < c.k; i++) {
    int w = snprintf(name, sizeof name, "%ld", c.labels[i]);
    if (w > width) width = w;
  }
  sb_printf(&b, "%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall", "f1-score", "support");
  for (size_t i = 0; i < c.k; i++) {
    double p = prf_divide(c.tp[i], c.pred[i]), r = prf_divide(c.tp[i], c.true_[i]);
    snprintf(name, sizeof name, "%ld", c.labels[i]);
    sb_printf(&b, "%*s  %9.2f %9.2f %9.2f %9.0f\n", width, name, p, r, f1_of(p, r), c.true_[i]);
  }
  sb_printf(&b, "\n");
  double avg[3] = {0, 0, 0};
  if (prf_average(&c, AVG_MICRO, avg)) b.oom = 1;
  sb_printf(&b, "%*s  %9s %9s %9.2f %9zu\n", width, "accuracy", "", "", avg[2], n);
  if (prf_average(&c, AVG_MACRO, avg)) b.oom = 1;
  sb_printf(&b, "%*s  %9.2f %9.2f %9.2f %9zu\n", width, "macro avg", avg[0], avg[1], avg[2], n);
  if (prf_average(&c, AVG_WEIGHTED, avg)) b.oom = 1;
  sb_printf(&b, "%*s  %9.2f %9.2f %9.2f %9zu\n", width, "weighted avg", avg[0], avg[1], avg[2], n);
  counts_free(&c);
  if (b.oom) { free(b.s); return NULL; }
  return b.s;
}

size_t gs_metrics_confusion(const long *y_true, const long *y_pred, size_t n, long **labels, size_t **matrix) {
  counts_t c;
  *labels = NULL;
  *matrix = NULL;
  if (counts_make(&c, y_true, y_pred, n) != GS_OK) return 0;
  size_t k = c.k;
  size_t *m = calloc(k * k, sizeof *m);
  if (!m) { counts_free(&c); return 0; }
  for (size_t i = 0; i < n; i++) m[label_index(&c, y_true[i]) * k + label_index(&c, y_pred[i])]++;
  *labels = c.labels;
  c.labels = NULL;
  *matrix = m;
  counts_free(&c);
  return k;
}

/* ---- scorers of decision values (metrics/_ranking.py) ------------------ */

typedef struct {
  double score;
  size_t i;
} ranked_t;

/* np.argsort(score, kind="mergesort")[::-1]: descending, ties by falling
 * index (only the tie groups' ends are read, so any order within a tie
 * would do; this is numpy's). */
static int cmp_ranked(const void *a, const void *b) {
  const ranked_t *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->i < y->i ? 1 : x->i > y->i ? -1 : 0;
}

/* _binary_clf_curve: fps, tps and the count m of distinct thresholds for
 * y_true == pos (caller frees *fps, *tps). */
static size_t clf_curve(const long *y_true, const double *dec, size_t n, long pos, double **fps, double **tps) {
  ranked_t *r = malloc(n * sizeof *r);
  *fps = malloc((n + 1) * sizeof **fps);
  *tps = malloc((n + 1) * sizeof **tps);
  if (!r || !*fps || !*tps) {
    free(r);
    free(*fps);
    free(*tps);
    *fps = *tps = NULL;
    return 0;
  }
  for (size_t i = 0; i < n; i++) r[i] = (ranked_t){dec[i], i};
  qsort(r, n, sizeof *r, cmp_ranked);
  double cum = 0;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    cum += y_true[r[i].i] == pos;
    if (i + 1 == n || r[i].score != r[i + 1].score) {
      (*tps)[m] = cum;
      (*fps)[m] = 1.0 + (double)i - cum;
      m++;
    }
  }
  free(r);
  return m;
}

/* The distinct labels of y_true, up to 3 (3: more than two). */
static size_t two_labels(const long *y, size_t n, long lab[3]) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < 3; i++) {
    size_t j = 0;
    while (j < k && lab[j] != y[i]) j++;
    if (j == k) lab[k++] = y[i];
  }
  if (k == 2 && lab[0] > lab[1]) {
    long t = lab[0];
    lab[0] = lab[1];
    lab[1] = t;
  }
  return k;
}

static double roc_auc(const long *y_true, const double *dec, size_t n) {
  long lab[3];
  if (two_labels(y_true, n, lab) != 2) return NAN;
  double *fps, *tps;
  size_t m = clf_curve(y_true, dec, n, lab[1], &fps, &tps);
  if (!fps) return NAN;
  /* drop_intermediate: keep the ends and where either second difference
   * is not zero; then the point (0, 0) first */
  double *fpr = malloc((m + 1) * sizeof *fpr), *tpr = malloc((m + 1) * sizeof *tpr), *term = malloc((m + 1) * sizeof *term);
  double auc = NAN;
  if (fpr && tpr && term) {
    size_t k = 1;
    fpr[0] = tpr[0] = 0.0;
    for (size_t i = 0; i < m; i++) {
      int keep = m <= 2 || i == 0 || i + 1 == m || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0.0 ||
                 tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0.0;
      if (!keep) continue;
      fpr[k] = fps[i];
      tpr[k] = tps[i];
      k++;
    }
    double fl = fpr[k - 1], tl = tpr[k - 1];
    for (size_t i = 0; i < k; i++) {
      fpr[i] /= fl;
      tpr[i] /= tl;
    }
    /* np.trapz(tpr, fpr): sum of d * (y[i+1] + y[i]) / 2.0, pairwise */
    for (size_t i = 0; i + 1 < k; i++) term[i] = (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2.0;
    auc = gs_np_sum(term, k - 1, 1);
  }
  free(fpr);
  free(tpr);
  free(term);
  free(fps);
  free(tps);
  return auc;
}

static double average_precision(const long *y_true, const double *dec, size_t n) {
  long lab[3];
  size_t k = two_labels(y_true, n, lab);
  if (k > 2 || (k == 2 && lab[0] != 1 && lab[1] != 1)) return NAN;
  double *fps, *tps;
  size_t m = clf_curve(y_true, dec, n, 1, &fps, &tps);
  if (!fps) return NAN;
  double *prec = malloc((m + 1) * sizeof *prec), *rec = malloc((m + 1) * sizeof *rec), *term = malloc((m + 1) * sizeof *term);
  double ap = NAN;
  if (prec && rec && term) {
    /* precision_recall_curve: reversed, then precision 1 and recall 0 */
    double tl = tps[m - 1];
    for (size_t i = 0; i < m; i++) {
      double ps = tps[i] + fps[i];
      prec[m - 1 - i] = ps != 0.0 ? tps[i] / ps : 0.0;
      rec[m - 1 - i] = tl == 0.0 ? 1.0 : tps[i] / tl;
    }
    prec[m] = 1.0;
    rec[m] = 0.0;
    /* -np.sum(np.diff(recall) * precision[:-1]) */
    for (size_t i = 0; i < m; i++) term[i] = (rec[i + 1] - rec[i]) * prec[i];
    ap = -gs_np_sum(term, m, 1);
  }
  free(prec);
  free(rec);
  free(term);
  free(fps);
  free(tps);
  return ap;
}

double gs_metrics_score_decision(int scorer, const long *y_true, const double *dec, size_t n) {
  if (n == 0) return NAN;
  for (size_t i = 0; i < n; i++)
    if (isnan(dec[i])) return NAN;
  switch (scorer) {
  case GS_SCORER_ROC_AUC: return roc_auc(y_true, dec, n);
  case GS_SCORER_AVERAGE_PRECISION: return average_precision(y_true, dec, n);
  default: return NAN;
  }
}

/* report.c: stdout report in the seed program's words, cv_results.csv with
 * scikit-learn's column names, report.md and best_params.json. */
#include "gridsearch/report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/metrics.h"
#include "gridsearch/npmath.h"
#include "gridsearch/pyrepr.h"

typedef struct {
  char *s;
  size_t len, cap;
  int oom;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf_t *b, const char *fmt, ...) {
  if (b->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (w < 0) { b->oom = 1; return; }
    if (b->s && (size_t)w < b->cap - b->len) { b->len += (size_t)w; return; }
    size_t cap = (b->cap + (size_t)w + 1) * 2;
    char *p = realloc(b->s, cap);
    if (!p) { b->oom = 1; return; }
    b->s = p;
    b->cap = cap;
  }
}

void gs_report_print(const gs_search_t *s, FILE *out) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  char repr[2048];
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    fprintf(out, "# Tuning hyper-parameters for %s\n\n", gs_scorer_name(cfg->scorers[i]));
    fprintf(out, "Best parameters set found on development set:\n\n%s\n\n", gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    fprintf(out, "Grid scores on development set:\n\n");
    for (size_t c = 0; c < grid->n; c++)
      fprintf(out, "%0.3f (+/-%0.03f) for %s\n", r->mean[c], r->std[c] * 2, gs_grid_repr(&grid->cand[c], repr, sizeof repr));
    fprintf(out, "\nDetailed classification report:\n\n");
    fprintf(out, "The model is trained on the full development set.\n");
    fprintf(out, "The scores are computed on the full evaluation set.\n\n");
    fprintf(out, "%s\n\n", r->report ? r->report : "");
  }
  fflush(out);
}

int gs_report_mkdirs(const char *dir, gs_error_t *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s", dir);
  for (char *p = path + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char c = *p;
      *p = '\0';
      if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return gs_error_set(err, GS_EIO, path, 0, 0, "cannot create folder: %s", strerror(errno));
      struct stat st;
      if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return gs_error_set(err, GS_EIO, path, 0, 0, "not a folder");
      *p = c;
      if (!c) break;
    }
  }
  return GS_OK;
}

int gs_report_write_file(const char *path, const char *text, size_t len, gs_error_t *err) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) return gs_error_set(err, GS_EIO, tmp, 0, 0, "cannot write: %s", strerror(errno));
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, text + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      unlink(tmp);
      return gs_error_set(err, GS_EIO, tmp, 0, 0, "cannot write: %s", strerror(e));
    }
    off += (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp);
    return gs_error_set(err, GS_EIO, tmp, 0, 0, "cannot write: %s", strerror(errno));
  }
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    return gs_error_set(err, GS_EIO, path, 0, 0, "cannot rename into place: %s", strerror(e));
  }
  return GS_OK;
}

/* A CSV cell, quoted when it holds a comma, quote or newline. */
static void csv_cell(sbuf_t *b, const char *v) {
  if (!strpbrk(v, ",\"\n\r")) { sb_printf(b, "%s", v); return; }
  sb_printf(b, "\"");
  for (const char *p = v; *p; p++) sb_printf(b, *p == '"' ? "\"\"" : "%c", *p);
  sb_printf(b, "\"");
}

static void csv_float(sbuf_t *b, double v) {
  char num[40];
  if (isnan(v)) return;
  sb_printf(b, "%s", gs_pyrepr_double(v, num, sizeof num));
}

static char *cv_results_csv(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  size_t ns = (size_t)gs_search_n_splits(s);
  sbuf_t b = {0};
  sb_printf(&b, "mean_fit_time,std_fit_time,mean_score_time,std_score_time");
  for (size_t k = 0; k < grid->n_keys; k++) sb_printf(&b, ",param_%s", gs_grid_key_name(grid->keys[k]));
  sb_printf(&b, ",params");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const char *sc = gs_scorer_name(cfg->scorers[i]);
    for (size_t f = 0; f < ns; f++) sb_printf(&b, ",split%zu_test_%s", f, sc);
    sb_printf(&b, ",mean_test_%s,std_test_%s,rank_test_%s", sc, sc, sc);
  }
  sb_printf(&b, "\n");
  double *ft = malloc(ns * sizeof *ft), *st = malloc(ns * sizeof *st);
  char cell[2048];
  for (size_t c = 0; ft && st && c < grid->n; c++) {
    for (size_t f = 0; f < ns; f++) {
      ft[f] = gs_search_result(s, c * ns + f)->fit_time;
      st[f] = gs_search_result(s, c * ns + f)->score_time;
    }
    csv_float(&b, gs_np_mean(ft, ns));
    sb_printf(&b, ",");
    csv_float(&b, gs_np_std(ft, ns));
    sb_printf(&b, ",");
    csv_float(&b, gs_np_mean(st, ns));
    sb_printf(&b, ",");
    csv_float(&b, gs_np_std(st, ns));
    for (size_t k = 0; k < grid->n_keys; k++) {
      const gs_value_t *v = grid->cand[c].v[grid->keys[k]];
      sb_printf(&b, ",");
      if (v) csv_cell(&b, gs_value_str(v, cell, sizeof cell));
    }
    sb_printf(&b, ",");
    csv_cell(&b, gs_grid_json(&grid->cand[c], cell, sizeof cell));
    for (size_t i = 0; i < cfg->n_scorers; i++) {
      const gs_scorer_result_t *r = gs_search_scorer(s, i);
      for (size_t f = 0; f < ns; f++) {
        sb_printf(&b, ",");
        csv_float(&b, gs_search_result(s, c * ns + f)->scores[i]);
      }
      sb_printf(&b, ",");
      csv_float(&b, r->mean[c]);
      sb_printf(&b, ",");
      csv_float(&b, r->std[c]);
      sb_printf(&b, ",%d", r->rank[c]);
    }
    sb_printf(&b, "\n");
  }
  free(ft);
  free(st);
  if (b.oom || !b.s) { free(b.s); return NULL; }
  *len = b.len;
  return b.s;
}

static char *best_params_json(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  sbuf_t b = {0};
  char cell[2048], num[40];
  sb_printf(&b, "{\n");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    sb_printf(&b, "  \"%s\": {\"params\": %s, \"mean_test_score\": %s, \"candidate\": %zu}%s\n",
              gs_scorer_name(cfg->scorers[i]), gs_grid_json(&grid->cand[r->best], cell, sizeof cell),
              isnan(r->mean[r->best]) ? "null" : gs_pyrepr_double(r->mean[r->best], num, sizeof num), r->best,
              i + 1 < cfg->n_scorers ? "," : "");
  }
  sb_printf(&b, "}\n");
  if (b.oom) { free(b.s); return NULL; }
  *len = b.len;
  return b.s;
}

/* Markdown-safe text of a params dict (pipes escaped). */
static void md_text(sbuf_t *b, const char *t) {
  for (const char *p = t; *p; p++) sb_printf(b, *p == '|' ? "\\|" : "%c", *p);
}

static char *report_md(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_split_t *sp = gs_search_split(s);
  const gs_search_stats_t *st = gs_search_stats(s);
  size_t ns = (size_t)gs_search_n_splits(s);
  sbuf_t b = {0};
  char repr[2048];
  sb_printf(&b, "# Grid search: %s\n\n", cfg->name);
  sb_printf(&b, "| fact | value |\n|---|---|\n");
  sb_printf(&b, "| config | `%s` |\n", cfg->file);
  sb_printf(&b, "| dataset | `%s` (%zu rows x %zu features, %zu classes) |\n", cfg->data_is_digits ? "digits" : cfg->data_path,
            ds->n_samples, ds->n_features, ds->n_classes);
  sb_printf(&b, "| split | %zu train / %zu test (random_state %u%s) |\n", sp->n_train, sp->n_test, cfg->random_state,
            cfg->stratify ? ", stratified" : "");
  sb_printf(&b, "| folds | %d (StratifiedKFold%s) |\n", cfg->n_splits, cfg->cv_shuffle ? ", shuffled" : "");
  sb_printf(&b, "| candidates | %zu |\n| fits | %zu (+ %zu refit%s) |\n", grid->n, grid->n * ns, st->refits, st->refits == 1 ? "" : "s");
  sb_printf(&b, "| workers | %d rank%s x %d thread%s |\n", st->ranks, st->ranks == 1 ? "" : "s", st->threads, st->threads == 1 ? "" : "s");
  sb_printf(&b, "| wall time | %.3f s (tasks %.3f s) |\n| parallel efficiency | %.1f%% (task busy time / (tasks wall x workers)) |\n",
            st->wall_seconds, st->tasks_wall_seconds, 100.0 * st->efficiency);
  sb_printf(&b, "| kernels | %s, %.1f MB per rank |\n", st->precomputed ? "precomputed from the Gram matrix" : "LIBSVM's own", st->kernel_mb);
  if (st->note[0]) sb_printf(&b, "| note | %s |\n", st->note);
  if (st->failed_fits) sb_printf(&b, "| failed fits | %zu |\n", st->failed_fits);
  sb_printf(&b, "\n");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    const char *sc = gs_scorer_name(cfg->scorers[i]);
    sb_printf(&b, "## %s\n\nBest parameters: `%s`\n\n", sc, gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    sb_printf(&b, "| rank | mean | +/- 2 std | mean fit time (s) | params |\n|---:|---:|---:|---:|---|\n");
    for (size_t c = 0; c < grid->n; c++) {
      double fit = 0;
      for (size_t f = 0; f < ns; f++) fit += gs_search_result(s, c * ns + f)->fit_time;
      const char *bold = c == r->best ? "**" : "";
      sb_printf(&b, "| %s%d%s | %s%.3f%s | %.3f | %.4f | %s", bold, r->rank[c], bold, bold, r->mean[c], bold, 2 * r->std[c],
                fit / (double)ns, bold);
      md_text(&b, gs_grid_repr(&grid->cand[c], repr, sizeof repr));
      sb_printf(&b, "%s |\n", bold);
    }
    sb_printf(&b, "\nClassification report of the refit model on the held-out set:\n\n```\n%s```\n\n", r->report ? r->report : "");
  }
  if (b.oom) { free(b.s); return NULL; }
  *len = b.len;
  return b.s;
}

int gs_report_write(const gs_search_t *s, const char *dir, gs_error_t *err) {
  int rc = gs_report_mkdirs(dir, err);
  if (rc) return rc;
  struct { const char *name; char *(*make)(const gs_search_t *, size_t *); } files[] = {
      {"cv_results.csv", cv_results_csv}, {"best_params.json", best_params_json}, {"report.md", report_md}};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    size_t len = 0;
    char *text = files[i].make(s, &len);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
    if (!text) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
    rc = gs_report_write_file(path, text, len, err);
    free(text);
    if (rc) return rc;
  }
  return GS_OK;
}

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
#include "gridsearch/farm.h"
#include "gridsearch/journal.h"
#include "gridsearch/outdir.h"
#include "gridsearch/pyrepr.h"
#include "gridsearch/svg.h"
#include "chart.h"
#include "sbuf.h"

#include <cjson/cJSON.h>
#include <svm.h>

void gs_report_print(const gs_search_t *s, FILE *out) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  char repr[2048];
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    if (cfg->refit_scorer >= 0 && (size_t)cfg->refit_scorer != i) continue; /* "refit": "<scorer>": its report only */
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
  /* a cut name would make another folder; an empty one has no first byte to skip */
  if (strlen(dir) >= sizeof path) return gs_error_set(err, GS_EIO, dir, 0, 0, "folder name too long (%zu bytes)", strlen(dir));
  if (!*dir) return gs_error_set(err, GS_EIO, NULL, 0, 0, "empty folder name");
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
static void csv_cell(gs__sbuf_t *b, const char *v) {
  if (!strpbrk(v, ",\"\n\r")) { gs__sb_printf(b, "%s", v); return; }
  gs__sb_printf(b, "\"");
  for (const char *p = v; *p; p++) gs__sb_printf(b, *p == '"' ? "\"\"" : "%c", *p);
  gs__sb_printf(b, "\"");
}

static void csv_float(gs__sbuf_t *b, double v) {
  char num[40];
  if (isnan(v)) return;
  gs__sb_printf(b, "%s", gs_pyrepr_double(v, num, sizeof num));
}

static char *cv_results_csv(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  size_t ns = (size_t)gs_search_n_splits(s);
  const gs_halving_plan_t *hp = gs_search_halving(s);
  gs__sbuf_t b = {0};
  /* halving: more_results (iter, n_resources) open cv_results_, as _format_results puts them */
  if (hp) gs__sb_printf(&b, "iter,n_resources,");
  gs__sb_printf(&b, "mean_fit_time,std_fit_time,mean_score_time,std_score_time");
  for (size_t k = 0; k < grid->n_keys; k++) gs__sb_printf(&b, ",param_%s", gs_grid_key_name(grid->keys[k]));
  gs__sb_printf(&b, ",params");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const char *sc = gs_scorer_name(cfg->scorers[i]);
    for (size_t f = 0; f < ns; f++) gs__sb_printf(&b, ",split%zu_test_%s", f, sc);
    gs__sb_printf(&b, ",mean_test_%s,std_test_%s,rank_test_%s", sc, sc, sc);
    if (!cfg->return_train_score) continue;
    for (size_t f = 0; f < ns; f++) gs__sb_printf(&b, ",split%zu_train_%s", f, sc);
    gs__sb_printf(&b, ",mean_train_%s,std_train_%s", sc, sc);
  }
  gs__sb_printf(&b, "\n");
  double *ft = malloc(ns * sizeof *ft), *st = malloc(ns * sizeof *st);
  char cell[2048];
  for (size_t c = 0; ft && st && c < grid->n; c++) {
    if (hp) gs__sb_printf(&b, "%zu,%zu,", gs_search_row_iter(s, c), hp->n_resources[gs_search_row_iter(s, c)]);
    for (size_t f = 0; f < ns; f++) {
      ft[f] = gs_search_result(s, c * ns + f)->fit_time;
      st[f] = gs_search_result(s, c * ns + f)->score_time;
    }
    csv_float(&b, gs_np_mean(ft, ns));
    gs__sb_printf(&b, ",");
    csv_float(&b, gs_np_std(ft, ns));
    gs__sb_printf(&b, ",");
    csv_float(&b, gs_np_mean(st, ns));
    gs__sb_printf(&b, ",");
    csv_float(&b, gs_np_std(st, ns));
    for (size_t k = 0; k < grid->n_keys; k++) {
      const gs_value_t *v = grid->cand[c].v[grid->keys[k]];
      gs__sb_printf(&b, ",");
      if (v) csv_cell(&b, gs_value_str(v, cell, sizeof cell));
    }
    gs__sb_printf(&b, ",");
    csv_cell(&b, gs_grid_json(&grid->cand[c], cell, sizeof cell));
    for (size_t i = 0; i < cfg->n_scorers; i++) {
      const gs_scorer_result_t *r = gs_search_scorer(s, i);
      for (size_t f = 0; f < ns; f++) {
        gs__sb_printf(&b, ",");
        csv_float(&b, gs_search_result(s, c * ns + f)->scores[i]);
      }
      gs__sb_printf(&b, ",");
      csv_float(&b, r->mean[c]);
      gs__sb_printf(&b, ",");
      csv_float(&b, r->std[c]);
      gs__sb_printf(&b, ",%d", r->rank[c]);
      if (!cfg->return_train_score) continue;
      for (size_t f = 0; f < ns; f++) {
        gs__sb_printf(&b, ",");
        csv_float(&b, gs_search_result(s, c * ns + f)->train_scores[i]);
      }
      gs__sb_printf(&b, ",");
      csv_float(&b, r->mean_train[c]);
      gs__sb_printf(&b, ",");
      csv_float(&b, r->std_train[c]);
    }
    gs__sb_printf(&b, "\n");
  }
  free(ft);
  free(st);
  return gs__sb_take(&b, len);
}

static char *best_params_json(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  gs__sbuf_t b = {0};
  char cell[2048], num[40];
  gs__sb_printf(&b, "{\n");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    gs__sb_printf(&b, "  \"%s\": {\"params\": %s, \"mean_test_score\": %s, \"candidate\": %zu}%s\n",
              gs_scorer_name(cfg->scorers[i]), gs_grid_json(&grid->cand[r->best], cell, sizeof cell),
              isnan(r->mean[r->best]) ? "null" : gs_pyrepr_double(r->mean[r->best], num, sizeof num), r->best,
              i + 1 < cfg->n_scorers ? "," : "");
  }
  gs__sb_printf(&b, "}\n");
  return gs__sb_take(&b, len);
}

const char *gs_version(void) { return GS_VERSION; }

/* The search's digest (the journal's: settings and data bytes), in hex. */
static const char *digest_hex(const gs_search_t *s, char *buf, size_t n) {
  uint64_t d;
  gs_error_t e;
  gs_error_clear(&e);
  if (gs_search_digest(s, &d, &e) != GS_OK) snprintf(buf, n, "unknown");
  else snprintf(buf, n, "%016llx", (unsigned long long)d);
  return buf;
}

/* The held-out labels, in the split's order (caller frees). */
static long *test_labels(const gs_search_t *s) {
  const gs_split_t *sp = gs_search_split(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  long *y = malloc((sp->n_test ? sp->n_test : 1) * sizeof *y);
  for (size_t i = 0; y && i < sp->n_test; i++) y[i] = ds->y[sp->test[i]];
  return y;
}

/* The refit model's confusion matrix on the held-out set as a markdown
 * table (rows: true label, columns: predicted). */
static void md_confusion(gs__sbuf_t *b, const long *y_true, const long *y_pred, size_t n) {
  long *labels = NULL;
  size_t *m = NULL;
  size_t k = gs_metrics_confusion(y_true, y_pred, n, &labels, &m);
  if (k == 0) { b->oom = 1; return; }
  gs__sb_printf(b, "Confusion matrix of the refit model on the held-out set (rows: true label, columns: predicted):\n\n| true \\ predicted |");
  for (size_t j = 0; j < k; j++) gs__sb_printf(b, " %ld |", labels[j]);
  gs__sb_printf(b, "\n|---:|");
  for (size_t j = 0; j < k; j++) gs__sb_printf(b, "---:|");
  gs__sb_printf(b, "\n");
  for (size_t i = 0; i < k; i++) {
    gs__sb_printf(b, "| **%ld** |", labels[i]);
    for (size_t j = 0; j < k; j++) gs__sb_printf(b, i == j ? " **%zu** |" : " %zu |", m[i * k + j]);
    gs__sb_printf(b, "\n");
  }
  gs__sb_printf(b, "\n");
  free(labels);
  free(m);
}

/* Markdown-safe text of a params dict (pipes escaped). */
static void md_text(gs__sbuf_t *b, const char *t) {
  for (const char *p = t; *p; p++) gs__sb_printf(b, *p == '|' ? "\\|" : "%c", *p);
}

/* Whether some candidate has a "scaler" grid value. */
static int grid_has_scaler(const gs_grid_t *grid) {
  for (size_t k = 0; k < grid->n_keys; k++)
    if (grid->keys[k] == GS_P_SCALER) return 1;
  return 0;
}

/* The preprocessing fact row of report.md (none when the search has none). */
static void md_preprocessing(gs__sbuf_t *b, const gs_config_t *cfg, const gs_grid_t *grid) {
  char step[200];
  int dflt = cfg->preprocessing.kind != GS_TF_NONE, dim = grid_has_scaler(grid);
  if (!dflt && !dim) return;
  gs_transform_repr(&cfg->preprocessing, step, sizeof step);
  gs__sb_printf(b, "| preprocessing | ");
  if (dflt) gs__sb_printf(b, "`%s` fitted on each fold's training rows (and on the whole training set for the refit)", step);
  if (dim) gs__sb_printf(b, "%sthe grid key `scaler` chooses the step per candidate%s%s%s", dflt ? "; " : "",
                         dflt ? " (default `" : "", dflt ? step : "", dflt ? "`)" : "");
  gs__sb_printf(b, "; as scikit-learn's `Pipeline([('scaler', ...), ('svc', SVC())])`, params `C` = `svc__C` |\n");
}

/* Successive halving's rounds in report.md: per iteration its candidates,
 * rows and best mean, then the survivors' chart. */
static void halving_md(gs__sbuf_t *b, const gs_search_t *s) {
  const gs_halving_plan_t *hp = gs_search_halving(s);
  if (!hp) return;
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  const gs_scorer_result_t *r = gs_search_scorer(s, 0);
  char repr[2048];
  gs__sb_printf(b, "## Successive halving\n\n%s, factor %ld%s: %zu iterations (required %zu, possible %zu), "
                "min_resources_ %zu, max_resources_ %zu, subsamples drawn with random_state %u.\n\n",
                cfg->halving_random ? "HalvingRandomSearchCV" : "HalvingGridSearchCV", cfg->halving.factor,
                cfg->halving.aggressive ? ", aggressive elimination" : "", hp->n_iterations, hp->n_required, hp->n_possible,
                hp->min_resources, hp->max_resources, cfg->search_random_state);
  gs__sb_printf(b, "| iter | candidates | rows (n_resources) | best mean %s | its params |\n|---:|---:|---:|---:|---|\n",
                gs_scorer_name(cfg->scorers[0]));
  size_t first = 0;
  for (size_t it = 0; it < hp->n_iterations; it++) {
    size_t best = first, n = hp->n_candidates[it];
    for (size_t j = first; j < first + n; j++)
      if (!isnan(r->mean[j]) && (isnan(r->mean[best]) || r->mean[j] > r->mean[best])) best = j;
    gs__sb_printf(b, "| %zu | %zu | %zu | %.3f | ", it, n, hp->n_resources[it], r->mean[best]);
    md_text(b, gs_grid_repr(&grid->cand[best], repr, sizeof repr));
    gs__sb_printf(b, " |\n");
    first += n;
  }
  gs__sb_printf(b, "\n[![halving_%s.svg](halving_%s.svg)](halving_%s.svg)\n\n", gs_scorer_name(cfg->scorers[0]),
                gs_scorer_name(cfg->scorers[0]), gs_scorer_name(cfg->scorers[0]));
}

static char *report_md(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_split_t *sp = gs_search_split(s);
  const gs_search_stats_t *st = gs_search_stats(s);
  size_t ns = (size_t)gs_search_n_splits(s);
  gs__sbuf_t b = {0};
  char repr[2048];
  char hex[32];
  gs__sb_printf(&b, "# Grid search: %s\n\n", cfg->name);
  gs__sb_printf(&b, "| fact | value |\n|---|---|\n");
  gs__sb_printf(&b, "| config | `%s` |\n", cfg->file);
  gs__sb_printf(&b, "| dataset | `%s` (%zu rows x %zu features, %zu classes) |\n", cfg->data_is_digits ? "digits" : cfg->data_path,
            ds->n_samples, ds->n_features, ds->n_classes);
  gs__sb_printf(&b, "| split | %zu train / %zu test (random_state %u%s) |\n", sp->n_train, sp->n_test, cfg->random_state,
            cfg->stratify ? ", stratified" : "");
  gs__sb_printf(&b, "| folds | %d (StratifiedKFold%s) |\n", cfg->n_splits, cfg->cv_shuffle ? ", shuffled" : "");
  md_preprocessing(&b, cfg, grid);
  gs__sb_printf(&b, "| candidates | %zu |\n| fits | %zu (+ %zu refit%s) |\n", grid->n, grid->n * ns, st->refits, st->refits == 1 ? "" : "s");
  gs__sb_printf(&b, "| workers | %d rank%s x %d thread%s |\n", st->ranks, st->ranks == 1 ? "" : "s", st->threads, st->threads == 1 ? "" : "s");
  gs__sb_printf(&b, "| wall time | %.3f s (tasks %.3f s) |\n| parallel efficiency | %.1f%% (task busy time / (tasks wall x workers)) |\n",
            st->wall_seconds, st->tasks_wall_seconds, 100.0 * st->efficiency);
  gs__sb_printf(&b, "| kernels | %s, %.1f MB per rank |\n", st->precomputed ? "precomputed from the Gram matrix" : "LIBSVM's own", st->kernel_mb);
  if (st->job_runs > 1)
    gs__sb_printf(&b, "| job runs | %zu (resumed %zu time%s); wall time %.3f s and busy time %.3f s over all runs |\n",
                  st->job_runs, st->job_runs - 1, st->job_runs == 2 ? "" : "s", st->runs_wall_seconds, st->runs_busy_seconds);
  if (st->note[0]) gs__sb_printf(&b, "| note | %s |\n", st->note);
  if (st->failed_fits) gs__sb_printf(&b, "| failed fits | %zu |\n", st->failed_fits);
  gs__sb_printf(&b, "| gridsearch | %s (LIBSVM %d) |\n", gs_version(), libsvm_version);
  gs__sb_printf(&b, "| search digest | `%s` (config settings and data bytes, as in the journal) |\n", digest_hex(s, hex, sizeof hex));
  gs__sb_printf(&b, "\nMachine-readable: [run.json](run.json), [cv_results.csv](cv_results.csv), [best_params.json](best_params.json).\n\n");
  size_t n_charts = 0;
  /* halving's rows repeat candidates: its chart is the rounds' (halving_md) */
  gs__chart_t *charts = gs_search_halving(s) ? NULL : gs__charts_plan(s, &n_charts);
  halving_md(&b, s);
  long *y_test = test_labels(s);
  if (!y_test) b.oom = 1;
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    const char *sc = gs_scorer_name(cfg->scorers[i]);
    gs__sb_printf(&b, "## %s\n\nBest parameters: `%s`\n\n", sc, gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    gs__sb_printf(&b, "| rank | mean | +/- 2 std | mean fit time (s) | params |\n|---:|---:|---:|---:|---|\n");
    for (size_t c = 0; c < grid->n; c++) {
      double fit = 0;
      for (size_t f = 0; f < ns; f++) fit += gs_search_result(s, c * ns + f)->fit_time;
      const char *bold = c == r->best ? "**" : "";
      gs__sb_printf(&b, "| %s%d%s | %s%.3f%s | %.3f | %.4f | %s", bold, r->rank[c], bold, bold, r->mean[c], bold, 2 * r->std[c],
                fit / (double)ns, bold);
      md_text(&b, gs_grid_repr(&grid->cand[c], repr, sizeof repr));
      gs__sb_printf(&b, "%s |\n", bold);
    }
    for (size_t c = 0; c < n_charts; c++) {
      char file[256];
      gs__chart_file(s, &charts[c], i, file, sizeof file);
      gs__sb_printf(&b, "%s[![%s](%s)](%s)\n", c == 0 ? "\n" : "", file, file, file);
    }
    if (r->report)
      gs__sb_printf(&b, "\nClassification report of the refit model on the held-out set:\n\n```\n%s```\n\n", r->report);
    else
      gs__sb_printf(&b, "\nNot refitted (\"refit\": \"%s\").\n\n", gs_scorer_name(cfg->scorers[cfg->refit_scorer]));
    if (y_test && r->y_pred) md_confusion(&b, y_test, r->y_pred, sp->n_test);
  }
  gs__charts_free(charts, n_charts);
  free(y_test);
  return gs__sb_take(&b, len);
}

/* run.json: the run's facts for programs: the effective config, the best
 * candidate per scorer (with its held-out score), timings, workers,
 * efficiency, memory and versions. */
/* The refit time of candidate c (seconds), or NaN when it was not refitted. */
static double refit_time(const gs_search_t *s, size_t c) {
  for (size_t j = 0; j < gs_search_n_refits(s); j++)
    if (gs_search_refit(s, j)->candidate == c) return gs_search_refit(s, j)->fit_time;
  return NAN;
}

static cJSON *size_array(const size_t *v, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; a && i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
  return a;
}

/* run.json's "search": the strategy, and for successive halving its
 * settings and rounds (the n_resources_, n_candidates_, n_*_iterations_
 * attributes of scikit-learn's halving searches). */
static void add_search_json(cJSON *root, const gs_search_t *s) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_halving_plan_t *hp = gs_search_halving(s);
  cJSON *se = cJSON_AddObjectToObject(root, "search");
  static const char *const names[] = {"grid", "random", "halving"};
  cJSON_AddStringToObject(se, "strategy", names[cfg->strategy]);
  if (cfg->strategy == GS_STRATEGY_RANDOM) {
    cJSON_AddNumberToObject(se, "n_iter", (double)cfg->n_iter);
    cJSON_AddNumberToObject(se, "random_state", cfg->search_random_state);
  }
  if (!hp) return;
  cJSON_AddStringToObject(se, "sklearn", cfg->halving_random ? "HalvingRandomSearchCV" : "HalvingGridSearchCV");
  cJSON_AddNumberToObject(se, "factor", (double)cfg->halving.factor);
  cJSON_AddNumberToObject(se, "min_resources_", (double)hp->min_resources);
  cJSON_AddNumberToObject(se, "max_resources_", (double)hp->max_resources);
  cJSON_AddBoolToObject(se, "aggressive_elimination", cfg->halving.aggressive);
  cJSON_AddNumberToObject(se, "random_state", cfg->search_random_state);
  cJSON_AddNumberToObject(se, "n_iterations_", (double)hp->n_iterations);
  cJSON_AddNumberToObject(se, "n_required_iterations_", (double)hp->n_required);
  cJSON_AddNumberToObject(se, "n_possible_iterations_", (double)hp->n_possible);
  cJSON_AddItemToObject(se, "n_resources_", size_array(hp->n_resources, hp->n_iterations));
  cJSON_AddItemToObject(se, "n_candidates_", size_array(hp->n_candidates, hp->n_iterations));
  size_t last = hp->n_iterations - 1;
  cJSON_AddNumberToObject(se, "n_remaining_candidates_", (double)((hp->n_candidates[last] + (size_t)cfg->halving.factor - 1) / (size_t)cfg->halving.factor));
}

static char *run_json(const gs_search_t *s, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_t *grid = gs_search_grid(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_split_t *sp = gs_search_split(s);
  const gs_search_stats_t *st = gs_search_stats(s);
  char buf[2048];
  cJSON *root = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(root, "config");
  cJSON_AddStringToObject(c, "file", cfg->file);
  cJSON_AddStringToObject(c, "name", cfg->name);
  cJSON_AddStringToObject(c, "digest", digest_hex(s, buf, sizeof buf));
  cJSON *d = cJSON_AddObjectToObject(c, "dataset");
  cJSON_AddStringToObject(d, "path", cfg->data_is_digits ? "digits" : cfg->data_path);
  cJSON_AddStringToObject(d, "format", cfg->data_format == GS_FORMAT_LIBSVM ? "libsvm" : "csv");
  cJSON_AddNumberToObject(d, "rows", (double)ds->n_samples);
  cJSON_AddNumberToObject(d, "features", (double)ds->n_features);
  cJSON_AddNumberToObject(d, "classes", (double)ds->n_classes);
  cJSON_AddNumberToObject(c, "n_train", (double)sp->n_train);
  cJSON_AddNumberToObject(c, "n_test", (double)sp->n_test);
  cJSON_AddNumberToObject(c, "random_state", cfg->random_state);
  cJSON_AddBoolToObject(c, "stratify", cfg->stratify);
  cJSON *cv = cJSON_AddObjectToObject(c, "cv");
  cJSON_AddNumberToObject(cv, "n_splits", cfg->n_splits);
  cJSON_AddBoolToObject(cv, "shuffle", cfg->cv_shuffle);
  if (cfg->cv_shuffle) cJSON_AddNumberToObject(cv, "random_state", cfg->cv_random_state);
  cJSON *sc = cJSON_AddArrayToObject(c, "scoring");
  for (size_t i = 0; i < cfg->n_scorers; i++) cJSON_AddItemToArray(sc, cJSON_CreateString(gs_scorer_name(cfg->scorers[i])));
  cJSON *svm = cJSON_AddObjectToObject(c, "svm");
  cJSON_AddNumberToObject(svm, "tol", cfg->tol);
  cJSON_AddNumberToObject(svm, "cache_size", cfg->cache_size);
  cJSON_AddBoolToObject(svm, "shrinking", cfg->shrinking);
  if (cfg->error_score == GS_SCORE_VALUE) cJSON_AddNumberToObject(c, "error_score", cfg->error_score_value);
  else cJSON_AddStringToObject(c, "error_score", cfg->error_score == GS_SCORE_RAISE ? "raise" : "nan");
  if (cfg->preprocessing.kind == GS_TF_NONE) cJSON_AddNullToObject(c, "preprocessing");
  else {
    cJSON *pp = cJSON_AddObjectToObject(c, "preprocessing");
    cJSON_AddStringToObject(pp, "step", gs_transform_name(cfg->preprocessing.kind));
    cJSON_AddStringToObject(pp, "sklearn", gs_transform_repr(&cfg->preprocessing, buf, sizeof buf));
  }
  cJSON_AddBoolToObject(c, "scaler_in_grid", grid_has_scaler(grid));
  cJSON_AddNumberToObject(c, "candidates", (double)grid->n);
  cJSON_AddNumberToObject(c, "fits", (double)gs_search_n_tasks(s));
  cJSON_AddBoolToObject(c, "return_train_score", cfg->return_train_score);
  if (cfg->refit_scorer >= 0) cJSON_AddStringToObject(c, "refit", gs_scorer_name(cfg->scorers[cfg->refit_scorer]));
  else cJSON_AddTrueToObject(c, "refit");
  add_search_json(root, s);
  /* GridSearchCV's best_index_, best_score_ and refit_time_: of the refit
   * scorer ("refit": "<scorer>"), else of the first scorer */
  size_t rs = cfg->refit_scorer >= 0 ? (size_t)cfg->refit_scorer : 0;
  const gs_scorer_result_t *rr = gs_search_scorer(s, rs);
  cJSON_AddStringToObject(root, "refit_scorer", gs_scorer_name(cfg->scorers[rs]));
  cJSON_AddNumberToObject(root, "best_index", (double)rr->best);
  cJSON_AddNumberToObject(root, "best_score", rr->mean[rr->best]);
  cJSON_AddNumberToObject(root, "refit_time", refit_time(s, rr->best));
  long *y_test = test_labels(s);
  cJSON *best = cJSON_AddObjectToObject(root, "best");
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(s, i);
    cJSON *o = cJSON_AddObjectToObject(best, gs_scorer_name(cfg->scorers[i]));
    cJSON_AddItemToObject(o, "params", cJSON_Parse(gs_grid_json(&grid->cand[r->best], buf, sizeof buf)));
    cJSON_AddStringToObject(o, "repr", gs_grid_repr(&grid->cand[r->best], buf, sizeof buf));
    cJSON_AddNumberToObject(o, "candidate", (double)r->best);
    cJSON_AddNumberToObject(o, "mean_test_score", r->mean[r->best]);
    cJSON_AddNumberToObject(o, "std_test_score", r->std[r->best]);
    if (r->y_pred) cJSON_AddNumberToObject(o, "refit_time", refit_time(s, r->best));
    if (y_test && r->y_pred && gs_scorer_needs(cfg->scorers[i]) == GS_NEEDS_LABELS)
      cJSON_AddNumberToObject(o, "held_out_score", gs_metrics_score(cfg->scorers[i], y_test, r->y_pred, sp->n_test));
  }
  free(y_test);
  cJSON *t = cJSON_AddObjectToObject(root, "timings");
  cJSON_AddNumberToObject(t, "wall_seconds", st->wall_seconds);
  cJSON_AddNumberToObject(t, "tasks_wall_seconds", st->tasks_wall_seconds);
  cJSON_AddNumberToObject(t, "busy_seconds", st->busy_seconds);
  cJSON_AddNumberToObject(t, "fit_seconds_sum", st->fit_seconds_sum);
  cJSON *runs = cJSON_AddObjectToObject(root, "runs");
  cJSON_AddNumberToObject(runs, "count", (double)(st->job_runs ? st->job_runs : 1));
  cJSON_AddNumberToObject(runs, "wall_seconds", st->job_runs ? st->runs_wall_seconds : st->wall_seconds);
  cJSON_AddNumberToObject(runs, "busy_seconds", st->job_runs ? st->runs_busy_seconds : st->busy_seconds);
  cJSON *w = cJSON_AddObjectToObject(root, "workers");
  cJSON_AddNumberToObject(w, "ranks", st->ranks);
  cJSON_AddNumberToObject(w, "threads", st->threads);
  cJSON_AddNumberToObject(root, "parallel_efficiency", st->efficiency);
  cJSON_AddNumberToObject(root, "fits_done", (double)st->fits);
  cJSON_AddNumberToObject(root, "failed_fits", (double)st->failed_fits);
  cJSON_AddNumberToObject(root, "refits", (double)st->refits);
  cJSON *m = cJSON_AddObjectToObject(root, "memory");
  cJSON_AddStringToObject(m, "kernels", st->precomputed ? "precomputed" : "libsvm");
  cJSON_AddNumberToObject(m, "kernel_mb_per_rank", st->kernel_mb);
  cJSON *rss = cJSON_AddArrayToObject(m, "peak_rss_mb_per_rank");
  for (int r = 0; r < st->ranks && r < GS_MAX_RANKS_REPORTED; r++) cJSON_AddItemToArray(rss, cJSON_CreateNumber(st->rank_rss_mb[r]));
  cJSON *v = cJSON_AddObjectToObject(root, "versions");
  cJSON_AddStringToObject(v, "gridsearch", gs_version());
  cJSON_AddNumberToObject(v, "libsvm", libsvm_version);
  cJSON_AddStringToObject(v, "mpi", gs_farm_mpi_version(buf, sizeof buf));
  cJSON_AddStringToObject(v, "cjson", cJSON_Version());
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text) return NULL;
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%s\n", text); /* ours to free with free(), with a final newline */
  cJSON_free(text);
  return gs__sb_take(&b, len);
}

/* Every chart, once per scorer; each file's name is appended to *names
 * (for the manifest, gs_outdir_commit). */
/* halving_<scorer>.svg: the mean score of every candidate that reached
 * iteration 1 (all, with one iteration), per iteration: a heatmap of
 * candidates (bottom to top in iteration 1's order: ascending score) by
 * iteration, blank where a candidate was dropped; the best outlined. */
static int write_halving_chart(const gs_search_t *s, const char *dir, gs__sbuf_t *names, gs_error_t *err) {
  const gs_halving_plan_t *hp = gs_search_halving(s);
  const gs_config_t *cfg = gs_search_config(s);
  const gs_scorer_result_t *r = gs_search_scorer(s, 0);
  size_t nx = hp->n_iterations, from = nx > 1 ? hp->n_candidates[0] : 0, ny = nx > 1 ? hp->n_candidates[1] : hp->n_candidates[0];
  double *z = malloc(nx * ny * sizeof *z);
  char (*tick)[48] = malloc((nx + ny) * sizeof *tick);
  const char **xt = malloc(nx * sizeof *xt), **yt = malloc(ny * sizeof *yt);
  int rc = GS_OK;
  char path[4400], title[128], file[96];
  snprintf(file, sizeof file, "halving_%s.svg", gs_scorer_name(cfg->scorers[0]));
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (!z || !tick || !xt || !yt) {
    rc = gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
    goto done;
  }
  /* the candidate of each y, by its index among the candidates */
  size_t best_y = 0;
  for (size_t y = 0; y < ny; y++) {
    size_t ci = gs_search_row_candidate(s, from + y);
    snprintf(tick[nx + y], sizeof tick[0], "#%zu", ci);
    yt[y] = tick[nx + y];
    for (size_t x = 0, row = 0; x < nx; row += hp->n_candidates[x], x++) {
      z[y * nx + x] = NAN;
      for (size_t j = row; j < row + hp->n_candidates[x]; j++)
        if (gs_search_row_candidate(s, j) == ci) z[y * nx + x] = r->mean[j];
    }
    if (gs_search_row_candidate(s, r->best) == ci) best_y = y;
  }
  for (size_t x = 0; x < nx; x++) {
    snprintf(tick[x], sizeof tick[0], "%zu: %zu rows", x, hp->n_resources[x]);
    xt[x] = tick[x];
  }
  snprintf(title, sizeof title, "mean %s per iteration (successive halving)", gs_scorer_name(cfg->scorers[0]));
  gs_svg_heatmap_t h = {title, nx > 1 ? "candidates that reached iteration 1 (#: their index in validate's list)" : NULL,
                        "iteration", "candidate", nx, ny, xt, yt, z, nx - 1, best_y};
  size_t len = 0;
  char *svg = gs_svg_heatmap(&h, &len);
  if (!svg) rc = gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
  else rc = gs_report_write_file(path, svg, len, err);
  free(svg);
  if (!rc) gs__sb_printf(names, "%s\n", file);
done:
  free(z);
  free(tick);
  free(xt);
  free(yt);
  return rc;
}

static int write_charts(const gs_search_t *s, const char *dir, gs__sbuf_t *names, gs_error_t *err) {
  const gs_config_t *cfg = gs_search_config(s);
  size_t n = 0;
  gs__chart_t *charts = gs_search_halving(s) ? NULL : gs__charts_plan(s, &n);
  int rc = gs_search_halving(s) ? write_halving_chart(s, dir, names, err) : GS_OK;
  for (size_t c = 0; c < n && !rc; c++)
    for (size_t i = 0; i < cfg->n_scorers && !rc; i++) {
      char file[256], path[4400];
      gs__chart_file(s, &charts[c], i, file, sizeof file);
      snprintf(path, sizeof path, "%s/%s", dir, file);
      size_t len = 0;
      char *svg = gs__chart_svg(s, &charts[c], i, &len);
      if (!svg) rc = gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
      else rc = gs_report_write_file(path, svg, len, err);
      free(svg);
      if (!rc) gs__sb_printf(names, "%s\n", file);
    }
  gs__charts_free(charts, n);
  return rc;
}

/* Records the files written (names: one a line) in dir's manifest, which
 * also removes the previous run's files that this one did not write. */
static int commit_names(const char *dir, gs__sbuf_t *names, gs_error_t *err) {
  size_t len, n = 0;
  char *text = gs__sb_take(names, &len);
  for (size_t i = 0; text && i < len; i++) n += text[i] == '\n';
  const char **v = malloc((n ? n : 1) * sizeof *v);
  if (!text || !v) {
    free(text);
    free(v);
    return gs_error_set(err, GS_ENOMEM, dir, 0, 0, "out of memory");
  }
  n = 0;
  for (char *p = text, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
    *nl = '\0';
    v[n++] = p;
  }
  int rc = gs_outdir_commit(dir, v, n, err);
  free(v);
  free(text);
  return rc;
}

int gs_report_write(const gs_search_t *s, const char *dir, gs_error_t *err) {
  int rc = gs_report_mkdirs(dir, err);
  if (rc) return rc;
  struct { const char *name; char *(*make)(const gs_search_t *, size_t *); } files[] = {
      {"cv_results.csv", cv_results_csv}, {"best_params.json", best_params_json}, {"run.json", run_json},
      {"report.md", report_md}};
  gs__sbuf_t names = {0};
  if ((rc = write_charts(s, dir, &names, err))) goto fail;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    size_t len = 0;
    char *text = files[i].make(s, &len);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
    if (!text) { rc = gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory"); goto fail; }
    rc = gs_report_write_file(path, text, len, err);
    free(text);
    if (rc) goto fail;
    gs__sb_printf(&names, "%s\n", files[i].name);
  }
  return commit_names(dir, &names, err);
fail:
  free(names.s);
  return rc;
}

/* model.c: writes the refit models as LIBSVM model files with a JSON beside
 * each, checks and opens model files, predicts rows, and reads the rows to
 * predict (with or without a label column). */
#include "gridsearch/model.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <svm.h>

#include "gridsearch/hash.h"
#include "gridsearch/journal.h"
#include "gridsearch/metrics.h"
#include "gridsearch/report.h"
#include "sbuf.h"

/* ---- writing ---------------------------------------------------------- */

static char *model_json(const gs_search_t *s, size_t j, const char *file, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_search_refit_t *m = gs_search_refit(s, j);
  char buf[4096];
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "model", file);
  cJSON_AddNumberToObject(root, "candidate", (double)m->candidate);
  size_t rs = cfg->refit_scorer >= 0 ? (size_t)cfg->refit_scorer : 0;
  cJSON_AddBoolToObject(root, "primary", gs_search_scorer(s, rs)->best == m->candidate);
  cJSON *bf = cJSON_AddArrayToObject(root, "best_for");
  for (size_t i = 0; i < cfg->n_scorers; i++)
    if (gs_search_scorer(s, i)->best == m->candidate)
      cJSON_AddItemToArray(bf, cJSON_CreateString(gs_scorer_name(cfg->scorers[i])));
  cJSON_AddItemToObject(root, "params", cJSON_Parse(gs_grid_json(&gs_search_grid(s)->cand[m->candidate], buf, sizeof buf)));
  cJSON *cl = cJSON_AddArrayToObject(root, "classes");
  for (size_t k = 0; k < ds->n_classes; k++) cJSON_AddItemToArray(cl, cJSON_CreateNumber((double)ds->classes[k]));
  cJSON_AddNumberToObject(root, "n_features", (double)ds->n_features);
  /* the step fitted for the refit: predict applies it before the SVC */
  const gs_transform_t *tf = gs_search_refit_transform(s, m->candidate);
  char *tj = tf ? gs_transform_to_json(tf) : NULL;
  cJSON *pp = tj ? cJSON_Parse(tj) : NULL;
  free(tj);
  if (tf && !pp) {
    cJSON_Delete(root);
    return NULL;
  }
  if (pp) cJSON_AddItemToObject(root, "preprocessing", pp);
  else cJSON_AddNullToObject(root, "preprocessing");
  cJSON *d = cJSON_AddObjectToObject(root, "data");
  cJSON_AddStringToObject(d, "path", cfg->data_is_digits ? "digits" : cfg->data_path);
  cJSON_AddStringToObject(d, "format", cfg->data_format == GS_FORMAT_LIBSVM ? "libsvm" : "csv");
  gs_hash_t h;
  gs_error_t e;
  gs_error_clear(&e);
  gs_hash_init(&h);
  if (gs_hash_file(&h, cfg->data_path, &e) == GS_OK) snprintf(buf, sizeof buf, "%016llx", (unsigned long long)gs_hash_final(&h));
  else snprintf(buf, sizeof buf, "unknown");
  cJSON_AddStringToObject(d, "digest", buf);  /* FNV-1a of the file's bytes */
  uint64_t sd;
  if (gs_search_digest(s, &sd, &e) == GS_OK) snprintf(buf, sizeof buf, "%016llx", (unsigned long long)sd);
  else snprintf(buf, sizeof buf, "unknown");
  cJSON_AddStringToObject(root, "search_digest", buf);
  cJSON_AddNumberToObject(root, "refit_time", m->fit_time);
  cJSON *v = cJSON_AddObjectToObject(root, "versions");
  cJSON_AddStringToObject(v, "gridsearch", gs_version());
  cJSON_AddNumberToObject(v, "libsvm", libsvm_version);
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text) return NULL;
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%s\n", text);
  cJSON_free(text);
  return gs__sb_take(&b, len);
}

/* The held-out rows (0-based rows of the data file, in the split's order),
 * their labels and each model's predictions, one column per model. */
static char *test_predictions(const gs_search_t *s, size_t *len) {
  const gs_split_t *sp = gs_search_split(s);
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_config_t *cfg = gs_search_config(s);
  size_t nr = gs_search_n_refits(s);
  const long *pred[GS_MAX_SCORERS] = {0};
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "row,label");
  for (size_t j = 0; j < nr; j++) {
    const gs_search_refit_t *m = gs_search_refit(s, j);
    for (size_t i = 0; i < cfg->n_scorers && !pred[j]; i++)
      if (gs_search_scorer(s, i)->best == m->candidate && gs_search_scorer(s, i)->y_pred) pred[j] = gs_search_scorer(s, i)->y_pred;
    if (!pred[j]) {
      free(b.s);
      return NULL;
    }
    gs__sb_printf(&b, ",model_%zu", m->candidate);
  }
  gs__sb_printf(&b, "\n");
  for (size_t t = 0; t < sp->n_test; t++) {
    gs__sb_printf(&b, "%zu,%ld", sp->test[t], ds->y[sp->test[t]]);
    for (size_t j = 0; j < nr; j++) gs__sb_printf(&b, ",%ld", pred[j][t]);
    gs__sb_printf(&b, "\n");
  }
  return gs__sb_take(&b, len);
}

/* Removes the model_<c>.model / .json files an earlier run left in dir, so
 * that no stale model (or a second "primary" one) passes for this run's. */
static int remove_old_models(const char *dir, gs_error_t *err) {
  DIR *d = opendir(dir);
  if (!d) return GS_OK;
  struct dirent *e;
  int rc = GS_OK;
  while (!rc && (e = readdir(d))) {
    const char *n = e->d_name, *p = n + 6;
    if (strncmp(n, "model_", 6) || !*p) continue;
    while (*p >= '0' && *p <= '9') p++;
    if (p == n + 6 || (strcmp(p, ".model") && strcmp(p, ".json"))) continue;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, n);
    if (unlink(path) != 0 && errno != ENOENT) rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot remove an earlier run's model: %s", strerror(errno));
  }
  closedir(d);
  return rc;
}

int gs_model_write(const gs_search_t *s, const char *dir, gs_error_t *err) {
  int orc = remove_old_models(dir, err);
  if (orc) return orc;
  char tp[4200];
  size_t tl = 0;
  char *text = test_predictions(s, &tl);
  snprintf(tp, sizeof tp, "%s/test_predictions.csv", dir);
  if (!text) return gs_error_set(err, GS_ENOMEM, tp, 0, 0, "out of memory");
  int trc = gs_report_write_file(tp, text, tl, err);
  free(text);
  if (trc) return trc;
  for (size_t j = 0; j < gs_search_n_refits(s); j++) {
    const gs_search_refit_t *m = gs_search_refit(s, j);
    char file[64], path[4200];
    snprintf(file, sizeof file, "model_%zu.model", m->candidate);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int rc = gs_report_write_file(path, m->model, m->model_len, err);
    if (rc) return rc;
    size_t len = 0;
    char *json = model_json(s, j, file, &len);
    snprintf(path, sizeof path, "%s/model_%zu.json", dir, m->candidate);
    if (!json) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
    rc = gs_report_write_file(path, json, len, err);
    free(json);
    if (rc) return rc;
  }
  return GS_OK;
}

/* ---- checking a model file -------------------------------------------- */

struct gs_model {
  struct svm_model *svm;
  char path[4096];
  size_t n_features;
  int from_json;
  gs_format_t format;
  long *labels;
  size_t n_classes;
  gs_transform_t tf;      /* the JSON's "preprocessing" (GS_TF_NONE: none) */
};

/* Text of a whole file, NUL-terminated (caller frees); NULL on failure. */
static char *slurp(const char *path, size_t *len, gs_error_t *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    gs_error_set(err, GS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  gs__sbuf_t b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) gs__sb_printf(&b, "%.*s", (int)n, chunk);
  int bad = ferror(f);
  fclose(f);
  char *t = gs__sb_take(&b, len);
  if (bad || (!t && !b.oom)) {
    free(t);
    if (bad) gs_error_set(err, GS_EIO, path, 0, 0, "read error");
    else gs_error_set(err, GS_EDATA, path, 0, 0, "empty model file");
    return NULL;
  }
  if (!t) gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
  else if (strlen(t) != *len) {
    free(t);
    gs_error_set(err, GS_EDATA, path, 0, 0, "not a LIBSVM model file (a NUL byte)");
    return NULL;
  }
  return t;
}

typedef struct {
  const char *path;
  long line;
  const char *start;  /* the line's first character */
  gs_error_t *err;
} cursor_t;

static int bad(cursor_t *c, const char *at, const char *key, const char *fmt, const char *what) {
  gs_error_set(c->err, GS_EDATA, c->path, c->line, (long)(at - c->start) + 1, fmt, what);
  gs_error_set_path(c->err, key);
  return GS_EDATA;
}

/* Reads n whitespace-separated numbers (integers when ints) after p up to
 * the end of the line; exactly n, finite. */
static int numbers(cursor_t *c, const char *p, const char *key, long n, int ints, double *out) {
  for (long i = 0; i < n; i++) {
    while (*p == ' ' || *p == '\t') p++;
    char *end;
    errno = 0;
    double v = ints ? (double)strtol(p, &end, 10) : strtod(p, &end);
    if (end == p || errno || !isfinite(v) || (*end && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r'))
      return bad(c, p, key, "%s", ints ? "expected an integer" : "expected a number");
    if (out) out[i] = v;
    p = end;
  }
  while (*p == ' ' || *p == '\t' || *p == '\r') p++;
  if (*p && *p != '\n') return bad(c, p, key, "%s", "more values than the model's classes call for");
  return GS_OK;
}

/* Checks the header and every support vector line as svm_load_model would
 * read them, so that LIBSVM is only handed consistent files; *max_index:
 * the largest feature index used. */
static int check_model_text(const char *path, char *text, size_t *max_index, long **labels, size_t *n_classes,
                            gs_error_t *err) {
  cursor_t c = {path, 0, text, err};
  long k = 0, total = -1, got_rho = 0, got_label = 0, got_nsv = 0, nsv_sum = 0, type = 0, kernel = 0;
  char *p = text, *next;
  *max_index = 0;
  *labels = NULL;
  for (;; p = next) {
    c.line++;
    c.start = p;
    if (!*p) return bad(&c, p, "SV", "%s", "no \"SV\" line: not a complete LIBSVM model file");
    next = strchr(p, '\n');
    next = next ? next + 1 : p + strlen(p);
    char key[32];
    size_t kl = strcspn(p, " \t\r\n");
    if (kl == 0 || kl >= sizeof key) return bad(&c, p, "", "%s", "expected a LIBSVM model keyword");
    memcpy(key, p, kl);
    key[kl] = '\0';
    const char *val = p + kl;
    while (*val == ' ' || *val == '\t') val++;
    size_t vl = strcspn(val, " \t\r\n");
    if (!strcmp(key, "SV")) break;
    if (!strcmp(key, "svm_type")) {
      if (vl != 5 || strncmp(val, "c_svc", 5)) return bad(&c, val, key, "%s", "only c_svc models are supported");
      type = 1;
    } else if (!strcmp(key, "kernel_type")) {
      static const char *const kn[] = {"linear", "polynomial", "rbf", "sigmoid", NULL};
      for (int i = 0; kn[i]; i++)
        if (vl == strlen(kn[i]) && !strncmp(val, kn[i], vl)) kernel = 1;
      if (!kernel) return bad(&c, val, key, "%s", "expected linear, polynomial, rbf or sigmoid");
    } else if (!strcmp(key, "degree") || !strcmp(key, "nr_class") || !strcmp(key, "total_sv")) {
      double v;
      if (numbers(&c, val, key, 1, 1, &v)) return GS_EDATA;
      if (!strcmp(key, "nr_class")) {
        if (v < 2 || v > 100000 || k) return bad(&c, val, key, "%s", "expected one count of 2 or more classes");
        k = (long)v;
      } else if (!strcmp(key, "total_sv")) {
        if (v < 1 || v > 1e9) return bad(&c, val, key, "%s", "expected a positive count");
        total = (long)v;
      }
    } else if (!strcmp(key, "gamma") || !strcmp(key, "coef0")) {
      if (numbers(&c, val, key, 1, 0, NULL)) return GS_EDATA;
    } else if (!strcmp(key, "rho") || !strcmp(key, "probA") || !strcmp(key, "probB")) {
      if (!k) return bad(&c, p, key, "%s", "comes before nr_class");
      if (numbers(&c, val, key, k * (k - 1) / 2, 0, NULL)) return GS_EDATA;
      got_rho |= !strcmp(key, "rho");
    } else if (!strcmp(key, "label") || !strcmp(key, "nr_sv")) {
      if (!k) return bad(&c, p, key, "%s", "comes before nr_class");
      double *v = malloc((size_t)k * sizeof *v);
      if (!v) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
      int rc = numbers(&c, val, key, k, 1, v);
      if (!rc && !strcmp(key, "label")) {
        *labels = malloc((size_t)k * sizeof **labels);
        for (long i = 0; *labels && i < k; i++) (*labels)[i] = (long)v[i];
        got_label = 1;
      } else if (!rc) {
        for (long i = 0; i < k; i++) {
          if (v[i] < 1) rc = bad(&c, val, key, "%s", "every class needs at least one support vector");
          nsv_sum += (long)v[i];
        }
        got_nsv = 1;
      }
      free(v);
      if (rc) return rc;
    } else {
      return bad(&c, p, key, "%s", "unknown LIBSVM model keyword");
    }
  }
  const char *missing = !type ? "svm_type" : !kernel ? "kernel_type" : !k ? "nr_class" : total < 0 ? "total_sv"
                      : !got_rho ? "rho" : !got_label ? "label" : !got_nsv ? "nr_sv" : NULL;
  if (missing) return bad(&c, p, missing, "%s", "missing before the SV line");
  if (nsv_sum != total) {
    return bad(&c, p, "nr_sv", "%s", "the support vector counts do not add up to total_sv");
  }
  long sv = 0;
  for (p = next; *p; p = next) {
    c.line++;
    c.start = p;
    next = strchr(p, '\n');
    next = next ? next + 1 : p + strlen(p);
    if (++sv > total) return bad(&c, p, "SV", "%s", "more support vectors than total_sv");
    char *q = p, *end;
    for (long j = 0; j < k - 1; j++) {
      double v = strtod(q, &end);
      if (end == q || !isfinite(v) || (*end != ' ' && *end != '\t')) return bad(&c, q, "SV", "%s", "expected a coefficient");
      q = end;
    }
    long last = 0;
    for (;;) {
      while (*q == ' ' || *q == '\t' || *q == '\r') q++;
      if (!*q || *q == '\n') break;
      errno = 0;
      long idx = strtol(q, &end, 10);
      if (end == q || *end != ':' || errno || idx <= last || idx > 100000000)
        return bad(&c, q, "SV", "%s", "expected index:value with ascending indices from 1");
      const char *vq = end + 1;
      double v = strtod(vq, &end);
      if (end == vq || !isfinite(v) || (*end && *end != ' ' && *end != '\t' && *end != '\r' && *end != '\n'))
        return bad(&c, vq, "SV", "%s", "expected a feature value");
      last = idx;
      q = end;
    }
    if ((size_t)last > *max_index) *max_index = (size_t)last;
  }
  if (sv < total) {
    c.start = p;
    return bad(&c, p, "SV", "%s", "fewer support vectors than total_sv");
  }
  *n_classes = (size_t)k;
  if (!*labels) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
  return GS_OK;
}

/* ---- opening ---------------------------------------------------------- */

/* The primary model of a results folder: the model_<c>.json that says so. */
static int find_primary(const char *dir, char *file, size_t n, gs_error_t *err) {
  DIR *d = opendir(dir);
  if (!d) return gs_error_set(err, GS_EIO, dir, 0, 0, "cannot open: %s", strerror(errno));
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (strncmp(e->d_name, "model_", 6) || l < 11 || strcmp(e->d_name + l - 5, ".json")) continue;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    gs_error_t ignore;
    gs_error_clear(&ignore);
    size_t len;
    char *t = slurp(path, &len, &ignore);
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "model");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "primary")) && cJSON_IsString(m) && !strchr(m->valuestring, '/')) {
      snprintf(file, n, "%s/%s", dir, m->valuestring);
      found = 1;
    }
    cJSON_Delete(j);
    free(t);
  }
  closedir(d);
  if (!found) return gs_error_set(err, GS_EIO, dir, 0, 0, "no model here (a search writes model_<candidate>.model and .json into its results folder)");
  return GS_OK;
}

/* The JSON beside a model file, when there is one: its feature count and
 * data format. A JSON that is there but wrong is an error. */
static int read_sidecar(gs_model_t *m, gs_error_t *err) {
  char path[4200];
  size_t l = strlen(m->path);
  if (l > 6 && !strcmp(m->path + l - 6, ".model")) snprintf(path, sizeof path, "%.*s.json", (int)(l - 6), m->path);
  else snprintf(path, sizeof path, "%s.json", m->path);
  struct stat st;
  if (stat(path, &st) != 0) return GS_OK;
  size_t len;
  char *t = slurp(path, &len, err);
  if (!t) return err->code;
  cJSON *j = cJSON_Parse(t);
  free(t);
  const cJSON *nf = cJSON_GetObjectItemCaseSensitive(j, "n_features");
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "data");
  const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(d, "format");
  int rc = GS_OK;
  if (!cJSON_IsNumber(nf) || nf->valuedouble < 1 || nf->valuedouble > 1e8 || nf->valuedouble != floor(nf->valuedouble)) {
    rc = gs_error_set(err, GS_EDATA, path, 0, 0, "not a gridsearch model JSON (no valid \"n_features\")");
    gs_error_set_path(err, "n_features");
  } else if ((size_t)nf->valuedouble < m->n_features) {
    rc = gs_error_set(err, GS_EDATA, path, 0, 0, "%zu features, but the model uses feature %zu", (size_t)nf->valuedouble, m->n_features);
    gs_error_set_path(err, "n_features");
  } else {
    m->n_features = (size_t)nf->valuedouble;
    m->from_json = 1;
    if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "libsvm")) m->format = GS_FORMAT_LIBSVM;
    const cJSON *pp = cJSON_GetObjectItemCaseSensitive(j, "preprocessing");
    if (pp && !cJSON_IsNull(pp)) {
      char *text = cJSON_PrintUnformatted(pp);
      rc = text ? gs_transform_from_json(&m->tf, text, strlen(text), m->n_features, err)
                : gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
      free(text);
      if (rc && rc != GS_ENOMEM) snprintf(err->file, sizeof err->file, "%.500s", path);
    }
  }
  cJSON_Delete(j);
  return rc;
}

int gs_model_open(gs_model_t **out, const char *path, gs_error_t *err) {
  gs_model_t *m = calloc(1, sizeof *m);
  char *text = NULL;
  int rc;
  *out = NULL;
  if (!m) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  struct stat st;
  if (stat(path, &st) != 0) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    goto fail;
  }
  if (S_ISDIR(st.st_mode)) {
    if ((rc = find_primary(path, m->path, sizeof m->path, err))) goto fail;
  } else {
    snprintf(m->path, sizeof m->path, "%s", path);
  }
  size_t len;
  if (!(text = slurp(m->path, &len, err))) { rc = err->code; goto fail; }
  if ((rc = check_model_text(m->path, text, &m->n_features, &m->labels, &m->n_classes, err))) goto fail;
  if ((rc = read_sidecar(m, err))) goto fail;
  if (!(m->svm = svm_load_model(m->path))) {
    rc = gs_error_set(err, GS_EDATA, m->path, 0, 0, "LIBSVM could not load this model file");
    goto fail;
  }
  free(text);
  *out = m;
  return GS_OK;
fail:
  free(text);
  gs_model_free(m);
  return rc;
}

void gs_model_free(gs_model_t *m) {
  if (!m) return;
  if (m->svm) svm_free_and_destroy_model(&m->svm);
  free(m->labels);
  gs_transform_free(&m->tf);
  free(m);
}

size_t gs_model_n_features(const gs_model_t *m, int *from_json) {
  if (from_json) *from_json = m->from_json;
  return m->n_features;
}

size_t gs_model_classes(const gs_model_t *m, const long **labels) {
  *labels = m->labels;
  return m->n_classes;
}

size_t gs_model_n_decision(const gs_model_t *m) { return m->n_classes == 2 ? 1 : m->n_classes * (m->n_classes - 1) / 2; }
gs_format_t gs_model_format(const gs_model_t *m) { return m->format; }
const char *gs_model_path(const gs_model_t *m) { return m->path; }

static long predict_nodes(const gs_model_t *m, const struct svm_node *nodes, double *dec);

long gs_model_predict(const gs_model_t *m, const double *x, double *dec) {
  size_t nf = m->n_features, k = 0;
  struct svm_node stack[257], *nodes = nf < 256 ? stack : malloc((nf + 1) * sizeof *nodes);
  if (!nodes) return 0; /* out of memory: no label can be told */
  double xstack[256], *xt = NULL;
  if (m->tf.spec.kind != GS_TF_NONE) { /* the refit's preprocessing first, as the Pipeline does */
    xt = nf <= 256 ? xstack : malloc(nf * sizeof *xt);
    if (!xt) { if (nodes != stack) free(nodes); return 0; }
    gs_transform_apply(&m->tf, x, xt, 1);
    x = xt;
  }
  for (size_t f = 0; f < nf; f++)
    if (x[f] != 0.0) nodes[k++] = (struct svm_node){(int)f + 1, x[f]};
  nodes[k].index = -1;
  nodes[k].value = 0.0;
  long label = predict_nodes(m, nodes, dec);
  if (nodes != stack) free(nodes);
  if (xt && xt != xstack) free(xt);
  return label;
}

long gs_model_predict_sparse(const gs_model_t *m, const int *index, const double *value, size_t nnz, double *dec) {
  size_t nf = m->n_features;
  double *factor = NULL;
  if (m->tf.spec.kind != GS_TF_NONE && !m->tf.sparse) { /* a dense step: this row densified */
    double *x = calloc(nf ? nf : 1, sizeof *x);
    if (!x) return 0;
    for (size_t i = 0; i < nnz; i++) x[index[i] - 1] = value[i];
    long label = gs_model_predict(m, x, dec);
    free(x);
    return label;
  }
  if (m->tf.spec.kind != GS_TF_NONE && m->tf.scale && !(m->tf.spec.kind == GS_TF_STANDARD && !m->tf.spec.with_std))
    factor = m->tf.scale; /* inplace_column_scale(X, 1 / scale_), as the step was applied in the search */
  struct svm_node stack[257], *nodes = nnz < 256 ? stack : malloc((nnz + 1) * sizeof *nodes);
  if (!nodes) return 0;
  size_t k = 0;
  for (size_t i = 0; i < nnz; i++) {
    double v = factor ? value[i] * (1.0 / factor[index[i] - 1]) : value[i];
    if (v != 0.0) nodes[k++] = (struct svm_node){index[i], v};
  }
  nodes[k].index = -1;
  nodes[k].value = 0.0;
  long label = predict_nodes(m, nodes, dec);
  if (nodes != stack) free(nodes);
  return label;
}

long gs_model_predict_row(const gs_model_t *m, const gs_model_rows_t *rows, size_t i, double *dec) {
  if (rows->X) return gs_model_predict(m, rows->X + i * rows->n_features, dec);
  size_t lo = rows->indptr[i];
  return gs_model_predict_sparse(m, rows->index + lo, rows->value + lo, rows->indptr[i + 1] - lo, dec);
}

/* LIBSVM's prediction of one row's nodes, and its decision values in
 * scikit-learn's convention (gs_model_predict). */
static long predict_nodes(const gs_model_t *m, const struct svm_node *nodes, double *dec) {
  double stackdec[64], *d = stackdec;
  size_t nd = m->n_classes * (m->n_classes - 1) / 2;
  if (nd > 64 && !(d = malloc(nd * sizeof *d))) d = NULL;
  long label = d ? (long)svm_predict_values(m->svm, nodes, d) : (long)svm_predict(m->svm, nodes);
  if (dec && d) {
    if (m->n_classes == 2) dec[0] = m->labels[0] < m->labels[1] ? -d[0] : d[0];
    else memcpy(dec, d, nd * sizeof *d);
  }
  if (d != stackdec) free(d);
  return label;
}

/* ---- rows to predict -------------------------------------------------- */

typedef struct {
  gs_model_rows_t *r;
  size_t cap, cap_nz;
  int labels;     /* -1 until the first row says */
  const char *path;
  gs_error_t *err;
} rows_t;

static int row_error(rows_t *b, long line, const char *start, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int row_error(rows_t *b, long line, const char *start, const char *at, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return gs_error_set(b->err, GS_EDATA, b->path, line, (long)(at - start) + 1, "%s", msg);
}

/* Room for one more row; returns its features (zeroed). */
static double *row_add(rows_t *b) {
  gs_model_rows_t *r = b->r;
  if (r->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 1024;
    double *X = realloc(r->X, cap * r->n_features * sizeof *X);
    if (X) r->X = X;
    long *y = realloc(r->y, cap * sizeof *y);
    if (y) r->y = y;
    if (!X || !y) return NULL;
    b->cap = cap;
  }
  double *x = r->X + r->n * r->n_features;
  memset(x, 0, r->n_features * sizeof *x);
  r->n++;
  return x;
}

/* Room for one more sparse row (its values appended by sparse_add). */
static int sparse_row_add(rows_t *b) {
  gs_model_rows_t *r = b->r;
  if (r->n + 1 >= b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 1024;
    size_t *ip = realloc(r->indptr, (cap + 1) * sizeof *ip);
    if (ip) r->indptr = ip;
    long *y = realloc(r->y, cap * sizeof *y);
    if (y) r->y = y;
    if (!ip || !y) return GS_ENOMEM;
    if (b->cap == 0) r->indptr[0] = 0;
    b->cap = cap;
  }
  r->n++;
  r->indptr[r->n] = r->indptr[r->n - 1];
  return GS_OK;
}

static int sparse_add(rows_t *b, int index, double value) {
  gs_model_rows_t *r = b->r;
  size_t nz = r->indptr[r->n];
  if (nz == b->cap_nz) {
    size_t cap = b->cap_nz ? b->cap_nz * 2 : 4096;
    int *ix = realloc(r->index, cap * sizeof *ix);
    if (ix) r->index = ix;
    double *v = realloc(r->value, cap * sizeof *v);
    if (v) r->value = v;
    if (!ix || !v) return GS_ENOMEM;
    b->cap_nz = cap;
  }
  r->index[nz] = index;
  r->value[nz] = value;
  r->indptr[r->n] = nz + 1;
  return GS_OK;
}

static int parse_label_at(const char *p, const char *e, long *out) {
  char *end;
  errno = 0;
  long v = strtol(p, &end, 10);
  if (end == p || errno) return -1;
  if (end < e && *end == '.') { /* "3.0" is an integer label, as the loaders take it */
    const char *q = end + 1;
    while (q < e && *q == '0') q++;
    end = (char *)(uintptr_t)q;
  }
  *out = v;
  return end == e ? 0 : -1;
}

static int csv_row(rows_t *b, long line, char *text) {
  size_t nf = b->r->n_features, cells = 1;
  for (char *q = text; *q; q++) cells += *q == ',';
  int labelled = cells == nf + 1;
  if (cells != nf && !labelled)
    return row_error(b, line, text, text, "%zu cells, but the model has %zu features (give them, then optionally an integer label)", cells, nf);
  if (b->labels >= 0 && b->labels != labelled)
    return row_error(b, line, text, text, "%zu cells, but the first row had %zu", cells, nf + (size_t)b->labels);
  b->labels = labelled;
  double *x = row_add(b);
  if (!x) return gs_error_set(b->err, GS_ENOMEM, b->path, line, 0, "out of memory");
  char *p = text;
  for (size_t i = 0; i < cells; i++) {
    char *e = p + strcspn(p, ",");
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    char *t = e;
    while (t > p && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r')) t--;
    if (i == nf) {
      if (parse_label_at(p, t, &b->r->y[b->r->n - 1]))
        return row_error(b, line, text, p, "the label (cell %zu of %zu) is not an integer", cells, cells);
    } else {
      char *end;
      errno = 0;
      double v = strtod(p, &end);
      if (end == p || end != t || !isfinite(v)) return row_error(b, line, text, p, "cell %zu of %zu is not a finite number", i + 1, cells);
      x[i] = v;
    }
    p = e + 1;
  }
  return GS_OK;
}

static int libsvm_row(rows_t *b, long line, char *text) {
  size_t nf = b->r->n_features;
  char *p = text + strspn(text, " \t");
  size_t tl = strcspn(p, " \t\r");
  int labelled = memchr(p, ':', tl) == NULL;
  if (b->labels >= 0 && b->labels != labelled)
    return row_error(b, line, text, p, "%s", labelled ? "a label, but the first row had none" : "no label, but the first row had one");
  b->labels = labelled;
  if (sparse_row_add(b)) return gs_error_set(b->err, GS_ENOMEM, b->path, line, 0, "out of memory");
  if (labelled) {
    if (parse_label_at(p, p + tl, &b->r->y[b->r->n - 1])) return row_error(b, line, text, p, "the label is not an integer");
    p += tl;
  }
  long last = 0;
  for (;;) {
    p += strspn(p, " \t\r");
    if (!*p) break;
    char *end;
    errno = 0;
    long idx = strtol(p, &end, 10);
    if (end == p || *end != ':' || errno || idx <= last)
      return row_error(b, line, text, p, "expected index:value with indices ascending from 1");
    if ((size_t)idx > nf) return row_error(b, line, text, p, "feature %zu, but the model has %zu features", (size_t)idx, nf);
    char *v = end + 1;
    double val = strtod(v, &end);
    if (end == v || !isfinite(val) || (*end && *end != ' ' && *end != '\t' && *end != '\r'))
      return row_error(b, line, text, v, "feature %zu's value is not a finite number", (size_t)idx);
    if (sparse_add(b, (int)idx, val)) return gs_error_set(b->err, GS_ENOMEM, b->path, line, 0, "out of memory");
    last = idx;
    p = end;
  }
  return GS_OK;
}

/* Whether a CSV line is a header: some cell is not a number. */
static int csv_header(const char *text) {
  for (const char *p = text;;) {
    const char *e = p + strcspn(p, ",");
    char *end;
    strtod(p, &end);
    while (end < e && (*end == ' ' || *end == '\t' || *end == '\r')) end++;
    if (end == p || end != e) return 1;
    if (!*e) return 0;
    p = e + 1;
  }
}

int gs_model_read_rows(gs_model_rows_t *out, const char *path, gs_format_t format, size_t n_features, gs_error_t *err) {
  memset(out, 0, sizeof *out);
  out->n_features = n_features;
  rows_t b = {out, 0, 0, -1, path, err};
  FILE *f = fopen(path, "r");
  if (!f) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long no = 0;
  int rc = GS_OK;
  while (!rc && (len = getline(&line, &cap, f)) >= 0) {
    no++;
    if ((size_t)len != strlen(line)) { rc = gs_error_set(err, GS_EDATA, path, no, 0, "a NUL byte: not a text file"); break; }
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (strspn(line, " \t") == (size_t)len) continue;
    if (format == GS_FORMAT_CSV && no == 1 && csv_header(line)) continue;
    rc = format == GS_FORMAT_CSV ? csv_row(&b, no, line) : libsvm_row(&b, no, line);
  }
  if (!rc && ferror(f)) rc = gs_error_set(err, GS_EIO, path, 0, 0, "read error");
  free(line);
  fclose(f);
  if (!rc && out->n == 0) rc = gs_error_set(err, GS_EDATA, path, 0, 0, "no rows to predict");
  if (!rc && b.labels != 1) {
    free(out->y);
    out->y = NULL;
  }
  if (rc) gs_model_rows_free(out);
  return rc;
}

void gs_model_rows_free(gs_model_rows_t *r) {
  free(r->X);
  free(r->indptr);
  free(r->index);
  free(r->value);
  free(r->y);
  memset(r, 0, sizeof *r);
}

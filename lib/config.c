/* config.c: reads a search config: JSON (via jsonsrc) checked key by key into
 * gs_config_t. Every complaint carries file:line:column and the key path.
 * This file: the top level and its small keys, and the helpers of
 * config_impl.h; the grid is config_grid.c's, the "search" object
 * config_search.c's. */
#include "gridsearch/config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gridsearch/metrics.h"
#include "config_impl.h"
#include "infile.h"
#include "jsonsrc.h"

static const char *const top_keys[] = {"name", "dataset", "test_size", "random_state", "stratify", "cv",
                                       "scoring", "param_grid", "svm", "error_score", "memory_limit_mb",
                                       "return_train_score", "refit", "preprocessing", "search", "param_distributions", NULL};
static const char *const svm_keys[] = {"tol", "cache_size", "shrinking", NULL};
static const char *const cv_keys[] = {"n_splits", "shuffle", "random_state", NULL};
static const char *const dataset_keys[] = {"path", "format", NULL};

int gs__cfg_samples(const gs_config_t *cfg) {
  return cfg->strategy == GS_STRATEGY_RANDOM || (cfg->strategy == GS_STRATEGY_HALVING && cfg->halving_random);
}

int gs__cfg_fail_at(gs__cfg_ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const gs__jloc_t *loc = node ? gs__jsrc_find(c->src, node) : NULL;
  gs_error_set(c->err, GS_ECONFIG, c->src->file, loc ? loc->line : 0, loc ? loc->column : 0, "%s", msg);
  gs_error_set_path(c->err, path);
  return GS_ECONFIG;
}

int gs__cfg_fail_at_key(gs__cfg_ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const gs__jloc_t *loc = node ? gs__jsrc_find(c->src, node) : NULL;
  long line = loc ? (loc->key_line ? loc->key_line : loc->line) : 0, col = loc ? (loc->key_line ? loc->key_column : loc->column) : 0;
  gs_error_set(c->err, GS_ECONFIG, c->src->file, line, col, "%s", msg);
  gs_error_set_path(c->err, path);
  return GS_ECONFIG;
}

const char *gs__cfg_type_name(const cJSON *n) {
  if (cJSON_IsNumber(n)) return "a number";
  if (cJSON_IsString(n)) return "a string";
  if (cJSON_IsBool(n)) return "a boolean";
  if (cJSON_IsNull(n)) return "null";
  if (cJSON_IsArray(n)) return "a list";
  if (cJSON_IsObject(n)) return "an object";
  return "an invalid value";
}

void gs__cfg_join_options(const char *const *options, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = '\0';
  for (size_t i = 0; options[i] && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", options[i]);
}

/* Rejects keys of obj not in allowed, with a did-you-mean. */
int gs__cfg_check_keys(gs__cfg_ctx_t *c, const cJSON *obj, const char *path, const char *const *allowed) {
  for (const cJSON *ch = obj->child; ch; ch = ch->next) {
    size_t i = 0;
    while (allowed[i] && strcmp(allowed[i], ch->string) != 0) i++;
    if (allowed[i]) continue;
    char p[256], opts[512];
    snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", ch->string);
    const char *hint = gs_suggest(ch->string, allowed);
    gs__cfg_join_options(allowed, opts, sizeof opts);
    if (hint) return gs__cfg_fail_at_key(c, ch, p, "unknown key \"%s\"; did you mean \"%s\"?", ch->string, hint);
    return gs__cfg_fail_at_key(c, ch, p, "unknown key \"%s\" (known keys: %s)", ch->string, opts);
  }
  return GS_OK;
}

int gs__cfg_is_int_literal(gs__cfg_ctx_t *c, const cJSON *n) {
  const gs__jloc_t *loc = gs__jsrc_find(c->src, n);
  return loc && loc->is_int;
}

int gs__cfg_get_bool(gs__cfg_ctx_t *c, const cJSON *n, const char *path, int *out) {
  if (!cJSON_IsBool(n)) return gs__cfg_fail_at(c, n, path, "expected true or false, got %s", gs__cfg_type_name(n));
  *out = cJSON_IsTrue(n);
  return GS_OK;
}

int gs__cfg_get_positive(gs__cfg_ctx_t *c, const cJSON *n, const char *path, double *out) {
  if (!cJSON_IsNumber(n)) return gs__cfg_fail_at(c, n, path, "expected a positive number, got %s", gs__cfg_type_name(n));
  if (!(n->valuedouble > 0.0) || !isfinite(n->valuedouble))
    return gs__cfg_fail_at(c, n, path, "must be a positive finite number, got %g", n->valuedouble);
  *out = n->valuedouble;
  return GS_OK;
}

int gs__cfg_get_seed(gs__cfg_ctx_t *c, const cJSON *n, const char *path, uint32_t *out) {
  if (!cJSON_IsNumber(n) || !gs__cfg_is_int_literal(c, n))
    return gs__cfg_fail_at(c, n, path, "expected an integer seed, got %s", cJSON_IsNumber(n) ? "a non-integer number" : gs__cfg_type_name(n));
  if (n->valuedouble < 0 || n->valuedouble > 4294967295.0)
    return gs__cfg_fail_at(c, n, path, "seed must be between 0 and 2**32 - 1, got %.0f", n->valuedouble);
  *out = (uint32_t)n->valuedouble;
  return GS_OK;
}

static int parse_dataset(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", cfg->file);
  char *d = dirname(dir);
  const char *rel = NULL;
  if (cJSON_IsString(n)) {
    if (strcmp(n->valuestring, "digits") == 0) {
      char buf[4096];
      gs_error_t e;
      gs_error_clear(&e);
      if (gs_dataset_digits_path(buf, sizeof buf, c->opts.data_dir, c->opts.data_dir_name, &e) != GS_OK) {
        gs__cfg_fail_at(c, n, "dataset", "%s", e.message);
        c->err->code = GS_EIO;
        return GS_EIO;
      }
      cfg->data_is_digits = 1;
      cfg->data_format = GS_FORMAT_CSV;
      cfg->data_path = strdup(buf);
      return cfg->data_path ? GS_OK : GS_ENOMEM;
    }
    return gs__cfg_fail_at(c, n, "dataset", "unknown built-in dataset \"%s\" (built-in: digits; for a file use {\"path\": ..., \"format\": \"csv\" | \"libsvm\"})", n->valuestring);
  }
  if (!cJSON_IsObject(n)) return gs__cfg_fail_at(c, n, "dataset", "expected \"digits\" or an object {\"path\", \"format\"}, got %s", gs__cfg_type_name(n));
  int rc = gs__cfg_check_keys(c, n, "dataset", dataset_keys);
  if (rc) return rc;
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(n, "path");
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(n, "format");
  if (!p) return gs__cfg_fail_at(c, n, "dataset", "missing \"path\"");
  if (!cJSON_IsString(p) || !p->valuestring[0]) return gs__cfg_fail_at(c, p, "dataset.path", "expected a file path, got %s", cJSON_IsString(p) ? "an empty string" : gs__cfg_type_name(p));
  rel = p->valuestring;
  cfg->data_format = GS_FORMAT_CSV;
  if (f) {
    if (!cJSON_IsString(f)) return gs__cfg_fail_at(c, f, "dataset.format", "expected \"csv\" or \"libsvm\", got %s", gs__cfg_type_name(f));
    if (strcmp(f->valuestring, "libsvm") == 0) cfg->data_format = GS_FORMAT_LIBSVM;
    else if (strcmp(f->valuestring, "csv") != 0) return gs__cfg_fail_at(c, f, "dataset.format", "unknown format \"%s\" (expected \"csv\" or \"libsvm\")", f->valuestring);
  } else {
    size_t l = strlen(rel);
    if ((l > 7 && strcmp(rel + l - 7, ".libsvm") == 0) || (l > 4 && strcmp(rel + l - 4, ".svm") == 0))
      cfg->data_format = GS_FORMAT_LIBSVM;
  }
  size_t need = strlen(d) + strlen(rel) + 2;
  cfg->data_path = malloc(need);
  if (!cfg->data_path) return GS_ENOMEM;
  if (rel[0] == '/') snprintf(cfg->data_path, need, "%s", rel);
  else snprintf(cfg->data_path, need, "%s/%s", d, rel);
  return GS_OK;
}

static int parse_cv(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsNumber(n)) {
    if (!gs__cfg_is_int_literal(c, n)) return gs__cfg_fail_at(c, n, "cv", "expected an integer number of folds, got %g", n->valuedouble);
    if (n->valuedouble < 2 || n->valuedouble > 1e6) return gs__cfg_fail_at(c, n, "cv", "n_splits must be at least 2, got %.0f", n->valuedouble);
    cfg->n_splits = (int)n->valuedouble;
    return GS_OK;
  }
  if (!cJSON_IsObject(n)) return gs__cfg_fail_at(c, n, "cv", "expected an integer or {\"n_splits\", \"shuffle\", \"random_state\"}, got %s", gs__cfg_type_name(n));
  int rc = gs__cfg_check_keys(c, n, "cv", cv_keys);
  if (rc) return rc;
  const cJSON *ns = cJSON_GetObjectItemCaseSensitive(n, "n_splits");
  const cJSON *sh = cJSON_GetObjectItemCaseSensitive(n, "shuffle");
  const cJSON *rs = cJSON_GetObjectItemCaseSensitive(n, "random_state");
  if (ns) {
    if (!cJSON_IsNumber(ns) || !gs__cfg_is_int_literal(c, ns)) return gs__cfg_fail_at(c, ns, "cv.n_splits", "expected an integer, got %s", cJSON_IsNumber(ns) ? "a non-integer number" : gs__cfg_type_name(ns));
    if (ns->valuedouble < 2 || ns->valuedouble > 1e6) return gs__cfg_fail_at(c, ns, "cv.n_splits", "n_splits must be at least 2, got %.0f", ns->valuedouble);
    cfg->n_splits = (int)ns->valuedouble;
  }
  if (sh && (rc = gs__cfg_get_bool(c, sh, "cv.shuffle", &cfg->cv_shuffle))) return rc;
  if (rs && !cJSON_IsNull(rs)) {
    if (!cfg->cv_shuffle)
      return gs__cfg_fail_at(c, rs, "cv.random_state", "random_state has no effect since shuffle is false; set \"shuffle\": true or remove it");
    if ((rc = gs__cfg_get_seed(c, rs, "cv.random_state", &cfg->cv_random_state))) return rc;
  }
  return GS_OK;
}

/* "refit": true (one refit per scorer, the seed program's reports) or the
 * name of one of the scorers (GridSearchCV(refit="<scorer>")). */
static int parse_refit(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsTrue(n)) return GS_OK;
  if (cJSON_IsFalse(n))
    return gs__cfg_fail_at(c, n, "refit", "false (no refit) is not supported: the refit gives the reports and the model files; use true or a scorer's name");
  if (!cJSON_IsString(n)) return gs__cfg_fail_at(c, n, "refit", "expected true or the name of one of the scorers, got %s", gs__cfg_type_name(n));
  for (size_t i = 0; i < cfg->n_scorers; i++)
    if (!strcmp(gs_scorer_name(cfg->scorers[i]), n->valuestring)) {
      cfg->refit_scorer = (int)i;
      return GS_OK;
    }
  return gs__cfg_fail_at(c, n, "refit", "\"%s\" is not one of the scorers in \"scoring\"", n->valuestring);
}

static int parse_scoring(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  const char *names[GS_SCORER_COUNT + 1];
  for (int i = 0; i < GS_SCORER_COUNT; i++) names[i] = gs_scorer_name(i);
  names[GS_SCORER_COUNT] = NULL;
  const cJSON *one = cJSON_IsString(n) ? n : NULL;
  if (!one && !cJSON_IsArray(n)) return gs__cfg_fail_at(c, n, "scoring", "expected a scorer name or a list of them, got %s", gs__cfg_type_name(n));
  if (!one && cJSON_GetArraySize(n) == 0) return gs__cfg_fail_at(c, n, "scoring", "the list of scorers is empty");
  size_t i = 0;
  for (const cJSON *s = one ? one : n->child; s; s = one ? NULL : s->next, i++) {
    char path[64];
    snprintf(path, sizeof path, one ? "scoring" : "scoring[%zu]", i);
    if (!cJSON_IsString(s)) return gs__cfg_fail_at(c, s, path, "expected a scorer name, got %s", gs__cfg_type_name(s));
    int sc = gs_scorer_find(s->valuestring);
    if (sc < 0 && !strncmp(s->valuestring, "roc_auc_ov", 10))
      return gs__cfg_fail_at(c, s, path, "scorer \"%s\" needs predict_proba (SVC(probability=True), Platt scaling with its own internal cross-validation), which gridsearch does not do; use \"roc_auc\" (binary) or another scorer", s->valuestring);
    if (sc < 0) {
      const char *hint = gs_suggest(s->valuestring, names);
      char opts[1024];
      gs__cfg_join_options(names, opts, sizeof opts);
      if (hint) return gs__cfg_fail_at(c, s, path, "unknown scorer \"%s\"; did you mean \"%s\"?", s->valuestring, hint);
      return gs__cfg_fail_at(c, s, path, "unknown scorer \"%s\" (known: %s)", s->valuestring, opts);
    }
    for (size_t j = 0; j < cfg->n_scorers; j++)
      if (cfg->scorers[j] == sc) return gs__cfg_fail_at(c, s, path, "scorer \"%s\" is listed twice", s->valuestring);
    if (cfg->n_scorers == GS_MAX_SCORERS) return gs__cfg_fail_at(c, s, path, "at most %d scorers", GS_MAX_SCORERS);
    cfg->scorers[cfg->n_scorers++] = sc;
  }
  return GS_OK;
}

/* The search's name names its results folder: the "name" key's value (at
 * node n), or without one (n NULL) the config's file name less its extension,
 * under the same rules. */
static int check_name(gs__cfg_ctx_t *c, const cJSON *n, const char *v) {
  size_t len = strlen(v);
  const char *from = n ? "" : " (from the config's file name; set \"name\" to choose another)";
  if (!gs_text_printable(v, len))
    return gs__cfg_fail_at(c, n, "name", "name \"%s\"%s must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder",
                   v, from);
  for (const char *p = v; *p; p++)
    if (*p == '/' || *p == '\\')
      return gs__cfg_fail_at(c, n, "name", "name \"%s\"%s must not contain '/', '\\' or control characters (it names a folder)", v, from);
  if (len > NAME_MAX)
    return gs__cfg_fail_at(c, n, "name", "name%s is %zu bytes long; a folder name may have at most %d (NAME_MAX)", from, len, NAME_MAX);
  if (!strcmp(v, ".") || !strcmp(v, "..")) return gs__cfg_fail_at(c, n, "name", "name%s must not be \".\" or \"..\"", from);
  return GS_OK;
}

static int parse_root(gs__cfg_ctx_t *c, const cJSON *root) {
  gs_config_t *cfg = c->cfg;
  int rc;
  if (!cJSON_IsObject(root)) return gs__cfg_fail_at(c, root, "", "the config must be a JSON object, got %s", gs__cfg_type_name(root));
  if ((rc = gs__cfg_check_keys(c, root, "", top_keys))) return rc;
  const cJSON *n;
  for (size_t i = 0; top_keys[i] && i < 24; i++) {
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, top_keys[i]);
    const gs__jloc_t *loc = k ? gs__jsrc_find(c->src, k) : NULL;
    if (loc) { cfg->where[i][0] = loc->line; cfg->where[i][1] = loc->column; }
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "name"))) {
    if (!cJSON_IsString(n) || !n->valuestring[0]) return gs__cfg_fail_at(c, n, "name", "expected a non-empty string, got %s", gs__cfg_type_name(n));
    if ((rc = check_name(c, n, n->valuestring))) return rc;
    free(cfg->name);
    if (!(cfg->name = strdup(n->valuestring))) return GS_ENOMEM;
  } else if ((rc = check_name(c, NULL, cfg->name))) {
    return rc;
  }
  if (!(n = cJSON_GetObjectItemCaseSensitive(root, "dataset"))) return gs__cfg_fail_at(c, root, "dataset", "missing \"dataset\" (\"digits\" or {\"path\": ..., \"format\": ...})");
  if ((rc = parse_dataset(c, n))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "test_size"))) {
    if (!cJSON_IsNumber(n)) return gs__cfg_fail_at(c, n, "test_size", "expected a fraction in (0, 1) or a row count, got %s", gs__cfg_type_name(n));
    if (gs__cfg_is_int_literal(c, n)) {
      if (n->valuedouble < 1 || n->valuedouble > 1e15) return gs__cfg_fail_at(c, n, "test_size", "a row count must be at least 1, got %.0f", n->valuedouble);
      cfg->test_is_count = 1;
      cfg->test_count = (long)n->valuedouble;
    } else {
      if (!(n->valuedouble > 0 && n->valuedouble < 1)) return gs__cfg_fail_at(c, n, "test_size", "a fraction must be in (0, 1), got %g", n->valuedouble);
      cfg->test_fraction = n->valuedouble;
    }
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "random_state")) && (rc = gs__cfg_get_seed(c, n, "random_state", &cfg->random_state))) return rc;
  cfg->cv_random_state = cfg->random_state;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "stratify")) && (rc = gs__cfg_get_bool(c, n, "stratify", &cfg->stratify))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "cv")) && (rc = parse_cv(c, n))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "scoring")) && (rc = parse_scoring(c, n))) return rc;
  if (cfg->n_scorers == 0) cfg->scorers[cfg->n_scorers++] = GS_SCORER_ACCURACY;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "search")) && (rc = gs__cfg_parse_search(c, n))) return rc;
  {
    const cJSON *pg = cJSON_GetObjectItemCaseSensitive(root, "param_grid");
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(root, "param_distributions");
    if (pg && pd) return gs__cfg_fail_at_key(c, pd, "param_distributions", "give either \"param_grid\" or \"param_distributions\", not both");
    if (pd && cfg->strategy == GS_STRATEGY_GRID)
      return gs__cfg_fail_at_key(c, pd, "param_distributions", "\"param_distributions\" is for a randomized search (\"search\": \"random\" or \"halving\"); a grid search takes \"param_grid\"");
    if (!pg && !pd) return gs__cfg_fail_at(c, root, "param_grid", cfg->strategy == GS_STRATEGY_RANDOM ? "missing \"param_distributions\"" : "missing \"param_grid\"");
    cfg->halving_random = cfg->strategy == GS_STRATEGY_HALVING && pd;
    if ((rc = gs__cfg_parse_grid(c, pd ? pd : pg, pd ? "param_distributions" : "param_grid"))) return rc;
    if (cfg->strategy == GS_STRATEGY_HALVING && (rc = gs__cfg_check_halving(c, root))) return rc;
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "svm"))) {
    if (!cJSON_IsObject(n)) return gs__cfg_fail_at(c, n, "svm", "expected an object {\"tol\", \"cache_size\", \"shrinking\"}, got %s", gs__cfg_type_name(n));
    if ((rc = gs__cfg_check_keys(c, n, "svm", svm_keys))) return rc;
    const cJSON *s;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "tol")) && (rc = gs__cfg_get_positive(c, s, "svm.tol", &cfg->tol))) return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "cache_size")) && (rc = gs__cfg_get_positive(c, s, "svm.cache_size", &cfg->cache_size))) return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "shrinking")) && (rc = gs__cfg_get_bool(c, s, "svm.shrinking", &cfg->shrinking))) return rc;
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "error_score"))) {
    if (cJSON_IsString(n) && !strcmp(n->valuestring, "raise")) cfg->error_score = GS_SCORE_RAISE;
    else if (cJSON_IsString(n) && !strcmp(n->valuestring, "nan")) cfg->error_score = GS_SCORE_NAN;
    else if (cJSON_IsNumber(n) && isfinite(n->valuedouble)) { cfg->error_score = GS_SCORE_VALUE; cfg->error_score_value = n->valuedouble; }
    else return gs__cfg_fail_at(c, n, "error_score", "expected \"raise\", \"nan\" or a number, got %s", gs__cfg_type_name(n));
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "memory_limit_mb")) && (rc = gs__cfg_get_positive(c, n, "memory_limit_mb", &cfg->memory_limit_mb))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "preprocessing")) && (rc = gs__cfg_parse_step(c, n, "preprocessing", &cfg->preprocessing))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "return_train_score")) && (rc = gs__cfg_get_bool(c, n, "return_train_score", &cfg->return_train_score))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "refit")) && (rc = parse_refit(c, n))) return rc;
  return GS_OK;
}

/* The file's stem: "configs/digits_svc.json" -> "digits_svc". */
static char *file_stem(const char *file) {
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  char *s = strdup(*base ? base : "search");
  if (!s) return NULL;
  char *dot = strrchr(s, '.');
  if (dot && dot != s) *dot = '\0';
  return s;
}

int gs_config_parse(gs_config_t **out, const char *file, const char *buf, size_t len, gs_error_t *err) {
  return gs_config_parse_ex(out, file, buf, len, NULL, err);
}

int gs_config_parse_ex(gs_config_t **out, const char *file, const char *buf, size_t len, const gs_config_opts_t *opts,
                       gs_error_t *err) {
  gs__jsrc_t src;
  gs_config_t *cfg = NULL;
  int rc;
  *out = NULL;
  if ((rc = gs__jsrc_parse(&src, file, buf, len, err))) return rc;
  if (!(cfg = calloc(1, sizeof *cfg))) { rc = GS_ENOMEM; goto fail; }
  cfg->file = strdup(file);
  cfg->name = file_stem(file);
  if (!cfg->file || !cfg->name) { rc = GS_ENOMEM; goto fail; }
  cfg->test_fraction = 0.25;
  cfg->n_splits = 5;
  cfg->n_iter = 10;
  cfg->halving = (gs_halving_spec_t){3, GS_HALVING_MIN_EXHAUST, 0, 0, 0, 0};
  cfg->tol = 1e-3;
  cfg->cache_size = 200;
  cfg->shrinking = 1;
  cfg->error_score = GS_SCORE_NAN;
  cfg->preprocessing = gs_transform_default(GS_TF_NONE);
  cfg->refit_scorer = -1;
  gs__cfg_ctx_t c = {&src, cfg, err, 0, {NULL, NULL}};
  if (opts) c.opts = *opts;
  if ((rc = parse_root(&c, src.root))) goto fail;
  gs__jsrc_free(&src);
  *out = cfg;
  return GS_OK;
fail:
  if (rc == GS_ENOMEM) gs_error_set(err, rc, file, 0, 0, "out of memory");
  gs__jsrc_free(&src);
  gs_config_free(cfg);
  return rc;
}

int gs_config_load(gs_config_t **out, const char *path, gs_error_t *err) {
  return gs_config_load_ex(out, path, NULL, err);
}

int gs_config_load_ex(gs_config_t **out, const char *path, const gs_config_opts_t *opts, gs_error_t *err) {
  struct stat st;
  FILE *f;
  *out = NULL;
  int orc = gs__infile_open(&f, &st, path, "config", err);
  if (orc) return orc;
  if (st.st_size > (off_t)GS_CONFIG_MAX_BYTES) {
    fclose(f);
    return gs_error_set(err, GS_EIO, path, 0, 0, "config is %lld bytes; the limit is %u", (long long)st.st_size, GS_CONFIG_MAX_BYTES);
  }
  char *buf = malloc((size_t)st.st_size + 1);
  if (!buf) { fclose(f); return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory"); }
  size_t len = fread(buf, 1, (size_t)st.st_size + 1, f);
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(buf); return gs_error_set(err, GS_EIO, path, 0, 0, "cannot read config: %s", strerror(errno)); }
  if (len > GS_CONFIG_MAX_BYTES) { free(buf); return gs_error_set(err, GS_EIO, path, 0, 0, "config is larger than %u bytes", GS_CONFIG_MAX_BYTES); }
  int rc = gs_config_parse_ex(out, path, buf, len, opts, err);
  free(buf);
  return rc;
}

int gs_config_check_out(const char *dir, const char *option, gs_error_t *err) {
  size_t len = strlen(dir);
  if (len > PATH_MAX - 64)
    return gs_error_set(err, GS_EUSAGE, NULL, 0, 0, "%s is %zu bytes long; a results folder may have at most %d (PATH_MAX less room "
                        "for the files inside)", option, len, PATH_MAX - 64);
  for (const char *p = dir; *p;) {
    size_t k = strcspn(p, "/");
    if (k > NAME_MAX)
      return gs_error_set(err, GS_EUSAGE, NULL, 0, 0, "%s: the component \"%.40s...\" is %zu bytes long; a file name may have "
                          "at most %d (NAME_MAX)", option, p, k, NAME_MAX);
    p += k;
    p += *p == '/';
  }
  return GS_OK;
}

void gs_config_where(const gs_config_t *cfg, const char *key, long *line, long *column) {
  *line = *column = 0;
  for (size_t i = 0; top_keys[i] && i < 24; i++)
    if (!strcmp(top_keys[i], key)) {
      *line = cfg->where[i][0];
      *column = cfg->where[i][1];
    }
}

void gs_config_free(gs_config_t *cfg) {
  if (!cfg) return;
  for (size_t i = 0; i < cfg->n_subgrids; i++)
    for (int k = 0; k < GS_P_COUNT; k++) {
      for (size_t j = 0; j < cfg->subgrids[i].n[k]; j++) free(cfg->subgrids[i].values[k][j].weights);
      free(cfg->subgrids[i].values[k]);
    }
  free(cfg->subgrids);
  free(cfg->file);
  free(cfg->name);
  free(cfg->data_path);
  free(cfg);
}

/* config.c: reads a search config: JSON (via jsonsrc) checked key by key into
 * gs_config_t. Every complaint carries file:line:column and the key path. */
#include "gridsearch/config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gridsearch/metrics.h"
#include "infile.h"
#include "jsonsrc.h"

/* the grid keys' names, from the parameter table (params.h), for check_keys */
#define GS__P_NAME(id, name, pname, type, def, kernel) name,
static const char *const param_names[GS_P_COUNT + 1] = {GS_PARAM_MAP(GS__P_NAME) NULL};
#undef GS__P_NAME
static const char *const top_keys[] = {"name", "dataset", "test_size", "random_state", "stratify", "cv",
                                       "scoring", "param_grid", "svm", "error_score", "memory_limit_mb",
                                       "return_train_score", "refit", "preprocessing", "search", "param_distributions", NULL};
static const char *const svm_keys[] = {"tol", "cache_size", "shrinking", NULL};
static const char *const cv_keys[] = {"n_splits", "shuffle", "random_state", NULL};
static const char *const dataset_keys[] = {"path", "format", NULL};
static const char *const search_keys[] = {"strategy", "n_iter", "random_state", "factor", "min_resources", "max_resources",
                                          "aggressive_elimination", "n_candidates", "resource", NULL};
static const char *const strategies[] = {"grid", "random", "halving", NULL};
static const char *const dist_names[] = {"loguniform", "uniform", "expon", "randint", NULL};

typedef struct {
  const gs__jsrc_t *src;
  gs_config_t *cfg;
  gs_error_t *err;
  int halving_min_given;  /* "search.min_resources" written (its default depends on the grid's kind) */
} ctx_t;

/* Whether the candidates are sampled (RandomizedSearchCV, HalvingRandomSearchCV):
 * values may then be distributions. */
static int samples(const gs_config_t *cfg) {
  return cfg->strategy == GS_STRATEGY_RANDOM || (cfg->strategy == GS_STRATEGY_HALVING && cfg->halving_random);
}

/* Reports an error at the key of node (its line:column) with the key path. */
static int fail_at_key(ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports an error at node (its line:column) with the key path. */
static int fail_at(ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#include <stdarg.h>
static int fail_at(ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...) {
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

static int fail_at_key(ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...) {
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

static const char *type_name(const cJSON *n) {
  if (cJSON_IsNumber(n)) return "a number";
  if (cJSON_IsString(n)) return "a string";
  if (cJSON_IsBool(n)) return "a boolean";
  if (cJSON_IsNull(n)) return "null";
  if (cJSON_IsArray(n)) return "a list";
  if (cJSON_IsObject(n)) return "an object";
  return "an invalid value";
}

static void join_options(const char *const *options, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = '\0';
  for (size_t i = 0; options[i] && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", options[i]);
}

/* Rejects keys of obj not in allowed, with a did-you-mean. */
static int check_keys(ctx_t *c, const cJSON *obj, const char *path, const char *const *allowed) {
  for (const cJSON *ch = obj->child; ch; ch = ch->next) {
    size_t i = 0;
    while (allowed[i] && strcmp(allowed[i], ch->string) != 0) i++;
    if (allowed[i]) continue;
    char p[256], opts[512];
    snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", ch->string);
    const char *hint = gs_suggest(ch->string, allowed);
    join_options(allowed, opts, sizeof opts);
    if (hint) return fail_at_key(c, ch, p, "unknown key \"%s\"; did you mean \"%s\"?", ch->string, hint);
    return fail_at_key(c, ch, p, "unknown key \"%s\" (known keys: %s)", ch->string, opts);
  }
  return GS_OK;
}

static int is_int_literal(ctx_t *c, const cJSON *n) {
  const gs__jloc_t *loc = gs__jsrc_find(c->src, n);
  return loc && loc->is_int;
}

static int get_bool(ctx_t *c, const cJSON *n, const char *path, int *out) {
  if (!cJSON_IsBool(n)) return fail_at(c, n, path, "expected true or false, got %s", type_name(n));
  *out = cJSON_IsTrue(n);
  return GS_OK;
}

static int get_positive(ctx_t *c, const cJSON *n, const char *path, double *out) {
  if (!cJSON_IsNumber(n)) return fail_at(c, n, path, "expected a positive number, got %s", type_name(n));
  if (!(n->valuedouble > 0.0) || !isfinite(n->valuedouble))
    return fail_at(c, n, path, "must be a positive finite number, got %g", n->valuedouble);
  *out = n->valuedouble;
  return GS_OK;
}

static int get_seed(ctx_t *c, const cJSON *n, const char *path, uint32_t *out) {
  if (!cJSON_IsNumber(n) || !is_int_literal(c, n))
    return fail_at(c, n, path, "expected an integer seed, got %s", cJSON_IsNumber(n) ? "a non-integer number" : type_name(n));
  if (n->valuedouble < 0 || n->valuedouble > 4294967295.0)
    return fail_at(c, n, path, "seed must be between 0 and 2**32 - 1, got %.0f", n->valuedouble);
  *out = (uint32_t)n->valuedouble;
  return GS_OK;
}

static int parse_dataset(ctx_t *c, const cJSON *n) {
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
      if (gs_dataset_digits_path(buf, sizeof buf, &e) != GS_OK) {
        fail_at(c, n, "dataset", "%s", e.message);
        c->err->code = GS_EIO;
        return GS_EIO;
      }
      cfg->data_is_digits = 1;
      cfg->data_format = GS_FORMAT_CSV;
      cfg->data_path = strdup(buf);
      return cfg->data_path ? GS_OK : GS_ENOMEM;
    }
    return fail_at(c, n, "dataset", "unknown built-in dataset \"%s\" (built-in: digits; for a file use {\"path\": ..., \"format\": \"csv\" | \"libsvm\"})", n->valuestring);
  }
  if (!cJSON_IsObject(n)) return fail_at(c, n, "dataset", "expected \"digits\" or an object {\"path\", \"format\"}, got %s", type_name(n));
  int rc = check_keys(c, n, "dataset", dataset_keys);
  if (rc) return rc;
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(n, "path");
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(n, "format");
  if (!p) return fail_at(c, n, "dataset", "missing \"path\"");
  if (!cJSON_IsString(p) || !p->valuestring[0]) return fail_at(c, p, "dataset.path", "expected a file path, got %s", cJSON_IsString(p) ? "an empty string" : type_name(p));
  rel = p->valuestring;
  cfg->data_format = GS_FORMAT_CSV;
  if (f) {
    if (!cJSON_IsString(f)) return fail_at(c, f, "dataset.format", "expected \"csv\" or \"libsvm\", got %s", type_name(f));
    if (strcmp(f->valuestring, "libsvm") == 0) cfg->data_format = GS_FORMAT_LIBSVM;
    else if (strcmp(f->valuestring, "csv") != 0) return fail_at(c, f, "dataset.format", "unknown format \"%s\" (expected \"csv\" or \"libsvm\")", f->valuestring);
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

static int parse_cv(ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsNumber(n)) {
    if (!is_int_literal(c, n)) return fail_at(c, n, "cv", "expected an integer number of folds, got %g", n->valuedouble);
    if (n->valuedouble < 2 || n->valuedouble > 1e6) return fail_at(c, n, "cv", "n_splits must be at least 2, got %.0f", n->valuedouble);
    cfg->n_splits = (int)n->valuedouble;
    return GS_OK;
  }
  if (!cJSON_IsObject(n)) return fail_at(c, n, "cv", "expected an integer or {\"n_splits\", \"shuffle\", \"random_state\"}, got %s", type_name(n));
  int rc = check_keys(c, n, "cv", cv_keys);
  if (rc) return rc;
  const cJSON *ns = cJSON_GetObjectItemCaseSensitive(n, "n_splits");
  const cJSON *sh = cJSON_GetObjectItemCaseSensitive(n, "shuffle");
  const cJSON *rs = cJSON_GetObjectItemCaseSensitive(n, "random_state");
  if (ns) {
    if (!cJSON_IsNumber(ns) || !is_int_literal(c, ns)) return fail_at(c, ns, "cv.n_splits", "expected an integer, got %s", cJSON_IsNumber(ns) ? "a non-integer number" : type_name(ns));
    if (ns->valuedouble < 2 || ns->valuedouble > 1e6) return fail_at(c, ns, "cv.n_splits", "n_splits must be at least 2, got %.0f", ns->valuedouble);
    cfg->n_splits = (int)ns->valuedouble;
  }
  if (sh && (rc = get_bool(c, sh, "cv.shuffle", &cfg->cv_shuffle))) return rc;
  if (rs && !cJSON_IsNull(rs)) {
    if (!cfg->cv_shuffle)
      return fail_at(c, rs, "cv.random_state", "random_state has no effect since shuffle is false; set \"shuffle\": true or remove it");
    if ((rc = get_seed(c, rs, "cv.random_state", &cfg->cv_random_state))) return rc;
  }
  return GS_OK;
}

/* "refit": true (one refit per scorer, the seed program's reports) or the
 * name of one of the scorers (GridSearchCV(refit="<scorer>")). */
static int parse_refit(ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsTrue(n)) return GS_OK;
  if (cJSON_IsFalse(n))
    return fail_at(c, n, "refit", "false (no refit) is not supported: the refit gives the reports and the model files; use true or a scorer's name");
  if (!cJSON_IsString(n)) return fail_at(c, n, "refit", "expected true or the name of one of the scorers, got %s", type_name(n));
  for (size_t i = 0; i < cfg->n_scorers; i++)
    if (!strcmp(gs_scorer_name(cfg->scorers[i]), n->valuestring)) {
      cfg->refit_scorer = (int)i;
      return GS_OK;
    }
  return fail_at(c, n, "refit", "\"%s\" is not one of the scorers in \"scoring\"", n->valuestring);
}

static int parse_scoring(ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  const char *names[GS_SCORER_COUNT + 1];
  for (int i = 0; i < GS_SCORER_COUNT; i++) names[i] = gs_scorer_name(i);
  names[GS_SCORER_COUNT] = NULL;
  const cJSON *one = cJSON_IsString(n) ? n : NULL;
  if (!one && !cJSON_IsArray(n)) return fail_at(c, n, "scoring", "expected a scorer name or a list of them, got %s", type_name(n));
  if (!one && cJSON_GetArraySize(n) == 0) return fail_at(c, n, "scoring", "the list of scorers is empty");
  size_t i = 0;
  for (const cJSON *s = one ? one : n->child; s; s = one ? NULL : s->next, i++) {
    char path[64];
    snprintf(path, sizeof path, one ? "scoring" : "scoring[%zu]", i);
    if (!cJSON_IsString(s)) return fail_at(c, s, path, "expected a scorer name, got %s", type_name(s));
    int sc = gs_scorer_find(s->valuestring);
    if (sc < 0 && !strncmp(s->valuestring, "roc_auc_ov", 10))
      return fail_at(c, s, path, "scorer \"%s\" needs predict_proba (SVC(probability=True), Platt scaling with its own internal cross-validation), which gridsearch does not do; use \"roc_auc\" (binary) or another scorer", s->valuestring);
    if (sc < 0) {
      const char *hint = gs_suggest(s->valuestring, names);
      char opts[1024];
      join_options(names, opts, sizeof opts);
      if (hint) return fail_at(c, s, path, "unknown scorer \"%s\"; did you mean \"%s\"?", s->valuestring, hint);
      return fail_at(c, s, path, "unknown scorer \"%s\" (known: %s)", s->valuestring, opts);
    }
    for (size_t j = 0; j < cfg->n_scorers; j++)
      if (cfg->scorers[j] == sc) return fail_at(c, s, path, "scorer \"%s\" is listed twice", s->valuestring);
    if (cfg->n_scorers == GS_MAX_SCORERS) return fail_at(c, s, path, "at most %d scorers", GS_MAX_SCORERS);
    cfg->scorers[cfg->n_scorers++] = sc;
  }
  return GS_OK;
}

/* A preprocessing step: null (none), a name ("standard") or {name:
 * {settings}} ({"minmax": {"feature_range": [-1, 1]}}), into *t. */
static int parse_step(ctx_t *c, const cJSON *n, const char *path, gs_transform_spec_t *t) {
  static const char *const standard_keys[] = {"with_mean", "with_std", NULL};
  static const char *const minmax_keys[] = {"feature_range", NULL};
  static const char *const no_keys[] = {NULL};
  const char *const *names = gs_transform_names();
  char opts[256], sp[300], kp[340];
  join_options(names, opts, sizeof opts);
  *t = gs_transform_default(GS_TF_NONE);
  if (cJSON_IsNull(n)) return GS_OK;
  const cJSON *name = n, *set = NULL;
  if (cJSON_IsObject(n)) {
    if (cJSON_GetArraySize(n) != 1)
      return fail_at(c, n, path, "a preprocessing step is one name or {\"<name>\": {settings}}, got an object of %d keys", cJSON_GetArraySize(n));
    name = set = n->child;
  }
  if (!set && !cJSON_IsString(n))
    return fail_at(c, n, path, "expected null, a preprocessing step (%s) or {\"<step>\": {settings}}, got %s", opts, type_name(n));
  const char *s = set ? set->string : name->valuestring;
  int kind = gs_transform_find(s);
  if (kind < 0 || (kind == GS_TF_NONE && set)) {
    const char *hint = gs_suggest(s, names);
    if (set) return hint ? fail_at_key(c, set, path, "unknown preprocessing step \"%s\"; did you mean \"%s\"?", s, hint)
                         : fail_at_key(c, set, path, "unknown preprocessing step \"%s\" (known: %s)", s, opts);
    if (hint) return fail_at(c, n, path, "unknown preprocessing step \"%s\"; did you mean \"%s\"?", s, hint);
    return fail_at(c, n, path, "unknown preprocessing step \"%s\" (known: %s, or null for none)", s, opts);
  }
  *t = gs_transform_default(kind);
  if (!set) return GS_OK;
  snprintf(sp, sizeof sp, "%.200s.%s", path, s);
  if (!cJSON_IsObject(set)) return fail_at(c, set, sp, "expected an object of settings, got %s", type_name(set));
  const char *const *keys = kind == GS_TF_STANDARD ? standard_keys : kind == GS_TF_MINMAX ? minmax_keys : no_keys;
  if (!keys[0] && set->child) {
    snprintf(kp, sizeof kp, "%s.%s", sp, set->child->string);
    return fail_at_key(c, set->child, kp, "\"%s\" takes no settings, got \"%s\"", s, set->child->string);
  }
  int rc = check_keys(c, set, sp, keys);
  if (rc) return rc;
  const cJSON *v;
  if (kind == GS_TF_STANDARD) {
    snprintf(kp, sizeof kp, "%s.with_mean", sp);
    if ((v = cJSON_GetObjectItemCaseSensitive(set, "with_mean")) && (rc = get_bool(c, v, kp, &t->with_mean))) return rc;
    snprintf(kp, sizeof kp, "%s.with_std", sp);
    if ((v = cJSON_GetObjectItemCaseSensitive(set, "with_std")) && (rc = get_bool(c, v, kp, &t->with_std))) return rc;
  }
  if (kind == GS_TF_MINMAX && (v = cJSON_GetObjectItemCaseSensitive(set, "feature_range"))) {
    snprintf(kp, sizeof kp, "%s.feature_range", sp);
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !cJSON_IsNumber(v->child) || !cJSON_IsNumber(v->child->next) ||
        !isfinite(v->child->valuedouble) || !isfinite(v->child->next->valuedouble))
      return fail_at(c, v, kp, "feature_range must be a list of two finite numbers [min, max], got %s", type_name(v));
    for (int i = 0; i < 2; i++) {
      const cJSON *e = i ? v->child->next : v->child;
      t->range[i] = e->valuedouble;
      t->range_int[i] = is_int_literal(c, e);
    }
    if (!(t->range[0] < t->range[1]))
      return fail_at(c, v, kp, "the minimum of feature_range must be smaller than its maximum, got [%g, %g]", t->range[0], t->range[1]);
  }
  return GS_OK;
}

/* One value of grid key k at path into *v. */
static int parse_value(ctx_t *c, int k, const cJSON *n, const char *path, gs_value_t *v) {
  memset(v, 0, sizeof *v);
  switch (k) {
  case GS_P_SCALER: {
    int rc = parse_step(c, n, path, &v->tf);
    if (rc) return rc;
    v->type = v->tf.kind == GS_TF_NONE ? GS_VAL_NONE : GS_VAL_TRANSFORM;
    return GS_OK;
  }
  case GS_P_KERNEL: {
    static const char *const kernels[] = {"linear", "poly", "rbf", "sigmoid", NULL};
    if (!cJSON_IsString(n)) return fail_at(c, n, path, "expected a kernel name, got %s", type_name(n));
    for (int i = 0; kernels[i]; i++)
      if (strcmp(kernels[i], n->valuestring) == 0) {
        v->type = GS_VAL_STR;
        snprintf(v->str, sizeof v->str, "%s", kernels[i]);
        return GS_OK;
      }
    const char *hint = gs_suggest(n->valuestring, kernels);
    if (hint) return fail_at(c, n, path, "unknown kernel \"%s\"; did you mean \"%s\"?", n->valuestring, hint);
    return fail_at(c, n, path, "unknown kernel \"%s\" (expected linear, poly, rbf or sigmoid)", n->valuestring);
  }
  case GS_P_GAMMA:
    if (cJSON_IsString(n)) {
      if (strcmp(n->valuestring, "scale") && strcmp(n->valuestring, "auto"))
        return fail_at(c, n, path, "gamma must be a positive number, \"scale\" or \"auto\", got \"%s\"", n->valuestring);
      v->type = GS_VAL_STR;
      snprintf(v->str, sizeof v->str, "%s", n->valuestring);
      return GS_OK;
    }
    /* fall through */
  case GS_P_C:
    if (!cJSON_IsNumber(n)) return fail_at(c, n, path, "\"%s\" must be a positive number, got %s", param_names[k], type_name(n));
    if (!(n->valuedouble > 0) || !isfinite(n->valuedouble))
      return fail_at(c, n, path, "\"%s\" must be a positive finite number, got %g", param_names[k], n->valuedouble);
    break;
  case GS_P_COEF0:
    if (!cJSON_IsNumber(n)) return fail_at(c, n, path, "\"coef0\" must be a number, got %s", type_name(n));
    if (!isfinite(n->valuedouble)) return fail_at(c, n, path, "\"coef0\" must be finite");
    break;
  case GS_P_DEGREE:
    if (!cJSON_IsNumber(n) || !is_int_literal(c, n))
      return fail_at(c, n, path, "\"degree\" must be a non-negative integer, got %s", cJSON_IsNumber(n) ? "a non-integer number" : type_name(n));
    if (n->valuedouble < 0 || n->valuedouble > 1000) return fail_at(c, n, path, "\"degree\" must be between 0 and 1000, got %.0f", n->valuedouble);
    break;
  case GS_P_CLASS_WEIGHT:
    if (cJSON_IsNull(n)) { v->type = GS_VAL_NONE; return GS_OK; }
    if (cJSON_IsString(n)) {
      if (strcmp(n->valuestring, "balanced")) return fail_at(c, n, path, "class_weight must be null, \"balanced\" or {\"<label>\": weight}, got \"%s\"", n->valuestring);
      v->type = GS_VAL_STR;
      snprintf(v->str, sizeof v->str, "balanced");
      return GS_OK;
    }
    if (!cJSON_IsObject(n)) return fail_at(c, n, path, "class_weight must be null, \"balanced\" or {\"<label>\": weight}, got %s", type_name(n));
    {
      size_t m = (size_t)cJSON_GetArraySize(n);
      if (m > 64) return fail_at(c, n, path, "class_weight names %zu labels; at most 64 are supported", m);
      v->type = GS_VAL_WEIGHTS;
      v->weights = calloc(m ? m : 1, sizeof *v->weights);
      if (!v->weights) return GS_ENOMEM;
      for (const cJSON *w = n->child; w; w = w->next) {
        char p[300];
        snprintf(p, sizeof p, "%.150s.%.140s", path, w->string);
        long lab;
        int lrc = gs_dataset_parse_label(w->string, strlen(w->string), &lab);
        if (lrc == GS_ENOMEM) return lrc;
        if (lrc)
          return fail_at_key(c, w, p, "class_weight keys must be integer labels (decimal, as in the data set), got \"%s\"", w->string);
        for (size_t i = 0; i < v->n_weights; i++)
          if (v->weights[i].label == lab) {
            const cJSON *first = n->child;
            for (size_t j = 0; j < i; j++) first = first->next;
            const gs__jloc_t *fl = gs__jsrc_find(c->src, first);
            return fail_at_key(c, w, p, "class_weight key \"%s\" names label %ld again (first as \"%s\" at line %ld)", w->string,
                               lab, first->string, fl ? fl->key_line : 0L);
          }
        if (!cJSON_IsNumber(w) || !isfinite(w->valuedouble) || w->valuedouble < 0)
          return fail_at(c, w, p, "class weight must be a non-negative number, got %s", cJSON_IsNumber(w) ? "a negative or non-finite number" : type_name(w));
        v->weights[v->n_weights++] = (gs_weight_t){lab, w->valuedouble, is_int_literal(c, w)};
      }
    }
    return GS_OK;
  }
  v->type = is_int_literal(c, n) ? GS_VAL_INT : GS_VAL_FLOAT;
  v->num = n->valuedouble;
  return GS_OK;
}

/* The arguments of distribution d at path: want numbers, all finite. */
static int dist_args(ctx_t *c, const cJSON *d, const char *path, int want, const char *spelling, double *out) {
  if (!cJSON_IsArray(d) || cJSON_GetArraySize(d) != want)
    return fail_at(c, d, path, "expected %s, got %s", spelling, cJSON_IsArray(d) ? "a list of another length" : type_name(d));
  int i = 0;
  for (const cJSON *a = d->child; a; a = a->next, i++) {
    if (!cJSON_IsNumber(a) || !isfinite(a->valuedouble)) return fail_at(c, a, path, "expected %s, got %s", spelling, cJSON_IsNumber(a) ? "a non-finite number" : type_name(a));
    out[i] = a->valuedouble;
  }
  return GS_OK;
}

/* A distribution {"loguniform": [a, b]} etc. for grid key k at path. */
static int parse_dist(ctx_t *c, int k, const cJSON *n, const char *path, gs_dist_t *d) {
  if (!samples(c->cfg))
    return fail_at(c, n, path, "a distribution needs a randomized search (\"search\": \"random\", or \"halving\" over \"param_distributions\"); a grid takes a list of values");
  if (k == GS_P_KERNEL || k == GS_P_CLASS_WEIGHT || k == GS_P_SCALER)
    return fail_at(c, n, path, "\"%s\" takes a list of values; distributions are for C, gamma, coef0 and degree", param_names[k]);
  const cJSON *a = n->child;
  int kind = 0;
  if (a) while (dist_names[kind] && strcmp(dist_names[kind], a->string)) kind++;
  if (!a || a->next || !dist_names[kind]) {
    const char *hint = a && !a->next ? gs_suggest(a->string, dist_names) : NULL;
    if (hint) return fail_at_key(c, a, path, "unknown distribution \"%s\"; did you mean \"%s\"?", a->string, hint);
    return fail_at(c, n, path, "expected a list of values or one distribution: {\"loguniform\": [a, b]}, {\"uniform\": [loc, scale]}, {\"expon\": [scale]} or {\"randint\": [low, high]}");
  }
  double v[2] = {0, 0};
  int rc;
  char p[300];
  snprintf(p, sizeof p, "%.200s.%s", path, a->string);
  int positive = k == GS_P_C || k == GS_P_GAMMA;
  if (k == GS_P_DEGREE && kind != 3) return fail_at_key(c, a, p, "\"degree\" is an integer: use {\"randint\": [low, high]} or a list");
  switch (kind) {
  case 0:
    if ((rc = dist_args(c, a, p, 2, "[a, b] with 0 < a < b", v))) return rc;
    if (!(v[0] > 0 && v[1] > v[0])) return fail_at(c, a, p, "loguniform needs 0 < a < b, got [%g, %g]", v[0], v[1]);
    d->kind = GS_DIST_LOGUNIFORM;
    break;
  case 1:
    if ((rc = dist_args(c, a, p, 2, "[loc, scale] with scale > 0", v))) return rc;
    if (!(v[1] > 0)) return fail_at(c, a, p, "uniform needs scale > 0, got %g", v[1]);
    if (positive && v[0] < 0) return fail_at(c, a, p, "\"%s\" must be positive: uniform needs loc >= 0, got %g", param_names[k], v[0]);
    d->kind = GS_DIST_UNIFORM;
    break;
  case 2:
    if ((rc = dist_args(c, a, p, 1, "[scale] with scale > 0", v + 1))) return rc;
    if (!(v[1] > 0)) return fail_at(c, a, p, "expon needs scale > 0, got %g", v[1]);
    d->kind = GS_DIST_EXPON;
    break;
  default:
    if ((rc = dist_args(c, a, p, 2, "[low, high] integers with low < high", v))) return rc;
    for (const cJSON *x = a->child; x; x = x->next)
      if (!is_int_literal(c, x) || fabs(x->valuedouble) > 9007199254740992.0) return fail_at(c, x, p, "randint bounds must be integers, got %g", x->valuedouble);
    if (!(v[0] < v[1])) return fail_at(c, a, p, "randint needs low < high, got [%.0f, %.0f]", v[0], v[1]);
    if (positive && v[0] < 1) return fail_at(c, a, p, "\"%s\" must be positive: randint needs low >= 1, got %.0f", param_names[k], v[0]);
    if (k == GS_P_DEGREE && (v[0] < 0 || v[1] > 1001)) return fail_at(c, a, p, "\"degree\" must be between 0 and 1000: randint needs 0 <= low and high <= 1001");
    d->kind = GS_DIST_RANDINT;
  }
  d->a = v[0];
  d->b = v[1];
  return GS_OK;
}

static int parse_subgrid(ctx_t *c, const cJSON *n, const char *path, gs_subgrid_t *g) {
  if (!cJSON_IsObject(n)) return fail_at(c, n, path, "expected an object of parameter lists, got %s", type_name(n));
  if (!n->child) return fail_at(c, n, path, "empty grid: give at least one parameter, e.g. {\"C\": [1, 10]}");
  int rc = check_keys(c, n, path, param_names);
  if (rc) return rc;
  for (const cJSON *ch = n->child; ch; ch = ch->next) {
    int k = 0;
    while (strcmp(param_names[k], ch->string)) k++;
    char kp[256];
    snprintf(kp, sizeof kp, "%s.%s", path, ch->string);
    if (cJSON_IsObject(ch) && k != GS_P_CLASS_WEIGHT) {
      if ((rc = parse_dist(c, k, ch, kp, &g->dist[k]))) return rc;
      continue;
    }
    if (!cJSON_IsArray(ch)) return fail_at(c, ch, kp, samples(c->cfg) ? "expected a list of values or a distribution, got %s" : "expected a list of values, got %s", type_name(ch));
    size_t m = (size_t)cJSON_GetArraySize(ch);
    if (m == 0) return fail_at(c, ch, kp, "empty list of values");
    g->values[k] = calloc(m, sizeof *g->values[k]);
    if (!g->values[k]) return GS_ENOMEM;
    for (const cJSON *v = ch->child; v; v = v->next) {
      char vp[300];
      snprintf(vp, sizeof vp, "%s[%zu]", kp, g->n[k]);
      g->n[k]++;
      if ((rc = parse_value(c, k, v, vp, &g->values[k][g->n[k] - 1]))) return rc;
    }
  }
  return GS_OK;
}

static int parse_grid(ctx_t *c, const cJSON *n, const char *name) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsObject(n)) {
    cfg->subgrids = calloc(1, sizeof *cfg->subgrids);
    if (!cfg->subgrids) return GS_ENOMEM;
    cfg->n_subgrids = 1;
    return parse_subgrid(c, n, name, cfg->subgrids);
  }
  if (!cJSON_IsArray(n)) return fail_at(c, n, name, "expected an object or a list of objects, got %s", type_name(n));
  size_t m = (size_t)cJSON_GetArraySize(n);
  if (m == 0) return fail_at(c, n, name, "empty grid: the list has no parameter sets");
  cfg->subgrids = calloc(m, sizeof *cfg->subgrids);
  if (!cfg->subgrids) return GS_ENOMEM;
  size_t i = 0;
  for (const cJSON *ch = n->child; ch; ch = ch->next, i++) {
    char p[64];
    snprintf(p, sizeof p, "%s[%zu]", name, i);
    cfg->n_subgrids = i + 1;
    int rc = parse_subgrid(c, ch, p, &cfg->subgrids[i]);
    if (rc) return rc;
  }
  return GS_OK;
}

/* "min_resources" / "max_resources" / "n_candidates": one of the words
 * (index into words, from 1) or a positive integer literal (index 0, *count). */
static int word_or_count(ctx_t *c, const cJSON *n, const char *path, const char *const *words, const char *spelling,
                         int *which, size_t *count) {
  if (cJSON_IsString(n)) {
    for (int i = 0; words[i]; i++)
      if (!strcmp(words[i], n->valuestring)) {
        *which = i + 1;
        return GS_OK;
      }
    return fail_at(c, n, path, "expected %s, got \"%s\"", spelling, n->valuestring);
  }
  if (!cJSON_IsNumber(n) || !is_int_literal(c, n) || n->valuedouble < 1 || n->valuedouble > 1e15)
    return fail_at(c, n, path, "expected %s, got %s", spelling,
                   !cJSON_IsNumber(n) ? type_name(n) : !is_int_literal(c, n) ? "a non-integer number" : "a number below 1");
  *which = 0;
  *count = (size_t)n->valuedouble;
  return GS_OK;
}

/* The halving keys of the "search" object (HalvingGridSearchCV's and
 * HalvingRandomSearchCV's arguments; resource = n_samples only). */
static int parse_halving(ctx_t *c, const cJSON *n) {
  gs_halving_spec_t *h = &c->cfg->halving;
  const cJSON *k;
  int rc;
  if (!cJSON_IsObject(n)) return GS_OK;
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "resource")) && (!cJSON_IsString(k) || strcmp(k->valuestring, "n_samples")))
    return fail_at(c, k, "search.resource", "gridsearch halves on \"n_samples\" only (an SVC has no other budget parameter), got %s%s%s",
                   cJSON_IsString(k) ? "\"" : "", cJSON_IsString(k) ? k->valuestring : type_name(k), cJSON_IsString(k) ? "\"" : "");
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "factor"))) {
    if (!cJSON_IsNumber(k) || !is_int_literal(c, k) || k->valuedouble < 2 || k->valuedouble > 1e6)
      return fail_at(c, k, "search.factor", "factor must be an integer from 2 to 1000000, got %s",
                     !cJSON_IsNumber(k) ? type_name(k) : !is_int_literal(c, k) ? "a non-integer number" : "a number out of range");
    h->factor = (long)k->valuedouble;
  }
  static const char *const min_words[] = {"exhaust", "smallest", NULL}, *const max_words[] = {"auto", NULL},
                           *const cand_words[] = {"exhaust", NULL};
  int which = 0;
  const cJSON *mn = cJSON_GetObjectItemCaseSensitive(n, "min_resources");
  if (mn) {
    if ((rc = word_or_count(c, mn, "search.min_resources", min_words, "\"smallest\", \"exhaust\" or a positive integer", &which, &h->min_count)))
      return rc;
    h->min_kind = which == 1 ? GS_HALVING_MIN_EXHAUST : which == 2 ? GS_HALVING_MIN_SMALLEST : GS_HALVING_MIN_COUNT;
  }
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "max_resources"))) {
    if ((rc = word_or_count(c, k, "search.max_resources", max_words, "\"auto\" or a positive integer", &which, &h->max_count))) return rc;
    if (which) h->max_count = 0;
    else if (mn && h->min_kind == GS_HALVING_MIN_COUNT && h->min_count > h->max_count)
      return fail_at(c, mn, "search.min_resources", "min_resources=%zu is greater than max_resources=%zu", h->min_count, h->max_count);
  }
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "aggressive_elimination")) &&
      (rc = get_bool(c, k, "search.aggressive_elimination", &h->aggressive)))
    return rc;
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "n_candidates"))) {
    if ((rc = word_or_count(c, k, "search.n_candidates", cand_words, "\"exhaust\" or a positive integer", &which, &h->n_candidates))) return rc;
    if (h->n_candidates > 1000000) return fail_at(c, k, "search.n_candidates", "n_candidates must be at most 1000000, got %zu", h->n_candidates);
    if (which) h->n_candidates = 0;
  }
  /* HalvingGridSearchCV starts from 'exhaust', HalvingRandomSearchCV from 'smallest' */
  c->halving_min_given = mn != NULL;
  return GS_OK;
}

/* "search": "grid" | "random" | "halving" | {"strategy", ...}. */
static int parse_search(ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  const cJSON *st = n, *ni = NULL, *rs = NULL;
  if (cJSON_IsObject(n)) {
    int rc = check_keys(c, n, "search", search_keys);
    if (rc) return rc;
    st = cJSON_GetObjectItemCaseSensitive(n, "strategy");
    ni = cJSON_GetObjectItemCaseSensitive(n, "n_iter");
    rs = cJSON_GetObjectItemCaseSensitive(n, "random_state");
    if (!st) return fail_at(c, n, "search", "missing \"strategy\" (\"grid\", \"random\" or \"halving\")");
  } else if (!cJSON_IsString(n)) {
    return fail_at(c, n, "search", "expected \"grid\", \"random\", \"halving\" or {\"strategy\", ...}, got %s", type_name(n));
  }
  const char *sp = st == n ? "search" : "search.strategy";
  if (!cJSON_IsString(st)) return fail_at(c, st, sp, "expected \"grid\", \"random\" or \"halving\", got %s", type_name(st));
  int k = 0;
  while (strategies[k] && strcmp(strategies[k], st->valuestring)) k++;
  if (!strategies[k]) {
    const char *hint = gs_suggest(st->valuestring, strategies);
    if (hint) return fail_at(c, st, sp, "unknown strategy \"%s\"; did you mean \"%s\"?", st->valuestring, hint);
    return fail_at(c, st, sp, "unknown strategy \"%s\" (expected \"grid\", \"random\" or \"halving\")", st->valuestring);
  }
  cfg->strategy = k == 2 ? GS_STRATEGY_HALVING : k == 1 ? GS_STRATEGY_RANDOM : GS_STRATEGY_GRID;
  if (cfg->strategy != GS_STRATEGY_HALVING && cJSON_IsObject(n))
    for (int i = 3; search_keys[i]; i++) {
      const cJSON *h = cJSON_GetObjectItemCaseSensitive(n, search_keys[i]);
      char path[64];
      snprintf(path, sizeof path, "search.%s", search_keys[i]);
      if (h) return fail_at_key(c, h, path, "only successive halving (\"strategy\": \"halving\") takes \"%s\"", search_keys[i]);
    }
  if (cfg->strategy == GS_STRATEGY_HALVING && ni)
    return fail_at_key(c, ni, "search.n_iter", "successive halving takes \"n_candidates\" (HalvingRandomSearchCV's name), not \"n_iter\"");
  if (rs && cfg->strategy == GS_STRATEGY_HALVING && cJSON_IsNull(rs))
    return fail_at(c, rs, "search.random_state",
                   "random_state must be an integer: scikit-learn's None draws fresh subsamples each run, and a search that resumes must draw the same ones");
  if ((ni || rs) && cfg->strategy == GS_STRATEGY_GRID)
    return fail_at_key(c, ni ? ni : rs, ni ? "search.n_iter" : "search.random_state", "only a randomized search (\"strategy\": \"random\") or successive halving samples");
  if (ni) {
    if (!cJSON_IsNumber(ni) || !is_int_literal(c, ni))
      return fail_at(c, ni, "search.n_iter", "expected an integer number of candidates, got %s", cJSON_IsNumber(ni) ? "a non-integer number" : type_name(ni));
    if (ni->valuedouble < 1 || ni->valuedouble > 1e6) return fail_at(c, ni, "search.n_iter", "n_iter must be between 1 and 1000000, got %.0f", ni->valuedouble);
    cfg->n_iter = (size_t)ni->valuedouble;
  }
  if (rs) {
    int rc = get_seed(c, rs, "search.random_state", &cfg->search_random_state);
    if (rc) return rc;
  }
  return cfg->strategy == GS_STRATEGY_HALVING ? parse_halving(c, n) : GS_OK;
}

/* The halving checks that need the rest of the config: one scorer (as
 * scikit-learn refuses multimetric halving), n_candidates only over
 * param_distributions, not both 'exhaust'. */
static int check_halving(ctx_t *c, const cJSON *root) {
  gs_config_t *cfg = c->cfg;
  gs_halving_spec_t *h = &cfg->halving;
  const cJSON *search = cJSON_GetObjectItemCaseSensitive(root, "search");
  const cJSON *nc = cJSON_IsObject(search) ? cJSON_GetObjectItemCaseSensitive(search, "n_candidates") : NULL;
  const cJSON *mn = cJSON_IsObject(search) ? cJSON_GetObjectItemCaseSensitive(search, "min_resources") : NULL;
  if (cfg->n_scorers > 1)
    return fail_at(c, cJSON_GetObjectItemCaseSensitive(root, "scoring"), "scoring",
                   "successive halving ranks by one scorer (scikit-learn's halving searches refuse multimetric scoring), got %zu", cfg->n_scorers);
  if (nc && !cfg->halving_random)
    return fail_at_key(c, nc, "search.n_candidates", "\"n_candidates\" is for halving over \"param_distributions\" (HalvingRandomSearchCV); a grid's candidates are all of it");
  if (cfg->halving_random && !c->halving_min_given) h->min_kind = GS_HALVING_MIN_SMALLEST;
  if (cfg->halving_random && h->n_candidates == 0 && h->min_kind == GS_HALVING_MIN_EXHAUST)
    return fail_at(c, mn, "search.min_resources", "n_candidates and min_resources cannot both be \"exhaust\" (n_candidates defaults to \"exhaust\")");
  return GS_OK;
}

/* The search's name names its results folder: the "name" key's value (at
 * node n), or without one (n NULL) the config's file name less its extension,
 * under the same rules. */
static int check_name(ctx_t *c, const cJSON *n, const char *v) {
  size_t len = strlen(v);
  const char *from = n ? "" : " (from the config's file name; set \"name\" to choose another)";
  if (!gs_text_printable(v, len))
    return fail_at(c, n, "name", "name \"%s\"%s must be valid UTF-8 without control characters (C0, DEL or C1): it names a folder",
                   v, from);
  for (const char *p = v; *p; p++)
    if (*p == '/' || *p == '\\')
      return fail_at(c, n, "name", "name \"%s\"%s must not contain '/', '\\' or control characters (it names a folder)", v, from);
  if (len > NAME_MAX)
    return fail_at(c, n, "name", "name%s is %zu bytes long; a folder name may have at most %d (NAME_MAX)", from, len, NAME_MAX);
  if (!strcmp(v, ".") || !strcmp(v, "..")) return fail_at(c, n, "name", "name%s must not be \".\" or \"..\"", from);
  return GS_OK;
}

static int parse_root(ctx_t *c, const cJSON *root) {
  gs_config_t *cfg = c->cfg;
  int rc;
  if (!cJSON_IsObject(root)) return fail_at(c, root, "", "the config must be a JSON object, got %s", type_name(root));
  if ((rc = check_keys(c, root, "", top_keys))) return rc;
  const cJSON *n;
  for (size_t i = 0; top_keys[i] && i < 24; i++) {
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, top_keys[i]);
    const gs__jloc_t *loc = k ? gs__jsrc_find(c->src, k) : NULL;
    if (loc) { cfg->where[i][0] = loc->line; cfg->where[i][1] = loc->column; }
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "name"))) {
    if (!cJSON_IsString(n) || !n->valuestring[0]) return fail_at(c, n, "name", "expected a non-empty string, got %s", type_name(n));
    if ((rc = check_name(c, n, n->valuestring))) return rc;
    free(cfg->name);
    if (!(cfg->name = strdup(n->valuestring))) return GS_ENOMEM;
  } else if ((rc = check_name(c, NULL, cfg->name))) {
    return rc;
  }
  if (!(n = cJSON_GetObjectItemCaseSensitive(root, "dataset"))) return fail_at(c, root, "dataset", "missing \"dataset\" (\"digits\" or {\"path\": ..., \"format\": ...})");
  if ((rc = parse_dataset(c, n))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "test_size"))) {
    if (!cJSON_IsNumber(n)) return fail_at(c, n, "test_size", "expected a fraction in (0, 1) or a row count, got %s", type_name(n));
    if (is_int_literal(c, n)) {
      if (n->valuedouble < 1 || n->valuedouble > 1e15) return fail_at(c, n, "test_size", "a row count must be at least 1, got %.0f", n->valuedouble);
      cfg->test_is_count = 1;
      cfg->test_count = (long)n->valuedouble;
    } else {
      if (!(n->valuedouble > 0 && n->valuedouble < 1)) return fail_at(c, n, "test_size", "a fraction must be in (0, 1), got %g", n->valuedouble);
      cfg->test_fraction = n->valuedouble;
    }
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "random_state")) && (rc = get_seed(c, n, "random_state", &cfg->random_state))) return rc;
  cfg->cv_random_state = cfg->random_state;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "stratify")) && (rc = get_bool(c, n, "stratify", &cfg->stratify))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "cv")) && (rc = parse_cv(c, n))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "scoring")) && (rc = parse_scoring(c, n))) return rc;
  if (cfg->n_scorers == 0) cfg->scorers[cfg->n_scorers++] = GS_SCORER_ACCURACY;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "search")) && (rc = parse_search(c, n))) return rc;
  {
    const cJSON *pg = cJSON_GetObjectItemCaseSensitive(root, "param_grid");
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(root, "param_distributions");
    if (pg && pd) return fail_at_key(c, pd, "param_distributions", "give either \"param_grid\" or \"param_distributions\", not both");
    if (pd && cfg->strategy == GS_STRATEGY_GRID)
      return fail_at_key(c, pd, "param_distributions", "\"param_distributions\" is for a randomized search (\"search\": \"random\" or \"halving\"); a grid search takes \"param_grid\"");
    if (!pg && !pd) return fail_at(c, root, "param_grid", cfg->strategy == GS_STRATEGY_RANDOM ? "missing \"param_distributions\"" : "missing \"param_grid\"");
    cfg->halving_random = cfg->strategy == GS_STRATEGY_HALVING && pd;
    if ((rc = parse_grid(c, pd ? pd : pg, pd ? "param_distributions" : "param_grid"))) return rc;
    if (cfg->strategy == GS_STRATEGY_HALVING && (rc = check_halving(c, root))) return rc;
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "svm"))) {
    if (!cJSON_IsObject(n)) return fail_at(c, n, "svm", "expected an object {\"tol\", \"cache_size\", \"shrinking\"}, got %s", type_name(n));
    if ((rc = check_keys(c, n, "svm", svm_keys))) return rc;
    const cJSON *s;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "tol")) && (rc = get_positive(c, s, "svm.tol", &cfg->tol))) return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "cache_size")) && (rc = get_positive(c, s, "svm.cache_size", &cfg->cache_size))) return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(n, "shrinking")) && (rc = get_bool(c, s, "svm.shrinking", &cfg->shrinking))) return rc;
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "error_score"))) {
    if (cJSON_IsString(n) && !strcmp(n->valuestring, "raise")) cfg->error_score = GS_SCORE_RAISE;
    else if (cJSON_IsString(n) && !strcmp(n->valuestring, "nan")) cfg->error_score = GS_SCORE_NAN;
    else if (cJSON_IsNumber(n) && isfinite(n->valuedouble)) { cfg->error_score = GS_SCORE_VALUE; cfg->error_score_value = n->valuedouble; }
    else return fail_at(c, n, "error_score", "expected \"raise\", \"nan\" or a number, got %s", type_name(n));
  }
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "memory_limit_mb")) && (rc = get_positive(c, n, "memory_limit_mb", &cfg->memory_limit_mb))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "preprocessing")) && (rc = parse_step(c, n, "preprocessing", &cfg->preprocessing))) return rc;
  if ((n = cJSON_GetObjectItemCaseSensitive(root, "return_train_score")) && (rc = get_bool(c, n, "return_train_score", &cfg->return_train_score))) return rc;
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
  ctx_t c = {&src, cfg, err, 0};
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
  int rc = gs_config_parse(out, path, buf, len, err);
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

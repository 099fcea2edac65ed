/* config_grid.c: param_grid and param_distributions: each sub-grid's keys
 * (the parameter table's names), their values (lists, or distributions
 * when the candidates are sampled) and preprocessing steps, with the place
 * of every complaint. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/params.h"
#include "config_impl.h"

/* the grid keys' names, from the parameter table (params.h), for check_keys */
#define GS__P_NAME(id, name, pname, type, def, kernel) name,
static const char *const param_names[GS_P_COUNT + 1] = {GS_PARAM_MAP(GS__P_NAME) NULL};
#undef GS__P_NAME
static const char *const dist_names[] = {"loguniform", "uniform", "expon", "randint", NULL};

/* A preprocessing step: null (none), a name ("standard") or {name:
 * {settings}} ({"minmax": {"feature_range": [-1, 1]}}), into *t. */
int gs__cfg_parse_step(gs__cfg_ctx_t *c, const cJSON *n, const char *path, gs_transform_spec_t *t) {
  static const char *const standard_keys[] = {"with_mean", "with_std", NULL};
  static const char *const minmax_keys[] = {"feature_range", NULL};
  static const char *const no_keys[] = {NULL};
  const char *const *names = gs_transform_names();
  char opts[256], sp[300], kp[340];
  gs__cfg_join_options(names, opts, sizeof opts);
  *t = gs_transform_default(GS_TF_NONE);
  if (cJSON_IsNull(n)) return GS_OK;
  const cJSON *name = n, *set = NULL;
  if (cJSON_IsObject(n)) {
    if (cJSON_GetArraySize(n) != 1)
      return gs__cfg_fail_at(c, n, path, "a preprocessing step is one name or {\"<name>\": {settings}}, got an object of %d keys", cJSON_GetArraySize(n));
    name = set = n->child;
  }
  if (!set && !cJSON_IsString(n))
    return gs__cfg_fail_at(c, n, path, "expected null, a preprocessing step (%s) or {\"<step>\": {settings}}, got %s", opts, gs__cfg_type_name(n));
  const char *s = set ? set->string : name->valuestring;
  int kind = gs_transform_find(s);
  if (kind < 0 || (kind == GS_TF_NONE && set)) {
    const char *hint = gs_suggest(s, names);
    if (set) return hint ? gs__cfg_fail_at_key(c, set, path, "unknown preprocessing step \"%s\"; did you mean \"%s\"?", s, hint)
                         : gs__cfg_fail_at_key(c, set, path, "unknown preprocessing step \"%s\" (known: %s)", s, opts);
    if (hint) return gs__cfg_fail_at(c, n, path, "unknown preprocessing step \"%s\"; did you mean \"%s\"?", s, hint);
    return gs__cfg_fail_at(c, n, path, "unknown preprocessing step \"%s\" (known: %s, or null for none)", s, opts);
  }
  *t = gs_transform_default(kind);
  if (!set) return GS_OK;
  snprintf(sp, sizeof sp, "%.200s.%s", path, s);
  if (!cJSON_IsObject(set)) return gs__cfg_fail_at(c, set, sp, "expected an object of settings, got %s", gs__cfg_type_name(set));
  const char *const *keys = kind == GS_TF_STANDARD ? standard_keys : kind == GS_TF_MINMAX ? minmax_keys : no_keys;
  if (!keys[0] && set->child) {
    snprintf(kp, sizeof kp, "%s.%s", sp, set->child->string);
    return gs__cfg_fail_at_key(c, set->child, kp, "\"%s\" takes no settings, got \"%s\"", s, set->child->string);
  }
  int rc = gs__cfg_check_keys(c, set, sp, keys);
  if (rc) return rc;
  const cJSON *v;
  if (kind == GS_TF_STANDARD) {
    snprintf(kp, sizeof kp, "%s.with_mean", sp);
    if ((v = cJSON_GetObjectItemCaseSensitive(set, "with_mean")) && (rc = gs__cfg_get_bool(c, v, kp, &t->with_mean))) return rc;
    snprintf(kp, sizeof kp, "%s.with_std", sp);
    if ((v = cJSON_GetObjectItemCaseSensitive(set, "with_std")) && (rc = gs__cfg_get_bool(c, v, kp, &t->with_std))) return rc;
  }
  if (kind == GS_TF_MINMAX && (v = cJSON_GetObjectItemCaseSensitive(set, "feature_range"))) {
    snprintf(kp, sizeof kp, "%s.feature_range", sp);
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !cJSON_IsNumber(v->child) || !cJSON_IsNumber(v->child->next) ||
        !isfinite(v->child->valuedouble) || !isfinite(v->child->next->valuedouble))
      return gs__cfg_fail_at(c, v, kp, "feature_range must be a list of two finite numbers [min, max], got %s", gs__cfg_type_name(v));
    for (int i = 0; i < 2; i++) {
      const cJSON *e = i ? v->child->next : v->child;
      t->range[i] = e->valuedouble;
      t->range_int[i] = gs__cfg_is_int_literal(c, e);
    }
    if (!(t->range[0] < t->range[1]))
      return gs__cfg_fail_at(c, v, kp, "the minimum of feature_range must be smaller than its maximum, got [%g, %g]", t->range[0], t->range[1]);
  }
  return GS_OK;
}

/* One value of grid key k at path into *v. */
static int parse_value(gs__cfg_ctx_t *c, int k, const cJSON *n, const char *path, gs_value_t *v) {
  memset(v, 0, sizeof *v);
  switch (k) {
  case GS_P_SCALER: {
    int rc = gs__cfg_parse_step(c, n, path, &v->tf);
    if (rc) return rc;
    v->type = v->tf.kind == GS_TF_NONE ? GS_VAL_NONE : GS_VAL_TRANSFORM;
    return GS_OK;
  }
  case GS_P_KERNEL: {
    static const char *const kernels[] = {"linear", "poly", "rbf", "sigmoid", NULL};
    static const gs_kernel_t ids[] = {GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID};
    if (!cJSON_IsString(n)) return gs__cfg_fail_at(c, n, path, "expected a kernel name, got %s", gs__cfg_type_name(n));
    for (int i = 0; kernels[i]; i++)
      if (strcmp(kernels[i], n->valuestring) == 0) {
        v->type = GS_VAL_STR;
        v->kernel = ids[i];
        snprintf(v->str, sizeof v->str, "%s", kernels[i]);
        return GS_OK;
      }
    const char *hint = gs_suggest(n->valuestring, kernels);
    if (hint) return gs__cfg_fail_at(c, n, path, "unknown kernel \"%s\"; did you mean \"%s\"?", n->valuestring, hint);
    return gs__cfg_fail_at(c, n, path, "unknown kernel \"%s\" (expected linear, poly, rbf or sigmoid)", n->valuestring);
  }
  case GS_P_GAMMA:
    if (cJSON_IsString(n)) {
      if (strcmp(n->valuestring, "scale") && strcmp(n->valuestring, "auto"))
        return gs__cfg_fail_at(c, n, path, "gamma must be a positive number, \"scale\" or \"auto\", got \"%s\"", n->valuestring);
      v->type = GS_VAL_STR;
      snprintf(v->str, sizeof v->str, "%s", n->valuestring);
      return GS_OK;
    }
    /* fall through */
  case GS_P_C:
    if (!cJSON_IsNumber(n)) return gs__cfg_fail_at(c, n, path, "\"%s\" must be a positive number, got %s", param_names[k], gs__cfg_type_name(n));
    if (!(n->valuedouble > 0) || !isfinite(n->valuedouble))
      return gs__cfg_fail_at(c, n, path, "\"%s\" must be a positive finite number, got %g", param_names[k], n->valuedouble);
    break;
  case GS_P_COEF0:
    if (!cJSON_IsNumber(n)) return gs__cfg_fail_at(c, n, path, "\"coef0\" must be a number, got %s", gs__cfg_type_name(n));
    if (!isfinite(n->valuedouble)) return gs__cfg_fail_at(c, n, path, "\"coef0\" must be finite");
    break;
  case GS_P_DEGREE:
    if (!cJSON_IsNumber(n) || !gs__cfg_is_int_literal(c, n))
      return gs__cfg_fail_at(c, n, path, "\"degree\" must be a non-negative integer, got %s", cJSON_IsNumber(n) ? "a non-integer number" : gs__cfg_type_name(n));
    if (n->valuedouble < 0 || n->valuedouble > 1000) return gs__cfg_fail_at(c, n, path, "\"degree\" must be between 0 and 1000, got %.0f", n->valuedouble);
    break;
  case GS_P_CLASS_WEIGHT:
    if (cJSON_IsNull(n)) { v->type = GS_VAL_NONE; return GS_OK; }
    if (cJSON_IsString(n)) {
      if (strcmp(n->valuestring, "balanced")) return gs__cfg_fail_at(c, n, path, "class_weight must be null, \"balanced\" or {\"<label>\": weight}, got \"%s\"", n->valuestring);
      v->type = GS_VAL_STR;
      snprintf(v->str, sizeof v->str, "balanced");
      return GS_OK;
    }
    if (!cJSON_IsObject(n)) return gs__cfg_fail_at(c, n, path, "class_weight must be null, \"balanced\" or {\"<label>\": weight}, got %s", gs__cfg_type_name(n));
    {
      size_t m = (size_t)cJSON_GetArraySize(n);
      if (m > 64) return gs__cfg_fail_at(c, n, path, "class_weight names %zu labels; at most 64 are supported", m);
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
          return gs__cfg_fail_at_key(c, w, p, "class_weight keys must be integer labels (decimal, as in the data set), got \"%s\"", w->string);
        for (size_t i = 0; i < v->n_weights; i++)
          if (v->weights[i].label == lab) {
            const cJSON *first = n->child;
            for (size_t j = 0; j < i; j++) first = first->next;
            const gs__jloc_t *fl = gs__jsrc_find(c->src, first);
            return gs__cfg_fail_at_key(c, w, p, "class_weight key \"%s\" names label %ld again (first as \"%s\" at line %ld)", w->string,
                               lab, first->string, fl ? fl->key_line : 0L);
          }
        if (!cJSON_IsNumber(w) || !isfinite(w->valuedouble) || w->valuedouble < 0)
          return gs__cfg_fail_at(c, w, p, "class weight must be a non-negative number, got %s", cJSON_IsNumber(w) ? "a negative or non-finite number" : gs__cfg_type_name(w));
        v->weights[v->n_weights++] = (gs_weight_t){lab, w->valuedouble, gs__cfg_is_int_literal(c, w)};
      }
    }
    return GS_OK;
  }
  v->type = gs__cfg_is_int_literal(c, n) ? GS_VAL_INT : GS_VAL_FLOAT;
  v->num = n->valuedouble;
  return GS_OK;
}

/* The arguments of distribution d at path: want numbers, all finite. */
static int dist_args(gs__cfg_ctx_t *c, const cJSON *d, const char *path, int want, const char *spelling, double *out) {
  if (!cJSON_IsArray(d) || cJSON_GetArraySize(d) != want)
    return gs__cfg_fail_at(c, d, path, "expected %s, got %s", spelling, cJSON_IsArray(d) ? "a list of another length" : gs__cfg_type_name(d));
  int i = 0;
  for (const cJSON *a = d->child; a; a = a->next, i++) {
    if (!cJSON_IsNumber(a) || !isfinite(a->valuedouble)) return gs__cfg_fail_at(c, a, path, "expected %s, got %s", spelling, cJSON_IsNumber(a) ? "a non-finite number" : gs__cfg_type_name(a));
    out[i] = a->valuedouble;
  }
  return GS_OK;
}

/* A distribution {"loguniform": [a, b]} etc. for grid key k at path. */
static int parse_dist(gs__cfg_ctx_t *c, int k, const cJSON *n, const char *path, gs_dist_t *d) {
  if (!gs__cfg_samples(c->cfg))
    return gs__cfg_fail_at(c, n, path, "a distribution needs a randomized search (\"search\": \"random\", or \"halving\" over \"param_distributions\"); a grid takes a list of values");
  if (k == GS_P_KERNEL || k == GS_P_CLASS_WEIGHT || k == GS_P_SCALER)
    return gs__cfg_fail_at(c, n, path, "\"%s\" takes a list of values; distributions are for C, gamma, coef0 and degree", param_names[k]);
  const cJSON *a = n->child;
  int kind = 0;
  if (a) while (dist_names[kind] && strcmp(dist_names[kind], a->string)) kind++;
  if (!a || a->next || !dist_names[kind]) {
    const char *hint = a && !a->next ? gs_suggest(a->string, dist_names) : NULL;
    if (hint) return gs__cfg_fail_at_key(c, a, path, "unknown distribution \"%s\"; did you mean \"%s\"?", a->string, hint);
    return gs__cfg_fail_at(c, n, path, "expected a list of values or one distribution: {\"loguniform\": [a, b]}, {\"uniform\": [loc, scale]}, {\"expon\": [scale]} or {\"randint\": [low, high]}");
  }
  double v[2] = {0, 0};
  int rc;
  char p[300];
  snprintf(p, sizeof p, "%.200s.%s", path, a->string);
  int positive = k == GS_P_C || k == GS_P_GAMMA;
  if (k == GS_P_DEGREE && kind != 3) return gs__cfg_fail_at_key(c, a, p, "\"degree\" is an integer: use {\"randint\": [low, high]} or a list");
  switch (kind) {
  case 0:
    if ((rc = dist_args(c, a, p, 2, "[a, b] with 0 < a < b", v))) return rc;
    if (!(v[0] > 0 && v[1] > v[0])) return gs__cfg_fail_at(c, a, p, "loguniform needs 0 < a < b, got [%g, %g]", v[0], v[1]);
    d->kind = GS_DIST_LOGUNIFORM;
    break;
  case 1:
    if ((rc = dist_args(c, a, p, 2, "[loc, scale] with scale > 0", v))) return rc;
    if (!(v[1] > 0)) return gs__cfg_fail_at(c, a, p, "uniform needs scale > 0, got %g", v[1]);
    if (positive && v[0] < 0) return gs__cfg_fail_at(c, a, p, "\"%s\" must be positive: uniform needs loc >= 0, got %g", param_names[k], v[0]);
    d->kind = GS_DIST_UNIFORM;
    break;
  case 2:
    if ((rc = dist_args(c, a, p, 1, "[scale] with scale > 0", v + 1))) return rc;
    if (!(v[1] > 0)) return gs__cfg_fail_at(c, a, p, "expon needs scale > 0, got %g", v[1]);
    d->kind = GS_DIST_EXPON;
    break;
  default:
    if ((rc = dist_args(c, a, p, 2, "[low, high] integers with low < high", v))) return rc;
    for (const cJSON *x = a->child; x; x = x->next)
      if (!gs__cfg_is_int_literal(c, x) || fabs(x->valuedouble) > 9007199254740992.0) return gs__cfg_fail_at(c, x, p, "randint bounds must be integers, got %g", x->valuedouble);
    if (!(v[0] < v[1])) return gs__cfg_fail_at(c, a, p, "randint needs low < high, got [%.0f, %.0f]", v[0], v[1]);
    if (positive && v[0] < 1) return gs__cfg_fail_at(c, a, p, "\"%s\" must be positive: randint needs low >= 1, got %.0f", param_names[k], v[0]);
    if (k == GS_P_DEGREE && (v[0] < 0 || v[1] > 1001)) return gs__cfg_fail_at(c, a, p, "\"degree\" must be between 0 and 1000: randint needs 0 <= low and high <= 1001");
    d->kind = GS_DIST_RANDINT;
  }
  d->a = v[0];
  d->b = v[1];
  return GS_OK;
}

static int parse_subgrid(gs__cfg_ctx_t *c, const cJSON *n, const char *path, gs_subgrid_t *g) {
  if (!cJSON_IsObject(n)) return gs__cfg_fail_at(c, n, path, "expected an object of parameter lists, got %s", gs__cfg_type_name(n));
  if (!n->child) return gs__cfg_fail_at(c, n, path, "empty grid: give at least one parameter, e.g. {\"C\": [1, 10]}");
  int rc = gs__cfg_check_keys(c, n, path, param_names);
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
    if (!cJSON_IsArray(ch)) return gs__cfg_fail_at(c, ch, kp, gs__cfg_samples(c->cfg) ? "expected a list of values or a distribution, got %s" : "expected a list of values, got %s", gs__cfg_type_name(ch));
    size_t m = (size_t)cJSON_GetArraySize(ch);
    if (m == 0) return gs__cfg_fail_at(c, ch, kp, "empty list of values");
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

int gs__cfg_parse_grid(gs__cfg_ctx_t *c, const cJSON *n, const char *name) {
  gs_config_t *cfg = c->cfg;
  if (cJSON_IsObject(n)) {
    cfg->subgrids = calloc(1, sizeof *cfg->subgrids);
    if (!cfg->subgrids) return GS_ENOMEM;
    cfg->n_subgrids = 1;
    return parse_subgrid(c, n, name, cfg->subgrids);
  }
  if (!cJSON_IsArray(n)) return gs__cfg_fail_at(c, n, name, "expected an object or a list of objects, got %s", gs__cfg_type_name(n));
  size_t m = (size_t)cJSON_GetArraySize(n);
  if (m == 0) return gs__cfg_fail_at(c, n, name, "empty grid: the list has no parameter sets");
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


/* grid.c: ParameterGrid expansion and the Python/JSON spelling of params. */
#include "gridsearch/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/pyrepr.h"

/* scikit-learn's names without the Pipeline's "svc__" prefix (params.h) */
const char *gs_grid_key_name(int k) { return gs_param_name(k); }

int gs_grid_expand(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err) {
  memset(grid, 0, sizeof *grid);
  size_t total = 0;
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    size_t m = 1;
    for (int k = 0; k < GS_P_COUNT; k++) {
      size_t nk = cfg->subgrids[g].n[k];
      if (!nk) continue;
      if (m > max_candidates / nk) m = max_candidates + 1;
      else m *= nk;
    }
    total += m;
    if (total > max_candidates)
      return gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "param_grid has more than %zu candidates", max_candidates);
  }
  grid->cand = calloc(total ? total : 1, sizeof *grid->cand);
  if (!grid->cand) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  int order[GS_P_COUNT]; /* ParameterGrid's: sorted(p.items()) */
  gs_params_sorted(order);
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    size_t idx[GS_P_COUNT] = {0};
    for (;;) {
      gs_candidate_t *c = &grid->cand[grid->n++];
      c->subgrid = g;
      for (int k = 0; k < GS_P_COUNT; k++) c->v[k] = sg->n[k] ? &sg->values[k][idx[k]] : NULL;
      /* odometer: the last present key (in sorted order) varies fastest */
      int i = GS_P_COUNT - 1;
      for (; i >= 0; i--) {
        int k = order[i];
        if (!sg->n[k]) continue;
        if (++idx[k] < sg->n[k]) break;
        idx[k] = 0;
      }
      if (i < 0) break;
    }
  }
  gs_grid_index_keys(grid);
  return GS_OK;
}

void gs_grid_index_keys(gs_grid_t *grid) {
  /* param_<key> columns: first appearance over candidates, keys sorted within */
  int order[GS_P_COUNT];
  gs_params_sorted(order);
  grid->n_keys = 0;
  for (size_t i = 0; i < grid->n; i++)
    for (int kk = 0; kk < GS_P_COUNT; kk++) {
      int k = order[grid->cand[i].reversed ? GS_P_COUNT - 1 - kk : kk];
      if (!grid->cand[i].v[k]) continue;
      size_t j = 0;
      while (j < grid->n_keys && grid->keys[j] != k) j++;
      if (j == grid->n_keys) grid->keys[grid->n_keys++] = k;
    }
}

void gs_grid_free(gs_grid_t *grid) {
  if (!grid) return;
  free(grid->cand);
  free(grid->drawn);
  memset(grid, 0, sizeof *grid);
}

static char *num_str(const gs_value_t *v, char *buf, size_t n) {
  if (v->type == GS_VAL_INT) snprintf(buf, n, "%.0f", v->num);
  else gs_pyrepr_double(v->num, buf, n);
  return buf;
}

/* Writes a weights dict: as Python's repr (int keys, written order) or as
 * json.dumps(sort_keys=True) does (string keys, sorted as strings). */
static char *weights_str(const gs_value_t *v, int json, char *buf, size_t n) {
  size_t order[64], m = v->n_weights < 64 ? v->n_weights : 64;
  char keys[64][24];
  for (size_t i = 0; i < m; i++) {
    order[i] = i;
    snprintf(keys[i], sizeof keys[i], "%ld", v->weights[i].label);
  }
  for (size_t i = 1; json && i < m; i++)
    for (size_t j = i; j > 0 && strcmp(keys[order[j - 1]], keys[order[j]]) > 0; j--) {
      size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
    }
  size_t k = (size_t)snprintf(buf, n, "{");
  for (size_t i = 0; i < m && k < n; i++) {
    char w[40];
    const gs_weight_t *e = &v->weights[order[i]];
    gs_value_t num = {.type = e->is_int ? GS_VAL_INT : GS_VAL_FLOAT, .num = e->weight};
    k += (size_t)snprintf(buf + k, n - k, json ? "%s\"%s\": %s" : "%s%s: %s", i ? ", " : "", keys[order[i]],
                          num_str(&num, w, sizeof w));
  }
  if (k < n) snprintf(buf + k, n - k, "}");
  return buf;
}

char *gs_value_str(const gs_value_t *v, char *buf, size_t n) {
  switch (v->type) {
  case GS_VAL_NONE: snprintf(buf, n, "%s", ""); return buf;
  case GS_VAL_STR: snprintf(buf, n, "%s", v->str); return buf;
  case GS_VAL_WEIGHTS: return weights_str(v, 0, buf, n);
  case GS_VAL_TRANSFORM: return gs_transform_repr(&v->tf, buf, n);
  default: return num_str(v, buf, n);
  }
}

char *gs_value_repr(const gs_value_t *v, char *buf, size_t n) {
  switch (v->type) {
  case GS_VAL_NONE: snprintf(buf, n, "None"); return buf;
  case GS_VAL_STR: snprintf(buf, n, "'%s'", v->str); return buf;
  case GS_VAL_WEIGHTS: return weights_str(v, 0, buf, n);
  case GS_VAL_TRANSFORM: return gs_transform_repr(&v->tf, buf, n);
  default: return num_str(v, buf, n);
  }
}

static char *value_json(const gs_value_t *v, char *buf, size_t n) {
  switch (v->type) {
  case GS_VAL_NONE: snprintf(buf, n, "null"); return buf;
  case GS_VAL_STR: snprintf(buf, n, "\"%s\"", v->str); return buf;
  case GS_VAL_WEIGHTS: return weights_str(v, 1, buf, n);
  case GS_VAL_TRANSFORM: {
    char r[200];
    snprintf(buf, n, "\"%s\"", gs_transform_repr(&v->tf, r, sizeof r));
    return buf;
  }
  default: return num_str(v, buf, n);
  }
}

static char *dict_str(const gs_candidate_t *c, int json, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "{");
  int first = 1, order[GS_P_COUNT];
  gs_params_sorted(order);
  for (int kk = 0; kk < GS_P_COUNT && k < n; kk++) {
    int key = order[c->reversed && !json ? GS_P_COUNT - 1 - kk : kk];
    if (!c->v[key]) continue;
    char val[512];
    if (json) value_json(c->v[key], val, sizeof val);
    else gs_value_repr(c->v[key], val, sizeof val);
    k += (size_t)snprintf(buf + k, n - k, json ? "%s\"%s\": %s" : "%s'%s': %s", first ? "" : ", ", gs_param_name(key), val);
    first = 0;
  }
  if (k < n) snprintf(buf + k, n - k, "}");
  return buf;
}

char *gs_grid_repr(const gs_candidate_t *c, char *buf, size_t n) { return dict_str(c, 0, buf, n); }
char *gs_grid_json(const gs_candidate_t *c, char *buf, size_t n) { return dict_str(c, 1, buf, n); }

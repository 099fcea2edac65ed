/* grid.c: ParameterGrid expansion and the Python/JSON spelling of params. */
#include "gridsearch/grid.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/pyrepr.h"
#include "grid_impl.h"

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
  if (!grid->cand || gs__grid_copy_lists(grid, cfg)) {
    gs_grid_free(grid);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  int order[GS_P_COUNT]; /* ParameterGrid's: sorted(p.items()) */
  gs_params_sorted(order);
  for (size_t g = 0; g < grid->n_subgrids; g++) {
    const gs_grid_list_t *sg = &grid->lists[g];
    size_t idx[GS_P_COUNT] = {0};
    for (;;) {
      gs_candidate_t *c = &grid->cand[grid->n++];
      gs__grid_cand_init(c, g);
      for (int k = 0; k < GS_P_COUNT; k++)
        if (sg->n[k]) gs__grid_cand_take(c, grid, k, idx[k]);
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

/* Copies value v into *dst, with a class_weight dict of its own. */
static int value_copy(gs_value_t *dst, const gs_value_t *v) {
  *dst = *v;
  dst->weights = NULL;
  if (!v->n_weights) return GS_OK;
  if (!(dst->weights = malloc(v->n_weights * sizeof *dst->weights))) return GS_ENOMEM;
  memcpy(dst->weights, v->weights, v->n_weights * sizeof *dst->weights);
  return GS_OK;
}

int gs__grid_copy_lists(gs_grid_t *grid, const gs_config_t *cfg) {
  grid->lists = calloc(cfg->n_subgrids ? cfg->n_subgrids : 1, sizeof *grid->lists);
  if (!grid->lists) return GS_ENOMEM;
  grid->n_subgrids = cfg->n_subgrids;
  for (size_t g = 0; g < cfg->n_subgrids; g++)
    for (int k = 0; k < GS_P_COUNT; k++) {
      const gs_subgrid_t *sg = &cfg->subgrids[g];
      gs_grid_list_t *l = &grid->lists[g];
      if (!sg->n[k]) continue;
      if (!(l->values[k] = calloc(sg->n[k], sizeof *l->values[k]))) return GS_ENOMEM;
      /* n counts the values copied so far: gs_grid_free frees those */
      for (; l->n[k] < sg->n[k]; l->n[k]++)
        if (value_copy(&l->values[k][l->n[k]], &sg->values[k][l->n[k]])) return GS_ENOMEM;
    }
  return GS_OK;
}

void gs__grid_cand_init(gs_candidate_t *c, size_t g) {
  memset(c, 0, sizeof *c);
  c->subgrid = g;
  for (int k = 0; k < GS_P_COUNT; k++) c->at[k] = GS_GRID_NO_INDEX;
}

void gs__grid_cand_take(gs_candidate_t *c, const gs_grid_t *grid, int k, size_t i) {
  const gs_grid_list_t *l = &grid->lists[c->subgrid];
  assert(i < l->n[k]);
  c->v[k] = &l->values[k][i];
  c->at[k] = i;
}

int gs_grid_view(gs_grid_t *view, const gs_grid_t *base, size_t n) {
  memset(view, 0, sizeof *view);
  if (!(view->cand = calloc(n ? n : 1, sizeof *view->cand))) return GS_ENOMEM;
  view->n = n;
  view->n_keys = base->n_keys;
  memcpy(view->keys, base->keys, sizeof view->keys);
  view->n_subgrids = base->n_subgrids;
  view->lists = base->lists;
  view->drawn = base->drawn;
  view->borrowed = 1;
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
  for (size_t g = 0; !grid->borrowed && grid->lists && g < grid->n_subgrids; g++)
    for (int k = 0; k < GS_P_COUNT; k++) {
      for (size_t i = 0; i < grid->lists[g].n[k]; i++) free(grid->lists[g].values[k][i].weights);
      free(grid->lists[g].values[k]);
    }
  if (!grid->borrowed) {
    free(grid->lists);
    free(grid->drawn);
  }
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

/* chart.c: the pictures of a finished search (chart.h), drawn by svg.c. */
#include "chart.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/metrics.h"
#include "gridsearch/svg.h"

/* numeric axes, in the order they are chosen for x then y; a varying
 * preprocessing step makes one chart per step, or is the x axis of a line
 * chart (steps side by side) when no numeric key varies */
static const int axis_order[] = {GS_P_C, GS_P_GAMMA, GS_P_DEGREE, GS_P_COEF0};

/* Whether key can be an axis of sub-grid sg (the grid's copy of its lists):
 * it varies, and its values are numbers (gamma may mix in "scale" and
 * "auto": they go after the numbers). */
static int axis_key(const gs_grid_list_t *sg, int key) {
  if (sg->n[key] < 2) return 0;
  if (key == GS_P_GAMMA || key == GS_P_SCALER) return 1;
  for (size_t i = 0; i < sg->n[key]; i++)
    if (sg->values[key][i].type != GS_VAL_INT && sg->values[key][i].type != GS_VAL_FLOAT) return 0;
  return 1;
}

static int is_number(const gs_value_t *v) { return v->type == GS_VAL_INT || v->type == GS_VAL_FLOAT; }

/* index of candidate c's value of key within its sub-grid's list (key is
 * an axis or varies in the sub-grid, so the value came from the list) */
static size_t value_index(const gs_candidate_t *c, int key) {
  assert(c->at[key] != GS_GRID_NO_INDEX);
  return c->at[key];
}

/* whether a sorts after b: numbers ascending, then words in written order */
static int after(const gs_value_t *a, const gs_value_t *b) {
  if (is_number(a) != is_number(b)) return !is_number(a);
  return is_number(a) && a->num > b->num;
}

/* order[p] = the index of the p-th smallest of key's values (stable) */
static void sort_axis(const gs_grid_list_t *sg, int key, size_t *order) {
  size_t n = sg->n[key];
  for (size_t i = 0; i < n; i++) order[i] = i;
  for (size_t i = 1; i < n; i++) /* insertion sort: a handful of values */
    for (size_t j = i; j > 0 && after(&sg->values[key][order[j - 1]], &sg->values[key][order[j]]); j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
}

static size_t position(const size_t *order, size_t n, size_t value_index) {
  for (size_t p = 0; p < n; p++)
    if (order[p] == value_index) return p;
  return 0;
}

void gs__charts_free(gs__chart_t *charts, size_t n) {
  for (size_t i = 0; charts && i < n; i++) {
    free(charts[i].cand);
    free(charts[i].x_order);
    free(charts[i].y_order);
  }
  free(charts);
}

gs__chart_t *gs__charts_plan(const gs_search_t *s, size_t *n) {
  const gs_grid_t *grid = gs_search_grid(s);
  gs__chart_t *out = NULL;
  size_t count = 0;
  *n = 0;
  for (size_t k = 0; k < grid->n_subgrids; k++) {
    const gs_grid_list_t *sg = &grid->lists[k];
    int axes[2] = {-1, -1}, n_axes = 0;
    for (size_t a = 0; a < sizeof axis_order / sizeof axis_order[0] && n_axes < 2; a++)
      if (axis_key(sg, axis_order[a])) axes[n_axes++] = axis_order[a];
    if (n_axes == 0 && axis_key(sg, GS_P_SCALER)) axes[n_axes++] = GS_P_SCALER;
    if (n_axes == 0) continue;
    /* the other keys that vary make the groups (mixed radix, key order) */
    size_t n_groups = 1;
    for (int key = 0; key < GS_P_COUNT; key++)
      if (sg->n[key] > 1 && key != axes[0] && key != axes[1]) n_groups *= sg->n[key];
    size_t nx = sg->n[axes[0]], ny = n_axes == 2 ? sg->n[axes[1]] : 1;
    gs__chart_t *grown = realloc(out, (count + n_groups) * sizeof *out);
    if (!grown) goto oom;
    out = grown;
    for (size_t g = 0; g < n_groups; g++) {
      gs__chart_t *c = &out[count + g];
      memset(c, 0, sizeof *c);
      c->subgrid = k;
      c->group = g;
      c->n_groups = n_groups;
      c->heatmap = n_axes == 2;
      c->x_key = axes[0];
      c->y_key = axes[1];
      c->nx = nx;
      c->ny = ny;
    }
    for (size_t g = 0; g < n_groups; g++) {
      gs__chart_t *c = &out[count + g];
      c->cand = malloc(nx * ny * sizeof(size_t));
      c->x_order = malloc(nx * sizeof(size_t));
      c->y_order = malloc(ny * sizeof(size_t));
      if (!c->cand || !c->x_order || !c->y_order) { count += g + 1; goto oom; }
      sort_axis(sg, axes[0], c->x_order);
      if (n_axes == 2) sort_axis(sg, axes[1], c->y_order);
      else c->y_order[0] = 0;
      for (size_t i = 0; i < nx * ny; i++) out[count + g].cand[i] = SIZE_MAX;
    }
    for (size_t ci = 0; ci < grid->n; ci++) {
      const gs_candidate_t *cand = &grid->cand[ci];
      if (cand->subgrid != k) continue;
      size_t g = 0;
      for (int key = 0; key < GS_P_COUNT; key++)
        if (sg->n[key] > 1 && key != axes[0] && key != axes[1]) g = g * sg->n[key] + value_index(cand, key);
      gs__chart_t *c = &out[count + g];
      size_t x = position(c->x_order, nx, value_index(cand, axes[0]));
      size_t y = c->heatmap ? position(c->y_order, ny, value_index(cand, axes[1])) : 0;
      c->cand[y * nx + x] = ci;
      if (c->fixed[0] == '\0') { /* every key but the axes, as repr */
        size_t len = 0;
        for (int key = 0; key < GS_P_COUNT; key++) {
          if (!cand->v[key] || key == axes[0] || key == axes[1]) continue;
          char val[256];
          gs_value_repr(cand->v[key], val, sizeof val);
          int w = snprintf(c->fixed + len, sizeof c->fixed - len, "%s%s=%s", len ? ", " : "", gs_grid_key_name(key), val);
          if (w < 0 || (size_t)w >= sizeof c->fixed - len) break;
          len += (size_t)w;
        }
      }
    }
    count += n_groups;
  }
  *n = count;
  return out;
oom:
  gs__charts_free(out, count);
  return NULL;
}

void gs__chart_file(const gs_search_t *s, const gs__chart_t *c, size_t scorer, char *buf, size_t len) {
  const gs_config_t *cfg = gs_search_config(s);
  const char *sc = gs_scorer_name(cfg->scorers[scorer]);
  if (c->n_groups > 1) snprintf(buf, len, "%s_%s_%zu_%zu.svg", c->heatmap ? "heatmap" : "line", sc, c->subgrid, c->group);
  else snprintf(buf, len, "%s_%s_%zu.svg", c->heatmap ? "heatmap" : "line", sc, c->subgrid);
}

/* An axis tick: the value as a CSV cell, a step as its repr ("None" too). */
static void axis_label(int key, const gs_value_t *v, char *buf, size_t n) {
  if (key == GS_P_SCALER) gs_value_repr(v, buf, n);
  else gs_value_str(v, buf, n);
}

char *gs__chart_svg(const gs_search_t *s, const gs__chart_t *c, size_t scorer, size_t *len) {
  const gs_config_t *cfg = gs_search_config(s);
  const gs_grid_list_t *sg = &gs_search_grid(s)->lists[c->subgrid];
  const gs_scorer_result_t *r = gs_search_scorer(s, scorer);
  const char *sc = gs_scorer_name(cfg->scorers[scorer]);
  size_t cells = c->nx * c->ny;
  char (*xt)[48] = calloc(c->nx, sizeof *xt), (*yt)[48] = calloc(c->ny, sizeof *yt);
  const char **xp = calloc(c->nx, sizeof *xp), **yp = calloc(c->ny, sizeof *yp);
  double *z = calloc(cells, sizeof *z), *x = calloc(c->nx, sizeof *x), *e = calloc(cells, sizeof *e);
  char *svg = NULL;
  if (!xt || !yt || !xp || !yp || !z || !x || !e) goto done;
  for (size_t i = 0; i < c->nx; i++) {
    const gs_value_t *v = &sg->values[c->x_key][c->x_order[i]];
    axis_label(c->x_key, v, xt[i], sizeof xt[i]);
    xp[i] = xt[i];
    x[i] = v->num;
  }
  for (size_t i = 0; c->heatmap && i < c->ny; i++) {
    axis_label(c->y_key, &sg->values[c->y_key][c->y_order[i]], yt[i], sizeof yt[i]);
    yp[i] = yt[i];
  }
  for (size_t i = 0; i < cells; i++) {
    size_t ci = c->cand[i];
    z[i] = ci == SIZE_MAX ? NAN : r->mean[ci];
    e[i] = ci == SIZE_MAX ? NAN : 2 * r->std[ci];
  }
  /* the point to mark: the search's best when it is here, else the first
   * (by candidate order) of the highest mean; none without scores */
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < cells; i++)
    if (c->cand[i] == r->best) best = i;
  for (size_t i = 0; best == SIZE_MAX && i < cells; i++) {
    if (isnan(z[i])) continue;
    size_t b = i;
    for (size_t j = 0; j < cells; j++)
      if (!isnan(z[j]) && (z[j] > z[b] || (z[j] == z[b] && c->cand[j] < c->cand[b]))) b = j;
    best = b;
  }
  char title[256];
  snprintf(title, sizeof title, "mean %s over %d folds, sub-grid %zu", sc, cfg->n_splits, c->subgrid);
  const char *sub = c->fixed;
  if (c->heatmap) {
    gs_svg_heatmap_t h = {title, sub, gs_grid_key_name(c->x_key), gs_grid_key_name(c->y_key), c->nx, c->ny, xp, yp, z,
                          best == SIZE_MAX ? c->nx : best % c->nx, best == SIZE_MAX ? c->ny : best / c->nx};
    svg = gs_svg_heatmap(&h, len);
  } else {
    /* C and gamma on a log scale; words ("scale") place every point by rank */
    int log_x = c->x_key == GS_P_C || c->x_key == GS_P_GAMMA, numbers = 1;
    for (size_t i = 0; i < c->nx; i++) {
      numbers = numbers && is_number(&sg->values[c->x_key][c->x_order[i]]);
      log_x = log_x && x[i] > 0;
    }
    if (!numbers) {
      log_x = 0;
      for (size_t i = 0; i < c->nx; i++) x[i] = (double)i;
    }
    gs_svg_line_t l = {title, sub, gs_grid_key_name(c->x_key), sc, c->nx, x, log_x, xp, z, e, best};
    svg = gs_svg_line(&l, len);
  }
done:
  free(xt);
  free(yt);
  free(xp);
  free(yp);
  free(z);
  free(x);
  free(e);
  return svg;
}

/* test_chart.c: which pictures a search gets (chart.h): a heatmap per
 * sub-grid with two numeric axes, a line chart with one, nothing with none;
 * groups (_<g>) for the other keys that vary; axes sorted by value (gamma's
 * words last); every candidate in exactly one cell; then the SVG text of a
 * real search: well-formed, one cell or point per candidate, NaN cells
 * "n/a", the best one outlined or ringed. (svg.c's drawing: test_svg.c;
 * rendering: test_report.sh.) */
#define _GNU_SOURCE /* nftw, environ (fixture.h) */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "gridsearch/config.h"
#include "gridsearch/farm.h"
#include "gridsearch/grid.h"
#include "gridsearch/search.h"
#include "gridsearch/svg.h"
#include "fixture.h"

/* ---- fixture ---- */

static gs_farm_t *farm;

static int suite_setup(void) {
  gs_error_t err;
  gs_error_clear(&err);
  return gs_farm_open(&farm, NULL, NULL, 1, NULL, &err) != GS_OK;
}

static int suite_teardown(void) {
  gs_farm_close(farm);
  return 0;
}

typedef struct {
  gs_config_t *cfg;
  gs_search_t *s;
} fx_t;

/* A search of iris over param_grid (JSON text), two scorers; run when run is
 * set, with the fits of fail_fits (GRIDSEARCH_FAIL_FITS syntax) failing. */
static int fx_open(fx_t *fx, const char *param_grid, int run, const char *fail_fits) {
  char json[2048];
  snprintf(json, sizeof json,
           "{\"name\": \"chart\", \"dataset\": {\"path\": \"../golden/data/iris3.csv\"}, \"test_size\": 0.3,"
           " \"random_state\": 1, \"stratify\": true, \"cv\": 3, \"scoring\": [\"accuracy\", \"f1_macro\"],"
           " \"param_grid\": %s}",
           param_grid);
  return fixture_search(&fx->cfg, &fx->s, GS_TEST_DIR "/report/unit.json", json, fail_fits, run ? farm : NULL) == 0;
}

static void fx_close(fx_t *fx) {
  gs_search_free(fx->s);
  gs_config_free(fx->cfg);
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static double num(const gs_value_t *v) { return v->num; }
static int is_number(const gs_value_t *v) { return v->type == GS_VAL_INT || v->type == GS_VAL_FLOAT; }

/* Checks what every chart promises about its cells against the grid: the
 * axes sorted (numbers ascending, then words in written order), each cell
 * holding the candidate with those axis values, the candidates of a chart
 * sharing every other value (the fixed text, key=repr in key order), and
 * every candidate of a charted sub-grid in exactly one cell of one chart. */
static void check_cells(const gs_search_t *s, const gs__chart_t *charts, size_t n) {
  const gs_grid_t *grid = gs_search_grid(s);
  unsigned *seen = calloc(grid->n, sizeof *seen);
  CU_ASSERT_PTR_NOT_NULL_FATAL(seen);
  for (size_t k = 0; k < n; k++) {
    const gs__chart_t *c = &charts[k];
    const gs_grid_list_t *sg = &grid->lists[c->subgrid];
    CU_ASSERT_EQUAL(c->nx, sg->n[c->x_key]);
    CU_ASSERT_EQUAL(c->ny, c->heatmap ? sg->n[c->y_key] : 1);
    CU_ASSERT_EQUAL(c->heatmap ? c->y_key >= 0 : c->y_key == -1, 1);
    for (int axis = 0; axis < 1 + c->heatmap; axis++) {
      int key = axis ? c->y_key : c->x_key;
      const size_t *order = axis ? c->y_order : c->x_order;
      size_t m = axis ? c->ny : c->nx;
      for (size_t p = 0; p + 1 < m; p++) {
        const gs_value_t *a = &sg->values[key][order[p]], *b = &sg->values[key][order[p + 1]];
        int ok = is_number(a) && is_number(b) ? num(a) < num(b) : is_number(a) ? 1 : !is_number(b) && order[p] < order[p + 1];
        CU_ASSERT(ok);
      }
    }
    char fixed[512] = "";
    for (size_t cell = 0; cell < c->nx * c->ny; cell++) {
      size_t ci = c->cand[cell];
      CU_ASSERT_FATAL(ci < grid->n); /* sub-grids are full products: no holes */
      const gs_candidate_t *cand = &grid->cand[ci];
      seen[ci]++;
      CU_ASSERT_EQUAL(cand->subgrid, c->subgrid);
      size_t x = cell % c->nx, y = cell / c->nx;
      CU_ASSERT_PTR_EQUAL(cand->v[c->x_key], &sg->values[c->x_key][c->x_order[x]]);
      CU_ASSERT_EQUAL(cand->at[c->x_key], c->x_order[x]);
      if (c->heatmap) CU_ASSERT_PTR_EQUAL(cand->v[c->y_key], &sg->values[c->y_key][c->y_order[y]]);
      if (c->heatmap) CU_ASSERT_EQUAL(cand->at[c->y_key], c->y_order[y]);
      char mine[512];
      size_t len = 0;
      mine[0] = '\0';
      for (int key = 0; key < GS_P_COUNT; key++) {
        if (!cand->v[key] || key == c->x_key || key == c->y_key) continue;
        char val[256];
        len += (size_t)snprintf(mine + len, sizeof mine - len, "%s%s=%s", len ? ", " : "", gs_grid_key_name(key),
                                gs_value_repr(cand->v[key], val, sizeof val));
      }
      if (cell == 0) snprintf(fixed, sizeof fixed, "%s", mine);
      CU_ASSERT_STRING_EQUAL(mine, fixed); /* one group: the same other values */
    }
    CU_ASSERT_STRING_EQUAL(c->fixed, fixed);
  }
  for (size_t ci = 0; ci < grid->n; ci++) {
    int charted = 0;
    for (size_t k = 0; k < n; k++) charted |= charts[k].subgrid == grid->cand[ci].subgrid;
    CU_ASSERT_EQUAL(seen[ci], charted ? 1u : 0u);
  }
  free(seen);
}

static const char *file_of(const fx_t *fx, const gs__chart_t *c, size_t scorer, char *buf, size_t n) {
  gs__chart_file(fx->s, c, scorer, buf, n);
  return buf;
}

/* ---- which charts ---- */

static void plan_should_give_a_heatmap_for_two_axes_and_a_line_for_one(void) {
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"C\": [1, 10, 100], \"gamma\": [0.01, 0.1]},"
                               " {\"kernel\": [\"linear\"], \"C\": [0.01, 0.1, 1]}]", 0, NULL));
  size_t n = 99;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  CU_ASSERT_EQUAL(c[0].subgrid, 0);
  CU_ASSERT_EQUAL(c[0].heatmap, 1);
  CU_ASSERT_EQUAL(c[0].x_key, GS_P_C);
  CU_ASSERT_EQUAL(c[0].y_key, GS_P_GAMMA);
  CU_ASSERT_EQUAL(c[0].nx, 3);
  CU_ASSERT_EQUAL(c[0].ny, 2);
  CU_ASSERT_EQUAL(c[0].n_groups, 1);
  CU_ASSERT_STRING_EQUAL(c[0].fixed, "kernel='rbf'");
  CU_ASSERT_EQUAL(c[1].subgrid, 1);
  CU_ASSERT_EQUAL(c[1].heatmap, 0);
  CU_ASSERT_EQUAL(c[1].x_key, GS_P_C);
  CU_ASSERT_EQUAL(c[1].y_key, -1);
  CU_ASSERT_EQUAL(c[1].nx, 3);
  CU_ASSERT_EQUAL(c[1].ny, 1);
  CU_ASSERT_STRING_EQUAL(c[1].fixed, "kernel='linear'");
  /* C = 10, gamma = 0.1 (candidate 3) at x 1, y 1 */
  CU_ASSERT_EQUAL(c[0].cand[1 * 3 + 1], 3);
  CU_ASSERT_EQUAL(c[1].cand[2], 8);
  check_cells(fx.s, c, n);
  char f[128];
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[0], 0, f, sizeof f), "heatmap_accuracy_0.svg");
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[0], 1, f, sizeof f), "heatmap_f1_macro_0.svg");
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[1], 0, f, sizeof f), "line_accuracy_1.svg");
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[1], 1, f, sizeof f), "line_f1_macro_1.svg");
  /* a short buffer: cut, terminated */
  char small[8];
  memset(small, 'x', sizeof small);
  gs__chart_file(fx.s, &c[0], 0, small, sizeof small);
  CU_ASSERT_STRING_EQUAL(small, "heatmap");
  gs__charts_free(c, n);
  fx_close(&fx);
}

static void plan_should_skip_sub_grids_without_a_numeric_axis(void) {
  fx_t fx;
  /* 0: only kernel varies; 1: nothing varies; 2: C varies (its k stays 2) */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"linear\", \"rbf\"]}, {\"kernel\": [\"rbf\"], \"C\": [1], \"gamma\": [0.1]},"
                               " {\"kernel\": [\"linear\"], \"C\": [1, 10]}]", 0, NULL));
  size_t n = 99;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  CU_ASSERT_EQUAL(c[0].subgrid, 2);
  CU_ASSERT_EQUAL(c[0].heatmap, 0);
  check_cells(fx.s, c, n);
  char f[128];
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[0], 0, f, sizeof f), "line_accuracy_2.svg");
  gs__charts_free(c, n);
  fx_close(&fx);
  /* no sub-grid with an axis: no charts, NULL and 0 */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"linear\", \"rbf\", \"sigmoid\"], \"class_weight\": [null, \"balanced\"]},"
                               " {\"kernel\": [\"poly\"], \"degree\": [3]}]", 0, NULL));
  n = 99;
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NULL(c);
  CU_ASSERT_EQUAL(n, 0);
  gs__charts_free(c, n);
  gs__charts_free(NULL, 0);
  fx_close(&fx);
}

static void plan_should_split_other_varying_keys_into_groups(void) {
  fx_t fx;
  /* kernel varies besides C x gamma: one heatmap per kernel, _<g> appended */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\", \"sigmoid\"], \"C\": [1, 10], \"gamma\": [0.1, 1]}]", 0, NULL));
  size_t n = 0;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  for (size_t g = 0; g < 2; g++) {
    CU_ASSERT_EQUAL(c[g].subgrid, 0);
    CU_ASSERT_EQUAL(c[g].group, g);
    CU_ASSERT_EQUAL(c[g].n_groups, 2);
    CU_ASSERT_EQUAL(c[g].heatmap, 1);
  }
  CU_ASSERT_STRING_EQUAL(c[0].fixed, "kernel='rbf'");
  CU_ASSERT_STRING_EQUAL(c[1].fixed, "kernel='sigmoid'");
  check_cells(fx.s, c, n);
  char f[128];
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[0], 0, f, sizeof f), "heatmap_accuracy_0_0.svg");
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[1], 1, f, sizeof f), "heatmap_f1_macro_0_1.svg");
  gs__charts_free(c, n);
  fx_close(&fx);

  /* a third numeric axis (coef0 after C and degree) makes groups too */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"poly\"], \"C\": [1, 10], \"degree\": [2, 3], \"coef0\": [0, 1]}]", 0, NULL));
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  CU_ASSERT_EQUAL(c[0].x_key, GS_P_C);
  CU_ASSERT_EQUAL(c[0].y_key, GS_P_DEGREE);
  CU_ASSERT_STRING_EQUAL(c[0].fixed, "coef0=0, kernel='poly'");
  CU_ASSERT_STRING_EQUAL(c[1].fixed, "coef0=1, kernel='poly'");
  check_cells(fx.s, c, n);
  gs__charts_free(c, n);
  fx_close(&fx);

  /* C fixed: gamma and coef0 are the axes, C joins the fixed text */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"sigmoid\"], \"C\": [1], \"gamma\": [0.1, 1], \"coef0\": [0, 1, 2]}]", 0, NULL));
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  CU_ASSERT_EQUAL(c[0].x_key, GS_P_GAMMA);
  CU_ASSERT_EQUAL(c[0].y_key, GS_P_COEF0);
  CU_ASSERT_EQUAL(c[0].n_groups, 1);
  CU_ASSERT_STRING_EQUAL(c[0].fixed, "C=1, kernel='sigmoid'");
  check_cells(fx.s, c, n);
  CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[0], 0, f, sizeof f), "heatmap_accuracy_0.svg");
  gs__charts_free(c, n);
  fx_close(&fx);

  /* two other keys: class_weight x kernel groups (4) of line charts over C */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"linear\", \"rbf\"], \"C\": [1, 10], \"class_weight\": [null, \"balanced\"]}]", 0, NULL));
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 4);
  const char *want[] = {"class_weight=None, kernel='linear'", "class_weight=None, kernel='rbf'",
                        "class_weight='balanced', kernel='linear'", "class_weight='balanced', kernel='rbf'"};
  int found[4] = {0};
  for (size_t k = 0; k < 4; k++) {
    CU_ASSERT_EQUAL(c[k].heatmap, 0);
    CU_ASSERT_EQUAL(c[k].group, k);
    CU_ASSERT_EQUAL(c[k].n_groups, 4);
    for (int w = 0; w < 4; w++) found[w] += !strcmp(c[k].fixed, want[w]);
    snprintf(f, sizeof f, "line_accuracy_0_%zu.svg", k);
    char got[128];
    CU_ASSERT_STRING_EQUAL(file_of(&fx, &c[k], 0, got, sizeof got), f);
  }
  for (int w = 0; w < 4; w++) CU_ASSERT_EQUAL(found[w], 1);
  check_cells(fx.s, c, n);
  gs__charts_free(c, n);
  fx_close(&fx);
}

static void plan_should_sort_axes_with_gammas_words_last(void) {
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"C\": [100, 1, 10], \"gamma\": [\"scale\", 0.1, 0.01, \"auto\"]}]", 0, NULL));
  size_t n = 0;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  CU_ASSERT_EQUAL(c[0].heatmap, 1);
  CU_ASSERT_EQUAL_FATAL(c[0].nx, 3);
  CU_ASSERT_EQUAL_FATAL(c[0].ny, 4);
  const size_t x_want[] = {1, 2, 0}, y_want[] = {2, 1, 0, 3}; /* 1 10 100; 0.01 0.1 'scale' 'auto' */
  for (size_t i = 0; i < 3; i++) CU_ASSERT_EQUAL(c[0].x_order[i], x_want[i]);
  for (size_t i = 0; i < 4; i++) CU_ASSERT_EQUAL(c[0].y_order[i], y_want[i]);
  check_cells(fx.s, c, n);
  gs__charts_free(c, n);
  fx_close(&fx);
  /* gamma of words only is still an axis (a line, points by rank) */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"gamma\": [\"scale\", \"auto\"]}]", 0, NULL));
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  CU_ASSERT_EQUAL(c[0].heatmap, 0);
  CU_ASSERT_EQUAL(c[0].x_key, GS_P_GAMMA);
  CU_ASSERT_EQUAL(c[0].x_order[0], 0);
  CU_ASSERT_EQUAL(c[0].x_order[1], 1);
  check_cells(fx.s, c, n);
  gs__charts_free(c, n);
  fx_close(&fx);
}

/* ---- the SVG text ---- */

/* The cell the chart should mark for scorer: the search's best when it is
 * in the chart, else the first (by candidate order) of the highest mean;
 * SIZE_MAX when no cell has a score. */
static size_t expected_best(const gs_search_t *s, const gs__chart_t *c, size_t scorer) {
  const gs_scorer_result_t *r = gs_search_scorer(s, scorer);
  size_t cells = c->nx * c->ny, best = SIZE_MAX;
  for (size_t i = 0; i < cells; i++)
    if (c->cand[i] == r->best) return i;
  for (size_t i = 0; i < cells; i++) {
    double m = r->mean[c->cand[i]];
    if (isnan(m)) continue;
    if (best == SIZE_MAX || m > r->mean[c->cand[best]] || (m == r->mean[c->cand[best]] && c->cand[i] < c->cand[best])) best = i;
  }
  return best;
}

static int well_formed(const char *svg, size_t len) {
  if (!svg || strlen(svg) != len) return 0;
  if (strncmp(svg, "<?xml", 5) && strncmp(svg, "<svg", 4)) return 0;
  size_t e = len;
  while (e > 0 && (svg[e - 1] == '\n' || svg[e - 1] == ' ')) e--;
  if (e < 6 || strncmp(svg + e - 6, "</svg>", 6)) return 0;
  return count(svg, "<svg ") == 1 && count(svg, "</svg>") == 1 && count(svg, "<text") == count(svg, "</text>");
}

/* Checks every chart of fx's (run) search for every scorer; returns how many
 * NaN cells it saw in all. */
static size_t check_svgs(const fx_t *fx) {
  size_t n = 0, nan_seen = 0;
  gs__chart_t *charts = gs__charts_plan(fx->s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(charts);
  const gs_config_t *cfg = gs_search_config(fx->s);
  for (size_t k = 0; k < n; k++)
    for (size_t i = 0; i < cfg->n_scorers; i++) {
      const gs__chart_t *c = &charts[k];
      const gs_scorer_result_t *r = gs_search_scorer(fx->s, i);
      size_t len = 0, nan_cells = 0;
      char *svg = gs__chart_svg(fx->s, c, i, &len);
      CU_ASSERT_FATAL(well_formed(svg, len));
      for (size_t cell = 0; cell < c->nx * c->ny; cell++) nan_cells += isnan(r->mean[c->cand[cell]]) ? 1u : 0u;
      nan_seen += nan_cells;
      size_t best = expected_best(fx->s, c, i);
      char want[160];
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, c->x_key == GS_P_C ? ">C</text>" : ">gamma</text>"));
      if (c->heatmap) {
        CU_ASSERT_EQUAL(count(svg, "width=\"90\" height=\"50\""), c->nx * c->ny);
        CU_ASSERT_EQUAL(count(svg, ">n/a</text>"), nan_cells);
        int w = GS_SVG_LEFT + (int)c->nx * GS_SVG_CELL_W + GS_SVG_RIGHT;
        int x0 = w < GS_SVG_MIN_W ? GS_SVG_LEFT + (GS_SVG_MIN_W - w) / 2 : GS_SVG_LEFT; /* centred at the minimum width */
        if (best == SIZE_MAX) {
          CU_ASSERT_EQUAL(count(svg, "fill=\"none\""), 0);
        } else {
          size_t bx = best % c->nx, by = best / c->nx;
          snprintf(want, sizeof want, "<rect x=\"%d\" y=\"%d\" width=\"86\" height=\"46\" fill=\"none\"",
                   x0 + (int)bx * GS_SVG_CELL_W + 2, GS_SVG_TOP + (int)(c->ny - 1 - by) * GS_SVG_CELL_H + 2);
          if (!strstr(svg, want)) fprintf(stderr, "chart %zu scorer %zu: no %s\n", k, i, want);
          CU_ASSERT_PTR_NOT_NULL(strstr(svg, want));
          CU_ASSERT_EQUAL(count(svg, "fill=\"none\""), 1);
          /* the outlined cell shows the best mean */
          snprintf(want, sizeof want, ">%.3f</text>", r->mean[c->cand[best]]);
          CU_ASSERT_PTR_NOT_NULL(strstr(svg, want));
        }
      } else {
        CU_ASSERT_EQUAL(count(svg, "r=\"4.5\""), c->nx - nan_cells); /* NaN points left out */
        CU_ASSERT_EQUAL(count(svg, "r=\"10\""), best == SIZE_MAX ? 0u : 1u);
        if (best != SIZE_MAX) {
          /* the ring sits on the point of the best position */
          size_t k_point = 0;
          for (size_t p = 0; p < best; p++) k_point += isnan(r->mean[c->cand[p]]) ? 0u : 1u;
          const char *q = strstr(svg, "r=\"4.5\"");
          for (size_t p = 0; q && p < k_point; p++) q = strstr(q + 1, "r=\"4.5\"");
          const char *ring = strstr(svg, "r=\"10\"");
          CU_ASSERT_FATAL(q && ring);
          while (q > svg && strncmp(q, "<circle", 7)) q--;
          while (ring > svg && strncmp(ring, "<circle", 7)) ring--;
          double px, py, rx, ry;
          CU_ASSERT_EQUAL_FATAL(sscanf(q, "<circle cx=\"%lf\" cy=\"%lf\"", &px, &py), 2);
          CU_ASSERT_EQUAL_FATAL(sscanf(ring, "<circle cx=\"%lf\" cy=\"%lf\"", &rx, &ry), 2);
          CU_ASSERT_EQUAL(px, rx);
          CU_ASSERT_EQUAL(py, ry);
        }
      }
      free(svg);
    }
  gs__charts_free(charts, n);
  return nan_seen;
}

static void svg_should_draw_every_chart_of_a_search(void) {
  /* candidate 2 (C=10, gamma=0.01) fails on fold 1: a NaN heatmap cell; the
   * search's best (linear) is in the line chart, so the heatmap outlines its
   * own highest mean */
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"C\": [1, 10, 100], \"gamma\": [0.01, 0.1]},"
                               " {\"kernel\": [\"linear\"], \"C\": [0.01, 0.1, 1]}]", 1, "2:1"));
  CU_ASSERT_EQUAL(check_svgs(&fx), 2); /* the NaN cell, once per scorer */
  fx_close(&fx);
}

static void svg_should_outline_the_searchs_best_when_charted(void) {
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"C\": [100, 1, 10], \"gamma\": [0.1, 0.01]}]", 1, NULL));
  size_t n = 0;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  size_t cells = c[0].nx * c[0].ny, hits = 0;
  for (size_t i = 0; i < cells; i++) hits += c[0].cand[i] == gs_search_scorer(fx.s, 0)->best;
  CU_ASSERT_EQUAL(hits, 1);
  gs__charts_free(c, n);
  CU_ASSERT_EQUAL(check_svgs(&fx), 0);
  fx_close(&fx);
}

static void svg_should_mark_nothing_without_scores(void) {
  /* every rbf fit fails: an all-"n/a" heatmap with no outline; the linear
   * C=0.01 fit fails on fold 0: its point is left out of the line */
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"C\": [1, 10, 100], \"gamma\": [0.01, 0.1]},"
                               " {\"kernel\": [\"linear\"], \"C\": [0.01, 0.1, 1]}]", 1, "0,1,2,3,4,5,6:0"));
  CU_ASSERT_EQUAL(check_svgs(&fx), 2 * (6 + 1));
  size_t n = 0;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  size_t len = 0;
  char *svg = gs__chart_svg(fx.s, &c[0], 0, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
  CU_ASSERT_EQUAL(count(svg, ">n/a</text>"), 6);
  CU_ASSERT_EQUAL(count(svg, "fill=\"none\""), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "no scores"));
  free(svg);
  gs__charts_free(c, n);
  fx_close(&fx);
}

static void svg_should_chart_gammas_words_by_rank(void) {
  /* a line over gamma with words: not a log axis; every point drawn */
  fx_t fx;
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"rbf\"], \"gamma\": [0.1, \"scale\", 0.01]}]", 1, NULL));
  size_t n = 0;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  size_t len = 0;
  char *svg = gs__chart_svg(fx.s, &c[0], 0, &len);
  CU_ASSERT_FATAL(well_formed(svg, len));
  CU_ASSERT_PTR_NULL(strstr(svg, "log scale"));
  CU_ASSERT_EQUAL(count(svg, "r=\"4.5\""), 3);
  /* ticks in axis order: 0.01, 0.1, scale */
  const char *a = strstr(svg, ">0.01</text>"), *b = strstr(svg, ">0.1</text>"), *s = strstr(svg, ">scale</text>");
  CU_ASSERT(a && b && s && a < b && b < s);
  free(svg);
  gs__charts_free(c, n);
  fx_close(&fx);
  /* numbers only over C: a log axis */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"kernel\": [\"linear\"], \"C\": [0.1, 1, 10]}]", 1, NULL));
  c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  svg = gs__chart_svg(fx.s, &c[0], 1, &len);
  CU_ASSERT_FATAL(well_formed(svg, len));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "x on a log scale"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">f1_macro</text>"));
  free(svg);
  gs__charts_free(c, n);
  fx_close(&fx);
}

/* ---- a preprocessing step as a grid dimension ---- */

static void plan_should_chart_each_scaler_apart_and_scalers_side_by_side(void) {
  fx_t fx;
  /* 0: C x gamma per scaler (3 heatmaps); 1: only the scaler varies (a line over the steps) */
  CU_ASSERT_FATAL(fx_open(&fx, "[{\"scaler\": [\"standard\", null, {\"minmax\": {\"feature_range\": [-1, 1]}}],"
                               " \"C\": [1, 10], \"gamma\": [0.1, \"scale\"]},"
                               " {\"scaler\": [\"maxabs\", null], \"C\": [1]}]", 1, NULL));
  size_t n = 99;
  gs__chart_t *c = gs__charts_plan(fx.s, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL_FATAL(n, 4);
  for (size_t i = 0; i < 3; i++) {
    CU_ASSERT_EQUAL(c[i].heatmap, 1);
    CU_ASSERT_EQUAL(c[i].x_key, GS_P_C);
    CU_ASSERT_EQUAL(c[i].y_key, GS_P_GAMMA);
    CU_ASSERT_EQUAL(c[i].n_groups, 3);
  }
  CU_ASSERT_STRING_EQUAL(c[0].fixed, "scaler=StandardScaler()");
  CU_ASSERT_STRING_EQUAL(c[1].fixed, "scaler=None");
  CU_ASSERT_STRING_EQUAL(c[2].fixed, "scaler=MinMaxScaler(feature_range=(-1, 1))");
  CU_ASSERT_EQUAL(c[3].subgrid, 1);
  CU_ASSERT_EQUAL(c[3].heatmap, 0);
  CU_ASSERT_EQUAL(c[3].x_key, GS_P_SCALER);
  CU_ASSERT_EQUAL(c[3].nx, 2);
  CU_ASSERT_STRING_EQUAL(c[3].fixed, "C=1");
  check_cells(fx.s, c, n);
  size_t len = 0;
  char *svg = gs__chart_svg(fx.s, &c[3], 0, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
  /* the steps are ticks in written order, as their repr */
  char *a = strstr(svg, ">MaxAbsScaler()</text>"), *b = strstr(svg, ">None</text>");
  CU_ASSERT_PTR_NOT_NULL(a);
  CU_ASSERT_PTR_NOT_NULL(b);
  CU_ASSERT(a && b && a < b);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">scaler</text>"));
  free(svg);
  gs__charts_free(c, n);
  fx_close(&fx);
}

static CU_TestInfo tests[] = {
  {"plan_should_chart_each_scaler_apart_and_scalers_side_by_side", plan_should_chart_each_scaler_apart_and_scalers_side_by_side},
  {"plan_should_give_a_heatmap_for_two_axes_and_a_line_for_one", plan_should_give_a_heatmap_for_two_axes_and_a_line_for_one},
  {"plan_should_skip_sub_grids_without_a_numeric_axis", plan_should_skip_sub_grids_without_a_numeric_axis},
  {"plan_should_split_other_varying_keys_into_groups", plan_should_split_other_varying_keys_into_groups},
  {"plan_should_sort_axes_with_gammas_words_last", plan_should_sort_axes_with_gammas_words_last},
  {"svg_should_draw_every_chart_of_a_search", svg_should_draw_every_chart_of_a_search},
  {"svg_should_outline_the_searchs_best_when_charted", svg_should_outline_the_searchs_best_when_charted},
  {"svg_should_mark_nothing_without_scores", svg_should_mark_nothing_without_scores},
  {"svg_should_chart_gammas_words_by_rank", svg_should_chart_gammas_words_by_rank},
  CU_TEST_INFO_NULL};
#define GS_SUITE "chart"
#define GS_SUITE_SETUP suite_setup
#define GS_SUITE_TEARDOWN suite_teardown
#include "cunit_main.h"

/* chart.h (private): which pictures a finished search gets. Per sub-grid of
 * param_grid with numeric axes that vary (C, gamma, degree, coef0; gamma's
 * "scale" and "auto" go after its numbers): two or more give a heatmap over the
 * first two of C, gamma, degree, coef0; one gives a line chart. Other keys
 * that vary in the sub-grid (kernel, class_weight, a third numeric axis)
 * split it into groups, one picture each. Every picture is drawn once per
 * scorer: heatmap_<scorer>_<k>.svg or line_<scorer>_<k>.svg, with _<g>
 * appended when the sub-grid has several groups (k, g from 0). The charts
 * are planned and drawn from the search's grid alone (gs_search_grid: its
 * candidates, their at[] indexes and its lists), never the config's
 * sub-grids. */
#ifndef GS_CHART_H
#define GS_CHART_H

#include <stddef.h>

#include "gridsearch/search.h"

typedef struct {
  size_t subgrid, group, n_groups;
  int heatmap;          /* 1: heatmap over x_key x y_key; 0: line over x_key */
  int x_key, y_key;     /* gs_param_key_t; y_key -1 for a line */
  size_t nx, ny;        /* values on each axis (ny 1 for a line) */
  size_t *cand;         /* ny x nx candidate indices (SIZE_MAX: none) */
  size_t *x_order, *y_order; /* value index (in the grid's list of the
                                sub-grid, gs_grid_t.lists) at each
                                position, ascending by value */
  char fixed[512];      /* the parameters every point shares, as Python would print them */
} gs__chart_t;

/* The charts of s (rank 0, after the run); *n of them, freed with
 * gs__charts_free. Returns NULL with *n = 0 when there are none or out of
 * memory. */
gs__chart_t *gs__charts_plan(const gs_search_t *s, size_t *n);

void gs__charts_free(gs__chart_t *charts, size_t n);

/* The chart's file name for scorer (index into the config's scorers). */
void gs__chart_file(const gs_search_t *s, const gs__chart_t *c, size_t scorer, char *buf, size_t len);

/* The chart for scorer as SVG text (malloc'd), or NULL when out of memory. */
char *gs__chart_svg(const gs_search_t *s, const gs__chart_t *c, size_t scorer, size_t *len);

#endif

/* svg.h: the two charts of report.md, as standalone SVG 1.1 text: a heatmap
 * of mean scores over two parameter axes, and a line chart over one.
 * Values on an axis are drawn in the order given, evenly spaced (a grid of
 * 1, 10, 100 is so a log scale); a line chart may place its points by
 * log10(x) instead. */
#ifndef GRIDSEARCH_SVG_H
#define GRIDSEARCH_SVG_H

#include <stddef.h>

/* Layout, in pixels: a heatmap is
 *   width  = max(GS_SVG_MIN_W, GS_SVG_LEFT + nx * GS_SVG_CELL_W + GS_SVG_RIGHT)
 *   height = GS_SVG_TOP + ny * GS_SVG_CELL_H + GS_SVG_BOTTOM
 * (the cells centred when the minimum width applies), and a line chart
 * GS_SVG_LINE_W x GS_SVG_LINE_H. */
#define GS_SVG_MIN_W 520
#define GS_SVG_LEFT 110
#define GS_SVG_RIGHT 30
#define GS_SVG_TOP 60
#define GS_SVG_BOTTOM 80
#define GS_SVG_CELL_W 90
#define GS_SVG_CELL_H 50
#define GS_SVG_LINE_W 640
#define GS_SVG_LINE_H 400

typedef struct {
  const char *title;             /* first line of the caption */
  const char *subtitle;          /* second line (fixed parameters), or NULL */
  const char *x_label, *y_label; /* axis names */
  size_t nx, ny;                 /* cells across and down (>= 1 each) */
  const char *const *x_ticks;    /* nx labels, left to right */
  const char *const *y_ticks;    /* ny labels, bottom to top */
  const double *z;               /* ny x nx mean scores, row y = y_ticks[y]; NaN: no score */
  size_t best_x, best_y;         /* the cell to outline */
} gs_svg_heatmap_t;

/* The heatmap as SVG text (malloc'd, *len bytes, NUL-terminated): cells
 * coloured by value (viridis, from the lowest to the highest score shown),
 * the value printed in each (NaN: grey, "n/a"), the best cell outlined,
 * both axes labelled. NULL when out of memory. */
char *gs_svg_heatmap(const gs_svg_heatmap_t *h, size_t *len);

typedef struct {
  const char *title, *subtitle;
  const char *x_label, *y_label;
  size_t n;                      /* points (>= 1) */
  const double *x;               /* positions (log10 taken when log_x) */
  int log_x;                     /* all x > 0 */
  const char *const *x_ticks;    /* n labels */
  const double *y;               /* mean scores; NaN: point left out */
  const double *err;             /* half-height of the error bar (2 std), or NULL */
  size_t best;                   /* the point to mark */
} gs_svg_line_t;

/* The line chart as SVG text, as above: points joined in order, error bars,
 * the best point ringed, both axes labelled. */
char *gs_svg_line(const gs_svg_line_t *l, size_t *len);

#endif

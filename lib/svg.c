/* svg.c: heatmap and line chart as SVG text (svg.h). Plain SVG 1.1 with
 * presentation attributes only, so every renderer (browsers, GitHub,
 * rsvg-convert) draws the same picture. */
#include "gridsearch/svg.h"

#include <math.h>
#include <stdio.h>

#include "sbuf.h"

/* viridis at five stops, interpolated linearly */
static void colour(double t, int rgb[3]) {
  static const int stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  if (!(t >= 0)) t = 0;
  if (t > 1) t = 1;
  double p = t * 4;
  int i = (int)p;
  if (i > 3) i = 3;
  double f = p - i;
  for (int k = 0; k < 3; k++) rgb[k] = (int)lround(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
}

static void head(gs__sbuf_t *b, int w, int h, const char *title, const char *subtitle) {
  gs__sb_printf(b,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
                "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                w, h, w, h, w, h);
  gs__sb_printf(b, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\" text-anchor=\"middle\">", w / 2);
  gs__sb_xml(b, title ? title : "");
  gs__sb_printf(b, "</text>\n");
  if (subtitle && *subtitle) {
    gs__sb_printf(b, "<text x=\"%d\" y=\"44\" font-size=\"12\" text-anchor=\"middle\" fill=\"#444444\">", w / 2);
    gs__sb_xml(b, subtitle);
    gs__sb_printf(b, "</text>\n");
  }
}

static void text(gs__sbuf_t *b, double x, double y, int size, const char *anchor, const char *fill, const char *t) {
  gs__sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\">", x, y, size, anchor, fill);
  gs__sb_xml(b, t);
  gs__sb_printf(b, "</text>\n");
}

/* the y axis name, rotated, centred on [top, bottom] */
static void y_label(gs__sbuf_t *b, double x, double top, double bottom, const char *t) {
  double cy = (top + bottom) / 2;
  gs__sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">", x,
                cy, x, cy);
  gs__sb_xml(b, t);
  gs__sb_printf(b, "</text>\n");
}

char *gs_svg_heatmap(const gs_svg_heatmap_t *h, size_t *len) {
  gs__sbuf_t b = {0};
  int w = GS_SVG_LEFT + (int)h->nx * GS_SVG_CELL_W + GS_SVG_RIGHT;
  const int x0 = w < GS_SVG_MIN_W ? GS_SVG_LEFT + (GS_SVG_MIN_W - w) / 2 : GS_SVG_LEFT; /* the cells' left edge */
  if (w < GS_SVG_MIN_W) w = GS_SVG_MIN_W;
  int ht = GS_SVG_TOP + (int)h->ny * GS_SVG_CELL_H + GS_SVG_BOTTOM;
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < h->nx * h->ny; i++)
    if (!isnan(h->z[i])) {
      if (h->z[i] < lo) lo = h->z[i];
      if (h->z[i] > hi) hi = h->z[i];
    }
  head(&b, w, ht, h->title, h->subtitle);
  char num[64];
  for (size_t y = 0; y < h->ny; y++) {
    /* row 0 at the bottom, as on a plot */
    int top = GS_SVG_TOP + (int)(h->ny - 1 - y) * GS_SVG_CELL_H;
    for (size_t x = 0; x < h->nx; x++) {
      int left = x0 + (int)x * GS_SVG_CELL_W;
      double z = h->z[y * h->nx + x];
      int rgb[3] = {204, 204, 204};
      if (!isnan(z)) colour(hi > lo ? (z - lo) / (hi - lo) : 0.5, rgb);
      gs__sb_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%02x%02x%02x\" stroke=\"#ffffff\"/>\n", left, top,
                    GS_SVG_CELL_W, GS_SVG_CELL_H, rgb[0], rgb[1], rgb[2]);
      /* dark text on light cells, light text on dark ones */
      double lum = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
      if (isnan(z)) snprintf(num, sizeof num, "n/a");
      else snprintf(num, sizeof num, "%.3f", z);
      text(&b, left + GS_SVG_CELL_W / 2.0, top + GS_SVG_CELL_H / 2.0 + 5, 14, "middle", lum > 140 ? "#000000" : "#ffffff", num);
    }
  }
  if (h->best_x < h->nx && h->best_y < h->ny) {
    int left = x0 + (int)h->best_x * GS_SVG_CELL_W;
    int top = GS_SVG_TOP + (int)(h->ny - 1 - h->best_y) * GS_SVG_CELL_H;
    gs__sb_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#e41a1c\" stroke-width=\"4\"/>\n",
                  left + 2, top + 2, GS_SVG_CELL_W - 4, GS_SVG_CELL_H - 4);
  }
  int grid_bottom = GS_SVG_TOP + (int)h->ny * GS_SVG_CELL_H;
  for (size_t x = 0; x < h->nx; x++)
    text(&b, x0 + (double)x * GS_SVG_CELL_W + GS_SVG_CELL_W / 2.0, grid_bottom + 18, 12, "middle", "#000000", h->x_ticks[x]);
  for (size_t y = 0; y < h->ny; y++)
    text(&b, x0 - 8, GS_SVG_TOP + (double)(h->ny - 1 - y) * GS_SVG_CELL_H + GS_SVG_CELL_H / 2.0 + 4, 12, "end", "#000000",
         h->y_ticks[y]);
  text(&b, x0 + (double)h->nx * GS_SVG_CELL_W / 2, grid_bottom + 40, 13, "middle", "#000000", h->x_label);
  y_label(&b, x0 - 86, GS_SVG_TOP, grid_bottom, h->y_label);
  char legend[160];
  if (lo <= hi) snprintf(legend, sizeof legend, "colour: mean score, %.3f (dark) to %.3f (light); best outlined", lo, hi);
  else snprintf(legend, sizeof legend, "no scores");
  text(&b, w / 2.0, grid_bottom + 64, 11, "middle", "#444444", legend);
  gs__sb_printf(&b, "</svg>\n");
  return gs__sb_take(&b, len);
}

char *gs_svg_line(const gs_svg_line_t *l, size_t *len) {
  gs__sbuf_t b = {0};
  const int w = GS_SVG_LINE_W, ht = GS_SVG_LINE_H;
  const double left = 90, right = w - 30.0, top = 60, bottom = ht - 70.0;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (size_t i = 0; i < l->n; i++) {
    double x = l->log_x ? log10(l->x[i]) : l->x[i];
    if (x < xlo) xlo = x;
    if (x > xhi) xhi = x;
    if (isnan(l->y[i])) continue;
    double e = l->err && !isnan(l->err[i]) ? l->err[i] : 0;
    if (l->y[i] - e < ylo) ylo = l->y[i] - e;
    if (l->y[i] + e > yhi) yhi = l->y[i] + e;
  }
  if (!(ylo <= yhi)) { ylo = 0; yhi = 1; }
  if (yhi - ylo < 1e-6) { ylo -= 0.005; yhi += 0.005; }
  double pad = (yhi - ylo) * 0.08;
  ylo -= pad;
  yhi += pad;
  if (xhi - xlo <= 0) { xlo -= 1; xhi += 1; }
  double xpad = (xhi - xlo) * 0.06;
  xlo -= xpad;
  xhi += xpad;
#define PX(v) (left + ((v) - xlo) / (xhi - xlo) * (right - left))
#define PY(v) (bottom - ((v) - ylo) / (yhi - ylo) * (bottom - top))
  head(&b, w, ht, l->title, l->subtitle);
  gs__sb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f7f7f7\" stroke=\"#888888\"/>\n", left, top,
                right - left, bottom - top);
  char num[64];
  for (int k = 0; k <= 4; k++) { /* y grid lines and ticks */
    double v = ylo + (yhi - ylo) * k / 4;
    gs__sb_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", left, PY(v), right, PY(v));
    snprintf(num, sizeof num, "%.3f", v);
    text(&b, left - 6, PY(v) + 4, 11, "end", "#000000", num);
  }
  for (size_t i = 0; i < l->n; i++) {
    double x = PX(l->log_x ? log10(l->x[i]) : l->x[i]);
    gs__sb_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>\n", x, bottom, x, bottom + 5);
    text(&b, x, bottom + 18, 11, "middle", "#000000", l->x_ticks[i]);
  }
  /* error bars, then the line, then the points */
  for (size_t i = 0; l->err && i < l->n; i++) {
    if (isnan(l->y[i]) || isnan(l->err[i])) continue;
    double x = PX(l->log_x ? log10(l->x[i]) : l->x[i]);
    gs__sb_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#3b528b\" stroke-width=\"1.5\"/>\n", x,
                  PY(l->y[i] - l->err[i]), x, PY(l->y[i] + l->err[i]));
  }
  gs__sb_printf(&b, "<polyline fill=\"none\" stroke=\"#21918c\" stroke-width=\"2.5\" points=\"");
  for (size_t i = 0; i < l->n; i++)
    if (!isnan(l->y[i])) gs__sb_printf(&b, "%.1f,%.1f ", PX(l->log_x ? log10(l->x[i]) : l->x[i]), PY(l->y[i]));
  gs__sb_printf(&b, "\"/>\n");
  for (size_t i = 0; i < l->n; i++) {
    if (isnan(l->y[i])) continue;
    double x = PX(l->log_x ? log10(l->x[i]) : l->x[i]), y = PY(l->y[i]);
    gs__sb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#21918c\"/>\n", x, y);
    if (i == l->best)
      gs__sb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"10\" fill=\"none\" stroke=\"#e41a1c\" stroke-width=\"3\"/>\n", x, y);
  }
#undef PX
#undef PY
  text(&b, (left + right) / 2, bottom + 42, 13, "middle", "#000000", l->x_label);
  y_label(&b, 22, top, bottom, l->y_label);
  text(&b, (left + right) / 2, ht - 8, 11, "middle", "#444444",
       l->log_x ? "x on a log scale; bars: +/- 2 std over the folds; best ringed" : "bars: +/- 2 std over the folds; best ringed");
  gs__sb_printf(&b, "</svg>\n");
  return gs__sb_take(&b, len);
}

/* test_svg.c: the SVG writer: sizes from svg.h's layout, one cell per
 * value, NaN cells grey and "n/a", text escaped, the best cell outlined, the
 * line chart's points and log axis. (tests/test_report.sh renders real
 * charts with rsvg-convert.) */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/svg.h"

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static void heatmap_should_follow_the_layout(void) {
  const char *xt[] = {"1", "10", "100", "1000", "10000", "1e+05"}, *yt[] = {"0.001", "0.01"};
  double z[12];
  for (int i = 0; i < 12; i++) z[i] = 0.5 + 0.01 * i;
  z[7] = NAN;
  gs_svg_heatmap_t h = {"t <&> \"q\"", "kernel='rbf'", "C", "gamma", 6, 2, xt, yt, z, 4, 1};
  size_t len = 0;
  char *svg = gs_svg_heatmap(&h, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
  CU_ASSERT_EQUAL(len, strlen(svg));
  char want[64];
  /* 6 x 2 cells: 110 + 6 * 90 + 30 = 680 wide (over the 520 minimum), 60 + 2 * 50 + 80 = 240 high */
  snprintf(want, sizeof want, "width=\"%d\" height=\"%d\"", GS_SVG_LEFT + 6 * GS_SVG_CELL_W + GS_SVG_RIGHT,
           GS_SVG_TOP + 2 * GS_SVG_CELL_H + GS_SVG_BOTTOM);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "width=\"680\" height=\"240\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, want));
  CU_ASSERT_EQUAL(count(svg, "width=\"90\" height=\"50\""), 12);
  CU_ASSERT_EQUAL(count(svg, ">n/a</text>"), 1);
  CU_ASSERT_EQUAL(count(svg, "fill=\"#cccccc\""), 1);             /* the NaN cell */
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">0.610</text>"));            /* z[11], the highest */
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "t &lt;&amp;&gt; &quot;q&quot;"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "kernel=&apos;rbf&apos;"));
  CU_ASSERT_PTR_NULL(strstr(svg, "<&>"));
  /* the best cell (x 4, y 1: the top row) outlined at its place */
  snprintf(want, sizeof want, "<rect x=\"%d\" y=\"%d\" width=\"86\" height=\"46\" fill=\"none\"", GS_SVG_LEFT + 4 * 90 + 2,
           GS_SVG_TOP + 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, want));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">gamma</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "0.500 (dark) to 0.610 (light)"));
  CU_ASSERT(strncmp(svg, "<?xml", 5) == 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "</svg>\n"));
  free(svg);
}

static void narrow_heatmap_should_keep_the_minimum_width(void) {
  const char *xt[] = {"1"}, *yt[] = {"2", "3"};
  double z[2] = {0.9, 0.9};
  gs_svg_heatmap_t h = {"t", NULL, "C", "degree", 1, 2, xt, yt, z, 9, 9}; /* no best: nothing outlined */
  char *svg = gs_svg_heatmap(&h, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "width=\"520\" height=\"240\""));
  CU_ASSERT_EQUAL(count(svg, "fill=\"none\""), 0);
  free(svg);
}

static void line_chart_should_plot_every_finite_point(void) {
  const char *xt[] = {"0.01", "0.1", "1", "10"};
  double x[] = {0.01, 0.1, 1, 10}, y[] = {0.9, NAN, 0.95, 0.93}, e[] = {0.01, 0.02, 0.01, 0.03};
  gs_svg_line_t l = {"t", "s", "C", "accuracy", 4, x, 1, xt, y, e, 2};
  char *svg = gs_svg_line(&l, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "width=\"640\" height=\"400\""));
  CU_ASSERT_EQUAL(count(svg, "r=\"4.5\""), 3);   /* the NaN point left out */
  CU_ASSERT_EQUAL(count(svg, "r=\"10\""), 1);    /* the best ringed */
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "x on a log scale"));
  /* log scale: the four x ticks (grey 5-pixel lines) evenly spaced */
  double pos[4];
  int ticks = 0;
  for (const char *q = strstr(svg, "<line x1=\""); q && ticks < 4; q = strstr(q + 1, "<line x1=\"")) {
    const char *end = strstr(q, "/>");
    if (!end) break;
    const char *grey = strstr(q, "stroke=\"#888888\"");
    if (grey && grey < end) pos[ticks++] = atof(q + strlen("<line x1=\""));
  }
  CU_ASSERT_EQUAL_FATAL(ticks, 4);
  CU_ASSERT(fabs((pos[1] - pos[0]) - (pos[3] - pos[2])) < 0.2);
  CU_ASSERT(fabs((pos[2] - pos[1]) - (pos[1] - pos[0])) < 0.2);
  CU_ASSERT(pos[1] - pos[0] > 100);
  free(svg);
}

static CU_TestInfo tests[] = {
  {"heatmap_should_follow_the_layout", heatmap_should_follow_the_layout},
  {"narrow_heatmap_should_keep_the_minimum_width", narrow_heatmap_should_keep_the_minimum_width},
  {"line_chart_should_plot_every_finite_point", line_chart_should_plot_every_finite_point},
  CU_TEST_INFO_NULL};
#define GS_SUITE "svg"
#include "cunit_main.h"

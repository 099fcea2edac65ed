/* csvcmp.c: compares two CSV files column by column, by header name.
 * usage: csvcmp ACTUAL EXPECTED [--tol T] [--ignore a,b,...] [--subset]
 * Every column of EXPECTED (minus --ignore) must exist in ACTUAL (and, without
 * --subset, the reverse) with the same rows; numeric cells must agree within
 * T (absolute, default 1e-9), other cells exactly; an empty cell (NaN) only
 * matches an empty cell. Prints each difference; exit 0 when equal, 1 when
 * not, 2 on bad usage or unreadable input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  size_t rows, cols;
  char ***cell; /* rows x cols, row 0 = header */
} csv_t;

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

/* RFC 4180 parser: quoted cells with doubled quotes. */
static int parse(const char *text, csv_t *c) {
  memset(c, 0, sizeof *c);
  size_t rcap = 16;
  c->cell = calloc(rcap, sizeof *c->cell);
  const char *p = text;
  while (*p) {
    size_t ccap = 16, nc = 0;
    char **row = calloc(ccap, sizeof *row);
    for (;;) {
      char *cell = malloc(strlen(p) + 1);
      size_t k = 0;
      if (*p == '"') {
        p++;
        while (*p && !(*p == '"' && p[1] != '"')) {
          if (*p == '"') p++;
          cell[k++] = *p++;
        }
        if (*p == '"') p++;
      } else {
        while (*p && *p != ',' && *p != '\n' && *p != '\r') cell[k++] = *p++;
      }
      cell[k] = '\0';
      if (nc == ccap) row = realloc(row, (ccap *= 2) * sizeof *row);
      row[nc++] = cell;
      if (*p == ',') { p++; continue; }
      if (*p == '\r') p++;
      if (*p == '\n') p++;
      break;
    }
    if (c->rows == 0) c->cols = nc;
    else if (nc != c->cols) return -1;
    if (c->rows == rcap) c->cell = realloc(c->cell, (rcap *= 2) * sizeof *c->cell);
    c->cell[c->rows++] = row;
  }
  return c->rows ? 0 : -1;
}

static long col_of(const csv_t *c, const char *name) {
  for (size_t j = 0; j < c->cols; j++)
    if (!strcmp(c->cell[0][j], name)) return (long)j;
  return -1;
}

static int is_ignored(const char *name, const char *list) {
  if (!list) return 0;
  size_t n = strlen(name);
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && !strncmp(p, name, n)) return 1;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

static int numeric(const char *s, double *v) {
  char *end;
  if (!*s) return 0;
  *v = strtod(s, &end);
  return *end == '\0';
}

int main(int argc, char **argv) {
  double tol = 1e-9;
  const char *ignore = NULL;
  int subset = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: csvcmp ACTUAL EXPECTED [--tol T] [--ignore a,b] [--subset]\n");
    return 2;
  }
  for (int i = 3; i < argc; i++) {
    if (!strcmp(argv[i], "--tol") && i + 1 < argc) tol = atof(argv[++i]);
    else if (!strcmp(argv[i], "--ignore") && i + 1 < argc) ignore = argv[++i];
    else if (!strcmp(argv[i], "--subset")) subset = 1;
    else { fprintf(stderr, "csvcmp: unknown argument %s\n", argv[i]); return 2; }
  }
  char *ta = read_all(argv[1]), *tb = read_all(argv[2]);
  csv_t a, b;
  if (!ta || !tb) { fprintf(stderr, "csvcmp: cannot read %s\n", !ta ? argv[1] : argv[2]); return 2; }
  if (parse(ta, &a) || parse(tb, &b)) { fprintf(stderr, "csvcmp: malformed CSV\n"); return 2; }
  int diffs = 0;
  if (a.rows != b.rows) {
    printf("row count: %zu, expected %zu\n", a.rows - 1, b.rows - 1);
    return 1;
  }
  for (size_t j = 0; j < b.cols; j++) {
    const char *name = b.cell[0][j];
    if (is_ignored(name, ignore)) continue;
    long ja = col_of(&a, name);
    if (ja < 0) { printf("missing column %s\n", name); diffs++; continue; }
    for (size_t r = 1; r < b.rows; r++) {
      const char *x = a.cell[r][ja], *y = b.cell[r][j];
      double vx, vy;
      int same;
      if (numeric(x, &vx) && numeric(y, &vy)) same = fabs(vx - vy) <= tol;
      else same = !strcmp(x, y);
      if (!same) {
        if (diffs < 20) printf("row %zu column %s: %s, expected %s\n", r, name, x, y);
        diffs++;
      }
    }
  }
  if (!subset)
    for (size_t j = 0; j < a.cols; j++)
      if (!is_ignored(a.cell[0][j], ignore) && col_of(&b, a.cell[0][j]) < 0) { printf("extra column %s\n", a.cell[0][j]); diffs++; }
  if (diffs) printf("%d difference%s\n", diffs, diffs == 1 ? "" : "s");
  return diffs ? 1 : 0;
}

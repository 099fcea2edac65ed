/* dataset.c: CSV and LIBSVM loaders. Each line is read whole (up to
 * GS_DATASET_MAX_LINE), parsed strictly, and any defect reported with its
 * file, line and column. */
#include "gridsearch/dataset.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/csr.h"
#include "infile.h"

#ifndef GS_DATA_DIR
#define GS_DATA_DIR "data"
#endif
#ifndef GS_INSTALL_DATA_DIR
#define GS_INSTALL_DATA_DIR "/usr/local/share/gridsearch"
#endif

/* A growing buffer of rows while loading. */
typedef struct {
  double *X;
  long *y;
  size_t rows, cap_rows, cols;
  gs_csr_t *csr;  /* a LIBSVM set kept sparse (X unused) */
} builder_t;

/* Room for at least `rows` rows of `cols` values, growing by doubling; the
 * first reservation is at most 64 MiB (or exactly one row when a row is
 * larger), so a wide first row does not ask for 256 rows' worth at once. */
static int builder_reserve(builder_t *b, size_t rows, size_t cols) {
  if (cols && rows > SIZE_MAX / sizeof(double) / cols) return GS_ENOMEM;
  if (rows > b->cap_rows || (b->X && cols != b->cols)) {
    size_t first = cols ? (64u << 20) / (cols * sizeof(double)) : 256;
    size_t cap = b->cap_rows ? b->cap_rows : (first < 1 ? 1 : first > 256 ? 256 : first);
    while (cap < rows) cap = cap > SIZE_MAX / 2 ? rows : cap * 2;
    if (cols && cap > SIZE_MAX / sizeof(double) / cols) cap = rows;
    double *X = realloc(b->X, cap * cols * sizeof *X);
    if (!X) return GS_ENOMEM;
    b->X = X;
    long *y = realloc(b->y, cap * sizeof *y);
    if (!y) return GS_ENOMEM;
    b->y = y;
    b->cap_rows = cap;
  }
  b->cols = cols;
  return GS_OK;
}

/* Reads one line (without its newline) into *buf; returns its length, -1 at
 * end of file, -2 as soon as it is longer than GS_DATASET_MAX_LINE, -3 on a
 * read error. */
static long read_line(FILE *f, char **buf, size_t *cap) {
  size_t len = 0;
  int c;
  if (!*buf) {
    *cap = 4096;
    *buf = malloc(*cap);
    if (!*buf) return -3;
  }
  while ((c = getc(f)) != EOF) {
    if (c == '\n') break;
    if (len + 1 >= *cap) {
      if (*cap >= GS_DATASET_MAX_LINE) return -2; /* the load fails: no need to read on */
      size_t ncap = *cap * 2;
      char *p = realloc(*buf, ncap);
      if (!p) return -3;
      *buf = p;
      *cap = ncap;
    }
    (*buf)[len++] = (char)c;
  }
  if (c == EOF && ferror(f)) return -3;
  if (c == EOF && len == 0) return -1;
  if (len > 0 && (*buf)[len - 1] == '\r') len--;
  (*buf)[len] = '\0';
  return (long)len;
}

/* What a cell holds, by the number rule (docs/config.md, "Data sets"). */
enum {
  NUM_OK = 0,      /* a finite decimal number */
  NUM_NOT = 1,     /* text that strtod does not read whole, or nothing */
  NUM_INFNAN = 2,  /* a decimal number too large for a double, or inf/nan */
  NUM_OTHER = 3    /* strtod reads it whole, but not as decimal: hex (0x1p3) */
};

/* True when [s, e) is a decimal number: [+-] digits [. digits] or
 * [+-] . digits, then optionally [eE] [+-] digits; any number of digits. */
static int is_decimal(const char *s, const char *e) {
  const char *p = s;
  size_t digits = 0;
  if (p < e && (*p == '+' || *p == '-')) p++;
  for (; p < e && *p >= '0' && *p <= '9'; p++) digits++;
  if (p < e && *p == '.')
    for (p++; p < e && *p >= '0' && *p <= '9'; p++) digits++;
  if (!digits) return 0;
  if (p < e && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < e && (*p == '+' || *p == '-')) p++;
    const char *x = p;
    while (p < e && *p >= '0' && *p <= '9') p++;
    if (p == x) return 0;
  }
  return p == e;
}

/* Classifies [s, e) (no surrounding blanks; s[e - s] is a byte that ends a
 * number: ',', a blank or NUL) and stores a NUM_OK value in *out. */
static int classify_number(const char *s, const char *e, double *out) {
  char *end;
  if (s == e) return NUM_NOT;
  int decimal = is_decimal(s, e);
  double v = strtod(s, &end); /* reads up to e at most when decimal */
  if (!decimal) return end == e ? (isfinite(v) ? NUM_OTHER : NUM_INFNAN) : NUM_NOT;
  if (!isfinite(v)) return NUM_INFNAN;
  *out = v;
  return NUM_OK;
}

/* Trims spaces and tabs off [*s, *e). */
static void trim_blanks(const char **s, const char **e) {
  while (*s < *e && (**s == ' ' || **s == '\t')) (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t')) (*e)--;
}

/* Parses a finite decimal double from [s, e), blanks around it ignored;
 * returns a NUM_* class (NUM_OK: *out set). */
static int parse_number(const char *s, const char *e, double *out) {
  trim_blanks(&s, &e);
  return classify_number(s, e, out);
}

/* The label rule on [s, e) exactly: a NUM_OK number whose double value is an
 * integer below 2^53 in magnitude (so distinct labels stay distinct). */
static int label_value(const char *s, const char *e, long *out) {
  double v;
  if (classify_number(s, e, &v) != NUM_OK) return 1;
  if (v != floor(v) || !(fabs(v) < 9007199254740992.0)) return 1;
  *out = (long)v;
  return 0;
}

/* Parses an integer label, blanks around it ignored; returns 0, or 1 when
 * it is not one. */
static int parse_label(const char *s, const char *e, long *out) {
  trim_blanks(&s, &e);
  return label_value(s, e, out);
}

int gs_dataset_parse_label(const char *s, size_t len, long *out) {
  if (memchr(s, 0, len)) return GS_EDATA;
  /* classify_number needs a byte that ends a number after the text */
  char *copy = malloc(len + 1);
  if (!copy) return GS_ENOMEM;
  memcpy(copy, s, len);
  copy[len] = '\0';
  int rc = label_value(copy, copy + len, out) ? GS_EDATA : GS_OK;
  free(copy);
  return rc;
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

/* Fills n_classes/classes from y. */
static int dataset_index_classes(gs_dataset_t *ds) {
  long *sorted = malloc((ds->n_samples ? ds->n_samples : 1) * sizeof *sorted);
  if (!sorted) return GS_ENOMEM;
  memcpy(sorted, ds->y, ds->n_samples * sizeof *sorted);
  qsort(sorted, ds->n_samples, sizeof *sorted, cmp_long);
  size_t k = 0;
  for (size_t i = 0; i < ds->n_samples; i++)
    if (k == 0 || sorted[k - 1] != sorted[i]) sorted[k++] = sorted[i];
  ds->n_classes = k;
  ds->classes = sorted;
  return GS_OK;
}

static const char *csv_cell_end(const char *p) {
  while (*p && *p != ',') p++;
  return p;
}

/* Drops a UTF-8 byte order mark opening the file's first line; columns are
 * then counted from after it. */
static long strip_bom(char *line, long len, size_t lineno) {
  if (lineno != 1 || len < 3 || memcmp(line, "\xef\xbb\xbf", 3) != 0) return len;
  memmove(line, line + 3, (size_t)len - 2); /* with the NUL */
  return len - 3;
}

/* A first row is a header when one of its cells, blanks around it ignored,
 * is text that strtod does not read whole (an empty cell is not text: that
 * row is data, and its empty cell an error). A row of numbers, of any length
 * or spelling (hex, inf and nan included), is never a header. */
static int csv_is_header(const char *line) {
  for (const char *s = line;;) {
    const char *e = csv_cell_end(s), *t = s, *u = e;
    double v;
    trim_blanks(&t, &u);
    if (t < u && classify_number(t, u, &v) == NUM_NOT) return 1;
    if (!*e) return 0;
    s = e + 1;
  }
}

/* The message for a feature cell [s, e) of class r. */
static const char *cell_problem(int r) {
  return r == NUM_INFNAN ? "non-finite value \"%.*s\" (NaN and Inf are not allowed)"
         : r == NUM_OTHER ? "not a decimal number: \"%.*s\" (hexadecimal and other forms are not accepted)"
                          : "not a number: \"%.*s\"";
}

static int load_csv(builder_t *b, FILE *f, const char *path, gs_error_t *err) {
  char *line = NULL;
  size_t cap = 0, lineno = 0, cols = 0;
  int rc = GS_OK;
  long len;
  while ((len = read_line(f, &line, &cap)) >= 0) {
    lineno++;
    len = strip_bom(line, len, lineno);
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0') continue; /* blank lines carry nothing */
    if (memchr(line, 0, (size_t)len) != NULL) {
      rc = gs_error_set(err, GS_EDATA, path, (long)lineno, (long)(strlen(line) + 1), "NUL byte in data");
      goto done;
    }
    /* count cells */
    size_t ncell = 1;
    for (const char *q = line; *q; q++) ncell += (*q == ',');
    if (cols == 0) {
      int header = csv_is_header(line);
      if (ncell < 2) {
        rc = gs_error_set(err, GS_EDATA, path, (long)lineno, 1,
                          "a row needs at least one feature and a label, got %zu column", ncell);
        goto done;
      }
      cols = ncell;
      if (header && b->rows == 0) continue;
    }
    if (ncell != cols) {
      rc = gs_error_set(err, GS_EDATA, path, (long)lineno, 0,
                        "ragged row: %zu columns, expected %zu as in the first row", ncell, cols);
      goto done;
    }
    if ((rc = builder_reserve(b, b->rows + 1, cols - 1)) != GS_OK) {
      gs_error_set(err, rc, path, (long)lineno, 0, "out of memory");
      goto done;
    }
    double *row = b->X + b->rows * (cols - 1);
    const char *s = line;
    for (size_t j = 0; j < cols; j++) {
      const char *e = csv_cell_end(s);
      long col = (long)(s - line) + 1;
      if (j + 1 < cols) {
        int r = parse_number(s, e, &row[j]);
        if (r) {
          rc = gs_error_set(err, GS_EDATA, path, (long)lineno, col, cell_problem(r), (int)(e - s > 40 ? 40 : e - s), s);
          goto done;
        }
      } else if (parse_label(s, e, &b->y[b->rows])) {
        rc = gs_error_set(err, GS_EDATA, path, (long)lineno, col, "label must be an integer, got \"%.*s\"",
                          (int)(e - s > 40 ? 40 : e - s), s);
        goto done;
      }
      s = e + 1;
    }
    b->rows++;
  }
  if (len == -2)
    rc = gs_error_set(err, GS_EDATA, path, (long)lineno + 1, 0, "line longer than %u bytes", GS_DATASET_MAX_LINE);
  else if (len == -3)
    rc = gs_error_set(err, GS_EIO, path, (long)lineno + 1, 0, "read error: %s", strerror(errno));
done:
  free(line);
  return rc;
}

/* Whether a LIBSVM set of rows x cols with nnz stored values stays sparse
 * under the policy (docs/config.md, "Data sets"). */
static int keep_sparse(int sparse, size_t rows, size_t cols, size_t nnz) {
  if (sparse == GS_SPARSE_ALWAYS) return 1;
  return sparse == GS_SPARSE_AUTO && (double)nnz < GS_DATASET_SPARSE_DENSITY * (double)rows * (double)cols;
}

/* Moves the parsed rows into b->csr (indices 0-based). */
static int libsvm_to_csr(builder_t *b, size_t rows, size_t cols, size_t nnz, const size_t *rowstart, const size_t *idx,
                         const double *val, const long *labels) {
  if (!(b->csr = gs_csr_new(rows, cols, nnz)) || !(b->y = malloc(rows * sizeof *b->y))) return GS_ENOMEM;
  memcpy(b->csr->indptr, rowstart, (rows + 1) * sizeof *rowstart);
  for (size_t k = 0; k < nnz; k++) {
    b->csr->indices[k] = (int)(idx[k] - 1);
    b->csr->values[k] = val[k];
  }
  gs_csr_finish(b->csr);
  memcpy(b->y, labels, rows * sizeof *labels);
  b->rows = rows;
  b->cols = cols;
  return GS_OK;
}

/* Densifies the parsed rows into b (zeros where no value was given). */
static int libsvm_to_dense(builder_t *b, size_t rows, size_t cols, const size_t *rowstart, const size_t *idx,
                           const double *val, const long *labels) {
  b->cap_rows = rows; /* exactly: the row count is known */
  b->X = malloc(rows * cols * sizeof *b->X);
  b->y = malloc(rows * sizeof *b->y);
  b->cols = cols;
  if (!b->X || !b->y) return GS_ENOMEM;
  memset(b->X, 0, rows * cols * sizeof *b->X);
  for (size_t r = 0; r < rows; r++) {
    b->y[r] = labels[r];
    for (size_t k = rowstart[r]; k < rowstart[r + 1]; k++) b->X[r * cols + idx[k] - 1] = val[k];
  }
  b->rows = rows;
  return GS_OK;
}

/* A LIBSVM file's rows as parsed: a sparse list (1-based indices). */
typedef struct {
  size_t *idx, *rowstart;
  double *val;
  long *labels;
  size_t nnz, capnz, rows, caprows, max_index;
} svm_rows_t;

static void svm_rows_free(svm_rows_t *t) {
  free(t->idx);
  free(t->val);
  free(t->rowstart);
  free(t->labels);
}

/* The "index:value" pair at p (the index above `last`): *ix, *v, and *next
 * just past it. GS_EDATA, placed, for a malformed one. */
static int parse_pair(char *p, const char *line, const char *path, size_t lineno, size_t last, unsigned long long *ix,
                      double *v, char **next, gs_error_t *err) {
  long col = (long)(p - line) + 1;
  char *colon = p;
  while (*colon && *colon != ':' && *colon != ' ' && *colon != '\t') colon++;
  if (*colon != ':')
    return gs_error_set(err, GS_EDATA, path, (long)lineno, col, "expected index:value, got \"%.*s\"",
                        (int)(colon - p > 40 ? 40 : colon - p), p);
  char *end;
  errno = 0;
  *ix = strtoull(p, &end, 10);
  if (end != colon || p == colon || *p == '-' || *p == '+' || errno)
    return gs_error_set(err, GS_EDATA, path, (long)lineno, col, "bad feature index \"%.*s\"", (int)(colon - p), p);
  if (*ix == 0) return gs_error_set(err, GS_EDATA, path, (long)lineno, col, "feature index 0: indices are 1-based");
  if (*ix > 10000000ULL)
    return gs_error_set(err, GS_EDATA, path, (long)lineno, col, "feature index %llu is too large (at most 10000000)", *ix);
  if (*ix <= last)
    return gs_error_set(err, GS_EDATA, path, (long)lineno, col, *ix == last ? "duplicate feature index %llu" :
                        "feature index %llu after %zu: indices must be ascending", *ix, last);
  char *vs = colon + 1, *ve = vs;
  while (*ve && *ve != ' ' && *ve != '\t') ve++;
  int r = parse_number(vs, ve, v);
  if (r)
    return gs_error_set(err, GS_EDATA, path, (long)lineno, (long)(vs - line) + 1,
                        vs == ve ? "missing value after index %llu" : r == NUM_INFNAN ? "non-finite value for index %llu"
                        : r == NUM_OTHER ? "not a decimal number for index %llu (hexadecimal and other forms are not accepted)"
                                         : "not a number for index %llu", *ix);
  *next = ve;
  return GS_OK;
}

/* p grown to cap items of size bytes, or p as it was with *ok = 0. */
static void *grow(void *p, size_t cap, size_t size, int *ok) {
  void *q = *ok ? realloc(p, cap * size) : NULL;
  if (!q) *ok = 0;
  return q ? q : p;
}

/* One data line of a LIBSVM file (p: its first non-blank), its label and
 * pairs appended to t. GS_EDATA (placed) or GS_ENOMEM. */
static int parse_svm_line(svm_rows_t *t, char *line, char *p, const char *path, size_t lineno, gs_error_t *err) {
  int ok = 1;
  if (t->rows + 2 > t->caprows) {
    t->caprows = t->caprows ? t->caprows * 2 : 256;
    t->rowstart = grow(t->rowstart, t->caprows, sizeof *t->rowstart, &ok);
    t->labels = grow(t->labels, t->caprows, sizeof *t->labels, &ok);
    if (!ok) return gs_error_set(err, GS_ENOMEM, path, (long)lineno, 0, "out of memory");
  }
  char *tok_end = p;
  while (*tok_end && *tok_end != ' ' && *tok_end != '\t') tok_end++;
  if (parse_label(p, tok_end, &t->labels[t->rows]))
    return gs_error_set(err, GS_EDATA, path, (long)lineno, (long)(p - line) + 1, "label must be an integer, got \"%.*s\"",
                        (int)(tok_end - p > 40 ? 40 : tok_end - p), p);
  t->rowstart[t->rows] = t->nnz;
  size_t last = 0;
  for (p = tok_end;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0' || *p == '#') break;
    unsigned long long ix = 0;
    double v = 0;
    int rc = parse_pair(p, line, path, lineno, last, &ix, &v, &p, err);
    if (rc) return rc;
    if (t->nnz + 1 > t->capnz) {
      t->capnz = t->capnz ? t->capnz * 2 : 4096;
      t->idx = grow(t->idx, t->capnz, sizeof *t->idx, &ok);
      t->val = grow(t->val, t->capnz, sizeof *t->val, &ok);
      if (!ok) return gs_error_set(err, GS_ENOMEM, path, (long)lineno, 0, "out of memory");
    }
    t->idx[t->nnz] = (size_t)ix;
    t->val[t->nnz++] = v;
    last = (size_t)ix;
    if (last > t->max_index) t->max_index = last;
  }
  t->rows++;
  return GS_OK;
}

/* Reads a LIBSVM file: every line parsed into a sparse list, then kept as
 * CSR (when sparse enough, keep_sparse) or densified to the largest index. */
static int load_libsvm(builder_t *b, FILE *f, const char *path, double max_mb, int sparse, gs_error_t *err) {
  svm_rows_t t;
  memset(&t, 0, sizeof t);
  size_t lineno = 0, cap = 0;
  char *line = NULL;
  int rc = GS_OK;
  long len;
  while (!rc && (len = read_line(f, &line, &cap)) >= 0) {
    lineno++;
    len = strip_bom(line, len, lineno);
    if (memchr(line, 0, (size_t)len) != NULL) {
      rc = gs_error_set(err, GS_EDATA, path, (long)lineno, (long)(strlen(line) + 1), "NUL byte in data");
      break;
    }
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '\0' && *p != '#') rc = parse_svm_line(&t, line, p, path, lineno, err);
  }
  if (rc) goto done;
  if (len == -2) {
    rc = gs_error_set(err, GS_EDATA, path, (long)lineno + 1, 0, "line longer than %u bytes", GS_DATASET_MAX_LINE);
  } else if (len == -3) {
    rc = gs_error_set(err, GS_EIO, path, (long)lineno + 1, 0, "read error: %s", strerror(errno));
  } else if (t.rows > 0 && t.max_index == 0) {
    rc = gs_error_set(err, GS_EDATA, path, 0, 0, "no features in any row");
  } else if (t.rows > 0) {
    t.rowstart[t.rows] = t.nnz;
    double dense_mb = (double)t.rows * (double)t.max_index * sizeof(double) / 1048576.0;
    if (keep_sparse(sparse, t.rows, t.max_index, t.nnz))
      rc = libsvm_to_csr(b, t.rows, t.max_index, t.nnz, t.rowstart, t.idx, t.val, t.labels);
    else if (dense_mb > max_mb)
      rc = gs_error_set(err, GS_EDATA, path, 0, 0, "densified, %zu rows x %zu features would take %.0f MB, more than the %.0f MB allowed",
                        t.rows, t.max_index, dense_mb, max_mb);
    else
      rc = libsvm_to_dense(b, t.rows, t.max_index, t.rowstart, t.idx, t.val, t.labels);
    if (rc == GS_ENOMEM) gs_error_set(err, GS_ENOMEM, path, (long)lineno, 0, "out of memory");
  }
done:
  free(line);
  svm_rows_free(&t);
  return rc;
}

int gs_dataset_read(gs_dataset_t **out, FILE *f, const char *name, gs_format_t format, double max_mb,
                    gs_error_t *err) {
  return gs_dataset_read_ex(out, f, name, format, max_mb, GS_SPARSE_NEVER, err);
}

int gs_dataset_read_ex(gs_dataset_t **out, FILE *f, const char *name, gs_format_t format, double max_mb, int sparse,
                       gs_error_t *err) {
  builder_t b = {0};
  gs_dataset_t *ds = NULL;
  int rc;
  *out = NULL;
  if (max_mb <= 0) /* half of this machine's memory */
    max_mb = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE) / 1048576.0 / 2;
  rc = format == GS_FORMAT_LIBSVM ? load_libsvm(&b, f, name, max_mb, sparse, err) : load_csv(&b, f, name, err);
  if (rc) goto fail;
  if (b.rows == 0) {
    rc = gs_error_set(err, GS_EDATA, name, 0, 0, "dataset has no data rows");
    goto fail;
  }
  if (!(ds = calloc(1, sizeof *ds))) { rc = gs_error_set(err, GS_ENOMEM, name, 0, 0, "out of memory"); goto fail; }
  ds->n_samples = b.rows;
  ds->n_features = b.cols;
  ds->X = b.X;
  ds->y = b.y;
  ds->csr = b.csr;
  b.X = NULL;
  b.y = NULL;
  b.csr = NULL;
  if ((rc = dataset_index_classes(ds)) != GS_OK) { gs_error_set(err, rc, name, 0, 0, "out of memory"); goto fail; }
  if (ds->n_classes < 2) {
    rc = gs_error_set(err, GS_EDATA, name, 0, 0, "dataset has a single class (label %ld): a classifier needs at least two", ds->classes[0]);
    goto fail;
  }
  *out = ds;
  return GS_OK;
fail:
  free(b.X);
  free(b.y);
  gs_csr_free(b.csr);
  gs_dataset_free(ds);
  return rc;
}

int gs_dataset_load(gs_dataset_t **out, const char *path, gs_format_t format, gs_error_t *err) {
  struct stat st;
  FILE *f;
  *out = NULL;
  int rc = gs__infile_open(&f, &st, path, "dataset", err);
  if (rc) return rc;
  rc = gs_dataset_read_ex(out, f, path, format, 0, GS_SPARSE_AUTO, err);
  fclose(f);
  return rc;
}

int gs_dataset_from_arrays(gs_dataset_t **out, const double *X, const long *y, size_t n_samples,
                           size_t n_features, gs_error_t *err) {
  gs_dataset_t *ds = calloc(1, sizeof *ds);
  *out = NULL;
  if (!ds) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  ds->n_samples = n_samples;
  ds->n_features = n_features;
  ds->X = malloc((n_samples && n_features ? n_samples * n_features : 1) * sizeof *ds->X);
  ds->y = malloc((n_samples ? n_samples : 1) * sizeof *ds->y);
  if (!ds->X || !ds->y) goto oom;
  if (n_samples && n_features) memcpy(ds->X, X, n_samples * n_features * sizeof *ds->X);
  if (n_samples) memcpy(ds->y, y, n_samples * sizeof *ds->y);
  if (dataset_index_classes(ds) != GS_OK) goto oom;
  *out = ds;
  return GS_OK;
oom:
  gs_dataset_free(ds);
  return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
}

void gs_dataset_free(gs_dataset_t *ds) {
  if (!ds) return;
  free(ds->X);
  gs_csr_free(ds->csr);
  free(ds->y);
  free(ds->classes);
  free(ds);
}

int gs_dataset_digits_path(char *buf, size_t n, const char *dir, const char *dir_name, gs_error_t *err) {
  const char *dirs[3] = {dir && *dir ? dir : NULL, GS_DATA_DIR, GS_INSTALL_DATA_DIR};
  for (int i = 0; i < 3; i++) {
    if (!dirs[i]) continue;
    snprintf(buf, n, "%s/digits.csv", dirs[i]);
    if (access(buf, R_OK) == 0) return GS_OK;
    if (i == 0)
      return dir_name ? gs_error_set(err, GS_EIO, buf, 0, 0, "%s is set but %s is not readable", dir_name, buf)
                      : gs_error_set(err, GS_EIO, buf, 0, 0, "the data folder has no readable %s", buf);
  }
  if (dir_name)
    return gs_error_set(err, GS_EIO, NULL, 0, 0, "cannot find the digits data set (looked in %s and %s; set %s to its folder)",
                        GS_DATA_DIR, GS_INSTALL_DATA_DIR, dir_name);
  return gs_error_set(err, GS_EIO, NULL, 0, 0, "cannot find the digits data set (looked in %s and %s)", GS_DATA_DIR,
                      GS_INSTALL_DATA_DIR);
}

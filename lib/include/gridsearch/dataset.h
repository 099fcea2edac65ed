/* dataset.h: a labelled data set (rows x features, integer labels), dense
 * or (a sparse LIBSVM file) compressed sparse rows,
 * loaded from CSV or LIBSVM-format text with every defect reported by place. */
#ifndef GRIDSEARCH_DATASET_H
#define GRIDSEARCH_DATASET_H

#include <stddef.h>
#include <stdio.h>

#include "gridsearch/error.h"

typedef enum { GS_FORMAT_CSV, GS_FORMAT_LIBSVM } gs_format_t;

struct gs_csr;

typedef struct {
  size_t n_samples;
  size_t n_features;
  double *X;          /* n_samples x n_features, row-major; NULL when csr is set */
  long *y;            /* n_samples labels */
  size_t n_classes;   /* distinct labels */
  long *classes;      /* the distinct labels, ascending */
  struct gs_csr *csr; /* the rows kept sparse (gridsearch/csr.h), or NULL */
} gs_dataset_t;

/* How a LIBSVM file is held: densified (NEVER), kept sparse (ALWAYS), or
 * kept sparse when under GS_DATASET_SPARSE_DENSITY of its rows x features
 * cells are stored (AUTO). CSV files are always dense. */
enum { GS_SPARSE_NEVER, GS_SPARSE_AUTO, GS_SPARSE_ALWAYS };
#define GS_DATASET_SPARSE_DENSITY 0.1

/* Longest line a loader accepts; longer lines are an error (not a crash). */
#define GS_DATASET_MAX_LINE (64u << 20)

/* Loads path, which must be a regular file (a FIFO or device is refused
 * without blocking), in the given format. Numbers are decimal ([+-] digits
 * [. digits] [e [+-] digits], any length; hex, inf and nan are refused); a
 * UTF-8 byte order mark opening the file is dropped. CSV: numeric features
 * then an integer label in the last column, comma-separated; a first row with
 * a cell that strtod does not read whole is a header and skipped. LIBSVM: "label index:value ..." with 1-based strictly
 * ascending indices, features up to the largest index seen; kept sparse
 * (ds->csr, ds->X NULL) by the GS_SPARSE_AUTO rule, else densified. Non-finite values,
 * non-integer labels, ragged rows, empty files and fewer than two classes are
 * errors (GS_EDATA / GS_EIO) naming path:line[:column]. On success *out is a
 * new dataset the caller frees with gs_dataset_free; on failure *out = NULL. */
int gs_dataset_load(gs_dataset_t **out, const char *path, gs_format_t format,
                    gs_error_t *err);

/* The same from an open stream; name is the source named in messages. A
 * LIBSVM set whose dense matrix would exceed max_mb megabytes is refused
 * with a message (max_mb <= 0: half of this machine's memory, the limit
 * gs_dataset_load applies). */
int gs_dataset_read(gs_dataset_t **out, FILE *f, const char *name, gs_format_t format, double max_mb,
                    gs_error_t *err);

/* gs_dataset_read (which always densifies) with a GS_SPARSE_* policy for
 * LIBSVM input; max_mb applies to a densified set only. */
int gs_dataset_read_ex(gs_dataset_t **out, FILE *f, const char *name, gs_format_t format, double max_mb, int sparse,
                       gs_error_t *err);

/* The label rule, shared by the loaders and class_weight keys: s[0..len)
 * exactly (no blanks) is a decimal number whose value, read as a double, is
 * an integer below 2^53 in magnitude ("3", "+3", "03", "3.0", "3e0", "-0" = 0). GS_OK with
 * *out set, GS_EDATA when it is not a label, GS_ENOMEM. */
int gs_dataset_parse_label(const char *s, size_t len, long *out);

/* Builds a dataset from copies of X and y (for tests and subsets). */
int gs_dataset_from_arrays(gs_dataset_t **out, const double *X, const long *y,
                           size_t n_samples, size_t n_features, gs_error_t *err);

/* Frees ds and its arrays; accepts NULL. */
void gs_dataset_free(gs_dataset_t *ds);

/* Where the built-in "digits" set lives: dir/digits.csv when dir is given
 * (not NULL or empty; GS_EIO when that file is not readable, the message
 * calling dir dir_name, e.g. "GRIDSEARCH_DATA"), else the source tree's
 * data/, else the installed share folder. Writes the path into buf (size
 * n); returns GS_OK or GS_EIO. */
int gs_dataset_digits_path(char *buf, size_t n, const char *dir, const char *dir_name, gs_error_t *err);

#endif

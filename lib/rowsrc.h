/* rowsrc.h: where kernel blocks read their rows from (private to lib/): a
 * small interface, so that dense rows (here) and CSR rows (a sparse data
 * set) compute the same blocks. Every call is read-only on the source and
 * may run on many threads at once, each with its own scratch. */
#ifndef GS_ROWSRC_H
#define GS_ROWSRC_H

#include <stddef.h>

/* Growable scratch memory, reused from call to call (never zeroed). */
typedef struct {
  double *v;
  size_t cap; /* doubles */
} gs__scratch_t;

/* Room for n doubles in s (kept when large enough); NULL when out of
 * memory (s unchanged). */
double *gs__scratch_get(gs__scratch_t *s, size_t n);
void gs__scratch_free(gs__scratch_t *s);

typedef struct gs__rowsrc gs__rowsrc_t;
struct gs__rowsrc {
  const void *impl;
  size_t n_rows, n_features;
  /* dot[i * ld + j] = <row a[i], row b[j]> for i < na, j < nb. GS_ENOMEM
   * when scratch cannot grow (dot untouched). */
  int (*dots)(const gs__rowsrc_t *rs, const size_t *a, size_t na, const size_t *b, size_t nb, double *dot, size_t ld,
              gs__scratch_t *scratch);
  /* <row, row>, summed feature by feature in index order (as LIBSVM's own
   * dot and scikit-learn's dense one), so that a row's rbf distance to
   * itself is exactly 0. */
  double (*sqnorm)(const gs__rowsrc_t *rs, size_t row);
  /* The non-zero features of row in index order: 1-based indices and
   * values (room for n_features each); returns their count. For LIBSVM's
   * own kernels and the model file's support vectors. */
  size_t (*nonzeros)(const gs__rowsrc_t *rs, size_t row, int *index, double *value);
};

/* Dense rows: X is n_rows x n_features, row-major (borrowed). Dot products
 * through OpenBLAS's dgemm over the gathered rows. */
gs__rowsrc_t gs__rowsrc_dense(const double *X, size_t n_rows, size_t n_features);

#endif

/* npmath.h: sums, means and variances computed in numpy's exact order
 * (pairwise summation in 8192-element chunks), so that results derived from
 * them (scores, ranks, gamma="scale") equal scikit-learn's bit for bit. */
#ifndef GRIDSEARCH_NPMATH_H
#define GRIDSEARCH_NPMATH_H

#include <stddef.h>

/* np.sum of a[0], a[stride], ... (n elements). */
double gs_np_sum(const double *a, size_t n, size_t stride);

/* np.mean (np.average with no weights) of n >= 1 contiguous values. */
double gs_np_mean(const double *a, size_t n);

/* np.average(a, weights=w) of n contiguous values; the caller ensures the
 * weights do not sum to zero. */
double gs_np_average(const double *a, const double *w, size_t n);

/* Population variance (np.var, ddof 0) of n >= 1 contiguous values. */
double gs_np_var(const double *a, size_t n);

/* Population std as GridSearchCV computes it:
 * sqrt(np.average((a - mean)**2)). */
double gs_np_std(const double *a, size_t n);

/* np.power(x, y) for float64 as numpy 1.24 computes it on this CPU (SVML's
 * AVX-512 pow where numpy dispatches to it, else libm's pow; nppow.c). */
double gs_np_power(double x, double y);

/* Whether gs_np_power uses SVML here (1) or libm (0). */
int gs_np_power_is_svml(void);

#endif

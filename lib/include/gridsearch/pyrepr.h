/* pyrepr.h: numbers and values printed the way Python prints them (repr of
 * float and int, '%0.3f'), so our reports read like scikit-learn's. */
#ifndef GRIDSEARCH_PYREPR_H
#define GRIDSEARCH_PYREPR_H

#include <stddef.h>

/* Writes Python's repr(float(x)) (shortest round-trip digits, "1.0",
 * "0.001", "1e-05", "1e+16", "nan", "inf") into buf; returns buf. n >= 32. */
char *gs_pyrepr_double(double x, char *buf, size_t n);

#endif

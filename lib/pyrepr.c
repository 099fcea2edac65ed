/* pyrepr.c: Python's float repr: the shortest digits that round-trip, laid out
 * in fixed notation for decimal exponents -4 < decpt <= 16, else scientific. */
#include "gridsearch/pyrepr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest digit string d (no dot) and decimal point position decpt such that
 * 0.d * 10^decpt == |x| when parsed back. */
static void shortest_digits(double x, char *digits, int *decpt) {
  char tmp[40];
  /* the fewest digits that round-trip, by bisection: if p digits round-trip
   * so do p + 1 (the closest (p+1)-digit number is at least as close as the
   * p-digit one), and 17 always do; about 5 tries instead of up to 17 */
  int lo = 1, hi = 17;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(tmp, sizeof tmp, "%.*e", mid - 1, x);
    if (strtod(tmp, NULL) == x) hi = mid;
    else lo = mid + 1;
  }
  snprintf(tmp, sizeof tmp, "%.*e", lo - 1, x);
  /* tmp = "d.ddde[+-]XX" */
  char *e = strchr(tmp, 'e');
  int exp10 = atoi(e + 1);
  size_t k = 0;
  for (char *p = tmp; p < e; p++)
    if (*p >= '0' && *p <= '9') digits[k++] = *p;
  while (k > 1 && digits[k - 1] == '0') k--;
  digits[k] = '\0';
  *decpt = exp10 + 1;
}

char *gs_pyrepr_double(double x, char *buf, size_t n) {
  if (isnan(x)) { snprintf(buf, n, "nan"); return buf; }
  if (isinf(x)) { snprintf(buf, n, x < 0 ? "-inf" : "inf"); return buf; }
  char digits[32];
  int decpt;
  const char *sign = signbit(x) ? "-" : "";
  if (x == 0.0) { snprintf(buf, n, "%s0.0", sign); return buf; }
  shortest_digits(fabs(x), digits, &decpt);
  int nd = (int)strlen(digits);
  if (decpt > -4 && decpt <= 16) {
    char out[64];
    size_t k = 0;
    if (decpt <= 0) {
      out[k++] = '0';
      out[k++] = '.';
      for (int i = 0; i < -decpt; i++) out[k++] = '0';
      for (int i = 0; i < nd; i++) out[k++] = digits[i];
    } else {
      for (int i = 0; i < decpt; i++) out[k++] = i < nd ? digits[i] : '0';
      out[k++] = '.';
      if (nd > decpt)
        for (int i = decpt; i < nd; i++) out[k++] = digits[i];
      else
        out[k++] = '0';
    }
    out[k] = '\0';
    snprintf(buf, n, "%s%s", sign, out);
  } else {
    int e = decpt - 1;
    if (nd == 1)
      snprintf(buf, n, "%s%ce%c%02d", sign, digits[0], e < 0 ? '-' : '+', abs(e));
    else
      snprintf(buf, n, "%s%c.%se%c%02d", sign, digits[0], digits + 1, e < 0 ? '-' : '+', abs(e));
  }
  return buf;
}

/* pyrepr.c: Python's float repr: the shortest digits that round-trip, laid out
 * in fixed notation for decimal exponents -4 < decpt <= 16, else scientific. */
#include "gridsearch/pyrepr.h"

#include <math.h>
#include <stdint.h>
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

/* shortest_digits through a small per-thread cache: a report prints the same
 * parameter values and fold scores over and over (10^6 candidates of a
 * 1000 x 1000 grid hold 2000 values), and each miss costs about five
 * snprintf/strtod round trips. Direct-mapped by the bits of x. */
enum { CACHE_SLOTS = 4096 };
typedef struct {
  uint64_t bits; /* 0: empty (x == 0 never gets here) */
  int decpt;
  char digits[20];
} cache_slot_t;
static _Thread_local cache_slot_t cache[CACHE_SLOTS];

static void cached_digits(double x, char *digits, int *decpt) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  cache_slot_t *c = &cache[(bits ^ (bits >> 29) ^ (bits >> 47)) % CACHE_SLOTS];
  if (c->bits != bits) {
    shortest_digits(x, c->digits, &c->decpt);
    c->bits = bits;
  }
  memcpy(digits, c->digits, sizeof c->digits);
  *decpt = c->decpt;
}

char *gs_pyrepr_double(double x, char *buf, size_t n) {
  if (isnan(x)) { snprintf(buf, n, "nan"); return buf; }
  if (isinf(x)) { snprintf(buf, n, x < 0 ? "-inf" : "inf"); return buf; }
  char digits[32];
  int decpt;
  const char *sign = signbit(x) ? "-" : "";
  if (x == 0.0) { snprintf(buf, n, "%s0.0", sign); return buf; }
  cached_digits(fabs(x), digits, &decpt);
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

/* nppow.c: np.power on one float64 as numpy 1.24 computes it: Intel SVML's
 * AVX-512 __svml_pow8 (lib/svml/) when the CPU has AVX512_SKX (numpy's
 * dispatch target for power), else the C library's pow (numpy's scalar
 * loop). The two differ in the last bit for about a quarter of inputs. */
#include "gridsearch/npmath.h"

#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(GS_NO_SVML)
/* lib/svml/svml_pow1.s: __svml_pow8 on (x, 0, ..., 0) and (y, 0, ..., 0), lane 0
 * back (numpy loads the tail of a short array with zeros, npyv_load_tillz) */
double gs__svml_pow1(double x, double y);

static int has_avx512_skx(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq");
}

double gs_np_power(double x, double y) { return has_avx512_skx() ? gs__svml_pow1(x, y) : pow(x, y); }
int gs_np_power_is_svml(void) { return has_avx512_skx(); }
#else
double gs_np_power(double x, double y) { return pow(x, y); }
int gs_np_power_is_svml(void) { return 0; }
#endif

/* nppow.c: np.power on one float64 as numpy 1.24 computes it: Intel SVML's
 * AVX-512 __svml_pow8 (lib/svml/) when the CPU has AVX512_SKX (numpy's
 * dispatch target for power), else the C library's pow (numpy's scalar
 * loop). The two differ in the last bit for about a quarter of inputs. */
#include "gridsearch/npmath.h"

#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(GS_NO_SVML)
#include <immintrin.h>

/* the SVML routine takes and returns zmm registers: declared for the avx512f
 * target, as its caller, so both compilers agree on the vector ABI */
__attribute__((target("avx512f"))) __m512d __svml_pow8(__m512d x, __m512d y);

/* numpy loads the tail of a short array with zeros (npyv_load_tillz). */
__attribute__((target("avx512f"))) static double svml_pow(double x, double y) {
  __m512d a = _mm512_mask_loadu_pd(_mm512_setzero_pd(), 1, &x);
  __m512d b = _mm512_mask_loadu_pd(_mm512_setzero_pd(), 1, &y);
  double out[8];
  _mm512_storeu_pd(out, __svml_pow8(a, b));
  return out[0];
}

static int has_avx512_skx(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq");
}

double gs_np_power(double x, double y) { return has_avx512_skx() ? svml_pow(x, y) : pow(x, y); }
int gs_np_power_is_svml(void) { return has_avx512_skx(); }
#else
double gs_np_power(double x, double y) { return pow(x, y); }
int gs_np_power_is_svml(void) { return 0; }
#endif

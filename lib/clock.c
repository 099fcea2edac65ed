/* clock.c: the library's one clock. */
#include "clock.h"

#include <time.h>

double gs__now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* clock.h: the library's one clock (private). */
#ifndef GS__CLOCK_H
#define GS__CLOCK_H

/* Seconds on CLOCK_MONOTONIC: for durations and deadlines, never dates. */
double gs__now(void);

#endif

/* applog.h: where the library's log (gridsearch/log.h) goes in the app: one
 * line on stderr, "gridsearch: MESSAGE", for levels up to the threshold. */
#ifndef GS_APPLOG_H
#define GS_APPLOG_H

/* Sets the library's log callback (threshold: GS_LOG_INFO) and puts stderr
 * behind a router: LIBSVM 3.24 writes a few messages (e.g. "WARNING:
 * reaching max number of iterations") with fprintf(stderr) instead of its
 * print hook; those go through the log as "libsvm: ..." (so --quiet silences
 * them); everything else written to stderr passes through unchanged.
 * GRIDSEARCH_LOG=debug shows every level (LIBSVM's progress text too), even
 * with --quiet. Call once, first thing in main. */
void gs_applog_install(void);

/* --quiet: only errors and warnings from here on (no LIBSVM notes). */
void gs_applog_quiet(void);

#endif

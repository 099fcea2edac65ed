/* log.h: the library's one output channel. The library never prints: what it
 * has to say (warnings, notes, LIBSVM's own text) goes to one callback that
 * the application sets, as LIBSVM's svm_set_print_string_function. */
#ifndef GRIDSEARCH_LOG_H
#define GRIDSEARCH_LOG_H

typedef enum {
  GS_LOG_ERROR = 0,   /* the job ends (a rank went silent) */
  GS_LOG_WARNING = 1, /* a result is affected (a fit failed), or a stop is in progress */
  GS_LOG_INFO = 2,    /* advisory: LIBSVM's warnings (max iterations, one class) */
  GS_LOG_DEBUG = 3    /* LIBSVM's progress text (iterations, objective, nSV) */
} gs_log_level_t;

/* Receives one message: a single line, without a trailing newline and
 * without the program's name (the application adds its prefix). Called from
 * any thread, possibly several at once, and from the liveness thread just
 * before the job ends. */
typedef void (*gs_log_fn)(void *ctx, gs_log_level_t level, const char *message);

/* Sets the callback (NULL: messages are dropped, the default). Call it before
 * any other gridsearch call that may log, not while one runs. */
void gs_log_set(gs_log_fn fn, void *ctx);

/* Formats a message and passes it to the callback (nothing when none is set). */
void gs_log(gs_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* LIBSVM's text, as its print hook receives it (fragments such as "." and
 * "\noptimization finished, #iter = 12\n") or as it writes it to stderr
 * itself: each non-empty line becomes "libsvm: LINE". Lines that begin with
 * "WARNING" (and LIBSVM's few direct stderr messages) go at GS_LOG_INFO, each
 * distinct one once per process; the rest at GS_LOG_DEBUG. */
void gs_log_libsvm(const char *text);

/* Whether text (one write to stderr) is one of the messages LIBSVM 3.24
 * writes to stderr directly, bypassing its print hook (e.g. "\nWARNING:
 * reaching max number of iterations\n"): an application that owns stderr
 * routes those through gs_log_libsvm. */
int gs_log_is_libsvm_stderr(const char *text, unsigned long len);

#endif

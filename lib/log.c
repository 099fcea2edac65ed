/* log.c: the library's log callback, and LIBSVM's text routed through it. */
#include "gridsearch/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static gs_log_fn log_fn;
static void *log_ctx;

void gs_log_set(gs_log_fn fn, void *ctx) {
  log_fn = fn;
  log_ctx = ctx;
}

void gs_log(gs_log_level_t level, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  if (!log_fn) return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  log_fn(log_ctx, level, msg);
}

/* LIBSVM 3.24's messages that svm.cpp writes with fprintf(stderr, ...)
 * instead of its print hook (the ones a training or prediction can reach,
 * and the model reader's) */
static const char *const libsvm_direct[] = {
    "WARNING: reaching max number of iterations",
    "WARNING: class label ",
    "WARNING: # folds > # data",
    "Model doesn't contain information for SVR probability inference",
    "unknown svm type.",
    "unknown kernel function.",
    "unknown text in model file: ",
    "ERROR: fscanf failed to read model",
    NULL};

int gs_log_is_libsvm_stderr(const char *text, unsigned long len) {
  while (len > 0 && *text == '\n') text++, len--;
  for (int i = 0; libsvm_direct[i]; i++) {
    size_t n = strlen(libsvm_direct[i]);
    if (len >= n && !memcmp(text, libsvm_direct[i], n)) return 1;
  }
  return 0;
}

/* the advisory lines already logged (each once per process) */
#define SEEN_MAX 32
static char seen[SEEN_MAX][160];
static int n_seen;
static pthread_mutex_t seen_mu = PTHREAD_MUTEX_INITIALIZER;

static int first_time(const char *line) {
  int first = 1;
  pthread_mutex_lock(&seen_mu);
  for (int i = 0; i < n_seen && first; i++)
    if (!strncmp(seen[i], line, sizeof seen[i] - 1)) first = 0;
  if (first && n_seen < SEEN_MAX) {
    size_t n = strnlen(line, sizeof seen[0] - 1);
    memcpy(seen[n_seen], line, n);
    seen[n_seen++][n] = '\0';
  }
  pthread_mutex_unlock(&seen_mu);
  return first;
}

void gs_log_libsvm(const char *text) {
  if (!log_fn || !text) return;
  while (*text) {
    size_t n = strcspn(text, "\n");
    if (n > 0) {
      char line[1024];
      snprintf(line, sizeof line, "%.*s", (int)n, text);
      int advisory = !strncmp(line, "WARNING", 7) || gs_log_is_libsvm_stderr(line, (unsigned long)n);
      if (!advisory) gs_log(GS_LOG_DEBUG, "libsvm: %s", line);
      else if (first_time(line)) gs_log(GS_LOG_INFO, "libsvm: %s", line);
    }
    text += n;
    if (*text == '\n') text++;
  }
}

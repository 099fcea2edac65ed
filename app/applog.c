/* applog.c: the library's log on stderr, and LIBSVM's direct stderr writes
 * routed into it. glibc lets a program assign stdin, stdout and stderr (its
 * manual, "Standard Streams"), and libsvm.so's fprintf(stderr, ...) reads the
 * same variable: stderr becomes a stream of our own (fopencookie) whose
 * writes pass through to fd 2, but LIBSVM's known direct messages. */
#define _GNU_SOURCE
#include "applog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "gridsearch/log.h"

static int threshold = GS_LOG_INFO;

static void write_all(const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(2, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    s += w;
    n -= (size_t)w;
  }
}

/* one write per message, so lines of several threads do not interleave */
static void app_log(void *ctx, gs_log_level_t level, const char *message) {
  char line[2200];
  (void)ctx;
  if ((int)level > threshold) return;
  int n = snprintf(line, sizeof line, "gridsearch: %s\n", message);
  if (n < 0) return;
  if ((size_t)n >= sizeof line) {
    n = (int)sizeof line - 1;
    line[n - 1] = '\n';
  }
  write_all(line, (size_t)n);
}

static ssize_t route_write(void *cookie, const char *buf, size_t n) {
  (void)cookie;
  if (gs_log_is_libsvm_stderr(buf, n)) {
    char text[1024];
    snprintf(text, sizeof text, "%.*s", (int)(n < sizeof text ? n : sizeof text - 1), buf);
    gs_log_libsvm(text);
  } else {
    write_all(buf, n);
  }
  return (ssize_t)n;
}

/* at exit: stderr back to the C library's own, and ours closed (freed:
 * valgrind sees every heap block freed) */
static FILE *own_stderr, *routed;
static void restore_stderr(void) {
  if (!routed) return;
  stderr = own_stderr;
  fclose(routed);
  routed = NULL;
}

void gs_applog_install(void) {
  if (gs_app_env()->log_debug) threshold = GS_LOG_DEBUG;
  gs_log_set(app_log, NULL);
  cookie_io_functions_t io = {NULL, route_write, NULL, NULL};
  if (routed || !(routed = fopencookie(NULL, "w", io))) return; /* else LIBSVM's direct lines are not routed */
  setvbuf(routed, NULL, _IONBF, 0); /* as stderr: each fprintf is one write, at once */
  own_stderr = stderr;
  stderr = routed;
  atexit(restore_stderr);
}

void gs_applog_quiet(void) {
  if (threshold < GS_LOG_DEBUG) threshold = GS_LOG_WARNING;
}

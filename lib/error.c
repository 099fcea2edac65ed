/* error.c: the error record: setting it once, formatting it with its place. */
#include "gridsearch/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gs_error_clear(gs_error_t *err) {
  if (err) memset(err, 0, sizeof *err);
}

int gs_error_set(gs_error_t *err, int code, const char *file, long line,
                 long column, const char *fmt, ...) {
  if (!err || err->code != GS_OK) return code;
  err->code = code;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->column = column;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

void gs_error_set_path(gs_error_t *err, const char *path) {
  if (!err || err->code == GS_OK || err->path[0] || !path) return;
  snprintf(err->path, sizeof err->path, "%s", path);
}

const char *gs_error_format(const gs_error_t *err, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = '\0';
#define GS__APPEND(...) \
  do { int w_ = snprintf(buf + k, n - k, __VA_ARGS__); \
       if (w_ > 0) k = (size_t)w_ < n - k ? k + (size_t)w_ : n - 1; } while (0)
  if (err->file[0]) {
    GS__APPEND("%s:", err->file);
    if (err->line > 0) GS__APPEND("%ld:", err->line);
    if (err->line > 0 && err->column > 0) GS__APPEND("%ld:", err->column);
    if (k + 1 < n) {
      buf[k++] = ' ';
      buf[k] = '\0';
    }
  }
  if (err->path[0]) GS__APPEND("%s: ", err->path);
  GS__APPEND("%s", err->message[0] ? err->message : gs_strerror(err->code));
#undef GS__APPEND
  return buf;
}

const char *gs_strerror_name(int code) {
  switch (code) {
#define GS__ERR_NAME(name, val, msg) case val: return "GS_" #name;
    GS_ERRNO_MAP(GS__ERR_NAME)
#undef GS__ERR_NAME
  }
  return "GS_UNKNOWN";
}

const char *gs_strerror(int code) {
  switch (code) {
#define GS__ERR_MSG(name, val, msg) case val: return msg;
    GS_ERRNO_MAP(GS__ERR_MSG)
#undef GS__ERR_MSG
  }
  return "unknown error";
}

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and transpositions of neighbours count one edit each. */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return 99;
  size_t d[65][65];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] != b[j - 1], m = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < m) m = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m) m = d[i - 2][j - 2] + 1;
      d[i][j] = m;
    }
  return d[la][lb];
}

const char *gs_suggest(const char *word, const char *const *choices) {
  const char *best = NULL;
  size_t bd = 3;
  for (size_t i = 0; choices[i]; i++) {
    size_t dd = edit_distance(word, choices[i]);
    if (dd < bd) { bd = dd; best = choices[i]; }
  }
  return best;
}

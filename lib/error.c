/* error.c: the error record: setting it once, formatting it with its place. */
#include "gridsearch/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gs_error_clear(gs_error_t *err) {
  if (err) memset(err, 0, sizeof *err);
}

/* The length of the UTF-8 sequence at s[0..len) when it is a valid one
 * (shortest form, no surrogate, at most U+10FFFF) that prints: not a C0
 * control, DEL or C1 control (U+0080..U+009F). 0 otherwise. */
static size_t printable_seq(const unsigned char *s, size_t len) {
  unsigned c = s[0];
  if (c < 0x20 || c == 0x7f) return 0;
  if (c < 0x80) return 1;
  size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n == 0 || c > 0xf4 || n > len) return 0;
  unsigned cp = c & (0x3fu >> (n - 1));
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3fu);
  }
  static const unsigned least[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f) return 0;
  return n;
}

int gs_text_printable(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0, k; i < len; i += k)
    if (!(k = printable_seq(p + i, len - i))) return 0;
  return 1;
}

const char *gs_escape(char *buf, size_t n, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t k = 0;
  if (n == 0) return buf;
  for (size_t i = 0; i < len;) {
    char esc[8];
    size_t m = printable_seq(p + i, len - i), w;
    const char *out = (const char *)p + i;
    if (m) {
      w = m;
    } else {
      m = 1;
      const char *named = p[i] == '\n' ? "\\n" : p[i] == '\t' ? "\\t" : p[i] == '\r' ? "\\r" : NULL;
      if (named) w = (size_t)snprintf(esc, sizeof esc, "%s", named);
      else w = (size_t)snprintf(esc, sizeof esc, "\\x%02x", p[i]);
      out = esc;
    }
    if (k + w >= n) break;
    memcpy(buf + k, out, w);
    k += w;
    i += m;
  }
  buf[k] = '\0';
  return buf;
}

/* Copies the NUL-terminated src into dst (size n) escaped. */
static void copy_escaped(char *dst, size_t n, const char *src) {
  gs_escape(dst, n, src, strlen(src));
}

int gs_error_set(gs_error_t *err, int code, const char *file, long line,
                 long column, const char *fmt, ...) {
  if (!err || err->code != GS_OK) return code;
  char msg[sizeof err->message];
  err->code = code;
  copy_escaped(err->file, sizeof err->file, file ? file : "");
  err->line = line;
  err->column = column;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  copy_escaped(err->message, sizeof err->message, msg);
  return code;
}

void gs_error_set_path(gs_error_t *err, const char *path) {
  if (!err || err->code == GS_OK || err->path[0] || !path) return;
  copy_escaped(err->path, sizeof err->path, path);
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

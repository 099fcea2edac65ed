/* error.h: status codes and the error record every fallible gridsearch call fills.
 * One X-macro table gives the codes, their names and their default messages. */
#ifndef GRIDSEARCH_ERROR_H
#define GRIDSEARCH_ERROR_H

#include <stddef.h>

#define GS_ERRNO_MAP(X)                                              \
  X(OK,        0, "success")                                         \
  X(EINVAL,   -1, "invalid input")                                   \
  X(ENOMEM,   -2, "out of memory")                                   \
  X(EIO,      -3, "input/output error")                              \
  X(EPARSE,   -4, "parse error")                                     \
  X(ECONFIG,  -5, "invalid configuration")                           \
  X(EDATA,    -6, "invalid dataset")                                 \
  X(EFIT,     -7, "model fit failed")                                \
  X(EMPI,     -8, "MPI failure")                                     \
  X(EINTR,    -9, "interrupted")                                     \
  X(EUSAGE,  -10, "bad command line")                                \
  X(ESTATE,  -11, "inconsistent saved state")

typedef enum {
#define GS__ERR_ENUM(name, val, msg) GS_##name = val,
  GS_ERRNO_MAP(GS__ERR_ENUM)
#undef GS__ERR_ENUM
} gs_status_t;

/* Where and why a call failed. Callers own it (usually on the stack) and pass
 * it down; the first failure fills it, later ones leave it alone. */
typedef struct {
  int code;            /* a gs_status_t; GS_OK when nothing failed */
  char file[512];      /* file the error is in, or "" */
  long line;           /* 1-based, 0 when unknown */
  long column;         /* 1-based, 0 when unknown */
  char path[256];      /* key path such as param_grid[0].C[2], or "" */
  char message[1024];  /* the reason, without the location prefix */
} gs_error_t;

/* Clears err to GS_OK. */
void gs_error_clear(gs_error_t *err);

/* Records a failure unless err already holds one; returns code so callers can
 * `return gs_error_set(...)`. file may be NULL, line/column 0 when unknown.
 * file and the formatted message are stored escaped (gs_escape), so input
 * quoted in a message cannot act on the terminal it is printed to. */
int gs_error_set(gs_error_t *err, int code, const char *file, long line,
                 long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Sets the key path of an error already recorded (no-op when err is OK or
 * already has one); stored escaped like the message. */
void gs_error_set_path(gs_error_t *err, const char *path);

/* Copies s[0..len) into buf (size n, n > 0), NUL-terminated, with every
 * byte that is not printable text written as an escape: newline, tab and
 * carriage return as \n, \t, \r; other C0 controls, DEL, the bytes of C1
 * controls (U+0080..U+009F) and of invalid UTF-8 as \xHH. Valid printable
 * UTF-8 is kept. Stops before an escape or character that would not fit.
 * Returns buf. */
const char *gs_escape(char *buf, size_t n, const char *s, size_t len);

/* True when s[0..len) is valid UTF-8 (shortest forms, no surrogates) without
 * C0 controls, NUL, DEL or C1 controls: text that gs_escape leaves alone. */
int gs_text_printable(const char *s, size_t len);

/* Formats err as "file:line:column: path: message" (omitting absent parts)
 * into buf of size n; returns buf. */
const char *gs_error_format(const gs_error_t *err, char *buf, size_t n);

/* The symbolic name ("GS_EPARSE") and default message of a code. */
const char *gs_strerror_name(int code);
const char *gs_strerror(int code);

/* For did-you-mean messages: the choice closest to word within two edits
 * (a swap of neighbours counts one), the first such on ties; NULL when none
 * is that close. choices ends with NULL. */
const char *gs_suggest(const char *word, const char *const *choices);

#endif

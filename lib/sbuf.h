/* sbuf.h (private): a growing string for the text files the library writes.
 * Appends never fail loudly: on out of memory the buffer is marked and later
 * appends do nothing; the caller checks oom once at the end. */
#ifndef GS_SBUF_H
#define GS_SBUF_H

#include <stddef.h>

typedef struct {
  char *s;      /* NUL-terminated once anything was appended */
  size_t len, cap;
  int oom;
} gs__sbuf_t;

void gs__sb_printf(gs__sbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends t with XML's five special characters escaped. */
void gs__sb_xml(gs__sbuf_t *b, const char *t);

/* Hands the text over: returns it (and its length) or, after an out of
 * memory, frees it and returns NULL. */
char *gs__sb_take(gs__sbuf_t *b, size_t *len);

#endif

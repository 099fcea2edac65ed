/* sbuf.c: the growing string of sbuf.h. */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void gs__sb_printf(gs__sbuf_t *b, const char *fmt, ...) {
  if (b->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (w < 0) { b->oom = 1; return; }
    if (b->s && (size_t)w < b->cap - b->len) { b->len += (size_t)w; return; }
    size_t cap = (b->cap + (size_t)w + 1) * 2;
    char *p = realloc(b->s, cap);
    if (!p) { b->oom = 1; return; }
    b->s = p;
    b->cap = cap;
  }
}

void gs__sb_xml(gs__sbuf_t *b, const char *t) {
  for (const char *p = t; *p; p++) {
    switch (*p) {
    case '&': gs__sb_printf(b, "&amp;"); break;
    case '<': gs__sb_printf(b, "&lt;"); break;
    case '>': gs__sb_printf(b, "&gt;"); break;
    case '"': gs__sb_printf(b, "&quot;"); break;
    case '\'': gs__sb_printf(b, "&apos;"); break;
    default: gs__sb_printf(b, "%c", *p);
    }
  }
}

char *gs__sb_take(gs__sbuf_t *b, size_t *len) {
  if (b->oom || !b->s) {
    free(b->s);
    b->s = NULL;
    return NULL;
  }
  if (len) *len = b->len;
  char *s = b->s;
  b->s = NULL;
  return s;
}

/* jsonsrc.c: comment stripping, cJSON parsing with positions, and a second
 * walk over the (now known valid) text that maps each node to its place. */
#include "jsonsrc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *s;
  size_t len, pos;
  long line, col;
} cursor_t;

static void pos_of(const char *s, size_t off, long *line, long *col) {
  long l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') { l++; c = 1; } else c++;
  }
  *line = l;
  *col = c;
}

/* Replaces // and block comments outside strings by spaces (newlines kept). */
static int strip_comments(char *s, size_t len, const char *file, gs_error_t *err) {
  int in_str = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = s[i];
    if (in_str) {
      if (ch == '\\' && i + 1 < len) i++;
      else if (ch == '"') in_str = 0;
      continue;
    }
    if (ch == '"') { in_str = 1; continue; }
    if (ch == '/' && i + 1 < len && s[i + 1] == '/') {
      while (i < len && s[i] != '\n') s[i++] = ' ';
      i--;
    } else if (ch == '/' && i + 1 < len && s[i + 1] == '*') {
      size_t start = i;
      s[i++] = ' ';
      s[i++] = ' ';
      while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/')) {
        if (s[i] != '\n') s[i] = ' ';
        i++;
      }
      if (i + 1 >= len) {
        long l, c;
        pos_of(s, start, &l, &c);
        return gs_error_set(err, GS_EPARSE, file, l, c, "unterminated /* comment");
      }
      s[i] = ' ';
      s[i + 1] = ' ';
      i++;
    }
  }
  return GS_OK;
}

/* Depth check before cJSON, for a clear message on deep nesting. */
static int check_depth(const char *s, size_t len, const char *file, gs_error_t *err) {
  int in_str = 0, depth = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = s[i];
    if (in_str) {
      if (ch == '\\') i++;
      else if (ch == '"') in_str = 0;
    } else if (ch == '"') in_str = 1;
    else if (ch == '[' || ch == '{') {
      if (++depth > GS_JSON_MAX_DEPTH) {
        long l, c;
        pos_of(s, i, &l, &c);
        return gs_error_set(err, GS_EPARSE, file, l, c, "JSON nested deeper than %d levels", GS_JSON_MAX_DEPTH);
      }
    } else if (ch == ']' || ch == '}') depth--;
  }
  return GS_OK;
}

static void skip_ws(cursor_t *c) {
  while (c->pos < c->len) {
    char ch = c->s[c->pos];
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') break;
    if (ch == '\n') { c->line++; c->col = 1; } else c->col++;
    c->pos++;
  }
}

static void advance(cursor_t *c, size_t n) {
  for (size_t i = 0; i < n && c->pos < c->len; i++) {
    if (c->s[c->pos] == '\n') { c->line++; c->col = 1; } else c->col++;
    c->pos++;
  }
}

static void skip_string(cursor_t *c) {
  advance(c, 1);
  while (c->pos < c->len && c->s[c->pos] != '"') advance(c, c->s[c->pos] == '\\' ? 2 : 1);
  advance(c, 1);
}

typedef struct {
  gs__jloc_t *locs;
  size_t n, cap;
} locvec_t;

static int push_loc(locvec_t *v, const cJSON *node, long line, long col, int is_int, long kl, long kc) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 64;
    gs__jloc_t *p = realloc(v->locs, cap * sizeof *p);
    if (!p) return GS_ENOMEM;
    v->locs = p;
    v->cap = cap;
  }
  v->locs[v->n++] = (gs__jloc_t){node, line, col, kl, kc, is_int};
  return GS_OK;
}

/* Walks the text of node (valid JSON) recording positions; checks keys. */
static int walk(cursor_t *c, const cJSON *node, locvec_t *v, const char *file, gs_error_t *err, long kl, long kc) {
  skip_ws(c);
  long line = c->line, col = c->col;
  int rc;
  if (cJSON_IsObject(node)) {
    if ((rc = push_loc(v, node, line, col, 0, kl, kc))) return rc;
    advance(c, 1);
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
      skip_ws(c);
      long chl = c->line, chc = c->col;
      skip_string(c);
      for (const cJSON *prev = node->child; prev != ch; prev = prev->next) {
        if (strcmp(prev->string, ch->string) == 0) {
          const gs__jloc_t *first = NULL;
          for (size_t i = v->n; i-- > 0;)
            if (v->locs[i].node == prev) { first = &v->locs[i]; break; }
          return gs_error_set(err, GS_EPARSE, file, chl, chc, "duplicate key \"%s\" (first at line %ld)",
                              ch->string, first ? first->key_line : 0L);
        }
      }
      skip_ws(c);
      advance(c, 1); /* ':' */
      if ((rc = walk(c, ch, v, file, err, chl, chc))) return rc;
      skip_ws(c);
      advance(c, 1); /* ',' or '}' */
    }
    if (!node->child) { skip_ws(c); advance(c, 1); }
    return GS_OK;
  }
  if (cJSON_IsArray(node)) {
    if ((rc = push_loc(v, node, line, col, 0, kl, kc))) return rc;
    advance(c, 1);
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
      if ((rc = walk(c, ch, v, file, err, 0, 0))) return rc;
      skip_ws(c);
      advance(c, 1);
    }
    if (!node->child) { skip_ws(c); advance(c, 1); }
    return GS_OK;
  }
  if (cJSON_IsString(node)) {
    skip_string(c);
    return push_loc(v, node, line, col, 0, kl, kc);
  }
  if (cJSON_IsNumber(node)) {
    int is_int = 1;
    while (c->pos < c->len && strchr("+-0123456789.eE", c->s[c->pos]) && c->s[c->pos]) {
      if (strchr(".eE", c->s[c->pos])) is_int = 0;
      advance(c, 1);
    }
    return push_loc(v, node, line, col, is_int, kl, kc);
  }
  /* true, false, null */
  while (c->pos < c->len && c->s[c->pos] >= 'a' && c->s[c->pos] <= 'z') advance(c, 1);
  return push_loc(v, node, line, col, 0, kl, kc);
}

static int cmp_loc(const void *a, const void *b) {
  const char *x = (const char *)((const gs__jloc_t *)a)->node, *y = (const char *)((const gs__jloc_t *)b)->node;
  return (x > y) - (x < y);
}

/* A strict JSON syntax check, run only after cJSON has refused the text, to
 * find where and why: cJSON's own error offset is not reliable. */
typedef struct {
  const char *s;
  size_t len, pos;
  const char *why;
} syn_t;

static void syn_ws(syn_t *y) {
  while (y->pos < y->len && strchr(" \t\r\n", y->s[y->pos]) && y->s[y->pos]) y->pos++;
}

static int syn_fail(syn_t *y, const char *why) {
  if (!y->why) y->why = why;
  return 0;
}

static int syn_value(syn_t *y, int depth);

/* The 4 hex digits at s[at..at+4), if there are 4, into *code. */
static int syn_hex4(const syn_t *y, size_t at, unsigned *code) {
  *code = 0;
  for (size_t i = at; i < at + 4; i++) {
    if (i >= y->len || !y->s[i] || !strchr("0123456789abcdefABCDEF", y->s[i])) return 0;
    char ch = y->s[i];
    *code = *code * 16 + (unsigned)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
  }
  return 1;
}

static int syn_string(syn_t *y) {
  y->pos++; /* opening quote */
  while (y->pos < y->len) {
    unsigned char c = (unsigned char)y->s[y->pos];
    if (c == '"') { y->pos++; return 1; }
    if (c < 0x20) return syn_fail(y, "control character in a string (unescaped newline?)");
    if (c == '\\') {
      y->pos++;
      if (y->pos >= y->len) break;
      c = (unsigned char)y->s[y->pos];
      if (c == 'u') {
        unsigned code, low;
        if (!syn_hex4(y, y->pos + 1, &code)) return syn_fail(y, "bad \\u escape in a string");
        /* cJSON's strings end at a NUL: "a\u0000b" would be read as "a" */
        if (code == 0) {
          y->pos--; /* at the backslash */
          return syn_fail(y, "\\u0000 (NUL) in a string is not supported");
        }
        /* cJSON decodes UTF-16: a high surrogate needs a low one right after
         * it, and a low one cannot stand alone */
        if (code >= 0xDC00 && code <= 0xDFFF) return syn_fail(y, "bad \\u escape in a string (unpaired UTF-16 surrogate)");
        if (code >= 0xD800 && code <= 0xDBFF) {
          if (y->pos + 6 >= y->len || y->s[y->pos + 5] != '\\' || y->s[y->pos + 6] != 'u' || !syn_hex4(y, y->pos + 7, &low) ||
              low < 0xDC00 || low > 0xDFFF)
            return syn_fail(y, "bad \\u escape in a string (unpaired UTF-16 surrogate)");
          y->pos += 6;
        }
        y->pos += 4;
      } else if (!strchr("\"\\/bfnrt", c) || !c) {
        return syn_fail(y, "bad escape in a string");
      }
    }
    y->pos++;
  }
  return syn_fail(y, "unterminated string");
}

static int syn_number(syn_t *y) {
  size_t p = y->pos;
  if (p < y->len && y->s[p] == '-') p++;
  if (p >= y->len || !(y->s[p] >= '0' && y->s[p] <= '9')) { y->pos = p; return syn_fail(y, "expected a digit"); }
  if (y->s[p] == '0') p++;
  else while (p < y->len && y->s[p] >= '0' && y->s[p] <= '9') p++;
  if (p < y->len && y->s[p] == '.') {
    p++;
    if (p >= y->len || !(y->s[p] >= '0' && y->s[p] <= '9')) { y->pos = p; return syn_fail(y, "expected a digit after '.'"); }
    while (p < y->len && y->s[p] >= '0' && y->s[p] <= '9') p++;
  }
  if (p < y->len && (y->s[p] == 'e' || y->s[p] == 'E')) {
    p++;
    if (p < y->len && (y->s[p] == '+' || y->s[p] == '-')) p++;
    if (p >= y->len || !(y->s[p] >= '0' && y->s[p] <= '9')) { y->pos = p; return syn_fail(y, "expected a digit in the exponent"); }
    while (p < y->len && y->s[p] >= '0' && y->s[p] <= '9') p++;
  }
  y->pos = p;
  return 1;
}

static int syn_container(syn_t *y, int depth, char close) {
  y->pos++;
  syn_ws(y);
  if (y->pos < y->len && y->s[y->pos] == close) { y->pos++; return 1; }
  for (;;) {
    syn_ws(y);
    if (close == '}') {
      if (y->pos >= y->len) return syn_fail(y, "unexpected end of input (truncated file?)");
      if (y->s[y->pos] != '"') return syn_fail(y, y->s[y->pos] == '}' ? "trailing comma before '}'" : "expected a \"key\" in double quotes");
      if (!syn_string(y)) return 0;
      syn_ws(y);
      if (y->pos >= y->len) return syn_fail(y, "unexpected end of input (truncated file?)");
      if (y->s[y->pos] != ':') return syn_fail(y, "expected ':' after the key");
      y->pos++;
    } else {
      syn_ws(y);
      if (y->pos < y->len && y->s[y->pos] == ']') return syn_fail(y, "trailing comma before ']'");
    }
    if (!syn_value(y, depth + 1)) return 0;
    syn_ws(y);
    if (y->pos >= y->len) return syn_fail(y, "unexpected end of input (truncated file?)");
    if (y->s[y->pos] == ',') { y->pos++; continue; }
    if (y->s[y->pos] == close) { y->pos++; return 1; }
    return syn_fail(y, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int syn_value(syn_t *y, int depth) {
  syn_ws(y);
  if (y->pos >= y->len) return syn_fail(y, "unexpected end of input (truncated file?)");
  char c = y->s[y->pos];
  if (c == '{') return syn_container(y, depth, '}');
  if (c == '[') return syn_container(y, depth, ']');
  if (c == '"') return syn_string(y);
  if (c == '-' || (c >= '0' && c <= '9')) return syn_number(y);
  static const char *const words[] = {"true", "false", "null"};
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if (y->len - y->pos >= n && !strncmp(y->s + y->pos, words[i], n)) { y->pos += n; return 1; }
  }
  if (!strncmp(y->s + y->pos, "NaN", 3) || !strncmp(y->s + y->pos, "Infinity", 8))
    return syn_fail(y, "NaN and Infinity are not JSON numbers");
  if (c == '\'') return syn_fail(y, "strings take double quotes, not single");
  return syn_fail(y, "expected a value");
}

/* Offset and reason of the first syntax error in s[0..len). */
static size_t syntax_error(const char *s, size_t len, const char **why) {
  syn_t y = {s, len, 0, NULL};
  if (syn_value(&y, 0)) {
    syn_ws(&y);
    if (y.pos < len) syn_fail(&y, "text after the end of the JSON value");
  }
  *why = y.why;
  return y.why ? y.pos : len;
}

int gs__jsrc_parse(gs__jsrc_t *src, const char *file, const char *buf, size_t len, gs_error_t *err) {
  memset(src, 0, sizeof *src);
  src->file = file;
  char *text = NULL;
  locvec_t v = {0};
  int rc;
  const char *nul = memchr(buf, '\0', len);
  if (nul) {
    long l, c;
    pos_of(buf, (size_t)(nul - buf), &l, &c);
    return gs_error_set(err, GS_EPARSE, file, l, c, "NUL byte in JSON text");
  }
  if (!(text = malloc(len + 1))) return gs_error_set(err, GS_ENOMEM, file, 0, 0, "out of memory");
  memcpy(text, buf, len);
  text[len] = '\0';
  if ((rc = strip_comments(text, len, file, err))) goto fail;
  if ((rc = check_depth(text, len, file, err))) goto fail;
  /* our strict check first (cJSON accepts some non-JSON, such as 01, and
   * does not say where it failed), then cJSON builds the tree */
  const char *why;
  size_t off = syntax_error(text, len, &why);
  src->root = why == NULL ? cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1) : NULL;
  if (!src->root) {
    long l, c;
    pos_of(text, off, &l, &c);
    rc = gs_error_set(err, GS_EPARSE, file, l, c, "invalid JSON: %s", why ? why : "not accepted by cJSON");
    goto fail;
  }
  cursor_t cur = {text, len, 0, 1, 1};
  if ((rc = walk(&cur, src->root, &v, file, err, 0, 0))) goto fail;
  qsort(v.locs, v.n, sizeof *v.locs, cmp_loc);
  src->locs = v.locs;
  src->n_locs = v.n;
  free(text);
  return GS_OK;
fail:
  if (rc == GS_ENOMEM) gs_error_set(err, rc, file, 0, 0, "out of memory");
  free(text);
  free(v.locs);
  cJSON_Delete(src->root);
  memset(src, 0, sizeof *src);
  return rc;
}

void gs__jsrc_free(gs__jsrc_t *src) {
  if (!src) return;
  cJSON_Delete(src->root);
  free(src->locs);
  memset(src, 0, sizeof *src);
}

const gs__jloc_t *gs__jsrc_find(const gs__jsrc_t *src, const cJSON *node) {
  gs__jloc_t key = {node, 0, 0, 0, 0, 0};
  return src->locs ? bsearch(&key, src->locs, src->n_locs, sizeof key, cmp_loc) : NULL;
}

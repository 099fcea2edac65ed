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

static int push_loc(locvec_t *v, const cJSON *node, long line, long col, int is_int) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 64;
    gs__jloc_t *p = realloc(v->locs, cap * sizeof *p);
    if (!p) return GS_ENOMEM;
    v->locs = p;
    v->cap = cap;
  }
  v->locs[v->n++] = (gs__jloc_t){node, line, col, is_int};
  return GS_OK;
}

/* Walks the text of node (valid JSON) recording positions; checks keys. */
static int walk(cursor_t *c, const cJSON *node, locvec_t *v, const char *file, gs_error_t *err) {
  skip_ws(c);
  long line = c->line, col = c->col;
  int rc;
  if (cJSON_IsObject(node)) {
    if ((rc = push_loc(v, node, line, col, 0))) return rc;
    advance(c, 1);
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
      skip_ws(c);
      long kl = c->line, kc = c->col;
      skip_string(c);
      for (const cJSON *prev = node->child; prev != ch; prev = prev->next) {
        if (strcmp(prev->string, ch->string) == 0) {
          const gs__jloc_t *first = NULL;
          for (size_t i = v->n; i-- > 0;)
            if (v->locs[i].node == prev) { first = &v->locs[i]; break; }
          return gs_error_set(err, GS_EPARSE, file, kl, kc, "duplicate key \"%s\" (first at line %ld)",
                              ch->string, first ? first->line : 0L);
        }
      }
      skip_ws(c);
      advance(c, 1); /* ':' */
      if ((rc = walk(c, ch, v, file, err))) return rc;
      skip_ws(c);
      advance(c, 1); /* ',' or '}' */
    }
    if (!node->child) { skip_ws(c); advance(c, 1); }
    return GS_OK;
  }
  if (cJSON_IsArray(node)) {
    if ((rc = push_loc(v, node, line, col, 0))) return rc;
    advance(c, 1);
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
      if ((rc = walk(c, ch, v, file, err))) return rc;
      skip_ws(c);
      advance(c, 1);
    }
    if (!node->child) { skip_ws(c); advance(c, 1); }
    return GS_OK;
  }
  if (cJSON_IsString(node)) {
    skip_string(c);
    return push_loc(v, node, line, col, 0);
  }
  if (cJSON_IsNumber(node)) {
    int is_int = 1;
    while (c->pos < c->len && strchr("+-0123456789.eE", c->s[c->pos]) && c->s[c->pos]) {
      if (strchr(".eE", c->s[c->pos])) is_int = 0;
      advance(c, 1);
    }
    return push_loc(v, node, line, col, is_int);
  }
  /* true, false, null */
  while (c->pos < c->len && c->s[c->pos] >= 'a' && c->s[c->pos] <= 'z') advance(c, 1);
  return push_loc(v, node, line, col, 0);
}

static int cmp_loc(const void *a, const void *b) {
  const char *x = (const char *)((const gs__jloc_t *)a)->node, *y = (const char *)((const gs__jloc_t *)b)->node;
  return (x > y) - (x < y);
}

static const char *describe_near(const char *s, size_t len, size_t off, char *buf, size_t n) {
  if (off >= len) return "unexpected end of input";
  size_t k = 0;
  for (size_t i = off; i < len && k + 1 < n && k < 20 && s[i] != '\n'; i++) buf[k++] = s[i];
  buf[k] = '\0';
  return buf;
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
  const char *end = NULL;
  src->root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
  if (!src->root) {
    size_t off = end && end >= text ? (size_t)(end - text) : 0;
    /* cJSON points at or just past the offending token */
    if (off > len) off = len;
    long l, c;
    char near[32];
    size_t back = off;
    while (back > 0 && (text[back - 1] == ' ' || text[back - 1] == '\n' || text[back - 1] == '\t' || text[back - 1] == '\r')) back--;
    size_t at = off;
    while (at < len && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t' || text[at] == '\r')) at++;
    int trailing_comma = back > 0 && text[back - 1] == ',' && at < len && (text[at] == '}' || text[at] == ']');
    pos_of(text, at, &l, &c);
    if (at >= len)
      rc = gs_error_set(err, GS_EPARSE, file, l, c, "invalid JSON: unexpected end of input (truncated file?)");
    else if (trailing_comma)
      rc = gs_error_set(err, GS_EPARSE, file, l, c, "invalid JSON: trailing comma before '%c'", text[at]);
    else
      rc = gs_error_set(err, GS_EPARSE, file, l, c, "invalid JSON near \"%s\"", describe_near(text, len, at, near, sizeof near));
    goto fail;
  }
  cursor_t cur = {text, len, 0, 1, 1};
  if ((rc = walk(&cur, src->root, &v, file, err))) goto fail;
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
  gs__jloc_t key = {node, 0, 0, 0};
  return src->locs ? bsearch(&key, src->locs, src->n_locs, sizeof key, cmp_loc) : NULL;
}

/* jsonsrc.h (private): JSON text with its source positions. cJSON parses;
 * this module strips comments first (keeping every line and column), turns
 * cJSON's failure into file:line:column, rejects duplicate keys, and records
 * where each node stands and whether a number was written as an integer. */
#ifndef GS_JSONSRC_H
#define GS_JSONSRC_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "gridsearch/error.h"

typedef struct {
  const cJSON *node;
  long line, column;          /* where the value starts */
  long key_line, key_column;  /* where its key starts (object members), else 0 */
  int is_int;                 /* number written without '.', 'e' or 'E' */
} gs__jloc_t;

typedef struct {
  const char *file;
  cJSON *root;
  gs__jloc_t *locs; /* sorted by node pointer */
  size_t n_locs;
} gs__jsrc_t;

/* Deepest nesting accepted (cJSON's own limit). */
#define GS_JSON_MAX_DEPTH 1000

/* Parses buf[0..len) (any bytes; need not be NUL-terminated). On success
 * fills src (free with gs__jsrc_free); on failure returns GS_EPARSE with
 * err at file:line:column and src empty. */
int gs__jsrc_parse(gs__jsrc_t *src, const char *file, const char *buf, size_t len, gs_error_t *err);

void gs__jsrc_free(gs__jsrc_t *src);

/* The position of node, or NULL when unknown. */
const gs__jloc_t *gs__jsrc_find(const gs__jsrc_t *src, const cJSON *node);

#endif

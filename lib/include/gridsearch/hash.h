/* hash.h: a 64-bit FNV-1a digest, fed incrementally, for provenance (which
 * config and data a result came from) and journal checksums. Not for security. */
#ifndef GRIDSEARCH_HASH_H
#define GRIDSEARCH_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/error.h"

typedef struct {
  uint64_t h;
} gs_hash_t;

void gs_hash_init(gs_hash_t *h);
void gs_hash_update(gs_hash_t *h, const void *data, size_t n);
void gs_hash_str(gs_hash_t *h, const char *s);  /* the string and its NUL */
uint64_t gs_hash_final(const gs_hash_t *h);

/* Feeds the bytes of the file at path. GS_EIO naming the file on failure. */
int gs_hash_file(gs_hash_t *h, const char *path, gs_error_t *err);

/* One-shot digest of n bytes. */
uint64_t gs_hash_bytes(const void *data, size_t n);

#endif

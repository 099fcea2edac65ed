/* hash.c: FNV-1a, 64 bits. */
#include "gridsearch/hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void gs_hash_init(gs_hash_t *h) { h->h = 14695981039346656037ull; }

void gs_hash_update(gs_hash_t *h, const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t x = h->h;
  for (size_t i = 0; i < n; i++) {
    x ^= p[i];
    x *= 1099511628211ull;
  }
  h->h = x;
}

void gs_hash_str(gs_hash_t *h, const char *s) { gs_hash_update(h, s, strlen(s) + 1); }

uint64_t gs_hash_final(const gs_hash_t *h) { return h->h; }

int gs_hash_file(gs_hash_t *h, const char *path, gs_error_t *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) gs_hash_update(h, buf, n);
  int bad = ferror(f);
  fclose(f);
  if (bad) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
  return GS_OK;
}

uint64_t gs_hash_bytes(const void *data, size_t n) {
  gs_hash_t h;
  gs_hash_init(&h);
  gs_hash_update(&h, data, n);
  return gs_hash_final(&h);
}

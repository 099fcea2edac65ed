/* fixture.h: what several unit suites need alike: a plain process (no MPI
 * launcher in the environment), a scratch folder, whole files read back, and
 * a search made from config text. Header-only, like expected.h. */
#ifndef GS_TEST_FIXTURE_H
#define GS_TEST_FIXTURE_H
#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before the first #include (nftw, environ)"
#endif
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/config.h"
#include "gridsearch/farm.h"
#include "gridsearch/search.h"

/* A new folder /tmp/gs-test-<tag>-XXXXXX into dir (n bytes); 0 on success. */
__attribute__((unused)) static int fixture_scratch(char *dir, size_t n, const char *tag) {
  snprintf(dir, n, "/tmp/gs-test-%s-XXXXXX", tag);
  return mkdtemp(dir) ? 0 : -1;
}

static int fixture_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  chmod(path, 0700); /* a folder a test made read-only */
  return remove(path);
}

/* Removes dir and everything below it (a no-op for ""). */
__attribute__((unused)) static void fixture_scratch_remove(const char *dir) {
  if (dir[0]) nftw(dir, fixture_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The whole file at path, NUL-terminated, its size in *len (len may be
 * NULL); NULL when it cannot be read. The caller frees it. */
__attribute__((unused)) static char *fixture_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, r;
  char *b = malloc(cap + 1);
  while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *g = realloc(b, 2 * cap + 1);
      if (!g) {
        free(b);
        b = NULL;
        break;
      }
      b = g;
      cap *= 2;
    }
  }
  fclose(f);
  if (b) b[n] = '\0';
  if (b && len) *len = n;
  return b;
}

/* The search of the config text json, read as if from file (relative paths
 * resolve against its folder): prepared, with the fits of fail_fits
 * (GRIDSEARCH_FAIL_FITS syntax, or NULL) made to fail, and run on farm
 * unless farm is NULL. 0 with *cfg and *s set; -1 (message on stderr) with
 * both NULL. */
__attribute__((unused)) static int fixture_search(gs_config_t **cfg, gs_search_t **s, const char *file,
                                                  const char *json, const char *fail_fits, gs_farm_t *farm) {
  gs_error_t err;
  gs_error_clear(&err);
  *cfg = NULL;
  *s = NULL;
  int rc = gs_config_parse(cfg, file, json, strlen(json), &err);
  if (!rc) rc = gs_search_prepare(s, *cfg, &err);
  gs_search_opts_t opts = {0};
  opts.fail_fits = fail_fits;
  if (!rc && farm) rc = gs_search_run(*s, farm, &opts, &err);
  if (!rc) return 0;
  char msg[2048];
  fprintf(stderr, "test set-up: %s\n", gs_error_format(&err, msg, sizeof msg));
  gs_search_free(*s);
  gs_config_free(*cfg);
  *cfg = NULL;
  *s = NULL;
  return -1;
}

#endif

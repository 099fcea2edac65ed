/* expected.h: reads tests/data/unit_expected.txt (written by
 * tests/data/make_unit_expected.py from numpy and scikit-learn): one key and
 * its values per line. */
#ifndef GS_TEST_EXPECTED_H
#define GS_TEST_EXPECTED_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The values of the line whose key is key (the text after it), or NULL.
 * The returned string is static and overwritten by the next call. */
__attribute__((unused)) static const char *expected_line(const char *key) {
  static char *line = NULL;
  static size_t cap = 0;
  char path[1024];
  snprintf(path, sizeof path, "%s/data/unit_expected.txt", GS_TEST_DIR);
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  size_t klen = strlen(key);
  const char *hit = NULL;
  while (getline(&line, &cap, f) > 0) {
    if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
      line[strcspn(line, "\n")] = '\0';
      hit = line + klen + 1;
      break;
    }
  }
  fclose(f);
  return hit;
}

/* Parses up to max whitespace-separated numbers (strtod) from s; stops at a
 * token that is not a number (such as "="). Returns how many, *rest after. */
__attribute__((unused)) static size_t expected_doubles(const char *s, double *out, size_t max, const char **rest) {
  size_t n = 0;
  char *end;
  while (s && n < max) {
    while (*s == ' ') s++;
    double v = strtod(s, &end);
    if (end == s) break;
    out[n++] = v;
    s = end;
  }
  if (rest) *rest = s;
  return n;
}
#endif

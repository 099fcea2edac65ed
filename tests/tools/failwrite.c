/* failwrite.c: an LD_PRELOAD shim for tests: a write() whose buffer starts
 * with $GS_FAILWRITE_PREFIX fails with ENOSPC (a disk that fills up at that
 * write), every other write goes through. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n) {
  static ssize_t (*real)(int, const void *, size_t);
  if (!real) *(void **)&real = dlsym(RTLD_NEXT, "write");
  const char *p = getenv("GS_FAILWRITE_PREFIX");
  size_t k = p ? strlen(p) : 0;
  if (k && n >= k && memcmp(buf, p, k) == 0) {
    errno = ENOSPC;
    return -1;
  }
  return real(fd, buf, n);
}

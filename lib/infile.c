/* infile.c: opening an input that must be a regular file, without blocking. */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const char *kind(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO (a named pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

int gs__infile_open(FILE **out, struct stat *st, const char *path, const char *what, gs_error_t *err) {
  *out = NULL;
  /* O_NONBLOCK: opening a FIFO without a writer would wait for one */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot open %s: %s", what, strerror(errno));
  int rc = GS_OK;
  if (fstat(fd, st) != 0) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot open %s: %s", what, strerror(errno));
    goto fail;
  }
  if (S_ISDIR(st->st_mode)) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "%s is a directory, not a file", what);
    goto fail;
  }
  if (!S_ISREG(st->st_mode)) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "%s is %s, not a regular file: gridsearch reads only regular files", what,
                      kind(st->st_mode));
    goto fail;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 || !(*out = fdopen(fd, "rb"))) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot open %s: %s", what, strerror(errno));
    goto fail;
  }
  return GS_OK;
fail:
  close(fd);
  return rc;
}

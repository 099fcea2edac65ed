/* infile.h (private): opening an input file (a config, a data set) that must
 * be a regular file. A FIFO, device or socket could block or never end, so it
 * is refused at once; the open itself never blocks. */
#ifndef GS_INFILE_H
#define GS_INFILE_H

#include <stdio.h>
#include <sys/stat.h>

#include "gridsearch/error.h"

/* Opens path for reading ("rb") into *out and fills *st, when path is a
 * regular file (symbolic links followed). Otherwise GS_EIO naming path:
 * "cannot open <what>: <strerror>", "<what> is a directory, not a file" or
 * "<what> is a FIFO (a named pipe), not a regular file: gridsearch reads only
 * regular files" (likewise a character device, block device or socket).
 * what is "config" or "dataset". On failure *out = NULL. */
int gs__infile_open(FILE **out, struct stat *st, const char *path, const char *what, gs_error_t *err);

#endif

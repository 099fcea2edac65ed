/* outdir.c: who may write a results folder, and which files in it are
 * gridsearch's (see outdir.h). */
#include "gridsearch/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/report.h"
#include "sbuf.h"

#define MANIFEST_HEADER "# gridsearch output folder: the files the last finished run wrote here\n"

struct gs_outdir {
  int fd;
};

static int exists(const char *dir, const char *name) {
  char p[PATH_MAX + 64];
  struct stat st;
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return lstat(p, &st) == 0;
}

/* 1 when dir exists, is not empty and holds no mark of gridsearch. */
static int foreign(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0; /* missing (or not a folder: gs_report_mkdirs says so) */
  int any = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) { any = 1; break; }
  closedir(d);
  return any && !exists(dir, "journal") && !exists(dir, GS_OUTDIR_MANIFEST) && !exists(dir, GS_OUTDIR_LOCK);
}

static int is_root(const char *dir) {
  char real[PATH_MAX];
  return realpath(dir, real) && !strcmp(real, "/");
}

/* The holder's "pid host" from the lock file, as a phrase. */
static void holder(int fd, char *buf, size_t n) {
  char text[300];
  ssize_t r = pread(fd, text, sizeof text - 1, 0);
  long pid = 0;
  char host[256] = "";
  if (r > 0) {
    text[r] = '\0';
    if (sscanf(text, "%ld %255s", &pid, host) < 1) pid = 0;
  }
  if (pid > 0 && host[0]) snprintf(buf, n, "pid %ld on host %s", pid, host);
  else snprintf(buf, n, "a process that has not yet written its pid");
}

int gs_outdir_claim(gs_outdir_t **out, const char *dir, int force, gs_error_t *err) {
  *out = NULL;
  if (is_root(dir))
    return gs_error_set(err, GS_EUSAGE, dir, 0, 0, "gridsearch never writes its results into the root folder; choose another --out");
  if (!force && foreign(dir))
    return gs_error_set(err, GS_EUSAGE, dir, 0, 0,
                        "this folder holds files that gridsearch did not write (it has no journal and no " GS_OUTDIR_MANIFEST
                        "); choose a new or empty --out, or pass --force-out to write into it");
  int rc = gs_report_mkdirs(dir, err);
  if (rc) return rc;
  char path[PATH_MAX + 64];
  snprintf(path, sizeof path, "%s/%s", dir, GS_OUTDIR_LOCK);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot create the lock file: %s", strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    char who[320];
    if (e == EWOULDBLOCK) holder(fd, who, sizeof who);
    close(fd);
    if (e != EWOULDBLOCK) return gs_error_set(err, GS_EIO, path, 0, 0, "cannot lock: %s", strerror(e));
    return gs_error_set(err, GS_ESTATE, dir, 0, 0, "another gridsearch run (%s) is writing this folder; wait for it to end or choose another --out", who);
  }
  char host[256] = "?", text[320];
  if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "?");
  host[sizeof host - 1] = '\0';
  int len = snprintf(text, sizeof text, "%ld %s\n", (long)getpid(), host);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)len, 0) != (ssize_t)len) {
    int e = errno;
    close(fd);
    return gs_error_set(err, GS_EIO, path, 0, 0, "cannot write: %s", strerror(e));
  }
  gs_outdir_t *o = malloc(sizeof *o);
  if (!o) {
    close(fd);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  o->fd = fd;
  *out = o;
  return GS_OK;
}

void gs_outdir_release(gs_outdir_t *o) {
  if (!o) return;
  close(o->fd); /* drops the flock; the file stays, as a mark */
  free(o);
}

/* The manifest's names, one a line, in a buffer the caller frees (NULL and
 * GS_OK when there is no manifest). */
static int read_manifest(const char *dir, char **text, gs_error_t *err) {
  char path[PATH_MAX + 64];
  snprintf(path, sizeof path, "%s/%s", dir, GS_OUTDIR_MANIFEST);
  *text = NULL;
  FILE *f = fopen(path, "r");
  if (!f) return errno == ENOENT ? GS_OK : gs_error_set(err, GS_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
  gs__sbuf_t b = {0};
  char line[1024];
  int first = 1, ours = 0;
  while (fgets(line, sizeof line, f)) {
    if (first) ours = !strcmp(line, MANIFEST_HEADER);
    first = 0;
    if (ours && line[0] != '#') gs__sb_printf(&b, "%s", line);
  }
  fclose(f);
  size_t len;
  *text = gs__sb_take(&b, &len);
  if (!*text && b.oom) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
  return GS_OK;
}

/* Whether a manifest name may be removed: a plain file name of the folder,
 * not the journal nor gridsearch's own marks. */
static int removable(const char *name) {
  return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") && strcmp(name, "journal") &&
         strncmp(name, ".gridsearch", 11) != 0;
}

static int listed(const char *name, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(names[i], name)) return 1;
  return 0;
}

/* Removes the manifest's files that are not among keep. */
static int remove_listed(const char *dir, const char *const *keep, size_t n_keep, gs_error_t *err) {
  char *text;
  int rc = read_manifest(dir, &text, err);
  if (rc || !text) return rc;
  for (char *name = strtok(text, "\n"); name && !rc; name = strtok(NULL, "\n")) {
    if (!removable(name) || listed(name, keep, n_keep)) continue;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (unlink(path) != 0 && errno != ENOENT) rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot remove the previous run's file: %s", strerror(errno));
  }
  free(text);
  return rc;
}

int gs_outdir_clear(const char *dir, gs_error_t *err) { return remove_listed(dir, NULL, 0, err); }

int gs_outdir_commit(const char *dir, const char *const *names, size_t n_names, gs_error_t *err) {
  int rc = remove_listed(dir, names, n_names, err);
  if (rc) return rc;
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%sjournal\n", MANIFEST_HEADER);
  for (size_t i = 0; i < n_names; i++)
    if (removable(names[i])) gs__sb_printf(&b, "%s\n", names[i]);
  size_t len;
  char *text = gs__sb_take(&b, &len), path[PATH_MAX + 64];
  snprintf(path, sizeof path, "%s/%s", dir, GS_OUTDIR_MANIFEST);
  if (!text) return gs_error_set(err, GS_ENOMEM, path, 0, 0, "out of memory");
  rc = gs_report_write_file(path, text, len, err);
  free(text);
  return rc;
}

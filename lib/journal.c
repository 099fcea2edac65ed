/* journal.c: append-only, line-per-task journal with FNV-1a checksums. */
#include "gridsearch/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gridsearch/hash.h"
#include "clock.h"

#define JOURNAL_MAGIC "gridsearch-journal 1"

struct gs_journal {
  int fd;
  char *path;
  double last_sync;
  size_t n_scorers;
  int train;           /* records carry train scores too */
  gs_journal_runs_t prev; /* run records loaded on resume */
};

static int write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Appends " #<checksum>\n" to a record body and writes it. */
static int write_record(gs_journal_t *j, char *line, size_t len, size_t cap, gs_error_t *err) {
  uint64_t sum = gs_hash_bytes(line, len);
  int w = snprintf(line + len, cap - len, " #%016" PRIx64 "\n", sum);
  if (w < 0 || (size_t)w >= cap - len) return gs_error_set(err, GS_EIO, j->path, 0, 0, "journal record too long");
  if (write_all(j->fd, line, len + (size_t)w) != 0)
    return gs_error_set(err, GS_EIO, j->path, 0, 0, "cannot append to the journal: %s", strerror(errno));
  double t = gs__now();
  if (t - j->last_sync >= 1.0) {
    fsync(j->fd);
    j->last_sync = t;
  }
  return GS_OK;
}

int gs_journal_append(gs_journal_t *j, size_t task, const gs_task_result_t *r, gs_error_t *err) {
  char line[4096];
  size_t k = (size_t)snprintf(line, sizeof line, "T %zu %d %.17g %.17g %zu", task, r->status, r->fit_time, r->score_time, j->n_scorers);
  for (size_t i = 0; i < j->n_scorers && k < sizeof line; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %.17g", r->scores[i]);
  for (size_t i = 0; j->train && i < j->n_scorers && k < sizeof line; i++)
    k += (size_t)snprintf(line + k, sizeof line - k, " %.17g", r->train_scores[i]);
  char msg[sizeof r->message];
  snprintf(msg, sizeof msg, "%s", r->message);
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '#') *p = ' ';
  if (k < sizeof line) k += (size_t)snprintf(line + k, sizeof line - k, " %zu:%s", strlen(msg), msg);
  if (k >= sizeof line - 32) return gs_error_set(err, GS_EIO, j->path, 0, 0, "journal record too long");
  return write_record(j, line, k, sizeof line, err);
}

int gs_journal_finish(gs_journal_t *j, gs_error_t *err) {
  char line[128];
  size_t k = (size_t)snprintf(line, sizeof line, "E done");
  int rc = write_record(j, line, k, sizeof line, err);
  fsync(j->fd);
  return rc;
}

/* Run record: "R <wall seconds> <busy seconds>". */
int gs_journal_run_end(gs_journal_t *j, double wall_seconds, double busy_seconds, gs_error_t *err) {
  char line[128];
  if (!isfinite(wall_seconds) || !isfinite(busy_seconds) || wall_seconds < 0 || busy_seconds < 0)
    return gs_error_set(err, GS_EINVAL, j->path, 0, 0, "run times must be finite and >= 0");
  size_t k = (size_t)snprintf(line, sizeof line, "R %.17g %.17g", wall_seconds, busy_seconds);
  return write_record(j, line, k, sizeof line, err);
}

gs_journal_runs_t gs_journal_runs(const gs_journal_t *j) {
  gs_journal_runs_t none = {0, 0.0, 0.0};
  return j ? j->prev : none;
}

/* Parses a verified run record into runs (adds it); returns 0 or -1. */
static int parse_run(const char *line, gs_journal_runs_t *runs) {
  char *end;
  const char *p = line + 2;
  if (line[0] != 'R' || line[1] != ' ') return -1;
  double wall = strtod(p, &end);
  if (end == p || *end != ' ') return -1;
  p = end;
  double busy = strtod(p, &end);
  if (end == p || *end) return -1;
  if (!isfinite(wall) || !isfinite(busy) || wall < 0 || busy < 0) return -1;
  runs->runs++;
  runs->wall_seconds += wall;
  runs->busy_seconds += busy;
  return 0;
}

int gs_journal_fd(const gs_journal_t *j) { return j ? j->fd : -1; }

void gs_journal_close(gs_journal_t *j) {
  if (!j) return;
  if (j->fd >= 0) {
    fsync(j->fd);
    close(j->fd);
  }
  free(j->path);
  free(j);
}

/* Checks a line's trailing " #<16 hex>" checksum; on success cuts it off. */
static int verify_line(char *line) {
  size_t len = strlen(line);
  if (len < 18 || line[len - 18] != ' ' || line[len - 17] != '#') return 0;
  char *end;
  uint64_t want = strtoull(line + len - 16, &end, 16);
  if (*end) return 0;
  line[len - 18] = '\0';
  return gs_hash_bytes(line, len - 18) == want;
}

/* A field of a task record: one space, then a token of no spaces. */
static int next_token(const char **p, const char **tok, size_t *len) {
  if (**p != ' ') return 0;
  *tok = ++*p;
  while (**p && **p != ' ') ++*p;
  *len = (size_t)(*p - *tok);
  return *len > 0;
}

/* An unsigned decimal integer token, digits only. */
static int token_size(const char *t, size_t n, unsigned long long *out) {
  unsigned long long v = 0;
  if (n == 0 || n > 19) return 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] < '0' || t[i] > '9') return 0;
    v = v * 10 + (unsigned long long)(t[i] - '0');
  }
  *out = v;
  return 1;
}

/* A double token as %.17g writes it ("nan" included); 0 when not one. */
static int token_double(const char *t, size_t n, double *out) {
  char *end;
  *out = strtod(t, &end);
  return end == t + n;
}

/* Parses a verified task record into r, range-checking every field against
 * what a run of this search can write; returns the task, or -1 with *why. */
static long parse_task(const char *line, const gs_journal_spec_t *spec, gs_task_result_t *r, const char **why) {
  memset(r, 0, sizeof *r);
  const char *p = line + 1, *t;
  size_t n;
  unsigned long long task, ns, mlen;
  long long status;
  *why = "malformed journal record";
  if (line[0] != 'T') return -1;
  if (!next_token(&p, &t, &n) || !token_size(t, n, &task)) return -1;
  if (task >= spec->n_tasks) { *why = "journal record for a task that this search does not have"; return -1; }
  if (!next_token(&p, &t, &n)) return -1;
  {
    char *end;
    status = strtoll(t, &end, 10);
    if (end != t + n) return -1;
  }
  if (status > 0 || status < INT_MIN || !strcmp(gs_strerror_name((int)status), "GS_UNKNOWN")) {
    *why = "journal record with an unknown status";
    return -1;
  }
  r->status = (int)status;
  if (!next_token(&p, &t, &n) || !token_double(t, n, &r->fit_time)) return -1;
  if (!next_token(&p, &t, &n) || !token_double(t, n, &r->score_time)) return -1;
  if (!(r->fit_time >= 0 && r->fit_time <= 1e9) || !(r->score_time >= 0 && r->score_time <= 1e9)) {
    *why = "journal record with an impossible fit or score time (not in 0 to 1e9 seconds)";
    return -1;
  }
  if (!next_token(&p, &t, &n) || !token_size(t, n, &ns) || ns != spec->n_scorers) return -1;
  /* the test scores, then with return_train_score the train scores */
  for (size_t i = 0; i < (spec->train ? 2 : 1) * spec->n_scorers; i++) {
    double v;
    if (!next_token(&p, &t, &n) || !token_double(t, n, &v)) return -1;
    /* every scorer scores in [0, 1]; a failed fit or an undefined score has
     * the error_score (NaN for "nan" and "raise") */
    double fail = spec->error_score;
    if (!((v >= 0 && v <= 1) || (isnan(fail) ? isnan(v) : v == fail))) {
      *why = "journal record with a score outside [0, 1] that is not the error_score";
      return -1;
    }
    if (i < spec->n_scorers) r->scores[i] = v;
    else r->train_scores[i - spec->n_scorers] = v;
  }
  if (*p != ' ') return -1;
  p++;
  const char *colon = strchr(p, ':');
  if (!colon || !token_size(p, (size_t)(colon - p), &mlen) || mlen >= sizeof r->message || strlen(colon + 1) != mlen) return -1;
  memcpy(r->message, colon + 1, mlen);
  r->message[mlen] = '\0';
  return (long)task;
}

/* What a read of an existing journal found. */
typedef struct {
  off_t good_end;     /* the end of the last intact record */
  int complete;       /* it records that every task finished */
  int header_ok;      /* its header is this search's */
  int foreign;        /* its header is another search's (not resuming) */
  size_t loaded;      /* its task records */
} scan_t;

/* Reads the journal f (at path) line by line into sc, loading its task and
 * run records when resuming; GS_ESTATE for a bad header, another search's
 * when resuming, or a corrupt record before the last. */
static int scan_journal(gs_journal_t *j, FILE *f, const char *path, const char *header, const gs_journal_spec_t *spec,
                        int resume, scan_t *sc, gs_error_t *err) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long lineno = 0;
  int rc = GS_OK;
  memset(sc, 0, sizeof *sc);
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    int torn = len == 0 || line[len - 1] != '\n';
    if (!torn) line[len - 1] = '\0';
    int ok = !torn && verify_line(line);
    if (lineno == 1) {
      if (!ok || strncmp(line, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) != 0) {
        rc = gs_error_set(err, GS_ESTATE, path, 1, 0, "not a gridsearch journal (bad header); delete it to start afresh");
        goto fail;
      }
      if (strcmp(line, header) != 0) {
        /* a journal of another search: replaced below unless it holds an
         * unfinished run (counted, not loaded) */
        if (!resume) { sc->foreign = 1; continue; }
        rc = gs_error_set(err, GS_ESTATE, path, 1, 0,
                          "the journal belongs to a different search (changed grid, data, folds or seed): it has \"%s\", "
                          "this search is \"%s\"; delete it (or use another --out) to start afresh",
                          line + strlen(JOURNAL_MAGIC) + 1, header + strlen(JOURNAL_MAGIC) + 1);
        goto fail;
      }
      sc->header_ok = 1;
      sc->good_end = ftello(f);
      continue;
    }
    if (sc->foreign) {
      if (ok && line[0] == 'E') sc->complete = 1;
      else if (ok && line[0] == 'T') sc->loaded++;
      continue;
    }
    if (!ok) {
      /* only the last record may be torn or corrupt: it was being written */
      int c = getc(f);
      if (c == EOF) break;
      rc = gs_error_set(err, GS_ESTATE, path, lineno, 0, "corrupt journal record (checksum mismatch) before the end");
      goto fail;
    }
    if (line[0] == 'E') {
      sc->complete = 1;
    } else if (line[0] == 'R') {
      gs_journal_runs_t runs = j->prev;
      if (parse_run(line, &runs) != 0) {
        rc = gs_error_set(err, GS_ESTATE, path, lineno, 0, "malformed journal run record");
        goto fail;
      }
      if (resume) j->prev = runs;
    } else {
      gs_task_result_t r;
      const char *why;
      long t = parse_task(line, spec, &r, &why);
      if (t < 0) {
        rc = gs_error_set(err, GS_ESTATE, path, lineno, 0, "%s (its checksum is valid: an edited journal, or another "
                          "program's); delete it to start afresh", why);
        goto fail;
      }
      if (resume && spec->load) spec->load(spec->load_ctx, (size_t)t, &r);
      sc->loaded++;
    }
    sc->good_end = ftello(f);
  }
fail:
  free(line);
  return rc;
}

/* A new journal at path holding header: written to a temporary file,
 * renamed into place; j->fd left open on it. */
static int create_journal(gs_journal_t *j, const char *path, const char *header, gs_error_t *err) {
  char tmp[4200];
  int rc;
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  j->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (j->fd < 0) return gs_error_set(err, GS_EIO, tmp, 0, 0, "cannot create the journal: %s", strerror(errno));
  char rec[256];
  size_t k = (size_t)snprintf(rec, sizeof rec, "%s", header);
  if ((rc = write_record(j, rec, k, sizeof rec, err))) { unlink(tmp); return rc; }
  fsync(j->fd);
  if (rename(tmp, path) != 0) {
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot create the journal: %s", strerror(errno));
    unlink(tmp);
    return rc;
  }
  j->last_sync = gs__now();
  return GS_OK;
}

int gs_journal_open(gs_journal_t **out, const char *path, const gs_journal_spec_t *spec, int resume,
                    size_t *n_loaded, gs_error_t *err) {
  gs_journal_t *j = calloc(1, sizeof *j);
  int rc = GS_OK;
  *out = NULL;
  *n_loaded = 0;
  if (!j || !(j->path = strdup(path))) { free(j); return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory"); }
  j->fd = -1;
  j->n_scorers = spec->n_scorers;
  j->train = spec->train;
  char header[128];
  snprintf(header, sizeof header, "%s digest=%016" PRIx64 " tasks=%zu scorers=%zu", JOURNAL_MAGIC, spec->digest,
           spec->n_tasks, j->n_scorers);
  FILE *f = fopen(path, "r");
  if (!f && errno != ENOENT) {
    /* there may be finished work behind it: never replace what we cannot read */
    rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot read the journal: %s", strerror(errno));
    goto fail;
  }
  if (f) {
    scan_t sc;
    rc = scan_journal(j, f, path, header, spec, resume, &sc, err);
    fclose(f);
    if (rc) goto fail;
    if (!resume && sc.header_ok && !sc.complete && sc.loaded > 0) {
      rc = gs_error_set(err, GS_ESTATE, path, 0, 0,
                        "holds %zu finished task%s of an interrupted run of this search; rerun with --resume to continue it, "
                        "or delete the journal to start afresh", sc.loaded, sc.loaded == 1 ? "" : "s");
      goto fail;
    }
    if (sc.foreign && !sc.complete && sc.loaded > 0) {
      rc = gs_error_set(err, GS_ESTATE, path, 0, 0,
                        "holds %zu finished task%s of an interrupted run of a different search (changed grid, data, folds "
                        "or seed); finish it with its own config and --resume, or delete the journal (or use another "
                        "--out) to start afresh", sc.loaded, sc.loaded == 1 ? "" : "s");
      goto fail;
    }
    if (resume && sc.header_ok) {
      j->fd = open(path, O_WRONLY);
      if (j->fd < 0 || ftruncate(j->fd, sc.good_end) != 0 || lseek(j->fd, sc.good_end, SEEK_SET) < 0) {
        rc = gs_error_set(err, GS_EIO, path, 0, 0, "cannot reopen the journal: %s", strerror(errno));
        goto fail;
      }
      *n_loaded = sc.loaded;
      *out = j;
      return GS_OK;
    }
  }
  if ((rc = create_journal(j, path, header, err))) goto fail;
  *out = j;
  return GS_OK;
fail:
  gs_journal_close(j);
  return rc;
}

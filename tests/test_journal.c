/* test_journal.c: the search journal (journal.h) on a real, tiny prepared
 * search (24 rows, 2 candidates x 3 folds = 6 tasks, 2 scorers): results
 * appended then loaded back bit for bit on resume, a torn or corrupt last
 * record dropped and written over, a corrupt earlier record refused at
 * path:line, a journal of another search or no journal at all refused, an
 * unfinished run protected from a run without resume, a finished one
 * replaced, and the digest's inputs. Files live in a mkdtemp folder under
 * /tmp, removed at the end. */
#define _GNU_SOURCE /* nftw, environ (fixture.h) */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridsearch/config.h"
#include "gridsearch/hash.h"
#include "gridsearch/journal.h"
#include "gridsearch/search.h"
#include "fixture.h"

static char dir[64];

/* --- files -------------------------------------------------------------- */

static void path_of(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", dir, name); }

static int write_file(const char *name, const char *text, size_t len) {
  char p[256];
  path_of(p, sizeof p, name);
  FILE *f = fopen(p, "wb");
  if (!f) return -1;
  size_t w = fwrite(text, 1, len, f);
  return fclose(f) == 0 && w == len ? 0 : -1;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Offset of the start of line no (1-based) in buf, or -1. */
static long line_start(const char *buf, size_t len, int no) {
  size_t off = 0;
  for (int l = 1; l < no; l++) {
    const char *nl = memchr(buf + off, '\n', len - off);
    if (!nl) return -1;
    off = (size_t)(nl - buf) + 1;
  }
  return off < len ? (long)off : -1;
}

static int count_lines(const char *buf, size_t len) {
  int n = 0;
  for (size_t i = 0; i < len; i++) n += buf[i] == '\n';
  return n;
}

/* 24 rows, 2 features, labels alternating 0/1; variant != 0 changes one
 * feature value (same size, same labels). */
static int write_data(const char *name, int variant) {
  char text[2048];
  size_t k = (size_t)snprintf(text, sizeof text, "f0,f1,label\n");
  for (int i = 0; i < 24; i++) {
    int y = i % 2;
    double f0 = (y ? 1.0 : -1.0) + 0.05 * (i % 7), f1 = 0.3 * (i % 5) - 0.6;
    if (variant && i == 10) f1 += 0.1;
    k += (size_t)snprintf(text + k, sizeof text - k, "%.3f,%.3f,%d\n", f0, f1, y);
  }
  return write_file(name, text, k);
}

static int setup(void) {
  if (fixture_scratch(dir, sizeof dir, "journal")) return -1;
  if (write_data("data.csv", 0) || write_data("data_copy.csv", 0) || write_data("data_changed.csv", 1)) return -1;
  return 0;
}

static int teardown(void) {
  fixture_scratch_remove(dir);
  return 0;
}

#define GS_SUITE_SETUP setup
#define GS_SUITE_TEARDOWN teardown

/* --- searches ----------------------------------------------------------- */

typedef struct {
  gs_config_t *cfg;
  gs_search_t *s;
} fx_t;

/* The test search, with one setting changed: data file, C list, cv,
 * random_state, and extra top-level keys (", \"k\": v", or ""). */
static const char *cfg_text(const char *data, const char *c, const char *cv, const char *rs, const char *extra) {
  static char buf[1024];
  snprintf(buf, sizeof buf,
           "{\"dataset\": {\"path\": \"%s\"}, \"test_size\": 0.25, \"random_state\": %s, \"cv\": %s,\n"
           " \"scoring\": [\"accuracy\", \"f1_macro\"],\n"
           " \"param_grid\": {\"kernel\": [\"linear\"], \"C\": %s}%s}",
           data, rs, cv, c, extra);
  return buf;
}

#define BASE_CFG cfg_text("data.csv", "[1, 10]", "3", "0", "")

/* Parses text as <dir>/c.json and prepares its search; 0 on success. */
static int prepare(fx_t *fx, const char *text) {
  char file[256];
  path_of(file, sizeof file, "c.json");
  return fixture_search(&fx->cfg, &fx->s, file, text, NULL, NULL);
}

static void release(fx_t *fx) {
  gs_search_free(fx->s);
  gs_config_free(fx->cfg);
  fx->s = NULL;
  fx->cfg = NULL;
}

/* gs_journal_open for search s: its spec (gs_search_journal_spec), then
 * the journal; a digest that fails (unreadable data) leaves *j NULL. */
static int journal_open_for(gs_journal_t **j, const char *path, gs_search_t *s, int resume, size_t *loaded,
                            gs_error_t *e) {
  gs_journal_spec_t spec;
  int rc = gs_search_journal_spec(s, &spec, e);
  if (rc) {
    *j = NULL;
    *loaded = 0;
    return rc;
  }
  return gs_journal_open(j, path, &spec, resume, loaded, e);
}

static size_t n_done(const gs_search_t *s) {
  size_t n = 0;
  for (size_t t = 0; t < gs_search_n_tasks(s); t++) n += gs_search_done(s, t) != 0;
  return n;
}

/* --- results ------------------------------------------------------------ */

/* A distinct result per task, with values a decimal text cannot hold in
 * fewer than 17 digits (1/3, 0.1 sums, a subnormal), a failed fit with NaN
 * scores, and a message of the full length. */
static gs_task_result_t result_of(size_t task) {
  gs_task_result_t r;
  memset(&r, 0, sizeof r);
  r.status = GS_OK;
  r.scores[0] = 1.0 / (double)(task + 3);
  r.scores[1] = 0.1 * (double)task + 0.2;
  r.fit_time = 1e-3 * (double)(task + 1) / 7.0;
  r.score_time = task == 2 ? 4.9406564584124654e-324 : 0.25 * (double)task;
  if (task == 4) {
    r.status = GS_EFIT;
    r.scores[0] = r.scores[1] = NAN;
    snprintf(r.message, sizeof r.message, "fit failed: C=10 (iteration limit)");
  }
  if (task == 3) {
    memset(r.message, 'm', sizeof r.message - 1);
    r.message[0] = 'M';
    r.message[sizeof r.message - 1] = '\0';
  }
  return r;
}

static int same_double(double a, double b) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  return memcmp(&a, &b, sizeof a) == 0; /* bit for bit: a resumed run equals an uninterrupted one */
}

/* task is done in s with exactly result_of(task) (the first n_scorers scores). */
static void expect_result(const gs_search_t *s, size_t task) {
  CU_ASSERT_FATAL(task < gs_search_n_tasks(s));
  CU_ASSERT_FATAL(gs_search_done(s, task));
  const gs_task_result_t *got = gs_search_result(s, task);
  gs_task_result_t want = result_of(task);
  CU_ASSERT_EQUAL(got->status, want.status);
  for (size_t i = 0; i < gs_search_config(s)->n_scorers; i++) CU_ASSERT(same_double(got->scores[i], want.scores[i]));
  CU_ASSERT(same_double(got->fit_time, want.fit_time));
  CU_ASSERT(same_double(got->score_time, want.score_time));
  CU_ASSERT_STRING_EQUAL(got->message, want.message);
}

/* Opens a new journal at name for fx's search and appends the given tasks;
 * finish: record the run as finished. Returns 0 when all went well. */
static int journal_with(const char *name, fx_t *fx, const size_t *tasks, size_t n, int finish) {
  char p[256];
  path_of(p, sizeof p, name);
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  gs_error_t e;
  gs_error_clear(&e);
  int rc = journal_open_for(&j, p, fx->s, 0, &loaded, &e);
  if (rc == GS_OK && loaded != 0) rc = -100;
  for (size_t i = 0; rc == GS_OK && i < n; i++) {
    gs_task_result_t r = result_of(tasks[i]);
    rc = gs_journal_append(j, tasks[i], &r, &e);
  }
  if (rc == GS_OK && finish) rc = gs_journal_finish(j, &e);
  gs_journal_close(j);
  return rc;
}

/* Resumes the journal at name for a freshly prepared BASE_CFG search
 * (fx filled); returns the status, *j the journal, *loaded the count, *msg
 * the formatted error. */
static int resume_base(const char *name, fx_t *fx, gs_journal_t **j, size_t *loaded, char *msg, size_t n) {
  char p[256];
  path_of(p, sizeof p, name);
  gs_error_t e;
  gs_error_clear(&e);
  msg[0] = '\0';
  if (prepare(fx, BASE_CFG)) return -100;
  int rc = journal_open_for(j, p, fx->s, 1, loaded, &e);
  if (rc) gs_error_format(&e, msg, n);
  return rc;
}

/* --- tests -------------------------------------------------------------- */

static void open_should_start_a_new_journal(void) {
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  CU_ASSERT_EQUAL(gs_search_n_tasks(fx.s), 6); /* 2 candidates x 3 folds */
  char p[256];
  path_of(p, sizeof p, "new");
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(journal_open_for(&j, p, fx.s, 0, &loaded, &e), GS_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(e.code, GS_OK);
  CU_ASSERT(exists(p));
  int fd = gs_journal_fd(j);
  CU_ASSERT(fd >= 0);
  CU_ASSERT_EQUAL(fsync(fd), 0); /* a real descriptor, ready for the signal handler */
  gs_journal_close(j);
  gs_journal_close(NULL);
  CU_ASSERT_EQUAL(n_done(fx.s), 0);
  release(&fx);
}

static void resume_should_load_every_appended_result(void) {
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  const size_t tasks[] = {0, 2, 5, 4, 3}; /* finish order, not task order */
  CU_ASSERT_EQUAL_FATAL(journal_with("five", &fx, tasks, 5, 0), GS_OK);
  release(&fx);
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  char msg[2048];
  CU_ASSERT_EQUAL_FATAL(resume_base("five", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_PTR_NOT_NULL(j);
  CU_ASSERT_EQUAL(loaded, 5);
  CU_ASSERT_EQUAL(n_done(fx.s), 5);
  CU_ASSERT_FALSE(gs_search_done(fx.s, 1));
  for (size_t i = 0; i < 5; i++) expect_result(fx.s, tasks[i]);
  gs_journal_close(j);
  release(&fx);
}

static void resume_should_append_after_the_loaded_records(void) {
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  const size_t tasks[] = {5, 0, 3};
  CU_ASSERT_EQUAL_FATAL(journal_with("more", &fx, tasks, 3, 0), GS_OK);
  release(&fx);
  gs_journal_t *j = NULL;
  size_t loaded;
  char msg[2048];
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(resume_base("more", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 3);
  for (size_t t = 0; t < 6; t++) {
    if (gs_search_done(fx.s, t)) continue;
    gs_task_result_t r = result_of(t);
    CU_ASSERT_EQUAL(gs_journal_append(j, t, &r, &e), GS_OK);
  }
  CU_ASSERT_EQUAL(gs_journal_finish(j, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  CU_ASSERT_EQUAL_FATAL(resume_base("more", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 6);
  for (size_t t = 0; t < 6; t++) expect_result(fx.s, t);
  gs_journal_close(j);
  release(&fx);
}

/* A journal at name (its path in path) with tasks 0..3 appended. */
/* Writes a journal at name for BASE_CFG's search with the given tasks
 * (finish: a finished run), then opens it for the search of cfg (resume or
 * not). Returns gs_journal_open's code, the formatted message in msg (empty
 * on success), the count in *loaded; *kept: the file is byte for byte what
 * was written; *done: tasks of cfg's search marked done. */
static int reopen_as(const char *name, const size_t *tasks, size_t n_tasks, int finish, const char *cfg, int resume,
                     size_t *loaded, char *msg, size_t n, int *kept, size_t *done) {
  char p[256], text[1024];
  snprintf(text, sizeof text, "%s", cfg); /* cfg_text's buffer is reused by BASE_CFG */
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  CU_ASSERT_EQUAL_FATAL(journal_with(name, &fx, tasks, n_tasks, finish), GS_OK);
  release(&fx);
  path_of(p, sizeof p, name);
  size_t len, len2;
  char *before = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(before);
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, text), 0);
  gs_journal_t *j = (gs_journal_t *)&fx;
  gs_error_t e;
  gs_error_clear(&e);
  *loaded = 99;
  msg[0] = '\0';
  int rc = journal_open_for(&j, p, fx.s, resume, loaded, &e);
  if (rc) {
    CU_ASSERT_PTR_NULL(j);
    gs_error_format(&e, msg, n);
  }
  *done = n_done(fx.s);
  gs_journal_close(j);
  release(&fx);
  char *after = fixture_read(p, &len2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(after);
  *kept = len2 == len && memcmp(after, before, len) == 0;
  free(after);
  free(before);
  return rc;
}

/* msg starts with "<dir>/<name><suffix>" */
static void expect_place(const char *msg, const char *name, const char *suffix) {
  char p[256], want[512];
  path_of(p, sizeof p, name);
  snprintf(want, sizeof want, "%s%s", p, suffix);
  CU_ASSERT_EQUAL(strncmp(msg, want, strlen(want)), 0);
}

static void four_records(const char *name, char *path, size_t n) {
  fx_t fx;
  path_of(path, n, name);
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  const size_t tasks[] = {0, 1, 2, 3};
  CU_ASSERT_EQUAL_FATAL(journal_with(name, &fx, tasks, 4, 0), GS_OK);
  release(&fx);
}

/* After the last of four records was damaged: 3 load, task 3 is missing,
 * and writing it again makes a journal of 4 intact records (the damaged
 * bytes were cut off, not left for the new record to be glued to). */
static void expect_last_record_dropped(const char *name) {
  fx_t fx;
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  char msg[2048];
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(resume_base(name, &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 3);
  CU_ASSERT_EQUAL(n_done(fx.s), 3);
  CU_ASSERT_FALSE(gs_search_done(fx.s, 3));
  for (size_t t = 0; t < 3; t++) expect_result(fx.s, t);
  gs_task_result_t r = result_of(3);
  CU_ASSERT_EQUAL(gs_journal_append(j, 3, &r, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  CU_ASSERT_EQUAL_FATAL(resume_base(name, &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 4);
  for (size_t t = 0; t < 4; t++) expect_result(fx.s, t);
  gs_journal_close(j);
  release(&fx);
}

static void resume_should_drop_a_torn_last_record(void) {
  char p[256];
  size_t len;
  four_records("torn", p, sizeof p);
  char *buf = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  CU_ASSERT_EQUAL_FATAL(count_lines(buf, len), 5); /* the header and 4 records */
  long last = line_start(buf, len, 5);
  CU_ASSERT_FATAL(last > 0 && (size_t)last + 10 < len);
  /* a write cut short: half of the last line, no newline */
  CU_ASSERT_EQUAL_FATAL(truncate(p, (off_t)(last + ((long)len - last) / 2)), 0);
  free(buf);
  expect_last_record_dropped("torn");
}

static void resume_should_drop_a_last_record_with_a_bad_checksum(void) {
  char p[256];
  size_t len;
  four_records("badsum", p, sizeof p);
  char *buf = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  CU_ASSERT_FATAL(len > 2 && buf[len - 1] == '\n');
  /* the line's checksum (its hex tail) no longer fits its body */
  buf[len - 2] = buf[len - 2] == '0' ? '1' : '0';
  CU_ASSERT_EQUAL_FATAL(write_file("badsum", buf, len), 0);
  free(buf);
  expect_last_record_dropped("badsum");
}

static void resume_should_drop_a_last_record_with_a_changed_body(void) {
  char p[256];
  size_t len;
  four_records("badbody", p, sizeof p);
  char *buf = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  long last = line_start(buf, len, 5);
  CU_ASSERT_FATAL(last > 0);
  buf[last + 4] ^= 1; /* a byte inside the record, not its newline */
  CU_ASSERT_EQUAL_FATAL(write_file("badbody", buf, len), 0);
  free(buf);
  expect_last_record_dropped("badbody");
}

static void resume_should_refuse_a_corrupt_record_before_the_last(void) {
  char p[256], want[512], msg[2048];
  size_t len, len2;
  four_records("corrupt", p, sizeof p);
  char *buf = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  long l3 = line_start(buf, len, 3), l4 = line_start(buf, len, 4);
  CU_ASSERT_FATAL(l3 > 0 && l4 > l3 + 2);
  buf[(l3 + l4) / 2] ^= 1; /* the middle of line 3, the second record */
  CU_ASSERT_EQUAL_FATAL(write_file("corrupt", buf, len), 0);
  fx_t fx;
  gs_journal_t *j = (gs_journal_t *)&fx; /* must be set to NULL */
  size_t loaded = 99;
  CU_ASSERT_EQUAL(resume_base("corrupt", &fx, &j, &loaded, msg, sizeof msg), GS_ESTATE);
  CU_ASSERT_PTR_NULL(j);
  CU_ASSERT_EQUAL(loaded, 0);
  snprintf(want, sizeof want, "%s:3: ", p);
  CU_ASSERT_EQUAL(strncmp(msg, want, strlen(want)), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "corrupt journal record"));
  /* refused: the journal is left as it was */
  char *after = fixture_read(p, &len2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(after);
  CU_ASSERT(len2 == len && memcmp(after, buf, len) == 0);
  free(after);
  free(buf);
  release(&fx);
}

/* issue 12: a record with a valid checksum but content no run writes (an
 * edited journal) reached cv_results.csv; each field is range-checked and
 * such a record refused at path:line, the journal left as it was */
static void resume_should_refuse_a_record_with_impossible_content(void) {
  static const struct {
    const char *body, *why;
  } cases[] = {
      {"T 1 0 0.5 0.1 2 inf 0.5 0:", "a score outside [0, 1]"},
      {"T 1 0 0.5 0.1 2 0.5 1e999 0:", "a score outside [0, 1]"},
      {"T 1 0 0.5 0.1 2 1.5 0.5 0:", "a score outside [0, 1]"},
      {"T 1 0 0.5 0.1 2 -0.5 0.5 0:", "a score outside [0, 1]"},
      {"T 1 -7 0.5 0.1 2 -inf nan 0:", "a score outside [0, 1] that is not the error_score"},
      {"T 1 0 -1e300 0.1 2 0.5 0.5 0:", "an impossible fit or score time"},
      {"T 1 0 nan 0.1 2 0.5 0.5 0:", "an impossible fit or score time"},
      {"T 1 0 0.5 inf 2 0.5 0.5 0:", "an impossible fit or score time"},
      {"T 1 99 0.5 0.1 2 0.5 0.5 0:", "an unknown status"},
      {"T 1 -99 0.5 0.1 2 nan nan 0:", "an unknown status"},
      {"T -1 0 0.5 0.1 2 0.5 0.5 0:", "malformed journal record"},
      {"T 6 0 0.5 0.1 2 0.5 0.5 0:", "a task that this search does not have"},
      {"T 18446744073709551617 0 0.5 0.1 2 0.5 0.5 0:", "malformed journal record"},
      {"T  1 0 0.5 0.1 2 0.5 0.5 0:", "malformed journal record"},
      {"T 1 0 0.5 0.1 3 0.5 0.5 0.5 0:", "malformed journal record"},
      {"T 1 0 0.5 0.1 2 0.5 0.5 3:ab", "malformed journal record"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char p[256], msg[2048], want[512], line[256];
    size_t len, len2;
    path_of(p, sizeof p, "impossible");
    unlink(p); /* the last case's: it holds an unfinished run */
    four_records("impossible", p, sizeof p);
    char *buf = fixture_read(p, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    long l3 = line_start(buf, len, 3), l4 = line_start(buf, len, 4);
    CU_ASSERT_FATAL(l3 > 0 && l4 > l3);
    /* line 3 (the second record) replaced by the case, checksummed as the
     * journal writes it */
    int k = snprintf(line, sizeof line, "%s #%016" PRIx64 "\n", cases[i].body, gs_hash_bytes(cases[i].body, strlen(cases[i].body)));
    char *text = malloc(len + (size_t)k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memcpy(text, buf, (size_t)l3);
    memcpy(text + l3, line, (size_t)k);
    memcpy(text + l3 + k, buf + l4, len - (size_t)l4);
    size_t tlen = (size_t)l3 + (size_t)k + len - (size_t)l4;
    CU_ASSERT_EQUAL_FATAL(write_file("impossible", text, tlen), 0);
    fx_t fx;
    gs_journal_t *j = NULL;
    size_t loaded = 99;
    CU_ASSERT_EQUAL(resume_base("impossible", &fx, &j, &loaded, msg, sizeof msg), GS_ESTATE);
    CU_ASSERT_PTR_NULL(j);
    snprintf(want, sizeof want, "%s:3: ", p);
    CU_ASSERT_EQUAL(strncmp(msg, want, strlen(want)), 0);
    if (!strstr(msg, cases[i].why)) fprintf(stderr, "\n  case %zu (%s): got %s\n", i, cases[i].body, msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, cases[i].why));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "its checksum is valid"));
    char *after = fixture_read(p, &len2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(after);
    CU_ASSERT(len2 == tlen && memcmp(after, text, tlen) == 0);
    free(after);
    free(text);
    free(buf);
    release(&fx);
  }
  /* the same record within range loads */
  {
    char p[256], msg[2048], line[256];
    size_t len;
    four_records("possible", p, sizeof p);
    char *buf = fixture_read(p, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    const char *body = "T 1 0 0.5 0.1 2 nan 1 0:"; /* NaN: the error_score */
    int k = snprintf(line, sizeof line, "%s #%016" PRIx64 "\n", body, gs_hash_bytes(body, strlen(body)));
    long l3 = line_start(buf, len, 3), l4 = line_start(buf, len, 4);
    char *text = malloc(len + (size_t)k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memcpy(text, buf, (size_t)l3);
    memcpy(text + l3, line, (size_t)k);
    memcpy(text + l3 + k, buf + l4, len - (size_t)l4);
    CU_ASSERT_EQUAL_FATAL(write_file("possible", text, (size_t)l3 + (size_t)k + len - (size_t)l4), 0);
    fx_t fx;
    gs_journal_t *j = NULL;
    size_t loaded = 99;
    CU_ASSERT_EQUAL(resume_base("possible", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
    CU_ASSERT_EQUAL(loaded, 4);
    if (j) {
      CU_ASSERT(isnan(gs_search_result(fx.s, 1)->scores[0]));
      CU_ASSERT_EQUAL(gs_search_result(fx.s, 1)->scores[1], 1.0);
      CU_ASSERT_EQUAL(gs_search_result(fx.s, 1)->fit_time, 0.5);
    }
    gs_journal_close(j);
    free(text);
    free(buf);
    release(&fx);
  }
}

/* A journal of BASE_CFG's search resumed by the search of other. */
static void expect_other_search_refused(const char *name, const char *other) {
  char msg[2048];
  const size_t tasks[] = {0, 1};
  size_t loaded, done;
  int kept = 0;
  CU_ASSERT_EQUAL(reopen_as(name, tasks, 2, 0, other, 1, &loaded, msg, sizeof msg, &kept, &done), GS_ESTATE);
  CU_ASSERT(kept);
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(done, 0); /* nothing of the other search's results loaded */
  expect_place(msg, name, ":1: ");
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "belongs to a different search"));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "delete it"));
}

static void resume_should_refuse_a_journal_of_another_grid(void) {
  expect_other_search_refused("othergrid", cfg_text("data.csv", "[1, 100]", "3", "0", ""));
}

static void resume_should_refuse_a_journal_of_other_data(void) {
  expect_other_search_refused("otherdata", cfg_text("data_changed.csv", "[1, 10]", "3", "0", ""));
}

static void resume_should_refuse_a_journal_of_other_folds_or_seed(void) {
  expect_other_search_refused("otherfolds", cfg_text("data.csv", "[1, 10]", "4", "0", ""));
  expect_other_search_refused("otherseed", cfg_text("data.csv", "[1, 10]", "3", "1", ""));
}

static void resume_should_refuse_a_file_that_is_not_a_journal(void) {
  char p[256], msg[2048], want[512];
  path_of(p, sizeof p, "notajournal");
  CU_ASSERT_EQUAL_FATAL(write_file("notajournal", "hello\n", 6), 0);
  fx_t fx;
  gs_journal_t *j = (gs_journal_t *)&fx;
  size_t loaded = 99;
  CU_ASSERT_EQUAL(resume_base("notajournal", &fx, &j, &loaded, msg, sizeof msg), GS_ESTATE);
  CU_ASSERT_PTR_NULL(j);
  snprintf(want, sizeof want, "%s:1: ", p);
  CU_ASSERT_EQUAL(strncmp(msg, want, strlen(want)), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "not a gridsearch journal"));
  size_t len;
  char *after = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(after);
  CU_ASSERT_STRING_EQUAL(after, "hello\n");
  free(after);
  release(&fx);
}

/* An unfinished journal of BASE_CFG's search (tasks t0 and t1) opened
 * without resume by the search of cfg is refused and left as it was; its own
 * search still resumes it. other: cfg is a changed search. */
static void expect_unfinished_kept(const char *name, size_t t0, size_t t1, const char *cfg, int other) {
  char msg[2048];
  const size_t tasks[] = {t0, t1};
  size_t loaded, done;
  int kept = 0;
  CU_ASSERT_EQUAL(reopen_as(name, tasks, 2, 0, cfg, 0, &loaded, msg, sizeof msg, &kept, &done), GS_ESTATE);
  CU_ASSERT(kept); /* the finished work is still there */
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(done, 0); /* a run without resume loads nothing */
  expect_place(msg, name, ": ");
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "2 finished tasks"));
  CU_ASSERT_EQUAL(strstr(msg, "different search") != NULL, other);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "--resume"));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "delete the journal"));
  fx_t fx;
  gs_journal_t *j = NULL;
  CU_ASSERT_EQUAL_FATAL(resume_base(name, &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 2);
  expect_result(fx.s, t0);
  expect_result(fx.s, t1);
  gs_journal_close(j);
  release(&fx);
}

static void open_without_resume_should_refuse_an_unfinished_run(void) {
  expect_unfinished_kept("unfinished", 4, 1, BASE_CFG, 0);
}

static void open_without_resume_should_start_afresh_over_a_finished_run(void) {
  char p[256], msg[2048];
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  const size_t tasks[] = {0, 1, 2};
  CU_ASSERT_EQUAL_FATAL(journal_with("finished", &fx, tasks, 3, 1), GS_OK);
  path_of(p, sizeof p, "finished");
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(journal_open_for(&j, p, fx.s, 0, &loaded, &e), GS_OK);
  CU_ASSERT_PTR_NOT_NULL(j);
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(n_done(fx.s), 0);
  gs_journal_close(j);
  release(&fx);
  /* the new journal holds none of the old records */
  CU_ASSERT_EQUAL_FATAL(resume_base("finished", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(n_done(fx.s), 0);
  gs_journal_close(j);
  release(&fx);
}

#define CHANGED_CFG cfg_text("data.csv", "[1, 100]", "3", "0", "")

static void open_without_resume_should_refuse_an_unfinished_run_of_another_search(void) {
  expect_unfinished_kept("foreign_unfinished", 0, 2, CHANGED_CFG, 1);
}

static void open_without_resume_should_replace_a_finished_run_of_another_search(void) {
  char msg[2048];
  const size_t tasks[] = {0, 2};
  size_t loaded, done;
  int kept = 1;
  CU_ASSERT_EQUAL(reopen_as("foreign_finished", tasks, 2, 1, CHANGED_CFG, 0, &loaded, msg, sizeof msg, &kept, &done),
                  GS_OK);
  CU_ASSERT_FALSE(kept); /* a new journal, with the changed search's header */
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(done, 0);
}

static void open_should_refuse_a_journal_it_cannot_read(void) {
  /* a symbolic link to itself: fopen fails with ELOOP, not ENOENT; whatever
   * is behind a path we cannot read must not be replaced */
  char p[256], msg[2048], want[512], target[256];
  path_of(p, sizeof p, "loop");
  CU_ASSERT_EQUAL_FATAL(symlink(p, p), 0);
  for (int resume = 0; resume <= 1; resume++) {
    fx_t fx;
    CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
    gs_journal_t *j = (gs_journal_t *)&fx;
    size_t loaded = 99;
    gs_error_t e;
    gs_error_clear(&e);
    CU_ASSERT_EQUAL(journal_open_for(&j, p, fx.s, resume, &loaded, &e), GS_EIO);
    CU_ASSERT_PTR_NULL(j);
    CU_ASSERT_EQUAL(loaded, 0);
    gs_error_format(&e, msg, sizeof msg);
    snprintf(want, sizeof want, "%s: cannot read the journal: %s", p, strerror(ELOOP));
    CU_ASSERT_STRING_EQUAL(msg, want);
    release(&fx);
  }
  ssize_t k = readlink(p, target, sizeof target - 1);
  CU_ASSERT_FATAL(k > 0);
  target[k] = '\0';
  CU_ASSERT_STRING_EQUAL(target, p); /* still the same link */
  unlink(p);
}

static void open_without_resume_should_start_afresh_when_no_task_finished(void) {
  /* an interrupted run that finished no task has no work to lose */
  char p[256];
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  CU_ASSERT_EQUAL_FATAL(journal_with("empty", &fx, NULL, 0, 0), GS_OK);
  path_of(p, sizeof p, "empty");
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(journal_open_for(&j, p, fx.s, 0, &loaded, &e), GS_OK);
  CU_ASSERT_PTR_NOT_NULL(j);
  CU_ASSERT_EQUAL(loaded, 0);
  gs_journal_close(j);
  release(&fx);
}

static void resume_without_a_journal_should_start_afresh(void) {
  char p[256], msg[2048];
  path_of(p, sizeof p, "absent");
  CU_ASSERT_FALSE_FATAL(exists(p));
  fx_t fx;
  gs_journal_t *j = NULL;
  size_t loaded = 99;
  CU_ASSERT_EQUAL_FATAL(resume_base("absent", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_EQUAL(loaded, 0);
  CU_ASSERT_EQUAL(n_done(fx.s), 0);
  CU_ASSERT(exists(p));
  gs_task_result_t r = result_of(2);
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_journal_append(j, 2, &r, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  CU_ASSERT_EQUAL_FATAL(resume_base("absent", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 1);
  expect_result(fx.s, 2);
  gs_journal_close(j);
  release(&fx);
}

static void open_should_fail_when_the_journal_cannot_be_created(void) {
  char p[256], msg[2048];
  path_of(p, sizeof p, "no/such/folder/journal");
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  for (int resume = 0; resume <= 1; resume++) {
    gs_journal_t *j = (gs_journal_t *)&fx;
    size_t loaded = 99;
    gs_error_t e;
    gs_error_clear(&e);
    CU_ASSERT_EQUAL(journal_open_for(&j, p, fx.s, resume, &loaded, &e), GS_EIO);
    CU_ASSERT_PTR_NULL(j);
    CU_ASSERT_EQUAL(loaded, 0);
    gs_error_format(&e, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "cannot create the journal"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "No such file or directory"));
  }
  release(&fx);
}

static void append_should_report_a_failed_write(void) {
  char p[256], msg[2048];
  path_of(p, sizeof p, "full");
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  gs_journal_t *j = NULL;
  size_t loaded;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(journal_open_for(&j, p, fx.s, 0, &loaded, &e), GS_OK);
  /* the disk fills up: /dev/full in place of the journal's descriptor */
  int full = open("/dev/full", O_WRONLY);
  if (full < 0) {
    fprintf(stderr, "\n  /dev/full unavailable: append's failure not tested\n");
  } else {
    CU_ASSERT_FATAL(dup2(full, gs_journal_fd(j)) >= 0);
    close(full);
    gs_task_result_t r = result_of(0);
    CU_ASSERT_EQUAL(gs_journal_append(j, 0, &r, &e), GS_EIO);
    CU_ASSERT_STRING_EQUAL(e.file, p);
    gs_error_format(&e, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "cannot append to the journal: No space left on device"));
    gs_error_clear(&e);
    CU_ASSERT_EQUAL(gs_journal_finish(j, &e), GS_EIO);
  }
  gs_journal_close(j);
  release(&fx);
}

/* --- the digest --------------------------------------------------------- */

/* The digest of text's search; 0 with *ok = 0 on failure. */
static uint64_t digest_of(const char *text, int *ok) {
  fx_t fx;
  uint64_t d = 0;
  *ok = 0;
  if (prepare(&fx, text)) return 0;
  gs_error_t e;
  gs_error_clear(&e);
  *ok = gs_search_digest(fx.s, &d, &e) == GS_OK;
  release(&fx);
  return d;
}

static void digest_should_be_equal_for_the_same_inputs(void) {
  int ok;
  uint64_t base = digest_of(BASE_CFG, &ok);
  CU_ASSERT_FATAL(ok);
  CU_ASSERT_EQUAL(digest_of(BASE_CFG, &ok), base); /* prepared again from scratch */
  CU_ASSERT(ok);
  /* the dataset's bytes count, not its file name */
  CU_ASSERT_EQUAL(digest_of(cfg_text("data_copy.csv", "[1, 10]", "3", "0", ""), &ok), base);
  CU_ASSERT(ok);
  /* the search's name decides where results go, not what they are */
  CU_ASSERT_EQUAL(digest_of(cfg_text("data.csv", "[1, 10]", "3", "0", ", \"name\": \"elsewhere\""), &ok), base);
  CU_ASSERT(ok);
}

static void digest_should_change_with_every_input_of_the_results(void) {
  int ok;
  uint64_t base = digest_of(BASE_CFG, &ok);
  CU_ASSERT_FATAL(ok);
  static const struct {
    const char *what, *data, *c, *cv, *rs, *extra;
  } cases[] = {
      {"data bytes", "data_changed.csv", "[1, 10]", "3", "0", ""},
      {"grid values", "data.csv", "[1, 100]", "3", "0", ""},
      {"grid size", "data.csv", "[1, 10, 100]", "3", "0", ""},
      {"grid order", "data.csv", "[10, 1]", "3", "0", ""},
      {"folds", "data.csv", "[1, 10]", "4", "0", ""},
      {"fold shuffle", "data.csv", "[1, 10]", "{\"n_splits\": 3, \"shuffle\": true, \"random_state\": 1}", "0", ""},
      {"seed", "data.csv", "[1, 10]", "3", "1", ""},
      {"test size", "data.csv", "[1, 10]", "3", "0", ", \"test_size\": 0.5"},
      {"scorers", "data.csv", "[1, 10]", "3", "0", ", \"scoring\": [\"accuracy\"]"},
      {"svc tol", "data.csv", "[1, 10]", "3", "0", ", \"svm\": {\"tol\": 0.01}"},
  };
  uint64_t seen[sizeof cases / sizeof cases[0]];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *extra = cases[i].extra;
    char text[1024];
    if (strstr(extra, "test_size") || strstr(extra, "scoring")) {
      /* replace the base's own key rather than write it twice */
      const char *key = strstr(extra, "test_size") ? "\"test_size\": 0.25, " : " \"scoring\": [\"accuracy\", \"f1_macro\"],\n";
      snprintf(text, sizeof text, "%s", cfg_text(cases[i].data, cases[i].c, cases[i].cv, cases[i].rs, extra));
      char *at = strstr(text, key);
      CU_ASSERT_PTR_NOT_NULL_FATAL(at);
      memmove(at, at + strlen(key), strlen(at + strlen(key)) + 1);
    } else {
      snprintf(text, sizeof text, "%s", cfg_text(cases[i].data, cases[i].c, cases[i].cv, cases[i].rs, extra));
    }
    seen[i] = digest_of(text, &ok);
    CU_ASSERT(ok);
    if (!ok || seen[i] == base) fprintf(stderr, "\n  digest unchanged by %s (or set-up failed)\n", cases[i].what);
    CU_ASSERT_NOT_EQUAL(seen[i], base);
    for (size_t k = 0; k < i; k++) CU_ASSERT_NOT_EQUAL(seen[i], seen[k]);
  }
}

static void digest_should_fail_when_the_data_is_gone(void) {
  char data[256], text[1024], p[256];
  write_data("gone.csv", 0);
  path_of(data, sizeof data, "gone.csv");
  snprintf(text, sizeof text, "%s", cfg_text("gone.csv", "[1, 10]", "3", "0", ""));
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, text), 0);
  CU_ASSERT_EQUAL_FATAL(unlink(data), 0);
  uint64_t d;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_search_digest(fx.s, &d, &e), GS_EIO);
  CU_ASSERT_STRING_EQUAL(e.file, data);
  /* and so does opening a journal, which needs the digest */
  path_of(p, sizeof p, "gone");
  gs_journal_t *j = (gs_journal_t *)&fx;
  size_t loaded = 99;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(journal_open_for(&j, p, fx.s, 1, &loaded, &e), GS_EIO);
  CU_ASSERT_PTR_NULL(j);
  CU_ASSERT_FALSE(exists(p));
  release(&fx);
}

/* Run records: each run appends one (wall, busy seconds); a resume loads
 * and sums those of the runs before it, a fresh start over a finished run
 * forgets them, a malformed or negative one is refused with its line. */
static void resume_should_sum_the_run_records_of_earlier_runs(void) {
  fx_t fx;
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  const size_t tasks[] = {1, 4};
  CU_ASSERT_EQUAL_FATAL(journal_with("runs", &fx, tasks, 2, 0), GS_OK);
  release(&fx);
  gs_journal_t *j = NULL;
  size_t loaded;
  char msg[2048];
  gs_error_t e;
  gs_error_clear(&e);
  /* a new journal has no runs; negative or infinite times are refused */
  CU_ASSERT_EQUAL_FATAL(resume_base("runs", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  gs_journal_runs_t r = gs_journal_runs(j);
  CU_ASSERT_EQUAL(r.runs, 0);
  CU_ASSERT_EQUAL(r.wall_seconds, 0.0);
  CU_ASSERT_EQUAL(gs_journal_run_end(j, -1.0, 1.0, &e), GS_EINVAL);
  CU_ASSERT_EQUAL(gs_journal_run_end(j, 1.0, INFINITY, &e), GS_EINVAL);
  CU_ASSERT_EQUAL(gs_journal_run_end(j, 1.5, 2.25, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  CU_ASSERT_EQUAL_FATAL(resume_base("runs", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  CU_ASSERT_EQUAL(loaded, 2);
  r = gs_journal_runs(j);
  CU_ASSERT_EQUAL(r.runs, 1);
  CU_ASSERT_EQUAL(r.wall_seconds, 1.5);
  CU_ASSERT_EQUAL(r.busy_seconds, 2.25);
  CU_ASSERT_EQUAL(gs_journal_run_end(j, 10.0, 20.5, &e), GS_OK);
  CU_ASSERT_EQUAL(gs_journal_finish(j, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  CU_ASSERT_EQUAL_FATAL(resume_base("runs", &fx, &j, &loaded, msg, sizeof msg), GS_OK);
  r = gs_journal_runs(j);
  CU_ASSERT_EQUAL(r.runs, 2);
  CU_ASSERT_EQUAL(r.wall_seconds, 11.5);
  CU_ASSERT_EQUAL(r.busy_seconds, 22.75);
  CU_ASSERT_EQUAL(gs_journal_runs(NULL).runs, 0);
  gs_journal_close(j);
  release(&fx);
  /* without resume, over the finished run: a new journal, no runs before */
  char p[256];
  path_of(p, sizeof p, "runs");
  CU_ASSERT_EQUAL_FATAL(prepare(&fx, BASE_CFG), 0);
  CU_ASSERT_EQUAL_FATAL(journal_open_for(&j, p, fx.s, 0, &loaded, &e), GS_OK);
  CU_ASSERT_EQUAL(gs_journal_runs(j).runs, 0);
  CU_ASSERT_EQUAL(gs_journal_run_end(j, 3.0, 4.0, &e), GS_OK);
  gs_journal_close(j);
  release(&fx);
  /* a run record with a valid checksum but a negative time: refused at its line */
  size_t len;
  char *buf = fixture_read(p, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  long at = line_start(buf, len, 2);
  CU_ASSERT_FATAL(at > 0 && buf[at] == 'R');
  const char *bad = "R -1 2";
  char rec[128];
  int k = snprintf(rec, sizeof rec, "%s #%016" PRIx64 "\n", bad, gs_hash_bytes(bad, strlen(bad)));
  FILE *f = fopen(p, "ab");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(rec, 1, (size_t)k, f), (size_t)k);
  CU_ASSERT_EQUAL(fclose(f), 0);
  CU_ASSERT_EQUAL(resume_base("runs", &fx, &j, &loaded, msg, sizeof msg), GS_ESTATE);
  CU_ASSERT_PTR_NULL(j);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "runs:3: malformed journal run record"));
  free(buf);
  release(&fx);
}

/* The journal knows its search only through the spec: a hand-made one
 * (no search, no data file) keys, checks and loads records by task id. */
typedef struct {
  size_t n, task[8];
  double score[8];
} loads_t;

static void record_load(void *ctx, size_t task, const gs_task_result_t *r) {
  loads_t *l = ctx;
  if (l->n < 8) {
    l->task[l->n] = task;
    l->score[l->n++] = r->scores[0];
  }
}

static void open_should_need_only_the_callers_spec(void) {
  char p[256];
  snprintf(p, sizeof p, "%s/spec_only", dir);
  loads_t loads = {0};
  gs_journal_spec_t spec = {0x1234abcdULL, 4, 1, 0, NAN, record_load, &loads};
  gs_journal_t *j = NULL;
  size_t loaded = 9;
  gs_error_t e;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL_FATAL(gs_journal_open(&j, p, &spec, 0, &loaded, &e), GS_OK);
  CU_ASSERT_EQUAL(loaded, 0);
  gs_task_result_t r = {.status = GS_OK, .scores = {0.25}, .fit_time = 1, .score_time = 0.5};
  CU_ASSERT_EQUAL(gs_journal_append(j, 3, &r, &e), GS_OK);
  r.scores[0] = 0.75;
  CU_ASSERT_EQUAL(gs_journal_append(j, 1, &r, &e), GS_OK);
  gs_journal_close(j);
  /* the header names the caller's digest and task count */
  FILE *f = fopen(p, "r");
  char line[256] = "";
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
  fclose(f);
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "digest=000000001234abcd tasks=4 scorers=1"));
  CU_ASSERT_EQUAL_FATAL(gs_journal_open(&j, p, &spec, 1, &loaded, &e), GS_OK);
  gs_journal_close(j);
  CU_ASSERT_EQUAL(loaded, 2);
  CU_ASSERT_EQUAL_FATAL(loads.n, 2);
  CU_ASSERT_EQUAL(loads.task[0], 3);
  CU_ASSERT_EQUAL(loads.score[0], 0.25);
  CU_ASSERT_EQUAL(loads.task[1], 1);
  CU_ASSERT_EQUAL(loads.score[1], 0.75);
  /* another digest is another search's journal */
  spec.digest = 0x99;
  j = (gs_journal_t *)&loads;
  CU_ASSERT_EQUAL(gs_journal_open(&j, p, &spec, 1, &loaded, &e), GS_ESTATE);
  CU_ASSERT_PTR_NULL(j);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "belongs to a different search"));
  /* another task count is another search too (the header names it) */
  spec.digest = 0x1234abcdULL;
  spec.n_tasks = 2;
  gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_journal_open(&j, p, &spec, 1, &loaded, &e), GS_ESTATE);
}

static CU_TestInfo tests[] = {
    {"open_should_need_only_the_callers_spec", open_should_need_only_the_callers_spec},
    {"open_should_start_a_new_journal", open_should_start_a_new_journal},
    {"resume_should_load_every_appended_result", resume_should_load_every_appended_result},
    {"resume_should_append_after_the_loaded_records", resume_should_append_after_the_loaded_records},
    {"resume_should_sum_the_run_records_of_earlier_runs", resume_should_sum_the_run_records_of_earlier_runs},
    {"resume_should_drop_a_torn_last_record", resume_should_drop_a_torn_last_record},
    {"resume_should_drop_a_last_record_with_a_bad_checksum", resume_should_drop_a_last_record_with_a_bad_checksum},
    {"resume_should_drop_a_last_record_with_a_changed_body", resume_should_drop_a_last_record_with_a_changed_body},
    {"resume_should_refuse_a_corrupt_record_before_the_last", resume_should_refuse_a_corrupt_record_before_the_last},
    {"resume_should_refuse_a_record_with_impossible_content", resume_should_refuse_a_record_with_impossible_content},
    {"resume_should_refuse_a_journal_of_another_grid", resume_should_refuse_a_journal_of_another_grid},
    {"resume_should_refuse_a_journal_of_other_data", resume_should_refuse_a_journal_of_other_data},
    {"resume_should_refuse_a_journal_of_other_folds_or_seed", resume_should_refuse_a_journal_of_other_folds_or_seed},
    {"resume_should_refuse_a_file_that_is_not_a_journal", resume_should_refuse_a_file_that_is_not_a_journal},
    {"open_without_resume_should_refuse_an_unfinished_run", open_without_resume_should_refuse_an_unfinished_run},
    {"open_without_resume_should_start_afresh_over_a_finished_run", open_without_resume_should_start_afresh_over_a_finished_run},
    {"open_without_resume_should_refuse_an_unfinished_run_of_another_search",
     open_without_resume_should_refuse_an_unfinished_run_of_another_search},
    {"open_without_resume_should_replace_a_finished_run_of_another_search",
     open_without_resume_should_replace_a_finished_run_of_another_search},
    {"open_should_refuse_a_journal_it_cannot_read", open_should_refuse_a_journal_it_cannot_read},
    {"open_without_resume_should_start_afresh_when_no_task_finished", open_without_resume_should_start_afresh_when_no_task_finished},
    {"resume_without_a_journal_should_start_afresh", resume_without_a_journal_should_start_afresh},
    {"open_should_fail_when_the_journal_cannot_be_created", open_should_fail_when_the_journal_cannot_be_created},
    {"append_should_report_a_failed_write", append_should_report_a_failed_write},
    {"digest_should_be_equal_for_the_same_inputs", digest_should_be_equal_for_the_same_inputs},
    {"digest_should_change_with_every_input_of_the_results", digest_should_change_with_every_input_of_the_results},
    {"digest_should_fail_when_the_data_is_gone", digest_should_fail_when_the_data_is_gone},
    CU_TEST_INFO_NULL,
};

#define GS_SUITE "journal"
#include "cunit_main.h"

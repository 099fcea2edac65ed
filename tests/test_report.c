/* test_report.c: what gs_report_write leaves in a results folder after a
 * small real search (iris; one fit made to fail so NaN scores show):
 * cv_results.csv's columns and cells (floats exact and shortest, params as
 * sorted JSON, empty cells for absent keys and NaN), best_params.json,
 * report.md's links, the atomic writes, and every error path with the file
 * it names. tests/test_report.sh checks report.md against a golden and
 * renders the charts; this suite checks the contract cell by cell. */
#define _GNU_SOURCE /* nftw, open_memstream */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "gridsearch/config.h"
#include "gridsearch/farm.h"
#include "gridsearch/grid.h"
#include "gridsearch/metrics.h"
#include "gridsearch/npmath.h"
#include "gridsearch/report.h"
#include "gridsearch/search.h"
#include "fixture.h"

/* ---- fixture: one search, run once; a scratch folder ---- */

/* iris; an rbf C x gamma sub-grid and a linear C one (no gamma); two scorers */
static const char small_json[] =
    "{\"name\": \"small\", \"dataset\": {\"path\": \"../golden/data/iris3.csv\"}, \"test_size\": 0.3,"
    " \"random_state\": 1, \"stratify\": true, \"cv\": 3, \"scoring\": [\"accuracy\", \"f1_macro\"],"
    " \"param_grid\": [{\"kernel\": [\"rbf\"], \"C\": [1, 10, 100], \"gamma\": [0.01, 0.1]},"
    " {\"kernel\": [\"linear\"], \"C\": [0.01, 0.1, 1]}]}";
enum { FAILED_CAND = 2, FAILED_FOLD = 1 }; /* GRIDSEARCH_FAIL_FITS=2:1 */

static gs_farm_t *farm;
static gs_config_t *small_cfg;
static gs_search_t *small;
static char scratch[64];

/* Runs the search of json (a config anchored in tests/report/) with the
 * fits of fail_fits (GRIDSEARCH_FAIL_FITS syntax, or NULL) failing. */
static gs_search_t *run_search(const char *json, const char *fail_fits, gs_config_t **cfg) {
  gs_search_t *s;
  return fixture_search(cfg, &s, GS_TEST_DIR "/report/unit.json", json, fail_fits, farm) ? NULL : s;
}

static int suite_setup(void) {
  gs_error_t err;
  gs_error_clear(&err);
  if (gs_farm_open(&farm, NULL, NULL, 1, NULL, &err)) return 1;
  char fail[32];
  snprintf(fail, sizeof fail, "%d:%d", FAILED_CAND, FAILED_FOLD);
  if (!(small = run_search(small_json, fail, &small_cfg))) return 1;
  if (fixture_scratch(scratch, sizeof scratch, "report")) return 1;
  return 0;
}

static int suite_teardown(void) {
  gs_search_free(small);
  gs_config_free(small_cfg);
  gs_farm_close(farm);
  fixture_scratch_remove(scratch);
  return 0;
}

/* scratch/name */
static const char *in_scratch(const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", scratch, name);
  return buf;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Names in dir, sorted, joined by spaces into buf. */
static const char *listing(const char *dir, char *buf, size_t n) {
  struct dirent **ents = NULL;
  int k = scandir(dir, &ents, NULL, alphasort);
  buf[0] = '\0';
  size_t len = 0;
  for (int i = 0; i < k; i++) {
    if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, ".."))
      len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? " " : "", ents[i]->d_name);
    free(ents[i]);
  }
  free(ents);
  return buf;
}

static int has_temp_file(const char *dir) {
  char names[4096];
  return strstr(listing(dir, names, sizeof names), ".tmp.") != NULL;
}

/* ---- a CSV reader: cells of one line, "" inside quotes ---- */

enum { MAX_CELLS = 64, MAX_ROWS = 32 };

typedef struct {
  size_t n;
  char *cell[MAX_CELLS];
} row_t;

/* Splits the line at *p (up to '\n') into r's cells (malloc'd); advances *p. */
static int csv_row(const char **p, row_t *r) {
  const char *s = *p;
  r->n = 0;
  if (!*s) return 0;
  for (;;) {
    char *cell = malloc(strlen(s) + 1);
    size_t k = 0;
    if (*s == '"') {
      for (s++; *s; s++) {
        if (*s == '"' && s[1] == '"') { cell[k++] = '"'; s++; }
        else if (*s == '"') { s++; break; }
        else cell[k++] = *s;
      }
    } else {
      while (*s && *s != ',' && *s != '\n') cell[k++] = *s++;
    }
    cell[k] = '\0';
    if (r->n < MAX_CELLS) r->cell[r->n++] = cell;
    else free(cell);
    if (*s == ',') { s++; continue; }
    if (*s == '\n') s++;
    break;
  }
  *p = s;
  return 1;
}

static void row_free(row_t *r) {
  for (size_t i = 0; i < r->n; i++) free(r->cell[i]);
  r->n = 0;
}

typedef struct {
  row_t head, rows[MAX_ROWS];
  size_t n_rows;
} table_t;

static int read_csv(const char *path, table_t *t) {
  memset(t, 0, sizeof *t);
  char *text = fixture_read(path, NULL);
  if (!text) return 0;
  const char *p = text;
  csv_row(&p, &t->head);
  while (t->n_rows < MAX_ROWS && csv_row(&p, &t->rows[t->n_rows])) t->n_rows++;
  free(text);
  return 1;
}

static void table_free(table_t *t) {
  row_free(&t->head);
  for (size_t i = 0; i < t->n_rows; i++) row_free(&t->rows[i]);
}

static int column(const table_t *t, const char *name) {
  for (size_t i = 0; i < t->head.n; i++)
    if (!strcmp(t->head.cell[i], name)) return (int)i;
  return -1;
}

/* Whether cell is v spelled as Python's repr(float) would: it reads back as
 * exactly v, with no more significant digits than needed, and looks like a
 * float ("1.0", not "1"). */
static int float_cell_is(const char *cell, double v) {
  char *end;
  double got = strtod(cell, &end);
  if (!*cell || *end || got != v) return 0;
  if (!strpbrk(cell, ".e") && !strstr(cell, "inf")) return 0;
  /* significant digits of the cell */
  const char *m = cell + (*cell == '-');
  char digits[64];
  size_t nd = 0;
  for (; *m && *m != 'e' && nd < sizeof digits - 1; m++)
    if (*m >= '0' && *m <= '9' && (nd || *m != '0')) digits[nd++] = *m;
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  if (nd == 0) nd = 1; /* 0.0 */
  /* the fewest that round-trip */
  int need = 1;
  char buf[64];
  for (; need < 17; need++) {
    snprintf(buf, sizeof buf, "%.*g", need, v);
    if (strtod(buf, NULL) == v) break;
  }
  return nd == (size_t)need;
}

/* Whether every object in j has its keys in ascending order (recursively). */
static int keys_sorted(const cJSON *j) {
  const char *last = NULL;
  for (const cJSON *c = j ? j->child : NULL; c; c = c->next) {
    if (cJSON_IsObject(j)) {
      if (last && strcmp(last, c->string) >= 0) return 0;
      last = c->string;
    }
    if (!keys_sorted(c)) return 0;
  }
  return 1;
}

/* ---- the files of a search ---- */

static void write_should_create_every_file_and_nothing_else(void) {
  char dir[256], names[4096];
  in_scratch("all/nested/out", dir, sizeof dir); /* parents created too */
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(small, dir, &err), GS_OK);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  /* the charts (heatmap: sub-grid 0, C x gamma; line: sub-grid 1, C), the
   * tables, the manifest (outdir.h), no temporary file left behind */
  CU_ASSERT_STRING_EQUAL(listing(dir, names, sizeof names),
                         ".gridsearch best_params.json cv_results.csv heatmap_accuracy_0.svg heatmap_f1_macro_0.svg "
                         "line_accuracy_1.svg line_f1_macro_1.svg report.md run.json");
  /* written again into the same folder: replaced, still nothing else */
  CU_ASSERT_EQUAL(gs_report_write(small, dir, &err), GS_OK);
  CU_ASSERT_STRING_EQUAL(listing(dir, names, sizeof names),
                         ".gridsearch best_params.json cv_results.csv heatmap_accuracy_0.svg heatmap_f1_macro_0.svg "
                         "line_accuracy_1.svg line_f1_macro_1.svg report.md run.json");
  /* every file is complete text */
  static const char *const files[] = {"cv_results.csv", "best_params.json", "run.json", "report.md", NULL};
  for (int i = 0; files[i]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    size_t len = 0;
    char *t = fixture_read(path, &len);
    CU_ASSERT_PTR_NOT_NULL(t);
    if (!t) continue;
    CU_ASSERT(len > 0 && t[len - 1] == '\n');
    CU_ASSERT_EQUAL(strlen(t), len);
    free(t);
  }
  char path[512];
  snprintf(path, sizeof path, "%s/run.json", dir);
  char *rj = fixture_read(path, NULL);
  cJSON *run = rj ? cJSON_Parse(rj) : NULL;
  CU_ASSERT_PTR_NOT_NULL(run);
  cJSON_Delete(run);
  free(rj);
}

static void cv_results_should_have_scikit_learns_columns(void) {
  char dir[256], path[512];
  in_scratch("cv", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(small, dir, &err), GS_OK);
  snprintf(path, sizeof path, "%s/cv_results.csv", dir);
  size_t len = 0;
  char *text = fixture_read(path, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  const char *want_head =
      "mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_C,param_gamma,param_kernel,params,"
      "split0_test_accuracy,split1_test_accuracy,split2_test_accuracy,mean_test_accuracy,std_test_accuracy,rank_test_accuracy,"
      "split0_test_f1_macro,split1_test_f1_macro,split2_test_f1_macro,mean_test_f1_macro,std_test_f1_macro,rank_test_f1_macro\n";
  CU_ASSERT_EQUAL(strncmp(text, want_head, strlen(want_head)), 0);
  free(text);
  table_t t;
  CU_ASSERT_FATAL(read_csv(path, &t));
  CU_ASSERT_EQUAL(t.head.n, 20);
  CU_ASSERT_EQUAL_FATAL(t.n_rows, 9); /* one per candidate */
  for (size_t c = 0; c < t.n_rows; c++) CU_ASSERT_EQUAL(t.rows[c].n, t.head.n);
  /* the param_<key> cells as Python's str(); no gamma in the linear sub-grid */
  static const char *const want[9][3] = {{"1", "0.01", "rbf"},   {"1", "0.1", "rbf"},  {"10", "0.01", "rbf"},
                                         {"10", "0.1", "rbf"},   {"100", "0.01", "rbf"}, {"100", "0.1", "rbf"},
                                         {"0.01", "", "linear"}, {"0.1", "", "linear"}, {"1", "", "linear"}};
  int pc = column(&t, "param_C"), pg = column(&t, "param_gamma"), pk = column(&t, "param_kernel"), pp = column(&t, "params");
  CU_ASSERT_FATAL(pc >= 0 && pg >= 0 && pk >= 0 && pp >= 0);
  for (size_t c = 0; c < 9; c++) {
    CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pc], want[c][0]);
    CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pg], want[c][1]);
    CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pk], want[c][2]);
  }
  /* params: json.dumps(params, sort_keys=True), quoted for CSV */
  CU_ASSERT_STRING_EQUAL(t.rows[0].cell[pp], "{\"C\": 1, \"gamma\": 0.01, \"kernel\": \"rbf\"}");
  CU_ASSERT_STRING_EQUAL(t.rows[6].cell[pp], "{\"C\": 0.01, \"kernel\": \"linear\"}");
  for (size_t c = 0; c < 9; c++) {
    cJSON *j = cJSON_Parse(t.rows[c].cell[pp]);
    CU_ASSERT_PTR_NOT_NULL(j);
    CU_ASSERT(keys_sorted(j));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(j), c < 6 ? 3 : 2);
    cJSON_Delete(j);
  }
  table_free(&t);
}

static void cv_results_should_hold_every_score_exactly(void) {
  char dir[256], path[512];
  in_scratch("cvx", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(small, dir, &err), GS_OK);
  snprintf(path, sizeof path, "%s/cv_results.csv", dir);
  table_t t;
  CU_ASSERT_FATAL(read_csv(path, &t));
  CU_ASSERT_EQUAL_FATAL(t.n_rows, gs_search_n_candidates(small));
  const gs_config_t *cfg = gs_search_config(small);
  size_t ns = (size_t)gs_search_n_splits(small);
  int bad = 0, nan_cells = 0;
  for (size_t c = 0; c < t.n_rows; c++) {
    const row_t *row = &t.rows[c];
    /* timings: mean and std over the folds */
    double ft[8], st[8];
    for (size_t f = 0; f < ns; f++) {
      ft[f] = gs_search_result(small, c * ns + f)->fit_time;
      st[f] = gs_search_result(small, c * ns + f)->score_time;
    }
    bad += !float_cell_is(row->cell[column(&t, "mean_fit_time")], gs_np_mean(ft, ns));
    bad += !float_cell_is(row->cell[column(&t, "std_fit_time")], gs_np_std(ft, ns));
    bad += !float_cell_is(row->cell[column(&t, "mean_score_time")], gs_np_mean(st, ns));
    bad += !float_cell_is(row->cell[column(&t, "std_score_time")], gs_np_std(st, ns));
    for (size_t i = 0; i < cfg->n_scorers; i++) {
      const char *sc = gs_scorer_name(cfg->scorers[i]);
      const gs_scorer_result_t *r = gs_search_scorer(small, i);
      char name[64];
      for (size_t f = 0; f < ns; f++) {
        snprintf(name, sizeof name, "split%zu_test_%s", f, sc);
        double v = gs_search_result(small, c * ns + f)->scores[i];
        const char *cell = row->cell[column(&t, name)];
        if (c == FAILED_CAND && f == FAILED_FOLD) {
          /* the failed fit (error_score nan): an empty cell */
          CU_ASSERT(isnan(v));
          CU_ASSERT_STRING_EQUAL(cell, "");
          nan_cells++;
        } else {
          bad += !float_cell_is(cell, v);
        }
      }
      snprintf(name, sizeof name, "mean_test_%s", sc);
      const char *mean = row->cell[column(&t, name)];
      snprintf(name, sizeof name, "std_test_%s", sc);
      const char *std = row->cell[column(&t, name)];
      snprintf(name, sizeof name, "rank_test_%s", sc);
      const char *rank = row->cell[column(&t, name)];
      if (c == FAILED_CAND) { /* a NaN among its folds: NaN mean and std, ranked last */
        CU_ASSERT_STRING_EQUAL(mean, "");
        CU_ASSERT_STRING_EQUAL(std, "");
        CU_ASSERT_EQUAL(atoi(rank), (int)t.n_rows);
        nan_cells += 2;
      } else {
        bad += !float_cell_is(mean, r->mean[c]);
        bad += !float_cell_is(std, r->std[c]);
      }
      char want_rank[16];
      snprintf(want_rank, sizeof want_rank, "%d", r->rank[c]);
      CU_ASSERT_STRING_EQUAL(rank, want_rank);
    }
  }
  CU_ASSERT_EQUAL(bad, 0);
  CU_ASSERT_EQUAL(nan_cells, 2 * 3); /* per scorer: the split cell, mean and std */
  table_free(&t);
}

static void cv_results_should_order_params_by_first_appearance(void) {
  /* the second sub-grid brings class_weight and degree: their columns come
   * after C and kernel, and are empty for the first sub-grid's rows; a
   * class_weight dict holds commas, so its cell is quoted */
  static const char json[] =
      "{\"name\": \"order\", \"dataset\": {\"path\": \"../golden/data/iris3.csv\"}, \"test_size\": 0.3, \"random_state\": 1,"
      " \"cv\": 3, \"scoring\": [\"accuracy\"],"
      " \"param_grid\": [{\"kernel\": [\"linear\"], \"C\": [1, 10]},"
      " {\"kernel\": [\"poly\"], \"C\": [1], \"degree\": [2, 3], \"class_weight\": [null, {\"0\": 2, \"1\": 1}]}]}";
  gs_config_t *cfg = NULL;
  gs_search_t *s = run_search(json, NULL, &cfg);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  char dir[256], path[512];
  in_scratch("order", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(s, dir, &err), GS_OK);
  snprintf(path, sizeof path, "%s/cv_results.csv", dir);
  char *text = fixture_read(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  const char *head = "mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_C,param_kernel,param_class_weight,"
                     "param_degree,params,split0_test_accuracy,";
  CU_ASSERT_EQUAL(strncmp(text, head, strlen(head)), 0);
  /* candidate 5: C=1, class_weight={0: 2, 1: 1}, degree=2 (keys sorted, the last varying fastest) */
  CU_ASSERT_PTR_NOT_NULL(strstr(text, ",1,poly,\"{0: 2, 1: 1}\",2,\"{\"\"C\"\": 1, \"\"class_weight\"\": {\"\"0\"\": 2, \"\"1\"\": 1}, "
                                      "\"\"degree\"\": 2, \"\"kernel\"\": \"\"poly\"\"}\","));
  free(text);
  table_t t;
  CU_ASSERT_FATAL(read_csv(path, &t));
  CU_ASSERT_EQUAL_FATAL(t.n_rows, 6);
  int pw = column(&t, "param_class_weight"), pd = column(&t, "param_degree"), pk = column(&t, "param_kernel");
  CU_ASSERT_FATAL(pw >= 0 && pd >= 0 && pk >= 0);
  for (size_t c = 0; c < 6; c++) {
    CU_ASSERT_EQUAL(t.rows[c].n, t.head.n);
    CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pk], c < 2 ? "linear" : "poly");
    if (c < 2) { /* the linear sub-grid has neither key */
      CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pw], "");
      CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pd], "");
    } else {
      CU_ASSERT_STRING_EQUAL(t.rows[c].cell[pd], (c - 2) % 2 ? "3" : "2");
    }
  }
  CU_ASSERT_STRING_EQUAL(t.rows[4].cell[pw], "{0: 2, 1: 1}");
  table_free(&t);
  gs_search_free(s);
  gs_config_free(cfg);
}

static void best_params_should_name_each_scorers_rank_one(void) {
  char dir[256], path[512];
  in_scratch("best", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(small, dir, &err), GS_OK);
  snprintf(path, sizeof path, "%s/best_params.json", dir);
  char *text = fixture_read(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  cJSON *j = cJSON_Parse(text);
  free(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  snprintf(path, sizeof path, "%s/cv_results.csv", dir);
  table_t t;
  CU_ASSERT_FATAL(read_csv(path, &t));
  const gs_config_t *cfg = gs_search_config(small);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(j), (int)cfg->n_scorers);
  const cJSON *e = j->child;
  for (size_t i = 0; i < cfg->n_scorers; i++, e = e ? e->next : NULL) {
    const char *sc = gs_scorer_name(cfg->scorers[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->string, sc); /* config order */
    const gs_scorer_result_t *r = gs_search_scorer(small, i);
    /* the first candidate ranked 1 */
    size_t first = SIZE_MAX;
    for (size_t c = 0; c < gs_search_n_candidates(small) && first == SIZE_MAX; c++)
      if (r->rank[c] == 1) first = c;
    const cJSON *cand = cJSON_GetObjectItemCaseSensitive(e, "candidate");
    const cJSON *mean = cJSON_GetObjectItemCaseSensitive(e, "mean_test_score");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(e, "params");
    CU_ASSERT_FATAL(cJSON_IsNumber(cand) && cJSON_IsNumber(mean) && cJSON_IsObject(params));
    CU_ASSERT_EQUAL((size_t)cand->valuedouble, first);
    CU_ASSERT_EQUAL(mean->valuedouble, r->mean[first]); /* exact */
    CU_ASSERT(keys_sorted(params));
    /* the same dict as cv_results.csv's params cell of that row */
    char *mine = cJSON_PrintUnformatted(params);
    cJSON *row = first < t.n_rows ? cJSON_Parse(t.rows[first].cell[column(&t, "params")]) : NULL;
    char *theirs = row ? cJSON_PrintUnformatted(row) : NULL;
    CU_ASSERT(mine && theirs && !strcmp(mine, theirs));
    free(mine);
    free(theirs);
    cJSON_Delete(row);
  }
  cJSON_Delete(j);
  table_free(&t);
}

static void report_md_should_link_every_file_it_names(void) {
  char dir[256], path[512], names[4096];
  in_scratch("md", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write(small, dir, &err), GS_OK);
  snprintf(path, sizeof path, "%s/report.md", dir);
  char *md = fixture_read(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(md);
  CU_ASSERT_EQUAL(strncmp(md, "# Grid search: small\n", 21), 0);
  /* every link target exists in the folder */
  int links = 0;
  for (const char *p = strstr(md, "]("); p; p = strstr(p + 1, "](")) {
    const char *end = strchr(p + 2, ')');
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    char file[600];
    snprintf(file, sizeof file, "%s/%.*s", dir, end - p - 2 < 300 ? (int)(end - p - 2) : 300, p + 2);
    if (!exists(file)) fprintf(stderr, "report.md links a missing %s\n", file);
    CU_ASSERT(exists(file));
    links++;
  }
  CU_ASSERT(links >= 3 + 4);
  /* every other file in the folder is linked */
  listing(dir, names, sizeof names);
  for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
    if (!strcmp(name, "report.md") || !strcmp(name, ".gridsearch")) continue;
    char link[300];
    snprintf(link, sizeof link, "](%s)", name);
    if (!strstr(md, link)) fprintf(stderr, "report.md does not link %s\n", name);
    CU_ASSERT_PTR_NOT_NULL(strstr(md, link));
  }
  /* a section per scorer with its best parameters, its candidates' table
   * (the best row bold), and the failed fit counted */
  const gs_config_t *cfg = gs_search_config(small);
  const gs_grid_t *grid = gs_search_grid(small);
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    char want[1200], repr[1024];
    const gs_scorer_result_t *r = gs_search_scorer(small, i);
    snprintf(want, sizeof want, "\n## %s\n\nBest parameters: `%s`\n", gs_scorer_name(cfg->scorers[i]),
             gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
    snprintf(want, sizeof want, "| **%s** |\n", gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
  }
  CU_ASSERT_PTR_NOT_NULL(strstr(md, "| failed fits | 1 |"));
  CU_ASSERT_PTR_NOT_NULL(strstr(md, gs_version()));
  free(md);
}

static void print_should_give_the_seed_programs_report(void) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  gs_report_print(small, out);
  fclose(out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  const gs_config_t *cfg = gs_search_config(small);
  const gs_grid_t *grid = gs_search_grid(small);
  const char *p = buf;
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    const gs_scorer_result_t *r = gs_search_scorer(small, i);
    char want[1400], repr[1024];
    /* in order: the title, the best parameters, one line per candidate
     * ("%0.3f (+/-%0.03f) for %r" % (mean, std * 2, params)), the report */
    snprintf(want, sizeof want, "# Tuning hyper-parameters for %s\n\nBest parameters set found on development set:\n\n%s\n",
             gs_scorer_name(cfg->scorers[i]), gs_grid_repr(&grid->cand[r->best], repr, sizeof repr));
    p = strstr(p, want);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    for (size_t c = 0; c < grid->n; c++) {
      snprintf(want, sizeof want, "\n%0.3f (+/-%0.03f) for %s\n", r->mean[c], r->std[c] * 2, gs_grid_repr(&grid->cand[c], repr, sizeof repr));
      const char *q = strstr(p, want);
      CU_ASSERT_PTR_NOT_NULL_FATAL(q);
      p = q + 1;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->report);
    p = strstr(p, r->report);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  }
  free(buf);
}

static void version_should_be_major_minor_patch(void) {
  unsigned a, b, c;
  char tail;
  CU_ASSERT_EQUAL(sscanf(gs_version(), "%u.%u.%u%c", &a, &b, &c, &tail), 3);
}

/* ---- gs_report_write_file ---- */

static void write_file_should_write_exact_bytes_atomically(void) {
  char path[300], names[4096], dir[256];
  in_scratch("wf", dir, sizeof dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
  snprintf(path, sizeof path, "%s/x.bin", dir);
  gs_error_t err;
  gs_error_clear(&err);
  const char text[] = "a\0b\nc"; /* bytes, not a C string */
  CU_ASSERT_EQUAL(gs_report_write_file(path, text, 5, &err), GS_OK);
  size_t len = 0;
  char *got = fixture_read(path, &len);
  CU_ASSERT_EQUAL(len, 5);
  CU_ASSERT(got && !memcmp(got, text, 5));
  free(got);
  /* an existing file is replaced whole, even by a shorter one */
  CU_ASSERT_EQUAL(gs_report_write_file(path, "zz", 2, &err), GS_OK);
  got = fixture_read(path, &len);
  CU_ASSERT_EQUAL(len, 2);
  CU_ASSERT(got && !memcmp(got, "zz", 2));
  free(got);
  CU_ASSERT_EQUAL(gs_report_write_file(path, "", 0, &err), GS_OK);
  got = fixture_read(path, &len);
  CU_ASSERT_EQUAL(len, 0);
  free(got);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  CU_ASSERT_STRING_EQUAL(listing(dir, names, sizeof names), "x.bin");
}

static void write_file_should_fail_in_a_missing_folder_naming_the_file(void) {
  char path[256], want[300], msg[2048];
  in_scratch("no/such/folder/f.txt", path, sizeof path);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_write_file(path, "x", 1, &err), GS_EIO);
  CU_ASSERT_EQUAL(err.code, GS_EIO);
  /* the file it could not create (the temporary beside path: path.tmp.<pid>) and why */
  snprintf(want, sizeof want, "%s.tmp.%ld", path, (long)getpid());
  CU_ASSERT_STRING_EQUAL(err.file, want);
  CU_ASSERT_STRING_EQUAL(err.message, "cannot write: No such file or directory");
  gs_error_format(&err, msg, sizeof msg);
  CU_ASSERT_EQUAL(strncmp(msg, want, strlen(want)), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, ": cannot write: No such file or directory"));
  CU_ASSERT_FALSE(exists(path));
}

static void write_file_should_fail_onto_a_folder_and_clean_up(void) {
  char dir[256], path[300], inner[320], names[4096];
  in_scratch("wf_dir", dir, sizeof dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
  snprintf(path, sizeof path, "%s/taken", dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  snprintf(inner, sizeof inner, "%s/keep", path);
  CU_ASSERT_EQUAL_FATAL(mkdir(inner, 0777), 0);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_write_file(path, "x", 1, &err), GS_EIO);
  CU_ASSERT_STRING_EQUAL(err.file, path);
  CU_ASSERT_EQUAL(strncmp(err.message, "cannot rename into place: ", 26), 0);
  /* the folder is untouched and the temporary is gone */
  CU_ASSERT(exists(inner));
  CU_ASSERT_STRING_EQUAL(listing(dir, names, sizeof names), "taken");
}

/* ---- gs_report_mkdirs ---- */

static void mkdirs_should_create_parents_and_accept_existing_folders(void) {
  char dir[256], deep[300];
  in_scratch("mk/a/b/c", dir, sizeof dir);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_mkdirs(dir, &err), GS_OK);
  struct stat st;
  CU_ASSERT(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
  CU_ASSERT_EQUAL(gs_report_mkdirs(dir, &err), GS_OK); /* already there */
  snprintf(deep, sizeof deep, "%s/", dir);             /* a trailing slash */
  CU_ASSERT_EQUAL(gs_report_mkdirs(deep, &err), GS_OK);
  CU_ASSERT_EQUAL(gs_report_mkdirs("/", &err), GS_OK);
  CU_ASSERT_EQUAL(gs_report_mkdirs(scratch, &err), GS_OK);
  CU_ASSERT_EQUAL(err.code, GS_OK);
  /* a relative path, against the working folder */
  char cwd[512];
  CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
  CU_ASSERT_EQUAL_FATAL(chdir(scratch), 0);
  CU_ASSERT_EQUAL(gs_report_mkdirs("rel/x", &err), GS_OK);
  CU_ASSERT_EQUAL(chdir(cwd), 0);
  in_scratch("rel/x", dir, sizeof dir);
  CU_ASSERT(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
}

static void mkdirs_should_fail_on_a_file_in_the_way_naming_it(void) {
  char file[256], dir[300], msg[2048];
  in_scratch("plain_file", file, sizeof file);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write_file(file, "x", 1, &err), GS_OK);
  CU_ASSERT_EQUAL(gs_report_mkdirs(file, &err), GS_EIO);
  CU_ASSERT_STRING_EQUAL(err.file, file);
  CU_ASSERT_STRING_EQUAL(err.message, "not a folder");
  /* beneath it: the file is the component named */
  snprintf(dir, sizeof dir, "%s/sub/dir", file);
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_mkdirs(dir, &err), GS_EIO);
  CU_ASSERT_STRING_EQUAL(err.file, file);
  gs_error_format(&err, msg, sizeof msg);
  CU_ASSERT_EQUAL(strncmp(msg, file, strlen(file)), 0);
}

static void mkdirs_should_fail_on_an_empty_or_overlong_name(void) {
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_mkdirs("", &err), GS_EIO);
  CU_ASSERT_STRING_EQUAL(err.message, "empty folder name");
  /* longer than a path may be: an error, not a shorter folder made instead */
  char *dir = malloc(5000);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
  size_t n = (size_t)snprintf(dir, 5000, "%s/long", scratch);
  while (n + 101 < 4999) {
    memset(dir + n, 'd', 100);
    dir[n] = '/';
    n += 100;
  }
  dir[n] = '\0';
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_mkdirs(dir, &err), GS_EIO);
  CU_ASSERT_EQUAL(strncmp(err.message, "folder name too long", 20), 0);
  CU_ASSERT_EQUAL(strncmp(err.file, dir, 100), 0);
  free(dir);
  char top[300];
  CU_ASSERT_FALSE(exists(in_scratch("long", top, sizeof top))); /* nothing made */
}

/* ---- gs_report_write's errors ---- */

static void write_should_fail_when_the_folder_cannot_be_made(void) {
  char file[256], dir[300], msg[2048];
  in_scratch("blocker", file, sizeof file);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL_FATAL(gs_report_write_file(file, "x", 1, &err), GS_OK);
  snprintf(dir, sizeof dir, "%s/out", file);
  CU_ASSERT_EQUAL(gs_report_write(small, dir, &err), GS_EIO);
  CU_ASSERT_EQUAL(err.code, GS_EIO);
  gs_error_format(&err, msg, sizeof msg);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, file)); /* the place it could not use */
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "not a folder"));
}

/* A results folder with a folder where file should go: writing stops there
 * with GS_EIO naming it; files due earlier are written, report.md (last) is
 * not, and no temporary file is left. */
static void check_blocked_write(const char *sub, const char *blocked, const char *const *written) {
  char dir[256], path[512], msg[2048];
  in_scratch(sub, dir, sizeof dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
  snprintf(path, sizeof path, "%s/%s", dir, blocked);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  char inner[600];
  snprintf(inner, sizeof inner, "%s/x", path); /* not empty: rename cannot replace it */
  CU_ASSERT_EQUAL_FATAL(mkdir(inner, 0777), 0);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_write(small, dir, &err), GS_EIO);
  CU_ASSERT_STRING_EQUAL(err.file, path);
  gs_error_format(&err, msg, sizeof msg);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, blocked));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "cannot rename into place"));
  char f[600];
  snprintf(f, sizeof f, "%s/report.md", dir);
  CU_ASSERT_FALSE(exists(f));
  for (int i = 0; written[i]; i++) {
    snprintf(f, sizeof f, "%s/%s", dir, written[i]);
    if (!exists(f)) fprintf(stderr, "%s: missing %s\n", sub, written[i]);
    CU_ASSERT(exists(f));
  }
  CU_ASSERT_FALSE(has_temp_file(dir));
}

static void write_should_stop_at_a_chart_it_cannot_write(void) {
  static const char *const none[] = {NULL};
  check_blocked_write("blocked_chart", "heatmap_accuracy_0.svg", none);
}

static void write_should_stop_at_run_json_and_leave_report_md_unwritten(void) {
  static const char *const before[] = {"heatmap_accuracy_0.svg", "heatmap_f1_macro_0.svg", "line_accuracy_1.svg",
                                       "line_f1_macro_1.svg", "cv_results.csv", "best_params.json", NULL};
  check_blocked_write("blocked_run", "run.json", before);
}

static void write_should_fail_at_report_md_last(void) {
  static const char *const before[] = {"cv_results.csv", "best_params.json", "run.json", "line_f1_macro_1.svg", NULL};
  char dir[256], path[512];
  in_scratch("blocked_md", dir, sizeof dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
  snprintf(path, sizeof path, "%s/report.md", dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  snprintf(path, sizeof path, "%s/report.md/x", dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  gs_error_t err;
  gs_error_clear(&err);
  CU_ASSERT_EQUAL(gs_report_write(small, dir, &err), GS_EIO);
  snprintf(path, sizeof path, "%s/report.md", dir);
  CU_ASSERT_STRING_EQUAL(err.file, path);
  for (int i = 0; before[i]; i++) {
    char f[600];
    snprintf(f, sizeof f, "%s/%s", dir, before[i]);
    CU_ASSERT(exists(f));
  }
  CU_ASSERT_FALSE(has_temp_file(dir));
}

static CU_TestInfo tests[] = {
  {"write_should_create_every_file_and_nothing_else", write_should_create_every_file_and_nothing_else},
  {"cv_results_should_have_scikit_learns_columns", cv_results_should_have_scikit_learns_columns},
  {"cv_results_should_hold_every_score_exactly", cv_results_should_hold_every_score_exactly},
  {"cv_results_should_order_params_by_first_appearance", cv_results_should_order_params_by_first_appearance},
  {"best_params_should_name_each_scorers_rank_one", best_params_should_name_each_scorers_rank_one},
  {"report_md_should_link_every_file_it_names", report_md_should_link_every_file_it_names},
  {"print_should_give_the_seed_programs_report", print_should_give_the_seed_programs_report},
  {"version_should_be_major_minor_patch", version_should_be_major_minor_patch},
  {"write_file_should_write_exact_bytes_atomically", write_file_should_write_exact_bytes_atomically},
  {"write_file_should_fail_in_a_missing_folder_naming_the_file", write_file_should_fail_in_a_missing_folder_naming_the_file},
  {"write_file_should_fail_onto_a_folder_and_clean_up", write_file_should_fail_onto_a_folder_and_clean_up},
  {"mkdirs_should_create_parents_and_accept_existing_folders", mkdirs_should_create_parents_and_accept_existing_folders},
  {"mkdirs_should_fail_on_a_file_in_the_way_naming_it", mkdirs_should_fail_on_a_file_in_the_way_naming_it},
  {"mkdirs_should_fail_on_an_empty_or_overlong_name", mkdirs_should_fail_on_an_empty_or_overlong_name},
  {"write_should_fail_when_the_folder_cannot_be_made", write_should_fail_when_the_folder_cannot_be_made},
  {"write_should_stop_at_a_chart_it_cannot_write", write_should_stop_at_a_chart_it_cannot_write},
  {"write_should_stop_at_run_json_and_leave_report_md_unwritten", write_should_stop_at_run_json_and_leave_report_md_unwritten},
  {"write_should_fail_at_report_md_last", write_should_fail_at_report_md_last},
  CU_TEST_INFO_NULL};
#define GS_SUITE "report"
#define GS_SUITE_SETUP suite_setup
#define GS_SUITE_TEARDOWN suite_teardown
#include "cunit_main.h"

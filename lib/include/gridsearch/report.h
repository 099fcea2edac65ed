/* report.h: what a finished search tells people: the seed program's stdout
 * report, and results/<name>/ (cv_results.csv, report.md, best_params.json),
 * each file written to a temporary name and renamed into place. */
#ifndef GRIDSEARCH_REPORT_H
#define GRIDSEARCH_REPORT_H

#include <stdio.h>

#include "gridsearch/error.h"
#include "gridsearch/search.h"

/* gridsearch's version ("0.1.0"). */
const char *gs_version(void);

/* Prints the seed program's report for every scorer to out. */
void gs_report_print(const gs_search_t *s, FILE *out);

/* Writes into dir (created when missing, parents included) the charts
 * (heatmap_*.svg, line_*.svg), cv_results.csv, best_params.json, run.json
 * and report.md, which links them; last, the manifest of the files written
 * (outdir.h), removing the previous run's files that this one did not
 * write. Returns GS_OK or GS_EIO naming the file. */
int gs_report_write(const gs_search_t *s, const char *dir, gs_error_t *err);

/* Writes text to path atomically (path.tmp.<pid>, fsync, rename). */
int gs_report_write_file(const char *path, const char *text, size_t len, gs_error_t *err);

/* Creates dir and its parents (mkdir -p). */
int gs_report_mkdirs(const char *dir, gs_error_t *err);

#endif

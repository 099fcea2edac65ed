/* outdir.h: the results folder of a run (--out DIR or results/<name>/):
 * whether this run may write it, one run at a time, and which of its files
 * gridsearch wrote.
 *
 * A folder is gridsearch's when it holds a journal, a manifest (.gridsearch,
 * the files the last finished run wrote) or a lock file (.gridsearch.lock).
 * Only files named in the manifest are ever removed. */
#ifndef GRIDSEARCH_OUTDIR_H
#define GRIDSEARCH_OUTDIR_H

#include "gridsearch/error.h"

#define GS_OUTDIR_MANIFEST ".gridsearch"
#define GS_OUTDIR_LOCK ".gridsearch.lock"

typedef struct gs_outdir gs_outdir_t;

/* Claims dir for this process:
 * - the root folder "/" (after resolving the path) is refused (GS_EUSAGE),
 *   force or not;
 * - an existing non-empty folder that is not gridsearch's is refused
 *   (GS_EUSAGE) unless force;
 * - creates dir and its parents (gs_report_mkdirs' errors, GS_EIO);
 * - takes an exclusive lock (flock) on dir/.gridsearch.lock, held until
 *   gs_outdir_release or the process ends, and writes "pid host" into it;
 *   when another process holds it: GS_ESTATE naming that process.
 * On failure *out is NULL and err names dir. */
int gs_outdir_claim(gs_outdir_t **out, const char *dir, int force, gs_error_t *err);

/* Releases the lock; accepts NULL. */
void gs_outdir_release(gs_outdir_t *o);

/* Removes the files the manifest of dir names (the previous run's reports
 * and charts), except the journal, so they cannot pass for this run's.
 * Names with a '/' or that start with ".gridsearch" are never removed. A
 * missing manifest is no error. GS_EIO when a file cannot be removed. */
int gs_outdir_clear(const char *dir, gs_error_t *err);

/* Records in dir's manifest (atomically) that this run wrote the files
 * names (n_names of them, plain file names) and the journal, then removes
 * the files the previous manifest named that this run did not write. */
int gs_outdir_commit(const char *dir, const char *const *names, size_t n_names, gs_error_t *err);

#endif

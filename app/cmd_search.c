/* cmd_search.c: `gridsearch search CONFIG`: read the config, run the search
 * on the farm, print the seed report and write results/<name>/. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "applog.h"
#include "cli.h"
#include "env.h"
#include "gridsearch/config.h"
#include "gridsearch/farm.h"
#include "gridsearch/journal.h"
#include "gridsearch/model.h"
#include "gridsearch/outdir.h"
#include "gridsearch/report.h"
#include "gridsearch/search.h"

/* Signal state (the app may keep CLI globals): the first SIGTERM, SIGINT or
 * SIGUSR1 stops the hand-out of tasks and arms the grace alarm; a second one,
 * or the alarm, syncs the journal and leaves at once with status 3. */
static volatile sig_atomic_t stop_requested;
/* the first of those signals that reached this process (stop_requested may
 * be set by the farm instead, on rank 0, when another rank asked to stop) */
static volatile sig_atomic_t own_signal;
static volatile sig_atomic_t journal_fd = -1;
static unsigned grace_seconds = 20;
/* a rank other than 0 whose run is over has nothing in flight and nothing
 * to save: it ignores signals and leaves the end to rank 0 (a signal that
 * reaches every rank while rank 0 writes the reports must not end the job) */
static volatile sig_atomic_t run_over;
/* rank 0, once an interrupted run is saved and said so: a later signal (mpirun
 * ends the ranks still closing when one has exited 3) leaves quietly with 3 */
static volatile sig_atomic_t saved_and_said;
/* rank 0 while it writes the reports of a finished search: nothing is in
 * flight and the journal holds everything, so a signal leaves at once with 3
 * and this message (how to write them: --resume) instead of waiting out the
 * grace period */
static volatile sig_atomic_t writing_reports;
static char reports_msg[8400];
static size_t reports_msg_len;

static void leave_now(void) {
  static const char msg[] = "gridsearch: grace period over; tasks in flight are lost, finished ones are in the journal\n";
  if (journal_fd >= 0) fsync(journal_fd);
  ssize_t w = write(2, msg, sizeof msg - 1);
  (void)w;
  _exit(GS_EXIT_INTERRUPTED);
}

static void on_signal(int sig) {
  if (run_over) return;
  if (saved_and_said) _exit(GS_EXIT_INTERRUPTED);
  if (writing_reports) {
    ssize_t w = write(2, reports_msg, reports_msg_len);
    (void)w;
    _exit(GS_EXIT_INTERRUPTED);
  }
  /* a second signal to this process leaves at once; a stop that the farm
   * set on rank 0 for another rank (its signal, its stop message) is not
   * one: rank 0's own signal, arriving after it, starts the grace period
   * and the run ends as interrupted, with its run record */
  if (sig == SIGALRM || own_signal || grace_seconds == 0) leave_now();
  own_signal = sig;
  if (!stop_requested) stop_requested = sig;
  alarm(grace_seconds);
}

/* Installed before any work, so a signal at any moment of a search gives
 * status 3 (or 0 once it has finished); main blocks these signals from its
 * first instruction (and across its re-exec), so one that came earlier is
 * delivered here. */
static void install_handlers(void) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGUSR1, SIGALRM};
  struct sigaction sa;
  sigset_t set;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&set);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    sigaction(sigs[i], &sa, NULL);
    sigaddset(&set, sigs[i]);
  }
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static const gs_cli_option_t search_opts[] = {
    {"out", 1}, {"threads", 1}, {"quiet", 0}, {"memory-limit-mb", 1}, {"help", 0},
    {"resume", 0}, {"grace", 1}, {"force-out", 0}, {"liveness", 1}, {"test-refit-delay", 1}, {NULL, 0}};

/* Journal and progress, fed on rank 0 as tasks finish. */
typedef struct {
  gs_journal_t *journal;
  gs_error_t jerr;
  int journal_failed;
  int quiet, tty;
  size_t done, total, resumed;
  double start;
  int last_decile;
} observer_t;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void observe(void *ctx, size_t task, const gs_task_result_t *r) {
  observer_t *o = ctx;
  if (o->journal && !o->journal_failed && gs_journal_append(o->journal, task, r, &o->jerr) != GS_OK) {
    char buf[1200];
    o->journal_failed = 1;
    fprintf(stderr, "gridsearch: warning: %s\n", gs_error_format(&o->jerr, buf, sizeof buf));
  }
  o->done++;
  if (o->quiet || o->total == 0) return;
  double el = now() - o->start;
  size_t fresh = o->done - o->resumed, left = o->total - o->done;
  double eta = fresh ? el / (double)fresh * (double)left : 0.0;
  int decile = (int)(10 * o->done / o->total);
  if (o->tty) {
    fprintf(stderr, "\rgridsearch: %zu/%zu tasks, %.1f s elapsed, ETA %.1f s   ", o->done, o->total, el, eta);
    if (o->done == o->total) fputc('\n', stderr);
  } else if (decile > o->last_decile) {
    fprintf(stderr, "gridsearch: %zu/%zu tasks (%d%%), %.1f s elapsed, ETA %.1f s\n", o->done, o->total, decile * 10, el, eta);
  }
  o->last_decile = decile;
}

/* Rank 0, at the end of a run (done or interrupted): appends the run record
 * to the journal and gives the search the totals over every run so far. */
static void record_run(observer_t *o, gs_search_t *s, double wall) {
  gs_journal_runs_t prev = gs_journal_runs(o->journal);
  double busy = gs_search_stats(s)->busy_seconds;
  gs_search_set_runs(s, prev.runs + 1, prev.wall_seconds + wall, prev.busy_seconds + busy);
  if (!o->journal || o->journal_failed) return;
  if (gs_journal_run_end(o->journal, wall, busy, &o->jerr) != GS_OK) {
    char buf[1200];
    o->journal_failed = 1;
    fprintf(stderr, "gridsearch: warning: %s\n", gs_error_format(&o->jerr, buf, sizeof buf));
  }
}

static void search_usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch search CONFIG [--out DIR] [--force-out] [--threads N] [--resume]\n"
          "                                [--grace SECONDS] [--liveness SECONDS] [--memory-limit-mb MB] [--quiet]\n"
          "  Runs the grid search that CONFIG (JSON) describes; prints the report and writes\n"
          "  results/<name>/ (cv_results.csv, report.md, best_params.json).\n"
          "  --out DIR            write the results into DIR instead of results/<name>/\n"
          "  --force-out          write into DIR even though it holds files gridsearch did not write\n"
          "  --threads N          worker threads per rank (default: SLURM_CPUS_PER_TASK,\n"
          "                       OMP_NUM_THREADS, else the cores available)\n"
          "  --memory-limit-mb MB memory for precomputed kernels per rank (overrides the config)\n"
          "  --resume             continue an interrupted run from results/<name>/journal\n"
          "  --grace SECONDS      on SIGTERM/SIGINT/SIGUSR1, wait this long for fits in flight (default 20)\n"
          "  --liveness SECONDS   under MPI, end the job when a rank has not answered this long\n"
          "                       (default 30; 0: never)\n"
          "  --quiet              no progress or summary on stderr\n"
          "exit status: 0 done, 1 failed, 2 bad input, 3 interrupted (resume with --resume)\n");
}

static void print_error(const gs_error_t *err) {
  char buf[2048];
  fprintf(stderr, "gridsearch: %s\n", gs_error_format(err, buf, sizeof buf));
}

/* The exit status for rc: a file that cannot be read while the config and
 * data are loaded is bad input (2); one that cannot be written later, like
 * any other failure during the run, is 1. */
static int exit_status(int rc, int loading) {
  switch (rc) {
  case GS_OK: return GS_EXIT_OK;
  case GS_EINTR: return GS_EXIT_INTERRUPTED;
  case GS_EIO: return loading ? GS_EXIT_USAGE : GS_EXIT_FAIL;
  case GS_EPARSE: case GS_ECONFIG: case GS_EDATA: case GS_EUSAGE: case GS_ESTATE: return GS_EXIT_USAGE;
  default: return GS_EXIT_FAIL;
  }
}

int gs_cmd_search(int argc, char **argv) {
  gs_cli_t cli;
  const char *v, *out_dir = NULL;
  int threads = 0, quiet = 0, resume = 0, force_out = 0, k;
  double mem_mb = 0, liveness = 30, refit_delay = 0, t_begin = now();
  install_handlers();
  gs_cli_init(&cli, "search", argc, argv, search_opts);
  while ((k = gs_cli_next(&cli, &v)) >= 0) {
    switch (k) {
    case 0: out_dir = v; if (!*v) { fprintf(stderr, "gridsearch search: --out needs a folder\n"); return GS_EXIT_USAGE; } break;
    case 1: { long t = gs_cli_int("search", "threads", v, 1, 4096); if (t < 0) return GS_EXIT_USAGE; threads = (int)t; break; }
    case 2: quiet = 1; break;
    case 3: { long m = gs_cli_int("search", "memory-limit-mb", v, 1, 1L << 40); if (m < 0) return GS_EXIT_USAGE; mem_mb = (double)m; break; }
    case 4: search_usage(stdout); return GS_EXIT_OK;
    case 5: resume = 1; break;
    case 6: { long g = gs_cli_int("search", "grace", v, 0, 86400); if (g < 0) return GS_EXIT_USAGE; grace_seconds = (unsigned)g; break; }
    case 7: force_out = 1; break;
    case 8: { long l = gs_cli_int("search", "liveness", v, 0, 86400); if (l < 0) return GS_EXIT_USAGE; liveness = (double)l; break; }
    case 9: { long d = gs_cli_int("search", "test-refit-delay", v, 0, 3600); if (d < 0) return GS_EXIT_USAGE; refit_delay = (double)d; break; }
    }
  }
  if (k == -2) return GS_EXIT_USAGE;
  if (gs_cli_arity(&cli, 1, "CONFIG")) return GS_EXIT_USAGE;
  if (quiet) gs_applog_quiet();
  if (out_dir) { /* a folder the file system cannot hold would be cut or fail late */
    gs_error_t oerr;
    char obuf[2048];
    gs_error_clear(&oerr);
    if (gs_config_check_out(out_dir, "--out", &oerr)) {
      fprintf(stderr, "gridsearch search: %s\n", gs_error_format(&oerr, obuf, sizeof obuf));
      return GS_EXIT_USAGE;
    }
  }
  if (!threads) threads = gs_cli_default_threads();
  /* a signal the job script got before this process could (env.h): as if
   * it came now (after the options, so --grace holds), unless one already
   * did (a second would end the run at once) */
  const char *sigfile = gs_app_env()->signal_file;
  if (sigfile && !stop_requested && access(sigfile, F_OK) == 0) raise(SIGUSR1);

  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *farm = NULL;
  gs_config_t *cfg = NULL;
  gs_search_t *s = NULL;
  unsigned char *skip = NULL;
  gs_outdir_t *outdir = NULL; /* rank 0's lock on the folder, for the whole run */
  int rc, root = 1, loading = 1;
  if ((rc = gs_app_farm_open(&farm, &argc, &argv, threads, &err))) goto done;
  gs_farm_set_liveness(farm, liveness);
  root = gs_farm_rank(farm) == 0;
  /* every rank prepares the search itself; then all agree that each did,
   * and the same one (its digest), before any waits on another */
  unsigned long long digest = 0;
  {
    uint64_t d = 0;
    gs_config_opts_t copts = gs_app_config_opts();
    rc = gs_config_load_ex(&cfg, cli.pos[0], &copts, &err);
    if (!rc) rc = gs_search_prepare(&s, cfg, &err);
    if (!rc) rc = gs_search_digest(s, &d, &err);
    if (!rc && !(skip = calloc(gs_search_n_tasks(s) ? gs_search_n_tasks(s) : 1, 1)))
      rc = gs_error_set(&err, GS_ENOMEM, NULL, 0, 0, "out of memory");
    digest = d;
  }
  if ((rc = gs_farm_agree(farm, rc, digest, &err))) goto done;
  loading = 0;
  char dir[4096], jpath[4200];
  if (out_dir) snprintf(dir, sizeof dir, "%s", out_dir);
  else snprintf(dir, sizeof dir, "results/%s", cfg->name);
  snprintf(jpath, sizeof jpath, "%s/journal", dir);
  observer_t obs;
  memset(&obs, 0, sizeof obs);
  obs.quiet = quiet;
  obs.tty = isatty(2);
  obs.total = gs_search_n_tasks(s);
  obs.start = now();
  obs.last_decile = 0;
  /* rank 0 owns the journal; the others learn what to skip from it */
  int jrc = GS_OK;
  gs_error_t jerr;
  gs_error_clear(&jerr);
  if (root) {
    size_t loaded = 0;
    jrc = gs_outdir_claim(&outdir, dir, force_out, &jerr);
    gs_journal_spec_t jspec;
    if (!jrc) jrc = gs_search_journal_spec(s, &jspec, &jerr);
    if (!jrc) jrc = gs_journal_open(&obs.journal, jpath, &jspec, resume, &loaded, &jerr);
    if (!jrc) {
      for (size_t t = 0; t < obs.total; t++) skip[t] = (unsigned char)gs_search_done(s, t);
      obs.done = obs.resumed = loaded;
      if (resume && !quiet) fprintf(stderr, "gridsearch: resuming: %zu of %zu tasks already done (%s)\n", loaded, obs.total, gs_cli_esc(jpath));
      journal_fd = gs_journal_fd(obs.journal);
      gs_farm_set_sync_fd(farm, journal_fd);
      /* reports of an earlier run must not pass for this run's: they are
       * written again, atomically, when this one completes (the manifest
       * names them; the fixed four also in folders older than manifests) */
      static const char *const reports[] = {"cv_results.csv", "report.md", "best_params.json", "run.json", NULL};
      for (int i = 0; reports[i]; i++) {
        char p[4300];
        snprintf(p, sizeof p, "%s/%s", dir, reports[i]);
        unlink(p);
      }
      jrc = gs_outdir_clear(dir, &jerr);
      if (jrc) {
        journal_fd = -1;
        gs_farm_set_sync_fd(farm, -1);
        gs_journal_close(obs.journal);
        obs.journal = NULL;
      }
    }
  }
  int jstatus[2] = {jrc, jerr.code};
  if ((rc = gs_farm_bcast(farm, jstatus, sizeof jstatus, &err))) goto done;
  if (jstatus[0]) {
    if (root) err = jerr;
    rc = jstatus[0];
    goto done;
  }
  if ((rc = gs_farm_bcast(farm, skip, obs.total, &err))) goto done;
  gs_search_opts_t opts = {&stop_requested, observe, &obs, skip, mem_mb, refit_delay, gs_app_env()->fail_fits};
  rc = gs_search_run(s, farm, &opts, &err);
  if (!root) run_over = 1;
  free(skip);
  skip = NULL;
  alarm(0);
  if (rc == GS_EINTR && root) {
    record_run(&obs, s, now() - t_begin);
    journal_fd = -1;
    gs_farm_set_sync_fd(farm, -1);
    gs_journal_close(obs.journal);
    obs.journal = NULL;
    int who = gs_farm_stop_rank(farm);
    char on[32] = "";
    if (who > 0) snprintf(on, sizeof on, " on rank %d", who);
    fprintf(stderr, "gridsearch: interrupted by signal %d%s: %zu of %zu tasks done and saved in %s\n"
            "gridsearch: to continue: gridsearch search %s%s%s --resume\n",
            (int)stop_requested, on, obs.done, obs.total, gs_cli_esc(jpath), gs_cli_esc(cli.pos[0]), out_dir ? " --out " : "",
            out_dir ? gs_cli_esc(out_dir) : "");
    fflush(stderr);
    saved_and_said = 1;
  }
  /* the journal must say the run finished (else a later run refuses to
   * start over it): when it cannot, no reports; --resume finishes it */
  if (rc == GS_OK && root) {
    /* from here nothing is in flight and every task is journalled: set
     * before the finish record, so a signal that comes once the journal
     * says "done" always finds it (the test waits on that record) */
    int n = snprintf(reports_msg, sizeof reports_msg,
                     "gridsearch: interrupted while writing the reports; every task is saved in %s\n"
                     "gridsearch: to write them: gridsearch search %s%s%s --resume\n",
                     gs_cli_esc(jpath), gs_cli_esc(cli.pos[0]), out_dir ? " --out " : "", out_dir ? gs_cli_esc(out_dir) : "");
    reports_msg_len = n < 0 ? 0 : (size_t)n < sizeof reports_msg ? (size_t)n : sizeof reports_msg - 1;
    writing_reports = 1;
    record_run(&obs, s, now() - t_begin);
  }
  if (rc == GS_OK && root) rc = gs_journal_finish(obs.journal, &err);
  if (rc == GS_OK && root) {
    gs_report_print(s, stdout);
    rc = gs_report_write(s, dir, &err);
    if (rc == GS_OK) rc = gs_model_write(s, dir, &err);
    if (rc == GS_OK && !quiet) {
      const gs_search_stats_t *st = gs_search_stats(s);
      fprintf(stderr,
              "gridsearch: %zu fits + %zu refit%s in %.3f s on %d rank%s x %d thread%s (tasks %.3f s); fit time %.3f s; "
              "parallel efficiency %.1f%%; kernels %s (%.1f MB per rank); results in %s/\n",
              st->fits, st->refits, st->refits == 1 ? "" : "s", st->wall_seconds, st->ranks, st->ranks == 1 ? "" : "s",
              st->threads, st->threads == 1 ? "" : "s", st->tasks_wall_seconds, st->fit_seconds_sum, 100.0 * st->efficiency,
              st->precomputed ? "precomputed" : "LIBSVM's own", st->kernel_mb, gs_cli_esc(dir));
      fprintf(stderr, "gridsearch: peak memory per rank (MB):");
      for (int r = 0; r < st->ranks && r < GS_MAX_RANKS_REPORTED; r++) fprintf(stderr, " %.1f", st->rank_rss_mb[r]);
      fprintf(stderr, "\n");
      if (st->precomputed)
        fprintf(stderr, "gridsearch: kernel blocks on rank 0: %zu built, %zu reused\n", st->blocks_built, st->blocks_reused);
      else if (st->blocks_built) /* pair by pair: fold training kernels shared by C values */
        fprintf(stderr, "gridsearch: fold training kernels on rank 0: %zu built, %zu reused\n", st->blocks_built,
                st->blocks_reused);
      if (st->note[0]) fprintf(stderr, "gridsearch: note: %s\n", st->note);
      const gs_halving_plan_t *hp = gs_search_halving(s);
      if (hp) { /* successive halving: the rounds (report.md and run.json have them too) */
        fprintf(stderr, "gridsearch: halving:");
        for (size_t i = 0; i < hp->n_iterations; i++)
          fprintf(stderr, "%s iter %zu: %zu candidates x %zu rows", i ? ";" : "", i, hp->n_candidates[i], hp->n_resources[i]);
        fprintf(stderr, "\n");
      }
      if (st->job_runs > 1)
        fprintf(stderr, "gridsearch: the search took %zu job runs (resumed %zu time%s): wall time %.3f s, busy time %.3f s over all runs\n",
                st->job_runs, st->job_runs - 1, st->job_runs == 2 ? "" : "s", st->runs_wall_seconds, st->runs_busy_seconds);
    }
  }
  /* the reports are written (or failed, said below): a later signal changes
   * nothing, and the status stays this run's */
  if (writing_reports) run_over = 1;
  writing_reports = 0;
  journal_fd = -1;
  gs_farm_set_sync_fd(farm, -1);
  gs_journal_close(obs.journal);
done:
  free(skip);
  if (rc && root) {
    if (rc != GS_EINTR) print_error(&err);
  }
  gs_outdir_release(outdir);
  gs_search_free(s);
  gs_config_free(cfg);
  gs_farm_close(farm);
  return exit_status(rc, loading);
}

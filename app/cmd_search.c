/* cmd_search.c: `gridsearch search CONFIG`: read the config, run the search
 * on the farm, print the seed report and write results/<name>/. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gridsearch/config.h"
#include "gridsearch/farm.h"
#include "gridsearch/report.h"
#include "gridsearch/search.h"

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { stop_requested = sig; }

static const gs_cli_option_t search_opts[] = {
    {"out", 1}, {"threads", 1}, {"quiet", 0}, {"memory-limit-mb", 1}, {"help", 0}, {NULL, 0}};

static void search_usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch search CONFIG [--out DIR] [--threads N] [--memory-limit-mb MB] [--quiet]\n"
          "  Runs the grid search that CONFIG (JSON) describes; prints the report and writes\n"
          "  results/<name>/ (cv_results.csv, report.md, best_params.json).\n"
          "  --out DIR            write the results into DIR instead of results/<name>/\n"
          "  --threads N          worker threads per rank (default: SLURM_CPUS_PER_TASK,\n"
          "                       OMP_NUM_THREADS, else the cores available)\n"
          "  --memory-limit-mb MB memory for precomputed kernels per rank (overrides the config)\n"
          "  --quiet              no progress or summary on stderr\n");
}

static void print_error(const gs_error_t *err) {
  char buf[2048];
  fprintf(stderr, "gridsearch: %s\n", gs_error_format(err, buf, sizeof buf));
}

static int exit_status(int rc) {
  switch (rc) {
  case GS_OK: return GS_EXIT_OK;
  case GS_EINTR: return GS_EXIT_INTERRUPTED;
  case GS_EIO: case GS_EPARSE: case GS_ECONFIG: case GS_EDATA: case GS_EUSAGE: case GS_ESTATE: return GS_EXIT_USAGE;
  default: return GS_EXIT_FAIL;
  }
}

int gs_cmd_search(int argc, char **argv) {
  gs_cli_t cli;
  const char *v, *out_dir = NULL;
  int threads = 0, quiet = 0, k;
  double mem_mb = 0;
  gs_cli_init(&cli, "search", argc, argv, search_opts);
  while ((k = gs_cli_next(&cli, &v)) >= 0) {
    switch (k) {
    case 0: out_dir = v; if (!*v) { fprintf(stderr, "gridsearch search: --out needs a folder\n"); return GS_EXIT_USAGE; } break;
    case 1: { long t = gs_cli_int("search", "threads", v, 1, 4096); if (t < 0) return GS_EXIT_USAGE; threads = (int)t; break; }
    case 2: quiet = 1; break;
    case 3: { long m = gs_cli_int("search", "memory-limit-mb", v, 1, 1L << 40); if (m < 0) return GS_EXIT_USAGE; mem_mb = (double)m; break; }
    case 4: search_usage(stdout); return GS_EXIT_OK;
    }
  }
  if (k == -2) return GS_EXIT_USAGE;
  if (cli.n_pos != 1) {
    fprintf(stderr, cli.n_pos ? "gridsearch search: expected one CONFIG, got %d arguments\n" : "gridsearch search: missing CONFIG%.0d\n", cli.n_pos);
    search_usage(stderr);
    return GS_EXIT_USAGE;
  }
  if (!threads) threads = gs_cli_default_threads();

  gs_error_t err;
  gs_error_clear(&err);
  gs_farm_t *farm = NULL;
  gs_config_t *cfg = NULL;
  gs_search_t *s = NULL;
  int rc, root = 1;
  if ((rc = gs_farm_open(&farm, &argc, &argv, threads, &err))) goto done;
  root = gs_farm_rank(farm) == 0;
  if ((rc = gs_config_load(&cfg, cli.pos[0], &err))) goto done;
  if ((rc = gs_search_prepare(&s, cfg, &err))) goto done;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  gs_search_opts_t opts = {&stop_requested, NULL, NULL, NULL, mem_mb};
  rc = gs_search_run(s, farm, &opts, &err);
  if (rc == GS_OK && root) {
    char dir[4096];
    if (out_dir) snprintf(dir, sizeof dir, "%s", out_dir);
    else snprintf(dir, sizeof dir, "results/%s", cfg->name);
    gs_report_print(s, stdout);
    rc = gs_report_write(s, dir, &err);
    if (rc == GS_OK && !quiet) {
      const gs_search_stats_t *st = gs_search_stats(s);
      double workers = (double)st->ranks * st->threads;
      fprintf(stderr,
              "gridsearch: %zu fits + %zu refit%s in %.3f s on %d rank%s x %d thread%s; fit time %.3f s; "
              "parallel efficiency %.1f%%; kernels %s (%.1f MB); peak memory %.1f MB on rank 0; results in %s/\n",
              st->fits, st->refits, st->refits == 1 ? "" : "s", st->wall_seconds, st->ranks, st->ranks == 1 ? "" : "s",
              st->threads, st->threads == 1 ? "" : "s", st->fit_seconds_sum,
              st->wall_seconds > 0 ? 100.0 * st->busy_seconds / (st->wall_seconds * workers) : 0.0,
              st->precomputed ? "precomputed" : "LIBSVM's own", st->kernel_mb, st->peak_rss_mb, dir);
      if (st->note[0]) fprintf(stderr, "gridsearch: note: %s\n", st->note);
    }
  }
done:
  if (rc && root) {
    if (rc == GS_EINTR) fprintf(stderr, "gridsearch: interrupted by signal %d; finished tasks are kept\n", (int)stop_requested);
    else print_error(&err);
  }
  gs_search_free(s);
  gs_config_free(cfg);
  gs_farm_close(farm);
  return exit_status(rc);
}

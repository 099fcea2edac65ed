/* cmd_validate.c: `gridsearch validate CONFIG`: a dry run. Reads and checks
 * the config and its dataset as a search would, then lists the candidates in
 * order, the tasks, the memory the kernels would take and a rough cost. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "env.h"
#include "gridsearch/config.h"
#include "gridsearch/grid.h"
#include "gridsearch/metrics.h"
#include "gridsearch/search.h"

static const gs_cli_option_t validate_opts[] = {{"threads", 1}, {"memory-limit-mb", 1}, {"help", 0}, {NULL, 0}};

static void validate_usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch validate CONFIG [--threads N] [--memory-limit-mb MB]\n"
          "  Checks CONFIG and its dataset without fitting anything; prints the candidates in\n"
          "  order, the tasks, the kernels' memory and a rough estimate of the cost.\n"
          "  exit status: 0 valid, 2 not (with the place of the first problem)\n");
}

int gs_cmd_validate(int argc, char **argv) {
  gs_cli_t cli;
  const char *v;
  int k, threads = 0;
  double mem_mb = 0;
  gs_cli_init(&cli, "validate", argc, argv, validate_opts);
  while ((k = gs_cli_next(&cli, &v)) >= 0) {
    switch (k) {
    case 0: { long t = gs_cli_int("validate", "threads", v, 1, 4096); if (t < 0) return GS_EXIT_USAGE; threads = (int)t; break; }
    case 1: { long m = gs_cli_int("validate", "memory-limit-mb", v, 1, 1L << 40); if (m < 0) return GS_EXIT_USAGE; mem_mb = (double)m; break; }
    case 2: validate_usage(stdout); return GS_EXIT_OK;
    }
  }
  if (k == -2) return GS_EXIT_USAGE;
  if (gs_cli_arity(&cli, 1, "CONFIG")) return GS_EXIT_USAGE;
  if (!threads) threads = gs_cli_default_threads();
  gs_error_t err;
  gs_error_clear(&err);
  gs_config_t *cfg = NULL;
  gs_search_t *s = NULL;
  char buf[2048];
  gs_config_opts_t copts = gs_app_config_opts();
  int rc = gs_config_load_ex(&cfg, cli.pos[0], &copts, &err);
  if (!rc) rc = gs_search_prepare(&s, cfg, &err);
  if (rc) {
    fprintf(stderr, "gridsearch: %s\n", gs_error_format(&err, buf, sizeof buf));
    gs_config_free(cfg);
    return GS_EXIT_USAGE;
  }
  const gs_dataset_t *ds = gs_search_dataset(s);
  const gs_split_t *sp = gs_search_split(s);
  const gs_grid_t *g = gs_search_candidates(s);
  const gs_halving_plan_t *hp = gs_search_halving(s);
  int ns = gs_search_n_splits(s);
  printf("config: %s (name \"%s\", results in results/%s/)\n", cfg->file, cfg->name, cfg->name);
  printf("dataset: %s: %zu rows x %zu features, %zu classes (", cfg->data_path, ds->n_samples, ds->n_features, ds->n_classes);
  for (size_t c = 0; c < ds->n_classes; c++) printf("%s%ld", c ? " " : "", ds->classes[c]);
  printf(")\n");
  printf("split: %zu train / %zu test (random_state %u%s)\n", sp->n_train, sp->n_test, cfg->random_state, cfg->stratify ? ", stratified" : "");
  printf("folds: %d (StratifiedKFold%s), about %zu training rows each\n", ns,
         cfg->cv_shuffle ? ", shuffled" : "", gs_search_fold_rows(s, hp ? (int)(hp->n_iterations - 1) * ns : 0));
  printf("scorers:");
  for (size_t i = 0; i < cfg->n_scorers; i++) printf(" %s", gs_scorer_name(cfg->scorers[i]));
  printf("\ncandidates (%zu):\n", g->n);
  for (size_t c = 0; c < g->n; c++) printf("  %4zu  %s\n", c, gs_grid_repr(&g->cand[c], buf, sizeof buf));
  if (hp) {
    printf("successive halving (%s, factor %ld%s): %zu iterations (required %zu, possible %zu), min_resources_ %zu, "
           "max_resources_ %zu\n", cfg->halving_random ? "HalvingRandomSearchCV" : "HalvingGridSearchCV", cfg->halving.factor,
           cfg->halving.aggressive ? ", aggressive elimination" : "", hp->n_iterations, hp->n_required, hp->n_possible,
           hp->min_resources, hp->max_resources);
    for (size_t i = 0; i < hp->n_iterations; i++)
      printf("  iter %zu: %zu candidates on %zu rows (folds subsampled with random_state %u)\n", i, hp->n_candidates[i],
             hp->n_resources[i], cfg->search_random_state);
    printf("tasks: %zu fits (%zu rows of cv_results x %d folds) + 1 refit\n", gs_search_n_tasks(s), hp->n_rows, ns);
  } else {
    printf("tasks: %zu fits (%zu candidates x %d folds) + up to %zu refit%s\n", gs_search_n_tasks(s), g->n, ns,
           cfg->n_scorers, cfg->n_scorers == 1 ? "" : "s");
  }
  gs_kernel_plan_t kp = gs_search_kernel_plan(s, threads, mem_mb);
  char shared[96] = "";
  if (kp.pair_shared)
    snprintf(shared, sizeof shared, " + %zu fold training kernel%s of %.1f MB shared by C values", kp.pair_shared,
             kp.pair_shared == 1 ? "" : "s", kp.pair_shared_mb);
  if (kp.pairs)
    printf("kernels: pair by pair (%zu classes: %zu binary problems per fit), %.1f MB per rank: %d threads x %.1f MB "
           "(the largest pair %zu rows, its kernel %s)%s%s (limit %.0f MB)\n",
           ds->n_classes, ds->n_classes * (ds->n_classes - 1) / 2, kp.total_mb, threads, kp.pair_mb, kp.pair_rows,
           (double)kp.pair_rows * (double)(kp.pair_rows + 2) * 16.0 / 1048576.0 <= kp.pair_block_mb ? "precomputed"
                                                                                                  : "by LIBSVM",
           shared, kp.views ? " + transformed views" : "", kp.limit_mb);
  else if (kp.precomputed)
    printf("kernels: precomputed: Gram matrix %.1f MB + %zu kernel blocks of %.1f MB + %zu training-row kernel "
           "matri%s of %.1f MB%s = %.1f MB per rank (limit %.0f MB, %d threads)\n",
           kp.gram_mb, kp.blocks, kp.block_mb, kp.matrices, kp.matrices == 1 ? "x" : "ces", kp.matrix_mb,
           kp.views ? " + transformed views" : "", kp.total_mb, kp.limit_mb, threads);
  else
    printf("kernels: LIBSVM's own, %.1f MB per rank (precomputed ones would need %.1f MB, over the %.0f MB limit)\n",
           kp.total_mb, kp.gram_mb + (double)threads * kp.block_mb, kp.limit_mb);
  if (kp.views)
    printf("preprocessing: %zu (step, fold) views of transformed rows, %.1f MB (in the total above), %s\n", kp.views,
           kp.views_mb,
           kp.pairs         ? "fitted pair by pair like the others"
           : kp.precomputed ? "their kernel blocks precomputed from the transformed rows"
                            : "fitted by LIBSVM's own kernels");
  /* the estimator's cost model (seconds of one core per fit) */
  double est = (double)gs_search_n_tasks(s) * kp.fold_fit_s + (double)cfg->n_scorers * kp.refit_s;
  printf("estimated cost: about %.1f s of fitting in all, %.1f s on %d thread%s (%.2f s per fold fit, %.2f s per refit)\n",
         est, est / threads, threads, threads == 1 ? "" : "s", kp.fold_fit_s, kp.refit_s);
  printf("valid\n");
  gs_search_free(s);
  gs_config_free(cfg);
  return GS_EXIT_OK;
}

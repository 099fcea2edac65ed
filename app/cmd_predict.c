/* cmd_predict.c: `gridsearch predict MODEL DATA`: labels (and decision
 * values) for every row of DATA from a model a search wrote, as CSV; with a
 * label column, also the classification report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gridsearch/metrics.h"
#include "gridsearch/model.h"

static const gs_cli_option_t predict_opts[] = {{"out", 1}, {"decision", 0}, {"format", 1}, {"help", 0}, {NULL, 0}};

static void predict_usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch predict MODEL DATA [--out FILE] [--decision] [--format csv|libsvm]\n"
          "  Predicts every row of DATA with MODEL: a model file a search wrote (model_<c>.model,\n"
          "  any LIBSVM C-SVC model file) or a results folder (its primary model, the best for\n"
          "  the first scorer). Writes CSV: a header, then per row the label and, with\n"
          "  --decision, the decision values (two classes: one, positive for the second class;\n"
          "  more: one-vs-one values for the class pairs (0,1), (0,2), ..., (1,2), ...).\n"
          "  A CSV row of the model's feature count has no label; one more cell is an integer\n"
          "  label. A LIBSVM row has a label unless its first item is index:value. With\n"
          "  labels, the classification report follows (on stderr when the predictions go to\n"
          "  stdout).\n"
          "  --out FILE         write the predictions to FILE instead of stdout\n"
          "  --decision         add the decision values\n"
          "  --format F         DATA's format: csv or libsvm (default: the training data's)\n"
          "exit status: 0 done, 1 failed, 2 bad input\n");
}

static void print_error(const gs_error_t *err) {
  char buf[2048];
  fprintf(stderr, "gridsearch: %s\n", gs_error_format(err, buf, sizeof buf));
}

/* The CSV header: label, then the decision columns. */
static void header(FILE *out, const gs_model_t *m, int decision) {
  const long *lab;
  size_t k = gs_model_classes(m, &lab);
  fprintf(out, "label");
  if (decision && k == 2) fprintf(out, ",decision");
  for (size_t a = 0; decision && k > 2 && a < k; a++)
    for (size_t b = a + 1; b < k; b++) fprintf(out, ",ovo_%ld_%ld", lab[a], lab[b]);
  fprintf(out, "\n");
}

static int write_predictions(FILE *out, const gs_model_t *m, const gs_model_rows_t *rows, int decision, long *pred) {
  size_t nd = gs_model_n_decision(m);
  double *dec = malloc(nd * sizeof *dec);
  if (!dec) return GS_ENOMEM;
  header(out, m, decision);
  for (size_t i = 0; i < rows->n; i++) {
    pred[i] = gs_model_predict_row(m, rows, i, decision ? dec : NULL);
    fprintf(out, "%ld", pred[i]);
    for (size_t j = 0; decision && j < nd; j++) fprintf(out, ",%.17g", dec[j]);
    fputc('\n', out);
  }
  free(dec);
  return GS_OK;
}

int gs_cmd_predict(int argc, char **argv) {
  gs_cli_t cli;
  const char *v, *out_path = NULL, *format = NULL;
  int k, decision = 0;
  gs_cli_init(&cli, "predict", argc, argv, predict_opts);
  while ((k = gs_cli_next(&cli, &v)) >= 0) {
    switch (k) {
    case 0: out_path = v; break;
    case 1: decision = 1; break;
    case 2:
      if (strcmp(v, "csv") && strcmp(v, "libsvm")) {
        fprintf(stderr, "gridsearch predict: --format must be csv or libsvm, not \"%s\"\n", gs_cli_esc(v));
        return GS_EXIT_USAGE;
      }
      format = v;
      break;
    case 3: predict_usage(stdout); return GS_EXIT_OK;
    }
  }
  if (k == -2) return GS_EXIT_USAGE;
  if (gs_cli_arity(&cli, 2, "MODEL DATA")) return GS_EXIT_USAGE;
  if (out_path && !*out_path) {
    fprintf(stderr, "gridsearch predict: --out needs a file name\n");
    return GS_EXIT_USAGE;
  }
  gs_error_t err;
  gs_error_clear(&err);
  gs_model_t *m = NULL;
  gs_model_rows_t rows = {0};
  long *pred = NULL;
  FILE *out = NULL;
  int status = GS_EXIT_USAGE, rc;
  if ((rc = gs_model_open(&m, cli.pos[0], &err))) goto fail;
  gs_format_t fmt = format ? (!strcmp(format, "libsvm") ? GS_FORMAT_LIBSVM : GS_FORMAT_CSV) : gs_model_format(m);
  if ((rc = gs_model_read_rows(&rows, cli.pos[1], fmt, gs_model_n_features(m, NULL), &err))) goto fail;
  status = GS_EXIT_FAIL;
  if (!(pred = malloc(rows.n * sizeof *pred))) { rc = gs_error_set(&err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
  out = out_path ? fopen(out_path, "w") : stdout;
  if (!out) { rc = gs_error_set(&err, GS_EIO, out_path, 0, 0, "cannot create the file"); goto fail; }
  if ((rc = write_predictions(out, m, &rows, decision, pred))) { gs_error_set(&err, rc, NULL, 0, 0, "out of memory"); goto fail; }
  if (out != stdout ? fclose(out) != 0 : fflush(out) != 0) {
    out = NULL;
    rc = gs_error_set(&err, GS_EIO, out_path ? out_path : "stdout", 0, 0, "write error");
    goto fail;
  }
  out = NULL;
  if (rows.y) {
    char *report = gs_metrics_report(rows.y, pred, rows.n);
    if (!report) { rc = gs_error_set(&err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    fputs(report, out_path ? stdout : stderr);
    free(report);
  }
  status = GS_EXIT_OK;
fail:
  if (out && out != stdout) fclose(out);
  if (rc) print_error(&err);
  if (rc == GS_ENOMEM) status = GS_EXIT_FAIL;
  free(pred);
  gs_model_rows_free(&rows);
  gs_model_free(m);
  return status;
}

/* libsvm_stderr [--quiet]: LIBSVM's direct stderr writes under the app's
 * router (app/applog.c), as gridsearch installs it: trains twice with a
 * class weight for a label the data lacks (svm.cpp writes "WARNING: class
 * label 7 specified in weight is not found" with fprintf(stderr), not through
 * its print hook), writes svm.cpp's max-iterations warning as svm.cpp does
 * (the same fprintf(stderr) text), then a line of the app's own. test_log.sh
 * checks what reaches fd 2. */
#include <stdio.h>
#include <string.h>
#include <svm.h>

#include "applog.h"

int main(int argc, char **argv) {
  gs_applog_install();
  if (argc > 1 && !strcmp(argv[1], "--quiet")) gs_applog_quiet();
  struct svm_node x[4][2] = {{{1, 0.0}, {-1, 0}}, {{1, 1.0}, {-1, 0}}, {{1, 2.0}, {-1, 0}}, {{1, 3.0}, {-1, 0}}};
  struct svm_node *rows[4] = {x[0], x[1], x[2], x[3]};
  double y[4] = {1, 1, 2, 2};
  struct svm_problem prob = {4, y, rows};
  int wl[1] = {7};
  double w[1] = {2.0};
  struct svm_parameter par;
  memset(&par, 0, sizeof par);
  par.svm_type = C_SVC;
  par.kernel_type = LINEAR;
  par.C = 1;
  par.eps = 1e-3;
  par.cache_size = 10;
  par.shrinking = 1;
  par.nr_weight = 1;
  par.weight_label = wl;
  par.weight = w;
  for (int i = 0; i < 2; i++) {
    struct svm_model *m = svm_train(&prob, &par);
    if (!m) return 1;
    svm_free_and_destroy_model(&m);
  }
  fprintf(stderr, "\nWARNING: reaching max number of iterations\n");
  fprintf(stderr, "gridsearch: the app's own line, %d\n", 42);
  return 0;
}

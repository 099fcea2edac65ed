/* svc_impl.h: the pieces of svc.c that its other fit route, svc_pairs.c,
 * shares (private to lib/): LIBSVM's setup, the label sort, the kernel
 * formulas and the way a fitted model's predictions, decision values and
 * model text are read out. */
#ifndef GS_SVC_IMPL_H
#define GS_SVC_IMPL_H

#include <math.h>
#include <stddef.h>
#include <svm.h>

#include "gridsearch/config.h"
#include "gridsearch/svc.h"

/* Silences LIBSVM's output (once per process; thread-safe). */
void gs__svc_init(void);

/* LIBSVM's powi, so poly kernels round as LIBSVM's do. */
double gs__svc_powi(double base, int times);

/* The kernel value of two rows from their dot product and squared norms,
 * as LIBSVM's Kernel computes it (the same operations in the same order:
 * x_square[i] + x_square[j] - 2 dot for rbf). */
static inline double gs__svc_kernel(const gs_svc_params_t *p, double dot, double sa, double sb) {
  switch (p->kernel) {
  case GS_KERNEL_LINEAR: return dot;
  case GS_KERNEL_POLY: return gs__svc_powi(p->gamma * dot + p->coef0, p->degree);
  case GS_KERNEL_RBF: return exp(-p->gamma * (sa + sb - 2 * dot));
  default: return tanh(p->gamma * dot + p->coef0);
  }
}

/* Sorts ord[0..n) by y[ord[i]], stably, through tmp (n entries). */
void gs__svc_sort_by_label(size_t *ord, size_t *tmp, size_t n, const long *y);

/* LIBSVM's parameters from p; *wl allocated when class weights are given
 * (caller frees). GS_ENOMEM. */
int gs__svc_fill_param(struct svm_parameter *par, const gs_svc_params_t *p, int kernel_type, int minus_one, int **wl);

/* Test row t (nodes x) of model m: its label into pred[t], and its
 * decision value into ex->dec[t] when ex asks. */
void gs__svc_extra_row(gs_svc_extra_t *ex, const struct svm_model *m, const struct svm_node *x, size_t t, int m1,
                       long *pred);

/* m's model-file text into ex (when ex asks), support vectors as d's rows
 * order[sv_indices - 1]. */
void gs__svc_extra_model(gs_svc_extra_t *ex, const struct svm_model *m, const gs_svc_params_t *p, const gs_svc_data_t *d,
                         const size_t *order, int m1);

#endif

/* params.h: the estimator's parameters, one X-macro table: the grid key's
 * name (as scikit-learn spells the SVC's parameter, or the Pipeline's step),
 * the name scikit-learn's Pipeline gives it (what ParameterGrid sorts), its
 * value type, its default as scikit-learn's repr, and whether it changes the
 * kernel matrix. Every name table, the enum and the sorted key order come
 * from this table; adding a parameter is one row (and its parsing in
 * config.c, its use in the estimator). */
#ifndef GRIDSEARCH_PARAMS_H
#define GRIDSEARCH_PARAMS_H

#include <stddef.h>

typedef enum {
  GS_PT_STEP,    /* a preprocessing step (transform.h) or None */
  GS_PT_POSITIVE, /* a positive finite number */
  GS_PT_NUMBER,  /* a finite number */
  GS_PT_INT,     /* an integer */
  GS_PT_GAMMA,   /* a positive number, "scale" or "auto" */
  GS_PT_WEIGHTS, /* "balanced", None or {label: weight} */
  GS_PT_KERNEL   /* "linear", "poly", "rbf" or "sigmoid" */
} gs_param_type_t;

/* X(id, name, pipeline name, type, default repr, changes the kernel) */
#define GS_PARAM_MAP(X)                                                \
  X(SCALER, "scaler", "scaler", GS_PT_STEP, "None", 0)                 \
  X(C, "C", "svc__C", GS_PT_POSITIVE, "1.0", 0)                        \
  X(CLASS_WEIGHT, "class_weight", "svc__class_weight", GS_PT_WEIGHTS, "None", 0) \
  X(COEF0, "coef0", "svc__coef0", GS_PT_NUMBER, "0.0", 1)              \
  X(DEGREE, "degree", "svc__degree", GS_PT_INT, "3", 1)                \
  X(GAMMA, "gamma", "svc__gamma", GS_PT_GAMMA, "'scale'", 1)           \
  X(KERNEL, "kernel", "svc__kernel", GS_PT_KERNEL, "'rbf'", 1)

/* Grid keys, one per row (their order is the table's, not Python's sorted
 * order: that is gs_params_sorted's). */
#define GS__P_ENUM(id, name, pname, type, def, kernel) GS_P_##id,
typedef enum { GS_PARAM_MAP(GS__P_ENUM) GS_P_COUNT } gs_param_key_t;
#undef GS__P_ENUM

typedef struct {
  const char *name;          /* "C": the config's key, cv_results_' param_C */
  const char *pipeline_name; /* "svc__C": scikit-learn's name inside the Pipeline */
  gs_param_type_t type;
  const char *default_repr;  /* scikit-learn's default, as repr() prints it */
  int kernel;                /* changes the kernel matrix */
} gs_param_info_t;

/* The row of key k (0 <= k < GS_P_COUNT), or NULL. */
const gs_param_info_t *gs_param_info(int k);

/* The key's name ("?" for no key). */
const char *gs_param_name(int k);

/* The key named name (config spelling), or -1. */
int gs_param_find(const char *name);

/* Every key into order (GS_P_COUNT entries), in the order Python's sorted()
 * puts the names scikit-learn's ParameterGrid sorts (the Pipeline's:
 * "scaler" < "svc__C" < ...), computed from the names: order[i] is the
 * i-th key. */
void gs_params_sorted(int order[GS_P_COUNT]);

#endif

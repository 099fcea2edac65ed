/* config.h: a search configuration read from JSON (comments allowed), checked
 * key by key, with every error naming file:line:column and the key path. */
#ifndef GRIDSEARCH_CONFIG_H
#define GRIDSEARCH_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/dataset.h"
#include "gridsearch/error.h"
#include "gridsearch/halving.h"
#include "gridsearch/params.h" /* the grid keys, GS_P_* */
#include "gridsearch/transform.h"

typedef enum { GS_KERNEL_LINEAR, GS_KERNEL_POLY, GS_KERNEL_RBF, GS_KERNEL_SIGMOID } gs_kernel_t;

/* A grid value as written in the config, kept so it prints as Python would. */
typedef enum { GS_VAL_NONE, GS_VAL_INT, GS_VAL_FLOAT, GS_VAL_STR, GS_VAL_WEIGHTS, GS_VAL_TRANSFORM } gs_vtype_t;

typedef struct {
  long label;
  double weight;
  int is_int;          /* written as an integer literal */
} gs_weight_t;

typedef struct {
  gs_vtype_t type;
  double num;          /* GS_VAL_INT, GS_VAL_FLOAT */
  char str[16];        /* GS_VAL_STR: kernel name, "scale", "auto", "balanced" */
  gs_kernel_t kernel;  /* a kernel's value (GS_VAL_STR): its enum, set where it
                        * is parsed (str keeps the name, for printing) */
  size_t n_weights;    /* GS_VAL_WEIGHTS: class_weight dict, in written order */
  gs_weight_t *weights;
  gs_transform_spec_t tf;  /* GS_VAL_TRANSFORM: a "scaler" step (never GS_TF_NONE: None is GS_VAL_NONE) */
} gs_value_t;

/* A scipy.stats distribution a randomized search draws a value from. */
typedef enum {
  GS_DIST_NONE,        /* the key takes a list of values (or is absent) */
  GS_DIST_LOGUNIFORM,  /* loguniform(a, b): a * np.power(b / a, u) */
  GS_DIST_UNIFORM,     /* uniform(loc = a, scale = b): u * b + a */
  GS_DIST_EXPON,       /* expon(scale = b): -log(1 - u) * b + 0.0 */
  GS_DIST_RANDINT      /* randint(a, b): RandomState.randint(a, b), an int */
} gs_dist_kind_t;

typedef struct {
  gs_dist_kind_t kind;
  double a, b;
} gs_dist_t;

/* One dict of param_grid: a list of values per key (n[k] == 0: key absent),
 * or, in a randomized search, a distribution (dist[k].kind != GS_DIST_NONE,
 * n[k] == 0). */
typedef struct {
  size_t n[GS_P_COUNT];
  gs_value_t *values[GS_P_COUNT];
  gs_dist_t dist[GS_P_COUNT];
} gs_subgrid_t;

/* The search strategy: every candidate of the grid, n_iter sampled ones
 * (RandomizedSearchCV's ParameterSampler, sampler.h), or successive halving
 * (halving.h) over the grid or over sampled candidates. */
typedef enum { GS_STRATEGY_GRID, GS_STRATEGY_RANDOM, GS_STRATEGY_HALVING } gs_strategy_t;

typedef enum { GS_SCORE_NAN, GS_SCORE_RAISE, GS_SCORE_VALUE } gs_error_score_kind_t;

#define GS_MAX_SCORERS 16

typedef struct {
  char *file;                 /* the config's path as given */
  char *name;                 /* results/<name>/ */
  /* dataset */
  char *data_path;            /* resolved path */
  gs_format_t data_format;
  int data_is_digits;
  /* held-out split */
  int test_is_count;
  double test_fraction;
  long test_count;
  uint32_t random_state;
  int stratify;
  /* cross-validation */
  int n_splits;
  int cv_shuffle;
  uint32_t cv_random_state;
  /* scorers, as indexes into gs_scorer_names (metrics.h) */
  size_t n_scorers;
  int scorers[GS_MAX_SCORERS];
  /* strategy: "search" */
  gs_strategy_t strategy;
  size_t n_iter;              /* random: candidates sampled (default 10) */
  uint32_t search_random_state; /* random, halving: the sampler's and the subsamples' seed (default 0) */
  gs_halving_spec_t halving;  /* halving: factor, min/max_resources, ... */
  int halving_random;         /* halving over param_distributions (HalvingRandomSearchCV) */
  /* grid (param_grid or param_distributions) */
  size_t n_subgrids;
  gs_subgrid_t *subgrids;
  /* SVC settings shared by every candidate */
  double tol;
  double cache_size;
  int shrinking;
  /* failure policy and resources */
  gs_error_score_kind_t error_score;
  double error_score_value;
  double memory_limit_mb;     /* 0: decide from the machine */
  /* "preprocessing": the Pipeline step fitted inside every fold and for the
   * refit, for candidates whose grid has no "scaler" key (GS_TF_NONE: none) */
  gs_transform_spec_t preprocessing;
  /* GridSearchCV's return_train_score and refit */
  int return_train_score;     /* also score each fold's training rows */
  int refit_scorer;           /* "refit": "<scorer>": its place in scorers[]; -1
                               * (true, the default): one refit per scorer */
  /* where each top-level key stands in the file (line, column; 0 if absent),
   * for errors found later, against the data */
  long where[24][2];
} gs_config_t;

/* The line and column of top-level key in cfg's file (0, 0 when absent). */
void gs_config_where(const gs_config_t *cfg, const char *key, long *line, long *column);

/* Checks a results folder given on the command line (--out): each
 * component at most NAME_MAX bytes, and the whole short enough (PATH_MAX
 * less room for the file names written inside) to be used as it is.
 * GS_EUSAGE with the message naming option (e.g. "--out") otherwise. */
int gs_config_check_out(const char *dir, const char *option, gs_error_t *err);

/* Reads and checks the config file at path (a regular file: a FIFO or device
 * is refused at once, GS_EIO). The dataset path is resolved
 * against the config's folder ("digits" = the built-in set). On success *out
 * is a new config the caller frees with gs_config_free; on failure *out is
 * NULL and err names the place (GS_EIO, GS_EPARSE or GS_ECONFIG). */
int gs_config_load(gs_config_t **out, const char *path, gs_error_t *err);

/* The same from an in-memory buffer of len bytes (need not be
 * NUL-terminated); file names the source in messages and anchors relative
 * dataset paths. */
int gs_config_parse(gs_config_t **out, const char *file, const char *buf,
                    size_t len, gs_error_t *err);

/* What the caller adds to a reading (the library reads no environment):
 * data_dir, a folder searched first for the built-in "digits" set (the app
 * passes $GRIDSEARCH_DATA), and data_dir_name, what messages call it
 * ("GRIDSEARCH_DATA"; NULL: "the data folder"). NULL opts, or a NULL or
 * empty data_dir: only the build's and the installed data folders. */
typedef struct {
  const char *data_dir;
  const char *data_dir_name;
} gs_config_opts_t;

/* gs_config_load and gs_config_parse with opts. */
int gs_config_load_ex(gs_config_t **out, const char *path, const gs_config_opts_t *opts, gs_error_t *err);
int gs_config_parse_ex(gs_config_t **out, const char *file, const char *buf, size_t len, const gs_config_opts_t *opts,
                       gs_error_t *err);

/* Frees cfg; accepts NULL. */
void gs_config_free(gs_config_t *cfg);

/* Largest config file accepted. */
#define GS_CONFIG_MAX_BYTES (16u << 20)

#endif

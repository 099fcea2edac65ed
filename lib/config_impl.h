/* config_impl.h: the config reader's shared parts, private to its files:
 * config.c (the top level, the dataset, cv, scoring and refit keys, and
 * the helpers below), config_grid.c (param_grid / param_distributions: the
 * values, distributions and preprocessing steps) and config_search.c (the
 * "search" object: strategy, n_iter, the halving keys). */
#ifndef GRIDSEARCH_CONFIG_IMPL_H
#define GRIDSEARCH_CONFIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "gridsearch/config.h"
#include "jsonsrc.h"

/* One reading: the source (for places), the config filled in, the error. */
typedef struct {
  const gs__jsrc_t *src;
  gs_config_t *cfg;
  gs_error_t *err;
  int halving_min_given;  /* "search.min_resources" written (its default depends on the grid's kind) */
  gs_config_opts_t opts;  /* the caller's (the data folder) */
} gs__cfg_ctx_t;

/* Whether the candidates are sampled (RandomizedSearchCV, HalvingRandomSearchCV):
 * values may then be distributions. */
int gs__cfg_samples(const gs_config_t *cfg);

/* Report an error at node, or at its key (line:column), with the key path
 * (GS_ECONFIG, returned). */
int gs__cfg_fail_at(gs__cfg_ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int gs__cfg_fail_at_key(gs__cfg_ctx_t *c, const cJSON *node, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "a number", "a string", ... for messages. */
const char *gs__cfg_type_name(const cJSON *n);

/* options joined with ", " into buf (n bytes). */
void gs__cfg_join_options(const char *const *options, char *buf, size_t n);

/* Rejects keys of obj not in allowed (NULL-ended), with a did-you-mean. */
int gs__cfg_check_keys(gs__cfg_ctx_t *c, const cJSON *obj, const char *path, const char *const *allowed);

/* Whether n was written as an integer literal (no point, no exponent). */
int gs__cfg_is_int_literal(gs__cfg_ctx_t *c, const cJSON *n);

/* A boolean; a positive finite number; a seed in [0, 2**32 - 1] (integer literal). */
int gs__cfg_get_bool(gs__cfg_ctx_t *c, const cJSON *n, const char *path, int *out);
int gs__cfg_get_positive(gs__cfg_ctx_t *c, const cJSON *n, const char *path, double *out);
int gs__cfg_get_seed(gs__cfg_ctx_t *c, const cJSON *n, const char *path, uint32_t *out);

/* config_grid.c: a preprocessing step at n (null, a name, or {name:
 * {settings}}) into *t; the grid (or distributions) under key name. */
int gs__cfg_parse_step(gs__cfg_ctx_t *c, const cJSON *n, const char *path, gs_transform_spec_t *t);
int gs__cfg_parse_grid(gs__cfg_ctx_t *c, const cJSON *n, const char *name);

/* config_search.c: the "search" object (n may be NULL: a grid search); the
 * halving checks that need the whole config (after the grid and scoring). */
int gs__cfg_parse_search(gs__cfg_ctx_t *c, const cJSON *n);
int gs__cfg_check_halving(gs__cfg_ctx_t *c, const cJSON *root);

#endif

/* grid.h: the candidates of a param_grid, in ParameterGrid's order (sub-grids
 * in list order, keys sorted, the last key varying fastest), and their
 * spellings as Python dict repr, JSON and CSV cells. */
#ifndef GRIDSEARCH_GRID_H
#define GRIDSEARCH_GRID_H

#include <stddef.h>

#include "gridsearch/config.h"

typedef struct {
  const gs_value_t *v[GS_P_COUNT];  /* NULL: key not in this candidate */
  size_t subgrid;
  /* the dict's keys run in reverse sorted order: ParameterGrid[i] (a
   * randomized search over lists) builds it so; its repr and the param_<key>
   * columns follow, json.dumps(sort_keys=True) does not */
  int reversed;
} gs_candidate_t;

typedef struct {
  size_t n;
  gs_candidate_t *cand;
  /* keys in order of first appearance (cv_results_' param_<key> columns) */
  size_t n_keys;
  int keys[GS_P_COUNT];
  /* values drawn by a randomized search (sampler.h), owned; NULL for a grid */
  gs_value_t *drawn;
} gs_grid_t;

/* Expands cfg's grid into *grid (free with gs_grid_free). Fails with
 * GS_ECONFIG when the grid has more than max_candidates candidates. */
int gs_grid_expand(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err);

void gs_grid_free(gs_grid_t *grid);

/* Fills grid->keys / n_keys from grid->cand (first appearance, keys sorted
 * within a candidate), as gs_grid_expand does. */
void gs_grid_index_keys(gs_grid_t *grid);

/* The name of grid key k ("C", "class_weight", ...). */
const char *gs_grid_key_name(int k);

/* Python repr of the candidate's params dict:
 * {'C': 10, 'gamma': 0.001, 'kernel': 'rbf'}. Returns buf. */
char *gs_grid_repr(const gs_candidate_t *c, char *buf, size_t n);

/* json.dumps(params, sort_keys=True): {"C": 10, "gamma": 0.001, ...}. */
char *gs_grid_json(const gs_candidate_t *c, char *buf, size_t n);

/* Python str() of one value, as a CSV cell ("" for None). */
char *gs_value_str(const gs_value_t *v, char *buf, size_t n);

/* Python repr() of one value ('rbf' quoted, None). */
char *gs_value_repr(const gs_value_t *v, char *buf, size_t n);

#endif

/* grid.h: the candidates of a param_grid, in ParameterGrid's order (sub-grids
 * in list order, keys sorted, the last key varying fastest), and their
 * spellings as Python dict repr, JSON and CSV cells. */
#ifndef GRIDSEARCH_GRID_H
#define GRIDSEARCH_GRID_H

#include <stddef.h>

#include "gridsearch/config.h"

/* at[k] of a candidate whose key k is absent or drawn from a distribution */
#define GS_GRID_NO_INDEX ((size_t)-1)

/* One sub-grid's lists of values, copied from the config when the grid is
 * made: the grid's own (class_weight dicts deep-copied), so candidates stay
 * valid after the config is freed. */
typedef struct {
  size_t n[GS_P_COUNT];           /* values in key k's list (0: absent, or drawn) */
  gs_value_t *values[GS_P_COUNT]; /* key k's list, in written order */
} gs_grid_list_t;

typedef struct {
  /* NULL: key not in this candidate; else into its grid's own storage
   * (gs_grid_t's lists or drawn), never into the config */
  const gs_value_t *v[GS_P_COUNT];
  /* v[k]'s index in its sub-grid's list of key k (lists[subgrid].values[k]),
   * GS_GRID_NO_INDEX when v[k] is NULL or was drawn */
  size_t at[GS_P_COUNT];
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
  /* the config's sub-grids' lists, copied: what candidates point into and
   * what charts draw their axes from */
  size_t n_subgrids;
  gs_grid_list_t *lists;
  /* values drawn by a randomized search (sampler.h); NULL for a grid */
  gs_value_t *drawn;
  /* 1: lists and drawn belong to another grid (gs_grid_view) */
  int borrowed;
} gs_grid_t;

/* Expands cfg's grid into *grid (free with gs_grid_free). The grid owns
 * copies of every value its candidates hold: cfg may be freed first. Fails
 * with GS_ECONFIG when the grid has more than max_candidates candidates, or
 * GS_ENOMEM; *grid is then empty (gs_grid_free is still safe). */
int gs_grid_expand(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err);

/* Makes *view a grid of n zeroed candidates, for the caller to fill with
 * copies of base's, with base's keys, lists and drawn values, borrowed: the
 * view is valid while base lives, and gs_grid_free(view) frees only its
 * candidate array. GS_ENOMEM leaves *view empty. */
int gs_grid_view(gs_grid_t *view, const gs_grid_t *base, size_t n);

/* Frees what grid owns (its candidates, and its lists and drawn values
 * unless borrowed) and empties it; accepts NULL. */
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

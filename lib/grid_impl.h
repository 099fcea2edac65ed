/* grid_impl.h (private): what the candidate producers (grid.c, sampler.c)
 * share: the grid's own copy of the config's lists, and candidates that
 * point into it. */
#ifndef GS_GRID_IMPL_H
#define GS_GRID_IMPL_H

#include "gridsearch/grid.h"

/* Copies cfg's sub-grids' lists into grid->lists (n_subgrids of them), deep
 * (class_weight dicts too). GS_ENOMEM leaves what was copied for
 * gs_grid_free. */
int gs__grid_copy_lists(gs_grid_t *grid, const gs_config_t *cfg);

/* Clears c to a candidate of sub-grid g with no keys. */
void gs__grid_cand_init(gs_candidate_t *c, size_t g);

/* Gives c the i-th value of key k's list in its sub-grid (i < that list's
 * length), in grid's storage. */
void gs__grid_cand_take(gs_candidate_t *c, const gs_grid_t *grid, int k, size_t i);

#endif

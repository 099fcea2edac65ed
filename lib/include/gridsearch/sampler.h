/* sampler.h: the candidates of a randomized search, as scikit-learn 1.2's
 * ParameterSampler (RandomizedSearchCV) draws them from RandomState(seed):
 * when every value is a list, n_iter distinct grid points chosen by
 * sample_without_replacement (tracking selection for n/N <= 0.01, a
 * permutation for 0.01 < n/N < 0.99, reservoir sampling above); otherwise
 * n_iter independent draws (a dict chosen by randint, then each key in sorted
 * order: a list element by randint, a distribution by scipy 1.10's rvs). */
#ifndef GRIDSEARCH_SAMPLER_H
#define GRIDSEARCH_SAMPLER_H

#include <stddef.h>

#include "gridsearch/config.h"
#include "gridsearch/error.h"
#include "gridsearch/grid.h"
#include "gridsearch/rng.h"

/* Samples cfg->n_iter candidates (fewer when the lists have fewer grid
 * points, as scikit-learn does after its warning) with seed
 * cfg->search_random_state into *grid (free with gs_grid_free; drawn values
 * are owned by grid->drawn, copies of listed ones by grid->lists: cfg may be
 * freed first). Fails with GS_ECONFIG when more than
 * max_candidates would be sampled, GS_ENOMEM when out of memory. */
int gs_sampler_sample(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err);

/* sample_without_replacement(n_population, n_samples, random_state=rng) with
 * method "auto" into out[0..n_samples) (n_samples <= n_population). Returns
 * GS_OK or GS_ENOMEM. */
int gs_sampler_without_replacement(gs_rng_t *rng, size_t n_population, size_t n_samples, size_t *out);

/* One draw of d from rng as scipy 1.10's d.rvs(random_state=rng) makes it;
 * randint gives an integer-valued GS_VAL_INT, the others GS_VAL_FLOAT. */
gs_value_t gs_sampler_draw(gs_rng_t *rng, const gs_dist_t *d);

#endif

/* sampler.c: ParameterSampler (scikit-learn 1.2.1, model_selection/_search.py
 * 293-325), sample_without_replacement (utils/_random.pyx) and the rvs of
 * scipy 1.10's loguniform, uniform, expon and randint, on numpy's legacy
 * RandomState (rng.c). */
#include "gridsearch/sampler.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/npmath.h"
#include "grid_impl.h"

/* tracking selection: rng.randint(N), redrawn while already selected; the
 * selected set is an open-addressing hash table */
static int tracking_selection(gs_rng_t *rng, size_t n_pop, size_t n, size_t *out) {
  size_t cap = 16;
  while (cap < 2 * n + 2) cap *= 2;
  size_t *slot = malloc(cap * sizeof *slot);
  if (!slot) return GS_ENOMEM;
  for (size_t i = 0; i < cap; i++) slot[i] = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    for (;;) {
      size_t j = (size_t)gs_rng_randint(rng, 0, (long long)n_pop);
      size_t h = (j * 0x9e3779b97f4a7c15ull) & (cap - 1);
      while (slot[h] != SIZE_MAX && slot[h] != j) h = (h + 1) & (cap - 1);
      if (slot[h] == j) continue;
      slot[h] = j;
      out[i] = j;
      break;
    }
  }
  free(slot);
  return GS_OK;
}

int gs_sampler_without_replacement(gs_rng_t *rng, size_t n_pop, size_t n, size_t *out) {
  double ratio = n_pop ? (double)n / (double)n_pop : 1.0;
  if (ratio > 0.01 && ratio < 0.99) {
    size_t *perm = malloc((n_pop ? n_pop : 1) * sizeof *perm);
    if (!perm) return GS_ENOMEM;
    gs_rng_permutation(rng, perm, n_pop);
    memcpy(out, perm, n * sizeof *out);
    free(perm);
    return GS_OK;
  }
  if (ratio < 0.2) return tracking_selection(rng, n_pop, n, out);
  /* reservoir sampling */
  for (size_t i = 0; i < n; i++) out[i] = i;
  for (size_t i = n; i < n_pop; i++) {
    size_t j = (size_t)gs_rng_randint(rng, 0, (long long)i + 1);
    if (j < n) out[j] = i;
  }
  return GS_OK;
}

gs_value_t gs_sampler_draw(gs_rng_t *rng, const gs_dist_t *d) {
  gs_value_t v = {.type = GS_VAL_FLOAT};
  /* volatile: each product and sum rounded on its own, as numpy's ufuncs
   * do, even where the compiler could fuse them into an FMA */
  volatile double t;
  switch (d->kind) {
  case GS_DIST_LOGUNIFORM: /* reciprocal_gen._ppf: a * pow(b * 1.0 / a, q) */
    t = gs_rng_random_sample(rng);
    v.num = d->a * gs_np_power(d->b / d->a, t);
    break;
  case GS_DIST_UNIFORM: /* uniform(0, 1) * scale + loc */
    t = gs_rng_random_sample(rng) * d->b;
    v.num = t + d->a;
    break;
  case GS_DIST_EXPON: /* standard_exponential() * scale + 0.0 */
    t = gs_rng_standard_exponential(rng) * d->b;
    v.num = t + 0.0;
    break;
  case GS_DIST_RANDINT:
    v.type = GS_VAL_INT;
    v.num = (double)gs_rng_randint(rng, (long long)d->a, (long long)d->b);
    break;
  default:
    break;
  }
  return v;
}

static int all_lists(const gs_config_t *cfg) {
  for (size_t g = 0; g < cfg->n_subgrids; g++)
    for (int k = 0; k < GS_P_COUNT; k++)
      if (cfg->subgrids[g].dist[k].kind != GS_DIST_NONE) return 0;
  return 1;
}

/* ParameterGrid's size per sub-grid, saturating at SIZE_MAX. */
static size_t subgrid_size(const gs_grid_list_t *sg) {
  size_t m = 1;
  for (int k = 0; k < GS_P_COUNT; k++)
    if (sg->n[k]) m = m > SIZE_MAX / sg->n[k] ? SIZE_MAX : m * sg->n[k];
  return m;
}

/* ParameterGrid[ind]: mixed radix over the reversed sorted keys, in the
 * grid's lists. */
static void grid_point(const gs_grid_t *grid, size_t ind, gs_candidate_t *c) {
  gs__grid_cand_init(c, 0);
  for (size_t g = 0; g < grid->n_subgrids; g++) {
    const gs_grid_list_t *sg = &grid->lists[g];
    size_t m = subgrid_size(sg);
    if (ind >= m) { ind -= m; continue; }
    c->subgrid = g;
    c->reversed = 1;
    int order[GS_P_COUNT];
    gs_params_sorted(order);
    for (int i = GS_P_COUNT - 1; i >= 0; i--) {
      int k = order[i];
      if (!sg->n[k]) continue;
      gs__grid_cand_take(c, grid, k, ind % sg->n[k]);
      ind /= sg->n[k];
    }
    return;
  }
}

static int sample_grid_points(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err) {
  size_t total = 0;
  for (size_t g = 0; g < grid->n_subgrids; g++) {
    size_t m = subgrid_size(&grid->lists[g]);
    total = total > SIZE_MAX - m ? SIZE_MAX : total + m;
  }
  if (total > ((size_t)1 << 53)) return gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "param_distributions has more than 2**53 grid points");
  size_t n = cfg->n_iter < total ? cfg->n_iter : total;
  if (n > max_candidates) return gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "n_iter is more than %zu candidates", max_candidates);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  grid->cand = calloc(n ? n : 1, sizeof *grid->cand);
  gs_rng_t rng;
  gs_rng_seed(&rng, cfg->search_random_state);
  int rc = !idx || !grid->cand ? GS_ENOMEM : gs_sampler_without_replacement(&rng, total, n, idx);
  if (rc) {
    free(idx);
    return gs_error_set(err, rc, NULL, 0, 0, "out of memory");
  }
  for (size_t i = 0; i < n; i++) grid_point(grid, idx[i], &grid->cand[i]);
  grid->n = n;
  free(idx);
  return GS_OK;
}

static int sample_draws(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err) {
  size_t n = cfg->n_iter;
  if (n > max_candidates) return gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "n_iter is more than %zu candidates", max_candidates);
  grid->cand = calloc(n, sizeof *grid->cand);
  grid->drawn = calloc(n * GS_P_COUNT, sizeof *grid->drawn);
  if (!grid->cand || !grid->drawn) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  gs_rng_t rng;
  gs_rng_seed(&rng, cfg->search_random_state);
  int order[GS_P_COUNT];
  gs_params_sorted(order);
  for (size_t i = 0; i < n; i++) {
    gs_candidate_t *c = &grid->cand[i];
    /* rng.choice(param_distributions): randint(0, len), no draw for one */
    size_t g = (size_t)gs_rng_randint(&rng, 0, (long long)cfg->n_subgrids);
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    gs__grid_cand_init(c, g);
    for (int j = 0; j < GS_P_COUNT; j++) { /* sorted(dist.items()) */
      int k = order[j];
      if (sg->dist[k].kind != GS_DIST_NONE) {
        gs_value_t *v = &grid->drawn[i * GS_P_COUNT + (size_t)k];
        *v = gs_sampler_draw(&rng, &sg->dist[k]);
        c->v[k] = v;
      } else if (sg->n[k]) {
        gs__grid_cand_take(c, grid, k, (size_t)gs_rng_randint(&rng, 0, (long long)sg->n[k]));
      }
    }
  }
  grid->n = n;
  return GS_OK;
}

int gs_sampler_sample(gs_grid_t *grid, const gs_config_t *cfg, size_t max_candidates, gs_error_t *err) {
  memset(grid, 0, sizeof *grid);
  if (gs__grid_copy_lists(grid, cfg)) {
    gs_grid_free(grid);
    return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory");
  }
  int rc = all_lists(cfg) ? sample_grid_points(grid, cfg, max_candidates, err) : sample_draws(grid, cfg, max_candidates, err);
  if (rc) {
    gs_grid_free(grid);
    return rc;
  }
  gs_grid_index_keys(grid);
  return GS_OK;
}

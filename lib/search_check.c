/* search_check.c: the config against the data set it names: what
 * scikit-learn 1.2 would refuse on this data, refused before any fit, at
 * its place in the config. */

#include <stdio.h>

#include "gridsearch/metrics.h"
#include "search_impl.h"

/* Why scikit-learn 1.2.1 refuses step t on sparse input, or NULL. */
static const char *sparse_refusal(const gs_transform_spec_t *t) {
  if (t->kind == GS_TF_STANDARD && t->with_mean)
    return "StandardScaler cannot center sparse data (scikit-learn: \"Cannot center sparse matrices\"): "
           "use {\"standard\": {\"with_mean\": false}} or \"maxabs\"";
  if (t->kind == GS_TF_MINMAX)
    return "MinMaxScaler does not support sparse input (as in scikit-learn): use \"maxabs\" instead";
  return NULL;
}

/* A sparse data set (kept as CSR) takes only the steps scikit-learn takes
 * on a scipy sparse matrix. */
static int check_sparse_steps(const gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  const char *why = sparse_refusal(&cfg->preprocessing);
  if (why) {
    gs_error_set(err, GS_ECONFIG, NULL, 0, 0, "%s (the dataset is kept sparse: under 10%% of its cells are stored)", why);
    gs__search_place_error(err, cfg, "preprocessing");
    return GS_ECONFIG;
  }
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    for (size_t j = 0; j < sg->n[GS_P_SCALER]; j++) {
      const gs_value_t *v = &sg->values[GS_P_SCALER][j];
      if (v->type != GS_VAL_TRANSFORM || !(why = sparse_refusal(&v->tf))) continue;
      const char *top = cfg->strategy == GS_STRATEGY_RANDOM ? "param_distributions" : "param_grid";
      char path[96];
      long line, col;
      gs_config_where(cfg, top, &line, &col);
      snprintf(path, sizeof path, "%s[%zu].scaler[%zu]", top, g, j);
      gs_error_set(err, GS_ECONFIG, cfg->file, line, col, "%s (the dataset is kept sparse: under 10%% of its cells are stored)", why);
      gs_error_set_path(err, path);
      return GS_ECONFIG;
    }
  }
  return GS_OK;
}

int gs__search_check_data(const gs_search_t *s, gs_error_t *err) {
  const gs_config_t *cfg = s->cfg;
  const gs_dataset_t *ds = s->ds;
  if (ds->csr && check_sparse_steps(s, err)) return GS_ECONFIG;
  for (size_t i = 0; i < cfg->n_scorers; i++) {
    if (!gs_scorer_is_binary(cfg->scorers[i])) continue;
    int has_one = gs__search_class_index(ds, 1) < ds->n_classes;
    if (ds->n_classes != 2 || !has_one)
      return gs_error_set(err, GS_ECONFIG, cfg->file, cfg->where[6][0], cfg->where[6][1],
                          "scoring: \"%s\" is a binary scorer (positive label 1) but the dataset has %zu classes%s; use \"%s_macro\" or another average",
                          gs_scorer_name(cfg->scorers[i]), ds->n_classes, has_one ? "" : " and no label 1",
                          gs_scorer_name(cfg->scorers[i]));
  }
  for (size_t g = 0; g < cfg->n_subgrids; g++) {
    const gs_subgrid_t *sg = &cfg->subgrids[g];
    for (size_t j = 0; j < sg->n[GS_P_CLASS_WEIGHT]; j++) {
      const gs_value_t *v = &sg->values[GS_P_CLASS_WEIGHT][j];
      for (size_t w = 0; w < v->n_weights; w++)
        if (gs__search_class_index(ds, v->weights[w].label) == ds->n_classes) {
          char path[96];
          snprintf(path, sizeof path, "param_grid[%zu].class_weight[%zu]", g, j);
          gs_error_set(err, GS_ECONFIG, cfg->file, 0, 0, "class_weight names label %ld, which is not in the dataset", v->weights[w].label);
          gs_error_set_path(err, path);
          return GS_ECONFIG;
        }
    }
  }
  return GS_OK;
}


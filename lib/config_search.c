/* config_search.c: the "search" object: strategy (grid, random, halving),
 * n_iter and random_state, and the halving keys (HalvingGridSearchCV's and
 * HalvingRandomSearchCV's arguments), with the checks that need the rest of
 * the config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_impl.h"

static const char *const search_keys[] = {"strategy", "n_iter", "random_state", "factor", "min_resources", "max_resources",
                                          "aggressive_elimination", "n_candidates", "resource", NULL};
static const char *const strategies[] = {"grid", "random", "halving", NULL};

/* "min_resources" / "max_resources" / "n_candidates": one of the words
 * (index into words, from 1) or a positive integer literal (index 0, *count). */
static int word_or_count(gs__cfg_ctx_t *c, const cJSON *n, const char *path, const char *const *words, const char *spelling,
                         int *which, size_t *count) {
  if (cJSON_IsString(n)) {
    for (int i = 0; words[i]; i++)
      if (!strcmp(words[i], n->valuestring)) {
        *which = i + 1;
        return GS_OK;
      }
    return gs__cfg_fail_at(c, n, path, "expected %s, got \"%s\"", spelling, n->valuestring);
  }
  if (!cJSON_IsNumber(n) || !gs__cfg_is_int_literal(c, n) || n->valuedouble < 1 || n->valuedouble > 1e15)
    return gs__cfg_fail_at(c, n, path, "expected %s, got %s", spelling,
                   !cJSON_IsNumber(n) ? gs__cfg_type_name(n) : !gs__cfg_is_int_literal(c, n) ? "a non-integer number" : "a number below 1");
  *which = 0;
  *count = (size_t)n->valuedouble;
  return GS_OK;
}

/* The halving keys of the "search" object (HalvingGridSearchCV's and
 * HalvingRandomSearchCV's arguments; resource = n_samples only). */
static int parse_halving(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_halving_spec_t *h = &c->cfg->halving;
  const cJSON *k;
  int rc;
  if (!cJSON_IsObject(n)) return GS_OK;
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "resource")) && (!cJSON_IsString(k) || strcmp(k->valuestring, "n_samples")))
    return gs__cfg_fail_at(c, k, "search.resource", "gridsearch halves on \"n_samples\" only (an SVC has no other budget parameter), got %s%s%s",
                   cJSON_IsString(k) ? "\"" : "", cJSON_IsString(k) ? k->valuestring : gs__cfg_type_name(k), cJSON_IsString(k) ? "\"" : "");
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "factor"))) {
    if (!cJSON_IsNumber(k) || !gs__cfg_is_int_literal(c, k) || k->valuedouble < 2 || k->valuedouble > 1e6)
      return gs__cfg_fail_at(c, k, "search.factor", "factor must be an integer from 2 to 1000000, got %s",
                     !cJSON_IsNumber(k) ? gs__cfg_type_name(k) : !gs__cfg_is_int_literal(c, k) ? "a non-integer number" : "a number out of range");
    h->factor = (long)k->valuedouble;
  }
  static const char *const min_words[] = {"exhaust", "smallest", NULL}, *const max_words[] = {"auto", NULL},
                           *const cand_words[] = {"exhaust", NULL};
  int which = 0;
  const cJSON *mn = cJSON_GetObjectItemCaseSensitive(n, "min_resources");
  if (mn) {
    if ((rc = word_or_count(c, mn, "search.min_resources", min_words, "\"smallest\", \"exhaust\" or a positive integer", &which, &h->min_count)))
      return rc;
    h->min_kind = which == 1 ? GS_HALVING_MIN_EXHAUST : which == 2 ? GS_HALVING_MIN_SMALLEST : GS_HALVING_MIN_COUNT;
  }
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "max_resources"))) {
    if ((rc = word_or_count(c, k, "search.max_resources", max_words, "\"auto\" or a positive integer", &which, &h->max_count))) return rc;
    if (which) h->max_count = 0;
    else if (mn && h->min_kind == GS_HALVING_MIN_COUNT && h->min_count > h->max_count)
      return gs__cfg_fail_at(c, mn, "search.min_resources", "min_resources=%zu is greater than max_resources=%zu", h->min_count, h->max_count);
  }
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "aggressive_elimination")) &&
      (rc = gs__cfg_get_bool(c, k, "search.aggressive_elimination", &h->aggressive)))
    return rc;
  if ((k = cJSON_GetObjectItemCaseSensitive(n, "n_candidates"))) {
    if ((rc = word_or_count(c, k, "search.n_candidates", cand_words, "\"exhaust\" or a positive integer", &which, &h->n_candidates))) return rc;
    if (h->n_candidates > 1000000) return gs__cfg_fail_at(c, k, "search.n_candidates", "n_candidates must be at most 1000000, got %zu", h->n_candidates);
    if (which) h->n_candidates = 0;
  }
  /* HalvingGridSearchCV starts from 'exhaust', HalvingRandomSearchCV from 'smallest' */
  c->halving_min_given = mn != NULL;
  return GS_OK;
}

/* "search": "grid" | "random" | "halving" | {"strategy", ...}. */
int gs__cfg_parse_search(gs__cfg_ctx_t *c, const cJSON *n) {
  gs_config_t *cfg = c->cfg;
  const cJSON *st = n, *ni = NULL, *rs = NULL;
  if (cJSON_IsObject(n)) {
    int rc = gs__cfg_check_keys(c, n, "search", search_keys);
    if (rc) return rc;
    st = cJSON_GetObjectItemCaseSensitive(n, "strategy");
    ni = cJSON_GetObjectItemCaseSensitive(n, "n_iter");
    rs = cJSON_GetObjectItemCaseSensitive(n, "random_state");
    if (!st) return gs__cfg_fail_at(c, n, "search", "missing \"strategy\" (\"grid\", \"random\" or \"halving\")");
  } else if (!cJSON_IsString(n)) {
    return gs__cfg_fail_at(c, n, "search", "expected \"grid\", \"random\", \"halving\" or {\"strategy\", ...}, got %s", gs__cfg_type_name(n));
  }
  const char *sp = st == n ? "search" : "search.strategy";
  if (!cJSON_IsString(st)) return gs__cfg_fail_at(c, st, sp, "expected \"grid\", \"random\" or \"halving\", got %s", gs__cfg_type_name(st));
  int k = 0;
  while (strategies[k] && strcmp(strategies[k], st->valuestring)) k++;
  if (!strategies[k]) {
    const char *hint = gs_suggest(st->valuestring, strategies);
    if (hint) return gs__cfg_fail_at(c, st, sp, "unknown strategy \"%s\"; did you mean \"%s\"?", st->valuestring, hint);
    return gs__cfg_fail_at(c, st, sp, "unknown strategy \"%s\" (expected \"grid\", \"random\" or \"halving\")", st->valuestring);
  }
  cfg->strategy = k == 2 ? GS_STRATEGY_HALVING : k == 1 ? GS_STRATEGY_RANDOM : GS_STRATEGY_GRID;
  if (cfg->strategy != GS_STRATEGY_HALVING && cJSON_IsObject(n))
    for (int i = 3; search_keys[i]; i++) {
      const cJSON *h = cJSON_GetObjectItemCaseSensitive(n, search_keys[i]);
      char path[64];
      snprintf(path, sizeof path, "search.%s", search_keys[i]);
      if (h) return gs__cfg_fail_at_key(c, h, path, "only successive halving (\"strategy\": \"halving\") takes \"%s\"", search_keys[i]);
    }
  if (cfg->strategy == GS_STRATEGY_HALVING && ni)
    return gs__cfg_fail_at_key(c, ni, "search.n_iter", "successive halving takes \"n_candidates\" (HalvingRandomSearchCV's name), not \"n_iter\"");
  if (rs && cfg->strategy == GS_STRATEGY_HALVING && cJSON_IsNull(rs))
    return gs__cfg_fail_at(c, rs, "search.random_state",
                   "random_state must be an integer: scikit-learn's None draws fresh subsamples each run, and a search that resumes must draw the same ones");
  if ((ni || rs) && cfg->strategy == GS_STRATEGY_GRID)
    return gs__cfg_fail_at_key(c, ni ? ni : rs, ni ? "search.n_iter" : "search.random_state", "only a randomized search (\"strategy\": \"random\") or successive halving samples");
  if (ni) {
    if (!cJSON_IsNumber(ni) || !gs__cfg_is_int_literal(c, ni))
      return gs__cfg_fail_at(c, ni, "search.n_iter", "expected an integer number of candidates, got %s", cJSON_IsNumber(ni) ? "a non-integer number" : gs__cfg_type_name(ni));
    if (ni->valuedouble < 1 || ni->valuedouble > 1e6) return gs__cfg_fail_at(c, ni, "search.n_iter", "n_iter must be between 1 and 1000000, got %.0f", ni->valuedouble);
    cfg->n_iter = (size_t)ni->valuedouble;
  }
  if (rs) {
    int rc = gs__cfg_get_seed(c, rs, "search.random_state", &cfg->search_random_state);
    if (rc) return rc;
  }
  return cfg->strategy == GS_STRATEGY_HALVING ? parse_halving(c, n) : GS_OK;
}

/* The halving checks that need the rest of the config: one scorer (as
 * scikit-learn refuses multimetric halving), n_candidates only over
 * param_distributions, not both 'exhaust'. */
int gs__cfg_check_halving(gs__cfg_ctx_t *c, const cJSON *root) {
  gs_config_t *cfg = c->cfg;
  gs_halving_spec_t *h = &cfg->halving;
  const cJSON *search = cJSON_GetObjectItemCaseSensitive(root, "search");
  const cJSON *nc = cJSON_IsObject(search) ? cJSON_GetObjectItemCaseSensitive(search, "n_candidates") : NULL;
  const cJSON *mn = cJSON_IsObject(search) ? cJSON_GetObjectItemCaseSensitive(search, "min_resources") : NULL;
  if (cfg->n_scorers > 1)
    return gs__cfg_fail_at(c, cJSON_GetObjectItemCaseSensitive(root, "scoring"), "scoring",
                   "successive halving ranks by one scorer (scikit-learn's halving searches refuse multimetric scoring), got %zu", cfg->n_scorers);
  if (nc && !cfg->halving_random)
    return gs__cfg_fail_at_key(c, nc, "search.n_candidates", "\"n_candidates\" is for halving over \"param_distributions\" (HalvingRandomSearchCV); a grid's candidates are all of it");
  if (cfg->halving_random && !c->halving_min_given) h->min_kind = GS_HALVING_MIN_SMALLEST;
  if (cfg->halving_random && h->n_candidates == 0 && h->min_kind == GS_HALVING_MIN_EXHAUST)
    return gs__cfg_fail_at(c, mn, "search.min_resources", "n_candidates and min_resources cannot both be \"exhaust\" (n_candidates defaults to \"exhaust\")");
  return GS_OK;
}


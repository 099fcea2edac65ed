/* digest.c: the digest of a prepared search (search.h): what the journal
 * keys its records by and the reports name as the results' provenance. */
#include "gridsearch/search.h"

#include <math.h>
#include <stdio.h>

#include "gridsearch/hash.h"
#include "gridsearch/metrics.h"
#include "gridsearch/transform.h"

/* The journal's magic line starts the hash, as when the journal computed
 * it, so digests (and so journals and reports) stay what they were. */
#define DIGEST_MAGIC "gridsearch-journal 1"

int gs_search_digest(const gs_search_t *s, uint64_t *out, gs_error_t *err) {
  const gs_config_t *c = gs_search_config(s);
  const gs_grid_t *g = gs_search_grid(s);
  gs_hash_t h;
  char buf[4096];
  gs_hash_init(&h);
  gs_hash_str(&h, DIGEST_MAGIC);
  int rc = gs_hash_file(&h, c->data_path, err);
  if (rc) return rc;
  snprintf(buf, sizeof buf, "format=%d test=%d/%.17g/%ld rs=%u strat=%d cv=%d/%d/%u tol=%.17g shrink=%d err=%d/%.17g",
           (int)c->data_format, c->test_is_count, c->test_fraction, c->test_count, c->random_state, c->stratify,
           c->n_splits, c->cv_shuffle, c->cv_shuffle ? c->cv_random_state : 0u, c->tol, c->shrinking,
           (int)c->error_score, c->error_score_value);
  gs_hash_str(&h, buf);
  for (size_t i = 0; i < c->n_scorers; i++) gs_hash_str(&h, gs_scorer_name(c->scorers[i]));
  /* the default step (a "scaler" grid value is in the candidates' JSON);
   * absent from the digest of searches without one, so their journals stay valid */
  if (c->preprocessing.kind != GS_TF_NONE) {
    char step[200];
    snprintf(buf, sizeof buf, "preprocessing=%s", gs_transform_repr(&c->preprocessing, step, sizeof step));
    gs_hash_str(&h, buf);
  }
  if (c->return_train_score) gs_hash_str(&h, "return_train_score"); /* its records carry train scores */
  const gs_halving_plan_t *hp = gs_search_halving(s);
  if (hp) {
    /* halving: its settings and plan, and the candidates themselves (the
     * grid's later rows are chosen as it runs) */
    snprintf(buf, sizeof buf, "halving factor=%ld min=%d/%zu max=%zu aggr=%d seed=%u iters=%zu",
             c->halving.factor, (int)c->halving.min_kind, hp->min_resources, hp->max_resources, c->halving.aggressive,
             c->search_random_state, hp->n_iterations);
    gs_hash_str(&h, buf);
    g = gs_search_candidates(s);
  }
  for (size_t i = 0; i < g->n; i++) gs_hash_str(&h, gs_grid_json(&g->cand[i], buf, sizeof buf));
  *out = gs_hash_final(&h);
  return GS_OK;
}

static void load_result(void *ctx, size_t task, const gs_task_result_t *r) { gs_search_set_result(ctx, task, r); }

int gs_search_journal_spec(gs_search_t *s, gs_journal_spec_t *spec, gs_error_t *err) {
  const gs_config_t *c = gs_search_config(s);
  spec->n_tasks = gs_search_n_tasks(s);
  spec->n_scorers = c->n_scorers;
  spec->train = c->return_train_score;
  spec->error_score = c->error_score == GS_SCORE_VALUE ? c->error_score_value : NAN;
  spec->load = load_result;
  spec->load_ctx = s;
  return gs_search_digest(s, &spec->digest, err);
}

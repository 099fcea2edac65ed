/* test_schedule.c: the farm's scheduler, with no MPI and no threads. */
#include <CUnit/CUnit.h>
#include <stdlib.h>

#include "schedule.h"

static void take_should_hand_out_costly_tasks_first_ties_by_index(void) {
  double cost[6] = {1, 5, 3, 5, 0, 3};
  gs__sched_t *s = gs__sched_new(6, cost, NULL, NULL, 1, 1);
  size_t out[6], k = 0, want[6] = {1, 3, 2, 5, 0, 4};
  for (size_t i = 0; i < 6; i++) {
    CU_ASSERT_EQUAL(gs__sched_take(s, 0, 1, out + i), 1);
    k++;
  }
  for (size_t i = 0; i < k; i++) CU_ASSERT_EQUAL(out[i], want[i]);
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 1, out), 0);
  CU_ASSERT_EQUAL(gs__sched_in_flight(s), 6);
  for (size_t i = 0; i < 6; i++) gs__sched_done(s, i);
  CU_ASSERT_EQUAL(gs__sched_in_flight(s), 0);
  gs__sched_free(s);
}

static void take_should_skip_done_tasks_and_count_the_rest(void) {
  unsigned char skip[5] = {1, 0, 1, 0, 0};
  gs__sched_t *s = gs__sched_new(5, NULL, NULL, skip, 1, 1);
  size_t out[5];
  CU_ASSERT_EQUAL(gs__sched_total(s), 3);
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 5, out), 3);
  CU_ASSERT_EQUAL(out[0], 1);
  CU_ASSERT_EQUAL(out[1], 3);
  CU_ASSERT_EQUAL(out[2], 4);
  gs__sched_free(s);
}

static void take_should_limit_batches_to_a_fair_share_near_the_end(void) {
  gs__sched_t *s = gs__sched_new(10, NULL, NULL, NULL, 2, 4);
  size_t out[10];
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 8, out), 2);  /* 10 left / 4 workers */
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 8, out), 2);  /* 8 / 4 */
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 8, out), 1);  /* 6 / 4 */
  CU_ASSERT_EQUAL(gs__sched_pending(s), 5);
  gs__sched_free(s);
}

static void take_should_keep_a_holder_on_its_group(void) {
  /* order by cost: tasks 0..5; groups A = {0, 2, 4}, B = {1, 3, 5} */
  double cost[6] = {6, 5, 4, 3, 2, 1};
  size_t group[6] = {7, 9, 7, 9, 7, 9};
  gs__sched_t *s = gs__sched_new(6, cost, group, NULL, 2, 1);
  size_t t;
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 0); /* holder 0 starts group 7 */
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 1); /* holder 1 takes a group nobody works on */
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 2); /* holder 0 stays on group 7 */
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 3);
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 5);
  CU_ASSERT_EQUAL(gs__sched_take(s, 1, 1, &t), 1);
  CU_ASSERT_EQUAL(t, 4); /* group 9 done: the rest of 7 */
  gs__sched_free(s);
}

static void stop_should_end_the_hand_out_and_held_should_name_tasks(void) {
  gs__sched_t *s = gs__sched_new(8, NULL, NULL, NULL, 3, 3);
  size_t out[8], held[8];
  gs__sched_take(s, 2, 2, out);
  gs__sched_done(s, out[0]);
  CU_ASSERT_EQUAL(gs__sched_held(s, 2, held, 8), 1);
  CU_ASSERT_EQUAL(held[0], out[1]);
  CU_ASSERT_EQUAL(gs__sched_held(s, 1, held, 8), 0);
  gs__sched_stop(s);
  CU_ASSERT_EQUAL(gs__sched_take(s, 0, 4, out), 0);
  CU_ASSERT_EQUAL(gs__sched_pending(s), 0);
  gs__sched_free(s);
  gs__sched_free(NULL);
}


/* ---- the hand-out order against a naive model (the scheduler's rules
 * written as plain scans, as schedule.c did before its group heap) ---- */

typedef struct {
  size_t n, *order, *last, left;
  unsigned char *taken;
  const size_t *group;
  int holders;
} naive_t;

static const double *naive_cost;
static int naive_cmp(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (naive_cost[x] != naive_cost[y]) return naive_cost[x] > naive_cost[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static size_t naive_take(naive_t *m, int holder) {
  size_t i = m->n;
  if (m->last[holder]) {
    size_t g = m->group[m->order[m->last[holder] - 1]];
    for (i = m->last[holder] - 1; i < m->n && (m->taken[i] || m->group[m->order[i]] != g); i++) {}
  }
  if (i == m->n) {
    size_t first = 0;
    while (first < m->n && m->taken[first]) first++;
    i = first;
    for (size_t j = first; j < m->n; j++) {
      if (m->taken[j]) continue;
      int busy = 0;
      for (int h = 0; h < m->holders && !busy; h++)
        busy = h != holder && m->last[h] && m->group[m->order[m->last[h] - 1]] == m->group[m->order[j]];
      if (!busy) { i = j; break; }
    }
  }
  if (i >= m->n) return m->n;
  m->taken[i] = 1;
  m->last[holder] = i + 1;
  m->left--;
  return m->order[i];
}

/* n tasks of random cost in n_groups random groups, taken one at a time by
 * holders in a pseudo-random turn: the same tasks, in the same order */
static int same_as_naive(size_t n, size_t n_groups, int holders, unsigned seed) {
  double *cost = malloc(n * sizeof *cost);
  size_t *group = malloc(n * sizeof *group);
  naive_t m = {n, malloc(n * sizeof(size_t)), calloc((size_t)holders, sizeof(size_t)), n, calloc(n, 1), group, holders};
  unsigned x = seed;
  for (size_t t = 0; t < n; t++) {
    x = x * 1103515245u + 12345u;
    cost[t] = (double)((x >> 8) % 50);
    x = x * 1103515245u + 12345u;
    group[t] = 1000 + 7 * ((x >> 8) % n_groups);
    m.order[t] = t;
  }
  naive_cost = cost;
  qsort(m.order, n, sizeof *m.order, naive_cmp);
  gs__sched_t *s = gs__sched_new(n, cost, group, NULL, holders, holders);
  int same = s != NULL;
  for (size_t k = 0; same && k < n; k++) {
    x = x * 1103515245u + 12345u;
    int h = (int)((x >> 8) % (unsigned)holders);
    size_t t = n, want = naive_take(&m, h);
    same = gs__sched_take(s, h, 1, &t) == 1 && t == want;
  }
  size_t t;
  same = same && gs__sched_take(s, 0, 1, &t) == 0;
  gs__sched_free(s);
  free(cost);
  free(group);
  free(m.order);
  free(m.last);
  free(m.taken);
  return same;
}

static void take_should_follow_the_naive_rules_for_any_groups(void) {
  CU_ASSERT(same_as_naive(200, 1, 1, 1));     /* one group */
  CU_ASSERT(same_as_naive(200, 200, 1, 2));   /* about one task per group */
  CU_ASSERT(same_as_naive(500, 20, 3, 3));    /* groups not contiguous in cost order, 3 holders */
  CU_ASSERT(same_as_naive(500, 500, 4, 4));
  CU_ASSERT(same_as_naive(2000, 37, 8, 5));
  CU_ASSERT(same_as_naive(3000, 3000, 2, 6));
}

/* A million tasks, each its own group (the case that was quadratic: 10^6
 * takes scanning the rest), 3 holders: each task handed out once, costly
 * first for each holder's new group. Quadratic, this would not finish;
 * the timing itself is in README (Performance), not asserted here. */
static void take_should_hand_out_a_million_single_task_groups_once_each(void) {
  size_t n = 1000000;
  double *cost = malloc(n * sizeof *cost);
  size_t *group = malloc(n * sizeof *group), *out = malloc(n * sizeof *out);
  unsigned char *seen = calloc(n, 1);
  CU_ASSERT_FATAL(cost && group && out && seen);
  for (size_t t = 0; t < n; t++) {
    cost[t] = (double)(n - t);
    group[t] = (t * 7919) % n; /* a permutation: one task per group */
  }
  gs__sched_t *s = gs__sched_new(n, cost, group, NULL, 3, 6);
  CU_ASSERT_FATAL(s != NULL);
  size_t k = 0, batch[8], dup = 0;
  int in_order = 1;
  for (int h = 0; k < n; h = (h + 1) % 3) {
    size_t got = gs__sched_take(s, h, 8, batch);
    if (!got) break;
    for (size_t i = 0; i < got; i++) {
      dup += seen[batch[i]];
      seen[batch[i]] = 1;
      in_order &= batch[i] == k; /* costly first: task k is the k-th */
      out[k++] = batch[i];
    }
  }
  CU_ASSERT_EQUAL(k, n);
  CU_ASSERT_EQUAL(dup, 0);
  CU_ASSERT(in_order != 0);
  CU_ASSERT_EQUAL(gs__sched_in_flight(s), n);
  CU_ASSERT_EQUAL(gs__sched_pending(s), 0);
  gs__sched_free(s);
  free(cost);
  free(group);
  free(out);
  free(seen);
}

static CU_TestInfo tests[] = {
  {"take_should_hand_out_costly_tasks_first_ties_by_index", take_should_hand_out_costly_tasks_first_ties_by_index},
  {"take_should_skip_done_tasks_and_count_the_rest", take_should_skip_done_tasks_and_count_the_rest},
  {"take_should_limit_batches_to_a_fair_share_near_the_end", take_should_limit_batches_to_a_fair_share_near_the_end},
  {"take_should_keep_a_holder_on_its_group", take_should_keep_a_holder_on_its_group},
  {"stop_should_end_the_hand_out_and_held_should_name_tasks", stop_should_end_the_hand_out_and_held_should_name_tasks},
  {"take_should_follow_the_naive_rules_for_any_groups", take_should_follow_the_naive_rules_for_any_groups},
  {"take_should_hand_out_a_million_single_task_groups_once_each", take_should_hand_out_a_million_single_task_groups_once_each},
  CU_TEST_INFO_NULL};
#define GS_SUITE "schedule"
#include "cunit_main.h"

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

static CU_TestInfo tests[] = {
  {"take_should_hand_out_costly_tasks_first_ties_by_index", take_should_hand_out_costly_tasks_first_ties_by_index},
  {"take_should_skip_done_tasks_and_count_the_rest", take_should_skip_done_tasks_and_count_the_rest},
  {"take_should_limit_batches_to_a_fair_share_near_the_end", take_should_limit_batches_to_a_fair_share_near_the_end},
  {"take_should_keep_a_holder_on_its_group", take_should_keep_a_holder_on_its_group},
  {"stop_should_end_the_hand_out_and_held_should_name_tasks", stop_should_end_the_hand_out_and_held_should_name_tasks},
  CU_TEST_INFO_NULL};
#define GS_SUITE "schedule"
#include "cunit_main.h"

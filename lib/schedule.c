/* schedule.c: a sorted array of tasks and a cursor; holders recorded per task. */
#define _GNU_SOURCE /* qsort_r */
#include "schedule.h"

#include <stdlib.h>

struct gs__sched {
  size_t n_order, next, in_flight, total, left;
  size_t *order;       /* tasks to hand out, costly first */
  unsigned char *taken;/* per order position */
  int *holder;         /* per task: -1 free or done, else the holder */
  size_t *pos;         /* per task: its position in order */
  const size_t *group; /* per task, or NULL */
  size_t *last;        /* per holder: order position of its last task + 1, or 0 */
  size_t n;
  int holders, workers, stopped;
};

static int cmp_task(const void *a, const void *b, void *arg) {
  const double *cost = arg;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (cost && cost[x] != cost[y]) return cost[x] > cost[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

gs__sched_t *gs__sched_new(size_t n, const double *cost, const size_t *group, const unsigned char *skip, int holders,
                           int workers) {
  gs__sched_t *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->order = malloc((n ? n : 1) * sizeof *s->order);
  s->holder = malloc((n ? n : 1) * sizeof *s->holder);
  s->pos = malloc((n ? n : 1) * sizeof *s->pos);
  s->taken = calloc(n ? n : 1, 1);
  s->last = calloc(holders > 0 ? (size_t)holders : 1, sizeof *s->last);
  if (!s->order || !s->holder || !s->pos || !s->taken || !s->last) {
    gs__sched_free(s);
    return NULL;
  }
  s->n = n;
  s->holders = holders;
  s->workers = workers > 0 ? workers : 1;
  for (size_t t = 0; t < n; t++) {
    s->holder[t] = -1;
    if (!skip || !skip[t]) s->order[s->n_order++] = t;
  }
  /* qsort is not stable, but the comparison breaks ties by index */
  qsort_r(s->order, s->n_order, sizeof *s->order, cmp_task, (void *)cost);
  for (size_t i = 0; i < s->n_order; i++) s->pos[s->order[i]] = i;
  s->total = s->left = s->n_order;
  s->group = group;
  return s;
}

void gs__sched_free(gs__sched_t *s) {
  if (!s) return;
  free(s->order);
  free(s->holder);
  free(s->pos);
  free(s->taken);
  free(s->last);
  free(s);
}

/* The next untaken position at or after i in the group of the task at
 * position g (its tasks need not be contiguous), or n_order. */
static size_t next_in_group(const gs__sched_t *s, size_t i, size_t g) {
  size_t want = s->group[s->order[g]];
  for (; i < s->n_order; i++)
    if (!s->taken[i] && s->group[s->order[i]] == want) return i;
  return s->n_order;
}

size_t gs__sched_take(gs__sched_t *s, int holder, size_t want, size_t *out) {
  if (s->stopped) return 0;
  /* never more than a fair share of what is left, so the last tasks spread */
  size_t fair = s->left / (size_t)s->workers;
  if (fair < 1) fair = 1;
  if (want > fair) want = fair;
  size_t k = 0;
  while (k < want && s->left > 0) {
    size_t i = s->n_order;
    if (s->group && holder >= 0 && holder < s->holders && s->last[holder])
      i = next_in_group(s, s->last[holder] - 1, s->last[holder] - 1);
    if (i == s->n_order) {
      while (s->next < s->n_order && s->taken[s->next]) s->next++;
      i = s->next;
      /* a new group: prefer one no other holder is working on */
      for (size_t j = i; s->group && j < s->n_order; j++) {
        if (s->taken[j]) continue;
        int busy = 0;
        for (int h = 0; h < s->holders && !busy; h++)
          busy = h != holder && s->last[h] && s->group[s->order[s->last[h] - 1]] == s->group[s->order[j]];
        if (!busy) { i = j; break; }
      }
    }
    if (i >= s->n_order) break;
    size_t t = s->order[i];
    s->taken[i] = 1;
    s->left--;
    s->holder[t] = holder;
    if (holder >= 0 && holder < s->holders) s->last[holder] = i + 1;
    out[k++] = t;
  }
  s->in_flight += k;
  return k;
}

void gs__sched_done(gs__sched_t *s, size_t task) {
  if (task < s->n && s->holder[task] >= 0) {
    s->holder[task] = -1;
    s->in_flight--;
  }
}

void gs__sched_stop(gs__sched_t *s) { s->stopped = 1; }
size_t gs__sched_pending(const gs__sched_t *s) { return s->stopped ? 0 : s->left; }
size_t gs__sched_in_flight(const gs__sched_t *s) { return s->in_flight; }
size_t gs__sched_total(const gs__sched_t *s) { return s->total; }

size_t gs__sched_held(const gs__sched_t *s, int holder, size_t *out, size_t max) {
  size_t k = 0;
  for (size_t t = 0; t < s->n && k < max; t++)
    if (s->holder[t] == holder) out[k++] = t;
  return k;
}

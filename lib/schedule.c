/* schedule.c: a sorted array of tasks and a cursor; holders recorded per
 * task. Groups: each group's positions in hand-out order, a cursor per group
 * (its first untaken position), and a heap of groups by that position, so a
 * take costs O(log n) (plus the holders' count), whatever the groups. */
#define _GNU_SOURCE /* qsort_r */
#include "schedule.h"

#include <stdlib.h>

typedef struct {
  size_t key, g;
} heap_item_t;

struct gs__sched {
  size_t n_order, next, in_flight, total, left;
  size_t *order;       /* tasks to hand out, costly first */
  unsigned char *taken;/* per order position */
  int *holder;         /* per task: -1 free or done, else the holder */
  size_t *last;        /* per holder: order position of its last task + 1, or 0 */
  /* groups (when given): dense ids 0..n_groups-1 */
  size_t n_groups;
  size_t *gid;         /* per order position: its group */
  size_t *gpos;        /* the positions of group g: gpos[gstart[g] .. gstart[g + 1]) ascending */
  size_t *gstart;      /* n_groups + 1 */
  size_t *ghead;       /* per group: index into gpos of its first untaken position */
  heap_item_t *heap;   /* groups with untaken positions, by their first one (lazily updated) */
  size_t heap_len;
  size_t *popped;      /* per holder: scratch for pick */
  size_t n;
  int holders, workers, stopped;
};

static int cmp_task(const void *a, const void *b, void *arg) {
  const double *cost = arg;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (cost && cost[x] != cost[y]) return cost[x] > cost[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* order positions by (group of their task, position) */
typedef struct {
  const size_t *group, *order;
} gcmp_t;

static int cmp_group(const void *a, const void *b, void *arg) {
  const gcmp_t *g = arg;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  size_t gx = g->group[g->order[x]], gy = g->group[g->order[y]];
  if (gx != gy) return gx < gy ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* The first untaken position of group g, or n_order when none is left. */
static size_t group_head(gs__sched_t *s, size_t g) {
  size_t *h = &s->ghead[g];
  while (*h < s->gstart[g + 1] && s->taken[s->gpos[*h]]) (*h)++;
  return *h < s->gstart[g + 1] ? s->gpos[*h] : s->n_order;
}

/* The heap holds (key, group) with key the group's first untaken position
 * when pushed. Keys only grow, so a stored key is never above the true one:
 * a top whose key is still true is the group with the lowest first untaken
 * position; a top whose group moved on is pushed again with its new key. */
static void heap_push(gs__sched_t *s, size_t g) {
  size_t i = s->heap_len++;
  heap_item_t it = {group_head(s, g), g};
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (s->heap[p].key <= it.key) break;
    s->heap[i] = s->heap[p];
    i = p;
  }
  s->heap[i] = it;
}

static void heap_pop(gs__sched_t *s) {
  heap_item_t it = s->heap[--s->heap_len];
  size_t i = 0, n = s->heap_len;
  if (!n) return;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && s->heap[c + 1].key < s->heap[c].key) c++;
    if (s->heap[c].key >= it.key) break;
    s->heap[i] = s->heap[c];
    i = c;
  }
  s->heap[i] = it;
}

/* Pops the group whose first untaken position is the lowest, or n_groups
 * when every group is done. */
static size_t pop_first_group(gs__sched_t *s) {
  while (s->heap_len) {
    heap_item_t top = s->heap[0];
    size_t head = group_head(s, top.g);
    heap_pop(s);
    if (head == s->n_order) continue;            /* done: dropped */
    if (head != top.key) { heap_push(s, top.g); continue; } /* moved on */
    return top.g;
  }
  return s->n_groups;
}

static int make_groups(gs__sched_t *s, const size_t *group) {
  size_t n = s->n_order;
  s->gid = malloc((n ? n : 1) * sizeof *s->gid);
  s->gpos = malloc((n ? n : 1) * sizeof *s->gpos);
  s->gstart = malloc((n + 1) * sizeof *s->gstart);
  if (!s->gid || !s->gpos || !s->gstart) return -1;
  for (size_t i = 0; i < n; i++) s->gpos[i] = i;
  gcmp_t arg = {group, s->order};
  qsort_r(s->gpos, n, sizeof *s->gpos, cmp_group, &arg);
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || group[s->order[s->gpos[i]]] != group[s->order[s->gpos[i - 1]]]) s->gstart[s->n_groups++] = i;
    s->gid[s->gpos[i]] = s->n_groups - 1;
  }
  s->gstart[s->n_groups] = n;
  s->ghead = malloc((s->n_groups ? s->n_groups : 1) * sizeof *s->ghead);
  s->heap = malloc((s->n_groups ? s->n_groups : 1) * sizeof *s->heap);
  if (!s->ghead || !s->heap) return -1;
  for (size_t g = 0; g < s->n_groups; g++) {
    s->ghead[g] = s->gstart[g];
    heap_push(s, g);
  }
  return 0;
}

gs__sched_t *gs__sched_new(size_t n, const double *cost, const size_t *group, const unsigned char *skip, int holders,
                           int workers) {
  gs__sched_t *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->order = malloc((n ? n : 1) * sizeof *s->order);
  s->holder = malloc((n ? n : 1) * sizeof *s->holder);
  s->taken = calloc(n ? n : 1, 1);
  s->last = calloc(holders > 0 ? (size_t)holders : 1, sizeof *s->last);
  s->popped = calloc(holders > 0 ? (size_t)holders : 1, sizeof *s->popped);
  if (!s->order || !s->holder || !s->taken || !s->last || !s->popped) {
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
  s->total = s->left = s->n_order;
  if (group && make_groups(s, group) != 0) {
    gs__sched_free(s);
    return NULL;
  }
  return s;
}

void gs__sched_free(gs__sched_t *s) {
  if (!s) return;
  free(s->order);
  free(s->holder);
  free(s->taken);
  free(s->last);
  free(s->gid);
  free(s->gpos);
  free(s->gstart);
  free(s->ghead);
  free(s->heap);
  free(s->popped);
  free(s);
}

/* Whether a holder other than holder last took from group g. */
static int busy(const gs__sched_t *s, int holder, size_t g) {
  for (int h = 0; h < s->holders; h++)
    if (h != holder && s->last[h] && s->gid[s->last[h] - 1] == g) return 1;
  return 0;
}

/* The position to hand to holder next, or n_order. A holder stays on the
 * group it last took from while that has tasks (a task taken is always
 * the first untaken of its group); else it starts the group with the first
 * untaken task that no other holder works on, else the first untaken. */
static size_t pick(gs__sched_t *s, int holder) {
  int own = holder >= 0 && holder < s->holders;
  if (!s->gid) {
    while (s->next < s->n_order && s->taken[s->next]) s->next++;
    return s->next;
  }
  if (own && s->last[holder]) {
    size_t i = group_head(s, s->gid[s->last[holder] - 1]);
    if (i < s->n_order) return i;
  }
  /* the other holders are on at most holders - 1 groups: pop past those */
  size_t k = 0, chosen = s->n_groups;
  for (;;) {
    size_t g = pop_first_group(s);
    if (g == s->n_groups) break;
    if (!busy(s, holder, g) || k == (size_t)s->holders) { chosen = g; break; }
    s->popped[k++] = g;
  }
  if (chosen != s->n_groups) heap_push(s, chosen);
  for (size_t j = 0; j < k; j++) heap_push(s, s->popped[j]);
  if (chosen == s->n_groups && k) chosen = s->popped[0]; /* every group busy: the first untaken */
  return chosen == s->n_groups ? s->n_order : group_head(s, chosen);
}

size_t gs__sched_take(gs__sched_t *s, int holder, size_t want, size_t *out) {
  if (s->stopped) return 0;
  /* never more than a fair share of what is left, so the last tasks spread */
  size_t fair = s->left / (size_t)s->workers;
  if (fair < 1) fair = 1;
  if (want > fair) want = fair;
  size_t k = 0;
  while (k < want && s->left > 0) {
    size_t i = pick(s, holder);
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

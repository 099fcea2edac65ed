/* cmd_primes.c: `gridsearch primes MIN MAX`: the prime-counting benchmark on
 * the same farm as the search, printing the seed program's line. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "env.h"
#include "gridsearch/error.h"
#include "gridsearch/farm.h"
#include "gridsearch/primes.h"

static const gs_cli_option_t primes_opts[] = {
    {"method", 1}, {"threads", 1}, {"chunk", 1}, {"json", 0}, {"quiet", 0}, {"help", 0}, {NULL, 0}};

static void primes_usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch primes MIN MAX [--method naive|trial|sieve] [--threads N] [--chunk N] [--json] [--quiet]\n"
          "  Counts the primes in [MIN, MAX] (0 <= MIN <= MAX <= 2^63 - 1) over ranks x threads.\n"
          "  --method   naive: the seed's test, every divisor 2..n/2 (default); trial: divisors up to\n"
          "             sqrt(n); sieve: a segmented sieve of Eratosthenes sized to the L1 data cache\n"
          "             (MAX up to about 1.6e17: its base primes must fit in 1024 MB)\n"
          "  --threads  worker threads per rank (default as for search)\n"
          "  --chunk    numbers per task (default: chosen per method)\n"
          "  --json     print a JSON summary instead of the line\n"
          "  --quiet    no per-worker load summary on stderr\n");
}

/* Parses MIN/MAX: a decimal integer in [0, 2^63 - 1]. */
static int parse_bound(const char *what, const char *s, uint64_t *out) {
  const char *p = s;
  while (*p == ' ') p++;
  if (*p == '-') {
    fprintf(stderr, "gridsearch primes: %s must not be negative, got \"%s\"\n", what, gs_cli_esc(s));
    return -1;
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(p, &end, 10);
  if (!*p || *end || p[0] == '+') {
    fprintf(stderr, "gridsearch primes: %s must be a whole number, got \"%s\"\n", what, gs_cli_esc(s));
    return -1;
  }
  if (errno == ERANGE || v > (unsigned long long)INT64_MAX) {
    fprintf(stderr, "gridsearch primes: %s must be at most 2^63 - 1 = 9223372036854775807, got \"%s\"\n", what, gs_cli_esc(s));
    return -1;
  }
  *out = v;
  return 0;
}

/* Python's str(timedelta(seconds=s)): H:MM:SS[.ffffff], with days. */
static void timedelta_str(double s, char *buf, size_t n) {
  long long us = (long long)(s * 1e6 + 0.5);
  long long days = us / 86400000000LL;
  us %= 86400000000LL;
  long long h = us / 3600000000LL, m = us / 60000000LL % 60, sec = us / 1000000 % 60, frac = us % 1000000;
  char d[32] = "";
  if (days) snprintf(d, sizeof d, "%lld day%s, ", days, days == 1 ? "" : "s");
  if (frac) snprintf(buf, n, "%s%lld:%02lld:%02lld.%06lld", d, h, m, sec, frac);
  else snprintf(buf, n, "%s%lld:%02lld:%02lld", d, h, m, sec);
}

typedef struct {
  const gs_primes_plan_t *plan;
  uint64_t count;
  int failed;
  int threads;
  uint64_t *numbers;   /* per (rank, worker) */
  size_t *chunks;
} primes_ctx_t;

static int run_chunk(void *ctx, size_t task, int worker, void *result, gs_error_t *err) {
  primes_ctx_t *c = ctx;
  (void)worker;
  uint64_t n = gs_primes_count_chunk(c->plan, task);
  if (n == UINT64_MAX) return gs_error_set(err, GS_ENOMEM, NULL, 0, 0, "out of memory counting chunk %zu", task);
  memcpy(result, &n, sizeof n);
  return GS_OK;
}

static int collect_chunk(void *ctx, size_t task, const void *result, double seconds, int rank, int worker) {
  primes_ctx_t *c = ctx;
  uint64_t n, lo, hi;
  double cost;
  (void)seconds;
  memcpy(&n, result, sizeof n);
  c->count += n;
  gs_primes_plan_chunk(c->plan, task, &lo, &hi, &cost);
  size_t w = (size_t)rank * (size_t)c->threads + (size_t)worker;
  c->numbers[w] += hi - lo + 1;
  c->chunks[w]++;
  return GS_OK;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int gs_cmd_primes(int argc, char **argv) {
  double t0 = now();
  gs_cli_t cli;
  const char *v;
  int k, method = GS_PRIMES_NAIVE, threads = 0, json = 0, quiet = 0;
  uint64_t chunk = 0;
  gs_cli_init(&cli, "primes", argc, argv, primes_opts);
  while ((k = gs_cli_next(&cli, &v)) >= 0) {
    switch (k) {
    case 0:
      if ((method = gs_primes_method(v)) < 0) {
        static const char *const methods[] = {"naive", "trial", "sieve", NULL};
        const char *guess = gs_suggest(v, methods);
        fprintf(stderr, "gridsearch primes: --method must be naive, trial or sieve, got \"%s\"%s%s%s\n", gs_cli_esc(v),
                guess ? "; did you mean \"" : "", guess ? guess : "", guess ? "\"?" : "");
        return GS_EXIT_USAGE;
      }
      break;
    case 1: { long t = gs_cli_int("primes", "threads", v, 1, 4096); if (t < 0) return GS_EXIT_USAGE; threads = (int)t; break; }
    case 2: {
      uint64_t c;
      if (parse_bound("--chunk", v, &c) || c == 0) {
        if (c == 0) fprintf(stderr, "gridsearch primes: --chunk must be at least 1, got \"%s\"\n", gs_cli_esc(v));
        return GS_EXIT_USAGE;
      }
      chunk = c;
      break;
    }
    case 3: json = 1; break;
    case 4: quiet = 1; break;
    case 5: primes_usage(stdout); return GS_EXIT_OK;
    }
  }
  if (k == -2) return GS_EXIT_USAGE;
  if (gs_cli_arity(&cli, 2, "MIN MAX")) return GS_EXIT_USAGE;
  uint64_t lo, hi;
  if (parse_bound("MIN", cli.pos[0], &lo) || parse_bound("MAX", cli.pos[1], &hi)) return GS_EXIT_USAGE;
  if (lo > hi) {
    fprintf(stderr, "gridsearch primes: MIN %s is greater than MAX %s\n", gs_cli_esc(cli.pos[0]), gs_cli_esc(cli.pos[1]));
    return GS_EXIT_USAGE;
  }
  if (!threads) threads = gs_cli_default_threads();

  gs_error_t err;
  gs_error_clear(&err);
  char buf[1200];
  gs_primes_plan_t *plan = NULL;
  gs_farm_t *farm = NULL;
  double *cost = NULL;
  primes_ctx_t ctx = {0};
  int rc = gs_primes_plan_new(&plan, method, lo, hi, chunk, &err), status = GS_EXIT_OK;
  if (rc) {
    fprintf(stderr, "gridsearch primes: %s\n", gs_error_format(&err, buf, sizeof buf));
    return GS_EXIT_USAGE;
  }
  if ((rc = gs_app_farm_open(&farm, &argc, &argv, threads, &err))) goto fail;
  size_t n = gs_primes_plan_chunks(plan);
  int ranks = gs_farm_size(farm), root = gs_farm_rank(farm) == 0;
  cost = malloc(n * sizeof *cost);
  ctx.plan = plan;
  ctx.threads = threads;
  ctx.numbers = calloc((size_t)(ranks * threads), sizeof *ctx.numbers);
  ctx.chunks = calloc((size_t)(ranks * threads), sizeof *ctx.chunks);
  if (!cost || !ctx.numbers || !ctx.chunks) { rc = gs_error_set(&err, GS_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
  for (size_t i = 0; i < n; i++) {
    uint64_t a, b;
    gs_primes_plan_chunk(plan, i, &a, &b, &cost[i]);
  }
  gs_farm_job_t job = {n, cost, sizeof(uint64_t), run_chunk, collect_chunk, &ctx, NULL, NULL, NULL};
  gs_farm_stats_t st;
  if ((rc = gs_farm_run(farm, &job, &st, &err))) goto fail;
  double wall = now() - t0;
  if (root) {
    double eff = st.wall_seconds > 0 ? st.busy_seconds / (st.wall_seconds * ranks * threads) : 0;
    if (json) {
      printf("{\"method\": \"%s\", \"min\": %" PRIu64 ", \"max\": %" PRIu64 ", \"count\": %" PRIu64
             ", \"seconds\": %.6f, \"ranks\": %d, \"threads\": %d, \"chunks\": %zu, \"parallel_efficiency\": %.4f, ",
             gs_primes_method_name(method), lo, hi, ctx.count, wall, ranks, threads, n, eff);
      if (method == GS_PRIMES_SIEVE) printf("\"segment_bytes\": %zu, ", gs_primes_plan_segment_bytes(plan));
      printf("\"workers\": [");
      for (int w = 0; w < ranks * threads; w++)
        printf("%s{\"rank\": %d, \"thread\": %d, \"busy_seconds\": %.6f, \"chunks\": %zu, \"numbers\": %" PRIu64 "}",
               w ? ", " : "", w / threads, w % threads, st.worker_busy[w], ctx.chunks[w], ctx.numbers[w]);
      printf("]}\n");
    } else {
      char td[64];
      timedelta_str(wall, td, sizeof td);
      printf("%" PRIu64 " primes between %" PRIu64 " and %" PRIu64 " [%s]\n", ctx.count, lo, hi, td);
    }
    if (!quiet) {
      fprintf(stderr, "gridsearch primes: %s, %zu chunk%s on %d rank%s x %d thread%s, parallel efficiency %.1f%%\n",
              gs_primes_method_name(method), n, n == 1 ? "" : "s", ranks, ranks == 1 ? "" : "s", threads,
              threads == 1 ? "" : "s", 100 * eff);
      for (int w = 0; w < ranks * threads; w++)
        fprintf(stderr, "  rank %d thread %d: busy %.3f s, %zu chunk%s, %" PRIu64 " numbers\n", w / threads, w % threads,
                st.worker_busy[w], ctx.chunks[w], ctx.chunks[w] == 1 ? "" : "s", ctx.numbers[w]);
    }
    fflush(stdout);
  }
  gs_farm_stats_free(&st);
  goto done;
fail:
  if (!farm || gs_farm_rank(farm) == 0) fprintf(stderr, "gridsearch primes: %s\n", gs_error_format(&err, buf, sizeof buf));
  status = rc == GS_EINVAL || rc == GS_EUSAGE ? GS_EXIT_USAGE : GS_EXIT_FAIL;
done:
  free(cost);
  free(ctx.numbers);
  free(ctx.chunks);
  gs_primes_plan_free(plan);
  gs_farm_close(farm);
  return status;
}

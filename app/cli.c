/* cli.c: GNU-style long options (--opt=value, --opt value) with did-you-mean,
 * and the thread-count defaults shared by the commands. */
#define _GNU_SOURCE
#include "cli.h"
#include "env.h"
#include "gridsearch/error.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void gs_cli_init(gs_cli_t *cli, const char *cmd, int argc, char **argv, const gs_cli_option_t *opts) {
  memset(cli, 0, sizeof *cli);
  cli->argc = argc;
  cli->argv = argv;
  cli->i = 1;
  cli->cmd = cmd;
  cli->opts = opts;
}

const char *gs_cli_esc(const char *s) {
  static char bufs[4][4400];
  static unsigned next;
  char *b = bufs[next++ % 4];
  return gs_escape(b, sizeof bufs[0], s, strlen(s));
}

int gs_cli_arity(const gs_cli_t *cli, int want, const char *names) {
  if (cli->n_pos == want) return 0;
  if (cli->n_pos < want)
    fprintf(stderr, "gridsearch %s: missing %s (usage: gridsearch %s %s [options]; see gridsearch help %s)\n",
            cli->cmd, cli->n_pos == 0 ? names : strrchr(names, ' ') + 1, cli->cmd, names, cli->cmd);
  else
    fprintf(stderr, "gridsearch %s: too many arguments (at \"%s\"; usage: gridsearch %s %s [options])\n",
            cli->cmd, gs_cli_esc(cli->pos[want]), cli->cmd, names);
  return -1;
}

int gs_cli_next(gs_cli_t *cli, const char **value) {
  *value = NULL;
  while (cli->i < cli->argc) {
    char *a = cli->argv[cli->i++];
    if (strcmp(a, "--") == 0) {
      while (cli->i < cli->argc) {
        if (cli->n_pos < 8) cli->pos[cli->n_pos++] = cli->argv[cli->i];
        cli->i++;
      }
      return -1;
    }
    if (a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9')) {
      if (cli->n_pos < 8) cli->pos[cli->n_pos++] = a;
      else {
        fprintf(stderr, "gridsearch %s: too many arguments (at \"%s\")\n", cli->cmd, gs_cli_esc(a));
        return -2;
      }
      continue;
    }
    const char *name = a + (a[1] == '-' ? 2 : 1);
    if (a[1] != '-') { /* the short forms: -h for --help, -q for --quiet where the command has it */
      const char *longer = !strcmp(name, "h") ? "help" : !strcmp(name, "q") ? "quiet" : NULL;
      int known = 0;
      for (int k = 0; longer && cli->opts[k].name; k++) known |= !strcmp(cli->opts[k].name, longer);
      if (!known) {
        fprintf(stderr, "gridsearch %s: unknown option \"%s\" (options are long: --name; see gridsearch help %s)\n",
                cli->cmd, gs_cli_esc(a), cli->cmd);
        return -2;
      }
      name = longer;
    }
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (int k = 0; cli->opts[k].name; k++) {
      if (strlen(cli->opts[k].name) != len || strncmp(cli->opts[k].name, name, len) != 0) continue;
      if (cli->opts[k].takes_value) {
        if (eq) *value = eq + 1;
        else if (cli->i < cli->argc) *value = cli->argv[cli->i++];
        else {
          fprintf(stderr, "gridsearch %s: option --%s needs a value\n", cli->cmd, cli->opts[k].name);
          return -2;
        }
      } else if (eq) {
        fprintf(stderr, "gridsearch %s: option --%s takes no value\n", cli->cmd, cli->opts[k].name);
        return -2;
      }
      return k;
    }
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), name);
    const char *names[32];
    int n = 0;
    for (int k = 0; cli->opts[k].name && n < 31; k++) names[n++] = cli->opts[k].name;
    names[n] = NULL;
    const char *best = gs_suggest(word, names);
    if (best) fprintf(stderr, "gridsearch %s: unknown option \"--%s\"; did you mean \"--%s\"?\n", cli->cmd, gs_cli_esc(word), best);
    else fprintf(stderr, "gridsearch %s: unknown option \"--%s\" (see gridsearch help %s)\n", cli->cmd, gs_cli_esc(word), cli->cmd);
    return -2;
  }
  return -1;
}

long gs_cli_int(const char *cmd, const char *opt, const char *value, long lo, long hi) {
  char *end;
  errno = 0;
  long v = strtol(value, &end, 10);
  if (!*value || *end || errno || v < lo || v > hi) {
    fprintf(stderr, "gridsearch %s: --%s must be an integer from %ld to %ld, got \"%s\"\n", cmd, opt, lo, hi, gs_cli_esc(value));
    return -1;
  }
  return v;
}

int gs_cli_default_threads(void) {
  int n = gs_app_env()->slurm_cpus_per_task;
  if (!n) n = gs_app_env()->omp_num_threads;
  if (!n) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  }
  if (n <= 0) n = (int)sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}

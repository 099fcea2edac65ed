/* cli.h: the gridsearch commands and the option parsing they share. */
#ifndef GS_CLI_H
#define GS_CLI_H

/* Exit statuses (also in the man page and README). */
#define GS_EXIT_OK 0
#define GS_EXIT_FAIL 1
#define GS_EXIT_USAGE 2
#define GS_EXIT_INTERRUPTED 3

/* `gridsearch search CONFIG [options]`; argv[0] is "search". */
int gs_cmd_search(int argc, char **argv);

/* `gridsearch validate CONFIG`; argv[0] is "validate". */
int gs_cmd_validate(int argc, char **argv);

/* `gridsearch predict MODEL DATA [options]`; argv[0] is "predict". */
int gs_cmd_predict(int argc, char **argv);

/* `gridsearch primes MIN MAX [options]`; argv[0] is "primes". */
int gs_cmd_primes(int argc, char **argv);

/* s escaped for a message (gs_escape: control characters and invalid UTF-8
 * as \xHH), in one of 4 static buffers used in turn: up to 4 in one
 * message; single-threaded callers only (option parsing, messages). */
const char *gs_cli_esc(const char *s);

/* One long option of a command. */
typedef struct {
  const char *name;     /* without the leading "--" */
  int takes_value;
} gs_cli_option_t;

/* GNU-style option scanner: returns the index of the option in opts and sets
 * *value (or NULL), 0-based; returns -1 at the end of argv, -2 on an error
 * (message printed: unknown option with a did-you-mean, missing value).
 * Positional arguments are gathered into pos (up to max_pos). */
typedef struct {
  int argc;
  char **argv;
  int i;
  const char *cmd;
  const gs_cli_option_t *opts;
  char *pos[8];
  int n_pos;
} gs_cli_t;

void gs_cli_init(gs_cli_t *cli, const char *cmd, int argc, char **argv, const gs_cli_option_t *opts);
int gs_cli_next(gs_cli_t *cli, const char **value);

/* Checks that the command got exactly `want` positional arguments, named in
 * `names` ("CONFIG", "MIN MAX"); else prints one line (what is missing or
 * the first extra argument, with the usage) and returns -1. */
int gs_cli_arity(const gs_cli_t *cli, int want, const char *names);

/* Parses a positive integer option value; prints a message naming the option
 * and returns -1 when it is not one in [lo, hi]. */
long gs_cli_int(const char *cmd, const char *opt, const char *value, long lo, long hi);

/* Threads per rank: --threads, else SLURM_CPUS_PER_TASK, else OMP_NUM_THREADS,
 * else the cores this process may run on. */
int gs_cli_default_threads(void);

#endif

/* main.c: the gridsearch command line: dispatches to the commands. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applog.h"
#include "cli.h"
#include "env.h"
#include "gridsearch/error.h"
#include "gridsearch/npmath.h"
#include "gridsearch/report.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: gridsearch <command> [options]\n"
          "commands:\n"
          "  search CONFIG      run the SVC grid search CONFIG describes (see `gridsearch search --help`)\n"
          "  validate CONFIG    check CONFIG and its dataset, list the candidates and the cost\n"
          "  predict MODEL DATA label DATA's rows with a model a search wrote (see `gridsearch predict --help`)\n"
          "  primes MIN MAX     count the primes in [MIN, MAX] (see `gridsearch primes --help`)\n"
          "  help [COMMAND]     this text, or a command's\n"
          "options: --help, --version\n");
}

/* OpenBLAS starts a thread pool when it is loaded, before main, and its
 * threads spin on the cores our workers need (measured: 0.4 s of system time
 * on the seed search). We compute one Gram matrix per run, single-threaded,
 * so when the user has not chosen, run with OPENBLAS_NUM_THREADS=1: set it
 * and re-execute this program once (about a millisecond). */
static void pin_openblas_threads(char **argv) {
  char self[4096];
  if (gs_app_env()->openblas_num_threads) return;
  /* exec the program by its own path, so the process keeps its name */
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = '\0';
  if (setenv("OPENBLAS_NUM_THREADS", "1", 1) != 0) return;
  execv(self, argv);
  /* exec failed: go on with OpenBLAS's default pool */
}

/* One line for a word that is no command (or, starting with '-', no
 * option), with the nearest one. */
static int unknown_command(const char *who, const char *word) {
  static const char *const commands[] = {"search", "validate", "predict", "primes", "help", "version", NULL};
  static const char *const options[] = {"--help", "--version", NULL};
  int opt = word[0] == '-';
  const char *guess = gs_suggest(word, opt ? options : commands);
  fprintf(stderr, "%s: unknown %s \"%s\"", who, opt ? "option" : "command", gs_cli_esc(word));
  if (guess) fprintf(stderr, "; did you mean \"%s\"?\n", guess);
  else fprintf(stderr, " (commands: search, validate, predict, primes, help; see gridsearch --help)\n");
  return GS_EXIT_USAGE;
}

/* TERM, INT and USR1 are blocked from main's first instruction, across the
 * re-exec (the signal mask survives exec), until `search` has installed its
 * handlers (cmd_search.c) or another command starts: a signal that comes
 * meanwhile waits instead of killing the process with 143. */
static void hold_stop_signals(int how) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR1);
  sigprocmask(how, &set, NULL);
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv) {
  hold_stop_signals(SIG_BLOCK);
  gs_applog_install();
  pin_openblas_threads(argv);
  if (argc >= 2 && !strcmp(argv[1], "search")) return gs_cmd_search(argc - 1, argv + 1);
  hold_stop_signals(SIG_UNBLOCK);
  return dispatch(argc, argv);
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "gridsearch: no command given (commands: search, validate, predict, primes, help; see gridsearch --help)\n");
    return GS_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("gridsearch %s\n", gs_version());
    /* what loguniform's draws depend on (docs/config.md): numpy 1.24 uses
     * SVML's AVX-512 pow on such CPUs and the C library's elsewhere */
    printf("np.power: %s\n", gs_np_power_is_svml() ? "SVML (AVX-512)" : "libm");
    return GS_EXIT_OK;
  }
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    usage(stdout);
    return GS_EXIT_OK;
  }
  if (!strcmp(cmd, "help")) {
    if (argc < 3) { usage(stdout); return GS_EXIT_OK; }
    char *hargv[] = {argv[2], (char *)"--help", NULL};
    if (!strcmp(argv[2], "search")) return gs_cmd_search(2, hargv);
    if (!strcmp(argv[2], "primes")) return gs_cmd_primes(2, hargv);
    if (!strcmp(argv[2], "validate")) return gs_cmd_validate(2, hargv);
    if (!strcmp(argv[2], "predict")) return gs_cmd_predict(2, hargv);
    if (!strcmp(argv[2], "help") || !strcmp(argv[2], "version") || !strcmp(argv[2], "--version")) {
      usage(stdout);
      return GS_EXIT_OK;
    }
    return unknown_command("gridsearch help", argv[2]);
  }
  if (!strcmp(cmd, "search")) return gs_cmd_search(argc - 1, argv + 1);
  if (!strcmp(cmd, "primes")) return gs_cmd_primes(argc - 1, argv + 1);
  if (!strcmp(cmd, "validate")) return gs_cmd_validate(argc - 1, argv + 1);
  if (!strcmp(cmd, "predict")) return gs_cmd_predict(argc - 1, argv + 1);
  return unknown_command("gridsearch", cmd);
}

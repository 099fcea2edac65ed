/* sigpending.c: `sigpending SIGNAL PROGRAM [ARGS...]` runs PROGRAM with
 * SIGNAL (TERM, INT or USR1) blocked and already pending, as if the signal
 * had come at PROGRAM's first instruction: the signal tests use it to check
 * that a signal before gridsearch has done any work still gives its
 * documented status (3), never the default 128 + N. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: sigpending TERM|INT|USR1 PROGRAM [ARGS...]\n");
    return 2;
  }
  int sig = !strcmp(argv[1], "TERM") ? SIGTERM : !strcmp(argv[1], "INT") ? SIGINT : !strcmp(argv[1], "USR1") ? SIGUSR1 : 0;
  if (!sig) {
    fprintf(stderr, "sigpending: unknown signal \"%s\" (TERM, INT or USR1)\n", argv[1]);
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  /* a signal ignored here would stay ignored across exec: use the default */
  signal(sig, SIG_DFL);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 || raise(sig) != 0) {
    perror("sigpending");
    return 2;
  }
  execvp(argv[2], argv + 2);
  perror("sigpending: exec");
  return 127;
}

/* replay_main.c: a main for the fuzz harnesses in builds without libFuzzer
 * (gcc, the sanitizer build): runs LLVMFuzzerTestOneInput once on each file
 * named on the command line, so every committed corpus input, the crashes
 * the fuzzers found among them, is a regression test everywhere. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { perror(argv[i]); return 1; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "%s: read error\n", argv[i]); return 1; }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
  }
  printf("replayed %d inputs\n", argc - 1);
  return 0;
}

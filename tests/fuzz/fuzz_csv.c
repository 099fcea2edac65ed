/* fuzz_csv.c: libFuzzer harness for the CSV loader. */
#include "fuzz_dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_dataset(data, size, GS_FORMAT_CSV); }

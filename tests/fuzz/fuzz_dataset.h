/* fuzz_dataset.h: the body shared by the CSV and LIBSVM harnesses: the input
 * is read through gs_dataset_read from a stream over exactly its bytes,
 * with dense matrices capped at 256 MB (a refusal, with a message, above). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/dataset.h"
#include "gridsearch/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_dataset(const uint8_t *data, size_t size, gs_format_t format) {
  if (size == 0) return 0; /* fmemopen refuses a zero-size buffer */
  char *buf = malloc(size);
  if (!buf) return 0;
  memcpy(buf, data, size);
  FILE *f = fmemopen(buf, size, "rb");
  if (!f) { free(buf); return 0; }
  gs_dataset_t *ds = NULL;
  gs_error_t err;
  gs_error_clear(&err);
  int rc = gs_dataset_read(&ds, f, "fuzz", format, 256, &err);
  if ((rc == GS_OK) != (ds != NULL) || (rc != GS_OK && err.message[0] == '\0')) abort();
  if (ds) {
    /* a dataset that loads is whole: finite values, classes ascending,
     * every label one of them */
    if (ds->n_samples == 0 || ds->n_features == 0 || ds->n_classes < 2) abort();
    for (size_t i = 0; i < ds->n_samples * ds->n_features; i++)
      if (ds->X[i] != ds->X[i] || ds->X[i] - ds->X[i] != 0) abort();
    for (size_t c = 1; c < ds->n_classes; c++)
      if (ds->classes[c - 1] >= ds->classes[c]) abort();
    for (size_t i = 0; i < ds->n_samples; i++) {
      size_t c = 0;
      while (c < ds->n_classes && ds->classes[c] != ds->y[i]) c++;
      if (c == ds->n_classes) abort();
    }
  }
  gs_dataset_free(ds);
  fclose(f);
  free(buf);
  return 0;
}

/* fuzz_config.c: libFuzzer harness for the config parser. Each input is a
 * raw buffer of exactly its size (no NUL after it, so ASan sees any read
 * past the end), fed to cJSON_ParseWithLength as the issue asks and then
 * through gridsearch's own reader and checks (comment stripping, syntax
 * checker with positions, key validation). Either may refuse the input; the
 * only thing they may not do is crash, leak or read out of bounds. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gridsearch/config.h"
#include "gridsearch/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf = malloc(size ? size : 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  cJSON_Delete(cJSON_ParseWithLength(buf, size));
  gs_config_t *cfg = NULL;
  gs_error_t err;
  gs_error_clear(&err);
  int rc = gs_config_parse(&cfg, "fuzz.json", buf, size, &err);
  /* the contract: a result or an error with a message, never both */
  if ((rc == GS_OK) != (cfg != NULL) || (rc != GS_OK && err.message[0] == '\0')) abort();
  gs_config_free(cfg);
  free(buf);
  return 0;
}

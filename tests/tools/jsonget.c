/* jsonget.c: prints the value at a dotted path of a JSON file (objects by
 * key, arrays by index), compactly, for the tests' checks of run.json and
 * best_params.json without Python. Exit 1 when the file does not parse or
 * the path is missing. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: jsonget FILE.json PATH (e.g. best.accuracy.params.C)\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  static char text[1 << 22];
  size_t len = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[len] = '\0';
  cJSON *root = cJSON_ParseWithLength(text, len);
  if (!root) { fprintf(stderr, "jsonget: %s: not JSON\n", argv[1]); return 1; }
  const cJSON *node = root;
  char path[1024];
  snprintf(path, sizeof path, "%s", argv[2]);
  for (char *part = strtok(path, "."); part && node; part = strtok(NULL, "."))
    node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, atoi(part)) : cJSON_GetObjectItemCaseSensitive(node, part);
  if (!node) { fprintf(stderr, "jsonget: %s: no %s\n", argv[1], argv[2]); cJSON_Delete(root); return 1; }
  char *out = cJSON_IsString(node) ? NULL : cJSON_PrintUnformatted(node);
  printf("%s\n", out ? out : node->valuestring);
  free(out);
  cJSON_Delete(root);
  return 0;
}

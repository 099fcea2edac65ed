/* params.c: the parameter table (params.h) and its sorted order. */
#include "gridsearch/params.h"

#include <stdlib.h>
#include <string.h>

#define GS__P_ROW(id, name, pname, type, def, kernel) {name, pname, type, def, kernel},
static const gs_param_info_t rows[GS_P_COUNT] = {GS_PARAM_MAP(GS__P_ROW)};
#undef GS__P_ROW

const gs_param_info_t *gs_param_info(int k) { return k >= 0 && k < GS_P_COUNT ? &rows[k] : NULL; }

const char *gs_param_name(int k) { return k >= 0 && k < GS_P_COUNT ? rows[k].name : "?"; }

int gs_param_find(const char *name) {
  for (int k = 0; k < GS_P_COUNT; k++)
    if (!strcmp(rows[k].name, name)) return k;
  return -1;
}

/* Python compares str by code point: for these ASCII names, strcmp. */
static int cmp_pipeline_name(const void *a, const void *b) {
  return strcmp(rows[*(const int *)a].pipeline_name, rows[*(const int *)b].pipeline_name);
}

void gs_params_sorted(int order[GS_P_COUNT]) {
  for (int k = 0; k < GS_P_COUNT; k++) order[k] = k;
  qsort(order, GS_P_COUNT, sizeof *order, cmp_pipeline_name);
}

/* task.h: what one cross-validation task (a candidate fitted on a fold's
 * training rows and scored on its test rows) produced, as the journal
 * records it and as ranks send it to each other. Tasks are named by a
 * stable id (cv.c: round, candidate and fold), so the journal needs to know
 * nothing of the search that made them. */
#ifndef GRIDSEARCH_TASK_H
#define GRIDSEARCH_TASK_H

#include "gridsearch/config.h" /* GS_MAX_SCORERS */

/* What one (candidate, fold) task produced; fixed size, sent between ranks. */
typedef struct {
  int status;                    /* GS_OK, or the fit's error code */
  double scores[GS_MAX_SCORERS]; /* per scorer, config order */
  double train_scores[GS_MAX_SCORERS]; /* the same on the fold's training rows (return_train_score) */
  double fit_time, score_time;
  char message[240];             /* the failure, when status != GS_OK */
} gs_task_result_t;

#endif

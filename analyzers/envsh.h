/*
 * `gotrace env`: a run's Go environment as shell lines (docs/diff-format.md).
 */
#ifndef GT_ENVSH_H
#define GT_ENVSH_H

#include <stdio.h>

/* Print the run's Go-relevant environment as sh lines (or JSON); -1 with a one-line reason in ERR. */
int gt_env_file(const char *path, FILE *out, int json, char *err, size_t errsize);

#endif

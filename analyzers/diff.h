/*
 * Two runs side by side (`gotrace diff`): docs/diff-format.md.
 */
#ifndef GT_DIFF_H
#define GT_DIFF_H

#include <stdio.h>

/*
 * Compare traces A and B and print the differences that matter, most
 * likely cause first (text, or JSON with JSON set). Returns the number of
 * differences, or -1 with a one-line reason in ERR.
 */
int gt_diff_files(const char *a, const char *b, FILE *out, int json, char *err, size_t errsize);

#endif

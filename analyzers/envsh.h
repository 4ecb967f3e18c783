/*
 * `gotrace env`: a run's Go environment as shell lines (docs/diff-format.md).
 */
#ifndef GT_ENVSH_H
#define GT_ENVSH_H

#include <stdio.h>

#include "../common/buf.h"

/* Print the run's Go-relevant environment as sh lines (or JSON); -1 with a one-line reason in ERR. */
int gt_env_file(const char *path, FILE *out, int json, char *err, size_t errsize);

/* S as one single-quoted sh word, whatever it holds, appended to B. */
void gt_sh_quote(struct gt_buf *b, const char *s);
/* S inside a "# ..." comment: every control byte a '?', so nothing ends the comment. */
void gt_sh_comment(struct gt_buf *b, const char *s);
/* Whether NAME is a shell name (it can follow "export " as it is). */
int gt_sh_name(const char *name);

#endif

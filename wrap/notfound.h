/*
 * A command not found on PATH, recorded (wrap/notfound.c).
 */
#ifndef GT_NOTFOUND_H
#define GT_NOTFOUND_H

#include "tracefile.h"

/* The "notfound" event: NAME, the PATH searched, and where a program NAME is. */
void gt_notfound_event(struct gt_trace *t, const char *name);
/*
 * The whole trace of a run whose command ARGV[0] was not found, into OUT
 * (or the default place), T's path set: a header, the notfound event, an
 * end record with status 127. 0, or -1 after one line on stderr.
 */
int gt_notfound_trace(struct gt_trace *t, const char *out, char **argv);

#endif

/*
 * Reading a trace file: one JSON object a line, checked as it is read. A
 * trace is accepted only whole: a missing, empty, foreign, newer or cut
 * file is an error with one line of explanation, so nothing is reported
 * from half a trace.
 */
#ifndef GT_READER_H
#define GT_READER_H

#include <jansson.h>
#include <stddef.h>

/* Called for each event; LINE counts from 1 (the run header). Non-zero stops. */
typedef int (*gt_event_fn)(json_t *ev, size_t line, void *arg);

/*
 * Stream the events of PATH to FN. Returns 0, or -1 with a one-line reason
 * (naming PATH) in ERR.
 */
int gt_read_trace(const char *path, gt_event_fn fn, void *arg, char *err, size_t errsize);

#endif

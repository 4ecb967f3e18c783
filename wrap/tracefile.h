/*
 * The trace file: JSONL, one event a line, written through one large
 * buffer so a build's tens of thousands of events cost a few dozen writes.
 * Events are formatted straight into that buffer between gt_trace_begin and
 * gt_trace_commit.
 */
#ifndef GT_TRACEFILE_H
#define GT_TRACEFILE_H

#include <stdint.h>
#include <sys/types.h>

#include "../common/buf.h"

struct gt_trace {
	int fd;
	struct gt_buf buf;
	uint64_t events;
	uint64_t t0;  /* CLOCK_MONOTONIC at start, ns */
	int werr;     /* errno of the first failed write, 0 if none */
	char *path;
};

/*
 * Decide where the trace goes: FILE when given, else a new file in the
 * state directory (created 0700), which last.jsonl then points to. Returns
 * 0, or -1 with a message for the user in *ERR (static storage).
 */
int gt_trace_open(struct gt_trace *t, const char *file, const char *cmd,
		  const char **err);
/* Nanoseconds since the trace started. */
uint64_t gt_trace_now(const struct gt_trace *t);
/* Start an event line; returns the buffer to append `,"field":...` to. */
struct gt_buf *gt_trace_begin(struct gt_trace *t, const char *ev, uint64_t ns,
			      pid_t pid, const char *src);
/* Finish the event line, flushing when the buffer is large. */
void gt_trace_commit(struct gt_trace *t);
/* Write out everything buffered. */
void gt_trace_flush(struct gt_trace *t);
/* Flush and close; returns 0, or -1 if any write failed (errno in werr). */
int gt_trace_close(struct gt_trace *t);
/* The state directory ($XDG_STATE_HOME/gotrace or ~/.local/state/gotrace). */
int gt_state_dir(char *out, size_t size);

#endif

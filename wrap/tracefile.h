/*
 * The trace file: JSONL, one event a line, written through one large
 * buffer so a build's tens of thousands of events cost a few dozen writes.
 * Events are formatted straight into that buffer between gt_trace_begin and
 * gt_trace_commit. The writer is a sink: it formats, counts and writes,
 * and calls nothing of its callers.
 *
 * The order rule, which its one writer keeps (the run's loop, loop.h, on
 * gotrace's main thread; nothing else writes a trace):
 *
 *  - A process's events are in the order it made them, whichever layer
 *    saw them. Before the loop handles a stop, a notification or its
 *    clock, it writes what happened before: the shim's datagrams queued
 *    then, each after the in-kernel recorder's records made before it, and
 *    the records made before it looked at the queue.
 *  - A stopped process may be resumed before its event is written: what
 *    it does next is read only at the loop's next event, so it lands
 *    after.
 *  - `t` never decreases: a line stamped before the last one written (a
 *    datagram that waited in the socket) takes that line's time.
 *
 * What is written reaches the file when the buffer is large, at every
 * tick of the loop's clock (250 ms), and at the end.
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
	uint64_t last_ns; /* time of the last line written */
	int werr;     /* errno of the first failed write, 0 if none */
	char *path;
	int keep;     /* traces the state directory keeps (GOTRACE_KEEP) */
	/* --max-trace: past MAX bytes, lines are dropped (counted) until gt_trace_uncap */
	unsigned long long max, written, dropped;
	size_t line_start; /* where the line being made starts in buf */
	int capped, uncapped;
};

/*
 * Decide where the trace goes: FILE when given, else a new file in the
 * state directory (created 0700), which last.jsonl then points to. Returns
 * 0, or -1 with a message for the user in ERR (ERRSIZE bytes).
 */
int gt_trace_open(struct gt_trace *t, const char *file, const char *cmd, char *err, size_t errsize);
/* Nanoseconds since the trace started. */
uint64_t gt_trace_now(const struct gt_trace *t);
/* Start an event line; returns the buffer to append `,"field":...` to. */
struct gt_buf *gt_trace_begin(struct gt_trace *t, const char *ev, uint64_t ns,
			      pid_t pid, const char *src);
/* Finish the event line, flushing when the buffer is large. */
void gt_trace_commit(struct gt_trace *t);
/* Write out everything buffered. */
void gt_trace_flush(struct gt_trace *t);
/* Write out what is buffered: the loop's clock calls it every 250 ms, so a live trace can be read. */
void gt_trace_tick(struct gt_trace *t);
/* Let the end of the trace (fingerprints, end record) in past --max-trace. */
void gt_trace_uncap(struct gt_trace *t);
/* Flush and close; returns 0, or -1 if any write failed (errno in werr). */
int gt_trace_close(struct gt_trace *t);
/*
 * How many traces the state directory keeps: GOTRACE_KEEP, else
 * GT_KEEP_DEFAULT; 0 keeps them all. -1 with why in ERR when it is not a
 * number. The oldest go when a new trace is made there.
 */
#define GT_KEEP_DEFAULT 50
int gt_trace_keep(char *err, size_t size);
/* The state directory ($XDG_STATE_HOME/gotrace or ~/.local/state/gotrace). */
int gt_state_dir(char *out, size_t size);
/* mkdir -p PATH; the directories it creates get MODE. */
int gt_mkdirs(char *path, mode_t mode);
/* Whether DIR is safe to keep traces in: a directory (not a link) of this user that others cannot
 * write; 0, or -1 with why in WHY. */
int gt_state_dir_safe(const char *dir, char *why, size_t size);

#endif

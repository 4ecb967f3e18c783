/*
 * The trace file: JSONL, one event a line, written through one large
 * buffer so a build's tens of thousands of events cost a few dozen writes.
 * Events are formatted straight into that buffer between gt_trace_begin and
 * gt_trace_commit.
 */
#ifndef GT_TRACEFILE_H
#define GT_TRACEFILE_H

#include <pthread.h>
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
	/*
	 * Set by the launcher before the run's threads start (the watchdog,
	 * the shim's collector, the recorder's reader): gt_trace_begin takes
	 * MU (held until gt_trace_commit) and first calls BEFORE, when the
	 * collector has set it, which writes the shim's pending events so each
	 * process's events stay in order.
	 */
	int threaded;
	pthread_mutex_t mu;
	void (*before)(void *);
	void *before_arg;
	/*
	 * Called with MU: writes the in-kernel recorder's records made up to
	 * UPTO (CLOCK_MONOTONIC ns; UINT64_MAX: all). BEFORE calls it before
	 * each shim event with the event's time, and the trace after BEFORE
	 * with the time it started emptying the shim's queue (a later record
	 * may follow a shim event still queued), so records and shim events
	 * are written in the order they were made.
	 */
	void (*first)(void *, uint64_t upto);
	void *first_arg;
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
/*
 * Take the trace for an event this thread is about to write, before the
 * process it is about is resumed: what that process does next (the shim's
 * events, which the collector writes) then lands after it. The next
 * gt_trace_commit on this thread lets go; gt_trace_release does when no
 * event followed. A no-op unless the trace is threaded.
 */
void gt_trace_hold(struct gt_trace *t);
/* gt_trace_hold, emptying the shim's queue only with DRAIN (0: the process has no shim) */
void gt_trace_hold_for(struct gt_trace *t, int drain);
void gt_trace_release(struct gt_trace *t);
/* The same without the lock and BEFORE, for callers that hold MU. */
struct gt_buf *gt_trace_begin_raw(struct gt_trace *t, const char *ev, uint64_t ns,
				  pid_t pid, const char *src);
void gt_trace_commit_raw(struct gt_trace *t);
/* Write out everything buffered. */
void gt_trace_flush(struct gt_trace *t);
/*
 * Write out what is buffered, taking MU (a no-op unless threaded): the
 * watchdog calls it every 250 ms, so the lines written by then are on
 * disk about that soon. Not the events still to come: the shim's queue
 * and the recorder's ring are emptied into the trace at the next stop
 * (the ring at least every 100 ms), and an event taken with
 * gt_trace_hold waits for its commit.
 */
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

/*
 * The watchdog: when no traced process has made progress for a while (no
 * event and no CPU time), say live, on stderr, what each one waits on --
 * its sockets with their TCP state and traffic, a lock another process
 * holds, children it waits for -- and record the same as a `stall` event.
 * Also stops the command at --timeout. The run's loop (loop.h) calls it
 * every 100 ms; it reads only /proc, so it never disturbs the tracer.
 */
#ifndef GT_STALL_H
#define GT_STALL_H

#include <stdint.h>
#include <sys/types.h>

#include "tracefile.h"

struct gt_stall {
	struct gt_trace *trace;
	pid_t root;          /* the command */
	double stall_s;      /* report after this long without progress; 0: never */
	double timeout_s;    /* stop the command after this long; 0: never */
	int quiet;           /* record snapshots in the trace only, say nothing on stderr */
	int timed_out;       /* set once the timeout stopped the command */
	unsigned snapshots;
	uint64_t own_ns;     /* time of the watchdog's own last stall line */
	/* its watch, kept from tick to tick (CLOCK_MONOTONIC ns) */
	uint64_t start, seen, quiet_from, base_at, kill_at;
	unsigned long long base_cpu;
	int reported, based;
	long hz;
};

/* Start the watch (the command starts now). */
void gt_stall_init(struct gt_stall *s);
/* Look again: the timeout, and whether the run has made no progress for --stall seconds. */
void gt_stall_tick(struct gt_stall *s);
/*
 * Print and record what every process of the run waits on now; REASON is
 * "stall", "timeout" or "interrupt", QUIET how long nothing happened.
 */
void gt_stall_snapshot(struct gt_stall *s, const char *reason, double quiet);

#endif

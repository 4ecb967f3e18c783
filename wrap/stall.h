/*
 * The watchdog: when no traced process has made progress for a while (no
 * event and no CPU time), say live, on stderr, what each one waits on --
 * its sockets with their TCP state and traffic, a lock another process
 * holds, children it waits for -- and record the same as a `stall` event.
 * Also stops the command at --timeout. Runs in its own thread and reads
 * only /proc, so it never disturbs the tracer.
 */
#ifndef GT_STALL_H
#define GT_STALL_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "tracefile.h"

struct gt_stall {
	struct gt_trace *trace;
	pid_t root;          /* the command */
	double stall_s;      /* report after this long without progress; 0: never */
	double timeout_s;    /* stop the command after this long; 0: never */
	int quiet;           /* record snapshots in the trace only, say nothing on stderr */
	pthread_t th;
	int stop[2];
	int running;
	volatile int timed_out; /* set once the timeout stopped the command */
	unsigned snapshots;
	uint64_t own_ns;     /* time of the watchdog's own last stall line */
	pthread_mutex_t mu;  /* one snapshot at a time */
};

/* Start the thread. Returns 0 or -errno. */
int gt_stall_start(struct gt_stall *s);
/* Stop it. */
void gt_stall_stop(struct gt_stall *s);
/*
 * Print and record what every process of the run waits on now; REASON is
 * "stall", "timeout" or "interrupt", QUIET how long nothing happened.
 */
void gt_stall_snapshot(struct gt_stall *s, const char *reason, double quiet);

#endif

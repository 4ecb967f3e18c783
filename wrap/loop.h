/*
 * The one loop of a run, as strace's next_event/dispatch_event: every
 * source — ptrace stops and exits, the shim's datagrams, the in-kernel
 * recorder's ring, seccomp notifications, the clock — becomes an event of
 * enum gt_lev, handled in one switch on gotrace's main thread. That thread
 * is the only one that writes the trace (tracefile.h states the order
 * rule it keeps).
 *
 * The main thread waits in waitpid, where a ptrace stop costs one call. A
 * second thread, the waker, waits on everything else (epoll) and only
 * says so: it marks the sources that are ready and, when the main thread
 * is in waitpid, interrupts it with a signal (no SA_RESTART), which the
 * main thread blocks everywhere else: the signal ends waitpid and no other
 * call. It reads nothing and writes nothing. What the loop gave up: the
 * watchdog is no longer beside the tracer (a snapshot that blocks, as
 * reading /proc/PID/environ of a process in exec could before Linux 5.7,
 * blocks the run).
 */
#ifndef GT_LOOP_H
#define GT_LOOP_H

#include <pthread.h>
#include <signal.h>
#include <sys/types.h>

#include "collect.h"
#include "stall.h"
#include "tracefile.h"
#include "tracer.h"

enum gt_lev {
	GT_LEV_STATUS,  /* waitpid gave a task's stop or end */
	GT_LEV_SHIM,    /* the shim's socket has datagrams */
	GT_LEV_RECORDS, /* the recorder's ring has records */
	GT_LEV_NOTIFY,  /* a seccomp notification waits for its answer */
	GT_LEV_TICK,    /* 100 ms passed: the ring, the file, the watchdog */
	GT_LEV_END,     /* no task is left (traced), or the command ended (untraced) */
	GT_LEV_ERROR,   /* waitpid failed otherwise (errno) */
	GT_LEV_KINDS
};

struct gt_lev_ev {
	enum gt_lev kind;
	pid_t tid;      /* GT_LEV_STATUS */
	int status;
};

struct gt_loop {
	/* set by the launcher */
	struct gt_trace *trace;
	struct gt_tracer *tr;   /* NULL: untraced (mode preload), root's end is waited for */
	struct gt_collect *col; /* NULL without the shim */
	struct gt_stall *st;
	pid_t root;
	int root_status;        /* untraced: its wait status once GT_LEV_END */

	/* the loop's own */
	pthread_t main, waker;
	int epfd, timerfd, stopfd[2];
	int wake_sig;
	/*
	 * The main thread's masks: the one it came with, and outside waitpid
	 * that one with the wake-up and the signals gotrace forwards blocked
	 * too (they are taken in waitpid), so that no other call of a dispatch
	 * fails with EINTR.
	 */
	sigset_t entry_mask, wait_mask, work_mask;
	int quiet;              /* say nothing of its own failures (-q) */
	int waker_dead;         /* the waker stopped (atomic): nothing wakes the loop but waitpid */
	int notify_watched;
	int pending;            /* 1 << GT_LEV_* the waker saw ready (atomic) */
	int idle;               /* the main thread is in waitpid (atomic) */
	int waker_running;
	uint64_t flushed_ns;    /* when the trace was last written out */
};

/* Run until the end; 0, or -1 when waitpid failed otherwise than by the command's end. */
int gt_loop_run(struct gt_loop *L);
/* Write what the shim and the recorder still hold (after the run). */
void gt_loop_drain(struct gt_loop *L);

#endif

/*
 * The syscall tracer: follows every process and thread below the command,
 * turning seccomp traps into trace events with arguments and results.
 */
#ifndef GT_TRACER_H
#define GT_TRACER_H

struct gt_stall;

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "../common/buf.h"
#include "elfinfo.h"
#include "filter.h"
#include "tracefile.h"

#define ARG_STR_MAX (128u * 1024 + 1) /* MAX_ARG_STRLEN */

/* What a stop was, for the count in the end event (bench/NOTES.md: where a run's stops go) */
enum {
	GT_STOP_SECCOMP, GT_STOP_EXIT, GT_STOP_FORK, GT_STOP_CLONE, GT_STOP_EXEC, GT_STOP_NEWTASK,
	GT_STOP_SIGNAL, GT_STOP_FOLLOW, GT_STOP_OTHER, GT_STOP_KINDS
};

struct gt_tracer {
	struct gt_trace *trace;
	pid_t root;        /* the command's pid, already seized */
	pid_t self;        /* gotrace's pid: the root's parent in the trace */
	int root_status;   /* wait status of the root, valid when root_done */
	int root_done;
	unsigned long nproc;
	const char *shim;  /* the shim's LD_PRELOAD entry, hidden from recorded environments */
	const char *audit; /* the audit library's LD_AUDIT entry, hidden likewise */
	struct gt_stall *stall; /* for the snapshot when the command is interrupted */

	/* the tracer's own state, set up by gt_tracer_init */
	int interrupted;        /* the interrupt snapshot was taken */
	size_t nheld;           /* tasks held until their parent's fork event */
	char self_view[1024];   /* gotrace's credentials, root, mount namespace and security label */
	unsigned long looked_up; /* opens answered at entry: one stop instead of two */
	struct gt_buf scratch;  /* reused by every event: no allocation per event */
	struct gt_buf joined;   /* a write's text after the unfinished line before it, for redaction */
	char *strbuf;           /* ARG_STR_MAX bytes: one string read from a tracee */
	struct gt_elfinfo ei;   /* the ELF facts of the image being exec'd */
	uint64_t files_checked_ns; /* when the system's open-file count was last read */
	int files_ok;           /* it was under half of fs.file-max then */
	int fdsize_is_count;    /* the size of /proc/PID/fd counts descriptors: 1, 0, -1 not known yet */

	/* opens answered by notification (notify.c); notify_fd -1 without */
	int notify_fd;
	struct { uint64_t id; int kind; } *mounts; /* gotrace's mounts, their TR_FS_* (lookup.c) */
	size_t nmounts, mounts_cap;
	int mounts_hazard;      /* a filesystem served by a process or a network is mounted */
	int mounts_watch, mountinfo_fd; /* /proc/self/mountinfo, polled for changes (lookup.c) */
	unsigned force_mark;    /* the mode that makes the filter trap an openat (filter.h) */
	void *notify_buf;       /* one struct seccomp_notif, as large as the kernel's */
	size_t notify_size;
	unsigned long notify_answered; /* answered by gotrace: one wake-up instead of two stops */
	pid_t *back;            /* threads whose calls were handed back to ptrace, to interrupt */
	size_t nback, back_cap;
	unsigned long notify_back;     /* handed back to the kernel and traced */

	/* opens recorded in the kernel (openrec.h); rec NULL without */
	struct gt_openrec *rec;
	struct gt_tcb *rt;      /* the thread a record is written for (a scratch tcb) */
	uint64_t rec_recorded, rec_lost; /* the recorder's counters, read at the end */
	uint64_t rec_unowned;   /* records of a thread gotrace does not know (dropped) */
	unsigned long rec_lost_procs; /* processes the recorder could not take (its table full) */
	int rec_follows;              /* the kernel recorded new processes itself (no request at a fork) */
	uint64_t rec_lost_tasks;      /* new tasks it could not follow (processes or threads) */
	int rec_failed;         /* gotrace-openrec stopped answering or ended during the run */
	/* stops, by what they were (GT_STOP_*; the seccomp and exit stops by the call's GT_K_*) */
	unsigned long stops[GT_STOP_KINDS];
	unsigned long stops_seccomp[GT_K_COUNT], stops_exit[GT_K_COUNT];
};

/* PTRACE_SEIZE options every tracee gets. */
#define GT_PTRACE_OPTIONS                                                        \
	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK |     \
	 PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |         \
	 PTRACE_O_EXITKILL)

/*
 * The tracer as the run's loop (loop.h) drives it, on the one thread that
 * writes the trace.
 */
/* Register the seized root. */
void gt_tracer_init(struct gt_tracer *tr);
/* Before the first event, and after the last (the recorder's counters). */
void gt_tracer_begin(struct gt_tracer *tr);
void gt_tracer_end(struct gt_tracer *tr);
/* Handle what waitpid gave for TID. */
void gt_tracer_status(struct gt_tracer *tr, pid_t tid, int status);
/* Write the in-kernel recorder's records made up to UPTO (CLOCK_MONOTONIC ns). */
void gt_tracer_records(struct gt_tracer *tr, uint64_t upto);
/* Answer the seccomp notification waiting; 0 when no process has the filter any more. */
int gt_tracer_notified(struct gt_tracer *tr);
/* Interrupt the threads whose calls notifications handed back to ptrace (the loop, before it waits). */
void gt_tracer_interrupt_back(struct gt_tracer *tr);
/* Whether TID's program is statically linked (it has no shim, so sends no datagram). */
int gt_tracer_static(const struct gt_tracer *tr, pid_t tid);
/* Opens whose failed lookup gotrace answered at entry (one stop each). */
unsigned long gt_tracer_looked_up(const struct gt_tracer *tr);
/* Release what the tracer still holds (tasks of tracees that vanished). */
void gt_tracer_free(struct gt_tracer *tr);

#endif

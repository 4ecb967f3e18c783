/*
 * The run's header and end records (wrap/runinfo.c).
 */
#ifndef GT_RUNINFO_H
#define GT_RUNINFO_H

#include <sys/types.h>

#include "collect.h"
#include "tracefile.h"
#include "tracer.h"

/* How the run is traced, for its header (unset fields: no, or none). */
struct gt_run_head {
	const char *mode;      /* "ptrace", "preload", "none" */
	const char *why;       /* why the tracer is not used, or NULL */
	int shim;              /* the shim loads */
	int shim_opens;        /* ... and records opens */
	const char *opens;     /* how opens that only read are recorded: "kernel", "notify", "ptrace"; or NULL */
	const char *opens_why; /* why not in the kernel, or NULL */
};
/* The header: ARGV and H. */
void gt_run_header(struct gt_trace *t, char **argv, const struct gt_run_head *h);
/* The command's wait status as an exit status (128+N for signal N). */
int gt_status_to_exit(int status);
void gt_run_end(struct gt_trace *t, pid_t root, int status, unsigned long nproc, const struct gt_tracer *tr,
		int latency_hint, const struct gt_collect *col, int timed_out);

#endif

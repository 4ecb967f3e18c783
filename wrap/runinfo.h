/*
 * The run's header and end records (wrap/runinfo.c).
 */
#ifndef GT_RUNINFO_H
#define GT_RUNINFO_H

#include <sys/types.h>

#include "collect.h"
#include "tracefile.h"
#include "tracer.h"

/*
 * The header: ARGV, MODE ("ptrace", "preload"), WHY the tracer is not used
 * (or NULL), whether the shim loads and records opens, and how opens that
 * only read are recorded (OPENS: "kernel", "notify", "ptrace"; OPENS_WHY:
 * why not in the kernel, or NULL).
 */
void gt_run_header(struct gt_trace *t, char **argv, const char *mode, const char *why, int shim,
		   int shim_opens, const char *opens, const char *opens_why);
/* The command's wait status as an exit status (128+N for signal N). */
int gt_status_to_exit(int status);
void gt_run_end(struct gt_trace *t, pid_t root, int status, unsigned long nproc, const struct gt_tracer *tr,
		int latency_hint, const struct gt_collect *col, int timed_out);

#endif

/*
 * Running the command: find it as a shell would, start it under the
 * tracer (or in a fallback mode), forward signals, write the run header and
 * the end record, and turn its fate into gotrace's exit status. What to do
 * with the trace afterwards (the report) is the command line's business.
 */
#ifndef GT_LAUNCH_H
#define GT_LAUNCH_H

enum gt_mode { GT_MODE_AUTO, GT_MODE_PTRACE, GT_MODE_PRELOAD };
/* auto: in the kernel when it can (wrap/openrec.c), else ptrace; notify: wrap/notify.c */
enum gt_opens { GT_OPENS_AUTO, GT_OPENS_KERNEL, GT_OPENS_PTRACE, GT_OPENS_NOTIFY };

struct gt_launch_opts {
	const char *out;   /* -o FILE, or NULL for the state directory */
	enum gt_mode mode;
	int no_latency_hint; /* --no-latency-hint */
	int no_shim_opens;   /* --no-shim-opens: every open stops the process, the shim's too */
	int opens;           /* --opens: how opens that only read are recorded (GT_OPENS_*) */
	double stall;        /* --stall S (default 10; 0 turns it off) */
	double timeout;      /* --timeout S (0: none) */
	int quiet;           /* -q: no notice of gotrace's own during or after the run */
	unsigned long long max_trace; /* --max-trace: bytes the trace may hold (0: no limit) */
	char **argv;       /* the command */
};

/* Exit statuses of gotrace's own failures (env(1), timeout(1)). */
#define GT_EXIT_TIMEOUT 124 /* --timeout stopped the command, as timeout(1) */
#define GT_EXIT_FAIL 125
#define GT_EXIT_NOEXEC 126
#define GT_EXIT_NOTFOUND 127

struct gt_launch_result {
	char *trace;  /* the trace written (malloc'd), NULL when nothing ran */
	int complete; /* it was written whole */
};

/* Run the command; returns gotrace's exit status and fills RES (free RES->trace). */
int gt_launch(const struct gt_launch_opts *o, struct gt_launch_result *res);
/* What this machine allows the tracer (ptrace, seccomp) and where the shim is, for --version. */
#include <stdio.h>
void gt_launch_describe(FILE *out);
/*
 * What gotrace says on stderr during a run: "gotrace: " and the line
 * (gt_sayf), or a text already made and tamed (gt_say). The only place in
 * wrap/ that prints; the other files call these.
 */
void gt_sayf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gt_say(const char *text, size_t len);
/*
 * Resolve CMD against PATH like a shell: returns a malloc'd path, or NULL
 * with *ERR set to ENOENT (not found) or EACCES/EISDIR (not executable).
 */
char *gt_resolve_command(const char *cmd, int *err);

#endif

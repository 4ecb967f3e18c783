/*
 * `gotrace repro`: the traced command run again here, in the Go world the
 * trace recorded (docs/ci.md), and whether its failure came back.
 *
 * plan.c turns a trace into a plan and the plan into a sh script (what
 * --dry-run prints and what runs); compare.c answers for two traces.
 */
#ifndef GT_REPRO_H
#define GT_REPRO_H

#include <stddef.h>
#include <stdio.h>

#include "../common/buf.h"

struct rp_opts {
	const char *trace;  /* the trace to reproduce */
	const char *dir;    /* -C DIR: the local checkout (default ".") */
	const char *out;    /* -o TRACE: the new trace (default: the state directory) */
	const char *self;   /* the gotrace to run */
	int keep;           /* --keep: the private directory stays */
	int clean;          /* --clean: empty build and module caches */
};

/*
 * The sh script that reproduces the run of O->trace here, into SCRIPT; what
 * it could not rebuild is said in its comments. 0, or -1 with a one-line
 * reason in ERR (the trace cannot be read, has no command).
 */
int rp_script(const struct rp_opts *o, struct gt_buf *script, char *err, size_t errsize);

struct gt_model;
/*
 * The run's module root file: the first go.work, else go.mod, that a go
 * process of model M read in directory CWD or above it, not one of the
 * module cache; NULL when none.
 */
const char *rp_module_file(const struct gt_model *m, const char *cwd);

/*
 * Compare the traced run ORIG with the run here NEW and print the answer on
 * OUT: reproduced (0), different failure or not reproduced (1); -1 with a
 * reason in ERR. CLEAN: the run here had empty caches.
 */
int rp_compare(const char *orig, const char *now, int clean, FILE *out, char *err, size_t errsize);

/* The command `gotrace repro ARGS...` (ARGV[0] is "repro"): its exit status. */
int rp_main(int argc, char **argv);

#endif

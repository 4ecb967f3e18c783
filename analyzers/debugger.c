/*
 * A debugger under gotrace. A process has one tracer: under the syscall
 * tracer that is gotrace, so strace's PTRACE_SEIZE of its child, gdb's and
 * delve's PTRACE_TRACEME in theirs are refused with EPERM, and the debugger
 * fails in its own words ("ptrace(PTRACE_TRACEME, ...): Operation not
 * permitted", "fork/exec ...: operation not permitted"). The tracer records
 * those three requests with their result; this says what happened and the
 * way out.
 */
#include "analyzers.h"
#include "../common/files.h"

#include <stdio.h>
#include <string.h>

/*
 * Who wanted to trace: the nearest debugger from the refusing process up;
 * else, for a PTRACE_TRACEME in a fork child that ran no program yet (gdb's
 * and Go's way to start a traced child), its parent; else the process.
 */
static const struct gt_mproc *debugger_of(const struct gt_mproc *p, json_t *ev)
{
	const struct gt_mproc *a;
	const char *req = json_string_value(json_object_get(ev, "request"));

	for (a = p; a; a = a->parent)
		if (gt_is_debugger(a->name))
			return a;
	if (req && !strcmp(req, "PTRACE_TRACEME") && !p->nexec && p->parent)
		return p->parent;
	return p;
}

/* Whether EV is a refusal gotrace's presence explains. */
static int refused_by_us(const struct gt_model *m, json_t *ev)
{
	const char *req = json_string_value(json_object_get(ev, "request"));
	const char *err = json_string_value(json_object_get(ev, "err"));

	if (!req || !err || strcmp(err, "EPERM"))
		return 0;
	/* TRACEME: EPERM means the caller has a tracer already, and it is traced: by gotrace */
	if (!strcmp(req, "PTRACE_TRACEME"))
		return 1;
	/* ATTACH, SEIZE of a process gotrace traces (of another, EPERM may be the Yama policy or another user) */
	return gt_model_proc(m, (long)json_integer_value(json_object_get(ev, "target"))) != NULL;
}

static void one(const struct gt_model *m, struct gt_findings *fs, size_t i, const struct gt_mproc *dbg)
{
	const struct gt_mproc *failed = NULL, *a;
	struct gt_finding *f;
	const char *cmd = gt_pname(dbg);
	unsigned n = 0;
	size_t j;
	json_t *ev, *argv;
	struct gt_buf line;

	gt_buf_init(&line);
	/* the outermost process that failed, from the debugger up to the command */
	for (a = dbg; a; a = a->parent)
		if (gt_mproc_failed(a))
			failed = a;
	ev = json_array_get(m->ptraces, i);
	f = gt_finding_add(fs, GT_SUBJ_TRACER, failed ? GT_SEV_CAUSE : GT_SEV_WARNING, "ptrace-refused",
			   "%s (pid %ld) could not trace: %s refused with EPERM — a process has one tracer, and "
			   "under gotrace's syscall tracer that is gotrace", cmd, dbg->pid,
			   json_string_value(json_object_get(ev, "request")));
	f->t = json_real_value(json_object_get(ev, "t"));
	json_array_foreach(m->ptraces, j, ev) {
		const struct gt_mproc *p = gt_model_proc(m, (long)json_integer_value(json_object_get(ev, "pid")));
		if (j < i || !p || debugger_of(p, ev) != dbg || !refused_by_us(m, ev))
			continue;
		if (++n > 3)
			continue;
		if (json_object_get(ev, "target"))
			gt_finding_evidence(f, p->pid, json_real_value(json_object_get(ev, "t")),
					    (size_t)json_integer_value(json_object_get(ev, "line")), NULL, 0,
					    "ptrace(%s, %ld) → EPERM in %s (pid %ld)",
					    json_string_value(json_object_get(ev, "request")),
					    (long)json_integer_value(json_object_get(ev, "target")), gt_pname(p), p->pid);
		else
			gt_finding_evidence(f, p->pid, json_real_value(json_object_get(ev, "t")),
					    (size_t)json_integer_value(json_object_get(ev, "line")), NULL, 0,
					    "ptrace(%s) → EPERM in %s (pid %ld)",
					    json_string_value(json_object_get(ev, "request")), gt_pname(p), p->pid);
	}
	if (n > 3)
		gt_finding_evidence(f, dbg->pid, f->t, 0, NULL, 0, "and %u more refusals", n - 3);
	if (failed)
		gt_finding_evidence(f, failed->pid, failed->t_exit, failed->exit_line, NULL, 0, "%s exited %d (pid %ld)",
				    gt_pname(failed), failed->code, failed->pid);
	argv = json_object_get(m->run, "argv");
	json_array_foreach(argv, j, ev) {
		char w[512];
		if (json_string_value(ev) && line.len < 1024)
			gt_buf_printf(&line, " %s", gt_sh_word(json_string_value(ev), w, sizeof(w)));
	}
	gt_finding_fix(f, "gotrace --mode preload%s (no syscall tracer, so the debugger can trace; go and its "
		       "tools are then not seen), or run %s outside gotrace", line.len < 1024 ? gt_buf_cstr(&line) : " ...",
		       cmd);
	gt_buf_free(&line);
}

void gt_an_debugger(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc **done = NULL;
	size_t i, k, ndone = 0;
	json_t *ev;

	json_array_foreach(m->ptraces, i, ev) {
		const struct gt_mproc *p = gt_model_proc(m, (long)json_integer_value(json_object_get(ev, "pid"))), *dbg;
		if (!p || !refused_by_us(m, ev))
			continue;
		dbg = debugger_of(p, ev);
		for (k = 0; k < ndone && done[k] != dbg; k++)
			;
		if (k < ndone)
			continue; /* one finding per debugger */
		done = gt_xrealloc(done, (ndone + 1) * sizeof(*done));
		done[ndone++] = dbg;
		one(m, fs, i, dbg);
	}
	free(done);
}

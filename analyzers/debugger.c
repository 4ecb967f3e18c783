/*
 * A debugger under gotrace. A process has one tracer: under the syscall
 * tracer that is gotrace, so strace's PTRACE_SEIZE of its child, gdb's and
 * delve's PTRACE_TRACEME in theirs are refused with EPERM, and the debugger
 * fails in its own words ("ptrace(PTRACE_TRACEME, ...): Operation not
 * permitted", "fork/exec ...: operation not permitted"). The tracer records
 * those three requests with their result; this says what happened and the
 * way out. The same for a seccomp notification listener (gt_an_listener).
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
static const struct gt_mproc *debugger_of(const struct gt_mproc *p, const struct gt_ev_ptrace *ev)
{
	const struct gt_mproc *a;
	const char *req = ev->request;

	for (a = p; a; a = a->parent)
		if (gt_is_debugger(a->name))
			return a;
	if (req && !strcmp(req, "PTRACE_TRACEME") && !p->nexec && p->parent)
		return p->parent;
	return p;
}

/* Whether EV is a refusal gotrace's presence explains. */
static int refused_by_us(const struct gt_model *m, const struct gt_ev_ptrace *ev)
{
	const char *req = ev->request;

	if (!req || !ev->err || strcmp(ev->err, "EPERM"))
		return 0;
	/* TRACEME: EPERM means the caller has a tracer already, and it is traced: by gotrace */
	if (!strcmp(req, "PTRACE_TRACEME"))
		return 1;
	/* ATTACH, SEIZE of a process gotrace traces (of another, EPERM may be the Yama policy or another user) */
	return gt_model_proc(m, (long)ev->target) != NULL;
}

/* The command gotrace ran, quoted for the shell, into LINE (" ..." past 1 KiB). */
static void put_argv(const struct gt_model *m, struct gt_buf *line)
{
	const struct gt_strv *argv = &m->run->argv;
	size_t j;

	for (j = 0; j < argv->n; j++) {
		char w[512];
		if (argv->v[j] && line->len < 1024)
			gt_buf_printf(line, " %s", gt_sh_word(argv->v[j], w, sizeof(w)));
	}
}

/* The outermost process from P up that failed, or NULL. */
static const struct gt_mproc *outermost_failed(const struct gt_mproc *p)
{
	const struct gt_mproc *failed = NULL;

	for (; p; p = p->parent)
		if (gt_mproc_failed(p))
			failed = p;
	return failed;
}

static void one(const struct gt_model *m, struct gt_findings *fs, size_t i, const struct gt_mproc *dbg)
{
	const struct gt_mproc *failed;
	struct gt_finding *f;
	const char *cmd = gt_pname(dbg);
	unsigned n = 0;
	size_t j;
	const struct gt_ev_ptrace *ev = m->ptraces[i];
	struct gt_buf line;

	gt_buf_init(&line);
	/* the outermost process that failed, from the debugger up to the command */
	failed = outermost_failed(dbg);
	f = gt_finding_add(fs, GT_SUBJ_TRACER, failed ? GT_SEV_CAUSE : GT_SEV_WARNING, "ptrace-refused",
			   "%s (pid %ld) could not trace: %s refused with EPERM — a process has one tracer, and "
			   "under gotrace's syscall tracer that is gotrace", cmd, dbg->pid,
			   ev->request);
	f->t = ev->t;
	/* the refusals before I were another debugger's: I is its first */
	for (j = i; j < m->nptraces; j++) {
		const struct gt_mproc *p;
		ev = m->ptraces[j];
		p = gt_model_proc(m, ev->pid);
		if (!p || debugger_of(p, ev) != dbg || !refused_by_us(m, ev))
			continue;
		if (++n > 3)
			continue;
		if (GT_HAS(ev, ptrace, target))
			gt_finding_evidence(f, GT_AT_EV_PID(ev, p->pid), "ptrace(%s, %ld) → EPERM in %s (pid %ld)",
					    ev->request, (long)ev->target, gt_pname(p), p->pid);
		else
			gt_finding_evidence(f, GT_AT_EV_PID(ev, p->pid), "ptrace(%s) → EPERM in %s (pid %ld)",
					    ev->request, gt_pname(p), p->pid);
	}
	if (n > 3)
		gt_finding_evidence(f, GT_AT(dbg->pid, f->t, 0), "and %u more refusals", n - 3);
	if (failed)
		gt_finding_evidence(f, GT_AT(failed->pid, failed->t_exit, failed->exit_line), "%s exited %d (pid %ld)",
				    gt_pname(failed), failed->code, failed->pid);
	put_argv(m, &line);
	gt_finding_fix(f, "gotrace --mode preload%s (no syscall tracer, so the debugger can trace; go and its "
		       "tools are then not seen), or run %s outside gotrace", line.len < 1024 ? gt_buf_cstr(&line) : " ...",
		       cmd);
	gt_buf_free(&line);
}

void gt_an_debugger(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc **done = NULL;
	size_t i, k, ndone = 0;

	for (i = 0; i < m->nptraces; i++) {
		const struct gt_ev_ptrace *ev = m->ptraces[i];
		const struct gt_mproc *p = gt_model_proc(m, ev->pid), *dbg;
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

/*
 * A program that asked for a seccomp notification listener of its own
 * while gotrace answered opens by notification (--open-notify; header open_notify): the
 * filters of a process have at most one listener, gotrace's filter has it,
 * so the kernel refused the program's with EBUSY. Untraced, the first such
 * request of a process would have been granted.
 */
void gt_an_listener(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc *p = NULL, *failed;
	struct gt_finding *f;
	struct gt_buf line;
	unsigned n = 0;
	const struct gt_ev_seccomp_listener *first = NULL;
	size_t i;

	if (!m->run->open_notify)
		return;
	for (i = 0; i < m->nlisteners; i++) {
		const struct gt_ev_seccomp_listener *ev = m->listeners[i];
		if (!ev->err || strcmp(ev->err, "EBUSY"))
			continue;
		if (!n++) {
			first = ev;
			p = gt_model_proc(m, ev->pid);
		}
	}
	if (!first || !p)
		return;
	failed = outermost_failed(p);
	f = gt_finding_add(fs, GT_SUBJ_TRACER, failed ? GT_SEV_CAUSE : GT_SEV_WARNING, "listener-refused",
			   "%s (pid %ld) could not have its own seccomp notification listener: refused with EBUSY — "
			   "a process's filters have one listener, and gotrace's has it (it answers opens by notification)",
			   gt_pname(p), p->pid);
	f->t = first->t;
	gt_finding_evidence(f, GT_AT(p->pid, f->t, first->line),
			    "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER) → EBUSY in %s (pid %ld)",
			    gt_pname(p), p->pid);
	if (n > 1)
		gt_finding_evidence(f, GT_AT(p->pid, f->t, 0), "and %u more such refusals", n - 1);
	if (failed)
		gt_finding_evidence(f, GT_AT(failed->pid, failed->t_exit, failed->exit_line), "%s exited %d (pid %ld)",
				    gt_pname(failed), failed->code, failed->pid);
	gt_buf_init(&line);
	put_argv(m, &line);
	gt_finding_fix(f, "gotrace%s, without --open-notify (opens are then traced with ptrace, and the program "
		       "can have its listener)", line.len < 1024 ? gt_buf_cstr(&line) : " ...");
	gt_buf_free(&line);
}

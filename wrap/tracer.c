/*
 * The ptrace loop: wait for a stop, tell what kind it is, hand it on. Every
 * trapped syscall costs the tracee one stop at entry (the seccomp trap) and,
 * when its result matters, one at exit (capture.c). While a tracee is
 * stopped we only copy what we need out of it; formatting and writing the
 * event happen after it has been resumed, so they overlap with the
 * tracee's own work instead of lengthening its stop.
 *
 * Facts of ptrace this file relies on (ptrace(2)):
 *  - after PTRACE_SEIZE with TRACEFORK/VFORK/CLONE, new tasks are attached
 *    automatically and first report PTRACE_EVENT_STOP; that report may come
 *    before the parent's fork event, so such a task is held until then;
 *  - PTRACE_EVENT_EXEC is reported under the thread group id even when
 *    another thread exec'd; PTRACE_GETEVENTMSG gives that thread's old id,
 *    and the old leader vanishes without an exit report;
 *  - a seccomp stop resumed with PTRACE_SYSCALL reports the syscall's exit
 *    next; resumed with PTRACE_CONT it reports nothing more;
 *  - with PTRACE_SEIZE, group-stops are PTRACE_EVENT_STOP with a stop
 *    signal, and PTRACE_LISTEN keeps them stopped as without a tracer.
 */
#include "tracer_int.h"

#include <elf.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "launch.h"
#include "openrec.h"
#include "stall.h"
#include "../common/redact.h"
#include "../common/schema.h"
#include "../common/util.h"

void tr_resume(pid_t tid, int req, int sig)
{
	/* ESRCH: killed meanwhile; its exit report follows */
	ptrace(req, tid, 0, sig);
}

/* Let T run to its next trapped syscall (every syscall while it is followed). */
void tr_cont(struct gt_tcb *t, int sig)
{
	tr_resume(t->tid, (t->flags & (GT_TCB_FOLLOW | GT_TCB_INSYS | GT_TCB_STDOUT)) ? PTRACE_SYSCALL :
		       PTRACE_CONT, sig);
}

static void emit_fork(struct gt_tracer *T, pid_t child, pid_t parent, int event)
{
	struct gt_buf *b = tr_ev_begin(T, "fork", child);

	gt_json_key(b, GT_KEY(fork, ppid));
	gt_buf_i64(b, parent);
	gt_json_key(b, GT_KEY(fork, kind));
	gt_json_cstr(b, event == PTRACE_EVENT_VFORK ? "vfork" :
			event == PTRACE_EVENT_FORK ? "fork" : "clone");
	gt_trace_commit(T->trace);
}

static void emit_exit(struct gt_tracer *T, const struct gt_proc *p, int status)
{
	struct gt_buf *b = tr_ev_begin(T, "exit", p->pid);

	gt_json_key(b, GT_KEY(exit, ppid));
	gt_buf_i64(b, p->ppid);
	gt_decode_wait_status(b, status);
	gt_json_key(b, GT_KEY(exit, stops));
	gt_buf_u64(b, p->stops);
	gt_trace_commit(T->trace);
}

/* Ask the recorder to record P's opens (a 64-bit image). */
static void rec_ask(struct gt_tracer *T, struct gt_proc *p)
{
	p->rec_state = gt_openrec_track(T->rec, p->pid, 1) < 0 ? GT_REC_REFUSED : GT_REC_ON;
	if (p->rec_state == GT_REC_REFUSED)
		T->rec_lost_procs++;
}

/*
 * A new process C, not yet run: its opens are recorded in the kernel from
 * its first, with the cwd it starts in (its parent's, read while both are
 * stopped). Where the kernel follows forks it already records the child
 * of a recorded parent; a 32-bit parent's child is 32-bit too. ASK: ask
 * whatever the parent was (C's parent ended before its fork was seen).
 */
static void rec_track(struct gt_tracer *T, struct gt_tcb *c, int ask)
{
	if (!T->rec)
		return;
	if (!c->proc->cwd)
		tr_proc_cwd(c);
	if (c->proc->rec_state == GT_REC_32 ||
	    (!ask && c->proc->rec_state == GT_REC_ON && gt_openrec_follows_forks(T->rec)))
		return;
	rec_ask(T, c->proc);
}

/* Whether stopped task TID runs a 32-bit image (its registers are i386's): for when its ELF cannot be read. */
static int regs_are_32(pid_t tid)
{
	struct user_regs_struct r;
	struct iovec iov = {&r, sizeof(r)};

	return ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) == 0 && iov.iov_len < sizeof(r);
}

/* PTRACE_EVENT_EXEC at PID: the exec captured at entry succeeded. */
static void on_exec(struct gt_tracer *T, pid_t pid)
{
	unsigned long old = pid;
	struct gt_tcb *t, *lead;
	char link[64], exe[PATH_MAX];
	ssize_t n;
	int have_ei, is32;

	ptrace(PTRACE_GETEVENTMSG, pid, 0, &old);
	t = gt_tcb_find((pid_t)old);
	lead = gt_tcb_find(pid);
	if (t && (pid_t)old != pid) {
		/* a non-leader thread exec'd: it now carries the leader's id */
		if (lead)
			gt_tcb_free(lead);
		gt_tcb_rename(t, pid);
	} else if (!t) {
		t = lead;
	}
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	have_ei = tr_exe_elfinfo(pid, &T->ei) == 0;
	/*
	 * The recorder forgot the process at its exec (openrec.bpf.c): track
	 * it again before the image runs, but a 32-bit one, whose i386 calls
	 * the filter traps (nothing to record).
	 */
	is32 = T->rec && (have_ei ? T->ei.cls == 1 : regs_are_32(pid));
	if (T->rec && (!t || !t->proc) && !is32 && gt_openrec_track(T->rec, pid, 1) < 0)
		T->rec_lost_procs++;
	if (T->rec && t && t->proc) {
		if (is32)
			t->proc->rec_state = GT_REC_32;
		else
			rec_ask(T, t->proc);
	}
	if (!t || !t->proc) {
		tr_resume(pid, PTRACE_CONT, 0);
		return;
	}
	t->proc->same_view = tr_same_view(T, pid); /* a setuid program may have changed it */
	t->proc->static_image = have_ei && !T->ei.dynamic;
	if (T->rec && !t->proc->cwd)
		tr_proc_cwd(t);
	t->flags &= ~(GT_TCB_INSYS | GT_TCB_FOLLOW | GT_TCB_STDOUT);
	t->dns_rbuf = 0;
	memset(t->proc->dns_fds, 0xff, sizeof(t->proc->dns_fds)); /* all -1: a new program */
	if (n > 0 && tr_keeps_stdout(exe))
		t->flags |= GT_TCB_STDOUT;
	/* resumed before its exec event is written: its first shim events are read after it (loop.c) */
	tr_cont(t, 0);
	if (t->ex && (t->kind == GT_K_EXECVE || t->kind == GT_K_EXECVEAT))
		tr_emit_exec_ok(T, t, n > 0 ? exe : NULL, have_ei ? &T->ei : NULL);
	t->kind = GT_K_NONE;
}

/* Whether NEWTID is a thread in PARENT's thread group. */
static int is_thread_of(pid_t tgid, pid_t newtid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", tgid, newtid);
	return access(path, F_OK) == 0;
}

/* Attach NEWTID to a process and let it run if it was waiting. */
static void adopt(struct gt_tracer *T, struct gt_tcb *parent, pid_t newtid, int event)
{
	struct gt_tcb *c = gt_tcb_find(newtid);
	int held;

	if (!c)
		c = gt_tcb_new(newtid);
	else if (c->proc)
		return; /* already placed by resolve_held */
	held = c->flags & GT_TCB_HELD;
	if (event == PTRACE_EVENT_CLONE && is_thread_of(parent->proc->pid, newtid)) {
		gt_proc_attach(c, parent->proc);
		/* a thread born while a DNS exchange is open may be the one that does it */
		if (tr_dns_pending(c->proc)) {
			c->flags |= GT_TCB_FOLLOW;
			c->dns_left = DNS_FOLLOW;
		}
	} else {
		gt_proc_attach(c, gt_proc_new(newtid, parent->proc));
		T->nproc++;
		emit_fork(T, newtid, parent->proc->pid, event);
		rec_track(T, c, 0);
	}
	if (held) {
		c->flags &= ~GT_TCB_HELD;
		T->nheld--;
		tr_cont(c, 0);
	} else {
		c->flags |= GT_TCB_AWAIT_ATTACH;
	}
}

static void held_one(struct gt_tcb *c, void *arg)
{
	char path[64], line[256];
	pid_t tgid = 0, ppid = 0;
	struct gt_tracer *T = arg;
	struct gt_tcb *owner;
	FILE *f;

	if (!(c->flags & GT_TCB_HELD))
		return;
	snprintf(path, sizeof(path), "/proc/%d/status", c->tid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Tgid:", 5))
			tgid = atoi(line + 5);
		else if (!strncmp(line, "PPid:", 5))
			ppid = atoi(line + 5);
	}
	fclose(f);
	/*
	 * A living traced parent will still report its fork event; only a task
	 * whose parent died first (and was reparented) is placed here.
	 */
	if (tgid != c->tid || gt_tcb_find(ppid))
		return;
	owner = gt_tcb_find(ppid);
	if (!owner)
		owner = gt_tcb_find(T->root);
	if (!owner || !owner->proc)
		return;
	c->flags &= ~GT_TCB_HELD;
	T->nheld--;
	gt_proc_attach(c, gt_proc_new(c->tid, owner->proc));
	c->proc->ppid = ppid;
	/* its parent is not known: what it runs is read from it */
	c->proc->rec_state = regs_are_32(c->tid) ? GT_REC_32 : GT_REC_ON;
	T->nproc++;
	emit_fork(T, c->tid, ppid, PTRACE_EVENT_FORK);
	rec_track(T, c, 1);
	tr_resume(c->tid, PTRACE_CONT, 0);
}

static void resolve_held(struct gt_tracer *T)
{
	if (T->nheld)
		gt_tcb_each(held_one, T);
}

static void on_exit_status(struct gt_tracer *T, pid_t tid, int status)
{
	struct gt_tcb *t = gt_tcb_find(tid);

	if (tid == T->root) {
		T->root_status = status;
		T->root_done = 1;
	}
	if (!t)
		return;
	if (t->flags & GT_TCB_HELD)
		T->nheld--;
	if (t->proc && t->proc->pid == tid) {
		tr_emit_tail(T, t->proc);
		emit_exit(T, t->proc, status);
		/* where the kernel forgets it itself, not here: its id may be a new process's by now */
		if (T->rec && !gt_openrec_forgets_ended(T->rec))
			gt_openrec_track(T->rec, tid, 0);
	}
	gt_tcb_free(t);
	resolve_held(T);
}

/*
 * Whether the SIGINT TID stopped with is the user's interrupt: from the
 * terminal (SI_KERNEL), from gotrace forwarding one, or from a process
 * outside the command (kill -INT to the group). One process of the command
 * signalling another is the command's own business.
 */
static int users_interrupt(const struct gt_tracer *T, pid_t tid)
{
	siginfo_t si;

	(void)T;
	if (ptrace(PTRACE_GETSIGINFO, tid, 0, &si) < 0)
		return 0;
	if (si.si_code > 0)
		return si.si_code == SI_KERNEL;
	return gt_tcb_find(si.si_pid) == NULL;
}

/* Which GT_STOP_* a stop is (a syscall stop's exit or follow-up is told apart later). */
static int stop_kind(int sig, int event)
{
	if (sig == (SIGTRAP | 0x80))
		return GT_STOP_EXIT;
	switch (event) {
	case PTRACE_EVENT_SECCOMP: return GT_STOP_SECCOMP;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK: return GT_STOP_FORK;
	case PTRACE_EVENT_CLONE: return GT_STOP_CLONE;
	case PTRACE_EVENT_EXEC: return GT_STOP_EXEC;
	case PTRACE_EVENT_STOP: return GT_STOP_NEWTASK;
	case 0: return GT_STOP_SIGNAL;
	default: return GT_STOP_OTHER;
	}
}

static void on_stop(struct gt_tracer *T, pid_t tid, int status)
{
	int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
	struct gt_tcb *t = gt_tcb_find(tid);
	unsigned long msg = 0;

	T->stops[stop_kind(sig, event)]++;
	if (!t) {
		/* a new task reporting before its parent's fork event: hold it */
		t = gt_tcb_new(tid);
		t->flags |= GT_TCB_HELD;
		T->nheld++;
		return;
	}
	if (t->proc)
		t->proc->stops++;
	if (t->flags & GT_TCB_AWAIT_ATTACH) {
		t->flags &= ~GT_TCB_AWAIT_ATTACH;
		if (event == PTRACE_EVENT_STOP) {
			tr_cont(t, 0); /* a thread adopt() set to follow DNS stops at syscalls */
			return;
		}
	}
	if (t->nf && tr_notify_on_stop(T, t, sig, event))
		return;
	if (sig == (SIGTRAP | 0x80)) {
		if (!(t->flags & GT_TCB_INSYS) && (t->flags & (GT_TCB_FOLLOW | GT_TCB_STDOUT))) {
			T->stops[GT_STOP_EXIT]--;
			T->stops[GT_STOP_FOLLOW]++;
			tr_on_follow(T, t);
		} else {
			tr_on_sysexit(T, t);
		}
		return;
	}
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		tr_on_seccomp(T, t);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0 && msg && t->proc)
			adopt(T, t, (pid_t)msg, event);
		tr_cont(t, 0); /* a followed thread goes on being followed */
		return;
	case PTRACE_EVENT_EXEC:
		on_exec(T, tid);
		return;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			tr_resume(tid, PTRACE_LISTEN, 0); /* group-stop: stay stopped until SIGCONT */
		else
			tr_cont(t, 0);
		return;
	case 0:
		/*
		 * Ctrl-C reaches the whole process group: say what everything
		 * waited on before the signals take effect (once). Only the
		 * user's interrupt counts: the terminal's (SI_KERNEL) or the one
		 * gotrace forwards; a tracee's kill(SIGINT) of another (os/exec's
		 * own tests do) is the command's business.
		 */
		if (sig == SIGINT && T->stall && !T->interrupted && users_interrupt(T, tid)) {
			T->interrupted = 1;
			gt_stall_snapshot(T->stall, "interrupt", 0);
		}
		/* signal-delivery-stop: deliver the signal unchanged */
		tr_cont(t, sig);
		return;
	default:
		tr_cont(t, 0);
		return;
	}
}

void gt_tracer_init(struct gt_tracer *T)
{
	struct gt_tcb *t = gt_tcb_new(T->root);
	struct gt_proc *p = gt_proc_new(T->root, NULL);

	T->fdsize_is_count = -1;
	if (T->notify_fd >= 0)
		tr_notify_init(T);
	T->strbuf = gt_xrealloc(NULL, ARG_STR_MAX);
	p->ppid = T->self;
	gt_proc_attach(t, p);
	T->nproc = 1;
	if (tr_view_of(getpid(), T->self_view, sizeof(T->self_view)) < 0)
		T->self_view[0] = '\0';
	p->same_view = tr_same_view(T, T->root);
	if (T->rec) {
		T->rt = gt_xcalloc(1, sizeof(*T->rt));
		tr_proc_cwd(t);
	}
}

static void free_one(struct gt_tcb *t, void *arg)
{
	(void)arg;
	gt_tcb_free(t);
}

unsigned long gt_tracer_looked_up(const struct gt_tracer *T)
{
	return T->looked_up;
}

void gt_tracer_free(struct gt_tracer *T)
{
	gt_tcb_each(free_one, NULL);
	T->nheld = 0;
	gt_buf_free(&T->scratch);
	gt_buf_free(&T->joined);
	free(T->strbuf);
	T->strbuf = NULL;
	free(T->notify_buf);
	T->notify_buf = NULL;
	free(T->mounts);
	T->mounts = NULL;
	free(T->back);
	T->back = NULL;
	free(T->rt);
	T->rt = NULL;
	if (T->mounts_watch && T->mountinfo_fd >= 0)
		close(T->mountinfo_fd);
	T->mounts_watch = 0;
}

static void on_status(struct gt_tracer *T, pid_t tid, int status)
{
	if (WIFEXITED(status) || WIFSIGNALED(status))
		on_exit_status(T, tid, status);
	else if (WIFSTOPPED(status))
		on_stop(T, tid, status);
}

/*
 * One record of the in-kernel recorder: an open event like a trapped
 * one's, at the time the kernel recorded it, for the thread that made it.
 * A relative path's base is the process's cwd, which the tracer keeps
 * current (exec, fork, the exit of chdir): every record made before a
 * stop is drained at that stop, before the cwd can change.
 */
/* The name of a path call the recorder reports failed (its x86_64 number). */
static const char *fs_call_name(unsigned nr)
{
	switch (nr) {
	case 262: return "newfstatat";
	case 332: return "statx";
	case 269: return "faccessat";
	case 439: return "faccessat2";
	case 267: return "readlinkat";
	case 258: return "mkdirat";
	case 263: return "unlinkat";
	case 264: return "renameat";
	case 316: return "renameat2";
	case 4: return "stat";
	case 6: return "lstat";
	case 21: return "access";
	case 89: return "readlink";
	case 83: return "mkdir";
	case 84: return "rmdir";
	case 87: return "unlink";
	case 82: return "rename";
	}
	return "?";
}

/* A failed path call the recorder saw: the "fsfail" event (trace-format.md). */
static void emit_fsfail(struct gt_tracer *T, const struct gt_tcb *rt, const struct gt_openrec_ev *e)
{
	struct gt_buf *b = gt_trace_begin(T->trace, "fsfail", e->ts > T->trace->t0 ? e->ts - T->trace->t0 : 0,
					      rt->proc->pid, "sys");

	struct gt_buf red;

	/* a path a program only asked about can be any string, a URL with a password in it too (ls "$GOPROXY") */
	gt_buf_init(&red);
	tr_put_tid(b, rt);
	gt_json_key(b, GT_KEY(fsfail, call));
	gt_json_cstr(b, fs_call_name(e->flags));
	gt_json_key(b, GT_KEY(fsfail, path));
	gt_redact_text(&red, rt->path, rt->pathlen);
	gt_json_str(b, red.p ? red.p : "", red.len);
	if (rt->have_base) {
		/* joined from the redacted path: joining first would fold "https://" and hide the URL from the redactor */
		gt_json_key(b, GT_KEY(fsfail, abs));
		T->scratch.len = 0;
		gt_path_join(&T->scratch, rt->base, gt_buf_cstr(&red));
		gt_json_str(b, T->scratch.p, T->scratch.len);
	}
	gt_buf_free(&red);
	if (rt->pathtrunc)
		gt_json_true(b, GT_KEY_COMMON(trunc));
	tr_put_result(b, e->ret, 1);
	gt_trace_commit(T->trace);
}

static void on_record(void *ctx, const struct gt_openrec_ev *e)
{
	struct gt_tracer *T = ctx;
	struct gt_tcb *t = gt_tcb_find((pid_t)e->tid), *rt = T->rt;
	size_t n = e->pathlen & ~(GT_OPENREC_RAW | GT_OPENREC_FSFAIL);
	const char *cwd, *nul;
	int trunc;

	if (!t || !t->proc) {
		T->rec_unowned++;
		return;
	}
	rt->tid = t->tid;
	rt->proc = t->proc;
	rt->dirfd = AT_FDCWD;
	rt->oflags = e->flags;
	if (e->pathlen & GT_OPENREC_RAW) {
		/* the bytes readable at the path's address: a path, or one cut by unreadable memory */
		nul = memchr(e->path, '\0', n);
		trunc = !nul && n > 0;
		n = nul ? (size_t)(nul - e->path) : n;
	} else {
		/* with its NUL; PATH_MAX bytes: 4,095 or more characters, read as gotrace reads them (peek.c) */
		trunc = n == GT_OPENREC_PATH;
		n = n ? n - 1 : 0;
	}
	if (n >= sizeof(rt->path))
		n = sizeof(rt->path) - 1;
	memcpy(rt->path, e->path, n);
	rt->path[n] = '\0';
	rt->pathlen = n;
	rt->pathtrunc = trunc;
	if (e->pathlen & GT_OPENREC_FSFAIL) {
		rt->have_base = 0;
		if (n && rt->path[0] != '/' && (cwd = tr_proc_cwd(rt))) {
			snprintf(rt->base, sizeof(rt->base), "%s", cwd);
			rt->have_base = 1;
		}
		emit_fsfail(T, rt, e);
		return;
	}
	/* writing /proc/self/attr/... changes the security label (as capture.c) */
	if ((e->flags & O_ACCMODE) != O_RDONLY && strstr(rt->path, "/attr/"))
		t->proc->same_view = 0;
	rt->have_base = 0;
	if (n && rt->path[0] != '/' && (cwd = tr_proc_cwd(rt))) {
		snprintf(rt->base, sizeof(rt->base), "%s", cwd);
		rt->have_base = 1;
	}
	tr_emit_open_at(T, rt, e->ret, e->ret < 0, e->ts > T->trace->t0 ? e->ts - T->trace->t0 : 0);
}

void gt_tracer_records(struct gt_tracer *T, uint64_t upto)
{
	if (T->rec)
		gt_openrec_drain(T->rec, upto, on_record, T);
}

void gt_tracer_status(struct gt_tracer *T, pid_t tid, int status)
{
	on_status(T, tid, status);
}

int gt_tracer_static(const struct gt_tracer *T, pid_t tid)
{
	const struct gt_tcb *t = T ? gt_tcb_find(tid) : NULL;

	(void)T;
	return t && t->proc && t->proc->static_image;
}

void gt_tracer_begin(struct gt_tracer *T)
{
	if (T->rec)
		T->rec_follows = gt_openrec_follows_forks(T->rec);
}

void gt_tracer_end(struct gt_tracer *T)
{
	uint64_t noproc;

	if (!T->rec)
		return;
	if (gt_openrec_stats(T->rec, &T->rec_recorded, &T->rec_lost, &noproc, &T->rec_lost_tasks) < 0)
		T->rec_failed = 1;
	T->rec_lost_procs += noproc;
}

/*
 * What each trapped syscall records: its arguments, copied at the seccomp
 * stop (one capture function per kind, in `kinds`), and its result at the
 * exit stop when the result matters.
 */
#include "tracer_int.h"

#include <linux/audit.h>
#include <sys/socket.h>

#include "collect.h"
#include "fprint.h"
#include "../common/schema.h"
#include "../common/util.h"

struct gt_buf *tr_ev_begin(struct gt_tracer *T, const char *ev, pid_t pid)
{
	return gt_trace_begin(T->trace, ev, gt_trace_now(T->trace), pid, "sys");
}

void tr_put_result(struct gt_buf *b, int64_t rval, int is_error)
{
	char tmp[16];

	gt_json_key(b, GT_KEY_COMMON(ret));
	if (is_error) {
		gt_buf_add(b, "-1", 2);
		gt_json_key(b, GT_KEY_COMMON(err));
		gt_json_cstr(b, gt_errname((int)-rval, tmp));
	} else {
		gt_buf_i64(b, rval);
	}
}

void tr_put_tid(struct gt_buf *b, const struct gt_tcb *t)
{
	if (t->proc && t->tid != t->proc->pid) {
		gt_json_key(b, GT_KEY_COMMON(tid));
		gt_buf_i64(b, t->tid);
	}
}

/* The cwd of T's process, from the cache or /proc; NULL if unknown. */
const char *tr_proc_cwd(struct gt_tcb *t)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	if (t->proc->cwd)
		return t->proc->cwd;
	snprintf(link, sizeof(link), "/proc/%d/cwd", t->tid);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	t->proc->cwd = gt_xstrdup(buf);
	return t->proc->cwd;
}

/* Record in T->base the directory a relative path at DIRFD refers to. */
void tr_capture_base(struct gt_tcb *t, int dirfd)
{
	char link[64];
	ssize_t n;

	t->have_base = 0;
	if (dirfd == AT_FDCWD) {
		const char *cwd = tr_proc_cwd(t);
		if (cwd) {
			snprintf(t->base, sizeof(t->base), "%s", cwd);
			t->have_base = 1;
		}
		return;
	}
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", t->tid, dirfd);
	n = readlink(link, t->base, sizeof(t->base) - 1);
	if (n > 0) {
		t->base[n] = '\0';
		t->have_base = 1;
	}
}

void tr_emit_open(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error)
{
	tr_emit_open_at(T, t, rval, is_error, gt_trace_now(T->trace));
}

void tr_emit_open_at(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, uint64_t when)
{
	struct gt_buf *b = gt_trace_begin(T->trace, "open", when, t->proc->pid, "sys");

	struct gt_buf red;
	int secret;

	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(open, path));
	/* any string can be opened, a URL with a password in it too: redacted like every text of the trace */
	gt_buf_init(&red);
	secret = gt_redact_text(&red, t->path, t->pathlen);
	if (secret)
		gt_json_str(b, red.p, red.len);
	else
		gt_json_str(b, t->path, t->pathlen);
	if (t->dirfd != AT_FDCWD) {
		gt_json_key(b, GT_KEY(open, dirfd));
		gt_buf_i64(b, t->dirfd);
	}
	if (t->have_base) {
		gt_json_key(b, GT_KEY(open, abs));
		T->scratch.len = 0;
		/* joined from the redacted path: the join folds "https://" and would hide the URL from the redactor */
		gt_path_join(&T->scratch, t->base, secret ? gt_buf_cstr(&red) : t->path);
		gt_json_str(b, T->scratch.p, T->scratch.len);
	}
	gt_buf_free(&red);
	gt_json_key(b, GT_KEY(open, flags));
	gt_decode_oflags(b, t->oflags);
	if (t->pathtrunc)
		gt_json_true(b, GT_KEY_COMMON(trunc));
	tr_put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
	/* a file to fingerprint after the run, when gotrace sees the same file under that name */
	if (!is_error && t->proc->same_view && !t->pathtrunc) {
		if (gt_fp_wanted(t->path, t->pathlen)) {
			if (t->have_base) {
				T->scratch.len = 0;
				gt_path_join(&T->scratch, t->base, t->path);
				gt_fp_add(T->scratch.p, T->scratch.len);
			} else {
				gt_fp_add(t->path, t->pathlen);
			}
		}
	}
}

void tr_capture_path(struct gt_tcb *t, uint64_t addr)
{
	int tr = 0;
	ssize_t n = gt_peek_str(t->tid, addr, t->path, sizeof(t->path), &tr);

	t->pathlen = n > 0 ? (size_t)n : 0;
	t->path[t->pathlen] = '\0';
	t->pathtrunc = tr;
	if (t->pathlen && t->path[0] != '/')
		tr_capture_base(t, t->dirfd);
	else
		t->have_base = 0;
}

static void emit_connect(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error)
{
	struct gt_buf *b = tr_ev_begin(T, "connect", t->proc->pid);
	struct gt_proc *p = t->proc;

	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(connect, fd));
	gt_buf_i64(b, t->call.fd);
	gt_decode_sockaddr(b, t->sa, t->salen);
	gt_collect_put_host(b, p->pid, t->sa, t->salen);
	tr_put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
	if (is_error && -rval == EINPROGRESS) {
		int slot = p->nconn < GT_MAX_PENDING_CONN ? p->nconn++ : GT_MAX_PENDING_CONN - 1;
		p->conn[slot].fd = t->call.fd;
		p->conn[slot].len = t->salen;
		memcpy(p->conn[slot].sa, t->sa, t->salen);
	}
}

static void emit_soerror(struct gt_tracer *T, struct gt_tcb *t, int soerr)
{
	struct gt_proc *p = t->proc;
	int fd = t->call.fd, i;
	struct gt_buf *b;
	char tmp[16];

	for (i = 0; i < p->nconn; i++)
		if (p->conn[i].fd == fd)
			break;
	if (i == p->nconn)
		return;
	b = tr_ev_begin(T, "connect_done", p->pid);
	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(connect_done, fd));
	gt_buf_i64(b, fd);
	gt_decode_sockaddr(b, p->conn[i].sa, p->conn[i].len);
	gt_collect_put_host(b, p->pid, p->conn[i].sa, p->conn[i].len);
	gt_json_key(b, GT_KEY(connect_done, so_error));
	gt_buf_i64(b, soerr);
	if (soerr) {
		gt_json_key(b, GT_KEY_COMMON(ret));
		gt_buf_add(b, "-1", 2);
		gt_json_key(b, GT_KEY_COMMON(err));
		gt_json_cstr(b, gt_errname(soerr, tmp));
	} else {
		gt_json_key(b, GT_KEY_COMMON(ret));
		gt_buf_putc(b, '0');
	}
	gt_trace_commit(T->trace);
	p->conn[i] = p->conn[--p->nconn];
}

/* TEXT redacted as the continuation of P's unfinished line (P NULL: on its own), into B. */
static void put_text(struct gt_tracer *T, struct gt_buf *b, struct gt_proc *p, const char *text, size_t n)
{
	T->scratch.len = 0;
	if (p)
		gt_redact_text_after(&T->scratch, p->carry, p->carry_len, text, n, &T->joined);
	else
		gt_redact_text(&T->scratch, text, n);
	gt_json_key(b, GT_KEY(stderr, text)); /* a stdout event's too: stdout declares the same field */
	gt_json_str(b, gt_buf_cstr(&T->scratch), T->scratch.len);
}

/* Keep the unfinished last line of what P wrote (its last GT_CARRY_MAX bytes). */
static void carry_on(struct gt_proc *p, const char *text, size_t n)
{
	const char *nl = memrchr(text, '\n', n);
	size_t keep;

	if (nl) {
		p->carry_len = 0;
		n -= (size_t)(nl + 1 - text);
		text = nl + 1;
	}
	if (n >= GT_CARRY_MAX) {
		memcpy(p->carry, text + n - GT_CARRY_MAX, GT_CARRY_MAX);
		p->carry_len = GT_CARRY_MAX;
		return;
	}
	keep = p->carry_len + n > GT_CARRY_MAX ? GT_CARRY_MAX - n : p->carry_len;
	memmove(p->carry, p->carry + p->carry_len - keep, keep);
	memcpy(p->carry + keep, text, n);
	p->carry_len = keep + n;
}

/* Past the budget: keep the last GT_TEXT_TAIL bytes of stderr, count the rest. */
static void keep_tail(struct gt_proc *p, const char *ev, const char *s, size_t n)
{
	size_t drop;

	if (strcmp(ev, "stderr")) {
		p->text_skipped += n;
		return;
	}
	if (!p->tail)
		p->tail = gt_xcalloc(1, GT_TEXT_TAIL);
	if (n >= GT_TEXT_TAIL) {
		p->text_skipped += p->tail_len + (n - GT_TEXT_TAIL);
		memcpy(p->tail, s + (n - GT_TEXT_TAIL), GT_TEXT_TAIL);
		p->tail_len = GT_TEXT_TAIL;
		p->tail_cut = 1;
		return;
	}
	drop = p->tail_len + n > GT_TEXT_TAIL ? p->tail_len + n - GT_TEXT_TAIL : 0;
	if (drop) {
		memmove(p->tail, p->tail + drop, p->tail_len - drop);
		p->tail_len -= drop;
		p->text_skipped += drop;
		p->tail_cut = 1;
	}
	memcpy(p->tail + p->tail_len, s, n);
	p->tail_len += n;
}

/* Text T wrote to stderr (or, for pkg-config, stdout), redacted. */
void tr_emit_text(struct gt_tracer *T, struct gt_tcb *t, const char *ev, size_t n, int trunc)
{
	struct gt_proc *p = t->proc;
	struct gt_buf *b;
	size_t at;

	if (p->text_used >= GT_TEXT_BUDGET) {
		keep_tail(p, ev, t->path, n);
		return;
	}
	b = tr_ev_begin(T, ev, p->pid);
	at = b->len;
	tr_put_tid(b, t);
	put_text(T, b, p, t->path, n);
	carry_on(p, t->path, n);
	if (trunc)
		gt_json_true(b, GT_KEY_COMMON(trunc));
	p->text_used += b->len - at + 64; /* 64: about the fields before */
	gt_trace_commit(T->trace);
}

/*
 * At P's exit, what it wrote past the budget: the tail, from its first line
 * start when its front was cut (a line cut at its start could be a secret
 * without the words that say so), and how many bytes the trace does not
 * hold.
 */
void tr_emit_tail(struct gt_tracer *T, struct gt_proc *p)
{
	const char *nl = p->tail_cut && p->tail_len ? memchr(p->tail, '\n', p->tail_len) : NULL;
	size_t from = !p->tail_cut ? 0 : nl ? (size_t)(nl - p->tail) + 1 : p->tail_len;
	struct gt_buf *b;

	if (!p->text_skipped && !p->tail_len)
		return;
	b = tr_ev_begin(T, "stderr", p->pid);
	put_text(T, b, p->tail_cut ? NULL : p, p->tail + from, p->tail_len - from);
	gt_json_key(b, GT_KEY(stderr, skipped));
	gt_buf_u64(b, p->text_skipped + from);
	gt_trace_commit(T->trace);
}

/*
 * One capture function per trapped kind, called at its seccomp stop with
 * the arguments decoded in t->call. It copies what the event needs out of
 * the tracee and returns WANT_EXIT when the result matters (the tracee
 * then stops again at the syscall's exit, where the kind's exit function
 * writes the event), or DONE when it has resumed the tracee itself.
 */
enum { DONE, WANT_EXIT };

static int capture_open(struct gt_tracer *T, struct gt_tcb *t)
{
	const struct gt_call *c = &t->call;
	ssize_t n;

	t->dirfd = c->dirfd;
	if (t->kind == GT_K_OPENAT2) {
		uint64_t how = 0;
		gt_peek(t->tid, c->flags, &how, sizeof(how));
		t->oflags = how;
	} else {
		t->oflags = c->flags;
	}
	tr_capture_path(t, c->path);
	/* writing /proc/self/attr/... changes the security label (AppArmor change_hat, setcon) */
	if ((t->oflags & O_ACCMODE) != O_RDONLY && strstr(t->path, "/attr/"))
		t->proc->same_view = 0;
	/* a call handed back by notify.c must reach its exit stop */
	if (t->nf != NF_EXIT && (n = tr_lookup_fails(T, t)) && tr_answer(t, (int)n) == 0) {
		tr_cont(t, 0); /* resumed first: what it does next is read after this event (loop.c) */
		T->looked_up++;
		tr_emit_open(T, t, -n, 1);
		return DONE;
	}
	return WANT_EXIT;
}

static int capture_exec(struct gt_tracer *T, struct gt_tcb *t)
{
	tr_capture_exec(T, t);
	return WANT_EXIT;
}

static int capture_connect(struct gt_tracer *T, struct gt_tcb *t)
{
	size_t len = t->call.len < GT_SOCKADDR_MAX ? (size_t)t->call.len : GT_SOCKADDR_MAX;
	ssize_t n = gt_peek(t->tid, t->call.buf, t->sa, len);

	(void)T;
	t->salen = n > 0 ? (unsigned)n : 0;
	return WANT_EXIT;
}

/* getsockopt(SO_ERROR): the value is there only at exit */
static int capture_soerror(struct gt_tracer *T, struct gt_tcb *t)
{
	(void)T;
	(void)t;
	return WANT_EXIT;
}

/*
 * write(2, ...) and writev(2, ...): the text is copied at entry (what the
 * kernel will read) and recorded at exit, only as far as it was written: a
 * failed write (EBADF: stderr closed, EPIPE) wrote nothing.
 */
static int capture_write2(struct gt_tracer *T, struct gt_tcb *t)
{
	const struct gt_call *c = &t->call;
	size_t want = c->len < GT_STDERR_MAX ? (size_t)c->len : GT_STDERR_MAX;
	ssize_t n = want ? gt_peek(t->tid, c->buf, t->path, want) : 0;

	(void)T;
	t->pathlen = n > 0 ? (size_t)n : 0;
	t->pathtrunc = c->len > (uint64_t)t->pathlen;
	if (!t->pathlen) {
		tr_cont(t, 0);
		return DONE;
	}
	return WANT_EXIT;
}

static int capture_writev2(struct gt_tracer *T, struct gt_tcb *t)
{
	const struct gt_call *c = &t->call;
	unsigned cnt = c->len < 16 ? (unsigned)c->len : 16, i;
	size_t isz = gt_call_iovsize(c), total = 0;
	unsigned char iov[16 * 16];
	int cut = c->len > 16;

	(void)T;
	if (cnt && gt_peek(t->tid, c->buf, iov, cnt * isz) == (ssize_t)(cnt * isz)) {
		for (i = 0; i < cnt && total < GT_STDERR_MAX; i++) {
			uint64_t base, len;
			gt_call_iov_at(c, iov, i, &base, &len);
			if (len > GT_STDERR_MAX - total) {
				len = GT_STDERR_MAX - total;
				cut = 1;
			}
			if (len && gt_peek(t->tid, base, t->path + total, len) != (ssize_t)len)
				break;
			total += len;
		}
	}
	t->pathlen = total;
	t->pathtrunc = cut;
	if (!total) {
		tr_cont(t, 0);
		return DONE;
	}
	return WANT_EXIT;
}

static void exit_write2(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	(void)soerr;
	if (is_error || rval <= 0)
		return;
	if ((uint64_t)rval < t->pathlen) /* a partial write: what went out */
		tr_emit_text(T, t, "stderr", (size_t)rval, 1);
	else
		tr_emit_text(T, t, "stderr", t->pathlen, t->pathtrunc);
}

/* credentials, root or namespaces change: no more lookups on its behalf */
static int capture_creds(struct gt_tracer *T, struct gt_tcb *t)
{
	(void)T;
	t->proc->same_view = 0;
	tr_cont(t, 0);
	return DONE;
}

/*
 * chdir, fchdir: the cached cwd is stale. With the in-kernel recorder the
 * new one is read at the exit: the records drained later need the cwd
 * they were made in, and the process may be gone by then.
 */
static int capture_chdir(struct gt_tracer *T, struct gt_tcb *t)
{
	free(t->proc->cwd);
	t->proc->cwd = NULL;
	if (T->rec)
		return WANT_EXIT;
	tr_cont(t, 0);
	return DONE;
}


static void exit_open(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	(void)soerr;
	tr_emit_open(T, t, rval, is_error);
}

/* a successful exec is PTRACE_EVENT_EXEC (tracer.c); only a failure returns */
static void exit_exec(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	(void)soerr;
	if (is_error)
		tr_emit_exec_fail(T, t, rval);
}

static void exit_connect(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	(void)soerr;
	emit_connect(T, t, rval, is_error);
}

static void exit_soerror(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	(void)rval;
	if (!is_error)
		emit_soerror(T, t, soerr);
}

/* ptrace(TRACEME/ATTACH/SEIZE): its result says whether another tracer could take over */
static int capture_ptrace(struct gt_tracer *T, struct gt_tcb *t)
{
	(void)T;
	(void)t;
	return WANT_EXIT;
}

static void exit_ptrace(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	struct gt_buf *b = tr_ev_begin(T, "ptrace", t->proc->pid);
	long r = t->call.request;

	(void)soerr;
	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(ptrace, request));
	gt_json_cstr(b, r == PTRACE_TRACEME ? "PTRACE_TRACEME" : r == PTRACE_ATTACH ? "PTRACE_ATTACH" : "PTRACE_SEIZE");
	if (r != PTRACE_TRACEME) {
		gt_json_key(b, GT_KEY(ptrace, target));
		gt_buf_i64(b, t->call.target);
	}
	tr_put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
}

/* seccomp(SET_MODE_FILTER, NEW_LISTENER): whether the program got its listener */
static int capture_listener(struct gt_tracer *T, struct gt_tcb *t)
{
	(void)T;
	(void)t;
	return WANT_EXIT;
}

static void exit_listener(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	struct gt_buf *b = tr_ev_begin(T, "seccomp_listener", t->proc->pid);

	(void)soerr;
	tr_put_tid(b, t);
	tr_put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
}

/*
 * A signal that ends or interrupts (the filter traps no other): its target
 * is read now, while a pidfd still names it and a tkill's thread is alive.
 */
static int capture_signal(struct gt_tracer *T, struct gt_tcb *t)
{
	struct gt_call *c = &t->call;

	(void)T;
	if (c->sigcall == 3) {
		char p[64], line[96];
		FILE *f;
		snprintf(p, sizeof(p), "/proc/%d/fdinfo/%d", (int)t->tid, c->fd);
		c->target = 0;
		if ((f = fopen(p, "re"))) {
			while (fgets(line, sizeof(line), f))
				if (!strncmp(line, "Pid:", 4))
					c->target = strtol(line + 4, NULL, 10);
			fclose(f);
		}
	} else if (c->sigcall == 1 && c->target > 0) {
		struct gt_tcb *x = gt_tcb_find((pid_t)c->target);
		if (x && x->proc)
			c->target = x->proc->pid; /* the process of the thread */
	}
	return WANT_EXIT;
}

static void exit_signal(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr)
{
	struct gt_buf *b = tr_ev_begin(T, "signal", t->proc->pid);
	const struct gt_call *c = &t->call;
	static const char *const calls[] = {"kill", "tkill", "tgkill", "pidfd_send_signal"};
	const char *name = sigabbrev_np((int)c->request);
	char sig[24];

	(void)soerr;
	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(signal, call));
	gt_json_cstr(b, calls[c->sigcall & 3]);
	if (name)
		snprintf(sig, sizeof(sig), "SIG%s", name);
	else
		snprintf(sig, sizeof(sig), "%ld", c->request);
	gt_json_key(b, GT_KEY(signal, sig));
	gt_json_cstr(b, sig);
	if (c->target > 0) {
		gt_json_key(b, GT_KEY(signal, to));
		gt_buf_i64(b, c->target);
	} else if (c->sigcall == 0 && c->target == -1) {
		gt_json_key(b, GT_KEY(signal, all)); /* kill(-1): every process it may signal */
		gt_buf_puts(b, "true");
	} else if (c->sigcall == 0) {
		/* kill(0 or -pgid): a process group (0: its own) */
		gt_json_key(b, GT_KEY(signal, group));
		gt_buf_i64(b, -c->target);
	}
	tr_put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
}

static const struct {
	int (*capture)(struct gt_tracer *T, struct gt_tcb *t);
	void (*exit)(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, int soerr);
} kinds[] = {
	[GT_K_EXECVE] = {capture_exec, exit_exec},
	[GT_K_EXECVEAT] = {capture_exec, exit_exec},
	[GT_K_OPEN] = {capture_open, exit_open},
	[GT_K_OPENAT] = {capture_open, exit_open},
	[GT_K_OPENAT2] = {capture_open, exit_open},
	[GT_K_CONNECT] = {capture_connect, exit_connect},
	[GT_K_WRITE2] = {capture_write2, exit_write2},
	[GT_K_WRITEV2] = {capture_writev2, exit_write2},
	[GT_K_SOERROR] = {capture_soerror, exit_soerror},
	[GT_K_CHDIR] = {capture_chdir, NULL},
	[GT_K_LISTENER] = {capture_listener, exit_listener},
	[GT_K_CREDS] = {capture_creds, NULL},
	[GT_K_PTRACE] = {capture_ptrace, exit_ptrace},
	[GT_K_SIGNAL] = {capture_signal, exit_signal},
};

static ssize_t peek_tid(void *ctx, uint64_t addr, void *dst, size_t n)
{
	return gt_peek(*(pid_t *)ctx, addr, dst, n);
}

/* A seccomp stop: decode the call, hand it to its kind's capture function. */
void tr_on_seccomp(struct gt_tracer *T, struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	struct gt_call *c = &t->call;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP ||
	    gt_call_decode(c, si.arch, si.seccomp.nr, si.seccomp.args, (int)si.seccomp.ret_data,
			   peek_tid, &t->tid) < 0) {
		tr_cont(t, 0);
		return;
	}
	t->kind = c->kind;
	if (t->kind >= 0 && t->kind < GT_K_COUNT)
		T->stops_seccomp[t->kind]++;
	if (t->kind <= GT_K_NONE || (size_t)t->kind >= GT_ARRAY_SIZE(kinds) ||
	    !kinds[t->kind].capture) {
		tr_cont(t, 0);
		return;
	}
	if (kinds[t->kind].capture(T, t) == WANT_EXIT) {
		t->flags |= GT_TCB_INSYS;
		tr_resume(t->tid, PTRACE_SYSCALL, 0);
	}
}

/* The exit of a syscall whose seccomp stop asked for its result. */
void tr_on_sysexit(struct gt_tracer *T, struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	int64_t rval;
	int is_error, soerr = 0;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_EXIT || !(t->flags & GT_TCB_INSYS)) {
		tr_cont(t, 0);
		return;
	}
	t->flags &= ~GT_TCB_INSYS;
	if (t->kind >= 0 && t->kind < GT_K_COUNT)
		T->stops_exit[t->kind]++;
	rval = si.exit.rval;
	is_error = si.exit.is_error;
	if (t->kind == GT_K_SOERROR && !is_error)
		gt_peek(t->tid, t->call.buf, &soerr, sizeof(soerr));
	if (t->kind == GT_K_CONNECT && !is_error && si.arch == AUDIT_ARCH_X86_64)
		tr_follow_dns(t);
	if (t->kind == GT_K_CHDIR)
		tr_proc_cwd(t); /* while it is stopped: it may be gone before its records are drained */
	/* resumed first: what it does next (the shim's events) is read after this event (loop.c) */
	tr_cont(t, 0);
	/* an interrupted call the kernel restarts: the program never sees this result */
	if (!(is_error && -rval >= ERESTART_FIRST && -rval <= ERESTART_LAST) &&
	    t->kind > GT_K_NONE && (size_t)t->kind < GT_ARRAY_SIZE(kinds) && kinds[t->kind].exit)
		kinds[t->kind].exit(T, t, rval, is_error, soerr);
}

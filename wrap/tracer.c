/*
 * The ptrace loop. Every trapped syscall costs the tracee one stop at entry
 * (the seccomp trap) and, when its result matters, one at exit. While a
 * tracee is stopped we only copy what we need out of it; formatting and
 * writing the event happen after it has been resumed, so they overlap with
 * the tracee's own work instead of lengthening its stop.
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
#include "tracer.h"
#include "collect.h"
#include "stall.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/json.h"
#include "../common/redact.h"
#include "../common/decode.h"
#include "elfinfo.h"
#include "filter.h"
#include "peek.h"
#include "tasks.h"
#include "fprint.h"
#include "../common/wire.h"
#include "../common/dns.h"

#define ARG_BYTES_MAX (1u << 20) /* cap on one exec's argv or envp, bytes */
#define ARG_STR_MAX (128u * 1024 + 1) /* MAX_ARG_STRLEN */

/* in-kernel restart codes: the syscall will be retried, the program never sees them */
#define ERESTART_FIRST 512
#define ERESTART_LAST 517

static struct gt_tracer *T;
static int interrupted; /* the interrupt snapshot was taken */
static char strbuf[ARG_STR_MAX];
static size_t nheld;
static char self_view[1024];
static struct gt_buf scratch; /* reused by every event: no allocation per event */
static unsigned long looked_up; /* opens answered at entry: one stop instead of two */

static void resume(pid_t tid, int req, int sig)
{
	/* ESRCH: killed meanwhile; its exit report follows */
	ptrace(req, tid, 0, sig);
}

/* Let T run to its next trapped syscall (every syscall while it is followed). */
static void cont(struct gt_tcb *t, int sig)
{
	resume(t->tid, (t->flags & (GT_TCB_FOLLOW | GT_TCB_INSYS | GT_TCB_STDOUT)) ? PTRACE_SYSCALL :
		       PTRACE_CONT, sig);
}

static struct gt_buf *ev_begin(const char *ev, pid_t pid)
{
	return gt_trace_begin(T->trace, ev, gt_trace_now(T->trace), pid, "sys");
}

static void put_result(struct gt_buf *b, int64_t rval, int is_error)
{
	char tmp[16];

	gt_json_key(b, "ret");
	if (is_error) {
		gt_buf_add(b, "-1", 2);
		gt_json_key(b, "err");
		gt_json_cstr(b, gt_errname((int)-rval, tmp));
	} else {
		gt_buf_i64(b, rval);
	}
}

static void put_tid(struct gt_buf *b, const struct gt_tcb *t)
{
	if (t->proc && t->tid != t->proc->pid) {
		gt_json_key(b, "tid");
		gt_buf_i64(b, t->tid);
	}
}

/* The cwd of T's process, from the cache or /proc; NULL if unknown. */
static const char *proc_cwd(struct gt_tcb *t)
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
	t->proc->cwd = strdup(buf);
	return t->proc->cwd;
}

/*
 * What decides the outcome of a path lookup for PID: its credentials
 * (Uid, Gid, Groups, CapEff), its root and its mount namespace. Written to
 * OUT as one string; 0 on success.
 */
static int view_of(pid_t pid, char *out, size_t size)
{
	char path[64], line[512], root[8];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) ||
		    !strncmp(line, "Groups:", 7) || !strncmp(line, "CapEff:", 7)) {
			size_t l = strlen(line);
			if (len + l >= size) {
				fclose(f);
				return -1;
			}
			memcpy(out + len, line, l);
			len += l;
		}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/root", pid);
	n = readlink(path, root, sizeof(root));
	if (n != 1 || root[0] != '/')
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	if (stat(path, &st) < 0)
		return -1;
	snprintf(out + len, size - len, "mnt:%lu\n", (unsigned long)st.st_ino);
	return 0;
}

static int same_view(pid_t pid)
{
	char v[sizeof(self_view)];

	return self_view[0] && view_of(pid, v, sizeof(v)) == 0 && !strcmp(v, self_view);
}

/*
 * Whether the open about to run can be sure of a free descriptor: the
 * kernel takes one (EMFILE when every number below RLIMIT_NOFILE is in use)
 * and a struct file (ENFILE, for a process without CAP_SYS_ADMIN, when the
 * system holds fs.file-max) before it walks the path. Fewer descriptors
 * open than the limit means a free number below it (the count is the size
 * of /proc/PID/fd where the kernel gives it, else the entries listed). The system-wide count
 * is read at most every 100 ms and must be under half the maximum.
 */
static int room_for_a_file(pid_t tid)
{
	static uint64_t checked_ns;
	static int system_ok, size_is_count = -1;
	struct rlimit rl;
	struct stat st;
	struct timespec ts;
	uint64_t now, count = 0;
	char path[64], dents[4096];
	long n = -1;
	int dfd;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (!checked_ns || now - checked_ns > 100000000u) {
		unsigned long long nr = 0, unused = 0, max = 0;
		FILE *f = fopen("/proc/sys/fs/file-nr", "re");
		system_ok = f && fscanf(f, "%llu %llu %llu", &nr, &unused, &max) == 3 && nr < max / 2;
		if (f)
			fclose(f);
		checked_ns = now;
	}
	if (!system_ok || prlimit(tid, RLIMIT_NOFILE, NULL, &rl) < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", tid);
	/* since Linux 6.2 the size of /proc/PID/fd is the number of open descriptors */
	if (size_is_count < 0)
		size_is_count = stat("/proc/self/fd", &st) == 0 && st.st_size > 0;
	if (size_is_count)
		return stat(path, &st) == 0 && (uint64_t)st.st_size < rl.rlim_cur;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	while (count < rl.rlim_cur && (n = syscall(SYS_getdents64, dfd, dents, sizeof(dents))) > 0) {
		long off = 0;
		while (off < n) {
			const struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (const void *)(dents + off);
			if (d->name[0] != '.')
				count++;
			off += d->reclen;
		}
	}
	close(dfd);
	return n == 0 && count < rl.rlim_cur;
}

/*
 * At the entry of an open that cannot create anything, look the path up
 * ourselves. A missing component (ENOENT, ENOTDIR) depends only on the
 * directory tree and the searcher's credentials, root and mount namespace,
 * which same_view guarantees are the tracee's: that answer is the one the
 * kernel would give the tracee now. The kernel checks other things first,
 * in this order (fs/open.c, fs/namei.c): the flags (only with O_CREAT or
 * O_TMPFILE for open and openat, which are never answered; openat2 never
 * is), the path pointer, an empty or too long path (the string could not
 * be read whole: not answered), a free descriptor and a free struct file
 * (room_for_a_file), the dirfd of a relative path (EBADF when it is not
 * open: not answered; not a directory gives ENOTDIR, as the lookup through
 * /proc does), then each component (ENAMETOOLONG, EACCES, ELOOP: not
 * answered). Returns the errno to answer with, or 0 to let the syscall run.
 */
static int lookup_fails(struct gt_tcb *t)
{
	char full[PATH_MAX + 64];
	const char *p = t->path;
	struct stat st;
	int n = 0, err;

	if (!t->proc->same_view || t->pathtrunc || t->pathlen == 0 || t->kind == GT_K_OPENAT2 ||
	    (t->oflags & (O_CREAT | __O_TMPFILE)))
		return 0;
	/* relative paths through the tracee's own cwd or dirfd, as the kernel walks them */
	if (t->path[0] != '/') {
		if (t->dirfd == AT_FDCWD) {
			n = snprintf(full, sizeof(full), "/proc/%d/cwd/%s", t->tid, t->path);
		} else {
			char fdlink[64];
			snprintf(fdlink, sizeof(fdlink), "/proc/%d/fd/%d", t->tid, t->dirfd);
			if (lstat(fdlink, &st) < 0)
				return 0; /* not an open descriptor: EBADF, the kernel says it */
			n = snprintf(full, sizeof(full), "%s/%s", fdlink, t->path);
		}
		p = full;
	}
	if (n < 0 || (size_t)n >= sizeof(full))
		return 0;
	if (fstatat(AT_FDCWD, p, &st, (t->oflags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) == 0)
		return 0;
	err = errno;
	if (err != ENOENT && err != ENOTDIR)
		return 0;
	return room_for_a_file(t->tid) ? err : 0;
}

/* Skip the syscall at its seccomp stop and make it return -ERR. */
static int answer(struct gt_tcb *t, int err)
{
	if (ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user, regs.orig_rax), -1L) < 0)
		return -1;
	if (ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user, regs.rax), (long)-err) < 0)
		return -1;
	return 0;
}

/* Record in T->base the directory a relative path at DIRFD refers to. */
static void capture_base(struct gt_tcb *t, int dirfd)
{
	char link[64];
	ssize_t n;

	t->have_base = 0;
	if (dirfd == AT_FDCWD) {
		const char *cwd = proc_cwd(t);
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

/* Read a NULL-terminated array of string pointers into OUT; returns count. */
static size_t read_strv(struct gt_tcb *t, uint64_t addr, struct gt_buf *out, int *trunc)
{
	size_t count = 0, psize = gt_call_ptrsize(&t->call);
	unsigned char ptrs[512];

	out->len = 0;
	if (!addr)
		return 0;
	for (;;) {
		ssize_t got = gt_peek(t->tid, addr + count * psize, ptrs, sizeof(ptrs));
		size_t i, n;
		if (got < (ssize_t)psize)
			return count;
		n = (size_t)got / psize;
		for (i = 0; i < n; i++) {
			uint64_t p = gt_call_ptr_at(&t->call, ptrs, i);
			ssize_t len;
			int tr;
			if (!p)
				return count;
			if (out->len >= ARG_BYTES_MAX) {
				*trunc = 1;
				return count;
			}
			len = gt_peek_str(t->tid, p, strbuf, sizeof(strbuf), &tr);
			if (len < 0)
				len = 0;
			gt_buf_add(out, strbuf, (size_t)len + 1);
			count++;
		}
	}
}

static struct gt_execcap *execcap(struct gt_tcb *t)
{
	if (!t->ex) {
		t->ex = calloc(1, sizeof(*t->ex));
		if (!t->ex)
			abort();
	}
	return t->ex;
}

/* Entry of execve/execveat: everything must be read now, the image goes away. */
static void capture_exec(struct gt_tcb *t)
{
	struct gt_execcap *ex = execcap(t);
	const struct gt_call *c = &t->call;
	int tr = 0;
	ssize_t n;
	const char *cwd;

	ex->dirfd = c->dirfd;
	ex->flags = c->exec_flags;
	ex->trunc = 0;
	ex->path.len = 0;
	n = gt_peek_str(t->tid, c->path, strbuf, PATH_MAX, &tr);
	if (n > 0)
		gt_buf_add(&ex->path, strbuf, (size_t)n);
	gt_buf_cstr(&ex->path);
	ex->argc = read_strv(t, c->argv, &ex->argv, &ex->trunc);
	ex->envc = read_strv(t, c->envp, &ex->envp, &ex->trunc);
	free(ex->cwd);
	cwd = proc_cwd(t);
	ex->cwd = cwd ? strdup(cwd) : NULL;
	if (ex->dirfd != AT_FDCWD || ex->path.len == 0 || ex->path.p[0] != '/')
		capture_base(t, ex->dirfd);
	else
		t->have_base = 0;
}

static void put_strv(struct gt_buf *b, const struct gt_buf *v, size_t n, int redact_args)
{
	const char *s = v->p, *prev = NULL;
	size_t i, plen = 0;
	struct gt_buf *tmp = &scratch;

	gt_buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		size_t len = strlen(s);
		if (i)
			gt_buf_putc(b, ',');
		tmp->len = 0;
		if (redact_args)
			gt_redact_arg(tmp, s, len, prev, plen);
		else
			gt_redact_text(tmp, s, len);
		gt_json_str(b, gt_buf_cstr(tmp), tmp->len);
		prev = s;
		plen = len;
		s += len + 1;
	}
	gt_buf_putc(b, ']');
}

static int envcmp(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;

	for (;; a++, b++) {
		char ca = *a == '=' ? '\0' : *a, cb = *b == '=' ? '\0' : *b;
		if (ca != cb)
			return (unsigned char)ca - (unsigned char)cb;
		if (!ca)
			return 0;
	}
}

/* Length of the NAME part of "NAME=VALUE". */
static size_t namelen(const char *s)
{
	const char *e = strchr(s, '=');

	return e ? (size_t)(e - s) : strlen(s);
}

/*
 * The variables gotrace itself put into the environment are not the
 * user's: GOTRACE_* are left out, and the shim's entry is taken out of
 * LD_PRELOAD (which is left out when nothing else remains). Returns 0 to
 * drop the variable, 1 to keep it, with VAL rewritten into OUT when
 * USE_OUT is set.
 */
static int own_var(const char *s, size_t nl, size_t len, struct gt_buf *out, int *use_out)
{
	static const char *const names[] = {GT_ENV_SOCK, GT_ENV_PRELOAD, GT_ENV_MODE, GT_ENV_AUDIT};
	const char *v = s + nl + 1, *end = s + len, *mine;
	size_t i, sl;
	int kept = 0, audit;

	*use_out = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (nl == strlen(names[i]) && !memcmp(s, names[i], nl))
			return 0;
	audit = nl == 8 && !memcmp(s, "LD_AUDIT", 8);
	if (!audit && (nl != 10 || memcmp(s, "LD_PRELOAD", 10)))
		return 1;
	mine = audit ? T->audit : T->shim;
	if (!mine)
		return 1;
	sl = strlen(mine);
	out->len = 0;
	gt_buf_add(out, s, nl + 1);
	while (v < end) {
		size_t n = strcspn(v, audit ? ":" : " :");
		if (n && !(n == sl && !memcmp(v, mine, sl))) {
			if (kept++)
				gt_buf_putc(out, audit ? ':' : ' ');
			gt_buf_add(out, v, n);
		}
		v += n;
		if (v < end)
			v++;
	}
	*use_out = 1;
	return kept > 0;
}

/* A redacted, sorted environment from captured "NAME=VALUE" strings. */
static struct gt_env *env_build(const struct gt_buf *v, size_t n)
{
	struct gt_env *env = calloc(1, sizeof(*env));
	const char *s = v->p;
	struct gt_buf tmp, own;
	size_t i;

	if (!env)
		abort();
	gt_buf_init(&own);
	env->refs = 1;
	env->vars = calloc(n ? n : 1, sizeof(char *));
	gt_buf_init(&tmp);
	for (i = 0; i < n; i++) {
		size_t len = strlen(s), nl = namelen(s);
		const char *var = s;
		int use_own;
		if (nl < len && nl > 0 && !own_var(s, nl, len, &own, &use_own))
			nl = 0;
		else if (nl < len && nl > 0 && use_own) {
			var = gt_buf_cstr(&own);
			len = own.len;
		}
		if (nl < len && nl > 0) {
			size_t j;
			int dup = 0;
			/* the first definition wins, as for getenv and Go's syscall.Getenv */
			for (j = 0; j < env->n && !dup; j++)
				dup = namelen(env->vars[j]) == nl && !memcmp(env->vars[j], s, nl);
			if (!dup) {
				tmp.len = 0;
				gt_buf_add(&tmp, var, nl + 1);
				gt_redact_env_value(&tmp, var, nl, var + nl + 1, len - nl - 1);
				env->vars[env->n++] = strdup(gt_buf_cstr(&tmp));
			}
		}
		s += strlen(s) + 1;
	}
	gt_buf_free(&tmp);
	gt_buf_free(&own);
	qsort(env->vars, env->n, sizeof(char *), envcmp);
	return env;
}

static void put_env_pair(struct gt_buf *b, const char *var, int first)
{
	size_t nl = namelen(var);

	if (!first)
		gt_buf_putc(b, ',');
	gt_json_str(b, var, nl);
	gt_buf_putc(b, ':');
	gt_json_cstr(b, var + nl + 1);
}

static void put_env(struct gt_buf *b, const struct gt_env *env)
{
	size_t i;

	gt_json_key(b, "env");
	gt_buf_putc(b, '{');
	for (i = 0; i < env->n; i++)
		put_env_pair(b, env->vars[i], i == 0);
	gt_buf_putc(b, '}');
}

static void put_env_diff(struct gt_buf *b, const struct gt_env *old, const struct gt_env *cur)
{
	size_t i = 0, j = 0;
	int first = 1;

	gt_json_key(b, "env_diff");
	gt_buf_add(b, "{\"set\":{", 8);
	while (j < cur->n) {
		int c = i < old->n ? envcmp(&old->vars[i], &cur->vars[j]) : 1;
		if (c < 0) {
			i++;
		} else if (c > 0 || strcmp(old->vars[i], cur->vars[j])) {
			put_env_pair(b, cur->vars[j], first);
			first = 0;
			if (c == 0)
				i++;
			j++;
		} else {
			i++;
			j++;
		}
	}
	gt_buf_add(b, "},\"unset\":[", 11);
	first = 1;
	for (i = 0, j = 0; i < old->n; i++) {
		while (j < cur->n && envcmp(&cur->vars[j], &old->vars[i]) < 0)
			j++;
		if (j < cur->n && envcmp(&cur->vars[j], &old->vars[i]) == 0)
			continue;
		if (!first)
			gt_buf_putc(b, ',');
		gt_json_str(b, old->vars[i], namelen(old->vars[i]));
		first = 0;
	}
	gt_buf_add(b, "]}", 2);
}

static void put_exec_common(struct gt_buf *b, struct gt_tcb *t)
{
	struct gt_execcap *ex = t->ex;

	gt_json_key(b, "ppid");
	gt_buf_i64(b, t->proc->ppid);
	put_tid(b, t);
	gt_json_key(b, "path");
	gt_json_str(b, ex->path.p, ex->path.len);
	if (ex->dirfd != AT_FDCWD) {
		gt_json_key(b, "dirfd");
		gt_buf_i64(b, ex->dirfd);
	}
	if (t->have_base) {
		scratch.len = 0;
		gt_path_join(&scratch, t->base, ex->path.p);
		gt_json_key(b, "abs");
		gt_json_str(b, scratch.p, scratch.len);
	}
	gt_json_key(b, "argv");
	put_strv(b, &ex->argv, ex->argc, 1);
	if (ex->cwd) {
		gt_json_key(b, "cwd");
		gt_json_cstr(b, ex->cwd);
	}
	if (ex->trunc)
		gt_buf_puts(b, ",\"trunc\":true");
}

/*
 * How the image PID now runs will be loaded, from its ELF file: interpreter
 * and DT_RPATH/DT_RUNPATH. 0, or -1 when unknown (not ELF, unreadable).
 */
static int exe_elfinfo(pid_t pid, struct gt_elfinfo *ei)
{
	char link[64];
	int fd, r;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	fd = open(link, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = gt_elf_info_fd(fd, ei);
	close(fd);
	return r;
}

/* The file an environment names in VAR ("GOENV="), fingerprinted whether or not it exists. */
static void fp_env_file(const struct gt_env *env, const char *var)
{
	size_t i, n = strlen(var);

	for (i = 0; env && i < env->n; i++)
		if (!strncmp(env->vars[i], var, n)) {
			if (env->vars[i][n] == '/')
				gt_fp_add(env->vars[i] + n, strlen(env->vars[i] + n));
			return;
		}
}

/* pkg-config's answer is its standard output: those processes are followed. */
static int keeps_stdout(const char *exe)
{
	const char *b = strrchr(exe, '/');

	b = b ? b + 1 : exe;
	return !strcmp(b, "pkg-config") || !strcmp(b, "pkgconf") ||
	       (strlen(b) > 11 && !strcmp(b + strlen(b) - 11, "-pkg-config"));
}

static void emit_exec_ok(struct gt_tcb *t, const char *exe, const struct gt_elfinfo *ei)
{
	struct gt_proc *p = t->proc;
	struct gt_env *env = env_build(&t->ex->envp, t->ex->envc);
	struct gt_buf *b = ev_begin("exec", p->pid);

	put_exec_common(b, t);
	if (exe) {
		gt_json_key(b, "exe");
		gt_json_cstr(b, exe);
	}
	if (ei) {
		gt_json_key(b, "interp");
		if (ei->dynamic)
			gt_json_cstr(b, ei->interp);
		else
			gt_buf_puts(b, "null");
		if (ei->has_rpath) {
			gt_json_key(b, "rpath");
			gt_json_cstr(b, ei->rpath);
		}
		if (ei->has_runpath) {
			gt_json_key(b, "runpath");
			gt_json_cstr(b, ei->runpath);
		}
	}
	if (p->env)
		put_env_diff(b, p->env, env);
	else
		put_env(b, env);
	gt_buf_puts(b, ",\"ret\":0");
	gt_trace_commit(T->trace);
	if (exe && p->same_view)
		gt_fp_add(exe, strlen(exe));
	fp_env_file(env, "GOENV=");
	fp_env_file(env, "NETRC=");
	gt_env_put(p->env);
	p->env = env;
	p->nconn = 0;
}

/*
 * The kernel refused to run a file (ENOEXEC): what the file is, read right
 * after the refusal, when gotrace sees the same file under that name.
 */
static void put_refused_file(struct gt_buf *b, struct gt_tcb *t)
{
	struct gt_execcap *ex = t->ex;
	unsigned char h[20];
	const char *path = ex->path.p;
	ssize_t n;
	int fd;

	if (!t->proc->same_view || ex->path.len == 0 || (path[0] != '/' && !t->have_base))
		return;
	if (path[0] != '/') {
		scratch.len = 0;
		gt_path_join(&scratch, t->base, path);
		path = gt_buf_cstr(&scratch);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n >= 0)
		gt_decode_elf_ident(b, h, (size_t)n);
}

static void emit_exec_fail(struct gt_tcb *t, int64_t rval)
{
	struct gt_buf *b = ev_begin("exec", t->proc->pid);

	put_exec_common(b, t);
	if (rval == -ENOEXEC)
		put_refused_file(b, t);
	put_result(b, rval, 1);
	gt_trace_commit(T->trace);
}

static void emit_open(struct gt_tcb *t, int64_t rval, int is_error)
{
	struct gt_buf *b = ev_begin("open", t->proc->pid);

	put_tid(b, t);
	gt_json_key(b, "path");
	gt_json_str(b, t->path, t->pathlen);
	if (t->dirfd != AT_FDCWD) {
		gt_json_key(b, "dirfd");
		gt_buf_i64(b, t->dirfd);
	}
	if (t->have_base) {
		gt_json_key(b, "abs");
		scratch.len = 0;
		gt_path_join(&scratch, t->base, t->path);
		gt_json_str(b, scratch.p, scratch.len);
	}
	gt_json_key(b, "flags");
	gt_decode_oflags(b, t->oflags);
	if (t->pathtrunc)
		gt_buf_puts(b, ",\"trunc\":true");
	put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
	/* a file to fingerprint after the run, when gotrace sees the same file under that name */
	if (!is_error && t->proc->same_view && !t->pathtrunc) {
		const char *base = memrchr(t->path, '/', t->pathlen);
		base = base ? base + 1 : t->path;
		size_t bl = t->pathlen - (size_t)(base - t->path);
		/* git's own configuration: ~/.config/git/config, a repository's .git/config */
		int gitcfg = bl == 6 && !memcmp(base, "config", 6) && base - t->path >= 5 &&
			     (!memcmp(base - 5, "/git/", 5) || (base - t->path >= 6 && !memcmp(base - 6, "/.git/", 6)));
		if (gitcfg || gt_fp_wanted(base, bl)) {
			if (t->have_base) {
				scratch.len = 0;
				gt_path_join(&scratch, t->base, t->path);
				gt_fp_add(scratch.p, scratch.len);
			} else {
				gt_fp_add(t->path, t->pathlen);
			}
		}
	}
}

static void emit_connect(struct gt_tcb *t, int64_t rval, int is_error)
{
	struct gt_buf *b = ev_begin("connect", t->proc->pid);
	struct gt_proc *p = t->proc;

	put_tid(b, t);
	gt_json_key(b, "fd");
	gt_buf_i64(b, t->call.fd);
	gt_decode_sockaddr(b, t->sa, t->salen);
	gt_collect_put_host(b, p->pid, t->sa, t->salen);
	put_result(b, rval, is_error);
	gt_trace_commit(T->trace);
	if (is_error && -rval == EINPROGRESS) {
		int slot = p->nconn < GT_MAX_PENDING_CONN ? p->nconn++ : GT_MAX_PENDING_CONN - 1;
		p->conn[slot].fd = t->call.fd;
		p->conn[slot].len = t->salen;
		memcpy(p->conn[slot].sa, t->sa, t->salen);
	}
}

static void emit_soerror(struct gt_tcb *t, int soerr)
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
	b = ev_begin("connect_done", p->pid);
	put_tid(b, t);
	gt_json_key(b, "fd");
	gt_buf_i64(b, fd);
	gt_decode_sockaddr(b, p->conn[i].sa, p->conn[i].len);
	gt_collect_put_host(b, p->pid, p->conn[i].sa, p->conn[i].len);
	gt_json_key(b, "so_error");
	gt_buf_i64(b, soerr);
	if (soerr) {
		gt_buf_puts(b, ",\"ret\":-1");
		gt_json_key(b, "err");
		gt_json_cstr(b, gt_errname(soerr, tmp));
	} else {
		gt_buf_puts(b, ",\"ret\":0");
	}
	gt_trace_commit(T->trace);
	p->conn[i] = p->conn[--p->nconn];
}

/* Text T wrote to stderr (or, for pkg-config, stdout), redacted. */
static void emit_text(struct gt_tcb *t, const char *ev, size_t n, int trunc)
{
	struct gt_buf *b = ev_begin(ev, t->proc->pid);

	put_tid(b, t);
	scratch.len = 0;
	gt_redact_text(&scratch, t->path, n);
	gt_json_key(b, "text");
	gt_json_str(b, gt_buf_cstr(&scratch), scratch.len);
	if (trunc)
		gt_buf_puts(b, ",\"trunc\":true");
	gt_trace_commit(T->trace);
}

static void emit_fork(pid_t child, pid_t parent, int event)
{
	struct gt_buf *b = ev_begin("fork", child);

	gt_json_key(b, "ppid");
	gt_buf_i64(b, parent);
	gt_json_key(b, "kind");
	gt_json_cstr(b, event == PTRACE_EVENT_VFORK ? "vfork" :
			event == PTRACE_EVENT_FORK ? "fork" : "clone");
	gt_trace_commit(T->trace);
}

static void emit_exit(const struct gt_proc *p, int status)
{
	struct gt_buf *b = ev_begin("exit", p->pid);

	gt_json_key(b, "ppid");
	gt_buf_i64(b, p->ppid);
	gt_decode_wait_status(b, status);
	gt_trace_commit(T->trace);
}

static ssize_t peek_tid(void *ctx, uint64_t addr, void *dst, size_t n)
{
	return gt_peek(*(pid_t *)ctx, addr, dst, n);
}

/* A seccomp stop: capture arguments, resume, and emit what needs no result. */
static void on_seccomp(struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	struct gt_call *c = &t->call;
	int kind, tr = 0;
	ssize_t n;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP ||
	    gt_call_decode(c, si.arch, si.seccomp.nr, si.seccomp.args, (int)si.seccomp.ret_data,
			   peek_tid, &t->tid) < 0) {
		cont(t, 0);
		return;
	}
	kind = c->kind;
	t->kind = kind;
	switch (kind) {
	case GT_K_OPEN:
	case GT_K_OPENAT:
	case GT_K_OPENAT2: {
		t->dirfd = c->dirfd;
		if (kind == GT_K_OPENAT2) {
			uint64_t how = 0;
			gt_peek(t->tid, c->flags, &how, sizeof(how));
			t->oflags = how;
		} else {
			t->oflags = c->flags;
		}
		n = gt_peek_str(t->tid, c->path, t->path, sizeof(t->path), &tr);
		t->pathlen = n > 0 ? (size_t)n : 0;
		t->path[t->pathlen] = '\0';
		t->pathtrunc = tr;
		if (t->pathlen && t->path[0] != '/')
			capture_base(t, t->dirfd);
		else
			t->have_base = 0;
		if ((n = lookup_fails(t)) && answer(t, (int)n) == 0) {
			cont(t, 0);
			looked_up++;
			emit_open(t, -n, 1);
			return;
		}
		break;
	}
	case GT_K_EXECVE:
	case GT_K_EXECVEAT:
		capture_exec(t);
		break;
	case GT_K_CONNECT: {
		size_t len = c->len < GT_SOCKADDR_MAX ? (size_t)c->len : GT_SOCKADDR_MAX;
		n = gt_peek(t->tid, c->buf, t->sa, len);
		t->salen = n > 0 ? (unsigned)n : 0;
		break;
	}
	case GT_K_SOERROR:
		break;
	case GT_K_WRITE2: {
		size_t want = c->len < GT_STDERR_MAX ? (size_t)c->len : GT_STDERR_MAX;
		n = want ? gt_peek(t->tid, c->buf, t->path, want) : 0;
		/* no need to wait for the result: the text is what matters */
		cont(t, 0);
		if (n > 0)
			emit_text(t, "stderr", (size_t)n, c->len > (uint64_t)n);
		return;
	}
	case GT_K_WRITEV2: {
		/* the iovec array, in the process's own layout */
		unsigned cnt = c->len < 16 ? (unsigned)c->len : 16, i;
		size_t isz = gt_call_iovsize(c), total = 0;
		unsigned char iov[16 * 16];
		int cut = c->len > 16;
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
		cont(t, 0);
		if (total > 0)
			emit_text(t, "stderr", total, cut);
		return;
	}
	case GT_K_CREDS:
		t->proc->same_view = 0;
		cont(t, 0);
		return;
	case GT_K_CHDIR:
		free(t->proc->cwd);
		t->proc->cwd = NULL;
		cont(t, 0);
		return;
	default:
		cont(t, 0);
		return;
	}
	t->flags |= GT_TCB_INSYS;
	resume(t->tid, PTRACE_SYSCALL, 0);
}

/*
 * DNS. Go's resolver makes no library call: it connects a UDP socket to
 * the name server and writes the query, then reads the answer. The A and
 * AAAA lookups run in parallel goroutines, and a goroutine may write its
 * query or read its answer on another thread than the one that connected.
 * So a socket connected to port 53 is registered for its whole process
 * (GT_DNS_SLOTS at a time), and every thread of the process is followed
 * through its next syscalls (PTRACE_SYSCALL) until each registered socket's
 * query and answer are seen, or for at most DNS_FOLLOW syscalls since the
 * last DNS activity; only DNS traffic pays for this.
 */
#define DNS_FOLLOW 128

static void unfollow(struct gt_tcb *t)
{
	t->flags &= ~GT_TCB_FOLLOW;
	t->dns_rbuf = 0;
}

/* Slot of socket FD among P's registered DNS sockets, or -1. */
static int dns_slot(const struct gt_proc *p, int fd)
{
	int i;

	for (i = 0; i < GT_DNS_SLOTS; i++)
		if (p->dns_fds[i] == fd)
			return i;
	return -1;
}

static int dns_pending(const struct gt_proc *p)
{
	int i;

	for (i = 0; i < GT_DNS_SLOTS; i++)
		if (p->dns_fds[i] >= 0)
			return 1;
	return 0;
}

/* Make thread C of the same process as T (ARG) follow its syscalls for DNS. */
static void follow_sibling(struct gt_tcb *c, void *arg)
{
	struct gt_tcb *t = arg;

	if (c->proc != t->proc || (c->flags & GT_TCB_HELD))
		return;
	c->dns_left = DNS_FOLLOW;
	if (c->flags & GT_TCB_FOLLOW)
		return;
	c->dns_rbuf = 0;
	c->flags |= GT_TCB_FOLLOW;
	/* running: stop it so that it resumes stopping at every syscall (T itself is stopped) */
	if (c != t)
		ptrace(PTRACE_INTERRUPT, c->tid, 0, 0);
}

/* At the exit of a successful connect of T: a socket to a name server's port 53 is registered. */
static void follow_dns(struct gt_tcb *t)
{
	struct gt_proc *p = t->proc;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	char addr[INET6_ADDRSTRLEN] = "";
	sa_family_t fam;
	int k;

	if (t->salen < sizeof(fam))
		return;
	memcpy(&fam, t->sa, sizeof(fam));
	if (fam == AF_INET && t->salen >= sizeof(in)) {
		memcpy(&in, t->sa, sizeof(in));
		if (ntohs(in.sin_port) != 53)
			return;
		inet_ntop(AF_INET, &in.sin_addr, addr, sizeof(addr));
	} else if (fam == AF_INET6 && t->salen >= sizeof(in6)) {
		memcpy(&in6, t->sa, sizeof(in6));
		if (ntohs(in6.sin6_port) != 53)
			return;
		inet_ntop(AF_INET6, &in6.sin6_addr, addr, sizeof(addr));
	} else {
		return;
	}
	k = dns_slot(p, t->call.fd);
	for (k = k >= 0 ? k : 0; k < GT_DNS_SLOTS && p->dns_fds[k] >= 0 && p->dns_fds[k] != t->call.fd; k++)
		;
	if (k == GT_DNS_SLOTS)
		k = p->dns_next++ % GT_DNS_SLOTS; /* all taken by lookups never answered: the oldest goes */
	p->dns_fds[k] = t->call.fd;
	p->dns_query[k] = 0;
	snprintf(p->dns_server[k], sizeof(p->dns_server[k]), "%s", addr);
	gt_tcb_each(follow_sibling, t);
}

static void emit_dns(struct gt_tcb *t, int fd, const char *server, uint64_t buf, size_t len)
{
	unsigned char msg[1500];
	struct gt_dns d;
	struct gt_buf *b;
	const char *ty;
	int i;

	if (len > sizeof(msg))
		len = sizeof(msg);
	if (gt_peek(t->tid, buf, msg, len) < (ssize_t)len || gt_dns_parse(msg, len, &d) < 0)
		return;
	b = ev_begin("dns", t->proc->pid);
	put_tid(b, t);
	gt_json_key(b, "fd");
	gt_buf_i64(b, fd);
	gt_json_key(b, "server");
	gt_json_cstr(b, server);
	gt_json_key(b, "dir");
	gt_json_cstr(b, d.response ? "answer" : "query");
	gt_json_key(b, "name");
	gt_json_cstr(b, d.name);
	gt_json_key(b, "qtype");
	ty = gt_dns_type_name(d.qtype);
	if (ty)
		gt_json_cstr(b, ty);
	else
		gt_buf_i64(b, d.qtype);
	if (d.response) {
		gt_json_key(b, "rcode");
		gt_json_cstr(b, gt_dns_rcode_name(d.rcode));
		gt_json_key(b, "addrs");
		gt_buf_putc(b, '[');
		for (i = 0; i < d.naddrs; i++) {
			if (i)
				gt_buf_putc(b, ',');
			gt_json_cstr(b, d.addrs[i]);
			/* a later connect to this address is named by it */
			gt_collect_add_host(t->proc->pid, d.addrs[i], d.name);
		}
		gt_buf_putc(b, ']');
	}
	gt_trace_commit(T->trace);
}

/* A syscall stop of a followed thread (not a trapped syscall's exit). */
static void on_follow(struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	struct gt_proc *p = t->proc;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0) {
		unfollow(t);
		t->flags &= ~GT_TCB_STDOUT;
		cont(t, 0);
		return;
	}
	if ((t->flags & GT_TCB_STDOUT) && si.op == PTRACE_SYSCALL_INFO_ENTRY &&
	    si.arch == AUDIT_ARCH_X86_64 && si.entry.nr == SYS_write && si.entry.args[0] == 1) {
		size_t want = si.entry.args[2] < GT_STDERR_MAX ? si.entry.args[2] : GT_STDERR_MAX;
		ssize_t n = want ? gt_peek(t->tid, si.entry.args[1], t->path, want) : 0;
		if (n > 0)
			emit_text(t, "stdout", (size_t)n, si.entry.args[2] > (uint64_t)n);
	}
	if (!(t->flags & GT_TCB_FOLLOW)) {
		cont(t, 0);
		return;
	}
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY) {
		long nr = (long)si.entry.nr;
		int fd = (int)si.entry.args[0], k = dns_slot(p, fd);
		t->dns_rbuf = 0;
		if (--t->dns_left <= 0 || si.arch != AUDIT_ARCH_X86_64 || !dns_pending(p)) {
			unfollow(t);
		} else if (k >= 0 && (nr == SYS_write || nr == SYS_sendto) && !p->dns_query[k]) {
			emit_dns(t, fd, p->dns_server[k], si.entry.args[1], (size_t)si.entry.args[2]);
			p->dns_query[k] = 1;
			/* the answer comes to any thread: every one watches afresh */
			gt_tcb_each(follow_sibling, t);
		} else if (k >= 0 && (nr == SYS_read || nr == SYS_recvfrom)) {
			t->dns_rbuf = si.entry.args[1];
			t->dns_rfd = fd;
		} else if (k >= 0 && nr == SYS_close) {
			p->dns_fds[k] = -1; /* done with, answered or not: the slot is free again */
		}
	} else if (si.op == PTRACE_SYSCALL_INFO_EXIT && t->dns_rbuf) {
		int fd = t->dns_rfd, k = dns_slot(p, fd);
		if (k >= 0 && !si.exit.is_error && si.exit.rval > 0) {
			/* the slot stays until close: glibc reads A and AAAA from one socket */
			emit_dns(t, fd, p->dns_server[k], t->dns_rbuf, (size_t)si.exit.rval);
		} else if (k >= 0 && si.exit.is_error && si.exit.rval == -EAGAIN) {
			/* no answer yet: the goroutine parks and may read it on any thread */
			gt_tcb_each(follow_sibling, t);
		}
		t->dns_rbuf = 0;
	}
	cont(t, 0);
}

/* The exit of a syscall whose seccomp stop asked for its result. */
static void on_sysexit(struct gt_tcb *t)
{
	struct __ptrace_syscall_info si;
	int64_t rval;
	int is_error, soerr = 0;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_EXIT || !(t->flags & GT_TCB_INSYS)) {
		cont(t, 0);
		return;
	}
	t->flags &= ~GT_TCB_INSYS;
	rval = si.exit.rval;
	is_error = si.exit.is_error;
	if (t->kind == GT_K_SOERROR && !is_error)
		gt_peek(t->tid, t->call.buf, &soerr, sizeof(soerr));
	if (t->kind == GT_K_CONNECT && !is_error && si.arch == AUDIT_ARCH_X86_64)
		follow_dns(t);
	cont(t, 0);
	if (is_error && -rval >= ERESTART_FIRST && -rval <= ERESTART_LAST)
		return;
	switch (t->kind) {
	case GT_K_OPEN:
	case GT_K_OPENAT:
	case GT_K_OPENAT2:
		emit_open(t, rval, is_error);
		break;
	case GT_K_EXECVE:
	case GT_K_EXECVEAT:
		if (is_error)
			emit_exec_fail(t, rval);
		break;
	case GT_K_CONNECT:
		emit_connect(t, rval, is_error);
		break;
	case GT_K_SOERROR:
		if (!is_error)
			emit_soerror(t, soerr);
		break;
	}
}

/* PTRACE_EVENT_EXEC at PID: the exec captured at entry succeeded. */
static void on_exec(pid_t pid)
{
	unsigned long old = pid;
	struct gt_tcb *t, *lead;
	static struct gt_elfinfo ei;
	char link[64], exe[PATH_MAX];
	ssize_t n;
	int have_ei;

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
	if (!t || !t->proc) {
		resume(pid, PTRACE_CONT, 0);
		return;
	}
	t->proc->same_view = same_view(pid); /* a setuid program may have changed it */
	have_ei = exe_elfinfo(pid, &ei) == 0;
	t->flags &= ~(GT_TCB_INSYS | GT_TCB_FOLLOW | GT_TCB_STDOUT);
	t->dns_rbuf = 0;
	memset(t->proc->dns_fds, 0xff, sizeof(t->proc->dns_fds)); /* all -1: a new program */
	if (n > 0 && keeps_stdout(exe))
		t->flags |= GT_TCB_STDOUT;
	cont(t, 0);
	if (t->ex && (t->kind == GT_K_EXECVE || t->kind == GT_K_EXECVEAT))
		emit_exec_ok(t, n > 0 ? exe : NULL, have_ei ? &ei : NULL);
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
static void adopt(struct gt_tcb *parent, pid_t newtid, int event)
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
		if (dns_pending(c->proc)) {
			c->flags |= GT_TCB_FOLLOW;
			c->dns_left = DNS_FOLLOW;
		}
	} else {
		gt_proc_attach(c, gt_proc_new(newtid, parent->proc));
		T->nproc++;
		emit_fork(newtid, parent->proc->pid, event);
	}
	if (held) {
		c->flags &= ~GT_TCB_HELD;
		nheld--;
		cont(c, 0);
	} else {
		c->flags |= GT_TCB_AWAIT_ATTACH;
	}
}

/* Resolve held tasks whose parent's event will never come (the parent died). */
static void resolve_held(void);

static void held_one(struct gt_tcb *c, void *arg)
{
	char path[64], line[256];
	pid_t tgid = 0, ppid = 0;
	struct gt_tcb *owner;
	FILE *f;

	(void)arg;
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
	nheld--;
	gt_proc_attach(c, gt_proc_new(c->tid, owner->proc));
	c->proc->ppid = ppid;
	T->nproc++;
	emit_fork(c->tid, ppid, PTRACE_EVENT_FORK);
	resume(c->tid, PTRACE_CONT, 0);
}

static void resolve_held(void)
{
	if (nheld)
		gt_tcb_each(held_one, NULL);
}

static void on_exit_status(pid_t tid, int status)
{
	struct gt_tcb *t = gt_tcb_find(tid);

	if (tid == T->root) {
		T->root_status = status;
		T->root_done = 1;
	}
	if (!t)
		return;
	if (t->flags & GT_TCB_HELD)
		nheld--;
	if (t->proc && t->proc->pid == tid)
		emit_exit(t->proc, status);
	gt_tcb_free(t);
	resolve_held();
}

static void on_stop(pid_t tid, int status)
{
	int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
	struct gt_tcb *t = gt_tcb_find(tid);
	unsigned long msg = 0;

	if (!t) {
		/* a new task reporting before its parent's fork event: hold it */
		t = gt_tcb_new(tid);
		t->flags |= GT_TCB_HELD;
		nheld++;
		return;
	}
	if (t->flags & GT_TCB_AWAIT_ATTACH) {
		t->flags &= ~GT_TCB_AWAIT_ATTACH;
		if (event == PTRACE_EVENT_STOP) {
			cont(t, 0); /* a thread adopt() set to follow DNS stops at syscalls */
			return;
		}
	}
	if (sig == (SIGTRAP | 0x80)) {
		if (!(t->flags & GT_TCB_INSYS) && (t->flags & (GT_TCB_FOLLOW | GT_TCB_STDOUT)))
			on_follow(t);
		else
			on_sysexit(t);
		return;
	}
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		on_seccomp(t);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0 && msg && t->proc)
			adopt(t, (pid_t)msg, event);
		cont(t, 0); /* a followed thread goes on being followed */
		return;
	case PTRACE_EVENT_EXEC:
		on_exec(tid);
		return;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			resume(tid, PTRACE_LISTEN, 0); /* group-stop: stay stopped until SIGCONT */
		else
			cont(t, 0);
		return;
	case 0:
		/*
		 * Ctrl-C reaches the whole process group: say what everything
		 * waited on before the signals take effect (once)
		 */
		if (sig == SIGINT && T->stall && !interrupted) {
			interrupted = 1;
			gt_stall_snapshot(T->stall, "interrupt", 0);
		}
		/* signal-delivery-stop: deliver the signal unchanged */
		cont(t, sig);
		return;
	default:
		cont(t, 0);
		return;
	}
}

void gt_tracer_init(struct gt_tracer *tr)
{
	struct gt_tcb *t = gt_tcb_new(tr->root);
	struct gt_proc *p = gt_proc_new(tr->root, NULL);

	p->ppid = tr->self;
	gt_proc_attach(t, p);
	tr->nproc = 1;
	if (view_of(getpid(), self_view, sizeof(self_view)) < 0)
		self_view[0] = '\0';
	p->same_view = same_view(tr->root);
}

static void free_one(struct gt_tcb *t, void *arg)
{
	(void)arg;
	gt_tcb_free(t);
}

unsigned long gt_tracer_looked_up(void)
{
	return looked_up;
}

void gt_tracer_free(void)
{
	gt_tcb_each(free_one, NULL);
	nheld = 0;
	gt_buf_free(&scratch);
}

int gt_tracer_run(struct gt_tracer *tr)
{
	T = tr;
	for (;;) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL);

		if (tid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return 0;
			return -1;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			on_exit_status(tid, status);
		else if (WIFSTOPPED(status))
			on_stop(tid, status);
	}
}

/*
 * The launcher. The child is forked with every signal blocked, puts back
 * the dispositions gotrace changed (fwdsig.c), waits on a pipe until the
 * parent has seized it, loads the seccomp filter, unblocks its signals and
 * execs. Only async-signal-safe calls happen in the child after fork. A
 * second pipe, close-on-exec, tells the parent whether the filter loaded
 * and why an exec failed.
 */
#include "launch.h"
#include "fprint.h"
#include "fwdsig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/files.h"
#include "../common/json.h"
#include "librel.h" /* GT_LIBREL, made by the build */
#include "../common/redact.h"
#include "../common/decode.h"
#include "../common/schema.h"
#include "filter.h"
#include "notfound.h"
#include "runinfo.h"
#include "tracefile.h"
#include "tracer.h"
#include "openrec.h"
#include "collect.h"
#include "loop.h"
#include "stall.h"
#include "../common/wire.h"
#include "../common/util.h"

extern char **environ;

char *gt_resolve_command(const char *cmd, int *err)
{
	const char *path = getenv("PATH");
	struct stat st;
	int denied = 0;
	char *cand;

	if (!*cmd) {
		*err = ENOENT;
		return NULL;
	}
	if (strchr(cmd, '/')) {
		if (stat(cmd, &st) < 0) {
			*err = errno;
			return NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			*err = EISDIR;
			return NULL;
		}
		if (access(cmd, X_OK) < 0) {
			*err = errno;
			return NULL;
		}
		return gt_xstrdup(cmd);
	}
	if (!path)
		path = "/bin:/usr/bin";
	while (1) {
		const char *e = strchr(path, ':');
		size_t dl = e ? (size_t)(e - path) : strlen(path);
		cand = gt_xasprintf("%.*s%s%s", (int)dl, dl ? path : ".", "/", cmd);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0)
				return cand;
			denied = 1;
		}
		free(cand);
		if (!e)
			break;
		path = e + 1;
	}
	*err = denied ? EACCES : ENOENT;
	return NULL;
}

/* Child side of the fork: only async-signal-safe calls. */
static char **child_env; /* environ plus the shim's variables, made before fork */
static char *child_mode_var; /* its "GOTRACE_MODE=..." entry, room for "preload" */

/*
 * The shim's LD_PRELOAD entry: "DIR/$LIB/libgotrace.so", so ld.so picks the
 * 64- or 32-bit build for each program. Looked for beside the gotrace
 * binary (the build tree) and in GT_LIBREL from it (an installed tree:
 * LIBDIR/gotrace, as the path from BINDIR, set by make).
 * NULL if it is not there or its path cannot go into LD_PRELOAD.
 */
static char *find_shim(void)
{
	static const char *const dirs[] = {"", "/" GT_LIBREL};
	static const char *const libs[] = {"lib/x86_64-linux-gnu", "lib64"};
	char exe[PATH_MAX], probe[PATH_MAX + 64], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i, j;

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	if (strpbrk(exe, " :\t\n"))
		return NULL; /* LD_PRELOAD splits on these */
	for (i = 0; i < GT_ARRAY_SIZE(dirs); i++)
		for (j = 0; j < GT_ARRAY_SIZE(libs); j++) {
			snprintf(probe, sizeof(probe), "%s%s/%s/libgotrace.so", exe, dirs[i], libs[j]);
			if (access(probe, R_OK) == 0) {
				return gt_xasprintf("%s%s/$LIB/libgotrace.so", exe, dirs[i]);
			}
		}
	return NULL;
}

/* The first line of FILE into OUT ("" when unreadable). */
static void first_line(const char *file, char *out, size_t size)
{
	FILE *f = fopen(file, "re");

	out[0] = 0;
	if (f && fgets(out, (int)size, f))
		out[strcspn(out, "\n")] = 0;
	if (f)
		fclose(f);
}

/* Whether the in-kernel open recorder loads here (it is loaded, and unloaded). */
static void describe_recorder(FILE *out)
{
	char why[320];
	struct gt_openrec *rec = gt_openrec_open(0, why, sizeof(why));

	if (rec)
		fprintf(out, "  opens: recorded in the kernel (eBPF on the syscall tracepoints%s%s), no stop\n",
			gt_openrec_helped(rec) ? ", loaded by gotrace-openrec" : "",
			gt_openrec_follows_forks(rec) ? "; new processes followed there" : "");
	else
		fprintf(out, "  opens: those the shim does not record stop the process (the in-kernel recorder: %s)\n", why);
	gt_openrec_close(rec);
}

void gt_sayf(const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	memcpy(line, "gotrace: ", 9);
	va_start(ap, fmt);
	n = vsnprintf(line + 9, sizeof(line) - 10, fmt, ap);
	va_end(ap);
	n = n < 0 ? 0 : n > (int)sizeof(line) - 11 ? (int)sizeof(line) - 11 : n;
	line[9 + n] = '\n';
	/* one write: a line other threads or the command write cannot split */
	gt_say(line, 9 + (size_t)n + 1);
}

void gt_say(const char *text, size_t len)
{
	fwrite(text, 1, len, stderr);
	fflush(stderr);
}

void gt_launch_describe(FILE *out)
{
	char v[256], tracer[64] = "";
	char *shim = find_shim();
	FILE *st = fopen("/proc/self/status", "re");

	first_line("/proc/sys/kernel/yama/ptrace_scope", v, sizeof(v));
	fprintf(out, "  ptrace: %s\n", !v[0] ? "allowed (no Yama policy)" :
		!strcmp(v, "3") ? "refused: Yama ptrace_scope is 3 (no process may trace); gotrace runs in mode preload" :
		!strcmp(v, "2") ? "only with CAP_SYS_PTRACE (Yama ptrace_scope 2)" :
				 "allowed for a child (Yama ptrace_scope 0 or 1: gotrace traces its own children)");
	first_line("/proc/sys/kernel/seccomp/actions_avail", v, sizeof(v));
	fprintf(out, "  seccomp: %s\n", strstr(v, "trace") ? "filters with the trace action available" :
		v[0] ? "no trace action: gotrace runs in mode preload" : "unknown (no /proc/sys/kernel/seccomp)");
	while (st && fgets(v, sizeof(v), st))
		if (!strncmp(v, "TracerPid:", 10))
			snprintf(tracer, sizeof(tracer), "%s", v + 10 + strspn(v + 10, " \t"));
	if (st)
		fclose(st);
	tracer[strcspn(tracer, "\n")] = 0;
	if (tracer[0] && strcmp(tracer, "0"))
		fprintf(out, "  note: this gotrace is itself traced (pid %s): its children can have no other tracer, so "
			"mode auto falls back to preload\n", tracer);
	fprintf(out, "  preload shim: %s\n", shim ? shim : "not found (getenv, dlopen and getaddrinfo are not recorded)");
	free(shim);
	describe_recorder(out);
}

/* environ without gotrace's variables, plus the shim's; NULL on failure */
/*
 * The LD_AUDIT library's entry beside the shim's ("DIR/$LIB/libgtaudit.so"),
 * or NULL when it was not built; malloc'd.
 */
static char *audit_entry(const char *shim)
{
	const char *lib = strstr(shim, "/$LIB/");
	char probe[PATH_MAX];

	if (!lib)
		return NULL;
	snprintf(probe, sizeof(probe), "%.*s/lib/x86_64-linux-gnu/libgtaudit.so", (int)(lib - shim), shim);
	if (access(probe, R_OK) < 0)
		return NULL;
	return gt_xasprintf("%.*s/$LIB/libgtaudit.so", (int)(lib - shim), shim);
}

static char **make_child_env(const char *entry, const char *sock, const char *mode, const char *audit,
			     unsigned mark)
{
	size_t n = 0, i, k = 0;
	const char *user = NULL, *uaudit = NULL;
	char **env;

	while (environ[n])
		n++;
	env = gt_xcalloc(n + 7, sizeof(char *));
	for (i = 0; i < n; i++) {
		if (!strncmp(environ[i], "LD_PRELOAD=", 11)) {
			user = environ[i] + 11;
			continue;
		}
		if (audit && !strncmp(environ[i], "LD_AUDIT=", 9)) {
			uaudit = environ[i] + 9;
			continue;
		}
		if (!strncmp(environ[i], "GOTRACE_AUDIT=", 14))
			continue;
		if (!strncmp(environ[i], "GOTRACE_SOCK=", 13) || !strncmp(environ[i], "GOTRACE_MODE=", 13) ||
		    !strncmp(environ[i], "GOTRACE_PRELOAD=", 16))
			continue;
		env[k++] = environ[i];
	}
	env[k++] = gt_xasprintf("LD_PRELOAD=%s%s%s", entry, user && *user ? " " : "", user ? user : "");
	env[k++] = gt_xasprintf(GT_ENV_SOCK "=%s", sock);
	env[k++] = gt_xasprintf(GT_ENV_PRELOAD "=%s", entry);
	env[k++] = mark && !strcmp(mode, "ptrace") ? gt_xasprintf(GT_ENV_MODE "=ptrace:%08x", mark)
						   : gt_xasprintf(GT_ENV_MODE "=%-7s", mode);
	if (audit) {
		env[k++] = gt_xasprintf("LD_AUDIT=%s%s%s", audit, uaudit && *uaudit ? ":" : "", uaudit ? uaudit : "");
		env[k++] = gt_xasprintf(GT_ENV_AUDIT "=%s", audit);
	}
	/* the mode variable last but for these two, found again below */
	if (audit) {
		char *t = env[k - 3];
		env[k - 3] = env[k - 2];
		env[k - 2] = env[k - 1];
		env[k - 1] = t;
	}
	/* "%-7s" pads "ptrace" (as does the mark) so the child can write "preload" over it */
	child_mode_var = env[k - 1];
	if (strchr(child_mode_var, ' '))
		*strchr(child_mode_var, ' ') = 0;
	return env;
}

/*
 * Load the filter: with a notification listener when NPROG is given and the
 * kernel agrees (then 'L' and the listener's number, and the parent takes
 * it with pidfd_getfd before it closes SYNCFD), else the plain one ('K').
 */
static void child_filter(int syncfd, int errfd, const struct sock_fprog *prog, const struct sock_fprog *nprog)
{
	char c, msg[1 + sizeof(int)];
	int lfd = nprog ? gt_filter_load_listener(nprog) : -1;
	int e = lfd >= 0 ? 0 : gt_filter_load(prog);

	msg[0] = e ? 'F' : lfd >= 0 ? 'L' : 'K';
	e = lfd >= 0 ? lfd : -e;
	memcpy(msg + 1, &e, sizeof(int));
	if (write(errfd, msg, sizeof(msg)) < 0 || msg[0] == 'F')
		_exit(GT_EXIT_FAIL);
	if (lfd >= 0) {
		while (read(syncfd, &c, 1) < 0 && errno == EINTR)
			;
		close(lfd);
	}
}

static void child(const char *path, char **argv, int syncfd, int errfd,
		  const struct sock_fprog *prog, const struct sock_fprog *nprog, const sigset_t *mask)
{
	char go = 0, msg[1 + sizeof(int)];
	int e;

	gt_fwd_child();
	/* signals stay blocked through the handshake (fwdsig.c says why) */
	while (read(syncfd, &go, 1) < 0 && errno == EINTR)
		;
	if (go == 'y')
		child_filter(syncfd, errfd, prog, nprog);
	close(syncfd);
	if (go == 'y') {
		/* loaded */
	} else if (go != 'n') {
		_exit(GT_EXIT_FAIL); /* the parent is gone */
	} else if (child_mode_var) {
		/* no tracer after all: the shim records opens and connects */
		memcpy(child_mode_var + sizeof(GT_ENV_MODE), "preload", sizeof("preload"));
	}
	sigprocmask(SIG_SETMASK, mask, NULL);
	execve(path, argv, child_env ? child_env : environ);
	e = errno;
	msg[0] = 'E';
	memcpy(msg + 1, &e, sizeof(int));
	if (write(errfd, msg, sizeof(msg)) < 0)
		_exit(GT_EXIT_FAIL);
	_exit(e == ENOENT ? GT_EXIT_NOTFOUND : GT_EXIT_NOEXEC);
}

/* Read one handshake message; returns its tag or 0 at EOF. */
static char read_msg(int fd, int *err)
{
	char msg[1 + sizeof(int)];
	ssize_t n;

	do
		n = read(fd, msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(msg))
		return 0;
	memcpy(err, msg + 1, sizeof(int));
	return msg[0];
}

struct spawn {
	pid_t pid;
	int syncfd, errfd;
};

static int spawn(struct spawn *s, const char *path, char **argv,
		 const struct sock_fprog *prog, const struct sock_fprog *nprog)
{
	int sp[2], ep[2];
	sigset_t all, old;

	if (pipe2(sp, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(ep, O_CLOEXEC) < 0) {
		close(sp[0]);
		close(sp[1]);
		return -1;
	}
	/* block signals across fork: no handler runs in the child, which keeps them blocked until its exec */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	s->pid = fork();
	if (s->pid == 0) {
		close(sp[1]);
		close(ep[0]);
		child(path, argv, sp[0], ep[1], prog, nprog, &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sp[0]);
	close(ep[1]);
	if (s->pid < 0) {
		close(sp[1]);
		close(ep[0]);
		return -1;
	}
	s->syncfd = sp[1];
	s->errfd = ep[0];
	return 0;
}

static void go_ahead(struct spawn *s, char c)
{
	if (write(s->syncfd, &c, 1) < 0) {
		/* the child died; its status tells the rest */
	}
}

static void sync_done(struct spawn *s)
{
	close(s->syncfd);
	s->syncfd = -1;
}

/*
 * A tracee that stops wakes gotrace, and gotrace wakes it again: two
 * wake-ups per stop. On an idle CPU each costs the CPU's exit from its
 * idle state, which in a VM is a trip through the hypervisor (370 µs per
 * traced call measured here, against 26 µs on one busy CPU). A PM QoS
 * request for zero latency keeps idle CPUs polling instead, only while
 * the command runs (the kernel drops it when this descriptor closes).
 * Needs root; without it nothing changes. bench/RESULTS.md has numbers.
 */
static int hold_cpu_latency(void)
{
	int32_t zero = 0;
	int fd = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, &zero, sizeof(zero)) != sizeof(zero)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void reap_untraced(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/* One run of the command: what gt_launch's phases share. */
struct run {
	const struct gt_launch_opts *o;
	char *path;           /* the command, resolved */
	const char *mode;     /* "ptrace" or "preload" */
	char why[256];        /* why the tracer is not used, when it is not */
	struct sock_fprog prog, nprog; /* the filter, and the one with notifications (filter.h) */
	char *shim, *audit;   /* the LD_PRELOAD and LD_AUDIT entries, NULL without them */
	struct gt_trace trace;
	struct gt_collect col;
	struct gt_stall st;
	struct gt_tracer tr;
	struct gt_loop loop;  /* the run's loop, kept for the last drain */
	struct spawn sp;
	int traced, status, pmqos_fd;
	unsigned open_mark;   /* the shim's openat mark (filter.h), 0 when every open stops */
	unsigned force_mark;  /* nprog's force mark, 0 without notifications */
	int notify_fd;        /* the notification listener, -1 without */
	struct gt_openrec *rec; /* the in-kernel open recorder, NULL without */
	char rec_why[320];    /* why it is not used, when it was wanted */
	pthread_t rec_th;     /* loading it (rec_start) */
	int rec_loading, rec_done;
	int prog_records;     /* prog lets the opens the recorder records through */
	int notfound;         /* the command is on no PATH directory */
};

/*
 * A mark for this run, unknown to the command before it starts: high bit
 * set, so it is never a mode a program would pass (at most 07777).
 */
static unsigned open_mark(void)
{
	unsigned m = 0;

	if (getrandom(&m, sizeof(m), 0) != sizeof(m))
		return 0;
	return m | 0x80000000u;
}

/*
 * The filter with notifications (--open-notify), on x86_64 (the one ABI
 * whose openat it answers): its force mark differs from the shim's mark.
 * Without it (the default, other machines, no memory) every open that
 * stops goes through ptrace.
 */
static void prepare_notify(struct run *r)
{
#ifdef __x86_64__
	unsigned m;

	do
		m = open_mark();
	while (m == r->open_mark);
	if (m && gt_filter_build(&r->nprog, r->open_mark, m, GT_READS_NOTIFY) == 0)
		r->force_mark = m;
#else
	(void)r;
#endif
}

/*
 * The in-kernel recorder is loaded on a thread of its own (3 ms of
 * syscalls) while the rest is prepared; rec_wait takes its result.
 */
static void *load_recorder(void *arg)
{
	struct run *r = arg;

	r->rec = gt_openrec_open(0, r->rec_why, sizeof(r->rec_why));
	__atomic_store_n(&r->rec_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void rec_start(struct run *r)
{
#ifdef __x86_64__
	if (r->o->mode != GT_MODE_PRELOAD && (r->o->opens == GT_OPENS_AUTO || r->o->opens == GT_OPENS_KERNEL))
		r->rec_loading = pthread_create(&r->rec_th, NULL, load_recorder, r) == 0;
	if (!r->rec_loading && r->o->mode != GT_MODE_PRELOAD)
		snprintf(r->rec_why, sizeof(r->rec_why), "cannot start a thread to load it");
#else
	snprintf(r->rec_why, sizeof(r->rec_why), "only on x86_64");
#endif
}

/* The recorder, loaded and given the shim's mark; NULL when it cannot be had (why in r->rec_why). */
static struct gt_openrec *rec_wait(struct run *r)
{
	int e;

	if (r->rec_loading) {
		pthread_join(r->rec_th, NULL);
		r->rec_loading = 0;
		if (r->rec && (e = gt_openrec_set_mark(r->rec, r->open_mark)) < 0) {
			snprintf(r->rec_why, sizeof(r->rec_why), "cannot configure it: %s", strerror(-e));
			gt_openrec_close(r->rec);
			r->rec = NULL;
		}
	}
	return r->rec;
}

/*
 * The filter, for recording opens in the kernel unless the recorder has
 * already failed to load (prepare checks it did load): 0, -errno, or 1
 * when --opens kernel cannot be had (said on stderr).
 */
static int build_filter(struct run *r)
{
	int record = r->rec_loading && (!__atomic_load_n(&r->rec_done, __ATOMIC_ACQUIRE) || r->rec);

	if (!record && r->o->opens == GT_OPENS_KERNEL && !rec_wait(r)) {
		fprintf(stderr, "gotrace: --opens kernel: %s\n", r->rec_why);
		return 1;
	}
	r->prog_records = record;
	return gt_filter_build(&r->prog, r->open_mark, 0, record ? GT_READS_RECORD : GT_READS_TRAP);
}

/* After the rest is prepared: the recorder and the filter agree (the filter rebuilt without it if it failed). */
static int rec_settle(struct run *r)
{
	int e;

	if (!rec_wait(r) && r->prog_records) {
		if (r->o->opens == GT_OPENS_KERNEL) {
			fprintf(stderr, "gotrace: --opens kernel: %s\n", r->rec_why);
			return GT_EXIT_FAIL;
		}
		free(r->prog.filter);
		r->prog.filter = NULL;
		r->prog_records = 0;
		if ((e = gt_filter_build(&r->prog, r->open_mark, 0, GT_READS_TRAP)) < 0) {
			fprintf(stderr, "gotrace: cannot build the seccomp filter: %s\n", strerror(-e));
			return GT_EXIT_FAIL;
		}
	}
	if (r->rec && (strcmp(r->mode, "ptrace") || r->force_mark)) {
		/* not traced, or --open-notify: nothing for it to record */
		gt_openrec_close(r->rec);
		r->rec = NULL;
	}
	return 0;
}

/* Find the command, build the filter, find the shim, open the trace; 0 or gotrace's exit status. */
static int prepare(struct run *r)
{
	const struct gt_launch_opts *o = r->o;
	char err[PATH_MAX + 256];
	int e = 0;

	rec_start(r);
	r->path = gt_resolve_command(o->argv[0], &e);
	if (!r->path) {
		if (e == ENOENT && !strchr(o->argv[0], '/')) {
			fprintf(stderr, "gotrace: %s: command not found\n", o->argv[0]);
			r->notfound = 1;
		} else
			fprintf(stderr, "gotrace: %s: %s\n", o->argv[0], strerror(e));
		return e == ENOENT ? GT_EXIT_NOTFOUND : GT_EXIT_NOEXEC;
	}
	r->shim = find_shim();
	if (r->shim && !o->no_shim_opens)
		r->open_mark = open_mark();
	if (o->mode == GT_MODE_PRELOAD) {
		r->mode = "preload";
	} else if (o->mode == GT_MODE_AUTO && gt_is_debugger(strrchr(r->path, '/') ? strrchr(r->path, '/') + 1 : r->path)) {
		/* the command would fail at its first ptrace call under the tracer */
		snprintf(r->why, sizeof(r->why), "%s needs ptrace and a process has one tracer, so gotrace leaves "
			 "that place to it (--mode ptrace traces it anyway)", o->argv[0]);
		r->mode = "preload";
	} else if ((e = build_filter(r)) < 0) {
		snprintf(r->why, sizeof(r->why), "cannot build the seccomp filter: %s", strerror(-e));
		if (o->mode == GT_MODE_PTRACE) {
			fprintf(stderr, "gotrace: %s\n", r->why);
			return GT_EXIT_FAIL;
		}
		r->mode = "preload";
	}
	if (e == 1)
		return GT_EXIT_FAIL; /* --opens kernel, and the kernel would not */
	if (!strcmp(r->mode, "ptrace") && o->opens == GT_OPENS_NOTIFY)
		prepare_notify(r);
	if (r->shim && (e = gt_collect_open(&r->col)) < 0) {
		fprintf(stderr, "gotrace: cannot open the preload shim's socket: %s\n", strerror(-e));
		free(r->shim);
		r->shim = NULL;
	}
	if (!r->shim && o->mode == GT_MODE_PRELOAD) {
		fprintf(stderr, "gotrace: --mode preload: the preload shim (libgotrace.so) was not found\n");
		return GT_EXIT_FAIL;
	}
	if (!r->shim && !o->quiet)
		fprintf(stderr, "gotrace: preload shim not found; getenv, dlopen and getaddrinfo will "
				"not be recorded\n");
	if (r->shim)
		r->audit = audit_entry(r->shim);
	if (r->shim)
		child_env = make_child_env(r->shim, r->col.name, r->mode, r->audit, r->open_mark);
	if ((e = rec_settle(r)) != 0)
		return e;
	if (gt_trace_open(&r->trace, o->out, o->argv[0], err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace: %s\n", err);
		return GT_EXIT_FAIL;
	}
	r->trace.max = o->max_trace;
	return 0;
}

/* The child's listener FD, as a descriptor of gotrace's own; -1 if it cannot be had. */
static int take_listener(pid_t pid, int fd)
{
	long pfd = syscall(SYS_pidfd_open, pid, 0), lfd = -1;

	if (pfd >= 0) {
		lfd = syscall(SYS_pidfd_getfd, (int)pfd, fd, 0);
		close((int)pfd);
	}
	return (int)lfd;
}

/*
 * Start the command under the tracer, or without it when ptrace or seccomp
 * is refused (mode auto falls back to preload and says why; --mode ptrace
 * makes that an error). 0, or -1 when nothing ran.
 */
static int start(struct run *r)
{
	const struct gt_launch_opts *o = r->o;
	char tag;
	int e = 0;

	for (;;) {
		if (spawn(&r->sp, r->path, o->argv, &r->prog, r->force_mark ? &r->nprog : NULL) < 0) {
			fprintf(stderr, "gotrace: cannot start %s: %s\n", o->argv[0], strerror(errno));
			return -1;
		}
		if (strcmp(r->mode, "ptrace")) {
			go_ahead(&r->sp, 'n');
			sync_done(&r->sp);
			return 0;
		}
		if (ptrace(PTRACE_SEIZE, r->sp.pid, 0, GT_PTRACE_OPTIONS) < 0) {
			snprintf(r->why, sizeof(r->why), "ptrace refused (%s)%s", strerror(errno),
				 errno == EPERM ? ": another tracer (gdb, strace) or a container policy" : "");
			if (o->mode == GT_MODE_PTRACE) {
				/* the child never execs: EOF on its pipe ends it */
				close(r->sp.syncfd);
				reap_untraced(r->sp.pid, &r->status);
				fprintf(stderr, "gotrace: %s\n", r->why);
				return -1;
			}
			go_ahead(&r->sp, 'n');
			sync_done(&r->sp);
			r->mode = "preload";
			gt_openrec_close(r->rec);
			r->rec = NULL;
			return 0;
		}
		/* its opens are recorded from its first (the filter and the recorder agree from exec on) */
		if (r->rec && (e = gt_openrec_track(r->rec, r->sp.pid, 1)) < 0) {
			fprintf(stderr, "gotrace: cannot record opens in the kernel: %s\n", strerror(-e));
			close(r->sp.syncfd);
			reap_untraced(r->sp.pid, &r->status);
			return -1;
		}
		go_ahead(&r->sp, 'y');
		tag = read_msg(r->sp.errfd, &e);
		if (tag == 'L' && (r->notify_fd = take_listener(r->sp.pid, e)) < 0) {
			/* the filter is in, its listener out of reach: start over without notifications */
			kill(r->sp.pid, SIGKILL);
			sync_done(&r->sp);
			while (waitpid(r->sp.pid, &r->status, __WALL) < 0 && errno == EINTR)
				;
			close(r->sp.errfd);
			r->sp.errfd = -1;
			r->force_mark = 0;
			continue;
		}
		sync_done(&r->sp);
		if (tag == 'K' || tag == 'L')
			return 0;
		/* the filter did not load: the child exits before exec; start over untraced */
		snprintf(r->why, sizeof(r->why), "seccomp refused (%s)", tag ? strerror(e) : "child died");
		while (waitpid(r->sp.pid, &r->status, __WALL) < 0 && errno == EINTR)
			;
		close(r->sp.errfd);
		r->sp.errfd = -1;
		if (o->mode == GT_MODE_PTRACE) {
			fprintf(stderr, "gotrace: %s\n", r->why);
			return -1;
		}
		r->mode = "preload";
		gt_openrec_close(r->rec);
		r->rec = NULL;
		if (child_mode_var)
			memcpy(child_mode_var + sizeof(GT_ENV_MODE), "preload", sizeof("preload"));
	}
}

/* Follow the command to its end: the run's one loop (loop.h) over the tracer, the shim and the watchdog. */
static void follow(struct run *r)
{
	struct gt_loop L;
	int e;

	memset(&L, 0, sizeof(L));
	r->st.trace = &r->trace;
	r->st.root = r->sp.pid;
	r->st.stall_s = r->o->stall;
	r->st.timeout_s = r->o->timeout;
	r->st.quiet = r->o->quiet;
	gt_stall_init(&r->st);
	if (r->traced) {
		r->tr.trace = &r->trace;
		r->tr.root = r->sp.pid;
		r->tr.self = getpid();
		r->tr.shim = r->shim;
		r->tr.audit = r->audit;
		r->tr.stall = &r->st;
		r->tr.notify_fd = r->notify_fd;
		r->tr.force_mark = r->force_mark;
		r->tr.rec = r->rec;
		gt_tracer_init(&r->tr);
	}
	if (r->shim) {
		r->col.trace = &r->trace;
		r->col.accept_io = !r->traced;
		r->col.accept_open = r->traced && r->open_mark;
	}
	L.trace = &r->trace;
	L.tr = r->traced ? &r->tr : NULL;
	L.col = r->shim ? &r->col : NULL;
	L.st = &r->st;
	L.root = r->sp.pid;
	if (r->traced && !r->o->no_latency_hint)
		r->pmqos_fd = hold_cpu_latency();
	L.quiet = r->o->quiet;
	if (gt_loop_run(&L) < 0)
		gt_sayf("following the command failed: %s", strerror(errno));
	r->loop = L;
	if (r->traced) {
		r->status = r->tr.root_status;
	} else {
		struct gt_buf *b;
		r->status = L.root_status;
		b = gt_trace_begin(&r->trace, "exit", gt_trace_now(&r->trace), r->sp.pid, "sys");
		gt_json_key(b, GT_KEY(exit, ppid));
		gt_buf_i64(b, getpid());
		gt_decode_wait_status(b, r->status);
		gt_trace_commit(&r->trace);
	}
	gt_fwd_stop();
	if (read_msg(r->sp.errfd, &e) == 'E')
		fprintf(stderr, "gotrace: cannot run %s: %s\n", r->path, strerror(e));
}

/* The end of the trace: fingerprints, the end record, and the file closed. */
static void finish(struct run *r, struct gt_launch_result *res)
{
	gt_loop_drain(&r->loop); /* what the shim sent since */
	gt_trace_uncap(&r->trace);
	gt_fp_emit(&r->trace, r->sp.pid);
	gt_run_end(&r->trace, r->sp.pid, r->status, r->traced ? r->tr.nproc : 1,
		  r->traced ? &r->tr : NULL, r->pmqos_fd >= 0, &r->col,
		  r->st.timed_out);
	if (r->pmqos_fd >= 0)
		close(r->pmqos_fd);
	if (r->traced)
		gt_tracer_free(&r->tr);
	if (gt_trace_close(&r->trace) < 0) {
		if (!r->o->quiet)
			fprintf(stderr, "gotrace: trace %s is incomplete: %s\n", r->trace.path,
				strerror(r->trace.werr));
	} else {
		res->complete = 1;
	}
	res->trace = r->trace.path;
	r->trace.path = NULL;
}

/* The command is on no PATH directory: a trace that says where it was looked for (notfound.c). */
static void notfound_trace(struct run *r, struct gt_launch_result *res)
{
	res->complete = gt_notfound_trace(&r->trace, r->o->out, r->o->argv) == 0;
	res->trace = r->trace.path;
	r->trace.path = NULL;
}

/* How opens that only read are recorded, for the header: NULL when the syscall tracer is not used. */
static const char *opens_mode(const struct run *r)
{
	if (!r->traced)
		return NULL;
	if (r->notify_fd >= 0)
		return "notify";
	return r->rec ? "kernel" : "ptrace";
}

int gt_launch(const struct gt_launch_opts *o, struct gt_launch_result *res)
{
	struct run r;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.mode = "ptrace";
	r.trace.fd = -1;
	r.col.fd = -1;
	r.sp.pid = -1;
	r.sp.syncfd = r.sp.errfd = -1;
	r.pmqos_fd = -1;
	r.notify_fd = -1;
	if ((rc = prepare(&r)) != 0) {
		if (r.notfound)
			notfound_trace(&r, res);
		goto out;
	}
	gt_fwd_install();
	if (start(&r) < 0) {
		/* nothing ran: leave no half-written trace behind */
		gt_trace_close(&r.trace);
		unlink(r.trace.path);
		rc = GT_EXIT_FAIL;
		goto out;
	}
	gt_fwd_to(r.sp.pid);
	if (r.why[0] && !o->quiet)
		fprintf(stderr, "gotrace: %s; running without the syscall tracer (mode preload)\n", r.why);
	r.traced = !strcmp(r.mode, "ptrace");
	gt_run_header(&r.trace, o->argv, &(struct gt_run_head){
		.mode = r.mode, .why = r.why[0] ? r.why : NULL, .shim = r.shim != NULL,
		.shim_opens = r.traced && r.shim && r.open_mark, .opens = opens_mode(&r),
		.opens_why = r.traced && !r.rec && r.rec_why[0] ? r.rec_why : NULL});
	follow(&r);
	finish(&r, res);
	rc = r.st.timed_out ? GT_EXIT_TIMEOUT : gt_status_to_exit(r.status);
out:
	gt_collect_close(&r.col);
	if (r.sp.errfd >= 0)
		close(r.sp.errfd);
	free(r.shim);
	free(r.audit);
	free(r.trace.path);
	free(r.path);
	free(r.prog.filter);
	free(r.nprog.filter);
	if (r.notify_fd >= 0)
		close(r.notify_fd);
	gt_openrec_close(rec_wait(&r));
	return rc;
}

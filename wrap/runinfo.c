/*
 * The run's first and last records: the header (the command, the mode,
 * what the trace cannot see, the host) and the end record (the command's
 * fate and gotrace's own cost). See docs/trace-format.md.
 */
#include "runinfo.h"

#include <limits.h>
#include <pwd.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/json.h"
#include "../common/schema.h"
#include "../common/redact.h"
#include "hostinfo.h"
#include "launch.h"

static void put_argv(struct gt_buf *b, char **argv)
{
	struct gt_buf tmp;
	const char *prev = NULL;
	int i;

	gt_buf_init(&tmp);
	gt_buf_putc(b, '[');
	for (i = 0; argv[i]; i++) {
		tmp.len = 0;
		gt_redact_arg(&tmp, argv[i], strlen(argv[i]), prev, prev ? strlen(prev) : 0);
		if (i)
			gt_buf_putc(b, ',');
		gt_json_str(b, tmp.p ? tmp.p : "", tmp.len);
		prev = argv[i];
	}
	gt_buf_putc(b, ']');
	gt_buf_free(&tmp);
}

static const char *const blind_ptrace[] = {
	"getenv, dlopen and getaddrinfo inside statically linked programs (go, compile, "
	"link, asm, cgo, vet, cgo-free binaries): no syscall, and no shim can load there",
	"children started through system() or popen() by a program that cleared "
	"LD_PRELOAD from its environment (the shim is lost for them)",
	NULL,
};

static const char *const blind_ptrace_noshim[] = {
	"getenv, dlopen, getaddrinfo and exec intent inside programs: no syscall, and "
	"the preload shim was not found",
	NULL,
};

static const char *const blind_preload[] = {
	"every syscall: the syscall tracer is not used",
	"statically linked programs: go, compile, link, asm, cgo, vet and cgo-free test binaries",
	"opens and connects made inside the C library and ld.so (only calls to open, "
	"openat, fopen and connect are seen)",
	"setuid programs",
	NULL,
};

static const char *const blind_none[] = {
	"everything but the command's exit: neither the syscall tracer nor the "
	"preload shim could run",
	NULL,
};

void gt_run_header(struct gt_trace *t, char **argv, const struct gt_run_head *h)
{
	struct gt_buf *b = gt_trace_begin(t, "run", 0, getpid(), "sys");
	const char *mode = h->mode, *why = h->why, *opens = h->opens, *opens_why = h->opens_why;
	int shim = h->shim, shim_opens = h->shim_opens;
	const char *const *blind = !strcmp(mode, "ptrace") ? (shim ? blind_ptrace : blind_ptrace_noshim)
				   : shim ? blind_preload : blind_none;
	char cwd[PATH_MAX];
	int i;

	gt_json_key(b, GT_KEY(run, version));
	gt_buf_putc(b, '1');
	gt_json_key(b, GT_KEY(run, gotrace));
	gt_json_cstr(b, GT_VERSION);
	gt_json_key(b, GT_KEY(run, argv));
	put_argv(b, argv);
	if (getcwd(cwd, sizeof(cwd))) {
		gt_json_key(b, GT_KEY(run, cwd));
		gt_json_cstr(b, cwd);
	}
	gt_json_key(b, GT_KEY(run, mode));
	gt_json_cstr(b, mode);
	/* the user the command runs as (gotrace's own): a directory's owner and mode mean something beside it */
	gt_json_key(b, GT_KEY(run, uid));
	gt_buf_i64(b, (long long)getuid());
	{
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_name) {
			gt_json_key(b, GT_KEY(run, user));
			gt_json_cstr(b, pw->pw_name);
		}
	}
	gt_json_key(b, GT_KEY(run, shim));
	gt_buf_puts(b, shim ? "true" : "false");
	if (shim_opens)
		gt_json_true(b, GT_KEY(run, shim_opens));
	if (opens && !strcmp(opens, "notify"))
		gt_json_true(b, GT_KEY(run, open_notify));
	if (opens) {
		gt_json_key(b, GT_KEY(run, opens));
		gt_json_cstr(b, opens);
	}
	/* the kernel recorder also records failed path calls ("fsfail" events) */
	if (opens && !strcmp(opens, "kernel"))
		gt_json_true(b, GT_KEY(run, fsfail));
	if (opens_why) {
		gt_json_key(b, GT_KEY(run, opens_why));
		gt_json_cstr(b, opens_why);
	}
	if (why) {
		gt_json_key(b, GT_KEY(run, fallback));
		gt_json_cstr(b, why);
	}
	gt_json_key(b, GT_KEY(run, blind));
	gt_buf_putc(b, '[');
	for (i = 0; blind[i]; i++) {
		if (i)
			gt_buf_putc(b, ',');
		gt_json_cstr(b, blind[i]);
	}
	gt_buf_putc(b, ']');
	gt_hostinfo_put(b);
	gt_json_key(b, GT_KEY(run, start));
	gt_hostinfo_now(b);
	gt_trace_commit(t);
}

int gt_status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return GT_EXIT_FAIL;
}

/*
 * ,"stops":{...} — the stops of the run by what they were, the syscall
 * stops by call. Its members are counters, not fields: "stops" is an
 * object the declaration leaves open (OBJ).
 */
static void put_stops(struct gt_buf *b, const struct gt_tracer *tr)
{
	static const char *const what[GT_STOP_KINDS] = {"seccomp", "exit", "fork", "clone", "exec", "new_task", "signal",
							  "follow", "other"};
	static const char *const calls[GT_K_COUNT] = {"none", "execve", "execveat", "open", "openat", "openat2", "connect",
						      "write2", "soerror", "chdir", "creds", "writev2", "ptrace", "listener",
						      "signal"};
	const unsigned long *per[2] = {tr->stops_seccomp, tr->stops_exit};
	size_t i, j;
	int first;

	gt_json_key(b, GT_KEY(tracer, stops));
	gt_buf_putc(b, '{');
	for (i = 0; i < GT_STOP_KINDS; i++)
		gt_buf_printf(b, "%s\"%s\":%lu", i ? "," : "", what[i], tr->stops[i]);
	for (j = 0; j < 2; j++) {
		gt_buf_printf(b, ",\"%s_by_call\":{", j ? "exit" : "seccomp");
		for (i = 0, first = 1; i < GT_K_COUNT; i++)
			if (per[j][i]) {
				gt_buf_printf(b, "%s\"%s\":%lu", first ? "" : ",", calls[i], per[j][i]);
				first = 0;
			}
		gt_buf_puts(b, "}");
	}
	gt_buf_puts(b, "}");
}

/* ,"tracer":{...} — gotrace's own cost (RU) and what its layers did (TR NULL: no syscall tracer) */
static void put_tracer(struct gt_buf *b, const struct rusage *ru, const struct gt_tracer *tr, int latency_hint,
		       const struct gt_collect *col)
{
	gt_json_key(b, GT_KEY(end, tracer));
	gt_buf_putc(b, '{');
	gt_json_key1(b, GT_KEY(tracer, cpu_user));
	gt_buf_printf(b, "%.3f", ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6);
	gt_json_key(b, GT_KEY(tracer, cpu_sys));
	gt_buf_printf(b, "%.3f", ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6);
	gt_json_key(b, GT_KEY(tracer, rss_kb));
	gt_buf_i64(b, ru->ru_maxrss);
	gt_json_key(b, GT_KEY(tracer, answered_at_entry));
	gt_buf_u64(b, tr ? gt_tracer_looked_up(tr) : 0);
	gt_json_key(b, GT_KEY(tracer, answered_by_notify));
	gt_buf_u64(b, tr ? tr->notify_answered : 0);
	gt_json_key(b, GT_KEY(tracer, handed_back));
	gt_buf_u64(b, tr ? tr->notify_back : 0);
	gt_json_key(b, GT_KEY(tracer, opens_in_kernel));
	gt_buf_u64(b, tr ? tr->rec_recorded : 0);
	gt_json_key(b, GT_KEY(tracer, opens_lost));
	gt_buf_u64(b, tr ? tr->rec_lost : 0);
	gt_json_key(b, GT_KEY(tracer, opens_unowned));
	gt_buf_u64(b, tr ? tr->rec_unowned : 0);
	gt_json_key(b, GT_KEY(tracer, procs_unrecorded));
	gt_buf_u64(b, tr ? tr->rec_lost_procs : 0);
	gt_json_key(b, GT_KEY(tracer, latency_hint));
	gt_buf_puts(b, latency_hint ? "true" : "false");
	gt_json_key(b, GT_KEY(tracer, shim_received));
	gt_buf_u64(b, col->received);
	gt_json_key(b, GT_KEY(tracer, shim_dropped));
	gt_buf_u64(b, col->dropped);
	if (tr && tr->rec_failed)
		gt_json_true(b, GT_KEY(tracer, opens_recorder_failed));
	if (tr && tr->rec_follows)
		gt_json_true(b, GT_KEY(tracer, forks_in_kernel));
	if (tr && tr->rec_lost_tasks) {
		gt_json_key(b, GT_KEY(tracer, tasks_unfollowed));
		gt_buf_u64(b, tr->rec_lost_tasks);
	}
	if (tr)
		put_stops(b, tr);
	gt_buf_putc(b, '}');
}

void gt_run_end(struct gt_trace *t, pid_t root, int status, unsigned long nproc, const struct gt_tracer *tr,
		int latency_hint, const struct gt_collect *col, int timed_out)
{
	struct gt_buf *b = gt_trace_begin(t, "end", gt_trace_now(t), root, "sys");
	struct rusage ru;

	gt_json_key(b, GT_KEY(end, status));
	gt_buf_i64(b, timed_out ? GT_EXIT_TIMEOUT : gt_status_to_exit(status));
	if (timed_out)
		gt_json_true(b, GT_KEY(end, timed_out));
	gt_json_key(b, GT_KEY(end, procs));
	gt_buf_u64(b, nproc);
	gt_json_key(b, GT_KEY(end, events));
	gt_buf_u64(b, t->events + 1);
	if (t->capped) {
		/* --max-trace: what the trace does not hold */
		gt_json_key(b, GT_KEY(end, dropped));
		gt_buf_u64(b, t->dropped);
	}
	/* gotrace's own cost, for `make bench` and for users who wonder */
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		put_tracer(b, &ru, tr, latency_hint, col);
	gt_trace_commit(t);
}


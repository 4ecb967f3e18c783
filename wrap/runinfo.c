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

	gt_buf_puts(b, ",\"version\":1,\"gotrace\":\"" GT_VERSION "\"");
	gt_json_key(b, "argv");
	put_argv(b, argv);
	if (getcwd(cwd, sizeof(cwd))) {
		gt_json_key(b, "cwd");
		gt_json_cstr(b, cwd);
	}
	gt_json_key(b, "mode");
	gt_json_cstr(b, mode);
	/* the user the command runs as (gotrace's own): a directory's owner and mode mean something beside it */
	gt_json_key(b, "uid");
	gt_buf_i64(b, (long long)getuid());
	{
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_name) {
			gt_json_key(b, "user");
			gt_json_cstr(b, pw->pw_name);
		}
	}
	gt_json_key(b, "shim");
	gt_buf_puts(b, shim ? "true" : "false");
	if (shim_opens)
		gt_buf_puts(b, ",\"shim_opens\":true");
	if (opens && !strcmp(opens, "notify"))
		gt_buf_puts(b, ",\"open_notify\":true");
	if (opens) {
		gt_json_key(b, "opens");
		gt_json_cstr(b, opens);
	}
	/* the kernel recorder also records failed path calls ("fsfail" events) */
	if (opens && !strcmp(opens, "kernel"))
		gt_buf_puts(b, ",\"fsfail\":true");
	if (opens_why) {
		gt_json_key(b, "opens_why");
		gt_json_cstr(b, opens_why);
	}
	if (why) {
		gt_json_key(b, "fallback");
		gt_json_cstr(b, why);
	}
	gt_json_key(b, "blind");
	gt_buf_putc(b, '[');
	for (i = 0; blind[i]; i++) {
		if (i)
			gt_buf_putc(b, ',');
		gt_json_cstr(b, blind[i]);
	}
	gt_buf_putc(b, ']');
	gt_hostinfo_put(b);
	gt_json_key(b, "start");
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

/* ,"stops":{...} — the stops of the run by what they were, the syscall stops by call */
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

	gt_buf_puts(b, ",\"stops\":{");
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

void gt_run_end(struct gt_trace *t, pid_t root, int status, unsigned long nproc, const struct gt_tracer *tr,
		int latency_hint, const struct gt_collect *col, int timed_out)
{
	struct gt_buf *b = gt_trace_begin(t, "end", gt_trace_now(t), root, "sys");
	struct rusage ru;

	gt_json_key(b, "status");
	gt_buf_i64(b, timed_out ? GT_EXIT_TIMEOUT : gt_status_to_exit(status));
	if (timed_out)
		gt_buf_puts(b, ",\"timed_out\":true");
	gt_json_key(b, "procs");
	gt_buf_u64(b, nproc);
	gt_json_key(b, "events");
	gt_buf_u64(b, t->events + 1);
	if (t->capped) {
		/* --max-trace: what the trace does not hold */
		gt_json_key(b, "dropped");
		gt_buf_u64(b, t->dropped);
	}
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		/* gotrace's own cost, for `make bench` and for users who wonder */
		gt_buf_printf(b, ",\"tracer\":{\"cpu_user\":%.3f,\"cpu_sys\":%.3f,\"rss_kb\":%ld,"
			      "\"answered_at_entry\":%lu,\"answered_by_notify\":%lu,\"handed_back\":%lu,"
			      "\"opens_in_kernel\":%llu,\"opens_lost\":%llu,\"opens_unowned\":%llu,\"procs_unrecorded\":%lu,"
			      "\"latency_hint\":%s,"
			      "\"shim_received\":%lu,\"shim_dropped\":%lu",
			      ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
			      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss,
			      tr ? gt_tracer_looked_up(tr) : 0, tr ? tr->notify_answered : 0,
			      tr ? tr->notify_back : 0, tr ? (unsigned long long)tr->rec_recorded : 0ull,
			      tr ? (unsigned long long)tr->rec_lost : 0ull, tr ? (unsigned long long)tr->rec_unowned : 0ull,
			      tr ? tr->rec_lost_procs : 0,
			      latency_hint ? "true" : "false", col->received, col->dropped);
		if (tr && tr->rec_failed)
			gt_buf_puts(b, ",\"opens_recorder_failed\":true");
		if (tr && tr->rec_follows)
			gt_buf_puts(b, ",\"forks_in_kernel\":true");
		if (tr && tr->rec_lost_tasks)
			gt_buf_printf(b, ",\"tasks_unfollowed\":%llu", (unsigned long long)tr->rec_lost_tasks);
		if (tr)
			put_stops(b, tr);
		gt_buf_putc(b, '}');
	}
	gt_trace_commit(t);
}


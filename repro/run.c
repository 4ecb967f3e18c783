/*
 * gotrace repro [--dry-run] [--keep] [--clean] [-o TRACE] [-C DIR] TRACE:
 * the script of plan.c, printed (--dry-run) or run with /bin/sh. The
 * script ends with `gotrace repro --compare`, whose status is repro's:
 * 0 reproduced, 1 not reproduced or a different failure, 2 usage or a
 * trace that cannot be read.
 */
#include "repro.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/redact.h"

static const char usage[] = "gotrace repro [--dry-run] [--keep] [--clean] [-o TRACE] [-C DIR] TRACE";

static int bad(const char *fmt, const char *arg)
{
	fputs("gotrace repro: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "; usage: %s\n", usage);
	return 2;
}

/* gotrace repro --compare [--clean] ORIG NEW */
static int compare_main(int clean, const char *a, const char *b)
{
	char err[1024];
	int r = rp_compare(a, b, clean, stderr, err, sizeof(err));

	if (r < 0) {
		fprintf(stderr, "gotrace repro: %s\n", err);
		return 2;
	}
	return r;
}

/* The script's comment lines, on stderr as what repro is about to do. */
static void say_plan(struct gt_buf *script)
{
	const char *s = gt_buf_cstr(script);

	int skip = 2; /* #!/bin/sh and the line that names the trace: the user typed it */

	while (*s) {
		size_t n = strcspn(s, "\n");
		if (skip)
			skip--;
		else if (s[0] == '#' && s[1] == ' ')
			fprintf(stderr, "gotrace repro: %.*s\n", (int)n - 2, s + 2);
		s += n + (s[n] == '\n');
	}
}

static int run_script(struct gt_buf *script)
{
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "gotrace repro: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", gt_buf_cstr(script), "gotrace-repro", (char *)NULL);
		fprintf(stderr, "gotrace repro: /bin/sh: %s\n", strerror(errno));
		_exit(2);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int rp_main(int argc, char **argv)
{
	struct rp_opts o;
	struct gt_buf script;
	char self[PATH_MAX], err[1024];
	const char *pos[2] = {NULL, NULL};
	int dry = 0, compare = 0, npos = 0, i, rc;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("usage: %s\n", usage);
			return 0;
		} else if (!strcmp(a, "--dry-run")) {
			dry = 1;
		} else if (!strcmp(a, "--keep")) {
			o.keep = 1;
		} else if (!strcmp(a, "--clean")) {
			o.clean = 1;
		} else if (!strcmp(a, "--compare")) {
			compare = 1;
		} else if (!strcmp(a, "-o") || !strcmp(a, "-C")) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return bad(a[1] == 'o' ? "%s needs a file name" : "%s needs a directory", a);
			*(a[1] == 'o' ? &o.out : &o.dir) = argv[++i];
		} else if (!strcmp(a, "--") && i + 1 < argc) {
			if (npos < 2)
				pos[npos] = argv[i + 1];
			npos++;
			i++;
		} else if (a[0] == '-' && a[1]) {
			return bad("unknown option '%s'", a);
		} else {
			if (npos < 2)
				pos[npos] = a;
			npos++;
		}
	}
	if (compare)
		return npos == 2 ? compare_main(o.clean, pos[0], pos[1]) :
				   bad("--compare needs two traces (%s)", npos < 2 ? "too few" : "too many");
	if (npos != 1)
		return bad(npos ? "one trace at a time (got %s)" : "a trace is needed%s", npos ? "more" : "");
	o.trace = pos[0];
	if (!realpath("/proc/self/exe", self)) {
		fprintf(stderr, "gotrace repro: cannot find gotrace itself: %s\n", strerror(errno));
		return 2;
	}
	o.self = self;
	gt_buf_init(&script);
	if (rp_script(&o, &script, err, sizeof(err)) < 0) {
		script.len = 0;
		gt_buf_puts(&script, err);
		gt_tame(&script, 0, script.len);
		fprintf(stderr, "gotrace repro: %s\n", gt_buf_cstr(&script));
		gt_buf_free(&script);
		return 2;
	}
	if (dry) {
		fputs(gt_buf_cstr(&script), stdout);
		rc = fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
		if (rc)
			fprintf(stderr, "gotrace repro: cannot write the script: %s\n", strerror(errno));
	} else {
		say_plan(&script);
		rc = run_script(&script);
	}
	gt_buf_free(&script);
	return rc;
}

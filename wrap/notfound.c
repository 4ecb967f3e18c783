/*
 * A command not found on PATH: the run still gets a trace, holding the
 * PATH that was searched and every program of that name in the places a Go
 * set-up puts programs (GOBIN, each GOPATH's bin, ~/go/bin, the usual Go
 * installations, /snap/bin), looked at when gotrace ran. The report turns
 * it into the cause (analyzers/failure.c, "command-not-found").
 */
#include "notfound.h"
#include "runinfo.h"
#include "launch.h"
#include "../common/json.h"
#include "../common/redact.h"
#include "../common/schema.h"
#include "../common/util.h"

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* VAR of the user go env file (GOENV, else XDG_CONFIG_HOME or HOME), into OUT; 0 when not set there. */
static int goenv_file_value(const char *var, char *out, size_t size)
{
	const char *ge = getenv("GOENV"), *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
	char path[PATH_MAX], line[4096];
	size_t n = strlen(var);
	FILE *f;
	int found = 0;

	if (ge && !strcmp(ge, "off"))
		return 0;
	if (ge && ge[0])
		snprintf(path, sizeof(path), "%s", ge);
	else if (x && x[0])
		snprintf(path, sizeof(path), "%s/go/env", x);
	else if (h && h[0])
		snprintf(path, sizeof(path), "%s/.config/go/env", h);
	else
		return 0;
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, var, n) && line[n] == '=') {
			line[strcspn(line, "\r\n")] = 0;
			snprintf(out, size, "%s", line + n + 1);
			found = 1; /* go keeps the last definition */
		}
	fclose(f);
	return found;
}

/* One place: DIR/NAME, when it is an executable file, as {"path":…,"where":WHY}. */
static void place(struct gt_buf *b, int *first, const char *dir, const char *name, const char *why)
{
	char p[PATH_MAX + 256];

	if (!dir || !dir[0] || strlen(dir) > PATH_MAX - 2)
		return;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (access(p, X_OK) != 0)
		return;
	gt_buf_puts(b, *first ? "{" : ",{");
	gt_json_key1(b, GT_KEY(found, path));
	*first = 0;
	gt_json_cstr(b, p);
	gt_json_key(b, GT_KEY(found, where));
	gt_json_cstr(b, why);
	gt_buf_putc(b, '}');
}

/* Each GOPATH entry's bin (GOPATH: the environment, the user go env file, else $HOME/go). */
static void gopath_places(struct gt_buf *b, int *first, const char *name)
{
	const char *gp = getenv("GOPATH"), *h = getenv("HOME");
	char v[4096], dir[4200];

	if (gp && gp[0])
		snprintf(v, sizeof(v), "%s", gp);
	else if (!goenv_file_value("GOPATH", v, sizeof(v)) || !v[0])
		snprintf(v, sizeof(v), "%s/go", h ? h : "");
	for (char *s = v, *e; s && *s; s = e ? e + 1 : NULL) {
		e = strchr(s, ':');
		if (e)
			*e = 0;
		snprintf(dir, sizeof(dir), "%s/bin", s);
		place(b, first, dir, name, "GOPATH/bin");
	}
}

void gt_notfound_event(struct gt_trace *t, const char *name)
{
	static const char *const usual[] = {"/usr/local/go/bin", "/usr/lib/go/bin", "/snap/bin", "/opt/go/bin"};
	const char *path = getenv("PATH"), *gobin = getenv("GOBIN"), *h = getenv("HOME");
	struct gt_buf *b = gt_trace_begin(t, "notfound", gt_trace_now(t), getpid(), "sys"), pv;
	char v[4096], dir[PATH_MAX];
	int first = 1;
	glob_t g;

	gt_json_key(b, GT_KEY(notfound, name));
	gt_json_cstr(b, name);
	if (path) {
		gt_buf_init(&pv);
		gt_redact_env_value(&pv, "PATH", 4, path, strlen(path));
		gt_json_key(b, GT_KEY(notfound, path));
		gt_json_cstr(b, gt_buf_cstr(&pv));
		gt_buf_free(&pv);
	}
	gt_json_key(b, GT_KEY(notfound, found));
	gt_buf_putc(b, '[');
	if (gobin && gobin[0])
		place(b, &first, gobin, name, "GOBIN");
	else if (goenv_file_value("GOBIN", v, sizeof(v)))
		place(b, &first, v, name, "GOBIN (user go env file)");
	gopath_places(b, &first, name);
	if (h && h[0]) {
		snprintf(dir, sizeof(dir), "%s/go/bin", h);
		place(b, &first, dir, name, "~/go/bin");
	}
	for (size_t i = 0; i < GT_ARRAY_SIZE(usual); i++)
		place(b, &first, usual[i], name, "a usual place");
	if (glob("/usr/lib/go-*/bin", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			place(b, &first, g.gl_pathv[i], name, "a Debian Go");
		globfree(&g);
	}
	gt_buf_putc(b, ']');
	gt_trace_commit(t);
}

int gt_notfound_trace(struct gt_trace *t, const char *out, char **argv)
{
	struct gt_collect none;
	char err[PATH_MAX + 256];

	memset(&none, 0, sizeof(none));
	if (gt_trace_open(t, out, argv[0], err, sizeof(err)) < 0) {
		gt_sayf("%s", err);
		return -1;
	}
	gt_run_header(t, argv, &(struct gt_run_head){.mode = "none", .why = "the command was not found on PATH: nothing ran"});
	gt_notfound_event(t, argv[0]);
	gt_run_end(t, getpid(), GT_EXIT_NOTFOUND << 8, 0, NULL, 0, &none, 0);
	return gt_trace_close(t);
}

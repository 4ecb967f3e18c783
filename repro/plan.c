/*
 * The plan of `gotrace repro`: from the trace, the command, where it ran
 * (mapped to the checkout here), the environment of the first go exec and
 * the run's go env files; from it, a sh script. Everything the trace
 * carries is quoted for the shell; what cannot be copied (a redacted
 * secret, a value with control characters, a name that is no shell name)
 * is named in a comment and left out.
 */
#include "repro.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzers/envsh.h"
#include "../analyzers/goconf.h"
#include "../analyzers/model.h"
#include "../analyzers/settings.h"
#include "../common/redact.h"
#include "../common/util.h"
#include "../wrap/elfinfo.h"
#include "../wrap/tracefile.h"

struct plan {
	const struct rp_opts *o;
	struct gt_model m;
	const struct gt_goconf *c;
	const json_t *env;             /* the environment to rebuild: the main go's, else the command's */
	const struct gt_strv *argv;    /* the command */
	char ci_cwd[PATH_MAX], ci_root[PATH_MAX], root_file[16];
	char here_root[PATH_MAX], here_cwd[PATH_MAX];
	char ci_base[PATH_MAX], here_base[PATH_MAX]; /* the checkout there and here: paths under it are mapped */
	struct gt_buf mapped;          /* the variables whose values had the run's checkout in them */
	struct gt_buf set, unset, goenv; /* export lines, unset names, the private go env file's printf words */
	struct gt_buf ci_only, secret, notes;
	const char *goenv_mode;        /* "file", "off", or NULL: this machine's own */
	char toolchain[200];           /* GOTOOLCHAIN to set, "" for none */
	char newtrace[PATH_MAX];
};

/* S inside a comment or a note: a comment's rules (analyzers/envsh.h), then tamed for a terminal. */
static void sh_text(struct gt_buf *b, const char *s)
{
	size_t from = b->len;

	gt_sh_comment(b, s);
	gt_tame(b, from, b->len);
}

static int in_list(const char *name, const char *const *exact, const char *const *prefix)
{
	for (; exact && *exact; exact++)
		if (!strcmp(name, *exact))
			return 1;
	for (; prefix && *prefix; prefix++)
		if (!strncmp(name, *prefix, strlen(*prefix)))
			return 1;
	return 0;
}

/* Variables a CI service sets to describe the job: they change nothing go does. */
static int ci_only(const char *name)
{
	static const char *const exact[] = {"CI", "TF_BUILD", "ImageOS", "ImageVersion", "GITLAB_CI", "BUILD_ID",
					    "BUILD_NUMBER", "JOB_NAME", "JOB_URL", "BUILD_URL", "NODE_NAME", NULL};
	static const char *const prefix[] = {"GITHUB_", "RUNNER_", "ACTIONS_", "GITLAB_", "CI_", "BUILDKITE",
					     "CIRCLE", "TRAVIS", "JENKINS_", "HUDSON_", "DRONE", "TEAMCITY_",
					     "BITBUCKET_", "APPVEYOR", "CODEBUILD_", "SYSTEM_", "AGENT_",
					     "WOODPECKER_", "SEMAPHORE", NULL};
	return in_list(name, exact, prefix);
}

/*
 * Variables that describe this machine and this user rather than the run:
 * taken from here, never from the trace (a CI runner's HOME, PATH, caches,
 * proxy or agent socket mean nothing here). GOROOT goes too: the go
 * version is pinned with GOTOOLCHAIN instead.
 */
static int machine_local(const char *name)
{
	static const char *const exact[] = {
		"HOME", "USER", "LOGNAME", "SHELL", "PATH", "PWD", "OLDPWD", "TERM", "TMPDIR", "HOSTNAME", "DISPLAY",
		"XAUTHORITY", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY",
		"GPG_AGENT_INFO", "DBUS_SESSION_BUS_ADDRESS", "MAIL", "SHLVL", "_", "LANG", "LANGUAGE", "COLORTERM",
		"EDITOR", "VISUAL", "PAGER", "LS_COLORS", "GOROOT", "GOPATH", "GOCACHE", "GOMODCACHE", "GOENV",
		"GOTMPDIR", "GOBIN", "GOTELEMETRY", "GOTELEMETRYDIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
		"ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR",
		"NETRC", "LD_PRELOAD", NULL};
	static const char *const prefix[] = {"XDG_", "LC_", "GOTRACE_", "GOTOOLCHAIN_INTERNAL_", NULL};
	return in_list(name, exact, prefix);
}

/* Whether a variable set here but not in the run would change what go does: it is unset. */
static int go_sees(const char *name)
{
	size_t i;

	for (i = 0; i < gt_go_nsettings; i++)
		if (!strcmp(gt_go_settings[i], name))
			return 1;
	return gt_env_matters(name) || (!strncmp(name, "GO", 2) && name[2] >= 'A' && name[2] <= 'Z');
}

static void word_to(struct gt_buf *b, const char *w)
{
	if (b->len)
		gt_buf_putc(b, ' ');
	sh_text(b, w);
}

/*
 * VAL with the run's checkout replaced by the one here wherever it begins
 * a path (followed by '/', a separator or the end), into B; how many.
 */
static int map_value(const struct plan *p, const char *val, struct gt_buf *b)
{
	size_t n = strlen(p->ci_base);
	const char *s = val, *hit;
	int k = 0;

	b->len = 0;
	if (n > 1 && strcmp(p->ci_base, p->here_base)) {
		for (; (hit = strstr(s, p->ci_base)); s = hit + n) {
			gt_buf_add(b, s, (size_t)(hit - s));
			if (hit[n] && !strchr("/:, =;", hit[n])) {
				gt_buf_add(b, hit, n);
				continue;
			}
			gt_buf_puts(b, p->here_base);
			k++;
		}
	}
	gt_buf_puts(b, s);
	gt_buf_cstr(b);
	return k;
}

/* The trace's environment, sorted out: copied, left out (CI only), secret, kept from here. */
static void plan_env(struct plan *p)
{
	const char *name;
	json_t *v;
	extern char **environ;
	struct gt_buf mv;
	size_t i;

	gt_buf_init(&mv);
	json_object_foreach((json_t *)p->env, name, v) {
		const char *val = json_string_value(v);
		if (!val)
			continue;
		if (machine_local(name)) {
			continue;
		} else if (!gt_sh_name(name)) {
			gt_buf_puts(&p->notes, "a variable whose name is no shell name is not copied: ");
			sh_text(&p->notes, name);
			gt_buf_putc(&p->notes, '\n');
		} else if (strstr(val, GT_REDACTED) || gt_redact_secret_env(name, strlen(name))) {
			word_to(&p->secret, name);
			gt_buf_puts(&p->secret, getenv(name) ? " (set here)" : " (not set here)");
		} else if (ci_only(name)) {
			word_to(&p->ci_only, name);
		} else if (gt_untame(val) || strchr(val, '\n')) {
			gt_buf_printf(&p->notes, "%s is not copied: its value holds control characters\n", name);
		} else {
			if (map_value(p, val, &mv))
				word_to(&p->mapped, name);
			gt_buf_printf(&p->set, "export %s=", name);
			gt_sh_quote(&p->set, gt_buf_cstr(&mv));
			gt_buf_putc(&p->set, '\n');
		}
	}
	gt_buf_free(&mv);
	/* what this machine sets and the run did not, when go would see it */
	for (i = 0; environ[i]; i++) {
		char n[256];
		size_t l = strcspn(environ[i], "=");
		if (l >= sizeof(n) || !environ[i][l])
			continue;
		memcpy(n, environ[i], l);
		n[l] = 0;
		if (!json_object_get(p->env, n) && go_sees(n) && !machine_local(n) && gt_sh_name(n))
			word_to(&p->unset, n);
	}
}

/* Add NAME=VALUE as a line of the private go env file, unless it cannot or must not be copied. */
static void goenv_line(struct plan *p, const char *name, const char *value, const char *where)
{
	char line[8400];
	struct gt_buf mv;

	if (machine_local(name)) /* the same names are this machine's in a go env file */
		return;
	if (strstr(value, GT_REDACTED) || gt_untame(value) || strchr(value, '\n') || !gt_sh_name(name)) {
		gt_buf_printf(&p->notes, "%s of %s is not copied: ", name, where);
		gt_buf_puts(&p->notes, strstr(value, GT_REDACTED) ? "it held a secret; set it by hand (go env -w)\n" :
				       "its value holds control characters\n");
		return;
	}
	gt_buf_init(&mv);
	if (map_value(p, value, &mv))
		word_to(&p->mapped, name);
	snprintf(line, sizeof(line), "%s=%s", name, gt_buf_cstr(&mv));
	gt_buf_free(&mv);
	gt_buf_puts(&p->goenv, " \\\n\t");
	gt_sh_quote(&p->goenv, line);
}

/* This machine's $GOROOT/go.env (of the go first on PATH), read now into S; -1 when there is none. */
static int local_goenv(struct gt_gosets *s, char *goroot, size_t size)
{
	extern char **environ;
	struct gt_goconf *live = gt_goconf_live(environ);
	char path[PATH_MAX + 8];
	int r = -1;

	memset(s, 0, sizeof(*s));
	goroot[0] = 0;
	if (live->exe_goroot) {
		snprintf(goroot, size, "%s", live->exe_goroot);
		snprintf(path, sizeof(path), "%s/go.env", live->exe_goroot);
		r = gt_goset_read(GT_GS_ENV, path, s);
	}
	gt_goconf_free(live);
	return r;
}

/*
 * The private go env file: the run's user go env file, and the lines of its
 * $GOROOT/go.env that this machine's go.env does not have alike and that
 * neither the environment nor the user file overrode.
 */
static void plan_goenv(struct plan *p)
{
	const struct gt_goconf *c = p->c;
	struct gt_gosets here;
	char root[PATH_MAX];
	size_t i;

	if (!c->go || !c->env)
		return;
	if (c->user.state == GT_FILE_OFF) {
		p->goenv_mode = "off";
		return;
	}
	if (c->user.after || (c->goenv.state == GT_FILE_READ && c->goenv.after)) {
		gt_buf_puts(&p->notes, "the trace was made by an older gotrace and holds no settings of its go env files: "
				       "this machine's own are used\n");
		return;
	}
	p->goenv_mode = "file";
	if (c->goenv.state == GT_FILE_READ) {
		/* no go.env here to compare with: every line of the run's applies */
		if (local_goenv(&here, root, sizeof(root)) < 0)
			gt_goset_free(&here);
		for (i = 0; i < c->goenv.n; i++) {
			const struct gt_envline *l = &c->goenv.v[i];
			const struct gt_goset *h = gt_goset_get(&here, l->name);
			const char *e = gt_env_get(c->env, l->name);
			size_t k;
			int user = 0;
			for (k = 0; k < c->user.n; k++)
				user |= !strcmp(c->user.v[k].name, l->name);
			if ((e && e[0]) || user || (h && !strcmp(h->value, l->value)))
				continue;
			goenv_line(p, l->name, l->value, "the run's $GOROOT/go.env");
		}
		gt_goset_free(&here);
	}
	for (i = 0; c->user.state == GT_FILE_READ && i < c->user.n; i++)
		goenv_line(p, c->user.v[i].name, c->user.v[i].value, "the run's user go env file");
}

/* The version of the go first on PATH here (its build information), into OUT; 0, or -1. */
static int local_go_version(char *out, size_t size)
{
	const char *path = getenv("PATH");
	char cand[PATH_MAX + 4];

	while (path && *path) {
		size_t n = strcspn(path, ":");
		int fd;
		snprintf(cand, sizeof(cand), "%.*s/go", (int)n, n ? path : ".");
		path += n + (path[n] == ':');
		if (access(cand, X_OK) < 0 || (fd = open(cand, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = (size_t)gt_elf_goversion_fd(fd, out, size);
		close(fd);
		return (int)n;
	}
	return -1;
}

/*
 * The go version: the run's first go (its build information in the trace)
 * against the go first on PATH here. When they differ, GOTOOLCHAIN asks for
 * the run's, in the run's mode (+auto, +path) so a switch go.mod asks for
 * still happens as it did -- unless the run's GOTOOLCHAIN named a version
 * itself: then it is copied as it is.
 */
static void plan_toolchain(struct plan *p)
{
	const struct gt_goconf *c = p->c;
	const struct gt_mexec *x;
	struct gt_setting s;
	char ci[160], here[160] = "";
	const char *mode = "";

	if (!c->go)
		return;
	x = c->x;
	if (!gt_model_goversion(&p->m, x->exe ? x->exe : x->path, NULL, ci, sizeof(ci))) {
		gt_buf_puts(&p->notes, "the trace does not say which go version ran (an older gotrace): "
				       "the go here runs as it is\n");
		return;
	}
	if (local_go_version(here, sizeof(here)) == 0 && !strcmp(ci, here))
		return;
	gt_goconf_setting(c, "GOTOOLCHAIN", &s);
	if (s.value && !strncmp(s.value, "go1", 3))
		return; /* copied with the environment or the go env file */
	if (s.value && (!strcmp(s.value, "auto") || strstr(s.value, "+auto")))
		mode = "+auto";
	else if (s.value && (!strcmp(s.value, "path") || strstr(s.value, "+path")))
		mode = "+path";
	if (strncmp(ci, "go1", 3) || strpbrk(ci, " '\"\\$`")) {
		gt_buf_puts(&p->notes, "the run's go is ");
		sh_text(&p->notes, ci);
		gt_buf_puts(&p->notes, ", not a release GOTOOLCHAIN can name: the go here runs as it is\n");
		return;
	}
	snprintf(p->toolchain, sizeof(p->toolchain), "%s%s", ci, mode);
	gt_buf_puts(&p->notes, "the run's go is ");
	sh_text(&p->notes, ci);
	gt_buf_printf(&p->notes, ", this machine's %s: GOTOOLCHAIN=%s; go runs %s from PATH if it is there, %s\n",
		      here[0] ? here : "go is not on PATH", p->toolchain, ci,
		      strcmp(mode, "+path") ? "else downloads it through GOPROXY, as for a toolchain switch" :
					      "and only from there (+path, as in the run: go downloads nothing)");
}

/* The first FILE ("go.work", "go.mod") a go process of the run read in UNDER or above it, not in the module cache. */
static const char *go_read(const struct gt_model *m, const char *file, const char *under)
{
	size_t i, n = strlen(under);

	for (i = 0; i < m->nopens; i++) {
		const struct gt_mopen *o = &m->opens[i];
		const char *b = gt_base_name(o->path);
		size_t dl = (size_t)(b - o->path);
		if (!o->ok || !o->read || !o->p || !o->p->nexecs || !gt_exec_is_go(&o->p->execs[o->p->nexecs - 1]) ||
		    strcmp(b, file) || strstr(o->path, "/pkg/mod/"))
			continue;
		if (dl && dl - 1 <= n && !strncmp(o->path, under, dl - 1) && (under[dl - 1] == '/' || !under[dl - 1] || dl == 1))
			return o->path;
	}
	return NULL;
}

const char *rp_module_file(const struct gt_model *m, const char *cwd)
{
	const char *f = go_read(m, "go.work", cwd);

	return f ? f : go_read(m, "go.mod", cwd);
}

/* SRC into DST (SIZE), which the caller checked it fits. */
static void set_path(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static int has_file(const char *dir, const char *file)
{
	char p[PATH_MAX * 2];

	if (snprintf(p, sizeof(p), "%s/%s", dir, file) >= (int)sizeof(p))
		return 0;
	return access(p, F_OK) == 0;
}

/* Where the run's module root is in the checkout here: DIR, DIR/<the root's last parts>, or above DIR. */
static void map_root(struct plan *p, const char *base)
{
	char cand[PATH_MAX * 2];
	const char *s;
	int k;

	snprintf(p->here_root, sizeof(p->here_root), "%s", base);
	if (!p->root_file[0] || has_file(base, p->root_file))
		return;
	for (k = 1, s = p->ci_root + strlen(p->ci_root); k <= 4 && s > p->ci_root; k++) {
		while (s > p->ci_root && *--s != '/')
			;
		snprintf(cand, sizeof(cand), "%s%s", base, s);
		if (*s == '/' && has_file(cand, p->root_file) && strlen(cand) < sizeof(p->here_root)) {
			set_path(p->here_root, sizeof(p->here_root), cand);
			/* the run's checkout is its root without those parts: BASE here */
			snprintf(p->ci_base, sizeof(p->ci_base), "%.*s", (int)(s - p->ci_root), p->ci_root);
			set_path(p->here_base, sizeof(p->here_base), base);
			return;
		}
	}
	snprintf(cand, sizeof(cand), "%s", base);
	while ((s = strrchr(cand, '/')) && s != cand) {
		cand[s - cand] = 0;
		if (has_file(cand, p->root_file)) {
			set_path(p->here_root, sizeof(p->here_root), cand);
			return;
		}
	}
	gt_buf_printf(&p->notes, "no %s here (in %s, below it as in the run, or above it): the command runs in %s\n",
		      p->root_file, base, base);
}

/* The run's directory and module root, and theirs here. */
static int plan_dirs(struct plan *p, char *err, size_t errsize)
{
	const char *cwd = p->m.run->cwd, *f;
	char base[PATH_MAX], tmp[PATH_MAX * 2];
	size_t rl;

	if (!cwd || cwd[0] != '/') {
		snprintf(err, errsize, "%s: the trace does not say where the command ran", p->o->trace);
		return -1;
	}
	snprintf(p->ci_cwd, sizeof(p->ci_cwd), "%s", cwd);
	snprintf(p->ci_root, sizeof(p->ci_root), "%s", cwd);
	if ((f = rp_module_file(&p->m, cwd))) {
		snprintf(p->ci_root, sizeof(p->ci_root), "%.*s", (int)(gt_base_name(f) - f - 1), f);
		snprintf(p->root_file, sizeof(p->root_file), "%s", gt_base_name(f));
		if (!p->ci_root[0])
			strcpy(p->ci_root, "/");
	}
	if (!realpath(p->o->dir ? p->o->dir : ".", base)) {
		snprintf(err, errsize, "%s: %s", p->o->dir ? p->o->dir : ".", strerror(errno));
		return -1;
	}
	map_root(p, base);
	if (!p->ci_base[0]) {
		set_path(p->ci_base, sizeof(p->ci_base), p->ci_root);
		set_path(p->here_base, sizeof(p->here_base), p->here_root);
	}
	rl = strlen(p->ci_root);
	snprintf(p->here_cwd, sizeof(p->here_cwd), "%s", p->here_root);
	if (rl > 1 && p->ci_cwd[rl] == '/') {
		snprintf(tmp, sizeof(tmp), "%s%s", p->here_root, p->ci_cwd + rl);
		if (access(tmp, F_OK) == 0 && strlen(tmp) < sizeof(p->here_cwd))
			set_path(p->here_cwd, sizeof(p->here_cwd), tmp);
		else
			gt_buf_printf(&p->notes, "%s is not here: the command runs in %s\n", p->ci_cwd + rl + 1,
				      p->here_root);
	}
	/* the same module? */
	if (f && !strcmp(p->root_file, "go.mod")) {
		const struct gt_goset *ci = gt_model_setting(&p->m, f, "module", NULL);
		struct gt_gosets here;
		snprintf(tmp, sizeof(tmp), "%s/go.mod", p->here_root);
		memset(&here, 0, sizeof(here));
		if (ci && gt_goset_read(GT_GS_MOD, tmp, &here) == 0 && gt_goset_get(&here, "module") &&
		    strcmp(gt_goset_get(&here, "module")->value, ci->value)) {
			gt_buf_puts(&p->notes, "the go.mod here is module ");
			sh_text(&p->notes, gt_goset_get(&here, "module")->value);
			gt_buf_puts(&p->notes, "; the run built ");
			sh_text(&p->notes, ci->value);
			gt_buf_putc(&p->notes, '\n');
		}
		gt_goset_free(&here);
	}
	return 0;
}

/* Where the new trace goes: -o (absolute), else a new name in the state directory. */
static int plan_newtrace(struct plan *p, char *err, size_t errsize)
{
	char dir[PATH_MAX], cwd[PATH_MAX], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (p->o->out) {
		if (p->o->out[0] == '/' || !getcwd(cwd, sizeof(cwd)))
			snprintf(p->newtrace, sizeof(p->newtrace), "%s", p->o->out);
		else if (snprintf(p->newtrace, sizeof(p->newtrace), "%s/%s", cwd, p->o->out) >= (int)sizeof(p->newtrace))
			return snprintf(err, errsize, "-o: the name is too long"), -1;
		return 0;
	}
	if (gt_state_dir(dir, sizeof(dir) - 64) < 0 || gt_mkdirs(dir, 0700) < 0) {
		snprintf(err, errsize, "no state directory for the new trace (set HOME, or use -o TRACE)");
		return -1;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (snprintf(p->newtrace, sizeof(p->newtrace), "%s/%s-repro-%d.jsonl", dir, stamp, (int)getpid()) >=
	    (int)sizeof(p->newtrace))
		return snprintf(err, errsize, "the state directory's path is too long (use -o TRACE)"), -1;
	return 0;
}

/* The command, quoted; -1 when an argument cannot be given again (a redacted secret, control characters). */
static int put_command(struct plan *p, struct gt_buf *b, char *err, size_t errsize)
{
	size_t i;

	if (!p->argv->n) {
		snprintf(err, errsize, "%s: the trace records no command", p->o->trace);
		return -1;
	}
	for (i = 0; i < p->argv->n; i++) {
		const char *s = p->argv->v[i]; /* NULL: not a string */
		if (!s || strstr(s, GT_REDACTED) || gt_untame(s)) {
			snprintf(err, errsize, "%s: argument %zu of the command %s: it cannot be run again as it was",
				 p->o->trace, i, s && strstr(s, GT_REDACTED) ? "held a secret (redacted in the trace)" :
				 "holds control characters");
			return -1;
		}
		/* a go named by a path of the run's machine: the go here (GOTOOLCHAIN pins the version) */
		if (i == 0 && s[0] == '/' && access(s, X_OK) < 0 &&
		    (!strcmp(gt_base_name(s), "go") || !strncmp(gt_base_name(s), "go1.", 4))) {
			gt_buf_puts(&p->notes, "the run's ");
			sh_text(&p->notes, s);
			gt_buf_puts(&p->notes, " is not here: go from PATH runs instead\n");
			s = "go";
		}
		gt_buf_putc(b, ' ');
		gt_sh_quote(b, s);
	}
	return 0;
}

/* A comment line "# LABEL: TEXT" when TEXT is not empty. */
static void comment(struct gt_buf *b, const char *label, struct gt_buf *text)
{
	if (text->len)
		gt_buf_printf(b, "# %s: %s\n", label, gt_buf_cstr(text));
}

static void put_header(struct plan *p, struct gt_buf *b)
{
	size_t i;

	gt_buf_puts(b, "#!/bin/sh\n# gotrace repro ");
	sh_text(b, p->o->trace);
	gt_buf_puts(b, "\n# the run: ");
	for (i = 0; i < p->argv->n; i++) {
		gt_buf_puts(b, i ? " " : "");
		sh_text(b, p->argv->v[i]);
	}
	gt_buf_puts(b, " in ");
	sh_text(b, p->ci_cwd);
	if (p->root_file[0]) {
		gt_buf_printf(b, " (%s in ", p->root_file);
		sh_text(b, p->ci_root);
		gt_buf_putc(b, ')');
	}
	gt_buf_puts(b, "\n# here: ");
	sh_text(b, p->here_cwd);
	gt_buf_putc(b, '\n');
	comment(b, "left out, set by the CI service (they change nothing go does)", &p->ci_only);
	comment(b, "not copied, secrets (redacted in the trace: set them by hand if the command needs them)",
		&p->secret);
	comment(b, "unset, set here but not in the run", &p->unset);
	if (p->mapped.len) {
		gt_buf_puts(b, "# the run's checkout ");
		sh_text(b, p->ci_base);
		gt_buf_puts(b, " is ");
		sh_text(b, p->here_base);
		gt_buf_printf(b, " here, in the values of: %s\n", gt_buf_cstr(&p->mapped));
	}
	gt_buf_puts(b, "# kept from this machine: HOME, PATH, proxies, certificates, ");
	gt_buf_puts(b, p->o->clean ? "and empty build and module caches (--clean)\n" :
				     "and the build and module caches (a warm cache may hide a failure: --clean)\n");
	for (i = 0; i < p->notes.len;) {
		size_t n = strcspn(gt_buf_cstr(&p->notes) + i, "\n");
		gt_buf_printf(b, "# %.*s\n", (int)n, gt_buf_cstr(&p->notes) + i);
		i += n + 1;
	}
}

static void put_body(struct plan *p, struct gt_buf *b)
{
	gt_buf_puts(b, "(\nd=$(mktemp -d \"${TMPDIR:-/tmp}/gotrace-repro.XXXXXX\") || exit 2\n");
	if (p->o->keep)
		gt_buf_puts(b, "echo \"gotrace repro: the private directory: $d\" >&2\n");
	else
		gt_buf_puts(b, "trap 'chmod -R u+w \"$d\" 2>/dev/null; rm -rf \"$d\"' EXIT\n");
	if (p->goenv_mode && !strcmp(p->goenv_mode, "off")) {
		gt_buf_puts(b, "export GOENV=off  # as in the run\n");
	} else if (p->goenv_mode) {
		gt_buf_puts(b, p->goenv.len ? "printf '%s\\n'" : ":");
		gt_buf_puts(b, gt_buf_cstr(&p->goenv));
		gt_buf_puts(b, " > \"$d/env\" || exit 2\nexport GOENV=\"$d/env\"  # the run's go env settings, privately\n");
	}
	if (p->o->clean)
		gt_buf_puts(b, "export GOCACHE=\"$d/gocache\" GOMODCACHE=\"$d/gomodcache\"  # --clean\n");
	if (p->unset.len) {
		gt_buf_puts(b, "unset ");
		gt_buf_puts(b, gt_buf_cstr(&p->unset));
		gt_buf_putc(b, '\n');
	}
	gt_buf_puts(b, gt_buf_cstr(&p->set));
	if (p->toolchain[0])
		gt_buf_printf(b, "export GOTOOLCHAIN='%s'  # the run's go\n", p->toolchain);
	gt_buf_puts(b, "cd ");
	gt_sh_quote(b, p->here_cwd);
	gt_buf_puts(b, " || exit 2\n");
}

int rp_script(const struct rp_opts *o, struct gt_buf *script, char *err, size_t errsize)
{
	struct plan *p = gt_xcalloc(1, sizeof(*p));
	char abs[PATH_MAX];
	struct gt_buf cmd;
	int rc = -1;

	p->o = o;
	gt_buf_init(&cmd);
	if (gt_model_load(&p->m, o->trace, err, errsize) < 0) {
		free(p);
		return -1;
	}
	p->c = gt_goconf(&p->m);
	p->env = p->c->go && p->c->env ? p->c->env : p->m.root && p->m.root->nexecs ? p->m.root->execs[0].env : NULL;
	p->argv = &p->m.run->argv;
	if (!p->env) {
		snprintf(err, errsize, "%s: the trace records no environment of the command", o->trace);
		goto out;
	}
	if (plan_dirs(p, err, errsize) < 0 || plan_newtrace(p, err, errsize) < 0)
		goto out;
	plan_env(p);
	plan_goenv(p);
	plan_toolchain(p);
	if (put_command(p, &cmd, err, errsize) < 0)
		goto out;
	put_header(p, script);
	put_body(p, script);
	gt_sh_quote(script, o->self);
	gt_buf_puts(script, " -q -o ");
	gt_sh_quote(script, p->newtrace);
	gt_buf_puts(script, " --");
	gt_buf_puts(script, gt_buf_cstr(&cmd));
	gt_buf_putc(script, '\n');
	gt_sh_quote(script, o->self);
	gt_buf_puts(script, o->clean ? " repro --clean --compare " : " repro --compare ");
	gt_sh_quote(script, realpath(o->trace, abs) ? abs : o->trace);
	gt_buf_putc(script, ' ');
	gt_sh_quote(script, p->newtrace);
	gt_buf_puts(script, "\n)\n");
	rc = 0;
out:
	gt_buf_free(&cmd);
	gt_buf_free(&p->set);
	gt_buf_free(&p->unset);
	gt_buf_free(&p->goenv);
	gt_buf_free(&p->ci_only);
	gt_buf_free(&p->secret);
	gt_buf_free(&p->mapped);
	gt_buf_free(&p->notes);
	gt_model_free(&p->m);
	free(p);
	return rc;
}

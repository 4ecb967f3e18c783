/*
 * Where the main go's settings came from (docs/facts.md, "The order of
 * Go's settings" and "Where GOROOT comes from"): a non-empty environment value, else the user
 * go env file, else $GOROOT/go.env, else the built-in default. The
 * environment is the one recorded at go's exec; which files exist is what
 * go's own opens of them say; their lines are read after the run.
 */
#include "goconf.h"
#include "settings.h"
#include "../common/files.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


int gt_exec_is_telemetry(const struct gt_mexec *x)
{
	const char *a1 = x->argv && x->argv->n > 1 ? x->argv->v[1] : NULL;

	return a1 && !strcmp(a1, "** telemetry **");
}

static int go_name(const char *path)
{
	const char *b;

	if (!path)
		return 0;
	b = strrchr(path, '/');
	b = b ? b + 1 : path;
	return !strcmp(b, "go") || (!strncmp(b, "go1.", 4) && b[4] >= '0' && b[4] <= '9');
}

int gt_exec_is_go(const struct gt_mexec *x)
{
	return (go_name(x->path) || go_name(x->exe)) && !gt_exec_is_telemetry(x);
}

struct gt_mproc *gt_main_go(const struct gt_model *m)
{
	size_t i, j;

	if (m->root && m->root->nexecs && gt_exec_is_go(&m->root->execs[0]))
		return m->root;
	for (i = 0; i < m->nproc; i++)
		for (j = 0; j < m->procs[i]->nexecs; j++)
			if (gt_exec_is_go(&m->procs[i]->execs[j]))
				return m->procs[i];
	return NULL;
}

char *gt_goroot_of_exe(const char *exe)
{
	char *r = gt_xstrdup(exe), *s;
	int k;

	/* <root>/bin/go -> <root> */
	for (k = 0; k < 2; k++) {
		s = strrchr(r, '/');
		if (!s) {
			free(r);
			return NULL;
		}
		*s = 0;
	}
	if (!r[0]) {
		free(r);
		return gt_xstrdup("/");
	}
	return r;
}

char *gt_goroot_version(const char *root)
{
	char path[4096], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/VERSION", root);
	f = gt_fopen_text(path, GT_TEXT_MAX);
	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = 0;
	return line[0] ? gt_xstrdup(line) : NULL;
}

char *gt_tool_goroot(const char *path, const char **name)
{
	const char *p = strstr(path, "/pkg/tool/"), *n;

	if (!p)
		return NULL;
	n = strchr(p + 10, '/');
	if (!n || strchr(n + 1, '/'))
		return NULL;
	if (name)
		*name = n + 1;
	return gt_xstrndup(path, (size_t)(p - path));
}

const struct gt_mopen *gt_model_find_open(const struct gt_model *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->nopens; i++)
		if (!strcmp(m->opens[i].path, path))
			return &m->opens[i];
	return NULL;
}

/* F's lines from the settings S (common/goset.h). */
static void envfile_from(struct gt_envfile *f, const struct gt_gosets *s)
{
	size_t i;

	f->v = gt_xcalloc(s->n + 1, sizeof(*f->v));
	for (i = 0; i < s->n; i++) {
		f->v[i].name = gt_xstrdup(s->v[i].name);
		f->v[i].value = gt_xstrdup(s->v[i].value);
		f->v[i].line = s->v[i].line;
		f->v[i].secret = s->v[i].secret;
	}
	f->n = s->n;
}

/* State of the file at PATH from the opens of the run, then its lines: as recorded, else read now. */
static void load_envfile(const struct gt_model *m, struct gt_envfile *f, const char *path)
{
	const struct gt_mopen *o;
	const struct gt_cfile *cf;

	f->path = gt_xstrdup(path);
	o = gt_model_find_open(m, path);
	if (!o)
		return; /* GT_FILE_UNKNOWN: go did not open it, or this mode cannot see opens */
	f->open_line = o->line;
	f->open_pid = o->p ? o->p->pid : 0;
	f->open_t = o->t;
	if (!o->ok) {
		f->state = GT_FILE_ABSENT;
		return;
	}
	f->state = GT_FILE_READ;
	cf = gt_model_settings(m, path, GT_GS_ENV);
	f->after = cf->state == GT_CF_AFTER;
	envfile_from(f, &cf->s);
}

static const struct gt_envline *envfile_get(const struct gt_envfile *f, const char *name)
{
	size_t i;
	const struct gt_envline *last = NULL;

	/* go's parser keeps the last definition of a name */
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].name, name))
			last = &f->v[i];
	return last;
}

static void free_envfile(struct gt_envfile *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

void gt_goconf_free(struct gt_goconf *c)
{
	if (!c)
		return;
	free_envfile(&c->user);
	free_envfile(&c->goenv);
	free(c->goroot);
	free(c->exe_goroot);
	json_decref(c->own_env);
	free(c);
}

const struct gt_goconf *gt_goconf(const struct gt_model *m)
{
	static const struct gt_goconf none; /* a model not made by gt_model_load: no go */

	return m->goconf ? m->goconf : &none;
}

/* The user go env file ENV names (GOENV, else XDG_CONFIG_HOME or HOME), into PATH; 0, or -1 for GOENV=off. */
static int user_file_path(const json_t *env, char *path, size_t size)
{
	const char *ge = gt_env_get(env, "GOENV"), *x = gt_env_get(env, "XDG_CONFIG_HOME");

	if (ge && !strcmp(ge, "off"))
		return -1;
	if (ge && ge[0])
		snprintf(path, size, "%s", ge);
	else if (x && x[0])
		snprintf(path, size, "%s/go/env", x);
	else
		snprintf(path, size, "%s/.config/go/env", gt_env_get(env, "HOME") ? gt_env_get(env, "HOME") : "");
	return 0;
}

/* GOROOT as go finds it: a non-empty environment value, the user go env file, the binary's location. */
static void pick_goroot(struct gt_goconf *c)
{
	const char *ge = gt_env_get(c->env, "GOROOT");
	const struct gt_envline *l = envfile_get(&c->user, "GOROOT");

	if (ge && ge[0]) {
		c->goroot = gt_xstrdup(ge);
		c->goroot_src = GT_SRC_ENV;
	} else if (l && l->value[0]) {
		c->goroot = gt_xstrdup(l->value);
		c->goroot_src = GT_SRC_USER;
		c->goroot_line = l->line;
	} else if (c->exe_goroot) {
		c->goroot = gt_xstrdup(c->exe_goroot);
		c->goroot_src = GT_SRC_DEFAULT;
	} else {
		c->goroot_src = GT_SRC_UNKNOWN;
	}
}

struct gt_goconf *gt_goconf_new(const struct gt_model *m)
{
	struct gt_goconf *c = gt_xcalloc(1, sizeof(*c));
	const char *exe;
	char path[4096];

	c->go = gt_main_go(m);
	if (!c->go)
		return c;
	c->x = &c->go->execs[0];
	c->env = c->x->env;
	exe = c->x->exe ? c->x->exe : c->x->path;
	if (exe && exe[0] == '/')
		c->exe_goroot = gt_goroot_of_exe(exe);
	if (!c->env)
		return c;
	/* the user go env file */
	if (user_file_path(c->env, path, sizeof(path)) < 0)
		c->user.state = GT_FILE_OFF;
	else
		load_envfile(m, &c->user, path);
	pick_goroot(c);
	if (c->goroot) {
		snprintf(path, sizeof(path), "%s/go.env", c->goroot);
		load_envfile(m, &c->goenv, path);
	}
	return c;
}

/* A go env file read now: READ with its lines (raw), or ABSENT. */
static void read_now(struct gt_envfile *f, const char *path)
{
	struct gt_gosets s;

	memset(&s, 0, sizeof(s));
	f->path = gt_xstrdup(path);
	f->state = gt_goset_read_raw(path, &s) == 0 ? GT_FILE_READ : GT_FILE_ABSENT;
	envfile_from(f, &s);
	gt_goset_free(&s);
}

/* The directory above bin/ of the first "go" on PATH (symlinks resolved), or NULL. */
static char *goroot_from_path(const char *pathvar)
{
	char cand[4096], real[4096];

	while (pathvar && *pathvar) {
		size_t n = strcspn(pathvar, ":");
		snprintf(cand, sizeof(cand), "%.*s/go", (int)n, n ? pathvar : ".");
		pathvar += n + (pathvar[n] == ':');
		if (access(cand, X_OK) == 0 && realpath(cand, real))
			return gt_goroot_of_exe(real);
	}
	return NULL;
}

struct gt_goconf *gt_goconf_live(char **environ_)
{
	struct gt_goconf *c = gt_xcalloc(1, sizeof(*c));
	char path[4096];
	size_t i;

	c->own_env = json_object();
	for (i = 0; environ_ && environ_[i]; i++) {
		const char *eq = strchr(environ_[i], '=');
		char name[256];
		if (!eq || (size_t)(eq - environ_[i]) >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(eq - environ_[i]), environ_[i]);
		if (!gt_env_get(c->own_env, name)) /* the first definition wins, as for getenv */
			json_object_set_new(c->own_env, name, json_string(eq + 1));
	}
	c->env = c->own_env;
	if (user_file_path(c->env, path, sizeof(path)) < 0)
		c->user.state = GT_FILE_OFF;
	else
		read_now(&c->user, path);
	c->exe_goroot = goroot_from_path(gt_env_get(c->env, "PATH"));
	pick_goroot(c);
	if (c->goroot) {
		snprintf(path, sizeof(path), "%s/go.env", c->goroot);
		read_now(&c->goenv, path);
	} else {
		c->goenv.state = GT_FILE_ABSENT;
	}
	return c;
}

void gt_goconf_setting(const struct gt_goconf *c, const char *name, struct gt_setting *s)
{
	const char *e = c->env ? gt_env_get(c->env, name) : NULL;
	const struct gt_envline *u = envfile_get(&c->user, name), *g = envfile_get(&c->goenv, name);

	memset(s, 0, sizeof(*s));
	s->name = name;
	if (!c->env) {
		s->src = GT_SRC_UNKNOWN;
		return;
	}
	if (e && e[0]) {
		s->value = e;
		s->src = GT_SRC_ENV;
		if (u) {
			s->shadowed = u->value;
			s->shadowed_src = GT_SRC_USER;
			s->shadowed_line = u->line;
		} else if (g) {
			s->shadowed = g->value;
			s->shadowed_src = GT_SRC_GOROOT;
			s->shadowed_line = g->line;
		}
		return;
	}
	if (u) {
		s->value = u->value;
		s->src = GT_SRC_USER;
		s->line = u->line;
		return;
	}
	if (c->user.state == GT_FILE_UNKNOWN && c->user.path) {
		/* the file may hold it, but the trace does not say the file was read */
		s->src = GT_SRC_UNKNOWN;
		return;
	}
	if (g) {
		s->value = g->value;
		s->src = GT_SRC_GOROOT;
		s->line = g->line;
		return;
	}
	s->src = c->goenv.state == GT_FILE_UNKNOWN ? GT_SRC_UNKNOWN : GT_SRC_DEFAULT;
}

char *gt_source_text(const struct gt_goconf *c, enum gt_source src, long line)
{
	switch (src) {
	case GT_SRC_ENV:
		return gt_xstrdup("the environment");
	case GT_SRC_USER:
		return gt_xasprintf("the user go env file %s:%ld%s", c->user.path, line,
				    c->user.after ? " (read after the run)" : "");
	case GT_SRC_GOROOT:
		return gt_xasprintf("$GOROOT/go.env (%s:%ld%s)", c->goenv.path, line,
				    c->goenv.after ? ", read after the run" : "");
	case GT_SRC_DEFAULT:
		return gt_xstrdup("the built-in default");
	case GT_SRC_UNKNOWN:
		break;
	}
	return gt_xstrdup("a source this trace cannot show");
}

/* The Go settings that change what is built, in order of weight (GOCACHE changes speed only). */
const char *const gt_go_settings[] = {
	"GOFLAGS", "GOTOOLCHAIN", "GOWORK", "GO111MODULE", "CGO_ENABLED", "CC", "CXX",
	"GOOS", "GOARCH", "GOAMD64", "GOEXPERIMENT", "GODEBUG", "GOPROXY", "GONOPROXY", "GOPRIVATE",
	"GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOAUTH", "GOVCS", "GOPATH", "GOMODCACHE", "GOENV",
	"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS",
};

const size_t gt_go_nsettings = GT_ARRAY_SIZE(gt_go_settings);

/* Whether NAME is one of those, or GOCACHE or GOROOT. */
static int is_setting(const char *name)
{
	size_t i;

	for (i = 0; i < gt_go_nsettings; i++)
		if (!strcmp(gt_go_settings[i], name))
			return 1;
	return !strcmp(name, "GOCACHE") || !strcmp(name, "GOROOT");
}

/* Environment variables outside Go's own settings that change what go and its children do. */
int gt_env_matters(const char *name)
{
	static const char *const exact[] = {
		"CC", "CXX", "PKG_CONFIG", "PKG_CONFIG_PATH", "LD_LIBRARY_PATH", "LIBRARY_PATH",
		"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
		"ALL_PROXY", "all_proxy", "NETRC", "HOME", "SSL_CERT_FILE", "SSL_CERT_DIR", "CPATH",
		"C_INCLUDE_PATH",
	};
	static const char *const prefix[] = {"CGO_", "XDG_", "SSL_CERT_", "GIT_"};
	size_t i;

	if (is_setting(name))
		return 0;
	for (i = 0; i < GT_ARRAY_SIZE(exact); i++)
		if (!strcmp(exact[i], name))
			return 1;
	for (i = 0; i < GT_ARRAY_SIZE(prefix); i++)
		if (!strncmp(name, prefix[i], strlen(prefix[i])))
			return 1;
	return 0;
}

/* The file the process's GOENV names, and the one its NETRC names (credential.c) */
int gt_goconf_needs_open(const struct gt_open_view *o)
{
	const struct gt_mproc *p = o->p;

	return p && ((p->goenv && strlen(p->goenv) == o->len && !memcmp(p->goenv, o->path, o->len)) ||
		     (p->netrc && strlen(p->netrc) == o->len && !memcmp(p->netrc, o->path, o->len)));
}

/*
 * Configuration: for each Go setting that was set anywhere, its effective
 * value and where it came from; values the environment shadowed; the
 * go.mod, go.work and vendor directory in use (docs/facts.md,
 * "The order of Go's settings").
 */
#include "analyzers.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const settings[] = {
	"GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE",
	"GOFLAGS", "GOTOOLCHAIN", "GOWORK", "GO111MODULE", "GOENV", "GOPATH",
	"GOMODCACHE", "GOCACHE", "CGO_ENABLED", "CC", "GOAUTH",
};

static void file_evidence(struct gt_finding *f, const struct gt_envfile *ef, long line,
			  const char *name, const char *value)
{
	gt_finding_evidence(f, GT_AT_FILE(ef->open_pid, ef->open_t, ef->open_line, ef->path, line), "%s=%s", name,
			    value);
}

/* Evidence for where setting S came from. */
static void source_evidence(struct gt_finding *f, const struct gt_goconf *c, const struct gt_setting *s)
{
	if (s->src == GT_SRC_ENV)
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "%s=%s in the environment go was started with", s->name, s->value);
	else if (s->src == GT_SRC_USER || s->src == GT_SRC_GOROOT)
		file_evidence(f, s->src == GT_SRC_USER ? &c->user : &c->goenv, s->line, s->name, s->value);
}

/*
 * The line of go's stderr holding NEEDLE as a word of its own (not after
 * '=', as inside "GOFLAGS=-mod=vendor" quoted back), into OUT; 0 when none.
 */
static int go_said(const struct gt_goconf *c, const char *needle, char *out, size_t size)
{
	const char *s = gt_text(&c->go->err), *end = s + c->go->err.len, *hit = s, *b, *e;
	size_t nl = strlen(needle);

	for (;; hit++) {
		if (hit >= end || !(hit = memmem(hit, (size_t)(end - hit), needle, nl)))
			return 0;
		if ((hit == s || hit[-1] != '=') &&
		    (hit + nl == end || !((hit[nl] >= 'a' && hit[nl] <= 'z') || hit[nl] == '=')))
			break;
	}
	for (b = hit; b > s && b[-1] != '\n'; b--)
		;
	while (b < hit && (*b == ' ' || *b == '\t'))
		b++;
	e = memchr(hit, '\n', (size_t)(end - hit));
	snprintf(out, size, "%.*s", (int)((e ? e : end) - b), b);
	return 1;
}

/*
 * GO111MODULE and GOFLAGS change what go does with a module: when set and
 * go failed, they can explain it ("!"); they are the cause when go's own
 * error shows their effect (GOPATH-mode lookups, the flag named in the
 * error). Returns whether NAME was reported here.
 */
static int explaining_setting(const struct gt_model *m, const struct gt_goconf *c, const char *name,
			      struct gt_findings *fs)
{
	struct gt_setting s;
	struct gt_finding *f;
	char line[1024], *src;
	const char *fl;
	int failed = m->root && gt_mproc_failed(m->root), cause = 0;

	if (strcmp(name, "GO111MODULE") && strcmp(name, "GOFLAGS"))
		return 0;
	/* go's error already explained by the catalogue (goerrors.c): the plain setting line */
	for (size_t i = 0; i < fs->n; i++)
		if (fs->f[i].severity == GT_SEV_CAUSE)
			return 0;
	gt_goconf_setting(c, name, &s);
	if (s.src == GT_SRC_DEFAULT || s.src == GT_SRC_UNKNOWN || !s.value || !s.value[0])
		return 0;
	if (name[2] == '1' && strcmp(s.value, "off"))
		return 0; /* on or auto: the plain setting line says where it came from */
	if (name[2] == '1') {
		src = gt_source_text(c, s.src, s.line);
		cause = failed && !strcmp(s.value, "off") && go_said(c, "(from $GOPATH)", line, sizeof(line));
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, cause ? GT_SEV_CAUSE : GT_SEV_WARNING, "go111module",
				   "GO111MODULE=%s from %s%s", s.value, src,
				   !strcmp(s.value, "off") ? ": go works in GOPATH mode and ignores go.mod" :
				   cause ? "" : "");
	} else {
		/* the first flag of GOFLAGS that go's error names */
		char flag[256];
		line[0] = 0;
		if (!failed)
			return 0;
		for (fl = s.value; *fl && !cause;) {
			size_t n = strcspn(fl, " \t");
			if (n && n < sizeof(flag)) {
				snprintf(flag, sizeof(flag), "%.*s", (int)n, fl);
				cause = failed && go_said(c, flag, line, sizeof(line));
			}
			fl += n;
			fl += strspn(fl, " \t");
		}
		/* a flag go's error does not name explains nothing: the plain setting line, if any */
		if (!cause)
			return 0;
		src = gt_source_text(c, s.src, s.line);
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_CAUSE, "goflags",
				   "GOFLAGS=%s from %s, and go's error names it", s.value, src);
	}
	source_evidence(f, c, &s);
	if (cause)
		gt_finding_evidence(f, GT_AT(c->go->pid, c->go->t_exit, c->go->err_line), "go: %s", line);
	if (s.src == GT_SRC_ENV)
		gt_finding_fix(f, "unset %s%s", name, name[2] == '1' ? " (modules are the default)" : "");
	else if (s.src == GT_SRC_USER)
		gt_finding_fix(f, "go env -u %s", name);
	free(src);
	return 1;
}

static void one_setting(const struct gt_model *m, const struct gt_goconf *c, const char *name,
			struct gt_findings *fs)
{
	struct gt_setting s;
	struct gt_finding *f;
	char *src;
	int expl;

	gt_goconf_setting(c, name, &s);
	if (s.src == GT_SRC_DEFAULT || s.src == GT_SRC_UNKNOWN || !s.value)
		return;
	/*
	 * The user's own environment is not news (`gotrace env` prints it); a
	 * value set with `go env -w`, or by the distribution in $GOROOT/go.env,
	 * and overridden by it is.
	 */
	expl = explaining_setting(m, c, name, fs);
	if (s.src == GT_SRC_ENV && (!s.shadowed || !strcmp(s.shadowed, s.value)))
		return;
	if (expl && !s.shadowed)
		return;
	src = gt_source_text(c, s.src, s.line);
	if (s.shadowed) {
		char *sh = gt_source_text(c, s.shadowed_src, s.shadowed_line);
		/*
		 * over go env -w: a warning; over the distribution's go.env: a word of
		 * information (CI sets GOPROXY and GOSUMDB in the environment all the time)
		 */
		f = gt_finding_add(fs, GT_SUBJ_CONFIG,
				   s.shadowed_src == GT_SRC_USER ? GT_SEV_WARNING : GT_SEV_INFO,
				   "setting-shadowed",
				   "%s=%s from the environment won; %s=%s in %s was shadowed", name,
				   s.value, name, s.shadowed, sh);
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "%s=%s in the environment go was started with", name, s.value);
		file_evidence(f, s.shadowed_src == GT_SRC_USER ? &c->user : &c->goenv,
			      s.shadowed_line, name, s.shadowed);
		if (s.shadowed_src == GT_SRC_USER)
			gt_finding_fix(f, "unset %s to use the file's value, or go env -u %s to drop it",
				       name, name);

		free(sh);
	} else {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "setting", "%s=%s from %s", name,
				   s.value, src);
		file_evidence(f, s.src == GT_SRC_USER ? &c->user : &c->goenv, s.line, name, s.value);
	}
	free(src);
}

/*
 * Whether the directory of PATH is the working directory or one above it:
 * where go looks for the main module (a go.mod in the module cache is a
 * dependency's).
 */
static int dir_above_cwd(const struct gt_model *m, const char *dir, size_t dl)
{
	const char *wd = m->run->cwd;

	if (!wd)
		return 0;
	if (dl == 0)
		return 1;
	return !strncmp(wd, dir, dl) && (wd[dl] == 0 || wd[dl] == '/');
}

static int above_cwd(const struct gt_model *m, const char *path)
{
	return dir_above_cwd(m, path, (size_t)(strrchr(path, '/') - path));
}

/* go.work, go.mod and vendor/modules.txt that go read */
static void module_files(const struct gt_model *m, const struct gt_goconf *c, struct gt_findings *fs)
{
	const char *work = NULL, *mod = NULL, *vend = NULL;
	const struct gt_mopen *wo = NULL, *mo = NULL, *vo = NULL;
	struct gt_finding *f;
	size_t i;

	for (i = 0; i < m->nopens; i++) {
		const struct gt_mopen *o = &m->opens[i];
		const char *b = strrchr(o->path, '/');
		b = b ? b + 1 : o->path;
		/* only files go read: not the go.mod of a toolchain it unpacked, a modules.txt it wrote */
		if (!o->ok || !o->read || !o->p || !o->p->nexecs ||
		    !gt_exec_is_go(&o->p->execs[o->p->nexecs - 1]) || o->path[0] != '/')
			continue;
		if (!strcmp(b, "go.work") && !work) {
			work = o->path;
			wo = o;
		} else if (!strcmp(b, "go.mod") && !mod && above_cwd(m, o->path)) {
			mod = o->path;
			mo = o;
		} else if (!strcmp(b, "modules.txt") && !vend && strlen(o->path) > 19 &&
			   !strcmp(o->path + strlen(o->path) - 19, "/vendor/modules.txt") &&
			   /* the main module's vendor directory, not std's in GOROOT */
			   dir_above_cwd(m, o->path, strlen(o->path) - 19)) {
			vend = o->path;
			vo = o;
		}
	}
	if (work) {
		const char *gw = c->env ? gt_env_get(c->env, "GOWORK") : NULL;
		const char *wd = m->run->cwd;
		size_t dl = strlen(work) - strlen("/go.work");
		int parent = wd && !(strlen(wd) == dl && !strncmp(wd, work, dl));
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "go-work",
				   "workspace in use: %s%s", work,
				   gw && gw[0] ? " (named by GOWORK)"
				   : parent ? " (found in a parent directory of the working directory)" : "");
		gt_finding_evidence(f, GT_AT(wo->p->pid, wo->t, wo->line), "go opened %s", work);
		if (!(gw && gw[0]) && parent)
			gt_finding_fix(f, "GOWORK=off builds the module alone, if the workspace is not meant");
	}
	if (mod) {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "go-mod", "main module: %s", mod);
		gt_finding_evidence(f, GT_AT(mo->p->pid, mo->t, mo->line), "go opened %s", mod);
	}
	if (vend) {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "vendor", "vendor directory in use: %s",
				   vend);
		gt_finding_evidence(f, GT_AT(vo->p->pid, vo->t, vo->line), "go opened %s", vend);
	}
}

/* the user go env file go read, found absent, or was told to skip */
static void user_env_file(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_goconf *c = gt_goconf(m);
	struct gt_finding *f;

	if (c->user.state == GT_FILE_READ || c->user.state == GT_FILE_ABSENT) {
		if (c->user.state == GT_FILE_READ)
			f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "user-env-file",
					   "user go env file: %s (%zu settings)", c->user.path, c->user.n);
		else
			f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "user-env-file",
					   "user go env file: %s (absent)", c->user.path);
		gt_finding_evidence(f, GT_AT(c->user.open_pid, c->user.open_t, c->user.open_line), "go opened %s", c->user.path);
	} else if (c->user.state == GT_FILE_OFF) {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "user-env-file",
				   "user go env file: none (GOENV=off)");
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "GOENV=off in the environment go was started with");
	}
}

/* each Go setting that changes the build: its value and the file and line it came from */
static void all_settings(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;

	for (i = 0; i < GT_ARRAY_SIZE(settings); i++)
		one_setting(m, gt_goconf(m), settings[i], fs);
}

static void modules(const struct gt_model *m, struct gt_findings *fs)
{
	module_files(m, gt_goconf(m), fs);
}

static const struct gt_rule rules[] = {
	{"user-env-file", "go's open of its user go env file (or GOENV=off)", user_env_file},
	{"setting setting-shadowed go111module goflags",
	 "each setting's source by Go's order, and an environment value hiding a file's", all_settings},
	{"go-mod go-work vendor cwd", "the go.mod, go.work and vendor directory go read", modules},
};

void gt_an_config(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_goconf *c = gt_goconf(m);
	struct gt_finding *f;

	if (!c->go)
		return;
	if (!c->env) {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "config-unseen",
				   "where go's settings came from cannot be determined: go's environment "
				   "is not in the trace");
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "exec of %s", c->x->path);
		return;
	}
	gt_rules_run(rules, GT_ARRAY_SIZE(rules), m, fs);
}

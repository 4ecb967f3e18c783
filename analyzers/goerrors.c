/*
 * go's own errors, explained: a catalogue of the messages go prints when
 * its environment refuses (a setting, a configuration file, the file
 * system, another program), each with the rule that finds, in the trace,
 * the setting, file or program that did it (docs/go-errors.md). When the
 * go process whose error ended the run printed one of them, the rule's
 * finding is a cause, and the failure goes under it. A message not in the
 * catalogue stays a plain failure; a known message whose facts the trace
 * lacks says which fact is missing.
 */
#include "goerrors.h"
#include "settings.h"
#include "../common/util.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Match S against PAT, where '*' stands for any text (possibly empty);
 * what each '*' matched goes to CAP (the first NCAP of them).
 */
static int glob(const char *pat, const char *s, char cap[][512], int k)
{
	const char *t;

	for (; *pat && *pat != '*'; pat++, s++)
		if (*pat != *s)
			return 0;
	if (!*pat)
		return !*s;
	/* the shortest text that lets the rest match */
	for (t = s;; t++) {
		if (glob(pat + 1, t, cap, k + 1)) {
			if (k < NCAP)
				snprintf(cap[k], 512, "%.*s", (int)(t - s), s);
			return 1;
		}
		if (!*t)
			return 0;
	}
}

/* Evidence: the line of go's stderr the entry matched. */
void ge_said(struct gectx *x, struct gt_finding *f)
{
	gt_finding_evidence(f, GT_AT(x->go->pid, x->go->t_exit, x->go->err_line), "%s said: %s", gt_pname(x->go),
			    x->line);
}

struct gt_finding *ge_cause(struct gectx *x, const char *fmt, ...)
{
	struct gt_finding *f;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	v = gt_xvasprintf(fmt, ap);
	va_end(ap);
	f = gt_finding_add(x->fs, x->e->subject, GT_SEV_CAUSE, x->e->id, "%s", v);
	free(v);
	return f;
}

/* Where setting S came from, as evidence. */
void ge_setting_evidence(struct gectx *x, struct gt_finding *f, const struct gt_setting *s)
{
	const struct gt_goconf *c = x->c;
	const struct gt_envfile *ef = s->src == GT_SRC_USER ? &c->user : &c->goenv;

	if (s->src == GT_SRC_ENV)
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "%s=%s in the environment go was started with", s->name, s->value);
	else if (s->src == GT_SRC_USER || s->src == GT_SRC_GOROOT)
		gt_finding_evidence(f, GT_AT_FILE(ef->open_pid, ef->open_t, ef->open_line, ef->path, s->line),
				    "%s=%s in %s (go opened it; the line %s)", s->name, s->value,
				    s->src == GT_SRC_USER ? "the user go env file" : "$GOROOT/go.env",
				    ef->after ? "read after the run" : "as the trace recorded it");
}

/* The fix for a setting S whose value is wrong: drop it where it was set, or set GOOD. */
void ge_setting_fix(struct gectx *x, struct gt_finding *f, const struct gt_setting *s, const char *good)
{
	char w[1100];

	switch (s->src) {
	case GT_SRC_ENV:
		if (good)
			gt_finding_fix(f, "export %s=%s (or unset %s: the go env files then decide)", s->name,
				       gt_sh_word(good, w, sizeof(w)), s->name);
		else
			gt_finding_fix(f, "unset %s", s->name);
		break;
	case GT_SRC_USER:
		if (good)
			gt_finding_fix(f, "go env -w %s=%s (replaces line %ld of %s)", s->name,
				       gt_sh_word(good, w, sizeof(w)), s->line, x->c->user.path);
		else
			gt_finding_fix(f, "go env -u %s (removes line %ld of %s)", s->name, s->line,
				       x->c->user.path);
		break;
	case GT_SRC_GOROOT:
		gt_finding_fix(f, "go env -w %s=%s (the user go env file overrides $GOROOT/go.env), or %s=... "
			       "in the environment", s->name, good ? gt_sh_word(good, w, sizeof(w)) : "...", s->name);
		break;
	default:
		break;
	}
}

/* The source of setting S, as text for a verdict (malloc'd). */
char *ge_src_text(struct gectx *x, const struct gt_setting *s)
{
	return gt_source_text(x->c, s->src, s->line);
}

/*
 * A message that names its setting: the setting's value and where it came
 * from, or, when the trace cannot show that, which fact is missing.
 */
struct gt_finding *ge_rule_setting(struct gectx *x)
{
	struct gt_setting s;
	struct gt_finding *f;
	char *src;

	gt_goconf_setting(x->c, x->e->setting, &s);
	if (s.src == GT_SRC_UNKNOWN || !x->c->env) {
		f = ge_cause(x, "%s %s; where %s came from is not in this trace (%s)", x->e->setting,
			  x->e->what, x->e->setting,
			  !x->c->env ? "go's environment was not recorded"
			  : x->c->user.state == GT_FILE_UNKNOWN ? "go's open of its user go env file is not in it"
								: "go's open of $GOROOT/go.env is not in it");
		ge_said(x, f);
		return f;
	}
	if (!s.value) {
		f = ge_cause(x, "%s is set nowhere (environment, user go env file, $GOROOT/go.env): %s",
			  x->e->setting, x->e->what);
		ge_said(x, f);
		return f;
	}
	src = ge_src_text(x, &s);
	f = ge_cause(x, "%s=%s from %s: %s", x->e->setting, s.value, src, x->e->what);
	free(src);
	ge_setting_evidence(x, f, &s);
	ge_said(x, f);
	ge_setting_fix(x, f, &s, x->e->good);
	return f;
}

/* Whether GOFLAGS's value holds FLAG=VALUE as a word of its own. */
int ge_goflags_has(const char *v, const char *flag)
{
	size_t n = strlen(flag);

	while (v && *v) {
		v += strspn(v, " \t");
		if (!strncmp(v, flag, n) && (v[n] == 0 || v[n] == ' ' || v[n] == '\t'))
			return 1;
		v += strcspn(v, " \t");
	}
	return 0;
}

/* The first `go` (or `toolchain`) line of the go.mod or go.work at PATH: as the trace recorded it, else read now. */
long ge_go_line(const struct gt_model *m, const char *path, const char *kw, char *ver, size_t size, const char **when)
{
	const struct gt_cfile *cf = gt_model_settings(m, path, GT_GS_NONE);
	size_t i;

	if (when)
		*when = gt_cf_when(cf);
	for (i = 0; i < cf->s.n; i++)
		if (!strcmp(cf->s.v[i].name, kw)) {
			snprintf(ver, size, "%.*s", (int)strcspn(cf->s.v[i].value, " "), cf->s.v[i].value);
			return cf->s.v[i].line;
		}
	return 0;
}

/* The first file named BASE ("go.mod", "go.work") a go process opened and read, or NULL. */
const struct gt_mopen *ge_go_read(const struct gectx *x, const char *base)
{
	size_t i;

	for (i = 0; i < x->m->nopens; i++) {
		const struct gt_mopen *o = &x->m->opens[i];
		if (o->ok && o->read && o->p && o->p->nexecs && o->path[0] == '/' &&
		    gt_exec_is_go(&o->p->execs[o->p->nexecs - 1]) && !strcmp(gt_base_name(o->path), base) &&
		    !strstr(o->path, "/pkg/mod/") && !strstr(o->path, "/golang.org/toolchain@"))
			return o;
	}
	return NULL;
}

/* Version numbers "1.21.0" >= "1.14": compare the dotted numbers. */
/* "1.21.0", "1.21rc1", "1.20": three numbers (missing ones 0) and whether it is a pre-release. */
static void ver_parse(const char *v, long n[3], int *pre)
{
	int i;

	n[0] = n[1] = n[2] = 0;
	*pre = 0;
	for (i = 0; i < 3 && *v >= '0' && *v <= '9'; i++) {
		n[i] = strtol(v, (char **)&v, 10);
		if (*v != '.')
			break;
		v++;
	}
	/* go1.21rc1, go1.21beta2: before go1.21.0 */
	*pre = *v >= 'a' && *v <= 'z';
}

int ge_ver_ge(const char *a, const char *b)
{
	long x[3], y[3];
	int pa, pb, i;

	ver_parse(a, x, &pa);
	ver_parse(b, y, &pb);
	for (i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] > y[i];
	return !pa || pb;
}

/* The PATH directory a program at EXE was found in, per the environment ENV, into OUT. */
int ge_path_dir_of(const json_t *env, const char *exe, char *out, size_t size)
{
	const char *p = gt_env_get(env, "PATH"), *b = exe ? strrchr(exe, '/') : NULL;
	size_t dl;

	if (!p || !b)
		return 0;
	dl = (size_t)(b - exe);
	while (*p) {
		size_t n = strcspn(p, ":");
		if (n == dl && !strncmp(p, exe, n)) {
			snprintf(out, size, "%.*s", (int)n, p);
			return 1;
		}
		p += n + (p[n] == ':');
	}
	return 0;
}

/* The nearest NAME at or above DIR that exists now, into OUT. */
int ge_find_up(const char *dir, const char *name, char *out, size_t size)
{
	char d[4096];
	struct stat st;

	snprintf(d, sizeof(d), "%s", dir);
	for (;;) {
		char *sl;
		snprintf(out, size, "%s/%s", strcmp(d, "/") ? d : "", name);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
			return 1;
		sl = strrchr(d, '/');
		if (!sl || !strcmp(d, "/"))
			return 0;
		if (sl == d)
			sl[1] = 0;
		else
			*sl = 0;
	}
}

/* Whether the program NAME is in the PATH directories of ENV now; its path into OUT. */
int ge_on_path(const char *pathvar, const char *name, char *out, size_t size)
{
	while (pathvar && *pathvar) {
		size_t n = strcspn(pathvar, ":");
		snprintf(out, size, "%.*s/%s", (int)n, n ? pathvar : ".", name);
		if (access(out, X_OK) == 0)
			return 1;
		pathvar += n + (pathvar[n] == ':');
	}
	return 0;
}

/*
 * PROG searched in go's PATH: the directories as evidence, and where a
 * program of that name (or ALT) is on this machine, read after the run.
 * Returns 1 when PROG is in one of PATH's directories now.
 */
/*
 * go's failed lookups of PROG in the directories of PATHVAR, from the
 * trace's fsfail events: evidence when go tried every directory and found
 * it in none; whether it did.
 */
static int traced_lookups(struct gectx *x, struct gt_finding *f, const char *prog, const char *pathvar)
{
	char list[2048] = "", want[4200];
	const struct gt_mfsfail *first = NULL;
	size_t ndirs = 0, nfail = 0, i;
	const char *d = pathvar;

	if (!x->m->fsfail_recorded || !pathvar)
		return 0;
	while (*d) {
		size_t n = strcspn(d, ":");
		int hit = 0;
		ndirs++;
		snprintf(want, sizeof(want), "%.*s/%s", (int)n, n ? d : ".", prog);
		for (i = 0; i < x->m->nfsfails && !hit; i++) {
			const struct gt_mfsfail *ff = &x->m->fsfails[i];
			if (ff->p == x->c->go && !strcmp(ff->path, want)) {
				hit = 1;
				if (!first)
					first = ff;
				size_t used = strlen(list);
				/* the list is evidence, not the whole story: entries that do not fit are left out */
				if (used + strlen(want) + 24 < sizeof(list))
					(void)!snprintf(list + used, sizeof(list) - used, "%s%.1000s %.20s",
							list[0] ? ", " : "", want, ff->err);
			}
		}
		nfail += hit;
		d += n + (d[n] == ':');
	}
	if (!ndirs || nfail < ndirs)
		return 0;
	gt_finding_evidence(f, GT_AT(first->p->pid, first->t, first->line),
			    "go looked for %s in each of PATH's %zu directories and found it in none: %s", prog, ndirs,
			    list);
	return 1;
}

int ge_path_evidence(struct gectx *x, struct gt_finding *f, const char *prog, const char *alt)
{
	static const char *const usual[] = {"/usr/bin", "/usr/local/bin", "/bin", "/usr/lib/ccache", "/opt/bin"};
	const char *pathvar = gt_env_get(x->c->env, "PATH");
	char p[4200], where[8600] = "";
	size_t i;
	int found, proven;

	gt_finding_evidence(f, GT_AT(x->c->go->pid, x->c->x->t, x->c->x->line),
			    "PATH=%s in the environment go was started with", pathvar ? pathvar : "(unset)");
	/* the trace proves it was on no PATH directory when go looked, whatever is there now */
	proven = traced_lookups(x, f, prog, pathvar);
	found = !proven && ge_on_path(pathvar, prog, p, sizeof(p));
	if (found) {
		gt_finding_note(f, "%s is %s now (read after the run)", prog, p);
		return 1;
	}
	for (i = 0; i < GT_ARRAY_SIZE(usual); i++) {
		const char *names[2] = {prog, alt};
		for (int k = 0; k < 2; k++) {
			if (!names[k] || strlen(where) > sizeof(where) - 300)
				continue;
			snprintf(p, sizeof(p), "%s/%s", usual[i], names[k]);
			if (access(p, X_OK) == 0)
				snprintf(where + strlen(where), sizeof(where) - strlen(where), "%s%s",
					 where[0] ? ", " : "", p);
		}
	}
	if (proven)
		gt_finding_note(f, "%s on this machine (read after the run): %s", prog,
				where[0] ? where : "in none of /usr/bin, /usr/local/bin, /bin, /usr/lib/ccache, /opt/bin");
	else
		gt_finding_note(f, "%s is in none of PATH's directories; %s%s (read after the run)", prog,
				where[0] ? "on this machine: " : "nor in ",
				where[0] ? where : "/usr/bin, /usr/local/bin, /bin, /usr/lib/ccache, /opt/bin");
	return proven ? 2 : 0;
}

/* The host's GOARCH, from the trace header's machine. */
const char *ge_host_goarch(const struct gectx *x)
{
	const char *a = x->m->run->host ? x->m->run->host->arch : NULL;

	if (!a)
		return NULL;
	if (!strcmp(a, "x86_64"))
		return "amd64";
	if (!strcmp(a, "aarch64"))
		return "arm64";
	if (!strcmp(a, "i686") || !strcmp(a, "i386"))
		return "386";
	return a;
}

/* The deepest existing directory at or above DIR: its owner and mode, read after the run. */
void ge_dir_owner_evidence(struct gt_finding *f, const char *dir)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s", dir);
	while (p[0] && stat(p, &st) != 0) {
		char *sl = strrchr(p, '/');
		if (!sl)
			return;
		*sl = 0;
		if (!p[0])
			strcpy(p, "/");
	}
	if (!p[0])
		return;
	{
		struct passwd *pw = getpwuid(st.st_uid);
		struct group *gr = getgrgid(st.st_gid);
		gt_finding_note(f, "%s%s: owner %s, group %s, mode %04o (read after the run)", p,
				strcmp(p, dir) ? " (the nearest directory that exists)" : "", pw ? pw->pw_name : "?",
				gr ? gr->gr_name : "?", (unsigned)(st.st_mode & 07777));
	}
}

/*
 * The catalogue. Patterns are go's format strings with each verb as '*',
 * matched against one line of go's stderr without its leading blanks.
 */
static const struct gt_goerr catalogue[] = {
	{"go: inconsistent vendoring in *", "1.14+", "go-mod-vendor", GT_SUBJ_CONFIG, "vendor", NULL, NULL, 0,
	 ge_rule_modflag},
	{"*import lookup disabled by -mod=*", "1.16+", "go-mod-flag", GT_SUBJ_CONFIG, NULL, NULL, NULL, 0, ge_rule_modflag},
	{"* requires go >= * (running go *)", "1.21+", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 0, ge_rule_toonew},
	{"note: module requires Go *", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 1, ge_rule_toonew},
	{"*package * is not in GOROOT (*)", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 2,
	 ge_rule_toonew},
	{"*invalid go version '*': must match format 1.23*", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL,
	 NULL, 3, ge_rule_toonew},
	{"go: download * for *: toolchain not available", "1.21+", "toolchain-unavailable", GT_SUBJ_TOOLCHAIN,
	 "GOTOOLCHAIN", "names a toolchain the GOPROXY entries do not have", NULL, 0, ge_rule_tc_unavailable},
	{"*invalid GOTOOLCHAIN *", "1.21+", "gotoolchain-invalid", GT_SUBJ_TOOLCHAIN, "GOTOOLCHAIN",
	 "go cannot read the value", "auto", 0, ge_rule_setting},
	{"*module lookup disabled by GOPROXY=off*", "1.13+", "goproxy-off", GT_SUBJ_CONFIG, "GOPROXY",
	 "go may not download any module", "https://proxy.golang.org,direct", 0, ge_rule_setting},
	{"*GOPROXY list is not the empty string, but contains no entries*", "1.13+", "goproxy-empty", GT_SUBJ_CONFIG,
	 "GOPROXY", "the list names no proxy", "https://proxy.golang.org,direct", 0, ge_rule_proxy_empty},
	{"*verifying *: reading *lookup/*: 404 Not Found*", "1.13+", "sumdb-unknown", GT_SUBJ_CONFIG, NULL, NULL, NULL,
	 0, ge_rule_sumdb_unknown},
	{"*verifying *: reading *lookup/*: 410 Gone*", "1.13+", "sumdb-unknown", GT_SUBJ_CONFIG, NULL, NULL, NULL, 0,
	 ge_rule_sumdb_unknown},
	{"build cache is disabled by GOCACHE=off*", "1.12+", "gocache-off", GT_SUBJ_CONFIG, "GOCACHE",
	 "go 1.12 and later cannot build without a build cache", NULL, 0, ge_rule_setting},
	{"go: creating work dir: *", "1.10+", "workdir-unusable", GT_SUBJ_CONFIG, "GOTMPDIR",
	 "go cannot make its temporary work directory there", NULL, 0, ge_rule_workdir},
	{"go: unknown GOEXPERIMENT *", "1.18+", "goexperiment-invalid", GT_SUBJ_CONFIG, "GOEXPERIMENT",
	 "this go has no such experiment", NULL, 0, ge_rule_setting},
	{"*GOVCS disallows using * for *", "1.16+", "govcs-refused", GT_SUBJ_CONFIG, "GOVCS",
	 "it does not allow that version control tool for that module (go's default: git and hg for public modules, "
	 "any for private ones)", NULL, 0, ge_rule_setting},
	{"*: replacement directory * does not exist", "1.19+", "replace-missing", GT_SUBJ_CONFIG, NULL, NULL, NULL, 0,
	 ge_rule_replace_missing},
	{"* (replaced by *): reading *go.mod: open *: no such file or directory", "1.19+", "replace-missing",
	 GT_SUBJ_CONFIG, NULL, NULL, NULL, 0, ge_rule_replace_missing},
	{"go: parsing $GOFLAGS: *", "1.11+", "goflags-invalid", GT_SUBJ_CONFIG, "GOFLAGS",
	 "go cannot parse it (an unknown flag, or a word that is not a flag)", NULL, 0, ge_rule_setting},
	{"go: modules disabled by GO111MODULE=off*", "1.11+", "go111module", GT_SUBJ_CONFIG, "GO111MODULE",
	 "go works in GOPATH mode and refuses module commands", NULL, 0, ge_rule_setting},
	{"*unsupported GOOS/GOARCH pair *", "1.11+", "goos-goarch", GT_SUBJ_CONFIG, "GOARCH",
	 "go cannot build for that pair", NULL, 0, ge_rule_goosarch},
	{"go: invalid GOWORK: not an absolute path", "1.18+", "gowork-invalid", GT_SUBJ_CONFIG, "GOWORK",
	 "go needs an absolute path (or off)", "off", 0, ge_rule_setting},
	{"*is contained in a module that is not one of the workspace modules listed in go.work*", "1.18+",
	 "go-work-excludes", GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0,
	 ge_rule_workspace},
	{"*outside modules listed in go.work or their selected dependencies*", "1.18+", "go-work-excludes",
	 GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0, ge_rule_workspace},
	{"*does not contain modules listed in go.work or their selected dependencies*", "1.18+", "go-work-excludes",
	 GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0, ge_rule_workspace},
	{"*error loading go.work:*", "1.18+", "go-work-bad", GT_SUBJ_CONFIG, NULL, "go cannot load it", NULL, 0,
	 ge_rule_workspace},
	{"*errors parsing go.work:*", "1.18+", "go-work-bad", GT_SUBJ_CONFIG, NULL, "go cannot parse it", NULL, 0,
	 ge_rule_workspace},
	{"*cannot load module * listed in go.work file*", "1.18+", "go-work-bad-use", GT_SUBJ_CONFIG, NULL,
	 "it names a module go cannot load", NULL, 0, ge_rule_workspace},
	{"go: -mod may only be set to readonly or vendor when in workspace mode*", "1.18+", "go-work-mod",
	 GT_SUBJ_CONFIG, NULL, "-mod=mod is refused in a workspace", NULL, 0, ge_rule_workspace},
	{"go: * requires cgo*", "1.11+", "cgo-off", GT_SUBJ_CONFIG, "CGO_ENABLED", NULL, NULL, 0, ge_rule_cgo_off},
	{"*build constraints exclude all Go files in *", "1.11+", "cgo-off", GT_SUBJ_CONFIG, "CGO_ENABLED", NULL, NULL,
	 0, ge_rule_cgo_pkg},
	{"cgo: C compiler \"*\" not found: *", "1.11+", "cc-missing", GT_SUBJ_CONFIG, "CC", NULL, NULL, 0,
	 ge_rule_cc_missing},
	{"*failed to initialize build cache at *: *", "1.10+", "gocache-unusable", GT_SUBJ_CONFIG, "GOCACHE",
	 "go cannot create its build cache there", NULL, 0, ge_rule_gocache},
	{"*GOCACHE is not defined and *", "1.12+", "gocache-unusable", GT_SUBJ_CONFIG, "GOCACHE",
	 "go has nowhere to put its build cache", NULL, 1, ge_rule_gocache},
	{"*could not create module cache: *", "1.15+", "modcache-unusable", GT_SUBJ_CONFIG, "GOMODCACHE",
	 "go cannot create its module cache there", NULL, 1, ge_rule_modcache},
	{"*module cache not found: neither GOMODCACHE nor GOPATH is set*", "1.15+", "modcache-unusable",
	 GT_SUBJ_CONFIG, "GOMODCACHE", "go has nowhere to put its module cache", NULL, 0, ge_rule_modcache},
	{"*GOPATH entry is relative; must be absolute path*", "1.11+", "gopath-invalid", GT_SUBJ_CONFIG, "GOPATH",
	 "go needs absolute directories", NULL, 2, ge_rule_modcache},
	{"go: *: unrecognized import path *", "1.13+", "direct-failed", GT_SUBJ_NETWORK, NULL, NULL, NULL, 0,
	 ge_rule_direct},
	{"go: *: git ls-remote *", "1.13+", "direct-failed", GT_SUBJ_NETWORK, NULL, NULL, NULL, 0, ge_rule_direct},
	{"go: *: no *protocol found for repository", "1.26 (not 1.19)", "direct-failed", GT_SUBJ_NETWORK, NULL, NULL, NULL, 0,
	 ge_rule_direct},
	{"*missing Git command*", "1.11+", "git-missing", GT_SUBJ_NETWORK, NULL, NULL, NULL, 0, ge_rule_git_missing},
};

const char *gt_goerr_pattern(size_t i, const char **id, const char **versions)
{
	if (i >= GT_ARRAY_SIZE(catalogue))
		return NULL;
	if (id)
		*id = catalogue[i].id;
	if (versions)
		*versions = catalogue[i].versions;
	return catalogue[i].pattern;
}

int gt_goerr_match(const char *pattern, const char *line)
{
	char cap[NCAP][512];

	return glob(pattern, line, cap, 0);
}

/*
 * The process whose error ended the run (the culprit: go, or a tool of
 * go's such as cgo whose words go relays), and the main go when it failed.
 */
static void failed_procs(const struct gt_model *m, const struct gt_mproc **a, const struct gt_mproc **b)
{
	struct gt_mproc *c, *g;

	*a = *b = NULL;
	if (!m->root || !gt_mproc_failed(m->root))
		return;
	c = gt_culprit(m->root);
	g = gt_main_go(m);
	*a = c;
	if (g && g != c && gt_mproc_failed(g) && g->err.len)
		*b = g;
}

/* Try every entry on one line; the finding made, or NULL. */
static struct gt_finding *try_line(struct gectx *x, const char *s, size_t len)
{
	size_t i;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	if (len >= sizeof(x->line))
		len = sizeof(x->line) - 1;
	memcpy(x->line, s, len);
	x->line[len] = 0;
	for (i = 0; i < GT_ARRAY_SIZE(catalogue); i++) {
		struct gt_finding *f;
		memset(x->cap, 0, sizeof(x->cap));
		if (!glob(catalogue[i].pattern, x->line, x->cap, 0))
			continue;
		/* without go's environment only the rule that says which fact is missing runs */
		if (!x->c->env && catalogue[i].rule != ge_rule_setting)
			continue;
		x->e = &catalogue[i];
		if ((f = catalogue[i].rule(x)))
			return f;
	}
	return NULL;
}

/*
 * Try every line of P's stderr; whether a finding was made. RELAYED: the
 * failed child whose error P printed with that line, named in the evidence
 * so that the failure is explained by the finding.
 */
static int try_proc(struct gectx *x, const struct gt_mproc *p, const struct gt_mproc *relayed)
{
	const char *s = gt_text(&p->err), *end = s + p->err.len;
	struct gt_finding *f;

	x->go = p;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if ((f = try_line(x, s, len))) {
			if (relayed)
				gt_finding_evidence(f, GT_AT(relayed->pid, relayed->t_exit, relayed->exit_line),
						    "%s (pid %ld) failed, and %s printed that line with its error",
						    gt_pname(relayed), relayed->pid, gt_pname(p));
			return 1;
		}
		s += len + 1;
	}
	return 0;
}

void gt_an_goerrors(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc *a, *b;
	struct gectx x;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.c = gt_goconf(m);
	x.fs = fs;
	if (!x.c->go)
		return;
	failed_procs(m, &a, &b);
	if (a && a->err.len && try_proc(&x, a, NULL))
		return;
	if (b)
		try_proc(&x, b, a);
}


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
#include "analyzers.h"
#include "../common/util.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NCAP 4

struct gectx;

/* One entry of the catalogue (docs/go-errors.md holds the same list, with tests). */
struct gt_goerr {
	const char *pattern;   /* one line of go's stderr, '*' standing for any text */
	const char *versions;  /* the go versions that print it */
	const char *id;        /* the finding it makes */
	enum gt_subject subject;
	const char *setting;   /* the setting the message is about (or -mod's mode), or NULL */
	const char *what;      /* what that setting did, for the verdict */
	const char *good;      /* a value that works, for the fix, or NULL */
	int variant;           /* a rule's second form of the message */
	struct gt_finding *(*rule)(struct gectx *x);
};

/* What a rule sees: the run, go's configuration, the line go printed and its parts. */
struct gectx {
	const struct gt_model *m;
	const struct gt_goconf *c;
	struct gt_findings *fs;
	const struct gt_mproc *go;  /* the go process that printed the line */
	const struct gt_goerr *e;   /* the catalogue entry that matched */
	char line[1024];            /* the line, without its leading blanks */
	char cap[NCAP][512];        /* what each '*' of the pattern matched */
};

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
static void said(struct gectx *x, struct gt_finding *f)
{
	gt_finding_evidence(f, x->go->pid, x->go->t_exit, x->go->err_line, NULL, 0, "%s said: %s",
			    gt_pname(x->go), x->line);
}

static struct gt_finding *cause(struct gectx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static struct gt_finding *cause(struct gectx *x, const char *fmt, ...)
{
	struct gt_finding *f;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		gt_die("out of memory");
	va_end(ap);
	f = gt_finding_add(x->fs, x->e->subject, GT_SEV_CAUSE, x->e->id, "%s", v);
	free(v);
	return f;
}

/* Where setting S came from, as evidence. */
static void setting_evidence(struct gectx *x, struct gt_finding *f, const struct gt_setting *s)
{
	const struct gt_goconf *c = x->c;
	const struct gt_envfile *ef = s->src == GT_SRC_USER ? &c->user : &c->goenv;

	if (s->src == GT_SRC_ENV)
		gt_finding_evidence(f, c->go->pid, c->x->t, c->x->line, NULL, 0,
				    "%s=%s in the environment go was started with", s->name, s->value);
	else if (s->src == GT_SRC_USER || s->src == GT_SRC_GOROOT)
		gt_finding_evidence(f, ef->open_pid, ef->open_t, ef->open_line, ef->path, s->line,
				    "%s=%s in %s (go opened it; the line read after the run)", s->name,
				    s->value, s->src == GT_SRC_USER ? "the user go env file" : "$GOROOT/go.env");
}

/* The fix for a setting S whose value is wrong: drop it where it was set, or set GOOD. */
static void setting_fix(struct gectx *x, struct gt_finding *f, const struct gt_setting *s, const char *good)
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
static char *src_text(struct gectx *x, const struct gt_setting *s)
{
	return gt_source_text(x->c, s->src, s->line);
}

/*
 * A message that names its setting: the setting's value and where it came
 * from, or, when the trace cannot show that, which fact is missing.
 */
static struct gt_finding *rule_setting(struct gectx *x)
{
	struct gt_setting s;
	struct gt_finding *f;
	char *src;

	gt_goconf_setting(x->c, x->e->setting, &s);
	if (s.src == GT_SRC_UNKNOWN || !x->c->env) {
		f = cause(x, "%s %s; where %s came from is not in this trace (%s)", x->e->setting,
			  x->e->what, x->e->setting,
			  !x->c->env ? "go's environment was not recorded" : "go's open of its user go env file is not in it");
		said(x, f);
		return f;
	}
	if (!s.value) {
		f = cause(x, "%s is set nowhere (environment, user go env file, $GOROOT/go.env): %s",
			  x->e->setting, x->e->what);
		said(x, f);
		return f;
	}
	src = src_text(x, &s);
	f = cause(x, "%s=%s from %s: %s", x->e->setting, s.value, src, x->e->what);
	free(src);
	setting_evidence(x, f, &s);
	said(x, f);
	setting_fix(x, f, &s, x->e->good);
	return f;
}

/* Whether GOFLAGS's value holds FLAG=VALUE as a word of its own. */
static int goflags_has(const char *v, const char *flag)
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

/* Whether go's own argv (its first exec) holds -mod=MODE, or -mod MODE. */
static int argv_has_mod(const struct gectx *x, const char *mode)
{
	json_t *argv = x->c->x->argv, *v;
	char want[64];
	size_t i;

	snprintf(want, sizeof(want), "-mod=%s", mode);
	json_array_foreach(argv, i, v) {
		const char *a = json_string_value(v), *b = json_string_value(json_array_get(argv, i + 1));
		if (!a)
			continue;
		if (a[0] == '-' && a[1] == '-')
			a++;
		if (!strcmp(a, want) || (!strcmp(a, "-mod") && b && !strcmp(b, mode)))
			return 1;
	}
	return 0;
}

/* The `go` (or `toolchain`) line of the go.mod or go.work at PATH, read now: its version and line number. */
static long go_line(const char *path, const char *kw, char *ver, size_t size)
{
	FILE *fp = fopen(path, "r");
	char l[1024];
	long no = 0;

	if (!fp)
		return 0;
	while (fgets(l, sizeof(l), fp)) {
		char *s = l;
		size_t n = strlen(kw);
		no++;
		s += strspn(s, " \t");
		if (!strncmp(s, kw, n) && (s[n] == ' ' || s[n] == '\t')) {
			s += n;
			s += strspn(s, " \t");
			s[strcspn(s, " \t\r\n/")] = 0;
			snprintf(ver, size, "%s", s);
			fclose(fp);
			return no;
		}
	}
	fclose(fp);
	return 0;
}

/* The first file named BASE ("go.mod", "go.work") a go process opened and read, or NULL. */
static const struct gt_mopen *go_read(const struct gectx *x, const char *base)
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
static int ver_ge(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
		if (x != y)
			return x > y;
		a += *a == '.';
		b += *b == '.';
		if (!(*a >= '0' && *a <= '9') || !(*b >= '0' && *b <= '9'))
			break;
	}
	return 1;
}

/*
 * Whether go uses vendor/ by its own default here: the main module's go.mod
 * says go 1.14 or later and its vendor directory exists (read after the
 * run: go decides with a stat the trace does not hold). Its go.mod open,
 * the open of vendor/modules.txt, the go line and its number into the rest.
 */
static int vendor_default(const struct gectx *x, const struct gt_mopen **mo, const struct gt_mopen **vo,
			  char *ver, size_t size, long *gl)
{
	char dir[4200];
	struct stat st;
	size_t i, dl;

	*vo = NULL;
	if (!(*mo = go_read(x, "go.mod")))
		return 0;
	dl = strlen((*mo)->path) - 6;
	for (i = 0; i < x->m->nopens; i++) {
		const struct gt_mopen *o = &x->m->opens[i];
		if (!strncmp(o->path, (*mo)->path, dl) && !strcmp(o->path + dl, "vendor/modules.txt"))
			*vo = o;
	}
	snprintf(dir, sizeof(dir), "%.*svendor", (int)dl, (*mo)->path);
	*gl = go_line((*mo)->path, "go", ver, size);
	return *gl && ver_ge(ver, "1.14") && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * -mod=MODE: from the command line (the user's own choice: no finding),
 * GOFLAGS, or (vendor) go's default when the vendor directory exists and
 * go.mod says go 1.14 or later.
 */
static struct gt_finding *rule_modflag(struct gectx *x)
{
	const char *mode = x->e->setting ? x->e->setting : x->cap[1];
	const struct gt_mopen *mo, *vo;
	struct gt_setting s;
	struct gt_finding *f;
	char flag[64], ver[64];
	int vdef = 0;
	long gl = 0;

	mode = mode && mode[0] ? mode : "vendor";
	snprintf(flag, sizeof(flag), "-mod=%.40s", mode);
	flag[strcspn(flag, " \t\n(")] = 0;
	mode = flag + 5;
	if (argv_has_mod(x, mode))
		return NULL;
	if (!strcmp(mode, "vendor"))
		vdef = vendor_default(x, &mo, &vo, ver, sizeof(ver), &gl);
	gt_goconf_setting(x->c, "GOFLAGS", &s);
	if (s.value && goflags_has(s.value, flag)) {
		char *src = src_text(x, &s);
		f = cause(x, "GOFLAGS=%s from %s makes go use %s: %s%s", s.value, src, flag,
			  strcmp(mode, "vendor") ? "go may not change go.mod or look modules up" :
			  "go builds from vendor/, which does not match go.mod",
			  vdef ? " (go would here by default too: vendor/ exists, read after the run)" : "");
		free(src);
		setting_evidence(x, f, &s);
		said(x, f);
		if (vdef)
			gt_finding_fix(f, "go mod vendor (brings vendor/ in line with go.mod); dropping GOFLAGS alone "
				       "does not help: %s says go %s and vendor/ exists", mo->path, ver);
		else
			setting_fix(x, f, &s, NULL);
		return f;
	}
	if (!vdef)
		return NULL; /* readonly is go's own default since 1.16; vendor without the default: not known */
	f = cause(x, "go used vendor/ by its own default: %s says go %s (1.14 or later) and vendor/ exists; "
		  "it does not match go.mod", mo->path, ver);
	gt_finding_evidence(f, mo->p->pid, mo->t, mo->line, mo->path, gl,
			    "go %s (go opened %s; the line read after the run)", ver, mo->path);
	if (vo)
		gt_finding_evidence(f, vo->p->pid, vo->t, vo->line, NULL, 0, "go opened %s%s%s", vo->path,
				    vo->ok ? "" : ": ", vo->ok ? "" : vo->err);
	said(x, f);
	gt_finding_fix(f, "go mod vendor (brings vendor/ in line with go.mod), or -mod=mod to build without it");
	return f;
}

/* The PATH directory a program at EXE was found in, per the environment ENV, into OUT. */
static int path_dir_of(const json_t *env, const char *exe, char *out, size_t size)
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

/*
 * Other go installations (read after the run): every go in PATH's
 * directories and the usual places, with its version, as evidence.
 */
static void other_gos(struct gectx *x, struct gt_finding *f, const char *ran)
{
	static const char *const usual[] = {"/usr/local/go/bin", "/usr/lib/go/bin", "/snap/bin", "/opt/go/bin",
					    "/usr/lib/go-1.19/bin", "/usr/lib/go-1.20/bin", "/usr/lib/go-1.21/bin",
					    "/usr/lib/go-1.22/bin", "/usr/lib/go-1.23/bin", "/usr/lib/go-1.24/bin"};
	const char *p = gt_env_get(x->c->env, "PATH");
	char dirs[48][512], path[4200], real[4096], realran[4096], *root, *ver;
	size_t nd = 0, i, k;

	while (p && *p && nd < 28) {
		size_t n = strcspn(p, ":");
		if (n && n < 500)
			snprintf(dirs[nd++], 512, "%.*s", (int)n, p);
		p += n + (p[n] == ':');
	}
	for (i = 0; i < GT_ARRAY_SIZE(usual); i++)
		snprintf(dirs[nd++], 512, "%s", usual[i]);
	if (!realpath(ran, realran))
		snprintf(realran, sizeof(realran), "%s", ran);
	for (i = 0; i < nd; i++) {
		int dup = 0;
		snprintf(path, sizeof(path), "%.500s/go", dirs[i]);
		if (access(path, X_OK) || !realpath(path, real) || !strcmp(real, realran))
			continue;
		for (k = 0; k < i; k++)
			dup |= !strcmp(dirs[k], dirs[i]);
		if (dup)
			continue;
		root = gt_goroot_of_exe(real);
		ver = root ? gt_goroot_version(root) : NULL;
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "another go: %s (%s)%s (read after the run)", path,
				    ver ? ver : "version unknown", i < nd - GT_ARRAY_SIZE(usual) ? ", on PATH" : "");
		free(root);
		free(ver);
	}
}

/* "go.mod requires go >= 1.N (running go 1.M; GOTOOLCHAIN=local)", and old go's "note: module requires Go 1.N". */
static struct gt_finding *rule_toonew(struct gectx *x)
{
	const struct gt_mexec *gx = &x->c->go->execs[x->c->go->nexecs - 1];
	const char *exe = gx->path, *need = x->e->variant == 1 ? x->cap[0] : x->cap[1];
	const char *running = x->e->variant ? NULL : x->cap[2];
	const struct gt_mopen *mo = go_read(x, "go.work") ? go_read(x, "go.work") : go_read(x, "go.mod");
	struct gt_setting s;
	struct gt_finding *f;
	char dir[512] = "", ver[64] = "", *src = NULL, run[64], *root, *rv = NULL;
	long gl = mo ? go_line(mo->path, "go", ver, sizeof(ver)) : 0;
	int local = 0;

	if (x->e->variant >= 1) {
		/*
		 * old go's own words do not say it is too old: only when go.mod's
		 * go line is newer than the release that ran (its VERSION file)
		 */
		root = gt_goroot_of_exe(gx->exe ? gx->exe : exe);
		rv = root ? gt_goroot_version(root) : NULL;
		free(root);
		if (x->e->variant >= 2 && (!gl || !rv || strncmp(rv, "go", 2) || ver_ge(rv + 2, ver))) {
			free(rv);
			return NULL;
		}
		if (!rv || strncmp(rv, "go", 2)) {
			free(rv);
			rv = gt_xstrdup("go?");
		}
		if (x->e->variant >= 2)
			need = ver;
		snprintf(run, sizeof(run), "%s, by its VERSION file read after the run", rv + 2);
		running = run;
		free(rv);
	}
	if (x->e->variant == 0)
		snprintf(run, sizeof(run), "%.*s", (int)strcspn(running ? running : "", ";)"), running ? running : "");
	gt_goconf_setting(x->c, "GOTOOLCHAIN", &s);
	if (running && !x->e->variant && s.value && s.src != GT_SRC_UNKNOWN && strcmp(s.value, "auto") && !strstr(s.value, "+auto")) {
		local = 1;
		src = src_text(x, &s);
	}
	path_dir_of(x->c->env, exe, dir, sizeof(dir));
	if (local)
		f = cause(x, "GOTOOLCHAIN=%s from %s kept go %s, and %s needs go >= %s", s.value, src, run,
			  mo ? mo->path : "the module", need);
	else
		f = cause(x, "the go that ran, %s (%s%s%s), is older than %s needs (go >= %s)", exe,
			  running ? "go " : "", running ? run : "an older release",
			  dir[0] ? ", found first on PATH" : "", mo ? mo->path : "the module", need);
	free(src);
	if (local)
		setting_evidence(x, f, &s);
	gt_finding_evidence(f, x->c->go->pid, gx->t, gx->line, NULL, 0, "exec %s%s%s", exe,
			    dir[0] ? ": the first go in PATH directory " : "", dir);
	if (gl)
		gt_finding_evidence(f, mo->p->pid, mo->t, mo->line, mo->path, gl,
				    "go %s (go opened %s; the line read after the run)", ver, mo->path);
	said(x, f);
	other_gos(x, f, gx->exe ? gx->exe : exe);
	if (local && s.src != GT_SRC_ENV)
		gt_finding_fix(f, "go env -w GOTOOLCHAIN=auto (go then downloads go %s through GOPROXY), "
			       "or put a go >= %s first on PATH", need, need);
	else if (local)
		gt_finding_fix(f, "GOTOOLCHAIN=auto (go then downloads go %s through GOPROXY), or put a go >= %s "
			       "first on PATH", need, need);
	else
		gt_finding_fix(f, "put a go >= %s first on PATH (or remove %s from it)", need, dir[0] ? dir : exe);
	return f;
}

/* The nearest NAME at or above DIR that exists now, into OUT. */
static int find_up(const char *dir, const char *name, char *out, size_t size)
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

/* The workspace go used: named by GOWORK, or found walking up from the working directory. */
static struct gt_finding *rule_workspace(struct gectx *x)
{
	const struct gt_mopen *wo = go_read(x, "go.work");
	const char *wd = json_string_value(json_object_get(x->m->run, "cwd"));
	struct gt_setting s;
	struct gt_finding *f;
	char *src;

	gt_goconf_setting(x->c, "GOWORK", &s);
	if (s.value && strcmp(s.value, "off") && (s.src == GT_SRC_ENV || s.src == GT_SRC_USER)) {
		src = src_text(x, &s);
		f = cause(x, "GOWORK=%s from %s put go in workspace mode: %s", s.value, src, x->e->what);
		free(src);
		setting_evidence(x, f, &s);
		if (wo)
			gt_finding_evidence(f, wo->p->pid, wo->t, wo->line, NULL, 0, "go opened %s", wo->path);
		said(x, f);
		setting_fix(x, f, &s, "off");
		return f;
	}
	{
		char found[4200];
		const char *path = wo ? wo->path : NULL;
		size_t dl;
		int parent;
		if (!path) {
			/* go finds go.work with a stat, which the trace does not hold: look now */
			if (!wd || wd[0] != '/' || !find_up(wd, "go.work", found, sizeof(found)))
				return NULL;
			path = found;
		}
		dl = strlen(path) - strlen("/go.work");
		parent = wd && !(strlen(wd) == dl && !strncmp(wd, path, dl));
		f = cause(x, "go used the workspace %s, %s: %s", path,
			  parent ? "found in a parent directory of the working directory" : "in the working directory",
			  x->e->what);
		if (wo)
			gt_finding_evidence(f, wo->p->pid, wo->t, wo->line, NULL, 0,
					    "go opened %s (GOWORK unset: go looks for go.work from %s upwards)", path,
					    wd ? wd : "the working directory");
		else
			gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s exists (read after the run: go looks for go.work "
					    "from %s upwards with a stat the trace does not hold)", path, wd);
		gt_goconf_setting(x->c, "GOFLAGS", &s);
		if (s.value && goflags_has(s.value, "-mod=mod") && strstr(x->line, "-mod may only"))
			setting_evidence(x, f, &s);
		said(x, f);
		if (!strcmp(x->e->id, "go-work-mod"))
			gt_finding_fix(f, "GOWORK=off to build this module on its own, or drop -mod=mod (from the command "
				       "line or GOFLAGS)");
		else if (strcmp(x->e->id, "go-work-excludes"))
			gt_finding_fix(f, "GOWORK=off to build this module on its own, or correct %s (go work edit "
				       "-dropuse DIR)", path);
		else
			gt_finding_fix(f, "GOWORK=off to build this module on its own, or go work use DIR to add "
				       "the module to the workspace");
	}
	return f;
}

/* Whether the program NAME is in the PATH directories of ENV now; its path into OUT. */
static int on_path(const char *pathvar, const char *name, char *out, size_t size)
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
static int path_evidence(struct gectx *x, struct gt_finding *f, const char *prog, const char *alt)
{
	static const char *const usual[] = {"/usr/bin", "/usr/local/bin", "/bin", "/usr/lib/ccache", "/opt/bin"};
	const char *pathvar = gt_env_get(x->c->env, "PATH");
	char p[4200], where[8600] = "";
	size_t i;
	int found = on_path(pathvar, prog, p, sizeof(p));

	gt_finding_evidence(f, x->c->go->pid, x->c->x->t, x->c->x->line, NULL, 0,
			    "PATH=%s in the environment go was started with", pathvar ? pathvar : "(unset)");
	if (found) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s is %s now (read after the run)", prog, p);
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
	gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s is in none of PATH's directories; %s%s (read after the run)",
			    prog, where[0] ? "on this machine: " : "nor in ",
			    where[0] ? where : "/usr/bin, /usr/local/bin, /bin, /usr/lib/ccache, /opt/bin");
	return 0;
}

/* The host's GOARCH, from the trace header's machine. */
static const char *host_goarch(const struct gectx *x)
{
	const char *a = json_string_value(json_object_get(json_object_get(x->m->run, "host"), "arch"));

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

/*
 * cgo was off: CGO_ENABLED=0 set somewhere; a cross build (GOOS or
 * GOARCH other than the host's), for which cgo is off by default; or
 * (go 1.20+) the C compiler is on no PATH directory.
 */
static struct gt_finding *rule_cgo_off(struct gectx *x)
{
	struct gt_setting s, cc;
	struct gt_finding *f;
	const char *ha = host_goarch(x), *prog;
	char *src;

	gt_goconf_setting(x->c, "CGO_ENABLED", &s);
	if (s.value && (s.src == GT_SRC_ENV || s.src == GT_SRC_USER || s.src == GT_SRC_GOROOT)) {
		src = src_text(x, &s);
		f = cause(x, "CGO_ENABLED=%s from %s turned cgo off, and %s needs it", s.value, src, x->cap[0]);
		free(src);
		setting_evidence(x, f, &s);
		said(x, f);
		setting_fix(x, f, &s, "1");
		return f;
	}
	if (s.src == GT_SRC_UNKNOWN)
		return NULL;
	gt_goconf_setting(x->c, "GOARCH", &s);
	if (s.value && ha && strcmp(s.value, ha) && s.src != GT_SRC_UNKNOWN) {
		src = src_text(x, &s);
		f = cause(x, "GOARCH=%s from %s makes this a cross build (the host is %s), for which cgo is off "
			  "unless CGO_ENABLED=1; %s needs cgo", s.value, src, ha, x->cap[0]);
		free(src);
		setting_evidence(x, f, &s);
		said(x, f);
		setting_fix(x, f, &s, NULL);
		return f;
	}
	gt_goconf_setting(x->c, "CC", &cc);
	prog = cc.value && cc.value[0] ? cc.value : "gcc";
	f = cause(x, "cgo was off by go's default: CGO_ENABLED is set nowhere and the C compiler %s%s is not on "
		  "PATH (go 1.20 and later turn cgo off then); %s needs cgo", prog,
		  cc.value ? " (CC)" : "", x->cap[0]);
	if (cc.value)
		setting_evidence(x, f, &cc);
	if (path_evidence(x, f, prog, cc.value ? NULL : "cc")) {
		/* the compiler is there now: the trace cannot tell why go did not find it */
		free(f->verdict);
		f->verdict = gt_xasprintf("cgo was off and %s needs it; CGO_ENABLED is set nowhere, and %s is on "
					  "PATH now: whether it was when go ran is not in the trace", x->cap[0], prog);
	}
	said(x, f);
	gt_finding_fix(f, "install a C compiler (Debian: apt-get install gcc) or add its directory to PATH; "
		       "or CC=/path/to/compiler");
	return f;
}

/* cgo: C compiler "X" not found: CC, or gcc by default, on no PATH directory. */
static struct gt_finding *rule_cc_missing(struct gectx *x)
{
	struct gt_setting cc;
	struct gt_finding *f;
	char *src = NULL;

	gt_goconf_setting(x->c, "CC", &cc);
	if (cc.value && cc.src != GT_SRC_UNKNOWN && cc.src != GT_SRC_DEFAULT)
		src = src_text(x, &cc);
	f = cause(x, "the C compiler %s%s%s%s is not where go looked: cgo needs it", x->cap[0],
		  src ? " (CC=" : " (go's default; CC is set nowhere)", src ? cc.value : "", src ? ")" : "");
	if (src) {
		free(f->verdict);
		f->verdict = gt_xasprintf("CC=%s from %s names a C compiler go cannot find: cgo needs it", cc.value, src);
		setting_evidence(x, f, &cc);
	}
	free(src);
	path_evidence(x, f, x->cap[0], src ? NULL : "cc");
	said(x, f);
	if (cc.value && cc.src != GT_SRC_DEFAULT)
		setting_fix(x, f, &cc, "gcc");
	else
		gt_finding_fix(f, "install a C compiler (Debian: apt-get install gcc) or add its directory to PATH; "
			       "or CGO_ENABLED=0 when the build needs no C");
	return f;
}

/* The deepest existing directory at or above DIR: its owner and mode, read after the run. */
static void dir_owner_evidence(struct gt_finding *f, const char *dir)
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
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s%s: owner %s, group %s, mode %04o (read after the run)",
				    p, strcmp(p, dir) ? " (the nearest directory that exists)" : "",
				    pw ? pw->pw_name : "?", gr ? gr->gr_name : "?", (unsigned)(st.st_mode & 07777));
	}
}

/*
 * A cache or GOPATH go could not use: the first of NAMES that is set (with
 * its source), else the environment variables go derives the default from.
 */
static struct gt_finding *dir_setting(struct gectx *x, const char *const *names, const char *const *base,
				       const char *dir)
{
	struct gt_setting s;
	struct gt_finding *f = NULL;
	char *src, unset[256] = "", basev[1024] = "";
	size_t i;

	for (i = 0; names[i]; i++) {
		gt_goconf_setting(x->c, names[i], &s);
		if (s.src == GT_SRC_UNKNOWN)
			return NULL;
		if (s.value && s.value[0] && s.src != GT_SRC_DEFAULT)
			break;
		snprintf(unset + strlen(unset), sizeof(unset) - strlen(unset), "%s%s", unset[0] ? ", " : "", names[i]);
	}
	if (names[i]) {
		src = src_text(x, &s);
		f = cause(x, "%s=%s from %s: %s", s.name, s.value, src, x->e->what);
		free(src);
		setting_evidence(x, f, &s);
	} else {
		for (i = 0; base[i]; i++) {
			const char *v = gt_env_get(x->c->env, base[i]);
			snprintf(basev + strlen(basev), sizeof(basev) - strlen(basev), "%s%s=%s", i ? ", " : "",
				 base[i], v ? v : "(unset)");
		}
		f = cause(x, "%s set nowhere, so go derives the directory from the environment (%s): %s",
			  unset, basev, x->e->what);
		gt_finding_evidence(f, x->c->go->pid, x->c->x->t, x->c->x->line, NULL, 0,
				    "the environment go was started with: %s", basev);
	}
	if (dir && dir[0] == '/')
		dir_owner_evidence(f, dir);
	said(x, f);
	if (names[i])
		setting_fix(x, f, &s, NULL);
	if (!f->fix)
		gt_finding_fix(f, "export %s=DIR (an absolute directory this user can write)", names[0]);
	return f;
}

/* "failed to initialize build cache at DIR: ERR", "GOCACHE is not defined and ..." */
static struct gt_finding *rule_gocache(struct gectx *x)
{
	static const char *const names[] = {"GOCACHE", NULL}, *const base[] = {"XDG_CACHE_HOME", "HOME", NULL};
	char dir[512];

	snprintf(dir, sizeof(dir), "%s", x->e->variant ? "" : x->cap[1]);
	return dir_setting(x, names, base, dir);
}

/* "could not create module cache: mkdir DIR: ...", "neither GOMODCACHE nor GOPATH is set", "GOPATH entry is relative" */
static struct gt_finding *rule_modcache(struct gectx *x)
{
	static const char *const names[] = {"GOMODCACHE", "GOPATH", NULL}, *const gp[] = {"GOPATH", NULL};
	static const char *const base[] = {"HOME", NULL};
	char dir[512] = "";

	if (x->e->variant == 1 && strchr(x->cap[1], '/')) /* "mkdir DIR: ERR", "stat DIR: ERR" */
		snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(strchr(x->cap[1], '/'), ":"), strchr(x->cap[1], '/'));
	return dir_setting(x, x->e->variant == 2 ? gp : names, base, dir);
}

/* "unsupported GOOS/GOARCH pair": GOARCH when it was set, else GOOS */
static struct gt_finding *rule_goosarch(struct gectx *x)
{
	struct gt_goerr e = *x->e;
	const struct gt_goerr *was = x->e;
	struct gt_setting s;
	struct gt_finding *f;

	gt_goconf_setting(x->c, "GOARCH", &s);
	if (!s.value || s.src == GT_SRC_DEFAULT)
		e.setting = "GOOS";
	x->e = &e;
	f = rule_setting(x);
	x->e = was;
	return f;
}

/* "GOPROXY list is not the empty string, but contains no entries" */
static struct gt_finding *rule_proxy_empty(struct gectx *x)
{
	const struct gt_envfile *g = &x->c->goenv;
	struct gt_setting s;
	struct gt_finding *f;

	gt_goconf_setting(x->c, "GOPROXY", &s);
	if (s.value || s.src == GT_SRC_UNKNOWN)
		return rule_setting(x);
	if (g->state == GT_FILE_ABSENT) {
		f = cause(x, "GOPROXY is set nowhere and $GOROOT/go.env, which gives go its GOPROXY, is missing: %s", g->path);
		gt_finding_evidence(f, g->open_pid, g->open_t, g->open_line, NULL, 0, "go's open of %s failed", g->path);
	} else {
		f = cause(x, "GOPROXY is set nowhere: not in the environment, the user go env file, nor $GOROOT/go.env "
			  "(%s), which upstream Go ships with GOPROXY=https://proxy.golang.org,direct", g->path ? g->path : "?");
		if (g->open_line)
			gt_finding_evidence(f, g->open_pid, g->open_t, g->open_line, NULL, 0,
					    "go opened %s (no GOPROXY line in it, read after the run)", g->path);
	}
	said(x, f);
	gt_finding_fix(f, "go env -w GOPROXY=https://proxy.golang.org,direct (or the proxy you use), or restore %s",
		       g->path ? g->path : "$GOROOT/go.env");
	return f;
}

/*
 * "download go1.X for OS/ARCH: toolchain not available": go looked the
 * toolchain up through GOPROXY and it was not there, or GOPROXY=off (go's
 * "lookup disabled" is a not-found too); the version came from GOTOOLCHAIN
 * or from go.mod's (go.work's) toolchain or go line.
 */
static struct gt_finding *rule_tc_unavailable(struct gectx *x)
{
	struct gt_setting s, px;
	const struct gt_mopen *mo = go_read(x, "go.work") ? go_read(x, "go.work") : go_read(x, "go.mod");
	struct gt_finding *f;
	char ver[64], asked[1200], *src, *psrc;
	long gl = 0;

	gt_goconf_setting(x->c, "GOTOOLCHAIN", &s);
	gt_goconf_setting(x->c, "GOPROXY", &px);
	if (px.src == GT_SRC_UNKNOWN || s.src == GT_SRC_UNKNOWN)
		return NULL;
	src = src_text(x, &s);
	if (s.value && !strncmp(s.value, "go1", 3))
		snprintf(asked, sizeof(asked), "GOTOOLCHAIN=%s from %s asks for it", s.value, src);
	else if (mo && ((gl = go_line(mo->path, "toolchain", ver, sizeof(ver))) || (gl = go_line(mo->path, "go", ver, sizeof(ver)))))
		snprintf(asked, sizeof(asked), "%s asks for it (line %ld)", mo->path, gl);
	else
		snprintf(asked, sizeof(asked), "the module asks for it");
	free(src);
	psrc = src_text(x, &px);
	if (px.value && !strcmp(px.value, "off"))
		f = cause(x, "GOPROXY=off from %s: go may not download %s, and %s", psrc, x->cap[0], asked);
	else
		f = cause(x, "%s, a toolchain GOPROXY=%s (from %s) did not give: %s", x->cap[0],
			  px.value ? px.value : "(unset)", psrc, asked);
	free(psrc);
	if (s.value && !strncmp(s.value, "go1", 3))
		setting_evidence(x, f, &s);
	else if (gl)
		gt_finding_evidence(f, mo->p->pid, mo->t, mo->line, mo->path, gl, "%s (go opened %s; the line read after the run)",
				    ver, mo->path);
	if (px.value)
		setting_evidence(x, f, &px);
	said(x, f);
	if (px.value && !strcmp(px.value, "off"))
		setting_fix(x, f, &px, "https://proxy.golang.org,direct");
	else
		gt_finding_fix(f, "name a released version (go 1.21 and later are released as go1.N.P; go1.N.0 is the first "
			       "release of 1.N), or put that go first on PATH as %s", x->cap[0]);
	return f;
}

/* git not found, for a module go fetched directly: why it went direct, and PATH. */
static struct gt_finding *rule_git_missing(struct gectx *x)
{
	struct gt_setting s;
	struct gt_finding *f;
	const char *why[] = {"GOPRIVATE", "GONOPROXY", "GOPROXY"};
	size_t i;

	f = cause(x, "go fetched a module straight from its repository and git is not on PATH");
	for (i = 0; i < GT_ARRAY_SIZE(why); i++) {
		gt_goconf_setting(x->c, why[i], &s);
		if (!s.value || (i == 2 && !strstr(s.value, "direct")))
			continue;
		setting_evidence(x, f, &s);
		if (s.src == GT_SRC_ENV || s.src == GT_SRC_USER || s.src == GT_SRC_GOROOT) {
			char *src = src_text(x, &s);
			free(f->verdict);
			f->verdict = gt_xasprintf("%s=%s from %s sent go straight to the repository, and git is not on PATH",
						  s.name, s.value, src);
			free(src);
		}
		break;
	}
	path_evidence(x, f, "git", NULL);
	said(x, f);
	gt_finding_fix(f, "install git (Debian: apt-get install git) or add its directory to PATH");
	return f;
}

/*
 * The catalogue. Patterns are go's format strings with each verb as '*',
 * matched against one line of go's stderr without its leading blanks.
 */
static const struct gt_goerr catalogue[] = {
	{"go: inconsistent vendoring in *", "1.14+", "go-mod-vendor", GT_SUBJ_CONFIG, "vendor", NULL, NULL, 0,
	 rule_modflag},
	{"*import lookup disabled by -mod=*", "1.16+", "go-mod-flag", GT_SUBJ_CONFIG, NULL, NULL, NULL, 0, rule_modflag},
	{"* requires go >= * (running go *)", "1.21+", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 0, rule_toonew},
	{"note: module requires Go *", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 1, rule_toonew},
	{"*package * is not in GOROOT (*)", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL, NULL, 2,
	 rule_toonew},
	{"*invalid go version '*': must match format 1.23*", "1.19-1.20", "go-too-old", GT_SUBJ_TOOLCHAIN, NULL, NULL,
	 NULL, 3, rule_toonew},
	{"go: download * for *: toolchain not available", "1.21+", "toolchain-unavailable", GT_SUBJ_TOOLCHAIN,
	 "GOTOOLCHAIN", "names a toolchain the GOPROXY entries do not have", NULL, 0, rule_tc_unavailable},
	{"*invalid GOTOOLCHAIN *", "1.21+", "gotoolchain-invalid", GT_SUBJ_TOOLCHAIN, "GOTOOLCHAIN",
	 "go cannot read the value", "auto", 0, rule_setting},
	{"*module lookup disabled by GOPROXY=off*", "1.13+", "goproxy-off", GT_SUBJ_CONFIG, "GOPROXY",
	 "go may not download any module", "https://proxy.golang.org,direct", 0, rule_setting},
	{"*GOPROXY list is not the empty string, but contains no entries*", "1.13+", "goproxy-empty", GT_SUBJ_CONFIG,
	 "GOPROXY", "the list names no proxy", "https://proxy.golang.org,direct", 0, rule_proxy_empty},
	{"go: parsing $GOFLAGS: *", "1.11+", "goflags-invalid", GT_SUBJ_CONFIG, "GOFLAGS",
	 "go cannot parse it (an unknown flag, or a word that is not a flag)", NULL, 0, rule_setting},
	{"go: modules disabled by GO111MODULE=off*", "1.11+", "go111module", GT_SUBJ_CONFIG, "GO111MODULE",
	 "go works in GOPATH mode and refuses module commands", NULL, 0, rule_setting},
	{"*unsupported GOOS/GOARCH pair *", "1.11+", "goos-goarch", GT_SUBJ_CONFIG, "GOARCH",
	 "go cannot build for that pair", NULL, 0, rule_goosarch},
	{"go: invalid GOWORK: not an absolute path", "1.18+", "gowork-invalid", GT_SUBJ_CONFIG, "GOWORK",
	 "go needs an absolute path (or off)", "off", 0, rule_setting},
	{"*is contained in a module that is not one of the workspace modules listed in go.work*", "1.18+",
	 "go-work-excludes", GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0,
	 rule_workspace},
	{"*outside modules listed in go.work or their selected dependencies*", "1.18+", "go-work-excludes",
	 GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0, rule_workspace},
	{"*does not contain modules listed in go.work or their selected dependencies*", "1.18+", "go-work-excludes",
	 GT_SUBJ_CONFIG, NULL, "the directory built is in none of its modules", NULL, 0, rule_workspace},
	{"*error loading go.work:*", "1.18+", "go-work-bad", GT_SUBJ_CONFIG, NULL, "go cannot load it", NULL, 0,
	 rule_workspace},
	{"*errors parsing go.work:*", "1.18+", "go-work-bad", GT_SUBJ_CONFIG, NULL, "go cannot parse it", NULL, 0,
	 rule_workspace},
	{"*cannot load module * listed in go.work file*", "1.18+", "go-work-bad-use", GT_SUBJ_CONFIG, NULL,
	 "it names a module go cannot load", NULL, 0, rule_workspace},
	{"go: -mod may only be set to readonly or vendor when in workspace mode*", "1.18+", "go-work-mod",
	 GT_SUBJ_CONFIG, NULL, "-mod=mod is refused in a workspace", NULL, 0, rule_workspace},
	{"go: * requires cgo*", "1.11+", "cgo-off", GT_SUBJ_CONFIG, "CGO_ENABLED", NULL, NULL, 0, rule_cgo_off},
	{"cgo: C compiler \"*\" not found: *", "1.11+", "cc-missing", GT_SUBJ_CONFIG, "CC", NULL, NULL, 0,
	 rule_cc_missing},
	{"*failed to initialize build cache at *: *", "1.10+", "gocache-unusable", GT_SUBJ_CONFIG, "GOCACHE",
	 "go cannot create its build cache there", NULL, 0, rule_gocache},
	{"*GOCACHE is not defined and *", "1.12+", "gocache-unusable", GT_SUBJ_CONFIG, "GOCACHE",
	 "go has nowhere to put its build cache", NULL, 1, rule_gocache},
	{"*could not create module cache: *", "1.15+", "modcache-unusable", GT_SUBJ_CONFIG, "GOMODCACHE",
	 "go cannot create its module cache there", NULL, 1, rule_modcache},
	{"*module cache not found: neither GOMODCACHE nor GOPATH is set*", "1.15+", "modcache-unusable",
	 GT_SUBJ_CONFIG, "GOMODCACHE", "go has nowhere to put its module cache", NULL, 0, rule_modcache},
	{"*GOPATH entry is relative; must be absolute path*", "1.11+", "gopath-invalid", GT_SUBJ_CONFIG, "GOPATH",
	 "go needs absolute directories", NULL, 2, rule_modcache},
	{"*missing Git command*", "1.11+", "git-missing", GT_SUBJ_NETWORK, NULL, NULL, NULL, 0, rule_git_missing},
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
		if (!x->c->env && catalogue[i].rule != rule_setting)
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
				gt_finding_evidence(f, relayed->pid, relayed->t_exit, relayed->exit_line, NULL, 0,
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

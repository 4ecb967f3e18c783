/*
 * The rules of the catalogue of go's errors (docs/go-errors.md) that
 * need more than the setting the message names: -mod and vendoring, a go
 * too old, workspaces, cgo, the caches, the proxy list, toolchains, replace
 * directives, the work directory (fetching modules: goerrnet.c).
 */
#include "goerrors.h"
#include "settings.h"
#include "../common/goproxy.h"
#include "../common/modpath.h"
#include "../common/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* Whether go's own argv (its first exec) holds -mod=MODE, or -mod MODE. */
static int argv_has_mod(const struct gectx *x, const char *mode)
{
	const struct gt_strv *argv = x->c->x->argv;
	char want[64];
	size_t i;

	snprintf(want, sizeof(want), "-mod=%s", mode);
	for (i = 0; argv && i < argv->n; i++) {
		const char *a = argv->v[i], *b = i + 1 < argv->n ? argv->v[i + 1] : NULL;
		if (!a)
			continue;
		if (a[0] == '-' && a[1] == '-')
			a++;
		if (!strcmp(a, want) || (!strcmp(a, "-mod") && b && !strcmp(b, mode)))
			return 1;
	}
	return 0;
}

/*
 * Whether go uses vendor/ by its own default here: the main module's go.mod
 * says go 1.14 or later and its vendor directory exists (read after the
 * run: go decides with a stat the trace does not hold). Its go.mod open,
 * the open of vendor/modules.txt, the go line and its number into the rest.
 */
static int vendor_default(const struct gectx *x, const struct gt_mopen **mo, const struct gt_mopen **vo,
			  char *ver, size_t size, long *gl, const char **when)
{
	char dir[4200];
	struct stat st;
	size_t i, dl;

	*vo = NULL;
	if (!(*mo = ge_go_read(x, "go.mod")))
		return 0;
	dl = strlen((*mo)->path) - 6;
	for (i = 0; i < x->m->nopens; i++) {
		const struct gt_mopen *o = &x->m->opens[i];
		if (!strncmp(o->path, (*mo)->path, dl) && !strcmp(o->path + dl, "vendor/modules.txt"))
			*vo = o;
	}
	snprintf(dir, sizeof(dir), "%.*svendor", (int)dl, (*mo)->path);
	*gl = ge_go_line(x->m, (*mo)->path, "go", ver, size, when);
	/* go read vendor/modules.txt (not one it made): the directory was there; else it is looked at now */
	return *gl && ge_ver_ge(ver, "1.14") && ((*vo && (*vo)->ok && (*vo)->read) || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)));
}

/*
 * -mod=MODE: from the command line (the user's own choice: no finding),
 * GOFLAGS, or (vendor) go's default when the vendor directory exists and
 * go.mod says go 1.14 or later.
 */
struct gt_finding *ge_rule_modflag(struct gectx *x)
{
	const char *mode = x->e->setting ? x->e->setting : x->cap[1];
	const struct gt_mopen *mo, *vo = NULL;
	struct gt_setting s;
	struct gt_finding *f;
	char flag[64], ver[64];
	const char *when = "";
	int vdef = 0;
	long gl = 0;

	mode = mode && mode[0] ? mode : "vendor";
	snprintf(flag, sizeof(flag), "-mod=%.40s", mode);
	flag[strcspn(flag, " \t\n(")] = 0;
	mode = flag + 5;
	if (argv_has_mod(x, mode))
		return NULL;
	if (!strcmp(mode, "vendor"))
		vdef = vendor_default(x, &mo, &vo, ver, sizeof(ver), &gl, &when);
	gt_goconf_setting(x->c, "GOFLAGS", &s);
	if (s.value && ge_goflags_has(s.value, flag)) {
		char *src = ge_src_text(x, &s);
		f = ge_cause(x, "GOFLAGS=%s from %s makes go use %s: %s%s", s.value, src, flag,
			  strcmp(mode, "vendor") ? "go may not change go.mod or look modules up" :
			  "go builds from vendor/, which does not match go.mod",
			  vdef ? (vo && vo->ok && vo->read ? " (go would here by default too: vendor/ exists)" :
				  " (go would here by default too: vendor/ exists, read after the run)") : "");
		free(src);
		ge_setting_evidence(x, f, &s);
		ge_said(x, f);
		if (vdef)
			gt_finding_fix(f, "go mod vendor (brings vendor/ in line with go.mod); dropping GOFLAGS alone "
				       "does not help: %s says go %s and vendor/ exists", mo->path, ver);
		else
			ge_setting_fix(x, f, &s, NULL);
		return f;
	}
	if (!vdef)
		return NULL; /* readonly is go's own default since 1.16; vendor without the default: not known */
	f = ge_cause(x, "go used vendor/ by its own default: %s says go %s (1.14 or later) and vendor/ exists%s; "
		  "it does not match go.mod", mo->path, ver, vo && vo->ok && vo->read ? "" : " (read after the run)");
	gt_finding_evidence(f, GT_AT_FILE(mo->p->pid, mo->t, mo->line, mo->path, gl), "go %s (go opened %s; the line %s)", ver, mo->path, when);
	if (vo)
		gt_finding_evidence(f, GT_AT(vo->p ? vo->p->pid : 0, vo->t, vo->line), "go opened %s%s%s", vo->path,
				    vo->ok ? "" : ": ", vo->ok ? "" : vo->err);
	ge_said(x, f);
	gt_finding_fix(f, "go mod vendor (brings vendor/ in line with go.mod), or -mod=mod to build without it");
	return f;
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
		gt_finding_note(f, "another go: %s (%s)%s (read after the run)", path, ver ? ver : "version unknown",
				i < nd - GT_ARRAY_SIZE(usual) ? ", on PATH" : "");
		free(root);
		free(ver);
	}
}

/* "go.mod requires go >= 1.N (running go 1.M; GOTOOLCHAIN=local)", and old go's "note: module requires Go 1.N". */
struct gt_finding *ge_rule_toonew(struct gectx *x)
{
	const struct gt_mexec *gx = &x->c->go->execs[x->c->go->nexecs - 1];
	const char *exe = gx->path, *need = x->e->variant == 1 ? x->cap[0] : x->cap[1];
	const char *running = x->e->variant ? NULL : x->cap[2];
	const struct gt_mopen *mo = ge_go_read(x, "go.work") ? ge_go_read(x, "go.work") : ge_go_read(x, "go.mod");
	struct gt_setting s;
	struct gt_finding *f;
	char dir[512] = "", ver[64] = "", *src = NULL, run[64], *root, *rv = NULL, what[600] = "";
	const char *when = "", *how = NULL;
	long gl = mo ? ge_go_line(x->m, mo->path, "go", ver, sizeof(ver), &when) : 0;
	int local = 0, byname;
	const char *a0;

	if (x->e->variant >= 1) {
		/*
		 * old go's own words do not say it is too old: only when go.mod's
		 * go line is newer than the release that ran (its VERSION file)
		 */
		char vb[160];
		root = gt_goroot_of_exe(gx->exe ? gx->exe : exe);
		how = gt_model_goversion(x->m, gx->exe ? gx->exe : exe, root, vb, sizeof(vb));
		rv = how ? gt_xstrdup(vb) : NULL;
		free(root);
		if (x->e->variant >= 2 && (!gl || !rv || strncmp(rv, "go", 2) || ge_ver_ge(rv + 2, ver))) {
			free(rv);
			return NULL;
		}
		if (!rv || strncmp(rv, "go", 2)) {
			free(rv);
			rv = gt_xstrdup("go?");
		}
		if (x->e->variant >= 2)
			need = ver;
		snprintf(run, sizeof(run), "%s, by %s", rv + 2, how && !strcmp(how, "recorded") ?
			 "its build information" : "its VERSION file read after the run");
		running = run;
		free(rv);
	}
	if (x->e->variant == 0)
		snprintf(run, sizeof(run), "%.*s", (int)strcspn(running ? running : "", ";)"), running ? running : "");
	gt_goconf_setting(x->c, "GOTOOLCHAIN", &s);
	if (running && !x->e->variant && s.value && s.src != GT_SRC_UNKNOWN && strcmp(s.value, "auto") && !strstr(s.value, "+auto")) {
		local = 1;
		src = ge_src_text(x, &s);
	}
	/* what needs the newer go: go.mod / go.work (the main one), or a requirement "M@V" */
	if (x->e->variant == 0) {
		const char *w = !strncmp(x->cap[0], "go: ", 4) ? x->cap[0] + 4 : x->cap[0];
		size_t wl = strlen(w);
		if (!(wl >= 6 && (!strcmp(w + wl - 6, "go.mod") || (wl >= 7 && !strcmp(w + wl - 7, "go.work"))))) {
			snprintf(what, sizeof(what), "%.400s (a requirement)", w);
			gl = 0; /* the main go.mod's go line is not what asked */
		}
	}
	if (!what[0])
		snprintf(what, sizeof(what), "%.500s", mo ? mo->path : "the module");
	ge_path_dir_of(x->c->env, exe, dir, sizeof(dir));
	/* "first on PATH" only for a go the user typed by name: gotrace's own PATH search found it */
	byname = dir[0] && x->c->go == x->m->root && x->c->x->argv && x->c->x->argv->n &&
		 (a0 = x->c->x->argv->v[0]) && !strchr(a0, '/');
	if (local)
		f = ge_cause(x, "GOTOOLCHAIN=%s from %s kept go %s, and %s needs go >= %s", s.value, src, run, what, need);
	else
		f = ge_cause(x, "the go that ran, %s (%s%s%s), is older than %s needs (go >= %s)", exe,
			  running ? "go " : "", running ? run : "an older release",
			  byname ? ", found first on PATH" : dir[0] ? ", from a PATH directory" : "", what, need);
	free(src);
	if (local)
		ge_setting_evidence(x, f, &s);
	gt_finding_evidence(f, GT_AT(x->c->go->pid, gx->t, gx->line), "exec %s%s%s", exe,
			    !dir[0] ? "" : byname ? ": the first go in PATH directory " : ": in PATH directory ", dir);
	if (gl)
		gt_finding_evidence(f, GT_AT_FILE(mo->p->pid, mo->t, mo->line, mo->path, gl),
				    "go %s (go opened %s; the line %s)", ver, mo->path, when);
	ge_said(x, f);
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

/* The workspace go used: named by GOWORK, or found walking up from the working directory. */
struct gt_finding *ge_rule_workspace(struct gectx *x)
{
	const struct gt_mopen *wo = ge_go_read(x, "go.work");
	const char *wd = x->m->run->cwd;
	struct gt_setting s;
	struct gt_finding *f;
	char *src;

	gt_goconf_setting(x->c, "GOWORK", &s);
	if (s.src == GT_SRC_UNKNOWN || (s.value && !strcmp(s.value, "off")))
		return NULL; /* where GOWORK came from is not known, or workspaces were off */
	if (s.value && (s.src == GT_SRC_ENV || s.src == GT_SRC_USER || s.src == GT_SRC_GOROOT)) {
		src = ge_src_text(x, &s);
		f = ge_cause(x, "GOWORK=%s from %s put go in workspace mode: %s", s.value, src, x->e->what);
		free(src);
		ge_setting_evidence(x, f, &s);
		if (wo)
			gt_finding_evidence(f, GT_AT(wo->p->pid, wo->t, wo->line), "go opened %s", wo->path);
		ge_said(x, f);
		ge_setting_fix(x, f, &s, "off");
		return f;
	}
	{
		char found[4200];
		const char *path = wo ? wo->path : NULL;
		size_t dl;
		int parent;
		if (!path) {
			/* go finds go.work with a stat, which the trace does not hold: look now */
			if (!wd || wd[0] != '/' || !ge_find_up(wd, "go.work", found, sizeof(found)))
				return NULL;
			path = found;
		}
		dl = strlen(path) - strlen("/go.work");
		parent = wd && !(strlen(wd) == dl && !strncmp(wd, path, dl));
		f = ge_cause(x, "go used the workspace %s%s, %s: %s", path, wo ? "" : " (found after the run)",
			  parent ? "found in a parent directory of the working directory" : "in the working directory",
			  x->e->what);
		if (wo)
			gt_finding_evidence(f, GT_AT(wo->p->pid, wo->t, wo->line),
					    "go opened %s (GOWORK unset: go looks for go.work from %s upwards)", path,
					    wd ? wd : "the working directory");
		else
			gt_finding_note(f,
					"%s exists (read after the run: go looks for go.work "
					"from %s upwards with a stat the trace does not hold)", path, wd);
		gt_goconf_setting(x->c, "GOFLAGS", &s);
		if (s.value && ge_goflags_has(s.value, "-mod=mod") && strstr(x->line, "-mod may only"))
			ge_setting_evidence(x, f, &s);
		ge_said(x, f);
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

/*
 * cgo was off: CGO_ENABLED=0 set somewhere; a cross build (GOOS or
 * GOARCH other than the host's), for which cgo is off by default; or
 * (go 1.20+) the C compiler is on no PATH directory.
 */
struct gt_finding *ge_rule_cgo_off(struct gectx *x)
{
	struct gt_setting s, cc, os;
	struct gt_finding *f;
	const char *ha = ge_host_goarch(x), *prog;
	char *src;
	int where;

	gt_goconf_setting(x->c, "CGO_ENABLED", &s);
	if (s.value && (s.src == GT_SRC_ENV || s.src == GT_SRC_USER || s.src == GT_SRC_GOROOT)) {
		if (strcmp(s.value, "0"))
			return NULL; /* set, but not off: the trace does not say why cgo was off */
		src = ge_src_text(x, &s);
		f = ge_cause(x, "CGO_ENABLED=%s from %s turned cgo off, and %s needs it", s.value, src, x->cap[0]);
		free(src);
		ge_setting_evidence(x, f, &s);
		ge_said(x, f);
		ge_setting_fix(x, f, &s, "1");
		return f;
	}
	if (s.src == GT_SRC_UNKNOWN)
		return NULL;
	/* a cross build: GOARCH other than the host's, or GOOS other than linux (gotrace traces on Linux) */
	gt_goconf_setting(x->c, "GOARCH", &s);
	gt_goconf_setting(x->c, "GOOS", &os);
	if (!(s.value && ha && strcmp(s.value, ha) && s.src != GT_SRC_UNKNOWN) &&
	    os.value && strcmp(os.value, "linux") && os.src != GT_SRC_UNKNOWN)
		s = os;
	if (s.value && s.src != GT_SRC_UNKNOWN &&
	    ((!strcmp(s.name, "GOARCH") && ha && strcmp(s.value, ha)) || (!strcmp(s.name, "GOOS") && strcmp(s.value, "linux")))) {
		src = ge_src_text(x, &s);
		f = ge_cause(x, "%s=%s from %s makes this a cross build (the host is linux/%s), for which cgo is off "
			  "unless CGO_ENABLED=1; %s needs cgo", s.name, s.value, src, ha ? ha : "?", x->cap[0]);
		free(src);
		ge_setting_evidence(x, f, &s);
		ge_said(x, f);
		ge_setting_fix(x, f, &s, NULL);
		return f;
	}
	gt_goconf_setting(x->c, "CC", &cc);
	if (cc.src == GT_SRC_UNKNOWN)
		return NULL;
	prog = cc.value && cc.value[0] ? cc.value : "gcc";
	f = ge_cause(x, "cgo was off by go's default: CGO_ENABLED is set nowhere and the C compiler %s%s is in none of "
		  "PATH's directories (go 1.20 and later turn cgo off then); %s needs cgo", prog,
		  cc.value ? " (CC)" : "", x->cap[0]);
	if (cc.value)
		ge_setting_evidence(x, f, &cc);
	where = ge_path_evidence(x, f, prog, cc.value ? NULL : "cc");
	if (where == 1) {
		/* the compiler is there now: the trace cannot tell why go did not find it */
		free(f->verdict);
		f->verdict = gt_xasprintf("cgo was off and %s needs it; CGO_ENABLED is set nowhere, and %s is on "
					  "PATH now: whether it was when go ran is not in the trace", x->cap[0], prog);
	} else if (where == 0) {
		/* PATH's directories looked at now, not go's lookups */
		char *v = gt_xasprintf("%s (PATH's directories read after the run)", f->verdict);
		free(f->verdict);
		f->verdict = v;
	}
	ge_said(x, f);
	gt_finding_fix(f, "install a C compiler (Debian: apt-get install gcc) or add its directory to PATH; "
		       "or CC=/path/to/compiler");
	return f;
}

/* cgo: C compiler "X" not found: CC, or gcc by default, on no PATH directory. */
struct gt_finding *ge_rule_cc_missing(struct gectx *x)
{
	struct gt_setting cc;
	struct gt_finding *f;
	char *src = NULL;
	int named;

	gt_goconf_setting(x->c, "CC", &cc);
	named = cc.value && cc.src != GT_SRC_UNKNOWN && cc.src != GT_SRC_DEFAULT;
	if (named) {
		src = ge_src_text(x, &cc);
		f = ge_cause(x, "CC=%s from %s names a C compiler go cannot find: cgo needs it", cc.value, src);
		ge_setting_evidence(x, f, &cc);
		free(src);
	} else {
		f = ge_cause(x, "the C compiler %s (%s) is not where go looked: cgo needs it", x->cap[0],
			     cc.src == GT_SRC_UNKNOWN ? "where CC came from is not in this trace"
						      : "go's default; CC is set nowhere");
	}
	ge_path_evidence(x, f, x->cap[0], named ? NULL : "cc");
	ge_said(x, f);
	if (named)
		ge_setting_fix(x, f, &cc, "gcc");
	else
		gt_finding_fix(f, "install a C compiler (Debian: apt-get install gcc) or add its directory to PATH; "
			       "or CGO_ENABLED=0 when the build needs no C");
	return f;
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
		src = ge_src_text(x, &s);
		f = ge_cause(x, "%s=%s from %s: %s", s.name, s.value, src, x->e->what);
		free(src);
		ge_setting_evidence(x, f, &s);
	} else {
		/* (its own index: I must still say that no name was set, for the fix below) */
		for (size_t k = 0; base[k]; k++) {
			const char *v = gt_env_get(x->c->env, base[k]);
			snprintf(basev + strlen(basev), sizeof(basev) - strlen(basev), "%s%s=%s", k ? ", " : "",
				 base[k], v ? v : "(unset)");
		}
		f = ge_cause(x, "%s set nowhere, so go derives the directory from the environment (%s): %s",
			  unset, basev, x->e->what);
		gt_finding_evidence(f, GT_AT(x->c->go->pid, x->c->x->t, x->c->x->line), "the environment go was started with: %s", basev);
	}
	if (dir && dir[0] == '/') {
		/* go's own failed mkdir or stat on the way to DIR, when the trace records them */
		for (size_t k = 0; k < x->m->nfsfails; k++) {
			const struct gt_mfsfail *ff = &x->m->fsfails[k];
			size_t n = strlen(ff->path);
			if (!n || ff->p != x->c->go || strncmp(dir, ff->path, n) || (dir[n] && dir[n] != '/'))
				continue;
			gt_finding_evidence(f, GT_AT(ff->p->pid, ff->t, ff->line), "go's %s of %s failed: %s", ff->call,
					    ff->path, ff->err);
			break;
		}
		ge_dir_owner_evidence(f, dir);
		if (GT_HAS(x->m->run, run, uid))
			gt_finding_evidence(f, GT_AT(0, 0, 1), "go ran as %s (uid %lld)", x->m->run->user ?: "?",
					    x->m->run->uid);
	}
	ge_said(x, f);
	if (names[i])
		ge_setting_fix(x, f, &s, NULL);
	if (!f->fix)
		gt_finding_fix(f, "export %s=DIR (an absolute directory this user can write)", names[0]);
	return f;
}

/* "failed to initialize build cache at DIR: ERR", "GOCACHE is not defined and ..." */
struct gt_finding *ge_rule_gocache(struct gectx *x)
{
	static const char *const names[] = {"GOCACHE", NULL}, *const base[] = {"XDG_CACHE_HOME", "HOME", NULL};
	char dir[512];

	snprintf(dir, sizeof(dir), "%s", x->e->variant ? "" : x->cap[1]);
	return dir_setting(x, names, base, dir);
}

/* "could not create module cache: mkdir DIR: ...", "neither GOMODCACHE nor GOPATH is set", "GOPATH entry is relative" */
struct gt_finding *ge_rule_modcache(struct gectx *x)
{
	static const char *const names[] = {"GOMODCACHE", "GOPATH", NULL}, *const gp[] = {"GOPATH", NULL};
	static const char *const base[] = {"HOME", NULL};
	char dir[512] = "";

	if (x->e->variant == 1 && strchr(x->cap[1], '/')) /* "mkdir DIR: ERR", "stat DIR: ERR" */
		snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(strchr(x->cap[1], '/'), ":"), strchr(x->cap[1], '/'));
	return dir_setting(x, x->e->variant == 2 ? gp : names, base, dir);
}

/* "unsupported GOOS/GOARCH pair": GOARCH when it was set, else GOOS */
struct gt_finding *ge_rule_goosarch(struct gectx *x)
{
	struct gt_goerr e = *x->e;
	const struct gt_goerr *was = x->e;
	struct gt_setting s;
	struct gt_finding *f;

	gt_goconf_setting(x->c, "GOARCH", &s);
	if (!s.value || s.src == GT_SRC_DEFAULT)
		e.setting = "GOOS";
	x->e = &e;
	f = ge_rule_setting(x);
	x->e = was;
	return f;
}

/* "GOPROXY list is not the empty string, but contains no entries" */
struct gt_finding *ge_rule_proxy_empty(struct gectx *x)
{
	const struct gt_envfile *g = &x->c->goenv;
	struct gt_setting s;
	struct gt_finding *f;

	gt_goconf_setting(x->c, "GOPROXY", &s);
	if (s.value || s.src == GT_SRC_UNKNOWN)
		return ge_rule_setting(x);
	if (g->state == GT_FILE_ABSENT) {
		f = ge_cause(x, "GOPROXY is set nowhere and $GOROOT/go.env, which gives go its GOPROXY, is missing: %s", g->path);
		gt_finding_evidence(f, GT_AT(g->open_pid, g->open_t, g->open_line), "go's open of %s failed", g->path);
	} else {
		f = ge_cause(x, "GOPROXY is set nowhere: not in the environment, the user go env file, nor $GOROOT/go.env "
			  "(%s), which upstream Go ships with GOPROXY=https://proxy.golang.org,direct", g->path ? g->path : "?");
		if (g->open_line)
			gt_finding_evidence(f, GT_AT(g->open_pid, g->open_t, g->open_line),
					    "go opened %s (no GOPROXY line in it, %s)", g->path,
					    g->after ? "read after the run" : "as the trace recorded it");
	}
	ge_said(x, f);
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
struct gt_finding *ge_rule_tc_unavailable(struct gectx *x)
{
	struct gt_setting s, px;
	const struct gt_mopen *mo = ge_go_read(x, "go.work") ? ge_go_read(x, "go.work") : ge_go_read(x, "go.mod");
	struct gt_finding *f;
	char ver[64], asked[1200], *src, *psrc;
	const char *when = "";
	long gl = 0;

	gt_goconf_setting(x->c, "GOTOOLCHAIN", &s);
	gt_goconf_setting(x->c, "GOPROXY", &px);
	if (px.src == GT_SRC_UNKNOWN || s.src == GT_SRC_UNKNOWN)
		return NULL;
	src = ge_src_text(x, &s);
	if (s.value && !strncmp(s.value, "go1", 3))
		snprintf(asked, sizeof(asked), "GOTOOLCHAIN=%s from %s asks for it", s.value, src);
	else if (mo && ((gl = ge_go_line(x->m, mo->path, "toolchain", ver, sizeof(ver), &when)) ||
			(gl = ge_go_line(x->m, mo->path, "go", ver, sizeof(ver), &when))))
		snprintf(asked, sizeof(asked), "%s asks for it (line %ld)", mo->path, gl);
	else
		snprintf(asked, sizeof(asked), "the module asks for it");
	free(src);
	psrc = ge_src_text(x, &px);
	if (px.value && !strcmp(px.value, "off"))
		f = ge_cause(x, "GOPROXY=off from %s: go may not download %s, and %s", psrc, x->cap[0], asked);
	else
		f = ge_cause(x, "%s, a toolchain GOPROXY=%s (from %s) did not give: %s", x->cap[0],
			  px.value ? px.value : "(unset)", psrc, asked);
	free(psrc);
	if (s.value && !strncmp(s.value, "go1", 3))
		ge_setting_evidence(x, f, &s);
	else if (gl)
		gt_finding_evidence(f, GT_AT_FILE(mo->p->pid, mo->t, mo->line, mo->path, gl),
				    "%s (go opened %s; the line %s)", ver, mo->path, when);
	if (px.value)
		ge_setting_evidence(x, f, &px);
	ge_said(x, f);
	if (px.value && !strcmp(px.value, "off"))
		ge_setting_fix(x, f, &px, "https://proxy.golang.org,direct");
	else
		gt_finding_fix(f, "name a released version (go 1.21 and later are released as go1.N.P; go1.N.0 is the first "
			       "release of 1.N), or put that go first on PATH as %s", x->cap[0]);
	return f;
}




/* Whether every non-test Go file in DIR (read now) imports "C"; 0 when it has none. */
static int all_cgo(const char *dir)
{
	char cmd[4400], line[512];
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0, cgo = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		FILE *f;
		int has = 0;
		if (l < 4 || strcmp(de->d_name + l - 3, ".go") || (l > 8 && !strcmp(de->d_name + l - 8, "_test.go")))
			continue;
		snprintf(cmd, sizeof(cmd), "%s/%s", dir, de->d_name);
		if (!(f = fopen(cmd, "r")))
			continue;
		while (!has && fgets(line, sizeof(line), f))
			has = !strncmp(line, "import \"C\"", 10);
		fclose(f);
		n++;
		cgo += has;
	}
	closedir(d);
	return n > 0 && cgo == n;
}

/*
 * "build constraints exclude all Go files in DIR": the cgo rule, when
 * every Go file there imports "C" (read after the run) and cgo was off by
 * a setting, a cross build or no C compiler on PATH; else no claim (the
 * files may be excluded by tags).
 */
struct gt_finding *ge_rule_cgo_pkg(struct gectx *x)
{
	struct gt_setting s, cc, ga, os;
	const char *ha = ge_host_goarch(x);
	char dir[600], p[4200];
	int off = 0;

	snprintf(dir, sizeof(dir), "%s", x->cap[1]);
	if (!all_cgo(dir))
		return NULL;
	gt_goconf_setting(x->c, "CGO_ENABLED", &s);
	if (s.src == GT_SRC_UNKNOWN || (s.value && strcmp(s.value, "0")))
		return NULL; /* unknown, or set on: not cgo's doing */
	if (s.value)
		off = 1;
	gt_goconf_setting(x->c, "GOARCH", &ga);
	gt_goconf_setting(x->c, "GOOS", &os);
	if (!off && ((ga.value && ha && strcmp(ga.value, ha)) || (os.value && strcmp(os.value, "linux"))))
		off = 1;
	gt_goconf_setting(x->c, "CC", &cc);
	if (!off && cc.src != GT_SRC_UNKNOWN &&
	    !ge_on_path(gt_env_get(x->c->env, "PATH"), cc.value && cc.value[0] ? cc.value : "gcc", p, sizeof(p)))
		off = 1;
	if (!off)
		return NULL;
	snprintf(x->cap[0], sizeof(x->cap[0]), "the package in %.400s (each of its Go files imports \"C\", read after "
		 "the run)", dir);
	return ge_rule_cgo_off(x);
}


/* "go: creating work dir: ...": GOTMPDIR when it is set, else TMPDIR as go had it (os.TempDir). */
struct gt_finding *ge_rule_workdir(struct gectx *x)
{
	struct gt_setting s;
	struct gt_finding *f;
	const char *tmp;

	gt_goconf_setting(x->c, "GOTMPDIR", &s);
	if (s.value || s.src == GT_SRC_UNKNOWN)
		return ge_rule_setting(x);
	tmp = gt_env_get(x->c->env, "TMPDIR");
	if (!tmp || !tmp[0])
		return NULL; /* /tmp itself: nothing set to blame */
	f = ge_cause(x, "TMPDIR=%s in the environment go was started with (GOTMPDIR set nowhere): %s", tmp, x->e->what);
	gt_finding_evidence(f, GT_AT(x->c->go->pid, x->c->x->t, x->c->x->line), "TMPDIR=%s in the environment go was started with", tmp);
	if (tmp[0] == '/')
		ge_dir_owner_evidence(f, tmp);
	ge_said(x, f);
	gt_finding_fix(f, "point TMPDIR (or GOTMPDIR) at a directory that exists and this user can write, or unset it");
	return f;
}

/*
 * "M@V: replacement directory DIR does not exist": the replace line of the
 * go.work or go.mod go read that names DIR (its line as the trace recorded it),
 * and go's own failed look at it when the trace has it.
 */
struct gt_finding *ge_rule_replace_missing(struct gectx *x)
{
	static const char *const files[] = {"go.work", "go.mod"};
	const char *dir = x->cap[1], *m = strrchr(x->cap[0], ' ');
	const struct gt_cfile *cf = NULL;
	const struct gt_mopen *o = NULL;
	struct gt_finding *f;
	char mod[512];
	long at = 0;
	size_t i, k, dl = strlen(dir);

	m = m ? m + 1 : x->cap[0];
	snprintf(mod, sizeof(mod), "%.*s", (int)strcspn(m, "@"), m);
	for (i = 0; i < GT_ARRAY_SIZE(files) && !at; i++) {
		if (!(o = ge_go_read(x, files[i])))
			continue;
		cf = gt_model_settings(x->m, o->path, GT_GS_NONE);
		for (k = 0; !at && k < cf->s.n; k++) {
			const char *arrow = strstr(cf->s.v[k].value, "=> "), *t;
			if (strcmp(cf->s.v[k].name, "replace") || !arrow)
				continue;
			t = arrow + 3;
			if (!strncmp(t, dir, dl) && (t[dl] == 0 || t[dl] == ' '))
				at = cf->s.v[k].line;
		}
	}
	if (!at)
		return NULL;
	f = ge_cause(x, "%s line %ld replaces %s with the directory %s, which does not exist", o->path, at, mod, dir);
	gt_finding_evidence(f, GT_AT_FILE(o->p->pid, o->t, o->line, o->path, at),
			    "the replace line (go opened %s; the line %s)", o->path, gt_cf_when(cf));
	for (k = 0; k < x->m->nfsfails; k++) {
		const struct gt_mfsfail *ff = &x->m->fsfails[k];
		size_t n = strlen(ff->path);
		const char *rel = dir[0] == '.' ? dir + strspn(dir, "./") : dir;
		/* go's stat of that directory (absolute in the trace; DIR as written may be relative) */
		if (ff->p == x->c->go && n >= strlen(rel) && rel[0] && !strcmp(ff->path + n - strlen(rel), rel) && dl) {
			gt_finding_evidence(f, GT_AT(ff->p->pid, ff->t, ff->line), "go's %s of %s failed: %s", ff->call,
					    ff->path, ff->err);
			break;
		}
	}
	/* or go's failed open of its go.mod there */
	for (k = 0; k < x->m->nopens; k++) {
		const struct gt_mopen *op = &x->m->opens[k];
		const char *b = dir + strspn(dir, "./");
		if (!op->ok && op->p == x->c->go && b[0] && strstr(op->path, b) &&
		    !strcmp(gt_base_name(op->path), "go.mod")) {
			gt_finding_evidence(f, GT_AT(op->p->pid, op->t, op->line), "go's open of %s failed: %s",
					    op->path, op->err);
			break;
		}
	}
	ge_said(x, f);
	{
		char q[1100];
		gt_finding_fix(f, "put the module at %s, or drop the replacement: go mod edit -dropreplace=%s%s", dir,
			       gt_sh_word(mod, q, sizeof(q)),
			       !strcmp(gt_base_name(o->path), "go.work") ? " (in go.work: go work edit -dropreplace)" : "");
	}
	return f;
}

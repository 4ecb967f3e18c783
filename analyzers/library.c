/*
 * Libraries (first part of GO-FACTS.md, "cgo and shared libraries"): a
 * program that could not start because ld.so found no file for a library
 * it needs, told from ld.so's own failed opens in that process and its
 * exit status 127; and where the same library was found at link time (ld's
 * opens in the same trace), which gives the fix.
 */
#include "analyzers.h"
#include "libfind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <glob.h>
#include <unistd.h>

static const char *base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* PATH with its directory resolved when it still exists (no "..", no links), into OUT. */
static const char *tidy(const char *path, char *out, size_t size)
{
	char d[PATH_MAX], r[PATH_MAX];
	const char *b = base_of(path);

	snprintf(out, size, "%s", path);
	if (b > path && strstr(path, "/..") && (size_t)(b - path) < sizeof(d)) {
		size_t rl, bl = strlen(b);
		snprintf(d, sizeof(d), "%.*s", (int)(b - path - 1), path);
		if (realpath(d, r) && (rl = strlen(r)) + bl + 2 <= size) {
			memcpy(out, r, rl);
			out[rl] = '/';
			memcpy(out + rl + 1, b, bl + 1);
		}
	}
	return out;
}

static int is_linker(const struct gt_mproc *p)
{
	const char *n = p->name;

	return n && (!strcmp(n, "ld") || !strcmp(n, "ld.bfd") || !strcmp(n, "ld.gold") ||
		     !strcmp(n, "ld.lld") || !strcmp(n, "collect2") ||
		     (strstr(n, "-ld") && (strstr(n, "ld.bfd") || strstr(n, "ld.gold") ||
					     !strcmp(n + strlen(n) - 3, "-ld"))));
}

/* Directory of PATH, without the glibc-hwcaps/tls subdirectories ld.so tries first. */
static void search_dir(const char *path, char *out, size_t size)
{
	const char *b = base_of(path);
	char *h;

	snprintf(out, size, "%.*s", (int)(b > path ? b - path - 1 : 0), path);
	if ((h = strstr(out, "/glibc-hwcaps/")) || (h = strstr(out, "/tls/")))
		*h = 0;
	else if (strlen(out) >= 4 && !strcmp(out + strlen(out) - 4, "/tls"))
		out[strlen(out) - 4] = 0;
	/* and the legacy platform subdirectories (DIR/x86_64/x86_64) */
	while (strlen(out) > 7 && !strcmp(out + strlen(out) - 7, "/x86_64"))
		out[strlen(out) - 7] = 0;
}

/* Linker names for a run-time soname: libfoo.so.1 -> "libfoo" */
static size_t stem_len(const char *soname)
{
	const char *so = strstr(soname, ".so");

	return so ? (size_t)(so - soname) : strlen(soname);
}

/* Directories the trace names for libraries: -L of every compiler and linker run, LD_LIBRARY_PATH of P. */
struct tdirs {
	char d[32][512];
	const char *v[32];
	size_t n;
};

static void tdirs_add(struct tdirs *t, const char *d, size_t len)
{
	size_t i;

	if (!len || d[0] != '/' || len >= sizeof(t->d[0]) || t->n >= 32)
		return;
	for (i = 0; i < t->n; i++)
		if (strlen(t->d[i]) == len && !strncmp(t->d[i], d, len))
			return;
	memcpy(t->d[t->n], d, len);
	t->d[t->n][len] = 0;
	t->v[t->n] = t->d[t->n];
	t->n++;
}

static void tdirs_fill(const struct gt_model *m, const struct gt_mproc *p, struct tdirs *t)
{
	size_t i, j;
	const char *llp = p && p->nexecs ? gt_env_get(p->execs[p->nexecs - 1].env, "LD_LIBRARY_PATH") : NULL;

	t->n = 0;
	while (llp && *llp) {
		size_t n = strcspn(llp, ":;");
		tdirs_add(t, llp, n);
		llp += n + (llp[n] != 0);
	}
	for (i = 0; i < m->nproc; i++) {
		json_t *v;
		const char *prev = "";
		json_array_foreach(m->procs[i]->argv, j, v) {
			const char *a = json_string_value(v);
			if (!a)
				continue;
			if (!strcmp(prev, "-L"))
				tdirs_add(t, a, strlen(a));
			else if (!strncmp(a, "-L", 2))
				tdirs_add(t, a + 2, strlen(a + 2));
			prev = a;
		}
	}
}

/* The ELF class a process P needs: from its interpreter, else its file. */
static int proc_class(const struct gt_mproc *p)
{
	const struct gt_mexec *x = p->nexecs ? &p->execs[p->nexecs - 1] : NULL;
	int c;

	if (x && x->interp && strstr(x->interp, "x86-64"))
		return 2;
	if (x && x->interp && strstr(x->interp, "ld-linux.so.2"))
		return 1;
	if (x && (c = gt_elf_class(x->exe ? x->exe : x->path)))
		return c;
	return sizeof(void *) == 8 ? 2 : 1;
}

enum disk_for { FOR_RUN, FOR_LINK };

/*
 * What is on disk for a library that was not found: evidence and fix on F.
 * STEM is "libfoo"; SONAME the exact name wanted at run time (NULL at link
 * time); CLS the ELF class wanted. Returns the number of files found.
 */
static size_t on_disk(struct gt_finding *f, const char *stem, const char *soname, int cls,
		      const struct tdirs *td, enum disk_for why)
{
	struct gt_libfile lf[16];
	size_t n = gt_lib_find(stem, td->v, td->n, lf, 16), i;
	const struct gt_libfile *exact = NULL, *other_cls = NULL, *runtime = NULL, *dev = NULL,
				*other_ver = NULL;
	char pkg[256], dir[1024];

	for (i = 0; i < n; i++) {
		const char *b = base_of(lf[i].path);
		size_t sl = strlen(stem);
		if (lf[i].cls && lf[i].cls != cls) {
			if (!other_cls && (!soname || !strcmp(b, soname)))
				other_cls = &lf[i];
			continue;
		}
		if (soname && !strcmp(b, soname))
			exact = exact ? exact : &lf[i];
		else if (!strcmp(b + sl, ".so") || !strcmp(b + sl, ".a"))
			dev = dev ? dev : &lf[i];
		else if (!strncmp(b + sl, ".so.", 4)) {
			/* libfoo.so.1 rather than libfoo.so.1.2.3 */
			if (!runtime || strlen(b) < strlen(base_of(runtime->path)))
				runtime = &lf[i];
			if (soname && !other_ver)
				other_ver = &lf[i];
		}
	}
	if (!n) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0,
				    "no %s.so, %s.so.* or %s.a exists on this machine (looked, when the "
				    "report was made, in %s%s%s)", stem, stem, stem, gt_lib_find_where,
				    td->n ? ": " : "", td->n ? td->v[0] : "");
		gt_finding_fix(f, "install the library (its development package to link against it), "
				  "or build it; then point %s at its directory",
			       why == FOR_LINK ? "-L in #cgo LDFLAGS" : "the rpath or LD_LIBRARY_PATH");
		return 0;
	}
	if (why == FOR_RUN && exact) {
		search_dir(exact->path, dir, sizeof(dir));
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s exists (%s, seen when the report was made): "
				    "a directory ld.so did not search for this program", exact->path,
				    exact->how);
		gt_finding_fix(f, "add -Wl,-rpath,%s to #cgo LDFLAGS (or CGO_LDFLAGS), export "
				  "LD_LIBRARY_PATH=%s, or add %s to /etc/ld.so.conf.d/ and run ldconfig",
			       dir, dir, dir);
	} else if (why == FOR_LINK && dev) {
		search_dir(dev->path, dir, sizeof(dir));
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s exists (%s, seen when the report was made), "
				    "in a directory ld did not search", dev->path, dev->how);
		gt_finding_fix(f, "add -L%s to #cgo LDFLAGS (or CGO_LDFLAGS)", dir);
	} else if (why == FOR_LINK && runtime) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0,
				    "%s exists (%s, seen when the report was made): a run-time library, "
				    "without the %s.so development link ld looks for", runtime->path,
				    runtime->how, stem);
		if (!gt_lib_owner(runtime->path, pkg, sizeof(pkg))) {
			gt_finding_evidence(f, 0, 0, 0, NULL, 0, "dpkg -S: %s belongs to package %s",
					    runtime->path, pkg);
			gt_finding_fix(f, "install the development package of %s (it has the %s.so link), "
					  "or link it yourself: ln -s %s %.*s/%s.so", pkg, stem,
				       base_of(runtime->path), (int)(base_of(runtime->path) - runtime->path - 1),
				       runtime->path, stem);
		} else {
			gt_finding_fix(f, "install the library's development package, or link it: "
					  "ln -s %s %.*s/%s.so", base_of(runtime->path),
				       (int)(base_of(runtime->path) - runtime->path - 1), runtime->path, stem);
		}
	} else if (why == FOR_RUN && other_ver) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0,
				    "only %s exists (%s, seen when the report was made): a different "
				    "soname version than the %s the program was linked against",
				    other_ver->path, other_ver->how, soname);
		gt_finding_fix(f, "install the version that provides %s, or rebuild the program "
				  "against the installed one", soname);
	} else if (other_cls) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "only %s exists (%s, seen when the report was "
				    "made), and it is %d-bit", other_cls->path, other_cls->how,
				    other_cls->cls == 1 ? 32 : 64);
		gt_finding_fix(f, "install the %d-bit %s", cls == 1 ? 32 : 64, soname ? soname : stem);
	} else {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s exists (%s, seen when the report was made)",
				    lf[0].path, lf[0].how);
	}
	if (why == FOR_RUN && (exact || dev) &&
	    !gt_lib_owner((exact ? exact : dev)->path, pkg, sizeof(pkg)))
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "dpkg -S: %s belongs to package %s",
				    (exact ? exact : dev)->path, pkg);
	return n;
}

/*
 * P's failed opens of a file named BASE between trace lines AFTER and
 * BEFORE: how many, the directories (folded, into DIRS) and the first.
 */
static unsigned tries(const struct gt_model *m, const struct gt_mproc *p, const char *base,
		      size_t after, size_t before, char *dirs, size_t size,
		      const struct gt_mopen **first)
{
	char dir[1024];
	unsigned n = 0;
	size_t k;

	dirs[0] = 0;
	*first = NULL;
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		if (o->p != p || o->ok || o->line <= after || o->line >= before ||
		    strcmp(base_of(o->path), base))
			continue;
		if (!n++)
			*first = o;
		search_dir(o->path, dir, sizeof(dir));
		if (!strstr(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < size)
			snprintf(dirs + strlen(dirs), size - strlen(dirs), "%s%s", dirs[0] ? ", " : "", dir);
	}
	return n;
}

/*
 * Where each candidate for LIB came from, as ld.so told the audit library
 * (ld_search events of P between trace lines AFTER and BEFORE), folded to
 * one list of directories per origin.
 */
static void origins(const struct gt_model *m, const struct gt_mproc *p, const char *lib,
		    size_t after, size_t before, struct gt_finding *f)
{
	static const char *const hows[] = {"LD_LIBRARY_PATH", "RPATH/RUNPATH", "ld.so.cache",
					   "default"};
	char text[2048] = "", dir[1024];
	size_t h, j, first_line = 0;
	double first_t = 0;
	json_t *ev;

	for (h = 0; h < sizeof(hows) / sizeof(hows[0]); h++) {
		char hd[1024] = "";
		json_array_foreach(m->ldsearch, j, ev) {
			const char *nm = json_string_value(json_object_get(ev, "name"));
			const char *how = json_string_value(json_object_get(ev, "how"));
			size_t line = (size_t)json_integer_value(json_object_get(ev, "line"));
			if (json_integer_value(json_object_get(ev, "pid")) != p->pid || !nm || !how ||
			    line <= after || line >= before || strcmp(how, hows[h]) ||
			    strcmp(base_of(nm), lib))
				continue;
			if (!first_line || line < first_line) {
				first_line = line;
				first_t = json_real_value(json_object_get(ev, "t"));
			}
			search_dir(nm, dir, sizeof(dir));
			if (!strstr(hd, dir) && strlen(hd) + strlen(dir) + 3 < sizeof(hd))
				snprintf(hd + strlen(hd), sizeof(hd) - strlen(hd), "%s%s", hd[0] ? ", " : "",
					 dir);
		}
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s: %s", text[0] ? "; " : "",
			 hows[h], hd[0] ? hd : "none");
	}
	if (first_line)
		gt_finding_evidence(f, p->pid, first_t, first_line, NULL, 0,
				    "candidates by origin (LD_AUDIT): %s", text);
}

static void one_missing(const struct gt_model *m, const struct gt_mproc *p, const char *lib,
			struct gt_findings *fs)
{
	struct gt_finding *f;
	char dirs[2048] = "", dir[1024];
	const struct gt_mopen *found = NULL, *first;
	const char *prog = p->nexecs ? p->execs[p->nexecs - 1].path : "?";
	size_t k, stem = stem_len(lib);
	unsigned ntried = 0;

	f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-missing",
			   "%s not found when %s started (pid %ld)", lib, prog, p->pid);
	ntried = tries(m, p, lib, 0, (size_t)-1, dirs, sizeof(dirs), &first);
	if (first)
		gt_finding_evidence(f, p->pid, first->t, first->line, NULL, 0,
				    "ld.so's first try: %s (%s)", first->path, first->err);
	gt_finding_evidence(f, p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0, NULL,
			    0, "ld.so tried %u paths in: %s", ntried, dirs);
	origins(m, p, lib, 0, p->exit_line ? p->exit_line : (size_t)-1, f);
	gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
	/* the same library at link time: ld opened libfoo.so (or the soname) somewhere */
	for (k = 0; k < m->nopens && !found; k++) {
		const struct gt_mopen *o = &m->opens[k];
		const char *b = base_of(o->path);
		if (o->ok && o->p && is_linker(o->p) && !strncmp(b, lib, stem) &&
		    !strncmp(b + stem, ".so", 3) && o->line < p->execs[0].line)
			found = o;
	}
	if (found) {
		search_dir(found->path, dir, sizeof(dir));
		gt_finding_evidence(f, found->p->pid, found->t, found->line, NULL, 0,
				    "at link time %s found %s", found->p->name, found->path);
		gt_finding_fix(f, "the directory is on no run-time path: add -Wl,-rpath,%s to "
				  "#cgo LDFLAGS (or CGO_LDFLAGS), or export LD_LIBRARY_PATH=%s", dir, dir);
	} else {
		struct tdirs td;
		char st[300];
		tdirs_fill(m, p, &td);
		snprintf(st, sizeof(st), "%.*s", (int)stem, lib);
		on_disk(f, st, lib, proc_class(p), &td, FOR_RUN);
	}
}

/* The ELF class a linker P links for: 32-bit with -m elf_i386 (gcc -m32). */
static int linker_class(const struct gt_mproc *p)
{
	size_t j;
	json_t *v;

	json_array_foreach(p->argv, j, v) {
		const char *a = json_string_value(v);
		if (a && (!strcmp(a, "elf_i386") || !strcmp(a, "-melf_i386")))
			return 1;
	}
	return 2;
}

/* NAME ("libfoo.so" / "libfoo.a") as the X of -lX; 0 if it is neither. */
static size_t lib_x(const char *name, const char **x)
{
	size_t n = strlen(name);

	if (strncmp(name, "lib", 3))
		return 0;
	*x = name + 3;
	if (n > 6 && !strcmp(name + n - 3, ".so"))
		return n - 6;
	if (n > 5 && !strcmp(name + n - 2, ".a"))
		return n - 5;
	return 0;
}

/* A -lX that ld searched for and did not find, in linker process P. */
static void link_missing(const struct gt_model *m, const struct gt_mproc *p, const char *x,
			 size_t xn, struct gt_findings *fs)
{
	struct gt_finding *f = NULL;
	char dirs[2048] = "", dir[1024];
	size_t k;
	unsigned n = 0;

	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		const char *ox;
		if (o->p != p || o->ok || lib_x(base_of(o->path), &ox) != xn || strncmp(ox, x, xn))
			continue;
		if (!f) {
			char pre[300];
			size_t j;
			/* the same -lX missing in an earlier link: one finding */
			snprintf(pre, sizeof(pre), "-l%.*s: ", (int)xn, x);
			for (j = 0; j < fs->n; j++)
				if (!strcmp(fs->f[j].id, "library-link-missing") &&
				    !strncmp(fs->f[j].verdict, pre, strlen(pre))) {
					gt_finding_evidence(&fs->f[j], p->pid, o->t, o->line, NULL, 0,
							    "%s (pid %ld) failed to find it too", p->name, p->pid);
					return;
				}
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-link-missing",
					   "-l%.*s: %s found neither lib%.*s.so nor lib%.*s.a (pid %ld)",
					   (int)xn, x, p->name, (int)xn, x, (int)xn, x, p->pid);
			gt_finding_evidence(f, p->pid, o->t, o->line, NULL, 0, "first try: %s (%s)",
					    o->path, o->err);
		}
		n++;
		search_dir(o->path, dir, sizeof(dir));
		if (!strstr(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < sizeof(dirs)) {
			snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s%s",
				 dirs[0] ? ", " : "", dir);
		}
	}
	if (!f)
		return;
	gt_finding_evidence(f, p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0, NULL, 0,
			    "searched %u paths in: %s", n, dirs);
	gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
	{
		struct tdirs td;
		char st[300];
		tdirs_fill(m, NULL, &td);
		snprintf(st, sizeof(st), "lib%.*s", (int)xn, x);
		on_disk(f, st, NULL, linker_class(p), &td, FOR_LINK);
	}
}

/* A .pc file named WANT on this machine, outside the directories pkg-config searched (DIRS). */
static int pc_on_disk(const struct gt_model *m, const struct gt_mproc *p, const char *want,
		      const char *dirs, char *out, size_t size)
{
	static const char *const pats[] = {"/opt/*/lib/pkgconfig", "/opt/*/lib64/pkgconfig",
					   "/opt/*/share/pkgconfig", "/opt/*/lib/*/pkgconfig",
					   "/usr/local/*/lib/pkgconfig", "/usr/local/lib/*/pkgconfig"};
	struct tdirs td;
	char cand[1100];
	const char *home = gt_env_get(p->execs[p->nexecs - 1].env, "HOME");
	size_t i, k;
	glob_t g;

	/* DIR/pkgconfig of the -L and LD_LIBRARY_PATH directories of this trace; ~/.local */
	tdirs_fill(m, p, &td);
	if (home && home[0] == '/') {
		snprintf(cand, sizeof(cand), "%s/.local/lib", home);
		tdirs_add(&td, cand, strlen(cand));
	}
	for (i = 0; i < td.n; i++) {
		snprintf(cand, sizeof(cand), "%s/pkgconfig/%s", td.v[i], want);
		if (!access(cand, R_OK) && !strstr(dirs, td.v[i])) {
			snprintf(out, size, "%s", cand);
			return 1;
		}
	}
	for (k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		if (glob(pats[k], 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", g.gl_pathv[i], want);
			if (!access(cand, R_OK) && !strstr(dirs, g.gl_pathv[i])) {
				snprintf(out, size, "%s", cand);
				globfree(&g);
				return 1;
			}
		}
		globfree(&g);
	}
	return 0;
}

/* The package names a pkg-config run asked about (after its options, or after --). */
static int pc_package(json_t *argv, size_t j, int *dash)
{
	const char *a = json_string_value(json_array_get(argv, j));

	if (!j || !a)
		return 0;
	if (!strcmp(a, "--")) {
		*dash = 1;
		return 0;
	}
	return !((a[0] == '-' && !*dash) || strpbrk(a, " <>=") || strlen(a) > 250);
}

/* pkg-config runs: the package asked for, the .pc files tried, found or not, and its answer. */
static void pkgconfig(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k, j;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const struct gt_mexec *x;
		char opts[256] = "";
		int dash = 0;
		if (!p->nexecs || !p->exited)
			continue;
		x = &p->execs[p->nexecs - 1];
		if (!strstr(base_of(x->path), "pkg-config") && !strstr(base_of(x->path), "pkgconf"))
			continue;
		/* what it was asked: --cflags, --libs, --modversion ... */
		for (j = 1; j < json_array_size(x->argv); j++) {
			const char *a = json_string_value(json_array_get(x->argv, j));
			if (!a || !strcmp(a, "--"))
				break;
			if (!strncmp(a, "--", 2) && strlen(opts) + strlen(a) + 2 < sizeof(opts))
				snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), "%s%s",
					 opts[0] ? " " : "", a);
		}
		for (j = 0; j < json_array_size(x->argv); j++) {
			const char *pkg = json_string_value(json_array_get(x->argv, j)), *ppath;
			char want[300], pre[320], dirs[2048], where[1100];
			const struct gt_mopen *found = NULL, *first;
			struct gt_finding *f = NULL;
			unsigned tried;
			if (!pc_package(x->argv, j, &dash))
				continue;
			snprintf(want, sizeof(want), "%s.pc", pkg);
			for (k = 0; k < m->nopens && !found; k++)
				if (m->opens[k].p == p && m->opens[k].ok && !strcmp(base_of(m->opens[k].path), want))
					found = &m->opens[k];
			tried = tries(m, p, want, 0, found ? found->line : (size_t)-1, dirs, sizeof(dirs),
				      &first);
			ppath = gt_env_get(x->env, "PKG_CONFIG_PATH");
			snprintf(pre, sizeof(pre), "pkg-config %s: ", pkg);
			for (k = 0; k < fs->n; k++)
				if (!strncmp(fs->f[k].id, "pkg-config", 10) && !strncmp(fs->f[k].verdict, pre, strlen(pre)))
					f = &fs->f[k];
			if (found) {
				if (!f || strcmp(f->id, "pkg-config")) {
					f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "pkg-config",
							   "pkg-config %s: %s%s%s%s", pkg, found->path,
							   ppath ? " (PKG_CONFIG_PATH=" : "", ppath ? ppath : "",
							   ppath ? ", from the environment go passed)" : "");
					f->t = found->t;
				}
				gt_finding_evidence(f, p->pid, found->t, found->line, NULL, 0,
						    "pkg-config %s (pid %ld) opened %s%s%s", opts, p->pid,
						    found->path, tried ? " after trying " : "", tried ? dirs : "");
				if (p->out.len) {
					size_t n = 0;
					/* its first line, without the trailing blank pkg-config leaves */
					while (n < p->out.len && p->out.p[n] != '\n')
						n++;
					while (n && p->out.p[n - 1] == ' ')
						n--;
					gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0,
							    "pkg-config %s returned: %.*s", opts, (int)n,
							    n ? p->out.p : "(nothing)");
				}
			} else if (gt_mproc_failed(p) && first && !f) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "pkg-config-missing",
						   "pkg-config %s: no %s in %s%s%s%s", pkg, want, dirs,
						   ppath ? " (PKG_CONFIG_PATH=" : " (PKG_CONFIG_PATH unset",
						   ppath ? ppath : "", ")");
				gt_finding_evidence(f, p->pid, first->t, first->line, NULL, 0,
						    "first try: %s (%s)", first->path, first->err);
				gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0,
						    "pkg-config exited %d after %u tries", p->code, tried);
				if (pc_on_disk(m, p, want, dirs, where, sizeof(where))) {
					gt_finding_evidence(f, 0, 0, 0, NULL, 0,
							    "%s exists (seen when the report was made)", where);
					gt_finding_fix(f, "export PKG_CONFIG_PATH=%.*s%s%s", (int)(base_of(where) - where - 1),
						       where, ppath ? ":" : "", ppath ? ppath : "");
				} else {
					gt_finding_evidence(f, 0, 0, 0, NULL, 0, "no %s found elsewhere either (looked in "
							    "the trace's -L directories' pkgconfig, ~/.local/lib/pkgconfig, "
							    "/opt/*/{lib,lib64,share}/pkgconfig)", want);
					gt_finding_fix(f, "install the package's development files, or add the "
							  "directory that holds %s to PKG_CONFIG_PATH", want);
				}
			}
		}
	}
}

/*
 * ld.so found files but refused them: a symbol version the library lacks,
 * or a library of the other ELF class. ld.so's own message (captured from
 * its writev to fd 2) names the case; the opens and the file say the rest.
 */
static void refused(const struct gt_model *m, const struct gt_mproc *p, struct gt_findings *fs)
{
	const char *e = p->err.p, *end = e + p->err.len, *v, *q;
	struct gt_finding *f;
	char lib[1024], ver[256], by[1024];
	size_t k;

	if (!p->err.len)
		return;
	if ((v = memmem(e, p->err.len, ": version `", 11))) {
		/* "PROG: LIB: version `V' not found (required by X)" */
		for (q = v; q > e && q[-1] != ' ' && q[-1] != '\n'; q--)
			;
		snprintf(lib, sizeof(lib), "%.*s", (int)(v - q), q);
		q = memchr(v + 11, '\'', (size_t)(end - v - 11));
		if (!q)
			return;
		snprintf(ver, sizeof(ver), "%.*s", (int)(q - v - 11), v + 11);
		by[0] = 0;
		if ((q = memmem(q, (size_t)(end - q), "(required by ", 13))) {
			const char *r = memchr(q, ')', (size_t)(end - q));
			if (r)
				snprintf(by, sizeof(by), "%.*s", (int)(r - q - 13), q + 13);
		}
		/* the message must match what the trace shows ld.so loading */
		for (k = 0; k < m->nopens; k++)
			if (m->opens[k].p == p && m->opens[k].ok && !strcmp(m->opens[k].path, lib))
				break;
		if (k == m->nopens)
			return;
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-version",
				   "%s needs symbol version %s, which %s does not have", by[0] ? by : "the program",
				   ver, lib);
		gt_finding_evidence(f, p->pid, m->opens[k].t, m->opens[k].line, NULL, 0,
				    "ld.so loaded %s", lib);
		gt_finding_evidence(f, p->pid, p->t_exit, p->err_line, NULL, 0,
				    "ld.so: version `%s' not found", ver);
		gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
		gt_finding_fix(f, "run it where %s is new enough, or build it against the oldest "
				  "version of that library it must run with", base_of(lib));
		return;
	}
	if ((v = memmem(e, p->err.len, ": wrong ELF class: ", 19))) {
		const struct gt_mopen *bad = NULL;
		const char *n = memmem(e, p->err.len, "shared libraries: ", 18);
		if (!n)
			return;
		n += 18;
		snprintf(lib, sizeof(lib), "%.*s", (int)(v - n), n);
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			if (o->p == p && o->ok && !strcmp(base_of(o->path), lib) && gt_elf_class(o->path) &&
			    gt_elf_class(o->path) != (sizeof(void *) == 8 ? 2 : 1))
				bad = o;
		}
		if (!bad)
			return;
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-wrong-class",
				   "%s: the only %s ld.so found, %s, is %d-bit", p->nexecs ?
				   p->execs[p->nexecs - 1].path : "?", lib, bad->path,
				   gt_elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, p->pid, bad->t, bad->line, NULL, 0, "ld.so opened %s", bad->path);
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s is ELFCLASS%d (its header, read after the run)",
				    bad->path, gt_elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
		gt_finding_fix(f, "install the %d-bit %s, or point LD_LIBRARY_PATH / the rpath at the "
				  "directory that holds it", gt_elf_class(bad->path) == 1 ? 64 : 32, lib);
	}
}

/* The shim's dlopen events that failed: the name, dlerror's text, the search, what is on disk. */
static void dlopens(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j;
	json_t *ev, *ev2;

	json_array_foreach(m->dlopens, i, ev) {
		const char *name = json_string_value(json_object_get(ev, "name"));
		const char *err = json_string_value(json_object_get(ev, "error"));
		long pid = (long)json_integer_value(json_object_get(ev, "pid"));
		size_t line = (size_t)json_integer_value(json_object_get(ev, "line")), after = 0;
		double t = json_real_value(json_object_get(ev, "t"));
		const struct gt_mproc *p = NULL;
		const struct gt_mopen *first;
		struct gt_finding *f;
		char dirs[2048], key[600];
		unsigned n, again = 0;
		int cause;

		if (json_is_true(json_object_get(ev, "ok")) || !name)
			continue;
		/* once per process and name; later failures are counted */
		json_array_foreach(m->dlopens, j, ev2) {
			const char *n2 = json_string_value(json_object_get(ev2, "name"));
			if (j >= i)
				break;
			if (json_integer_value(json_object_get(ev2, "pid")) == pid) {
				after = (size_t)json_integer_value(json_object_get(ev2, "line"));
				if (n2 && !strcmp(n2, name) && !json_is_true(json_object_get(ev2, "ok")))
					again = 1;
			}
		}
		if (again)
			continue;
		for (j = 0; j < m->nproc; j++)
			if (m->procs[j]->pid == pid && m->procs[j]->t_start <= t)
				p = m->procs[j];
		if (!p)
			continue;
		/* the program failed and said so: this is why */
		snprintf(key, sizeof(key), "%s", name);
		cause = gt_mproc_failed(p) && p->err.len && memmem(p->err.p, p->err.len, key, strlen(key));
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, cause ? GT_SEV_CAUSE : GT_SEV_WARNING,
				   "library-dlopen", "dlopen(\"%s\") failed in %s (pid %ld)", name,
				   p->nexecs ? p->execs[p->nexecs - 1].path : gt_pname(p), pid);
		f->t = t;
		gt_finding_evidence(f, pid, t, line, NULL, 0, "dlerror: %s", err ? err : "(none)");
		if (strchr(name, '/')) {
			gt_finding_evidence(f, pid, t, line, NULL, 0,
					    "the name has a slash: ld.so opens that file and searches nothing");
			continue;
		}
		n = tries(m, p, name, after, line, dirs, sizeof(dirs), &first);
		if (n)
			gt_finding_evidence(f, pid, first->t, first->line, NULL, 0,
					    "ld.so tried %u paths in: %s; first: %s (%s)", n, dirs, first->path,
					    first->err);
		origins(m, p, name, after, line, f);
		if (err && strstr(err, "No such file")) {
			struct tdirs td;
			char st[300];
			tdirs_fill(m, p, &td);
			snprintf(st, sizeof(st), "%.*s", (int)stem_len(name), name);
			on_disk(f, st, name, proc_class(p), &td, FOR_RUN);
		}
		if (cause)
			gt_finding_evidence(f, pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
	}
}

/* The dlopens that worked, one finding per process: name and the file loaded. */
static void dlopens_ok(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j;
	json_t *ev, *ev2;

	json_array_foreach(m->dlopens, i, ev) {
		long pid = (long)json_integer_value(json_object_get(ev, "pid"));
		char list[2048] = "";
		struct gt_finding *f;
		const struct gt_mproc *p;
		unsigned n = 0;
		int earlier = 0;
		if (!json_is_true(json_object_get(ev, "ok")))
			continue;
		json_array_foreach(m->dlopens, j, ev2) {
			const char *name = json_string_value(json_object_get(ev2, "name"));
			const char *file = json_string_value(json_object_get(ev2, "file"));
			char one[1200];
			if (json_integer_value(json_object_get(ev2, "pid")) != pid ||
			    !json_is_true(json_object_get(ev2, "ok")) || !name)
				continue;
			if (j < i) {
				earlier = 1; /* this process has its finding already */
				break;
			}
			snprintf(one, sizeof(one), "%s%s%s", name, file && strcmp(file, name) ? " → " : "",
				 file && strcmp(file, name) ? file : "");
			if (strstr(list, one))
				continue;
			n++;
			if (strlen(list) + strlen(one) + 3 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 list[0] ? ", " : "", one);
		}
		if (earlier)
			continue;
		p = gt_model_proc(m, pid);
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-dlopen-ok",
				   "%s (pid %ld) loaded %u librar%s with dlopen: %s", p ? gt_pname(p) : "?", pid,
				   n, n == 1 ? "y" : "ies", list);
		f->t = json_real_value(json_object_get(ev, "t"));
		gt_finding_evidence(f, pid, f->t, (size_t)json_integer_value(json_object_get(ev, "line")),
				    NULL, 0, "first: dlopen(\"%s\")",
				    json_string_value(json_object_get(ev, "name")) ?
				    json_string_value(json_object_get(ev, "name")) : "NULL");
	}
}

/*
 * glibc's NSS modules (libnss_NAME.so.2), loaded inside getaddrinfo and
 * getpwnam without a dlopen call: from ld.so's opens in each process.
 */
static void nss(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k, j;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char loaded[1024] = "", seen[1024] = " ";
		const struct gt_mopen *first_ok = NULL, *conf = NULL;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *b = base_of(o->path);
			char key[300], dirs[1024];
			const struct gt_mopen *first;
			struct gt_finding *f;
			int ok = 0;
			if (o->p != p)
				continue;
			if (o->ok && !strcmp(o->path, "/etc/nsswitch.conf"))
				conf = o;
			if (strncmp(b, "libnss_", 7) || !strstr(b, ".so") || strlen(b) > 250)
				continue;
			snprintf(key, sizeof(key), " %s ", b);
			if (strstr(seen, key))
				continue;
			if (strlen(seen) + strlen(key) < sizeof(seen))
				strcat(seen, key + 1);
			for (j = k; j < m->nopens && !ok; j++)
				if (m->opens[j].p == p && m->opens[j].ok && !strcmp(base_of(m->opens[j].path), b)) {
					ok = 1;
					if (!first_ok)
						first_ok = &m->opens[j];
					if (strlen(loaded) + strlen(m->opens[j].path) + 3 < sizeof(loaded))
						snprintf(loaded + strlen(loaded), sizeof(loaded) - strlen(loaded),
							 "%s%s", loaded[0] ? ", " : "", m->opens[j].path);
				}
			if (ok)
				continue;
			/* ld.so looked everywhere and found no such module */
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_WARNING, "library-nss-missing",
					   "NSS module %s is not installed: %s (pid %ld) skipped that source "
					   "for its lookups", b, gt_pname(p), p->pid);
			f->t = o->t;
			if (conf) {
				/* the line of nsswitch.conf that names it, read after the run */
				char mod[256], line[1024];
				long ln = 0, at = 0;
				FILE *cf = fopen(conf->path, "r");
				snprintf(mod, sizeof(mod), "%.*s", (int)(strstr(b, ".so") - b - 7), b + 7);
				while (cf && fgets(line, sizeof(line), cf)) {
					char *c = line;
					ln++;
					if (line[0] == '#')
						continue;
					while ((c = strstr(c, mod))) {
						size_t l = strlen(mod);
						if ((c == line || strchr(" \t:", c[-1])) && strchr(" \t\n[", c[l] ? c[l] : ' ')) {
							at = ln;
							break;
						}
						c += l;
					}
					if (at)
						break;
				}
				if (cf)
					fclose(cf);
				gt_finding_evidence(f, p->pid, conf->t, conf->line, at ? conf->path : NULL, at,
						    "%s read%s", conf->path, at ? "; this line names the module" : "");
			}
			tries(m, p, b, 0, (size_t)-1, dirs, sizeof(dirs), &first);
			gt_finding_evidence(f, p->pid, o->t, o->line, NULL, 0, "ld.so tried: %s (first: %s, %s)",
					    dirs, first ? first->path : o->path, o->err);
			gt_finding_fix(f, "install the package that provides %s, or remove the source from "
					  "/etc/nsswitch.conf", b);
		}
		if (first_ok) {
			struct gt_finding *f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-nss",
							      "%s (pid %ld) loaded NSS modules: %s",
							      gt_pname(p), p->pid, loaded);
			f->t = first_ok->t;
			gt_finding_evidence(f, p->pid, first_ok->t, first_ok->line, NULL, 0, "opened %s",
					    first_ok->path);
		}
	}
}

/* A user's program go built and ran (go run, go test): how it is linked. */
static int built_program(const struct gt_mproc *p)
{
	const char *path = p->nexecs ? p->execs[p->nexecs - 1].path : NULL;
	size_t n = path ? strlen(path) : 0;

	return path && strstr(path, "/go-build") &&
	       (strstr(path, "/exe/") || (n > 5 && !strcmp(path + n - 5, ".test")));
}

static void programs(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const struct gt_mexec *x;
		struct gt_finding *f;
		char libs[2048] = "";
		unsigned n = 0;
		if (!built_program(p))
			continue;
		x = &p->execs[p->nexecs - 1];
		if (x->linkage == 1) {
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-static",
					   "%s is statically linked: no shared library was searched for or "
					   "loaded when it ran (LD_LIBRARY_PATH and rpaths play no part)",
					   base_of(x->path));
			gt_finding_evidence(f, p->pid, x->t, x->line, NULL, 0,
					    "exec %s: no ELF interpreter", x->path);
			f->t = x->t;
			continue;
		}
		if (x->linkage != 2)
			continue;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			if (o->p != p || !o->ok || o->line < x->line || strncmp(base_of(o->path), "lib", 3) ||
			    !strstr(base_of(o->path), ".so") || !strcmp(base_of(o->path), "libgotrace.so") ||
			    !strcmp(base_of(o->path), "libgtaudit.so") || strstr(libs, o->path))
				continue; /* gotrace's own, and the audit library's copy of libc */
			n++;
			if (strlen(libs) + strlen(o->path) + 8 < sizeof(libs))
				snprintf(libs + strlen(libs), sizeof(libs) - strlen(libs), "%s%s",
					 libs[0] ? ", " : "", o->path);
		}
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-dynamic",
				   "%s is dynamically linked (%s); ld.so loaded %u librar%s%s%s",
				   base_of(x->path), x->interp, n, n == 1 ? "y" : "ies", n ? ": " : "", libs);
		gt_finding_evidence(f, p->pid, x->t, x->line, NULL, 0, "exec %s: interpreter %s",
				    x->path, x->interp);
		f->t = x->t;
	}
}

/* Each -lX a linker found: the file, and the tries before it. */
static void link_found(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		json_t *v;
		if (!is_linker(p) || !strncmp(p->name, "collect2", 8))
			continue;
		json_array_foreach(p->argv, j, v) {
			const char *a = json_string_value(v), *x, *out = "";
			const struct gt_mopen *ok = NULL, *first;
			struct gt_finding *f = NULL;
			char dirs[2048], pre[1400], file[1024];
			size_t xn, q;
			unsigned n;
			json_t *w;
			if (!a || strncmp(a, "-l", 2) || !a[2] || strlen(a) > 250 || !strcmp(a, "-lc") ||
			    !strcmp(a, "-lgcc") || !strcmp(a, "-lgcc_s"))
				continue;
			for (q = 1; q < j; q++) /* given twice: once */
				if (json_string_value(json_array_get(p->argv, q)) &&
				    !strcmp(json_string_value(json_array_get(p->argv, q)), a))
					break;
			if (q < j)
				continue;
			for (k = 0; k < m->nopens && !ok; k++) {
				const struct gt_mopen *o = &m->opens[k];
				xn = lib_x(base_of(o->path), &x);
				if (o->p == p && o->ok && xn == strlen(a + 2) && !strncmp(x, a + 2, xn))
					ok = o;
			}
			if (!ok)
				continue; /* not found: library-link-missing says why */
			n = tries(m, p, base_of(ok->path), 0, ok->line, dirs, sizeof(dirs), &first);
			json_array_foreach(p->argv, q, w) {
				const char *prev = q ? json_string_value(json_array_get(p->argv, q - 1)) : NULL;
				if (prev && !strcmp(prev, "-o") && json_string_value(w))
					out = json_string_value(w);
			}
			snprintf(pre, sizeof(pre), "%s: %s", a, tidy(ok->path, file, sizeof(file)));
			for (q = 0; q < fs->n; q++)
				if (!strcmp(fs->f[q].id, "library-link") && !strcmp(fs->f[q].verdict, pre))
					f = &fs->f[q];
			if (!f) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-link", "%s", pre);
				f->t = ok->t;
			}
			gt_finding_evidence(f, p->pid, ok->t, ok->line, NULL, 0,
					    "%s (pid %ld%s%s) opened it%s%s%s", p->name, p->pid,
					    out[0] ? ", -o " : "", out, n ? " after trying " : "",
					    n ? dirs : "", n ? " first" : "");
		}
	}
}

/* ld.so opened a library of the other ELF class, skipped it and went on to the right one. */
static void skipped_class(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k, j, e;
	json_t *ev;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		int cls;
		if (!p->nexecs || !m->ldsearch)
			continue;
		cls = proc_class(p);
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k], *good = NULL;
			const char *how = NULL;
			struct gt_finding *f;
			int c;
			if (o->p != p || !o->ok || strncmp(base_of(o->path), "lib", 3) ||
			    !strstr(base_of(o->path), ".so") || o->line < p->execs[p->nexecs - 1].line)
				continue;
			/* ld.so itself tried this path (the audit library says so) */
			json_array_foreach(m->ldsearch, e, ev)
				if (json_integer_value(json_object_get(ev, "pid")) == p->pid &&
				    json_string_value(json_object_get(ev, "name")) &&
				    !strcmp(json_string_value(json_object_get(ev, "name")), o->path))
					how = json_string_value(json_object_get(ev, "how"));
			if (!how || !(c = gt_elf_class(o->path)) || c == cls)
				continue;
			for (j = k + 1; j < m->nopens && !good; j++)
				if (m->opens[j].p == p && m->opens[j].ok &&
				    !strcmp(base_of(m->opens[j].path), base_of(o->path)) &&
				    gt_elf_class(m->opens[j].path) == cls)
					good = &m->opens[j];
			if (!good)
				continue; /* nothing after it: library-wrong-class, when ld.so said so */
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_WARNING, "library-wrong-class-skipped",
					   "wrong ELF class, skipped: ld.so found the %d-bit %s first (%s) and "
					   "went on to %s", c == 1 ? 32 : 64, o->path, how, good->path);
			f->t = o->t;
			gt_finding_evidence(f, p->pid, o->t, o->line, NULL, 0, "ld.so opened %s (ELFCLASS%d, "
					    "read after the run) and did not load it", o->path, c == 1 ? 32 : 64);
			gt_finding_evidence(f, p->pid, good->t, good->line, NULL, 0, "then opened %s",
					    good->path);
			gt_finding_fix(f, "keep %d-bit libraries out of the %s directories of %d-bit "
					  "programs: a program of the other class finds nothing there",
				       c == 1 ? 32 : 64, how, cls == 1 ? 32 : 64);
		}
	}
}

void gt_an_library(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k;

	pkgconfig(m, fs);
	dlopens(m, fs);
	dlopens_ok(m, fs);
	nss(m, fs);
	programs(m, fs);
	link_found(m, fs);
	skipped_class(m, fs);
	for (i = 0; i < m->nproc; i++)
		if (m->procs[i]->exited && m->procs[i]->code > 0 && m->procs[i]->nexecs)
			refused(m, m->procs[i], fs);

	/* link time: a linker that failed, and the -lX it never found */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char seen[1024] = " ";
		if (!is_linker(p) || !gt_mproc_failed(p))
			continue;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *x;
			size_t xn = lib_x(base_of(o->path), &x), j;
			char key[300];
			int found = 0;
			if (o->p != p || o->ok || !xn || xn > 250)
				continue;
			snprintf(key, sizeof(key), " %.*s ", (int)xn, x);
			if (strstr(seen, key))
				continue;
			if (strlen(seen) + strlen(key) < sizeof(seen))
				strcat(seen, key + 1);
			for (j = 0; j < m->nopens && !found; j++) {
				const char *y;
				found = m->opens[j].p == p && m->opens[j].ok &&
					lib_x(base_of(m->opens[j].path), &y) == xn && !strncmp(y, x, xn);
			}
			if (!found)
				link_missing(m, p, x, xn, fs);
		}
	}

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *missing = NULL;
		if (!p->exited || p->code != 127 || !p->nexecs)
			continue;
		/* a library ld.so tried and never opened in this process */
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k], *q;
			size_t j;
			int ok = 0;
			if (o->p != p || o->ok || strcmp(o->err, "ENOENT") || !strstr(base_of(o->path), ".so"))
				continue;
			for (j = 0; j < m->nopens && !ok; j++) {
				q = &m->opens[j];
				ok = q->p == p && q->ok && !strcmp(base_of(q->path), base_of(o->path));
			}
			if (!ok) {
				missing = base_of(o->path);
				break;
			}
		}
		/*
		 * ld.so gives up at the first library it cannot find: its
		 * last open in the process was an attempt at that library
		 */
		if (missing) {
			const struct gt_mopen *last = NULL;
			for (k = 0; k < m->nopens; k++)
				if (m->opens[k].p == p)
					last = &m->opens[k];
			if (last && !last->ok && !strcmp(base_of(last->path), missing))
				one_missing(m, p, missing, fs);
		}
	}
}

/*
 * Library searches in the trace, shared by the link-time and run-time
 * analyzers (library.c, libload.c): see libsearch.h.
 */
#include "libsearch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers.h"
#include "libfind.h"
#include "../common/util.h"

/* Directory of PATH, without the glibc-hwcaps/tls subdirectories ld.so tries first. */
void gt_lib_search_dir(const char *path, char *out, size_t size)
{
	const char *b = gt_base_name(path);
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
size_t gt_lib_stem_len(const char *soname)
{
	const char *so = strstr(soname, ".so");

	return so ? (size_t)(so - soname) : strlen(soname);
}

void gt_tdirs_add(struct gt_tdirs *t, const char *d, size_t len)
{
	size_t i;

	if (!len || d[0] != '/' || len >= sizeof(t->d[0]) || t->n >= GT_TDIRS_MAX)
		return;
	for (i = 0; i < t->n; i++)
		if (strlen(t->d[i]) == len && !strncmp(t->d[i], d, len))
			return;
	memcpy(t->d[t->n], d, len);
	t->d[t->n][len] = 0;
	t->v[t->n] = t->d[t->n];
	t->n++;
}

/*
 * Add the directories of a DT_RPATH/DT_RUNPATH list, $ORIGIN (or ${ORIGIN})
 * replaced by ORIGIN, the directory of the program's file. An entry with
 * another token ($LIB, $PLATFORM) is left out rather than guessed.
 */
void gt_tdirs_add_rpath(struct gt_tdirs *t, const char *list, const char *origin)
{
	char d[1024];

	while (list && *list) {
		size_t n = strcspn(list, ":");
		const char *rest = NULL;
		if (!strncmp(list, "$ORIGIN", 7))
			rest = list + 7;
		else if (!strncmp(list, "${ORIGIN}", 9))
			rest = list + 9;
		if (rest && origin) {
			int k = snprintf(d, sizeof(d), "%s%.*s", origin, (int)(n - (size_t)(rest - list)), rest);
			if (k > 0 && (size_t)k < sizeof(d) && !strchr(d + strlen(origin), '$')) {
				char *q;
				/* lexically clean "/a/b/../lib" as ld.so's lookups resolve it */
				while ((q = strstr(d, "/../")) && q > d) {
					char *s = q - 1;
					while (s > d && *s != '/')
						s--;
					memmove(s, q + 3, strlen(q + 3) + 1);
				}
				gt_tdirs_add(t, d, strlen(d));
			}
		} else if (!rest && !memchr(list, '$', n)) {
			gt_tdirs_add(t, list, n);
		}
		list += n + (list[n] != 0);
	}
}

/* gotrace's own libraries (the shim, the audit library): not the program's search */
static int gotrace_own(const char *path)
{
	const char *b = gt_base_name(path);

	return !strcmp(b, "libgotrace.so") || !strcmp(b, "libgtaudit.so") || strchr(path, '$');
}

/* Every -L directory any process of the run was given, into T. */
static void tdirs_link_dirs(const struct gt_model *m, struct gt_tdirs *t)
{
	size_t i, j;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_strv *argv = m->procs[i]->argv;
		const char *prev = "";
		for (j = 0; argv && j < argv->n; j++) {
			const char *a = argv->v[j];
			if (!a)
				continue;
			if (!strcmp(prev, "-L"))
				gt_tdirs_add(t, a, strlen(a));
			else if (!strncmp(a, "-L", 2))
				gt_tdirs_add(t, a + 2, strlen(a + 2));
			prev = a;
		}
	}
}

void gt_tdirs_fill(const struct gt_model *m, const struct gt_mproc *p, struct gt_tdirs *t)
{
	size_t i;
	const struct gt_mexec *x = p && p->nexecs ? &p->execs[p->nexecs - 1] : NULL;
	const char *llp = x ? gt_env_get(x->env, "LD_LIBRARY_PATH") : NULL;

	t->n = 0;
	while (llp && *llp) {
		size_t n = strcspn(llp, ":;");
		gt_tdirs_add(t, llp, n);
		llp += n + (llp[n] != 0);
	}
	/* the program's own search paths, from its ELF file as it was exec'd */
	if (x && (x->rpath || x->runpath)) {
		const char *file = x->exe ? x->exe : x->path;
		char origin[1024];
		snprintf(origin, sizeof(origin), "%.*s", (int)(gt_base_name(file) - file - (gt_base_name(file) > file)), file);
		gt_tdirs_add_rpath(t, x->runpath ? x->runpath : x->rpath, origin[0] == '/' ? origin : NULL);
	}
	/* every directory the loader of P tried a library in, and what LD_AUDIT heard */
	for (i = 0; p && i < m->nopens; i++) {
		const struct gt_mopen *o = &m->opens[i];
		char dir[1024];
		if (o->p != p || strncmp(gt_base_name(o->path), "lib", 3) ||
		    !strstr(gt_base_name(o->path), ".so") || gotrace_own(o->path))
			continue;
		gt_lib_search_dir(o->path, dir, sizeof(dir));
		gt_tdirs_add(t, dir, strlen(dir));
	}
	for (i = 0; p && i < m->nldsearch; i++) {
		const char *nm = m->ldsearch[i]->name;
		char dir[1024];
		if (m->ldsearch[i]->pid != p->pid || !nm || gotrace_own(nm))
			continue;
		gt_lib_search_dir(nm, dir, sizeof(dir));
		gt_tdirs_add(t, dir, strlen(dir));
	}
	tdirs_link_dirs(m, t);
}

/* The ELF class a process P needs: from its interpreter, else its file. */
int gt_lib_proc_class(const struct gt_mproc *p)
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

/* "NAME DIR/STEM.so", each quoted for the shell, for `ln -s` of the run-time library at PATH. */
static const char *ln_args(const char *path, const char *stem, char *out, size_t size)
{
	char link[1200], a[1400], b[1400];

	snprintf(link, sizeof(link), "%.*s/%s.so", (int)(gt_base_name(path) - path - 1), path, stem);
	snprintf(out, size, "%s %s", gt_sh_word(gt_base_name(path), a, sizeof(a)), gt_sh_word(link, b, sizeof(b)));
	return out;
}

/*
 * What is on disk for a library that was not found: evidence and fix on F.
 * STEM is "libfoo"; SONAME the exact name wanted at run time (NULL at link
 * time); CLS the ELF class wanted. Returns the number of files found.
 */
size_t gt_lib_on_disk(struct gt_finding *f, const char *stem, const char *soname, int cls,
		      const struct gt_tdirs *td, enum gt_disk_for why)
{
	struct gt_libfile lf[16];
	size_t n = gt_lib_find(stem, td->v, td->n, lf, 16), i;
	const struct gt_libfile *exact = NULL, *other_cls = NULL, *runtime = NULL, *dev = NULL,
				*other_ver = NULL;
	char pkg[256], dir[1024], lnq[3000];

	for (i = 0; i < n; i++) {
		const char *b = gt_base_name(lf[i].path);
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
			if (!runtime || strlen(b) < strlen(gt_base_name(runtime->path)))
				runtime = &lf[i];
			if (soname && !other_ver)
				other_ver = &lf[i];
		}
	}
	if (!n) {
		char all[4096] = "";
		size_t k;
		for (k = 0; k < td->n && strlen(all) + strlen(td->v[k]) + 8 < sizeof(all); k++)
			snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", k ? ", " : ": ", td->v[k]);
		if (k < td->n)
			snprintf(all + strlen(all), sizeof(all) - strlen(all), ", ...");
		gt_finding_note(f,
				"no %s.so, %s.so.* or %s.a found in any place searched (looked, when the "
				"report was made, in %s%s)", stem, stem, stem, gt_lib_find_where, all);
		gt_finding_fix(f, "install the library (its development package to link against it), "
				  "or build it; then point %s at its directory",
			       why == GT_FOR_LINK ? "-L in #cgo LDFLAGS" : "the rpath or LD_LIBRARY_PATH");
		return 0;
	}
	if (why == GT_FOR_RUN && exact) {
		gt_lib_search_dir(exact->path, dir, sizeof(dir));
		gt_finding_note(f,
				"%s exists (%s, seen when the report was made): "
				"a directory ld.so did not search for this program", exact->path, exact->how);
		char qw[2200];
		gt_sh_word(dir, qw, sizeof(qw));
		gt_finding_fix(f, "add -Wl,-rpath,%s to #cgo LDFLAGS (or CGO_LDFLAGS), export "
				  "LD_LIBRARY_PATH=%s, or add %s to /etc/ld.so.conf.d/ and run ldconfig",
			       qw, qw, qw);
	} else if (why == GT_FOR_LINK && dev) {
		gt_lib_search_dir(dev->path, dir, sizeof(dir));
		gt_finding_note(f, "%s exists (%s, seen when the report was made), " "in a directory ld did not search",
				dev->path, dev->how);
		char qw[2200];
		gt_finding_fix(f, "add -L%s to #cgo LDFLAGS (or CGO_LDFLAGS)", gt_sh_word(dir, qw, sizeof(qw)));
	} else if (why == GT_FOR_LINK && runtime) {
		gt_finding_note(f,
				"%s exists (%s, seen when the report was made): a run-time library, "
				"without the %s.so development link ld looks for", runtime->path, runtime->how, stem);
		if (!gt_lib_owner(runtime->path, pkg, sizeof(pkg))) {
			char devpkg[256], src[256];
			gt_finding_note(f, "dpkg -S: %s belongs to package %s", runtime->path, pkg);
			if (!gt_lib_dev_package(pkg, devpkg, sizeof(devpkg), src, sizeof(src))) {
				gt_finding_note(f,
						"dpkg-query and apt-cache (when the report was "
						"made): %s is built from source %s, whose development package is %s",
						pkg, src, devpkg);
				gt_finding_fix(f, "apt-get install %s (it has the %s.so link), or link it yourself: ln -s %s",
					       devpkg, stem, ln_args(runtime->path, stem, lnq, sizeof(lnq)));
			} else {
				gt_finding_fix(f, "install the development package of %s (it has the %s.so link), "
					       "or link it yourself: ln -s %s", pkg, stem,
					       ln_args(runtime->path, stem, lnq, sizeof(lnq)));
			}
		} else {
			gt_finding_fix(f, "install the library's development package, or link it: "
					  "ln -s %s", ln_args(runtime->path, stem, lnq, sizeof(lnq)));
		}
	} else if (why == GT_FOR_RUN && other_ver) {
		gt_finding_note(f,
				"only %s exists (%s, seen when the report was made): a different "
				"soname version than the %s the program was linked against", other_ver->path,
				other_ver->how, soname);
		gt_finding_fix(f, "install the version that provides %s, or rebuild the program "
				  "against the installed one", soname);
	} else if (other_cls) {
		gt_finding_note(f, "only %s exists (%s, seen when the report was " "made), and it is %d-bit",
				other_cls->path, other_cls->how, other_cls->cls == 1 ? 32 : 64);
		gt_finding_fix(f, "install the %d-bit %s", cls == 1 ? 32 : 64, soname ? soname : stem);
	} else {
		gt_finding_note(f, "%s exists (%s, seen when the report was made)", lf[0].path, lf[0].how);
	}
	if (why == GT_FOR_RUN && (exact || dev) &&
	    !gt_lib_owner((exact ? exact : dev)->path, pkg, sizeof(pkg)))
		gt_finding_note(f, "dpkg -S: %s belongs to package %s", (exact ? exact : dev)->path, pkg);
	return n;
}

/*
 * P's failed opens of a file named BASE between trace lines AFTER and
 * BEFORE: how many, the directories (folded, into DIRS) and the first.
 */
unsigned gt_lib_tries(const struct gt_model *m, const struct gt_mproc *p, const char *base,
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
		    strcmp(gt_base_name(o->path), base))
			continue;
		if (!n++)
			*first = o;
		gt_lib_search_dir(o->path, dir, sizeof(dir));
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
void gt_lib_origins(const struct gt_model *m, const struct gt_mproc *p, const char *lib,
		    size_t after, size_t before, struct gt_finding *f)
{
	static const char *const hows[] = {"LD_LIBRARY_PATH", "RPATH/RUNPATH", "ld.so.cache",
					   "default"};
	char text[2048] = "", dir[1024];
	size_t h, j, first_line = 0;
	double first_t = 0;

	for (h = 0; h < GT_ARRAY_SIZE(hows); h++) {
		char hd[1024] = "";
		for (j = 0; j < m->nldsearch; j++) {
			const struct gt_ev_ld_search *ev = m->ldsearch[j];
			const char *nm = ev->name, *how = ev->how;
			size_t line = ev->line;
			if (ev->pid != p->pid || !nm || !how ||
			    line <= after || line >= before || strcmp(how, hows[h]) ||
			    strcmp(gt_base_name(nm), lib))
				continue;
			if (!first_line || line < first_line) {
				first_line = line;
				first_t = ev->t;
			}
			gt_lib_search_dir(nm, dir, sizeof(dir));
			if (!strstr(hd, dir) && strlen(hd) + strlen(dir) + 3 < sizeof(hd))
				snprintf(hd + strlen(hd), sizeof(hd) - strlen(hd), "%s%.*s", hd[0] ? ", " : "",
					 (int)(sizeof(hd) - strlen(hd) - 3), dir);
		}
		if (!hd[0] && h == 1 && p->nexecs &&
		    (p->execs[p->nexecs - 1].runpath || p->execs[p->nexecs - 1].rpath)) {
			/* ld.so drops a directory that does not exist before LD_AUDIT hears of it */
			const struct gt_mexec *x = &p->execs[p->nexecs - 1];
			const char *file = x->exe ? x->exe : x->path;
			char origin[1024];
			struct gt_tdirs rt;
			size_t k;
			rt.n = 0;
			snprintf(origin, sizeof(origin), "%.*s",
				 (int)(gt_base_name(file) - file - (gt_base_name(file) > file)), file);
			gt_tdirs_add_rpath(&rt, x->runpath ? x->runpath : x->rpath, origin[0] == '/' ? origin : NULL);
			snprintf(hd, sizeof(hd), "none tried, though the program's %s names",
				 x->runpath ? "DT_RUNPATH" : "DT_RPATH");
			for (k = 0; k < rt.n && strlen(hd) + strlen(rt.v[k]) + 40 < sizeof(hd); k++)
				snprintf(hd + strlen(hd), sizeof(hd) - strlen(hd), "%s %s%s", k ? "," : "",
					 rt.v[k], access(rt.v[k], F_OK) ? " (does not exist now)" : "");
			if (!rt.n)
				snprintf(hd + strlen(hd), sizeof(hd) - strlen(hd), " \"%s\"",
					 x->runpath ? x->runpath : x->rpath);
		}
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s: %s", text[0] ? "; " : "",
			 hows[h], hd[0] ? hd : "none");
	}
	if (first_line)
		gt_finding_evidence(f, GT_AT(p->pid, first_t, first_line), "candidates by origin (LD_AUDIT): %s", text);
}

/*
 * Libraries (first part of GO-FACTS.md, "cgo and shared libraries"): a
 * program that could not start because ld.so found no file for a library
 * it needs, told from ld.so's own failed opens in that process and its
 * exit status 127; and where the same library was found at link time (ld's
 * opens in the same trace), which gives the fix.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

static const char *base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
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

static void one_missing(const struct gt_model *m, const struct gt_mproc *p, const char *lib,
			struct gt_findings *fs)
{
	struct gt_finding *f;
	char dirs[2048] = "", dir[1024];
	const struct gt_mopen *found = NULL;
	const char *prog = p->nexecs ? p->execs[p->nexecs - 1].path : "?";
	size_t k, stem = stem_len(lib);
	unsigned ntried = 0;

	f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-missing",
			   "%s not found when %s started (pid %ld)", lib, prog, p->pid);
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		if (o->p != p || o->ok || strcmp(base_of(o->path), lib))
			continue;
		ntried++;
		search_dir(o->path, dir, sizeof(dir));
		if (!strstr(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < sizeof(dirs))
			snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s%s",
				 dirs[0] ? ", " : "", dir);
		if (ntried == 1)
			gt_finding_evidence(f, p->pid, o->t, o->line, NULL, 0,
					    "ld.so's first try: %s (%s)", o->path, o->err);
	}
	gt_finding_evidence(f, p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0, NULL,
			    0, "ld.so tried %u paths in: %s", ntried, dirs);
	/* where each candidate came from, as ld.so told the audit library */
	{
		static const char *const hows[] = {"LD_LIBRARY_PATH", "RPATH/RUNPATH", "ld.so.cache",
						   "default"};
		char text[2048] = "";
		size_t h, j;
		json_t *ev;
		size_t first_line = 0;
		double first_t = 0;
		for (h = 0; h < sizeof(hows) / sizeof(hows[0]); h++) {
			char hd[1024] = "";
			json_array_foreach(m->ldsearch, j, ev) {
				const char *nm = json_string_value(json_object_get(ev, "name"));
				const char *how = json_string_value(json_object_get(ev, "how"));
				if (json_integer_value(json_object_get(ev, "pid")) != p->pid || !nm || !how ||
				    strcmp(how, hows[h]) || strcmp(base_of(nm), lib))
					continue;
				if (!first_line) {
					first_line = (size_t)json_integer_value(json_object_get(ev, "line"));
					first_t = json_real_value(json_object_get(ev, "t"));
				}
				search_dir(nm, dir, sizeof(dir));
				if (!strstr(hd, dir) && strlen(hd) + strlen(dir) + 3 < sizeof(hd))
					snprintf(hd + strlen(hd), sizeof(hd) - strlen(hd), "%s%s",
						 hd[0] ? ", " : "", dir);
			}
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s: %s",
				 text[0] ? "; " : "", hows[h], hd[0] ? hd : "none");
		}
		if (first_line)
			gt_finding_evidence(f, p->pid, first_t, first_line, NULL, 0,
					    "candidates by origin (LD_AUDIT): %s", text);
	}
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
	}
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
	char dirs[2048] = "", dir[1024], only[1200] = "";
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
			/* a run-time file without the development link, in a searched directory */
			if (!only[0]) {
				DIR *dd = opendir(dir);
				struct dirent *de;
				while (dd && (de = readdir(dd)))
					if (!strncmp(de->d_name, "lib", 3) && !strncmp(de->d_name + 3, x, xn) &&
					    !strncmp(de->d_name + 3 + xn, ".so.", 4)) {
						snprintf(only, sizeof(only), "%s/%s", dir, de->d_name);
						break;
					}
				if (dd)
					closedir(dd);
			}
		}
	}
	if (!f)
		return;
	gt_finding_evidence(f, p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0, NULL, 0,
			    "searched %u paths in: %s", n, dirs);
	gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
	if (only[0]) {
		gt_finding_evidence(f, 0, 0, 0, NULL, 0,
				    "%s exists (seen after the run): a run-time library, without the "
				    "lib%.*s.so development link ld looks for", only, (int)xn, x);
		gt_finding_fix(f, "install the library's development package, or link it: ln -s %s %.*s/lib%.*s.so",
			       base_of(only), (int)(base_of(only) - only - 1), only, (int)xn, x);
	} else {
		gt_finding_fix(f, "add -L<the directory of lib%.*s.so> to #cgo LDFLAGS (or CGO_LDFLAGS), "
				  "or install its development package", (int)xn, x);
	}
}

/* pkg-config runs: the package asked for, the .pc files tried, found or not. */
static void pkgconfig(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k, j;
	char done[2048] = " ";

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const struct gt_mexec *x;
		json_t *v;
		int dash = 0;
		if (!p->nexecs || !p->exited)
			continue;
		x = &p->execs[p->nexecs - 1];
		if (!strstr(base_of(x->path), "pkg-config") && !strstr(base_of(x->path), "pkgconf"))
			continue;
		json_array_foreach(x->argv, j, v) {
			const char *pkg = json_string_value(v), *ppath;
			char want[300], key[320], dirs[2048] = "", dir[1024];
			const struct gt_mopen *found = NULL, *first = NULL;
			struct gt_finding *f;
			unsigned tried = 0;
			if (!j || !pkg)
				continue;
			if (!strcmp(pkg, "--")) {
				dash = 1;
				continue;
			}
			if ((pkg[0] == '-' && !dash) || strpbrk(pkg, " <>=") || strlen(pkg) > 250)
				continue;
			snprintf(key, sizeof(key), " %s:%d ", pkg, gt_mproc_failed(p));
			if (strstr(done, key))
				continue;
			if (strlen(done) + strlen(key) < sizeof(done))
				strcat(done, key + 1);
			snprintf(want, sizeof(want), "%s.pc", pkg);
			for (k = 0; k < m->nopens; k++) {
				const struct gt_mopen *o = &m->opens[k];
				if (o->p != p || strcmp(base_of(o->path), want))
					continue;
				if (o->ok) {
					if (!found)
						found = o;
					continue;
				}
				tried++;
				if (!first)
					first = o;
				search_dir(o->path, dir, sizeof(dir));
				if (!strstr(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < sizeof(dirs))
					snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s%s",
						 dirs[0] ? ", " : "", dir);
			}
			ppath = gt_env_get(x->env, "PKG_CONFIG_PATH");
			if (found) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "pkg-config",
						   "pkg-config %s: %s%s%s%s", pkg, found->path,
						   ppath ? " (PKG_CONFIG_PATH=" : "", ppath ? ppath : "",
						   ppath ? ")" : "");
				gt_finding_evidence(f, p->pid, found->t, found->line, NULL, 0,
						    "pkg-config opened %s", found->path);
			} else if (gt_mproc_failed(p) && first) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "pkg-config-missing",
						   "pkg-config found no %s: it looked in %s%s%s%s", want, dirs,
						   ppath ? " (PKG_CONFIG_PATH=" : " (PKG_CONFIG_PATH unset",
						   ppath ? ppath : "", ")");
				gt_finding_evidence(f, p->pid, first->t, first->line, NULL, 0,
						    "first try: %s (%s)", first->path, first->err);
				gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0,
						    "pkg-config exited %d after %u tries", p->code, tried);
				gt_finding_fix(f, "add the directory that holds %s to PKG_CONFIG_PATH, or "
						  "install the package's development files", want);
			}
		}
	}
}

/* EI_CLASS of the ELF file at PATH (1: 32-bit, 2: 64-bit), read now; 0 if unknown. */
static int elf_class(const char *path)
{
	unsigned char h[5];
	FILE *f = fopen(path, "rb");
	int c = 0;

	if (f && fread(h, 1, 5, f) == 5 && !memcmp(h, "\177ELF", 4))
		c = h[4];
	if (f)
		fclose(f);
	return c;
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
			if (o->p == p && o->ok && !strcmp(base_of(o->path), lib) && elf_class(o->path) &&
			    elf_class(o->path) != (sizeof(void *) == 8 ? 2 : 1))
				bad = o;
		}
		if (!bad)
			return;
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-wrong-class",
				   "%s: the only %s ld.so found, %s, is %d-bit", p->nexecs ?
				   p->execs[p->nexecs - 1].path : "?", lib, bad->path,
				   elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, p->pid, bad->t, bad->line, NULL, 0, "ld.so opened %s", bad->path);
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s is ELFCLASS%d (its header, read after the run)",
				    bad->path, elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, p->pid, p->t_exit, p->exit_line, NULL, 0, "exit %d", p->code);
		gt_finding_fix(f, "install the %d-bit %s, or point LD_LIBRARY_PATH / the rpath at the "
				  "directory that holds it", elf_class(bad->path) == 1 ? 64 : 32, lib);
	}
}

void gt_an_library(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k;

	pkgconfig(m, fs);
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

/*
 * Libraries at link time and at program start (docs/facts.md, "Libraries
 * at link time and at start"): a program that could not start because ld.so found
 * no file for a library it needs (its failed opens and exit status 127),
 * and where ld found the same library at link time, which gives the fix;
 * a -lX ld never found, and each it did; pkg-config's .pc files and
 * answers; files ld.so refused (symbol version, ELF class) or skipped.
 * What is loaded later (dlopen, NSS) is libload.c; the searches both read
 * are libsearch.c.
 */
#include "analyzers.h"
#include "libfind.h"
#include "libsearch.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <glob.h>
#include <unistd.h>

/* PATH with its directory resolved when it still exists (no "..", no links), into OUT. */
static const char *tidy(const char *path, char *out, size_t size)
{
	char d[PATH_MAX], r[PATH_MAX];
	const char *b = gt_base_name(path);

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

static void one_missing(const struct gt_model *m, const struct gt_mproc *p, const char *lib,
			struct gt_findings *fs)
{
	struct gt_finding *f;
	char dirs[2048] = "", dir[1024];
	const struct gt_mopen *found = NULL, *first;
	const char *prog = p->nexecs ? p->execs[p->nexecs - 1].path : "?";
	size_t k, stem = gt_lib_stem_len(lib);
	unsigned ntried = 0;

	f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-missing",
			   "%s not found when %s started (pid %ld)", lib, prog, p->pid);
	ntried = gt_lib_tries(m, p, lib, 0, (size_t)-1, dirs, sizeof(dirs), &first);
	if (first)
		gt_finding_evidence(f, GT_AT(p->pid, first->t, first->line), "ld.so's first try: %s (%s)", first->path, first->err);
	gt_finding_evidence(f, GT_AT(p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0), "ld.so tried %u paths in: %s", ntried, dirs);
	gt_lib_origins(m, p, lib, 0, p->exit_line ? p->exit_line : (size_t)-1, f);
	gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line), "exit %d", p->code);
	/* the same library at link time: ld opened libfoo.so (or the soname) somewhere */
	for (k = 0; k < m->nopens && !found; k++) {
		const struct gt_mopen *o = &m->opens[k];
		const char *b = gt_base_name(o->path);
		if (o->ok && o->p && is_linker(o->p) && !strncmp(b, lib, stem) &&
		    !strncmp(b + stem, ".so", 3) && o->line < p->execs[0].line)
			found = o;
	}
	if (found) {
		gt_lib_search_dir(found->path, dir, sizeof(dir));
		gt_finding_evidence(f, GT_AT(found->p->pid, found->t, found->line), "at link time %s found %s", found->p->name, found->path);
		char qw[2200];
		gt_sh_word(dir, qw, sizeof(qw));
		gt_finding_fix(f, "the directory is on no run-time path: add -Wl,-rpath,%s to "
				  "#cgo LDFLAGS (or CGO_LDFLAGS), or export LD_LIBRARY_PATH=%s", qw, qw);
	} else {
		struct gt_tdirs td;
		char st[300];
		gt_tdirs_fill(m, p, &td);
		snprintf(st, sizeof(st), "%.*s", (int)stem, lib);
		gt_lib_on_disk(f, st, lib, gt_lib_proc_class(p), &td, GT_FOR_RUN);
	}
}

/* The ELF class a linker P links for: 32-bit with -m elf_i386 (gcc -m32). */
static int linker_class(const struct gt_mproc *p)
{
	size_t j;

	for (j = 0; p->argv && j < p->argv->n; j++) {
		const char *a = p->argv->v[j];
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
		if (o->p != p || o->ok || lib_x(gt_base_name(o->path), &ox) != xn || strncmp(ox, x, xn))
			continue;
		if (!f) {
			char pre[300];
			size_t j;
			/* the same -lX missing in an earlier link: one finding */
			snprintf(pre, sizeof(pre), "-l%.*s: ", (int)xn, x);
			for (j = 0; j < fs->n; j++)
				if (!strcmp(fs->f[j].id, "library-link-missing") &&
				    !strncmp(fs->f[j].verdict, pre, strlen(pre))) {
					gt_finding_evidence(&fs->f[j], GT_AT(p->pid, o->t, o->line),
							    "%s (pid %ld) failed to find it too", p->name, p->pid);
					return;
				}
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-link-missing",
					   "-l%.*s: %s found neither lib%.*s.so nor lib%.*s.a (pid %ld)",
					   (int)xn, x, p->name, (int)xn, x, (int)xn, x, p->pid);
			gt_finding_evidence(f, GT_AT(p->pid, o->t, o->line), "first try: %s (%s)", o->path, o->err);
		}
		n++;
		gt_lib_search_dir(o->path, dir, sizeof(dir));
		if (!strstr(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < sizeof(dirs)) {
			snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s%s",
				 dirs[0] ? ", " : "", dir);
		}
	}
	if (!f)
		return;
	gt_finding_evidence(f, GT_AT(p->pid, p->t_start, p->nexecs ? p->execs[p->nexecs - 1].line : 0), "searched %u paths in: %s", n, dirs);
	gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line), "exit %d", p->code);
	{
		struct gt_tdirs td;
		char st[300];
		gt_tdirs_fill(m, NULL, &td);
		snprintf(st, sizeof(st), "lib%.*s", (int)xn, x);
		gt_lib_on_disk(f, st, NULL, linker_class(p), &td, GT_FOR_LINK);
	}
}

/* A .pc file named WANT on this machine, outside the directories pkg-config searched (DIRS). */
static int pc_on_disk(const struct gt_model *m, const struct gt_mproc *p, const char *want,
		      const char *dirs, char *out, size_t size)
{
	static const char *const pats[] = {"/opt/*/lib/pkgconfig", "/opt/*/lib64/pkgconfig",
					   "/opt/*/share/pkgconfig", "/opt/*/lib/*/pkgconfig",
					   "/usr/local/*/lib/pkgconfig", "/usr/local/lib/*/pkgconfig"};
	struct gt_tdirs td;
	char cand[1100];
	const char *home = gt_env_get(p->execs[p->nexecs - 1].env, "HOME");
	size_t i, k;
	glob_t g;

	/* DIR/pkgconfig of the -L and LD_LIBRARY_PATH directories of this trace; ~/.local */
	gt_tdirs_fill(m, p, &td);
	if (home && home[0] == '/') {
		snprintf(cand, sizeof(cand), "%s/.local/lib", home);
		gt_tdirs_add(&td, cand, strlen(cand));
	}
	for (i = 0; i < td.n; i++) {
		snprintf(cand, sizeof(cand), "%s/pkgconfig/%s", td.v[i], want);
		if (!access(cand, R_OK) && !strstr(dirs, td.v[i])) {
			snprintf(out, size, "%s", cand);
			return 1;
		}
	}
	for (k = 0; k < GT_ARRAY_SIZE(pats); k++) {
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

/* The package names a pkg-config run asked about (after its options, or after --): J < ARGV->n. */
static int pc_package(const struct gt_strv *argv, size_t j, int *dash)
{
	const char *a = argv->v[j];

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
		if (!strstr(gt_base_name(x->path), "pkg-config") && !strstr(gt_base_name(x->path), "pkgconf"))
			continue;
		/* what it was asked: --cflags, --libs, --modversion ... */
		for (j = 1; j < x->argv->n; j++) {
			const char *a = x->argv->v[j];
			if (!a || !strcmp(a, "--"))
				break;
			if (!strncmp(a, "--", 2) && strlen(opts) + strlen(a) + 2 < sizeof(opts))
				snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), "%s%s",
					 opts[0] ? " " : "", a);
		}
		for (j = 0; j < x->argv->n; j++) {
			const char *pkg = x->argv->v[j], *ppath;
			char want[300], pre[320], dirs[2048], where[1100];
			const struct gt_mopen *found = NULL, *first;
			struct gt_finding *f = NULL;
			unsigned tried;
			if (!pc_package(x->argv, j, &dash))
				continue;
			snprintf(want, sizeof(want), "%s.pc", pkg);
			for (k = 0; k < m->nopens && !found; k++)
				if (m->opens[k].p == p && m->opens[k].ok && !strcmp(gt_base_name(m->opens[k].path), want))
					found = &m->opens[k];
			tried = gt_lib_tries(m, p, want, 0, found ? found->line : (size_t)-1, dirs, sizeof(dirs),
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
				gt_finding_evidence(f, GT_AT(p->pid, found->t, found->line),
						    "pkg-config %s (pid %ld) opened %s%s%s", opts, p->pid, found->path,
						    tried ? " after trying " : "", tried ? dirs : "");
				if (p->out.len) {
					size_t n = 0;
					/* its first line, without the trailing blank pkg-config leaves */
					while (n < p->out.len && gt_text(&p->out)[n] != '\n')
						n++;
					while (n && gt_text(&p->out)[n - 1] == ' ')
						n--;
					gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line),
							    "pkg-config %s returned: %.*s", opts, (int)n,
							    n ? gt_text(&p->out) : "(nothing)");
				}
			} else if (gt_mproc_failed(p) && first && !f) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "pkg-config-missing",
						   "pkg-config %s: no %s in %s%s%s%s", pkg, want, dirs,
						   ppath ? " (PKG_CONFIG_PATH=" : " (PKG_CONFIG_PATH unset",
						   ppath ? ppath : "", ")");
				gt_finding_evidence(f, GT_AT(p->pid, first->t, first->line), "first try: %s (%s)", first->path, first->err);
				gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line), "pkg-config exited %d after %u tries", p->code, tried);
				if (pc_on_disk(m, p, want, dirs, where, sizeof(where))) {
					gt_finding_note(f, "%s exists (seen when the report was made)", where);
					char pv[4400], qw[9000];
					snprintf(pv, sizeof(pv), "%.*s%s%s", (int)(gt_base_name(where) - where - 1), where,
						 ppath ? ":" : "", ppath ? ppath : "");
					gt_finding_fix(f, "export PKG_CONFIG_PATH=%s", gt_sh_word(pv, qw, sizeof(qw)));
				} else {
					gt_finding_note(f,
							"no %s found elsewhere either (looked in "
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
	const char *e = gt_text(&p->err), *end = e + p->err.len, *v, *q;
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
		gt_finding_evidence(f, GT_AT(p->pid, m->opens[k].t, m->opens[k].line), "ld.so loaded %s", lib);
		gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->err_line), "ld.so: version `%s' not found", ver);
		gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line), "exit %d", p->code);
		gt_finding_fix(f, "run it where %s is new enough, or build it against the oldest "
				  "version of that library it must run with", gt_base_name(lib));
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
			if (o->p == p && o->ok && !strcmp(gt_base_name(o->path), lib) && gt_elf_class(o->path) &&
			    gt_elf_class(o->path) != (sizeof(void *) == 8 ? 2 : 1))
				bad = o;
		}
		if (!bad)
			return;
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_CAUSE, "library-wrong-class",
				   "%s: the only %s ld.so found, %s, is %d-bit", p->nexecs ?
				   p->execs[p->nexecs - 1].path : "?", lib, bad->path,
				   gt_elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, GT_AT(p->pid, bad->t, bad->line), "ld.so opened %s", bad->path);
		gt_finding_note(f, "%s is ELFCLASS%d (its header, read after the run)", bad->path,
				gt_elf_class(bad->path) == 1 ? 32 : 64);
		gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->exit_line), "exit %d", p->code);
		gt_finding_fix(f, "install the %d-bit %s, or point LD_LIBRARY_PATH / the rpath at the "
				  "directory that holds it", gt_elf_class(bad->path) == 1 ? 64 : 32, lib);
	}
}

/* Each -lX a linker found: the file, and the tries before it. */
static void link_found(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, j, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		if (!is_linker(p) || !strncmp(p->name, "collect2", 8))
			continue;
		for (j = 0; p->argv && j < p->argv->n; j++) {
			const char *a = p->argv->v[j], *x, *out = "";
			const struct gt_mopen *ok = NULL, *first;
			struct gt_finding *f = NULL;
			char dirs[2048], pre[1400], file[1024];
			size_t xn, q;
			unsigned n;
			if (!a || strncmp(a, "-l", 2) || !a[2] || strlen(a) > 250 || !strcmp(a, "-lc") ||
			    !strcmp(a, "-lgcc") || !strcmp(a, "-lgcc_s"))
				continue;
			for (q = 1; q < j; q++) /* given twice: once */
				if (p->argv->v[q] && !strcmp(p->argv->v[q], a))
					break;
			if (q < j)
				continue;
			for (k = 0; k < m->nopens && !ok; k++) {
				const struct gt_mopen *o = &m->opens[k];
				xn = lib_x(gt_base_name(o->path), &x);
				if (o->p == p && o->ok && xn == strlen(a + 2) && !strncmp(x, a + 2, xn))
					ok = o;
			}
			if (!ok)
				continue; /* not found: library-link-missing says why */
			n = gt_lib_tries(m, p, gt_base_name(ok->path), 0, ok->line, dirs, sizeof(dirs), &first);
			for (q = 1; q < p->argv->n; q++) {
				const char *prev = p->argv->v[q - 1];
				if (prev && !strcmp(prev, "-o") && p->argv->v[q])
					out = p->argv->v[q];
			}
			snprintf(pre, sizeof(pre), "%s: %s", a, tidy(ok->path, file, sizeof(file)));
			for (q = 0; q < fs->n; q++)
				if (!strcmp(fs->f[q].id, "library-link") && !strcmp(fs->f[q].verdict, pre))
					f = &fs->f[q];
			if (!f) {
				f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_INFO, "library-link", "%s", pre);
				f->t = ok->t;
			}
			gt_finding_evidence(f, GT_AT(p->pid, ok->t, ok->line), "%s (pid %ld%s%s) opened it%s%s%s",
					    p->name, p->pid, out[0] ? ", -o " : "", out, n ? " after trying " : "",
					    n ? dirs : "", n ? " first" : "");
		}
	}
}

/* ld.so opened a library of the other ELF class, skipped it and went on to the right one. */
static void skipped_class(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k, j, e;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		int cls;
		if (!p->nexecs || !m->nldsearch)
			continue;
		cls = gt_lib_proc_class(p);
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k], *good = NULL;
			const char *how = NULL;
			struct gt_finding *f;
			int c;
			if (o->p != p || !o->ok || strncmp(gt_base_name(o->path), "lib", 3) ||
			    !strstr(gt_base_name(o->path), ".so") || o->line < p->execs[p->nexecs - 1].line)
				continue;
			/* ld.so itself tried this path (the audit library says so) */
			for (e = 0; e < m->nldsearch; e++) {
				const struct gt_ev_ld_search *ev = m->ldsearch[e];
				if (ev->pid == p->pid && ev->name && !strcmp(ev->name, o->path))
					how = ev->how;
			}
			if (!how || !(c = gt_elf_class(o->path)) || c == cls)
				continue;
			for (j = k + 1; j < m->nopens && !good; j++)
				if (m->opens[j].p == p && m->opens[j].ok &&
				    !strcmp(gt_base_name(m->opens[j].path), gt_base_name(o->path)) &&
				    gt_elf_class(m->opens[j].path) == cls)
					good = &m->opens[j];
			if (!good)
				continue; /* nothing after it: library-wrong-class, when ld.so said so */
			f = gt_finding_add(fs, GT_SUBJ_LIBRARY, GT_SEV_WARNING, "library-wrong-class-skipped",
					   "wrong ELF class, skipped: ld.so found the %d-bit %s first (%s) and "
					   "went on to %s", c == 1 ? 32 : 64, o->path, how, good->path);
			f->t = o->t;
			gt_finding_evidence(f, GT_AT(p->pid, o->t, o->line),
					    "ld.so opened %s (ELFCLASS%d, " "read after the run) and did not load it",
					    o->path, c == 1 ? 32 : 64);
			gt_finding_evidence(f, GT_AT(p->pid, good->t, good->line), "then opened %s", good->path);
			gt_finding_fix(f, "keep %d-bit libraries out of the %s directories of %d-bit "
					  "programs: a program of the other class finds nothing there",
				       c == 1 ? 32 : 64, how, cls == 1 ? 32 : 64);
		}
	}
}

/* programs that exited non-zero after exec: a symbol version or an ELF class ld.so refused */
static void refusals(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;

	for (i = 0; i < m->nproc; i++)
		if (m->procs[i]->exited && m->procs[i]->code > 0 && m->procs[i]->nexecs)
			refused(m, m->procs[i], fs);
}

/* link time: a linker that failed, and the -lX it never found */
static void link_failures(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char seen[1024] = " ";
		if (!is_linker(p) || !gt_mproc_failed(p))
			continue;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *x;
			size_t xn = lib_x(gt_base_name(o->path), &x), j;
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
					lib_x(gt_base_name(m->opens[j].path), &y) == xn && !strncmp(y, x, xn);
			}
			if (!found)
				link_missing(m, p, x, xn, fs);
		}
	}
}

/* start time: a program ld.so could not start for want of a library */
static void start_failures(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;

	for (i = 0; i < m->nproc; i++) {
		const char *missing = gt_lib_missing_at_start(m, m->procs[i]);
		if (missing)
			one_missing(m, m->procs[i], missing, fs);
	}
}

static const struct gt_rule rules[] = {
	{"pkg-config pkg-config-missing", "pkg-config's .pc file and the flags it printed, or where the missing .pc is",
	 pkgconfig},
	{"library-link", "each -lX ld found, and where", link_found},
	{"library-wrong-class-skipped", "a library of the wrong ELF class ld.so skipped", skipped_class},
	{"library-version library-wrong-class", "a symbol version or ELF class ld.so refused at start",
	 refusals},
	{"library-link-missing", "a -lX a failed ld never found, with the directories it searched",
	 link_failures},
	{"library-missing", "a library ld.so found nowhere when a program started, and its search",
	 start_failures},
};

void gt_an_library(const struct gt_model *m, struct gt_findings *fs)
{
	gt_rules_run(rules, GT_ARRAY_SIZE(rules), m, fs);
}

const char *gt_lib_missing_at_start(const struct gt_model *m, const struct gt_mproc *p)
{
	const char *missing = NULL;
	const struct gt_mopen *last = NULL;
	size_t k;

	if (!p->exited || p->code != 127 || !p->nexecs)
		return NULL;
	/* a library ld.so tried and never opened in this process */
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k], *q;
		size_t j;
		int ok = 0;
		if (o->p != p || o->ok || strcmp(o->err, "ENOENT") || !strstr(gt_base_name(o->path), ".so"))
			continue;
		for (j = 0; j < m->nopens && !ok; j++) {
			q = &m->opens[j];
			ok = q->p == p && q->ok && !strcmp(gt_base_name(q->path), gt_base_name(o->path));
		}
		if (!ok) {
			missing = gt_base_name(o->path);
			break;
		}
	}
	if (!missing)
		return NULL;
	/* ld.so gives up at the first library it cannot find: its last open in the process was an attempt at it */
	for (k = 0; k < m->nopens; k++)
		if (m->opens[k].p == p)
			last = &m->opens[k];
	return last && !last->ok && !strcmp(gt_base_name(last->path), missing) ? missing : NULL;
}

/* pkg-config's .pc files, and shared libraries and archives: ld.so's and ld's searches (also libsearch.c, libload.c) */
int gt_library_needs_open(const struct gt_open_view *o)
{
	const char *b = o->base, *end = o->base + o->blen;
	size_t n = o->blen;

	if (n > 3 && !memcmp(end - 3, ".pc", 3))
		return 1;
	return n > 3 && !memcmp(b, "lib", 3) && (memmem(b, n, ".so", 3) || (end[-2] == '.' && end[-1] == 'a'));
}

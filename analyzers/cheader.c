/*
 * A C header a compiler could not find: the directories it searched, in
 * the order of its opens, and where a file of that name is on this machine
 * (looked for when the report is made), with the -I that would reach it.
 * Only the compiler's own message names the header; only its failed opens
 * of that name say where it looked, so nothing is said without both.
 */
#include "analyzers.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libfind.h"
#include "../common/util.h"

#define FOUND_MAX 8

/* NAME from "FILE:L:C: fatal error: NAME: No such file or directory" (gcc) or "'NAME' file not found" (clang). */
static int missing_header(const struct gt_mproc *p, char *name, size_t size, char *line, size_t lsize)
{
	const char *s = gt_text(&p->err), *end = s + p->err.len, *e;

	for (; p->err.len && s < end; s = e + 1) {
		const char *fe, *a, *b;
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		fe = memmem(s, (size_t)(e - s), "fatal error: ", 13);
		if (!fe)
			continue;
		a = fe + 13;
		if (*a == '\'' && (b = memmem(a + 1, (size_t)(e - a - 1), "' file not found", 16)))
			a++;
		else if (!(b = memmem(a, (size_t)(e - a), ": No such file or directory", 27)))
			continue;
		if (b <= a || (size_t)(b - a) >= size)
			continue;
		snprintf(name, size, "%.*s", (int)(b - a), a);
		snprintf(line, lsize, "%.*s", (int)(e - s), s);
		return 1;
	}
	return 0;
}

static const char *want;         /* the header's name as included ("zstd.h", "openssl/ssl.h") */
static char found[FOUND_MAX][1024];
static int nfound;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path), w = strlen(want);

	(void)st;
	if (type == FTW_D && ftw->level > 6)
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || n <= w || path[n - w - 1] != '/' || strcmp(path + n - w, want))
		return FTW_CONTINUE;
	snprintf(found[nfound], sizeof(found[0]), "%.*s", (int)(n - w - 1), path);
	return ++nfound >= FOUND_MAX ? FTW_STOP : FTW_CONTINUE;
}

/* Whether ", "-separated LIST has the entry D. */
static int in_list(const char *list, const char *d)
{
	size_t n = strlen(d);
	const char *s;

	for (s = list; (s = strstr(s, d)) != NULL; s += n)
		if ((s == list || (s >= list + 2 && !strncmp(s - 2, ", ", 2))) && (s[n] == 0 || s[n] == ','))
			return 1;
	return 0;
}

int gt_missing_header(const struct gt_model *m, const struct gt_mproc *p, struct gt_missing_hdr *out)
{
	char suf[260], *name = out->name, *dirs = out->dirs;
	const struct gt_mopen **first = &out->first;
	size_t k, dsize = sizeof(out->dirs);
	int ndirs = 0;

	*first = NULL;
	dirs[0] = 0;
	if (!gt_mproc_failed(p) || gt_mproc_in_probe(p) ||
	    !missing_header(p, name, sizeof(out->name), out->line, sizeof(out->line)))
		return 0;
	snprintf(suf, sizeof(suf), "/%s", name);
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		size_t n = strlen(o->path), sl = strlen(suf);
		char dir[1024];
		if (o->p != p || o->ok || strcmp(o->err, "ENOENT") || n <= sl || strcmp(o->path + n - sl, suf))
			continue;
		if (!*first)
			*first = o;
		snprintf(dir, sizeof(dir), "%.*s", (int)(n - sl), o->path);
		if (!in_list(dirs, dir) && strlen(dirs) + strlen(dir) + 3 < dsize) {
			snprintf(dirs + strlen(dirs), dsize - strlen(dirs), "%s%s", dirs[0] ? ", " : "", dir);
			ndirs++;
		}
	}
	return ndirs;
}

/* apt's lists, where its Contents index is when apt-file is set up; GOTRACE_APT_LISTS for tests */
static const char *contents_dir(void)
{
	const char *d = getenv("GOTRACE_APT_LISTS");

	return d && d[0] ? d : "/var/lib/apt/lists";
}

void gt_an_cheader(const struct gt_model *m, struct gt_findings *fs)
{
	static const char *const roots[] = {"/usr/include", "/usr/local/include", "/usr/local/lib",
					    "/opt", "/usr/lib/x86_64-linux-gnu"};
	size_t i, k;
	int failed = m->root && gt_mproc_failed(m->root);

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char suf[260], pkg[256], qw[2200], cfile[4200];
		struct gt_missing_hdr mh;
		const char *name = mh.name, *line = mh.line, *dirs = mh.dirs;
		const struct gt_mopen *first;
		struct gt_finding *f;
		unsigned ntries;
		size_t r;
		ntries = (unsigned)gt_missing_header(m, p, &mh);
		if (!ntries)
			continue; /* no message, or the message alone: it proves no search */
		first = mh.first;
		snprintf(suf, sizeof(suf), "/%s", name);
		f = gt_finding_add(fs, GT_SUBJ_LIBRARY, failed ? GT_SEV_CAUSE : GT_SEV_WARNING, "c-header-missing",
				   "%s not found: %s looked in %u director%s and it is in none", name,
				   gt_pname(p), ntries, ntries == 1 ? "y" : "ies");
		gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->err_line), "%s: %s", gt_pname(p), line);
		gt_finding_evidence(f, GT_AT(p->pid, first->t, first->line), "searched, in order: %s", dirs);
		/* where it is, now */
		want = name;
		nfound = 0;
		for (r = 0; r < GT_ARRAY_SIZE(roots) && nfound < FOUND_MAX; r++)
			nftw(roots[r], visit, 16, FTW_PHYS | FTW_ACTIONRETVAL);
		if (!nfound) {
			gt_finding_note(f,
					"no %s on this machine (looked, when the report was made, under %s, "
					"%s, %s, %s and %s)", name, roots[0], roots[1], roots[2], roots[3], roots[4]);
			if (gt_contents_package(name, contents_dir(), pkg, sizeof(pkg), cfile, sizeof(cfile)) == 0) {
				gt_finding_note(f,
						"apt's Contents index (read when the report was made): "
						"%s is in package %s", cfile, pkg);
				gt_finding_fix(f, "apt-get install %s, or point -I (#cgo CFLAGS, CGO_CFLAGS) at where %s is",
					       gt_sh_word(pkg, qw, sizeof(qw)), name);
			} else {
				gt_finding_fix(f, "install the development package that provides %s (`apt-file search "
					       "%s` tells which; apt has no Contents index here), or point -I (#cgo CFLAGS, "
					       "CGO_CFLAGS) at where it is", name, gt_sh_word(suf, qw, sizeof(qw)));
			}
			continue;
		}
		for (k = 0; k < (size_t)nfound; k++) {
			char file[1400];
			snprintf(file, sizeof(file), "%s%s", found[k], suf);
			if (gt_lib_owner(file, pkg, sizeof(pkg)) == 0)
				gt_finding_note(f, "%s exists (package %s; seen when the " "report was made)", file,
						pkg);
			else
				gt_finding_note(f, "%s exists (seen when the report was made)", file);
		}
		gt_sh_word(found[0], qw, sizeof(qw));
		gt_finding_fix(f, "add -I%s: #cgo CFLAGS: -I%s in the Go file, or CGO_CFLAGS=-I%s "
			       "(or the package's pkg-config name in #cgo pkg-config)", qw, qw, qw);
	}
}

/* Whether P runs a C compiler or preprocessor (cc1, gcc, clang, cpp...). */
static int c_compiler(const struct gt_mproc *p)
{
	const char *n = p ? p->name : NULL;

	return n && (!strncmp(n, "cc1", 3) || !strncmp(n, "clang", 5) || !strcmp(n, "cpp") ||
		     !strcmp(n, "cc") || !strcmp(n, "c++") || !strcmp(n, "g++") || strstr(n, "gcc"));
}

/* A C header a C compiler looked for and did not find: each #include tries several directories */
int gt_cheader_needs_open(const struct gt_open_view *o)
{
	return o->failed && o->blen > 2 && o->base[o->blen - 2] == '.' && o->base[o->blen - 1] == 'h' &&
	       c_compiler(o->p);
}

/*
 * A checksum mismatch go reported (cmd/go/internal/modfetch/fetch.go,
 * docs/facts.md): "verifying M@V[/go.mod]: checksum mismatch", then
 * "downloaded: h1:X" and "go.sum: h1:Y" — or the checksum database's name
 * and its hash. The cause names the module, both hashes and the go.sum go
 * read (from the trace), the line of it that holds the refused hash (read
 * when the report is made, and said so), and points at `gotrace verify`.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/files.h"

/* Copy the line at P (up to a newline or END) into OUT, without leading tabs or trailing spaces. */
static const char *line_at(const char *p, const char *end, char *out, size_t size)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i, k = 0;

	for (i = 0; i < n && p[i] == '\t'; i++)
		;
	for (; i < n && k < size - 1; i++)
		out[k++] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i];
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = 0;
	return nl ? nl + 1 : end;
}

struct mismatch {
	char what[600];   /* "example.com/m@v1.0.0" or ".../go.mod" */
	char got[128];    /* the downloaded hash */
	char who[600];    /* "go.sum", a go.work.sum path, or the database's name */
	char want[128];   /* its hash */
	int gosum;        /* WHO is a go.sum file */
};

/* The first mismatch in P's stderr; 0 when there is none. */
static int find_mismatch(const struct gt_mproc *p, struct mismatch *x)
{
	const char *s = gt_text(&p->err), *end = s + p->err.len, *k, *b, *c;
	char l1[800], l2[800];

	if (!s || !(k = memmem(s, p->err.len, ": checksum mismatch\n", 20)))
		return 0;
	for (b = k; b > s && b[-1] != '\n'; b--)
		;
	c = memmem(b, (size_t)(k - b), "verifying ", 10);
	if (!c)
		return 0;
	memset(x, 0, sizeof(*x));
	snprintf(x->what, sizeof(x->what), "%.*s", (int)(k - c - 10), c + 10);
	if (!strcmp(x->what, "module") || !strcmp(x->what, "go.mod")) { /* the database's form: "M@V: verifying module" */
		const char *colon = memmem(b, (size_t)(c - b), ": ", 2);
		char kind[16];
		snprintf(kind, sizeof(kind), "%.15s", x->what);
		snprintf(x->what, sizeof(x->what), "%.*s%s", colon ? (int)(colon - b) : 0, b,
			 strcmp(kind, "go.mod") ? "" : "/go.mod");
	}
	k = line_at(k + 20, end, l1, sizeof(l1));
	line_at(k, end, l2, sizeof(l2));
	if (sscanf(l1, "downloaded: %127s", x->got) != 1 || !strchr(l2, ':'))
		return 0;
	snprintf(x->who, sizeof(x->who), "%.*s", (int)(strchr(l2, ':') - l2), l2);
	sscanf(strchr(l2, ':') + 1, "%127s", x->want);
	x->gosum = strlen(x->who) >= 6 && !strcmp(x->who + strlen(x->who) - 6, "go.sum");
	return x->want[0] != 0;
}

/* The go.sum go read (the last successful read-only open of one by P or a process above it). */
static const struct gt_mopen *gosum_read(const struct gt_model *m, const struct gt_mproc *p)
{
	const struct gt_mopen *best = NULL;
	size_t i;

	for (i = 0; i < m->nopens; i++) {
		const struct gt_mopen *o = &m->opens[i];
		const struct gt_mproc *q;
		const char *b = o->path ? gt_base_name(o->path) : "";
		if (!o->ok || !o->read || strcmp(b, "go.sum"))
			continue;
		for (q = p; q && q != o->p; q = q->parent)
			;
		if (q)
			best = o;
	}
	return best;
}

/* The line of the go.sum at PATH that holds WHAT's hash WANT, read now; 0 when none. */
static long line_now(const char *path, const char *what, const char *want)
{
	char line[2048], mod[700];
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	long n = 0, found = 0;

	if (!f)
		return 0;
	snprintf(mod, sizeof(mod), "%s", what);
	if (strchr(mod, '@'))
		*strchr(mod, '@') = ' ';
	while (!found && fgets(line, sizeof(line), f)) {
		n++;
		if (!strncmp(line, mod, strlen(mod)) && line[strlen(mod)] == ' ' && strstr(line, want))
			found = n;
	}
	fclose(f);
	return found;
}

void gt_an_gosum(const struct gt_model *m, struct gt_findings *fs)
{
	struct mismatch x;
	struct gt_finding *f;
	const struct gt_mopen *o;
	char dir[600] = "", q[700];
	size_t i;
	long ln;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		if (!p->name || strcmp(p->name, "go") || !p->exited || p->code == 0 || !find_mismatch(p, &x))
			continue;
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "checksum-mismatch",
				   "go refused %s: what it downloaded hashes to %s, but %s%s says %s (SECURITY ERROR)", x.what,
				   x.got, x.gosum ? "" : "the checksum database ", x.who, x.want);
		gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->err_line),
				    "go wrote: verifying %s: checksum mismatch", x.what);
		o = gosum_read(m, p);
		if (o) {
			snprintf(dir, sizeof(dir), "%.*s", (int)(gt_base_name(o->path) - o->path - 1), o->path);
			gt_finding_evidence(f, GT_AT(o->p->pid, o->t, o->line), "go read %s", o->path);
			ln = x.gosum ? line_now(o->path, x.what, x.want) : 0;
			if (ln)
				gt_finding_evidence(f, GT_AT_FILE(0, 0, 0, o->path, ln),
						    "line %ld holds %s's hash %s (read now)", ln, x.what, x.want);
		}
		gt_finding_fix(f, "`gotrace verify --proxy --sumdb%s%s` says which of go.sum, the module cache, the proxy "
				  "and the checksum database is wrong, and what to do",
			       dir[0] ? " " : "", dir[0] ? gt_sh_word(dir, q, sizeof(q)) : "");
		return; /* go stops at the first */
	}
}

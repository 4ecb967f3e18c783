/*
 * Findings and the table of analyzers.
 */
#include "finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/util.h"

static char *vfmt(const char *fmt, va_list ap)
{
	return gt_xvasprintf(fmt, ap);
}

struct gt_finding *gt_finding_add(struct gt_findings *fs, enum gt_subject subj,
				  enum gt_severity sev, const char *id, const char *fmt, ...)
{
	struct gt_finding *f;
	va_list ap;

	GT_GROW(fs->f, fs->n, fs->cap);
	f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	f->subject = subj;
	f->severity = sev;
	f->id = gt_xstrdup(id);
	va_start(ap, fmt);
	f->verdict = vfmt(fmt, ap);
	va_end(ap);
	return f;
}

const char *gt_sh_word(const char *s, char *out, size_t size)
{
	size_t n = 0;
	const char *p;

	if (*s && !s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:+,@%=-")]) {
		snprintf(out, size, "%s", s);
		return out;
	}
	if (size < 3)
		return "''";
	out[n++] = '\'';
	for (p = s; *p && n + 6 < size; p++) {
		if (*p == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *p;
		}
	}
	out[n++] = '\'';
	out[n] = 0;
	return out;
}

void gt_finding_fix(struct gt_finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->fix);
	va_start(ap, fmt);
	f->fix = vfmt(fmt, ap);
	va_end(ap);
}

static void add_evidence(struct gt_finding *f, struct gt_at at, const char *fmt, va_list ap)
{
	struct gt_evidence *e;

	f->ev = gt_xrealloc(f->ev, (f->nev + 1) * sizeof(*f->ev));
	e = &f->ev[f->nev++];
	e->pid = at.pid;
	e->t = at.t;
	e->line = at.line;
	e->file = at.file ? gt_xstrdup(at.file) : NULL;
	e->file_line = at.file_line;
	e->text = vfmt(fmt, ap);
	if (at.line && (f->t == 0 || at.t < f->t))
		f->t = at.t;
}

void gt_finding_evidence(struct gt_finding *f, struct gt_at at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_evidence(f, at, fmt, ap);
	va_end(ap);
}

void gt_finding_note(struct gt_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_evidence(f, (struct gt_at){0}, fmt, ap);
	va_end(ap);
}

void gt_findings_sort(struct gt_findings *fs)
{
	size_t i, j;

	/* insertion sort: stable, and there are few */
	for (i = 1; i < fs->n; i++) {
		struct gt_finding x = fs->f[i];
		for (j = i; j > 0 && fs->f[j - 1].severity > x.severity; j--)
			fs->f[j] = fs->f[j - 1];
		fs->f[j] = x;
	}
}

const struct gt_finding *gt_findings_get(const struct gt_findings *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].id, id))
			return &fs->f[i];
	return NULL;
}

void gt_findings_free(struct gt_findings *fs)
{
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		struct gt_finding *f = &fs->f[i];
		free(f->id);
		free(f->verdict);
		free(f->fix);
		free(f->see);
		for (j = 0; j < f->nev; j++) {
			free(f->ev[j].file);
			free(f->ev[j].text);
		}
		free(f->ev);
	}
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

const char *gt_subject_name(enum gt_subject s)
{
	static const char *const names[] = {"toolchain", "config", "network",
					    "library", "credential", "failure", "tracer"};
	return names[s];
}

const char *gt_severity_name(enum gt_severity s)
{
	static const char *const names[] = {"cause", "warning", "info"};
	return names[s];
}

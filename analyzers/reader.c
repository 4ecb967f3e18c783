/*
 * Streaming trace reader. Each line is handled on its own, so memory stays
 * bounded by the longest event, not by the trace.
 */
#include "reader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/util.h"

/* Whether the JSON text holds a \u0000 escape (not a backslash followed by "u0000"). */
static int has_nul_escape(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	while ((q = memmem(p, (size_t)(end - p), "\\u0000", 6))) {
		size_t slashes = 0;
		while (q - slashes > s && q[-(ptrdiff_t)slashes - 1] == '\\')
			slashes++;
		if (slashes % 2 == 0)
			return 1;
		p = q + 1;
	}
	return 0;
}

/*
 * A NUL byte can only be in what a program wrote to stdout or stderr
 * (binary output); in any other string (a path, an argv entry, a name)
 * it cannot come from the kernel and would cut the string short here.
 */
json_t *gt_event_json(struct gt_event *e)
{
	json_error_t jerr;
	const char *kind;

	if (e->json)
		return e->json;
	e->json = json_loadb(e->text, e->len, JSON_ALLOW_NUL, &jerr);
	if (!e->json || !json_is_object(e->json)) {
		json_decref(e->json);
		e->json = NULL;
		snprintf(e->err, e->errsize, "%s: corrupt at line %zu: %s", e->path, e->line,
			 jerr.text[0] ? jerr.text : "not an object");
		return NULL;
	}
	kind = json_string_value(json_object_get(e->json, "ev"));
	if (has_nul_escape(e->text, e->len) &&
	    !(kind && (!strcmp(kind, "stderr") || !strcmp(kind, "stdout")))) {
		json_decref(e->json);
		e->json = NULL;
		snprintf(e->err, e->errsize, "%s: corrupt at line %zu: a NUL byte in a %s event",
			 e->path, e->line, kind ? "non-output" : "nameless");
	}
	return e->json;
}

enum gt_ev_kind gt_event_kind(const struct gt_event *e)
{
	/* a kind this gotrace does not know has the fields every event has: a seccomp_listener has no others */
	return e->kind < GT_EV_NKINDS ? e->kind : GT_EV_seccomp_listener;
}

void *gt_event_rec(struct gt_event *e)
{
	struct gt_ev_run *r; /* any kind: the fields every event has come first */
	json_t *o;

	if (e->rec)
		return e->rec;
	if (!(o = gt_event_json(e)))
		return NULL;
	r = e->rec = gt_rec_decode(gt_event_kind(e), o);
	r->line = e->line;
	r->t = e->t;
	r->pid = e->pid;
	return r;
}

void *gt_event_take(struct gt_event *e)
{
	void *r = gt_event_rec(e);

	e->rec = NULL;
	return r;
}

/* Read `"KEY":` at *P and advance past it. */
static int expect(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n))
		return 0;
	*p += n;
	return 1;
}

/* The fixed prefix {"ev":"K","t":T,"pid":P, written by gotrace. */
static int fast_prefix(struct gt_event *e)
{
	const char *p = e->text, *end = e->text + e->len, *q;
	char *num_end;

	if (!expect(&p, end, "{\"ev\":\""))
		return 0;
	q = memchr(p, '"', end - p);
	if (!q || (size_t)(q - p) >= sizeof(e->ev) || memchr(p, '\\', q - p))
		return 0;
	memcpy(e->ev, p, q - p);
	e->ev[q - p] = '\0';
	p = q + 1;
	if (!expect(&p, end, ",\"t\":"))
		return 0;
	e->t = strtod(p, &num_end);
	if (num_end == p)
		return 0;
	p = num_end;
	if (!expect(&p, end, ",\"pid\":"))
		return 0;
	e->pid = strtol(p, &num_end, 10);
	if (num_end == p || (*num_end != ',' && *num_end != '}'))
		return 0;
	/* the line must at least close the object it opened */
	return e->len >= 2 && e->text[e->len - 1] == '}';
}

/* Fill kind, time and pid from the parsed object (another writer's layout). */
static int slow_prefix(struct gt_event *e)
{
	json_t *o = gt_event_json(e);
	const char *kind;

	if (!o)
		return 0;
	kind = json_string_value(json_object_get(o, "ev"));
	if (!kind || strlen(kind) >= sizeof(e->ev)) {
		snprintf(e->err, e->errsize, "%s: corrupt at line %zu: no \"ev\" field", e->path, e->line);
		return 0;
	}
	strcpy(e->ev, kind);
	e->t = json_number_value(json_object_get(o, "t"));
	e->pid = (long)json_integer_value(json_object_get(o, "pid"));
	return 1;
}

/*
 * Lines come from a buffer refilled by fread, so that a line can be
 * refused as soon as it is too long or does not start as a trace does:
 * `gotrace report /dev/zero` must end, not grow until memory runs out.
 */
struct lines {
	FILE *f;
	char *buf;
	size_t cap, pos, len; /* the bytes not handed out yet are buf[pos, len) */
	int eof;
};

enum { LINE_EOF = -1, LINE_LONG = -2, LINE_FOREIGN = -3 };

/* More bytes at the end of the buffer; 0 at end of file or on an error. */
static size_t lines_fill(struct lines *r)
{
	size_t n;

	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->len < 65536 + 1) {
		r->cap = r->cap ? r->cap * 2 : 1 << 18;
		r->buf = gt_xrealloc(r->buf, r->cap);
	}
	n = fread(r->buf + r->len, 1, r->cap - r->len - 1, r->f);
	r->len += n;
	if (n == 0)
		r->eof = 1;
	return n;
}

/*
 * The next line into *LINE (NUL-terminated in place of its newline, which
 * *NL says was there) and its length; or LINE_EOF, LINE_LONG (more than
 * GT_TRACE_LINE_MAX bytes), LINE_FOREIGN (the first line does not start
 * with '{').
 */
static long lines_next(struct lines *r, int first, char **line, int *nl)
{
	size_t scanned = 0;

	for (;;) {
		char *start = r->buf + r->pos, *q = NULL;
		size_t have = r->len - r->pos;

		if (first && have && start[0] != '{')
			return LINE_FOREIGN;
		if (have > scanned)
			q = memchr(start + scanned, '\n', have - scanned);
		if (q || (r->eof && have)) {
			size_t n = q ? (size_t)(q - start) : have;
			if (n > GT_TRACE_LINE_MAX)
				return LINE_LONG;
			*nl = q != NULL;
			start[n] = '\0'; /* the newline, or the spare byte fill keeps */
			r->pos += n + (q != NULL);
			*line = start;
			return (long)n;
		}
		if (r->eof)
			return LINE_EOF;
		scanned = have;
		if (scanned > GT_TRACE_LINE_MAX)
			return LINE_LONG;
		lines_fill(r);
	}
}

/* Whether /proc/PID/fdinfo/FD says the descriptor was opened for writing. */
static int fd_writes(long pid, const char *fd)
{
	char p[320], line[128];
	FILE *f;
	int w = 0;

	snprintf(p, sizeof(p), "/proc/%ld/fdinfo/%s", pid, fd);
	if (!(f = fopen(p, "re")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags:", 6)) {
			w = (strtoul(line + 6, NULL, 8) & O_ACCMODE) != O_RDONLY;
			break;
		}
	fclose(f);
	return w;
}

int gt_trace_writer(long pid, const struct stat *st)
{
	char dir[64], p[352];
	struct dirent *d;
	struct stat fs;
	DIR *D;
	int found = 0;

	if (pid <= 0)
		return 0;
	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	if (!(D = opendir(dir)))
		return errno == ENOENT || errno == ESRCH ? 0 : -1;
	while (!found && (d = readdir(D))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, d->d_name);
		if (stat(p, &fs) == 0 && fs.st_dev == st->st_dev && fs.st_ino == st->st_ino &&
		    fd_writes(pid, d->d_name))
			found = 1;
	}
	closedir(D);
	return found;
}

int gt_read_trace(const char *path, gt_event_fn fn, void *arg, char *err, size_t errsize)
{
	struct lines r = {.f = fopen(path, "re")};
	char *line;
	size_t lineno = 0;
	long n;
	int rc = -1, stop, nl, live = 0;
	struct stat st;

	if (!r.f) {
		snprintf(err, errsize, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	r.cap = 1 << 18;
	r.buf = gt_xrealloc(NULL, r.cap);
	while ((n = lines_next(&r, lineno == 0, &line, &nl)) >= 0) {
		struct gt_event e;

		lineno++;
		if (!nl && live == 1)
			break; /* the line gotrace is writing now */
		if (!nl) {
			snprintf(err, errsize, "%s: truncated at line %zu (the run did not finish writing it)",
				 path, lineno);
			goto out;
		}
		memset(&e, 0, sizeof(e));
		e.text = line;
		e.len = (size_t)n;
		e.line = lineno;
		e.path = path;
		e.err = err;
		e.errsize = errsize;
		e.live = live;
		if (lineno == 1) {
			json_t *o = gt_event_json(&e), *v;
			const char *kind = json_string_value(json_object_get(o, "ev"));
			v = json_object_get(o, "version");
			if (!o || !kind || strcmp(kind, "run") || !json_is_integer(v)) {
				json_decref(e.json);
				snprintf(err, errsize, "%s: not a gotrace trace", path);
				goto out;
			}
			if (json_integer_value(v) != 1) {
				snprintf(err, errsize,
					 "%s: trace format version %lld is not supported (this gotrace reads version 1)",
					 path, (long long)json_integer_value(v));
				json_decref(e.json);
				goto out;
			}
			if (!slow_prefix(&e)) {
				json_decref(e.json);
				goto out;
			}
			/* the gotrace of the header still has this file open for writing: a live trace */
			if (fstat(fileno(r.f), &st) == 0)
				e.live = live = gt_trace_writer((long)json_integer_value(json_object_get(o, "pid")), &st);
		} else if (!fast_prefix(&e) && !slow_prefix(&e)) {
			json_decref(e.json);
			goto out;
		}
		err[0] = '\0';
		e.kind = gt_kind_of(e.ev);
		stop = fn(&e, arg);
		gt_rec_free(gt_event_kind(&e), e.rec);
		json_decref(e.json);
		if (stop < 0 || err[0])
			goto out;
		if (stop)
			break;
	}
	if (n == LINE_FOREIGN) {
		snprintf(err, errsize, "%s: not a gotrace trace", path);
		goto out;
	}
	if (n == LINE_LONG) {
		snprintf(err, errsize, "%s: line %zu is longer than %d MiB: not a gotrace trace", path, lineno + 1,
			 GT_TRACE_LINE_MAX >> 20);
		goto out;
	}
	if (ferror(r.f)) {
		snprintf(err, errsize, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (lineno == 0) {
		snprintf(err, errsize, "%s: empty file, not a gotrace trace", path);
		goto out;
	}
	rc = 0;
out:
	free(r.buf);
	fclose(r.f);
	return rc;
}

/*
 * gotrace export --perfetto: the run as Chrome trace-event JSON, which
 * ui.perfetto.dev and chrome://tracing open (docs/export-format.md).
 *
 * One track a process: its pid, or, when the kernel reused a pid during the
 * run, pid + k * 2^22 for the k-th reuse (pid_max is at most 2^22, so no
 * two tracks share a number). Each track has one thread (tid = the track)
 * holding a slice per program the process ran (and one for the time before
 * its first exec), so slices never overlap on a track. Instants mark failed
 * opens, failed execs, connects, stderr writes and dlopens; stalls are global
 * instants; a flow arrow goes from each fork to the child's first slice.
 * Times are microseconds from the start of the run.
 */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "reader.h"

#define TRACK_STRIDE (1L << 22)
#define TEXT_MAX 300 /* bytes of a stderr text or an argv kept in an event's args */

struct exporter {
	const struct gt_model *m;
	long *track;  /* per process, in m->procs order */
	FILE *out;
	unsigned long n; /* events written */
	unsigned long flows;
};

static void emit(struct exporter *x, json_t *ev)
{
	char *s = json_dumps(ev, JSON_COMPACT | JSON_ENSURE_ASCII);

	if (s) {
		fprintf(x->out, "%s\n%s", x->n ? "," : "", s);
		x->n++;
		free(s);
	}
	json_decref(ev);
}

/* Seconds as whole microseconds, the trace's own resolution. */
static json_t *us(double t)
{
	return json_integer((json_int_t)llround(t * 1e6));
}

static json_t *base(const char *ph, const char *name, double t, long track)
{
	json_t *ev = json_object();

	json_object_set_new(ev, "ph", json_string(ph));
	json_object_set_new(ev, "name", json_string(name));
	json_object_set_new(ev, "ts", us(t));
	json_object_set_new(ev, "pid", json_integer(track));
	json_object_set_new(ev, "tid", json_integer(track));
	return ev;
}

/* ARGV as one line, cut at TEXT_MAX bytes. */
static json_t *argv_line(const struct gt_strv *argv)
{
	char line[TEXT_MAX + 4] = "";
	size_t i, len = 0;

	for (i = 0; argv && i < argv->n; i++) {
		const char *s = argv->v[i];
		if (!s)
			continue;
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s", i ? " " : "", s);
		if (len >= TEXT_MAX) {
			strcpy(line + TEXT_MAX, "...");
			break;
		}
	}
	return json_string(line);
}

static long track_of_index(const struct exporter *x, size_t i)
{
	return x->track[i];
}

/* The track of the process PID was at time T, or -1. */
static long track_at(const struct exporter *x, long pid, double t)
{
	const struct gt_mproc *p = gt_model_proc_at(x->m, pid, t);

	return p ? x->track[p->idx] : -1;
}

static void name_tracks(struct exporter *x)
{
	size_t i, j;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i];
		char name[160];
		json_t *ev, *args;
		x->track[i] = p->pid;
		for (j = 0; j < i; j++)
			if (x->m->procs[j]->pid == p->pid && x->track[j] >= x->track[i])
				x->track[i] = x->track[j] + TRACK_STRIDE;
		/* a short argv: what a person recognises the process by */
		if (p->argv) {
			json_t *line = argv_line(p->argv);
			const char *a = json_string_value(line);
			snprintf(name, sizeof(name), "%.*s%s (pid %ld)", 60, a, strlen(a) > 60 ? "..." : "", p->pid);
			json_decref(line);
		} else {
			snprintf(name, sizeof(name), "%s (pid %ld)", gt_pname(p), p->pid);
		}
		for (j = 0; j < 2; j++) {
			ev = json_object();
			json_object_set_new(ev, "ph", json_string("M"));
			json_object_set_new(ev, "name", json_string(j ? "thread_name" : "process_name"));
			json_object_set_new(ev, "pid", json_integer(x->track[i]));
			json_object_set_new(ev, "tid", json_integer(x->track[i]));
			json_object_set_new(ev, "ts", json_integer(0));
			args = json_object();
			json_object_set_new(args, "name", json_string(name));
			json_object_set_new(ev, "args", args);
			emit(x, ev);
		}
	}
}

/* One complete slice ("X") from T0 to T1 on P's track. */
static void slice(struct exporter *x, size_t i, const char *name, double t0, double t1, json_t *args)
{
	json_t *ev = base("X", name, t0, track_of_index(x, i));

	json_object_set_new(ev, "dur", json_integer(t1 > t0 ? (json_int_t)(llround(t1 * 1e6) - llround(t0 * 1e6)) : 0));
	json_object_set_new(ev, "cat", json_string("program"));
	json_object_set_new(ev, "args", args ? args : json_object());
	emit(x, ev);
}

/* The programs each process ran, the time before its first exec, and the fork arrows. */
static void programs(struct exporter *x)
{
	size_t i, k;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i];
		double end = p->exited ? p->t_exit : x->m->t_last;
		double first = p->nexecs ? p->execs[0].t : end;
		json_t *args;
		if (p->parent || !p->nexecs || first > p->t_start) {
			args = json_object();
			if (p->parent)
				json_object_set_new(args, "parent", json_integer(p->parent->pid));
			slice(x, i, p->parent ? "(fork)" : "(start)", p->t_start, first, args);
		}
		for (k = 0; k < p->nexecs; k++) {
			const struct gt_mexec *e = &p->execs[k];
			double t1 = k + 1 < p->nexecs ? p->execs[k + 1].t : end;
			args = json_object();
			json_object_set_new(args, "argv", argv_line(e->argv));
			json_object_set_new(args, "path", json_string(e->path));
			if (k + 1 == p->nexecs && p->exited) {
				if (p->signal)
					json_object_set_new(args, "signal", json_string(p->signal));
				else
					json_object_set_new(args, "exit", json_integer(p->code));
			}
			slice(x, i, gt_base_name(e->path), e->t, t1, args);
		}
		if (p->parent) {
			json_t *s = base("s", "fork", p->t_start, track_of_index(x, p->parent->idx));
			json_t *f = base("f", "fork", p->t_start, track_of_index(x, i));
			json_object_set_new(s, "cat", json_string("fork"));
			json_object_set_new(f, "cat", json_string("fork"));
			json_object_set_new(s, "id", json_integer((json_int_t)++x->flows));
			json_object_set_new(f, "id", json_integer((json_int_t)x->flows));
			json_object_set_new(f, "bp", json_string("e"));
			emit(x, s);
			emit(x, f);
		}
	}
}

/*
 * The args of an instant: the event's fields as the trace had them (a null
 * stays null, an absent field stays out), strings cut at TEXT_MAX bytes.
 */
static void arg_text(json_t *args, const char *key, int has, const char *s, size_t n)
{
	if (has)
		json_object_set_new(args, key, !s ? json_null() : json_stringn(s, n > TEXT_MAX ? TEXT_MAX : n));
}

static void arg_str(json_t *args, const char *key, int has, const char *s)
{
	arg_text(args, key, has, s, s ? strlen(s) : 0);
}

static void arg_int(json_t *args, const char *key, int has, long long v)
{
	if (has)
		json_object_set_new(args, key, json_integer((json_int_t)v));
}

static void arg_strv(json_t *args, const char *key, int has, const struct gt_strv *sv)
{
	json_t *a;
	size_t i;

	if (!has)
		return;
	a = json_array();
	for (i = 0; i < sv->n; i++)
		json_array_append_new(a, sv->v[i] ? json_string(sv->v[i]) : json_null());
	json_object_set_new(args, key, a);
}

static json_t *open_args(const struct gt_ev_open *ev)
{
	json_t *args = json_object();

	arg_str(args, "path", GT_HAS(ev, open, path), ev->path);
	arg_str(args, "err", ev->err != NULL, ev->err);
	arg_strv(args, "flags", GT_HAS(ev, open, flags), &ev->flags);
	return args;
}

static json_t *exec_args(const struct gt_ev_exec *ev)
{
	json_t *args = json_object();

	arg_str(args, "path", GT_HAS(ev, exec, path), ev->path);
	arg_str(args, "err", ev->err != NULL, ev->err);
	return args;
}

static json_t *connect_args(const struct gt_ev_connect *ev)
{
	json_t *args = json_object();

	arg_str(args, "addr", GT_HAS(ev, connect, addr), ev->addr);
	arg_int(args, "port", GT_HAS(ev, connect, port), ev->port);
	arg_str(args, "host", GT_HAS(ev, connect, host), ev->host);
	arg_int(args, "ret", ev->has_ret, ev->ret);
	arg_str(args, "err", ev->err != NULL, ev->err);
	return args;
}

static json_t *stderr_args(const struct gt_ev_stderr *ev)
{
	json_t *args = json_object();

	arg_text(args, "text", GT_HAS(ev, stderr, text), ev->text.s, ev->text.n);
	arg_int(args, "skipped", GT_HAS(ev, stderr, skipped), ev->skipped);
	return args;
}

static json_t *dlopen_args(const struct gt_ev_dlopen *ev)
{
	json_t *args = json_object();

	arg_str(args, "name", GT_HAS(ev, dlopen, name), ev->name);
	arg_str(args, "file", GT_HAS(ev, dlopen, file), ev->file);
	if (GT_HAS(ev, dlopen, ok))
		json_object_set_new(args, "ok", json_boolean(ev->ok));
	arg_str(args, "error", GT_HAS(ev, dlopen, error), ev->error);
	return args;
}

/* An instant NAME on the track of event E's process, with ARGS (taken) and the event's line. */
static void instant(struct exporter *x, const struct gt_event *e, const char *name, json_t *args)
{
	long tr = track_at(x, e->pid, e->t);
	json_t *out;

	if (tr < 0) {
		json_decref(args);
		return;
	}
	out = base("i", name, e->t, tr);
	json_object_set_new(out, "s", json_string("t"));
	json_object_set_new(args, "line", json_integer((json_int_t)e->line));
	json_object_set_new(out, "args", args);
	emit(x, out);
}

/* A stall: a global instant on the root's track. */
static void stall(struct exporter *x, const struct gt_event *e, const struct gt_ev_stall *ev)
{
	const char *why = ev->reason;
	char name[64];
	json_t *out;

	snprintf(name, sizeof(name), "%s", why && !strcmp(why, "interrupt") ? "interrupted" :
		 why && !strcmp(why, "timeout") ? "timeout" : "no progress");
	out = base("i", name, e->t, x->m->root ? x->track[x->m->root->idx] : e->pid);
	json_object_set_new(out, "s", json_string("g"));
	emit(x, out);
}

/* One event worth an instant, as its struct R. */
static void export_event(struct exporter *x, const struct gt_event *e, const void *r)
{
	switch (e->kind) {
	case GT_EV_open:
		instant(x, e, "open failed", open_args(r));
		break;
	case GT_EV_exec:
		if (((const struct gt_ev_exec *)r)->err)
			instant(x, e, "exec failed", exec_args(r));
		break;
	case GT_EV_connect:
		instant(x, e, ((const struct gt_ev_connect *)r)->err ? "connect failed" : "connect", connect_args(r));
		break;
	case GT_EV_stderr:
		instant(x, e, "stderr", stderr_args(r));
		break;
	case GT_EV_dlopen:
		instant(x, e, ((const struct gt_ev_dlopen *)r)->ok ? "dlopen" : "dlopen failed", dlopen_args(r));
		break;
	case GT_EV_stall:
		stall(x, e, r);
		break;
	default:
		break;
	}
}

static int on_event(struct gt_event *e, void *arg)
{
	const void *r;

	if (e->line == 1)
		return 0;
	switch (e->kind) {
	case GT_EV_open:
		/* most events are successful opens: decided from the line, without parsing it */
		if (!memmem(e->text, e->len, "\"err\":", 6))
			return 0;
		break;
	case GT_EV_exec:
	case GT_EV_connect:
	case GT_EV_stderr:
	case GT_EV_dlopen:
	case GT_EV_stall:
		break;
	default:
		return 0;
	}
	if (!(r = gt_event_rec(e)))
		return -1;
	export_event(arg, e, r);
	return 0;
}

int gt_export_perfetto(const char *path, FILE *out, char *err, size_t errsize)
{
	struct gt_model m;
	struct exporter x;
	int rc = -1;

	if (gt_model_load(&m, path, err, errsize) < 0) {
		gt_model_free(&m);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.m = &m;
	x.out = out;
	x.track = gt_xcalloc(m.nproc + 1, sizeof(*x.track));
	fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", out);
	name_tracks(&x);
	programs(&x);
	if (gt_read_trace(path, on_event, &x, err, errsize) == 0)
		rc = 0;
	fputs("\n]}\n", out);
	free(x.track);
	gt_model_free(&m);
	if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
		snprintf(err, errsize, "cannot write the output");
		rc = -1;
	}
	return rc;
}

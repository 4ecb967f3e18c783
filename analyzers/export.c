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

/* ARGV (array) as one line, cut at TEXT_MAX bytes. */
static json_t *argv_line(json_t *argv)
{
	char line[TEXT_MAX + 4] = "";
	size_t i, len = 0;
	json_t *a;

	json_array_foreach(argv, i, a) {
		const char *s = json_string_value(a);
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

/* An instant on the track of the event's process, with ARGS copied from the event's KEYS. */
static void instant(struct exporter *x, struct gt_event *e, json_t *ev, const char *name, const char *const *keys)
{
	long tr = track_at(x, e->pid, e->t);
	json_t *out, *args = json_object();
	size_t k;

	if (tr < 0) {
		json_decref(args);
		return;
	}
	out = base("i", name, e->t, tr);
	json_object_set_new(out, "s", json_string("t"));
	for (k = 0; keys[k]; k++) {
		json_t *v = json_object_get(ev, keys[k]);
		if (v && json_is_string(v) && json_string_length(v) > TEXT_MAX)
			json_object_set_new(args, keys[k], json_stringn(json_string_value(v), TEXT_MAX));
		else if (v)
			json_object_set(args, keys[k], v);
	}
	json_object_set_new(args, "line", json_integer((json_int_t)e->line));
	json_object_set_new(out, "args", args);
	emit(x, out);
}

static int on_event(struct gt_event *e, void *arg)
{
	static const char *const open_keys[] = {"path", "err", "flags", NULL};
	static const char *const exec_keys[] = {"path", "err", NULL};
	static const char *const conn_keys[] = {"addr", "port", "host", "ret", "err", NULL};
	static const char *const text_keys[] = {"text", "skipped", NULL};
	static const char *const dl_keys[] = {"name", "file", "ok", "error", NULL};
	struct exporter *x = arg;
	json_t *ev;

	if (e->line == 1)
		return 0;
	/* most events are successful opens: decided from the line, without parsing it */
	if (!strcmp(e->ev, "open") && !memmem(e->text, e->len, "\"err\":", 6))
		return 0;
	if (strcmp(e->ev, "open") && strcmp(e->ev, "exec") && strcmp(e->ev, "connect") &&
	    strcmp(e->ev, "stderr") && strcmp(e->ev, "dlopen") && strcmp(e->ev, "stall"))
		return 0;
	if (!(ev = gt_event_json(e)))
		return -1;
	if (!strcmp(e->ev, "open"))
		instant(x, e, ev, "open failed", open_keys);
	else if (!strcmp(e->ev, "exec") && json_object_get(ev, "err"))
		instant(x, e, ev, "exec failed", exec_keys);
	else if (!strcmp(e->ev, "connect"))
		instant(x, e, ev, json_object_get(ev, "err") ? "connect failed" : "connect", conn_keys);
	else if (!strcmp(e->ev, "stderr"))
		instant(x, e, ev, "stderr", text_keys);
	else if (!strcmp(e->ev, "dlopen"))
		instant(x, e, ev, json_is_true(json_object_get(ev, "ok")) ? "dlopen" : "dlopen failed", dl_keys);
	else if (!strcmp(e->ev, "stall")) {
		const char *why = json_string_value(json_object_get(ev, "reason"));
		char name[64];
		json_t *out;
		snprintf(name, sizeof(name), "%s", why && !strcmp(why, "interrupt") ? "interrupted" :
			 why && !strcmp(why, "timeout") ? "timeout" : "no progress");
		out = base("i", name, e->t, x->m->root ? x->track[x->m->root->idx] : e->pid);
		json_object_set_new(out, "s", json_string("g"));
		emit(x, out);
	}
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

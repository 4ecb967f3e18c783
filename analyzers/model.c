/*
 * Model building. Processes are keyed by pid; a fork or exec for a pid
 * whose previous process has exited starts a new record, so pid reuse in a
 * long run does not merge two programs.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "reader.h"

static size_t slot(const struct gt_model *m, long pid)
{
	size_t h = (size_t)pid * 2654435761u;
	size_t mask = m->mapcap - 1;

	h &= mask;
	while (m->map[h] && m->map[h]->pid != pid)
		h = (h + 1) & mask;
	return h;
}

static void map_put(struct gt_model *m, struct gt_mproc *p)
{
	size_t i;

	if ((m->nproc + 1) * 2 > m->mapcap) {
		struct gt_mproc **old = m->map;
		size_t oldcap = m->mapcap;
		m->mapcap = m->mapcap ? m->mapcap * 2 : 1024;
		m->map = calloc(m->mapcap, sizeof(*m->map));
		if (!m->map)
			abort();
		for (i = 0; i < oldcap; i++)
			if (old[i])
				m->map[slot(m, old[i]->pid)] = old[i];
		free(old);
	}
	m->map[slot(m, p->pid)] = p;
}

struct gt_mproc *gt_model_proc(const struct gt_model *m, long pid)
{
	if (!m->mapcap)
		return NULL;
	return m->map[slot(m, pid)];
}

int gt_mproc_failed(const struct gt_mproc *p)
{
	return p->exited && (p->code != 0 || p->signal);
}

static void add_child(struct gt_mproc *parent, struct gt_mproc *c)
{
	if (parent->nchild == parent->capchild) {
		parent->capchild = parent->capchild ? parent->capchild * 2 : 4;
		parent->child = realloc(parent->child, parent->capchild * sizeof(*parent->child));
		if (!parent->child)
			abort();
	}
	parent->child[parent->nchild++] = c;
	c->parent = parent;
}

static struct gt_mproc *new_proc(struct gt_model *m, long pid, long ppid, double t)
{
	struct gt_mproc *p = calloc(1, sizeof(*p)), *parent;

	if (!p)
		abort();
	p->pid = pid;
	p->ppid = ppid;
	p->t_start = t;
	gt_buf_init(&p->err);
	if (m->nproc == m->capproc) {
		m->capproc = m->capproc ? m->capproc * 2 : 64;
		m->procs = realloc(m->procs, m->capproc * sizeof(*m->procs));
		if (!m->procs)
			abort();
	}
	m->procs[m->nproc++] = p;
	parent = gt_model_proc(m, ppid);
	if (parent && !parent->exited)
		add_child(parent, p);
	map_put(m, p);
	return p;
}

/* The live process PID, creating it (child of PPID) if unknown or exited. */
static struct gt_mproc *live_proc(struct gt_model *m, long pid, long ppid, double t)
{
	struct gt_mproc *p = gt_model_proc(m, pid);

	if (p && !p->exited)
		return p;
	return new_proc(m, pid, ppid, t);
}

static const char *str(json_t *ev, const char *key)
{
	return json_string_value(json_object_get(ev, key));
}

static long num(json_t *ev, const char *key)
{
	return (long)json_integer_value(json_object_get(ev, key));
}

/* Events the model only counts need no parsing beyond kind and pid. */
static int on_event(struct gt_event *e, void *arg)
{
	struct gt_model *m = arg;
	const char *kind = e->ev;
	double t = e->t;
	long pid = e->pid;
	struct gt_mproc *p;
	json_t *ev;

	if (e->line == 1) {
		m->run = json_incref(gt_event_json(e));
		return 0;
	}
	m->events++;
	if (t > m->t_last)
		m->t_last = t;
	if (!strcmp(kind, "open") || !strcmp(kind, "connect") || !strcmp(kind, "connect_done")) {
		p = gt_model_proc(m, pid);
		if (!p)
			p = new_proc(m, pid, 0, t);
		p->events++;
		return 0;
	}
	ev = gt_event_json(e);
	if (!ev)
		return -1;
	if (!strcmp(kind, "end")) {
		m->end = json_incref(ev);
		return 0;
	}
	if (!strcmp(kind, "fork")) {
		p = new_proc(m, pid, num(ev, "ppid"), t);
		p->events++;
		return 0;
	}
	p = gt_model_proc(m, pid);
	if (!strcmp(kind, "exec")) {
		const char *path = str(ev, "path");
		json_t *ret = json_object_get(ev, "ret");
		p = live_proc(m, pid, num(ev, "ppid"), t);
		p->events++;
		if (!m->root && num(ev, "ppid") == num(m->run, "pid"))
			m->root = p;
		if (json_integer_value(ret) == 0 && !json_object_get(ev, "err") && path) {
			const char *base = strrchr(path, '/');
			free(p->name);
			free(p->path);
			p->name = strdup(base ? base + 1 : path);
			p->path = strdup(path);
			json_decref(p->argv);
			p->argv = json_incref(json_object_get(ev, "argv"));
			p->nexec++;
		}
		return 0;
	}
	if (!p) {
		/* events of a process we saw no fork or exec for (the mode saw less) */
		p = new_proc(m, pid, num(ev, "ppid"), t);
	}
	p->events++;
	if (!strcmp(kind, "exit")) {
		json_t *code = json_object_get(ev, "code");
		p->exited = 1;
		p->t_exit = t;
		p->code = code ? (int)json_integer_value(code) : -1;
		if (str(ev, "signal"))
			p->signal = strdup(str(ev, "signal"));
		if (!m->root && p->ppid == num(m->run, "pid"))
			m->root = p;
	} else if (!strcmp(kind, "stderr")) {
		const char *text = str(ev, "text");
		size_t n = text ? strlen(text) : 0;
		if (p->err.len + n > GT_MODEL_ERR_MAX) {
			n = GT_MODEL_ERR_MAX - p->err.len;
			p->err_trunc = 1;
		}
		gt_buf_add(&p->err, text, n);
	}
	return 0;
}

int gt_model_load(struct gt_model *m, const char *path, char *err, size_t errsize)
{
	memset(m, 0, sizeof(*m));
	if (gt_read_trace(path, on_event, m, err, errsize) < 0) {
		gt_model_free(m);
		return -1;
	}
	return 0;
}

void gt_model_free(struct gt_model *m)
{
	size_t i;

	for (i = 0; i < m->nproc; i++) {
		struct gt_mproc *p = m->procs[i];
		free(p->name);
		free(p->path);
		free(p->signal);
		json_decref(p->argv);
		gt_buf_free(&p->err);
		free(p->child);
		free(p);
	}
	free(m->procs);
	free(m->map);
	json_decref(m->run);
	json_decref(m->end);
	memset(m, 0, sizeof(*m));
}

/*
 * Model building. Processes are keyed by pid; a fork or exec for a pid
 * whose previous process has exited starts a new record, so pid reuse in a
 * long run does not merge two programs.
 */
#include "model.h"
#include "goconf.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "../common/files.h"
#include "../common/util.h"

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
		m->map = gt_xcalloc(m->mapcap, sizeof(*m->map));
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
	return p->exited && (p->code != 0 || p->signal) && !p->cancelled;
}

static void add_child(struct gt_mproc *parent, struct gt_mproc *c)
{
	GT_GROW(parent->child, parent->nchild, parent->capchild);
	parent->child[parent->nchild++] = c;
	c->parent = parent;
}

static struct gt_mproc *new_proc(struct gt_model *m, long pid, long ppid, double t)
{
	struct gt_mproc *p = gt_xcalloc(1, sizeof(*p)), *parent;

	p->pid = pid;
	p->ppid = ppid;
	p->t_start = t;
	gt_buf_init(&p->err);
	GT_GROW(m->procs, m->nproc, m->capproc);
	p->idx = m->nproc;
	m->procs[m->nproc++] = p;
	parent = gt_model_proc(m, ppid);
	if (parent && !parent->exited) {
		add_child(parent, p);
		/* a child starts with its parent's environment */
		p->env = json_incref(parent->env);
		if (parent->goenv)
			p->goenv = gt_xstrdup(parent->goenv);
		if (parent->netrc)
			p->netrc = gt_xstrdup(parent->netrc);
	}
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


/*
 * Append what a program wrote (S, N bytes) to OUT, up to GT_MODEL_ERR_MAX
 * bytes; a NUL byte (binary output) becomes U+FFFD, so the text stays one
 * C string. Returns 1 when some of it did not fit.
 */
static int add_output(struct gt_buf *out, const struct gt_text *text)
{
	const char *s = text->s;
	size_t n = s ? text->n : 0, i;

	for (i = 0; i < n; i++) {
		const char *c = s[i] ? s + i : "\xef\xbf\xbd";
		size_t k = s[i] ? 1 : 3;
		if (out->len + k > GT_MODEL_ERR_MAX)
			return 1;
		if (s[i]) {
			/* the run of ordinary bytes at once */
			const char *z = memchr(s + i, 0, n - i);
			k = (size_t)((z ? z : s + n) - (s + i));
			if (out->len + k > GT_MODEL_ERR_MAX) {
				gt_buf_add(out, c, GT_MODEL_ERR_MAX - out->len);
				return 1;
			}
			i += k - 1;
		}
		gt_buf_add(out, c, k);
	}
	return 0;
}

struct gt_mproc *gt_model_proc_at(const struct gt_model *m, long pid, double t)
{
	struct gt_mproc *found = gt_model_proc(m, pid);
	size_t i;

	/* the latest process with that pid, nearly always the one */
	if (!found || found->t_start <= t)
		return found;
	for (i = found->idx; i-- > 0;)
		if (m->procs[i]->pid == pid) {
			found = m->procs[i];
			if (found->t_start <= t)
				break;
		}
	return found;
}

const struct gt_ev_fingerprint *gt_model_fingerprint(const struct gt_model *m, const char *path)
{
	size_t lo = 0, hi = m->nfps;

	while (path && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->fps[mid]->path, path);
		if (!c)
			return m->fps[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct gt_ev_fingerprint *gt_model_cred_file(const struct gt_model *m, const char *path)
{
	const struct gt_ev_fingerprint *fp = gt_model_fingerprint(m, path);

	return fp && GT_HAS(fp, fingerprint, mode) ? fp : NULL;
}

const char *gt_base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

const char *gt_env_get(const json_t *env, const char *name)
{
	return json_string_value(json_object_get(env, name));
}

/* Whether the analyzers need the open of PATH (LEN bytes; FAILED: it has an error) by PID (gt_open_needs). */
static int open_needed(struct gt_model *m, long pid, const char *path, size_t len, int failed)
{
	struct gt_open_view v = {path, len, path + len, 0, failed, NULL};
	size_t i;

	while (v.base > path && v.base[-1] != '/')
		v.base--;
	v.blen = (size_t)(path + len - v.base);
	v.p = gt_model_proc(m, pid);
	for (i = 0; gt_open_needs[i].who; i++)
		if (gt_open_needs[i].needs(&v))
			return 1;
	return 0;
}

static void keep_open(struct gt_model *m, struct gt_mproc *p, const struct gt_ev_open *ev)
{
	const char *path = ev->abs ? ev->abs : ev->path;
	struct gt_mopen *o;
	int rd = 0, wr = 0;
	size_t i;

	if (!path)
		return;
	GT_GROW(m->opens, m->nopens, m->capopens);
	o = &m->opens[m->nopens++];
	memset(o, 0, sizeof(*o));
	o->p = p;
	o->path = gt_xstrdup(path);
	o->ok = ev->ret >= 0 && !ev->err;
	for (i = 0; i < ev->flags.n; i++) {
		const char *fl = ev->flags.v[i];
		if (!fl)
			continue;
		if (!strcmp(fl, "O_CREAT"))
			o->creat = 1;
		else if (!strcmp(fl, "O_RDONLY") || !strcmp(fl, "O_RDWR"))
			rd = 1;
		else if (!strcmp(fl, "O_TRUNC") || !strcmp(fl, "O_TMPFILE"))
			wr = 1;
	}
	o->read = rd && !wr && !o->creat;
	if (ev->err)
		snprintf(o->err, sizeof(o->err), "%s", ev->err);
	o->line = ev->line;
	o->t = ev->t;
	o->src = ev->src && !strcmp(ev->src, "preload") ? "preload" : "sys";
}

/* The environment an exec event describes, given the one it replaces. */
static json_t *exec_env(const struct gt_ev_exec *ev, json_t *old)
{
	json_t *env;
	size_t i;

	if (ev->env)
		return json_incref((json_t *)ev->env);
	if (!ev->env_diff)
		return NULL;
	env = old ? json_copy(old) : json_object();
	if (ev->env_diff->set)
		json_object_update(env, (json_t *)ev->env_diff->set);
	for (i = 0; i < ev->env_diff->unset.n; i++)
		if (ev->env_diff->unset.v[i])
			json_object_del(env, ev->env_diff->unset.v[i]);
	return env;
}

static void copy_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

/* How a non-blocking connect ended: the connect it finishes */
static void connect_done(struct gt_model *m, struct gt_mproc *p, const struct gt_ev_connect_done *ev)
{
	size_t i = m->nconns;
	struct gt_mconn *c;

	while (i-- > 0)
		if (m->conns[i].p == p && m->conns[i].fd == (int)ev->fd && !m->conns[i].done) {
			c = &m->conns[i];
			c->done = 1;
			c->ok = ev->so_error == 0;
			copy_str(c->err, sizeof(c->err), ev->err);
			c->done_line = ev->line;
			c->t_done = ev->t;
			return;
		}
}

static void on_connect(struct gt_model *m, struct gt_mproc *p, const struct gt_ev_connect *ev)
{
	struct gt_mconn *c;

	GT_GROW(m->conns, m->nconns, m->capconns);
	c = &m->conns[m->nconns++];
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->fd = (int)ev->fd;
	copy_str(c->family, sizeof(c->family), ev->family);
	copy_str(c->addr, sizeof(c->addr), ev->addr ? ev->addr : ev->path);
	c->port = (int)ev->port;
	copy_str(c->host, sizeof(c->host), ev->host);
	c->line = ev->line;
	c->t = ev->t;
	if (ev->err && !strcmp(ev->err, "EINPROGRESS"))
		return;
	c->done = 1;
	c->ok = !ev->err;
	copy_str(c->err, sizeof(c->err), ev->err);
	c->done_line = ev->line;
	c->t_done = ev->t;
}

static void xfail_clear(struct gt_mproc *p)
{
	free(p->xfail.path);
	free(p->xfail.machine);
	p->xfail.path = NULL;
	p->xfail.machine = NULL;
}

/*
 * One handler per event kind, given the event decoded (R: its struct
 * gt_ev_KIND; NULL for opens, decoded only when kept). Each returns 0 when
 * done with the event, 1 when it is also counted for its process
 * (count_event), -1 when the line is corrupt.
 */

/* The process of E, made when no fork or exec of it was seen (the mode saw less); its count goes up. */
static struct gt_mproc *count_event(struct gt_model *m, struct gt_event *e, long ppid)
{
	struct gt_mproc *p = gt_model_proc(m, e->pid);

	if (!p)
		p = new_proc(m, e->pid, ppid, e->t);
	p->events++;
	return p;
}

/*
 * Opens are the bulk of a trace: the path is judged from the line's text
 * without parsing it, unless it holds an escape; only an open the model
 * keeps is parsed.
 */
static int ev_open(struct gt_model *m, struct gt_event *e, void *r)
{
	struct gt_mproc *p = count_event(m, e, 0);
	const char *k = memmem(e->text, e->len, "\"path\":\"", 8), *v, *q;
	const struct gt_ev_open *ev = r;

	if (!k)
		return 0;
	v = k + 8;
	q = memchr(v, '"', e->len - (size_t)(v - e->text));
	if (!q)
		return 0;
	if (!memchr(v, '\\', (size_t)(q - v))) {
		if (!open_needed(m, e->pid, v, (size_t)(q - v), memmem(q, e->len - (size_t)(q - e->text), "\"err\":", 6) != NULL))
			return 0;
		if (!(ev = gt_event_rec(e)))
			return -1;
	} else {
		if (!(ev = gt_event_rec(e)))
			return -1;
		if (!ev->path || !open_needed(m, e->pid, ev->path, strlen(ev->path), ev->err != NULL))
			return 0;
	}
	keep_open(m, p, ev);
	return 0;
}

static int ev_connect(struct gt_model *m, struct gt_event *e, void *r)
{
	struct gt_mproc *p = count_event(m, e, 0);

	if (e->kind == GT_EV_connect_done)
		connect_done(m, p, r);
	else
		on_connect(m, p, r);
	return 0;
}

static int ev_end(struct gt_model *m, struct gt_event *e, void *r)
{
	(void)r;
	if (m->end) {
		snprintf(e->err, e->errsize, "%s: corrupt at line %zu: a second end record", e->path, e->line);
		return -1;
	}
	m->end = gt_event_take(e);
	return 0;
}

/* Append the event E to the array *A (N, CAP), which then owns it. */
#define KEEP(a, n, cap, e)                        \
	do {                                      \
		GT_GROW(a, n, cap);               \
		(a)[(n)++] = gt_event_take(e);    \
	} while (0)

/* the shim's and the audit library's events, and the debuggers', kept in order for the analyzers */
static int ev_kept(struct gt_model *m, struct gt_event *e, void *r)
{
	(void)r;
	if (e->kind == GT_EV_ld_search)
		KEEP(m->ldsearch, m->nldsearch, m->capldsearch, e);
	else if (e->kind == GT_EV_dlopen)
		KEEP(m->dlopens, m->ndlopens, m->capdlopens, e);
	else if (e->kind == GT_EV_ptrace)
		KEEP(m->ptraces, m->nptraces, m->capptraces, e);
	else
		KEEP(m->listeners, m->nlisteners, m->caplisteners, e);
	return 1;
}

static int ev_resolve(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_resolve *ev = r;
	struct gt_mresolve *x;

	GT_GROW(m->resolves, m->nresolves, m->capresolves);
	x = &m->resolves[m->nresolves++];
	memset(x, 0, sizeof(*x));
	x->pid = e->pid;
	x->t = e->t;
	x->line = e->line;
	x->host = ev->host ? gt_xstrdup(ev->host) : NULL;
	copy_str(x->fn, sizeof(x->fn), ev->fn);
	copy_str(x->err, sizeof(x->err), ev->err);
	x->ret = ev->ret;
	return 1;
}

static int ev_dns(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_dns *ev = r;
	struct gt_mdns *d;

	if (!ev->name || !ev->dir || (strcmp(ev->dir, "query") && strcmp(ev->dir, "answer")))
		return 1;
	GT_GROW(m->dns, m->ndns, m->capdns);
	d = &m->dns[m->ndns++];
	memset(d, 0, sizeof(*d));
	d->pid = e->pid;
	d->t = e->t;
	d->line = e->line;
	d->answer = !strcmp(ev->dir, "answer");
	d->name = gt_xstrdup(ev->name);
	copy_str(d->qtype, sizeof(d->qtype), ev->qtype);
	copy_str(d->rcode, sizeof(d->rcode), ev->rcode);
	copy_str(d->server, sizeof(d->server), ev->server);
	d->naddrs = ev->addrs.n;
	return 1;
}

static int ev_stall(struct gt_model *m, struct gt_event *e, void *r)
{
	(void)r;
	KEEP(m->stalls, m->nstalls, m->capstalls, e);
	return 0;
}

static int ev_fingerprint(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_fingerprint *ev = r;

	if (ev->path)
		KEEP(m->fps, m->nfps, m->capfps, e);
	return 0;
}

/* by path, and a path's events in trace order */
static int fp_order(const void *a, const void *b)
{
	const struct gt_ev_fingerprint *x = *(const struct gt_ev_fingerprint *const *)a;
	const struct gt_ev_fingerprint *y = *(const struct gt_ev_fingerprint *const *)b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sort the fingerprints by path for gt_model_fingerprint, keeping a path's last event only. */
static void fps_index(struct gt_model *m)
{
	size_t i, n = 0;

	if (!m->nfps)
		return;
	qsort(m->fps, m->nfps, sizeof(*m->fps), fp_order);
	for (i = 0; i < m->nfps; i++) {
		if (i + 1 < m->nfps && !strcmp(m->fps[i]->path, m->fps[i + 1]->path)) {
			gt_rec_free(GT_EV_fingerprint, m->fps[i]);
			continue;
		}
		m->fps[n++] = m->fps[i];
	}
	m->nfps = n;
}

static int ev_fork(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_fork *ev = r;

	new_proc(m, e->pid, (long)ev->ppid, e->t)->events++;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? gt_xstrdup(s) : NULL;
}

/* A successful exec: the new image, its environment and what it says about its loading. */
static void exec_ok(struct gt_mproc *p, const struct gt_ev_exec *ev)
{
	json_t *env = exec_env(ev, p->env);
	const char *ge;
	struct gt_mexec *x;

	xfail_clear(p);
	free(p->name);
	free(p->path);
	p->name = gt_xstrdup(gt_base_name(ev->path));
	p->path = gt_xstrdup(ev->path);
	p->nexec++;
	json_decref(p->env);
	p->env = env;
	free(p->goenv);
	ge = gt_env_get(env, "GOENV");
	p->goenv = ge && ge[0] == '/' ? gt_xstrdup(ge) : NULL;
	free(p->netrc);
	ge = gt_env_get(env, "NETRC");
	p->netrc = ge && ge[0] == '/' ? gt_xstrdup(ge) : NULL;
	p->execs = gt_xrealloc(p->execs, (p->nexecs + 1) * sizeof(*p->execs));
	x = &p->execs[p->nexecs++];
	memset(x, 0, sizeof(*x));
	x->path = gt_xstrdup(ev->path);
	x->exe = dup_or_null(ev->exe);
	x->argv = GT_HAS(ev, exec, argv) ? gt_strv_dup(&ev->argv) : NULL;
	p->argv = x->argv;
	x->env = json_incref(env);
	x->line = ev->line;
	x->t = ev->t;
	x->err_at = p->err.len;
	x->rpath = dup_or_null(ev->rpath);
	x->runpath = dup_or_null(ev->runpath);
	if (GT_HAS(ev, exec, interp)) {
		x->linkage = ev->interp ? 2 : 1;
		x->interp = dup_or_null(ev->interp);
	}
}

/* A failed exec: the path, the error, and what kind of file it was when the kernel refused it. */
static void exec_failed(struct gt_mproc *p, const struct gt_ev_exec *ev)
{
	const struct gt_ev_elf *elf = ev->elf;

	xfail_clear(p);
	p->xfail.path = gt_xstrdup(ev->path);
	copy_str(p->xfail.err, sizeof(p->xfail.err), ev->err);
	p->xfail.line = ev->line;
	p->xfail.t = ev->t;
	p->xfail.elf = -1;
	if (GT_HAS(ev, exec, elf) && !elf) {
		p->xfail.elf = 0; /* "elf": false */
	} else if (elf) {
		if (elf->class == 32 || elf->class == 64)
			p->xfail.elf = (int)elf->class;
		if (elf->machine)
			p->xfail.machine = gt_xstrdup(elf->machine);
		else if (json_is_integer(json_object_get(elf->json, "machine"))) /* e_machine without a name */
			p->xfail.machine = gt_xasprintf("%lld", (long long)json_integer_value(json_object_get(elf->json, "machine")));
	}
}

static int ev_exec(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_exec *ev = r;
	struct gt_mproc *p = live_proc(m, e->pid, (long)ev->ppid, e->t);

	p->events++;
	if (!m->root && ev->ppid == m->run->pid)
		m->root = p;
	if (ev->ret == 0 && !ev->err && ev->path)
		exec_ok(p, ev);
	else if (ev->path && ev->err)
		exec_failed(p, ev);
	return 0;
}

static int ev_exit(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_exit *ev = r;
	struct gt_mproc *p = count_event(m, e, (long)ev->ppid);

	p->exited = 1;
	p->t_exit = e->t;
	p->exit_line = e->line;
	p->code = GT_HAS(ev, exit, code) ? (int)ev->code : -1;
	free(p->signal); /* a second exit of the same pid (a hostile trace) replaces the first */
	p->signal = dup_or_null(ev->signal);
	/*
	 * Its parent asked it to stop (SIGINT, SIGTERM, SIGHUP or SIGKILL, the
	 * first such signal anyone sent it) and it did: a cancellation (gopls
	 * interrupting its go list, exec.CommandContext), not a failure.
	 * SIGQUIT, go test's "ran too long", is not one.
	 */
	p->cancelled = (p->code != 0 || p->signal) && p->sig_by && p->sig_by == p->ppid &&
		       strcmp(p->sig_first, "SIGQUIT");
	if (!m->root && p->ppid == m->run->pid)
		m->root = p;
	return 0;
}

/* A failed path call: kept for go's processes, and for any process's failed change of a path */
static int ev_fsfail(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_fsfail *ev = r;
	struct gt_mproc *p = count_event(m, e, 0);
	const char *call = ev->call, *path = ev->abs ? ev->abs : ev->path;
	struct gt_mfsfail *f;
	int change, go = p->nexecs && gt_exec_is_go(&p->execs[p->nexecs - 1]);

	if (!call || !path || !path[0] || !ev->err)
		return 0;
	change = strstr(call, "mkdir") || strstr(call, "rename") || strstr(call, "unlink") || !strcmp(call, "rmdir");
	if (!go && !change)
		return 0;
	GT_GROW(m->fsfails, m->nfsfails, m->capfsfails);
	f = &m->fsfails[m->nfsfails++];
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->path = gt_xstrdup(path);
	copy_str(f->call, sizeof(f->call), call);
	copy_str(f->err, sizeof(f->err), ev->err);
	f->line = e->line;
	f->t = e->t;
	return 0;
}

/* The command was not found on PATH (wrap/notfound.c) */
static int ev_notfound(struct gt_model *m, struct gt_event *e, void *r)
{
	(void)r;
	if (!m->notfound)
		m->notfound = gt_event_take(e);
	return 0;
}

/* --max-trace: the trace stops recording here */
static int ev_limit(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_limit *ev = r;

	if (!m->limit_line) {
		m->limit_line = e->line;
		m->limit_t = e->t;
		m->limit_bytes = (unsigned long long)ev->max_bytes;
	}
	return 0;
}

/* A signal that ends or interrupts: the first one another process sent to each process. */
static int ev_signal(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_signal *ev = r;
	long to = (long)ev->to;
	struct gt_mproc *p = count_event(m, e, 0), *q = to > 0 ? gt_model_proc(m, to) : NULL;

	if (!q || q == p || q->exited || q->sig_by || !ev->sig || ev->err)
		return 0;
	q->sig_by = p->pid;
	copy_str(q->sig_first, sizeof(q->sig_first), ev->sig);
	q->sig_line = e->line;
	q->sig_t = e->t;
	if (!m->root && p->ppid == m->run->pid)
		m->root = p;
	return 0;
}

static int ev_stderr(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_stderr *ev = r;
	struct gt_mproc *p = count_event(m, e, 0);

	if (!p->err_line)
		p->err_line = e->line;
	p->err_last_line = e->line;
	p->err_skipped += (unsigned long long)ev->skipped;
	if (!p->err_trunc) {
		if (!add_output(&p->err, &ev->text))
			return 0;
		p->err_trunc = 1;
	}
	/* past the first GT_MODEL_ERR_MAX bytes: keep the last ones */
	if (p->err_tail.len + ev->text.n > GT_MODEL_ERR_MAX) {
		size_t cut = p->err_tail.len - GT_MODEL_ERR_MAX / 2;
		const char *nl = memchr(p->err_tail.p + cut, '\n', p->err_tail.len - cut);
		cut = nl ? (size_t)(nl - p->err_tail.p) + 1 : p->err_tail.len;
		memmove(p->err_tail.p, p->err_tail.p + cut, p->err_tail.len - cut);
		p->err_tail.len -= cut;
	}
	add_output(&p->err_tail, &ev->text);
	return 0;
}

static int ev_stdout(struct gt_model *m, struct gt_event *e, void *r)
{
	const struct gt_ev_stdout *ev = r;

	add_output(&count_event(m, e, 0)->out, &ev->text);
	return 0;
}

/* The handler of each kind; kinds without one only count for their process. */
static int (*const handlers[GT_EV_NKINDS])(struct gt_model *m, struct gt_event *e, void *r) = {
	[GT_EV_open] = ev_open,       [GT_EV_connect] = ev_connect,   [GT_EV_connect_done] = ev_connect,
	[GT_EV_exec] = ev_exec,       [GT_EV_fork] = ev_fork,         [GT_EV_exit] = ev_exit,
	[GT_EV_stderr] = ev_stderr,   [GT_EV_stdout] = ev_stdout,     [GT_EV_dns] = ev_dns,
	[GT_EV_resolve] = ev_resolve, [GT_EV_dlopen] = ev_kept,       [GT_EV_ld_search] = ev_kept,
	[GT_EV_ptrace] = ev_kept,     [GT_EV_seccomp_listener] = ev_kept, [GT_EV_signal] = ev_signal,
	[GT_EV_limit] = ev_limit,     [GT_EV_stall] = ev_stall,       [GT_EV_fingerprint] = ev_fingerprint,
	[GT_EV_end] = ev_end,         [GT_EV_notfound] = ev_notfound, [GT_EV_fsfail] = ev_fsfail,
};

static int on_event(struct gt_event *e, void *arg)
{
	struct gt_model *m = arg;
	int (*fn)(struct gt_model *, struct gt_event *, void *) = e->kind < GT_EV_NKINDS ? handlers[e->kind] : NULL;
	void *r = NULL;
	int rc = 1;

	if (e->line == 1) {
		if (e->kind != GT_EV_run)
			return 0; /* the reader accepts only a run header */
		m->run = gt_event_take(e);
		if (!m->run)
			return -1;
		m->live = e->live;
		m->fsfail_recorded = m->run->fsfail;
		return 0;
	}
	m->events++;
	if (e->t > m->t_last)
		m->t_last = e->t;
	/* every handler but open's is given the decoded event */
	if (e->kind != GT_EV_open && !(r = gt_event_rec(e)))
		return -1;
	if (fn)
		rc = fn(m, e, r);
	if (rc <= 0)
		return rc;
	/* any other kind (getenv, exec_intent, ...) counts for its process */
	count_event(m, e, (long)json_integer_value(json_object_get(gt_rec_json(r), "ppid")));
	return 0;
}

int gt_model_load(struct gt_model *m, const char *path, char *err, size_t errsize)
{
	memset(m, 0, sizeof(*m));
	m->path = gt_xstrdup(path);
	if (gt_read_trace(path, on_event, m, err, errsize) < 0) {
		gt_model_free(m);
		return -1;
	}
	if (m->end)
		m->live = 0; /* it finished while being read */
	fps_index(m);
	m->goconf = gt_goconf_new(m);
	return 0;
}

/* Free the N records of kind K in A, and A. */
static void free_recs(enum gt_ev_kind k, void *a, size_t n)
{
	void **v = a;
	size_t i;

	for (i = 0; i < n; i++)
		gt_rec_free(k, v[i]);
	free(v);
}

static void proc_free(struct gt_mproc *p)
{
	size_t j;

	xfail_clear(p);
	free(p->name);
	free(p->path);
	free(p->signal);
	gt_buf_free(&p->err);
	gt_buf_free(&p->err_tail);
	gt_buf_free(&p->out);
	free(p->child);
	json_decref(p->env);
	free(p->goenv);
	free(p->netrc);
	for (j = 0; j < p->nexecs; j++) {
		free(p->execs[j].path);
		free(p->execs[j].exe);
		free(p->execs[j].interp);
		free(p->execs[j].rpath);
		free(p->execs[j].runpath);
		free(p->execs[j].argv);
		json_decref(p->execs[j].env);
	}
	free(p->execs);
	free(p);
}

void gt_model_free(struct gt_model *m)
{
	size_t i;

	gt_goconf_free(m->goconf);
	m->goconf = NULL;
	for (i = 0; i < m->nproc; i++)
		proc_free(m->procs[i]);
	for (i = 0; i < m->nopens; i++)
		free(m->opens[i].path);
	free(m->opens);
	for (i = 0; i < m->nfsfails; i++)
		free(m->fsfails[i].path);
	free(m->fsfails);
	free(m->conns);
	for (i = 0; i < m->ndns; i++)
		free(m->dns[i].name);
	free(m->dns);
	for (i = 0; i < m->nresolves; i++)
		free(m->resolves[i].host);
	free(m->resolves);
	free_recs(GT_EV_stall, m->stalls, m->nstalls);
	free_recs(GT_EV_ptrace, m->ptraces, m->nptraces);
	free_recs(GT_EV_seccomp_listener, m->listeners, m->nlisteners);
	free_recs(GT_EV_ld_search, m->ldsearch, m->nldsearch);
	free_recs(GT_EV_dlopen, m->dlopens, m->ndlopens);
	free_recs(GT_EV_fingerprint, m->fps, m->nfps);
	gt_rec_free(GT_EV_notfound, m->notfound);
	gt_settings_free(m);
	free(m->path);
	free(m->procs);
	free(m->map);
	gt_rec_free(GT_EV_run, m->run);
	gt_rec_free(GT_EV_end, m->end);
	memset(m, 0, sizeof(*m));
}

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

static const char *str(json_t *ev, const char *key)
{
	return json_string_value(json_object_get(ev, key));
}

/*
 * Append what a program wrote to OUT, up to GT_MODEL_ERR_MAX bytes; a NUL
 * byte (binary output) becomes U+FFFD, so the text stays one C string.
 * Returns 1 when some of it did not fit.
 */
static int add_output(struct gt_buf *out, json_t *text)
{
	const char *s = json_string_value(text);
	size_t n = s ? json_string_length(text) : 0, i;

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

static long num(json_t *ev, const char *key)
{
	return (long)json_integer_value(json_object_get(ev, key));
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

json_t *gt_model_cred_file(const struct gt_model *m, const char *path)
{
	return m->fpcred && path ? json_object_get(m->fpcred, path) : NULL;
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

/* Whether P runs a C compiler or preprocessor (cc1, gcc, clang, cpp...): whose header lookups are kept. */
static int c_compiler(const struct gt_mproc *p)
{
	const char *n = p ? p->name : NULL;

	return n && (!strncmp(n, "cc1", 3) || !strncmp(n, "clang", 5) || !strcmp(n, "cpp") ||
		     !strcmp(n, "cc") || !strcmp(n, "c++") || !strcmp(n, "g++") || strstr(n, "gcc"));
}

/*
 * Whether an open of PATH (LEN bytes; FAILED: it has an error) by process
 * PID is one the analyzers look at — the one place that says which opens
 * the model keeps, each line naming who needs them.
 */
static int open_needed(struct gt_model *m, long pid, const char *path, size_t len, int failed)
{
	const char *b = path + len, *end = path + len;
	const struct gt_mproc *p;
	size_t n;

	while (b > path && b[-1] != '/')
		b--;
	n = (size_t)(end - b);
	/* go's own files: go.mod, go.sum, go.work, env files, VERSION... (toolchain, config, gosum) */
	if (gt_file_kind(path, len) != GT_FK_NONE)
		return 1;
	/* a toolchain download lands in the module cache (toolchain) */
	if (memmem(path, len, "/golang.org/toolchain/@v/", 25))
		return 1;
	/* pkg-config's .pc files (library) */
	if (n > 3 && !memcmp(end - 3, ".pc", 3))
		return 1;
	/* shared libraries and archives: ld.so's and ld's searches (library, libsearch, libload) */
	if (n > 3 && !memcmp(b, "lib", 3) && (memmem(b, n, ".so", 3) || (n > 2 && end[-2] == '.' && end[-1] == 'a')))
		return 1;
	/* ssh's configuration, keys and known hosts (credgit) */
	if (memmem(path, len, "/.ssh/", 6) || memmem(path, len, "/etc/ssh/", 9))
		return 1;
	p = gt_model_proc(m, pid);
	if (!p)
		return 0;
	/* a C header a C compiler looked for and did not find: each #include tries several directories (cheader) */
	if (failed && n > 2 && end[-2] == '.' && end[-1] == 'h' && c_compiler(p))
		return 1;
	/* the process's GOENV file and its .netrc (goconf, credential) */
	return (p->goenv && strlen(p->goenv) == len && !memcmp(p->goenv, path, len)) ||
	       (p->netrc && strlen(p->netrc) == len && !memcmp(p->netrc, path, len));
}

static void keep_open(struct gt_model *m, struct gt_event *e, struct gt_mproc *p, json_t *ev)
{
	const char *path = json_string_value(json_object_get(ev, "abs"));
	const char *err = json_string_value(json_object_get(ev, "err"));
	const char *src = json_string_value(json_object_get(ev, "src"));
	struct gt_mopen *o;

	if (!path)
		path = json_string_value(json_object_get(ev, "path"));
	if (!path)
		return;
	GT_GROW(m->opens, m->nopens, m->capopens);
	o = &m->opens[m->nopens++];
	memset(o, 0, sizeof(*o));
	o->p = p;
	o->path = gt_xstrdup(path);
	o->ok = json_integer_value(json_object_get(ev, "ret")) >= 0 && !err;
	{
		size_t i;
		json_t *v;
		int rd = 0, wr = 0;
		json_array_foreach(json_object_get(ev, "flags"), i, v) {
			const char *fl = json_string_value(v);
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
	}
	if (err)
		snprintf(o->err, sizeof(o->err), "%s", err);
	o->line = e->line;
	o->t = e->t;
	o->src = src && !strcmp(src, "preload") ? "preload" : "sys";
}

/* The environment an exec event describes, given the one it replaces. */
static json_t *exec_env(json_t *ev, json_t *old)
{
	json_t *full = json_object_get(ev, "env"), *diff = json_object_get(ev, "env_diff"), *env, *v;
	const char *k;
	size_t i;

	if (json_is_object(full))
		return json_incref(full);
	if (!json_is_object(diff))
		return NULL;
	env = old ? json_copy(old) : json_object();
	json_object_update(env, json_object_get(diff, "set"));
	json_array_foreach(json_object_get(diff, "unset"), i, v)
		if (json_is_string(v))
			json_object_del(env, json_string_value(v));
	(void)k;
	return env;
}

static void copy_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

static void on_connect(struct gt_model *m, struct gt_event *e, struct gt_mproc *p, json_t *ev)
{
	const char *err = json_string_value(json_object_get(ev, "err"));
	struct gt_mconn *c;

	if (!strcmp(e->ev, "connect_done")) {
		size_t i = m->nconns;
		int fd = (int)json_integer_value(json_object_get(ev, "fd"));
		while (i-- > 0)
			if (m->conns[i].p == p && m->conns[i].fd == fd && !m->conns[i].done) {
				c = &m->conns[i];
				c->done = 1;
				c->ok = json_integer_value(json_object_get(ev, "so_error")) == 0;
				copy_str(c->err, sizeof(c->err), err);
				c->done_line = e->line;
				c->t_done = e->t;
				return;
			}
		return;
	}
	GT_GROW(m->conns, m->nconns, m->capconns);
	c = &m->conns[m->nconns++];
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->fd = (int)json_integer_value(json_object_get(ev, "fd"));
	copy_str(c->family, sizeof(c->family), json_string_value(json_object_get(ev, "family")));
	copy_str(c->addr, sizeof(c->addr), json_string_value(json_object_get(ev, "addr")) ?
		 json_string_value(json_object_get(ev, "addr")) : json_string_value(json_object_get(ev, "path")));
	c->port = (int)json_integer_value(json_object_get(ev, "port"));
	copy_str(c->host, sizeof(c->host), json_string_value(json_object_get(ev, "host")));
	c->line = e->line;
	c->t = e->t;
	if (err && !strcmp(err, "EINPROGRESS"))
		return;
	c->done = 1;
	c->ok = !err;
	copy_str(c->err, sizeof(c->err), err);
	c->done_line = e->line;
	c->t_done = e->t;
}

/* Events the model only counts need no parsing beyond kind and pid. */
static void xfail_clear(struct gt_mproc *p)
{
	free(p->xfail.path);
	free(p->xfail.machine);
	p->xfail.path = NULL;
	p->xfail.machine = NULL;
}

/*
 * One handler per event kind. Each returns 0 when done with the event,
 * 1 when it is also counted for its process (count_event), -1 when its
 * JSON is corrupt. Opens are the bulk of a trace: their handler parses the
 * line only when the open is one the model keeps.
 */

/* The process of E, made when no fork or exec of it was seen (the mode saw less); its count goes up. */
static struct gt_mproc *count_event(struct gt_model *m, struct gt_event *e, json_t *ev)
{
	struct gt_mproc *p = gt_model_proc(m, e->pid);

	if (!p)
		p = new_proc(m, e->pid, ev ? num(ev, "ppid") : 0, e->t);
	p->events++;
	return p;
}

/*
 * Opens are the bulk of a trace: the path is judged from the line's text
 * without parsing it, unless it holds an escape; only an open the model
 * keeps is parsed.
 */
static int ev_open(struct gt_model *m, struct gt_event *e)
{
	struct gt_mproc *p = count_event(m, e, NULL);
	const char *k = memmem(e->text, e->len, "\"path\":\"", 8), *v, *q, *path;
	json_t *ev = NULL;

	if (!k)
		return 0;
	v = k + 8;
	q = memchr(v, '"', e->len - (size_t)(v - e->text));
	if (!q)
		return 0;
	if (!memchr(v, '\\', (size_t)(q - v))) {
		if (!open_needed(m, e->pid, v, (size_t)(q - v), memmem(q, e->len - (size_t)(q - e->text), "\"err\":", 6) != NULL))
			return 0;
	} else {
		if (!(ev = gt_event_json(e)))
			return -1;
		if (!(path = str(ev, "path")) || !open_needed(m, e->pid, path, strlen(path), json_object_get(ev, "err") != NULL))
			return 0;
	}
	if (!ev && !(ev = gt_event_json(e)))
		return -1;
	keep_open(m, e, p, ev);
	return 0;
}

static int ev_connect(struct gt_model *m, struct gt_event *e)
{
	struct gt_mproc *p = count_event(m, e, NULL);
	json_t *ev = gt_event_json(e);

	if (!ev)
		return -1;
	on_connect(m, e, p, ev);
	return 0;
}

static int ev_end(struct gt_model *m, struct gt_event *e)
{
	if (m->end) {
		snprintf(e->err, e->errsize, "%s: corrupt at line %zu: a second end record", e->path, e->line);
		return -1;
	}
	m->end = json_incref(gt_event_json(e));
	return 0;
}

/* Append EV, with its trace line, to the array *A. */
static void keep_event(json_t **a, struct gt_event *e, json_t *ev)
{
	if (!*a)
		*a = json_array();
	json_object_set_new(ev, "line", json_integer((json_int_t)e->line));
	json_array_append(*a, ev);
}

/* the shim's and the audit library's events, kept in order for the analyzers */
static int ev_kept(struct gt_model *m, struct gt_event *e)
{
	const char *k = e->ev;

	keep_event(!strcmp(k, "ld_search") ? &m->ldsearch : !strcmp(k, "dlopen") ? &m->dlopens : &m->ptraces, e,
		   gt_event_json(e));
	return 1;
}

static int ev_resolve(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	const char *host = str(ev, "host");
	struct gt_mresolve *r;

	if (!ev)
		return -1;
	GT_GROW(m->resolves, m->nresolves, m->capresolves);
	r = &m->resolves[m->nresolves++];
	memset(r, 0, sizeof(*r));
	r->pid = e->pid;
	r->t = e->t;
	r->line = e->line;
	r->host = host ? gt_xstrdup(host) : NULL;
	copy_str(r->fn, sizeof(r->fn), str(ev, "fn"));
	copy_str(r->err, sizeof(r->err), str(ev, "err"));
	r->ret = json_integer_value(json_object_get(ev, "ret"));
	return 1;
}

static int ev_dns(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	const char *name = str(ev, "name"), *dir = str(ev, "dir");
	struct gt_mdns *d;

	if (!ev)
		return -1;
	if (!name || !dir || (strcmp(dir, "query") && strcmp(dir, "answer")))
		return 1;
	GT_GROW(m->dns, m->ndns, m->capdns);
	d = &m->dns[m->ndns++];
	memset(d, 0, sizeof(*d));
	d->pid = e->pid;
	d->t = e->t;
	d->line = e->line;
	d->answer = !strcmp(dir, "answer");
	d->name = gt_xstrdup(name);
	copy_str(d->qtype, sizeof(d->qtype), str(ev, "qtype"));
	copy_str(d->rcode, sizeof(d->rcode), str(ev, "rcode"));
	copy_str(d->server, sizeof(d->server), str(ev, "server"));
	d->naddrs = json_array_size(json_object_get(ev, "addrs"));
	return 1;
}

static int ev_stall(struct gt_model *m, struct gt_event *e)
{
	keep_event(&m->stalls, e, gt_event_json(e));
	return 0;
}

static int ev_fingerprint(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	const char *fp = str(ev, "path"), *h = str(ev, "sha256");

	if (!m->fprints)
		m->fprints = json_object();
	if (fp)
		json_object_set_new(m->fprints, fp, h ? json_string(h) : json_null());
	if (fp && json_object_get(ev, "mode")) {
		if (!m->fpcred)
			m->fpcred = json_object();
		json_object_set(m->fpcred, fp, ev);
	}
	if (fp && (json_object_get(ev, "settings") || json_object_get(ev, "err") || json_object_get(ev, "goversion"))) {
		if (!m->fpset)
			m->fpset = json_object();
		json_object_set(m->fpset, fp, ev);
	}
	return 0;
}

static int ev_fork(struct gt_model *m, struct gt_event *e)
{
	struct gt_mproc *p = new_proc(m, e->pid, num(gt_event_json(e), "ppid"), e->t);

	p->events++;
	return 0;
}

/* A successful exec: the new image, its environment and what it says about its loading. */
static void exec_ok(struct gt_mproc *p, struct gt_event *e, json_t *ev, const char *path)
{
	json_t *env = exec_env(ev, p->env);
	const char *ge, *exe, *in;
	struct gt_mexec *x;

	xfail_clear(p);
	free(p->name);
	free(p->path);
	p->name = gt_xstrdup(gt_base_name(path));
	p->path = gt_xstrdup(path);
	json_decref(p->argv);
	p->argv = json_incref(json_object_get(ev, "argv"));
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
	x->path = gt_xstrdup(path);
	exe = str(ev, "exe");
	x->exe = exe ? gt_xstrdup(exe) : NULL;
	x->argv = json_incref(p->argv);
	x->env = json_incref(env);
	x->line = e->line;
	x->t = e->t;
	x->err_at = p->err.len;
	x->rpath = str(ev, "rpath") ? gt_xstrdup(str(ev, "rpath")) : NULL;
	x->runpath = str(ev, "runpath") ? gt_xstrdup(str(ev, "runpath")) : NULL;
	if (json_object_get(ev, "interp")) {
		in = str(ev, "interp");
		x->linkage = in ? 2 : 1;
		x->interp = in ? gt_xstrdup(in) : NULL;
	}
}

/* A failed exec: the path, the error, and what kind of file it was when the kernel refused it. */
static void exec_failed(struct gt_mproc *p, struct gt_event *e, json_t *ev, const char *path)
{
	json_t *elf = json_object_get(ev, "elf"), *mach;

	xfail_clear(p);
	p->xfail.path = gt_xstrdup(path);
	snprintf(p->xfail.err, sizeof(p->xfail.err), "%s", str(ev, "err"));
	p->xfail.line = e->line;
	p->xfail.t = e->t;
	p->xfail.elf = -1;
	if (json_is_false(elf)) {
		p->xfail.elf = 0;
	} else if (json_is_object(elf)) {
		json_int_t cls = json_integer_value(json_object_get(elf, "class"));
		mach = json_object_get(elf, "machine");
		if (cls == 32 || cls == 64)
			p->xfail.elf = (int)cls;
		if (json_is_string(mach))
			p->xfail.machine = gt_xstrdup(json_string_value(mach));
		else if (json_is_integer(mach))
			p->xfail.machine = gt_xasprintf("%lld", (long long)json_integer_value(mach));
	}
}

static int ev_exec(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	const char *path = str(ev, "path");
	struct gt_mproc *p = live_proc(m, e->pid, num(ev, "ppid"), e->t);

	p->events++;
	if (!m->root && num(ev, "ppid") == num(m->run, "pid"))
		m->root = p;
	if (json_integer_value(json_object_get(ev, "ret")) == 0 && !json_object_get(ev, "err") && path)
		exec_ok(p, e, ev, path);
	else if (path && str(ev, "err"))
		exec_failed(p, e, ev, path);
	return 0;
}

static int ev_exit(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e), *code = json_object_get(ev, "code");
	struct gt_mproc *p = count_event(m, e, ev);

	p->exited = 1;
	p->t_exit = e->t;
	p->exit_line = e->line;
	p->code = code ? (int)json_integer_value(code) : -1;
	free(p->signal); /* a second exit of the same pid (a hostile trace) replaces the first */
	p->signal = str(ev, "signal") ? gt_xstrdup(str(ev, "signal")) : NULL;
	/*
	 * Its parent asked it to stop (SIGINT, SIGTERM, SIGHUP or SIGKILL, the
	 * first such signal anyone sent it) and it did: a cancellation (gopls
	 * interrupting its go list, exec.CommandContext), not a failure.
	 * SIGQUIT, go test's "ran too long", is not one.
	 */
	p->cancelled = (p->code != 0 || p->signal) && p->sig_by && p->sig_by == p->ppid &&
		       strcmp(p->sig_first, "SIGQUIT");
	if (!m->root && p->ppid == num(m->run, "pid"))
		m->root = p;
	return 0;
}

/* A failed path call: kept for go's processes, and for any process's failed change of a path */
static int ev_fsfail(struct gt_model *m, struct gt_event *e)
{
	struct gt_mproc *p = count_event(m, e, NULL);
	json_t *ev;
	const char *call, *path, *err;
	struct gt_mfsfail *f;
	int change, go = p->nexecs && gt_exec_is_go(&p->execs[p->nexecs - 1]);

	if (!(ev = gt_event_json(e)))
		return -1;
	call = str(ev, "call");
	path = str(ev, "abs") ? str(ev, "abs") : str(ev, "path");
	err = str(ev, "err");
	if (!call || !path || !path[0] || !err)
		return 0;
	change = strstr(call, "mkdir") || strstr(call, "rename") || strstr(call, "unlink") || !strcmp(call, "rmdir");
	if (!go && !change)
		return 0;
	GT_GROW(m->fsfails, m->nfsfails, m->capfsfails);
	f = &m->fsfails[m->nfsfails++];
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->path = gt_xstrdup(path);
	snprintf(f->call, sizeof(f->call), "%s", call);
	snprintf(f->err, sizeof(f->err), "%s", err);
	f->line = e->line;
	f->t = e->t;
	return 0;
}

/* The command was not found on PATH (wrap/notfound.c) */
static int ev_notfound(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);

	if (!m->notfound) {
		m->notfound = json_deep_copy(ev);
		json_object_set_new(m->notfound, "line", json_integer((json_int_t)e->line));
	}
	return 0;
}

/* --max-trace: the trace stops recording here */
static int ev_limit(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);

	if (!m->limit_line) {
		m->limit_line = e->line;
		m->limit_t = e->t;
		m->limit_bytes = (unsigned long long)json_integer_value(json_object_get(ev, "max_bytes"));
	}
	return 0;
}

/* A signal that ends or interrupts: the first one another process sent to each process. */
static int ev_signal(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	long to = num(ev, "to");
	struct gt_mproc *p = count_event(m, e, ev), *q = to > 0 ? gt_model_proc(m, to) : NULL;
	const char *sig = str(ev, "sig");

	if (!q || q == p || q->exited || q->sig_by || !sig || json_object_get(ev, "err"))
		return 0;
	q->sig_by = p->pid;
	snprintf(q->sig_first, sizeof(q->sig_first), "%s", sig);
	q->sig_line = e->line;
	q->sig_t = e->t;
	if (!m->root && p->ppid == num(m->run, "pid"))
		m->root = p;
	return 0;
}

static int ev_stderr(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);
	struct gt_mproc *p = count_event(m, e, ev);

	json_t *text = json_object_get(ev, "text");

	if (!p->err_line)
		p->err_line = e->line;
	p->err_last_line = e->line;
	p->err_skipped += (unsigned long long)json_integer_value(json_object_get(ev, "skipped"));
	if (!p->err_trunc) {
		if (!add_output(&p->err, text))
			return 0;
		p->err_trunc = 1;
	}
	/* past the first GT_MODEL_ERR_MAX bytes: keep the last ones */
	if (p->err_tail.len + json_string_length(text) > GT_MODEL_ERR_MAX) {
		size_t cut = p->err_tail.len - GT_MODEL_ERR_MAX / 2;
		const char *nl = memchr(p->err_tail.p + cut, '\n', p->err_tail.len - cut);
		cut = nl ? (size_t)(nl - p->err_tail.p) + 1 : p->err_tail.len;
		memmove(p->err_tail.p, p->err_tail.p + cut, p->err_tail.len - cut);
		p->err_tail.len -= cut;
	}
	add_output(&p->err_tail, text);
	return 0;
}

static int ev_stdout(struct gt_model *m, struct gt_event *e)
{
	json_t *ev = gt_event_json(e);

	add_output(&count_event(m, e, ev)->out, json_object_get(ev, "text"));
	return 0;
}

static const struct {
	const char *kind;
	int (*fn)(struct gt_model *m, struct gt_event *e);
} handlers[] = {
	{"open", ev_open},   {"connect", ev_connect}, {"connect_done", ev_connect},
	{"exec", ev_exec},   {"fork", ev_fork},       {"exit", ev_exit},
	{"stderr", ev_stderr}, {"stdout", ev_stdout}, {"dns", ev_dns},
	{"resolve", ev_resolve}, {"dlopen", ev_kept},    {"ld_search", ev_kept}, {"ptrace", ev_kept},
	{"seccomp_listener", ev_kept}, {"signal", ev_signal}, {"limit", ev_limit},
	{"stall", ev_stall}, {"fingerprint", ev_fingerprint}, {"end", ev_end}, {"notfound", ev_notfound},
	{"fsfail", ev_fsfail},
};

static int on_event(struct gt_event *e, void *arg)
{
	struct gt_model *m = arg;
	json_t *ev;
	size_t i;
	int r = 1;

	if (e->line == 1) {
		m->run = json_incref(gt_event_json(e));
		m->live = e->live;
		m->fsfail_recorded = json_is_true(json_object_get(m->run, "fsfail"));
		return 0;
	}
	m->events++;
	if (e->t > m->t_last)
		m->t_last = e->t;
	for (i = 0; i < GT_ARRAY_SIZE(handlers); i++)
		if (!strcmp(e->ev, handlers[i].kind)) {
			/* every handler but open's needs the parsed line */
			if (i > 2 && !gt_event_json(e))
				return -1;
			r = handlers[i].fn(m, e);
			break;
		}
	if (r <= 0)
		return r;
	/* any other kind (getenv, exec_intent, ...) counts for its process */
	if (!(ev = gt_event_json(e)))
		return -1;
	count_event(m, e, ev);
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
	m->goconf = gt_goconf_new(m);
	return 0;
}

void gt_model_free(struct gt_model *m)
{
	size_t i, j;

	gt_goconf_free(m->goconf);
	m->goconf = NULL;
	for (i = 0; i < m->nproc; i++) {
		struct gt_mproc *p = m->procs[i];
		xfail_clear(p);
		free(p->name);
		free(p->path);
		free(p->signal);
		json_decref(p->argv);
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
			json_decref(p->execs[j].argv);
			json_decref(p->execs[j].env);
		}
		free(p->execs);
		free(p);
	}
	for (i = 0; i < m->nopens; i++)
		free(m->opens[i].path);
	free(m->opens);
	for (i = 0; i < m->nfsfails; i++)
		free(m->fsfails[i].path);
	free(m->fsfails);
	free(m->conns);
	json_decref(m->stalls);
	json_decref(m->notfound);
	for (i = 0; i < m->ndns; i++)
		free(m->dns[i].name);
	free(m->dns);
	for (i = 0; i < m->nresolves; i++)
		free(m->resolves[i].host);
	free(m->resolves);
	json_decref(m->ptraces);
	json_decref(m->ldsearch);
	json_decref(m->dlopens);
	json_decref(m->fprints);
	json_decref(m->fpcred);
	json_decref(m->fpset);
	gt_settings_free(m);
	free(m->path);
	free(m->procs);
	free(m->map);
	json_decref(m->run);
	json_decref(m->end);
	memset(m, 0, sizeof(*m));
}

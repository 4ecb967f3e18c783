/*
 * gotrace report --html: one self-contained page (docs/html-report.md).
 * The page (analyzers/page.html, compiled in) draws everything from one
 * JSON document embedded in it: the JSON report, the processes with the
 * programs each ran, marks for the events worth seeing on a timeline, the
 * files opened (aggregated by path), the connections, and the environment
 * of the go that ran. Lanes are drawn on a canvas, only the visible ones,
 * so a run of tens of thousands of processes stays light.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "goconf.h"
#include "../common/goproxy.h"
#include "reader.h"
#include "page_html.h" /* gt_page_html: analyzers/page.html, made by the build */

#define MARKS_MAX 40000 /* marks drawn; past this only counted */
#define FILES_MAX 3000  /* rows of each file table */
#define DETAIL_MAX 160  /* bytes of a mark's detail text */

struct page {
	const struct gt_model *m;
	json_t *marks;
	json_t *failed, *ok; /* the opens: path -> its row in the file tables (failed, succeeded) */
	unsigned long marks_more;
};

/* Seconds, rounded to the microsecond. */
static json_t *secs(double t)
{
	return json_real((double)(long long)(t * 1e6 + 0.5) / 1e6);
}

/* What kind of program NAME is, for its colour: go, tool, cc, git, test, other. */
static const char *program_class(const char *name)
{
	static const char *const tools[] = {"compile", "link", "asm", "cgo", "vet", "cover", "buildid", "pack", NULL};
	static const char *const cc[] = {"gcc", "cc", "cc1", "cc1plus", "as", "ld", "collect2", "clang", "g++", "c++",
					 "ld.bfd", "ld.gold", "pkg-config", NULL};
	size_t i, n;

	if (!name)
		return "other";
	if (!strcmp(name, "go") || !strncmp(name, "go1.", 4))
		return "go";
	for (i = 0; tools[i]; i++)
		if (!strcmp(name, tools[i]))
			return "tool";
	for (i = 0; cc[i]; i++)
		if (!strcmp(name, cc[i]) || (strlen(name) > strlen(cc[i]) + 1 && !strcmp(name + strlen(name) - strlen(cc[i]), cc[i]) &&
					     name[strlen(name) - strlen(cc[i]) - 1] == '-'))
			return "cc";
	if (!strcmp(name, "git") || !strncmp(name, "git-", 4) || !strcmp(name, "ssh"))
		return "git";
	n = strlen(name);
	if (n > 5 && !strcmp(name + n - 5, ".test"))
		return "test";
	return "other";
}

static json_t *argv_text(const struct gt_strv *argv)
{
	struct gt_buf b;
	size_t i;
	json_t *s;

	gt_buf_init(&b);
	for (i = 0; i < argv->n; i++)
		if (argv->v[i] && b.len < 400)
			gt_buf_printf(&b, "%s%s", i ? " " : "", argv->v[i]);
	s = json_stringn(gt_text(&b), b.len > 400 ? 400 : b.len);
	gt_buf_free(&b);
	return s;
}

static json_t *procs_json(const struct gt_model *m)
{
	json_t *arr = json_array();
	size_t i, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		json_t *o = json_object(), *segs = json_array();
		double end = p->exited ? p->t_exit : m->t_last;
		json_object_set_new(o, "pid", json_integer(p->pid));
		json_object_set_new(o, "pa", json_integer(p->parent ? (json_int_t)p->parent->idx : -1));
		json_object_set_new(o, "n", json_string(gt_pname(p)));
		json_object_set_new(o, "a", p->argv ? argv_text(p->argv) : json_string(gt_pname(p)));
		json_object_set_new(o, "t0", secs(p->t_start));
		json_object_set_new(o, "t1", secs(end));
		if (p->exited && !p->signal)
			json_object_set_new(o, "x", json_integer(p->code));
		if (p->signal)
			json_object_set_new(o, "sg", json_string(p->signal));
		json_object_set_new(o, "failed", json_boolean(gt_mproc_failed(p)));
		/* [start, program, class]: before the first exec the parent's program runs on */
		if (!p->nexecs || p->execs[0].t > p->t_start)
			json_array_append_new(segs, json_pack("[o,s,s]", secs(p->t_start), gt_pname(p),
							      program_class(p->parent ? p->parent->name : p->name)));
		for (k = 0; k < p->nexecs; k++) {
			const char *b = gt_base_name(p->execs[k].path);
			json_array_append_new(segs, json_pack("[o,s,s]", secs(p->execs[k].t), b, program_class(b)));
		}
		json_object_set_new(o, "segs", segs);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void mark(struct page *x, const struct gt_mproc *p, double t, const char *kind, size_t line, const char *detail,
		 size_t dlen)
{
	if (json_array_size(x->marks) >= MARKS_MAX) {
		x->marks_more++;
		return;
	}
	json_array_append_new(x->marks, json_pack("[I,o,s,I,s%]", p ? (json_int_t)p->idx : (json_int_t)-1, secs(t), kind,
						  (json_int_t)line, detail ? detail : "",
						  detail ? (dlen > DETAIL_MAX ? DETAIL_MAX : dlen) : (size_t)0));
}

/* One open: counted by path; failed ones apart, with their error. */
static void file_open(struct page *x, const struct gt_mproc *p, const struct gt_ev_open *ev)
{
	json_t *tbl = ev->err ? x->failed : x->ok, *row;

	if (!ev->path)
		return;
	if ((row = json_object_get(tbl, ev->path))) { /* the page's own row */
		json_array_set_new(row, 2, json_integer(json_integer_value(json_array_get(row, 2)) + 1));
		return;
	}
	/*
	 * [path, error or writes, count, first process, first line]. Writes is
	 * 0: the page took the trace's "flags" for a string, and it is an
	 * array, so it never said otherwise; kept so the page stays the same.
	 */
	row = json_pack("[s,o,i,s,I]", ev->path, ev->err ? json_string(ev->err) : json_integer(0), 1,
			p ? gt_pname(p) : "?", (json_int_t)ev->line);
	json_object_set_new(tbl, ev->path, row);
}

/* A mark of DETAIL (a string, NULL for none) at event E. */
static void mark_str(struct page *x, const struct gt_mproc *p, const struct gt_event *e, const char *kind,
		     const char *detail)
{
	mark(x, p, e->t, kind, e->line, detail, detail ? strlen(detail) : 0);
}

static void mark_connect(struct page *x, const struct gt_mproc *p, const struct gt_event *e,
			 const struct gt_ev_connect *ev)
{
	char d[300];

	snprintf(d, sizeof(d), "%s:%lld%s%s → %s", ev->addr ? ev->addr : "?", ev->port, ev->host ? " " : "",
		 ev->host ? ev->host : "", ev->err ? ev->err : "connected");
	mark(x, p, e->t, "c", e->line, d, strlen(d));
}

/* One event the page shows, as its struct R. */
static void page_event(struct page *x, const struct gt_mproc *p, const struct gt_event *e, const void *r)
{
	switch (e->kind) {
	case GT_EV_open: {
		const struct gt_ev_open *o = r;
		file_open(x, p, o);
		if (o->err && o->path)
			mark_str(x, p, e, "o", o->path);
		break;
	}
	case GT_EV_exec:
		if (((const struct gt_ev_exec *)r)->err)
			mark_str(x, p, e, "x", ((const struct gt_ev_exec *)r)->path);
		break;
	case GT_EV_connect:
		mark_connect(x, p, e, r);
		break;
	case GT_EV_stderr: {
		const struct gt_text *t = &((const struct gt_ev_stderr *)r)->text;
		mark(x, p, e->t, "e", e->line, t->s, t->n);
		break;
	}
	case GT_EV_dlopen:
		if (!((const struct gt_ev_dlopen *)r)->ok)
			mark_str(x, p, e, "d", ((const struct gt_ev_dlopen *)r)->name);
		break;
	case GT_EV_stall:
		mark_str(x, NULL, e, "s", ((const struct gt_ev_stall *)r)->reason);
		break;
	default:
		break;
	}
}

/* The events the page shows: opens (counted, failed ones marked), failures, connects, stderr, stalls. */
static int on_event(struct gt_event *e, void *arg)
{
	struct page *x = arg;
	const void *r;

	if (e->line == 1)
		return 0;
	switch (e->kind) {
	case GT_EV_open:
	case GT_EV_exec:
	case GT_EV_connect:
	case GT_EV_stderr:
	case GT_EV_dlopen:
	case GT_EV_stall:
		break;
	default:
		return 0; /* not parsed */
	}
	if (!(r = gt_event_rec(e)))
		return -1;
	page_event(x, gt_model_proc_at(x->m, e->pid, e->t), e, r);
	return 0;
}

static int by_count(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_array_get(*(json_t *const *)a, 2));
	json_int_t y = json_integer_value(json_array_get(*(json_t *const *)b, 2));

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The file table TBL (path -> row) as rows, the most opened first, at most FILES_MAX. */
static json_t *rows(json_t *tbl, json_t *out, const char *more_key)
{
	size_t n = json_object_size(tbl), i = 0;
	json_t **v = gt_xcalloc(n + 1, sizeof(*v)), *row, *arr = json_array();
	const char *k;

	json_object_foreach(tbl, k, row)
		v[i++] = row;
	qsort(v, n, sizeof(*v), by_count);
	for (i = 0; i < n && i < FILES_MAX; i++)
		json_array_append(arr, v[i]);
	json_object_set_new(out, more_key, json_integer(n > FILES_MAX ? (json_int_t)(n - FILES_MAX) : 0));
	free(v);
	return arr;
}

/*
 * The connections, with the role go's GOPROXY gives each (the entry whose
 * host and port it went to), DNS servers, and how long each waited for its
 * outcome: [process, start, address, host, role, outcome, wait, line].
 */
static json_t *conn_rows(const struct gt_model *m)
{
	const struct gt_goconf *c = gt_goconf(m);
	struct gt_setting gp;
	struct gt_proxy_list pl;
	json_t *arr = json_array();
	size_t i;
	int have = 0;

	if (c) {
		gt_goconf_setting(c, "GOPROXY", &gp);
		if (gp.value) {
			gt_proxy_parse(gp.value, &pl);
			have = 1;
		}
	}
	for (i = 0; i < m->nconns; i++) {
		const struct gt_mconn *cn = &m->conns[i];
		char addr[160], role[600] = "";
		int k = -1, j;
		if (strcmp(cn->family, "inet") && strcmp(cn->family, "inet6"))
			continue;
		snprintf(addr, sizeof(addr), "%s:%d", cn->addr, cn->port);
		if (have && (k = gt_proxy_match(&pl, cn->addr, cn->port)) < 0 && cn->host[0])
			for (j = 0; j < pl.n && k < 0; j++)
				if (pl.e[j].kind == 'h' && pl.e[j].port == cn->port && !strcmp(pl.e[j].host, cn->host))
					k = j;
		if (k >= 0)
			snprintf(role, sizeof(role), "GOPROXY entry %d (%s)", k + 1, pl.e[k].url);
		else if (cn->port == 53)
			snprintf(role, sizeof(role), "DNS server");
		json_array_append_new(arr, json_pack("[I,o,s,s,s,s,o,I]", cn->p ? (json_int_t)cn->p->idx : (json_int_t)-1,
						     secs(cn->t), addr, cn->host, role,
						     !cn->done ? "no outcome seen" : cn->ok ? "established" : cn->err,
						     cn->done ? secs(cn->t_done - cn->t) : json_null(), (json_int_t)cn->line));
	}
	return arr;
}

static json_t *env_rows(const struct gt_model *m)
{
	const struct gt_mproc *go = gt_main_go(m);
	json_t *env = go && go->nexecs ? go->execs[go->nexecs - 1].env : NULL, *arr = json_array(), *v;
	const char *k;

	json_object_foreach(env, k, v)
		if (json_is_string(v))
			json_array_append_new(arr, json_pack("[s,s]", k, json_string_value(v)));
	return arr;
}

/* The page with DOC in place of its data marker; '<' escaped so no text can end the script element. */
static void write_page(FILE *out, json_t *doc)
{
	static const char marker[] = "/*GT_DATA*/";
	const char *at = strstr(gt_page_html, marker);
	char *s = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII), *c;

	if (!s || !at)
		gt_die("out of memory");
	fwrite(gt_page_html, 1, (size_t)(at - gt_page_html), out);
	for (c = s; *c; c++) {
		if (*c == '<')
			fputs("\\u003c", out);
		else
			fputc(*c, out);
	}
	fputs(at + sizeof(marker) - 1, out);
	free(s);
}

int gt_report_html(const char *path, FILE *out, char *err, size_t errsize)
{
	struct gt_model m;
	struct gt_findings fs;
	struct page x;
	json_t *doc, *files;
	int rc = 0;

	if (gt_model_load(&m, path, err, errsize) < 0) {
		gt_model_free(&m);
		return -1;
	}
	memset(&fs, 0, sizeof(fs));
	gt_analyze(&m, &fs);
	memset(&x, 0, sizeof(x));
	x.m = &m;
	x.marks = json_array();
	x.failed = json_object();
	x.ok = json_object();
	if (gt_read_trace(path, on_event, &x, err, errsize) < 0)
		rc = -1;
	files = json_object();
	json_object_set_new(files, "failed", rows(x.failed, files, "failed_more"));
	json_object_set_new(files, "ok", rows(x.ok, files, "ok_more"));
	doc = json_pack("{s:o,s:o,s:o,s:I,s:o,s:o,s:o}", "report", gt_report_json(&m, path, &fs), "procs", procs_json(&m),
			"marks", x.marks, "marks_more", (json_int_t)x.marks_more, "files", files, "conns", conn_rows(&m),
			"env", env_rows(&m));
	if (rc == 0)
		write_page(out, doc);
	json_decref(doc);
	json_decref(x.failed);
	json_decref(x.ok);
	gt_findings_free(&fs);
	gt_model_free(&m);
	if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
		snprintf(err, errsize, "cannot write the page");
		rc = -1;
	}
	return rc;
}

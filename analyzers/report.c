/*
 * Text rendering of the model. The whole report is composed in memory and
 * written at once, so an error found while reading the trace leaves nothing
 * but its one-line reason on the terminal.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/redact.h"
#include "analyzers.h"
#include "finding.h"
#include "model.h"
#include "../common/util.h"

#define TREE_DEPTH_MAX 8
#define TREE_GROUPS_MAX 12

/* How deep the tree goes: TREE_DEPTH_MAX, or only go's own children for a short success report. */
static int tree_depth = TREE_DEPTH_MAX;
static int tree_live; /* the trace is live: a process without an exit is running */
static int tree_capped; /* --max-trace stopped the recording: an exit may be missing */
#define CMD_WIDTH 72

/* Append N with thousands separators. */
static void put_count(struct gt_buf *b, unsigned long n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%lu", n), i;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			gt_buf_putc(b, ',');
		gt_buf_putc(b, tmp[i]);
	}
}

static int needs_quote(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "-_./=:,+@%^", *s))
			return 1;
	return 0;
}

/* Append ARGV as a shell would show it, cut to WIDTH bytes (0: no limit). */
static void put_cmd(struct gt_buf *b, const struct gt_strv *argv, size_t width)
{
	size_t start = b->len, i;

	for (i = 0; i < argv->n; i++) {
		const char *s = argv->v[i];
		if (!s)
			continue;
		if (i)
			gt_buf_putc(b, ' ');
		if (i == 0 && strrchr(s, '/') && strrchr(s, '/')[1])
			s = strrchr(s, '/') + 1;
		if (needs_quote(s)) {
			gt_buf_putc(b, '\'');
			for (; *s; s++) {
				if (*s == '\'')
					gt_buf_puts(b, "'\\''");
				else
					gt_buf_putc(b, *s);
			}
			gt_buf_putc(b, '\'');
		} else {
			gt_buf_puts(b, s);
		}
		if (width && b->len - start > width) {
			b->len = start + width - 3;
			/* do not leave half a UTF-8 sequence */
			while (b->len > start && ((unsigned char)b->p[b->len] & 0xc0) == 0x80)
				b->len--;
			gt_buf_puts(b, "...");
			return;
		}
	}
}

static void put_status(struct gt_buf *b, const struct gt_mproc *p)
{
	if (!p->exited)
		gt_buf_puts(b, tree_live ? "running" : tree_capped ? "no exit in the trace (--max-trace)" : "did not exit");
	else if (p->cancelled)
	{
		gt_buf_printf(b, "cancelled by its parent (%s from pid %ld, line %zu): ", p->sig_first, p->sig_by,
			      p->sig_line);
		if (p->signal)
			gt_buf_printf(b, "killed by %s", p->signal);
		else
			gt_buf_printf(b, "exited %d", p->code);
	}
	else if (p->signal)
		gt_buf_printf(b, "was killed by %s", p->signal);
	else
		gt_buf_printf(b, "exited %d", p->code);
}

static const char *pname(const struct gt_mproc *p)
{
	for (; p; p = p->parent)
		if (p->name)
			return p->name;
	return "?";
}

/* A group of sibling processes running the same program, shown as one line. */
struct group {
	const char *name;
	int forked; /* processes that never exec'd: forks of their parent */
	struct gt_mproc **m;
	size_t n;
	size_t first; /* the place of its first process among the siblings */
};

static const char *gname(const struct gt_mproc *p)
{
	return p->name ? p->name : pname(p->parent);
}

static void tree(struct gt_buf *b, struct gt_mproc **members, size_t n,
		 const char *prefix, int depth);

/* A child with what groups it: its program and whether it exec'd, and its place among its siblings. */
struct kid {
	const char *name;
	int forked;
	size_t order;
	struct gt_mproc *c;
};

static int by_program(const void *x, const void *y)
{
	const struct kid *a = x, *b = y;
	int d = a->forked - b->forked;

	if (!d)
		d = strcmp(a->name, b->name);
	return d ? d : (a->order > b->order) - (a->order < b->order);
}

static int by_first(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	size_t fa = a->first, fb = b->first;

	return (fa > fb) - (fa < fb);
}

/*
 * The children of MEMBERS, a line per program in the order each first
 * started. Sorted by program rather than compared pairwise: a go test of
 * many packages has as many test binaries as children.
 */
static void children_groups(struct gt_buf *b, struct gt_mproc **members, size_t n,
			    const char *prefix, int depth)
{
	struct group *g;
	struct kid *kids;
	struct gt_mproc **sorted;
	size_t ng = 0, nk = 0, i, j, k, shown;
	char sub[256];

	for (i = 0; i < n; i++)
		nk += members[i]->nchild;
	if (!nk)
		return;
	kids = gt_xrealloc(NULL, nk * sizeof(*kids));
	sorted = gt_xrealloc(NULL, nk * sizeof(*sorted));
	g = gt_xrealloc(NULL, nk * sizeof(*g));
	for (i = 0, k = 0; i < n; i++)
		for (j = 0; j < members[i]->nchild; j++, k++) {
			struct gt_mproc *c = members[i]->child[j];
			kids[k].forked = c->name == NULL;
			kids[k].name = gname(c);
			kids[k].order = k;
			kids[k].c = c;
		}
	qsort(kids, nk, sizeof(*kids), by_program);
	for (k = 0; k < nk; k++) {
		sorted[k] = kids[k].c;
		if (!k || kids[k].forked != kids[k - 1].forked || strcmp(kids[k].name, kids[k - 1].name)) {
			g[ng].name = kids[k].name;
			g[ng].forked = kids[k].forked;
			g[ng].m = &sorted[k];
			g[ng].n = 0;
			g[ng].first = kids[k].order;
			ng++;
		}
		g[ng - 1].n++;
	}
	qsort(g, ng, sizeof(*g), by_first);
	shown = ng > TREE_GROUPS_MAX ? TREE_GROUPS_MAX - 1 : ng;
	for (k = 0; k < shown; k++) {
		int last = k + 1 == ng;
		gt_buf_printf(b, "  %s%s ", prefix, last ? "└─" : "├─");
		snprintf(sub, sizeof(sub), "%s%s", prefix, last ? "   " : "│  ");
		if (depth + 1 >= tree_depth) {
			gt_buf_puts(b, "...\n");
			continue;
		}
		tree(b, g[k].m, g[k].n, sub, depth + 1);
	}
	if (shown < ng)
		gt_buf_printf(b, "  %s└─ ... %zu more programs\n", prefix, ng - shown);
	free(g);
	free(sorted);
	free(kids);
}

/* One line for MEMBERS (same program, same parent), then their children. */
static void tree(struct gt_buf *b, struct gt_mproc **members, size_t n,
		 const char *prefix, int depth)
{
	unsigned long ev = 0, failed = 0, probes = 0, cancelled = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ev += members[i]->events;
		cancelled += members[i]->cancelled;
		if (gt_mproc_failed(members[i]) && gt_mproc_in_probe(members[i]))
			probes++;
		else
			failed += gt_mproc_failed(members[i]);
	}
	if (n == 1) {
		struct gt_mproc *p = members[0];
		const char *a1 = p->argv && p->argv->n > 1 ? p->argv->v[1] : NULL;
		if (a1 && !strcmp(a1, "** telemetry **"))
			gt_buf_printf(b, "%s (go's telemetry child, not a toolchain switch)", p->name ? p->name : "go");
		else if (p->argv)
			put_cmd(b, p->argv, CMD_WIDTH);
		else
			gt_buf_printf(b, "(fork of %s)", pname(p->parent));
		gt_buf_printf(b, "  [pid %ld, ", p->pid);
		put_count(b, ev);
		gt_buf_puts(b, ev == 1 ? " event" : " events");
		if (gt_mproc_failed(p) || p->cancelled || (!p->exited && (tree_live || tree_capped))) {
			gt_buf_puts(b, ", ");
			put_status(b, p);
			if (gt_mproc_failed(p) && gt_mproc_in_probe(p))
				gt_buf_puts(b, ": go's probe, normal");
		}
		gt_buf_puts(b, "]\n");
	} else {
		if (members[0]->name)
			gt_buf_printf(b, "%s ×%zu  [", members[0]->name, n);
		else
			gt_buf_printf(b, "(fork of %s) ×%zu  [", gname(members[0]), n);
		put_count(b, ev);
		gt_buf_puts(b, " events");
		if (failed)
			gt_buf_printf(b, ", %lu failed", failed);
		if (cancelled)
			gt_buf_printf(b, ", %lu cancelled by their parent", cancelled);
		if (probes)
			gt_buf_printf(b, ", %lu failed as go's probe%s do", probes, probes > 1 ? "s" : "");
		gt_buf_puts(b, "]\n");
	}
	if (depth + 1 < tree_depth || tree_depth == TREE_DEPTH_MAX)
		children_groups(b, members, n, prefix, depth);
}



/* Where a piece of evidence comes from: [pid N, line L] or [file:line; trace line L]. */
static void put_where(struct gt_buf *b, const struct gt_evidence *e)
{
	if (e->file) {
		gt_buf_printf(b, "  [%s", e->file);
		if (e->file_line)
			gt_buf_printf(b, ":%ld", e->file_line);
		if (e->line)
			gt_buf_printf(b, "; trace line %zu]", e->line);
		else
			gt_buf_puts(b, ", read after the run]");
	} else if (e->line && e->pid) {
		gt_buf_printf(b, "  [pid %ld, line %zu]", e->pid, e->line);
	} else if (e->line) {
		gt_buf_printf(b, "  [line %zu]", e->line);
	}
}

/* VERDICT with every "pid N" as "pid *": findings that differ only there are one. */
static void fold_key(const char *verdict, char *out, size_t size)
{
	size_t n = 0;

	while (*verdict && n + 1 < size) {
		if (!strncmp(verdict, "pid ", 4) && verdict[4] >= '0' && verdict[4] <= '9') {
			verdict += 4;
			while (*verdict >= '0' && *verdict <= '9')
				verdict++;
			if (n + 6 < size) {
				memcpy(out + n, "pid *", 5);
				n += 5;
			}
			continue;
		}
		out[n++] = *verdict++;
	}
	out[n] = 0;
}

/* Index of the first finding of FS the same as number I (same rule, same verdict but for pids). */
static size_t fold_first(const struct gt_findings *fs, size_t i)
{
	char a[1024], k[1024];
	size_t j;

	fold_key(fs->f[i].verdict, a, sizeof(a));
	for (j = 0; j < i; j++)
		if (!strcmp(fs->f[j].id, fs->f[i].id)) {
			fold_key(fs->f[j].verdict, k, sizeof(k));
			if (!strcmp(a, k))
				return j;
		}
	return i;
}

/*
 * The findings. By default the report is short: findings that differ only
 * in a pid are shown once with a count, and information findings show their
 * verdict without evidence; VERBOSE shows every one, whole.
 */
static void put_findings(struct gt_buf *b, const struct gt_findings *fs, int color, int verbose)
{
	static const char *const sym[] = {"✗", "!", "•"};
	static const char *const col[] = {"\033[1;31m", "\033[1;33m", "\033[2m"};
	size_t i, j, k, hidden = 0, tamed = b->len; /* what is before TAMED is already harmless */

	if (fs->n)
		gt_buf_putc(b, '\n');
	for (i = 0; i < fs->n; i++) {
		const struct gt_finding *f = &fs->f[i];
		const char *subj = gt_subject_name(f->subject);
		const struct gt_finding *under = NULL;
		size_t same = 1;
		int brief = !verbose && f->severity == GT_SEV_INFO;
		if (!verbose) {
			/* the failure a cause explains is shown under that cause, not as a headline of its own */
			if (!strcmp(f->id, "failure") && f->see && gt_findings_get(fs, f->see))
				continue;
			for (k = 0; k < fs->n; k++)
				if (!strcmp(fs->f[k].id, "failure") && fs->f[k].see && !strcmp(fs->f[k].see, f->id) &&
				    gt_findings_get(fs, f->id) == f)
					under = &fs->f[k];
			if (fold_first(fs, i) != i)
				continue;
			for (k = i + 1; k < fs->n; k++)
				same += fold_first(fs, k) == i;
		}
		if (color) { /* the only control sequences printed are these, gotrace's own */
			gt_tame(b, tamed, b->len);
			gt_buf_printf(b, "%s%s\033[0m ", col[f->severity], sym[f->severity]);
			tamed = b->len;
		}
		else
			gt_buf_printf(b, "%s ", sym[f->severity]);
		gt_buf_printf(b, "%-10s %s", subj, f->verdict);
		if (same > 1)
			gt_buf_printf(b, "  (×%zu)", same);
		gt_buf_putc(b, '\n');
		if (brief) {
			hidden += f->nev;
		} else {
			for (j = 0; j < f->nev; j++) {
				const struct gt_evidence *e = &f->ev[j];
				gt_buf_printf(b, "             %s", e->text);
				/* continuation lines of a quoted block carry no location */
				if (strncmp(e->text, "  ", 2))
					put_where(b, e);
				gt_buf_putc(b, '\n');
			}
		}
		if (under) {
			gt_buf_printf(b, "             and so: %s\n", under->verdict);
			for (j = 0; j < under->nev; j++) {
				const struct gt_evidence *e = &under->ev[j];
				gt_buf_printf(b, "               %s", e->text);
				if (strncmp(e->text, "  ", 2))
					put_where(b, e);
				gt_buf_putc(b, '\n');
			}
		}
		if (f->see)
			gt_buf_printf(b, "             explained by: %s (above)\n", f->see);
		if (f->fix)
			gt_buf_printf(b, "             fix: %s\n", f->fix);
	}
	if (hidden)
		gt_buf_puts(b, "  (the evidence of each • line: gotrace report -v)\n");
	gt_tame(b, tamed, b->len);
}

/*
 * Processes whose parent the trace never saw (in mode preload, the
 * children of go and the other static programs), as their own trees.
 */
static void orphans(struct gt_buf *b, const struct gt_model *m)
{
	struct gt_mproc top, *tp = &top;
	size_t i;

	memset(&top, 0, sizeof(top));
	top.child = gt_xcalloc(m->nproc ? m->nproc : 1, sizeof(*top.child));
	for (i = 0; i < m->nproc; i++)
		if (!m->procs[i]->parent && m->procs[i] != m->root && m->procs[i]->name)
			top.child[top.nchild++] = m->procs[i];
	if (top.nchild) {
		gt_buf_puts(b, "\nprocesses whose parent was not seen\n");
		children_groups(b, &tp, 1, "", 0);
	}
	free(top.child);
}

/* Opens the trace lacks (the in-kernel recorder's ring was full): every absence claimed may be wrong. */
static void put_lost(struct gt_buf *b, const struct gt_model *m)
{
	const struct gt_ev_tracer *tr = m->end ? m->end->tracer : NULL;
	long long lost = tr ? tr->opens_lost : 0;
	long long procs = tr ? tr->procs_unrecorded : 0;
	long long tasks = tr ? tr->tasks_unfollowed : 0;

	if (m->limit_line) {
		long long dropped = m->end ? m->end->dropped : 0;
		int mib = m->limit_bytes >= (1u << 20);
		gt_buf_printf(b, "  the trace stopped recording at %.1fs, when it held %llu %s (--max-trace, line %zu)",
			      m->limit_t, m->limit_bytes >> (mib ? 20 : 10), mib ? "MiB" : "KiB", m->limit_line);
		if (dropped > 0)
			gt_buf_printf(b, ": %lld events after that are not in it", (long long)dropped);
		gt_buf_puts(b, "; what happened later, and whether a file was opened then, it cannot tell\n");
	}
	if (lost > 0)
		gt_buf_printf(b, "  %lld opens are missing from the trace (the kernel's ring was full): a file "
			      "said not to be opened may have been\n", (long long)lost);
	if (procs > 0)
		gt_buf_printf(b, "  the opens of at least %lld processes are missing from the trace (the recorder's table "
			      "was full, or its helper refused them or stopped answering): a file said not to be opened "
			      "may have been\n",
			      (long long)procs);
	if (tasks > 0)
		gt_buf_printf(b, "  %lld new processes or threads were not followed by the recorder (its table of new "
			      "tasks was full): the opens of those that were processes are missing, and a file said not "
			      "to be opened may have been\n", (long long)tasks);
	if (tr && tr->opens_recorder_failed)
		gt_buf_puts(b, "  the in-kernel open recorder's helper (gotrace-openrec) ended or stopped answering during "
			    "the run: opens after that may be missing, and a file said not to be opened may have been\n");
}

/* How the run ended, or that it has not: the end record, else whether gotrace still writes the trace. */
static void put_outcome(struct gt_buf *b, const struct gt_model *m)
{
	if (m->end) {
		long st = (long)m->end->status;
		if (m->end->timed_out)
			gt_buf_printf(b, "was stopped by --timeout (status %ld)", st);
		else if (m->root && m->root->signal)
			gt_buf_printf(b, "was killed by %s (status %ld)", m->root->signal, st);
		else
			gt_buf_printf(b, "exited %ld", st);
	} else if (m->live == 1) {
		gt_buf_printf(b, "is still running (gotrace, pid %lld, is writing the trace: seen in /proc as this "
			      "report is made); the trace so far ends", (long long)m->run->pid);
	} else if (m->live < 0) {
		gt_buf_puts(b, "did not finish (the trace has no end record: gotrace is still running or was stopped)");
	} else {
		gt_buf_puts(b, "did not finish (the trace has no end record: gotrace was stopped)");
	}
}

static void render(struct gt_buf *b, const struct gt_model *m, const char *path,
		   const struct gt_findings *fs, int color, int verbose)
{
	const struct gt_ev_run *run = m->run;
	const char *mode = run->mode, *fallback = run->fallback;
	struct gt_mproc *root = m->root;
	size_t i, mark;

	gt_buf_puts(b, "gotrace: `");
	put_cmd(b, &run->argv, 0);
	gt_buf_puts(b, "` ");
	if (mode && !strcmp(mode, "none")) {
		/* the command was not found (wrap/notfound.c): nothing ran, nothing else to say here */
		gt_buf_printf(b, "was not found on PATH: nothing ran (status %ld)\n  trace: %s\n",
			      m->end ? (long)m->end->status : 0L, path);
		gt_tame(b, 0, b->len);
		put_findings(b, fs, color, verbose);
		return;
	}
	put_outcome(b, m);
	gt_buf_printf(b, " after %.1fs (", m->t_last);
	put_count(b, m->nproc);
	gt_buf_puts(b, m->nproc == 1 ? " process, " : " processes, ");
	put_count(b, m->events);
	gt_buf_printf(b, " events, mode %s)\n", mode ? mode : "?");
	if (fallback)
		gt_buf_printf(b, "  mode %s because %s\n", mode, fallback);
	put_lost(b, m);
	if (mode && strcmp(mode, "ptrace") && run->blind.n) {
		gt_buf_puts(b, "  not seen in this mode:");
		for (i = 0; i < run->blind.n; i++)
			gt_buf_printf(b, "%s %s", i ? ";" : "", run->blind.v[i]);
		gt_buf_putc(b, '\n');
	}
	gt_buf_printf(b, "  trace: %s\n", path);
	gt_tame(b, 0, b->len);
	put_findings(b, fs, color, verbose);
	mark = b->len;
	if (root) {
		/* a root no layer saw exec (mode preload, a static go) is the command run */
		if (!root->argv && root->ppid == run->pid && GT_HAS(run, run, argv))
			root->argv = &run->argv;
		gt_buf_puts(b, "\nprocesses\n  ");
		tree_depth = verbose || gt_mproc_failed(root) ? TREE_DEPTH_MAX : 2;
		tree_live = m->live == 1 && !m->end;
		tree_capped = m->limit_line != 0;
		tree(b, &root, 1, "", 0);
	}
	orphans(b, m);
	gt_tame(b, mark, b->len); /* nothing from the trace reaches a terminal as a control sequence */
}

static json_t *findings_json(const struct gt_findings *fs)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		const struct gt_finding *f = &fs->f[i];
		json_t *o = json_object(), *ev = json_array();
		json_object_set_new(o, "id", json_string(f->id));
		json_object_set_new(o, "subject", json_string(gt_subject_name(f->subject)));
		json_object_set_new(o, "severity", json_string(gt_severity_name(f->severity)));
		json_object_set_new(o, "verdict", json_string(f->verdict));
		for (j = 0; j < f->nev; j++) {
			const struct gt_evidence *e = &f->ev[j];
			json_t *x = json_object();
			json_object_set_new(x, "text", json_string(e->text));
			if (e->pid)
				json_object_set_new(x, "pid", json_integer(e->pid));
			if (e->line) {
				json_object_set_new(x, "line", json_integer((json_int_t)e->line));
				json_object_set_new(x, "t", json_real(e->t));
			}
			if (e->file)
				json_object_set_new(x, "file", json_string(e->file));
			if (e->file_line)
				json_object_set_new(x, "file_line", json_integer(e->file_line));
			json_array_append_new(ev, x);
		}
		json_object_set_new(o, "evidence", ev);
		if (f->fix)
			json_object_set_new(o, "fix", json_string(f->fix));
		if (f->see)
			json_object_set_new(o, "see", json_string(f->see));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* A string of the header for the --json report: null stays null. */
static json_t *str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* An array of strings of the header; an entry that was not a string is null. */
static json_t *strv_json(const struct gt_strv *sv)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_array_append_new(a, str_json(sv->v[i]));
	return a;
}

json_t *gt_report_json(const struct gt_model *m, const char *path, const struct gt_findings *fs)
{
	json_t *o = json_object(), *run = json_object();
	const struct gt_ev_run *r = m->run;

	json_object_set_new(o, "report_version", json_integer(1));
	json_object_set_new(o, "trace", json_string(path));
	/* the header's fields as it had them: one it lacks is left out */
	if (GT_HAS(r, run, argv))
		json_object_set_new(run, "argv", strv_json(&r->argv));
	if (GT_HAS(r, run, mode))
		json_object_set_new(run, "mode", str_json(r->mode));
	if (GT_HAS(r, run, blind))
		json_object_set_new(run, "blind", strv_json(&r->blind));
	if (GT_HAS(r, run, fallback))
		json_object_set_new(run, "fallback", str_json(r->fallback));
	json_object_set_new(run, "finished", json_boolean(m->end != NULL));
	if (!m->end && m->live == 1)
		json_object_set_new(run, "running", json_true());
	if (m->end && GT_HAS(m->end, end, status))
		json_object_set_new(run, "status", json_integer(m->end->status));
	json_object_set_new(run, "duration", json_real(m->t_last));
	json_object_set_new(run, "processes", json_integer((json_int_t)m->nproc));
	json_object_set_new(run, "events", json_integer((json_int_t)m->events));
	json_object_set_new(o, "run", run);
	json_object_set_new(o, "findings", findings_json(fs));
	return o;
}

static void render_json(struct gt_buf *b, const struct gt_model *m, const char *path,
			const struct gt_findings *fs)
{
	json_t *o = gt_report_json(m, path, fs);
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(7));

	if (!s)
		gt_die("out of memory");
	gt_buf_puts(b, s);
	gt_buf_putc(b, '\n');
	free(s);
	json_decref(o);
}

int gt_report_file_opts(const char *path, FILE *out, int flags, char *err, size_t errsize)
{
	int json = flags & GT_REPORT_JSON;
	struct gt_model m;
	struct gt_findings fs;
	struct gt_buf b;
	const char *nc = getenv("NO_COLOR");
	int color = !json && !(flags & GT_REPORT_NOCOLOR) &&
		    ((flags & GT_REPORT_COLOR) || (isatty(fileno(out)) && !(nc && nc[0])));

	if (gt_model_load(&m, path, err, errsize) < 0)
		return -1;
	memset(&fs, 0, sizeof(fs));
	gt_analyze(&m, &fs);
	gt_buf_init(&b);
	if (json)
		render_json(&b, &m, path, &fs);
	else
		render(&b, &m, path, &fs, color, flags & GT_REPORT_VERBOSE);
	fwrite(b.p, 1, b.len, out);
	fflush(out);
	gt_buf_free(&b);
	gt_findings_free(&fs);
	gt_model_free(&m);
	return 0;
}

int gt_report_file(const char *path, FILE *out, char *err, size_t errsize)
{
	return gt_report_file_opts(path, out, 0, err, errsize);
}

void gt_report_after_run(const char *path, FILE *out)
{
	gt_report_after_run_opts(path, out, 0);
}

void gt_report_after_run_opts(const char *path, FILE *out, int flags)
{
	int json = flags & GT_REPORT_JSON;
	char err[512];
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(out, "gotrace: no report: the trace went to %s, which cannot be read back\n", path);
		return;
	}
	if (!json)
		fputc('\n', out);
	if (gt_report_file_opts(path, out, flags, err, sizeof(err)) < 0)
		fprintf(out, "gotrace: no report: %s\n", err);
}

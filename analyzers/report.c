/*
 * Text rendering of the model. The whole report is composed in memory and
 * written at once, so an error found while reading the trace leaves nothing
 * but its one-line reason on the terminal.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/buf.h"
#include "model.h"

#define TREE_DEPTH_MAX 8
#define TREE_GROUPS_MAX 12
#define ERR_LINES_MAX 12
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
static void put_cmd(struct gt_buf *b, json_t *argv, size_t width)
{
	size_t start = b->len, i;
	json_t *a;

	json_array_foreach(argv, i, a) {
		const char *s = json_string_value(a);
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
		gt_buf_puts(b, "did not exit");
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
};

static const char *gname(const struct gt_mproc *p)
{
	return p->name ? p->name : pname(p->parent);
}

static void tree(struct gt_buf *b, struct gt_mproc **members, size_t n,
		 const char *prefix, int depth);

static void children_groups(struct gt_buf *b, struct gt_mproc **members, size_t n,
			    const char *prefix, int depth)
{
	struct group *g = NULL;
	size_t ng = 0, i, j, k, shown;
	char sub[256];

	for (i = 0; i < n; i++)
		for (j = 0; j < members[i]->nchild; j++) {
			struct gt_mproc *c = members[i]->child[j];
			int forked = c->name == NULL;
			const char *name = gname(c);
			for (k = 0; k < ng; k++)
				if (g[k].forked == forked && !strcmp(g[k].name, name))
					break;
			if (k == ng) {
				g = realloc(g, (ng + 1) * sizeof(*g));
				if (!g)
					abort();
				g[ng].name = name;
				g[ng].forked = forked;
				g[ng].m = NULL;
				g[ng].n = 0;
				ng++;
			}
			g[k].m = realloc(g[k].m, (g[k].n + 1) * sizeof(*g[k].m));
			if (!g[k].m)
				abort();
			g[k].m[g[k].n++] = c;
		}
	shown = ng > TREE_GROUPS_MAX ? TREE_GROUPS_MAX - 1 : ng;
	for (k = 0; k < shown; k++) {
		int last = k + 1 == ng;
		gt_buf_printf(b, "  %s%s ", prefix, last ? "└─" : "├─");
		snprintf(sub, sizeof(sub), "%s%s", prefix, last ? "   " : "│  ");
		if (depth + 1 >= TREE_DEPTH_MAX) {
			gt_buf_puts(b, "...\n");
			continue;
		}
		tree(b, g[k].m, g[k].n, sub, depth + 1);
	}
	if (shown < ng)
		gt_buf_printf(b, "  %s└─ ... %zu more programs\n", prefix, ng - shown);
	for (k = 0; k < ng; k++)
		free(g[k].m);
	free(g);
}

/* One line for MEMBERS (same program, same parent), then their children. */
static void tree(struct gt_buf *b, struct gt_mproc **members, size_t n,
		 const char *prefix, int depth)
{
	unsigned long ev = 0, failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ev += members[i]->events;
		failed += gt_mproc_failed(members[i]);
	}
	if (n == 1) {
		struct gt_mproc *p = members[0];
		if (p->argv)
			put_cmd(b, p->argv, CMD_WIDTH);
		else
			gt_buf_printf(b, "(fork of %s)", pname(p->parent));
		gt_buf_printf(b, "  [pid %ld, ", p->pid);
		put_count(b, ev);
		gt_buf_puts(b, ev == 1 ? " event" : " events");
		if (gt_mproc_failed(p)) {
			gt_buf_puts(b, ", ");
			put_status(b, p);
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
		gt_buf_puts(b, "]\n");
	}
	children_groups(b, members, n, prefix, depth);
}

/*
 * The process whose failure made P fail: among its failed children, the one
 * that exited last, then the same below it. Failures that are part of normal
 * work (go probing gcc for supported flags) happen early; the failure that
 * stops a build is the last before it ends.
 */
static struct gt_mproc *culprit(struct gt_mproc *p)
{
	for (;;) {
		struct gt_mproc *best = NULL;
		size_t i;
		for (i = 0; i < p->nchild; i++) {
			struct gt_mproc *c = p->child[i];
			if (gt_mproc_failed(c) && (!best || c->t_exit >= best->t_exit))
				best = c;
		}
		if (!best)
			return p;
		p = best;
	}
}

static void put_stderr(struct gt_buf *b, const struct gt_mproc *p, const char *indent)
{
	const char *s = p->err.p, *end = s + p->err.len;
	size_t lines = 0, total = 0, skip;
	const char *q;

	for (q = s; q < end; q++)
		if (*q == '\n')
			total++;
	if (end > s && end[-1] != '\n')
		total++;
	/* the last lines say most: compilers and go put the summary at the end */
	skip = total > ERR_LINES_MAX ? total - ERR_LINES_MAX : 0;
	if (skip)
		gt_buf_printf(b, "%s(%zu earlier lines)\n", indent, skip);
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (lines++ >= skip) {
			gt_buf_puts(b, indent);
			gt_buf_add(b, s, len);
			gt_buf_putc(b, '\n');
		}
		s += len + (nl ? 1 : 0);
	}
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
	top.child = calloc(m->nproc ? m->nproc : 1, sizeof(*top.child));
	if (!top.child)
		abort();
	for (i = 0; i < m->nproc; i++)
		if (!m->procs[i]->parent && m->procs[i] != m->root && m->procs[i]->name)
			top.child[top.nchild++] = m->procs[i];
	if (top.nchild) {
		gt_buf_puts(b, "\nprocesses whose parent was not seen\n");
		children_groups(b, &tp, 1, "", 0);
	}
	free(top.child);
}

static void render(struct gt_buf *b, const struct gt_model *m, const char *path)
{
	json_t *run = m->run, *blind, *v;
	const char *mode = json_string_value(json_object_get(run, "mode"));
	const char *fallback = json_string_value(json_object_get(run, "fallback"));
	struct gt_mproc *root = m->root;
	size_t i;

	gt_buf_puts(b, "gotrace: `");
	put_cmd(b, json_object_get(run, "argv"), 0);
	gt_buf_puts(b, "` ");
	if (m->end) {
		long st = (long)json_integer_value(json_object_get(m->end, "status"));
		if (root && root->signal)
			gt_buf_printf(b, "was killed by %s (status %ld)", root->signal, st);
		else
			gt_buf_printf(b, "exited %ld", st);
	} else {
		gt_buf_puts(b, "did not finish (the trace has no end record: gotrace was stopped)");
	}
	gt_buf_printf(b, " after %.1fs (", m->t_last);
	put_count(b, m->nproc);
	gt_buf_puts(b, m->nproc == 1 ? " process, " : " processes, ");
	put_count(b, m->events);
	gt_buf_printf(b, " events, mode %s)\n", mode ? mode : "?");
	if (fallback)
		gt_buf_printf(b, "  mode %s because %s\n", mode, fallback);
	blind = json_object_get(run, "blind");
	if (mode && strcmp(mode, "ptrace") && json_array_size(blind)) {
		gt_buf_puts(b, "  not seen in this mode:");
		json_array_foreach(blind, i, v)
			gt_buf_printf(b, "%s %s", i ? ";" : "", json_string_value(v));
		gt_buf_putc(b, '\n');
	}
	gt_buf_printf(b, "  trace: %s\n", path);
	if (root && gt_mproc_failed(root)) {
		struct gt_mproc *c = culprit(root);
		gt_buf_puts(b, "\n✗ failure   ");
		gt_buf_puts(b, pname(c));
		gt_buf_putc(b, ' ');
		put_status(b, c);
		gt_buf_printf(b, " (pid %ld", c->pid);
		if (c != root && c->parent)
			gt_buf_printf(b, ", started by %s, pid %ld", pname(c->parent), c->parent->pid);
		gt_buf_puts(b, ")\n");
		if (c->argv && c != root) {
			gt_buf_puts(b, "            command: ");
			put_cmd(b, c->argv, 160);
			gt_buf_putc(b, '\n');
		}
		if (c->err.len) {
			gt_buf_puts(b, "            stderr:\n");
			put_stderr(b, c, "              ");
		} else {
			/*
			 * compile and vet print diagnostics on stdout, which go
			 * captures and relays on its own stderr
			 */
			struct gt_mproc *a = c->parent;
			while (a && !a->err.len)
				a = a->parent;
			gt_buf_printf(b, "            (it wrote nothing to stderr");
			if (a) {
				gt_buf_printf(b, "; %s, pid %ld, wrote:)\n", pname(a), a->pid);
				put_stderr(b, a, "              ");
			} else {
				gt_buf_puts(b, ")\n");
			}
		}
	}
	if (root) {
		/* a root no layer saw exec (mode preload, a static go) is the command run */
		if (!root->argv && root->ppid == json_integer_value(json_object_get(m->run, "pid")))
			root->argv = json_incref(json_object_get(m->run, "argv"));
		gt_buf_puts(b, "\nprocesses\n  ");
		tree(b, &root, 1, "", 0);
	}
	orphans(b, m);
}

int gt_report_file(const char *path, FILE *out, char *err, size_t errsize)
{
	struct gt_model m;
	struct gt_buf b;

	if (gt_model_load(&m, path, err, errsize) < 0)
		return -1;
	gt_buf_init(&b);
	render(&b, &m, path);
	fwrite(b.p, 1, b.len, out);
	fflush(out);
	gt_buf_free(&b);
	gt_model_free(&m);
	return 0;
}

void gt_report_after_run(const char *path, FILE *out)
{
	char err[512];
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(out, "gotrace: no report: the trace went to %s, which cannot be read back\n", path);
		return;
	}
	fputc('\n', out);
	if (gt_report_file(path, out, err, sizeof(err)) < 0)
		fprintf(out, "gotrace: no report: %s\n", err);
}

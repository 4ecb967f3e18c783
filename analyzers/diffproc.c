/*
 * gotrace diff, the processes of two runs set against each other: the first
 * process both ran with the same arguments that ended differently or
 * loaded another library file, and the programs only one run ran. Both
 * sort and group instead of comparing every pair: a wide build or test
 * run has tens of thousands of processes (bench/mkprocs.awk).
 */
#include "diffint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers.h"
#include "../common/buf.h"
#include "../common/util.h"

/* A process's identity across runs: its arguments, normalized. */
static char *proc_key(const struct side *sd, const struct gt_mproc *p)
{
	const struct gt_strv *argv = p->argv;
	struct gt_buf b;
	size_t i;
	char *r;

	gt_buf_init(&b);
	for (i = 0; argv && i < argv->n; i++) {
		/* an argument that was not a string counts as an empty one */
		char *n = gt_diff_normalize(sd, argv->v[i] ? argv->v[i] : "");
		if (i)
			gt_buf_putc(&b, ' ');
		gt_buf_puts(&b, n);
		free(n);
	}
	r = gt_xstrdup(gt_buf_cstr(&b));
	gt_buf_free(&b);
	return r;
}

/* Index of process P in SD's procs (the procs array is in creation order, not by address). */
struct pidx {
	const struct gt_mproc *p;
	size_t i;
};

static int by_ptr(const void *x, const void *y)
{
	const struct gt_mproc *a = ((const struct pidx *)x)->p, *b = ((const struct pidx *)y)->p;

	return a < b ? -1 : a > b;
}

/*
 * For each process of SD, the shared libraries it loaded, as one sorted
 * "name=digest-or-path;" string (malloc'd array, one per process).
 */
static char **proc_libs(const struct side *sd)
{
	struct pidx *ix = gt_xcalloc(sd->m.nproc + 1, sizeof(*ix));
	struct gt_buf *lb = gt_xcalloc(sd->m.nproc + 1, sizeof(*lb));
	char **out = gt_xcalloc(sd->m.nproc + 1, sizeof(*out));
	size_t i, k;

	for (i = 0; i < sd->m.nproc; i++) {
		ix[i].p = sd->m.procs[i];
		ix[i].i = i;
		gt_buf_init(&lb[i]);
	}
	qsort(ix, sd->m.nproc, sizeof(*ix), by_ptr);
	for (k = 0; k < sd->m.nopens; k++) {
		const struct gt_mopen *o = &sd->m.opens[k];
		const char *b = gt_base_name(o->path), *sha;
		struct pidx key = {o->p, 0}, *hit;
		char *n;
		if (!o->ok || !o->p || strncmp(b, "lib", 3) || !strstr(b, ".so") || !strcmp(b, "libgotrace.so") ||
		    !strcmp(b, "libgtaudit.so"))
			continue;
		hit = bsearch(&key, ix, sd->m.nproc, sizeof(*ix), by_ptr);
		if (!hit)
			continue;
		sha = gt_diff_sha_of(&sd->m, o->path);
		n = sha ? NULL : gt_diff_normalize(sd, o->path);
		gt_buf_printf(&lb[hit->i], "%s=%s;", b, sha ? sha : n);
		free(n);
	}
	for (i = 0; i < sd->m.nproc; i++) {
		out[i] = gt_xstrdup(gt_buf_cstr(&lb[i]));
		gt_buf_free(&lb[i]);
	}
	free(lb);
	free(ix);
	return out;
}

static void free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The first library name whose file differs between two proc_libs strings, into OUT. */
static int lib_diff(const char *x, const char *y, char *out, size_t size)
{
	const char *e;

	for (; *x; x = e + 1) {
		const char *eq = strchr(x, '='), *hit;
		char name[300];
		e = strchr(x, ';');
		if (!eq || !e || (size_t)(eq - x) >= sizeof(name) - 1)
			return 0;
		snprintf(name, sizeof(name), "%.*s=", (int)(eq - x), x);
		hit = strstr(y, name);
		if (hit && (hit == y || hit[-1] == ';') && strncmp(hit, x, (size_t)(e - x + 1))) {
			snprintf(out, size, "%.*s", (int)(eq - x), x);
			return 1;
		}
	}
	return 0;
}

/*
 * A process of B that ran to its end, for matching A's processes by
 * their arguments: what makes it differ from another (exit, signal, the
 * files of its libraries) and its place in B.
 */
struct bproc {
	char *key, *libs;
	int code, signaled;
	size_t j;
};

static int by_key_class(const void *x, const void *y)
{
	const struct bproc *a = x, *b = y;
	int d = strcmp(a->key, b->key);

	if (!d)
		d = (a->code > b->code) - (a->code < b->code);
	if (!d)
		d = a->signaled - b->signaled;
	if (!d)
		d = strcmp(a->libs, b->libs);
	return d ? d : (a->j > b->j) - (a->j < b->j);
}

static int by_key_place(const void *x, const void *y)
{
	const struct bproc *a = x, *b = y;
	int d = strcmp(a->key, b->key);

	return d ? d : (a->j > b->j) - (a->j < b->j);
}

static int same_class(const struct bproc *a, const struct bproc *b)
{
	return !strcmp(a->key, b->key) && a->code == b->code && a->signaled == b->signaled &&
	       !strcmp(a->libs, b->libs);
}

/*
 * B's processes with an identity, one per class (same key, exit, signal
 * and libraries: A's process differs from all of a class or from none),
 * the class's first process standing for it, in (key, place) order.
 */
static struct bproc *b_classes(const struct side *b, char **libs, size_t *n)
{
	struct bproc *v = gt_xcalloc(b->m.nproc + 1, sizeof(*v));
	size_t j, k = 0, out = 0;

	for (j = 0; j < b->m.nproc; j++) {
		const struct gt_mproc *q = b->m.procs[j];
		if (!q->nexecs || !q->exited || !q->argv)
			continue;
		v[k].key = proc_key(b, q);
		v[k].libs = libs[j];
		v[k].code = q->code;
		v[k].signaled = q->signal != NULL;
		v[k].j = j;
		k++;
	}
	qsort(v, k, sizeof(*v), by_key_class);
	for (j = 0; j < k; j++) {
		if (out && same_class(&v[out - 1], &v[j])) {
			free(v[j].key);
			continue;
		}
		v[out++] = v[j];
	}
	qsort(v, out, sizeof(*v), by_key_place);
	*n = out;
	return v;
}

/*
 * The first point where the runs part: among the processes both ran with
 * the same arguments (normalized), the one that first ended with another
 * status, or first loaded another file for a library (a parent that failed
 * because its child did ends later than the child). Each process of A is
 * set against the first process of B with its arguments that differs from
 * it; B's processes are sorted and grouped, not compared pairwise (a wide
 * build has tens of thousands of each).
 */
void gt_diff_divergence(const struct side *a, const struct side *b, struct gt_buf *text, json_t *js)
{
	char **la = proc_libs(a), **lbs = proc_libs(b);
	const struct gt_mproc *bp = NULL, *bq = NULL;
	char best_key[1024] = "", best_lib[300] = "";
	double best_t = 0;
	size_t i, k, nc;
	struct bproc *cls = b_classes(b, lbs, &nc);

	for (i = 0; i < a->m.nproc; i++) {
		const struct gt_mproc *p = a->m.procs[i];
		struct bproc want = {0}, *hit;
		char lib[300];
		if (!p->nexecs || !p->exited || !p->argv)
			continue;
		want.key = proc_key(a, p);
		/* the first class of the key: sorted by place, j 0 is before every other */
		hit = NULL;
		{
			size_t lo = 0, hi = nc;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (strcmp(cls[mid].key, want.key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < nc && !strcmp(cls[lo].key, want.key))
				hit = &cls[lo];
		}
		for (k = hit ? (size_t)(hit - cls) : nc; k < nc && !strcmp(cls[k].key, want.key); k++) {
			const struct gt_mproc *q = b->m.procs[cls[k].j];
			int ex = p->code != q->code || (p->signal != NULL) != (q->signal != NULL);
			double t;
			lib[0] = 0;
			if (!ex && !lib_diff(la[i], lbs[cls[k].j], lib, sizeof(lib)))
				continue;
			t = ex ? p->t_exit : p->t_start;
			if (!bp || t < best_t) {
				bp = p;
				bq = q;
				best_t = t;
				snprintf(best_key, sizeof(best_key), "%s", want.key);
				snprintf(best_lib, sizeof(best_lib), "%s", ex ? "" : lib);
			}
			break;
		}
		free(want.key);
	}
	if (bp && !best_lib[0]) {
		gt_buf_printf(text, "first divergence: `%.200s` exited %d in A (pid %ld, line %zu), "
			      "%d in B (pid %ld, line %zu)\n", best_key, bp->code, bp->pid, bp->exit_line,
			      bq->code, bq->pid, bq->exit_line);
		json_object_set_new(js, "divergence",
				    json_pack("{s:s, s:s, s:{s:I, s:i, s:I}, s:{s:I, s:i, s:I}}", "command", best_key,
					      "kind", "exit", "a", "pid", (json_int_t)bp->pid, "code", bp->code,
					      "line", (json_int_t)bp->exit_line, "b", "pid", (json_int_t)bq->pid,
					      "code", bq->code, "line", (json_int_t)bq->exit_line));
	} else if (bp) {
		gt_buf_printf(text, "first divergence: `%.200s` (pid %ld in A, %ld in B) loaded another "
			      "file for %s\n", best_key, bp->pid, bq->pid, best_lib);
		json_object_set_new(js, "divergence",
				    json_pack("{s:s, s:s, s:s, s:{s:I}, s:{s:I}}", "command", best_key, "kind",
					      "library", "library", best_lib, "a", "pid", (json_int_t)bp->pid, "b",
					      "pid", (json_int_t)bq->pid));
	}
	for (k = 0; k < nc; k++)
		free(cls[k].key);
	free(cls);
	free_strs(la, a->m.nproc);
	free_strs(lbs, b->m.nproc);
}

/* A process's program name and place, for counting names without comparing every pair. */
struct pname {
	const char *name;
	size_t i;
};

static int by_name_place(const void *x, const void *y)
{
	const struct pname *a = x, *b = y;
	int d = strcmp(a->name, b->name);

	return d ? d : (a->i > b->i) - (a->i < b->i);
}

/* SD's named processes sorted by (name, place); *N of them. */
static struct pname *names_of(const struct side *sd, size_t *n)
{
	struct pname *v = gt_xcalloc(sd->m.nproc + 1, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < sd->m.nproc; i++)
		if (sd->m.procs[i]->name) {
			v[k].name = sd->m.procs[i]->name;
			v[k++].i = i;
		}
	qsort(v, k, sizeof(*v), by_name_place);
	*n = k;
	return v;
}

/* The first entry of V (sorted by name) named NAME, or NULL. */
static const struct pname *first_named(const struct pname *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].name, name) ? &v[lo] : NULL;
}

/* Programs (not Go's own tools) that ran in one run only, for the first difference. */
void gt_diff_one_side(const struct side *x, const struct side *y, char *out, size_t size)
{
	size_t i, nx, ny;
	struct pname *vx = names_of(x, &nx), *vy = names_of(y, &ny);

	for (i = 0; i < x->m.nproc; i++) {
		const struct gt_mproc *p = x->m.procs[i];
		const struct pname *first, *e;
		unsigned n = 0;
		char one[300];
		if (!p->name || !p->nexecs || gt_exec_is_go(&p->execs[p->nexecs - 1]) ||
		    strstr(p->path, "/pkg/tool/"))
			continue;
		/* each name once: the first process of that name counts them all */
		first = first_named(vx, nx, p->name);
		if (!first || first->i != i || first_named(vy, ny, p->name))
			continue;
		for (e = first; e < vx + nx && !strcmp(e->name, p->name); e++)
			n++;
		snprintf(one, sizeof(one), "%s%s ×%u", out[0] ? ", " : "", p->name, n);
		if (strlen(out) + strlen(one) + 1 < size)
			strcat(out, one);
	}
	free(vx);
	free(vy);
}

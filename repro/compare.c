/*
 * The answer of `gotrace repro`: did the run here end as the traced run
 * did? The first cause of each (the report's headline: the first finding
 * that is a cause) is compared by finding id and verdict, with what
 * belongs to one machine made neutral (its directories, pids, times); then
 * the differences `gotrace diff` finds, most likely first, without those
 * repro made itself (the private go env file, the caches, the go's path).
 */
#include "repro.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/analyzers.h"
#include "../analyzers/diffint.h"
#include "../common/redact.h"
#include "../common/util.h"

struct run {
	const char *path;
	struct gt_model m;
	struct gt_findings fs;
	const struct gt_finding *cause;
	int status, failed;
	char key[2048];
	char root[4096]; /* the module root: the directory of the go.work or go.mod go read */
	unsigned compiles;
};

/* Replace every FROM in B (from OFF) with TO. */
static void replace_all(struct gt_buf *b, const char *from, const char *to)
{
	struct gt_buf o;
	const char *s, *hit;
	size_t fl = strlen(from);

	if (fl < 2)
		return;
	gt_buf_init(&o);
	for (s = gt_buf_cstr(b); (hit = strstr(s, from)); s = hit + fl) {
		gt_buf_add(&o, s, (size_t)(hit - s));
		gt_buf_puts(&o, to);
	}
	gt_buf_puts(&o, s);
	b->len = 0;
	if (o.len)
		gt_buf_add(b, o.p, o.len);
	gt_buf_free(&o);
}

/* R's module root: the directory of its go.work or go.mod (rp_module_file). */
static void find_root(struct run *r)
{
	const char *cwd = r->m.run->cwd;
	const char *f = cwd ? rp_module_file(&r->m, cwd) : NULL;

	if (f && gt_base_name(f) - f > 1)
		snprintf(r->root, sizeof(r->root), "%.*s", (int)(gt_base_name(f) - f - 1), f);
}

/*
 * The verdict of R's first cause with what belongs to its machine made
 * neutral: its module root, the directory it ran in, HOME, pids, go's temporary names
 * (go-build123), durations ("3.2 s").
 */
static void make_key(struct run *r)
{
	const char *cwd = r->m.run->cwd;
	const char *home = r->m.root && r->m.root->nexecs ? gt_env_get(r->m.root->execs[0].env, "HOME") : NULL;
	struct gt_buf b;
	size_t i, o = 0;
	const char *s;

	gt_buf_init(&b);
	gt_buf_puts(&b, r->cause->verdict);
	if (r->root[0])
		replace_all(&b, r->root, "<root>");
	if (cwd)
		replace_all(&b, cwd, "<dir>");
	if (home && strcmp(home, "/"))
		replace_all(&b, home, "<home>");
	s = gt_buf_cstr(&b);
	o = (size_t)snprintf(r->key, sizeof(r->key), "%s|", r->cause->id);
	for (i = 0; s[i] && o + 2 < sizeof(r->key);) {
		if (isdigit((unsigned char)s[i])) {
			size_t j = i;
			while (isdigit((unsigned char)s[j]) || s[j] == '.')
				j++;
			/* a pid, a time, a temporary name: a number after "pid ", before " s", or in go-build */
			if ((i >= 4 && !strncmp(s + i - 4, "pid ", 4)) || !strncmp(s + j, " s", 2) ||
			    !strncmp(s + j, "ms", 2) || (i >= 8 && !strncmp(s + i - 8, "go-build", 8))) {
				r->key[o++] = '#';
				i = j;
				continue;
			}
		}
		r->key[o++] = s[i++];
	}
	r->key[o] = 0;
	gt_buf_free(&b);
}

static int load_run(struct run *r, const char *path, char *err, size_t errsize)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if (gt_model_load(&r->m, path, err, errsize) < 0)
		return -1;
	if (!r->m.end) {
		snprintf(err, errsize, "%s: the trace has no end: the run did not finish", path);
		gt_model_free(&r->m);
		return -1;
	}
	r->status = (int)r->m.end->status;
	r->failed = r->status != 0;
	gt_analyze(&r->m, &r->fs);
	gt_findings_sort(&r->fs);
	for (i = 0; i < r->fs.n && r->failed && !r->cause; i++) {
		const struct gt_finding *f = &r->fs.f[i];
		if (f->severity == GT_SEV_CAUSE && !(!strcmp(f->id, "failure") && f->see && gt_findings_get(&r->fs, f->see)))
			r->cause = f;
	}
	find_root(r);
	if (r->cause)
		make_key(r);
	for (i = 0; i < r->m.nproc; i++) {
		const struct gt_mproc *p = r->m.procs[i];
		r->compiles += p->nexecs && !strcmp(gt_base_name(p->execs[0].path), "compile");
	}
	return 0;
}

static void free_run(struct run *r)
{
	gt_findings_free(&r->fs);
	gt_model_free(&r->m);
}

/* "ID: VERDICT" of R's first cause, or what R's outcome was without one. */
static void cause_text(struct gt_buf *b, const struct run *r)
{
	if (r->cause)
		gt_buf_printf(b, "%s: %s", r->cause->id, r->cause->verdict);
	else if (r->failed)
		gt_buf_printf(b, "exit %d, no cause found", r->status);
	else
		gt_buf_puts(b, "succeeded");
}

/* Differences repro itself makes, or that only say the two machines differ in a way it chose. */
static int made_by_repro(const char *cat, const char *key, int same_version)
{
	static const char *const config[] = {"GOENV", "GOPATH", "GOMODCACHE", "GOCACHE", "GOTOOLCHAIN", NULL};
	const char *const *k;

	if (!strcmp(cat, "config"))
		for (k = config; *k; k++)
			if (!strcmp(key, *k))
				return 1;
	if (!strcmp(cat, "environment") && (!strcmp(key, "HOME") || !strncmp(key, "XDG_", 4)))
		return 1;
	if (!strcmp(cat, "toolchain") && same_version && (!strcmp(key, "go binary") || !strcmp(key, "GOROOT")))
		return 1;
	return 0;
}

static const char *side_value(const struct fact *f)
{
	return f ? f->show : "(not in this run)";
}

/* Whether any difference is the go version's. */
static int version_differs(const struct gt_diff *d)
{
	size_t i;

	for (i = 0; i < d->nd; i++)
		if (!strcmp(d->d[i].key, "go version"))
			return 1;
	return 0;
}

/* The differences gotrace diff finds, without those repro made, at most MAX, into B. */
static void differences(struct gt_buf *b, const char *orig, const char *now, size_t max)
{
	struct gt_diff d;
	char err[512], prog[2200];
	size_t i, shown = 0;
	int same_version;

	if (gt_diff_load(&d, orig, now, err, sizeof(err)) < 0) {
		gt_buf_printf(b, "  (no comparison: %s)\n", err);
		return;
	}
	same_version = !version_differs(&d);
	gt_diff_programs(&d, prog, sizeof(prog));
	for (i = 0; i < d.nd; i++) {
		const char *cat = gt_diff_cat_name(d.d[i].cat), *key = d.d[i].key;
		if (made_by_repro(cat, key, same_version))
			continue;
		if (++shown > max)
			continue;
		gt_buf_printf(b, "%3zu. %s: %s\n       the run: %s\n       here:    %s\n", shown, cat, key,
			      side_value(d.d[i].a), side_value(d.d[i].b));
		/* diff says them with its first difference */
		if (i == 0 && prog[0])
			gt_buf_printf(b, "       programs %s\n", prog);
	}
	if (!shown)
		gt_buf_puts(b, "  no difference in what the traces record\n");
	else if (shown > max)
		gt_buf_printf(b, "  (%zu more: gotrace diff %s %s)\n", shown - max, orig, now);
	gt_diff_free(&d);
}

/* The answer line; 0 reproduced, 1 not. */
static int answer(struct gt_buf *b, const struct run *a, const struct run *h)
{
	if (!a->failed && !h->failed) {
		gt_buf_puts(b, "gotrace repro: reproduced: it succeeded here, as in the run\n");
		return 0;
	}
	if (a->failed && h->failed && a->cause && h->cause && !strcmp(a->key, h->key)) {
		gt_buf_puts(b, "gotrace repro: reproduced: ");
		cause_text(b, h);
		gt_buf_putc(b, '\n');
		return 0;
	}
	if (a->failed && h->failed) {
		gt_buf_puts(b, "gotrace repro: different failure: the run: ");
		cause_text(b, a);
		gt_buf_puts(b, "; here: ");
		cause_text(b, h);
		gt_buf_putc(b, '\n');
		return 1;
	}
	gt_buf_puts(b, "gotrace repro: not reproduced: ");
	if (a->failed) {
		gt_buf_puts(b, "it succeeded here; the run failed: ");
		cause_text(b, a);
	} else {
		gt_buf_puts(b, "the run succeeded, here it failed: ");
		cause_text(b, h);
	}
	gt_buf_putc(b, '\n');
	return 1;
}

int rp_compare(const char *orig, const char *now, int clean, FILE *out, char *err, size_t errsize)
{
	struct run a, h;
	struct gt_buf b;
	int rc;

	if (load_run(&a, orig, err, errsize) < 0)
		return -1;
	if (load_run(&h, now, err, errsize) < 0) {
		free_run(&a);
		return -1;
	}
	gt_buf_init(&b);
	rc = answer(&b, &a, &h);
	if (rc) {
		gt_buf_puts(&b, "what differs, the likeliest cause first (gotrace diff):\n");
		differences(&b, orig, now, 8);
	}
	if (rc && !clean && a.compiles > 2 * h.compiles + 4)
		gt_buf_printf(&b, "the build cache here is warm: the run compiled %u packages, this one %u; a failure in "
				  "a package only the run compiled can hide: gotrace repro --clean runs with empty caches\n",
			      a.compiles, h.compiles);
	gt_buf_printf(&b, "the run here: %s (gotrace report %s)\n", now, now);
	gt_tame(&b, 0, b.len);
	fputs(gt_buf_cstr(&b), out);
	gt_buf_free(&b);
	free_run(&a);
	free_run(&h);
	return rc;
}

/*
 * Who is wrong. For each hash (a module's zip, its go.mod) the sources that
 * have one are grouped by value; when they do not all agree, the odd one out
 * is named with what to do — or, when two sources disagree and nothing else
 * was asked, that it cannot be told yet. A .ziphash that does not match the
 * cached zip it describes means the cache was changed under go. A source
 * that could not be checked (a fetch that failed, a zip that is not one, a
 * database answer not proven) is never counted as agreeing: it is said, and
 * a cached zip that cannot be read is a finding of its own, the unpacked
 * directory then standing for the cache.
 */
#include "verify_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/util.h"

static __attribute__((format(printf, 2, 3))) void put(char **dst, const char *fmt, ...)
{
	va_list ap;

	free(*dst);
	va_start(ap, fmt);
	*dst = gt_xvasprintf(fmt, ap);
	va_end(ap);
}

void gt_verify_source_name(const struct gt_vmod *m, int what, enum gt_vsrc s, struct gt_buf *b)
{
	const struct gt_vhash *h = what ? &m->mod[s] : &m->zip[s];

	switch (s) {
	case GT_V_GOSUM:
		gt_buf_printf(b, "go.sum line %d", what ? m->mod_line : m->zip_line);
		break;
	case GT_V_ZIPHASH:
		gt_buf_puts(b, "the cache's .ziphash");
		break;
	case GT_V_CACHE:
		gt_buf_puts(b, what ? "the module cache's .mod" : "the module cache's zip");
		break;
	case GT_V_DIR:
		gt_buf_puts(b, "the unpacked directory");
		break;
	case GT_V_PROXY:
		gt_buf_puts(b, h->where ? h->where : "GOPROXY");
		break;
	default:
		gt_buf_puts(b, h->where ? h->where : "the checksum database");
	}
}

void gt_verify_where(const struct gt_vmod *m, int what, enum gt_vsrc s, struct gt_buf *b)
{
	const struct gt_vhash *h = what ? &m->mod[s] : &m->zip[s];

	if (s == GT_V_GOSUM)
		gt_buf_printf(b, "%s line %d", m->sumfile, what ? m->mod_line : m->zip_line);
	else if (h->where)
		gt_buf_puts(b, h->where);
}

/* Names of the sources in SET (a bit per source) into B: "A, B and C". */
static void names(const struct gt_vmod *m, int what, unsigned set, struct gt_buf *b)
{
	int s, left = __builtin_popcount(set);

	for (s = 0; s < GT_V_N; s++) {
		if (!(set & (1u << s)))
			continue;
		gt_verify_source_name(m, what, (enum gt_vsrc)s, b);
		left--;
		gt_buf_puts(b, left > 1 ? ", " : left == 1 ? " and " : "");
	}
}

static struct gt_vfind *add(struct gt_vfind **f, int *n, char sev, const char *kind, const struct gt_vmod *m)
{
	struct gt_vfind *x;

	*f = gt_xrealloc(*f, (size_t)(*n + 1) * sizeof(**f));
	x = &(*f)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->sev = sev;
	x->kind = kind;
	x->m = m;
	return x;
}

void gt_verify_findings_free(struct gt_vfind *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(f[i].verdict);
		free(f[i].fix);
	}
	free(f);
}

/* Why the source ODD is wrong, when it alone differs from the others. */
static const char *odd_why(int odd, const char *thing, struct gt_buf *b)
{
	switch (odd) {
	case GT_V_GOSUM:
		return "go.sum is wrong (a bad merge or a hand edit)";
	case GT_V_ZIPHASH:
	case GT_V_CACHE:
		gt_buf_printf(b, "the module cache's %s was changed after go downloaded it", thing);
		return gt_buf_cstr(b);
	case GT_V_DIR:
		return "the unpacked directory was changed after go extracted it (a build uses it)";
	case GT_V_PROXY:
		return "the proxy serves something else than what was published and recorded "
		       "(its copy was altered, or the version re-tagged after it was recorded)";
	default:
		return "the checksum database recorded another hash when the version was first published: "
		       "what you have is not that (re-tagged or altered since)";
	}
}

/* The verdict when one source alone (ODD) differs from the others (REST, two or more sources). */
static void odd_one(const struct gt_vmod *m, int what, int odd, unsigned rest, struct gt_vfind *x)
{
	struct gt_buf o, r, w;

	gt_buf_init(&o);
	gt_buf_init(&r);
	gt_buf_init(&w);
	gt_verify_source_name(m, what, (enum gt_vsrc)odd, &o);
	names(m, what, rest, &r);
	put(&x->verdict, "%s differs from %s, which agree: %s", gt_buf_cstr(&o), gt_buf_cstr(&r),
	    odd_why(odd, what ? "go.mod" : "zip", &w));
	if (odd == GT_V_GOSUM)
		put(&x->fix, "restore go.sum from git, or delete line %d and run `go mod download %s@%s`",
		    what ? m->mod_line : m->zip_line, m->path, m->version);
	else if (odd == GT_V_PROXY)
		put(&x->fix, "do not trust that proxy for %s@%s; tell its operator", m->path, m->version);
	else if (odd == GT_V_SUMDB)
		put(&x->fix, "treat your copy of %s@%s as suspect; go refuses it on a machine without your go.sum", m->path,
		    m->version);
	else
		put(&x->fix, "`go clean -modcache`, then build again");
	gt_buf_free(&o);
	gt_buf_free(&r);
	gt_buf_free(&w);
}

/* The sources of M's hash (WHAT: 0 zip, 1 go.mod) grouped by value: a bit mask per group; how many groups. */
static int groups(const struct gt_vhash *h, unsigned have, unsigned g[GT_V_N])
{
	int s, k, n = 0;

	for (s = 0; s < GT_V_N; s++) {
		if (!(have & (1u << s)))
			continue;
		for (k = 0; k < n; k++) {
			int first = __builtin_ctz(g[k]);
			if (!strcmp(h[first].h1, h[s].h1))
				break;
		}
		if (k == n)
			g[n++] = 0;
		g[k] |= 1u << s;
	}
	return n;
}

/* Each grouped source agrees or disagrees: the largest group of two or more agrees (on a tie, the one
 * holding the checksum database, the record go trusts), every other source disagrees. */
static void mark(struct gt_vhash *h, unsigned have, const unsigned g[], int ng)
{
	int k, s, best = -1, tie = 0;

	for (k = 0; k < ng; k++) {
		int c = __builtin_popcount(g[k]), bc = best < 0 ? 0 : __builtin_popcount(g[best]);
		if (c > bc || (c == bc && (g[k] & 1u << GT_V_SUMDB))) {
			tie = 0;
			best = k;
		} else if (c == bc && !(g[best] & 1u << GT_V_SUMDB)) {
			tie = 1;
		}
	}
	if (ng > 1 && (tie || __builtin_popcount(g[best]) < 2))
		best = -1;
	for (s = 0; s < GT_V_N; s++)
		if (have & (1u << s))
			h[s].verdict = ng <= 1 || (best >= 0 && (g[best] & (1u << s))) ? 'a' : 'd';
}

static void disagree(const struct gt_vmod *m, int what, const unsigned g[], int ng, struct gt_vfind *x)
{
	const unsigned local = 1u << GT_V_GOSUM | 1u << GT_V_CACHE, remote = 1u << GT_V_PROXY | 1u << GT_V_SUMDB;
	struct gt_buf a, b;
	int k;

	gt_buf_init(&a);
	gt_buf_init(&b);
	if (ng == 2 && __builtin_popcount(g[0]) == 1 && __builtin_popcount(g[1]) == 1) {
		names(m, what, g[0], &a);
		names(m, what, g[1], &b);
		put(&x->verdict, "%s and %s disagree, and nothing else was compared to tell which is right", gt_buf_cstr(&a),
		    gt_buf_cstr(&b));
		put(&x->fix, "`gotrace verify --proxy --sumdb` asks the proxy and the checksum database too");
	} else if (ng == 2 && ((g[0] == local && g[1] == remote) || (g[1] == local && g[0] == remote))) {
		put(&x->verdict, "go.sum and the module cache hold another %s than the proxy and the checksum database, which "
				 "agree: the version changed after you downloaded it, or your copy was altered",
		    what ? "go.mod" : "zip");
		put(&x->fix, "the checksum database is the record go trusts: treat your copy as suspect, and find out why it "
			     "differs before using it");
	} else {
		gt_buf_puts(&a, "the sources disagree: ");
		for (k = 0; k < ng; k++) {
			gt_buf_puts(&a, k ? "; " : "");
			names(m, what, g[k], &a);
			gt_buf_puts(&a, __builtin_popcount(g[k]) > 1 ? " agree" : " alone");
		}
		put(&x->verdict, "%s", gt_buf_cstr(&a));
		put(&x->fix, "trust the checksum database where it answered; `go clean -modcache` and restore go.sum from git");
	}
	gt_buf_free(&a);
	gt_buf_free(&b);
}

/* A finding for the sources in UNCH that could not be checked; which of the others agree. */
static void unchecked(const struct gt_vmod *m, int what, unsigned unch, unsigned have, struct gt_vfind *x)
{
	const struct gt_vhash *h = what ? m->mod : m->zip;
	struct gt_buf b;
	int s;

	gt_buf_init(&b);
	for (s = 0; s < GT_V_N; s++) {
		if (!(unch & (1u << s)))
			continue;
		gt_buf_puts(&b, b.len ? "; " : "");
		gt_verify_source_name(m, what, (enum gt_vsrc)s, &b);
		gt_buf_printf(&b, " could not be checked: %s", h[s].why ? h[s].why : "?");
	}
	if (__builtin_popcount(have) > 1) {
		gt_buf_puts(&b, "; ");
		names(m, what, have, &b);
		gt_buf_puts(&b, " agree");
	} else if (have) {
		gt_buf_puts(&b, "; only ");
		names(m, what, have, &b);
		gt_buf_puts(&b, " has a hash, so nothing was compared");
	}
	put(&x->verdict, "%s", gt_buf_cstr(&b));
	if (unch & (1u << GT_V_PROXY | 1u << GT_V_SUMDB))
		put(&x->fix, "`gotrace probe %s@%s` shows what go would be told; verify again once it answers properly", m->path,
		    m->version);
	else
		put(&x->fix, "`go clean -modcache`, then `go mod download`");
	gt_buf_free(&b);
}

/* The .ziphash against the zip it describes, and the directory against the zip, file by file. */
static void cache_pairs(struct gt_vmod *m, struct gt_vfind **f, int *n)
{
	struct gt_vhash *h = m->zip;

	if (h[GT_V_ZIPHASH].state == GT_VS_HAVE) {
		int same = !strcmp(h[GT_V_ZIPHASH].h1, h[GT_V_CACHE].h1);
		h[GT_V_ZIPHASH].verdict = same ? h[GT_V_CACHE].verdict : 'd';
		if (!same) {
			struct gt_vfind *x = add(f, n, 'x', "zip", m);
			put(&x->verdict, "the cache's .ziphash says %s but its zip hashes to %s: the module cache was changed after "
					 "go downloaded it", h[GT_V_ZIPHASH].h1, h[GT_V_CACHE].h1);
			put(&x->fix, "`go clean -modcache`, then build again");
		}
	}
	if (h[GT_V_DIR].state == GT_VS_HAVE)
		h[GT_V_DIR].verdict = m->unpacked && !m->ndiff ? h[GT_V_CACHE].verdict : 'd';
}

static void tally(const struct gt_vhash *h, struct gt_vtally *t)
{
	int s;

	for (s = 0; s < GT_V_N; s++) {
		if (h[s].state == GT_VS_UNCHECKED)
			t->unchecked[s]++;
		else if (h[s].state == GT_VS_HAVE && h[s].verdict == 'd')
			t->disagree[s]++;
		else if (h[s].state == GT_VS_HAVE)
			t->agree[s]++;
	}
}

/* Compare M's hashes of one kind (WHAT: 0 zip, 1 go.mod). */
static void compare(struct gt_vmod *m, int what, struct gt_vfind **f, int *n, struct gt_vtally *t)
{
	struct gt_vhash *h = what ? m->mod : m->zip;
	unsigned have = 0, unch = 0, g[GT_V_N];
	int s, ng, odd, cached = h[GT_V_CACHE].state == GT_VS_HAVE;

	for (s = 0; s < GT_V_N; s++) {
		have |= (h[s].state == GT_VS_HAVE) << s;
		unch |= (h[s].state == GT_VS_UNCHECKED) << s;
	}
	if (!what && cached)
		have &= ~(1u << GT_V_ZIPHASH | 1u << GT_V_DIR); /* the zip itself speaks for the cache */
	if (!what && m->corrupt)
		unch &= ~(1u << GT_V_CACHE); /* a finding of its own */
	ng = groups(h, have, g);
	mark(h, have, g, ng);
	if (!what && cached)
		cache_pairs(m, f, n);
	if (ng == 2 && (__builtin_popcount(g[0]) == 1) != (__builtin_popcount(g[1]) == 1)) {
		odd = __builtin_popcount(g[0]) == 1 ? 0 : 1;
		odd_one(m, what, __builtin_ctz(g[odd]), g[!odd], add(f, n, 'x', what ? "go.mod" : "zip", m));
	} else if (ng > 1) {
		disagree(m, what, g, ng, add(f, n, 'x', what ? "go.mod" : "zip", m));
	} else if (unch) {
		struct gt_vfind *x = add(f, n, 'u', "unchecked", m);
		x->what = what;
		unchecked(m, what, unch, have, x);
	}
	tally(h, t);
}

/* A cached zip that is there but cannot be read: said first, the comparison of the others follows. */
static void corrupt(const struct gt_vmod *m, struct gt_vfind **f, int *n)
{
	struct gt_vfind *x = add(f, n, 'x', "corrupt-zip", m);

	put(&x->verdict, "the module cache's zip cannot be read (%s): it was cut short or damaged after go downloaded it, "
			 "and go mod verify fails on it%s", m->zip[GT_V_CACHE].why,
	    m->zip[GT_V_DIR].state == GT_VS_HAVE ? "; the unpacked directory was hashed on its own instead" : "");
	put(&x->fix, "`go clean -modcache`, then build again (go downloads the module again)");
}

/* What the module's own files say: the directory against the zip, the go.mod line go would miss, a line nothing
 * needs. */
static void module_findings(const struct gt_vrun *r, const struct gt_vmod *m, struct gt_vfind **f, int *n)
{
	struct gt_vfind *x;

	if (m->unpacked && m->ndiff) {
		x = add(f, n, 'x', "unpacked", m);
		put(&x->verdict, "the unpacked directory differs from its zip (%d file%s):%s%s%s%s%s%s", m->ndiff,
		    m->ndiff == 1 ? "" : "s", m->edited.len ? " edited " : "", gt_buf_cstr((struct gt_buf *)&m->edited),
		    m->added.len ? "; added " : "", gt_buf_cstr((struct gt_buf *)&m->added), m->removed.len ? "; removed " : "",
		    gt_buf_cstr((struct gt_buf *)&m->removed));
		put(&x->fix, "`go clean -modcache` (a build uses the directory, not the zip)");
	}
	if (m->required && !m->mod_line) {
		x = add(f, n, 'x', "missing", m);
		put(&x->verdict, "go.mod line %d requires %s %s, and %s has no `%s %s/go.mod` line: go says \"missing go.sum entry\"",
		    m->req_line, m->path, m->version, m->sumfile, m->path, m->version);
		put(&x->fix, "`go mod tidy` (or `go mod download %s`) adds it", m->path);
	}
	if (!m->used && (m->zip_line || m->mod_line) && !r->gaps && r->gomods[m->sum]) {
		x = add(f, n, 'i', "unused", m);
		put(&x->verdict, "nothing requires %s %s: not go.mod, nor the cached go.mod of any module it leads to", m->path,
		    m->version);
		put(&x->fix, "`go mod tidy` drops lines the build no longer needs");
	}
}

int gt_verify_judge(struct gt_vrun *r, struct gt_vfind **out, struct gt_vtally *t)
{
	int i, n = 0;

	*out = NULL;
	memset(t, 0, sizeof(*t));
	for (i = 0; i < r->n; i++) {
		struct gt_vmod *m = &r->m[i];
		if (m->corrupt)
			corrupt(m, out, &n);
		if (m->zip_line)
			compare(m, 0, out, &n, t);
		if (m->mod_line)
			compare(m, 1, out, &n, t);
		module_findings(r, m, out, &n);
	}
	return n;
}

/*
 * Who is wrong. For each hash (a module's zip, its go.mod) the sources that
 * have one are grouped by value; when they do not all agree, the odd one out
 * is named with what to do — or, when two sources disagree and nothing else
 * was asked, that it cannot be told yet. A .ziphash that does not match the
 * cached zip it describes means the cache was changed under go.
 */
#include "verify_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/util.h"

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
	case GT_V_PROXY:
		gt_buf_puts(b, h->note[0] ? h->note : "the proxy");
		break;
	default:
		gt_buf_puts(b, h->note[0] ? h->note : "the checksum database");
	}
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

/* The verdict when one source alone (ODD) differs from the others (REST, two or more sources). */
static void odd_one(const struct gt_vmod *m, int what, int odd, unsigned rest, struct gt_vfind *x)
{
	struct gt_buf o, r;
	const char *thing = what ? "go.mod" : "zip";

	gt_buf_init(&o);
	gt_buf_init(&r);
	gt_verify_source_name(m, what, (enum gt_vsrc)odd, &o);
	names(m, what, rest, &r);
	snprintf(x->verdict, sizeof(x->verdict), "%s differs from %s, which agree: ", gt_buf_cstr(&o), gt_buf_cstr(&r));
	switch (odd) {
	case GT_V_GOSUM:
		strcat(x->verdict, "go.sum is wrong (a bad merge or a hand edit)");
		snprintf(x->fix, sizeof(x->fix), "restore go.sum from git, or delete line %d and run `go mod download %s@%s`",
			 what ? m->mod_line : m->zip_line, m->path, m->version);
		break;
	case GT_V_ZIPHASH:
	case GT_V_CACHE:
		snprintf(x->verdict + strlen(x->verdict), sizeof(x->verdict) - strlen(x->verdict),
			 "the module cache's %s was changed after go downloaded it", thing);
		snprintf(x->fix, sizeof(x->fix), "`go clean -modcache`, then build again");
		break;
	case GT_V_PROXY:
		strcat(x->verdict, "the proxy serves something else than what was published and recorded "
				   "(its copy was altered, or the version re-tagged after it was recorded)");
		snprintf(x->fix, sizeof(x->fix), "do not trust that proxy for %s@%s; tell its operator", m->path,
			 m->version);
		break;
	default:
		strcat(x->verdict, "the checksum database recorded another hash when the version was first published: "
				   "what you have is not that (re-tagged or altered since)");
		snprintf(x->fix, sizeof(x->fix), "treat your copy of %s@%s as suspect; go refuses it on a machine "
						 "without your go.sum", m->path, m->version);
	}
	gt_buf_free(&o);
	gt_buf_free(&r);
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
		snprintf(x->verdict, sizeof(x->verdict), "%s and %s disagree, and nothing else was compared to tell which "
							 "is right", gt_buf_cstr(&a), gt_buf_cstr(&b));
		snprintf(x->fix, sizeof(x->fix), "`gotrace verify --proxy --sumdb` asks the proxy and the checksum database too");
	} else if (ng == 2 && ((g[0] == local && g[1] == remote) || (g[1] == local && g[0] == remote))) {
		snprintf(x->verdict, sizeof(x->verdict), "go.sum and the module cache hold another %s than the proxy and the "
							 "checksum database, which agree: the version changed after you "
							 "downloaded it, or your copy was altered",
			 what ? "go.mod" : "zip");
		snprintf(x->fix, sizeof(x->fix), "the checksum database is the record go trusts: treat your copy as suspect, "
						 "and find out why it differs before using it");
	} else {
		gt_buf_puts(&a, "the sources disagree: ");
		for (k = 0; k < ng; k++) {
			gt_buf_puts(&a, k ? "; " : "");
			names(m, what, g[k], &a);
			gt_buf_puts(&a, __builtin_popcount(g[k]) > 1 ? " agree" : " alone");
		}
		snprintf(x->verdict, sizeof(x->verdict), "%s", gt_buf_cstr(&a));
		snprintf(x->fix, sizeof(x->fix), "trust the checksum database where it answered; `go clean -modcache` and "
						 "restore go.sum from git");
	}
	gt_buf_free(&a);
	gt_buf_free(&b);
}

/* Compare M's hashes of one kind (WHAT: 0 zip, 1 go.mod). */
static void compare(const struct gt_vmod *m, int what, struct gt_vfind **f, int *n)
{
	const struct gt_vhash *h = what ? m->mod : m->zip;
	unsigned have = 0, g[GT_V_N];
	int s, ng, odd;

	for (s = 0; s < GT_V_N; s++)
		if (h[s].have)
			have |= 1u << s;
	if (!what && (have & 1u << GT_V_ZIPHASH) && (have & 1u << GT_V_CACHE) &&
	    strcmp(h[GT_V_ZIPHASH].h1, h[GT_V_CACHE].h1)) {
		struct gt_vfind *x = add(f, n, 'x', "zip", m);
		snprintf(x->verdict, sizeof(x->verdict), "the cache's .ziphash says %s but its zip hashes to %s: the module "
							 "cache was changed after go downloaded it", h[GT_V_ZIPHASH].h1,
			 h[GT_V_CACHE].h1);
		snprintf(x->fix, sizeof(x->fix), "`go clean -modcache`, then build again");
	}
	if (have & 1u << GT_V_CACHE)
		have &= ~(1u << GT_V_ZIPHASH); /* the zip itself speaks for the cache */
	ng = groups(h, have, g);
	if (ng <= 1)
		return;
	if (ng == 2 && (__builtin_popcount(g[0]) == 1) != (__builtin_popcount(g[1]) == 1)) {
		odd = __builtin_popcount(g[0]) == 1 ? 0 : 1;
		odd_one(m, what, __builtin_ctz(g[odd]), g[!odd], add(f, n, 'x', what ? "go.mod" : "zip", m));
		return;
	}
	disagree(m, what, g, ng, add(f, n, 'x', what ? "go.mod" : "zip", m));
}

int gt_verify_judge(const struct gt_vrun *r, struct gt_vfind **out)
{
	int i, n = 0;

	*out = NULL;
	for (i = 0; i < r->n; i++) {
		const struct gt_vmod *m = &r->m[i];
		struct gt_vfind *x;
		if (m->zip_line)
			compare(m, 0, out, &n);
		if (m->mod_line)
			compare(m, 1, out, &n);
		if (m->unpacked && m->ndiff) {
			x = add(out, &n, 'x', "unpacked", m);
			snprintf(x->verdict, sizeof(x->verdict), "the unpacked directory differs from its zip (%d file%s):%s%s%s%s%s%s",
				 m->ndiff, m->ndiff == 1 ? "" : "s", m->edited.len ? " edited " : "", gt_buf_cstr((struct gt_buf *)&m->edited),
				 m->added.len ? "; added " : "", gt_buf_cstr((struct gt_buf *)&m->added),
				 m->removed.len ? "; removed " : "", gt_buf_cstr((struct gt_buf *)&m->removed));
			snprintf(x->fix, sizeof(x->fix), "`go clean -modcache` (a build uses the directory, not the zip)");
		}
		if (m->required && !m->mod_line) {
			x = add(out, &n, 'x', "missing", m);
			snprintf(x->verdict, sizeof(x->verdict), "go.mod line %d requires %s %s, and %s has no `%s %s/go.mod` line: "
								 "go says \"missing go.sum entry\"",
				 m->req_line, m->path, m->version, m->sumfile, m->path, m->version);
			snprintf(x->fix, sizeof(x->fix), "`go mod tidy` (or `go mod download %s`) adds it", m->path);
		}
		if (!m->used && (m->zip_line || m->mod_line)) {
			x = add(out, &n, 'i', "unused", m);
			snprintf(x->verdict, sizeof(x->verdict), "nothing requires %s %s: not go.mod, not the cached go.mod of any "
								 "other module in go.sum", m->path, m->version);
			snprintf(x->fix, sizeof(x->fix), "`go mod tidy` drops lines the build no longer needs");
		}
	}
	return n;
}

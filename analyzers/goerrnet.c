/*
 * The rules of the catalogue of go's errors (docs/go-errors.md) about
 * fetching modules: a direct fetch and what sent go to the origin (with
 * git's insteadOf rewrite), git missing, and a module the checksum
 * database does not know.
 */
#include "goerrors.h"
#include "../common/goproxy.h"
#include "../common/modpath.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* git not found, for a module go fetched directly: why it went direct, and PATH. */
struct gt_finding *ge_rule_git_missing(struct gectx *x)
{
	struct gt_setting s;
	struct gt_finding *f;
	struct gt_proxy_list pl;
	char m[512] = "", which[256];
	const char *e = gt_text(&x->go->err), *end = e + x->go->err.len;
	char *src = NULL;

	/* the module: the first "go: M@V: ..." line of go's */
	while (e < end && !m[0]) {
		const char *nl = memchr(e, '\n', (size_t)(end - e)), *le = nl ? nl : end, *at, *c;
		if (le - e > 4 && !memcmp(e, "go: ", 4) && (c = memmem(e + 4, (size_t)(le - e - 4), ": ", 2)) &&
		    (at = memchr(e + 4, '@', (size_t)(c - e - 4))) && at - e - 4 < (long)sizeof(m))
			snprintf(m, sizeof(m), "%.*s", (int)(at - e - 4), e + 4);
		e = nl ? nl + 1 : end;
	}
	/* what sent go to the repository, only when it provably applies to that module */
	gt_goconf_setting(x->c, "GONOPROXY", &s);
	if (!s.value)
		gt_goconf_setting(x->c, "GOPRIVATE", &s);
	if (m[0] && s.value && s.src != GT_SRC_UNKNOWN && gt_match_prefix_patterns(s.value, m, which, sizeof(which))) {
		src = ge_src_text(x, &s);
		f = ge_cause(x, "%s=%s from %s matches %s (pattern %s): go fetched it straight from its repository, and "
			     "git is not on PATH", s.name, s.value, src, m, which);
	} else {
		gt_goconf_setting(x->c, "GOPROXY", &s);
		if (s.value && s.src != GT_SRC_UNKNOWN && (gt_proxy_parse(s.value, &pl), pl.n) && pl.e[0].kind == 'd') {
			src = ge_src_text(x, &s);
			f = ge_cause(x, "GOPROXY=%s from %s sends go straight to each module's repository, and git is not "
				     "on PATH", s.value, src);
		} else {
			f = ge_cause(x, "go fetched a module straight from its repository, and git is not on PATH");
			s.value = NULL;
		}
	}
	free(src);
	if (s.value)
		ge_setting_evidence(x, f, &s);
	ge_path_evidence(x, f, "git", NULL);
	ge_said(x, f);
	gt_finding_fix(f, "install git (Debian: apt-get install git) or add its directory to PATH");
	return f;
}

/*
 * A URL go gave git that an insteadOf rule rewrote: the rule, its file and
 * line, and the program git then ran for the new URL (ssh for an ssh URL)
 * with the first line it wrote — before the failure it met at the origin.
 */
static void rewrite_evidence(struct gectx *x, struct gt_finding *f)
{
	struct gt_insteadof r;
	size_t i, j, k;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *g = x->m->procs[i];
		if (!g->name || strcmp(g->name, "git") || g->parent != x->c->go)
			continue;
		for (j = 0; g->argv && j < g->argv->n; j++) {
			const char *u = g->argv->v[j];
			if (!u || !strstr(u, "://") || !gt_git_insteadof(x->m, u, &r))
				continue;
			gt_finding_evidence(f,
					    GT_AT_FILE(g->pid, g->t_start, g->nexecs ? g->execs[0].line : 0, r.file, r.line),
					    "git rewrote %s to %s: url.\"%s\".insteadOf = %s (%s line %ld, read after the run)",
					    u, r.to, r.base, r.value, r.file, r.line);
			for (k = 0; k < g->nchild; k++) {
				const struct gt_mproc *c = g->child[k];
				const char *e = gt_text(&c->err);
				size_t el = 0;
				while (el < c->err.len && e[el] != '\r' && e[el] != '\n') /* err is not NUL-terminated */
					el++;
				if (!c->name || c->name[0] == 'g') /* git's own helpers are not the transport */
					continue;
				gt_finding_evidence(f, GT_AT(c->pid, c->t_start, c->nexecs ? c->execs[0].line : 0),
						    "git then ran %s (pid %ld)%s%s%.*s", c->name, c->pid,
						    gt_mproc_failed(c) ? ", which failed" : "", c->err.len ? ": " : "",
						    (int)el, e);
				return;
			}
			return;
		}
	}
}

/*
 * A direct fetch of module M failed (go-get discovery, git): what sent go
 * to the origin, in order — a GONOPROXY/GOPRIVATE pattern matching M, or
 * the GOPROXY list (entries go contacted before `direct`, which by Go's
 * ',' rule answered 404 or 410; or `direct` alone).
 */
struct gt_finding *ge_rule_direct(struct gectx *x)
{
	const char *mod = x->cap[0];
	struct gt_setting s;
	struct gt_finding *f;
	struct gt_proxy_list pl;
	char m[512], which[256], *src;
	int i, d = -1;

	if (!strncmp(mod, "module ", 7))
		mod += 7;
	snprintf(m, sizeof(m), "%.*s", (int)strcspn(mod, "@ "), mod);
	gt_goconf_setting(x->c, "GONOPROXY", &s);
	if (!s.value)
		gt_goconf_setting(x->c, "GOPRIVATE", &s);
	if (s.value && s.src != GT_SRC_UNKNOWN && gt_match_prefix_patterns(s.value, m, which, sizeof(which))) {
		src = ge_src_text(x, &s);
		f = ge_cause(x, "%s=%s from %s matches %s (pattern %s): go fetched it from its origin, not through "
			     "GOPROXY, and that failed", s.name, s.value, src, m, which);
		free(src);
		ge_setting_evidence(x, f, &s);
		ge_said(x, f);
		rewrite_evidence(x, f);
		gt_finding_fix(f, "if %s is public, take it out of %s; if it is private, its origin must answer go "
			       "(the findings below say what failed there)", m, s.name);
		return f;
	}
	gt_goconf_setting(x->c, "GOPROXY", &s);
	if (!s.value || s.src == GT_SRC_UNKNOWN)
		return NULL;
	gt_proxy_parse(s.value, &pl);
	for (i = 0; i < pl.n && d < 0; i++)
		if (pl.e[i].kind == 'd')
			d = i;
	if (d < 0)
		return NULL;
	src = ge_src_text(x, &s);
	if (d == 0) {
		f = ge_cause(x, "GOPROXY=%s from %s sends go to each module's origin: it fetched %s from there, and "
			     "that failed", s.value, src, m);
	} else {
		const struct gt_mconn *last = NULL;
		int contacted = -1;
		for (size_t k = 0; k < x->m->nconns; k++) {
			const struct gt_mconn *cn = &x->m->conns[k];
			int e = strncmp(cn->family, "inet", 4) ? -1 : gt_proxy_match(&pl, cn->addr, cn->port);
			if (e >= 0 && e < d && cn->p && cn->p->nexecs && gt_exec_is_go(&cn->p->execs[cn->p->nexecs - 1])) {
				contacted = e;
				last = cn;
			}
		}
		if (contacted >= 0 && last->done && last->ok && pl.e[d - 1].sep == ',')
			f = ge_cause(x, "GOPROXY=%s from %s: entry %d %s answered, and go went on to direct for %s (after "
				     "',' only when the proxy answers 404 or 410: it does not have it); the direct fetch "
				     "failed", s.value, src, contacted + 1, pl.e[contacted].url, m);
		else if (contacted >= 0)
			f = ge_cause(x, "GOPROXY=%s from %s: entry %d %s failed or refused, and go went on to direct for "
				     "%s; the direct fetch failed", s.value, src, contacted + 1, pl.e[contacted].url, m);
		else
			f = ge_cause(x, "GOPROXY=%s from %s: go fetched %s from its origin (`direct`), and that failed",
				     s.value, src, m);
		if (last)
			gt_finding_evidence(f, GT_AT(last->p->pid, last->t, last->line),
					    "go connected to %s:%d " "(GOPROXY entry %d)%s", last->addr, last->port,
					    contacted + 1, last->done && last->ok ? ", established" : "");
	}
	free(src);
	ge_setting_evidence(x, f, &s);
	ge_said(x, f);
	rewrite_evidence(x, f);
	if (d == 0)
		gt_finding_fix(f, "make the origin of %s answer go (the findings below say what failed there), or, for "
			       "a public module, put a proxy before direct (GOPROXY=https://proxy.golang.org,direct)", m);
	else
		gt_finding_fix(f, "publish %s where the proxy can serve it, or make its origin answer go (the findings "
			       "below say what failed there)", m);
	return f;
}

/*
 * The checksum database answered 404 or 410 for a module it cannot know
 * (a private one): GONOSUMDB (else GOPRIVATE) does not cover it. The
 * module is the last lookup/PATH@VERSION of go's line.
 */
struct gt_finding *ge_rule_sumdb_unknown(struct gectx *x)
{
	const char *lk = strstr(x->line, "/lookup/");
	struct gt_setting s, db;
	struct gt_finding *f;
	char m[512], first[512], *src = NULL, *dsrc;

	if (!lk)
		return NULL;
	snprintf(m, sizeof(m), "%.*s", (int)strcspn(lk + 8, "@: "), lk + 8);
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(m, "/"), m);
	gt_goconf_setting(x->c, "GONOSUMDB", &s);
	if (!s.value)
		gt_goconf_setting(x->c, "GOPRIVATE", &s);
	gt_goconf_setting(x->c, "GOSUMDB", &db);
	if (s.src == GT_SRC_UNKNOWN || db.src == GT_SRC_UNKNOWN)
		return NULL;
	if (s.value && gt_match_prefix_patterns(s.value, m, NULL, 0))
		return NULL; /* covered: this is not why */
	dsrc = ge_src_text(x, &db);
	if (s.value) {
		src = ge_src_text(x, &s);
		f = ge_cause(x, "the checksum database (GOSUMDB=%s from %s) does not know %s, and %s=%s from %s does not "
			     "match it: go asks the database about every module no GONOSUMDB/GOPRIVATE pattern covers",
			     db.value ? db.value : "sum.golang.org", dsrc, m, s.name, s.value, src);
		ge_setting_evidence(x, f, &s);
	} else {
		f = ge_cause(x, "the checksum database (GOSUMDB=%s from %s) does not know %s, and neither GONOSUMDB nor "
			     "GOPRIVATE is set: go asks the database about every module, a private one too",
			     db.value ? db.value : "sum.golang.org", dsrc, m);
	}
	free(src);
	free(dsrc);
	if (db.value)
		ge_setting_evidence(x, f, &db);
	ge_said(x, f);
	{
		char pat[600], q[1300];
		snprintf(pat, sizeof(pat), "%s/*", first);
		gt_finding_fix(f, "go env -w GOPRIVATE=%s (or GONOSUMDB) if %s is private; a public module the "
			       "database does not know was never published through it", gt_sh_word(pat, q, sizeof(q)), m);
	}
	return f;
}

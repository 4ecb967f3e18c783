/*
 * Network: each connection go made, named by its role (a GOPROXY entry,
 * the HTTPS_PROXY hop, a DNS server, a direct fetch), what happened to it,
 * and Go's GOPROXY rules applied to what the run did (docs/facts.md,
 * "How go walks GOPROXY", "Where go waits"): ',' falls back only on
 * 404/410, '|' on any error, and a server that accepts and never answers
 * hangs go forever. The answer codes themselves are not in the trace; what
 * the rules let one conclude from which connections were made is.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/goproxy.h"
#include "../common/redact.h"
#include "../common/util.h"

struct entry_stat {
	unsigned n, ok, failed;
	const struct gt_mconn *first, *first_failed, *last;
};

/* Whether the last program P ran is go. */
static int is_go(const struct gt_mproc *p)
{
	return p && p->nexecs && gt_exec_is_go(&p->execs[p->nexecs - 1]);
}

/* URL with its userinfo hidden, for verdicts (malloc'd). */
static char *safe_url(const char *url)
{
	struct gt_buf b;
	char *s;

	gt_buf_init(&b);
	gt_redact_text(&b, url, strlen(url));
	s = gt_xstrdup(gt_buf_cstr(&b));
	gt_buf_free(&b);
	return s;
}

static const char *outcome(const struct gt_mconn *c)
{
	if (!c->done)
		return "no outcome seen (still connecting)";
	if (c->ok)
		return "established";
	if (!strcmp(c->err, "ECONNREFUSED"))
		return "refused";
	if (!strcmp(c->err, "ETIMEDOUT"))
		return "timed out";
	if (!strcmp(c->err, "ENETUNREACH") || !strcmp(c->err, "EHOSTUNREACH"))
		return "unreachable";
	return c->err;
}

static void conn_evidence(struct gt_finding *f, const struct gt_mconn *c, const char *role)
{
	gt_finding_evidence(f, GT_AT(c->p ? c->p->pid : 0, c->t, c->line), "connect to %s:%d%s%s%s%s%s: %s", c->addr,
			    c->port, role || c->host[0] ? " (" : "", c->host[0] ? c->host : "",
			    c->host[0] && role ? ", " : "", role ? role : "", role || c->host[0] ? ")" : "",
			    outcome(c));
	if (c->done && c->done_line != c->line)
		gt_finding_evidence(f, GT_AT(c->p ? c->p->pid : 0, c->t_done, c->done_line),
				    "its outcome after %.0f ms: %s%s%s", (c->t_done - c->t) * 1000, outcome(c),
				    c->err[0] ? " " : "", c->err);
}

/*
 * The entry a connection was for: by address (an IP literal or localhost),
 * by the name the connection was resolved from, or by what the hosts file
 * go read says of the entry's name.
 */
static int entry_of(const struct gt_proxy_list *pl, const struct gt_mconn *cn, const char *hosts)
{
	int i = gt_proxy_match_hosts(pl, cn->addr, cn->port, hosts);

	if (i >= 0 || !cn->host[0])
		return i;
	for (i = 0; i < pl->n; i++)
		if (pl->e[i].kind == 'h' && pl->e[i].port == cn->port && !strcmp(pl->e[i].host, cn->host))
			return i;
	return -1;
}

/* The last stall snapshot's sockets of go processes talking to entry I. */
static int stalled_on(const struct gt_model *m, const struct gt_proxy_list *pl, int i,
		      struct gt_finding *f, char *what, size_t size)
{
	size_t k, j, s;
	int found = 0;

	for (k = 0; k < m->nstalls; k++) {
		const struct gt_ev_stall *ev = m->stalls[k];
		for (j = 0; j < ev->procs.n; j++) {
			const struct gt_ev_stall_proc *pr = &ev->procs.v[j];
			for (s = 0; s < pr->sockets.n; s++) {
				const struct gt_ev_socket *so = &pr->sockets.v[s];
				const char *addr = so->addr, *w = so->what;
				int port = (int)so->port;
				if (!addr || !w || gt_proxy_match(pl, addr, port) != i)
					continue;
				if (!f) {
					snprintf(what, size, "%s", w);
					return 1;
				}
				gt_finding_evidence(f, GT_AT_EV_PID(ev, (long)pr->pid), "%s snapshot: %s:%d %s",
						    ev->reason ?: "stall", addr, port, w);
				snprintf(what, size, "%s", w);
				found = 1;
			}
		}
	}
	return found;
}

/* Connections of git, ssh and their helpers: the remotes of direct fetches. */
static void vcs_remotes(const struct gt_model *m, struct gt_findings *fs)
{
	static const char *const names[] = {"git", "ssh", "git-remote-http", "git-remote-https",
					    "git-remote-ftp", "hg", "svn", "bzr", "fossil"};
	struct gt_finding *f = NULL;
	unsigned n = 0;
	size_t k, j;

	for (k = 0; k < m->nconns; k++) {
		const struct gt_mconn *cn = &m->conns[k];
		int vcs = 0;
		if (!cn->p || !cn->p->name || strncmp(cn->family, "inet", 4) || cn->port == 53)
			continue;
		for (j = 0; j < GT_ARRAY_SIZE(names); j++)
			vcs |= !strcmp(cn->p->name, names[j]);
		if (!vcs)
			continue;
		if (!f)
			f = gt_finding_add(fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "vcs-remote",
					   "%s connected to %s:%d%s%s%s: %s", cn->p->name, cn->addr, cn->port,
					   cn->host[0] ? " (" : "", cn->host, cn->host[0] ? ")" : "",
					   outcome(cn));
		if (n++ < 8)
			conn_evidence(f, cn, cn->p->name);
	}
	if (f && n > 1) {
		char *v = NULL;
		v = gt_xasprintf("%s (%u connections by VCS programs in all)", f->verdict, n);
		free(f->verdict);
		f->verdict = v;
	}
}

/* The first line of any process's stderr holding both A and B, into OUT; 0 when none. */
static int anyone_said(const struct gt_model *m, const char *a, const char *b, char *out, size_t size,
		       const struct gt_mproc **who)
{
	size_t i;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *s = gt_text(&p->err), *end = s + p->err.len, *e;
		for (; p->err.len && s < end; s = e + 1) {
			e = memchr(s, '\n', (size_t)(end - s));
			if (!e)
				e = end;
			if (memmem(s, (size_t)(e - s), a, strlen(a)) && memmem(s, (size_t)(e - s), b, strlen(b))) {
				const char *le = e;
				while (s < e && (*s == ' ' || *s == '\t'))
					s++;
				while (le > s && le[-1] == '\r') /* CRLF (ssh): the CR is not part of the line */
					le--;
				snprintf(out, size, "%.*s", (int)(le - s), s);
				*who = p;
				return 1;
			}
		}
	}
	return 0;
}

/*
 * The HTTP status go reported for a URL under entry URL (its stderr:
 * "reading URL/...: 500 Internal Server Error"), or 0; the line in OUT.
 */
static int entry_status(const struct gt_model *m, const char *url, char *out, size_t size,
			const struct gt_mproc **who)
{
	char pre[600];
	const char *p;

	snprintf(pre, sizeof(pre), "%s", url);
	while (strlen(pre) && pre[strlen(pre) - 1] == '/')
		pre[strlen(pre) - 1] = 0;
	strcat(pre, "/");
	if (!anyone_said(m, pre, ": ", out, size, who))
		return 0;
	p = strstr(out, pre);
	while (p && (p = strstr(p, ": ")) != NULL) {
		p += 2;
		if (p[0] >= '1' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
		    p[3] == ' ')
			return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	}
	return 0;
}

/* Whether W is one of the items of LIST, separated by SEP (not just inside one: "A" in "AAAA"). */
static int has_item(const char *list, const char *sep, const char *w)
{
	size_t n = strlen(w), sl = strlen(sep);

	while (*list) {
		const char *e = strstr(list, sep);
		size_t len = e ? (size_t)(e - list) : strlen(list);
		if (len == n && !strncmp(list, w, n))
			return 1;
		if (!e)
			return 0;
		list = e + sl;
	}
	return 0;
}

/*
 * Names whose lookup failed: every DNS answer read for the name (A, AAAA;
 * go's resolver, or glibc's inside a dynamically linked program) gave no
 * address, and at least one said NXDOMAIN or SERVFAIL (or the like). The
 * cause of the failure when go then said so ("no such host") for that name;
 * a warning otherwise (ssh's or git's "Could not resolve host...").
 */
static void dns_answered_no(const struct gt_model *m, struct gt_findings *fs, int failed_run,
			    const struct gt_proxy_list *pl, const char *gpv, const char *gp_src)
{
	size_t i, j;
	char qw[600];

	for (i = 0; i < m->ndns; i++) {
		const struct gt_mdns *d = &m->dns[i];
		const char *name = d->name, *rcode = d->rcode, *server = d->server[0] ? d->server : "?";
		char rcodes[128] = "", types[64] = "", line[1024];
		const struct gt_mproc *who = NULL;
		struct gt_finding *f;
		int got_addr = 0, earlier = 0, said, e;
		if (!d->answer || !rcode[0] || !strcmp(rcode, "NOERROR"))
			continue;
		for (j = 0; j < m->ndns; j++) {
			const struct gt_mdns *d2 = &m->dns[j];
			if (strcasecmp(d2->name, name) || !d2->answer)
				continue;
			if (d2->naddrs)
				got_addr = 1;
			if (d2->rcode[0] && strcmp(d2->rcode, "NOERROR") && j < i)
				earlier = 1; /* this name has its finding */
			if (d2->rcode[0] && !has_item(rcodes, "/", d2->rcode))
				snprintf(rcodes + strlen(rcodes), sizeof(rcodes) - strlen(rcodes), "%s%s",
					 rcodes[0] ? "/" : "", d2->rcode);
			if (d2->qtype[0] && !has_item(types, " and ", d2->qtype))
				snprintf(types + strlen(types), sizeof(types) - strlen(types), "%s%s",
					 types[0] ? " and " : "", d2->qtype);
		}
		if (got_addr || earlier)
			continue;
		said = anyone_said(m, name, "no such host", line, sizeof(line), &who) ||
		       anyone_said(m, name, "Could not resolve host", line, sizeof(line), &who);
		/* the cause when go itself failed on it; a lookup of ssh or git can explain, not decide */
		f = gt_finding_add(fs, GT_SUBJ_NETWORK, said && failed_run && is_go(who) ? GT_SEV_CAUSE : GT_SEV_WARNING,
				   "dns-failure", "%s could not be resolved: the name server %s answered %s%s%s",
				   name, server, rcodes, types[0] ? " for " : "", types);
		gt_finding_evidence(f, GT_AT(d->pid, d->t, d->line), "DNS answer for %s from %s: %s, no address", name,
				    server, rcode);
		for (e = 0; pl && e < pl->n; e++)
			if (pl->e[e].kind == 'h' && !strcasecmp(pl->e[e].host, name)) {
				gt_finding_note(f, "%s is the host of GOPROXY entry %d (GOPROXY=%s from %s)", name,
						e + 1, gpv, gp_src);
				break;
			}
		if (said) {
			const char *pn = gt_pname(who);
			int prefixed = !strncmp(line, pn, strlen(pn)) && line[strlen(pn)] == ':';
			gt_finding_evidence(f, GT_AT(who->pid, who->t_exit, who->err_line), "%s%s%s",
					    prefixed ? "" : pn, prefixed ? "" : ": ", line);
		}
		gt_finding_fix(f, "check the name (a typo in GOPROXY or go.mod?) and the name server; "
			       "`getent hosts %s` asks again", gt_sh_word(name, qw, sizeof(qw)));
	}
}

/* go's queries no answer came for, when go then said the lookup timed out */
static void dns_unanswered(const struct gt_model *m, struct gt_findings *fs, int failed_run)
{
	size_t i, j;

	for (i = 0; i < m->ndns; i++) {
		const struct gt_mdns *d = &m->dns[i];
		const char *name = d->name, *server = d->server[0] ? d->server : "?";
		char line[1024], pat[300];
		const struct gt_mproc *who = NULL;
		struct gt_finding *f;
		int answered = 0, earlier = 0;
		if (d->answer)
			continue;
		for (j = 0; j < m->ndns; j++) {
			if (strcasecmp(m->dns[j].name, name))
				continue;
			if (m->dns[j].answer)
				answered = 1;
			else if (j < i)
				earlier = 1;
		}
		snprintf(pat, sizeof(pat), "lookup %s", name);
		if (answered || earlier || !anyone_said(m, pat, "i/o timeout", line, sizeof(line), &who) || !is_go(who))
			continue;
		f = gt_finding_add(fs, GT_SUBJ_NETWORK, failed_run ? GT_SEV_CAUSE : GT_SEV_WARNING, "dns-failure",
				   "%s could not be resolved: the name server %s never answered", name, server);
		gt_finding_evidence(f, GT_AT(d->pid, d->t, d->line), "DNS query for %s to %s; no answer in the trace", name,
				    server);
		gt_finding_evidence(f, GT_AT(who->pid, who->t_exit, who->err_line), "%s", line);
		gt_finding_fix(f, "check the name server in /etc/resolv.conf and that it is reachable "
			       "(go waits 5 s per try, 2 tries per server)");
	}
}

/* getaddrinfo in a dynamically linked program (git, curl, ssh): what the shim saw it return */
static void dns_resolver_failed(const struct gt_model *m, struct gt_findings *fs)
{
	size_t i;
	char qw[600];

	for (i = 0; i < m->nresolves; i++) {
		const struct gt_mresolve *r = &m->resolves[i];
		const char *host = r->host, *err = r->err, *fn = r->fn[0] ? r->fn : "getaddrinfo";
		long pid = r->pid;
		const struct gt_mproc *p = gt_model_proc(m, pid);
		struct gt_finding *f;
		size_t k;
		int dup = 0;
		if (!host || (strcmp(err, "EAI_NONAME") && strcmp(err, "EAI_AGAIN") && strcmp(err, "EAI_FAIL") &&
			      strcmp(err, "HOST_NOT_FOUND")))
			continue;
		for (k = 0; k < fs->n && !dup; k++)
			dup = !strcmp(fs->f[k].id, "dns-failure") && !strncmp(fs->f[k].verdict, host, strlen(host)) &&
			      fs->f[k].verdict[strlen(host)] == ' ';
		if (dup)
			continue; /* the name already has its finding (from the DNS answers) */
		f = gt_finding_add(fs, GT_SUBJ_NETWORK, GT_SEV_WARNING, "dns-failure",
				   "%s could not be resolved: %s in %s (pid %ld) returned %s", host, fn,
				   p ? gt_pname(p) : "?", pid, err);
		gt_finding_evidence(f, GT_AT(pid, r->t, r->line), "%s(\"%s\"): %s", fn, host, err);
		gt_finding_fix(f, "check the name and the name server; `getent hosts %s` asks again",
			       gt_sh_word(host, qw, sizeof(qw)));
	}
}

static void dns_failures(const struct gt_model *m, struct gt_findings *fs, int failed_run,
			 const struct gt_proxy_list *pl, const char *gpv, const char *gp_src)
{
	dns_answered_no(m, fs, failed_run, pl, gpv, gp_src);
	dns_unanswered(m, fs, failed_run);
	dns_resolver_failed(m, fs);
}

/* The fix for a ',' that stopped go at entry I: the same list with '|' after it. */
static void pipe_fix(struct gt_finding *f, const struct gt_proxy_list *pl, int i)
{
	char list[2048] = "";
	int j;

	for (j = 0; j < pl->n; j++) {
		char *eu = safe_url(pl->e[j].url);
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", eu,
			 j + 1 == pl->n ? "" : j == i ? "|" : pl->e[j].sep == '|' ? "|" : ",");
		free(eu);
	}
	gt_finding_fix(f, "put '|' after that entry to fall back on any error: GOPROXY=%s", list);
}

/*
 * What the GOPROXY rules share: go's configuration, the GOPROXY list and
 * where it came from, go's https proxy (the hop), and go's connections
 * counted per GOPROXY entry and to the hop.
 */
struct net {
	const struct gt_model *m;
	const struct gt_goconf *c;
	struct gt_findings *fs;
	int failed_run;
	struct gt_proxy_list pl;
	char *src, *gpv;         /* GOPROXY's source and its value, passwords hidden */
	const char *hosts;       /* "/etc/hosts" when go read it: names resolve through it */
	const char *hp, *hp_name; /* HTTPS_PROXY or https_proxy, and which */
	char hp_host[256];
	int hp_port;
	struct entry_stat st[GT_PROXY_MAX];
	unsigned hop_n, hop_failed;
	const struct gt_mconn *hop_first, *hop_first_failed;
};

static int to_hop(const struct net *x, const struct gt_mconn *cn)
{
	return x->hp_name && cn->port == x->hp_port && !strcmp(cn->addr, x->hp_host);
}

/* go's connections, each counted for its GOPROXY entry or for the hop */
static void count_connections(struct net *x)
{
	size_t k;

	for (k = 0; k < x->m->nopens; k++)
		if (!strcmp(x->m->opens[k].path, "/etc/hosts") && x->m->opens[k].ok &&
		    is_go(x->m->opens[k].p))
			x->hosts = "/etc/hosts";
	for (k = 0; k < x->m->nconns; k++) {
		const struct gt_mconn *cn = &x->m->conns[k];
		struct entry_stat *e;
		int i;
		if (!is_go(cn->p) || strncmp(cn->family, "inet", 4))
			continue;
		if (to_hop(x, cn)) {
			x->hop_n++;
			if (!x->hop_first)
				x->hop_first = cn;
			if (cn->done && !cn->ok && !x->hop_failed++)
				x->hop_first_failed = cn;
			continue;
		}
		if ((i = entry_of(&x->pl, cn, x->hosts)) < 0)
			continue;
		e = &x->st[i];
		if (!e->n++)
			e->first = cn;
		e->last = cn;
		if (cn->done && cn->ok)
			e->ok++;
		else if (cn->done && !e->failed++)
			e->first_failed = cn;
	}
}

static void goproxy_evidence(const struct net *x, struct gt_finding *f)
{
	gt_finding_evidence(f, GT_AT(x->c->go->pid, x->c->x->t, x->c->x->line), "GOPROXY=%s from %s", x->gpv, x->src);
}

/* Entry I hung go: a server that accepted and never answered, or a SYN never answered. */
static int entry_hung(struct net *x, int i, const char *u, const char *role)
{
	char what[256] = "";
	struct gt_finding *f;
	int syn;

	if (!stalled_on(x->m, &x->pl, i, NULL, what, sizeof(what)) ||
	    (!strstr(what, "no response") && !strstr(what, "SYN sent")))
		return 0;
	syn = strstr(what, "SYN sent") != NULL;
	f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, x->failed_run ? GT_SEV_CAUSE : GT_SEV_WARNING,
			   syn ? "proxy-no-syn-answer" : "proxy-silent",
			   syn ? "GOPROXY entry %d %s never answered the connection attempt (SYN); go "
				 "waits up to 30 s per address"
			       : "GOPROXY entry %d %s accepted the connection and never answered: go "
				 "sets no deadline for a response, so it waits forever",
			   i + 1, u);
	stalled_on(x->m, &x->pl, i, f, what, sizeof(what));
	if (x->st[i].first)
		conn_evidence(f, x->st[i].first, role);
	goproxy_evidence(x, f);
	gt_finding_fix(f, "repair or remove that entry (a '|' after it does not help: "
			  "nothing fails, the request never ends); --timeout bounds a run");
	return 1;
}

/* What happened at GOPROXY entry I, by Go's ',' and '|' rules. */
static void entry_outcome(struct net *x, int i, const char *u, const char *role)
{
	const struct entry_stat *st = &x->st[i];
	const struct gt_proxy_entry *e = &x->pl.e[i];
	const struct gt_mproc *who = NULL;
	char sline[1024];
	struct gt_finding *f;
	int later = 0, j, code = 0;

	for (j = i + 1; j < x->pl.n; j++)
		if (x->st[j].n && st->first && x->st[j].first->line > st->first->line)
			later = 1;
	if (st->failed && !later && e->sep == ',' && x->failed_run) {
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_CAUSE, "proxy-comma-stop",
				   "GOPROXY entry %d %s: connection %s; after ',' go tries the next "
				   "entry only when a proxy answers 404 or 410, so it stopped there",
				   i + 1, u, outcome(st->first_failed));
		conn_evidence(f, st->first_failed, role);
		goproxy_evidence(x, f);
		pipe_fix(f, &x->pl, i);
	} else if (!st->failed && !later && e->sep == ',' && x->failed_run && i + 1 < x->pl.n &&
		   (code = entry_status(x->m, e->url, sline, sizeof(sline), &who)) && code != 404 &&
		   code != 410 && code != 401 && code != 403) {
		char *nu = safe_url(x->pl.e[i + 1].url);
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_CAUSE, "proxy-comma-stop",
				   "GOPROXY entry %d %s answered %d; after ',' go tries the next entry "
				   "only on 404 or 410, so entry %d %s was never tried", i + 1, u, code,
				   i + 2, x->pl.e[i + 1].kind == 'd' ? "direct" : nu);
		gt_finding_evidence(f, GT_AT(who->pid, who->t_exit, who->err_line), "%s", sline);
		conn_evidence(f, st->last, role);
		goproxy_evidence(x, f);
		pipe_fix(f, &x->pl, i);
		free(nu);
	} else if (st->failed && later && e->sep == '|') {
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "proxy-fallback",
				   "GOPROXY entry %d %s: connection %s; the '|' after it made go try "
				   "entry %d (falls back on any error)", i + 1, u,
				   outcome(st->first_failed), i + 2);
		conn_evidence(f, st->first_failed, role);
		goproxy_evidence(x, f);
	} else if (!st->failed && later && e->sep == ',') {
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "proxy-fallback-404",
				   "GOPROXY entry %d %s answered and go went on to entry %d: after ',' "
				   "that happens only on a 404 or 410 (the proxy does not have what "
				   "was asked) — expected", i + 1, u, i + 2);
		conn_evidence(f, st->last, role);
		goproxy_evidence(x, f);
	} else {
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "proxy",
				   "GOPROXY entry %d %s (GOPROXY from %s): %u connection%s, %u "
				   "established, %u failed", i + 1, u, x->src, st->n,
				   st->n == 1 ? "" : "s", st->ok, st->failed);
		conn_evidence(f, st->first, role);
	}
}

static void rule_entries(struct net *x)
{
	int i;

	for (i = 0; i < x->pl.n; i++) {
		char role[64], *u;
		if (x->pl.e[i].kind != 'h')
			continue;
		u = safe_url(x->pl.e[i].url);
		snprintf(role, sizeof(role), "GOPROXY entry %d", i + 1);
		if (!entry_hung(x, i, u, role) && x->st[i].n)
			entry_outcome(x, i, u, role);
		free(u);
	}
}

static void rule_hop(struct net *x)
{
	char targets[1024] = "", *pu;
	struct gt_finding *f;
	int i;

	if (!x->hop_n)
		return;
	pu = safe_url(x->hp);
	/* the target: https entries that are not loopback (loopback is never proxied) */
	for (i = 0; i < x->pl.n; i++) {
		const struct gt_proxy_entry *e = &x->pl.e[i];
		if (e->kind == 'h' && !strncmp(e->url, "https://", 8) && strcmp(e->host, "localhost") &&
		    strncmp(e->host, "127.", 4) && strcmp(e->host, "::1")) {
			char *tu = safe_url(e->url);
			snprintf(targets + strlen(targets), sizeof(targets) - strlen(targets),
				 "%s%s (GOPROXY entry %d)", targets[0] ? ", " : "", tu, i + 1);
			free(tu);
		}
	}
	if (x->hop_failed == x->hop_n) {
		/* not one connection to the proxy worked: nothing reached the GOPROXY entries */
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, x->failed_run ? GT_SEV_CAUSE : GT_SEV_WARNING,
				   "proxy-hop-failed",
				   "the %s proxy %s could not be reached (%u connection%s, all %s): go sends "
				   "its https requests%s%s through it", x->hp_name, pu, x->hop_n,
				   x->hop_n == 1 ? "" : "s", outcome(x->hop_first_failed),
				   targets[0] ? " for " : "", targets);
		conn_evidence(f, x->hop_first_failed, x->hp_name);
		gt_finding_fix(f, "start or repair that proxy, or unset %s (or add the hosts to "
			       "NO_PROXY) if it is not meant for these requests", x->hp_name);
	} else {
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "proxy-hop",
				   "requests went through the %s proxy %s: %u connection%s to it%s%s",
				   x->hp_name, pu, x->hop_n, x->hop_n == 1 ? "" : "s",
				   targets[0] ? ", tunnelling to " : "", targets);
		conn_evidence(f, x->hop_first, x->hp_name);
	}
	gt_finding_evidence(f, GT_AT(x->c->go->pid, x->c->x->t, x->c->x->line), "%s=%s in go's environment", x->hp_name, pu);
	free(pu);
}

/* the checksum database, when go went to it directly (seen by name) */
static void rule_sumdb(struct net *x)
{
	struct gt_setting sd;
	char host[256] = "";
	const char *v;
	size_t j;

	gt_goconf_setting(x->c, "GOSUMDB", &sd);
	v = sd.value;
	if (v && strcmp(v, "off")) {
		/* "name", "name+key" or "name+key url" */
		const char *sp = strchr(v, ' ');
		int port;
		if (sp && gt_url_hostport(sp + 1, host, sizeof(host), &port) < 0)
			host[0] = 0;
		if (!sp)
			snprintf(host, sizeof(host), "%.*s", (int)strcspn(v, "+"), v);
	}
	for (j = 0; j < x->m->ndns; j++) {
		const struct gt_mdns *d = &x->m->dns[j];
		struct gt_finding *f;
		char *ss;
		if (!host[0] || strcmp(d->name, host) || d->answer)
			continue;
		ss = gt_source_text(x->c, sd.src, sd.line);
		f = gt_finding_add(x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "sumdb-direct",
				   "go went to the checksum database %s directly (GOSUMDB=%s from %s): "
				   "it asks each GOPROXY entry for /sumdb/%s/supported first, and none "
				   "said yes (or the list was direct)", host, v, ss, host);
		gt_finding_evidence(f, GT_AT(d->pid, d->t, d->line), "DNS query for %s to %s", host,
				    d->server[0] ? d->server : "?");
		free(ss);
		break;
	}
}

/* GOINSECURE is often taken for a way around the proxy; it is not */
static void rule_goinsecure(struct net *x)
{
	struct gt_setting gi, np, pv;
	const struct gt_mconn *first = NULL;
	unsigned via = 0;
	int i;

	gt_goconf_setting(x->c, "GOINSECURE", &gi);
	gt_goconf_setting(x->c, "GONOPROXY", &np);
	gt_goconf_setting(x->c, "GOPRIVATE", &pv);
	for (i = 0; i < x->pl.n; i++)
		if (x->st[i].n) {
			via += x->st[i].n;
			if (!first || x->st[i].first->line < first->line)
				first = x->st[i].first;
		}
	if (gi.value && !np.value && !pv.value && via) {
		char *is = gt_source_text(x->c, gi.src, gi.line);
		struct gt_finding *f = gt_finding_add(
			x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "goinsecure-not-bypass",
			"GOINSECURE=%s (from %s) did not take these fetches off the proxy: it "
			"only relaxes https checks for fetches that are already direct "
			"(GONOPROXY/GOPRIVATE)", gi.value, is);
		conn_evidence(f, first, "a GOPROXY entry");
		gt_finding_fix(f, "to fetch a module directly, name it in GOPRIVATE or GONOPROXY");
		free(is);
	}
}

/* GOPRIVATE / GONOPROXY: modules fetched directly, with the evidence of it */
static void rule_direct(struct net *x)
{
	const struct gt_mproc *git = NULL;
	const struct gt_mconn *direct = NULL;
	struct gt_setting gpriv;
	size_t j;

	gt_goconf_setting(x->c, "GONOPROXY", &gpriv);
	if (!gpriv.value)
		gt_goconf_setting(x->c, "GOPRIVATE", &gpriv);
	if (!gpriv.value)
		return;
	for (j = 0; j < x->m->nproc && !git; j++) {
		const struct gt_mproc *p = x->m->procs[j];
		if (p->name && !strcmp(p->name, "git") && p->parent && is_go(p->parent))
			git = p;
	}
	for (j = 0; j < x->m->nconns && !direct; j++) {
		const struct gt_mconn *cn = &x->m->conns[j];
		if (is_go(cn->p) && !strncmp(cn->family, "inet", 4) && cn->port != 53 &&
		    entry_of(&x->pl, cn, x->hosts) < 0 && !to_hop(x, cn))
			direct = cn;
	}
	if (git || direct) {
		char *ps = gt_source_text(x->c, gpriv.src, gpriv.line);
		struct gt_finding *f = gt_finding_add(
			x->fs, GT_SUBJ_NETWORK, GT_SEV_INFO, "direct-fetch",
			"modules matching %s=%s were fetched directly from their origin%s, "
			"not through GOPROXY (%s from %s)", gpriv.name, gpriv.value,
			git ? " with git" : "", gpriv.name, ps);
		if (git)
			gt_finding_evidence(f,
					    GT_AT(git->pid, git->nexecs ? git->execs[0].t : 0, git->nexecs ? git->execs[0].line : 0),
					    "go ran git (pid %ld)", git->pid);
		if (direct)
			conn_evidence(f, direct, "not a GOPROXY entry");
		free(ps);
	}
}

/* The first MODULE@VERSION go named in an error line ("go: example.com/m@v1.2.3: ..."), into OUT. */
static int failed_module(const struct gt_mproc *go, char *out, size_t size)
{
	const char *s = go && go->err.len ? gt_text(&go->err) : NULL, *end = s ? s + go->err.len : NULL;

	while (s && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *w, *c;
		if (e - s > 4 && !memcmp(s, "go: ", 4)) {
			w = s + 4;
			c = memmem(w, (size_t)(e - w), ": ", 2);
			if (c && memchr(w, '@', (size_t)(c - w)) && !memchr(w, ' ', (size_t)(c - w)) &&
			    (size_t)(c - w) < size) {
				memcpy(out, w, (size_t)(c - w));
				out[c - w] = 0;
				return 1;
			}
		}
		s = nl ? nl + 1 : end;
	}
	return 0;
}

/* A network cause: its fix also says how to check the proxies again without running go. */
static void point_at_probe(struct net *x)
{
	static const char *const ids[] = {"proxy-comma-stop", "proxy-silent", "proxy-no-syn-answer",
					  "proxy-hop-failed", "dns-failure"};
	char mod[512], word[600];
	size_t i, k;

	if (!failed_module(x->c->go, mod, sizeof(mod)))
		return;
	gt_sh_word(mod, word, sizeof(word));
	for (i = 0; i < x->fs->n; i++) {
		struct gt_finding *f = &x->fs->f[i];
		for (k = 0; k < GT_ARRAY_SIZE(ids); k++)
			if (!strcmp(f->id, ids[k]) && f->severity == GT_SEV_CAUSE) {
				char *old = f->fix;
				f->fix = NULL;
				gt_finding_fix(f, "%s%s`gotrace probe %s` asks the GOPROXY entries again without running go",
					       old ? old : "", old ? "; then " : "", word);
				free(old);
			}
	}
}

/* The rules that need go's GOPROXY, each with the findings it can make and what they rest on. */
GT_RULES(rules, struct net) = {
	{"proxy-silent proxy-no-syn-answer proxy-comma-stop proxy-fallback proxy-fallback-404 proxy",
	 "what happened at each GOPROXY entry, by Go's ',' (404/410 only) and '|' (any error) rules",
	 rule_entries},
	{"proxy-hop-failed proxy-hop", "whether go's HTTPS_PROXY could be reached", rule_hop},
	{"sumdb-direct", "go asked DNS for the checksum database's own name", rule_sumdb},
	{"goinsecure-not-bypass", "GOINSECURE set, and fetches still went through GOPROXY",
	 rule_goinsecure},
	{"direct-fetch", "GOPRIVATE/GONOPROXY modules fetched with git or a direct connection",
	 rule_direct},
};

void gt_an_network(const struct gt_model *m, struct gt_findings *fs)
{
	struct gt_setting gp;
	struct net x;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.c = gt_goconf(m);
	x.fs = fs;
	vcs_remotes(m, fs);
	x.failed_run = m->root && (gt_mproc_failed(m->root) ||
				   (m->end && m->end->timed_out));
	if (x.c->go && x.c->env)
		gt_goconf_setting(x.c, "GOPROXY", &gp);
	if (!x.c->go || !x.c->env || !gp.value) {
		/* unknown source or default: nothing to apply the rules to */
		dns_failures(m, fs, x.failed_run, NULL, NULL, NULL);
		return;
	}
	gt_proxy_parse(gp.value, &x.pl);
	x.src = gt_source_text(x.c, gp.src, gp.line);
	x.gpv = safe_url(gp.value);
	dns_failures(m, fs, x.failed_run, &x.pl, x.gpv, x.src);
	/* go's proxy for https requests: HTTPS_PROXY, then https_proxy */
	if ((x.hp = gt_env_get(x.c->env, "HTTPS_PROXY")) && x.hp[0])
		x.hp_name = "HTTPS_PROXY";
	else if ((x.hp = gt_env_get(x.c->env, "https_proxy")) && x.hp[0])
		x.hp_name = "https_proxy";
	if (x.hp_name && gt_url_hostport(x.hp, x.hp_host, sizeof(x.hp_host), &x.hp_port) < 0)
		x.hp_name = NULL;
	count_connections(&x);
	GT_RULES_RUN(rules, &x);
	point_at_probe(&x);
	free(x.src);
	free(x.gpv);
}

/*
 * Credentials (docs/facts.md, "Which credential go sends"): which credential each request
 * used and where it came from, which sources were consulted and not used,
 * and why one did not match. Never a secret: files are read after the run
 * for names, logins and line numbers only, and every value shown passes
 * through the redactor first.
 *
 * go side: the .netrc file go opened and Go's own matching rule (an entry's
 * machine is compared with the request URL's host[:port]/path, cut at
 * slashes; only complete machine/login/password entries count, parsing
 * stops at "default", the first entry for a machine wins); GOAUTH;
 * passwords inside URLs. git's side is in credgit.c.
 */
#include "analyzers.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../common/goproxy.h"
#include "../common/redact.h"
#include "../common/files.h"
#include "../common/util.h"

int gt_cred_is_go(const struct gt_mproc *p)
{
	return p && p->nexecs && gt_exec_is_go(&p->execs[p->nexecs - 1]);
}

int gt_cred_is_git(const struct gt_mproc *p)
{
	return p && p->name && (!strcmp(p->name, "git") || !strncmp(p->name, "git-", 4));
}

/*
 * Whether machine M gives credentials for requests under URL prefix P
 * ("host:port/path", no scheme): Go tries P and its parents cut at slashes,
 * and the module path below P.
 */
int gt_netrc_matches(const char *m, const char *p)
{
	size_t ml = strlen(m), pl = strlen(p);

	if (!strcmp(m, p))
		return 1;
	if (ml < pl && !strncmp(p, m, ml) && p[ml] == '/')
		return 1;
	return ml > pl && !strncmp(m, p, pl) && m[pl] == '/';
}

/* Whether the ;-separated command list L has a command that is just WORD. */
static int word_in(const char *l, const char *word)
{
	size_t n = strlen(word);

	while (*l) {
		l += strspn(l, "; \t");
		if (!strncmp(l, word, n) && strchr(" \t;", l[n] ? l[n] : ';'))
			return 1;
		l += strcspn(l, ";");
	}
	return 0;
}

/*
 * The warning for a credential file others can read: its mode as the trace
 * recorded it when the run ended, else (an older trace) as it is now, and
 * said so.
 */
void gt_cred_mode_check(const struct gt_model *m, const char *path, const struct gt_mopen *o, struct gt_findings *fs)
{
	const struct gt_ev_fingerprint *rec = gt_model_cred_file(m, path);
	const char *ms = rec ? rec->mode : NULL;
	unsigned mode;
	struct stat st;
	struct gt_finding *f;
	size_t i;

	if (ms && sscanf(ms, "%o", &mode) == 1) {
		/* recorded */
	} else if (stat(path, &st) == 0) {
		mode = (unsigned)(st.st_mode & 07777);
		ms = NULL;
	} else {
		return;
	}
	if (!(mode & 077))
		return;
	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].id, "credential-file-mode") && strstr(fs->f[i].verdict, path))
			return;
	f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-file-mode",
			   "%s holds credentials and other users can read it (mode %04o)", path, mode);
	gt_finding_evidence(f, GT_AT(o->p ? o->p->pid : 0, o->t, o->line), "%s opened %s", o->p ? gt_pname(o->p) : "?",
			    path);
	gt_finding_note(f,
			ms ? "mode %04o (recorded when the run ended)" : "mode %04o (stat when the report was made: the trace has no record of it)",
			mode);
	{
		char qw[2200];
		gt_finding_fix(f, "chmod 600 %s", gt_sh_word(path, qw, sizeof(qw)));
	}
}

/*
 * A refusal go relayed for a URL under PREFIX: the line of a go process's
 * stderr with ": 401 " or ": 403 ", and the server's explanation go prints
 * after it ("\tserver response: ..."), if any.
 */
struct refusal {
	const struct gt_mproc *who;
	char line[1024];
	char body[512]; /* the server response, lines joined; "" when none */
	int status;
};

/* Words by which a 403's body says the request lacked or had wrong credentials. */
static int body_is_about_credentials(const char *b)
{
	static const char *const words[] = {"auth", "credential", "login", "password", "token",
					    "access denied", "permission", "sign in", "log in"};
	size_t i;

	for (i = 0; i < GT_ARRAY_SIZE(words); i++)
		if (strcasestr(b, words[i]))
			return 1;
	return 0;
}

static int find_refusal(const struct gt_model *m, const char *prefix, struct refusal *r)
{
	size_t i;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *s, *e, *end = gt_text(&p->err) + p->err.len;
		if (!gt_cred_is_go(p) || !p->err.len)
			continue;
		for (s = gt_text(&p->err); s < end; s = e + 1) {
			const char *st;
			e = memchr(s, '\n', (size_t)(end - s));
			if (!e)
				e = end;
			if (!memmem(s, (size_t)(e - s), prefix, strlen(prefix)))
				continue;
			st = memmem(s, (size_t)(e - s), ": 401 ", 6);
			if (!st)
				st = memmem(s, (size_t)(e - s), ": 403 ", 6);
			if (!st)
				continue;
			snprintf(r->line, sizeof(r->line), "%.*s", (int)(e - s), s);
			r->status = st[3] == '1' ? 401 : 403;
			r->who = p;
			r->body[0] = 0;
			/* "\tserver response: TEXT" or "\tserver response:" then "\t"-indented lines */
			if (e < end && !strncmp(e + 1, "\tserver response:", 17)) {
				const char *b = e + 1 + 17, *be;
				size_t n = 0;
				for (;;) {
					be = memchr(b, '\n', (size_t)(end - b));
					if (!be)
						be = end;
					while (b < be && (*b == ' ' || *b == '\t'))
						b++;
					if (be > b && n < sizeof(r->body) - 2)
						n += (size_t)snprintf(r->body + n, sizeof(r->body) - n, "%s%.*s",
								      n ? " " : "", (int)(be - b), b);
					if (be >= end || be[1] != '\t' || !strncmp(be + 1, "\tserver response:", 17))
						break;
					b = be + 1;
				}
			}
			return 1;
		}
	}
	return 0;
}

/*
 * The refusal of PREFIX as a credential problem: a 401, or a 403 whose body
 * is empty or speaks of credentials. A 403 that explains itself otherwise
 * (a filtering proxy's "This module version is not available") is not one,
 * and is reported as what it is. Returns the refusal's line, or NULL.
 */
static const char *refused_line(const struct gt_model *m, struct gt_findings *fs, const char *prefix,
				char *out, size_t size, const struct gt_mproc **who)
{
	struct refusal r;
	struct gt_finding *f;

	if (!find_refusal(m, prefix, &r))
		return NULL;
	if (r.status == 403 && r.body[0] && !body_is_about_credentials(r.body)) {
		if (!gt_findings_get(fs, "proxy-refused")) {
			f = gt_finding_add(fs, GT_SUBJ_NETWORK, GT_SEV_CAUSE, "proxy-refused",
					   "https://%s answered 403 and explained it: \"%s\" — the proxy will not "
					   "serve this, which no credential changes", prefix, r.body);
			gt_finding_evidence(f, GT_AT(r.who->pid, r.who->t_exit, r.who->err_line), "%s", r.line);
			gt_finding_evidence(f, GT_AT(r.who->pid, r.who->t_exit, r.who->err_line), "server response: %s", r.body);
			gt_finding_fix(f, "use a version this proxy serves, or ask its operator to allow it "
				       "(go tries the next GOPROXY entry only after 404/410 with ',', after any "
				       "error with '|')");
		}
		return NULL;
	}
	snprintf(out, size, "%s", r.line);
	*who = r.who;
	return out;
}

/* The first connect by a go process to HOST:PORT (by name or address), or NULL. */
static const struct gt_mconn *go_conn(const struct gt_model *m, const char *host, int port)
{
	size_t i;

	for (i = 0; i < m->nconns; i++) {
		const struct gt_mconn *c = &m->conns[i];
		if (gt_cred_is_go(c->p) && c->port == port && (!strcmp(c->addr, host) || !strcmp(c->host, host)))
			return c;
	}
	return NULL;
}

/* What the go-side rules share: go's GOAUTH, the netrc file it looked for and its entries. */
struct goside {
	const struct gt_model *m;
	const struct gt_goconf *c;
	struct gt_findings *fs;
	struct gt_setting auth;
	int old_go;                /* the minor version of a go before 1.24, else 0 */
	char path[1024];           /* the netrc file go looks for */
	const char *how;           /* why that one: NETRC or $HOME/.netrc */
	const struct gt_mopen *op; /* go's open of it, NULL if none */
	struct gt_netrc_entry ne[64];
	int nn;                    /* entries read; -2 when not read, -1 when unreadable now */
	const char *when;          /* where the entries come from: the trace, or the file now */
	char *src;                 /* where GOAUTH came from */
};

/* One request to an https GOPROXY entry: the entry, go's connection, its URL prefix, the refusal. */
struct goreq {
	int i;
	const struct gt_proxy_entry *e;
	const struct gt_mconn *cn;
	char prefix[600];   /* the URL as Go's credential cache keys it */
	const char *refused; /* the server's refusal as go relayed it, or NULL */
	char line401[1024];
	const struct gt_mproc *who;
};

/* GOAUTH=off and the server refused: go sent nothing */
static void goauth_off(struct goside *x, const struct goreq *r)
{
	struct gt_finding *f;

	if (!r->refused)
		return;
	f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE, "credential-goauth-off",
			   "https://%s refused go, and GOAUTH=off (%s): go sent no credential", r->prefix,
			   x->src);
	gt_finding_evidence(f, GT_AT(r->who->pid, r->who->t_exit, r->who->err_line), "%s", r->line401);
	gt_finding_fix(f, "unset GOAUTH (the default is netrc), or go env -u GOAUTH");
}

/* the netrc entry that matched the request */
static void netrc_hit(struct goside *x, const struct goreq *r, int hit)
{
	const struct gt_netrc_entry *ne = &x->ne[hit];
	struct gt_finding *f;

	f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, r->refused ? GT_SEV_WARNING : GT_SEV_INFO,
			   "credential-netrc", "credential for https://%s: %s line %ld, machine %s, login %s%s",
			   r->prefix, x->path, ne->line, ne->machine, ne->login,
			   r->refused ? " — and the server still refused it" : "");
	f->t = r->cn->t;
	gt_finding_evidence(f, GT_AT_FILE(x->op->p->pid, x->op->t, x->op->line, x->path, ne->line),
			    "go read %s (%s); this entry matches %s (%s)", x->path, x->how, r->prefix, x->when);
	gt_finding_evidence(f, GT_AT(r->cn->p->pid, r->cn->t, r->cn->line), "connect to %s:%d (GOPROXY entry %d)",
			    r->cn->addr, r->cn->port, r->i + 1);
	if (x->old_go)
		gt_finding_note(f,
				"go1.%d: .netrc entries are matched by host "
				"name, without the port (GOAUTH came with Go 1.24)", x->old_go);
	else
		gt_finding_note(f, "GOAUTH=%s (%s)", x->auth.value ? x->auth.value : "netrc", x->src);
	if (r->refused)
		gt_finding_evidence(f, GT_AT(r->who->pid, r->who->t_exit, r->who->err_line), "%s", r->line401);
}

/* the server refused and no netrc entry matched: why not, entry by entry */
static void netrc_nomatch(struct goside *x, const struct goreq *r)
{
	const struct gt_mopen *op = x->op;
	struct gt_finding *f;
	int j;

	f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE, "credential-netrc-nomatch",
			   "no credential for https://%s: %s", r->prefix,
			   !op ? "go never read a netrc file" :
			   !op->ok ? "the netrc file go looked for is not there" :
			   x->nn < 0 ? "the netrc file cannot be read now" :
			   x->nn == 0 ? "the netrc file has no complete machine/login/password entry" :
			   "no entry of the netrc file matches the request's host");
	f->t = r->cn->t;
	if (op)
		gt_finding_evidence(f, GT_AT(op->p->pid, op->t, op->line), "go opened %s (%s): %s%s%s", x->path, x->how,
				    op->ok ? "read" : op->err, op->ok && x->when ? "; " : "",
				    op->ok && x->when ? x->when : "");
	for (j = 0; x->nn > 0 && j < x->nn && j < 8; j++) {
		const struct gt_netrc_entry *ne = &x->ne[j];
		const char *colon = strrchr(r->prefix, ':'), *host = r->e->host;
		int host_only = colon && (size_t)(colon - r->prefix) == strlen(ne->machine) &&
				!strncmp(r->prefix, ne->machine, strlen(ne->machine));
		int with_port = x->old_go && !strncmp(ne->machine, host, strlen(host)) &&
				ne->machine[strlen(host)] == ':';
		gt_finding_evidence(f, GT_AT_FILE(0, 0, 0, x->path, ne->line),
				    "machine %s (login %s) does not match %s%s", ne->machine, ne->login,
				    x->old_go ? host : r->prefix,
				    !x->old_go && host_only ? ": go compares host:port when the URL has a port"
				    : with_port ? ": this go (before 1.24) compares the host name alone" : "");
	}
	gt_finding_evidence(f, GT_AT(r->cn->p->pid, r->cn->t, r->cn->line), "connect to %s:%d (GOPROXY entry %d)",
			    r->cn->addr, r->cn->port, r->i + 1);
	gt_finding_evidence(f, GT_AT(r->who->pid, r->who->t_exit, r->who->err_line), "%s", r->line401);
	if (x->old_go)
		gt_finding_fix(f, "add \"machine %s login USER password SECRET\" to %s (mode 600)",
			       r->e->host, x->path);
	else
		gt_finding_fix(f, "add \"machine %.*s login USER password SECRET\" to %s (mode 600)",
			       (int)strcspn(r->prefix, "/"), r->prefix, x->path);
}

/* which credential go sent to each https GOPROXY entry it connected to, from which file */
static void go_requests(struct goside *x)
{
	struct gt_setting gp;
	struct gt_proxy_list pl;
	int i, j;

	gt_goconf_setting(x->c, "GOPROXY", &gp);
	gt_proxy_parse(gp.value ? gp.value : "https://proxy.golang.org,direct", &pl);
	for (i = 0; i < pl.n; i++) {
		struct goreq r;
		int hit = -1;
		size_t n;
		memset(&r, 0, sizeof(r));
		r.i = i;
		r.e = &pl.e[i];
		if (r.e->kind != 'h' || strncmp(r.e->url, "https://", 8) ||
		    !(r.cn = go_conn(x->m, r.e->host, r.e->port)))
			continue;
		/* the URL as Go's credential cache keys it: no scheme, no trailing slash */
		snprintf(r.prefix, sizeof(r.prefix), "%s", r.e->url + 8);
		while ((n = strlen(r.prefix)) && r.prefix[n - 1] == '/')
			r.prefix[n - 1] = 0;
		if (strchr(r.prefix, '@'))
			continue; /* userinfo in the URL: credential-in-url says so */
		r.refused = refused_line(x->m, x->fs, r.prefix, r.line401, sizeof(r.line401), &r.who);
		if (x->auth.value && strcmp(x->auth.value, "off") && !word_in(x->auth.value, "netrc"))
			continue; /* credentials come from the GOAUTH commands alone */
		if (x->auth.value && !strcmp(x->auth.value, "off")) {
			goauth_off(x, &r);
			continue;
		}
		/* the first entry for a machine wins (Go 1.24+ stores them last to first) */
		for (j = 0; x->nn > 0 && j < x->nn && hit < 0; j++)
			if (x->old_go ? !strcmp(x->ne[j].machine, r.e->host)
				      : gt_netrc_matches(x->ne[j].machine, r.prefix))
				hit = j;
		if (hit >= 0)
			netrc_hit(x, &r, hit);
		else if (r.refused)
			netrc_nomatch(x, &r);
		/* else no credential was needed: nothing to say */
	}
}

/* Whether P's argv[0] is the first word of one of GOAUTH's commands. */
static int goauth_command(const char *auth, const char *a0)
{
	const char *cmd = auth;
	int mine = 0;

	while (*cmd && !mine) {
		size_t w;
		cmd += strspn(cmd, "; \t");
		w = strcspn(cmd, " \t;");
		mine = w && strlen(a0) == w && !strncmp(cmd, a0, w);
		cmd += strcspn(cmd, ";");
	}
	return mine;
}

/* GOAUTH commands go ran */
static void goauth_runs(struct goside *x)
{
	const char *auth = x->auth.value;
	size_t k;

	if (!auth || !strcmp(auth, "netrc") || !strcmp(auth, "off"))
		return;
	for (k = 0; k < x->m->nproc; k++) {
		const struct gt_mproc *p = x->m->procs[k];
		struct gt_finding *f;
		const char *a0, *a1;
		int git_fill;
		if (!p->parent || !gt_cred_is_go(p->parent) || !p->nexecs || gt_cred_is_go(p))
			continue;
		a0 = p->argv && p->argv->n > 0 ? p->argv->v[0] : NULL;
		a1 = p->argv && p->argv->n > 1 ? p->argv->v[1] : NULL;
		/* GOAUTH=git DIR runs "git credential fill"; a command runs its first word */
		git_fill = p->name && !strcmp(p->name, "git") && a1 && !strcmp(a1, "credential");
		if (!git_fill && !(a0 && goauth_command(auth, a0)))
			continue;
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-goauth",
				   "GOAUTH (%s) ran %s (pid %ld): exit %d", x->src, p->path, p->pid, p->code);
		gt_finding_evidence(f, GT_AT(p->pid, p->t_start, p->execs[0].line), "exec %s", p->path);
	}
}

/* The entries of the netrc file go read (X->path): as the trace recorded them when the run ended, else read now. */
static void netrc_entries(struct goside *x)
{
	const struct gt_ev_fingerprint *rec = gt_model_cred_file(x->m, x->path);
	size_t j;

	if (!rec || !GT_HAS(rec, fingerprint, netrc)) {
		x->nn = gt_netrc_read(x->path, x->ne, 64);
		x->when = "its entries read when the report was made: the trace has no record of them";
		return;
	}
	x->nn = 0;
	for (j = 0; j < rec->netrc.n && x->nn < 64; j++) {
		const struct gt_ev_netrc_entry *e = &rec->netrc.v[j];
		snprintf(x->ne[x->nn].machine, sizeof(x->ne[0].machine), "%s", e->machine ?: "");
		snprintf(x->ne[x->nn].login, sizeof(x->ne[0].login), "%s", e->login ?: "");
		x->ne[x->nn++].line = (long)e->line;
	}
	x->when = "its entries as recorded when the run ended";
}

static void go_side(const struct gt_model *m, struct gt_findings *fs)
{
	struct goside *x = gt_xcalloc(1, sizeof(*x));
	const char *netrc, *home;
	size_t k;

	x->m = m;
	x->c = gt_goconf(m);
	x->fs = fs;
	x->nn = -2;
	if (!x->c->go || !x->c->env)
		goto out;
	/* before Go 1.24 there is no GOAUTH, and .netrc is matched by host name alone */
	{
		const struct gt_mexec *gx = &x->c->go->execs[x->c->go->nexecs - 1];
		char v[160];
		int minor = 0;
		if (gt_model_goversion(m, gx->exe ? gx->exe : gx->path, x->c->goroot, v, sizeof(v)) &&
		    sscanf(v, "go1.%d", &minor) == 1 && minor < 24)
			x->old_go = minor;
	}
	gt_goconf_setting(x->c, "GOAUTH", &x->auth);
	if (x->old_go)
		x->auth.value = NULL;
	netrc = gt_env_get(x->c->env, "NETRC");
	home = gt_env_get(x->c->env, "HOME");
	if (netrc && netrc[0]) {
		snprintf(x->path, sizeof(x->path), "%s", netrc);
		x->how = "NETRC";
	} else if (home) {
		snprintf(x->path, sizeof(x->path), "%s/.netrc", home);
		x->how = "$HOME/.netrc";
	} else {
		goto out;
	}
	for (k = 0; k < m->nopens && !x->op; k++)
		if (gt_cred_is_go(m->opens[k].p) && !strcmp(m->opens[k].path, x->path))
			x->op = &m->opens[k];
	if (x->op && x->op->ok) {
		netrc_entries(x);
		gt_cred_mode_check(m, x->path, x->op, fs);
	}
	x->src = gt_source_text(x->c, x->auth.src, x->auth.line);
	go_requests(x);
	goauth_runs(x);
out:
	free(x->src);
	free(x);
}

/* ---- passwords in URLs: the environment and the go env files ---- */

static void in_urls(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_goconf *c = gt_goconf(m);
	const struct gt_envfile *files[2] = {&c->user, &c->goenv};
	const char *name;
	json_t *v;
	size_t i, k;

	if (c->env)
		json_object_foreach(c->env, name, v) {
			const char *val = json_string_value(v), *r;
			struct gt_finding *f;
			if (!val || !(r = strstr(val, GT_REDACTED "@")) || !memmem(val, (size_t)(r - val), "://", 3))
				continue;
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-in-url",
					   "%s in the environment holds a password inside a URL: %s", name, val);
			gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line),
					    "the environment go started with (value redacted in the trace)");
			gt_finding_fix(f, "keep the password out of the URL: a .netrc entry (mode 600) or GOAUTH");
		}
	for (k = 0; k < 2; k++)
		for (i = 0; i < files[k]->n; i++) {
			const struct gt_envline *l = &files[k]->v[i];
			struct gt_finding *f;
			if (!l->secret || !strstr(l->value, "://"))
				continue;
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-in-url",
					   "%s in %s line %ld holds a password inside a URL: %s", l->name,
					   files[k]->path, l->line, l->value);
			gt_finding_evidence(f,
					    GT_AT_FILE(files[k]->open_pid, files[k]->open_t, files[k]->open_line, files[k]->path, l->line),
					    "go read this go env file");
			gt_finding_fix(f, "keep the password out of the URL: a .netrc entry (mode 600) or GOAUTH");
		}
	/* over plain http go refuses to send it at all */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *s;
		struct gt_finding *f;
		if (!gt_cred_is_go(p) || !p->err.len ||
		    !(s = memmem(gt_text(&p->err), p->err.len, "refusing to pass credentials to insecure URL", 44)))
			continue;
		for (k = 0; k < fs->n; k++)
			if (!strcmp(fs->f[k].id, "credential-in-url") && strstr(fs->f[k].verdict, "http://")) {
				f = &fs->f[k];
				f->severity = gt_mproc_failed(p) ? GT_SEV_CAUSE : GT_SEV_WARNING;
				gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->err_line),
						    "go: refusing to pass credentials to insecure URL (it never "
						    "sends a URL's credentials over http)");
				gt_finding_fix(f, "use https for that proxy, or move the credential to .netrc "
						  "(which go sends over https only)");
			}
	}
}

/* ---- git: configuration files, insteadOf, helpers, environment, ssh ---- */

void gt_an_credential(const struct gt_model *m, struct gt_findings *fs)
{
	go_side(m, fs);
	in_urls(m, fs);
	gt_cred_git(m, fs);
}

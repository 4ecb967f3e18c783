/*
 * Credentials (GO-FACTS.md, "Credentials"): which credential each request
 * used and where it came from, which sources were consulted and not used,
 * and why one did not match. Never a secret: files are read after the run
 * for names, logins and line numbers only, and every value shown passes
 * through the redactor first.
 *
 * go side: the .netrc file go opened and Go's own matching rule (an entry's
 * machine is compared with the request URL's host[:port]/path, cut at
 * slashes; only complete machine/login/password entries count, parsing
 * stops at "default", the first entry for a machine wins); GOAUTH;
 * passwords inside URLs. git side: the gitconfig files git opened, the
 * insteadOf rewrite git-remote-http shows in its arguments, credential
 * helpers run (and whether git then stored or erased what they gave),
 * the environment go set for git, ssh's files and agent.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../common/goproxy.h"
#include "../common/redact.h"

static int is_go(const struct gt_mproc *p)
{
	return p && p->nexecs && gt_exec_is_go(&p->execs[p->nexecs - 1]);
}

static int is_git(const struct gt_mproc *p)
{
	return p && p->name && (!strcmp(p->name, "git") || !strncmp(p->name, "git-", 4));
}

/* ---- .netrc, parsed as cmd/go/internal/auth does (names and lines only) ---- */

/*
 * The complete entries of the netrc file at PATH, in file order; -1 when it
 * cannot be read now. Passwords are noted, never kept.
 */
int gt_netrc_read(const char *path, struct gt_netrc_entry *e, int max)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	long no = 0;
	int n = 0, macro = 0, stop = 0;
	struct gt_netrc_entry cur;
	int have_pw = 0;

	if (!f)
		return -1;
	memset(&cur, 0, sizeof(cur));
	while (!stop && fgets(line, sizeof(line), f)) {
		char *tok[64], *save = NULL, *t;
		int nt = 0, i;
		no++;
		line[strcspn(line, "\r\n")] = 0;
		if (macro) {
			if (!line[0])
				macro = 0;
			continue;
		}
		for (t = strtok_r(line, " \t", &save); t && nt < 64; t = strtok_r(NULL, " \t", &save))
			tok[nt++] = t;
		for (i = 0; i + 1 < nt; i += 2) {
			if (!strcmp(tok[i], "machine")) {
				memset(&cur, 0, sizeof(cur));
				have_pw = 0;
				snprintf(cur.machine, sizeof(cur.machine), "%s", tok[i + 1]);
				cur.line = no;
			} else if (!strcmp(tok[i], "login")) {
				snprintf(cur.login, sizeof(cur.login), "%s", tok[i + 1]);
			} else if (!strcmp(tok[i], "password")) {
				have_pw = 1;
			} else if (!strcmp(tok[i], "macdef")) {
				macro = 1;
			}
			if (cur.machine[0] && cur.login[0] && have_pw) {
				if (n < max)
					e[n++] = cur;
				memset(&cur, 0, sizeof(cur));
				have_pw = 0;
			}
		}
		if (i < nt && !strcmp(tok[i], "default"))
			stop = 1;
	}
	fclose(f);
	return n;
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

/* The warning for a credential file others can read (its mode, read now). */
static void mode_check(const char *path, const struct gt_mopen *o, struct gt_findings *fs)
{
	struct stat st;
	struct gt_finding *f;
	size_t i;

	if (stat(path, &st) || !(st.st_mode & 077))
		return;
	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].id, "credential-file-mode") && strstr(fs->f[i].verdict, path))
			return;
	f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-file-mode",
			   "%s holds credentials and other users can read it (mode %04o)", path,
			   (unsigned)(st.st_mode & 07777));
	gt_finding_evidence(f, o->p ? o->p->pid : 0, o->t, o->line, NULL, 0, "%s opened %s",
			    o->p ? gt_pname(o->p) : "?", path);
	gt_finding_evidence(f, 0, 0, 0, NULL, 0, "mode %04o (stat when the report was made)",
			    (unsigned)(st.st_mode & 07777));
	gt_finding_fix(f, "chmod 600 %s", path);
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

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(b, words[i]))
			return 1;
	return 0;
}

static int find_refusal(const struct gt_model *m, const char *prefix, struct refusal *r)
{
	size_t i;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *s, *e, *end = p->err.p + p->err.len;
		if (!is_go(p) || !p->err.len)
			continue;
		for (s = p->err.p; s < end; s = e + 1) {
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
			gt_finding_evidence(f, r.who->pid, r.who->t_exit, r.who->err_line, NULL, 0, "%s", r.line);
			gt_finding_evidence(f, r.who->pid, r.who->t_exit, r.who->err_line, NULL, 0,
					    "server response: %s", r.body);
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
		if (is_go(c->p) && c->port == port && (!strcmp(c->addr, host) || !strcmp(c->host, host)))
			return c;
	}
	return NULL;
}

static void go_side(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_goconf *c = gt_goconf(m);
	struct gt_setting auth, gp;
	struct gt_proxy_list pl;
	const char *netrc, *home, *how;
	char path[1024];
	const struct gt_mopen *op = NULL;
	struct gt_netrc_entry ne[64];
	int nn = -2, i, old_go = 0;
	size_t k;
	char *src;

	if (!c->go || !c->env)
		return;
	/* before Go 1.24 there is no GOAUTH, and .netrc is matched by host name alone */
	if (c->goroot) {
		char *v = gt_goroot_version(c->goroot);
		int minor = 0;
		if (v && sscanf(v, "go1.%d", &minor) == 1 && minor < 24)
			old_go = minor;
		free(v);
	}
	gt_goconf_setting(c, "GOAUTH", &auth);
	if (old_go)
		auth.value = NULL;
	netrc = gt_env_get(c->env, "NETRC");
	home = gt_env_get(c->env, "HOME");
	if (netrc && netrc[0]) {
		snprintf(path, sizeof(path), "%s", netrc);
		how = "NETRC";
	} else if (home) {
		snprintf(path, sizeof(path), "%s/.netrc", home);
		how = "$HOME/.netrc";
	} else {
		return;
	}
	for (k = 0; k < m->nopens && !op; k++)
		if (is_go(m->opens[k].p) && !strcmp(m->opens[k].path, path))
			op = &m->opens[k];
	if (op && op->ok) {
		nn = gt_netrc_read(path, ne, 64);
		mode_check(path, op, fs);
	}
	gt_goconf_setting(c, "GOPROXY", &gp);
	gt_proxy_parse(gp.value ? gp.value : "https://proxy.golang.org,direct", &pl);
	src = gt_source_text(c, auth.src, auth.line);
	for (i = 0; i < pl.n; i++) {
		const struct gt_proxy_entry *e = &pl.e[i];
		const struct gt_mconn *cn;
		const struct gt_mproc *who = NULL;
		char prefix[600], line401[1024];
		const char *refused;
		struct gt_finding *f;
		int j, hit = -1;
		if (e->kind != 'h' || strncmp(e->url, "https://", 8) || !(cn = go_conn(m, e->host, e->port)))
			continue;
		/* the URL as Go's credential cache keys it: no scheme, no trailing slash */
		snprintf(prefix, sizeof(prefix), "%s", e->url + 8);
		while (strlen(prefix) && prefix[strlen(prefix) - 1] == '/')
			prefix[strlen(prefix) - 1] = 0;
		if (strchr(prefix, '@'))
			continue; /* userinfo in the URL: credential-in-url says so */
		refused = refused_line(m, fs, prefix, line401, sizeof(line401), &who);
		if (auth.value && strcmp(auth.value, "off") && !word_in(auth.value, "netrc"))
			continue; /* credentials come from the GOAUTH commands alone */
		if (auth.value && !strcmp(auth.value, "off")) {
			if (refused) {
				f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE, "credential-goauth-off",
						   "https://%s refused go, and GOAUTH=off (%s): go sent no credential",
						   prefix, src);
				gt_finding_evidence(f, who->pid, who->t_exit, who->err_line, NULL, 0, "%s", line401);
				gt_finding_fix(f, "unset GOAUTH (the default is netrc), or go env -u GOAUTH");
			}
			continue;
		}
		/* the first entry for a machine wins (Go 1.24+ stores them last to first) */
		for (j = 0; nn > 0 && j < nn && hit < 0; j++)
			if (old_go ? !strcmp(ne[j].machine, e->host) : gt_netrc_matches(ne[j].machine, prefix))
				hit = j;
		if (hit >= 0) {
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, refused ? GT_SEV_WARNING : GT_SEV_INFO,
					   "credential-netrc",
					   "credential for https://%s: %s line %ld, machine %s, login %s%s", prefix,
					   path, ne[hit].line, ne[hit].machine, ne[hit].login,
					   refused ? " — and the server still refused it" : "");
			f->t = cn->t;
			gt_finding_evidence(f, op->p->pid, op->t, op->line, path, ne[hit].line,
					    "go read %s (%s); this entry matches %s", path, how, prefix);
			gt_finding_evidence(f, cn->p->pid, cn->t, cn->line, NULL, 0, "connect to %s:%d (GOPROXY entry %d)",
					    cn->addr, cn->port, i + 1);
			if (old_go)
				gt_finding_evidence(f, 0, 0, 0, NULL, 0, "go1.%d: .netrc entries are matched by host "
						    "name, without the port (GOAUTH came with Go 1.24)", old_go);
			else
				gt_finding_evidence(f, 0, 0, 0, NULL, 0, "GOAUTH=%s (%s)", auth.value ? auth.value : "netrc", src);
			if (refused)
				gt_finding_evidence(f, who->pid, who->t_exit, who->err_line, NULL, 0, "%s", line401);
			continue;
		}
		if (!refused)
			continue; /* no credential was needed: nothing to say */
		f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE,
				   "credential-netrc-nomatch", "no credential for https://%s: %s", prefix,
				   !op ? "go never read a netrc file" :
				   !op->ok ? "the netrc file go looked for is not there" :
				   nn < 0 ? "the netrc file cannot be read now" :
				   nn == 0 ? "the netrc file has no complete machine/login/password entry" :
				   "no entry of the netrc file matches the request's host");
		f->t = cn->t;
		if (op)
			gt_finding_evidence(f, op->p->pid, op->t, op->line, NULL, 0, "go opened %s (%s): %s", path,
					    how, op->ok ? "read" : op->err);
		for (j = 0; nn > 0 && j < nn && j < 8; j++) {
			const char *colon = strrchr(prefix, ':');
			int host_only = colon && (size_t)(colon - prefix) == strlen(ne[j].machine) &&
					!strncmp(prefix, ne[j].machine, strlen(ne[j].machine));
			int with_port = old_go && !strncmp(ne[j].machine, e->host, strlen(e->host)) &&
					ne[j].machine[strlen(e->host)] == ':';
			gt_finding_evidence(f, 0, 0, 0, path, ne[j].line,
					    "machine %s (login %s) does not match %s%s", ne[j].machine, ne[j].login,
					    old_go ? e->host : prefix,
					    !old_go && host_only ? ": go compares host:port when the URL has a port" :
					    with_port ? ": this go (before 1.24) compares the host name alone" : "");
		}
		gt_finding_evidence(f, cn->p->pid, cn->t, cn->line, NULL, 0, "connect to %s:%d (GOPROXY entry %d)",
				    cn->addr, cn->port, i + 1);
		if (refused)
			gt_finding_evidence(f, who->pid, who->t_exit, who->err_line, NULL, 0, "%s", line401);
		if (old_go)
			gt_finding_fix(f, "add \"machine %s login USER password SECRET\" to %s (mode 600)", e->host,
				       path);
		else
			gt_finding_fix(f, "add \"machine %.*s login USER password SECRET\" to %s (mode 600)",
				       (int)strcspn(prefix, "/"), prefix, path);
	}
	free(src);
	/* GOAUTH commands go ran */
	if (auth.value && strcmp(auth.value, "netrc") && strcmp(auth.value, "off")) {
		for (k = 0; k < m->nproc; k++) {
			const struct gt_mproc *p = m->procs[k];
			struct gt_finding *f;
			const char *a0, *a1;
			int git_fill, mine = 0;
			if (!p->parent || !is_go(p->parent) || !p->nexecs || is_go(p))
				continue;
			a0 = json_string_value(json_array_get(p->argv, 0));
			a1 = json_string_value(json_array_get(p->argv, 1));
			/* GOAUTH=git DIR runs "git credential fill"; a command runs its first word */
			git_fill = p->name && !strcmp(p->name, "git") && a1 && !strcmp(a1, "credential");
			if (a0 && !git_fill) {
				const char *cmd = auth.value;
				while (*cmd && !mine) {
					size_t w;
					cmd += strspn(cmd, "; \t");
					w = strcspn(cmd, " \t;");
					mine = w && strlen(a0) == w && !strncmp(cmd, a0, w);
					cmd += strcspn(cmd, ";");
				}
			}
			if (!git_fill && !mine)
				continue;
			src = gt_source_text(c, auth.src, auth.line);
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-goauth",
					   "GOAUTH (%s) ran %s (pid %ld): exit %d", src, p->path, p->pid, p->code);
			free(src);
			gt_finding_evidence(f, p->pid, p->t_start, p->execs[0].line, NULL, 0, "exec %s", p->path);
		}
	}
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
			gt_finding_evidence(f, c->go->pid, c->x->t, c->x->line, NULL, 0,
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
			gt_finding_evidence(f, files[k]->open_pid, files[k]->open_t, files[k]->open_line,
					    files[k]->path, l->line, "go read this go env file");
			gt_finding_fix(f, "keep the password out of the URL: a .netrc entry (mode 600) or GOAUTH");
		}
	/* over plain http go refuses to send it at all */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		const char *s;
		struct gt_finding *f;
		if (!is_go(p) || !p->err.len ||
		    !(s = memmem(p->err.p, p->err.len, "refusing to pass credentials to insecure URL", 44)))
			continue;
		for (k = 0; k < fs->n; k++)
			if (!strcmp(fs->f[k].id, "credential-in-url") && strstr(fs->f[k].verdict, "http://")) {
				f = &fs->f[k];
				f->severity = gt_mproc_failed(p) ? GT_SEV_CAUSE : GT_SEV_WARNING;
				gt_finding_evidence(f, p->pid, p->t_exit, p->err_line, NULL, 0,
						    "go: refusing to pass credentials to insecure URL (it never "
						    "sends a URL's credentials over http)");
				gt_finding_fix(f, "use https for that proxy, or move the credential to .netrc "
						  "(which go sends over https only)");
			}
	}
}

/* ---- git: configuration files, insteadOf, helpers, environment, ssh ---- */

struct gcfg {
	char file[512];
	long line;
	char section[32], sub[512], key[64], value[1024]; /* section lower case; value and sub redacted */
	int secret;
};

static size_t gcfg_read(const char *path, struct gcfg *out, size_t n, size_t max, struct gt_buf *b)
{
	FILE *f = fopen(path, "r");
	char line[4096], sec[32] = "", sub[512] = "";
	long no = 0;

	if (!f)
		return n;
	while (fgets(line, sizeof(line), f) && n < max) {
		char *s = line, *eq, *e;
		no++;
		s[strcspn(s, "\r\n")] = 0;
		s += strspn(s, " \t");
		if (*s == '#' || *s == ';' || !*s)
			continue;
		if (*s == '[') {
			char *q = strchr(s, '"'), *end = strrchr(s, ']');
			if (!end)
				continue;
			*end = 0;
			sub[0] = 0;
			if (q) {
				char *q2 = strrchr(q + 1, '"');
				snprintf(sec, sizeof(sec), "%.*s", (int)strcspn(s + 1, " \t\""), s + 1);
				if (q2)
					snprintf(sub, sizeof(sub), "%.*s", (int)(q2 - q - 1), q + 1);
			} else {
				snprintf(sec, sizeof(sec), "%s", s + 1);
			}
			for (e = sec; *e; e++)
				*e = (char)(*e >= 'A' && *e <= 'Z' ? *e + 32 : *e);
			/* the header itself, when its subsection holds a secret ([url "https://u:tok@h/"]) */
			b->len = 0;
			if (gt_redact_text(b, sub, strlen(sub))) {
				memset(&out[n], 0, sizeof(out[n]));
				snprintf(out[n].file, sizeof(out[n].file), "%s", path);
				out[n].line = no;
				snprintf(out[n].section, sizeof(out[n].section), "%s", sec);
				snprintf(out[n].sub, sizeof(out[n].sub), "%s", gt_buf_cstr(b));
				out[n].secret = 1;
				n++;
			}
			continue;
		}
		eq = strchr(s, '=');
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].file, sizeof(out[n].file), "%s", path);
		out[n].line = no;
		snprintf(out[n].section, sizeof(out[n].section), "%s", sec);
		b->len = 0;
		gt_redact_text(b, sub, strlen(sub));
		snprintf(out[n].sub, sizeof(out[n].sub), "%s", gt_buf_cstr(b));
		/* the key as written; compared without case */
		snprintf(out[n].key, sizeof(out[n].key), "%.*s", (int)strcspn(s, " \t="), s);
		if (eq) {
			char *v = eq + 1;
			v += strspn(v, " \t");
			if (*v == '"' && strlen(v) > 1 && v[strlen(v) - 1] == '"') {
				v[strlen(v) - 1] = 0;
				v++;
			}
			b->len = 0;
			out[n].secret += gt_redact_text(b, v, strlen(v));
			snprintf(out[n].value, sizeof(out[n].value), "%s", gt_buf_cstr(b));
		}
		n++;
	}
	fclose(f);
	return n;
}

/* Whether PATH is a git configuration file by its name. */
static int gitconfig_name(const char *path)
{
	const char *b = gt_base_name(path);
	size_t n = strlen(path);

	return !strcmp(b, ".gitconfig") || !strcmp(b, "gitconfig") ||
	       (n > 11 && !strcmp(path + n - 11, "/git/config")) ||
	       (n > 12 && !strcmp(path + n - 12, "/.git/config")) ||
	       (!strcmp(b, "config") && strstr(path, "/cache/vcs/"));
}

/* The git process nearest above P (P itself included), or NULL. */
static const struct gt_mproc *git_of(const struct gt_mproc *p)
{
	for (; p; p = p->parent)
		if (is_git(p))
			return p;
	return NULL;
}

/* The last argument of git-remote-http: the URL it talks to (redacted in the trace). */
static const char *remote_url(const struct gt_mproc *p)
{
	size_t n = json_array_size(p->argv);
	const char *u = n >= 2 ? json_string_value(json_array_get(p->argv, n - 1)) : NULL;

	return u && strstr(u, "://") ? u : NULL;
}

static void git_side(const struct gt_model *m, struct gt_findings *fs)
{
	static struct gcfg cfg[512];
	char files[4096] = "";
	size_t ncfg = 0, i, k;
	struct gt_buf b;
	struct gt_finding *f;
	const struct gt_mproc *first_git = NULL;

	gt_buf_init(&b);
	/* the configuration files git read */
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		if (!o->ok || !is_git(o->p) || !gitconfig_name(o->path))
			continue;
		if (!first_git)
			first_git = o->p;
		if (strstr(files, o->path))
			continue;
		if (strlen(files) + strlen(o->path) + 3 < sizeof(files))
			snprintf(files + strlen(files), sizeof(files) - strlen(files), "%s%s",
				 files[0] ? ", " : "", o->path);
		ncfg = gcfg_read(o->path, cfg, ncfg, sizeof(cfg) / sizeof(cfg[0]), &b);
	}
	if (files[0]) {
		const struct gt_mopen *o = NULL;
		for (k = 0; k < m->nopens && !o; k++)
			if (m->opens[k].ok && is_git(m->opens[k].p) && gitconfig_name(m->opens[k].path))
				o = &m->opens[k];
		f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-git-config",
				   "git read its configuration from: %s", files);
		gt_finding_evidence(f, o->p->pid, o->t, o->line, NULL, 0, "%s (pid %ld) opened %s",
				    gt_pname(o->p), o->p->pid, o->path);
	}
	/* tokens written into URLs in those files */
	for (i = 0; i < ncfg; i++) {
		if (!cfg[i].secret)
			continue;
		if (cfg[i].key[0])
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-plaintext-token",
					   "a credential is stored in plain text in %s line %ld: %s%s%s.%s = %s",
					   cfg[i].file, cfg[i].line, cfg[i].section, cfg[i].sub[0] ? "." : "",
					   cfg[i].sub, cfg[i].key, cfg[i].value);
		else
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-plaintext-token",
					   "a credential is stored in plain text in %s line %ld: [%s \"%s\"]",
					   cfg[i].file, cfg[i].line, cfg[i].section, cfg[i].sub);
		gt_finding_evidence(f, 0, 0, 0, cfg[i].file, cfg[i].line, "read when the report was made; "
				    "the secret is not shown");
		gt_finding_fix(f, "take the token out of the URL and give it to git through a credential "
				  "helper (git config --global credential.helper store, or your platform's)");
	}
	/* insteadOf: git-remote-http shows the URL it was given and the one it uses */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		size_t n = json_array_size(p->argv);
		const char *to = remote_url(p), *from;
		const struct gcfg *rule = NULL;
		char key[1200];
		if (!p->name || strncmp(p->name, "git-remote-", 11) || !to || n < 3)
			continue;
		from = json_string_value(json_array_get(p->argv, n - 2));
		if (!from || !strstr(from, "://") || !strcmp(from, to))
			continue;
		for (k = 0; k < ncfg; k++)
			if (!strcmp(cfg[k].section, "url") && !strcasecmp(cfg[k].key, "insteadof") &&
			    !strncmp(from, cfg[k].value, strlen(cfg[k].value)) &&
			    (!rule || strlen(cfg[k].value) > strlen(rule->value)))
				rule = &cfg[k];
		snprintf(key, sizeof(key), "git rewrote %s to %s", from, to);
		for (k = 0; k < fs->n; k++)
			if (!strcmp(fs->f[k].id, "credential-insteadof") && !strncmp(fs->f[k].verdict, key, strlen(key)))
				break;
		if (k < fs->n)
			continue;
		if (rule)
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-insteadof",
					   "%s: url.\"%s\".insteadOf = %s (%s line %ld)", key, rule->sub, rule->value,
					   rule->file, rule->line);
		else
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-insteadof",
					   "%s (no insteadOf rule found in the files git read)", key);
		f->t = p->t_start;
		gt_finding_evidence(f, p->pid, p->t_start, p->execs[p->nexecs - 1].line, rule ? rule->file : NULL,
				    rule ? rule->line : 0, "%s got %s and uses %s", p->name, from, to);
	}
	/* credential helpers: git runs each with get, then store (accepted) or erase (refused) */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i], *g, *q;
		size_t n = json_array_size(p->argv), j;
		const char *act = n >= 2 ? json_string_value(json_array_get(p->argv, n - 1)) : NULL;
		char helper[1024] = "", key[1200], url[1024] = "";
		unsigned gets = 0, stores = 0, erases = 0;
		const struct gcfg *conf = NULL;
		if (!act || strcmp(act, "get") || !p->nexecs || !(g = git_of(p->parent)))
			continue;
		/* the helper itself: a shell's child runs it; "git credential-X" is one */
		if (p->name && (!strcmp(p->name, "sh") || !strcmp(p->name, "dash") || !strcmp(p->name, "bash")) &&
		    p->nchild)
			continue;
		for (j = 0; j + 1 < n && strlen(helper) < sizeof(helper) - 300; j++)
			snprintf(helper + strlen(helper), sizeof(helper) - strlen(helper), "%s%s", j ? " " : "",
				 json_string_value(json_array_get(p->argv, j)));
		snprintf(key, sizeof(key), "credential helper %s", helper);
		for (k = 0; k < fs->n; k++)
			if (!strcmp(fs->f[k].id, "credential-helper") && strstr(fs->f[k].verdict, key))
				break;
		if (k < fs->n)
			continue;
		/* every run of the same helper: how git used what it gave */
		for (j = 0; j < m->nproc; j++) {
			const struct gt_mproc *r = m->procs[j];
			size_t rn = json_array_size(r->argv), x;
			char h2[1024] = "";
			const char *ra = rn >= 2 ? json_string_value(json_array_get(r->argv, rn - 1)) : NULL;
			if (!ra || !r->nexecs)
				continue;
			for (x = 0; x + 1 < rn && strlen(h2) < sizeof(h2) - 300; x++)
				snprintf(h2 + strlen(h2), sizeof(h2) - strlen(h2), "%s%s", x ? " " : "",
					 json_string_value(json_array_get(r->argv, x)));
			if (strcmp(h2, helper))
				continue;
			gets += !strcmp(ra, "get");
			stores += !strcmp(ra, "store");
			erases += !strcmp(ra, "erase");
		}
		for (q = p->parent; q && !url[0]; q = q->parent)
			if (remote_url(q) && q->name && !strncmp(q->name, "git-remote-", 11))
				snprintf(url, sizeof(url), "%s", remote_url(q));
		for (k = 0; k < ncfg; k++)
			if (!strcmp(cfg[k].section, "credential") && !strcasecmp(cfg[k].key, "helper") &&
			    (strstr(helper, cfg[k].value) ||
			     (!strncmp(helper, "git credential-", 15) && !strncmp(helper + 15, cfg[k].value, strlen(cfg[k].value)))))
				conf = &cfg[k];
		if (stores && !erases)
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-helper",
					   "%s: the source of git's credential%s%s; asked %u time%s, and git stored it "
					   "back (the server accepted it)", key, url[0] ? " for " : "", url, gets,
					   gets == 1 ? "" : "s");
		else if (erases)
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-helper",
					   "%s gave git a credential%s%s that the server refused (git erased it); "
					   "asked %u time%s", key, url[0] ? " for " : "", url, gets, gets == 1 ? "" : "s");
		else
			f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-helper",
					   "%s was asked%s%s %u time%s and gave git no credential it used (git neither "
					   "stored nor erased one)", key, url[0] ? " for " : "", url, gets,
					   gets == 1 ? "" : "s");
		f->t = p->t_start;
		if (conf)
			gt_finding_evidence(f, 0, 0, 0, conf->file, conf->line, "credential.helper = %s", conf->value);
		gt_finding_evidence(f, p->pid, p->t_start, p->execs[p->nexecs - 1].line, NULL, 0,
				    "%s (pid %ld, run by %s pid %ld) exited %d", helper, p->pid, gt_pname(g), g->pid,
				    p->code);
		/* git credential-cache asks its daemon over a unix socket */
		for (k = 0; k < m->nconns; k++)
			if (m->conns[k].p == p && !strcmp(m->conns[k].family, "unix")) {
				gt_finding_evidence(f, p->pid, m->conns[k].t, m->conns[k].line, NULL, 0,
						    "it connected to %s (%s)", m->conns[k].addr,
						    m->conns[k].done && !m->conns[k].ok ? m->conns[k].err : "connected");
				break;
			}
		for (k = 0; k < m->nopens; k++)
			if (m->opens[k].p == p && m->opens[k].ok && !strcmp(gt_base_name(m->opens[k].path), ".git-credentials")) {
				gt_finding_evidence(f, p->pid, m->opens[k].t, m->opens[k].line, NULL, 0,
						    "it read %s", m->opens[k].path);
				mode_check(m->opens[k].path, &m->opens[k], fs);
				break;
			}
	}
	/* the environment go gave git, and git's own ways to ask */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		static const char *const names[] = {"GIT_TERMINAL_PROMPT", "GCM_INTERACTIVE", "GIT_SSH_COMMAND",
						    "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "SSH_AUTH_SOCK"};
		const struct gt_mexec *x;
		char list[1024] = "";
		if (!is_git(p) || !is_go(p->parent) || !p->nexecs)
			continue;
		x = &p->execs[0];
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			const char *v = gt_env_get(x->env, names[k]);
			if (v && strlen(list) + strlen(v) + 40 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s=%s",
					 list[0] ? ", " : "", names[k], v);
		}
		f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-git-env",
				   "go ran git with %s", list[0] ? list : "none of the credential variables set");
		gt_finding_evidence(f, p->pid, x->t, x->line, NULL, 0, "exec %s (environment as recorded)", x->path);
		/* git needed a credential and had no way to get one */
		for (k = 0; k < m->nproc; k++) {
			const struct gt_mproc *q = m->procs[k];
			const char *s;
			/* git's own words, from a git that then failed */
			if (!is_git(q) || !q->err.len || !gt_mproc_failed(q) ||
			    !(s = memmem(q->err.p, q->err.len, "could not read Username", 23)))
				continue;
			{
				const char *pr = gt_env_get(q->nexecs ? q->execs[0].env : NULL, "GIT_TERMINAL_PROMPT");
				struct gt_finding *g2;
				size_t h;
				int helpers = 0;
				for (h = 0; h < fs->n; h++)
					helpers += !strcmp(fs->f[h].id, "credential-helper");
				g2 = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE, "credential-git-none",
						    "git needed a credential%s%s and had none: %s, %s, and prompting is %s",
						    remote_url(q) ? " for " : "", remote_url(q) ? remote_url(q) : "",
						    helpers ? "the credential helper gave nothing usable" : "no credential helper ran",
						    gt_env_get(q->execs[0].env, "GIT_ASKPASS") ? "GIT_ASKPASS is set" : "GIT_ASKPASS is unset",
						    pr && !strcmp(pr, "0") ? "off (GIT_TERMINAL_PROMPT=0, which go sets)" : "not possible here");
				gt_finding_evidence(g2, q->pid, q->t_exit, q->err_line, NULL, 0, "%s: could not read Username",
						    gt_pname(q));
				gt_finding_fix(g2, "give git a credential for that host: a credential helper "
						   "(git config --global credential.helper store, then one git "
						   "ls-remote by hand), or a .netrc entry");
			}
			break;
		}
		break;
	}
	/* ssh: which binary, which files, the agent */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char cfgs[1024] = "", keys[1024] = "", kh[512] = "", agent[300] = "";
		const char *sock;
		if (!p->name || strcmp(p->name, "ssh") || !p->nexecs)
			continue;
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *bn = gt_base_name(o->path);
			char *dst = !strncmp(bn, "known_hosts", 11) ? kh :
				    (!strncmp(bn, "id_", 3) && !strstr(bn, ".pub")) ? keys :
				    (!strcmp(bn, "config") || !strcmp(bn, "ssh_config")) ? cfgs : NULL;
			size_t cap = dst == kh ? sizeof(kh) : sizeof(keys);
			if (o->p != p || !dst || strstr(dst, o->path) || strlen(dst) + strlen(o->path) + 16 > cap)
				continue;
			snprintf(dst + strlen(dst), cap - strlen(dst), "%s%s%s", dst[0] ? ", " : "", o->path,
				 o->ok ? "" : " (absent)");
		}
		sock = gt_env_get(p->execs[p->nexecs - 1].env, "SSH_AUTH_SOCK");
		for (k = 0; sock && k < m->nconns; k++)
			if (m->conns[k].p == p && !strcmp(m->conns[k].family, "unix") &&
			    !strcmp(m->conns[k].addr, sock))
				snprintf(agent, sizeof(agent), "connected to the agent at %s", sock);
		f = gt_finding_add(fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-ssh",
				   "ssh (pid %ld, %s): config %s; keys %s; known_hosts %s; %s", p->pid,
				   p->execs[p->nexecs - 1].path, cfgs[0] ? cfgs : "none read",
				   keys[0] ? keys : "none opened", kh[0] ? kh : "none read",
				   agent[0] ? agent : sock ? "SSH_AUTH_SOCK set, agent not contacted" : "no agent (SSH_AUTH_SOCK unset)");
		f->t = p->t_start;
		gt_finding_evidence(f, p->pid, p->t_start, p->execs[p->nexecs - 1].line, NULL, 0, "exec %s",
				    p->execs[p->nexecs - 1].path);
	}
	gt_buf_free(&b);
}

void gt_an_credential(const struct gt_model *m, struct gt_findings *fs)
{
	go_side(m, fs);
	in_urls(m, fs);
	git_side(m, fs);
}

/*
 * Credentials, git's side (credential.c has go's): the gitconfig files git
 * opened, tokens written into URLs there, the insteadOf rewrite
 * git-remote-http shows in its arguments, credential helpers run and
 * whether git then stored or erased what they gave, the environment go set
 * for git, and ssh's files and agent. Files are read after the run for
 * names and line numbers; every value shown passes through the redactor.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/files.h"
#include "../common/redact.h"
#include "../common/util.h"

struct gcfg {
	char file[512];
	long line;
	char section[32], sub[512], key[64], value[1024]; /* section lower case; value and sub redacted */
	int secret;
};

static size_t gcfg_read(const char *path, struct gcfg *out, size_t n, size_t max, struct gt_buf *b)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
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
	return gt_file_kind(path, strlen(path)) == GT_FK_GITCONFIG;
}

/* The git process nearest above P (P itself included), or NULL. */
static const struct gt_mproc *git_of(const struct gt_mproc *p)
{
	for (; p; p = p->parent)
		if (gt_cred_is_git(p))
			return p;
	return NULL;
}

/* How many arguments P's last program was given (0 when it ran none). */
static size_t nargs(const struct gt_mproc *p)
{
	return p->argv ? p->argv->n : 0;
}

/* Argument J of P's last program: NULL past the end, and when the trace's was not a string. */
static const char *arg(const struct gt_mproc *p, size_t j)
{
	return j < nargs(p) ? p->argv->v[j] : NULL;
}

/* The last argument of git-remote-http: the URL it talks to (redacted in the trace). */
static const char *remote_url(const struct gt_mproc *p)
{
	size_t n = nargs(p);
	const char *u = n >= 2 ? arg(p, n - 1) : NULL;

	return u && strstr(u, "://") ? u : NULL;
}

#define GCFG_MAX 512

/* What the git-side rules share: the configuration lines of the files git read. */
struct gitside {
	const struct gt_model *m;
	struct gt_findings *fs;
	struct gcfg *cfg; /* GCFG_MAX */
	size_t ncfg;
	struct gt_buf b;
};

/* Whether FS already has a finding ID whose verdict holds KEY (at its start when PREFIX). */
static int said(const struct gt_findings *fs, const char *id, const char *key, int prefix)
{
	size_t k;

	for (k = 0; k < fs->n; k++)
		if (!strcmp(fs->f[k].id, id) &&
		    (prefix ? !strncmp(fs->f[k].verdict, key, strlen(key)) : !!strstr(fs->f[k].verdict, key)))
			return 1;
	return 0;
}

/* the configuration files git read (and their lines, for the rules after this one) */
static void git_config_files(struct gitside *x)
{
	const struct gt_mopen *first = NULL;
	char files[4096] = "";
	struct gt_finding *f;
	size_t k;

	for (k = 0; k < x->m->nopens; k++) {
		const struct gt_mopen *o = &x->m->opens[k];
		if (!o->ok || !gt_cred_is_git(o->p) || !gitconfig_name(o->path))
			continue;
		if (!first)
			first = o;
		if (strstr(files, o->path))
			continue;
		if (strlen(files) + strlen(o->path) + 3 < sizeof(files))
			snprintf(files + strlen(files), sizeof(files) - strlen(files), "%s%s",
				 files[0] ? ", " : "", o->path);
		x->ncfg = gcfg_read(o->path, x->cfg, x->ncfg, GCFG_MAX, &x->b);
	}
	if (!first)
		return;
	f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-git-config",
			   "git read its configuration from: %s", files);
	gt_finding_evidence(f, GT_AT(first->p->pid, first->t, first->line), "%s (pid %ld) opened %s",
			    gt_pname(first->p), first->p->pid, first->path);
}

/* tokens written into URLs in those files */
static void git_plaintext_tokens(struct gitside *x)
{
	struct gt_finding *f;
	size_t i;

	for (i = 0; i < x->ncfg; i++) {
		const struct gcfg *g = &x->cfg[i];
		if (!g->secret)
			continue;
		if (g->key[0])
			f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING,
					   "credential-plaintext-token",
					   "a credential is stored in plain text in %s line %ld: %s%s%s.%s = %s",
					   g->file, g->line, g->section, g->sub[0] ? "." : "", g->sub, g->key,
					   g->value);
		else
			f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING,
					   "credential-plaintext-token",
					   "a credential is stored in plain text in %s line %ld: [%s \"%s\"]",
					   g->file, g->line, g->section, g->sub);
		gt_finding_evidence(f, GT_AT_FILE(0, 0, 0, g->file, g->line),
				    "read when the report was made; " "the secret is not shown");
		gt_finding_fix(f, "take the token out of the URL and give it to git through a credential "
				  "helper (git config --global credential.helper store, or your platform's)");
	}
}

/* insteadOf: git-remote-http shows the URL it was given and the one it uses */
static void git_insteadof(struct gitside *x)
{
	size_t i, k;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i];
		size_t n = nargs(p);
		const char *to = remote_url(p), *from;
		const struct gcfg *rule = NULL;
		struct gt_finding *f;
		char key[1200];
		if (!p->name || strncmp(p->name, "git-remote-", 11) || !to || n < 3)
			continue;
		from = arg(p, n - 2);
		if (!from || !strstr(from, "://") || !strcmp(from, to))
			continue;
		for (k = 0; k < x->ncfg; k++) {
			const struct gcfg *g = &x->cfg[k];
			if (!strcmp(g->section, "url") && !strcasecmp(g->key, "insteadof") &&
			    !strncmp(from, g->value, strlen(g->value)) &&
			    (!rule || strlen(g->value) > strlen(rule->value)))
				rule = g;
		}
		snprintf(key, sizeof(key), "git rewrote %s to %s", from, to);
		if (said(x->fs, "credential-insteadof", key, 1))
			continue;
		if (rule)
			f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-insteadof",
					   "%s: url.\"%s\".insteadOf = %s (%s line %ld)", key, rule->sub,
					   rule->value, rule->file, rule->line);
		else
			f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-insteadof",
					   "%s (no insteadOf rule found in the files git read)", key);
		f->t = p->t_start;
		gt_finding_evidence(f,
				    GT_AT_FILE(p->pid, p->t_start, p->execs[p->nexecs - 1].line, rule ? rule->file : NULL, rule ? rule->line : 0),
				    "%s got %s and uses %s", p->name, from, to);
	}
}

/* A helper's command line: argv without its last word (get, store or erase), into OUT. */
static const char *helper_command(const struct gt_mproc *p, char *out, size_t size)
{
	size_t n = nargs(p), j;

	out[0] = 0;
	for (j = 0; j + 1 < n && strlen(out) < size - 300; j++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", j ? " " : "", arg(p, j));
	return out;
}

/* every run of the same helper: how git used what it gave */
static void helper_counts(const struct gitside *x, const char *helper, unsigned *gets,
			  unsigned *stores, unsigned *erases)
{
	size_t j;

	*gets = *stores = *erases = 0;
	for (j = 0; j < x->m->nproc; j++) {
		const struct gt_mproc *r = x->m->procs[j];
		size_t rn = nargs(r);
		const char *ra = rn >= 2 ? arg(r, rn - 1) : NULL;
		char h2[1024];
		if (!ra || !r->nexecs || strcmp(helper_command(r, h2, sizeof(h2)), helper))
			continue;
		*gets += !strcmp(ra, "get");
		*stores += !strcmp(ra, "store");
		*erases += !strcmp(ra, "erase");
	}
}

/* what the helper run P touched: the cache daemon's socket, .git-credentials */
static void helper_evidence(struct gitside *x, struct gt_finding *f, const struct gt_mproc *p)
{
	const struct gt_model *m = x->m;
	size_t k;

	/* git credential-cache asks its daemon over a unix socket */
	for (k = 0; k < m->nconns; k++)
		if (m->conns[k].p == p && !strcmp(m->conns[k].family, "unix")) {
			gt_finding_evidence(f, GT_AT(p->pid, m->conns[k].t, m->conns[k].line),
					    "it connected to %s (%s)", m->conns[k].addr,
					    m->conns[k].done && !m->conns[k].ok ? m->conns[k].err : "connected");
			break;
		}
	for (k = 0; k < m->nopens; k++)
		if (m->opens[k].p == p && m->opens[k].ok &&
		    !strcmp(gt_base_name(m->opens[k].path), ".git-credentials")) {
			gt_finding_evidence(f, GT_AT(p->pid, m->opens[k].t, m->opens[k].line), "it read %s",
					    m->opens[k].path);
			gt_cred_mode_check(m, m->opens[k].path, &m->opens[k], x->fs);
			break;
		}
}

/* One credential helper run with "get" (P, under git G): what git did with its answer. */
static void helper_finding(struct gitside *x, const struct gt_mproc *p, const struct gt_mproc *g)
{
	char helper[1024], key[1200], url[1024] = "";
	unsigned gets, stores, erases;
	const struct gcfg *conf = NULL;
	const struct gt_mproc *q;
	struct gt_finding *f;
	size_t k;

	helper_command(p, helper, sizeof(helper));
	snprintf(key, sizeof(key), "credential helper %s", helper);
	if (said(x->fs, "credential-helper", key, 0))
		return;
	helper_counts(x, helper, &gets, &stores, &erases);
	for (q = p->parent; q && !url[0]; q = q->parent)
		if (remote_url(q) && q->name && !strncmp(q->name, "git-remote-", 11))
			snprintf(url, sizeof(url), "%s", remote_url(q));
	for (k = 0; k < x->ncfg; k++) {
		const struct gcfg *c = &x->cfg[k];
		if (!strcmp(c->section, "credential") && !strcasecmp(c->key, "helper") &&
		    (strstr(helper, c->value) ||
		     (!strncmp(helper, "git credential-", 15) && !strncmp(helper + 15, c->value, strlen(c->value)))))
			conf = c;
	}
	if (stores && !erases)
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-helper",
				   "%s: the source of git's credential%s%s; asked %u time%s, and git stored it "
				   "back (the server accepted it)", key, url[0] ? " for " : "", url, gets,
				   gets == 1 ? "" : "s");
	else if (erases)
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_WARNING, "credential-helper",
				   "%s gave git a credential%s%s that the server refused (git erased it); "
				   "asked %u time%s", key, url[0] ? " for " : "", url, gets, gets == 1 ? "" : "s");
	else
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-helper",
				   "%s was asked%s%s %u time%s and gave git no credential it used (git neither "
				   "stored nor erased one)", key, url[0] ? " for " : "", url, gets,
				   gets == 1 ? "" : "s");
	f->t = p->t_start;
	if (conf)
		gt_finding_evidence(f, GT_AT_FILE(0, 0, 0, conf->file, conf->line), "credential.helper = %s", conf->value);
	gt_finding_evidence(f, GT_AT(p->pid, p->t_start, p->execs[p->nexecs - 1].line),
			    "%s (pid %ld, run by %s pid %ld) exited %d", helper, p->pid, gt_pname(g), g->pid, p->code);
	helper_evidence(x, f, p);
}

/* credential helpers: git runs each with get, then store (accepted) or erase (refused) */
static void git_helpers(struct gitside *x)
{
	size_t i;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i], *g;
		size_t n = nargs(p);
		const char *act = n >= 2 ? arg(p, n - 1) : NULL;
		if (!act || strcmp(act, "get") || !p->nexecs || !(g = git_of(p->parent)))
			continue;
		/* the helper itself: a shell's child runs it; "git credential-X" is one */
		if (p->name && (!strcmp(p->name, "sh") || !strcmp(p->name, "dash") || !strcmp(p->name, "bash")) &&
		    p->nchild)
			continue;
		helper_finding(x, p, g);
	}
}

/* git needed a credential and had no way to get one: git's own words, from a git that then failed */
static void git_had_none(struct gitside *x)
{
	const struct gt_model *m = x->m;
	size_t k, h;

	for (k = 0; k < m->nproc; k++) {
		const struct gt_mproc *q = m->procs[k];
		const char *pr, *url;
		struct gt_finding *f;
		int helpers = 0;
		if (!gt_cred_is_git(q) || !q->err.len || !gt_mproc_failed(q) ||
		    !memmem(gt_text(&q->err), q->err.len, "could not read Username", 23))
			continue;
		pr = gt_env_get(q->nexecs ? q->execs[0].env : NULL, "GIT_TERMINAL_PROMPT");
		url = remote_url(q);
		for (h = 0; h < x->fs->n; h++)
			helpers += !strcmp(x->fs->f[h].id, "credential-helper");
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_CAUSE, "credential-git-none",
				   "git needed a credential%s%s and had none: %s, %s, and prompting is %s",
				   url ? " for " : "", url ? url : "",
				   helpers ? "the credential helper gave nothing usable" : "no credential helper ran",
				   gt_env_get(q->execs[0].env, "GIT_ASKPASS") ? "GIT_ASKPASS is set" : "GIT_ASKPASS is unset",
				   pr && !strcmp(pr, "0") ? "off (GIT_TERMINAL_PROMPT=0, which go sets)" : "not possible here");
		gt_finding_evidence(f, GT_AT(q->pid, q->t_exit, q->err_line), "%s: could not read Username",
				    gt_pname(q));
		gt_finding_fix(f, "give git a credential for that host: a credential helper "
				  "(git config --global credential.helper store, then one git "
				  "ls-remote by hand), or a .netrc entry");
		return;
	}
}

/* the environment go gave git (its first git), and git's own ways to ask */
static void git_env(struct gitside *x)
{
	static const char *const names[] = {"GIT_TERMINAL_PROMPT", "GCM_INTERACTIVE", "GIT_SSH_COMMAND",
					    "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "SSH_AUTH_SOCK"};
	size_t i, k;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i];
		const struct gt_mexec *e;
		struct gt_finding *f;
		char list[1024] = "";
		if (!gt_cred_is_git(p) || !gt_cred_is_go(p->parent) || !p->nexecs)
			continue;
		e = &p->execs[0];
		for (k = 0; k < GT_ARRAY_SIZE(names); k++) {
			const char *v = gt_env_get(e->env, names[k]);
			if (v && strlen(list) + strlen(v) + 40 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s=%s",
					 list[0] ? ", " : "", names[k], v);
		}
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-git-env",
				   "go ran git with %s", list[0] ? list : "none of the credential variables set");
		gt_finding_evidence(f, GT_AT(p->pid, e->t, e->line), "exec %s (environment as recorded)", e->path);
		git_had_none(x);
		return;
	}
}

/* ssh: which binary, which files, the agent */
static void ssh_files(struct gitside *x)
{
	const struct gt_model *m = x->m;
	size_t i, k;

	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		char cfgs[1024] = "", keys[1024] = "", kh[512] = "", agent[300] = "";
		const struct gt_mexec *e;
		struct gt_finding *f;
		const char *sock;
		if (!p->name || strcmp(p->name, "ssh") || !p->nexecs)
			continue;
		e = &p->execs[p->nexecs - 1];
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
		sock = gt_env_get(e->env, "SSH_AUTH_SOCK");
		for (k = 0; sock && k < m->nconns; k++)
			if (m->conns[k].p == p && !strcmp(m->conns[k].family, "unix") &&
			    !strcmp(m->conns[k].addr, sock))
				snprintf(agent, sizeof(agent), "connected to the agent at %s", sock);
		f = gt_finding_add(x->fs, GT_SUBJ_CREDENTIAL, GT_SEV_INFO, "credential-ssh",
				   "ssh (pid %ld, %s): config %s; keys %s; known_hosts %s; %s", p->pid,
				   e->path, cfgs[0] ? cfgs : "none read", keys[0] ? keys : "none opened",
				   kh[0] ? kh : "none read",
				   agent[0] ? agent : sock ? "SSH_AUTH_SOCK set, agent not contacted" : "no agent (SSH_AUTH_SOCK unset)");
		f->t = p->t_start;
		gt_finding_evidence(f, GT_AT(p->pid, p->t_start, e->line), "exec %s", e->path);
	}
}

/* The git-side rules, in order (the first reads the files the others use). */
GT_RULES(git_rules, struct gitside) = {
	{"credential-git-config", "the configuration files git opened", git_config_files},
	{"credential-plaintext-token", "a password or token in a URL in those files", git_plaintext_tokens},
	{"credential-insteadof", "git-remote-http's two URLs and the insteadOf rule between them",
	 git_insteadof},
	{"credential-helper", "each helper's get, and whether git then stored or erased the answer",
	 git_helpers},
	{"credential-git-env credential-git-none",
	 "the credential variables go gave git; git's 'could not read Username'", git_env},
	{"credential-ssh", "ssh's config, key and known_hosts opens, and the agent it reached", ssh_files},
};

int gt_git_insteadof(const struct gt_model *m, const char *url, struct gt_insteadof *r)
{
	struct gcfg *cfg = gt_xcalloc(GCFG_MAX, sizeof(*cfg));
	const struct gcfg *rule = NULL;
	struct gt_buf b;
	size_t k, n = 0;

	gt_buf_init(&b);
	for (k = 0; k < m->nopens; k++) {
		const struct gt_mopen *o = &m->opens[k];
		size_t j;
		int seen = 0;
		if (!o->ok || !gt_cred_is_git(o->p) || !gitconfig_name(o->path))
			continue;
		for (j = 0; j < k && !seen; j++)
			seen = m->opens[j].ok && gt_cred_is_git(m->opens[j].p) && !strcmp(m->opens[j].path, o->path);
		if (!seen)
			n = gcfg_read(o->path, cfg, n, GCFG_MAX, &b);
	}
	/* git's rule: the longest insteadOf value that starts URL */
	for (k = 0; k < n; k++)
		if (!strcmp(cfg[k].section, "url") && !strcasecmp(cfg[k].key, "insteadof") && cfg[k].value[0] &&
		    !strncmp(url, cfg[k].value, strlen(cfg[k].value)) &&
		    (!rule || strlen(cfg[k].value) > strlen(rule->value)))
			rule = &cfg[k];
	if (rule) {
		snprintf(r->to, sizeof(r->to), "%s%s", rule->sub, url + strlen(rule->value));
		snprintf(r->base, sizeof(r->base), "%s", rule->sub);
		snprintf(r->value, sizeof(r->value), "%s", rule->value);
		snprintf(r->file, sizeof(r->file), "%s", rule->file);
		r->line = rule->line;
	}
	gt_buf_free(&b);
	free(cfg);
	return rule != NULL;
}

void gt_cred_git(const struct gt_model *m, struct gt_findings *fs)
{
	struct gitside x;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.fs = fs;
	x.cfg = gt_xcalloc(GCFG_MAX, sizeof(*x.cfg));
	gt_buf_init(&x.b);
	GT_RULES_RUN(git_rules, &x);
	gt_buf_free(&x.b);
	free(x.cfg);
}

/* ssh's configuration, keys and known hosts */
int gt_credgit_needs_open(const struct gt_open_view *o)
{
	return memmem(o->path, o->len, "/.ssh/", 6) || memmem(o->path, o->len, "/etc/ssh/", 9);
}

/* See probe.h. */
#include "probe.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../analyzers/analyzers.h"
#include "../analyzers/goconf.h"
#include "../common/buf.h"
#include "../common/goproxy.h"
#include "../common/modpath.h"
#include "../common/redact.h"
#include "../common/util.h"
#include "fetch.h"
#include "walk.h"

extern char **environ;

#define DEFAULT_GOPROXY "https://proxy.golang.org,direct"

/* What the probe learned of one module. */
struct mod {
	char path[512], version[128];  /* version "" when go would look up @latest */
	char epath[1100], ever[300];   /* case-encoded */
	char pattern[512];             /* the GONOPROXY/GOPRIVATE glob that sends it direct */
	struct gt_walk w;
	struct gt_fetch f[GT_PROXY_MAX];  /* the .info (or @latest, @v/list) request per entry */
	char asked[GT_PROXY_MAX][1200];   /* what was asked of each entry */
	struct gt_fetch mod, zip;         /* from the entry that answered */
	int cred[GT_PROXY_MAX];           /* the netrc entry sent to each entry, -1 for none */
	char nocred[GT_PROXY_MAX][2200];  /* why none was sent, for an https entry */
};

/* What decides the credential go sends (docs/facts.md, "Which credential go sends"). */
struct creds {
	const char *goauth;        /* NULL: the default, netrc */
	int old_go;                /* the minor version of a go before 1.24, else 0 */
	char netrc[1024];          /* NETRC, else $HOME/.netrc */
	struct gt_netrc_entry e[64];
	int n;                     /* entries; -1 when the file cannot be read */
};

static struct creds *creds_new(const struct gt_goconf *c)
{
	struct creds *k = gt_xcalloc(1, sizeof(*k));
	const char *netrc = gt_env_get(c->env, "NETRC"), *home = gt_env_get(c->env, "HOME");
	struct gt_setting auth;

	if (c->goroot) {
		char *v = gt_goroot_version(c->goroot);
		int minor = 0;
		if (v && sscanf(v, "go1.%d", &minor) == 1 && minor < 24)
			k->old_go = minor;
		free(v);
	}
	gt_goconf_setting(c, "GOAUTH", &auth);
	k->goauth = k->old_go ? NULL : auth.value;
	if (netrc && *netrc)
		snprintf(k->netrc, sizeof(k->netrc), "%s", netrc);
	else
		snprintf(k->netrc, sizeof(k->netrc), "%s/.netrc", home ? home : "");
	k->n = gt_netrc_read(k->netrc, k->e, 64);
	return k;
}

/* Which netrc entry go sends to entry E (an index, -1 for none, with WHY). */
static int credential_for(const struct creds *k, const struct gt_proxy_entry *e, char *why, size_t size)
{
	char prefix[600];
	size_t n;
	int j;

	why[0] = 0;
	if (e->kind != 'h' || strncmp(e->url, "https://", 8))
		return -1; /* go sends credentials over https only */
	if (k->goauth && !strcmp(k->goauth, "off")) {
		snprintf(why, size, "GOAUTH=off: go sends no credential");
		return -1;
	}
	if (k->goauth && !strstr(k->goauth, "netrc")) {
		snprintf(why, size, "GOAUTH=%s: its commands give the credentials (not probed yet)", k->goauth);
		return -1;
	}
	if (k->n < 0) {
		snprintf(why, size, "no netrc file %s", k->netrc);
		return -1;
	}
	/* the URL as Go's credential cache keys it: no scheme, no trailing slash */
	snprintf(prefix, sizeof(prefix), "%s", e->url + 8);
	while ((n = strlen(prefix)) && prefix[n - 1] == '/')
		prefix[n - 1] = 0;
	for (j = 0; j < k->n; j++)
		if (k->old_go ? !strcmp(k->e[j].machine, e->host) : gt_netrc_matches(k->e[j].machine, prefix))
			return j;
	snprintf(why, size, "no entry of %s matches %s%s", k->netrc, k->old_go ? e->host : prefix,
		 k->old_go ? "" : " (go compares host:port when the URL has a port)");
	return -1;
}

/* S with passwords hidden, for output (a GOPROXY URL may carry user:password). */
static const char *shown(const char *s, struct gt_buf *b)
{
	b->len = 0;
	gt_redact_text(b, s, strlen(s));
	return gt_buf_cstr(b);
}

static enum gt_outcome outcome_of(const struct gt_fetch *f)
{
	if (f->status >= 200 && f->status < 300)
		return GT_OUT_OK;
	return gt_status_notexist(f->status) ? GT_OUT_NOTEXIST : GT_OUT_ERROR;
}

/* A file:// entry: the file is there or it is not (go reads it as a proxy would serve it). */
static void ask_file(const char *base, const char *rel, struct gt_fetch *f, char *asked, size_t size)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	snprintf(asked, size, "%s/%s", base + 7, rel);
	f->status = stat(asked, &st) == 0 && S_ISREG(st.st_mode) ? 200 : 404;
	f->size = f->status == 200 ? (long long)st.st_size : -1;
}

static void ask_http(const char *base, const char *rel, int head, double timeout, const struct creds *k,
		     int cred, struct gt_fetch *f, char *asked, size_t size)
{
	size_t n = strlen(base);
	char pw[512] = "";

	snprintf(asked, size, "%.*s/%s", (int)(n && base[n - 1] == '/' ? n - 1 : n), base, rel);
	if (cred >= 0 && gt_netrc_password(k->netrc, cred, pw, sizeof(pw)) < 0)
		cred = -1;
	gt_fetch(asked, head, timeout, cred >= 0 ? k->e[cred].login : NULL, pw, f);
	memset(pw, 0, sizeof(pw));
}

/* Walk the GOPROXY list for M as go does, asking each entry go would ask. */
static void walk(struct mod *m, const struct gt_proxy_list *pl, double timeout, const struct creds *k)
{
	int i;

	for (i = 0; i < pl->n; i++)
		m->cred[i] = credential_for(k, &pl->e[i], m->nocred[i], sizeof(m->nocred[i]));
	gt_walk_start(&m->w, pl);
	while ((i = gt_walk_next(&m->w)) >= 0) {
		const struct gt_proxy_entry *e = &pl->e[i];
		char rel[1500];
		if (m->ever[0])
			snprintf(rel, sizeof(rel), "%s/@v/%s.info", m->epath, m->ever);
		else
			snprintf(rel, sizeof(rel), "%s/@latest", m->epath);
		if (e->kind == 'o') {
			memset(&m->f[i], 0, sizeof(m->f[i]));
			snprintf(m->asked[i], sizeof(m->asked[i]), "off");
			gt_walk_record(&m->w, GT_OUT_NOTEXIST);
			continue;
		}
		if (e->kind == 'd')
			break; /* go would go to the origin: not probed yet */
		if (e->kind == 'f')
			ask_file(e->url, rel, &m->f[i], m->asked[i], sizeof(m->asked[i]));
		else
			ask_http(e->url, rel, 0, timeout, k, m->cred[i], &m->f[i], m->asked[i], sizeof(m->asked[i]));
		gt_walk_record(&m->w, outcome_of(&m->f[i]));
	}
	if (m->w.served >= 0 && m->ever[0]) {
		const struct gt_proxy_entry *e = &pl->e[m->w.served];
		char rel[1500], asked[1200];
		snprintf(rel, sizeof(rel), "%s/@v/%s.mod", m->epath, m->ever);
		if (e->kind == 'f')
			ask_file(e->url, rel, &m->mod, asked, sizeof(asked));
		else
			ask_http(e->url, rel, 0, timeout, k, m->cred[m->w.served], &m->mod, asked, sizeof(asked));
		snprintf(rel, sizeof(rel), "%s/@v/%s.zip", m->epath, m->ever);
		if (e->kind == 'f')
			ask_file(e->url, rel, &m->zip, asked, sizeof(asked));
		else
			ask_http(e->url, rel, 1, timeout, k, m->cred[m->w.served], &m->zip, asked, sizeof(asked));
	}
}

/* One request's result in words: "404 Not Found \"...\" (0.004 s)", or why no answer came. */
static void said(const struct gt_fetch *f, struct gt_buf *b)
{
	if (f->status) {
		gt_buf_printf(b, "%ld", f->status);
		if (f->reason[0])
			gt_buf_printf(b, " %s", f->reason);
		if (f->line[0])
			gt_buf_printf(b, " \"%s\"", f->line);
	} else if (f->stalled) {
		gt_buf_printf(b, "no answer: timed out in %s (%s)", f->stalled, f->err);
	} else {
		gt_buf_printf(b, "no answer: %s", f->err[0] ? f->err : "?");
	}
	if (f->t_total > 0)
		gt_buf_printf(b, " (%.3f s)", f->t_total);
	if (f->proxy[0])
		gt_buf_puts(b, " through the proxy from the environment");
}

/* What go sent entry I, in words ("" over http, where go sends none). */
static void cred_words(const struct mod *m, const struct creds *k, int i, struct gt_buf *b)
{
	int j = m->cred[i];

	if (j >= 0)
		gt_buf_printf(b, "credential from %s line %ld, machine %s, login %s", k->netrc, k->e[j].line,
			      k->e[j].machine, k->e[j].login);
	else if (m->nocred[i][0])
		gt_buf_printf(b, "no credential: %s", m->nocred[i]);
}

/* For a 401 from entry I: whose credential the server refused, or why go had none. */
static void on_401(const struct mod *m, const struct creds *k, int i, struct gt_buf *b)
{
	if (m->f[i].status != 401)
		return;
	if (m->cred[i] >= 0) {
		gt_buf_puts(b, "; the server refused the ");
		cred_words(m, k, i, b);
	} else {
		gt_buf_printf(b, "; the server wants a credential and go had none%s%s", m->nocred[i][0] ? ": " : "",
			      m->nocred[i]);
	}
}

/* The verdict for M, first line of its text; 0 when go would get it. */
static int verdict(const struct mod *m, const struct gt_proxy_list *pl, const struct creds *k, struct gt_buf *b)
{
	const struct gt_walk *w = &m->w;
	int last = w->asked - 1;
	struct gt_buf u;
	int rc = 1;

	gt_buf_init(&u);
	if (m->pattern[0]) {
		gt_buf_printf(b, "go fetches it directly from its origin (GONOPROXY/GOPRIVATE pattern %s); "
				 "not probed: direct fetches are not probed yet", m->pattern);
	} else if (w->served >= 0) {
		int j;
		gt_buf_printf(b, "go would get it from GOPROXY entry %d %s", w->served + 1,
			      shown(pl->e[w->served].url, &u));
		/* why go went past the entries before it */
		for (j = 0; j < w->served; j++) {
			gt_buf_printf(b, "%sentry %d answered ", j ? "; " : " (", j + 1);
			said(&m->f[j], b);
			gt_buf_puts(b, outcome_of(&m->f[j]) == GT_OUT_NOTEXIST ? ": it does not have it"
									 : ", and '|' after it falls through on any error");
		}
		if (w->served > 0)
			gt_buf_putc(b, ')');
		rc = 0;
	} else if (last + 1 < pl->n && pl->e[last + 1].kind == 'd' &&
		   (last < 0 || outcome_of(&m->f[last]) == GT_OUT_NOTEXIST || pl->e[last].sep == '|')) {
		gt_buf_printf(b, "go would fetch it directly from its origin (GOPROXY entry %d is direct); "
				 "not probed: direct fetches are not probed yet", last + 2);
	} else if (last >= 0 && pl->e[last].kind == 'o') {
		gt_buf_puts(b, "go would fail: module lookup disabled by GOPROXY=off");
	} else if (last >= 0 && outcome_of(&m->f[last]) == GT_OUT_ERROR && pl->e[last].sep == ',') {
		gt_buf_printf(b, "go would fail: GOPROXY entry %d %s ", last + 1, shown(pl->e[last].url, &u));
		said(&m->f[last], b);
		on_401(m, k, last, b);
		gt_buf_puts(b, ", and ',' after it stops go there; put '|' after it to fall through on any error");
	} else if (w->reported >= 0) {
		gt_buf_printf(b, "go would fail with GOPROXY entry %d's answer: ", w->reported + 1);
		said(&m->f[w->reported], b);
		on_401(m, k, w->reported, b);
	} else {
		gt_buf_puts(b, "go would fail: no GOPROXY entry to ask");
	}
	gt_buf_free(&u);
	return rc;
}

static void text(const struct mod *m, const struct gt_proxy_list *pl, const struct creds *k, FILE *out, int *rc)
{
	struct gt_buf b, u, v;
	int i;

	gt_buf_init(&b);
	gt_buf_init(&u);
	gt_buf_init(&v);
	if (verdict(m, pl, k, &b))
		*rc = 1;
	fprintf(out, "%s@%s: %s\n", m->path, m->version[0] ? m->version : "latest", gt_buf_cstr(&b));
	for (i = 0; i < m->w.asked; i++) {
		b.len = 0;
		if (pl->e[i].kind != 'o') {
			said(&m->f[i], &b);
			if (m->cred[i] >= 0 || m->nocred[i][0])
				gt_buf_puts(&b, " [");
			cred_words(m, k, i, &b);
			if (m->cred[i] >= 0 || m->nocred[i][0])
				gt_buf_putc(&b, ']');
		}
		if (pl->e[i].kind == 'o')
			fprintf(out, "  entry %d off: module lookup disabled\n", i + 1);
		else
			fprintf(out, "  entry %d %s: %s -> %s\n", i + 1, shown(pl->e[i].url, &u),
				shown(m->asked[i], &v), gt_buf_cstr(&b));
	}
	if (m->w.served >= 0 && m->version[0]) {
		b.len = 0;
		said(&m->mod, &b);
		fprintf(out, "  .mod: %s\n", gt_buf_cstr(&b));
		b.len = 0;
		said(&m->zip, &b);
		if (m->zip.size >= 0)
			gt_buf_printf(&b, ", %lld bytes", m->zip.size);
		fprintf(out, "  .zip: %s\n", gt_buf_cstr(&b));
	}
	for (i = m->w.asked; i < pl->n && !m->pattern[0]; i++)
		if (i == m->w.next && pl->e[i].kind == 'd')
			fprintf(out, "  entry %d direct: go goes to the module's origin here (not probed)\n", i + 1);
		else if (m->w.served < 0 || i > m->w.served)
			fprintf(out, "  entry %d %s: never tried\n", i + 1, shown(pl->e[i].url, &u));
	gt_buf_free(&b);
	gt_buf_free(&u);
	gt_buf_free(&v);
}

static json_t *fetch_json(const struct gt_fetch *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "status", json_integer(f->status));
	if (f->err[0])
		json_object_set_new(o, "error", json_string(f->err));
	if (f->line[0])
		json_object_set_new(o, "body_line", json_string(f->line));
	if (f->stalled)
		json_object_set_new(o, "stalled_in", json_string(f->stalled));
	json_object_set_new(o, "seconds", json_pack("{s:f,s:f,s:f,s:f,s:f}", "dns", f->t_dns, "connect",
						    f->t_connect, "tls", f->t_tls, "first_byte", f->t_first,
						    "total", f->t_total));
	if (f->size >= 0)
		json_object_set_new(o, "size", json_integer(f->size));
	json_object_set_new(o, "proxied", json_boolean(f->proxy[0] != 0));
	return o;
}

static json_t *mod_json(const struct mod *m, const struct gt_proxy_list *pl, const struct creds *k, int *rc)
{
	json_t *o = json_object(), *es = json_array();
	struct gt_buf b, u;
	int i;

	gt_buf_init(&b);
	gt_buf_init(&u);
	if (verdict(m, pl, k, &b))
		*rc = 1;
	json_object_set_new(o, "module", json_string(m->path));
	json_object_set_new(o, "version", m->version[0] ? json_string(m->version) : json_null());
	json_object_set_new(o, "verdict", json_string(gt_buf_cstr(&b)));
	json_object_set_new(o, "gets_it", json_boolean(m->w.served >= 0));
	if (m->pattern[0])
		json_object_set_new(o, "direct_pattern", json_string(m->pattern));
	for (i = 0; i < pl->n; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "entry", json_integer(i + 1));
		json_object_set_new(e, "url", json_string(shown(pl->e[i].url, &u)));
		json_object_set_new(e, "then", pl->e[i].sep ? json_stringn(&pl->e[i].sep, 1) : json_null());
		json_object_set_new(e, "asked", json_boolean(i < m->w.asked));
		if (i < m->w.asked && pl->e[i].kind != 'o') {
			json_object_set_new(e, "request", json_string(shown(m->asked[i], &u)));
			json_object_set_new(e, "result", fetch_json(&m->f[i]));
		}
		if (m->cred[i] >= 0)
			json_object_set_new(e, "credential",
					    json_pack("{s:s,s:i,s:s,s:s}", "file", k->netrc, "line",
						      (int)k->e[m->cred[i]].line, "machine", k->e[m->cred[i]].machine,
						      "login", k->e[m->cred[i]].login));
		else if (m->nocred[i][0])
			json_object_set_new(e, "no_credential", json_string(m->nocred[i]));
		json_array_append_new(es, e);
	}
	json_object_set_new(o, "entries", es);
	if (m->w.served >= 0 && m->version[0]) {
		json_object_set_new(o, "mod", fetch_json(&m->mod));
		json_object_set_new(o, "zip", fetch_json(&m->zip));
	}
	gt_buf_free(&b);
	gt_buf_free(&u);
	return o;
}

/* Split "M@V" into M; 0, or -1 with a reason when go would refuse the path. */
static int parse_mod(const char *arg, struct mod *m, FILE *err)
{
	const char *at = strrchr(arg, '@');
	size_t pl = at ? (size_t)(at - arg) : strlen(arg);

	if (pl == 0 || pl >= sizeof(m->path) || (at && (strlen(at + 1) >= sizeof(m->version) || !at[1]))) {
		fprintf(err, "gotrace probe: '%s' is not MODULE[@VERSION]\n", arg);
		return -1;
	}
	memcpy(m->path, arg, pl);
	m->path[pl] = 0;
	snprintf(m->version, sizeof(m->version), "%s", at ? at + 1 : "");
	if (!strcmp(m->version, "latest"))
		m->version[0] = 0;
	if (gt_mod_escape(m->path, m->epath, sizeof(m->epath)) < 0 ||
	    gt_mod_escape(m->version, m->ever, sizeof(m->ever)) < 0) {
		fprintf(err, "gotrace probe: %s: not a module path or version go accepts\n", arg);
		return -1;
	}
	return 0;
}

static void print_config(FILE *out, const struct gt_goconf *c, const struct gt_setting *gp,
			 const struct gt_setting *np)
{
	struct gt_buf u;
	char *src;

	gt_buf_init(&u);
	src = gt_source_text(c, gp->src, gp->line);
	fprintf(out, "GOPROXY=%s (%s)\n", gp->value ? shown(gp->value, &u) : DEFAULT_GOPROXY,
		gp->value ? src : "the default");
	free(src);
	if (np->value) {
		src = gt_source_text(c, np->src, np->line);
		fprintf(out, "%s=%s (%s)\n", np->name, np->value, src);
		free(src);
	}
	gt_buf_free(&u);
}

int gt_probe_run(const struct gt_probe_opts *o, FILE *out)
{
	struct gt_goconf *c = gt_goconf_live(environ);
	struct creds *k = creds_new(c);
	struct gt_setting gp, np;
	struct gt_proxy_list pl;
	json_t *all = json_array();
	int i, rc = 0;

	gt_goconf_setting(c, "GOPROXY", &gp);
	gt_goconf_setting(c, "GONOPROXY", &np);
	if (!np.value)
		gt_goconf_setting(c, "GOPRIVATE", &np);
	gt_proxy_parse(gp.value ? gp.value : DEFAULT_GOPROXY, &pl);
	if (!o->json)
		print_config(out, c, &gp, &np);
	for (i = 0; i < o->nmods; i++) {
		struct mod *m = gt_xcalloc(1, sizeof(*m));
		if (parse_mod(o->mods[i], m, stderr) < 0) {
			free(m);
			rc = 1;
			continue;
		}
		if (np.value)
			gt_match_prefix_patterns(np.value, m->path, m->pattern, sizeof(m->pattern));
		if (!m->pattern[0])
			walk(m, &pl, o->timeout, k);
		if (o->json)
			json_array_append_new(all, mod_json(m, &pl, k, &rc));
		else
			text(m, &pl, k, out, &rc);
		free(m);
	}
	if (o->json) {
		json_t *doc = json_pack("{s:s?,s:o}", "goproxy", gp.value, "modules", all);
		json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(doc);
	} else {
		json_decref(all);
	}
	gt_goconf_free(c);
	free(k);
	return rc;
}

int gt_probe_gomod_requires(const char *path, char **out, int max, int *capped)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, block = 0;

	*capped = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char mod[512], ver[128];
		const char *s = line + strspn(line, " \t");
		if (strstr(s, "// indirect"))
			continue;
		if (!block && !strncmp(s, "require (", 9)) {
			block = 1;
			continue;
		}
		if (block && s[0] == ')') {
			block = 0;
			continue;
		}
		if (!block && !strncmp(s, "require ", 8))
			s += 8;
		else if (!block)
			continue;
		if (sscanf(s, "%511s %127s", mod, ver) != 2)
			continue;
		if (n == max) {
			*capped = 1;
			break;
		}
		out[n++] = gt_xasprintf("%s@%s", mod, ver);
	}
	fclose(f);
	return n;
}

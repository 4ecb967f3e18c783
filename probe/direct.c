/*
 * Where go fetches a module from when it goes to the origin
 * (cmd/go/internal/vcs, RepoRootForImportPath): hosts go knows map to a
 * repository without a request (github.com/OWNER/REPO is git at
 * https://github.com/OWNER/REPO); a path with a VCS suffix (".git") names
 * its repository itself; any other path is looked up with the go-get
 * discovery, `https://PATH?go-get=1` (http after an https error only when
 * GOINSECURE matches), whose <meta name="go-import" content="PREFIX VCS
 * URL"> tags in the head say where it is. A tag whose prefix is shorter
 * than the path is checked against PREFIX?go-get=1. What go then hands to
 * git is named; git itself is not run.
 */
#include "probe_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../common/modpath.h"

#define MAX_TAGS 16

struct tag {
	char prefix[512], vcs[32], repo[1024];
};

/* The value of attribute NAME in the tag text T (up to END), into OUT. */
static int attr(const char *t, const char *end, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	for (; t + n < end; t++) {
		const char *v;
		char q;
		size_t k;
		if (strncasecmp(t, name, n) || (t[-1] != ' ' && t[-1] != '\t' && t[-1] != '\n'))
			continue;
		v = t + n;
		v += strspn(v, " \t\n");
		if (*v != '=')
			continue;
		v++;
		v += strspn(v, " \t\n");
		q = (*v == '"' || *v == '\'') ? *v++ : 0;
		k = q ? strcspn(v, q == '"' ? "\"" : "'") : strcspn(v, " \t\n>");
		if (v + k > end)
			return -1;
		snprintf(out, size, "%.*s", (int)k, v);
		return 0;
	}
	return -1;
}

/* The go-import tags of an HTML head, as go reads them: "mod" ones first, a VCS one only for another prefix. */
static int parse_tags(const char *html, struct tag *tags, int max)
{
	struct tag all[MAX_TAGS];
	int n = 0, k = 0, i, j;
	const char *p = html;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>');
		char name[64], content[2048];
		if (!end)
			break;
		if (!strncasecmp(p, "<body", 5) || !strncasecmp(p, "</head", 6))
			break;
		if (!strncasecmp(p, "<meta", 5) && n < MAX_TAGS && attr(p, end, "name", name, sizeof(name)) == 0 &&
		    !strcmp(name, "go-import") && attr(p, end, "content", content, sizeof(content)) == 0) {
			char f[4][1024];
			int nf = sscanf(content, "%1023s %1023s %1023s %1023s", f[0], f[1], f[2], f[3]);
			if (nf == 3 || nf == 4) {
				snprintf(all[n].prefix, sizeof(all[n].prefix), "%.511s", f[0]);
				snprintf(all[n].vcs, sizeof(all[n].vcs), "%.31s", f[1]);
				snprintf(all[n].repo, sizeof(all[n].repo), "%s", f[2]);
				n++;
			}
		}
		p = end + 1;
	}
	for (i = 0; i < n && k < max; i++)
		if (!strcmp(all[i].vcs, "mod"))
			tags[k++] = all[i];
	for (i = 0; i < n && k < max; i++) {
		int have = 0;
		for (j = 0; j < n; j++)
			have |= !strcmp(all[j].vcs, "mod") && !strcmp(all[j].prefix, all[i].prefix);
		if (strcmp(all[i].vcs, "mod") && !have)
			tags[k++] = all[i];
	}
	return k;
}

/* Whether PATH is PREFIX or below it. */
static int path_prefix(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(path, prefix, n) && (!path[n] || path[n] == '/');
}

/* Go's matchGoImport: the one tag for PATH (a "mod" one wins over one VCS tag after it); -1 none, -2 several. */
static int match_tag(const struct tag *t, int n, const char *path)
{
	int i, m = -1;

	for (i = 0; i < n; i++) {
		if (!path_prefix(path, t[i].prefix))
			continue;
		if (m >= 0) {
			if (!strcmp(t[m].vcs, "mod") && strcmp(t[i].vcs, "mod"))
				break;
			return -2;
		}
		m = i;
	}
	return m;
}

/* GET PATH?go-get=1 as go does: https, then http when GOINSECURE matches and https got no answer. */
static void discover(const struct gt_probe_ctx *x, const char *path, struct gt_fetch *f, struct gt_buf *body,
		     char *url, size_t size, struct gt_cred_use *u, struct gt_direct *keep)
{
	struct gt_fetch_opts o = {.timeout = x->timeout, .body = body};
	const char *slash = strchr(path, '/');

	snprintf(url, size, "https://%s%s?go-get=1", path, slash ? "" : "/");
	gt_cred_fetch(x->k, url, &o, f, u);
	if (!f->status && x->insecure && gt_match_prefix_patterns(x->insecure, path, NULL, 0)) {
		body->len = 0;
		if (keep) {
			snprintf(keep->https_url, sizeof(keep->https_url), "%s", url);
			keep->https_f = *f;
		}
		snprintf(url, size, "http://%s%s?go-get=1", path, slash ? "" : "/");
		gt_cred_fetch(x->k, url, &o, f, u);
	}
}

/* Hosts go maps without asking (vcsPaths); 1 when PATH is one, with what go does in D. */
static int known_host(struct gt_direct *d, const char *path)
{
	static const char *const others[] = {"bitbucket.org/", "hub.jazz.net/", "git.apache.org/", "git.openstack.org/",
					     "chiselapp.com/"};
	char owner[256], repo[256];
	size_t i;

	if (!strncmp(path, "github.com/", 11)) {
		d->known = "github.com";
		if (sscanf(path + 11, "%255[A-Za-z0-9_.-]/%255[A-Za-z0-9_.-]", owner, repo) != 2) {
			snprintf(d->err, sizeof(d->err), "invalid github.com import path \"%s\"", path);
			return 1;
		}
		snprintf(d->prefix, sizeof(d->prefix), "github.com/%.200s/%.200s", owner, repo);
		snprintf(d->vcs, sizeof(d->vcs), "git");
		snprintf(d->repo, sizeof(d->repo), "https://github.com/%s/%s", owner, repo);
		return 1;
	}
	for (i = 0; i < sizeof(others) / sizeof(*others); i++)
		if (!strncmp(path, others[i], strlen(others[i]))) {
			d->known = others[i];
			return 1;
		}
	if (strstr(path, ".git/") || (strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".git"))) {
		d->known = "a path with a VCS suffix";
		return 1;
	}
	return 0;
}

void gt_probe_direct(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	struct gt_direct *d = &m->d;
	struct tag tags[MAX_TAGS], tags2[MAX_TAGS];
	struct gt_cred_use u;
	struct gt_buf body;
	int n, i, j;

	d->asked = 1;
	if (known_host(d, m->path))
		return;
	if (!strchr(m->path, '.') || strchr(m->path, '.') > (strchr(m->path, '/') ? strchr(m->path, '/') : m->path +
							     strlen(m->path))) {
		snprintf(d->err, sizeof(d->err), "unrecognized import path \"%s\": import path does not begin with hostname",
			 m->path);
		return;
	}
	gt_buf_init(&body);
	discover(x, m->path, &d->f, &body, d->url, sizeof(d->url), &u, d);
	n = parse_tags(gt_buf_cstr(&body), tags, MAX_TAGS);
	if (!d->f.status) {
		snprintf(d->err, sizeof(d->err), "unrecognized import path \"%s\": %shttps fetch: %s", m->path,
			 x->insecure && gt_match_prefix_patterns(x->insecure, m->path, NULL, 0) ? "http/" : "", d->f.err);
		goto out;
	}
	if (!n && (d->f.status < 200 || d->f.status > 299)) {
		snprintf(d->err, sizeof(d->err), "unrecognized import path \"%s\": reading %s: %ld %s", m->path, d->url,
			 d->f.status, d->f.reason);
		goto out;
	}
	i = match_tag(tags, n, m->path);
	if (i < 0) {
		snprintf(d->err, sizeof(d->err), "unrecognized import path \"%s\": parse %s: %s", m->path, d->url,
			 i == -2 ? "multiple meta tags match import path" : "no go-import meta tags");
		goto out;
	}
	snprintf(d->prefix, sizeof(d->prefix), "%s", tags[i].prefix);
	snprintf(d->vcs, sizeof(d->vcs), "%s", tags[i].vcs);
	snprintf(d->repo, sizeof(d->repo), "%s", tags[i].repo);
	if (strcmp(tags[i].prefix, m->path)) { /* a tag for a shorter prefix: the prefix's own page must agree */
		struct gt_fetch f2;
		char url2[1200];
		body.len = 0;
		discover(x, tags[i].prefix, &f2, &body, url2, sizeof(url2), &u, NULL);
		n = parse_tags(gt_buf_cstr(&body), tags2, MAX_TAGS);
		j = match_tag(tags2, n, m->path);
		if (j < 0 || strcmp(tags2[j].vcs, tags[i].vcs) || strcmp(tags2[j].repo, tags[i].repo))
			snprintf(d->err, sizeof(d->err), "%s and %s disagree about go-import for %s", d->url, url2,
				 tags[i].prefix);
	}
	if (!d->err[0] && !strstr(d->repo, "://"))
		snprintf(d->err, sizeof(d->err), "%s: invalid repo root \"%s\"", d->url, d->repo);
out:
	gt_buf_free(&body);
}

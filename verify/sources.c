/*
 * The hashes verify compares, from each source: go.sum (each module's, and
 * go.work.sum in a workspace), the module cache ($GOMODCACHE/cache/download
 * and the unpacked directories), and, when asked, the GOPROXY chain and the
 * checksum database (probe's gt_remote_*).
 */
#include "verify_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyzers/analyzers.h"
#include "../analyzers/goconf.h"
#include "../common/gomod.h"
#include "../common/modpath.h"
#include "../common/files.h"
#include "../common/util.h"
#include "../probe/probe.h"

extern char **environ;

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The file NAME in DIR or the nearest directory above it, into OUT; 0 or -1. */
static int find_up(const char *dir, const char *name, char *out, size_t size)
{
	char d[PATH_MAX];

	snprintf(d, sizeof(d), "%s", dir);
	for (;;) {
		char *slash;
		snprintf(out, size, "%s/%s", strcmp(d, "/") ? d : "", name);
		if (is_file(out))
			return 0;
		slash = strrchr(d, '/');
		if (!slash || slash == d) {
			if (!strcmp(d, "/"))
				return -1;
			snprintf(d, sizeof(d), "/");
		} else {
			*slash = 0;
		}
	}
}

static void add_sumfile(struct gt_vrun *r, const char *sum, const char *gomod)
{
	r->sumfiles = gt_xrealloc(r->sumfiles, (size_t)(r->nsum + 1) * sizeof(*r->sumfiles));
	r->gomods = gt_xrealloc(r->gomods, (size_t)(r->nsum + 1) * sizeof(*r->gomods));
	r->sumfiles[r->nsum] = gt_xstrdup(sum);
	r->gomods[r->nsum] = gomod ? gt_xstrdup(gomod) : NULL;
	r->nsum++;
}

/* Where go keeps modules: GOMODCACHE, else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod. */
static void find_modcache(struct gt_vrun *r)
{
	struct gt_goconf *c = gt_goconf_live(environ);
	struct gt_setting v;
	const char *home = getenv("HOME");

	gt_goconf_setting(c, "GOMODCACHE", &v);
	if (v.value && *v.value) {
		char *src = gt_source_text(c, v.src, v.line);
		snprintf(r->modcache, sizeof(r->modcache), "%s", v.value);
		snprintf(r->modcache_from, sizeof(r->modcache_from), "GOMODCACHE, %s", src ? src : "set");
		free(src);
	} else if (gt_goconf_setting(c, "GOPATH", &v), v.value && *v.value) {
		snprintf(r->modcache, sizeof(r->modcache), "%.*s/pkg/mod", (int)strcspn(v.value, ":"), v.value);
		snprintf(r->modcache_from, sizeof(r->modcache_from), "GOPATH's first entry");
	} else {
		snprintf(r->modcache, sizeof(r->modcache), "%s/go/pkg/mod", home ? home : "");
		snprintf(r->modcache_from, sizeof(r->modcache_from), "the default, $HOME/go/pkg/mod");
	}
	gt_goconf_free(c);
}

void gt_vhash_set(struct gt_vhash *h, int state, const char *h1, const char *where, const char *why)
{
	gt_vhash_free(h);
	h->state = (unsigned char)state;
	h->h1 = h1 ? gt_xstrdup(h1) : NULL;
	h->where = where ? gt_xstrdup(where) : NULL;
	h->why = why ? gt_xstrdup(why) : NULL;
}

void gt_vhash_free(struct gt_vhash *h)
{
	free(h->h1);
	free(h->where);
	free(h->why);
	memset(h, 0, sizeof(*h));
}

/* Read one go.sum and the requirements of the go.mod beside it; 0, or -1 with ERR. */
static int read_pair(struct gt_vrun *r, int k, char *err, size_t esize)
{
	struct gt_gomod g;
	int i;

	if (gt_verify_read_sum(r, k, err, esize) < 0)
		return -1;
	if (!r->gomods[k] || gt_gomod_read(r->gomods[k], &g) < 0)
		return 0;
	for (i = 0; i < g.nreq; i++) {
		int rp = gt_gomod_replaced(&g, g.req[i].path, g.req[i].version);
		struct gt_vmod *m;
		if (rp >= 0 && !g.rep[rp].to_version[0])
			continue; /* a directory: nothing to verify */
		m = rp >= 0 ? gt_vmod_get(r, k, g.rep[rp].to, g.rep[rp].to_version, 1)
			    : gt_vmod_get(r, k, g.req[i].path, g.req[i].version, 1);
		m->required = 1;
		m->req_line = g.req[i].line;
	}
	gt_gomod_free(&g);
	return 0;
}

int gt_verify_collect(struct gt_vrun *r, const char *dir, char *err, size_t esize)
{
	char abs[PATH_MAX], f[PATH_MAX + 32];
	const char *gowork = getenv("GOWORK");
	int k;

	if (!realpath(dir ? dir : ".", abs)) {
		snprintf(err, esize, "%s: %s", dir ? dir : ".", strerror(errno));
		return -1;
	}
	if (gowork && *gowork && strcmp(gowork, "off"))
		snprintf(f, sizeof(f), "%s", gowork);
	if ((!gowork || !*gowork) && find_up(abs, "go.work", f, sizeof(f)) < 0)
		f[0] = 0;
	if (gowork && !strcmp(gowork, "off"))
		f[0] = 0;
	if (f[0]) { /* a workspace: each module's go.sum, and go.work.sum */
		char **uses, wdir[PATH_MAX];
		int n = gt_gowork_uses(f, &uses), i;
		if (n < 0) {
			snprintf(err, esize, "%s: %s", f, strerror(errno));
			return -1;
		}
		snprintf(wdir, sizeof(wdir), "%.*s", (int)(strrchr(f, '/') ? strrchr(f, '/') - f : 1) % PATH_MAX, f);
		snprintf(r->dir, sizeof(r->dir), "%s", wdir);
		for (i = 0; i < n; i++) {
			char *d = uses[i][0] == '/' ? gt_xstrdup(uses[i]) : gt_xasprintf("%s/%s", wdir, uses[i]), real[PATH_MAX];
			char *s, *m;
			if (realpath(d, real)) { /* "./lib" as the directory it is */
				free(d);
				d = gt_xstrdup(real);
			}
			s = gt_xasprintf("%s/go.sum", d);
			m = gt_xasprintf("%s/go.mod", d);
			add_sumfile(r, s, m);
			free(d), free(s), free(m), free(uses[i]);
		}
		free(uses);
		snprintf(f, sizeof(f), "%s/go.work.sum", wdir);
		add_sumfile(r, f, NULL);
	} else if (find_up(abs, "go.mod", f, sizeof(f)) == 0) {
		char *s;
		snprintf(r->dir, sizeof(r->dir), "%.*s", (int)(strrchr(f, '/') - f), f);
		s = gt_xasprintf("%s/go.sum", r->dir);
		add_sumfile(r, s, f);
		free(s);
	} else {
		snprintf(err, esize, "no go.mod in %s or any directory above it", abs);
		return -1;
	}
	find_modcache(r);
	for (k = 0; k < r->nsum; k++)
		if (read_pair(r, k, err, esize) < 0)
			return -1;
	return 0;
}

/* The cache's .ziphash (as go mod verify reads it: the whole file, trimmed) into H. Its absence is a
 * finding when the zip or the directory is there (go's "missing ziphash"), else nothing to check. */
static void read_ziphash(struct gt_vhash *h, const char *base, int cached)
{
	char *p = gt_xasprintf("%s.ziphash", base), *text = NULL;
	FILE *f = gt_fopen_text(p, 4096);
	size_t cap = 0;
	ssize_t got;

	if (!f) {
		int e = errno;
		char *why = gt_xasprintf("%s: %s", p, e == ENOENT && cached ? "not there, though the module is (go mod verify: missing ziphash)"
						  : e == ENOENT ? "not there" : e == EFBIG ? "too large for a .ziphash" : strerror(e));
		gt_vhash_set(h, e == ENOENT && !cached ? GT_VS_ABSENT : GT_VS_UNCHECKED, NULL, NULL, why);
		free(why);
		free(p);
		return;
	}
	got = getdelim(&text, &cap, 0, f);
	fclose(f);
	if (got > 0) {
		char *s = text + strspn(text, " \t\r\n"), *e = s + strlen(s);
		while (e > s && strchr(" \t\r\n", e[-1]))
			*--e = 0;
		gt_vhash_set(h, *s ? GT_VS_HAVE : GT_VS_UNCHECKED, *s ? s : NULL, p, *s ? NULL : "the .ziphash is empty");
	} else {
		gt_vhash_set(h, GT_VS_UNCHECKED, NULL, p, "the .ziphash is empty");
	}
	free(text);
	free(p);
}

/* The cached zip hashed again into M; whether it is there at all (a zip that cannot be read is corrupt). */
static int read_cached_zip(struct gt_vmod *m, const char *zip, struct gt_zlist *zl)
{
	char h[GT_H1_LEN], err[600];
	struct stat st;
	int there = stat(zip, &st) == 0 || errno != ENOENT;

	if (!there) {
		char *why = gt_xasprintf("%s: not there", zip);
		gt_vhash_set(&m->zip[GT_V_CACHE], GT_VS_ABSENT, NULL, NULL, why);
		free(why);
	} else if (gt_zip_h1(zip, h, zl, err, sizeof(err)) == 0) {
		gt_vhash_set(&m->zip[GT_V_CACHE], GT_VS_HAVE, h, zip, NULL);
	} else {
		char *why = gt_xasprintf("%s: %s", zip, err);
		gt_vhash_set(&m->zip[GT_V_CACHE], GT_VS_UNCHECKED, NULL, zip, why);
		m->corrupt = 1;
		free(why);
	}
	return there;
}

/* The unpacked directory D hashed on its own (as go mod verify does), and against the zip's files ZL. */
static int read_dir(struct gt_vmod *m, const char *d, const struct gt_zlist *zl)
{
	struct gt_zlist dl = {NULL, 0};
	char h[GT_H1_LEN], err[600], *prefix;
	struct stat st;

	if (stat(d, &st) < 0 && errno == ENOENT) {
		char *why = gt_xasprintf("%s: not there", d);
		gt_vhash_set(&m->zip[GT_V_DIR], GT_VS_ABSENT, NULL, NULL, why);
		free(why);
		return 0;
	}
	prefix = gt_xasprintf("%s@%s", m->path, m->version);
	if (gt_dir_h1(d, prefix, h, &dl, err, sizeof(err)) == 0) {
		gt_vhash_set(&m->zip[GT_V_DIR], GT_VS_HAVE, h, d, NULL);
		if (m->zip[GT_V_CACHE].state == GT_VS_HAVE) {
			m->unpacked = 1;
			m->ndiff = gt_zlist_diff(zl, &dl, &m->edited, &m->added, &m->removed);
		}
	} else {
		gt_vhash_set(&m->zip[GT_V_DIR], GT_VS_UNCHECKED, NULL, d, err);
	}
	gt_zlist_free(&dl);
	free(prefix);
	return 1;
}

/* The cached .mod at BASE.mod into M. */
static void read_cached_mod(struct gt_vmod *m, const char *base)
{
	char *p = gt_xasprintf("%s.mod", base), h[GT_H1_LEN], err[600], *why;
	struct stat st;

	if (stat(p, &st) < 0 && errno == ENOENT) {
		why = gt_xasprintf("%s: not there", p);
		gt_vhash_set(&m->mod[GT_V_CACHE], GT_VS_ABSENT, NULL, NULL, why);
	} else if (gt_file_gomod_h1(p, h, err, sizeof(err)) == 0) {
		why = NULL;
		gt_vhash_set(&m->mod[GT_V_CACHE], GT_VS_HAVE, h, p, NULL);
	} else {
		why = gt_xasprintf("%s: %s", p, err);
		gt_vhash_set(&m->mod[GT_V_CACHE], GT_VS_UNCHECKED, NULL, p, why);
	}
	free(why);
	free(p);
}

/* The cache's side of M: the cached zip, its .ziphash, the unpacked directory, the .mod. */
static void cache_one(const struct gt_vrun *r, struct gt_vmod *m)
{
	char ep[1100], ev[300], *base, *p;

	if (gt_mod_escape(m->path, ep, sizeof(ep)) < 0 || gt_mod_escape(m->version, ev, sizeof(ev)) < 0) {
		const char *why = "not a module path and version go accepts, so not in the module cache";
		gt_vhash_set(&m->zip[GT_V_CACHE], GT_VS_ABSENT, NULL, NULL, why);
		gt_vhash_set(&m->mod[GT_V_CACHE], GT_VS_ABSENT, NULL, NULL, why);
		return;
	}
	base = gt_xasprintf("%s/cache/download/%s/@v/%s", r->modcache, ep, ev);
	if (m->zip_line) {
		struct gt_zlist zl = {NULL, 0};
		int there;
		p = gt_xasprintf("%s.zip", base);
		there = read_cached_zip(m, p, &zl);
		free(p);
		p = gt_xasprintf("%s/%s@%s", r->modcache, ep, ev);
		there |= read_dir(m, p, &zl);
		free(p);
		read_ziphash(&m->zip[GT_V_ZIPHASH], base, there);
		gt_zlist_free(&zl);
	}
	read_cached_mod(m, base); /* for its hash, and for what it requires */
	free(base);
}

/* Which lines the build needs: go.mod's requirements, then the requirements of their cached .mod files, and
 * so on. A module reached whose .mod is not in the cache is a gap: what it requires is not known. */
static void mark_used(struct gt_vrun *r)
{
	int *q = gt_xcalloc((size_t)r->n + 1, sizeof(*q)), head = 0, tail = 0, i, k;

	for (i = 0; i < r->n; i++)
		if (r->m[i].required) {
			r->m[i].used = 1;
			q[tail++] = i;
		}
	while (head < tail) {
		struct gt_vmod *m = &r->m[q[head++]];
		struct gt_gomod g;
		if (m->mod[GT_V_CACHE].state != GT_VS_HAVE || gt_gomod_read(m->mod[GT_V_CACHE].where, &g) < 0) {
			r->gaps++;
			continue;
		}
		for (k = 0; k < g.nreq; k++) {
			struct gt_vmod *x = gt_vmod_get(r, m->sum, g.req[k].path, g.req[k].version, 0);
			if (x && !x->used) {
				x->used = 1;
				q[tail++] = (int)(x - r->m);
			}
		}
		gt_gomod_free(&g);
	}
	free(q);
}

void gt_verify_cache(struct gt_vrun *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		cache_one(r, &r->m[i]);
	mark_used(r);
}

/* The zip the proxy served, at PATH, hashed into H: over go's limit, not a zip, or its h1. */
static void proxy_zip(struct gt_vhash *h, const char *path, const char *where)
{
	char h1[GT_H1_LEN], err[600], *why = NULL;
	struct stat st;
	int rc;

	if (stat(path, &st) == 0 && st.st_size > GT_V_ZIP_MAX) {
		why = gt_xasprintf("the .zip is %lld bytes, over go's 500 MB limit (go refuses it)", (long long)st.st_size);
	} else if ((rc = gt_zip_h1(path, h1, NULL, err, sizeof(err))) < 0) {
		why = gt_xasprintf(rc == -2 ? "the .zip served is not a zip: %s" : "the .zip served cannot be read: %s", err);
	}
	gt_vhash_set(h, why ? GT_VS_UNCHECKED : GT_VS_HAVE, why ? NULL : h1, where, why);
	free(why);
}

/* What the GOPROXY chain served for M (the answer A): each hash, or why there is none. */
static void proxy_answer(struct gt_vmod *m, const struct gt_remote_answer *a, const char *tmpdir)
{
	const char *where = a->where[0] ? a->where : NULL;

	if (a->why[0] || !where) {
		gt_vhash_set(&m->zip[GT_V_PROXY], GT_VS_UNCHECKED, NULL, NULL, a->why[0] ? a->why : "nothing served");
		gt_vhash_set(&m->mod[GT_V_PROXY], GT_VS_UNCHECKED, NULL, NULL, a->why[0] ? a->why : "nothing served");
		return;
	}
	if (a->zip_path[0])
		proxy_zip(&m->zip[GT_V_PROXY], a->zip_path, where);
	else
		gt_vhash_set(&m->zip[GT_V_PROXY], GT_VS_UNCHECKED, NULL, where, a->zip_why[0] ? a->zip_why : "no .zip served");
	if (a->zip_path[0] && !strncmp(a->zip_path, tmpdir, strlen(tmpdir)))
		unlink(a->zip_path);
	if (a->mod_h1[0])
		gt_vhash_set(&m->mod[GT_V_PROXY], GT_VS_HAVE, a->mod_h1, where, NULL);
	else
		gt_vhash_set(&m->mod[GT_V_PROXY], GT_VS_UNCHECKED, NULL, where, a->mod_why[0] ? a->mod_why : "no .mod served");
}

/* The checksum database's lines for M: a hash only from an answer whose signed note was checked. */
static void db_answer(struct gt_vmod *m, const struct gt_remote_answer *a)
{
	char *where = a->db_name[0] ? gt_xasprintf("checksum database %s", a->db_name) : NULL;
	const char *why = a->db_why[0] ? a->db_why : "the database has no line for it";

	gt_vhash_set(&m->zip[GT_V_SUMDB], a->db_zip[0] ? GT_VS_HAVE : GT_VS_UNCHECKED, a->db_zip[0] ? a->db_zip : NULL, where,
		     a->db_zip[0] ? NULL : why);
	gt_vhash_set(&m->mod[GT_V_SUMDB], a->db_mod[0] ? GT_VS_HAVE : GT_VS_UNCHECKED, a->db_mod[0] ? a->db_mod : NULL, where,
		     a->db_mod[0] ? NULL : why);
	free(where);
}

static void copy_hash(struct gt_vhash *to, const struct gt_vhash *from)
{
	gt_vhash_set(to, from->state, from->h1, from->where, from->why);
}

void gt_verify_remote(struct gt_vrun *r, const char *tmpdir)
{
	struct gt_remote *rem;
	int i, k;

	if (!r->proxy && !r->sumdb)
		return;
	rem = gt_remote_open(r->timeout, tmpdir, r->proxy, r->sumdb);
	for (i = 0; i < r->n; i++) {
		struct gt_vmod *m = &r->m[i], *prev = NULL;
		struct gt_remote_answer *a;
		if (!m->zip_line && !m->mod_line)
			continue;
		for (k = 0; k < m->sum && !prev; k++) /* asked already for another go.sum */
			prev = gt_vmod_get(r, k, m->path, m->version, 0);
		if (prev && (prev->zip_line || prev->mod_line)) {
			for (k = GT_V_PROXY; k <= GT_V_SUMDB; k++) {
				copy_hash(&m->zip[k], &prev->zip[k]);
				copy_hash(&m->mod[k], &prev->mod[k]);
			}
			continue;
		}
		a = gt_xcalloc(1, sizeof(*a));
		gt_remote_ask(rem, m->path, m->version, a);
		if (r->proxy)
			proxy_answer(m, a, tmpdir);
		if (r->sumdb)
			db_answer(m, a);
		free(a);
	}
	gt_remote_close(rem);
}

void gt_verify_free(struct gt_vrun *r)
{
	int i, s;

	for (i = 0; i < r->n; i++) {
		struct gt_vmod *m = &r->m[i];
		for (s = 0; s < GT_V_N; s++) {
			gt_vhash_free(&m->zip[s]);
			gt_vhash_free(&m->mod[s]);
		}
		free(m->path);
		free(m->version);
		gt_buf_free(&m->edited);
		gt_buf_free(&m->added);
		gt_buf_free(&m->removed);
	}
	for (i = 0; i < r->nsum; i++) {
		free(r->sumfiles[i]);
		free(r->gomods[i]);
	}
	free(r->sumfiles);
	free(r->gomods);
	free(r->m);
	free(r->slot);
}

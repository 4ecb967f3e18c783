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

/* The item for PATH@VERSION of SUMFILE, made when new. */
static struct gt_vmod *item(struct gt_vrun *r, const char *sumfile, const char *path, const char *version)
{
	struct gt_vmod *m;
	int i;

	for (i = 0; i < r->n; i++)
		if (r->m[i].sumfile == sumfile && !strcmp(r->m[i].path, path) && !strcmp(r->m[i].version, version))
			return &r->m[i];
	r->m = gt_xrealloc(r->m, (size_t)(r->n + 1) * sizeof(*r->m));
	m = &r->m[r->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->path, sizeof(m->path), "%s", path);
	snprintf(m->version, sizeof(m->version), "%s", version);
	m->sumfile = sumfile;
	gt_buf_init(&m->edited);
	gt_buf_init(&m->added);
	gt_buf_init(&m->removed);
	return m;
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

/* Read one go.sum and the requirements of the go.mod beside it. */
static void read_pair(struct gt_vrun *r, int k)
{
	struct gt_sumline *l;
	struct gt_gomod g;
	int n = gt_gosum_read(r->sumfiles[k], &l), i;

	for (i = 0; i < n; i++) {
		struct gt_vmod *m = item(r, r->sumfiles[k], l[i].path, l[i].version);
		struct gt_vhash *h = l[i].gomod ? &m->mod[GT_V_GOSUM] : &m->zip[GT_V_GOSUM];
		*(l[i].gomod ? &m->mod_line : &m->zip_line) = l[i].line;
		h->have = 1;
		snprintf(h->h1, sizeof(h->h1), "%s", l[i].hash);
		snprintf(h->note, sizeof(h->note), "%s line %d", r->sumfiles[k], l[i].line);
	}
	free(l);
	if (!r->gomods[k] || gt_gomod_read(r->gomods[k], &g) < 0)
		return;
	for (i = 0; i < g.nreq; i++) {
		int rp = gt_gomod_replaced(&g, g.req[i].path, g.req[i].version);
		struct gt_vmod *m;
		if (rp >= 0 && !g.rep[rp].to_version[0])
			continue; /* a directory: nothing to verify */
		m = rp >= 0 ? item(r, r->sumfiles[k], g.rep[rp].to, g.rep[rp].to_version)
			    : item(r, r->sumfiles[k], g.req[i].path, g.req[i].version);
		m->required = 1;
		m->req_line = g.req[i].line;
	}
	gt_gomod_free(&g);
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
		read_pair(r, k);
	return 0;
}

/* The first line of the file at PATH (trimmed) into OUT; 0, or -1 with why in NOTE. */
static int first_line(const char *path, char *out, size_t size, char *note, size_t nsize)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);

	out[0] = 0;
	if (!f) {
		snprintf(note, nsize, "%s: %s", path, errno == ENOENT ? "not there" : strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)size, f))
		out[0] = 0;
	fclose(f);
	out[strcspn(out, " \t\r\n")] = 0;
	snprintf(note, nsize, "%s", path);
	return 0;
}

/* The cache's side of M: .ziphash, the zip recomputed, the unpacked directory against it, the .mod. */
static void cache_one(const struct gt_vrun *r, struct gt_vmod *m)
{
	char ep[1100], ev[300], base[8192], err[600];
	struct gt_vhash *h;

	if (gt_mod_escape(m->path, ep, sizeof(ep)) < 0 || gt_mod_escape(m->version, ev, sizeof(ev)) < 0)
		return;
	snprintf(base, sizeof(base), "%s/cache/download/%s/@v/%s", r->modcache, ep, ev);
	if (m->zip_line) {
		struct gt_zlist zl = {NULL, 0}, dl = {NULL, 0};
		char *p = gt_xasprintf("%s.ziphash", base), *d;
		h = &m->zip[GT_V_ZIPHASH];
		h->have = first_line(p, h->h1, sizeof(h->h1), h->note, sizeof(h->note)) == 0 && h->h1[0];
		free(p);
		p = gt_xasprintf("%s.zip", base);
		h = &m->zip[GT_V_CACHE];
		if (gt_zip_h1(p, h->h1, &zl, err, sizeof(err)) == 0) {
			h->have = 1;
			snprintf(h->note, sizeof(h->note), "%s", p);
		} else {
			snprintf(h->note, sizeof(h->note), "%.400s: %.180s", p, err);
		}
		free(p);
		d = gt_xasprintf("%s/%s@%s", r->modcache, ep, ev);
		p = gt_xasprintf("%s@%s", m->path, m->version);
		if (m->zip[GT_V_CACHE].have && access(d, F_OK) == 0) {
			char dh[GT_H1_LEN];
			if (gt_dir_h1(d, p, dh, &dl, m->unpacked_err, sizeof(m->unpacked_err)) == 0) {
				m->unpacked = 1;
				m->ndiff = gt_zlist_diff(&zl, &dl, &m->edited, &m->added, &m->removed);
			}
		}
		gt_zlist_free(&zl);
		gt_zlist_free(&dl);
		free(d);
		free(p);
	}
	if (m->mod_line || m->required) {
		char *p = gt_xasprintf("%s.mod", base);
		h = &m->mod[GT_V_CACHE];
		if (gt_file_gomod_h1(p, h->h1, err, sizeof(err)) == 0) {
			h->have = 1;
			snprintf(h->note, sizeof(h->note), "%s", p);
		} else {
			snprintf(h->note, sizeof(h->note), "%.400s: %.180s", p, err);
		}
		free(p);
	}
}

/* Which lines something needs: go.mod's requirements, and those of the cached .mod of each module here. */
static void mark_used(struct gt_vrun *r)
{
	int i, j, k;

	for (i = 0; i < r->n; i++)
		r->m[i].used |= r->m[i].required;
	for (i = 0; i < r->n; i++) {
		struct gt_gomod g;
		if (!r->m[i].mod[GT_V_CACHE].have || gt_gomod_read(r->m[i].mod[GT_V_CACHE].note, &g) < 0)
			continue;
		for (k = 0; k < g.nreq; k++)
			for (j = 0; j < r->n; j++)
				if (r->m[j].sumfile == r->m[i].sumfile && !strcmp(r->m[j].path, g.req[k].path) &&
				    !strcmp(r->m[j].version, g.req[k].version))
					r->m[j].used = 1;
		gt_gomod_free(&g);
	}
}

void gt_verify_cache(struct gt_vrun *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		cache_one(r, &r->m[i]);
	mark_used(r);
}

static void set(struct gt_vhash *h, const char *h1, const char *note, const char *why)
{
	h->have = h1 && h1[0];
	snprintf(h->h1, sizeof(h->h1), "%.*s", (int)sizeof(h->h1) - 1, h->have ? h1 : "");
	snprintf(h->note, sizeof(h->note), "%.*s", (int)sizeof(h->note) - 1, h->have ? note : why);
}

void gt_verify_remote(struct gt_vrun *r, const char *tmpdir)
{
	struct gt_remote *rem;
	int i, j;

	if (!r->proxy && !r->sumdb)
		return;
	rem = gt_remote_open(r->timeout, tmpdir, r->proxy, r->sumdb);
	for (i = 0; i < r->n; i++) {
		struct gt_vmod *m = &r->m[i];
		struct gt_remote_answer a;
		char zh[GT_H1_LEN] = "", err[600] = "";
		if (!m->zip_line && !m->mod_line)
			continue;
		for (j = 0; j < i && (strcmp(r->m[j].path, m->path) || strcmp(r->m[j].version, m->version)); j++)
			;
		if (j < i) { /* asked already for another go.sum */
			memcpy(&m->zip[GT_V_PROXY], &r->m[j].zip[GT_V_PROXY], 2 * sizeof(struct gt_vhash));
			memcpy(&m->mod[GT_V_PROXY], &r->m[j].mod[GT_V_PROXY], 2 * sizeof(struct gt_vhash));
			continue;
		}
		gt_remote_ask(rem, m->path, m->version, &a);
		if (r->proxy) {
			if (a.zip_path[0] && gt_zip_h1(a.zip_path, zh, NULL, err, sizeof(err)) < 0)
				snprintf(a.why, sizeof(a.why), "the .zip served: %s", err);
			if (a.zip_path[0] && !strncmp(a.zip_path, tmpdir, strlen(tmpdir)))
				unlink(a.zip_path);
			set(&m->zip[GT_V_PROXY], zh, a.where, a.why[0] ? a.why : "no .zip served");
			set(&m->mod[GT_V_PROXY], a.mod_h1, a.where, a.why[0] ? a.why : "no .mod served");
		}
		if (r->sumdb) {
			char *note = gt_xasprintf("checksum database %s", a.db_name);
			set(&m->zip[GT_V_SUMDB], a.db_zip, note, a.db_why[0] ? a.db_why : "the database has no line for it");
			set(&m->mod[GT_V_SUMDB], a.db_mod, note, a.db_why[0] ? a.db_why : "the database has no line for it");
			free(note);
		}
	}
	gt_remote_close(rem);
}

void gt_verify_free(struct gt_vrun *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		gt_buf_free(&r->m[i].edited);
		gt_buf_free(&r->m[i].added);
		gt_buf_free(&r->m[i].removed);
	}
	for (i = 0; i < r->nsum; i++) {
		free(r->sumfiles[i]);
		free(r->gomods[i]);
	}
	free(r->sumfiles);
	free(r->gomods);
	free(r->m);
}

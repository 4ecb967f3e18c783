/* See settings.h. */
#include "settings.h"
#include "goconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/redact.h"
#include "../common/util.h"

/* The files asked about, each parsed once. */
struct gt_cfcache {
	struct gt_cfile *f;
	size_t n, cap;
};

/* FILE from the fingerprint event FP (its settings: name, value, line). */
static void from_trace(struct gt_cfile *f, const struct gt_ev_fingerprint *fp)
{
	size_t i, cap = 0;

	f->state = GT_CF_RECORDED;
	for (i = 0; i < fp->settings.n; i++) {
		const struct gt_ev_setting *v = &fp->settings.v[i];
		if (!v->name || !v->value)
			continue;
		GT_GROW(f->s.v, f->s.n, cap);
		f->s.v[f->s.n].name = gt_xstrdup(v->name);
		f->s.v[f->s.n].value = gt_xstrdup(v->value);
		f->s.v[f->s.n].line = (long)v->line;
		f->s.v[f->s.n].secret = strstr(v->value, GT_REDACTED) != NULL;
		f->s.n++;
	}
	f->s.more = (size_t)fp->settings_more;
}

const struct gt_cfile *gt_model_settings(const struct gt_model *m, const char *path, enum gt_gsfile k)
{
	struct gt_model *mm = (struct gt_model *)m; /* the cache is not the model's content */
	struct gt_cfcache *c = mm->cfcache;
	struct gt_cfile *f;
	const struct gt_ev_fingerprint *fp;
	size_t i;

	if (!c)
		c = mm->cfcache = gt_xcalloc(1, sizeof(*c));
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->f[i].path, path))
			return &c->f[i];
	GT_GROW(c->f, c->n, c->cap);
	f = &c->f[c->n++];
	memset(f, 0, sizeof(*f));
	f->path = gt_xstrdup(path);
	if (k == GT_GS_NONE)
		k = gt_goset_kind(path);
	fp = gt_model_fingerprint(m, path);
	if (fp && GT_HAS(fp, fingerprint, settings)) {
		from_trace(f, fp);
	} else if (fp && fp->err) {
		f->state = GT_CF_GONE;
	} else if (gt_goset_read(k, path, &f->s) == 0) {
		f->state = GT_CF_AFTER;
	} else {
		gt_goset_free(&f->s);
		f->state = GT_CF_UNKNOWN;
	}
	return f;
}

const struct gt_goset *gt_model_setting(const struct gt_model *m, const char *path, const char *name,
					const struct gt_cfile **cf)
{
	const struct gt_cfile *f = gt_model_settings(m, path, GT_GS_NONE);

	if (cf)
		*cf = f;
	return gt_goset_get(&f->s, name);
}

const char *gt_cf_when(const struct gt_cfile *cf)
{
	return cf && cf->state == GT_CF_AFTER ? "read after the run" : "as the trace recorded it";
}

const char *gt_model_goversion(const struct gt_model *m, const char *exe, const char *root, char *out, size_t size)
{
	const struct gt_ev_fingerprint *fp = exe ? gt_model_fingerprint(m, exe) : NULL;
	const char *v = fp ? fp->goversion : NULL;
	char *r;

	if (v) {
		snprintf(out, size, "%s", v);
		return "recorded";
	}
	if (!root || !(r = gt_goroot_version(root)))
		return NULL;
	snprintf(out, size, "%s", r);
	free(r);
	return "read after the run";
}

void gt_settings_free(struct gt_model *m)
{
	struct gt_cfcache *c = m->cfcache;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->f[i].path);
		gt_goset_free(&c->f[i].s);
	}
	free(c->f);
	free(c);
	m->cfcache = NULL;
}

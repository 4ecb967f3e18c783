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

/* FILE from the fingerprint event FP ("settings": [{name, value, line}]). */
static void from_trace(struct gt_cfile *f, json_t *fp)
{
	json_t *a = json_object_get(fp, "settings"), *v;
	size_t i, cap = 0;

	f->state = GT_CF_RECORDED;
	json_array_foreach(a, i, v) {
		const char *n = json_string_value(json_object_get(v, "name"));
		const char *val = json_string_value(json_object_get(v, "value"));
		if (!n || !val)
			continue;
		GT_GROW(f->s.v, f->s.n, cap);
		f->s.v[f->s.n].name = gt_xstrdup(n);
		f->s.v[f->s.n].value = gt_xstrdup(val);
		f->s.v[f->s.n].line = (long)json_integer_value(json_object_get(v, "line"));
		f->s.v[f->s.n].secret = strstr(val, GT_REDACTED) != NULL;
		f->s.n++;
	}
	f->s.more = (size_t)json_integer_value(json_object_get(fp, "settings_more"));
}

const struct gt_cfile *gt_model_settings(const struct gt_model *m, const char *path, enum gt_gsfile k)
{
	struct gt_model *mm = (struct gt_model *)m; /* the cache is not the model's content */
	struct gt_cfcache *c = mm->cfcache;
	struct gt_cfile *f;
	json_t *fp;
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
	fp = m->fpset ? json_object_get(m->fpset, path) : NULL;
	if (fp && json_object_get(fp, "settings")) {
		from_trace(f, fp);
	} else if (fp && json_object_get(fp, "err")) {
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
	json_t *fp = m->fpset && exe ? json_object_get(m->fpset, exe) : NULL;
	const char *v = json_string_value(json_object_get(fp, "goversion"));
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

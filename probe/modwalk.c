/*
 * The GOPROXY walk for one module, request by request as go makes them
 * (cmd/go/internal/modfetch/proxy.go, modload/query.go): with a version,
 * the entry's @v/VERSION.info; without one, @v/list and the highest
 * release in it (else the highest prerelease; pseudo-versions never
 * count), or @latest when the list holds none, then that version's .info.
 * An .info naming another version than the one asked is an error, as is a
 * list that names nothing and no @latest ("no matching versions"). Then the
 * .mod and the .zip's size from the entry that answered.
 */
#include "probe_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/modpath.h"

/* A file:// entry: the file is there or it is not (go reads it as a proxy would serve it); MAX as for gt_fetch. */
static void ask_file(const char *base, const char *rel, int head, struct gt_buf *body, struct gt_step *s, long long max)
{
	size_t cap = max ? (size_t)max : GT_FETCH_BODY_MAX;
	struct stat st;
	FILE *f;

	memset(&s->f, 0, sizeof(s->f));
	snprintf(s->url, sizeof(s->url), "%s/%s", base + 7, rel);
	s->f.status = stat(s->url, &st) == 0 && S_ISREG(st.st_mode) ? 200 : 404;
	s->f.size = s->f.clen = s->f.status == 200 ? (long long)st.st_size : -1;
	if (max && s->f.clen > max) { /* as a served body over the bound: never taken as whole */
		s->f.over_limit = 1;
		s->f.limit = max;
		snprintf(s->f.err, sizeof(s->f.err), "the file is over %lld bytes (it has %lld)", max, s->f.clen);
		return;
	}
	if (s->f.status == 200 && !head && body && (f = fopen(s->url, "r"))) {
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && body->len < cap)
			gt_buf_add(body, buf, n < cap - body->len ? n : cap - body->len);
		s->f.got = (long long)body->len;
		fclose(f);
	}
}

/* Ask entry I for REL (relative to its base) as go would; the answer in S. */
static void ask_to(struct gt_mod *m, const struct gt_probe_ctx *x, int i, const char *rel, int head, struct gt_buf *body,
		   struct gt_step *s, int to_fd, long long max)
{
	const struct gt_proxy_entry *e = &x->pl->e[i];
	struct gt_fetch_opts o = {.head = head, .timeout = x->timeout, .body = body, .to_fd = to_fd, .max = max};
	size_t n = strlen(e->url);

	if (e->kind == 'f') {
		ask_file(e->url, rel, head, body, s, max);
		return;
	}
	snprintf(s->url, sizeof(s->url), "%.*s/%s", (int)(n && e->url[n - 1] == '/' ? n - 1 : n), e->url, rel);
	gt_cred_fetch(x->k, s->url, &o, &s->f, &m->cred[i]);
}

static void ask(struct gt_mod *m, const struct gt_probe_ctx *x, int i, const char *rel, int head, struct gt_buf *body,
		struct gt_step *s)
{
	ask_to(m, x, i, rel, head, body, s, 0, 0);
}

/*
 * The served .zip itself, whole, as go fetches it (at most go's 500 MB):
 * into a file of X->zip_dir that the caller removes, else into a private
 * file of TMPDIR removed at once (M->zip_fd keeps it until the module is
 * done). A file:// entry's own file is used as it is.
 */
static void get_zip(struct gt_mod *m, const struct gt_probe_ctx *x, const char *rel, struct gt_step *s)
{
	const struct gt_proxy_entry *e = &x->pl->e[m->w.served];
	const char *dir = x->zip_dir ? x->zip_dir : getenv("TMPDIR");
	int fd;

	if (e->kind == 'f') {
		ask_file(e->url, rel, 1, NULL, s, GT_FETCH_ZIP_MAX);
		if (s->f.status == 200 && !s->f.err[0])
			snprintf(m->zip_path, sizeof(m->zip_path), "%s", s->url);
		return;
	}
	snprintf(m->zip_path, sizeof(m->zip_path), "%s/gotrace-zip-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(m->zip_path);
	if (fd < 0) {
		memset(&s->f, 0, sizeof(s->f));
		snprintf(s->f.err, sizeof(s->f.err), "cannot create a file in %s to fetch the zip into", dir ? dir : "/tmp");
		m->zip_path[0] = 0;
		return;
	}
	if (!x->zip_dir) { /* nobody else needs the name: the file goes with the descriptor */
		unlink(m->zip_path);
		snprintf(m->zip_path, sizeof(m->zip_path), "/proc/self/fd/%d", fd);
		m->zip_fd = fd;
	}
	ask_to(m, x, m->w.served, rel, 0, NULL, s, fd, GT_FETCH_ZIP_MAX);
	if (x->zip_dir)
		close(fd);
	if (s->f.status != 200 || s->f.err[0]) {
		if (x->zip_dir)
			unlink(m->zip_path);
		m->zip_path[0] = 0;
	}
}

static enum gt_outcome outcome_of(const struct gt_fetch *f)
{
	if (f->status >= 200 && f->status < 300 && f->err[0])
		return GT_OUT_ERROR; /* the body did not arrive whole: nothing can be said about it */
	if (f->status >= 200 && f->status < 300)
		return GT_OUT_OK;
	return gt_status_notexist(f->status) ? GT_OUT_NOTEXIST : GT_OUT_ERROR;
}

/* The next request of entry I (NULL when it has made GT_PROBE_STEPS). */
static struct gt_step *next_step(struct gt_mod *m, int i)
{
	return m->ns[i] < GT_PROBE_STEPS ? &m->s[i][m->ns[i]++] : NULL;
}

/* The version go picks from an @v/list body: the highest release, else the highest prerelease. */
static void pick_from_list(const char *list, char *out, size_t size)
{
	char best_rel[128] = "", best_pre[128] = "", v[128];

	while (*list) {
		size_t n = strcspn(list, "\n");
		if (sscanf(list, "%127s", v) == 1 && n && gt_semver_valid(v) && !gt_mod_is_pseudo(v)) {
			char *best = gt_semver_prerelease(v) ? best_pre : best_rel;
			if (!best[0] || gt_semver_cmp(v, best) > 0)
				snprintf(best, 128, "%s", v);
		}
		list += n + (list[n] == '\n');
	}
	snprintf(out, size, "%s", best_rel[0] ? best_rel : best_pre);
}

/* The "Version" of an .info (or @latest) body into OUT; -1 when it is not such JSON. */
static int info_version(const struct gt_buf *body, char *out, size_t size)
{
	json_t *j = json_loadb(body->p ? body->p : "", body->len, 0, NULL);
	const char *v = json_string_value(json_object_get(j, "Version"));
	int rc = v ? 0 : -1;

	snprintf(out, size, "%s", v ? v : "");
	json_decref(j);
	return j ? rc : -1;
}

/* Stat VERSION at entry I: its .info, which must name VERSION. */
static enum gt_outcome stat_version(struct gt_mod *m, const struct gt_probe_ctx *x, int i, const char *version)
{
	char ever[300], rel[1500], got[128];
	struct gt_step *s = next_step(m, i);
	struct gt_buf body;
	enum gt_outcome o;

	if (!s || gt_mod_escape(version, ever, sizeof(ever)) < 0)
		return GT_OUT_ERROR;
	snprintf(rel, sizeof(rel), "%s/@v/%s.info", m->epath, ever);
	gt_buf_init(&body);
	ask(m, x, i, rel, 0, &body, s);
	o = outcome_of(&s->f);
	if (o == GT_OUT_OK && info_version(&body, got, sizeof(got)) < 0) {
		snprintf(m->note[i], sizeof(m->note[i]), "invalid response from proxy: the .info is not JSON with a Version");
		o = GT_OUT_ERROR;
	} else if (o == GT_OUT_OK && strcmp(got, version) && gt_semver_valid(version)) {
		snprintf(m->note[i], sizeof(m->note[i]), "proxy returned info for version %.100s instead of requested version",
			 got);
		o = GT_OUT_ERROR;
	}
	if (o == GT_OUT_OK)
		snprintf(m->resolved, sizeof(m->resolved), "%s", version);
	gt_buf_free(&body);
	return o;
}

/* The "latest" query at entry I: the list, else @latest, then the .info. */
static enum gt_outcome query_latest(struct gt_mod *m, const struct gt_probe_ctx *x, int i)
{
	char rel[1500], v[128];
	struct gt_step *s = next_step(m, i);
	struct gt_buf body;
	enum gt_outcome o;

	snprintf(rel, sizeof(rel), "%s/@v/list", m->epath);
	gt_buf_init(&body);
	ask(m, x, i, rel, 0, &body, s);
	o = outcome_of(&s->f);
	if (o != GT_OUT_OK)
		goto out;
	pick_from_list(gt_buf_cstr(&body), v, sizeof(v));
	if (!v[0]) {
		s = next_step(m, i);
		snprintf(rel, sizeof(rel), "%s/@latest", m->epath);
		body.len = 0;
		ask(m, x, i, rel, 0, &body, s);
		o = outcome_of(&s->f);
		if (o == GT_OUT_NOTEXIST || (o == GT_OUT_OK && info_version(&body, v, sizeof(v)) < 0)) {
			/* the list named no version and there is no usable @latest: not "does not exist" */
			snprintf(m->note[i], sizeof(m->note[i]), "no matching versions for query \"latest\"");
			o = GT_OUT_ERROR;
		}
		if (o != GT_OUT_OK)
			goto out;
	}
	o = stat_version(m, x, i, v);
out:
	gt_buf_free(&body);
	return o;
}

enum gt_outcome gt_probe_entry_outcome(const struct gt_mod *m, int i)
{
	if (m->note[i][0])
		return GT_OUT_ERROR;
	if (!m->ns[i])
		return GT_OUT_NOTEXIST; /* "off" */
	return outcome_of(&m->s[i][m->ns[i] - 1].f);
}

int gt_probe_stalled(const struct gt_fetch *f)
{
	return f->stalled && (!strcmp(f->stalled, "headers") || !strcmp(f->stalled, "body"));
}

const struct gt_step *gt_probe_last(const struct gt_mod *m, int i)
{
	return m->ns[i] ? &m->s[i][m->ns[i] - 1] : NULL;
}

void gt_probe_walk(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	const struct gt_proxy_list *pl = x->pl;
	int i;

	gt_walk_start(&m->w, pl);
	while ((i = gt_walk_next(&m->w)) >= 0) {
		const struct gt_proxy_entry *e = &pl->e[i];
		if (e->kind == 'o') {
			gt_walk_record(&m->w, GT_OUT_NOTEXIST);
			continue;
		}
		if (e->kind == 'd')
			break; /* go goes to the origin: direct.c */
		gt_walk_record(&m->w, m->version[0] ? stat_version(m, x, i, m->version) : query_latest(m, x, i));
		if (gt_probe_stalled(&m->s[i][m->ns[i] - 1].f)) {
			m->hung = i + 1; /* go has no deadline for an answer: it waits here, it never moves on */
			m->w.next = -1;
			break;
		}
	}
	if (m->w.served >= 0) {
		char ever[300], rel[1500];
		struct gt_step s;
		gt_mod_escape(m->resolved, ever, sizeof(ever));
		snprintf(rel, sizeof(rel), "%s/@v/%s.mod", m->epath, ever);
		ask_to(m, x, m->w.served, rel, 0, &m->modbody, &s, 0, GT_FETCH_MOD_MAX);
		m->mod = s.f;
		snprintf(rel, sizeof(rel), "%s/@v/%s.zip", m->epath, ever);
		if (x->quick && !x->zip_dir) /* --quick: whether it is there, and its announced size */
			ask_to(m, x, m->w.served, rel, 1, NULL, &s, 0, GT_FETCH_ZIP_MAX);
		else
			get_zip(m, x, rel, &s);
		m->zip = s.f;
	}
}

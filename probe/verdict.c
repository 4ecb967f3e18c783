/*
 * What gotrace probe says of one module: the verdict first (what go would
 * do and why), then each GOPROXY entry's requests, the .mod and .zip, the
 * go-get discovery and the checksum database — as text like the report's,
 * or as JSON with the same content (docs/probe-format.md).
 */
#include "verdict.h"

#include <string.h>
#include <time.h>

#include "../common/json.h"
#include "../common/redact.h"

/* S as a JSON string; bytes that are not UTF-8 (a server chose them) become U+FFFD, as encoding/json does. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	struct gt_buf b;
	size_t i, n = strlen(s), l;

	if (j)
		return j;
	gt_buf_init(&b);
	for (i = 0; i < n; i += l) {
		l = (unsigned char)s[i] < 0x80 ? 1 : gt_utf8_len((const unsigned char *)s + i, n - i);
		if (l)
			gt_buf_add(&b, s + i, l);
		else
			gt_buf_puts(&b, "\xef\xbf\xbd"), l = 1;
	}
	j = json_stringn(b.p ? b.p : "", b.len);
	gt_buf_free(&b);
	return j ? j : json_string("");
}

/* S with passwords hidden, for output (a GOPROXY URL may carry user:password). */
static const char *shown(const char *s, struct gt_buf *b)
{
	b->len = 0;
	gt_redact_text(b, s, strlen(s));
	return gt_buf_cstr(b);
}

/* For a 401 at entry I: whose credential the server refused, or why go had none. */
static void on_401(const struct gt_mod *m, int i, struct gt_buf *b)
{
	const struct gt_step *s = gt_probe_last(m, i);

	if (!s || s->f.status != 401)
		return;
	if (m->cred[i].sent)
		gt_buf_printf(b, "; the server refused the %s", m->cred[i].what);
	else
		gt_buf_printf(b, "; the server wants a credential and go had none%s%s", m->cred[i].why[0] ? ": " : "",
			      m->cred[i].why);
}

/* The verdict for a module go fetches from its origin; 0 when discovery named a place. */
static int direct_verdict(const struct gt_mod *m, const char *why, struct gt_buf *b)
{
	const struct gt_direct *d = &m->d;

	if (d->err[0]) {
		gt_buf_printf(b, "go would fail: %s (go goes to the origin: %s)", d->err, why);
		return 1;
	}
	if (d->known && !d->repo[0]) {
		gt_buf_printf(b, "go would fetch it from its origin (%s) by the rule it has for %s; not probed", why,
			      d->known);
		return 0;
	}
	if (!strcmp(d->vcs, "mod"))
		gt_buf_printf(b, "go would fetch it from the module proxy %s that the go-import tag names (%s); "
				 "that proxy is not probed",
			      d->repo, why);
	else
		gt_buf_printf(b, "go would hand it to %s: %s (%s%s%s); whether %s can fetch it is not probed", d->vcs,
			      d->repo, why, d->known ? "; go knows " : "; go-import tag at ",
			      d->known ? d->known : d->url, d->vcs);
	return 0;
}

/* Go's complaint about the checksum database, or "" when it has none. */
static int sum_trouble(const struct gt_mod *m, struct gt_buf *b)
{
	const struct gt_sum *s = &m->sum;

	if (s->state != 2)
		return 0;
	if (s->err[0] && !s->lookup.url[0]) {
		gt_buf_printf(b, "go would fail checking it: %s", s->err);
		return 1;
	}
	if (s->lookup.f.status != 200) {
		gt_buf_printf(b, "go would fail checking it against the checksum database %s: %s -> ", s->name,
			      s->lookup.url);
		gt_fetch_said(&s->lookup.f, b);
		return 1;
	}
	if (!s->signed_ok) {
		gt_buf_printf(b, "go would fail checking it: %s", s->err);
		return 1;
	}
	if (s->proof == GT_SUM_FORK || s->proof == GT_SUM_ROLLBACK) {
		gt_buf_printf(b, "the checksum database %s misbehaves: %s", s->name, s->proof_why);
		return 1;
	}
	if (s->proof != GT_SUM_PROVEN) {
		gt_buf_printf(b, "go would fail checking it: the database's record for %s@%s is not proven: %s", m->path,
			      m->resolved, s->proof_why[0] ? s->proof_why : "unchecked");
		return 1;
	}
	if (!s->gosum[0][0]) {
		gt_buf_printf(b, "go would fail checking it: the database's answer holds no go.sum line for %s@%s", m->path,
			      m->resolved);
		return 1;
	}
	if (s->mod_match == 0) {
		gt_buf_printf(b, "go would fail: verifying %s@%s/go.mod: checksum mismatch (the .mod served and the "
				 "checksum database disagree: SECURITY ERROR)",
			      m->path, m->resolved);
		return 1;
	}
	return 0;
}

int gt_probe_verdict(const struct gt_mod *m, const struct gt_proxy_list *pl, struct gt_buf *b)
{
	const struct gt_walk *w = &m->w;
	int last = w->asked - 1, rc = 1;
	const struct gt_step *ls = last >= 0 ? gt_probe_last(m, last) : NULL;
	struct gt_buf u, why;

	gt_buf_init(&u);
	gt_buf_init(&why);
	if (m->pattern[0]) {
		gt_buf_printf(&why, "GONOPROXY/GOPRIVATE pattern %s", m->pattern);
		rc = direct_verdict(m, gt_buf_cstr(&why), b);
	} else if (m->hung) {
		gt_buf_printf(b, "go would hang: GOPROXY entry %d %s took the request for %s and ", m->hung,
			      shown(pl->e[m->hung - 1].url, &u), ls->url);
		if (!strcmp(ls->f.stalled, "body")) {
			gt_buf_printf(b, "sent %lld", ls->f.got);
			if (ls->f.clen >= 0)
				gt_buf_printf(b, " of %lld", ls->f.clen);
			gt_buf_printf(b, " bytes, then nothing for %.0f s", ls->f.idle);
		} else {
			gt_buf_printf(b, "sent no answer for %.0f s", ls->f.idle);
		}
		gt_buf_puts(b, "; go sets no deadline for an answer and waits for ever");
	} else if (gt_probe_check_verdict(m, b)) {
		rc = 1;
	} else if (w->served >= 0 && !(m->sum_zip[0] && m->sum_mod[0]) && sum_trouble(m, b)) {
		rc = 1; /* go asks the database only about what go.sum does not list */
	} else if (w->served >= 0) {
		int j;
		gt_buf_printf(b, "go would get %s from GOPROXY entry %d %s", m->resolved, w->served + 1,
			      shown(pl->e[w->served].url, &u));
		for (j = 0; j < w->served; j++) { /* why go went past the entries before it */
			gt_buf_printf(b, "%sentry %d answered ", j ? "; " : " (", j + 1);
			if (pl->e[j].kind == 'o')
				gt_buf_puts(b, "off");
			else if (m->note[j][0])
				gt_buf_printf(b, "with go's error %s", m->note[j]);
			else
				gt_fetch_said(&gt_probe_last(m, j)->f, b);
			gt_buf_puts(b, gt_probe_entry_outcome(m, j) == GT_OUT_NOTEXIST
					       ? ": it does not have it"
					       : ", and '|' after it falls through on any error");
		}
		if (w->served > 0)
			gt_buf_putc(b, ')');
		if (m->quick)
			gt_buf_puts(b, "; the zip was only asked with HEAD (--quick): its body was not fetched or checked");
		else if (m->zip_h1[0])
			gt_buf_printf(b, "; its zip hashes to %s%s", m->zip_h1,
				      m->sum_zip[0] ? ", as go.sum says" : "");
		rc = 0;
	} else if (m->d.asked) {
		gt_buf_printf(&why, "GOPROXY entry %d is direct", last + 2);
		rc = direct_verdict(m, gt_buf_cstr(&why), b);
	} else if (last >= 0 && pl->e[last].kind == 'o') {
		gt_buf_puts(b, "go would fail: module lookup disabled by GOPROXY=off");
	} else if (last >= 0 && gt_probe_entry_outcome(m, last) == GT_OUT_ERROR && pl->e[last].sep == ',') {
		gt_buf_printf(b, "go would fail: GOPROXY entry %d %s ", last + 1, shown(pl->e[last].url, &u));
		if (m->note[last][0]) {
			gt_buf_printf(b, "answered, and go says: %s", m->note[last]);
		} else {
			gt_buf_puts(b, ls->f.status ? "answered " : "gave ");
			gt_fetch_said(&ls->f, b);
		}
		on_401(m, last, b);
		gt_buf_puts(b, ", and ',' after it stops go there; put '|' after it to fall through on any error");
	} else if (w->reported >= 0) {
		gt_buf_printf(b, "go would fail with GOPROXY entry %d's answer: ", w->reported + 1);
		if (m->note[w->reported][0])
			gt_buf_puts(b, m->note[w->reported]);
		else
			gt_fetch_said(&gt_probe_last(m, w->reported)->f, b);
		on_401(m, w->reported, b);
	} else {
		gt_buf_puts(b, "go would fail: no GOPROXY entry to ask");
	}
	gt_buf_free(&u);
	gt_buf_free(&why);
	return rc;
}

static const char *const proof_names[] = {"unchecked", "proven", "not proven", "fork", "rollback"};
static const char *const head_names[] = {"not kept", "first", "same", "grew", "older", "conflict"};

static void when_text(long long when, char *out, size_t size)
{
	time_t w = (time_t)when;
	struct tm tm;

	gmtime_r(&w, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* What the signed tree proved of the record, by which requests, and what the kept tree head said. */
static void text_proof(const struct gt_sum *s, FILE *out)
{
	char when[64];
	int i;

	if (s->proof == GT_SUM_PROVEN)
		fprintf(out, "    proven: record %lld is in the signed tree of %lld records (hash %s)\n", s->record_id, s->tree_n,
			s->tree_hash);
	else if (s->proof == GT_SUM_FORK || s->proof == GT_SUM_ROLLBACK)
		fprintf(out, "    DATABASE MISBEHAVES: %s\n", s->proof_why);
	else
		fprintf(out, "    NOT PROVEN: %s\n", s->proof_why[0] ? s->proof_why : "unchecked");
	for (i = 0; i < s->ntiles && i < GT_SUM_TILES; i++) {
		const struct gt_sum_tile *t = &s->tiles[i];
		if (t->cached)
			fprintf(out, "      %s (fetched earlier in this run)\n", t->path);
		else
			fprintf(out, "      %s -> %ld, %lld bytes\n", t->path, t->status, t->bytes);
	}
	if (s->ntiles > GT_SUM_TILES)
		fprintf(out, "      and %d more tile requests\n", s->ntiles - GT_SUM_TILES);
	when_text(s->head_when, when, sizeof(when));
	if (s->head == GT_HEAD_NOT_KEPT && s->head_file[0])
		fprintf(out, "    tree head: not kept: %s\n", s->head_file);
	else if (s->head == GT_HEAD_FIRST)
		fprintf(out, "    tree head: the first one seen of this database; kept in %s\n", s->head_file);
	else if (s->head == GT_HEAD_SAME)
		fprintf(out, "    tree head: the same tree as the one proven %s\n", when);
	else if (s->head == GT_HEAD_GREW)
		fprintf(out, "    tree head: grew from %lld records (hash %s, proven %s): consistency proven, the newer one kept in %s\n",
			s->head_n, s->head_hash, when, s->head_file);
	else if (s->head == GT_HEAD_OLDER)
		fprintf(out, "    tree head: older than the one kept (%lld records, proven %s), and contained in it\n", s->head_n,
			when);
}

static void text_sum(const struct gt_mod *m, FILE *out, struct gt_buf *b, struct gt_buf *u)
{
	const struct gt_sum *s = &m->sum;
	int i;

	if (s->state == 1) {
		fprintf(out, "  checksum database: not asked: %s\n", s->err);
		return;
	}
	if (s->state != 2)
		return;
	if (s->own_url)
		fprintf(out, "  checksum database %s: GOSUMDB names its URL, so go asks it there and asks no proxy\n",
			s->name);
	for (i = 0; i < s->nsupported; i++) {
		b->len = 0;
		gt_fetch_said(&s->supported[i].f, b);
		fprintf(out, "  checksum database %s: GOPROXY entry %d: %s -> %s\n", s->name, s->supported_entry[i] + 1,
			shown(s->supported[i].url, u), gt_buf_cstr(b));
	}
	if (!s->lookup.url[0]) {
		fprintf(out, "  checksum database %s: %s\n", s->name, s->err);
		return;
	}
	b->len = 0;
	gt_fetch_said(&s->lookup.f, b);
	if (s->via[0])
		fprintf(out, "  checksum database %s through GOPROXY entry %d: %s -> %s\n", s->name, s->via_entry + 1,
			shown(s->lookup.url, u), gt_buf_cstr(b));
	else
		fprintf(out, "  checksum database %s directly: %s -> %s\n", s->name, shown(s->lookup.url, u), gt_buf_cstr(b));
	if (s->lookup.f.status != 200)
		return;
	fprintf(out, "    signed note: %s\n", s->signed_ok ? "its Ed25519 signature verifies with the key GOSUMDB gives" : s->err);
	for (i = 0; i < 2 && s->gosum[i][0]; i++)
		fprintf(out, "    %s%s\n", s->gosum[i], s->proof == GT_SUM_PROVEN ? "" : "  (not proven)");
	if (s->signed_ok)
		text_proof(s, out);
	if (s->mod_match >= 0)
		fprintf(out, "    the .mod served %s the database's go.mod h1: hash\n", s->mod_match ? "matches" : "DOES NOT match");
}

static void text_direct(const struct gt_mod *m, FILE *out, struct gt_buf *b)
{
	const struct gt_direct *d = &m->d;

	if (!d->asked || (d->known && !d->url[0]))
		return;
	if (!d->url[0])
		return;
	if (d->https_url[0]) {
		b->len = 0;
		gt_fetch_said(&d->https_f, b);
		fprintf(out, "  go-get discovery: %s -> %s\n", d->https_url, gt_buf_cstr(b));
		fprintf(out, "    then, as GOINSECURE allows, ");
	} else {
		fprintf(out, "  go-get discovery: ");
	}
	b->len = 0;
	gt_fetch_said(&d->f, b);
	fprintf(out, "%s -> %s\n", d->url, gt_buf_cstr(b));
	if (d->prefix[0])
		fprintf(out, "    go-import: %s %s %s\n", d->prefix, d->vcs, d->repo);
}

/* One line per request of entry I. */
static void text_entry(const struct gt_mod *m, const struct gt_proxy_list *pl, int i, FILE *out, struct gt_buf *b,
		       struct gt_buf *u, struct gt_buf *v)
{
	int j;

	if (pl->e[i].kind == 'o') {
		fprintf(out, "  entry %d off: module lookup disabled\n", i + 1);
		return;
	}
	for (j = 0; j < m->ns[i]; j++) {
		const struct gt_cred_use *c = &m->cred[i];
		b->len = 0;
		gt_fetch_said(&m->s[i][j].f, b);
		if (j == m->ns[i] - 1 && m->note[i][0])
			gt_buf_printf(b, ": go says: %s", m->note[i]);
		if (j == m->ns[i] - 1 && (c->what[0] || c->why[0]))
			gt_buf_printf(b, " [%s%s%s]", c->sent ? "" : "no credential: ", c->sent ? c->what : c->why,
				      c->asked_again ? "; after a 4xx go ran GOAUTH again with the URL" : "");
		if (j == 0)
			fprintf(out, "  entry %d %s: %s -> %s\n", i + 1, shown(pl->e[i].url, u), shown(m->s[i][j].url, v),
				gt_buf_cstr(b));
		else
			fprintf(out, "    then %s -> %s\n", shown(m->s[i][j].url, v), gt_buf_cstr(b));
	}
}

/* What the served file hashes to, and what go.sum says of it. */
static void hashes(struct gt_buf *b, const char *h1, const char *sum, int line)
{
	if (h1[0])
		gt_buf_printf(b, "; hashes to %s", h1);
	if (sum[0])
		gt_buf_printf(b, "; go.sum line %d: %s%s", line, sum, !h1[0] ? "" : strcmp(h1, sum) ? " (DIFFERENT)" : " (same)");
}

void gt_probe_text(const struct gt_mod *m, const struct gt_proxy_list *pl, FILE *out, int *rc)
{
	struct gt_buf b, u, v;
	int i;

	gt_buf_init(&b);
	gt_buf_init(&u);
	gt_buf_init(&v);
	if (gt_probe_verdict(m, pl, &b))
		*rc = 1;
	fprintf(out, "%s@%s: %s\n", m->path, m->version[0] ? m->version : "latest", gt_buf_cstr(&b));
	for (i = 0; i < m->w.asked; i++)
		text_entry(m, pl, i, out, &b, &u, &v);
	if (m->w.served >= 0) {
		b.len = 0;
		gt_fetch_said(&m->mod, &b);
		hashes(&b, m->mod_h1, m->sum_mod, m->sum_mod_line);
		fprintf(out, "  .mod: %s\n", gt_buf_cstr(&b));
		b.len = 0;
		gt_fetch_said(&m->zip, &b);
		if (m->zip.size >= 0)
			gt_buf_printf(&b, ", %lld bytes", m->zip.size);
		if (m->quick)
			gt_buf_puts(&b, " (HEAD only, --quick: the body was not fetched)");
		if (m->zip_bad[0])
			gt_buf_printf(&b, "; %s", m->zip_bad);
		hashes(&b, m->zip_h1, m->sum_zip, m->sum_zip_line);
		fprintf(out, "  .zip: %s\n", gt_buf_cstr(&b));
	}
	for (i = m->w.asked; i < pl->n && !m->pattern[0]; i++)
		if (m->d.asked && i == m->w.asked && pl->e[i].kind == 'd')
			fprintf(out, "  entry %d direct: go goes to the module's origin here\n", i + 1);
		else if (m->w.served >= 0)
			fprintf(out, "  entry %d %s: not asked for the module: entry %d served it\n", i + 1,
				shown(pl->e[i].url, &u), m->w.served + 1);
		else
			fprintf(out, "  entry %d %s: never tried\n", i + 1, shown(pl->e[i].url, &u));
	text_direct(m, out, &b);
	text_sum(m, out, &b, &u);
	gt_buf_free(&b);
	gt_buf_free(&u);
	gt_buf_free(&v);
}

static json_t *fetch_json(const char *url, const struct gt_fetch *f)
{
	json_t *o = json_object();
	struct gt_buf u;

	gt_buf_init(&u);
	if (url)
		json_object_set_new(o, "url", jstr(shown(url, &u)));
	json_object_set_new(o, "status", json_integer(f->status));
	if (f->reason[0])
		json_object_set_new(o, "reason", jstr(f->reason));
	if (f->err[0])
		json_object_set_new(o, "error", jstr(f->err));
	if (f->line[0])
		json_object_set_new(o, "body_line", jstr(f->line));
	if (f->stalled)
		json_object_set_new(o, "stalled_in", jstr(f->stalled));
	json_object_set_new(o, "seconds", json_pack("{s:f,s:f,s:f,s:f,s:f}", "dns", f->t_dns, "connect",
						    f->t_connect, "tls", f->t_tls, "first_byte", f->t_first,
						    "total", f->t_total));
	json_object_set_new(o, "body_bytes", json_integer(f->got));
	if (f->clen >= 0)
		json_object_set_new(o, "announced_bytes", json_integer(f->clen));
	if (f->over_limit)
		json_object_set_new(o, "over_limit", json_pack("{s:I,s:s}", "limit", (json_int_t)f->limit, "by",
							       f->over_limit == 1 ? "content-length" : "body"));
	if (f->redirects)
		json_object_set_new(o, "redirects", json_integer(f->redirects));
	if (f->redirect_refused)
		json_object_set_new(o, "redirect_refused", json_true());
	if (f->stalled)
		json_object_set_new(o, "idle_seconds", json_real(f->idle));
	if (f->size >= 0)
		json_object_set_new(o, "size", json_integer(f->size));
	json_object_set_new(o, "proxied", json_boolean(f->proxy[0] != 0));
	json_object_set_new(o, "reused_connection", json_boolean(f->reused));
	gt_buf_free(&u);
	return o;
}

static void hashes_json(json_t *o, const char *h1, const char *sum, int line)
{
	if (h1[0])
		json_object_set_new(o, "h1", jstr(h1));
	if (sum[0])
		json_object_set_new(o, "gosum", json_pack("{s:o,s:i}", "h1", jstr(sum), "line", line));
}

static json_t *entry_json(const struct gt_mod *m, const struct gt_proxy_list *pl, int i)
{
	json_t *e = json_object(), *reqs = json_array();
	const struct gt_cred_use *c = &m->cred[i];
	struct gt_buf u;
	int j;

	gt_buf_init(&u);
	json_object_set_new(e, "entry", json_integer(i + 1));
	json_object_set_new(e, "url", jstr(shown(pl->e[i].url, &u)));
	json_object_set_new(e, "then", pl->e[i].sep ? json_stringn(&pl->e[i].sep, 1) : json_null());
	json_object_set_new(e, "asked", json_boolean(i < m->w.asked));
	for (j = 0; i < m->w.asked && j < m->ns[i]; j++)
		json_array_append_new(reqs, fetch_json(m->s[i][j].url, &m->s[i][j].f));
	json_object_set_new(e, "requests", reqs);
	if (i < m->w.asked && m->ns[i])
		json_object_set_new(e, "result", json_incref(json_array_get(reqs, (size_t)m->ns[i] - 1)));
	if (m->note[i][0])
		json_object_set_new(e, "go_says", jstr(m->note[i]));
	if (c->sent)
		json_object_set_new(e, "credential", jstr(c->what));
	else if (c->why[0])
		json_object_set_new(e, "no_credential", jstr(c->why));
	if (c->asked_again)
		json_object_set_new(e, "goauth_asked_again", json_true());
	gt_buf_free(&u);
	return e;
}

/* What the signed tree proved, the tile requests, the tree head kept. */
static json_t *proof_json(const struct gt_sum *s)
{
	json_t *o = json_object(), *tiles = json_array(), *head = json_object();
	int i;

	json_object_set_new(o, "state", jstr(proof_names[s->proof]));
	if (s->proof_why[0])
		json_object_set_new(o, "why", jstr(s->proof_why));
	json_object_set_new(o, "record_id", s->record_id >= 0 ? json_integer(s->record_id) : json_null());
	if (s->tree_n >= 0)
		json_object_set_new(o, "tree", json_pack("{s:I,s:s}", "size", (json_int_t)s->tree_n, "hash", s->tree_hash));
	for (i = 0; i < s->ntiles && i < GT_SUM_TILES; i++)
		json_array_append_new(tiles, json_pack("{s:s,s:I,s:I,s:b}", "path", s->tiles[i].path, "status",
						       (json_int_t)s->tiles[i].status, "bytes", (json_int_t)s->tiles[i].bytes,
						       "cached", s->tiles[i].cached));
	json_object_set_new(o, "tiles", tiles);
	json_object_set_new(o, "tile_requests", json_integer(s->ntiles));
	json_object_set_new(head, "state", jstr(head_names[s->head]));
	if (s->head_file[0])
		json_object_set_new(head, s->head == GT_HEAD_NOT_KEPT ? "why" : "file", jstr(s->head_file));
	if (s->head != GT_HEAD_FIRST && s->head != GT_HEAD_NOT_KEPT)
		json_object_set_new(head, "kept", json_pack("{s:I,s:s,s:I,s:s}", "size", (json_int_t)s->head_n, "hash",
							     s->head_hash, "seen", (json_int_t)s->head_when, "by", s->head_by));
	json_object_set_new(o, "tree_head", head);
	return o;
}

static json_t *sum_json(const struct gt_sum *s)
{
	json_t *o = json_object(), *sup = json_array(), *lines = json_array();
	int i;

	json_object_set_new(o, "asked", json_boolean(s->state == 2));
	if (s->name[0])
		json_object_set_new(o, "name", jstr(s->name));
	if (s->via[0])
		json_object_set_new(o, "via_proxy", jstr(s->via));
	json_object_set_new(o, "gosumdb_url", json_boolean(s->own_url));
	for (i = 0; i < s->nsupported; i++) {
		json_t *r = fetch_json(s->supported[i].url, &s->supported[i].f);
		json_object_set_new(r, "entry", json_integer(s->supported_entry[i] + 1));
		json_array_append_new(sup, r);
	}
	json_object_set_new(o, "supported", sup);
	if (s->lookup.url[0])
		json_object_set_new(o, "lookup", fetch_json(s->lookup.url, &s->lookup.f));
	json_object_set_new(o, "signature_verified", json_boolean(s->signed_ok));
	for (i = 0; i < 2 && s->gosum[i][0]; i++)
		json_array_append_new(lines, jstr(s->gosum[i]));
	json_object_set_new(o, "gosum", lines);
	json_object_set_new(o, "mod_hash_matches", s->mod_match < 0 ? json_null() : json_boolean(s->mod_match));
	if (s->err[0])
		json_object_set_new(o, "problem", jstr(s->err));
	if (s->signed_ok)
		json_object_set_new(o, "proof", proof_json(s));
	return o;
}

static json_t *direct_json(const struct gt_direct *d)
{
	json_t *o = json_object();

	if (d->known)
		json_object_set_new(o, "known_host", jstr(d->known));
	if (d->https_url[0])
		json_object_set_new(o, "discovery_https", fetch_json(d->https_url, &d->https_f));
	if (d->url[0])
		json_object_set_new(o, "discovery", fetch_json(d->url, &d->f));
	if (d->prefix[0])
		json_object_set_new(o, "go_import", json_pack("{s:o,s:o,s:o}", "prefix", jstr(d->prefix), "vcs", jstr(d->vcs),
							      "repo", jstr(d->repo)));
	if (d->err[0])
		json_object_set_new(o, "problem", jstr(d->err));
	return o;
}

json_t *gt_probe_json(const struct gt_mod *m, const struct gt_proxy_list *pl, int *rc)
{
	json_t *o = json_object(), *es = json_array();
	struct gt_buf b;
	int i, bad;

	gt_buf_init(&b);
	bad = gt_probe_verdict(m, pl, &b);
	if (bad)
		*rc = 1;
	json_object_set_new(o, "module", jstr(m->path));
	json_object_set_new(o, "version", m->version[0] ? jstr(m->version) : json_null());
	json_object_set_new(o, "resolved", m->resolved[0] ? jstr(m->resolved) : json_null());
	json_object_set_new(o, "verdict", jstr(gt_buf_cstr(&b)));
	json_object_set_new(o, "ok", json_boolean(!bad));
	json_object_set_new(o, "gets_it", json_boolean(!bad && m->w.served >= 0));
	json_object_set_new(o, "hangs", json_boolean(m->hung != 0));
	if (m->pattern[0])
		json_object_set_new(o, "direct_pattern", jstr(m->pattern));
	for (i = 0; i < pl->n && !m->pattern[0]; i++)
		json_array_append_new(es, entry_json(m, pl, i));
	json_object_set_new(o, "entries", es);
	if (m->w.served >= 0) {
		json_t *mod = fetch_json(NULL, &m->mod), *zip = fetch_json(NULL, &m->zip);
		hashes_json(mod, m->mod_h1, m->sum_mod, m->sum_mod_line);
		hashes_json(zip, m->zip_h1, m->sum_zip, m->sum_zip_line);
		json_object_set_new(zip, "fetched", json_boolean(!m->quick));
		if (m->zip_bad[0])
			json_object_set_new(zip, "problem", jstr(m->zip_bad));
		json_object_set_new(o, "mod", mod);
		json_object_set_new(o, "zip", zip);
	}
	if (m->d.asked)
		json_object_set_new(o, "direct", direct_json(&m->d));
	if (m->sum.state)
		json_object_set_new(o, "sumdb", sum_json(&m->sum));
	gt_buf_free(&b);
	return o;
}

/*
 * The checksum database as go reaches it (cmd/go/internal/modfetch/
 * sumdb.go, golang.org/x/mod/sumdb/note): GOSUMDB names a database and its
 * key ("name+hash+key", or a name go knows, with an optional URL); go asks
 * each GOPROXY entry for /sumdb/NAME/supported — 200 sends all database
 * traffic through that proxy, "does not exist" moves on, direct, off or the
 * end of the list go to https://NAME (or the URL given) — and then
 * /lookup/PATH@VERSION, whose answer is the record number, the go.sum
 * lines, a blank line and a note signed with the database's Ed25519 key.
 * The signature is checked here; then sumtree.c ties the record to the
 * signed tree as go's client does (the tree against the head kept from
 * before, the record's inclusion from the hash tiles): a record counts only
 * when that is proven. GOSUMDB=off and GONOSUMDB/GOPRIVATE skip it all.
 */
#include "probe_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/h1.h"
#include "../common/modpath.h"
#include "../common/redact.h"
#include "cryptoload.h"
#include "sumtree.h"

#define GO_SUMDB_KEY "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"

/* The database GOSUMDB names: NAME, its key KEY (name+hash+base64) and URL ("" for https://NAME). */
static int sumdb_parse(const char *v, char *key, size_t ksize, char *name, size_t nsize, char *url, size_t usize,
		       char *err, size_t esize)
{
	char f[3][600];
	int n = v ? sscanf(v, "%599s %599s %599s", f[0], f[1], f[2]) : 0;

	url[0] = 0;
	if (!v || !*v || n < 1)
		snprintf(f[0], sizeof(f[0]), "sum.golang.org"), n = 1;
	if (!strcmp(f[0], "sum.golang.google.cn") && n == 1)
		snprintf(f[0], sizeof(f[0]), "sum.golang.org"), snprintf(f[1], sizeof(f[1]), "https://sum.golang.google.cn"),
			n = 2;
	if (n > 2) {
		snprintf(err, esize, "invalid GOSUMDB: too many fields");
		return -1;
	}
	snprintf(key, ksize, "%s", !strcmp(f[0], "sum.golang.org") ? GO_SUMDB_KEY : f[0]);
	if (!strchr(key, '+')) {
		snprintf(err, esize, "invalid GOSUMDB: malformed verifier id");
		return -1;
	}
	snprintf(name, nsize, "%.*s", (int)strcspn(key, "+"), key);
	if (n == 2)
		snprintf(url, usize, "%s", f[1]);
	return 0;
}

static int b64(const char *s, unsigned char *out, size_t size)
{
	return gt_base64_decode(s, out, size);
}

/* The 4-byte hash go puts in a key and a signature: SHA-256 of name, '\n', algorithm byte and key. */
static unsigned keyhash(const char *name, const unsigned char *key, size_t n)
{
	struct gt_sha256 c;
	unsigned char d[32];

	gt_sha256_init(&c);
	gt_sha256_add(&c, name, strlen(name));
	gt_sha256_add(&c, "\n", 1);
	gt_sha256_add(&c, key, n);
	gt_sha256_done(&c, d);
	return (unsigned)d[0] << 24 | (unsigned)d[1] << 16 | (unsigned)d[2] << 8 | d[3];
}

/*
 * Check NOTE (text, blank line, signature lines) against KEY; 0 when a
 * signature by KEY verifies, with the signed text's length in TEXTLEN, else
 * -1 with ERR.
 */
static int note_verify(const char *key, const char *note, size_t len, size_t *textlen, char *err, size_t esize)
{
	char name[300], hex[16], k64[128];
	unsigned char kb[64], sig[128];
	const char *split = NULL, *p;
	int kn, ok = 0;

	if (sscanf(key, "%299[^+]+%15[^+]+%127s", name, hex, k64) != 3 || (kn = b64(k64, kb, sizeof(kb))) != 33 ||
	    kb[0] != 1 || strtoul(hex, NULL, 16) != keyhash(name, kb, 33)) {
		snprintf(err, esize, "invalid GOSUMDB: malformed verifier id or key hash");
		return -1;
	}
	for (p = note; (p = memmem(p, len - (size_t)(p - note), "\n\n", 2)); p++)
		split = p;
	if (!split) {
		snprintf(err, esize, "reading tree note: malformed note");
		return -1;
	}
	for (p = split + 2; p < note + len && !ok;) {
		const char *nl = memchr(p, '\n', len - (size_t)(p - note));
		char sname[300], s64[200];
		int sn;
		if (!nl)
			break;
		/* "— NAME BASE64" (the dash is U+2014) */
		if (sscanf(p, "\xe2\x80\x94 %299s %199[A-Za-z0-9+/=]", sname, s64) == 2 && !strcmp(sname, name) &&
		    (sn = b64(s64, sig, sizeof(sig))) == 68 &&
		    ((unsigned)sig[0] << 24 | (unsigned)sig[1] << 16 | (unsigned)sig[2] << 8 | sig[3]) ==
			    keyhash(name, kb, 33)) {
			int v = gt_ed25519_verify(kb + 1, sig + 4, note, (size_t)(split - note) + 1);
			if (v == 1)
				ok = 1;
			else if (v < 0)
				snprintf(err, esize, "reading tree note: cannot check signatures: %s", gt_crypto_error());
			else
				snprintf(err, esize, "reading tree note: invalid signature for key %s+%s", name, hex);
		}
		p = nl + 1;
	}
	if (!ok && !err[0])
		snprintf(err, esize, "reading tree note: note has no verifiable signatures (none by the key GOSUMDB gives, %s+%s)",
			 name, hex);
	*textlen = (size_t)(split - note) + 1;
	return ok ? 0 : -1;
}

/* "URL/sumdb/NAME" for a proxy entry's base URL. */
static void sumdb_under(const char *url, const char *name, const char *leaf, char *out, size_t size)
{
	size_t n = strlen(url);

	snprintf(out, size, "%.*s/sumdb/%s%s%s", (int)(n && url[n - 1] == '/' ? n - 1 : n), url, name, leaf ? "/" : "",
		 leaf ? leaf : "");
}

/* Ask proxy entry E whether it serves database NAME (its /sumdb/NAME/supported); the outcome. */
static enum gt_outcome ask_supported(const struct gt_probe_ctx *x, const struct gt_proxy_entry *e, const char *name,
				     struct gt_step *st)
{
	struct gt_fetch_opts o = {.timeout = x->timeout};
	struct gt_cred_use u;
	struct stat sb;

	if (e->kind == 'f') { /* go reads file:// proxies too; a file that is not there "does not exist" */
		sumdb_under(e->url + 7, name, "supported", st->url, sizeof(st->url));
		memset(&st->f, 0, sizeof(st->f));
		st->f.status = stat(st->url, &sb) == 0 ? 200 : 404;
	} else {
		sumdb_under(e->url, name, "supported", st->url, sizeof(st->url));
		gt_cred_fetch(x->k, st->url, &o, &st->f, &u);
	}
	if (st->f.status >= 200 && st->f.status < 300 && !st->f.err[0])
		return GT_OUT_OK;
	return gt_status_notexist(st->f.status) ? GT_OUT_NOTEXIST : GT_OUT_ERROR;
}

/*
 * Where go reaches database NAME (modfetch's initBase): TryProxies over
 * GOPROXY, each proxy asked for /sumdb/NAME/supported; 200 picks that proxy
 * (1, BASE set). direct and off answer "not found" and the walk goes on past
 * them. When it ends without a proxy, go goes to the database itself (0),
 * unless the error it reports is a proxy's other than "not found" (-1).
 */
static int find_base(struct gt_mod *m, const struct gt_probe_ctx *x, const char *name, char *base, size_t size)
{
	struct gt_sum *s = &m->sum;
	struct gt_walk w;
	int i, k;

	gt_walk_start(&w, x->pl);
	while ((i = gt_walk_next(&w)) >= 0) {
		const struct gt_proxy_entry *e = &x->pl->e[i];
		enum gt_outcome out;
		if (e->kind == 'd' || e->kind == 'o') {
			gt_walk_record(&w, GT_OUT_NOTEXIST); /* errProxyOff: "does not exist", and the walk goes on */
			continue;
		}
		k = s->nsupported++;
		s->supported_entry[k] = i;
		out = ask_supported(x, e, name, &s->supported[k]);
		gt_walk_record(&w, out);
		if (out == GT_OUT_OK) {
			snprintf(s->via, sizeof(s->via), "%s", e->url);
			s->via_entry = i;
			sumdb_under(e->url, name, NULL, base, size);
			return 1;
		}
	}
	if (w.rank != 1)
		return 0; /* the error go keeps is "not found": it asks the database itself */
	for (k = 0; k < s->nsupported && s->supported_entry[k] != w.reported; k++)
		;
	if (k < s->nsupported) {
		struct gt_buf b;
		gt_buf_init(&b);
		gt_fetch_said(&s->supported[k].f, &b);
		snprintf(s->err, sizeof(s->err), "GOPROXY entry %d answered %s to %s, so go cannot reach the database",
			 w.reported + 1, gt_buf_cstr(&b), s->supported[k].url);
		gt_buf_free(&b);
	}
	return -1;
}

/* The go.sum lines for M in the record TEXT (N bytes), tamed: they came from the server. */
static void record_lines(struct gt_mod *m, const char *text, size_t n)
{
	struct gt_sum *s = &m->sum;
	const char *p = text, *end = text + n, *nl;
	char want[700], wantmod[700];
	struct gt_buf b;
	int k = 0;

	snprintf(want, sizeof(want), "%s %s ", m->path, m->resolved);
	snprintf(wantmod, sizeof(wantmod), "%s %s/go.mod ", m->path, m->resolved);
	gt_buf_init(&b);
	for (; p < end && k < 2 && (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
		size_t len = (size_t)(nl - p);
		if ((len > strlen(want) && !strncmp(p, want, strlen(want))) ||
		    (len > strlen(wantmod) && !strncmp(p, wantmod, strlen(wantmod)))) {
			b.len = 0;
			gt_buf_add(&b, p, len);
			gt_tame(&b, 0, b.len);
			snprintf(s->gosum[k++], sizeof(s->gosum[0]), "%s", gt_buf_cstr(&b));
		}
	}
	gt_buf_free(&b);
}

/*
 * Read the /lookup answer as go does (tlog.ParseRecord): the record, its
 * lines for M, the note's signature, the signed tree; then what the tree
 * proves of the record (sumtree.c). The .mod is compared only with a
 * proven record.
 */
static void read_lookup(struct gt_mod *m, const struct gt_probe_ctx *x, const char *base, const char *key,
			const struct gt_buf *body)
{
	struct gt_sum *s = &m->sum;
	const char *p = body->p ? body->p : "";
	size_t text, textlen, note, signedlen = 0;
	unsigned char rec[GT_TLOG_HASH];
	char wantmod[700], h1[80];
	struct gt_tree t;
	int64_t id;
	int k;

	s->mod_match = -1;
	if (gt_tlog_parse_record(p, body->len, &id, &text, &textlen, &note, s->err, sizeof(s->err)) < 0)
		return;
	record_lines(m, p + text, textlen);
	if (note_verify(key, p + note, body->len - note, &signedlen, s->err, sizeof(s->err)) < 0)
		return;
	s->signed_ok = 1;
	if (gt_tlog_parse_tree(p + note, signedlen, &t) < 0) {
		s->proof = GT_SUM_UNPROVEN;
		snprintf(s->proof_why, sizeof(s->proof_why), "reading tree: malformed tree note");
		return;
	}
	gt_tlog_record_hash(p + text, textlen, rec);
	gt_sumtree_prove(s, x, base, key, &t, id, rec);
	if (s->proof != GT_SUM_PROVEN || m->mod.status != 200 || !m->modbody.len)
		return;
	gt_h1_gomod(m->modbody.p ? m->modbody.p : "", m->modbody.len, h1);
	snprintf(wantmod, sizeof(wantmod), "%s %s/go.mod ", m->path, m->resolved);
	for (k = 0; k < 2; k++)
		if (!strncmp(s->gosum[k], wantmod, strlen(wantmod)))
			s->mod_match = !strcmp(s->gosum[k] + strlen(wantmod), h1);
}

void gt_probe_sumdb(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	struct gt_sum *s = &m->sum;
	char key[700], url[700], base[800], ep[1100], ev[300];
	struct gt_buf body;
	int r;

	if (x->sumdb && !strcmp(x->sumdb, "off")) {
		s->state = 1;
		snprintf(s->err, sizeof(s->err), "GOSUMDB=off: go checks no module against a checksum database");
		return;
	}
	if (m->nosum[0]) {
		s->state = 1;
		snprintf(s->err, sizeof(s->err), "GONOSUMDB/GOPRIVATE pattern %s: go does not ask the database about it",
			 m->nosum);
		return;
	}
	if (!m->resolved[0])
		return;
	s->state = 2;
	s->record_id = s->tree_n = -1;
	if (sumdb_parse(x->sumdb, key, sizeof(key), s->name, sizeof(s->name), url, sizeof(url), s->err,
			sizeof(s->err)) < 0)
		return;
	/* a URL in GOSUMDB bypasses the proxies and the name's own https address */
	s->own_url = url[0] != 0;
	r = url[0] ? 0 : find_base(m, x, s->name, base, sizeof(base));
	if (r < 0)
		return;
	if (r == 0)
		snprintf(base, sizeof(base), "%s", url[0] ? url : "");
	if (r == 0 && !url[0])
		snprintf(base, sizeof(base), "https://%s", s->name);
	if (gt_mod_escape(m->path, ep, sizeof(ep)) < 0 || gt_mod_escape(m->resolved, ev, sizeof(ev)) < 0)
		return;
	snprintf(s->lookup.url, sizeof(s->lookup.url), "%s/lookup/%s@%s", base, ep, ev);
	gt_buf_init(&body);
	gt_sumtree_get(x, s->lookup.url, &s->lookup.f, &body);
	if (s->lookup.f.status == 200)
		read_lookup(m, x, base, key, &body);
	gt_buf_free(&body);
}

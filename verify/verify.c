/*
 * See verify.h: gather, judge, and say it as text or JSON. Everything
 * printed that came from a file or a server (go.sum's paths and hashes, a
 * .ziphash, zip entry names, what a proxy said) is tamed first
 * (common/redact.h); JSON keeps the bytes, escaped, and valid UTF-8.
 */
#include "verify.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/redact.h"
#include "../common/util.h"
#include "verify_int.h"

static const char *const src_key[GT_V_N] = {"go.sum", "ziphash", "cache", "dir", "proxy", "sumdb"};
static const char *const src_words[GT_V_N] = {"go.sum", "the .ziphash files", "the module cache",
					      "the unpacked directories", "GOPROXY", "the checksum database"};

/* One line out (FMT ends with its newline), tamed: no control sequence, no newline inside it. */
static __attribute__((format(printf, 2, 3))) void say(FILE *out, const char *fmt, ...)
{
	struct gt_buf b;
	va_list ap;
	char *s;
	size_t i;

	va_start(ap, fmt);
	s = gt_xvasprintf(fmt, ap);
	va_end(ap);
	gt_buf_init(&b);
	gt_buf_puts(&b, s);
	gt_tame(&b, 0, b.len);
	for (i = 0; i + 1 < b.len; i++)
		if (b.p[i] == '\n' || b.p[i] == '\r')
			b.p[i] = '?';
	fwrite(b.p, 1, b.len, out);
	gt_buf_free(&b);
	free(s);
}

/* How long the UTF-8 sequence at P is, 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
				  : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0, k;

	for (k = 1; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] >= 0x90))
		return 0; /* overlong, a surrogate, past U+10FFFF */
	return n;
}

/* S as a JSON string; bytes that are not UTF-8 become U+FFFD (jansson takes UTF-8 only). */
static json_t *jstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	struct gt_buf b;
	json_t *j;
	int n;

	if ((j = json_string((const char *)p)))
		return j;
	gt_buf_init(&b);
	for (; *p; p += n ? n : 1)
		if ((n = utf8_len(p)))
			gt_buf_add(&b, p, (size_t)n);
		else
			gt_buf_puts(&b, "\xef\xbf\xbd");
	j = json_string(gt_buf_cstr(&b));
	gt_buf_free(&b);
	return j ? j : json_string("");
}

static int is_hash_kind(const struct gt_vfind *x)
{
	return !strcmp(x->kind, "zip") || !strcmp(x->kind, "go.mod") || !strcmp(x->kind, "unchecked") ||
	       !strcmp(x->kind, "corrupt-zip");
}

static int finding_what(const struct gt_vfind *x)
{
	return !strcmp(x->kind, "go.mod") || (!strcmp(x->kind, "unchecked") && x->what);
}

static void text_sources(const struct gt_vfind *x, FILE *out)
{
	int what = finding_what(x), s;
	const struct gt_vhash *h = what ? x->m->mod : x->m->zip;
	struct gt_buf b;

	gt_buf_init(&b);
	for (s = 0; s < GT_V_N; s++) {
		if (h[s].state == GT_VS_NONE || (s == GT_V_GOSUM && h[s].state != GT_VS_HAVE))
			continue;
		b.len = 0;
		gt_verify_source_name(x->m, what, (enum gt_vsrc)s, &b);
		if (h[s].state == GT_VS_HAVE)
			say(out, "    %-44s %s\n", gt_buf_cstr(&b), h[s].h1);
		else
			say(out, "    %-44s %s: %s\n", gt_buf_cstr(&b), h[s].state == GT_VS_ABSENT ? "none" : "could not be checked",
			    h[s].why ? h[s].why : "?");
	}
	gt_buf_free(&b);
}

static void what_compared(const struct gt_vrun *r, struct gt_buf *b)
{
	gt_buf_printf(b, "go.sum, the module cache%s%s", r->proxy ? ", GOPROXY" : "", r->sumdb ? ", the checksum database" : "");
}

/* "; LABEL: A (N lines), B" for the sources with a count in C (with the counts when WITH_N). */
static void source_list(struct gt_buf *b, const char *label, const int c[GT_V_N], int with_n)
{
	int s, first = 1;

	for (s = 0; s < GT_V_N; s++) {
		if (!c[s])
			continue;
		gt_buf_printf(b, "%s%s", first ? label : ", ", src_words[s]);
		if (with_n)
			gt_buf_printf(b, " (%d line%s)", c[s], c[s] == 1 ? "" : "s");
		first = 0;
	}
}

static void text_summary(const struct gt_vrun *r, const struct gt_vtally *t, int problems, int unch, int lines, FILE *out)
{
	struct gt_buf b;
	int ok[GT_V_N], s;

	gt_buf_init(&b);
	if (!problems && !unch) {
		what_compared(r, &b);
		say(out, "verify: %d go.sum lines agree: %s\n", lines, gt_buf_cstr(&b));
		gt_buf_free(&b);
		return;
	}
	for (s = 0; s < GT_V_N; s++)
		ok[s] = t->agree[s] && !t->disagree[s] && !t->unchecked[s];
	if (problems)
		gt_buf_printf(&b, "verify: %d problem%s in %d go.sum lines", problems, problems == 1 ? "" : "s", lines);
	else
		gt_buf_printf(&b, "verify: nothing differs in %d go.sum lines, but not everything could be checked", lines);
	source_list(&b, "; agree: ", ok, 0);
	source_list(&b, "; disagree: ", t->disagree, 1);
	source_list(&b, "; could not be checked: ", t->unchecked, 1);
	say(out, "%s\n", gt_buf_cstr(&b));
	gt_buf_free(&b);
}

static void text(const struct gt_vrun *r, const struct gt_vfind *f, int n, const struct gt_vtally *t, FILE *out)
{
	int i, problems = 0, unch = 0, lines = 0, notcached = 0;

	say(out, "verify %s (module cache %s, from %s)\n", r->dir, r->modcache, r->modcache_from);
	for (i = 0; i < n; i++) {
		const struct gt_vfind *x = &f[i];
		problems += x->sev == 'x';
		unch += x->sev == 'u';
		say(out, "%s %s %s (%s): %s\n", x->sev == 'x' ? "✗" : x->sev == 'u' ? "?" : "•", x->m->path, x->m->version,
		    x->sev == 'u' ? (x->what ? "go.mod" : "zip") : x->kind, x->verdict);
		if (x->fix && x->fix[0])
			say(out, "    fix: %s\n", x->fix);
		if (x->sev == 'x' && (!strcmp(x->kind, "zip") || !strcmp(x->kind, "go.mod")))
			text_sources(x, out);
	}
	for (i = 0; i < r->n; i++) {
		const struct gt_vmod *m = &r->m[i];
		lines += (m->zip_line != 0) + (m->mod_line != 0);
		notcached += m->zip_line && m->zip[GT_V_CACHE].state == GT_VS_ABSENT && m->zip[GT_V_DIR].state == GT_VS_ABSENT &&
			     !r->proxy && !r->sumdb;
	}
	if (notcached)
		say(out, "• %d module%s with a go.sum line %s not in the module cache: only go.sum has %s hash "
			 "(--proxy and --sumdb compare %s)\n", notcached, notcached == 1 ? "" : "s", notcached == 1 ? "is" : "are",
		    notcached == 1 ? "its" : "their", notcached == 1 ? "it" : "them");
	if (r->gaps)
		say(out, "• unused go.sum lines not named: the go.mod of %d module%s the build needs %s not in the module cache, "
			 "so what %s not known (go mod download fetches them)\n", r->gaps, r->gaps == 1 ? "" : "s",
		    r->gaps == 1 ? "is" : "are", r->gaps == 1 ? "it requires is" : "they require is");
	text_summary(r, t, problems, unch, lines, out);
}

static json_t *source_json(const struct gt_vmod *m, int what, int s)
{
	const struct gt_vhash *h = what ? &m->mod[s] : &m->zip[s];
	static const char *const state[] = {"none", "absent", "", "unchecked"};
	json_t *o = json_object();
	struct gt_buf b;

	json_object_set_new(o, "state", json_string(h->state == GT_VS_HAVE ? (h->verdict == 'd' ? "disagrees" : "agrees")
									   : state[h->state]));
	json_object_set_new(o, "h1", h->state == GT_VS_HAVE ? jstr(h->h1) : json_null());
	gt_buf_init(&b);
	gt_verify_where(m, what, (enum gt_vsrc)s, &b);
	if (b.len)
		json_object_set_new(o, "where", jstr(gt_buf_cstr(&b)));
	if (h->state != GT_VS_HAVE)
		json_object_set_new(o, "why", jstr(h->why));
	gt_buf_free(&b);
	return o;
}

static json_t *sources_json(const struct gt_vfind *x)
{
	int what = finding_what(x), s;
	const struct gt_vhash *h = what ? x->m->mod : x->m->zip;
	json_t *o = json_object();

	for (s = 0; s < GT_V_N; s++)
		if (h[s].state != GT_VS_NONE && !(s == GT_V_GOSUM && h[s].state != GT_VS_HAVE))
			json_object_set_new(o, src_key[s], source_json(x->m, what, s));
	return o;
}

static json_t *finding_json(const struct gt_vfind *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "severity", json_string(x->sev == 'x' ? "problem" : x->sev == 'u' ? "unchecked" : "info"));
	json_object_set_new(o, "kind", json_string(x->kind));
	if (is_hash_kind(x))
		json_object_set_new(o, "hash", json_string(finding_what(x) ? "go.mod" : "zip"));
	json_object_set_new(o, "module", jstr(x->m->path));
	json_object_set_new(o, "version", jstr(x->m->version));
	json_object_set_new(o, "go_sum", jstr(x->m->sumfile));
	json_object_set_new(o, "verdict", jstr(x->verdict));
	json_object_set_new(o, "fix", jstr(x->fix));
	if (is_hash_kind(x))
		json_object_set_new(o, "sources", sources_json(x));
	if (!strcmp(x->kind, "unpacked"))
		json_object_set_new(o, "files", json_pack("{s:o,s:o,s:o}", "edited", jstr(gt_buf_cstr((struct gt_buf *)&x->m->edited)),
							  "added", jstr(gt_buf_cstr((struct gt_buf *)&x->m->added)), "removed",
							  jstr(gt_buf_cstr((struct gt_buf *)&x->m->removed))));
	return o;
}

static json_t *tally_json(const struct gt_vtally *t)
{
	json_t *o = json_object();
	int s;

	for (s = 0; s < GT_V_N; s++)
		if (t->agree[s] || t->disagree[s] || t->unchecked[s])
			json_object_set_new(o, src_key[s], json_pack("{s:i,s:i,s:i}", "agree", t->agree[s], "disagree",
								     t->disagree[s], "unchecked", t->unchecked[s]));
	return o;
}

static void json_out(const struct gt_vrun *r, const struct gt_vfind *f, int n, const struct gt_vtally *t, int rc, FILE *out)
{
	json_t *doc = json_object(), *fs = json_array(), *sums = json_array(), *cmp = json_array();
	int i, lines = 0;

	for (i = 0; i < r->nsum; i++)
		json_array_append_new(sums, jstr(r->sumfiles[i]));
	for (i = 0; i < r->n; i++)
		lines += (r->m[i].zip_line != 0) + (r->m[i].mod_line != 0);
	for (i = 0; i < n; i++)
		json_array_append_new(fs, finding_json(&f[i]));
	json_array_append_new(cmp, json_string("go.sum"));
	json_array_append_new(cmp, json_string("cache"));
	if (r->proxy)
		json_array_append_new(cmp, json_string("proxy"));
	if (r->sumdb)
		json_array_append_new(cmp, json_string("sumdb"));
	json_object_set_new(doc, "verify_format", json_integer(2));
	json_object_set_new(doc, "dir", jstr(r->dir));
	json_object_set_new(doc, "modcache", json_pack("{s:o,s:o}", "path", jstr(r->modcache), "from", jstr(r->modcache_from)));
	json_object_set_new(doc, "go_sum_files", sums);
	json_object_set_new(doc, "compared", cmp);
	json_object_set_new(doc, "go_sum_lines", json_integer(lines));
	json_object_set_new(doc, "ok", json_boolean(rc == 0));
	json_object_set_new(doc, "status", json_string(rc == 0 ? "agree" : rc == 1 ? "differ" : "unchecked"));
	json_object_set_new(doc, "sources", tally_json(t));
	json_object_set_new(doc, "graph_gaps", json_integer(r->gaps));
	json_object_set_new(doc, "findings", fs);
	json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
}

int gt_verify_run(const struct gt_verify_opts *o, FILE *out)
{
	struct gt_vrun r;
	struct gt_vfind *f = NULL;
	struct gt_vtally t;
	char err[4400], tmp[] = "/tmp/gotrace-verify-XXXXXX";
	int n, i, differ = 0, unch = 0, rc;

	memset(&r, 0, sizeof(r));
	r.proxy = o->proxy;
	r.sumdb = o->sumdb;
	r.timeout = o->timeout;
	if (gt_verify_collect(&r, o->dir, err, sizeof(err)) < 0) {
		say(stderr, "gotrace verify: %s\n", err);
		gt_verify_free(&r);
		return 2;
	}
	gt_verify_cache(&r);
	if (r.proxy && !mkdtemp(tmp)) {
		fprintf(stderr, "gotrace verify: cannot make a temporary directory for the proxy's zips\n");
		gt_verify_free(&r);
		return 2;
	}
	gt_verify_remote(&r, tmp);
	if (r.proxy)
		rmdir(tmp);
	n = gt_verify_judge(&r, &f, &t);
	for (i = 0; i < n; i++) {
		differ |= f[i].sev == 'x';
		unch |= f[i].sev == 'u';
	}
	rc = differ ? 1 : unch ? 3 : 0;
	if (o->json)
		json_out(&r, f, n, &t, rc, out);
	else
		text(&r, f, n, &t, out);
	gt_verify_findings_free(f, n);
	gt_verify_free(&r);
	return rc;
}

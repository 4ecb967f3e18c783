/* See verify.h: gather, judge, and say it as text or JSON. */
#include "verify.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/util.h"
#include "verify_int.h"

static const char *const src_key[GT_V_N] = {"go.sum", "ziphash", "cache", "proxy", "sumdb"};

/* Whether source S was consulted for WHAT (0 zip, 1 go.mod) in this run. */
static int consulted(const struct gt_vrun *r, int what, int s)
{
	return s == GT_V_GOSUM || s == GT_V_CACHE || (s == GT_V_ZIPHASH && !what) || (s == GT_V_PROXY && r->proxy) ||
	       (s == GT_V_SUMDB && r->sumdb);
}

static void text_sources(const struct gt_vrun *r, const struct gt_vfind *x, FILE *out)
{
	int what = !strcmp(x->kind, "go.mod"), s;
	const struct gt_vhash *h = what ? x->m->mod : x->m->zip;
	struct gt_buf b;

	gt_buf_init(&b);
	for (s = 0; s < GT_V_N; s++) {
		if (!consulted(r, what, s) || (s == GT_V_GOSUM && !h[s].have))
			continue;
		b.len = 0;
		gt_verify_source_name(x->m, what, (enum gt_vsrc)s, &b);
		if (h[s].have)
			fprintf(out, "    %-44s %s\n", gt_buf_cstr(&b), h[s].h1);
		else
			fprintf(out, "    %-44s none: %s\n", s == GT_V_PROXY ? "GOPROXY" : s == GT_V_SUMDB ? "checksum database"
											  : gt_buf_cstr(&b), h[s].note);
	}
	gt_buf_free(&b);
}

static void what_compared(const struct gt_vrun *r, struct gt_buf *b)
{
	gt_buf_printf(b, "go.sum, the module cache%s%s", r->proxy ? ", GOPROXY" : "",
		      r->sumdb ? ", the checksum database" : "");
}

static void text(const struct gt_vrun *r, const struct gt_vfind *f, int n, FILE *out)
{
	struct gt_buf b;
	int i, problems = 0, lines = 0, notcached = 0;

	gt_buf_init(&b);
	fprintf(out, "verify %s (module cache %s, from %s)\n", r->dir, r->modcache, r->modcache_from);
	for (i = 0; i < n; i++) {
		const struct gt_vfind *x = &f[i];
		problems += x->sev == 'x';
		fprintf(out, "%s %s %s (%s): %s\n", x->sev == 'x' ? "✗" : "•", x->m->path, x->m->version, x->kind, x->verdict);
		if (x->fix[0])
			fprintf(out, "    fix: %s\n", x->fix);
		if (x->sev == 'x' && (!strcmp(x->kind, "zip") || !strcmp(x->kind, "go.mod")))
			text_sources(r, x, out);
	}
	for (i = 0; i < r->n; i++) {
		lines += (r->m[i].zip_line != 0) + (r->m[i].mod_line != 0);
		notcached += r->m[i].zip_line && !r->m[i].zip[GT_V_CACHE].have && !r->proxy && !r->sumdb;
	}
	if (notcached)
		fprintf(out, "• %d module%s with a go.sum line %s not in the module cache: only go.sum has %s hash "
			     "(--proxy and --sumdb compare %s)\n", notcached, notcached == 1 ? "" : "s",
			notcached == 1 ? "is" : "are", notcached == 1 ? "its" : "their", notcached == 1 ? "it" : "them");
	what_compared(r, &b);
	if (problems)
		fprintf(out, "verify: %d problem%s in %d go.sum lines; compared %s\n", problems, problems == 1 ? "" : "s",
			lines, gt_buf_cstr(&b));
	else
		fprintf(out, "verify: %d go.sum lines agree: %s\n", lines, gt_buf_cstr(&b));
	gt_buf_free(&b);
}

static json_t *sources_json(const struct gt_vrun *r, const struct gt_vfind *x)
{
	int what = !strcmp(x->kind, "go.mod"), s;
	const struct gt_vhash *h = what ? x->m->mod : x->m->zip;
	json_t *o = json_object();

	for (s = 0; s < GT_V_N; s++) {
		if (!consulted(r, what, s) || (s == GT_V_GOSUM && !h[s].have))
			continue;
		json_object_set_new(o, src_key[s], h[s].have ? json_pack("{s:s,s:s}", "h1", h[s].h1, "where", h[s].note)
							     : json_pack("{s:n,s:s}", "h1", "why", h[s].note));
	}
	return o;
}

static json_t *finding_json(const struct gt_vrun *r, const struct gt_vfind *x)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "severity", x->sev == 'x' ? "problem" : "info", "kind",
			      x->kind, "module", x->m->path, "version", x->m->version, "go_sum", x->m->sumfile, "verdict",
			      x->verdict, "fix", x->fix);

	if (!strcmp(x->kind, "zip") || !strcmp(x->kind, "go.mod"))
		json_object_set_new(o, "sources", sources_json(r, x));
	if (!strcmp(x->kind, "unpacked"))
		json_object_set_new(o, "files", json_pack("{s:s,s:s,s:s}", "edited", gt_buf_cstr((struct gt_buf *)&x->m->edited),
							  "added", gt_buf_cstr((struct gt_buf *)&x->m->added), "removed",
							  gt_buf_cstr((struct gt_buf *)&x->m->removed)));
	return o;
}

static void json_out(const struct gt_vrun *r, const struct gt_vfind *f, int n, int rc, FILE *out)
{
	json_t *doc = json_object(), *fs = json_array(), *sums = json_array(), *cmp = json_array();
	int i, lines = 0;

	for (i = 0; i < r->nsum; i++)
		json_array_append_new(sums, json_string(r->sumfiles[i]));
	for (i = 0; i < r->n; i++)
		lines += (r->m[i].zip_line != 0) + (r->m[i].mod_line != 0);
	for (i = 0; i < n; i++)
		json_array_append_new(fs, finding_json(r, &f[i]));
	json_array_append_new(cmp, json_string("go.sum"));
	json_array_append_new(cmp, json_string("cache"));
	if (r->proxy)
		json_array_append_new(cmp, json_string("proxy"));
	if (r->sumdb)
		json_array_append_new(cmp, json_string("sumdb"));
	json_object_set_new(doc, "verify_format", json_integer(1));
	json_object_set_new(doc, "dir", json_string(r->dir));
	json_object_set_new(doc, "modcache", json_pack("{s:s,s:s}", "path", r->modcache, "from", r->modcache_from));
	json_object_set_new(doc, "go_sum_files", sums);
	json_object_set_new(doc, "compared", cmp);
	json_object_set_new(doc, "go_sum_lines", json_integer(lines));
	json_object_set_new(doc, "ok", json_boolean(rc == 0));
	json_object_set_new(doc, "findings", fs);
	json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
}

int gt_verify_run(const struct gt_verify_opts *o, FILE *out)
{
	struct gt_vrun r;
	struct gt_vfind *f = NULL;
	char err[4400], tmp[] = "/tmp/gotrace-verify-XXXXXX";
	int n, i, rc = 0;

	memset(&r, 0, sizeof(r));
	r.proxy = o->proxy;
	r.sumdb = o->sumdb;
	r.timeout = o->timeout;
	if (gt_verify_collect(&r, o->dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "gotrace verify: %s\n", err);
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
	n = gt_verify_judge(&r, &f);
	for (i = 0; i < n; i++)
		rc |= f[i].sev == 'x';
	if (o->json)
		json_out(&r, f, n, rc, out);
	else
		text(&r, f, n, out);
	free(f);
	gt_verify_free(&r);
	return rc;
}

/* See probe.h. */
#include "probe.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyzers/analyzers.h"
#include "../analyzers/goconf.h"
#include "../common/buf.h"
#include "../common/goproxy.h"
#include "../common/gomod.h"
#include "../common/modpath.h"
#include "../common/redact.h"
#include "../common/util.h"
#include "verdict.h"

extern char **environ;

#define DEFAULT_GOPROXY "https://proxy.golang.org,direct"
/* requests in flight at once: one per module, up to this many modules at a time */
#define GT_PROBE_THREADS 8

/* Split "M@V" into M; 0, or -1 with a reason when go would refuse the path. */
static int parse_mod(const char *arg, struct gt_mod *m, FILE *err)
{
	char ever[300], why[128];
	const char *at = strrchr(arg, '@');
	size_t pl = at ? (size_t)(at - arg) : strlen(arg);

	if (pl == 0 || pl >= sizeof(m->path) || (at && (strlen(at + 1) >= sizeof(m->version) || !at[1]))) {
		fprintf(err, "gotrace probe: '%s' is not MODULE[@VERSION]\n", arg);
		return -1;
	}
	memcpy(m->path, arg, pl);
	m->path[pl] = 0;
	snprintf(m->version, sizeof(m->version), "%s", at ? at + 1 : "");
	if (!strcmp(m->version, "latest"))
		m->version[0] = 0;
	if (gt_mod_check_path(m->path, why, sizeof(why)) < 0) {
		fprintf(err, "gotrace probe: malformed module path \"%s\": %s\n", m->path, why);
		return -1;
	}
	if (m->version[0] && !gt_semver_canonical(m->version)) {
		fprintf(err, "gotrace probe: %s: probe takes a full version (vX.Y.Z) or latest, not go's other queries\n",
			arg);
		return -1;
	}
	if (gt_mod_escape(m->path, m->epath, sizeof(m->epath)) < 0 || gt_mod_escape(m->version, ever, sizeof(ever)) < 0) {
		fprintf(err, "gotrace probe: %s: not a module path or version go accepts\n", arg);
		return -1;
	}
	return 0;
}

/* NAME's value (redacted) into U and where it came from (malloc'd, or NULL for the default);
 * 0 when NAME is unset and has no default worth showing. */
static int setting(const struct gt_goconf *c, const char *name, const char *dflt, struct gt_buf *u, char **src)
{
	struct gt_setting v;

	gt_goconf_setting(c, name, &v);
	*src = NULL;
	if (!v.value && !dflt)
		return 0;
	if (v.value)
		gt_redact_text(u, v.value, strlen(v.value));
	else
		gt_buf_puts(u, dflt);
	*src = v.value ? gt_source_text(c, v.src, v.line) : NULL;
	return 1;
}

/* The settings go would use for fetching, as go reads them, in the order go applies them. */
static void config_names(const struct gt_goconf *c, const char *names[7], const char *dflts[7])
{
	struct gt_setting np;
	int i = 0;

	gt_goconf_setting(c, "GONOPROXY", &np);
	names[i] = "GOPROXY", dflts[i++] = DEFAULT_GOPROXY;
	names[i] = np.value ? "GONOPROXY" : "GOPRIVATE", dflts[i++] = NULL;
	names[i] = "GOSUMDB", dflts[i++] = "sum.golang.org";
	names[i] = "GONOSUMDB", dflts[i++] = NULL;
	names[i] = "GOINSECURE", dflts[i++] = NULL;
	names[i] = "GOAUTH", dflts[i++] = NULL;
	names[i] = NULL;
}

/* The settings with where each came from: "NAME=V (WHERE)" lines on OUT, or {"NAME": {"value", "from"}} into O. */
static void config_out(const struct gt_goconf *c, FILE *out, json_t *o)
{
	const char *names[7], *dflts[7];
	int i;

	config_names(c, names, dflts);
	for (i = 0; names[i]; i++) {
		struct gt_buf u;
		char *src;
		gt_buf_init(&u);
		if (setting(c, names[i], dflts[i], &u, &src)) {
			const char *from = src ? src : "the default";
			if (out)
				fprintf(out, "%s=%s (%s)\n", names[i], gt_buf_cstr(&u), from);
			else
				json_object_set_new(o, names[i], json_pack("{s:s,s:s}", "value", gt_buf_cstr(&u), "from", from));
		}
		free(src);
		gt_buf_free(&u);
	}
}

/* The text written to the memory stream F, made harmless for a terminal (servers chose much of it), onto OUT. */
static void write_tamed(FILE *f, char **p, size_t *n, FILE *out)
{
	struct gt_buf b;

	if (!f)
		return;
	fclose(f);
	gt_buf_init(&b);
	gt_buf_add(&b, *p, *n);
	gt_tame(&b, 0, b.len);
	fwrite(b.p ? b.p : "", 1, b.len, out);
	gt_buf_free(&b);
	free(*p);
}

/* The work the threads share: the modules, and the next one to take. */
struct pool {
	struct gt_mod **m;
	int n;
	int next;
	int done;
	int progress; /* stderr is a terminal: one line that counts the modules done */
	pthread_mutex_t mu;
	const struct gt_probe_ctx *x;
};

void gt_probe_ctx_init(struct gt_probe_ctx *x, struct gt_proxy_list *pl, const struct gt_goconf *c, double timeout)
{
	struct gt_setting gp, np, ns, sd, in;

	gt_goconf_setting(c, "GOPROXY", &gp);
	gt_goconf_setting(c, "GONOPROXY", &np);
	if (!np.value)
		gt_goconf_setting(c, "GOPRIVATE", &np);
	gt_goconf_setting(c, "GONOSUMDB", &ns);
	if (!ns.value)
		gt_goconf_setting(c, "GOPRIVATE", &ns);
	gt_goconf_setting(c, "GOSUMDB", &sd);
	gt_goconf_setting(c, "GOINSECURE", &in);
	gt_proxy_parse(gp.value ? gp.value : DEFAULT_GOPROXY, pl);
	memset(x, 0, sizeof(*x));
	x->pl = pl;
	x->timeout = timeout;
	x->k = gt_creds_new(c, timeout);
	x->sumdb = sd.value;
	x->insecure = in.value && *in.value ? in.value : NULL;
	x->noproxy = np.value;
	x->nosumdb = ns.value;
}

void gt_probe_mod_prepare(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	gt_walk_start(&m->w, x->pl);
	if (x->noproxy)
		gt_match_prefix_patterns(x->noproxy, m->path, m->pattern, sizeof(m->pattern));
	if (x->nosumdb)
		gt_match_prefix_patterns(x->nosumdb, m->path, m->nosum, sizeof(m->nosum));
}

/* Everything go would do for M, in its order. */
void gt_probe_one(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	if (!m->pattern[0])
		gt_probe_walk(m, x);
	if (m->pattern[0] || (m->w.served < 0 && !m->hung && m->w.next >= 0 && x->pl->e[m->w.next].kind == 'd'))
		gt_probe_direct(m, x);
	if (m->w.served >= 0)
		gt_probe_sumdb(m, x);
	gt_probe_check(m, x);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		int i;
		pthread_mutex_lock(&p->mu);
		i = p->next < p->n ? p->next++ : -1;
		pthread_mutex_unlock(&p->mu);
		if (i < 0)
			break;
		if (p->m[i])
			gt_probe_one(p->m[i], p->x);
		pthread_mutex_lock(&p->mu);
		p->done++;
		if (p->progress)
			fprintf(stderr, "\rgotrace probe: %d of %d modules probed", p->done, p->n);
		pthread_mutex_unlock(&p->mu);
	}
	gt_fetch_thread_done();
	return NULL;
}

/* Probe the modules with up to GT_PROBE_THREADS requests in flight. */
static void probe_all(struct gt_mod **m, int n, const struct gt_probe_ctx *x)
{
	pthread_t t[GT_PROBE_THREADS];
	struct pool p = {.m = m, .n = n, .x = x, .progress = n > 1 && isatty(2)};
	int i, nt = n < GT_PROBE_THREADS ? n : GT_PROBE_THREADS, started = 0;

	pthread_mutex_init(&p.mu, NULL);
	for (i = 1; i < nt; i++)
		if (pthread_create(&t[started], NULL, worker, &p) == 0)
			started++;
	worker(&p); /* this thread works too, so a failed pthread_create only slows it down */
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	if (p.progress) /* the line goes before the results are printed */
		fprintf(stderr, "\r%60s\r", "");
	pthread_mutex_destroy(&p.mu);
}

int gt_probe_run(const struct gt_probe_opts *o, FILE *out)
{
	struct gt_goconf *c = gt_goconf_live(environ);
	struct gt_proxy_list pl;
	struct gt_probe_ctx x;
	struct gt_mod **m = gt_xcalloc((size_t)o->nmods + 1, sizeof(*m));
	json_t *all;
	struct gt_sumline *sums = NULL;
	FILE *text;
	char *tp = NULL;
	size_t tn = 0;
	int i, rc = 0;

	for (i = 0; i < o->nmods; i++) { /* a module go would refuse to look up is bad usage */
		m[i] = gt_xcalloc(1, sizeof(**m));
		if (parse_mod(o->mods[i], m[i], stderr) < 0)
			rc = 2;
	}
	if (rc) {
		for (i = 0; i < o->nmods; i++)
			free(m[i]);
		free(m);
		gt_goconf_free(c);
		return rc;
	}
	all = json_array();
	gt_probe_ctx_init(&x, &pl, c, o->timeout);
	x.quick = o->quick;
	x.zip_check = o->zip_check;
	/* the go.sum of the main module here (next to ./go.mod), as go checks what it downloads against it */
	x.nsums = access("go.mod", F_OK) == 0 ? gt_gosum_read("go.sum", &sums) : 0;
	x.sums = sums;
	text = o->json ? NULL : open_memstream(&tp, &tn);
	if (text)
		config_out(c, text, NULL);
	for (i = 0; i < o->nmods; i++)
		gt_probe_mod_prepare(m[i], &x);
	probe_all(m, o->nmods, &x);
	for (i = 0; i < o->nmods; i++) {
		if (o->json)
			json_array_append_new(all, gt_probe_json(m[i], &pl, &rc));
		else if (text)
			gt_probe_text(m[i], &pl, text, &rc);
		gt_probe_check_done(m[i]);
		gt_buf_free(&m[i]->modbody);
		free(m[i]);
	}
	if (o->json) {
		json_t *settings = json_object(), *doc;
		config_out(c, NULL, settings);
		doc = json_pack("{s:i,s:o,s:o}", "probe_format", 1, "settings", settings, "modules", all);
		/* every byte a server chose stays escaped: \u001b, not ESC */
		json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) | JSON_ENSURE_ASCII);
		fputc('\n', out);
		json_decref(doc);
	} else {
		json_decref(all);
		write_tamed(text, &tp, &tn, out);
	}
	free(sums);
	free(m);
	gt_creds_free(x.k);
	gt_goconf_free(c);
	return rc;
}

int gt_probe_gomod_requires(const char *path, char **out, int max, int *total)
{
	struct gt_gomod g;
	int i, r, n = 0;

	*total = 0;
	if (gt_gomod_read(path, &g) < 0)
		return -1;
	for (i = 0; i < g.nreq; i++) {
		const struct gt_require *q = &g.req[i];
		if (q->indirect)
			continue;
		r = gt_gomod_replaced(&g, q->path, q->version);
		if (r >= 0 && !g.rep[r].to_version[0])
			continue; /* replaced by a directory: go fetches nothing for it */
		++*total;
		if (n < max)
			out[n++] = r >= 0 ? gt_xasprintf("%s@%s", g.rep[r].to, g.rep[r].to_version)
					  : gt_xasprintf("%s@%s", q->path, q->version);
	}
	gt_gomod_free(&g);
	return n;
}

/* See probe.h (gt_remote_*): the probe's own walk, for one module version at a time. */
#include "probe.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analyzers/analyzers.h"
#include "../analyzers/goconf.h"
#include "../common/h1.h"
#include "../common/modpath.h"
#include "../common/redact.h"
#include "../common/util.h"
#include "probe_int.h"
#include "verdict.h"

extern char **environ;

struct gt_remote {
	struct gt_goconf *c;
	struct gt_proxy_list pl;
	struct gt_probe_ctx x;
	int proxy, sumdb;
};

struct gt_remote *gt_remote_open(double timeout, const char *tmpdir, int proxy, int sumdb)
{
	struct gt_remote *r = gt_xcalloc(1, sizeof(*r));

	r->c = gt_goconf_live(environ);
	gt_probe_ctx_init(&r->x, &r->pl, r->c, timeout);
	r->x.zip_dir = proxy ? tmpdir : NULL;
	r->proxy = proxy;
	r->sumdb = sumdb;
	return r;
}

void gt_remote_close(struct gt_remote *r)
{
	if (!r)
		return;
	gt_creds_free(r->x.k);
	gt_goconf_free(r->c);
	gt_fetch_thread_done();
	free(r);
}

/* The database's answer: its h1 for the zip and the go.mod. */
static void db_answer(const struct gt_mod *m, struct gt_remote_answer *a)
{
	const struct gt_sum *s = &m->sum;
	char want[700];
	int k;

	snprintf(a->db_name, sizeof(a->db_name), "%s", s->name);
	if (s->state != 2) {
		snprintf(a->db_why, sizeof(a->db_why), "%s", s->state == 1 ? s->err : "not asked");
		return;
	}
	a->asked_db = 1;
	if (!s->signed_ok || s->lookup.f.status != 200) {
		struct gt_buf b;
		gt_buf_init(&b);
		if (s->lookup.f.status != 200 && s->lookup.url[0]) {
			gt_buf_printf(&b, "%s -> ", s->lookup.url);
			gt_fetch_said(&s->lookup.f, &b);
		} else {
			gt_buf_puts(&b, s->err[0] ? s->err : "no answer");
		}
		snprintf(a->db_why, sizeof(a->db_why), "%s", gt_buf_cstr(&b));
		gt_buf_free(&b);
		return; /* an answer whose note does not verify proves nothing */
	}
	if (s->proof != GT_SUM_PROVEN) { /* nor does a record the signed tree does not prove */
		snprintf(a->db_why, sizeof(a->db_why), "%s%s", s->proof == GT_SUM_FORK || s->proof == GT_SUM_ROLLBACK ?
			 "the database misbehaves: " : "not proven: ", s->proof_why[0] ? s->proof_why : "unchecked");
		return;
	}
	for (k = 0; k < 2; k++) {
		const char *l = s->gosum[k];
		snprintf(want, sizeof(want), "%s %s ", m->path, m->resolved);
		if (!strncmp(l, want, strlen(want)))
			snprintf(a->db_zip, sizeof(a->db_zip), "%s", l + strlen(want));
		snprintf(want, sizeof(want), "%s %s/go.mod ", m->path, m->resolved);
		if (!strncmp(l, want, strlen(want)))
			snprintf(a->db_mod, sizeof(a->db_mod), "%s", l + strlen(want));
	}
}

/* What fetching WHAT said, when it did not come, into OUT. */
static void said(const struct gt_fetch *f, const char *what, char *out, size_t size)
{
	struct gt_buf b;

	gt_buf_init(&b);
	gt_fetch_said(f, &b);
	if (f->status && f->err[0] && !gt_probe_stalled(f))
		gt_buf_printf(&b, ": %s", f->err); /* the body cut short */
	snprintf(out, size, "%s: %s", what, gt_buf_cstr(&b));
	gt_buf_free(&b);
}

void gt_remote_ask(struct gt_remote *r, const char *path, const char *version, struct gt_remote_answer *a)
{
	struct gt_mod *m = gt_xcalloc(1, sizeof(*m));
	struct gt_buf b;

	memset(a, 0, sizeof(*a));
	snprintf(m->path, sizeof(m->path), "%s", path);
	snprintf(m->version, sizeof(m->version), "%s", version);
	if (gt_mod_escape(m->path, m->epath, sizeof(m->epath)) < 0) {
		snprintf(a->why, sizeof(a->why), "not a module path go accepts");
		free(m);
		return;
	}
	gt_probe_mod_prepare(m, &r->x);
	gt_buf_init(&b);
	if (r->proxy && !m->pattern[0])
		gt_probe_walk(m, &r->x);
	a->asked_proxy = r->proxy;
	if (!r->proxy) {
		/* the proxy was not asked */
	} else if (m->w.served >= 0) {
		const char *url = r->pl.e[m->w.served].url;
		b.len = 0;
		gt_redact_text(&b, url, strlen(url)); /* a password in GOPROXY is never shown */
		snprintf(a->where, sizeof(a->where), "GOPROXY entry %d %s", m->w.served + 1, gt_buf_cstr(&b));
		b.len = 0;
		if (m->mod.status == 200 && !m->mod.err[0] && m->mod.got > (long long)m->modbody.len)
			snprintf(a->mod_why, sizeof(a->mod_why), "the .mod served is %lld bytes, more than the %lld MiB probe keeps: "
								 "not hashed", m->mod.got, GT_FETCH_MOD_MAX >> 20);
		else if (m->mod.status == 200 && !m->mod.err[0])
			gt_h1_gomod(m->modbody.p ? m->modbody.p : "", m->modbody.len, a->mod_h1);
		else
			said(&m->mod, "the .mod", a->mod_why, sizeof(a->mod_why));
		snprintf(a->zip_path, sizeof(a->zip_path), "%s", m->zip_path);
		if (!m->zip_path[0])
			said(&m->zip, "the .zip", a->zip_why, sizeof(a->zip_why));
	} else {
		gt_probe_verdict(m, &r->pl, &b);
		snprintf(a->why, sizeof(a->why), "%s", m->pattern[0] ? "go fetches it from its origin (GONOPROXY/GOPRIVATE), "
							       "which verify does not clone" : gt_buf_cstr(&b));
	}
	if (r->sumdb) {
		snprintf(m->resolved, sizeof(m->resolved), "%s", version);
		gt_probe_sumdb(m, &r->x);
		db_answer(m, a);
	}
	gt_buf_free(&b);
	gt_buf_free(&m->modbody);
	free(m);
}

/*
 * What go checks of what a proxy served it (cmd/go/internal/modfetch,
 * fetch.go): the .mod's h1 against go.sum when it is fetched; the zip read
 * whole (at most 500 MB), opened as a zip, every file under MODULE@VERSION/,
 * its h1 against go.sum, else against the checksum database's record. A
 * body that stops is a hang (go sets no deadline on it), a body over the
 * bound a failure. The zip is hashed as go hashes it by the checker the
 * caller gives (verify/zipcheck.c: libzip is verify's).
 */
#include "probe_int.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../common/h1.h"

/* go.sum's h1 for PATH VERSION (its /go.mod line when GOMOD) into OUT and its line; 0 when go.sum has none. */
static int gosum_h1(const struct gt_probe_ctx *x, const char *path, const char *version, int gomod, char *out,
		    size_t size)
{
	int i;

	for (i = 0; i < x->nsums; i++) {
		const struct gt_sumline *l = &x->sums[i];
		if (l->gomod == gomod && !strncmp(l->hash, "h1:", 3) && !strcmp(l->path, path) && !strcmp(l->version, version)) {
			snprintf(out, size, "%s", l->hash);
			return l->line;
		}
	}
	return 0;
}

/* The zip's h1 and its files: go refuses one that does not open or holds a file outside M@V/. */
static void check_zip(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	char err[600], prefix[700], bad[400];

	snprintf(prefix, sizeof(prefix), "%s@%s/", m->path, m->resolved);
	int r = x->zip_check(m->zip_path, prefix, m->zip_h1, bad, sizeof(bad), err, sizeof(err));

	if (r == -2) {
		snprintf(m->zip_unchecked, sizeof(m->zip_unchecked), "%.500s", err);
		m->zip_h1[0] = 0;
	} else if (r < 0) {
		snprintf(m->zip_bad, sizeof(m->zip_bad), "zip: not a valid zip file (%.500s)", err);
		m->zip_h1[0] = 0;
	} else if (bad[0]) {
		(void)!snprintf(m->zip_bad, sizeof(m->zip_bad), "zip for %.200s@%.100s has unexpected file %.300s", m->path,
				m->resolved, bad);
	}
}

void gt_probe_check(struct gt_mod *m, const struct gt_probe_ctx *x)
{
	if (m->w.served < 0)
		return;
	m->quick = x->quick && !x->zip_dir;
	if (m->mod.status == 200 && !m->mod.err[0])
		gt_h1_gomod(m->modbody.p ? m->modbody.p : "", m->modbody.len, m->mod_h1);
	if (m->zip_path[0] && x->zip_check)
		check_zip(m, x);
	m->sum_mod_line = gosum_h1(x, m->path, m->resolved, 1, m->sum_mod, sizeof(m->sum_mod));
	m->sum_zip_line = gosum_h1(x, m->path, m->resolved, 0, m->sum_zip, sizeof(m->sum_zip));
}

void gt_probe_check_done(struct gt_mod *m)
{
	if (m->zip_fd > 0)
		close(m->zip_fd);
	m->zip_fd = 0;
}

/* The database's h1 for the zip or the .mod (SUFFIX "" or "/go.mod"), when its record was proven. */
static const char *db_h1(const struct gt_mod *m, const char *suffix)
{
	const struct gt_sum *s = &m->sum;
	char want[800];
	int k;

	if (s->state != 2 || !s->signed_ok || s->proof != GT_SUM_PROVEN)
		return NULL; /* a record the signed tree does not prove is nothing to compare with */
	snprintf(want, sizeof(want), "%s %s%s ", m->path, m->resolved, suffix);
	for (k = 0; k < 2; k++)
		if (!strncmp(s->gosum[k], want, strlen(want)))
			return s->gosum[k] + strlen(want);
	return NULL;
}

/* A fetch of the .mod or the zip that go would not get through, into B: 1; else 0. */
static int fetch_trouble(const struct gt_mod *m, const struct gt_fetch *f, const char *what, struct gt_buf *b)
{
	if (f->stalled && (!strcmp(f->stalled, "body") || !strcmp(f->stalled, "headers"))) {
		gt_buf_printf(b, "go would hang: GOPROXY entry %d ", m->w.served + 1);
		if (!strcmp(f->stalled, "body")) {
			gt_buf_printf(b, "sent %lld", f->got);
			if (f->clen >= 0)
				gt_buf_printf(b, " of %lld", f->clen);
			gt_buf_printf(b, " bytes of the %s, then nothing for %.0f s", what, f->idle);
		} else {
			gt_buf_printf(b, "took the request for the %s and sent no answer for %.0f s", what, f->idle);
		}
		gt_buf_puts(b, "; go sets no deadline for an answer and waits for ever");
		return 1;
	}
	if (f->over_limit && !strcmp(what, ".mod")) {
		gt_buf_printf(b, "gotrace cannot tell: GOPROXY entry %d's .mod is over %lld bytes, more than gotrace reads "
				 "(go reads it whole); it was not hashed", m->w.served + 1, GT_FETCH_MOD_MAX);
		return 1;
	}
	if (f->over_limit) {
		gt_buf_printf(b, "go would fail: downloaded zip file too large: GOPROXY entry %d's zip is over go's limit of "
				 "%lld bytes (%s)", m->w.served + 1, GT_FETCH_ZIP_MAX, f->err);
		return 1;
	}
	if (f->status < 200 || f->status >= 300 || f->err[0]) {
		gt_buf_printf(b, "go would fail: GOPROXY entry %d served the version but the %s: ", m->w.served + 1, what);
		gt_fetch_said(f, b);
		return 1;
	}
	return 0;
}

/* A hash go would find wrong, into B: 1; else 0. */
static int hash_trouble(const struct gt_mod *m, const char *got, const char *suffix, const char *sum, int line,
			struct gt_buf *b)
{
	const char *db = db_h1(m, suffix);

	if (!got[0])
		return 0;
	if (sum[0] && strcmp(sum, got)) {
		gt_buf_printf(b, "go would fail: verifying %s@%s%s: checksum mismatch (downloaded %s; go.sum line %d: %s): "
				 "SECURITY ERROR: this download does not match an earlier one recorded in go.sum",
			      m->path, m->resolved, suffix, got, line, sum);
		return 1;
	}
	if (!sum[0] && db && strcmp(db, got)) {
		gt_buf_printf(b, "go would fail: verifying %s@%s%s: checksum mismatch (downloaded %s; the checksum database "
				 "%s: %s): SECURITY ERROR: this download does not match the one the checksum server reports",
			      m->path, m->resolved, suffix, got, m->sum.name, db);
		return 1;
	}
	return 0;
}

int gt_probe_check_verdict(const struct gt_mod *m, struct gt_buf *b)
{
	if (m->w.served < 0)
		return 0;
	if (fetch_trouble(m, &m->mod, ".mod", b))
		return 1;
	if (hash_trouble(m, m->mod_h1, "/go.mod", m->sum_mod, m->sum_mod_line, b))
		return 1;
	if (fetch_trouble(m, &m->zip, "zip", b))
		return 1;
	if (m->zip_bad[0]) {
		gt_buf_printf(b, "go would fail: %s (the zip GOPROXY entry %d served)", m->zip_bad, m->w.served + 1);
		return 1;
	}
	if (m->zip_unchecked[0]) {
		gt_buf_printf(b, "gotrace cannot tell: the zip GOPROXY entry %d served could not be checked: %s", m->w.served + 1,
			      m->zip_unchecked);
		return 1;
	}
	return hash_trouble(m, m->zip_h1, "", m->sum_zip, m->sum_zip_line, b);
}

/* See goset.h. */
#include "goset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "files.h"
#include "redact.h"
#include "util.h"

enum gt_gsfile gt_goset_kind(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (!strcmp(b, "go.mod"))
		return GT_GS_MOD;
	if (!strcmp(b, "go.work"))
		return GT_GS_WORK;
	if (!strcmp(b, "go.env") || gt_file_kind(path, strlen(path)) == GT_FK_GOENV)
		return GT_GS_ENV;
	return GT_GS_NONE;
}

/* Append NAME=VALUE (VALUE redacted as K asks, unless RAW) at LINE. */
static void add(struct gt_gosets *o, enum gt_gsfile k, const char *name, size_t nl, const char *val, size_t vl,
	       long line, int raw)
{
	struct gt_goset *v;
	struct gt_buf b;
	int secret;

	if (o->n >= GT_GOSET_MAX) {
		o->more++;
		return;
	}
	if (vl > GT_GOSET_VALMAX)
		vl = GT_GOSET_VALMAX;
	gt_buf_init(&b);
	secret = k == GT_GS_ENV ? gt_redact_env_value(&b, name, nl, val, vl) : gt_redact_text(&b, val, vl);
	o->v = gt_xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	v = &o->v[o->n];
	v->name = gt_xstrndup(name, nl);
	v->value = raw ? gt_xstrndup(val, vl) : gt_xstrdup(gt_buf_cstr(&b));
	v->line = line;
	v->secret = secret;
	gt_buf_free(&b);
	o->n++;
}

/*
 * A go env file as go reads it (cmd/go/internal/cfg): each line split at
 * '\n'; a line whose first byte is not A-Z or that has no '=' is skipped
 * (blank lines, comments); NAME is what is before the first '=', VALUE
 * everything after it, spaces and a '\r' included.
 */
static void parse_env(const char *s, size_t n, struct gt_gosets *o, int raw)
{
	long no = 0;

	while (n) {
		const char *nl = memchr(s, '\n', n), *eq;
		size_t len = nl ? (size_t)(nl - s) : n;
		no++;
		eq = memchr(s, '=', len);
		if (eq && len && s[0] >= 'A' && s[0] <= 'Z')
			add(o, GT_GS_ENV, s, (size_t)(eq - s), eq + 1, len - (size_t)(eq - s) - 1, no, raw);
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
}

/* LINE (LEN bytes) without its comment and trailing space, words one space apart, into B. */
static void words(struct gt_buf *b, const char *line, size_t len)
{
	size_t i = 0;
	char q = 0;

	b->len = 0;
	while (i < len) {
		char c = line[i];
		if (!q && c == '/' && i + 1 < len && line[i + 1] == '/')
			break; /* a comment, outside a quoted string */
		if (!q && (c == ' ' || c == '\t' || c == '\r')) {
			if (b->len && b->p[b->len - 1] != ' ')
				gt_buf_putc(b, ' ');
			i++;
			continue;
		}
		if (q && c == '\\' && q == '"' && i + 1 < len) {
			gt_buf_putc(b, c);
			c = line[++i];
		} else if (c == '"' || c == '`') {
			q = !q ? c : q == c ? 0 : q;
		}
		gt_buf_putc(b, c);
		i++;
	}
	while (b->len && b->p[b->len - 1] == ' ')
		b->len--;
	gt_buf_cstr(b);
}

/* Whether directive NAME is one K's settings keep. */
static int kept(enum gt_gsfile k, const char *name, size_t n)
{
	static const char *const mod[] = {"module", "go", "toolchain", "godebug", "replace", "exclude", NULL};
	static const char *const work[] = {"go", "toolchain", "godebug", "replace", "use", NULL};
	const char *const *l = k == GT_GS_MOD ? mod : work;

	for (; *l; l++)
		if (strlen(*l) == n && !memcmp(*l, name, n))
			return 1;
	return 0;
}

/*
 * go.mod and go.work (golang.org/x/mod/modfile): a directive is a line
 * "VERB ARGS" or a block "VERB (" ... ")" whose lines are ARGS of VERB.
 * Blocks of every verb are followed, so that a require block's lines are
 * never taken for directives; only the verbs KEPT says are recorded.
 */
static void parse_mod(enum gt_gsfile k, const char *s, size_t n, struct gt_gosets *o)
{
	char verb[32] = "";
	struct gt_buf b;
	long no = 0;
	int block = 0;

	gt_buf_init(&b);
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n, vl;
		const char *w;
		no++;
		words(&b, s, len);
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
		w = gt_buf_cstr(&b);
		if (!b.len)
			continue;
		if (block) {
			if (w[0] == ')')
				block = 0;
			else if (kept(k, verb, strlen(verb)))
				add(o, k, verb, strlen(verb), w, b.len, no, 0);
			continue;
		}
		vl = strcspn(w, " (");
		if (vl >= sizeof(verb))
			continue;
		memcpy(verb, w, vl);
		verb[vl] = 0;
		w += vl + (w[vl] == ' ');
		if (!strcmp(w, "(")) {
			block = 1;
			continue;
		}
		if (*w && kept(k, verb, vl))
			add(o, k, verb, vl, w, strlen(w), no, 0);
	}
	gt_buf_free(&b);
}

static void parse(enum gt_gsfile k, const char *text, size_t n, struct gt_gosets *out, int raw)
{
	if (k == GT_GS_ENV)
		parse_env(text, n, out, raw);
	else if (k == GT_GS_MOD || k == GT_GS_WORK)
		parse_mod(k, text, n, out);
}

void gt_goset_parse(enum gt_gsfile k, const char *text, size_t n, struct gt_gosets *out)
{
	parse(k, text, n, out, 0);
}

static int read_file(enum gt_gsfile k, const char *path, struct gt_gosets *out, int raw)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	struct gt_buf b;
	char chunk[8192];
	size_t r;
	int rc = 0;

	if (!f)
		return -1;
	gt_buf_init(&b);
	while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		gt_buf_add(&b, chunk, r);
	if (ferror(f))
		rc = -(errno ? errno : EIO); /* from the failed read */
	else
		parse(k, b.p ? b.p : "", b.len, out, raw);
	fclose(f);
	gt_buf_free(&b);
	if (rc < 0)
		errno = -rc;
	return rc < 0 ? -1 : 0;
}

int gt_goset_read(enum gt_gsfile k, const char *path, struct gt_gosets *out)
{
	return read_file(k, path, out, 0);
}

int gt_goset_read_raw(const char *path, struct gt_gosets *out)
{
	return read_file(GT_GS_ENV, path, out, 1);
}

const struct gt_goset *gt_goset_get(const struct gt_gosets *s, const char *name)
{
	const struct gt_goset *last = NULL;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			last = &s->v[i];
	return last;
}

void gt_goset_free(struct gt_gosets *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].value);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

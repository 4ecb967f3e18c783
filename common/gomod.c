/* See gomod.h. */
#include "gomod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "util.h"

/* The next word of a go.mod line into W (a "quoted" one unquoted); the rest of the line. */
static const char *word(const char *s, char *w, size_t size)
{
	size_t n;

	s += strspn(s, " \t");
	if (*s == '"' || *s == '`') {
		n = strcspn(s + 1, *s == '"' ? "\"" : "`");
		snprintf(w, size, "%.*s", (int)n, s + 1);
		return s + 1 + n + (s[1 + n] != 0);
	}
	n = strcspn(s, " \t\r\n");
	if (!strncmp(s, "//", 2))
		n = 0; /* a comment ends the line */
	snprintf(w, size, "%.*s", (int)n, s);
	return s + n;
}

/* Which directive of KINDS (NULL-ended) begins S; S moved past it, *BLOCK set for "KIND (". -1 if none. */
static int directive(const char **s, const char *const *kinds, int *block)
{
	size_t k;
	int i;

	for (i = 0; kinds[i]; i++) {
		k = strlen(kinds[i]);
		if (strncmp(*s, kinds[i], k) || !strchr(" \t(", (*s)[k]))
			continue;
		*s += k + strspn(*s + k, " \t");
		if (**s == '(') {
			*block = i + 1;
			*s = "";
		}
		return i;
	}
	return -1;
}

static void add_require(struct gt_gomod *m, const char *s, int line)
{
	struct gt_require r;

	memset(&r, 0, sizeof(r));
	s = word(s, r.path, sizeof(r.path));
	s = word(s, r.version, sizeof(r.version));
	if (!r.path[0] || !r.version[0])
		return;
	r.indirect = strstr(s, "// indirect") != NULL;
	r.line = line;
	m->req = gt_xrealloc(m->req, (size_t)(m->nreq + 1) * sizeof(*m->req));
	m->req[m->nreq++] = r;
}

static void add_replace(struct gt_gomod *m, const char *s, int line)
{
	struct gt_replace r;
	char v[128];
	const char *arrow = strstr(s, "=>");

	if (!arrow)
		return;
	memset(&r, 0, sizeof(r));
	s = word(s, r.from, sizeof(r.from));
	word(s, v, sizeof(v));
	if (strcmp(v, "=>"))
		snprintf(r.from_version, sizeof(r.from_version), "%s", v);
	s = word(arrow + 2, r.to, sizeof(r.to));
	word(s, r.to_version, sizeof(r.to_version));
	r.line = line;
	if (!r.from[0] || !r.to[0])
		return;
	m->rep = gt_xrealloc(m->rep, (size_t)(m->nrep + 1) * sizeof(*m->rep));
	m->rep[m->nrep++] = r;
}

int gt_gomod_read(const char *path, struct gt_gomod *m)
{
	static const char *const kinds[] = {"require", "replace", "module", NULL};
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	char line[2048];
	int block = 0, n = 0, k;

	memset(m, 0, sizeof(*m));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *s = line + strspn(line, " \t");
		n++;
		if (block && s[0] == ')') {
			block = 0;
			continue;
		}
		k = block ? block - 1 : directive(&s, kinds, &block);
		if (k < 0 || !*s)
			continue;
		if (k == 0)
			add_require(m, s, n);
		else if (k == 1)
			add_replace(m, s, n);
		else
			word(s, m->module, sizeof(m->module));
	}
	fclose(f);
	return 0;
}

void gt_gomod_free(struct gt_gomod *m)
{
	free(m->req);
	free(m->rep);
	memset(m, 0, sizeof(*m));
}

int gt_gomod_replaced(const struct gt_gomod *m, const char *path, const char *version)
{
	int i, any = -1;

	for (i = 0; i < m->nrep; i++) {
		if (strcmp(m->rep[i].from, path))
			continue;
		if (!strcmp(m->rep[i].from_version, version))
			return i; /* a replacement of this version wins over one of every version */
		if (!m->rep[i].from_version[0])
			any = i;
	}
	return any;
}

int gt_gowork_uses(const char *path, char ***dirs)
{
	static const char *const kinds[] = {"use", NULL};
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	char line[2048], w[1024];
	int block = 0, n = 0;

	*dirs = NULL;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *s = line + strspn(line, " \t");
		if (block && s[0] == ')') {
			block = 0;
			continue;
		}
		if (!block && (directive(&s, kinds, &block) < 0 || !*s))
			continue;
		word(s, w, sizeof(w));
		if (!w[0])
			continue;
		*dirs = gt_xrealloc(*dirs, (size_t)(n + 1) * sizeof(**dirs));
		(*dirs)[n++] = gt_xstrdup(w);
	}
	fclose(f);
	return n;
}

/* "PATH VERSION HASH" of LINE into L, each field whole; -1 when a field is missing, extra or too long. */
static int sum_fields(const char *line, struct gt_sumline *l, char *v, size_t vsize)
{
	char *dst[3] = {l->path, v, l->hash};
	size_t cap[3] = {sizeof(l->path), vsize, sizeof(l->hash)}, n;
	int i;

	for (i = 0; i < 3; i++) {
		line += strspn(line, " \t");
		n = strcspn(line, " \t\r\n");
		if (!n || n >= cap[i])
			return -1;
		memcpy(dst[i], line, n);
		dst[i][n] = 0;
		line += n;
	}
	return line[strspn(line, " \t\r\n")] ? -1 : 0;
}

int gt_gosum_read(const char *path, struct gt_sumline **out)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	char *line = NULL;
	size_t lcap = 0;
	int n = 0, no = 0;

	*out = NULL;
	if (!f)
		return -1;
	while (getline(&line, &lcap, f) >= 0) { /* a line of any length is one line */
		struct gt_sumline l;
		char v[160];
		size_t k;
		no++;
		memset(&l, 0, sizeof(l));
		if (sum_fields(line, &l, v, sizeof(v)) < 0 || l.hash[0] != 'h' || !strchr(l.hash, ':') ||
		    strspn(l.hash + 1, "0123456789") != (size_t)(strchr(l.hash, ':') - l.hash - 1))
			continue; /* not "PATH VERSION hN:..." */
		if (strpbrk(l.path, "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
					"\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") ||
		    strpbrk(v, "\x1b\x7f"))
			continue; /* go refuses such paths; they never reach a terminal from here */
		k = strlen(v);
		if (k > 7 && !strcmp(v + k - 7, "/go.mod")) {
			l.gomod = 1;
			v[k - 7] = 0;
		}
		snprintf(l.version, sizeof(l.version), "%.*s", (int)sizeof(l.version) - 1, v);
		l.line = no;
		*out = gt_xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
		(*out)[n++] = l;
	}
	free(line);
	fclose(f);
	return n;
}

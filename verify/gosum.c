/*
 * go.sum as go reads it (modfetch's readGoSum): lines of any length, three
 * fields split at white space, "PATH VERSION[/go.mod] HASH"; only h1: hashes
 * count, and for a module listed twice the first h1 is the one go compares.
 * Every module version is found through an index (open addressing on its
 * go.sum, path and version), so reading and looking up are linear in
 * go.sum's size.
 */
#include "verify_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/files.h"
#include "../common/util.h"

#define SPACE " \t\r\n\v\f"

static uint64_t key_hash(int sum, const char *path, const char *version)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned)sum;
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h = (h ^ ' ') * 1099511628211ull;
	for (p = (const unsigned char *)version; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h ^ (h >> 29);
}

static size_t find_slot(const struct gt_vrun *r, int sum, const char *path, const char *version)
{
	size_t i = (size_t)key_hash(sum, path, version) & (r->nslot - 1);

	for (;; i = (i + 1) & (r->nslot - 1)) {
		const struct gt_vmod *m;
		if (r->slot[i] < 0)
			return i;
		m = &r->m[r->slot[i]];
		if (m->sum == sum && !strcmp(m->path, path) && !strcmp(m->version, version))
			return i;
	}
}

/* Twice as many slots (at least 1024), every module placed again. */
static void regrow(struct gt_vrun *r)
{
	size_t i;
	int k;

	free(r->slot);
	r->nslot = r->nslot ? 2 * r->nslot : 1024;
	r->slot = gt_xcalloc(r->nslot, sizeof(*r->slot));
	for (i = 0; i < r->nslot; i++)
		r->slot[i] = -1;
	for (k = 0; k < r->n; k++)
		r->slot[find_slot(r, r->m[k].sum, r->m[k].path, r->m[k].version)] = k;
}

struct gt_vmod *gt_vmod_get(struct gt_vrun *r, int sum, const char *path, const char *version, int create)
{
	struct gt_vmod *m;
	size_t i;

	if (!r->nslot) {
		if (!create)
			return NULL;
		regrow(r);
	}
	i = find_slot(r, sum, path, version);
	if (r->slot[i] >= 0)
		return &r->m[r->slot[i]];
	if (!create)
		return NULL;
	if ((size_t)(r->n + 1) * 2 > r->nslot) {
		regrow(r);
		i = find_slot(r, sum, path, version);
	}
	GT_GROW(r->m, r->n, r->cap);
	m = &r->m[r->n];
	memset(m, 0, sizeof(*m));
	m->path = gt_xstrdup(path);
	m->version = gt_xstrdup(version);
	m->sum = sum;
	m->sumfile = r->sumfiles[sum];
	gt_buf_init(&m->edited);
	gt_buf_init(&m->added);
	gt_buf_init(&m->removed);
	r->slot[i] = r->n++;
	return m;
}

/* The three fields of LINE (cut in place); 0, or -1 when it has another number of fields. */
static int fields(char *line, char *f[3])
{
	int n = 0;
	char *s = line, *save = NULL;

	while ((s = strtok_r(s, SPACE, &save))) {
		if (n == 3)
			return -1;
		f[n++] = s;
		s = NULL;
	}
	return n == 3 ? 0 : -1;
}

/* Line NO of go.sum SUM, its fields in F. */
static void add_line(struct gt_vrun *r, int sum, int no, char *f[3])
{
	size_t k = strlen(f[1]);
	int gomod = k > 7 && !strcmp(f[1] + k - 7, "/go.mod");
	struct gt_vmod *m;
	struct gt_vhash *h;

	if (gomod)
		f[1][k - 7] = 0;
	m = gt_vmod_get(r, sum, f[0], f[1], 1);
	h = gomod ? &m->mod[GT_V_GOSUM] : &m->zip[GT_V_GOSUM];
	if (h->state == GT_VS_HAVE)
		return; /* go compares the first h1 line of a module */
	*(gomod ? &m->mod_line : &m->zip_line) = no;
	gt_vhash_set(h, GT_VS_HAVE, f[2], NULL, NULL);
}

int gt_verify_read_sum(struct gt_vrun *r, int sum, char *err, size_t esize)
{
	FILE *f = gt_fopen_text(r->sumfiles[sum], 1L << 40); /* go reads go.sum whole, whatever its size */
	char *line = NULL, *fl[3];
	size_t cap = 0;
	int no = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0; /* no go.sum: no lines */
		snprintf(err, esize, "%s: %s", r->sumfiles[sum], strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		no++;
		if (fields(line, fl) < 0 || strncmp(fl[2], "h1:", 3))
			continue; /* go ignores other hashes; a malformed line makes go stop, verify skips it */
		add_line(r, sum, no, fl);
	}
	free(line);
	fclose(f);
	return 0;
}

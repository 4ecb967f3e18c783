/* See tlog.h. */
#include "tlog.h"

#include <stdio.h>
#include <string.h>

#include "../common/h1.h"

#define MAX_NODES 192 /* complete subtrees one walk reads: at most two per level of a 2^48 tree */

void gt_tlog_record_hash(const void *p, size_t n, unsigned char out[GT_TLOG_HASH])
{
	struct gt_sha256 s;

	gt_sha256_init(&s);
	gt_sha256_add(&s, "\0", 1);
	gt_sha256_add(&s, p, n);
	gt_sha256_done(&s, out);
}

void gt_tlog_node_hash(const unsigned char l[GT_TLOG_HASH], const unsigned char r[GT_TLOG_HASH],
		       unsigned char out[GT_TLOG_HASH])
{
	struct gt_sha256 s;

	gt_sha256_init(&s);
	gt_sha256_add(&s, "\1", 1);
	gt_sha256_add(&s, l, GT_TLOG_HASH);
	gt_sha256_add(&s, r, GT_TLOG_HASH);
	gt_sha256_done(&s, out);
}

/*
 * Record n's leaf hash goes right after the hashes of every earlier record
 * and every subtree they completed: n + n/2 + n/4 + ...; the node at LEVEL
 * is written after the leaf that completes it, LEVEL places on.
 */
int64_t gt_tlog_stored_index(int level, int64_t n)
{
	int64_t i = 0, last = ((n + 1) << level) - 1; /* the leaf that completes the node */

	for (; last > 0; last >>= 1)
		i += last;
	return i + level;
}

int gt_tlog_tile_path(const struct gt_tile *t, char *out, size_t size)
{
	char groups[8][8], num[64] = "";
	int64_t n = t->n;
	int k = 0, len;

	do {
		snprintf(groups[k], sizeof(groups[k]), "%03d", (int)(n % 1000));
		n /= 1000;
	} while (n > 0 && ++k < 7);
	for (len = 0; k >= 0; k--)
		len += snprintf(num + len, sizeof(num) - (size_t)len, "%s%s%s", len ? "/" : "", k ? "x" : "", groups[k]);
	if (t->w != 1 << t->h)
		len = snprintf(out, size, "tile/%d/%d/%s.p/%d", t->h, t->l, num, t->w);
	else
		len = snprintf(out, size, "tile/%d/%d/%s", t->h, t->l, num);
	return len > 0 && (size_t)len < size ? 0 : -1;
}

/* The length of the UTF-8 sequence at P (N bytes left), 0 when it is not one go accepts. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t want, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		want = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		want = 3, lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		want = 4, lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (n < want || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < want; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return want;
}

/* go's isValidRecordText: UTF-8, no control character but newline, no blank line, a final newline. */
static int valid_text(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((p[i] < 0x20 && p[i] != '\n') || (p[i] == '\n' && i > 0 && p[i - 1] == '\n'))
			return 0;
		if (!(k = utf8_len(p + i, n - i)))
			return 0;
		i += k;
	}
	return n > 0 && p[n - 1] == '\n';
}

/* A non-negative decimal number as Go's strconv would print it; -1 otherwise. */
static int64_t parse_count(const char *p, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18 || (n > 1 && p[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int gt_tlog_parse_record(const char *msg, size_t len, int64_t *id, size_t *text, size_t *textlen, size_t *note,
			 char *err, size_t esize)
{
	const char *nl = memchr(msg, '\n', len), *blank;

	if (!nl || (*id = parse_count(msg, (size_t)(nl - msg))) < 0) {
		snprintf(err, esize, "malformed record data: the answer does not start with a record number");
		return -1;
	}
	*text = (size_t)(nl + 1 - msg);
	blank = memmem(nl + 1, len - *text, "\n\n", 2);
	if (!blank) {
		snprintf(err, esize, "malformed record data: no blank line ends the record");
		return -1;
	}
	*textlen = (size_t)(blank + 1 - (nl + 1));
	*note = (size_t)(blank + 2 - msg);
	if (!valid_text((const unsigned char *)nl + 1, *textlen)) {
		snprintf(err, esize, "malformed record data: the record text holds a control character or is not UTF-8");
		return -1;
	}
	return 0;
}

int gt_tlog_parse_tree(const char *text, size_t len, struct gt_tree *t)
{
	static const char prefix[] = "go.sum database tree\n";
	const char *l1, *e1, *e2;
	char h64[64];

	if (len > 1000000 || len < sizeof(prefix) - 1 || memcmp(text, prefix, sizeof(prefix) - 1))
		return -1;
	l1 = text + sizeof(prefix) - 1;
	if (!(e1 = memchr(l1, '\n', len - (size_t)(l1 - text))) ||
	    !(e2 = memchr(e1 + 1, '\n', len - (size_t)(e1 + 1 - text))))
		return -1;
	if ((t->n = parse_count(l1, (size_t)(e1 - l1))) < 0 || e2 - e1 - 1 != 44)
		return -1;
	memcpy(h64, e1 + 1, 44);
	h64[44] = 0;
	return gt_base64_decode(h64, t->hash, sizeof(t->hash)) == GT_TLOG_HASH ? 0 : -1;
}

/* One walk over tree T: the complete subtrees it read from tiles, in order. */
struct walk {
	const struct gt_tree *t;
	int64_t cut[2]; /* no subtree read whole may hold one of these strictly inside */
	int ncut;
	gt_tile_reader rd;
	void *arg;
	char *err;
	size_t esize;
	int nn;
	struct {
		int64_t lo, hi;
		unsigned char h[GT_TLOG_HASH];
	} node[MAX_NODES];
};

/* The hash of the 1<<K hashes at P: the subtree above them within a tile. */
static void tile_subtree(const unsigned char *p, int k, unsigned char out[GT_TLOG_HASH])
{
	unsigned char buf[(1 << (GT_TLOG_HEIGHT - 1)) * GT_TLOG_HASH];
	int n = 1 << k, i;

	memcpy(buf, p, (size_t)n * GT_TLOG_HASH);
	for (; n > 1; n /= 2)
		for (i = 0; i < n / 2; i++)
			gt_tlog_node_hash(buf + 2 * i * GT_TLOG_HASH, buf + (2 * i + 1) * GT_TLOG_HASH, buf + i * GT_TLOG_HASH);
	memcpy(out, buf, GT_TLOG_HASH);
}

/* The hash of the complete subtree [LO, HI) (its size a power of two, LO a multiple of it), from its tile. */
static enum gt_tlog_result read_node(struct walk *w, int64_t lo, int64_t hi, unsigned char out[GT_TLOG_HASH])
{
	unsigned char data[(1 << GT_TLOG_HEIGHT) * GT_TLOG_HASH];
	int level = 0, r;
	int64_t pos, row;
	struct gt_tile t = {.h = GT_TLOG_HEIGHT};

	while (((int64_t)1 << level) < hi - lo)
		level++;
	t.l = level / GT_TLOG_HEIGHT;
	r = level % GT_TLOG_HEIGHT;
	pos = lo >> (t.l * GT_TLOG_HEIGHT); /* the first hash, in the tile level's row */
	row = w->t->n >> (t.l * GT_TLOG_HEIGHT);
	t.n = pos >> GT_TLOG_HEIGHT;
	t.w = (int)(row - (t.n << GT_TLOG_HEIGHT) > (1 << GT_TLOG_HEIGHT) ? 1 << GT_TLOG_HEIGHT
									      : row - (t.n << GT_TLOG_HEIGHT));
	pos -= t.n << GT_TLOG_HEIGHT;
	if (w->nn >= MAX_NODES || pos + (1 << r) > t.w) {
		snprintf(w->err, w->esize, "internal error: subtree [%lld, %lld) is not in tree %lld's tiles", (long long)lo,
			 (long long)hi, (long long)w->t->n);
		return GT_TLOG_UNREADABLE;
	}
	if (w->rd(w->arg, &t, data, w->err, w->esize) < 0)
		return GT_TLOG_UNREADABLE;
	tile_subtree(data + pos * GT_TLOG_HASH, r, out);
	w->node[w->nn].lo = lo;
	w->node[w->nn].hi = hi;
	memcpy(w->node[w->nn++].h, out, GT_TLOG_HASH);
	return GT_TLOG_OK;
}

/* The hash of records [LO, HI) of the tree: RFC 6962's split at the largest power of two below the size. */
static enum gt_tlog_result subtree(struct walk *w, int64_t lo, int64_t hi, unsigned char out[GT_TLOG_HASH])
{
	unsigned char l[GT_TLOG_HASH], r[GT_TLOG_HASH];
	int64_t s = hi - lo, k = 1;
	enum gt_tlog_result e;
	int i, whole = (s & (s - 1)) == 0 && (lo & (s - 1)) == 0;

	for (i = 0; i < w->ncut; i++)
		if (lo < w->cut[i] && w->cut[i] < hi)
			whole = 0;
	if (whole)
		return read_node(w, lo, hi, out);
	while (k * 2 < s)
		k *= 2;
	if ((e = subtree(w, lo, lo + k, l)) != GT_TLOG_OK || (e = subtree(w, lo + k, hi, r)) != GT_TLOG_OK)
		return e;
	gt_tlog_node_hash(l, r, out);
	return GT_TLOG_OK;
}

/* Recompute T's hash with W's cuts; OK when it is the signed one. */
static enum gt_tlog_result walk_tree(struct walk *w)
{
	unsigned char root[GT_TLOG_HASH];
	enum gt_tlog_result e;

	if (w->t->n > GT_TLOG_MAX_N) {
		snprintf(w->err, w->esize, "the tree claims %lld records, more than any checksum database holds",
			 (long long)w->t->n);
		return GT_TLOG_UNREADABLE;
	}
	if ((e = subtree(w, 0, w->t->n, root)) != GT_TLOG_OK)
		return e;
	if (memcmp(root, w->t->hash, GT_TLOG_HASH)) {
		snprintf(w->err, w->esize, "downloaded inconsistent tiles: they do not add up to tree %lld's signed hash",
			 (long long)w->t->n);
		return GT_TLOG_BADTILES;
	}
	return GT_TLOG_OK;
}

enum gt_tlog_result gt_tlog_prove_record(const struct gt_tree *t, int64_t id, const unsigned char record[GT_TLOG_HASH],
					 gt_tile_reader rd, void *arg, char *err, size_t esize)
{
	static struct walk zero;
	struct walk w = zero;
	enum gt_tlog_result e;
	int i;

	if (id < 0 || id >= t->n) {
		snprintf(err, esize, "record %lld is not in the signed tree of size %lld", (long long)id, (long long)t->n);
		return GT_TLOG_MISMATCH;
	}
	w.t = t, w.rd = rd, w.arg = arg, w.err = err, w.esize = esize;
	w.cut[0] = id, w.cut[1] = id + 1, w.ncut = 2;
	if ((e = walk_tree(&w)) != GT_TLOG_OK)
		return e;
	for (i = 0; i < w.nn && !(w.node[i].lo == id && w.node[i].hi == id + 1); i++)
		;
	if (i == w.nn || memcmp(w.node[i].h, record, GT_TLOG_HASH)) {
		snprintf(err, esize, "cannot authenticate record data: record %lld of the signed tree has another hash "
				     "than the text served",
			 (long long)id);
		return GT_TLOG_MISMATCH;
	}
	return GT_TLOG_OK;
}

enum gt_tlog_result gt_tlog_tree_hash_in(const struct gt_tree *t, int64_t m, unsigned char out[GT_TLOG_HASH],
					 gt_tile_reader rd, void *arg, char *err, size_t esize)
{
	static struct walk zero;
	struct walk w = zero;
	enum gt_tlog_result e;
	int i, k;

	if (m < 0 || m > t->n) {
		snprintf(err, esize, "internal error: tree %lld asked of tree %lld", (long long)m, (long long)t->n);
		return GT_TLOG_UNREADABLE;
	}
	if (m == t->n || m == 0) { /* the tree itself; the empty tree's hash is SHA-256 of nothing */
		struct gt_sha256 s;
		gt_sha256_init(&s);
		gt_sha256_done(&s, out);
		if (m)
			memcpy(out, t->hash, GT_TLOG_HASH);
		return GT_TLOG_OK;
	}
	w.t = t, w.rd = rd, w.arg = arg, w.err = err, w.esize = esize;
	w.cut[0] = m, w.ncut = 1;
	if ((e = walk_tree(&w)) != GT_TLOG_OK)
		return e;
	for (k = 0; k < w.nn && w.node[k].hi <= m; k++) /* the first M records' complete subtrees, left to right */
		;
	memcpy(out, w.node[k - 1].h, GT_TLOG_HASH);
	for (i = k - 2; i >= 0; i--)
		gt_tlog_node_hash(w.node[i].h, out, out);
	return GT_TLOG_OK;
}

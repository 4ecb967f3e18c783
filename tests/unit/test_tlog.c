/*
 * The checksum database's tree arithmetic (probe/tlog.c). The expected
 * stored-hash indexes, tile paths and tree hashes were printed once by a
 * small Go program over golang.org/x/mod/sumdb/tlog as the Go distribution
 * vendors it (StoredHashIndex, Tile.Path, StoredHashes and TreeHash over
 * the records "record I\n"). The tiles the proofs read are made here by a
 * plain RFC 6962 recursion over the record hashes, independent of the
 * tile walk under test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/h1.h"
#include "../../probe/tlog.h"

#define N 70000

static unsigned char (*leaf)[GT_TLOG_HASH];
/* the complete subtrees at tree levels 8 and 16 (tile levels 1 and 2), made once by mth() */
static unsigned char (*level_row[3])[GT_TLOG_HASH];

static void mth(int64_t lo, int64_t hi, unsigned char out[GT_TLOG_HASH]);

static void make_leaves(void)
{
	char text[32];
	int64_t i;
	int l;

	if (leaf)
		return;
	leaf = malloc((size_t)N * GT_TLOG_HASH);
	for (i = 0; i < N; i++) {
		int n = snprintf(text, sizeof(text), "record %lld\n", (long long)i);
		gt_tlog_record_hash(text, (size_t)n, leaf[i]);
	}
	level_row[0] = leaf;
	for (l = 1; l < 3; l++) {
		int64_t span = (int64_t)1 << (8 * l);
		level_row[l] = malloc((size_t)(N / span + 1) * GT_TLOG_HASH);
		for (i = 0; i < N / span; i++)
			mth(i * span, (i + 1) * span, level_row[l][i]);
	}
}

/* RFC 6962's MTH over leaves [LO, HI): split at the largest power of two below the size. */
static void mth(int64_t lo, int64_t hi, unsigned char out[GT_TLOG_HASH])
{
	unsigned char l[GT_TLOG_HASH], r[GT_TLOG_HASH];
	int64_t k = 1;

	if (hi - lo == 1) {
		memcpy(out, leaf[lo], GT_TLOG_HASH);
		return;
	}
	while (k * 2 < hi - lo)
		k *= 2;
	mth(lo, lo + k, l);
	mth(lo + k, hi, r);
	gt_tlog_node_hash(l, r, out);
}

/* What a reader does to its tile, and how many tiles it served. */
struct fake {
	int64_t n;      /* the tree the tiles are of */
	int corrupt;    /* flip a byte of every tile */
	int fail;       /* answer every tile with an error */
	int short_tile; /* check the reader was asked a width the tree has */
	int reads;
};

static int reader(void *arg, const struct gt_tile *t, unsigned char *out, char *err, size_t esize)
{
	struct fake *f = arg;
	int64_t span = (int64_t)1 << (8 * t->l), row = f->n >> (8 * t->l);
	int i;

	f->reads++;
	cr_assert_eq(t->h, 8);
	cr_assert(t->w >= 1 && t->w <= 256);
	/* the tile of the tree's own width, as go asks: full, or the tree's last partial one */
	cr_assert_eq(t->w, row - t->n * 256 >= 256 ? 256 : row - t->n * 256);
	if (f->fail) {
		snprintf(err, esize, "no tile");
		return -1;
	}
	cr_assert(t->l < 3 && span > 0);
	for (i = 0; i < t->w; i++)
		memcpy(out + i * GT_TLOG_HASH, level_row[t->l][t->n * 256 + i], GT_TLOG_HASH);
	if (f->corrupt)
		out[0] ^= 1;
	return 0;
}

static void b64hash(const char *s, unsigned char out[GT_TLOG_HASH])
{
	cr_assert_eq(gt_base64_decode(s, out, GT_TLOG_HASH), GT_TLOG_HASH);
}

static const struct {
	int64_t n;
	const char *hash;
} trees[] = {
	{1, "hH2/O6WqM8SXbRrP04wkRcdxBnXjSED3frqPG1Slmqo="},     {2, "iDYylbHW0Tfc8TPv9Zsm3tnGSeG45mXMQ+Eqym5W/aw="},
	{3, "NN1lugKBoC5d4485FURI7Stm1fqIQOgKwtCU4SF6ADo="},     {7, "VVOPta6muLtr4TjexJLyDN2n5k9t9+4IYo4R6tZk+rQ="},
	{256, "YM4q9B2yxJjQzI3wjS28QSe5lhVenLORq/0HtRJm3q4="},   {257, "QdJ5V+Qnf4iWgvEVR9xxpPDgVMkVzgEbYXI1DVJk2Kg="},
	{300, "Ey++6U8jR3/07muS3KCjyN5ywJOyyUIHrJWv/iryBOQ="},   {65536, "eMkFXxoibfmvi0Nh2EO1RJqouxwRzoM3nldKTpjMyaY="},
	{65537, "d9SozBjmEAtOFT7v6sp5LqKpM6o8r9CtU1iHCHMGoGI="}, {70000, "q9HMCgw+ixVNAypciVz8ZZDQuxUxwzBoB0Bi4V3wbdI="},
};

static void tree_of(int64_t n, struct gt_tree *t)
{
	size_t i;

	for (i = 0; i < sizeof(trees) / sizeof(trees[0]) && trees[i].n != n; i++)
		;
	cr_assert(i < sizeof(trees) / sizeof(trees[0]));
	t->n = n;
	b64hash(trees[i].hash, t->hash);
}

Test(tlog, stored_hash_index)
{
	static const int64_t c[][3] = {{0, 0, 0},   {0, 1, 1},   {1, 0, 2},         {0, 2, 3},     {0, 3, 4},         {1, 1, 5},
				       {2, 0, 6},   {0, 255, 502}, {8, 0, 510},     {0, 1000000, 1999993}, {3, 12345, 197528}};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		cr_expect_eq(gt_tlog_stored_index((int)c[i][0], c[i][1]), c[i][2], "StoredHashIndex(%lld, %lld)",
			     (long long)c[i][0], (long long)c[i][1]);
}

Test(tlog, tile_paths)
{
	static const struct {
		struct gt_tile t;
		const char *path;
	} c[] = {
		{{8, 0, 0, 1}, "tile/8/0/000.p/1"},
		{{8, 0, 0, 256}, "tile/8/0/000"},
		{{8, 1, 1234, 17}, "tile/8/1/x001/234.p/17"},
		{{8, 2, 1234067, 256}, "tile/8/2/x001/x234/067"},
		{{8, 0, 1000, 3}, "tile/8/0/x001/000.p/3"},
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cr_assert_eq(gt_tlog_tile_path(&c[i].t, out, sizeof(out)), 0);
		cr_expect_str_eq(out, c[i].path);
	}
	cr_expect_eq(gt_tlog_tile_path(&c[3].t, out, 10), -1, "a path that does not fit is refused");
}

/* The hashes go computes, from the record hashes by the plain recursion: the test's own tiles are right. */
Test(tlog, tree_hashes_match_go)
{
	unsigned char h[GT_TLOG_HASH], want[GT_TLOG_HASH];
	size_t i;

	make_leaves();
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		mth(0, trees[i].n, h);
		b64hash(trees[i].hash, want);
		cr_expect_eq(memcmp(h, want, GT_TLOG_HASH), 0, "tree %lld", (long long)trees[i].n);
	}
}

Test(tlog, inclusion)
{
	static const int64_t sizes[] = {1, 2, 3, 7, 256, 257, 300};
	struct gt_tree t;
	char err[300];
	size_t k;
	int64_t id;

	make_leaves();
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		tree_of(sizes[k], &t);
		for (id = 0; id < t.n; id++) {
			struct fake f = {.n = t.n};
			cr_assert_eq(gt_tlog_prove_record(&t, id, leaf[id], reader, &f, err, sizeof(err)), GT_TLOG_OK,
				     "record %lld of %lld: %s", (long long)id, (long long)t.n, err);
			cr_assert(f.reads <= 2 * 10 + 2, "%d tiles read", f.reads); /* two a level at most */
		}
	}
	tree_of(70000, &t);
	for (k = 0; k < 5; k++) {
		static const int64_t ids[] = {0, 65535, 65536, 69999, 12345};
		struct fake f = {.n = t.n};
		cr_expect_eq(gt_tlog_prove_record(&t, ids[k], leaf[ids[k]], reader, &f, err, sizeof(err)), GT_TLOG_OK, "%s",
			     err);
	}
}

Test(tlog, inclusion_refused)
{
	struct gt_tree t;
	struct fake f = {.n = 300};
	char err[300];

	make_leaves();
	tree_of(300, &t);
	/* another record's text at id 5 */
	cr_expect_eq(gt_tlog_prove_record(&t, 5, leaf[6], reader, &f, err, sizeof(err)), GT_TLOG_MISMATCH);
	cr_expect(strstr(err, "cannot authenticate record data") != NULL, "%s", err);
	/* an id the tree does not have, and a negative one */
	cr_expect_eq(gt_tlog_prove_record(&t, 300, leaf[0], reader, &f, err, sizeof(err)), GT_TLOG_MISMATCH);
	cr_expect_eq(gt_tlog_prove_record(&t, -1, leaf[0], reader, &f, err, sizeof(err)), GT_TLOG_MISMATCH);
	/* tiles that do not add up to the signed hash */
	f.corrupt = 1;
	cr_expect_eq(gt_tlog_prove_record(&t, 5, leaf[5], reader, &f, err, sizeof(err)), GT_TLOG_BADTILES);
	/* a signed hash that is not the tree's */
	f.corrupt = 0;
	t.hash[3] ^= 0x40;
	cr_expect_eq(gt_tlog_prove_record(&t, 5, leaf[5], reader, &f, err, sizeof(err)), GT_TLOG_BADTILES);
	/* no tiles */
	f.fail = 1;
	cr_expect_eq(gt_tlog_prove_record(&t, 5, leaf[5], reader, &f, err, sizeof(err)), GT_TLOG_UNREADABLE);
	cr_expect_str_eq(err, "no tile");
	/* a size no database has: refused before any tile is asked */
	f.fail = 0, f.reads = 0;
	t.n = (int64_t)1 << 60;
	cr_expect_eq(gt_tlog_prove_record(&t, 5, leaf[5], reader, &f, err, sizeof(err)), GT_TLOG_UNREADABLE);
	cr_expect_eq(f.reads, 0);
}

/* The hash of the first M records from a bigger tree's tiles: go's consistency check. */
Test(tlog, consistency)
{
	static const int64_t big[] = {7, 300, 70000};
	unsigned char h[GT_TLOG_HASH], want[GT_TLOG_HASH];
	struct gt_tree t;
	char err[300];
	size_t k, i;
	int64_t m;

	make_leaves();
	for (k = 0; k < sizeof(big) / sizeof(big[0]); k++) {
		tree_of(big[k], &t);
		for (m = 0; m <= t.n; m += t.n > 300 ? 997 : 1) {
			struct fake f = {.n = t.n};
			cr_assert_eq(gt_tlog_tree_hash_in(&t, m, h, reader, &f, err, sizeof(err)), GT_TLOG_OK, "%s", err);
			if (m)
				mth(0, m, want);
			else /* the empty tree's hash: SHA-256 of nothing, e3b0c442... */
				memcpy(want, "\xe3\xb0\xc4\x42\x98\xfc\x1c\x14\x9a\xfb\xf4\xc8\x99\x6f\xb9\x24"
					     "\x27\xae\x41\xe4\x64\x9b\x93\x4c\xa4\x95\x99\x1b\x78\x52\xb8\x55",
				       GT_TLOG_HASH);
			cr_assert_eq(memcmp(h, want, GT_TLOG_HASH), 0, "tree %lld in tree %lld", (long long)m, (long long)t.n);
		}
	}
	/* against go's own hashes of the smaller trees */
	tree_of(70000, &t);
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		struct fake f = {.n = t.n};
		cr_assert_eq(gt_tlog_tree_hash_in(&t, trees[i].n, h, reader, &f, err, sizeof(err)), GT_TLOG_OK, "%s", err);
		b64hash(trees[i].hash, want);
		cr_expect_eq(memcmp(h, want, GT_TLOG_HASH), 0, "tree %lld", (long long)trees[i].n);
	}
	/* tiles that do not add up to the bigger tree's signed hash prove nothing */
	{
		struct fake f = {.n = t.n, .corrupt = 1};
		cr_expect_eq(gt_tlog_tree_hash_in(&t, 300, h, reader, &f, err, sizeof(err)), GT_TLOG_BADTILES);
	}
}

Test(tlog, parse_record)
{
	static const char ok[] = "12\nexample.com/m v1.0.0 h1:abc=\nexample.com/m v1.0.0/go.mod h1:def=\n\ngo.sum database tree\n";
	int64_t id;
	size_t text, len, note;
	char err[200];

	cr_assert_eq(gt_tlog_parse_record(ok, strlen(ok), &id, &text, &len, &note, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(id, 12);
	cr_expect_eq(text, 3);
	cr_expect_eq(len, strlen("example.com/m v1.0.0 h1:abc=\nexample.com/m v1.0.0/go.mod h1:def=\n"));
	cr_expect_str_eq(ok + note, "go.sum database tree\n");
	/* what go refuses: no number, a number with a sign or a leading zero, no blank line, a control character, bad UTF-8 */
	cr_expect_eq(gt_tlog_parse_record("x\na\n\nn", 7, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("-1\na\n\nn", 8, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("01\na\n\nn", 8, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("1\na\nb\n", 6, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("1\na\x1b[2J\n\nn", 11, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("1\na\xc0\xaf\n\nn", 9, &id, &text, &len, &note, err, sizeof(err)), -1);
	cr_expect_eq(gt_tlog_parse_record("1\n", 2, &id, &text, &len, &note, err, sizeof(err)), -1);
}

Test(tlog, parse_tree)
{
	static const char ok[] = "go.sum database tree\n300\nEy++6U8jR3/07muS3KCjyN5ywJOyyUIHrJWv/iryBOQ=\n";
	struct gt_tree t, want;

	cr_assert_eq(gt_tlog_parse_tree(ok, strlen(ok), &t), 0);
	tree_of(300, &want);
	cr_expect_eq(t.n, 300);
	cr_expect_eq(memcmp(t.hash, want.hash, GT_TLOG_HASH), 0);
	cr_expect_eq(gt_tlog_parse_tree("go.sum database tree\n0300\nEy++6U8jR3/07muS3KCjyN5ywJOyyUIHrJWv/iryBOQ=\n", 67, &t), -1);
	cr_expect_eq(gt_tlog_parse_tree("go.sum database tree\n300\nEy++6U8jR3/07muS3KCjyN5ywJOyyUIHrJWv/iryBO=\n", 65, &t), -1);
	cr_expect_eq(gt_tlog_parse_tree("go.sum database tre\n300\nEy++6U8jR3/07muS3KCjyN5ywJOyyUIHrJWv/iryBOQ=\n", 65, &t), -1);
	cr_expect_eq(gt_tlog_parse_tree("go.sum database tree\n300\n", 25, &t), -1);
}

/*
 * The checksum database's tree (a transparency log, RFC 6962 hashing, as
 * golang.org/x/mod/sumdb/tlog lays it out; docs/facts.md, "How go proves
 * a checksum database record"): a record's hash is SHA-256(0x00 || text),
 * an inner node's SHA-256(0x01 || left || right); a tree of N records is
 * split at the largest power of two below N. The hashes of complete
 * subtrees are served in tiles of height 8: tile (L, K) holds, at level
 * 8L, the hashes K*256 ... K*256+W-1 (W < 256 for the tree's last,
 * partial tile). Nothing here touches the network: the tiles come through
 * a reader the caller gives.
 */
#ifndef GT_PROBE_TLOG_H
#define GT_PROBE_TLOG_H

#include <stddef.h>
#include <stdint.h>

#define GT_TLOG_HASH 32
#define GT_TLOG_HEIGHT 8                 /* the tile height go asks for */
#define GT_TLOG_MAX_N ((int64_t)1 << 48) /* a tree claiming more records than this is refused */

struct gt_tree {
	int64_t n;                        /* records */
	unsigned char hash[GT_TLOG_HASH]; /* the Merkle tree hash of the N records */
};

struct gt_tile {
	int h, l;  /* height, level in tiles (the hashes are at tree level h*l) */
	int64_t n; /* number within the level */
	int w;     /* width: hashes it holds, 1 .. 1<<h */
};

/* SHA-256(0x00 || P[0..N)). */
void gt_tlog_record_hash(const void *p, size_t n, unsigned char out[GT_TLOG_HASH]);
/* SHA-256(0x01 || L || R). */
void gt_tlog_node_hash(const unsigned char l[GT_TLOG_HASH], const unsigned char r[GT_TLOG_HASH],
		       unsigned char out[GT_TLOG_HASH]);
/* Where the log stores the hash of node N at LEVEL, in the order hashes are written (x/mod's StoredHashIndex). */
int64_t gt_tlog_stored_index(int level, int64_t n);
/* "tile/H/L/x001/x234/067[.p/W]"; 0, or -1 when it does not fit in SIZE. */
int gt_tlog_tile_path(const struct gt_tile *t, char *out, size_t size);

/*
 * A /lookup answer as go reads it: the record id line, the record text up to
 * the first blank line (the text keeps its final newline; UTF-8 without
 * control characters but the newline), then the signed note. 0 with ID, the
 * text's length (it starts at *TEXT) and the note's start (*NOTE); -1 with
 * why in ERR.
 */
int gt_tlog_parse_record(const char *msg, size_t len, int64_t *id, size_t *text, size_t *textlen, size_t *note,
			 char *err, size_t esize);
/* The signed text of a tree note: "go.sum database tree\nN\nBASE64\n" (extra lines ignored); 0, or -1. */
int gt_tlog_parse_tree(const char *text, size_t len, struct gt_tree *t);

/*
 * Read tile T into OUT (T->w * 32 bytes); 0, or -1 with why in ERR. The
 * bytes need not be trusted: every proof below recomputes a signed hash
 * from them.
 */
typedef int (*gt_tile_reader)(void *arg, const struct gt_tile *t, unsigned char *out, char *err, size_t esize);

/* What a proof found. */
enum gt_tlog_result {
	GT_TLOG_OK = 0,         /* proven */
	GT_TLOG_UNREADABLE = 1, /* a tile could not be had (ERR says which and why) */
	GT_TLOG_BADTILES = 2,   /* the tiles do not add up to the signed tree hash */
	GT_TLOG_MISMATCH = 3,   /* the tiles are the tree's, and what was checked against them differs */
};

/*
 * Whether RECORD (its hash) is leaf ID of tree T: the tree hash of T
 * recomputed from T's tiles equals T's signed hash (so the tiles' hashes
 * are T's), and leaf ID's hash in them is RECORD.
 */
enum gt_tlog_result gt_tlog_prove_record(const struct gt_tree *t, int64_t id, const unsigned char record[GT_TLOG_HASH],
					 gt_tile_reader rd, void *arg, char *err, size_t esize);
/*
 * The tree hash of the first M records of tree T (M <= T->n), from T's
 * tiles, authenticated by T's signed hash (a consistency proof): OK with
 * OUT, or UNREADABLE / BADTILES.
 */
enum gt_tlog_result gt_tlog_tree_hash_in(const struct gt_tree *t, int64_t m, unsigned char out[GT_TLOG_HASH],
					 gt_tile_reader rd, void *arg, char *err, size_t esize);

#endif

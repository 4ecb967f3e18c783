/*
 * Go's "h1:" hashes (golang.org/x/mod/sumdb/dirhash Hash1, docs/facts.md):
 * for files in sorted order, the lines "HEX(SHA-256(content))  NAME\n";
 * the SHA-256 of those lines, base64, after "h1:". A go.mod's hash is that
 * of one file named "go.mod"; a zip's, of its entries by their names
 * (MODULE@VERSION/PATH); an unpacked module directory's, of its files by
 * the same names.
 */
#ifndef GT_H1_H
#define GT_H1_H

#include <stddef.h>
#include <stdint.h>

#define GT_H1_LEN 48 /* "h1:" + 44 base64 characters + NUL */

/*
 * A SHA-256 computed piece by piece (FIPS 180-4; our own, so that no
 * traced run has to load libcrypto: 2.5 ms at every start).
 */
struct gt_sha256 {
	uint32_t h[8];
	uint64_t len;            /* bytes added */
	unsigned char blk[64];
	size_t used;             /* bytes in blk */
};
int gt_sha256_init(struct gt_sha256 *s);
void gt_sha256_add(struct gt_sha256 *s, const void *p, size_t n);
void gt_sha256_done(struct gt_sha256 *s, unsigned char out[32]);

/* The summary of Hash1: files added in sorted order (byte order, as Go's sort.Strings). */
struct gt_h1 {
	struct gt_sha256 sum;
	int bad; /* a name with a newline: go refuses it */
};
int gt_h1_init(struct gt_h1 *h);
void gt_h1_file(struct gt_h1 *h, const char *name, const unsigned char sha[32]);
/* "h1:..." into OUT; -1 (and "" in OUT) when a name was refused. */
int gt_h1_done(struct gt_h1 *h, char out[GT_H1_LEN]);

/* Standard base64 with padding: OUT gets 4*ceil(N/3) characters and a NUL. */
void gt_base64_encode(char *out, const unsigned char *p, size_t n);
/* Decode S (standard alphabet, padded, length a multiple of 4) into OUT (SIZE bytes); bytes, or -1. */
int gt_base64_decode(const char *s, unsigned char *out, size_t size);

/* The h1 of a go.mod whose bytes are P (N bytes). */
int gt_h1_gomod(const void *p, size_t n, char out[GT_H1_LEN]);

#endif

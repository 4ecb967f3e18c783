/* See h1.h. */
#include "h1.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int gt_sha256_init(struct gt_sha256 *s)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	s->ctx = c;
	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		s->ctx = NULL;
		return -1;
	}
	return 0;
}

void gt_sha256_add(struct gt_sha256 *s, const void *p, size_t n)
{
	if (s->ctx && n)
		EVP_DigestUpdate(s->ctx, p, n);
}

void gt_sha256_done(struct gt_sha256 *s, unsigned char out[32])
{
	unsigned int n = 0;

	memset(out, 0, 32);
	if (s->ctx)
		EVP_DigestFinal_ex(s->ctx, out, &n);
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

int gt_h1_init(struct gt_h1 *h)
{
	h->bad = 0;
	return gt_sha256_init(&h->sum);
}

void gt_h1_file(struct gt_h1 *h, const char *name, const unsigned char sha[32])
{
	char hex[65];
	int i;

	if (strchr(name, '\n')) {
		h->bad = 1;
		return;
	}
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", sha[i]);
	gt_sha256_add(&h->sum, hex, 64);
	gt_sha256_add(&h->sum, "  ", 2);
	gt_sha256_add(&h->sum, name, strlen(name));
	gt_sha256_add(&h->sum, "\n", 1);
}

int gt_h1_done(struct gt_h1 *h, char out[GT_H1_LEN])
{
	unsigned char d[32], enc[48];

	gt_sha256_done(&h->sum, d);
	if (h->bad) {
		out[0] = 0;
		return -1;
	}
	EVP_EncodeBlock(enc, d, 32); /* 44 characters and a NUL */
	memcpy(out, "h1:", 3);
	memcpy(out + 3, enc, 45);
	return 0;
}

int gt_h1_gomod(const void *p, size_t n, char out[GT_H1_LEN])
{
	struct gt_sha256 s;
	struct gt_h1 h;
	unsigned char d[32];

	if (gt_sha256_init(&s) < 0 || gt_h1_init(&h) < 0) {
		out[0] = 0;
		return -1;
	}
	gt_sha256_add(&s, p, n);
	gt_sha256_done(&s, d);
	gt_h1_file(&h, "go.mod", d);
	return gt_h1_done(&h, out);
}

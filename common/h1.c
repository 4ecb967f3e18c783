/* See h1.h. */
#include "h1.h"

#include <stdio.h>
#include <string.h>

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) + w[i - 7] +
		       (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

int gt_sha256_init(struct gt_sha256 *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->used = 0;
	return 0;
}

void gt_sha256_add(struct gt_sha256 *s, const void *p, size_t n)
{
	const unsigned char *q = p;

	s->len += n;
	if (s->used) {
		size_t k = n < 64 - s->used ? n : 64 - s->used;
		memcpy(s->blk + s->used, q, k);
		s->used += k;
		q += k;
		n -= k;
		if (s->used < 64)
			return;
		block(s->h, s->blk);
		s->used = 0;
	}
	for (; n >= 64; q += 64, n -= 64)
		block(s->h, q);
	memcpy(s->blk, q, n);
	s->used = n;
}

void gt_sha256_done(struct gt_sha256 *s, unsigned char out[32])
{
	uint64_t bits = s->len * 8;
	int i;

	s->blk[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->blk + s->used, 0, 64 - s->used);
		block(s->h, s->blk);
		s->used = 0;
	}
	memset(s->blk + s->used, 0, 56 - s->used);
	for (i = 0; i < 8; i++)
		s->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	block(s->h, s->blk);
	for (i = 0; i < 32; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
	gt_sha256_init(s);
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void gt_base64_encode(char *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3, out += 4) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[0] = B64[v >> 18], out[1] = B64[v >> 12 & 63], out[2] = B64[v >> 6 & 63], out[3] = B64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		out[0] = B64[v >> 18], out[1] = B64[v >> 12 & 63];
		out[2] = i + 1 < n ? B64[v >> 6 & 63] : '=';
		out[3] = '=';
		out += 4;
	}
	*out = 0;
}

static int b64val(char c)
{
	const char *p = c ? strchr(B64, c) : NULL;

	return p ? (int)(p - B64) : -1;
}

int gt_base64_decode(const char *s, unsigned char *out, size_t size)
{
	size_t n = strlen(s), i, o = 0;

	if (n % 4)
		return -1;
	for (i = 0; i < n; i += 4) {
		int v[4], k, pad = 0;
		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == n && k >= 2 && (k == 3 || s[i + 3] == '=')) {
				v[k] = 0;
				pad++;
				continue;
			}
			if ((v[k] = b64val(s[i + k])) < 0)
				return -1;
		}
		if (o + 3 - (size_t)pad > size)
			return -1;
		out[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			out[o++] = (unsigned char)(v[1] << 4 | v[2] >> 2);
		if (pad < 1)
			out[o++] = (unsigned char)(v[2] << 6 | v[3]);
	}
	return (int)o;
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
	gt_base64_encode((char *)enc, d, 32); /* 44 characters and a NUL */
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

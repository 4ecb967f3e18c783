/*
 * Byte buffers shared by the launcher, the analyzers and the shim. The shim
 * only ever uses fixed buffers, so nothing here may call malloc on that path.
 */
#include "buf.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gt_buf_init(struct gt_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void gt_buf_fixed(struct gt_buf *b, char *mem, size_t size)
{
	b->p = mem;
	b->len = 0;
	b->cap = size;
	b->fixed = 1;
	b->trunc = 0;
}

void gt_buf_free(struct gt_buf *b)
{
	if (!b->fixed)
		free(b->p);
	memset(b, 0, sizeof(*b));
}

size_t gt_buf_reserve(struct gt_buf *b, size_t n)
{
	size_t want, ncap;
	char *np;

	/* one spare byte so gt_buf_cstr never needs to grow */
	if (b->cap - b->len > n)
		return n;
	if (b->fixed) {
		size_t room = b->cap > b->len ? b->cap - b->len - 1 : 0;
		if (room < n)
			b->trunc = 1;
		return room < n ? room : n;
	}
	want = b->len + n + 1;
	ncap = b->cap ? b->cap : 256;
	while (ncap < want)
		ncap *= 2;
	np = gt_xrealloc(b->p, ncap);
	b->p = np;
	b->cap = ncap;
	return n;
}

void gt_buf_add(struct gt_buf *b, const void *s, size_t n)
{
	if (!n)
		return; /* S may be NULL (an empty string a JSON decoder gave no storage) */
	n = gt_buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void gt_buf_puts(struct gt_buf *b, const char *s)
{
	gt_buf_add(b, s, strlen(s));
}

void gt_buf_putc(struct gt_buf *b, char c)
{
	if (gt_buf_reserve(b, 1))
		b->p[b->len++] = c;
}

void gt_buf_u64(struct gt_buf *b, uint64_t v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	gt_buf_add(b, tmp + i, sizeof(tmp) - i);
}

void gt_buf_i64(struct gt_buf *b, int64_t v)
{
	if (v < 0) {
		gt_buf_putc(b, '-');
		gt_buf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		gt_buf_u64(b, (uint64_t)v);
	}
}

void gt_buf_printf(struct gt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	room = gt_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	/* vsnprintf needs room for its NUL; reserve always keeps one spare byte */
	vsnprintf(b->p + b->len, room + 1, fmt, ap);
	va_end(ap);
	b->len += room;
}

const char *gt_buf_cstr(struct gt_buf *b)
{
	if (!b->p) {
		if (b->fixed)
			return "";
		gt_buf_reserve(b, 1);
	}
	b->p[b->len] = '\0';
	return b->p;
}

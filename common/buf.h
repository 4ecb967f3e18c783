/*
 * A byte buffer that either grows on the heap or, for code that must not
 * allocate (the preload shim), lives in caller-provided storage and is cut
 * when full.
 *
 * Invariants: p[0..len) holds the data; len <= cap; when `fixed` is set,
 * appends never allocate and `trunc` records that something did not fit.
 * The buffer is not NUL-terminated unless gt_buf_cstr() is called.
 */
#ifndef GT_BUF_H
#define GT_BUF_H

#include <stddef.h>
#include <stdint.h>

struct gt_buf {
	char *p;
	size_t len;
	size_t cap;
	int fixed; /* storage belongs to the caller; never realloc */
	int trunc; /* an append on a fixed buffer did not fit */
};

/* Initialise an empty heap buffer. */
void gt_buf_init(struct gt_buf *b);
/* Initialise a buffer over caller storage MEM of SIZE bytes; never allocates. */
void gt_buf_fixed(struct gt_buf *b, char *mem, size_t size);
/* Release a heap buffer and reset it to empty. */
void gt_buf_free(struct gt_buf *b);
/* Make room for N more bytes; returns how many of them fit (< N only when fixed). */
size_t gt_buf_reserve(struct gt_buf *b, size_t n);
/* Append N bytes of S. */
void gt_buf_add(struct gt_buf *b, const void *s, size_t n);
/* Append a NUL-terminated string. */
void gt_buf_puts(struct gt_buf *b, const char *s);
/* Append one byte. */
void gt_buf_putc(struct gt_buf *b, char c);
/* Append a signed decimal number. */
void gt_buf_i64(struct gt_buf *b, int64_t v);
/* Append an unsigned decimal number. */
void gt_buf_u64(struct gt_buf *b, uint64_t v);
/* Append printf-style output (not for hot paths). */
void gt_buf_printf(struct gt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* NUL-terminate (not counted in len) and return the data. */
const char *gt_buf_cstr(struct gt_buf *b);

#endif

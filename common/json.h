/*
 * Writing JSON text into a gt_buf. Only what the trace needs: strings,
 * numbers and the punctuation the caller writes itself. Strings are always
 * valid UTF-8 on output: bytes that are not valid UTF-8 (paths may hold any
 * byte) become U+FFFD, the choice encoding/json makes too.
 */
#ifndef GT_JSON_H
#define GT_JSON_H

#include "buf.h"

/* Length of the valid UTF-8 sequence of two to four bytes at S (at most N bytes), or 0. */
size_t gt_utf8_len(const unsigned char *s, size_t n);
/* Append S (N bytes) as a quoted, escaped JSON string. */
void gt_json_str(struct gt_buf *b, const char *s, size_t n);
/* Append a NUL-terminated string as a JSON string. */
void gt_json_cstr(struct gt_buf *b, const char *s);
/* Append `,"KEY":` (KEY must not need escaping). */
void gt_json_key(struct gt_buf *b, const char *key);
/* Append `"KEY":`, for an object's first member (no comma before it). */
void gt_json_key1(struct gt_buf *b, const char *key);
/* Append `,"KEY":true`: a flag, which the trace holds only when it is set. */
void gt_json_true(struct gt_buf *b, const char *key);
/* Append seconds with microsecond precision from a nanosecond count. */
void gt_json_time(struct gt_buf *b, uint64_t ns);

#endif

/*
 * JSON encoding for events. This runs once per traced event, so the common
 * case (printable ASCII) copies runs of bytes instead of one byte at a time.
 */
#include "json.h"

#include <string.h>

static const char hexdigit[] = "0123456789abcdef";

size_t gt_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (len == 2)
		return 2;
	if (len == 3) {
		cp = ((c & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		return 3;
	}
	cp = ((c & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
	     (s[3] & 0x3fu);
	if (cp < 0x10000 || cp > 0x10ffff)
		return 0;
	return 4;
}

void gt_json_str(struct gt_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	gt_buf_putc(b, '"');
	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (i > run)
			gt_buf_add(b, s + run, i - run);
		if (c >= 0x80) {
			size_t l = gt_utf8_len(s + i, n - i);
			if (l) {
				gt_buf_add(b, s + i, l);
				i += l;
			} else {
				gt_buf_add(b, "\xef\xbf\xbd", 3);
				i++;
			}
			run = i;
			continue;
		}
		switch (c) {
		case '"': gt_buf_add(b, "\\\"", 2); break;
		case '\\': gt_buf_add(b, "\\\\", 2); break;
		case '\n': gt_buf_add(b, "\\n", 2); break;
		case '\t': gt_buf_add(b, "\\t", 2); break;
		case '\r': gt_buf_add(b, "\\r", 2); break;
		default: {
			char esc[6] = {'\\', 'u', '0', '0', hexdigit[c >> 4], hexdigit[c & 15]};
			gt_buf_add(b, esc, 6);
		}
		}
		i++;
		run = i;
	}
	if (i > run)
		gt_buf_add(b, s + run, i - run);
	gt_buf_putc(b, '"');
}

void gt_json_cstr(struct gt_buf *b, const char *s)
{
	gt_json_str(b, s, strlen(s));
}

void gt_json_key(struct gt_buf *b, const char *key)
{
	gt_buf_add(b, ",\"", 2);
	gt_buf_puts(b, key);
	gt_buf_add(b, "\":", 2);
}

void gt_json_key1(struct gt_buf *b, const char *key)
{
	gt_buf_putc(b, '"');
	gt_buf_puts(b, key);
	gt_buf_add(b, "\":", 2);
}

void gt_json_true(struct gt_buf *b, const char *key)
{
	gt_json_key(b, key);
	gt_buf_add(b, "true", 4);
}

void gt_json_time(struct gt_buf *b, uint64_t ns)
{
	uint64_t us = ns / 1000;
	char frac[7];
	int i;

	gt_buf_u64(b, us / 1000000);
	us %= 1000000;
	frac[0] = '.';
	for (i = 6; i >= 1; i--) {
		frac[i] = (char)('0' + us % 10);
		us /= 10;
	}
	gt_buf_add(b, frac, 7);
}

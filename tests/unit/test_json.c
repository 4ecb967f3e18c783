/* JSON string encoding: escapes, UTF-8 validity, time formatting. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/json.h"

static const char *enc(const char *s, size_t n)
{
	static struct gt_buf b;

	gt_buf_free(&b);
	gt_buf_init(&b);
	gt_json_str(&b, s, n);
	return gt_buf_cstr(&b);
}

Test(json, escapes)
{
	cr_expect_str_eq(enc("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	cr_expect_str_eq(enc("l1\nl2\t\r", 7), "\"l1\\nl2\\t\\r\"");
	cr_expect_str_eq(enc("\x01\x1f", 2), "\"\\u0001\\u001f\"");
	cr_expect_str_eq(enc("", 0), "\"\"");
}

Test(json, utf8_kept_invalid_replaced)
{
	cr_expect_str_eq(enc("caf\xc3\xa9", 5), "\"caf\xc3\xa9\"");
	cr_expect_str_eq(enc("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"");
	/* a lone continuation byte, an overlong form, a surrogate, a cut sequence */
	cr_expect_str_eq(enc("a\x80z", 3), "\"a\xef\xbf\xbdz\"");
	cr_expect_str_eq(enc("\xc0\xaf", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	cr_expect_str_eq(enc("\xed\xa0\x80", 3), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	cr_expect_str_eq(enc("x\xe2\x82", 3), "\"x\xef\xbf\xbd\xef\xbf\xbd\"");
}

Test(json, embedded_nul)
{
	cr_expect_str_eq(enc("a\0b", 3), "\"a\\u0000b\"");
}

Test(json, time)
{
	struct gt_buf b;

	gt_buf_init(&b);
	gt_json_time(&b, 0);
	cr_expect_str_eq(gt_buf_cstr(&b), "0.000000");
	b.len = 0;
	gt_json_time(&b, 12345678901ULL);
	cr_expect_str_eq(gt_buf_cstr(&b), "12.345678");
	gt_buf_free(&b);
}

Test(buf, numbers_and_growth)
{
	struct gt_buf b;
	int i;

	gt_buf_init(&b);
	gt_buf_i64(&b, -42);
	gt_buf_putc(&b, ' ');
	gt_buf_u64(&b, 18446744073709551615ULL);
	cr_expect_str_eq(gt_buf_cstr(&b), "-42 18446744073709551615");
	for (i = 0; i < 10000; i++)
		gt_buf_puts(&b, "0123456789");
	cr_expect_eq(b.len, 24 + 100000);
	gt_buf_free(&b);
}

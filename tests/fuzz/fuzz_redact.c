/*
 * Redaction and taming on any bytes: the input is split at its first NUL
 * into two strings (a previous argv element or unfinished line, and the
 * text). Beyond not crashing: a redacted text never grows past the bound
 * the writers assume, and tamed text holds no control byte.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "../../common/buf.h"
#include "../../common/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul = memchr(s, 0, size);
	size_t pn = nul ? (size_t)(nul - s) : 0, i;
	const char *t = nul ? nul + 1 : s;
	size_t tn = nul ? size - pn - 1 : size;
	struct gt_buf b, tmp;
	char fixed[64];

	gt_buf_init(&b);
	gt_buf_init(&tmp);
	gt_redact_text(&b, t, tn);
	gt_redact_text_after(&b, s, pn, t, tn, &tmp);
	gt_redact_arg(&b, t, tn, nul ? s : NULL, pn);
	gt_redact_env_value(&b, s, pn, t, tn);
	gt_redact_secret_env(s, pn);
	gt_redact_secret_flag(t, tn);
	gt_tame(&b, 0, b.len);
	for (i = 0; i < b.len; i++)
		if (((unsigned char)b.p[i] < 0x20 && b.p[i] != '\t' && b.p[i] != '\n') || b.p[i] == 0x7f)
			abort(); /* a control byte survived gt_tame */
	gt_buf_free(&b);
	gt_buf_free(&tmp);
	gt_buf_fixed(&b, fixed, sizeof(fixed));
	gt_redact_text(&b, t, tn);
	if (b.len >= sizeof(fixed))
		abort(); /* a fixed buffer was overrun */
	return 0;
}

/*
 * Redaction at the source: every string that may carry a secret passes
 * through here before it is written to a trace. What is kept is what helps a
 * diagnosis: a variable's name, that it was set, the login name in a URL, the
 * scheme of an Authorization header. What is removed is replaced by
 * GT_REDACTED.
 *
 * Rules (docs/trace-format.md, "Redaction"):
 *  - environment variables whose name contains TOKEN, SECRET, PASSWORD, PASS,
 *    KEY, AUTH, CREDENTIAL, COOKIE or SESSION (any case), except a short list
 *    of names known to hold paths or modes (GOAUTH, SSH_AUTH_SOCK, ...);
 *  - the password in URL userinfo (`https://user:pw@host`), and a user part
 *    that looks like a token (`https://ghp_...@host`);
 *  - Authorization / Proxy-Authorization header values;
 *  - assignments `NAME=VALUE`, `--flag=VALUE`, and `--flag VALUE` across two
 *    argv elements, when the name is a secret name (a dotted key by its
 *    last part);
 *  - tokens of well-known formats anywhere (ghp_, github_pat_, glpat-,
 *    AKIA, xox?-, npm_, JWTs), the prefix kept;
 *  - the value of the linker's -X NAME=VALUE, whatever the name;
 *  - the password of curl's -u/--user USER:PASSWORD.
 * Functions return the number of redactions made. None allocates when OUT is
 * a fixed buffer, so the shim can use them.
 */
#ifndef GT_REDACT_H
#define GT_REDACT_H

#include "buf.h"

#define GT_REDACTED "<redacted>"

/* Whether the value of environment variable NAME (N bytes) is secret. */
int gt_redact_secret_env(const char *name, size_t n);
/* Whether a flag or key NAME (dashes allowed, N bytes) names a secret. */
int gt_redact_secret_flag(const char *name, size_t n);
/* Append the value of environment variable NAME, redacted as needed. */
int gt_redact_env_value(struct gt_buf *out, const char *name, size_t nlen,
			const char *val, size_t vlen);
/* Append free text S (N bytes) with the secrets inside it hidden. */
int gt_redact_text(struct gt_buf *out, const char *s, size_t n);
/*
 * The same for TEXT written right after PREV (PN bytes: the unfinished line
 * of the previous write), so a secret split across two writes
 * ("Authorization: Bearer " | TOKEN) is found; only TEXT's part is
 * appended. TMP is scratch room for both.
 */
int gt_redact_text_after(struct gt_buf *out, const char *prev, size_t pn, const char *text, size_t tn,
			 struct gt_buf *tmp);
/* Append argv element ARG; PREV is the element before it (NULL for argv[0]). */
int gt_redact_arg(struct gt_buf *out, const char *arg, size_t n,
		  const char *prev, size_t pn);

/*
 * Make bytes FROM..TO of B harmless on a terminal: C0 controls other than
 * tab and newline, DEL, the UTF-8 encodings of C1 controls (U+0080..U+009F)
 * and every byte that is not part of valid UTF-8 (a lone 0x9B, an 8-bit
 * CSI, among them) become '?'. Everything a trace says passes
 * through this before gotrace prints it. Returns how many bytes it changed.
 */
struct gt_buf;
size_t gt_tame(struct gt_buf *b, size_t from, size_t to);
/* Whether S holds a byte gt_tame would change. */
int gt_untame(const char *s);

#endif

/*
 * Secret detection and removal for everything the trace records from a
 * process: argv, environment, stderr text. Shared by the launcher and the
 * shim, so it uses no heap and no libc beyond string functions.
 */
#include "redact.h"

#include "buf.h"

#include <string.h>

static const char *const env_words[] = {
	"TOKEN", "SECRET", "PASSWORD", "PASS", "KEY", "AUTH", "CREDENTIAL",
	"COOKIE", "SESSION", NULL,
};

/* Names that match env_words but hold paths or modes that diagnosis needs. */
static const char *const env_allow[] = {
	"GOAUTH", "SSH_AUTH_SOCK", "GIT_ASKPASS", "SSH_ASKPASS", "SUDO_ASKPASS",
	"XAUTHORITY", "KEYTIMEOUT", "DBUS_SESSION_BUS_ADDRESS", "XDG_SESSION_ID",
	"XDG_SESSION_TYPE", "XDG_SESSION_CLASS", "XDG_SESSION_DESKTOP",
	"DESKTOP_SESSION", "SSH_ASKPASS_REQUIRE", NULL,
};

/* Flag-name components that are secret wherever they appear inside one. */
static const char *const flag_inner[] = {
	"password", "passwd", "passphrase", "token", "secret", "apikey",
	"credential", "cookie", NULL,
};

/* Flag-name components that are secret only as a whole component. */
static const char *const flag_component[] = {
	"key", "auth", "session", "pwd", NULL,
};

/*
 * Names secret only as the whole flag: "--pass" is a password, but
 * "-pass-through" (gcc's plugin options) is not.
 */
static const char *const flag_whole[] = {
	"pass", NULL,
};

static const char *const token_prefixes[] = {
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-",
	"xoxp-", "npm_", NULL,
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive search for NUL-terminated W in S[0..n). */
static int has_word(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w), i, j;

	for (i = 0; i + wl <= n; i++) {
		for (j = 0; j < wl; j++)
			if (lower((unsigned char)s[i + j]) != lower((unsigned char)w[j]))
				break;
		if (j == wl)
			return 1;
	}
	return 0;
}

static int eq_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && has_word(s, n, w);
}

int gt_redact_secret_env(const char *name, size_t n)
{
	int i;

	for (i = 0; env_allow[i]; i++)
		if (strlen(env_allow[i]) == n && memcmp(env_allow[i], name, n) == 0)
			return 0;
	for (i = 0; env_words[i]; i++)
		if (has_word(name, n, env_words[i]))
			return 1;
	return 0;
}

int gt_redact_secret_flag(const char *name, size_t n)
{
	size_t i = 0, start;
	int k;

	while (i < n && name[i] == '-')
		i++;
	for (k = 0; flag_whole[k]; k++)
		if (eq_word(name + i, n - i, flag_whole[k]))
			return 1;
	while (i < n) {
		start = i;
		while (i < n && name[i] != '-' && name[i] != '_' && name[i] != '.')
			i++;
		for (k = 0; flag_inner[k]; k++)
			if (has_word(name + start, i - start, flag_inner[k]))
				return 1;
		for (k = 0; flag_component[k]; k++)
			if (eq_word(name + start, i - start, flag_component[k]))
				return 1;
		i++;
	}
	return 0;
}

/* A key before '=' in free text: env-like names use the env rule. */
static int secret_key(const char *name, size_t n)
{
	if (memchr(name, '-', n) || memchr(name, '.', n))
		return gt_redact_secret_flag(name, n);
	return gt_redact_secret_env(name, n);
}

static int keychar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static int endchar(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
	       c == '\'' || c == ';' || c == '&' || c == '|' || c == '`' || c == '\0';
}

static int schemechar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

/* Whether a URL user field without a password is really a token. */
static int tokenish(const char *u, size_t n)
{
	int i;

	for (i = 0; token_prefixes[i]; i++) {
		size_t pl = strlen(token_prefixes[i]);
		if (n >= pl && memcmp(u, token_prefixes[i], pl) == 0)
			return 1;
	}
	return n >= 20;
}

/*
 * If a URL authority starts at S+I (just past "://"), find its userinfo
 * secret: sets [*rs, *re) to the bytes to hide and returns 1.
 */
static int url_secret(const char *s, size_t n, size_t i, size_t *rs, size_t *re)
{
	size_t end = i, at = 0, colon = 0;
	int have_at = 0;

	while (end < n && !endchar((unsigned char)s[end]) && s[end] != '/' &&
	       s[end] != '?' && s[end] != '#' && s[end] != '<' && s[end] != '>')
		end++;
	for (size_t k = i; k < end; k++)
		if (s[k] == '@') {
			at = k;
			have_at = 1;
		}
	if (!have_at)
		return 0;
	for (size_t k = i; k < at; k++)
		if (s[k] == ':') {
			colon = k;
			break;
		}
	if (colon) {
		if (colon + 1 == at)
			return 0;
		*rs = colon + 1;
		*re = at;
		return 1;
	}
	if (!tokenish(s + i, at - i))
		return 0;
	*rs = i;
	*re = at;
	return 1;
}

/* After "authorization:" at S+I: the header value to hide. */
static int auth_secret(const char *s, size_t n, size_t i, size_t *rs, size_t *re)
{
	size_t w, we, eol;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	eol = i;
	while (eol < n && s[eol] != '\n' && s[eol] != '\r' && s[eol] != '"' &&
	       s[eol] != '\'')
		eol++;
	if (eol == i)
		return 0;
	w = i;
	we = w;
	while (we < eol && s[we] != ' ' && s[we] != '\t')
		we++;
	/* "Basic xyz": keep the scheme word, hide the rest */
	if (we < eol) {
		while (we < eol && (s[we] == ' ' || s[we] == '\t'))
			we++;
		if (we < eol)
			w = we;
	}
	*rs = w;
	*re = eol;
	return 1;
}

int gt_redact_text(struct gt_buf *out, const char *s, size_t n)
{
	size_t i = 0, done = 0, rs, re;
	int count = 0;

	while (i < n) {
		int hit = 0;
		char c = s[i];

		if (c == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/' && i > 0 &&
		    schemechar((unsigned char)s[i - 1])) {
			hit = url_secret(s, n, i + 3, &rs, &re);
		} else if ((c == 'a' || c == 'A') && i + 14 <= n &&
			   has_word(s + i, 14, "authorization:")) {
			hit = auth_secret(s, n, i + 14, &rs, &re);
		} else if (c == '=' && i > 0 && i + 1 < n && !endchar((unsigned char)s[i + 1])) {
			size_t k = i;
			while (k > done && keychar((unsigned char)s[k - 1]))
				k--;
			while (k < i && s[k] == '-')
				k++;
			if (k < i && secret_key(s + k, i - k)) {
				rs = i + 1;
				re = rs;
				while (re < n && !endchar((unsigned char)s[re]))
					re++;
				hit = 1;
			}
		}
		if (hit) {
			gt_buf_add(out, s + done, rs - done);
			gt_buf_puts(out, GT_REDACTED);
			done = re;
			i = re;
			count++;
			continue;
		}
		i++;
	}
	gt_buf_add(out, s + done, n - done);
	return count;
}

int gt_redact_env_value(struct gt_buf *out, const char *name, size_t nlen,
			const char *val, size_t vlen)
{
	if (vlen && gt_redact_secret_env(name, nlen)) {
		gt_buf_puts(out, GT_REDACTED);
		return 1;
	}
	return gt_redact_text(out, val, vlen);
}

int gt_redact_arg(struct gt_buf *out, const char *arg, size_t n,
		  const char *prev, size_t pn)
{
	if (prev && pn > 1 && prev[0] == '-' && !memchr(prev, '=', pn) &&
	    gt_redact_secret_flag(prev, pn) && n > 0) {
		gt_buf_puts(out, GT_REDACTED);
		return 1;
	}
	return gt_redact_text(out, arg, n);
}

static int wild(const unsigned char *p, const unsigned char *end, size_t *n)
{
	*n = 1;
	if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f || *p == 0x9b)
		return 1;
	if (*p == 0xc2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9f) {
		*n = 2;
		return 1;
	}
	return 0;
}

size_t gt_tame(struct gt_buf *b, size_t from, size_t to)
{
	unsigned char *p = (unsigned char *)b->p, *end;
	size_t changed = 0, n, k;

	if (!p || from >= to || to > b->len)
		return 0;
	end = p + to;
	for (p += from; p < end; p += n)
		if (wild(p, end, &n))
			for (k = 0; k < n; k++, changed++)
				p[k] = '?';
	return changed;
}

int gt_untame(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t n;

	for (; p < end; p += n)
		if (wild(p, end, &n))
			return 1;
	return 0;
}

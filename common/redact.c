/*
 * Secret detection and removal for everything the trace records from a
 * process: argv, environment, stderr text. Shared by the launcher and the
 * shim, so it uses no heap and no libc beyond string functions.
 */
#include "redact.h"
#include "json.h"

#include "buf.h"

#include <string.h>

static const char *const env_words[] = {
	"TOKEN", "SECRET", "PASSWORD", "PASS", "KEY", "AUTH", "CREDENTIAL",
	"COOKIE", "SESSION", NULL,
};

/* Words secret only as a whole '_'-separated part of a name: GH_PAT, not PATH; CI_JWT; GITLAB_ACCESS. */
static const char *const env_components[] = {
	"PAT", "JWT", "ACCESS", NULL,
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
	for (size_t a = 0, b; a < n; a = b + 1) {
		for (b = a; b < n && name[b] != '_'; b++)
			;
		for (i = 0; env_components[i]; i++)
			if (eq_word(name + a, b - a, env_components[i]))
				return 1;
	}
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

/*
 * A key before '=' in free text: env-like names use the env rule. A dotted
 * key (git's credential.helper, user.password) is judged by its last part:
 * credential.helper names a program, not a secret.
 */
static int secret_key(const char *name, size_t n)
{
	const char *dot = memrchr(name, '.', n);

	if (dot)
		return gt_redact_secret_flag(dot + 1, n - (size_t)(dot + 1 - name));
	if (memchr(name, '-', n))
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

static int alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Bytes from S+I that are in SET's class: a alnum, u alnum and '_', d alnum '_' '-', U upper and digits. */
static size_t run_of(const char *s, size_t n, size_t i, char set)
{
	size_t k = i;

	while (k < n) {
		int c = (unsigned char)s[k];
		int ok = set == 'U' ? (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') :
			 alnum(c) || (set != 'a' && c == '_') || (set == 'd' && c == '-');
		if (!ok)
			break;
		k++;
	}
	return k - i;
}

/*
 * Tokens whose format says what they are, even alone in a message: the
 * prefix stays, the rest is hidden. {prefix, class of the rest, least
 * length of the rest, exact length (0: any)}.
 */
static const struct {
	const char *prefix;
	char set;
	unsigned char min, exact;
} bare_tokens[] = {
	{"ghp_", 'a', 20, 0}, {"gho_", 'a', 20, 0}, {"ghu_", 'a', 20, 0}, {"ghs_", 'a', 20, 0},
	{"ghr_", 'a', 20, 0}, {"github_pat_", 'u', 20, 0}, {"glpat-", 'd', 20, 0},
	{"AKIA", 'U', 16, 16}, {"ASIA", 'U', 16, 16}, {"xoxa-", 'd', 10, 0}, {"xoxb-", 'd', 10, 0},
	{"xoxp-", 'd', 10, 0}, {"xoxr-", 'd', 10, 0}, {"xoxs-", 'd', 10, 0}, {"xoxe-", 'd', 10, 0},
	{"npm_", 'a', 30, 0},
};

/* A token of a known format starting at S+I (at a word start): what to hide. */
static int bare_token(const char *s, size_t n, size_t i, size_t *rs, size_t *re)
{
	size_t k, r, a, b;

	if (i > 0 && (alnum((unsigned char)s[i - 1]) || s[i - 1] == '_' || s[i - 1] == '-'))
		return 0;
	for (k = 0; k < sizeof(bare_tokens) / sizeof(bare_tokens[0]); k++) {
		size_t pl = strlen(bare_tokens[k].prefix);
		if (n - i < pl || memcmp(s + i, bare_tokens[k].prefix, pl))
			continue;
		r = run_of(s, n, i + pl, bare_tokens[k].set);
		if (r < bare_tokens[k].min || (bare_tokens[k].exact && r != bare_tokens[k].exact))
			continue;
		*rs = i + pl;
		*re = i + pl + r;
		return 1;
	}
	/* a JWT: three base64url parts, header and payload JSON objects ("eyJ") */
	if (n - i < 3 || memcmp(s + i, "eyJ", 3))
		return 0;
	a = run_of(s, n, i, 'd');
	if (a < 10 || i + a >= n || s[i + a] != '.')
		return 0;
	b = run_of(s, n, i + a + 1, 'd');
	if (b < 10 || i + a + 1 + b >= n || s[i + a + 1 + b] != '.')
		return 0;
	*rs = i + 3;
	*re = i + a + 2 + b + run_of(s, n, i + a + 2 + b, 'd');
	return 1;
}

/*
 * The linker's -X NAME=VALUE at S+I ("-X" after a space, a quote, '=' or the
 * start): the value is hidden whatever the name, since a name such as
 * main.k says nothing of what it holds (go build -ldflags, link's argv).
 */
static int x_value(const char *s, size_t n, size_t i, size_t *rs, size_t *re)
{
	size_t k = i + 2;
	char q = 0;

	if (i > 0 && !endchar((unsigned char)s[i - 1]) && s[i - 1] != '=')
		return 0;
	if (k >= n || (s[k] != ' ' && s[k] != '='))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '='))
		k++;
	if (k < n && (s[k] == '\'' || s[k] == '"'))
		q = s[k++];
	while (k < n && s[k] != '=' && !endchar((unsigned char)s[k]))
		k++;
	if (k >= n || s[k] != '=')
		return 0;
	*rs = ++k;
	while (k < n && (q ? s[k] != q : !endchar((unsigned char)s[k])))
		k++;
	*re = k;
	return *re > *rs;
}

int gt_redact_text(struct gt_buf *out, const char *s, size_t n)
{
	return gt_redact_text_after(out, NULL, 0, s, n, NULL);
}

/* Append S[from, to) to OUT, only the part at or past SKIP. */
static void emit(struct gt_buf *out, const char *s, size_t from, size_t to, size_t skip)
{
	if (to <= skip)
		return;
	if (from < skip)
		from = skip;
	gt_buf_add(out, s + from, to - from);
}

int gt_redact_text_after(struct gt_buf *out, const char *prev, size_t pn, const char *text, size_t tn,
			 struct gt_buf *tmp)
{
	const char *s = text;
	size_t n = tn, skip = 0, i = 0, done = 0, rs, re;
	int count = 0;

	if (prev && pn && tmp) {
		/* the unfinished line before: a secret split across two writes is still one */
		tmp->len = 0;
		gt_buf_add(tmp, prev, pn);
		gt_buf_add(tmp, text, tn);
		if (tmp->len == pn + tn) {
			s = tmp->p;
			n = tmp->len;
			skip = pn;
		}
	}
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
		} else if (c == '-' && i + 1 < n && s[i + 1] == 'X') {
			hit = x_value(s, n, i, &rs, &re);
		} else if (c == 'g' || c == 'A' || c == 'x' || c == 'n' || c == 'e') {
			hit = bare_token(s, n, i, &rs, &re);
		}
		if (hit) {
			emit(out, s, done, rs, skip);
			if (re > skip) {
				gt_buf_puts(out, GT_REDACTED);
				count++;
			}
			done = re;
			i = re;
			continue;
		}
		i++;
	}
	emit(out, s, done, n, skip);
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

/* Whether ARG (N bytes) equals W. */
static int is(const char *arg, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(arg, w, n);
}

/*
 * curl's USER:PASSWORD after -u/--user or -U/--proxy-user (also written
 * --user=USER:PASSWORD): the password is hidden. A part after the colon
 * of digits alone is kept: `-u 1000:1000` is a uid and gid (docker, podman).
 */
static int user_password(struct gt_buf *out, const char *arg, size_t n, size_t from)
{
	const char *colon = memchr(arg + from, ':', n - from);
	size_t k;

	if (!colon || colon + 1 == arg + n)
		return -1;
	for (k = (size_t)(colon + 1 - arg); k < n && arg[k] >= '0' && arg[k] <= '9'; k++)
		;
	if (k == n)
		return -1;
	gt_buf_add(out, arg, (size_t)(colon + 1 - arg));
	gt_buf_puts(out, GT_REDACTED);
	return 1;
}

int gt_redact_arg(struct gt_buf *out, const char *arg, size_t n,
		  const char *prev, size_t pn)
{
	int r;

	if (prev && pn > 1 && prev[0] == '-' && !memchr(prev, '=', pn) &&
	    gt_redact_secret_flag(prev, pn) && n > 0) {
		gt_buf_puts(out, GT_REDACTED);
		return 1;
	}
	if (prev && (is(prev, pn, "-u") || is(prev, pn, "--user") || is(prev, pn, "-U") ||
		     is(prev, pn, "--proxy-user")) && (r = user_password(out, arg, n, 0)) >= 0)
		return r;
	if (n > 7 && !memcmp(arg, "--user=", 7) && (r = user_password(out, arg, n, 7)) >= 0)
		return r;
	if (n > 13 && !memcmp(arg, "--proxy-user=", 13) && (r = user_password(out, arg, n, 13)) >= 0)
		return r;
	/* link -X NAME=VALUE, as two argv elements */
	if (prev && is(prev, pn, "-X") && memchr(arg, '=', n)) {
		const char *eq = memchr(arg, '=', n);
		gt_buf_add(out, arg, (size_t)(eq + 1 - arg));
		gt_buf_puts(out, GT_REDACTED);
		return 1;
	}
	return gt_redact_text(out, arg, n);
}

/* Whether the character at P is one gt_tame changes; its length in N. */
static int wild(const unsigned char *p, const unsigned char *end, size_t *n)
{
	*n = 1;
	if (*p < 0x80)
		return (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f;
	*n = gt_utf8_len(p, (size_t)(end - p));
	if (!*n) { /* not UTF-8: a lone byte, 0x9b (an 8-bit CSI) among them */
		*n = 1;
		return 1;
	}
	return *p == 0xc2 && p[1] <= 0x9f; /* U+0080..U+009F, the C1 controls */
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

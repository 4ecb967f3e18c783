/*
 * See modpath.h. gt_path_match follows the grammar of Go's path.Match:
 * '*' any run of non-'/' bytes, '?' one non-'/' byte, '[' ['^'] ranges ']'
 * a class (which, unlike '?', may match '/'), '\\' quotes the next byte; a pattern that is
 * malformed anywhere is an error, not a partial match.
 */
#include "modpath.h"

#include <stdio.h>
#include <string.h>

int gt_mod_escape(const char *path, char *out, size_t size)
{
	size_t o = 0;

	for (; *path; path++) {
		unsigned char c = (unsigned char)*path;
		if (c == '!' || c >= 0x80)
			return -1;
		if (o + 3 > size)
			return -1;
		if (c >= 'A' && c <= 'Z') {
			out[o++] = '!';
			out[o++] = (char)(c + 'a' - 'A');
		} else {
			out[o++] = (char)c;
		}
	}
	if (o + 1 > size)
		return -1;
	out[o] = '\0';
	return 0;
}

/* Does byte C match the class starting at *P (after '['); advance *P past ']'. -1: malformed. */
static int match_class(const char **p, unsigned char c)
{
	const char *s = *p;
	int negate = 0, hit = 0, n = 0;

	if (*s == '^') {
		negate = 1;
		s++;
	}
	for (;; n++) {
		unsigned char lo, hi;
		if (*s == ']' && n > 0) {
			s++;
			break;
		}
		if (*s == '\0' || *s == '-' || (*s == ']' && n == 0))
			return -1;
		if (*s == '\\' && !*++s)
			return -1;
		lo = hi = (unsigned char)*s++;
		if (*s == '-') {
			s++;
			if (*s == '\0' || *s == ']' || *s == '-')
				return -1;
			if (*s == '\\' && !*++s)
				return -1;
			hi = (unsigned char)*s++;
		}
		if (lo <= c && c <= hi)
			hit = 1;
	}
	*p = s;
	return hit != negate;
}

/* Whether the rest of PATTERN is well formed (Go reports a bad pattern even after a mismatch). */
static int well_formed(const char *p)
{
	while (*p) {
		if (*p == '\\') {
			if (!*++p)
				return 0;
			p++;
		} else if (*p == '[') {
			p++;
			if (match_class(&p, 'a') < 0)
				return 0;
		} else {
			p++;
		}
	}
	return 1;
}

static int match_here(const char *p, const char *s)
{
	for (;;) {
		int r;
		switch (*p) {
		case '\0':
			return *s == '\0';
		case '*':
			while (*p == '*')
				p++;
			/* '*' stops at '/': try every split within this element */
			for (;;) {
				r = match_here(p, s);
				if (r != 0)
					return r;
				if (*s == '\0' || *s == '/')
					return 0;
				s++;
			}
		case '?':
			if (*s == '\0' || *s == '/')
				return 0;
			p++;
			s++;
			break;
		case '[':
			p++;
			if (*s == '\0')
				return match_class(&p, 'a') < 0 ? -1 : 0;
			r = match_class(&p, (unsigned char)*s);
			if (r <= 0)
				return r;
			s++;
			break;
		case '\\':
			p++;
			if (*p == '\0')
				return -1;
			/* the next byte stands for itself */
			__attribute__((fallthrough));
		default:
			if (*p != *s)
				return 0;
			p++;
			s++;
			break;
		}
	}
}

int gt_path_match(const char *pattern, const char *name)
{
	if (!well_formed(pattern))
		return -1;
	return match_here(pattern, name) > 0;
}

int gt_match_prefix_patterns(const char *globs, const char *target, char *which, size_t size)
{
	char glob[512], prefix[1024];

	while (*globs) {
		size_t gl = strcspn(globs, ","), i;
		int n = 0;
		const char *g = globs;

		globs += gl + (globs[gl] == ',');
		if (gl >= sizeof(glob))
			continue;
		memcpy(glob, g, gl);
		glob[gl] = '\0';
		if (gl && glob[gl - 1] == '/')
			glob[--gl] = '\0';
		if (!gl)
			continue;
		/* a glob of N+1 elements against TARGET cut before its N+1'th slash */
		for (i = 0; i < gl; i++)
			n += glob[i] == '/';
		for (i = 0; target[i] && !(target[i] == '/' && n-- == 0); i++)
			;
		if (n > 0 || i >= sizeof(prefix))
			continue;
		memcpy(prefix, target, i);
		prefix[i] = '\0';
		if (gt_path_match(glob, prefix) == 1) {
			if (which && size) {
				strncpy(which, glob, size - 1);
				which[size - 1] = '\0';
			}
			return 1;
		}
	}
	return 0;
}

/* One semver's parts, pointers into the string. */
struct semver {
	const char *num[3];
	size_t nlen[3];
	const char *pre; /* after '-', or NULL */
	size_t prelen;
};

static size_t digits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/* Identifiers of [0-9A-Za-z-] separated by '.', none empty; numeric ones without a leading zero when STRICT. */
static size_t idents(const char *s, int strict)
{
	size_t i = 0, start = 0;

	for (;; i++) {
		char c = s[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')
			continue;
		if (i == start)
			return 0;
		if (strict && s[start] == '0' && i - start > 1 && digits(s + start) == i - start)
			return 0;
		if (c != '.')
			return i;
		start = i + 1;
	}
}

static int semver_parse(const char *v, struct semver *p)
{
	const char *s = v + 1;
	int i;

	memset(p, 0, sizeof(*p));
	if (v[0] != 'v')
		return -1;
	for (i = 0; i < 3; i++) {
		size_t n = digits(s);
		if (!n || (s[0] == '0' && n > 1))
			return -1;
		p->num[i] = s;
		p->nlen[i] = n;
		s += n;
		if (*s != '.' || i == 2)
			break;
		s++;
	}
	if (*s && i < 2)
		return -1; /* a shorthand takes no suffix */
	if (*s == '-') {
		p->pre = s + 1;
		p->prelen = idents(s + 1, 1);
		if (!p->prelen)
			return -1;
		s += 1 + p->prelen;
	}
	if (*s == '+') {
		size_t n = idents(s + 1, 0);
		if (!n)
			return -1;
		s += 1 + n;
	}
	return *s ? -1 : 0;
}

int gt_semver_valid(const char *v)
{
	struct semver p;

	return semver_parse(v, &p) == 0;
}

/* Numbers as strings without leading zeros: the longer is larger. */
static int numcmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c;

	if (al != bl)
		return al < bl ? -1 : 1;
	c = memcmp(a, b, al);
	return c < 0 ? -1 : c > 0;
}

static int precmp(const char *a, size_t al, const char *b, size_t bl)
{
	while (al && bl) {
		size_t x = strcspn(a, "."), y = strcspn(b, ".");
		int an, bn, c;
		x = x < al ? x : al;
		y = y < bl ? y : bl;
		an = digits(a) == x;
		bn = digits(b) == y;
		if (an != bn)
			return an ? -1 : 1; /* numeric identifiers sort before the others */
		if (an)
			c = numcmp(a, x, b, y);
		else
			c = (c = memcmp(a, b, x < y ? x : y)) ? (c < 0 ? -1 : 1) : (x == y ? 0 : x < y ? -1 : 1);
		if (c)
			return c;
		a += x;
		al -= x;
		b += y;
		bl -= y;
		if (al) {
			a++;
			al--;
		}
		if (bl) {
			b++;
			bl--;
		}
	}
	return al ? 1 : bl ? -1 : 0;
}

int gt_semver_cmp(const char *v, const char *w)
{
	struct semver p, q;
	int pv = semver_parse(v, &p) == 0, qv = semver_parse(w, &q) == 0, i, c;

	if (!pv || !qv)
		return pv - qv;
	for (i = 0; i < 3; i++) {
		c = numcmp(p.num[i] ? p.num[i] : "0", p.num[i] ? p.nlen[i] : 1, q.num[i] ? q.num[i] : "0",
			   q.num[i] ? q.nlen[i] : 1);
		if (c)
			return c;
	}
	if (!p.pre || !q.pre)
		return p.pre ? -1 : q.pre ? 1 : 0;
	return precmp(p.pre, p.prelen, q.pre, q.prelen);
}

int gt_semver_prerelease(const char *v)
{
	struct semver p;

	return semver_parse(v, &p) == 0 && p.pre != NULL;
}

int gt_mod_is_pseudo(const char *v)
{
	struct semver p;
	const char *dash, *t;
	size_t i;

	if (semver_parse(v, &p) < 0 || !p.pre || !p.num[2])
		return 0;
	/* go's pattern: vX.0.0-TIME-REV, vX.Y.Z-PRE.0.TIME-REV or vX.Y.Z-0.TIME-REV (TIME 14 digits) */
	dash = memrchr(p.pre, '-', p.prelen);
	if (!dash || dash == p.pre + p.prelen - 1 || dash - p.pre < 14)
		return 0;
	for (t = dash + 1; t < p.pre + p.prelen; t++)
		if (*t == '-')
			return 0;
	t = dash - 14;
	for (i = 0; i < 14; i++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	if (t == p.pre)
		return p.nlen[1] == 1 && p.num[1][0] == '0' && p.nlen[2] == 1 && p.num[2][0] == '0';
	return t - p.pre >= 2 && t[-1] == '.' && t[-2] == '0' && (t - 2 == p.pre || t[-3] == '.');
}

int gt_semver_canonical(const char *v)
{
	const char *core = v + 1, *plus = strchr(v, '+');
	size_t n = strcspn(core, "-+");
	int dots = 0;
	size_t i;

	if (!gt_semver_valid(v))
		return 0;
	for (i = 0; i < n; i++)
		dots += core[i] == '.';
	return dots == 2 && (!plus || !strcmp(plus, "+incompatible"));
}

/* A byte go allows in an element of a module path: ASCII letters, digits and "-._~". */
static int elem_byte_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c);
}

int gt_mod_check_path(const char *path, char *why, size_t size)
{
	const char *p = path, *last = path;
	size_t first = strcspn(path, "/"), i;

	why[0] = 0;
	if (!*path || path[0] == '/' || path[strlen(path) - 1] == '/' || strstr(path, "//")) {
		snprintf(why, size, "empty path element or leading/trailing slash");
		return -1;
	}
	for (; *p; p++) {
		if (*p == '/') {
			last = p + 1;
			continue;
		}
		if (!elem_byte_ok((unsigned char)*p)) {
			snprintf(why, size, "invalid char '%c'", (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f ? *p : '?');
			return -1;
		}
		if (*p == '.' && (p == last || p[1] == '/' || !p[1])) {
			snprintf(why, size, "leading or trailing dot in path element");
			return -1;
		}
	}
	for (i = 0; i < first; i++)
		if (!((path[i] >= 'a' && path[i] <= 'z') || (path[i] >= '0' && path[i] <= '9') || path[i] == '-' ||
		      path[i] == '.')) {
			snprintf(why, size, "invalid char '%c' in first path element", path[i]);
			return -1;
		}
	if (!memchr(path, '.', first)) {
		snprintf(why, size, "missing dot in first path element");
		return -1;
	}
	if (path[0] == '-') {
		snprintf(why, size, "leading dash in first path element");
		return -1;
	}
	/* a major-version suffix /vN: N >= 2 and without a leading zero */
	if (last != path && last[0] == 'v' && last[1] && strspn(last + 1, "0123456789") == strlen(last + 1) &&
	    (last[1] == '0' || !strcmp(last + 1, "1"))) {
		snprintf(why, size, "invalid major version suffix /%s", last);
		return -1;
	}
	return 0;
}

/*
 * See modpath.h. gt_path_match follows the grammar of Go's path.Match:
 * '*' any run of non-'/' bytes, '?' one non-'/' byte, '[' ['^'] ranges ']'
 * a class (which, unlike '?', may match '/'), '\\' quotes the next byte; a pattern that is
 * malformed anywhere is an error, not a partial match.
 */
#include "modpath.h"

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

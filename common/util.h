/*
 * Small idioms every layer uses, written once: array length, monotonic
 * time, and allocation that cannot fail (out of memory ends gotrace with
 * one line: nothing carries on with half a structure). Header only, so
 * the shim can use what it needs without linking more.
 */
#ifndef GT_UTIL_H
#define GT_UTIL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* CLOCK_MONOTONIC now, in nanoseconds. */
static inline uint64_t gt_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* "gotrace: WHAT" on stderr, then abort; written without allocating. */
static inline __attribute__((noreturn)) void gt_die(const char *what)
{
	if (write(2, "gotrace: ", 9) < 0 || write(2, what, strlen(what)) < 0 || write(2, "\n", 1) < 0) {
		/* nothing more to say it with */
	}
	abort();
}

/* malloc that cannot fail. */
static inline void *gt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		gt_die("out of memory");
	return p;
}

static inline void *gt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		gt_die("out of memory");
	return q;
}

static inline void *gt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		gt_die("out of memory");
	return p;
}

static inline char *gt_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		gt_die("out of memory");
	return p;
}

/* strndup that cannot fail. */
static inline char *gt_xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		gt_die("out of memory");
	return p;
}

/* vasprintf that cannot fail. */
static inline __attribute__((format(printf, 1, 0))) char *gt_xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		gt_die("out of memory");
	return s;
}

/* asprintf that cannot fail. */
static inline __attribute__((format(printf, 1, 2))) char *gt_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = gt_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Room for one more element in array P (N used, CAP allocated), doubling. */
#define GT_GROW(p, n, cap)                                                   \
	do {                                                                 \
		if ((n) >= (cap)) {                                          \
			(cap) = (cap) ? 2 * (cap) : 16;                      \
			(p) = gt_xrealloc((p), (cap) * sizeof(*(p)));        \
		}                                                            \
	} while (0)

#endif

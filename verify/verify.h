/*
 * gotrace verify: which of go.sum, the module cache, the module proxy and
 * the checksum database disagree about a module version, and which one to
 * trust (README "Verify: who is wrong?", docs/verify-format.md). sources.c
 * gathers the hashes (go.sum, go.mod, go.work; the cache with cache.c; the
 * proxy and the database with probe's gt_remote_*), verdict.c compares
 * them and says what to do, verify.c runs it.
 */
#ifndef GT_VERIFY_H
#define GT_VERIFY_H

#include <stddef.h>
#include <stdio.h>

struct gt_verify_opts {
	int json, proxy, sumdb;
	double timeout;  /* per request, seconds */
	const char *dir; /* the module's directory, NULL for the current one */
};

/* 0 when every source was checked and agrees, 1 when one differs (or a cached zip is corrupt), 2 on bad usage
 * (no module there, an unreadable go.sum), 3 when nothing differs but a source could not be checked. */
int gt_verify_run(const struct gt_verify_opts *o, FILE *out);

/* A gt_zip_checker (probe/probe.h) for gotrace probe: the zip's h1 as go computes it, and the first name not under PREFIX. */
int gt_verify_zip_check(const char *zip, const char *prefix, char h1[48], char *bad, size_t bsize, char *err,
			size_t esize);

#endif

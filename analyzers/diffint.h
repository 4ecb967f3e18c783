/*
 * What the parts of `gotrace diff` share (diff.c: facts; diffproc.c:
 * processes). Not for other analyzers.
 */
#ifndef GT_DIFFINT_H
#define GT_DIFFINT_H

#include <jansson.h>
#include <stddef.h>

#include "model.h"
#include "../common/buf.h"

enum cat { C_TOOLCHAIN, C_CONFIG, C_MODULE, C_LOOKUP, C_ENV, C_NETWORK, C_CREDENTIAL, C_LIBRARY, C_HOST, C_N };


struct fact {
	enum cat cat;
	char *key;
	char *cmp;    /* normalized, for comparing */
	char *show;   /* as the run had it */
	char *src;    /* where it came from, or NULL */
	long pid;
	size_t line;
	int only_both; /* a difference only when both runs have it (libraries) */
	int weight;    /* order among differences: lower first */
	char *sha;     /* content digest: compared instead of CMP when both runs have one */
	const char *absent; /* what it means that the other run has no such fact, or NULL */
};

struct side {
	const char *path;
	struct gt_model m;
	struct fact *f;
	size_t n, cap;
	char home[1024], cwd[1024];
	int status;
	char outcome[1024];
	struct gt_mproc *culprit;
};

/* S with the side's home, its working directory and temporary names made neutral (malloc'd). */
char *gt_diff_normalize(const struct side *sd, const char *s);
/* The content digest the trace recorded for PATH, or NULL. */
const char *gt_diff_sha_of(const struct gt_model *m, const char *path);
/* The first point where the runs part, as a line of TEXT and "divergence" in JS. */
void gt_diff_divergence(const struct side *a, const struct side *b, struct gt_buf *text, json_t *js);
/* Programs (not Go's own tools) that ran in X only, "name ×count" joined into OUT. */
void gt_diff_one_side(const struct side *x, const struct side *y, char *out, size_t size);

#endif

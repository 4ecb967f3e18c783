/*
 * What the parts of `gotrace diff` share (diff.c: facts; diffproc.c:
 * processes), and the differences as structs for repro's answer
 * (repro/compare.c), which would otherwise parse diff's JSON back. Not for
 * other analyzers.
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

/* A difference: the fact of each run (NULL: that run has none), most likely cause first. */
struct gt_diffent {
	enum cat cat;
	const char *key;
	const struct fact *a, *b;
};

/* Two runs compared (gt_diff_load), for as long as they are not freed (gt_diff_free). */
struct gt_diff {
	struct side a, b;
	struct gt_diffent *d;
	size_t nd;
	char onlya[1024], onlyb[1024]; /* programs that ran in one run only (gt_diff_one_side) */
};

/* Load and compare traces PA and PB into D; -1 with a one-line reason in ERR. */
int gt_diff_load(struct gt_diff *D, const char *pa, const char *pb, char *err, size_t errsize);
void gt_diff_free(struct gt_diff *D);
/* Category C as the answer names it ("toolchain", "config", ...). */
const char *gt_diff_cat_name(enum cat c);
/* The programs only one run ran, as the first difference says them ("" when none). */
void gt_diff_programs(const struct gt_diff *D, char *out, size_t size);

/* S with the side's home, its working directory and temporary names made neutral (malloc'd). */
char *gt_diff_normalize(const struct side *sd, const char *s);
/* The content digest the trace recorded for PATH, or NULL. */
const char *gt_diff_sha_of(const struct gt_model *m, const char *path);
/* The first point where the runs part, as a line of TEXT and "divergence" in JS. */
void gt_diff_divergence(const struct side *a, const struct side *b, struct gt_buf *text, json_t *js);
/* Programs (not Go's own tools) that ran in X only, "name ×count" joined into OUT. */
void gt_diff_one_side(const struct side *x, const struct side *y, char *out, size_t size);

#endif

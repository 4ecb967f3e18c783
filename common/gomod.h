/*
 * The files of a Go module as the go command reads them, as far as gotrace
 * needs: go.mod's module path, requirements and replacements; go.work's
 * use directives; go.sum's lines. A line that cannot be read is skipped.
 */
#ifndef GT_GOMOD_H
#define GT_GOMOD_H

#include <stddef.h>

struct gt_require {
	char path[512], version[128];
	int indirect; /* marked "// indirect" */
	int line;
};

struct gt_replace {
	char from[512], from_version[128]; /* from_version "" for every version */
	char to[1024], to_version[128];    /* to_version "" when TO is a directory */
	int line;
};

struct gt_gomod {
	char module[512];
	struct gt_require *req;
	int nreq;
	struct gt_replace *rep;
	int nrep;
};

/* Read the go.mod at PATH into M; 0, or -1 when it cannot be read. Free with gt_gomod_free. */
int gt_gomod_read(const char *path, struct gt_gomod *m);
void gt_gomod_free(struct gt_gomod *m);
/* What go fetches for PATH@VERSION under M's replacements: the replacement's index, or -1 for none. */
int gt_gomod_replaced(const struct gt_gomod *m, const char *path, const char *version);

/* The directories a go.work at PATH uses (malloc'd strings, as written); how many, -1 if unreadable. */
int gt_gowork_uses(const char *path, char ***dirs);

/* A go.sum line: "PATH VERSION[/go.mod] h1:HASH". */
struct gt_sumline {
	char path[512], version[128], hash[128];
	int gomod; /* the /go.mod line */
	int line;
};
/* Read the go.sum at PATH; how many lines into *OUT (malloc'd), -1 if unreadable. */
int gt_gosum_read(const char *path, struct gt_sumline **out);

#endif

/*
 * The analyzers, one file each; finding.c runs them in table order.
 */
#ifndef GT_ANALYZERS_H
#define GT_ANALYZERS_H

#include "finding.h"
#include "goconf.h"
#include "model.h"

void gt_an_toolchain(const struct gt_model *m, struct gt_findings *fs);
void gt_an_config(const struct gt_model *m, struct gt_findings *fs);
void gt_an_failure(const struct gt_model *m, struct gt_findings *fs);
void gt_an_network(const struct gt_model *m, struct gt_findings *fs);
void gt_an_library(const struct gt_model *m, struct gt_findings *fs);
void gt_an_libload(const struct gt_model *m, struct gt_findings *fs);
void gt_an_credential(const struct gt_model *m, struct gt_findings *fs);
void gt_an_cheader(const struct gt_model *m, struct gt_findings *fs);
/*
 * The C header P (a failed compiler) said it could not find, and the
 * directories its failed opens of that name show, in order (", "-separated
 * in DIRS; the first such open in *FIRST). Returns how many directories,
 * 0 when P said no such thing or the trace shows no search.
 */
int gt_missing_header(const struct gt_model *m, const struct gt_mproc *p, char *name, size_t nsize,
		      char *line, size_t lsize, char *dirs, size_t dsize, const struct gt_mopen **first);

/*
 * The process whose failure made P fail, followed down the tree: among P's
 * failed children, the one whose stderr P relayed (its first line is in
 * P's), else the one that exited last. Never one of go's probes (`git
 * config`, a compiler asked to compile stdin to /dev/null), whose failure is
 * normal; a failure that comes down to SIGPIPE only when nothing else failed.
 * P itself when no child explains it.
 */
struct gt_mproc *gt_culprit(struct gt_mproc *p);
/*
 * The library ld.so could not find when P started (exit 127, a library it
 * tried in every directory and never opened, its last open), or NULL.
 */
const char *gt_lib_missing_at_start(const struct gt_model *m, const struct gt_mproc *p);
/* Whether P is one of go's probes (see gt_culprit) or runs inside one. */
int gt_mproc_in_probe(const struct gt_mproc *p);
/* A complete .netrc entry as the go command reads it: names and line, never the password. */
struct gt_netrc_entry {
	char machine[256], login[128];
	long line;
};
/* The complete entries of the netrc file at PATH in file order (parsing
 * stops at "default", macdef bodies skipped); -1 when it cannot be read. */
int gt_netrc_read(const char *path, struct gt_netrc_entry *e, int max);
/* Whether machine M gives go credentials for requests under URL prefix P
 * ("host:port/path", no scheme): P or a parent of it cut at a slash, or a
 * path below P. */
int gt_netrc_matches(const char *m, const char *p);

/* A process's name for people: its program, or "(fork of X)". */
const char *gt_pname(const struct gt_mproc *p);

#endif

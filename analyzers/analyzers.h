/*
 * The analyzers, one file each; analyzers.c runs them in table order.
 */
#ifndef GT_ANALYZERS_H
#define GT_ANALYZERS_H

#include "finding.h"
#include "../common/netrc.h"
#include "../common/util.h"
#include "goconf.h"
#include "model.h"

/* Evidence at trace event EV (any struct gt_ev_KIND *): its line, time and process; or with the process PID. */
#define GT_AT_EV(ev) GT_AT((ev)->pid, (ev)->t, (ev)->line)
#define GT_AT_EV_PID(ev, pid_) GT_AT((pid_), (ev)->t, (ev)->line)

/*
 * One rule of an analyzer: the finding ids it can make, what they rest on,
 * and the function that looks. An analyzer whose rules share gathered
 * facts keeps a table of its own over a context (network.c, toolchain.c).
 */
struct gt_rule {
	const char *ids;
	const char *proves;
	void (*fn)(const struct gt_model *m, struct gt_findings *fs);
};
/* Run the N rules of R, in order. */
void gt_rules_run(const struct gt_rule *r, size_t n, const struct gt_model *m, struct gt_findings *fs);
/*
 * A table NAME of rules over an analyzer's own context type CTX (the same
 * fields as struct gt_rule, fn taking CTX *), and running it on X.
 */
#define GT_RULES(name, ctx)           \
	static const struct {         \
		const char *ids;      \
		const char *proves;   \
		void (*fn)(ctx *x);   \
	} name[]
#define GT_RULES_RUN(name, x)                                           \
	do {                                                            \
		for (size_t rule_ = 0; rule_ < GT_ARRAY_SIZE(name); rule_++) \
			name[rule_].fn(x);                              \
	} while (0)

/* The opens each analyzer needs the model to keep (gt_open_needs): 1 for one it needs. */
int gt_toolchain_needs_open(const struct gt_open_view *o);
int gt_library_needs_open(const struct gt_open_view *o);
int gt_credgit_needs_open(const struct gt_open_view *o);
int gt_cheader_needs_open(const struct gt_open_view *o);
void gt_an_toolchain(const struct gt_model *m, struct gt_findings *fs);
void gt_an_config(const struct gt_model *m, struct gt_findings *fs);
void gt_an_failure(const struct gt_model *m, struct gt_findings *fs);
void gt_an_network(const struct gt_model *m, struct gt_findings *fs);
void gt_an_library(const struct gt_model *m, struct gt_findings *fs);
void gt_an_libload(const struct gt_model *m, struct gt_findings *fs);
void gt_an_credential(const struct gt_model *m, struct gt_findings *fs);
/* credential.c and credgit.c: git's side of the credential analyzer, and what both sides share */
void gt_cred_git(const struct gt_model *m, struct gt_findings *fs);
/* whether the last program P ran is go; whether P is git or one of its helpers (git-*) */
int gt_cred_is_go(const struct gt_mproc *p);
int gt_cred_is_git(const struct gt_mproc *p);
/* A url.<base>.insteadOf rewrite of a URL git was given (credgit.c): the rule as written (redacted) and where. */
struct gt_insteadof {
	char to[2048], base[512], value[1024], file[512];
	long line;
};
/* Whether a rule of the git configuration files the run's git read rewrites URL (the longest value wins), into R. */
int gt_git_insteadof(const struct gt_model *m, const char *url, struct gt_insteadof *r);
/* the warning for a credential file others can read (its mode, read now), once per file */
void gt_cred_mode_check(const struct gt_model *m, const char *path, const struct gt_mopen *o, struct gt_findings *fs);
void gt_an_cheader(const struct gt_model *m, struct gt_findings *fs);
void gt_an_gosum(const struct gt_model *m, struct gt_findings *fs);
void gt_an_debugger(const struct gt_model *m, struct gt_findings *fs);
void gt_an_listener(const struct gt_model *m, struct gt_findings *fs);
void gt_an_editor(const struct gt_model *m, struct gt_findings *fs);
/* go's own errors explained (goerrors.c, docs/go-errors.md) */
void gt_an_goerrors(const struct gt_model *m, struct gt_findings *fs);
/* Entry I of the catalogue: its pattern (NULL past the end), finding id and go versions. */
const char *gt_goerr_pattern(size_t i, const char **id, const char **versions);
/* Whether LINE matches catalogue PATTERN ('*' for any text). */
int gt_goerr_match(const char *pattern, const char *line);
/* A C header a compiler said it could not find, and where the trace shows it looked. */
struct gt_missing_hdr {
	char name[256];              /* the header, as the compiler named it */
	char line[1024];             /* the compiler's line saying so */
	char dirs[4096];             /* the directories its failed opens of that name show, in order, ", "-separated */
	const struct gt_mopen *first; /* the first such open */
};
/*
 * The C header P (a failed compiler) said it could not find, into OUT.
 * Returns how many directories, 0 when P said no such thing or the trace
 * shows no search.
 */
int gt_missing_header(const struct gt_model *m, const struct gt_mproc *p, struct gt_missing_hdr *out);

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

/* Whether machine M gives go credentials for requests under URL prefix P
 * ("host:port/path", no scheme): P or a parent of it cut at a slash, or a
 * path below P. */
int gt_netrc_matches(const char *m, const char *p);

/* A process's name for people: its program, or "(fork of X)". */
const char *gt_pname(const struct gt_mproc *p);

#endif

/*
 * What the catalogue of go's errors (goerrors.c) and its rules
 * (goerrules.c) share: an entry, what a rule sees, and the helpers that
 * turn a setting, a file or a directory into evidence.
 */
#ifndef GT_GOERRORS_H
#define GT_GOERRORS_H

#include "analyzers.h"

#define NCAP 4

struct gectx;

/* One entry of the catalogue (docs/go-errors.md holds the same list, with tests). */
struct gt_goerr {
	const char *pattern;   /* one line of go's stderr, '*' standing for any text */
	const char *versions;  /* the go versions that print it */
	const char *id;        /* the finding it makes */
	enum gt_subject subject;
	const char *setting;   /* the setting the message is about (or -mod's mode), or NULL */
	const char *what;      /* what that setting did, for the verdict */
	const char *good;      /* a value that works, for the fix, or NULL */
	int variant;           /* a rule's second form of the message */
	struct gt_finding *(*rule)(struct gectx *x);
};

/* What a rule sees: the run, go's configuration, the line go printed and its parts. */
struct gectx {
	const struct gt_model *m;
	const struct gt_goconf *c;
	struct gt_findings *fs;
	const struct gt_mproc *go;  /* the go process that printed the line */
	const struct gt_goerr *e;   /* the catalogue entry that matched */
	char line[1024];            /* the line, without its leading blanks */
	char cap[NCAP][512];        /* what each '*' of the pattern matched */
};

/* Evidence: the line of go's stderr the entry matched. */
void ge_said(struct gectx *x, struct gt_finding *f);
/* A cause with the entry's id and subject; the verdict is printf-formatted. */
struct gt_finding *ge_cause(struct gectx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Where setting S came from, as evidence; the fix that drops it or sets GOOD; its source as text (malloc'd). */
void ge_setting_evidence(struct gectx *x, struct gt_finding *f, const struct gt_setting *s);
void ge_setting_fix(struct gectx *x, struct gt_finding *f, const struct gt_setting *s, const char *good);
char *ge_src_text(struct gectx *x, const struct gt_setting *s);
/* Whether GOFLAGS's value V holds FLAG as a word of its own. */
int ge_goflags_has(const char *v, const char *flag);
/*
 * The first KW ("go", "toolchain") line of the go.mod or go.work at PATH, as the trace recorded it
 * (settings.h): version into VER, line number or 0; *WHEN says how the line is known.
 */
long ge_go_line(const struct gt_model *m, const char *path, const char *kw, char *ver, size_t size, const char **when);
/* The first file named BASE a go process opened and read (not in the module cache), or NULL. */
const struct gt_mopen *ge_go_read(const struct gectx *x, const char *base);
/* Dotted version A >= B. */
int ge_ver_ge(const char *a, const char *b);
/* The PATH directory of ENV that EXE was found in, into OUT; 0 if none. */
int ge_path_dir_of(const json_t *env, const char *exe, char *out, size_t size);
/* The nearest NAME at or above DIR that exists now, into OUT. */
int ge_find_up(const char *dir, const char *name, char *out, size_t size);
/* Whether NAME is in a directory of PATHVAR now; its path into OUT. */
int ge_on_path(const char *pathvar, const char *name, char *out, size_t size);
/*
 * PATH as go had it and where PROG (or ALT) is, read after the run: 2 when
 * the trace proves go looked in every PATH directory in vain, 1 when PROG
 * is on PATH now, 0 when it is not (read now).
 */
int ge_path_evidence(struct gectx *x, struct gt_finding *f, const char *prog, const char *alt);
/* The host's GOARCH, from the trace header. */
const char *ge_host_goarch(const struct gectx *x);
/* The nearest existing directory at or above DIR: owner, group, mode, read after the run. */
void ge_dir_owner_evidence(struct gt_finding *f, const char *dir);

/* The rules (a setting the message names: goerrors.c; the others: goerrules.c). */
struct gt_finding *ge_rule_setting(struct gectx *x);
struct gt_finding *ge_rule_modflag(struct gectx *x);
struct gt_finding *ge_rule_toonew(struct gectx *x);
struct gt_finding *ge_rule_workspace(struct gectx *x);
struct gt_finding *ge_rule_cgo_off(struct gectx *x);
struct gt_finding *ge_rule_cc_missing(struct gectx *x);
struct gt_finding *ge_rule_gocache(struct gectx *x);
struct gt_finding *ge_rule_modcache(struct gectx *x);
struct gt_finding *ge_rule_goosarch(struct gectx *x);
struct gt_finding *ge_rule_proxy_empty(struct gectx *x);
struct gt_finding *ge_rule_tc_unavailable(struct gectx *x);
struct gt_finding *ge_rule_git_missing(struct gectx *x);
struct gt_finding *ge_rule_direct(struct gectx *x);
struct gt_finding *ge_rule_cgo_pkg(struct gectx *x);
struct gt_finding *ge_rule_sumdb_unknown(struct gectx *x);
struct gt_finding *ge_rule_workdir(struct gectx *x);
struct gt_finding *ge_rule_replace_missing(struct gectx *x);

#endif

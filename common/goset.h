/*
 * The Go settings of a Go configuration file, as a trace records them
 * (docs/trace-format.md, "fingerprint"): a go env file's NAME=VALUE lines,
 * and go.mod's and go.work's module, go, toolchain, godebug, replace,
 * exclude and use lines, each with its line number. Never other content:
 * require lines, comments and the rest stay in the file. Values are
 * redacted as the environment is (a password in a URL, a secret name's
 * value), so a setting may be written where the trace goes.
 */
#ifndef GT_GOSET_H
#define GT_GOSET_H

#include <stddef.h>

enum gt_gsfile {
	GT_GS_NONE,
	GT_GS_ENV,  /* a go env file: the user's (GOENV, .../go/env) or $GOROOT/go.env */
	GT_GS_MOD,  /* go.mod */
	GT_GS_WORK, /* go.work */
};

struct gt_goset {
	char *name;  /* "GOPROXY"; or the directive: "go", "toolchain", "godebug", "replace", ... */
	char *value; /* redacted; a directive's words, one space apart ("example.com/a v1.0.0 => ../a") */
	long line;
	int secret;  /* how many parts of the value were redacted */
};

struct gt_gosets {
	struct gt_goset *v;
	size_t n;
	size_t more; /* settings past GT_GOSET_MAX, not kept */
};

/* At most this many settings of one file are kept (a go.mod with more replace lines is not usual). */
#define GT_GOSET_MAX 2000
/* A value longer than this is cut (a go env file line can be long; nothing go reads is). */
#define GT_GOSET_VALMAX 4096

/* Which kind of configuration file the name at PATH says it is: go.mod, go.work, go.env, .../go/env. */
enum gt_gsfile gt_goset_kind(const char *path);
/* The settings of TEXT (N bytes) of a file of kind K into OUT (appended). */
void gt_goset_parse(enum gt_gsfile k, const char *text, size_t n, struct gt_gosets *out);
/* The same for the file at PATH, read when it is a regular file of at most 16 MiB; -1 with errno. */
int gt_goset_read(enum gt_gsfile k, const char *path, struct gt_gosets *out);
/*
 * A go env file's lines with their values as written (SECRET still counts
 * what redaction would hide): for probe, which makes go's requests with
 * them and never prints them. Nothing read so may reach a trace.
 */
int gt_goset_read_raw(const char *path, struct gt_gosets *out);
/* The last setting called NAME (go keeps the last of a go env file), or NULL. */
const struct gt_goset *gt_goset_get(const struct gt_gosets *s, const char *name);
void gt_goset_free(struct gt_gosets *s);

#endif

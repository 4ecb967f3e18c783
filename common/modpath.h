/*
 * Module paths as the go command handles them (docs/facts.md, "How go
 * walks GOPROXY"): the case-encoding of a path or version in proxy URLs
 * and the module cache, and the comma-separated prefix globs of GOPRIVATE,
 * GONOPROXY and GONOSUMDB.
 */
#ifndef GT_MODPATH_H
#define GT_MODPATH_H

#include <stddef.h>

/*
 * PATH with each upper-case letter written as '!' and its lower case
 * ("github.com/Azure" -> "github.com/!azure"), into OUT (SIZE); 0, or -1
 * when it does not fit or PATH holds a '!' or a byte outside ASCII (go
 * refuses those paths).
 */
int gt_mod_escape(const char *path, char *out, size_t size);

/* Go's path.Match: 1 when NAME matches PATTERN, 0 when not, -1 for a malformed pattern. */
int gt_path_match(const char *pattern, const char *name);

/*
 * Whether a leading part of module path TARGET matches one of the
 * comma-separated globs in GLOBS (a glob of N elements against the first N
 * elements of TARGET; empty and malformed globs are skipped, a trailing
 * slash ignored). The glob that matched is copied into WHICH (SIZE) when
 * WHICH is not NULL.
 */
int gt_match_prefix_patterns(const char *globs, const char *target, char *which, size_t size);

/*
 * Semantic versions as go's semver package reads them: "v1", "v1.2",
 * "v1.2.3", "-pre.1" and "+build" suffixes (shorthands only without
 * either). Whether V is one; V's order against W (<0, 0, >0; an invalid
 * version sorts first); whether V is a prerelease.
 */
int gt_semver_valid(const char *v);
int gt_semver_cmp(const char *v, const char *w);
int gt_semver_prerelease(const char *v);
/* Whether V is canonical: vMAJOR.MINOR.PATCH with an optional prerelease and "+incompatible" only. */
int gt_semver_canonical(const char *v);
/*
 * Whether go's module.CheckPath accepts PATH: elements of ASCII letters,
 * digits and "-._~" without a leading or trailing dot, a first element of
 * lower-case letters, digits, '-' and '.' that holds a dot and does not
 * begin with '-', and no /v0, /v1 or /v0N suffix. 0, or -1 with go's
 * reason in WHY.
 */
int gt_mod_check_path(const char *path, char *why, size_t size);
/* Whether V is a pseudo-version (a prerelease ending in a 14-digit UTC time and a 12-hex-digit commit). */
int gt_mod_is_pseudo(const char *v);

#endif

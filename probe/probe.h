/*
 * gotrace probe: for each module, ask what go would ask, where go would
 * ask it, with the credential go would send, and say what go would do
 * (README "Probe: will go get it?", docs/probe-format.md). The parts:
 * walk.c (how go moves along GOPROXY), modwalk.c (list/@latest, .info,
 * .mod, .zip per entry), auth.c (netrc, GOAUTH commands, git credential
 * fill), direct.c (GONOPROXY/GOPRIVATE and direct: go-get discovery and
 * the repository go hands to its VCS), sumdb.c (the checksum database:
 * which proxy carries it, the lookup, the signed note), fetch.c (libcurl:
 * one share of connections, DNS answers and TLS sessions for all threads),
 * verdict.c (the verdict, text and JSON), probe.c (settings, threads).
 */
#ifndef GT_PROBE_H
#define GT_PROBE_H

#include <stdio.h>

struct gt_probe_opts {
	int json;
	double timeout; /* per request, seconds */
	char **mods;    /* MODULE[@VERSION] */
	int nmods;
};

/* Probe every module; 0 when go would get each one, 1 when not (or it cannot be told). */
int gt_probe_run(const struct gt_probe_opts *o, FILE *out);

/*
 * The direct requirements of the go.mod at PATH as go would fetch them, at
 * most MAX, as "M@V" (malloc'd): a replace directive's module instead of the
 * one it replaces, and none replaced by a directory. How many are in OUT,
 * -1 if PATH is unreadable; how many there are in all in TOTAL.
 */
int gt_probe_gomod_requires(const char *path, char **out, int max, int *total);

#endif

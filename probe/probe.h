/*
 * gotrace probe: ask the module proxies what go would ask for each
 * module, the way go walks GOPROXY, and say what go would do. So far: the
 * configuration go would use (with where each setting came from),
 * GONOPROXY/GOPRIVATE, the walk over http(s), file:// and off entries with
 * .info, then .mod and the .zip's size from the entry that answered, each
 * request's status, times and error line; the netrc credential go would
 * send over https (by GOAUTH, matched by host:port, by host alone before
 * Go 1.24) and whether the server took it. Not yet: direct fetches (go-get
 * discovery), GOAUTH commands, the checksum database (issue 19).
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

/* The direct requirements of the go.mod at PATH, at most MAX, as "M@V" (malloc'd); how many, -1 if unreadable. */
int gt_probe_gomod_requires(const char *path, char **out, int max, int *capped);

#endif

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

#include <stddef.h>
#include <stdio.h>

/*
 * How a fetched zip is checked, as go checks it (verify/ provides it, with
 * libzip, which this layer does not reach): its h1 into H1 and 0, or -1
 * with why in ERR when it is not a zip (-2 when it cannot be read at all:
 * no libzip); the first name in it not under PREFIX into BAD ("" if none).
 */
typedef int (*gt_zip_checker)(const char *zip, const char *prefix, char h1[48], char *bad, size_t bsize, char *err,
			      size_t esize);

struct gt_probe_opts {
	int json;
	int quick;      /* the zip asked with HEAD only, not fetched and checked */
	gt_zip_checker zip_check; /* NULL: the zip is fetched but not checked */
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

/*
 * For gotrace verify: what go would be served for PATH@VERSION now, asked
 * the way probe asks (remote.c). gt_remote_open reads go's settings; with
 * PROXY, the .mod and the whole .zip are fetched through the GOPROXY chain
 * (the zip into a file in TMPDIR); with SUMDB, the checksum database's
 * lines for it, with the signed note checked.
 */
struct gt_remote;
struct gt_remote_answer {
	int asked_proxy;         /* the GOPROXY chain was asked */
	char where[700];         /* "GOPROXY entry N URL" that served it */
	char why[1500];          /* when nothing was served: probe's verdict */
	char mod_h1[48];         /* the h1 of the .mod served, "" if none */
	char zip_path[4096];     /* the .zip served, saved; "" if none */
	char mod_why[1500], zip_why[1500]; /* what the entry that served it said when the .mod or the .zip did not come */
	int asked_db;            /* the checksum database was asked */
	char db_name[256];
	char db_zip[128], db_mod[128]; /* its h1 for the zip and the go.mod, "" if it gave none */
	char db_why[1500];       /* why it was not asked, or what went wrong */
};
struct gt_remote *gt_remote_open(double timeout, const char *tmpdir, int proxy, int sumdb);
void gt_remote_ask(struct gt_remote *r, const char *path, const char *version, struct gt_remote_answer *a);
void gt_remote_close(struct gt_remote *r);

#endif

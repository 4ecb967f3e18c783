/*
 * What gotrace probe learns of each module, shared by its parts: auth.c
 * (the credential go would send), modwalk.c (the GOPROXY walk), direct.c
 * (go-get discovery for modules go fetches from their origin), sumdb.c
 * (the checksum database) and probe.c (the verdict, text and JSON).
 */
#ifndef GT_PROBE_INT_H
#define GT_PROBE_INT_H

#include "../analyzers/analyzers.h"
#include "probe.h"
#include "../common/gomod.h"
#include "../common/goproxy.h"
#include "fetch.h"
#include "walk.h"

#define GT_PROBE_STEPS 3   /* requests one entry may take: @v/list, @latest, .info */
#define GT_PROBE_HDRS 8    /* headers one GOAUTH command may give a URL */

struct gt_step {
	char url[2400];    /* what was asked (a path for a file:// entry) */
	struct gt_fetch f;
};

/* What decides the credential go sends (auth.c; docs/facts.md, "Which credential go sends"). */
struct gt_creds;

/* What go sent with one request. */
struct gt_cred_use {
	int sent;                  /* a credential went with the request */
	int netrc;                 /* its netrc entry's line, 0 when not from netrc */
	char what[2400];            /* what was sent, in words (never a secret) */
	char why[2400];             /* why nothing was, for an https URL */
	int asked_again;           /* after a 4xx go ran GOAUTH again with the URL and retried */
};

/* The go-get discovery go makes for a module it fetches from its origin. */
struct gt_direct {
	int asked;                 /* whether discovery ran */
	char url[1200];            /* the discovery URL (or the rule that needs none) */
	struct gt_fetch f;
	char https_url[1200];      /* under GOINSECURE: the https request that got no answer before url */
	struct gt_fetch https_f;
	char prefix[512], vcs[32], repo[1024]; /* the go-import meta tag go would use */
	char err[3000];            /* why go would fail, else empty */
	const char *known;         /* a host go knows without asking ("github.com"), else NULL */
};

/* What the checksum database's signed tree proves of the record it served. */
enum gt_sum_proof {
	GT_SUM_UNCHECKED = 0,      /* nothing to prove (not asked, no answer, the note did not verify) */
	GT_SUM_PROVEN,             /* the record is leaf record_id of the signed tree */
	GT_SUM_UNPROVEN,           /* it could not be shown: proof_why */
	GT_SUM_FORK,               /* the database signed two trees that cannot both be true */
	GT_SUM_ROLLBACK,           /* it serves a tree older than one it signed before and cannot show that one */
};

/* What the tree head kept from an earlier run (sumdb/NAME in the state directory) said of this one. */
enum gt_sum_head {
	GT_HEAD_NOT_KEPT = 0,      /* none is kept (head_file says why) */
	GT_HEAD_FIRST,             /* none was kept: this tree is now */
	GT_HEAD_SAME,              /* the same tree */
	GT_HEAD_GREW,              /* a bigger tree that contains the stored one: it is kept now */
	GT_HEAD_OLDER,             /* a smaller tree that the stored one contains */
	GT_HEAD_CONFLICT,          /* the two do not agree, or the stored one could not be shown (proof says which) */
};

#define GT_SUM_TILES 16
/* One tile request (or its copy kept from an earlier request in this run). */
struct gt_sum_tile {
	char path[64];             /* tile/8/L/NNN[.p/W], under the lookup's base */
	long status;               /* 200, or what came back */
	long long bytes;
	int cached;                /* read earlier in this run */
};

/* The checksum database's answer about one module. */
struct gt_sum {
	int state;                 /* 0 not asked, 1 skipped (why in err), 2 asked */
	char name[256];            /* the database */
	char via[600];             /* the proxy that serves it, else empty (direct) */
	int via_entry;             /* that proxy's GOPROXY entry (0-based) */
	int own_url;               /* GOSUMDB gave a URL: go asks it and no proxy */
	struct gt_step supported[GT_PROXY_MAX];
	int supported_entry[GT_PROXY_MAX]; /* the GOPROXY entry each supported request went to */
	int nsupported;
	struct gt_step lookup;
	int signed_ok;             /* the note's signature checked with the key */
	char gosum[2][200];        /* the go.sum lines the database holds (h1: hashes; tamed) */
	int mod_match;             /* 1 the .mod's hash matches, 0 it does not, -1 not compared */
	char err[1200];            /* what went wrong, in go's terms */
	/* what the signed tree proves (docs/facts.md, "How go proves a checksum database record") */
	enum gt_sum_proof proof;
	char proof_why[1200];      /* not proven: why; fork or rollback: both trees and when */
	long long record_id;       /* the record's number in the log, -1 unknown */
	long long tree_n;          /* the signed tree's size, -1 unknown */
	char tree_hash[48];        /* and hash (base64) */
	struct gt_sum_tile tiles[GT_SUM_TILES]; /* the tile requests the proofs made */
	int ntiles;                /* how many (more than GT_SUM_TILES: only the first are kept) */
	enum gt_sum_head head;     /* what the tree head kept from earlier runs said */
	long long head_n;          /* that stored head: size, hash, when it was proven (Unix seconds) */
	char head_hash[48];
	long long head_when;
	char head_by[700];         /* the request that proved it (redacted) */
	char head_file[1200];       /* where it is kept, or why it is not */
};

struct gt_mod {
	char path[512], version[128];  /* version "" when go would look up @latest */
	char epath[1100];              /* case-encoded */
	char resolved[128];            /* the version go would download, once known */
	char pattern[512];             /* the GONOPROXY/GOPRIVATE glob that sends it direct */
	char nosum[512];               /* the GONOSUMDB/GOPRIVATE glob that skips the database */
	struct gt_walk w;
	int hung;                      /* 1 + the entry that stalled after accepting the request (go would wait forever) */
	struct gt_step s[GT_PROXY_MAX][GT_PROBE_STEPS]; /* the requests of each entry */
	int ns[GT_PROXY_MAX];
	char note[GT_PROXY_MAX][300];  /* go's error for an entry that answered but not usefully */
	struct gt_fetch mod, zip;      /* from the entry that answered */
	char zip_path[4096];           /* the .zip fetched whole (a zip_dir file, or /proc/self/fd/N of zip_fd) */
	int zip_fd;                    /* the private, already removed file the zip is in; 0 for none */
	int quick;                     /* the zip was only asked with HEAD (--quick) */
	char zip_h1[48], mod_h1[48];   /* what go would compute of what was served, "" when not computed */
	char zip_bad[700];             /* why go would refuse the zip it got (not a zip, a file outside M@V/) */
	char zip_unchecked[600];       /* why the zip could not be checked at all (no libzip) */
	char sum_zip[128], sum_mod[128]; /* go.sum's h1 for the zip and the .mod, "" if it has none */
	int sum_zip_line, sum_mod_line;  /* their lines in go.sum */
	struct gt_buf modbody;         /* the .mod's bytes */
	struct gt_cred_use cred[GT_PROXY_MAX]; /* what went with the request that decided each entry */
	struct gt_direct d;
	struct gt_sum sum;
};

/* What a probe run shares across modules. */
struct gt_probe_ctx {
	const struct gt_proxy_list *pl;
	double timeout;
	struct gt_creds *k;
	const char *sumdb;             /* GOSUMDB as go reads it ("off", name, key, "key URL") */
	const char *insecure;          /* GOINSECURE */
	const char *zip_dir;           /* when set, the served .zip is fetched whole into a file there */
	const char *noproxy, *nosumdb; /* GONOPROXY and GONOSUMDB (GOPRIVATE when unset) */
	int quick;                     /* --quick: the zip is asked with HEAD, not fetched */
	gt_zip_checker zip_check;      /* how the zip is hashed and its names checked (NULL: not) */
	const struct gt_sumline *sums; /* the main module's go.sum lines, read once (none: no go.mod here) */
	int nsums;
};

struct gt_goconf;
/* probe.c: X from go's settings in C (which must outlive X); free X->k with gt_creds_free. */
void gt_probe_ctx_init(struct gt_probe_ctx *x, struct gt_proxy_list *pl, const struct gt_goconf *c, double timeout);
/* M (path, version and epath set) made ready for gt_probe_one: the walk, the patterns that match it. */
void gt_probe_mod_prepare(struct gt_mod *m, const struct gt_probe_ctx *x);
/* Everything go would do for M, in its order: the GOPROXY walk, the origin, the checksum database. */
void gt_probe_one(struct gt_mod *m, const struct gt_probe_ctx *x);

/* auth.c: the credentials as go gathers them before its first request (netrc, GOAUTH's commands). */
struct gt_creds *gt_creds_new(const struct gt_goconf *c, double timeout);
void gt_creds_free(struct gt_creds *k);
/* Request URL as go does: with the credential it holds for the URL (https only), and after a 4xx
 * once more with what GOAUTH's commands give for the URL. Fills F and U. Thread-safe. */
void gt_cred_fetch(struct gt_creds *k, const char *url, const struct gt_fetch_opts *o, struct gt_fetch *f,
		   struct gt_cred_use *u);

/* modwalk.c: walk the GOPROXY list for M as go does. */
void gt_probe_walk(struct gt_mod *m, const struct gt_probe_ctx *x);
/* The outcome of entry I as go sees it. */
enum gt_outcome gt_probe_entry_outcome(const struct gt_mod *m, int i);
/* Whether F stopped after the server took the request: go, with no deadline for the answer, would hang. */
int gt_probe_stalled(const struct gt_fetch *f);
/* The request whose answer decided entry I. */
const struct gt_step *gt_probe_last(const struct gt_mod *m, int i);

/* check.c: what go checks of what it got for M (the .mod's and the zip's h1, the zip's files) against go.sum. */
void gt_probe_check(struct gt_mod *m, const struct gt_probe_ctx *x);
/* The verdict when go would refuse what it got or hang getting it, into B: 1; else 0 (B untouched). */
int gt_probe_check_verdict(const struct gt_mod *m, struct gt_buf *b);
/* Release what the check held (the private zip file). */
void gt_probe_check_done(struct gt_mod *m);

/* direct.c: the go-get discovery for M. */
void gt_probe_direct(struct gt_mod *m, const struct gt_probe_ctx *x);

/* sumdb.c: ask the checksum database about M (after the walk). */
void gt_probe_sumdb(struct gt_mod *m, const struct gt_probe_ctx *x);

#endif

/* What verify's files share (verify.h is the command's side). */
#ifndef GT_VERIFY_INT_H
#define GT_VERIFY_INT_H

#include <stddef.h>

#include "../common/buf.h"
#include "../common/h1.h"

/* A file of a module zip or directory: its name as hashed (MODULE@VERSION/PATH) and SHA-256. */
struct gt_zfile {
	char *name;
	unsigned char sha[32];
};
struct gt_zlist {
	struct gt_zfile *f;
	int n;
};

/* go's limits (golang.org/x/mod/zip): a module zip of at most 500 MiB, a go.mod of at most 16 MiB. */
#define GT_V_ZIP_MAX (500LL << 20)
#define GT_V_MOD_MAX (16L << 20)

/* cache.c: the h1 of a zip (read with libzip, each entry streamed) or of an unpacked directory
 * (files named PREFIX/PATH); the files in L (sorted) when L is not NULL. 0, or -1 with ERR
 * (gt_zip_h1: -2 when the file is there but does not open as a zip). */
int gt_zip_h1(const char *zip, char out[GT_H1_LEN], struct gt_zlist *l, char *err, size_t esize);
int gt_dir_h1(const char *dir, const char *prefix, char out[GT_H1_LEN], struct gt_zlist *l, char *err, size_t esize);
void gt_zlist_free(struct gt_zlist *l);
/* The files of DIR that differ from ZIP: edited, added and removed names, ", "-separated; how many in all. */
int gt_zlist_diff(const struct gt_zlist *zip, const struct gt_zlist *dir, struct gt_buf *edited, struct gt_buf *added,
		  struct gt_buf *removed);
/* The h1 of the go.mod file at PATH; 0, or -1 with ERR (one over go's 16 MiB is not hashed). */
int gt_file_gomod_h1(const char *path, char out[GT_H1_LEN], char *err, size_t esize);

/* Where a hash came from: go.sum, the cache's .ziphash, the cached zip (or .mod), the unpacked directory,
 * what the GOPROXY chain serves, the checksum database. */
enum gt_vsrc { GT_V_GOSUM, GT_V_ZIPHASH, GT_V_CACHE, GT_V_DIR, GT_V_PROXY, GT_V_SUMDB, GT_V_N };

/* What a source had for one hash. */
enum gt_vstate {
	GT_VS_NONE,      /* not consulted: not asked for, or not a source of this kind of hash */
	GT_VS_ABSENT,    /* nothing there (not downloaded): as for go mod verify, nothing to check */
	GT_VS_HAVE,      /* a hash, in h1 */
	GT_VS_UNCHECKED, /* there, but it could not be checked: why */
};

/* One source's hash, or why it has none; strings malloc'd. */
struct gt_vhash {
	unsigned char state;   /* enum gt_vstate */
	unsigned char verdict; /* set by the judge for a hash: 'a' agrees, 'd' disagrees */
	char *h1;
	char *where;           /* where it was read; NULL for go.sum (its file and line say it) */
	char *why;             /* ABSENT, UNCHECKED: why there is no hash */
};
void gt_vhash_set(struct gt_vhash *h, int state, const char *h1, const char *where, const char *why);
void gt_vhash_free(struct gt_vhash *h);

/* One module version of one go.sum (or required by the go.mod next to it). */
struct gt_vmod {
	char *path, *version;
	const char *sumfile;          /* the go.sum it belongs to */
	int sum;                      /* its index in gt_vrun's sumfiles */
	int zip_line, mod_line;       /* its go.sum lines, 0 for none */
	int req_line;                 /* the go.mod line requiring it, 0 for none */
	unsigned char required;       /* by the go.mod next to the go.sum */
	unsigned char used;           /* reached from go.mod through the cached .mod files */
	unsigned char unpacked;       /* the unpacked directory was compared file by file with the cached zip */
	unsigned char corrupt;        /* the cached zip is there but cannot be read or hashed */
	int ndiff;                    /* files of the directory that differ from the zip */
	struct gt_vhash zip[GT_V_N];  /* the zip's h1 from each source */
	struct gt_vhash mod[GT_V_N];  /* the go.mod's: go.sum, the cached .mod, proxy, database */
	struct gt_buf edited, added, removed;
};

/* One run of verify. */
struct gt_vrun {
	char dir[4096];               /* the module (or workspace) directory */
	char modcache[4096], modcache_from[300];
	char **sumfiles;              /* every go.sum read (go.work.sum too) */
	int nsum;
	char **gomods;                /* the go.mod next to each (NULL for go.work.sum) */
	struct gt_vmod *m;
	int n, cap;
	int *slot;                    /* the index of m: open addressing, -1 free */
	size_t nslot;
	int gaps;                     /* modules the build needs whose go.mod is not in the module cache */
	int proxy, sumdb;
	double timeout;
};

/* gosum.c: the module PATH@VERSION of go.sum SUM, made when CREATE and new (NULL when not). */
struct gt_vmod *gt_vmod_get(struct gt_vrun *r, int sum, const char *path, const char *version, int create);
/* Read go.sum SUM (any line length); 0, or -1 with ERR when it is there but cannot be read. */
int gt_verify_read_sum(struct gt_vrun *r, int sum, char *err, size_t esize);

/* One thing verify says: a problem (exit 1), a source that could not be checked (exit 3), information. */
struct gt_vfind {
	char sev;                     /* 'x' problem, 'u' could not be checked, 'i' information */
	const char *kind;             /* "zip", "go.mod", "unpacked", "corrupt-zip", "unchecked", "missing", "unused" */
	int what;                     /* for "unchecked": 0 the zip's hash, 1 the go.mod's */
	const struct gt_vmod *m;
	char *verdict, *fix;          /* malloc'd */
};

/* What each source said over a run: hashes it agreed on, disagreed on, could not be checked for. */
struct gt_vtally {
	int agree[GT_V_N], disagree[GT_V_N], unchecked[GT_V_N];
};

/* verdict.c: what the sources say, findings in *OUT (malloc'd), each source's verdict set, the sums in T; how many. */
int gt_verify_judge(struct gt_vrun *r, struct gt_vfind **out, struct gt_vtally *t);
void gt_verify_findings_free(struct gt_vfind *f, int n);
/* The name of source S for M ("go.sum line 14", "the module cache", ...) into B. */
void gt_verify_source_name(const struct gt_vmod *m, int what, enum gt_vsrc s, struct gt_buf *b);
/* Where source S's hash of M was read ("FILE line N" for go.sum) into B. */
void gt_verify_where(const struct gt_vmod *m, int what, enum gt_vsrc s, struct gt_buf *b);

/* sources.c */
int gt_verify_collect(struct gt_vrun *r, const char *dir, char *err, size_t esize);
void gt_verify_cache(struct gt_vrun *r);
void gt_verify_remote(struct gt_vrun *r, const char *tmpdir);
void gt_verify_free(struct gt_vrun *r);

#endif

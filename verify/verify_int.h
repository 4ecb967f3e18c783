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

/* cache.c: the h1 of a zip (read with libzip, each entry streamed) or of an unpacked directory
 * (files named PREFIX/PATH); the files in L (sorted) when L is not NULL. 0, or -1 with ERR. */
int gt_zip_h1(const char *zip, char out[GT_H1_LEN], struct gt_zlist *l, char *err, size_t esize);
int gt_dir_h1(const char *dir, const char *prefix, char out[GT_H1_LEN], struct gt_zlist *l, char *err, size_t esize);
void gt_zlist_free(struct gt_zlist *l);
/* The files of DIR that differ from ZIP: edited, added and removed names, ", "-separated; how many in all. */
int gt_zlist_diff(const struct gt_zlist *zip, const struct gt_zlist *dir, struct gt_buf *edited, struct gt_buf *added,
		  struct gt_buf *removed);
/* The h1 of the go.mod file at PATH; 0, or -1 with ERR. */
int gt_file_gomod_h1(const char *path, char out[GT_H1_LEN], char *err, size_t esize);

/* Where a hash came from. */
enum gt_vsrc { GT_V_GOSUM, GT_V_ZIPHASH, GT_V_CACHE, GT_V_PROXY, GT_V_SUMDB, GT_V_N };

/* One source's hash, or why it has none. */
struct gt_vhash {
	int have;
	char h1[128];
	char note[600]; /* where it was read, or why there is none */
};

/* One module version of one go.sum (or required by the go.mod next to it). */
struct gt_vmod {
	char path[512], version[128];
	const char *sumfile;          /* the go.sum it belongs to */
	int zip_line, mod_line;       /* its go.sum lines, 0 for none */
	int required;                 /* by the go.mod next to the go.sum */
	int req_line;
	struct gt_vhash zip[GT_V_N];  /* the zip's h1: go.sum, .ziphash, the cached zip, proxy, database */
	struct gt_vhash mod[GT_V_N];  /* the go.mod's: go.sum, -, the cached .mod, proxy, database */
	int unpacked;                 /* the unpacked directory is there (and was compared) */
	int used;                     /* required by go.mod or by a cached .mod of another module here */
	int ndiff;                    /* files of it that differ from the zip */
	struct gt_buf edited, added, removed;
	char unpacked_err[600];
};

/* One run of verify. */
struct gt_vrun {
	char dir[4096];               /* the module (or workspace) directory */
	char modcache[4096], modcache_from[300];
	char **sumfiles;              /* every go.sum read (go.work.sum too) */
	int nsum;
	char **gomods;                /* the go.mod next to each (NULL for go.work.sum) */
	struct gt_vmod *m;
	int n;
	int proxy, sumdb;
	double timeout;
};

/* One thing verify says: a problem (exit 1), a note, or information. */
struct gt_vfind {
	char sev;                     /* 'x' problem (exit 1; an undecided pair too), 'i' information */
	const char *kind;             /* "zip", "go.mod", "unpacked", "missing", "unused" */
	const struct gt_vmod *m;
	char verdict[4000];
	char fix[1400];
};

/* verdict.c: what the sources say, findings in *OUT (malloc'd); how many. */
int gt_verify_judge(const struct gt_vrun *r, struct gt_vfind **out);
/* The name of source S for M ("go.sum line 14", "the module cache", ...) into B. */
void gt_verify_source_name(const struct gt_vmod *m, int what, enum gt_vsrc s, struct gt_buf *b);

/* sources.c */
int gt_verify_collect(struct gt_vrun *r, const char *dir, char *err, size_t esize);
void gt_verify_cache(struct gt_vrun *r);
void gt_verify_remote(struct gt_vrun *r, const char *tmpdir);
void gt_verify_free(struct gt_vrun *r);

#endif

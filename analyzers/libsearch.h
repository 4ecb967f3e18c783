/*
 * What the library analyzers share about a search in the trace: the
 * directories a search went through (folded, glibc-hwcaps and tls
 * subdirectories into their directory), the tries of one name, where
 * ld.so said each candidate came from (LD_AUDIT), the directories this
 * trace names for libraries, and what is on disk for a name not found.
 */
#ifndef GT_LIBSEARCH_H
#define GT_LIBSEARCH_H

#include <stddef.h>

#include "finding.h"
#include "model.h"

/*
 * Directories the trace names for libraries: P's LD_LIBRARY_PATH, the
 * DT_RPATH/DT_RUNPATH of P's program ($ORIGIN expanded), every directory
 * P's loader tried a library in (its opens, the LD_AUDIT candidates), and
 * -L of every compiler and linker run.
 */
#define GT_TDIRS_MAX 64
struct gt_tdirs {
	char d[GT_TDIRS_MAX][512];
	const char *v[GT_TDIRS_MAX];
	size_t n;
};

/* For whom gt_lib_on_disk looks: ld.so at run time, or ld at link time. */
enum gt_disk_for { GT_FOR_RUN, GT_FOR_LINK };

/* Directory of PATH, without the glibc-hwcaps/tls/platform subdirectories ld.so tries first. */
void gt_lib_search_dir(const char *path, char *out, size_t size);
/* Length of the stem of a library name: "libfoo" of libfoo.so.1. */
size_t gt_lib_stem_len(const char *soname);
/* Add directory D (LEN bytes) to T, once; relative ones are ignored. */
void gt_tdirs_add(struct gt_tdirs *t, const char *d, size_t len);
/* Fill T as above (P may be NULL: only the -L directories). */
void gt_tdirs_fill(const struct gt_model *m, const struct gt_mproc *p, struct gt_tdirs *t);
/* Add the directories of DT_RPATH/DT_RUNPATH LIST with $ORIGIN as ORIGIN (NULL: skip those). */
void gt_tdirs_add_rpath(struct gt_tdirs *t, const char *list, const char *origin);
/* The ELF class process P needs: from its interpreter, else its file. */
int gt_lib_proc_class(const struct gt_mproc *p);
/*
 * P's failed opens of a file named BASE between trace lines AFTER and
 * BEFORE: how many, the directories (folded, into DIRS) and the first.
 */
unsigned gt_lib_tries(const struct gt_model *m, const struct gt_mproc *p, const char *base, size_t after,
		      size_t before, char *dirs, size_t size, const struct gt_mopen **first);
/* Evidence on F: where each candidate for LIB came from, per ld.so's audit events in that window. */
void gt_lib_origins(const struct gt_model *m, const struct gt_mproc *p, const char *lib, size_t after,
		    size_t before, struct gt_finding *f);
/*
 * What is on disk for a library that was not found: evidence and fix on F.
 * STEM is "libfoo"; SONAME the exact name wanted at run time (NULL at link
 * time); CLS the ELF class wanted. Returns the number of files found.
 */
size_t gt_lib_on_disk(struct gt_finding *f, const char *stem, const char *soname, int cls,
		      const struct gt_tdirs *td, enum gt_disk_for why);

#endif

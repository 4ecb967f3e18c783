/*
 * What the in-kernel open recorder (openrec.bpf.c) and its loader
 * (wrap/openrec.c) share: the record of one open, its configuration and
 * its counters. Fixed-width types only: both a BPF object and gotrace
 * include it.
 */
#ifndef GT_OPENREC_SHARED_H
#define GT_OPENREC_SHARED_H

#include <linux/types.h>

#define GT_OPENREC_PATH 4096          /* PATH_MAX: a longer path fails with ENAMETOOLONG */
#define GT_OPENREC_RING (2u << 20)    /* bytes of ring: some 20,000 opens between two drains */
#define GT_OPENREC_WAKE (512u << 10)  /* wake the reader when this much waits */
#define GT_OPENREC_MAX_PROCS 8192    /* traced processes at once */
#define GT_OPENREC_MAX_CALLS 4096    /* threads inside an openat at once */
#define GT_OPENREC_MAX_BORN 4096     /* tasks made by traced processes, not yet run */

struct gt_openrec_cfg {
	__u32 open_mark;  /* the shim's mark (0: none) */
	__u32 pad;
};

/*
 * One openat: the record's header, then PATHLEN bytes of path: with its
 * NUL, or, with GT_OPENREC_RAW set in PATHLEN, the bytes readable from the
 * path's address (its NUL among them, or an unterminated path); 0:
 * nothing readable.
 */
struct gt_openrec_ev {
	__u64 ts;      /* CLOCK_MONOTONIC at the syscall's exit */
	__u32 tid;
	__u32 tgid;
	__s64 ret;     /* the descriptor, or -errno */
	__u32 flags;
	__u32 pathlen;
	char path[GT_OPENREC_PATH];
};

#define GT_OPENREC_HDR 32 /* offsetof(struct gt_openrec_ev, path) */
#define GT_OPENREC_RAW 0x80000000u

/*
 * A failed existence check or change of a path (stat, access, readlink,
 * mkdir, rename, unlink and their *at forms): this bit is set in PATHLEN
 * (openat's flags may hold any bit), FLAGS is the x86_64 syscall number,
 * RET the -errno. Only failures are recorded, and only for a readable
 * path that is absolute or relative to the working directory (the first
 * path of a rename).
 */
#define GT_OPENREC_FSFAIL 0x40000000u

/*
 * NOPROC: new processes of recorded ones the procs table had no room for
 * (their opens are not recorded); NOTASK: new tasks of recorded processes
 * the table of tasks not yet run had no room for (processes or threads:
 * a process among them is not recorded)
 */
enum {
	GT_OPENREC_STAT_RECORDED,
	GT_OPENREC_STAT_LOST,
	GT_OPENREC_STAT_FSFAIL,
	GT_OPENREC_STAT_NOPROC,
	GT_OPENREC_STAT_NOTASK,
	GT_OPENREC_NSTATS
};

#endif

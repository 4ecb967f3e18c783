/*
 * The in-kernel open recorder: an eBPF program (wrap/bpf/openrec.bpf.c) on
 * the raw syscall tracepoints records, with their exact results, the opens
 * the seccomp filter lets through (filter.h: GT_FILTER_OPENS_BPF), so they
 * cost the traced program no stop. Needs root (CAP_BPF and CAP_PERFMON);
 * without it gotrace traps those opens as before.
 */
#ifndef GT_OPENREC_H
#define GT_OPENREC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf/openrec.h"

struct gt_openrec;

/* Load and attach the recorder (OPEN_MARK: the shim's, whose opens it leaves); NULL with the reason in WHY. */
struct gt_openrec *gt_openrec_open(unsigned open_mark, char *why, size_t whylen);
/* Leave the opens with mode OPEN_MARK (the shim's) to the shim; 0 or -errno. */
int gt_openrec_set_mark(struct gt_openrec *r, unsigned open_mark);
/* Record TGID's opens (ON: a traced process running a 64-bit image) or stop; 0 or -errno. */
int gt_openrec_track(struct gt_openrec *r, pid_t tgid, int on);
typedef void (*gt_openrec_fn)(void *ctx, const struct gt_openrec_ev *e);
/*
 * Hand the records committed so far to FN, in order, up to the first made
 * after UPTO (CLOCK_MONOTONIC ns; it is kept for the next call). No
 * syscall when there is none.
 */
void gt_openrec_drain(struct gt_openrec *r, uint64_t upto, gt_openrec_fn fn, void *ctx);
/* Wait until much is waiting, WAKE_FD (-1: none) is readable or TIMEOUT_MS passed; 1, 0, or -errno. */
int gt_openrec_wait(struct gt_openrec *r, int wake_fd, int timeout_ms);
/* Opens recorded, and opens lost because the ring was full. */
void gt_openrec_stats(struct gt_openrec *r, uint64_t *recorded, uint64_t *lost);
void gt_openrec_close(struct gt_openrec *r);

#endif

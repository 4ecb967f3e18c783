/*
 * The in-kernel open recorder: an eBPF program (wrap/bpf/openrec.bpf.c) on
 * the raw syscall tracepoints records, with their exact results, the opens
 * the seccomp filter lets through (filter.h: GT_FILTER_OPENS_BPF), so they
 * cost the traced program no stop. Needs CAP_BPF and CAP_PERFMON: gotrace
 * loads it itself when it has them (root), else through gotrace-openrec, a
 * helper given them as file capabilities (as ping is given CAP_NET_RAW),
 * which keeps the map of recorded processes and adds only those gotrace
 * traces (openrec_helper.c); without either, gotrace traps those opens.
 */
#ifndef GT_OPENREC_H
#define GT_OPENREC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf/openrec.h"

struct gt_openrec;

/*
 * Load and attach the recorder (OPEN_MARK: the shim's, whose opens it
 * leaves), here or through gotrace-openrec; NULL with the reason in WHY.
 */
struct gt_openrec *gt_openrec_open(unsigned open_mark, char *why, size_t whylen);
/* Whether the kernel forgets a recorded process when its last thread ends (sched_process_exit's group_dead). */
int gt_openrec_forgets_ended(const struct gt_openrec *r);
/*
 * Whether the kernel records the new processes of a recorded one from
 * their first instruction (gotrace need not track them at the fork stop).
 */
int gt_openrec_follows_forks(const struct gt_openrec *r);
/* Whether gotrace-openrec loaded it (gotrace has not the capabilities). */
int gt_openrec_helped(const struct gt_openrec *r);
/* The same, in this process only (gotrace-openrec's own loading). */
struct gt_openrec *gt_openrec_open_here(unsigned open_mark, char *why, size_t whylen);
/* A recorder loaded here: its ring's and its counters' descriptors (to pass on); 0 or -errno. */
int gt_openrec_fds(const struct gt_openrec *r, int *ring, int *stats);
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
/* A descriptor readable when much is waiting in the ring (for epoll). */
int gt_openrec_fd(struct gt_openrec *r);
/*
 * Opens recorded, opens lost because the ring was full, new processes of
 * recorded ones the kernel's table had no room for, and new tasks it could
 * not follow (processes or threads); 0, or -EPIPE
 * when gotrace-openrec stopped answering or ended during the run (the
 * opens since may be missing: the programs went with it).
 */
int gt_openrec_stats(struct gt_openrec *r, uint64_t *recorded, uint64_t *lost, uint64_t *noproc, uint64_t *notask);
void gt_openrec_close(struct gt_openrec *r);

/*
 * gotrace-openrec's protocol, on a SOCK_SEQPACKET socket at descriptor
 * GT_OPENREC_HELPER_FD. Its first message is an answer: err 0 with the
 * ring's descriptor (SCM_RIGHTS), or -errno and why.
 * Then each request gets one answer, but UNTRACK, which gets none.
 */
#define GT_OPENREC_HELPER_FD 3
enum { GT_ORQ_TRACK = 1, GT_ORQ_UNTRACK, GT_ORQ_MARK, GT_ORQ_STATS };
#define GT_ORH_FOLLOWS_FORKS 1u /* the kernel records a recorded process's new ones: no TRACK at a fork */
struct gt_openrec_req {
	uint32_t op;
	int32_t arg; /* a process id, or the mark */
};
struct gt_openrec_rep {
	int32_t err;
	uint32_t noproc; /* GT_ORQ_STATS: new processes the table had no room for */
	uint64_t a, b;   /* GT_ORQ_STATS: recorded, lost; the first answer: GT_ORH_* in a */
	uint32_t notask; /* GT_ORQ_STATS: new tasks not followed (their table full) */
	uint32_t pad;
	char why[240];
};
/* gotrace-openrec's side, serving the gotrace at the other end of SOCK until it goes; its exit status. */
int gt_openrec_serve(int sock);

#endif

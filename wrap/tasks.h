/*
 * One control block per traced thread (struct gt_tcb) and one per process
 * (struct gt_proc), shared by its threads. A tcb carries what was captured
 * at a syscall's entry until its result is known; a proc carries what
 * threads share: the cached cwd, the environment of the running image, and
 * non-blocking connects waiting for their completion.
 */
#ifndef GT_TASKS_H
#define GT_TASKS_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "../common/buf.h"
#include "sysargs.h"

#define GT_MAX_PENDING_CONN 8
#define GT_SOCKADDR_MAX 128
#define GT_STDERR_MAX 4096
#define GT_DNS_SLOTS 8
/*
 * What a process writes to stderr is recorded up to about this many bytes
 * of trace; after that only the
 * last GT_TEXT_TAIL bytes are kept, written as one event when it exits.
 */
#define GT_TEXT_BUDGET (256u << 10)
#define GT_TEXT_TAIL 8192u
#define GT_CARRY_MAX 256

/* The environment of one exec'd image, values already redacted. */
struct gt_env {
	int refs;
	size_t n;
	char **vars; /* "NAME=VALUE", sorted by name */
};

struct gt_pconn {
	int fd;
	unsigned len;
	unsigned char sa[GT_SOCKADDR_MAX];
};

struct gt_proc {
	pid_t pid;
	pid_t ppid;
	int refs;          /* tcbs pointing here */
	char *cwd;         /* cached; NULL until needed or after chdir */
	struct gt_env *env; /* environment of the current image */
	struct gt_pconn conn[GT_MAX_PENDING_CONN];
	int nconn;
	/*
	 * Same credentials, root and mount namespace as gotrace: a failed path
	 * lookup made by gotrace is the one the process would make.
	 */
	int same_view;
	int static_image;       /* its program has no interpreter: no shim, no shim events */
	int rec_state;          /* GT_REC_*: whether the open recorder records it */
	unsigned long stops;    /* ptrace stops of its threads (the exit event says how many) */
	/* sockets connected to a name server's port 53, whichever thread uses them */
	int dns_fds[GT_DNS_SLOTS];    /* -1: free */
	int dns_query[GT_DNS_SLOTS];  /* its query was seen */
	char dns_server[GT_DNS_SLOTS][64];
	unsigned dns_next;            /* the slot to reuse when all are taken */
	/* text events: trace bytes spent, then what went past the budget */
	uint64_t text_used;
	uint64_t text_skipped;  /* bytes written past the budget and not in the tail */
	char *tail;             /* the last stderr bytes past the budget (GT_TEXT_TAIL) */
	size_t tail_len;
	int tail_cut;           /* bytes were dropped from its front */
	/* the unfinished last line of its latest text, so a secret split across writes is seen whole */
	char carry[GT_CARRY_MAX];
	size_t carry_len;
};

/* gt_proc.rec_state */
enum {
	GT_REC_ON,     /* recorded (or there is no recorder) */
	GT_REC_32,     /* a 32-bit image: the filter traps its calls, nothing to record */
	GT_REC_REFUSED /* the recorder could not take it: its opens are missing */
};

/* What an execve captured at entry. */
struct gt_execcap {
	struct gt_buf path;
	struct gt_buf argv; /* strings, each NUL-terminated */
	struct gt_buf envp;
	size_t argc, envc;
	int trunc;
	int dirfd;
	int flags;
	char *cwd;
};

enum {
	GT_TCB_HELD = 1,         /* stopped, waiting for its parent's fork event */
	GT_TCB_AWAIT_ATTACH = 2, /* parent's event seen, first stop not yet */
	GT_TCB_INSYS = 4,        /* between a seccomp stop and the syscall's exit */
	GT_TCB_FOLLOW = 8,       /* stopping at every syscall: reading a DNS exchange */
	GT_TCB_STDOUT = 16,      /* stopping at every syscall: pkg-config, whose output is kept */
};

struct gt_tcb {
	pid_t tid;
	unsigned flags;
	struct gt_proc *proc;
	struct gt_tcb *next; /* hash chain */
	/* the trapped syscall in progress */
	int kind;
	struct gt_call call; /* its arguments, whatever the ABI */
	uint64_t oflags;
	int dirfd;
	size_t pathlen;
	int pathtrunc;
	int have_base;
	char base[PATH_MAX]; /* directory a relative path is resolved against */
	char path[PATH_MAX];
	unsigned salen;
	unsigned char sa[GT_SOCKADDR_MAX];
	struct gt_execcap *ex;
	/* following the process's DNS sockets (GT_TCB_FOLLOW) */
	int dns_left;          /* syscalls to watch before giving up */
	uint64_t dns_rbuf;     /* buffer of a read seen at entry, read at exit */
	int dns_rfd;           /* the socket of that read */
	/* a notified openat handed back to ptrace (notify.c): the step, the call's arguments */
	int nf;
	uint64_t nf_args[4];
};

/* Find the tcb of TID, or NULL. */
struct gt_tcb *gt_tcb_find(pid_t tid);
/* Create a tcb for TID (not yet attached to a process). */
struct gt_tcb *gt_tcb_new(pid_t tid);
/* Give TCB another thread id (exec from a non-leader thread). */
void gt_tcb_rename(struct gt_tcb *tcb, pid_t tid);
/* Forget TCB, dropping its process reference. */
void gt_tcb_free(struct gt_tcb *tcb);
/* Call FN for every tcb (FN must not free). */
void gt_tcb_each(void (*fn)(struct gt_tcb *, void *), void *arg);

/* A new process PID whose parent is PARENT (NULL for the first one). */
struct gt_proc *gt_proc_new(pid_t pid, const struct gt_proc *parent);
/* Attach TCB to PROC. */
void gt_proc_attach(struct gt_tcb *tcb, struct gt_proc *proc);
/* Drop one reference to ENV. */
void gt_env_put(struct gt_env *env);

#endif

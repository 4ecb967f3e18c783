/*
 * The launcher's end of the preload shim's socket: receives one datagram
 * per event, checks it, names its sender from SCM_CREDENTIALS, and writes
 * it into the trace. The run's loop (loop.h) empties it when it has
 * datagrams and before each stop it handles, so a process's shim events
 * land before the syscall events that followed them.
 */
#ifndef GT_COLLECT_H
#define GT_COLLECT_H

#include <stdint.h>
#include <sys/types.h>

#include "../common/wire.h"
#include "tracefile.h"

struct gt_collect {
	int fd;                 /* the bound socket */
	char name[64];          /* "@gotrace-..." for GOTRACE_SOCK */
	int accept_io;          /* open/connect from the shim are wanted (mode preload) */
	int accept_open;        /* opens the shim made around the trap (mode ptrace, filter.h) */
	struct gt_trace *trace;
	unsigned long received, dropped;
};

/* One datagram, from a sender of this user. */
struct gt_collect_msg {
	union {
		struct gt_wire_hdr align;
		char b[GT_WIRE_MAX + 1];
	};
	size_t len;
	pid_t pid;          /* the sender, as the kernel says (SCM_CREDENTIALS) */
	uint64_t mono_ns;   /* when it was made (CLOCK_MONOTONIC): the recorder's records before it go first */
};

/* Check one message from PID and write it to the trace; 0 if it was dropped (exposed for the fuzzer). */
int gt_collect_put(struct gt_collect *c, const char *msg, size_t len, pid_t pid);
/* Make and bind the socket. Returns 0 or -errno. */
int gt_collect_open(struct gt_collect *c);
/* The next datagram queued, without waiting: 1, or 0 when none is (others' are counted as dropped). */
int gt_collect_recv(struct gt_collect *c, struct gt_collect_msg *m);
/* Close the socket. */
void gt_collect_close(struct gt_collect *c);
/* Host name the process PID resolved to ADDR (text form), or NULL. */
const char *gt_collect_host(pid_t pid, const char *addr);
/* Remember that PID's ADDR came from resolving HOST (Go's own DNS). */
void gt_collect_add_host(pid_t pid, const char *addr, const char *host);
/* Append `,"host":NAME` for an inet/inet6 sockaddr when PID resolved it. */
void gt_collect_put_host(struct gt_buf *b, pid_t pid, const unsigned char *sa, unsigned len);

#endif

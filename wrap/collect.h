/*
 * The launcher's end of the preload shim's socket: receives one datagram
 * per event, checks it, names its sender from SCM_CREDENTIALS, and writes
 * it into the trace. A thread waits on the socket; the tracer also empties
 * it before each event it writes (gt_trace's BEFORE hook), so a process's
 * shim events land before the syscall events that followed them.
 */
#ifndef GT_COLLECT_H
#define GT_COLLECT_H

#include <pthread.h>
#include <sys/types.h>

#include "tracefile.h"

struct gt_collect {
	int fd;                 /* the bound socket */
	int stop[2];            /* pipe that ends the thread */
	char name[64];          /* "@gotrace-..." for GOTRACE_SOCK */
	pthread_t th;
	int running;
	int accept_io;          /* open/connect from the shim are wanted (mode preload) */
	int accept_open;        /* opens the shim made around the trap (mode ptrace, filter.h) */
	struct gt_trace *trace;
	unsigned long received, dropped;
	/* around each round of writing (the tracer's lock, taken before the trace's), or NULL */
	void (*enter)(void *), (*leave)(void *);
	void *hook_arg;
};

/* Check one message from PID and write it to the trace; 0 if it was dropped (exposed for the fuzzer). */
int gt_collect_put(struct gt_collect *c, const char *msg, size_t len, pid_t pid);
/* Make and bind the socket. Returns 0 or -errno. */
int gt_collect_open(struct gt_collect *c);
/* Start the thread and hook into the trace. Returns 0 or -errno. */
int gt_collect_start(struct gt_collect *c, struct gt_trace *t);
/* Stop the thread, write what is left, close. */
void gt_collect_stop(struct gt_collect *c);
/* Host name the process PID resolved to ADDR (text form), or NULL. Call with the trace lock held. */
const char *gt_collect_host(pid_t pid, const char *addr);
/* Remember that PID's ADDR came from resolving HOST (Go's own DNS). Call with the trace lock held. */
void gt_collect_add_host(pid_t pid, const char *addr, const char *host);
/* Append `,"host":NAME` for an inet/inet6 sockaddr when PID resolved it. */
void gt_collect_put_host(struct gt_buf *b, pid_t pid, const unsigned char *sa, unsigned len);

#endif

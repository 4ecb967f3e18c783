/*
 * What the preload shim sends to the launcher: one datagram per event on
 * an abstract AF_UNIX socket named in the environment. The launcher learns
 * the sender's pid from SCM_CREDENTIALS (the kernel's word, not the shim's),
 * checks the message, and writes it as a trace line:
 *
 *     {"ev":EV,"t":T,"pid":PID,"src":"preload" FIELDS}
 *
 * FIELDS is a run of `,"key":value` JSON members made by the shim, already
 * redacted. A message never exceeds GT_WIRE_MAX bytes; the shim cuts long
 * values to fit and then adds `,"trunc":true`.
 */
#ifndef GT_WIRE_H
#define GT_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#define GT_WIRE_MAGIC 0x31727467u /* "gtr1" */
#define GT_WIRE_MAX 4096
#define GT_WIRE_AUDIT 1

struct gt_wire_hdr {
	uint32_t magic;
	uint32_t pad;     /* GT_WIRE_AUDIT from the LD_AUDIT library, else 0 */
	uint64_t mono_ns; /* CLOCK_MONOTONIC when the event happened */
	char ev[16];      /* NUL-padded event kind */
};

/* Environment the launcher gives every process (and the shim keeps across exec). */
#define GT_ENV_SOCK "GOTRACE_SOCK"       /* @abstract-name of the launcher's socket */
#define GT_ENV_PRELOAD "GOTRACE_PRELOAD" /* the shim's own LD_PRELOAD entry */
#define GT_ENV_MODE "GOTRACE_MODE"       /* "ptrace" or "preload": who records opens */
#define GT_ENV_DEBUG "GOTRACE_SHIM_DEBUG" /* set: the shim says why it turned off */
#define GT_ENV_AUDIT "GOTRACE_AUDIT"     /* the audit library's own LD_AUDIT entry */

/* The launcher's address, from GOTRACE_SOCK's value ("@name"): 0, or -1 if it is not one. */
int gt_wire_dest(const char *sock, struct sockaddr_un *dest, socklen_t *len);

/* HDR for an event of KIND happening now; SRC is 0 or GT_WIRE_AUDIT. */
void gt_wire_hdr(struct gt_wire_hdr *hdr, const char *kind, uint32_t src);

/*
 * Send one message (header and body, LEN bytes) to DEST, through a socket
 * made for it and closed at once. Returns 0; -1 when this message is lost
 * for a passing reason (the process's descriptors or memory are used up);
 * -2 when no message can go out (errno says why). errno is kept otherwise.
 */
int gt_wire_send(const struct sockaddr_un *dest, socklen_t dest_len, const void *msg, size_t len);

#endif

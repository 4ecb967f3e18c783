/*
 * What the arguments of a trapped syscall mean, for each ABI a tracee may
 * use on x86_64: native 64-bit, i386 (32-bit process, its own syscall
 * numbers, socket calls possibly multiplexed through socketcall) and x32
 * (64-bit registers, 32-bit pointers, X32 bit in the syscall number).
 *
 * The tracer hands the seccomp stop's raw registers to gt_call_decode and
 * reads everything else through the roles it fills in; nothing else in the
 * tracer needs to know which ABI it is looking at. The functions here touch
 * the tracee only through the PEEK callback, so they are tested with
 * recorded register sets and a fake memory (tests/unit/test_sysargs.c).
 */
#ifndef GT_SYSARGS_H
#define GT_SYSARGS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GT_X32_BIT 0x40000000ULL
#define GT_I386_SOCKETCALL 102 /* i386 only: socketcall(call, unsigned long *args) */

/* Read N bytes at ADDR of the tracee into DST; bytes read, or -1. */
typedef ssize_t (*gt_peek_fn)(void *ctx, uint64_t addr, void *dst, size_t n);

struct gt_call {
	int kind;   /* GT_K_*; GT_K_NONE: nothing to record for this stop */
	int compat; /* pointer arrays the call reads (argv, iovec) hold 32-bit pointers */
	int dirfd;  /* AT_FDCWD where the call takes none */
	int fd;     /* connect, getsockopt, write, writev */
	uint64_t path;  /* open*, exec*: the path string */
	uint64_t flags; /* open, openat: the flags; openat2: address of its struct open_how */
	uint64_t argv, envp; /* exec* */
	int exec_flags;      /* execveat */
	uint64_t buf; /* connect: sockaddr; write: data; writev: iovec array; getsockopt: optval */
	uint64_t len; /* connect: sockaddr length; write: bytes; writev: iovec count */
	int level, optname; /* getsockopt */
	long request, target; /* ptrace: request and pid; signal calls: the signal and the pid (tgid for
				 tgkill, the thread for tkill; pidfd_send_signal: the pidfd, in fd) */
	int sigcall;          /* signal calls: 0 kill, 1 tkill, 2 tgkill, 3 pidfd_send_signal */
};

/*
 * Decode the stop of KIND (the filter's GT_K_* code) whose audit arch is
 * ARCH, syscall number NR and raw arguments ARGS into C. A socketcall's
 * real arguments are read from the tracee through PEEK. Returns 0, or -1
 * when the arguments cannot be read (C->kind is then GT_K_NONE).
 */
int gt_call_decode(struct gt_call *c, uint32_t arch, uint64_t nr, const uint64_t args[6],
		   int kind, gt_peek_fn peek, void *ctx);

/* Size of one pointer in the arrays the call reads: 4 or 8. */
static inline size_t gt_call_ptrsize(const struct gt_call *c) { return c->compat ? 4 : 8; }

/* Pointer number I of the array at RAW (argv, envp), in the call's layout. */
uint64_t gt_call_ptr_at(const struct gt_call *c, const void *raw, size_t i);

/* Size of one struct iovec in the call's layout: 8 or 16. */
static inline size_t gt_call_iovsize(const struct gt_call *c) { return c->compat ? 8 : 16; }

/* Entry I of the iovec array at RAW, in the call's layout. */
void gt_call_iov_at(const struct gt_call *c, const void *raw, size_t i, uint64_t *base,
		    uint64_t *len);

#endif

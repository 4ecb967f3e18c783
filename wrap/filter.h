/*
 * The seccomp filter every traced process carries. It is built with
 * libseccomp in the parent, exported once to a BPF program in memory, and
 * loaded by the child with one async-signal-safe syscall before exec.
 *
 * Each trapped syscall returns SECCOMP_RET_TRACE with a GT_K_* code as data,
 * so the tracer learns what it is looking at without decoding per-architecture
 * syscall numbers.
 */
#ifndef GT_FILTER_H
#define GT_FILTER_H

#include <linux/filter.h>

enum {
	GT_K_NONE = 0,
	GT_K_EXECVE,
	GT_K_EXECVEAT,
	GT_K_OPEN,
	GT_K_OPENAT,
	GT_K_OPENAT2,
	GT_K_CONNECT,
	GT_K_WRITE2, /* write(2, ...) */
	GT_K_SOERROR, /* getsockopt(fd, SOL_SOCKET, SO_ERROR, ...) */
	GT_K_CHDIR,  /* chdir, fchdir: only invalidates the cwd cache */
	GT_K_CREDS,  /* credentials, root or namespaces change: no more lookups on its behalf */
	GT_K_WRITEV2, /* writev(2, ...): how ld.so writes its fatal errors */
	GT_K_PTRACE, /* ptrace TRACEME, ATTACH, SEIZE: a debugger that finds gotrace already there */
	GT_K_LISTENER, /* seccomp(SET_MODE_FILTER, NEW_LISTENER): refused while gotrace's filter has one */
	GT_K_SIGNAL, /* kill, tkill, tgkill, pidfd_send_signal with a signal that ends or interrupts */
	GT_K_COUNT
};

/* What the filter does with x86_64's openat calls that only read */
enum {
	GT_READS_TRAP,   /* SECCOMP_RET_TRACE: a ptrace stop (the only choice on other ABIs) */
	GT_READS_NOTIFY, /* SECCOMP_RET_USER_NOTIF: answered by wrap/notify.c */
	GT_READS_RECORD, /* SECCOMP_RET_ALLOW for every openat from the cwd: recorded in the kernel (wrap/openrec.c) */
};

/*
 * Build the filter for x86_64, i386 and x32; returns 0 or -errno. With
 * OPEN_MARK nonzero, an openat whose mode argument is exactly OPEN_MARK and
 * whose flags hold neither O_CREAT nor O_TMPFILE (so the kernel ignores the
 * mode) is not trapped: the preload shim makes such calls and records their
 * result itself (see preload/shim.c, docs/trace-format.md). With FORCE_MARK
 * nonzero and READS GT_READS_NOTIFY, x86_64's other openat calls that
 * only read return SECCOMP_RET_USER_NOTIF (wrap/notify.c answers them),
 * except one whose mode is FORCE_MARK: gotrace sets it on a call it hands
 * back to ptrace. With GT_READS_RECORD, every x86_64 openat whose dirfd is
 * AT_FDCWD returns SECCOMP_RET_ALLOW (the in-kernel recorder records those
 * the shim does not; FORCE_MARK is not used).
 */
int gt_filter_build(struct sock_fprog *prog, unsigned open_mark, unsigned force_mark, int reads);
/* Load PROG into the calling process (async-signal-safe); 0 or -errno. */
int gt_filter_load(const struct sock_fprog *prog);
/* Load PROG with a notification listener; its descriptor (close-on-exec) or -errno. */
int gt_filter_load_listener(const struct sock_fprog *prog);

#endif

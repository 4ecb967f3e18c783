/*
 * What the tracer's own files share, and nothing outside them uses:
 * tracer.c (stops and exits, as the run's loop hands them on), capture.c (what each trapped syscall records),
 * lookup.c (failed lookups answered at entry), execcap.c (exec and its
 * environment), dnsfollow.c (following DNS exchanges). All their state is
 * in struct gt_tracer (tracer.h) and the task table (tasks.h).
 */
#ifndef GT_TRACER_INT_H
#define GT_TRACER_INT_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/decode.h"
#include "../common/json.h"
#include "../common/redact.h"
#include "../common/wire.h"
#include "elfinfo.h"
#include "filter.h"
#include "peek.h"
#include "tasks.h"
#include "tracefile.h"
#include "tracer.h"

#define ARG_BYTES_MAX (1u << 20) /* cap on one exec's argv or envp, bytes */

/* in-kernel restart codes: the syscall will be retried, the program never sees them */
#define ERESTART_FIRST 512
#define ERESTART_LAST 517

/* syscalls a thread is followed for after the last DNS activity of its process */
#define DNS_FOLLOW 128

/* ---- tracer.c ---- */

void tr_resume(pid_t tid, int req, int sig);
/* Let T run to its next trapped syscall (every syscall while it is followed). */
void tr_cont(struct gt_tcb *t, int sig);

/* ---- capture.c ---- */

struct gt_buf *tr_ev_begin(struct gt_tracer *T, const char *ev, pid_t pid);
void tr_put_result(struct gt_buf *b, int64_t rval, int is_error);
void tr_put_tid(struct gt_buf *b, const struct gt_tcb *t);
/* The cwd of T's process, from the cache or /proc; NULL if unknown. */
const char *tr_proc_cwd(struct gt_tcb *t);
/* Read the path at ADDR into T (path, pathlen, pathtrunc), and its base when relative (T->dirfd). */
void tr_capture_path(struct gt_tcb *t, uint64_t addr);
/* Record in T->base the directory a relative path at DIRFD refers to. */
void tr_capture_base(struct gt_tcb *t, int dirfd);
/* The open event of T's call (path, flags, base already captured) with its result. */
void tr_emit_open(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error);
/* The same, made at WHEN (ns since the trace's start): a record of the in-kernel recorder. */
void tr_emit_open_at(struct gt_tracer *T, struct gt_tcb *t, int64_t rval, int is_error, uint64_t when);
/* Text T wrote to stderr (or, for pkg-config, stdout), redacted. */
void tr_emit_text(struct gt_tracer *T, struct gt_tcb *t, const char *ev, size_t n, int trunc);
/* At a process's exit: the stderr it wrote past the trace's budget, if any. */
void tr_emit_tail(struct gt_tracer *T, struct gt_proc *p);
/* A seccomp stop: capture arguments, resume, and emit what needs no result. */
void tr_on_seccomp(struct gt_tracer *T, struct gt_tcb *t);
/* The exit of a syscall whose seccomp stop asked for its result. */
void tr_on_sysexit(struct gt_tracer *T, struct gt_tcb *t);

/* ---- lookup.c ---- */

/*
 * What decides the outcome of a path lookup for PID: its credentials
 * (Uid, Gid, Groups, CapEff), its root, its mount namespace and its
 * security label. Written to OUT as one string; 0 on success.
 */
int tr_view_of(pid_t pid, char *out, size_t size);
int tr_same_view(struct gt_tracer *T, pid_t pid);
enum { TR_FS_OTHER, TR_FS_LOCAL, TR_FS_PROC };
/* tr_walk's answer when gotrace cannot walk the path exactly as the tracee would */
#define TR_NOT_EXACT (-100000L)
/*
 * Walk T's path as the kernel will for the tracee, when gotrace can do it
 * exactly (lookup.c says when). Returns an O_PATH descriptor of the file
 * (its statx in ST), -ENOENT or -ENOTDIR when that is exactly the outcome,
 * or TR_NOT_EXACT.
 */
long tr_walk(struct gt_tracer *T, struct gt_tcb *t, struct statx *st);
/* What the filesystem of FD is (TR_FS_*), from its mount, asking nothing of it; ST its statx. */
int tr_fs_of(struct gt_tracer *T, int fd, struct statx *st);
/* Read gotrace's mount table again (at start, and when it changes). */
void tr_read_mounts(struct gt_tracer *T);
/*
 * tr_walk, and when it fails, whether a descriptor is sure to be free (the
 * kernel takes one before it walks: lookup.c has its order of checks).
 * An O_PATH descriptor, -errno to answer with, or TR_NOT_EXACT.
 */
long tr_lookup(struct gt_tracer *T, struct gt_tcb *t, struct statx *st);
/* Whether the system is far from fs.file-max (checked at most every 100 ms). */
int tr_files_ok(struct gt_tracer *T);
/*
 * At the entry of an open that cannot create anything: the errno to answer
 * with when the walk fails exactly and a descriptor is sure to be free, or
 * 0 to let the syscall run.
 */
int tr_lookup_fails(struct gt_tracer *T, struct gt_tcb *t);
/* Skip the syscall at its seccomp stop and make it return -ERR. */
int tr_answer(struct gt_tcb *t, int err);

/* ---- notify.c ---- */

/* Where a call handed back to ptrace is (struct gt_tcb's nf) */
enum { NF_NONE, NF_WANT, NF_INTERRUPTED, NF_RESTART, NF_FORCED, NF_EXIT };

/* Size the notification buffer as the kernel's struct. */
void tr_notify_init(struct gt_tracer *T);
/* Interrupt the threads whose calls were handed back. */
void tr_notify_interrupt(struct gt_tracer *T);
/* A stop of T while a call it handed back is on its way to ptrace: 1 if handled (T resumed). */
int tr_notify_on_stop(struct gt_tracer *T, struct gt_tcb *t, int sig, int event);

/* ---- execcap.c ---- */

/* Entry of execve/execveat: everything must be read now, the image goes away. */
void tr_capture_exec(struct gt_tracer *T, struct gt_tcb *t);
/*
 * How the image PID now runs will be loaded, from its ELF file: interpreter
 * and DT_RPATH/DT_RUNPATH. 0, or -1 when unknown (not ELF, unreadable).
 */
int tr_exe_elfinfo(pid_t pid, struct gt_elfinfo *ei);
/* pkg-config's answer is its standard output: those processes are followed. */
int tr_keeps_stdout(const char *exe);
void tr_emit_exec_ok(struct gt_tracer *T, struct gt_tcb *t, const char *exe, const struct gt_elfinfo *ei);
void tr_emit_exec_fail(struct gt_tracer *T, struct gt_tcb *t, int64_t rval);

/* ---- dnsfollow.c ---- */

int tr_dns_pending(const struct gt_proc *p);
/* At the exit of a successful connect of T: a socket to a name server's port 53 is registered. */
void tr_follow_dns(struct gt_tcb *t);
/* A syscall stop of a followed thread (not a trapped syscall's exit). */
void tr_on_follow(struct gt_tracer *T, struct gt_tcb *t);

#endif

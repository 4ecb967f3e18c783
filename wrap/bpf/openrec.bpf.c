/*
 * The in-kernel open recorder (wrap/openrec.c loads it): the openat calls
 * that gotrace's seccomp filter lets through without a stop, recorded at
 * the syscall's exit with their exact result, so they cost the traced
 * program no ptrace stop at all.
 *
 * It must record exactly the calls the filter lets through for it
 * (wrap/filter.c, record_prefix): x86_64 openat from a process gotrace
 * traces (the procs map: 64-bit images only) whose dirfd is AT_FDCWD,
 * except the shim's own (no O_CREAT nor O_TMPFILE bit, and the mode is
 * the shim's mark: the shim records those). Everything else is trapped.
 *
 * It also records, at their exit, the failed existence checks and changes
 * of a path (GT_OPENREC_FSFAIL: stat, access, readlink, mkdir, rename,
 * unlink and their *at forms), which the filter never traps: go decides
 * with them where a program, a go.work or a directory is.
 *
 * Raw tracepoints need no tracefs and no kernel type information: the
 * registers are read at x86_64's fixed struct pt_regs offsets. The path is
 * read at exit, when the kernel has already copied it (the page is there).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "openrec.h"

#define NR_OPENAT 257
#define NR_CLONE 56
#define NR_FORK 57
#define NR_VFORK 58
#define NR_CLONE3 435
#define AT_EMPTY_PATH 0x1000u
#define AT_FDCWD_LO 0xffffff9cu
#define F_CREAT 0100u
#define F_TMPFILE_BIT 020000000u

/* struct pt_regs on x86_64, as the entry code lays it out */
#define REG_R10 56
#define REG_DX 96
#define REG_SI 104
#define REG_DI 112
#define REG_ORIG_AX 120

char LICENSE[] SEC("license") = "Dual MIT/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gt_openrec_cfg);
} cfg SEC(".maps");

/* traced processes (thread group ids) running a 64-bit image */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* preallocating costs 0.1 µs an entry, every run */
	__uint(max_entries, GT_OPENREC_MAX_PROCS);
	__type(key, __u32);
	__type(value, __u32);
} procs SEC(".maps");

struct call {
	__u64 path;
	__u32 flags;
	__u32 pad;
	__u64 id; /* the thread's pid_tgid: the exit checks the entry is its own */
};

/* an openat between its entry and its exit, by thread id */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* preallocating costs 0.1 µs an entry, every run */
	__uint(max_entries, GT_OPENREC_MAX_CALLS);
	__type(key, __u32);
	__type(value, struct call);
} calls SEC(".maps");

/* tasks made by recorded processes that have not yet run (gt_proc_fork), by their kernel address: the maker's uid */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, GT_OPENREC_MAX_BORN);
	__type(key, __u64);
	__type(value, __u32);
} born SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, GT_OPENREC_RING);
} events SEC(".maps");

/* a record being made; the spill lets the verifier see a read at a variable offset fits */
struct rec {
	struct gt_openrec_ev ev;
	char spill[GT_OPENREC_PATH];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rec);
} scratch SEC(".maps");

/*
 * How many recorded openat calls are between their entry and their exit,
 * and new tasks in born: every syscall of every task passes sys_exit, and
 * while none is in flight (most of the time) the exit program ends at this
 * one load.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inflight SEC(".maps");

/* GT_OPENREC_STAT_*: recorded, lost */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GT_OPENREC_NSTATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline __u64 reg(const void *regs, int off)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (const char *)regs + off);
	return v;
}

static __always_inline void count(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&stats, &which);

	if (n)
		__sync_fetch_and_add(n, 1);
}

/*
 * Whether NR is a path call whose failure is recorded; its path's register
 * into *PREG, and whether it takes a directory descriptor first (*AT).
 */
static __always_inline int fs_call(__u64 nr, int *preg, int *at)
{
	*at = 1;
	*preg = REG_SI;
	switch (nr) {
	case 262: /* newfstatat */
	case 332: /* statx */
	case 269: /* faccessat */
	case 439: /* faccessat2 */
	case 267: /* readlinkat */
	case 258: /* mkdirat */
	case 263: /* unlinkat */
	case 264: /* renameat */
	case 316: /* renameat2 */
		return 1;
	case 4:  /* stat */
	case 6:  /* lstat */
	case 21: /* access */
	case 89: /* readlink */
	case 83: /* mkdir */
	case 84: /* rmdir */
	case 87: /* unlink */
	case 82: /* rename */
		*at = 0;
		*preg = REG_DI;
		return 1;
	}
	return 0;
}

/* The entry of a path call (fs_call): kept until its exit, which records it only if it failed. */
static __always_inline int fs_enter(const void *regs, __u64 nr, __u32 tid)
{
	struct call call = {};
	__u32 zero = 0;
	__u64 *n;
	int preg, at;

	if (!fs_call(nr, &preg, &at))
		return 0;
	/* fstatat(fd, "", AT_EMPTY_PATH) is an fstat: no path */
	if ((nr == 262 && (reg(regs, REG_R10) & AT_EMPTY_PATH)) || (nr == 332 && (reg(regs, REG_DX) & AT_EMPTY_PATH)))
		return 0;
	call.path = reg(regs, preg);
	call.id = bpf_get_current_pid_tgid();
	call.flags = (__u32)nr;
	/* pad: 2, a path call; 1, its path is relative to the working directory (else only an absolute one is kept) */
	call.pad = 2 | (!at || (__u32)reg(regs, REG_DI) == AT_FDCWD_LO);
	if (bpf_map_update_elem(&calls, &tid, &call, BPF_NOEXIST) == 0) {
		n = bpf_map_lookup_elem(&inflight, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	} else if (bpf_map_update_elem(&calls, &tid, &call, BPF_EXIST)) {
		count(GT_OPENREC_STAT_LOST);
	}
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int gt_open_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id, zero = 0;
	const void *regs = (const void *)ctx->args[0];
	struct gt_openrec_cfg *c;
	struct call call = {};
	__u64 mode, *n;
	__u32 flags;
	int preg, at;

	/* every syscall of every task passes here: the number first, the map only for the calls recorded */
	if (ctx->args[1] != NR_OPENAT) {
		if (!fs_call(ctx->args[1], &preg, &at) || !bpf_map_lookup_elem(&procs, &tgid))
			return 0;
		return fs_enter(regs, ctx->args[1], tid);
	}
	if (!bpf_map_lookup_elem(&procs, &tgid))
		return 0;
	c = bpf_map_lookup_elem(&cfg, &zero);
	if (!c)
		return 0;
	if ((__u32)reg(regs, REG_DI) != AT_FDCWD_LO)
		return 0;
	flags = (__u32)reg(regs, REG_DX);
	mode = reg(regs, REG_R10);
	if (!(flags & (F_CREAT | F_TMPFILE_BIT)) && (mode >> 32) == 0 && c->open_mark && (__u32)mode == c->open_mark)
		return 0;
	call.path = reg(regs, REG_SI);
	call.id = id;
	call.flags = flags;
	if (bpf_map_update_elem(&calls, &tid, &call, BPF_NOEXIST) == 0) {
		n = bpf_map_lookup_elem(&inflight, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	} else if (bpf_map_update_elem(&calls, &tid, &call, BPF_EXIST)) {
		/* (an entry left by a call that never exited is replaced) */
		count(GT_OPENREC_STAT_LOST); /* more threads inside an openat than the table holds */
	}
	return 0;
}

/*
 * A path the string read failed on (a fault before its NUL): the bytes as
 * far as they can be read, page by page, as gotrace's own reads stop
 * (wrap/peek.c); the reader looks for the NUL. Returns their number.
 */
static __always_inline __u32 read_raw(char *dst, __u64 addr)
{
	__u32 first = GT_OPENREC_PATH - (__u32)(addr & (GT_OPENREC_PATH - 1)), rest;

	if (first > GT_OPENREC_PATH - 1)
		first = GT_OPENREC_PATH - 1;
	if (first == 0 || bpf_probe_read_user(dst, first, (const void *)addr))
		return 0;
	rest = GT_OPENREC_PATH - 1 - first;
	if (rest == 0 || rest > GT_OPENREC_PATH - 1 || bpf_probe_read_user(dst + first, rest, (const void *)(addr + first)))
		return first;
	return GT_OPENREC_PATH - 1;
}

/*
 * A clone, fork, vfork or clone3 by number: x86_64's, x32's (the same with
 * bit 30), i386's (int 0x80 from a 64-bit process).
 */
static __always_inline int is_fork(__u64 nr)
{
	__u64 n = nr & ~0x40000000ull;

	return n == NR_CLONE || n == NR_FORK || n == NR_VFORK || n == NR_CLONE3 ||
	       nr == 2 || nr == 120 || nr == 190; /* i386 fork, clone, vfork (its clone3 is 435 too) */
}

/*
 * A task's first return to user space, its clone's exit in the child: if a
 * recorded process made it (born) and it is a process, record it from here.
 */
static __always_inline int first_return(__u64 id, __u64 *busy)
{
	__u64 task = bpf_get_current_task();
	__u32 tgid = id >> 32, one = 1, *uid = bpf_map_lookup_elem(&born, &task), same;

	if (!uid)
		return 0;
	/* made by its parent's user: a task that is not (its address was another's) is left alone */
	same = *uid == (__u32)bpf_get_current_uid_gid();
	if (bpf_map_delete_elem(&born, &task))
		return 0;
	__sync_fetch_and_add(busy, -1);
	if (same && tgid == (__u32)id && bpf_map_update_elem(&procs, &tgid, &one, BPF_ANY))
		count(GT_OPENREC_STAT_NOPROC);
	return 0;
}

SEC("raw_tracepoint/sys_exit")
int gt_open_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, zero = 0, len, raw = 0;
	const void *regs = (const void *)ctx->args[0];
	long ret = (long)ctx->args[1], n;
	struct gt_openrec_ev *e;
	struct rec *r;
	struct call *call;
	__u64 avail, path, *busy, nr;
	__u32 flags, cwdrel, fs;
	int preg, at;

	busy = bpf_map_lookup_elem(&inflight, &zero);
	if (!busy || !*busy)
		return 0;
	/* a call of another number cannot have left an entry: no map lookup for it */
	nr = reg(regs, REG_ORIG_AX);
	if (ret == 0 && is_fork(nr))
		return first_return(id, busy);
	if (nr != NR_OPENAT && !fs_call(nr, &preg, &at))
		return 0;
	call = bpf_map_lookup_elem(&calls, &tid);
	if (!call)
		return 0;
	if (call->id != id)
		return 0; /* left by an earlier thread of this id (it ended inside the call): not this one's */
	path = call->path;
	flags = call->flags;
	fs = call->pad & 2;
	cwdrel = call->pad & 1;
	if (bpf_map_delete_elem(&calls, &tid) == 0)
		__sync_fetch_and_add(busy, -1);
	/* the call that left the entry: an openat, or the path call it names */
	if (nr != (fs ? flags : NR_OPENAT))
		return 0;
	r = bpf_map_lookup_elem(&scratch, &zero);
	/* restarted by the kernel: the program never sees this result (the call enters again) */
	if (!r || (ret <= -512 && ret >= -517))
		return 0;
	/* a path call is recorded only when it failed; readlink's EINVAL only says "not a symlink" */
	if (fs && (ret >= 0 || (ret == -22 && (flags == 89 || flags == 267))))
		return 0;
	e = &r->ev;
	e->ts = bpf_ktime_get_ns();
	e->tid = tid;
	e->tgid = id >> 32;
	e->ret = ret;
	e->flags = flags;
	n = path ? bpf_probe_read_user_str(e->path, sizeof(e->path), (const void *)path) : -1;
	if (n > 0) {
		len = (__u32)n;
	} else {
		len = path ? read_raw(e->path, path) : 0;
		raw = GT_OPENREC_RAW;
	}
	if (len > sizeof(e->path))
		len = sizeof(e->path);
	e->pathlen = len | raw | (fs ? GT_OPENREC_FSFAIL : 0);
	/*
	 * a path call: not one without a readable path (an fstat of "" refused,
	 * an unreadable pointer), nor one relative to another directory's
	 * descriptor (only an absolute path says where)
	 */
	if (fs && (raw || len <= 1 || (!cwdrel && e->path[0] != '/')))
		return 0;
	avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	if (bpf_ringbuf_output(&events, e, GT_OPENREC_HDR + len,
			       avail > GT_OPENREC_WAKE ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP))
		count(GT_OPENREC_STAT_LOST);
	else
		count(fs ? GT_OPENREC_STAT_FSFAIL : GT_OPENREC_STAT_RECORDED);
	return 0;
}

/*
 * A new image: the process is forgotten until gotrace, at its exec stop
 * (which comes after this tracepoint, before the image runs), tracks it
 * again — so no process goes on being recorded past an exec gotrace did
 * not see, and a 32-bit image is never read with x86_64's numbers.
 */
SEC("raw_tracepoint/sched_process_exec")
int gt_proc_exec(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	(void)ctx;
	bpf_map_delete_elem(&procs, &tgid);
	return 0;
}

/*
 * The last thread of a process ends (sched_process_exit's group_dead,
 * args[1]): forgotten before its id can be freed and given to another
 * process. Attaching fails on kernels whose tracepoint lacks group_dead;
 * gotrace then untracks at the exit it reaps, and gotrace-openrec refuses
 * to serve.
 */
SEC("raw_tracepoint/sched_process_exit")
int gt_proc_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), task, *busy;
	__u32 tgid = id >> 32, tid = (__u32)id, zero = 0;

	if (ctx->args[1] & 0xff)
		bpf_map_delete_elem(&procs, &tgid);
	/*
	 * a task in born that never ran, forgotten before its address can be
	 * another task's; a thread that ended inside a recorded call, before
	 * its id can be another's
	 */
	busy = bpf_map_lookup_elem(&inflight, &zero);
	if (busy && *busy) {
		task = bpf_get_current_task();
		if (bpf_map_delete_elem(&born, &task) == 0)
			__sync_fetch_and_add(busy, -1);
		if (bpf_map_delete_elem(&calls, &tid) == 0)
			__sync_fetch_and_add(busy, -1);
	}
	return 0;
}

/*
 * A recorded process makes a task (fork, vfork, clone, a thread): the
 * tracepoint runs in the parent, before the task is first woken, with
 * only a pointer to it (its ids are in a struct whose layout varies). So
 * the task is noted by that pointer, and at its first return to user
 * space — the clone's exit, which every new task passes before its first
 * instruction — a new process (its own thread group) is recorded, as
 * gotrace's ptrace follows it, without gotrace asking at the fork stop. The
 * child has its parent's credentials and image; an exec forgets it as any
 * other. Attached only with gt_proc_exit (wrap/openrec.c), which forgets
 * the process when it ends, and a task that dies before it ever ran.
 */
SEC("raw_tracepoint/sched_process_fork")
int gt_proc_fork(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 parent = bpf_get_current_pid_tgid() >> 32, zero = 0, uid = (__u32)bpf_get_current_uid_gid();
	__u64 task = ctx->args[1], *n;

	if (!bpf_map_lookup_elem(&procs, &parent))
		return 0;
	if (bpf_map_update_elem(&born, &task, &uid, BPF_NOEXIST) == 0) {
		n = bpf_map_lookup_elem(&inflight, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	} else if (!bpf_map_lookup_elem(&born, &task)) {
		count(GT_OPENREC_STAT_NOTASK); /* the table is full: a process or a thread not followed */
	}
	return 0;
}

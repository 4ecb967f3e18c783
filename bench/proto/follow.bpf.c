/*
 * Prototype (bench/NOTES.md, "A tracer without ptrace"): follow a process
 * tree and record what gotrace records with ptrace stops today — forks,
 * execs with their arguments, exits with their status, and the results of
 * execve, openat, connect and chdir — from BPF programs alone: no stop, no
 * seccomp filter. Not part of gotrace; bench/proto/run.sh builds and times it.
 *
 * The tree is followed in the kernel: sched_process_fork adds a child
 * whose parent is followed, so nothing is missed between a fork and a
 * reader's reaction. Kernel structures are read with CO-RE (the kernel's
 * BTF), system calls at x86_64's struct pt_regs offsets as the open
 * recorder does.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "follow.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

struct task_struct {
	int pid;
	int tgid;
	int exit_code;
} __attribute__((preserve_access_index));

struct linux_binprm {
	const char *filename;
} __attribute__((preserve_access_index));

#define REG_SI 104
#define REG_DI 112
#define REG_DX 96
#define REG_ORIG_AX 120
#define NR_OPENAT 257
#define NR_EXECVE 59
#define NR_CONNECT 42
#define NR_CHDIR 80

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u32);
} procs SEC(".maps");

struct call {
	__u64 arg0, arg1;
	__u32 nr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct call);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16u << 20);
} ring SEC(".maps");

static __always_inline __u64 reg(const void *regs, int off)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (const char *)regs + off);
	return v;
}

static __always_inline struct pf_rec *reserve(__u32 kind, __u32 tid, __u32 tgid)
{
	struct pf_rec *r = bpf_ringbuf_reserve(&ring, sizeof(*r), 0);

	if (r) {
		r->kind = kind;
		r->tid = tid;
		r->tgid = tgid;
		r->ts = bpf_ktime_get_ns();
		r->ret = 0;
		r->aux = 0;
		r->s[0] = 0;
	}
	return r;
}

SEC("raw_tracepoint/sched_process_fork")
int pf_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (void *)ctx->args[0], *child = (void *)ctx->args[1];
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid), cpid = BPF_CORE_READ(child, pid);
	__u32 one = 1;
	struct pf_rec *r;

	if (!bpf_map_lookup_elem(&procs, &ptgid) || cpid != ctgid)
		return 0; /* not followed, or a thread (its process is) */
	bpf_map_update_elem(&procs, &ctgid, &one, BPF_ANY);
	if ((r = reserve(PF_FORK, cpid, ctgid))) {
		r->aux = ptgid;
		bpf_ringbuf_submit(r, 0);
	}
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int pf_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct linux_binprm *bprm = (void *)ctx->args[2];
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	struct pf_rec *r;

	if (!bpf_map_lookup_elem(&procs, &tgid))
		return 0;
	if ((r = reserve(PF_EXEC, (__u32)id, tgid))) {
		bpf_probe_read_kernel_str(r->s, sizeof(r->s), BPF_CORE_READ(bprm, filename));
		bpf_ringbuf_submit(r, 0);
	}
	return 0;
}

SEC("raw_tracepoint/sched_process_exit")
int pf_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = (void *)ctx->args[0];
	__u32 pid = BPF_CORE_READ(t, pid), tgid = BPF_CORE_READ(t, tgid);
	struct pf_rec *r;

	if (pid != tgid || !bpf_map_lookup_elem(&procs, &tgid))
		return 0;
	if ((r = reserve(PF_EXIT, pid, tgid))) {
		r->ret = BPF_CORE_READ(t, exit_code);
		bpf_ringbuf_submit(r, 0);
	}
	bpf_map_delete_elem(&procs, &tgid);
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int pf_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), nr = ctx->args[1];
	__u32 tgid = id >> 32, tid = (__u32)id;
	const void *regs = (const void *)ctx->args[0];
	struct call c = {};
	struct pf_rec *r;
	__u64 argv;
	int i;

	if (nr != NR_OPENAT && nr != NR_EXECVE && nr != NR_CONNECT && nr != NR_CHDIR)
		return 0;
	if (!bpf_map_lookup_elem(&procs, &tgid))
		return 0;
	c.nr = nr;
	c.arg0 = reg(regs, REG_DI);
	c.arg1 = reg(regs, REG_SI);
	bpf_map_update_elem(&calls, &tid, &c, BPF_ANY);
	if (nr != NR_EXECVE)
		return 0;
	/* the arguments, while the old image's memory is there (environment: the same way, left out here) */
	argv = c.arg1;
	for (i = 0; i < 16; i++) {
		__u64 p = 0;

		if (bpf_probe_read_user(&p, sizeof(p), (const void *)(argv + i * 8)) || !p)
			break;
		if (!(r = reserve(PF_ARG, tid, tgid)))
			break;
		r->aux = i;
		bpf_probe_read_user_str(r->s, sizeof(r->s), (const void *)p);
		bpf_ringbuf_submit(r, 0);
	}
	return 0;
}

SEC("raw_tracepoint/sys_exit")
int pf_sysexit(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	const void *regs = (const void *)ctx->args[0];
	__u64 nr = reg(regs, REG_ORIG_AX);
	struct call *c;
	struct pf_rec *r;

	if (nr != NR_OPENAT && nr != NR_EXECVE && nr != NR_CONNECT && nr != NR_CHDIR)
		return 0;
	if (!(c = bpf_map_lookup_elem(&calls, &tid)))
		return 0;
	if ((r = reserve(PF_CALL, tid, tgid))) {
		r->aux = c->nr;
		r->ret = (__s64)ctx->args[1];
		/* a successful execve's path is in the exec record; the old memory is gone */
		if (c->nr == NR_OPENAT)
			bpf_probe_read_user_str(r->s, sizeof(r->s), (const void *)c->arg1);
		else if (c->nr == NR_CHDIR)
			bpf_probe_read_user_str(r->s, sizeof(r->s), (const void *)c->arg0);
		bpf_ringbuf_submit(r, 0);
	}
	bpf_map_delete_elem(&calls, &tid);
	return 0;
}

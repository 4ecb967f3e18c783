/*
 * Seccomp filter construction. Untrapped syscalls run at full speed; only
 * the calls whose arguments and results the analyzers need stop the tracee.
 * write is trapped only for fd 2 and getsockopt only for SO_ERROR, so the
 * common case of a build (reads, writes to files and pipes) never stops.
 */
#include "filter.h"
#include "../common/util.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct rule {
	const char *name;
	int kind;
	int nargs;
	struct scmp_arg_cmp cmp[2];
};

static const struct rule rules[] = {
	{"execve", GT_K_EXECVE, 0, {{0}}},
	{"execveat", GT_K_EXECVEAT, 0, {{0}}},
	{"open", GT_K_OPEN, 0, {{0}}},
	{"openat", GT_K_OPENAT, 0, {{0}}},
	{"openat2", GT_K_OPENAT2, 0, {{0}}},
	{"connect", GT_K_CONNECT, 0, {{0}}},
	{"write", GT_K_WRITE2, 1, {SCMP_A0(SCMP_CMP_EQ, 2)}},
	{"writev", GT_K_WRITEV2, 1, {SCMP_A0(SCMP_CMP_EQ, 2)}},
	{"getsockopt", GT_K_SOERROR, 2,
	 {SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET), SCMP_A2(SCMP_CMP_EQ, SO_ERROR)}},
	/*
	 * i386 getsockopt through socketcall: libseccomp applies the two tests
	 * above to socketcall's own arguments (a pointer), which never match.
	 * Trap every socketcall getsockopt; the tracer checks level and name.
	 */
	{"socketcall", GT_K_SOERROR, 1, {SCMP_A0(SCMP_CMP_EQ, SYS_GETSOCKOPT)}},
	/* a process has one tracer: a debugger's attempt to be another is refused (EPERM) */
	{"ptrace", GT_K_PTRACE, 1, {SCMP_A0(SCMP_CMP_EQ, PTRACE_TRACEME)}},
	{"ptrace", GT_K_PTRACE, 1, {SCMP_A0(SCMP_CMP_EQ, PTRACE_ATTACH)}},
	{"ptrace", GT_K_PTRACE, 1, {SCMP_A0(SCMP_CMP_EQ, PTRACE_SEIZE)}},
	/* a filter chain has at most one notification listener: EBUSY while gotrace's is there */
	{"seccomp", GT_K_LISTENER, 2,
	 {SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
	  SCMP_A1(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_NEW_LISTENER)}},
	{"chdir", GT_K_CHDIR, 0, {{0}}},
	{"fchdir", GT_K_CHDIR, 0, {{0}}},
	{"setuid", GT_K_CREDS, 0, {{0}}},    {"setgid", GT_K_CREDS, 0, {{0}}},
	{"setreuid", GT_K_CREDS, 0, {{0}}},  {"setregid", GT_K_CREDS, 0, {{0}}},
	{"setresuid", GT_K_CREDS, 0, {{0}}}, {"setresgid", GT_K_CREDS, 0, {{0}}},
	{"setfsuid", GT_K_CREDS, 0, {{0}}},  {"setfsgid", GT_K_CREDS, 0, {{0}}},
	{"setgroups", GT_K_CREDS, 0, {{0}}}, {"setuid32", GT_K_CREDS, 0, {{0}}},
	{"setgid32", GT_K_CREDS, 0, {{0}}},  {"setreuid32", GT_K_CREDS, 0, {{0}}},
	{"setregid32", GT_K_CREDS, 0, {{0}}}, {"setresuid32", GT_K_CREDS, 0, {{0}}},
	{"setresgid32", GT_K_CREDS, 0, {{0}}}, {"setfsuid32", GT_K_CREDS, 0, {{0}}},
	{"setfsgid32", GT_K_CREDS, 0, {{0}}}, {"setgroups32", GT_K_CREDS, 0, {{0}}},
	{"capset", GT_K_CREDS, 0, {{0}}},    {"chroot", GT_K_CREDS, 0, {{0}}},
	{"unshare", GT_K_CREDS, 0, {{0}}},   {"setns", GT_K_CREDS, 0, {{0}}},
	{"pivot_root", GT_K_CREDS, 0, {{0}}},
};

/*
 * Signals sent to end or interrupt a process (a parent cancelling its
 * child, go test's SIGQUIT): who sent what to whom. Only these: the Go
 * runtime's own tgkill(SIGURG) preemption must not stop.
 */
static const struct {
	const char *name;
	int sigarg; /* which argument is the signal */
} sig_calls[] = {{"kill", 1}, {"tkill", 1}, {"tgkill", 2}, {"pidfd_send_signal", 1}};
static const int sig_watched[] = {SIGHUP, SIGINT, SIGQUIT, SIGKILL, SIGTERM};

static int add_signals(scmp_filter_ctx ctx)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < GT_ARRAY_SIZE(sig_calls) && !rc; i++) {
		int nr = seccomp_syscall_resolve_name(sig_calls[i].name);
		if (nr == __NR_SCMP_ERROR)
			continue; /* pidfd_send_signal: a libseccomp older than the call */
		for (j = 0; j < GT_ARRAY_SIZE(sig_watched) && !rc; j++) {
			struct scmp_arg_cmp cmp = {(unsigned)sig_calls[i].sigarg, SCMP_CMP_EQ,
						   (scmp_datum_t)sig_watched[j], 0};
			rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(GT_K_SIGNAL), nr, 1, &cmp);
		}
	}
	return rc;
}

/*
 * openat is trapped unless the shim made it: the mode is the run's mark and
 * the kernel does not read the mode (no O_CREAT, no O_TMPFILE). Rules with
 * one action on one syscall are ORed by libseccomp.
 */
#define KERNEL_O_TMPFILE_BIT 020000000

static int add_openat(scmp_filter_ctx ctx, int nr, unsigned mark)
{
	struct scmp_arg_cmp ne = SCMP_A3(SCMP_CMP_NE, mark);
	struct scmp_arg_cmp creat = SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT);
	/* the kernel reads the mode when this bit of O_TMPFILE is set, O_DIRECTORY or not */
	struct scmp_arg_cmp tmp = SCMP_A2(SCMP_CMP_MASKED_EQ, KERNEL_O_TMPFILE_BIT, KERNEL_O_TMPFILE_BIT);
	int rc;

	if (!mark)
		return seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(GT_K_OPENAT), nr, 0, NULL);
	rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(GT_K_OPENAT), nr, 1, &ne);
	if (!rc)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(GT_K_OPENAT), nr, 1, &creat);
	if (!rc)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(GT_K_OPENAT), nr, 1, &tmp);
	return rc;
}

/*
 * With user notification, x86_64's openat is decided before libseccomp's
 * program, by hand: one action per case and no overlapping rules.
 *   O_CREAT or the O_TMPFILE bit          -> TRACE (the kernel may create)
 *   mode == the shim's mark               -> ALLOW (the shim records it)
 *   mode == the force mark                -> TRACE (gotrace handed it back)
 *   opened for writing or with O_TRUNC    -> TRACE
 *   anything else (reading, O_PATH)       -> USER_NOTIF (wrap/notify.c)
 * Everything else falls through to the first instruction of libseccomp's
 * program. The marks are 32-bit values passed as a 64-bit argument: the
 * high word must be zero.
 */
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (ARG_LO(i) + 4)
#define NOTIFY_PREFIX_LEN 16

static void notify_prefix(struct sock_filter *f, unsigned open_mark, unsigned force_mark)
{
	/* jump offsets count from the next instruction; labels: 13 TRACE, 14 ALLOW, 15 NOTIFY, 16 out */
	const struct sock_filter p[NOTIFY_PREFIX_LEN] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 14),
		/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 12),
		/* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_CREAT | KERNEL_O_TMPFILE_BIT, 7, 0),
		/* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(3)),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
		/* 8 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(3)),
		/* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, open_mark ? open_mark : force_mark, 4, 0),
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, force_mark, 2, 0),
		/* 11 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
		/* 12 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_ACCMODE | O_TRUNC, 0, 2),
		/* 13 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | GT_K_OPENAT),
		/* 14 */ BPF_STMT(BPF_RET | BPF_K, open_mark ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRACE | GT_K_OPENAT),
		/* 15 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};

	memcpy(f, p, sizeof(p));
}

/*
 * With the in-kernel recorder (wrap/openrec.c), x86_64's openat from the
 * cwd is let through without a stop, whatever its flags: the recorder
 * records it at its exit (unless it is the shim's, which records its own).
 * One at another dirfd goes on to libseccomp's program (trapped: its base
 * is read at the stop; allowed when the shim made it).
 */
#define RECORD_PREFIX_LEN 7

static void record_prefix(struct sock_filter *f)
{
	const struct sock_filter p[RECORD_PREFIX_LEN] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 5),
		/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 3),
		/* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)AT_FDCWD, 0, 1),
		/* 6 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	memcpy(f, p, sizeof(p));
}

/* PROG with the prefix READS asks for in front. */
static void add_prefix(struct sock_fprog *prog, unsigned open_mark, unsigned force_mark, int reads)
{
	size_t n = reads == GT_READS_NOTIFY ? NOTIFY_PREFIX_LEN : RECORD_PREFIX_LEN;
	struct sock_filter *f = gt_xmalloc((prog->len + n) * sizeof(*f));

	if (reads == GT_READS_NOTIFY)
		notify_prefix(f, open_mark, force_mark);
	else
		record_prefix(f);
	memcpy(f + n, prog->filter, prog->len * sizeof(*f));
	free(prog->filter);
	prog->filter = f;
	prog->len += n;
}

int gt_filter_build(struct sock_fprog *prog, unsigned open_mark, unsigned force_mark, int reads)
{
	scmp_filter_ctx ctx;
	struct stat st;
	void *mem = NULL;
	int fd = -1, rc;
	size_t i;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	rc = seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (rc == 0 || rc == -EEXIST)
		rc = seccomp_arch_add(ctx, SCMP_ARCH_X32);
	if (rc && rc != -EEXIST)
		goto out;
	/* the child sets NO_NEW_PRIVS itself, only when it is not privileged */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc)
		goto out;
	for (i = 0; i < GT_ARRAY_SIZE(rules); i++) {
		int nr = seccomp_syscall_resolve_name(rules[i].name);
		if (nr == __NR_SCMP_ERROR) {
			if (rules[i].kind == GT_K_CREDS || !strcmp(rules[i].name, "socketcall"))
				continue; /* a name this libseccomp does not know on any arch */
			rc = -ENOSYS;
			goto out;
		}
		if (rules[i].kind == GT_K_OPENAT)
			rc = add_openat(ctx, nr, open_mark);
		else
			rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRACE(rules[i].kind), nr,
						    rules[i].nargs, rules[i].cmp);
		if (rc)
			goto out;
	}
	if ((rc = add_signals(ctx)))
		goto out;
	fd = memfd_create("gotrace-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc)
		goto out;
	if (fstat(fd, &st) < 0 || st.st_size == 0 ||
	    st.st_size % sizeof(struct sock_filter)) {
		rc = -EINVAL;
		goto out;
	}
	mem = gt_xmalloc(st.st_size);
	if (pread(fd, mem, st.st_size, 0) != st.st_size) {
		rc = -EIO;
		goto out;
	}
	prog->len = st.st_size / sizeof(struct sock_filter);
	prog->filter = mem;
	mem = NULL;
	if (reads == GT_READS_RECORD || (reads == GT_READS_NOTIFY && force_mark))
		add_prefix(prog, open_mark, force_mark, reads);
out:
	free(mem);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return rc;
}

int gt_filter_load_listener(const struct sock_fprog *prog)
{
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);

	if (fd >= 0 || errno != EACCES)
		return fd >= 0 ? (int)fd : -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
	return fd >= 0 ? (int)fd : -errno;
}

int gt_filter_load(const struct sock_fprog *prog)
{
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* unprivileged: the kernel requires NO_NEW_PRIVS (setuid bits then do nothing) */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0)
		return 0;
	return -errno;
}

/*
 * What this machine lets the tests do, probed once by tests/e2e/run.sh.
 * One line per capability: "NAME yes" or "NAME no REASON". A "no" means the
 * kernel or its settings refuse it; the tests that need it are skipped with
 * REASON. Usage: caps [32-BIT-PROGRAM]
 *
 * Checked by tests/e2e/run.sh reads its lines; a capability it lacks skips
 * the tests that need it.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_GET_SYSCALL_INFO
#define PTRACE_GET_SYSCALL_INFO 0x420e
#endif

static int yama_scope(void)
{
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* ptrace of a child, as gotrace does it (PTRACE_SEIZE), and GET_SYSCALL_INFO. */
static void probe_ptrace(void)
{
	int scope = yama_scope(), st, e;
	char info[128];
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		printf("ptrace no fork failed: %s\n", strerror(errno));
		printf("syscall_info no ptrace unavailable\n");
		return;
	}
	if (pid == 0) {
		pause();
		_exit(0);
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		e = errno;
		if (scope == 3)
			printf("ptrace no Yama's kernel.yama.ptrace_scope is 3: no process may ptrace\n");
		else
			printf("ptrace no PTRACE_SEIZE of a child refused: %s%s\n", strerror(e),
			       e == EPERM ? " (another tracer, or a seccomp or LSM policy)" : "");
		printf("syscall_info no ptrace unavailable\n");
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return;
	}
	printf("ptrace yes\n");
	ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	waitpid(pid, &st, __WALL);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), info) > 0)
		printf("syscall_info yes\n");
	else
		printf("syscall_info no PTRACE_GET_SYSCALL_INFO: %s (needs Linux 5.3)\n", strerror(errno));
	kill(pid, SIGKILL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	waitpid(pid, &st, __WALL);
}

static void probe_seccomp(void)
{
	unsigned action = SECCOMP_RET_TRACE;
	struct seccomp_notif_sizes sz;

	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0)
		printf("seccomp_trace yes\n");
	else
		printf("seccomp_trace no seccomp filters with SECCOMP_RET_TRACE: %s\n", strerror(errno));
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) == 0)
		printf("seccomp_unotify yes\n");
	else
		printf("seccomp_unotify no seccomp user notification: %s (needs Linux 5.0)\n",
		       strerror(errno));
}

/*
 * What gotrace's in-kernel open recorder needs, done without gotrace: a
 * ring buffer map, a raw tracepoint program, attached to sys_enter.
 */
static void probe_bpf(void)
{
	struct bpf_insn prog[2] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	union bpf_attr a;
	const char *what = "a ring buffer map";
	long map, fd = -1, link = -1;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_RINGBUF;
	a.max_entries = 4096 * 16;
	map = syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	if (map >= 0) {
		what = "a raw tracepoint program";
		memset(&a, 0, sizeof(a));
		a.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
		a.insns = (unsigned long)prog;
		a.insn_cnt = 2;
		a.license = (unsigned long)"GPL";
		fd = syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	}
	if (fd >= 0) {
		what = "attaching it to sys_enter";
		memset(&a, 0, sizeof(a));
		a.raw_tracepoint.name = (unsigned long)"sys_enter";
		a.raw_tracepoint.prog_fd = (unsigned)fd;
		link = syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &a, sizeof(a));
	}
	if (link >= 0)
		printf("bpf yes\n");
	else
		printf("bpf no the kernel refuses %s: %s (root, CAP_BPF and CAP_PERFMON)\n", what, strerror(errno));
	if (link >= 0)
		close((int)link);
	if (fd >= 0)
		close((int)fd);
	if (map >= 0)
		close((int)map);
}

/* Run PROG (a 32-bit program that exits 0). ENOEXEC is the kernel saying no. */
static void probe_run32(const char *prog)
{
	FILE *f = fopen(prog, "rb");
	unsigned char eh[5] = {0};
	int st, p[2];
	pid_t pid;
	int err = 0;

	if (!f || fread(eh, 1, 5, f) != 5 || memcmp(eh, "\177ELF\1", 5)) {
		printf("run32 no the probe %s is not a 32-bit ELF file\n", prog);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	if (pipe(p) < 0 || (pid = fork()) < 0) {
		printf("run32 no fork failed: %s\n", strerror(errno));
		return;
	}
	if (pid == 0) {
		char *const argv[] = {(char *)prog, NULL};
		close(p[0]);
		execv(prog, argv);
		err = errno;
		if (write(p[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(126);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	if (err == ENOEXEC)
		printf("run32 no this kernel cannot run 32-bit programs (execve: Exec format error)\n");
	else if (err)
		printf("run32 no execve of a 32-bit program: %s\n", strerror(err));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		/* the kernel ran it: a failure here is not a missing capability */
		printf("run32 yes (but the probe exited with status 0x%x)\n", st);
	else
		printf("run32 yes\n");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe_ptrace();
	probe_seccomp();
	probe_bpf();
	if (argc > 1)
		probe_run32(argv[1]);
	return 0;
}

/*
 * listener: asks for a seccomp notification listener of its own (a filter
 * that allows everything), as a container runtime or a sandbox would.
 * Prints "listener: ok" or "listener: ERRNO" and exits 1 when refused.
 * Under gotrace answering opens by notification the kernel refuses it
 * (EBUSY: one listener per filter chain); checked by
 * tests/e2e/t_debugger.sh ("listener").
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {.len = 1, .filter = &allow};
	long fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 2;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	printf("listener: %s\n", fd >= 0 ? "ok" : strerrorname_np(errno));
	return fd >= 0 ? 0 : 1;
}

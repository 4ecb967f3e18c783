/*
 * A child made with the clone3 syscall, whose arguments are behind a pointer.
 *
 * Checked by tests/e2e/t_progs.sh ("clone3"): the child is followed
 * through its exec.
 */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct clone_args ca;
	int status;
	long pid;

	if (argc < 2)
		return 2;
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0) {
		if (errno == ENOSYS) {
			printf("clone3 unsupported\n");
			return 77;
		}
		perror("clone3");
		return 1;
	}
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(126);
	}
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status);
}

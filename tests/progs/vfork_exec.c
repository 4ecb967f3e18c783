/*
 * vfork, then exec in the child, as shells and Go's os/exec do.
 *
 * Checked by tests/e2e/t_progs.sh ("vfork"): a fork event of kind vfork,
 * then the child's exec and exit.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2)
		return 2;
	pid = vfork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(126);
	}
	waitpid(pid, &status, 0);
	printf("child %d\n", WEXITSTATUS(status));
	return 0;
}

/*
 * posix_spawnp: glibc uses clone(CLONE_VM|CLONE_VFORK) and a PATH search.
 *
 * Checked by tests/e2e/t_progs.sh ("posix_spawn"): the failed PATH
 * attempts, then the exec that worked.
 */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	pid_t pid;
	int status, rc;

	if (argc < 2)
		return 2;
	rc = posix_spawnp(&pid, argv[1], NULL, NULL, argv + 1, environ);
	if (rc) {
		fprintf(stderr, "posix_spawnp: %d\n", rc);
		return 1;
	}
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status);
}

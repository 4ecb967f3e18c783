/*
 * Exec from a thread that is not the thread group leader.
 *
 * Checked by tests/e2e/t_progs.sh ("thread exec"): prints from-thread; the
 * exec is under the leader's pid.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char **args;

static void *run(void *arg)
{
	(void)arg;
	execv(args[1], args + 1);
	perror("execv");
	_exit(126);
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc < 2) {
		fprintf(stderr, "usage: thread_exec PROGRAM [ARG...]\n");
		return 2;
	}
	args = argv;
	pthread_create(&th, NULL, run, NULL);
	pthread_join(th, NULL);
	return 1;
}

/*
 * Signals reach a traced program unchanged: a handled SIGUSR1, and a
 * group-stop (SIGSTOP) ended by a SIGCONT from a child.
 *
 * Checked by tests/e2e/t_progs.sh ("signals"): prints "usr1 handled" then
 * "resumed after stop", traced too.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got = 1;
}

int main(void)
{
	pid_t parent = getpid(), c;

	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("usr1 %s\n", got ? "handled" : "lost");
	fflush(stdout);
	c = fork();
	if (c == 0) {
		usleep(200000);
		kill(parent, SIGCONT);
		_exit(0);
	}
	raise(SIGSTOP);
	printf("resumed after stop\n");
	waitpid(c, NULL, 0);
	return 0;
}

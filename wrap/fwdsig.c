/*
 * Signals sent to gotrace by another process go on to the command, which
 * takes them as if they had been sent to it. Those the terminal sends reach
 * the whole foreground process group, the command included, so forwarding
 * them would deliver them twice.
 *
 * One that comes while the command is being started is held until
 * gt_fwd_to, and the child keeps every signal blocked from fork until just
 * before its exec (launch.c): seized and not yet exec'd, a child that took
 * one would stop in signal-delivery-stop while gotrace waits on the
 * handshake pipe, and neither would move again; killed before the seize,
 * it would leave gotrace to start the command over. Held, the signal
 * reaches it when the tracer loop can deliver it (docs/facts.md, "A traced
 * process that takes a signal waits for its tracer").
 */
#include "fwdsig.h"

#include <signal.h>
#include <string.h>

#include "../common/util.h"

static const int fwd_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NFWD (GT_ARRAY_SIZE(fwd_signals))

static volatile sig_atomic_t child_pid; /* the command, once launch.c has settled which process runs it */
static volatile sig_atomic_t held;      /* signals that came before: bit i for fwd_signals[i] */
static struct sigaction old_act[NFWD];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	size_t i;

	(void)uc;
	if (si->si_code > 0)
		return;
	if (child_pid > 0) {
		if (si->si_pid != child_pid)
			kill(child_pid, sig);
		return;
	}
	for (i = 0; i < NFWD; i++)
		if (fwd_signals[i] == sig)
			held |= 1 << i;
}

void gt_fwd_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NFWD; i++) {
		sigaction(fwd_signals[i], NULL, &old_act[i]);
		/* ignored on entry (nohup, background job): stays ignored, as in a shell */
		if (old_act[i].sa_handler != SIG_IGN)
			sigaction(fwd_signals[i], &sa, NULL);
	}
}

void gt_fwd_child(void)
{
	size_t i;

	for (i = 0; i < NFWD; i++)
		sigaction(fwd_signals[i], &old_act[i], NULL);
}

/* Only the calling thread takes these signals yet (the others start later, with all blocked). */
void gt_fwd_to(pid_t pid)
{
	sigset_t fwd, old;
	size_t i;
	int pend;

	sigemptyset(&fwd);
	for (i = 0; i < NFWD; i++)
		sigaddset(&fwd, fwd_signals[i]);
	sigprocmask(SIG_BLOCK, &fwd, &old);
	child_pid = pid;
	pend = held;
	held = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < NFWD; i++)
		if (pend & 1 << i)
			kill(pid, fwd_signals[i]);
}

void gt_fwd_stop(void)
{
	child_pid = 0;
}

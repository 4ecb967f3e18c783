/*
 * orqclient HELPER: talk to gotrace-openrec as gotrace does, and ask it for
 * what it must refuse. Prints one line a request: what it asked, what it
 * got (0 or the errno's name). Its own protocol copy on purpose: a test
 * program does not link the project (wrap/openrec.h is the reference).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct req {
	uint32_t op;
	int32_t arg;
};
/* wrap/openrec.h's struct gt_openrec_rep */
struct rep {
	int32_t err;
	uint32_t noproc;
	uint64_t a, b;
	uint32_t notask, pad;
	char why[240];
};

static int sock;

static const char *name(int err)
{
	switch (-err) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EINVAL: return "EINVAL";
	case EUSERS: return "EUSERS";
	case EPIPE: return "EPIPE";
	default: return strerror(-err);
	}
}

static int ask(uint32_t op, int32_t arg)
{
	struct req q = {op, arg};
	struct rep r;

	if (send(sock, &q, sizeof(q), 0) != sizeof(q))
		return -EPIPE;
	if (op == 2)
		return 0;
	if (recv(sock, &r, sizeof(r), 0) != sizeof(r))
		return -EPIPE;
	return r.err;
}

static pid_t thread_tid;
static void *idle(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	pause();
	return NULL;
}

/* Start HELPER on a new socket (as UID when not -1); its first answer's error (0: it serves), or -EPIPE. */
static int start(const char *helper, int uid, int *sockp)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct rep r;
	struct iovec iov = {&r, sizeof(r)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return -EPIPE;
	if (fork() == 0) {
		if (uid >= 0 && (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0))
			_exit(126);
		dup2(sv[1], 3);
		execl(helper, helper, "--serve", (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	*sockp = sv[0];
	if (recvmsg(sv[0], &m, 0) != sizeof(r))
		return -EPIPE;
	r.why[sizeof(r.why) - 1] = 0;
	if (r.err)
		fprintf(stderr, "%s\n", r.why);
	return r.err;
}

int main(int argc, char **argv)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct rep r;
	struct iovec iov = {&r, sizeof(r)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	int sv[2], st, go[2], done[2];
	pid_t helper, child, traced, nodump;
	pthread_t th;

	if (argc == 4 && !strcmp(argv[2], "foreign-peer")) {
		/* this process (another user) made the socket; the helper runs as UID */
		printf("foreign-peer %s\n", name(start(argv[1], atoi(argv[3]), &sock)));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[2], "many")) {
		/* N helpers at once: the last one's answer */
		int i, n = atoi(argv[3]), e = 0;

		for (i = 0; i < n; i++)
			e = start(argv[1], -1, &sock);
		printf("many %s\n", name(e));
		return 0;
	}
	if (argc != 2 || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return 2;
	if ((helper = fork()) == 0) {
		dup2(sv[1], 3);
		execl(argv[1], argv[1], "--serve", (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	sock = sv[0];
	if (recvmsg(sock, &m, 0) != sizeof(r)) {
		printf("hello none\n");
		return 1;
	}
	r.why[sizeof(r.why) - 1] = 0;
	printf("hello %s%s%s\n", name(r.err), r.err ? " " : "", r.err ? r.why : "");
	if (r.err)
		return 1;
	printf("self %s\n", name(ask(1, getpid())));
	printf("init %s\n", name(ask(1, 1)));
	pthread_create(&th, NULL, idle, NULL);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	/* a child this process does not trace, then one it does, then a thread of a traced one */
	if ((child = fork()) == 0) {
		pause();
		_exit(0);
	}
	printf("untraced-child %s\n", name(ask(1, child)));
	if ((traced = fork()) == 0) {
		pause();
		_exit(0);
	}
	if (ptrace(PTRACE_SEIZE, traced, 0, 0) < 0) {
		printf("seize %s\n", strerror(errno));
		return 1;
	}
	printf("traced-child %s\n", name(ask(1, traced)));
	/* a traced child that then makes itself not dumpable: ptrace could no longer read it */
	if (pipe(go) < 0 || pipe(done) < 0)
		return 2;
	if ((nodump = fork()) == 0) {
		char c;

		if (read(go[0], &c, 1) != 1 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || write(done[1], "d", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	if (ptrace(PTRACE_SEIZE, nodump, 0, 0) < 0 || write(go[1], "g", 1) != 1 || read(done[0], cbuf, 1) != 1) {
		printf("nodump setup %s\n", strerror(errno));
		return 1;
	}
	printf("nondumpable-child %s\n", name(ask(1, nodump)));
	kill(nodump, SIGKILL);
	waitpid(nodump, NULL, __WALL);
	printf("thread %s\n", name(ask(1, thread_tid)));
	printf("bad-op %s\n", name(ask(99, 0)));
	ask(2, traced);
	printf("untracked-then-stats %s\n", name(ask(4, 0)));
	kill(child, SIGKILL);
	kill(traced, SIGKILL);
	waitpid(child, NULL, 0);
	waitpid(traced, NULL, __WALL);
	printf("gone %s\n", name(ask(1, traced)));
	/* the end of the socket ends the helper */
	close(sock);
	if (waitpid(helper, &st, 0) == helper)
		printf("helper exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}

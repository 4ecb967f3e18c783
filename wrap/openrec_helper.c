/*
 * gotrace-openrec's side of the open recorder (openrec.h): run by a
 * gotrace without CAP_BPF and CAP_PERFMON, it loads the recorder with the
 * file capabilities it was installed with, drops them, passes the ring to
 * gotrace and then keeps the one thing gotrace must not hold: the map of
 * processes whose opens are recorded. It adds a process only while a
 * thread of that gotrace traces it (ptrace already lets gotrace see
 * everything the record holds), and takes it out when gotrace says so or
 * the process ends, whichever comes first (a pidfd for each). Whatever
 * else happens, the end of gotrace's socket ends it, and with it the
 * programs are detached.
 */
#include "openrec.h"

#include <errno.h>
#include <linux/capability.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

struct served {
	struct gt_openrec *rec;
	pid_t peer;            /* the gotrace at the other end */
	struct pollfd *pfd;    /* [0]: the socket; then one pidfd a recorded process */
	pid_t *pid;            /* pid[i] for pfd[i], i ≥ 1 */
	size_t n, cap;
};

/* Drop every capability: the maps are used through their descriptors from here on. */
static void drop_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	syscall(SYS_capset, &h, d);
}

/* A number after KEY at the start of a line of TEXT, or -1. */
static long status_field(const char *text, const char *key)
{
	size_t k = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, k))
			return strtol(p + k, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

/* 0 when PID is a process (not another thread) that a thread of the peer traces; -EPERM, -ESRCH. */
static int traced_by_peer(const struct served *s, pid_t pid)
{
	char path[64], text[2048];
	long tracer;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!(f = fopen(path, "re")))
		return -ESRCH;
	n = (ssize_t)fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n > 0 ? n : 0] = '\0';
	if (status_field(text, "Tgid:") != pid)
		return -EPERM;
	if ((tracer = status_field(text, "TracerPid:")) <= 0)
		return -EPERM;
	snprintf(path, sizeof(path), "/proc/%d/task/%ld", s->peer, tracer);
	return access(path, F_OK) == 0 ? 0 : -EPERM;
}

static size_t find(const struct served *s, pid_t pid)
{
	size_t i;

	for (i = 1; i < s->n; i++)
		if (s->pid[i] == pid)
			return i;
	return 0;
}

static void forget(struct served *s, size_t i)
{
	gt_openrec_track(s->rec, s->pid[i], 0);
	close(s->pfd[i].fd);
	s->n--;
	s->pfd[i] = s->pfd[s->n];
	s->pid[i] = s->pid[s->n];
}

static int track(struct served *s, pid_t pid)
{
	int fd, e;

	if (pid <= 0)
		return -EINVAL;
	if (find(s, pid))
		return 0;
	if (s->n >= GT_OPENREC_MAX_PROCS)
		return -ENOSPC;
	if (s->n == s->cap) {
		size_t c = s->cap * 2;
		struct pollfd *p = realloc(s->pfd, c * sizeof(*p));
		pid_t *q = p ? realloc(s->pid, c * sizeof(*q)) : NULL;

		if (p)
			s->pfd = p;
		if (!q)
			return -ENOMEM;
		s->pid = q;
		s->cap = c;
	}
	/* the pidfd first: if PID ends and its number is reused after the check, the pidfd says so */
	if ((fd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0)
		return -errno;
	if ((e = traced_by_peer(s, pid)) < 0 || (e = gt_openrec_track(s->rec, pid, 1)) < 0) {
		close(fd);
		return e;
	}
	s->pfd[s->n] = (struct pollfd){fd, POLLIN, 0};
	s->pid[s->n++] = pid;
	return 0;
}

/* One request; 0 to go on, -1 when the socket is done. */
static int serve_one(struct served *s)
{
	struct gt_openrec_req q;
	struct gt_openrec_rep rep;
	ssize_t n;
	size_t i;

	while ((n = recv(s->pfd[0].fd, &q, sizeof(q), 0)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(q))
		return -1;
	memset(&rep, 0, sizeof(rep));
	switch (q.op) {
	case GT_ORQ_TRACK:
		rep.err = track(s, q.arg);
		break;
	case GT_ORQ_UNTRACK:
		if ((i = find(s, q.arg)))
			forget(s, i);
		return 0;
	case GT_ORQ_MARK:
		rep.err = gt_openrec_set_mark(s->rec, (unsigned)q.arg);
		break;
	case GT_ORQ_STATS:
		gt_openrec_stats(s->rec, &rep.a, &rep.b);
		break;
	default:
		rep.err = -EINVAL;
	}
	return send(s->pfd[0].fd, &rep, sizeof(rep), MSG_NOSIGNAL) == (ssize_t)sizeof(rep) ? 0 : -1;
}

/* The first answer: the ring and the counters, or why not. */
static int hello(int sock, struct gt_openrec *rec, const char *why)
{
	struct gt_openrec_rep rep;
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = {&rep, sizeof(rep)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
	int fds[2], e = rec ? gt_openrec_fds(rec, &fds[0], &fds[1]) : -EPERM;
	struct cmsghdr *c;

	memset(&rep, 0, sizeof(rep));
	rep.err = e;
	snprintf(rep.why, sizeof(rep.why), "%s", rec ? (e ? strerror(-e) : "") : why);
	if (!e) {
		memset(&cm, 0, sizeof(cm));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(c), fds, sizeof(fds));
	}
	return sendmsg(sock, &m, MSG_NOSIGNAL) == (ssize_t)sizeof(rep) && !e ? 0 : -1;
}

int gt_openrec_serve(int sock)
{
	struct served s = {0};
	struct ucred cr;
	socklen_t len = sizeof(cr);
	char why[240] = "";
	size_t i;

	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 || cr.pid <= 0)
		return 2;
	s.peer = cr.pid;
	s.rec = gt_openrec_open_here(0, why, sizeof(why));
	drop_caps();
	if (hello(sock, s.rec, why) < 0) {
		gt_openrec_close(s.rec);
		return 1;
	}
	s.cap = 64;
	s.pfd = malloc(s.cap * sizeof(*s.pfd));
	s.pid = malloc(s.cap * sizeof(*s.pid));
	if (!s.pfd || !s.pid)
		return 1;
	s.pfd[0] = (struct pollfd){sock, POLLIN, 0};
	s.n = 1;
	for (;;) {
		if (poll(s.pfd, s.n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (s.pfd[0].revents && serve_one(&s) < 0)
			break;
		/* a process that ended: out of the map before its number can be another's */
		for (i = s.n - 1; i >= 1; i--)
			if (s.pfd[i].revents)
				forget(&s, i);
	}
	while (s.n > 1)
		forget(&s, s.n - 1);
	gt_openrec_close(s.rec);
	free(s.pfd);
	free(s.pid);
	return 0;
}

/*
 * gotrace-openrec's side of the open recorder (openrec.h): run by a
 * gotrace without CAP_BPF and CAP_PERFMON, it loads the recorder with the
 * file capabilities it was installed with, drops them, passes the ring to
 * gotrace and then keeps the one thing gotrace must not hold: the map of
 * processes whose opens are recorded. It adds a process only while a
 * thread of that gotrace traces it (ptrace already lets gotrace see
 * everything the record holds), both are this user's and it is dumpable;
 * the kernel adds the new processes a recorded one makes (with its
 * credentials: the tracer could have read them through the parent
 * anyway). The kernel takes a process out at its next exec (gotrace asks
 * again at that exec's stop) and when its last thread ends, before its id
 * can be another's. Whatever else
 * happens, the end of gotrace's socket ends the helper, and with it the
 * programs are detached. One user runs at most MAX_PER_USER at once.
 */
#include "openrec.h"

#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
#define MAX_PER_USER 16 /* helpers of one user at once: each adds programs every syscall runs */

struct served {
	struct gt_openrec *rec;
	pid_t peer;            /* the gotrace at the other end */
	int peer_fd;           /* its pidfd (SO_PEERPIDFD, Linux 6.5), -1 without: the peer's id is not reused */
	uid_t uid;             /* the user, whose processes only are recorded */
	int sock;
};

/* Drop every capability: the maps are used through their descriptors from here on. 0 or -errno. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
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

/* /proc/PID/status (or /proc/PID/task/TID/status) into TEXT; 0 or -ESRCH. */
static int read_status(pid_t pid, long tid, char *text, size_t size)
{
	char path[80];
	ssize_t n;
	FILE *f;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%ld/status", pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!(f = fopen(path, "re")))
		return -ESRCH;
	n = (ssize_t)fread(text, 1, size - 1, f);
	fclose(f);
	text[n > 0 ? n : 0] = '\0';
	return 0;
}

/* Whether the real and effective user ids on TEXT's Uid line are UID. */
static int uid_is(const char *text, uid_t uid)
{
	const char *p = strstr(text, "\nUid:");
	char *end;
	unsigned long real, eff;

	if (!p)
		return 0;
	real = strtoul(p + 5, &end, 10);
	eff = strtoul(end, NULL, 10);
	return real == uid && eff == uid;
}

/* The peer still runs (its id is its own): 1, or 0 when it ended. Without a pidfd, 1. */
static int peer_alive(const struct served *s)
{
	struct pollfd p = {s->peer_fd, POLLIN, 0};

	return s->peer_fd < 0 || poll(&p, 1, 0) == 0;
}

/*
 * 0 when PID is a process (not another thread) of this user that a
 * thread of the peer, also this user's, traces; -EPERM, -ESRCH.
 */
static int traced_by_peer(const struct served *s, pid_t pid)
{
	char text[2048], dir[40];
	struct stat st;
	long tracer;

	if (read_status(pid, 0, text, sizeof(text)) < 0)
		return -ESRCH;
	if (status_field(text, "Tgid:") != pid || !uid_is(text, s->uid))
		return -EPERM;
	/*
	 * The files in /proc/PID are root's for a process that is not dumpable
	 * (it said so, runs a program the user may not read, or changed its
	 * ids): the user's ptrace could not read its memory, so neither are its
	 * paths recorded. (The directory itself keeps the process's uid.)
	 */
	snprintf(dir, sizeof(dir), "/proc/%d/status", (int)pid);
	if (stat(dir, &st) < 0 || st.st_uid != s->uid)
		return -EPERM;
	if ((tracer = status_field(text, "TracerPid:")) <= 0)
		return -EPERM;
	if (read_status(s->peer, tracer, text, sizeof(text)) < 0 || status_field(text, "Tgid:") != s->peer ||
	    !uid_is(text, s->uid))
		return -EPERM;
	return peer_alive(s) ? 0 : -EPERM;
}

/* The helpers this user runs now (this one too): a cap on what one user adds to every syscall. */
static int helpers_of_user(uid_t uid)
{
	char path[300], text[2048], comm[32];
	struct dirent *d;
	DIR *dir = opendir("/proc");
	int n = 0;
	FILE *f;

	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		if (!(f = fopen(path, "re")))
			continue;
		comm[0] = '\0';
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = '\0';
		fclose(f);
		if (strcmp(comm, "gotrace-openrec\n"))
			continue;
		/* a helper that ended and waits to be reaped is no more */
		if (read_status((pid_t)atoi(d->d_name), 0, text, sizeof(text)) == 0 && uid_is(text, uid) &&
		    !strstr(text, "\nState:\tZ") && !strstr(text, "\nState:\tX"))
			n++;
	}
	closedir(dir);
	return n;
}

/* A pidfd's process ended (or cannot be told). */
static int ended(int pidfd)
{
	struct pollfd p = {pidfd, POLLIN, 0};

	return poll(&p, 1, 0) != 0;
}

/*
 * Record PID's opens. Checked every time (gotrace asks again after each
 * exec, which made the kernel forget it); the kernel forgets it when it
 * ends. The checks are made again after the map update: between the first
 * check and the update the asker could have let PID go (a detach) and PID
 * exec a setuid program, whose exec found nothing to forget. The pidfd,
 * taken before the check, catches PID ending and its id going to another's
 * process in that window.
 */
static int track(struct served *s, pid_t pid)
{
	int fd, e;

	if (pid <= 0)
		return -EINVAL;
	if ((fd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0)
		return -errno;
	if ((e = traced_by_peer(s, pid)) == 0 && (e = gt_openrec_track(s->rec, pid, 1)) == 0 &&
	    ((e = traced_by_peer(s, pid)) != 0 || ended(fd))) {
		gt_openrec_track(s->rec, pid, 0);
		e = e ? e : -ESRCH;
	}
	close(fd);
	return e;
}

/* One request; 0 to go on, -1 when the socket is done. */
static int serve_one(struct served *s)
{
	struct gt_openrec_req q;
	struct gt_openrec_rep rep;
	uint64_t noproc, notask;
	ssize_t n;

	while ((n = recv(s->sock, &q, sizeof(q), 0)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(q))
		return -1;
	memset(&rep, 0, sizeof(rep));
	switch (q.op) {
	case GT_ORQ_TRACK:
		rep.err = track(s, q.arg);
		break;
	case GT_ORQ_UNTRACK:
		gt_openrec_track(s->rec, q.arg, 0);
		return 0;
	case GT_ORQ_MARK:
		rep.err = gt_openrec_set_mark(s->rec, (unsigned)q.arg);
		break;
	case GT_ORQ_STATS:
		gt_openrec_stats(s->rec, &rep.a, &rep.b, &noproc, &notask);
		rep.noproc = noproc > UINT32_MAX ? UINT32_MAX : (uint32_t)noproc;
		rep.notask = notask > UINT32_MAX ? UINT32_MAX : (uint32_t)notask;
		break;
	default:
		rep.err = -EINVAL;
	}
	return send(s->sock, &rep, sizeof(rep), MSG_NOSIGNAL) == (ssize_t)sizeof(rep) ? 0 : -1;
}

/* The first answer: the ring, or why not (E, WHY when REC is NULL). */
static int hello(int sock, struct gt_openrec *rec, int e, const char *why)
{
	struct gt_openrec_rep rep;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = {&rep, sizeof(rep)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
	int ring = -1, stats;
	struct cmsghdr *c;

	if (rec && (e = gt_openrec_fds(rec, &ring, &stats)) < 0)
		why = strerror(-e);
	memset(&rep, 0, sizeof(rep));
	rep.err = e;
	rep.a = rec && gt_openrec_follows_forks(rec) ? GT_ORH_FOLLOWS_FORKS : 0;
	snprintf(rep.why, sizeof(rep.why), "%s", e ? why : "");
	if (!e) {
		memset(&cm, 0, sizeof(cm));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &ring, sizeof(int));
	}
	return sendmsg(sock, &m, MSG_NOSIGNAL) == (ssize_t)sizeof(rep) && !e ? 0 : -1;
}

/* Load the recorder for the peer, or say why not: 0 or -errno, the reason in WHY. */
static int start(struct served *s, char *why, size_t whylen)
{
	int e;

	if (s->uid != geteuid()) {
		snprintf(why, whylen, "gotrace-openrec: its socket's other end is another user's");
		return -EPERM;
	}
	if (helpers_of_user(s->uid) > MAX_PER_USER) {
		snprintf(why, whylen, "gotrace-openrec: this user runs more than %d already", MAX_PER_USER);
		return -EUSERS;
	}
	s->rec = gt_openrec_open_here(0, why, whylen);
	if ((e = drop_caps()) < 0) {
		snprintf(why, whylen, "gotrace-openrec: cannot drop its capabilities: %s", strerror(-e));
		return e;
	}
	if (!s->rec)
		return -EPERM;
	if (!gt_openrec_forgets_ended(s->rec)) {
		snprintf(why, whylen, "gotrace-openrec: this kernel's sched_process_exit does not say when a process "
			 "ends (group_dead), which the helper needs to forget it in time");
		return -ENOSYS;
	}
	return 0;
}

int gt_openrec_serve(int sock)
{
	struct served s = {0};
	struct ucred cr;
	socklen_t len = sizeof(cr);
	char why[240] = "";
	int e;

	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 || cr.pid <= 0)
		return 2;
	s.sock = sock;
	s.peer = cr.pid;
	s.uid = cr.uid;
	len = sizeof(s.peer_fd);
	if (getsockopt(sock, SOL_SOCKET, SO_PEERPIDFD, &s.peer_fd, &len) < 0)
		s.peer_fd = -1;
	e = start(&s, why, sizeof(why));
	if (hello(sock, e ? NULL : s.rec, e, why) < 0) {
		gt_openrec_close(s.rec);
		return 1;
	}
	/* requests in order until gotrace's end closes the socket; the kernel forgets ended processes */
	while (serve_one(&s) == 0)
		;
	gt_openrec_close(s.rec);
	return 0;
}

/*
 * Loading the in-kernel open recorder and reading its ring (openrec.h).
 * The BPF object is built with clang and linked into gotrace as bytes
 * (openrec_obj below); libbpf creates its maps, loads its two programs and
 * attaches them to the raw tracepoints sys_enter and sys_exit. Its
 * records are read from the ring buffer's memory: a drain that finds
 * nothing costs no syscall, so the run's loop drains at every stop.
 */
#include "openrec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/xattr.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "librel.h"
#include "../common/util.h"

/* the object file, from the Makefile (GT_OPENREC_OBJ is its path) */
__asm__(".section .rodata\n"
	".balign 8\n"
	"gt_openrec_obj_start:\n"
	".incbin \"" GT_OPENREC_OBJ "\"\n"
	"gt_openrec_obj_end:\n"
	".previous\n");
extern const char gt_openrec_obj_start[] __asm__("gt_openrec_obj_start");
extern const char gt_openrec_obj_end[] __asm__("gt_openrec_obj_end");

struct gt_openrec {
	struct bpf_object *obj;     /* loaded here; NULL when gotrace-openrec loaded it */
	struct bpf_link *enter, *exit, *pexec, *pexit; /* pexit: NULL where the kernel lacks group_dead */
	struct bpf_link *pfork;     /* NULL without pexit */
	unsigned helper_flags;      /* GT_ORH_*: what gotrace-openrec's recorder does */
	struct ring_buffer *ring;
	int procs_fd, stats_fd;
	int sock;                   /* to gotrace-openrec (-1: none), which owns procs */
	int failed;                 /* it stopped answering, or ended: the opens since may be missing */
	int ring_fd;                /* the ring, passed by gotrace-openrec (-1: none) */
	gt_openrec_fn fn;
	void *ctx;
	uint64_t upto;
	int have_next;              /* a record made after the last drain's UPTO, taken out of the ring */
	struct gt_openrec_ev next;
};

/* libbpf's messages: the last warning is kept as the reason, nothing is printed */
static char last_msg[256];

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		size_t n;
		vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
		n = strlen(last_msg);
		while (n && last_msg[n - 1] == '\n')
			last_msg[--n] = '\0';
	}
	return 0;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct gt_openrec *r = ctx;
	const struct gt_openrec_ev *e = data;

	if (size < GT_OPENREC_HDR || size > sizeof(r->next) || (e->pathlen & ~(GT_OPENREC_RAW | GT_OPENREC_FSFAIL)) > size - GT_OPENREC_HDR)
		return 0;
	if (e->ts > r->upto) {
		/* libbpf has consumed it already: keep it, and stop */
		memcpy(&r->next, e, size);
		r->have_next = 1;
		return -1;
	}
	r->fn(r->ctx, e);
	return 0;
}

static void fail(char *why, size_t whylen, const char *what, int err)
{
	snprintf(why, whylen, "%s: %s%s%s", what, strerror(err < 0 ? -err : err), last_msg[0] ? " — " : "", last_msg);
}

static int set_cfg(struct gt_openrec *r, unsigned open_mark)
{
	struct gt_openrec_cfg c = {open_mark, 0};
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "cfg");
	__u32 zero = 0;

	if (!m)
		return -ENOENT;
	return bpf_map_update_elem(bpf_map__fd(m), &zero, &c, BPF_ANY) < 0 ? -errno : 0;
}

static int find_fds(struct gt_openrec *r)
{
	struct bpf_map *procs = bpf_object__find_map_by_name(r->obj, "procs");
	struct bpf_map *stats = bpf_object__find_map_by_name(r->obj, "stats");
	struct bpf_map *events = bpf_object__find_map_by_name(r->obj, "events");

	if (!procs || !stats || !events)
		return -ENOENT;
	r->procs_fd = bpf_map__fd(procs);
	r->stats_fd = bpf_map__fd(stats);
	r->ring = ring_buffer__new(bpf_map__fd(events), on_record, r, NULL);
	return r->ring ? 0 : -errno;
}

static void seen_self(void *ctx, const struct gt_openrec_ev *e)
{
	int *seen = ctx;

	if (e->tgid == (__u32)getpid() && e->tid == (__u32)gettid() && e->ret >= 0)
		*seen = 1;
}

/*
 * Record one open of gotrace's own: the recorder works, and the ids it
 * sees are gotrace's (not so in a pid namespace of its own, where every
 * traced process would go unrecorded).
 */
static int self_test(struct gt_openrec *r)
{
	int seen = 0;
	long fd;

	if (gt_openrec_track(r, getpid(), 1) < 0)
		return 0;
	fd = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	gt_openrec_track(r, getpid(), 0);
	if (fd >= 0)
		close((int)fd);
	gt_openrec_drain(r, UINT64_MAX, seen_self, &seen);
	return seen;
}

static struct gt_openrec *new_rec(void)
{
	struct gt_openrec *r = gt_xcalloc(1, sizeof(*r));

	r->sock = r->ring_fd = r->procs_fd = r->stats_fd = -1;
	return r;
}

struct gt_openrec *gt_openrec_open_here(unsigned open_mark, char *why, size_t whylen)
{
	struct gt_openrec *r = new_rec();
	struct bpf_program *pe, *px, *pp;
	int e;

	last_msg[0] = '\0';
	libbpf_set_print(quiet_print);
	r->obj = bpf_object__open_mem(gt_openrec_obj_start, (size_t)(gt_openrec_obj_end - gt_openrec_obj_start), NULL);
	if (!r->obj) {
		fail(why, whylen, "cannot open the BPF object", errno);
		goto bad;
	}
	if ((e = bpf_object__load(r->obj)) < 0) {
		fail(why, whylen, "the kernel refused the BPF program", e);
		goto bad;
	}
	if ((e = set_cfg(r, open_mark)) < 0 || (e = find_fds(r)) < 0) {
		fail(why, whylen, "cannot set up the BPF maps", e);
		goto bad;
	}
	pe = bpf_object__find_program_by_name(r->obj, "gt_open_enter");
	px = bpf_object__find_program_by_name(r->obj, "gt_open_exit");
	if (!pe || !px) {
		fail(why, whylen, "the BPF object lacks its programs", ENOENT);
		goto bad;
	}
	r->enter = bpf_program__attach_raw_tracepoint(pe, "sys_enter");
	r->exit = r->enter ? bpf_program__attach_raw_tracepoint(px, "sys_exit") : NULL;
	r->pexec = r->exit && (pp = bpf_object__find_program_by_name(r->obj, "gt_proc_exec")) ?
		   bpf_program__attach_raw_tracepoint(pp, "sched_process_exec") : NULL;
	if (r->pexec && (pp = bpf_object__find_program_by_name(r->obj, "gt_proc_exit")))
		r->pexit = bpf_program__attach_raw_tracepoint(pp, "sched_process_exit");
	if (!r->pexec) {
		fail(why, whylen, "cannot attach to the syscall and exec tracepoints", errno);
		goto bad;
	}
	/*
	 * new processes followed in the kernel only where ended ones are
	 * forgotten there: gotrace then never untracks one, whose id a new
	 * child may have by then; else gotrace asks at each fork
	 */
	if (r->pexit && (pp = bpf_object__find_program_by_name(r->obj, "gt_proc_fork")))
		r->pfork = bpf_program__attach_raw_tracepoint(pp, "sched_process_fork");
	if (!self_test(r)) {
		snprintf(why, whylen, "the kernel's process ids are not gotrace's (gotrace runs in a pid namespace "
			 "of its own, as in a container), or it recorded nothing");
		goto bad;
	}
	return r;
bad:
	gt_openrec_close(r);
	return NULL;
}

#define HELPER_WAIT_MS 5000 /* a helper that answers nothing in this long is taken for gone */

/* Receive one message from gotrace-openrec into M within HELPER_WAIT_MS: its length, or -1. */
static ssize_t helper_recv(int sock, struct msghdr *m)
{
	struct pollfd p = {sock, POLLIN, 0};
	ssize_t n;
	int k;

	while ((k = poll(&p, 1, HELPER_WAIT_MS)) < 0 && errno == EINTR)
		;
	if (k <= 0)
		return -1;
	while ((n = recvmsg(sock, m, MSG_CMSG_CLOEXEC | MSG_DONTWAIT)) < 0 && errno == EINTR)
		;
	return n;
}

/* One request to gotrace-openrec, and its answer when REP is given: 0 or -errno. */
static int ask(struct gt_openrec *r, uint32_t op, int32_t arg, struct gt_openrec_rep *rep)
{
	struct gt_openrec_req q = {op, arg};
	struct iovec iov = {rep, sizeof(*rep)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};

	struct pollfd p = {r->sock, POLLOUT, 0};
	int k;

	if (r->failed)
		return -EPIPE;
	while ((k = poll(&p, 1, HELPER_WAIT_MS)) < 0 && errno == EINTR)
		;
	if (k <= 0 || send(r->sock, &q, sizeof(q), MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)sizeof(q) ||
	    (rep && helper_recv(r->sock, &m) != (ssize_t)sizeof(*rep))) {
		r->failed = 1;
		return -EPIPE;
	}
	return rep ? rep->err : 0;
}

/* Whether this process may load BPF programs and attach them to tracepoints itself. */
static int have_caps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	const int bpf = 39, perfmon = 38; /* CAP_BPF, CAP_PERFMON (newer than some headers) */

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return (d[1].effective & (1u << (bpf - 32))) && (d[1].effective & (1u << (perfmon - 32)));
}

/* gotrace-openrec: beside the gotrace binary (the build tree), or in GT_LIBREL from it (installed). */
static int find_helper(char *out, size_t size)
{
	static const char *const dirs[] = {"", "/" GT_LIBREL};
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return 0;
	*slash = '\0';
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if ((size_t)snprintf(out, size, "%s%s/gotrace-openrec", exe, dirs[i]) < size && access(out, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* The descriptor gotrace-openrec passed with its first answer: the ring. */
static int take_fd(struct msghdr *m, int *ring)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(m);

	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EPROTO;
	memcpy(ring, CMSG_DATA(c), sizeof(int));
	return 0;
}

/*
 * Run the helper at PATH with SOCK at GT_OPENREC_HELPER_FD and no
 * environment, as a grandchild: not gotrace's child, so the tracer, which
 * waits for every child, never waits for it (the end of the socket ends
 * it). Only async-signal-safe calls between fork and exec (this may run
 * on a thread). 0 or an errno.
 */
static int spawn_detached(const char *path, int sock)
{
	char *argv[] = {(char *)path, (char *)"--serve", NULL}, *envp[] = {NULL};
	pid_t mid, got;
	int st;

	if ((mid = fork()) < 0)
		return errno;
	if (mid == 0) {
		if (fork() == 0) {
			int null = open("/dev/null", O_RDWR);

			/* its own session (the terminal's ^C and hangup are not for it), nothing of gotrace's but the socket */
			setsid();
			if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
				_exit(127);
			if (sock == GT_OPENREC_HELPER_FD ? fcntl(sock, F_SETFD, 0) < 0 : dup2(sock, GT_OPENREC_HELPER_FD) < 0)
				_exit(127);
			syscall(SYS_close_range, GT_OPENREC_HELPER_FD + 1, ~0u, 0);
			execve(path, argv, envp);
			_exit(127);
		}
		_exit(0);
	}
	while ((got = waitpid(mid, &st, 0)) < 0 && errno == EINTR)
		;
	return got == mid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : ECHILD;
}

/* The recorder through gotrace-openrec at PATH (it has CAP_BPF and CAP_PERFMON; this process has not). */
static struct gt_openrec *open_helper(const char *path, unsigned open_mark, char *why, size_t whylen)
{
	struct gt_openrec *r = new_rec();
	struct gt_openrec_rep rep;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = {&rep, sizeof(rep)};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf, .msg_controllen = sizeof(cm.buf)};
	int sv[2] = {-1, -1}, e;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(why, whylen, "gotrace-openrec: %s", strerror(errno));
		free(r);
		return NULL;
	}
	r->sock = sv[0];
	if ((e = spawn_detached(path, sv[1])) != 0) {
		snprintf(why, whylen, "cannot run %s: %s", path, strerror(e));
		close(sv[1]);
		close(r->sock);
		free(r);
		return NULL;
	}
	close(sv[1]);
	if ((n = helper_recv(r->sock, &m)) != (ssize_t)sizeof(rep)) {
		snprintf(why, whylen, "%s %s", path, n < 0 && errno != EAGAIN ? "ended without an answer" :
			 n < 0 ? "did not answer" : "gave a broken answer");
		goto bad;
	}
	rep.why[sizeof(rep.why) - 1] = '\0';
	if (rep.err) {
		snprintf(why, whylen, "%s (%s)", rep.why, path);
		goto bad;
	}
	r->helper_flags = (unsigned)rep.a;
	if (take_fd(&m, &r->ring_fd) < 0 || !(r->ring = ring_buffer__new(r->ring_fd, on_record, r, NULL))) {
		snprintf(why, whylen, "cannot read the ring %s passed: %s", path, strerror(errno));
		goto bad;
	}
	if ((e = gt_openrec_set_mark(r, open_mark)) < 0) {
		snprintf(why, whylen, "%s: cannot set the shim's mark: %s", path, strerror(-e));
		goto bad;
	}
	return r;
bad:
	gt_openrec_close(r);
	return NULL;
}

/* Why gotrace-openrec at PATH cannot give this process the recorder ("" when it can). */
static const char *helper_cannot(const char *path)
{
	if (getxattr(path, "security.capability", NULL, 0) < 0)
		return "has no file capabilities (`make install` as root gives it CAP_BPF and CAP_PERFMON)";
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		return "cannot gain its capabilities here: gotrace runs with no_new_privs";
	if (prctl(PR_CAPBSET_READ, 39, 0, 0, 0) != 1 || prctl(PR_CAPBSET_READ, 38, 0, 0, 0) != 1)
		return "cannot gain its capabilities here: CAP_BPF or CAP_PERFMON is not in gotrace's bounding set";
	return "";
}

struct gt_openrec *gt_openrec_open(unsigned open_mark, char *why, size_t whylen)
{
	char path[PATH_MAX + 32];
	const char *cannot;

	if (have_caps())
		return gt_openrec_open_here(open_mark, why, whylen);
	if (!find_helper(path, sizeof(path))) {
		snprintf(why, whylen, "needs CAP_BPF and CAP_PERFMON, which gotrace has not, and gotrace-openrec, "
			 "the helper that has them, is not installed");
		return NULL;
	}
	if (*(cannot = helper_cannot(path))) {
		snprintf(why, whylen, "needs CAP_BPF and CAP_PERFMON, which gotrace has not; %s %s", path, cannot);
		return NULL;
	}
	return open_helper(path, open_mark, why, whylen);
}

int gt_openrec_set_mark(struct gt_openrec *r, unsigned open_mark)
{
	struct gt_openrec_rep rep;

	if (r->sock >= 0)
		return ask(r, GT_ORQ_MARK, (int32_t)open_mark, &rep);
	return set_cfg(r, open_mark);
}

int gt_openrec_track(struct gt_openrec *r, pid_t tgid, int on)
{
	__u32 key = (__u32)tgid, one = 1;
	struct gt_openrec_rep rep;

	if (r->sock >= 0)
		return ask(r, on ? GT_ORQ_TRACK : GT_ORQ_UNTRACK, tgid, on ? &rep : NULL);
	if (on)
		return bpf_map_update_elem(r->procs_fd, &key, &one, BPF_ANY) < 0 ? -errno : 0;
	if (bpf_map_delete_elem(r->procs_fd, &key) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

void gt_openrec_drain(struct gt_openrec *r, uint64_t upto, gt_openrec_fn fn, void *ctx)
{
	if (r->have_next) {
		if (r->next.ts > upto)
			return;
		r->have_next = 0;
		fn(ctx, &r->next);
	}
	r->fn = fn;
	r->ctx = ctx;
	r->upto = upto;
	ring_buffer__consume(r->ring);
}

int gt_openrec_fd(struct gt_openrec *r)
{
	return ring_buffer__epoll_fd(r->ring);
}

int gt_openrec_stats(struct gt_openrec *r, uint64_t *recorded, uint64_t *lost, uint64_t *noproc, uint64_t *notask)
{
	__u32 k;
	__u64 v;

	*recorded = *lost = *noproc = *notask = 0;
	if (r->sock >= 0) {
		struct gt_openrec_rep rep;

		if (ask(r, GT_ORQ_STATS, 0, &rep) < 0)
			return -EPIPE;
		*recorded = rep.a;
		*lost = rep.b;
		*noproc = rep.noproc;
		*notask = rep.notask;
		return r->failed ? -EPIPE : 0;
	}
	k = GT_OPENREC_STAT_RECORDED;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*recorded = v;
	k = GT_OPENREC_STAT_LOST;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*lost = v;
	k = GT_OPENREC_STAT_NOPROC;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*noproc = v;
	k = GT_OPENREC_STAT_NOTASK;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*notask = v;
	return 0;
}

void gt_openrec_close(struct gt_openrec *r)
{
	if (!r)
		return;
	bpf_link__destroy(r->pfork);
	bpf_link__destroy(r->pexit);
	bpf_link__destroy(r->pexec);
	bpf_link__destroy(r->exit);
	bpf_link__destroy(r->enter);
	ring_buffer__free(r->ring);
	bpf_object__close(r->obj);
	if (r->ring_fd >= 0)
		close(r->ring_fd);
	if (r->sock >= 0) {
		/* end of file: gotrace-openrec detaches the programs and exits; its end closing says it did */
		struct pollfd p = {r->sock, POLLIN, 0};
		char c;

		shutdown(r->sock, SHUT_WR);
		while (poll(&p, 1, 2000) > 0 && recv(r->sock, &c, 1, 0) > 0)
			;
		close(r->sock);
	}
	free(r);
}

int gt_openrec_forgets_ended(const struct gt_openrec *r)
{
	return r->pexit != NULL || r->sock >= 0; /* gotrace-openrec serves only where it does */
}

int gt_openrec_follows_forks(const struct gt_openrec *r)
{
	return r->pfork != NULL || (r->helper_flags & GT_ORH_FOLLOWS_FORKS);
}

int gt_openrec_helped(const struct gt_openrec *r)
{
	return r->sock >= 0;
}

int gt_openrec_fds(const struct gt_openrec *r, int *ring, int *stats)
{
	struct bpf_map *events = r->obj ? bpf_object__find_map_by_name(r->obj, "events") : NULL;

	if (!events)
		return -ENOENT;
	*ring = bpf_map__fd(events);
	*stats = r->stats_fd;
	return 0;
}

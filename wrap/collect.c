/*
 * Collecting the preload shim's events (see collect.h, common/wire.h).
 */
#include "collect.h"
#include "../common/decode.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/json.h"
#include "../common/redact.h"
#include "../common/wire.h"
#include "../common/schema.h"
#include "../common/util.h"

/* Names from the shim's resolve events, newest last; looked up by connects. */
#define NHOSTS 512
static struct {
	pid_t pid;
	char addr[INET6_ADDRSTRLEN];
	char host[256];
} hosts[NHOSTS];
static unsigned nhosts; /* total ever added; slot = n % NHOSTS */

void gt_collect_add_host(pid_t pid, const char *addr, const char *host)
{
	unsigned i = nhosts++ % NHOSTS;

	hosts[i].pid = pid;
	snprintf(hosts[i].addr, sizeof(hosts[i].addr), "%s", addr);
	snprintf(hosts[i].host, sizeof(hosts[i].host), "%s", host);
}

const char *gt_collect_host(pid_t pid, const char *addr)
{
	unsigned n = nhosts < NHOSTS ? nhosts : NHOSTS, k;

	for (k = 0; k < n; k++) {
		unsigned i = (nhosts - 1 - k) % NHOSTS;
		if (hosts[i].pid == pid && !strcmp(hosts[i].addr, addr))
			return hosts[i].host;
	}
	return NULL;
}

void gt_collect_put_host(struct gt_buf *b, pid_t pid, const unsigned char *sa, unsigned len)
{
	char addr[INET6_ADDRSTRLEN];
	const char *host = NULL;
	int port;

	if (!nhosts || !gt_inet_addr(sa, len, addr, &port))
		return;
	host = gt_collect_host(pid, addr);
	if (host) {
		gt_json_key(b, GT_KEY(connect, host));
		gt_json_cstr(b, host);
	}
}

/*
 * An event whose "path" holds a secret (a program may open or stat any
 * string, a URL with a password in it too): its members written again with
 * the path redacted and "abs" left out (the shim joined it from the
 * unredacted path). 1 when written so, 0 when the body can go as it is.
 */
static int put_redacted_path(struct gt_buf *b, json_t *obj)
{
	const char *path = json_string_value(json_object_get(obj, "path")), *k;
	struct gt_buf red;
	json_t *v;

	if (!path)
		return 0;
	gt_buf_init(&red);
	if (!gt_redact_text(&red, path, strlen(path))) {
		gt_buf_free(&red);
		return 0;
	}
	json_object_foreach(obj, k, v) {
		char *txt;
		if (!strcmp(k, "abs"))
			continue;
		/* the key as a JSON string: it came from the program's side */
		gt_buf_putc(b, ',');
		gt_json_cstr(b, k);
		gt_buf_putc(b, ':');
		if (!strcmp(k, "path")) {
			gt_json_str(b, red.p, red.len);
			continue;
		}
		txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (txt)
			gt_buf_puts(b, txt);
		free(txt);
	}
	gt_buf_free(&red);
	return 1;
}

/* the last three only without the syscall layer, which records them itself */
static const char *const kinds[] = {"getenv", "dlopen", "resolve", "exec_intent",
				    "open", "connect", "exec"};

static int kind_ok(const struct gt_collect *c, const char *ev, int audit)
{
	size_t i;

	if (audit)
		return !strcmp(ev, "ld_search") || !strcmp(ev, "ld_open");

	for (i = 0; i < GT_ARRAY_SIZE(kinds); i++)
		if (!strcmp(ev, kinds[i]))
			return i < 4 || c->accept_io || (c->accept_open && !strcmp(ev, "open"));
	return 0;
}

int gt_collect_put(struct gt_collect *c, const char *msg, size_t len, pid_t pid)
{
	struct gt_wire_hdr h;
	const char *body = msg + sizeof(h);
	size_t blen = len - sizeof(h);
	char ev[sizeof(h.ev) + 1], wrapped[GT_WIRE_MAX + 2];
	json_t *obj;
	struct gt_buf *b;
	uint64_t ns;

	if (len < sizeof(h) || len > GT_WIRE_MAX)
		return 0;
	memcpy(&h, msg, sizeof(h));
	memcpy(ev, h.ev, sizeof(h.ev));
	ev[sizeof(h.ev)] = 0;
	if (h.magic != GT_WIRE_MAGIC || !kind_ok(c, ev, h.pad == GT_WIRE_AUDIT))
		return 0;
	/* the body must be `,"k":v...` members and nothing else */
	if (blen && (body[0] != ',' || memchr(body, '\n', blen)))
		return 0;
	wrapped[0] = '{';
	memcpy(wrapped + 1, blen ? body + 1 : body, blen ? blen - 1 : 0);
	wrapped[blen ? blen : 1] = '}';
	obj = json_loadb(wrapped, blen ? blen + 1 : 2, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(obj) || json_object_get(obj, "ev") || json_object_get(obj, "pid") ||
	    json_object_get(obj, "t") || json_object_get(obj, "src")) {
		json_decref(obj);
		return 0;
	}
	if (!strcmp(ev, "resolve")) {
		const char *host = json_string_value(json_object_get(obj, "host"));
		json_t *a = json_object_get(obj, "addrs"), *v;
		size_t i;
		json_array_foreach(a, i, v)
			if (host && json_is_string(v))
				gt_collect_add_host(pid, json_string_value(v), host);
	}
	ns = h.mono_ns > c->trace->t0 ? h.mono_ns - c->trace->t0 : 0;
	b = gt_trace_begin(c->trace, ev, ns, pid, h.pad == GT_WIRE_AUDIT ? "audit" : "preload");
	if (!put_redacted_path(b, obj))
		gt_buf_add(b, body, blen);
	if (!strcmp(ev, "connect")) {
		const char *addr = json_string_value(json_object_get(obj, "addr"));
		const char *host = addr ? gt_collect_host(pid, addr) : NULL;
		if (host) {
			gt_json_key(b, GT_KEY(connect, host));
			gt_json_cstr(b, host);
		}
	}
	gt_trace_commit(c->trace);
	json_decref(obj);
	return 1;
}

int gt_collect_recv(struct gt_collect *c, struct gt_collect_msg *m)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;

	for (;;) {
		struct iovec iov = {m->b, sizeof(m->b)};
		struct msghdr mh = {0};
		struct cmsghdr *cm;
		struct ucred cred = {0, (uid_t)-1, (gid_t)-1};
		struct gt_wire_hdr h;
		ssize_t n;
		int have = 0;

		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.b;
		mh.msg_controllen = sizeof(ctl.b);
		n = recvmsg(c->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 0; /* EAGAIN: empty */
		}
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS &&
			    cm->cmsg_len == CMSG_LEN(sizeof(cred))) {
				memcpy(&cred, CMSG_DATA(cm), sizeof(cred));
				have = 1;
			}
		c->received++;
		if (!have || (mh.msg_flags & MSG_TRUNC) || cred.pid <= 0 || cred.uid != getuid()) {
			c->dropped++;
			continue;
		}
		m->len = (size_t)n;
		m->pid = cred.pid;
		m->mono_ns = 0;
		if (m->len >= sizeof(h)) {
			memcpy(&h, m->b, sizeof(h));
			m->mono_ns = h.mono_ns;
		}
		return 1;
	}
}

int gt_collect_open(struct gt_collect *c)
{
	struct sockaddr_un sa;
	unsigned char rnd[8];
	int one = 1, size = 4 << 20, e;
	size_t n;

	memset(c, 0, sizeof(*c));
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		return -EIO;
	snprintf(c->name, sizeof(c->name), "@gotrace-%d-%02x%02x%02x%02x%02x%02x%02x%02x",
		 (int)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	n = strlen(c->name + 1);
	memcpy(sa.sun_path + 1, c->name + 1, n);
	if (bind(c->fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0) {
		e = errno;
		close(c->fd);
		c->fd = -1;
		return -e;
	}
	/* a large queue: senders block when it is full, and nothing is lost */
	if (setsockopt(c->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

void gt_collect_close(struct gt_collect *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

/*
 * libgtaudit.so: an LD_AUDIT library (rtld-audit(7)). ld.so calls it for
 * every path it is about to try for a library, saying where that path came
 * from (LD_LIBRARY_PATH, DT_RPATH/DT_RUNPATH, ld.so.cache, the default
 * directories), and for every object it loads. Each call is one datagram to
 * the launcher, like the shim's (preload/wire.h, src "audit"); the syscall
 * layer's opens give each try's result. It changes nothing: every name is
 * returned as given. It runs in ld.so's auditing namespace with its own
 * libc, before the program's own code, so it keeps to plain syscalls and
 * stack buffers, holds no descriptor between calls, and on any failure
 * stays silent.
 */
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/json.h"
#include "wire.h"

#define EXPORT __attribute__((visibility("default")))

static int off;
static struct sockaddr_un dest;
static socklen_t dest_len;

static void setup(void)
{
	const char *s = getenv(GT_ENV_SOCK);
	size_t n;

	if (!s || s[0] != '@' || (n = strlen(s + 1)) == 0 || n >= sizeof(dest.sun_path) - 1) {
		off = 1;
		return;
	}
	memset(&dest, 0, sizeof(dest));
	dest.sun_family = AF_UNIX;
	memcpy(dest.sun_path + 1, s + 1, n);
	dest_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

/*
 * A socket for each message, closed at once: ld.so calls the audit
 * library before the program starts, and a descriptor kept open would
 * shift every descriptor number the program gets.
 */
static void send_ev(const char *kind, struct gt_buf *b, struct gt_wire_hdr *h)
{
	struct timespec ts;
	int e = errno, fd;

	if (off || b->trunc)
		return;
	memset(h, 0, sizeof(*h));
	h->magic = GT_WIRE_MAGIC;
	h->pad = GT_WIRE_AUDIT;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	h->mono_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	strncpy(h->ev, kind, sizeof(h->ev) - 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		off = 1;
	} else {
		if (sendto(fd, h, sizeof(*h) + b->len, MSG_NOSIGNAL, (struct sockaddr *)&dest,
			   dest_len) < 0 && errno != EINTR)
			off = 1;
		close(fd);
	}
	errno = e;
}

EXPORT unsigned int la_version(unsigned int version)
{
	setup();
	return version < LAV_CURRENT ? version : LAV_CURRENT;
}

static const char *origin(unsigned int flag)
{
	switch (flag) {
	case LA_SER_ORIG: return "name";
	case LA_SER_LIBPATH: return "LD_LIBRARY_PATH";
	case LA_SER_RUNPATH: return "RPATH/RUNPATH";
	case LA_SER_CONFIG: return "ld.so.cache";
	case LA_SER_DEFAULT: return "default";
	case LA_SER_SECURE: return "secure";
	}
	return "other";
}

struct msg {
	struct gt_wire_hdr h;
	char body[GT_WIRE_MAX - sizeof(struct gt_wire_hdr)];
};

EXPORT char *la_objsearch(const char *name, uintptr_t *cookie, unsigned int flag)
{
	struct msg m;
	struct gt_buf b;

	(void)cookie;
	gt_buf_fixed(&b, m.body, sizeof(m.body));
	gt_json_key(&b, "name");
	gt_json_cstr(&b, name);
	gt_json_key(&b, "how");
	gt_json_cstr(&b, origin(flag));
	send_ev("ld_search", &b, &m.h);
	return (char *)name;
}

EXPORT unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	struct msg m;
	struct gt_buf b;

	(void)cookie;
	if (!map->l_name || !map->l_name[0])
		return 0; /* the program itself */
	gt_buf_fixed(&b, m.body, sizeof(m.body));
	gt_json_key(&b, "file");
	gt_json_cstr(&b, map->l_name);
	if (lmid != LM_ID_BASE) {
		gt_json_key(&b, "lmid");
		gt_buf_i64(&b, (int64_t)lmid);
	}
	send_ev("ld_open", &b, &m.h);
	return 0;
}

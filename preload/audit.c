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
#include "../common/schema.h"
#include "../common/wire.h"

#define EXPORT __attribute__((visibility("default")))

static int off;
static struct sockaddr_un dest;
static socklen_t dest_len;

static void setup(void)
{
	if (gt_wire_dest(getenv(GT_ENV_SOCK), &dest, &dest_len) < 0)
		off = 1;
}

/* One message per event; a message lost for a passing reason costs only itself. */
static void send_ev(const char *kind, struct gt_buf *b, struct gt_wire_hdr *h)
{
	if (off || b->trunc)
		return;
	gt_wire_hdr(h, kind, GT_WIRE_AUDIT);
	if (gt_wire_send(&dest, dest_len, h, sizeof(*h) + b->len) == -2)
		off = 1;
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
	gt_json_key(&b, GT_KEY(ld_search, name));
	gt_json_cstr(&b, name);
	gt_json_key(&b, GT_KEY(ld_search, how));
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
	gt_json_key(&b, GT_KEY(ld_open, file));
	gt_json_cstr(&b, map->l_name);
	if (lmid != LM_ID_BASE) {
		gt_json_key(&b, GT_KEY(ld_open, lmid));
		gt_buf_i64(&b, (int64_t)lmid);
	}
	send_ev("ld_open", &b, &m.h);
	return 0;
}

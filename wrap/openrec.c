/*
 * Loading the in-kernel open recorder and reading its ring (openrec.h).
 * The BPF object is built with clang and linked into gotrace as bytes
 * (openrec_obj below); libbpf creates its maps, loads its two programs and
 * attaches them to the raw tracepoints sys_enter and sys_exit. Its
 * records are read from the ring buffer's memory: a drain that finds
 * nothing costs no syscall, so the stop loop drains at every stop.
 */
#include "openrec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

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
	struct bpf_object *obj;
	struct bpf_link *enter, *exit;
	struct ring_buffer *ring;
	int procs_fd, stats_fd;
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

struct gt_openrec *gt_openrec_open(unsigned open_mark, char *why, size_t whylen)
{
	struct gt_openrec *r = calloc(1, sizeof(*r));
	struct bpf_program *pe, *px;
	int e;

	last_msg[0] = '\0';
	libbpf_set_print(quiet_print);
	if (!r) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
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
	if (!r->exit) {
		fail(why, whylen, "cannot attach to the syscall tracepoints", errno);
		goto bad;
	}
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

int gt_openrec_set_mark(struct gt_openrec *r, unsigned open_mark)
{
	return set_cfg(r, open_mark);
}

int gt_openrec_track(struct gt_openrec *r, pid_t tgid, int on)
{
	__u32 key = (__u32)tgid, one = 1;

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

int gt_openrec_wait(struct gt_openrec *r, int wake_fd, int timeout_ms)
{
	struct pollfd p[2] = {{ring_buffer__epoll_fd(r->ring), POLLIN, 0}, {wake_fd, POLLIN, 0}};
	int n = poll(p, wake_fd >= 0 ? 2 : 1, timeout_ms);

	return n < 0 ? -errno : n > 0;
}

void gt_openrec_stats(struct gt_openrec *r, uint64_t *recorded, uint64_t *lost)
{
	__u32 k;
	__u64 v;

	*recorded = *lost = 0;
	k = GT_OPENREC_STAT_RECORDED;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*recorded = v;
	k = GT_OPENREC_STAT_LOST;
	if (bpf_map_lookup_elem(r->stats_fd, &k, &v) == 0)
		*lost = v;
}

void gt_openrec_close(struct gt_openrec *r)
{
	if (!r)
		return;
	bpf_link__destroy(r->exit);
	bpf_link__destroy(r->enter);
	ring_buffer__free(r->ring);
	bpf_object__close(r->obj);
	free(r);
}

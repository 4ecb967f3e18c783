/*
 * The loop of a run (loop.h): next_event takes what the waker marked, or
 * waits in waitpid; dispatch handles each kind in one switch.
 */
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/util.h"
#include "launch.h"
#include "openrec.h"

#define TICK_MS 100   /* the ring is emptied at least this often */
#define FLUSH_MS 250  /* and the trace written out (a live trace can be read) */
#define SRC_STOP GT_LEV_KINDS /* the waker's own end */

static void on_wake(int sig)
{
	(void)sig; /* ends the main thread's waitpid with EINTR: nothing else to do */
}

/* Tell the main thread of BITS, interrupting its waitpid when it is in one. */
static void mark(struct gt_loop *L, int bits)
{
	__atomic_fetch_or(&L->pending, bits, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&L->idle, __ATOMIC_SEQ_CST))
		pthread_kill(L->main, L->wake_sig);
}

static void *waker(void *arg)
{
	struct gt_loop *L = arg;
	struct epoll_event evs[8];
	uint64_t x;

	for (;;) {
		/*
		 * While the main thread waits without having taken what it was
		 * told, tell it again every millisecond: the signal may have come
		 * just before its waitpid began.
		 */
		int again = __atomic_load_n(&L->pending, __ATOMIC_SEQ_CST) && __atomic_load_n(&L->idle, __ATOMIC_SEQ_CST);
		int n = epoll_wait(L->epfd, evs, 8, again ? 1 : -1), i, bits = 0;

		if (n < 0 && errno != EINTR) {
			/* cannot happen with these descriptors; if it did, the loop must know it is alone */
			__atomic_store_n(&L->waker_dead, 1, __ATOMIC_SEQ_CST);
			mark(L, 1 << GT_LEV_ERROR);
			return NULL;
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.u32 == SRC_STOP)
				return NULL;
			if (evs[i].data.u32 == GT_LEV_TICK && read(L->timerfd, &x, sizeof(x)) < 0)
				x = 0; /* nothing to read: the next tick will be */
			bits |= 1 << evs[i].data.u32;
		}
		/* datagrams and records come in bursts (an include search): let them gather a millisecond */
		if (bits & (1 << GT_LEV_SHIM | 1 << GT_LEV_RECORDS))
			poll(NULL, 0, 1);
		if (bits || again)
			mark(L, bits);
	}
}

static int watch(struct gt_loop *L, int fd, enum gt_lev src, int op, unsigned events)
{
	struct epoll_event e = {.events = events, .data.u32 = (uint32_t)src};

	return fd < 0 ? 0 : epoll_ctl(L->epfd, op, fd, &e);
}

/* Listen again to a source the waker reported once (EPOLLONESHOT). */
static void rearm(struct gt_loop *L, int fd, enum gt_lev src)
{
	watch(L, fd, src, EPOLL_CTL_MOD, EPOLLIN | EPOLLONESHOT);
}

static int ring_fd(const struct gt_loop *L)
{
	return L->tr && L->tr->rec ? gt_openrec_fd(L->tr->rec) : -1;
}

/* The waker and what it watches; 0, or -errno. */
static int waker_start(struct gt_loop *L)
{
	struct itimerspec its = {{0, TICK_MS * 1000000L}, {0, TICK_MS * 1000000L}};
	sigset_t all, old;
	int e;

	L->epfd = epoll_create1(EPOLL_CLOEXEC);
	L->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (L->epfd < 0 || L->timerfd < 0 || pipe2(L->stopfd, O_CLOEXEC) < 0 ||
	    timerfd_settime(L->timerfd, 0, &its, NULL) < 0 ||
	    watch(L, L->timerfd, GT_LEV_TICK, EPOLL_CTL_ADD, EPOLLIN) < 0 ||
	    watch(L, L->stopfd[0], SRC_STOP, EPOLL_CTL_ADD, EPOLLIN) < 0 ||
	    watch(L, L->col ? L->col->fd : -1, GT_LEV_SHIM, EPOLL_CTL_ADD, EPOLLIN | EPOLLONESHOT) < 0 ||
	    watch(L, ring_fd(L), GT_LEV_RECORDS, EPOLL_CTL_ADD, EPOLLIN | EPOLLONESHOT) < 0 ||
	    watch(L, L->tr ? L->tr->notify_fd : -1, GT_LEV_NOTIFY, EPOLL_CTL_ADD, EPOLLIN | EPOLLONESHOT) < 0)
		return -errno;
	L->notify_watched = L->tr && L->tr->notify_fd >= 0;
	/* signals are for the main thread, which forwards them */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&L->waker, NULL, waker, L);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	L->waker_running = e == 0;
	return -e;
}

static void waker_stop(struct gt_loop *L)
{
	if (L->waker_running && write(L->stopfd[1], "x", 1) == 1)
		pthread_join(L->waker, NULL);
	L->waker_running = 0;
	if (L->stopfd[0] >= 0) {
		close(L->stopfd[0]);
		close(L->stopfd[1]);
	}
	if (L->timerfd >= 0)
		close(L->timerfd);
	if (L->epfd >= 0)
		close(L->epfd);
	L->epfd = L->timerfd = L->stopfd[0] = L->stopfd[1] = -1;
}

/*
 * Write what happened before now and is not written yet: the shim's
 * datagrams (SHIM: when the event that follows may be a process's with
 * the shim), each after the recorder's records made before it, then the
 * records made before the queue was looked at. With the recorder the
 * queue is always emptied first: a record may follow a datagram of its
 * process. A record made since stays for the next round, after the
 * datagram it may follow.
 */
static void drain(struct gt_loop *L, int shim)
{
	int rec = L->tr && L->tr->rec;
	uint64_t now = gt_mono_ns();
	struct gt_collect_msg m;

	if (L->col && (shim || rec))
		while (gt_collect_recv(L->col, &m)) {
			if (rec)
				gt_tracer_records(L->tr, m.mono_ns);
			if (!gt_collect_put(L->col, m.b, m.len, m.pid))
				L->col->dropped++;
		}
	if (rec)
		gt_tracer_records(L->tr, now);
}

void gt_loop_drain(struct gt_loop *L)
{
	drain(L, 1);
}

/* The next event: what the waker marked first, else the next task status waitpid gives. */
static void next_event(struct gt_loop *L, struct gt_lev_ev *ev, int *todo)
{
	for (;;) {
		if (*todo) {
			ev->kind = (enum gt_lev)__builtin_ctz((unsigned)*todo);
			*todo &= *todo - 1;
			return;
		}
		if (L->tr && L->tr->nback)
			gt_tracer_interrupt_back(L->tr);
		__atomic_store_n(&L->idle, 1, __ATOMIC_SEQ_CST);
		*todo = __atomic_exchange_n(&L->pending, 0, __ATOMIC_SEQ_CST);
		if (*todo) {
			__atomic_store_n(&L->idle, 0, __ATOMIC_SEQ_CST);
			continue;
		}
		/* the wake-up, and signals to forward, may end waitpid only: another call would fail with EINTR */
		pthread_sigmask(SIG_SETMASK, &L->wait_mask, NULL);
		ev->tid = waitpid(L->tr ? -1 : L->root, &ev->status, L->tr ? __WALL : 0);
		pthread_sigmask(SIG_SETMASK, &L->work_mask, NULL);
		__atomic_store_n(&L->idle, 0, __ATOMIC_SEQ_CST);
		if (ev->tid >= 0) {
			ev->kind = L->tr ? GT_LEV_STATUS : GT_LEV_END;
			if (!L->tr)
				L->root_status = ev->status;
			return;
		}
		if (errno == EINTR)
			continue;
		ev->kind = errno == ECHILD ? GT_LEV_END : GT_LEV_ERROR;
		return;
	}
}

/* 100 ms passed: the ring, the trace on disk every 250 ms, and the watchdog. */
static void tick(struct gt_loop *L)
{
	uint64_t now = gt_mono_ns();

	drain(L, 1);
	if (now - L->flushed_ns >= FLUSH_MS * 1000000ull) {
		gt_trace_tick(L->trace);
		L->flushed_ns = now;
	}
	if (L->st)
		gt_stall_tick(L->st);
	/* a notification the waker was not told of (a re-arm that failed) would wait for ever */
	if (L->notify_watched)
		rearm(L, L->tr->notify_fd, GT_LEV_NOTIFY);
}

/* Handle EV; 1 when the run is over. */
static int dispatch(struct gt_loop *L, const struct gt_lev_ev *ev)
{
	switch (ev->kind) {
	case GT_LEV_STATUS:
		/* what the task did before this stop goes first */
		drain(L, !gt_tracer_static(L->tr, ev->tid));
		gt_tracer_status(L->tr, ev->tid, ev->status);
		return 0;
	case GT_LEV_SHIM:
		drain(L, 1);
		rearm(L, L->col->fd, GT_LEV_SHIM);
		return 0;
	case GT_LEV_RECORDS:
		drain(L, 1);
		rearm(L, ring_fd(L), GT_LEV_RECORDS);
		return 0;
	case GT_LEV_NOTIFY:
		if (!L->notify_watched)
			return 0;
		drain(L, 1);
		if (gt_tracer_notified(L->tr)) {
			rearm(L, L->tr->notify_fd, GT_LEV_NOTIFY);
		} else {
			L->notify_watched = 0; /* no process has the filter now */
			watch(L, L->tr->notify_fd, GT_LEV_NOTIFY, EPOLL_CTL_DEL, 0);
		}
		return 0;
	case GT_LEV_TICK:
		tick(L);
		return 0;
	case GT_LEV_ERROR:
		if (!__atomic_load_n(&L->waker_dead, __ATOMIC_SEQ_CST))
			break; /* waitpid's own */
		/* without it, a shim that fills the socket, a notification or --timeout would wait for ever */
		gt_sayf("the loop's watch of the shim, the recorder and the clock ended: stopping the command");
		kill(L->root, SIGKILL);
		__atomic_store_n(&L->waker_dead, 0, __ATOMIC_SEQ_CST);
		return 0;
	case GT_LEV_END:
	case GT_LEV_KINDS:
		break;
	}
	return 1;
}

/* The masks of loop.h: in waitpid, the entry mask without the wake-up; elsewhere, with it and the forwarded ones. */
static void masks(struct gt_loop *L)
{
	static const int fwd[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	size_t i;

	pthread_sigmask(SIG_SETMASK, NULL, &L->entry_mask);
	L->wait_mask = L->work_mask = L->entry_mask;
	sigdelset(&L->wait_mask, L->wake_sig);
	sigaddset(&L->work_mask, L->wake_sig);
	for (i = 0; i < GT_ARRAY_SIZE(fwd); i++)
		sigaddset(&L->work_mask, fwd[i]);
	pthread_sigmask(SIG_SETMASK, &L->work_mask, NULL);
}

int gt_loop_run(struct gt_loop *L)
{
	struct sigaction sa, old;
	struct gt_lev_ev ev;
	int todo = 0, e, rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake; /* no SA_RESTART: the signal ends waitpid */
	sigemptyset(&sa.sa_mask);
	L->wake_sig = SIGRTMIN;
	masks(L);
	L->main = pthread_self();
	L->epfd = L->timerfd = L->stopfd[0] = L->stopfd[1] = -1;
	L->flushed_ns = gt_mono_ns();
	sigaction(L->wake_sig, &sa, &old);
	if ((e = waker_start(L)) < 0) {
		/* without it, a shim that fills the socket, a notification or --timeout would wait for ever */
		if (!L->quiet)
			gt_sayf("cannot watch the shim, the recorder and the clock (%s): stopping the command", strerror(-e));
		kill(L->root, SIGKILL);
	}
	if (L->tr)
		gt_tracer_begin(L->tr);
	do
		next_event(L, &ev, &todo);
	while (!dispatch(L, &ev));
	rc = ev.kind == GT_LEV_ERROR ? -1 : 0;
	e = errno;
	waker_stop(L);
	/* a wake-up sent meanwhile is still pending: taken by the handler, before the old disposition is back */
	pthread_sigmask(SIG_SETMASK, &L->wait_mask, NULL);
	sigaction(L->wake_sig, &old, NULL);
	pthread_sigmask(SIG_SETMASK, &L->entry_mask, NULL);
	drain(L, 1);
	if (L->tr)
		gt_tracer_end(L->tr);
	errno = e;
	return rc;
}

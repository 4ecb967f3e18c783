/*
 * Opens answered through seccomp user notification: one wake-up of gotrace
 * instead of two ptrace stops for an openat that only reads.
 *
 * The filter (filter.c) sends x86_64's reading openat calls here. gotrace
 * walks the path itself (lookup.c, tr_walk: only when its walk is exactly
 * the tracee's), opens the file it found with the caller's flags and
 * installs that descriptor in the caller as the syscall's result
 * (SECCOMP_IOCTL_NOTIF_ADDFD with SECCOMP_ADDFD_FLAG_SEND: the kernel picks
 * the lowest free number in the caller's table, as openat would, or fails
 * with EMFILE, which is then the answer). A failed walk is answered with
 * its errno under the same conditions as at a ptrace entry stop.
 *
 * Everything else goes back to the kernel, which must then run the call
 * itself under ptrace, so the trace still gets its exact result: gotrace
 * interrupts the thread (PTRACE_INTERRUPT, when the run's loop, loop.c,
 * is about to wait again: it handles both on the tracer's thread; the
 * notification is dropped and the call will restart), lets it restart to its syscall-entry stop, sets
 * the mode argument to the run's force mark so the filter traps it with
 * SECCOMP_RET_TRACE, and puts the mode back at the call's exit stop (the
 * kernel ignores the mode of a call without O_CREAT or O_TMPFILE, and the
 * program finds its register as it left it). Not before: after a trace
 * stop the kernel runs the filter again, which must trap it again. Such a
 * call is never answered at its entry stop, so that exit stop comes. A
 * thread that takes a signal meanwhile restarts the call by itself and is
 * notified again.
 */
#include "tracer_int.h"

#include "../common/util.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/user.h>

/* Regular files, directories, and /dev/null, zero, full, random, urandom. */
static int plain_file(const struct statx *st)
{
	unsigned mi = st->stx_rdev_minor;

	if (S_ISREG(st->stx_mode) || S_ISDIR(st->stx_mode))
		return 1;
	return S_ISCHR(st->stx_mode) && st->stx_rdev_major == 1 && (mi == 3 || mi == 5 || mi == 7 || mi == 8 || mi == 9);
}

/*
 * The file at PATHFD opened with FLAGS, as the caller's openat would: the
 * permission check of the last step is made again on the same inode (the
 * walk already made the others). -1 when it cannot be done here.
 */
static int reopen(int pathfd, const struct statx *st, uint64_t flags)
{
	char self[64];

	/* tr_walk gives a descriptor on a local filesystem, or on proc for the files it knows */
	if (!plain_file(st))
		return -1;
	if (flags & O_PATH)
		return -1; /* SECCOMP_IOCTL_NOTIF_ADDFD takes no O_PATH descriptor (fget) */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pathfd);
	return open(self, (int)((flags & ~(uint64_t)(O_NOFOLLOW | O_CLOEXEC)) | O_CLOEXEC));
}

static int send_error(struct gt_tracer *T, uint64_t id, int err)
{
	struct seccomp_notif_resp resp = {.id = id, .error = -err};

	return ioctl(T->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* Hand the call back to the kernel under ptrace (the top comment says how). */
static void hand_back(struct gt_tracer *T, struct gt_tcb *t, const struct seccomp_notif *n)
{
	T->notify_back++;
	if (!t) {
		/* cannot happen: a thread is seen stopped before it runs; let the kernel run it */
		struct seccomp_notif_resp resp = {.id = n->id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE};
		ioctl(T->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		return;
	}
	memcpy(t->nf_args, n->data.args, sizeof(t->nf_args));
	t->nf = NF_WANT;
	/* interrupted by the loop before it waits again (gt_tracer_interrupt_back) */
	if (T->nback == T->back_cap) {
		T->back_cap = T->back_cap ? 2 * T->back_cap : 16;
		T->back = gt_xrealloc(T->back, T->back_cap * sizeof(*T->back));
	}
	T->back[T->nback] = t->tid;
	__atomic_store_n(&T->nback, T->nback + 1, __ATOMIC_RELEASE);
}

/* Answer one notification: the descriptor, an error, or back to the kernel. */
static void answer(struct gt_tracer *T, struct gt_tcb *t, const struct seccomp_notif *n)
{
	struct seccomp_notif_addfd add = {.id = n->id, .flags = SECCOMP_ADDFD_FLAG_SEND};
	struct statx st;
	long r;
	int fd;

	t->kind = GT_K_OPENAT;
	t->dirfd = (int)n->data.args[0];
	t->oflags = (uint32_t)n->data.args[2];
	tr_capture_path(t, n->data.args[1]);
	r = tr_lookup(T, t, &st);
	if (r == TR_NOT_EXACT || (r >= 0 && !tr_files_ok(T))) {
		if (r >= 0)
			close((int)r);
		hand_back(T, t, n);
		return;
	}
	if (r < 0) {
		/* the event is written before anything the process does once answered is read (loop.c) */
		if (send_error(T, n->id, (int)-r) == 0) {
			T->notify_answered++;
			tr_emit_open(T, t, r, 1);
		} else if (errno != ENOENT) {
			hand_back(T, t, n); /* not answered, and still waiting */
		}
		t->kind = GT_K_NONE;
		return;
	}
	fd = reopen((int)r, &st, t->oflags);
	close((int)r);
	if (fd < 0) {
		hand_back(T, t, n);
		return;
	}
	add.srcfd = (uint32_t)fd;
	add.newfd_flags = (uint32_t)(t->oflags & O_CLOEXEC);
	/* a signal to gotrace (one it forwards) withdraws the request before it was installed: make it again */
	while ((r = ioctl(T->notify_fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add)) < 0 && errno == EINTR)
		;
	if (r >= 0) {
		T->notify_answered++;
		tr_emit_open(T, t, r, 0);
	} else if (errno == EMFILE && send_error(T, n->id, EMFILE) == 0) {
		/* no free number in its table at that moment: openat's own answer */
		T->notify_answered++;
		tr_emit_open(T, t, -EMFILE, 1);
	} else if (errno != ENOENT) {
		hand_back(T, t, n); /* not answered, and still waiting */
	}
	/* else the notification is gone: a signal came, and the call will be made again */
	close(fd);
	t->kind = GT_K_NONE;
}

static void notified(struct gt_tracer *T)
{
	struct seccomp_notif *n = T->notify_buf;
	struct gt_tcb *t;

	memset(n, 0, T->notify_size);
	if (ioctl(T->notify_fd, SECCOMP_IOCTL_NOTIF_RECV, n) < 0)
		return; /* ENOENT: the caller was interrupted before it was read */
	t = gt_tcb_find((pid_t)n->pid);
	if (t && t->nf == NF_INTERRUPTED)
		t->nf = NF_NONE; /* the call it was interrupted in was made again: this one */
	if (!t || !t->proc || t->nf != NF_NONE || n->data.arch != AUDIT_ARCH_X86_64 ||
	    n->data.nr != __NR_openat)
		hand_back(T, t, n);
	else
		answer(T, t, n);
}

static int args_match(const struct user_regs_struct *r, const struct gt_tcb *t)
{
	return r->orig_rax == __NR_openat && r->rdi == t->nf_args[0] && r->rsi == t->nf_args[1] &&
	       r->rdx == t->nf_args[2] && r->r10 == t->nf_args[3];
}

int tr_notify_on_stop(struct gt_tracer *T, struct gt_tcb *t, int sig, int event)
{
	struct user_regs_struct r;
	int state = t->nf;

	if (state == NF_NONE || state == NF_WANT)
		return 0; /* NF_WANT: the interrupt is still to be sent */
	if (state == NF_INTERRUPTED) {
		/* only the interrupt's own stop; a signal's stop comes first, as usual */
		if (event != PTRACE_EVENT_STOP || sig != SIGTRAP)
			return 0;
		t->nf = NF_NONE;
		if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0 || !args_match(&r, t) ||
		    (int64_t)r.rax < -ERESTART_LAST || (int64_t)r.rax > -ERESTART_FIRST)
			return 0; /* stopped elsewhere: the call ended or will be notified again */
		t->nf = NF_RESTART;
		tr_resume(t->tid, PTRACE_SYSCALL, 0);
		return 1;
	}
	if (state == NF_FORCED || state == NF_EXIT) {
		/* its seccomp stop, then its exit stop: the program gets its own mode back */
		if (state == NF_FORCED && event == PTRACE_EVENT_SECCOMP) {
			t->nf = NF_EXIT;
		} else if (state == NF_EXIT && sig == (SIGTRAP | 0x80)) {
			ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user, regs.r10), (long)t->nf_args[3]);
			t->nf = NF_NONE;
		}
		return 0;
	}
	t->nf = NF_NONE;
	if (state == NF_RESTART) {
		if (sig != (SIGTRAP | 0x80) || ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0 || !args_match(&r, t))
			return 0;
		r.r10 = T->force_mark;
		if (ptrace(PTRACE_SETREGS, t->tid, 0, &r) < 0)
			return 0;
		t->nf = NF_FORCED;
		tr_cont(t, 0);
		return 1;
	}
	return 0;
}

void tr_notify_init(struct gt_tracer *T)
{
	struct seccomp_notif_sizes sz = {0};

	/* the kernel's struct may be larger than this header's: RECV writes all of it */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		sz.seccomp_notif = 4096;
	T->notify_size = sz.seccomp_notif > sizeof(struct seccomp_notif) ? sz.seccomp_notif :
		sizeof(struct seccomp_notif);
	T->notify_buf = gt_xcalloc(1, T->notify_size);
}

/*
 * A notification is waiting (the loop's GT_LEV_NOTIFY): answer it, or
 * hand it back (the loop interrupts those threads before it waits again:
 * gt_tracer_interrupt_back). 0 when no process carries the filter any more.
 */
int gt_tracer_notified(struct gt_tracer *T)
{
	struct pollfd pf = {.fd = T->notify_fd, .events = POLLIN};

	if (poll(&pf, 1, 0) < 0)
		return 1;
	if (pf.revents & POLLIN)
		notified(T);
	/* POLLERR alone: a signal interrupted the listener's lock, not its end */
	return !(pf.revents & (POLLHUP | POLLNVAL)) || (pf.revents & POLLIN);
}

/* Interrupt the threads handed back (the tracer's thread, the only one that may). */
void tr_notify_interrupt(struct gt_tracer *T)
{
	size_t i;

	for (i = 0; i < T->nback; i++) {
		struct gt_tcb *t = gt_tcb_find(T->back[i]);
		if (t && t->nf == NF_WANT) {
			t->nf = NF_INTERRUPTED;
			if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0)
				t->nf = NF_NONE; /* gone: its exit follows */
		}
	}
	T->nback = 0;
}

void gt_tracer_interrupt_back(struct gt_tracer *T)
{
	tr_notify_interrupt(T);
}

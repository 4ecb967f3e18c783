/*
 * Failed lookups answered at the entry stop: one stop instead of two for an
 * open whose path does not exist, given only when the answer is exactly
 * the kernel's (docs/facts.md, "The order in which open checks its
 * arguments").
 */
#include "tracer_int.h"

#include "../common/util.h"

#include <linux/openat2.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <time.h>

/*
 * What decides the outcome of a path lookup for PID: its credentials
 * (Uid, Gid, Groups, CapEff), its root and its mount namespace. Written to
 * OUT as one string; 0 on success.
 */
int tr_view_of(pid_t pid, char *out, size_t size)
{
	char path[64], line[512], root[8];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) ||
		    !strncmp(line, "Groups:", 7) || !strncmp(line, "CapEff:", 7)) {
			size_t l = strlen(line);
			if (len + l >= size) {
				fclose(f);
				return -1;
			}
			memcpy(out + len, line, l);
			len += l;
		}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/root", pid);
	n = readlink(path, root, sizeof(root));
	if (n != 1 || root[0] != '/')
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	if (stat(path, &st) < 0)
		return -1;
	snprintf(out + len, size - len, "mnt:%lu\n", (unsigned long)st.st_ino);
	return 0;
}

int tr_same_view(struct gt_tracer *T, pid_t pid)
{
	char v[sizeof(T->self_view)];

	return T->self_view[0] && tr_view_of(pid, v, sizeof(v)) == 0 && !strcmp(v, T->self_view);
}

/*
 * Whether the open about to run can be sure of a free descriptor: the
 * kernel takes one (EMFILE when every number below RLIMIT_NOFILE is in use)
 * and a struct file (ENFILE, for a process without CAP_SYS_ADMIN, when the
 * system holds fs.file-max) before it walks the path. Fewer descriptors
 * open than the limit means a free number below it (the count is the size
 * of /proc/PID/fd where the kernel gives it, else the entries listed). The system-wide count
 * is read at most every 100 ms and must be under half the maximum.
 */
static int room_for_a_file(struct gt_tracer *T, pid_t tid)
{
	struct rlimit rl;
	struct stat st;
	uint64_t now, count = 0;
	char path[64], dents[4096];
	long n = -1;
	int dfd;

	now = gt_mono_ns();
	if (!T->files_checked_ns || now - T->files_checked_ns > 100000000u) {
		unsigned long long nr = 0, unused = 0, max = 0;
		FILE *f = fopen("/proc/sys/fs/file-nr", "re");
		T->files_ok = f && fscanf(f, "%llu %llu %llu", &nr, &unused, &max) == 3 && nr < max / 2;
		if (f)
			fclose(f);
		T->files_checked_ns = now;
	}
	if (!T->files_ok || prlimit(tid, RLIMIT_NOFILE, NULL, &rl) < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", tid);
	/* since Linux 6.2 the size of /proc/PID/fd is the number of open descriptors */
	if (T->fdsize_is_count < 0)
		T->fdsize_is_count = stat("/proc/self/fd", &st) == 0 && st.st_size > 0;
	if (T->fdsize_is_count)
		return stat(path, &st) == 0 && (uint64_t)st.st_size < rl.rlim_cur;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	while (count < rl.rlim_cur && (n = syscall(SYS_getdents64, dfd, dents, sizeof(dents))) > 0) {
		long off = 0;
		while (off < n) {
			const struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (const void *)(dents + off);
			if (d->name[0] != '.')
				count++;
			off += d->reclen;
		}
	}
	close(dfd);
	return n == 0 && count < rl.rlim_cur;
}

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

static long open_path(int dirfd, const char *path, uint64_t flags)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC | flags, .resolve = RESOLVE_NO_MAGICLINKS};

	return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* Whether FD is on a proc filesystem, or cannot be told (-1 for both). */
static int on_proc(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) < 0 || sf.f_type == PROC_SUPER_MAGIC;
}

/* Whether T's path has a ".." component. */
static int has_dotdot(const struct gt_tcb *t)
{
	const char *p = t->path;

	while ((p = strstr(p, "..")) != NULL) {
		if ((p == t->path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			return 1;
		p += 2;
	}
	return 0;
}

/*
 * After a failed walk: whether ENOENT or ENOTDIR was decided outside /proc.
 * The walk stopped at the last part of the path that exists: it must not
 * be a symlink (followed for the tracee, its target could be
 * /proc/self/...) nor be in /proc.
 */
static int failed_outside_proc(int base, const struct gt_tcb *t)
{
	char s[sizeof(t->path)];
	size_t n = t->pathlen;
	struct stat st;
	char *slash;
	long fd;
	int ok;

	memcpy(s, t->path, n + 1);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	/* the path, then each parent, until one exists (not followed if a symlink) */
	while ((fd = open_path(base, s, O_NOFOLLOW)) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return 0;
		slash = strrchr(s, '/');
		if (!slash || slash == s)
			return 1; /* missing in the base, checked by the caller, or in the root */
		*slash = '\0';
	}
	ok = fstat((int)fd, &st) == 0 && !S_ISLNK(st.st_mode) && !on_proc((int)fd);
	close((int)fd);
	return ok;
}

/*
 * Walk T's path as the kernel will for the tracee, when gotrace can do it
 * exactly: same_view guarantees the same credentials, root and mount
 * namespace, so the walk gives the same file or the same error, except in
 * /proc, whose self and thread-self name gotrace there, and whose fd, cwd
 * and root links are gotrace's own. So: no magic links (ELOOP, not
 * answered), no ".." (the way back out of /proc/self), no result on /proc,
 * and a failure must have happened outside /proc. Relative paths start at
 * the tracee's cwd or dirfd. Returns an O_PATH descriptor of the file, or
 * -ENOENT / -ENOTDIR when that is exactly the walk's outcome, or
 * TR_NOT_EXACT.
 */
long tr_walk(struct gt_tcb *t)
{
	char link[64];
	int base = AT_FDCWD, err;
	long fd;

	if (!t->proc->same_view || t->pathtrunc || t->pathlen == 0 || t->kind == GT_K_OPENAT2 ||
	    (t->oflags & (O_CREAT | __O_TMPFILE)) || has_dotdot(t))
		return TR_NOT_EXACT;
	if (t->path[0] != '/') {
		if (t->dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", t->tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", t->tid, t->dirfd);
		base = open(link, O_PATH | O_CLOEXEC);
		if (base < 0)
			return TR_NOT_EXACT; /* not an open descriptor: EBADF, the kernel says it */
		if (on_proc(base)) {
			close(base);
			return TR_NOT_EXACT;
		}
	}
	fd = open_path(base, t->path, t->oflags & (O_NOFOLLOW | O_DIRECTORY));
	err = errno;
	if (fd >= 0 && on_proc((int)fd)) {
		close((int)fd);
		fd = TR_NOT_EXACT;
	} else if (fd < 0) {
		fd = (err == ENOENT || err == ENOTDIR) && failed_outside_proc(base, t) ? -err : TR_NOT_EXACT;
	}
	if (base >= 0)
		close(base);
	return fd;
}

/*
 * At the entry of an open that cannot create anything, look the path up
 * ourselves (tr_walk). A missing component (ENOENT, ENOTDIR) depends only
 * on the directory tree and the searcher's view: that answer is the one the
 * kernel would give the tracee now. The kernel checks other things first,
 * in this order (fs/open.c, fs/namei.c): the flags (only with O_CREAT or
 * O_TMPFILE for open and openat, which are never answered; openat2 never
 * is), the path pointer, an empty or too long path (the string could not
 * be read whole: not answered), a free descriptor and a free struct file
 * (room_for_a_file), the dirfd of a relative path (EBADF when it is not
 * open: not answered; not a directory gives ENOTDIR, as the walk from it
 * does), then each component (ENAMETOOLONG, EACCES, ELOOP: not answered).
 * Returns the errno to answer with, or 0 to let the syscall run.
 */
int tr_lookup_fails(struct gt_tracer *T, struct gt_tcb *t)
{
	long r = tr_walk(t);

	if (r >= 0) {
		close((int)r);
		return 0;
	}
	if (r == TR_NOT_EXACT)
		return 0;
	return room_for_a_file(T, t->tid) ? (int)-r : 0;
}

/* Skip the syscall at its seccomp stop and make it return -ERR. */
int tr_answer(struct gt_tcb *t, int err)
{
	if (ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user, regs.orig_rax), -1L) < 0)
		return -1;
	if (ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user, regs.rax), (long)-err) < 0)
		return -1;
	return 0;
}

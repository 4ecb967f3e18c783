/*
 * Failed lookups answered at the entry stop: one stop instead of two for an
 * open whose path does not exist, given only when the answer is exactly
 * the kernel's (docs/facts.md, "The order in which open checks its
 * arguments").
 */
#include "tracer_int.h"

#include "../common/util.h"

#include <sys/resource.h>
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

/*
 * At the entry of an open that cannot create anything, look the path up
 * ourselves. A missing component (ENOENT, ENOTDIR) depends only on the
 * directory tree and the searcher's credentials, root and mount namespace,
 * which same_view guarantees are the tracee's: that answer is the one the
 * kernel would give the tracee now. The kernel checks other things first,
 * in this order (fs/open.c, fs/namei.c): the flags (only with O_CREAT or
 * O_TMPFILE for open and openat, which are never answered; openat2 never
 * is), the path pointer, an empty or too long path (the string could not
 * be read whole: not answered), a free descriptor and a free struct file
 * (room_for_a_file), the dirfd of a relative path (EBADF when it is not
 * open: not answered; not a directory gives ENOTDIR, as the lookup through
 * /proc does), then each component (ENAMETOOLONG, EACCES, ELOOP: not
 * answered). Returns the errno to answer with, or 0 to let the syscall run.
 */
int tr_lookup_fails(struct gt_tracer *T, struct gt_tcb *t)
{
	char full[PATH_MAX + 64];
	const char *p = t->path;
	struct stat st;
	int n = 0, err;

	if (!t->proc->same_view || t->pathtrunc || t->pathlen == 0 || t->kind == GT_K_OPENAT2 ||
	    (t->oflags & (O_CREAT | __O_TMPFILE)))
		return 0;
	/* relative paths through the tracee's own cwd or dirfd, as the kernel walks them */
	if (t->path[0] != '/') {
		if (t->dirfd == AT_FDCWD) {
			n = snprintf(full, sizeof(full), "/proc/%d/cwd/%s", t->tid, t->path);
		} else {
			char fdlink[64];
			snprintf(fdlink, sizeof(fdlink), "/proc/%d/fd/%d", t->tid, t->dirfd);
			if (lstat(fdlink, &st) < 0)
				return 0; /* not an open descriptor: EBADF, the kernel says it */
			n = snprintf(full, sizeof(full), "%s/%s", fdlink, t->path);
		}
		p = full;
	}
	if (n < 0 || (size_t)n >= sizeof(full))
		return 0;
	if (fstatat(AT_FDCWD, p, &st, (t->oflags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) == 0)
		return 0;
	err = errno;
	if (err != ENOENT && err != ENOTDIR)
		return 0;
	return room_for_a_file(T, t->tid) ? err : 0;
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

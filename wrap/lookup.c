/*
 * Failed lookups answered at the entry stop: one stop instead of two for an
 * open whose path does not exist, given only when the answer is exactly
 * the kernel's (docs/facts.md, "The order in which open checks its
 * arguments").
 */
#include "tracer_int.h"

#include "../common/util.h"

#include <linux/openat2.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <time.h>

/* PID's security label (AppArmor, SELinux, Smack) as /proc says it, or why not, into OUT. */
static void lsm_label(pid_t pid, const char *file, char *out, size_t size)
{
	char path[64];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/attr/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, out, size - 1);
		close(fd);
	}
	if (n < 0)
		snprintf(out, size, "-%d", errno); /* no such LSM: the same for every process */
	else
		out[n] = '\0';
}

/*
 * What decides the outcome of a path lookup for PID: its credentials
 * (Uid, Gid, Groups, CapEff), its root, its mount namespace and its
 * security label. Written to OUT as one string; 0 on success.
 */
int tr_view_of(pid_t pid, char *out, size_t size)
{
	char path[64], line[512], root[8], label[256];
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
	len += (size_t)snprintf(out + len, size - len, "mnt:%lu\n", (unsigned long)st.st_ino);
	if (len >= size)
		return -1;
	lsm_label(pid, "current", label, sizeof(label));
	len += (size_t)snprintf(out + len, size - len, "lsm:%s\n", label);
	if (len >= size)
		return -1;
	lsm_label(pid, "apparmor/current", label, sizeof(label));
	len += (size_t)snprintf(out + len, size - len, "apparmor:%s\n", label);
	return len < size ? 0 : -1;
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
int tr_files_ok(struct gt_tracer *T)
{
	uint64_t now = gt_mono_ns();

	if (!T->files_checked_ns || now - T->files_checked_ns > 100000000u) {
		unsigned long long nr = 0, unused = 0, max = 0;
		FILE *f = fopen("/proc/sys/fs/file-nr", "re");
		T->files_ok = f && fscanf(f, "%llu %llu %llu", &nr, &unused, &max) == 3 && nr < max / 2;
		if (f)
			fclose(f);
		T->files_checked_ns = now;
	}
	return T->files_ok;
}

static int room_for_a_file(struct gt_tracer *T, pid_t tid)
{
	struct rlimit rl;
	struct stat st;
	uint64_t count = 0;
	char path[64], dents[4096];
	long n = -1;
	int dfd;

	if (!tr_files_ok(T) || prlimit(tid, RLIMIT_NOFILE, NULL, &rl) < 0)
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

/* the kernel's own O_TMPFILE bit (glibc's __O_TMPFILE adds O_DIRECTORY) */
#define KERNEL_O_TMPFILE_BIT 020000000

/*
 * An O_PATH walk. gotrace walks while the tracee waits, and a filesystem
 * served by a process (FUSE) may be served by a tracee waiting for gotrace;
 * a network one may not answer. Where such a filesystem is mounted, the
 * walk is made with RESOLVE_CACHED: EAGAIN (not answered) rather than
 * asking any filesystem. tr_walk looks at the mount table first.
 */
static long open_path(struct gt_tracer *T, int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC | flags, .resolve = resolve};

	if (T->mounts_hazard)
		how.resolve |= RESOLVE_CACHED;
	return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* Filesystems served by a process or over a network. */
static int served_fs(const char *type)
{
	static const char *const served[] = {"fuse", "nfs", "cifs", "smb", "9p", "ceph", "afs", "autofs", "virtiofs",
					     "glusterfs", "lustre", "gfs2", "ocfs2", "coda", "orangefs", "vboxsf"};
	size_t i;

	for (i = 0; i < GT_ARRAY_SIZE(served); i++)
		if (!strncmp(type, served[i], strlen(served[i])))
			return 1;
	return 0;
}

static int fs_kind(const char *type)
{
	static const char *const local[] = {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "devtmpfs", "ramfs",
					    "overlay", "squashfs", "f2fs", "erofs", "sysfs", "cgroup", "cgroup2"};
	size_t i;

	if (!strcmp(type, "proc"))
		return TR_FS_PROC;
	for (i = 0; i < GT_ARRAY_SIZE(local); i++)
		if (!strcmp(type, local[i]))
			return TR_FS_LOCAL;
	return TR_FS_OTHER;
}

/* gotrace's mount table (same_view: the tracee's too), by mount id */
void tr_read_mounts(struct gt_tracer *T)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, type[64];
	unsigned long long id;
	size_t cap = 0;
	const char *sep;

	T->nmounts = 0;
	T->mounts_hazard = !f; /* unknown: as if there were one */
	while (f && getline(&line, &cap, f) > 0) {
		if (sscanf(line, "%llu", &id) != 1 || !(sep = strstr(line, " - ")) ||
		    sscanf(sep + 3, "%63s", type) != 1)
			continue;
		if (T->nmounts == T->mounts_cap) {
			T->mounts_cap = T->mounts_cap ? 2 * T->mounts_cap : 64;
			T->mounts = gt_xrealloc(T->mounts, T->mounts_cap * sizeof(*T->mounts));
		}
		T->mounts_hazard |= served_fs(type);
		T->mounts[T->nmounts].id = id;
		T->mounts[T->nmounts++].kind = fs_kind(type);
	}
	free(line);
	if (f)
		fclose(f);
}

/*
 * The mount table as of now: a mount made before the call being answered
 * (by any process) has raised POLLPRI on /proc/self/mountinfo by then.
 * Unwatched, the table is as if a served filesystem were there.
 */
static void mounts_now(struct gt_tracer *T)
{
	struct pollfd pf;

	if (!T->mounts_watch) {
		T->mounts_watch = 1;
		T->mountinfo_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
		tr_read_mounts(T);
	}
	if (T->mountinfo_fd < 0) {
		T->mounts_hazard = 1;
		return;
	}
	pf = (struct pollfd){.fd = T->mountinfo_fd, .events = POLLPRI};
	if (poll(&pf, 1, 0) > 0)
		tr_read_mounts(T);
}

static int kind_of_mount(struct gt_tracer *T, uint64_t id)
{
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < T->nmounts; i++)
			if (T->mounts[i].id == id)
				return T->mounts[i].kind;
		tr_read_mounts(T); /* a mount made since */
	}
	return TR_FS_OTHER;
}

int tr_fs_of(struct gt_tracer *T, int fd, struct statx *st)
{
	if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE | STATX_MODE | STATX_MNT_ID, st) < 0 ||
	    !(st->stx_mask & STATX_MNT_ID))
		return TR_FS_OTHER;
	return kind_of_mount(T, st->stx_mnt_id);
}

/* Whether FD is on procfs or where gotrace cannot tell. */
static int on_proc(struct gt_tracer *T, int fd)
{
	struct statx st;

	return tr_fs_of(T, fd, &st) != TR_FS_LOCAL;
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
 * After a failed walk: whether ENOENT or ENOTDIR (ERR) was decided outside
 * /proc. Either a walk that follows no symlink fails the same way (then
 * no magic link was on the way, and a literal /proc/PID path is the same
 * for every walker with the tracee's view), or the walk stopped at the
 * last part of the path that exists, which must not be a symlink (followed
 * for the tracee, its target could be /proc/self/...) nor be in /proc.
 */
static int failed_outside_proc(struct gt_tracer *T, int base, const struct gt_tcb *t, int err)
{
	char s[sizeof(t->path)];
	size_t n = t->pathlen;
	struct statx st;
	char *slash;
	long fd;
	int ok;

	/* most often: the same failure on a walk that follows no symlink at all, so none to /proc */
	fd = open_path(T, base, t->path, t->oflags & O_DIRECTORY, RESOLVE_NO_SYMLINKS);
	if (fd >= 0) {
		close((int)fd);
		return 0; /* it exists now: changed under us */
	}
	if (errno == err)
		return 1;
	if (errno != ELOOP)
		return 0;
	memcpy(s, t->path, n + 1);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	/* the path, then each parent, until one exists (not followed if a symlink) */
	while ((fd = open_path(T, base, s, O_NOFOLLOW, RESOLVE_NO_MAGICLINKS)) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return 0;
		slash = strrchr(s, '/');
		if (!slash || slash == s)
			return 1; /* missing in the base, checked by the caller, or in the root */
		*slash = '\0';
	}
	ok = tr_fs_of(T, (int)fd, &st) == TR_FS_LOCAL && !S_ISLNK(st.stx_mode);
	close((int)fd);
	return ok;
}

/*
 * /proc/self/NAME and /proc/thread-self/NAME, for a NAME whose file shows
 * the process it belongs to whoever opens it (the go runtime reads
 * mountinfo and cgroup at start): the same file under the tracee's own
 * numbers, in ALT. 1 if rewritten.
 */
static int proc_self_file(const struct gt_tcb *t, char *alt, size_t size)
{
	static const char *const names[] = {"auxv", "cgroup", "cmdline", "comm", "environ", "limits", "maps",
					    "mountinfo", "mounts", "stat", "statm", "status"};
	const char *name;
	size_t i;

	if (!strncmp(t->path, "/proc/self/", 11))
		name = t->path + 11;
	else if (!strncmp(t->path, "/proc/thread-self/", 18))
		name = t->path + 18;
	else
		return 0;
	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			break;
	if (i == GT_ARRAY_SIZE(names))
		return 0;
	if (name == t->path + 11)
		snprintf(alt, size, "/proc/%d/%s", t->proc->pid, name);
	else
		snprintf(alt, size, "/proc/%d/task/%d/%s", t->proc->pid, t->tid, name);
	return 1;
}

/*
 * Walk T's path as the kernel will for the tracee, when gotrace can do it
 * exactly: same_view guarantees the same credentials, root and mount
 * namespace, so the walk gives the same file or the same error, except in
 * /proc, whose self and thread-self name gotrace there, and whose fd, cwd
 * and root links are gotrace's own. So: no magic links (ELOOP, not
 * answered), no ".." (the way back out of /proc/self), no result on /proc,
 * and a failure must have happened outside /proc; only the files of
 * proc_self_file are opened there, under the tracee's own numbers.
 * Relative paths start at the tracee's cwd or dirfd. Returns an O_PATH descriptor of the file, or
 * -ENOENT / -ENOTDIR when that is exactly the walk's outcome, or
 * TR_NOT_EXACT.
 */
long tr_walk(struct gt_tracer *T, struct gt_tcb *t, struct statx *st)
{
	char link[64], alt[96];
	int base = AT_FDCWD, err, self;
	long fd;

	if (!t->proc->same_view || t->pathtrunc || t->pathlen == 0 || t->kind == GT_K_OPENAT2 ||
	    (t->oflags & (O_CREAT | KERNEL_O_TMPFILE_BIT)) || has_dotdot(t))
		return TR_NOT_EXACT;
	mounts_now(T);
	if (t->path[0] != '/') {
		if (t->dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", t->tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", t->tid, t->dirfd);
		base = (int)open_path(T, AT_FDCWD, link, 0, 0);
		if (base < 0)
			return TR_NOT_EXACT; /* not an open descriptor: EBADF, the kernel says it */
		if (on_proc(T, base)) {
			close(base);
			return TR_NOT_EXACT;
		}
	}
	self = proc_self_file(t, alt, sizeof(alt));
	fd = open_path(T, base, self ? alt : t->path, t->oflags & (O_NOFOLLOW | O_DIRECTORY), RESOLVE_NO_MAGICLINKS);
	err = errno;
	if (fd >= 0 && tr_fs_of(T, (int)fd, st) != (self ? TR_FS_PROC : TR_FS_LOCAL)) {
		close((int)fd);
		fd = TR_NOT_EXACT;
	} else if (fd < 0 && self) {
		fd = TR_NOT_EXACT;
	} else if (fd < 0) {
		fd = (err == ENOENT || err == ENOTDIR) && failed_outside_proc(T, base, t, err) ? -err : TR_NOT_EXACT;
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
 * tr_lookup returns tr_walk's descriptor, or -errno when that is the answer
 * and a descriptor is sure to be free, or TR_NOT_EXACT; tr_lookup_fails
 * the errno to answer with, or 0 to let the syscall run.
 */
long tr_lookup(struct gt_tracer *T, struct gt_tcb *t, struct statx *st)
{
	long r = tr_walk(T, t, st);

	if (r >= 0 || r == TR_NOT_EXACT)
		return r;
	return room_for_a_file(T, t->tid) ? r : TR_NOT_EXACT;
}

int tr_lookup_fails(struct gt_tracer *T, struct gt_tcb *t)
{
	struct statx st;
	struct stat sb;
	long r;

	/*
	 * Most trapped opens succeed: one fstatat finds the file and nothing is
	 * answered (were gotrace's view of it wrong, the kernel answers anyway).
	 */
	if (t->pathlen && t->path[0] == '/' && !t->pathtrunc && fstatat(AT_FDCWD, t->path, &sb, 0) == 0)
		return 0;
	r = tr_lookup(T, t, &st);
	if (r >= 0)
		close((int)r);
	return r >= 0 || r == TR_NOT_EXACT ? 0 : (int)-r;
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

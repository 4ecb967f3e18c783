/*
 * Opens whose lookup fails in different ways, each printing what the
 * program got. Run in a directory prepared by the test (a file "f", a
 * dangling symlink "dangling", a directory "d", a symlink "procfd" to
 * /proc/self/fd/77). gotrace answers some
 * failed lookups itself; the program must not be able to tell.
 *
 * Checked by tests/e2e/t_progs.sh ("failed lookups"): the same lines
 * traced and untraced, the trace agreeing, some answered at entry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try(const char *label, int dirfd, const char *path, int flags)
{
	int fd = openat(dirfd, path, flags, 0600);

	printf("%s: %s\n", label, fd >= 0 ? "ok" : strerrorname_np(errno));
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	int d = open("d", O_RDONLY | O_DIRECTORY);

	try("absolute missing", AT_FDCWD, "/gotrace-no-such-dir/x", O_RDONLY);
	try("relative missing", AT_FDCWD, "missing", O_RDONLY);
	try("through a file", AT_FDCWD, "f/x", O_RDONLY);
	try("dirfd missing", d, "missing", O_RDONLY);
	try("dirfd dotdot to file", d, "../f", O_RDONLY);
	try("dangling symlink", AT_FDCWD, "dangling", O_RDONLY);
	try("dangling symlink nofollow", AT_FDCWD, "dangling", O_RDONLY | O_NOFOLLOW);
	try("creat in missing dir", AT_FDCWD, "nodir/new", O_WRONLY | O_CREAT);
	try("creat new", AT_FDCWD, "created", O_WRONLY | O_CREAT);
	try("empty path", AT_FDCWD, "", O_RDONLY);
	try("directory for writing", AT_FDCWD, "d", O_WRONLY);
	/*
	 * Through /proc: /dev/fd/77 and /proc/self/fd/77 name this program's
	 * descriptor 77 (gotrace has none), and "procfd" is a symlink to the
	 * latter: found here, whatever gotrace would find for itself.
	 */
	if (dup2(d, 77) == 77) {
		try("/dev/fd of ours", AT_FDCWD, "/dev/fd/77", O_RDONLY);
		try("/proc/self/fd of ours", AT_FDCWD, "/proc/self/fd/77/../f", O_RDONLY);
		try("symlink to /proc/self/fd", AT_FDCWD, "procfd", O_RDONLY);
		try("missing under /dev/fd of ours", AT_FDCWD, "/dev/fd/77/missing3", O_RDONLY);
		try("under a symlink to /proc/self/fd", AT_FDCWD, "procfd/f", O_RDONLY);
		close(77);
		try("/dev/fd closed", AT_FDCWD, "/dev/fd/77", O_RDONLY);
	}
	/* same credentials, but the process said it changes them: no more answers */
	if (setresuid(getuid(), geteuid(), -1) == 0)
		try("after setresuid", AT_FDCWD, "missing2", O_RDONLY);
	return 0;
}
